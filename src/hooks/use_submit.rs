//! Turns the visitor's answers into a submission and hands it to the delivery outbox.

use std::rc::Rc;

use touchpoint_core::wire::{Submission, WIRE_VERSION};
use touchpoint_core::{Config, answers};
use yew::prelude::*;

use crate::browser;
use crate::state::{Action, Phase, State};

/// A callback that validates the answers in `state` and, when they are complete,
/// keeps them in the outbox for `endpoint` (which delivers them exactly once), then thanks the visitor.
#[hook]
pub fn use_submit(state: UseReducerHandle<State>, config: Rc<Config>, endpoint: String) -> Callback<()> {
    // The outbox starts with the widget: it flushes what earlier pages left behind.
    use_effect_with(endpoint.clone(), |endpoint| {
        browser::outbox::shared(endpoint);
    });
    Callback::from(move |()| {
        if state.phase == Phase::Sending {
            return;
        }
        let answers = match answers::collect(&config.feedback, &state.given) {
            Ok(answers) => answers,
            Err(problems) => return state.dispatch(Action::Problems(problems)),
        };
        let submission = Submission {
            v: WIRE_VERSION,
            id: browser::ids::new_uuid(),
            site: config.site.clone(),
            touchpoint: config.feedback.id.clone(),
            created_at: browser::now_ms(),
            answers,
            stage: Some(config.feedback.stage),
            // Scored and recorded through `touchpoint_core::submit::submit` in the widget phase of issue 5.
            sentiment: None,
            score: None,
            journey: None,
            follow_up: None,
        };
        // Kept in the outbox (persisted) means it will be delivered: thank the visitor now.
        let outbox = browser::outbox::shared(&endpoint);
        state.dispatch(match outbox.enqueue(&submission.id, submission.to_json(), submission.created_at) {
            Ok(()) => Action::Sent,
            Err(reason) => Action::SendFailed(format!("Your feedback could not be sent: {reason}.")),
        });
    })
}
