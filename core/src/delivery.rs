//! Delivery that never loses or duplicates feedback: a persisted outbox as a
//! sans-I/O state machine ([`Outbox`]). The browser adapter feeds it [`Input`]s
//! with the current time and carries out the [`Effect`]s it returns; no clock,
//! randomness, storage or network is touched in here.
//!
//! # Guarantees
//!
//! Every enqueued item ends exactly once, either [`Effect::Delivered`] (the
//! collector answered 2xx) or [`Effect::Dropped`] with a [`DropReason`] that is
//! also added to the persisted [`Counts`]; never both, never silently. Two tabs
//! never have the same item in flight at once, and nothing is sent again after
//! a 2xx. The collector dedups by the submission id (the idempotency key inside
//! the body), which absorbs the one case no client can rule out: a request that
//! reached the server but whose answer never came back.
//!
//! # An item's states
//!
//! ```text
//!                  sender tab, due                       2xx
//!  Enqueue ──► Waiting ──────────────► In flight ─────────────────────────────► Delivered
//!     │         ▲  │                    │  │   4xx except 408 and 429
//!     │         │  │                    │  └──────────────────────────────────► Dropped(Rejected)
//!     │         │  │                    │ 408, 429, 5xx, network error, timeout
//!     │         └──┼────────────────────┘ (back to Waiting; past max_age: Dropped(Expired))
//!     │            ├─ past max_age ─────────────────────────────────────────► Dropped(Expired)
//!     │            └─ oldest beyond max_items or max_stored_bytes ──────────► Dropped(Overflow)
//!     └─ body over max_body_bytes ──────────────────────────────────────────► Dropped(TooLarge)
//! ```
//!
//! * **Waiting**: stored with `attempts` and `not_before`. Due when `now ≥
//!   not_before`; after an `online` event, items held back only by our own
//!   backoff are due at once.
//! * **In flight**: a [`Request`] with an `attempt` number and a `deadline`
//!   (`now + request_timeout`). `not_before` is set to the deadline before the
//!   request leaves, so whoever loads the outbox after a crash waits it out. An
//!   attempt unanswered at its deadline counts as a timeout.
//! * **Retry delay**: exponential backoff with equal jitter, `initial_backoff`
//!   doubling to `max_backoff` (0.5 s to 60 s by default), spread over the upper
//!   half; a `Retry-After` (seconds or HTTP-date) is honoured up to
//!   `max_retry_after` when longer. An item past `max_age` when it fails is dropped.
//! * **Finished**: a tombstone (`Delivered` or `Dropped`) replaces the item, so a
//!   stale copy in another tab's memory cannot bring it back; tombstones are
//!   forgotten after `forget_after` (or, beyond `max_tombstones`, once an hour old).
//!
//! # Forgetting a journey
//!
//! [`Input::Forget`] queues a deletion (`DELETE /v1/journeys/{id}`, [`Request::forget`]) as
//! an item like any other: persisted, sent by the lease holder, retried with the same back-off
//! through offline, 408, 429 and 5xx, never evicted to make room (it may still expire after
//! `max_age`, or be refused with a 4xx). It must reach the collector after every submission of
//! that journey, or a late post would store a row again. The outbox does so by:
//!
//! * **dropping** the journey's submissions still waiting ([`DropReason::Forgotten`], counted):
//!   they would be deleted anyway, and unsent they never leave the browser, also those merged
//!   in later from another tab's stale view;
//! * **waiting** while one of its submissions is in flight: the deletion leaves only once that
//!   request has ended (answered, or aborted at its deadline); if it failed it is dropped then.
//!
//! Known limit: a post aborted at its deadline whose bytes still reach the collector after the
//! deletion is stored; only a collector-side tombstone could rule that out.
//!
//! # A tab's states (the sending lease)
//!
//! Only the tab holding the lease sends, expires, bounds and counts; any tab
//! may enqueue. The lease lives in the stored [`Snapshot`] as `(epoch, owner,
//! until)` and merges to the greatest, so every tab agrees on one owner.
//!
//! ```text
//!             work to do, lease free or run out         still ours after lease_settle
//!  Follower ─────────────────────────────────► Claiming ───────────────────────────► Sender
//!    ▲  ▲          another tab's claim won        │                                   │
//!    │  └─────────────────────────────────────────┘                                   │
//!    └──── release: idle, page hidden, or lease within lease_settle of its end ───────┘
//! ```
//!
//! * **Claiming** writes `epoch + 1, owner = this tab, until = now + lease_ttl` and
//!   waits `lease_settle` for a concurrent claim to arrive through storage; the
//!   merge picks one winner for everybody.
//! * **Sender** renews at half-life while there is work, sends only if every
//!   request ends a settle margin before the lease does, and so every write it
//!   makes is visible to the other tabs before its lease can run out.
//! * **Release** (idle or `PageHidden`) keeps the lease only until this tab's last
//!   deadline plus `lease_settle`: a successor never overlaps its requests.
//! * **Page hidden** flushes waiting items through keepalive (within
//!   `keepalive_budget`, bodies under 60 KB), waiving our own backoff but not a
//!   server's `Retry-After`. A tab that is not the sender but finds the lease free
//!   claims it with `epoch + 2` without settling: there is no time, and it beats
//!   any ordinary claim made at the same moment.
//!
//! # Assumptions and known limits
//!
//! * A `storage` event reaches the other tabs within half of `lease_settle`
//!   (milliseconds in practice; 200 ms is allowed for). All tabs share one clock;
//!   a clock that jumps back is detected (leases and retries further ahead than
//!   they could be are not honoured) rather than trusted.
//! * Two tabs hidden within one propagation delay of each other, while neither
//!   holds the lease, may both flush the same item; so may a frozen tab that wakes
//!   with a view older than `forget_after`. The collector's dedup stores it once.
//! * `sendBeacon` (the fallback where keepalive `fetch` is missing) reports no
//!   outcome: the attempt times out and the next sender repeats it, absorbed by
//!   the collector's dedup. So does a request whose answer was lost.
//! * An id is enqueued in the tab that created it. The same id enqueued in two
//!   tabs within one propagation delay can be announced twice (counted once).
//!
//! # The adapter's contract
//!
//! 1. Per page load: `Outbox::new(policy, crypto.randomUUID(), random_u64)`, then
//!    `handle(Input::Stored(stored), now)` with the stored snapshot (or the default).
//! 2. `Input::Stored` again on every `storage` event for the outbox key; `Enqueue`
//!    on submit; `Online` on `online`; `PageHidden` on `pagehide` and on
//!    `visibilitychange` to hidden; `Tick` when the [`Effect::WakeAt`] timer fires;
//!    `Outcome` when a request ends (a timeout when its deadline aborts it).
//! 3. Effects in order: `Persist` before `Send`; write with read-merge-write
//!    ([`Snapshot::merge`] with what is stored) so a concurrent write of another
//!    tab is folded in rather than overwritten. The machine rewrites storage by
//!    itself when a `storage` event shows it lacks something this tab knows.
//! 4. Requests: a deletion is `DELETE` of [`forget_url`] with no body (preflighted CORS). Others:
//!    `POST` the body as-is with content type [`CONTENT_TYPE`] (no CORS
//!    preflight), through the browser's own `fetch`, `keepalive` for
//!    [`Transport::Keepalive`], aborted at the deadline.

mod backoff;
mod outbox;
mod outcome;
mod policy;
mod retry_after;
mod snapshot;

pub use backoff::{backoff_delay, nominal_backoff};
pub use outbox::{Effect, Input, Outbox, Request, Transport};
pub use outcome::{Outcome, Verdict, verdict};
pub use policy::{Policy, PolicyError};
pub use retry_after::{parse_http_date, parse_retry_after};
pub use snapshot::{Counts, DropReason, Fate, SNAPSHOT_VERSION, Snapshot, SnapshotError};

/// Milliseconds since the Unix epoch, as `Date.now()` gives them.
pub type Millis = i64;

/// The content type of every request: CORS-safelisted, so neither `fetch` nor
/// `sendBeacon` needs a preflight. The collector reads the body as JSON regardless.
pub const CONTENT_TYPE: &str = "text/plain;charset=UTF-8";

/// Where the deletion of `journey` goes: `journeys/{journey}` beside the submissions
/// endpoint, as the collector lays out its API (`…/v1/submissions` → `…/v1/journeys/{id}`).
pub fn forget_url(endpoint: &str, journey: &str) -> String {
    let base = endpoint.split(['?', '#']).next().unwrap_or(endpoint);
    let dir = base.rfind('/').map_or(base, |i| &base[..=i]);
    format!("{dir}journeys/{journey}")
}

/// The localStorage key of the outbox for one collector endpoint: one outbox per
/// endpoint, so two widgets posting to different collectors never mix items.
pub fn storage_key(endpoint: &str) -> String {
    format!("touchpoint.outbox.v{SNAPSHOT_VERSION}:{endpoint}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_deletion_goes_beside_the_submissions() {
        let j = "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44";
        assert_eq!(
            super::forget_url("https://cx.example.com/v1/submissions", j),
            format!("https://cx.example.com/v1/journeys/{j}")
        );
        assert_eq!(
            super::forget_url("http://localhost:8080/v1/submissions?x=/y", j),
            format!("http://localhost:8080/v1/journeys/{j}")
        );
    }
}
