//! A set of questions with its submit button, shared by the panel and the
//! touchpoint prompts. Follow-up questions appear and disappear as the answers
//! they depend on change (`show_if`).

use touchpoint_core::answers::Given;
use touchpoint_core::config::Question;
use touchpoint_core::id_map::IdMap;
use yew::prelude::*;

use crate::components::question_field::QuestionField;
use crate::state::Phase;

/// Props of [`QuestionForm`].
#[derive(Properties, PartialEq)]
pub struct QuestionFormProps {
    /// Prefix of the element ids, unique per form in the shadow root.
    pub scope: AttrValue,
    pub questions: Vec<Question>,
    /// Prompts shown instead of the configured ones, by question id (a follow-up's, filled in).
    #[prop_or_default]
    pub prompts: IdMap<String>,
    pub given: IdMap<Given>,
    pub problems: IdMap<String>,
    pub phase: Phase,
    /// A question's answer changed: (question id, answer).
    pub on_answer: Callback<(String, Given)>,
    pub on_submit: Callback<()>,
    #[prop_or(AttrValue::Static("Send feedback"))]
    pub submit_label: AttrValue,
}

/// The form. Validation happens on submit; problems appear beside their questions.
#[function_component(QuestionForm)]
pub fn question_form(props: &QuestionFormProps) -> Html {
    let onsubmit = props.on_submit.reform(|e: SubmitEvent| e.prevent_default());
    let sending = props.phase == Phase::Sending;
    let questions = props.questions.iter().filter(|q| q.is_shown(&props.given)).map(|q| {
        html! {
            <QuestionField
                key={q.id.clone()}
                scope={props.scope.clone()}
                question={q.clone()}
                given={props.given.get(&q.id).cloned()}
                problem={props.problems.get(&q.id).map(|p| AttrValue::from(p.clone()))}
                prompt={props.prompts.get(&q.id).map(|p| AttrValue::from(p.clone()))}
                on_answer={props.on_answer.clone()}
            />
        }
    });
    html! {
        <form class="tp-form" novalidate=true {onsubmit}>
            { for questions }
            if let Phase::Failed(why) = &props.phase {
                <p class="tp-error" role="alert">{ format!("Your feedback was not sent. {why} Please try again.") }</p>
            }
            <button type="submit" class="tp-submit" aria-disabled={sending.to_string()}>
                { if sending { "Sending…".into() } else { props.submit_label.clone() } }
            </button>
        </form>
    }
}
