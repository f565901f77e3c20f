//! The live preview: the real widget (the built `/pkg/`, not a copy) showing the draft,
//! as a chosen visitor would see it: their time zone, language and date-time ("a visitor
//! in New York on Saturday at 10:00"), with buttons that fire triggers (a track event, a
//! page visit, a contact follow-up that is due). The frame's realm is prepared before the
//! widget loads (studio/static/preview.js); the wasm is compiled once and each change
//! re-instantiates it in a fresh frame. Answers given in the preview are never stored:
//! its endpoint is a path on Studio that takes no posts.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use serde_json::{Value, json};
use touchpoint_core::Config;
use touchpoint_core::config::Position;
use touchpoint_core::fields::Kind;
use touchpoint_core::history::History;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::api::segment;
use crate::browser;
use crate::translations;

#[wasm_bindgen(module = "/src/preview_host.js")]
extern "C" {
    #[wasm_bindgen(js_name = showPreview)]
    fn show_preview(frame: &web_sys::HtmlIFrameElement, settings: &str);
    #[wasm_bindgen(js_name = firePreview)]
    fn fire_preview(frame: &web_sys::HtmlIFrameElement, message: &str);
    #[wasm_bindgen(js_name = absoluteNow)]
    fn absolute_now() -> f64;
    #[wasm_bindgen(js_name = zonedInstant)]
    fn zoned_instant(local: &str, zone: &str) -> f64;
}

/// Where the preview's widget posts: a Studio path that answers every post with an error,
/// so nothing given in the preview is stored.
const PREVIEW_ENDPOINT: &str = "/studio/preview-answers-are-not-stored";

/// Props of [`Preview`].
#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    /// The site (for resolving the configuration's relative paths as a host page would).
    pub site: String,
    /// The draft.
    pub doc: Rc<Value>,
    /// Changes with every edit.
    pub revision: u64,
    /// Whether the draft validates (else the preview keeps the last one it could show, and
    /// says so; missing translations show in the default language meanwhile).
    pub valid: bool,
}

/// The next Saturday at 10:00 as `YYYY-MM-DDTHH:MM` (the preview's first visitor).
fn next_saturday() -> String {
    let d = js_sys::Date::new_0();
    let ahead = (6 + 7 - d.get_day()) % 7;
    d.set_date(d.get_date() + ahead);
    format!("{:04}-{:02}-{:02}T10:00", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// The live preview beside the editor.
#[function_component(Preview)]
pub fn preview(props: &PreviewProps) -> Html {
    let frame = use_node_ref();
    let zone = use_state(|| "America/New_York".to_owned());
    let language = use_state(|| "en-US".to_owned());
    let when = use_state(next_saturday);
    let event = use_state(String::new);
    let path = use_state(|| "/".to_owned());
    let follow_up = use_state(|| false);
    let status = use_state(String::new);
    let started = use_mut_ref(|| (0u64, 0f64));
    let stamp = use_mut_ref(|| Cell::new(0u64));

    // What the frame says: rendered (with when), or failed.
    {
        let (status, started) = (status.clone(), started.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "message", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else { return };
                    let data = e.data();
                    let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
                    let kind = get("type").and_then(|v| v.as_string()).unwrap_or_default();
                    let at_stamp = get("stamp").and_then(|v| v.as_f64()).unwrap_or(-1.0) as u64;
                    let (latest, t0) = *started.borrow();
                    if at_stamp != latest {
                        return;
                    }
                    match kind.as_str() {
                        "rendered" => {
                            let ms = get("at").and_then(|v| v.as_f64()).unwrap_or(t0) - t0;
                            let ms = ms.round() as i64;
                            status.set(format!("Preview updated in {ms} ms."));
                            if let Some(d) = web_sys::window().and_then(|w| w.document())
                                && let Some(el) = d.get_element_by_id("preview-pane")
                            {
                                let _ = el.set_attribute("data-rendered", &at_stamp.to_string());
                                let _ = el.set_attribute("data-render-ms", &ms.to_string());
                            }
                        }
                        "failed" => status.set(format!(
                            "The preview failed: {}",
                            get("message").and_then(|v| v.as_string()).unwrap_or_default()
                        )),
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Every change of the draft or of the visitor mounts the widget afresh.
    {
        let frame = frame.clone();
        let doc = props.doc.clone();
        let deps = (props.revision, props.valid, (*zone).clone(), (*language).clone(), (*when).clone(), *follow_up);
        let (site, path, started, stamp) = (props.site.clone(), (*path).clone(), started, stamp);
        use_effect_with(deps, move |(_, _, zone, language, when, follow_up)| {
            // Missing translations show in the default language: a text shows in the
            // preview as soon as it is translated, before the language is complete.
            let filled = translations::with_missing_as_default(&doc);
            let parsed = Config::from_value_with_zones(&filled, &browser::zone_known);
            if let Ok(parsed) = parsed
                && let Some(frame) = frame.cast::<web_sys::HtmlIFrameElement>()
            {
                let mut config = filled;
                if let Some(map) = config.as_object_mut() {
                    map.insert("endpoint".into(), Value::from(PREVIEW_ENDPOINT));
                }
                let instant = zoned_instant(when, zone);
                let history = follow_up.then(|| due_follow_up(&doc, instant as i64)).flatten();
                let n = stamp.borrow().get() + 1;
                stamp.borrow().set(n);
                *started.borrow_mut() = (n, absolute_now());
                let mut languages: Vec<&str> = language.split(',').map(str::trim).filter(|l| !l.is_empty()).collect();
                if languages.is_empty() {
                    languages.push("en-US");
                }
                let (language, tag, theme) = visitor(&parsed, &languages);
                let settings = json!({
                    "stamp": n,
                    "config": config.to_string(),
                    "configUrl": format!("{}/v1/sites/{}/config", browser::origin(), segment(&site)),
                    "instant": instant,
                    "zone": zone,
                    "languages": languages,
                    "language": language,
                    "tag": tag,
                    "theme": theme,
                    "history": history,
                    "path": path,
                    "open": true,
                });
                show_preview(&frame, &settings.to_string());
            }
        });
    }

    let fire = |message: Value| {
        let frame = frame.clone();
        Callback::from(move |_| {
            if let Some(frame) = frame.cast::<web_sys::HtmlIFrameElement>() {
                fire_preview(&frame, &message.to_string());
            }
        })
    };
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| s.set(browser::value_of(&e)))
    };
    let toggle_follow_up = {
        let follow_up = follow_up.clone();
        Callback::from(move |_| follow_up.set(!*follow_up))
    };

    html! {
        <section class="preview-pane card" id="preview-pane" aria-labelledby="preview-title">
            <h2 id="preview-title">{"Live preview"}</h2>
            <div class="row">
                <div class="field">
                    <label for="pv-zone">{"Visitor's time zone"}</label>
                    <input id="pv-zone" list="tz-list" value={(*zone).clone()} oninput={set(&zone)} />
                </div>
                <div class="field">
                    <label for="pv-lang">{"Visitor's languages"}</label>
                    <input id="pv-lang" value={(*language).clone()} oninput={set(&language)} />
                </div>
            </div>
            <div class="field">
                <label for="pv-when">{"Visitor's date and time (their wall clock)"}</label>
                <input id="pv-when" type="datetime-local" value={(*when).clone()} oninput={set(&when)} />
            </div>
            <div class="row">
                <div class="field">
                    <label for="pv-event">{"Track event"}</label>
                    <input id="pv-event" value={(*event).clone()} oninput={set(&event)} />
                </div>
                <button type="button" onclick={fire(json!({"type": "track", "event": *event}))}>{"Fire event"}</button>
            </div>
            <div class="row">
                <div class="field">
                    <label for="pv-path">{"Page path"}</label>
                    <input id="pv-path" value={(*path).clone()} oninput={set(&path)} />
                </div>
                <button type="button" onclick={fire(json!({"type": "visit", "path": *path}))}>{"Visit page"}</button>
            </div>
            <div class="actions">
                <button type="button" aria-pressed={follow_up.to_string()} onclick={toggle_follow_up}>
                    {"Visitor with a due contact follow-up"}
                </button>
            </div>
            if !props.valid {
                <p class="hint">{"The preview shows the last configuration without problems; a missing translation shows in the default language."}</p>
            }
            <p class="hint" id="preview-status">{(*status).clone()}</p>
            <iframe ref={frame} name="studio-preview" title="Widget preview" src="/studio/preview.html" />
        </section>
    }
}

/// The language (and the tag for dates and numbers) the loader would choose for a visitor
/// with these `languages` (the configured language, else the first the site offers), and
/// the theme as the loader applies it: custom properties on the widget's root, and the
/// host's attributes.
fn visitor(config: &Config, languages: &[&str]) -> (&'static str, String, Value) {
    let (language, tag) = config.visitor_language(languages);
    let t = &config.theme;
    let theme = json!({
        "css": format!(":host{{{}}}", t.custom_properties()),
        "position": if t.position == Position::BottomLeft { "left" } else { "right" },
        "scheme": t.color_scheme.name(),
        "font": t.font.name(),
    });
    (language.code(), tag, theme)
}

/// A visitor history with one contact whose promised reply passed an hour before `now`,
/// through the first channel a follow-up touchpoint names (or the first channel).
fn due_follow_up(doc: &Value, now: i64) -> Option<String> {
    let touchpoints = doc.get("touchpoints")?.as_array()?;
    let follow_up = touchpoints.iter().find(|t| t["trigger"]["kind"] == "contact_follow_up");
    let channel = follow_up
        .and_then(|t| t["trigger"]["channels"].get(0))
        .or_else(|| doc["channels"].get(0).and_then(|c| c.get("id")))?
        .as_str()?;
    let mut history = History::new("studio-preview".to_owned());
    history.contacted(channel, None, now - 5 * 3_600_000, now - 3_600_000);
    Some(history.to_json())
}
