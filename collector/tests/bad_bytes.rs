//! Bad bytes never crash the collector. Property tests feed the wire parser
//! (`Submission::from_json`) and the real router (`oneshot`, a real SQLite file)
//! arbitrary bytes and valid submissions mutated as a fuzzer or a broken client
//! would: byte flips, truncation, inserted bytes, fields deleted, duplicated or
//! given another type, huge numbers, and nesting tens of thousands deep.
//!
//! Beyond "no panic", each answer is checked against the parser: a post is
//! stored (201 or 200 duplicate, and then it is in the database) exactly when the
//! parser accepts it, 400 exactly when the parser calls it malformed, 422 when
//! invalid, 413 when over the limit; any route, with any method, path, query,
//! headers and body, answers below 500; and a static file is served only from
//! the directories it was given.
//!
//! `make test` runs a few thousand cases of each (a few seconds); a longer run:
//! `PROPTEST_CASES=200000 cargo test -p touchpoint-collector --release --test bad_bytes`.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRunner};
use serde_json::{Value, json};
use touchpoint_collector::api::BODY_LIMIT;
use touchpoint_collector::sites::Sites;
use touchpoint_collector::{AppState, app};
use touchpoint_core::Submission;
use touchpoint_core::wire::WireError;
use tower::ServiceExt;

use support::TestDb;

/// Cases per property: `PROPTEST_CASES`, or `default`.
fn runner(default: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    // XorShift: ChaCha, the default, is most of a case's time in a debug build.
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    })
}

/// Valid submissions to mutate: the smallest, one with every optional part and every
/// answer kind, and one with the honeypot filled in.
fn seeds() -> Vec<Value> {
    let minimal = json!({
        "v": 1, "id": "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44", "site": "northwind", "touchpoint": "help-panel",
        "created_at": 1_795_000_000_000_i64, "answers": [{"kind": "csat", "question": "csat", "value": 4}]
    });
    let full = json!({
        "v": 1, "id": "1c2d3e4f-2f1a-4c8e-9d57-3c2a1f0e9b44", "site": "northwind", "touchpoint": "reply-check",
        "created_at": 1_795_000_000_000_i64,
        "answers": [
            {"kind": "csat", "question": "csat", "value": 2},
            {"kind": "nps", "question": "nps", "value": 0},
            {"kind": "ces", "question": "ces", "value": 7},
            {"kind": "emoji", "question": "face", "value": 1},
            {"kind": "thumbs", "question": "helpful", "up": false},
            {"kind": "single_choice", "question": "why", "option": "slow"},
            {"kind": "multiple_choice", "question": "what", "options": ["price", "staff"]},
            {"kind": "text", "question": "comment", "text": "Quick – «ÆØÅ» 👍 mail me at a@b.example"},
            {"kind": "text_withheld", "question": "other"}
        ],
        "stage": "get_help",
        "sentiment": {"compound": -0.6249, "label": "negative"},
        "score": -0.43,
        "journey": {"id": "7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0e11", "score": -0.125, "trend": -0.3, "count": 4,
                    "moved_most": "reply-check", "moved_by": -0.3},
        "follow_up": {"channel": "email", "topic": "billing", "contacted_at": 1_794_900_000_000_i64,
                      "promised_by": 1_794_990_000_000_i64, "outcome": "late", "replied_at": 1_794_999_000_000_i64}
    });
    let mut bot = minimal.clone();
    bot["id"] = json!("2c2d3e4f-2f1a-4c8e-9d57-3c2a1f0e9b44");
    bot["website"] = json!("https://cheap.example");
    vec![minimal, full, bot]
}

/// JSON that is valid but hostile: huge and odd numbers, deep nesting, long and odd strings.
fn nasty_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1e999".to_owned()),
        Just("-1e999".to_owned()),
        Just("1e-999".to_owned()),
        Just("-0".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("-9223372036854775809".to_owned()),
        Just("9007199254740993".to_owned()),
        Just("1.7976931348623157e308".to_owned()),
        Just(format!("1{}", "0".repeat(400))),
        Just("0.1e1".to_owned()),
        Just("4.0".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("\"\"".to_owned()),
        Just("\"\\u0000\\ud800\"".to_owned()),
        Just("{}".to_owned()),
        Just("[]".to_owned()),
        (1usize..20_000).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        (1usize..10_000).prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))),
        (1usize..60_000).prop_map(|n| format!("\"{}\"", "x".repeat(n))),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| serde_json::to_string(&f).unwrap()),
        "\\PC{0,40}".prop_map(|s| serde_json::to_string(&s).unwrap()),
    ]
}

/// One change to a submission's JSON tree, at the `pick`-th node (wrapping).
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Replace(usize, String),
    /// A second copy of a field with another value: the duplicate key the tree cannot hold, made in the text.
    Duplicate(usize, String),
    Add(usize, String, String),
}

/// One change to the bytes.
#[derive(Debug, Clone)]
enum Splice {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), nasty_value()).prop_map(|(at, v)| Edit::Replace(at, v)),
        (any::<usize>(), nasty_value()).prop_map(|(at, v)| Edit::Duplicate(at, v)),
        (any::<usize>(), "[a-z_]{1,12}", nasty_value()).prop_map(|(at, k, v)| Edit::Add(at, k, v)),
    ]
}

fn splice() -> impl Strategy<Value = Splice> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Splice::Flip(at, b)),
        any::<usize>().prop_map(Splice::Truncate),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16)).prop_map(|(at, b)| Splice::Insert(at, b)),
        (any::<usize>(), 1usize..32).prop_map(|(at, n)| Splice::Remove(at, n)),
    ]
}

/// Every path to an object member or array item in `value`, for edits to pick from.
fn paths(value: &Value, at: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(PathStep::Key(k.clone()));
                out.push(at.clone());
                paths(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(PathStep::Index(i));
                out.push(at.clone());
                paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

/// The container holding the node at `path`, and the node's key or index in it.
fn parent<'a>(root: &'a mut Value, path: &[PathStep]) -> Option<(&'a mut Value, PathStep)> {
    let (last, init) = path.split_last()?;
    let mut node = root;
    for step in init {
        node = match step {
            PathStep::Key(k) => node.get_mut(k)?,
            PathStep::Index(i) => node.get_mut(*i)?,
        };
    }
    Some((node, last.clone()))
}

/// A placeholder swapped for raw text after serialising, so a value can be any JSON
/// text (numbers serde_json would not keep, nesting it would refuse to build).
const HOLE: &str = "\u{1}HOLE\u{1}";

/// Applies `edits` to `seed` and serialises it, with raw values in their holes.
fn edited(seed: &Value, edits: &[Edit]) -> Vec<u8> {
    let mut value = seed.clone();
    let mut raws: Vec<String> = Vec::new();
    let mut duplicates: Vec<(String, String)> = Vec::new();
    for edit in edits {
        let mut all = Vec::new();
        paths(&value, &mut Vec::new(), &mut all);
        let pick = |at: usize| all.get(at % all.len().max(1)).cloned().unwrap_or_default();
        let hole = |raws: &mut Vec<String>, raw: &str| {
            raws.push(raw.to_owned());
            Value::String(format!("{HOLE}{}", raws.len() - 1))
        };
        match edit {
            Edit::Delete(at) => {
                if let Some((container, step)) = parent(&mut value, &pick(*at)) {
                    match (container, step) {
                        (Value::Object(map), PathStep::Key(k)) => drop(map.remove(&k)),
                        (Value::Array(items), PathStep::Index(i)) if i < items.len() => drop(items.remove(i)),
                        _ => {}
                    }
                }
            }
            Edit::Replace(at, raw) => {
                let new = hole(&mut raws, raw);
                if let Some((container, step)) = parent(&mut value, &pick(*at)) {
                    match (container, step) {
                        (Value::Object(map), PathStep::Key(k)) => drop(map.insert(k, new)),
                        (Value::Array(items), PathStep::Index(i)) if i < items.len() => items[i] = new,
                        _ => {}
                    }
                }
            }
            Edit::Duplicate(at, raw) => {
                if let Some(PathStep::Key(k)) = pick(*at).last() {
                    duplicates.push((k.clone(), raw.clone()));
                }
            }
            Edit::Add(at, key, raw) => {
                let new = hole(&mut raws, raw);
                let path = pick(*at);
                let target = match parent(&mut value, &path) {
                    Some((container, PathStep::Key(k))) => container.get_mut(&k),
                    Some((container, PathStep::Index(i))) => container.get_mut(i),
                    None => None,
                };
                if let Some(Value::Object(map)) = target {
                    map.insert(key.clone(), new);
                } else if let Value::Object(map) = &mut value {
                    map.insert(key.clone(), new);
                }
            }
        }
    }
    let mut text = value.to_string();
    // Highest hole first, so "HOLE1" is not found inside "HOLE12".
    for (i, raw) in raws.iter().enumerate().rev() {
        text = text.replace(&format!("\"{}{i}\"", HOLE.replace('\u{1}', "\\u0001")), raw);
    }
    // A duplicate key goes first in the outermost object that has none of the same name before it.
    for (key, raw) in duplicates {
        let key = serde_json::to_string(&key).unwrap();
        if let Some(stripped) = text.strip_prefix('{') {
            text = format!("{{{key}:{raw},{stripped}");
        }
    }
    text.into_bytes()
}

fn spliced(mut bytes: Vec<u8>, splices: &[Splice]) -> Vec<u8> {
    for s in splices {
        let len = bytes.len().max(1);
        match s {
            Splice::Flip(at, b) => {
                if let Some(x) = bytes.get_mut(at % len) {
                    *x ^= b | 1;
                }
            }
            Splice::Truncate(at) => bytes.truncate(at % len),
            Splice::Insert(at, b) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, b.iter().copied());
            }
            Splice::Remove(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    bytes
}

/// A seed with up to three edits.
fn edited_seed() -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds();
    (0..seeds.len(), proptest::collection::vec(edit(), 0..4)).prop_map(move |(s, edits)| edited(&seeds[s], &edits))
}

/// Bodies: arbitrary bytes, edited submissions, edited then spliced, and nesting alone.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => proptest::collection::vec(any::<u8>(), 0..512),
        4 => edited_seed(),
        3 => (edited_seed(), proptest::collection::vec(splice(), 1..4)).prop_map(|(b, s)| spliced(b, &s)),
        1 => (1usize..60_000, prop_oneof![Just("["), Just("{\"a\":"), Just("[{\"x\":")])
            .prop_map(|(n, open)| open.repeat(n).into_bytes()),
    ]
}

/// What the parser says of a body, in the router's terms.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Stored,
    Bot,
    Malformed,
    Invalid,
}

fn parse(body: &[u8]) -> (Verdict, Option<Submission>) {
    match Submission::from_json(body) {
        Ok(s) if s.is_bot() => (Verdict::Bot, Some(s)),
        Ok(s) => (Verdict::Stored, Some(s)),
        Err(WireError::Malformed(_)) => (Verdict::Malformed, None),
        Err(WireError::Invalid(_)) => (Verdict::Invalid, None),
    }
}

#[test]
fn the_seeds_are_valid_so_mutations_start_from_real_submissions() {
    let verdicts: Vec<Verdict> = seeds().iter().map(|s| parse(s.to_string().as_bytes()).0).collect();
    assert_eq!(verdicts, [Verdict::Stored, Verdict::Stored, Verdict::Bot]);
    // A replaced value is carried through as raw text, even one serde_json would rewrite.
    let raw = edited(&seeds()[0], &[Edit::Replace(0, "1.0e0".into())]);
    assert!(String::from_utf8(raw).unwrap().starts_with("{\"answers\":1.0e0,"));
}

#[test]
fn the_parser_never_panics_and_what_it_accepts_reads_back_the_same() {
    let mut runner = runner(4_000);
    let seen = std::cell::RefCell::new(std::collections::BTreeMap::<String, usize>::new());
    runner
        .run(&body(), |bytes| {
            let (verdict, submission) = parse(&bytes);
            *seen.borrow_mut().entry(format!("{verdict:?}")).or_default() += 1;
            if let Some(submission) = submission {
                let again = Submission::from_json(submission.to_json().as_bytes())
                    .map_err(|e| TestCaseError::fail(format!("its own output refused: {e:?}")))?;
                prop_assert_eq!(again, submission);
            }
            Ok(())
        })
        .unwrap();
    // The mutations are neither all fatal nor all harmless: every verdict is reached.
    let seen = seen.into_inner();
    eprintln!("verdicts: {seen:?}");
    assert_eq!(seen.len(), 4, "{seen:?}");
}

/// A collector over a fresh SQLite file with limits far above the test's pace.
async fn state(db: &TestDb) -> AppState {
    let limit = r#"{"per_minute": 10000000, "burst": 10000000}"#;
    let sites = Sites::from_json(&format!(r#"{{"rate_limits": {{"per_ip": {limit}, "per_site": {limit}}}}}"#)).unwrap();
    AppState::with_sites(db.open().await, sites)
}

#[test]
fn every_post_is_answered_as_the_parser_judges_it_and_stored_exactly_when_accepted() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let db = TestDb::sqlite();
    let state = rt.block_on(state(&db));
    let mut runner = runner(2_000);
    runner
        .run(&body(), |bytes| {
            rt.block_on(async {
                let (verdict, submission) = parse(&bytes);
                let req = Request::post("/v1/submissions")
                    .header("content-type", "text/plain;charset=UTF-8")
                    .body(Body::from(bytes.clone()))
                    .unwrap();
                let res = app(state.clone()).oneshot(req).await.unwrap();
                let status = res.status();
                res.into_body().collect().await.unwrap();
                let expected: &[StatusCode] = if bytes.len() > BODY_LIMIT {
                    &[StatusCode::PAYLOAD_TOO_LARGE]
                } else {
                    match verdict {
                        Verdict::Stored => &[StatusCode::CREATED, StatusCode::OK],
                        Verdict::Bot => &[StatusCode::FORBIDDEN],
                        Verdict::Malformed => &[StatusCode::BAD_REQUEST],
                        Verdict::Invalid => &[StatusCode::UNPROCESSABLE_ENTITY],
                    }
                };
                prop_assert!(expected.contains(&status), "{status} for a body the parser calls {verdict:?}");
                if let (StatusCode::CREATED | StatusCode::OK, Some(s)) = (status, &submission) {
                    prop_assert_eq!(state.db.count_id(&s.id).await.unwrap(), 1);
                }
                Ok(())
            })
        })
        .unwrap();
}

/// Header names and raw values, some of them not valid (the request is then skipped).
type Headers = Vec<(String, Vec<u8>)>;

/// A request to any route: a method, a path from the routes' shapes with arbitrary
/// bytes in them (percent-encoded where the URI syntax needs it), a query, headers, a body.
fn request() -> impl Strategy<Value = (Method, String, Headers, Vec<u8>)> {
    let method = prop_oneof![
        Just(Method::GET),
        Just(Method::POST),
        Just(Method::DELETE),
        Just(Method::OPTIONS),
        Just(Method::HEAD),
        Just(Method::PUT),
        "[A-Z]{1,10}".prop_map(|m| Method::from_bytes(m.as_bytes()).unwrap()),
    ];
    let segment = proptest::collection::vec(any::<u8>(), 0..40).prop_map(|b| encode(&b));
    let path = (
        prop_oneof![
            Just("/v1/submissions"),
            Just("/v1/journeys/"),
            Just("/v1/responses"),
            Just("/v1/promises"),
            Just("/healthz"),
            Just("/readyz"),
            Just("/metrics"),
            Just("/pkg/"),
            Just("/"),
            Just("/../"),
            Just("/pkg/../../"),
            Just("/%2e%2e/"),
        ],
        segment.clone(),
        proptest::option::of(segment),
    )
        .prop_map(|(route, seg, query)| match query {
            Some(q) => format!("{route}{seg}?site={q}"),
            None => format!("{route}{seg}"),
        });
    let header = (
        prop_oneof![
            Just("origin".to_owned()),
            Just("host".to_owned()),
            Just("x-forwarded-for".to_owned()),
            Just("content-type".to_owned()),
            Just("content-length".to_owned()),
            Just("access-control-request-method".to_owned()),
            Just("range".to_owned()),
            Just("accept-encoding".to_owned()),
            "[a-z][a-z0-9-]{0,15}",
        ],
        proptest::collection::vec(prop_oneof![0x20u8..0x7f, 0x80u8..=0xff, Just(b'\t')], 0..60),
    );
    (method, path, proptest::collection::vec(header, 0..5), body())
}

/// `bytes` percent-encoded, except unreserved characters and a few delimiters left raw on purpose.
fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b'=' | b'&' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Found by the property below: tower-http's `ServeDir` answered a HEAD for a path with
/// `%00` in it 500 (a GET, 404).
#[tokio::test]
async fn a_path_with_a_nul_byte_is_not_found_whatever_the_method() {
    let db = TestDb::sqlite();
    let dirs = tempfile::tempdir().unwrap();
    let state = state(&db).await.with_site(dirs.path().to_owned(), dirs.path().to_owned());
    for method in [Method::HEAD, Method::GET] {
        for path in ["/v1%00", "/%00", "/pkg/a%00b.js"] {
            let req = Request::builder().method(method.clone()).uri(path).body(Body::empty()).unwrap();
            let status = app(state.clone()).oneshot(req).await.unwrap().status();
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        }
    }
}

/// The content of a file beside the served directories.
const SECRET: &str = "Do-Not-Serve-9f8e7d";

#[test]
fn every_route_answers_below_500_and_serves_files_only_from_its_directories() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let db = TestDb::sqlite();
    let dirs = tempfile::tempdir().unwrap();
    let (www, pkg) = (dirs.path().join("www"), dirs.path().join("pkg"));
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "www index").unwrap();
    std::fs::write(pkg.join("touchpoint.js"), "pkg glue").unwrap();
    // A file beside the served directories that no request may reach.
    std::fs::write(dirs.path().join("secret.txt"), SECRET).unwrap();
    let mut state = rt.block_on(state(&db)).with_site(www, pkg);
    state.trust_forwarded_for = true;
    let mut runner = runner(2_000);
    let (sent, skipped) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    runner
        .run(&request(), |(method, path, headers, body)| {
            rt.block_on(async {
                let mut req = Request::builder().method(method.clone()).uri(&path);
                for (name, value) in &headers {
                    req = req.header(name.as_str(), value.as_slice());
                }
                let Ok(req) = req.body(Body::from(body)) else {
                    skipped.set(skipped.get() + 1);
                    return Ok(());
                };
                sent.set(sent.get() + 1);
                let res = app(state.clone()).oneshot(req).await.unwrap();
                let status = res.status();
                let got = res.into_body().collect().await.unwrap().to_bytes();
                prop_assert!(status.as_u16() < 500, "{method} {path}: {status}");
                prop_assert!(
                    !got.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
                    "{method} {path} reached a file outside"
                );
                Ok(())
            })
        })
        .unwrap();
    // Requests the http crate itself refuses to build (a control byte in a header) never reach a server.
    eprintln!("requests sent: {}, not buildable: {}", sent.get(), skipped.get());
    assert!(sent.get() > 4 * skipped.get(), "most generated requests must be sendable");
}
