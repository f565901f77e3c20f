//! One question of any kind: picks its component and turns the visitor's input
//! into a [`Given`] answer.

use touchpoint_core::answers::Given;
use touchpoint_core::config::{Choice, Question, QuestionKind};
use touchpoint_core::fields::Kind;
use touchpoint_core::wire::ReplyOutcome;
use yew::prelude::*;

use crate::components::ces_question::ces_scale;
use crate::components::csat_question::csat_scale;
use crate::components::emoji_question::emoji_scale;
use crate::components::multiple_choice::MultipleChoice;
use crate::components::nps_question::nps_scale;
use crate::components::rating_scale::{RatingScale, Scale};
use crate::components::single_choice::SingleChoice;
use crate::components::text_question::TextQuestion;
use crate::components::thumbs_question::thumbs_scale;

/// Props of [`QuestionField`].
#[derive(Properties, PartialEq)]
pub struct QuestionFieldProps {
    /// Prefix of the element ids, unique per form in the shadow root (`tp` for the panel).
    pub scope: AttrValue,
    pub question: Question,
    /// What the visitor entered so far.
    pub given: Option<Given>,
    pub problem: Option<AttrValue>,
    /// The prompt to show instead of the configured one (a follow-up's, with the contact filled in).
    #[prop_or_default]
    pub prompt: Option<AttrValue>,
    /// The answer changed: (question id, answer).
    pub on_answer: Callback<(String, Given)>,
}

/// The question as its kind's component.
#[function_component(QuestionField)]
pub fn question_field(props: &QuestionFieldProps) -> Html {
    let q = &props.question;
    let id: AttrValue = format!("{}-{}", props.scope, q.id).into();
    let prompt = props.prompt.clone().unwrap_or_else(|| q.prompt.clone().into());
    let (required, problem) = (q.required, props.problem.clone());
    let on_answer = &props.on_answer;
    let rating = match &props.given {
        Some(Given::Rating(v)) => Some(*v),
        _ => None,
    };
    let scale = |Scale { points, variant, ends }: Scale, value: Option<u8>, on_change: Callback<u8>| {
        html! {
            <RatingScale id={id.clone()} prompt={prompt.clone()} {points} {value} {required}
                problem={problem.clone()} variant={Classes::from(variant)} {ends} {on_change} />
        }
    };
    match &q.kind {
        QuestionKind::Csat { labels } => scale(csat_scale(labels), rating, answer(on_answer, &q.id, Given::Rating)),
        QuestionKind::Nps { labels } => scale(nps_scale(labels), rating, answer(on_answer, &q.id, Given::Rating)),
        QuestionKind::Ces { labels } => scale(ces_scale(labels), rating, answer(on_answer, &q.id, Given::Rating)),
        QuestionKind::Emoji { labels } => scale(emoji_scale(labels), rating, answer(on_answer, &q.id, Given::Rating)),
        QuestionKind::Thumbs { labels } => {
            let value = match &props.given {
                Some(Given::Thumbs(up)) => Some(u8::from(*up)),
                _ => None,
            };
            scale(thumbs_scale(labels), value, answer(on_answer, &q.id, |v: u8| Given::Thumbs(v == 1)))
        }
        QuestionKind::SingleChoice { options } => {
            let value = match &props.given {
                Some(Given::Choice(c)) => Some(AttrValue::from(c.clone())),
                _ => None,
            };
            let options = choices(options);
            html! {
                <SingleChoice {id} {prompt} {options} {required} {value} {problem}
                    on_change={answer(on_answer, &q.id, |c: AttrValue| Given::Choice(c.to_string()))} />
            }
        }
        QuestionKind::MultipleChoice { options } => {
            let value = match &props.given {
                Some(Given::Choices(chosen)) => chosen.clone(),
                _ => Vec::new(),
            };
            let options = choices(options);
            html! {
                <MultipleChoice {id} {prompt} {options} {required} {value} {problem}
                    on_change={answer(on_answer, &q.id, Given::Choices)} />
            }
        }
        QuestionKind::Text { max_length, min_length } => {
            let value = match &props.given {
                Some(Given::Text(t)) => t.clone(),
                _ => String::new(),
            };
            html! {
                <TextQuestion {id} {prompt} {required} max_length={*max_length} min_length={*min_length} {value}
                    {problem} on_change={answer(on_answer, &q.id, Given::Text)} />
            }
        }
        QuestionKind::Reply { labels } => {
            let value = match &props.given {
                Some(Given::Reply(outcome)) => Some(outcome.name()),
                _ => None,
            };
            let options =
                ReplyOutcome::ALL.iter().zip(labels).map(|(o, label)| (o.name().into(), label.clone().into()));
            html! {
                <SingleChoice {id} {prompt} options={options.collect::<Vec<_>>()} {required}
                    value={value.map(AttrValue::from)} {problem} on_change={answer(on_answer, &q.id, reply_outcome)} />
            }
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
    options.iter().map(|o| (o.id.clone().into(), o.label.clone().into())).collect()
}

/// The outcome named by a reply option's id; `no_reply` for an id that cannot come from the options.
fn reply_outcome(name: AttrValue) -> Given {
    let outcome =
        ReplyOutcome::ALL.iter().copied().find(|o| o.name() == name.as_str()).unwrap_or(ReplyOutcome::NoReply);
    Given::Reply(outcome)
}
