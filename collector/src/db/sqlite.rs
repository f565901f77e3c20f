//! The SQLite backend: one file, one collector process.
//!
//! Every write goes through one writer thread on one connection: inserts are
//! committed together, whatever has queued up, as a single transaction (group
//! commit), so under load many requests share one commit, and each request is
//! answered only after its row is committed. Other writes (forget, purge,
//! import) are jobs on the same thread, so no two writers contend for the lock.
//! Reads use their own connection; WAL lets them run beside the writer.

use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, params};

mod studio;

use super::facts::{Cell, DailySums, Param, Sql};
use super::{Imported, PromiseCounts, Stored, StoredRow, admit, check_not_newer, listed, sql_limit};
use crate::error::{Error, Result};
use crate::overload::{Budget, Held};

/// Schema changes, applied in order; `PRAGMA user_version` records how many ran.
/// Append only: never edit a migration that has shipped. Version N means the same
/// schema on both backends (see `postgres::MIGRATIONS`).
pub(super) const MIGRATIONS: &[&str] = &[
    "CREATE TABLE submissions (
        id          TEXT    PRIMARY KEY NOT NULL,  -- client UUID, the idempotency key
        site        TEXT    NOT NULL,
        touchpoint  TEXT    NOT NULL,
        created_at  INTEGER NOT NULL,              -- visitor's clock, ms since epoch
        received_at INTEGER NOT NULL,              -- our clock, ms since epoch
        body        TEXT    NOT NULL               -- the validated submission as JSON
    ) STRICT;
    CREATE INDEX submissions_by_site ON submissions (site, received_at);",
    // The journey id, so "forget me" finds a journey's rows without reading every body.
    "ALTER TABLE submissions ADD COLUMN journey TEXT;
    UPDATE submissions SET journey = json_extract(body, '$.journey.id');
    CREATE INDEX submissions_by_journey ON submissions (journey) WHERE journey IS NOT NULL;",
    // Studio and the read API's credentials (db::studio): secrets only as hashes.
    "CREATE TABLE users (
        email         TEXT    PRIMARY KEY NOT NULL,     -- lower case
        role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        sites         TEXT,                             -- JSON array of site ids; NULL: every site
        password_hash TEXT    NOT NULL,                 -- argon2id PHC string, never the password
        created_at    INTEGER NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE TABLE sessions (
        token_hash TEXT    PRIMARY KEY NOT NULL,        -- SHA-256 of the cookie's token, hex
        email      TEXT    NOT NULL REFERENCES users (email) ON DELETE CASCADE,
        csrf       TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        seen_at    INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX sessions_by_user ON sessions (email);
    CREATE INDEX sessions_by_expiry ON sessions (expires_at);
    CREATE TABLE api_keys (
        id           TEXT    PRIMARY KEY NOT NULL,
        key_hash     TEXT    NOT NULL UNIQUE,           -- SHA-256 of the key, hex
        prefix       TEXT    NOT NULL,
        site         TEXT    NOT NULL,
        scope        TEXT    NOT NULL CHECK (scope IN ('read')),
        created_at   INTEGER NOT NULL,
        last_used_at INTEGER
    ) STRICT;
    CREATE INDEX api_keys_by_site ON api_keys (site);
    CREATE TABLE sites (
        id             TEXT    PRIMARY KEY NOT NULL,
        origins        TEXT    NOT NULL,                -- JSON array
        retention_days INTEGER,
        created_at     INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE config_versions (
        site       TEXT    NOT NULL REFERENCES sites (id),
        version    INTEGER NOT NULL,
        document   TEXT    NOT NULL,                    -- exactly as published
        author     TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        note       TEXT,
        PRIMARY KEY (site, version)
    ) STRICT;
    CREATE TABLE drafts (
        site         TEXT    NOT NULL,
        email        TEXT    NOT NULL REFERENCES users (email) ON DELETE CASCADE,
        document     TEXT    NOT NULL,
        base_version INTEGER,
        updated_at   INTEGER NOT NULL,
        PRIMARY KEY (site, email)
    ) STRICT;",
    // Insights (db::facts): the columns its figures select and group on, taken out of the body
    // on insert and back-filled here by the same rules; one row per answer (per chosen option);
    // daily sums of both for the whole days of a range (PostgreSQL reads the rows themselves:
    // its collectors would contend for the same sum rows, and it scans in parallel).
    "ALTER TABLE submissions ADD COLUMN day INTEGER;
    ALTER TABLE submissions ADD COLUMN stage TEXT;
    ALTER TABLE submissions ADD COLUMN score REAL;
    ALTER TABLE submissions ADD COLUMN jscore REAL;
    ALTER TABLE submissions ADD COLUMN moved_most TEXT;
    ALTER TABLE submissions ADD COLUMN moved_by REAL;
    ALTER TABLE submissions ADD COLUMN label TEXT;
    ALTER TABLE submissions ADD COLUMN lang TEXT;
    ALTER TABLE submissions ADD COLUMN channel TEXT;
    ALTER TABLE submissions ADD COLUMN outcome TEXT;
    ALTER TABLE submissions ADD COLUMN promised_ms INTEGER;
    ALTER TABLE submissions ADD COLUMN replied_ms INTEGER;
    ALTER TABLE submissions ADD COLUMN generated INTEGER NOT NULL DEFAULT 0;
    UPDATE submissions SET
        day = received_at / 86400000,
        stage = json_extract(body, '$.stage'),
        score = json_extract(body, '$.score'),
        jscore = json_extract(body, '$.journey.score'),
        moved_most = json_extract(body, '$.journey.moved_most'),
        moved_by = json_extract(body, '$.journey.moved_by'),
        label = json_extract(body, '$.sentiment.label'),
        lang = json_extract(body, '$.sentiment.lang'),
        channel = json_extract(body, '$.follow_up.channel'),
        outcome = json_extract(body, '$.follow_up.outcome'),
        promised_ms = json_extract(body, '$.follow_up.promised_by') - json_extract(body, '$.follow_up.contacted_at'),
        replied_ms = json_extract(body, '$.follow_up.replied_at') - json_extract(body, '$.follow_up.contacted_at');
    CREATE INDEX submissions_insights ON submissions (site, day, stage, received_at, touchpoint, channel, lang,
        label, score, jscore, moved_most, moved_by, outcome, promised_ms, replied_ms);
    CREATE INDEX submissions_generated ON submissions (site) WHERE generated = 1;
    CREATE TABLE answers (
        submission  TEXT    NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        site        TEXT    NOT NULL,
        day         INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        question    TEXT    NOT NULL,
        kind        TEXT    NOT NULL,
        value       INTEGER,              -- ratings as given; thumbs 1 up, 0 down
        option      TEXT,                 -- a chosen option
        first       INTEGER NOT NULL,     -- 1 on an answer's first row (a multiple choice has one per option)
        stage       TEXT,
        touchpoint  TEXT    NOT NULL,
        channel     TEXT,
        lang        TEXT,
        label       TEXT
    ) STRICT;
    CREATE INDEX answers_insights ON answers (site, day, question, kind, value, option, received_at, first,
        stage, touchpoint, channel, lang, label);
    CREATE INDEX answers_by_submission ON answers (submission, question);
    INSERT INTO answers
    SELECT s.id, s.site, s.day, s.received_at, json_extract(a.value, '$.question'), json_extract(a.value, '$.kind'),
           CASE json_extract(a.value, '$.kind') WHEN 'thumbs' THEN json_extract(a.value, '$.up')
                ELSE json_extract(a.value, '$.value') END,
           json_extract(a.value, '$.option'), 1, s.stage, s.touchpoint, s.channel, s.lang, s.label
    FROM submissions s, json_each(s.body, '$.answers') a
    WHERE json_extract(a.value, '$.kind') <> 'multiple_choice';
    INSERT INTO answers
    SELECT s.id, s.site, s.day, s.received_at, json_extract(a.value, '$.question'), 'multiple_choice', NULL,
           o.value, o.key = 0, s.stage, s.touchpoint, s.channel, s.lang, s.label
    FROM submissions s, json_each(s.body, '$.answers') a, json_each(a.value, '$.options') o
    WHERE json_extract(a.value, '$.kind') = 'multiple_choice';
    CREATE TABLE goals (
        site       TEXT    NOT NULL,
        metric     TEXT    NOT NULL,
        target     REAL    NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT    NOT NULL,
        PRIMARY KEY (site, metric)
    ) STRICT;
    -- Daily sums for whole days of a range: each group commit adds its rows' sums (commit()),
    -- the triggers below take deleted rows out (forget, purge, cascades included); one row
    -- per day and combination of the filters.
    CREATE TABLE daily_subs (
        site TEXT NOT NULL, day INTEGER NOT NULL, stage TEXT NOT NULL, touchpoint TEXT NOT NULL,
        channel TEXT NOT NULL, lang TEXT NOT NULL, label TEXT NOT NULL,   -- '' for none
        n INTEGER NOT NULL, score_sum REAL NOT NULL, scored INTEGER NOT NULL,
        jscore_sum REAL NOT NULL, journeys INTEGER NOT NULL,
        on_time INTEGER NOT NULL, late INTEGER NOT NULL, no_reply INTEGER NOT NULL,
        promised_sum INTEGER NOT NULL, promised_n INTEGER NOT NULL, replied_sum INTEGER NOT NULL, replied_n INTEGER NOT NULL,
        PRIMARY KEY (site, day, stage, touchpoint, channel, lang, label)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE daily_movers (
        site TEXT NOT NULL, day INTEGER NOT NULL, stage TEXT NOT NULL, touchpoint TEXT NOT NULL,
        channel TEXT NOT NULL, lang TEXT NOT NULL, label TEXT NOT NULL, moved_most TEXT NOT NULL,
        n INTEGER NOT NULL, moved_by_sum REAL NOT NULL,
        PRIMARY KEY (site, day, stage, touchpoint, channel, lang, label, moved_most)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE daily_answers (
        site TEXT NOT NULL, day INTEGER NOT NULL, question TEXT NOT NULL, kind TEXT NOT NULL,
        value INTEGER NOT NULL, option TEXT NOT NULL,                     -- -1 and '' for none
        stage TEXT NOT NULL, touchpoint TEXT NOT NULL, channel TEXT NOT NULL, lang TEXT NOT NULL, label TEXT NOT NULL,
        n INTEGER NOT NULL, first_n INTEGER NOT NULL,
        PRIMARY KEY (site, day, question, kind, value, option, stage, touchpoint, channel, lang, label)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO daily_subs
    SELECT s.site, s.day, COALESCE(s.stage, ''), s.touchpoint, COALESCE(s.channel, ''), COALESCE(s.lang, ''), COALESCE(s.label, ''), COUNT(*), TOTAL(score), COUNT(score), TOTAL(jscore), COUNT(jscore),
           SUM(outcome IS 'on_time'), SUM(outcome IS 'late'), SUM(outcome IS 'no_reply'),
           COALESCE(SUM(promised_ms), 0), COUNT(promised_ms), COALESCE(SUM(replied_ms), 0), COUNT(replied_ms)
    FROM submissions s GROUP BY 1, 2, 3, 4, 5, 6, 7;
    INSERT INTO daily_movers
    SELECT s.site, s.day, COALESCE(s.stage, ''), s.touchpoint, COALESCE(s.channel, ''), COALESCE(s.lang, ''), COALESCE(s.label, ''), moved_most, COUNT(*), TOTAL(moved_by)
    FROM submissions s WHERE moved_most IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    INSERT INTO daily_answers
    SELECT a.site, a.day, a.question, a.kind, COALESCE(a.value, -1), COALESCE(a.option, ''), COALESCE(a.stage, ''),
           a.touchpoint, COALESCE(a.channel, ''), COALESCE(a.lang, ''), COALESCE(a.label, ''), COUNT(*), SUM(a.first)
    FROM answers a GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
    CREATE TRIGGER submissions_rollup_delete AFTER DELETE ON submissions BEGIN
        UPDATE daily_subs SET n = n - 1, score_sum = score_sum - COALESCE(OLD.score, 0),
            scored = scored - (OLD.score IS NOT NULL), jscore_sum = jscore_sum - COALESCE(OLD.jscore, 0),
            journeys = journeys - (OLD.jscore IS NOT NULL), on_time = on_time - (OLD.outcome IS 'on_time'),
            late = late - (OLD.outcome IS 'late'), no_reply = no_reply - (OLD.outcome IS 'no_reply'),
            promised_sum = promised_sum - COALESCE(OLD.promised_ms, 0), promised_n = promised_n - (OLD.promised_ms IS NOT NULL),
            replied_sum = replied_sum - COALESCE(OLD.replied_ms, 0), replied_n = replied_n - (OLD.replied_ms IS NOT NULL)
        WHERE site = OLD.site AND day = OLD.day AND stage = COALESCE(OLD.stage, '') AND touchpoint = OLD.touchpoint AND channel = COALESCE(OLD.channel, '') AND lang = COALESCE(OLD.lang, '') AND label = COALESCE(OLD.label, '');
        UPDATE daily_movers SET n = n - 1, moved_by_sum = moved_by_sum - COALESCE(OLD.moved_by, 0)
        WHERE site = OLD.site AND day = OLD.day AND stage = COALESCE(OLD.stage, '') AND touchpoint = OLD.touchpoint AND channel = COALESCE(OLD.channel, '') AND lang = COALESCE(OLD.lang, '') AND label = COALESCE(OLD.label, '') AND moved_most = OLD.moved_most;
    END;
    CREATE TRIGGER answers_rollup_delete AFTER DELETE ON answers BEGIN
        UPDATE daily_answers SET n = n - 1, first_n = first_n - OLD.first
        WHERE site = OLD.site AND day = OLD.day AND stage = COALESCE(OLD.stage, '') AND touchpoint = OLD.touchpoint AND channel = COALESCE(OLD.channel, '') AND lang = COALESCE(OLD.lang, '') AND label = COALESCE(OLD.label, '') AND question = OLD.question AND kind = OLD.kind AND value = COALESCE(OLD.value, -1)
            AND option = COALESCE(OLD.option, '');
    END;",
];

/// Most rows one group commit takes; bounds the latency of the first in line.
const MAX_BATCH: usize = 512;

/// One queued insert, where to send its outcome, and its place in the queue (given
/// back once answered).
struct Insert {
    row: StoredRow,
    reply: tokio::sync::oneshot::Sender<Result<Stored>>,
    _queued: Held,
}

/// What the writer thread does next.
enum Job {
    Insert(Insert),
    /// Any other write, on the writer's connection; the closure answers its own caller.
    Run(Box<dyn FnOnce(&mut Connection) + Send>),
}

/// A handle on the database file: a queue to the writer thread and a reading connection.
/// The channel itself is unbounded; what requests may put on it is bounded by `queue`.
pub struct SqliteDb {
    read: Arc<Mutex<Connection>>,
    jobs: mpsc::Sender<Job>,
    pub(super) queue: Budget,
}

fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Off by default in SQLite; on, as PostgreSQL always is, so both refuse the same rows.
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock leaves SQLite consistent (transactions roll back), so carry on.
    conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl SqliteDb {
    /// Opens (creating if needed) the database at `path`, brings its schema up to
    /// date, and starts the writer thread (it ends when the handle is dropped).
    pub fn open(path: &Path, queue: Budget) -> Result<SqliteDb> {
        let mut writer = connect(path)?;
        migrate(&mut writer)?;
        let read = connect(path)?;
        let (jobs, pending) = mpsc::channel();
        std::thread::Builder::new().name("touchpoint-db-writer".into()).spawn(move || write_loop(writer, &pending))?;
        Ok(SqliteDb { read: Arc::new(Mutex::new(read)), jobs, queue })
    }

    /// Runs `f` on the reading connection, off the async runtime.
    async fn read<T: Send + 'static>(&self, f: impl FnOnce(&Connection) -> Result<T> + Send + 'static) -> Result<T> {
        let conn = self.read.clone();
        tokio::task::spawn_blocking(move || f(&lock(&conn))).await?
    }

    /// Runs `f` on the writer thread, between group commits.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (reply, outcome) = tokio::sync::oneshot::channel();
        let job = Job::Run(Box::new(move |conn| {
            // The caller may have gone: the write is done all the same.
            let _ = reply.send(f(conn));
        }));
        self.jobs.send(job).map_err(|_| Error::WriterGone)?;
        outcome.await.map_err(|_| Error::WriterGone)?
    }

    pub async fn schema_version(&self) -> Result<usize> {
        self.read(|conn| Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)).await
    }

    pub async fn insert(&self, row: StoredRow) -> Result<Stored> {
        let queued = admit(&self.queue, row.body.len())?;
        let (reply, outcome) = tokio::sync::oneshot::channel();
        self.jobs.send(Job::Insert(Insert { row, reply, _queued: queued })).map_err(|_| Error::WriterGone)?;
        outcome.await.map_err(|_| Error::WriterGone)?
    }

    pub async fn list(&self, site: &str, limit: usize) -> Result<Vec<serde_json::Value>> {
        let site = site.to_owned();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, body, received_at FROM submissions WHERE site = ?1
                 ORDER BY received_at DESC, rowid DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![site, sql_limit(limit)], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?))
            })?;
            rows.map(|row| {
                let (id, body, received_at) = row?;
                listed(id, &body, received_at)
            })
            .collect()
        })
        .await
    }

    pub(super) async fn promises(&self, site: &str) -> Result<Vec<PromiseCounts>> {
        let site = site.to_owned();
        self.read(move |conn| {
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
                Ok(PromiseCounts {
                    channel: row.get(0)?,
                    asked: row.get(1)?,
                    on_time: row.get(2)?,
                    late: row.get(3)?,
                    no_reply: row.get(4)?,
                    mean_score: row.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn count_id(&self, id: &str) -> Result<usize> {
        let id = id.to_owned();
        self.read(move |conn| {
            Ok(conn.query_row("SELECT COUNT(*) FROM submissions WHERE id = ?1", [id], |row| row.get(0))?)
        })
        .await
    }

    pub async fn count_all(&self) -> Result<usize> {
        self.read(|conn| Ok(conn.query_row("SELECT COUNT(*) FROM submissions", [], |row| row.get(0))?)).await
    }

    /// A visitor's request, so it waits in the write queue like an insert and is refused when it is full.
    pub async fn forget_journey(&self, journey: &str) -> Result<u64> {
        let queued = admit(&self.queue, journey.len())?;
        let journey = journey.to_owned();
        self.write(move |conn| {
            let _queued = queued;
            Ok(conn.execute("DELETE FROM submissions WHERE journey = ?1", [journey])? as u64)
        })
        .await
    }

    pub async fn purge_chunk(&self, site: &str, before: i64, chunk: usize) -> Result<u64> {
        let site = site.to_owned();
        self.write(move |conn| {
            let n = conn.execute(
                "DELETE FROM submissions WHERE rowid IN
                   (SELECT rowid FROM submissions WHERE site = ?1 AND received_at < ?2 LIMIT ?3)",
                params![site, before, sql_limit(chunk)],
            )?;
            Ok(n as u64)
        })
        .await
    }

    pub async fn ping(&self) -> Result<()> {
        self.read(|conn| Ok(conn.query_row("SELECT 1", [], |_| Ok(()))?)).await
    }

    pub async fn export_page(&self, after: Option<(i64, String)>, limit: usize) -> Result<Vec<StoredRow>> {
        self.read(move |conn| {
            let (at, id) = after.unwrap_or((i64::MIN, String::new()));
            let mut stmt = conn.prepare_cached(
                "SELECT id, site, touchpoint, journey, created_at, received_at, body, generated FROM submissions
                 WHERE received_at > ?1 OR (received_at = ?1 AND id > ?2)
                 ORDER BY received_at, id LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![at, id, sql_limit(limit)], |row| {
                Ok(StoredRow {
                    id: row.get(0)?,
                    site: row.get(1)?,
                    touchpoint: row.get(2)?,
                    journey: row.get(3)?,
                    created_at: row.get(4)?,
                    received_at: row.get(5)?,
                    body: row.get(6)?,
                    generated: row.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn cells(&self, sql: Sql) -> Result<Vec<Vec<Cell>>> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&sql.text)?;
            let width = stmt.column_count();
            let mut rows = stmt.query(rusqlite::params_from_iter(sql.params.iter().map(value)))?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                out.push((0..width).map(|i| row.get_ref(i).map(cell)).collect::<rusqlite::Result<Vec<_>>>()?);
            }
            Ok(out)
        })
        .await
    }

    pub async fn execute_all(&self, statements: Vec<Sql>) -> Result<Vec<u64>> {
        self.write(move |conn| {
            let tx = conn.transaction()?;
            let changed = statements
                .iter()
                .map(|sql| Ok(tx.execute(&sql.text, rusqlite::params_from_iter(sql.params.iter().map(value)))? as u64))
                .collect::<Result<Vec<_>>>()?;
            tx.commit()?;
            Ok(changed)
        })
        .await
    }

    pub async fn import(&self, rows: Vec<StoredRow>) -> Result<Imported> {
        self.write(move |conn| {
            let stored = commit(conn, rows.iter())?;
            let created = stored.iter().filter(|s| **s == Stored::Created).count() as u64;
            Ok(Imported { created, duplicates: rows.len() as u64 - created })
        })
        .await
    }
}

fn value(p: &Param) -> rusqlite::types::Value {
    match p {
        Param::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Param::Int(n) => rusqlite::types::Value::Integer(*n),
        Param::Real(x) => rusqlite::types::Value::Real(*x),
    }
}

fn cell(v: rusqlite::types::ValueRef<'_>) -> Cell {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(n) => Cell::Int(n),
        ValueRef::Real(x) => Cell::Real(x),
        ValueRef::Text(t) | ValueRef::Blob(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let done: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    check_not_newer(done, MIGRATIONS.len())?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let version = i + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql).map_err(|e| Error::Migration { version, message: e.to_string() })?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(version, backend = "sqlite", "applied database migration");
    }
    Ok(())
}

/// The writer thread: waits for a job; for an insert, takes whatever other inserts have
/// queued (up to [`MAX_BATCH`]), commits them together, then answers each.
fn write_loop(mut conn: Connection, queue: &mpsc::Receiver<Job>) {
    let mut next = None;
    while let Some(job) = next.take().or_else(|| queue.recv().ok()) {
        let first = match job {
            Job::Run(f) => {
                f(&mut conn);
                continue;
            }
            Job::Insert(first) => first,
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(Job::Insert(insert)) => batch.push(insert),
                Ok(other) => {
                    next = Some(other);
                    break;
                }
                Err(_) => break,
            }
        }
        match commit(&mut conn, batch.iter().map(|i| &i.row)) {
            Ok(outcomes) => batch.into_iter().zip(outcomes).for_each(|(i, stored)| {
                // The waiter may have gone (request cancelled): the row is committed all the same.
                let _ = i.reply.send(Ok(stored));
            }),
            Err(e) => {
                tracing::error!(error = %e, rows = batch.len(), "group commit failed");
                batch.into_iter().for_each(|i| {
                    let _ = i.reply.send(Err(e.shared()));
                });
            }
        }
    }
}

/// Inserts `rows` in one transaction, each unless its id is already stored, with its
/// Insights columns and answer rows ([`Facts`]).
fn commit<'a>(conn: &mut Connection, rows: impl Iterator<Item = &'a StoredRow>) -> Result<Vec<Stored>> {
    let tx = conn.transaction()?;
    let mut sums = DailySums::default();
    let outcomes = {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO submissions (id, site, touchpoint, journey, created_at, received_at, body, day, stage, score,
                 jscore, moved_most, moved_by, label, lang, channel, outcome, promised_ms, replied_ms, generated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
             ON CONFLICT (id) DO NOTHING",
        )?;
        let mut answer = tx.prepare_cached(
            "INSERT INTO answers (submission, site, day, received_at, question, kind, value, option, first, stage,
                 touchpoint, channel, lang, label)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        rows.map(|r| {
            let f = r.facts();
            let changed = stmt.execute(params![
                r.id,
                r.site,
                r.touchpoint,
                r.journey,
                r.created_at,
                r.received_at,
                r.body,
                f.day,
                f.stage,
                f.score,
                f.jscore,
                f.moved_most,
                f.moved_by,
                f.label,
                f.lang,
                f.channel,
                f.outcome,
                f.promised_ms,
                f.replied_ms,
                r.generated,
            ])?;
            if changed != 1 {
                return Ok(Stored::Duplicate);
            }
            sums.add(&r.site, &r.touchpoint, &f);
            for a in &f.answers {
                answer.execute(params![
                    r.id,
                    r.site,
                    f.day,
                    r.received_at,
                    a.question,
                    a.kind,
                    a.value,
                    a.option,
                    a.first,
                    f.stage,
                    r.touchpoint,
                    f.channel,
                    f.lang,
                    f.label
                ])?;
            }
            Ok(Stored::Created)
        })
        .collect::<Result<Vec<_>>>()?
    };
    add_sums(&tx, &sums)?;
    tx.commit()?;
    Ok(outcomes)
}

/// Adds a batch's daily sums, one upsert per sum row.
fn add_sums(tx: &rusqlite::Transaction<'_>, sums: &DailySums) -> Result<()> {
    let mut subs = tx.prepare_cached(
        "INSERT INTO daily_subs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
         ON CONFLICT DO UPDATE SET n = n + excluded.n, score_sum = score_sum + excluded.score_sum,
             scored = scored + excluded.scored, jscore_sum = jscore_sum + excluded.jscore_sum,
             journeys = journeys + excluded.journeys, on_time = on_time + excluded.on_time,
             late = late + excluded.late, no_reply = no_reply + excluded.no_reply,
             promised_sum = promised_sum + excluded.promised_sum, promised_n = promised_n + excluded.promised_n,
             replied_sum = replied_sum + excluded.replied_sum, replied_n = replied_n + excluded.replied_n",
    )?;
    for (k, s) in &sums.subs {
        subs.execute(params![
            k.site,
            k.day,
            k.stage,
            k.touchpoint,
            k.channel,
            k.lang,
            k.label,
            s.n,
            s.score_sum,
            s.scored,
            s.jscore_sum,
            s.journeys,
            s.on_time,
            s.late,
            s.no_reply,
            s.promised_sum,
            s.promised_n,
            s.replied_sum,
            s.replied_n
        ])?;
    }
    let mut movers = tx.prepare_cached(
        "INSERT INTO daily_movers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT DO UPDATE SET n = n + excluded.n, moved_by_sum = moved_by_sum + excluded.moved_by_sum",
    )?;
    for ((k, moved_most), (n, by)) in &sums.movers {
        movers.execute(params![k.site, k.day, k.stage, k.touchpoint, k.channel, k.lang, k.label, moved_most, n, by])?;
    }
    let mut answers = tx.prepare_cached(
        "INSERT INTO daily_answers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT DO UPDATE SET n = n + excluded.n, first_n = first_n + excluded.first_n",
    )?;
    for ((k, question, kind, value, option), (n, first)) in &sums.answers {
        answers.execute(params![
            k.site,
            k.day,
            question,
            kind,
            value,
            option,
            k.stage,
            k.touchpoint,
            k.channel,
            k.lang,
            k.label,
            n,
            first
        ])?;
    }
    Ok(())
}
