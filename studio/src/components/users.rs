//! Users (admins): add one with a role, sites and a first password; change a role or
//! sites; remove. The collector refuses to leave no admin (409), and says so here.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::api::{self, segment, str_of};
use crate::browser;
use crate::components::common::{Field, banner};
use crate::components::sites::origins_of;

const ROLES: [(&str, &str); 3] =
    [("viewer", "viewer (reads)"), ("editor", "editor (edits and publishes)"), ("admin", "admin (everything)")];

/// The users page.
#[function_component(Users)]
pub fn users() -> Html {
    let list = use_state(Vec::<Value>::new);
    let reload = use_state(|| 0u32);
    let message = use_state(|| None::<Result<String, String>>);
    let (email, password, role, sites) =
        (use_state(String::new), use_state(String::new), use_state(|| "editor".to_owned()), use_state(String::new));
    {
        let list = list.clone();
        use_effect_with(*reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(v) = api::get("/v1/users").await {
                    list.set(v["users"].as_array().cloned().unwrap_or_default());
                }
            });
        });
    }
    let act = {
        let (message, reload) = (message.clone(), reload);
        move |request: std::pin::Pin<Box<dyn Future<Output = Result<Value, api::ApiError>>>>, done: String| {
            let (message, reload) = (message.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match request.await {
                    Ok(_) => {
                        message.set(Some(Ok(done)));
                        reload.set(*reload + 1);
                    }
                    Err(e) => message.set(Some(Err(e.describe()))),
                }
            });
        }
    };
    let onsubmit = {
        let (email, password, role, sites, act) =
            (email.clone(), password.clone(), role.clone(), sites.clone(), act.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = origins_of(&sites);
            let mut body = json!({"email": email.trim(), "role": *role, "password": *password});
            if *role != "admin" && !chosen.is_empty() {
                body["sites"] = json!(chosen);
            }
            act(Box::pin(async move { api::post("/v1/users", &body).await }), format!("Added {}.", email.trim()));
        })
    };
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    html! {
        <>
            <h1>{"Users"}</h1>
            {banner(&message)}
            <table class="list">
                <caption class="visually-hidden">{"Users"}</caption>
                <thead><tr><th scope="col">{"Email"}</th><th scope="col">{"Role"}</th><th scope="col">{"Sites"}</th><th scope="col">{"Action"}</th></tr></thead>
                <tbody>
                    { for list.iter().map(|u| {
                        let address = str_of(u, "email").to_owned();
                        let change_role = {
                            let (act, address) = (act.clone(), address.clone());
                            Callback::from(move |e: Event| {
                                let role = browser::value_of(&e);
                                let path = format!("/v1/users/{}", segment(&address));
                                let done = format!("{address} is now {role}.");
                                act(Box::pin(async move { api::patch(&path, &json!({"role": role})).await }), done);
                            })
                        };
                        let remove = {
                            let (act, address) = (act.clone(), address.clone());
                            Callback::from(move |_| {
                                let path = format!("/v1/users/{}", segment(&address));
                                act(Box::pin(async move { api::delete(&path).await }), format!("Removed {address}."));
                            })
                        };
                        let role_id = format!("role-{address}");
                        let sites = match u["sites"].as_array() {
                            None => "all".to_owned(),
                            Some(s) => s.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
                        };
                        html! {
                            <tr>
                                <th scope="row">{address.clone()}</th>
                                <td>
                                    <label class="visually-hidden" for={role_id.clone()}>{format!("Role of {address}")}</label>
                                    <select id={role_id} onchange={change_role}>
                                        { for ROLES.iter().map(|(r, l)| html! { <option value={*r} selected={str_of(u, "role") == *r}>{*l}</option> }) }
                                    </select>
                                </td>
                                <td>{sites}</td>
                                <td><button type="button" class="danger" onclick={remove} aria-label={format!("Remove {address}")}>{"Remove"}</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <form class="card" {onsubmit} aria-labelledby="add-user-title">
                <h2 id="add-user-title">{"Add a user"}</h2>
                <Field id="user-email" label="Email" kind="email" value={(*email).clone()} oninput={set(&email)} required=true autocomplete="off" />
                <Field id="user-password" label="First password" kind="password" value={(*password).clone()} oninput={set(&password)}
                    required=true autocomplete="new-password" hint="At least 8 characters; tell it to them privately." />
                <div class="field">
                    <label for="user-role">{"Role"}</label>
                    <select id="user-role" onchange={let r = role.clone(); move |e: Event| r.set(browser::value_of(&e))}>
                        { for ROLES.iter().map(|(r, l)| html! { <option value={*r} selected={*role == *r}>{*l}</option> }) }
                    </select>
                </div>
                <Field id="user-sites" label="Sites" value={(*sites).clone()} oninput={set(&sites)}
                    hint="Site ids separated by spaces; empty: every site. Admins always have every site." />
                <button type="submit" class="primary">{"Add user"}</button>
            </form>
        </>
    }
}
