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
    #[error("SQLite: {0}")]
    Sqlite(rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(tokio_postgres::Error),
    /// The database cannot be reached or is too busy right now; a retry later may succeed
    /// (answered 503 with `Retry-After`, which the widget's outbox honours).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A queue in front of the database is full (`write`): refused at once (503 with
    /// `Retry-After`) rather than queued behind it.
    #[error("the {0} queue is full")]
    Overloaded(&'static str),
    #[error("database migration {version} failed: {message}")]
    Migration { version: usize, message: String },
    #[error(
        "the database's schema is at version {found}, newer than this collector knows ({known}): \
         run a touchpoint release that knows it (an older one could damage newer data)"
    )]
    SchemaTooNew { found: usize, known: usize },
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

impl Error {
    /// Whether a retry may succeed once the database is back: the request gets 503, not 500.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Error::Unavailable(_))
    }

    /// The same failure for each of several waiters (a group commit answers them all).
    pub fn shared(&self) -> Error {
        if self.is_unavailable() { Error::Unavailable(self.to_string()) } else { Error::Write(self.to_string()) }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            // Another process held the lock past the busy timeout: try again shortly.
            Some(DatabaseBusy | DatabaseLocked) => Error::Unavailable(e.to_string()),
            _ => Error::Sqlite(e),
        }
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        use tokio_postgres::error::SqlState;
        let transient = match e.code() {
            // No answer from the server at all: connection refused, reset or closed.
            None => true,
            Some(code) => {
                let class = code.code().get(..2);
                // 08 connection exception, 53 insufficient resources, 57 operator intervention
                // (shutdown, restart, cancel); serialization failures and deadlocks are retried too.
                matches!(class, Some("08" | "53" | "57"))
                    || *code == SqlState::T_R_SERIALIZATION_FAILURE
                    || *code == SqlState::T_R_DEADLOCK_DETECTED
            }
        };
        if transient || e.is_closed() { Error::Unavailable(e.to_string()) } else { Error::Postgres(e) }
    }
}

impl From<deadpool_postgres::PoolError> for Error {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Backend(e) => e.into(),
            // Timeouts waiting for or creating a connection, a closed pool: all transient.
            other => Error::Unavailable(other.to_string()),
        }
    }
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
    /// The page's origin is allowed for no site.
    #[error("origin {origin} is not allowed for any site")]
    ForbiddenOrigin { origin: String },
    /// The form's honeypot was filled in: a bot. Refused without saying why.
    #[error("submission refused")]
    Refused,
    /// Over a rate limit: try again after this many seconds.
    #[error("too many requests: retry after {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    /// The body is over the limit.
    #[error("body exceeds {limit} bytes")]
    TooLarge { limit: usize },
    /// The database is unreachable or busy: try again after this many seconds.
    #[error("the database is unavailable: retry after {retry_after} s")]
    Unavailable { retry_after: u64 },
    /// A request body's fields are wrong (`what` names the body: "configuration",
    /// "user" …): every problem with its path.
    #[error("invalid {what}")]
    InvalidFields { what: &'static str, invalid: Invalid },
    /// No valid session or API key (absent, unknown, expired, revoked).
    #[error("sign in or send an API key")]
    Unauthorized,
    /// A sign-in with an unknown email or a wrong password: the same answer for both.
    #[error("wrong email or password")]
    WrongCredentials,
    /// The user or key may not see this site.
    #[error("no access to site {site}")]
    NoAccess { site: String },
    /// A state-changing request with the session cookie from another origin, or without
    /// the session's CSRF token: nothing was changed.
    #[error("cross-site request refused")]
    CrossSite,
    /// Signed in, but the role (or an API key) may not do this.
    #[error("{0}")]
    NotPermitted(String),
    /// No such user, site, version, draft or key.
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with what is stored; the body says how.
    #[error("conflict")]
    Conflict(serde_json::Value),
    /// More is arriving than the collector can take in now (a full write queue, the
    /// memory for bodies being received spent): try again after this many seconds.
    #[error("the collector is busy: retry after {retry_after} s")]
    Overloaded { retry_after: u64 },
    /// Our fault: logged, not explained.
    #[error(transparent)]
    Internal(Error),
}

impl ApiError {
    /// A 409 with only a message.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::Conflict(json!({"error": message.into()}))
    }
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
            ApiError::Forbidden { .. } | ApiError::ForbiddenOrigin { .. } | ApiError::Refused => {
                (StatusCode::FORBIDDEN, json!({"error": self.to_string()}))
            }
            ApiError::TooManyRequests { retry_after } => {
                return retry_later(StatusCode::TOO_MANY_REQUESTS, *retry_after, &self);
            }
            ApiError::Unavailable { retry_after } | ApiError::Overloaded { retry_after } => {
                return retry_later(StatusCode::SERVICE_UNAVAILABLE, *retry_after, &self);
            }
            ApiError::InvalidFields { invalid, .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, json!({"error": self.to_string(), "fields": invalid.0}))
            }
            ApiError::Unauthorized => {
                let challenge = [(axum::http::header::WWW_AUTHENTICATE, "Bearer")];
                return (StatusCode::UNAUTHORIZED, challenge, Json(json!({"error": self.to_string()}))).into_response();
            }
            ApiError::WrongCredentials => (StatusCode::UNAUTHORIZED, json!({"error": self.to_string()})),
            ApiError::NoAccess { .. } | ApiError::CrossSite | ApiError::NotPermitted(_) => {
                (StatusCode::FORBIDDEN, json!({"error": self.to_string()}))
            }
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, json!({"error": self.to_string()})),
            ApiError::Conflict(body) => (StatusCode::CONFLICT, body.clone()),
            ApiError::Internal(e) => {
                tracing::error!(error = %e, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "internal error"}))
            }
        };
        (status, Json(body)).into_response()
    }
}

/// A refusal the client should retry after `retry_after` seconds.
fn retry_later(status: StatusCode, retry_after: u64, error: &ApiError) -> Response {
    let headers = [(axum::http::header::RETRY_AFTER, retry_after.to_string())];
    (status, headers, Json(json!({"error": error.to_string()}))).into_response()
}

/// Seconds a client waits before retrying while the database is unavailable: long
/// enough not to hammer a restarting database, short enough that a restart of a few
/// seconds costs visitors nothing they notice (their answers wait in the outbox).
pub const UNAVAILABLE_RETRY_AFTER: u64 = 2;

impl ApiError {
    /// A refusal for overload of `queue` (`write` or `body`), counted in `/metrics`.
    pub fn overloaded(queue: &'static str) -> ApiError {
        metrics::counter!("touchpoint_overload_refusals_total", "queue" => queue).increment(1);
        ApiError::Overloaded { retry_after: crate::overload::OVERLOAD_RETRY_AFTER }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        if let Error::Overloaded(queue) = e {
            return ApiError::overloaded(queue);
        }
        let kind = if e.is_unavailable() { "unavailable" } else { "other" };
        metrics::counter!("touchpoint_db_errors_total", "kind" => kind).increment(1);
        if e.is_unavailable() {
            tracing::warn!(error = %e, "database unavailable: answering 503");
            ApiError::Unavailable { retry_after: UNAVAILABLE_RETRY_AFTER }
        } else {
            ApiError::Internal(e)
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(Error::Join(e))
    }
}
