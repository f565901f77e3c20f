//! `touchpoint publish CONFIG.json --db DB [--note …] [--author EMAIL]`: publishes a
//! configuration from a file, so configurations can live in git and be published by CI.
//! It is checked as Studio checks a publish (every problem, exit code 1, nothing stored),
//! creates the site from the file's `site` if the database lacks it, and becomes a new
//! version on top of whatever is latest: the file is the truth, but an earlier version
//! is never overwritten (each stays in the history, and a rollback brings one back).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use touchpoint_collector::db::{Base, NewVersion, Published};
use touchpoint_collector::studio;
use touchpoint_collector::studio::body::DOCUMENT_LIMIT;
use touchpoint_core::Invalid;

use super::{DbArg, with_db};

/// Options of `touchpoint publish`.
#[derive(Args)]
pub struct PublishArgs {
    /// The configuration (JSON) to publish.
    config: PathBuf,
    /// Why (shown in the version history).
    #[arg(long)]
    note: Option<String>,
    /// Who (shown in the version history); default `cli`.
    #[arg(long, default_value = "cli")]
    author: String,
    #[command(flatten)]
    db: DbArg,
}

/// Publishes the file; the new version's number on standard error.
pub fn run(args: PublishArgs) -> ExitCode {
    let name = args.config.display().to_string();
    let text = match std::fs::read_to_string(&args.config) {
        Ok(text) if text.len() <= DOCUMENT_LIMIT => text,
        Ok(text) => {
            eprintln!("{name}: {} bytes, over the {DOCUMENT_LIMIT} a configuration may have", text.len());
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("{name}: cannot be read: {e}");
            return ExitCode::FAILURE;
        }
    };
    let site = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("site")?.as_str().map(str::to_owned))
        .unwrap_or_default();
    let problems = studio::problems(&text, &site);
    if !problems.is_empty() {
        eprintln!("{name}: {}\nnothing was published", Invalid(problems));
        return ExitCode::FAILURE;
    }
    with_db(&args.db, |db| async move {
        let version = NewVersion {
            site: site.clone(),
            base: Base::Latest,
            document: text.trim_end().to_owned(),
            author: args.author,
            note: args.note,
            at: touchpoint_collector::system_clock()(),
            draft_of: None,
        };
        match db.publish(version).await.map_err(|e| e.to_string())? {
            Published::Created(meta) => Ok(format!("published version {} of site {site}", meta.version)),
            // Publishing on top of the latest cannot conflict.
            Published::Conflict(_) => Err(format!("site {site} changed while publishing: try again")),
        }
    })
}
