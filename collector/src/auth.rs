//! Who is asking: a Studio user with a session, or a program with an API key.
//!
//! Every read route (`/v1/responses`, `/v1/promises`, Insights' routes) and every
//! Studio route sits behind [`authenticate`], which answers 401 without a valid
//! session or key and otherwise hands the handler a [`Principal`]; the handler then
//! says what it needs ([`Principal::site`], [`Principal::role`]) and gets 403 when the
//! principal lacks it. To protect a new route, put it in a router passed through
//! [`protect`] and take a `Principal` argument.
//!
//! - **Sessions**: a random 32-byte token in the `tp_session` cookie (`HttpOnly;
//!   SameSite=Strict; Path=/`, `Secure` over https); the database keeps its SHA-256.
//!   A session expires 14 days after it was last used (its expiry moves on at most once
//!   an hour, and the cookie with it).
//! - **CSRF**: a state-changing request (anything but GET, HEAD, OPTIONS) carrying the
//!   cookie must come from the collector's own origin (`Origin`, or without it
//!   `Sec-Fetch-Site: same-origin`) and carry the session's token in `X-CSRF-Token`;
//!   otherwise 403 and nothing happens. `SameSite=Strict` already keeps browsers from
//!   sending the cookie cross-site; these checks hold where it does not (older browsers,
//!   a sibling subdomain, which is same-site).
//! - **API keys**: `Authorization: Bearer tp_…`, one site each, read scope: they read
//!   responses, never Studio's routes and never change anything.

pub mod password;
pub mod secret;

use std::net::IpAddr;
use std::time::Duration;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::DefaultKeyedRateLimiter;

use crate::AppState;
use crate::db::{ApiKey, Role, SessionRow, User};
use crate::error::ApiError;
use crate::limits::{check, keyed};
use crate::sites::Limit;

/// The session cookie's name.
pub const COOKIE: &str = "tp_session";

/// The header Studio sends the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;

/// A session ends this long after it was last used.
pub const SESSION_TTL_MS: i64 = 14 * 24 * HOUR_MS;

/// A session's expiry moves on at most this often: one write an hour per active session,
/// not one per request.
pub const SESSION_TOUCH_MS: i64 = HOUR_MS;

/// A key's `last_used_at` is written at most this often.
pub const KEY_TOUCH_MS: i64 = MINUTE_MS;

/// Sign-in attempts per client address: room for typos, none for guessing.
pub const SIGN_IN_PER_IP: Limit = Limit::new(10, 10);

/// Sign-in attempts per account (counted for unknown emails too, so the limit says nothing
/// about which exist): a guesser spreading over many addresses still gets 5 a minute.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit::new(5, 5);

/// What authentication keeps between requests besides the database: the sign-in limiters.
pub struct Auth {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
}

impl Default for Auth {
    fn default() -> Self {
        Auth { per_ip: keyed(SIGN_IN_PER_IP), per_account: keyed(SIGN_IN_PER_ACCOUNT) }
    }
}

impl Auth {
    /// Takes a sign-in attempt from `ip` for `email`, or says how long to wait.
    pub fn sign_in_attempt(&self, ip: IpAddr, email: &str) -> Result<(), Duration> {
        check(&self.per_ip, &ip)?;
        check(&self.per_account, &email.to_owned())
    }

    /// Forgets limiter keys whose buckets are full again, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.per_ip.retain_recent();
        self.per_account.retain_recent();
    }
}

/// A signed-in user and their session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub session: SessionRow,
}

/// Who a request is from, once [`authenticate`] has checked it.
#[derive(Debug, Clone)]
pub enum Principal {
    User(SignedIn),
    Key(ApiKey),
}

impl Principal {
    /// Whether this principal may see `site`, else 403.
    pub fn site(&self, site: &str) -> Result<(), ApiError> {
        let sees = match self {
            Principal::User(s) => s.user.sees(site),
            Principal::Key(key) => key.site == site,
        };
        if sees { Ok(()) } else { Err(ApiError::NoAccess { site: site.to_owned() }) }
    }

    /// The signed-in user, if their role is at least `role`; else 403 (API keys only read
    /// responses, so they get 403 here too).
    pub fn role(&self, role: Role) -> Result<&SignedIn, ApiError> {
        match self {
            Principal::Key(_) => {
                Err(ApiError::NotPermitted("an API key only reads responses: sign in to Studio for this".into()))
            }
            Principal::User(s) if s.user.role >= role => Ok(s),
            Principal::User(s) => Err(ApiError::NotPermitted(format!(
                "your role ({}) cannot do this: it needs {}",
                s.user.role,
                match role {
                    Role::Viewer => "a signed-in user",
                    Role::Editor => "an editor or admin",
                    Role::Admin => "an admin",
                }
            ))),
        }
    }

    /// The signed-in user, whatever their role.
    pub fn user(&self) -> Result<&SignedIn, ApiError> {
        self.role(Role::Viewer)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Only routes behind `authenticate` take a Principal; elsewhere this is a programming error, answered as 401.
        parts.extensions.get::<Principal>().cloned().ok_or(ApiError::Unauthorized)
    }
}

/// `router` with every route behind [`authenticate`] (only routes that match: an unknown
/// path is still a 404).
pub fn protect(router: axum::Router<AppState>, state: &AppState) -> axum::Router<AppState> {
    router.route_layer(axum::middleware::from_fn_with_state(state.clone(), authenticate))
}

/// The middleware in front of every protected route: resolves the API key or session,
/// refuses cross-site state changes, moves the session's expiry on, and refreshes the cookie
/// when it did.
pub async fn authenticate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let https = is_https(&state, &parts.headers, &parts.uri);
    match resolve(&state, &parts).await {
        Ok((principal, refreshed)) => {
            parts.extensions.insert(principal);
            let mut res = next.run(Request::from_parts(parts, body)).await;
            // Unless the handler set the cookie itself (sign-out clears it).
            let handled =
                res.headers().get_all(header::SET_COOKIE).iter().any(|v| v.as_bytes().starts_with(COOKIE.as_bytes()));
            if let Some(cookie) = refreshed.filter(|_| !handled) {
                res.headers_mut().append(header::SET_COOKIE, session_cookie(&cookie, https));
            }
            res
        }
        Err((e, stale_cookie)) => {
            let mut res = e.into_response();
            if stale_cookie {
                res.headers_mut().append(header::SET_COOKIE, clear_cookie(https));
            }
            res
        }
    }
}

/// The principal, and the session token when its cookie should be sent again (expiry moved on).
/// An error says whether a cookie was sent that no longer works (then it is cleared).
async fn resolve(state: &AppState, req: &Parts) -> Result<(Principal, Option<String>), (ApiError, bool)> {
    let headers = &req.headers;
    let now = (state.clock)();
    if let Some(key) = bearer(headers) {
        let stored = state.db.key_by_hash(&secret::hash(key)).await.map_err(|e| (e.into(), false))?;
        let Some(stored) = stored else { return Err((ApiError::Unauthorized, false)) };
        if stored.last_used_at.is_none_or(|at| now - at >= KEY_TOUCH_MS) {
            state.db.touch_key(&stored.id, now).await.map_err(|e| (e.into(), false))?;
        }
        return Ok((Principal::Key(stored), None));
    }
    let Some(token) = cookie(headers, COOKIE) else { return Err((ApiError::Unauthorized, false)) };
    let changes = !matches!(req.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if changes && !same_origin(state, headers, &req.uri) {
        return Err((ApiError::CrossSite, false));
    }
    let hash = secret::hash(token);
    let found = state.db.session(&hash).await.map_err(|e| (e.into(), false))?;
    let Some((session, user)) = found else { return Err((ApiError::Unauthorized, true)) };
    if session.expires_at <= now || user.disabled {
        state.db.delete_session(&hash).await.map_err(|e| (e.into(), false))?;
        return Err((ApiError::Unauthorized, true));
    }
    if changes {
        let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if !secret::same(sent, &session.csrf) {
            return Err((ApiError::CrossSite, false));
        }
    }
    let mut session = session;
    let mut refreshed = None;
    if now - session.seen_at >= SESSION_TOUCH_MS {
        session.seen_at = now;
        session.expires_at = now + SESSION_TTL_MS;
        state.db.touch_session(&hash, now, session.expires_at).await.map_err(|e| (e.into(), false))?;
        refreshed = Some(token.to_owned());
    }
    Ok((Principal::User(SignedIn { user, session }), refreshed))
}

/// The `tp_…` key of `Authorization: Bearer tp_…`, if that is what was sent.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| key.trim())
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
        .filter(|v| !v.is_empty())
}

/// `Set-Cookie` for a session token: sent back by the browser for 14 days of inactivity,
/// to this collector only, never to scripts, never from another site's page.
pub fn session_cookie(token: &str, https: bool) -> HeaderValue {
    let max_age = SESSION_TTL_MS / 1_000;
    let secure = if https { "; Secure" } else { "" };
    let text = format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}");
    // A base64url token and fixed attributes are always a valid header value.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("tp_session=; Max-Age=0"))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(https: bool) -> HeaderValue {
    if https {
        HeaderValue::from_static("tp_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure")
    } else {
        HeaderValue::from_static("tp_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
    }
}

/// Whether the request reached us over https: by the URI's scheme (HTTP/2), or behind a
/// trusted proxy (`--trust-forwarded-for`) by its `X-Forwarded-Proto`.
pub fn is_https(state: &AppState, headers: &HeaderMap, uri: &Uri) -> bool {
    let forwarded = || headers.get("x-forwarded-proto")?.to_str().ok()?.split(',').next().map(str::trim);
    uri.scheme_str() == Some("https") || (state.trust_forwarded_for && forwarded() == Some("https"))
}

/// The collector's own origin as this request addressed it: scheme and `Host` (behind a
/// trusted proxy, its `X-Forwarded-Proto` and `X-Forwarded-Host`).
fn own_origin(state: &AppState, headers: &HeaderMap, uri: &Uri) -> Option<String> {
    let header_value = |name: &str| headers.get(name)?.to_str().ok()?.split(',').next().map(str::trim);
    let forwarded_host = if state.trust_forwarded_for { header_value("x-forwarded-host") } else { None };
    let host = forwarded_host
        .or_else(|| headers.get(header::HOST)?.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))?;
    let scheme = if is_https(state, headers, uri) { "https" } else { "http" };
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// Whether a browser sent this request from the collector's own pages: `Origin` equal to our
/// own origin, or, where a browser sent no `Origin`, `Sec-Fetch-Site: same-origin`. A request
/// with neither is refused: browsers send one of them with every state-changing request.
pub fn same_origin(state: &AppState, headers: &HeaderMap, uri: &Uri) -> bool {
    match headers.get(header::ORIGIN).map(|v| v.to_str()) {
        Some(Ok(origin)) => own_origin(state, headers, uri).is_some_and(|own| origin.eq_ignore_ascii_case(&own)),
        Some(Err(_)) => false,
        None => headers.get("sec-fetch-site").is_some_and(|v| v == "same-origin"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_http_only_strict_and_secure_over_https() {
        assert_eq!(session_cookie("abc", false), "tp_session=abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=1209600");
        assert_eq!(
            session_cookie("abc", true),
            "tp_session=abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=1209600; Secure"
        );
        assert!(clear_cookie(true).to_str().unwrap().contains("Max-Age=0"));
    }

    #[test]
    fn cookies_and_bearer_keys_are_read_from_their_headers() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("theme=dark; tp_session=tok123"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer tp_abc"));
        assert_eq!(cookie(&headers, COOKIE), Some("tok123"));
        assert_eq!(cookie(&headers, "missing"), None);
        assert_eq!(bearer(&headers), Some("tp_abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic dXNlcjpwdw=="));
        assert_eq!(bearer(&headers), None);
    }
}
