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

/// What the page asks of the widget through `window.Touchpoint`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// `track(event)`: something happened on the page.
    Track(String),
    /// `open()` or `open({topic})`.
    Open(Option<String>),
    /// `close()`.
    Close,
    /// `forget()`: the visitor asked the site to forget their answers.
    Forget,
}

/// Where calls go once the widget listens.
type CallFn = Rc<dyn Fn(Call)>;

thread_local! {
    static LISTENER: RefCell<Option<CallFn>> = const { RefCell::new(None) };
    static QUEUED: RefCell<Vec<Call>> = const { RefCell::new(Vec::new()) };
}

fn call(c: Call) {
    match LISTENER.with(|l| l.borrow().clone()) {
        Some(listener) => listener(c),
        None => QUEUED.with(|q| {
            let mut q = q.borrow_mut();
            if q.len() < QUEUE_LIMIT {
                q.push(c);
            }
        }),
    }
}

/// `Touchpoint.track(event)`: the host page says `event` happened (e.g. `checkout-complete`);
/// touchpoints with a `track` trigger of that name become due. Never throws.
#[wasm_bindgen]
pub fn track(event: &str) {
    if !event.is_empty() && event.len() <= LONGEST_EVENT {
        call(Call::Track(event.to_owned()));
    }
}

/// `Touchpoint.open()` / `Touchpoint.open({topic})`: opens the panel, at `topic` when it is
/// a configured topic id. Never throws.
#[wasm_bindgen]
pub fn open(topic: Option<String>) {
    call(Call::Open(topic.filter(|t| touchpoint_core::fields::is_id(t))));
}

/// `Touchpoint.close()`: closes the panel. Never throws.
#[wasm_bindgen]
pub fn close() {
    call(Call::Close);
}

/// `Touchpoint.forget()`: forgets the visitor's answers, as the panel's "Forget my answers"
/// does (for a link on the site's privacy page). Never throws.
#[wasm_bindgen]
pub fn forget() {
    call(Call::Forget);
}

/// Hands every call to `listener` (first those queued so far) until the returned value is dropped.
pub fn listen(listener: impl Fn(Call) + 'static) -> ApiListener {
    let listener: CallFn = Rc::new(listener);
    LISTENER.with(|l| *l.borrow_mut() = Some(Rc::clone(&listener)));
    for c in QUEUED.with(|q| std::mem::take(&mut *q.borrow_mut())) {
        listener(c);
    }
    ApiListener(listener)
}

/// The listener of API calls; dropping it makes calls queue again (unless a newer
/// listener has taken over meanwhile).
pub struct ApiListener(CallFn);

impl Drop for ApiListener {
    fn drop(&mut self) {
        LISTENER.with(|l| {
            let mut l = l.borrow_mut();
            if l.as_ref().is_some_and(|current| Rc::ptr_eq(current, &self.0)) {
                *l = None;
            }
        });
    }
}
