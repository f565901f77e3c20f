//! Touchpoint's reference collector: receives submissions from the widget,
//! validates them with the same `touchpoint-core` types the widget sends,
//! stores each exactly once (SQLite, or PostgreSQL shared by several
//! collectors), lists them for marketers signed in or holding a key, and
//! serves Studio's API and the published configurations.

pub mod api;
pub mod auth;
pub mod backup;
pub mod db;
pub mod embed;
pub mod error;
pub mod insights;
pub mod limits;
pub mod metrics;
pub mod overload;
pub mod retention;
pub mod server;
pub mod site;
pub mod sites;
pub mod studio;
pub mod zones;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;

pub use db::{Db, Target};
pub use error::{ApiError, Error};

/// The wall clock in milliseconds since the Unix epoch. Injected so tests can fix
/// "now" (retention cut-offs, `received_at`) instead of sleeping.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The server's clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    })
}

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    /// The submission store.
    pub db: Arc<Db>,
    /// Directories of static files to serve, if any (tests often serve none).
    pub site: Option<site::SiteDirs>,
    /// Which origins may post for which site, the rate limits and retention.
    pub sites: Arc<sites::Sites>,
    /// The rate limiters built from `sites`.
    pub limits: Arc<limits::Limits>,
    /// Take the client IP from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Now, for `received_at`.
    pub clock: Clock,
    /// Renders `/metrics`; `None` where no recorder is installed (in-process tests).
    pub metrics: Option<metrics::Handle>,
    /// Sign-in rate limits.
    pub auth: Arc<auth::Auth>,
    /// Memory for request bodies being received ([`api::BODY_MEMORY`] bytes).
    pub bodies: overload::Budget,
}

impl AppState {
    /// State over an open database, serving no static files.
    pub fn new(db: Db) -> Self {
        AppState::with_sites(db, sites::Sites::default())
    }

    /// State over an open database with the given collector configuration.
    pub fn with_sites(db: Db, sites: sites::Sites) -> Self {
        let limits = limits::Limits::new(sites.per_ip, sites.per_site);
        AppState {
            db: Arc::new(db),
            site: None,
            sites: Arc::new(sites),
            limits: Arc::new(limits),
            trust_forwarded_for: false,
            clock: system_clock(),
            metrics: None,
            auth: Arc::default(),
            bodies: overload::Budget::new(usize::MAX, api::BODY_MEMORY),
        }
    }

    /// Also serve the demo site from `www` and the built widget from `pkg`.
    pub fn with_site(mut self, www: PathBuf, pkg: PathBuf) -> Self {
        self.site = Some(site::SiteDirs { www, pkg });
        self
    }
}

/// The whole HTTP application; `main` binds it, tests drive it with `oneshot`.
pub fn app(state: AppState) -> Router {
    let router =
        api::routes(&state).merge(studio::routes(&state)).merge(insights::routes(&state)).with_state(state.clone());
    let router = match &state.site {
        Some(dirs) => router.merge(site::routes(dirs)),
        None => router,
    };
    router.layer(axum::middleware::from_fn(metrics::track))
}
