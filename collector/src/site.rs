//! Static files: the demo site and loader from `www/`, the built widget from
//! `pkg/`. Pages are served under the strict Content-Security-Policy the widget
//! promises to work with, so every demo visit proves it.

use std::path::PathBuf;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy a careful host page would set: no inline script or style, no eval.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                       img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                       frame-ancestors 'none'";

/// Where the static files live.
#[derive(Debug, Clone)]
pub struct SiteDirs {
    /// Demo pages, the loader script and its stylesheet.
    pub www: PathBuf,
    /// wasm-bindgen output.
    pub pkg: PathBuf,
}

/// Static routes for `dirs`, with the CSP header on every response.
pub fn routes<S: Clone + Send + Sync + 'static>(dirs: &SiteDirs) -> Router<S> {
    Router::new()
        .nest_service("/pkg", ServeDir::new(&dirs.pkg))
        .fallback_service(ServeDir::new(&dirs.www))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(axum::middleware::from_fn(no_nul))
}

/// A path holding a NUL byte names no file: 404. tower-http 0.6's `ServeDir` says so for
/// a GET but answers a HEAD with 500 (its HEAD path reads metadata without the GET
/// path's check; tower-http #573 fixed only the GET). A URI cannot carry a raw NUL, so
/// `%00` is the only spelling.
async fn no_nul(req: Request, next: Next) -> Response {
    if req.uri().path().contains("%00") {
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(req).await
}
