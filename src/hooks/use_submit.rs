//! Turns a form's answers into a scored submission and hands it to the delivery
//! outbox. The panel and the touchpoint prompts share this one path: `submit` checks
//! the answers, scores the touchpoint and the journey, masks or withholds comment
//! text; the outbox is the one place a submission leaves the browser, exactly once.

use std::rc::Rc;

use touchpoint_core::Config;
use touchpoint_core::submit::{Draft, SubmitError, submit};
use yew::prelude::*;

use crate::browser;
use crate::browser::storage::{load_history, update_history};
use crate::clock::Clock;
use crate::state::{Action, Phase, State, Target};

/// The compound text sentiment of a comment, in [-1, 1], scored on the device.
fn text_sentiment(text: &str) -> f64 {
    touchpoint_core::sentiment::score(text).compound
}

/// The comment with e-mail addresses, phone and card numbers hidden before it leaves the browser.
fn mask(text: &str) -> String {
    touchpoint_core::mask::mask(text).into_owned()
}

/// A callback that validates the answers of the `Target` form (with what its honeypot
/// field holds) and, when they are complete,
/// keeps them in the persisted outbox for `endpoint` (which delivers them exactly once,
/// retrying through faults and reloads), then thanks the visitor. Times come from `clock`.
#[hook]
pub fn use_submit(
    state: UseReducerHandle<State>,
    config: Rc<Config>,
    endpoint: String,
    clock: Clock,
) -> Callback<(Target, String)> {
    // The outbox starts with the widget: it flushes what earlier pages left behind.
    use_effect_with((endpoint.clone(), clock.clone()), |(endpoint, clock)| {
        browser::outbox::shared(endpoint, clock);
    });
    Callback::from(move |(target, honeypot): (Target, String)| {
        let Some(form) = state.form(target) else { return };
        if form.phase == Phase::Sending {
            return;
        }
        let (touchpoint, contact) = match (target, &state.prompt) {
            (Target::Panel, _) => (config.feedback.id.clone(), None),
            (Target::Prompt, Some(prompt)) => (prompt.touchpoint.clone(), prompt.contact.clone()),
            (Target::Prompt, None) => return,
        };
        let draft = Draft {
            // A second try after a refusal keeps the id: the collector stores the submission once.
            id: form.draft_id.clone().unwrap_or_else(browser::ids::new_uuid),
            touchpoint,
            created_at: clock.now(),
            given: form.given.clone(),
            contact,
            honeypot,
        };
        let draft_id = draft.id.clone();
        // The answer is recorded once the outbox holds the submission.
        let (submission, answered) = match submit(&config, &load_history(), draft, text_sentiment, mask) {
            Ok(submitted) => submitted,
            Err(SubmitError::Unanswered(problems)) => return state.dispatch(Action::Problems(target, problems)),
            Err(other) => {
                web_sys::console::error_1(&format!("Touchpoint: feedback not sent: {other}").into());
                state.dispatch(Action::Sending(target, draft_id.clone()));
                return state.dispatch(Action::SendFailed(draft_id, "Something went wrong on our side.".into()));
            }
        };
        state.dispatch(Action::Sending(target, draft_id.clone()));
        // Kept in the outbox (persisted) means it will be delivered: thank the visitor now.
        let outbox = browser::outbox::shared(&endpoint, &clock);
        state.dispatch(match outbox.enqueue(&submission.id, submission.to_json(), submission.created_at) {
            Ok(()) => {
                update_history(|h| h.record(answered));
                Action::Sent(draft_id)
            }
            Err(reason) => Action::SendFailed(draft_id, format!("It could not be kept for sending: {reason}.")),
        });
    })
}
