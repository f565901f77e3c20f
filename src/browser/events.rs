//! Events the widget tells the host page about, so sites can hook their own analytics:
//! `touchpoint:contact`, `:open`, `:close` and `:submitted` (the loader adds `:ready`).
//! Each is a `CustomEvent` on the widget's host element that bubbles and is composed, so a
//! listener on the host, the document or the window hears it, as do `Touchpoint.on` handlers.

use wasm_bindgen::{JsCast, JsValue};

/// Fired on the widget's host element when the visitor activates a channel.
pub const CONTACT_EVENT: &str = "touchpoint:contact";

/// Dispatches [`CONTACT_EVENT`] with detail `{channel, topic, reply_by}` (`topic` and
/// `reply_by`, an ISO 8601 string, may be null) on the host of the shadow root holding `inside`.
pub fn announce_contact(inside: &web_sys::Element, channel: &str, topic: Option<&str>, reply_by_ms: Option<i64>) {
    let reply_by =
        reply_by_ms.map_or(JsValue::NULL, |ms| js_sys::Date::new(&JsValue::from_f64(ms as f64)).to_iso_string().into());
    announce(
        inside,
        CONTACT_EVENT,
        &[("channel", channel.into()), ("topic", topic.map_or(JsValue::NULL, JsValue::from)), ("reply_by", reply_by)],
    );
}

/// Dispatches `name` with a detail object of `fields` on the host of the shadow root holding
/// `inside` (or on `inside` outside any shadow root).
pub fn announce(inside: &web_sys::Element, name: &str, fields: &[(&str, JsValue)]) {
    // Built by hand: serde-wasm-bindgen (the natural tool) made the widget 1,066 B brotli
    // larger for one three-field object (measured 2026-12-01, wasm-release + wasm-opt).
    let detail = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&detail, &(*name).into(), value);
    }
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) else { return };
    let host = inside.get_root_node().dyn_into::<web_sys::ShadowRoot>().map_or_else(|_| inside.clone(), |s| s.host());
    // A listener the page added that throws is reported by the browser as the page's own
    // error; `Touchpoint.on` handlers are guarded by the loader.
    let _ = host.dispatch_event(&event);
}

/// A number for an event's detail, `null` when there is none.
pub fn number(x: Option<f64>) -> JsValue {
    x.map_or(JsValue::NULL, JsValue::from_f64)
}
