//! Civil calendar arithmetic (proleptic Gregorian dates, weekdays, times of day) on plain
//! integers, so opening hours can be reasoned about without a date-time crate in the wasm.

use std::fmt;

/// Seconds in a civil day (a wall-clock day; DST days are handled by the offset provider).
pub const SECS_PER_DAY: i64 = 86_400;

/// A calendar date, e.g. 2025-12-25.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, when it exists (`2025-02-30` does not).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let exists = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        exists.then_some(Date { year, month, day })
    }

    /// Parses the ISO 8601 calendar form `YYYY-MM-DD` (four-digit year), and nothing else.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(range)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        let month = u8::try_from(num(5..7)?).ok()?;
        let day = u8::try_from(num(8..10)?).ok()?;
        Date::new(year, month, day)
    }

    /// The year, e.g. 2025.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1-12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1-31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it): the day number all arithmetic uses.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil, with years starting in March.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01; the inverse of [`Date::to_days`].
    /// Saturates at the ends of `i32` years, far beyond any schedule.
    pub fn from_days(days: i64) -> Date {
        let z = days.clamp(-365_000_000, 365_000_000) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // The clamp above keeps every part in range, so the conversions cannot fail.
        Date {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        Weekday::of_day(self.to_days())
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`, as configured.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A day of the week, Monday first (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Every weekday, Monday first, in the order of [`Weekday::index`].
    pub const ALL: [Weekday; 7] =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

    /// The weekday of a day number (see [`Date::to_days`]); 1970-01-01 was a Thursday.
    pub fn of_day(days: i64) -> Weekday {
        // Lossless: rem_euclid(7) is in 0..7.
        Weekday::ALL[usize::try_from((days + 3).rem_euclid(7)).unwrap_or(0)]
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The configuration key, e.g. `mon`.
    pub fn key(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self.index()]
    }

    /// The English abbreviation, e.g. `Mon` (the widget localises through `Intl` instead).
    pub fn short_name(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self.index()]
    }
}

/// A wall-clock time of day to the minute, `00:00` to `24:00` (the end of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    minutes: u16,
}

impl TimeOfDay {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay { minutes: 0 };
    /// Midnight at the end of the day, written `24:00` (only meaningful as a closing time).
    pub const END_OF_DAY: TimeOfDay = TimeOfDay { minutes: 1_440 };

    /// The time `hour:minute`, when it exists (`24:00` does, `24:01` does not).
    pub fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        let minutes = u16::from(hour) * 60 + u16::from(minute);
        (minute < 60 && minutes <= 1_440).then_some(TimeOfDay { minutes })
    }

    /// Parses `HH:MM` with two digits each, `00:00`-`24:00`.
    pub fn parse(s: &str) -> Option<TimeOfDay> {
        let (h, m) = s.split_once(':')?;
        let two_digits = |p: &str| p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit());
        if !two_digits(h) || !two_digits(m) {
            return None;
        }
        TimeOfDay::new(h.parse().ok()?, m.parse().ok()?)
    }

    /// Minutes since the start of the day, 0-1440.
    pub fn minutes(self) -> u16 {
        self.minutes
    }

    /// Seconds since the start of the day.
    pub fn secs(self) -> i64 {
        i64::from(self.minutes) * 60
    }
}

impl fmt::Display for TimeOfDay {
    /// `HH:MM`, 24-hour clock.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn day_numbers_match_known_dates() {
        let cases = [
            ("1970-01-01", 0, Weekday::Thu),
            ("2000-02-29", 11_016, Weekday::Tue),
            ("2025-12-25", 20_447, Weekday::Thu),
            ("1969-12-31", -1, Weekday::Wed),
            ("2024-03-31", 19_813, Weekday::Sun),
        ];
        for (text, days, weekday) in cases {
            let date = Date::parse(text).unwrap();
            assert_eq!(date.to_days(), days, "{text}");
            assert_eq!(date.weekday(), weekday, "{text}");
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn only_real_dates_in_iso_form_parse() {
        for bad in ["2025-02-29", "2025-13-01", "2025-00-10", "2025-1-1", "25-01-01", "2025/01/01", "2025-01-32", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some(), "2024 is a leap year");
        assert!(Date::parse("2000-02-29").is_some(), "2000 is a leap year");
        assert_eq!(Date::parse("1900-02-29"), None, "1900 is not a leap year");
    }

    #[test]
    fn times_of_day_run_from_midnight_to_the_end_of_the_day() {
        assert_eq!(TimeOfDay::parse("00:00"), Some(TimeOfDay::MIDNIGHT));
        assert_eq!(TimeOfDay::parse("24:00"), Some(TimeOfDay::END_OF_DAY));
        assert_eq!(TimeOfDay::parse("09:30").map(TimeOfDay::minutes), Some(570));
        for bad in ["24:01", "9:00", "09:60", "09.00", "0900", "-1:00", "09:00 "] {
            assert_eq!(TimeOfDay::parse(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn day_numbers_round_trip(days in -1_000_000i64..1_000_000) {
            let date = Date::from_days(days);
            prop_assert_eq!(date.to_days(), days);
            prop_assert_eq!(Date::parse(&date.to_string()).map(Date::to_days), (date.year() >= 0 && date.year() <= 9999).then_some(days));
        }
    }
}
