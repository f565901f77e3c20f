//! Closing the loop on promises: the channel directory records each contact with
//! its promised reply-by; once that has passed, a follow-up asks whether the
//! reply came, and the answer records promised against experienced.

use serde::Serialize;

use crate::history::History;

/// Most open contacts remembered; older ones are forgotten first.
pub const CONTACT_LIMIT: usize = 10;

/// A contact the visitor started from the channel directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The channel's id in the configuration.
    pub channel: String,
    /// What the visitor wanted help with, when the directory knows (a topic id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// When the visitor made contact, milliseconds since the Unix epoch.
    pub at: i64,
    /// The reply-by time the widget promised, milliseconds since the Unix epoch.
    pub reply_by: i64,
    /// Whether the follow-up has been offered (shown or sampled out): each contact is asked about once.
    pub asked: bool,
}

impl History {
    /// Records a contact started on `channel` at `at` with a reply promised by `reply_by`.
    /// Repeated clicks on a channel still within its promise are the same contact: the
    /// first promise is the one the visitor is waiting on, so they are not recorded again.
    pub fn contacted(&mut self, channel: &str, topic: Option<&str>, at: i64, reply_by: i64) {
        let waiting = self.contacts.iter().any(|c| !c.asked && c.channel == channel && at < c.reply_by);
        if waiting {
            return;
        }
        self.contacts.push(Contact {
            channel: channel.to_owned(),
            topic: topic.map(str::to_owned),
            at,
            reply_by: reply_by.max(at),
            asked: false,
        });
        self.trim();
    }

    /// The next time a follow-up may fall due (the earliest reply-by after `now` of a
    /// contact not yet asked about), for the widget's timer; `None` when none is pending.
    pub fn next_reply_by(&self, now: i64) -> Option<i64> {
        self.contacts.iter().filter(|c| !c.asked && c.reply_by > now).map(|c| c.reply_by).min()
    }

    /// Marks the contact on `channel` made at `at` as asked about.
    pub fn follow_up_asked(&mut self, channel: &str, at: i64) {
        if let Some(c) = self.contacts.iter_mut().find(|c| c.channel == channel && c.at == at) {
            c.asked = true;
        }
    }
}

/// Did the reply come by the promised time, as the visitor reports it?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyOutcome {
    /// A reply came by the promised time.
    OnTime,
    /// A reply came, after the promised time.
    Late,
    /// No reply (yet).
    NoReply,
}

impl ReplyOutcome {
    /// Every outcome with its wire name, in the order of the `reply` question's labels.
    pub const ALL: [(&'static str, ReplyOutcome); 3] =
        [("on_time", ReplyOutcome::OnTime), ("late", ReplyOutcome::Late), ("no_reply", ReplyOutcome::NoReply)];
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
        match self.outcome {
            _ if replied_at < self.contacted_at => Some(("replied_at", "must not be before contacted_at")),
            ReplyOutcome::NoReply => Some(("replied_at", "must be absent when the outcome is no_reply")),
            ReplyOutcome::OnTime if replied_at > self.promised_by => {
                Some(("replied_at", "is after promised_by, so the outcome cannot be on_time"))
            }
            ReplyOutcome::Late if replied_at <= self.promised_by => {
                Some(("replied_at", "is by promised_by, so the outcome cannot be late"))
            }
            _ => None,
        }
    }
}

/// The names a follow-up prompt may use, filled in by the widget in the visitor's
/// language and time zone: "You contacted us by {channel} on {contacted}. Did you get
/// a reply by {promised}, as we promised?"
pub const PLACEHOLDERS: [&str; 3] = ["channel", "contacted", "promised"];

/// Checks that a prompt uses only [`PLACEHOLDERS`], each `{` closed.
pub fn check_placeholders(prompt: &str) -> Result<(), String> {
    let mut rest = prompt;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("has a `{` without its `}`".into());
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!("`{{{name}}}` is not a placeholder (use {{channel}}, {{contacted}} or {{promised}})"));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// A follow-up prompt with its placeholders replaced (the times already formatted by the widget).
pub fn fill_prompt(prompt: &str, channel: &str, contacted: &str, promised: &str) -> String {
    prompt.replace("{channel}", channel).replace("{contacted}", contacted).replace("{promised}", promised)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;
    const TUESDAY_10: i64 = 1_795_000_000_000;

    fn history() -> History {
        History::new("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44".into())
    }

    #[test]
    fn a_second_click_on_a_channel_within_its_promise_is_the_same_contact() {
        let mut h = history();
        h.contacted("email", Some("billing"), TUESDAY_10, TUESDAY_10 + 25 * HOUR);
        h.contacted("email", None, TUESDAY_10 + HOUR, TUESDAY_10 + 26 * HOUR);
        h.contacted("chat", None, TUESDAY_10 + HOUR, TUESDAY_10 + 2 * HOUR);
        h.contacted("email", None, TUESDAY_10 + 30 * HOUR, TUESDAY_10 + 50 * HOUR);
        let seen: Vec<(&str, i64)> = h.contacts.iter().map(|c| (c.channel.as_str(), c.at)).collect();
        assert_eq!(seen, [("email", TUESDAY_10), ("chat", TUESDAY_10 + HOUR), ("email", TUESDAY_10 + 30 * HOUR)]);
    }

    #[test]
    fn only_the_latest_contacts_are_remembered() {
        let mut h = history();
        for i in 0..15 {
            h.contacted(&format!("c{i}"), None, TUESDAY_10 + i, TUESDAY_10 + HOUR);
        }
        assert_eq!(h.contacts.len(), CONTACT_LIMIT);
        assert_eq!(h.contacts[0].channel, "c5");
    }

    #[test]
    fn the_next_check_is_the_earliest_pending_reply_by() {
        let mut h = history();
        h.contacted("email", None, TUESDAY_10, TUESDAY_10 + 25 * HOUR);
        h.contacted("chat", None, TUESDAY_10, TUESDAY_10 + HOUR);
        assert_eq!(h.next_reply_by(TUESDAY_10), Some(TUESDAY_10 + HOUR));
        h.follow_up_asked("chat", TUESDAY_10);
        assert_eq!(h.next_reply_by(TUESDAY_10), Some(TUESDAY_10 + 25 * HOUR));
        assert_eq!(h.next_reply_by(TUESDAY_10 + 25 * HOUR), None);
    }

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

    #[test]
    fn prompts_may_name_the_contact() {
        let prompt = "You contacted us by {channel} on {contacted}. Did you get a reply by {promised}?";
        assert_eq!(check_placeholders(prompt), Ok(()));
        assert_eq!(
            fill_prompt(prompt, "e-mail", "Tuesday", "Wednesday 11:00"),
            "You contacted us by e-mail on Tuesday. Did you get a reply by Wednesday 11:00?"
        );
        assert_eq!(
            check_placeholders("By {when}?"),
            Err("`{when}` is not a placeholder (use {channel}, {contacted} or {promised})".into())
        );
        assert_eq!(check_placeholders("By {promised?"), Err("has a `{` without its `}`".into()));
    }
}
