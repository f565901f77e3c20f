//! Insights (issue 13): `GET /v1/insights` (the figures of a site over a range, computed
//! by the database), `GET /v1/insights/responses` (the responses behind one bar or point),
//! `GET /v1/export` (the filtered responses as CSV or JSON, streamed), and the site's
//! goals (`GET`/`PUT /v1/sites/{site}/goals`). Reads take a session or a read key for the
//! site, as `/v1/responses` does; goals are Studio's (a key gets 403), changed by editors.

pub mod demo;
pub mod export;
pub mod figures;
pub mod filter;
pub mod goals;

use std::collections::BTreeMap;

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{self, Principal};
use crate::db::facts::{Param, Sql};
use crate::error::ApiError;
use filter::{Filter, Narrow, Params, parse_instant, rfc3339};

/// Most responses one drill-down page lists.
pub const DRILL_LIMIT: i64 = 1_000;

/// The routes, behind [`auth::authenticate`].
pub fn routes(state: &AppState) -> Router<AppState> {
    let r = Router::new()
        .route("/v1/insights", get(show))
        .route("/v1/insights/responses", get(responses))
        .route("/v1/export", get(download))
        .route("/v1/sites/{site}/goals", get(goals::show).put(goals::update));
    auth::protect(r, state)
}

/// Reads the filter (and whatever else `more` takes), refusing every problem at once; then
/// checks the principal may see the site.
fn read<T>(
    state: &AppState,
    principal: &Principal,
    query: BTreeMap<String, String>,
    default_from: Option<i64>,
    more: impl FnOnce(&mut Params, Option<&Filter>) -> T,
) -> Result<(Filter, T), ApiError> {
    let mut p = Params::new(query);
    let f = p.filter_from((state.clock)(), default_from);
    let extra = more(&mut p, f.as_ref());
    p.finish()?;
    let f = f.ok_or_else(|| ApiError::BadRequest("query parameter `site` is required".into()))?;
    principal.site(&f.site)?;
    Ok((f, extra))
}

/// `GET /v1/insights?site=S[&from&to&stage&touchpoint&channel&question&lang&label&compare=previous]`.
async fn show(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<BTreeMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let (f, compare) = read(&state, &principal, query, None, |p, _| {
        let compare = p.take("compare");
        if compare.as_deref().is_some_and(|c| c != "previous") {
            p.fail("`compare` must be previous".into());
        }
        compare.is_some()
    })?;
    let (goals, _) = goals::load(&state.db, &f.site).await?;
    Ok(Json(figures::insights(&state.db, &f, &goals, compare).await?))
}

/// A drill-down's page: its narrowing, the bucket, the text searched, the page size and
/// where the last page ended.
struct Drill {
    narrow: Narrow,
    bucket: Option<i64>,
    search: Option<String>,
    limit: i64,
    before: Option<(i64, String)>,
}

/// `GET /v1/insights/responses?…&bucket&outcome&question&value&option&moved_most&search&limit&before`:
/// the responses behind one bar or point, newest first, a page at a time.
async fn responses(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<BTreeMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let (mut f, drill) = read(&state, &principal, query, None, |p, f| {
        let narrow = p.narrow(f.and_then(|f| f.question.as_deref()));
        let bucket = p.take("bucket").and_then(|b| {
            let at = parse_instant(&b).or_else(|| b.parse().ok());
            if at.is_none() {
                p.fail(format!("`bucket` must be a series point's start (found {b:?})"));
            }
            at
        });
        let search = p.take("search");
        let limit = p.int("limit", 1..=DRILL_LIMIT).unwrap_or(100);
        let before = p.take("before").and_then(|c| {
            let cursor = c.split_once('.').and_then(|(at, id)| Some((at.parse().ok()?, id.to_owned())));
            if cursor.is_none() {
                p.fail("`before` must be the `next` of the page before".into());
            }
            cursor
        });
        Drill { narrow, bucket, search, limit, before }
    })?;
    if let Some(start) = drill.bucket {
        let days = f.bucket().days() * crate::db::facts::DAY_MS;
        f = Filter { from: f.from.max(start), to: f.to.min(start + days), ..f };
    }
    let mut sql = Sql::new("SELECT id, body, received_at FROM submissions");
    conditions(&f, &drill, true, &mut sql);
    if let Some((at, id)) = &drill.before {
        sql.bind(" AND (received_at < ?", Param::Int(*at))
            .bind(" OR (received_at = ?", Param::Int(*at))
            .bind(" AND id < ?))", Param::Text(id.clone()));
    }
    sql.bind(" ORDER BY received_at DESC, id DESC LIMIT ?", Param::Int(drill.limit));
    let rows = state.db.cells(sql).await?;
    let mut count = Sql::new("SELECT COUNT(*) FROM submissions");
    conditions(&f, &drill, false, &mut count);
    let total = state.db.cells(count).await?.first().map_or(0, |r| r[0].int());
    let next = (rows.len() as i64 == drill.limit)
        .then(|| rows.last().map(|r| format!("{}.{}", r[2].int(), r[0].text().unwrap_or_default())))
        .flatten();
    let listed = rows
        .iter()
        .map(|r| {
            let id = r[0].text().unwrap_or_default().to_owned();
            crate::db::listed(id, r[1].text().unwrap_or_default(), r[2].int())
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(json!({
        "site": f.site, "from": rfc3339(f.from), "to": rfc3339(f.to),
        "total": total, "responses": listed, "next": next,
    })))
}

/// The drill-down's `WHERE`: the filter, the narrowing, the search.
/// `ordered`: for a listing in `received_at` order; else for a count (with the days, so the
/// covering index of the figures serves it).
fn conditions(f: &Filter, drill: &Drill, ordered: bool, sql: &mut Sql) {
    if ordered {
        f.list_where_sql(sql);
    } else {
        f.where_sql(filter::Table::Submissions, sql);
    }
    drill.narrow.where_sql(f.question.as_deref(), sql);
    if let Some(search) = &drill.search {
        let escaped = search.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        sql.bind(" AND LOWER(body) LIKE ? ESCAPE '\\'", Param::Text(format!("%{escaped}%")));
    }
}

/// `GET /v1/export?site=S&format=csv|json[&from&to&filters]`: all time unless `from` says.
async fn download(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    let (f, format) = read(&state, &principal, query, Some(0), |p, _| {
        let format = p.take("format").unwrap_or_else(|| "csv".into());
        let parsed = export::Format::parse(&format);
        if parsed.is_none() {
            p.fail(format!("`format` must be csv or json (found {format:?})"));
        }
        parsed
    })?;
    let format = format.unwrap_or(export::Format::Csv);
    let name = format!("touchpoint-{}.{}", f.site, format.extension());
    let db = state.db;
    let stream = futures_util::stream::try_unfold(export::Export::new(f, format), move |mut e| {
        let db = db.clone();
        async move { Ok::<_, crate::Error>(e.next(&db).await?.map(|chunk| (Bytes::from(chunk), e))) }
    });
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
