//! Touchpoint feedback in real headless Chromium (wasm-bindgen-test): every
//! question kind, live follow-up questions, and prompts from each trigger.
//!
//! Native keyboard behaviour (arrow keys inside a radio group, Space on a
//! checkbox) comes from real key presses only, which a page cannot synthesise:
//! these tests check the structure that gives it (one named group per scale,
//! inputs tied to labels) and activation by click (what Space does); the
//! end-to-end tests press the real keys.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use support::{
    Mounted, Place, all, clock, document, find, input, normalised, press, settle, storage, texts, until, window,
};
use touchpoint::browser::storage::load_history;
use touchpoint::{App, AppProps};
use touchpoint_core::Config;
use touchpoint_core::delivery::{Snapshot, storage_key};
use touchpoint_core::history::{History, Outcome, STORAGE_KEY};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A panel asking every ordinary kind of question, and touchpoints for every trigger.
/// Recontact windows are zero, so only the one-prompt-per-page-view rule applies.
const CONFIG: &str = r#"{
  "site": "northwind",
  "endpoint": "/v1/submissions",
  "channels": [
    {"id": "email", "kind": "email", "label": "E-mail", "href": "mailto:help@northwind.example", "response_time": "PT4H"}
  ],
  "feedback": {"id": "panel", "questions": [
    {"id": "nps", "kind": "nps", "prompt": "How likely are you to recommend us?"},
    {"id": "ces", "kind": "ces", "prompt": "It was easy to find what I needed.", "required": false},
    {"id": "mood", "kind": "emoji", "prompt": "How do you feel?", "required": false},
    {"id": "clear", "kind": "thumbs", "prompt": "Was this page clear?", "required": false},
    {"id": "missing", "kind": "multiple_choice", "prompt": "What was missing?",
     "show_if": {"question": "clear", "chosen": "down"},
     "options": [{"id": "prices", "label": "Prices"}, {"id": "photos", "label": "Photos"}, {"id": "sizes", "label": "Sizes"}]},
    {"id": "plan", "kind": "single_choice", "prompt": "Which plan do you use?", "required": false,
     "options": [{"id": "day", "label": "Day"}, {"id": "trail", "label": "Trail"}]},
    {"id": "comment", "kind": "text", "prompt": "Anything else?", "required": false, "min_length": 3, "max_length": 200}
  ]},
  "touchpoints": [
    {"id": "checkout", "label": "Checkout", "stage": "buy", "trigger": {"kind": "track", "event": "checkout-complete"},
     "questions": [
       {"id": "csat", "kind": "csat", "prompt": "How satisfied are you with checking out?"},
       {"id": "wrong", "kind": "text", "prompt": "What went wrong?", "show_if": {"question": "csat", "at_most": 2}}
     ]},
    {"id": "compare", "label": "Compare", "stage": "consider",
     "trigger": {"kind": "url", "prefix": "/tp-test/compare", "delay_seconds": 1},
     "questions": [{"id": "clear", "kind": "thumbs", "prompt": "Is this comparison clear?"}]},
    {"id": "signup", "label": "Signed up", "stage": "onboard", "trigger": {"kind": "dom_event", "event": "tp-test:signed-up"},
     "questions": [{"id": "mood", "kind": "emoji", "prompt": "How was signing up?"}]},
    {"id": "leaving", "label": "Leaving", "stage": "leave", "trigger": {"kind": "exit_intent", "prefix": "/tp-test/leave"},
     "questions": [{"id": "nps", "kind": "nps", "prompt": "Would you recommend us?"}]},
    {"id": "reply-check", "label": "Reply check", "stage": "get_help",
     "trigger": {"kind": "contact_follow_up", "channels": ["email"], "within_days": 7}, "recontact_days": 0,
     "questions": [
       {"id": "reply", "kind": "reply", "prompt": "You contacted us by {channel} on {contacted}. Did you get a reply by {promised}, as we promised?"},
       {"id": "csat", "kind": "csat", "prompt": "How satisfied were you?"}
     ]}
  ],
  "recontact": {"same_touchpoint_days": 0, "any_touchpoint_hours": 0}
}"#;

const HOUR: i64 = 3_600_000;

/// The collector these tests post to: port 9 (discard) refuses connections, so every
/// submission waits in the delivery outbox, where [`Outbox`] reads what would be posted.
/// (Delivery itself is tested in tests/outbox.rs and end to end against the real collector.)
const ENDPOINT: &str = "http://127.0.0.1:9/v1/submissions";

/// Mounts the widget on a fresh history (the page view began at the test page's load).
async fn mount(config: &str, open: bool) -> Mounted<App> {
    storage().clear().unwrap();
    mount_keeping_history(config, open).await
}

/// Mounts the widget, on the test clock, without touching the stored history.
async fn mount_keeping_history(config: &str, open: bool) -> Mounted<App> {
    // Every test starts on the same page, whatever the one before navigated to.
    window().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some("/")).unwrap();
    let config = Rc::new(Config::from_json(config).unwrap());
    let props = AppProps {
        config: config.into(),
        endpoint: ENDPOINT.to_owned(),
        open,
        focus_launcher: false,
        clock: clock(),
        words: Default::default(),
        topic: None,
    };
    support::mount(props, Place::Document).await
}

fn attr(el: &Element, name: &str) -> Option<String> {
    el.get_attribute(name)
}

/// The accessible name a radio or checkbox gets from its label, spaces normalised.
fn label_of(root: &Element, input: &Element) -> String {
    let label = find(root, &format!("label[for='{}']", input.id()));
    normalised(&label.text_content().unwrap())
}

fn set_text(area: &HtmlTextAreaElement, text: &str) {
    area.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

/// Moves the test page to `path` the way a single-page app does.
async fn navigate(path: &str) {
    window().history().unwrap().push_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
    settle().await;
}

/// The submissions the widget handed to its delivery outbox since [`Outbox::watch`]: the
/// exact bodies that will be posted. (By creation time: the page's one outbox still holds
/// earlier tests' items, and puts them back into storage after a test clears it.)
struct Outbox {
    since: f64,
}

impl Outbox {
    fn watch() -> Outbox {
        // A millisecond on, so what earlier tests left at the same instant is not counted.
        clock().advance(1);
        Outbox { since: clock().now() as f64 }
    }

    fn posts(&self) -> Vec<serde_json::Value> {
        let Some(json) = storage().get_item(&storage_key(ENDPOINT)).unwrap() else { return Vec::new() };
        let snapshot = Snapshot::from_json(&json).unwrap();
        snapshot
            .pending_ids()
            .into_iter()
            .map(|id| serde_json::from_str::<serde_json::Value>(snapshot.pending_body(id).unwrap()).unwrap())
            .filter(|body| body["created_at"].as_f64().unwrap() >= self.since)
            .collect()
    }

    /// How many of those the page's outbox has seen an attempt of refused (by port 9).
    fn failed(&self) -> usize {
        let outbox = touchpoint::browser::outbox::shared(ENDPOINT, &clock()).snapshot().to_json();
        let outbox: serde_json::Value = serde_json::from_str(&outbox).unwrap();
        let ids: Vec<String> = self.posts().iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect();
        ids.iter().filter(|id| outbox["items"][id.as_str()]["failed_at"].is_number()).count()
    }
}

/// The loader's `lexicon(lang)` answering for English only, and only once released: a fetch
/// still on its way when the visitor submits. Counts the calls.
struct HeldLexicon {
    asked: Rc<Cell<u32>>,
    resolve: Rc<RefCell<Option<js_sys::Function>>>,
}

impl HeldLexicon {
    fn adopt() -> HeldLexicon {
        let (asked, resolve) = (Rc::new(Cell::new(0)), Rc::new(RefCell::new(None)));
        let (counted, held) = (asked.clone(), resolve.clone());
        let fetcher = Closure::<dyn FnMut(String) -> js_sys::Promise>::new(move |lang: String| {
            assert_eq!(lang, "en", "only English is asked for");
            counted.set(counted.get() + 1);
            js_sys::Promise::new(&mut |resolve, _| *held.borrow_mut() = Some(resolve))
        });
        touchpoint::browser::lexicons::adopt(fetcher.into_js_value().unchecked_into());
        HeldLexicon { asked, resolve }
    }

    /// Answers the fetch with the built English lexicon.
    fn release(&self) {
        let bytes: JsValue =
            js_sys::Uint8Array::from(&include_bytes!("../sentiment/data/sentiment/lexicon.bin")[..]).into();
        self.resolve.borrow_mut().take().unwrap().call1(&JsValue::NULL, &bytes).unwrap();
    }
}

fn prompt(root: &Element) -> Option<Element> {
    root.query_selector(".tp-ask").unwrap()
}

fn history() -> History {
    load_history()
}

#[wasm_bindgen_test]
async fn every_scale_is_one_named_radio_group_with_a_label_for_each_point() {
    let root = mount(CONFIG, true).await;
    // (group name, points, the accessible names of the first and the last point)
    let cases = [
        ("tp-nps", 11, "0 Not at all likely", "10 Extremely likely"),
        ("tp-ces", 7, "1 Very difficult", "7 Very easy"),
        ("tp-mood", 5, "Very unhappy", "Very happy"),
        ("tp-clear", 2, "Thumbs down", "Thumbs up"),
        ("tp-plan", 2, "Day", "Trail"),
    ];
    for (name, count, first, last) in cases {
        let radios = all(&root, &format!("input[type=radio][name={name}]"));
        assert_eq!(radios.len(), count, "{name}");
        assert_eq!(label_of(&root, &radios[0]), first, "{name}");
        assert_eq!(label_of(&root, &radios[count - 1]), last, "{name}");
        // One group per question, inside a fieldset whose legend is the question.
        let fieldset = radios[0].closest("fieldset").unwrap().unwrap();
        assert!(radios.iter().all(|r| r.closest("fieldset").unwrap().as_ref() == Some(&fieldset)));
        assert!(fieldset.query_selector("legend").unwrap().is_some(), "{name} has a legend");
    }
    assert_eq!(texts(&root, ".tp-scale-nps .tp-scale-ends span"), ["Not at all likely", "Extremely likely"]);
    assert_eq!(all(&root, ".tp-face").len(), 5, "faces are drawn, not emoji characters");
    assert_eq!(
        texts(&root, "legend"),
        [
            "How likely are you to recommend us?",
            "It was easy to find what I needed. (optional)",
            "How do you feel? (optional)",
            "Was this page clear? (optional)",
            "Which plan do you use? (optional)",
        ]
    );
}

#[wasm_bindgen_test]
async fn choosing_a_point_checks_it_and_clears_its_announced_problem() {
    let root = mount(CONFIG, true).await;
    find(&root, ".tp-submit").click();
    settle().await;
    let error = find(&root, "#tp-nps-error");
    assert_eq!(error.text_content().unwrap(), "Please choose a rating from 0 to 10.");
    assert_eq!(attr(&error, "role").as_deref(), Some("alert"));
    let fieldset = error.closest("fieldset").unwrap().unwrap();
    assert_eq!(attr(&fieldset, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(attr(&fieldset, "aria-describedby").as_deref(), Some("tp-nps-error"));
    assert_eq!(all(&root, ".tp-error").len(), 1, "optional questions raise no problem");

    find(&root, "label[for=tp-nps-9]").click();
    settle().await;
    assert!(input(&root, "#tp-nps-9").checked());
    assert!(root.query_selector("#tp-nps-error").unwrap().is_none(), "answering clears the problem");
    assert_eq!(attr(&fieldset, "aria-invalid"), None);

    // Another point of the same group replaces the choice (as the arrow keys do).
    input(&root, "#tp-nps-10").click();
    settle().await;
    assert!(input(&root, "#tp-nps-10").checked() && !input(&root, "#tp-nps-9").checked());
}

#[wasm_bindgen_test]
async fn thumbs_down_asks_what_was_missing_and_thumbs_up_takes_it_away() {
    let root = mount(CONFIG, true).await;
    assert!(root.query_selector("#tp-missing-prices").unwrap().is_none(), "hidden until thumbs down");
    let down = input(&root, "#tp-clear-0");
    down.focus().unwrap();
    down.click();
    settle().await;
    let focused = document().active_element().map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("tp-clear-0"), "the follow-up appears without taking the focus away");
    assert!(down.is_connected(), "the chosen radio is the same element, not a re-created one");
    let boxes = all(&root, "input[type=checkbox]");
    assert_eq!(boxes.iter().map(|b| label_of(&root, b)).collect::<Vec<_>>(), ["Prices", "Photos", "Sizes"]);
    assert_eq!(texts(&root, "fieldset:has(input[type=checkbox]) > legend"), ["What was missing?"]);

    input(&root, "#tp-clear-1").click();
    settle().await;
    assert!(root.query_selector("#tp-missing-prices").unwrap().is_none(), "hidden again after thumbs up");
}

#[wasm_bindgen_test]
async fn checkboxes_toggle_independently_and_a_required_group_needs_one() {
    let root = mount(CONFIG, true).await;
    input(&root, "#tp-nps-8").click();
    input(&root, "#tp-clear-0").click();
    settle().await;
    find(&root, ".tp-submit").click();
    settle().await;
    assert_eq!(find(&root, "#tp-missing-error").text_content().unwrap(), "Please choose at least one option.");

    // Space on a focused checkbox activates it, exactly as a click does.
    input(&root, "#tp-missing-sizes").click();
    input(&root, "#tp-missing-prices").click();
    settle().await;
    let checked: Vec<bool> =
        all(&root, "input[type=checkbox]").iter().map(|b| b.unchecked_ref::<HtmlInputElement>().checked()).collect();
    assert_eq!(checked, [true, false, true]);
    assert!(root.query_selector("#tp-missing-error").unwrap().is_none());
    input(&root, "#tp-missing-sizes").click();
    settle().await;
    assert!(!input(&root, "#tp-missing-sizes").checked() && input(&root, "#tp-missing-prices").checked());
}

#[wasm_bindgen_test]
async fn a_text_minimum_is_said_up_front_and_a_shorter_answer_is_refused() {
    let root = mount(CONFIG, true).await;
    let area: HtmlTextAreaElement = find(&root, "#tp-comment").dyn_into().unwrap();
    assert_eq!(find(&root, "#tp-comment-hint").text_content().unwrap(), "At least 3 characters.");
    assert_eq!(attr(&area, "aria-describedby").as_deref(), Some("tp-comment-hint"));
    assert_eq!(attr(&area, "maxlength").as_deref(), Some("200"));
    input(&root, "#tp-nps-7").click();
    set_text(&area, "ok");
    settle().await;
    find(&root, ".tp-submit").click();
    settle().await;
    assert_eq!(find(&root, "#tp-comment-error").text_content().unwrap(), "Please write at least 3 characters (now 2).");
    assert_eq!(attr(&area, "aria-describedby").as_deref(), Some("tp-comment-hint tp-comment-error"));
    assert_eq!(attr(&area, "aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_track_call_shows_a_labelled_prompt_without_taking_focus() {
    let root = mount(CONFIG, false).await;
    let field = document().create_element("input").unwrap().dyn_into::<HtmlInputElement>().unwrap();
    document().body().unwrap().append_child(&field).unwrap();
    field.focus().unwrap();

    touchpoint::track("checkout-completed");
    settle().await;
    assert!(prompt(&root).is_none(), "another event name arms nothing");
    touchpoint::track("checkout-complete");
    settle().await;
    let dialog = prompt(&root).expect("the checkout prompt");
    assert_eq!(attr(&dialog, "role").as_deref(), Some("dialog"));
    assert_eq!(attr(&dialog, "aria-modal").as_deref(), Some("false"));
    assert_eq!(find(&root, "#tp-ask-title").text_content().unwrap(), "A quick question");
    assert_eq!(attr(&dialog, "aria-labelledby").as_deref(), Some("tp-ask-title"));
    assert_eq!(document().active_element(), Some(field.clone().into()), "the visitor keeps typing on the page");
    assert_eq!(
        texts(&root, "[role=status]"),
        ["A quick question appeared in the corner of the page."],
        "announced politely instead"
    );
    assert_eq!(
        history().entries.iter().map(|e| (e.touchpoint.as_str(), e.outcome)).collect::<Vec<_>>(),
        [("checkout", Outcome::Shown)]
    );
    field.remove();
}

#[wasm_bindgen_test]
async fn track_calls_made_before_the_widget_listens_are_replayed() {
    storage().clear().unwrap();
    touchpoint::track("checkout-complete");
    let root = mount_keeping_history(CONFIG, false).await;
    assert_eq!(attr(&prompt(&root).expect("replayed"), "data-tp-touchpoint").as_deref(), Some("checkout"));
}

#[wasm_bindgen_test]
async fn a_low_rating_in_a_prompt_asks_what_went_wrong() {
    let root = mount(CONFIG, false).await;
    touchpoint::track("checkout-complete");
    settle().await;
    assert_eq!(all(&root, "input[name=tpp-checkout-csat]").len(), 5);
    assert!(root.query_selector("#tpp-checkout-wrong").unwrap().is_none());
    input(&root, "#tpp-checkout-csat-2").click();
    settle().await;
    assert_eq!(find(&root, "label[for=tpp-checkout-wrong]").text_content().unwrap(), "What went wrong? (optional)");
    input(&root, "#tpp-checkout-csat-4").click();
    settle().await;
    assert!(root.query_selector("#tpp-checkout-wrong").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn escape_dismisses_a_prompt_records_it_and_hands_focus_to_the_launcher() {
    let root = mount(CONFIG, false).await;
    touchpoint::track("checkout-complete");
    settle().await;
    let radio = input(&root, "#tpp-checkout-csat-3");
    radio.focus().unwrap();
    press(&radio, "Escape");
    settle().await;
    assert!(prompt(&root).is_none());
    assert_eq!(document().active_element(), Some(find(&root, ".tp-launcher").into()), "focus is not lost");
    let entries: Vec<_> = history().entries.iter().map(|e| (e.touchpoint.clone(), e.outcome, e.prompted)).collect();
    assert_eq!(entries, [("checkout".to_owned(), Outcome::Dismissed, true)]);

    // A dismissal counts as this page view's prompt: the next one waits for another page.
    touchpoint::track("checkout-complete");
    settle().await;
    assert!(prompt(&root).is_none(), "one prompt per page view");
    clock().advance(5_000);
    navigate("/tp-test/elsewhere").await;
    touchpoint::track("checkout-complete");
    settle().await;
    assert!(prompt(&root).is_some(), "a single-page-app navigation is a new page view");
}

#[wasm_bindgen_test]
async fn the_close_button_dismisses_and_a_dom_event_prompts_on_the_next_page() {
    let root = mount(CONFIG, false).await;
    let event = web_sys::CustomEvent::new("tp-test:signed-up").unwrap();
    // Not bubbling, dispatched on the document itself: a capture listener still hears it.
    document().dispatch_event(&event).unwrap();
    settle().await;
    assert_eq!(attr(&prompt(&root).expect("signup prompt"), "data-tp-touchpoint").as_deref(), Some("signup"));
    assert_eq!(all(&root, "input[name=tpp-signup-mood]").len(), 5);
    find(&root, ".tp-ask .tp-close").click();
    settle().await;
    assert!(prompt(&root).is_none());
    assert_eq!(history().entries.last().map(|e| e.outcome), Some(Outcome::Dismissed));
}

#[wasm_bindgen_test]
async fn a_delayed_url_prompt_waits_on_its_page_and_is_cancelled_by_leaving_it() {
    let root = mount(CONFIG, false).await;
    navigate("/tp-test/compare").await;
    clock().advance(400);
    navigate("/tp-test/pricing").await;
    clock().advance(900);
    settle().await;
    assert!(prompt(&root).is_none(), "left before the delay: cancelled");
    assert!(history().entries.is_empty(), "nothing was offered");

    navigate("/tp-test/compare/plans").await;
    clock().advance(300);
    settle().await;
    assert!(prompt(&root).is_none(), "waits its second");
    clock().advance(900);
    settle().await;
    assert_eq!(
        attr(&prompt(&root).expect("after a second on the page"), "data-tp-touchpoint").as_deref(),
        Some("compare")
    );
}

#[wasm_bindgen_test]
async fn exit_intent_prompts_only_when_the_pointer_leaves_through_the_top() {
    let root = mount(CONFIG, false).await;
    navigate("/tp-test/leave").await;
    let leave = |y: i32| {
        let init = web_sys::MouseEventInit::new();
        init.set_client_y(y);
        init.set_bubbles(true);
        document()
            .dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseout", &init).unwrap())
            .unwrap();
    };
    leave(300);
    settle().await;
    assert!(prompt(&root).is_none(), "leaving through the bottom or a side is not leaving the page");
    leave(-2);
    settle().await;
    assert_eq!(attr(&prompt(&root).expect("exit intent"), "data-tp-touchpoint").as_deref(), Some("leaving"));
}

/// Mounts the widget on a history holding one e-mail contact made 26 hours ago whose
/// promised reply-by passed 22 hours ago; returns the widget and "now".
async fn mount_after_an_overdue_email() -> (Mounted<App>, i64) {
    storage().clear().unwrap();
    let now = clock().now();
    let mut h = History::new("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44".into());
    h.contacted("email", None, now - 26 * HOUR, now - 22 * HOUR);
    storage().set_item(STORAGE_KEY, &h.to_json()).unwrap();
    (mount_keeping_history(CONFIG, false).await, now)
}

#[wasm_bindgen_test]
async fn a_contact_whose_reply_by_has_passed_is_asked_about_with_its_channel_and_dates() {
    let (root, _) = mount_after_an_overdue_email().await;

    let legend = texts(&root, ".tp-ask legend")[0].clone();
    assert!(legend.starts_with("You contacted us by E-mail on "), "{legend}");
    assert!(legend.contains("Did you get a reply by ") && legend.ends_with(", as we promised?"), "{legend}");
    assert!(!legend.contains('{'), "every placeholder filled: {legend}");
    let replies = all(&root, "input[name=tpp-reply-check-reply]");
    assert_eq!(
        replies.iter().map(|r| label_of(&root, r)).collect::<Vec<_>>(),
        ["Yes, by then", "Yes, but later", "No, not yet"]
    );
    assert!(history().contacts[0].asked, "the contact is asked about once");
}

#[wasm_bindgen_test]
async fn a_follow_up_is_offered_when_its_reply_by_passes_while_the_visitor_is_on_the_page() {
    storage().clear().unwrap();
    let root = mount_keeping_history(CONFIG, false).await;
    let now = clock().now();
    // The channel directory records a contact in this tab, promising a reply within a second.
    touchpoint::browser::storage::update_history(|h| h.contacted("email", None, now, now + 800));
    clock().advance(300);
    settle().await;
    assert!(prompt(&root).is_none(), "not before its reply-by");
    clock().advance(800);
    settle().await;
    assert_eq!(attr(&prompt(&root).expect("follow-up"), "data-tp-touchpoint").as_deref(), Some("reply-check"));
}

#[wasm_bindgen_test]
async fn an_answered_follow_up_posts_promised_against_reported_and_is_recorded_once_kept() {
    let (root, now) = mount_after_an_overdue_email().await;
    let outbox = Outbox::watch();

    find(&root, ".tp-ask .tp-submit").click();
    settle().await;
    assert_eq!(
        texts(&root, ".tp-ask .tp-error"),
        ["Please tell us whether we replied.", "Please choose a rating from 1 to 5."]
    );
    input(&root, "#tpp-reply-check-reply-late").click();
    input(&root, "#tpp-reply-check-csat-2").click();
    settle().await;
    find(&root, ".tp-ask .tp-submit").click();
    settle().await;

    let posts = outbox.posts();
    assert_eq!(posts.len(), 1);
    let body = &posts[0];
    assert_eq!((body["touchpoint"].as_str(), body["stage"].as_str()), (Some("reply-check"), Some("get_help")));
    assert_eq!(body["answers"], serde_json::json!([{"kind": "csat", "question": "csat", "value": 2}]));
    assert_eq!(body["follow_up"]["outcome"], "late");
    assert_eq!(body["follow_up"]["channel"], "email");
    assert_eq!(body["follow_up"]["promised_by"], now - 22 * HOUR);
    assert_eq!(body["score"], -0.5, "CSAT 2, no comment");
    assert_eq!(body["journey"]["score"], -0.5);
    assert_eq!(body["journey"]["count"], 1);
    assert_eq!(body["journey"]["id"], "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44");
    assert!(body.get("sentiment").is_none(), "no comment, no sentiment");
    assert_eq!(texts(&root, ".tp-ask .tp-thanks-title"), ["Thank you!"]);
    let entries: Vec<_> = history().entries.iter().map(|e| (e.touchpoint.clone(), e.outcome, e.score)).collect();
    assert_eq!(entries, [("reply-check".to_owned(), Outcome::Answered, Some(-0.5))]);
}

#[wasm_bindgen_test]
async fn an_answer_given_while_the_collector_is_unreachable_is_kept_thanked_and_part_of_the_journey() {
    let root = mount(CONFIG, false).await;
    let outbox = Outbox::watch();
    touchpoint::track("checkout-complete");
    settle().await;
    input(&root, "#tpp-checkout-csat-5").click();
    settle().await;
    find(&root, ".tp-ask .tp-submit").click();
    settle().await;
    // The lease settles, the first attempt goes out, and port 9 refuses it.
    clock().advance(1_000);
    until("the first attempt to be refused", || outbox.failed() == 1).await;
    assert_eq!(texts(&root, ".tp-ask .tp-thanks-title"), ["Thank you!"], "kept means it will be delivered");
    assert!(texts(&root, ".tp-ask .tp-error").is_empty());
    let posts = outbox.posts();
    assert_eq!(posts.len(), 1, "still waiting for the collector, with the retry scheduled");
    assert_eq!(posts[0]["touchpoint"], "checkout");
    let outcomes: Vec<_> = history().entries.iter().map(|e| (e.touchpoint.clone(), e.outcome)).collect();
    assert_eq!(outcomes, [("checkout".to_owned(), Outcome::Answered)]);
}

#[wasm_bindgen_test]
async fn the_panel_posts_through_the_same_path_with_its_stage_and_journey() {
    // English's lexicon is fetched when the panel opens, and is still on its way at submit.
    let lexicon = HeldLexicon::adopt();
    let root = mount(CONFIG, true).await;
    let outbox = Outbox::watch();
    until("the panel to ask for the English lexicon", || lexicon.asked.get() == 1).await;
    input(&root, "#tp-nps-10").click();
    input(&root, "#tp-plan-trail").click();
    let comment: HtmlTextAreaElement = find(&root, "#tp-comment").dyn_into().unwrap();
    set_text(&comment, "Wonderful service, thanks! Reach me at kari@example.com or +47 22 33 44 55.");
    settle().await;
    find(&root, ".tp-panel .tp-submit").click();
    settle().await;
    // The submission waits for the lexicon rather than going unscored for a race.
    assert!(outbox.posts().is_empty());
    assert_eq!(texts(&root, ".tp-panel .tp-submit"), ["Sending…"]);
    assert_eq!(attr(&find(&root, ".tp-panel .tp-submit"), "aria-disabled").as_deref(), Some("true"));
    lexicon.release();
    until("the submission", || outbox.posts().len() == 1).await;
    assert_eq!(lexicon.asked.get(), 1, "one fetch, however many steps asked for it");
    let posts = outbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["touchpoint"], "panel");
    assert_eq!(posts[0]["stage"], "get_help");
    assert_eq!(
        posts[0]["answers"],
        serde_json::json!([
            {"kind": "nps", "question": "nps", "value": 10},
            {"kind": "single_choice", "question": "plan", "option": "trail"},
            {"kind": "text", "question": "comment", "text": "Wonderful service, thanks! Reach me at [email] or [phone]."}
        ]),
        "contact details are masked before they leave the browser"
    );
    assert_eq!(posts[0]["sentiment"]["label"], "positive", "scored on the device");
    assert_eq!(posts[0]["sentiment"]["lang"], "en");
    let text = posts[0]["sentiment"]["compound"].as_f64().unwrap();
    assert_eq!(text, 0.7901, "as `touchpoint score` (English embedded) scores it");
    // NPS 10 is +1; the comment nudges it by a quarter (docs/journey.md).
    let expected = (0.75 + 0.25 * text) * 10_000.0;
    assert_eq!(posts[0]["score"].as_f64().map(|s| (s * 10_000.0).round()), Some(expected.round()));
    assert_eq!(posts[0]["journey"]["count"], 1);
    assert_eq!(
        posts[0]["journey"]["id"].as_str(),
        Some(history().journey.as_str()),
        "a first answer and the history recording it name one journey (what \"Forget my answers\" deletes)"
    );
    assert_eq!(texts(&root, ".tp-thanks-title"), ["Thank you!"]);
}

#[wasm_bindgen_test]
async fn the_honeypot_is_out_of_reach_and_travels_only_when_a_bot_fills_it() {
    let root = mount(CONFIG, true).await;
    let trap = input(&root, "#tp-website");
    assert_eq!(trap.tab_index(), -1, "out of the tab order");
    assert_eq!(trap.closest("[aria-hidden=true]").unwrap().map(|e| e.class_name()).as_deref(), Some("tp-trap"));

    let outbox = Outbox::watch();
    input(&root, "#tp-nps-9").click();
    input(&root, "#tp-plan-day").click();
    settle().await;
    find(&root, ".tp-panel .tp-submit").click();
    settle().await;
    let person = outbox.posts();
    assert_eq!(person.len(), 1);
    assert!(person[0].get("website").is_none(), "a person's submission carries no honeypot field");
    drop(root);

    let root = mount(CONFIG, true).await;
    let outbox = Outbox::watch();
    input(&root, "#tp-nps-9").click();
    input(&root, "#tp-plan-day").click();
    input(&root, "#tp-website").set_value("https://cheap-pills.example");
    settle().await;
    find(&root, ".tp-panel .tp-submit").click();
    settle().await;
    let bot = outbox.posts();
    assert_eq!(bot.len(), 1);
    assert_eq!(bot[0]["website"], "https://cheap-pills.example", "the collector refuses it");
}
