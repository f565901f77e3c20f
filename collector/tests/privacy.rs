//! What the collector keeps and for how long: "forget me" (`DELETE /v1/journeys/{id}`)
//! and per-site retention purged on a schedule, on both backends, with the clock and
//! the schedule's ticks driven by the test (no sleeping).
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use touchpoint_collector::sites::Sites;
use touchpoint_collector::{AppState, app, retention};
use tower::ServiceExt;

const J1: &str = "5d3c1a2b-8e4f-4a6b-9c7d-2e1f0a9b8c01";
const J2: &str = "5d3c1a2b-8e4f-4a6b-9c7d-2e1f0a9b8c02";
const SHOP: &str = "https://shop.northwind.example";
const T0: i64 = 1_795_000_000_000;
const DAY: i64 = 86_400_000;

fn body(n: u32, site: &str, journey: Option<&str>) -> String {
    let mut s = json!({
        "v": 1, "id": format!("0b6f7c3e-2f1a-4c8e-9d57-{n:012}"), "site": site, "touchpoint": "help-panel",
        "created_at": T0, "answers": [{"kind": "csat", "question": "csat", "value": 4}],
    });
    if let Some(id) = journey {
        s["journey"] =
            json!({"id": id, "score": 0.5, "trend": 0, "count": 1, "moved_most": "help-panel", "moved_by": 0.5});
    }
    s.to_string()
}

async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let mut req = req;
    req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 40_000))));
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = http_body_util::BodyExt::collect(body).await.unwrap().to_bytes();
    (parts.status, parts.headers, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn post(body: String) -> Request<Body> {
    Request::post("/v1/submissions").header(header::CONTENT_TYPE, "text/plain").body(Body::from(body)).unwrap()
}

fn forget(journey: &str, origin: Option<&str>) -> Request<Body> {
    let mut req = Request::delete(format!("/v1/journeys/{journey}")).header(header::HOST, "cx.northwind.example");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    req.body(Body::empty()).unwrap()
}

async fn ids(state: &AppState, site: &str) -> Vec<String> {
    let mut ids: Vec<String> =
        state.db.list(site, 100).await.unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    ids
}

on_both! {
    /// A visitor's "forget my answers": every row of their journey goes, nobody else's.
    async fn forgetting_a_journey_deletes_all_its_rows_and_nothing_else(db) {
        let sites = format!(r#"{{"sites": {{"northwind": {{"origins": ["{SHOP}"]}}}}}}"#);
        let state = AppState::with_sites(db.open().await, Sites::from_json(&sites).unwrap());
        for (n, journey) in [(1, Some(J1)), (2, Some(J1)), (3, Some(J2)), (4, None)] {
            assert_eq!(send(&state, post(body(n, "northwind", journey))).await.0, StatusCode::CREATED);
        }
        let (status, headers, _) = send(&state, forget(J1, Some(SHOP))).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], SHOP, "the widget on the shop may read the answer");
        assert_eq!(ids(&state, "northwind").await, ["0b6f7c3e-2f1a-4c8e-9d57-000000000003", "0b6f7c3e-2f1a-4c8e-9d57-000000000004"]);
        assert_eq!(send(&state, forget(J1, Some(SHOP))).await.0, StatusCode::NO_CONTENT, "forgetting again is no error");
        assert_eq!(
            send(&state, forget("7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0eff", None)).await.0,
            StatusCode::NO_CONTENT,
            "an unknown journey gets the same answer: a guesser learns nothing"
        );
    }
}

on_both! {
    async fn a_forget_request_that_is_not_a_uuid_or_from_an_unknown_origin_deletes_nothing(db) {
        let sites = format!(r#"{{"sites": {{"northwind": {{"origins": ["{SHOP}"]}}}}}}"#);
        let state = AppState::with_sites(db.open().await, Sites::from_json(&sites).unwrap());
        send(&state, post(body(1, "northwind", Some(J1)))).await;
        let (status, _, answer) = send(&state, forget("not-a-uuid", None)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(answer["error"], "the journey id must be a UUID (8-4-4-4-12 hex digits)");
        let (status, headers, answer) = send(&state, forget(J1, Some("https://evil.example"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
        assert_eq!(answer["error"], "origin https://evil.example is not allowed for any site");
        assert_eq!(state.db.count_all().await.unwrap(), 1, "nothing deleted");
    }
}

on_both! {
    async fn forget_requests_are_preflighted_for_known_origins_and_rate_limited(db) {
        let sites = format!(
            r#"{{"sites": {{"northwind": {{"origins": ["{SHOP}"]}}}},
                "rate_limits": {{"per_ip": {{"per_minute": 6, "burst": 2}}}}}}"#
        );
        let state = AppState::with_sites(db.open().await, Sites::from_json(&sites).unwrap());
        let preflight = |origin: &str| {
            Request::options(format!("/v1/journeys/{J1}"))
                .header(header::ORIGIN, origin)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
                .body(Body::empty())
                .unwrap()
        };
        let (_, headers, _) = send(&state, preflight(SHOP)).await;
        assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], SHOP);
        assert!(headers[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap().contains("DELETE"));
        let (_, headers, _) = send(&state, preflight("https://evil.example")).await;
        assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

        for _ in 0..2 {
            assert_eq!(send(&state, forget(J1, Some(SHOP))).await.0, StatusCode::NO_CONTENT);
        }
        let (status, headers, _) = send(&state, forget(J1, Some(SHOP))).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(headers.contains_key(header::RETRY_AFTER));
    }
}

on_both! {
    /// `retention_days` counts from when a row was received; the purge runs at each tick
    /// of its schedule with the clock's time then.
    async fn expired_rows_are_purged_per_site_at_each_scheduled_run(db) {
        let sites = r#"{"sites": {"northwind": {"origins": [], "retention_days": 30},
                                  "contoso": {"origins": []}}}"#;
        let mut state = AppState::with_sites(db.open().await, Sites::from_json(sites).unwrap());
        let now = Arc::new(AtomicI64::new(T0));
        let clock = now.clone();
        state.clock = Arc::new(move || clock.load(Ordering::SeqCst));
        // Received at T0: two of northwind, one of contoso (kept for ever); at T0 + 10 days: one more of northwind.
        for (n, site) in [(1, "northwind"), (2, "northwind"), (3, "contoso")] {
            assert_eq!(send(&state, post(body(n, site, None))).await.0, StatusCode::CREATED);
        }
        now.store(T0 + 10 * DAY, Ordering::SeqCst);
        assert_eq!(send(&state, post(body(4, "northwind", None))).await.0, StatusCode::CREATED);

        let (tick, ticks) = tokio::sync::mpsc::channel(1);
        let (purger, mut reports) = retention::spawn(state.db.clone(), state.sites.clone(), state.clock.clone(), ticks);
        let mut run = async |at: i64| {
            now.store(at, Ordering::SeqCst);
            tick.send(()).await.unwrap();
            reports.changed().await.unwrap();
            let report = (*reports.borrow_and_update()).unwrap();
            assert_eq!(report.at, at);
            report.rows
        };
        assert_eq!(run(T0 + 30 * DAY).await, 0, "exactly 30 days old is still kept");
        assert_eq!(run(T0 + 30 * DAY + 1).await, 2, "a millisecond later both rows of T0 go");
        assert_eq!(ids(&state, "northwind").await, ["0b6f7c3e-2f1a-4c8e-9d57-000000000004"]);
        assert_eq!(run(T0 + 40 * DAY + 1).await, 1);
        assert!(ids(&state, "northwind").await.is_empty());
        assert_eq!(ids(&state, "contoso").await.len(), 1, "a site without retention keeps its rows");
        drop(tick);
        purger.await.unwrap();
    }
}

/// A database made before the journey column existed: the upgrade fills it in from the
/// stored bodies, so those visitors can be forgotten too.
#[tokio::test]
async fn an_upgraded_sqlite_database_forgets_journeys_stored_before_the_upgrade() {
    let db = support::TestDb::sqlite();
    let touchpoint_collector::Target::Sqlite(path) = &db.target else { unreachable!() };
    let old = rusqlite::Connection::open(path).unwrap();
    old.execute_batch(
        "CREATE TABLE submissions (id TEXT PRIMARY KEY NOT NULL, site TEXT NOT NULL, touchpoint TEXT NOT NULL,
             created_at INTEGER NOT NULL, received_at INTEGER NOT NULL, body TEXT NOT NULL) STRICT;
         CREATE INDEX submissions_by_site ON submissions (site, received_at);
         PRAGMA user_version = 1;",
    )
    .unwrap();
    for (n, journey) in [(1, Some(J1)), (2, None)] {
        old.execute(
            "INSERT INTO submissions VALUES (?1, 'northwind', 'help-panel', ?2, ?2, ?3)",
            rusqlite::params![format!("0b6f7c3e-2f1a-4c8e-9d57-{n:012}"), T0, body(n, "northwind", journey)],
        )
        .unwrap();
    }
    drop(old);
    let state = AppState::new(db.open().await);
    assert_eq!(state.db.schema_version().await.unwrap(), 4);
    assert_eq!(send(&state, forget(J1, None)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(ids(&state, "northwind").await, ["0b6f7c3e-2f1a-4c8e-9d57-000000000002"]);
}
