//! The root: owns the state, moves focus, and posts the feedback.

use std::rc::Rc;

use touchpoint_core::wire::{Submission, WIRE_VERSION};
use touchpoint_core::{Config, answers};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::browser;
use crate::components::channel_list::ChannelList;
use crate::components::feedback_form::FeedbackForm;
use crate::components::launcher::Launcher;
use crate::components::panel::Panel;
use crate::components::thank_you::ThankYou;
use crate::state::{Action, Phase, State};

/// What the loader hands the widget.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The validated configuration.
    pub config: Rc<Config>,
    /// Absolute URL submissions are posted to.
    pub endpoint: String,
    /// Open the panel at once.
    #[prop_or_default]
    pub open: bool,
    /// Focus the launcher on the first render (focus was on the loader's placeholder).
    #[prop_or_default]
    pub focus_launcher: bool,
}

/// The launcher button and, when open, the panel with channels and feedback.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| State::new(props.open));
    let launcher_ref = use_node_ref();
    let heading_ref = use_node_ref();
    // Starts "open" when focus must land on the launcher: the effect below then moves it there.
    let was_open = use_mut_ref(|| props.focus_launcher);

    // Opening moves focus into the panel; closing returns it to the launcher
    // (but the first render must not steal focus from the page unless asked to).
    {
        let (launcher_ref, heading_ref) = (launcher_ref.clone(), heading_ref.clone());
        use_effect_with(state.open, move |open| {
            let target = if *open {
                Some(heading_ref)
            } else if *was_open.borrow() {
                Some(launcher_ref)
            } else {
                None
            };
            if let Some(el) = target.and_then(|r| r.cast::<HtmlElement>()) {
                let _ = el.focus();
            }
            *was_open.borrow_mut() = *open;
        });
    }

    let on_toggle = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Toggle))
    };
    let on_close = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Close))
    };
    let on_answer = {
        let state = state.clone();
        Callback::from(move |(question, given)| state.dispatch(Action::Answer(question, given)))
    };
    let on_submit = {
        let (state, config, endpoint) = (state.clone(), props.config.clone(), props.endpoint.clone());
        Callback::from(move |()| {
            if state.phase == Phase::Sending {
                return;
            }
            match answers::collect(&config.feedback, &state.given) {
                Err(problems) => state.dispatch(Action::Problems(problems)),
                Ok(answers) => {
                    let submission = Submission {
                        v: WIRE_VERSION,
                        id: browser::ids::new_uuid(),
                        site: config.site.clone(),
                        touchpoint: config.feedback.id.clone(),
                        created_at: browser::now_ms(),
                        answers,
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
                }
            }
        })
    };

    let config = &props.config;
    html! {
        <div class="tp">
            <Launcher expanded={state.open} on_toggle={on_toggle} node_ref={launcher_ref} />
            if state.open {
                <Panel heading_ref={heading_ref} on_close={on_close}>
                    <ChannelList channels={config.channels.clone()} />
                    if state.phase == Phase::Thanked {
                        <ThankYou />
                    } else {
                        <FeedbackForm
                            feedback={config.feedback.clone()}
                            given={state.given.clone()}
                            problems={state.problems.clone()}
                            phase={state.phase.clone()}
                            on_answer={on_answer}
                            on_submit={on_submit}
                        />
                    }
                </Panel>
            }
        </div>
    }
}
