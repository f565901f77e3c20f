//! Static files: the loader and what it loads, for pages of any origin, and the demo site.
//!
//! - `/touchpoint.js` and the loader's pinned copy `/touchpoint.<hash>.js` come from
//!   `pkg/root/` (written by the build against the content-hashed files), anything else at
//!   the root from `www/` (the demo pages, the configuration, live-status files);
//! - `/pkg/…` is the build output: content-hashed stylesheet, glue and wasm, and the npm
//!   package's files;
//! - `/studio/…` is Studio (`pkg/studio/`, scripts/build-studio.sh): its page, its
//!   content-hashed wasm, glue and stylesheet, and the live preview's frame, under
//!   [`STUDIO_CSP`] (the same strictness, except that Studio frames its own preview).
//!
//! Every static answer is a public asset: `Access-Control-Allow-Origin: *` (never with
//! credentials, and no cookies are ever set), `Cross-Origin-Resource-Policy: cross-origin`
//! and `Timing-Allow-Origin: *`, so a page on another origin may fetch, pin (SRI needs CORS)
//! and measure them. A content-hashed name (`name.<10 hex digits>.ext`) never changes its
//! bytes and is cached for a year as `immutable`; the rest is revalidated (HTML at once,
//! the loader and configuration after 5 minutes) against a strong `ETag` of the bytes sent,
//! answered `304` when it still matches. Where the build left `.br`/`.gz` copies they are
//! sent to browsers that accept them. Pages carry the strict Content-Security-Policy the
//! widget promises to work with, so every demo visit proves it.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy a careful host page would set: no inline script or style, no eval.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                       img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                       frame-ancestors 'none'";

/// Studio's policy: the pages' own policy, with the live preview (a page of Studio's own
/// origin) allowed in a frame of Studio and nowhere else.
pub const STUDIO_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                              img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; \
                              base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// `Cache-Control` of a content-hashed file.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of the loader, the configuration and other files with a stable name: a new
/// build or a published configuration reaches visitors within 5 minutes, then costs a 304.
pub const SHORT: &str = "public, max-age=300";
/// `Cache-Control` of HTML pages: revalidated on every visit.
pub const PAGE: &str = "no-cache";

/// Largest body given an `ETag` (the loader, configurations, pages and stylesheets are far
/// smaller; a large file with a stable name keeps `Last-Modified` only).
const ETAG_LIMIT: u64 = 256 * 1024;

/// Where the static files live.
#[derive(Debug, Clone)]
pub struct SiteDirs {
    /// Demo pages, the loader's source, its stylesheet and the demo's configuration.
    pub www: PathBuf,
    /// The build output (`scripts/build-widget.sh`); its `root/` is served at the root.
    pub pkg: PathBuf,
}

/// Static routes for `dirs`, with the CSP header on every response.
pub fn routes<S: Clone + Send + Sync + 'static>(dirs: &SiteDirs) -> Router<S> {
    let root =
        ServeDir::new(dirs.pkg.join("root")).precompressed_br().precompressed_gzip().fallback(ServeDir::new(&dirs.www));
    let studio = Router::new()
        .nest_service("/studio", ServeDir::new(dirs.pkg.join("studio")).precompressed_br().precompressed_gzip())
        .layer(middleware::from_fn(public_asset))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(STUDIO_CSP),
        ));
    Router::new()
        .nest_service("/pkg", ServeDir::new(&dirs.pkg).precompressed_br().precompressed_gzip())
        .fallback_service(root)
        .layer(middleware::from_fn(public_asset))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(CSP),
        ))
        .merge(studio)
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(middleware::from_fn(no_nul))
}

/// A path holding a NUL byte names no file: 404. tower-http 0.6's `ServeDir` says so for
/// a GET but answers a HEAD with 500 (its HEAD path reads metadata without the GET
/// path's check; tower-http #573 fixed only the GET). A URI cannot carry a raw NUL, so
/// `%00` is the only spelling.
async fn no_nul(req: Request, next: Next) -> Response<Body> {
    if req.uri().path().contains("%00") {
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(req).await
}

/// Whether the last segment of `path` carries a content hash: `name.<10 hex digits>.ext`.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let segments: Vec<&str> = name.split('.').collect();
    segments.len() >= 3
        && segments[segments.len() - 2].len() == 10
        && segments[segments.len() - 2].bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The `Cache-Control` for a file at `path` served as `content_type`.
pub fn cache_control(path: &str, content_type: Option<&HeaderValue>) -> &'static str {
    if is_content_hashed(path) {
        IMMUTABLE
    } else if content_type.and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html")) {
        PAGE
    } else {
        SHORT
    }
}

/// CORS, caching and revalidation for every static answer (see the module's doc).
async fn public_asset(mut request: Request, next: Next) -> Response<Body> {
    let path = request.uri().path().to_owned();
    let get = request.method() == Method::GET;
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if if_none_match.is_some() {
        // RFC 9110 §13.1.3: with If-None-Match, If-Modified-Since is ignored (the file server
        // would otherwise answer 304 from the date alone).
        request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    }
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let headers = &mut parts.headers;
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("cross-origin"));
    headers.insert(HeaderName::from_static("timing-allow-origin"), HeaderValue::from_static("*"));
    if !(parts.status.is_success() || parts.status == StatusCode::NOT_MODIFIED) {
        return Response::from_parts(parts, body);
    }
    let cache = cache_control(&path, headers.get(header::CONTENT_TYPE));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // The same URL may be sent brotli, gzip or plain: a shared cache must keep them apart.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let small = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|len| len <= ETAG_LIMIT);
    if !(get && parts.status == StatusCode::OK && cache != IMMUTABLE && small) {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, usize::try_from(ETAG_LIMIT).unwrap_or(usize::MAX)).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "could not read the file").into_response();
    };
    let etag = strong_etag(&bytes);
    if if_none_match.as_ref().is_some_and(|v| matches_etag(v, &etag)) {
        return not_modified(&parts.headers, etag);
    }
    parts.headers.insert(header::ETAG, etag);
    Response::from_parts(parts, Body::from(bytes))
}

/// A strong validator of exactly these bytes: 128 bits of their SHA-256, in hex.
fn strong_etag(bytes: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// Whether an `If-None-Match` list names `etag` (weak comparison, as RFC 9110 asks for GET), or is `*`.
fn matches_etag(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let (Ok(list), Ok(etag)) = (if_none_match.to_str(), etag.to_str()) else {
        return false;
    };
    list.split(',').map(str::trim).any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == etag)
}

/// `304 Not Modified` with the validator and the headers a cache updates from it.
fn not_modified(sent: &HeaderMap, etag: HeaderValue) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    for name in [
        header::CACHE_CONTROL,
        header::VARY,
        header::LAST_MODIFIED,
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderName::from_static("timing-allow-origin"),
    ] {
        if let Some(value) = sent.get(&name) {
            headers.insert(name, value.clone());
        }
    }
    headers.insert(header::ETAG, etag);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashed_names() {
        for (path, hashed) in [
            ("/pkg/touchpoint.4321b822cf.js", true),
            ("/pkg/touchpoint_bg.b5ae0959fd.wasm", true),
            ("/touchpoint.51e693fdf8.js", true),
            ("/pkg/touchpoint.4321b822cf.js.br", false),
            ("/touchpoint.js", false),
            ("/pkg/touchpoint_bg.wasm", false),
            ("/touchpoint.config.json", false),
            ("/4321b822cf.js", false),
            ("/pkg/touchpoint.4321B822CF.js", false),
            ("/pkg/touchpoint.4321b822c.js", false),
        ] {
            assert_eq!(is_content_hashed(path), hashed, "{path}");
        }
    }

    #[test]
    fn if_none_match_lists() {
        let etag = HeaderValue::from_static("\"abc\"");
        for (list, matches) in [
            ("\"abc\"", true),
            ("W/\"abc\"", true),
            ("\"x\", \"abc\"", true),
            ("*", true),
            ("\"abcd\"", false),
            ("abc", false),
        ] {
            assert_eq!(matches_etag(&HeaderValue::from_static(list), &etag), matches, "{list}");
        }
    }
}
