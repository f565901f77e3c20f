//! A touchpoint's questions as a small, non-modal prompt in the widget's corner.
//! It appears without taking focus, so a visitor typing on the page keeps typing;
//! it is reached with Tab like the rest of the widget, and closing it while inside
//! hands focus back to the launcher.

use touchpoint_core::answers::Given;
use touchpoint_core::config::Question;
use web_sys::Element;
use yew::prelude::*;

use crate::components::question_form::QuestionForm;
use crate::components::thank_you::ThankYou;
use crate::state::{Phase, Prompt};

/// Props of [`TouchpointPrompt`].
#[derive(Properties, PartialEq)]
pub struct TouchpointPromptProps {
    pub prompt: Prompt,
    /// The touchpoint's questions.
    pub questions: Vec<Question>,
    /// A question's answer changed: (question id, answer).
    pub on_answer: Callback<(String, Given)>,
    /// Submitted, with what the honeypot field holds (see [`QuestionForm`]).
    pub on_submit: Callback<String>,
    /// Closed by the visitor (Close button or Escape); `true` when focus was inside the prompt.
    pub on_close: Callback<bool>,
}

/// The prompt: a labelled dialog with a close button, the questions, then thanks.
#[function_component(TouchpointPrompt)]
pub fn touchpoint_prompt(props: &TouchpointPromptProps) -> Html {
    let node = use_node_ref();
    let close = {
        let (node, on_close) = (node.clone(), props.on_close.clone());
        move || {
            let inside = node.cast::<Element>().is_some_and(|el| el.matches(":focus-within").unwrap_or(false));
            on_close.emit(inside);
        }
    };
    let onkeydown = {
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                close();
            }
        })
    };
    let onclick = Callback::from(move |_: MouseEvent| close());
    let form = &props.prompt.form;
    let scope = format!("tpp-{}", props.prompt.touchpoint);
    html! {
        <section class="tp-ask" role="dialog" aria-modal="false" aria-labelledby="tp-ask-title" ref={node} {onkeydown}
            data-tp-touchpoint={props.prompt.touchpoint.clone()}>
            <header class="tp-header">
                <h2 id="tp-ask-title" class="tp-title">{ "A quick question" }</h2>
                <button type="button" class="tp-close" aria-label="Close" {onclick}>
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18" /></svg>
                </button>
            </header>
            <div class="tp-body">
                if form.phase == Phase::Thanked {
                    <ThankYou />
                } else {
                    <QuestionForm
                        {scope}
                        questions={props.questions.clone()}
                        prompts={props.prompt.prompts.clone()}
                        given={form.given.clone()}
                        problems={form.problems.clone()}
                        phase={form.phase.clone()}
                        on_answer={props.on_answer.clone()}
                        on_submit={props.on_submit.clone()}
                        submit_label="Send"
                    />
                }
            </div>
        </section>
    }
}
