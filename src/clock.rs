//! Whose clock the widget reads and waits on, so tests can drive what production takes
//! from the visitor's browser.
//!
//! The visitor's clock is the page's own `Date.now()` and `setTimeout` (through
//! gloo-timers), so an end-to-end test that installs Playwright's fake clock on the page
//! drives the widget's prompts, retries and leases with it. A browser test instead gives
//! the widget a [`Clock::fixed`] clock, which stands still until the test
//! [advances](Clock::advance) it and runs the timers that fall due on the way.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;

/// The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days): browsers fire
/// longer ones at once. A caller waiting longer re-checks when the shorter wait ends.
pub const LONGEST_TIMEOUT_MS: i64 = i32::MAX as i64;

/// Runs `f` after `ms` milliseconds on the page's own timer, clamped to
/// `0..=`[`LONGEST_TIMEOUT_MS`]; dropping the result cancels it.
pub fn page_timeout(ms: i64, f: impl FnOnce() + 'static) -> Timeout {
    // Lossless: the clamp keeps the value within u32 and i32 alike.
    Timeout::new(ms.clamp(0, LONGEST_TIMEOUT_MS) as u32, f)
}

/// What time it is, how to wait for a later time, and in which zone and locale times are
/// shown. The default is the visitor's own: the page's `Date.now()` and timers, and the
/// browser's `Intl` zone and locale. Tests fix all three so a rendering is reproducible.
#[derive(Clone, Default)]
pub struct Clock {
    /// `None`: the page's clock. A driven clock sits behind a trait object so that its code,
    /// which only tests construct, is left out of the widget's wasm.
    driven: Option<Rc<dyn Driven>>,
    /// The IANA zone times are shown in; `None`: the visitor's.
    pub time_zone: Option<String>,
    /// The BCP 47 locale times are written in; `None`: the visitor's.
    pub locale: Option<String>,
}

impl PartialEq for Clock {
    fn eq(&self, other: &Self) -> bool {
        let same_time = match (&self.driven, &other.driven) {
            (None, None) => true,
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            _ => false,
        };
        same_time && self.time_zone == other.time_zone && self.locale == other.locale
    }
}

/// A pending callback of a [`Clock`]; dropping it cancels the callback.
#[must_use = "a timer is cancelled when dropped"]
pub struct Timer {
    /// Held for its `Drop`, which cancels: gloo's `Timeout`, or a driven clock's entry.
    _pending: Box<dyn Any>,
}

impl Clock {
    /// A clock standing at `ms` (milliseconds since the Unix epoch) until [`Clock::advance`]
    /// moves it, showing times in `time_zone` for `locale`.
    pub fn fixed(ms: i64, time_zone: &str, locale: &str) -> Clock {
        Clock { time_zone: Some(time_zone.to_owned()), locale: Some(locale.to_owned()), ..Clock::driven(ms) }
    }

    /// A clock standing at `ms` until [`Clock::advance`] moves it, showing times in the
    /// visitor's zone and locale.
    pub fn driven(ms: i64) -> Clock {
        let time: Rc<dyn Driven> = Rc::new_cyclic(|me| DrivenTime {
            me: me.clone(),
            now: Cell::new(ms),
            timers: RefCell::default(),
            next_id: Cell::new(0),
        });
        Clock { driven: Some(time), time_zone: None, locale: None }
    }

    /// Milliseconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        match &self.driven {
            None => js_sys::Date::now() as i64,
            Some(time) => time.now(),
        }
    }

    /// Whether this is the visitor's clock (it moves by itself).
    pub fn is_visitor(&self) -> bool {
        self.driven.is_none()
    }

    /// Runs `f` once `ms` milliseconds have passed on this clock (the page's timer clamps
    /// beyond [`LONGEST_TIMEOUT_MS`]). Dropping the result cancels it.
    pub fn after(&self, ms: i64, f: impl FnOnce() + 'static) -> Timer {
        let pending: Box<dyn Any> = match &self.driven {
            None => Box::new(page_timeout(ms, f)),
            Some(time) => time.after(ms, Box::new(f)),
        };
        Timer { _pending: pending }
    }

    /// Moves a [`Clock::driven`] clock `ms` forward, running each timer that falls due on
    /// the way at its own instant, in order (timers those set included). Does nothing to
    /// the visitor's clock.
    pub fn advance(&self, ms: i64) {
        if let Some(time) = &self.driven {
            time.advance(ms);
        }
    }
}

/// A clock that moves only when told to.
trait Driven {
    fn now(&self) -> i64;
    fn after(&self, ms: i64, f: Box<dyn FnOnce()>) -> Box<dyn Any>;
    fn advance(&self, ms: i64);
}

/// A waiting callback: (due instant, id, callback).
type Waiting = (i64, u32, Box<dyn FnOnce()>);

struct DrivenTime {
    me: Weak<DrivenTime>,
    now: Cell<i64>,
    timers: RefCell<Vec<Waiting>>,
    next_id: Cell<u32>,
}

/// Cancels its driven timer when dropped.
struct Pending {
    time: Weak<DrivenTime>,
    id: u32,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(time) = self.time.upgrade()
            && let Ok(mut timers) = time.timers.try_borrow_mut()
        {
            timers.retain(|(_, id, _)| *id != self.id);
        }
    }
}

impl Driven for DrivenTime {
    fn now(&self) -> i64 {
        self.now.get()
    }

    fn after(&self, ms: i64, f: Box<dyn FnOnce()>) -> Box<dyn Any> {
        let id = self.next_id.replace(self.next_id.get().wrapping_add(1));
        self.timers.borrow_mut().push((self.now.get() + ms.max(0), id, f));
        Box::new(Pending { time: self.me.clone(), id })
    }

    fn advance(&self, ms: i64) {
        let until = self.now.get() + ms.max(0);
        loop {
            // The earliest due timer (the first set among equals), taken out before it runs:
            // it may set or cancel others.
            let next = {
                let mut timers = self.timers.borrow_mut();
                let earliest = (0..timers.len()).filter(|&i| timers[i].0 <= until).min_by_key(|&i| timers[i].0);
                earliest.map(|i| timers.remove(i))
            };
            let Some((due, _, f)) = next else { break };
            self.now.set(due.max(self.now.get()));
            f();
        }
        self.now.set(until);
    }
}
