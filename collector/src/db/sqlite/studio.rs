//! Studio's tables on SQLite (see `db::studio`). Writes that read before they write
//! (publish, the last-admin rule) run in an IMMEDIATE transaction on the writer thread,
//! so another process writing the same file (a CLI command beside the server) waits
//! instead of interleaving.

use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use super::SqliteDb;
use crate::db::sql_limit;
use crate::db::studio::{
    ApiKey, Base, Counted, Draft, NewVersion, Published, Refused, Role, SessionRow, SiteRow, StudioImported,
    StudioRecords, User, UserChange, Version, VersionMeta, from_list, role_of, to_list,
};
use crate::error::Result;

const USER_COLUMNS: &str = "email, role, sites, password_hash, created_at, disabled";

fn user_row(row: &Row<'_>, at: usize) -> rusqlite::Result<User> {
    let sites: Option<String> = row.get(at + 2)?;
    Ok(User {
        email: row.get(at)?,
        role: role_of(&row.get::<_, String>(at + 1)?),
        sites: sites.as_deref().map(from_list),
        password_hash: row.get(at + 3)?,
        created_at: row.get(at + 4)?,
        disabled: row.get(at + 5)?,
    })
}

const KEY_COLUMNS: &str = "id, key_hash, prefix, site, scope, created_at, last_used_at";

fn key_row(row: &Row<'_>) -> rusqlite::Result<ApiKey> {
    Ok(ApiKey {
        id: row.get(0)?,
        key_hash: row.get(1)?,
        prefix: row.get(2)?,
        site: row.get(3)?,
        scope: row.get(4)?,
        created_at: row.get(5)?,
        last_used_at: row.get(6)?,
    })
}

fn site_row(row: &Row<'_>) -> rusqlite::Result<SiteRow> {
    Ok(SiteRow {
        id: row.get(0)?,
        origins: from_list(&row.get::<_, String>(1)?),
        retention_days: row.get(2)?,
        created_at: row.get(3)?,
    })
}

const VERSION_COLUMNS: &str = "site, version, author, created_at, note";

fn meta_row(row: &Row<'_>) -> rusqlite::Result<VersionMeta> {
    Ok(VersionMeta {
        site: row.get(0)?,
        version: row.get(1)?,
        author: row.get(2)?,
        created_at: row.get(3)?,
        note: row.get(4)?,
    })
}

fn version_row(row: &Row<'_>) -> rusqlite::Result<Version> {
    Ok(Version { meta: meta_row(row)?, document: row.get(5)? })
}

/// Whether leaving out `except` leaves an enabled admin.
fn other_admins(conn: &Connection, except: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0 AND email <> ?1)",
        [except],
        |row| row.get(0),
    )
}

fn latest(conn: &Connection, site: &str) -> rusqlite::Result<Option<Version>> {
    conn.query_row(
        &format!(
            "SELECT {VERSION_COLUMNS}, document FROM config_versions WHERE site = ?1 ORDER BY version DESC LIMIT 1"
        ),
        [site],
        version_row,
    )
    .optional()
}

impl SqliteDb {
    pub async fn create_user(&self, user: User) -> Result<Result<(), Refused>> {
        self.write(move |conn| {
            let n = conn.execute(
                &format!("INSERT INTO users ({USER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING"),
                params![
                    user.email,
                    user.role.as_str(),
                    user.sites.as_deref().map(to_list),
                    user.password_hash,
                    user.created_at,
                    user.disabled
                ],
            )?;
            Ok(if n == 1 { Ok(()) } else { Err(Refused::Exists) })
        })
        .await
    }

    pub async fn user(&self, email: &str) -> Result<Option<User>> {
        let email = email.to_owned();
        self.read(move |conn| {
            let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?1");
            Ok(conn.query_row(&sql, [email], |row| user_row(row, 0)).optional()?)
        })
        .await
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"))?;
            Ok(stmt.query_map([], |row| user_row(row, 0))?.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn update_user(
        &self,
        email: String,
        change: UserChange,
        unmakes_admin: bool,
        ends_sessions: bool,
        keep_session: Option<String>,
    ) -> Result<Result<User, Refused>> {
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?1");
            let Some(mut user) = tx.query_row(&sql, [&email], |row| user_row(row, 0)).optional()? else {
                return Ok(Err(Refused::NotFound));
            };
            if user.role == Role::Admin && !user.disabled && unmakes_admin && !other_admins(&tx, &email)? {
                return Ok(Err(Refused::LastAdmin));
            }
            user.role = change.role.unwrap_or(user.role);
            user.sites = change.sites.unwrap_or(user.sites);
            user.password_hash = change.password_hash.unwrap_or(user.password_hash);
            user.disabled = change.disabled.unwrap_or(user.disabled);
            tx.execute(
                "UPDATE users SET role = ?2, sites = ?3, password_hash = ?4, disabled = ?5 WHERE email = ?1",
                params![
                    email,
                    user.role.as_str(),
                    user.sites.as_deref().map(to_list),
                    user.password_hash,
                    user.disabled
                ],
            )?;
            if ends_sessions {
                tx.execute(
                    "DELETE FROM sessions WHERE email = ?1 AND token_hash IS NOT ?2",
                    params![email, keep_session],
                )?;
            }
            tx.commit()?;
            Ok(Ok(user))
        })
        .await
    }

    pub async fn delete_user(&self, email: String) -> Result<Result<(), Refused>> {
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let found: Option<(String, bool)> = tx
                .query_row("SELECT role, disabled FROM users WHERE email = ?1", [&email], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()?;
            let Some((role, disabled)) = found else { return Ok(Err(Refused::NotFound)) };
            if role_of(&role) == Role::Admin && !disabled && !other_admins(&tx, &email)? {
                return Ok(Err(Refused::LastAdmin));
            }
            tx.execute("DELETE FROM sessions WHERE email = ?1", [&email])?;
            tx.execute("DELETE FROM drafts WHERE email = ?1", [&email])?;
            tx.execute("DELETE FROM users WHERE email = ?1", [&email])?;
            tx.commit()?;
            Ok(Ok(()))
        })
        .await
    }

    pub async fn create_session(&self, s: SessionRow) -> Result<()> {
        self.write(move |conn| {
            conn.execute("DELETE FROM sessions WHERE expires_at < ?1", [s.created_at])?;
            conn.execute(
                "INSERT INTO sessions (token_hash, email, csrf, created_at, seen_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![s.token_hash, s.email, s.csrf, s.created_at, s.seen_at, s.expires_at],
            )?;
            Ok(())
        })
        .await
    }

    pub async fn session(&self, token_hash: String) -> Result<Option<(SessionRow, User)>> {
        self.read(move |conn| {
            let sql = format!(
                "SELECT s.token_hash, s.email, s.csrf, s.created_at, s.seen_at, s.expires_at, {}
                 FROM sessions s JOIN users u ON u.email = s.email WHERE s.token_hash = ?1",
                USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
            );
            Ok(conn
                .query_row(&sql, [token_hash], |row| {
                    let session = SessionRow {
                        token_hash: row.get(0)?,
                        email: row.get(1)?,
                        csrf: row.get(2)?,
                        created_at: row.get(3)?,
                        seen_at: row.get(4)?,
                        expires_at: row.get(5)?,
                    };
                    Ok((session, user_row(row, 6)?))
                })
                .optional()?)
        })
        .await
    }

    pub async fn touch_session(&self, token_hash: String, seen_at: i64, expires_at: i64) -> Result<()> {
        self.write(move |conn| {
            conn.execute(
                "UPDATE sessions SET seen_at = ?2, expires_at = ?3 WHERE token_hash = ?1",
                params![token_hash, seen_at, expires_at],
            )?;
            Ok(())
        })
        .await
    }

    pub async fn delete_session(&self, token_hash: String) -> Result<()> {
        self.write(move |conn| {
            conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
            Ok(())
        })
        .await
    }

    pub async fn create_key(&self, k: ApiKey) -> Result<()> {
        self.write(move |conn| {
            conn.execute(
                &format!("INSERT INTO api_keys ({KEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                params![k.id, k.key_hash, k.prefix, k.site, k.scope, k.created_at, k.last_used_at],
            )?;
            Ok(())
        })
        .await
    }

    pub async fn key_by_hash(&self, key_hash: String) -> Result<Option<ApiKey>> {
        self.read(move |conn| {
            let sql = format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE key_hash = ?1");
            Ok(conn.query_row(&sql, [key_hash], key_row).optional()?)
        })
        .await
    }

    pub async fn keys(&self, site: Option<String>) -> Result<Vec<ApiKey>> {
        self.read(move |conn| {
            let sql = format!(
                "SELECT {KEY_COLUMNS} FROM api_keys WHERE ?1 IS NULL OR site = ?1 ORDER BY site, created_at, id"
            );
            let mut stmt = conn.prepare(&sql)?;
            Ok(stmt.query_map([site], key_row)?.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn touch_key(&self, id: String, at: i64) -> Result<()> {
        self.write(move |conn| {
            conn.execute("UPDATE api_keys SET last_used_at = ?2 WHERE id = ?1", params![id, at])?;
            Ok(())
        })
        .await
    }

    pub async fn delete_key(&self, id: String) -> Result<bool> {
        self.write(move |conn| Ok(conn.execute("DELETE FROM api_keys WHERE id = ?1", [id])? == 1)).await
    }

    pub async fn export_keys(&self) -> Result<Vec<ApiKey>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!("SELECT {KEY_COLUMNS} FROM api_keys ORDER BY id"))?;
            Ok(stmt.query_map([], key_row)?.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn sites(&self) -> Result<Vec<SiteRow>> {
        self.read(|conn| {
            let mut stmt = conn.prepare("SELECT id, origins, retention_days, created_at FROM sites ORDER BY id")?;
            Ok(stmt.query_map([], site_row)?.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn create_site(&self, s: SiteRow) -> Result<Result<(), Refused>> {
        self.write(move |conn| {
            let n = conn.execute(
                "INSERT INTO sites (id, origins, retention_days, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
                params![s.id, to_list(&s.origins), s.retention_days, s.created_at],
            )?;
            Ok(if n == 1 { Ok(()) } else { Err(Refused::Exists) })
        })
        .await
    }

    pub async fn put_site(&self, s: SiteRow) -> Result<()> {
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO sites (id, origins, retention_days, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET origins = excluded.origins, retention_days = excluded.retention_days",
                params![s.id, to_list(&s.origins), s.retention_days, s.created_at],
            )?;
            Ok(())
        })
        .await
    }

    pub async fn versions(&self, site: String) -> Result<Vec<VersionMeta>> {
        self.read(move |conn| {
            let sql = format!("SELECT {VERSION_COLUMNS} FROM config_versions WHERE site = ?1 ORDER BY version DESC");
            let mut stmt = conn.prepare(&sql)?;
            Ok(stmt.query_map([site], meta_row)?.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn version(&self, site: String, version: Option<i64>) -> Result<Option<Version>> {
        self.read(move |conn| {
            let Some(n) = version else { return Ok(latest(conn, &site)?) };
            let sql =
                format!("SELECT {VERSION_COLUMNS}, document FROM config_versions WHERE site = ?1 AND version = ?2");
            Ok(conn.query_row(&sql, params![site, n], version_row).optional()?)
        })
        .await
    }

    pub async fn latest_versions(&self) -> Result<Vec<VersionMeta>> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {VERSION_COLUMNS} FROM config_versions v
                 WHERE version = (SELECT MAX(version) FROM config_versions WHERE site = v.site) ORDER BY site"
            );
            let mut stmt = conn.prepare(&sql)?;
            Ok(stmt.query_map([], meta_row)?.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn publish(&self, v: NewVersion) -> Result<Published> {
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO sites (id, origins, retention_days, created_at) VALUES (?1, '[]', NULL, ?2)
                 ON CONFLICT DO NOTHING",
                params![v.site, v.at],
            )?;
            let current = latest(&tx, &v.site)?;
            let latest_number = current.as_ref().map(|c| c.meta.version);
            if let Base::Exactly(base) = v.base
                && base != latest_number
            {
                return Ok(Published::Conflict(current));
            }
            let meta = VersionMeta {
                site: v.site.clone(),
                version: latest_number.unwrap_or(0) + 1,
                author: v.author,
                created_at: v.at,
                note: v.note,
            };
            tx.execute(
                &format!("INSERT INTO config_versions ({VERSION_COLUMNS}, document) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
                params![meta.site, meta.version, meta.author, meta.created_at, meta.note, v.document],
            )?;
            if let Some(email) = &v.draft_of {
                tx.execute("DELETE FROM drafts WHERE site = ?1 AND email = ?2", params![v.site, email])?;
            }
            tx.commit()?;
            Ok(Published::Created(meta))
        })
        .await
    }

    pub async fn draft(&self, site: String, email: String) -> Result<Option<Draft>> {
        self.read(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT site, email, document, base_version, updated_at FROM drafts WHERE site = ?1 AND email = ?2",
                    params![site, email],
                    |row| {
                        Ok(Draft {
                            site: row.get(0)?,
                            email: row.get(1)?,
                            document: row.get(2)?,
                            base_version: row.get(3)?,
                            updated_at: row.get(4)?,
                        })
                    },
                )
                .optional()?)
        })
        .await
    }

    pub async fn save_draft(&self, d: Draft) -> Result<()> {
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO drafts (site, email, document, base_version, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (site, email) DO UPDATE SET document = excluded.document,
                   base_version = excluded.base_version, updated_at = excluded.updated_at",
                params![d.site, d.email, d.document, d.base_version, d.updated_at],
            )?;
            Ok(())
        })
        .await
    }

    pub async fn delete_draft(&self, site: String, email: String) -> Result<bool> {
        self.write(move |conn| {
            Ok(conn.execute("DELETE FROM drafts WHERE site = ?1 AND email = ?2", params![site, email])? == 1)
        })
        .await
    }

    pub async fn export_versions(&self, after: Option<(String, i64)>, limit: usize) -> Result<Vec<Version>> {
        self.read(move |conn| {
            let (site, version) = after.unwrap_or((String::new(), i64::MIN));
            let sql = format!(
                "SELECT {VERSION_COLUMNS}, document FROM config_versions
                 WHERE site > ?1 OR (site = ?1 AND version > ?2) ORDER BY site, version LIMIT ?3"
            );
            let mut stmt = conn.prepare(&sql)?;
            Ok(stmt
                .query_map(params![site, version, sql_limit(limit)], version_row)?
                .collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn import_studio(&self, r: StudioRecords) -> Result<StudioImported> {
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut done = StudioImported::default();
            let mut n = 0;
            for s in &r.sites {
                n += tx.execute(
                    "INSERT INTO sites (id, origins, retention_days, created_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT DO NOTHING",
                    params![s.id, to_list(&s.origins), s.retention_days, s.created_at],
                )? as u64;
            }
            done.sites = Counted::of(r.sites.len(), n);
            n = 0;
            for u in &r.users {
                n += tx.execute(
                    &format!("INSERT INTO users ({USER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING"),
                    params![
                        u.email,
                        u.role.as_str(),
                        u.sites.as_deref().map(to_list),
                        u.password_hash,
                        u.created_at,
                        u.disabled
                    ],
                )? as u64;
            }
            done.users = Counted::of(r.users.len(), n);
            n = 0;
            for k in &r.keys {
                n += tx.execute(
                    &format!("INSERT INTO api_keys ({KEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING"),
                    params![k.id, k.key_hash, k.prefix, k.site, k.scope, k.created_at, k.last_used_at],
                )? as u64;
            }
            done.keys = Counted::of(r.keys.len(), n);
            n = 0;
            for v in &r.versions {
                // A version's site may come only from the `--sites` file of the collector it was made on.
                tx.execute(
                    "INSERT INTO sites (id, origins, retention_days, created_at) VALUES (?1, '[]', NULL, ?2)
                     ON CONFLICT DO NOTHING",
                    params![v.meta.site, v.meta.created_at],
                )?;
                n += tx.execute(
                    &format!(
                        "INSERT INTO config_versions ({VERSION_COLUMNS}, document) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                         ON CONFLICT DO NOTHING"
                    ),
                    params![v.meta.site, v.meta.version, v.meta.author, v.meta.created_at, v.meta.note, v.document],
                )? as u64;
            }
            done.versions = Counted::of(r.versions.len(), n);
            tx.commit()?;
            Ok(done)
        })
        .await
    }
}
