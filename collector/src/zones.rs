//! UTC offsets for the core's availability maths, from jiff's bundled IANA database
//! (the browser uses `Intl.DateTimeFormat` instead).

use jiff::Timestamp;
use jiff::tz::TimeZone;
use touchpoint_core::availability::{Instant, OffsetProvider};

/// Offsets from the IANA time-zone database bundled into the binary.
#[derive(Debug, Clone, Copy, Default)]
pub struct TzdbOffsets;

impl TzdbOffsets {
    /// Whether the database knows the zone `name`.
    pub fn knows(self, name: &str) -> bool {
        TimeZone::get(name).is_ok()
    }
}

impl OffsetProvider for TzdbOffsets {
    type Zone = TimeZone;

    fn zone(&self, name: &str) -> Option<TimeZone> {
        TimeZone::get(name).ok()
    }

    fn offset(&self, zone: &TimeZone, at: Instant) -> i32 {
        // Beyond jiff's ±9999-year range no schedule applies; UTC is as good as any there.
        Timestamp::from_second(at.unix()).map_or(0, |ts| zone.to_offset(ts).seconds())
    }
}
