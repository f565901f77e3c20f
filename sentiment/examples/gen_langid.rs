//! Regenerates `data/langid/trigrams.txt`, the language identifier's table: for
//! each language, its most frequent character trigrams by rank, taken from franc's
//! data (MIT, © Titus Wormer; trigrams of the Universal Declaration of Human
//! Rights), which `npm ci` in bench/sentiment installs; and `data/langid/words.txt`,
//! the function words of each language's rule file (`data/lang/LANG.tsv`).
//!
//! `cargo run -p touchpoint-sentiment --example gen_langid`

use std::path::Path;
use std::process::ExitCode;

use touchpoint_sentiment::identify_table::{self, LANGUAGES};

fn main() -> ExitCode {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let franc = crate_dir.join("../bench/sentiment/node_modules/franc/data.js");
    let out = crate_dir.join("data/langid/trigrams.txt");
    let lang_dir = crate_dir.join("data/lang");
    let files: Result<Vec<(&str, String)>, String> = LANGUAGES[..12]
        .iter()
        .map(|(_, code)| {
            let path = lang_dir.join(format!("{code}.tsv"));
            std::fs::read_to_string(&path).map(|t| (*code, t)).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect();
    let words = files.map(|files| identify_table::words(&files)).and_then(|w| {
        std::fs::write(crate_dir.join("data/langid/words.txt"), &w).map_err(|e| e.to_string())
    });
    if let Err(e) = words {
        eprintln!("gen_langid: {e}");
        return ExitCode::FAILURE;
    }
    let result = std::fs::read_to_string(&franc)
        .map_err(|e| format!("{}: {e} (run `npm ci` in bench/sentiment)", franc.display()))
        .and_then(|data| identify_table::from_franc(&data, LANGUAGES))
        .and_then(|table| std::fs::write(&out, &table).map(|()| table.len()).map_err(|e| e.to_string()));
    match result {
        Ok(bytes) => {
            eprintln!("wrote {}: {bytes} bytes", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_langid: {e}");
            ExitCode::FAILURE
        }
    }
}
