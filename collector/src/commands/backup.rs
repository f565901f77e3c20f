//! `touchpoint export-all --db DB > site.jsonl` and `touchpoint import --db DB < site.jsonl`:
//! everything in the store as JSON Lines (format in `touchpoint_collector::backup`), to back
//! up or to move between SQLite and PostgreSQL.

use std::io::BufWriter;
use std::process::ExitCode;

use clap::Args;
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
    super::with_db(&args.db, |db| async move {
        let stdout = std::io::stdout();
        let done = backup::export(&db, BufWriter::new(stdout.lock())).await.map_err(|e| e.to_string())?;
        let s = done.studio;
        Ok(format!(
            "exported {} submissions, {} sites, {} users, {} keys, {} configuration versions",
            done.submissions.created, s.sites.created, s.users.created, s.keys.created, s.versions.created
        ))
    })
}

/// Reads an export from standard input; a summary to standard error.
pub fn import(args: ImportArgs) -> ExitCode {
    super::with_db(&args.db, |db| async move {
        let stdin = std::io::stdin();
        let done = backup::import(&db, stdin.lock()).await.map_err(|e| match e {
            backup::BackupError::Invalid(_) => format!("{e}\nnothing was imported"),
            other => other.to_string(),
        })?;
        let (n, s) = (done.submissions, done.studio);
        let part = |c: touchpoint_collector::db::Counted, what: &str| {
            format!("{} {what} ({} already stored, skipped)", c.created, c.duplicates)
        };
        Ok(format!(
            "imported {}; {}, {}, {}, {}",
            part(touchpoint_collector::db::Counted { created: n.created, duplicates: n.duplicates }, "submissions"),
            part(s.sites, "sites"),
            part(s.users, "users"),
            part(s.keys, "keys"),
            part(s.versions, "configuration versions")
        ))
    })
}
