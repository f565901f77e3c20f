//! "Now" for the channel directory, by the widget's clock: the visitor's is re-read every
//! few seconds, so "Open now" stops being said when a channel closes; a test's clock is
//! read at each render.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::clock::Clock;
use crate::hooks::use_effect_on::use_effect_on;

const MINUTE_MS: i64 = 60_000;
/// How often the visitor's clock is looked at: a closing shows within this of its minute.
const TICK_MS: u32 = 5_000;

/// Milliseconds since the Unix epoch by `clock`. On the visitor's clock, the component
/// re-renders whenever the minute changes.
#[hook]
pub fn use_now(clock: &Clock) -> i64 {
    let minute = {
        let clock = clock.clone();
        use_state_eq(move || clock.now() / MINUTE_MS)
    };
    let ticking = clock.is_visitor().then(|| clock.clone());
    use_effect_on(ticking, move |ticking| {
        // Setting the same minute is a no-op (`use_state_eq`): one render per minute.
        let interval = ticking.clone().map(|clock| Interval::new(TICK_MS, move || minute.set(clock.now() / MINUTE_MS)));
        move || drop(interval)
    });
    clock.now()
}
