//! A panic must never leave a broken widget, or an error, on someone else's page: the
//! hook hides the widget's host element and logs once, and the trap that ends the panic
//! (the wasm is built with `panic = "abort"`) is kept from the host page
//! (`src/js/snippets.js`).

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/snippets.js")]
extern "C" {
    /// Listens for the trap's error report on the window, before the page's own listeners.
    #[wasm_bindgen(js_name = guardPage)]
    fn guard_page();
    /// Marks the next error report of this task as the widget's own.
    #[wasm_bindgen(js_name = willTrap)]
    fn will_trap();
}

thread_local! {
    /// The element to hide; set when the widget mounts.
    static TARGET: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
    static LOGGED: Cell<bool> = const { Cell::new(false) };
}

/// Installs the hook, through yew so its renderer keeps it (`std::panic::set_hook` alone
/// is replaced by yew's default hook at the first render). `root` is the element the
/// widget renders into; its shadow host is what gets hidden.
pub fn install(root: &web_sys::Element) {
    let host = root.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().map(|shadow| shadow.host());
    let first = TARGET.with(|t| t.replace(Some(host.unwrap_or_else(|| root.clone())))).is_none();
    if first {
        guard_page();
        yew::set_custom_panic_hook(Box::new(|info| {
            TARGET.with(|t| {
                if let Some(el) = t.try_borrow().ok().as_ref().and_then(|t| t.as_ref()) {
                    let _ = el.set_attribute("hidden", "");
                }
            });
            if !LOGGED.with(|l| l.replace(true)) {
                web_sys::console::error_1(
                    &format!("Touchpoint stopped after an internal error and hid itself: {info}").into(),
                );
            }
            will_trap();
        }));
    }
}
