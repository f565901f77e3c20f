//! `setTimeout` and `setInterval` as values that cancel themselves when dropped, so a
//! component's cleanup, a finished request or a visitor moving on to another page cannot
//! leave a timer firing into freed or stale state.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The longest delay `setTimeout` honours (about 24.8 days); longer ones fire at once in browsers.
const LONGEST_MS: i64 = i32::MAX as i64;

/// A callback run once after a delay, unless this is dropped first.
pub struct Timeout {
    id: i32,
    // Owned so the JS function stays valid for as long as the timer can call it.
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Runs `f` after `ms` milliseconds (at most [`LONGEST_MS`]: a caller waiting longer
    /// re-checks when it fires); `None` without a window.
    pub fn after(ms: i64, f: impl FnOnce() + 'static) -> Option<Timeout> {
        let callback = Closure::once(f);
        let ms = i32::try_from(ms.clamp(0, LONGEST_MS)).unwrap_or(i32::MAX);
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

/// A callback run every `ms` milliseconds until this is dropped.
pub struct Interval {
    id: i32,
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
