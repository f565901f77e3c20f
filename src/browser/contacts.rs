//! Contacts the visitor starts from the channel directory, remembered in localStorage so a
//! later visit can ask whether the promised reply came in time.
//!
//! Kept under its own key until the journey history (`touchpoint_core::history`, with
//! `History::contacted`) lands on main; `record_contact` is the one place to switch over.

use serde::{Deserialize, Serialize};

/// The localStorage key of the contact list.
pub const STORAGE_KEY: &str = "touchpoint:contacts";

/// How many contacts are kept, newest last: enough for any follow-up worth asking.
pub const KEPT: usize = 20;

/// One contact, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The channel's id.
    pub channel: String,
    /// The topic the visitor had picked, if any.
    pub topic: Option<String>,
    /// When the visitor activated the channel, in ms since the Unix epoch.
    pub at: i64,
    /// The reply-by the directory promised, in ms since the Unix epoch.
    pub reply_by: i64,
}

/// Remembers that the visitor contacted `channel` about `topic` at `at_ms`, promised a
/// reply by `reply_by_ms`. Without usable storage (blocked, private mode, full) nothing is
/// kept: the follow-up is a nicety and must never disturb the contact itself.
pub fn record_contact(channel: &str, topic: Option<&str>, at_ms: i64, reply_by_ms: i64) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return };
    let stored = storage.get_item(STORAGE_KEY).ok().flatten();
    let contact =
        Contact { channel: channel.to_owned(), topic: topic.map(str::to_owned), at: at_ms, reply_by: reply_by_ms };
    let _ = storage.set_item(STORAGE_KEY, &with_contact(stored.as_deref(), contact));
}

/// The stored list `stored` with `contact` added, keeping the newest [`KEPT`]. A missing or
/// unreadable list (anyone can edit localStorage) starts afresh.
fn with_contact(stored: Option<&str>, contact: Contact) -> String {
    let mut list: Vec<Contact> = stored.and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    list.push(contact);
    let excess = list.len().saturating_sub(KEPT);
    list.drain(..excess);
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test should fail loudly")]

    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn contact(at: i64) -> Contact {
        Contact { channel: "phone".into(), topic: Some("billing".into()), at, reply_by: at + 120_000 }
    }

    fn read(json: &str) -> Vec<Contact> {
        serde_json::from_str(json).unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn contacts_are_appended_newest_last() {
        let first = with_contact(None, contact(1));
        assert_eq!(read(&with_contact(Some(&first), contact(2))), [contact(1), contact(2)]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_unreadable_list_starts_afresh() {
        for stored in ["", "{", "{\"channel\":\"x\"}", "[{\"channel\":1}]"] {
            assert_eq!(read(&with_contact(Some(stored), contact(7))), [contact(7)], "{stored:?}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn only_the_newest_contacts_are_kept() {
        let mut stored = None;
        for at in 0..30 {
            stored = Some(with_contact(stored.as_deref(), contact(at)));
        }
        let kept = read(&stored.unwrap());
        assert_eq!(kept.len(), KEPT);
        assert_eq!((kept[0].at, kept[KEPT - 1].at), (30 - KEPT as i64, 29));
    }
}
