//! The visitor's journey history in `localStorage`: one adapter for every part of
//! the widget that reads or changes it. Each change re-reads first, so another
//! tab's changes are not overwritten. When storage is unavailable (blocked,
//! private mode, quota), the widget works without memory rather than failing.

use touchpoint_core::history::{History, STORAGE_KEY};

use crate::browser::ids::new_uuid;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored history, or a fresh one (new anonymous journey id) when there is
/// none or it cannot be read.
pub fn load_history() -> History {
    local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| History::from_json(&text).ok())
        .unwrap_or_else(|| History::new(new_uuid()))
}

/// Writes `history` back; failure (quota, blocked storage) only costs memory across page views.
pub fn save_history(history: &History) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(STORAGE_KEY, &history.to_json());
    }
}

/// Reads the latest history, lets `change` update it, stores it, and returns what `change` returned.
pub fn update_history<R>(change: impl FnOnce(&mut History) -> R) -> R {
    let mut history = load_history();
    let result = change(&mut history);
    save_history(&history);
    result
}
