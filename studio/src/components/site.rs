//! One site: its allowed origins and retention (admins edit them; what the collector's
//! `--sites` file adds is shown read-only), the embed code pinned with SRI with a copy
//! button, and its API keys (admins: create, shown once with a copy button, revoke, last use).

use serde_json::{Value, json};
use yew::prelude::*;

use crate::api::{self, segment, str_of};
use crate::app::{Role, Studio};
use crate::browser;
use crate::components::common::{CopyButton, Field, banner};
use crate::components::sites::{origins_of, retention_of};
use crate::components::versions::when;

/// Props of [`SitePage`].
#[derive(Properties, PartialEq)]
pub struct SitePageProps {
    /// The site.
    pub site: String,
}

/// One site's settings, embed code and keys.
#[function_component(SitePage)]
pub fn site_page(props: &SitePageProps) -> Html {
    let studio = use_context::<Studio>().expect("the app provides Studio");
    let site = props.site.clone();
    let found = studio.sites.iter().find(|s| str_of(s, "id") == site).cloned();
    let admin = studio.user.role == Role::Admin;
    html! {
        <>
            <h1>{format!("Site {site}")}</h1>
            if let Some(found) = found {
                <Settings site={site.clone()} data={found} {admin} />
            }
            <Embed site={site.clone()} />
            if admin { <Keys site={site} /> }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SettingsProps {
    site: String,
    data: Value,
    admin: bool,
}

#[function_component(Settings)]
fn settings(props: &SettingsProps) -> Html {
    let studio = use_context::<Studio>().expect("the app provides Studio");
    let lines = |v: &Value| v.as_array().into_iter().flatten().filter_map(Value::as_str).collect::<Vec<_>>().join("\n");
    let origins = use_state(|| lines(&props.data["origins"]));
    let retention = use_state(|| props.data["retention_days"].as_u64().map(|d| d.to_string()).unwrap_or_default());
    let message = use_state(|| None::<Result<String, String>>);
    let onsubmit = {
        let (site, origins, retention, message, reload) =
            (props.site.clone(), origins.clone(), retention.clone(), message.clone(), studio.reload_sites);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = json!({"origins": origins_of(&origins), "retention_days": retention_of(&retention)});
            let (site, message, reload) = (site.clone(), message.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::put(&format!("/v1/sites/{}", segment(&site)), &body).await {
                    Ok(_) => {
                        message.set(Some(Ok("Saved.".to_owned())));
                        reload.emit(());
                    }
                    Err(e) => message.set(Some(Err(e.describe()))),
                }
            });
        })
    };
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    let file = &props.data["file"];
    html! {
        <form class="card" {onsubmit} aria-labelledby="settings-title">
            <h2 id="settings-title">{"Origins and retention"}</h2>
            <Field id="site-origins" label="Allowed origins" kind="textarea" value={(*origins).clone()} oninput={set(&origins)}
                readonly={!props.admin} hint="One a line: pages there may post answers for this site." />
            <Field id="site-retention" label="Retention (days)" kind="number" value={(*retention).clone()} oninput={set(&retention)}
                readonly={!props.admin} hint="Empty: kept until deleted." />
            if !file.is_null() {
                <p class="hint">{format!("The collector's sites file also allows: {} (retention {}).",
                    lines(&file["origins"]).replace('\n', ", "),
                    file["retention_days"].as_u64().map_or("not set".to_owned(), |d| format!("{d} days")))}</p>
            }
            {banner(&message)}
            if props.admin { <button type="submit" class="primary">{"Save"}</button> }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct SiteProps {
    site: String,
}

/// The tag a web team pastes, pinned with SRI, and the policy their pages need.
#[function_component(Embed)]
fn embed(props: &SiteProps) -> Html {
    let embed = use_state(|| None::<Result<Value, String>>);
    {
        let embed = embed.clone();
        use_effect_with(props.site.clone(), move |site| {
            let site = site.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let base = format!("{}/", browser::origin());
                let path = format!("/v1/sites/{}/embed?base={}", segment(&site), segment(&base));
                embed.set(Some(api::get(&path).await.map_err(|e| e.describe())));
            });
        });
    }
    html! {
        <section class="card" aria-labelledby="embed-title">
            <h2 id="embed-title">{"Embed code"}</h2>
            { match &*embed {
                None => html! { <p aria-busy="true">{"Loading…"}</p> },
                Some(Err(e)) => html! { <p class="error">{e.clone()}</p> },
                Some(Ok(v)) => html! {
                    <>
                        <p>{"Add this tag to every page of the site. It loads the published configuration and is pinned to this build of the widget by its SHA-384 hash."}</p>
                        <pre class="snippet" id="embed-tag">{str_of(v, "tag").to_owned()}</pre>
                        <CopyButton text={str_of(v, "tag").to_owned()} label="Copy the tag" />
                        <p>{"A page with a Content-Security-Policy allows these sources:"}</p>
                        <pre class="snippet" id="embed-policy">{str_of(v, "policy").to_owned()}</pre>
                        <CopyButton text={str_of(v, "policy").to_owned()} label="Copy the policy" />
                    </>
                },
            } }
        </section>
    }
}

/// API keys of the site: read access for scripts.
#[function_component(Keys)]
fn keys(props: &SiteProps) -> Html {
    let list = use_state(Vec::<Value>::new);
    let reload = use_state(|| 0u32);
    let created = use_state(|| None::<String>);
    let message = use_state(|| None::<Result<String, String>>);
    {
        let list = list.clone();
        use_effect_with((props.site.clone(), *reload), move |(site, _)| {
            let site = site.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(v) = api::get(&format!("/v1/keys?site={}", segment(&site))).await {
                    list.set(v["keys"].as_array().cloned().unwrap_or_default());
                }
            });
        });
    }
    let create = {
        let (site, created, message, reload) = (props.site.clone(), created.clone(), message.clone(), reload.clone());
        Callback::from(move |_| {
            let (site, created, message, reload) = (site.clone(), created.clone(), message.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::post("/v1/keys", &json!({"site": site, "scope": "read"})).await {
                    Ok(v) => {
                        created.set(Some(str_of(&v, "key").to_owned()));
                        message.set(None);
                        reload.set(*reload + 1);
                    }
                    Err(e) => message.set(Some(Err(e.describe()))),
                }
            });
        })
    };
    let revoke = |id: String| {
        let (message, reload) = (message.clone(), reload.clone());
        Callback::from(move |_| {
            let (id, message, reload) = (id.clone(), message.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::delete(&format!("/v1/keys/{}", segment(&id))).await {
                    Ok(_) => {
                        message.set(Some(Ok("Key revoked.".to_owned())));
                        reload.set(*reload + 1);
                    }
                    Err(e) => message.set(Some(Err(e.describe()))),
                }
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="keys-title">
            <h2 id="keys-title">{"API keys"}</h2>
            <p class="hint">{"A key lets a script read this site's answers (GET /v1/responses with Authorization: Bearer …)."}</p>
            if let Some(key) = &*created {
                <div role="status">
                    <p>{"Your new key, shown this once: copy it now."}</p>
                    <pre class="snippet" id="new-key">{key.clone()}</pre>
                    <CopyButton text={key.clone()} label="Copy the key" />
                </div>
            }
            if !list.is_empty() {
                <table class="list">
                    <caption class="visually-hidden">{"Keys"}</caption>
                    <thead><tr><th scope="col">{"Key"}</th><th scope="col">{"Created"}</th><th scope="col">{"Last used"}</th><th scope="col">{"Action"}</th></tr></thead>
                    <tbody>
                        { for list.iter().map(|k| {
                            let id = str_of(k, "id").to_owned();
                            html! {
                                <tr>
                                    <th scope="row"><code>{format!("{}…", str_of(k, "prefix"))}</code></th>
                                    <td>{when(&k["created_at"])}</td>
                                    <td>{if k["last_used_at"].is_null() { "never".to_owned() } else { when(&k["last_used_at"]) }}</td>
                                    <td><button type="button" class="danger" onclick={revoke(id.clone())}
                                        aria-label={format!("Revoke key {}…", str_of(k, "prefix"))}>{"Revoke"}</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            {banner(&message)}
            <button type="button" onclick={create}>{"Create a read key"}</button>
        </section>
    }
}
