//! Studio's records in an export: sites, users (with their password *hash*), API keys (their
//! hash) and configuration versions (the document byte for byte). Each is read as strictly
//! as the API reads the same thing, so an import never stores what Studio would refuse.

use serde::{Deserialize, Serialize};
use serde_json::json;
use serde_json::value::RawValue;
use touchpoint_core::fields::{Node, Reader, is_id};

use crate::db::{ApiKey, Role, SiteRow, User, Version, VersionMeta};
use crate::sites::read_origin;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub origins: Vec<String>,
    pub retention_days: Option<u32>,
    pub created_at: i64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub email: String,
    pub role: String,
    pub sites: Option<Vec<String>>,
    pub password_hash: String,
    pub created_at: i64,
    pub disabled: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub site: String,
    pub scope: String,
    pub prefix: String,
    pub key_hash: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub site: String,
    pub version: i64,
    pub author: String,
    pub created_at: i64,
    pub note: Option<String>,
    /// The document's text as a JSON string: byte for byte, line breaks and all, on one line.
    pub document: String,
}

pub const SITE: &str = "site";
pub const USER: &str = "user";
pub const KEY: &str = "api_key";
pub const VERSION: &str = "config_version";

impl SiteRecord {
    pub fn of(s: &SiteRow) -> SiteRecord {
        SiteRecord {
            kind: SITE.into(),
            id: s.id.clone(),
            origins: s.origins.clone(),
            retention_days: s.retention_days,
            created_at: s.created_at,
        }
    }

    pub fn read(self) -> Result<SiteRow, String> {
        let doc = json!({"origins": self.origins, "retention_days": self.retention_days});
        let root = Node::root(&doc);
        let mut r = Reader::default();
        let origins: Vec<String> =
            r.items(&root.field("origins")).iter().filter_map(|o| read_origin(&mut r, o)).collect();
        r.opt_int(&root.field("retention_days"), 1..=36_500);
        if !is_id(&self.id) {
            r.fail_at("id", format!("`{}` is not a site id", self.id));
        }
        r.finish(()).map_err(|e| format!("site: {e}"))?;
        Ok(SiteRow { id: self.id, origins, retention_days: self.retention_days, created_at: self.created_at })
    }
}

impl UserRecord {
    pub fn of(u: &User) -> UserRecord {
        UserRecord {
            kind: USER.into(),
            email: u.email.clone(),
            role: u.role.as_str().into(),
            sites: u.sites.clone(),
            password_hash: u.password_hash.clone(),
            created_at: u.created_at,
            disabled: u.disabled,
        }
    }

    pub fn read(self) -> Result<User, String> {
        let role = Role::parse(&self.role).ok_or_else(|| format!("user: `{}` is not a role", self.role))?;
        if crate::studio::normalize_email(&self.email).as_deref() != Some(self.email.as_str()) {
            return Err(format!("user: `{}` is not a lower-case email address", self.email));
        }
        // Only a hash is ever exported; a line with anything else (a password) is refused.
        if !self.password_hash.starts_with("$argon2") {
            return Err(format!("user {}: `password_hash` is not an argon2 hash", self.email));
        }
        if let Some(bad) = self.sites.iter().flatten().find(|s| !is_id(s)) {
            return Err(format!("user {}: `{bad}` is not a site id", self.email));
        }
        Ok(User {
            email: self.email,
            role,
            sites: self.sites,
            password_hash: self.password_hash,
            created_at: self.created_at,
            disabled: self.disabled,
        })
    }
}

impl KeyRecord {
    pub fn of(k: &ApiKey) -> KeyRecord {
        KeyRecord {
            kind: KEY.into(),
            id: k.id.clone(),
            site: k.site.clone(),
            scope: k.scope.clone(),
            prefix: k.prefix.clone(),
            key_hash: k.key_hash.clone(),
            created_at: k.created_at,
            last_used_at: k.last_used_at,
        }
    }

    pub fn read(self) -> Result<ApiKey, String> {
        let hex = self.key_hash.len() == 64 && self.key_hash.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex {
            return Err(format!("api_key {}: `key_hash` is not a SHA-256 in hex", self.id));
        }
        if self.scope != "read" || !is_id(&self.site) || self.id.is_empty() {
            return Err(format!("api_key {}: needs an id, a site id and scope `read`", self.id));
        }
        Ok(ApiKey {
            id: self.id,
            key_hash: self.key_hash,
            prefix: self.prefix,
            site: self.site,
            scope: self.scope,
            created_at: self.created_at,
            last_used_at: self.last_used_at,
        })
    }
}

impl VersionRecord {
    pub fn of(v: &Version) -> VersionRecord {
        VersionRecord {
            kind: VERSION.into(),
            site: v.meta.site.clone(),
            version: v.meta.version,
            author: v.meta.author.clone(),
            created_at: v.meta.created_at,
            note: v.meta.note.clone(),
            document: v.document.clone(),
        }
    }

    pub fn read(self) -> Result<Version, String> {
        if !is_id(&self.site) || self.version < 1 || self.author.trim().is_empty() {
            return Err(format!(
                "config_version: needs a site id, a version from 1 and an author ({} v{})",
                self.site, self.version
            ));
        }
        if let Err(e) = serde_json::from_str::<&RawValue>(&self.document) {
            return Err(format!("config_version {} v{}: the document is not JSON: {e}", self.site, self.version));
        }
        Ok(Version {
            meta: VersionMeta {
                site: self.site,
                version: self.version,
                author: self.author,
                created_at: self.created_at,
                note: self.note,
            },
            document: self.document,
        })
    }
}
