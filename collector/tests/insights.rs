//! Insights on both backends: for random sets of submissions every figure of
//! `/v1/insights` equals an independent computation from the raw rows in Rust (NPS, CSAT
//! share, CES mean, journey mean, negative share, stages, channels' kept shares, the
//! per-question counts, the series' sum), under random filters and ranges (`from`
//! inclusive, `to` exclusive); the drill-down lists exactly the rows behind a figure; the
//! export has one CSV row per answer of exactly those rows. Also the credentials rules and
//! the goals.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod support;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use touchpoint_collector::db::StoredRow;
use touchpoint_collector::{AppState, Db, app};
use touchpoint_core::Submission;
use tower::ServiceExt;

const DAY: i64 = 86_400_000;
/// 2026-11-02 00:00 UTC, a Monday.
const T0: i64 = 1_793_577_600_000;

#[derive(Debug, Clone)]
struct Gen {
    at: i64,
    stage: Option<&'static str>,
    touchpoint: &'static str,
    csat: Option<u8>,
    nps: Option<u8>,
    ces: Option<u8>,
    thumbs: Option<bool>,
    choices: Vec<&'static str>,
    comment: Option<f64>,
    score: Option<f64>,
    journey: Option<(f64, &'static str, f64)>,
    follow_up: Option<(&'static str, &'static str)>,
}

fn generated() -> impl Strategy<Value = Gen> {
    (
        (0..10 * DAY, proptest::option::of(prop::sample::select(vec!["discover", "buy", "get_help"]))),
        prop::sample::select(vec!["home", "checkout", "support"]),
        (proptest::option::of(1u8..=5), proptest::option::of(0u8..=10), proptest::option::of(1u8..=7)),
        (proptest::option::of(any::<bool>()), prop::sample::subsequence(vec!["fast", "cheap", "kind"], 0..=3)),
        (proptest::option::of(-1.0f64..1.0), proptest::option::of(-1.0f64..1.0)),
        proptest::option::of((-1.0f64..1.0, prop::sample::select(vec!["home", "checkout", "support"]), -2.0f64..2.0)),
        proptest::option::of((
            prop::sample::select(vec!["email", "chat"]),
            prop::sample::select(vec!["on_time", "late", "no_reply"]),
        )),
    )
        .prop_map(
            |((at, stage), touchpoint, (csat, nps, ces), (thumbs, choices), (comment, score), journey, follow_up)| {
                Gen {
                    at: T0 + at,
                    stage,
                    touchpoint,
                    csat,
                    nps,
                    ces,
                    thumbs,
                    choices,
                    comment,
                    score,
                    journey,
                    follow_up,
                }
            },
        )
}

/// Ids differ between sites: each case stores its rows for a new site in one database.
fn site_number(site: &str) -> u32 {
    site.trim_start_matches('s')
        .parse()
        .unwrap_or_else(|_| site.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b.into())))
}

/// Each row its own journey, so forgetting one takes exactly that row.
fn journey_id(site: &str, n: usize) -> String {
    format!("{:08x}-0000-4000-9000-{n:012x}", site_number(site))
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl Gen {
    fn body(&self, site: &str, n: usize) -> Value {
        let mut answers = Vec::new();
        if let Some(v) = self.csat {
            answers.push(json!({"kind": "csat", "question": "sat", "value": v}));
        }
        if let Some(v) = self.nps {
            answers.push(json!({"kind": "nps", "question": "rec", "value": v}));
        }
        if let Some(v) = self.ces {
            answers.push(json!({"kind": "ces", "question": "effort", "value": v}));
        }
        if let Some(up) = self.thumbs {
            answers.push(json!({"kind": "thumbs", "question": "helpful", "up": up}));
        }
        if !self.choices.is_empty() {
            answers.push(json!({"kind": "multiple_choice", "question": "why", "options": self.choices}));
        }
        if self.comment.is_some() {
            answers.push(json!({"kind": "text", "question": "comment", "text": "=1+1 words"}));
        }
        if answers.is_empty() {
            answers.push(json!({"kind": "single_choice", "question": "pick", "option": "a"}));
        }
        let mut body = json!({
            "v": 1, "id": format!("{:08x}-0000-4000-8000-{n:012x}", site_number(site)), "site": site, "touchpoint": self.touchpoint,
            "created_at": self.at, "answers": answers,
        });
        if let Some(stage) = self.stage {
            body["stage"] = stage.into();
        }
        if let Some(c) = self.comment {
            body["sentiment"] = serde_json::to_value(touchpoint_core::wire::TextSentiment::from_compound(c)).unwrap();
        }
        if let Some(s) = self.score {
            body["score"] = round(s).into();
        }
        if let Some((score, moved_most, moved_by)) = self.journey {
            body["journey"] = json!({"id": journey_id(site, n), "score": round(score),
                "trend": 0, "count": 2, "moved_most": moved_most, "moved_by": round(moved_by)});
        }
        if let Some((channel, outcome)) = self.follow_up {
            let mut f = json!({"channel": channel, "contacted_at": self.at - 3_600_000, "promised_by": self.at - 1_800_000,
                "outcome": outcome});
            if outcome == "on_time" {
                f["replied_at"] = (self.at - 2_000_000).into();
            } else if outcome == "late" {
                f["replied_at"] = (self.at - 1_000_000).into();
            }
            body["follow_up"] = f;
        }
        body
    }
}

/// A filter of the query string, and whether a submission passes it.
#[derive(Debug, Clone)]
struct Case {
    rows: Vec<Gen>,
    from: i64,
    to: i64,
    filter: Option<(&'static str, &'static str)>,
    /// Rows whose journey is forgotten after storing (their journey ids are their own).
    forget: Vec<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(generated(), 0..60),
        0..10 * DAY,
        1..10 * DAY,
        proptest::option::of(prop::sample::select(vec![
            ("stage", "buy"),
            ("touchpoint", "checkout"),
            ("channel", "email"),
            ("label", "negative"),
            ("label", "positive"),
            ("question", "rec"),
        ])),
        prop::collection::vec(0usize..60, 0..4),
    )
        .prop_map(|(rows, a, len, filter, mut forget)| {
            forget.sort_unstable();
            forget.dedup();
            Case { rows, from: T0 + a, to: T0 + a + len, filter, forget }
        })
}

/// Picks the range's bounds among the rows' own instants half the time, so bounds that
/// fall exactly on a row are tried often.
fn with_exact_bounds(mut c: Case) -> Case {
    if let (Some(first), Some(last)) = (c.rows.first(), c.rows.last())
        && first.at < last.at
    {
        c.from = first.at;
        c.to = last.at;
    }
    c
}

impl Case {
    fn kept(&self) -> Vec<&Gen> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(n, g)| !(self.forget.contains(n) && g.journey.is_some()))
            .map(|(_, g)| g)
            .filter(|g| g.at >= self.from && g.at < self.to)
            .filter(|g| match self.filter {
                None => true,
                Some(("stage", s)) => g.stage == Some(s),
                Some(("touchpoint", t)) => g.touchpoint == t,
                Some(("channel", c)) => g.follow_up.map(|f| f.0) == Some(c),
                Some(("label", l)) => g.comment.and_then(label) == Some(l),
                Some(("question", _)) => g.nps.is_some(),
                Some(_) => unreachable!(),
            })
            .collect()
    }

    fn query(&self, site: &str) -> String {
        let mut q = format!("site={site}&from={}&to={}", rfc(self.from), rfc(self.to));
        if let Some((k, v)) = self.filter {
            q.push_str(&format!("&{k}={v}"));
        }
        q
    }
}

fn rfc(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).unwrap().to_string()
}

fn label(c: f64) -> Option<&'static str> {
    let s = touchpoint_core::wire::TextSentiment::from_compound(c)?;
    Some(match serde_json::to_value(s).ok()?["label"].as_str()? {
        "negative" => "negative",
        "neutral" => "neutral",
        _ => "positive",
    })
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

fn close(got: &Value, want: Option<f64>, what: &str) {
    match want {
        None => assert!(got.is_null(), "{what}: got {got}, want null"),
        Some(w) => {
            let g = got.as_f64().unwrap_or_else(|| panic!("{what}: got {got}, want {w}"));
            assert!((g - w).abs() < 2e-4 * w.abs().max(1.0), "{what}: got {g}, want {w}");
        }
    }
}

struct Fixture {
    state: AppState,
    key_site: String,
    key: String,
}

async fn get(state: &AppState, path: &str, key: &str) -> (StatusCode, String) {
    let req = Request::get(path).header(header::AUTHORIZATION, format!("Bearer {key}")).body(Body::empty()).unwrap();
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Stores the case's rows for a new site and checks every figure.
async fn check(fx: &Fixture, db: &Db, site: &str, c: &Case) {
    let rows: Vec<StoredRow> = c
        .rows
        .iter()
        .enumerate()
        .map(|(n, g)| {
            let sub = Submission::from_json(g.body(site, n).to_string().as_bytes()).unwrap();
            StoredRow::new(&sub, g.at)
        })
        .collect();
    db.import(rows).await.unwrap();
    // Forgetting a journey takes its rows out of every figure (and the daily sums).
    for &n in &c.forget {
        if c.rows.get(n).is_some_and(|g| g.journey.is_some()) {
            let journey = journey_id(site, n);
            assert_eq!(db.forget_journey(&journey).await.unwrap(), 1);
        }
    }
    let key = touchpoint_collector::studio::new_key(site, 0).unwrap();
    db.create_key(key.1).await.unwrap();
    let key = key.0;
    let (status, text) = get(&fx.state, &format!("/v1/insights?{}", c.query(site)), &key).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let got: Value = serde_json::from_str(&text).unwrap();
    let kept = c.kept();
    assert_eq!(got["responses"], kept.len(), "responses");

    // `question=rec` keeps the submissions that answered it, and of their answers only its own.
    let only_rec = matches!(c.filter, Some(("question", _)));
    let csat: Vec<f64> = kept.iter().filter_map(|g| g.csat).filter(|_| !only_rec).map(f64::from).collect();
    assert_eq!(got["csat"]["answers"], csat.len(), "{text}");
    close(&got["csat"]["mean"], mean(&csat), "csat mean");
    close(
        &got["csat"]["satisfied_share"],
        mean(&csat.iter().map(|v| f64::from(u8::from(*v >= 4.0))).collect::<Vec<_>>()),
        "csat share",
    );
    let nps: Vec<u8> = kept.iter().filter_map(|g| g.nps).collect();
    let promoters = nps.iter().filter(|v| **v >= 9).count();
    let detractors = nps.iter().filter(|v| **v <= 6).count();
    assert_eq!(got["nps"]["answers"], nps.len());
    assert_eq!(got["nps"]["promoters"], promoters);
    assert_eq!(got["nps"]["detractors"], detractors);
    assert_eq!(got["nps"]["passives"], nps.len() - promoters - detractors);
    close(
        &got["nps"]["score"],
        (!nps.is_empty()).then(|| 100.0 * (promoters as f64 - detractors as f64) / nps.len() as f64),
        "nps",
    );
    let ces: Vec<f64> = kept.iter().filter_map(|g| g.ces).filter(|_| !only_rec).map(f64::from).collect();
    assert_eq!(got["ces"]["answers"], ces.len());
    close(&got["ces"]["mean"], mean(&ces), "ces mean");
    let journeys: Vec<f64> = kept.iter().filter_map(|g| g.journey).map(|j| round(j.0)).collect();
    close(&got["journey"]["mean"], mean(&journeys), "journey mean");
    let labels: Vec<&str> = kept.iter().filter_map(|g| g.comment.and_then(label)).collect();
    close(
        &got["negative_share"],
        mean(&labels.iter().map(|l| f64::from(u8::from(*l == "negative"))).collect::<Vec<_>>()),
        "negative share",
    );

    // Stages, in journey order, each with its mean touchpoint score.
    let mut stages: BTreeMap<usize, (Option<&str>, Vec<&Gen>)> = BTreeMap::new();
    for g in &kept {
        let order = ["discover", "buy", "get_help"].iter().position(|s| Some(*s) == g.stage).unwrap_or(usize::MAX);
        stages.entry(order).or_insert((g.stage, Vec::new())).1.push(g);
    }
    let got_stages = got["stages"].as_array().unwrap();
    assert_eq!(got_stages.len(), stages.len(), "stages {got_stages:?}");
    for (got_stage, (stage, gs)) in got_stages.iter().zip(stages.values()) {
        assert_eq!(got_stage["stage"], json!(stage));
        assert_eq!(got_stage["responses"], gs.len());
        let scores: Vec<f64> = gs.iter().filter_map(|g| g.score).map(round).collect();
        close(&got_stage["mean_score"], mean(&scores), "stage mean score");
    }

    // Channels: asked, kept share.
    let mut channels: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for g in &kept {
        if let Some((ch, outcome)) = g.follow_up {
            channels.entry(ch).or_default().push(outcome);
        }
    }
    let got_channels = got["channels"].as_array().unwrap();
    assert_eq!(got_channels.len(), channels.len());
    for (gc, (id, outcomes)) in got_channels.iter().zip(&channels) {
        assert_eq!(gc["id"], *id);
        assert_eq!(gc["asked"], outcomes.len());
        let on_time = outcomes.iter().filter(|o| **o == "on_time").count();
        assert_eq!(gc["on_time"], on_time);
        assert_eq!(gc["no_reply"], outcomes.iter().filter(|o| **o == "no_reply").count());
        close(&gc["kept_share"], Some(on_time as f64 / outcomes.len() as f64), "kept share");
    }

    // Movers: the touchpoints whose journey parts moved journeys most, each way.
    let mut moved: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for (_, t, by) in kept.iter().filter_map(|g| g.journey) {
        let m = moved.entry(t).or_default();
        m.0 += 1;
        m.1 += round(by);
    }
    let mut up: Vec<(&str, usize, f64)> = moved.iter().filter(|m| m.1.1 > 1e-9).map(|(t, m)| (*t, m.0, m.1)).collect();
    up.sort_by(|a, b| b.2.total_cmp(&a.2));
    let got_up: Vec<(&str, u64)> = got["movers"]["up"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["touchpoint"].as_str().unwrap(), m["journeys"].as_u64().unwrap()))
        .collect();
    let want_up: Vec<(&str, u64)> = up.iter().map(|m| (m.0, m.1 as u64)).collect();
    assert_eq!(got_up, want_up, "movers up");
    for m in got["movers"]["up"].as_array().unwrap() {
        close(&m["moved_by"], Some(moved[m["touchpoint"].as_str().unwrap()].1), "moved_by");
    }

    // Per question: CSAT's distribution, the multiple choice's options and answers.
    let questions: BTreeMap<String, &Value> =
        got["questions"].as_array().unwrap().iter().map(|q| (q["id"].as_str().unwrap().to_owned(), q)).collect();
    let c_filter_question = matches!(c.filter, Some(("question", _)));
    if !csat.is_empty() && !c_filter_question {
        for v in 1..=5 {
            let n = csat.iter().filter(|x| **x == f64::from(v)).count();
            assert_eq!(questions["sat"]["counts"].get(v.to_string()).map_or(0, |x| x.as_u64().unwrap()), n as u64);
        }
    }
    let whys: Vec<&Vec<&str>> = kept.iter().map(|g| &g.choices).filter(|c| !c.is_empty()).collect();
    if !whys.is_empty() && !c_filter_question {
        assert_eq!(questions["why"]["answers"], whys.len());
        let fast = whys.iter().filter(|c| c.contains(&"fast")).count() as u64;
        assert_eq!(questions["why"]["counts"].get("fast").map_or(0, |x| x.as_u64().unwrap()), fast);
    }
    if c_filter_question {
        assert!(questions.keys().all(|q| q == "rec"), "{questions:?}");
    }

    // The series adds up to the headline, bucket by bucket.
    let series = got["series"].as_array().unwrap();
    assert_eq!(series.iter().map(|p| p["responses"].as_i64().unwrap()).sum::<i64>(), kept.len() as i64);
    assert_eq!(got["bucket"], "day");

    // The drill-down lists exactly the kept rows, newest first, across pages.
    let mut listed = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let mut path = format!("/v1/insights/responses?{}&limit=7", c.query(site));
        if let Some(n) = &next {
            path.push_str(&format!("&before={n}"));
        }
        let (status, text) = get(&fx.state, &path, &key).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let page: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(page["total"], kept.len());
        listed.extend(page["responses"].as_array().unwrap().iter().map(|r| r["received_at"].as_i64().unwrap()));
        match page["next"].as_str() {
            Some(n) => next = Some(n.to_owned()),
            None => break,
        }
    }
    let mut want: Vec<i64> = kept.iter().map(|g| g.at).collect();
    want.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(listed, want, "drill-down");

    // The export: one CSV row per answer of the kept rows, a header first.
    let (status, csv) = get(&fx.state, &format!("/v1/export?format=csv&{}", c.query(site)), &key).await;
    assert_eq!(status, StatusCode::OK);
    let answers: usize = kept.iter().map(|g| g.body(site, 0)["answers"].as_array().unwrap().len()).sum();
    assert!(csv.starts_with("submission_id,received_at,"), "{csv}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), answers, "export rows");
    let (_, json_export) = get(&fx.state, &format!("/v1/export?format=json&{}", c.query(site)), &key).await;
    let exported: Value = serde_json::from_str(&json_export).unwrap();
    assert_eq!(exported.as_array().unwrap().len(), kept.len());

    // A key for another site reads nothing of this one.
    let (status, _) = get(&fx.state, &format!("/v1/insights?site={site}"), &fx.key).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a key for {} read {site}", fx.key_site);
}

async fn property(db: support::TestDb, cases: u32) {
    let store = db.open().await;
    let key = support::read_key(&store, "elsewhere").await;
    let fx = Fixture { state: AppState::new(store), key_site: "elsewhere".into(), key };
    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let n = std::sync::atomic::AtomicUsize::new(0);
    let strategy = case().prop_flat_map(|c| prop_oneof![Just(c.clone()), Just(with_exact_bounds(c))]);
    runner
        .run(&strategy, |c| {
            let site = format!("s{}", n.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
            let mut c = c;
            c.rows.sort_by_key(|g| g.at);
            tokio::task::block_in_place(|| handle.block_on(check(&fx, &fx.state.db, &site, &c)));
            Ok(())
        })
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_equals_a_computation_from_the_rows_sqlite() {
    property(support::TestDb::sqlite(), 128).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_equals_a_computation_from_the_rows_postgres() {
    property(support::TestDb::postgres().await, 32).await;
}

/// A fixed, varied set: every kind of answer, follow-ups of each outcome, journeys.
fn fixed_rows() -> Vec<Gen> {
    let mut runner = TestRunner::deterministic();
    let rows = prop::collection::vec(generated(), 40).new_tree(&mut runner).unwrap().current();
    let mut rows = rows;
    rows.sort_by_key(|g| g.at);
    rows
}

async fn store(db: &Db, site: &str, rows: &[Gen]) {
    let rows: Vec<StoredRow> = rows
        .iter()
        .enumerate()
        .map(|(n, g)| StoredRow::new(&Submission::from_json(g.body(site, n).to_string().as_bytes()).unwrap(), g.at))
        .collect();
    db.import(rows).await.unwrap();
}

/// Takes a database back to schema 3 (before Insights' columns and tables), as an older
/// collector left it.
async fn downgrade_to_3(db: &support::TestDb) {
    const COLUMNS: &str = "day, stage, score, jscore, moved_most, moved_by, label, lang, channel, outcome, \
                           promised_ms, replied_ms, generated";
    match &db.target {
        touchpoint_collector::Target::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).unwrap();
            let drops: String =
                COLUMNS.split(", ").map(|c| format!("ALTER TABLE submissions DROP COLUMN {c};")).collect();
            conn.execute_batch(&format!(
                "DROP TRIGGER submissions_rollup_delete; DROP TRIGGER answers_rollup_delete;
                 DROP TABLE daily_subs; DROP TABLE daily_movers; DROP TABLE daily_answers;
                 DROP INDEX submissions_insights; DROP INDEX submissions_generated; DROP TABLE answers;
                 DROP TABLE goals; {drops} PRAGMA user_version = 3;"
            ))
            .unwrap();
        }
        touchpoint_collector::Target::Postgres(url) => {
            let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
            tokio::spawn(conn);
            let drops: Vec<String> = COLUMNS.split(", ").map(|c| format!("DROP COLUMN {c}")).collect();
            client
                .batch_execute(&format!(
                    "DROP TABLE answers; DROP TABLE goals; ALTER TABLE submissions {};
                     DELETE FROM touchpoint_schema WHERE version = 4;",
                    drops.join(", ")
                ))
                .await
                .unwrap();
        }
    }
}

on_both! {
    /// Rows stored before the upgrade get the same columns and answer rows from the
    /// migration's SQL as new rows get on insert: the figures are the same.
    async fn an_upgrade_fills_in_what_inserts_fill_in(db) {
        let rows = fixed_rows();
        let store_db = db.open().await;
        store(&store_db, "northwind", &rows).await;
        let key = support::read_key(&store_db, "northwind").await;
        let path = format!("/v1/insights?site=northwind&from={}&to={}", rfc(T0), rfc(T0 + 10 * DAY));
        let state = AppState::new(store_db);
        let (status, before) = get(&state, &path, &key).await;
        assert_eq!(status, StatusCode::OK);
        let before_answers = support::table_text(&db, "answers").await;
        drop(state);
        downgrade_to_3(&db).await;
        let state = AppState::new(db.open().await);
        assert_eq!(state.db.schema_version().await.unwrap(), 4);
        let (_, after) = get(&state, &path, &key).await;
        let (before, after): (Value, Value) = (serde_json::from_str(&before).unwrap(), serde_json::from_str(&after).unwrap());
        assert_eq!(before, after);
        assert!(before["responses"].as_i64().unwrap() > 30);
        let mut a: Vec<&str> = before_answers.lines().collect();
        let after_answers = support::table_text(&db, "answers").await;
        let mut b: Vec<&str> = after_answers.lines().collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "the answer rows");
    }
}

const PASSWORD: &str = "correct horse battery";

async fn sign_in(state: &AppState, email: &str, role: touchpoint_collector::db::Role) -> (String, String) {
    let user = touchpoint_collector::db::User {
        email: email.into(),
        role,
        sites: Some(vec!["northwind".into()]),
        password_hash: touchpoint_collector::auth::password::hash(PASSWORD).unwrap(),
        created_at: T0,
        disabled: false,
    };
    state.db.create_user(user).await.unwrap().unwrap();
    let req = Request::post("/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"email": email, "password": PASSWORD}).to_string()))
        .unwrap();
    let res = app(state.clone()).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let body: Value = serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    (cookie, body["csrf"].as_str().unwrap().to_owned())
}

async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, Value) {
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn put_goals(cookie: &str, csrf: Option<&str>, origin: &str, body: &Value) -> Request<Body> {
    let mut req = Request::put("/v1/sites/northwind/goals")
        .header(header::HOST, "cx.northwind.example")
        .header(header::ORIGIN, origin)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(csrf) = csrf {
        req = req.header("x-csrf-token", csrf);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

on_both! {
    /// Reads need a session or a key for the site; goals are set by editors from Studio's own
    /// origin with the CSRF token, shown to viewers, and come back in `/v1/insights` with
    /// the actual figure and whether it is met.
    async fn credentials_and_goals(db) {
        let state = AppState::new(db.open().await);
        store(&state.db, "northwind", &fixed_rows()).await;
        let range = format!("from={}&to={}", rfc(T0), rfc(T0 + 10 * DAY));
        for path in ["/v1/insights", "/v1/insights/responses", "/v1/export"] {
            let req = Request::get(format!("{path}?site=northwind&{range}")).body(Body::empty()).unwrap();
            let (status, body) = send(&state, req).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
            assert_eq!(body["error"], "sign in or send an API key");
            let other = support::read_key(&state.db, "contoso").await;
            let (status, text) = get(&state, &format!("{path}?site=northwind&{range}"), &other).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
            assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["error"], "no access to site northwind");
        }
        let key = support::read_key(&state.db, "northwind").await;
        let (status, text) = get(&state, "/v1/insights?site=northwind&from=soon&stage=shop&zzz=1", &key).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        for part in ["`from` must be", "`stage` must be one of", "unknown parameter(s): zzz"] {
            assert!(text.contains(part), "{text}");
        }
        // A key reads figures, not goals.
        let (status, _) = get(&state, "/v1/sites/northwind/goals", &key).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let (viewer, viewer_csrf) = sign_in(&state, "vi@northwind.example", touchpoint_collector::db::Role::Viewer).await;
        let (editor, csrf) = sign_in(&state, "ed@northwind.example", touchpoint_collector::db::Role::Editor).await;
        let goals = json!({"goals": {"csat_satisfied_share": 0.85, "kept_share": 0.95, "negative_share": 0.1}});
        let own = "http://cx.northwind.example";
        let (status, _) = send(&state, put_goals(&viewer, Some(&viewer_csrf), own, &goals)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a viewer sets no goals");
        let (status, body) = send(&state, put_goals(&editor, None, own, &goals)).await;
        assert_eq!((status, &body["error"]), (StatusCode::FORBIDDEN, &json!("cross-site request refused")));
        let (status, _) = send(&state, put_goals(&editor, Some(&csrf), "https://evil.example", &goals)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let bad = json!({"goals": {"csat_satisfied_share": 85, "nps": 10}});
        let (status, body) = send(&state, put_goals(&editor, Some(&csrf), own, &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let paths: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths.len(), 2, "{body}");
        let (status, body) = send(&state, put_goals(&editor, Some(&csrf), own, &goals)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["goals"], goals["goals"]);
        assert_eq!(body["updated_by"], "ed@northwind.example");
        let req = Request::get("/v1/sites/northwind/goals").header(header::COOKIE, &viewer).body(Body::empty()).unwrap();
        let (status, shown) = send(&state, req).await;
        assert_eq!((status, &shown["goals"]), (StatusCode::OK, &goals["goals"]));

        let (_, text) = get(&state, &format!("/v1/insights?site=northwind&{range}&compare=previous"), &key).await;
        let got: Value = serde_json::from_str(&text).unwrap();
        let csat = got["goals"].as_array().unwrap().iter().find(|g| g["metric"] == "csat_satisfied_share").unwrap();
        assert_eq!(csat["actual"], got["csat"]["satisfied_share"]);
        assert_eq!(csat["met"], json!(got["csat"]["satisfied_share"].as_f64().unwrap() >= 0.85));
        let negative = got["goals"].as_array().unwrap().iter().find(|g| g["metric"] == "negative_share").unwrap();
        assert_eq!(negative["direction"], "at_most");
        // The previous period (the ten days before) holds nothing.
        assert_eq!(got["previous"]["responses"], 0);
        assert_eq!(got["previous"]["to"], rfc(T0));
    }
}

on_both! {
    /// The drill-down narrows to one bar: a channel's outcome, a rating's value, an option,
    /// a mover, a series point, a word in a comment; deleting a journey takes its answer rows.
    async fn drill_down_lists_the_rows_behind_each_bar(db) {
        let state = AppState::new(db.open().await);
        let rows = fixed_rows();
        store(&state.db, "northwind", &rows).await;
        let key = support::read_key(&state.db, "northwind").await;
        let range = format!("from={}&to={}", rfc(T0), rfc(T0 + 10 * DAY));
        let total = async |q: &str| {
            let (status, text) = get(&state, &format!("/v1/insights/responses?site=northwind&{range}&{q}"), &key).await;
            assert_eq!(status, StatusCode::OK, "{q}: {text}");
            serde_json::from_str::<Value>(&text).unwrap()["total"].as_u64().unwrap() as usize
        };
        let count = |f: &dyn Fn(&Gen) -> bool| rows.iter().filter(|g| f(g)).count();
        assert_eq!(total("channel=email&outcome=late").await, count(&|g| g.follow_up == Some(("email", "late"))));
        assert_eq!(total("question=rec&value=10").await, count(&|g| g.nps == Some(10)));
        assert_eq!(total("question=helpful&value=0").await, count(&|g| g.thumbs == Some(false)));
        assert_eq!(total("question=why&option=fast").await, count(&|g| g.choices.contains(&"fast")));
        assert_eq!(total("moved_most=home").await, count(&|g| g.journey.is_some_and(|j| j.1 == "home")));
        let day3 = T0 + 3 * DAY;
        assert_eq!(total(&format!("bucket={}", rfc(day3))).await, count(&|g| g.at >= day3 && g.at < day3 + DAY));
        assert_eq!(total("search=WORDS").await, count(&|g| g.comment.is_some()));
        let (status, _) = get(&state, &format!("/v1/insights/responses?site=northwind&{range}&value=3"), &key).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "a value needs its question");

        let before = support::table_text(&db, "answers").await.lines().count();
        let journey = journey_id("northwind", rows.iter().position(|g| g.journey.is_some()).unwrap());
        assert_eq!(state.db.forget_journey(&journey).await.unwrap(), 1);
        let after = support::table_text(&db, "answers").await.lines().count();
        assert!(after < before, "forgetting a journey deletes its answer rows too");
    }
}

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = support::touchpoint().args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

on_both! {
    /// `seed-demo` generates once with `--if-empty`, `export` writes what the HTTP export
    /// sends, and `seed-demo --remove` takes the generated rows and leaves the visitors' own.
    async fn seed_export_and_remove_through_the_binary(db) {
        let arg = db.arg();
        let opened = db.open().await;
        store(&opened, "northwind", &fixed_rows()[..5]).await;
        let (ok, _, err) = cli(&["seed-demo", "--site", "northwind", "--count", "1500", "--db", &arg, "--if-empty"]);
        assert!(ok && err.contains("has submissions already"), "{err}");
        let (ok, _, err) = cli(&["seed-demo", "--site", "demo", "--count", "1500", "--db", &arg]);
        assert!(ok && err.contains("generated 1500 submissions for demo"), "{err}");
        let (ok, _, err) = cli(&["seed-demo", "--site", "demo", "--count", "10", "--db", &arg, "--if-empty"]);
        assert!(ok && err.contains("nothing generated"), "{err}");
        store(&opened, "demo", &fixed_rows()[..5]).await;
        assert_eq!(opened.count_all().await.unwrap(), 1510);

        let (ok, csv, err) = cli(&["export", "--site", "demo", "--db", &arg, "--format", "csv", "--stage", "buy"]);
        assert!(ok, "{err}");
        let key = support::read_key(&opened, "demo").await;
        let state = AppState::new(opened);
        let (status, http) = get(&state, "/v1/export?site=demo&format=csv&stage=buy", &key).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(csv, http, "the CLI writes what the API sends");
        assert!(csv.lines().count() > 100);
        assert!(csv.lines().skip(1).all(|l| l.contains(",buy,")));
        let (ok, _, err) = cli(&["export", "--site", "demo", "--db", &arg, "--format", "xml", "--from", "soon"]);
        assert!(!ok && err.contains("--format must be csv or json") && err.contains("from"), "{err}");

        let (_, body) = get(&state, &format!("/v1/insights?site=demo&from={}", rfc(0)), &key).await;
        let insights: Value = serde_json::from_str(&body).unwrap();
        let channels: Vec<&str> = insights["channels"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(channels, ["chat", "email", "whatsapp"]);
        for part in ["up", "down"] {
            assert!(!insights["movers"][part].as_array().unwrap().is_empty(), "{part} movers");
        }
        let (ok, _, err) = cli(&["seed-demo", "--remove", "--site", "demo", "--db", &arg]);
        assert!(ok && err.contains("removed 1500 generated submissions of demo"), "{err}");
        assert_eq!(state.db.count_all().await.unwrap(), 10, "the visitors' own rows stay");
    }
}
