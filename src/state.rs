//! The widget's state and its reducer. Pure: side effects (network, focus,
//! storage) run in the components' callbacks and effects, never in `reduce`.

use std::rc::Rc;

use touchpoint_core::answers::{Given, Need, Problem};
use touchpoint_core::follow_up::Contact;
use touchpoint_core::id_map::IdMap;
use yew::Reducible;

/// Where a form is in its life.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    /// Waiting for answers.
    #[default]
    Asking,
    /// Posted; waiting for the collector.
    Sending,
    /// Stored by the collector.
    Thanked,
    /// The post failed; the answers are kept so the visitor can try again.
    Failed(String),
}

/// Which form an action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The panel's feedback.
    Panel,
    /// The touchpoint prompt on screen.
    Prompt,
}

/// One set of questions being answered: the panel's, or a prompt's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    /// Answers entered so far, by question id.
    pub given: IdMap<Given>,
    /// What questions need before sending, by question id (said in the visitor's language when shown).
    pub problems: IdMap<Need>,
    pub phase: Phase,
    /// The id of the submission being sent, or of the last one that failed: a retry reuses it,
    /// so a post that did arrive although its answer was lost is stored once.
    pub draft_id: Option<String>,
}

/// A touchpoint prompt on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    /// The touchpoint asked about.
    pub touchpoint: String,
    /// For a contact follow-up: the contact it asks about.
    pub contact: Option<Contact>,
    /// Question prompts with the contact filled in, by question id.
    pub prompts: IdMap<String>,
    pub form: Form,
}

impl Prompt {
    /// A fresh prompt for `touchpoint`.
    pub fn new(touchpoint: String, contact: Option<Contact>, prompts: IdMap<String>) -> Self {
        Prompt { touchpoint, contact, prompts, form: Form::default() }
    }
}

/// Everything the root component renders from.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Whether the panel is open.
    pub open: bool,
    /// The topic picked in the directory (by the visitor, or by `Touchpoint.open({topic})`).
    pub topic: Option<String>,
    /// The panel's feedback.
    pub panel: Form,
    /// The touchpoint prompt, while one is shown.
    pub prompt: Option<Prompt>,
}

/// Everything that can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Toggle,
    /// Open the panel (`Touchpoint.open()`), with a topic picked when one is given.
    Open(Option<String>),
    Close,
    /// A topic picked in the directory (`None`: any).
    Topic(Option<String>),
    /// A question's answer changed.
    Answer(Target, String, Given),
    /// Submitting was refused: these questions need attention.
    Problems(Target, Vec<Problem>),
    /// The form's answers are being posted as the submission with this id.
    Sending(Target, String),
    /// The submission with this id was stored.
    Sent(String),
    /// The submission with this id was not sent, for this reason.
    SendFailed(String, String),
    /// A touchpoint is due: ask it, unless a prompt is on screen already.
    ShowPrompt(Prompt),
    /// The prompt was dismissed or, after its thanks, closed.
    ClosePrompt,
    /// The visitor's journey was forgotten: answers on screen go too.
    Forgotten,
}

impl State {
    /// The initial state; `open` when the visitor already asked for the panel.
    pub fn new(open: bool) -> Self {
        State { open, topic: None, panel: Form::default(), prompt: None }
    }

    /// The form `target` names, if it is on screen.
    pub fn form(&self, target: Target) -> Option<&Form> {
        match target {
            Target::Panel => Some(&self.panel),
            Target::Prompt => self.prompt.as_ref().map(|p| &p.form),
        }
    }

    fn form_mut(&mut self, target: Target) -> Option<&mut Form> {
        match target {
            Target::Panel => Some(&mut self.panel),
            Target::Prompt => self.prompt.as_mut().map(|p| &mut p.form),
        }
    }

    /// The form sending (or last failing to send) submission `draft`; none once its prompt is gone.
    fn form_sending(&mut self, draft: &str) -> Option<&mut Form> {
        let prompt = self.prompt.as_mut().map(|p| &mut p.form);
        [Some(&mut self.panel), prompt].into_iter().flatten().find(|f| f.draft_id.as_deref() == Some(draft))
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Toggle => s.open = !s.open,
            Action::Open(topic) => {
                s.open = true;
                if topic.is_some() {
                    s.topic = topic;
                }
            }
            Action::Close => s.open = false,
            Action::Topic(topic) => s.topic = topic,
            Action::Answer(target, question, given) => {
                if let Some(form) = s.form_mut(target) {
                    form.problems.remove(&question);
                    form.given.insert(question, given);
                }
            }
            Action::Problems(target, problems) => {
                if let Some(form) = s.form_mut(target) {
                    form.problems = problems.into_iter().map(|p| (p.question, p.need)).collect();
                }
            }
            Action::Sending(target, draft) => {
                if let Some(form) = s.form_mut(target) {
                    form.phase = Phase::Sending;
                    form.problems.clear();
                    form.draft_id = Some(draft);
                }
            }
            Action::Sent(draft) => {
                if let Some(form) = s.form_sending(&draft) {
                    *form = Form { phase: Phase::Thanked, ..Form::default() };
                }
            }
            Action::SendFailed(draft, why) => {
                if let Some(form) = s.form_sending(&draft) {
                    form.phase = Phase::Failed(why);
                }
            }
            Action::ShowPrompt(prompt) => {
                if s.prompt.is_none() {
                    s.prompt = Some(prompt);
                }
            }
            Action::ClosePrompt => s.prompt = None,
            Action::Forgotten => {
                s.panel = Form::default();
                s.prompt = None;
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn reduce(state: State, actions: impl IntoIterator<Item = Action>) -> State {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    fn prompt(touchpoint: &str) -> Prompt {
        Prompt::new(touchpoint.into(), None, IdMap::new())
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn answers_go_to_the_form_they_belong_to() {
        let s = reduce(
            State::new(false),
            [
                Action::ShowPrompt(prompt("checkout")),
                Action::Answer(Target::Prompt, "effort".into(), Given::Rating(6)),
                Action::Answer(Target::Panel, "csat".into(), Given::Rating(2)),
            ],
        );
        assert_eq!(s.panel.given.get("csat"), Some(&Given::Rating(2)));
        assert_eq!(s.prompt.unwrap().form.given.get("effort"), Some(&Given::Rating(6)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_prompt_on_screen_is_not_replaced_by_another() {
        let s = reduce(State::new(false), [Action::ShowPrompt(prompt("a")), Action::ShowPrompt(prompt("b"))]);
        assert_eq!(s.prompt.map(|p| p.touchpoint).as_deref(), Some("a"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_outcome_of_a_post_reaches_only_the_form_that_sent_it() {
        let sending = [
            Action::ShowPrompt(prompt("a")),
            Action::Answer(Target::Prompt, "q".into(), Given::Thumbs(true)),
            Action::Sending(Target::Prompt, "draft-1".into()),
        ];
        let thanked = reduce(State::new(false), sending.clone().into_iter().chain([Action::Sent("draft-1".into())]));
        let form = thanked.prompt.unwrap().form;
        assert_eq!((form.phase, form.given.len(), form.draft_id), (Phase::Thanked, 0, None));
        assert_eq!(thanked.panel.phase, Phase::Asking);

        // The prompt was closed and another shown while the first post was under way.
        let later = reduce(
            State::new(false),
            sending.into_iter().chain([
                Action::ClosePrompt,
                Action::ShowPrompt(prompt("b")),
                Action::SendFailed("draft-1".into(), "offline".into()),
                Action::Sent("draft-1".into()),
            ]),
        );
        assert_eq!(later.prompt.unwrap().form.phase, Phase::Asking);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_failed_post_keeps_the_answers_and_the_submission_id_for_the_retry() {
        let s = reduce(
            State::new(true),
            [
                Action::Answer(Target::Panel, "csat".into(), Given::Rating(4)),
                Action::Sending(Target::Panel, "draft-1".into()),
                Action::SendFailed("draft-1".into(), "We could not reach our server.".into()),
            ],
        );
        assert_eq!(s.panel.phase, Phase::Failed("We could not reach our server.".into()));
        assert_eq!((s.panel.given.len(), s.panel.draft_id.as_deref()), (1, Some("draft-1")));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_api_opens_the_panel_at_a_topic_and_keeps_the_one_picked_otherwise() {
        let s = reduce(State::new(false), [Action::Topic(Some("returns".into())), Action::Open(None)]);
        assert!(s.open);
        assert_eq!(s.topic.as_deref(), Some("returns"));
        let s = reduce(s, [Action::Close, Action::Open(Some("orders".into()))]);
        assert_eq!((s.open, s.topic.as_deref()), (true, Some("orders")));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn answering_clears_that_questions_problem_only() {
        let problem = |q: &str| Problem { question: q.into(), need: Need::Text };
        let s = reduce(
            State::new(true),
            [
                Action::Problems(Target::Panel, vec![problem("csat"), problem("comment")]),
                Action::Answer(Target::Panel, "csat".into(), Given::Rating(3)),
            ],
        );
        assert_eq!(s.panel.problems.keys().collect::<Vec<_>>(), ["comment"]);
    }
}
