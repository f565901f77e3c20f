//! Regenerates `data/langid/table.txt`, the language identifier's table: for each
//! language, its most frequent character trigrams by rank, taken from franc's data
//! (MIT, © Titus Wormer; trigrams of the Universal Declaration of Human Rights),
//! which `npm ci` in bench/sentiment installs, and its function words from its
//! rule file (`data/lang/LANG.tsv`, written for Touchpoint).
//!
//! `cargo run -p touchpoint-sentiment --example gen_langid`

use std::path::Path;
use std::process::ExitCode;

use touchpoint_sentiment::identify_table::{self, LANGUAGES};

fn main() -> ExitCode {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let result = (|| -> Result<usize, String> {
        let franc = read(&crate_dir.join("../bench/sentiment/node_modules/franc/data.js"))
            .map_err(|e| format!("{e} (run `npm ci` in bench/sentiment)"))?;
        let mut files = Vec::new();
        for (_, code) in LANGUAGES {
            let path = crate_dir.join(format!("data/lang/{code}.tsv"));
            if path.exists() {
                files.push((*code, read(&path)?));
            }
        }
        let table = identify_table::table(&franc, LANGUAGES, &files)?;
        std::fs::write(crate_dir.join("data/langid/table.txt"), &table).map_err(|e| e.to_string())?;
        Ok(table.len())
    })();
    match result {
        Ok(bytes) => {
            eprintln!("wrote data/langid/table.txt: {bytes} bytes");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_langid: {e}");
            ExitCode::FAILURE
        }
    }
}
