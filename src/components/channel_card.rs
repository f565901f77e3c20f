//! One channel: icon, label and the honest expected response time, as a real link.

use touchpoint_core::config::Channel;
use yew::prelude::*;

use crate::components::icon::Icon;

/// Props of [`ChannelCard`].
#[derive(Properties, PartialEq)]
pub struct ChannelCardProps {
    pub channel: Channel,
}

/// A channel as a list item holding one link.
#[function_component(ChannelCard)]
pub fn channel_card(props: &ChannelCardProps) -> Html {
    let c = &props.channel;
    let external = c.href.starts_with("https://");
    let promise = c.response_time.map(|d| format!("Typically replies in {}", d.describe()));
    html! {
        <li class="tp-channel" data-channel={c.id.clone()}>
            <a
                class="tp-channel-link"
                href={c.href.clone()}
                target={external.then_some("_blank")}
                rel={external.then_some("noopener noreferrer")}
            >
                <Icon kind={c.kind} />
                <span class="tp-channel-text">
                    <span class="tp-channel-label">{ &c.label }</span>
                    if let Some(promise) = promise {
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
