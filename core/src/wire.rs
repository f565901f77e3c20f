//! The versioned wire format between widget and collector. Both sides use these
//! types: the widget serialises a [`Submission`], the collector validates the
//! bytes it receives back into one with [`Submission::from_json`].
//!
//! It is also core's shared vocabulary: what travels (stages, answers, reply
//! outcomes, journey scores) and the limits both sides enforce (`MAX_*`,
//! [`HISTORY_LIMIT`]) live here, low in the layers, so the configuration, the
//! history and the scoring all build on it and it builds on none of them.

use serde::Serialize;
use serde_json::Value;

use crate::fields::{Invalid, Node, Reader, kind};

mod reply;

pub use reply::{FollowUp, ReplyOutcome};

/// Version of the wire format this crate writes and reads. Fields added since
/// version 1 are optional, so bodies of the first widgets stay valid.
pub const WIRE_VERSION: i64 = 1;

/// Most answers one submission may carry.
pub const MAX_ANSWERS: usize = 50;

/// Longest free-text answer accepted anywhere (config may lower it).
pub const MAX_TEXT: usize = 5_000;

/// Most options a choice question may offer, and so the most one answer may choose.
pub const MAX_OPTIONS: usize = 20;

/// Most entries a visitor's history keeps (the oldest go first), and so the most touchpoints
/// one journey score counts: a posted `journey.count` beyond it cannot be true.
pub const HISTORY_LIMIT: usize = 50;

kind! {
    /// Where in the customer's journey a touchpoint sits, in journey order. A fixed set,
    /// so journeys of different sites compare stage by stage.
    #[derive(PartialOrd, Ord)]
    pub enum Stage {
        Discover = "discover",
        Consider = "consider",
        Buy = "buy",
        Onboard = "onboard",
        Use = "use",
        GetHelp = "get_help",
        Renew = "renew",
        Leave = "leave",
    }
}

/// Longest honeypot content read (a bot's URL); longer is a schema error like any other field's.
const MAX_HONEYPOT: usize = 2_000;

/// Timestamps must lie in 2001-09-09 .. 2286-11-20: rules out seconds passed as milliseconds and garbage.
const MILLIS: std::ops::RangeInclusive<i64> = 1_000_000_000_000..=9_999_999_999_999;

/// One visitor's answers to one touchpoint, as posted to the collector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    /// Wire format version ([`WIRE_VERSION`]).
    pub v: i64,
    /// Client-generated UUID: the idempotency key, so a retried post is stored once.
    pub id: String,
    /// Site id from the configuration.
    pub site: String,
    /// Which touchpoint (feedback set) was answered.
    pub touchpoint: String,
    /// When the visitor submitted, in milliseconds since the Unix epoch (the visitor's clock).
    pub created_at: i64,
    /// The answers, in question order.
    pub answers: Vec<Answer>,
    /// The touchpoint's journey stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// Text sentiment of the comments, computed on the device (also when their text stays there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<TextSentiment>,
    /// The touchpoint score in [-1, 1] (ratings and text sentiment; see `docs/journey.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The journey score after this touchpoint, with its explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey: Option<JourneyPart>,
    /// For contact follow-ups: the channel, the promised reply-by and what the visitor reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    /// The honeypot: a form field no person sees or reaches, named like one a bot fills in.
    /// Anything in it marks the submission as a bot's ([`Submission::is_bot`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// One answer. Tagged by `kind` on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// A CSAT rating, 1-5.
    Csat { question: String, value: u8 },
    /// Free text (already masked by the widget).
    Text { question: String, text: String },
    /// An NPS rating, 0-10.
    Nps { question: String, value: u8 },
    /// A CES rating, 1-7 (7: very easy).
    Ces { question: String, value: u8 },
    /// One of five faces, 1-5 (5: very happy).
    Emoji { question: String, value: u8 },
    /// Thumbs up (`true`) or down.
    Thumbs { question: String, up: bool },
    /// The chosen option's id.
    SingleChoice { question: String, option: String },
    /// The chosen options' ids.
    MultipleChoice { question: String, options: Vec<String> },
    /// A comment was written but its text stays on the device (`keep_text_on_device`); only its sentiment is sent.
    TextWithheld { question: String },
}

kind! {
    /// The `kind` tag of an [`Answer`] on the wire, with the members each kind carries
    /// besides `kind` and `question`.
    pub enum AnswerTag {
        Csat = "csat" ["value"],
        Text = "text" ["text"],
        Nps = "nps" ["value"],
        Ces = "ces" ["value"],
        Emoji = "emoji" ["value"],
        Thumbs = "thumbs" ["up"],
        SingleChoice = "single_choice" ["option"],
        MultipleChoice = "multiple_choice" ["options"],
        TextWithheld = "text_withheld",
    }
}

impl Answer {
    /// Its `kind` on the wire.
    pub fn tag(&self) -> AnswerTag {
        match self {
            Answer::Csat { .. } => AnswerTag::Csat,
            Answer::Text { .. } => AnswerTag::Text,
            Answer::Nps { .. } => AnswerTag::Nps,
            Answer::Ces { .. } => AnswerTag::Ces,
            Answer::Emoji { .. } => AnswerTag::Emoji,
            Answer::Thumbs { .. } => AnswerTag::Thumbs,
            Answer::SingleChoice { .. } => AnswerTag::SingleChoice,
            Answer::MultipleChoice { .. } => AnswerTag::MultipleChoice,
            Answer::TextWithheld { .. } => AnswerTag::TextWithheld,
        }
    }

    /// The id of the question answered.
    pub fn question(&self) -> &str {
        match self {
            Answer::Csat { question, .. }
            | Answer::Text { question, .. }
            | Answer::Nps { question, .. }
            | Answer::Ces { question, .. }
            | Answer::Emoji { question, .. }
            | Answer::Thumbs { question, .. }
            | Answer::SingleChoice { question, .. }
            | Answer::MultipleChoice { question, .. }
            | Answer::TextWithheld { question } => question,
        }
    }
}

/// The text sentiment of a touchpoint's comments: scored on the device, or sent unscored
/// when the scorer cannot read them (rather than counted neutral, or scored as English).
/// On the wire `{"compound": -0.62, "label": "negative", "lang": "en"}` or
/// `{"unscored": "language", "lang": "nb"}`; `lang` is optional (widgets before languages
/// sent neither it nor `unscored`, and their bodies stay valid).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum TextSentiment {
    /// The scorer read the comments.
    Scored {
        /// The scorer's compound score in [-1, 1].
        compound: f64,
        /// Its reading.
        label: SentimentLabel,
        /// The language the comments were read in (a BCP-47 primary subtag), when known.
        #[serde(skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
    },
    /// The comments were not scored, for this reason.
    Unscored {
        unscored: Unscored,
        /// The comments' language, when known.
        #[serde(skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
    },
}

kind! {
    /// How a compound score reads.
    pub enum SentimentLabel {
        Negative = "negative",
        Neutral = "neutral",
        Positive = "positive",
    }
}

kind! {
    /// Why comments were sent unscored.
    pub enum Unscored {
        /// Written in a language the on-device scorer does not read.
        Language = "language",
        /// Their language could not be told with confidence.
        LowConfidence = "low_confidence",
        /// In a language the scorer reads, but its lexicon could not be loaded on the device
        /// (a network failure, or a file refused by its integrity hash).
        LexiconUnavailable = "lexicon_unavailable",
    }
}

/// A score as it travels: four decimals. More would be noise, and a number with
/// four decimals parses back to exactly the same `f64`, so bodies round-trip.
pub fn wire_score(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl TextSentiment {
    /// A compound score ([`wire_score`]) with its label by VADER's usual cut-offs (±0.05),
    /// which keep near-zero scores of factual text neutral, language unsaid. Non-finite
    /// scores give `None`.
    pub fn from_compound(compound: f64) -> Option<TextSentiment> {
        let compound = compound.is_finite().then(|| wire_score(compound.clamp(-1.0, 1.0)))?;
        let label = if compound >= 0.05 {
            SentimentLabel::Positive
        } else if compound <= -0.05 {
            SentimentLabel::Negative
        } else {
            SentimentLabel::Neutral
        };
        Some(TextSentiment::Scored { compound, label, lang: None })
    }

    /// The same, saying which language the comments were read in (or are written in).
    #[must_use]
    pub fn in_lang(self, code: &str) -> TextSentiment {
        let lang = Some(code.to_owned());
        match self {
            TextSentiment::Scored { compound, label, .. } => TextSentiment::Scored { compound, label, lang },
            TextSentiment::Unscored { unscored, .. } => TextSentiment::Unscored { unscored, lang },
        }
    }

    /// The compound score; `None` when unscored (the touchpoint score leaves the text out).
    pub fn compound(&self) -> Option<f64> {
        match self {
            TextSentiment::Scored { compound, .. } => Some(*compound),
            TextSentiment::Unscored { .. } => None,
        }
    }
}

/// A journey's score and its explanation, as [`crate::journey::journey_score`] computes it
/// and as it travels (flattened into [`JourneyPart`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyScore {
    /// The journey score in [-1, 1].
    pub score: f64,
    /// How the latest touchpoint moved the score: the score minus the score before it, in [-2, 2]; 0 for the first.
    pub trend: f64,
    /// How many scored touchpoints the journey has.
    pub count: usize,
    /// The touchpoint without which the score would differ most (latest on ties).
    pub moved_most: String,
    /// The score minus the score without `moved_most`, in [-2, 2] (against 0 when it is the only one).
    pub moved_by: f64,
}

/// The journey part of a submission: its anonymous id and its score with the explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyPart {
    /// The browser's anonymous journey id (a UUID).
    pub id: String,
    /// Score, trend, count and the touchpoint that moved it most.
    #[serde(flatten)]
    pub score: JourneyScore,
}

impl JourneyPart {
    /// The journey part for journey `id`, its numbers as they travel ([`wire_score`]).
    pub fn new(id: &str, score: JourneyScore) -> JourneyPart {
        JourneyPart {
            id: id.to_owned(),
            score: JourneyScore {
                score: wire_score(score.score),
                trend: wire_score(score.trend),
                moved_by: wire_score(score.moved_by),
                ..score
            },
        }
    }
}

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WireError {
    /// Not JSON at all: the message says where parsing stopped.
    #[error("malformed JSON: {0}")]
    Malformed(String),
    /// JSON, but not a valid submission: every problem with its field path.
    #[error("invalid submission: {0}")]
    Invalid(Invalid),
}

impl Submission {
    /// The JSON body the widget posts.
    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Whether the honeypot was filled in: a bot's submission, which the collector refuses.
    pub fn is_bot(&self) -> bool {
        self.website.as_deref().is_some_and(|w| !w.trim().is_empty())
    }

    /// Parses and validates a posted body.
    pub fn from_json(body: &[u8]) -> Result<Submission, WireError> {
        let value: Value = serde_json::from_slice(body).map_err(|e| WireError::Malformed(e.to_string()))?;
        Submission::from_value(&value).map_err(WireError::Invalid)
    }

    /// Validates an already-parsed body.
    pub fn from_value(value: &Value) -> Result<Submission, Invalid> {
        let mut r = Reader::default();
        let root = Node::root(value);
        r.object(
            &root,
            &[
                "v",
                "id",
                "site",
                "touchpoint",
                "created_at",
                "answers",
                "stage",
                "sentiment",
                "score",
                "journey",
                "follow_up",
                "website",
            ],
        );
        let v = r.int(&root.field("v"), WIRE_VERSION..=WIRE_VERSION);
        let id = read_uuid(&mut r, &root.field("id"));
        let site = r.id(&root.field("site"));
        let touchpoint = r.id(&root.field("touchpoint"));
        let created_at = r.int(&root.field("created_at"), MILLIS);
        let answers_node = root.field("answers");
        let items = r.items(&answers_node);
        if items.len() > MAX_ANSWERS {
            r.fail(&answers_node, format!("must have at most {MAX_ANSWERS} answers, found {}", items.len()));
        }
        let read: Vec<(&Node<'_>, Answer)> =
            items.iter().filter_map(|item| Some((item, read_answer(&mut r, item)?))).collect();
        r.unique_ids(read.iter().map(|(item, a)| (*item, a.question())), "answered question");
        let answers: Vec<Answer> = read.into_iter().map(|(_, a)| a).collect();
        let stage = optional(&mut r, &root.field("stage"), |r, n| r.kind::<Stage>(n));
        let sentiment = optional(&mut r, &root.field("sentiment"), read_sentiment);
        let score = optional(&mut r, &root.field("score"), |r, n| r.number(n, -1.0..=1.0));
        let journey = optional(&mut r, &root.field("journey"), read_journey);
        let follow_up = optional(&mut r, &root.field("follow_up"), read_follow_up);
        let website =
            optional(&mut r, &root.field("website"), |r, n| r.bounded_string(n, MAX_HONEYPOT).map(str::to_owned));
        let submission = (|| {
            Some(Submission {
                v: v?,
                id: id?,
                site: site?.to_owned(),
                touchpoint: touchpoint?.to_owned(),
                created_at: created_at?,
                answers: answers.clone(),
                stage: stage?,
                sentiment: sentiment?,
                score: score?,
                journey: journey?,
                follow_up: follow_up?,
                website: website?,
            })
        })();
        r.finish_with(submission)
    }
}

/// An optional part: `Some(None)` when absent, `None` when present but invalid.
fn optional<T>(
    r: &mut Reader,
    node: &Node<'_>,
    read: impl FnOnce(&mut Reader, &Node<'_>) -> Option<T>,
) -> Option<Option<T>> {
    if node.is_present() { read(r, node).map(Some) } else { Some(None) }
}

fn read_uuid(r: &mut Reader, node: &Node<'_>) -> Option<String> {
    let s = r.string(node)?;
    if is_uuid(s) {
        Some(s.to_ascii_lowercase())
    } else {
        r.fail(node, "must be a UUID such as 0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44");
        None
    }
}

fn read_answer(r: &mut Reader, item: &Node<'_>) -> Option<Answer> {
    let map = r.tagged_object::<AnswerTag>(item, &["kind", "question"])?;
    let tag = r.kind::<AnswerTag>(&item.field("kind"));
    let question = r.id(&item.field("question"));
    let tag = tag?;
    r.foreign_fields(item, map, tag, "answers");
    let scale = |r: &mut Reader, range: std::ops::RangeInclusive<i64>| {
        r.int(&item.field("value"), range).and_then(|v| u8::try_from(v).ok())
    };
    let question = question.map(str::to_owned);
    Some(match tag {
        AnswerTag::Csat => {
            let value = scale(r, 1..=5);
            Answer::Csat { question: question?, value: value? }
        }
        AnswerTag::Nps => {
            let value = scale(r, 0..=10);
            Answer::Nps { question: question?, value: value? }
        }
        AnswerTag::Ces => {
            let value = scale(r, 1..=7);
            Answer::Ces { question: question?, value: value? }
        }
        AnswerTag::Emoji => {
            let value = scale(r, 1..=5);
            Answer::Emoji { question: question?, value: value? }
        }
        AnswerTag::Text => {
            let text = r.bounded_string(&item.field("text"), MAX_TEXT);
            Answer::Text { question: question?, text: text?.to_owned() }
        }
        AnswerTag::Thumbs => {
            let up = item.field("up");
            if !up.is_present() {
                r.fail(&up, "is required");
            }
            let up = r.opt_bool(&up);
            Answer::Thumbs { question: question?, up: up? }
        }
        AnswerTag::SingleChoice => {
            let option = r.id(&item.field("option"));
            Answer::SingleChoice { question: question?, option: option?.to_owned() }
        }
        AnswerTag::MultipleChoice => {
            let options = read_options(r, &item.field("options"));
            Answer::MultipleChoice { question: question?, options: options? }
        }
        AnswerTag::TextWithheld => Answer::TextWithheld { question: question? },
    })
}

fn read_options(r: &mut Reader, node: &Node<'_>) -> Option<Vec<String>> {
    let items = r.items(node);
    if node.value().is_some_and(Value::is_array) && !(1..=MAX_OPTIONS).contains(&items.len()) {
        r.fail(node, format!("must list 1 to {MAX_OPTIONS} chosen options, found {}", items.len()));
        return None;
    }
    let ids: Vec<(&Node<'_>, &str)> = items.iter().filter_map(|n| Some((n, r.id(n)?))).collect();
    // Duplicates are recorded as problems, so the submission as a whole is refused.
    r.unique_ids(ids.iter().copied(), "chosen option");
    (ids.len() == items.len()).then(|| ids.iter().map(|(_, id)| (*id).to_owned()).collect())
}

fn read_sentiment(r: &mut Reader, node: &Node<'_>) -> Option<TextSentiment> {
    r.object(node, &["compound", "label", "lang", "unscored"])?;
    let lang = optional(r, &node.field("lang"), read_lang)?;
    let unscored = node.field("unscored");
    if unscored.is_present() {
        for scored_only in ["compound", "label"].map(|k| node.field(k)).iter().filter(|n| n.is_present()) {
            r.fail(scored_only, "must be absent when `unscored` is given");
        }
        return Some(TextSentiment::Unscored { unscored: r.kind(&unscored)?, lang });
    }
    let compound = r.number(&node.field("compound"), -1.0..=1.0);
    let label = r.kind(&node.field("label"));
    Some(TextSentiment::Scored { compound: compound?, label: label?, lang })
}

/// A BCP-47 primary language subtag: two or three lowercase letters (`en`, `nb`, `fil`).
fn read_lang(r: &mut Reader, node: &Node<'_>) -> Option<String> {
    let s = r.string(node)?;
    if (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase()) {
        Some(s.to_owned())
    } else {
        r.fail(node, format!("`{s}` must be a language code of 2-3 lowercase letters, such as en or nb"));
        None
    }
}

fn read_journey(r: &mut Reader, node: &Node<'_>) -> Option<JourneyPart> {
    r.object(node, &["id", "score", "trend", "count", "moved_most", "moved_by"])?;
    let id = read_uuid(r, &node.field("id"));
    let score = r.number(&node.field("score"), -1.0..=1.0);
    let trend = r.number(&node.field("trend"), -2.0..=2.0);
    let count = r.int(&node.field("count"), 1..=HISTORY_LIMIT as i64);
    let moved_most = r.id(&node.field("moved_most"));
    let moved_by = r.number(&node.field("moved_by"), -2.0..=2.0);
    Some(JourneyPart {
        id: id?,
        score: JourneyScore {
            score: score?,
            trend: trend?,
            count: usize::try_from(count?).ok()?,
            moved_most: moved_most?.to_owned(),
            moved_by: moved_by?,
        },
    })
}

fn read_follow_up(r: &mut Reader, node: &Node<'_>) -> Option<FollowUp> {
    r.object(node, &["channel", "topic", "contacted_at", "promised_by", "outcome", "replied_at"])?;
    let channel = r.id(&node.field("channel"));
    let topic = optional(r, &node.field("topic"), |r, n| r.id(n).map(str::to_owned));
    let contacted_at = r.int(&node.field("contacted_at"), MILLIS);
    let promised_by = r.int(&node.field("promised_by"), MILLIS);
    let outcome = r.kind(&node.field("outcome"));
    let replied_at = optional(r, &node.field("replied_at"), |r, n| r.int(n, MILLIS));
    let follow_up = FollowUp {
        channel: channel?.to_owned(),
        topic: topic?,
        contacted_at: contacted_at?,
        promised_by: promised_by?,
        outcome: outcome?,
        replied_at: replied_at?,
    };
    if let Some((field, why)) = follow_up.inconsistency() {
        r.fail(&node.field(field), why);
        return None;
    }
    Some(follow_up)
}

/// A random (version 4) UUID from 16 random bytes; the caller brings the randomness.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// Whether `s` is a UUID in the canonical 8-4-4-4-12 hex form.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(
            |(i, c)| {
                if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() }
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Kind;
    use proptest::prelude::*;
    use serde_json::json;

    const JOURNEY: &str = "7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0e11";

    /// A body as the first widgets post it: none of the later, optional fields.
    fn sample() -> Submission {
        Submission {
            v: WIRE_VERSION,
            id: "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44".into(),
            site: "northwind".into(),
            touchpoint: "help-panel".into(),
            created_at: 1_795_000_000_000,
            answers: vec![
                Answer::Csat { question: "csat".into(), value: 4 },
                Answer::Text {
                    question: "comment".into(), text: "Quick and kind – thank you «ÆØÅ» 👍".into()
                },
            ],
            stage: None,
            sentiment: None,
            score: None,
            journey: None,
            follow_up: None,
            website: None,
        }
    }

    /// A contact follow-up with every field.
    fn follow_up_sample() -> Submission {
        Submission {
            touchpoint: "reply-check".into(),
            answers: vec![
                Answer::Csat { question: "csat".into(), value: 2 },
                Answer::Nps { question: "nps".into(), value: 0 },
                Answer::Ces { question: "ces".into(), value: 7 },
                Answer::Emoji { question: "face".into(), value: 1 },
                Answer::Thumbs { question: "helpful".into(), up: false },
                Answer::SingleChoice { question: "why".into(), option: "slow".into() },
                Answer::MultipleChoice { question: "what".into(), options: vec!["price".into(), "staff".into()] },
                Answer::TextWithheld { question: "comment".into() },
            ],
            stage: Some(Stage::GetHelp),
            sentiment: TextSentiment::from_compound(-0.6249),
            score: Some(-0.43),
            journey: Some(JourneyPart {
                id: JOURNEY.into(),
                score: JourneyScore {
                    score: -0.125,
                    trend: -0.3,
                    count: 4,
                    moved_most: "reply-check".into(),
                    moved_by: -0.3,
                },
            }),
            follow_up: Some(FollowUp {
                channel: "email".into(),
                topic: Some("billing".into()),
                contacted_at: 1_794_900_000_000,
                promised_by: 1_794_990_000_000,
                outcome: ReplyOutcome::Late,
                replied_at: Some(1_794_999_000_000),
            }),
            ..sample()
        }
    }

    #[test]
    fn round_trips_through_json() {
        for s in [sample(), follow_up_sample()] {
            assert_eq!(Submission::from_json(s.to_json().as_bytes()), Ok(s));
        }
    }

    #[test]
    fn every_answer_travels_tagged_with_its_kinds_name() {
        let answers = [sample().answers, follow_up_sample().answers].concat();
        let tags: Vec<AnswerTag> = answers.iter().map(Answer::tag).collect();
        assert!(AnswerTag::ALL.iter().all(|t| tags.contains(t)), "the samples hold every kind");
        for answer in &answers {
            assert_eq!(serde_json::to_value(answer).unwrap()["kind"], json!(answer.tag().name()), "{answer:?}");
        }
    }

    #[test]
    fn a_filled_honeypot_marks_a_bot_an_absent_one_does_not_and_a_blank_one_is_invalid() {
        for (website, bot) in [(None, false), (Some("https://spam.example"), true)] {
            let s = Submission { website: website.map(str::to_owned), ..sample() };
            let read = Submission::from_json(s.to_json().as_bytes()).unwrap();
            assert_eq!(read.is_bot(), bot, "{website:?}");
            assert_eq!(read, s, "{website:?} round-trips");
        }
        // The widget leaves it out when empty; a blank one is a schema error like any other field's.
        let blank = Submission { website: Some(" ".into()), ..sample() };
        let Err(WireError::Invalid(invalid)) = Submission::from_json(blank.to_json().as_bytes()) else { panic!() };
        assert_eq!(invalid.paths(), ["website"]);
    }

    #[test]
    fn the_wire_shape_is_stable() {
        let v: Value = serde_json::from_str(&sample().to_json()).unwrap();
        assert_eq!(
            v,
            json!({
                "v": 1, "id": "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44", "site": "northwind",
                "touchpoint": "help-panel", "created_at": 1_795_000_000_000_i64,
                "answers": [
                    {"kind": "csat", "question": "csat", "value": 4},
                    {"kind": "text", "question": "comment", "text": "Quick and kind – thank you «ÆØÅ» 👍"}
                ]
            })
        );
    }

    #[test]
    fn the_follow_up_wire_shape_is_stable() {
        let v: Value = serde_json::from_str(&follow_up_sample().to_json()).unwrap();
        assert_eq!(
            v,
            json!({
                "v": 1, "id": "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44", "site": "northwind",
                "touchpoint": "reply-check", "created_at": 1_795_000_000_000_i64,
                "answers": [
                    {"kind": "csat", "question": "csat", "value": 2},
                    {"kind": "nps", "question": "nps", "value": 0},
                    {"kind": "ces", "question": "ces", "value": 7},
                    {"kind": "emoji", "question": "face", "value": 1},
                    {"kind": "thumbs", "question": "helpful", "up": false},
                    {"kind": "single_choice", "question": "why", "option": "slow"},
                    {"kind": "multiple_choice", "question": "what", "options": ["price", "staff"]},
                    {"kind": "text_withheld", "question": "comment"}
                ],
                "stage": "get_help",
                "sentiment": {"compound": -0.6249, "label": "negative"},
                "score": -0.43,
                "journey": {
                    "id": JOURNEY, "score": -0.125, "trend": -0.3, "count": 4,
                    "moved_most": "reply-check", "moved_by": -0.3
                },
                "follow_up": {
                    "channel": "email", "topic": "billing",
                    "contacted_at": 1_794_900_000_000_i64, "promised_by": 1_794_990_000_000_i64,
                    "outcome": "late", "replied_at": 1_794_999_000_000_i64
                }
            })
        );
    }

    #[test]
    fn sentiment_labels_follow_the_compound() {
        let cases = [
            (0.05, SentimentLabel::Positive),
            (0.049, SentimentLabel::Neutral),
            (0.0, SentimentLabel::Neutral),
            (-0.049, SentimentLabel::Neutral),
            (-0.05, SentimentLabel::Negative),
            (-1.0, SentimentLabel::Negative),
        ];
        for (compound, label) in cases {
            let read = TextSentiment::from_compound(compound);
            assert!(matches!(read, Some(TextSentiment::Scored { label: l, .. }) if l == label), "{compound}");
        }
        assert_eq!(TextSentiment::from_compound(f64::NAN), None);
    }

    #[test]
    fn malformed_json_is_told_apart_from_invalid_fields() {
        assert!(matches!(Submission::from_json(b"{\"v\":"), Err(WireError::Malformed(_))));
        assert!(matches!(Submission::from_json(b"[]"), Err(WireError::Invalid(_))));
    }

    #[test]
    fn invalid_fields_are_all_named() {
        let body = json!({
            "v": 2, "id": "not-a-uuid", "site": "North", "touchpoint": "help-panel", "created_at": 1_795_000_000,
            "answers": [
                {"kind": "csat", "question": "csat", "value": 6},
                {"kind": "text", "question": "comment", "text": "x"},
                {"kind": "text", "question": "comment", "text": "y"},
                {"kind": "stars"}
            ]
        });
        let Err(WireError::Invalid(err)) = Submission::from_json(body.to_string().as_bytes()) else {
            panic!("should be invalid")
        };
        assert_eq!(
            err.paths(),
            [
                "v",
                "id",
                "site",
                "created_at",
                "answers[0].value",
                "answers[3].kind",
                "answers[3].question",
                "answers[2]"
            ]
        );
    }

    /// A comment the scorer cannot read travels unscored, with its reason and language; a
    /// scored one may say its language; both read back as sent.
    #[test]
    fn sentiment_is_scored_or_unscored_with_its_language() {
        let cases = [
            (
                TextSentiment::Unscored { unscored: Unscored::Language, lang: Some("nb".into()) },
                json!({"unscored": "language", "lang": "nb"}),
            ),
            (
                TextSentiment::Unscored { unscored: Unscored::LowConfidence, lang: None },
                json!({"unscored": "low_confidence"}),
            ),
            (
                TextSentiment::Unscored { unscored: Unscored::LexiconUnavailable, lang: Some("de".into()) },
                json!({"unscored": "lexicon_unavailable", "lang": "de"}),
            ),
            (
                TextSentiment::from_compound(-0.6249).unwrap().in_lang("en"),
                json!({"compound": -0.6249, "label": "negative", "lang": "en"}),
            ),
            (TextSentiment::from_compound(0.5).unwrap(), json!({"compound": 0.5, "label": "positive"})),
        ];
        for (sentiment, wire) in cases {
            let s = Submission { sentiment: Some(sentiment.clone()), ..follow_up_sample() };
            let v: Value = serde_json::from_str(&s.to_json()).unwrap();
            assert_eq!(v["sentiment"], wire);
            assert_eq!(Submission::from_json(s.to_json().as_bytes()), Ok(s));
        }
        assert_eq!(TextSentiment::Unscored { unscored: Unscored::Language, lang: None }.compound(), None);
        let mut body: Value = serde_json::from_str(&follow_up_sample().to_json()).unwrap();
        body["sentiment"] = json!({"unscored": "unreadable", "compound": 0.1});
        let err = Submission::from_value(&body).unwrap_err();
        assert_eq!(
            err.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "sentiment.compound: must be absent when `unscored` is given",
                "sentiment.unscored: `unreadable` is not one of language, low_confidence, lexicon_unavailable",
            ]
        );
    }

    /// Each case breaks one field of the full follow-up body and names the exact path and message.
    #[test]
    fn each_bad_new_field_is_named_by_its_path() {
        let cases: &[(&str, Value, &str)] = &[
            (
                "/stage",
                json!("checkout"),
                "stage: `checkout` is not one of discover, consider, buy, onboard, use, get_help, renew, leave",
            ),
            ("/score", json!(1.5), "score: must be between -1 and 1, found 1.5"),
            ("/score", json!("high"), "score: must be a number, found a string"),
            ("/sentiment/compound", json!(-2), "sentiment.compound: must be between -1 and 1, found -2"),
            ("/sentiment/label", json!("angry"), "sentiment.label: `angry` is not one of negative, neutral, positive"),
            (
                "/sentiment/lang",
                json!("NB"),
                "sentiment.lang: `NB` must be a language code of 2-3 lowercase letters, such as en or nb",
            ),
            ("/journey/id", json!("j-1"), "journey.id: must be a UUID such as 0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44"),
            ("/journey/score", json!(-1.01), "journey.score: must be between -1 and 1, found -1.01"),
            ("/journey/trend", json!(2.5), "journey.trend: must be between -2 and 2, found 2.5"),
            ("/journey/count", json!(0), "journey.count: must be between 1 and 50, found 0"),
            (
                "/journey/moved_most",
                json!("Reply Check"),
                "journey.moved_most: `Reply Check` must be 1-64 characters of a-z, 0-9, - or _, starting with a letter or digit",
            ),
            ("/journey/moved_by", json!(null), "journey.moved_by: is required"),
            ("/follow_up/channel", json!(""), "follow_up.channel: must not be blank"),
            ("/follow_up/outcome", json!("never"), "follow_up.outcome: `never` is not one of on_time, late, no_reply"),
            (
                "/follow_up/promised_by",
                json!(1_794_800_000_000_i64),
                "follow_up.promised_by: must not be before contacted_at",
            ),
            (
                "/follow_up/replied_at",
                json!(1_794_980_000_000_i64),
                "follow_up.replied_at: is by promised_by, so the outcome cannot be late",
            ),
            (
                "/follow_up/contacted_at",
                json!(1_794_900_000),
                "follow_up.contacted_at: must be between 1000000000000 and 9999999999999, found 1794900000",
            ),
            (
                "/follow_up/kept",
                json!(true),
                "follow_up.kept: unknown field (expected one of: channel, topic, contacted_at, promised_by, outcome, replied_at)",
            ),
            ("/answers/1/value", json!(11), "answers[1].value: must be between 0 and 10, found 11"),
            ("/answers/2/value", json!(0), "answers[2].value: must be between 1 and 7, found 0"),
            ("/answers/4/up", json!("no"), "answers[4].up: must be true or false, found a string"),
            ("/answers/4/value", json!(1), "answers[4].value: is only for csat, nps, ces, emoji answers"),
            (
                "/answers/5/option",
                json!("Too Slow"),
                "answers[5].option: `Too Slow` must be 1-64 characters of a-z, 0-9, - or _, starting with a letter or digit",
            ),
            ("/answers/6/options", json!([]), "answers[6].options: must list 1 to 20 chosen options, found 0"),
            ("/answers/6/options/1", json!("price"), "answers[6].options[1]: duplicate chosen option id `price`"),
            ("/answers/7/text", json!("kept"), "answers[7].text: is only for text answers"),
        ];
        for (pointer, bad, expected) in cases {
            let mut doc: Value = serde_json::from_str(&follow_up_sample().to_json()).unwrap();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            match doc.pointer_mut(parent).unwrap() {
                Value::Object(map) => drop(map.insert(key.to_owned(), bad.clone())),
                Value::Array(items) => items[key.parse::<usize>().unwrap()] = bad.clone(),
                _ => panic!("{parent} is not a container"),
            }
            let Err(WireError::Invalid(err)) = Submission::from_json(doc.to_string().as_bytes()) else {
                panic!("breaking {pointer} should be refused")
            };
            let got: Vec<String> = err.0.iter().map(ToString::to_string).collect();
            assert_eq!(got, vec![expected.to_string()], "breaking {pointer}");
        }
    }

    #[test]
    fn uuids_are_canonical_hex() {
        assert!(is_uuid("0B6F7C3E-2F1A-4C8E-9D57-3C2A1F0E9B44"));
        assert!(!is_uuid("0b6f7c3e2f1a4c8e9d573c2a1f0e9b44"));
        assert!(!is_uuid("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b4g"));
    }

    #[test]
    fn uuid_v4_sets_version_and_variant() {
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    fn arb_answer() -> impl Strategy<Value = Answer> {
        let q = || "q".to_owned();
        prop_oneof![
            (1u8..=5).prop_map(move |value| Answer::Csat { question: q(), value }),
            (0u8..=10).prop_map(move |value| Answer::Nps { question: q(), value }),
            (1u8..=7).prop_map(move |value| Answer::Ces { question: q(), value }),
            (1u8..=5).prop_map(move |value| Answer::Emoji { question: q(), value }),
            any::<bool>().prop_map(move |up| Answer::Thumbs { question: q(), up }),
            "[a-z][a-z0-9-]{0,20}".prop_map(move |option| Answer::SingleChoice { question: q(), option }),
            prop::collection::btree_set("[a-z][a-z0-9_]{0,10}", 1..=20).prop_map(move |options| {
                Answer::MultipleChoice { question: q(), options: options.into_iter().collect() }
            }),
            "\\PC{1,200}"
                .prop_filter("not blank", |t| !t.trim().is_empty())
                .prop_map(move |text| Answer::Text { question: q(), text }),
            Just(Answer::TextWithheld { question: q() }),
        ]
    }

    proptest! {
        #[test]
        fn uuid_v4_is_always_canonical(bytes in any::<[u8; 16]>()) {
            prop_assert!(is_uuid(&uuid_v4(bytes)));
        }

        #[test]
        fn any_valid_submission_round_trips(
            answers in prop::collection::vec(arb_answer(), 0..10),
            created_at in 1_000_000_000_000i64..=9_999_999_999_999,
            score in -1.0f64..=1.0,
            compound in -1.0f64..=1.0,
            journey in (-1.0f64..=1.0, -2.0f64..=2.0, 1usize..=50, -2.0f64..=2.0),
        ) {
            let mut s = follow_up_sample();
            s.created_at = created_at;
            s.answers = answers.into_iter().enumerate().map(|(i, a)| match a {
                Answer::Csat { value, .. } => Answer::Csat { question: format!("q{i}"), value },
                Answer::Nps { value, .. } => Answer::Nps { question: format!("q{i}"), value },
                Answer::Ces { value, .. } => Answer::Ces { question: format!("q{i}"), value },
                Answer::Emoji { value, .. } => Answer::Emoji { question: format!("q{i}"), value },
                Answer::Thumbs { up, .. } => Answer::Thumbs { question: format!("q{i}"), up },
                Answer::SingleChoice { option, .. } => Answer::SingleChoice { question: format!("q{i}"), option },
                Answer::MultipleChoice { options, .. } => Answer::MultipleChoice { question: format!("q{i}"), options },
                Answer::Text { text, .. } => Answer::Text { question: format!("q{i}"), text },
                Answer::TextWithheld { .. } => Answer::TextWithheld { question: format!("q{i}") },
            }).collect();
            s.score = Some(wire_score(score));
            s.sentiment = TextSentiment::from_compound(compound);
            let (j, trend, count, moved_by) = journey;
            let score = JourneyScore { score: wire_score(j), trend: wire_score(trend), count, moved_most: "a".into(), moved_by: wire_score(moved_by) };
            s.journey = Some(JourneyPart { id: JOURNEY.into(), score });
            prop_assert_eq!(Submission::from_json(s.to_json().as_bytes()), Ok(s));
        }
    }
}
