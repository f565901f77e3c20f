//! When a touchpoint is due: which touchpoints a page view, a `track` call, a DOM
//! event, exit intent or a passed reply-by arms. Whether an armed touchpoint is then
//! shown is for [`crate::recontact`] to decide.

use crate::config::{Touchpoint, Trigger};
use crate::follow_up::Contact;
use crate::history::History;

/// Something that happened on the page that may make a touchpoint due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal<'a> {
    /// A page load or a single-page-app navigation (pending delayed prompts of the old page are cancelled by the widget).
    PageView { url: &'a str },
    /// The host page called `Touchpoint.track(event)`.
    Track { event: &'a str },
    /// A configured DOM event reached the document.
    DomEvent { event: &'a str },
    /// The pointer left the viewport through the top on the page at `url`.
    ExitIntent { url: &'a str },
}

/// A touchpoint a signal has armed: offer it after `delay_seconds` if the visitor is still on the same page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Armed<'c> {
    pub touchpoint: &'c Touchpoint,
    /// Seconds to wait first; 0 means offer it now.
    pub delay_seconds: u32,
}

/// The touchpoints `signal` arms, in configuration order. Contact follow-ups are
/// never armed by a signal: see [`follow_up_due`].
pub fn armed<'c>(touchpoints: &'c [Touchpoint], signal: &Signal<'_>) -> Vec<Armed<'c>> {
    touchpoints
        .iter()
        .filter_map(|touchpoint| {
            let delay_seconds = match (&touchpoint.trigger, signal) {
                (Trigger::Url { pattern, delay_seconds }, Signal::PageView { url }) if pattern.matches(url) => {
                    *delay_seconds
                }
                (Trigger::ExitIntent { pattern }, Signal::ExitIntent { url })
                    if pattern.as_ref().is_none_or(|p| p.matches(url)) =>
                {
                    0
                }
                (Trigger::Track { event }, Signal::Track { event: e })
                | (Trigger::DomEvent { event }, Signal::DomEvent { event: e })
                    if event == e =>
                {
                    0
                }
                // Every trigger by name, so a new one is a compile error here until it says what arms it.
                (
                    Trigger::Url { .. }
                    | Trigger::ExitIntent { .. }
                    | Trigger::Track { .. }
                    | Trigger::DomEvent { .. }
                    | Trigger::ContactFollowUp { .. },
                    _,
                ) => return None,
            };
            Some(Armed { touchpoint, delay_seconds })
        })
        .collect()
}

/// A contact follow-up that is due: the touchpoint that asks, and the contact it asks about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FollowUpDue<'c, 'h> {
    pub touchpoint: &'c Touchpoint,
    pub contact: &'h Contact,
}

/// The contact follow-up to offer at `now`, if any: the oldest contact not yet asked about
/// whose promised reply-by has passed, no longer ago than its touchpoint's `within_days`,
/// on a channel the touchpoint covers. Check on every page view and at
/// [`History::next_reply_by`].
pub fn follow_up_due<'c, 'h>(
    touchpoints: &'c [Touchpoint],
    history: &'h History,
    now: i64,
) -> Option<FollowUpDue<'c, 'h>> {
    history.contacts.iter().filter(|c| !c.asked).find_map(|contact| {
        let touchpoint = touchpoints.iter().find(|t| match &t.trigger {
            Trigger::ContactFollowUp { channels, within } => {
                (channels.is_empty() || channels.contains(&contact.channel))
                    && contact.reply_by <= now
                    && now < contact.reply_by.saturating_add(within.millis())
            }
            Trigger::Url { .. } | Trigger::ExitIntent { .. } | Trigger::Track { .. } | Trigger::DomEvent { .. } => {
                false
            }
        })?;
        Some(FollowUpDue { touchpoint, contact })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// Which touchpoints of the documented example each signal arms, with their delays.
    #[test]
    fn signals_arm_the_touchpoints_whose_trigger_they_match() {
        let config = Config::from_json(include_str!("../../docs/examples/touchpoints.json")).unwrap();
        let cases: &[(Signal<'_>, &[(&str, u32)])] = &[
            (Signal::PageView { url: "https://northwind.example/pricing/enterprise?x=1" }, &[("pricing", 20)]),
            (Signal::PageView { url: "/products/42/reviews" }, &[("product-review", 0)]),
            (Signal::PageView { url: "/products/42" }, &[]),
            (Signal::PageView { url: "/account/cancel" }, &[]),
            (Signal::Track { event: "checkout-complete" }, &[("checkout", 0)]),
            (Signal::Track { event: "Checkout-Complete" }, &[]),
            (Signal::Track { event: "northwind:project-created" }, &[]),
            (Signal::DomEvent { event: "northwind:project-created" }, &[("onboarding", 0)]),
            (Signal::ExitIntent { url: "/account/cancel/confirm" }, &[("cancel", 0)]),
            (Signal::ExitIntent { url: "/pricing" }, &[]),
        ];
        for (signal, expected) in cases {
            let got: Vec<(&str, u32)> = armed(&config.touchpoints, signal)
                .iter()
                .map(|a| (a.touchpoint.id.as_str(), a.delay_seconds))
                .collect();
            assert_eq!(got, *expected, "{signal:?}");
        }
    }
}
