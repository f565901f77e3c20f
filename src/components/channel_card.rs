//! One channel: icon, label, what it is for, whether it is open, and what it promises, as
//! one real link (`tel:`, `mailto:`, `https:` …).

use touchpoint_core::config::Channel;
use touchpoint_core::i18n::Msg;
use yew::prelude::*;

use crate::components::icon::icon;
use crate::words::Words;

/// What a channel card says besides the channel's own fields.
pub struct CardLines {
    /// Whether it is open now; `None` when unknown.
    pub open: Option<bool>,
    /// "Open now", "Closed · opens Mon 09:00" …
    pub status: Option<String>,
    /// "Typically replies in 5 min", "Expect a reply by Tue 11:00" …
    pub promise: Option<String>,
}

/// A channel as a list item (keyed by its id) holding one link; `on_contact` hears the
/// channel's id when the visitor activates it.
pub fn channel_card(c: &Channel, lines: CardLines, on_contact: &Callback<String>, words: &Words) -> Html {
    let external = c.href.starts_with("https://");
    let onclick = {
        let id = c.id.clone();
        on_contact.reform(move |_: MouseEvent| id.clone())
    };
    let status_class = match lines.open {
        Some(true) => "tp-channel-status tp-open",
        Some(false) => "tp-channel-status tp-closed",
        None => "tp-channel-status",
    };
    html! {
        <li key={c.id.clone()} class="tp-channel" data-channel={c.id.clone()}>
            <a
                class="tp-channel-link"
                href={c.href.clone()}
                target={external.then_some("_blank")}
                rel={external.then_some("noopener noreferrer")}
                {onclick}
            >
                { icon(c.kind) }
                <span class="tp-channel-text">
                    <span class="tp-channel-label">{ c.label.as_str() }</span>
                    if let Some(description) = &c.description {
                        <span class="tp-channel-description">{ description.as_str() }</span>
                    }
                    if let Some(status) = lines.status {
                        <span class={status_class}>{ status }</span>
                    }
                    if let Some(promise) = lines.promise {
                        <span class="tp-channel-promise">{ promise }</span>
                    }
                </span>
                if external {
                    <span class="tp-visually-hidden">{ " " }{ words.text(Msg::NewTab) }</span>
                }
            </a>
        </li>
    }
}
