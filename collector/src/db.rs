//! The submission store: one interface, two backends. SQLite (one file, one
//! process) is the embedded default; PostgreSQL lets any number of collectors
//! share one database. Submissions are keyed by their client-generated UUID on
//! both, so a retried post is answered as a success and stored once, also when
//! two collectors receive the same id at the same moment.
//!
//! Each backend lives in its own module with the same methods; [`Db`] forwards
//! to them, so a query added for one backend does not compile until the other
//! has it too. Studio's tables (accounts, sessions, keys, sites, configuration
//! versions, drafts) are in `db/studio.rs` and each backend's `studio` submodule the
//! same way: a migration in each backend's list, the method on each backend, one
//! forwarding line on [`Db`].

pub mod facts;
mod postgres;
mod sqlite;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde_json::Value;
use touchpoint_core::Submission;
use touchpoint_core::wire::WireError;

use crate::error::{Error, Result};
use crate::overload::Budget;

/// Where the data lives, as given by `--db` or `TOUCHPOINT_DB`: a `postgres://` or
/// `postgresql://` URL, or else a SQLite file (created on first use; `sqlite://` may prefix it).
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    /// A SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (libpq's URL form; `?options=-c search_path=…` picks a schema).
    Postgres(String),
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Target, String> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            s.parse::<tokio_postgres::Config>().map_err(|e| format!("not a PostgreSQL URL: {e}"))?;
            Ok(Target::Postgres(s.to_owned()))
        } else {
            let path = s.strip_prefix("sqlite://").unwrap_or(s);
            if path.is_empty() {
                return Err("a SQLite file path or a postgres:// URL is required".into());
            }
            Ok(Target::Sqlite(PathBuf::from(path)))
        }
    }
}

/// Logs and messages show the target without its password.
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Sqlite(path) => write!(f, "{}", path.display()),
            Target::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// Whether a submission was new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// First time this id was seen: stored.
    Created,
    /// This id was stored before: nothing new stored.
    Duplicate,
}

/// One stored submission, as both backends keep it: the validated body's exact
/// text plus the columns queries select on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub id: String,
    pub site: String,
    pub touchpoint: String,
    /// The anonymous journey id (`journey.id`), what "forget me" deletes by.
    pub journey: Option<String>,
    /// The visitor's clock, ms since the epoch.
    pub created_at: i64,
    /// Our clock, ms since the epoch: listing order and retention go by it.
    pub received_at: i64,
    /// The submission as JSON.
    pub body: String,
    /// Made by `touchpoint seed-demo`, so `seed-demo --remove` can take it away again.
    pub generated: bool,
}

impl StoredRow {
    /// The row for a submission received now.
    pub fn new(submission: &Submission, received_at: i64) -> StoredRow {
        StoredRow::with_body(submission, submission.to_json(), received_at)
    }

    /// A row from a backup: the body is validated like a post and kept byte for byte.
    pub fn from_body(body: &str, received_at: i64) -> Result<StoredRow, WireError> {
        let submission = Submission::from_json(body.as_bytes())?;
        Ok(StoredRow::with_body(&submission, body.to_owned(), received_at))
    }

    fn with_body(s: &Submission, body: String, received_at: i64) -> StoredRow {
        StoredRow {
            id: s.id.clone(),
            site: s.site.clone(),
            touchpoint: s.touchpoint.clone(),
            journey: s.journey.as_ref().map(|j| j.id.clone()),
            created_at: s.created_at,
            received_at,
            body,
            generated: false,
        }
    }

    /// The columns Insights reads, from the body (empty if it no longer parses).
    pub fn facts(&self) -> facts::Facts {
        let body = serde_json::from_str(&self.body).unwrap_or(Value::Null);
        facts::Facts::of(&body, self.received_at)
    }
}

/// A listed response: the stored body with `received_at` added.
pub(crate) fn listed(id: String, body: &str, received_at: i64) -> Result<Value> {
    let mut value: Value = serde_json::from_str(body).map_err(|source| Error::Corrupt { id, source })?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("received_at".into(), received_at.into());
    }
    Ok(value)
}

/// What follow-ups reported about one channel, as both backends count it.
struct PromiseCounts {
    channel: String,
    asked: i64,
    on_time: i64,
    late: i64,
    no_reply: i64,
    mean_score: Option<f64>,
}

impl PromiseCounts {
    fn to_json(&self) -> Value {
        use touchpoint_core::wire::wire_score;
        serde_json::json!({
            "channel": self.channel,
            "asked": self.asked,
            "on_time": self.on_time,
            "late": self.late,
            "no_reply": self.no_reply,
            // Share of the asked who got their reply by the promised time.
            "kept": wire_score(self.on_time as f64 / self.asked.max(1) as f64),
            "mean_score": self.mean_score.map(wire_score),
        })
    }
}

/// How many rows an import added and how many it found already stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub created: u64,
    pub duplicates: u64,
}

/// Most rows one purge statement deletes, so a large purge never holds the
/// write lock (SQLite) or a long transaction (PostgreSQL) for long.
const PURGE_CHUNK: usize = 5_000;

/// How many writes may wait for the database at once, and how many bytes of rows
/// they hold; a write past either is refused at once ([`Error::Overloaded`]: 503
/// with `Retry-After`). A row is counted until its write is answered, also when
/// its client has gone, so the queue's memory is bounded whatever happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteQueue {
    pub rows: usize,
    pub bytes: usize,
}

impl Default for WriteQueue {
    /// 2,048 rows: four group commits of 512, about 0.1 s of work at the 18,000
    /// rows/s the ingest benchmark measures, so a healthy database never fills it,
    /// and a stuck one fills it within a second at 2,000 posts/s, after which posts
    /// are refused instead of waiting. 16 MiB: room for the rows of a full queue at
    /// 8 KiB each (a widget's submission is about 1 KB), and a bound when an attacker
    /// sends the largest bodies that validate.
    fn default() -> Self {
        WriteQueue { rows: 2_048, bytes: 16 * 1024 * 1024 }
    }
}

impl WriteQueue {
    fn budget(self) -> Budget {
        Budget::new(self.rows, self.bytes)
    }
}

/// Takes a place in a write queue for a row of `bytes`, or refuses at once.
fn admit(queue: &Budget, bytes: usize) -> Result<crate::overload::Held> {
    queue.try_hold(bytes).ok_or(Error::Overloaded("write"))
}

/// An open store.
pub enum Db {
    Sqlite(sqlite::SqliteDb),
    Postgres(postgres::PgDb),
}

/// Forwards a call to whichever backend is open.
macro_rules! each {
    ($self:ident, $db:ident => $call:expr) => {
        match $self {
            Db::Sqlite($db) => $call,
            Db::Postgres($db) => $call,
        }
    };
}

mod studio;
pub use studio::{
    ApiKey, Base, Counted, Draft, NewVersion, Published, Refused, Role, SessionRow, SiteRow, StudioImported,
    StudioRecords, User, UserChange, Version, VersionMeta,
};

impl Db {
    /// Opens the store, bringing its schema up to date; refuses a schema newer than this
    /// build knows ([`Error::SchemaTooNew`]), since an older collector could corrupt it.
    pub async fn open(target: &Target) -> Result<Db> {
        Db::open_with(target, WriteQueue::default()).await
    }

    /// [`Db::open`] with a write queue of the given size.
    pub async fn open_with(target: &Target, queue: WriteQueue) -> Result<Db> {
        let queue = queue.budget();
        Ok(match target {
            Target::Sqlite(path) => {
                let path = path.clone();
                Db::Sqlite(tokio::task::spawn_blocking(move || sqlite::SqliteDb::open(&path, queue)).await??)
            }
            Target::Postgres(url) => Db::Postgres(postgres::PgDb::open(url, queue).await?),
        })
    }

    /// Rows and bytes waiting to be written now (`/metrics`).
    pub fn queued(&self) -> (usize, usize) {
        each!(self, db => db.queue.in_use())
    }

    /// `sqlite` or `postgres`, for logs.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// How many migrations have run.
    pub async fn schema_version(&self) -> Result<usize> {
        each!(self, db => db.schema_version().await)
    }

    /// Stores a row unless its id is already stored; answers once committed, or at
    /// once with [`Error::Overloaded`] when the write queue is full.
    pub async fn insert(&self, row: StoredRow) -> Result<Stored> {
        each!(self, db => db.insert(row).await)
    }

    /// The newest `limit` submissions of `site`, newest first, each with `received_at` added.
    pub async fn list(&self, site: &str, limit: usize) -> Result<Vec<Value>> {
        each!(self, db => db.list(site, limit).await)
    }

    /// Promised against reported reply times of `site`, per channel: how the visitors who
    /// were asked in a contact follow-up said each channel kept its promise, and how
    /// satisfied they were (the mean touchpoint score, in [-1, 1]).
    pub async fn promises(&self, site: &str) -> Result<Vec<Value>> {
        let counts = each!(self, db => db.promises(site).await)?;
        Ok(counts.iter().map(PromiseCounts::to_json).collect())
    }

    /// How many rows hold this submission id (0 or 1; the fault suites check it).
    pub async fn count_id(&self, id: &str) -> Result<usize> {
        each!(self, db => db.count_id(id).await)
    }

    /// How many rows there are in all.
    pub async fn count_all(&self) -> Result<usize> {
        each!(self, db => db.count_all().await)
    }

    /// Deletes every submission of a journey (the visitor's "forget me"); how many went.
    pub async fn forget_journey(&self, journey: &str) -> Result<u64> {
        each!(self, db => db.forget_journey(journey).await)
    }

    /// Deletes the submissions of `site` received before `before` (ms), chunk by chunk.
    pub async fn purge(&self, site: &str, before: i64) -> Result<u64> {
        let mut total = 0;
        loop {
            let n = each!(self, db => db.purge_chunk(site, before, PURGE_CHUNK).await)?;
            total += n;
            if n < PURGE_CHUNK as u64 {
                return Ok(total);
            }
        }
    }

    /// Whether the database answers (`/readyz`).
    pub async fn ping(&self) -> Result<()> {
        each!(self, db => db.ping().await)
    }

    /// Up to `limit` rows in `(received_at, id)` order after `after`: the export's pages,
    /// the same order on both backends so an export is the same file wherever it came from.
    pub async fn export_page(&self, after: Option<(i64, String)>, limit: usize) -> Result<Vec<StoredRow>> {
        each!(self, db => db.export_page(after, limit).await)
    }

    /// Whether Insights' daily sums are kept (SQLite; see migration 4).
    pub fn has_daily_sums(&self) -> bool {
        matches!(self, Db::Sqlite(_))
    }

    /// Runs a read written once for both backends ([`facts::Sql`]), each row as cells.
    pub async fn cells(&self, sql: facts::Sql) -> Result<Vec<Vec<facts::Cell>>> {
        each!(self, db => db.cells(sql).await)
    }

    /// Runs statements written once for both backends in one transaction; how many rows each changed.
    pub async fn execute_all(&self, statements: Vec<facts::Sql>) -> Result<Vec<u64>> {
        each!(self, db => db.execute_all(statements).await)
    }

    /// Stores rows from a backup, skipping ids already stored.
    pub async fn import(&self, rows: Vec<StoredRow>) -> Result<Imported> {
        each!(self, db => db.import(rows).await)
    }
}

/// The one answer both backends give when the database holds a schema this build does not know.
fn check_not_newer(found: usize, known: usize) -> Result<()> {
    if found > known { Err(Error::SchemaTooNew { found, known }) } else { Ok(()) }
}

/// Clamps a row count for SQL's signed integers.
fn sql_limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_know_the_same_schema_versions() {
        assert_eq!(sqlite::MIGRATIONS.len(), postgres::MIGRATIONS.len());
    }

    #[test]
    fn targets_are_told_apart_by_their_scheme_and_shown_without_passwords() {
        let pg: Target = "postgres://tp:s3cret@db.internal:5432/touchpoint".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(pg, Target::Postgres(_)));
        assert_eq!(pg.to_string(), "postgres://tp:***@db.internal:5432/touchpoint");
        assert!(matches!("postgresql://tp@localhost/t".parse(), Ok(Target::Postgres(_))));
        assert_eq!("data/touchpoint.db".parse(), Ok(Target::Sqlite("data/touchpoint.db".into())));
        assert_eq!("sqlite://x.db".parse(), Ok(Target::Sqlite("x.db".into())));
        assert!("".parse::<Target>().is_err());
        assert!("postgres://tp@host:notaport/db".parse::<Target>().is_err());
    }
}
