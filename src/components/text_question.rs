//! A free-text answer with its label, length limit and announced problems.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`TextQuestion`].
#[derive(Properties, PartialEq)]
pub struct TextQuestionProps {
    pub id: String,
    pub prompt: String,
    pub required: bool,
    pub max_length: usize,
    pub value: String,
    pub problem: Option<String>,
    pub on_change: Callback<String>,
}

/// A labelled text area.
#[function_component(TextQuestion)]
pub fn text_question(props: &TextQuestionProps) -> Html {
    let input_id = format!("tp-{}", props.id);
    let error_id = format!("tp-{}-error", props.id);
    let oninput = props.on_change.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <div class="tp-question">
            <label for={input_id.clone()} class="tp-prompt">
                { &props.prompt }
                if !props.required { <span class="tp-optional">{ " (optional)" }</span> }
            </label>
            <textarea id={input_id} class="tp-textarea" rows="3" maxlength={props.max_length.to_string()}
                value={props.value.clone()} required={props.required}
                aria-describedby={props.problem.as_ref().map(|_| error_id.clone())}
                aria-invalid={props.problem.as_ref().map(|_| "true")} {oninput} />
            if let Some(problem) = &props.problem {
                <p id={error_id} class="tp-error" role="alert">{ problem }</p>
            }
        </div>
    }
}
