//! Time zones through the browser's own `Intl.DateTimeFormat`: UTC offsets for the core's
//! business-hours arithmetic (so no time-zone database ships in the wasm), the visitor's
//! zone, and instants written in the visitor's locale and zone.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use touchpoint_core::availability::{Instant, LocalTime, OffsetProvider, PromiseLine, StatusLine};
use touchpoint_core::calendar::{Date, SECS_PER_DAY};
use touchpoint_core::i18n::Msg;
use wasm_bindgen::prelude::*;

use crate::words::Words;

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

    #[wasm_bindgen(method, js_class = "DateTimeFormat")]
    fn format(this: &Formatter, epoch_ms: f64) -> String;

    #[wasm_bindgen(method, js_class = "DateTimeFormat", js_name = resolvedOptions)]
    fn resolved_options(this: &Formatter) -> Resolved;

    /// What `resolvedOptions()` returns.
    type Resolved;

    #[wasm_bindgen(method, getter, js_name = timeZone)]
    fn time_zone(this: &Resolved) -> Option<String>;

    /// An `Intl.PluralRules`: which plural form a count takes in a language.
    #[wasm_bindgen(js_namespace = Intl, js_name = PluralRules)]
    #[derive(Clone, Debug)]
    pub type Plurals;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "PluralRules", catch)]
    fn create_plurals(locales: &JsValue) -> Result<Plurals, JsValue>;

    #[wasm_bindgen(method, js_class = "PluralRules")]
    fn select(this: &Plurals, n: f64) -> String;

    /// An `Intl.NumberFormat`, here for waits in units ("5 min", "4 timer").
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type Numbers;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat", catch)]
    fn create_numbers(locales: &JsValue, options: &Object) -> Result<Numbers, JsValue>;

    #[wasm_bindgen(method, js_class = "NumberFormat", js_name = format)]
    fn format_number(this: &Numbers, n: f64) -> String;
}

/// The plural rules of `locale` (`None`: the browser's); `None` when the engine has none.
pub fn plurals(locale: Option<&str>) -> Option<Plurals> {
    Plurals::create_plurals(&locale.map_or(JsValue::UNDEFINED, JsValue::from)).ok()
}

impl Plurals {
    /// The category `n` takes: "one", "few", "other" …
    pub fn category(&self, n: u64) -> String {
        self.select(n as f64)
    }
}

/// `n` `unit`s ("minute", "hour", "day") as `locale` writes them, minutes short ("5 min")
/// and longer units in full ("4 hours", "4 timer"), as people say waits; `None` when the
/// engine refuses.
pub fn wait(n: u64, unit: &str, locale: Option<&str>) -> Option<String> {
    let options = Object::new();
    let display = if unit == "minute" { "short" } else { "long" };
    for (name, value) in [("style", "unit"), ("unit", unit), ("unitDisplay", display)] {
        Reflect::set(&options, &name.into(), &value.into()).ok()?;
    }
    let numbers = Numbers::create_numbers(&locale.map_or(JsValue::UNDEFINED, JsValue::from), &options).ok()?;
    Some(numbers.format_number(n as f64))
}

/// `ms` written by an `Intl.DateTimeFormat` for `locale` with `options`; `None` when the
/// engine refuses the locale or the options.
pub fn format(ms: i64, locale: Option<&str>, options: &[(&str, &str)]) -> Option<String> {
    formatter(locale, options).ok().map(|f| f.format(ms as f64))
}

/// Builds an `Intl.DateTimeFormat` for `locale` (`None`: the browser's) with `options`
/// given as name/value pairs; `Err` when the engine refuses them (an unknown zone). The
/// options object is built by hand: serde-wasm-bindgen's serializer costs 1,066 B brotli
/// in this widget (measured with the contact event's detail, `events.rs`).
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
/// since building one costs far more than using it; and the offsets themselves, per zone
/// and quarter hour, since one costs microseconds of formatting and the same quarter hours
/// are asked about again and again (every channel in a zone at the same instant).
pub struct IntlOffsets {
    zones: RefCell<Vec<(String, Formatter)>>,
    /// Direct-mapped: slot `hash(zone, quarter) % OFFSET_SLOTS` holds (zone, quarter, offset).
    offsets: RefCell<Vec<(usize, i64, i32)>>,
}

/// Formats built so far, by (locale, zone).
type FormatCache = RefCell<Vec<(Option<String>, Option<String>, Rc<LocalFormat>)>>;

thread_local! {
    static SHARED_OFFSETS: Rc<IntlOffsets> = Rc::new(IntlOffsets::new());
    static SHARED_FORMATS: FormatCache = const { RefCell::new(Vec::new()) };
}

/// The page's one offset cache, shared by every directory and warmed while the page is idle
/// (`crate::mount`): building `Intl` formatters and reading offsets costs milliseconds each,
/// which the first opening of the panel should not pay.
pub fn shared_offsets() -> Rc<IntlOffsets> {
    SHARED_OFFSETS.with(Rc::clone)
}

/// The [`LocalFormat`] for `locale` and `time_zone`, built once per page.
pub fn shared_format(locale: Option<&str>, time_zone: Option<&str>) -> Option<Rc<LocalFormat>> {
    let key = (locale.map(str::to_owned), time_zone.map(str::to_owned));
    let cached =
        SHARED_FORMATS.with(|c| c.borrow().iter().find(|(l, z, _)| (l, z) == (&key.0, &key.1)).map(|e| e.2.clone()));
    cached.or_else(|| {
        let format = Rc::new(LocalFormat::new(locale, time_zone).ok()?);
        SHARED_FORMATS.with(|c| c.borrow_mut().push((key.0, key.1, format.clone())));
        Some(format)
    })
}

/// Slots of the offset cache: a few years of one zone's lookups in a few KB.
const OFFSET_SLOTS: usize = 4_096;
/// Offsets are cached per quarter hour of UTC. Every transition in use since the 1980s
/// falls on one: clocks change at whole or half local hours, and offsets are whole quarter
/// hours (Nepal's +05:45 included).
const QUARTER: i64 = 900;

impl Default for IntlOffsets {
    fn default() -> Self {
        IntlOffsets { zones: RefCell::default(), offsets: RefCell::new(vec![(usize::MAX, 0, 0); OFFSET_SLOTS]) }
    }
}

impl IntlOffsets {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }
}

/// A zone resolved by [`IntlOffsets`]: its formatter and its place in the cache.
#[derive(Clone, Debug)]
pub struct IntlZone {
    index: usize,
    formatter: Formatter,
}

impl OffsetProvider for IntlOffsets {
    type Zone = IntlZone;

    fn zone(&self, name: &str) -> Option<IntlZone> {
        if let Some(index) = self.zones.borrow().iter().position(|(n, _)| n == name) {
            return Some(IntlZone { index, formatter: self.zones.borrow()[index].1.clone() });
        }
        // `en-US` with numeric fields and a 24-hour cycle: a fixed, parseable shape whatever
        // the visitor's own locale (`h23`, not `hour12: false`, which gives "24" at midnight
        // in some engines).
        let formatter = formatter(
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
        let mut zones = self.zones.borrow_mut();
        zones.push((name.to_owned(), formatter.clone()));
        Some(IntlZone { index: zones.len() - 1, formatter })
    }

    fn offset(&self, zone: &IntlZone, at: Instant) -> i32 {
        let quarter = at.unix().div_euclid(QUARTER);
        let slot = (quarter as usize).wrapping_mul(31).wrapping_add(zone.index) % OFFSET_SLOTS;
        if let Some(&(z, q, offset)) = self.offsets.borrow().get(slot)
            && (z, q) == (zone.index, quarter)
        {
            return offset;
        }
        let offset = read_offset(&zone.formatter, at);
        if let Some(entry) = self.offsets.borrow_mut().get_mut(slot) {
            *entry = (zone.index, quarter, offset);
        }
        offset
    }
}

/// The offset of `formatter`'s zone at `at`, from its `en-US` text ("3/14/2026, 10:00:00"):
/// one string across the boundary, where `formatToParts` costs an object per field.
fn read_offset(formatter: &Formatter, at: Instant) -> i32 {
    // Milliseconds fit an f64 exactly for any date a schedule can name.
    let text = formatter.format(at.unix() as f64 * 1_000.0);
    let mut fields = [0_i64; 6];
    let mut numbers = text.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty());
    for field in &mut fields {
        *field = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(-1);
    }
    let [month, day, year, hour, minute, second] = fields;
    let date = i32::try_from(year)
        .ok()
        .zip(u8::try_from(month).ok())
        .zip(u8::try_from(day).ok())
        .and_then(|((y, m), d)| Date::new(y, m, d));
    // An engine that answers something unparseable gets UTC: a schedule an hour or
    // two off beats no widget.
    let Some(date) = date.filter(|_| numbers.next().is_none() && hour >= 0 && minute >= 0 && second >= 0) else {
        return 0;
    };
    let local = date.to_days() * SECS_PER_DAY + (hour % 24) * 3_600 + minute * 60 + second;
    i32::try_from(local - at.unix()).unwrap_or(0)
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

    /// "Open now", "Open now · closes 17:00", "Closed · opens Mon 09:00", "Closed", in `words`.
    pub fn status(&self, line: &StatusLine, words: &Words) -> String {
        match line {
            StatusLine::Open { closes: None } => words.text(Msg::OpenNow).to_owned(),
            StatusLine::Open { closes: Some(t) } => words.fill(Msg::OpenCloses, &[("time", &self.local_time(t))]),
            StatusLine::Closed { opens: None } => words.text(Msg::Closed).to_owned(),
            StatusLine::Closed { opens: Some(t) } => words.fill(Msg::ClosedOpens, &[("time", &self.local_time(t))]),
        }
    }

    /// "Typically replies in 5 min", "Expect a reply by Tue 11:00", in `words`.
    pub fn promise(&self, line: &PromiseLine, words: &Words) -> String {
        match line {
            PromiseLine::RepliesWithin(d) => words.replies_in(*d),
            PromiseLine::ReplyBy(t) => words.fill(Msg::ReplyBy, &[("time", &self.local_time(t))]),
        }
    }
}
