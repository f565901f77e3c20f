//! A free-text answer with its label, length limits and announced problems.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::question_group::Field;

/// How long a text answer may and must be (`min` applies when answered; 0: no minimum),
/// and the hint that says the minimum (“At least 3 characters.”).
pub struct Lengths {
    pub max: usize,
    pub min: usize,
    pub hint: Option<String>,
}

/// A labelled text area (its element id is the field's id, e.g. `tp-comment`) holding
/// `value`; `on_change` hears the text as typed. A minimum length is said up front, next
/// to the label, rather than discovered on submitting.
pub fn text_question(field: &Field, lengths: Lengths, value: String, on_change: &Callback<String>) -> Html {
    let error_id = format!("{}-error", field.id);
    let hint_id = format!("{}-hint", field.id);
    let hint = lengths.hint.filter(|_| lengths.min > 0);
    let described_by: Vec<&str> =
        [hint.as_ref().map(|_| hint_id.as_str()), field.problem.as_ref().map(|_| error_id.as_str())]
            .into_iter()
            .flatten()
            .collect();
    let oninput = on_change.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <div class="tp-question">
            <label for={field.id.clone()} class="tp-prompt">
                { field.prompt.clone() }
                if let Some(optional) = &field.optional { <span class="tp-optional">{ " " }{ optional.clone() }</span> }
            </label>
            if let Some(hint) = hint {
                <p id={hint_id.clone()} class="tp-hint">{ hint }</p>
            }
            <textarea id={field.id.clone()} class="tp-textarea" rows="3" maxlength={lengths.max.to_string()}
                {value} required={field.optional.is_none()}
                aria-describedby={(!described_by.is_empty()).then(|| described_by.join(" "))}
                aria-invalid={field.problem.as_ref().map(|_| "true")} {oninput} />
            if let Some(problem) = &field.problem {
                <p id={error_id} class="tp-error" role="alert">{ problem.clone() }</p>
            }
        </div>
    }
}
