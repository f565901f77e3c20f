//! Turns a form's answers into a scored submission and hands it to the delivery
//! outbox. The panel and the touchpoint prompts share this one path: `submit` checks
//! the answers, scores the touchpoint and the journey, masks or withholds comment
//! text; the outbox is the one place a submission leaves the browser, exactly once.

use std::rc::Rc;

use touchpoint_core::Config;
use touchpoint_core::fields::Kind;
use touchpoint_core::history::Answered;
use touchpoint_core::i18n::Msg;
use touchpoint_core::journey::text_sentiment;
use touchpoint_core::submit::{Draft, SubmitError, submit};
use touchpoint_core::wire::{Submission, TextSentiment, Unscored};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::browser;
use crate::browser::storage::{load_history, update_history};
use crate::clock::Clock;
use crate::hooks::use_effect_on::use_effect_on;
use crate::state::{Action, Phase, State, Target};
use crate::words::Words;

/// Fired on the host element once an answer is kept for sending: which touchpoint, its stage
/// and scores, never what the visitor wrote.
pub const SUBMITTED_EVENT: &str = "touchpoint:submitted";

/// The comment with e-mail addresses, phone and card numbers hidden before it leaves the browser.
fn mask(text: &str) -> String {
    touchpoint_core::mask::mask(text).into_owned()
}

/// A callback that validates the answers of the `Target` form (with what its honeypot
/// field holds) and, when they are complete,
/// keeps them in the persisted outbox for `endpoint` (which delivers them exactly once,
/// retrying through faults and reloads), then thanks the visitor and tells the page
/// ([`SUBMITTED_EVENT`], on the host of `inside`). Times come from `clock`; comments are
/// scored in their own language, the widget's (`words`) and the page's as priors.
#[hook]
pub fn use_submit(
    state: UseReducerHandle<State>,
    config: Rc<Config>,
    endpoint: String,
    clock: Clock,
    words: Rc<Words>,
    inside: NodeRef,
) -> Callback<(Target, String)> {
    // The outbox starts with the widget: it flushes what earlier pages left behind.
    use_effect_on((endpoint.clone(), clock.clone()), |(endpoint, clock)| {
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
        // Comments are read in their own language (the widget's and the page's as priors); a
        // lexicon that has not arrived is asked for again, and meanwhile the comment goes
        // unscored as `lexicon_unavailable`.
        let score = scorer(words.language.code(), browser::lexicons::page_lang());
        let submitted = submit(&config, &load_history(), draft.clone(), &score, mask);
        let keeper = Keeper {
            state: state.clone(),
            endpoint: endpoint.clone(),
            clock: clock.clone(),
            words: words.clone(),
            inside: inside.clone(),
        };
        let unavailable = |s: &Submission| {
            matches!(s.sentiment, Some(TextSentiment::Unscored { unscored: Unscored::LexiconUnavailable, .. }))
        };
        if !matches!(&submitted, Ok((s, _)) if unavailable(s)) || !browser::lexicons::pending() {
            return keeper.keep(target, draft_id, submitted);
        }
        // The comment's lexicon is on its way (asked for when the panel opened, say): wait
        // until it has arrived or failed, so the outcome never depends on that race. The form
        // shows it is sending meanwhile; the answer is then scored as submitted.
        state.dispatch(Action::Sending(target, draft_id.clone()));
        let config = config.clone();
        wasm_bindgen_futures::spawn_local(async move {
            browser::lexicons::settled().await;
            keeper.keep(target, draft_id, submit(&config, &load_history(), draft, score, mask));
        });
    })
}

/// Scores a comment in its language, the widget's (`lang`) and the page's as priors, asking
/// for its lexicon when that is not in place.
fn scorer(lang: &'static str, page_lang: Option<String>) -> impl Fn(&str) -> Option<TextSentiment> {
    move |text| {
        browser::lexicons::prepare_for(text, lang, false);
        text_sentiment(text, Some(lang), page_lang.as_deref())
    }
}

/// What keeping a submission needs: taken along by a submit that waits for a lexicon.
struct Keeper {
    state: UseReducerHandle<State>,
    endpoint: String,
    clock: Clock,
    words: Rc<Words>,
    inside: NodeRef,
}

impl Keeper {
    /// Keeps the submission of the `target` form in the persisted outbox, records the answer,
    /// thanks the visitor and tells the page; or shows why it was not kept.
    fn keep(&self, target: Target, draft_id: String, submitted: Result<(Submission, Answered), SubmitError>) {
        let Keeper { state, endpoint, clock, words, inside } = self;
        let (submission, answered) = match submitted {
            Ok(submitted) => submitted,
            Err(SubmitError::Unanswered(problems)) => return state.dispatch(Action::Problems(target, problems)),
            Err(other) => {
                web_sys::console::error_1(&format!("Touchpoint: feedback not sent: {other}").into());
                state.dispatch(Action::Sending(target, draft_id.clone()));
                return state.dispatch(Action::SendFailed(draft_id, words.text(Msg::FailedOurs).to_owned()));
            }
        };
        state.dispatch(Action::Sending(target, draft_id.clone()));
        // Kept in the outbox (persisted) means it will be delivered: thank the visitor now.
        let outbox = browser::outbox::shared(endpoint, clock);
        state.dispatch(match outbox.enqueue(&submission.id, submission.to_json(), submission.created_at) {
            Ok(()) => {
                update_history(|h| h.record(answered));
                if let Some(el) = inside.cast::<web_sys::Element>() {
                    let fields = [
                        ("id", JsValue::from(&submission.id)),
                        ("touchpoint", JsValue::from(&submission.touchpoint)),
                        ("stage", submission.stage.map_or(JsValue::NULL, |s| s.name().into())),
                        ("score", browser::events::number(submission.score)),
                        ("journey", browser::events::number(submission.journey.as_ref().map(|j| j.score.score))),
                    ];
                    browser::events::announce(&el, SUBMITTED_EVENT, &fields);
                }
                Action::Sent(draft_id)
            }
            Err(reason) => {
                web_sys::console::warn_1(
                    &format!("Touchpoint: feedback could not be kept for sending: {reason}").into(),
                );
                Action::SendFailed(draft_id, words.text(Msg::FailedKeep).to_owned())
            }
        });
    }
}
