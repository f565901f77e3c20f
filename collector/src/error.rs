//! One error type per concern: [`Error`] for the store, [`ApiError`] for what a
//! client is told. 4xx answers carry field messages; 5xx are opaque to the
//! client and logged here.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use touchpoint_core::Invalid;

/// Failures of the store and the server itself.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("database migration {version} failed: {source}")]
    Migration { version: usize, source: rusqlite::Error },
    #[error("stored row {id} is not valid JSON: {source}")]
    Corrupt { id: String, source: serde_json::Error },
    #[error("background task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("the database writer has stopped")]
    WriterGone,
    #[error("database write failed: {0}")]
    Write(String),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong with a request, as the client is told.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON.
    #[error("malformed JSON: {0}")]
    Malformed(String),
    /// JSON, but fields are wrong: every problem with its path.
    #[error("invalid submission")]
    Invalid(Invalid),
    /// A request parameter is missing or wrong.
    #[error("{0}")]
    BadRequest(String),
    /// The page's origin may not post for this site.
    #[error("origin {origin} may not post for site {site}")]
    Forbidden { origin: String, site: String },
    /// The form's honeypot was filled in: a bot. Refused without saying why.
    #[error("submission refused")]
    Refused,
    /// Over a rate limit: try again after this many seconds.
    #[error("too many requests: retry after {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    /// The body is over the limit.
    #[error("body exceeds {limit} bytes")]
    TooLarge { limit: usize },
    /// Our fault: logged, not explained.
    #[error(transparent)]
    Internal(#[from] Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            ApiError::Malformed(_) | ApiError::BadRequest(_) => {
                (StatusCode::BAD_REQUEST, json!({"error": self.to_string()}))
            }
            ApiError::Invalid(invalid) => {
                (StatusCode::UNPROCESSABLE_ENTITY, json!({"error": self.to_string(), "fields": invalid.0}))
            }
            ApiError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, json!({"error": self.to_string()})),
            ApiError::Forbidden { .. } | ApiError::Refused => {
                (StatusCode::FORBIDDEN, json!({"error": self.to_string()}))
            }
            ApiError::TooManyRequests { retry_after } => {
                let headers = [(axum::http::header::RETRY_AFTER, retry_after.to_string())];
                return (StatusCode::TOO_MANY_REQUESTS, headers, Json(json!({"error": self.to_string()})))
                    .into_response();
            }
            ApiError::Internal(e) => {
                tracing::error!(error = %e, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "internal error"}))
            }
        };
        (status, Json(body)).into_response()
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(Error::Join(e))
    }
}
