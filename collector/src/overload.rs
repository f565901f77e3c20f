//! Bounds on what the collector holds in memory at once: request bodies being
//! received, and writes waiting for the database. Past a bound a request is
//! refused at once with 503 and `Retry-After` (the widget's outbox keeps the
//! answer and retries) rather than queued: a queue that grows with the load turns
//! a slow database into minutes of latency and then into an out-of-memory kill.
//!
//! A [`Budget`] is two counting semaphores, items and bytes; a [`Held`] share is
//! given back when dropped, whoever drops it (an answered write, or a request
//! whose client went away), so nothing can leak the budget.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Seconds a client refused for overload waits before trying again: the queue
/// behind the refusal drains in a fraction of that unless the database is stuck,
/// and the widget adds its own jittered backoff, so retries do not come back in step.
pub const OVERLOAD_RETRY_AFTER: u64 = 1;

/// At most `items` holders and `bytes` bytes at once.
#[derive(Debug, Clone)]
pub struct Budget {
    items: Arc<Semaphore>,
    bytes: Arc<Semaphore>,
    limits: (usize, usize),
}

/// A share of a [`Budget`]: one item and some bytes, returned when dropped.
#[derive(Debug)]
pub struct Held {
    _item: OwnedSemaphorePermit,
    bytes: OwnedSemaphorePermit,
    from: Arc<Semaphore>,
}

impl Budget {
    /// A budget of `items` holders and `bytes` bytes (each at least 1).
    pub fn new(items: usize, bytes: usize) -> Budget {
        let clamp = |n: usize| n.clamp(1, Semaphore::MAX_PERMITS);
        let limits = (clamp(items), clamp(bytes));
        Budget { items: Arc::new(Semaphore::new(limits.0)), bytes: Arc::new(Semaphore::new(limits.1)), limits }
    }

    /// A share of one item and `bytes` bytes, or `None` at once when either is spent.
    pub fn try_hold(&self, bytes: usize) -> Option<Held> {
        let item = self.items.clone().try_acquire_owned().ok()?;
        let bytes = self.bytes.clone().try_acquire_many_owned(u32::try_from(bytes).ok()?).ok()?;
        Some(Held { _item: item, bytes, from: self.bytes.clone() })
    }

    /// Items and bytes held now.
    pub fn in_use(&self) -> (usize, usize) {
        (self.limits.0 - self.items.available_permits(), self.limits.1 - self.bytes.available_permits())
    }

    /// The budget's size: items and bytes.
    pub fn limits(&self) -> (usize, usize) {
        self.limits
    }
}

impl Held {
    /// Takes `more` bytes into this share, or says the budget is spent (the share keeps what it had).
    pub fn grow(&mut self, more: usize) -> bool {
        let Ok(more) = u32::try_from(more) else { return false };
        match self.from.clone().try_acquire_many_owned(more) {
            Ok(permit) => {
                self.bytes.merge(permit);
                true
            }
            Err(_) => false,
        }
    }

    /// Bytes this share holds.
    pub fn bytes(&self) -> usize {
        self.bytes.num_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_refused_at_once_past_either_bound_and_returned_on_drop() {
        let budget = Budget::new(2, 100);
        let a = budget.try_hold(60).unwrap();
        assert!(budget.try_hold(41).is_none(), "bytes spent");
        let b = budget.try_hold(40).unwrap();
        assert!(budget.try_hold(0).is_none(), "items spent");
        assert_eq!(budget.in_use(), (2, 100));
        drop(a);
        drop(b);
        assert_eq!(budget.in_use(), (0, 0));
    }

    #[test]
    fn a_share_grows_while_bytes_remain_and_returns_everything_it_took() {
        let budget = Budget::new(10, 100);
        let mut held = budget.try_hold(0).unwrap();
        assert!(held.grow(70));
        assert!(!held.grow(31));
        assert!(held.grow(30));
        assert_eq!(held.bytes(), 100);
        drop(held);
        assert_eq!(budget.in_use(), (0, 0));
    }
}
