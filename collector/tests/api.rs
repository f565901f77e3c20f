//! The collection API through the real router, on a real SQLite file and a real
//! PostgreSQL database (each test runs on both).
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use touchpoint_collector::api::BODY_LIMIT;
use touchpoint_collector::db::{Stored, StoredRow};
use touchpoint_collector::{AppState, Db, Error, app};
use tower::ServiceExt;

use support::TestDb;

struct Harness {
    _db: TestDb,
    state: AppState,
}

impl Harness {
    async fn new(db: TestDb) -> Self {
        let state = AppState::new(db.open().await);
        Harness { _db: db, state }
    }

    async fn send(&self, req: Request<Body>) -> (StatusCode, Value) {
        let res = app(self.state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body =
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        (status, body)
    }

    async fn post(&self, body: impl Into<Body>) -> (StatusCode, Value) {
        self.send(
            Request::post("/v1/submissions").header("content-type", "application/json").body(body.into()).unwrap(),
        )
        .await
    }

    /// Lists with a read key for the site, as a marketer's script does.
    async fn list(&self, site: &str) -> (StatusCode, Value) {
        let key = support::read_key(&self.state.db, site).await;
        let req = Request::get(format!("/v1/responses?site={site}")).header("authorization", format!("Bearer {key}"));
        self.send(req.body(Body::empty()).unwrap()).await
    }
}

fn submission(id: &str) -> Value {
    json!({
        "v": 1, "id": id, "site": "northwind", "touchpoint": "help-panel", "created_at": 1_795_000_000_000_i64,
        "answers": [{"kind": "csat", "question": "csat", "value": 4}, {"kind": "text", "question": "comment", "text": "Helpful"}]
    })
}

const ID: &str = "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44";

on_both! {
    async fn a_new_submission_is_created_and_listed(db) {
        let h = Harness::new(db).await;
    let (status, body) = h.post(submission(ID).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body, json!({"id": ID, "stored": true}));

    let (status, body) = h.list("northwind").await;
    assert_eq!(status, StatusCode::OK);
    let responses = body["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0]["id"], ID);
    assert_eq!(responses[0]["answers"][0], json!({"kind": "csat", "question": "csat", "value": 4}));
    assert_eq!(responses[0]["answers"][1]["text"], "Helpful");
    assert!(responses[0]["received_at"].as_i64().unwrap() > 1_700_000_000_000);
    }
}

on_both! {
    async fn a_repeated_submission_succeeds_and_stores_nothing_new(db) {
        let h = Harness::new(db).await;
    assert_eq!(h.post(submission(ID).to_string()).await.0, StatusCode::CREATED);
    let mut changed = submission(ID);
    changed["answers"][0]["value"] = json!(1);
    let (status, body) = h.post(changed.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["duplicate"], true);
    let (_, listed) = h.list("northwind").await;
    assert_eq!(listed["responses"].as_array().unwrap().len(), 1);
    assert_eq!(listed["responses"][0]["answers"][0]["value"], 4, "the first copy is kept");
    assert_eq!(h.state.db.count_id(ID).await.unwrap(), 1);
    }
}

on_both! {
    async fn malformed_json_is_a_400_with_a_message(db) {
        let h = Harness::new(db).await;
    let (status, body) = h.post("{\"v\": 1,").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().starts_with("malformed JSON: EOF while parsing"), "{body}");
    }
}

on_both! {
    async fn invalid_fields_are_a_422_naming_each_path(db) {
        let h = Harness::new(db).await;
    let mut bad = submission("nope");
    bad["answers"][0]["value"] = json!(9);
    let (status, body) = h.post(bad.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["id", "answers[0].value"]);
    assert_eq!(body["fields"][1]["message"], "must be between 1 and 5, found 9");
    }
}

on_both! {
    async fn a_body_over_64_kib_is_a_413(db) {
        let h = Harness::new(db).await;
    let (status, body) = h.post(vec![b' '; BODY_LIMIT + 1]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"], "body exceeds 65536 bytes");
    }
}

on_both! {
    async fn a_body_of_exactly_the_limit_is_read(db) {
        let h = Harness::new(db).await;
    let mut text = submission(ID).to_string();
    text.push_str(&" ".repeat(BODY_LIMIT - text.len()));
    assert_eq!(text.len(), BODY_LIMIT);
    assert_eq!(h.post(text).await.0, StatusCode::CREATED);
    }
}

on_both! {
    async fn listing_is_per_site_and_needs_a_site(db) {
        let h = Harness::new(db).await;
    h.post(submission(ID).to_string()).await;
    let mut other = submission("1b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44");
    other["site"] = json!("contoso");
    h.post(other.to_string()).await;
    assert_eq!(h.list("contoso").await.1["responses"].as_array().unwrap().len(), 1);
    assert_eq!(h.list("nobody").await.1["responses"], json!([]));
    let key = support::read_key(&h.state.db, "northwind").await;
    let req = Request::get("/v1/responses").header("authorization", format!("Bearer {key}"));
    let (status, body) = h.send(req.body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("`site` is required"));
    }
}

on_both! {
    async fn migrations_apply_once_and_survive_reopening(db) {
        let first = db.open().await;
        assert_eq!(first.schema_version().await.unwrap(), 4);
        drop(first);
        assert_eq!(db.open().await.schema_version().await.unwrap(), 4);
    }
}

on_both! {
    /// An older collector must not write into a schema it does not understand.
    async fn a_schema_newer_than_this_build_is_refused_with_a_clear_message(db) {
        drop(db.open().await);
        match &db.target {
            touchpoint_collector::Target::Sqlite(path) => {
                rusqlite::Connection::open(path).unwrap().pragma_update(None, "user_version", 9).unwrap();
            }
            touchpoint_collector::Target::Postgres(url) => {
                let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
                tokio::spawn(conn);
                client.batch_execute("INSERT INTO touchpoint_schema (version) VALUES (9)").await.unwrap();
            }
        }
        let Err(e) = Db::open(&db.target).await else { panic!("opened a schema from the future") };
        assert!(matches!(e, Error::SchemaTooNew { found: 9, known: 4 }), "{e:?}");
        assert_eq!(
            e.to_string(),
            "the database's schema is at version 9, newer than this collector knows (4): \
             run a touchpoint release that knows it (an older one could damage newer data)"
        );
    }
}

on_both! {
    async fn concurrent_repeats_of_one_id_store_it_exactly_once(db) {
        let h = Harness::new(db).await;
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
    assert_eq!(h.state.db.count_id(ID).await.unwrap(), 1);
    }
}

on_both! {
    async fn an_insert_is_visible_to_the_next_read_and_a_repeat_is_a_duplicate(db) {
        let db = db.open().await;
        let s = touchpoint_core::Submission::from_json(submission(ID).to_string().as_bytes()).unwrap();
        assert_eq!(db.insert(StoredRow::new(&s, 1)).await.unwrap(), Stored::Created);
        assert_eq!(db.insert(StoredRow::new(&s, 2)).await.unwrap(), Stored::Duplicate);
        let listed = db.list("northwind", 10).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["received_at"], 1, "the first copy is kept");
    }
}
