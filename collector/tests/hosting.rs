//! Serving the widget to pages of other origins: the headers of every static file (CORS
//! for public assets, content types, immutable or revalidated caching, ETag/304,
//! precompressed copies), and `touchpoint embed` (the real binary) printing the tag pinned
//! by SRI and writing the files to self-host, refusing a build whose files changed.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::Value;
use touchpoint_collector::embed::integrity;
use touchpoint_collector::{AppState, app};
use tower::ServiceExt;

const LOADER: &[u8] = b"/* the built loader */";
const GLUE: &[u8] = b"export default function init() {}";
const WASM: &[u8] = b"\0asm\x01\0\0\0";
const CSS: &[u8] = b".tp-launcher{color:red}";
const CONFIG: &str = r#"{"site":"northwind"}"#;

/// A www/ and a pkg/ as the build leaves them (files named as scripts/build-dist.mjs names them).
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, bytes: &[u8]| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("www/index.html", b"<!doctype html><title>Demo</title>");
    write("www/touchpoint.js", b"/* the loader's source, which the built one replaces */");
    write("www/touchpoint.config.json", CONFIG.as_bytes());
    write("pkg/root/touchpoint.js", LOADER);
    write("pkg/root/touchpoint.js.br", b"brotli of the loader");
    write("pkg/root/touchpoint.1111111111.js", LOADER);
    write("pkg/touchpoint.2222222222.css", CSS);
    write("pkg/touchpoint.3333333333.js", GLUE);
    write("pkg/touchpoint_bg.4444444444.wasm", WASM);
    write("pkg/touchpoint_bg.4444444444.wasm.br", b"brotli of the wasm");
    write("pkg/touchpoint.js", b"/* the npm package's glue */");
    let manifest = serde_json::json!({
        "version": "9.8.7",
        "loader": {"stable": "root/touchpoint.js", "pinned": "root/touchpoint.1111111111.js", "integrity": integrity(LOADER)},
        "assets": {
            "css": ["pkg/touchpoint.2222222222.css", integrity(CSS)],
            "glue": ["pkg/touchpoint.3333333333.js", integrity(GLUE)],
            "wasm": ["pkg/touchpoint_bg.4444444444.wasm", integrity(WASM)],
        }
    });
    write("pkg/manifest.json", manifest.to_string().as_bytes());
    dir
}

async fn state(dir: &Path) -> (support::TestDb, AppState) {
    let db = support::TestDb::sqlite();
    let state = AppState::new(db.open().await).with_site(dir.join("www"), dir.join("pkg"));
    (db, state)
}

/// GET `path` from a page of another origin, with `extra` request headers.
async fn get(state: &AppState, path: &str, extra: &[(header::HeaderName, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut req =
        Request::get(path).header(header::HOST, "cx.northwind.example").header(header::ORIGIN, "https://shop.example");
    for (name, value) in extra {
        req = req.header(name, *value);
    }
    let res = app(state.clone()).oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = http_body_util::BodyExt::collect(body).await.unwrap().to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

/// What every static answer carries: public to every origin, never with credentials.
fn assert_public(path: &str, headers: &HeaderMap) {
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "{path}");
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none(), "{path}");
    assert!(headers.get(header::SET_COOKIE).is_none(), "{path}");
    assert_eq!(headers["cross-origin-resource-policy"], "cross-origin", "{path}");
    assert_eq!(headers["timing-allow-origin"], "*", "{path}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
}

#[tokio::test]
async fn every_file_the_loader_fetches_is_public_typed_and_cached_by_its_name() {
    let dir = fixture();
    let (_db, s) = state(dir.path()).await;
    let immutable = "public, max-age=31536000, immutable";
    for (path, content_type, cache, body) in [
        ("/touchpoint.js", "text/javascript", "public, max-age=300", LOADER),
        ("/touchpoint.1111111111.js", "text/javascript", immutable, LOADER),
        ("/pkg/touchpoint.2222222222.css", "text/css", immutable, CSS),
        ("/pkg/touchpoint.3333333333.js", "text/javascript", immutable, GLUE),
        ("/pkg/touchpoint_bg.4444444444.wasm", "application/wasm", immutable, WASM),
        ("/touchpoint.config.json", "application/json", "public, max-age=300", CONFIG.as_bytes()),
        ("/", "text/html", "no-cache", b"<!doctype html><title>Demo</title>".as_slice()),
    ] {
        let (status, headers, bytes) = get(&s, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(bytes, body, "{path}: the built file, not the source");
        assert!(
            headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(content_type),
            "{path}: {:?}",
            headers[header::CONTENT_TYPE]
        );
        assert_eq!(headers[header::CACHE_CONTROL], cache, "{path}");
        assert_eq!(headers[header::VARY], "accept-encoding", "{path}");
        assert_public(path, &headers);
        // Revalidated files carry a strong validator; immutable ones are never revalidated.
        assert_eq!(headers.contains_key(header::ETAG), cache != immutable, "{path}");
    }
    let (status, headers, _) = get(&s, "/pkg/missing.js", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "*",
        "a page of another origin sees the 404, not a CORS error"
    );
}

#[tokio::test]
async fn a_revalidation_is_answered_304_while_the_bytes_are_the_same_and_200_once_they_change() {
    let dir = fixture();
    let (_db, s) = state(dir.path()).await;
    let (_, headers, _) = get(&s, "/touchpoint.config.json", &[]).await;
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.len() == 34, "a strong ETag: {etag}");

    for if_none_match in [etag.clone(), format!("W/{etag}"), format!("\"other\", {etag}")] {
        let (status, headers, body) =
            get(&s, "/touchpoint.config.json", &[(header::IF_NONE_MATCH, &if_none_match)]).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{if_none_match}");
        assert!(body.is_empty());
        assert_eq!(headers[header::ETAG], etag.as_str());
        assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=300");
        assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "a cross-origin revalidation may read the 304");
    }

    // Published again, within the same second: the date says "unchanged", the bytes do not.
    let (_, before, _) = get(&s, "/touchpoint.config.json", &[]).await;
    let last_modified = before[header::LAST_MODIFIED].to_str().unwrap().to_owned();
    std::fs::write(dir.path().join("www/touchpoint.config.json"), r#"{"site":"northwind","v":2}"#).unwrap();
    let (status, headers, body) = get(
        &s,
        "/touchpoint.config.json",
        &[(header::IF_NONE_MATCH, &etag), (header::IF_MODIFIED_SINCE, &last_modified)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "If-None-Match decides, not If-Modified-Since");
    assert_eq!(body, br#"{"site":"northwind","v":2}"#);
    assert_ne!(headers[header::ETAG].to_str().unwrap(), etag);
}

#[tokio::test]
async fn browsers_that_accept_brotli_get_the_precompressed_copy() {
    let dir = fixture();
    let (_db, s) = state(dir.path()).await;
    for (path, compressed) in
        [("/pkg/touchpoint_bg.4444444444.wasm", "brotli of the wasm"), ("/touchpoint.js", "brotli of the loader")]
    {
        let (status, headers, body) = get(&s, path, &[(header::ACCEPT_ENCODING, "gzip, deflate, br")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_ENCODING], "br", "{path}");
        assert_eq!(body, compressed.as_bytes(), "{path}");
        assert_eq!(headers[header::VARY], "accept-encoding", "{path}");
    }
    let (_, headers, body) = get(&s, "/pkg/touchpoint.3333333333.js", &[(header::ACCEPT_ENCODING, "br")]).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none(), "no copy: the file itself");
    assert_eq!(body, GLUE);
}

#[tokio::test]
async fn the_api_keeps_its_own_cors_rules() {
    let dir = fixture();
    let (_db, s) = state(dir.path()).await;
    let (status, headers, _) = get(&s, "/v1/responses?site=northwind", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the listing needs a session or a key");
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(), "listing is not for pages of other origins");
    assert!(headers.get(header::CACHE_CONTROL).is_none());
}

fn embed(pkg: &Path, args: &[&str]) -> std::process::Output {
    support::touchpoint().args(["embed", "--pkg", pkg.to_str().unwrap()]).args(args).output().unwrap()
}

#[test]
fn embed_prints_the_tag_pinned_by_the_loaders_hash_and_the_policy_a_host_needs() {
    let dir = fixture();
    let pkg = dir.path().join("pkg");
    let out = embed(&pkg, &["--base", "https://cx.northwind.example"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tag = format!(
        r#"<script async src="https://cx.northwind.example/touchpoint.1111111111.js" integrity="{}" crossorigin="anonymous" data-config="https://cx.northwind.example/touchpoint.config.json"></script>"#,
        integrity(LOADER)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{tag}\n"), "the tag alone on standard output");
    let notes = String::from_utf8(out.stderr).unwrap();
    assert!(notes.contains("  script-src https://cx.northwind.example 'wasm-unsafe-eval'\n"), "{notes}");
    assert!(notes.contains("  connect-src https://cx.northwind.example\n"), "{notes}");

    let out = embed(
        &pkg,
        &["--base", "https://cdn.example.net/tp/", "--config", "https://cx.northwind.example/c.json", "--json"],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["src"], "https://cdn.example.net/tp/touchpoint.1111111111.js");
    assert_eq!(json["integrity"], integrity(LOADER));
    assert_eq!(json["version"], "9.8.7");
    assert_eq!(
        json["csp"]["connect-src"],
        serde_json::json!(["https://cdn.example.net", "https://cx.northwind.example"])
    );
}

#[test]
fn embed_out_writes_what_to_serve_under_the_base_url() {
    let dir = fixture();
    let out_dir = dir.path().join("cdn");
    let out =
        embed(&dir.path().join("pkg"), &["--base", "https://cdn.example.net/tp/", "--out", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files: Vec<String> =
        walk(&out_dir).into_iter().map(|p| p.strip_prefix(&out_dir).unwrap().display().to_string()).collect();
    files.sort();
    assert_eq!(
        files,
        [
            "pkg/touchpoint.2222222222.css",
            "pkg/touchpoint.3333333333.js",
            "pkg/touchpoint_bg.4444444444.wasm",
            "pkg/touchpoint_bg.4444444444.wasm.br",
            "touchpoint.1111111111.js",
            "touchpoint.js",
            "touchpoint.js.br",
        ]
    );
    assert_eq!(std::fs::read(out_dir.join("pkg/touchpoint_bg.4444444444.wasm")).unwrap(), WASM);
}

#[test]
fn embed_refuses_a_build_whose_files_changed_naming_the_file() {
    let dir = fixture();
    let pkg = dir.path().join("pkg");
    std::fs::write(pkg.join("touchpoint.3333333333.js"), b"export default function init() { steal() }").unwrap();
    let out = embed(&pkg, &["--base", "https://cx.northwind.example/"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no tag for files the browser would refuse");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("touchpoint.3333333333.js: its SHA-384 is sha384-"), "{stderr}");
    assert!(stderr.contains(&format!("the build recorded {}: rebuild the widget", integrity(GLUE))), "{stderr}");

    let out = embed(&dir.path().join("nowhere"), &["--base", "https://cx.northwind.example/"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("manifest.json: No such file or directory"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() { walk(&path) } else { vec![path] }
        })
        .collect()
}
