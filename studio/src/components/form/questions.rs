//! A list of feedback questions (the panel's or a touchpoint's): every kind with its own
//! members (labels, options, text lengths), required, and `show_if` picked from lists: an
//! earlier question, then what it must be (an option chosen, a score at most or at least).

use serde_json::{Value, json};
use touchpoint_core::config::QuestionTag;
use touchpoint_core::diff::Step;
use touchpoint_core::fields::Kind;
use yew::prelude::*;

use super::{Form, add_button, item, names, number, select, text};
use crate::browser;
use crate::components::common::Problems;
use crate::doc::{self, Edit, index, key, path_text};

/// The questions at `list`.
pub fn questions(form: &Form, list: &[Step], legend: &str) -> Html {
    let items = doc::items(&form.doc, list).to_vec();
    html! {
        <fieldset id={path_text(list)}>
            <legend>{legend.to_owned()}</legend>
            <Problems id={format!("{}--problems", path_text(list))} problems={form.problems_at(list)} />
            { for items.iter().enumerate().map(|(i, q)| {
                let title = format!("Question {}: {}", i + 1, form.label_of(q, "prompt"));
                item(form, list, i, items.len(), title, question(form, list, i, &items[..i]))
            }) }
            { add_button(form, list, "Add a question", json!({"id": "", "kind": "csat", "prompt": ""}), "id") }
        </fieldset>
    }
}

fn question(form: &Form, list: &[Step], i: usize, earlier: &[Value]) -> Html {
    let at = index(list, i);
    let kind = form.text(&key(&at, "kind"));
    let members = html! {
        if kind == "single_choice" || kind == "multiple_choice" {
            { options(form, &key(&at, "options")) }
        } else if kind == "text" {
            <div class="row">
                { number(form, key(&at, "min_length"), "Shortest answer (characters)", None) }
                { number(form, key(&at, "max_length"), "Longest answer (characters)", Some("Default 2000.")) }
            </div>
        }
    };
    html! {
        <>
            <div class="row">
                { text(form, key(&at, "id"), "Question id", None, false) }
                { select(form, key(&at, "kind"), "Question kind", &names(QuestionTag::NAMES), None) }
            </div>
            { text(form, key(&at, "prompt"), "Question", None, false) }
            { required(form, &key(&at, "required")) }
            {members}
            { show_if(form, &key(&at, "show_if"), earlier) }
        </>
    }
}

/// "Required" is on unless the document says `false`.
fn required(form: &Form, at: &[Step]) -> Html {
    let id = path_text(at);
    let on = doc::get(&form.doc, at).and_then(Value::as_bool).unwrap_or(true);
    let onchange = {
        let (form, at) = (form.clone(), at.to_vec());
        Callback::from(move |e: Event| {
            form.edit(if browser::checked_of(&e) {
                Edit::Remove(at.clone())
            } else {
                Edit::Set(at.clone(), Value::Bool(false))
            })
        })
    };
    html! {
        <div class="field inline">
            <input type="checkbox" id={id.clone()} checked={on} {onchange} disabled={form.readonly} />
            <label for={id.clone()}>{"Answer required"}</label>
            <Problems id={format!("{id}--problems")} problems={form.problems_at(at)} />
        </div>
    }
}

fn options(form: &Form, list: &[Step]) -> Html {
    let items = doc::items(&form.doc, list);
    html! {
        <fieldset id={path_text(list)}>
            <legend>{"Options"}</legend>
            <Problems id={format!("{}--problems", path_text(list))} problems={form.problems_at(list)} />
            { for items.iter().enumerate().map(|(i, o)| {
                let at = index(list, i);
                let title = format!("Option {}: {}", i + 1, form.label_of(o, "label"));
                item(form, list, i, items.len(), title, html! {
                    <div class="row">
                        { text(form, key(&at, "id"), "Option id", None, false) }
                        { text(form, key(&at, "label"), "Option label", None, false) }
                    </div>
                })
            }) }
            { add_button(form, list, "Add an option", json!({"id": "", "label": ""}), "id") }
        </fieldset>
    }
}

/// Show this question only when an earlier one was answered a certain way.
fn show_if(form: &Form, at: &[Step], earlier: &[Value]) -> Html {
    let id = path_text(at);
    let target_id = form.text(&key(at, "question"));
    let choices: Vec<(String, String)> = earlier
        .iter()
        .filter_map(|q| {
            let qid = q.get("id")?.as_str()?;
            let prompt = q.get("prompt").and_then(Value::as_str).unwrap_or(qid);
            Some((qid.to_owned(), format!("{prompt} ({qid})")))
        })
        .collect();
    let target = earlier.iter().find(|q| q.get("id").and_then(Value::as_str) == Some(target_id.as_str()));
    let target_kind = target.and_then(|q| q.get("kind")).and_then(Value::as_str).unwrap_or("");
    let pick_question = {
        let (form, at) = (form.clone(), at.to_vec());
        Callback::from(move |e: Event| {
            let q = browser::value_of(&e);
            form.edit(if q.is_empty() {
                Edit::Remove(at.clone())
            } else {
                Edit::Set(at.clone(), json!({"question": q}))
            });
        })
    };
    let test = match target_kind {
        "thumbs" => {
            let opts = vec![("up".to_owned(), "thumbs up".to_owned()), ("down".to_owned(), "thumbs down".to_owned())];
            select(form, key(at, "chosen"), "When the answer is", &opts, Some("choose…"))
        }
        "single_choice" | "multiple_choice" => {
            let opts = super::ids_of(target.unwrap_or(&Value::Null), &key(&[], "options"));
            select(form, key(at, "chosen"), "When this option is chosen", &opts, Some("choose…"))
        }
        "csat" | "nps" | "ces" | "emoji" => {
            let which = if doc::get(&form.doc, &key(at, "at_least")).is_some() { "at_least" } else { "at_most" };
            let switch = {
                let (form, at) = (form.clone(), at.to_vec());
                Callback::from(move |e: Event| {
                    let to = browser::value_of(&e);
                    let from = if to == "at_least" { "at_most" } else { "at_least" };
                    let value = doc::get(&form.doc, &key(&at, from)).cloned().unwrap_or(Value::from(1));
                    form.edit(Edit::Remove(key(&at, from)));
                    form.edit(Edit::Set(key(&at, &to), value));
                })
            };
            html! {
                <div class="row">
                    <div class="field">
                        <label for={format!("{id}--test")}>{"When the score is"}</label>
                        <select id={format!("{id}--test")} onchange={switch} disabled={form.readonly}>
                            <option value="at_most" selected={which == "at_most"}>{"at most"}</option>
                            <option value="at_least" selected={which == "at_least"}>{"at least"}</option>
                        </select>
                    </div>
                    { number(form, key(at, which), "Score", None) }
                </div>
            }
        }
        _ => html! {},
    };
    html! {
        <fieldset id={id.clone()}>
            <legend>{"Show only if"}</legend>
            <Problems id={format!("{id}--problems")} problems={form.problems_at(at)} />
            <div class="field">
                <label for={format!("{id}.question")}>{"Earlier question"}</label>
                <select id={format!("{id}.question")} onchange={pick_question} disabled={form.readonly}>
                    <option value="" selected={target_id.is_empty()}>{"Always show"}</option>
                    { for choices.iter().map(|(v, l)| html! { <option value={v.clone()} selected={*v == target_id}>{l.clone()}</option> }) }
                </select>
                <Problems id={format!("{id}.question--problems")} problems={form.problems_at(&key(at, "question"))} />
            </div>
            {test}
        </fieldset>
    }
}
