//! Backup and moves between backends: `touchpoint export-all` writes everything
//! as JSON Lines, `touchpoint import` reads it back, on either backend.
//!
//! One JSON object per line, each with a `type`:
//!
//! - first, `{"type":"touchpoint-export","format":1}`;
//! - `{"type":"submission","received_at":MS,"submission":{…}}`: the stored body byte for
//!   byte, in `(received_at, id)` order, so the same data exports to the same file from
//!   either backend.
//!
//! Later record types (`site`, `config_version`, `user` with its password *hash*, never a
//! password) join the same stream; an import refuses a type or format it does not know
//! rather than drop data silently. Importing is idempotent: stored ids are skipped.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::db::{Db, Imported, StoredRow};
use crate::error::Error;

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

/// Any line as read: which fields matter depends on `type`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    #[serde(rename = "type")]
    kind: String,
    format: Option<u32>,
    received_at: Option<i64>,
    submission: Option<Box<RawValue>>,
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

/// Writes every record of `db` to `out`; how many submissions.
pub async fn export(db: &Db, mut out: impl Write) -> Result<u64, BackupError> {
    line(&mut out, &Header { kind: HEADER, format: FORMAT })?;
    let mut after = None;
    let mut count = 0;
    loop {
        let page = db.export_page(after.take(), PAGE).await?;
        for row in &page {
            let body: &RawValue =
                serde_json::from_str(&row.body).map_err(|source| Error::Corrupt { id: row.id.clone(), source })?;
            line(&mut out, &SubmissionRecord { kind: "submission", received_at: row.received_at, submission: body })?;
        }
        count += page.len() as u64;
        match page.last() {
            Some(last) if page.len() == PAGE => after = Some((last.received_at, last.id.clone())),
            _ => break,
        }
    }
    out.flush().map_err(BackupError::Write)?;
    Ok(count)
}

/// Reads an export and stores it. Every line is checked before anything is stored
/// (a submission as strictly as a post), so a damaged file stores nothing and every
/// problem is named with its line number.
pub async fn import(db: &Db, input: impl BufRead) -> Result<Imported, BackupError> {
    let rows = read(input)?;
    let mut imported = Imported::default();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<StoredRow> = rows.by_ref().take(PAGE).collect();
        let done = db.import(batch).await?;
        imported.created += done.created;
        imported.duplicates += done.duplicates;
    }
    Ok(imported)
}

/// Writes `value` as one JSON line.
fn line(out: &mut impl Write, value: &impl Serialize) -> Result<(), BackupError> {
    serde_json::to_writer(&mut *out, value).map_err(|e| BackupError::Write(e.into()))?;
    out.write_all(b"\n").map_err(BackupError::Write)
}

fn read(input: impl BufRead) -> Result<Vec<StoredRow>, BackupError> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut header = false;
    for (i, text) in input.lines().enumerate() {
        let n = i + 1;
        let text = text.map_err(BackupError::Read)?;
        if text.trim().is_empty() {
            continue;
        }
        match record(&text, header) {
            Ok(Some(row)) => rows.push(row),
            Ok(None) => header = true,
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
    if problems.is_empty() { Ok(rows) } else { Err(BackupError::Invalid(problems)) }
}

/// One line: `None` for the header, a row for a submission.
fn record(text: &str, after_header: bool) -> Result<Option<StoredRow>, String> {
    let line: Line = serde_json::from_str(text).map_err(|e| format!("not a record: {e}"))?;
    match (line.kind.as_str(), after_header) {
        (HEADER, false) => match line.format {
            Some(FORMAT) => Ok(None),
            Some(other) => {
                Err(format!("format {other} is not one this build reads ({FORMAT}): use a newer touchpoint"))
            }
            None => Err("the header has no `format`".into()),
        },
        (HEADER, true) => Err("a second header".into()),
        (_, false) => Err(format!("expected the {HEADER} header first, found `{}`", line.kind)),
        ("submission", true) => {
            let (Some(received_at), Some(body)) = (line.received_at, line.submission) else {
                return Err("a submission needs `received_at` and `submission`".into());
            };
            StoredRow::from_body(body.get(), received_at).map(Some).map_err(|e| format!("submission: {e}"))
        }
        (other, true) => Err(format!("unknown record type `{other}`: made by a newer touchpoint?")),
    }
}
