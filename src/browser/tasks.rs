//! Long work split into tasks, so the host page never has one over 50 ms (bench/longtask).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/snippets.js")]
extern "C" {
    #[wasm_bindgen(js_name = nextTask)]
    fn next_task_js(f: &js_sys::Function);
}

/// Runs `f` in a task of its own, after the browser has had the chance to paint and handle
/// input. Unlike a timer it is not held back by a page (or a test) that fakes timers.
pub fn next_task(f: impl FnOnce() + 'static) {
    // Freed once called; it is called exactly once.
    let closure = Closure::once_into_js(f);
    next_task_js(closure.unchecked_ref());
}
