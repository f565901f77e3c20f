//! Prints the metrics of ../shared/data/sentiment/README.md for every set, for
//! Touchpoint's scorer next to the README's reference figures.
//!
//! `cargo run --release -p touchpoint-sentiment --example evaluate [-- --dump DIR]`
//! (`--dump DIR` also writes each set's scores, one per line, for error analysis).

// A command-line report: standard output is its purpose.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use touchpoint_sentiment::evaluation::{self, Metrics, ReferenceFigures, SETS};
use touchpoint_sentiment::score;

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/sentiment");
    let dump: Option<PathBuf> = std::env::args().skip_while(|a| a != "--dump").nth(1).map(PathBuf::from);
    match run(&dir, dump.as_deref()) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("evaluate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path, dump: Option<&Path>) -> Result<String, String> {
    let read = |p: PathBuf| std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()));
    let references = evaluation::references(&read(dir.join("README.md"))?);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<44} {:>6} {:>7} {:>8} {:>6}   (set: items, texts/s)",
        "scorer", "acc3", "strict", "lenient", "r"
    );
    for set in SETS {
        let text = read(dir.join(set.file))?;
        let items = set.parse(&text).map_err(|e| format!("{}: {e}", set.file))?;
        let start = Instant::now();
        let scores: Vec<f64> = items.iter().map(|i| score(i.text).compound).collect();
        let rate = items.len() as f64 / start.elapsed().as_secs_f64();
        if let Some(dir) = dump {
            let lines: String = scores.iter().map(|s| format!("{s}\n")).collect();
            std::fs::write(dir.join(format!("{}.txt", set.name)), lines).map_err(|e| e.to_string())?;
        }
        let ours = set.metrics(&items, &scores);
        let _ = writeln!(out, "\n{}: {} items, {:.0} texts/s (native, one core)", set.name, items.len(), rate);
        let _ = writeln!(out, "{}", row("Touchpoint", &figures(ours)));
        for r in &references {
            if let Some((_, f)) = r.sets.iter().find(|(name, _)| name == set.name) {
                let _ = writeln!(out, "{}", row(&r.scorer, f));
            }
        }
    }
    Ok(out)
}

fn figures(m: Metrics) -> ReferenceFigures {
    ReferenceFigures { acc3: m.acc3, strict: Some(m.strict), lenient: Some(m.lenient), r: Some(m.r) }
}

fn row(name: &str, f: &ReferenceFigures) -> String {
    let cell = |v: Option<f64>, w: usize| v.map_or_else(|| format!("{:>w$}", "-"), |v| format!("{v:>w$.3}"));
    format!("  {name:<42} {} {} {} {}", cell(f.acc3, 6), cell(f.strict, 7), cell(f.lenient, 8), cell(f.r, 6))
}
