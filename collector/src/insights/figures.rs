//! `/v1/insights`' figures: four grouped queries over indexed columns (submissions by day
//! and stage, answers by day, question and value, follow-ups by day and channel, journeys
//! by the touchpoint that moved them most), folded here into the headline, the stages,
//! the channels, the series, the movers and the per-question distributions.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use touchpoint_core::fields::Kind;
use touchpoint_core::wire::{Stage, wire_score};

use super::filter::{Bucket, Filter, Table, rfc3339};
use super::goals::{Goal, Metric};
use crate::db::Db;
use crate::db::facts::{Cell, DAY_MS, Sql, day_of};
use crate::error::Result;

/// Most movers listed each way.
pub const MOVERS: usize = 5;

/// Submission counts and sums that add up across groups.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Subs {
    pub responses: i64,
    pub score_sum: f64,
    pub scored: i64,
    pub journey_sum: f64,
    pub journeys: i64,
    pub negative: i64,
    pub neutral: i64,
    pub positive: i64,
}

impl Subs {
    fn add(&mut self, o: &Subs) {
        self.responses += o.responses;
        self.score_sum += o.score_sum;
        self.scored += o.scored;
        self.journey_sum += o.journey_sum;
        self.journeys += o.journeys;
        self.negative += o.negative;
        self.neutral += o.neutral;
        self.positive += o.positive;
    }

    fn labelled(&self) -> i64 {
        self.negative + self.neutral + self.positive
    }

    pub fn negative_share(&self) -> Option<f64> {
        ratio(self.negative as f64, self.labelled())
    }

    pub fn journey_mean(&self) -> Option<f64> {
        ratio(self.journey_sum, self.journeys)
    }
}

/// Ratings of one kind: how many gave each value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ratings {
    pub by_value: BTreeMap<i64, i64>,
}

impl Ratings {
    pub fn answers(&self) -> i64 {
        self.by_value.values().sum()
    }

    fn count(&self, range: std::ops::RangeInclusive<i64>) -> i64 {
        self.by_value.range(range).map(|(_, n)| n).sum()
    }

    pub fn mean(&self) -> Option<f64> {
        ratio(self.by_value.iter().map(|(v, n)| (v * n) as f64).sum(), self.answers())
    }

    /// CSAT: the share of 4 and 5.
    pub fn satisfied_share(&self) -> Option<f64> {
        ratio(self.count(4..=5) as f64, self.answers())
    }

    /// NPS: promoters minus detractors, in percent of the answers.
    pub fn nps(&self) -> Option<f64> {
        ratio(100.0 * (self.count(9..=10) - self.count(0..=6)) as f64, self.answers())
    }

    fn add(&mut self, o: &Ratings) {
        for (v, n) in &o.by_value {
            *self.by_value.entry(*v).or_default() += n;
        }
    }
}

/// What contact follow-ups reported.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Promises {
    pub asked: i64,
    pub on_time: i64,
    pub late: i64,
    pub no_reply: i64,
    pub score_sum: f64,
    pub scored: i64,
    pub promised_sum: f64,
    pub promised: i64,
    pub replied_sum: f64,
    pub replied: i64,
}

impl Promises {
    fn add(&mut self, o: &Promises) {
        self.asked += o.asked;
        self.on_time += o.on_time;
        self.late += o.late;
        self.no_reply += o.no_reply;
        self.score_sum += o.score_sum;
        self.scored += o.scored;
        self.promised_sum += o.promised_sum;
        self.promised += o.promised;
        self.replied_sum += o.replied_sum;
        self.replied += o.replied;
    }

    pub fn kept_share(&self) -> Option<f64> {
        ratio(self.on_time as f64, self.asked)
    }
}

fn ratio(x: f64, n: i64) -> Option<f64> {
    (n > 0).then(|| x / n as f64)
}

fn shown(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |x| wire_score(x).into())
}

/// The headline figures of one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headline {
    pub subs: Subs,
    pub csat: Ratings,
    pub nps: Ratings,
    pub ces: Ratings,
    pub promises: Promises,
}

impl Headline {
    /// The figure a goal is set on.
    pub fn metric(&self, m: Metric) -> Option<f64> {
        match m {
            Metric::Responses => Some(self.subs.responses as f64),
            Metric::CsatSatisfiedShare => self.csat.satisfied_share(),
            Metric::NpsScore => self.nps.nps(),
            Metric::CesMean => self.ces.mean(),
            Metric::JourneyMean => self.subs.journey_mean(),
            Metric::NegativeShare => self.subs.negative_share(),
            Metric::KeptShare => self.promises.kept_share(),
        }
    }

    fn to_json(&self) -> Value {
        let s = &self.subs;
        json!({
            "responses": s.responses,
            "csat": {
                "answers": self.csat.answers(),
                "satisfied": self.csat.count(4..=5),
                "satisfied_share": shown(self.csat.satisfied_share()),
                "mean": shown(self.csat.mean()),
            },
            "nps": {
                "answers": self.nps.answers(),
                "score": shown(self.nps.nps()),
                "promoters": self.nps.count(9..=10),
                "passives": self.nps.count(7..=8),
                "detractors": self.nps.count(0..=6),
            },
            "ces": {"answers": self.ces.answers(), "mean": shown(self.ces.mean())},
            "journey": {"journeys": s.journeys, "mean": shown(s.journey_mean())},
            "comments": {"labelled": s.labelled(), "negative": s.negative, "neutral": s.neutral, "positive": s.positive},
            "negative_share": shown(s.negative_share()),
            "promises": {
                "asked": self.promises.asked,
                "on_time": self.promises.on_time,
                "kept_share": shown(self.promises.kept_share()),
            },
        })
    }

    /// One point of the series: the goals' figures, flat.
    fn point(&self) -> serde_json::Map<String, Value> {
        let mut point = serde_json::Map::new();
        for m in Metric::ALL {
            let value = if *m == Metric::Responses { self.subs.responses.into() } else { shown(self.metric(*m)) };
            point.insert(m.name().into(), value);
        }
        point.insert("csat_answers".into(), self.csat.answers().into());
        point.insert("nps_answers".into(), self.nps.answers().into());
        point.insert("ces_answers".into(), self.ces.answers().into());
        point
    }
}

/// One question's answers: how many, and how many gave each value or option.
#[derive(Debug, Clone, Default, PartialEq)]
struct QuestionCounts {
    answers: i64,
    counts: BTreeMap<String, i64>,
    ratings: Ratings,
}

/// Everything `/v1/insights` shows for one filter, before it is written as JSON.
#[derive(Debug, Default)]
pub struct Folded {
    pub headline: Headline,
    stages: BTreeMap<Option<String>, Subs>,
    channels: BTreeMap<String, Promises>,
    days: BTreeMap<i64, Headline>,
    questions: BTreeMap<(String, String), QuestionCounts>,
    movers: Vec<(String, i64, f64)>,
}

/// Where one part of a range is read from.
enum Part {
    /// The rows themselves, for `[from, to)`.
    Rows(Filter),
    /// The daily sums, for the whole days `first..=last` (SQLite).
    Days(Filter, i64, i64),
}

impl Part {
    fn sql(&self, rows: &str, days: &str, group: &str) -> Sql {
        match self {
            Part::Rows(f) => {
                let mut sql = Sql::new(rows);
                f.where_sql(if rows.ends_with("FROM answers") { Table::Answers } else { Table::Submissions }, &mut sql);
                sql.push(group);
                sql
            }
            Part::Days(f, first, last) => {
                let mut sql = Sql::new(days);
                f.days_where_sql(*first, *last, &mut sql);
                sql.push(group);
                sql.push(" HAVING SUM(n) > 0");
                sql
            }
        }
    }

    fn subs(&self) -> Sql {
        self.sql(
            "SELECT day, stage, COUNT(*), SUM(score), COUNT(score), SUM(jscore), COUNT(jscore),
                    COUNT(*) FILTER (WHERE label = 'negative'), COUNT(*) FILTER (WHERE label = 'neutral'),
                    COUNT(*) FILTER (WHERE label = 'positive') FROM submissions",
            "SELECT day, NULLIF(stage, ''), SUM(n), SUM(score_sum), SUM(scored), SUM(jscore_sum), SUM(journeys),
                    SUM(n) FILTER (WHERE label = 'negative'), SUM(n) FILTER (WHERE label = 'neutral'),
                    SUM(n) FILTER (WHERE label = 'positive') FROM daily_subs",
            " GROUP BY day, stage",
        )
    }

    fn answers(&self) -> Sql {
        self.sql(
            "SELECT day, question, kind, value, option, COUNT(*), COUNT(*) FILTER (WHERE first = 1) FROM answers",
            "SELECT day, question, kind, NULLIF(value, -1), NULLIF(option, ''), SUM(n), SUM(first_n) FROM daily_answers",
            " GROUP BY day, question, kind, value, option",
        )
    }

    fn channels(&self) -> Sql {
        self.sql(
            "SELECT day, channel, COUNT(*), COUNT(*) FILTER (WHERE outcome = 'on_time'),
                    COUNT(*) FILTER (WHERE outcome = 'late'), COUNT(*) FILTER (WHERE outcome = 'no_reply'),
                    SUM(score), COUNT(score), CAST(SUM(promised_ms) AS DOUBLE PRECISION), COUNT(promised_ms),
                    CAST(SUM(replied_ms) AS DOUBLE PRECISION), COUNT(replied_ms) FROM submissions",
            "SELECT day, channel, SUM(n), SUM(on_time), SUM(late), SUM(no_reply), SUM(score_sum), SUM(scored),
                    SUM(promised_sum), SUM(promised_n), SUM(replied_sum), SUM(replied_n) FROM daily_subs",
            match self {
                Part::Rows(_) => " AND channel IS NOT NULL GROUP BY day, channel",
                Part::Days(..) => " AND channel <> '' GROUP BY day, channel",
            },
        )
    }

    fn movers(&self) -> Sql {
        self.sql(
            "SELECT moved_most, COUNT(*), SUM(moved_by) FROM submissions",
            "SELECT moved_most, SUM(n), SUM(moved_by_sum) FROM daily_movers",
            match self {
                Part::Rows(_) => " AND moved_most IS NOT NULL GROUP BY moved_most",
                Part::Days(..) => " GROUP BY moved_most",
            },
        )
    }
}

/// The parts `f` is read in: with daily sums (and no `question`, which the sums do not
/// keep), the whole days from them and the partial days around them from the rows.
fn parts(db: &Db, f: &Filter) -> Vec<Part> {
    if !db.has_daily_sums() || f.question.is_some() {
        return vec![Part::Rows(f.clone())];
    }
    let (before, days, after) = f.split_days();
    let mut parts: Vec<Part> = before.into_iter().chain(after).map(Part::Rows).collect();
    if let Some((first, last)) = days {
        parts.push(Part::Days(f.clone(), first, last));
    }
    parts
}

fn ratings_kind(kind: &str) -> bool {
    matches!(kind, "csat" | "nps" | "ces" | "emoji")
}

/// Runs the queries for `f` and folds their rows; `full` false computes the headline only
/// (the previous period's).
pub async fn fold(db: &Db, f: &Filter, full: bool) -> Result<Folded> {
    let mut out = Folded::default();
    let mut movers: BTreeMap<String, (i64, f64)> = BTreeMap::new();
    for part in parts(db, f) {
        for row in db.cells(part.subs()).await? {
            let subs = Subs {
                responses: row[2].int(),
                score_sum: row[3].real(),
                scored: row[4].int(),
                journey_sum: row[5].real(),
                journeys: row[6].int(),
                negative: row[7].int(),
                neutral: row[8].int(),
                positive: row[9].int(),
            };
            out.headline.subs.add(&subs);
            if full {
                out.days.entry(row[0].int()).or_default().subs.add(&subs);
                out.stages.entry(row[1].text().map(str::to_owned)).or_default().add(&subs);
            }
        }
        for mut row in db.cells(part.answers()).await? {
            let day = row[0].int();
            let kind = row[2].text().unwrap_or_default().to_owned();
            let value = row[3].opt_int();
            let (n, first) = (row[5].int(), row[6].int());
            if let Some(v) = value.filter(|_| ratings_kind(&kind)) {
                let ratings = Ratings { by_value: BTreeMap::from([(v, n)]) };
                let pick = |h: &mut Headline| {
                    match kind.as_str() {
                        "csat" => Some(&mut h.csat),
                        "nps" => Some(&mut h.nps),
                        "ces" => Some(&mut h.ces),
                        _ => None,
                    }
                    .map(|r| r.add(&ratings))
                };
                pick(&mut out.headline);
                if full {
                    pick(out.days.entry(day).or_default());
                }
            }
            if !full {
                continue;
            }
            let option = std::mem::replace(&mut row[4], Cell::Null).into_text();
            let question = std::mem::replace(&mut row[1], Cell::Null).into_text().unwrap_or_default();
            let q = out.questions.entry((question, kind.clone())).or_default();
            q.answers += first;
            let key = match (kind.as_str(), value, option) {
                ("thumbs", Some(v), _) => Some(if v == 1 { "up".to_owned() } else { "down".to_owned() }),
                (_, _, Some(option)) => Some(option),
                (_, Some(v), _) => Some(v.to_string()),
                _ => None,
            };
            if let Some(key) = key {
                *q.counts.entry(key).or_default() += n;
            }
            if let Some(v) = value.filter(|_| ratings_kind(&kind)) {
                *q.ratings.by_value.entry(v).or_default() += n;
            }
        }
        for row in db.cells(part.channels()).await? {
            let p = Promises {
                asked: row[2].int(),
                on_time: row[3].int(),
                late: row[4].int(),
                no_reply: row[5].int(),
                score_sum: row[6].real(),
                scored: row[7].int(),
                promised_sum: row[8].real(),
                promised: row[9].int(),
                replied_sum: row[10].real(),
                replied: row[11].int(),
            };
            out.headline.promises.add(&p);
            if full {
                out.days.entry(row[0].int()).or_default().promises.add(&p);
                out.channels.entry(row[1].text().unwrap_or_default().to_owned()).or_default().add(&p);
            }
        }
        if full {
            for mut row in db.cells(part.movers()).await? {
                let touchpoint = std::mem::replace(&mut row[0], Cell::Null).into_text().unwrap_or_default();
                let m = movers.entry(touchpoint).or_default();
                m.0 += row[1].int();
                m.1 += row[2].real();
            }
        }
    }
    out.movers = movers.into_iter().map(|(t, (n, by))| (t, n, by)).collect();
    Ok(out)
}

impl Folded {
    /// The series: one point per bucket from the one holding `from` to the one holding the
    /// last instant before `to`, empty buckets included.
    fn series(&self, f: &Filter, bucket: Bucket) -> Vec<Value> {
        let mut buckets: BTreeMap<i64, Headline> = BTreeMap::new();
        let (first, last) = (bucket.start_day(day_of(f.from)), bucket.start_day(day_of(f.to - 1)));
        let mut d = first;
        while d <= last {
            buckets.insert(d, Headline::default());
            d += bucket.days();
        }
        for (day, h) in &self.days {
            let b = buckets.entry(bucket.start_day(*day)).or_default();
            b.subs.add(&h.subs);
            b.csat.add(&h.csat);
            b.nps.add(&h.nps);
            b.ces.add(&h.ces);
            b.promises.add(&h.promises);
        }
        buckets
            .iter()
            .map(|(day, h)| {
                let mut point = h.point();
                point.insert("start".into(), rfc3339(day * DAY_MS).into());
                point.insert("start_ms".into(), (day * DAY_MS).into());
                Value::Object(point)
            })
            .collect()
    }

    fn stages(&self) -> Vec<Value> {
        let order = |s: &Option<String>| s.as_deref().and_then(|s| Stage::NAMES.iter().position(|n| *n == s));
        let mut stages: Vec<(&Option<String>, &Subs)> = self.stages.iter().collect();
        stages.sort_by_key(|(s, _)| order(s).unwrap_or(usize::MAX));
        stages
            .into_iter()
            .map(|(stage, s)| {
                json!({
                    "stage": stage,
                    "responses": s.responses,
                    "mean_score": shown(ratio(s.score_sum, s.scored)),
                    "mean_journey": shown(s.journey_mean()),
                })
            })
            .collect()
    }

    fn channels(&self) -> Vec<Value> {
        self.channels
            .iter()
            .map(|(id, p)| {
                json!({
                    "id": id,
                    "asked": p.asked,
                    "on_time": p.on_time,
                    "late": p.late,
                    "no_reply": p.no_reply,
                    "kept_share": shown(p.kept_share()),
                    "mean_score": shown(ratio(p.score_sum, p.scored)),
                    "mean_promised_ms": ratio(p.promised_sum, p.promised).map(|x| x.round() as i64),
                    "mean_replied_ms": ratio(p.replied_sum, p.replied).map(|x| x.round() as i64),
                })
            })
            .collect()
    }

    fn movers(&self) -> Value {
        let entry = |(t, n, by): &(String, i64, f64)| json!({"touchpoint": t, "journeys": n, "moved_by": wire_score(*by), "mean_moved_by": shown(ratio(*by, *n))});
        let mut up: Vec<&(String, i64, f64)> = self.movers.iter().filter(|m| m.2 > 0.0).collect();
        up.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let mut down: Vec<&(String, i64, f64)> = self.movers.iter().filter(|m| m.2 < 0.0).collect();
        down.sort_by(|a, b| a.2.total_cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
        json!({
            "up": up.into_iter().take(MOVERS).map(entry).collect::<Vec<_>>(),
            "down": down.into_iter().take(MOVERS).map(entry).collect::<Vec<_>>(),
        })
    }

    fn questions(&self) -> Vec<Value> {
        self.questions
            .iter()
            .map(|((id, kind), q)| {
                let mut v = json!({"id": id, "kind": kind, "answers": q.answers, "counts": q.counts});
                if ratings_kind(kind) {
                    v["mean"] = shown(q.ratings.mean());
                }
                v
            })
            .collect()
    }
}

/// The whole `/v1/insights` answer.
pub async fn insights(db: &Db, f: &Filter, goals: &[Goal], compare: bool) -> Result<Value> {
    let folded = fold(db, f, true).await?;
    let bucket = f.bucket();
    let mut out = json!({
        "site": f.site,
        "from": rfc3339(f.from),
        "to": rfc3339(f.to),
        "bucket": bucket.name(),
    });
    merge(&mut out, folded.headline.to_json());
    out["stages"] = folded.stages().into();
    out["channels"] = folded.channels().into();
    out["series"] = folded.series(f, bucket).into();
    out["movers"] = folded.movers();
    out["questions"] = folded.questions().into();
    out["goals"] = goals
        .iter()
        .map(|g| {
            let actual = folded.headline.metric(g.metric);
            json!({
                "metric": g.metric.name(),
                "target": g.target,
                "direction": g.metric.direction(),
                "actual": shown(actual),
                "met": actual.map(|a| g.metric.met(a, g.target)),
            })
        })
        .collect::<Vec<_>>()
        .into();
    if compare {
        let p = f.previous();
        let previous = fold(db, &p, false).await?;
        let mut block = json!({"from": rfc3339(p.from), "to": rfc3339(p.to)});
        merge(&mut block, previous.headline.to_json());
        out["previous"] = block;
    }
    Ok(out)
}

fn merge(into: &mut Value, from: Value) {
    if let (Some(into), Value::Object(from)) = (into.as_object_mut(), from) {
        into.extend(from);
    }
}
