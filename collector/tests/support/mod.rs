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
