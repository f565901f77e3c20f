//! The collection API: `POST /v1/submissions`, `DELETE /v1/journeys/{id}`,
//! `GET /v1/responses`, `GET /v1/promises` (with a session or a read key, see
//! `auth`), and for operators `GET /healthz`, `/readyz` and `/metrics`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use touchpoint_core::Submission;
use touchpoint_core::wire::WireError;

use crate::AppState;
use crate::auth::Principal;
use crate::db::{Stored, StoredRow};
use crate::error::ApiError;
use crate::limits::retry_after_secs;

/// Largest accepted request body. The widget's submissions are a few KiB; the
/// limit keeps abuse cheap to refuse while leaving room for long comments.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Bytes of request bodies held in memory at once, across all connections, while
/// they arrive: 32 MiB, 512 bodies of the largest size or some 30,000 of a widget's
/// usual 1 KB. Counted as bytes arrive, so a client trickling a body holds only
/// what it has sent; past it, posts are refused with 503 and `Retry-After`.
pub const BODY_MEMORY: usize = 32 * 1024 * 1024;

/// Most responses one listing returns.
const LIST_LIMIT: usize = 1_000;

/// Longest `/readyz` waits for the database before calling it unreachable.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The API routes, without static files.
pub fn routes(state: &AppState) -> Router<AppState> {
    let sites = state.sites.clone();
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin.to_str().is_ok_and(|o| sites.knows_origin(o))
        }))
        .allow_methods([Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE])
        // Cross-origin widgets must read Retry-After to honour it rather than fall back to backoff.
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(86_400));
    // CORS covers what widgets call (preflights included); listing is not for browsers elsewhere.
    let widget =
        Router::new().route("/v1/submissions", post(submit)).route("/v1/journeys/{id}", delete(forget)).layer(cors);
    // Responses are the marketers' alone: a session or a read key for the site.
    let reads = Router::new().route("/v1/responses", get(list)).route("/v1/promises", get(promises));
    Router::new()
        .merge(widget)
        .merge(crate::auth::protect(reads, state))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(render_metrics))
}

/// Accepts any content type: `sendBeacon` and CORS-safelisted requests send `text/plain`.
/// Checks, cheapest first: the client's rate, the body, the page's origin, the honeypot, the site's rate.
/// A client over its rate is answered before its body is read.
async fn submit(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let ip = client_ip(&state, peer.map(|Extension(ConnectInfo(addr))| addr), &headers);
    state.limits.check_ip(ip).map_err(too_many)?;
    // The body and the parsed submission are gone before the write is awaited: what
    // waits for the database is the row alone, counted in the write queue.
    let (row, id) = {
        let body = read_body(&state, &headers, body).await?;
        let submission = Submission::from_json(&body).map_err(|e| match e {
            WireError::Malformed(m) => ApiError::Malformed(m),
            WireError::Invalid(invalid) => ApiError::Invalid(invalid),
        })?;
        check_origin(&state, &headers, &submission.site)?;
        if submission.is_bot() {
            tracing::info!(site = %submission.site, %ip, "honeypot filled in: submission refused");
            return Err(ApiError::Refused);
        }
        state.limits.check_site(&submission.site).map_err(too_many)?;
        (StoredRow::new(&submission, (state.clock)()), submission.id)
    };
    Ok(match state.db.insert(row).await? {
        Stored::Created => {
            metrics::counter!("touchpoint_submissions_stored_total").increment(1);
            (StatusCode::CREATED, Json(json!({"id": id, "stored": true})))
        }
        Stored::Duplicate => {
            metrics::counter!("touchpoint_submissions_duplicate_total").increment(1);
            (StatusCode::OK, Json(json!({"id": id, "stored": false, "duplicate": true})))
        }
    })
}

/// Reads a body into memory as it arrives, within [`BODY_LIMIT`] (refused with 413 as
/// soon as it is over, by its `Content-Length` before a byte is read) and within the
/// collector's memory for bodies being received (refused with 503 when spent). Nothing
/// is reserved ahead of the bytes: a client that declares 60 KB and trickles costs
/// what it has sent.
async fn read_body(state: &AppState, headers: &HeaderMap, mut body: Body) -> Result<Bytes, ApiError> {
    use http_body_util::BodyExt;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(ApiError::TooLarge { limit: BODY_LIMIT });
    }
    let mut held = state.bodies.try_hold(0).ok_or_else(|| ApiError::overloaded("body"))?;
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ApiError::BadRequest(format!("the body could not be read: {e}")))?;
        let Ok(data) = frame.into_data() else { continue };
        if bytes.len() + data.len() > BODY_LIMIT {
            return Err(ApiError::TooLarge { limit: BODY_LIMIT });
        }
        if !held.grow(data.len()) {
            return Err(ApiError::overloaded("body"));
        }
        bytes.extend_from_slice(&data);
    }
    Ok(Bytes::from(bytes))
}

/// "Forget me": deletes every stored submission of a journey. Knowing the journey's
/// random UUID is the authority (only the visitor's browser has it), so no site or
/// credential is asked for; the answer is 204 whether or not anything was stored,
/// which tells a guesser nothing. Rate limited per client like posts; a page on an
/// origin no site lists is refused, as for posts.
async fn forget(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Path(journey): Path<String>,
) -> Result<StatusCode, ApiError> {
    let ip = client_ip(&state, peer.map(|Extension(ConnectInfo(addr))| addr), &headers);
    state.limits.check_ip(ip).map_err(too_many)?;
    if !touchpoint_core::wire::is_uuid(&journey) {
        return Err(ApiError::BadRequest("the journey id must be a UUID (8-4-4-4-12 hex digits)".into()));
    }
    if let Some(origin) = foreign_origin(&headers)
        && !state.sites.knows_origin(origin)
    {
        return Err(ApiError::ForbiddenOrigin { origin: origin.to_owned() });
    }
    let rows = state.db.forget_journey(&journey).await?;
    metrics::counter!("touchpoint_journey_rows_forgotten_total").increment(rows);
    tracing::info!(rows, "journey forgotten at the visitor's request");
    Ok(StatusCode::NO_CONTENT)
}

/// 200 while the database answers, 503 (with `Retry-After`) while it does not: a load
/// balancer stops sending posts to a collector that cannot store them.
async fn ready(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    match tokio::time::timeout(READY_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => Ok("ready"),
        Ok(Err(e)) => Err(crate::Error::Unavailable(e.to_string()).into()),
        Err(_) => Err(crate::Error::Unavailable("no answer within 2 s".into()).into()),
    }
}

async fn render_metrics(State(state): State<AppState>) -> Response {
    match &state.metrics {
        Some(handle) => {
            // Levels, not events: read when scraped.
            let (rows, bytes) = state.db.queued();
            metrics::gauge!("touchpoint_write_queue_rows").set(rows as f64);
            metrics::gauge!("touchpoint_write_queue_bytes").set(bytes as f64);
            metrics::gauge!("touchpoint_body_bytes_receiving").set(state.bodies.in_use().1 as f64);
            ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    site: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let site = site_param(q)?;
    principal.site(&site)?;
    let responses = state.db.list(&site, LIST_LIMIT).await?;
    Ok(Json(json!({"site": site, "responses": responses})))
}

/// Per channel, how contact follow-ups say its reply-time promise was kept.
async fn promises(
    State(state): State<AppState>,
    principal: Principal,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let site = site_param(q)?;
    principal.site(&site)?;
    let channels = state.db.promises(&site).await?;
    Ok(Json(json!({"site": site, "channels": channels})))
}

/// The `site` query parameter, which must be a site id.
fn site_param(q: ListQuery) -> Result<String, ApiError> {
    q.site
        .filter(|s| touchpoint_core::fields::is_id(s))
        .ok_or_else(|| ApiError::BadRequest("query parameter `site` is required: a site id of a-z, 0-9, - or _".into()))
}

fn too_many(wait: Duration) -> ApiError {
    ApiError::TooManyRequests { retry_after: retry_after_secs(wait) }
}

/// The client's address: the socket peer, or behind a trusted proxy the first `X-Forwarded-For` hop.
pub(crate) fn client_ip(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> IpAddr {
    let forwarded = || headers.get("x-forwarded-for")?.to_str().ok()?.split(',').next()?.trim().parse::<IpAddr>().ok();
    let forwarded = if state.trust_forwarded_for { forwarded() } else { None };
    forwarded.or(peer.map(|p| p.ip())).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// A cross-origin page may post only for a site that lists its origin; same-origin
/// pages (the collector's own demo) and non-browser clients (no `Origin`) may always.
fn check_origin(state: &AppState, headers: &HeaderMap, site: &str) -> Result<(), ApiError> {
    match foreign_origin(headers) {
        Some(origin) if !state.sites.allows(site, origin) => {
            Err(ApiError::Forbidden { origin: origin.to_owned(), site: site.to_owned() })
        }
        _ => Ok(()),
    }
}

/// The request's `Origin` when it is another origin than the collector's own.
fn foreign_origin(headers: &HeaderMap) -> Option<&str> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let same_origin = host.is_some_and(|h| origin.split_once("://").is_some_and(|(_, rest)| rest == h));
    (!same_origin).then_some(origin)
}
