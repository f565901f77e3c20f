//! What the collector's tests share: the real router over a fresh SQLite file, called
//! with `oneshot`, and the real binary. Included with `mod support;`.
#![allow(dead_code, reason = "each test file uses the part it needs")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

use std::process::Command;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use touchpoint_collector::sites::Sites;
use touchpoint_collector::{AppState, Db, app};
use tower::ServiceExt;

/// The collector's router over a database file of its own, removed when this is dropped.
pub struct Collector {
    _dir: tempfile::TempDir,
    pub state: AppState,
}

/// What the router answered; the body as JSON, or as a JSON string when it is not JSON.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

/// `(status, body)`, for a test that reads no header.
impl From<Reply> for (StatusCode, Value) {
    fn from(reply: Reply) -> Self {
        (reply.status, reply.body)
    }
}

impl Collector {
    /// Without a collector configuration: same-origin pages and non-browser clients may post.
    pub fn new() -> Collector {
        let (dir, db) = temp_db();
        Collector { _dir: dir, state: AppState::new(db) }
    }

    /// With the collector configuration `sites` (JSON, as `--sites` reads it).
    pub fn with_sites(sites: &str) -> Collector {
        let (dir, db) = temp_db();
        Collector { _dir: dir, state: AppState::with_sites(db, Sites::from_json(sites).unwrap()) }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = app(self.state.clone()).oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        let body =
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        Reply { status: parts.status, headers: parts.headers, body }
    }

    /// `POST /v1/submissions` with `body` as JSON.
    pub async fn post(&self, body: impl Into<Body>) -> Reply {
        let req = Request::post("/v1/submissions").header("content-type", "application/json").body(body.into());
        self.send(req.unwrap()).await
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }
}

/// A fresh, migrated database in a temporary directory (kept as long as the directory).
pub fn temp_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("touchpoint.db")).unwrap();
    (dir, db)
}

/// The `touchpoint` binary, as a marketer or an operator runs it.
pub fn touchpoint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_touchpoint"))
}
