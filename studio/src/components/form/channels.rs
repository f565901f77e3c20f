//! Channels: kind, label, the link checked per kind, description, topics handled, the
//! promised response time (business or wall-clock), live status, and the hours: "24/7" or
//! a time zone (picked from the browser's IANA list), a week grid with several intervals a
//! day and overnight shifts, closures and special days over date ranges.

use serde_json::{Value, json};
use touchpoint_core::config::{ChannelKind, ResponseClock};
use touchpoint_core::diff::Step;
use touchpoint_core::fields::Kind;
use yew::prelude::*;

use super::{Form, add_button, checkbox, id_set, ids_of, item, names, select, text, typed};
use crate::anchors::DAYS;
use crate::browser;
use crate::components::common::Problems;
use crate::doc::{self, Edit, index, key, path_text};
use crate::grid;

const DAY_NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// What a link of each kind looks like, as the field's hint.
fn href_hint(kind: &str) -> &'static str {
    match kind {
        "phone" => "tel: and an international number, e.g. tel:+4722334455",
        "sms" => "sms: and an international number",
        "email" => "mailto: and an address, e.g. mailto:help@example.com",
        "whatsapp" => "https://wa.me/ and the number in international digits",
        "x" => "An https: link on x.com",
        "facebook" => "An https: link on facebook.com or m.me",
        "instagram" => "An https: link on instagram.com or ig.me",
        _ => "An https: link or a path starting with /",
    }
}

/// Every channel.
pub fn channels(form: &Form) -> Html {
    let list = key(&[], "channels");
    let items = doc::items(&form.doc, &list);
    let topics = ids_of(&form.doc, &key(&[], "topics"));
    html! {
        <section class="card" aria-labelledby="sec-channels">
            <h2 id="sec-channels">{"Channels"}</h2>
            <Problems id="channels--problems" problems={form.problems_at(&list)} />
            { for items.iter().enumerate().map(|(i, c)| {
                let title = format!("Channel {}: {}", i + 1, form.label_of(c, "label"));
                item(form, &list, i, items.len(), title, channel(form, &index(&list, i), &topics))
            }) }
            { add_button(form, &list, "Add a channel", json!({"id": "", "kind": "chat", "label": "", "href": "", "response_time": "PT5M"}), "id") }
        </section>
    }
}

fn channel(form: &Form, at: &[Step], topics: &[(String, String)]) -> Html {
    let kind = form.text(&key(at, "kind"));
    html! {
        <>
            <div class="row">
                { text(form, key(at, "id"), "Channel id", None, false) }
                { select(form, key(at, "kind"), "Channel kind", &names(ChannelKind::NAMES), None) }
                { text(form, key(at, "label"), "Channel label", None, false) }
            </div>
            { text(form, key(at, "href"), "Link", Some(href_hint(&kind)), false) }
            { text(form, key(at, "description"), "Description", None, true) }
            { id_set(form, key(at, "handles"), "Topics it handles", "None chosen: every topic.", topics) }
            <div class="row">
                { text(form, key(at, "response_time"), "Response time",
                    Some("How fast a reply comes, as ISO 8601: PT5M (5 minutes), PT4H (4 hours), P2D (2 days)."), false) }
                { select(form, key(at, "response_time_in"), "Counted in",
                    &ResponseClock::ALL.iter().map(|c| (c.name().to_owned(), match c {
                        ResponseClock::Business => "business hours".to_owned(),
                        ResponseClock::WallClock => "wall-clock time".to_owned(),
                    })).collect::<Vec<_>>(), Some("business hours (default)")) }
            </div>
            { hours(form, &key(at, "hours")) }
            { typed(form, key(at, "live_status"), "Live-status URL", Some("Optional: a JSON file saying whether the team is available now."), true, "text") }
            { checkbox(form, key(at, "hide_when_closed"), "Hide while closed", None) }
        </>
    }
}

/// "24/7", or a time zone with the week grid, closures and special days.
fn hours(form: &Form, at: &[Step]) -> Html {
    let id = path_text(at);
    let always = doc::get(&form.doc, at).is_none_or(|v| v.as_str() == Some("24/7"));
    let set_mode = |open: bool| {
        let (form, at) = (form.clone(), at.to_vec());
        Callback::from(move |_: Event| {
            form.edit(if open {
                Edit::Set(at.clone(), Value::from("24/7"))
            } else {
                Edit::Set(at.clone(), json!({"time_zone": browser::time_zone(), "weekly": {}}))
            });
        })
    };
    html! {
        <fieldset id={id.clone()}>
            <legend>{"Opening hours"}</legend>
            <div class="field inline">
                <input type="radio" id={format!("{id}--always")} name={format!("{id}--mode")} checked={always}
                    onchange={set_mode(true)} disabled={form.readonly} />
                <label for={format!("{id}--always")}>{"Always open (24/7)"}</label>
                <input type="radio" id={format!("{id}--set")} name={format!("{id}--mode")} checked={!always}
                    onchange={set_mode(false)} disabled={form.readonly} />
                <label for={format!("{id}--set")}>{"Set hours"}</label>
            </div>
            <Problems id={format!("{id}--problems")} problems={form.problems_at(at)} />
            if !always {
                { typed(form, key(at, "time_zone"), "Time zone", Some("Type to search, e.g. America/New_York."), false, "zone") }
                { week(form, &key(at, "weekly")) }
                { dated(form, &key(at, "closed"), false) }
                { dated(form, &key(at, "special"), true) }
            }
        </fieldset>
    }
}

/// The week grid: a row per day, each interval two times with "remove", and "add".
fn week(form: &Form, at: &[Step]) -> Html {
    let id = path_text(at);
    html! {
        <div>
            <table class="week" id={id.clone()}>
                <caption>{"Weekly hours (intervals closing before they open run overnight)"}</caption>
                <thead><tr><th scope="col">{"Day"}</th><th scope="col">{"Open"}</th><th scope="col">{"Add"}</th></tr></thead>
                <tbody>
                    { for DAYS.iter().zip(DAY_NAMES).map(|(day, name)| {
                        let day_path = key(at, day);
                        let intervals = doc::items(&form.doc, &day_path).to_vec();
                        let add = grid::next_interval(&intervals);
                        let onclick = {
                            let (form, day_path, add) = (form.clone(), day_path.clone(), add.clone());
                            let n = intervals.len();
                            Callback::from(move |_| {
                                if let Some(add) = &add {
                                    form.edit(Edit::Push(day_path.clone(), Value::from(add.clone())));
                                    let target = format!("{}--opens", path_text(&index(&day_path, n)));
                                    gloo_timers::callback::Timeout::new(0, move || browser::focus(&target)).forget();
                                }
                            })
                        };
                        html! {
                            <tr>
                                <th scope="row" id={format!("{}--day", path_text(&day_path))}>{name}</th>
                                <td>
                                    if intervals.is_empty() { <span>{"Closed"}</span> }
                                    { for intervals.iter().enumerate().map(|(n, v)| interval(form, &index(&day_path, n), v.as_str().unwrap_or(""), name, n)) }
                                    <Problems id={format!("{}--problems", path_text(&day_path))} problems={form.problems_at(&day_path)} />
                                </td>
                                <td>
                                    if !form.readonly {
                                        <button type="button" {onclick} disabled={add.is_none()}
                                            aria-label={format!("Add hours on {name}")}>{"Add hours"}</button>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <Problems id={format!("{id}--problems")} problems={form.problems_at(at)} />
        </div>
    }
}

/// One interval: its opening and closing times, "overnight" when it closes the next day.
fn interval(form: &Form, at: &[Step], value: &str, day: &str, n: usize) -> Html {
    let id = path_text(at);
    let (opens, closes) = grid::split(value);
    let problems = form.problems_at(at);
    // Each time reads its sibling from the page, not from this render: keys typed faster than
    // the form re-renders (Tab from "opens" straight into "closes") must not bring back a
    // sibling's older value.
    let set = |which: bool| {
        let (form, at, sibling) =
            (form.clone(), at.to_vec(), format!("{id}--{}", if which { "closes" } else { "opens" }));
        Callback::from(move |e: InputEvent| {
            let (v, other) = (browser::value_of(&e), browser::input_value(&sibling));
            let text = if which { grid::join(&v, &other) } else { grid::join(&other, &v) };
            form.edit(Edit::Set(at.clone(), Value::from(text)));
        })
    };
    let remove = {
        let (form, at) = (form.clone(), at.to_vec());
        Callback::from(move |_| form.edit(Edit::Remove(at.clone())))
    };
    let described = (!problems.is_empty()).then(|| format!("{id}--problems"));
    let (on_opens, on_closes) = (set(true), set(false));
    html! {
        <span class="interval" id={id.clone()} role="group" aria-label={format!("{day}, hours {}", n + 1)}>
            <label class="visually-hidden" for={format!("{id}--opens")}>{format!("{day} {} opens", n + 1)}</label>
            <input id={format!("{id}--opens")} value={opens} oninput={on_opens} inputmode="numeric" placeholder="09:00"
                aria-describedby={described.clone()} aria-invalid={described.is_some().then_some("true")} readonly={form.readonly} />
            <span aria-hidden="true">{"–"}</span>
            <label class="visually-hidden" for={format!("{id}--closes")}>{format!("{day} {} closes", n + 1)}</label>
            <input id={format!("{id}--closes")} value={closes} oninput={on_closes} inputmode="numeric" placeholder="17:00"
                aria-describedby={described} readonly={form.readonly} />
            if grid::is_overnight(value) { <span class="overnight">{"overnight"}</span> }
            if !form.readonly {
                <button type="button" onclick={remove} aria-label={format!("Remove {day} hours {}", n + 1)}>{"×"}</button>
            }
            <Problems id={format!("{id}--problems")} problems={problems} />
        </span>
    }
}

/// Closures (`with_hours` false) or special days: a date or a range, a label, and for
/// special days their own intervals.
fn dated(form: &Form, list: &[Step], with_hours: bool) -> Html {
    let items = doc::items(&form.doc, list);
    let (title, noun) = if with_hours { ("Special days", "Special day") } else { ("Closures", "Closure") };
    html! {
        <div>
            <h4>{title}</h4>
            <Problems id={format!("{}--problems", path_text(list))} problems={form.problems_at(list)} />
            { for items.iter().enumerate().map(|(i, d)| {
                let at = index(list, i);
                let label = d.get("label").and_then(Value::as_str).unwrap_or("");
                let title = format!("{noun} {}: {label}", i + 1);
                let ranged = d.get("from").is_some() || d.get("to").is_some();
                item(form, list, i, items.len(), title, html! {
                    <>
                        <div class="row">
                            if ranged {
                                { typed(form, key(&at, "from"), "From", None, false, "date") }
                                { typed(form, key(&at, "to"), "To (inclusive)", None, false, "date") }
                            } else {
                                { typed(form, key(&at, "date"), "Date", None, false, "date") }
                            }
                            { text(form, key(&at, "label"), "Label", Some("e.g. Christmas Day"), true) }
                        </div>
                        { range_toggle(form, &at, d, ranged) }
                        if with_hours { { special_hours(form, &key(&at, "hours")) } }
                    </>
                })
            }) }
            { add_button(form, list, &format!("Add a {}", noun.to_ascii_lowercase()),
                if with_hours { json!({"date": "", "hours": ["10:00-14:00"]}) } else { json!({"date": ""}) }, "date") }
        </div>
    }
}

/// Switches a dated entry between one date and a range, keeping the dates typed.
fn range_toggle(form: &Form, at: &[Step], entry: &Value, ranged: bool) -> Html {
    if form.readonly {
        return html! {};
    }
    let onclick = {
        let (form, at, entry) = (form.clone(), at.to_vec(), entry.clone());
        Callback::from(move |_| {
            let date = |k: &str| entry.get(k).cloned().unwrap_or(Value::from(""));
            let mut next = entry.clone();
            if let Some(map) = next.as_object_mut() {
                if ranged {
                    let from = date("from");
                    map.retain(|k, _| k != "from" && k != "to");
                    map.insert("date".into(), from);
                } else {
                    let day = date("date");
                    map.retain(|k, _| k != "date");
                    map.insert("from".into(), day.clone());
                    map.insert("to".into(), day);
                }
            }
            form.edit(Edit::Set(at.clone(), next));
        })
    };
    html! { <button type="button" {onclick}>{if ranged { "One day only" } else { "Several days" }}</button> }
}

fn special_hours(form: &Form, at: &[Step]) -> Html {
    let intervals = doc::items(&form.doc, at).to_vec();
    let add = grid::next_interval(&intervals);
    let onclick = {
        let (form, at, add) = (form.clone(), at.to_vec(), add.clone());
        Callback::from(move |_| {
            if let Some(add) = &add {
                form.edit(Edit::Push(at.clone(), Value::from(add.clone())));
            }
        })
    };
    html! {
        <div class="field">
            <span class="label">{"Hours that day"}</span>
            { for intervals.iter().enumerate().map(|(n, v)| interval(form, &index(at, n), v.as_str().unwrap_or(""), "Special day", n)) }
            <Problems id={format!("{}--problems", path_text(at))} problems={form.problems_at(at)} />
            if !form.readonly { <button type="button" {onclick} disabled={add.is_none()}>{"Add hours that day"}</button> }
        </div>
    }
}
