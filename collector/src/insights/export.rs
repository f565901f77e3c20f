//! Exports of the filtered responses, CSV (one row per answer) or JSON (an array of the
//! stored submissions), read in pages of [`PAGE`] rows in `(received_at, id)` order and
//! written as they come: a million rows take the memory of one page.

use serde_json::Value;

use super::filter::{Filter, rfc3339};
use crate::db::Db;
use crate::db::facts::{Param, Sql};
use crate::error::{Error, Result};

/// Rows read per query.
pub const PAGE: usize = 1_000;

/// The CSV columns, in order.
pub const COLUMNS: &[&str] = &[
    "submission_id",
    "received_at",
    "created_at",
    "site",
    "touchpoint",
    "stage",
    "score",
    "journey_id",
    "journey_score",
    "sentiment",
    "sentiment_compound",
    "lang",
    "channel",
    "outcome",
    "contacted_at",
    "promised_by",
    "replied_at",
    "question",
    "kind",
    "value",
    "option",
    "text",
];

/// What an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// One page of rows after `after`, oldest first: `(id, body, received_at)`.
pub async fn page(
    db: &Db,
    f: &Filter,
    after: Option<&(i64, String)>,
    limit: usize,
) -> Result<Vec<(String, String, i64)>> {
    let mut sql = Sql::new("SELECT id, body, received_at FROM submissions");
    f.list_where_sql(&mut sql);
    if let Some((at, id)) = after {
        sql.bind(" AND (received_at > ?", Param::Int(*at))
            .bind(" OR (received_at = ?", Param::Int(*at))
            .bind(" AND id > ?))", Param::Text(id.clone()));
    }
    sql.bind(" ORDER BY received_at, id LIMIT ?", Param::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
    Ok(db
        .cells(sql)
        .await?
        .into_iter()
        .map(|mut r| {
            let at = r[2].int();
            let body = std::mem::replace(&mut r[1], crate::db::facts::Cell::Null).into_text().unwrap_or_default();
            let id = std::mem::replace(&mut r[0], crate::db::facts::Cell::Null).into_text().unwrap_or_default();
            (id, body, at)
        })
        .collect())
}

/// An export in progress: call [`Export::next`] until it gives `None`.
pub struct Export {
    filter: Filter,
    format: Format,
    after: Option<(i64, String)>,
    started: bool,
    done: bool,
    rows: u64,
}

impl Export {
    pub fn new(filter: Filter, format: Format) -> Export {
        Export { filter, format, after: None, started: false, done: false, rows: 0 }
    }

    /// Submissions written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The next bytes to write, or `None` at the end.
    pub async fn next(&mut self, db: &Db) -> Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let mut out = Vec::new();
        if !self.started {
            self.started = true;
            match self.format {
                Format::Csv => csv_row(&mut out, COLUMNS.iter().map(|c| (*c).to_owned()))?,
                Format::Json => out.push(b'['),
            }
        }
        let rows = page(db, &self.filter, self.after.as_ref(), PAGE).await?;
        if rows.len() < PAGE {
            self.done = true;
        }
        for (id, body, received_at) in &rows {
            let value: Value =
                serde_json::from_str(body).map_err(|source| Error::Corrupt { id: id.clone(), source })?;
            match self.format {
                Format::Csv => csv_rows(&mut out, &value, *received_at)?,
                Format::Json => {
                    if self.rows > 0 {
                        out.push(b',');
                    }
                    out.push(b'\n');
                    let mut value = value;
                    if let Some(obj) = value.as_object_mut() {
                        obj.insert("received_at".into(), (*received_at).into());
                    }
                    serde_json::to_writer(&mut out, &value).map_err(|e| Error::Io(e.into()))?;
                }
            }
            self.rows += 1;
        }
        if let Some((id, _, at)) = rows.into_iter().last() {
            self.after = Some((at, id));
        }
        if self.done && self.format == Format::Json {
            out.extend_from_slice(b"\n]\n");
        }
        Ok(Some(out))
    }
}

fn csv_row(out: &mut Vec<u8>, cells: impl IntoIterator<Item = String>) -> Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(cells.into_iter().collect::<Vec<_>>()).map_err(|e| Error::Io(std::io::Error::other(e)))?;
    w.flush()?;
    Ok(())
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
/// leading `'`, so opening an export cannot run what a visitor typed.
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

/// One row per answer of a submission (a submission without answers gets one row with
/// the answer columns empty).
fn csv_rows(out: &mut Vec<u8>, v: &Value, received_at: i64) -> Result<()> {
    let s = |path: &str| v.pointer(path).map_or_else(String::new, plain);
    let time = |path: &str| v.pointer(path).and_then(Value::as_i64).map(rfc3339).unwrap_or_default();
    let common = [
        s("/id"),
        rfc3339(received_at),
        time("/created_at"),
        s("/site"),
        s("/touchpoint"),
        s("/stage"),
        s("/score"),
        s("/journey/id"),
        s("/journey/score"),
        s("/sentiment/label"),
        s("/sentiment/compound"),
        s("/sentiment/lang"),
        s("/follow_up/channel"),
        s("/follow_up/outcome"),
        time("/follow_up/contacted_at"),
        time("/follow_up/promised_by"),
        time("/follow_up/replied_at"),
    ];
    let answers = v.get("answers").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let empty = [Value::Null];
    let items: &[Value] = if answers.is_empty() { &empty } else { answers };
    for a in items {
        let get = |k: &str| a.get(k).map_or_else(String::new, plain);
        let value = match a.get("up").and_then(Value::as_bool) {
            Some(up) => if up { "1" } else { "0" }.to_owned(),
            None => get("value"),
        };
        let option = match a.get("options").and_then(Value::as_array) {
            Some(options) => options.iter().map(plain).collect::<Vec<_>>().join("|"),
            None => get("option"),
        };
        let cells = common.iter().cloned().chain([get("question"), get("kind"), value, option, defused(&get("text"))]);
        csv_row(out, cells)?;
    }
    Ok(())
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_typed_by_visitors_are_defused() {
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("great"), "great");
    }

    #[test]
    fn a_submission_gives_a_row_per_answer_with_quoting() {
        let v = serde_json::json!({"id": "i", "site": "s", "touchpoint": "t", "created_at": 1_800_000_000_000_i64,
            "answers": [{"kind": "csat", "question": "q", "value": 5},
                        {"kind": "multiple_choice", "question": "m", "options": ["a", "b"]},
                        {"kind": "text", "question": "c", "text": "fine, \"really\""}]});
        let mut out = Vec::new();
        csv_rows(&mut out, &v, 1_800_000_000_000).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(out).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].ends_with(",q,csat,5,,"), "{}", lines[0]);
        assert!(lines[1].ends_with(",m,multiple_choice,,a|b,"), "{}", lines[1]);
        assert!(lines[2].ends_with(",c,text,,,\"fine, \"\"really\"\"\""), "{}", lines[2]);
    }
}
