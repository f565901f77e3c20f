//! `Retry-After` (RFC 9110 §10.2.3) read as a delay from `now`: either
//! delay-seconds or an HTTP-date in any of the three forms recipients must accept.

use super::Millis;

const DAY_MS: i64 = 86_400_000;
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The delay a `Retry-After` value asks for, measured from `now` (milliseconds
/// since the Unix epoch). A date already past asks for no delay. `None` when the
/// value is neither form: the caller falls back to its own backoff. Capping is the
/// caller's business ([`Policy::max_retry_after`](super::Policy::max_retry_after)).
pub fn parse_retry_after(value: &str, now: Millis) -> Option<Millis> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // All digits, so parsing fails only on overflow: a very long delay.
        let secs = v.parse::<i64>().unwrap_or(i64::MAX);
        return Some(secs.saturating_mul(1_000));
    }
    let at = parse_http_date(v, now)?;
    Some(at.saturating_sub(now).max(0))
}

/// An HTTP-date as milliseconds since the Unix epoch. `now` resolves the century
/// of the obsolete two-digit-year form.
pub fn parse_http_date(v: &str, now: Millis) -> Option<Millis> {
    let parts: Vec<&str> = v.split_whitespace().collect();
    let (year, month, day, time) = match parts.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [wd, day, mon, year, time, "GMT"] => {
            let wd = wd.strip_suffix(',')?;
            if !DAYS.contains(&wd) || day.len() != 2 || year.len() != 4 {
                return None;
            }
            (number(year)?, month(mon)?, number(day)?, *time)
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [wd, date, time, "GMT"] => {
            let wd = wd.strip_suffix(',')?;
            if !LONG_DAYS.contains(&wd) {
                return None;
            }
            let mut fields = date.split('-');
            let (day, mon, yy) = (fields.next()?, fields.next()?, fields.next()?);
            if fields.next().is_some() || day.len() != 2 || yy.len() != 2 {
                return None;
            }
            (two_digit_year(number(yy)?, now), month(mon)?, number(day)?, *time)
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [wd, mon, day, time, year] => {
            if !DAYS.contains(wd) || !(1..=2).contains(&day.len()) || year.len() != 4 {
                return None;
            }
            (number(year)?, month(mon)?, number(day)?, *time)
        }
        _ => return None,
    };
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let secs = time_of_day(time)?;
    Some(days_from_civil(year, month, day) * DAY_MS + secs * 1_000)
}

fn number(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn month(s: &str) -> Option<i64> {
    let i = MONTHS.iter().position(|m| *m == s)?;
    i64::try_from(i).ok().map(|i| i + 1)
}

/// `HH:MM:SS` as seconds into the day; a leap second reads as the next second.
fn time_of_day(s: &str) -> Option<i64> {
    let mut f = s.split(':');
    let (h, m, sec) = (f.next()?, f.next()?, f.next()?);
    if f.next().is_some() || h.len() != 2 || m.len() != 2 || sec.len() != 2 {
        return None;
    }
    let (h, m, sec) = (number(h)?, number(m)?, number(sec)?);
    (h < 24 && m < 60 && sec <= 60).then_some(h * 3_600 + m * 60 + sec)
}

/// RFC 9110: a two-digit year more than 50 years ahead means the last century.
fn two_digit_year(yy: i64, now: Millis) -> i64 {
    let this_year = civil_from_days(now.div_euclid(DAY_MS)).0;
    let year = this_year - this_year.rem_euclid(100) + yy;
    if year > this_year + 50 { year - 100 } else { year }
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// 1994-11-06T08:49:37Z, the RFC's own example.
    const RFC_EXAMPLE: Millis = 784_111_777_000;

    #[test]
    fn reads_the_forms_servers_send() {
        let now = RFC_EXAMPLE - 10_000;
        let cases: [(&str, Option<Millis>); 16] = [
            ("120", Some(120_000)),
            ("0", Some(0)),
            (" 5 ", Some(5_000)),
            ("99999999999999999999999", Some(i64::MAX)),
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(10_000)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", Some(10_000)),
            ("Sun Nov  6 08:49:37 1994", Some(10_000)),
            ("Sun, 06 Nov 1994 08:49:17 GMT", Some(0)),
            ("-5", None),
            ("1.5", None),
            ("", None),
            ("soon", None),
            ("Sun, 06 Nov 1994 08:49:37 UTC", None),
            ("Sun, 6 Nov 1994 08:49:37 GMT", None),
            ("Sun, 31 Feb 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 24:00:00 GMT", None),
        ];
        for (value, delay) in cases {
            assert_eq!(parse_retry_after(value, now), delay, "{value:?}");
        }
    }

    #[test]
    fn two_digit_years_never_land_more_than_fifty_years_ahead() {
        let now = days_from_civil(2030, 1, 1) * DAY_MS;
        assert_eq!(parse_http_date("Friday, 01-Jan-99 00:00:00 GMT", now), Some(days_from_civil(1999, 1, 1) * DAY_MS));
        assert_eq!(parse_http_date("Sunday, 01-Jan-79 00:00:00 GMT", now), Some(days_from_civil(2079, 1, 1) * DAY_MS));
        assert_eq!(parse_http_date("Monday, 01-Jan-80 00:00:00 GMT", now), Some(days_from_civil(2080, 1, 1) * DAY_MS));
        assert_eq!(
            parse_http_date("Thursday, 01-Jan-81 00:00:00 GMT", now),
            Some(days_from_civil(1981, 1, 1) * DAY_MS)
        );
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert!(parse_http_date("Thu, 29 Feb 2024 12:00:00 GMT", 0).is_some());
        assert!(parse_http_date("Sat, 29 Feb 2025 12:00:00 GMT", 0).is_none());
        assert!(parse_http_date("Tue, 29 Feb 2100 12:00:00 GMT", 0).is_none());
    }

    proptest! {
        /// `httpdate` (a well-used implementation) is the oracle for the IMF-fixdate form.
        #[test]
        fn agrees_with_httpdate(secs in 0u64..253_402_300_799, ahead in 0i64..1_000_000) {
            let text = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs));
            let at = i64::try_from(secs).unwrap() * 1_000;
            prop_assert_eq!(parse_http_date(&text, 0), Some(at));
            prop_assert_eq!(parse_retry_after(&text, at - ahead), Some(ahead));
        }

        #[test]
        fn civil_days_round_trip(z in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(z);
            prop_assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}
