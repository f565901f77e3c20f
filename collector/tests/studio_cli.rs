//! The account, key, site and publishing commands through the real `touchpoint` binary,
//! as an operator runs them (the password on standard input, the key alone on standard
//! output), on SQLite and PostgreSQL; what they store is then used through the API.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::io::Write as _;
use std::process::{Output, Stdio};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use touchpoint_collector::{AppState, app};
use tower::ServiceExt;

use support::{TestDb, touchpoint};

const PASSWORD: &str = "correct horse battery";
const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../www/touchpoint.config.json");

/// Runs `touchpoint args…` with `stdin` piped in (never a terminal here).
fn exec(args: &[&str], stdin: &str) -> Output {
    let mut child = touchpoint()
        .args(args)
        .env_remove("TOUCHPOINT_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs it with `--db`, expecting success; standard output and standard error.
fn ok(db: &TestDb, args: &[&str], stdin: &str) -> (String, String) {
    let out = exec(&[args, &["--db", &db.arg()]].concat(), stdin);
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert!(out.status.success(), "touchpoint {args:?} failed:\n{stderr}");
    (stdout, stderr)
}

/// Runs it with `--db`, expecting exit code 1; standard error.
fn fails(db: &TestDb, args: &[&str], stdin: &str) -> String {
    let out = exec(&[args, &["--db", &db.arg()]].concat(), stdin);
    assert_eq!(out.status.code(), Some(1), "touchpoint {args:?} should fail");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

async fn call(state: &AppState, req: Request<Body>) -> (StatusCode, String) {
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    (status, String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap())
}

async fn sign_in(state: &AppState, email: &str, password: &str) -> StatusCode {
    let body = json!({"email": email, "password": password}).to_string();
    let req = Request::post("/v1/session").header(header::HOST, "cx.example").body(Body::from(body)).unwrap();
    call(state, req).await.0
}

on_both! {
    /// The first admin is made from the shell and signs in to Studio with that password.
    async fn the_first_admin_is_made_from_the_shell_and_signs_in(db) {
        let (stdout, stderr) = ok(&db, &["user", "add", "Ada@Northwind.example", "--role", "admin"], &format!("{PASSWORD}\n"));
        assert_eq!((stdout.as_str(), stderr.as_str()), ("", "added admin ada@northwind.example\n"));
        assert!(fails(&db, &["user", "add", "ada@northwind.example", "--role", "viewer"], &format!("{PASSWORD}\n")).contains("user ada@northwind.example exists"));
        assert!(fails(&db, &["user", "add", "bo@northwind.example", "--role", "viewer"], "").contains("no password on standard input"));
        assert!(fails(&db, &["user", "add", "bo@northwind.example", "--role", "viewer"], "short\n").contains("the password must be at least 8 characters"));
        assert!(fails(&db, &["user", "add", "ada", "--role", "viewer"], "").contains("`ada` is not an email address"));
        assert!(fails(&db, &["user", "add", "bo@northwind.example", "--role", "admin", "--site", "northwind"], "").contains("--site does not apply to admins"));
        let (stdout, _) = ok(&db, &["user", "add", "bo@northwind.example", "--role", "editor", "--site", "northwind", "--site", "contoso"], &format!("{PASSWORD}\r\n"));
        assert_eq!(stdout, "");

        let (list, _) = ok(&db, &["user", "list"], "");
        let lines: Vec<&str> = list.lines().collect();
        assert_eq!(lines.len(), 3, "{list}");
        assert!(lines[0].starts_with("email") && lines[0].contains("role"), "{list}");
        assert!(lines[1].starts_with("ada@northwind.example  admin   all "), "{list}");
        assert!(lines[2].contains("editor  northwind,contoso") && lines[2].ends_with("active"), "{list}");

        let state = AppState::new(db.open().await);
        assert_eq!(sign_in(&state, "ada@northwind.example", PASSWORD).await, StatusCode::OK);
        assert_eq!(sign_in(&state, "bo@northwind.example", PASSWORD).await, StatusCode::OK, "a trailing CR is not part of the password");

        assert!(fails(&db, &["user", "remove", "ada@northwind.example"], "").contains("is the last admin who can sign in"));
        ok(&db, &["user", "password", "bo@northwind.example"], "a brand new password\n");
        assert_eq!(sign_in(&state, "bo@northwind.example", PASSWORD).await, StatusCode::UNAUTHORIZED);
        assert_eq!(sign_in(&state, "bo@northwind.example", "a brand new password").await, StatusCode::OK);
        let (_, stderr) = ok(&db, &["user", "remove", "bo@northwind.example"], "");
        assert_eq!(stderr, "removed bo@northwind.example\n");
        assert!(fails(&db, &["user", "remove", "bo@northwind.example"], "").contains("no user bo@northwind.example"));
    }
}

on_both! {
    /// `key add` prints the key once, alone on standard output; it reads its site and no other.
    async fn a_read_key_is_printed_once_alone_on_standard_output(db) {
        let (stdout, stderr) = ok(&db, &["key", "add", "--site", "northwind", "--scope", "read"], "");
        let key = stdout.strip_suffix('\n').unwrap();
        assert!(key.starts_with("tp_") && key.len() == 46 && !key.contains(char::is_whitespace), "{stdout:?}");
        assert!(stderr.contains("reads site northwind; it is shown only this once"), "{stderr}");
        assert!(stderr.contains("site northwind is not in the database"), "{stderr}");

        let state = AppState::new(db.open().await);
        let read = |site: &str| {
            Request::get(format!("/v1/responses?site={site}")).header(header::AUTHORIZATION, format!("Bearer {key}")).body(Body::empty()).unwrap()
        };
        assert_eq!(call(&state, read("northwind")).await.0, StatusCode::OK);
        assert_eq!(call(&state, read("contoso")).await.0, StatusCode::FORBIDDEN);

        let (list, _) = ok(&db, &["key", "list", "--site", "northwind"], "");
        assert!(list.contains(&format!("{}…", &key[..8])), "{list}");
        assert!(!list.contains(key), "never the key itself");
        assert!(!list.contains("never"), "its use was recorded: {list}");
        let id = list.lines().nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
        let (_, stderr) = ok(&db, &["key", "remove", &id], "");
        assert_eq!(stderr, format!("revoked key {id}\n"));
        assert_eq!(call(&state, read("northwind")).await.0, StatusCode::UNAUTHORIZED);
        assert!(fails(&db, &["key", "remove", &id], "").contains(&format!("no key {id}")));
        assert!(fails(&db, &["key", "add", "--site", "North Wind"], "").contains("is not a site id"));
    }
}

on_both! {
    /// Sites and configurations from the shell: a file in git published as a new version,
    /// never over a newer one silently; `check --db --site` reads the published version.
    async fn configurations_are_published_and_checked_from_the_shell(db) {
        ok(&db, &["site", "add", "northwind", "--origin", "https://www.northwind.example", "--retention-days", "365"], "");
        let refused = fails(&db, &["site", "add", "bad", "--origin", "ftp://x", "--retention-days", "0"], "");
        assert!(refused.contains("`ftp://x` is not an origin") && refused.contains("must be between 1 and 36500"), "{refused}");
        assert!(fails(&db, &["site", "add", "northwind"], "").contains("site northwind exists"));

        let (_, stderr) = ok(&db, &["publish", CONFIG, "--note", "From git"], "");
        assert_eq!(stderr, "published version 1 of site northwind\n");
        let (_, stderr) = ok(&db, &["publish", CONFIG, "--author", "ci@northwind.example"], "");
        assert_eq!(stderr, "published version 2 of site northwind\n", "on top of the latest");

        let dir = tempfile::tempdir().unwrap();
        let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(CONFIG).unwrap()).unwrap();
        doc["channels"][0]["href"] = json!("not a link");
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, doc.to_string()).unwrap();
        let refused = fails(&db, &["publish", bad.to_str().unwrap()], "");
        assert!(refused.contains("1 problem:\n  channels[0].href: must be an https: link") && refused.ends_with("nothing was published\n"), "{refused}");
        doc["channels"][0]["href"] = json!("/chat");
        doc["site"] = json!("contoso");
        let contoso = dir.path().join("contoso.json");
        std::fs::write(&contoso, doc.to_string()).unwrap();
        let (_, stderr) = ok(&db, &["publish", contoso.to_str().unwrap()], "");
        assert_eq!(stderr, "published version 1 of site contoso\n", "the site is made from the file");

        let (list, _) = ok(&db, &["site", "list"], "");
        let rows: Vec<Vec<&str>> = list.lines().map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(rows[1][..5], ["contoso", "-", "forever", "v1", "by"], "{list}");
        assert_eq!(rows[2][..7], ["northwind", "https://www.northwind.example", "365", "days", "v2", "by", "ci@northwind.example"], "{list}");

        let at = ["--at", "2026-03-14T09:00:00Z"];
        let (published, _) = ok(&db, &[&["check", "--site", "northwind"][..], &at].concat(), "");
        let from_file = exec(&[&["check", CONFIG][..], &at].concat(), "");
        assert_eq!(published, String::from_utf8(from_file.stdout).unwrap(), "the same check as the file's");
        assert!(fails(&db, &["check", "--site", "nowhere"], "").contains("site nowhere has no published configuration"));

        let state = AppState::new(db.open().await);
        let (status, served) = call(&state, Request::get("/v1/sites/northwind/config").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(served, std::fs::read_to_string(CONFIG).unwrap().trim_end(), "the file as it is in git");
        let versions = state.db.versions("northwind").await.unwrap();
        assert_eq!((versions[1].note.as_deref(), versions[0].author.as_str()), (Some("From git"), "ci@northwind.example"));
    }
}

#[test]
fn the_schema_command_prints_the_schema_the_collector_serves() {
    let out = exec(&["schema"], "");
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, touchpoint_core::schema::config_schema());
}
