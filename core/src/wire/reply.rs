//! Promised against experienced: what a contact follow-up posts.

use serde::Serialize;

use crate::fields::kind;
use crate::follow_up::Contact;

kind! {
    /// Did the reply come by the promised time, as the visitor reports it? In the order of
    /// the `reply` question's labels.
    pub enum ReplyOutcome {
        /// A reply came by the promised time.
        OnTime = "on_time",
        /// A reply came, after the promised time.
        Late = "late",
        /// No reply (yet).
        NoReply = "no_reply",
    }
}

/// Promised against experienced, for one contact: what a follow-up posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    /// The channel the visitor used.
    pub channel: String,
    /// What it was about, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// When the visitor made contact (ms).
    pub contacted_at: i64,
    /// The reply-by time that was promised (ms).
    pub promised_by: i64,
    /// What the visitor reports.
    pub outcome: ReplyOutcome,
    /// When the reply came, if the visitor said (ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replied_at: Option<i64>,
}

impl FollowUp {
    /// The follow-up answer for `contact`.
    pub fn new(contact: &Contact, outcome: ReplyOutcome, replied_at: Option<i64>) -> FollowUp {
        FollowUp {
            channel: contact.channel.clone(),
            topic: contact.topic.clone(),
            contacted_at: contact.at,
            promised_by: contact.reply_by,
            outcome,
            replied_at,
        }
    }

    /// Whether a reply came at all.
    pub fn reply_received(&self) -> bool {
        self.outcome != ReplyOutcome::NoReply
    }

    /// Whether the promise was kept.
    pub fn kept_promise(&self) -> bool {
        self.outcome == ReplyOutcome::OnTime
    }

    /// Why the reported times contradict the outcome or each other, if they do.
    pub fn inconsistency(&self) -> Option<(&'static str, &'static str)> {
        if self.promised_by < self.contacted_at {
            return Some(("promised_by", "must not be before contacted_at"));
        }
        let replied_at = self.replied_at?;
        if replied_at < self.contacted_at {
            return Some(("replied_at", "must not be before contacted_at"));
        }
        match self.outcome {
            ReplyOutcome::NoReply => Some(("replied_at", "must be absent when the outcome is no_reply")),
            ReplyOutcome::OnTime => (replied_at > self.promised_by)
                .then_some(("replied_at", "is after promised_by, so the outcome cannot be on_time")),
            ReplyOutcome::Late => (replied_at <= self.promised_by)
                .then_some(("replied_at", "is by promised_by, so the outcome cannot be late")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;
    const TUESDAY_10: i64 = 1_795_000_000_000;

    #[test]
    fn the_outcome_says_whether_the_promise_was_kept() {
        let contact = Contact {
            channel: "email".into(),
            topic: None,
            at: TUESDAY_10,
            reply_by: TUESDAY_10 + 25 * HOUR,
            asked: true,
        };
        let cases = [
            (ReplyOutcome::OnTime, true, true),
            (ReplyOutcome::Late, true, false),
            (ReplyOutcome::NoReply, false, false),
        ];
        for (outcome, received, kept) in cases {
            let f = FollowUp::new(&contact, outcome, None);
            assert_eq!((f.reply_received(), f.kept_promise()), (received, kept), "{outcome:?}");
            assert_eq!(f.promised_by, contact.reply_by);
        }
    }

    #[test]
    fn reported_times_must_agree_with_the_outcome() {
        let c = Contact { channel: "email".into(), topic: None, at: 0, reply_by: 10 * HOUR, asked: true };
        let cases = [
            (ReplyOutcome::OnTime, Some(9 * HOUR), None),
            (ReplyOutcome::OnTime, Some(11 * HOUR), Some("replied_at")),
            (ReplyOutcome::Late, Some(11 * HOUR), None),
            (ReplyOutcome::Late, Some(10 * HOUR), Some("replied_at")),
            (ReplyOutcome::NoReply, Some(HOUR), Some("replied_at")),
            (ReplyOutcome::Late, Some(-HOUR), Some("replied_at")),
            (ReplyOutcome::NoReply, None, None),
        ];
        for (outcome, replied_at, problem) in cases {
            let f = FollowUp::new(&c, outcome, replied_at);
            assert_eq!(f.inconsistency().map(|(field, _)| field), problem, "{outcome:?} {replied_at:?}");
        }
    }
}
