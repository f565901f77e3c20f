//! The channel directory: a topic picker, the channels that handle the topic in the order
//! a visitor should try them (open first, fastest reply first), and self-help resources.

use crate::by_pointer::ByPointer;

use touchpoint_core::Config;
use touchpoint_core::availability::{
    Instant, Listing, OffsetProvider, PromiseLine, StatusLine, availability, directory,
};
use touchpoint_core::i18n::Msg;
use web_sys::Element;
use yew::prelude::*;

use crate::browser;
use crate::browser::intl;
use crate::clock::Clock;
use crate::components::channel_card::{CardLines, channel_card};
use crate::components::resource_list::resource_list;
use crate::components::topic_picker::topic_picker;
use crate::hooks::use_effect_on::use_effect_on;
use crate::hooks::use_live_status::use_live_status;
use crate::hooks::use_now::use_now;
use crate::words::Words;

/// Props of [`ChannelList`].
#[derive(Properties, PartialEq)]
pub struct ChannelListProps {
    /// The validated configuration: topics, channels, resources.
    pub config: ByPointer<Config>,
    /// Where "now", the visitor's zone and locale come from.
    #[prop_or_default]
    pub clock: Clock,
    /// The visitor's language.
    #[prop_or_default]
    pub words: ByPointer<Words>,
    /// The topic picked (`None`: any).
    #[prop_or_default]
    pub topic: Option<String>,
    /// Hears a topic picked.
    #[prop_or_default]
    pub on_topic: Callback<Option<String>>,
}

/// "What do you need help with?", the ways to reach us, and where to help yourself.
#[function_component(ChannelList)]
pub fn channel_list(props: &ChannelListProps) -> Html {
    let config = &props.config;
    let clock = &props.clock;
    let words = &props.words;
    // The picked topic, also when the page picks one (`Touchpoint.open({topic})`).
    let topic = use_state_eq(|| props.topic.clone());
    {
        let topic = topic.clone();
        use_effect_on(props.topic.clone(), move |picked| topic.set(picked.clone()));
    }
    let now_ms = use_now(clock);
    let live = use_live_status(&config.channels, now_ms.div_euclid(60_000));
    let offsets = intl::shared_offsets();
    // Times in the widget's language, unless a test fixes the locale.
    let locale = clock.locale.as_deref().or(words.locale.as_deref());
    let format = intl::shared_format(locale, clock.time_zone.as_deref());
    let root = use_node_ref();

    let at = Instant::from_unix(now_ms.div_euclid(1_000));
    // The visitor's zone through the same provider, for "today", "Mon" and the like.
    let local = format.as_ref().and_then(|f| Some((f, offsets.zone(&f.time_zone)?)));
    let listings = directory(&config.channels, topic.as_deref(), at, &*offsets, |id| live.get(id));

    let on_topic = {
        let (topic, on_topic) = (topic.clone(), props.on_topic.clone());
        Callback::from(move |picked: Option<String>| {
            topic.set(picked.clone());
            on_topic.emit(picked);
        })
    };
    let on_contact = {
        let (config, topic, live, offsets, root, clock) =
            (config.clone(), topic.clone(), live.clone(), offsets.clone(), root.clone(), clock.clone());
        Callback::from(move |id: String| {
            let Some(channel) = config.channels.iter().find(|c| c.id == id) else { return };
            // Reply-by as of the moment of contact, live status included: the promise made.
            let at_ms = clock.now();
            let at = Instant::from_unix(at_ms.div_euclid(1_000));
            let reply_by_ms = availability(channel, at, &*offsets)
                .ok()
                .map(|a| live.get(&id).map_or(a, |l| a.with_live(l, at)))
                .and_then(|a| a.reply_by)
                .map(|t| t.unix().saturating_mul(1_000));
            // Only a promise can be followed up on.
            if let Some(reply_by_ms) = reply_by_ms {
                browser::storage::update_history(|h| h.contacted(&id, topic.as_deref(), at_ms, reply_by_ms));
            }
            if let Some(el) = root.cast::<Element>() {
                browser::events::announce_contact(&el, &id, topic.as_deref(), reply_by_ms);
            }
        })
    };

    let card = |listing: &Listing<'_>| {
        let c = listing.channel;
        let (open, status, promise) = match (&listing.availability, &local) {
            (Ok(a), Some((f, zone))) => (
                Some(a.open),
                Some(f.status(&StatusLine::new(a, at, zone, &*offsets), words)),
                PromiseLine::new(a, at, zone, &*offsets).map(|p| f.promise(&p, words)),
            ),
            // Without a status (a zone this browser does not know), the plain promise still helps.
            _ => (None, None, c.response_time.map(|d| words.replies_in(d))),
        };
        channel_card(c, CardLines { open, status, promise }, &on_contact, words)
    };

    html! {
        <div class="tp-directory" ref={root}>
            if !config.topics.is_empty() {
                { topic_picker(&config.topics, topic.as_deref(), &on_topic, words) }
            }
            <section class="tp-section" aria-labelledby="tp-channels-title">
                <h3 id="tp-channels-title" class="tp-subtitle">{ words.text(Msg::ChannelsTitle) }</h3>
                if listings.is_empty() {
                    <p class="tp-empty">{ words.text(Msg::NoChannel) }</p>
                } else {
                    <ul class="tp-channels">{ for listings.iter().map(card) }</ul>
                }
            </section>
            { resource_list(&config.resources, topic.as_deref(), words) }
        </div>
    }
}
