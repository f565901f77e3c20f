//! A reproducible benchmark workload: many channels with realistic schedules in many time
//! zones, and random instants across a year. Pure and seeded, so the native benchmark and
//! the wasm one (with the browser's offset provider) measure the same work.

use serde_json::{Value, json};

use super::{Instant, OffsetProvider, availability};
use crate::config::Config;
use crate::fields::Invalid;

/// Channels and instants to compute availability for.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The channels, as a validated configuration holds them.
    pub config: Config,
    /// The instants, in random order.
    pub instants: Vec<Instant>,
}

/// What running a workload computed, summed up, so the work cannot be optimised away and two
/// providers can be checked to agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Availabilities computed.
    pub computed: u64,
    /// How many of them were open.
    pub open: u64,
    /// How many had a reply-by.
    pub with_reply_by: u64,
    /// Sum of all reply-by, next-open and next-close seconds (wrapping): a checksum.
    pub checksum: u64,
    /// Availabilities that failed (unknown time zone).
    pub failed: u64,
}

/// Zones spread over the world and over DST rules: none, northern, southern, half-hour,
/// and Lord Howe's half-hour DST.
const ZONES: [&str; 10] = [
    "Europe/Oslo",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Europe/London",
    "America/Sao_Paulo",
    "Pacific/Auckland",
    "UTC",
];

/// The seconds in the 365-day year sampled.
const YEAR: u64 = 365 * 86_400;

impl Workload {
    /// `channels` channels cycling through typical schedules and zones, with holidays in the
    /// year starting at `year_start`, and `instants` instants drawn uniformly from that year
    /// with a PRNG seeded by `seed`.
    pub fn generate(channels: usize, instants: usize, year_start: Instant, seed: u64) -> Result<Workload, Invalid> {
        let first_day = year_start.0.div_euclid(86_400);
        let list: Vec<Value> = (0..channels).map(|i| channel(i, first_day)).collect();
        let config = Config::from_value(&json!({
            "site": "bench",
            "endpoint": "/v1/submissions",
            "channels": list,
            "feedback": {"id": "bench", "questions": [{"id": "csat", "kind": "csat", "prompt": "How did we do?"}]}
        }))?;
        let mut rng = SplitMix64(seed);
        let instants = (0..instants).map(|_| year_start.plus(rng.next() % YEAR)).collect();
        Ok(Workload { config, instants })
    }

    /// Offset look-ups per computation with `offsets`: what matters most in the browser,
    /// where each one goes through `Intl`.
    pub fn lookups_per_computation<P: OffsetProvider>(&self, offsets: &P) -> f64 {
        let counting = Counting { inner: offsets, calls: std::cell::Cell::new(0) };
        let t = self.run(&counting);
        counting.calls.get() as f64 / t.computed.max(1) as f64
    }

    /// Computes status and reply-by of every channel at every instant.
    pub fn run<P: OffsetProvider>(&self, offsets: &P) -> Tally {
        let mut tally = Tally::default();
        let secs = |t: Option<Instant>| t.map_or(0, |t| t.0.cast_unsigned());
        for &at in &self.instants {
            for channel in &self.config.channels {
                tally.computed += 1;
                match availability(channel, at, offsets) {
                    Ok(a) => {
                        tally.open += u64::from(a.open);
                        tally.with_reply_by += u64::from(a.reply_by.is_some());
                        tally.checksum = tally
                            .checksum
                            .wrapping_add(secs(a.reply_by))
                            .wrapping_add(secs(a.next_open))
                            .wrapping_add(secs(a.next_close));
                    }
                    Err(_) => tally.failed += 1,
                }
            }
        }
        tally
    }
}

/// The `i`th channel: schedule, zone and promise vary independently with `i`. Holidays
/// and special days fall where they typically do in the year starting on `first_day`.
fn channel(i: usize, first_day: i64) -> Value {
    let date = |d: i64| crate::calendar::Date::from_days(first_day + d).to_string();
    let zone = ZONES[i % ZONES.len()];
    let weekdays = |hours: Value| json!({"mon": hours, "tue": hours, "wed": hours, "thu": hours, "fri": hours});
    let mut closed: Vec<Value> =
        [0, 90, 120, 135, 150, 200, 240, 300, 358, 359].iter().map(|d| json!({"date": date(*d)})).collect();
    closed.push(json!({"from": date(210), "to": date(223), "label": "Summer closure"}));
    let hours = match i % 6 {
        0 => json!({"time_zone": zone, "weekly": weekdays(json!(["09:00-17:00"])), "closed": closed}),
        1 => json!({"time_zone": zone, "weekly": weekdays(json!(["08:00-12:00", "13:00-16:30"])), "closed": closed,
            "special": [{"date": date(357), "hours": ["09:00-12:00"]}]}),
        2 => {
            json!({"time_zone": zone, "weekly": {"mon": ["22:00-06:00"], "tue": ["22:00-06:00"], "wed": ["22:00-06:00"],
            "thu": ["22:00-06:00"], "fri": ["22:00-06:00"], "sun": ["20:00-24:00"]}})
        }
        3 => json!({"time_zone": zone, "weekly": "24/7", "closed": closed}),
        4 => {
            let mut week = weekdays(json!(["09:00-20:00"]));
            week["sat"] = json!(["10:00-16:00"]);
            json!({"time_zone": zone, "weekly": week, "closed": closed})
        }
        _ => Value::Null,
    };
    let (promise, clock) =
        [("PT5M", "business"), ("PT4H", "business"), ("P1D", "wall_clock"), ("PT30M", "business")][(i / 6) % 4];
    json!({
        "id": format!("channel-{i}"),
        "kind": "chat",
        "label": format!("Channel {i}"),
        "href": "https://example.com/chat",
        "hours": hours,
        "response_time": promise,
        "response_time_in": clock,
    })
}

/// Sebastiano Vigna's SplitMix64: tiny, seeded, and good enough to scatter instants.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// An offset provider that counts the look-ups it passes on.
struct Counting<'a, P> {
    inner: &'a P,
    calls: std::cell::Cell<u64>,
}

impl<P: OffsetProvider> OffsetProvider for Counting<'_, P> {
    type Zone = P::Zone;

    fn zone(&self, name: &str) -> Option<P::Zone> {
        self.inner.zone(name)
    }

    fn offset(&self, zone: &P::Zone, at: Instant) -> i32 {
        self.calls.set(self.calls.get() + 1);
        self.inner.offset(zone, at)
    }
}
