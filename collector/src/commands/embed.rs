//! `touchpoint embed --base URL [--config URL] [--pkg DIR] [--out DIR] [--json]`: prints the
//! tag a site adds, pinned to this build by its SRI hash (standard output), and the
//! Content-Security-Policy its pages need (standard error); with `--out`, writes the static
//! files to serve under `--base` from the site's own origin or a CDN.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use touchpoint_collector::embed::{self, Manifest};

/// Options of `touchpoint embed`.
#[derive(Args)]
pub struct EmbedArgs {
    /// Where the files are served: the collector (https://cx.example.com/), a CDN prefix, or a path on the site.
    #[arg(long)]
    base: String,
    /// The configuration's URL (data-config); default: touchpoint.config.json under --base.
    #[arg(long)]
    config: Option<String>,
    /// The built widget (scripts/build-widget.sh).
    #[arg(long, env = "TOUCHPOINT_PKG", default_value = "pkg")]
    pkg: PathBuf,
    /// Also write the files to serve under --base into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print one JSON object (tag, src, integrity, config, unpinned tag, CSP sources, policy) instead.
    #[arg(long)]
    json: bool,
}

/// Prints the tag; exit code 1 when the build is missing or its files changed since.
pub fn run(args: EmbedArgs) -> ExitCode {
    match print(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("touchpoint embed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print(args: &EmbedArgs) -> Result<(), Box<dyn std::error::Error>> {
    let manifest = Manifest::read(&args.pkg)?;
    let embed = embed::embed(&manifest, &args.base, args.config.as_deref())?;
    if let Some(out) = &args.out {
        let written = embed::write_tree(&args.pkg, &manifest, out)?;
        eprintln!("wrote {} files to {}: serve them under {}", written.len(), out.display(), args.base);
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        writeln!(stdout, "{}", serde_json::to_string(&embed)?)?;
    } else {
        writeln!(stdout, "{}", embed.tag)?;
        eprint!("\n{}", embed::notes(&embed));
    }
    Ok(())
}
