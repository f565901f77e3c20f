//! The configuration form: what every section shares ([`Form`]: the document, the edit
//! callback, the problems by field) and the field helpers that give each input its path
//! as id, its problems beside it, and its edit. Sections, one file each, below.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;
use touchpoint_core::diff::Step;
use yew::prelude::*;

use crate::browser;
use crate::components::common::{Field, Problems};
use crate::doc::{self, Edit, path_text};
use crate::translations as tr;

/// Channels: kind, label, link, hours (the week grid), closures, special days.
pub mod channels;
/// Feedback questions of every kind, with `show_if` picked from lists.
pub mod questions;
/// Site, endpoint, topics, resources, recontact and journey weights.
pub mod settings;
/// The look: accent colours with their measured contrast, corner, launcher, scheme, font.
pub mod theme;
/// Touchpoints: stage, trigger (with "test a path"), sampling, recontact, questions.
pub mod touchpoints;
/// Languages and the translations of every text.
pub mod translations;

/// What every section of the form reads and calls.
#[derive(Clone)]
pub struct Form {
    /// The document being edited.
    pub doc: Rc<Value>,
    /// Changes it.
    pub on_edit: Callback<Edit>,
    /// Problems by the id of the field they show at (`crate::anchors::anchor`).
    pub problems: Rc<BTreeMap<String, Vec<String>>>,
    /// A viewer sees the form but cannot change it.
    pub readonly: bool,
    /// Bumped on every change, so sections re-render.
    pub revision: u64,
}

impl PartialEq for Form {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.readonly == other.readonly
            && Rc::ptr_eq(&self.problems, &other.problems)
    }
}

impl Form {
    /// Problems shown at the field with this path.
    pub fn problems_at(&self, path: &[Step]) -> Vec<String> {
        self.problems.get(&path_text(path)).cloned().unwrap_or_default()
    }

    /// The string at `path`; of a text with one per language, the default language's.
    pub fn text(&self, path: &[Step]) -> String {
        tr::default_text(&self.doc, path).to_owned()
    }

    /// An item's text member (`label`, `prompt`) in the default language, for its heading.
    pub fn label_of(&self, item: &Value, member: &str) -> String {
        let default = tr::declared(&self.doc).into_iter().next().unwrap_or_default();
        tr::text_in(item, &doc::key(&[], member), &default).to_owned()
    }

    /// Sends one edit.
    pub fn edit(&self, edit: Edit) {
        if !self.readonly {
            self.on_edit.emit(edit);
        }
    }

    /// A callback setting the string at `path` (removing the member when empty and `optional`).
    /// A text with one per language gets the default language's entry set.
    pub fn set_text(&self, path: Vec<Step>, optional: bool) -> Callback<String> {
        let form = self.clone();
        let per_language = matches!(doc::get(&self.doc, &path), Some(Value::Object(_)));
        let default = tr::declared(&self.doc).into_iter().next().filter(|_| per_language);
        Callback::from(move |v: String| {
            form.edit(match &default {
                Some(language) => Edit::Translate(path.clone(), language.clone(), v),
                None => Edit::Text(path.clone(), v, optional),
            });
        })
    }
}

/// A text field for the string at `path`.
pub fn text(form: &Form, path: Vec<Step>, label: &str, hint: Option<&str>, optional: bool) -> Html {
    typed(form, path, label, hint, optional, "text")
}

/// A field of the given input `kind` (`url`, `date`, `textarea` …) for the string at `path`.
pub fn typed(
    form: &Form,
    path: Vec<Step>,
    label: &str,
    hint: Option<&str>,
    optional: bool,
    kind: &'static str,
) -> Html {
    html! {
        <Field id={path_text(&path)} label={label.to_owned()} value={form.text(&path)} kind={kind}
            hint={hint.map(|h| AttrValue::from(h.to_owned()))} problems={form.problems_at(&path)}
            required={!optional} readonly={form.readonly} oninput={form.set_text(path, optional)} />
    }
}

/// A number field for the number at `path` (empty removes the member: the default applies).
pub fn number(form: &Form, path: Vec<Step>, label: &str, hint: Option<&str>) -> Html {
    let value = doc::get(&form.doc, &path).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let on = {
        let (form, path) = (form.clone(), path.clone());
        Callback::from(move |v: String| {
            let v = v.trim();
            let edit = if v.is_empty() {
                Edit::Remove(path.clone())
            } else {
                // What is not a number stays as typed, so the validator names it.
                let value =
                    serde_json::from_str::<serde_json::Number>(v).map_or_else(|_| Value::from(v), Value::Number);
                Edit::Set(path.clone(), value)
            };
            form.edit(edit);
        })
    };
    html! {
        <Field id={path_text(&path)} label={label.to_owned()} value={value.unwrap_or_default()} kind="text"
            hint={hint.map(|h| AttrValue::from(h.to_owned()))} problems={form.problems_at(&path)}
            readonly={form.readonly} oninput={on} />
    }
}

/// A select of `choices` (value, label) for the string at `path`; `blank` offers "none"
/// (removing the member).
pub fn select(form: &Form, path: Vec<Step>, label: &str, choices: &[(String, String)], blank: Option<&str>) -> Html {
    let id = path_text(&path);
    let current = form.text(&path);
    let problems = form.problems_at(&path);
    let onchange = {
        let (form, path, optional) = (form.clone(), path, blank.is_some());
        Callback::from(move |e: Event| form.edit(Edit::Text(path.clone(), browser::value_of(&e), optional)))
    };
    let problems_id = format!("{id}--problems");
    let known = choices.iter().any(|(v, _)| *v == current);
    html! {
        <div class={classes!("field", (!problems.is_empty()).then_some("has-problem"))}>
            <label for={id.clone()}>{label.to_owned()}</label>
            <select id={id.clone()} {onchange} disabled={form.readonly}
                aria-describedby={(!problems.is_empty()).then(|| problems_id.clone())}
                aria-invalid={(!problems.is_empty()).then_some("true")}>
                if let Some(blank) = blank { <option value="" selected={current.is_empty()}>{blank.to_owned()}</option> }
                if !known && !current.is_empty() { <option value={current.clone()} selected=true>{current.clone()}</option> }
                { for choices.iter().map(|(v, l)| html! { <option value={v.clone()} selected={*v == current}>{l.clone()}</option> }) }
            </select>
            <Problems id={problems_id} problems={problems} />
        </div>
    }
}

/// A checkbox for the boolean at `path` (unchecked removes it: false is the default).
pub fn checkbox(form: &Form, path: Vec<Step>, label: &str, hint: Option<&str>) -> Html {
    let id = path_text(&path);
    let checked = doc::get(&form.doc, &path).and_then(Value::as_bool).unwrap_or(false);
    let onchange = {
        let (form, path) = (form.clone(), path.clone());
        Callback::from(move |e: Event| {
            let edit = if browser::checked_of(&e) {
                Edit::Set(path.clone(), Value::Bool(true))
            } else {
                Edit::Remove(path.clone())
            };
            form.edit(edit);
        })
    };
    let hint_id = format!("{id}--hint");
    html! {
        <div class="field inline">
            <input type="checkbox" id={id.clone()} {checked} {onchange} disabled={form.readonly}
                aria-describedby={hint.map(|_| hint_id.clone())} />
            <label for={id.clone()}>{label.to_owned()}</label>
            if let Some(hint) = hint { <span class="hint" id={hint_id}>{hint.to_owned()}</span> }
            <Problems id={format!("{id}--problems")} problems={form.problems_at(&path)} />
        </div>
    }
}

/// Checkboxes choosing ids from `choices` into the list at `path` (none chosen removes it).
pub fn id_set(form: &Form, path: Vec<Step>, legend: &str, hint: &str, choices: &[(String, String)]) -> Html {
    let id = path_text(&path);
    let chosen: Vec<String> =
        doc::items(&form.doc, &path).iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
    let hint_id = format!("{id}--hint");
    html! {
        <fieldset id={id.clone()} aria-describedby={hint_id.clone()}>
            <legend>{legend.to_owned()}</legend>
            <p class="hint" id={hint_id}>{hint.to_owned()}</p>
            if choices.is_empty() { <p>{"None to choose from yet."}</p> }
            { for choices.iter().enumerate().map(|(n, (value, label))| {
                let is_on = chosen.contains(value);
                let onchange = {
                    let (form, path, chosen, value) = (form.clone(), path.clone(), chosen.clone(), value.clone());
                    Callback::from(move |e: Event| {
                        let mut next: Vec<String> = chosen.iter().filter(|c| **c != value).cloned().collect();
                        if browser::checked_of(&e) {
                            next.push(value.clone());
                        }
                        form.edit(if next.is_empty() {
                            Edit::Remove(path.clone())
                        } else {
                            Edit::Set(path.clone(), Value::from(next))
                        });
                    })
                };
                let box_id = format!("{id}--{n}");
                html! {
                    <span class="field inline">
                        <input type="checkbox" id={box_id.clone()} checked={is_on} {onchange} disabled={form.readonly} />
                        <label for={box_id}>{label.clone()}</label>
                    </span>
                }
            }) }
            <Problems id={format!("{id}--problems")} problems={form.problems_at(&path)} />
        </fieldset>
    }
}

thread_local! {
    /// The item being dragged: its list's path and position.
    static DRAGGED: std::cell::RefCell<Option<(String, usize)>> = const { std::cell::RefCell::new(None) };
}

/// An item of a list: a heading with "move up", "move down" and "remove" buttons, drag and
/// drop onto another item of the same list, its problems, and its fields.
pub fn item(form: &Form, list: &[Step], i: usize, len: usize, title: String, body: Html) -> Html {
    let path = doc::index(list, i);
    let id = path_text(&path);
    let list_text = path_text(list);
    let mover = |to: usize| {
        let (form, list) = (form.clone(), list.to_vec());
        Callback::from(move |_| {
            form.edit(Edit::Move(list.clone(), i, to));
            let target = path_text(&doc::index(&list, to));
            gloo_timers::callback::Timeout::new(0, move || browser::focus(&format!("{target}--up"))).forget();
        })
    };
    let remove = {
        let (form, path) = (form.clone(), path.clone());
        Callback::from(move |_| form.edit(Edit::Remove(path.clone())))
    };
    let ondragstart = {
        let list_text = list_text.clone();
        Callback::from(move |e: DragEvent| {
            if let Some(dt) = e.data_transfer() {
                let _ = dt.set_data("text/plain", &format!("{list_text}#{i}"));
            }
            DRAGGED.with(|d| *d.borrow_mut() = Some((list_text.clone(), i)));
        })
    };
    let ondragover = {
        let list_text = list_text.clone();
        Callback::from(move |e: DragEvent| {
            if DRAGGED.with(|d| d.borrow().as_ref().is_some_and(|(l, _)| *l == list_text)) {
                e.prevent_default();
            }
        })
    };
    let ondrop = {
        let (form, list, list_text) = (form.clone(), list.to_vec(), list_text);
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some((l, from)) = DRAGGED.with(|d| d.borrow_mut().take())
                && l == list_text
            {
                form.edit(Edit::Move(list.clone(), from, i));
            }
        })
    };
    let heading_id = format!("{id}--title");
    html! {
        <div class="item" id={id.clone()} tabindex="-1" role="group" aria-labelledby={heading_id.clone()}
            draggable={(!form.readonly).then_some("true")} {ondragstart} {ondragover} {ondrop}>
            <div class="item-head">
                <h3 id={heading_id}>{title.clone()}</h3>
                if !form.readonly {
                    <div class="actions">
                        <button type="button" id={format!("{id}--up")} disabled={i == 0} onclick={mover(i.saturating_sub(1))}
                            aria-label={format!("Move up: {title}")}>{"Move up"}</button>
                        <button type="button" disabled={i + 1 >= len} onclick={mover((i + 1).min(len.saturating_sub(1)))}
                            aria-label={format!("Move down: {title}")}>{"Move down"}</button>
                        <button type="button" class="danger" onclick={remove} aria-label={format!("Remove: {title}")}>{"Remove"}</button>
                    </div>
                }
            </div>
            <Problems id={format!("{id}--problems")} problems={form.problems_at(&path)} />
            {body}
        </div>
    }
}

/// An "Add …" button appending `value` to the list at `list`, then focusing the new item's first field.
pub fn add_button(form: &Form, list: &[Step], label: &str, value: Value, first_field: &str) -> Html {
    if form.readonly {
        return html! {};
    }
    let onclick = {
        let (form, list, first_field) = (form.clone(), list.to_vec(), first_field.to_owned());
        let at = doc::items(&form.doc, &list).len();
        Callback::from(move |_| {
            form.edit(Edit::Push(list.clone(), value.clone()));
            let target = path_text(&doc::key(&doc::index(&list, at), &first_field));
            gloo_timers::callback::Timeout::new(0, move || browser::focus(&target)).forget();
        })
    };
    html! { <button type="button" {onclick}>{label.to_owned()}</button> }
}

/// `(name, name)` pairs of a kind's names, for a select.
pub fn names(names: &[&str]) -> Vec<(String, String)> {
    names.iter().map(|n| ((*n).to_owned(), n.replace('_', " "))).collect()
}

/// `(id, "label (id)")` of every item of the list at `path` that has an id.
pub fn ids_of(doc: &Value, path: &[Step]) -> Vec<(String, String)> {
    doc::items(doc, path)
        .iter()
        .filter_map(|item| {
            let id = item.get("id")?.as_str()?;
            let label = item.get("label").or_else(|| item.get("prompt")).and_then(Value::as_str).unwrap_or(id);
            Some((id.to_owned(), format!("{label} ({id})")))
        })
        .collect()
}
