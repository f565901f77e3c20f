//! The week grid's model: a day's opening intervals as the configuration writes them
//! (`"09:00-17:00"`, `"22:00-06:00"` overnight), split into the two times a marketer edits,
//! and the few operations the grid offers (add an interval after the last, copy a day to
//! others). The validator (core's `hours`) judges the result; this only reads and writes text.

use serde_json::Value;

/// An interval's opening and closing times as typed (`"09:00-17:00"` → `("09:00", "17:00")`);
/// text without a `-` is all opening time, so nothing typed is lost.
pub fn split(interval: &str) -> (String, String) {
    match interval.split_once('-') {
        Some((opens, closes)) => (opens.trim().to_owned(), closes.trim().to_owned()),
        None => (interval.trim().to_owned(), String::new()),
    }
}

/// The interval text of two times.
pub fn join(opens: &str, closes: &str) -> String {
    format!("{}-{}", opens.trim(), closes.trim())
}

/// Minutes after midnight of `HH:MM` (24:00 allowed), if it is one.
fn minutes(time: &str) -> Option<u16> {
    let (h, m) = time.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// Whether the interval runs past midnight into the next day (closes at or before it opens).
pub fn is_overnight(interval: &str) -> bool {
    let (opens, closes) = split(interval);
    matches!((minutes(&opens), minutes(&closes)), (Some(o), Some(c)) if c <= o)
}

/// The interval to add after a day's last one: from an hour after it closes, for up to
/// four hours and never past midnight (09:00-17:00 on an empty day); `None` when the day
/// has no room left after its last interval.
pub fn next_interval(day: &[Value]) -> Option<String> {
    let last_close = day.iter().filter_map(Value::as_str).filter_map(|i| minutes(&split(i).1)).max();
    let Some(close) = last_close else {
        return Some("09:00-17:00".to_owned());
    };
    let opens = close + 60;
    if opens >= 24 * 60 {
        return None;
    }
    let closes = (opens + 4 * 60).min(24 * 60);
    Some(format!("{:02}:{:02}-{:02}:{:02}", opens / 60, opens % 60, closes / 60, closes % 60))
}

/// A plain description of a day's intervals for screen readers and the grid's summary.
pub fn describe(day: &[Value]) -> String {
    let parts: Vec<String> = day
        .iter()
        .filter_map(Value::as_str)
        .map(|i| {
            let (opens, closes) = split(i);
            if is_overnight(i) { format!("{opens} to {closes} the next day") } else { format!("{opens} to {closes}") }
        })
        .collect();
    if parts.is_empty() { "closed".to_owned() } else { parts.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intervals_split_and_join() {
        assert_eq!(split("09:00-17:00"), ("09:00".into(), "17:00".into()));
        assert_eq!(split("9"), ("9".into(), String::new()));
        assert_eq!(join("22:00", "06:00"), "22:00-06:00");
        assert_eq!(split(&join("a", "b")), ("a".into(), "b".into()));
    }

    #[test]
    fn overnight_shifts_close_the_next_day() {
        for (interval, overnight) in [
            ("22:00-06:00", true),
            ("18:00-00:00", true),
            ("09:00-17:00", false),
            ("00:00-24:00", false),
            ("18:00-24:00", false),
            ("09:00-09:00", true),
            ("nonsense", false),
        ] {
            assert_eq!(is_overnight(interval), overnight, "{interval}");
        }
    }

    #[test]
    fn added_intervals_follow_the_last() {
        assert_eq!(next_interval(&[]).as_deref(), Some("09:00-17:00"));
        assert_eq!(next_interval(&[json!("09:00-12:00")]).as_deref(), Some("13:00-17:00"));
        assert_eq!(next_interval(&[json!("08:00-21:00")]).as_deref(), Some("22:00-24:00"));
        assert_eq!(next_interval(&[json!("20:00-23:00")]), None);
        assert_eq!(
            describe(&[json!("09:00-12:00"), json!("22:00-02:00")]),
            "09:00 to 12:00, 22:00 to 02:00 the next day"
        );
        assert_eq!(describe(&[]), "closed");
    }

    /// What the grid adds is always an interval the validator accepts, next to what was there.
    #[test]
    fn added_intervals_validate() {
        let mut day = vec![];
        while let Some(next) = next_interval(&day) {
            day.push(json!(next));
        }
        assert_eq!(day.len(), 3, "{day:?}");
        let doc = json!({"site": "s", "endpoint": "/e", "feedback": {"id": "f", "questions": [{"id": "q", "kind": "csat", "prompt": "?"}]},
            "channels": [{"id": "c", "kind": "chat", "label": "C", "href": "/c", "response_time": "PT5M",
                "hours": {"time_zone": "Europe/Oslo", "weekly": {"mon": day}}}]});
        touchpoint_core::Config::from_value(&doc).unwrap_or_else(|e| panic!("{e}"));
    }
}
