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

/// Fetches `url` with a credential-free, uncached GET and returns the status and body,
/// aborting when no complete answer arrives within `timeout_ms` (a slow status endpoint
/// must never hold up the directory: the schedule's estimate is shown meanwhile).
pub async fn get(url: &str, timeout_ms: i32) -> Result<(u16, String), TransportError> {
    let network = |e: wasm_bindgen::JsValue| TransportError::Network(describe(&e));
    let controller = web_sys::AbortController::new().map_err(network)?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    let abort = {
        let controller = controller.clone();
        crate::browser::timer::Timeout::after(timeout_ms.into(), move || controller.abort())
    };
    let window = web_sys::window().ok_or_else(|| TransportError::Network("no window".into()))?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(network)?;
    let response: Response = response.dyn_into().map_err(network)?;
    let body = JsFuture::from(response.text().map_err(network)?).await.map_err(network)?;
    drop(abort);
    Ok((response.status(), body.as_string().unwrap_or_default()))
}
