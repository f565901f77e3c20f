//! Posting a submission to the collector with the browser's `fetch`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Why a post did not get an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The request could not be made or got no response (offline, DNS, CORS, aborted).
    Network(String),
}

/// Posts `body` to `endpoint` and returns the HTTP status. The content type is
/// `text/plain` (CORS-safelisted: no preflight when the collector is on another
/// origin); `keepalive` lets the request finish if the visitor leaves the page.
pub async fn post(endpoint: &str, body: &str) -> Result<u16, TransportError> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&body.into());
    // `keepalive` is not in web-sys's stable `RequestInit` bindings yet.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
    let request = Request::new_with_str_and_init(endpoint, &init).map_err(|e| TransportError::Network(describe(&e)))?;
    request
        .headers()
        .set("content-type", "text/plain;charset=UTF-8")
        .map_err(|e| TransportError::Network(describe(&e)))?;
    let window = web_sys::window().ok_or_else(|| TransportError::Network("no window".into()))?;
    let response =
        JsFuture::from(window.fetch_with_request(&request)).await.map_err(|e| TransportError::Network(describe(&e)))?;
    let response: Response = response.dyn_into().map_err(|e| TransportError::Network(describe(&e)))?;
    Ok(response.status())
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |err| String::from(err.message()))
}
