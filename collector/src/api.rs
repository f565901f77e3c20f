//! The collection API: `POST /v1/submissions`, `GET /v1/responses`, `GET /v1/promises`, `GET /healthz`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use touchpoint_core::Submission;
use touchpoint_core::wire::WireError;

use crate::AppState;
use crate::db::Stored;
use crate::error::ApiError;
use crate::limits::retry_after_secs;

/// Largest accepted request body. The widget's submissions are a few KiB; the
/// limit keeps abuse cheap to refuse while leaving room for long comments.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Most responses one listing returns.
const LIST_LIMIT: usize = 1_000;

/// The API routes, without static files.
pub fn routes(state: &AppState) -> Router<AppState> {
    let sites = state.sites.clone();
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin.to_str().is_ok_and(|o| sites.knows_origin(o))
        }))
        .allow_methods([Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        // Cross-origin widgets must read Retry-After to honour it rather than fall back to backoff.
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(86_400));
    // CORS covers the submissions route only (preflights included); listing is not for browsers elsewhere.
    let submissions =
        Router::new().route("/v1/submissions", post(submit).layer(DefaultBodyLimit::max(BODY_LIMIT))).layer(cors);
    Router::new()
        .merge(submissions)
        .route("/v1/responses", get(list))
        .route("/v1/promises", get(promises))
        .route("/healthz", get(|| async { "ok" }))
}

/// Accepts any content type: `sendBeacon` and CORS-safelisted requests send `text/plain`.
/// Checks, cheapest first: the client's rate, the body, the page's origin, the honeypot, the site's rate.
async fn submit(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let ip = client_ip(&state, peer.map(|Extension(ConnectInfo(addr))| addr), &headers);
    state.limits.check_ip(ip).map_err(too_many)?;
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge { limit: BODY_LIMIT },
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
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
    let received_at = now_ms();
    let id = submission.id.clone();
    let stored = state.db.insert(submission, received_at).await?;
    Ok(match stored {
        Stored::Created => (StatusCode::CREATED, Json(json!({"id": id, "stored": true}))),
        Stored::Duplicate => (StatusCode::OK, Json(json!({"id": id, "stored": false, "duplicate": true}))),
    })
}

#[derive(Deserialize)]
struct ListQuery {
    site: Option<String>,
}

async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> Result<Json<Value>, ApiError> {
    let site = site_param(q)?;
    let db = state.db.clone();
    let key = site.clone();
    let responses = tokio::task::spawn_blocking(move || db.list(&key, LIST_LIMIT)).await??;
    Ok(Json(json!({"site": site, "responses": responses})))
}

/// Per channel, how contact follow-ups say its reply-time promise was kept.
async fn promises(State(state): State<AppState>, Query(q): Query<ListQuery>) -> Result<Json<Value>, ApiError> {
    let site = site_param(q)?;
    let db = state.db.clone();
    let key = site.clone();
    let channels = tokio::task::spawn_blocking(move || db.promises(&key)).await??;
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
fn client_ip(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> IpAddr {
    let forwarded = || headers.get("x-forwarded-for")?.to_str().ok()?.split(',').next()?.trim().parse::<IpAddr>().ok();
    let forwarded = if state.trust_forwarded_for { forwarded() } else { None };
    forwarded.or(peer.map(|p| p.ip())).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// A cross-origin page may post only for a site that lists its origin; same-origin
/// pages (the collector's own demo) and non-browser clients (no `Origin`) may always.
fn check_origin(state: &AppState, headers: &HeaderMap, site: &str) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return Ok(()) };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let same_origin = host.is_some_and(|h| origin.split_once("://").is_some_and(|(_, rest)| rest == h));
    if same_origin || state.sites.allows(site, origin) {
        Ok(())
    } else {
        Err(ApiError::Forbidden { origin: origin.to_owned(), site: site.to_owned() })
    }
}

/// Milliseconds since the Unix epoch, by the server's clock.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
