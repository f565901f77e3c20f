//! Time zones through the browser's own `Intl.DateTimeFormat`: UTC offsets for the core's
//! business-hours arithmetic (so no time-zone database ships in the wasm), the visitor's
//! zone, and instants written in the visitor's locale and zone.

use std::cell::RefCell;

use js_sys::Intl::DateTimeFormatPartType as PartType;
use js_sys::{Array, Object, Reflect};
use touchpoint_core::availability::{Instant, LocalTime, OffsetProvider, PromiseLine, StatusLine};
use touchpoint_core::calendar::{Date, SECS_PER_DAY};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An `Intl.DateTimeFormat`. Bound here rather than through js-sys because js-sys's
    /// stable constructor does not catch the `RangeError` an unknown time zone throws, and
    /// because passing epoch milliseconds as a plain number saves a `Date` per call.
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    #[derive(Clone, Debug)]
    pub type Formatter;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn create(locales: &JsValue, options: &Object) -> Result<Formatter, JsValue>;

    #[wasm_bindgen(method, js_class = "DateTimeFormat", js_name = formatToParts)]
    fn format_to_parts(this: &Formatter, epoch_ms: f64) -> Array;

    #[wasm_bindgen(method, js_class = "DateTimeFormat")]
    fn format(this: &Formatter, epoch_ms: f64) -> String;

    #[wasm_bindgen(method, js_class = "DateTimeFormat", js_name = resolvedOptions)]
    fn resolved_options(this: &Formatter) -> Resolved;

    /// What `resolvedOptions()` returns.
    type Resolved;

    #[wasm_bindgen(method, getter, js_name = timeZone)]
    fn time_zone(this: &Resolved) -> Option<String>;

    /// One `{type, value}` part of `formatToParts()`.
    type Part;

    // A string enum: the glue compares the string in JS and hands Rust a small integer.
    #[wasm_bindgen(method, getter, js_name = type)]
    fn kind(this: &Part) -> PartType;

    #[wasm_bindgen(method, getter)]
    fn value(this: &Part) -> String;
}

/// `ms` written by an `Intl.DateTimeFormat` for `locale` with `options`; `None` when the
/// engine refuses the locale or the options.
pub fn format(ms: i64, locale: Option<&str>, options: &[(&str, &str)]) -> Option<String> {
    formatter(locale, options).ok().map(|f| f.format(ms as f64))
}

/// Builds an `Intl.DateTimeFormat` for `locale` (`None`: the browser's) with `options`
/// given as name/value pairs; `Err` when the engine refuses them (an unknown zone).
fn formatter(locale: Option<&str>, options: &[(&str, &str)]) -> Result<Formatter, JsValue> {
    let object = Object::new();
    for (name, value) in options {
        Reflect::set(&object, &(*name).into(), &(*value).into())?;
    }
    let locales = locale.map_or(JsValue::UNDEFINED, JsValue::from);
    Formatter::create(&locales, &object)
}

/// UTC offsets read off `Intl.DateTimeFormat`: the wall-clock fields of an instant in a
/// zone, read back as if they were UTC, minus the instant. One formatter per zone, cached,
/// since building one costs far more than using it.
#[derive(Default)]
pub struct IntlOffsets {
    zones: RefCell<Vec<(String, Formatter)>>,
}

impl IntlOffsets {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }
}

impl OffsetProvider for IntlOffsets {
    type Zone = Formatter;

    fn zone(&self, name: &str) -> Option<Formatter> {
        if let Some((_, f)) = self.zones.borrow().iter().find(|(n, _)| n == name) {
            return Some(f.clone());
        }
        // `en-US` with numeric fields and a 24-hour cycle: a fixed, parseable shape whatever
        // the visitor's own locale (`h23`, not `hour12: false`, which gives "24" at midnight
        // in some engines).
        let f = formatter(
            Some("en-US"),
            &[
                ("timeZone", name),
                ("hourCycle", "h23"),
                ("year", "numeric"),
                ("month", "numeric"),
                ("day", "numeric"),
                ("hour", "numeric"),
                ("minute", "numeric"),
                ("second", "numeric"),
            ],
        )
        .ok()?;
        self.zones.borrow_mut().push((name.to_owned(), f.clone()));
        Some(f)
    }

    fn offset(&self, zone: &Formatter, at: Instant) -> i32 {
        // Milliseconds fit an f64 exactly for any date a schedule can name.
        let parts = zone.format_to_parts(at.unix() as f64 * 1_000.0);
        let mut fields = [0_i64; 6];
        for part in parts.iter() {
            let part: Part = part.unchecked_into();
            let slot = match part.kind() {
                PartType::Year => 0,
                PartType::Month => 1,
                PartType::Day => 2,
                PartType::Hour => 3,
                PartType::Minute => 4,
                PartType::Second => 5,
                _ => continue,
            };
            fields[slot] = part.value().parse().unwrap_or(0);
        }
        let [year, month, day, hour, minute, second] = fields;
        let date = i32::try_from(year)
            .ok()
            .zip(u8::try_from(month).ok())
            .zip(u8::try_from(day).ok())
            .and_then(|((y, m), d)| Date::new(y, m, d));
        // An engine that answers something unparseable gets UTC: a schedule an hour or
        // two off beats no widget.
        let Some(date) = date else { return 0 };
        let local = date.to_days() * SECS_PER_DAY + (hour % 24) * 3_600 + minute * 60 + second;
        i32::try_from(local - at.unix()).unwrap_or(0)
    }
}

/// The visitor's own IANA time zone, as the browser reports it; `UTC` when it says none.
pub fn visitor_time_zone() -> String {
    formatter(None, &[]).ok().and_then(|f| f.resolved_options().time_zone()).unwrap_or_else(|| "UTC".to_owned())
}

/// Writes the core's status and promise lines with times in a locale and zone: the
/// visitor's own unless a test fixes them.
pub struct LocalFormat {
    /// The IANA zone the times are written in (for the core's day arithmetic).
    pub time_zone: String,
    /// "17:00" (or "5:00 PM"): today.
    time: Formatter,
    /// "Mon 09:00": within the coming week.
    weekday: Formatter,
    /// "Mon 12 Jan, 09:00": further ahead.
    date: Formatter,
}

impl LocalFormat {
    /// Formats for `locale` and `time_zone` (`None`: the visitor's). A locale or zone the
    /// browser refuses falls back to the visitor's own.
    pub fn new(locale: Option<&str>, time_zone: Option<&str>) -> Result<LocalFormat, JsValue> {
        match Self::build(locale, time_zone) {
            Ok(f) => Ok(f),
            Err(_) => Self::build(None, None),
        }
    }

    fn build(locale: Option<&str>, time_zone: Option<&str>) -> Result<LocalFormat, JsValue> {
        let time_zone = time_zone.map_or_else(visitor_time_zone, str::to_owned);
        let with_zone = |extra: &[(&'static str, &'static str)]| {
            let mut options: Vec<(&str, &str)> =
                vec![("timeZone", &time_zone), ("hour", "numeric"), ("minute", "2-digit")];
            options.extend_from_slice(extra);
            formatter(locale, &options)
        };
        let time = with_zone(&[])?;
        let weekday = with_zone(&[("weekday", "short")])?;
        let date = with_zone(&[("weekday", "short"), ("day", "numeric"), ("month", "short")])?;
        Ok(LocalFormat { time_zone, time, weekday, date })
    }

    /// `t` as the visitor reads it: the time today, weekday and time within the week, else
    /// with the date.
    pub fn local_time(&self, t: &LocalTime) -> String {
        let f = match t.days_ahead {
            0 => &self.time,
            1..=6 => &self.weekday,
            _ => &self.date,
        };
        f.format(t.at.unix() as f64 * 1_000.0)
    }

    /// "Open now", "Open now · closes 17:00", "Closed · opens Mon 09:00", "Closed".
    pub fn status(&self, line: &StatusLine) -> String {
        match line {
            StatusLine::Open { closes: None } => "Open now".to_owned(),
            StatusLine::Open { closes: Some(t) } => format!("Open now · closes {}", self.local_time(t)),
            StatusLine::Closed { opens: None } => "Closed".to_owned(),
            StatusLine::Closed { opens: Some(t) } => format!("Closed · opens {}", self.local_time(t)),
        }
    }

    /// "Typically replies in 5 min", "Expect a reply by Tue 11:00".
    pub fn promise(&self, line: &PromiseLine) -> String {
        match line {
            PromiseLine::RepliesWithin(d) => format!("Typically replies in {}", d.describe()),
            PromiseLine::ReplyBy(t) => format!("Expect a reply by {}", self.local_time(t)),
        }
    }
}
