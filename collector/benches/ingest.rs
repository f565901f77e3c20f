//! Ingestion throughput and latency of the real collector over loopback HTTP,
//! printed next to the ceiling: the same rows inserted straight into SQLite in
//! batched transactions, no HTTP, no validation.
//!
//! `cargo bench -p touchpoint-collector --bench ingest [-- REQUESTS CONCURRENCY]`
#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark program reports and fails loudly")]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rusqlite::params;
use touchpoint_collector::sites::Sites;
use touchpoint_collector::{AppState, Db, app};

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

async fn http_run(requests: usize, concurrency: usize) -> (f64, Duration, Duration, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("bench.db")).unwrap();
    // Limits far above the load: this measures ingestion, not the limiter's refusals.
    let sites = Sites::from_json(
        r#"{"rate_limits": {"per_ip": {"per_minute": 10000000, "burst": 10000000},
                            "per_site": {"per_minute": 10000000, "burst": 10000000}}}"#,
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = app(AppState::with_sites(db, sites)).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });

    let client: Client<_, Body> = Client::builder(TokioExecutor::new()).build_http();
    let bodies: Arc<Vec<String>> = Arc::new((0..requests).map(body).collect());
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, bodies, next) = (client.clone(), bodies.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= bodies.len() {
                        return latencies;
                    }
                    let req = hyper::Request::post(format!("http://{addr}/v1/submissions"))
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
    latencies.sort();
    (requests as f64 / elapsed.as_secs_f64(), percentile(&latencies, 0.5), percentile(&latencies, 0.99), elapsed)
}

/// The same rows, same schema and pragmas, inserted in transactions of `batch` rows.
fn ceiling(rows: usize, batch: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ceiling.db");
    drop(Db::open(&path).unwrap()); // creates the schema through the real migrations
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    let bodies: Vec<String> = (0..rows).map(body).collect();
    let started = Instant::now();
    for chunk in bodies.chunks(batch).enumerate() {
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO submissions (id, site, touchpoint, created_at, received_at, body)
                     VALUES (?1, 'northwind', 'help-panel', 1795000000000, 1795000000000, ?2)",
                )
                .unwrap();
            for (j, b) in chunk.1.iter().enumerate() {
                stmt.execute(params![format!("{}-{j}", chunk.0), b]).unwrap();
            }
        }
        tx.commit().unwrap();
    }
    rows as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let requests = args.first().copied().unwrap_or(20_000);
    let concurrency = args.get(1).copied().unwrap_or(32);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (rps, p50, p99, elapsed) = runtime.block_on(http_run(requests, concurrency));
    let batched = ceiling(requests, 500);
    let single = ceiling(requests.min(5_000), 1);
    println!(
        "ingestion on {} cores, {requests} submissions, {concurrency} concurrent clients",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("{:<52}{:>12}{:>12}{:>12}", "", "rows/s", "p50", "p99");
    println!(
        "{:<52}{:>12.0}{:>12.2?}{:>12.2?}",
        format!("collector over loopback HTTP ({elapsed:.1?} total)"),
        rps,
        p50,
        p99
    );
    println!("{:<52}{:>12.0}{:>12}{:>12}", "ceiling: SQLite insert, 500 rows per transaction", batched, "-", "-");
    println!("{:<52}{:>12.0}{:>12}{:>12}", "reference: SQLite insert, 1 row per transaction", single, "-", "-");
}
