//! A touchpoint's questions as a small, non-modal prompt in the widget's corner.
//! It appears without taking focus, so a visitor typing on the page keeps typing;
//! it is reached with Tab like the rest of the widget, and closing it while inside
//! hands focus back to the launcher.

use crate::by_pointer::ByPointer;
use touchpoint_core::answers::Given;
use touchpoint_core::config::Question;
use touchpoint_core::i18n::Msg;

use web_sys::Element;
use yew::prelude::*;

use crate::components::question_form::{Questions, question_form};
use crate::components::thank_you::ThankYou;
use crate::state::{Phase, Prompt};
use crate::words::Words;

/// The prompt for `prompt` asking `questions`: a labelled dialog with a close button, the
/// questions, then thanks. `on_answer` hears (question id, answer); `on_submit` what the
/// honeypot field holds (see [`question_form`]); `on_close` that the visitor closed it (Close
/// button or Escape), `true` when focus was inside the prompt.
pub fn touchpoint_prompt(
    prompt: &Prompt,
    questions: &[Question],
    on_answer: &Callback<(String, Given)>,
    on_submit: &Callback<String>,
    on_close: &Callback<bool>,
    words: &ByPointer<Words>,
) -> Html {
    // Whether focus is in the prompt holding the element the event happened on.
    let close = |on_close: &Callback<bool>, e: &Event| {
        let prompt = e.target_dyn_into::<Element>().and_then(|el| el.closest(".tp-ask").ok().flatten());
        on_close.emit(prompt.is_some_and(|p| p.matches(":focus-within").unwrap_or(false)));
    };
    let onkeydown = {
        let on_close = on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                close(&on_close, &e);
            }
        })
    };
    let onclick = {
        let on_close = on_close.clone();
        Callback::from(move |e: MouseEvent| close(&on_close, &e))
    };
    let form = &prompt.form;
    let scope = format!("tpp-{}", prompt.touchpoint);
    let body = if form.phase == Phase::Thanked {
        html! { <ThankYou words={words.clone()} /> }
    } else {
        let submit_label = words.text(Msg::Send);
        let questions = Questions { scope: &scope, questions, prompts: Some(&prompt.prompts), submit_label, words };
        question_form(questions, form, on_answer, on_submit)
    };
    html! {
        <section class="tp-ask" role="dialog" aria-modal="false" aria-labelledby="tp-ask-title" {onkeydown}
            data-tp-touchpoint={prompt.touchpoint.clone()}>
            <header class="tp-header">
                <h2 id="tp-ask-title" class="tp-title">{ words.text(Msg::PromptTitle) }</h2>
                <button type="button" class="tp-close" aria-label={words.text(Msg::Close).to_owned()} {onclick}>
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18" /></svg>
                </button>
            </header>
            <div class="tp-body">{ body }</div>
        </section>
    }
}
