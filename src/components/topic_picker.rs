//! "What do you need help with?": a labelled native select, so keyboards, screen readers
//! and phones all get the control they know.

use touchpoint_core::config::Topic;
use touchpoint_core::i18n::Msg;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::words::Words;

/// The topic picker over `topics`, `selected` (by id; `None`: any) chosen; `on_change`
/// hears a topic picked (`None`: any topic).
pub fn topic_picker(
    topics: &[Topic],
    selected: Option<&str>,
    on_change: &Callback<Option<String>>,
    words: &Words,
) -> Html {
    let onchange = on_change.reform(|e: Event| {
        let value = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value());
        value.filter(|v| !v.is_empty())
    });
    let selected = selected.unwrap_or("");
    html! {
        <div class="tp-topic">
            <label class="tp-topic-label" for="tp-topic">{ words.text(Msg::TopicQuestion) }</label>
            <select id="tp-topic" class="tp-topic-select" {onchange}>
                <option value="" selected={selected.is_empty()}>{ words.text(Msg::TopicAny) }</option>
                { for topics.iter().map(|t| html! {
                    <option key={t.id.clone()} value={t.id.clone()} selected={t.id == selected}>{ t.label.as_str() }</option>
                }) }
            </select>
        </div>
    }
}
