//! Event listeners as values that remove themselves when dropped, so the widget
//! leaves nothing attached to the host page once it is gone.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, EventTarget};

/// A listener for `kind` events on `target`, attached until this is dropped.
pub struct Listener {
    target: EventTarget,
    kind: String,
    capture: bool,
    // Owned so the JS function stays valid for as long as the target can call it.
    callback: Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Listens in the bubbling phase.
    pub fn new(target: &EventTarget, kind: &str, f: impl FnMut(Event) + 'static) -> Option<Listener> {
        Listener::attach(target, kind, false, f)
    }

    /// Listens in the capture phase: also sees events that do not bubble, before the page's own handlers.
    pub fn capture(target: &EventTarget, kind: &str, f: impl FnMut(Event) + 'static) -> Option<Listener> {
        Listener::attach(target, kind, true, f)
    }

    fn attach(target: &EventTarget, kind: &str, capture: bool, f: impl FnMut(Event) + 'static) -> Option<Listener> {
        let callback = Closure::<dyn FnMut(Event)>::new(f);
        target.add_event_listener_with_callback_and_bool(kind, callback.as_ref().unchecked_ref(), capture).ok()?;
        Some(Listener { target: target.clone(), kind: kind.to_owned(), capture, callback })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            &self.kind,
            self.callback.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}
