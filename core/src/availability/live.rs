//! A channel's live status (`{"open": bool, "wait_seconds": n}` from its `live_status`
//! URL), which beats the schedule's estimate when it answers in time.

use serde_json::Value;

use super::{Availability, Instant};
use crate::fields::{Invalid, Node, Reader};

/// What a channel's live-status endpoint says right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveStatus {
    /// Whether someone is answering.
    pub open: bool,
    /// The current wait for a reply, in seconds, if the endpoint says.
    pub wait_seconds: Option<u64>,
}

/// Longest wait a live status may report (a week): anything more is a broken endpoint.
const MAX_WAIT: i64 = 7 * 86_400;

impl LiveStatus {
    /// Reads an endpoint's answer; other members are ignored (endpoints may say more).
    pub fn from_value(value: &Value) -> Result<LiveStatus, Invalid> {
        let mut r = Reader::default();
        let root = Node::root(value);
        if !value.is_object() {
            r.fail(&root, "must be an object such as {\"open\": true, \"wait_seconds\": 120}");
            return r.finish(LiveStatus { open: false, wait_seconds: None });
        }
        let open_node = root.field("open");
        let open = r.opt_bool(&open_node);
        if open.is_none() && !open_node.is_present() {
            r.fail(&open_node, "is required");
        }
        let wait = r.opt_int(&root.field("wait_seconds"), 0..=MAX_WAIT).and_then(|n| u64::try_from(n).ok());
        r.finish(LiveStatus { open: open.unwrap_or(false), wait_seconds: wait })
    }
}

impl Availability {
    /// This availability corrected by a live status taken at `at`: the live answer decides
    /// whether the channel is open, and an open channel's stated wait decides the reply-by.
    /// The schedule still says when it next opens and closes.
    pub fn with_live(self, live: LiveStatus, at: Instant) -> Availability {
        let reply_by = match (live.open, live.wait_seconds) {
            (true, Some(wait)) => Some(at.plus(wait)),
            _ => self.reply_by,
        };
        Availability { open: live.open, reply_by, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_endpoints_answer() {
        let cases = [
            (json!({"open": true, "wait_seconds": 90}), Ok(LiveStatus { open: true, wait_seconds: Some(90) })),
            (json!({"open": false, "queue": 3}), Ok(LiveStatus { open: false, wait_seconds: None })),
            (json!({"wait_seconds": 90}), Err(vec!["open: is required".to_owned()])),
            (
                json!({"open": "yes", "wait_seconds": -1}),
                Err(vec![
                    "open: must be true or false, found a string".to_owned(),
                    "wait_seconds: must be between 0 and 604800, found -1".to_owned(),
                ]),
            ),
            (
                json!([true]),
                Err(vec!["(root): must be an object such as {\"open\": true, \"wait_seconds\": 120}".to_owned()]),
            ),
        ];
        for (value, expected) in cases {
            let got =
                LiveStatus::from_value(&value).map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>());
            assert_eq!(got, expected, "{value}");
        }
    }

    #[test]
    fn a_live_answer_overrides_open_and_the_wait() {
        let at = Instant(1_000);
        let estimate = Availability {
            open: false,
            next_open: Some(Instant(5_000)),
            next_close: Some(Instant(9_000)),
            reply_by: Some(Instant(5_300)),
        };
        let open_now = estimate.with_live(LiveStatus { open: true, wait_seconds: Some(120) }, at);
        assert_eq!(open_now, Availability { open: true, reply_by: Some(Instant(1_120)), ..estimate });
        let open_no_wait = estimate.with_live(LiveStatus { open: true, wait_seconds: None }, at);
        assert_eq!(open_no_wait, Availability { open: true, ..estimate });
        let closed =
            Availability { open: true, ..estimate }.with_live(LiveStatus { open: false, wait_seconds: Some(5) }, at);
        assert_eq!(closed, estimate);
    }
}
