//! Touchpoint Studio: where marketers configure, preview and publish the widget, served
//! by the collector at `/studio/` as its own wasm (the widget never loads it).
//!
//! The pure parts (the document edited in place, field paths and where their problems
//! show, the week grid, the screens' addresses) build and test natively; the browser
//! parts (`api`, `app`, `components`, `insights`) only for wasm32.

/// The allocator: talc instead of std's dlmalloc, as in the widget (smaller wasm; see the size report).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod anchors;
pub mod doc;
pub mod grid;
pub mod route;
pub mod translations;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
pub mod insights;

/// Mounts Studio into `<main id="studio">` (the page the collector serves at `/studio/`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("studio"));
    if let Some(root) = root {
        root.set_inner_html("");
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
