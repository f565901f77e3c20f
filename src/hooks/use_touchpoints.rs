//! Offers the configured touchpoints while the widget is mounted.

use std::cell::Cell;
use std::rc::Rc;

use touchpoint_core::Config;
use yew::prelude::*;

use crate::clock::Clock;
use crate::hooks::use_effect_on::use_effect_on;
use crate::js_api::Call;
use crate::prompter::Prompter;
use crate::state::{Action, State};

/// Watches the page for due touchpoints and dispatches [`Action::ShowPrompt`], and carries out
/// the JS API's `open` and `close`. `busy`: a prompt or the panel is on screen, so nothing
/// else is offered. Delays run on `clock`; dates in prompts are written for `locale`.
#[hook]
pub fn use_touchpoints(
    config: Rc<Config>,
    dispatcher: UseReducerDispatcher<State>,
    busy: bool,
    clock: Clock,
    locale: String,
    forget: Callback<()>,
) {
    let busy_now: Rc<Cell<bool>> = Rc::clone(&use_memo((), |()| Rc::new(Cell::new(busy))));
    {
        let busy_now = Rc::clone(&busy_now);
        use_effect_on(busy, move |busy| busy_now.set(*busy));
    }
    use_effect_on((), move |()| {
        let api = {
            let (dispatcher, config) = (dispatcher.clone(), config.clone());
            Callback::from(move |call| match call {
                // A topic the configuration does not have opens the panel at no topic.
                Call::Open(topic) => dispatcher.dispatch(Action::Open(topic.filter(|t| config.topic(t).is_some()))),
                Call::Close => dispatcher.dispatch(Action::Close),
                Call::Forget => forget.emit(()),
                Call::Track(_) => {}
            })
        };
        let show = Callback::from(move |prompt| dispatcher.dispatch(Action::ShowPrompt(prompt)));
        let prompter = Prompter::start(config, show, api, Rc::clone(&busy_now), clock, locale);
        move || drop(prompter)
    });
}
