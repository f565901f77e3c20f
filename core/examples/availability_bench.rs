//! Native benchmark: status and reply-by of 50 channels at 10,000 random instants in a year.
//!
//! `cargo run --release -p touchpoint-core --example availability_bench`
//!
//! The work is `Workload::run`, the same pure function the wasm benchmark calls with the
//! browser's offset provider, so the two figures compare like with like.

// A benchmark's job is to print its figure.
#![allow(clippy::print_stdout)]

#[path = "../tests/support/jiff_offsets.rs"]
mod jiff_offsets;

use std::time::Instant as Clock;

use jiff_offsets::JiffOffsets;
use touchpoint_core::availability::Instant;
use touchpoint_core::availability::workload::Workload;

const CHANNELS: usize = 50;
const INSTANTS: usize = 10_000;
/// 2025-01-01T00:00:00Z.
const YEAR_START: Instant = Instant(1_735_689_600);
const SEED: u64 = 0x5EED_2025;
const ROUNDS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let workload = Workload::generate(CHANNELS, INSTANTS, YEAR_START, SEED)?;
    let mut best = f64::INFINITY;
    let mut tally = None;
    for _ in 0..ROUNDS {
        let clock = Clock::now();
        let t = workload.run(&JiffOffsets);
        best = best.min(clock.elapsed().as_secs_f64());
        tally = Some(t);
    }
    let t = tally.ok_or("no rounds ran")?;
    let lookups = workload.lookups_per_computation(&JiffOffsets);
    if t.failed > 0 {
        return Err(format!("{} availabilities failed", t.failed).into());
    }
    println!(
        "availability (native, jiff bundled tzdb): {CHANNELS} channels x {INSTANTS} instants = {} computations \
         in {:.1} ms (best of {ROUNDS}), {:.2} µs and {:.1} offset look-ups each; \
         {} open, {} with reply-by, checksum {:#x}",
        t.computed,
        best * 1e3,
        best * 1e6 / t.computed as f64,
        lookups,
        t.open,
        t.with_reply_by,
        t.checksum,
    );
    Ok(())
}
