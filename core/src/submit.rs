//! From a visitor's answers to what is posted: check them against the
//! touchpoint's questions, score the touchpoint and the journey, record the
//! answer in the history, and mask or withhold the comment text. The sentiment
//! scorer and the masker are passed in, so either can be swapped.

use crate::config::{Config, QuestionKind, check_answers};
use crate::fields::{FieldError, Invalid};
use crate::follow_up::FollowUp;
use crate::history::History;
use crate::journey::{comment_text, touchpoint_score};
use crate::wire::{Answer, JourneyPart, Submission, TextSentiment, WIRE_VERSION, is_uuid, wire_score};

/// What the visitor gave for one touchpoint, before scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// A fresh UUID (`crypto.randomUUID()`): the submission's idempotency key.
    pub id: String,
    /// The touchpoint answered: a configured touchpoint's id or the panel's `feedback.id`.
    pub touchpoint: String,
    /// When the visitor submitted, milliseconds since the Unix epoch.
    pub created_at: i64,
    /// The answers to the questions shown, raw text included (it is masked or withheld here).
    pub answers: Vec<Answer>,
    /// For a contact follow-up: the contact and the visitor's `reply` answer.
    pub follow_up: Option<FollowUp>,
}

/// Checks `draft`, records it in `history` and returns the submission to post.
/// `text_sentiment` gives the compound score of a text in [-1, 1]; `mask` hides
/// e-mail addresses, phone and card numbers. With `keep_text_on_device`, comments
/// are scored here and only their scores leave the device.
/// Store the history afterwards; nothing is recorded when the draft is refused.
pub fn submit(
    config: &Config,
    history: &mut History,
    draft: Draft,
    text_sentiment: impl Fn(&str) -> f64,
    mask: impl Fn(&str) -> String,
) -> Result<Submission, Invalid> {
    let Some((stage, questions)) = config.questions_of(&draft.touchpoint) else {
        return Err(problem("touchpoint", format!("`{}` is not a configured touchpoint", draft.touchpoint)));
    };
    if !is_uuid(&draft.id) {
        return Err(problem("id", "must be a UUID such as 0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44".into()));
    }
    check_answers(questions, &draft.answers)?;
    let asks_reply = questions.iter().any(|q| matches!(q.kind, QuestionKind::Reply { .. }));
    match (&draft.follow_up, asks_reply) {
        (None, true) => {
            return Err(problem("follow_up", "is required: this touchpoint asks whether the reply came".into()));
        }
        (Some(_), false) => return Err(problem("follow_up", "is only for contact follow-ups".into())),
        (Some(f), true) => {
            if let Some((field, why)) = f.inconsistency() {
                return Err(problem(&format!("follow_up.{field}"), why.into()));
            }
        }
        (None, false) => {}
    }

    let sentiment = comment_text(&draft.answers).and_then(|text| TextSentiment::from_compound(text_sentiment(&text)));
    let score = touchpoint_score(&draft.answers, sentiment.map(|s| s.compound), &config.journey);
    history.answered(&draft.touchpoint, stage, score, draft.created_at);
    if let Some(f) = &draft.follow_up {
        history.follow_up_asked(&f.channel, f.contacted_at);
    }
    let journey = history.journey(&config.journey).map(|score| JourneyPart::new(&history.journey, score));
    let answers = draft
        .answers
        .into_iter()
        .map(|answer| match answer {
            Answer::Text { question, .. } if config.keep_text_on_device => Answer::TextWithheld { question },
            Answer::Text { question, text } => Answer::Text { question, text: mask(&text) },
            other => other,
        })
        .collect();
    Ok(Submission {
        v: WIRE_VERSION,
        id: draft.id.to_ascii_lowercase(),
        site: config.site.clone(),
        touchpoint: draft.touchpoint,
        created_at: draft.created_at,
        answers,
        stage: Some(stage),
        sentiment,
        score: score.map(wire_score),
        journey,
        follow_up: draft.follow_up,
    })
}

fn problem(path: &str, message: String) -> Invalid {
    Invalid(vec![FieldError { path: path.to_owned(), message }])
}
