//! "Now" for the channel directory: fixed in tests, else the visitor's clock, re-read every
//! minute so "Open now" stops being said when a channel closes.

use yew::prelude::*;

use crate::browser;
use crate::browser::timer::Interval;

const MINUTE_MS: i64 = 60_000;
/// How often the clock is looked at: a closing shows within this of its minute.
const TICK_MS: i32 = 5_000;

/// Milliseconds since the Unix epoch: `fixed` when given, else `Date.now()`. Without
/// `fixed`, the component re-renders whenever the minute changes.
#[hook]
pub fn use_now(fixed: Option<i64>) -> i64 {
    let minute = use_state_eq(|| browser::now_ms() / MINUTE_MS);
    use_effect_with(fixed.is_none(), move |ticking| {
        // Setting the same minute is a no-op (`use_state_eq`): one render per minute.
        let interval = ticking.then(|| Interval::every(TICK_MS, move || minute.set(browser::now_ms() / MINUTE_MS)));
        move || drop(interval)
    });
    fixed.unwrap_or_else(browser::now_ms)
}
