//! The browser side of exactly-once delivery: a thin adapter that feeds
//! [`touchpoint_core::delivery::Outbox`] the page's events and carries out the
//! effects it returns (the contract is in that module's docs). All decisions
//! (when to send, retry, drop, who holds the cross-tab lease) are the core's;
//! this file only touches localStorage, timers, events and `fetch`. Time comes from
//! the widget's [`Clock`]: the page's own by default, so a test drives the retries.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use touchpoint_core::delivery::{
    DropReason, Effect, Input, Outbox, Policy, Request, Snapshot, forget_url, storage_key,
};
use wasm_bindgen::JsCast;

use crate::browser::storage::local_storage;
use crate::browser::{fetch, ids};
use crate::clock::{Clock, Timer};

thread_local! {
    /// One adapter per collector endpoint and page load, shared by every widget instance.
    /// A page has one endpoint or a few: a list, not a map (each map type costs wasm).
    static SHARED: RefCell<Vec<(String, Rc<OutboxAdapter>)>> = const { RefCell::new(Vec::new()) };
}

/// The page's outbox for `endpoint`, started on first use (at mount) with that user's clock.
pub fn shared(endpoint: &str, clock: &Clock) -> Rc<OutboxAdapter> {
    SHARED.with(|all| {
        let mut all = all.borrow_mut();
        if let Some((_, adapter)) = all.iter().find(|(e, _)| e == endpoint) {
            return adapter.clone();
        }
        let adapter = OutboxAdapter::start(endpoint, clock.clone());
        all.push((endpoint.to_owned(), adapter.clone()));
        adapter
    })
}

/// A running outbox for one endpoint: owns the state machine, its one timer and
/// its event listeners; dropping it (never, for the page's shared ones) removes both.
pub struct OutboxAdapter {
    /// This adapter, for callbacks that must reach it without keeping it alive.
    me: Weak<OutboxAdapter>,
    endpoint: String,
    key: String,
    clock: Clock,
    machine: RefCell<Outbox>,
    timer: RefCell<Option<Timer>>,
    listeners: RefCell<Vec<EventListener>>,
    warned: RefCell<Vec<String>>,
    dropped: Cell<u32>,
}

impl OutboxAdapter {
    /// Starts an outbox for `endpoint` with a fresh tab id and a random seed, loads
    /// what is stored, listens to `storage`, `online`, `pagehide` and
    /// `visibilitychange`, and flushes what is due, by `clock`. A second instance for
    /// the same endpoint (another tab, or a reload) shares the stored items through the lease.
    pub fn start(endpoint: &str, clock: Clock) -> Rc<OutboxAdapter> {
        let machine = Outbox::new(Policy::default(), ids::new_uuid(), ids::seed())
            .unwrap_or_else(|e| unreachable!("the default delivery policy is valid: {e}"));
        let adapter = Rc::new_cyclic(|me: &Weak<OutboxAdapter>| OutboxAdapter {
            me: me.clone(),
            endpoint: endpoint.to_owned(),
            key: storage_key(endpoint),
            clock,
            machine: RefCell::new(machine),
            timer: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            warned: RefCell::new(Vec::new()),
            dropped: Cell::new(0),
        });
        adapter.listen();
        let stored = adapter.read().unwrap_or_default();
        adapter.handle(Input::Stored(stored));
        adapter
    }

    /// Keeps a submission until it is delivered. `Ok` once it is persisted (or,
    /// with storage blocked, held by this page): the visitor can be thanked now.
    /// `Err` when it was dropped at once (too large to ever send).
    pub fn enqueue(&self, id: &str, body: String, created_at: i64) -> Result<(), DropReason> {
        let effects = self.handle(Input::Enqueue { id: id.to_owned(), body, created_at });
        effects
            .iter()
            .find_map(|e| match e {
                Effect::Dropped { id: dropped, reason } if dropped == id => Some(Err(*reason)),
                _ => None,
            })
            .unwrap_or(Ok(()))
    }

    /// Queues the deletion of `journey` at the collector (kept and retried like a submission,
    /// after any submission of it in flight; those still waiting are dropped unsent).
    pub fn forget(&self, journey: &str) {
        self.handle(Input::Forget { id: ids::new_uuid(), journey: journey.to_owned(), created_at: self.clock.now() });
    }

    /// This tab's view of the outbox.
    pub fn snapshot(&self) -> Snapshot {
        self.machine.borrow().snapshot().clone()
    }

    /// Items this page saw dropped (each also logged with its reason).
    pub fn dropped(&self) -> u32 {
        self.dropped.get()
    }

    /// Feeds one input to the machine and carries out its effects, in order.
    fn handle(&self, input: Input) -> Vec<Effect> {
        let effects = self.machine.borrow_mut().handle(input, self.clock.now());
        for effect in &effects {
            match effect {
                Effect::Persist(snapshot) => self.persist(snapshot),
                Effect::Send(request) => self.send(request.clone()),
                Effect::WakeAt(at) => self.wake_at(*at),
                Effect::Delivered { .. } | Effect::RetryScheduled { .. } => {}
                // Asked for by the visitor: nothing to warn about.
                Effect::Dropped { reason: DropReason::Forgotten, .. } => {}
                Effect::Dropped { id, reason } => {
                    self.dropped.set(self.dropped.get().saturating_add(1));
                    warn(&format!("Touchpoint: feedback {id} was dropped: {reason}."));
                }
                Effect::Warn(message) => {
                    let mut warned = self.warned.borrow_mut();
                    if !warned.contains(message) {
                        warned.push(message.clone());
                        warn(&format!("Touchpoint: {message}"));
                    }
                }
            }
        }
        effects
    }

    fn read(&self) -> Option<Snapshot> {
        let text = local_storage()?.get_item(&self.key).ok()??;
        Snapshot::from_json(&text).ok()
    }

    /// Read-merge-write, so another tab's concurrent write is folded in, not lost.
    fn persist(&self, snapshot: &Snapshot) {
        let mut merged = snapshot.clone();
        if let Some(stored) = self.read() {
            merged.merge(&stored);
        }
        if let Some(storage) = local_storage() {
            // Quota or blocked storage: the item still lives in this page's memory.
            let _ = storage.set_item(&self.key, &merged.to_json());
        }
    }

    fn send(&self, request: Request) {
        let endpoint = self.endpoint.clone();
        let weak = self.me.clone();
        let timeout = request.deadline - self.clock.now();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = if request.forget {
                fetch::send(&forget_url(&endpoint, &request.body), None, request.transport, timeout).await
            } else {
                fetch::send(&endpoint, Some(&request.body), request.transport, timeout).await
            };
            if let Some(adapter) = weak.upgrade() {
                adapter.handle(Input::Outcome { id: request.id, attempt: request.attempt, outcome });
            }
        });
    }

    /// Replaces the one timer with one firing at `at` (a tick that comes early, as after
    /// the clamp of a wait beyond 24.8 days, only sets the next one).
    fn wake_at(&self, at: i64) {
        let weak = self.me.clone();
        let timer = self.clock.after(at - self.clock.now(), move || {
            if let Some(adapter) = weak.upgrade() {
                adapter.timer.replace(None);
                adapter.handle(Input::Tick);
            }
        });
        // The old timer, if any, is cancelled as it drops.
        self.timer.replace(Some(timer));
    }

    fn listen(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        let key = self.key.clone();
        self.on(&window, "storage", move |adapter, event| {
            let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
            if event.key().as_deref() != Some(key.as_str()) {
                return;
            }
            let stored = event.new_value().and_then(|text| Snapshot::from_json(&text).ok()).unwrap_or_default();
            adapter.handle(Input::Stored(stored));
        });
        self.on(&window, "online", |adapter, _| {
            adapter.handle(Input::Online);
        });
        self.on(&window, "pagehide", |adapter, _| {
            adapter.handle(Input::PageHidden);
        });
        if let Some(document) = window.document() {
            let doc = document.clone();
            self.on(&document, "visibilitychange", move |adapter, _| {
                if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                    adapter.handle(Input::PageHidden);
                }
            });
        }
    }

    /// Adds a listener, kept (and so attached) as long as this adapter, that reaches it.
    fn on(
        self: &Rc<Self>,
        target: &web_sys::EventTarget,
        name: &'static str,
        handler: impl Fn(&OutboxAdapter, &web_sys::Event) + 'static,
    ) {
        let weak = Rc::downgrade(self);
        let listener = EventListener::new(target, name, move |event| {
            if let Some(adapter) = weak.upgrade() {
                handler(&adapter, event);
            }
        });
        self.listeners.borrow_mut().push(listener);
    }
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
