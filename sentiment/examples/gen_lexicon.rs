//! Regenerates `sentiment/data/sentiment/lexicon.bin` from VADER's lexicon files in
//! ../shared/data/lexicon and Touchpoint's `sentiment/data/sentiment/additions.tsv`.
//!
//! `cargo run -p touchpoint-sentiment --example gen_lexicon` (the build itself never
//! needs ../shared: the result is committed).

use std::path::Path;
use std::process::ExitCode;

use touchpoint_sentiment::{derive, lexicon};

fn main() -> ExitCode {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    // ../shared beside the repository root, as in CI.
    let shared = package.join("../../shared/data/lexicon");
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let result = (|| -> Result<(usize, usize, usize), String> {
        let vader = read(&shared.join("vader_lexicon.txt"))?;
        let emoji = read(&shared.join("emoji_utf8_lexicon.txt"))?;
        let additions = read(&package.join("data/sentiment/additions.tsv"))?;
        let source = derive::derive(&vader, &emoji, &additions).map_err(|e| e.to_string())?;
        let bytes = lexicon::encode(&source);
        let out = package.join("data/sentiment/lexicon.bin");
        std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
        Ok((source.words.len(), source.emoji.len(), bytes.len()))
    })();
    match result {
        Ok((words, emoji, bytes)) => {
            eprintln!("wrote lexicon.bin: {words} keys, {emoji} emoji, {bytes} bytes");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_lexicon: {e}");
            ExitCode::FAILURE
        }
    }
}
