//! Users and API keys, for admins. A user's password is hashed before it is stored and
//! never shown; a key is shown once, in the answer that creates it, and stored hashed.
//! The last admin who can sign in cannot be removed, demoted or disabled (409), so a
//! collector always has someone who can manage it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::{Value, json};
use touchpoint_core::fields::{Node, Reader};

use super::body::{Body, invalid};
use super::session::{new_secret, normalize_email};
use super::sites::known;
use crate::AppState;
use crate::auth::{Principal, password, secret};
use crate::db::{ApiKey, Refused, Role, User, UserChange};
use crate::error::ApiError;

/// `role`, read as one of the roles.
fn read_role(r: &mut Reader, node: &Node<'_>) -> Option<Role> {
    let choices: Vec<(&str, Role)> = Role::ALL.iter().map(|role| (role.as_str(), *role)).collect();
    r.one_of(node, &choices)
}

/// `sites`: a list of site ids, or `null` for every site. `Some(None)` for null.
fn read_sites(r: &mut Reader, body: &Body, node: &Node<'_>) -> Option<Option<Vec<String>>> {
    if body.value.get("sites").is_none_or(Value::is_null) {
        return Some(None);
    }
    let items = r.items(node);
    let ids: Vec<String> = items.iter().filter_map(|item| r.id(item)).map(str::to_owned).collect();
    (ids.len() == items.len()).then_some(Some(ids))
}

/// A password from the body, checked for length; hashed off the runtime.
async fn read_password(r: &mut Reader, node: &Node<'_>) -> Result<Option<String>, ApiError> {
    let Some(given) = r.string(node).map(str::to_owned) else { return Ok(None) };
    if let Err(why) = password::check(&given) {
        r.fail(node, why.to_string());
        return Ok(None);
    }
    let hashed = tokio::task::spawn_blocking(move || password::hash(&given)).await?;
    hashed.map(Some).map_err(|e| ApiError::Internal(crate::Error::Write(e.to_string())))
}

fn refused(email: &str, why: Refused) -> ApiError {
    match why {
        Refused::NotFound => ApiError::NotFound(format!("no user {email}")),
        Refused::Exists => ApiError::conflict(format!("user {email} exists")),
        Refused::LastAdmin => {
            ApiError::conflict(format!("{email} is the last admin who can sign in: make another admin first"))
        }
    }
}

/// `GET /v1/users` (admins).
pub async fn users(State(state): State<AppState>, principal: Principal) -> Result<Json<Value>, ApiError> {
    principal.role(Role::Admin)?;
    let users: Vec<Value> = state.db.users().await?.iter().map(User::to_json).collect();
    Ok(Json(json!({ "users": users })))
}

/// `POST /v1/users {email, role, password, sites?}` (admins): 201 with the user; 409 when the email is taken.
pub async fn add_user(
    State(state): State<AppState>,
    principal: Principal,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    principal.role(Role::Admin)?;
    let body = Body::read(body)?;
    let mut r = Reader::default();
    let root = body.root();
    r.object(&root, &["email", "role", "password", "sites"]);
    let email_node = root.field("email");
    let email = r.string(&email_node).and_then(|e| {
        let email = normalize_email(e);
        if email.is_none() {
            r.fail(&email_node, format!("`{e}` is not an email address"));
        }
        email
    });
    let role = read_role(&mut r, &root.field("role"));
    let sites = read_sites(&mut r, &body, &root.field("sites"));
    let password_hash = read_password(&mut r, &root.field("password")).await?;
    let (((email, role), sites), password_hash) =
        r.finish_with(email.zip(role).zip(sites).zip(password_hash)).map_err(invalid("user"))?;
    let user = User { email: email.clone(), role, sites, password_hash, created_at: (state.clock)(), disabled: false };
    state.db.create_user(user.clone()).await?.map_err(|why| refused(&email, why))?;
    tracing::info!(%email, role = %role, "user added");
    Ok((StatusCode::CREATED, Json(user.to_json())))
}

/// `PATCH /v1/users/{email} {role?, sites?, password?, disabled?}` (admins). A new password or
/// disabling ends the user's other sessions.
pub async fn change_user(
    State(state): State<AppState>,
    principal: Principal,
    Path(email): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let me = principal.role(Role::Admin)?;
    let email = email.to_lowercase();
    let body = Body::read(body)?;
    let mut r = Reader::default();
    let root = body.root();
    r.object(&root, &["role", "sites", "password", "disabled"]);
    let role = root.field("role").is_present().then(|| read_role(&mut r, &root.field("role"))).flatten();
    let sites = body.value.get("sites").is_some().then(|| read_sites(&mut r, &body, &root.field("sites"))).flatten();
    let password_hash =
        if root.field("password").is_present() { read_password(&mut r, &root.field("password")).await? } else { None };
    let disabled = r.opt_bool(&root.field("disabled"));
    r.finish(()).map_err(invalid("user"))?;
    let keep = (me.user.email == email).then(|| me.session.token_hash.clone());
    let change = UserChange { role, sites, password_hash, disabled };
    let user = state.db.update_user(&email, change, keep).await?.map_err(|why| refused(&email, why))?;
    Ok(Json(user.to_json()))
}

/// `DELETE /v1/users/{email}` (admins): the user, their sessions and drafts.
pub async fn remove_user(
    State(state): State<AppState>,
    principal: Principal,
    Path(email): Path<String>,
) -> Result<StatusCode, ApiError> {
    principal.role(Role::Admin)?;
    let email = email.to_lowercase();
    state.db.delete_user(&email).await?.map_err(|why| refused(&email, why))?;
    tracing::info!(%email, "user removed");
    Ok(StatusCode::NO_CONTENT)
}

/// `?site=` of the key listing.
#[derive(serde::Deserialize)]
pub struct KeyQuery {
    site: Option<String>,
}

/// `GET /v1/keys?site=` (admins): id, site, scope, prefix, created_at, last_used_at; never the key.
pub async fn keys(
    State(state): State<AppState>,
    principal: Principal,
    Query(q): Query<KeyQuery>,
) -> Result<Json<Value>, ApiError> {
    principal.role(Role::Admin)?;
    let keys: Vec<Value> = state.db.keys(q.site.as_deref()).await?.iter().map(ApiKey::to_json).collect();
    Ok(Json(json!({ "keys": keys })))
}

/// A new read key for `site`, and what is stored of it.
pub fn new_key(site: &str, now: i64) -> Result<(String, ApiKey), ApiError> {
    let key = new_secret(secret::api_key)?;
    let stored = ApiKey {
        id: new_secret(secret::key_id)?,
        key_hash: secret::hash(&key),
        prefix: key.chars().take(secret::VISIBLE).collect(),
        site: site.to_owned(),
        scope: "read".into(),
        created_at: now,
        last_used_at: None,
    };
    Ok((key, stored))
}

/// `POST /v1/keys {site, scope: "read"}` (admins): 201 `{id, key, …}`, the key shown this once.
pub async fn add_key(
    State(state): State<AppState>,
    principal: Principal,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    principal.role(Role::Admin)?;
    let body = Body::read(body)?;
    let mut r = Reader::default();
    let root = body.root();
    r.object(&root, &["site", "scope"]);
    let site = r.id(&root.field("site")).map(str::to_owned);
    let scope = r.one_of(&root.field("scope"), &[("read", ())]);
    let site = r.finish_with(site.zip(scope)).map_err(invalid("key"))?.0;
    known(&state, &site).await?;
    let (key, stored) = new_key(&site, (state.clock)())?;
    state.db.create_key(stored.clone()).await?;
    tracing::info!(site, id = %stored.id, "API key added");
    let mut answer = stored.to_json();
    answer["key"] = key.into();
    Ok((StatusCode::CREATED, Json(answer)))
}

/// `DELETE /v1/keys/{id}` (admins): revoked at once.
pub async fn remove_key(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    principal.role(Role::Admin)?;
    if state.db.delete_key(&id).await? {
        tracing::info!(id, "API key revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("no key {id}")))
    }
}
