//! The outbox, one scenario per behaviour, driven exactly as the browser adapter
//! drives it: inputs and `now` in, effects out, one timer set by `WakeAt`.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

use touchpoint_core::delivery::{
    Counts, DropReason, Effect, Input, Millis, Outbox, Outcome, Policy, PolicyError, Request, Snapshot, Transport,
    nominal_backoff,
};

/// 2027-01-15T08:00:00Z.
const T0: Millis = 1_800_000_000_000;
const SETTLE: Millis = 200;

fn id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn body(n: u32) -> String {
    format!(r#"{{"v":1,"id":"{}","answers":[]}}"#, id(n))
}

fn enqueue(n: u32, at: Millis) -> Input {
    Input::Enqueue { id: id(n), body: body(n), created_at: at }
}

fn answer(req: &Request, outcome: Outcome) -> Input {
    Input::Outcome { id: req.id.clone(), attempt: req.attempt, outcome }
}

fn response(status: u16, retry_after: Option<&str>) -> Outcome {
    Outcome::Response { status, retry_after: retry_after.map(str::to_owned), message: None }
}

fn sends(effects: &[Effect]) -> Vec<Request> {
    effects.iter().filter_map(|e| if let Effect::Send(r) = e { Some(r.clone()) } else { None }).collect()
}

fn persisted(effects: &[Effect]) -> Option<Snapshot> {
    effects.iter().rev().find_map(|e| if let Effect::Persist(s) = e { Some(s.clone()) } else { None })
}

fn retry_at(effects: &[Effect]) -> Option<Millis> {
    effects.iter().find_map(|e| if let Effect::RetryScheduled { at, .. } = e { Some(*at) } else { None })
}

fn endings(effects: &[Effect]) -> Vec<Effect> {
    effects.iter().filter(|e| matches!(e, Effect::Delivered { .. } | Effect::Dropped { .. })).cloned().collect()
}

/// One tab as the adapter runs it: the machine plus its single timer.
struct Tab {
    outbox: Outbox,
    timer: Option<Millis>,
}

impl Tab {
    fn open(name: &str, policy: Policy, stored: &Snapshot, now: Millis) -> Tab {
        let mut tab = Tab { outbox: Outbox::new(policy, name, 7).unwrap(), timer: None };
        tab.handle(Input::Stored(stored.clone()), now);
        tab
    }

    fn handle(&mut self, input: Input, now: Millis) -> Vec<Effect> {
        let effects = self.outbox.handle(input, now);
        if let Some(at) = effects.iter().find_map(|e| if let Effect::WakeAt(t) = e { Some(*t) } else { None }) {
            self.timer = Some(at);
        }
        effects
    }

    /// Lets time pass until `t`: the timer fires on the way, as often as it is set.
    fn advance(&mut self, t: Millis) -> Vec<Effect> {
        let mut effects = Vec::new();
        while let Some(at) = self.timer.filter(|at| *at <= t) {
            self.timer = None;
            effects.extend(self.handle(Input::Tick, at));
        }
        effects
    }
}

/// A lone tab that has claimed the lease for item 1 and sent it.
fn sending(policy: Policy) -> (Tab, Request) {
    let mut tab = Tab::open("tab-a", policy, &Snapshot::default(), T0);
    let effects = tab.handle(enqueue(1, T0), T0);
    assert!(sends(&effects).is_empty(), "a claim settles before anything is sent");
    assert_eq!(tab.timer, Some(T0 + SETTLE));
    let reqs = sends(&tab.advance(T0 + SETTLE));
    assert_eq!(reqs.len(), 1);
    (tab, reqs[0].clone())
}

#[test]
fn a_lone_tab_claims_the_lease_then_sends_once_the_claim_settles() {
    let (_, req) = sending(Policy::default());
    let expected = Request {
        id: id(1),
        attempt: 1,
        body: body(1),
        deadline: T0 + SETTLE + 10_000,
        transport: Transport::Fetch,
        forget: false,
    };
    assert_eq!(req, expected);
}

#[test]
fn the_attempt_is_persisted_before_the_request_leaves() {
    let mut tab = Tab::open("tab-a", Policy::default(), &Snapshot::default(), T0);
    tab.handle(enqueue(1, T0), T0);
    let effects = tab.advance(T0 + SETTLE);
    let persist = effects.iter().position(|e| matches!(e, Effect::Persist(_))).unwrap();
    let send = effects.iter().position(|e| matches!(e, Effect::Send(_))).unwrap();
    assert!(persist < send);
    assert_eq!(persisted(&effects).unwrap().pending_ids(), [id(1)]);
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Delivered,
    Dropped(u16),
    /// Retried no sooner than `.0` and no later than `.1` after the answer.
    RetryWithin(Millis, Millis),
}

#[test]
fn the_status_code_matrix_decides_retry_or_drop() {
    let backoff = Expect::RetryWithin(250, 500);
    let cases: [(Outcome, Expect); 16] = [
        (response(200, None), Expect::Delivered),
        (response(201, None), Expect::Delivered),
        (response(400, None), Expect::Dropped(400)),
        (response(408, None), backoff),
        (response(413, None), Expect::Dropped(413)),
        (response(422, None), Expect::Dropped(422)),
        (response(429, None), backoff),
        (response(429, Some("30")), Expect::RetryWithin(30_000, 30_000)),
        (response(429, Some("3600")), Expect::RetryWithin(300_000, 300_000)),
        (response(500, None), backoff),
        (response(503, Some("Fri, 15 Jan 2027 08:00:21 GMT")), Expect::RetryWithin(20_000, 20_000)),
        (response(503, Some("0")), backoff),
        (response(503, Some("soon")), backoff),
        (response(302, None), backoff),
        (Outcome::NetworkError, backoff),
        (Outcome::Timeout, backoff),
    ];
    for (outcome, expected) in cases {
        let (mut tab, req) = sending(Policy::default());
        let now = T0 + 1_000;
        let effects = tab.handle(answer(&req, outcome.clone()), now);
        let got = match endings(&effects).as_slice() {
            [Effect::Delivered { .. }] => Expect::Delivered,
            [Effect::Dropped { reason: DropReason::Rejected { status }, .. }] => Expect::Dropped(*status),
            [] => {
                let at = retry_at(&effects).unwrap_or_else(|| panic!("{outcome:?}: neither ended nor retried"));
                match expected {
                    Expect::RetryWithin(lo, hi) if (lo..=hi).contains(&(at - now)) => expected,
                    _ => Expect::RetryWithin(at - now, at - now),
                }
            }
            other => panic!("{outcome:?}: {other:?}"),
        };
        assert_eq!(got, expected, "{outcome:?}");
    }
}

#[test]
fn retries_back_off_doubling_from_half_a_second_to_a_minute_and_fire_on_time() {
    let policy = Policy::default();
    let (mut tab, mut req) = sending(policy.clone());
    let mut now = T0 + 1_000;
    for failure in 1..=12 {
        let at = retry_at(&tab.handle(answer(&req, response(500, None)), now)).unwrap();
        let nominal = nominal_backoff(&policy, failure);
        assert!((nominal / 2..=nominal).contains(&(at - now)), "failure {failure}: {} ms", at - now);
        assert!(at - now <= 60_000);
        assert!(sends(&tab.advance(at - 1)).is_empty(), "not before its time");
        let next = sends(&tab.advance(at));
        assert_eq!(next.len(), 1, "sent when its timer fires");
        req = next[0].clone();
        assert_eq!(req.attempt, failure + 1);
        now = at + 30;
    }
}

#[test]
fn a_delivered_item_is_never_sent_again() {
    let (mut tab, req) = sending(Policy::default());
    let effects = tab.handle(answer(&req, response(201, None)), T0 + 300);
    assert_eq!(endings(&effects), [Effect::Delivered { id: id(1) }]);
    assert!(sends(&tab.handle(enqueue(1, T0), T0 + 400)).is_empty());
    for later in [T0 + 1_000, T0 + 3_600_000] {
        assert!(sends(&tab.advance(later)).is_empty());
        assert!(sends(&tab.handle(Input::Online, later)).is_empty());
        assert!(sends(&tab.handle(Input::PageHidden, later)).is_empty());
    }
    assert_eq!(tab.outbox.counts(), Counts { delivered: 1, ..Counts::default() });
}

#[test]
fn the_servers_reason_for_refusing_is_logged_once() {
    let mut tab = Tab::open("tab-a", Policy { max_in_flight: 3, ..Policy::default() }, &Snapshot::default(), T0);
    for n in 1..=3 {
        tab.handle(enqueue(n, T0), T0);
    }
    let reqs = sends(&tab.advance(T0 + SETTLE));
    assert_eq!(reqs.len(), 3);
    let refuse =
        |message: &str| Outcome::Response { status: 422, retry_after: None, message: Some(message.to_owned()) };
    let messages = ["answers[0].value: must be 1-5", "answers[0].value: must be 1-5", "v: must be 1"];
    let mut warnings = Vec::new();
    for (req, message) in reqs.iter().zip(messages) {
        for e in tab.handle(answer(req, refuse(message)), T0 + 500) {
            match e {
                Effect::Warn(w) => warnings.push(w),
                Effect::Dropped { reason, .. } => assert_eq!(reason, DropReason::Rejected { status: 422 }),
                _ => {}
            }
        }
    }
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("422") && warnings[0].contains("answers[0].value: must be 1-5"));
    assert_eq!(tab.outbox.counts().rejected, 3);
}

#[test]
fn beyond_max_items_the_oldest_is_dropped_with_a_counted_reason() {
    let policy = Policy { max_items: 3, max_in_flight: 1, ..Policy::default() };
    let mut tab = Tab::open("tab-a", policy, &Snapshot::default(), T0);
    for n in 1..=5 {
        tab.handle(enqueue(n, T0 + Millis::from(n)), T0 + Millis::from(n));
    }
    let effects = tab.advance(T0 + 1 + SETTLE);
    let dropped = [
        Effect::Dropped { id: id(1), reason: DropReason::Overflow },
        Effect::Dropped { id: id(2), reason: DropReason::Overflow },
    ];
    assert_eq!(endings(&effects), dropped);
    assert_eq!(sends(&effects)[0].id, id(3));
    assert_eq!(tab.outbox.counts().overflow, 2);
    assert_eq!(tab.outbox.snapshot().pending_ids(), [id(3), id(4), id(5)]);
}

#[test]
fn beyond_max_stored_bytes_the_oldest_is_dropped_too() {
    let policy = Policy { max_stored_bytes: 2 * body(1).len(), max_body_bytes: body(1).len(), ..Policy::default() };
    let mut tab = Tab::open("tab-a", policy, &Snapshot::default(), T0);
    for n in 1..=3 {
        tab.handle(enqueue(n, T0 + Millis::from(n)), T0 + Millis::from(n));
    }
    let effects = tab.advance(T0 + 1 + SETTLE);
    assert_eq!(endings(&effects), [Effect::Dropped { id: id(1), reason: DropReason::Overflow }]);
}

#[test]
fn a_body_over_the_limit_is_dropped_at_once_never_stored() {
    let policy = Policy { max_body_bytes: 10, ..Policy::default() };
    let mut tab = Tab::open("tab-a", policy, &Snapshot::default(), T0);
    let effects = tab.handle(enqueue(1, T0), T0);
    assert_eq!(endings(&effects), [Effect::Dropped { id: id(1), reason: DropReason::TooLarge }]);
    assert!(persisted(&effects).unwrap().pending_ids().is_empty());
    // Counted by whichever tab holds the lease next: here this one, once its claim settles.
    tab.advance(T0 + SETTLE);
    assert_eq!(tab.outbox.counts().too_large, 1);
}

#[test]
fn an_item_that_outlives_max_age_is_dropped_as_expired() {
    let policy = Policy { max_age: 120_000, forget_after: 240_000, ..Policy::default() };
    let (mut tab, first) = sending(policy);
    let mut effects = tab.handle(answer(&first, Outcome::NetworkError), T0 + 300);
    let mut now = T0 + 300;
    while endings(&effects).is_empty() {
        assert!(now < T0 + 240_000, "should have given up by now");
        now += 10;
        effects = tab.advance(now);
        for req in sends(&effects) {
            effects.extend(tab.handle(answer(&req, Outcome::NetworkError), now));
        }
    }
    assert_eq!(endings(&effects), [Effect::Dropped { id: id(1), reason: DropReason::Expired }]);
    assert!((T0 + 120_000..T0 + 120_000 + 60_000).contains(&now), "dropped at {}", now - T0);
    assert_eq!(tab.outbox.counts().expired, 1);
}

#[test]
fn online_waives_our_own_backoff_but_not_the_servers_retry_after() {
    let (mut tab, req) = sending(Policy::default());
    let now = T0 + 1_000;
    tab.handle(answer(&req, response(429, Some("120"))), now);
    assert!(sends(&tab.handle(Input::Online, now + 1_000)).is_empty());
    assert!(sends(&tab.advance(now + 119_999)).is_empty());
    assert_eq!(sends(&tab.advance(now + 120_000)).len(), 1);

    let (mut tab, mut req) = sending(Policy::default());
    let mut now = T0 + 1_000;
    for _ in 0..6 {
        let at = retry_at(&tab.handle(answer(&req, Outcome::NetworkError), now)).unwrap();
        req = sends(&tab.advance(at))[0].clone();
        now = at + 10;
    }
    let at = retry_at(&tab.handle(answer(&req, Outcome::NetworkError), now)).unwrap();
    assert!(at - now >= 16_000, "our own backoff is long by now");
    assert!(sends(&tab.advance(now + 100)).is_empty());
    assert_eq!(sends(&tab.handle(Input::Online, now + 100)).len(), 1, "back online: sent at once");
}

#[test]
fn an_unanswered_request_times_out_at_its_deadline() {
    let (mut tab, req) = sending(Policy::default());
    assert!(retry_at(&tab.advance(req.deadline - 1)).is_none());
    assert!(retry_at(&tab.advance(req.deadline)).is_some());
    // The adapter's own timeout report, arriving after, changes nothing.
    let late = tab.handle(answer(&req, Outcome::Timeout), req.deadline + 1);
    assert!(retry_at(&late).is_none() && sends(&late).is_empty());
}

#[test]
fn a_late_2xx_after_the_deadline_still_counts_as_delivered() {
    let (mut tab, req) = sending(Policy::default());
    tab.advance(req.deadline);
    let effects = tab.handle(answer(&req, response(200, None)), req.deadline + 5);
    assert_eq!(endings(&effects), [Effect::Delivered { id: id(1) }]);
    assert!(sends(&tab.advance(req.deadline + 600_000)).is_empty());
}

#[test]
fn after_a_crash_the_next_page_waits_out_the_dead_tabs_lease_then_resends() {
    let (crashed, req) = sending(Policy::default());
    let stored = Snapshot::from_json(&crashed.outbox.snapshot().to_json()).unwrap();
    drop(crashed);
    let mut next = Tab::open("tab-b", Policy::default(), &stored, T0 + 1_000);
    let lease_end = next.timer.unwrap();
    assert!(lease_end >= req.deadline + SETTLE, "the dead tab's request is over before anyone resends");
    assert!(sends(&next.advance(lease_end + SETTLE - 1)).is_empty(), "its own claim settles first");
    let reqs = sends(&next.advance(lease_end + SETTLE));
    assert_eq!((reqs[0].id.as_str(), reqs[0].attempt), (id(1).as_str(), 2));
}

#[test]
fn a_reload_after_delivery_sends_nothing() {
    let (mut tab, req) = sending(Policy::default());
    let stored = persisted(&tab.handle(answer(&req, response(200, None)), T0 + 300)).unwrap();
    let stored = Snapshot::from_json(&stored.to_json()).unwrap();
    let mut next = Tab::open("tab-b", Policy::default(), &stored, T0 + 400);
    assert!(sends(&next.advance(T0 + 3_600_000)).is_empty());
    assert!(sends(&next.handle(Input::PageHidden, T0 + 3_600_000)).is_empty());
    assert_eq!(next.outbox.counts().delivered, 1);
}

#[test]
fn page_hidden_flushes_through_keepalive_within_the_budget_then_shortens_the_lease() {
    let big =
        |n: u32| Input::Enqueue { id: id(n), body: format!("{:<25000}", body(n)), created_at: T0 + Millis::from(n) };
    let policy = Policy { max_in_flight: 1, ..Policy::default() };
    let mut tab = Tab::open("tab-a", policy, &Snapshot::default(), T0);
    for n in 1..=4 {
        tab.handle(big(n), T0 + Millis::from(n));
    }
    assert_eq!(sends(&tab.advance(T0 + 1 + SETTLE)).len(), 1);
    let hidden_at = T0 + 1_000;
    let effects = tab.handle(Input::PageHidden, hidden_at);
    let beacons = sends(&effects);
    assert_eq!(beacons.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), [id(2), id(3)], "60 000 bytes fit two");
    assert!(beacons.iter().all(|r| r.transport == Transport::Keepalive && r.body.len() < 60_000));
    assert!(!tab.outbox.is_sender(hidden_at));
    // Another tab may take over once this tab's requests are over, and no sooner.
    let other = Tab::open("tab-b", Policy::default(), &persisted(&effects).unwrap(), hidden_at + 1);
    assert_eq!(other.timer, Some(hidden_at + 10_000 + SETTLE));
}

#[test]
fn page_hidden_right_after_submit_sends_without_waiting_for_the_claim_to_settle() {
    let mut tab = Tab::open("tab-a", Policy::default(), &Snapshot::default(), T0);
    tab.handle(enqueue(1, T0), T0);
    let reqs = sends(&tab.handle(Input::PageHidden, T0 + 20));
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].transport, Transport::Keepalive);
}

#[test]
fn page_hidden_honours_a_servers_retry_after() {
    let (mut tab, req) = sending(Policy::default());
    tab.handle(answer(&req, response(503, Some("60"))), T0 + 500);
    assert!(sends(&tab.handle(Input::PageHidden, T0 + 1_000)).is_empty());
}

#[test]
fn a_second_tab_leaves_sending_to_the_lease_holder() {
    let policy = Policy::default();
    let (mut a, first) = sending(policy.clone());
    let mut b = Tab::open("tab-b", policy, a.outbox.snapshot(), T0 + 300);
    let effects = b.handle(enqueue(2, T0 + 300), T0 + 300);
    assert!(sends(&effects).is_empty());
    assert!(sends(&b.advance(T0 + 5_000)).is_empty());
    let reqs = sends(&a.handle(Input::Stored(persisted(&effects).unwrap()), T0 + 310));
    assert_eq!(reqs.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), [id(2)]);
    assert_ne!(reqs[0].id, first.id);
}

#[test]
fn concurrent_claims_settle_on_exactly_one_sender() {
    for (a_name, b_name) in [("tab-a", "tab-b"), ("tab-b", "tab-a")] {
        let mut a = Tab::open(a_name, Policy::default(), &Snapshot::default(), T0);
        let mut b = Tab::open(b_name, Policy::default(), &Snapshot::default(), T0);
        let from_a = persisted(&a.handle(enqueue(1, T0), T0)).unwrap();
        let from_b = persisted(&b.handle(enqueue(2, T0 + 5), T0 + 5)).unwrap();
        a.handle(Input::Stored(from_b), T0 + 30);
        b.handle(Input::Stored(from_a), T0 + 40);
        let a_sends = sends(&a.advance(T0 + SETTLE));
        let b_sends = sends(&b.advance(T0 + 5 + SETTLE));
        let t = T0 + 5 + SETTLE;
        assert_eq!(u8::from(a.outbox.is_sender(t)) + u8::from(b.outbox.is_sender(t)), 1);
        let winner = if a.outbox.is_sender(t) { a_sends } else { b_sends };
        assert_eq!(winner.len(), 2, "the winner sends both tabs' items");
    }
}

#[test]
fn a_write_lost_to_another_tab_is_written_again() {
    let mut a = Tab::open("tab-a", Policy::default(), &Snapshot::default(), T0);
    let mut b = Tab::open("tab-b", Policy::default(), &Snapshot::default(), T0);
    a.handle(enqueue(1, T0), T0);
    // B never saw A's write and overwrote it; A hears of B's write...
    let from_b = persisted(&b.handle(enqueue(2, T0 + 1), T0 + 1)).unwrap();
    let effects = a.handle(Input::Stored(from_b), T0 + 2);
    // ... and writes the union back.
    let healed = persisted(&effects).expect("A must write again");
    assert_eq!(healed.pending_ids(), [id(1), id(2)]);
}

#[test]
fn policies_that_break_a_guarantee_are_refused_up_front() {
    let policy = Policy { lease_ttl: 1_000, ..Policy::default() };
    assert!(matches!(Outbox::new(policy, "tab", 1), Err(PolicyError::LeaseTooShort { .. })));
}
