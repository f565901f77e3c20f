//! Touchpoints: the moments the site asks for feedback: stage, trigger (URL patterns with
//! a "test a path" box using the widget's own matcher, exit intent, track event, DOM event,
//! contact follow-up), sampling, recontact, and their questions.

use serde_json::{Value, json};
use touchpoint_core::config::TriggerTag;
use touchpoint_core::diff::Step;
use touchpoint_core::fields::Kind;
use touchpoint_core::url_pattern::{UrlMatch, UrlPattern};
use touchpoint_core::wire::Stage;
use yew::prelude::*;

use super::questions::questions;
use super::{Form, add_button, id_set, ids_of, item, names, number, select, text};
use crate::browser;
use crate::doc::{self, Edit, index, key, path_text};

/// The panel's own questions.
pub fn feedback(form: &Form) -> Html {
    let at = key(&[], "feedback");
    html! {
        <section class="card" aria-labelledby="sec-feedback">
            <h2 id="sec-feedback">{"Feedback panel"}</h2>
            <div class="row">
                { text(form, key(&at, "id"), "Panel id", None, false) }
                { select(form, key(&at, "stage"), "Journey stage", &names(Stage::NAMES), Some("get help (default)")) }
            </div>
            { questions(form, &key(&at, "questions"), "Questions in the panel") }
        </section>
    }
}

/// Every touchpoint.
pub fn touchpoints(form: &Form) -> Html {
    let list = key(&[], "touchpoints");
    let items = doc::items(&form.doc, &list);
    html! {
        <section class="card" aria-labelledby="sec-touchpoints">
            <h2 id="sec-touchpoints">{"Touchpoints"}</h2>
            { for items.iter().enumerate().map(|(i, t)| {
                let title = format!("Touchpoint {}: {}", i + 1, t.get("label").and_then(Value::as_str).unwrap_or(""));
                item(form, &list, i, items.len(), title, touchpoint(form, &index(&list, i)))
            }) }
            { add_button(form, &list, "Add a touchpoint", json!({"id": "", "label": "", "stage": "use",
                "trigger": {"kind": "track", "event": ""}, "questions": [{"id": "csat", "kind": "csat", "prompt": "How satisfied are you?"}]}), "id") }
        </section>
    }
}

fn touchpoint(form: &Form, at: &[Step]) -> Html {
    html! {
        <>
            <div class="row">
                { text(form, key(at, "id"), "Touchpoint id", None, false) }
                { text(form, key(at, "label"), "Touchpoint label", None, false) }
                { select(form, key(at, "stage"), "Journey stage", &names(Stage::NAMES), None) }
            </div>
            { trigger(form, &key(at, "trigger")) }
            <div class="row">
                { number(form, key(at, "sample_percent"), "Ask this share of visitors (%)", Some("Default 100.")) }
                { number(form, key(at, "recontact_days"), "Days before asking again", Some("Default: the site's rule.")) }
            </div>
            { questions(form, &key(at, "questions"), "Questions") }
        </>
    }
}

fn trigger(form: &Form, at: &[Step]) -> Html {
    let kind = form.text(&key(at, "kind"));
    let change_kind = {
        let (form, at) = (form.clone(), at.to_vec());
        Callback::from(move |e: Event| {
            let kind = browser::value_of(&e);
            let fresh = match kind.as_str() {
                "url" => json!({"kind": "url", "prefix": "/"}),
                "exit_intent" => json!({"kind": "exit_intent"}),
                "contact_follow_up" => json!({"kind": "contact_follow_up"}),
                other => json!({"kind": other, "event": ""}),
            };
            form.edit(Edit::Set(at.clone(), fresh));
        })
    };
    let id = path_text(at);
    let body = match kind.as_str() {
        "url" | "exit_intent" => pattern(form, at, kind == "url"),
        "track" => {
            text(form, key(at, "event"), "Event name", Some("The page calls Touchpoint.track(\"name\")."), false)
        }
        "dom_event" => {
            text(form, key(at, "event"), "DOM event name", Some("An event of this name reaching the document."), false)
        }
        "contact_follow_up" => {
            let channels = ids_of(&form.doc, &key(&[], "channels"));
            html! {
                <>
                    { id_set(form, key(at, "channels"), "After contacts through", "None chosen: every channel.", &channels) }
                    { number(form, key(at, "within_days"), "Ask within (days after the promised reply)", Some("Default 14.")) }
                </>
            }
        }
        _ => html! {},
    };
    html! {
        <fieldset id={id.clone()}>
            <legend>{"When to ask"}</legend>
            <crate::components::common::Problems id={format!("{id}--problems")} problems={form.problems_at(at)} />
            <div class="field">
                <label for={format!("{id}.kind")}>{"Trigger"}</label>
                <select id={format!("{id}.kind")} onchange={change_kind} disabled={form.readonly}>
                    { for TriggerTag::NAMES.iter().map(|n| html! { <option value={*n} selected={*n == kind}>{trigger_name(n)}</option> }) }
                </select>
            </div>
            {body}
        </fieldset>
    }
}

fn trigger_name(tag: &str) -> &'static str {
    match tag {
        "url" => "a page is visited",
        "exit_intent" => "the visitor is about to leave",
        "track" => "the page tracks an event",
        "dom_event" => "a DOM event fires",
        "contact_follow_up" => "a contact's promised reply is due",
        _ => "other",
    }
}

/// Which pages: exact path, prefix or glob, with a box testing a path against it using
/// the widget's own matcher.
fn pattern(form: &Form, at: &[Step], required: bool) -> Html {
    let doc_at = doc::get(&form.doc, at).cloned().unwrap_or(Value::Null);
    let how = UrlMatch::ALL.iter().copied().find(|m| doc_at.get(m.name()).is_some());
    let current = how.map_or("", |m| m.name()).to_owned();
    let value = how.and_then(|m| doc_at.get(m.name())).and_then(Value::as_str).unwrap_or("").to_owned();
    let mut choices: Vec<(String, String)> = UrlMatch::ALL
        .iter()
        .map(|m| {
            let label = match m.name() {
                "exact" => "the path is exactly",
                "prefix" => "the path starts with",
                _ => "the path matches the pattern (* any characters)",
            };
            (m.name().to_owned(), label.to_owned())
        })
        .collect();
    if !required {
        choices.insert(0, (String::new(), "any page".to_owned()));
    }
    let id = path_text(at);
    let change_how = {
        let (form, at, value, current) = (form.clone(), at.to_vec(), value.clone(), current.clone());
        Callback::from(move |e: Event| {
            let to = browser::value_of(&e);
            if !current.is_empty() {
                form.edit(Edit::Remove(key(&at, &current)));
            }
            if !to.is_empty() {
                form.edit(Edit::Set(key(&at, &to), Value::from(value.clone())));
            }
        })
    };
    html! {
        <>
            <div class="row">
                <div class="field">
                    <label for={format!("{id}--how")}>{"Pages where"}</label>
                    <select id={format!("{id}--how")} onchange={change_how} disabled={form.readonly}>
                        { for choices.iter().map(|(v, l)| html! { <option value={v.clone()} selected={*v == current}>{l.clone()}</option> }) }
                    </select>
                </div>
                if let Some(m) = how { { text(form, key(at, m.name()), "Path or pattern", None, false) } }
                if required { { number(form, key(at, "delay_seconds"), "After (seconds on the page)", None) } }
            </div>
            if let Some(m) = how { <PathTester id={format!("{id}--test")} how={m.name()} pattern={value} /> }
        </>
    }
}

/// Props of [`PathTester`].
#[derive(Properties, PartialEq)]
struct PathTesterProps {
    id: String,
    how: &'static str,
    pattern: String,
}

/// "Test a path": whether the widget would match it.
#[function_component(PathTester)]
fn path_tester(props: &PathTesterProps) -> Html {
    let path = use_state(String::new);
    let oninput = {
        let path = path.clone();
        Callback::from(move |e: InputEvent| path.set(browser::value_of(&e)))
    };
    let how = UrlMatch::ALL.iter().copied().find(|m| m.name() == props.how).unwrap_or(UrlMatch::ALL[0]);
    let verdict = if path.is_empty() {
        String::new()
    } else {
        match UrlPattern::new(how, &props.pattern) {
            Ok(p) if p.matches(&path) => format!("{} matches: the touchpoint asks there.", *path),
            Ok(_) => format!("{} does not match.", *path),
            Err(e) => format!("The pattern is not valid yet: {e}."),
        }
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{"Test a path"}</label>
            <input id={props.id.clone()} value={(*path).clone()} {oninput} placeholder="/pricing/compare?plan=pro" />
            <p role="status" class="hint">{verdict}</p>
        </div>
    }
}
