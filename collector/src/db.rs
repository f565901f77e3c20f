//! The SQLite store. Submissions are keyed by their client-generated UUID, so a
//! retried post is answered as a success and stored once.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use touchpoint_core::Submission;

use crate::error::{Error, Result};

/// Schema changes, applied in order; `PRAGMA user_version` records how many ran.
/// Append only: never edit a migration that has shipped.
const MIGRATIONS: &[&str] = &["CREATE TABLE submissions (
        id          TEXT    PRIMARY KEY NOT NULL,  -- client UUID, the idempotency key
        site        TEXT    NOT NULL,
        touchpoint  TEXT    NOT NULL,
        created_at  INTEGER NOT NULL,              -- visitor's clock, ms since epoch
        received_at INTEGER NOT NULL,              -- our clock, ms since epoch
        body        TEXT    NOT NULL               -- the validated submission as JSON
    ) STRICT;
    CREATE INDEX submissions_by_site ON submissions (site, received_at);"];

/// Whether a submission was new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// First time this id was seen: stored.
    Created,
    /// This id was stored before: nothing new stored.
    Duplicate,
}

/// A handle on the database file. One connection behind a mutex: SQLite
/// serialises writers anyway, and WAL lets readers proceed.
pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let db = Db { conn: Mutex::new(conn) };
        db.migrate()?;
        Ok(db)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back), so carry on.
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn migrate(&self) -> Result<()> {
        let mut conn = self.conn();
        let done: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            let version = i + 1;
            let tx = conn.transaction()?;
            tx.execute_batch(sql).map_err(|source| Error::Migration { version, source })?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
            tracing::info!(version, "applied database migration");
        }
        Ok(())
    }

    /// The schema version after migrations.
    pub fn schema_version(&self) -> Result<usize> {
        Ok(self.conn().pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Stores a validated submission unless its id is already stored.
    pub fn insert(&self, s: &Submission, received_at: i64) -> Result<Stored> {
        let changed = self.conn().execute(
            "INSERT INTO submissions (id, site, touchpoint, created_at, received_at, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
            params![s.id, s.site, s.touchpoint, s.created_at, received_at, s.to_json()],
        )?;
        Ok(if changed == 1 { Stored::Created } else { Stored::Duplicate })
    }

    /// The newest `limit` submissions of `site`, newest first, each with `received_at` added.
    pub fn list(&self, site: &str, limit: usize) -> Result<Vec<Value>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, body, received_at FROM submissions WHERE site = ?1
             ORDER BY received_at DESC, rowid DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![site, i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?))
        })?;
        rows.map(|row| {
            let (id, body, received_at) = row?;
            let mut value: Value = serde_json::from_str(&body).map_err(|source| Error::Corrupt { id, source })?;
            if let Some(obj) = value.as_object_mut() {
                obj.insert("received_at".into(), received_at.into());
            }
            Ok(value)
        })
        .collect()
    }

    /// How many rows hold this submission id (0 or 1; the fault suites check it).
    pub fn count_id(&self, id: &str) -> Result<usize> {
        let n: Option<usize> = self
            .conn()
            .query_row("SELECT COUNT(*) FROM submissions WHERE id = ?1", [id], |row| row.get(0))
            .optional()?;
        Ok(n.unwrap_or(0))
    }
}
