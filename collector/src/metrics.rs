//! `/metrics` in Prometheus text format, through the `metrics` facade and its
//! Prometheus exporter: what an operator's dashboards and alerts read.
//!
//! | metric | kind | labels |
//! |---|---|---|
//! | `touchpoint_http_requests_total` | counter | `method`, `route` (the route pattern; `other` for static files and unknown paths), `status` |
//! | `touchpoint_ingest_duration_seconds` | histogram | — (`POST /v1/submissions`, from request to answer) |
//! | `touchpoint_submissions_stored_total` | counter | — |
//! | `touchpoint_submissions_duplicate_total` | counter | — (repeats absorbed by the idempotency key) |
//! | `touchpoint_db_errors_total` | counter | `kind`: `unavailable` (answered 503) or `other` (500) |
//! | `touchpoint_journey_rows_forgotten_total` | counter | — |
//! | `touchpoint_retention_purged_total` | counter | — |
//! | `touchpoint_connections_open` | gauge | — |
//! | `touchpoint_connections_accepted_total` | counter | — |
//! | `touchpoint_connections_refused_total` | counter | `cap`: `total` or `per_ip` (answered 503 at the accept) |
//! | `touchpoint_connections_timed_out_total` | counter | `phase`: `head`, `body`, `idle` or `response` |
//! | `touchpoint_accept_errors_total` | counter | — (out of descriptors, above all) |
//! | `touchpoint_overload_refusals_total` | counter | `queue`: `write` (the write queue full) or `body` (the memory for bodies being received spent); answered 503 |
//! | `touchpoint_write_queue_rows`, `touchpoint_write_queue_bytes` | gauge | — (waiting for the database, read when scraped) |
//! | `touchpoint_body_bytes_receiving` | gauge | — (bodies being received, read when scraped) |

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Renders the metrics recorded in this process.
pub type Handle = PrometheusHandle;

/// The ingest latency buckets, in seconds: fine where the collector should be
/// (under 10 ms), coarse where a database is in trouble.
const LATENCY_BUCKETS: &[f64] = &[0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Installs the process-wide recorder (once per process: `touchpoint serve` calls it)
/// and keeps its histograms compact in the background.
pub fn install() -> Result<Handle, String> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full("touchpoint_ingest_duration_seconds".into()), LATENCY_BUCKETS)
        .map_err(|e| e.to_string())?
        .install_recorder()
        .map_err(|e| e.to_string())?;
    describe();
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            upkeep.run_upkeep();
        }
    });
    Ok(handle)
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!("touchpoint_http_requests_total", "HTTP requests answered, by method, route and status");
    describe_histogram!(
        "touchpoint_ingest_duration_seconds",
        Unit::Seconds,
        "Time from receiving a submission to answering it (committed or refused)"
    );
    describe_counter!("touchpoint_submissions_stored_total", "Submissions stored (first time their id was seen)");
    describe_counter!("touchpoint_submissions_duplicate_total", "Repeated submission ids answered without storing");
    describe_counter!("touchpoint_db_errors_total", "Database failures: unavailable (503) or other (500)");
    describe_counter!("touchpoint_journey_rows_forgotten_total", "Rows deleted by DELETE /v1/journeys/{id}");
    describe_counter!("touchpoint_retention_purged_total", "Rows deleted by the retention purge");
    describe_gauge!("touchpoint_connections_open", "Connections open now");
    describe_counter!("touchpoint_connections_accepted_total", "Connections accepted within the caps");
    describe_counter!(
        "touchpoint_connections_refused_total",
        "Connections over a cap, answered 503 and closed at once"
    );
    describe_counter!("touchpoint_connections_timed_out_total", "Connections closed for taking too long, by phase");
    describe_counter!("touchpoint_accept_errors_total", "Failed accepts (out of descriptors, above all)");
    describe_counter!("touchpoint_overload_refusals_total", "Requests answered 503 because a queue was full");
    describe_gauge!("touchpoint_write_queue_rows", "Writes waiting for the database");
    describe_gauge!("touchpoint_write_queue_bytes", "Bytes of rows waiting for the database");
    describe_gauge!("touchpoint_body_bytes_receiving", "Bytes of request bodies being received");
    // Present from the start at 0, so an alert on a rate sees a series before the first failure.
    for kind in ["unavailable", "other"] {
        metrics::counter!("touchpoint_db_errors_total", "kind" => kind).increment(0);
    }
    for name in ["touchpoint_submissions_stored_total", "touchpoint_submissions_duplicate_total"] {
        metrics::counter!(name).increment(0);
    }
    metrics::counter!("touchpoint_journey_rows_forgotten_total").increment(0);
    for cap in ["total", "per_ip"] {
        metrics::counter!("touchpoint_connections_refused_total", "cap" => cap).increment(0);
    }
    for phase in ["head", "body", "idle", "response"] {
        metrics::counter!("touchpoint_connections_timed_out_total", "phase" => phase).increment(0);
    }
    for queue in ["write", "body"] {
        metrics::counter!("touchpoint_overload_refusals_total", "queue" => queue).increment(0);
    }
    metrics::counter!("touchpoint_accept_errors_total").increment(0);
}

/// Middleware: counts every request by route and status, and times ingestion.
pub async fn track(matched: Option<MatchedPath>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    // The route pattern, never the raw path: journey ids and file names would explode the label set.
    let route = matched.map_or_else(|| "other".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().clone();
    let response = next.run(req).await;
    if route == "/v1/submissions" && method == axum::http::Method::POST {
        metrics::histogram!("touchpoint_ingest_duration_seconds").record(started.elapsed().as_secs_f64());
    }
    metrics::counter!(
        "touchpoint_http_requests_total",
        "method" => method.as_str().to_owned(),
        "route" => route,
        "status" => response.status().as_u16().to_string(),
    )
    .increment(1);
    response
}
