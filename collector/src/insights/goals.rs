//! Per-site targets (CSAT ≥ 85 %, promises kept ≥ 95 % …), stored on both backends in
//! `goals` and shown with the actual figures in `/v1/insights`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use serde_json::{Value, json};
use touchpoint_core::fields::Reader;

use crate::AppState;
use crate::auth::Principal;
use crate::db::facts::{Param, Sql};
use crate::db::{Db, Role};
use crate::error::{ApiError, Result};
use crate::studio::body::{Body, invalid};
use crate::studio::sites::site_id;

/// A figure a goal can be set on: the names of `/v1/insights`' series points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Responses,
    CsatSatisfiedShare,
    NpsScore,
    CesMean,
    JourneyMean,
    NegativeShare,
    KeptShare,
}

impl Metric {
    pub const ALL: &'static [Metric] = &[
        Metric::Responses,
        Metric::CsatSatisfiedShare,
        Metric::NpsScore,
        Metric::CesMean,
        Metric::JourneyMean,
        Metric::NegativeShare,
        Metric::KeptShare,
    ];

    /// Its names, in [`Metric::ALL`]'s order.
    pub const NAMES: &'static [&'static str] =
        &["responses", "csat_satisfied_share", "nps_score", "ces_mean", "journey_mean", "negative_share", "kept_share"];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self.index()]
    }

    /// The values a target may take.
    pub fn range(self) -> std::ops::RangeInclusive<f64> {
        match self {
            Metric::Responses => 0.0..=1e12,
            Metric::CsatSatisfiedShare | Metric::NegativeShare | Metric::KeptShare => 0.0..=1.0,
            Metric::NpsScore => -100.0..=100.0,
            Metric::CesMean => 1.0..=7.0,
            Metric::JourneyMean => -1.0..=1.0,
        }
    }

    /// `at_most` for the share of negative comments (lower is better), else `at_least`.
    pub fn direction(self) -> &'static str {
        if self == Metric::NegativeShare { "at_most" } else { "at_least" }
    }

    pub fn met(self, actual: f64, target: f64) -> bool {
        if self == Metric::NegativeShare { actual <= target } else { actual >= target }
    }
}

/// One target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goal {
    pub metric: Metric,
    pub target: f64,
}

/// The site's goals, in [`Metric::ALL`]'s order, with who set them last and when.
pub async fn load(db: &Db, site: &str) -> Result<(Vec<Goal>, Option<(i64, String)>)> {
    let mut sql = Sql::new("SELECT metric, target, updated_at, updated_by FROM goals");
    sql.bind(" WHERE site = ?", Param::Text(site.to_owned()));
    let rows = db.cells(sql).await?;
    let mut goals: Vec<Goal> = rows
        .iter()
        .filter_map(|r| {
            let metric = Metric::ALL.iter().copied().find(|m| Some(m.name()) == r[0].text())?;
            Some(Goal { metric, target: r[1].real() })
        })
        .collect();
    goals.sort_by_key(|g| g.metric.index());
    let updated =
        rows.iter().max_by_key(|r| r[2].int()).map(|r| (r[2].int(), r[3].text().unwrap_or_default().to_owned()));
    Ok((goals, updated))
}

fn to_json(site: &str, goals: &[Goal], updated: Option<(i64, String)>) -> Value {
    let map: serde_json::Map<String, Value> =
        goals.iter().map(|g| (g.metric.name().to_owned(), g.target.into())).collect();
    json!({
        "site": site,
        "goals": map,
        "directions": Metric::ALL.iter().map(|m| (m.name().to_owned(), m.direction().into())).collect::<serde_json::Map<_, _>>(),
        "updated_at": updated.as_ref().map(|u| u.0),
        "updated_by": updated.map(|u| u.1),
    })
}

/// `GET /v1/sites/{site}/goals` (any user who sees the site).
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
) -> Result<Json<Value>, ApiError> {
    principal.user()?;
    principal.site(&site)?;
    site_id(&site)?;
    let (goals, updated) = load(&state.db, &site).await?;
    Ok(Json(to_json(&site, &goals, updated)))
}

/// `PUT /v1/sites/{site}/goals {"goals": {metric: target | null}}` (editors and admins):
/// sets every goal named, removes those given as `null` or left out.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    Path(site): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let who = principal.role(Role::Editor)?.user.email.clone();
    principal.site(&site)?;
    site_id(&site)?;
    let body = Body::read(body)?;
    let mut r = Reader::default();
    let root = body.root();
    r.object(&root, &["goals"]);
    let goals_node = root.field("goals");
    r.object(&goals_node, Metric::NAMES);
    let mut goals = Vec::new();
    for m in Metric::ALL {
        let node = goals_node.field(m.name());
        if node.value().is_none_or(Value::is_null) {
            continue;
        }
        if let Some(target) = r.number(&node, m.range()) {
            goals.push(Goal { metric: *m, target });
        }
    }
    r.finish_with(Some(())).map_err(invalid("goals"))?;
    let now = (state.clock)();
    let mut statements = vec![{
        let mut sql = Sql::new("DELETE FROM goals");
        sql.bind(" WHERE site = ?", Param::Text(site.clone()));
        sql
    }];
    for g in &goals {
        let mut sql = Sql::new("INSERT INTO goals (site, metric, target, updated_at, updated_by) VALUES (");
        sql.bind("?, ", Param::Text(site.clone()))
            .bind("?, ", Param::Text(g.metric.name().to_owned()))
            .bind("?, ", Param::Real(g.target))
            .bind("?, ", Param::Int(now))
            .bind("?)", Param::Text(who.clone()));
        statements.push(sql);
    }
    state.db.execute_all(statements).await?;
    let (goals, updated) = load(&state.db, &site).await?;
    Ok(Json(to_json(&site, &goals, updated)))
}
