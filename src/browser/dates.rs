//! Instants written for the visitor: in the widget's language and the visitor's time zone,
//! by `Intl`.

use crate::browser::intl;

/// A day, e.g. “Tuesday 3 March” (`en-GB`) or “tirsdag 3. mars” (`nb`).
pub fn day(ms: i64, locale: Option<&str>) -> String {
    format(ms, locale, &[("weekday", "long"), ("day", "numeric"), ("month", "long")])
}

/// A day and time, e.g. “Wednesday 4 March at 11:00”.
pub fn day_and_time(ms: i64, locale: Option<&str>) -> String {
    format(
        ms,
        locale,
        &[("weekday", "long"), ("day", "numeric"), ("month", "long"), ("hour", "numeric"), ("minute", "2-digit")],
    )
}

fn format(ms: i64, locale: Option<&str>, options: &[(&str, &str)]) -> String {
    // A locale the engine refuses falls back to the visitor's own.
    locale
        .and_then(|lang| intl::format(ms, Some(lang), options))
        .or_else(|| intl::format(ms, None, options))
        .unwrap_or_default()
}
