//! Shared by the collector's integration tests: a fresh, empty store on either
//! backend, and [`on_both!`] to run one test body against SQLite and PostgreSQL.
//!
//! PostgreSQL comes from `TOUCHPOINT_TEST_PG` (a throw-away cluster's URL: `make test`
//! starts one; by hand, `scripts/pg.sh run cargo test -p touchpoint-collector`). Each
//! test gets its own database on it. Without the variable the PostgreSQL half fails:
//! a missing database is a failure, never a skip.
#![allow(dead_code, clippy::unwrap_used, reason = "each test file uses part of it; tests fail loudly")]

use std::sync::atomic::{AtomicUsize, Ordering};

use touchpoint_collector::{Db, Target};

/// A store for one test; SQLite's temp directory lives as long as this.
pub struct TestDb {
    pub target: Target,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A new SQLite file in a temp directory.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        TestDb { target: Target::Sqlite(dir.path().join("test.db")), _dir: Some(dir) }
    }

    /// A new, empty database on the test cluster.
    pub async fn postgres() -> TestDb {
        TestDb { target: Target::Postgres(fresh_pg_database(&pg_url()).await), _dir: None }
    }

    /// An existing PostgreSQL database (one on a cluster of a test's own).
    pub fn postgres_at(url: String) -> TestDb {
        TestDb { target: Target::Postgres(url), _dir: None }
    }

    /// Opens it (migrations applied).
    pub async fn open(&self) -> Db {
        Db::open(&self.target).await.unwrap()
    }

    /// What `--db` takes.
    pub fn arg(&self) -> String {
        match &self.target {
            Target::Sqlite(path) => path.display().to_string(),
            Target::Postgres(url) => url.clone(),
        }
    }
}

/// The test cluster's URL.
pub fn pg_url() -> String {
    std::env::var("TOUCHPOINT_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "TOUCHPOINT_TEST_PG is not set, so the PostgreSQL tests cannot run: \
             run them with `scripts/pg.sh run cargo test -p touchpoint-collector` (make test does)"
        )
    })
}

/// Creates an empty database on the cluster at `base` and gives its URL.
pub async fn fresh_pg_database(base: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let (client, connection) = tokio_postgres::connect(base, tokio_postgres::NoTls).await.unwrap();
    let connection = tokio::spawn(connection);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let name = format!("t_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    drop(client);
    let _ = connection.await;
    let (without_query, _) = base.split_once('?').unwrap_or((base, ""));
    let (server, _) = without_query.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

/// `on_both!(async fn name(db) { … })`: the body runs as two tests, `name::sqlite` and
/// `name::postgres`, each with a fresh [`TestDb`] bound to `db`.
#[macro_export]
macro_rules! on_both {
    ($(#[doc = $doc:literal])* async fn $name:ident($db:ident) $body:block) => {
        $(#[doc = $doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($db: $crate::support::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::support::TestDb::sqlite()).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::support::TestDb::postgres().await).await
            }
        }
    };
}

/// The `touchpoint` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_touchpoint");

/// `scripts/pg.sh`, for tests that stop and start a cluster of their own.
pub const PG_SH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/pg.sh");

/// A real `touchpoint serve` process on a loopback port; killed when dropped.
pub struct Collector {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    db: String,
    args: Vec<String>,
    child: tokio::process::Child,
}

impl Collector {
    /// Starts a collector on a free port with `--db db` and `args`; resolves once it listens.
    pub async fn start(db: &str, args: &[&str]) -> Collector {
        Collector::start_at("127.0.0.1:0", db, args).await
    }

    /// Starts a collector on `addr` (to restart one on the address it had).
    pub async fn start_at(addr: &str, db: &str, args: &[&str]) -> Collector {
        use tokio::io::AsyncBufReadExt;
        let mut child = tokio::process::Command::new(BIN)
            .args(["serve", "--addr", addr, "--db", db, "--www", "/nonexistent", "--pkg", "/nonexistent"])
            .args(args)
            // Errors only: tower-http logs every 503 of a database outage as one.
            .env("RUST_LOG", std::env::var("TOUCHPOINT_TEST_LOG").unwrap_or_else(|_| "error,tower_http=off".into()))
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let line = tokio::time::timeout(std::time::Duration::from_secs(20), lines.next_line())
            .await
            .expect("the collector did not start within 20 s")
            .unwrap()
            .expect("the collector exited before listening");
        // "Touchpoint is running: open http://127.0.0.1:PORT/ (stop with Ctrl-C)"
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_owned();
        Collector { url, db: db.to_owned(), args: args.iter().map(|a| (*a).to_owned()).collect(), child }
    }

    /// Starts it again on the same address, database and options (after a kill or a stop).
    pub async fn restart(&mut self) {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        *self = Collector::start_at(&self.addr(), &self.db, &args).await;
    }

    /// `host:port`, to restart on the same address.
    pub fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }

    /// SIGKILL: no graceful shutdown, requests in flight cut off.
    pub async fn kill(&mut self) {
        self.child.kill().await.unwrap();
    }

    /// SIGTERM, then the exit status once it has drained.
    pub async fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().unwrap().to_string();
        assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        tokio::time::timeout(std::time::Duration::from_secs(30), self.child.wait()).await.unwrap().unwrap()
    }
}

/// A minimal HTTP client for tests: one request, the whole answer.
#[derive(Clone)]
pub struct Http(
    hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        http_body_util::Full<axum::body::Bytes>,
    >,
);

/// An answer: status, headers and body text.
pub struct Answer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    /// `Retry-After` in seconds, if present.
    pub fn retry_after(&self) -> Option<u64> {
        self.headers.get("retry-after")?.to_str().ok()?.parse().ok()
    }
}

impl Default for Http {
    fn default() -> Self {
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
        Http(client)
    }
}

impl Http {
    /// Sends `method url` with `body`; `Err` for a transport failure (refused, reset, 10 s timeout).
    pub async fn send(&self, method: &str, url: &str, body: &str, headers: &[(&str, &str)]) -> Result<Answer, String> {
        use http_body_util::BodyExt;
        let mut req = axum::http::Request::builder().method(method).uri(url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(http_body_util::Full::new(axum::body::Bytes::from(body.to_owned()))).unwrap();
        let res = tokio::time::timeout(std::time::Duration::from_secs(10), self.0.request(req))
            .await
            .map_err(|_| "timeout".to_owned())?
            .map_err(|e| e.to_string())?;
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok(Answer {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: String::from_utf8_lossy(&bytes).into(),
        })
    }

    /// `POST /v1/submissions`.
    pub async fn post(&self, base: &str, body: &str) -> Result<Answer, String> {
        self.send("POST", &format!("{base}/v1/submissions"), body, &[("content-type", "text/plain;charset=UTF-8")])
            .await
    }

    /// `GET path`, which must answer.
    pub async fn get(&self, base: &str, path: &str) -> Answer {
        self.send("GET", &format!("{base}{path}"), "", &[]).await.unwrap()
    }
}

/// A valid submission body with id `00000000-0000-4000-8000-{n:012}` (`tag` keeps test runs apart).
pub fn submission(tag: u16, n: usize, site: &str) -> String {
    serde_json::json!({
        "v": 1, "id": submission_id(tag, n), "site": site, "touchpoint": "help-panel",
        "created_at": 1_795_000_000_000_i64,
        "answers": [{"kind": "csat", "question": "csat", "value": 1 + n % 5},
                    {"kind": "text", "question": "comment", "text": "Sorted out quickly."}]
    })
    .to_string()
}

/// The id [`submission`] uses.
pub fn submission_id(tag: u16, n: usize) -> String {
    format!("00000000-0000-4000-{:04x}-{n:012}", 0x8000 | tag)
}

/// Collector options for load and fault runs: rate limits far above the load (every
/// post comes from 127.0.0.1), so what is measured is the fault, not the limiter.
pub fn unlimited(dir: &tempfile::TempDir) -> [String; 2] {
    let path = dir.path().join("sites.json");
    let limit = r#"{"per_minute": 10000000, "burst": 10000000}"#;
    std::fs::write(&path, format!(r#"{{"rate_limits": {{"per_ip": {limit}, "per_site": {limit}}}}}"#)).unwrap();
    ["--sites".to_owned(), path.display().to_string()]
}

/// A read key for `site`, stored in `db` as `touchpoint key add` stores one.
pub async fn read_key(db: &Db, site: &str) -> String {
    let (key, stored) = touchpoint_collector::studio::new_key(site, 0).unwrap();
    db.create_key(stored).await.unwrap();
    key
}

/// Every row of `table` as text, read straight from the database (not through the
/// collector), so a test can say what is and is not stored.
pub async fn table_text(db: &TestDb, table: &str) -> String {
    match &db.target {
        Target::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).unwrap();
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let columns = stmt.column_count();
            let rows = stmt
                .query_map([], |row| {
                    Ok((0..columns)
                        .map(|i| match row.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                            other => format!("{other:?}"),
                        })
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap();
            rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
        }
        Target::Postgres(url) => {
            let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
            tokio::spawn(conn);
            let rows = client.query(&format!("SELECT t::text FROM {table} t"), &[]).await.unwrap();
            rows.iter().map(|r| r.get::<_, String>(0)).collect::<Vec<_>>().join("\n")
        }
    }
}

/// The real `touchpoint` binary, as a marketer or operator runs it.
pub fn touchpoint() -> std::process::Command {
    std::process::Command::new(BIN)
}
