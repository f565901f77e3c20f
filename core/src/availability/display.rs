//! What a channel's status and promise say, as structured pieces in the visitor's own time
//! zone, so the widget can localise them through `Intl`; `Display` gives the English text.

use std::fmt;

use super::{Availability, Instant, OffsetProvider};
use crate::calendar::{Date, SECS_PER_DAY, Weekday};
use crate::duration::Duration;

/// An instant as the visitor's wall clock shows it, relative to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// The instant itself (for `Intl.DateTimeFormat`).
    pub at: Instant,
    /// The visitor's local date.
    pub date: Date,
    /// The visitor's local weekday.
    pub weekday: Weekday,
    /// The visitor's local hour, 0-23.
    pub hour: u8,
    /// The visitor's local minute, 0-59.
    pub minute: u8,
    /// Local days from today: 0 today, 1 tomorrow …
    pub days_ahead: i64,
    /// Seconds from now.
    pub secs_ahead: i64,
}

impl LocalTime {
    /// `at` in the visitor's zone `zone`, seen at `now`.
    pub fn new<P: OffsetProvider>(at: Instant, now: Instant, zone: &P::Zone, offsets: &P) -> LocalTime {
        let local = |t: Instant| t.0.saturating_add(i64::from(offsets.offset(zone, t)));
        let (here, today) = (local(at), local(now).div_euclid(SECS_PER_DAY));
        let day = here.div_euclid(SECS_PER_DAY);
        let secs = here.rem_euclid(SECS_PER_DAY);
        let date = Date::from_days(day);
        LocalTime {
            at,
            date,
            weekday: date.weekday(),
            // In range by construction: secs < 86 400.
            hour: u8::try_from(secs / 3_600).unwrap_or(0),
            minute: u8::try_from(secs / 60 % 60).unwrap_or(0),
            days_ahead: day - today,
            secs_ahead: at.0.saturating_sub(now.0),
        }
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl fmt::Display for LocalTime {
    /// `17:00` today, `Mon 09:00` within the week, `Mon 12 Jan 09:00` beyond.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let time = format!("{:02}:{:02}", self.hour, self.minute);
        match self.days_ahead {
            0 => f.write_str(&time),
            1..=6 => write!(f, "{} {time}", self.weekday.short_name()),
            _ => {
                let month = MONTHS.get(usize::from(self.date.month()).saturating_sub(1)).unwrap_or(&"");
                write!(f, "{} {} {month} {time}", self.weekday.short_name(), self.date.day())
            }
        }
    }
}

/// Whether a channel is open, and the change worth mentioning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusLine {
    /// Open now; `closes` when it closes within [`StatusLine::CLOSING_SOON`].
    Open { closes: Option<LocalTime> },
    /// Closed; `opens` when it opens again within the horizon.
    Closed { opens: Option<LocalTime> },
}

impl StatusLine {
    /// How soon a closing is worth mentioning next to "Open now": an hour.
    pub const CLOSING_SOON: i64 = 3_600;

    /// The status line for `a`, computed at `now`, in the visitor's `zone`.
    pub fn new<P: OffsetProvider>(a: &Availability, now: Instant, zone: &P::Zone, offsets: &P) -> StatusLine {
        let local = |t: Instant| LocalTime::new(t, now, zone, offsets);
        if a.open {
            let closes = a.next_close.filter(|c| c.0 - now.0 <= Self::CLOSING_SOON).map(local);
            StatusLine::Open { closes }
        } else {
            StatusLine::Closed { opens: a.next_open.map(local) }
        }
    }
}

impl fmt::Display for StatusLine {
    /// "Open now", "Open now · closes 17:00", "Closed · opens Mon 09:00", "Closed".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusLine::Open { closes: None } => f.write_str("Open now"),
            StatusLine::Open { closes: Some(t) } => write!(f, "Open now · closes {t}"),
            StatusLine::Closed { opens: None } => f.write_str("Closed"),
            StatusLine::Closed { opens: Some(t) } => write!(f, "Closed · opens {t}"),
        }
    }
}

/// What a channel promises a visitor who writes now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseLine {
    /// Open, and the reply is due before it closes: say how long.
    RepliesWithin(Duration),
    /// The reply is due after a closed stretch (or while closed): say when.
    ReplyBy(LocalTime),
}

impl PromiseLine {
    /// The promise for `a`, computed at `now`, in the visitor's `zone`; `None` without a reply-by.
    pub fn new<P: OffsetProvider>(a: &Availability, now: Instant, zone: &P::Zone, offsets: &P) -> Option<PromiseLine> {
        let by = a.reply_by?;
        let before_closing = a.next_close.is_none_or(|c| by <= c);
        Some(if a.open && before_closing {
            PromiseLine::RepliesWithin(Duration::from_secs(u64::try_from(by.0 - now.0).unwrap_or(0)))
        } else {
            PromiseLine::ReplyBy(LocalTime::new(by, now, zone, offsets))
        })
    }
}

impl fmt::Display for PromiseLine {
    /// "Typically replies in 5 min", "Expect a reply by Tue 11:00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PromiseLine::RepliesWithin(d) => write!(f, "Typically replies in {}", d.describe()),
            PromiseLine::ReplyBy(t) => write!(f, "Expect a reply by {t}"),
        }
    }
}
