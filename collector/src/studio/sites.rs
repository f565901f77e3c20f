//! Sites: the database's, merged with the `--sites` file's. Admins create and edit the
//! database's part (origins and retention); the file's part is shown beside it, read-only.
//! Each collector re-reads the database's sites after a change it made and every
//! [`RELOAD_EVERY`], so a change made through another collector or the CLI reaches
//! the allowlist of every collector within that time.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};
use tokio::task::JoinHandle;
use touchpoint_core::fields::{Node, Reader, is_id};

use super::body::{Body, invalid};
use crate::AppState;
use crate::auth::Principal;
use crate::db::{Role, SiteRow, VersionMeta};
use crate::error::{ApiError, Error};
use crate::sites::read_origin;

/// How often the database's sites are re-read for changes made elsewhere.
pub const RELOAD_EVERY: Duration = Duration::from_secs(30);

/// Re-reads the database's sites into the merged allowlist and retention.
pub async fn reload(state: &AppState) -> Result<(), Error> {
    let rows = state.db.sites().await?;
    state.sites.set_stored(&rows);
    Ok(())
}

/// Reads the database's sites once, then keeps them current and the sign-in limiters
/// small in the background (`touchpoint serve`); the task runs until aborted.
pub async fn start(state: &AppState) -> Result<JoinHandle<()>, Error> {
    reload(state).await?;
    let state = state.clone();
    Ok(tokio::spawn(async move {
        let mut every = tokio::time::interval(RELOAD_EVERY);
        every.tick().await;
        loop {
            every.tick().await;
            if let Err(e) = reload(&state).await {
                tracing::warn!(error = %e, "could not re-read the sites; keeping the last ones read");
            }
            state.auth.forget_idle();
        }
    }))
}

/// One site as Studio shows it.
struct SiteView {
    id: String,
    stored: Option<SiteRow>,
    published: Option<VersionMeta>,
}

impl SiteView {
    fn to_json(&self, state: &AppState) -> Value {
        let file =
            state.sites.in_file(&self.id).map(|(origins, days)| json!({"origins": origins, "retention_days": days}));
        json!({
            "id": self.id,
            "origins": self.stored.as_ref().map_or(&[][..], |s| s.origins.as_slice()),
            "retention_days": self.stored.as_ref().and_then(|s| s.retention_days),
            "created_at": self.stored.as_ref().map(|s| s.created_at),
            "file": file,
            "published": self.published.as_ref().map(|p| json!({"version": p.version, "created_at": p.created_at, "author": p.author})),
        })
    }
}

/// Every site: the database's and the file's, by id.
async fn all(state: &AppState) -> Result<BTreeMap<String, SiteView>, Error> {
    let mut views: BTreeMap<String, SiteView> = BTreeMap::new();
    for row in state.db.sites().await? {
        views.insert(row.id.clone(), SiteView { id: row.id.clone(), stored: Some(row), published: None });
    }
    for id in state.sites.file_ids() {
        views.entry(id.clone()).or_insert_with(|| SiteView { id: id.clone(), stored: None, published: None });
    }
    for meta in state.db.latest_versions().await? {
        if let Some(view) = views.get_mut(&meta.site) {
            view.published = Some(meta);
        }
    }
    Ok(views)
}

/// 404 unless the database or the file knows `site`.
pub async fn known(state: &AppState, site: &str) -> Result<(), ApiError> {
    let stored = state.db.sites().await?.iter().any(|s| s.id == site);
    if stored || state.sites.in_file(site).is_some() {
        Ok(())
    } else {
        Err(ApiError::NotFound(format!("no site {site}")))
    }
}

/// `GET /v1/sites`: the sites this user may see.
pub async fn list(State(state): State<AppState>, principal: Principal) -> Result<Json<Value>, ApiError> {
    let user = &principal.user()?.user;
    let sites: Vec<Value> =
        all(&state).await?.values().filter(|v| user.sees(&v.id)).map(|v| v.to_json(&state)).collect();
    Ok(Json(json!({ "sites": sites })))
}

/// `GET /v1/sites/{site}`.
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
) -> Result<Json<Value>, ApiError> {
    principal.user()?;
    principal.site(&site)?;
    let views = all(&state).await?;
    let view = views.get(&site).ok_or_else(|| ApiError::NotFound(format!("no site {site}")))?;
    Ok(Json(view.to_json(&state)))
}

/// The members of a site body: `origins` and `retention_days`.
fn read_site(r: &mut Reader, root: &Node<'_>) -> (Option<Vec<String>>, Option<u32>) {
    let items = r.items(&root.field("origins"));
    let origins: Vec<String> = items.iter().filter_map(|o| read_origin(r, o)).collect();
    let days = r.opt_int(&root.field("retention_days"), 1..=36_500).map(|d| u32::try_from(d).unwrap_or(u32::MAX));
    ((origins.len() == items.len()).then_some(origins), days)
}

/// `POST /v1/sites {id, origins, retention_days?}` (admins): 201 with the site; 409 when it exists.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    principal.role(Role::Admin)?;
    let body = Body::read(body)?;
    let mut r = Reader::default();
    let root = body.root();
    r.object(&root, &["id", "origins", "retention_days"]);
    let id = r.id(&root.field("id")).map(str::to_owned);
    let (origins, retention_days) = read_site(&mut r, &root);
    let (id, origins) = r.finish_with(id.zip(origins)).map_err(invalid("site"))?;
    if state.sites.in_file(&id).is_some() {
        return Err(ApiError::conflict(format!("site {id} exists (in the collector's --sites file): edit it instead")));
    }
    let row = SiteRow { id: id.clone(), origins, retention_days, created_at: (state.clock)() };
    if state.db.create_site(row).await?.is_err() {
        return Err(ApiError::conflict(format!("site {id} exists")));
    }
    reload(&state).await?;
    Ok((StatusCode::CREATED, Json(site_json(&state, &id).await?)))
}

/// `PUT /v1/sites/{site} {origins, retention_days?}` (admins): sets the database's part.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    principal.role(Role::Admin)?;
    known(&state, &site).await?;
    let body = Body::read(body)?;
    let mut r = Reader::default();
    let root = body.root();
    r.object(&root, &["origins", "retention_days"]);
    let (origins, retention_days) = read_site(&mut r, &root);
    let origins = r.finish_with(origins).map_err(invalid("site"))?;
    state.db.put_site(SiteRow { id: site.clone(), origins, retention_days, created_at: (state.clock)() }).await?;
    reload(&state).await?;
    Ok(Json(site_json(&state, &site).await?))
}

async fn site_json(state: &AppState, id: &str) -> Result<Value, ApiError> {
    let views = all(state).await?;
    views.get(id).map(|v| v.to_json(state)).ok_or_else(|| ApiError::NotFound(format!("no site {id}")))
}

/// The site id of a path, which must be an id (anything else names no site).
pub fn site_id(site: &str) -> Result<(), ApiError> {
    if is_id(site) { Ok(()) } else { Err(ApiError::NotFound(format!("no site {site}"))) }
}

/// `GET /v1/sites/{site}/embed?base=URL` (site access): what `touchpoint embed --base URL
/// --config URL/v1/sites/{site}/config --json` prints, for Studio's embed screen: the tag
/// pinned to the widget this collector serves (SRI checked against the files, as the CLI
/// checks them) and the policy a host page needs. 404 when this collector serves no widget.
pub async fn embed(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
    axum::extract::Query(query): axum::extract::Query<BTreeMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    principal.user()?;
    principal.site(&site)?;
    let dirs = state.site.as_ref().ok_or_else(|| ApiError::NotFound("this collector serves no widget files".into()))?;
    let base = query
        .get("base")
        .ok_or_else(|| ApiError::BadRequest("give ?base=, the URL the widget is served under".into()))?;
    let manifest = crate::embed::Manifest::read(&dirs.pkg)
        .map_err(|e| ApiError::NotFound(format!("no widget build to embed: {e}")))?;
    let base_slash = if base.ends_with('/') { base.clone() } else { format!("{base}/") };
    let config = format!("{base_slash}v1/sites/{site}/config");
    let embed = crate::embed::embed(&manifest, base, Some(&config)).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    Ok(Json(serde_json::to_value(embed).map_err(|e| ApiError::BadRequest(e.to_string()))?))
}
