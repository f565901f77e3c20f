//! Published versions: who published each, when, with what note; a field-level diff
//! between any two (core's diff, as the collector computes it); rollback (editors), which
//! publishes the chosen version's document again as a new version.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::api::{self, segment, str_of};
use crate::app::Studio;
use crate::browser;
use crate::components::common::banner;
use crate::components::editor::changes_table;

/// Props of [`Versions`].
#[derive(Properties, PartialEq)]
pub struct VersionsProps {
    /// The site.
    pub site: String,
}

/// Milliseconds since the epoch as a local date and time.
pub fn when(ms: &Value) -> String {
    let d = js_sys::Date::new(&ms.as_f64().unwrap_or_default().into());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The versions page.
#[function_component(Versions)]
pub fn versions(props: &VersionsProps) -> Html {
    let studio = use_context::<Studio>().expect("the app provides Studio");
    let site = props.site.clone();
    let list = use_state(|| None::<Vec<Value>>);
    let reload = use_state(|| 0u32);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let diff = use_state(|| None::<Value>);
    let message = use_state(|| None::<Result<String, String>>);

    {
        let (list, from, to) = (list.clone(), from.clone(), to.clone());
        use_effect_with((site.clone(), *reload), move |(site, _)| {
            let site = site.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(v) = api::get(&format!("/v1/sites/{}/versions", segment(&site))).await {
                    let versions = v["versions"].as_array().cloned().unwrap_or_default();
                    let n = |i: usize| {
                        versions.get(i).and_then(|v| v["version"].as_u64()).map(|n| n.to_string()).unwrap_or_default()
                    };
                    to.set(n(0));
                    from.set(n(1));
                    list.set(Some(versions));
                }
            });
        });
    }

    let compare = {
        let (site, from, to, diff, message) = (site.clone(), from.clone(), to.clone(), diff.clone(), message.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (site, a, b, diff, message) =
                (site.clone(), (*from).clone(), (*to).clone(), diff.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::get(&format!("/v1/sites/{}/versions/{a}/diff/{b}", segment(&site))).await {
                    Ok(v) => diff.set(Some(v["changes"].clone())),
                    Err(e) => message.set(Some(Err(e.describe()))),
                }
            });
        })
    };
    let rollback = |n: u64, latest: Option<u64>| {
        let (site, message, reload, sites) =
            (site.clone(), message.clone(), reload.clone(), studio.reload_sites.clone());
        Callback::from(move |_| {
            let (site, message, reload, sites) = (site.clone(), message.clone(), reload.clone(), sites.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let body = json!({"base_version": latest});
                match api::post(&format!("/v1/sites/{}/versions/{n}/rollback", segment(&site)), &body).await {
                    Ok(v) => {
                        message.set(Some(Ok(format!(
                            "Rolled back: version {} has version {n}'s configuration.",
                            v["version"]
                        ))));
                        reload.set(*reload + 1);
                        sites.emit(());
                    }
                    Err(e) => message.set(Some(Err(format!("Not rolled back: {}", e.describe())))),
                }
            });
        })
    };

    let Some(versions) = &*list else {
        return html! { <><h1>{format!("Versions · {site}")}</h1><p aria-busy="true">{"Loading…"}</p></> };
    };
    let latest = versions.first().and_then(|v| v["version"].as_u64());
    let options = |selected: &str| -> Html {
        versions
            .iter()
            .map(|v| {
                let n = v["version"].to_string();
                html! { <option value={n.clone()} selected={n == selected}>{format!("Version {n}")}</option> }
            })
            .collect()
    };
    let pick = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: Event| s.set(browser::value_of(&e)))
    };
    html! {
        <>
            <h1>{format!("Versions · {site}")}</h1>
            {banner(&message)}
            if versions.is_empty() {
                <p>{"Nothing published yet."}</p>
            } else {
                <table class="list">
                    <caption class="visually-hidden">{"Published versions, newest first"}</caption>
                    <thead><tr><th scope="col">{"Version"}</th><th scope="col">{"Published"}</th><th scope="col">{"By"}</th>
                        <th scope="col">{"Note"}</th><th scope="col">{"Action"}</th></tr></thead>
                    <tbody>
                        { for versions.iter().map(|v| {
                            let n = v["version"].as_u64().unwrap_or_default();
                            html! {
                                <tr>
                                    <th scope="row">{n}</th>
                                    <td>{when(&v["created_at"])}</td>
                                    <td>{str_of(v, "author").to_owned()}</td>
                                    <td>{str_of(v, "note").to_owned()}</td>
                                    <td>
                                        if studio.user.role.edits() && Some(n) != latest {
                                            <button type="button" onclick={rollback(n, latest)}>{format!("Roll back to version {n}")}</button>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                if versions.len() > 1 {
                    <form class="card" onsubmit={compare} aria-labelledby="compare-title">
                        <h2 id="compare-title">{"Compare two versions"}</h2>
                        <div class="row">
                            <div class="field">
                                <label for="diff-from">{"Earlier version"}</label>
                                <select id="diff-from" onchange={pick(&from)}>{options(&from)}</select>
                            </div>
                            <div class="field">
                                <label for="diff-to">{"Later version"}</label>
                                <select id="diff-to" onchange={pick(&to)}>{options(&to)}</select>
                            </div>
                            <button type="submit">{"Compare"}</button>
                        </div>
                        if let Some(changes) = &*diff { { changes_table(changes, &format!("From version {} to version {}", *from, *to)) } }
                    </form>
                }
            }
        </>
    }
}
