//! Insights on generated databases of 10k, 100k and 1M submissions (`touchpoint seed-demo`'s
//! generator: a year of journeys, about 1.4 answer rows a submission): `/v1/insights` for the
//! last 90 days through the router with a read key (p50/p95 over repeated requests; plain,
//! with `compare=previous`, and filtered by a stage), and `touchpoint export` of the whole
//! site as CSV by the release binary (rows/s and its peak RSS), printed side by side.
//!
//! `cargo bench -p touchpoint-collector --bench insights [-- SIZES…]` (default `10000 100000
//! 1000000`). The databases are kept in `target/bench-insights/` between runs (1M takes a
//! few minutes to generate). With `TOUCHPOINT_TEST_PG` set (`scripts/pg.sh run …`, as
//! `make bench` does), the same sizes up to 100k are measured on PostgreSQL too.
#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark program reports and fails loudly")]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use touchpoint_collector::insights::demo::Demo;
use touchpoint_collector::{AppState, Db, Target, app};
use tower::ServiceExt;

/// "Now" for every generated database, so a kept database and a new one agree.
const NOW: i64 = 1_795_996_800_000; // 2026-11-30T00:00:00Z
const DAY: i64 = 86_400_000;
const RUNS: usize = 40;
/// Bump when the generator changes, so kept databases are made again.
const GENERATION: u32 = 3;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

async fn fill(db: &Db, n: usize) {
    let mut demo = Demo::new("northwind", NOW, 42);
    let mut left = n;
    while left > 0 {
        let batch: Vec<_> = demo.by_ref().take(left.min(10_000)).collect();
        left -= batch.len();
        db.import(batch).await.unwrap();
    }
}

/// p50 and p95 of `path` over [`RUNS`] requests after three to warm up.
async fn latency(state: &AppState, key: &str, path: &str) -> (Duration, Duration) {
    let mut times = Vec::with_capacity(RUNS);
    for i in 0..RUNS + 3 {
        let req =
            Request::get(path).header(header::AUTHORIZATION, format!("Bearer {key}")).body(Body::empty()).unwrap();
        let start = Instant::now();
        let res = app(state.clone()).oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let elapsed = start.elapsed();
        assert!(body.len() > 100);
        if i >= 3 {
            times.push(elapsed);
        }
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

/// Runs `touchpoint export` of the whole site to /dev/null: rows/s and peak RSS (KiB).
fn export(db: &str, rows: usize) -> (f64, u64) {
    let start = Instant::now();
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M", env!("CARGO_BIN_EXE_touchpoint"), "export", "--site", "northwind", "--db", db])
        .args(["--format", "csv", "--out", "/dev/null"])
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("exported {rows} submissions")), "{stderr}");
    let rss = stderr.lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    (rows as f64 / elapsed.as_secs_f64(), rss)
}

struct Row {
    backend: &'static str,
    size: usize,
    in_range: i64,
    plain: (Duration, Duration),
    compare: (Duration, Duration),
    filtered: (Duration, Duration),
    export: (f64, u64),
}

async fn measure(backend: &'static str, target: Target, db_arg: String, size: usize, fresh: bool) -> Row {
    let db = Db::open(&target).await.unwrap();
    if fresh {
        let start = Instant::now();
        fill(&db, size).await;
        eprintln!("generated {size} submissions on {backend} in {:.0} s", start.elapsed().as_secs_f64());
    }
    let (key, stored) = touchpoint_collector::studio::new_key("northwind", 0).unwrap();
    db.create_key(stored).await.unwrap();
    let mut state = AppState::new(db);
    state.clock = std::sync::Arc::new(|| NOW);
    let range = format!("site=northwind&from={}&to={}", rfc(NOW - 90 * DAY), rfc(NOW));
    let req = Request::get(format!("/v1/insights?{range}"))
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .body(Body::empty())
        .unwrap();
    let body = app(state.clone()).oneshot(req).await.unwrap().into_body().collect().await.unwrap().to_bytes();
    let in_range = serde_json::from_slice::<serde_json::Value>(&body).unwrap()["responses"].as_i64().unwrap();
    let plain = latency(&state, &key, &format!("/v1/insights?{range}")).await;
    let compare = latency(&state, &key, &format!("/v1/insights?{range}&compare=previous")).await;
    let filtered = latency(&state, &key, &format!("/v1/insights?{range}&stage=buy")).await;
    drop(state);
    let export = export(&db_arg, size);
    Row { backend, size, in_range, plain, compare, filtered, export }
}

fn rfc(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).unwrap().to_string()
}

async fn fresh_pg(base: &str) -> String {
    let (client, connection) = tokio_postgres::connect(base, tokio_postgres::NoTls).await.unwrap();
    let connection = tokio::spawn(connection);
    let name = format!("bench_insights_{}", std::process::id());
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}")).await.unwrap();
    drop(client);
    let _ = connection.await;
    let (prefix, _) = base.rsplit_once('/').unwrap();
    format!("{prefix}/{name}")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000, 1_000_000] } else { sizes };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-insights");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows = Vec::new();
    for &size in &sizes {
        let path = dir.join(format!("g{GENERATION}-{size}.db"));
        let fresh = !path.exists();
        rows.push(measure("sqlite", Target::Sqlite(path.clone()), path.display().to_string(), size, fresh).await);
    }
    if let Ok(base) = std::env::var("TOUCHPOINT_TEST_PG") {
        for &size in sizes.iter().filter(|s| **s <= 100_000) {
            let url = fresh_pg(&base).await;
            rows.push(measure("postgres", Target::Postgres(url.clone()), url, size, true).await);
        }
    }
    println!();
    println!(
        "/v1/insights, last 90 days (p50 / p95 ms over {RUNS} requests), and touchpoint export of the whole site as CSV"
    );
    println!(
        "{:<9} {:>10} {:>9} {:>15} {:>20} {:>16} {:>13} {:>15}",
        "backend", "rows", "in range", "insights", "+compare=previous", "stage=buy", "export rows/s", "export peak RSS"
    );
    for r in &rows {
        println!(
            "{:<9} {:>10} {:>9} {:>15} {:>20} {:>16} {:>13.0} {:>12} MiB",
            r.backend,
            r.size,
            r.in_range,
            format!("{} / {}", ms(r.plain.0), ms(r.plain.1)),
            format!("{} / {}", ms(r.compare.0), ms(r.compare.1)),
            format!("{} / {}", ms(r.filtered.0), ms(r.filtered.1)),
            r.export.0,
            r.export.1 / 1024
        );
    }
    let goal = rows.iter().find(|r| r.backend == "sqlite" && r.size == 1_000_000);
    if let Some(r) = goal {
        println!(
            "goal: p95 <= 200 ms at 1M on SQLite: {} ms ({})",
            ms(r.plain.1),
            if r.plain.1 <= Duration::from_millis(200) { "met" } else { "NOT met" }
        );
    }
}
