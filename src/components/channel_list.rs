//! Every configured channel, in the configured order.

use touchpoint_core::config::Channel;
use yew::prelude::*;

use crate::components::channel_card::ChannelCard;

/// Props of [`ChannelList`].
#[derive(Properties, PartialEq)]
pub struct ChannelListProps {
    pub channels: Vec<Channel>,
}

/// The "ways to reach us" list.
#[function_component(ChannelList)]
pub fn channel_list(props: &ChannelListProps) -> Html {
    html! {
        <section class="tp-section" aria-labelledby="tp-channels-title">
            <h3 id="tp-channels-title" class="tp-subtitle">{ "Ways to reach us" }</h3>
            <ul class="tp-channels">
                { for props.channels.iter().map(|c| html! { <ChannelCard key={c.id.clone()} channel={c.clone()} /> }) }
            </ul>
        </section>
    }
}
