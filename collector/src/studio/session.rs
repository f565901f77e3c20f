//! Signing in and out. Sign-in answers an unknown email and a wrong password alike, in about
//! the same time (an unknown email is verified against a dummy hash), and is rate limited
//! per client address and per account, so neither guessing passwords nor finding out which
//! emails have accounts gets far.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{Value, json};
use touchpoint_core::fields::Reader;

use super::body::{Body, invalid};
use crate::AppState;
use crate::auth::{self, Principal, SESSION_TTL_MS, password, secret};
use crate::db::SessionRow;
use crate::error::ApiError;
use crate::limits::retry_after_secs;

/// Most characters an email may have (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// An email as accounts are keyed: trimmed, lower case, if it looks like one.
pub fn normalize_email(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let ok = !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && email.chars().count() <= MAX_EMAIL
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(email)
}

/// `POST /v1/session {email, password}`: 200 `{user, csrf}` and the session cookie.
pub async fn sign_in(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    // A page elsewhere must not sign a visitor in to an account of its choosing.
    let fetched_elsewhere = headers.get("sec-fetch-site").is_some_and(|v| v != "same-origin" && v != "none");
    if (headers.contains_key(header::ORIGIN) || fetched_elsewhere) && !auth::same_origin(&state, &headers, &uri) {
        return Err(ApiError::CrossSite);
    }
    let body = Body::read(body)?;
    let mut r = Reader::default();
    let root = body.root();
    r.object(&root, &["email", "password"]);
    let email = r.string(&root.field("email"));
    let given = root.field("password").value().and_then(Value::as_str).map(str::to_owned);
    if given.is_none() {
        r.string(&root.field("password"));
    }
    let (email, given) = r.finish_with(email.zip(given)).map_err(invalid("sign-in"))?;
    let email = normalize_email(email).unwrap_or_else(|| email.trim().to_lowercase());
    let ip = crate::api::client_ip(&state, peer.map(|Extension(ConnectInfo(addr))| addr), &headers);
    state
        .auth
        .sign_in_attempt(ip, &email)
        .map_err(|wait| ApiError::TooManyRequests { retry_after: retry_after_secs(wait) })?;
    let user = state.db.user(&email).await?;
    let stored = user.as_ref().map_or_else(|| password::dummy_hash().to_owned(), |u| u.password_hash.clone());
    let verified = tokio::task::spawn_blocking(move || password::verify(&given, &stored)).await?;
    let user = match user {
        Some(user) if verified && !user.disabled => user,
        _ => {
            tracing::info!(%ip, "sign-in refused");
            return Err(ApiError::WrongCredentials);
        }
    };
    let (token, csrf) = (new_secret(secret::token)?, new_secret(secret::token)?);
    let now = (state.clock)();
    let session = SessionRow {
        token_hash: secret::hash(&token),
        email: user.email.clone(),
        csrf: csrf.clone(),
        created_at: now,
        seen_at: now,
        expires_at: now + SESSION_TTL_MS,
    };
    state.db.create_session(session).await?;
    tracing::info!(email = %user.email, "signed in");
    let cookie = auth::session_cookie(&token, auth::is_https(&state, &headers, &uri));
    Ok(([(header::SET_COOKIE, cookie)], Json(json!({"user": user.to_json(), "csrf": csrf}))).into_response())
}

/// A random secret, or a 500 if the operating system's generator failed.
pub fn new_secret(make: fn() -> Result<String, getrandom::Error>) -> Result<String, ApiError> {
    make().map_err(|e| ApiError::Internal(crate::Error::Write(format!("no randomness from the system: {e}"))))
}

/// `GET /v1/session`: who is signed in, and the CSRF token Studio sends with changes.
pub async fn current(principal: Principal) -> Result<Json<Value>, ApiError> {
    let s = principal.user()?;
    Ok(Json(json!({"user": s.user.to_json(), "csrf": s.session.csrf})))
}

/// `DELETE /v1/session`: ends the session and clears the cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let s = principal.user()?;
    state.db.delete_session(&s.session.token_hash).await?;
    let clear = auth::clear_cookie(auth::is_https(&state, &headers, &uri));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_keyed_in_lower_case() {
        assert_eq!(normalize_email(" Ada@Example.COM ").as_deref(), Some("ada@example.com"));
        for bad in ["ada", "@example.com", "ada@", "a b@example.com", "a@b@c"] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }
}
