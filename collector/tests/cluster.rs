//! Real `touchpoint serve` processes, as an operator runs them: several collectors
//! on one PostgreSQL storing each submission exactly once, per-process rate limits,
//! `/healthz`, `/readyz` and `/metrics`, and a graceful shutdown that drains.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use support::{Collector, Http, TestDb, submission, submission_id};

/// Each id posted to two collectors at the same moment: one answers 201, the other 200,
/// and one row is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_replayed_to_two_collectors_at_the_same_moment_is_stored_once() {
    let db = TestDb::postgres().await;
    let url = db.arg();
    let (a, b) = tokio::join!(Collector::start(&url, &[]), Collector::start(&url, &[]));
    let http = Http::default();
    const IDS: usize = 100;
    let barrier = Arc::new(tokio::sync::Barrier::new(2));
    let mut pairs = Vec::new();
    for n in 0..IDS {
        let body = submission(1, n, "northwind");
        let send = |url: String| {
            let (http, body, barrier) = (http.clone(), body.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                http.post(&url, &body).await.unwrap().status
            })
        };
        let (x, y) = (send(a.url.clone()), send(b.url.clone()));
        pairs.push((x.await.unwrap(), y.await.unwrap()));
    }
    for (n, (x, y)) in pairs.iter().enumerate() {
        let mut statuses = [*x, *y];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 201], "id {n}: one collector stores, the other finds it stored");
    }
    let store = db.open().await;
    assert_eq!(store.count_all().await.unwrap(), IDS);
    for n in 0..IDS {
        assert_eq!(store.count_id(&submission_id(1, n)).await.unwrap(), 1);
    }
}

/// README: rate limits are per collector process. A client whose posts a balancer spreads
/// over two collectors gets each one's burst.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_per_collector_process() {
    let db = TestDb::postgres().await;
    let dir = tempfile::tempdir().unwrap();
    let sites = dir.path().join("sites.json");
    std::fs::write(&sites, r#"{"rate_limits": {"per_ip": {"per_minute": 6, "burst": 3}}}"#).unwrap();
    let sites = sites.display().to_string();
    let (url, args) = (db.arg(), ["--sites", sites.as_str()]);
    let (a, b) = tokio::join!(Collector::start(&url, &args), Collector::start(&url, &args));
    let http = Http::default();
    let mut n = 0;
    for collector in [&a, &b] {
        for _ in 0..3 {
            assert_eq!(http.post(&collector.url, &submission(2, n, "northwind")).await.unwrap().status, 201);
            n += 1;
        }
        let refused = http.post(&collector.url, &submission(2, n, "northwind")).await.unwrap();
        assert_eq!(refused.status, 429, "the fourth post to one collector is over its burst");
        assert!(refused.retry_after().is_some_and(|s| (1..=10).contains(&s)));
        n += 1;
    }
    assert_eq!(db.open().await.count_all().await.unwrap(), 6, "each collector let its own burst of 3 through");
}

on_both! {
    /// Health, readiness and metrics, read as Prometheus would.
    async fn an_operator_reads_health_readiness_and_metrics(db) {
        let collector = Collector::start(&db.arg(), &[]).await;
        let http = Http::default();
        assert_eq!(http.get(&collector.url, "/healthz").await.body, "ok");
        let ready = http.get(&collector.url, "/readyz").await;
        assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));

        let body = submission(3, 1, "northwind");
        assert_eq!(http.post(&collector.url, &body).await.unwrap().status, 201);
        assert_eq!(http.post(&collector.url, &body).await.unwrap().status, 200);
        assert_eq!(http.post(&collector.url, "{\"v\": 1}").await.unwrap().status, 422);
        let key = format!("Bearer {}", support::read_key(&db.open().await, "northwind").await);
        let url = format!("{}/v1/responses?site=northwind", collector.url);
        let listed = http.send("GET", &url, "", &[("authorization", &key)]).await.unwrap();
        assert_eq!(listed.status, 200);

        let metrics = http.get(&collector.url, "/metrics").await;
        assert_eq!(metrics.status, 200);
        assert!(metrics.headers["content-type"].to_str().unwrap().starts_with("text/plain"));
        let text = metrics.body;
        let value = |name: &str, labels: &[&str]| -> Option<f64> {
            text.lines()
                .filter(|l| l.starts_with(name) && labels.iter().all(|label| l.contains(label)))
                .find_map(|l| l.rsplit(' ').next()?.parse().ok())
        };
        let requests = "touchpoint_http_requests_total{";
        let post = ["method=\"POST\"", "route=\"/v1/submissions\""];
        assert_eq!(value(requests, &[post[0], post[1], "status=\"201\""]), Some(1.0), "{text}");
        assert_eq!(value(requests, &[post[0], post[1], "status=\"200\""]), Some(1.0));
        assert_eq!(value(requests, &[post[0], post[1], "status=\"422\""]), Some(1.0));
        assert_eq!(value(requests, &["route=\"/v1/responses\"", "status=\"200\""]), Some(1.0));
        assert_eq!(value("touchpoint_submissions_stored_total ", &[]), Some(1.0));
        assert_eq!(value("touchpoint_submissions_duplicate_total ", &[]), Some(1.0));
        assert_eq!(value("touchpoint_ingest_duration_seconds_count ", &[]), Some(3.0));
        assert_eq!(value("touchpoint_ingest_duration_seconds_bucket{", &["le=\"+Inf\""]), Some(3.0));
        assert!(text.contains("# TYPE touchpoint_ingest_duration_seconds histogram"), "{text}");
        assert_eq!(value("touchpoint_db_errors_total{", &["kind=\"unavailable\""]), Some(0.0), "{text}");
    }
}

on_both! {
    /// SIGTERM under load: the collector stops accepting, answers every request it has
    /// (each only once its row is committed) and exits 0; nothing it answered 201 is missing.
    async fn a_graceful_shutdown_answers_and_stores_everything_in_flight(db) {
        let dir = tempfile::tempdir().unwrap();
        let args = support::unlimited(&dir);
        let mut collector = Collector::start(&db.arg(), &[&args[0], &args[1]]).await;
        let http = Http::default();
        let url = collector.url.clone();
        let answered = Arc::new(AtomicUsize::new(0));
        const TOTAL: usize = 400;
        let next = Arc::new(AtomicUsize::new(0));
        let workers: Vec<_> = (0..16)
            .map(|_| {
                let (http, url, answered, next) = (http.clone(), url.clone(), answered.clone(), next.clone());
                tokio::spawn(async move {
                    let mut outcomes = Vec::new();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= TOTAL {
                            return outcomes;
                        }
                        let outcome = http.post(&url, &submission(4, n, "northwind")).await.map(|a| a.status);
                        answered.fetch_add(1, Ordering::Relaxed);
                        let stopped = outcome.is_err();
                        outcomes.push((n, outcome));
                        if stopped {
                            return outcomes; // the collector has gone: nothing more to send
                        }
                    }
                })
            })
            .collect();
        while answered.load(Ordering::Relaxed) < 60 {
            tokio::task::yield_now().await;
        }
        let status = collector.terminate().await;
        assert!(status.success(), "a graceful shutdown exits 0: {status:?}");
        let mut created = Vec::new();
        for w in workers {
            for (n, outcome) in w.await.unwrap() {
                match outcome {
                    Ok(201) => created.push(n),
                    Ok(other) => panic!("submission {n} answered {other} during shutdown"),
                    // Sent after the listener closed: refused or reset before any answer, retried by a widget.
                    Err(_) => {}
                }
            }
        }
        assert!(created.len() >= 60);
        let store = db.open().await;
        for n in &created {
            assert_eq!(store.count_id(&submission_id(4, *n)).await.unwrap(), 1, "answered 201 but not stored: {n}");
        }
        assert_eq!(store.count_all().await.unwrap(), created.len(), "nothing stored that was not answered");
    }
}
