//! Instants written for the visitor: in the host page's language (the prompts
//! around them are the site's words) and the visitor's time zone, by `Intl`.

use crate::browser::intl;

/// A day, e.g. “Tuesday 3 March” (English) or “tirsdag 3. mars” (`lang="nb"`).
pub fn day(ms: i64) -> String {
    format(ms, &[("weekday", "long"), ("day", "numeric"), ("month", "long")])
}

/// A day and time, e.g. “Wednesday 4 March at 11:00”.
pub fn day_and_time(ms: i64) -> String {
    format(
        ms,
        &[("weekday", "long"), ("day", "numeric"), ("month", "long"), ("hour", "numeric"), ("minute", "2-digit")],
    )
}

fn format(ms: i64, options: &[(&str, &str)]) -> String {
    // A language the engine refuses falls back to the visitor's own.
    page_language()
        .and_then(|lang| intl::format(ms, Some(&lang), options))
        .or_else(|| intl::format(ms, None, options))
        .unwrap_or_default()
}

/// The `lang` of the host page's root element, if set.
fn page_language() -> Option<String> {
    let lang = web_sys::window()?.document()?.document_element()?.get_attribute("lang")?;
    let lang = lang.trim();
    (!lang.is_empty()).then(|| lang.to_owned())
}
