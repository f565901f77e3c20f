//! Turns the visitor's answers into a submission and posts it.

use std::rc::Rc;

use touchpoint_core::wire::{Submission, WIRE_VERSION};
use touchpoint_core::{Config, answers};
use yew::prelude::*;

use crate::browser;
use crate::state::{Action, Phase, State};

/// A callback that validates the answers in `state` and, when they are complete,
/// posts them to `endpoint`, dispatching the outcome back into `state`.
#[hook]
pub fn use_submit(state: UseReducerHandle<State>, config: Rc<Config>, endpoint: String) -> Callback<()> {
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
        state.dispatch(Action::Sending);
        let (state, endpoint) = (state.clone(), endpoint.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = browser::transport::post(&endpoint, &submission.to_json()).await;
            state.dispatch(match outcome {
                Ok(200..=299) => Action::Sent,
                Ok(status) => Action::SendFailed(format!("The server answered {status}.")),
                Err(browser::transport::TransportError::Network(_)) => {
                    Action::SendFailed("We could not reach our server.".into())
                }
            });
        });
    })
}
