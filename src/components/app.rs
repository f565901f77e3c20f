//! The root: owns the state, moves focus, and lays out launcher and panel.

use std::rc::Rc;

use touchpoint_core::Config;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::clock::Clock;
use crate::components::channel_list::ChannelList;
use crate::components::feedback_form::FeedbackForm;
use crate::components::launcher::Launcher;
use crate::components::panel::Panel;
use crate::components::thank_you::ThankYou;
use crate::hooks::use_submit::use_submit;
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
    /// Where the channel directory's "now", zone and locale come from: the visitor's by default.
    #[prop_or_default]
    pub clock: Clock,
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
    let on_submit = use_submit(state.clone(), props.config.clone(), props.endpoint.clone());

    let config = &props.config;
    html! {
        <div class="tp">
            <Launcher expanded={state.open} on_toggle={on_toggle} node_ref={launcher_ref} />
            if state.open {
                <Panel heading_ref={heading_ref} on_close={on_close}>
                    <ChannelList config={config.clone()} clock={props.clock.clone()} />
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
