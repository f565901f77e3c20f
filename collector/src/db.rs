//! The SQLite store. Submissions are keyed by their client-generated UUID, so a
//! retried post is answered as a success and stored once.
//!
//! Writes go through one writer thread that commits whatever has queued up as a
//! single transaction (group commit): under load, many requests share one
//! commit, and each request is answered only after its row is committed.
//! Reads use their own connection; WAL lets them run beside the writer.

use std::path::Path;
use std::sync::mpsc;
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

/// Most rows one group commit takes; bounds the latency of the first in line.
const MAX_BATCH: usize = 512;

/// One queued insert and where to send its outcome.
struct Write {
    submission: Submission,
    received_at: i64,
    reply: Reply,
}

/// Where the writer thread answers: an async waiter (request handlers) or a blocking one.
enum Reply {
    Async(tokio::sync::oneshot::Sender<Result<Stored>>),
    Blocking(mpsc::Sender<Result<Stored>>),
}

impl Reply {
    fn send(self, outcome: Result<Stored>) {
        // The waiter may have gone (request cancelled): the row is committed all the same.
        let _ = match self {
            Reply::Async(tx) => tx.send(outcome).map_err(drop),
            Reply::Blocking(tx) => tx.send(outcome).map_err(drop),
        };
    }
}

/// A handle on the database file: a queue to the writer thread and a reading connection.
pub struct Db {
    read: Mutex<Connection>,
    writes: mpsc::Sender<Write>,
}

fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

impl Db {
    /// Opens (creating if needed) the database at `path`, brings its schema up to
    /// date, and starts the writer thread (it ends when the `Db` is dropped).
    pub fn open(path: &Path) -> Result<Db> {
        let mut writer = connect(path)?;
        migrate(&mut writer)?;
        let read = connect(path)?;
        let (writes, queue) = mpsc::channel();
        std::thread::Builder::new().name("touchpoint-db-writer".into()).spawn(move || write_loop(writer, &queue))?;
        Ok(Db { read: Mutex::new(read), writes })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back), so carry on.
        self.read.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The schema version after migrations.
    pub fn schema_version(&self) -> Result<usize> {
        Ok(self.conn().pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Stores a validated submission unless its id is already stored; answers once committed.
    pub async fn insert(&self, submission: Submission, received_at: i64) -> Result<Stored> {
        let (reply, outcome) = tokio::sync::oneshot::channel();
        self.queue(Write { submission, received_at, reply: Reply::Async(reply) })?;
        outcome.await.map_err(|_| Error::WriterGone)?
    }

    /// [`Db::insert`] for callers outside an async runtime (tools, tests).
    pub fn insert_blocking(&self, submission: Submission, received_at: i64) -> Result<Stored> {
        let (reply, outcome) = mpsc::channel();
        self.queue(Write { submission, received_at, reply: Reply::Blocking(reply) })?;
        outcome.recv().map_err(|_| Error::WriterGone)?
    }

    fn queue(&self, write: Write) -> Result<()> {
        self.writes.send(write).map_err(|_| Error::WriterGone)
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

    /// Promised against reported reply times of `site`, per channel: how the visitors who
    /// were asked in a contact follow-up said each channel kept its promise, and how
    /// satisfied they were (the mean touchpoint score, in [-1, 1]).
    pub fn promises(&self, site: &str) -> Result<Vec<Value>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT json_extract(body, '$.follow_up.channel') AS channel,
                    COUNT(*),
                    SUM(json_extract(body, '$.follow_up.outcome') = 'on_time'),
                    SUM(json_extract(body, '$.follow_up.outcome') = 'late'),
                    SUM(json_extract(body, '$.follow_up.outcome') = 'no_reply'),
                    AVG(json_extract(body, '$.score'))
             FROM submissions
             WHERE site = ?1 AND json_extract(body, '$.follow_up') IS NOT NULL
             GROUP BY channel ORDER BY channel",
        )?;
        let rows = stmt.query_map(params![site], |row| {
            let asked: i64 = row.get(1)?;
            let on_time: i64 = row.get(2)?;
            Ok(serde_json::json!({
                "channel": row.get::<_, String>(0)?,
                "asked": asked,
                "on_time": on_time,
                "late": row.get::<_, i64>(3)?,
                "no_reply": row.get::<_, i64>(4)?,
                // Share of the asked who got their reply by the promised time.
                "kept": touchpoint_core::wire::wire_score(on_time as f64 / asked.max(1) as f64),
                "mean_score": row.get::<_, Option<f64>>(5)?.map(touchpoint_core::wire::wire_score),
            }))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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

fn migrate(conn: &mut Connection) -> Result<()> {
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

/// The writer thread: waits for one write, takes whatever else has queued (up to
/// [`MAX_BATCH`]), commits them together, then answers each.
fn write_loop(mut conn: Connection, queue: &mpsc::Receiver<Write>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        batch.extend(queue.try_iter().take(MAX_BATCH - 1));
        match commit(&mut conn, &batch) {
            Ok(outcomes) => batch.into_iter().zip(outcomes).for_each(|(w, stored)| w.reply.send(Ok(stored))),
            Err(e) => {
                tracing::error!(error = %e, rows = batch.len(), "group commit failed");
                let message = e.to_string();
                batch.into_iter().for_each(|w| w.reply.send(Err(Error::Write(message.clone()))));
            }
        }
    }
}

fn commit(conn: &mut Connection, batch: &[Write]) -> Result<Vec<Stored>> {
    let tx = conn.transaction()?;
    let outcomes = {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO submissions (id, site, touchpoint, created_at, received_at, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
        )?;
        batch
            .iter()
            .map(|w| {
                let s = &w.submission;
                let changed =
                    stmt.execute(params![s.id, s.site, s.touchpoint, s.created_at, w.received_at, s.to_json()])?;
                Ok(if changed == 1 { Stored::Created } else { Stored::Duplicate })
            })
            .collect::<Result<Vec<_>>>()?
    };
    tx.commit()?;
    Ok(outcomes)
}
