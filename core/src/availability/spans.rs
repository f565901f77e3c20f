//! A schedule unrolled into normalised open spans: local intervals of each day (weekly
//! or dated), merged where they touch or overlap (overnight shifts into the next day's
//! hours, `24:00` into `00:00`), then mapped to instants and merged again where a DST gap
//! swallowed the break between two of them.

use super::zone::Resolver;
use super::{Instant, OffsetProvider};
use crate::calendar::SECS_PER_DAY;
use crate::config::Schedule;

/// How far ahead (in days) a schedule is unrolled. A channel that does not open, close or
/// keep its promise within this many days is reported as never doing so.
pub const HORIZON_DAYS: i64 = 5 * 366;

/// One stretch of open time, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// When it opens. The first span of [`Spans`] may have opened earlier than this (up to
    /// a day before the instant asked about), so use it only when it is after that instant.
    pub start: Instant,
    /// When it closes; `None` when it is still open at the horizon (or always open).
    pub end: Option<Instant>,
}

/// Open spans in order, ending after a given instant (see [`super::Timetable::spans`]).
pub struct Spans<'a, P: OffsetProvider> {
    inner: Inner<'a, P>,
    from: Instant,
}

enum Inner<'a, P: OffsetProvider> {
    /// No hours: one endless span.
    Always { done: bool },
    Scheduled {
        local: LocalSpans<'a>,
        resolver: Resolver<'a, P>,
        /// A converted span waiting to see whether the next one touches it.
        pending: Option<(Instant, Option<Instant>)>,
    },
}

impl<'a, P: OffsetProvider> Spans<'a, P> {
    pub(super) fn new(hours: Option<(&'a Schedule, &'a P::Zone)>, offsets: &'a P, from: Instant) -> Self {
        let inner = match hours {
            None => Inner::Always { done: false },
            Some((schedule, zone)) => {
                let local_now = from.0.saturating_add(i64::from(offsets.offset(zone, from)));
                // Start a day early: an overnight interval from yesterday may still be running.
                let first_day = local_now.div_euclid(SECS_PER_DAY) - 1;
                let resolver = Resolver::new(offsets, zone);
                Inner::Scheduled { local: LocalSpans::new(schedule, first_day), resolver, pending: None }
            }
        };
        Spans { inner, from }
    }
}

impl<P: OffsetProvider> Iterator for Spans<'_, P> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        match &mut self.inner {
            Inner::Always { done } => {
                let first = !*done;
                *done = true;
                first.then_some(Span { start: Instant(i64::MIN), end: None })
            }
            Inner::Scheduled { local, resolver, pending } => loop {
                let converted =
                    local.next().map(|(start, end)| (resolver.resolve(start), end.map(|e| resolver.resolve(e))));
                let emitted = match (pending.take(), converted) {
                    (None, None) => return None,
                    (None, Some(next)) => {
                        *pending = Some(next);
                        None
                    }
                    (Some(last), None) => Some(last),
                    (Some((start, Some(end))), Some((next_start, next_end))) if next_start <= end => {
                        *pending = Some((start, next_end.map(|e| e.max(end))));
                        None
                    }
                    (Some(last), Some(next)) => {
                        *pending = Some(next);
                        Some(last)
                    }
                };
                let Some((start, end)) = emitted else { continue };
                // Skip spans a DST gap swallowed whole, and spans over before `from`.
                if end.is_some_and(|e| e <= start || e <= self.from) {
                    continue;
                }
                return Some(Span { start, end });
            },
        }
    }
}

/// Merged local open intervals, as (start, end) in local seconds since the epoch; `end` is
/// `None` when the interval is still open at the horizon.
struct LocalSpans<'a> {
    schedule: &'a Schedule,
    /// The day being read, and the next of its intervals.
    day: i64,
    index: usize,
    /// The last day read.
    last_day: i64,
    /// The interval being merged.
    current: Option<(i64, i64)>,
    /// Whether every weekday is open all day, so runs of plain days can be skipped.
    always: bool,
}

impl<'a> LocalSpans<'a> {
    fn new(schedule: &'a Schedule, first_day: i64) -> Self {
        LocalSpans {
            schedule,
            day: first_day,
            index: 0,
            last_day: first_day + HORIZON_DAYS,
            current: None,
            always: schedule.weekly_is_always_open(),
        }
    }
}

impl Iterator for LocalSpans<'_> {
    type Item = (i64, Option<i64>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let day_start = self.day * SECS_PER_DAY;
            if self.day > self.last_day {
                let (start, end) = self.current.take()?;
                // Reaching into the day after the horizon, it may go on: say so.
                return Some((start, (end < day_start).then_some(end)));
            }
            if self.always
                && self.index == 0
                && let Some((start, end)) = self.current
                && end >= day_start
            {
                // A running 24/7 span lasts until the next dated entry: jump there.
                let resume = self.schedule.next_dated_day(self.day).unwrap_or(i64::MAX).min(self.last_day + 1);
                if resume > self.day {
                    self.current = Some((start, end.max(resume * SECS_PER_DAY)));
                    self.day = resume;
                    continue;
                }
            }
            let Some(interval) = self.schedule.intervals_on(self.day).get(self.index) else {
                self.day += 1;
                self.index = 0;
                continue;
            };
            self.index += 1;
            let (opens, closes) = interval.secs();
            let (start, end) = (day_start + opens, day_start + closes);
            match self.current {
                Some((s, e)) if start <= e => self.current = Some((s, e.max(end))),
                Some(done) => {
                    self.current = Some((start, end));
                    return Some((done.0, Some(done.1)));
                }
                None => self.current = Some((start, end)),
            }
        }
    }
}
