//! One channel: icon, label, what it is for, whether it is open, and what it promises, as
//! one real link (`tel:`, `mailto:`, `https:` …).

use touchpoint_core::config::Channel;
use yew::prelude::*;

use crate::components::icon::Icon;

/// Props of [`ChannelCard`].
#[derive(Properties, PartialEq)]
pub struct ChannelCardProps {
    pub channel: Channel,
    /// Whether it is open now; `None` when unknown.
    #[prop_or_default]
    pub open: Option<bool>,
    /// "Open now", "Closed · opens Mon 09:00" …
    #[prop_or_default]
    pub status: Option<String>,
    /// "Typically replies in 5 min", "Expect a reply by Tue 11:00" …
    #[prop_or_default]
    pub promise: Option<String>,
    /// The visitor activated the link: the channel's id.
    pub on_contact: Callback<String>,
}

/// A channel as a list item holding one link.
#[function_component(ChannelCard)]
pub fn channel_card(props: &ChannelCardProps) -> Html {
    let c = &props.channel;
    let external = c.href.starts_with("https://");
    let onclick = {
        let id = c.id.clone();
        props.on_contact.reform(move |_: MouseEvent| id.clone())
    };
    let status_class = match props.open {
        Some(true) => "tp-channel-status tp-open",
        Some(false) => "tp-channel-status tp-closed",
        None => "tp-channel-status",
    };
    html! {
        <li class="tp-channel" data-channel={c.id.clone()}>
            <a
                class="tp-channel-link"
                href={c.href.clone()}
                target={external.then_some("_blank")}
                rel={external.then_some("noopener noreferrer")}
                {onclick}
            >
                <Icon kind={c.kind} />
                <span class="tp-channel-text">
                    <span class="tp-channel-label">{ &c.label }</span>
                    if let Some(description) = &c.description {
                        <span class="tp-channel-description">{ description }</span>
                    }
                    if let Some(status) = &props.status {
                        <span class={status_class}>{ status }</span>
                    }
                    if let Some(promise) = &props.promise {
                        <span class="tp-channel-promise">{ promise }</span>
                    }
                </span>
                if external {
                    <span class="tp-visually-hidden">{ " (opens in a new tab)" }</span>
                }
            </a>
        </li>
    }
}
