//! Studio's HTTP API (docs/studio-api.md): sessions, sites, drafts, versions with their
//! diffs and rollback, users and keys; and the public routes a host page uses, the
//! published configuration (`/v1/sites/{site}/config`) and its JSON Schema (`/v1/schema`).
//!
//! Studio's own routes are same-origin only: they send no CORS grants, and every one but
//! sign-in sits behind [`auth::authenticate`]. The two public routes grant any origin
//! (`Access-Control-Allow-Origin: *`, never with credentials): they serve what every
//! visitor's browser may read anyway.

mod accounts;
pub mod body;
mod configs;
mod session;
pub mod sites;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Method;
use axum::routing::{get, post};
use tower_http::cors::{Any, CorsLayer};

use crate::{AppState, auth};

pub use accounts::new_key;
pub use configs::problems;
pub use session::normalize_email;

/// Studio's routes and the public configuration routes.
pub fn routes(state: &AppState) -> Router<AppState> {
    let protected = Router::new()
        .route("/v1/session", get(session::current).delete(session::sign_out))
        .route("/v1/sites", get(sites::list).post(sites::create))
        .route("/v1/sites/{site}", get(sites::show).put(sites::update))
        .route("/v1/sites/{site}/embed", get(sites::embed))
        .route("/v1/sites/{site}/draft", get(configs::draft).put(configs::save_draft).delete(configs::delete_draft))
        .route("/v1/sites/{site}/versions", get(configs::versions).post(configs::publish))
        .route("/v1/sites/{site}/versions/{n}", get(configs::version))
        .route("/v1/sites/{site}/versions/{a}/diff/{b}", get(configs::diff))
        .route("/v1/sites/{site}/versions/{n}/rollback", post(configs::rollback))
        .route("/v1/users", get(accounts::users).post(accounts::add_user))
        .route("/v1/users/{email}", axum::routing::patch(accounts::change_user).delete(accounts::remove_user))
        .route("/v1/keys", get(accounts::keys).post(accounts::add_key))
        .route("/v1/keys/{id}", axum::routing::delete(accounts::remove_key));
    let protected = auth::protect(protected, state);
    // Sign-in answers POST /v1/session beside the protected GET and DELETE of the same path.
    let sign_in = Router::new().route("/v1/session", post(session::sign_in));
    let public = Router::new()
        .route("/v1/sites/{site}/config", get(configs::published))
        .route("/v1/schema", get(configs::schema))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD])
                .expose_headers([axum::http::header::ETAG]),
        );
    protected.merge(sign_in).merge(public).layer(DefaultBodyLimit::max(body::BODY_LIMIT))
}
