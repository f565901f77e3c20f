//! "Forget my answers": the visitor takes back what they told this site. A disclosure
//! opens a confirm step (Forget / Cancel, focus on Cancel, Escape cancels); forgetting
//! queues the deletion of the journey at the collector in the outbox (delivered like a
//! submission, after any of the journey's submissions in flight; waiting ones are dropped
//! unsent), clears the local history and contacts, starts a new journey id, and says so in
//! a status message.

use crate::by_pointer::ByPointer;

use touchpoint_core::history::History;
use touchpoint_core::i18n::Msg;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::browser;
use crate::browser::storage::{load_history, save_history};
use crate::clock::Clock;
use crate::hooks::use_effect_on::use_effect_on;
use crate::words::Words;

/// Forgets the visitor's journey: deletion queued for `endpoint`, local history and
/// contacts cleared, a new journey id. Also what `Touchpoint.forget()` does.
pub fn forget_journey(endpoint: &str, clock: &Clock) {
    let old = load_history().journey;
    browser::outbox::shared(endpoint, clock).forget(&old);
    save_history(&History::new(browser::ids::new_uuid()));
}

/// Props of [`ForgetAnswers`].
#[derive(Properties, PartialEq)]
pub struct ForgetAnswersProps {
    pub endpoint: String,
    pub clock: Clock,
    pub words: ByPointer<Words>,
    /// Told once the journey is forgotten (the panel's own form starts afresh).
    pub on_forgotten: Callback<()>,
}

/// The action in the panel's footer, its confirm step and its announced result.
#[function_component(ForgetAnswers)]
pub fn forget_answers(props: &ForgetAnswersProps) -> Html {
    // `bool::default`, not `|| false`: yew's hooks are instantiated per initialiser type, and
    // one function shared by these and the app's flags is one instance of each hook.
    let confirming = use_state_eq(bool::default);
    let done = use_state_eq(bool::default);
    let toggle_ref = use_node_ref();
    let cancel_ref = use_node_ref();
    // Focus follows the step: onto Cancel (the harmless choice) when it opens, back to the
    // toggle when it closes (not on the first render).
    let was_open = use_mut_ref(bool::default);
    {
        let (toggle_ref, cancel_ref) = (toggle_ref.clone(), cancel_ref.clone());
        use_effect_on(*confirming, move |open| {
            let closed = was_open.replace(*open) && !*open;
            let target = if *open { Some(cancel_ref) } else { closed.then_some(toggle_ref) };
            if let Some(el) = target.and_then(|r| r.cast::<HtmlElement>()) {
                let _ = el.focus();
            }
        });
    }
    let words = &props.words;
    let close = {
        let confirming = confirming.clone();
        move || confirming.set(false)
    };
    let on_toggle = {
        let (confirming, done) = (confirming.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            done.set(false);
            confirming.set(!*confirming);
        })
    };
    let on_cancel = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close())
    };
    let on_forget = {
        let (endpoint, clock, done, close, on_forgotten) =
            (props.endpoint.clone(), props.clock.clone(), done.clone(), close.clone(), props.on_forgotten.clone());
        Callback::from(move |_: MouseEvent| {
            forget_journey(&endpoint, &clock);
            done.set(true);
            close();
            on_forgotten.emit(());
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            // Only the confirm step closes, not the panel around it.
            e.stop_propagation();
            close();
        }
    });
    html! {
        <div class="tp-forget">
            <button type="button" class="tp-link" ref={toggle_ref} aria-expanded={confirming.to_string()}
                aria-controls="tp-forget-confirm" onclick={on_toggle}>
                { words.text(Msg::ForgetOpen) }
            </button>
            if *confirming {
                <div id="tp-forget-confirm" class="tp-forget-confirm" role="group"
                    aria-labelledby="tp-forget-explain" {onkeydown}>
                    <p id="tp-forget-explain">{ words.text(Msg::ForgetExplain) }</p>
                    <div class="tp-forget-actions">
                        <button type="button" class="tp-submit" onclick={on_forget}>{ words.text(Msg::ForgetConfirm) }</button>
                        <button type="button" class="tp-secondary" ref={cancel_ref} onclick={on_cancel}>
                            { words.text(Msg::ForgetCancel) }
                        </button>
                    </div>
                </div>
            }
            <p class="tp-forget-status" role="status">{ if *done { words.text(Msg::Forgotten) } else { "" } }</p>
        </div>
    }
}
