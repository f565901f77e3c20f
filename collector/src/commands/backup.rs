//! `touchpoint export-all --db DB > site.jsonl` and `touchpoint import --db DB < site.jsonl`:
//! everything in the store as JSON Lines (format in `touchpoint_collector::backup`), to back
//! up or to move between SQLite and PostgreSQL.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Args;
use touchpoint_collector::Db;
use touchpoint_collector::backup;

use super::DbArg;

/// Options of `touchpoint export-all`.
#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
}

/// Options of `touchpoint import`.
#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    db: DbArg,
}

/// Writes the export to standard output; a summary to standard error.
pub fn export(args: ExportArgs) -> ExitCode {
    run(&args.db, |db| async move {
        let stdout = std::io::stdout();
        let n = backup::export(&db, BufWriter::new(stdout.lock())).await.map_err(|e| e.to_string())?;
        Ok(format!("exported {n} submissions"))
    })
}

/// Reads an export from standard input; a summary to standard error.
pub fn import(args: ImportArgs) -> ExitCode {
    run(&args.db, |db| async move {
        let stdin = std::io::stdin();
        let done = backup::import(&db, stdin.lock()).await.map_err(|e| match e {
            backup::BackupError::Invalid(_) => format!("{e}\nnothing was imported"),
            other => other.to_string(),
        })?;
        Ok(format!("imported {} submissions ({} already stored, skipped)", done.created, done.duplicates))
    })
}

/// Opens the store, runs `job`, reports on standard error.
fn run<F, Fut>(db: &DbArg, job: F) -> ExitCode
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = Result<String, String>>,
{
    let outcome = super::runtime().map_err(|e| e.to_string()).and_then(|rt| {
        rt.block_on(async {
            let store = Db::open(&db.target).await.map_err(|e| format!("{}: {e}", db.target))?;
            job(store).await
        })
    });
    let mut stderr = std::io::stderr().lock();
    match outcome {
        Ok(summary) => {
            let _ = writeln!(stderr, "{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(stderr, "touchpoint: {e}");
            ExitCode::FAILURE
        }
    }
}
