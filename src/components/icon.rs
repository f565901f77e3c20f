//! Small inline SVG icons per channel kind (decorative: hidden from assistive tech).

use touchpoint_core::config::ChannelKind;
use yew::prelude::*;

/// The icon of a channel kind. A function, not a component: it has no state, and each
/// component type costs the wasm its own copy of yew's lifecycle.
pub fn icon(kind: ChannelKind) -> Html {
    let d = match kind {
        ChannelKind::Phone => {
            "M6.6 10.8a15 15 0 006.6 6.6l2.2-2.2a1 1 0 011-.25 11.4 11.4 0 003.6.57 1 1 0 011 1V20a1 1 0 01-1 1A17 17 0 013 4a1 1 0 011-1h3.5a1 1 0 011 1c0 1.25.2 2.45.57 3.57a1 1 0 01-.25 1z"
        }
        ChannelKind::Email => "M3 5h18v14H3zM3 6l9 7 9-7",
        ChannelKind::Chat | ChannelKind::Whatsapp | ChannelKind::Sms | ChannelKind::Facebook => "M4 4h16v11H8l-4 4z",
        ChannelKind::HelpCenter | ChannelKind::Community => {
            "M12 3a9 9 0 100 18 9 9 0 000-18zm0 13v.01M12 13a2.5 2.5 0 10-2.5-2.5"
        }
        ChannelKind::StatusPage => "M3 12h4l3-7 4 14 3-7h4",
        ChannelKind::ContactForm => "M5 3h14v18H5zM8 8h8M8 12h8M8 16h5",
        ChannelKind::X | ChannelKind::Instagram | ChannelKind::Custom => {
            "M10 14l4-4M8 16a3 3 0 010-4l2-2M16 8a3 3 0 010 4l-2 2"
        }
    };
    html! {
        <svg class="tp-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d={d} /></svg>
    }
}
