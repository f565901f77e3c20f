//! Business hours as a marketer writes them: a time zone, weekly opening intervals
//! (several a day, overnight ones like `22:00-06:00`, or `24/7`), dated closures and
//! dated special hours.
//!
//! Rules, each checked with the field path of the offending value:
//! - An interval is `HH:MM-HH:MM` on a 24-hour clock; `24:00` may close a day.
//! - An interval that closes at or before the time it opens runs overnight into the next
//!   day, and must close by 12:00 that next day. So `22:00-06:00` is a night shift, while
//!   `18:00-17:00` is refused as "closing time 17:00 is before opening time 18:00": a
//!   23-hour "overnight" interval is far more likely a typo. The same time twice
//!   (`09:00-09:00`) is refused; a whole day is `00:00-24:00`.
//! - The intervals of one day must not overlap. (An overnight interval may run into the
//!   next day's first interval; the two simply merge.)
//! - A dated entry (closure or special hours) covers one `date` or `from`..=`to`, and
//!   replaces the weekly intervals of each day it covers, including any overnight interval
//!   that would start on that day. An overnight interval that started the day before still
//!   runs until it closes. Dated entries must not overlap each other.

use crate::calendar::{Date, TimeOfDay, Weekday};
use crate::fields::{Node, Reader};

/// When a channel is staffed: opening intervals in one time zone, with dated exceptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// IANA time zone name the intervals are written in, e.g. `Europe/Oslo`.
    pub time_zone: String,
    /// Opening intervals per weekday, Monday first, each day sorted by opening time.
    pub weekly: [Vec<Interval>; 7],
    /// Dated closures and special hours, sorted by date, never overlapping.
    pub dated: Vec<DatedHours>,
}

/// One opening interval on a local day, e.g. `09:00-17:00` or `22:00-06:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// Wall-clock opening time.
    pub opens: TimeOfDay,
    /// Wall-clock closing time; at or before `opens` means the next day.
    pub closes: TimeOfDay,
}

/// Latest closing time of an overnight interval, on the next day.
const LATEST_OVERNIGHT_CLOSE: u16 = 12 * 60;

impl Interval {
    /// Whether the interval runs past midnight into the next day.
    pub fn is_overnight(self) -> bool {
        self.closes <= self.opens
    }

    /// Start and end in seconds from the start of its day; the end exceeds one day when overnight.
    pub fn secs(self) -> (i64, i64) {
        let end = if self.is_overnight() { self.closes.secs() + 86_400 } else { self.closes.secs() };
        (self.opens.secs(), end)
    }

    /// The whole day, `00:00-24:00`.
    pub const WHOLE_DAY: Interval = Interval { opens: TimeOfDay::MIDNIGHT, closes: TimeOfDay::END_OF_DAY };
}

impl std::fmt::Display for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.opens, self.closes)
    }
}

/// A closure or special opening hours for a run of dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedHours {
    /// First date covered.
    pub from: Date,
    /// Last date covered (inclusive; equal to `from` for a single day).
    pub to: Date,
    /// The intervals that replace the weekly ones on each covered day; empty for a closure.
    pub intervals: Vec<Interval>,
    /// What the day is, e.g. "Christmas Day", for display.
    pub label: Option<String>,
}

impl Schedule {
    /// The intervals that apply on the day numbered `day` (days since 1970-01-01, local).
    pub fn intervals_on(&self, day: i64) -> &[Interval] {
        match self.dated_on(day) {
            Some(d) => &d.intervals,
            None => &self.weekly[Weekday::of_day(day).index()],
        }
    }

    /// The dated entry covering the day numbered `day`, if any.
    pub fn dated_on(&self, day: i64) -> Option<&DatedHours> {
        let i = self.dated.partition_point(|d| d.to.to_days() < day);
        self.dated.get(i).filter(|d| d.from.to_days() <= day)
    }

    /// The first day numbered `day` or later that a dated entry covers, if any.
    pub fn next_dated_day(&self, day: i64) -> Option<i64> {
        let i = self.dated.partition_point(|d| d.to.to_days() < day);
        self.dated.get(i).map(|d| d.from.to_days().max(day))
    }

    /// Whether every weekday is open all day (`24/7`), so only dated entries can close it.
    pub fn weekly_is_always_open(&self) -> bool {
        self.weekly.iter().all(|day| day.iter().any(|i| i.opens == TimeOfDay::MIDNIGHT && i.closes.minutes() == 1_440))
    }
}

/// A predicate saying whether a time-zone name is known (the CLI checks against a tz database).
pub(crate) type ZoneCheck<'z> = &'z dyn Fn(&str) -> bool;

/// Reads `hours`: absent or `"24/7"` means always open (`None`), else a [`Schedule`].
pub(super) fn read_hours(r: &mut Reader, node: &Node<'_>, known_zone: Option<ZoneCheck<'_>>) -> Option<Schedule> {
    if node.value().and_then(|v| v.as_str()) == Some("24/7") {
        return None;
    }
    if node.value().is_some_and(|v| !v.is_object()) {
        r.fail(node, "must be \"24/7\" or an object with time_zone and weekly hours");
        return None;
    }
    r.opt_object(node, &["time_zone", "weekly", "closed", "special"])?;
    let time_zone = read_zone(r, &node.field("time_zone"), known_zone);
    let weekly = read_weekly(r, &node.field("weekly"));
    let mut dated = Vec::new();
    let closed = node.field("closed");
    for item in r.opt_items(&closed) {
        if r.object(&item, &["date", "from", "to", "label"]).is_some() {
            dated.push((item.clone(), read_dated(r, &item, false)));
        }
    }
    let special = node.field("special");
    for item in r.opt_items(&special) {
        if r.object(&item, &["date", "from", "to", "hours", "label"]).is_some() {
            dated.push((item.clone(), read_dated(r, &item, true)));
        }
    }
    let dated = check_dated_overlaps(r, node, dated);
    Some(Schedule { time_zone: time_zone?, weekly: weekly?, dated: dated? })
}

/// Whether `name` looks like an IANA zone name (`UTC`, `Europe/Oslo`, `America/Argentina/Buenos_Aires`,
/// `Etc/GMT+5`); whether it exists is for the offset provider to say.
pub fn is_zone_name(name: &str) -> bool {
    name.len() <= 64
        && name.split('/').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

fn read_zone(r: &mut Reader, node: &Node<'_>, known_zone: Option<ZoneCheck<'_>>) -> Option<String> {
    let name = r.string(node)?;
    if !is_zone_name(name) {
        r.fail(node, format!("`{name}` is not an IANA time zone name such as Europe/Oslo"));
        return None;
    }
    if let Some(known) = known_zone
        && !known(name)
    {
        r.fail(node, format!("unknown time zone `{name}`"));
        return None;
    }
    Some(name.to_owned())
}

fn read_weekly(r: &mut Reader, node: &Node<'_>) -> Option<[Vec<Interval>; 7]> {
    if node.value().and_then(|v| v.as_str()) == Some("24/7") {
        return Some(std::array::from_fn(|_| vec![Interval::WHOLE_DAY]));
    }
    if node.value().is_some_and(|v| !v.is_object()) {
        r.fail(node, "must be \"24/7\" or an object of weekdays (mon … sun) to lists of intervals");
        return None;
    }
    let keys = Weekday::ALL.map(Weekday::key);
    r.object(node, &keys)?;
    let mut weekly: [Vec<Interval>; 7] = Default::default();
    let mut ok = true;
    for day in Weekday::ALL {
        match read_intervals(r, &node.field(day.key())) {
            Some(list) => weekly[day.index()] = list,
            None => ok = false,
        }
    }
    ok.then_some(weekly)
}

/// A list of intervals, e.g. `["09:00-12:00", "13:00-17:00"]`; absent means none.
fn read_intervals(r: &mut Reader, node: &Node<'_>) -> Option<Vec<Interval>> {
    let mut ok = true;
    let mut read: Vec<(String, Interval)> = Vec::new();
    for item in r.opt_items(node) {
        match read_interval(r, &item) {
            Some(interval) => {
                if let Some((other, clash)) = read.iter().find(|(_, i)| overlaps(*i, interval)) {
                    r.fail(&item, format!("{interval} overlaps {other} ({clash})"));
                    ok = false;
                }
                read.push((item_name(&item), interval));
            }
            None => ok = false,
        }
    }
    let mut intervals: Vec<Interval> = read.into_iter().map(|(_, i)| i).collect();
    crate::sort::sort(&mut intervals);
    ok.then_some(intervals)
}

/// The last segment of an item's path, e.g. `mon[0]`, to name a clashing sibling briefly.
fn item_name(item: &Node<'_>) -> String {
    item.path().rsplit('.').next().unwrap_or_default().to_owned()
}

fn overlaps(a: Interval, b: Interval) -> bool {
    let ((a0, a1), (b0, b1)) = (a.secs(), b.secs());
    a0 < b1 && b0 < a1
}

fn read_interval(r: &mut Reader, node: &Node<'_>) -> Option<Interval> {
    let text = r.string(node)?;
    let parsed = text.split_once('-').and_then(|(o, c)| Some((TimeOfDay::parse(o)?, TimeOfDay::parse(c)?)));
    let Some((opens, closes)) = parsed else {
        r.fail(node, format!("`{text}` is not an interval of 24-hour times such as 09:00-17:00"));
        return None;
    };
    if opens == TimeOfDay::END_OF_DAY {
        r.fail(node, "opening time 24:00 is the end of the day; open at 00:00 instead");
        return None;
    }
    if closes == opens {
        r.fail(node, format!("opens and closes at {opens}; write 00:00-24:00 for the whole day"));
        return None;
    }
    if closes < opens && closes.minutes() > LATEST_OVERNIGHT_CLOSE {
        r.fail(
            node,
            format!(
                "closing time {closes} is before opening time {opens} \
                 (an overnight interval must close by 12:00 the next day)"
            ),
        );
        return None;
    }
    Some(Interval { opens, closes })
}

/// One closure (`with_hours` false) or special-hours entry; `None` when it had problems.
fn read_dated(r: &mut Reader, node: &Node<'_>, with_hours: bool) -> Option<DatedHours> {
    let (date, from, to) = (node.field("date"), node.field("from"), node.field("to"));
    let (from, to) = match (date.is_present(), from.is_present() || to.is_present()) {
        (true, true) => {
            r.fail(node, "give either `date` or `from` and `to`, not both");
            return None;
        }
        (true, false) => {
            let d = read_date(r, &date);
            (d, d)
        }
        (false, _) => (read_date(r, &from), read_date(r, &to)),
    };
    let intervals = if with_hours {
        let hours = node.field("hours");
        if !hours.is_present() {
            r.fail(&hours, "is required (a list of intervals; use `closed` for a closure)");
            None
        } else {
            read_intervals(r, &hours)
        }
    } else {
        Some(Vec::new())
    };
    let label = r.opt_bounded_string(&node.field("label"), 80).map(str::to_owned);
    let (from, to) = (from?, to?);
    if to < from {
        r.fail(&node.field("to"), format!("{to} is before `from` {from}"));
        return None;
    }
    Some(DatedHours { from, to, intervals: intervals?, label })
}

fn read_date(r: &mut Reader, node: &Node<'_>) -> Option<Date> {
    let text = r.string(node)?;
    let date = Date::parse(text);
    if date.is_none() {
        r.fail(node, format!("`{text}` is not a date in the form YYYY-MM-DD"));
    }
    date
}

/// Sorts the dated entries and reports each one that overlaps an earlier-listed one.
fn check_dated_overlaps(
    r: &mut Reader,
    hours: &Node<'_>,
    entries: Vec<(Node<'_>, Option<DatedHours>)>,
) -> Option<Vec<DatedHours>> {
    let mut ok = true;
    let mut kept: Vec<(Node<'_>, DatedHours)> = Vec::new();
    for (node, entry) in entries {
        let Some(entry) = entry else {
            ok = false;
            continue;
        };
        if let Some((other, _)) = kept.iter().find(|(_, k)| k.from <= entry.to && entry.from <= k.to) {
            let other = other.path().strip_prefix(hours.path()).unwrap_or(other.path()).trim_start_matches('.');
            r.fail(&node, format!("{} overlaps the dates of {other}", describe_dates(&entry)));
            ok = false;
            continue;
        }
        kept.push((node, entry));
    }
    let mut dated: Vec<DatedHours> = kept.into_iter().map(|(_, d)| d).collect();
    crate::sort::sort_by_key(&mut dated, |d| d.from);
    ok.then_some(dated)
}

fn describe_dates(d: &DatedHours) -> String {
    if d.from == d.to { d.from.to_string() } else { format!("{} to {}", d.from, d.to) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn read(doc: &Value) -> Result<Option<Schedule>, Vec<String>> {
        let mut r = Reader::default();
        let root = Node::root(doc);
        let known = |z: &str| z != "Europe/Olso";
        let hours = read_hours(&mut r, &root.field("hours"), Some(&known));
        r.finish(hours).map_err(|e| e.0.iter().map(ToString::to_string).collect())
    }

    fn t(s: &str) -> TimeOfDay {
        TimeOfDay::parse(s).unwrap()
    }

    #[test]
    fn weekly_intervals_are_sorted_per_day_and_missing_days_are_closed() {
        let doc = json!({"hours": {"time_zone": "Europe/Oslo", "weekly": {
            "mon": ["13:00-17:00", "08:00-12:00"], "fri": ["22:00-06:00"], "sun": []
        }}});
        let s = read(&doc).unwrap().unwrap();
        assert_eq!(
            s.weekly[0],
            [Interval { opens: t("08:00"), closes: t("12:00") }, Interval { opens: t("13:00"), closes: t("17:00") }]
        );
        assert!(s.weekly[4][0].is_overnight());
        assert_eq!(s.weekly[4][0].secs(), (22 * 3_600, 30 * 3_600));
        for closed in [1, 2, 3, 5, 6] {
            assert!(s.weekly[closed].is_empty(), "{:?}", Weekday::ALL[closed]);
        }
    }

    #[test]
    fn twenty_four_seven_is_always_open_or_a_whole_day_every_day() {
        assert_eq!(read(&json!({"hours": "24/7"})), Ok(None));
        assert_eq!(read(&json!({})), Ok(None));
        let s = read(&json!({"hours": {"time_zone": "UTC", "weekly": "24/7", "closed": [{"date": "2025-12-25"}]}}))
            .unwrap()
            .unwrap();
        assert!(s.weekly_is_always_open());
        assert_eq!(s.weekly, std::array::from_fn(|_| vec![Interval::WHOLE_DAY]));
    }

    #[test]
    fn dated_entries_replace_the_weekly_hours_of_the_days_they_cover() {
        let doc = json!({"hours": {"time_zone": "Europe/Oslo", "weekly": {"mon": ["09:00-17:00"], "wed": ["09:00-17:00"]},
            "closed": [{"from": "2025-12-25", "to": "2025-12-26", "label": "Christmas"}],
            "special": [{"date": "2025-12-24", "hours": ["09:00-13:00"], "label": "Christmas Eve"}]}});
        let s = read(&doc).unwrap().unwrap();
        let day = |text: &str| Date::parse(text).unwrap().to_days();
        assert_eq!(s.intervals_on(day("2025-12-24")), [Interval { opens: t("09:00"), closes: t("13:00") }]);
        assert_eq!(s.intervals_on(day("2025-12-25")), []);
        assert_eq!(s.intervals_on(day("2025-12-26")), []);
        assert_eq!(s.intervals_on(day("2025-12-29")), [Interval { opens: t("09:00"), closes: t("17:00") }]);
        assert_eq!(s.dated_on(day("2025-12-26")).and_then(|d| d.label.as_deref()), Some("Christmas"));
        assert_eq!(s.next_dated_day(day("2025-12-01")), Some(day("2025-12-24")));
        assert_eq!(s.next_dated_day(day("2025-12-26")), Some(day("2025-12-26")));
        assert_eq!(s.next_dated_day(day("2025-12-27")), None);
    }

    /// Each case is one `hours` value and every problem it must produce, path first.
    #[test]
    fn each_bad_hours_value_is_named_by_its_path() {
        let cases: &[(Value, &[&str])] = &[
            (json!(7), &["hours: must be \"24/7\" or an object with time_zone and weekly hours"]),
            (json!({"weekly": "24/7"}), &["hours.time_zone: is required"]),
            (
                json!({"time_zone": "Oslo time", "weekly": "24/7"}),
                &["hours.time_zone: `Oslo time` is not an IANA time zone name such as Europe/Oslo"],
            ),
            (
                json!({"time_zone": "Europe/Olso", "weekly": "24/7"}),
                &["hours.time_zone: unknown time zone `Europe/Olso`"],
            ),
            (json!({"time_zone": "UTC"}), &["hours.weekly: is required"]),
            (
                json!({"time_zone": "UTC", "weekly": "9-5"}),
                &["hours.weekly: must be \"24/7\" or an object of weekdays (mon … sun) to lists of intervals"],
            ),
            (
                json!({"time_zone": "UTC", "weekly": {"monday": ["09:00-17:00"]}}),
                &["hours.weekly.monday: unknown field (expected one of: mon, tue, wed, thu, fri, sat, sun)"],
            ),
            (
                json!({"time_zone": "UTC", "weekly": {"mon": ["18:00-17:00"]}}),
                &["hours.weekly.mon[0]: closing time 17:00 is before opening time 18:00 \
                   (an overnight interval must close by 12:00 the next day)"],
            ),
            (
                json!({"time_zone": "UTC", "weekly": {"mon": ["09:00-09:00"]}}),
                &["hours.weekly.mon[0]: opens and closes at 09:00; write 00:00-24:00 for the whole day"],
            ),
            (
                json!({"time_zone": "UTC", "weekly": {"tue": ["9-17", "08:00-25:00", "24:00-06:00"]}}),
                &[
                    "hours.weekly.tue[0]: `9-17` is not an interval of 24-hour times such as 09:00-17:00",
                    "hours.weekly.tue[1]: `08:00-25:00` is not an interval of 24-hour times such as 09:00-17:00",
                    "hours.weekly.tue[2]: opening time 24:00 is the end of the day; open at 00:00 instead",
                ],
            ),
            (
                json!({"time_zone": "UTC", "weekly": {"wed": ["09:00-12:00", "11:30-17:00", "20:00-02:00", "23:00-24:00"]}}),
                &[
                    "hours.weekly.wed[1]: 11:30-17:00 overlaps wed[0] (09:00-12:00)",
                    "hours.weekly.wed[3]: 23:00-24:00 overlaps wed[2] (20:00-02:00)",
                ],
            ),
            (
                json!({"time_zone": "UTC", "weekly": "24/7", "closed": [{"date": "2025-02-30"}, {"from": "2025-12-27", "to": "2025-12-24"}]}),
                &[
                    "hours.closed[0].date: `2025-02-30` is not a date in the form YYYY-MM-DD",
                    "hours.closed[1].to: 2025-12-24 is before `from` 2025-12-27",
                ],
            ),
            (
                json!({"time_zone": "UTC", "weekly": "24/7", "closed": [{"date": "2025-12-25", "from": "2025-12-24"}, {"from": "2025-12-24"}]}),
                &[
                    "hours.closed[0]: give either `date` or `from` and `to`, not both",
                    "hours.closed[1].to: is required",
                ],
            ),
            (
                json!({"time_zone": "UTC", "weekly": "24/7",
                    "closed": [{"from": "2025-12-24", "to": "2025-12-26"}],
                    "special": [{"date": "2025-12-26", "hours": ["10:00-14:00"]}, {"date": "2025-12-31"}]}),
                &[
                    "hours.special[1].hours: is required (a list of intervals; use `closed` for a closure)",
                    "hours.special[0]: 2025-12-26 overlaps the dates of closed[0]",
                ],
            ),
        ];
        for (hours, expected) in cases {
            assert_eq!(
                read(&json!({"hours": hours})),
                Err(expected.iter().map(ToString::to_string).collect()),
                "{hours}"
            );
        }
    }

    #[test]
    fn overnight_intervals_may_close_up_to_noon_the_next_day() {
        for (text, ok) in [("22:00-06:00", true), ("18:00-12:00", true), ("18:00-12:01", false), ("00:00-24:00", true)]
        {
            let doc = json!({"hours": {"time_zone": "UTC", "weekly": {"sat": [text]}}});
            assert_eq!(read(&doc).is_ok(), ok, "{text}");
        }
    }

    #[test]
    fn zone_names_follow_the_iana_shape() {
        for ok in ["UTC", "Europe/Oslo", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "America/Port-au-Prince"] {
            assert!(is_zone_name(ok), "{ok}");
        }
        for bad in ["", "Europe/", "/Oslo", "Europe Oslo", "+01:00", "Europe//Oslo"] {
            assert!(!is_zone_name(bad), "{bad}");
        }
    }
}
