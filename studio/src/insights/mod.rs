//! Insights: a site's results over a range (presets or custom dates) with filters by stage,
//! touchpoint, channel, question, language and sentiment: headline cards with the change
//! against the previous period, the journey map with its movers, trends with the goal
//! lines, the channels' promises, each question's answers, the responses behind any bar or
//! point, exports of what is shown, and the goals (editors). Everything comes from
//! `GET /v1/insights` (one request with `compare=previous`), `/v1/insights/responses`
//! and `/v1/sites/{site}/goals`.

mod charts;
pub mod format;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use yew::prelude::*;

use crate::api::{self, segment, str_of};
use crate::app::{Role, Studio};
use charts::{Datum, esc};

const DAY: f64 = 86_400_000.0;

/// What the shell passes to the Insights tab.
#[derive(Properties, PartialEq, Clone)]
pub struct InsightsProps {
    /// The site whose results are shown.
    pub site: AttrValue,
}

/// The filters, by query parameter.
const FILTERS: &[(&str, &str)] = &[
    ("stage", "Stage"),
    ("touchpoint", "Touchpoint"),
    ("channel", "Channel"),
    ("question", "Question"),
    ("lang", "Language"),
    ("label", "Sentiment"),
];

const STAGES: &[&str] = &["discover", "consider", "buy", "onboard", "use", "get_help", "renew", "leave"];

/// The headline figures and trends: metric, title, how a value reads.
const METRICS: &[(&str, &str, Kind)] = &[
    ("responses", "Responses", Kind::Count),
    ("csat_satisfied_share", "CSAT (satisfied)", Kind::Share),
    ("nps_score", "NPS", Kind::Score),
    ("ces_mean", "CES (mean, 1-7)", Kind::Mean),
    ("journey_mean", "Journey score (mean)", Kind::Mean),
    ("negative_share", "Negative comments", Kind::Share),
    ("kept_share", "Promises kept", Kind::Share),
];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Count,
    Share,
    Score,
    Mean,
}

fn show(kind: Kind, x: f64) -> String {
    match kind {
        Kind::Count => format::number(x, 0),
        Kind::Share => format::percent(x),
        Kind::Score => format::number(x, 1),
        Kind::Mean => format::number(x, 2),
    }
}

/// A headline figure of an `/v1/insights` answer (or its `previous` block) by metric name.
fn headline(v: &Value, metric: &str) -> Option<f64> {
    match metric {
        "responses" => v["responses"].as_f64(),
        "csat_satisfied_share" => v["csat"]["satisfied_share"].as_f64(),
        "nps_score" => v["nps"]["score"].as_f64(),
        "ces_mean" => v["ces"]["mean"].as_f64(),
        "journey_mean" => v["journey"]["mean"].as_f64(),
        "negative_share" => v["negative_share"].as_f64(),
        "kept_share" => v["promises"]["kept_share"].as_f64(),
        _ => None,
    }
}

/// The range: `[from, to)` in ms, whole UTC days.
fn range(preset: &str, from: &str, to: &str) -> Option<(f64, f64)> {
    let today = (js_sys::Date::now() / DAY).floor() * DAY;
    // Whole days: an integer parse (a float's would link 5 KB of float parsing).
    match preset.parse::<u32>() {
        Ok(days) => Some((today - (f64::from(days) - 1.0) * DAY, today + DAY)),
        Err(_) => {
            let parse = |s: &str| {
                let ms = js_sys::Date::parse(s);
                (!ms.is_nan()).then_some(ms)
            };
            let (f, t) = (parse(from)?, parse(to)? + DAY);
            (f < t).then_some((f, t))
        }
    }
}

fn iso(ms: f64) -> String {
    String::from(js_sys::Date::new(&ms.into()).to_iso_string())
}

/// The query string of the site, range and filters.
fn query(site: &str, (from, to): (f64, f64), filters: &BTreeMap<String, String>) -> String {
    let mut q = format!("site={}&from={}&to={}", segment(site), segment(&iso(from)), segment(&iso(to)));
    for (k, v) in filters.iter().filter(|(_, v)| !v.is_empty()) {
        q.push_str(&format!("&{k}={}", segment(v)));
    }
    q
}

/// A drill-down: its title and its query's extra parameters.
#[derive(Clone, PartialEq)]
struct Drill {
    title: String,
    extra: String,
}

/// The Insights tab.
#[function_component(Insights)]
pub fn insights(props: &InsightsProps) -> Html {
    let studio = use_context::<Studio>().expect("the app provides Studio");
    let site = props.site.to_string();
    let preset = use_state(|| "30".to_owned());
    let custom = use_state(|| (String::new(), String::new()));
    let filters = use_state(BTreeMap::<String, String>::new);
    let data = use_state(|| None::<Result<Value, api::ApiError>>);
    let drill = use_state(|| None::<Drill>);
    let reload = use_state(|| 0u32);
    let span = range(&preset, &custom.0, &custom.1);
    let q = span.map(|r| query(&site, r, &filters));
    {
        let data = data.clone();
        use_effect_with((q.clone(), *reload), move |(q, _)| {
            if let Some(q) = q.clone() {
                data.set(None);
                wasm_bindgen_futures::spawn_local(async move {
                    data.set(Some(api::get(&format!("/v1/insights?{q}&compare=previous")).await));
                });
            }
        });
    }
    let open = {
        let drill = drill.clone();
        Callback::from(move |d: Drill| drill.set(Some(d)))
    };
    let set_filter = |name: &'static str| {
        let filters = filters.clone();
        Callback::from(move |e: Event| {
            let mut f = (*filters).clone();
            f.insert(name.to_owned(), crate::browser::value_of(&e));
            filters.set(f);
        })
    };
    let controls = html! {
        <form class="card controls" aria-label="Range and filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="row">
                <div class="field">
                    <label for="insights-range">{"Range"}</label>
                    <select id="insights-range" onchange={{ let preset = preset.clone(); Callback::from(move |e: Event| preset.set(crate::browser::value_of(&e))) }}>
                        { for [("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last 12 months"), ("custom", "Custom dates")].iter().map(|(v, l)| html! {
                            <option value={*v} selected={*preset == *v}>{*l}</option>
                        }) }
                    </select>
                </div>
                if *preset == "custom" {
                    <div class="field">
                        <label for="insights-from">{"From"}</label>
                        <input id="insights-from" type="date" value={custom.0.clone()} onchange={{ let custom = custom.clone(); Callback::from(move |e: Event| custom.set((crate::browser::value_of(&e), custom.1.clone()))) }} />
                    </div>
                    <div class="field">
                        <label for="insights-to">{"To (inclusive)"}</label>
                        <input id="insights-to" type="date" value={custom.1.clone()} onchange={{ let custom = custom.clone(); Callback::from(move |e: Event| custom.set((custom.0.clone(), crate::browser::value_of(&e)))) }} />
                    </div>
                }
                { for FILTERS.iter().map(|(name, label)| {
                    let id = format!("insights-{name}");
                    let current = filters.get(*name).cloned().unwrap_or_default();
                    let options: Vec<String> = match *name {
                        "stage" => STAGES.iter().map(|s| (*s).to_owned()).collect(),
                        "label" => ["negative", "neutral", "positive"].iter().map(|s| (*s).to_owned()).collect(),
                        "channel" => list(&data, "channels", "id"),
                        "question" => list(&data, "questions", "id"),
                        _ => Vec::new(),
                    };
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{*label}</label>
                            if options.is_empty() {
                                <input id={id} value={current} onchange={set_filter(name)} placeholder="any" />
                            } else {
                                <select id={id} onchange={set_filter(name)}>
                                    <option value="" selected={current.is_empty()}>{"Any"}</option>
                                    { for options.iter().map(|o| html! { <option value={o.clone()} selected={current == *o}>{o.clone()}</option> }) }
                                </select>
                            }
                        </div>
                    }
                }) }
            </div>
            if let Some(q) = &q {
                <p class="actions">
                    {"Export what is shown: "}
                    <a href={format!("/v1/export?{q}&format=csv")} download="">{"CSV (one row per answer)"}</a>
                    <a href={format!("/v1/export?{q}&format=json")} download="">{"JSON"}</a>
                </p>
            } else {
                <p class="error">{"Choose a start and an end date."}</p>
            }
        </form>
    };
    let body = match &*data {
        None => html! { <p role="status">{"Loading…"}</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{e.describe()}</p> },
        Some(Ok(v)) => {
            let onclick = {
                let open = open.clone();
                Callback::from(move |e: MouseEvent| {
                    if let Some(d) = drill_of(&e) {
                        open.emit(d)
                    }
                })
            };
            let onkeydown = Callback::from(move |e: KeyboardEvent| {
                // Buttons click themselves on Enter and Space; the chart's bars and points are told here.
                let on_button = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    .is_some_and(|t| t.tag_name() == "BUTTON");
                if (e.key() == "Enter" || e.key() == " ")
                    && !on_button
                    && let Some(d) = drill_of(&e)
                {
                    e.prevent_default();
                    open.emit(d);
                }
            });
            html! { <div class="dashboard" {onclick} {onkeydown}>{ Html::from_html_unchecked(AttrValue::from(dashboard(v))) }</div> }
        }
    };
    let editor = studio.user.role != Role::Viewer;
    html! {
        <section aria-labelledby="insights-title" class="insights">
            <h2 id="insights-title" class="visually-hidden">{"Insights"}</h2>
            { controls }
            <div aria-live="polite" aria-busy={data.is_none().to_string()}>{ body }</div>
            if let (Some(d), Some(q)) = (&*drill, &q) {
                <DrillDown title={d.title.clone()} query={format!("{q}{}", d.extra)} onclose={{ let drill = drill.clone(); Callback::from(move |()| drill.set(None)) }} />
            }
            <Goals site={site.clone()} {editor} onsaved={{ let reload = reload.clone(); Callback::from(move |()| reload.set(*reload + 1)) }} />
        </section>
    }
}

fn list(data: &UseStateHandle<Option<Result<Value, api::ApiError>>>, key: &str, id: &str) -> Vec<String> {
    match &**data {
        Some(Ok(v)) => v[key].as_array().into_iter().flatten().map(|x| str_of(x, id).to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// The dashboard's markup (see `charts` for why text): headline cards, the journey map
/// and movers, trends, channels and questions. Every element that opens a drill-down
/// carries `data-drill` (the query's extra parameters) and `data-title`.
fn dashboard(v: &Value) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let goals: BTreeMap<String, (f64, String)> = v["goals"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| {
            let target = g["target"].as_f64()?;
            let dir = if str_of(g, "direction") == "at_most" { "≤" } else { "≥" };
            Some((str_of(g, "metric").to_owned(), (target, dir.to_owned())))
        })
        .collect();
    let num = |x: &Value, digits| x.as_f64().map_or_else(|| "—".to_owned(), |x| format::number(x, digits));
    let _ = write!(
        out,
        "<h3>{} – {}</h3><div class=\"cards\">",
        esc(&format::day(js_sys::Date::parse(str_of(v, "from")))),
        esc(&format::day(js_sys::Date::parse(str_of(v, "to")) - 1.0))
    );
    for (metric, title, kind) in METRICS {
        let now = headline(v, metric);
        let change = match (now, headline(&v["previous"], metric)) {
            (Some(a), Some(b)) => {
                let d = a - b;
                let arrow = if d > 0.0 {
                    "▲"
                } else if d < 0.0 {
                    "▼"
                } else {
                    "="
                };
                let amount = match kind {
                    Kind::Share => format!("{} pts", format::number(d.abs() * 100.0, 1)),
                    _ => show(*kind, d.abs()),
                };
                format!("{arrow} {amount} against the previous period ({})", show(*kind, b))
            }
            _ => "no figure for the previous period".to_owned(),
        };
        let _ = write!(
            out,
            r#"<article class="figure-card" aria-labelledby="card-{metric}"><h3 id="card-{metric}">{title}</h3><p class="big" data-metric="{metric}">{value}</p>"#,
            value = esc(&now.map_or_else(|| "—".to_owned(), |x| show(*kind, x)))
        );
        if *metric == "nps_score" {
            let _ = write!(
                out,
                r#"<p class="hint">{} promoters · {} passives · {} detractors</p>"#,
                num(&v["nps"]["promoters"], 0),
                num(&v["nps"]["passives"], 0),
                num(&v["nps"]["detractors"], 0)
            );
        }
        let _ = write!(out, r#"<p class="hint">{}</p>"#, esc(&change));
        if let Some((t, dir)) = goals.get(*metric) {
            let _ = write!(out, r#"<p class="hint">Goal {dir} {}</p>"#, esc(&show(*kind, *t)));
        }
        out.push_str("</article>");
    }
    out.push_str(r#"</div><h3>Journey map</h3><ol class="journey">"#);
    for s in v["stages"].as_array().into_iter().flatten() {
        let name = s["stage"].as_str().map_or("(no stage)".to_owned(), |s| s.replace('_', " "));
        let _ = write!(
            out,
            r#"<li class="stage"><h4>{n}</h4><p>{} responses</p><p>touchpoint score {}</p><p>journey score {}</p>"#,
            num(&s["responses"], 0),
            num(&s["mean_score"], 2),
            num(&s["mean_journey"], 2),
            n = esc(&name)
        );
        if let Some(stage) = s["stage"].as_str() {
            let _ = write!(
                out,
                r#"<button type="button" class="link" data-drill="&amp;stage={st}" data-title="Stage {n}">Responses at {n}</button>"#,
                st = esc(stage),
                n = esc(&name)
            );
        }
        out.push_str("</li>");
    }
    out.push_str(r#"</ol><div class="two">"#);
    for (dir, title) in
        [("up", "Touchpoints that lift journeys most"), ("down", "Touchpoints that pull journeys down most")]
    {
        let data: Vec<Datum> = v["movers"][dir]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| {
                let t = str_of(m, "touchpoint").to_owned();
                let by = m["moved_by"].as_f64().unwrap_or(0.0);
                Datum {
                    label: t.clone(),
                    value: by.abs(),
                    text: format!("{} over {} journeys", format::number(by, 1), num(&m["journeys"], 0)),
                    drill: Some((format!("Journeys moved most by {t}"), format!("&moved_most={}", segment(&t)))),
                }
            })
            .collect();
        charts::bars(&mut out, title, &data);
    }
    out.push_str(r#"</div><h3>Trends</h3><div class="trends">"#);
    let bucket = str_of(v, "bucket");
    let series = v["series"].as_array().cloned().unwrap_or_default();
    for (metric, title, kind) in METRICS {
        let points: Vec<(Datum, bool)> = series
            .iter()
            .map(|p| {
                let start = p["start_ms"].as_f64().unwrap_or(0.0);
                let value = p[*metric].as_f64();
                let label = format::day(start);
                let drill = (format!("the {bucket} from {label}"), format!("&bucket={}", str_of(p, "start")));
                let text = value.map_or_else(|| "—".to_owned(), |x| show(*kind, x));
                (Datum { label, value: value.unwrap_or(0.0), text, drill: Some(drill) }, value.is_some())
            })
            .collect();
        let goal = goals.get(*metric).map(|(t, dir)| (*t, format!("goal {dir} {}", show(*kind, *t))));
        charts::trend(&mut out, &format!("{title} by {bucket}"), &points, goal);
    }
    out.push_str("</div><h3>Channels: promised against reported replies</h3>");
    let channels = v["channels"].as_array().cloned().unwrap_or_default();
    if channels.is_empty() {
        out.push_str("<p>No contact follow-ups in this range.</p>");
    }
    out.push_str(r#"<div class="two">"#);
    for ch in &channels {
        let id = str_of(ch, "id");
        let data: Vec<Datum> = ["on_time", "late", "no_reply"]
            .iter()
            .map(|o| Datum {
                label: o.replace('_', " "),
                value: ch[*o].as_f64().unwrap_or(0.0),
                text: num(&ch[*o], 0),
                drill: Some((
                    format!("{id}: {}", o.replace('_', " ")),
                    format!("&channel={}&outcome={o}", segment(id)),
                )),
            })
            .collect();
        let kept = ch["kept_share"].as_f64().map_or("—".to_owned(), format::percent);
        out.push_str(r#"<div class="channel">"#);
        charts::bars(&mut out, &format!("{id}: kept {kept} of {} promises", num(&ch["asked"], 0)), &data);
        let wait = |k: &str| ch[k].as_f64().map_or("—".to_owned(), format::wait);
        let _ = write!(
            out,
            r#"<p class="hint">Promised reply within {} on average; replies reported after {}.</p></div>"#,
            esc(&wait("mean_promised_ms")),
            esc(&wait("mean_replied_ms"))
        );
    }
    out.push_str(r#"</div><h3>Questions</h3><div class="two">"#);
    for q in v["questions"].as_array().into_iter().flatten() {
        let (id, kind) = (str_of(q, "id"), str_of(q, "kind"));
        let mut counts: Vec<(String, f64)> = q["counts"]
            .as_object()
            .map(|m| m.iter().map(|(k, n)| (k.clone(), n.as_f64().unwrap_or(0.0))).collect())
            .unwrap_or_default();
        let rated = matches!(kind, "csat" | "nps" | "ces" | "emoji");
        if rated {
            counts.sort_by_key(|(k, _)| k.parse::<i64>().unwrap_or(0));
        }
        let data: Vec<Datum> = counts
            .iter()
            .map(|(k, n)| {
                let extra = match kind {
                    "thumbs" => format!("&value={}", if k == "up" { 1 } else { 0 }),
                    "single_choice" | "multiple_choice" => format!("&option={}", segment(k)),
                    _ => format!("&value={k}"),
                };
                Datum {
                    label: k.clone(),
                    value: *n,
                    text: format::number(*n, 0),
                    drill: Some((format!("{id} = {k}"), format!("&question={}{extra}", segment(id)))),
                }
            })
            .collect();
        let mean = q["mean"].as_f64().map(|m| format!(", mean {}", format::number(m, 2))).unwrap_or_default();
        let title = format!("{id} ({kind}): {} answers{mean}", num(&q["answers"], 0));
        out.push_str(r#"<div class="question">"#);
        if data.is_empty() {
            let _ = write!(
                out,
                r#"<h4>{t}</h4><button type="button" data-drill="&amp;question={q}" data-title="Answers to {q}">Read the answers to {q}</button>"#,
                t = esc(&title),
                q = esc(id)
            );
        } else {
            charts::bars(&mut out, &title, &data);
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    out
}

/// The drill-down a click or key on the dashboard asks for: the nearest `data-drill`.
fn drill_of(e: &Event) -> Option<Drill> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    let el = target.closest("[data-drill]").ok()??;
    Some(Drill { title: el.get_attribute("data-title")?, extra: el.get_attribute("data-drill")? })
}

#[derive(Properties, PartialEq)]
struct DrillProps {
    title: String,
    query: String,
    onclose: Callback<()>,
}

/// The responses behind a bar or point, newest first, a page at a time, searchable.
#[function_component(DrillDown)]
fn drill_down(props: &DrillProps) -> Html {
    let pages = use_state(Vec::<Value>::new);
    let total = use_state(|| None::<u64>);
    let next = use_state(|| None::<String>);
    let search = use_state(String::new);
    let failed = use_state(|| None::<String>);
    let load = {
        let (pages, total, next, failed, query, search) =
            (pages.clone(), total.clone(), next.clone(), failed.clone(), props.query.clone(), search.clone());
        Callback::from(move |before: Option<String>| {
            let (pages, total, next, failed) = (pages.clone(), total.clone(), next.clone(), failed.clone());
            let mut q = format!("/v1/insights/responses?{query}&limit=25");
            if !search.is_empty() {
                q.push_str(&format!("&search={}", segment(&search)));
            }
            let more = before.is_some();
            if let Some(b) = before {
                q.push_str(&format!("&before={}", segment(&b)));
            }
            wasm_bindgen_futures::spawn_local(async move {
                match api::get(&q).await {
                    Ok(v) => {
                        let mut all = if more { (*pages).clone() } else { Vec::new() };
                        all.extend(v["responses"].as_array().cloned().unwrap_or_default());
                        pages.set(all);
                        total.set(v["total"].as_u64());
                        next.set(v["next"].as_str().map(str::to_owned));
                    }
                    Err(e) => failed.set(Some(e.describe())),
                }
            });
        })
    };
    {
        let load = load.clone();
        use_effect_with((props.query.clone(), (*search).clone()), move |_| load.emit(None));
    }
    let onclose = props.onclose.clone();
    html! {
        <section class="card drill" aria-labelledby="drill-title" id="drill">
            <div class="item-head">
                <h3 id="drill-title">{format!("Responses: {}", props.title)}</h3>
                <button onclick={Callback::from(move |_| onclose.emit(()))}>{"Close"}</button>
            </div>
            <div class="field">
                <label for="drill-search">{"Search the answers"}</label>
                <input id="drill-search" type="search" value={(*search).clone()} onchange={{ let search = search.clone(); Callback::from(move |e: Event| search.set(crate::browser::value_of(&e))) }} />
            </div>
            if let Some(e) = &*failed { <p class="error" role="alert">{e.clone()}</p> }
            <p role="status" id="drill-total">{total.map_or("Loading…".to_owned(), |t| format!("{} responses", format::number(t as f64, 0)))}</p>
            <table class="list">
                <thead><tr><th scope="col">{"Received"}</th><th scope="col">{"Touchpoint"}</th><th scope="col">{"Answers"}</th><th scope="col">{"Sentiment"}</th></tr></thead>
                <tbody>
                    { for pages.iter().map(|r| html! {
                        <tr>
                            <td>{format::instant(r["received_at"].as_f64().unwrap_or(0.0))}</td>
                            <td>{format!("{} {}", str_of(r, "touchpoint"), r["stage"].as_str().map(|s| format!("({s})")).unwrap_or_default())}</td>
                            <td>{answers(r)}</td>
                            <td>{str_of(&r["sentiment"], "label").to_owned()}</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if let Some(n) = (*next).clone() {
                <button onclick={Callback::from(move |_| load.emit(Some(n.clone())))}>{"More"}</button>
            }
        </section>
    }
}

fn answers(r: &Value) -> String {
    let parts: Vec<String> = r["answers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            let q = str_of(a, "question");
            let v = match str_of(a, "kind") {
                "text" => format!("“{}”", str_of(a, "text")),
                "thumbs" => if a["up"].as_bool() == Some(true) { "👍" } else { "👎" }.to_owned(),
                "single_choice" => str_of(a, "option").to_owned(),
                "multiple_choice" => a["options"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                "text_withheld" => "(comment kept on the device)".to_owned(),
                _ => a["value"].to_string(),
            };
            format!("{q}: {v}")
        })
        .collect();
    let follow = r["follow_up"]
        .as_object()
        .map(|f| {
            format!(
                " · {} {}",
                f.get("channel").and_then(Value::as_str).unwrap_or(""),
                f.get("outcome").and_then(Value::as_str).unwrap_or("").replace('_', " ")
            )
        })
        .unwrap_or_default();
    format!("{}{follow}", parts.join(" · "))
}

#[derive(Properties, PartialEq)]
struct GoalsProps {
    site: String,
    editor: bool,
    onsaved: Callback<()>,
}

/// The site's targets; editors change them.
#[function_component(Goals)]
fn goals(props: &GoalsProps) -> Html {
    let values = use_state(BTreeMap::<String, String>::new);
    let message = use_state(|| None::<Result<String, String>>);
    {
        let (values, site) = (values.clone(), props.site.clone());
        use_effect_with(site.clone(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(v) = api::get(&format!("/v1/sites/{}/goals", segment(&site))).await {
                    let map = v["goals"]
                        .as_object()
                        .map(|m| {
                            m.iter().map(|(k, t)| (k.clone(), shown_target(k, t.as_f64().unwrap_or(0.0)))).collect()
                        })
                        .unwrap_or_default();
                    values.set(map);
                }
            });
        });
    }
    let onsubmit = {
        let (values, message, site, onsaved) =
            (values.clone(), message.clone(), props.site.clone(), props.onsaved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut goals = serde_json::Map::new();
            for (k, v) in values.iter().filter(|(_, v)| !v.trim().is_empty()) {
                let n = js_sys::Number::parse_float(&v.trim().replace(',', "."));
                let is_share = k.ends_with("_share");
                goals.insert(k.clone(), json!(if is_share { n / 100.0 } else { n }));
            }
            let (message, site, onsaved) = (message.clone(), site.clone(), onsaved.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::put(&format!("/v1/sites/{}/goals", segment(&site)), &json!({ "goals": goals })).await {
                    Ok(_) => {
                        message.set(Some(Ok("Goals saved.".into())));
                        onsaved.emit(());
                    }
                    Err(e) => message.set(Some(Err(e.describe()))),
                }
            });
        })
    };
    html! {
        <form class="card goals" aria-labelledby="goals-title" {onsubmit}>
            <h3 id="goals-title">{"Goals"}</h3>
            <p class="hint">{"Shares in percent; empty: no goal. Negative comments is a ceiling, the others are floors."}</p>
            <div class="row">
                { for METRICS.iter().map(|(metric, title, kind)| {
                    let id = format!("goal-{metric}");
                    let unit = if *kind == Kind::Share { " (%)" } else { "" };
                    let value = values.get(*metric).cloned().unwrap_or_default();
                    let oninput = { let values = values.clone(); let m = (*metric).to_owned(); Callback::from(move |e: InputEvent| { let mut v = (*values).clone(); v.insert(m.clone(), crate::browser::value_of(&e)); values.set(v); }) };
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{format!("{title}{unit}")}</label>
                            <input id={id} inputmode="decimal" {value} {oninput} readonly={!props.editor} />
                        </div>
                    }
                }) }
            </div>
            if props.editor { <button class="primary" type="submit">{"Save goals"}</button> }
            { crate::components::common::banner(&message) }
        </form>
    }
}

fn shown_target(metric: &str, t: f64) -> String {
    let t = if metric.ends_with("_share") { (t * 1000.0).round() / 10.0 } else { t };
    js_sys::Number::from(t).to_string_with_radix(10).ok().and_then(|s| s.as_string()).unwrap_or_default()
}
