//! The visitor's journey history in `localStorage`: one adapter for every part of
//! the widget that reads or changes it. Each change re-reads first, so another
//! tab's changes are not overwritten. When storage is unavailable (blocked,
//! private mode, quota), the widget works without memory rather than failing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use touchpoint_core::history::{History, STORAGE_KEY};

use crate::browser::ids::new_uuid;

/// A watcher of the history and its id, for removing it.
type Watcher = (u32, Rc<dyn Fn()>);

thread_local! {
    /// Who hears of changes made in this tab (other tabs' changes arrive as `storage` events).
    static WATCHERS: RefCell<Vec<Watcher>> = const { RefCell::new(Vec::new()) };
    static NEXT_WATCHER: Cell<u32> = const { Cell::new(0) };
    /// The history this page uses while none is stored: every read gets the same journey id
    /// until the first save stores it, so a first answer and the history that records it
    /// (and a later "Forget my answers") name one journey. Where storage is blocked, the
    /// page's only memory.
    static UNSTORED: RefCell<Option<History>> = const { RefCell::new(None) };
}

/// The page's `localStorage`; `None` where it is blocked or missing. The widget's one way in:
/// gloo-storage's `LocalStorage` panics when storage is blocked, and stores through serde_json,
/// where the widget writes its own compact JSON.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored history, or when there is none or it cannot be read, this page's unstored one
/// (a new anonymous journey id, the same on every read until a save stores it).
pub fn load_history() -> History {
    local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| History::from_json(&text).ok())
        .unwrap_or_else(|| UNSTORED.with(|u| u.borrow_mut().get_or_insert_with(|| History::new(new_uuid())).clone()))
}

/// Writes `history` back; failure (quota, blocked storage) keeps it for this page only, so it
/// costs memory across page views, never within one. Then tells this tab's watchers
/// ([`watch_history`]).
pub fn save_history(history: &History) {
    let stored = local_storage().is_some_and(|s| s.set_item(STORAGE_KEY, &history.to_json()).is_ok());
    UNSTORED.with(|u| *u.borrow_mut() = (!stored).then(|| history.clone()));
    // Copied out first: a watcher may itself start or stop watching.
    let watchers: Vec<Rc<dyn Fn()>> = WATCHERS.with(|w| w.borrow().iter().map(|(_, f)| Rc::clone(f)).collect());
    for watcher in watchers {
        watcher();
    }
}

/// Calls `changed` after every change this tab saves, until the returned value is dropped
/// (e.g. the contact follow-up re-plans when the channel directory records a contact).
pub fn watch_history(changed: impl Fn() + 'static) -> HistoryWatch {
    let id = NEXT_WATCHER.with(|n| n.replace(n.get().wrapping_add(1)));
    WATCHERS.with(|w| w.borrow_mut().push((id, Rc::new(changed))));
    HistoryWatch(id)
}

/// A watcher of the history's changes in this tab; dropping it stops the watching.
pub struct HistoryWatch(u32);

impl Drop for HistoryWatch {
    fn drop(&mut self) {
        WATCHERS.with(|w| w.borrow_mut().retain(|(id, _)| *id != self.0));
    }
}

/// Reads the latest history, lets `change` update it, stores it, and returns what `change` returned.
pub fn update_history<R>(change: impl FnOnce(&mut History) -> R) -> R {
    let mut history = load_history();
    let result = change(&mut history);
    save_history(&history);
    result
}
