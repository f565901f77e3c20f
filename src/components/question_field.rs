//! One question of any kind: picks its kind's inputs and turns the visitor's input
//! into a [`Given`] answer.

use touchpoint_core::answers::Given;
use touchpoint_core::config::{Choice, Question, QuestionKind};
use touchpoint_core::fields::Kind;
use touchpoint_core::i18n::Msg;
use touchpoint_core::wire::ReplyOutcome;
use yew::prelude::*;

use crate::components::ces_question::ces_scale;
use crate::components::csat_question::csat_scale;
use crate::components::emoji_question::emoji_scale;
use crate::components::multiple_choice::multiple_choice;
use crate::components::nps_question::nps_scale;
use crate::components::question_group::Field;
use crate::components::rating_scale::rating_scale;
use crate::components::single_choice::single_choice;
use crate::components::text_question::{Lengths, text_question};
use crate::components::thumbs_question::thumbs_scale;
use crate::words::Words;

/// The question as its kind's inputs. `scope` prefixes the element ids, unique per form in
/// the shadow root (`tp` for the panel); `given` is what the visitor entered so far;
/// `prompt` replaces the configured one (a follow-up's, with the contact filled in);
/// `on_answer` hears (question id, answer); `words` says the widget's own words.
pub fn question_field(
    scope: &str,
    q: &Question,
    given: Option<&Given>,
    problem: Option<AttrValue>,
    prompt: Option<AttrValue>,
    on_answer: &Callback<(String, Given)>,
    words: &Words,
) -> Html {
    let field = Field {
        id: format!("{scope}-{}", q.id).into(),
        prompt: prompt.unwrap_or_else(|| q.prompt.as_str().to_owned().into()),
        optional: (!q.required).then(|| words.text(Msg::Optional).to_owned().into()),
        problem,
    };
    let rating = match given {
        Some(Given::Rating(v)) => Some(*v),
        _ => None,
    };
    match &q.kind {
        QuestionKind::Csat { labels } => {
            rating_scale(&field, csat_scale(labels), rating, &answer(on_answer, &q.id, Given::Rating))
        }
        QuestionKind::Nps { labels } => {
            rating_scale(&field, nps_scale(labels), rating, &answer(on_answer, &q.id, Given::Rating))
        }
        QuestionKind::Ces { labels } => {
            rating_scale(&field, ces_scale(labels), rating, &answer(on_answer, &q.id, Given::Rating))
        }
        QuestionKind::Emoji { labels } => {
            rating_scale(&field, emoji_scale(labels), rating, &answer(on_answer, &q.id, Given::Rating))
        }
        QuestionKind::Thumbs { labels } => {
            let value = match given {
                Some(Given::Thumbs(up)) => Some(u8::from(*up)),
                _ => None,
            };
            rating_scale(&field, thumbs_scale(labels), value, &answer(on_answer, &q.id, |v: u8| Given::Thumbs(v == 1)))
        }
        QuestionKind::SingleChoice { options } => {
            let value = match given {
                Some(Given::Choice(c)) => Some(AttrValue::from(c.clone())),
                _ => None,
            };
            let on_change = answer(on_answer, &q.id, |c: AttrValue| Given::Choice(c.to_string()));
            single_choice(&field, &choices(options), value.as_ref(), &on_change)
        }
        QuestionKind::MultipleChoice { options } => {
            let value = match given {
                Some(Given::Choices(chosen)) => chosen.as_slice(),
                _ => &[],
            };
            multiple_choice(&field, &choices(options), value, &answer(on_answer, &q.id, Given::Choices))
        }
        QuestionKind::Text { max_length, min_length } => {
            let value = match given {
                Some(Given::Text(t)) => t.clone(),
                _ => String::new(),
            };
            let hint = (*min_length > 0).then(|| words.count(Msg::MinLengthHint, *min_length as u64));
            let lengths = Lengths { max: *max_length, min: *min_length, hint };
            // Each keystroke asks for the lexicon the comment's language needs, if any.
            let lang = words.language.code();
            let on_change = answer(on_answer, &q.id, move |text: String| {
                crate::browser::lexicons::prepare_for(&text, lang, true);
                Given::Text(text)
            });
            text_question(&field, lengths, value, &on_change)
        }
        QuestionKind::Reply { labels } => {
            let value = match given {
                Some(Given::Reply(outcome)) => Some(outcome.name()),
                _ => None,
            };
            let options: Vec<(AttrValue, AttrValue)> = ReplyOutcome::ALL
                .iter()
                .zip(labels)
                .map(|(o, label)| (o.name().into(), label.as_str().to_owned().into()))
                .collect();
            single_choice(
                &field,
                &options,
                value.map(AttrValue::from).as_ref(),
                &answer(on_answer, &q.id, reply_outcome),
            )
        }
    }
}

/// A callback for one question's component that reports its value as a [`Given`] answer.
fn answer<T: 'static>(
    on_answer: &Callback<(String, Given)>,
    question: &str,
    to_given: impl Fn(T) -> Given + 'static,
) -> Callback<T> {
    let question = question.to_owned();
    on_answer.reform(move |value| (question.clone(), to_given(value)))
}

/// (id, label) of each option, as the choice components take them.
fn choices(options: &[Choice]) -> Vec<(AttrValue, AttrValue)> {
    options.iter().map(|o| (o.id.clone().into(), o.label.as_str().to_owned().into())).collect()
}

/// The outcome named by a reply option's id; `no_reply` for an id that cannot come from the options.
fn reply_outcome(name: AttrValue) -> Given {
    let outcome =
        ReplyOutcome::ALL.iter().copied().find(|o| o.name() == name.as_str()).unwrap_or(ReplyOutcome::NoReply);
    Given::Reply(outcome)
}
