//! The Touchpoint widget: Yew components that the loader (`www/touchpoint.js`)
//! mounts into a shadow root on the host page. This crate is the only one that
//! touches the DOM; every decision it shows comes from `touchpoint-core`.

#[cfg(feature = "bench")]
mod bench;
pub mod browser;
pub mod clock;
pub mod components;
mod hooks;
mod js_api;
mod mount;
mod prompter;
mod score_text;
mod state;
pub mod words;

pub use clock::Clock;
pub use components::app::{App, AppProps};
pub use js_api::{close, open, track};
pub use mount::mount;
