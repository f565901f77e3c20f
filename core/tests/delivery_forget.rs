//! Forgetting a journey through the outbox: for any interleaving of submissions of two
//! journeys, deletions of them, answers (2xx, 5xx, 429, lost answers, network errors),
//! timeouts and waits, a model collector that applies each request when it is answered
//! ends with no row of a forgotten journey and every row of the others exactly once;
//! a deletion never overlaps a submission of its journey, no submission of a journey
//! leaves after its deletion was asked for, and every item ends exactly once.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use touchpoint_core::delivery::{DropReason, Effect, Input, Millis, Outbox, Outcome, Policy, Request, Snapshot};

/// 2027-01-15T08:00:00Z.
const T0: Millis = 1_800_000_000_000;

#[derive(Debug, Clone)]
enum Step {
    /// A submission in journey slot 0 or 1 (its current journey).
    Submit(usize),
    /// The visitor forgets slot's current journey; the slot starts a new one.
    Forget(usize),
    /// The collector answers the outstanding request `pick` (modulo their number).
    Answer(usize, Reply),
    Wait(Millis),
    Online,
}

#[derive(Debug, Clone, Copy)]
enum Reply {
    Ok,
    /// Applied, but the answer never came back.
    Lost,
    ServerError,
    RateLimited,
    NetworkError,
}

#[derive(Default)]
struct Collector {
    /// Stored submission id → journey.
    rows: BTreeMap<String, String>,
}

struct World {
    outbox: Outbox,
    now: Millis,
    timer: Option<Millis>,
    next: u32,
    /// Current journey generation of each slot.
    generation: [u32; 2],
    /// Submission id → journey; deletion id → journey.
    submissions: BTreeMap<String, String>,
    deletions: BTreeMap<String, String>,
    forgotten: BTreeSet<String>,
    outstanding: Vec<Request>,
    collector: Collector,
    ended: BTreeMap<String, Effect>,
    violations: Vec<String>,
}

fn journey(slot: usize, generation: u32) -> String {
    format!("00000000-0000-4000-a{slot:03}-{generation:012}")
}

impl World {
    fn new() -> World {
        let outbox = Outbox::new(Policy::default(), "tab", 11).unwrap();
        let mut w = World {
            outbox,
            now: T0,
            timer: None,
            next: 0,
            generation: [0; 2],
            submissions: BTreeMap::new(),
            deletions: BTreeMap::new(),
            forgotten: BTreeSet::new(),
            outstanding: Vec::new(),
            collector: Collector::default(),
            ended: BTreeMap::new(),
            violations: Vec::new(),
        };
        w.handle(Input::Stored(Snapshot::default()));
        w
    }

    fn fresh_id(&mut self) -> String {
        self.next += 1;
        format!("00000000-0000-4000-8000-{:012}", self.next)
    }

    fn handle(&mut self, input: Input) {
        let effects = self.outbox.handle(input, self.now);
        for effect in effects {
            match effect {
                Effect::Send(req) => self.sent(req),
                Effect::WakeAt(at) => self.timer = Some(at),
                Effect::Delivered { ref id } | Effect::Dropped { ref id, .. } => {
                    if let Effect::Dropped { reason: DropReason::Forgotten, .. } = effect {
                        let j = self.submissions.get(id);
                        if !j.is_some_and(|j| self.forgotten.contains(j)) {
                            self.violations.push(format!("{id} dropped as forgotten, its journey was not"));
                        }
                    }
                    if self.ended.insert(id.clone(), effect.clone()).is_some() {
                        self.violations.push(format!("{id} ended twice"));
                    }
                }
                _ => {}
            }
        }
    }

    fn sent(&mut self, req: Request) {
        let journey_of = |r: &Request| {
            if r.forget { r.body.clone() } else { self.submissions.get(&r.id).cloned().unwrap_or_default() }
        };
        let j = journey_of(&req);
        if req.forget != self.deletions.contains_key(&req.id) {
            self.violations.push(format!("{} sent with the wrong method", req.id));
        }
        if !req.forget && self.forgotten.contains(&j) {
            self.violations.push(format!("{} of forgotten journey {j} sent after the deletion was asked", req.id));
        }
        if self.outstanding.iter().any(|o| o.forget != req.forget && journey_of(o) == j) {
            self.violations.push(format!("{} overlaps a request of the other kind for journey {j}", req.id));
        }
        self.outstanding.push(req);
    }

    fn apply(&mut self, req: &Request) -> u16 {
        if req.forget {
            self.collector.rows.retain(|_, j| *j != req.body);
            204
        } else {
            let j = self.submissions[&req.id].clone();
            self.collector.rows.insert(req.id.clone(), j);
            201
        }
    }

    fn step(&mut self, step: Step) {
        match step {
            Step::Submit(slot) => {
                let id = self.fresh_id();
                let j = journey(slot, self.generation[slot]);
                let body = format!(r#"{{"v":1,"id":"{id}","journey":{{"id":"{j}","score":0.5}}}}"#);
                self.submissions.insert(id.clone(), j);
                self.handle(Input::Enqueue { id, body, created_at: self.now });
            }
            Step::Forget(slot) => {
                let id = self.fresh_id();
                let j = journey(slot, self.generation[slot]);
                self.generation[slot] += 1;
                self.deletions.insert(id.clone(), j.clone());
                self.forgotten.insert(j.clone());
                self.handle(Input::Forget { id, journey: j, created_at: self.now });
            }
            Step::Answer(pick, reply) => {
                if self.outstanding.is_empty() {
                    return;
                }
                let req = self.outstanding.remove(pick % self.outstanding.len());
                let outcome = match reply {
                    Reply::Ok => Outcome::Response { status: self.apply(&req), retry_after: None, message: None },
                    Reply::Lost => {
                        self.apply(&req);
                        Outcome::NetworkError
                    }
                    Reply::ServerError => Outcome::Response { status: 503, retry_after: None, message: None },
                    Reply::RateLimited => {
                        Outcome::Response { status: 429, retry_after: Some("3".into()), message: None }
                    }
                    Reply::NetworkError => Outcome::NetworkError,
                };
                self.handle(Input::Outcome { id: req.id, attempt: req.attempt, outcome });
            }
            Step::Wait(ms) => self.advance(self.now + ms),
            Step::Online => self.handle(Input::Online),
        }
    }

    /// Time passes to `t`: requests past their deadline are aborted (never applied), the
    /// timer fires as often as it is set.
    fn advance(&mut self, t: Millis) {
        while let Some(at) = self.timer.filter(|at| *at <= t) {
            self.timer = None;
            self.now = self.now.max(at);
            let now = self.now;
            self.outstanding.retain(|r| r.deadline > now);
            self.handle(Input::Tick);
        }
        self.now = t;
        let now = self.now;
        self.outstanding.retain(|r| r.deadline > now);
    }

    /// Calm weather until nothing is left: every request answered 2xx at once.
    fn drain(&mut self) {
        for _ in 0..10_000 {
            if let Some(req) = self.outstanding.first().cloned() {
                self.outstanding.remove(0);
                let status = self.apply(&req);
                let outcome = Outcome::Response { status, retry_after: None, message: None };
                self.handle(Input::Outcome { id: req.id, attempt: req.attempt, outcome });
            } else if let Some(at) = self.timer {
                self.advance(at);
            } else {
                return;
            }
        }
        self.violations.push("the outbox never settled".into());
    }

    fn check(mut self) -> Vec<String> {
        self.drain();
        for (id, j) in &self.collector.rows {
            if self.forgotten.contains(j) {
                self.violations.push(format!("{id} of forgotten journey {j} is still stored"));
            }
        }
        for (id, j) in &self.submissions {
            if !self.forgotten.contains(j) && !self.collector.rows.contains_key(id) {
                self.violations.push(format!("{id} of journey {j} was lost"));
            }
            if !self.ended.contains_key(id) {
                self.violations.push(format!("{id} never ended"));
            }
        }
        for id in self.deletions.keys() {
            if !matches!(self.ended.get(id), Some(Effect::Delivered { .. })) {
                self.violations.push(format!("deletion {id} not delivered: {:?}", self.ended.get(id)));
            }
        }
        let snapshot = self.outbox.snapshot();
        if !snapshot.pending_ids().is_empty() {
            self.violations.push(format!("still pending: {:?}", snapshot.pending_ids()));
        }
        let stored = snapshot.to_json();
        if let Some(j) = self.forgotten.iter().find(|j| stored.contains(j.as_str())) {
            self.violations.push(format!("the outbox still names forgotten journey {j}"));
        }
        self.violations
    }
}

fn arb_reply() -> impl Strategy<Value = Reply> {
    prop_oneof![
        4 => Just(Reply::Ok),
        1 => Just(Reply::Lost),
        2 => Just(Reply::ServerError),
        1 => Just(Reply::RateLimited),
        2 => Just(Reply::NetworkError),
    ]
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0usize..2).prop_map(Step::Submit),
        2 => (0usize..2).prop_map(Step::Forget),
        8 => (0usize..8, arb_reply()).prop_map(|(p, r)| Step::Answer(p, r)),
        6 => prop_oneof![0i64..300, 300i64..20_000, 20_000i64..200_000].prop_map(Step::Wait),
        1 => Just(Step::Online),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_forgotten_journey_leaves_no_row_and_the_others_arrive_once(steps in prop::collection::vec(arb_step(), 1..60)) {
        let mut world = World::new();
        for step in steps {
            world.step(step);
        }
        let violations = world.check();
        prop_assert!(violations.is_empty(), "{violations:#?}");
    }
}

#[test]
fn a_deletion_waits_for_the_submission_in_flight_and_drops_the_waiting_ones() {
    let mut w = World::new();
    w.step(Step::Submit(0));
    w.advance(T0 + 200);
    assert_eq!(w.outstanding.len(), 1, "the first submission is in flight");
    // The second fails once and waits for its retry.
    w.step(Step::Submit(0));
    let retry = w.outstanding.remove(1);
    w.handle(Input::Outcome { id: retry.id, attempt: retry.attempt, outcome: Outcome::NetworkError });
    w.step(Step::Forget(0));
    let second = "00000000-0000-4000-8000-000000000002";
    assert_eq!(
        w.ended.get(second),
        Some(&Effect::Dropped { id: second.into(), reason: DropReason::Forgotten }),
        "the waiting submission is dropped at once"
    );
    w.advance(T0 + 1_000);
    assert_eq!(w.outstanding.len(), 1, "the deletion waits while a submission of its journey is in flight");
    w.step(Step::Answer(0, Reply::Ok));
    assert!(w.outstanding.iter().any(|r| r.forget), "then it leaves: {:?}", w.outstanding);
    assert_eq!(w.collector.rows.len(), 1);
    w.step(Step::Answer(0, Reply::Ok));
    assert!(w.collector.rows.is_empty(), "the delivered submission is deleted");
    assert!(w.check().is_empty());
}

#[test]
fn a_deletion_offline_is_kept_and_retried_with_back_off() {
    let mut w = World::new();
    w.step(Step::Forget(1));
    w.advance(T0 + 200);
    w.step(Step::Answer(0, Reply::NetworkError));
    assert!(w.outstanding.is_empty());
    assert!(w.outbox.snapshot().pending_ids().len() == 1, "kept for a retry");
    w.advance(T0 + 2_000);
    assert!(w.outstanding.iter().any(|r| r.forget && r.attempt == 2), "retried: {:?}", w.outstanding);
    assert!(w.check().is_empty());
}
