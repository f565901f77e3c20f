//! The query string every Insights route shares (`site`, the range and the filters), read
//! with every problem named at once, and turned into the `WHERE` of the queries.

use std::collections::BTreeMap;

use touchpoint_core::fields::{Kind, is_id};
use touchpoint_core::wire::{ReplyOutcome, SentimentLabel, Stage};

use crate::db::facts::{DAY_MS, Param, Sql, day_of};
use crate::error::ApiError;

/// The longest range that is shown by day; longer ranges are shown by week.
pub const DAILY_UP_TO_DAYS: i64 = 92;

/// The range when none is given: the 30 days before now.
pub const DEFAULT_DAYS: i64 = 30;

/// How series are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    /// ISO weeks, Monday 00:00 UTC to Monday.
    Week,
}

impl Bucket {
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
        }
    }

    /// The first UTC day of the bucket holding `day`.
    pub fn start_day(self, day: i64) -> i64 {
        match self {
            Bucket::Day => day,
            // Day 0 (1970-01-01) was a Thursday: Monday is day 4 modulo 7.
            Bucket::Week => day - (day + 3).rem_euclid(7),
        }
    }

    pub fn days(self) -> i64 {
        match self {
            Bucket::Day => 1,
            Bucket::Week => 7,
        }
    }
}

/// A site, a range `[from, to)` of `received_at` (ms) and the filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub site: String,
    /// Inclusive.
    pub from: i64,
    /// Exclusive.
    pub to: i64,
    pub stage: Option<String>,
    pub touchpoint: Option<String>,
    pub channel: Option<String>,
    pub question: Option<String>,
    pub lang: Option<String>,
    pub label: Option<String>,
}

/// What a drill-down narrows the filter to: the responses behind one bar or point.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrow {
    /// A follow-up outcome (a channel's bar).
    pub outcome: Option<String>,
    /// A value of the filter's `question` (a rating, or 1/0 for thumbs up/down).
    pub value: Option<i64>,
    /// An option of the filter's `question`.
    pub option: Option<String>,
    /// The touchpoint that moved the journey most (a mover).
    pub moved_most: Option<String>,
}

/// A query string's parameters, read one by one; whatever is left over is unknown.
pub struct Params {
    map: BTreeMap<String, String>,
    problems: Vec<String>,
}

impl Params {
    pub fn new(map: BTreeMap<String, String>) -> Params {
        Params { map, problems: Vec::new() }
    }

    pub fn take(&mut self, name: &str) -> Option<String> {
        self.map.remove(name).filter(|v| !v.is_empty())
    }

    pub fn fail(&mut self, message: String) {
        self.problems.push(message);
    }

    fn id(&mut self, name: &str) -> Option<String> {
        let v = self.take(name)?;
        if is_id(&v) {
            Some(v)
        } else {
            self.fail(format!("`{name}` must be an id of a-z, 0-9, - or _ (found {v:?})"));
            None
        }
    }

    fn one_of(&mut self, name: &str, names: &[&str]) -> Option<String> {
        let v = self.take(name)?;
        if names.contains(&v.as_str()) {
            Some(v)
        } else {
            self.fail(format!("`{name}` must be one of {} (found {v:?})", names.join(", ")));
            None
        }
    }

    fn instant(&mut self, name: &str) -> Option<i64> {
        let v = self.take(name)?;
        match parse_instant(&v) {
            Some(ms) => Some(ms),
            None => {
                self.fail(format!(
                    "`{name}` must be an RFC 3339 time such as 2026-11-01T00:00:00Z, or a date (found {v:?})"
                ));
                None
            }
        }
    }

    pub fn int(&mut self, name: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let v = self.take(name)?;
        match v.parse::<i64>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                self.fail(format!(
                    "`{name}` must be a whole number from {} to {} (found {v:?})",
                    range.start(),
                    range.end()
                ));
                None
            }
        }
    }

    /// 400 naming every problem and every parameter not known here.
    pub fn finish(mut self) -> Result<(), ApiError> {
        let unknown: Vec<String> = std::mem::take(&mut self.map).into_keys().collect();
        if !unknown.is_empty() {
            self.problems.push(format!("unknown parameter(s): {}", unknown.join(", ")));
        }
        if self.problems.is_empty() { Ok(()) } else { Err(ApiError::BadRequest(self.problems.join("; "))) }
    }

    /// The site, range and filters; `now` is the default end, [`DEFAULT_DAYS`] before it the default start.
    pub fn filter(&mut self, now: i64) -> Option<Filter> {
        self.filter_from(now, None)
    }

    /// [`Params::filter`] with another default start (an export's: all time).
    pub fn filter_from(&mut self, now: i64, default_from: Option<i64>) -> Option<Filter> {
        let site = self.id("site");
        if site.is_none() && !self.problems.iter().any(|p| p.contains("`site`")) {
            self.fail("query parameter `site` is required: a site id of a-z, 0-9, - or _".into());
        }
        let from = self.instant("from");
        let to = self.instant("to");
        let stage = self.one_of("stage", Stage::NAMES);
        let touchpoint = self.id("touchpoint");
        let channel = self.id("channel");
        let question = self.id("question");
        let lang = self.take("lang");
        if lang.as_deref().is_some_and(|l| !(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase())) {
            self.fail("`lang` must be a language's primary subtag such as en or de".into());
        }
        let label = self.one_of("label", SentimentLabel::NAMES);
        let to = to.unwrap_or(now);
        let from = from.or(default_from).unwrap_or(to - DEFAULT_DAYS * DAY_MS);
        if from >= to {
            self.fail("`from` must be before `to`".into());
        }
        Some(Filter { site: site?, from, to, stage, touchpoint, channel, question, lang, label })
    }

    /// A drill-down's narrowing (needs `question` for `value` and `option`).
    pub fn narrow(&mut self, question: Option<&str>) -> Narrow {
        let outcome = self.one_of("outcome", ReplyOutcome::NAMES);
        let value = self.int("value", 0..=10);
        let option = self.id("option");
        let moved_most = self.id("moved_most");
        if (value.is_some() || option.is_some()) && question.is_none() {
            self.fail("`value` and `option` need `question`".into());
        }
        Narrow { outcome, value, option, moved_most }
    }
}

/// An RFC 3339 instant, or a date (its 00:00 UTC), in ms.
pub fn parse_instant(s: &str) -> Option<i64> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t.as_millisecond());
    }
    let date: jiff::civil::Date = s.parse().ok()?;
    Some(date.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp().as_millisecond())
}

/// An instant in ms as RFC 3339 (UTC).
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string())
}

/// Which table a condition is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Submissions,
    Answers,
}

impl Filter {
    /// Day buckets up to [`DAILY_UP_TO_DAYS`], weeks beyond.
    pub fn bucket(&self) -> Bucket {
        if self.to - self.from <= DAILY_UP_TO_DAYS * DAY_MS { Bucket::Day } else { Bucket::Week }
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Filter {
        Filter { from: self.from - (self.to - self.from), to: self.from, ..self.clone() }
    }

    /// `WHERE …` for `table`: the site and range (by day first, so the index's order serves
    /// the grouping, then exactly), then each filter. On answers, `question` keeps that
    /// question's answers; on submissions, the submissions that answered it.
    pub fn where_sql(&self, table: Table, sql: &mut Sql) {
        sql.bind(" WHERE site = ?", Param::Text(self.site.clone()))
            .bind(" AND day >= ?", Param::Int(day_of(self.from)))
            .bind(" AND day <= ?", Param::Int(day_of(self.to - 1)));
        self.rows_sql(table, sql);
    }

    /// The same conditions without the days, for listings in `received_at` order (so the
    /// planner walks the `(site, received_at)` index instead of sorting the range).
    pub fn list_where_sql(&self, sql: &mut Sql) {
        sql.bind(" WHERE site = ?", Param::Text(self.site.clone()));
        self.rows_sql(Table::Submissions, sql);
    }

    /// The conditions on a daily-sum table for the days `first..=last`: the site and the
    /// filters (the sums are kept per combination of them, `''` for none).
    pub fn days_where_sql(&self, first: i64, last: i64, sql: &mut Sql) {
        sql.bind(" WHERE site = ?", Param::Text(self.site.clone()))
            .bind(" AND day >= ?", Param::Int(first))
            .bind(" AND day <= ?", Param::Int(last));
        self.dims_sql(sql);
    }

    /// The whole UTC days inside the range, if any, and the parts of the range before and
    /// after them (each a range of its own, or none).
    pub fn split_days(&self) -> (Option<Filter>, Option<(i64, i64)>, Option<Filter>) {
        let first = self.from.div_euclid(DAY_MS) + i64::from(self.from.rem_euclid(DAY_MS) != 0);
        let end = self.to.div_euclid(DAY_MS);
        if first >= end {
            return (Some(self.clone()), None, None);
        }
        let part = |from: i64, to: i64| (from < to).then(|| Filter { from, to, ..self.clone() });
        (part(self.from, first * DAY_MS), Some((first, end - 1)), part(end * DAY_MS, self.to))
    }

    fn dims_sql(&self, sql: &mut Sql) {
        for (column, value) in [
            ("stage", &self.stage),
            ("touchpoint", &self.touchpoint),
            ("channel", &self.channel),
            ("lang", &self.lang),
            ("label", &self.label),
        ] {
            if let Some(v) = value {
                sql.bind(&format!(" AND {column} = ?"), Param::Text(v.clone()));
            }
        }
    }

    fn rows_sql(&self, table: Table, sql: &mut Sql) {
        sql.bind(" AND received_at >= ?", Param::Int(self.from)).bind(" AND received_at < ?", Param::Int(self.to));
        self.dims_sql(sql);
        if let Some(q) = &self.question {
            match table {
                Table::Answers => sql.bind(" AND question = ?", Param::Text(q.clone())),
                Table::Submissions => sql.bind(
                    " AND EXISTS (SELECT 1 FROM answers q WHERE q.submission = submissions.id AND q.question = ?)",
                    Param::Text(q.clone()),
                ),
            };
        }
    }
}

impl Narrow {
    /// The narrowing's conditions on `submissions`.
    pub fn where_sql(&self, question: Option<&str>, sql: &mut Sql) {
        if let Some(o) = &self.outcome {
            sql.bind(" AND outcome = ?", Param::Text(o.clone()));
        }
        if let Some(m) = &self.moved_most {
            sql.bind(" AND moved_most = ?", Param::Text(m.clone()));
        }
        let Some(question) = question else { return };
        if self.value.is_none() && self.option.is_none() {
            return;
        }
        sql.bind(
            " AND EXISTS (SELECT 1 FROM answers v WHERE v.submission = submissions.id AND v.question = ?",
            Param::Text(question.to_owned()),
        );
        if let Some(n) = self.value {
            sql.bind(" AND v.value = ?", Param::Int(n));
        }
        if let Some(o) = &self.option {
            sql.bind(" AND v.option = ?", Param::Text(o.clone()));
        }
        sql.push(")");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &[(&str, &str)]) -> Params {
        Params::new(q.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let mut p = params(&[("from", "yesterday"), ("stage", "shop"), ("label", "angry"), ("x", "1")]);
        assert!(p.filter(1_800_000_000_000).is_none());
        let Err(ApiError::BadRequest(message)) = p.finish() else { panic!("expected a 400") };
        for part in [
            "`site` is required",
            "`from` must be",
            "`stage` must be one of",
            "`label` must be",
            "unknown parameter(s): x",
        ] {
            assert!(message.contains(part), "{message} lacks {part}");
        }
    }

    #[test]
    fn ranges_default_to_thirty_days_and_pick_their_bucket() {
        let now = 1_800_000_000_000;
        let mut p = params(&[("site", "s")]);
        let f = p.filter(now).unwrap_or_else(|| panic!("valid"));
        assert_eq!((f.from, f.to, f.bucket()), (now - 30 * DAY_MS, now, Bucket::Day));
        let mut p = params(&[("site", "s"), ("from", "2026-01-01"), ("to", "2026-12-01T00:00:00Z")]);
        let f = p.filter(now).unwrap_or_else(|| panic!("valid"));
        assert_eq!(f.bucket(), Bucket::Week);
        assert_eq!(rfc3339(f.from), "2026-01-01T00:00:00Z");
        assert_eq!(f.previous().to, f.from);
    }

    #[test]
    fn a_range_splits_into_whole_days_and_the_parts_around_them() {
        let f = |from, to| Filter {
            site: "s".into(),
            from,
            to,
            stage: None,
            touchpoint: None,
            channel: None,
            question: None,
            lang: None,
            label: None,
        };
        let d = DAY_MS;
        let (before, days, after) = f(10 * d + 5, 13 * d + 7).split_days();
        assert_eq!(
            (before.map(|b| (b.from, b.to)), days, after.map(|a| (a.from, a.to))),
            (Some((10 * d + 5, 11 * d)), Some((11, 12)), Some((13 * d, 13 * d + 7)))
        );
        let (before, days, after) = f(10 * d, 12 * d).split_days();
        assert_eq!((before, days, after), (None, Some((10, 11)), None));
        let (before, days, after) = f(10 * d + 5, 11 * d + 7).split_days();
        assert_eq!((before.map(|b| (b.from, b.to)), days, after), (Some((10 * d + 5, 11 * d + 7)), None, None));
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-30 is a Monday, 2026-12-06 a Sunday.
        let monday = day_of(parse_instant("2026-11-30").unwrap_or_default());
        for d in monday..monday + 7 {
            assert_eq!(Bucket::Week.start_day(d), monday);
        }
        assert_eq!(Bucket::Week.start_day(monday - 1), monday - 7);
    }
}
