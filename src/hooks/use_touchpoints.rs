//! Offers the configured touchpoints while the widget is mounted.

use std::cell::Cell;
use std::rc::Rc;

use touchpoint_core::Config;
use yew::prelude::*;

use crate::clock::Clock;
use crate::prompter::Prompter;
use crate::state::{Action, State};

/// Watches the page for due touchpoints and dispatches [`Action::ShowPrompt`].
/// `busy`: a prompt or the panel is on screen, so nothing else is offered. Delays run on `clock`.
#[hook]
pub fn use_touchpoints(config: Rc<Config>, dispatcher: UseReducerDispatcher<State>, busy: bool, clock: Clock) {
    let busy_now: Rc<Cell<bool>> = Rc::clone(&use_memo((), |()| Rc::new(Cell::new(busy))));
    {
        let busy_now = Rc::clone(&busy_now);
        use_effect_with(busy, move |busy| busy_now.set(*busy));
    }
    use_effect_with((), move |()| {
        let show = Callback::from(move |prompt| dispatcher.dispatch(Action::ShowPrompt(prompt)));
        let prompter = Prompter::start(config, show, Rc::clone(&busy_now), clock);
        move || drop(prompter)
    });
}
