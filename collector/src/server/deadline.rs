//! When a connection must have done its next step, as a value: no clock, no I/O.
//! The connection task feeds it what happened (bytes arrived, a request head was
//! parsed, its body ended, a response started or ended) with the time, and closes
//! the connection once [`Deadline::expired`] says so.
//!
//! Each deadline is total, set when its phase starts and never pushed back by
//! progress within it: a client that trickles one byte a second is closed when its
//! time is up, however many bytes it has sent.
//!
//! ```text
//!            first bytes              head parsed           body ended
//!  Waiting ───────────────▶ Head ───────────────▶ Body ───────────────▶ Handling
//!  (new: head timeout;      (head                 (body                 (no deadline: the
//!   kept alive: idle)        timeout)              timeout)              database's own bound)
//!     ▲                                                                     │ response
//!     └──────────────────────── Responding (idle timeout) ◀─────────────────┘
//!                 response sent
//! ```
//!
//! A request without a body goes from Head straight to Handling; a response given
//! before its body was read (a refusal) goes to Responding all the same.

use std::time::Duration;

use tokio::time::Instant;

/// How long each phase may last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// From a request's first byte (or, on a new connection, from the accept) to its
    /// last header line.
    pub head: Duration,
    /// From the parsed head to the body's last byte.
    pub body: Duration,
    /// Between requests on a kept-alive connection, and to take a response.
    pub idle: Duration,
}

impl Default for Timeouts {
    /// Head 10 s: a request head is a few hundred bytes to 2 KB, under 2 s on the
    /// slowest mobile link. Body 15 s: the 64 KiB largest body at 35 kbit/s (2G);
    /// a widget's usual 1 KB takes well under a second anywhere. Idle 75 s: longer
    /// than the 60 s that nginx and cloud load balancers keep an idle upstream
    /// connection, so the proxy always closes first and never sends a post down a
    /// connection this side is closing.
    fn default() -> Self {
        Timeouts { head: Duration::from_secs(10), body: Duration::from_secs(15), idle: Duration::from_secs(75) }
    }
}

/// Where a connection is in its request cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Nothing of the next request has arrived; `fresh` on a new connection.
    Waiting { fresh: bool },
    /// Part of a request head has arrived.
    Head,
    /// The head is in; the body is arriving.
    Body,
    /// The request is in; the handler is working.
    Handling,
    /// The response is being sent.
    Responding,
}

impl Phase {
    /// The name `/metrics` counts a timeout under: `head` (a new connection that sent
    /// nothing counts here too: it owed a head), `body`, `idle` or `response`.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Waiting { fresh: true } | Phase::Head => "head",
            Phase::Waiting { fresh: false } => "idle",
            Phase::Body => "body",
            Phase::Handling => "handling",
            Phase::Responding => "response",
        }
    }
}

/// A connection's phase and the instant it must have left it by.
#[derive(Debug, Clone)]
pub struct Deadline {
    timeouts: Timeouts,
    phase: Phase,
    until: Option<Instant>,
}

impl Deadline {
    /// A connection accepted at `now`: it owes a request head within the head timeout.
    pub fn new(timeouts: Timeouts, now: Instant) -> Deadline {
        Deadline { timeouts, phase: Phase::Waiting { fresh: true }, until: Some(now + timeouts.head) }
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// When the current phase must be over; `None` while the handler works.
    pub fn until(&self) -> Option<Instant> {
        self.until
    }

    /// The phase that ran out of time, if it has at `now`.
    pub fn expired(&self, now: Instant) -> Option<Phase> {
        self.until.filter(|until| now >= *until).map(|_| self.phase)
    }

    /// Bytes arrived at `now`. Only the first bytes of a request matter: they start
    /// the head's clock (on a new connection it has run since the accept).
    pub fn bytes_arrived(&mut self, now: Instant) -> Change {
        match self.phase {
            Phase::Waiting { fresh: false } => self.enter(Phase::Head, Some(now + self.timeouts.head)),
            Phase::Waiting { fresh: true } => self.enter(Phase::Head, self.until),
            _ => Change::Later,
        }
    }

    /// A request head was parsed at `now`; `has_body` unless it declared none.
    pub fn request(&mut self, now: Instant, has_body: bool) -> Change {
        if has_body {
            self.enter(Phase::Body, Some(now + self.timeouts.body))
        } else {
            self.enter(Phase::Handling, None)
        }
    }

    /// The request body's last byte arrived.
    pub fn body_ended(&mut self) -> Change {
        if self.phase == Phase::Body { self.enter(Phase::Handling, None) } else { Change::Later }
    }

    /// The handler answered at `now`; the response must be taken within the idle timeout.
    pub fn responding(&mut self, now: Instant) -> Change {
        self.enter(Phase::Responding, Some(now + self.timeouts.idle))
    }

    /// The response's last byte was handed over at `now`: the connection waits for the next request.
    pub fn response_ended(&mut self, now: Instant) -> Change {
        if self.phase == Phase::Responding {
            self.enter(Phase::Waiting { fresh: false }, Some(now + self.timeouts.idle))
        } else {
            Change::Later
        }
    }

    fn enter(&mut self, phase: Phase, until: Option<Instant>) -> Change {
        let sooner = match (self.until, until) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(old), Some(new)) => new < old,
        };
        self.phase = phase;
        self.until = until;
        if sooner { Change::Sooner } else { Change::Later }
    }
}

/// Whether a transition moved the deadline earlier: only then must a task sleeping
/// until the old one be woken (one sleeping too long is woken early and looks again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The deadline is earlier than before (or there was none).
    Sooner,
    /// The same, later, or none.
    Later,
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Timeouts = Timeouts {
        head: Duration::from_millis(300),
        body: Duration::from_millis(500),
        idle: Duration::from_millis(700),
    };

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_new_connection_owes_its_head_from_the_accept_and_trickling_does_not_extend_it() {
        let t0 = Instant::now();
        let mut d = Deadline::new(T, t0);
        assert_eq!(d.expired(t0 + ms(299)), None);
        d.bytes_arrived(t0 + ms(200));
        for step in 0..5 {
            d.bytes_arrived(t0 + ms(210 + step * 10));
        }
        assert_eq!(d.phase(), Phase::Head);
        assert_eq!(d.until(), Some(t0 + ms(300)), "the head's clock started at the accept");
        assert_eq!(d.expired(t0 + ms(300)), Some(Phase::Head));
    }

    #[test]
    fn a_body_has_its_own_total_deadline_from_the_parsed_head() {
        let t0 = Instant::now();
        let mut d = Deadline::new(T, t0);
        d.bytes_arrived(t0);
        d.request(t0 + ms(100), true);
        for step in 1..50 {
            d.bytes_arrived(t0 + ms(100 + step * 10));
        }
        assert_eq!(d.expired(t0 + ms(599)), None);
        assert_eq!(d.expired(t0 + ms(600)), Some(Phase::Body));
    }

    #[test]
    fn the_handler_has_no_deadline_and_the_response_must_be_taken_within_the_idle_timeout() {
        let t0 = Instant::now();
        let mut d = Deadline::new(T, t0);
        d.request(t0, true);
        assert_eq!(d.body_ended(), Change::Later);
        assert_eq!(d.until(), None);
        assert_eq!(d.expired(t0 + Duration::from_secs(3600)), None);
        assert_eq!(d.responding(t0 + ms(1000)), Change::Sooner, "a sleeping watcher must be woken");
        assert_eq!(d.expired(t0 + ms(1700)), Some(Phase::Responding));
    }

    #[test]
    fn a_kept_alive_connection_may_idle_then_owes_the_head_from_its_first_byte() {
        let t0 = Instant::now();
        let mut d = Deadline::new(T, t0);
        d.request(t0, false);
        d.responding(t0);
        d.response_ended(t0 + ms(10));
        assert_eq!(d.phase(), Phase::Waiting { fresh: false });
        assert_eq!(d.expired(t0 + ms(709)), None);
        assert_eq!(d.expired(t0 + ms(710)).map(Phase::label), Some("idle"));
        assert_eq!(d.bytes_arrived(t0 + ms(600)), Change::Later, "a head begun at 600 ms has until 900 ms");
        assert_eq!(d.until(), Some(t0 + ms(900)));
    }

    #[test]
    fn the_first_byte_after_idling_starts_the_head_clock() {
        let t0 = Instant::now();
        let mut d = Deadline::new(T, t0);
        d.request(t0, false);
        d.responding(t0);
        d.response_ended(t0);
        assert_eq!(d.bytes_arrived(t0 + ms(100)), Change::Sooner, "head at 400 ms is sooner than idle at 700 ms");
        assert_eq!(d.until(), Some(t0 + ms(400)));
        d.bytes_arrived(t0 + ms(200));
        assert_eq!(d.until(), Some(t0 + ms(400)), "later bytes of the same head change nothing");
    }

    #[test]
    fn a_refusal_before_the_body_was_read_still_waits_only_the_idle_timeout() {
        let t0 = Instant::now();
        let mut d = Deadline::new(T, t0);
        d.request(t0, true);
        d.responding(t0 + ms(5));
        assert_eq!(d.phase(), Phase::Responding);
        assert_eq!(d.body_ended(), Change::Later);
        assert_eq!(d.phase(), Phase::Responding, "a late end of body does not reopen handling");
        d.response_ended(t0 + ms(6));
        assert_eq!(d.until(), Some(t0 + ms(706)));
    }

    #[test]
    fn labels_name_what_the_client_failed_to_do() {
        let labels: Vec<&str> = [
            Phase::Waiting { fresh: true },
            Phase::Head,
            Phase::Body,
            Phase::Waiting { fresh: false },
            Phase::Responding,
        ]
        .into_iter()
        .map(Phase::label)
        .collect();
        assert_eq!(labels, ["head", "head", "body", "idle", "response"]);
    }
}
