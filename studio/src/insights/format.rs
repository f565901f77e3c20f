//! Numbers and dates in the reader's locale (the browser's `Intl`), for every figure the
//! dashboard shows; days are UTC days, as the collector buckets them.

use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

fn options(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn call(f: &js_sys::Function, x: JsValue) -> Option<String> {
    f.call1(&JsValue::NULL, &x).ok()?.as_string()
}

/// `x` with at most `digits` decimals.
pub fn number(x: f64, digits: u32) -> String {
    let nf = Intl::NumberFormat::new(&Array::new(), &options(&[("maximumFractionDigits", digits.into())]));
    call(&nf.format(), x.into()).unwrap_or_default()
}

/// A share in [0, 1] as a percentage with one decimal.
pub fn percent(x: f64) -> String {
    let o = options(&[("style", "percent".into()), ("maximumFractionDigits", 1.into())]);
    call(&Intl::NumberFormat::new(&Array::new(), &o).format(), x.into()).unwrap_or_default()
}

/// A UTC day (ms) as a medium date.
pub fn day(ms: f64) -> String {
    let o = options(&[("dateStyle", "medium".into()), ("timeZone", "UTC".into())]);
    let date = js_sys::Date::new(&ms.into());
    call(&Intl::DateTimeFormat::new(&Array::new(), &o).format(), date.into()).unwrap_or_default()
}

/// An instant (ms) as a short date and time in the reader's zone.
pub fn instant(ms: f64) -> String {
    let o = options(&[("dateStyle", "medium".into()), ("timeStyle", "short".into())]);
    let date = js_sys::Date::new(&ms.into());
    call(&Intl::DateTimeFormat::new(&Array::new(), &o).format(), date.into()).unwrap_or_default()
}

/// A wait in ms as minutes or hours.
pub fn wait(ms: f64) -> String {
    let minutes = ms / 60_000.0;
    if minutes < 90.0 { format!("{} min", number(minutes, 0)) } else { format!("{} h", number(minutes / 60.0, 1)) }
}
