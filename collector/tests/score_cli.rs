//! `touchpoint score` as a user runs it: the real binary, texts on stdin.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::io::Write;
use std::process::Stdio;

use touchpoint_core::sentiment::{Hint, score, score_with};

fn run(args: &[&str], stdin: &[u8]) -> (String, bool) {
    let mut child = support::touchpoint()
        .arg("score")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.success())
}

const TEXTS: [&str; 5] = [
    "The agent was friendly and sorted out my problem.",
    "I was on hold for an hour and then they hung up!",
    "",
    "Order 3 arrived on 2024-03-15.",
    "NOT happy :(",
];

#[test]
fn writes_one_compound_per_input_line_in_order_and_nothing_else() {
    let input = TEXTS.join("\n");
    let (stdout, ok) = run(&["--lang", "en"], input.as_bytes());
    assert!(ok);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), TEXTS.len());
    for (line, text) in lines.iter().zip(TEXTS) {
        assert_eq!(line.parse::<f64>().unwrap(), score(text).compound, "{text:?}");
    }
    assert!(lines[0].parse::<f64>().unwrap() > 0.0 && lines[1].parse::<f64>().unwrap() < 0.0);
    assert_eq!(lines[2], "0");
}

#[test]
fn crlf_line_ends_and_a_final_newline_change_nothing() {
    let (lf, _) = run(&[], TEXTS.join("\n").as_bytes());
    let (crlf, _) = run(&[], format!("{}\r\n", TEXTS.join("\r\n")).as_bytes());
    assert_eq!(lf, crlf);
}

#[test]
fn invalid_utf8_still_yields_a_line() {
    let (stdout, ok) = run(&[], b"good \xff day\nbad");
    assert!(ok);
    assert_eq!(stdout.lines().count(), 2);
}

#[test]
fn json_writes_the_full_result_per_line() {
    let (stdout, ok) = run(&["--json", "--lang", "en"], TEXTS.join("\n").as_bytes());
    assert!(ok);
    let values: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(values.len(), TEXTS.len());
    let mut expected = serde_json::to_value(score(TEXTS[1])).unwrap();
    expected["lang"] = "en".into();
    expected["status"] = "scored".into();
    assert_eq!(values[1], expected);
    assert_eq!(values[1]["label"], "negative");
    let terms: Vec<&str> = values[1]["terms"].as_array().unwrap().iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(terms, ["on hold", "hung up"]);
}

#[test]
fn empty_input_writes_nothing() {
    assert_eq!(run(&[], b""), (String::new(), true));
}

/// Comments in several languages, as a site with visitors from everywhere gets them.
const MIXED: [&str; 6] = [
    "Das war ein sehr schlechter Service, niemand hat zurückgerufen.",
    "Dette var veldig dårlig service, jeg ventet i over en time.",
    "Le conseiller était très aimable et a résolu mon problème rapidement.",
    "The agent was friendly and sorted out my problem in minutes.",
    "これは素晴らしいサービスでした",
    "ok",
];

#[test]
fn auto_scores_each_text_in_its_language_and_prints_unscored_otherwise() {
    let (stdout, ok) = run(&[], MIXED.join("\n").as_bytes());
    assert!(ok);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), MIXED.len());
    for (line, text) in lines.iter().zip(MIXED) {
        let expected = score_with(text, Hint::auto()).compound().map_or("unscored".to_owned(), |c| c.to_string());
        assert_eq!(*line, expected, "{text:?}");
    }
    let value = |i: usize| lines[i].parse::<f64>().unwrap();
    assert!(value(0) < -0.3, "a German complaint: {}", lines[0]);
    assert_eq!(lines[1], "unscored", "Norwegian or Danish? Without a prior, not guessed");
    assert!(value(2) > 0.3 && value(3) > 0.3, "French and English praise: {lines:?}");
    assert_eq!(lines[4], "unscored", "Japanese is not scored");
    assert_eq!(lines[5], "unscored", "two letters say no language");
    // The widget's language as prior settles the Scandinavian line, and changes no other.
    let (with_prior, _) = run(&["--prior", "nb"], MIXED.join("\n").as_bytes());
    let with_prior: Vec<&str> = with_prior.lines().collect();
    assert!(with_prior[1].parse::<f64>().unwrap() < -0.3, "a Norwegian complaint: {}", with_prior[1]);
    assert_eq!([with_prior[0], with_prior[2], with_prior[3], with_prior[4]], [lines[0], lines[2], lines[3], lines[4]]);
}

#[test]
fn json_adds_the_language_and_the_status() {
    let (stdout, ok) = run(&["--json"], MIXED.join("\n").as_bytes());
    assert!(ok);
    let values: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let langs: Vec<Option<&str>> = values.iter().map(|v| v["lang"].as_str()).collect();
    assert_eq!(langs, [Some("de"), None, Some("fr"), Some("en"), Some("ja"), None]);
    let statuses: Vec<&str> = values.iter().map(|v| v["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["scored", "low_confidence", "scored", "scored", "unscored_language", "low_confidence"]);
    assert!(values[4]["compound"].is_null() && values[4].get("terms").is_none());
    assert!(values[0]["terms"].as_array().unwrap().iter().any(|t| t["text"] == "schlechter"));
}

#[test]
fn a_forced_language_scores_every_line_in_it_and_a_prior_settles_short_ones() {
    let (forced, ok) = run(&["--lang", "de"], b"Das war gut\nok");
    assert!(ok);
    assert_eq!(forced.lines().count(), 2);
    assert!(forced.lines().next().unwrap().parse::<f64>().unwrap() > 0.0);
    assert_ne!(forced.lines().nth(1), Some("unscored"), "forced: no identification");
    let (unscored, _) = run(&["--lang", "ja"], b"good");
    assert_eq!(unscored, "unscored\n");
    let (with_prior, _) = run(&["--prior", "de"], b"Super, danke!");
    assert!(with_prior.trim().parse::<f64>().unwrap() > 0.0, "{with_prior}");
    let (without, _) = run(&[], b"Super, danke!");
    assert_eq!(without.trim(), "unscored", "too short to tell without a prior");
}
