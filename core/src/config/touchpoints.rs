//! Touchpoints: the moments of the journey a marketer asks about, each with its
//! journey stage, questions, trigger and sampling, and the recontact rules that
//! keep the prompts rare.

use serde_json::Value;

use crate::duration::Duration;
use crate::fields::{Kind, Node, Reader, is_id, kind};
use crate::follow_up::check_placeholders;
use crate::url_pattern::{UrlMatch, UrlPattern};
use crate::wire::Stage;

use super::channels::Channel;
use super::questions::{Asks, Question, QuestionTag, read_questions};
use super::text::Declared;

/// One moment of the journey the marketer asks about.
#[derive(Debug, Clone, PartialEq)]
pub struct Touchpoint {
    /// Stable id, stored with every submission and in the visitor's history.
    pub id: String,
    /// Name for the dashboard (visitors read the questions, not this).
    pub label: String,
    /// Where in the journey it sits.
    pub stage: Stage,
    /// Questions in display order.
    pub questions: Vec<Question>,
    /// What makes it due.
    pub trigger: Trigger,
    /// Share of due visits that are offered the prompt, 0-100 (default 100).
    pub sample_percent: f64,
    /// Overrides [`Recontact::same_touchpoint`](super::Recontact::same_touchpoint) for this touchpoint.
    pub recontact: Option<Duration>,
}

/// What makes a touchpoint due.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// A page whose path matches, after `delay_seconds` on it.
    Url { pattern: UrlPattern, delay_seconds: u32 },
    /// The pointer leaving the viewport through the top (desktop), optionally only on matching pages.
    ExitIntent { pattern: Option<UrlPattern> },
    /// `Touchpoint.track(event)` called by the host page.
    Track { event: String },
    /// A DOM event of this name reaching the document.
    DomEvent { event: String },
    /// A contact recorded by the channel directory whose promised reply-by has passed, asked
    /// about for at most `within` after it; `channels` limits it to those channel ids (empty: all).
    ContactFollowUp { channels: Vec<String>, within: Duration },
}

/// How long after the reply-by a follow-up is still asked when the config does not say.
pub const FOLLOW_UP_WITHIN_DAYS: i64 = 14;

kind! {
    /// The `kind` of a [`Trigger`] in the configuration, with the members each kind takes.
    pub enum TriggerTag {
        Url = "url" ["exact", "prefix", "glob", "delay_seconds"],
        ExitIntent = "exit_intent" ["exact", "prefix", "glob"],
        Track = "track" ["event"],
        DomEvent = "dom_event" ["event"],
        ContactFollowUp = "contact_follow_up" ["channels", "within_days"],
    }
}

impl Trigger {
    /// Its `kind` in the configuration.
    pub fn tag(&self) -> TriggerTag {
        match self {
            Trigger::Url { .. } => TriggerTag::Url,
            Trigger::ExitIntent { .. } => TriggerTag::ExitIntent,
            Trigger::Track { .. } => TriggerTag::Track,
            Trigger::DomEvent { .. } => TriggerTag::DomEvent,
            Trigger::ContactFollowUp { .. } => TriggerTag::ContactFollowUp,
        }
    }
}

pub(super) fn read_stage(r: &mut Reader, node: &Node<'_>, default: Stage) -> Option<Stage> {
    if node.is_present() { r.kind(node) } else { Some(default) }
}

pub(super) fn read_touchpoints(
    r: &mut Reader,
    node: &Node<'_>,
    channels: &[Channel],
    feedback_id: Option<&str>,
    languages: Declared<'_>,
) -> Vec<Touchpoint> {
    let items = r.opt_items(node);
    let mut touchpoints = Vec::new();
    let mut ids = Vec::new();
    for item in &items {
        let id_node = item.field("id");
        if let Some(id) = id_node.value().and_then(Value::as_str).filter(|id| is_id(id)) {
            if feedback_id == Some(id) {
                r.fail(&id_node, format!("`{id}` is already the id of the feedback panel"));
            }
            ids.push((id_node, id));
        }
        if let Some(touchpoint) = read_touchpoint(r, item, channels, languages) {
            touchpoints.push(touchpoint);
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "touchpoint");
    touchpoints
}

fn read_touchpoint(
    r: &mut Reader,
    item: &Node<'_>,
    channels: &[Channel],
    languages: Declared<'_>,
) -> Option<Touchpoint> {
    r.object(item, &["id", "label", "stage", "questions", "trigger", "sample_percent", "recontact_days"])?;
    let id = r.id(&item.field("id"));
    let label = r.bounded_string(&item.field("label"), 80);
    let stage = r.kind(&item.field("stage"));
    let trigger_node = item.field("trigger");
    let trigger = read_trigger(r, &trigger_node, channels);
    // Judged from the kind alone, so a follow-up with a bad channel still has its questions read as one.
    let is_follow_up =
        trigger_node.field("kind").value().and_then(Value::as_str) == Some(TriggerTag::ContactFollowUp.name());
    let q_node = item.field("questions");
    let asks = if is_follow_up { Asks::FollowUp } else { Asks::Ordinary };
    let questions = read_questions(r, &q_node, asks, languages);
    if is_follow_up {
        check_follow_up_questions(r, &q_node);
    }
    let sample_percent = r.opt_number(&item.field("sample_percent"), 0.0..=100.0).unwrap_or(100.0);
    let recontact = r.opt_int(&item.field("recontact_days"), 0..=3650).map(days);
    Some(Touchpoint {
        id: id?.to_owned(),
        label: label?.to_owned(),
        stage: stage?,
        questions,
        trigger: trigger?,
        sample_percent,
        recontact,
    })
}

/// A follow-up asks exactly one `reply` question, and its prompts may name the contact.
/// Read from the raw items, so a reply question with a problem of its own still counts.
fn check_follow_up_questions(r: &mut Reader, q_node: &Node<'_>) {
    let items = q_node.value().and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let reply = Some(QuestionTag::Reply.name());
    let replies = items.iter().filter(|q| q.get("kind").and_then(Value::as_str) == reply).count();
    if !items.is_empty() && replies != 1 {
        r.fail(q_node, format!("a contact follow-up must ask exactly one `reply` question, found {replies}"));
    }
    for item in r.opt_items(q_node) {
        let prompt = item.field("prompt");
        // One string, or one per language: each is checked where it stands.
        let texts: Vec<(Node<'_>, &str)> = match prompt.value() {
            Some(Value::Object(map)) => map.iter().filter_map(|(k, v)| Some((prompt.field(k), v.as_str()?))).collect(),
            Some(Value::String(s)) => vec![(prompt.clone(), s.as_str())],
            _ => Vec::new(),
        };
        for (node, text) in texts {
            if let Err(why) = check_placeholders(text) {
                r.fail(&node, why);
            }
        }
    }
}

fn read_trigger(r: &mut Reader, node: &Node<'_>, channels: &[Channel]) -> Option<Trigger> {
    let map = r.tagged_object::<TriggerTag>(node, &["kind"])?;
    let tag = r.kind::<TriggerTag>(&node.field("kind"))?;
    r.foreign_fields(node, map, tag, "triggers");
    match tag {
        TriggerTag::Url => {
            let pattern = read_pattern(r, node, true);
            let delay = r.opt_int(&node.field("delay_seconds"), 0..=3_600).map_or(0, |d| d as u32);
            Some(Trigger::Url { pattern: pattern??, delay_seconds: delay })
        }
        TriggerTag::ExitIntent => Some(Trigger::ExitIntent { pattern: read_pattern(r, node, false)? }),
        TriggerTag::Track => Some(Trigger::Track { event: read_event(r, &node.field("event"))? }),
        TriggerTag::DomEvent => Some(Trigger::DomEvent { event: read_event(r, &node.field("event"))? }),
        TriggerTag::ContactFollowUp => {
            let known: Vec<(&str, &str)> = channels.iter().map(|c| (c.id.as_str(), c.id.as_str())).collect();
            let items = r.opt_items(&node.field("channels"));
            let chosen: Vec<String> = items.iter().filter_map(|n| r.one_of(n, &known)).map(str::to_owned).collect();
            let within = r.opt_int(&node.field("within_days"), 1..=90).unwrap_or(FOLLOW_UP_WITHIN_DAYS);
            (chosen.len() == items.len()).then_some(Trigger::ContactFollowUp { channels: chosen, within: days(within) })
        }
    }
}

/// At most one of `exact`, `prefix`, `glob` (exactly one when `required`).
/// `None`: a problem was recorded; `Some(None)`: no pattern given.
fn read_pattern(r: &mut Reader, node: &Node<'_>, required: bool) -> Option<Option<UrlPattern>> {
    let given: Vec<UrlMatch> =
        UrlMatch::ALL.iter().copied().filter(|how| node.field(how.name()).is_present()).collect();
    match given.as_slice() {
        [] if !required => Some(None),
        [how] => {
            let field = node.field(how.name());
            let text = r.string(&field)?;
            match UrlPattern::new(*how, text) {
                Ok(p) => Some(Some(p)),
                Err(why) => {
                    r.fail(&field, why.to_string());
                    None
                }
            }
        }
        _ => {
            let count = given.len();
            r.fail(
                node,
                format!(
                    "needs {} one of exact, prefix or glob, found {count}",
                    if required { "exactly" } else { "at most" }
                ),
            );
            None
        }
    }
}

fn read_event(r: &mut Reader, node: &Node<'_>) -> Option<String> {
    let s = r.string(node)?;
    let ok = s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
    if !ok {
        r.fail(node, format!("`{s}` must be 1-64 characters of A-Z, a-z, 0-9, -, _, : or ."));
        return None;
    }
    Some(s.to_owned())
}

/// `n` whole days (negative: none).
pub(super) fn days(n: i64) -> Duration {
    Duration::from_secs(n.max(0) as u64 * 86_400)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::config::{Choice, Condition, Config, QuestionKind, Recontact, When};

    const EXAMPLE: &str = include_str!("../../../docs/examples/touchpoints.json");

    fn example() -> Value {
        serde_json::from_str(EXAMPLE).unwrap()
    }

    #[test]
    fn the_documented_example_reads_every_field() {
        let c = Config::from_json(EXAMPLE).unwrap();
        assert_eq!(c.touchpoints.len(), 6);
        let pricing = &c.touchpoints[0];
        assert_eq!((pricing.stage, pricing.sample_percent, pricing.recontact), (Stage::Consider, 25.0, None));
        assert_eq!(
            pricing.trigger,
            Trigger::Url { pattern: UrlPattern::new(UrlMatch::Prefix, "/pricing").unwrap(), delay_seconds: 20 }
        );
        assert_eq!(
            pricing.questions[1].show_if,
            Some(Condition { question: "clear".into(), when: When::Chosen("down".into()) })
        );
        assert!(!pricing.questions[1].required);
        assert_eq!(
            pricing.questions[1].kind,
            QuestionKind::MultipleChoice {
                options: vec![
                    Choice { id: "total".into(), label: "The total price".into() },
                    Choice { id: "shipping".into(), label: "Shipping costs".into() },
                    Choice { id: "compare".into(), label: "A comparison of plans".into() },
                ]
            }
        );
        assert_eq!(c.touchpoints[1].questions[0].kind.scale(), Some(1..=5));
        let checkout = &c.touchpoints[2];
        assert_eq!(checkout.trigger, Trigger::Track { event: "checkout-complete".into() });
        assert_eq!(checkout.sample_percent, 100.0);
        assert_eq!(checkout.questions[2].kind, QuestionKind::Text { max_length: 500, min_length: 3 });
        assert!(!checkout.questions[2].required, "text is optional unless configured");
        assert_eq!(c.touchpoints[3].trigger, Trigger::DomEvent { event: "northwind:project-created".into() });
        assert_eq!(
            c.touchpoints[4].trigger,
            Trigger::ExitIntent { pattern: Some(UrlPattern::new(UrlMatch::Prefix, "/account/cancel").unwrap()) }
        );
        assert_eq!(c.touchpoints[4].recontact, Some(Duration::from_secs(90 * 86_400)));
        let reply_check = &c.touchpoints[5];
        assert_eq!(
            reply_check.trigger,
            Trigger::ContactFollowUp {
                channels: vec!["email".into(), "chat".into()],
                within: Duration::from_secs(7 * 86_400)
            }
        );
        assert!(
            matches!(&reply_check.questions[0].kind, QuestionKind::Reply { labels } if labels[2].as_str() == "No, not yet")
        );
        assert_eq!(c.recontact, Recontact::default());
        assert_eq!(c.journey, crate::journey::JourneyParams::default());
        assert!(!c.keep_text_on_device);
        assert_eq!(c.feedback.stage, Stage::GetHelp);
    }

    #[test]
    fn touchpoints_recontact_and_journey_are_optional() {
        let mut doc = example();
        let map = doc.as_object_mut().unwrap();
        for key in ["touchpoints", "recontact", "journey", "keep_text_on_device"] {
            map.remove(key);
        }
        let c = Config::from_value(&doc).unwrap();
        assert!(c.touchpoints.is_empty());
        assert_eq!(c.recontact, Recontact::default());
    }

    /// Each case sets one field of the example (a JSON pointer) and names the exact path and message expected.
    #[test]
    fn each_bad_touchpoint_field_is_named_by_its_path() {
        let cases: &[(&str, Value, &str)] = &[
            ("/touchpoints", json!({}), "touchpoints: must be an array, found an object"),
            (
                "/touchpoints/0/id",
                json!("help-panel"),
                "touchpoints[0].id: `help-panel` is already the id of the feedback panel",
            ),
            ("/touchpoints/1/id", json!("pricing"), "touchpoints[1].id: duplicate touchpoint id `pricing`"),
            ("/touchpoints/0/label", json!(" "), "touchpoints[0].label: must not be blank"),
            (
                "/touchpoints/0/stage",
                json!("by"),
                "touchpoints[0].stage: `by` is not one of discover, consider, buy, onboard, use, get_help, renew, leave (did you mean `buy`?)",
            ),
            (
                "/touchpoints/0/sample_percent",
                json!(120),
                "touchpoints[0].sample_percent: must be between 0 and 100, found 120",
            ),
            (
                "/touchpoints/0/recontact_days",
                json!(-1),
                "touchpoints[0].recontact_days: must be between 0 and 3650, found -1",
            ),
            ("/touchpoints/0/questions", json!([]), "touchpoints[0].questions: must list at least one question"),
            (
                "/touchpoints/0/trigger/kind",
                json!("scroll"),
                "touchpoints[0].trigger.kind: `scroll` is not one of url, exit_intent, track, dom_event, contact_follow_up",
            ),
            (
                "/touchpoints/0/trigger/glob",
                json!("/pricing/*"),
                "touchpoints[0].trigger: needs exactly one of exact, prefix or glob, found 2",
            ),
            (
                "/touchpoints/0/trigger/prefix",
                json!("pricing"),
                "touchpoints[0].trigger.prefix: must be a path starting with /, e.g. /pricing",
            ),
            (
                "/touchpoints/0/trigger/prefix",
                json!("/pricing?plan=pro"),
                "touchpoints[0].trigger.prefix: matches the path only: remove the ?query and #fragment",
            ),
            (
                "/touchpoints/0/trigger/prefix",
                json!("/pricing/*"),
                "touchpoints[0].trigger.prefix: `*` is only allowed in glob patterns",
            ),
            (
                "/touchpoints/1/trigger/glob",
                json!("/products/**x"),
                "touchpoints[1].trigger.glob: `**` must be a whole segment, e.g. /blog/**/comments",
            ),
            (
                "/touchpoints/0/trigger/delay_seconds",
                json!(7200),
                "touchpoints[0].trigger.delay_seconds: must be between 0 and 3600, found 7200",
            ),
            (
                "/touchpoints/2/trigger/delay_seconds",
                json!(5),
                "touchpoints[2].trigger.delay_seconds: is only for url triggers",
            ),
            (
                "/touchpoints/2/trigger/event",
                json!("checkout complete"),
                "touchpoints[2].trigger.event: `checkout complete` must be 1-64 characters of A-Z, a-z, 0-9, -, _, : or .",
            ),
            ("/touchpoints/3/trigger/event", json!(null), "touchpoints[3].trigger.event: is required"),
            (
                "/touchpoints/4/trigger/glob",
                json!("/account/**"),
                "touchpoints[4].trigger: needs at most one of exact, prefix or glob, found 2",
            ),
            (
                "/touchpoints/5/trigger/channels/1",
                json!("chatt"),
                "touchpoints[5].trigger.channels[1]: `chatt` is not one of chat, email, phone (did you mean `chat`?)",
            ),
            (
                "/touchpoints/5/trigger/within_days",
                json!(0),
                "touchpoints[5].trigger.within_days: must be between 1 and 90, found 0",
            ),
            (
                "/touchpoints/5/trigger/prefix",
                json!("/x"),
                "touchpoints[5].trigger.prefix: is only for url, exit_intent triggers",
            ),
            (
                "/touchpoints/5/questions/0/kind",
                json!("csat"),
                "touchpoints[5].questions: a contact follow-up must ask exactly one `reply` question, found 0",
            ),
            (
                "/touchpoints/5/questions/0/prompt",
                json!("By {when}?"),
                "touchpoints[5].questions[0].prompt: `{when}` is not a placeholder (use {channel}, {contacted} or {promised})",
            ),
            (
                "/touchpoints/5/questions/0/required",
                json!(false),
                "touchpoints[5].questions[0].required: cannot be false for a reply question: its answer is the follow-up",
            ),
            (
                "/touchpoints/5/questions/0/labels",
                json!(["Yes", "No"]),
                "touchpoints[5].questions[0].labels: must have exactly 3 labels, on time, late, no reply, found 2",
            ),
            (
                "/touchpoints/1/questions/0/kind",
                json!("reply"),
                "touchpoints[1].questions[0].kind: `reply` is only for touchpoints triggered by contact_follow_up",
            ),
            (
                "/touchpoints/0/questions/0/labels",
                json!(["No"]),
                "touchpoints[0].questions[0].labels: must have exactly 2 labels, down first, found 1",
            ),
            (
                "/touchpoints/3/questions/0/labels",
                json!(["Never", "Always", "?"]),
                "touchpoints[3].questions[0].labels: must have exactly 2 labels, for 0 and for 10, found 3",
            ),
            (
                "/touchpoints/2/questions/0/labels",
                json!(["a", "b", "c", "d", "e"]),
                "touchpoints[2].questions[0].labels: must have exactly 7 labels, most difficult first, found 5",
            ),
            (
                "/touchpoints/1/questions/0/labels",
                json!(["a", "b", "c", "d", ""]),
                "touchpoints[1].questions[0].labels[4]: must not be blank",
            ),
            (
                "/touchpoints/2/questions/0/options",
                json!([]),
                "touchpoints[2].questions[0].options: is only for single_choice, multiple_choice questions",
            ),
            (
                "/touchpoints/2/questions/1/options",
                json!([{"id": "a", "label": "A"}]),
                "touchpoints[2].questions[1].options: must list 2 to 20 options, found 1",
            ),
            (
                "/touchpoints/2/questions/1/options/2/id",
                json!("payment"),
                "touchpoints[2].questions[1].options[2].id: duplicate option id `payment`",
            ),
            (
                "/touchpoints/2/questions/1/options/0/label",
                json!(7),
                "touchpoints[2].questions[1].options[0].label: must be a string, found a number",
            ),
            (
                "/touchpoints/2/questions/1/labels",
                json!(["a", "b"]),
                "touchpoints[2].questions[1].labels: is only for csat, nps, ces, thumbs, emoji, reply questions",
            ),
            (
                "/touchpoints/2/questions/2/min_length",
                json!(600),
                "touchpoints[2].questions[2].min_length: must not exceed max_length (500), found 600",
            ),
            (
                "/touchpoints/2/questions/2/max_length",
                json!(6000),
                "touchpoints[2].questions[2].max_length: must be between 1 and 5000, found 6000",
            ),
            (
                "/touchpoints/2/questions/1/show_if/question",
                json!("comment"),
                "touchpoints[2].questions[1].show_if.question: `comment` is not an earlier question (earlier: effort)",
            ),
            (
                "/touchpoints/2/questions/1/show_if/at_most",
                json!(9),
                "touchpoints[2].questions[1].show_if.at_most: must be between 1 and 7 for a ces question, found 9",
            ),
            (
                "/touchpoints/2/questions/1/show_if/at_least",
                json!(5),
                "touchpoints[2].questions[1].show_if: needs exactly one of at_most, at_least or chosen, found 2",
            ),
            (
                "/touchpoints/2/questions/1/show_if/when",
                json!(1),
                "touchpoints[2].questions[1].show_if.when: unknown field (expected one of: question, at_most, at_least, chosen)",
            ),
            (
                "/touchpoints/0/questions/1/show_if/chosen",
                json!("sideways"),
                "touchpoints[0].questions[1].show_if.chosen: `sideways` must be up or down for a thumbs question",
            ),
            (
                "/touchpoints/0/questions/1/show_if/at_most",
                json!(1),
                "touchpoints[0].questions[1].show_if: needs exactly one of at_most, at_least or chosen, found 2",
            ),
            (
                "/feedback/questions/1/show_if/at_most",
                json!(0),
                "feedback.questions[1].show_if.at_most: must be between 1 and 5 for a csat question, found 0",
            ),
            (
                "/feedback/stage",
                json!("help"),
                "feedback.stage: `help` is not one of discover, consider, buy, onboard, use, get_help, renew, leave",
            ),
            (
                "/recontact/same_touchpoint_days",
                json!(1.5),
                "recontact.same_touchpoint_days: must be a whole number, found a number",
            ),
            (
                "/recontact/any_touchpoint_hours",
                json!(9000),
                "recontact.any_touchpoint_hours: must be between 0 and 8760, found 9000",
            ),
            (
                "/recontact/per_page_view",
                json!(2),
                "recontact.per_page_view: unknown field (expected one of: same_touchpoint_days, any_touchpoint_hours)",
            ),
            ("/journey/half_life_days", json!(0), "journey.half_life_days: must be between 0.1 and 3650, found 0"),
            (
                "/journey/peak_weight",
                json!(0.9),
                "journey: peak_weight + end_weight must be at most 1 (the rest weighs the mean), found 1.15",
            ),
            ("/journey/text_weight", json!(-0.1), "journey.text_weight: must be between 0 and 1, found -0.1"),
            ("/keep_text_on_device", json!("yes"), "keep_text_on_device: must be true or false, found a string"),
        ];
        for (pointer, bad, expected) in cases {
            let mut doc = example();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            match doc.pointer_mut(parent).unwrap() {
                Value::Object(map) => drop(map.insert(key.to_owned(), bad.clone())),
                Value::Array(items) => items[key.parse::<usize>().unwrap()] = bad.clone(),
                _ => panic!("{parent} is not a container"),
            }
            let got: Vec<String> = Config::from_value(&doc).unwrap_err().0.iter().map(ToString::to_string).collect();
            assert_eq!(got, vec![expected.to_string()], "breaking {pointer}");
        }
    }

    #[test]
    fn every_touchpoint_problem_is_reported_at_once() {
        let mut doc = example();
        doc["touchpoints"] = json!([
            {"id": "a", "label": "A", "stage": "use", "trigger": {"kind": "url"}, "questions": [{"id": "q", "kind": "nps", "prompt": "?"}]},
            {"id": "b", "label": "B", "stage": "use", "trigger": {"kind": "track", "event": "x"}, "questions": [
                {"id": "q", "kind": "csat", "prompt": "?"},
                {"id": "q", "kind": "text", "prompt": "?", "show_if": {"question": "q", "chosen": "x"}}
            ], "colour": "red"}
        ]);
        let got: Vec<String> = Config::from_value(&doc).unwrap_err().0.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "touchpoints[0].trigger: needs exactly one of exact, prefix or glob, found 0",
                "touchpoints[1].colour: unknown field (expected one of: id, label, stage, questions, trigger, sample_percent, recontact_days)",
                "touchpoints[1].questions[1].show_if.chosen: `q` is a csat question; chosen needs a thumbs, single_choice or multiple_choice question",
                "touchpoints[1].questions[1].id: duplicate question id `q`",
            ]
        );
    }
}
