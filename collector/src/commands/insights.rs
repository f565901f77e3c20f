//! `touchpoint export` (a site's responses as CSV or JSON, streamed) and `touchpoint
//! seed-demo` (generated submissions for a demo, and their removal).

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use touchpoint_collector::db::facts::{Param, Sql};
use touchpoint_collector::insights::demo::Demo;
use touchpoint_collector::insights::export::{Export, Format};
use touchpoint_collector::insights::filter::Params;

use super::DbArg;

/// Options of `touchpoint export`.
#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// The site whose responses are written.
    #[arg(long)]
    site: String,
    /// From this instant (RFC 3339 or a date, inclusive; default: the first response).
    #[arg(long)]
    from: Option<String>,
    /// Until this instant (exclusive; default: now).
    #[arg(long)]
    to: Option<String>,
    /// `csv` (one row per answer) or `json` (an array of the stored submissions).
    #[arg(long, default_value = "csv")]
    format: String,
    /// Only this journey stage, touchpoint, follow-up channel, answered question, comment language or sentiment label.
    #[arg(long)]
    stage: Option<String>,
    #[arg(long)]
    touchpoint: Option<String>,
    #[arg(long)]
    channel: Option<String>,
    #[arg(long)]
    question: Option<String>,
    #[arg(long)]
    lang: Option<String>,
    #[arg(long)]
    label: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
}

/// Options of `touchpoint seed-demo`.
#[derive(Args)]
pub struct SeedArgs {
    #[command(flatten)]
    db: DbArg,
    /// The site the submissions are for.
    #[arg(long)]
    site: String,
    /// How many submissions to generate.
    #[arg(long, default_value_t = 3_000)]
    count: usize,
    /// The generator's seed: the same seed, count and day make the same rows.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only when the site has no submissions yet (what `make demo` does).
    #[arg(long)]
    if_empty: bool,
    /// Remove the site's generated submissions instead (the visitors' own stay).
    #[arg(long)]
    remove: bool,
}

pub fn export(args: ExportArgs) -> ExitCode {
    let db_arg = args.db.clone();
    super::with_db(&db_arg, |db| async move {
        let now = touchpoint_collector::system_clock()();
        let mut query = BTreeMap::from([("site".to_owned(), args.site.clone())]);
        for (name, value) in [
            ("from", args.from),
            ("to", args.to),
            ("stage", args.stage),
            ("touchpoint", args.touchpoint),
            ("channel", args.channel),
            ("question", args.question),
            ("lang", args.lang),
            ("label", args.label),
        ] {
            if let Some(v) = value {
                query.insert(name.to_owned(), v);
            }
        }
        let mut params = Params::new(query);
        let filter = params.filter_from(now, Some(0));
        let format = Format::parse(&args.format);
        if format.is_none() {
            params.fail(format!("--format must be csv or json (found {:?})", args.format));
        }
        params.finish().map_err(|e| e.to_string().replace('`', "").replace("parameter", "option"))?;
        let (Some(filter), Some(format)) = (filter, format) else { return Err("invalid options".into()) };
        let mut out: Box<dyn Write> = match &args.out {
            Some(path) => Box::new(std::io::BufWriter::new(
                std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?,
            )),
            None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        };
        let mut export = Export::new(filter, format);
        while let Some(chunk) = export.next(&db).await.map_err(|e| e.to_string())? {
            out.write_all(&chunk).map_err(|e| e.to_string())?;
        }
        out.flush().map_err(|e| e.to_string())?;
        Ok(format!("exported {} submissions of {}", export.rows(), args.site))
    })
}

/// Rows stored per transaction while seeding.
const SEED_BATCH: usize = 5_000;

pub fn seed(args: SeedArgs) -> ExitCode {
    if !touchpoint_core::fields::is_id(&args.site) {
        eprintln!("touchpoint: --site must be a site id of a-z, 0-9, - or _");
        return ExitCode::FAILURE;
    }
    let db_arg = args.db.clone();
    super::with_db(&db_arg, |db| async move {
        let site = Param::Text(args.site.clone());
        if args.remove {
            let mut sql = Sql::new("DELETE FROM submissions");
            sql.bind(" WHERE site = ?", site).push(" AND generated = 1");
            let removed = db.execute_all(vec![sql]).await.map_err(|e| e.to_string())?;
            return Ok(format!("removed {} generated submissions of {}", removed.iter().sum::<u64>(), args.site));
        }
        if args.if_empty {
            let mut sql = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM submissions");
            sql.bind(" WHERE site = ?", site).push(" LIMIT 1) AS any_row");
            let rows = db.cells(sql).await.map_err(|e| e.to_string())?;
            if rows.first().is_some_and(|r| r[0].int() > 0) {
                return Ok(format!("{} has submissions already: nothing generated", args.site));
            }
        }
        let now = touchpoint_collector::system_clock()();
        let mut demo = Demo::new(&args.site, now, args.seed);
        let mut stored = 0;
        let mut left = args.count;
        while left > 0 {
            let batch: Vec<_> = demo.by_ref().take(left.min(SEED_BATCH)).collect();
            left -= batch.len();
            stored += db.import(batch).await.map_err(|e| e.to_string())?.created;
        }
        Ok(format!(
            "generated {stored} submissions for {} over the last {} days (remove them with --remove)",
            args.site,
            touchpoint_collector::insights::demo::DAYS
        ))
    })
}
