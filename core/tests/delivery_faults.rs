//! Fault simulation of delivery: for any sequence of submissions, network
//! weather, crashes, reloads, hidden pages and time jumps across two tabs that
//! share one localStorage, every submission ends exactly once (delivered and
//! stored exactly once, or dropped with a recorded reason), no item is in flight
//! in two places at once, nothing is sent after a 2xx, and no retry is scheduled
//! beyond the cap.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

#[path = "delivery_faults/collector.rs"]
mod collector;
#[path = "delivery_faults/sim.rs"]
mod sim;

use proptest::prelude::*;
use sim::{Kind, Step, Tally, Weather, World};
use touchpoint_core::delivery::{Millis, Policy};

/// Storage events arrive within this long: under half the lease's settle time.
const PROPAGATION: Millis = 100;

fn policy(max_items: usize, max_in_flight: usize, max_age_min: i64) -> Policy {
    let max_age = max_age_min * 60_000;
    Policy {
        max_items,
        max_stored_bytes: 20_000,
        max_body_bytes: 1_000,
        max_age,
        max_retry_after: 120_000,
        max_in_flight,
        keepalive_budget: 2_500,
        forget_after: max_age + 3_600_000,
        max_tombstones: 4,
        ..Policy::default()
    }
}

fn arb_weather() -> impl Strategy<Value = Weather> {
    prop_oneof![
        3 => Just(Weather::Calm),
        3 => Just(Weather::Flaky),
        2 => Just(Weather::Offline),
        1 => Just(Weather::RateLimited),
        1 => Just(Weather::Overloaded),
        1 => Just(Weather::Hanging),
    ]
}

fn arb_kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        8 => (0u16..900).prop_map(|pad| Kind::Valid { pad }),
        1 => prop::sample::select(vec![400u16, 413, 422]).prop_map(Kind::Refused),
        1 => Just(Kind::TooLarge),
    ]
}

fn arb_wait() -> impl Strategy<Value = Millis> {
    prop_oneof![
        6 => 0i64..300,
        5 => 300i64..15_000,
        3 => 15_000i64..400_000,
        1 => 400_000i64..5_400_000,
    ]
}

fn arb_step() -> impl Strategy<Value = Step> {
    let tab = 0usize..2;
    prop_oneof![
        25 => (tab.clone(), arb_kind()).prop_map(|(tab, kind)| Step::Submit { tab, kind }),
        3 => (0usize..4).prop_map(|back| Step::Resubmit { back }),
        30 => arb_wait().prop_map(Step::Wait),
        4 => tab.clone().prop_map(Step::Crash),
        4 => tab.clone().prop_map(Step::Navigate),
        4 => tab.clone().prop_map(Step::Hide),
        2 => tab.clone().prop_map(Step::Close),
        4 => tab.prop_map(Step::Online),
        8 => arb_weather().prop_map(Step::Weather),
    ]
}

fn run(policy: Policy, steps: &[Step], seed: u64) -> (Tally, Vec<String>) {
    run_in(policy, steps, seed, false)
}

fn run_in(policy: Policy, steps: &[Step], seed: u64, overwrite: bool) -> (Tally, Vec<String>) {
    let mut world = World::new(policy, PROPAGATION, seed, overwrite);
    for step in steps {
        world.step(*step);
    }
    let tally = world.heal();
    (tally, world.violations)
}

proptest! {
    // 256 worlds by default; PROPTEST_CASES=20000 for a soak.
    #[test]
    fn every_submission_ends_exactly_once_whatever_happens(
        steps in prop::collection::vec(arb_step(), 1..80),
        seed: u64,
        max_items in 2usize..7,
        max_in_flight in 1usize..4,
        max_age_min in 5i64..60,
    ) {
        let (tally, violations) = run(policy(max_items, max_in_flight, max_age_min), &steps, seed);
        prop_assert!(violations.is_empty(), "{violations:#?}\n{tally:?}");
        prop_assert_eq!(tally.lost, 0);
        prop_assert_eq!(tally.duplicated, 0);
        prop_assert_eq!(
            tally.delivered + tally.rejected + tally.expired + tally.overflow + tally.too_large,
            tally.submitted
        );
    }
}

/// Steps under which an adapter that overwrites storage (no read-merge-write)
/// still loses nothing: every tab lives on to hear the other's writes.
fn arb_gentle_step() -> impl Strategy<Value = Step> {
    let tab = 0usize..2;
    prop_oneof![
        25 => (tab.clone(), arb_kind()).prop_map(|(tab, kind)| Step::Submit { tab, kind }),
        30 => arb_wait().prop_map(Step::Wait),
        4 => tab.clone().prop_map(Step::Hide),
        4 => tab.prop_map(Step::Online),
        8 => arb_weather().prop_map(Step::Weather),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn tabs_rewrite_what_an_overwriting_write_lost(
        steps in prop::collection::vec(arb_gentle_step(), 1..60),
        seed: u64,
    ) {
        let (tally, violations) = run_in(policy(6, 2, 30), &steps, seed, true);
        prop_assert!(violations.is_empty(), "{violations:#?}\n{tally:?}");
        prop_assert_eq!(tally.lost, 0);
    }
}

/// The property above is only as good as what its random worlds do: across a
/// fixed sample they must produce every ending, both tabs sending, keepalive
/// flushes, and repeats the collector had to absorb.
#[test]
fn the_random_worlds_exercise_every_ending_and_both_tabs() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let mut total = Tally::default();
    let mut both_tabs_sent = 0;
    for seed in 0..50 {
        let steps = prop::collection::vec(arb_step(), 40..80).new_tree(&mut runner).unwrap().current();
        let (t, violations) = run(policy(3, 2, 10), &steps, seed);
        assert!(violations.is_empty(), "{violations:#?}");
        total += &t;
        both_tabs_sent += usize::from(t.by_tab[0] > 0 && t.by_tab[1] > 0);
    }
    println!("{total:?}");
    let Tally { delivered, rejected, expired, overflow, too_large, keepalive, repeats_absorbed, .. } = total;
    for (what, n) in [
        ("delivered", delivered),
        ("rejected", rejected),
        ("expired", expired),
        ("overflow", overflow),
        ("too large", too_large),
        ("keepalive requests", keepalive),
        ("repeats absorbed", repeats_absorbed),
        ("worlds where both tabs sent", both_tabs_sent),
    ] {
        assert!(n >= 5, "only {n} {what}");
    }
}

/// The scenarios of the end-to-end fault suite, in the simulated world, with the
/// numbers the suite reports: submitted / stored / duplicates / lost.
#[test]
fn named_fault_scenarios_store_every_submission_exactly_once() {
    let valid = Kind::Valid { pad: 200 };
    let submit = |tab| Step::Submit { tab, kind: valid };
    let five = |tab| [submit(tab), submit(tab), submit(tab), submit(tab), submit(tab)];
    let scenarios: Vec<(&str, Vec<Step>)> = vec![
        ("calm", five(0).to_vec()),
        (
            "first attempts fail",
            [vec![Step::Weather(Weather::Flaky)], five(0).to_vec(), vec![Step::Wait(120_000)]].concat(),
        ),
        (
            "503 with Retry-After",
            [vec![Step::Weather(Weather::Overloaded)], five(0).to_vec(), vec![Step::Wait(300_000)]].concat(),
        ),
        (
            "429 with Retry-After",
            [vec![Step::Weather(Weather::RateLimited)], five(0).to_vec(), vec![Step::Wait(300_000)]].concat(),
        ),
        (
            "hanging requests, then a reload",
            [vec![Step::Weather(Weather::Hanging)], five(0).to_vec(), vec![Step::Wait(3_000), Step::Navigate(0)]]
                .concat(),
        ),
        ("navigation right after submit", vec![submit(0), Step::Navigate(0), submit(0), Step::Navigate(0)]),
        (
            "offline for a while, then back",
            [
                vec![Step::Weather(Weather::Offline)],
                five(0).to_vec(),
                vec![Step::Wait(600_000), Step::Weather(Weather::Calm), Step::Online(0)],
            ]
            .concat(),
        ),
        (
            "two tabs draining one outbox",
            [five(0).to_vec(), five(1).to_vec(), vec![Step::Wait(50), Step::Crash(0)], five(1).to_vec()].concat(),
        ),
        (
            "crashes mid-run",
            [
                vec![Step::Weather(Weather::Flaky)],
                five(0).to_vec(),
                vec![Step::Wait(700), Step::Crash(0)],
                five(1).to_vec(),
                vec![Step::Wait(400), Step::Crash(1)],
            ]
            .concat(),
        ),
    ];
    println!(
        "{:<34} {:>9} {:>6} {:>10} {:>4} {:>8} {:>9}",
        "scenario", "submitted", "stored", "duplicates", "lost", "requests", "absorbed"
    );
    for (name, steps) in scenarios {
        let mut totals = Tally::default();
        for seed in 0..20 {
            let (tally, violations) = run(policy(100, 4, 60), &steps, seed);
            assert!(violations.is_empty(), "{name}, seed {seed}: {violations:#?}");
            assert_eq!((tally.lost, tally.duplicated), (0, 0), "{name}, seed {seed}");
            assert_eq!(tally.delivered, tally.submitted, "{name}, seed {seed}: {tally:?}");
            totals += &tally;
        }
        println!(
            "{name:<34} {:>9} {:>6} {:>10} {:>4} {:>8} {:>9}",
            totals.submitted,
            totals.delivered,
            totals.duplicated,
            totals.lost,
            totals.requests,
            totals.repeats_absorbed
        );
    }
}
