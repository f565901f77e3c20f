//! Any number of options, as a group of native checkboxes in a fieldset: each
//! its own Tab stop, Space toggles it.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use crate::components::question_group::{Field, question_group};

/// A fieldset of labelled checkboxes, one per (option id, label) in display order, those in
/// `value` checked; `on_change` hears the ids chosen after a change, in the options' order.
pub fn multiple_choice(
    field: &Field,
    options: &[(AttrValue, AttrValue)],
    value: &[String],
    on_change: &Callback<Vec<String>>,
) -> Html {
    // The group's checked boxes are read from the page on each change, so quick
    // successive toggles never work from an answer not yet rendered.
    let onchange = on_change.reform(|e: Event| checked_in_group(&e));
    let options = options.iter().map(|(option, label)| {
        let input_id = format!("{}-{option}", field.id);
        let checked = value.iter().any(|v| v == option.as_str());
        let onchange = onchange.clone();
        html! {
            <li class="tp-choice">
                <input type="checkbox" class="tp-choice-input" id={input_id.clone()} value={option.clone()}
                    {checked} {onchange} />
                <label for={input_id} class="tp-choice-label">{ label.clone() }</label>
            </li>
        }
    });
    let inputs = html! { <ul class="tp-choice-list">{ for options }</ul> };
    question_group(field, classes!("tp-choices"), inputs)
}

/// The values of the checked boxes in the fieldset of the changed box, in their order.
fn checked_in_group(e: &Event) -> Vec<String> {
    let group = e.target_dyn_into::<Element>().and_then(|box_| box_.closest("fieldset").ok().flatten());
    let Some(checked) = group.and_then(|g| g.query_selector_all("input:checked").ok()) else { return Vec::new() };
    (0..checked.length())
        .filter_map(|i| checked.item(i)?.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .collect()
}
