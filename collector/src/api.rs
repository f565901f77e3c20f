//! The collection API: `POST /v1/submissions`, `GET /v1/responses`, `GET /healthz`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use touchpoint_core::Submission;
use touchpoint_core::wire::WireError;

use crate::AppState;
use crate::db::Stored;
use crate::error::ApiError;

/// Largest accepted request body. The widget's submissions are a few KiB; the
/// limit keeps abuse cheap to refuse while leaving room for long comments.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Most responses one listing returns.
const LIST_LIMIT: usize = 1_000;

/// The API routes, without static files.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/submissions", post(submit).layer(DefaultBodyLimit::max(BODY_LIMIT)))
        .route("/v1/responses", get(list))
        .route("/healthz", get(|| async { "ok" }))
}

/// Accepts any content type: `sendBeacon` and CORS-safelisted requests send `text/plain`.
async fn submit(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge { limit: BODY_LIMIT },
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
    let submission = Submission::from_json(&body).map_err(|e| match e {
        WireError::Malformed(m) => ApiError::Malformed(m),
        WireError::Invalid(invalid) => ApiError::Invalid(invalid),
    })?;
    let received_at = now_ms();
    let db = state.db.clone();
    let id = submission.id.clone();
    let stored = tokio::task::spawn_blocking(move || db.insert(&submission, received_at)).await??;
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
    let site = q.site.filter(|s| touchpoint_core::fields::is_id(s)).ok_or_else(|| {
        ApiError::BadRequest("query parameter `site` is required: a site id of a-z, 0-9, - or _".into())
    })?;
    let db = state.db.clone();
    let key = site.clone();
    let responses = tokio::task::spawn_blocking(move || db.list(&key, LIST_LIMIT)).await??;
    Ok(Json(json!({"site": site, "responses": responses})))
}

/// Milliseconds since the Unix epoch, by the server's clock.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
