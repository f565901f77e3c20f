//! "What do you need help with?": a labelled native select, so keyboards, screen readers
//! and phones all get the control they know.

use touchpoint_core::config::Topic;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`TopicPicker`].
#[derive(Properties, PartialEq)]
pub struct TopicPickerProps {
    pub topics: Vec<Topic>,
    /// The topic picked, by id; `None`: any.
    pub selected: Option<String>,
    /// A topic was picked (`None`: any topic).
    pub on_change: Callback<Option<String>>,
}

/// The topic picker.
#[function_component(TopicPicker)]
pub fn topic_picker(props: &TopicPickerProps) -> Html {
    let onchange = props.on_change.reform(|e: Event| {
        let value = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value());
        value.filter(|v| !v.is_empty())
    });
    let selected = props.selected.as_deref().unwrap_or("");
    html! {
        <div class="tp-topic">
            <label class="tp-topic-label" for="tp-topic">{ "What do you need help with?" }</label>
            <select id="tp-topic" class="tp-topic-select" {onchange}>
                <option value="" selected={selected.is_empty()}>{ "Anything" }</option>
                { for props.topics.iter().map(|t| html! {
                    <option key={t.id.clone()} value={t.id.clone()} selected={t.id == selected}>{ &t.label }</option>
                }) }
            </select>
        </div>
    }
}
