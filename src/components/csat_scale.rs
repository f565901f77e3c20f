//! A CSAT rating as a native radio group: one Tab stop, arrow keys move the
//! choice, each point labelled with its number and words.

use yew::prelude::*;

/// Props of [`CsatScale`].
#[derive(Properties, PartialEq)]
pub struct CsatScaleProps {
    /// Question id, used for element ids and the radio group name.
    pub id: String,
    pub prompt: String,
    /// Labels of points 1..=5.
    pub labels: [String; 5],
    pub value: Option<u8>,
    /// A problem to show and announce.
    pub problem: Option<String>,
    pub on_change: Callback<u8>,
}

/// The rating scale.
#[function_component(CsatScale)]
pub fn csat_scale(props: &CsatScaleProps) -> Html {
    let name = format!("tp-{}", props.id);
    let error_id = format!("tp-{}-error", props.id);
    let options = (1u8..=5).zip(props.labels.iter()).map(|(n, label)| {
        let input_id = format!("tp-{}-{n}", props.id);
        let onchange = props.on_change.reform(move |_: Event| n);
        html! {
            <span class="tp-scale-option">
                <input type="radio" class="tp-scale-input" id={input_id.clone()} name={name.clone()} value={n.to_string()}
                    checked={props.value == Some(n)} {onchange} />
                <label for={input_id} class="tp-scale-label">
                    <span class="tp-scale-number">{ n }</span>
                    <span class="tp-scale-words">{ label }</span>
                </label>
            </span>
        }
    });
    html! {
        <fieldset class="tp-question tp-scale" aria-describedby={props.problem.as_ref().map(|_| error_id.clone())}
            aria-invalid={props.problem.as_ref().map(|_| "true")}>
            <legend class="tp-prompt">{ &props.prompt }</legend>
            <div class="tp-scale-options">{ for options }</div>
            if let Some(problem) = &props.problem {
                <p id={error_id} class="tp-error" role="alert">{ problem }</p>
            }
        </fieldset>
    }
}
