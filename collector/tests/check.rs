//! `touchpoint check` as a marketer runs it: the real binary, a real file.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/northwind.json")
}

fn touchpoint(args: &[&str]) -> Output {
    support::touchpoint().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn json_output_gives_each_channel_at_the_instant_in_utc() {
    let fixture = fixture();
    let out = touchpoint(&["check", fixture.to_str().unwrap(), "--at", "2025-12-24T12:30:00+01:00", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report,
        json!({"channels": [
            // Christmas Eve special hours close at 13:00; Christmas closure; Monday.
            {"id": "chat", "open": true, "next_open": "2025-12-29T08:00:00Z", "next_close": "2025-12-24T12:00:00Z",
             "reply_by": "2025-12-24T11:35:00Z"},
            // Closed 24 Dec - 1 Jan: four business hours from Friday 2 Jan 08:00.
            {"id": "email", "open": false, "next_open": "2026-01-02T07:00:00Z", "next_close": "2026-01-02T17:00:00Z",
             "reply_by": "2026-01-02T11:00:00Z"},
            // Saturday night in New York; no promise.
            {"id": "night-phone", "open": false, "next_open": "2025-12-28T03:00:00Z", "next_close": "2025-12-28T11:00:00Z",
             "reply_by": null},
            // 24/7 with a wall-clock day.
            {"id": "whatsapp", "open": true, "next_open": null, "next_close": null, "reply_by": "2025-12-25T11:30:00Z"}
        ]})
    );
    assert_eq!(text(&out.stdout).lines().count(), 1, "one JSON object on one line");
}

#[test]
fn text_output_shows_instants_in_utc_and_in_the_channels_zone() {
    let fixture = fixture();
    let out = touchpoint(&["check", fixture.to_str().unwrap(), "--at", "2025-12-24T12:30:00+01:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for line in [
        "Valid: site `northwind`, 4 channels, 3 topics, 2 resources.",
        "At 2025-12-24T11:30:00Z:",
        "chat · Live chat · hours in Europe/Oslo",
        "  next close  2025-12-24T12:00:00Z  (Wed 24 Dec 13:00 Europe/Oslo)",
        "  next open   2025-12-28T03:00:00Z  (Sat 27 Dec 22:00 America/New_York)",
        "  reply by    2026-01-02T11:00:00Z  (Fri 2 Jan 12:00 Europe/Oslo)  (promise PT4H of open time)",
        "whatsapp · WhatsApp · always open",
        "  reply by    no promise",
    ] {
        assert!(stdout.lines().any(|l| l == line), "missing {line:?} in:\n{stdout}");
    }
}

#[test]
fn an_invalid_config_lists_every_problem_with_its_path_and_exits_1() {
    let mut config: Value = serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    config["channels"][0]["hours"]["time_zone"] = json!("Europe/Olso");
    config["channels"][0]["hours"]["weekly"]["mon"] = json!(["18:00-17:00"]);
    config["channels"][1]["handles"] = json!(["billing", "invoices"]);
    config["channels"][2]["hours"]["closed"] = json!([{"date": "2025-02-29"}]);
    config["channels"][3]["response_time_in"] = json!("wallclock");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, config.to_string()).unwrap();

    let out = touchpoint(&["check", path.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing on stdout for an invalid config");
    let stderr = text(&out.stderr);
    let problems: Vec<&str> = stderr.lines().skip(1).map(str::trim).collect();
    assert_eq!(
        problems,
        [
            "channels[0].hours.time_zone: unknown time zone `Europe/Olso`",
            "channels[0].hours.weekly.mon[0]: closing time 17:00 is before opening time 18:00 \
             (an overnight interval must close by 12:00 the next day)",
            "channels[1].handles[1]: unknown topic `invoices` (expected one of: billing, orders, technical)",
            "channels[2].hours.closed[0].date: `2025-02-29` is not a date in the form YYYY-MM-DD",
            "channels[3].response_time_in: `wallclock` is not one of business, wall_clock (did you mean `wall_clock`?)",
        ],
        "{stderr}"
    );
    assert!(stderr.starts_with(&format!("{}: 5 problems:", path.display())), "{stderr}");
}

#[test]
fn unreadable_files_and_bad_instants_fail() {
    let missing = touchpoint(&["check", "/nonexistent/touchpoint.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).starts_with("/nonexistent/touchpoint.json: cannot be read"));

    let fixture = fixture();
    let bad_at = touchpoint(&["check", fixture.to_str().unwrap(), "--at", "2025-12-24 12:30"]);
    assert_eq!(bad_at.status.code(), Some(2), "a usage error, as clap reports them");
    assert!(text(&bad_at.stderr).contains("not an RFC 3339 instant with an offset"));
}

#[test]
fn without_at_it_checks_now() {
    let fixture = fixture();
    let out = touchpoint(&["check", fixture.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["channels"].as_array().map(Vec::len), Some(4));
    assert_eq!(report["channels"][3]["open"], json!(true), "the 24/7 channel is open whenever it is run");
}
