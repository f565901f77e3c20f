//! The tables behind Studio and the read API's credentials: users, sessions, API keys,
//! sites, published configuration versions and drafts. The same rows on both backends
//! (migration 3); each backend's queries are in its `studio` submodule and [`Db`]
//! forwards to them here.
//!
//! Secrets are stored as what cannot be turned back into them: passwords as argon2id
//! PHC strings, session tokens and API keys as their SHA-256 (hex). A configuration
//! document is stored as the exact text that was published, so what is served, hashed
//! for its `ETag` and diffed is what its author sent, key order included.

use std::fmt;

use serde_json::Value;

use super::Db;
use crate::error::Result;

/// What a user may do. Each role may do what the one before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Reads configurations, versions and results.
    Viewer,
    /// Also edits drafts, publishes and rolls back.
    Editor,
    /// Also manages users, sites and keys; sees every site.
    Admin,
}

impl Role {
    /// Every role, for messages.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Viewer];

    /// Its name as stored and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// The role named `name`, if any.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Studio account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Lower case; the account's identity.
    pub email: String,
    pub role: Role,
    /// The sites this user may see; `None`: every site (admins always see every site).
    pub sites: Option<Vec<String>>,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// ms since the epoch.
    pub created_at: i64,
    /// A disabled user cannot sign in and their sessions are refused.
    pub disabled: bool,
}

impl User {
    /// Whether this user may see `site`.
    pub fn sees(&self, site: &str) -> bool {
        self.role == Role::Admin || self.sites.as_ref().is_none_or(|sites| sites.iter().any(|s| s == site))
    }

    /// As the API shows a user: never the password hash.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "email": self.email,
            "role": self.role.as_str(),
            "sites": if self.role == Role::Admin { None } else { self.sites.clone() },
            "created_at": self.created_at,
            "disabled": self.disabled,
        })
    }
}

/// A change to a user; `None` leaves that part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChange {
    pub role: Option<Role>,
    /// `Some(None)`: every site.
    pub sites: Option<Option<Vec<String>>>,
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
}

impl UserChange {
    /// Whether the change takes away what an admin is: the role or the ability to sign in.
    fn unmakes_admin(&self) -> bool {
        self.role.is_some_and(|r| r != Role::Admin) || self.disabled == Some(true)
    }
}

/// Why a change to users was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No such user (or site, key, version).
    NotFound,
    /// One with that email (or id) already exists.
    Exists,
    /// It would leave no admin who can sign in.
    LastAdmin,
}

/// A server-side session. The cookie holds the token; only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub token_hash: String,
    pub email: String,
    /// Sent back in `X-CSRF-Token` by Studio's state-changing requests.
    pub csrf: String,
    pub created_at: i64,
    /// Last time its expiry was moved on (at most hourly).
    pub seen_at: i64,
    pub expires_at: i64,
}

/// A read key for one site. The key itself is shown once, at creation; only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Public id, for listing and revoking.
    pub id: String,
    pub key_hash: String,
    /// The key's first characters, so a person can tell their keys apart.
    pub prefix: String,
    pub site: String,
    pub scope: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

impl ApiKey {
    /// As the API and `key list` show it: never the hash.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "id": self.id, "site": self.site, "scope": self.scope, "prefix": self.prefix,
            "created_at": self.created_at, "last_used_at": self.last_used_at,
        })
    }
}

/// A site as the database holds it (the `--sites` file may add origins and a retention).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRow {
    pub id: String,
    pub origins: Vec<String>,
    pub retention_days: Option<u32>,
    pub created_at: i64,
}

/// Who published a version, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionMeta {
    pub site: String,
    /// 1, 2, 3 … per site.
    pub version: i64,
    /// The publishing user's email, or what the CLI was given (`cli` by default).
    pub author: String,
    pub created_at: i64,
    pub note: Option<String>,
}

impl VersionMeta {
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "version": self.version, "author": self.author, "created_at": self.created_at, "note": self.note,
        })
    }
}

/// A published version with its document, the exact text that was published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub meta: VersionMeta,
    pub document: String,
}

/// A user's unpublished work on a site's configuration (any JSON, valid or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub site: String,
    pub email: String,
    pub document: String,
    /// The version the draft started from; `None`: before any was published.
    pub base_version: Option<i64>,
    pub updated_at: i64,
}

/// What a new version must be published on top of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// This version must still be the latest (`None`: none may be published yet), else a conflict.
    Exactly(Option<i64>),
    /// Whatever is latest when the write happens (the CLI: a file in git is the truth).
    Latest,
}

/// A version to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    pub site: String,
    pub base: Base,
    pub document: String,
    pub author: String,
    pub note: Option<String>,
    pub at: i64,
    /// Whose draft the version came from (deleted with the publish).
    pub draft_of: Option<String>,
}

/// How a publish went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// Stored as this version.
    Created(VersionMeta),
    /// The base is not the latest: this is (`None`: nothing is published, though the base
    /// said something was); nothing was stored.
    Conflict(Option<Version>),
}

/// What an import added and what it found already stored, for one record type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counted {
    pub created: u64,
    pub duplicates: u64,
}

impl Counted {
    pub(super) fn of(total: usize, created: u64) -> Counted {
        Counted { created, duplicates: total as u64 - created }
    }
}

/// `["a","b"]` for a list of site ids or origins, as both backends store it.
pub(super) fn to_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// The list stored by [`to_list`]; a damaged list reads as empty rather than failing every request.
pub(super) fn from_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// A stored role; an unknown one (a newer build's) reads as the least privileged.
pub(super) fn role_of(name: &str) -> Role {
    Role::parse(name).unwrap_or(Role::Viewer)
}

impl Db {
    /// Adds a user; [`Refused::Exists`] when the email is taken.
    pub async fn create_user(&self, user: User) -> Result<Result<(), Refused>> {
        each!(self, db => db.create_user(user).await)
    }

    /// The user with this (lower-case) email.
    pub async fn user(&self, email: &str) -> Result<Option<User>> {
        each!(self, db => db.user(email).await)
    }

    /// Every user, by email.
    pub async fn users(&self) -> Result<Vec<User>> {
        each!(self, db => db.users().await)
    }

    /// Changes a user; refuses to leave no enabled admin. A new password or disabling ends
    /// the user's sessions except `keep_session` (the caller's own, when changing their own password).
    pub async fn update_user(
        &self,
        email: &str,
        change: UserChange,
        keep_session: Option<String>,
    ) -> Result<Result<User, Refused>> {
        let ends_sessions = change.password_hash.is_some() || change.disabled == Some(true);
        let unmakes_admin = change.unmakes_admin();
        each!(self, db => db.update_user(email.to_owned(), change, unmakes_admin, ends_sessions, keep_session).await)
    }

    /// Removes a user with their sessions and drafts; refuses to remove the last enabled admin.
    pub async fn delete_user(&self, email: &str) -> Result<Result<(), Refused>> {
        each!(self, db => db.delete_user(email.to_owned()).await)
    }

    /// Stores a new session; also forgets sessions expired before `row.created_at`.
    pub async fn create_session(&self, row: SessionRow) -> Result<()> {
        each!(self, db => db.create_session(row).await)
    }

    /// The session with this token hash and its user, expired or not (the caller judges).
    pub async fn session(&self, token_hash: &str) -> Result<Option<(SessionRow, User)>> {
        each!(self, db => db.session(token_hash.to_owned()).await)
    }

    /// Moves a session's expiry on (sliding expiry).
    pub async fn touch_session(&self, token_hash: &str, seen_at: i64, expires_at: i64) -> Result<()> {
        each!(self, db => db.touch_session(token_hash.to_owned(), seen_at, expires_at).await)
    }

    /// Ends a session (sign-out, or found expired).
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        each!(self, db => db.delete_session(token_hash.to_owned()).await)
    }

    /// Stores a new API key (its hash).
    pub async fn create_key(&self, key: ApiKey) -> Result<()> {
        each!(self, db => db.create_key(key).await)
    }

    /// The key with this hash.
    pub async fn key_by_hash(&self, key_hash: &str) -> Result<Option<ApiKey>> {
        each!(self, db => db.key_by_hash(key_hash.to_owned()).await)
    }

    /// Every key, or one site's, by site then creation.
    pub async fn keys(&self, site: Option<&str>) -> Result<Vec<ApiKey>> {
        each!(self, db => db.keys(site.map(str::to_owned)).await)
    }

    /// Records that a key was used at `at`.
    pub async fn touch_key(&self, id: &str, at: i64) -> Result<()> {
        each!(self, db => db.touch_key(id.to_owned(), at).await)
    }

    /// Revokes a key; whether it existed.
    pub async fn delete_key(&self, id: &str) -> Result<bool> {
        each!(self, db => db.delete_key(id.to_owned()).await)
    }

    /// Every site the database holds, by id.
    pub async fn sites(&self) -> Result<Vec<SiteRow>> {
        each!(self, db => db.sites().await)
    }

    /// Adds a site; [`Refused::Exists`] when the id is taken.
    pub async fn create_site(&self, site: SiteRow) -> Result<Result<(), Refused>> {
        each!(self, db => db.create_site(site).await)
    }

    /// Sets a site's origins and retention, adding its row if the database lacks it.
    pub async fn put_site(&self, site: SiteRow) -> Result<()> {
        each!(self, db => db.put_site(site).await)
    }

    /// A site's versions, newest first, without their documents.
    pub async fn versions(&self, site: &str) -> Result<Vec<VersionMeta>> {
        each!(self, db => db.versions(site.to_owned()).await)
    }

    /// One version with its document; `None` for the latest.
    pub async fn version(&self, site: &str, version: Option<i64>) -> Result<Option<Version>> {
        each!(self, db => db.version(site.to_owned(), version).await)
    }

    /// The latest version of each site that has one (the sites listing shows them).
    pub async fn latest_versions(&self) -> Result<Vec<VersionMeta>> {
        each!(self, db => db.latest_versions().await)
    }

    /// Publishes a version on top of `base`, atomically: a conflict stores nothing. Adds the
    /// site's row if the database lacks it (a site from the `--sites` file, or the CLI's).
    pub async fn publish(&self, version: NewVersion) -> Result<Published> {
        each!(self, db => db.publish(version).await)
    }

    /// A user's draft of a site's configuration.
    pub async fn draft(&self, site: &str, email: &str) -> Result<Option<Draft>> {
        each!(self, db => db.draft(site.to_owned(), email.to_owned()).await)
    }

    /// Stores (replaces) a user's draft.
    pub async fn save_draft(&self, draft: Draft) -> Result<()> {
        each!(self, db => db.save_draft(draft).await)
    }

    /// Deletes a user's draft; whether there was one.
    pub async fn delete_draft(&self, site: &str, email: &str) -> Result<bool> {
        each!(self, db => db.delete_draft(site.to_owned(), email.to_owned()).await)
    }

    /// Up to `limit` versions after `(site, version)`, in that order: the export's pages.
    pub async fn export_versions(&self, after: Option<(String, i64)>, limit: usize) -> Result<Vec<Version>> {
        each!(self, db => db.export_versions(after, limit).await)
    }

    /// Every key, by id, for the export.
    pub async fn export_keys(&self) -> Result<Vec<ApiKey>> {
        each!(self, db => db.export_keys().await)
    }

    /// Stores records from a backup, skipping those already stored (by their keys).
    pub async fn import_studio(&self, records: StudioRecords) -> Result<StudioImported> {
        each!(self, db => db.import_studio(records).await)
    }
}

/// Studio's records in a backup, in the order they are stored (sites before the versions
/// that name them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudioRecords {
    pub sites: Vec<SiteRow>,
    pub users: Vec<User>,
    pub keys: Vec<ApiKey>,
    pub versions: Vec<Version>,
}

impl StudioRecords {
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.users.is_empty() && self.keys.is_empty() && self.versions.is_empty()
    }
}

/// What an import of [`StudioRecords`] added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StudioImported {
    pub sites: Counted,
    pub users: Counted,
    pub keys: Counted,
    pub versions: Counted,
}

impl StudioImported {
    pub fn add(&mut self, other: StudioImported) {
        for (a, b) in [
            (&mut self.sites, other.sites),
            (&mut self.users, other.users),
            (&mut self.keys, other.keys),
            (&mut self.versions, other.versions),
        ] {
            a.created += b.created;
            a.duplicates += b.duplicates;
        }
    }
}
