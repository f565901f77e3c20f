//! The native offset provider for tests and the benchmark: jiff with its bundled tz
//! database, so results do not depend on the host's /usr/share/zoneinfo.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use touchpoint_core::availability::{Instant, OffsetProvider};

/// UTC offsets from jiff's bundled IANA database.
pub struct JiffOffsets;

impl OffsetProvider for JiffOffsets {
    type Zone = TimeZone;

    fn zone(&self, name: &str) -> Option<TimeZone> {
        TimeZone::get(name).ok()
    }

    fn offset(&self, zone: &TimeZone, at: Instant) -> i32 {
        // Outside jiff's ±9999-year range no schedule applies; UTC is as good as any.
        Timestamp::from_second(at.unix()).map_or(0, |ts| zone.to_offset(ts).seconds())
    }
}
