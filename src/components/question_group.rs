//! The frame of a question answered with a group of inputs (a scale, a choice list): a
//! fieldset named by its legend, the prompt, so screen readers announce the question on
//! entering the group; its problem shown after the inputs, tied to the group and announced.

use yew::prelude::*;

/// What every question's inputs are drawn with. The inputs of each kind are functions
/// taking this, not components: each Yew component type adds its own monomorphised
/// lifecycle to the wasm.
pub struct Field {
    /// Base of the element ids (and a radio group's name), unique in the shadow root (e.g. `tp-csat`).
    pub id: AttrValue,
    pub prompt: AttrValue,
    /// For a question that need not be answered: the words saying so, “(optional)”.
    pub optional: Option<AttrValue>,
    /// A problem to show beside the question and announce.
    pub problem: Option<AttrValue>,
}

/// The fieldset around `inputs`; `class` adds the layout of this kind of group to `tp-question`.
pub fn question_group(field: &Field, class: Classes, inputs: Html) -> Html {
    let error_id = format!("{}-error", field.id);
    let problem = field.problem.as_ref();
    html! {
        <fieldset class={classes!("tp-question", class)}
            aria-describedby={problem.map(|_| error_id.clone())}
            aria-invalid={problem.map(|_| "true")}>
            <legend class="tp-prompt">
                { field.prompt.clone() }
                if let Some(optional) = &field.optional { <span class="tp-optional">{ " " }{ optional.clone() }</span> }
            </legend>
            { inputs }
            if let Some(problem) = problem {
                <p id={error_id} class="tp-error" role="alert">{ problem.clone() }</p>
            }
        </fieldset>
    }
}
