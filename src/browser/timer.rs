//! `setInterval` and `setTimeout` as values that cancel themselves when dropped, so a
//! component's cleanup or a finished request cannot leave a timer firing into freed state.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// A callback run every `ms` milliseconds until this is dropped.
pub struct Interval {
    id: i32,
    // Owned so the JS function stays valid for as long as the timer can call it.
    _callback: Closure<dyn FnMut()>,
}

impl Interval {
    /// Starts calling `f` every `ms` milliseconds; `None` without a window (nothing to tick).
    pub fn every(ms: i32, f: impl FnMut() + 'static) -> Option<Interval> {
        let callback = Closure::<dyn FnMut()>::new(f);
        let id = web_sys::window()?
            .set_interval_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), ms)
            .ok()?;
        Some(Interval { id, _callback: callback })
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.id);
        }
    }
}

/// A callback run once after `ms` milliseconds, unless this is dropped first.
pub struct Timeout {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Schedules `f` after `ms` milliseconds; `None` without a window.
    pub fn after(ms: i32, f: impl FnMut() + 'static) -> Option<Timeout> {
        let callback = Closure::<dyn FnMut()>::new(f);
        let id = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), ms)
            .ok()?;
        Some(Timeout { id, _callback: callback })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}
