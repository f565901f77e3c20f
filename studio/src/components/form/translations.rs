//! Languages and translations: the languages the site's texts are written in (added from
//! the widget's own, removed), the widget's language (the visitor's, or fixed), and every
//! text a visitor reads with the default language's beside its translation, each with the
//! validator's problems (a missing translation, one too long) beside it.

use serde_json::Value;
use touchpoint_core::diff::Step;
use yew::prelude::*;

use super::{Form, select};
use crate::browser;
use crate::components::common::{Field, Problems};
use crate::doc::{Edit, key};
use crate::translations::{self as tr, NAMES};

/// Props of [`Translations`].
#[derive(Properties, PartialEq)]
pub struct TranslationsProps {
    /// The configuration form.
    pub form: Form,
}

/// A select not bound to the document: its id, label, options (value, text) and value.
fn chooser(id: &str, label: &str, options: &[(String, String)], value: &str, on: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| on.emit(browser::value_of(&e)));
    html! {
        <div class="field">
            <label for={id.to_owned()}>{label.to_owned()}</label>
            <select id={id.to_owned()} {onchange}>
                { for options.iter().map(|(v, t)| html! { <option value={v.clone()} selected={v == value}>{t.clone()}</option> }) }
            </select>
        </div>
    }
}

/// The languages section.
#[function_component(Translations)]
pub fn translations(props: &TranslationsProps) -> Html {
    let form = &props.form;
    let declared = tr::declared(&form.doc);
    let written_in = use_state(|| "en".to_owned());
    let adding = use_state(String::new);
    let into = use_state(String::new);
    let removing = use_state(|| None::<String>);
    let texts = tr::texts(&form.doc);
    let default = declared.first().cloned().unwrap_or_else(|| (*written_in).clone());

    let addable: Vec<(String, String)> = NAMES
        .iter()
        .filter(|(c, _)| !declared.iter().any(|d| d == c) && *c != default)
        .map(|(c, _)| ((*c).to_owned(), tr::name(c)))
        .collect();
    let to_add = if addable.iter().any(|(c, _)| *c == *adding) {
        (*adding).clone()
    } else {
        addable.first().map(|a| a.0.clone()).unwrap_or_default()
    };
    let add = {
        let (form, default, into, to_add) = (form.clone(), default.clone(), into.clone(), to_add.clone());
        Callback::from(move |_| {
            form.edit(Edit::AddLanguage(to_add.clone(), default.clone()));
            into.set(to_add.clone());
            gloo_timers::callback::Timeout::new(0, || browser::focus("translate-into")).forget();
        })
    };
    let others: Vec<&String> = declared.iter().skip(1).collect();
    let current = others.iter().find(|l| ***l == *into).or(others.first()).map(|l| (*l).clone());
    // With none declared: every language the widget speaks (also what the texts can be written in).
    let widget_languages: Vec<(String, String)> = if declared.is_empty() {
        NAMES.iter().map(|(c, _)| ((*c).to_owned(), tr::name(c))).collect()
    } else {
        declared.iter().map(|c| (c.clone(), tr::name(c))).collect()
    };
    let languages_path = key(&[], "languages");

    html! {
        <section class="card" aria-labelledby="sec-languages">
            <h2 id="sec-languages">{"Languages and translations"}</h2>
            <p class="hint">{"The widget's own words come in the visitor's language. Your texts show in the languages listed here; the first is the default, shown to visitors whose language is not listed."}</p>
            <Problems id="languages--problems" problems={form.problems_at(&languages_path)} />
            if declared.is_empty() {
                <p id="languages" tabindex="-1">{"Your texts are in one language, shown as written to every visitor."}</p>
                if !form.readonly {
                    { chooser("languages--default", "Your texts are written in", &widget_languages,
                        &written_in, { let w = written_in.clone(); Callback::from(move |v| w.set(v)) }) }
                }
            } else {
                <ul class="languages" id="languages" tabindex="-1" aria-label="Languages of your texts">
                    { for declared.iter().enumerate().map(|(n, code)| {
                        let name = tr::name(code);
                        let state = if n == 0 {
                            "default".to_owned()
                        } else {
                            match tr::untranslated(&form.doc, &texts, code) {
                                0 => format!("all {} texts translated", texts.len()),
                                m => format!("{m} of {} texts not translated", texts.len()),
                            }
                        };
                        // Removing asks first: the language's translations go with it.
                        let ask = |to: Option<String>, focus: &'static str| {
                            let removing = removing.clone();
                            Callback::from(move |_| {
                                removing.set(to.clone());
                                gloo_timers::callback::Timeout::new(0, move || browser::focus(focus)).forget();
                            })
                        };
                        let remove = {
                            let (form, code, removing) = (form.clone(), code.clone(), removing.clone());
                            Callback::from(move |_| {
                                form.edit(Edit::RemoveLanguage(code.clone()));
                                removing.set(None);
                                gloo_timers::callback::Timeout::new(0, || browser::focus("languages")).forget();
                            })
                        };
                        let confirming = removing.as_deref() == Some(code.as_str());
                        html! {
                            <li>
                                <span>{format!("{name}: {state}")}</span>
                                if n > 0 && !form.readonly && !confirming {
                                    <button type="button" class="danger" id={format!("languages--remove-{code}")}
                                        onclick={ask(Some(code.clone()), "languages--confirm")} aria-label={format!("Remove {name}")}>{"Remove"}</button>
                                }
                                if confirming {
                                    <span role="group" aria-label={format!("Remove {name} and its translations?")}>
                                        {format!("Remove {name} and its translations? ")}
                                        <button type="button" class="danger" id="languages--confirm" onclick={remove}>{"Remove"}</button>
                                        {" "}
                                        <button type="button" onclick={ask(None, "languages")}>{"Keep"}</button>
                                    </span>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            if !form.readonly && !addable.is_empty() {
                <div class="row">
                    { chooser("languages--add", "Add a language", &addable, &to_add, { let a = adding.clone(); Callback::from(move |v| a.set(v)) }) }
                    <button type="button" onclick={add}>{"Add language"}</button>
                </div>
            }
            { select(form, key(&[], "language"), "Show the widget in", &widget_languages, Some("the visitor's language (auto)")) }
            if let Some(language) = current {
                <h3>{"Translations"}</h3>
                if others.len() > 1 {
                    { chooser("translate-into", "Translate into", &others.iter().map(|c| ((*c).clone(), tr::name(c))).collect::<Vec<_>>(),
                        &language, { let i = into.clone(); Callback::from(move |v| i.set(v)) }) }
                } else {
                    <p id="translate-into" tabindex="-1">{format!("Into {}", tr::name(&language))}</p>
                }
                <div class="translations" role="group" aria-label={format!("Texts in {}", tr::name(&language))}>
                    { for texts.iter().map(|t| translation(form, &t.path, &t.what, &default, &language)) }
                </div>
            }
        </section>
    }
}

/// One text's translation: the default language's words as its hint, the validator's
/// problems of this translation (and "missing …" naming this language) beside it.
fn translation(form: &Form, path: &[Step], what: &str, default: &str, language: &str) -> Html {
    let id = tr::field_id(path, language);
    let mut problems = form.problems_at(&key(path, language));
    problems.extend(
        form.problems_at(path)
            .into_iter()
            .filter(|m| m.strip_prefix("missing ").is_some_and(|codes| codes.split(", ").any(|c| c == language))),
    );
    let written_once = matches!(crate::doc::get(&form.doc, path), Some(Value::String(s)) if !s.is_empty());
    let hint = format!(
        "{}: {}{}",
        tr::name(default),
        tr::default_text(&form.doc, path),
        if written_once { " (shown as written in every language until translated)" } else { "" }
    );
    let value = match crate::doc::get(&form.doc, path) {
        Some(Value::Object(map)) => map.get(language).and_then(Value::as_str).unwrap_or("").to_owned(),
        _ => String::new(),
    };
    let oninput = {
        let (form, path, language) = (form.clone(), path.to_vec(), language.to_owned());
        Callback::from(move |v: String| form.edit(Edit::Translate(path.clone(), language.clone(), v)))
    };
    html! {
        <Field id={id} label={format!("{what} ({language})")} value={value} hint={Some(AttrValue::from(hint))}
            problems={problems} required=true readonly={form.readonly} {oninput} />
    }
}
