//! A set of questions with its submit button, shared by the panel and the
//! touchpoint prompts. Follow-up questions appear and disappear as the answers
//! they depend on change (`show_if`).

use touchpoint_core::answers::{Given, is_shown};
use touchpoint_core::config::Question;
use touchpoint_core::id_map::IdMap;
use wasm_bindgen::JsCast;
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
    /// Submitted, with what the honeypot field holds: empty from a person, who never sees it.
    pub on_submit: Callback<String>,
    #[prop_or(AttrValue::Static("Send feedback"))]
    pub submit_label: AttrValue,
}

/// The form. Validation happens on submit; problems appear beside their questions.
#[function_component(QuestionForm)]
pub fn question_form(props: &QuestionFormProps) -> Html {
    let onsubmit = props.on_submit.reform(|e: SubmitEvent| {
        e.prevent_default();
        honeypot(&e)
    });
    let trap_id = format!("{}-website", props.scope);
    let sending = props.phase == Phase::Sending;
    // One slot per question, always there, empty while a follow-up is not shown: the list
    // never grows or shrinks, so yew never moves or re-creates the fields around a
    // follow-up that appears, and the radio the visitor just chose keeps the focus.
    let questions = props.questions.iter().map(|q| {
        let field = is_shown(q, &props.given).then(|| {
            html! {
                <QuestionField
                    scope={props.scope.clone()}
                    question={q.clone()}
                    given={props.given.get(&q.id).cloned()}
                    problem={props.problems.get(&q.id).map(|p| AttrValue::from(p.clone()))}
                    prompt={props.prompts.get(&q.id).map(|p| AttrValue::from(p.clone()))}
                    on_answer={props.on_answer.clone()}
                />
            }
        });
        html! { <div key={q.id.clone()} class="tp-field">{ for field }</div> }
    });
    html! {
        <form class="tp-form" novalidate=true {onsubmit}>
            { for questions }
            // The honeypot: off-screen, out of the tab order and hidden from assistive
            // technology, so only a bot filling every field puts something in it.
            <div class="tp-trap" aria-hidden="true">
                <label for={trap_id.clone()}>{ "Leave this field empty" }</label>
                <input type="text" id={trap_id} name="website" tabindex="-1" autocomplete="off" />
            </div>
            if let Phase::Failed(why) = &props.phase {
                <p class="tp-error" role="alert">{ format!("Your feedback was not sent. {why} Please try again.") }</p>
            }
            <button type="submit" class="tp-submit" aria-disabled={sending.to_string()}>
                { if sending { "Sending…".into() } else { props.submit_label.clone() } }
            </button>
        </form>
    }
}

/// What the submitted form's honeypot field holds.
fn honeypot(e: &SubmitEvent) -> String {
    e.target_dyn_into::<web_sys::Element>()
        .and_then(|form| form.query_selector("input[name=website]").ok().flatten())
        .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}
