//! The sites the user may see, each with its origins and published version; admins add
//! sites here (id, allowed origins one a line, retention).

use serde_json::{Value, json};
use yew::prelude::*;

use crate::api::{self, str_of};
use crate::app::{Role, Studio};
use crate::browser;
use crate::components::common::{Field, banner};
use crate::route::Route;

/// Origins typed one a line (or separated by spaces or commas), blanks dropped.
pub fn origins_of(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The retention as the API takes it: a number of days, or null for "as the file says / forever".
pub fn retention_of(text: &str) -> Value {
    text.trim().parse::<u64>().map_or(Value::Null, Value::from)
}

/// A site's origins (the database's and the `--sites` file's) as one line.
pub fn origins_line(site: &Value) -> String {
    let mut all: Vec<&str> = site["origins"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    all.extend(site["file"]["origins"].as_array().into_iter().flatten().filter_map(Value::as_str));
    if all.is_empty() { "none yet".to_owned() } else { all.join(", ") }
}

/// The list of sites.
#[function_component(Sites)]
pub fn sites() -> Html {
    let studio = use_context::<Studio>().expect("the app provides Studio");
    html! {
        <>
            <h1>{"Sites"}</h1>
            if studio.sites.is_empty() {
                <p>{"No sites yet."}</p>
            } else {
                <table class="list">
                    <caption class="visually-hidden">{"Your sites"}</caption>
                    <thead><tr><th scope="col">{"Site"}</th><th scope="col">{"Allowed origins"}</th><th scope="col">{"Published"}</th></tr></thead>
                    <tbody>
                        { for studio.sites.iter().map(|s| {
                            let id = str_of(s, "id").to_owned();
                            let published = match s["published"]["version"].as_u64() {
                                Some(v) => format!("version {v} by {}", str_of(&s["published"], "author")),
                                None => "not yet".to_owned(),
                            };
                            html! {
                                <tr>
                                    <th scope="row"><a href={Route::Site(id.clone()).href()}>{id.clone()}</a></th>
                                    <td>{origins_line(s)}</td>
                                    <td>{published}</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            if studio.user.role == Role::Admin { <NewSite /> }
        </>
    }
}

/// An admin's form to add a site.
#[function_component(NewSite)]
fn new_site() -> Html {
    let studio = use_context::<Studio>().expect("the app provides Studio");
    let id = use_state(String::new);
    let origins = use_state(String::new);
    let retention = use_state(String::new);
    let problems = use_state(Vec::<(String, String)>::new);
    let message = use_state(|| None::<Result<String, String>>);
    let of = |path: &str| -> Vec<String> {
        problems
            .iter()
            .filter(|(p, _)| p == path || p.starts_with(&format!("{path}[")))
            .map(|(_, m)| m.clone())
            .collect()
    };
    let onsubmit = {
        let (id, origins, retention, problems, message) =
            (id.clone(), origins.clone(), retention.clone(), problems.clone(), message.clone());
        let reload = studio.reload_sites;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body =
                json!({"id": id.trim(), "origins": origins_of(&origins), "retention_days": retention_of(&retention)});
            let (id, origins, retention, problems, message, reload) =
                (id.clone(), origins.clone(), retention.clone(), problems.clone(), message.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::post("/v1/sites", &body).await {
                    Ok(site) => {
                        let created = str_of(&site, "id").to_owned();
                        problems.set(Vec::new());
                        message.set(Some(Ok(format!("Site {created} created."))));
                        id.set(String::new());
                        origins.set(String::new());
                        retention.set(String::new());
                        reload.emit(());
                        browser::go(&Route::Editor(created).href());
                    }
                    Err(e) => {
                        problems.set(e.fields());
                        message.set(Some(Err(e.describe())));
                    }
                }
            });
        })
    };
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    html! {
        <form class="card" {onsubmit} aria-labelledby="new-site-title">
            <h2 id="new-site-title">{"Add a site"}</h2>
            <Field id="new-site-id" label="Site id" value={(*id).clone()} oninput={set(&id)} required=true
                hint="Letters, digits, - and _; the widget's configuration names it as \"site\"." problems={of("id")} />
            <Field id="new-site-origins" label="Allowed origins" kind="textarea" value={(*origins).clone()} oninput={set(&origins)}
                hint="One a line, e.g. https://www.example.com: pages there may post answers." problems={of("origins")} />
            <Field id="new-site-retention" label="Retention (days)" kind="number" value={(*retention).clone()} oninput={set(&retention)}
                hint="How long answers are kept; empty: until deleted." problems={of("retention_days")} />
            {banner(&message)}
            <button type="submit" class="primary">{"Add site"}</button>
        </form>
    }
}
