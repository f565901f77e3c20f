//! `touchpoint export-all` and `touchpoint import`, the real binary as an operator runs
//! it: SQLite → PostgreSQL → SQLite gives back the same file and the same listings.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::json;
use support::{BIN, TestDb};
use touchpoint_collector::Db;
use touchpoint_collector::db::StoredRow;

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("TOUCHPOINT_DB")
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn export(db: &TestDb) -> Vec<u8> {
    let out = run(&["export-all", "--db", &db.arg()], b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn import(db: &TestDb, file: &[u8]) -> String {
    let out = run(&["import", "--db", &db.arg()], file);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stderr).unwrap()
}

/// Every kind of body the collector stores: a follow-up with journey, sentiment and
/// stage; a panel answer with text needing escapes; a bare rating. 2,500 rows in all,
/// so the export pages and import batches are crossed more than once.
async fn fill(db: &Db) {
    let follow_up = json!({
        "v": 1, "site": "northwind", "touchpoint": "reply-check", "created_at": 1_773_824_400_000_i64,
        "answers": [{"kind": "csat", "question": "csat", "value": 2},
                    {"kind": "text", "question": "wrong", "text": "Late \"again\" — ünïcode & a\nnewline"}],
        "stage": "get_help", "sentiment": {"compound": -0.3089, "label": "negative"}, "score": -0.4522,
        "journey": {"id": "5d3c1a2b-8e4f-4a6b-9c7d-2e1f0a9b8c7d", "score": -0.4522, "trend": 0, "count": 1,
                    "moved_most": "reply-check", "moved_by": -0.4522},
        "follow_up": {"channel": "email", "topic": "returns", "contacted_at": 1_773_738_000_000_i64,
                      "promised_by": 1_773_752_400_000_i64, "outcome": "late"}
    });
    for n in 0..2_500 {
        let mut body = if n % 3 == 0 {
            follow_up.clone()
        } else {
            serde_json::from_str(&support::submission(7, n, "contoso")).unwrap()
        };
        body["id"] = json!(format!("1b6f7c3e-2f1a-4c8e-9d57-{n:012}"));
        // Several rows per millisecond, so the (received_at, id) order is exercised.
        let row = StoredRow::from_body(&body.to_string(), 1_795_000_000_000 + (n as i64 / 4)).unwrap();
        db.insert(row).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres_to_sqlite_round_trips_unchanged() {
    let (first, pg, last) = (TestDb::sqlite(), TestDb::postgres().await, TestDb::sqlite());
    let source = first.open().await;
    fill(&source).await;

    let a = export(&first);
    assert_eq!(a.iter().filter(|b| **b == b'\n').count(), 2_501, "a header and one line per submission");
    assert!(a.starts_with(b"{\"type\":\"touchpoint-export\",\"format\":1}\n"));
    assert_eq!(import(&pg, &a), "imported 2500 submissions (0 already stored, skipped)\n");
    let b = export(&pg);
    assert!(a == b, "PostgreSQL exports the same file");
    assert_eq!(import(&last, &b), "imported 2500 submissions (0 already stored, skipped)\n");
    assert!(export(&last) == a, "and back in SQLite, still the same file");
    assert_eq!(import(&last, &b), "imported 0 submissions (2500 already stored, skipped)\n", "importing twice is safe");

    let (pg, last) = (pg.open().await, last.open().await);
    for site in ["northwind", "contoso"] {
        let listed = source.list(site, 5_000).await.unwrap();
        let key = |rows: Vec<serde_json::Value>| {
            let mut rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
            rows.sort();
            rows
        };
        assert_eq!(key(pg.list(site, 5_000).await.unwrap()), key(listed.clone()), "{site} on PostgreSQL");
        assert_eq!(last.list(site, 5_000).await.unwrap(), listed, "{site} back on SQLite, in order");
        assert_eq!(pg.promises(site).await.unwrap(), source.promises(site).await.unwrap());
    }
    // The journey column came along: forgetting works on the imported copy.
    assert_eq!(last.forget_journey("5d3c1a2b-8e4f-4a6b-9c7d-2e1f0a9b8c7d").await.unwrap(), 834);
}

#[tokio::test]
async fn a_damaged_export_names_every_bad_line_and_imports_nothing() {
    let db = TestDb::sqlite();
    let good = support::submission(8, 1, "northwind");
    let file = format!(
        "{{\"type\":\"touchpoint-export\",\"format\":1}}\n\
         {{\"type\":\"submission\",\"received_at\":1,\"submission\":{good}}}\n\
         {{\"type\":\"submission\",\"received_at\":2,\"submission\":{{\"v\":1}}}}\n\
         {{\"type\":\"user\",\"email\":\"a@b.example\"}}\n\
         {{\"type\":\"site\"}}\n\
         not json\n"
    );
    let out = run(&["import", "--db", &db.arg()], file.as_bytes());
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "touchpoint: line 3: submission: invalid submission: 5 problems:\n  id: is required\n",
        "\nline 4: not a record: unknown field `email`, expected one of `type`, `format`, `received_at`, `submission`",
        "\nline 5: unknown record type `site`: made by a newer touchpoint?\n",
        "\nline 6: not a record: expected ident",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
    assert!(stderr.ends_with("\nnothing was imported\n"), "{stderr}");
    assert_eq!(db.open().await.count_all().await.unwrap(), 0, "not even line 2");

    let out = run(&["import", "--db", &db.arg()], b"{\"type\":\"touchpoint-export\",\"format\":2}\n");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("line 1: format 2 is not one this build reads (1): use a newer touchpoint")
    );
    let out = run(&["import", "--db", &db.arg()], good.as_bytes());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: not a record: unknown field `answers`"));
}

#[test]
fn the_database_can_come_from_the_environment() {
    let db = TestDb::sqlite();
    let out = Command::new(BIN).args(["export-all"]).env("TOUCHPOINT_DB", db.arg()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, b"{\"type\":\"touchpoint-export\",\"format\":1}\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "exported 0 submissions\n");
}
