//! `touchpoint site add ID --origin URL… [--retention-days N]` and `touchpoint site list`:
//! the sites the database holds (Studio's admins edit the same rows), beside those of a
//! `--sites` file, which a running collector merges with them.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;
use touchpoint_collector::db::SiteRow;
use touchpoint_collector::sites::read_origin;
use touchpoint_core::fields::{Node, Reader};

use super::{DbArg, print_table, when, with_db};

/// `touchpoint site`.
#[derive(Args)]
pub struct SiteArgs {
    #[command(subcommand)]
    command: SiteCommand,
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Add a site: the origins whose pages may post for it, and how long its submissions are kept.
    Add {
        id: String,
        /// An origin such as https://shop.example (repeat for several).
        #[arg(long = "origin", value_name = "URL")]
        origins: Vec<String>,
        /// Days submissions are kept (1-36500); none: until deleted.
        #[arg(long)]
        retention_days: Option<u32>,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the database's sites with their published version.
    List {
        #[command(flatten)]
        db: DbArg,
    },
}

/// Runs `touchpoint site …`.
pub fn run(args: SiteArgs) -> ExitCode {
    match args.command {
        SiteCommand::Add { id, origins, retention_days, db } => {
            // The same checks, and messages, as the --sites file and Studio.
            let doc = json!({"id": id, "origins": origins, "retention_days": retention_days});
            let root = Node::root(&doc);
            let mut r = Reader::default();
            r.id(&root.field("id"));
            for origin in r.items(&root.field("origins")) {
                read_origin(&mut r, &origin);
            }
            r.opt_int(&root.field("retention_days"), 1..=36_500);
            if let Err(invalid) = r.finish(()) {
                let lines: Vec<String> = invalid.0.iter().map(|e| format!("  {}", e.message)).collect();
                eprintln!("touchpoint: the site cannot be added:\n{}", lines.join("\n"));
                return ExitCode::FAILURE;
            }
            with_db(&db, |db| async move {
                let row = SiteRow {
                    id: id.clone(),
                    origins,
                    retention_days,
                    created_at: touchpoint_collector::system_clock()(),
                };
                match db.create_site(row).await.map_err(|e| e.to_string())? {
                    Ok(()) => Ok(format!("added site {id}")),
                    Err(_) => Err(format!("site {id} exists")),
                }
            })
        }
        SiteCommand::List { db } => with_db(&db, |db| async move {
            let sites = db.sites().await.map_err(|e| e.to_string())?;
            let published = db.latest_versions().await.map_err(|e| e.to_string())?;
            let mut rows = vec![["site", "origins", "retention", "published", "created"].map(str::to_owned).to_vec()];
            for s in &sites {
                let version = published.iter().find(|v| v.site == s.id);
                rows.push(vec![
                    s.id.clone(),
                    if s.origins.is_empty() { "-".into() } else { s.origins.join(",") },
                    s.retention_days.map_or_else(|| "forever".into(), |d| format!("{d} days")),
                    version.map_or_else(
                        || "-".into(),
                        |v| format!("v{} by {} at {}", v.version, v.author, when(v.created_at)),
                    ),
                    when(s.created_at),
                ]);
            }
            print_table(&rows)?;
            Ok(String::new())
        }),
    }
}
