//! `touchpoint score` as a user runs it: the real binary, texts on stdin.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::io::Write;
use std::process::Stdio;

use touchpoint_core::sentiment::score;

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
    let (stdout, ok) = run(&[], input.as_bytes());
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
    let (stdout, ok) = run(&["--json"], TEXTS.join("\n").as_bytes());
    assert!(ok);
    let values: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(values.len(), TEXTS.len());
    assert_eq!(values[1], serde_json::to_value(score(TEXTS[1])).unwrap());
    assert_eq!(values[1]["label"], "negative");
    let terms: Vec<&str> = values[1]["terms"].as_array().unwrap().iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(terms, ["on hold", "hung up"]);
}

#[test]
fn empty_input_writes_nothing() {
    assert_eq!(run(&[], b""), (String::new(), true));
}
