//! Which touchpoint to ask about, and when, on the host page. The page's signals
//! (page views, single-page-app navigations, `Touchpoint.track`, configured DOM
//! events, exit intent, a passed reply-by) are turned into core [`Signal`]s;
//! `touchpoint_core` says what they arm and whether the recontact rules let a
//! prompt through ([`recontact::offer`]), and this module carries that out: timers
//! for delayed prompts (cancelled when the page changes), the sampling draw, the
//! stored history. Time is the widget's [`Clock`], so tests drive the delays.
//!
//! [`recontact::offer`]: touchpoint_core::recontact::offer

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions};
use touchpoint_core::Config;
use touchpoint_core::config::{QuestionKind, Touchpoint, Trigger};
use touchpoint_core::follow_up::{Contact, fill_prompt};
use touchpoint_core::id_map::IdMap;
use touchpoint_core::recontact::{self, Decision};
use touchpoint_core::triggers::{Signal, armed};
use wasm_bindgen::JsCast;
use yew::Callback;

use crate::browser::storage::{HistoryWatch, load_history, update_history, watch_history};
use crate::browser::{dates, ids, page};
use crate::clock::{Clock, Timer};
use crate::js_api::{ApiListener, Call, listen};
use crate::state::Prompt;

/// The current page view.
struct PageView {
    /// When it began: the page load, or the single-page-app navigation.
    started: i64,
    /// Prompts waiting for their `delay_seconds` on this page; dropped (cancelled) when it changes.
    delayed: Vec<Timer>,
}

struct Inner {
    config: Rc<Config>,
    clock: Clock,
    /// Asks the widget to show a prompt.
    show: Callback<Prompt>,
    /// The locale dates in follow-up prompts are written for.
    locale: String,
    /// Whether the widget is showing a prompt or the panel: then nothing else is offered.
    busy: Rc<Cell<bool>>,
    page: RefCell<PageView>,
    /// Fires at the next pending reply-by.
    follow_up: RefCell<Option<Timer>>,
}

/// Watches the page and offers touchpoints while it lives; dropping it removes every
/// listener and timer it set.
pub struct Prompter {
    // The listeners and timers hold only weak references: this is the one strong one.
    _inner: Rc<Inner>,
    _navigation: Option<page::NavigationWatch>,
    _listeners: Vec<EventListener>,
    _api: ApiListener,
    _history: HistoryWatch,
}

impl Prompter {
    /// Starts watching, by `clock`. The page view under way counts from the page's load,
    /// so a 20-second delay is 20 seconds on the page, however late the widget arrived.
    /// `Touchpoint.track` calls arm touchpoints; the API's other calls go to `api`. Dates in
    /// follow-up prompts are written for `locale`.
    pub fn start(
        config: Rc<Config>,
        show: Callback<Prompt>,
        api: Callback<Call>,
        busy: Rc<Cell<bool>>,
        clock: Clock,
        locale: String,
    ) -> Prompter {
        let now = clock.now();
        let started = now - time_on_page(now);
        let page = RefCell::new(PageView { started, delayed: Vec::new() });
        let inner = Rc::new(Inner { config, clock, show, locale, busy, page, follow_up: RefCell::new(None) });

        let weak = Rc::downgrade(&inner);
        let navigation = page::watch_navigation(with(&weak, |inner, url: String| inner.page_view(&url)));
        let mut listeners = Vec::new();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            for event in dom_events(&inner.config.touchpoints) {
                let name = event.clone();
                let on_event = with(&weak, move |inner, ()| inner.signal(&Signal::DomEvent { event: &name }));
                // The capture phase also hears events that do not bubble, before the page's own handlers.
                let capture = EventListenerOptions::run_in_capture_phase();
                listeners.push(EventListener::new_with_options(&document, event, capture, move |_| on_event(())));
            }
        }
        if inner.config.touchpoints.iter().any(|t| matches!(t.trigger, Trigger::ExitIntent { .. })) {
            let on_exit = with(&weak, |inner, ()| inner.signal(&Signal::ExitIntent { url: &page::current_url() }));
            listeners.extend(page::watch_exit_intent(move || on_exit(())));
        }
        if let Some(window) = web_sys::window() {
            // Another tab recorded a contact (or prompted): the next reply-by may have changed.
            let replan = with(&weak, |inner, ()| inner.plan_follow_up());
            listeners.push(EventListener::new(window.unchecked_ref(), "storage", move |_| replan(())));
        }
        let on_track = with(&weak, |inner, event: String| inner.signal(&Signal::Track { event: &event }));
        let api = listen(move |call| match call {
            Call::Track(event) => on_track(event),
            other => api.emit(other),
        });
        let replan = with(&weak, |inner, ()| inner.plan_follow_up());
        let history = watch_history(move || replan(()));

        inner.arm_page_view(&page::current_url());
        Prompter { _inner: inner, _navigation: navigation, _listeners: listeners, _api: api, _history: history }
    }
}

/// A callback into `inner` that does nothing once the prompter is gone.
fn with<A>(weak: &Weak<Inner>, f: impl Fn(&Rc<Inner>, A) + 'static) -> impl Fn(A) + 'static {
    let weak = weak.clone();
    move |arg| {
        if let Some(inner) = weak.upgrade() {
            f(&inner, arg);
        }
    }
}

impl Inner {
    /// A single-page-app navigation: a new page view.
    fn page_view(self: &Rc<Self>, url: &str) {
        {
            let mut page = self.page.borrow_mut();
            page.started = self.clock.now();
            // Dropping the old page's timers cancels its delayed prompts.
            page.delayed.clear();
        }
        self.arm_page_view(url);
    }

    /// What a page view makes due: a contact follow-up first (its promise is the most
    /// time-bound), then the page's URL touchpoints, now or after their delay.
    fn arm_page_view(self: &Rc<Self>, url: &str) {
        let now = self.clock.now();
        self.offer_follow_up(now);
        let started = self.page.borrow().started;
        for armed in armed(&self.config.touchpoints, &Signal::PageView { url }) {
            let wait = i64::from(armed.delay_seconds) * 1_000 - (now - started);
            if wait <= 0 {
                self.offer(armed.touchpoint, now);
                continue;
            }
            let id = armed.touchpoint.id.clone();
            let fire = with(&Rc::downgrade(self), move |inner, ()| {
                if let Some(touchpoint) = inner.config.touchpoint(&id) {
                    inner.offer(touchpoint, inner.clock.now());
                }
            });
            let delay = self.clock.after(wait, move || fire(()));
            self.page.borrow_mut().delayed.push(delay);
        }
        self.plan_follow_up();
    }

    /// A track call, DOM event or exit intent: offers what it arms, at once.
    fn signal(&self, signal: &Signal<'_>) {
        let now = self.clock.now();
        for armed in armed(&self.config.touchpoints, signal) {
            self.offer(armed.touchpoint, now);
        }
    }

    /// Shows `touchpoint` if nothing is on screen and the recontact rules and the sample let it.
    fn offer(&self, touchpoint: &Touchpoint, now: i64) {
        if self.busy.get() {
            return;
        }
        let started = self.page.borrow().started;
        let decision =
            update_history(|h| recontact::offer(h, &self.config.recontact, touchpoint, now, started, ids::draw()));
        if decision == Decision::Show {
            self.busy.set(true);
            self.show.emit(Prompt::new(touchpoint.id.clone(), None, IdMap::new()));
        }
    }

    /// Shows the contact follow-up due now, if any, with the contact written into its question.
    fn offer_follow_up(&self, now: i64) {
        if self.busy.get() {
            return;
        }
        let started = self.page.borrow().started;
        let touchpoints = &self.config.touchpoints;
        let offered = update_history(|h| {
            let (decision, touchpoint, contact) =
                recontact::offer_follow_up(h, &self.config.recontact, touchpoints, now, started, ids::draw())?;
            (decision == Decision::Show).then_some((touchpoint, contact))
        });
        if let Some((touchpoint, contact)) = offered {
            self.busy.set(true);
            let prompts = self.follow_up_prompts(touchpoint, &contact);
            self.show.emit(Prompt::new(touchpoint.id.clone(), Some(contact), prompts));
        }
    }

    /// The reply question's prompt with the channel's name and the visitor's own dates filled in.
    fn follow_up_prompts(&self, touchpoint: &Touchpoint, contact: &Contact) -> IdMap<String> {
        let channel = self
            .config
            .channels
            .iter()
            .find(|c| c.id == contact.channel)
            .map_or(contact.channel.as_str(), |c| c.label.as_str());
        let locale = Some(self.locale.as_str());
        let (contacted, promised) = (dates::day(contact.at, locale), dates::day_and_time(contact.reply_by, locale));
        touchpoint
            .questions
            .iter()
            .filter(|q| matches!(q.kind, QuestionKind::Reply { .. }))
            .map(|q| (q.id.clone(), fill_prompt(q.prompt.as_str(), channel, &contacted, &promised)))
            .collect()
    }

    /// Sets the timer for the next pending reply-by, if any; when it fires, the follow-up
    /// is offered and the timer set for the one after. A wait beyond the page timer's
    /// 24.8 days ends early and only plans again.
    fn plan_follow_up(self: &Rc<Self>) {
        if !self.config.touchpoints.iter().any(|t| matches!(t.trigger, Trigger::ContactFollowUp { .. })) {
            return;
        }
        let Ok(mut slot) = self.follow_up.try_borrow_mut() else { return };
        let now = self.clock.now();
        *slot = load_history().next_reply_by(now).map(|at| {
            let due = with(&Rc::downgrade(self), |inner, ()| {
                inner.offer_follow_up(inner.clock.now());
                inner.plan_follow_up();
            });
            self.clock.after(at - now, move || due(()))
        });
    }
}

/// The distinct DOM event names the touchpoints listen for.
fn dom_events(touchpoints: &[Touchpoint]) -> Vec<String> {
    let mut events: Vec<String> = touchpoints
        .iter()
        .filter_map(|t| match &t.trigger {
            Trigger::DomEvent { event } => Some(event.clone()),
            _ => None,
        })
        .collect();
    touchpoint_core::sort::sort(&mut events);
    events.dedup();
    events
}

/// How long the visitor has been on this page: since navigation start, by `performance.now()`.
fn time_on_page(now: i64) -> i64 {
    let on_page = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    (on_page as i64).clamp(0, now.max(0))
}
