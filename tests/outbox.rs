//! The outbox adapter in real headless Chromium: what it keeps survives the
//! page, because a second adapter (a reload, another tab) finds it in localStorage.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use support::{clock, storage, until};
use touchpoint::browser::outbox::OutboxAdapter;
use touchpoint_core::delivery::{DropReason, Snapshot, storage_key};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A distinct unreachable endpoint per test (port 9 refuses connections), so tests
/// sharing one origin's localStorage never see each other's outbox.
fn endpoint(test: &str) -> String {
    format!("http://127.0.0.1:9/{test}/v1/submissions")
}

/// An outbox snapshot as its stored JSON, for what its API keeps to itself.
fn as_json(snapshot: &Snapshot) -> serde_json::Value {
    serde_json::from_str(&snapshot.to_json()).unwrap()
}

#[wasm_bindgen_test]
fn an_enqueued_item_is_persisted_before_enqueue_returns_and_a_second_adapter_still_has_it_pending() {
    let endpoint = endpoint("reload");
    storage().remove_item(&storage_key(&endpoint)).unwrap();
    let first = OutboxAdapter::start(&endpoint, clock());
    let body = r#"{"v":1,"id":"0b7e3c1a-0000-4000-8000-000000000001"}"#.to_owned();
    first.enqueue("0b7e3c1a-0000-4000-8000-000000000001", body, clock().now()).unwrap();

    let stored = storage().get_item(&storage_key(&endpoint)).unwrap().expect("written at once");
    assert_eq!(Snapshot::from_json(&stored).unwrap().pending_ids(), ["0b7e3c1a-0000-4000-8000-000000000001"]);

    // As after a reload: a fresh adapter with its own tab id reads the same key.
    let second = OutboxAdapter::start(&endpoint, clock());
    assert_eq!(second.snapshot().pending_ids(), ["0b7e3c1a-0000-4000-8000-000000000001"]);
    assert_eq!(second.snapshot().counts().total(), 0, "neither delivered nor dropped");
}

#[wasm_bindgen_test]
async fn an_unreachable_collector_leaves_the_item_pending_for_a_retry() {
    let endpoint = endpoint("unreachable");
    storage().remove_item(&storage_key(&endpoint)).unwrap();
    let adapter = OutboxAdapter::start(&endpoint, clock());
    adapter.enqueue("id-unreachable", "{}".to_owned(), clock().now()).unwrap();
    // The lease settles (200 ms), the first attempt goes out and port 9 refuses it.
    clock().advance(1_000);
    let item = || as_json(&adapter.snapshot())["items"]["id-unreachable"].clone();
    until("the first attempt to be refused", || item()["failed_at"].is_number()).await;
    assert_eq!(item()["attempts"], 1);

    let stored = Snapshot::from_json(&storage().get_item(&storage_key(&endpoint)).unwrap().unwrap()).unwrap();
    assert_eq!(stored.pending_ids(), ["id-unreachable"]);
    assert_eq!(OutboxAdapter::start(&endpoint, clock()).snapshot().pending_ids(), ["id-unreachable"]);
    assert_eq!(adapter.dropped(), 0);
}

#[wasm_bindgen_test]
fn a_body_over_the_limit_is_refused_at_once_and_counted() {
    let endpoint = endpoint("too-large");
    storage().remove_item(&storage_key(&endpoint)).unwrap();
    let adapter = OutboxAdapter::start(&endpoint, clock());
    let refused = adapter.enqueue("id-large", "x".repeat(70_000), clock().now());
    assert_eq!(refused, Err(DropReason::TooLarge));
    assert_eq!(adapter.dropped(), 1);
    assert!(adapter.snapshot().pending_ids().is_empty());
}

#[wasm_bindgen_test]
async fn a_wait_beyond_the_page_timers_24_8_days_is_clamped_not_fired_at_once() {
    // Browsers fire a setTimeout of more than 2^31 - 1 ms at once; the widget's clock clamps
    // it (the outbox's expiry and a reply-by up to 90 days away wait that long).
    let fired = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = fired.clone();
    let _forty_days = touchpoint::Clock::default().after(40 * 24 * 3_600_000, move || flag.set(true));
    support::sleep(50).await;
    assert!(!fired.get(), "a 40-day wait did not fire within 50 ms");
}
