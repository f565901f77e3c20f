//! The outbox state machine itself: [`Outbox::handle`] takes one [`Input`] and
//! the current time and returns the [`Effect`]s the adapter must carry out, in
//! order. The states and transitions are described in [`crate::delivery`].

use super::backoff::{Jitter, backoff_delay};
use super::outcome::{Outcome, Verdict, verdict};
use super::snapshot::{Done, DropReason, Fate, Item, Lease, Snapshot};
use super::{Counts, Millis, Policy, PolicyError};
use crate::id_map::IdMap;

/// Longest server message kept for the log.
const MAX_MESSAGE: usize = 200;
/// Distinct server messages remembered as already logged.
const MAX_WARNED: usize = 64;
/// Tombstones younger than this are kept even beyond `max_tombstones`: a tab
/// whose view lags cannot resurrect an item whose tombstone it has not seen yet.
const MIN_TOMBSTONE_AGE: Millis = 3_600_000;

/// Something that happened, fed to [`Outbox::handle`] with the time it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The widget submitted something: keep it until it is delivered or dropped.
    /// Enqueueing an id this tab already knows (pending or finished) does nothing.
    /// An id belongs to the tab that created it: enqueue it there, not in two tabs.
    Enqueue {
        /// The submission UUID: the idempotency key the collector dedups by.
        id: String,
        /// The exact bytes to post (the JSON of a [`Submission`](crate::Submission)).
        body: String,
        /// When it was submitted (same clock as `now`); its age counts from here.
        created_at: Millis,
    },
    /// The visitor asked to forget journey `journey`: delete it at the collector
    /// (`DELETE /v1/journeys/{journey}`) with the same guarantees as a submission.
    /// Its submissions still waiting here are dropped ([`DropReason::Forgotten`]), not
    /// sent; one in flight ends first, and the deletion leaves only after it.
    Forget {
        /// A fresh random id for the deletion itself (not the journey's, so no trace of the
        /// journey stays in the outbox once the deletion is done).
        id: String,
        /// The journey id, as posted in each submission's `journey.id`.
        journey: String,
        /// When the visitor asked (same clock as `now`).
        created_at: Millis,
    },
    /// A [`Request`] ended.
    Outcome {
        /// [`Request::id`].
        id: String,
        /// [`Request::attempt`], so a late answer to an earlier attempt is told apart.
        attempt: u32,
        /// What the adapter observed.
        outcome: Outcome,
    },
    /// The timer of the last [`Effect::WakeAt`] fired (early or extra ticks are harmless).
    Tick,
    /// The browser's `online` event: retry what our own backoff is holding back.
    Online,
    /// `pagehide`, or `visibilitychange` to hidden: the page may be about to go.
    /// Flushes through keepalive requests and shortens this tab's lease.
    PageHidden,
    /// The outbox as stored: read at start-up, and from every `storage` event of
    /// another tab. Merged, never simply adopted.
    Stored(Snapshot),
}

/// What the adapter must do, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write this snapshot (JSON via [`Snapshot::to_json`]) to the outbox's storage
    /// key, ideally merged with what is stored now ([`Snapshot::merge`]). Always
    /// comes before the [`Effect::Send`]s of the same step.
    Persist(Snapshot),
    /// Post a body to the collector and report its [`Outcome`] with [`Input::Outcome`].
    Send(Request),
    /// Call `handle(Input::Tick)` at this instant; replaces any earlier timer.
    WakeAt(Millis),
    /// The collector has the item: it will not be sent again.
    Delivered {
        /// The item's id.
        id: String,
    },
    /// The item is given up, for this reason (already added to the counts).
    Dropped {
        /// The item's id.
        id: String,
        /// Why.
        reason: DropReason,
    },
    /// The item failed and will be retried no sooner than `at` (for logs and devtools).
    RetryScheduled {
        /// The item's id.
        id: String,
        /// The attempt that failed.
        attempt: u32,
        /// The earliest retry.
        at: Millis,
    },
    /// Something worth one line in the console: a server's reason for refusing,
    /// logged once per distinct status and message.
    Warn(String),
}

/// One POST of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The item's id; also its idempotency key, already inside the body.
    pub id: String,
    /// 1 for the first attempt, counting across reloads and tabs.
    pub attempt: u32,
    /// The body, posted as-is with content type [`CONTENT_TYPE`](super::CONTENT_TYPE).
    pub body: String,
    /// Abort the request at this instant and report [`Outcome::Timeout`].
    pub deadline: Millis,
    /// How to send it.
    pub transport: Transport,
    /// A deletion: `DELETE` the journey `body` names, instead of posting `body`.
    pub forget: bool,
}

/// How a [`Request`] goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// An ordinary `fetch` with `AbortSignal` at the deadline.
    Fetch,
    /// `fetch(..., {keepalive: true})`, which outlives the page, or `sendBeacon`
    /// where keepalive is missing (then no outcome arrives; the deadline passes and
    /// the collector's dedup absorbs the retry). The body fits the keepalive quota.
    Keepalive,
}

#[derive(Debug, Clone)]
struct Flight {
    attempt: u32,
    deadline: Millis,
    transport: Transport,
    bytes: usize,
}

/// The persisted outbox of one tab, as a sans-I/O state machine. Create one per
/// page load with a fresh tab id and seed, feed it the stored snapshot, then
/// every event; carry out the effects it returns.
#[derive(Debug, Clone)]
pub struct Outbox {
    policy: Policy,
    me: String,
    view: Snapshot,
    /// This tab holds the lease it claimed and it has settled.
    confirmed: bool,
    /// A claim made and waiting to settle until then.
    confirm_at: Option<Millis>,
    flights: IdMap<Flight>,
    online_at: Option<Millis>,
    jitter: Jitter,
    /// (status, message) pairs already warned about, at most `MAX_WARNED`: a list, since
    /// each set type costs its own B-tree code in the wasm.
    warned: Vec<(u16, String)>,
    dirty: bool,
}

#[derive(Default)]
struct Out {
    notes: Vec<Effect>,
    sends: Vec<Effect>,
}

impl Outbox {
    /// A machine for tab `tab` (unique per page load, e.g. `crypto.randomUUID()`),
    /// with jitter drawn from `seed` (e.g. `crypto.getRandomValues`).
    pub fn new(policy: Policy, tab: impl Into<String>, seed: u64) -> Result<Outbox, PolicyError> {
        policy.validate()?;
        Ok(Outbox {
            policy,
            me: tab.into(),
            view: Snapshot::default(),
            confirmed: false,
            confirm_at: None,
            flights: IdMap::new(),
            online_at: None,
            jitter: Jitter::new(seed),
            warned: Vec::new(),
            dirty: false,
        })
    }

    /// Handles one input at `now` (milliseconds since the Unix epoch, `Date.now()`).
    pub fn handle(&mut self, input: Input, now: Millis) -> Vec<Effect> {
        let mut out = Out::default();
        let hidden = matches!(input, Input::PageHidden);
        match input {
            Input::Enqueue { id, body, created_at } => self.enqueue(id, body, created_at, false, now, &mut out),
            Input::Forget { id, journey, created_at } => {
                self.enqueue(id, journey, created_at, true, now, &mut out);
                self.drop_forgotten(now, &mut out);
            }
            Input::Outcome { id, attempt, outcome } => self.outcome(&id, attempt, &outcome, now, &mut out),
            Input::Tick => {}
            Input::Online => self.online_at = Some(now),
            Input::PageHidden => {}
            Input::Stored(stored) => self.absorb(&stored),
        }
        self.pump(now, &mut out);
        if hidden {
            self.hide(now, &mut out);
        }
        self.effects(now, out)
    }

    /// This tab's view of the outbox (what the last [`Effect::Persist`] wrote, or newer).
    pub fn snapshot(&self) -> &Snapshot {
        &self.view
    }

    /// The running totals of delivered and dropped items.
    pub fn counts(&self) -> Counts {
        self.view.counts
    }

    /// Whether this tab may send right now.
    pub fn is_sender(&self, now: Millis) -> bool {
        self.holding(now)
    }

    // ---- inputs -------------------------------------------------------------

    fn enqueue(&mut self, id: String, body: String, created_at: Millis, forget: bool, now: Millis, out: &mut Out) {
        if self.view.items.contains_key(&id) || self.view.done.contains_key(&id) {
            return;
        }
        // Never below the forget horizon, or a merge would forget it unseen.
        let created_at = created_at.max(self.view.forget_before);
        if body.len() > self.policy.max_body_bytes {
            self.end(&id, Fate::Dropped(DropReason::TooLarge), created_at, now, out);
            return;
        }
        let item =
            Item { attempts: 0, not_before: now, failed_at: None, server_delay: false, created_at, body, forget };
        self.view.items.insert(id, item);
        self.dirty = true;
    }

    fn absorb(&mut self, stored: &Snapshot) {
        let mut merged = self.view.clone();
        merged.merge(stored);
        // Storage lacks something we know (a write lost to a concurrent one): write again.
        if merged != *stored {
            self.dirty = true;
        }
        self.view = merged;
    }

    fn outcome(&mut self, id: &str, attempt: u32, outcome: &Outcome, now: Millis, out: &mut Out) {
        let current = self.flights.get(id).is_some_and(|f| f.attempt == attempt);
        let decision = verdict(outcome, now);
        let Some(created_at) = self.view.items.get(id).map(|it| it.created_at) else {
            // Finished already (or unknown): nothing to decide.
            if current {
                self.flights.remove(id);
            }
            return;
        };
        if !current {
            // A late answer to an attempt already given up as timed out. A 2xx is
            // still the truth, and sending again would only make a duplicate.
            if decision == Verdict::Delivered && !self.flights.contains_key(id) {
                self.end(id, Fate::Delivered, created_at, now, out);
            }
            return;
        }
        self.flights.remove(id);
        match decision {
            Verdict::Delivered => self.end(id, Fate::Delivered, created_at, now, out),
            Verdict::Reject { status } => {
                if let Outcome::Response { message, .. } = outcome {
                    self.warn_once(id, status, message.as_deref(), out);
                }
                self.end(id, Fate::Dropped(DropReason::Rejected { status }), created_at, now, out);
            }
            Verdict::Retry { server_delay } => {
                if now >= created_at.saturating_add(self.policy.max_age) {
                    self.end(id, Fate::Dropped(DropReason::Expired), created_at, now, out);
                } else {
                    self.schedule_retry(id, server_delay, now, out);
                }
            }
        }
    }

    fn warn_once(&mut self, id: &str, status: u16, message: Option<&str>, out: &mut Out) {
        let message: String = message.unwrap_or("").trim().chars().take(MAX_MESSAGE).collect();
        let key = (status, message);
        if self.warned.contains(&key) || self.warned.len() >= MAX_WARNED {
            return;
        }
        let text = if key.1.is_empty() {
            format!("touchpoint: the collector refused submission {id} with {status}; it will not be retried")
        } else {
            format!("touchpoint: the collector refused submission {id} with {status}: {}", key.1)
        };
        out.notes.push(Effect::Warn(text));
        self.warned.push(key);
    }

    fn schedule_retry(&mut self, id: &str, server_delay: Option<Millis>, now: Millis, out: &mut Out) {
        let random = self.jitter.next();
        let Some(item) = self.view.items.get_mut(id) else { return };
        let backoff = backoff_delay(&self.policy, item.attempts, random);
        // Honour the server's wait (capped), but never retry sooner than our own backoff.
        let (delay, by_server) = match server_delay.map(|d| d.min(self.policy.max_retry_after)) {
            Some(d) if d > backoff => (d, true),
            _ => (backoff, false),
        };
        item.not_before = now + delay;
        item.failed_at = Some(now);
        item.server_delay = by_server;
        self.dirty = true;
        out.notes.push(Effect::RetryScheduled { id: id.to_owned(), attempt: item.attempts, at: item.not_before });
    }

    /// Finishes an item: tombstone, announcement, and (if pending) removal.
    fn end(&mut self, id: &str, fate: Fate, created_at: Millis, now: Millis, out: &mut Out) {
        self.view.items.remove(id);
        let at = now.max(created_at).max(self.view.forget_before);
        self.view.done.insert(id.to_owned(), Done { at, fate, counted: false });
        self.dirty = true;
        out.notes.push(match fate {
            Fate::Delivered => Effect::Delivered { id: id.to_owned() },
            Fate::Dropped(reason) => Effect::Dropped { id: id.to_owned(), reason },
        });
    }

    // ---- the lease ------------------------------------------------------------

    fn my_lease(&self) -> Option<&Lease> {
        self.view.lease.as_ref().filter(|l| l.owner == self.me)
    }

    fn holding(&self, now: Millis) -> bool {
        self.confirmed && self.my_lease().is_some_and(|l| l.until - now > self.policy.lease_settle)
    }

    /// Nobody else may be sending: no lease, ours, or another tab's that ran out.
    /// A lease further ahead than a whole term can only come from a clock that
    /// jumped back; it is not honoured.
    fn lease_free(&self, now: Millis) -> bool {
        match &self.view.lease {
            None => true,
            Some(l) if l.owner == self.me => true,
            Some(l) => l.until <= now || l.until > now + self.policy.lease_ttl,
        }
    }

    fn has_work(&self) -> bool {
        !self.view.is_settled()
    }

    fn set_lease(&mut self, epoch_step: u64, until: Millis) {
        let epoch = self.view.lease.as_ref().map_or(0, |l| l.epoch) + epoch_step;
        self.view.lease = Some(Lease { epoch, owner: self.me.clone(), until });
        self.dirty = true;
    }

    fn lease_step(&mut self, now: Millis) {
        let settle = self.policy.lease_settle;
        match self.my_lease().map(|l| l.until) {
            Some(until) if self.confirmed => {
                if until - now <= settle {
                    // Too close to its end to trust (this tab slept): claim afresh.
                    self.confirmed = false;
                } else if until - now <= self.policy.lease_ttl / 2 && (self.has_work() || !self.flights.is_empty()) {
                    self.set_lease(1, now + self.policy.lease_ttl);
                }
            }
            Some(until) => {
                if self.confirm_at.is_some_and(|at| now >= at) {
                    self.confirm_at = None;
                    self.confirmed = until - now > settle;
                }
            }
            None => {
                self.confirmed = false;
                self.confirm_at = None;
            }
        }
        if !self.confirmed && self.confirm_at.is_none() && self.has_work() && self.lease_free(now) {
            self.set_lease(1, now + self.policy.lease_ttl);
            self.confirm_at = Some(now + settle);
        }
    }

    /// Gives the lease up, keeping it only as long as this tab's requests may run
    /// (plus the settle margin), so a successor never overlaps them.
    fn release(&mut self, now: Millis) {
        let last = self.flights.values().map(|f| f.deadline).max().unwrap_or(now).max(now);
        if self.my_lease().is_some() {
            self.set_lease(1, last + self.policy.lease_settle);
        }
        self.confirmed = false;
        self.confirm_at = None;
    }

    // ---- the holder's work ------------------------------------------------------

    fn pump(&mut self, now: Millis, out: &mut Out) {
        let overdue: Vec<(String, u32)> =
            self.flights.iter().filter(|(_, f)| f.deadline <= now).map(|(id, f)| (id.clone(), f.attempt)).collect();
        for (id, attempt) in overdue {
            self.outcome(&id, attempt, &Outcome::Timeout, now, out);
        }
        self.lease_step(now);
        if !self.holding(now) {
            return;
        }
        self.tidy(now, out);
        self.send_due(now, out);
        if !self.has_work() && self.flights.is_empty() {
            self.release(now);
        }
    }

    /// Expiry, bounds, counting and forgetting: the holder's bookkeeping.
    fn tidy(&mut self, now: Millis, out: &mut Out) {
        let max_age = self.policy.max_age;
        let expired: Vec<(String, Millis)> = self
            .view
            .items
            .iter()
            .filter(|(id, it)| !self.flights.contains_key(id) && now >= it.created_at.saturating_add(max_age))
            .map(|(id, it)| (id.clone(), it.created_at))
            .collect();
        for (id, created_at) in expired {
            self.end(&id, Fate::Dropped(DropReason::Expired), created_at, now, out);
        }
        self.enforce_bounds(now, out);
        self.drop_forgotten(now, out);
        for done in self.view.done.values_mut().filter(|d| !d.counted) {
            self.view.counts.add(done.fate);
            done.counted = true;
            self.dirty = true;
        }
        self.forget(now);
    }

    /// Beyond `max_items` or `max_stored_bytes`, drops the oldest items (not one in flight).
    fn enforce_bounds(&mut self, now: Millis, out: &mut Out) {
        loop {
            let bytes: usize = self.view.items.values().map(|it| it.body.len()).sum();
            if self.view.items.len() <= self.policy.max_items && bytes <= self.policy.max_stored_bytes {
                return;
            }
            let oldest = self
                .view
                .items
                .iter()
                // A deletion is a few bytes and must not be lost to make room.
                .filter(|(id, it)| !it.forget && !self.flights.contains_key(id))
                .min_by_key(|(id, it)| (it.created_at, *id))
                .map(|(id, it)| (id.clone(), it.created_at));
            let Some((id, created_at)) = oldest else { return };
            self.end(&id, Fate::Dropped(DropReason::Overflow), created_at, now, out);
        }
    }

    /// Journeys with a deletion waiting (not yet delivered).
    fn forgetting(&self) -> Vec<&str> {
        self.view.items.values().filter(|it| it.forget).map(|it| it.body.as_str()).collect()
    }

    /// Drops the waiting submissions (not those in flight) of every journey being forgotten:
    /// the deletion would remove them anyway, and unsent they never leave the browser.
    fn drop_forgotten(&mut self, now: Millis, out: &mut Out) {
        let forgetting = self.forgetting();
        if forgetting.is_empty() {
            return;
        }
        let doomed: Vec<(String, Millis)> = self
            .view
            .items
            .iter()
            .filter(|(id, it)| !it.forget && !self.flights.contains_key(id))
            .filter(|(_, it)| journey_of(&it.body).is_some_and(|j| forgetting.contains(&j.as_str())))
            .map(|(id, it)| (id.clone(), it.created_at))
            .collect();
        for (id, created_at) in doomed {
            self.end(&id, Fate::Dropped(DropReason::Forgotten), created_at, now, out);
        }
    }

    /// Whether `item` may leave now as far as ordering goes: a deletion waits while a
    /// submission of its journey is in flight, so it reaches the collector after that one.
    fn ordered(&self, item: &Item) -> bool {
        !item.forget
            || !self.flights.keys().any(|id| {
                self.view
                    .items
                    .get(id)
                    .is_some_and(|it| !it.forget && journey_of(&it.body).as_deref() == Some(&item.body))
            })
    }

    /// Moves the forget horizon: tombstones older than `forget_after`, and the
    /// oldest beyond `max_tombstones` once an hour old; never past a pending item.
    fn forget(&mut self, now: Millis) {
        let mut target = now - self.policy.forget_after;
        let excess = self.view.done.len().saturating_sub(self.policy.max_tombstones);
        if excess > 0 {
            let mut ats: Vec<Millis> = self.view.done.values().map(|d| d.at).collect();
            crate::sort::sort(&mut ats);
            if let Some(at) = ats.get(excess - 1) {
                target = target.max((at + 1).min(now - MIN_TOMBSTONE_AGE));
            }
        }
        if let Some(oldest) = self.view.items.values().map(|it| it.created_at).min() {
            target = target.min(oldest);
        }
        if target > self.view.forget_before {
            self.view.forget_before = target;
            self.view.normalise();
            self.dirty = true;
        }
    }

    fn due(&self, item: &Item, now: Millis) -> bool {
        let clock_went_back =
            item.failed_at.is_some_and(|f| f > now) || item.not_before > now + self.policy.longest_delay();
        let back_online = !item.server_delay && item.failed_at.zip(self.online_at).is_some_and(|(f, o)| f <= o);
        item.not_before <= now || clock_went_back || back_online
    }

    fn send_due(&mut self, now: Millis, out: &mut Out) {
        let Some(until) = self.my_lease().map(|l| l.until) else { return };
        // Every request ends (by its deadline) a settle margin before the lease does.
        // Renewal at half-life keeps this true; the check guards the invariant.
        if until - now < self.policy.request_timeout + self.policy.lease_settle {
            return;
        }
        let slots = self.policy.max_in_flight.saturating_sub(self.flights.len());
        let mut due: Vec<(Millis, String)> = self
            .view
            .items
            .iter()
            .filter(|(id, it)| !self.flights.contains_key(id) && self.due(it, now) && self.ordered(it))
            .map(|(id, it)| (it.created_at, id.clone()))
            .collect();
        crate::sort::sort(&mut due);
        for (_, id) in due.into_iter().take(slots) {
            self.start(&id, Transport::Fetch, now, out);
        }
    }

    fn start(&mut self, id: &str, transport: Transport, now: Millis, out: &mut Out) {
        let Some(item) = self.view.items.get_mut(id) else { return };
        item.attempts += 1;
        let deadline = now + self.policy.request_timeout;
        // Whoever reads this after a crash waits at least until the request is over.
        item.not_before = deadline;
        let flight = Flight { attempt: item.attempts, deadline, transport, bytes: item.body.len() };
        out.sends.push(Effect::Send(Request {
            id: id.to_owned(),
            attempt: item.attempts,
            body: item.body.clone(),
            deadline,
            transport,
            forget: item.forget,
        }));
        self.flights.insert(id.to_owned(), flight);
        self.dirty = true;
    }

    /// The page may be going: send what is waiting through keepalive (our own
    /// backoff is waived, a server's `Retry-After` is not), then shorten the lease
    /// to the end of this tab's requests so another tab or the next page takes over.
    fn hide(&mut self, now: Millis, out: &mut Out) {
        if !self.holding(now) && !self.view.items.is_empty() && self.lease_free(now) {
            // No time to let a claim settle. The pump has just made (or kept) an
            // ordinary claim of ours, so the epoch we see is at least that of any
            // claim another tab made concurrently; going two above it beats them
            // even without our own, and such a claimant sees ours before it settles.
            self.set_lease(2, now + self.policy.lease_ttl);
            self.confirmed = true;
            self.confirm_at = None;
            self.tidy(now, out);
        }
        if !self.holding(now) {
            return;
        }
        let in_flight: usize =
            self.flights.values().filter(|f| f.transport == Transport::Keepalive).map(|f| f.bytes).sum();
        let mut budget = self.policy.keepalive_budget.saturating_sub(in_flight);
        let mut waiting: Vec<(Millis, String, usize)> = self
            .view
            .items
            .iter()
            .filter(|(id, it)| {
                !self.flights.contains_key(id) && (!it.server_delay || self.due(it, now)) && self.ordered(it)
            })
            .map(|(id, it)| (it.created_at, id.clone(), it.body.len()))
            .collect();
        crate::sort::sort(&mut waiting);
        for (_, id, bytes) in waiting {
            if bytes <= budget {
                budget -= bytes;
                self.start(&id, Transport::Keepalive, now, out);
            }
        }
        self.release(now);
    }

    // ---- output -----------------------------------------------------------------

    fn next_wake(&self, now: Millis) -> Option<Millis> {
        let mut times: Vec<Millis> = self.flights.values().map(|f| f.deadline).collect();
        times.extend(self.confirm_at);
        if self.holding(now) {
            if let Some(l) = self.my_lease() {
                times.push(l.until - self.policy.lease_ttl / 2);
            }
            for (id, item) in &self.view.items {
                if !self.flights.contains_key(id) {
                    times.push(item.not_before);
                    times.push(item.created_at.saturating_add(self.policy.max_age));
                }
            }
        } else if let Some(l) = self.view.lease.as_ref().filter(|_| self.has_work()) {
            // Work waits for whoever holds the lease; look again when it runs out.
            times.push(l.until);
        }
        times.into_iter().filter(|t| *t > now).min()
    }

    fn effects(&mut self, now: Millis, out: Out) -> Vec<Effect> {
        let mut effects = out.notes;
        if self.dirty {
            self.dirty = false;
            effects.push(Effect::Persist(self.view.clone()));
        }
        effects.extend(out.sends);
        effects.extend(self.next_wake(now).map(Effect::WakeAt));
        effects
    }
}

/// The journey id a submission's body carries (`journey.id`), if any.
fn journey_of(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    Some(value.get("journey")?.get("id")?.as_str()?.to_owned())
}
