//! What Insights selects and groups on, taken out of a stored body into columns when the
//! row is inserted (migration 4 back-fills older rows with the same rules in SQL), so the
//! figures are computed by the database over indexed columns instead of by reading every
//! body. The body itself stays stored byte for byte.

use serde_json::Value;

/// Milliseconds in a day: `day` is `received_at` in whole UTC days since the epoch.
pub const DAY_MS: i64 = 86_400_000;

/// The UTC day of an instant in ms.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// One submission's columns beside its body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub day: i64,
    pub stage: Option<String>,
    /// The touchpoint score in [-1, 1].
    pub score: Option<f64>,
    /// The journey score after this touchpoint (`journey.score`).
    pub jscore: Option<f64>,
    pub moved_most: Option<String>,
    pub moved_by: Option<f64>,
    /// The comments' sentiment label.
    pub label: Option<String>,
    /// The comments' language (`sentiment.lang`), when the widget sent it.
    pub lang: Option<String>,
    /// A contact follow-up's channel, outcome, the promised wait and the reported wait (ms from contact).
    pub channel: Option<String>,
    pub outcome: Option<String>,
    pub promised_ms: Option<i64>,
    pub replied_ms: Option<i64>,
    pub answers: Vec<AnswerFact>,
}

/// One answer as a row of the `answers` table; a multiple choice gives a row per chosen
/// option, `first` set on the first only, so `SUM(first)` counts answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerFact {
    pub question: String,
    pub kind: String,
    /// Ratings 0-10 as given; thumbs 1 (up) or 0 (down); otherwise none.
    pub value: Option<i64>,
    /// The chosen option of a single or multiple choice.
    pub option: Option<String>,
    pub first: bool,
}

fn text(v: &Value, path: &str) -> Option<String> {
    v.pointer(path).and_then(Value::as_str).map(str::to_owned)
}

impl Facts {
    /// The columns of a validated body received at `received_at`. Unknown shapes give
    /// empty columns rather than an error: the body was validated before it was stored.
    pub fn of(body: &Value, received_at: i64) -> Facts {
        let num = |path: &str| body.pointer(path).and_then(Value::as_f64);
        let int = |path: &str| body.pointer(path).and_then(Value::as_i64);
        let contacted = int("/follow_up/contacted_at");
        let answers = body
            .get("answers")
            .and_then(Value::as_array)
            .map(|items| items.iter().flat_map(answer_rows).collect())
            .unwrap_or_default();
        Facts {
            day: day_of(received_at),
            stage: text(body, "/stage"),
            score: num("/score"),
            jscore: num("/journey/score"),
            moved_most: text(body, "/journey/moved_most"),
            moved_by: num("/journey/moved_by"),
            label: text(body, "/sentiment/label"),
            lang: text(body, "/sentiment/lang"),
            channel: text(body, "/follow_up/channel"),
            outcome: text(body, "/follow_up/outcome"),
            promised_ms: int("/follow_up/promised_by").zip(contacted).map(|(p, c)| p - c),
            replied_ms: int("/follow_up/replied_at").zip(contacted).map(|(r, c)| r - c),
            answers,
        }
    }
}

fn answer_rows(a: &Value) -> Vec<AnswerFact> {
    let (Some(question), Some(kind)) = (text(a, "/question"), text(a, "/kind")) else { return Vec::new() };
    let row =
        |value, option, first| AnswerFact { question: question.clone(), kind: kind.clone(), value, option, first };
    match kind.as_str() {
        "multiple_choice" => a
            .get("options")
            .and_then(Value::as_array)
            .map(|options| {
                options.iter().enumerate().map(|(i, o)| row(None, o.as_str().map(str::to_owned), i == 0)).collect()
            })
            .unwrap_or_default(),
        "thumbs" => vec![row(a.get("up").and_then(Value::as_bool).map(i64::from), None, true)],
        _ => vec![row(a.get("value").and_then(Value::as_i64), text(a, "/option"), true)],
    }
}

/// A parameter of a generated query.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Text(String),
    Int(i64),
    Real(f64),
}

/// A value read back from a generated query.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Cell {
    pub fn int(&self) -> i64 {
        match self {
            Cell::Int(n) => *n,
            Cell::Real(x) => *x as i64,
            _ => 0,
        }
    }

    pub fn real(&self) -> f64 {
        match self {
            Cell::Int(n) => *n as f64,
            Cell::Real(x) => *x,
            _ => 0.0,
        }
    }

    pub fn opt_int(&self) -> Option<i64> {
        (!matches!(self, Cell::Null)).then(|| self.int())
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn into_text(self) -> Option<String> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// A statement written once for both backends: `?` marks each parameter in order
/// (PostgreSQL's backend numbers them `$1`, `$2` …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sql {
    pub text: String,
    pub params: Vec<Param>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql { text: text.to_owned(), params: Vec::new() }
    }

    /// Appends text.
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends text holding one `?` and its parameter.
    pub fn bind(&mut self, text: &str, param: Param) -> &mut Sql {
        self.text.push_str(text);
        self.params.push(param);
        self
    }

    /// The text with `$n` placeholders, for PostgreSQL.
    pub fn numbered(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 8);
        let mut n = 0;
        for c in self.text.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_gives_its_columns_and_one_row_per_answer_or_chosen_option() {
        let body: Value = serde_json::json!({
        "stage": "buy", "score": 0.5,
        "journey": {"id": "x", "score": -0.25, "trend": 0, "count": 2, "moved_most": "checkout", "moved_by": -0.5},
        "sentiment": {"compound": -0.6, "label": "negative", "lang": "de"},
        "follow_up": {"channel": "email", "contacted_at": 1000, "promised_by": 5000, "outcome": "late", "replied_at": 9000},
        "answers": [
            {"kind": "csat", "question": "q1", "value": 4},
            {"kind": "thumbs", "question": "q2", "up": false},
            {"kind": "multiple_choice", "question": "q3", "options": ["a", "b"]},
            {"kind": "single_choice", "question": "q4", "option": "c"},
            {"kind": "text", "question": "q5", "text": "hi"}
        ]});
        let f = Facts::of(&body, DAY_MS * 3 + 5);
        assert_eq!(f.day, 3);
        assert_eq!((f.stage.as_deref(), f.score, f.jscore), (Some("buy"), Some(0.5), Some(-0.25)));
        assert_eq!((f.moved_most.as_deref(), f.moved_by), (Some("checkout"), Some(-0.5)));
        assert_eq!((f.label.as_deref(), f.lang.as_deref()), (Some("negative"), Some("de")));
        assert_eq!((f.channel.as_deref(), f.outcome.as_deref()), (Some("email"), Some("late")));
        assert_eq!((f.promised_ms, f.replied_ms), (Some(4000), Some(8000)));
        let rows: Vec<(&str, Option<i64>, Option<&str>, bool)> =
            f.answers.iter().map(|a| (a.question.as_str(), a.value, a.option.as_deref(), a.first)).collect();
        assert_eq!(
            rows,
            [
                ("q1", Some(4), None, true),
                ("q2", Some(0), None, true),
                ("q3", None, Some("a"), true),
                ("q3", None, Some("b"), false),
                ("q4", None, Some("c"), true),
                ("q5", None, None, true)
            ]
        );
    }

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ?");
        sql.bind(" AND b = ?", Param::Int(2));
        assert_eq!(sql.numbered(), "SELECT 1 WHERE a = $1 AND b = $2");
    }
}

/// A row of the daily sums (SQLite): a day of a site and a combination of the filters,
/// `''` for none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DayKey {
    pub site: String,
    pub day: i64,
    pub stage: String,
    pub touchpoint: String,
    pub channel: String,
    pub lang: String,
    pub label: String,
}

/// A day's key, a question, its kind, a value (-1: none) and an option ('': none).
pub type AnswerKey = (DayKey, String, String, i64, String);

/// What one or more submissions add to a day's sums.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SubsSums {
    pub n: i64,
    pub score_sum: f64,
    pub scored: i64,
    pub jscore_sum: f64,
    pub journeys: i64,
    pub on_time: i64,
    pub late: i64,
    pub no_reply: i64,
    pub promised_sum: i64,
    pub promised_n: i64,
    pub replied_sum: i64,
    pub replied_n: i64,
}

/// The daily sums a batch of new rows adds, one entry per key, so a group commit writes
/// each sum row once however many of its rows share it.
#[derive(Debug, Default)]
pub struct DailySums {
    pub subs: std::collections::BTreeMap<DayKey, SubsSums>,
    /// By key and the touchpoint that moved the journey most: (journeys, sum of moved_by).
    pub movers: std::collections::BTreeMap<(DayKey, String), (i64, f64)>,
    /// By key and answer: (rows, answers).
    pub answers: std::collections::BTreeMap<AnswerKey, (i64, i64)>,
}

impl DailySums {
    /// Adds a stored row.
    pub fn add(&mut self, site: &str, touchpoint: &str, f: &Facts) {
        let own = |s: &Option<String>| s.clone().unwrap_or_default();
        let key = DayKey {
            site: site.to_owned(),
            day: f.day,
            stage: own(&f.stage),
            touchpoint: touchpoint.to_owned(),
            channel: own(&f.channel),
            lang: own(&f.lang),
            label: own(&f.label),
        };
        let s = self.subs.entry(key.clone()).or_default();
        let count = |b: bool| i64::from(b);
        s.n += 1;
        s.score_sum += f.score.unwrap_or(0.0);
        s.scored += count(f.score.is_some());
        s.jscore_sum += f.jscore.unwrap_or(0.0);
        s.journeys += count(f.jscore.is_some());
        s.on_time += count(f.outcome.as_deref() == Some("on_time"));
        s.late += count(f.outcome.as_deref() == Some("late"));
        s.no_reply += count(f.outcome.as_deref() == Some("no_reply"));
        s.promised_sum += f.promised_ms.unwrap_or(0);
        s.promised_n += count(f.promised_ms.is_some());
        s.replied_sum += f.replied_ms.unwrap_or(0);
        s.replied_n += count(f.replied_ms.is_some());
        if let Some(m) = &f.moved_most {
            let e = self.movers.entry((key.clone(), m.clone())).or_default();
            e.0 += 1;
            e.1 += f.moved_by.unwrap_or(0.0);
        }
        for a in &f.answers {
            let k = (key.clone(), a.question.clone(), a.kind.clone(), a.value.unwrap_or(-1), own(&a.option));
            let e = self.answers.entry(k).or_default();
            e.0 += 1;
            e.1 += count(a.first);
        }
    }
}
