//! The visitor's touchpoint history, as the browser keeps it in localStorage:
//! an anonymous journey id, the last [`HISTORY_LIMIT`] prompts and answers with
//! their times and scores (never comment text), and the open contacts awaiting
//! a follow-up. The recontact rules, the journey score and the follow-ups all
//! read it; nothing else about the visitor is kept.

use serde::Serialize;
use serde_json::Value;

use crate::config::Touchpoint;
use crate::fields::{Node, Reader, kind};
use crate::follow_up::Contact;
use crate::journey::{JourneyParams, Moment, journey_score};
use crate::wire::{HISTORY_LIMIT, JourneyScore, Stage, is_uuid};

/// Most open contacts remembered; older ones are forgotten first.
pub const CONTACT_LIMIT: usize = 10;

/// The localStorage key the widget keeps the history under.
pub const STORAGE_KEY: &str = "touchpoint:history";

/// Version of the stored format; a history in another format is started afresh.
pub const HISTORY_FORMAT: u8 = 1;

/// One browser's journey.
///
/// Written with serde, read only by [`History::from_json`]: the stored format has that one
/// reader. There is deliberately no `Deserialize`: serde's derived one quotes floats in its
/// errors, which would link Rust's float printer (about 18.6 KB brotli) into the widget.
///
/// ```compile_fail,E0277
/// let _: touchpoint_core::History = serde_json::from_str("{}").unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// Storage format ([`HISTORY_FORMAT`]).
    pub v: u8,
    /// Anonymous journey id (a random UUID made by the browser), posted with each submission.
    pub journey: String,
    /// Prompts and answers, in the order they ended (the last entry is the latest).
    pub entries: Vec<Entry>,
    /// Contacts awaiting or done with their follow-up, oldest first.
    pub contacts: Vec<Contact>,
}

/// One prompt or answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The touchpoint's id.
    pub touchpoint: String,
    /// Its journey stage.
    pub stage: Stage,
    /// When it last changed (shown, dismissed, answered), milliseconds since the Unix epoch.
    pub at: i64,
    /// How it ended so far.
    pub outcome: Outcome,
    /// Whether the widget prompted for it (false: the visitor opened the panel, or it was sampled out).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub prompted: bool,
    /// The touchpoint score, for answered touchpoints that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

kind! {
    /// How a prompt ended.
    pub enum Outcome {
        /// Shown, not (yet) answered or dismissed; counts as a prompt.
        Shown = "shown",
        /// Closed without answering; counts as a prompt.
        Dismissed = "dismissed",
        /// Answered.
        Answered = "answered",
        /// Due, but the visitor fell outside the touchpoint's sample; only the same touchpoint's rule counts it.
        SampledOut = "sampled_out",
    }
}

fn read_entry(r: &mut Reader, node: &Node<'_>) -> Option<Entry> {
    r.record(node);
    let touchpoint = r.string(&node.field("touchpoint"));
    let stage = r.kind(&node.field("stage"));
    let at = r.int(&node.field("at"), i64::MIN..=i64::MAX);
    let outcome = r.kind(&node.field("outcome"));
    let prompted = r.opt_bool(&node.field("prompted"));
    let score = r.opt_number(&node.field("score"), f64::MIN..=f64::MAX);
    Some(Entry {
        touchpoint: touchpoint?.to_owned(),
        stage: stage?,
        at: at?,
        outcome: outcome?,
        prompted: prompted.unwrap_or_default(),
        score,
    })
}

fn read_contact(r: &mut Reader, node: &Node<'_>) -> Option<Contact> {
    r.record(node);
    let channel = r.string(&node.field("channel"));
    let topic = r.opt_string(&node.field("topic"));
    let at = r.int(&node.field("at"), i64::MIN..=i64::MAX);
    let reply_by = r.int(&node.field("reply_by"), i64::MIN..=i64::MAX);
    let asked = r.opt_bool(&node.field("asked"));
    Some(Contact {
        channel: channel?.to_owned(),
        topic: topic.map(str::to_owned),
        at: at?,
        reply_by: reply_by?,
        asked: asked.unwrap_or_default(),
    })
}

/// An answered touchpoint still to be recorded: what [`crate::submit::submit`] returns beside the
/// submission, for [`History::record`] once the submission is kept for sending. Only `submit`
/// makes one and recording consumes it, so an answer cannot be recorded twice.
#[derive(Debug, PartialEq)]
#[must_use = "record it with History::record once the submission is kept for sending"]
pub struct Answered {
    touchpoint: String,
    stage: Stage,
    score: Option<f64>,
    at: i64,
}

impl Answered {
    /// `touchpoint` (at `stage`) answered at `at`, with its score as posted.
    pub(crate) fn new(touchpoint: &str, stage: Stage, score: Option<f64>, at: i64) -> Answered {
        Answered { touchpoint: touchpoint.to_owned(), stage, score, at }
    }
}

/// Why a stored history was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("stored history is unreadable: {0}")]
    Malformed(String),
    #[error("stored history has format {0}, this widget reads {HISTORY_FORMAT}")]
    Format(u8),
    #[error("stored journey id is not a UUID")]
    JourneyId,
}

impl History {
    /// An empty history for a new journey; `journey_id` is a random UUID (`crypto.randomUUID()`).
    pub fn new(journey_id: String) -> History {
        History { v: HISTORY_FORMAT, journey: journey_id, entries: Vec::new(), contacts: Vec::new() }
    }

    /// Reads what the widget stored. localStorage can be edited by anyone, so
    /// scores are clamped and the lists bounded; an unreadable history is an error
    /// (the widget then starts a new one).
    pub fn from_json(text: &str) -> Result<History, HistoryError> {
        // Read through `Value` and the field `Reader`, not serde's derived `Deserialize`: its
        // errors quote floats, which links Rust's float printer (about 20 KB) into the widget.
        let value: Value = serde_json::from_str(text).map_err(|e| {
            HistoryError::Malformed(format!("not a history at line {} column {}", e.line(), e.column()))
        })?;
        let mut r = Reader::default();
        let root = Node::root(&value);
        r.record(&root);
        let v = r.int(&root.field("v"), 0..=i64::from(u8::MAX)).and_then(|v| u8::try_from(v).ok());
        if let Some(v) = v.filter(|v| *v != HISTORY_FORMAT) {
            return Err(HistoryError::Format(v));
        }
        let journey = r.string(&root.field("journey"));
        let entries: Vec<Option<Entry>> =
            r.items(&root.field("entries")).iter().map(|n| read_entry(&mut r, n)).collect();
        let contacts: Vec<Option<Contact>> =
            r.opt_items(&root.field("contacts")).iter().map(|n| read_contact(&mut r, n)).collect();
        let read = (|| {
            Some(History {
                v: v?,
                journey: journey?.to_owned(),
                entries: entries.into_iter().collect::<Option<_>>()?,
                contacts: contacts.into_iter().collect::<Option<_>>()?,
            })
        })();
        let mut h = r.finish_with(read).map_err(|e| HistoryError::Malformed(e.to_string()))?;
        if !is_uuid(&h.journey) {
            return Err(HistoryError::JourneyId);
        }
        for e in &mut h.entries {
            e.score = e.score.filter(|s| s.is_finite()).map(|s| s.clamp(-1.0, 1.0));
        }
        h.trim();
        Ok(h)
    }

    /// What the widget stores.
    pub fn to_json(&self) -> String {
        // Plain strings, integers and finite floats: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Records that `touchpoint` was shown to the visitor unasked.
    pub fn prompted(&mut self, touchpoint: &Touchpoint, now: i64) {
        self.push(Entry {
            touchpoint: touchpoint.id.clone(),
            stage: touchpoint.stage,
            at: now,
            outcome: Outcome::Shown,
            prompted: true,
            score: None,
        });
    }

    /// Records that `touchpoint` was due but the visitor fell outside its sample.
    pub fn sampled_out(&mut self, touchpoint: &Touchpoint, now: i64) {
        self.push(Entry {
            touchpoint: touchpoint.id.clone(),
            stage: touchpoint.stage,
            at: now,
            outcome: Outcome::SampledOut,
            prompted: false,
            score: None,
        });
    }

    /// Records that the visitor closed the prompt for `touchpoint` without answering.
    pub fn dismissed(&mut self, touchpoint: &Touchpoint, now: i64) {
        self.end_prompt(&touchpoint.id, touchpoint.stage, now, Outcome::Dismissed, None);
    }

    /// Records the answer [`crate::submit::submit`] returned beside its submission, once the
    /// submission is kept for sending. Taking it by value is what makes recording it twice impossible.
    pub fn record(&mut self, answered: Answered) {
        let Answered { touchpoint, stage, score, at } = answered;
        self.answered(&touchpoint, stage, score, at);
    }

    /// Records an answered touchpoint and its score (`None` when its answers carry no sentiment).
    /// Answers to a prompt end that prompt; answers the visitor gave unprompted (the panel) are new entries.
    pub(crate) fn answered(&mut self, touchpoint: &str, stage: Stage, score: Option<f64>, now: i64) {
        let score = score.filter(|s| s.is_finite()).map(|s| s.clamp(-1.0, 1.0));
        self.end_prompt(touchpoint, stage, now, Outcome::Answered, score);
    }

    /// The journey so far: every answered touchpoint with a score, oldest first.
    pub fn moments(&self) -> Vec<Moment<'_>> {
        self.entries
            .iter()
            .filter(|e| e.outcome == Outcome::Answered)
            .filter_map(|e| Some(Moment { touchpoint: &e.touchpoint, at: e.at, score: e.score? }))
            .collect()
    }

    /// The journey score of [`History::moments`]; `None` before the first scored answer.
    pub fn journey(&self, params: &JourneyParams) -> Option<JourneyScore> {
        journey_score(&self.moments(), params)
    }

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

    /// Ends the latest open prompt for `touchpoint` (or records an unprompted entry), moving it to
    /// the end so the entries stay in the order things ended and the last one is the journey's end.
    fn end_prompt(&mut self, touchpoint: &str, stage: Stage, now: i64, outcome: Outcome, score: Option<f64>) {
        let open = self.entries.iter().rposition(|e| e.touchpoint == touchpoint && e.outcome == Outcome::Shown);
        let prompted = open.is_some();
        if let Some(i) = open {
            self.entries.remove(i);
        }
        self.push(Entry { touchpoint: touchpoint.to_owned(), stage, at: now, outcome, prompted, score });
    }

    fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
        self.trim();
    }

    /// Keeps the latest [`HISTORY_LIMIT`] entries and [`CONTACT_LIMIT`] contacts.
    fn trim(&mut self) {
        let extra = self.entries.len().saturating_sub(HISTORY_LIMIT);
        self.entries.drain(..extra);
        let extra = self.contacts.len().saturating_sub(CONTACT_LIMIT);
        self.contacts.drain(..extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Trigger, test_touchpoint as touchpoint};

    const JOURNEY: &str = "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44";

    #[test]
    fn the_history_survives_storage() {
        let mut h = History::new(JOURNEY.into());
        let checkout = touchpoint("checkout", Trigger::Track { event: "checkout-complete".into() });
        h.prompted(&checkout, 1_000);
        h.answered("checkout", Stage::Buy, Some(0.5), 2_000);
        h.answered("help-panel", Stage::GetHelp, None, 3_000);
        h.contacted("email", Some("billing"), 4_000, 5_000);
        assert_eq!(History::from_json(&h.to_json()), Ok(h));
    }

    #[test]
    fn the_stored_shape_is_small_and_readable() {
        let mut h = History::new(JOURNEY.into());
        h.answered("help-panel", Stage::GetHelp, Some(-0.25), 3_000);
        assert_eq!(
            h.to_json(),
            r#"{"v":1,"journey":"0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44","entries":[{"touchpoint":"help-panel","stage":"get_help","at":3000,"outcome":"answered","score":-0.25}],"contacts":[]}"#
        );
    }

    #[test]
    fn only_the_last_fifty_entries_are_kept() {
        let mut h = History::new(JOURNEY.into());
        for i in 0..60 {
            h.answered(&format!("t{i}"), Stage::Use, Some(0.0), i);
        }
        assert_eq!(h.entries.len(), HISTORY_LIMIT);
        assert_eq!(h.entries[0].touchpoint, "t10");
    }

    #[test]
    fn an_answer_ends_its_prompt_and_becomes_the_latest_entry() {
        let mut h = History::new(JOURNEY.into());
        let survey = touchpoint("survey", Trigger::ExitIntent { pattern: None });
        h.prompted(&survey, 1_000);
        h.answered("help-panel", Stage::GetHelp, Some(1.0), 2_000);
        h.answered("survey", Stage::Use, Some(-1.0), 3_000);
        let order: Vec<(&str, Outcome, bool)> =
            h.entries.iter().map(|e| (e.touchpoint.as_str(), e.outcome, e.prompted)).collect();
        assert_eq!(order, [("help-panel", Outcome::Answered, false), ("survey", Outcome::Answered, true)]);
        assert_eq!(h.journey(&JourneyParams::default()).map(|j| j.count), Some(2));
    }

    #[test]
    fn a_dismissal_ends_the_prompt_and_stays_a_prompt() {
        let mut h = History::new(JOURNEY.into());
        let survey = touchpoint("survey", Trigger::ExitIntent { pattern: None });
        h.prompted(&survey, 1_000);
        h.dismissed(&survey, 1_500);
        assert_eq!(h.entries.len(), 1);
        assert_eq!((h.entries[0].outcome, h.entries[0].prompted, h.entries[0].at), (Outcome::Dismissed, true, 1_500));
        assert_eq!(h.journey(&JourneyParams::default()), None, "a dismissal has no score");
    }

    #[test]
    fn tampered_or_foreign_storage_is_refused_or_repaired() {
        assert!(matches!(History::from_json("{"), Err(HistoryError::Malformed(_))));
        assert_eq!(History::from_json(r#"{"v":9,"journey":"x","entries":[]}"#), Err(HistoryError::Format(9)));
        assert_eq!(History::from_json(r#"{"v":1,"journey":"x","entries":[]}"#), Err(HistoryError::JourneyId));
        let h = History::from_json(&format!(
            r#"{{"v":1,"journey":"{JOURNEY}","entries":[{{"touchpoint":"a","stage":"use","at":1,"outcome":"answered","score":7}}]}}"#
        ))
        .unwrap();
        assert_eq!(h.entries[0].score, Some(1.0));
        assert!(h.contacts.is_empty());
        let unknown_stage = format!(
            r#"{{"v":1,"journey":"{JOURNEY}","entries":[{{"touchpoint":"a","stage":"browse","at":1,"outcome":"answered"}}]}}"#
        );
        assert!(
            matches!(History::from_json(&unknown_stage), Err(HistoryError::Malformed(m)) if m.contains("entries[0].stage"))
        );
    }

    /// A history exactly as today's widget stores it (every outcome, optional member and contact
    /// shape): later widgets must read it and write it back byte for byte.
    const STORED_V1: &str = include_str!("../tests/fixtures/stored-history-v1.json");

    #[test]
    fn a_history_stored_by_the_first_release_reads_back_and_rewrites_identically() {
        let entry = |touchpoint: &str, stage, at, outcome, prompted, score| Entry {
            touchpoint: String::from(touchpoint),
            stage,
            at,
            outcome,
            prompted,
            score,
        };
        let expected = History {
            v: 1,
            journey: "7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0e11".into(),
            entries: vec![
                entry("pricing", Stage::Use, T0 - 86_400_000, Outcome::SampledOut, false, None),
                entry("exit-survey", Stage::Use, T0 - 3_590_000, Outcome::Dismissed, true, None),
                entry("help-panel", Stage::GetHelp, T0 - 60_000, Outcome::Answered, false, Some(-0.525)),
                entry("checkout", Stage::Buy, T0 + 30_000, Outcome::Answered, true, Some(0.3333)),
                entry("product-review", Stage::Use, T0 + 40_000, Outcome::Answered, false, None),
                entry("pricing", Stage::Use, T0 + 50_000, Outcome::Shown, true, None),
            ],
            contacts: vec![
                Contact {
                    channel: "email".into(),
                    topic: Some("billing".into()),
                    at: T0 - 2 * 86_400_000,
                    reply_by: T0 - 86_400_000,
                    asked: true,
                },
                Contact { channel: "chat".into(), topic: None, at: T0 + 1_000, reply_by: T0 + 301_000, asked: false },
            ],
        };
        assert_eq!(History::from_json(STORED_V1), Ok(expected.clone()));
        assert_eq!(expected.to_json(), STORED_V1.trim_end());
    }

    const HOUR: i64 = 3_600_000;
    const T0: i64 = 1_795_000_000_000;

    #[test]
    fn a_second_click_on_a_channel_within_its_promise_is_the_same_contact() {
        let mut h = History::new(JOURNEY.into());
        h.contacted("email", Some("billing"), T0, T0 + 25 * HOUR);
        h.contacted("email", None, T0 + HOUR, T0 + 26 * HOUR);
        h.contacted("chat", None, T0 + HOUR, T0 + 2 * HOUR);
        h.contacted("email", None, T0 + 30 * HOUR, T0 + 50 * HOUR);
        let seen: Vec<(&str, i64)> = h.contacts.iter().map(|c| (c.channel.as_str(), c.at)).collect();
        assert_eq!(seen, [("email", T0), ("chat", T0 + HOUR), ("email", T0 + 30 * HOUR)]);
    }

    #[test]
    fn only_the_latest_contacts_are_remembered() {
        let mut h = History::new(JOURNEY.into());
        for i in 0..15 {
            h.contacted(&format!("c{i}"), None, T0 + i, T0 + HOUR);
        }
        assert_eq!(h.contacts.len(), CONTACT_LIMIT);
        assert_eq!(h.contacts[0].channel, "c5");
    }

    #[test]
    fn the_next_check_is_the_earliest_pending_reply_by() {
        let mut h = History::new(JOURNEY.into());
        h.contacted("email", None, T0, T0 + 25 * HOUR);
        h.contacted("chat", None, T0, T0 + HOUR);
        assert_eq!(h.next_reply_by(T0), Some(T0 + HOUR));
        h.follow_up_asked("chat", T0);
        assert_eq!(h.next_reply_by(T0), Some(T0 + 25 * HOUR));
        assert_eq!(h.next_reply_by(T0 + 25 * HOUR), None);
    }
}
