//! The frame of a question answered with a group of inputs (a scale, a choice list): a
//! fieldset named by its legend, the prompt, so screen readers announce the question on
//! entering the group; its problem shown after the inputs, tied to the group and announced.

use yew::prelude::*;

/// The fieldset around `inputs`. `id` is the question's element-id base; `class` adds the
/// layout of this kind of group to `tp-question`.
pub fn question_group(
    id: &str,
    class: Classes,
    prompt: &AttrValue,
    required: bool,
    problem: Option<&AttrValue>,
    inputs: Html,
) -> Html {
    let error_id = format!("{id}-error");
    html! {
        <fieldset class={classes!("tp-question", class)}
            aria-describedby={problem.map(|_| error_id.clone())}
            aria-invalid={problem.map(|_| "true")}>
            <legend class="tp-prompt">
                { prompt.clone() }
                if !required { <span class="tp-optional">{ " (optional)" }</span> }
            </legend>
            { inputs }
            if let Some(problem) = problem {
                <p id={error_id} class="tp-error" role="alert">{ problem.clone() }</p>
            }
        </fieldset>
    }
}
