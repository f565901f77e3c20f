//! Studio's tables on PostgreSQL (see `db::studio`). Writes that read before they write
//! take row locks first: a publish locks its site's row, so two collectors publishing
//! for one site at the same moment are serialised and the second sees the first's
//! version (a conflict, not a lost update); the last-admin rule locks the admins' rows.

use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use super::{PgDb, timed};
use crate::db::sql_limit;
use crate::db::studio::{
    ApiKey, Base, Counted, Draft, NewVersion, Published, Refused, Role, SessionRow, SiteRow, StudioImported,
    StudioRecords, User, UserChange, Version, VersionMeta, from_list, role_of, to_list,
};
use crate::error::Result;

const USER_COLUMNS: &str = "email, role, sites, password_hash, created_at, disabled";

fn user_row(row: &Row, at: usize) -> User {
    let sites: Option<String> = row.get(at + 2);
    User {
        email: row.get(at),
        role: role_of(row.get(at + 1)),
        sites: sites.as_deref().map(from_list),
        password_hash: row.get(at + 3),
        created_at: row.get(at + 4),
        disabled: row.get(at + 5),
    }
}

const KEY_COLUMNS: &str = "id, key_hash, prefix, site, scope, created_at, last_used_at";

fn key_row(row: &Row) -> ApiKey {
    ApiKey {
        id: row.get(0),
        key_hash: row.get(1),
        prefix: row.get(2),
        site: row.get(3),
        scope: row.get(4),
        created_at: row.get(5),
        last_used_at: row.get(6),
    }
}

/// Retention as stored (a day count that fits any integer column).
fn days_out(days: Option<u32>) -> Option<i32> {
    days.map(|d| i32::try_from(d).unwrap_or(i32::MAX))
}

fn site_row(row: &Row) -> SiteRow {
    let days: Option<i32> = row.get(2);
    SiteRow {
        id: row.get(0),
        origins: from_list(row.get(1)),
        retention_days: days.and_then(|d| u32::try_from(d).ok()),
        created_at: row.get(3),
    }
}

const VERSION_COLUMNS: &str = "site, version, author, created_at, note";

fn meta_row(row: &Row) -> VersionMeta {
    VersionMeta { site: row.get(0), version: row.get(1), author: row.get(2), created_at: row.get(3), note: row.get(4) }
}

fn version_row(row: &Row) -> Version {
    Version { meta: meta_row(row), document: row.get(5) }
}

type Params<'a> = [&'a (dyn ToSql + Sync)];

impl PgDb {
    async fn query(&self, sql: &str, params: &Params<'_>) -> Result<Vec<Row>> {
        timed(async { Ok(self.client().await?.query(sql, params).await?) }).await
    }

    async fn query_opt(&self, sql: &str, params: &Params<'_>) -> Result<Option<Row>> {
        timed(async { Ok(self.client().await?.query_opt(sql, params).await?) }).await
    }

    async fn execute(&self, sql: &str, params: &Params<'_>) -> Result<u64> {
        timed(async { Ok(self.client().await?.execute(sql, params).await?) }).await
    }

    pub async fn create_user(&self, u: User) -> Result<Result<(), Refused>> {
        let sites = u.sites.as_deref().map(to_list);
        let sql = format!("INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING");
        let n = self
            .execute(&sql, &[&u.email, &u.role.as_str(), &sites, &u.password_hash, &u.created_at, &u.disabled])
            .await?;
        Ok(if n == 1 { Ok(()) } else { Err(Refused::Exists) })
    }

    pub async fn user(&self, email: &str) -> Result<Option<User>> {
        let row = self.query_opt(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"), &[&email]).await?;
        Ok(row.map(|r| user_row(&r, 0)))
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        let rows = self.query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"), &[]).await?;
        Ok(rows.iter().map(|r| user_row(r, 0)).collect())
    }

    pub async fn update_user(
        &self,
        email: String,
        change: UserChange,
        unmakes_admin: bool,
        ends_sessions: bool,
        keep_session: Option<String>,
    ) -> Result<Result<User, Refused>> {
        timed(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await?;
            // Every enabled admin's row, locked: two admins demoting each other at once cannot both succeed.
            tx.execute("SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled FOR UPDATE", &[]).await?;
            let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1 FOR UPDATE");
            let Some(row) = tx.query_opt(&sql, &[&email]).await? else { return Ok(Err(Refused::NotFound)) };
            let mut user = user_row(&row, 0);
            if user.role == Role::Admin && !user.disabled && unmakes_admin {
                let others: bool = tx
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled AND email <> $1)",
                        &[&email],
                    )
                    .await?
                    .get(0);
                if !others {
                    return Ok(Err(Refused::LastAdmin));
                }
            }
            user.role = change.role.unwrap_or(user.role);
            user.sites = change.sites.unwrap_or(user.sites);
            user.password_hash = change.password_hash.unwrap_or(user.password_hash);
            user.disabled = change.disabled.unwrap_or(user.disabled);
            let sites = user.sites.as_deref().map(to_list);
            tx.execute(
                "UPDATE users SET role = $2, sites = $3, password_hash = $4, disabled = $5 WHERE email = $1",
                &[&email, &user.role.as_str(), &sites, &user.password_hash, &user.disabled],
            )
            .await?;
            if ends_sessions {
                tx.execute(
                    "DELETE FROM sessions WHERE email = $1 AND token_hash IS DISTINCT FROM $2",
                    &[&email, &keep_session],
                )
                .await?;
            }
            tx.commit().await?;
            Ok(Ok(user))
        })
        .await
    }

    pub async fn delete_user(&self, email: String) -> Result<Result<(), Refused>> {
        timed(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await?;
            tx.execute("SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled FOR UPDATE", &[]).await?;
            let Some(row) =
                tx.query_opt("SELECT role, disabled FROM users WHERE email = $1 FOR UPDATE", &[&email]).await?
            else {
                return Ok(Err(Refused::NotFound));
            };
            let (role, disabled): (String, bool) = (row.get(0), row.get(1));
            if role_of(&role) == Role::Admin && !disabled {
                let others: bool = tx
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled AND email <> $1)",
                        &[&email],
                    )
                    .await?
                    .get(0);
                if !others {
                    return Ok(Err(Refused::LastAdmin));
                }
            }
            tx.execute("DELETE FROM sessions WHERE email = $1", &[&email]).await?;
            tx.execute("DELETE FROM drafts WHERE email = $1", &[&email]).await?;
            tx.execute("DELETE FROM users WHERE email = $1", &[&email]).await?;
            tx.commit().await?;
            Ok(Ok(()))
        })
        .await
    }

    pub async fn create_session(&self, s: SessionRow) -> Result<()> {
        timed(async {
            let client = self.client().await?;
            client.execute("DELETE FROM sessions WHERE expires_at < $1", &[&s.created_at]).await?;
            client
                .execute(
                    "INSERT INTO sessions (token_hash, email, csrf, created_at, seen_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[&s.token_hash, &s.email, &s.csrf, &s.created_at, &s.seen_at, &s.expires_at],
                )
                .await?;
            Ok(())
        })
        .await
    }

    pub async fn session(&self, token_hash: String) -> Result<Option<(SessionRow, User)>> {
        let sql = format!(
            "SELECT s.token_hash, s.email, s.csrf, s.created_at, s.seen_at, s.expires_at, {}
             FROM sessions s JOIN users u ON u.email = s.email WHERE s.token_hash = $1",
            USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
        );
        let row = self.query_opt(&sql, &[&token_hash]).await?;
        Ok(row.map(|row| {
            let session = SessionRow {
                token_hash: row.get(0),
                email: row.get(1),
                csrf: row.get(2),
                created_at: row.get(3),
                seen_at: row.get(4),
                expires_at: row.get(5),
            };
            (session, user_row(&row, 6))
        }))
    }

    pub async fn touch_session(&self, token_hash: String, seen_at: i64, expires_at: i64) -> Result<()> {
        let sql = "UPDATE sessions SET seen_at = $2, expires_at = $3 WHERE token_hash = $1";
        self.execute(sql, &[&token_hash, &seen_at, &expires_at]).await.map(drop)
    }

    pub async fn delete_session(&self, token_hash: String) -> Result<()> {
        self.execute("DELETE FROM sessions WHERE token_hash = $1", &[&token_hash]).await.map(drop)
    }

    pub async fn create_key(&self, k: ApiKey) -> Result<()> {
        let sql = format!("INSERT INTO api_keys ({KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)");
        self.execute(&sql, &[&k.id, &k.key_hash, &k.prefix, &k.site, &k.scope, &k.created_at, &k.last_used_at])
            .await
            .map(drop)
    }

    pub async fn key_by_hash(&self, key_hash: String) -> Result<Option<ApiKey>> {
        let row =
            self.query_opt(&format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE key_hash = $1"), &[&key_hash]).await?;
        Ok(row.as_ref().map(key_row))
    }

    pub async fn keys(&self, site: Option<String>) -> Result<Vec<ApiKey>> {
        let sql = format!(
            "SELECT {KEY_COLUMNS} FROM api_keys WHERE $1::text IS NULL OR site = $1 ORDER BY site, created_at, id"
        );
        Ok(self.query(&sql, &[&site]).await?.iter().map(key_row).collect())
    }

    pub async fn touch_key(&self, id: String, at: i64) -> Result<()> {
        self.execute("UPDATE api_keys SET last_used_at = $2 WHERE id = $1", &[&id, &at]).await.map(drop)
    }

    pub async fn delete_key(&self, id: String) -> Result<bool> {
        Ok(self.execute("DELETE FROM api_keys WHERE id = $1", &[&id]).await? == 1)
    }

    pub async fn export_keys(&self) -> Result<Vec<ApiKey>> {
        Ok(self
            .query(&format!("SELECT {KEY_COLUMNS} FROM api_keys ORDER BY id"), &[])
            .await?
            .iter()
            .map(key_row)
            .collect())
    }

    pub async fn sites(&self) -> Result<Vec<SiteRow>> {
        let rows = self.query("SELECT id, origins, retention_days, created_at FROM sites ORDER BY id", &[]).await?;
        Ok(rows.iter().map(site_row).collect())
    }

    pub async fn create_site(&self, s: SiteRow) -> Result<Result<(), Refused>> {
        let n = self
            .execute(
                "INSERT INTO sites (id, origins, retention_days, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&s.id, &to_list(&s.origins), &days_out(s.retention_days), &s.created_at],
            )
            .await?;
        Ok(if n == 1 { Ok(()) } else { Err(Refused::Exists) })
    }

    pub async fn put_site(&self, s: SiteRow) -> Result<()> {
        self.execute(
            "INSERT INTO sites (id, origins, retention_days, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET origins = excluded.origins, retention_days = excluded.retention_days",
            &[&s.id, &to_list(&s.origins), &days_out(s.retention_days), &s.created_at],
        )
        .await
        .map(drop)
    }

    pub async fn versions(&self, site: String) -> Result<Vec<VersionMeta>> {
        let sql = format!("SELECT {VERSION_COLUMNS} FROM config_versions WHERE site = $1 ORDER BY version DESC");
        Ok(self.query(&sql, &[&site]).await?.iter().map(meta_row).collect())
    }

    pub async fn version(&self, site: String, version: Option<i64>) -> Result<Option<Version>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS}, document FROM config_versions
             WHERE site = $1 AND ($2::bigint IS NULL OR version = $2) ORDER BY version DESC LIMIT 1"
        );
        Ok(self.query_opt(&sql, &[&site, &version]).await?.as_ref().map(version_row))
    }

    pub async fn latest_versions(&self) -> Result<Vec<VersionMeta>> {
        let sql =
            format!("SELECT DISTINCT ON (site) {VERSION_COLUMNS} FROM config_versions ORDER BY site, version DESC");
        Ok(self.query(&sql, &[]).await?.iter().map(meta_row).collect())
    }

    pub async fn publish(&self, v: NewVersion) -> Result<Published> {
        timed(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await?;
            tx.execute(
                "INSERT INTO sites (id, origins, retention_days, created_at) VALUES ($1, '[]', NULL, $2)
                 ON CONFLICT DO NOTHING",
                &[&v.site, &v.at],
            )
            .await?;
            // The site's row, locked until commit: publishes for one site happen one at a time.
            tx.execute("SELECT 1 FROM sites WHERE id = $1 FOR UPDATE", &[&v.site]).await?;
            let sql = format!(
                "SELECT {VERSION_COLUMNS}, document FROM config_versions WHERE site = $1 ORDER BY version DESC LIMIT 1"
            );
            let current = tx.query_opt(&sql, &[&v.site]).await?.as_ref().map(version_row);
            let latest = current.as_ref().map(|c| c.meta.version);
            if let Base::Exactly(base) = v.base
                && base != latest
            {
                return Ok(Published::Conflict(current));
            }
            let meta = VersionMeta {
                site: v.site.clone(),
                version: latest.unwrap_or(0) + 1,
                author: v.author,
                created_at: v.at,
                note: v.note,
            };
            tx.execute(
                &format!("INSERT INTO config_versions ({VERSION_COLUMNS}, document) VALUES ($1, $2, $3, $4, $5, $6)"),
                &[&meta.site, &meta.version, &meta.author, &meta.created_at, &meta.note, &v.document],
            )
            .await?;
            if let Some(email) = &v.draft_of {
                tx.execute("DELETE FROM drafts WHERE site = $1 AND email = $2", &[&v.site, email]).await?;
            }
            tx.commit().await?;
            Ok(Published::Created(meta))
        })
        .await
    }

    pub async fn draft(&self, site: String, email: String) -> Result<Option<Draft>> {
        let row = self
            .query_opt(
                "SELECT site, email, document, base_version, updated_at FROM drafts WHERE site = $1 AND email = $2",
                &[&site, &email],
            )
            .await?;
        Ok(row.map(|row| Draft {
            site: row.get(0),
            email: row.get(1),
            document: row.get(2),
            base_version: row.get(3),
            updated_at: row.get(4),
        }))
    }

    pub async fn save_draft(&self, d: Draft) -> Result<()> {
        self.execute(
            "INSERT INTO drafts (site, email, document, base_version, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (site, email) DO UPDATE SET document = excluded.document,
               base_version = excluded.base_version, updated_at = excluded.updated_at",
            &[&d.site, &d.email, &d.document, &d.base_version, &d.updated_at],
        )
        .await
        .map(drop)
    }

    pub async fn delete_draft(&self, site: String, email: String) -> Result<bool> {
        Ok(self.execute("DELETE FROM drafts WHERE site = $1 AND email = $2", &[&site, &email]).await? == 1)
    }

    pub async fn export_versions(&self, after: Option<(String, i64)>, limit: usize) -> Result<Vec<Version>> {
        let (site, version) = after.unwrap_or((String::new(), i64::MIN));
        let sql = format!(
            "SELECT {VERSION_COLUMNS}, document FROM config_versions
             WHERE (site, version) > ($1, $2) ORDER BY site, version LIMIT $3"
        );
        Ok(self.query(&sql, &[&site, &version, &sql_limit(limit)]).await?.iter().map(version_row).collect())
    }

    pub async fn import_studio(&self, r: StudioRecords) -> Result<StudioImported> {
        timed(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await?;
            let mut done = StudioImported::default();
            let mut n = 0;
            for s in &r.sites {
                n += tx
                    .execute(
                        "INSERT INTO sites (id, origins, retention_days, created_at) VALUES ($1, $2, $3, $4)
                         ON CONFLICT DO NOTHING",
                        &[&s.id, &to_list(&s.origins), &days_out(s.retention_days), &s.created_at],
                    )
                    .await?;
            }
            done.sites = Counted::of(r.sites.len(), n);
            n = 0;
            let sql = format!("INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING");
            for u in &r.users {
                let sites = u.sites.as_deref().map(to_list);
                n += tx
                    .execute(&sql, &[&u.email, &u.role.as_str(), &sites, &u.password_hash, &u.created_at, &u.disabled])
                    .await?;
            }
            done.users = Counted::of(r.users.len(), n);
            n = 0;
            let sql = format!("INSERT INTO api_keys ({KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING");
            for k in &r.keys {
                n += tx
                    .execute(&sql, &[&k.id, &k.key_hash, &k.prefix, &k.site, &k.scope, &k.created_at, &k.last_used_at])
                    .await?;
            }
            done.keys = Counted::of(r.keys.len(), n);
            n = 0;
            let sql = format!(
                "INSERT INTO config_versions ({VERSION_COLUMNS}, document) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
            );
            for v in &r.versions {
                // A version's site may come only from the `--sites` file of the collector it was made on.
                tx.execute(
                    "INSERT INTO sites (id, origins, retention_days, created_at) VALUES ($1, '[]', NULL, $2)
                     ON CONFLICT DO NOTHING",
                    &[&v.meta.site, &v.meta.created_at],
                )
                .await?;
                let m = &v.meta;
                n += tx.execute(&sql, &[&m.site, &m.version, &m.author, &m.created_at, &m.note, &v.document]).await?;
            }
            done.versions = Counted::of(r.versions.len(), n);
            tx.commit().await?;
            Ok(done)
        })
        .await
    }
}
