//! Accuracy against ../shared/data/sentiment at run time: on every set, acc3,
//! bin strict and r must reach the VADER figures in that folder's README.
//! Skipped, with a notice, where ../shared is not beside the repository.

use std::path::PathBuf;

use touchpoint_sentiment::evaluation::{self, SETS};
use touchpoint_sentiment::score;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared").join(path)
}

#[test]
fn at_least_as_accurate_as_vader_on_every_set() {
    let dir = shared("data/sentiment");
    let Ok(readme) = std::fs::read_to_string(dir.join("README.md")) else {
        eprintln!("NOTICE: {} not found; accuracy test skipped", dir.display());
        return;
    };
    let references = evaluation::references(&readme);
    let vader = references.iter().find(|r| r.scorer.starts_with("VADER")).expect("the README has a VADER row");
    let mut shortfalls = Vec::new();
    for set in SETS {
        let text = std::fs::read_to_string(dir.join(set.file)).unwrap();
        let items = set.parse(&text).unwrap();
        let scores: Vec<f64> = items.iter().map(|i| score(i.text).compound).collect();
        let ours = set.metrics(&items, &scores);
        let (_, reference) = vader.sets.iter().find(|(name, _)| name == set.name).expect("a VADER column per set");
        let pairs = [
            ("acc3", ours.acc3, reference.acc3),
            ("bin strict", Some(ours.strict), reference.strict),
            ("r", Some(ours.r), reference.r),
        ];
        for (metric, ours, theirs) in pairs {
            if let (Some(ours), Some(theirs)) = (ours, theirs) {
                eprintln!("{} {metric}: {ours:.4} (VADER {theirs:.3})", set.name);
                // The README rounds to three decimals; compare at that precision.
                if (ours * 1000.0).round() < (theirs * 1000.0).round() {
                    shortfalls.push(format!("{} {metric}: {ours:.4} < VADER {theirs:.3}", set.name));
                }
            }
        }
        assert!(reference.strict.is_some() && reference.r.is_some(), "{}: README lacks figures", set.name);
    }
    assert!(shortfalls.is_empty(), "below VADER: {shortfalls:?}");
}

#[test]
fn committed_lexicon_is_derived_from_the_current_sources() {
    let dir = shared("data/lexicon");
    let Ok(vader) = std::fs::read_to_string(dir.join("vader_lexicon.txt")) else {
        eprintln!("NOTICE: {} not found; lexicon freshness test skipped", dir.display());
        return;
    };
    let emoji = std::fs::read_to_string(dir.join("emoji_utf8_lexicon.txt")).unwrap();
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sentiment");
    let additions = std::fs::read_to_string(data.join("additions.tsv")).unwrap();
    let derived = touchpoint_sentiment::derive::derive(&vader, &emoji, &additions).unwrap();
    let committed = std::fs::read(data.join("lexicon.bin")).unwrap();
    assert!(
        touchpoint_sentiment::lexicon::encode(&derived) == committed,
        "lexicon.bin is stale: run `cargo run -p touchpoint-sentiment --example gen_lexicon`"
    );
}
