//! The widget mounted in real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::rc::Rc;

use support::{DEMO_CONFIG, Mounted, Place, TUESDAY_MORNING, document, find, press, settle, storage, texts, until};
use touchpoint::{App, AppProps, Clock};
use touchpoint_core::Config;
use touchpoint_core::delivery::{Snapshot, storage_key};
use touchpoint_core::history::{History, STORAGE_KEY};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ENDPOINT: &str = "http://127.0.0.1:9/v1/submissions";

async fn mount(open: bool) -> Mounted<App> {
    let config = Rc::new(Config::from_json(DEMO_CONFIG).unwrap());
    // Port 9 (discard) refuses connections: nothing in these tests reaches a server.
    let endpoint = ENDPOINT.to_owned();
    let clock = Clock::fixed(TUESDAY_MORNING, "Europe/Oslo", "en-GB");
    support::mount(
        AppProps {
            config: config.into(),
            endpoint,
            open,
            focus_launcher: false,
            clock,
            words: Default::default(),
            topic: None,
        },
        Place::Document,
    )
    .await
}

fn active_element() -> Option<Element> {
    document().active_element()
}

#[wasm_bindgen_test]
async fn mounting_renders_every_channel_with_its_response_time_and_the_question() {
    let root = mount(true).await;
    // All open on a Tuesday morning, so fastest reply first (ties in configured order).
    assert_eq!(
        texts(&root, ".tp-channel-label"),
        ["Phone +47 22 33 44 55", "Repair workshop +47 22 33 44 66", "Live chat", "WhatsApp", "E-mail"]
    );
    assert_eq!(
        texts(&root, ".tp-channel-promise"),
        [
            "Typically replies in 2 min",
            "Typically replies in 2 min",
            "Typically replies in 5 min",
            "Typically replies in 1 hour",
            "Typically replies in 4 hours"
        ]
    );
    let hrefs: Vec<String> = {
        let links = root.query_selector_all(".tp-channel-link").unwrap();
        (0..links.length())
            .map(|i| links.item(i).unwrap().unchecked_into::<Element>().get_attribute("href").unwrap())
            .collect()
    };
    assert_eq!(
        hrefs,
        ["tel:+4722334455", "tel:+4722334466", "/chat", "https://wa.me/4722334455", "mailto:help@northwind.example"]
    );
    assert_eq!(texts(&root, "legend"), ["How satisfied are you with our service today?"]);
    assert_eq!(root.query_selector_all("input[type=radio][name=tp-csat]").unwrap().length(), 5);
    assert_eq!(find(&root, "label[for=tp-csat-4]").text_content().unwrap(), "4 Satisfied");
    assert_eq!(find(&root, "label[for=tp-comment]").text_content().unwrap(), "What could we do better? (optional)");
}

#[wasm_bindgen_test]
async fn the_launcher_opens_the_panel_and_escape_returns_focus_to_it() {
    let root = mount(false).await;
    assert!(root.query_selector(".tp-panel").unwrap().is_none(), "closed until asked");
    let launcher = find(&root, ".tp-launcher");
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("false"));

    launcher.click();
    settle().await;
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("true"));
    let title = find(&root, "#tp-title");
    assert_eq!(active_element(), Some(title.clone().into()), "focus moves into the panel");

    press(&title, "Escape");
    settle().await;
    assert!(root.query_selector(".tp-panel").unwrap().is_none());
    assert_eq!(active_element(), Some(launcher.into()), "focus returns to the launcher");
}

#[wasm_bindgen_test]
async fn submitting_without_a_rating_shows_an_announced_problem_beside_the_question() {
    let root = mount(true).await;
    find(&root, ".tp-submit").click();
    settle().await;
    let error = find(&root, "#tp-csat-error");
    assert_eq!(error.text_content().unwrap(), "Please choose a rating from 1 to 5.");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    let fieldset = find(&root, "fieldset.tp-scale");
    assert_eq!(fieldset.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(fieldset.get_attribute("aria-describedby").as_deref(), Some("tp-csat-error"));

    find(&root, "label[for=tp-csat-2]").click();
    settle().await;
    assert!(root.query_selector("#tp-csat-error").unwrap().is_none(), "answering clears the problem");
}

#[wasm_bindgen_test]
async fn forgetting_asks_first_keeps_focus_in_reach_and_announces_the_result() {
    // A history with answers and a contact, as earlier visits leave it.
    let old = "7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0e11";
    let mut history = History::new(old.into());
    history.contacted("phone", None, TUESDAY_MORNING, TUESDAY_MORNING + 60_000);
    storage().set_item(STORAGE_KEY, &history.to_json()).unwrap();
    storage().remove_item(&storage_key(ENDPOINT)).unwrap();
    let stored_history = || storage().get_item(STORAGE_KEY).unwrap().unwrap();

    let root = mount(true).await;
    until("the panel's foot", || root.query_selector(".tp-forget .tp-link").unwrap().is_some()).await;
    let toggle = find(&root, ".tp-forget .tp-link");
    assert_eq!(toggle.text_content().unwrap(), "Forget my answers");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(root.query_selector("#tp-forget-confirm").unwrap().is_none(), "nothing happens without a confirm");

    // Open the confirm step: focus lands on Cancel, the harmless choice; Escape closes the step
    // (not the panel) and focus goes back to the toggle.
    toggle.click();
    settle().await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    let group = find(&root, "#tp-forget-confirm");
    assert_eq!(group.get_attribute("role").as_deref(), Some("group"));
    assert_eq!(
        find(&root, "#tp-forget-explain").text_content().unwrap(),
        "Delete the answers you gave on this site, from this browser and from our records? This cannot be undone."
    );
    let cancel = find(&root, "#tp-forget-confirm .tp-secondary");
    assert_eq!(cancel.text_content().unwrap(), "Cancel");
    assert_eq!(active_element(), Some(cancel.clone().into()), "focus moves to Cancel");
    press(&cancel, "Escape");
    settle().await;
    assert!(root.query_selector("#tp-forget-confirm").unwrap().is_none());
    assert!(root.query_selector(".tp-panel").unwrap().is_some(), "Escape closes the step, not the panel");
    assert_eq!(active_element(), Some(toggle.clone().into()), "focus returns to the toggle");

    // Cancel forgets nothing.
    toggle.click();
    settle().await;
    find(&root, "#tp-forget-confirm .tp-secondary").click();
    settle().await;
    assert!(root.query_selector("#tp-forget-confirm").unwrap().is_none());
    assert_eq!(active_element(), Some(toggle.clone().into()));
    assert!(stored_history().contains(old), "cancelled: nothing forgotten");
    assert_eq!(find(&root, ".tp-forget-status").text_content().unwrap(), "");

    // Forget: the result is announced, focus stays on the toggle, the journey is gone from
    // this browser and its deletion waits in the outbox (port 9 refuses it: kept for a retry).
    toggle.click();
    settle().await;
    let confirm = find(&root, "#tp-forget-confirm .tp-submit");
    assert_eq!(confirm.text_content().unwrap(), "Forget");
    confirm.click();
    settle().await;
    let status = find(&root, ".tp-forget-status");
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(
        status.text_content().unwrap(),
        "Your answers are gone from this browser and will be deleted from our records."
    );
    assert_eq!(active_element(), Some(toggle.into()));
    let now = History::from_json(&stored_history()).unwrap();
    assert_ne!(now.journey, old, "a new journey starts");
    assert!(now.entries.is_empty() && now.contacts.is_empty(), "history and contacts cleared");
    let outbox = Snapshot::from_json(&storage().get_item(&storage_key(ENDPOINT)).unwrap().unwrap()).unwrap();
    let pending = outbox.pending_ids();
    assert_eq!(pending.len(), 1);
    assert_eq!(outbox.pending_body(pending[0]), Some(old), "the deletion of the old journey is kept for sending");
}
