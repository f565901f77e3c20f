//! The panel: a labelled, non-modal dialog that Escape closes.

use touchpoint_core::i18n::Msg;
use yew::prelude::*;

use crate::words::Words;

/// The panel around `body` (the channel list and the feedback form). The heading, held by
/// `heading_ref`, receives focus when the panel opens.
pub fn panel(heading_ref: NodeRef, on_close: &Callback<()>, body: Html, words: &Words) -> Html {
    let onkeydown = {
        let on_close = on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                on_close.emit(());
            }
        })
    };
    let onclick = on_close.reform(|_: MouseEvent| ());
    html! {
        <section id="tp-panel" class="tp-panel" role="dialog" aria-modal="false" aria-labelledby="tp-title" {onkeydown}>
            <header class="tp-header">
                <h2 id="tp-title" class="tp-title" tabindex="-1" ref={heading_ref}>{ words.text(Msg::Title) }</h2>
                <button type="button" class="tp-close" aria-label={words.text(Msg::Close).to_owned()} {onclick}>
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18" /></svg>
                </button>
            </header>
            <div class="tp-body">{ body }</div>
        </section>
    }
}
