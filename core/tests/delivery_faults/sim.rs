//! A deterministic world for the outbox: two browser tabs sharing one
//! localStorage (writes merged, `storage` events delivered to the other tab after
//! a delay), a network with weather, the collector model, crashes, reloads and
//! time. Every effect is checked against the guarantees as it happens; the
//! ledger is checked once more when the world has healed and gone quiet.

use std::collections::{BTreeMap, BTreeSet};

use touchpoint_core::delivery::{
    DropReason, Effect, Fate, Input, Millis, Outbox, Outcome, Policy, Snapshot, Transport,
};

use super::collector::{Collector, Reply};

/// 2027-01-15T08:00:00Z.
pub const T0: Millis = 1_800_000_000_000;
const SLOTS: usize = 2;
const EVENT_BUDGET: usize = 400_000;

/// What the network does to requests for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weather {
    /// Every request reaches the collector and its answer comes back.
    Calm,
    /// A mix of losses before and after the server, 500s, 408s and hangs.
    Flaky,
    /// Nothing gets out: network errors.
    Offline,
    /// 429, with `Retry-After` in seconds, as an HTTP-date, or missing.
    RateLimited,
    /// 503 with `Retry-After`, 502 and 500.
    Overloaded,
    /// Requests hang until aborted; some reached the server first.
    Hanging,
}

/// What a visitor submits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A valid submission; `pad` bytes of padding vary its size.
    Valid { pad: u16 },
    /// One the collector refuses with this status (400, 413 or 422).
    Refused(u16),
    /// Larger than the policy's `max_body_bytes`.
    TooLarge,
}

/// One thing that happens in the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A visitor submits in tab `tab` (a page opens there if none is).
    Submit { tab: usize, kind: Kind },
    /// The widget enqueues a recent submission again (same id, same body), in
    /// the tab that made it: an id is born in one tab.
    Resubmit { back: usize },
    /// Time passes.
    Wait(Millis),
    /// The tab's process dies: no `pagehide`, memory lost.
    Crash(usize),
    /// `pagehide`, then the next page of the site loads in the same tab.
    Navigate(usize),
    /// `visibilitychange` to hidden; the page lives on.
    Hide(usize),
    /// `pagehide`, and the tab is closed.
    Close(usize),
    /// The `online` event.
    Online(usize),
    /// The network changes.
    Weather(Weather),
}

/// Totals of one run, for the report and the checks.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub submitted: usize,
    pub delivered: usize,
    pub rejected: usize,
    pub expired: usize,
    pub overflow: usize,
    pub too_large: usize,
    /// Submissions with no ending at all.
    pub lost: usize,
    /// Ids holding more than one row at the collector.
    pub duplicated: usize,
    /// Requests sent, of which through keepalive; and by each tab slot.
    pub requests: usize,
    pub by_tab: [usize; 2],
    pub keepalive: usize,
    /// Requests for an id the collector already held (its dedup absorbed them).
    pub repeats_absorbed: usize,
}

impl std::ops::AddAssign<&Tally> for Tally {
    /// Sums every count: the totals of several runs.
    fn add_assign(&mut self, t: &Tally) {
        self.submitted += t.submitted;
        self.delivered += t.delivered;
        self.rejected += t.rejected;
        self.expired += t.expired;
        self.overflow += t.overflow;
        self.too_large += t.too_large;
        self.lost += t.lost;
        self.duplicated += t.duplicated;
        self.requests += t.requests;
        self.by_tab[0] += t.by_tab[0];
        self.by_tab[1] += t.by_tab[1];
        self.keepalive += t.keepalive;
        self.repeats_absorbed += t.repeats_absorbed;
    }
}

#[derive(Debug)]
enum Event {
    Timer { slot: usize, generation: u64, at: Millis },
    Answer { slot: usize, generation: u64, id: String, attempt: u32, outcome: Outcome },
    Storage { slot: usize, generation: u64, snapshot: Box<Snapshot> },
}

struct Tab {
    generation: u64,
    outbox: Outbox,
    timer: Option<Millis>,
}

#[derive(Debug)]
struct Submitted {
    at: Millis,
    tab: usize,
    kind: Kind,
    body: String,
}

/// The world. Build it with [`World::new`], feed it [`Step`]s, then [`World::heal`].
pub struct World {
    policy: Policy,
    max_propagation: Millis,
    now: Millis,
    rng: u64,
    seq: u64,
    generations: u64,
    store: Snapshot,
    tabs: [Option<Tab>; SLOTS],
    events: BTreeMap<(Millis, u64), Event>,
    last_storage_event: [Millis; SLOTS],
    weather: Weather,
    pub collector: Collector,
    submitted: BTreeMap<String, Submitted>,
    endings: BTreeMap<String, Vec<Fate>>,
    /// Requests not yet answered or aborted: id → (slot, generation, attempt).
    outstanding: BTreeMap<String, (usize, u64, u32)>,
    /// Ids whose 2xx reached a living tab.
    acknowledged: BTreeSet<String>,
    requests: usize,
    by_tab: [usize; SLOTS],
    keepalive: usize,
    handled: usize,
    /// Writes replace what is stored instead of merging with it (an adapter
    /// without read-merge-write): only the tabs' re-writes heal lost updates.
    overwrite: bool,
    /// Every broken guarantee, as it was seen.
    pub violations: Vec<String>,
}

impl World {
    /// A world with one open tab, storage delays up to `max_propagation` (which
    /// must stay under half the policy's `lease_settle`: the lease's assumption).
    pub fn new(policy: Policy, max_propagation: Millis, seed: u64, overwrite: bool) -> World {
        let mut world = World {
            policy,
            max_propagation,
            now: T0,
            rng: seed,
            seq: 0,
            generations: 0,
            store: Snapshot::default(),
            tabs: [None, None],
            events: BTreeMap::new(),
            last_storage_event: [T0; SLOTS],
            weather: Weather::Calm,
            collector: Collector::default(),
            submitted: BTreeMap::new(),
            endings: BTreeMap::new(),
            outstanding: BTreeMap::new(),
            acknowledged: BTreeSet::new(),
            requests: 0,
            by_tab: [0; SLOTS],
            keepalive: 0,
            handled: 0,
            overwrite,
            violations: Vec::new(),
        };
        world.open(0);
        world
    }

    fn random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn between(&mut self, lo: Millis, hi: Millis) -> Millis {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1);
        lo + Millis::try_from(self.random() % span).unwrap_or(0)
    }

    fn schedule(&mut self, at: Millis, event: Event) {
        self.seq += 1;
        self.events.insert((at.max(self.now), self.seq), event);
    }

    // ---- tabs ---------------------------------------------------------------------

    fn open(&mut self, slot: usize) {
        self.generations += 1;
        let seed = self.random();
        let outbox = match Outbox::new(self.policy.clone(), format!("tab{slot}-{}", self.generations), seed) {
            Ok(outbox) => outbox,
            Err(e) => {
                self.violations.push(format!("policy refused: {e}"));
                return;
            }
        };
        self.tabs[slot] = Some(Tab { generation: self.generations, outbox, timer: None });
        // A new page reads what is stored now.
        let stored = self.store.clone();
        self.input(slot, Input::Stored(stored));
    }

    fn input(&mut self, slot: usize, input: Input) {
        let now = self.now;
        let Some(tab) = self.tabs[slot].as_mut() else { return };
        self.handled += 1;
        let effects = tab.outbox.handle(input, now);
        self.apply(slot, effects);
    }

    fn apply(&mut self, slot: usize, effects: Vec<Effect>) {
        let Some(generation) = self.tabs[slot].as_ref().map(|t| t.generation) else { return };
        for effect in effects {
            match effect {
                Effect::Persist(snapshot) => self.write(slot, &snapshot),
                Effect::Send(request) => self.send(slot, generation, request),
                Effect::WakeAt(at) => {
                    if at <= self.now {
                        self.violations.push(format!("a timer for {at}, not after now {}", self.now));
                    }
                    if let Some(tab) = self.tabs[slot].as_mut() {
                        tab.timer = Some(at);
                    }
                    self.schedule(at, Event::Timer { slot, generation, at });
                }
                Effect::Delivered { id } => {
                    if self.collector.rows.get(&id).copied().unwrap_or(0) != 1 {
                        self.violations.push(format!("{id} announced delivered but not stored"));
                    }
                    self.end(id, Fate::Delivered);
                }
                Effect::Dropped { id, reason } => {
                    let expected = self.submitted.get(&id).map(|s| s.kind);
                    let explained = match reason {
                        DropReason::Rejected { status } => self.collector.refused.get(&id) == Some(&status),
                        DropReason::TooLarge => expected == Some(Kind::TooLarge),
                        DropReason::Overflow | DropReason::Expired => true,
                        // No journey is forgotten here (tests/delivery_forget.rs does that).
                        DropReason::Forgotten => false,
                    };
                    if !explained {
                        self.violations.push(format!("{id} dropped as {reason:?} without cause ({expected:?})"));
                    }
                    self.end(id, Fate::Dropped(reason));
                }
                Effect::RetryScheduled { id, at, .. } => {
                    let delay = at - self.now;
                    if !(0..=self.policy.longest_delay()).contains(&delay) {
                        self.violations.push(format!("{id} retry in {delay} ms, beyond the cap"));
                    }
                }
                Effect::Warn(_) => {}
            }
        }
    }

    fn end(&mut self, id: String, fate: Fate) {
        if !self.submitted.contains_key(&id) {
            self.violations.push(format!("{id} ended but was never submitted"));
        }
        let endings = self.endings.entry(id.clone()).or_default();
        endings.push(fate);
        if endings.len() > 1 {
            self.violations.push(format!("{id} ended twice: {endings:?}"));
        }
    }

    /// localStorage: a read-merge-write (the adapter's contract) or a plain
    /// overwrite, then the `storage` event reaches the other open tab after a
    /// delay, in order.
    fn write(&mut self, from: usize, snapshot: &Snapshot) {
        if self.overwrite {
            self.store = snapshot.clone();
        } else {
            self.store.merge(snapshot);
        }
        for slot in (0..SLOTS).filter(|s| *s != from) {
            let Some(generation) = self.tabs[slot].as_ref().map(|t| t.generation) else { continue };
            let delay = self.between(0, self.max_propagation);
            let at = (self.now + delay).max(self.last_storage_event[slot]);
            self.last_storage_event[slot] = at;
            let snapshot = Box::new(self.store.clone());
            self.schedule(at, Event::Storage { slot, generation, snapshot });
        }
    }

    // ---- the network --------------------------------------------------------------

    fn send(&mut self, slot: usize, generation: u64, request: touchpoint_core::delivery::Request) {
        let id = request.id.clone();
        self.requests += 1;
        self.by_tab[slot] += 1;
        if request.transport == Transport::Keepalive {
            self.keepalive += 1;
            if request.body.len() >= 60_000 {
                self.violations.push(format!("{id}: keepalive body of {} bytes", request.body.len()));
            }
        }
        if let Some(other) = self.outstanding.get(&id) {
            self.violations.push(format!("{id} sent by tab {slot} while {other:?} still has it in flight"));
        }
        if self.acknowledged.contains(&id) {
            self.violations.push(format!("{id} sent again after a 2xx"));
        }
        if request.deadline <= self.now {
            self.violations.push(format!("{id} sent with a deadline already past"));
        }
        self.outstanding.insert(id.clone(), (slot, generation, request.attempt));
        let (at, outcome) = self.network(&request);
        self.schedule(at, Event::Answer { slot, generation, id, attempt: request.attempt, outcome });
    }

    /// Decides the request's fate now; the collector sees it now, the answer
    /// arrives later, never after the deadline (the adapter aborts there).
    fn network(&mut self, request: &touchpoint_core::delivery::Request) -> (Millis, Outcome) {
        let deadline = request.deadline;
        let lat = |w: &mut World| w.between(5, 400);
        let answered = |w: &mut World, outcome: Outcome| {
            let at = w.now + lat(w) + lat(w);
            if at >= deadline { (deadline, Outcome::Timeout) } else { (at, outcome) }
        };
        let served = |w: &mut World| {
            let reply = w.collector.receive(&request.body);
            Outcome::Response {
                status: reply.status(),
                retry_after: None,
                message: matches!(reply, Reply::Refused(_)).then(|| "answers[0]: invalid".to_owned()),
            }
        };
        let retry_after = |w: &mut World| match w.random() % 3 {
            0 => None,
            1 => Some(w.between(1, 400).to_string()),
            _ => {
                let at = w.now + w.between(1_000, 400_000);
                let secs = u64::try_from(at / 1_000).unwrap_or(0);
                Some(httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)))
            }
        };
        let roll = self.random() % 100;
        match self.weather {
            Weather::Calm => {
                let outcome = served(self);
                answered(self, outcome)
            }
            Weather::Offline => (self.now + self.between(1, 50), Outcome::NetworkError),
            Weather::Flaky => match roll {
                0..20 => answered(self, Outcome::NetworkError),
                20..40 => {
                    served(self);
                    answered(self, Outcome::NetworkError)
                }
                40..55 => answered(self, Outcome::status(500)),
                55..65 => answered(self, Outcome::status(408)),
                65..75 => {
                    if roll.is_multiple_of(2) {
                        served(self);
                    }
                    (deadline, Outcome::Timeout)
                }
                _ => {
                    let outcome = served(self);
                    answered(self, outcome)
                }
            },
            Weather::RateLimited => {
                let retry_after = retry_after(self);
                answered(self, Outcome::Response { status: 429, retry_after, message: None })
            }
            Weather::Overloaded => {
                let (status, retry_after) = match roll % 3 {
                    0 => (503, retry_after(self)),
                    1 => (502, None),
                    _ => (500, None),
                };
                answered(self, Outcome::Response { status, retry_after, message: None })
            }
            Weather::Hanging => {
                if roll < 50 {
                    served(self);
                }
                (deadline, Outcome::Timeout)
            }
        }
    }

    // ---- time -------------------------------------------------------------------

    /// Runs every event up to `until`, in time order, then sets the clock there.
    pub fn run_until(&mut self, until: Millis) {
        while let Some(entry) = self.events.first_entry() {
            let (at, _) = *entry.key();
            if at > until {
                break;
            }
            let event = entry.remove();
            self.now = self.now.max(at);
            if self.handled > EVENT_BUDGET {
                self.violations.push("runaway: the machine never went quiet".to_owned());
                self.events.clear();
                break;
            }
            self.dispatch(event);
        }
        self.now = self.now.max(until);
    }

    fn alive(&self, slot: usize, generation: u64) -> bool {
        self.tabs[slot].as_ref().is_some_and(|t| t.generation == generation)
    }

    fn dispatch(&mut self, event: Event) {
        match event {
            Event::Timer { slot, generation, at } => {
                let current =
                    self.tabs[slot].as_ref().is_some_and(|t| t.generation == generation && t.timer == Some(at));
                if current {
                    if let Some(tab) = self.tabs[slot].as_mut() {
                        tab.timer = None;
                    }
                    self.input(slot, Input::Tick);
                }
            }
            Event::Answer { slot, generation, id, attempt, outcome } => {
                if self.outstanding.get(&id) == Some(&(slot, generation, attempt)) {
                    self.outstanding.remove(&id);
                }
                if self.alive(slot, generation) {
                    if matches!(outcome, Outcome::Response { status: 200..=299, .. }) {
                        self.acknowledged.insert(id.clone());
                    }
                    self.input(slot, Input::Outcome { id, attempt, outcome });
                }
            }
            Event::Storage { slot, generation, snapshot } => {
                if self.alive(slot, generation) {
                    self.input(slot, Input::Stored(*snapshot));
                }
            }
        }
    }

    // ---- steps ------------------------------------------------------------------

    /// Carries out one step.
    pub fn step(&mut self, step: Step) {
        match step {
            Step::Submit { tab, kind } => self.submit(tab, kind),
            Step::Resubmit { back } => self.resubmit(back),
            Step::Wait(d) => self.run_until(self.now + d),
            Step::Crash(tab) => self.tabs[tab] = None,
            Step::Navigate(tab) => {
                if self.hide(tab) {
                    self.open(tab);
                }
            }
            Step::Hide(tab) => {
                self.hide(tab);
            }
            Step::Close(tab) => {
                if self.hide(tab) {
                    self.tabs[tab] = None;
                }
            }
            Step::Online(tab) => self.input(tab, Input::Online),
            Step::Weather(w) => self.weather = w,
        }
    }

    /// `pagehide`. Two tabs hiding within one storage propagation delay could both
    /// claim a free lease without settling (the collector's dedup absorbs that);
    /// the world lets a propagation delay pass first to keep the check strict.
    fn hide(&mut self, tab: usize) -> bool {
        if self.tabs[tab].is_none() {
            return false;
        }
        self.run_until(self.now + self.max_propagation + 1);
        self.input(tab, Input::PageHidden);
        self.tabs[tab].is_some()
    }

    fn submit(&mut self, tab: usize, kind: Kind) {
        if self.tabs[tab].is_none() {
            self.open(tab);
        }
        let n = self.submitted.len() + 1;
        let id = format!("00000000-0000-4000-8000-{n:012}");
        let body = match kind {
            Kind::Valid { pad } => format!(r#"{{"id":"{id}","pad":"{}"}}"#, "x".repeat(usize::from(pad))),
            Kind::Refused(status) => format!(r#"{{"id":"{id}","refuse":{status}}}"#),
            Kind::TooLarge => format!(r#"{{"id":"{id}","pad":"{}"}}"#, "x".repeat(self.policy.max_body_bytes)),
        };
        self.submitted.insert(id.clone(), Submitted { at: self.now, tab, kind, body: body.clone() });
        let created_at = self.now;
        self.input(tab, Input::Enqueue { id, body, created_at });
    }

    /// Enqueues a submission of the last half hour again: well within the time
    /// its tombstone is kept, so it must not be delivered or dropped twice.
    fn resubmit(&mut self, back: usize) {
        let recent: Vec<(String, String, usize)> = self
            .submitted
            .iter()
            .filter(|(_, s)| self.now - s.at <= 1_800_000)
            .map(|(id, s)| (id.clone(), s.body.clone(), s.tab))
            .collect();
        if recent.is_empty() {
            return;
        }
        let (id, body, tab) = recent[recent.len() - 1 - back % recent.len()].clone();
        if self.tabs[tab].is_none() {
            return;
        }
        let created_at = self.submitted.get(&id).map_or(self.now, |s| s.at);
        self.input(tab, Input::Enqueue { id, body, created_at });
    }

    /// Calm weather and an open tab until nothing is left to do (or the longest
    /// an item may live has passed), then the final accounting.
    pub fn heal(&mut self) -> Tally {
        self.weather = Weather::Calm;
        if self.tabs.iter().all(Option::is_none) {
            self.open(0);
        }
        let give_up = self.now + self.policy.max_age + 3_600_000;
        while self.now < give_up && !(self.store.is_settled() && self.outstanding.is_empty()) {
            self.run_until(self.now + 10_000);
        }
        self.tally()
    }

    fn tally(&mut self) -> Tally {
        let mut t = Tally {
            submitted: self.submitted.len(),
            requests: self.requests,
            by_tab: self.by_tab,
            keepalive: self.keepalive,
            ..Tally::default()
        };
        for id in self.submitted.keys() {
            let endings = self.endings.get(id).map_or(&[][..], Vec::as_slice);
            let rows = self.collector.rows.get(id).copied().unwrap_or(0);
            match endings {
                [] => {
                    t.lost += 1;
                    self.violations.push(format!("{id} lost: neither delivered nor dropped"));
                }
                [Fate::Delivered] => {
                    t.delivered += 1;
                    if rows != 1 {
                        self.violations.push(format!("{id} delivered, stored {rows} times"));
                    }
                }
                [Fate::Dropped(reason)] => match reason {
                    DropReason::Rejected { .. } => t.rejected += 1,
                    DropReason::Expired => t.expired += 1,
                    DropReason::Overflow => t.overflow += 1,
                    DropReason::TooLarge => t.too_large += 1,
                    DropReason::Forgotten => unreachable!("no journey is forgotten in this simulation"),
                },
                _ => {}
            }
            if rows > 1 {
                t.duplicated += 1;
            }
            let received = self.collector.received.get(id).copied().unwrap_or(0);
            t.repeats_absorbed += usize::try_from(received.saturating_sub(1)).unwrap_or(0) * usize::from(rows == 1);
        }
        let counts = self.store.counts();
        let counted = [counts.delivered, counts.rejected, counts.expired, counts.overflow, counts.too_large];
        let ended =
            [t.delivered, t.rejected, t.expired, t.overflow, t.too_large].map(|n| u64::try_from(n).unwrap_or(0));
        if counted != ended {
            self.violations.push(format!("stored counts {counted:?} disagree with the endings {ended:?}"));
        }
        t
    }
}
