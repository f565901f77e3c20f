//! Token-bucket rate limits per client IP and per site (governor), answering
//! how long a refused client should wait: the `Retry-After` it is told.

use std::hash::Hash;
use std::net::IpAddr;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::sites::Limit;

/// The two limiters the submit route checks.
pub struct Limits {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_site: DefaultKeyedRateLimiter<String>,
}

pub(crate) fn keyed<K: Hash + Eq + Clone>(limit: Limit) -> DefaultKeyedRateLimiter<K> {
    RateLimiter::keyed(Quota::per_minute(limit.per_minute).allow_burst(limit.burst))
}

pub(crate) fn check<K: Hash + Eq + Clone>(limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> Result<(), Duration> {
    limiter.check_key(key).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}

impl Limits {
    /// Limiters with the configured quotas.
    pub fn new(per_ip: Limit, per_site: Limit) -> Self {
        Limits { per_ip: keyed(per_ip), per_site: keyed(per_site) }
    }

    /// Takes a token for `ip`, or says how long until one is free.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Duration> {
        check(&self.per_ip, &ip)
    }

    /// Takes a token for `site`, or says how long until one is free.
    pub fn check_site(&self, site: &str) -> Result<(), Duration> {
        check(&self.per_site, &site.to_owned())
    }

    /// Forgets keys whose buckets are full again, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.per_ip.retain_recent();
        self.per_site.retain_recent();
    }
}

/// Whole seconds for a `Retry-After` header: rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU32;

    fn limit(per_minute: u32, burst: u32) -> Limit {
        Limit { per_minute: NonZeroU32::new(per_minute).unwrap(), burst: NonZeroU32::new(burst).unwrap() }
    }

    #[test]
    fn a_burst_is_allowed_then_the_next_waits_for_a_refill() {
        let limits = Limits::new(limit(60, 3), limit(1000, 1000));
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..3 {
            assert!(limits.check_ip(ip).is_ok());
        }
        let wait = limits.check_ip(ip).unwrap_err();
        assert!(wait <= Duration::from_secs(1) && wait > Duration::ZERO, "{wait:?}");
        assert!(limits.check_ip("192.0.2.2".parse().unwrap()).is_ok(), "other clients are unaffected");
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        for (wait, secs) in [(0, 1), (1, 1), (999, 1), (1_000, 1), (1_001, 2), (59_500, 60)] {
            assert_eq!(retry_after_secs(Duration::from_millis(wait)), secs, "{wait} ms");
        }
    }
}
