//! The JS API on the host page, `window.Touchpoint`. The loader defines it and
//! queues calls made before the wasm has loaded; once mounted, it hands them here.
//! Calls that arrive before the widget listens are kept and replayed.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

/// Calls kept while nothing listens; a page that tracks more before the widget is up is not worth remembering.
const QUEUE_LIMIT: usize = 50;
/// Longer names cannot match a configured event (at most 64 characters).
const LONGEST_EVENT: usize = 64;

/// Where `track` calls go once the widget listens.
type TrackFn = Rc<dyn Fn(&str)>;

thread_local! {
    static LISTENER: RefCell<Option<TrackFn>> = const { RefCell::new(None) };
    static QUEUED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// `Touchpoint.track(event)`: the host page says `event` happened (e.g. `checkout-complete`);
/// touchpoints with a `track` trigger of that name become due. Never throws.
#[wasm_bindgen]
pub fn track(event: &str) {
    if event.is_empty() || event.len() > LONGEST_EVENT {
        return;
    }
    match LISTENER.with(|l| l.borrow().clone()) {
        Some(listener) => listener(event),
        None => QUEUED.with(|q| {
            let mut q = q.borrow_mut();
            if q.len() < QUEUE_LIMIT {
                q.push(event.to_owned());
            }
        }),
    }
}

/// Hands every `track` call to `listener` (first those queued so far) until the returned value is dropped.
pub fn listen_to_track(listener: impl Fn(&str) + 'static) -> TrackListener {
    let listener: TrackFn = Rc::new(listener);
    LISTENER.with(|l| *l.borrow_mut() = Some(Rc::clone(&listener)));
    for event in QUEUED.with(|q| std::mem::take(&mut *q.borrow_mut())) {
        listener(&event);
    }
    TrackListener(listener)
}

/// The listener of `track` calls; dropping it makes calls queue again (unless a newer
/// listener has taken over meanwhile).
pub struct TrackListener(TrackFn);

impl Drop for TrackListener {
    fn drop(&mut self) {
        LISTENER.with(|l| {
            let mut l = l.borrow_mut();
            if l.as_ref().is_some_and(|current| Rc::ptr_eq(current, &self.0)) {
                *l = None;
            }
        });
    }
}
