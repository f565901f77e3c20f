//! Ingestion throughput and latency of the real collector over loopback HTTP, on
//! SQLite and on PostgreSQL with one and two collectors, printed next to the HTTP
//! floor (a bare axum handler answering 201, same client, same load) and each
//! database's ceiling (the same rows inserted straight in batches: no HTTP, no validation).
//!
//! `cargo bench -p touchpoint-collector --bench ingest [-- REQUESTS CONCURRENCY]`; the
//! PostgreSQL rows need a cluster: `scripts/pg.sh run cargo bench …` (`make bench` does),
//! or `TOUCHPOINT_TEST_PG=postgres://…` of a database the benchmark may create databases on.
#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark program reports and fails loudly")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rusqlite::params;
use touchpoint_collector::sites::Sites;
use touchpoint_collector::{AppState, Db, Target, app, server};

fn body(n: usize) -> String {
    serde_json::json!({
        "v": 1, "id": format!("00000000-0000-4000-8000-{n:012}"), "site": "northwind", "touchpoint": "help-panel",
        "created_at": 1_795_000_000_000_i64,
        "answers": [
            {"kind": "csat", "question": "csat", "value": 1 + n % 5},
            {"kind": "text", "question": "comment", "text": "The parcel came a day late but support sorted it out quickly."}
        ]
    })
    .to_string()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Rows/s, p50, p99, the wall time of one run, and the process's CPU time per request
/// (client and servers together; far less sensitive than rows/s to what else the machine runs).
struct Measured {
    rows_per_s: f64,
    p50: Duration,
    p99: Duration,
    elapsed: Duration,
    cpu_per_request: Option<Duration>,
}

/// This process's user + system CPU time so far, from `/proc/self/stat` (Linux; 10 ms ticks).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at ") ": utime and stime are 14th and 15th.
    let fields: Vec<&str> = stat.rsplit_once(") ")?.1.split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Serves `router` on a free loopback port through the collector's own server, as `touchpoint serve` does.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let serving = server::serve(listener, router, server::Config::default(), std::future::pending());
    tokio::spawn(async move { serving.await.unwrap() });
    format!("http://{addr}/v1/submissions")
}

/// A collector on `target`, with limits far above the load: this measures ingestion,
/// not the limiter's refusals.
async fn collector(target: &Target) -> String {
    let db = Db::open(target).await.unwrap();
    let sites = Sites::from_json(
        r#"{"rate_limits": {"per_ip": {"per_minute": 10000000, "burst": 10000000},
                            "per_site": {"per_minute": 10000000, "burst": 10000000}}}"#,
    )
    .unwrap();
    serve(app(AppState::with_sites(db, sites))).await
}

/// The HTTP floor: reads the body and answers 201 with a small JSON body, like the collector.
async fn bare() -> String {
    let handler = |body: Bytes| async move {
        (StatusCode::CREATED, axum::Json(serde_json::json!({"id": body.len(), "stored": true})))
    };
    serve(Router::new().route("/v1/submissions", axum::routing::post(handler))).await
}

/// Runs on a shared 2-core machine are noisy: each figure is the median of this many runs
/// (by rows/s), each with its own ids, the latencies those of that run.
const RUNS: usize = 3;

/// [`load_once`] [`RUNS`] times against fresh ids; the median run.
async fn load(urls: Vec<String>, requests: usize, concurrency: usize) -> Measured {
    let mut runs = Vec::new();
    for run in 0..RUNS {
        runs.push(load_once(urls.clone(), run * requests, requests, concurrency).await);
    }
    runs.sort_by(|a, b| a.rows_per_s.total_cmp(&b.rows_per_s));
    runs.swap_remove(RUNS / 2)
}

/// `requests` posts (ids from `first`) from `concurrency` clients, spread over `urls` in turn.
async fn load_once(urls: Vec<String>, first: usize, requests: usize, concurrency: usize) -> Measured {
    let client: Client<_, Body> = Client::builder(TokioExecutor::new()).build_http();
    let bodies: Arc<Vec<String>> = Arc::new((first..first + requests).map(body).collect());
    let urls = Arc::new(urls);
    let next = Arc::new(AtomicUsize::new(0));
    let cpu_before = cpu_time();
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, bodies, next, urls) = (client.clone(), bodies.clone(), next.clone(), urls.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= bodies.len() {
                        return latencies;
                    }
                    let req = hyper::Request::post(&urls[i % urls.len()])
                        .header("content-type", "text/plain;charset=UTF-8")
                        .body(Body::from(bodies[i].clone()))
                        .unwrap();
                    let t0 = Instant::now();
                    let res = client.request(req).await.unwrap();
                    let status = res.status();
                    res.into_body().collect().await.unwrap();
                    latencies.push(t0.elapsed());
                    assert_eq!(status, 201, "request {i}");
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    for w in workers {
        latencies.extend(w.await.unwrap());
    }
    let elapsed = started.elapsed();
    let cpu = cpu_time().zip(cpu_before).map(|(after, before)| (after - before) / requests as u32);
    latencies.sort();
    Measured {
        rows_per_s: requests as f64 / elapsed.as_secs_f64(),
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        elapsed,
        cpu_per_request: cpu,
    }
}

/// The same rows, same schema and pragmas, inserted into SQLite in transactions of `batch` rows.
async fn sqlite_ceiling(rows: usize, batch: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ceiling.db");
    drop(Db::open(&Target::Sqlite(path.clone())).await.unwrap()); // the schema through the real migrations
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    let bodies: Vec<String> = (0..rows).map(body).collect();
    let started = Instant::now();
    for (c, chunk) in bodies.chunks(batch).enumerate() {
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO submissions (id, site, touchpoint, created_at, received_at, body)
                     VALUES (?1, 'northwind', 'help-panel', 1795000000000, 1795000000000, ?2)",
                )
                .unwrap();
            for (j, b) in chunk.iter().enumerate() {
                stmt.execute(params![format!("{c}-{j}"), b]).unwrap();
            }
        }
        tx.commit().unwrap();
    }
    rows as f64 / started.elapsed().as_secs_f64()
}

/// The same rows inserted into PostgreSQL over one connection, `batch` rows per statement
/// (the statement the collector's writers send).
async fn pg_ceiling(url: &str, rows: usize, batch: usize) -> f64 {
    drop(Db::open(&Target::Postgres(url.to_owned())).await.unwrap());
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    let stmt = client
        .prepare(
            "INSERT INTO submissions (id, site, touchpoint, created_at, received_at, body)
             SELECT id, 'northwind', 'help-panel', 1795000000000, 1795000000000, body
             FROM unnest($1::text[], $2::text[]) AS r(id, body)
             ON CONFLICT (id) DO NOTHING RETURNING id",
        )
        .await
        .unwrap();
    let bodies: Vec<String> = (0..rows).map(body).collect();
    let started = Instant::now();
    for (c, chunk) in bodies.chunks(batch).enumerate() {
        let ids: Vec<String> = (0..chunk.len()).map(|j| format!("{c}-{j}")).collect();
        client.query(&stmt, &[&ids, &chunk]).await.unwrap();
    }
    rows as f64 / started.elapsed().as_secs_f64()
}

/// A new database on the cluster at `base`, for one run.
async fn fresh_database(base: &str, name: &str) -> String {
    let (client, connection) = tokio_postgres::connect(base, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).await.unwrap();
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    let (server, _) = base.split('?').next().unwrap().rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let requests = args.first().copied().unwrap_or(20_000);
    let concurrency = args.get(1).copied().unwrap_or(32);
    let pg = std::env::var("TOUCHPOINT_TEST_PG").ok();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let floor = load(vec![bare().await], requests, concurrency).await;
        let sqlite = collector(&Target::Sqlite(dir.path().join("bench.db"))).await;
        let sqlite = load(vec![sqlite], requests, concurrency).await;
        let mut pg_runs = None;
        if let Some(base) = &pg {
            let one = fresh_database(base, "bench_one").await;
            let one = load(vec![collector(&Target::Postgres(one)).await], requests, concurrency).await;
            let two = Target::Postgres(fresh_database(base, "bench_two").await);
            let two = load(vec![collector(&two).await, collector(&two).await], requests, concurrency).await;
            let ceiling = pg_ceiling(&fresh_database(base, "bench_ceiling").await, requests, 500).await;
            pg_runs = Some((one, two, ceiling));
        }
        let batched = sqlite_ceiling(requests, 500).await;
        let single = sqlite_ceiling(requests.min(5_000), 1).await;

        println!(
            "ingestion on {} cores, {requests} submissions, {concurrency} concurrent clients, loopback HTTP \
             (median of {RUNS} runs)",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        println!("{:<58}{:>10}{:>10}{:>10}{:>10}{:>10}", "", "rows/s", "p50", "p99", "of floor", "CPU/req");
        let http = |name: &str, m: &Measured| {
            println!(
                "{:<58}{:>10.0}{:>10.2?}{:>10.2?}{:>9.0}%{:>10}",
                format!("{name} ({:.1?})", m.elapsed),
                m.rows_per_s,
                m.p50,
                m.p99,
                100.0 * m.rows_per_s / floor.rows_per_s,
                m.cpu_per_request.map_or_else(|| "-".to_owned(), |d| format!("{:.0}µs", d.as_secs_f64() * 1e6)),
            );
        };
        let plain =
            |name: &str, rate: f64| println!("{name:<58}{rate:>10.0}{:>10}{:>10}{:>10}{:>10}", "-", "-", "-", "-");
        http("floor: bare axum handler answering 201", &floor);
        http("collector on SQLite", &sqlite);
        plain("  ceiling: SQLite insert, 500 rows per transaction", batched);
        plain("  reference: SQLite insert, 1 row per transaction", single);
        match &pg_runs {
            Some((one, two, ceiling)) => {
                http("collector on PostgreSQL, 1 collector", one);
                http("collector on PostgreSQL, 2 collectors", two);
                plain("  ceiling: PostgreSQL insert, 500 rows per statement", *ceiling);
            }
            None => println!("PostgreSQL: not measured (no TOUCHPOINT_TEST_PG; run through scripts/pg.sh run)"),
        }
    });
}
