//! One of several options, as a native radio group listed top to bottom (also
//! the contact follow-up's “did we reply in time?” question).

use yew::prelude::*;

use crate::components::question_group::question_group;

/// Props of [`SingleChoice`].
#[derive(Properties, PartialEq)]
pub struct SingleChoiceProps {
    /// Base of the element ids and the group's name, unique in the shadow root.
    pub id: AttrValue,
    pub prompt: AttrValue,
    /// (option id, label) in display order.
    pub options: Vec<(AttrValue, AttrValue)>,
    #[prop_or(true)]
    pub required: bool,
    /// The chosen option's id.
    pub value: Option<AttrValue>,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    /// The id of the option chosen.
    pub on_change: Callback<AttrValue>,
}

/// A fieldset of labelled radios: one Tab stop, arrow keys move the choice.
#[function_component(SingleChoice)]
pub fn single_choice(props: &SingleChoiceProps) -> Html {
    let options = props.options.iter().map(|(option, label)| {
        let input_id = format!("{}-{option}", props.id);
        let chosen = option.clone();
        let onchange = props.on_change.reform(move |_: Event| chosen.clone());
        html! {
            <li class="tp-choice">
                <input type="radio" class="tp-choice-input" id={input_id.clone()} name={props.id.clone()}
                    value={option.clone()} checked={props.value.as_ref() == Some(option)} {onchange} />
                <label for={input_id} class="tp-choice-label">{ label.clone() }</label>
            </li>
        }
    });
    let inputs = html! { <ul class="tp-choice-list">{ for options }</ul> };
    question_group(&props.id, classes!("tp-choices"), &props.prompt, props.required, props.problem.as_ref(), inputs)
}
