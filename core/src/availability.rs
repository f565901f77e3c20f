//! Whether a channel is open at an instant, when it next opens and closes, and by when a
//! visitor can expect a reply: business-hours arithmetic across weekends, closures,
//! holidays and DST changes.
//!
//! Time zones come in through an [`OffsetProvider`] (in the browser `Intl.DateTimeFormat`,
//! natively a time-zone database), so no zone data is compiled into the wasm.
//!
//! How wall-clock hours become instants (see [`zone`]): an opening or closing time that
//! falls in a DST gap (02:30 on a spring-forward night) happens when the clocks jump, and
//! one that occurs twice (01:30 on a fall-back night) happens the first time. So a night
//! shift 22:00-06:00 lasts 7 real hours on spring-forward night and 9 on fall-back night:
//! the team works until the clock says 06:00.

use crate::config::{Channel, ResponseClock, Schedule};

mod directory;
mod display;
mod live;
mod spans;
pub mod workload;
mod zone;

pub use directory::{Listing, directory};
pub use display::{LocalTime, PromiseLine, StatusLine};
pub use live::LiveStatus;
pub use spans::{HORIZON_DAYS, Span, Spans};
pub use zone::{OffsetProvider, local_to_instant};

/// A moment in time: whole seconds since 1970-01-01T00:00:00Z (leap seconds ignored, as
/// JavaScript's `Date` and Unix clocks do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub i64);

impl Instant {
    /// The instant `secs` seconds after the Unix epoch.
    pub const fn from_unix(secs: i64) -> Instant {
        Instant(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// The instant `secs` seconds later, saturating at the end of time rather than overflowing.
    pub fn plus(self, secs: u64) -> Instant {
        Instant(self.0.saturating_add(i64::try_from(secs).unwrap_or(i64::MAX)))
    }
}

/// What a visitor needs to know about one channel at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Availability {
    /// Whether the channel is staffed now.
    pub open: bool,
    /// The next instant, strictly after now, at which it opens; `None` when it never does
    /// within [`HORIZON_DAYS`] (or is always open).
    pub next_open: Option<Instant>,
    /// The next instant, strictly after now, at which it closes; `None` when it never does
    /// within [`HORIZON_DAYS`] (always open).
    pub next_close: Option<Instant>,
    /// When a reply can be expected if the visitor writes now; `None` without a promise
    /// (or when the promise cannot be kept within [`HORIZON_DAYS`]).
    pub reply_by: Option<Instant>,
}

/// Why availability could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AvailabilityError {
    /// The offset provider does not know the schedule's time zone.
    #[error("unknown time zone `{0}`")]
    UnknownZone(String),
}

/// A channel's opening hours bound to its time zone: the object all questions are asked of.
pub struct Timetable<'a, P: OffsetProvider> {
    hours: Option<(&'a Schedule, P::Zone)>,
    offsets: &'a P,
}

impl<'a, P: OffsetProvider> Timetable<'a, P> {
    /// Binds `hours` (`None`: always open) to its zone through `offsets`.
    pub fn new(hours: Option<&'a Schedule>, offsets: &'a P) -> Result<Self, AvailabilityError> {
        let hours = match hours {
            None => None,
            Some(s) => {
                let zone =
                    offsets.zone(&s.time_zone).ok_or_else(|| AvailabilityError::UnknownZone(s.time_zone.clone()))?;
                Some((s, zone))
            }
        };
        Ok(Timetable { hours, offsets })
    }

    /// The open spans that end after `from`, in order, normalised (never overlapping or
    /// touching), up to [`HORIZON_DAYS`] days ahead.
    pub fn spans(&self, from: Instant) -> Spans<'_, P> {
        Spans::new(self.hours.as_ref().map(|(s, z)| (*s, z)), self.offsets, from)
    }

    /// Whether it is open at `at`.
    pub fn is_open(&self, at: Instant) -> bool {
        self.spans(at).next().is_some_and(|s| s.start <= at)
    }

    /// The instant `secs` seconds of open time after `at`: counting starts at `at` when open,
    /// else at the next opening, and skips every closed period. `None` beyond the horizon.
    pub fn add_open_time(&self, at: Instant, secs: u64) -> Option<Instant> {
        add_open_time(at, secs, self.spans(at))
    }
}

/// The open time `secs` after `at`, walking `spans` (which end after `at`, in order).
fn add_open_time(at: Instant, secs: u64, spans: impl Iterator<Item = Span>) -> Option<Instant> {
    let mut remaining = secs;
    for span in spans {
        let start = span.start.max(at);
        let Some(end) = span.end else {
            return Some(start.plus(remaining));
        };
        let available = u64::try_from(end.0 - start.0).unwrap_or(0);
        if remaining <= available {
            return Some(start.plus(remaining));
        }
        remaining -= available;
    }
    None
}

/// The availability of `channel` at `at`: open or not, next opening and closing, reply-by.
pub fn availability<P: OffsetProvider>(
    channel: &Channel,
    at: Instant,
    offsets: &P,
) -> Result<Availability, AvailabilityError> {
    let table = Timetable::new(channel.hours.as_ref(), offsets)?;
    let mut spans = table.spans(at);
    let first = spans.next();
    let open = first.is_some_and(|s| s.start <= at);
    let second = if open { spans.next() } else { None };
    let next_open = if open { second.map(|s| s.start) } else { first.map(|s| s.start) };
    let next_close = first.and_then(|s| s.end);
    let reply_by = channel.response_time.and_then(|promise| match channel.response_clock {
        ResponseClock::WallClock => Some(at.plus(promise.secs)),
        ResponseClock::Business => add_open_time(at, promise.secs, first.into_iter().chain(second).chain(spans)),
    });
    Ok(Availability { open, next_open, next_close, reply_by })
}
