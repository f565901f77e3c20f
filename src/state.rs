//! The widget's state and its reducer. Pure: side effects (network, focus) run
//! in the components' callbacks and effects, never in `reduce`.

use std::collections::BTreeMap;
use std::rc::Rc;

use touchpoint_core::answers::{Given, Problem};
use yew::Reducible;

/// Where the feedback form is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for answers.
    Asking,
    /// Posted; waiting for the collector.
    Sending,
    /// Stored by the collector.
    Thanked,
    /// The post failed; the answers are kept so the visitor can try again.
    Failed(String),
}

/// Everything the root component renders from.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Whether the panel is open.
    pub open: bool,
    /// Answers entered so far, by question id.
    pub given: BTreeMap<String, Given>,
    /// Problems to show beside questions, by question id.
    pub problems: BTreeMap<String, String>,
    /// The form's phase.
    pub phase: Phase,
}

/// Everything that can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Toggle,
    Close,
    /// A question's answer changed.
    Answer(String, Given),
    /// Submitting was refused: these questions need attention.
    Problems(Vec<Problem>),
    Sent,
    SendFailed(String),
}

impl State {
    /// The initial state; `open` when the visitor already asked for the panel.
    pub fn new(open: bool) -> Self {
        State { open, given: BTreeMap::new(), problems: BTreeMap::new(), phase: Phase::Asking }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Toggle => s.open = !s.open,
            Action::Close => s.open = false,
            Action::Answer(question, given) => {
                s.problems.remove(&question);
                s.given.insert(question, given);
            }
            Action::Problems(problems) => {
                s.problems = problems.into_iter().map(|p| (p.question, p.message)).collect();
            }
            Action::Sent => {
                s.phase = Phase::Thanked;
                s.given.clear();
            }
            Action::SendFailed(why) => s.phase = Phase::Failed(why),
        }
        Rc::new(s)
    }
}
