//! Requests through the browser's own `fetch`, whatever the host page did to
//! `window.fetch`.
//!
//! Host pages wrap `fetch` (analytics, error trackers, service-worker shims)
//! and sometimes replace it with something broken. A wrapper may drop our
//! `keepalive`, log visitors' answers, or throw. So the widget takes `fetch`
//! from a fresh realm: a same-origin `about:blank` iframe, attached just long
//! enough to read `contentWindow.fetch` and removed at once (no frame stays in
//! the host page). The function is then always called with *this* window as
//! its receiver, so the request belongs to the page (origin, referrer, cookies
//! policy, keepalive lifetime) and keeps working after the iframe is gone.
//! Only when no iframe can be made does it fall back to `window.fetch`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use touchpoint_core::delivery::{CONTENT_TYPE, Outcome, Transport};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

use crate::clock::page_timeout;

/// Longest part of a 4xx body kept for the log.
const MAX_MESSAGE_CHARS: usize = 200;

thread_local! {
    static PRISTINE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Takes `fetch` as the browser's own: the loader took it from a fresh realm already, and a
/// second frame would cost the host page another task of 20 ms (80 ms at 4x CPU throttling,
/// bench/longtask).
pub fn adopt(fetch: js_sys::Function) {
    PRISTINE.with(|cell| *cell.borrow_mut() = Some(fetch));
}

/// The browser's own `fetch`, taken once from a fresh `about:blank` realm.
pub fn pristine_fetch() -> Option<js_sys::Function> {
    PRISTINE.with(|cell| {
        if cell.borrow().is_none() {
            *cell.borrow_mut() = from_fresh_realm().or_else(|| own_property(&web_sys::window()?.into()));
        }
        cell.borrow().clone()
    })
}

fn from_fresh_realm() -> Option<js_sys::Function> {
    let document = web_sys::window()?.document()?;
    let frame: web_sys::HtmlIFrameElement = document.create_element("iframe").ok()?.dyn_into().ok()?;
    frame.set_hidden(true);
    frame.set_attribute("aria-hidden", "true").ok()?;
    let parent = document.document_element()?;
    parent.append_child(&frame).ok()?;
    let fetch = frame.content_window().and_then(|w| own_property(&w.into()));
    frame.remove();
    fetch
}

fn own_property(target: &JsValue) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &"fetch".into()).ok()?.dyn_into().ok()
}

/// Posts `body` to `url` (with no body: `DELETE`s `url`) and reports what came of it.
/// `timeout_ms` after the start the request is aborted and reported as [`Outcome::Timeout`].
/// Never fails: everything ends as an [`Outcome`].
pub async fn send(url: &str, body: Option<&str>, transport: Transport, timeout_ms: i64) -> Outcome {
    let Some(window) = web_sys::window() else { return Outcome::NetworkError };
    let init = RequestInit::new();
    init.set_method(if body.is_some() { "POST" } else { "DELETE" });
    init.set_credentials(web_sys::RequestCredentials::Omit);
    if let Some(body) = body {
        init.set_body(&body.into());
        if let Ok(headers) = web_sys::Headers::new() {
            let _ = headers.set("content-type", CONTENT_TYPE);
            init.set_headers(&headers);
        }
    }
    if transport == Transport::Keepalive {
        // `keepalive` is not in web-sys's stable `RequestInit` bindings.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
    }
    let deadline = Deadline::set(&init, timeout_ms);
    let promise = match (start(&window, url, &init), body) {
        (Some(promise), _) => promise,
        // No fetch, or it threw (a keepalive quota, an odd browser): a beacon still
        // leaves with the page (a post only: a beacon cannot delete). It reports
        // nothing; the deadline and the collector's dedup cover a retry.
        (None, Some(body)) if transport == Transport::Keepalive => {
            let _ = window.navigator().send_beacon_with_opt_str(url, Some(body));
            return Outcome::Timeout;
        }
        (None, _) => return Outcome::NetworkError,
    };
    let answered = JsFuture::from(promise).await;
    let Ok(response) = answered.and_then(|r| r.dyn_into::<Response>()) else {
        return if deadline.passed() { Outcome::Timeout } else { Outcome::NetworkError };
    };
    let status = response.status();
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let message = if (400..500).contains(&status) { text_start(&response).await } else { None };
    Outcome::Response { status, retry_after, message }
}

/// Fetches `url` with a credential-free, uncached GET and returns the status and body;
/// `None` when no complete answer arrives within `timeout_ms` (a slow live-status endpoint
/// must never hold up the directory: the schedule's estimate is shown meanwhile).
pub async fn get(url: &str, timeout_ms: i64) -> Option<(u16, String)> {
    let window = web_sys::window()?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    let _deadline = Deadline::set(&init, timeout_ms);
    let response: Response = JsFuture::from(start(&window, url, &init)?).await.ok()?.dyn_into().ok()?;
    let body = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    Some((response.status(), body))
}

/// Starts the browser's own fetch of `url`; `None` when there is none or it threw.
fn start(window: &web_sys::Window, url: &str, init: &RequestInit) -> Option<js_sys::Promise> {
    pristine_fetch()?.call2(window, &url.into(), init).ok().map(js_sys::Promise::from)
}

/// Aborts a request when its time is up, and remembers whether it did; dropping it
/// (the request finished) cancels the abort.
struct Deadline {
    passed: Rc<Cell<bool>>,
    _timer: Option<Timeout>,
}

impl Deadline {
    /// Ties an abort signal to `init` and arms it for `timeout_ms` from now.
    fn set(init: &RequestInit, timeout_ms: i64) -> Deadline {
        let passed = Rc::new(Cell::new(false));
        // The page's own timer, not the widget's clock: a request's deadline is real time.
        let timer = AbortController::new().ok().map(|controller| {
            init.set_signal(Some(&controller.signal()));
            let flag = passed.clone();
            page_timeout(timeout_ms, move || {
                flag.set(true);
                controller.abort();
            })
        });
        Deadline { passed, _timer: timer }
    }

    fn passed(&self) -> bool {
        self.passed.get()
    }
}

async fn text_start(response: &Response) -> Option<String> {
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    Some(text.chars().take(MAX_MESSAGE_CHARS).collect())
}
