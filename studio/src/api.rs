//! Studio's HTTP client for the collector's API (docs/studio-api.md): same-origin fetches
//! with the session cookie, the CSRF token on every change, JSON in and out as
//! `serde_json::Value` (no derives: core's readers and a few lookups do the parsing).

use std::cell::RefCell;

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

thread_local! {
    /// The session's CSRF token, sent as `X-CSRF-Token` on every state-changing request.
    static CSRF: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Remembers the CSRF token a sign-in or `GET /v1/session` answered.
pub fn set_csrf(token: &str) {
    CSRF.with(|c| *c.borrow_mut() = token.to_owned());
}

/// An answer that was not a success, or no answer at all.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when the request did not reach the collector.
    pub status: u16,
    /// The collector's `error`, or what went wrong.
    pub message: String,
    /// The whole body (a 409 carries the conflict, a 422 its `fields`).
    pub body: Value,
    /// `Retry-After` in seconds, on a 429.
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn network(e: JsValue) -> ApiError {
        let detail = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
        ApiError {
            status: 0,
            message: format!("the collector could not be reached {detail}").trim_end().to_owned(),
            body: Value::Null,
            retry_after: None,
        }
    }

    /// `(path, message)` of each field problem a 422 named.
    pub fn fields(&self) -> Vec<(String, String)> {
        self.body
            .get("fields")
            .and_then(Value::as_array)
            .map(|fields| {
                fields.iter().map(|f| (str_of(f, "path").to_owned(), str_of(f, "message").to_owned())).collect()
            })
            .unwrap_or_default()
    }

    /// The message with every field problem, for a banner.
    pub fn describe(&self) -> String {
        let fields = self.fields();
        if fields.is_empty() {
            self.message.clone()
        } else {
            let list: Vec<String> = fields.iter().map(|(p, m)| format!("{p}: {m}")).collect();
            format!("{}: {}", self.message, list.join("; "))
        }
    }
}

/// The string member `key` of `v`, or "".
pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `GET path`.
pub async fn get(path: &str) -> Result<Value, ApiError> {
    send("GET", path, None).await
}

/// `POST path` with a JSON body.
pub async fn post(path: &str, body: &Value) -> Result<Value, ApiError> {
    send("POST", path, Some(body)).await
}

/// `PUT path` with a JSON body.
pub async fn put(path: &str, body: &Value) -> Result<Value, ApiError> {
    send("PUT", path, Some(body)).await
}

/// `PATCH path` with a JSON body.
pub async fn patch(path: &str, body: &Value) -> Result<Value, ApiError> {
    send("PATCH", path, Some(body)).await
}

/// `DELETE path`.
pub async fn delete(path: &str) -> Result<Value, ApiError> {
    send("DELETE", path, None).await
}

/// A path segment (a site id, an e-mail address) escaped for a URL.
pub fn segment(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

async fn send(method: &str, path: &str, body: Option<&Value>) -> Result<Value, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::network(JsValue::NULL))?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    let headers = web_sys::Headers::new().map_err(ApiError::network)?;
    headers.set("Accept", "application/json").map_err(ApiError::network)?;
    if method != "GET" {
        let csrf = CSRF.with(|c| c.borrow().clone());
        headers.set("X-CSRF-Token", &csrf).map_err(ApiError::network)?;
    }
    if let Some(body) = body {
        headers.set("Content-Type", "application/json").map_err(ApiError::network)?;
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&headers);
    let response: Response =
        JsFuture::from(window.fetch_with_str_and_init(path, &init)).await.map_err(ApiError::network)?.unchecked_into();
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    let body: Value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::Null) };
    if (200..300).contains(&status) {
        return Ok(body);
    }
    let retry_after = response.headers().get("Retry-After").ok().flatten().and_then(|s| s.trim().parse().ok());
    let message = match str_of(&body, "error") {
        "" => format!("the collector answered {status}"),
        error => error.to_owned(),
    };
    Err(ApiError { status, message, body, retry_after })
}
