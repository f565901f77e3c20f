//! The few browser calls Studio makes outside Yew: the address fragment, focus, the
//! document title, the clipboard. Errors are dropped here, once: none of them can be
//! shown to anyone usefully.

use wasm_bindgen::JsCast;

/// The window's `location.hash`.
pub fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Goes to the screen at `href` (a `#/…` fragment).
pub fn go(href: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(href.trim_start_matches('#'));
    }
}

/// Sets the document's title.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Moves focus to the element with `id` and brings it into view.
pub fn focus(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        element.scroll_into_view();
        let _ = element.focus();
    }
}

/// Copies `text` to the clipboard; whether the browser took it.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The value of the input, select or textarea an event came from.
pub fn value_of(e: &web_sys::Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.value()
    } else {
        String::new()
    }
}

/// Whether the checkbox an event came from is checked.
pub fn checked_of(e: &web_sys::Event) -> bool {
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

/// The collector's origin (Studio is served by it), e.g. `http://127.0.0.1:8080`.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// `Intl` itself, for the calls js-sys does not bind.
fn intl() -> Option<js_sys::Object> {
    js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?.dyn_into().ok()
}

/// The browser's own time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
pub fn time_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// Every IANA time zone the browser knows (`Intl.supportedValuesOf("timeZone")`), with UTC.
pub fn time_zones() -> Vec<String> {
    let list = intl().and_then(|intl| {
        let f: js_sys::Function = js_sys::Reflect::get(&intl, &"supportedValuesOf".into()).ok()?.dyn_into().ok()?;
        f.call1(&intl, &"timeZone".into()).ok()?.dyn_into::<js_sys::Array>().ok()
    });
    let mut zones: Vec<String> = list.map(|a| a.iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default();
    if !zones.iter().any(|z| z == "UTC") {
        zones.push("UTC".to_owned());
    }
    zones
}

/// Whether the browser's `Intl` knows a time zone (aliases included), as the widget will need.
pub fn zone_known(name: &str) -> bool {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &name.into());
    let Some(ctor) = intl().and_then(|i| js_sys::Reflect::get(&i, &"DateTimeFormat".into()).ok()) else {
        return true;
    };
    let Ok(ctor) = ctor.dyn_into::<js_sys::Function>() else {
        return true;
    };
    let args = js_sys::Array::of2(&js_sys::Array::new(), &options);
    js_sys::Reflect::construct(&ctor, &args).is_ok()
}
