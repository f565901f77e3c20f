//! The widget in the visitor's language and the site's look, and the JS API, in real
//! headless Chromium (the loader's own part, choosing the language and applying the theme's
//! colours, is end-to-end tested in tests/e2e/embed.test.mjs).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use support::{DEMO_CONFIG, Mounted, Place, TUESDAY_MORNING, document, find, settle, texts};
use touchpoint::words::Words;
use touchpoint::{App, AppProps, Clock};
use touchpoint_core::Config;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the demo configuration (changed by `edit`) as the loader does: localised for the
/// language tag `tag` with that language's shipped catalogue.
async fn mount_in(tag: &str, open: bool, edit: impl FnOnce(&mut serde_json::Value)) -> Mounted<App> {
    let mut doc: serde_json::Value = serde_json::from_str(DEMO_CONFIG).unwrap();
    edit(&mut doc);
    let code = tag.split('-').next().unwrap();
    let catalogue = catalogue(code);
    let words = Words::chosen(tag, catalogue);
    let config = Config::from_value(&doc).unwrap().localise(words.language, &words.catalogue);
    // Times in the widget's language, as for a visitor (the clock fixes only the zone).
    let mut clock = Clock::fixed(TUESDAY_MORNING, "Europe/Oslo", tag);
    clock.locale = None;
    support::mount(
        AppProps {
            config: Rc::new(config).into(),
            endpoint: "http://127.0.0.1:9/v1/submissions".to_owned(),
            open,
            focus_launcher: false,
            clock,
            words: Rc::new(words).into(),
            topic: None,
        },
        Place::ShadowRoot,
    )
    .await
}

fn catalogue(code: &str) -> Option<&'static str> {
    Some(match code {
        "nb" => include_str!("../www/i18n/nb.json"),
        "pl" => include_str!("../www/i18n/pl.json"),
        "ar" => include_str!("../www/i18n/ar.json"),
        "ja" => include_str!("../www/i18n/ja.json"),
        _ => return None,
    })
}

#[wasm_bindgen_test]
async fn every_word_of_the_widget_comes_from_the_catalogue_with_waits_written_by_intl() {
    let w = mount_in("nb-NO", true, |_| {}).await;
    assert_eq!(texts(&w, ".tp-launcher span"), ["Lukk"]);
    assert_eq!(texts(&w, ".tp-title"), ["Hvordan kan vi hjelpe?"]);
    assert_eq!(texts(&w, "label[for=tp-topic]"), ["Hva trenger du hjelp med?"]);
    assert_eq!(texts(&w, "#tp-channels-title"), ["Slik når du oss"]);
    let promises = texts(&w, ".tp-channel-promise");
    assert!(promises.contains(&"Svarer vanligvis innen 4 timer".to_owned()), "{promises:?}");
    assert!(promises.iter().any(|p| p.starts_with("Svarer vanligvis innen 2 min")), "{promises:?}");
    assert_eq!(texts(&w, ".tp-submit"), ["Send tilbakemelding"]);
    // The demo's plain English texts stay as written; the default scale labels are Norwegian.
    assert!(texts(&w, ".tp-scale-words").contains(&"Fornøyd".to_owned()));
    assert_eq!(find(&w, ".tp").get_attribute("lang").as_deref(), Some("nb"));
    assert_eq!(find(&w, ".tp").get_attribute("dir").as_deref(), Some("ltr"));
}

#[wasm_bindgen_test]
async fn plural_forms_follow_intl_plural_rules_of_the_language() {
    // Polish has one, few and many: 1 znak, 2 znaki, 5 znaków.
    let cases = [
        (1, "Co najmniej 1 znak."),
        (2, "Co najmniej 2 znaki."),
        (5, "Co najmniej 5 znaków."),
        (22, "Co najmniej 22 znaki."),
    ];
    for (min, hint) in cases {
        let w = mount_in("pl", true, |doc| doc["feedback"]["questions"][1]["min_length"] = min.into()).await;
        assert_eq!(texts(&w, ".tp-hint"), [hint], "min_length {min}");
    }
    let w = mount_in("ja", true, |doc| doc["feedback"]["questions"][1]["min_length"] = 3.into()).await;
    assert_eq!(texts(&w, ".tp-hint"), ["3文字以上でご記入ください。"]);
}

#[wasm_bindgen_test]
async fn arabic_is_right_to_left_with_its_scale_in_reading_order() {
    let w = mount_in("ar-EG", true, |_| {}).await;
    assert_eq!(find(&w, ".tp").get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(texts(&w, ".tp-title"), ["كيف يمكننا مساعدتك؟"]);
    // The DOM order is the reading order (1 first); right to left it is drawn from the right.
    let xs: Vec<f64> =
        (1..=5).map(|v| find(&w, &format!("label[for=tp-csat-{v}]")).get_bounding_client_rect().x()).collect();
    assert!(xs.windows(2).all(|p| p[0] > p[1]), "1 rightmost: {xs:?}");
}

#[wasm_bindgen_test]
async fn the_theme_names_the_launcher_in_each_language_and_picks_its_icon() {
    let theme = |doc: &mut serde_json::Value| {
        doc["languages"] = serde_json::json!(["en", "nb"]);
        doc["theme"] =
            serde_json::json!({"launcher_label": {"en": "Talk to us", "nb": "Snakk med oss"}, "launcher_icon": "none"});
    };
    let w = mount_in("nb", false, theme).await;
    assert_eq!(texts(&w, ".tp-launcher"), ["Snakk med oss"]);
    assert!(w.query_selector(".tp-launcher-icon").unwrap().is_none(), "no icon");
    drop(w);
    let w = mount_in("en", false, theme).await;
    assert_eq!(texts(&w, ".tp-launcher"), ["Talk to us"]);
}

fn topic(w: &Mounted<App>) -> String {
    find(w, "#tp-topic").dyn_into::<web_sys::HtmlSelectElement>().unwrap().value()
}

#[wasm_bindgen_test]
async fn the_js_api_opens_at_a_topic_closes_and_tells_the_page() {
    let seen: Rc<RefCell<Vec<(String, String)>>> = Rc::default();
    let listeners: Vec<Closure<dyn Fn(web_sys::CustomEvent)>> = ["touchpoint:open", "touchpoint:close"]
        .iter()
        .map(|name| {
            let (seen, event) = (seen.clone(), (*name).to_owned());
            let listener = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                let topic = js_sys::Reflect::get(&e.detail(), &"topic".into()).ok().and_then(|t| t.as_string());
                seen.borrow_mut().push((event.clone(), topic.unwrap_or_default()));
            });
            document().add_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
            listener
        })
        .collect();
    let w = mount_in("en", false, |_| {}).await;
    assert!(w.query_selector(".tp-panel").unwrap().is_none());
    touchpoint::open(Some("returns".into()));
    settle().await;
    assert!(w.query_selector(".tp-panel").unwrap().is_some(), "open() opens the panel");
    assert_eq!(topic(&w), "returns", "at the topic asked for");
    touchpoint::close();
    settle().await;
    assert!(w.query_selector(".tp-panel").unwrap().is_none(), "close() closes it");
    touchpoint::open(Some("no-such-topic".into()));
    settle().await;
    assert_eq!(topic(&w), "returns", "an unknown topic leaves the one picked");
    assert_eq!(
        *seen.borrow(),
        [
            ("touchpoint:open".to_owned(), "returns".to_owned()),
            ("touchpoint:close".to_owned(), String::new()),
            ("touchpoint:open".to_owned(), "returns".to_owned()),
        ],
        "open and close reach the page as composed events"
    );
    for (name, listener) in ["touchpoint:open", "touchpoint:close"].iter().zip(&listeners) {
        document().remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
    }
}
