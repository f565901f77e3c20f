//! ISO 8601 durations (`PT5M`, `PT4H`, `P1DT12H`) as marketers write response-time
//! promises, and their plain-English description for visitors.

use std::fmt;

/// A whole number of seconds, parsed from an ISO 8601 duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration {
    /// Length in seconds.
    pub secs: u64,
}

/// Why a duration string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an ISO 8601 duration such as PT5M, PT4H or P2D")]
pub struct BadDuration(pub String);

impl Duration {
    /// A duration of `secs` seconds.
    pub const fn from_secs(secs: u64) -> Self {
        Duration { secs }
    }

    /// The length in milliseconds, the unit of every timestamp in the core
    /// (saturating: no configured duration comes near `i64::MAX`).
    pub const fn millis(self) -> i64 {
        let ms = self.secs.saturating_mul(1_000);
        if ms > i64::MAX as u64 { i64::MAX } else { ms as i64 }
    }

    /// Parses `PnW` or `PnDTnHnMnS` (any part optional, at least one present,
    /// whole numbers only). Years and months are refused: their length varies.
    pub fn parse(s: &str) -> Result<Self, BadDuration> {
        let bad = || BadDuration(s.to_owned());
        let rest = s.strip_prefix('P').ok_or_else(bad)?;
        let (date, time) = match rest.split_once('T') {
            Some((d, t)) if !t.is_empty() => (d, Some(t)),
            Some(_) => return Err(bad()),
            None => (rest, None),
        };
        let mut secs: u64 = 0;
        let mut parts = 0;
        let mut add = |part: &str, units: &[(char, u64)]| -> Result<(), BadDuration> {
            let mut num = String::new();
            let mut last_unit = 0;
            for c in part.chars() {
                if c.is_ascii_digit() {
                    num.push(c);
                    continue;
                }
                let pos = units.iter().position(|(u, _)| *u == c).ok_or_else(bad)?;
                // Units must appear in order, each at most once, each with a number.
                if pos < last_unit || num.is_empty() {
                    return Err(bad());
                }
                last_unit = pos + 1;
                let n: u64 = num.parse().map_err(|_| bad())?;
                secs = n.checked_mul(units[pos].1).and_then(|v| v.checked_add(secs)).ok_or_else(bad)?;
                num.clear();
                parts += 1;
            }
            if num.is_empty() { Ok(()) } else { Err(bad()) }
        };
        add(date, &[('W', 7 * 86_400), ('D', 86_400)])?;
        if let Some(t) = time {
            add(t, &[('H', 3_600), ('M', 60), ('S', 1)])?;
        }
        if parts == 0 {
            return Err(bad());
        }
        Ok(Duration { secs })
    }

    /// "5 min", "90 min", "4 hours", "2 days": short, rounded the way people say
    /// them (whole hours as hours, odd times under two hours in minutes). In English;
    /// the widget writes [`Duration::rounded`] in the visitor's language through `Intl`.
    pub fn describe(self) -> String {
        match self.rounded() {
            None => "under a minute".to_owned(),
            Some((n, unit)) => {
                let (one, many) = match unit {
                    TimeUnit::Minute => ("min", "min"),
                    TimeUnit::Hour => ("hour", "hours"),
                    TimeUnit::Day => ("day", "days"),
                };
                format!("{n} {}", if n == 1 { one } else { many })
            }
        }
    }

    /// The wait rounded the way people say it: a number of minutes (under two hours, unless
    /// whole hours), hours (under two days) or days; `None` for under a minute.
    pub fn rounded(self) -> Option<(u64, TimeUnit)> {
        let s = self.secs;
        let minutes = (s + 30) / 60;
        if s < 60 {
            None
        } else if minutes < 60 || (minutes < 120 && !minutes.is_multiple_of(60)) {
            Some((minutes, TimeUnit::Minute))
        } else if s < 172_800 {
            Some(((s + 1_800) / 3_600, TimeUnit::Hour))
        } else {
            Some(((s + 43_200) / 86_400, TimeUnit::Day))
        }
    }
}

/// The unit of a [`Duration::rounded`] wait, as `Intl.NumberFormat`'s `unit` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Minute,
    Hour,
    Day,
}

impl TimeUnit {
    /// Its name for `Intl.NumberFormat` (`style: "unit"`).
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Minute => "minute",
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
        }
    }
}

impl fmt::Display for Duration {
    /// The canonical ISO 8601 form, so a parsed value prints back parseable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (d, h, m, s) = (self.secs / 86_400, self.secs / 3_600 % 24, self.secs / 60 % 60, self.secs % 60);
        f.write_str("P")?;
        if d > 0 {
            write!(f, "{d}D")?;
        }
        if h + m + s > 0 || d == 0 {
            f.write_str("T")?;
            if h > 0 {
                write!(f, "{h}H")?;
            }
            if m > 0 {
                write!(f, "{m}M")?;
            }
            if s > 0 || h + m == 0 {
                write!(f, "{s}S")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_forms_marketers_write() {
        let cases = [
            ("PT5M", 300),
            ("PT4H", 14_400),
            ("PT90S", 90),
            ("P1D", 86_400),
            ("P1DT12H", 129_600),
            ("P2W", 1_209_600),
            ("PT1H30M", 5_400),
            ("PT0S", 0),
        ];
        for (text, secs) in cases {
            assert_eq!(Duration::parse(text), Ok(Duration::from_secs(secs)), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_and_variable_length_durations() {
        for text in
            ["", "P", "PT", "5M", "PT5", "PTM", "P1M", "P1Y", "PT5M4H", "PT5M5M", "pt5m", "PT-5M", "PT1.5H", "P1DT"]
        {
            assert!(Duration::parse(text).is_err(), "{text} should be rejected");
        }
    }

    #[test]
    fn describes_waits_as_people_say_them() {
        let cases = [
            (30, "under a minute"),
            (60, "1 min"),
            (300, "5 min"),
            (3_599, "1 hour"),
            (3_600, "1 hour"),
            (3_660, "61 min"),
            (5_400, "90 min"),
            (7_200, "2 hours"),
            (3_600 * 4, "4 hours"),
            (86_400, "24 hours"),
            (172_800, "2 days"),
            (86_400 * 7, "7 days"),
        ];
        for (secs, text) in cases {
            assert_eq!(Duration::from_secs(secs).describe(), text, "{secs}");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(secs in 0u64..100_000_000) {
            let d = Duration::from_secs(secs);
            prop_assert_eq!(Duration::parse(&d.to_string()), Ok(d));
        }
    }
}
