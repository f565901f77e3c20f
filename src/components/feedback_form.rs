//! The feedback questions and the submit button.

use std::collections::BTreeMap;

use touchpoint_core::answers::Given;
use touchpoint_core::config::{Feedback, QuestionKind};
use yew::prelude::*;

use crate::components::csat_scale::CsatScale;
use crate::components::text_question::TextQuestion;
use crate::state::Phase;

/// Props of [`FeedbackForm`].
#[derive(Properties, PartialEq)]
pub struct FeedbackFormProps {
    pub feedback: Feedback,
    pub given: BTreeMap<String, Given>,
    pub problems: BTreeMap<String, String>,
    pub phase: Phase,
    /// A question's answer changed: (question id, answer).
    pub on_answer: Callback<(String, Given)>,
    pub on_submit: Callback<()>,
}

/// The form. Validation happens on submit; problems appear beside their questions.
#[function_component(FeedbackForm)]
pub fn feedback_form(props: &FeedbackFormProps) -> Html {
    let onsubmit = props.on_submit.reform(|e: SubmitEvent| e.prevent_default());
    let sending = props.phase == Phase::Sending;
    let questions = props.feedback.questions.iter().map(|q| {
        let problem = props.problems.get(&q.id).cloned();
        let id = q.id.clone();
        match &q.kind {
            QuestionKind::Csat { labels } => {
                let value = match props.given.get(&q.id) {
                    Some(Given::Rating(v)) => Some(*v),
                    _ => None,
                };
                let on_change = props.on_answer.reform(move |v| (id.clone(), Given::Rating(v)));
                html! { <CsatScale key={q.id.clone()} id={q.id.clone()} prompt={q.prompt.clone()} labels={labels.clone()} {value} {problem} {on_change} /> }
            }
            QuestionKind::Text { max_length, .. } => {
                let value = match props.given.get(&q.id) {
                    Some(Given::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                let on_change = props.on_answer.reform(move |t| (id.clone(), Given::Text(t)));
                html! { <TextQuestion key={q.id.clone()} id={q.id.clone()} prompt={q.prompt.clone()} required={q.required} max_length={*max_length} {value} {problem} {on_change} /> }
            }
            // The other kinds (NPS, CES, thumbs, emoji, choices, reply) get their components in the
            // widget phase of issue 5; until then the panel shows CSAT and text questions only.
            _ => html! {},
        }
    });
    html! {
        <section class="tp-section" aria-labelledby="tp-feedback-title">
            <h3 id="tp-feedback-title" class="tp-subtitle">{ "Your feedback" }</h3>
            <form class="tp-form" novalidate=true {onsubmit}>
                { for questions }
                if let Phase::Failed(why) = &props.phase {
                    <p class="tp-error" role="alert">{ format!("Your feedback was not sent. {why} Please try again.") }</p>
                }
                <button type="submit" class="tp-submit" aria-disabled={sending.to_string()}>
                    { if sending { "Sending…" } else { "Send feedback" } }
                </button>
            </form>
        </section>
    }
}
