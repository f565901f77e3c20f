//! Exponential backoff with "equal jitter": the delay after the n-th failure is
//! uniformly spread over the upper half of `initial × 2ⁿ⁻¹` (capped), so tabs and
//! visitors that failed together do not retry together, yet never sooner than
//! half the nominal delay nor later than the cap.

use super::{Millis, Policy};

/// The delay before retrying an item whose `failures`-th attempt failed (1-based),
/// given a random draw. Always within `[nominal / 2, nominal]`, where nominal is
/// `initial_backoff` doubled `failures - 1` times and capped at `max_backoff`.
pub fn backoff_delay(policy: &Policy, failures: u32, random: u64) -> Millis {
    let nominal = nominal_backoff(policy, failures);
    let half = nominal / 2;
    let spread = u64::try_from(nominal - half).unwrap_or(0) + 1;
    half + i64::try_from(random % spread).unwrap_or(0)
}

/// `initial_backoff × 2^(failures - 1)`, capped at `max_backoff`.
pub fn nominal_backoff(policy: &Policy, failures: u32) -> Millis {
    let doublings = failures.saturating_sub(1).min(62);
    policy.initial_backoff.saturating_mul(1_i64 << doublings).min(policy.max_backoff)
}

/// SplitMix64: a tiny, well-mixed generator for jitter. The seed comes from the
/// adapter (`crypto.getRandomValues`), so the machine itself stays deterministic.
#[derive(Debug, Clone)]
pub(crate) struct Jitter(u64);

impl Jitter {
    pub(crate) fn new(seed: u64) -> Self {
        Jitter(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn doubles_from_half_a_second_to_a_minute() {
        let p = Policy::default();
        let nominal: Vec<Millis> = (1..=10).map(|n| nominal_backoff(&p, n)).collect();
        assert_eq!(nominal, [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
        assert_eq!(nominal_backoff(&p, u32::MAX), 60_000);
    }

    #[test]
    fn jitter_spans_the_upper_half() {
        let p = Policy::default();
        assert_eq!(backoff_delay(&p, 3, 0), 1_000);
        assert_eq!(backoff_delay(&p, 3, 1_000), 2_000);
        assert_eq!(backoff_delay(&p, 3, 1_001), 1_000);
    }

    #[test]
    fn jitter_draws_differ_between_seeds_and_repeat_within_one() {
        let (mut a, mut b, mut a2) = (Jitter::new(1), Jitter::new(2), Jitter::new(1));
        let xs: Vec<u64> = (0..4).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..4).map(|_| b.next()).collect();
        let xs2: Vec<u64> = (0..4).map(|_| a2.next()).collect();
        assert_ne!(xs, ys);
        assert_eq!(xs, xs2);
    }

    proptest! {
        #[test]
        fn never_exceeds_the_cap_nor_falls_below_half_the_nominal(
            initial in 1i64..10_000, extra in 0i64..1_000_000, failures in 0u32..200, random: u64,
        ) {
            let p = Policy { initial_backoff: initial, max_backoff: initial + extra, ..Policy::default() };
            let d = backoff_delay(&p, failures, random);
            prop_assert!(d <= p.max_backoff);
            prop_assert!(d >= nominal_backoff(&p, failures) / 2);
            prop_assert!(d >= initial / 2);
        }
    }
}
