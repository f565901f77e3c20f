//! A free-text answer with its label, length limits and announced problems.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`TextQuestion`].
#[derive(Properties, PartialEq)]
pub struct TextQuestionProps {
    /// The text area's element id, unique in the shadow root (e.g. `tp-comment`).
    pub id: AttrValue,
    pub prompt: AttrValue,
    pub required: bool,
    pub max_length: usize,
    /// When answered, at least this many characters (0: no minimum).
    #[prop_or_default]
    pub min_length: usize,
    pub value: String,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    pub on_change: Callback<String>,
}

/// A labelled text area. A minimum length is said up front, next to the label,
/// rather than discovered on submitting.
#[function_component(TextQuestion)]
pub fn text_question(props: &TextQuestionProps) -> Html {
    let error_id = format!("{}-error", props.id);
    let hint_id = format!("{}-hint", props.id);
    let hint = (props.min_length > 0).then(|| format!("At least {} characters.", props.min_length));
    let described_by: Vec<&str> =
        [hint.as_ref().map(|_| hint_id.as_str()), props.problem.as_ref().map(|_| error_id.as_str())]
            .into_iter()
            .flatten()
            .collect();
    let oninput = props.on_change.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <div class="tp-question">
            <label for={props.id.clone()} class="tp-prompt">
                { props.prompt.clone() }
                if !props.required { <span class="tp-optional">{ " (optional)" }</span> }
            </label>
            if let Some(hint) = hint {
                <p id={hint_id.clone()} class="tp-hint">{ hint }</p>
            }
            <textarea id={props.id.clone()} class="tp-textarea" rows="3" maxlength={props.max_length.to_string()}
                value={props.value.clone()} required={props.required}
                aria-describedby={(!described_by.is_empty()).then(|| described_by.join(" "))}
                aria-invalid={props.problem.as_ref().map(|_| "true")} {oninput} />
            if let Some(problem) = &props.problem {
                <p id={error_id} class="tp-error" role="alert">{ problem.clone() }</p>
            }
        </div>
    }
}
