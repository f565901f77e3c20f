//! The collection API through the real router and a real SQLite file.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::Collector;
use touchpoint_collector::api::BODY_LIMIT;
use touchpoint_collector::{Db, app};
use tower::ServiceExt;

fn submission(id: &str) -> Value {
    json!({
        "v": 1, "id": id, "site": "northwind", "touchpoint": "help-panel", "created_at": 1_795_000_000_000_i64,
        "answers": [{"kind": "csat", "question": "csat", "value": 4}, {"kind": "text", "question": "comment", "text": "Helpful"}]
    })
}

const ID: &str = "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44";

#[tokio::test]
async fn a_new_submission_is_created_and_listed() {
    let h = Collector::new();
    let (status, body) = h.post(submission(ID).to_string()).await.into();
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body, json!({"id": ID, "stored": true}));

    let (status, body) = h.get("/v1/responses?site=northwind").await.into();
    assert_eq!(status, StatusCode::OK);
    let responses = body["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0]["id"], ID);
    assert_eq!(responses[0]["answers"][0], json!({"kind": "csat", "question": "csat", "value": 4}));
    assert_eq!(responses[0]["answers"][1]["text"], "Helpful");
    assert!(responses[0]["received_at"].as_i64().unwrap() > 1_700_000_000_000);
}

#[tokio::test]
async fn a_repeated_submission_succeeds_and_stores_nothing_new() {
    let h = Collector::new();
    assert_eq!(h.post(submission(ID).to_string()).await.status, StatusCode::CREATED);
    let mut changed = submission(ID);
    changed["answers"][0]["value"] = json!(1);
    let (status, body) = h.post(changed.to_string()).await.into();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["duplicate"], true);
    let listed = h.get("/v1/responses?site=northwind").await.body;
    assert_eq!(listed["responses"].as_array().unwrap().len(), 1);
    assert_eq!(listed["responses"][0]["answers"][0]["value"], 4, "the first copy is kept");
    assert_eq!(h.state.db.count_id(ID).unwrap(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_message() {
    let h = Collector::new();
    let (status, body) = h.post("{\"v\": 1,").await.into();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().starts_with("malformed JSON: EOF while parsing"), "{body}");
}

#[tokio::test]
async fn invalid_fields_are_a_422_naming_each_path() {
    let h = Collector::new();
    let mut bad = submission("nope");
    bad["answers"][0]["value"] = json!(9);
    let (status, body) = h.post(bad.to_string()).await.into();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["id", "answers[0].value"]);
    assert_eq!(body["fields"][1]["message"], "must be between 1 and 5, found 9");
}

#[tokio::test]
async fn a_body_over_64_kib_is_a_413() {
    let h = Collector::new();
    let (status, body) = h.post(vec![b' '; BODY_LIMIT + 1]).await.into();
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"], "body exceeds 65536 bytes");
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read() {
    let h = Collector::new();
    let mut text = submission(ID).to_string();
    text.push_str(&" ".repeat(BODY_LIMIT - text.len()));
    assert_eq!(text.len(), BODY_LIMIT);
    assert_eq!(h.post(text).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn listing_is_per_site_and_needs_a_site() {
    let h = Collector::new();
    h.post(submission(ID).to_string()).await;
    let mut other = submission("1b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44");
    other["site"] = json!("contoso");
    h.post(other.to_string()).await;
    assert_eq!(h.get("/v1/responses?site=contoso").await.body["responses"].as_array().unwrap().len(), 1);
    assert_eq!(h.get("/v1/responses?site=nobody").await.body["responses"], json!([]));
    let (status, body) = h.get("/v1/responses").await.into();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("`site` is required"));
}

#[tokio::test]
async fn migrations_apply_once_and_survive_reopening() {
    let (dir, first) = support::temp_db();
    let path = dir.path().join("touchpoint.db");
    assert_eq!(first.schema_version().unwrap(), 1);
    drop(first);
    assert_eq!(Db::open(&path).unwrap().schema_version().unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_repeats_of_one_id_store_it_exactly_once() {
    let h = Collector::new();
    let body = submission(ID).to_string();
    let posts: Vec<_> = (0..40)
        .map(|_| {
            let (state, body) = (h.state.clone(), body.clone());
            tokio::spawn(async move {
                let req = Request::post("/v1/submissions").body(Body::from(body)).unwrap();
                app(state).oneshot(req).await.unwrap().status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for p in posts {
        statuses.push(p.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1);
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 39);
    assert_eq!(h.state.db.count_id(ID).unwrap(), 1);
}

#[test]
fn a_blocking_insert_is_visible_to_the_next_read() {
    let (_dir, db) = support::temp_db();
    let s = touchpoint_core::Submission::from_json(submission(ID).to_string().as_bytes()).unwrap();
    assert_eq!(db.insert_blocking(s.clone(), 1).unwrap(), touchpoint_collector::db::Stored::Created);
    assert_eq!(db.insert_blocking(s, 2).unwrap(), touchpoint_collector::db::Stored::Duplicate);
    assert_eq!(db.list("northwind", 10).unwrap().len(), 1);
}
