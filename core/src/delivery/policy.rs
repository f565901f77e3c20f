//! The bounds and timings of delivery, with defaults that suit a feedback widget
//! living in someone else's page (their localStorage, their network budget).

use super::Millis;

const SECOND: Millis = 1_000;
const MINUTE: Millis = 60 * SECOND;
const HOUR: Millis = 60 * MINUTE;
const DAY: Millis = 24 * HOUR;

/// How the outbox bounds itself and paces its retries. Every field is a bound the
/// property tests hold the machine to; [`Policy::validate`] rejects combinations
/// under which the cross-tab lease could not keep its promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Most items waiting at once; beyond it the oldest is dropped as
    /// [`DropReason::Overflow`](super::DropReason::Overflow).
    pub max_items: usize,
    /// Most bytes of bodies waiting at once: localStorage is the host page's,
    /// about 5 MB per origin, and we are a guest. Enforced like `max_items`.
    pub max_stored_bytes: usize,
    /// Largest body accepted; a larger one is dropped at once as
    /// [`DropReason::TooLarge`](super::DropReason::TooLarge) rather than stored.
    pub max_body_bytes: usize,
    /// Give up on an item this long after its `created_at`
    /// ([`DropReason::Expired`](super::DropReason::Expired)).
    pub max_age: Millis,
    /// Delay after the first failed attempt; it doubles with every further failure.
    pub initial_backoff: Millis,
    /// The doubling stops here (before jitter, which only shortens a delay).
    pub max_backoff: Millis,
    /// A server's `Retry-After` is honoured up to this long, no longer (0: ignored).
    pub max_retry_after: Millis,
    /// The adapter aborts a request after this long and reports a timeout; the
    /// machine also treats an unanswered attempt as timed out at this deadline.
    pub request_timeout: Millis,
    /// Most ordinary requests in flight at once from one tab.
    pub max_in_flight: usize,
    /// Most body bytes in flight through keepalive/`sendBeacon` at once: browsers
    /// refuse keepalive bodies beyond 64 KiB in total per page.
    pub keepalive_budget: usize,
    /// How long a claimed sending lease lasts without renewal. A tab that dies
    /// without `pagehide` blocks the others for at most this long.
    pub lease_ttl: Millis,
    /// How long a claim waits before it counts, and the margin a lease keeps past
    /// its last write. Must exceed twice the time a localStorage write takes to
    /// reach the other tabs (a few milliseconds in practice).
    pub lease_settle: Millis,
    /// Tombstones of finished items (which stop a stale copy from being sent
    /// again) are forgotten this long after the item finished.
    pub forget_after: Millis,
    /// Tombstones older than an hour are forgotten early beyond this many.
    pub max_tombstones: usize,
}

impl Default for Policy {
    /// 100 items / 512 KiB; 7 days; 0.5 s doubling to 60 s; `Retry-After` up to
    /// 5 min; 10 s requests, 4 at a time; 60 000 keepalive bytes; 30 s lease with
    /// a 200 ms settle; tombstones for 8 days, at most 500.
    fn default() -> Self {
        Policy {
            max_items: 100,
            max_stored_bytes: 512 * 1024,
            max_body_bytes: 60_000,
            max_age: 7 * DAY,
            initial_backoff: 500,
            max_backoff: MINUTE,
            max_retry_after: 5 * MINUTE,
            request_timeout: 10 * SECOND,
            max_in_flight: 4,
            keepalive_budget: 60_000,
            lease_ttl: 30 * SECOND,
            lease_settle: 200,
            forget_after: 8 * DAY,
            max_tombstones: 500,
        }
    }
}

/// A policy the outbox cannot keep its promises under.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A count or duration that must be positive is not.
    #[error("{0} must be at least 1")]
    NotPositive(&'static str),
    /// The backoff cap is below its starting point.
    #[error("max_backoff ({max} ms) is below initial_backoff ({initial} ms)")]
    BackoffCap {
        /// `initial_backoff`.
        initial: Millis,
        /// `max_backoff`.
        max: Millis,
    },
    /// A renewed lease would not outlast a request started under it.
    #[error(
        "lease_ttl ({ttl} ms) must be at least twice request_timeout + lease_settle ({need} ms), \
         so a lease renewed at half-life still covers every request it started"
    )]
    LeaseTooShort {
        /// `lease_ttl`.
        ttl: Millis,
        /// `2 × (request_timeout + lease_settle)`.
        need: Millis,
    },
    /// Not even one body of the largest accepted size would fit in storage.
    #[error("max_stored_bytes ({stored}) is below max_body_bytes ({body})")]
    StoreBelowBody {
        /// `max_stored_bytes`.
        stored: usize,
        /// `max_body_bytes`.
        body: usize,
    },
    /// Tombstones would be forgotten while their items could still be pending.
    #[error("forget_after ({forget} ms) must exceed max_age ({max_age} ms)")]
    ForgetTooEarly {
        /// `forget_after`.
        forget: Millis,
        /// `max_age`.
        max_age: Millis,
    },
}

impl Policy {
    /// The longest any retry can be scheduled ahead: the larger of the two caps.
    pub fn longest_delay(&self) -> Millis {
        self.max_backoff.max(self.max_retry_after)
    }

    /// Checks the relations the machine's guarantees rest on.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let positive: [(&'static str, bool); 7] = [
            ("max_items", self.max_items >= 1),
            ("max_body_bytes", self.max_body_bytes >= 1),
            ("max_age", self.max_age >= 1),
            ("initial_backoff", self.initial_backoff >= 1),
            ("request_timeout", self.request_timeout >= 1),
            ("max_in_flight", self.max_in_flight >= 1),
            ("lease_settle", self.lease_settle >= 1),
        ];
        if let Some((name, _)) = positive.iter().find(|(_, ok)| !ok) {
            return Err(PolicyError::NotPositive(name));
        }
        if self.max_backoff < self.initial_backoff {
            return Err(PolicyError::BackoffCap { initial: self.initial_backoff, max: self.max_backoff });
        }
        let need = 2 * (self.request_timeout + self.lease_settle);
        if self.lease_ttl < need {
            return Err(PolicyError::LeaseTooShort { ttl: self.lease_ttl, need });
        }
        if self.max_stored_bytes < self.max_body_bytes {
            return Err(PolicyError::StoreBelowBody { stored: self.max_stored_bytes, body: self.max_body_bytes });
        }
        if self.forget_after <= self.max_age {
            return Err(PolicyError::ForgetTooEarly { forget: self.forget_after, max_age: self.max_age });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(Policy::default().validate(), Ok(()));
    }

    #[test]
    fn policies_that_break_a_guarantee_are_refused() {
        let base = Policy::default();
        let cases: [(Policy, PolicyError); 5] = [
            (Policy { max_items: 0, ..base.clone() }, PolicyError::NotPositive("max_items")),
            (Policy { lease_settle: 0, ..base.clone() }, PolicyError::NotPositive("lease_settle")),
            (Policy { max_backoff: 100, ..base.clone() }, PolicyError::BackoffCap { initial: 500, max: 100 }),
            (Policy { lease_ttl: 20_000, ..base.clone() }, PolicyError::LeaseTooShort { ttl: 20_000, need: 20_400 }),
            (
                Policy { forget_after: base.max_age, ..base.clone() },
                PolicyError::ForgetTooEarly { forget: base.max_age, max_age: base.max_age },
            ),
        ];
        for (policy, err) in cases {
            assert_eq!(policy.validate(), Err(err));
        }
    }
}
