//! Instants written for the visitor: in the host page's language (the prompts
//! around them are the site's words) and the visitor's time zone, by `Intl`.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An `Intl.DateTimeFormat`.
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type Formatter;

    /// Caught: a malformed language tag throws a `RangeError`.
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn create(locales: &JsValue, options: &Object) -> Result<Formatter, JsValue>;

    #[wasm_bindgen(method, js_class = "DateTimeFormat")]
    fn format(this: &Formatter, epoch_ms: f64) -> String;
}

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
    let object = Object::new();
    for (name, value) in options {
        let _ = Reflect::set(&object, &(*name).into(), &(*value).into());
    }
    let page = page_language().map_or(JsValue::UNDEFINED, JsValue::from);
    // A language the engine refuses falls back to the visitor's own.
    Formatter::create(&page, &object)
        .or_else(|_| Formatter::create(&JsValue::UNDEFINED, &object))
        .map(|f| f.format(ms as f64))
        .unwrap_or_default()
}

/// The `lang` of the host page's root element, if set.
fn page_language() -> Option<String> {
    let lang = web_sys::window()?.document()?.document_element()?.get_attribute("lang")?;
    let lang = lang.trim();
    (!lang.is_empty()).then(|| lang.to_owned())
}
