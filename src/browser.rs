//! Adapters over browser APIs: the only place `JsValue` errors appear. Each is
//! converted here, once, into a typed error or a plain value.

pub mod dates;
pub mod events;
pub mod fetch;
pub mod ids;
pub mod intl;
pub mod listen;
pub mod outbox;
pub mod page;
pub mod panic;
pub mod storage;
pub mod timer;
pub mod url;

/// Milliseconds since the Unix epoch by the visitor's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
