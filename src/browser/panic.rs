//! A panic must never leave a broken widget on someone else's page: the hook
//! hides the widget's host element and logs once.

use std::cell::{Cell, RefCell};

use wasm_bindgen::JsCast;

thread_local! {
    /// The element to hide; set when the widget mounts.
    static TARGET: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
    static LOGGED: Cell<bool> = const { Cell::new(false) };
}

/// Installs the hook. `root` is the element the widget renders into; its shadow
/// host is what gets hidden.
pub fn install(root: &web_sys::Element) {
    let host = root.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().map(|shadow| shadow.host());
    let first = TARGET.with(|t| t.replace(Some(host.unwrap_or_else(|| root.clone())))).is_none();
    if first {
        std::panic::set_hook(Box::new(|info| {
            TARGET.with(|t| {
                if let Some(el) = t.borrow().as_ref() {
                    let _ = el.set_attribute("hidden", "");
                }
            });
            if !LOGGED.with(|l| l.replace(true)) {
                web_sys::console::error_1(
                    &format!("Touchpoint stopped after an internal error and hid itself: {info}").into(),
                );
            }
        }));
    }
}
