//! One of several options, as a native radio group listed top to bottom (also
//! the contact follow-up's “did we reply in time?” question).

use yew::prelude::*;

use crate::components::question_group::{Field, question_group};

/// A fieldset of labelled radios, one per (option id, label) in display order: one Tab
/// stop, arrow keys move the choice. `value` is the chosen option's id; `on_change`
/// hears the id of the option chosen.
pub fn single_choice(
    field: &Field,
    options: &[(AttrValue, AttrValue)],
    value: Option<&AttrValue>,
    on_change: &Callback<AttrValue>,
) -> Html {
    let options = options.iter().map(|(option, label)| {
        let input_id = format!("{}-{option}", field.id);
        let chosen = option.clone();
        let onchange = on_change.reform(move |_: Event| chosen.clone());
        html! {
            <li class="tp-choice">
                <input type="radio" class="tp-choice-input" id={input_id.clone()} name={field.id.clone()}
                    value={option.clone()} checked={value == Some(option)} {onchange} />
                <label for={input_id} class="tp-choice-label">{ label.clone() }</label>
            </li>
        }
    });
    let inputs = html! { <ul class="tp-choice-list">{ for options }</ul> };
    question_group(field, classes!("tp-choices"), inputs)
}
