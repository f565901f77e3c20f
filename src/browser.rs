//! Adapters over browser APIs: the only place `JsValue` errors appear. Each is
//! converted here, once, into a typed error or a plain value.

pub mod dates;
pub mod events;
pub mod fetch;
pub mod ids;
pub mod intl;
pub mod lexicons;
pub mod outbox;
pub mod page;
pub mod panic;
pub mod storage;
pub mod tasks;
pub mod url;
