//! One module per subcommand of the `touchpoint` binary.

pub mod accounts;
pub mod backup;
pub mod check;
pub mod embed;
pub mod insights;
pub mod publish;
pub mod score;
pub mod serve;
pub mod sites;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Args;
use touchpoint_collector::{Db, Target};

/// `--db`, the same for every command that opens the store.
#[derive(Args, Clone)]
pub struct DbArg {
    /// The database: a SQLite file (created on first use) or a postgres://user:password@host:port/dbname URL.
    #[arg(long = "db", env = "TOUCHPOINT_DB", default_value = "touchpoint.db")]
    pub target: Target,
}

/// A runtime for the commands that talk to the database.
pub fn runtime() -> Result<tokio::runtime::Runtime, std::io::Error> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()
}

/// Opens the store, runs `job`, and reports on standard error: its summary (if not empty)
/// and exit code 0, or `touchpoint: …` and exit code 1. Standard output is the job's own.
pub fn with_db<F, Fut>(db: &DbArg, job: F) -> ExitCode
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = Result<String, String>>,
{
    let outcome = runtime().map_err(|e| e.to_string()).and_then(|rt| {
        rt.block_on(async {
            let store = Db::open(&db.target).await.map_err(|e| format!("{}: {e}", db.target))?;
            job(store).await
        })
    });
    let mut stderr = std::io::stderr().lock();
    match outcome {
        Ok(summary) => {
            if !summary.is_empty() {
                let _ = writeln!(stderr, "{summary}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(stderr, "touchpoint: {e}");
            ExitCode::FAILURE
        }
    }
}

/// An instant in ms since the epoch as RFC 3339 in UTC, to the second, for listings.
pub fn when(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(
        |_| ms.to_string(),
        |t| t.round(jiff::Unit::Second).map_or_else(|_| t.to_string(), |t| t.to_string()),
    )
}

/// Writes `rows` to standard output as columns separated by two spaces, the first row a header.
pub fn print_table(rows: &[Vec<String>]) -> Result<(), String> {
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|i| rows.iter().map(|r| r.get(i).map_or(0, |c| c.chars().count())).max().unwrap_or(0))
        .collect();
    let mut out = std::io::stdout().lock();
    for row in rows {
        let cells: Vec<String> = row.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        writeln!(out, "{}", cells.join("  ").trim_end()).map_err(|e| e.to_string())?;
    }
    Ok(())
}
