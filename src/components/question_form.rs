//! A set of questions with its submit button, shared by the panel and the
//! touchpoint prompts. Follow-up questions appear and disappear as the answers
//! they depend on change (`show_if`).

use touchpoint_core::answers::{Given, is_shown};
use touchpoint_core::config::Question;
use touchpoint_core::i18n::Msg;
use touchpoint_core::id_map::IdMap;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::question_field::question_field;
use crate::state::{Form, Phase};
use crate::words::Words;

/// What a question form is about, besides its answers.
pub struct Questions<'a> {
    /// Prefix of the element ids, unique per form in the shadow root.
    pub scope: &'a str,
    pub questions: &'a [Question],
    /// Prompts shown instead of the configured ones, by question id (a follow-up's, filled in).
    pub prompts: Option<&'a IdMap<String>>,
    /// The submit button's words.
    pub submit_label: &'a str,
    /// The widget's own words.
    pub words: &'a Words,
}

/// The form, with `form`'s answers so far, problems and phase. Validation happens on
/// submit; problems appear beside their questions. `on_answer` hears (question id,
/// answer); `on_submit` what the honeypot field holds: empty from a person, who never sees it.
pub fn question_form(
    questions: Questions<'_>,
    form: &Form,
    on_answer: &Callback<(String, Given)>,
    on_submit: &Callback<String>,
) -> Html {
    let onsubmit = on_submit.reform(|e: SubmitEvent| {
        e.prevent_default();
        honeypot(&e)
    });
    let Questions { scope, questions, prompts, submit_label, words } = questions;
    let trap_id = format!("{scope}-website");
    let sending = form.phase == Phase::Sending;
    // One slot per question, always there, empty while a follow-up is not shown: the list
    // never grows or shrinks, so yew never moves or re-creates the fields around a
    // follow-up that appears, and the radio the visitor just chose keeps the focus.
    let questions = questions.iter().map(|q| {
        let field = is_shown(q, &form.given).then(|| {
            let problem = form.problems.get(&q.id).map(|need| AttrValue::from(words.need(*need)));
            let prompt = prompts.and_then(|p| p.get(&q.id)).map(|p| AttrValue::from(p.clone()));
            question_field(scope, q, form.given.get(&q.id), problem, prompt, on_answer, words)
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
            if let Phase::Failed(why) = &form.phase {
                <p class="tp-error" role="alert">{ words.fill(Msg::NotSent, &[("why", why)]) }</p>
            }
            <button type="submit" class="tp-submit" aria-disabled={sending.to_string()}>
                { if sending { words.text(Msg::Sending) } else { submit_label } }
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
