//! Backup and moves between backends: `touchpoint export-all` writes everything
//! as JSON Lines, `touchpoint import` reads it back, on either backend.
//!
//! One JSON object per line, each with a `type`:
//!
//! - first, `{"type":"touchpoint-export","format":1}`;
//! - Studio's records, each type in its key's order: `site` (id, origins, retention_days,
//!   created_at), `user` (email, role, sites, password_hash, created_at, disabled: the
//!   argon2id *hash*, never a password), `api_key` (id, site, scope, prefix, key_hash,
//!   created_at, last_used_at: the key's SHA-256, never the key), `config_version` (site,
//!   version, author, created_at, note, document: the published text byte for byte, as a JSON string);
//! - `{"type":"submission","received_at":MS,"submission":{…}}`: the stored body byte for
//!   byte, in `(received_at, id)` order.
//!
//! So the same data exports to the same file from either backend. Sessions and drafts are
//! not exported (a restored database signs everyone in again). An import refuses a type or
//! format it does not know rather than drop data silently. Importing is idempotent: what is
//! already stored (by id, email, or site and version) is skipped.

mod records;

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::db::{Db, Imported, StoredRow, StudioImported, StudioRecords};
use crate::error::Error;
use records::{KeyRecord, SiteRecord, UserRecord, VersionRecord};

/// The format this build writes and reads.
pub const FORMAT: u32 = 1;

/// The `type` of the first line.
const HEADER: &str = "touchpoint-export";

/// Rows read per export page and written per import batch.
const PAGE: usize = 1_000;

/// Most problems one import lists before giving up reading.
const MAX_PROBLEMS: usize = 20;

#[derive(Serialize)]
struct Header {
    #[serde(rename = "type")]
    kind: &'static str,
    format: u32,
}

#[derive(Serialize)]
struct SubmissionRecord<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    received_at: i64,
    submission: &'a RawValue,
}

/// A line's `type`, read first; the rest is read by the type's own record.
#[derive(Deserialize)]
struct Kind {
    #[serde(rename = "type")]
    kind: String,
}

/// The header or a submission: which fields matter depends on `type`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    #[serde(rename = "type")]
    kind: String,
    format: Option<u32>,
    received_at: Option<i64>,
    submission: Option<Box<RawValue>>,
}

/// What an export wrote and an import stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub submissions: Imported,
    pub studio: StudioImported,
}

/// Why an export or import stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Db(#[from] Error),
    #[error("writing the export: {0}")]
    Write(std::io::Error),
    #[error("reading the import: {0}")]
    Read(std::io::Error),
    /// Every problem found, one per line (`line N: …`); nothing was imported.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
}

/// Writes every record of `db` to `out`; how many of each type.
pub async fn export(db: &Db, mut out: impl Write) -> Result<Summary, BackupError> {
    line(&mut out, &Header { kind: HEADER, format: FORMAT })?;
    let mut summary = Summary::default();
    let sites = db.sites().await?;
    for site in &sites {
        line(&mut out, &SiteRecord::of(site))?;
    }
    let users = db.users().await?;
    for user in &users {
        line(&mut out, &UserRecord::of(user))?;
    }
    let keys = db.export_keys().await?;
    for key in &keys {
        line(&mut out, &KeyRecord::of(key))?;
    }
    summary.studio.sites.created = sites.len() as u64;
    summary.studio.users.created = users.len() as u64;
    summary.studio.keys.created = keys.len() as u64;
    let mut after = None;
    loop {
        let page = db.export_versions(after.take(), PAGE).await?;
        for v in &page {
            line(&mut out, &VersionRecord::of(v))?;
        }
        summary.studio.versions.created += page.len() as u64;
        match page.last() {
            Some(last) if page.len() == PAGE => after = Some((last.meta.site.clone(), last.meta.version)),
            _ => break,
        }
    }
    let mut after = None;
    loop {
        let page = db.export_page(after.take(), PAGE).await?;
        for row in &page {
            let body: &RawValue =
                serde_json::from_str(&row.body).map_err(|source| Error::Corrupt { id: row.id.clone(), source })?;
            line(&mut out, &SubmissionRecord { kind: "submission", received_at: row.received_at, submission: body })?;
        }
        summary.submissions.created += page.len() as u64;
        match page.last() {
            Some(last) if page.len() == PAGE => after = Some((last.received_at, last.id.clone())),
            _ => break,
        }
    }
    out.flush().map_err(BackupError::Write)?;
    Ok(summary)
}

/// Reads an export and stores it. Every line is checked before anything is stored
/// (a submission as strictly as a post), so a damaged file stores nothing and every
/// problem is named with its line number.
pub async fn import(db: &Db, input: impl BufRead) -> Result<Summary, BackupError> {
    let (studio, rows) = read(input)?;
    let mut summary = Summary::default();
    if !studio.is_empty() {
        summary.studio = db.import_studio(studio).await?;
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<StoredRow> = rows.by_ref().take(PAGE).collect();
        let done = db.import(batch).await?;
        summary.submissions.created += done.created;
        summary.submissions.duplicates += done.duplicates;
    }
    Ok(summary)
}

/// Writes `value` as one JSON line.
fn line(out: &mut impl Write, value: &impl Serialize) -> Result<(), BackupError> {
    serde_json::to_writer(&mut *out, value).map_err(|e| BackupError::Write(e.into()))?;
    out.write_all(b"\n").map_err(BackupError::Write)
}

/// One line read: the header, or a record of some type.
enum Record {
    Header,
    Submission(StoredRow),
    Site(crate::db::SiteRow),
    User(crate::db::User),
    Key(crate::db::ApiKey),
    Version(crate::db::Version),
}

fn read(input: impl BufRead) -> Result<(StudioRecords, Vec<StoredRow>), BackupError> {
    let mut rows = Vec::new();
    let mut studio = StudioRecords::default();
    let mut problems = Vec::new();
    let mut header = false;
    for (i, text) in input.lines().enumerate() {
        let n = i + 1;
        let text = text.map_err(BackupError::Read)?;
        if text.trim().is_empty() {
            continue;
        }
        match record(&text, header) {
            Ok(Record::Header) => header = true,
            Ok(Record::Submission(row)) => rows.push(row),
            Ok(Record::Site(site)) => studio.sites.push(site),
            Ok(Record::User(user)) => studio.users.push(user),
            Ok(Record::Key(key)) => studio.keys.push(key),
            Ok(Record::Version(version)) => studio.versions.push(version),
            Err(problem) => problems.push(format!("line {n}: {problem}")),
        }
        if problems.len() >= MAX_PROBLEMS {
            problems.push("(stopped reading after this many problems)".into());
            break;
        }
    }
    if !header && problems.is_empty() {
        problems.push(format!("line 1: expected {{\"type\":\"{HEADER}\",\"format\":{FORMAT}}}: is this an export?"));
    }
    if problems.is_empty() { Ok((studio, rows)) } else { Err(BackupError::Invalid(problems)) }
}

/// A record of Studio's, read by its type's struct (unknown members refused).
fn studio_record<'a, T: Deserialize<'a>, R>(
    text: &'a str,
    read: impl FnOnce(T) -> Result<R, String>,
) -> Result<R, String> {
    let record: T = serde_json::from_str(text).map_err(|e| format!("not a record: {e}"))?;
    read(record)
}

/// One line.
fn record(text: &str, after_header: bool) -> Result<Record, String> {
    let kind: Kind = serde_json::from_str(text).map_err(|e| format!("not a record: {e}"))?;
    match (kind.kind.as_str(), after_header) {
        (HEADER, _) | ("submission", true) => {}
        (other, false) => return Err(format!("expected the {HEADER} header first, found `{other}`")),
        (records::SITE, true) => return studio_record(text, SiteRecord::read).map(Record::Site),
        (records::USER, true) => return studio_record(text, UserRecord::read).map(Record::User),
        (records::KEY, true) => return studio_record(text, KeyRecord::read).map(Record::Key),
        (records::VERSION, true) => return studio_record(text, VersionRecord::read).map(Record::Version),
        (other, true) => return Err(format!("unknown record type `{other}`: made by a newer touchpoint?")),
    }
    let line: Line = serde_json::from_str(text).map_err(|e| format!("not a record: {e}"))?;
    match (line.kind.as_str(), after_header) {
        (HEADER, false) => match line.format {
            Some(FORMAT) => Ok(Record::Header),
            Some(other) => {
                Err(format!("format {other} is not one this build reads ({FORMAT}): use a newer touchpoint"))
            }
            None => Err("the header has no `format`".into()),
        },
        (HEADER, true) => Err("a second header".into()),
        _ => {
            let (Some(received_at), Some(body)) = (line.received_at, line.submission) else {
                return Err("a submission needs `received_at` and `submission`".into());
            };
            StoredRow::from_body(body.get(), received_at)
                .map(Record::Submission)
                .map_err(|e| format!("submission: {e}"))
        }
    }
}
