//! The configuration editor: the whole schema as a form and as JSON (both editing one
//! `serde_json::Value` in place), validated as you type by core's validator with every
//! problem beside its field and in a summary linking to each; drafts saved as you go
//! (debounced `PUT /draft`); publishing with a note, and a conflict (409) shown as what
//! others changed and what yours changes, to review and publish on top; the live preview.

use std::collections::BTreeMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use serde_json::{Value, json};
use touchpoint_core::Config;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::anchors::anchor;
use crate::api::{self, ApiError, segment, str_of};
use crate::app::Studio;
use crate::browser;
use crate::components::common::banner;
use crate::components::form::{self, Form};
use crate::components::preview::Preview;
use crate::doc::{self, Edit};

/// How long after the last keystroke a draft is saved.
const AUTOSAVE_MS: u32 = 700;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The site whose configuration is edited.
    pub site: String,
}

/// The document and how many edits it has had since it was loaded.
#[derive(Clone, PartialEq)]
struct DocState {
    doc: Rc<Value>,
    revision: u64,
    /// The revision of the last load (edits after it are the marketer's, to be saved).
    loaded: u64,
}

enum DocAction {
    Load(Value),
    Edit(Edit),
}

impl Reducible for DocState {
    type Action = DocAction;
    fn reduce(self: Rc<Self>, action: DocAction) -> Rc<Self> {
        match action {
            DocAction::Load(doc) => {
                Rc::new(DocState { doc: Rc::new(doc), revision: self.revision + 1, loaded: self.revision + 1 })
            }
            DocAction::Edit(edit) => {
                let mut doc = (*self.doc).clone();
                if edit.apply(&mut doc).is_err() {
                    return self;
                }
                Rc::new(DocState { doc: Rc::new(doc), revision: self.revision + 1, loaded: self.loaded })
            }
        }
    }
}

/// Every problem of `doc` for `site`, as (path, message), in the validator's order.
fn problems_of(doc: &Value, site: &str) -> Vec<(String, String)> {
    let mut problems: Vec<(String, String)> = match Config::from_value_with_zones(doc, &browser::zone_known) {
        Ok(_) => Vec::new(),
        Err(invalid) => invalid.0.into_iter().map(|p| (p.path, p.message)).collect(),
    };
    if doc.get("site").and_then(Value::as_str).is_some_and(|s| s != site) {
        problems.push(("site".to_owned(), format!("must be {site}, the site being edited")));
    }
    problems
}

#[derive(Clone, PartialEq)]
enum View {
    Form,
    Json,
}

/// The editor page.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let studio = use_context::<Studio>().expect("the app provides Studio");
    let site = props.site.clone();
    let edits = studio.user.role.edits();
    let state = use_reducer(|| DocState { doc: Rc::new(Value::Null), revision: 0, loaded: 0 });
    // The version the document started from: None while loading, Some(None) before any.
    let base = use_state(|| None::<Option<u64>>);
    let load_error = use_state(|| None::<String>);
    let saved = use_state(String::new);
    let message = use_state(|| None::<Result<String, String>>);
    let conflict = use_state(|| None::<Value>);
    let note = use_state(String::new);
    let view = use_state(|| View::Form);
    let json_text = use_state(String::new);
    let json_error = use_state(|| None::<String>);

    // Load: the user's draft, else the latest published version, else a starter document.
    {
        let (state, base, load_error, saved) = (state.clone(), base.clone(), load_error.clone(), saved.clone());
        use_effect_with(site.clone(), move |site| {
            base.set(None);
            let site = site.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match load(&site).await {
                    Ok((doc, version, from)) => {
                        state.dispatch(DocAction::Load(doc));
                        base.set(Some(version));
                        saved.set(from);
                    }
                    Err(e) => load_error.set(Some(e.describe())),
                }
            });
        });
    }

    let problems = {
        let (site, doc) = (site.clone(), state.doc.clone());
        use_memo(state.revision, move |_| problems_of(&doc, &site))
    };
    let by_field = use_memo(problems.clone(), |problems| {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, message) in problems.iter() {
            let field = anchor(path);
            let text = if field == *path { message.clone() } else { format!("{path}: {message}") };
            map.entry(field).or_default().push(text);
        }
        Rc::new(map)
    });

    // Autosave, debounced: each edit restarts the wait; leaving the page cancels it.
    {
        let (site, saved, base_now) = (site.clone(), saved.clone(), (*base).flatten());
        let pending = (state.revision > state.loaded && edits).then(|| state.doc.clone());
        use_effect_with(state.revision, move |_| {
            let timer = pending.map(|doc| {
                saved.set("Unsaved changes…".to_owned());
                Timeout::new(AUTOSAVE_MS, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        let body = json!({"document": *doc, "base_version": base_now});
                        let path = format!("/v1/sites/{}/draft", segment(&site));
                        match api::put(&path, &body).await {
                            Ok(_) => saved.set(format!("Draft saved at {}.", clock_time())),
                            Err(e) => saved.set(format!("Draft not saved: {}.", e.describe())),
                        }
                    });
                })
            });
            move || drop(timer)
        });
    }

    let on_edit = {
        let state = state.clone();
        Callback::from(move |edit: Edit| state.dispatch(DocAction::Edit(edit)))
    };
    let zones = use_memo((), |_| browser::time_zones());

    if let Some(error) = &*load_error {
        return html! { <><h1>{format!("Configuration · {site}")}</h1><p role="alert" class="error">{error.clone()}</p></> };
    }
    let Some(base_version) = *base else {
        return html! { <><h1>{format!("Configuration · {site}")}</h1><p aria-busy="true">{"Loading the configuration…"}</p></> };
    };

    let form = Form {
        doc: state.doc.clone(),
        on_edit: on_edit.clone(),
        problems: (*by_field).clone(),
        readonly: !edits,
        revision: state.revision,
    };

    let publish = {
        let (site, state, base, message, conflict, note, reload) = (
            site.clone(),
            state.clone(),
            base.clone(),
            message.clone(),
            conflict.clone(),
            note.clone(),
            studio.reload_sites,
        );
        Callback::from(move |over: Option<Option<u64>>| {
            let base_version = over.unwrap_or(base_version);
            let mut body = json!({"document": *state.doc, "base_version": base_version});
            if !note.trim().is_empty() {
                body["note"] = Value::from(note.trim());
            }
            let (site, base, message, conflict, note, reload) =
                (site.clone(), base.clone(), message.clone(), conflict.clone(), note.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::post(&format!("/v1/sites/{}/versions", segment(&site)), &body).await {
                    Ok(v) => {
                        let n = v["version"].as_u64();
                        base.set(Some(n));
                        conflict.set(None);
                        note.set(String::new());
                        message.set(Some(Ok(format!("Published version {}.", n.unwrap_or_default()))));
                        reload.emit(());
                    }
                    Err(e) if e.status == 409 => {
                        message.set(Some(Err(
                            "Someone else published since you started: review their changes below.".to_owned()
                        )));
                        conflict.set(Some(e.body));
                    }
                    Err(e) => message.set(Some(Err(format!("Not published: {}", e.describe())))),
                }
            });
        })
    };
    let onsubmit = {
        let (publish, problems, message) = (publish.clone(), problems.clone(), message.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if problems.is_empty() {
                publish.emit(None);
            } else {
                message
                    .set(Some(Err(format!("Fix the {} problem(s) listed above before publishing.", problems.len()))));
            }
        })
    };

    let switch_view = {
        let (view, json_text, json_error, state) = (view.clone(), json_text.clone(), json_error.clone(), state.clone());
        Callback::from(move |to: View| {
            if to == View::Json {
                json_text.set(doc::to_text(&state.doc));
                json_error.set(None);
            }
            view.set(to);
        })
    };

    html! {
        <>
            <h1>{format!("Configuration · {site}")}</h1>
            <datalist id="tz-list">{ for zones.iter().map(|z| html! { <option value={z.clone()} /> }) }</datalist>
            <p role="status" id="draft-status">{(*saved).clone()}</p>
            if !edits { <p class="hint">{"Your role (viewer) can read this configuration but not change or publish it."}</p> }
            { summary(&problems) }
            <div class="editor-layout">
                <div>
                    <div class="actions" role="group" aria-label="View">
                        <button type="button" aria-pressed={(*view == View::Form).to_string()}
                            onclick={let s = switch_view.clone(); move |_| s.emit(View::Form)}>{"Form"}</button>
                        <button type="button" aria-pressed={(*view == View::Json).to_string()}
                            onclick={let s = switch_view.clone(); move |_| s.emit(View::Json)}>{"JSON"}</button>
                        <button type="button" onclick={let d = state.doc.clone(); let s = site.clone(); move |_| export(&s, &d)}>{"Export"}</button>
                    </div>
                    if *view == View::Json {
                        { json_view(&state, &json_text, &json_error, edits) }
                    } else {
                        { form::settings::general(&form) }
                        { form::channels::channels(&form) }
                        { form::settings::topics(&form) }
                        { form::settings::resources(&form) }
                        { form::touchpoints::feedback(&form) }
                        { form::touchpoints::touchpoints(&form) }
                        { form::settings::rules(&form) }
                        <form::translations::Translations form={form.clone()} />
                        { form::theme::theme(&form) }
                    }
                    if edits {
                        <form class="card" {onsubmit} aria-labelledby="publish-title">
                            <h2 id="publish-title">{"Publish"}</h2>
                            <div class="field">
                                <label for="publish-note">{"Note for this version"}</label>
                                <textarea id="publish-note" rows="2" value={(*note).clone()}
                                    oninput={let n = note.clone(); move |e: InputEvent| n.set(browser::value_of(&e))} />
                            </div>
                            {banner(&message)}
                            <button type="submit" class="primary">{"Publish"}</button>
                        </form>
                    } else {
                        {banner(&message)}
                    }
                    if let Some(c) = &*conflict { { conflict_view(c, &state, &base, &publish, &on_edit, &conflict, &site) } }
                </div>
                <Preview site={site.clone()} doc={state.doc.clone()} revision={state.revision} valid={problems.is_empty()} />
            </div>
        </>
    }
}

/// The user's draft, else the latest version, else a starter; with the base version and a note on where it came from.
async fn load(site: &str) -> Result<(Value, Option<u64>, String), ApiError> {
    let s = segment(site);
    match api::get(&format!("/v1/sites/{s}/draft")).await {
        Ok(draft) => {
            let base = draft["base_version"].as_u64();
            return Ok((draft["document"].clone(), base, "Your draft, as you left it.".to_owned()));
        }
        Err(e) if e.status == 404 => {}
        Err(e) => return Err(e),
    }
    let versions = api::get(&format!("/v1/sites/{s}/versions")).await?;
    match versions["versions"].as_array().and_then(|v| v.first()).and_then(|v| v["version"].as_u64()) {
        Some(n) => {
            let version = api::get(&format!("/v1/sites/{s}/versions/{n}")).await?;
            Ok((version["document"].clone(), Some(n), format!("Version {n}, as published.")))
        }
        None => Ok((doc::starter(site), None, "A new configuration: nothing is published yet.".to_owned())),
    }
}

/// The problems, each linking to its field.
fn summary(problems: &[(String, String)]) -> Html {
    if problems.is_empty() {
        return html! { <div class="summary clean" id="problems"><p>{"No problems: this configuration can be published."}</p></div> };
    }
    html! {
        <div class="summary" id="problems" role="region" aria-labelledby="problems-title">
            <h2 id="problems-title">{format!("{} problem{} to fix", problems.len(), if problems.len() == 1 { "" } else { "s" })}</h2>
            <ul>
                { for problems.iter().map(|(path, message)| {
                    let target = anchor(path);
                    let onclick = {
                        let target = target.clone();
                        Callback::from(move |e: MouseEvent| { e.prevent_default(); browser::focus(&target); })
                    };
                    html! { <li><a href={format!("#{target}")} {onclick}>{format!("{path}: {message}")}</a></li> }
                }) }
            </ul>
        </div>
    }
}

/// The document as JSON: typing a valid document replaces it (in the order written);
/// a file can be imported.
fn json_view(
    state: &UseReducerHandle<DocState>,
    text: &UseStateHandle<String>,
    error: &UseStateHandle<Option<String>>,
    edits: bool,
) -> Html {
    let take = {
        let (state, text, error) = (state.clone(), text.clone(), error.clone());
        Rc::new(move |t: String| {
            match serde_json::from_str::<Value>(&t) {
                Ok(v) => {
                    state.dispatch(DocAction::Edit(Edit::Replace(v)));
                    error.set(None);
                }
                Err(e) => error.set(Some(format!("Not valid JSON yet: {e}"))),
            }
            text.set(t);
        })
    };
    let oninput = {
        let take = take.clone();
        Callback::from(move |e: InputEvent| take(browser::value_of(&e)))
    };
    let onchange = Callback::from(move |e: Event| {
        let file = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            let take = take.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(t) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    take(t.as_string().unwrap_or_default());
                }
            });
        }
    });
    html! {
        <section class="card" aria-labelledby="json-title">
            <h2 id="json-title">{"JSON"}</h2>
            if edits {
                <div class="field">
                    <label for="import">{"Import a file"}</label>
                    <input id="import" type="file" accept="application/json,.json" {onchange} />
                </div>
            }
            <div class="field">
                <label for="json">{"Configuration as JSON"}</label>
                <textarea id="json" rows="30" spellcheck="false" value={(**text).clone()} {oninput} readonly={!edits}
                    aria-describedby={error.is_some().then_some("json-error")} />
                <p id="json-error" role="alert" class="error">{(**error).clone().unwrap_or_default()}</p>
            </div>
        </section>
    }
}

/// Downloads the document as `SITE.touchpoint.json`.
fn export(site: &str, doc: &Value) {
    let text = doc::to_text(doc);
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(a) =
        document.and_then(|d| d.create_element("a").ok()).and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(&format!("{site}.touchpoint.json"));
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A 409: what others published since, what this publish would change on top of it, and
/// the choices (publish on top of theirs, or take theirs).
fn conflict_view(
    body: &Value,
    state: &UseReducerHandle<DocState>,
    base: &UseStateHandle<Option<Option<u64>>>,
    publish: &Callback<Option<Option<u64>>>,
    on_edit: &Callback<Edit>,
    conflict: &UseStateHandle<Option<Value>>,
    site: &str,
) -> Html {
    let current = &body["current"];
    let version = current["version"].as_u64();
    let on_top = {
        let publish = publish.clone();
        Callback::from(move |_| publish.emit(Some(version)))
    };
    // Their changes taken into mine (theirs win where both changed a field: shown above),
    // with their version as the new base: the marketer reviews, then publishes.
    let merge = {
        let (on_edit, conflict, base, state) = (on_edit.clone(), conflict.clone(), base.clone(), state.clone());
        let changes = body["changes"].as_array().cloned().unwrap_or_default();
        Callback::from(move |_| {
            let mut doc = (*state.doc).clone();
            for c in &changes {
                let Some(path) = doc::parse_path(str_of(c, "path")) else { continue };
                let _ = match c.get("after") {
                    Some(after) => doc::set(&mut doc, &path, after.clone()),
                    None => {
                        doc::remove(&mut doc, &path);
                        Ok(())
                    }
                };
            }
            on_edit.emit(Edit::Replace(doc));
            base.set(Some(version));
            conflict.set(None);
        })
    };
    let theirs = {
        let (on_edit, conflict, site, base) = (on_edit.clone(), conflict.clone(), site.to_owned(), base.clone());
        Callback::from(move |_| {
            let (on_edit, conflict, site, base) = (on_edit.clone(), conflict.clone(), site.clone(), base.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(n) = version
                    && let Ok(v) = api::get(&format!("/v1/sites/{}/versions/{n}", segment(&site))).await
                {
                    on_edit.emit(Edit::Replace(v["document"].clone()));
                    base.set(Some(Some(n)));
                    conflict.set(None);
                }
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="conflict-title" id="conflict">
            <h2 id="conflict-title">{"Publish conflict"}</h2>
            <p>{format!("Version {} was published by {} after you started editing. Nothing was overwritten: choose below.",
                version.unwrap_or_default(), str_of(current, "author"))}</p>
            <h3>{"What they changed"}</h3>
            { changes_table(&body["changes"], "Their changes") }
            <h3>{"What publishing yours would change on top of theirs"}</h3>
            { changes_table(&body["yours"], "Your changes") }
            <div class="actions">
                <button type="button" class="primary" onclick={merge}>{"Take their changes into mine"}</button>
                <button type="button" onclick={on_top}>{"Publish mine on top as it is"}</button>
                <button type="button" onclick={theirs}>{"Discard mine and load theirs"}</button>
            </div>
        </section>
    }
}

/// A field-level diff (`[{path, before, after}]`) as a table.
pub fn changes_table(changes: &Value, caption: &str) -> Html {
    let rows = changes.as_array().cloned().unwrap_or_default();
    if rows.is_empty() {
        return html! { <p>{"No differences."}</p> };
    }
    let show = |v: &Value| if v.is_null() { String::new() } else { v.to_string() };
    html! {
        <table class="list diff">
            <caption>{caption.to_owned()}</caption>
            <thead><tr><th scope="col">{"Field"}</th><th scope="col">{"Before"}</th><th scope="col">{"After"}</th></tr></thead>
            <tbody>
                { for rows.iter().map(|c| html! {
                    <tr>
                        <th scope="row"><code>{str_of(c, "path").to_owned()}</code></th>
                        <td>if c.get("before").is_some() { <del>{show(&c["before"])}</del> } else { <em>{"(none)"}</em> }</td>
                        <td>if c.get("after").is_some() { <ins>{show(&c["after"])}</ins> } else { <em>{"(removed)"}</em> }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// The local time as HH:MM:SS.
fn clock_time() -> String {
    let d = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}
