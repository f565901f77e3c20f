//! Time zones as the core sees them: a UTC offset per zone and instant, supplied from
//! outside, and the one rule that turns a local wall-clock time back into an instant.

use super::Instant;
use crate::calendar::SECS_PER_DAY;

/// Supplies UTC offsets of IANA time zones. The browser implements it over
/// `Intl.DateTimeFormat` (no zone data in the wasm); native code over a tz database.
///
/// Resolving a zone once and asking for many offsets lets an implementation keep its
/// expensive object (an `Intl.DateTimeFormat`, a parsed tzfile) in `Zone`.
pub trait OffsetProvider {
    /// A resolved time zone.
    type Zone;

    /// The zone named `name` (e.g. `Europe/Oslo`), or `None` when it is unknown.
    fn zone(&self, name: &str) -> Option<Self::Zone>;

    /// The offset of `zone` from UTC at `at`, in seconds east of Greenwich
    /// (Oslo in summer: 7200; New York in winter: -18000).
    fn offset(&self, zone: &Self::Zone, at: Instant) -> i32;
}

/// The instant at which the wall clock of `zone` reaches `local` (seconds since
/// 1970-01-01T00:00 local time, i.e. the local date-time read as if it were UTC).
///
/// - A time that exists once maps to that instant.
/// - A time skipped by a DST gap maps to the instant of the jump: an opening at 02:30 on a
///   night the clocks go from 02:00 to 03:00 happens at 03:00.
/// - A time that occurs twice (clocks set back) maps to its first occurrence.
///
/// So the mapping never decreases as `local` grows, which keeps ordered intervals ordered.
/// It assumes offsets change at most once in any two days, true of every real zone.
pub fn local_to_instant<P: OffsetProvider>(offsets: &P, zone: &P::Zone, local: i64) -> Instant {
    Resolver::new(offsets, zone).resolve(local)
}

/// The largest offset change any zone makes at once, with room to spare (Troll's is 2 h).
const MAX_SHIFT: i64 = 3 * 3_600;

/// [`local_to_instant`] for many nearby local times, remembering a stretch of instants over
/// which the offset is known not to change, so most resolutions cost no offset look-up:
/// the browser's look-ups go through `Intl` and are not cheap.
pub(crate) struct Resolver<'a, P: OffsetProvider> {
    offsets: &'a P,
    zone: &'a P::Zone,
    /// `(lo, hi, offset)`: every instant in `lo..=hi` has `offset`, by two samples at most
    /// two days apart and the one-change-in-two-days assumption.
    steady: Option<(i64, i64, i64)>,
}

impl<'a, P: OffsetProvider> Resolver<'a, P> {
    pub(crate) fn new(offsets: &'a P, zone: &'a P::Zone) -> Self {
        Resolver { offsets, zone, steady: None }
    }

    fn offset_at(&self, t: i64) -> i64 {
        i64::from(self.offsets.offset(self.zone, Instant(t)))
    }

    pub(crate) fn resolve(&mut self, local: i64) -> Instant {
        if let Some((lo, mut hi, offset)) = self.steady {
            let t = local - offset;
            // An earlier occurrence of `local` would need an offset change within MAX_SHIFT
            // before `t`; a steady stretch reaching that far back rules it out.
            if t - MAX_SHIFT >= lo {
                if t > hi && t - hi <= 2 * SECS_PER_DAY && self.offset_at(hi + 2 * SECS_PER_DAY) == offset {
                    hi += 2 * SECS_PER_DAY;
                    self.steady = Some((lo, hi, offset));
                }
                if t <= hi {
                    return Instant(t);
                }
            }
        }
        let before = self.offset_at(local - SECS_PER_DAY);
        let after = self.offset_at(local + SECS_PER_DAY);
        if before == after {
            self.steady = Some((local - SECS_PER_DAY, local + SECS_PER_DAY, before));
            return Instant(local - before);
        }
        let (earlier_rule, later_rule) = (local - before, local - after);
        let earlier_ok = self.offset_at(earlier_rule) == before;
        let later_ok = self.offset_at(later_rule) == after;
        match (earlier_ok, later_ok) {
            (true, true) => Instant(earlier_rule.min(later_rule)),
            (true, false) => Instant(earlier_rule),
            (false, true) => Instant(later_rule),
            (false, false) => {
                // In the gap: find the first instant with the new offset, to the second.
                let (mut lo, mut hi) = (earlier_rule.min(later_rule), earlier_rule.max(later_rule));
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if self.offset_at(mid) == after {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                Instant(hi)
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A zone with one offset change at `at`, from `before` to `after` seconds east of UTC;
    /// enough to test the rule without a tz database.
    pub(crate) struct OneChange {
        pub at: i64,
        pub before: i32,
        pub after: i32,
    }

    impl OffsetProvider for OneChange {
        type Zone = ();
        fn zone(&self, _: &str) -> Option<()> {
            Some(())
        }
        fn offset(&self, _: &(), at: Instant) -> i32 {
            if at.0 < self.at { self.before } else { self.after }
        }
    }

    const H: i64 = 3_600;
    /// Monday 2025-03-31 00:00 as a local or UTC second count.
    const DAY: i64 = 20_178 * SECS_PER_DAY;

    #[test]
    fn local_times_resolve_by_the_gap_and_overlap_rules() {
        // Spring forward at 01:00Z from +01:00 to +02:00: local 02:00-03:00 does not exist.
        let spring = OneChange { at: DAY + H, before: 3_600, after: 7_200 };
        // Fall back at 01:00Z from +02:00 to +01:00: local 02:00-03:00 happens twice.
        let fall = OneChange { at: DAY + H, before: 7_200, after: 3_600 };
        // Lord Howe style: +10:30 to +11:00 at 15:30Z the day before, local 02:00-02:30 skipped.
        let half = OneChange { at: DAY - 8 * H - H / 2, before: 37_800, after: 39_600 };
        let cases: &[(&str, &OneChange, i64, i64)] = &[
            ("before the gap", &spring, DAY + H + H / 2, DAY + H / 2),
            ("inside the gap: at the jump", &spring, DAY + 2 * H + H / 2, DAY + H),
            ("at the end of the gap", &spring, DAY + 3 * H, DAY + H),
            ("after the gap", &spring, DAY + 4 * H, DAY + 2 * H),
            ("before the repeat", &fall, DAY + H + H / 2, DAY - H / 2),
            ("inside the repeat: first time", &fall, DAY + 2 * H + H / 2, DAY + H / 2),
            ("after the repeat", &fall, DAY + 3 * H, DAY + 2 * H),
            ("inside a half-hour gap", &half, DAY + 2 * H + 60, DAY - 8 * H - H / 2),
            ("after a half-hour gap", &half, DAY + 2 * H + H / 2, DAY - 8 * H - H / 2),
            ("well after a half-hour gap", &half, DAY + 9 * H, DAY - 2 * H),
        ];
        for (what, zone, local, instant) in cases {
            assert_eq!(local_to_instant(*zone, &(), *local), Instant(*instant), "{what}");
        }
    }

    proptest! {
        /// Remembering a steady stretch is an optimisation only: the answers never change.
        #[test]
        fn a_remembering_resolver_agrees_with_a_fresh_one(
            change in -4 * SECS_PER_DAY..4 * SECS_PER_DAY,
            before in prop::sample::select(vec![-18_000, 0, 3_600, 7_200, 37_800, 39_600]),
            after in prop::sample::select(vec![-14_400, 0, 3_600, 7_200, 37_800, 39_600]),
            steps in prop::collection::vec(0..SECS_PER_DAY, 1..40),
        ) {
            let zone = OneChange { at: change, before, after };
            let mut remembering = Resolver::new(&zone, &());
            let mut local = -6 * SECS_PER_DAY;
            for step in steps {
                local += step;
                prop_assert_eq!(remembering.resolve(local), local_to_instant(&zone, &(), local), "local {}", local);
            }
        }
    }
}
