//! Turns a form's answers into a scored submission and posts it. The panel and
//! the touchpoint prompts share this one path: [`submit`] checks the answers,
//! scores the touchpoint and the journey, masks or withholds comment text; [`send`]
//! is the one place a submission leaves the browser.

use std::rc::Rc;

use touchpoint_core::Config;
use touchpoint_core::submit::{Draft, SubmitError, submit};
use touchpoint_core::wire::Submission;
use yew::prelude::*;

use crate::browser;
use crate::browser::storage::{load_history, update_history};
use crate::state::{Action, Phase, State, Target};

/// The compound text sentiment of a comment, in [-1, 1], scored on the device.
fn text_sentiment(text: &str) -> f64 {
    touchpoint_core::sentiment::score(text).compound
}

/// The comment with e-mail addresses, phone and card numbers hidden before it leaves the browser.
fn mask(text: &str) -> String {
    touchpoint_core::mask::mask(text).into_owned()
}

/// A callback that validates the answers of the `Target` form and, when they are complete,
/// posts them to `endpoint`, dispatching the outcome back into `state`.
#[hook]
pub fn use_submit(state: UseReducerHandle<State>, config: Rc<Config>, endpoint: String) -> Callback<Target> {
    Callback::from(move |target: Target| {
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
            // A retry after a failed post keeps the id: the collector stores the submission once.
            id: form.draft_id.clone().unwrap_or_else(browser::ids::new_uuid),
            touchpoint,
            created_at: browser::now_ms(),
            given: form.given.clone(),
            contact,
        };
        let draft_id = draft.id.clone();
        // Scored against a copy of the history: the answer is recorded once it has been sent,
        // so a retry does not count it twice.
        let submission = match submit(&config, &mut load_history(), draft, text_sentiment, mask) {
            Ok(submission) => submission,
            Err(SubmitError::Unanswered(problems)) => return state.dispatch(Action::Problems(target, problems)),
            Err(other) => {
                web_sys::console::error_1(&format!("Touchpoint: feedback not sent: {other}").into());
                state.dispatch(Action::Sending(target, draft_id.clone()));
                return state.dispatch(Action::SendFailed(draft_id, "Something went wrong on our side.".into()));
            }
        };
        state.dispatch(Action::Sending(target, draft_id.clone()));
        let (state, endpoint) = (state.clone(), endpoint.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = send(&endpoint, &submission).await;
            state.dispatch(match outcome {
                Ok(()) => {
                    record(&submission);
                    Action::Sent(draft_id)
                }
                Err(why) => Action::SendFailed(draft_id, why),
            });
        });
    })
}

/// Posts `submission`; `Err` says why it did not arrive, in words for the visitor.
/// The one place a submission leaves the browser (the delivery outbox replaces it).
async fn send(endpoint: &str, submission: &Submission) -> Result<(), String> {
    match browser::transport::post(endpoint, &submission.to_json()).await {
        Ok(200..=299) => Ok(()),
        Ok(status) => Err(format!("The server answered {status}.")),
        Err(browser::transport::TransportError::Network(_)) => Err("We could not reach our server.".into()),
    }
}

/// Records the sent answer in the stored journey history (as `submit` did on its copy).
fn record(submission: &Submission) {
    if let Some(stage) = submission.stage {
        update_history(|h| h.answered(&submission.touchpoint, stage, submission.score, submission.created_at));
    }
}
