//! The root: owns the state, moves focus, and lays out launcher, panel and prompts.

use crate::by_pointer::ByPointer;

use touchpoint_core::Config;
use touchpoint_core::i18n::Msg;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::browser::storage;
use crate::clock::Clock;
use crate::components::channel_list::ChannelList;
use crate::components::feedback_form::feedback_form;
use crate::components::forget_answers::{ForgetAnswers, forget_journey};
use crate::components::launcher::{LauncherLook, launcher};
use crate::components::panel::panel;
use crate::components::thank_you::ThankYou;
use crate::components::touchpoint_prompt::touchpoint_prompt;
use crate::hooks::use_effect_on::use_effect_on;
use crate::hooks::use_submit::use_submit;
use crate::hooks::use_touchpoints::use_touchpoints;
use crate::state::{Action, Phase, State, Target};
use crate::words::Words;

/// Fired on the host element when the panel opens (detail `{topic}`) and closes.
pub const OPEN_EVENT: &str = "touchpoint:open";
pub const CLOSE_EVENT: &str = "touchpoint:close";

/// What the loader hands the widget.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The validated configuration, in the visitor's language ([`Config::localise`]).
    pub config: ByPointer<Config>,
    /// The widget's own words in the visitor's language (English by default).
    #[prop_or_default]
    pub words: ByPointer<Words>,
    /// Absolute URL submissions are posted to.
    pub endpoint: String,
    /// Open the panel at once.
    #[prop_or_default]
    pub open: bool,
    /// The topic picked when it opens (`Touchpoint.open({topic})` before the wasm arrived).
    #[prop_or_default]
    pub topic: Option<String>,
    /// Focus the launcher on the first render (focus was on the loader's placeholder).
    #[prop_or_default]
    pub focus_launcher: bool,
    /// The widget's time (directory, prompts, delivery) and the zone and locale it is shown
    /// in: the visitor's by default.
    #[prop_or_default]
    pub clock: Clock,
}

/// The launcher button and, when open, the panel with channels and feedback;
/// when a touchpoint is due and the panel is closed, its prompt.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| State { topic: props.topic.clone(), ..State::new(props.open) });
    let launcher_ref = use_node_ref();
    let heading_ref = use_node_ref();
    // Starts "open" when focus must land on the launcher: the effect below then moves it there.
    let was_open = use_mut_ref(|| props.focus_launcher);
    let words = &props.words;

    // The panel's first opening is drawn over five tasks: the click's own only opens (the
    // launcher says so), then come the panel's frame, the directory, the feedback form and
    // the offer to forget the visitor's answers. Each is under 50 ms at 4x CPU throttling,
    // where drawing it all in the click's task was one long task (bench/longtask). Later
    // openings draw at once.
    let revealed = use_state_eq(|| 0_u8);
    let drawn = state.open && *revealed >= 1;

    // The page hears the panel open and close (not the first render of a closed panel), and
    // closing returns focus to the launcher (but the first render must not steal focus
    // from the page unless asked to). `bool::default`, as the forget step's flags, for one
    // instance of the hook.
    let announced_open = use_mut_ref(bool::default);
    {
        let launcher_ref = launcher_ref.clone();
        let topic = state.topic.clone();
        use_effect_on(state.open, move |open| {
            let was_announced = announced_open.replace(*open);
            if let Some(el) = launcher_ref.cast::<web_sys::Element>().filter(|_| *open || was_announced) {
                let topic = topic.as_deref().map_or(wasm_bindgen::JsValue::NULL, wasm_bindgen::JsValue::from);
                let (name, fields) = if *open { (OPEN_EVENT, vec![("topic", topic)]) } else { (CLOSE_EVENT, vec![]) };
                crate::browser::events::announce(&el, name, &fields);
            }
            if let Some(el) = launcher_ref.cast::<HtmlElement>().filter(|_| !*open && *was_open.borrow()) {
                let _ = el.focus();
            }
            *was_open.borrow_mut() = *open;
        });
    }
    // Once drawn, the panel takes focus, in a task of its own: focus lays out what was just
    // drawn, which in the drawing task made it a long one (bench/longtask).
    {
        let heading_ref = heading_ref.clone();
        use_effect_on(drawn, move |drawn| {
            if let Some(el) = heading_ref.cast::<HtmlElement>().filter(|_| *drawn) {
                crate::browser::tasks::next_task(move || drop(el.focus()));
            }
        });
    }

    // The next part of the first opening, after the focus.
    {
        let revealed = revealed.clone();
        use_effect_on((state.open, *revealed), move |(open, shown)| {
            if *open && *shown < 4 {
                let next = *shown + 1;
                crate::browser::tasks::next_task(move || revealed.set(next));
            }
        });
    }

    let busy = state.open || state.prompt.is_some();
    // A visitor who may write a comment: the scorer's lexicon for the widget's language is
    // fetched at idle (every language's loads on demand, English's too).
    {
        let lang = words.language.code();
        use_effect_on(busy, move |busy| {
            if *busy {
                crate::browser::tasks::next_task(move || crate::browser::lexicons::prefetch(lang));
            }
        });
    }
    let locale = props.clock.locale.clone().unwrap_or_else(|| words.intl_locale().to_owned());
    // One closure type for every callback that only dispatches an action: one instance of
    // its code in the wasm instead of one per action.
    let dispatch = |action: Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(action.clone()))
    };
    let on_forgotten = dispatch(Action::Forgotten);
    // `Touchpoint.forget()`: as the panel's action, without its confirm step (the page asked).
    let forget = {
        let (endpoint, clock, on_forgotten) = (props.endpoint.clone(), props.clock.clone(), on_forgotten.clone());
        Callback::from(move |()| {
            forget_journey(&endpoint, &clock);
            on_forgotten.emit(());
        })
    };
    use_touchpoints(props.config.0.clone(), state.dispatcher(), busy, props.clock.clone(), locale, forget);
    let on_submit = use_submit(
        state.clone(),
        props.config.0.clone(),
        props.endpoint.clone(),
        props.clock.clone(),
        words.0.clone(),
        launcher_ref.clone(),
    );

    let on_toggle = dispatch(Action::Toggle);
    let on_close = dispatch(Action::Close);
    let on_topic = {
        let state = state.clone();
        Callback::from(move |topic| state.dispatch(Action::Topic(topic)))
    };
    let on_answer = |target: Target| {
        let state = state.clone();
        Callback::from(move |(question, given)| state.dispatch(Action::Answer(target, question, given)))
    };
    // Closing an unanswered prompt records the dismissal: it counts as a prompt for the recontact rules.
    let on_close_prompt = {
        let (state, config, launcher_ref, clock) =
            (state.clone(), props.config.clone(), launcher_ref.clone(), props.clock.clone());
        Callback::from(move |focus_was_inside: bool| {
            let unanswered = state.prompt.as_ref().filter(|p| matches!(p.form.phase, Phase::Asking | Phase::Failed(_)));
            if let Some(touchpoint) = unanswered.and_then(|p| config.touchpoint(&p.touchpoint)) {
                storage::update_history(|h| h.dismissed(touchpoint, clock.now()));
            }
            if let Some(launcher) = launcher_ref.cast::<HtmlElement>().filter(|_| focus_was_inside) {
                let _ = launcher.focus();
            }
            state.dispatch(Action::ClosePrompt);
        })
    };

    let config = &props.config;
    let prompt = state.prompt.as_ref().filter(|_| !state.open);
    let questions = prompt.and_then(|p| config.touchpoint(&p.touchpoint)).map(|t| &t.questions);
    // One node, open or not (an empty one when closed): the root's children keep their places,
    // so the launcher is never re-created under the visitor's focus.
    let open_panel = drawn.then(|| {
        let feedback = if *revealed < 3 {
            Html::default()
        } else if state.panel.phase == Phase::Thanked {
            html! { <ThankYou words={words.clone()} /> }
        } else {
            let on_panel_submit = on_submit.reform(|trap| (Target::Panel, trap));
            feedback_form(&config.feedback, &state.panel, on_answer(Target::Panel), on_panel_submit, words)
        };
        let body = html! {
            <>
                if *revealed >= 2 {
                    <ChannelList config={config.clone()} clock={props.clock.clone()} words={words.clone()}
                        topic={state.topic.clone()} {on_topic} />
                }
                { feedback }
                if *revealed >= 4 {
                    <ForgetAnswers endpoint={props.endpoint.clone()} clock={props.clock.clone()} words={words.clone()}
                        {on_forgotten} />
                }
            </>
        };
        panel(heading_ref, &on_close, body, words)
    });
    let open_panel = open_panel.unwrap_or_default();
    // One node, shown or not, like the panel's.
    let prompt_box = match (prompt, questions) {
        (Some(prompt), Some(questions)) => {
            let on_prompt_submit = on_submit.reform(|trap| (Target::Prompt, trap));
            touchpoint_prompt(prompt, questions, &on_answer(Target::Prompt), &on_prompt_submit, &on_close_prompt, words)
        }
        _ => Html::default(),
    };
    let look = LauncherLook {
        label: config.theme.launcher_label.as_ref().map_or(words.text(Msg::Launcher), |l| l.as_str()),
        close: words.text(Msg::Close),
        icon: config.theme.launcher_icon,
    };
    let language = words.language;
    html! {
        <div class="tp" lang={language.code()} dir={if language.is_rtl() { "rtl" } else { "ltr" }}>
            { launcher(state.open, &on_toggle, launcher_ref, &look) }
            { open_panel }
            { prompt_box }
            // Announced politely when a prompt appears, since it does not take focus.
            <p class="tp-visually-hidden" role="status">
                { if prompt.is_some_and(|p| p.form.phase == Phase::Asking) { words.text(Msg::PromptAppeared) } else { "" } }
            </p>
        </div>
    }
}
