//! The always-visible button that opens and closes the panel.

use yew::prelude::*;

/// The launcher button: `expanded` says whether the panel is open (announced as
/// `aria-expanded`); `node_ref` lets the root return focus here when the panel closes.
pub fn launcher(expanded: bool, on_toggle: &Callback<()>, node_ref: NodeRef) -> Html {
    let onclick = on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button
            type="button"
            class="tp-launcher"
            ref={node_ref}
            aria-expanded={if expanded { "true" } else { "false" }}
            aria-controls="tp-panel"
            {onclick}
        >
            <svg class="tp-launcher-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M4 4h16v11H8l-4 4z" />
            </svg>
            <span>{ if expanded { "Close" } else { "Contact & feedback" } }</span>
        </button>
    }
}
