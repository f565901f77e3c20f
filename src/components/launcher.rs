//! The always-visible button that opens and closes the panel.

use touchpoint_core::config::LauncherIcon;
use yew::prelude::*;

/// What the launcher says and shows: its label (the theme's, or the catalogue's "Contact &
/// feedback"), the word for closing, and its icon (`theme.launcher_icon`).
pub struct LauncherLook<'a> {
    pub label: &'a str,
    pub close: &'a str,
    pub icon: LauncherIcon,
}

/// The launcher button: `expanded` says whether the panel is open (announced as
/// `aria-expanded`); `node_ref` lets the root return focus here when the panel closes.
pub fn launcher(expanded: bool, on_toggle: &Callback<()>, node_ref: NodeRef, look: &LauncherLook<'_>) -> Html {
    let onclick = on_toggle.reform(|_: MouseEvent| ());
    let path = match look.icon {
        LauncherIcon::Chat => Some("M4 4h16v11H8l-4 4z"),
        LauncherIcon::Help => Some("M12 3a9 9 0 100 18 9 9 0 000-18zm0 13v.01M12 13a2.5 2.5 0 10-2.5-2.5"),
        LauncherIcon::Mail => Some("M3 5h18v14H3zM3 6l9 7 9-7"),
        LauncherIcon::Phone => Some("M5 3h4l2 5-3 2a11 11 0 006 6l2-3 5 2v4a2 2 0 01-2 2A17 17 0 013 5a2 2 0 012-2z"),
        LauncherIcon::None => None,
    };
    html! {
        <button
            type="button"
            class="tp-launcher"
            ref={node_ref}
            aria-expanded={if expanded { "true" } else { "false" }}
            aria-controls="tp-panel"
            {onclick}
        >
            if let Some(d) = path {
                <svg class="tp-launcher-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d={d} />
                </svg>
            }
            <span>{ if expanded { look.close } else { look.label } }</span>
        </button>
    }
}
