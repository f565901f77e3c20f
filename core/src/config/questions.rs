//! Questions: every kind a touchpoint can ask, and follow-up questions shown
//! only after a given answer. What a visitor enters is turned into answers, and
//! the `show_if` conditions tested, by [`crate::answers`].

use serde_json::Value;

use crate::fields::{Kind, Node, Reader, is_id, kind};
use crate::i18n::{CES_LABELS, CSAT_LABELS, EMOJI_LABELS, Msg, NPS_LABELS, REPLY_LABELS, THUMBS_LABELS};
use crate::wire::{MAX_OPTIONS, MAX_TEXT};

use super::text::{Declared, Text, read_text};

/// One question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Stable id, used as the answer's key.
    pub id: String,
    /// The question as the visitor reads it.
    pub prompt: Text,
    /// Whether the visitor must answer before submitting (only while the question is shown).
    pub required: bool,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// Ask this only after a given answer to an earlier question ("What went wrong?" when CSAT ≤ 2).
    pub show_if: Option<Condition>,
}

/// The kinds of question. Every scale has one label per point so each radio
/// button has an accessible name.
///
/// To add one: its variant here and its line in [`QuestionTag`] (and, if it sends a new kind
/// of answer, the same in [`crate::wire::Answer`] and [`crate::wire::AnswerTag`]); the compiler
/// then names every match that must handle it (reading, conditions, answers, scoring, the
/// widget's field).
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied), one label per point.
    Csat { labels: [Text; 5] },
    /// Free text up to `max_length` characters; when answered, at least `min_length` (0: no minimum).
    Text { max_length: usize, min_length: usize },
    /// Net Promoter Score, 0 to 10; the labels name the two ends.
    Nps { labels: [Text; 2] },
    /// Customer Effort Score, 1 (very difficult) to 7 (very easy), one label per point.
    Ces { labels: [Text; 7] },
    /// Thumbs down or up; labels down first.
    Thumbs { labels: [Text; 2] },
    /// Five faces, 1 (very unhappy) to 5 (very happy); the labels are the faces' accessible names.
    Emoji { labels: [Text; 5] },
    /// Exactly one of the options.
    SingleChoice { options: Vec<Choice> },
    /// Any number of the options (at least one when required).
    MultipleChoice { options: Vec<Choice> },
    /// Contact follow-ups only: did the reply come by the promised time? Labels: on time, late, no reply.
    /// Its answer travels as the submission's `follow_up.outcome`, not among the answers.
    Reply { labels: [Text; 3] },
}

kind! {
    /// The `kind` of a question in the configuration, with the members each kind takes
    /// besides the common ones: what the configuration names, before it is read into a
    /// [`QuestionKind`].
    pub enum QuestionTag {
        Csat = "csat" ["labels"],
        Nps = "nps" ["labels"],
        Ces = "ces" ["labels"],
        Thumbs = "thumbs" ["labels"],
        Emoji = "emoji" ["labels"],
        SingleChoice = "single_choice" ["options"],
        MultipleChoice = "multiple_choice" ["options"],
        Text = "text" ["min_length", "max_length"],
        Reply = "reply" ["labels"],
    }
}

impl QuestionKind {
    /// Its `kind` in the configuration.
    pub fn tag(&self) -> QuestionTag {
        match self {
            QuestionKind::Csat { .. } => QuestionTag::Csat,
            QuestionKind::Text { .. } => QuestionTag::Text,
            QuestionKind::Nps { .. } => QuestionTag::Nps,
            QuestionKind::Ces { .. } => QuestionTag::Ces,
            QuestionKind::Thumbs { .. } => QuestionTag::Thumbs,
            QuestionKind::Emoji { .. } => QuestionTag::Emoji,
            QuestionKind::SingleChoice { .. } => QuestionTag::SingleChoice,
            QuestionKind::MultipleChoice { .. } => QuestionTag::MultipleChoice,
            QuestionKind::Reply { .. } => QuestionTag::Reply,
        }
    }

    /// The configuration name, e.g. `single_choice`, for messages.
    pub fn name(&self) -> &'static str {
        self.tag().name()
    }

    /// The points of a numeric rating scale; `None` for the other kinds.
    pub fn scale(&self) -> Option<std::ops::RangeInclusive<u8>> {
        match self {
            QuestionKind::Csat { .. } | QuestionKind::Emoji { .. } => Some(1..=5),
            QuestionKind::Nps { .. } => Some(0..=10),
            QuestionKind::Ces { .. } => Some(1..=7),
            QuestionKind::Text { .. }
            | QuestionKind::Thumbs { .. }
            | QuestionKind::SingleChoice { .. }
            | QuestionKind::MultipleChoice { .. }
            | QuestionKind::Reply { .. } => None,
        }
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Stable id, what the answer carries.
    pub id: String,
    /// What the visitor reads.
    pub label: Text,
}

/// When a follow-up question is shown: a test on the answer to an earlier question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The earlier question's id.
    pub question: String,
    /// The test its answer must pass.
    pub when: When,
}

/// The test of a [`Condition`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A rating at most this value.
    AtMost(u8),
    /// A rating at least this value.
    AtLeast(u8),
    /// This option chosen (`up`/`down` for thumbs).
    Chosen(String),
}

const COMMON_FIELDS: [&str; 5] = ["id", "kind", "prompt", "required", "show_if"];

/// Whether `reply` questions are allowed: only in contact follow-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Asks {
    Ordinary,
    FollowUp,
}

/// Reads a question list (required, at least one), each question checked on its own and its
/// `show_if` against the questions before it.
pub(super) fn read_questions(r: &mut Reader, node: &Node<'_>, asks: Asks, languages: Declared<'_>) -> Vec<Question> {
    let items = r.items(node);
    if node.is_present() && items.is_empty() && node.value().is_some_and(Value::is_array) {
        r.fail(node, "must list at least one question");
    }
    let mut questions: Vec<Question> = Vec::new();
    let mut ids = Vec::new();
    for item in &items {
        let seen: Vec<&str> = ids.iter().map(|(_, id)| *id).collect();
        if let Some(question) = read_question(r, item, asks, &questions, &seen, languages) {
            questions.push(question);
        }
        if let Some(id) = item.field("id").value().and_then(Value::as_str).filter(|id| is_id(id)) {
            ids.push((item.field("id"), id));
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "question");
    questions
}

/// `earlier`: the questions before this one that were read; `seen`: the ids of all before it,
/// read or not (a condition on a question with problems of its own adds no second message).
fn read_question(
    r: &mut Reader,
    item: &Node<'_>,
    asks: Asks,
    earlier: &[Question],
    seen: &[&str],
    languages: Declared<'_>,
) -> Option<Question> {
    let map = r.tagged_object::<QuestionTag>(item, &COMMON_FIELDS)?;
    let kind_node = item.field("kind");
    let tag = r.kind::<QuestionTag>(&kind_node);
    if let Some(tag) = tag {
        r.foreign_fields(item, map, tag, "questions");
        if tag == QuestionTag::Reply && asks == Asks::Ordinary {
            r.fail(&kind_node, "`reply` is only for touchpoints triggered by contact_follow_up");
        }
    }
    let id = r.id(&item.field("id"));
    let prompt = read_text(r, &item.field("prompt"), languages, 300);
    let required = r.opt_bool(&item.field("required"));
    let kind =
        match tag? {
            QuestionTag::Csat => {
                labels(r, item, CSAT_LABELS, "worst first", languages).map(|labels| QuestionKind::Csat { labels })
            }
            QuestionTag::Nps => {
                labels(r, item, NPS_LABELS, "for 0 and for 10", languages).map(|labels| QuestionKind::Nps { labels })
            }
            QuestionTag::Ces => labels(r, item, CES_LABELS, "most difficult first", languages)
                .map(|labels| QuestionKind::Ces { labels }),
            QuestionTag::Thumbs => {
                labels(r, item, THUMBS_LABELS, "down first", languages).map(|labels| QuestionKind::Thumbs { labels })
            }
            QuestionTag::Emoji => labels(r, item, EMOJI_LABELS, "unhappiest first", languages)
                .map(|labels| QuestionKind::Emoji { labels }),
            QuestionTag::Reply => labels(r, item, REPLY_LABELS, "on time, late, no reply", languages)
                .map(|labels| QuestionKind::Reply { labels }),
            QuestionTag::SingleChoice => {
                read_options(r, item, languages).map(|options| QuestionKind::SingleChoice { options })
            }
            QuestionTag::MultipleChoice => {
                read_options(r, item, languages).map(|options| QuestionKind::MultipleChoice { options })
            }
            QuestionTag::Text => read_text_question(r, item),
        };
    let show_if = read_condition(r, &item.field("show_if"), earlier, seen);
    let (id, prompt, kind) = (id?, prompt?, kind?);
    if required == Some(false) && matches!(kind, QuestionKind::Reply { .. }) {
        r.fail(&item.field("required"), "cannot be false for a reply question: its answer is the follow-up");
        return None;
    }
    let required = required.unwrap_or(!matches!(kind, QuestionKind::Text { .. }));
    Some(Question { id: id.to_owned(), prompt, required, kind, show_if: show_if? })
}

fn labels<const N: usize>(
    r: &mut Reader,
    item: &Node<'_>,
    defaults: [Msg; N],
    order: &str,
    languages: Declared<'_>,
) -> Option<[Text; N]> {
    let node = item.field("labels");
    if !node.is_present() {
        return Some(defaults.map(Text::Default));
    }
    let items = r.items(&node);
    if items.len() != N && node.value().is_some_and(Value::is_array) {
        r.fail(&node, format!("must have exactly {N} labels, {order}, found {}", items.len()));
        return None;
    }
    let labels: Vec<Text> = items.iter().filter_map(|n| read_text(r, n, languages, 40)).collect();
    labels.try_into().ok()
}

fn read_options(r: &mut Reader, item: &Node<'_>, languages: Declared<'_>) -> Option<Vec<Choice>> {
    let node = item.field("options");
    let items = r.items(&node);
    if node.value().is_some_and(Value::is_array) && !(2..=MAX_OPTIONS).contains(&items.len()) {
        r.fail(&node, format!("must list 2 to {MAX_OPTIONS} options, found {}", items.len()));
    }
    let mut options = Vec::new();
    let mut ids = Vec::new();
    for option in &items {
        if r.object(option, &["id", "label"]).is_none() {
            continue;
        }
        let id = r.id(&option.field("id"));
        let label = read_text(r, &option.field("label"), languages, 80);
        if let Some(id) = id {
            ids.push((option.field("id"), id));
        }
        if let (Some(id), Some(label)) = (id, label) {
            options.push(Choice { id: id.to_owned(), label });
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "option");
    (options.len() == items.len()).then_some(options)
}

fn read_text_question(r: &mut Reader, item: &Node<'_>) -> Option<QuestionKind> {
    let max = r.opt_int(&item.field("max_length"), 1..=MAX_TEXT as i64).map_or(MAX_TEXT, |m| m as usize);
    let min_node = item.field("min_length");
    let min = r.opt_int(&min_node, 0..=MAX_TEXT as i64).map_or(0, |m| m as usize);
    if min > max {
        r.fail(&min_node, format!("must not exceed max_length ({max}), found {min}"));
        return None;
    }
    Some(QuestionKind::Text { max_length: max, min_length: min })
}

fn read_condition(r: &mut Reader, node: &Node<'_>, earlier: &[Question], seen: &[&str]) -> Option<Option<Condition>> {
    if !node.is_present() {
        return Some(None);
    }
    r.object(node, &["question", "at_most", "at_least", "chosen"])?;
    let q_node = node.field("question");
    let target = r.id(&q_node).and_then(|id| match earlier.iter().find(|q| q.id == id) {
        Some(q) => Some(q),
        None if seen.contains(&id) => None,
        None => {
            let known = if seen.is_empty() { "there are none".to_owned() } else { seen.join(", ") };
            r.fail(&q_node, format!("`{id}` is not an earlier question (earlier: {known})"));
            None
        }
    });
    let tests: Vec<&str> =
        ["at_most", "at_least", "chosen"].into_iter().filter(|k| node.field(k).value().is_some()).collect();
    if tests.len() != 1 {
        r.fail(node, format!("needs exactly one of at_most, at_least or chosen, found {}", tests.len()));
        return None;
    }
    let test_node = node.field(tests[0]);
    let when = if tests[0] == "chosen" {
        When::Chosen(r.id(&test_node)?.to_owned())
    } else {
        let n = u8::try_from(r.int(&test_node, 0..=10)?).ok()?;
        if tests[0] == "at_most" { When::AtMost(n) } else { When::AtLeast(n) }
    };
    let target = target?;
    let problem = match (&when, &target.kind) {
        (When::AtMost(n) | When::AtLeast(n), kind) => match kind.scale() {
            Some(scale) if !scale.contains(n) => Some(format!(
                "must be between {} and {} for a {} question, found {n}",
                scale.start(),
                scale.end(),
                kind.name()
            )),
            Some(_) => None,
            None => Some(format!(
                "`{}` is a {} question; at_most and at_least need a csat, nps, ces or emoji question",
                target.id,
                kind.name()
            )),
        },
        (When::Chosen(id), QuestionKind::Thumbs { .. }) => {
            (!matches!(id.as_str(), "up" | "down")).then(|| format!("`{id}` must be up or down for a thumbs question"))
        }
        (When::Chosen(id), QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options }) => {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            (!ids.contains(&id.as_str()))
                .then(|| format!("`{id}` is not an option of `{}` ({})", target.id, ids.join(", ")))
        }
        (
            When::Chosen(_),
            kind @ (QuestionKind::Csat { .. }
            | QuestionKind::Text { .. }
            | QuestionKind::Nps { .. }
            | QuestionKind::Ces { .. }
            | QuestionKind::Emoji { .. }
            | QuestionKind::Reply { .. }),
        ) => Some(format!(
            "`{}` is a {} question; chosen needs a thumbs, single_choice or multiple_choice question",
            target.id,
            kind.name()
        )),
    };
    if let Some(problem) = problem {
        r.fail(&test_node, problem);
        return None;
    }
    Some(Some(Condition { question: target.id.clone(), when }))
}
