//! The document's own fields, topics, resources, and the rules for how often visitors are
//! asked and how their journey score is computed (explained in plain words).

use serde_json::{Value, json};
use touchpoint_core::config::ResourceKind;
use touchpoint_core::fields::{Kind, number_text};
use yew::prelude::*;

use super::{Form, add_button, checkbox, id_set, ids_of, item, names, number, select, text, typed};
use crate::doc::{self, index, key};

/// Site, endpoint and privacy.
pub fn general(form: &Form) -> Html {
    html! {
        <section class="card" aria-labelledby="sec-general">
            <h2 id="sec-general">{"General"}</h2>
            { text(form, key(&[], "site"), "Site id", Some("Must be this site's id."), false) }
            { text(form, key(&[], "endpoint"), "Where answers are sent",
                Some("/v1/submissions on this collector, or an https: URL."), false) }
            { checkbox(form, key(&[], "keep_text_on_device"), "Keep comments on the visitor's device",
                Some("Only the sentiment score of free-text answers is sent, never their words.")) }
        </section>
    }
}

/// The kinds of problem visitors come with.
pub fn topics(form: &Form) -> Html {
    let list = key(&[], "topics");
    let items = doc::items(&form.doc, &list);
    html! {
        <section class="card" aria-labelledby="sec-topics">
            <h2 id="sec-topics">{"Topics"}</h2>
            <p class="hint">{"What visitors come about; channels and resources say which topics they handle."}</p>
            { for items.iter().enumerate().map(|(i, t)| {
                let at = index(&list, i);
                let title = format!("Topic {}: {}", i + 1, form.label_of(t, "label"));
                item(form, &list, i, items.len(), title, html! {
                    <div class="row">
                        { text(form, key(&at, "id"), "Topic id", None, false) }
                        { text(form, key(&at, "label"), "Topic label", None, false) }
                    </div>
                })
            }) }
            { add_button(form, &list, "Add a topic", json!({"id": "", "label": ""}), "id") }
        </section>
    }
}

/// Self-service resources.
pub fn resources(form: &Form) -> Html {
    let list = key(&[], "resources");
    let items = doc::items(&form.doc, &list);
    let topics = ids_of(&form.doc, &key(&[], "topics"));
    html! {
        <section class="card" aria-labelledby="sec-resources">
            <h2 id="sec-resources">{"Resources"}</h2>
            { for items.iter().enumerate().map(|(i, r)| {
                let at = index(&list, i);
                let title = format!("Resource {}: {}", i + 1, form.label_of(r, "label"));
                item(form, &list, i, items.len(), title, html! {
                    <>
                        <div class="row">
                            { text(form, key(&at, "id"), "Resource id", None, false) }
                            { select(form, key(&at, "kind"), "Resource kind", &names(ResourceKind::NAMES), None) }
                            { text(form, key(&at, "label"), "Resource label", None, false) }
                        </div>
                        { typed(form, key(&at, "href"), "Link", Some("An https: link or a path starting with /."), false, "text") }
                        { text(form, key(&at, "description"), "Description", None, true) }
                        { id_set(form, key(&at, "handles"), "Topics it helps with", "None chosen: every topic.", &topics) }
                    </>
                })
            }) }
            { add_button(form, &list, "Add a resource", json!({"id": "", "kind": "help_center", "label": "", "href": ""}), "id") }
        </section>
    }
}

/// How often a visitor may be asked, and the journey score's weights in plain words.
pub fn rules(form: &Form) -> Html {
    let weight = |name: &str| doc::get(&form.doc, &key(&key(&[], "journey"), name)).and_then(Value::as_f64);
    let d = touchpoint_core::journey::JourneyParams::default();
    let peak = weight("peak_weight").unwrap_or(d.peak_weight);
    let end = weight("end_weight").unwrap_or(d.end_weight);
    let text_w = weight("text_weight").unwrap_or(d.text_weight);
    let half = weight("half_life_days").unwrap_or(d.half_life_days);
    // Integers and core's number text: no float formatting in the wasm.
    let pct = |x: f64| format!("{}%", (x * 100.0).round() as i64);
    let half = number_text(half);
    let plain = format!(
        "A visitor's journey score blends every answer they gave. An answer counts half as much after {half} days. \
         The most intense moment adds {} and the latest one {} on top of the average (people remember peaks and ends), \
         and the sentiment of their comments weighs {} against their ratings.",
        pct(peak),
        pct(end),
        pct(text_w)
    );
    let recontact = key(&[], "recontact");
    let journey = key(&[], "journey");
    html! {
        <section class="card" aria-labelledby="sec-rules">
            <h2 id="sec-rules">{"Asking and scoring"}</h2>
            <div class="row">
                { number(form, key(&recontact, "same_touchpoint_days"), "Days before the same question again", Some("Default 30.")) }
                { number(form, key(&recontact, "any_touchpoint_hours"), "Hours between any two questions", Some("Default 24.")) }
            </div>
            <h3>{"Journey score"}</h3>
            <p id="journey-plain">{plain}</p>
            <div class="row">
                { number(form, key(&journey, "half_life_days"), "Half-life (days)", None) }
                { number(form, key(&journey, "peak_weight"), "Peak weight (0 to 1)", None) }
                { number(form, key(&journey, "end_weight"), "End weight (0 to 1)", None) }
                { number(form, key(&journey, "text_weight"), "Comment weight (0 to 1)", None) }
            </div>
        </section>
    }
}
