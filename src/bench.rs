//! The availability benchmark in wasm (cargo feature `bench`, never in the production
//! `pkg/`): the workload of `core/examples/availability_bench.rs`, computed with the
//! browser's `Intl` offset provider. `bench/availability/run.sh` runs both side by side.

use touchpoint_core::availability::Instant;
use touchpoint_core::availability::workload::Workload;
use wasm_bindgen::prelude::*;

use crate::browser::intl::IntlOffsets;

/// Status and reply-by of `channels` channels at `instants` random instants in the year
/// from `year_start` (Unix seconds; a BigInt in JS), PRNG seeded by `seed` (a BigInt), the best of `rounds` timed
/// runs. Returns JSON: `{computed, best_ms, lookups_per_computation, open,
/// with_reply_by, checksum, failed}`, the checksum as a hex string (it exceeds 2^53).
#[wasm_bindgen(js_name = benchAvailability)]
pub fn bench_availability(
    channels: usize,
    instants: usize,
    year_start: i64,
    seed: u64,
    rounds: usize,
) -> Result<String, JsError> {
    let workload = Workload::generate(channels, instants, Instant::from_unix(year_start), seed)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let mut best = f64::INFINITY;
    let mut tally = None;
    for _ in 0..rounds.max(1) {
        // A cold provider each round (formatters and offset cache), as on a fresh page.
        let started = js_sys::Date::now();
        let offsets = IntlOffsets::new();
        let t = workload.run(&offsets);
        best = best.min(js_sys::Date::now() - started);
        tally = Some(t);
    }
    let t = tally.ok_or_else(|| JsError::new("no rounds ran"))?;
    let lookups = workload.lookups_per_computation(&IntlOffsets::new());
    Ok(serde_json::json!({
        "computed": t.computed,
        "best_ms": best,
        "lookups_per_computation": lookups,
        "open": t.open,
        "with_reply_by": t.with_reply_by,
        "checksum": format!("{:#x}", t.checksum),
        "failed": t.failed,
    })
    .to_string())
}
