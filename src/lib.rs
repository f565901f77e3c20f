//! The Touchpoint widget: Yew components that the loader (`www/touchpoint.js`)
//! mounts into a shadow root on the host page. This crate is the only one that
//! touches the DOM; every decision it shows comes from `touchpoint-core`.

#[cfg(feature = "bench")]
mod bench;
pub mod browser;
pub mod by_pointer;
pub mod clock;
pub mod components;
mod hooks;
mod js_api;
mod mount;
mod prompter;
mod score_text;
mod state;
pub mod words;

/// The allocator: talc instead of std's dlmalloc, which cost the wasm about 3 KB brotli more
/// (measured with scripts/size-report.mjs; bench/longtask shows no slower first render).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use clock::Clock;
pub use components::app::{App, AppProps};
pub use js_api::{close, forget, open, track};
pub use mount::{Prepared, mount, prepare};
