//! `touchpoint export-all` and `touchpoint import`, the real binary as an operator runs
//! it: SQLite → PostgreSQL → SQLite gives back the same file and the same listings, with
//! Studio's sites, users (password hashes), keys (key hashes) and configuration versions.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::json;
use support::{BIN, TestDb};
use touchpoint_collector::Db;
use touchpoint_collector::db::{Base, NewVersion, Role, SiteRow, StoredRow, User};

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

/// An argon2id PHC string as `touchpoint user add` stores one (which password it hashes does not matter here).
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Q7ySlSgkZ1c1nQG4s5a0tGtA0jbWbH7eTGoYl3j3HE";

/// Studio's records: two sites, two users, a key, three versions (one document with
/// spacing, key order and characters that only survive byte for byte).
async fn fill_studio(db: &Db) {
    let site = |id: &str, origins: &[&str], days| SiteRow {
        id: id.into(),
        origins: origins.iter().map(|o| (*o).to_owned()).collect(),
        retention_days: days,
        created_at: 1_795_000_000_000,
    };
    db.create_site(site("northwind", &["https://www.northwind.example"], Some(365))).await.unwrap().unwrap();
    db.create_site(site("contoso", &[], None)).await.unwrap().unwrap();
    for (email, role, sites) in [
        ("ada@northwind.example", Role::Admin, None),
        ("bo@contoso.example", Role::Editor, Some(vec!["contoso".to_owned()])),
    ] {
        let user = User {
            email: email.into(),
            role,
            sites,
            password_hash: HASH.into(),
            created_at: 1_795_000_000_001,
            disabled: false,
        };
        db.create_user(user).await.unwrap().unwrap();
    }
    let (_, key) = touchpoint_collector::studio::new_key("northwind", 1_795_000_000_002).unwrap();
    db.create_key(key).await.unwrap();
    let documents = [
        ("northwind", "{\"site\":\"northwind\",  \"z\": 1, \"a\": \"ünïcode \\u00e9 \\\"quoted\\\"\"}"),
        ("northwind", "{\"site\":\"northwind\"}"),
        ("contoso", "{\n  \"site\": \"contoso\"\n}"),
    ];
    for (n, (site, document)) in documents.into_iter().enumerate() {
        let version = NewVersion {
            site: site.into(),
            base: Base::Latest,
            document: document.into(),
            author: "ada@northwind.example".into(),
            note: (n == 0).then(|| "First \"cut\"".into()),
            at: 1_795_000_000_010 + n as i64,
            draft_of: None,
        };
        db.publish(version).await.unwrap();
    }
}

const STUDIO_LINES: usize = 2 + 2 + 1 + 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres_to_sqlite_round_trips_unchanged() {
    let (first, pg, last) = (TestDb::sqlite(), TestDb::postgres().await, TestDb::sqlite());
    let source = first.open().await;
    fill(&source).await;
    fill_studio(&source).await;

    let a = export(&first);
    assert_eq!(a.iter().filter(|b| **b == b'\n').count(), 2_501 + STUDIO_LINES, "a header and one line per record");
    assert!(a.starts_with(b"{\"type\":\"touchpoint-export\",\"format\":1}\n"));
    let text = String::from_utf8(a.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1],
        r#"{"type":"site","id":"contoso","origins":[],"retention_days":null,"created_at":1795000000000}"#
    );
    assert!(lines[3].starts_with(
        r#"{"type":"user","email":"ada@northwind.example","role":"admin","sites":null,"password_hash":"$argon2id$"#
    ));
    assert!(lines[5].starts_with(r#"{"type":"api_key","id":""#) && lines[5].contains(r#""key_hash":""#));
    assert_eq!(
        lines[7],
        r#"{"type":"config_version","site":"northwind","version":1,"author":"ada@northwind.example","created_at":1795000000010,"note":"First \"cut\"","document":"{\"site\":\"northwind\",  \"z\": 1, \"a\": \"ünïcode \\u00e9 \\\"quoted\\\"\"}"}"#,
        "the document byte for byte"
    );
    // What an import says: everything new, or everything already there.
    let summary = |fresh: bool| {
        let part = |total: u64, what: &str| {
            let (created, skipped) = if fresh { (total, 0) } else { (0, total) };
            format!("{created} {what} ({skipped} already stored, skipped)")
        };
        format!(
            "imported {}; {}, {}, {}, {}\n",
            part(2_500, "submissions"),
            part(2, "sites"),
            part(2, "users"),
            part(1, "keys"),
            part(3, "configuration versions")
        )
    };
    assert_eq!(import(&pg, &a), summary(true));
    let b = export(&pg);
    assert!(a == b, "PostgreSQL exports the same file");
    assert_eq!(import(&last, &b), summary(true));
    assert!(export(&last) == a, "and back in SQLite, still the same file");
    assert_eq!(import(&last, &b), summary(false), "importing twice is safe");

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
    // Studio's rows too: a user signs in with the same hash, a version reads back byte for byte.
    assert_eq!(last.user("ada@northwind.example").await.unwrap().unwrap().password_hash, HASH);
    assert_eq!(pg.versions("northwind").await.unwrap(), source.versions("northwind").await.unwrap());
    assert_eq!(pg.version("contoso", Some(1)).await.unwrap(), source.version("contoso", Some(1)).await.unwrap());
    assert_eq!(pg.export_keys().await.unwrap(), source.export_keys().await.unwrap());
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
         not json\n\
         {{\"type\":\"user\",\"email\":\"ada@example.com\",\"role\":\"admin\",\"sites\":null,\"password_hash\":\"hunter2\",\"created_at\":1,\"disabled\":false}}\n\
         {{\"type\":\"session\"}}\n"
    );
    let out = run(&["import", "--db", &db.arg()], file.as_bytes());
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "touchpoint: line 3: submission: invalid submission: 5 problems:\n  id: is required\n",
        "\nline 4: not a record: missing field `role`",
        "\nline 5: not a record: missing field `id`",
        "\nline 6: not a record: expected ident",
        "\nline 7: user ada@example.com: `password_hash` is not an argon2 hash",
        "\nline 8: unknown record type `session`: made by a newer touchpoint?\n",
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
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: not a record: missing field `type`"));
}

#[test]
fn the_database_can_come_from_the_environment() {
    let db = TestDb::sqlite();
    let out = Command::new(BIN).args(["export-all"]).env("TOUCHPOINT_DB", db.arg()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, b"{\"type\":\"touchpoint-export\",\"format\":1}\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "exported 0 submissions, 0 sites, 0 users, 0 keys, 0 configuration versions\n"
    );
}
