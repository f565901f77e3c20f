//! Whether an armed touchpoint is shown: the recontact rules that keep prompts
//! rare, and sampling. The random draw and the clock come in as arguments.
//!
//! The rules, checked in this order:
//! 1. at most one prompt per page view;
//! 2. never the same touchpoint twice within `same_touchpoint` (a prompt, a dismissal,
//!    an answer or a sampled-out draw all count, so a visitor outside a sample is not
//!    re-drawn on every page);
//! 3. at most one prompt per `any_touchpoint` across all touchpoints (a dismissal counts;
//!    answers the visitor gave unprompted in the panel do not);
//! 4. the touchpoint's sample.

use crate::config::{Recontact, Touchpoint};
use crate::follow_up::Contact;
use crate::history::History;
use crate::triggers::follow_up_due;

/// What to do with an armed touchpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Show the prompt.
    Show,
    /// Due, but this draw falls outside the touchpoint's sample.
    SampledOut,
    /// Held back by a recontact rule.
    Suppressed(Suppressed),
}

/// Which rule held a prompt back, and until when (ms) where that is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suppressed {
    /// A prompt was already shown on this page view.
    ThisPageView,
    /// This touchpoint was prompted, dismissed, answered or sampled out recently.
    SameTouchpoint { until: i64 },
    /// Another prompt was shown recently.
    AnyTouchpoint { until: i64 },
}

/// Whether a draw in [0, 1) falls inside a sample of `percent` (0-100).
pub fn sampled_in(percent: f64, draw: f64) -> bool {
    percent >= 100.0 || (draw.is_finite() && draw * 100.0 < percent)
}

/// Decides whether to show `touchpoint` now. `page_view_started` is when the current
/// page view began (load or single-page-app navigation); `draw` is uniform in [0, 1).
/// Read the stored history afresh first: another tab may have prompted.
pub fn decide(
    rules: &Recontact,
    history: &History,
    touchpoint: &Touchpoint,
    now: i64,
    page_view_started: i64,
    draw: f64,
) -> Decision {
    let prompts = || history.entries.iter().filter(|e| e.prompted);
    if prompts().any(|e| e.at >= page_view_started) {
        return Decision::Suppressed(Suppressed::ThisPageView);
    }
    let same = touchpoint.recontact.unwrap_or(rules.same_touchpoint).millis();
    let last_same = history.entries.iter().filter(|e| e.touchpoint == touchpoint.id).map(|e| e.at).max();
    if let Some(until) = last_same.map(|at| at.saturating_add(same)).filter(|until| now < *until) {
        return Decision::Suppressed(Suppressed::SameTouchpoint { until });
    }
    let any = rules.any_touchpoint.millis();
    if let Some(until) = prompts().map(|e| e.at.saturating_add(any)).max().filter(|until| now < *until) {
        return Decision::Suppressed(Suppressed::AnyTouchpoint { until });
    }
    if sampled_in(touchpoint.sample_percent, draw) { Decision::Show } else { Decision::SampledOut }
}

/// [`decide`], then records the prompt or the sampled-out draw in `history`. Store the history afterwards.
pub fn offer(
    history: &mut History,
    rules: &Recontact,
    touchpoint: &Touchpoint,
    now: i64,
    page_view_started: i64,
    draw: f64,
) -> Decision {
    let decision = decide(rules, history, touchpoint, now, page_view_started, draw);
    match decision {
        Decision::Show => history.prompted(touchpoint, now),
        Decision::SampledOut => history.sampled_out(touchpoint, now),
        Decision::Suppressed(_) => {}
    }
    decision
}

/// Offers the contact follow-up due now, if any ([`follow_up_due`]): returns the decision, the
/// touchpoint and the contact it asks about. Shown or sampled out, the contact counts as asked.
pub fn offer_follow_up<'c>(
    history: &mut History,
    rules: &Recontact,
    touchpoints: &'c [Touchpoint],
    now: i64,
    page_view_started: i64,
    draw: f64,
) -> Option<(Decision, &'c Touchpoint, Contact)> {
    let due = follow_up_due(touchpoints, history, now)?;
    let (touchpoint, contact) = (due.touchpoint, due.contact.clone());
    let decision = offer(history, rules, touchpoint, now, page_view_started, draw);
    if matches!(decision, Decision::Show | Decision::SampledOut) {
        history.follow_up_asked(&contact.channel, contact.at);
    }
    Some((decision, touchpoint, contact))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Trigger, test_touchpoint as touchpoint};
    use crate::duration::Duration;
    use crate::history::Outcome;
    use crate::wire::Stage;

    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;
    const DAY: i64 = 24 * HOUR;
    const T0: i64 = 1_795_000_000_000;

    fn tp(id: &str) -> Touchpoint {
        touchpoint(id, Trigger::Track { event: id.into() })
    }

    fn history() -> History {
        History::new("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44".into())
    }

    #[test]
    fn sampling_keeps_the_stated_share_of_draws() {
        let cases = [
            (100.0, 0.999_999, true),
            (100.0, 1.0, true),
            (0.0, 0.0, false),
            (25.0, 0.249, true),
            (25.0, 0.25, false),
            (12.5, 0.12, true),
            (50.0, f64::NAN, false),
        ];
        for (percent, draw, inside) in cases {
            assert_eq!(sampled_in(percent, draw), inside, "{percent}% with {draw}");
        }
        let shown = (0..1000).filter(|i| sampled_in(30.0, f64::from(*i) / 1000.0)).count();
        assert_eq!(shown, 300);
    }

    /// Each case: what happened before (touchpoint, outcome, minutes before now), the page view's
    /// age in minutes, and the decision for touchpoint `b` at `now`.
    #[test]
    fn recontact_rules_as_a_table() {
        use Outcome::*;
        let rules = Recontact::default();
        /// What happened before: touchpoint, outcome, minutes before now.
        type Before = &'static [(&'static str, Outcome, i64)];
        let cases: &[(&str, Before, i64, Decision)] = &[
            ("a fresh visitor is asked", &[], 5, Decision::Show),
            ("one prompt per page view", &[("a", Shown, 2)], 5, Decision::Suppressed(Suppressed::ThisPageView)),
            (
                "a dismissal on this page counts",
                &[("a", Dismissed, 1)],
                5,
                Decision::Suppressed(Suppressed::ThisPageView),
            ),
            (
                "a prompt on an earlier page within the hours counts",
                &[("a", Dismissed, 60)],
                5,
                Decision::Suppressed(Suppressed::AnyTouchpoint { until: T0 - 60 * MIN + DAY }),
            ),
            ("after the hours another touchpoint may ask", &[("a", Answered, 25 * 60)], 5, Decision::Show),
            (
                "the same touchpoint waits its days",
                &[("b", Answered, 25 * 60)],
                5,
                Decision::Suppressed(Suppressed::SameTouchpoint { until: T0 - 25 * HOUR + 30 * DAY }),
            ),
            (
                "a sampled-out draw holds the same touchpoint too",
                &[("b", SampledOut, 2)],
                5,
                Decision::Suppressed(Suppressed::SameTouchpoint { until: T0 - 2 * MIN + 30 * DAY }),
            ),
            ("but not the others", &[("a", SampledOut, 2)], 5, Decision::Show),
            ("after its days the same touchpoint asks again", &[("b", Dismissed, 31 * 24 * 60)], 5, Decision::Show),
        ];
        for (name, before, page_age, expected) in cases {
            let mut h = history();
            for (id, outcome, ago) in *before {
                let at = T0 - ago * MIN;
                match outcome {
                    Shown => h.prompted(&tp(id), at),
                    Dismissed => {
                        h.prompted(&tp(id), at);
                        h.dismissed(&tp(id), at);
                    }
                    Answered => {
                        h.prompted(&tp(id), at);
                        h.answered(id, Stage::Use, Some(0.5), at);
                    }
                    SampledOut => h.sampled_out(&tp(id), at),
                }
            }
            assert_eq!(decide(&rules, &h, &tp("b"), T0, T0 - page_age * MIN, 0.5), *expected, "{name}");
        }
    }

    #[test]
    fn answers_given_in_the_panel_are_not_prompts() {
        let mut h = history();
        h.answered("help-panel", Stage::GetHelp, Some(1.0), T0 - MIN);
        assert_eq!(decide(&Recontact::default(), &h, &tp("b"), T0, T0 - 5 * MIN, 0.5), Decision::Show);
    }

    #[test]
    fn a_touchpoint_may_shorten_its_own_wait() {
        let mut h = history();
        h.answered("b", Stage::Use, None, T0 - 3 * DAY);
        let mut b = tp("b");
        b.recontact = Some(Duration::from_secs(2 * 86_400));
        assert_eq!(decide(&Recontact::default(), &h, &b, T0, T0, 0.5), Decision::Show);
    }

    #[test]
    fn zero_windows_leave_only_the_page_view_rule() {
        let rules = Recontact { same_touchpoint: Duration::from_secs(0), any_touchpoint: Duration::from_secs(0) };
        let mut h = history();
        assert_eq!(offer(&mut h, &rules, &tp("b"), T0, T0, 0.1), Decision::Show);
        assert_eq!(offer(&mut h, &rules, &tp("b"), T0 + 1, T0, 0.1), Decision::Suppressed(Suppressed::ThisPageView));
        assert_eq!(offer(&mut h, &rules, &tp("b"), T0 + 2, T0 + 2, 0.1), Decision::Show);
    }

    #[test]
    fn offering_records_prompts_and_sampled_out_draws() {
        let rules = Recontact::default();
        let mut h = history();
        let mut a = tp("a");
        a.sample_percent = 10.0;
        assert_eq!(offer(&mut h, &rules, &a, T0, T0, 0.5), Decision::SampledOut);
        assert_eq!(offer(&mut h, &rules, &tp("b"), T0 + 1, T0, 0.5), Decision::Show);
        let log: Vec<(&str, Outcome)> = h.entries.iter().map(|e| (e.touchpoint.as_str(), e.outcome)).collect();
        assert_eq!(log, [("a", Outcome::SampledOut), ("b", Outcome::Shown)]);
    }

    #[test]
    fn a_follow_up_is_offered_once_its_reply_by_has_passed_and_asked_once() {
        let rules = Recontact::default();
        let follow_up = touchpoint(
            "reply-check",
            Trigger::ContactFollowUp { channels: vec!["email".into()], within: Duration::from_secs(14 * 86_400) },
        );
        let touchpoints = [tp("a"), follow_up];
        let mut h = history();
        h.contacted("chat", None, T0, T0 + HOUR);
        h.contacted("email", Some("billing"), T0, T0 + DAY);
        assert_eq!(
            offer_follow_up(&mut h, &rules, &touchpoints, T0 + 2 * HOUR, T0 + 2 * HOUR, 0.5),
            None,
            "chat is not covered"
        );
        assert_eq!(
            offer_follow_up(&mut h, &rules, &touchpoints, T0 + DAY - 1, T0 + DAY - 1, 0.5),
            None,
            "before reply-by"
        );
        let (decision, asking, contact) =
            offer_follow_up(&mut h, &rules, &touchpoints, T0 + DAY, T0 + DAY, 0.5).unwrap();
        assert_eq!((decision, asking.id.as_str(), contact.channel.as_str()), (Decision::Show, "reply-check", "email"));
        assert_eq!(offer_follow_up(&mut h, &rules, &touchpoints, T0 + 3 * DAY, T0 + 3 * DAY, 0.5), None, "asked once");
    }

    #[test]
    fn a_suppressed_follow_up_waits_and_an_expired_one_is_dropped() {
        let rules = Recontact::default();
        let follow_up = touchpoint(
            "reply-check",
            Trigger::ContactFollowUp { channels: vec![], within: Duration::from_secs(2 * 86_400) },
        );
        let touchpoints = [tp("a"), follow_up];
        let mut h = history();
        h.contacted("email", None, T0, T0 + HOUR);
        offer(&mut h, &rules, &touchpoints[0], T0 + 2 * HOUR, T0 + 2 * HOUR, 0.5);
        let held = offer_follow_up(&mut h, &rules, &touchpoints, T0 + 3 * HOUR, T0 + 3 * HOUR, 0.5).map(|(d, _, _)| d);
        assert_eq!(held, Some(Decision::Suppressed(Suppressed::AnyTouchpoint { until: T0 + 26 * HOUR })));
        let later =
            offer_follow_up(&mut h, &rules, &touchpoints, T0 + 27 * HOUR, T0 + 27 * HOUR, 0.5).map(|(d, _, _)| d);
        assert_eq!(later, Some(Decision::Show));

        let mut h = history();
        h.contacted("email", None, T0, T0 + HOUR);
        assert_eq!(
            offer_follow_up(&mut h, &rules, &touchpoints, T0 + HOUR + 2 * DAY, T0 + 3 * DAY, 0.5),
            None,
            "expired"
        );
    }
}
