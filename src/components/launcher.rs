//! The always-visible button that opens and closes the panel.

use yew::prelude::*;

/// Props of [`Launcher`].
#[derive(Properties, PartialEq)]
pub struct LauncherProps {
    /// Whether the panel is open (announced as `aria-expanded`).
    pub expanded: bool,
    pub on_toggle: Callback<()>,
    /// Lets the root return focus here when the panel closes.
    pub node_ref: NodeRef,
}

/// The launcher button.
#[function_component(Launcher)]
pub fn launcher(props: &LauncherProps) -> Html {
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button
            type="button"
            class="tp-launcher"
            ref={props.node_ref.clone()}
            aria-expanded={props.expanded.to_string()}
            aria-controls="tp-panel"
            {onclick}
        >
            <svg class="tp-launcher-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M4 4h16v11H8l-4 4z" />
            </svg>
            <span>{ if props.expanded { "Close" } else { "Contact & feedback" } }</span>
        </button>
    }
}
