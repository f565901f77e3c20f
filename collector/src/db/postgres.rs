//! The PostgreSQL backend: any number of collectors share one database.
//!
//! Exactly once across processes rests on the primary key: each batch is one
//! `INSERT … ON CONFLICT (id) DO NOTHING RETURNING id` statement, so when two
//! collectors insert the same id at the same moment, the second waits on the
//! first's row lock and then finds it, and is answered `Duplicate`.
//!
//! Like the SQLite writer, inserts are group-committed: a few writer tasks each
//! take whatever has queued up and send it as one statement, one round trip and
//! one commit for many requests. Connections come from a pool that replaces
//! broken ones by itself, so after the database restarts the next request
//! reconnects; while it is down, every call fails fast with
//! [`Error::Unavailable`] (503 with `Retry-After`) instead of hanging.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio::sync::{Mutex, mpsc, oneshot};
use tokio_postgres::NoTls;
use tokio_postgres::types::ToSql;

mod studio;

use super::facts::{Cell, Param, Sql};
use super::{Imported, PromiseCounts, Stored, StoredRow, admit, check_not_newer, listed, sql_limit};
use crate::error::{Error, Result};
use crate::overload::{Budget, Held};

/// Schema changes, applied in order inside one transaction under an advisory lock
/// (collectors starting together migrate once); `touchpoint_schema` records each
/// version. Append only. Version N means the same schema as SQLite's version N.
/// Ids and sites sort bytewise (`COLLATE "C"`), as in SQLite, so exports match.
pub(super) const MIGRATIONS: &[&str] = &[
    r#"CREATE TABLE submissions (
        id          TEXT COLLATE "C" PRIMARY KEY,  -- client UUID, the idempotency key
        site        TEXT COLLATE "C" NOT NULL,
        touchpoint  TEXT NOT NULL,
        created_at  BIGINT NOT NULL,               -- visitor's clock, ms since epoch
        received_at BIGINT NOT NULL,               -- our clock, ms since epoch
        body        TEXT NOT NULL                  -- the validated submission as JSON, byte for byte
    );
    CREATE INDEX submissions_by_site ON submissions (site, received_at);"#,
    r#"ALTER TABLE submissions ADD COLUMN journey TEXT COLLATE "C";
    UPDATE submissions SET journey = body::jsonb -> 'journey' ->> 'id';
    CREATE INDEX submissions_by_journey ON submissions (journey) WHERE journey IS NOT NULL;"#,
    r#"CREATE TABLE users (
        email         TEXT COLLATE "C" PRIMARY KEY,    -- lower case
        role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        sites         TEXT,                            -- JSON array of site ids; NULL: every site
        password_hash TEXT NOT NULL,                   -- argon2id PHC string, never the password
        created_at    BIGINT NOT NULL,
        disabled      BOOLEAN NOT NULL DEFAULT FALSE
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,                   -- SHA-256 of the cookie's token, hex
        email      TEXT COLLATE "C" NOT NULL REFERENCES users (email) ON DELETE CASCADE,
        csrf       TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        seen_at    BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
    );
    CREATE INDEX sessions_by_user ON sessions (email);
    CREATE INDEX sessions_by_expiry ON sessions (expires_at);
    CREATE TABLE api_keys (
        id           TEXT COLLATE "C" PRIMARY KEY,
        key_hash     TEXT NOT NULL UNIQUE,             -- SHA-256 of the key, hex
        prefix       TEXT NOT NULL,
        site         TEXT COLLATE "C" NOT NULL,
        scope        TEXT NOT NULL CHECK (scope IN ('read')),
        created_at   BIGINT NOT NULL,
        last_used_at BIGINT
    );
    CREATE INDEX api_keys_by_site ON api_keys (site);
    CREATE TABLE sites (
        id             TEXT COLLATE "C" PRIMARY KEY,
        origins        TEXT NOT NULL,                  -- JSON array
        retention_days INTEGER,
        created_at     BIGINT NOT NULL
    );
    CREATE TABLE config_versions (
        site       TEXT COLLATE "C" NOT NULL REFERENCES sites (id),
        version    BIGINT NOT NULL,
        document   TEXT NOT NULL,                      -- exactly as published
        author     TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        note       TEXT,
        PRIMARY KEY (site, version)
    );
    CREATE TABLE drafts (
        site         TEXT COLLATE "C" NOT NULL,
        email        TEXT COLLATE "C" NOT NULL REFERENCES users (email) ON DELETE CASCADE,
        document     TEXT NOT NULL,
        base_version BIGINT,
        updated_at   BIGINT NOT NULL,
        PRIMARY KEY (site, email)
    );"#,
    r#"ALTER TABLE submissions
        ADD COLUMN day BIGINT, ADD COLUMN stage TEXT COLLATE "C", ADD COLUMN score DOUBLE PRECISION,
        ADD COLUMN jscore DOUBLE PRECISION, ADD COLUMN moved_most TEXT COLLATE "C", ADD COLUMN moved_by DOUBLE PRECISION,
        ADD COLUMN label TEXT COLLATE "C", ADD COLUMN lang TEXT COLLATE "C", ADD COLUMN channel TEXT COLLATE "C",
        ADD COLUMN outcome TEXT COLLATE "C", ADD COLUMN promised_ms BIGINT, ADD COLUMN replied_ms BIGINT,
        ADD COLUMN generated BIGINT NOT NULL DEFAULT 0;
    UPDATE submissions s SET
        day = s.received_at / 86400000,
        stage = j.b ->> 'stage',
        score = (j.b ->> 'score')::float8,
        jscore = (j.b #>> '{journey,score}')::float8,
        moved_most = j.b #>> '{journey,moved_most}',
        moved_by = (j.b #>> '{journey,moved_by}')::float8,
        label = j.b #>> '{sentiment,label}',
        lang = j.b #>> '{sentiment,lang}',
        channel = j.b #>> '{follow_up,channel}',
        outcome = j.b #>> '{follow_up,outcome}',
        promised_ms = (j.b #>> '{follow_up,promised_by}')::int8 - (j.b #>> '{follow_up,contacted_at}')::int8,
        replied_ms = (j.b #>> '{follow_up,replied_at}')::int8 - (j.b #>> '{follow_up,contacted_at}')::int8
    FROM (SELECT id, body::jsonb AS b FROM submissions) AS j WHERE j.id = s.id;
    CREATE INDEX submissions_insights ON submissions (site, day, stage, received_at, touchpoint, channel, lang,
        label, score, jscore, moved_most, moved_by, outcome, promised_ms, replied_ms);
    CREATE INDEX submissions_generated ON submissions (site) WHERE generated = 1;
    CREATE TABLE answers (
        submission  TEXT COLLATE "C" NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        site        TEXT COLLATE "C" NOT NULL,
        day         BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        question    TEXT COLLATE "C" NOT NULL,
        kind        TEXT COLLATE "C" NOT NULL,
        value       BIGINT,
        option      TEXT COLLATE "C",
        first       BIGINT NOT NULL,
        stage       TEXT COLLATE "C",
        touchpoint  TEXT COLLATE "C" NOT NULL,
        channel     TEXT COLLATE "C",
        lang        TEXT COLLATE "C",
        label       TEXT COLLATE "C"
    );
    CREATE INDEX answers_insights ON answers (site, day, question, kind, value, option, received_at, first,
        stage, touchpoint, channel, lang, label);
    CREATE INDEX answers_by_submission ON answers (submission, question);
    INSERT INTO answers
    SELECT s.id, s.site, s.day, s.received_at, a ->> 'question', a ->> 'kind',
           CASE a ->> 'kind' WHEN 'thumbs' THEN CASE WHEN a -> 'up' = 'true'::jsonb THEN 1 ELSE 0 END
                ELSE (a ->> 'value')::int8 END,
           a ->> 'option', 1, s.stage, s.touchpoint, s.channel, s.lang, s.label
    FROM submissions s, jsonb_array_elements(s.body::jsonb -> 'answers') AS a
    WHERE a ->> 'kind' <> 'multiple_choice';
    INSERT INTO answers
    SELECT s.id, s.site, s.day, s.received_at, a ->> 'question', 'multiple_choice', NULL,
           o.value #>> '{}', CASE WHEN o.ord = 1 THEN 1 ELSE 0 END, s.stage, s.touchpoint, s.channel, s.lang, s.label
    FROM submissions s, jsonb_array_elements(s.body::jsonb -> 'answers') AS a,
         jsonb_array_elements(a -> 'options') WITH ORDINALITY AS o(value, ord)
    WHERE a ->> 'kind' = 'multiple_choice';
    CREATE TABLE goals (
        site       TEXT COLLATE "C" NOT NULL,
        metric     TEXT COLLATE "C" NOT NULL,
        target     DOUBLE PRECISION NOT NULL,
        updated_at BIGINT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (site, metric)
    );"#,
];

/// Key of the advisory lock migrations run under ("tpmi").
const MIGRATION_LOCK: i64 = 0x7470_6d69;

/// Connections per collector: writers plus concurrent reads.
const POOL_SIZE: usize = 16;

/// Writer tasks, each sending one batch at a time: enough to keep the database busy
/// while a batch is on the wire, few enough that batches stay large under load.
const WRITERS: usize = 4;

/// Most rows one batch statement takes.
const MAX_BATCH: usize = 512;

/// Longest wait for a connection, a new connection, or a statement's answer. Past it the
/// request is answered 503 and retried by the widget, rather than held while the database
/// is gone (a stopped server refuses at once; an unreachable host would otherwise hang).
const TIMEOUT: Duration = Duration::from_secs(5);

/// One queued insert, where to send its outcome, and its place in the queue (given
/// back once answered).
struct Insert {
    row: StoredRow,
    reply: oneshot::Sender<Result<Stored>>,
    _queued: Held,
}

/// A pool of connections and the queue to the writer tasks. The channel itself is
/// unbounded; what requests may put on it is bounded by `queue`, so when the writers
/// are saturated or the database is slow, posts are refused at once.
pub struct PgDb {
    pool: Pool,
    inserts: mpsc::UnboundedSender<Insert>,
    pub(super) queue: Budget,
}

/// `fut`, or [`Error::Unavailable`] once [`TIMEOUT`] has passed.
async fn timed<T>(fut: impl Future<Output = Result<T>>) -> Result<T> {
    tokio::time::timeout(TIMEOUT, fut)
        .await
        .unwrap_or_else(|_| Err(Error::Unavailable(format!("no answer within {} s", TIMEOUT.as_secs()))))
}

impl PgDb {
    /// Connects, brings the schema up to date and starts the writer tasks (they end
    /// when the handle is dropped and the queue has drained).
    pub async fn open(url: &str, queue: Budget) -> Result<PgDb> {
        let mut config: tokio_postgres::Config =
            url.parse().map_err(|e: tokio_postgres::Error| Error::Unavailable(format!("bad URL: {e}")))?;
        config.connect_timeout(TIMEOUT);
        config.application_name("touchpoint");
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(TIMEOUT))
            .create_timeout(Some(TIMEOUT))
            .recycle_timeout(Some(TIMEOUT))
            .build()
            .map_err(|e| Error::Unavailable(e.to_string()))?;
        timed(migrate(&pool)).await?;
        let (inserts, pending) = mpsc::unbounded_channel();
        let pending = Arc::new(Mutex::new(pending));
        for _ in 0..WRITERS {
            tokio::spawn(write_loop(pool.clone(), pending.clone()));
        }
        Ok(PgDb { pool, inserts, queue })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object> {
        Ok(self.pool.get().await?)
    }

    pub async fn schema_version(&self) -> Result<usize> {
        timed(async {
            let row = self.client().await?.query_one("SELECT MAX(version) FROM touchpoint_schema", &[]).await?;
            Ok(row.get::<_, Option<i32>>(0).unwrap_or(0) as usize)
        })
        .await
    }

    pub async fn insert(&self, row: StoredRow) -> Result<Stored> {
        let queued = admit(&self.queue, row.body.len())?;
        let (reply, outcome) = oneshot::channel();
        self.inserts.send(Insert { row, reply, _queued: queued }).map_err(|_| Error::WriterGone)?;
        outcome.await.map_err(|_| Error::WriterGone)?
    }

    pub async fn list(&self, site: &str, limit: usize) -> Result<Vec<serde_json::Value>> {
        timed(async {
            let client = self.client().await?;
            let stmt = client
                .prepare_cached(
                    "SELECT id, body, received_at FROM submissions WHERE site = $1
                     ORDER BY received_at DESC, id DESC LIMIT $2",
                )
                .await?;
            let rows = client.query(&stmt, &[&site, &sql_limit(limit)]).await?;
            rows.iter().map(|row| listed(row.get(0), row.get(1), row.get(2))).collect()
        })
        .await
    }

    pub(super) async fn promises(&self, site: &str) -> Result<Vec<PromiseCounts>> {
        timed(async {
            let client = self.client().await?;
            let stmt = client
                .prepare_cached(
                    r#"SELECT (b #>> '{follow_up,channel}') COLLATE "C" AS channel,
                              COUNT(*),
                              COUNT(*) FILTER (WHERE b #>> '{follow_up,outcome}' = 'on_time'),
                              COUNT(*) FILTER (WHERE b #>> '{follow_up,outcome}' = 'late'),
                              COUNT(*) FILTER (WHERE b #>> '{follow_up,outcome}' = 'no_reply'),
                              AVG((b ->> 'score')::float8)
                       FROM (SELECT body::jsonb AS b FROM submissions WHERE site = $1) AS s
                       WHERE b -> 'follow_up' IS NOT NULL
                       GROUP BY channel ORDER BY channel"#,
                )
                .await?;
            let rows = client.query(&stmt, &[&site]).await?;
            Ok(rows
                .iter()
                .map(|row| PromiseCounts {
                    channel: row.get(0),
                    asked: row.get(1),
                    on_time: row.get(2),
                    late: row.get(3),
                    no_reply: row.get(4),
                    mean_score: row.get(5),
                })
                .collect())
        })
        .await
    }

    async fn count(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<usize> {
        timed(async {
            let n: i64 = self.client().await?.query_one(sql, params).await?.get(0);
            Ok(usize::try_from(n).unwrap_or(0))
        })
        .await
    }

    pub async fn count_id(&self, id: &str) -> Result<usize> {
        self.count("SELECT COUNT(*) FROM submissions WHERE id = $1", &[&id]).await
    }

    pub async fn count_all(&self) -> Result<usize> {
        self.count("SELECT COUNT(*) FROM submissions", &[]).await
    }

    pub async fn forget_journey(&self, journey: &str) -> Result<u64> {
        timed(async {
            Ok(self.client().await?.execute("DELETE FROM submissions WHERE journey = $1", &[&journey]).await?)
        })
        .await
    }

    pub async fn purge_chunk(&self, site: &str, before: i64, chunk: usize) -> Result<u64> {
        timed(async {
            let sql = "DELETE FROM submissions WHERE ctid = ANY(ARRAY(
                         SELECT ctid FROM submissions WHERE site = $1 AND received_at < $2 LIMIT $3))";
            Ok(self.client().await?.execute(sql, &[&site, &before, &sql_limit(chunk)]).await?)
        })
        .await
    }

    pub async fn ping(&self) -> Result<()> {
        timed(async {
            self.client().await?.simple_query("SELECT 1").await?;
            Ok(())
        })
        .await
    }

    pub async fn export_page(&self, after: Option<(i64, String)>, limit: usize) -> Result<Vec<StoredRow>> {
        let (at, id) = after.unwrap_or((i64::MIN, String::new()));
        timed(async {
            let client = self.client().await?;
            let rows = client
                .query(
                    "SELECT id, site, touchpoint, journey, created_at, received_at, body, generated FROM submissions
                     WHERE (received_at, id) > ($1, $2) ORDER BY received_at, id LIMIT $3",
                    &[&at, &id, &sql_limit(limit)],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|row| StoredRow {
                    id: row.get(0),
                    site: row.get(1),
                    touchpoint: row.get(2),
                    journey: row.get(3),
                    created_at: row.get(4),
                    received_at: row.get(5),
                    body: row.get(6),
                    generated: row.get::<_, i64>(7) == 1,
                })
                .collect())
        })
        .await
    }

    pub async fn cells(&self, sql: Sql) -> Result<Vec<Vec<Cell>>> {
        timed(async {
            let client = self.client().await?;
            let stmt = client.prepare_cached(&sql.numbered()).await?;
            let params = pg_params(&sql.params);
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref() as _).collect();
            let rows = client.query(&stmt, &refs).await?;
            rows.iter().map(|row| (0..row.len()).map(|i| pg_cell(row, i)).collect()).collect()
        })
        .await
    }

    pub async fn execute_all(&self, statements: Vec<Sql>) -> Result<Vec<u64>> {
        timed(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await?;
            let mut changed = Vec::with_capacity(statements.len());
            for sql in &statements {
                let params = pg_params(&sql.params);
                let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref() as _).collect();
                changed.push(tx.execute(&sql.numbered(), &refs).await?);
            }
            tx.commit().await?;
            Ok(changed)
        })
        .await
    }

    pub async fn import(&self, rows: Vec<StoredRow>) -> Result<Imported> {
        let mut imported = Imported::default();
        for chunk in rows.chunks(MAX_BATCH) {
            let stored = timed(insert_batch(&self.pool, chunk.iter())).await?;
            let created = stored.iter().filter(|s| **s == Stored::Created).count() as u64;
            imported.created += created;
            imported.duplicates += chunk.len() as u64 - created;
        }
        Ok(imported)
    }
}

fn pg_params(params: &[Param]) -> Vec<Box<dyn ToSql + Sync + Send>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + Sync + Send> {
            match p {
                Param::Text(s) => Box::new(s.clone()),
                Param::Int(n) => Box::new(*n),
                Param::Real(x) => Box::new(*x),
            }
        })
        .collect()
}

fn pg_cell(row: &tokio_postgres::Row, i: usize) -> Result<Cell> {
    use tokio_postgres::types::Type;
    let ty = row.columns()[i].type_().clone();
    Ok(if ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i)?.map_or(Cell::Null, Cell::Int)
    } else if ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i)?.map_or(Cell::Null, |n| Cell::Int(n.into()))
    } else if ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(i)?.map_or(Cell::Null, Cell::Real)
    } else if ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i)?.map_or(Cell::Null, |b| Cell::Int(b.into()))
    } else {
        row.try_get::<_, Option<String>>(i)?.map_or(Cell::Null, Cell::Text)
    })
}

async fn migrate(pool: &Pool) -> Result<()> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS touchpoint_schema (
            version    INTEGER PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )",
    )
    .await?;
    let found: Option<i32> = tx.query_one("SELECT MAX(version) FROM touchpoint_schema", &[]).await?.get(0);
    let done = usize::try_from(found.unwrap_or(0)).unwrap_or(0);
    check_not_newer(done, MIGRATIONS.len())?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let version = i + 1;
        tx.batch_execute(sql).await.map_err(|e| Error::Migration { version, message: e.to_string() })?;
        let v = i32::try_from(version).unwrap_or(i32::MAX);
        tx.execute("INSERT INTO touchpoint_schema (version) VALUES ($1)", &[&v]).await?;
        tracing::info!(version, backend = "postgres", "applied database migration");
    }
    tx.commit().await?;
    Ok(())
}

/// One writer task: takes whatever has queued (up to [`MAX_BATCH`]), sends it as one
/// statement, answers each waiter; ends when the queue is closed and empty.
async fn write_loop(pool: Pool, queue: Arc<Mutex<mpsc::UnboundedReceiver<Insert>>>) {
    loop {
        let batch = {
            let mut queue = queue.lock().await;
            let Some(first) = queue.recv().await else { return };
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match queue.try_recv() {
                    Ok(insert) => batch.push(insert),
                    Err(_) => break,
                }
            }
            batch
        };
        match timed(insert_batch(&pool, batch.iter().map(|i| &i.row))).await {
            Ok(outcomes) => batch.into_iter().zip(outcomes).for_each(|(i, stored)| {
                // The waiter may have gone (request cancelled): the row is committed all the same.
                let _ = i.reply.send(Ok(stored));
            }),
            Err(e) => {
                if e.is_unavailable() {
                    tracing::warn!(error = %e, rows = batch.len(), "batch not stored: database unavailable");
                } else {
                    tracing::error!(error = %e, rows = batch.len(), "batch insert failed");
                }
                batch.into_iter().for_each(|i| {
                    let _ = i.reply.send(Err(e.shared()));
                });
            }
        }
    }
}

/// Inserts `rows` in one statement, each unless its id is already stored, with its Insights
/// columns and, for the rows created, their answer rows ([`super::facts::Facts`]). Of two
/// rows with one id in the same batch the first is stored, the second is a duplicate.
async fn insert_batch<'a>(pool: &Pool, rows: impl Iterator<Item = &'a StoredRow> + Clone) -> Result<Vec<Stored>> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(
            "WITH created AS (
                 INSERT INTO submissions (id, site, touchpoint, journey, created_at, received_at, body, day, stage,
                     score, jscore, moved_most, moved_by, label, lang, channel, outcome, promised_ms, replied_ms,
                     generated)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[],
                     $7::text[], $8::int8[], $9::text[], $10::float8[], $11::float8[], $12::text[], $13::float8[],
                     $14::text[], $15::text[], $16::text[], $17::text[], $18::int8[], $19::int8[], $20::int8[])
                 ON CONFLICT (id) DO NOTHING RETURNING id, site, day, received_at, stage, touchpoint, channel,
                     lang, label),
             answered AS (
                 INSERT INTO answers (submission, site, day, received_at, question, kind, value, option, first,
                     stage, touchpoint, channel, lang, label)
                 SELECT c.id, c.site, c.day, c.received_at, a.question, a.kind, a.value, a.option, a.first,
                        c.stage, c.touchpoint, c.channel, c.lang, c.label
                 FROM unnest($21::text[], $22::text[], $23::text[], $24::int8[], $25::text[], $26::int8[])
                      AS a(submission, question, kind, value, option, first)
                 JOIN created c ON c.id = a.submission)
             SELECT id FROM created",
        )
        .await?;
    let facts: Vec<_> = rows.clone().map(StoredRow::facts).collect();
    let column = |f: fn(&'a StoredRow) -> &'a str| rows.clone().map(f).collect::<Vec<&str>>();
    let ints = |f: fn(&'a StoredRow) -> i64| rows.clone().map(f).collect::<Vec<i64>>();
    let texts = |f: fn(&super::facts::Facts) -> Option<&str>| facts.iter().map(f).collect::<Vec<Option<&str>>>();
    let reals = |f: fn(&super::facts::Facts) -> Option<f64>| facts.iter().map(f).collect::<Vec<Option<f64>>>();
    let journeys: Vec<Option<&str>> = rows.clone().map(|r| r.journey.as_deref()).collect();
    let days: Vec<i64> = facts.iter().map(|f| f.day).collect();
    let promised: Vec<Option<i64>> = facts.iter().map(|f| f.promised_ms).collect();
    let replied: Vec<Option<i64>> = facts.iter().map(|f| f.replied_ms).collect();
    let generated: Vec<i64> = rows.clone().map(|r| i64::from(r.generated)).collect();
    // Answer rows of each id's first row in the batch only (a later one with the same id is a duplicate).
    let mut seen = HashSet::new();
    let (mut a_sub, mut a_question, mut a_kind, mut a_value, mut a_option, mut a_first) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (row, f) in rows.clone().zip(&facts) {
        if !seen.insert(row.id.as_str()) {
            continue;
        }
        for a in &f.answers {
            a_sub.push(row.id.as_str());
            a_question.push(a.question.as_str());
            a_kind.push(a.kind.as_str());
            a_value.push(a.value);
            a_option.push(a.option.as_deref());
            a_first.push(i64::from(a.first));
        }
    }
    let inserted = client
        .query(
            &stmt,
            &[
                &column(|r| &r.id),
                &column(|r| &r.site),
                &column(|r| &r.touchpoint),
                &journeys,
                &ints(|r| r.created_at),
                &ints(|r| r.received_at),
                &column(|r| &r.body),
                &days,
                &texts(|f| f.stage.as_deref()),
                &reals(|f| f.score),
                &reals(|f| f.jscore),
                &texts(|f| f.moved_most.as_deref()),
                &reals(|f| f.moved_by),
                &texts(|f| f.label.as_deref()),
                &texts(|f| f.lang.as_deref()),
                &texts(|f| f.channel.as_deref()),
                &texts(|f| f.outcome.as_deref()),
                &promised,
                &replied,
                &generated,
                &a_sub,
                &a_question,
                &a_kind,
                &a_value,
                &a_option,
                &a_first,
            ],
        )
        .await?;
    let mut created: HashSet<String> = inserted.iter().map(|row| row.get(0)).collect();
    Ok(rows.map(|r| if created.remove(&r.id) { Stored::Created } else { Stored::Duplicate }).collect())
}
