//! The channel directory in real headless Chromium, on the demo company's configuration
//! (Northwind, Europe/Oslo), with the clock, zone and locale fixed so each rendering is
//! reproducible: which channels show, in which order, saying what.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use support::{DEMO_CONFIG, Mounted, Place, TUESDAY_MORNING, all, settle, storage, texts, until};
use touchpoint::Clock;
use touchpoint::components::channel_list::{ChannelList, ChannelListProps};
use touchpoint_core::Config;
use touchpoint_core::follow_up::Contact;
use touchpoint_core::history::{History, STORAGE_KEY};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, Element, HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

// Instants in ms since the epoch; Oslo is UTC+1 until 29 March 2026, UTC+2 after.
/// Monday 2026-03-09 10:00 in Oslo.
const MONDAY_MORNING: i64 = 1_773_046_800_000;
/// Saturday 2026-03-14 14:30 in Oslo.
const SATURDAY_AFTERNOON: i64 = 1_773_495_000_000;
/// Saturday 2026-03-14 20:00 in Oslo.
const SATURDAY_EVENING: i64 = 1_773_514_800_000;
/// Good Friday 2026-04-03 10:00 in Oslo, in the Easter closure (2 to 6 April).
const GOOD_FRIDAY: i64 = 1_775_203_200_000;

/// The demo configuration with live-status URLs for some channels (none: no live status).
fn demo(live: &[(&str, &str)]) -> Rc<Config> {
    let mut config = Config::from_json(DEMO_CONFIG).unwrap();
    for (id, url) in live {
        config.channels.iter_mut().find(|c| c.id == *id).unwrap().live_status = Some((*url).to_owned());
    }
    Rc::new(config)
}

/// The directory mounted inside a shadow root, as the loader mounts the widget.
async fn mount_with(config: Rc<Config>, clock: Clock) -> Mounted<ChannelList> {
    support::mount(
        ChannelListProps {
            config: config.into(),
            clock,
            words: Default::default(),
            topic: None,
            on_topic: Default::default(),
        },
        Place::ShadowRoot,
    )
    .await
}

async fn mount_at(ms: i64) -> Mounted<ChannelList> {
    mount_with(demo(&[]), Clock::fixed(ms, "Europe/Oslo", "en-GB")).await
}

fn ids(root: &Element) -> Vec<String> {
    all(root, ".tp-channel").iter().map(|item| item.get_attribute("data-channel").unwrap()).collect()
}

/// Each channel's id, status and promise, in display order.
fn rows(root: &Element) -> Vec<(String, String, String)> {
    all(root, ".tp-channel")
        .iter()
        .map(|item| {
            let first = |sel: &str| texts(item, sel).into_iter().next().unwrap_or_default();
            (item.get_attribute("data-channel").unwrap(), first(".tp-channel-status"), first(".tp-channel-promise"))
        })
        .collect()
}

fn row(id: &str, status: &str, promise: &str) -> (String, String, String) {
    (id.to_owned(), status.to_owned(), promise.to_owned())
}

async fn pick_topic(root: &Element, topic: &str) {
    let select: HtmlSelectElement = root.query_selector("#tp-topic").unwrap().unwrap().dyn_into().unwrap();
    select.set_value(topic);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn on_a_weekday_morning_every_channel_is_open_fastest_reply_first() {
    let root = mount_at(TUESDAY_MORNING).await;
    assert_eq!(
        rows(&root),
        [
            row("phone", "Open now", "Typically replies in 2 min"),
            row("workshop", "Open now", "Typically replies in 2 min"),
            row("chat", "Open now", "Typically replies in 5 min"),
            row("whatsapp", "Open now", "Typically replies in 1 hour"),
            row("email", "Open now", "Typically replies in 4 hours"),
        ]
    );
    assert_eq!(root.query_selector_all(".tp-channel-status.tp-open").unwrap().length(), 5);
    assert_eq!(
        texts(&root, ".tp-channel-description")[..2],
        ["Orders, returns and invoices", "Resoling, zips and seams: book a repair"]
    );
    assert_eq!(
        texts(&root, ".tp-resource-label"),
        ["Help centre", "Returns FAQ", "Delivery status", "Trail community"]
    );
    let sections = texts(&root, "h3");
    assert_eq!(sections, ["Ways to reach us", "Help yourself"], "resources follow the channels");
}

#[wasm_bindgen_test]
async fn on_a_saturday_the_closed_lines_follow_the_open_ones_saying_when_they_open() {
    let root = mount_at(SATURDAY_AFTERNOON).await;
    assert_eq!(
        rows(&root),
        [
            row("workshop", "Open now · closes 15:00", "Typically replies in 2 min"),
            row("chat", "Open now", "Typically replies in 5 min"),
            row("whatsapp", "Open now", "Typically replies in 1 hour"),
            row("phone", "Closed · opens Mon 09:00", "Expect a reply by Mon 09:02"),
            row("email", "Closed · opens Mon 08:00", "Expect a reply by Mon 12:00"),
        ]
    );
    assert_eq!(root.query_selector_all(".tp-channel-status.tp-closed").unwrap().length(), 2);
}

#[wasm_bindgen_test]
async fn a_visitor_in_new_york_reads_the_opening_on_their_own_clock_and_locale() {
    let root = mount_with(demo(&[]), Clock::fixed(SATURDAY_AFTERNOON, "America/New_York", "en-US")).await;
    // Monday 09:00 in Oslo is 04:00 in New York, whose clocks went forward a week earlier.
    let phone = rows(&root).into_iter().find(|(id, _, _)| id == "phone").unwrap();
    assert_eq!(phone, row("phone", "Closed · opens Mon 4:00 AM", "Expect a reply by Mon 4:02 AM"));
}

#[wasm_bindgen_test]
async fn the_easter_closure_on_good_friday_moves_openings_and_promises_past_the_weekend() {
    let root = mount_at(GOOD_FRIDAY).await;
    let closed: Vec<_> = rows(&root).into_iter().filter(|(_, status, _)| status.starts_with("Closed")).collect();
    assert_eq!(
        closed,
        [
            row("phone", "Closed · opens Tue 09:00", "Expect a reply by Tue 09:02"),
            row("email", "Closed · opens Tue 08:00", "Expect a reply by Tue 12:00"),
        ]
    );
}

#[wasm_bindgen_test]
async fn picking_a_topic_narrows_to_the_channels_and_resources_for_it() {
    let root = mount_at(TUESDAY_MORNING).await;
    assert_eq!(texts(&root, "label[for=tp-topic]"), ["What do you need help with?"]);
    assert_eq!(
        texts(&root, "#tp-topic option"),
        ["Anything", "Orders and delivery", "Returns and repairs", "Payments and invoices", "Product advice"]
    );
    pick_topic(&root, "returns").await;
    assert_eq!(ids(&root), ["phone", "workshop", "chat", "email"]);
    assert_eq!(texts(&root, ".tp-resource-label"), ["Help centre", "Returns FAQ"]);
    pick_topic(&root, "billing").await;
    assert_eq!(ids(&root), ["phone", "whatsapp", "email"]);
    assert_eq!(texts(&root, ".tp-resource-label"), ["Help centre"]);
    pick_topic(&root, "").await;
    assert_eq!(ids(&root).len(), 5, "Anything shows every channel again");
}

#[wasm_bindgen_test]
async fn a_topic_keeps_closed_channels_after_open_ones_ordered_by_reply_by() {
    let root = mount_at(SATURDAY_AFTERNOON).await;
    pick_topic(&root, "billing").await;
    assert_eq!(ids(&root), ["whatsapp", "phone", "email"]);
}

#[wasm_bindgen_test]
async fn a_channel_marked_hide_when_closed_is_left_out_while_closed() {
    let root = mount_at(MONDAY_MORNING).await;
    assert!(!ids(&root).contains(&"workshop".to_owned()), "the workshop is closed on Mondays: {:?}", ids(&root));
    pick_topic(&root, "returns").await;
    assert_eq!(ids(&root), ["phone", "chat", "email"]);
}

#[wasm_bindgen_test]
async fn a_live_answer_opens_a_closed_chat_and_its_wait_sets_the_order() {
    // The schedule closes the chat at 18:00 on Saturdays; the team is still online.
    let live = r#"data:application/json,{"open":true,"wait_seconds":60}"#;
    let root = mount_with(demo(&[("chat", live)]), Clock::fixed(SATURDAY_EVENING, "Europe/Oslo", "en-GB")).await;
    until("the live chat first", || ids(&root).first().is_some_and(|id| id == "chat")).await;
    assert_eq!(
        rows(&root),
        [
            row("chat", "Open now", "Typically replies in 1 min"),
            row("whatsapp", "Open now", "Typically replies in 1 hour"),
            row("phone", "Closed · opens Mon 09:00", "Expect a reply by Mon 09:02"),
            row("email", "Closed · opens Mon 08:00", "Expect a reply by Mon 12:00"),
        ]
    );
}

#[wasm_bindgen_test]
async fn a_live_answer_that_makes_no_sense_leaves_the_schedule_in_charge() {
    let nonsense = r#"data:application/json,{"open":"maybe"}"#;
    // The phone's sensible answer, asked for after the chat's, tells when the chat's has come.
    let phone = r#"data:application/json,{"open":true,"wait_seconds":600}"#;
    let config = demo(&[("chat", nonsense), ("phone", phone)]);
    let root = mount_with(config, Clock::fixed(SATURDAY_EVENING, "Europe/Oslo", "en-GB")).await;
    until("the phone's live answer", || ids(&root).first().is_some_and(|id| id == "phone")).await;
    let chat = rows(&root).into_iter().find(|(id, _, _)| id == "chat").unwrap();
    assert_eq!(chat, row("chat", "Closed · opens Sun 12:00", "Expect a reply by Sun 12:05"));
}

#[wasm_bindgen_test]
async fn activating_a_channel_records_the_contact_and_tells_the_host_page() {
    let storage = storage();
    storage.remove_item(STORAGE_KEY).unwrap();
    let root = mount_with(demo(&[]), Clock::fixed(TUESDAY_MORNING, "Europe/Oslo", "en-GB")).await;
    let host = &root.host;

    let heard: Rc<RefCell<Vec<(serde_json::Value, bool, bool)>>> = Rc::default();
    let listener = {
        let heard = heard.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let detail = e.unchecked_ref::<CustomEvent>().detail();
            let json = String::from(js_sys::JSON::stringify(&detail).unwrap());
            heard.borrow_mut().push((serde_json::from_str(&json).unwrap(), e.bubbles(), e.composed()));
        })
    };
    host.add_event_listener_with_callback("touchpoint:contact", listener.as_ref().unchecked_ref()).unwrap();
    // The host page keeps the test page where it is; the widget's own handler has run by then.
    let stay = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| e.prevent_default());
    host.add_event_listener_with_callback("click", stay.as_ref().unchecked_ref()).unwrap();

    pick_topic(&root, "billing").await;
    let phone: HtmlElement = root.query_selector("[data-channel=phone] a").unwrap().unwrap().dyn_into().unwrap();
    phone.click();

    assert_eq!(
        *heard.borrow(),
        [(
            serde_json::json!({"channel": "phone", "topic": "billing", "reply_by": "2026-03-10T09:02:00.000Z"}),
            true,
            true
        )]
    );
    let history = History::from_json(&storage.get_item(STORAGE_KEY).unwrap().unwrap()).unwrap();
    let promised = Contact {
        channel: "phone".into(),
        topic: Some("billing".into()),
        at: TUESDAY_MORNING,
        reply_by: TUESDAY_MORNING + 120_000,
        asked: false,
    };
    assert_eq!(history.contacts, [promised], "in the journey history, for the follow-up");
    storage.remove_item(STORAGE_KEY).unwrap();
}
