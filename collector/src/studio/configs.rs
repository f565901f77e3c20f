//! A site's configuration in Studio: each user's draft (autosaved, valid or not), the
//! published versions (author, time, note), the field-level diff between two of them,
//! rollback, and the public routes a host page reads: the latest version and the schema.
//!
//! Publishing names the version the document was edited from (`base_version`). When
//! someone published since, nothing is stored and the answer is 409 with what changed
//! in between, so two people editing one site never overwrite each other silently.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use touchpoint_core::fields::{FieldError, Reader};
use touchpoint_core::{Config, Invalid, diff};

use super::body::{Body, invalid};
use super::sites::{known, site_id};
use crate::AppState;
use crate::auth::Principal;
use crate::db::{Base, Draft, NewVersion, Published, Role, Version, VersionMeta};
use crate::error::ApiError;
use crate::zones::TzdbOffsets;

/// Most characters of a version's note.
pub const MAX_NOTE: usize = 500;

/// Every problem of a configuration `document` meant for `site`: the validator's (time
/// zones checked against the bundled database), and a `site` member naming another site.
pub fn problems(document: &str, site: &str) -> Vec<FieldError> {
    let offsets = TzdbOffsets;
    let mut found = match Config::from_json_with_zones(document, &|zone| offsets.knows(zone)) {
        Ok(_) => Vec::new(),
        Err(Invalid(errors)) => errors,
    };
    let named = serde_json::from_str::<Value>(document).ok().and_then(|v| v.get("site")?.as_str().map(str::to_owned));
    if let Some(named) = named.filter(|named| named != site) {
        found.push(FieldError {
            path: "site".into(),
            message: format!("is `{named}`, but this configuration is published for site `{site}`"),
        });
    }
    found
}

/// A document as stored, as JSON inside an answer (its exact text, not re-serialised).
fn raw(document: &str) -> Result<Box<RawValue>, ApiError> {
    RawValue::from_string(document.to_owned())
        .map_err(|e| ApiError::Internal(crate::Error::Write(format!("a stored document is not JSON: {e}"))))
}

/// The document as a value, for diffs (a stored document is JSON; anything else diffs as null).
fn value(document: &str) -> Value {
    serde_json::from_str(document).unwrap_or(Value::Null)
}

/// The caller's access to a site's configuration: signed in with at least `role`, seeing `site`,
/// and the site known.
async fn access(state: &AppState, principal: &Principal, site: &str, role: Role) -> Result<String, ApiError> {
    site_id(site)?;
    let email = principal.role(role)?.user.email.clone();
    principal.site(site)?;
    known(state, site).await?;
    Ok(email)
}

#[derive(Serialize)]
pub struct DraftOut {
    document: Box<RawValue>,
    base_version: Option<i64>,
    updated_at: i64,
}

/// `GET /v1/sites/{site}/draft`: the caller's own draft; 404 when none.
pub async fn draft(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
) -> Result<Json<DraftOut>, ApiError> {
    let email = access(&state, &principal, &site, Role::Viewer).await?;
    let draft =
        state.db.draft(&site, &email).await?.ok_or_else(|| ApiError::NotFound(format!("no draft of {site}")))?;
    Ok(Json(DraftOut {
        document: raw(&draft.document)?,
        base_version: draft.base_version,
        updated_at: draft.updated_at,
    }))
}

/// `PUT /v1/sites/{site}/draft {document, base_version}` (editors): stored even when invalid
/// (autosave); the answer lists the problems.
pub async fn save_draft(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let email = access(&state, &principal, &site, Role::Editor).await?;
    let body = Body::read(body)?;
    let mut r = Reader::default();
    r.object(&body.root(), &["document", "base_version"]);
    let document = body.document(&mut r)?;
    let base = r.opt_int(&body.root().field("base_version"), 1..=i64::MAX);
    let document = r.finish_with(document).map_err(invalid("draft"))?;
    let updated_at = (state.clock)();
    let problems = problems(&document, &site);
    state.db.save_draft(Draft { site, email, document, base_version: base, updated_at }).await?;
    Ok(Json(json!({"updated_at": updated_at, "problems": problems})))
}

/// `DELETE /v1/sites/{site}/draft` (editors).
pub async fn delete_draft(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
) -> Result<StatusCode, ApiError> {
    let email = access(&state, &principal, &site, Role::Editor).await?;
    state.db.delete_draft(&site, &email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /v1/sites/{site}/versions`: newest first.
pub async fn versions(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
) -> Result<Json<Value>, ApiError> {
    access(&state, &principal, &site, Role::Viewer).await?;
    let versions: Vec<Value> = state.db.versions(&site).await?.iter().map(VersionMeta::to_json).collect();
    Ok(Json(json!({ "versions": versions })))
}

async fn find(state: &AppState, site: &str, n: i64) -> Result<Version, ApiError> {
    state.db.version(site, Some(n)).await?.ok_or_else(|| ApiError::NotFound(format!("no version {n} of {site}")))
}

#[derive(Serialize)]
pub struct VersionOut {
    version: i64,
    author: String,
    created_at: i64,
    note: Option<String>,
    document: Box<RawValue>,
}

/// `GET /v1/sites/{site}/versions/{n}`: with its document.
pub async fn version(
    State(state): State<AppState>,
    principal: Principal,
    Path((site, n)): Path<(String, i64)>,
) -> Result<Json<VersionOut>, ApiError> {
    access(&state, &principal, &site, Role::Viewer).await?;
    let v = find(&state, &site, n).await?;
    Ok(Json(VersionOut {
        version: v.meta.version,
        author: v.meta.author,
        created_at: v.meta.created_at,
        note: v.meta.note,
        document: raw(&v.document)?,
    }))
}

/// `GET /v1/sites/{site}/versions/{a}/diff/{b}`: what changed from version `a` to `b`.
pub async fn diff(
    State(state): State<AppState>,
    principal: Principal,
    Path((site, a, b)): Path<(String, i64, i64)>,
) -> Result<Json<Value>, ApiError> {
    access(&state, &principal, &site, Role::Viewer).await?;
    let (before, after) = (find(&state, &site, a).await?, find(&state, &site, b).await?);
    let changes = diff::diff(&value(&before.document), &value(&after.document));
    Ok(Json(json!({ "changes": changes })))
}

/// `POST /v1/sites/{site}/versions {document, base_version, note?}` (editors): 201 with the
/// new version; 422 with every problem; 409 when `base_version` is not the latest.
pub async fn publish(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let email = access(&state, &principal, &site, Role::Editor).await?;
    let body = Body::read(body)?;
    let mut r = Reader::default();
    r.object(&body.root(), &["document", "base_version", "note"]);
    let document = body.document(&mut r)?;
    let base = body.nullable_version(&mut r, "base_version");
    let note = r.opt_bounded_string(&body.root().field("note"), MAX_NOTE).map(str::to_owned);
    let (document, base) = r.finish_with(document.zip(base)).map_err(invalid("request"))?;
    store(&state, site, document, Base::Exactly(base), email, note).await
}

/// `POST /v1/sites/{site}/versions/{n}/rollback {base_version, note?}` (editors): publishes
/// version `n`'s document again as a new version.
pub async fn rollback(
    State(state): State<AppState>,
    principal: Principal,
    Path((site, n)): Path<(String, i64)>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let email = access(&state, &principal, &site, Role::Editor).await?;
    let body = Body::read(body)?;
    let mut r = Reader::default();
    r.object(&body.root(), &["base_version", "note"]);
    let base = body.nullable_version(&mut r, "base_version");
    let note = r.opt_bounded_string(&body.root().field("note"), MAX_NOTE).map(str::to_owned);
    let base = r.finish_with(base).map_err(invalid("request"))?;
    let old = find(&state, &site, n).await?;
    let note = note.or_else(|| Some(format!("Rollback to version {n}")));
    store(&state, site, old.document, Base::Exactly(base), email, note).await
}

/// Validates and publishes; the caller's draft of the site goes with a successful publish.
async fn store(
    state: &AppState,
    site: String,
    document: String,
    base: Base,
    author: String,
    note: Option<String>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let found = problems(&document, &site);
    if !found.is_empty() {
        return Err(ApiError::InvalidFields { what: "configuration", invalid: Invalid(found) });
    }
    let version = NewVersion {
        site: site.clone(),
        base,
        document: document.clone(),
        author: author.clone(),
        note,
        at: (state.clock)(),
        draft_of: Some(author),
    };
    match state.db.publish(version).await? {
        Published::Created(meta) => {
            tracing::info!(site, version = meta.version, author = %meta.author, "configuration published");
            Ok((StatusCode::CREATED, Json(meta.to_json())))
        }
        Published::Conflict(current) => Err(conflict(state, &site, base, current, &document).await?),
    }
}

/// The 409 of a publish over a newer version: the latest version, what changed from the
/// caller's base to it (`changes`), and what the caller's document would change in it (`yours`).
async fn conflict(
    state: &AppState,
    site: &str,
    base: Base,
    current: Option<Version>,
    document: &str,
) -> Result<ApiError, ApiError> {
    let base_doc = match base {
        Base::Exactly(Some(n)) => state.db.version(site, Some(n)).await?.map_or(json!({}), |v| value(&v.document)),
        Base::Exactly(None) | Base::Latest => json!({}),
    };
    let current_doc = current.as_ref().map_or(json!({}), |c| value(&c.document));
    Ok(ApiError::Conflict(json!({
        "error": "conflict",
        "current": current.as_ref().map(|c| c.meta.to_json()),
        "changes": diff::diff(&base_doc, &current_doc),
        "yours": diff::diff(&current_doc, &value(document)),
    })))
}

/// `GET /v1/sites/{site}/config`: the published configuration, to any origin, revalidated by
/// `ETag` on every use so a host page shows a new version on its next load.
pub async fn published(
    State(state): State<AppState>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    site_id(&site)?;
    let latest = state.db.version(&site, None).await?;
    let Some(latest) = latest else {
        return Err(ApiError::NotFound(format!("site {site} has no published configuration")));
    };
    let digest = Sha256::digest(latest.document.as_bytes());
    let etag = format!("\"{}\"", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest));
    let cache = [
        (header::ETAG, HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""))),
        (header::CACHE_CONTROL, HeaderValue::from_static(CONFIG_CACHE)),
    ];
    if matches_etag(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    let content_type = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    Ok((cache, content_type, latest.document).into_response())
}

/// Browsers and shared caches may keep the published configuration but must ask again
/// (a 304 when unchanged) before each use: a new version shows on the next page load.
pub const CONFIG_CACHE: &str = "public, no-cache";

/// Whether `If-None-Match` lists `etag` (weakly compared, as RFC 9110 says for this header) or is `*`.
fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |tag| {
            let tag = tag.trim();
            tag == "*" || tag.trim_start_matches("W/") == etag
        },
    )
}

/// `GET /v1/schema`: the configuration's JSON Schema.
pub async fn schema() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "public, max-age=300")], Json(touchpoint_core::schema::config_schema()))
}
