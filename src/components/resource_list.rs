//! Self-help resources (help centre, FAQ, status page …) that suit the picked topic, listed
//! after the channels: often the fastest answer of all.

use touchpoint_core::config::{ChannelKind, Resource, ResourceKind};
use touchpoint_core::i18n::Msg;
use yew::prelude::*;

use crate::components::icon::icon;
use crate::words::Words;

/// The icon a resource shares with the channel kind it resembles.
fn icon_of(kind: ResourceKind) -> ChannelKind {
    match kind {
        ResourceKind::StatusPage => ChannelKind::StatusPage,
        ResourceKind::Community => ChannelKind::Community,
        ResourceKind::HelpCenter | ResourceKind::Faq | ResourceKind::Guide | ResourceKind::Video => {
            ChannelKind::HelpCenter
        }
    }
}

/// "Help yourself": the `resources` for `topic` (by id; `None`: any), nothing when none suits it.
pub fn resource_list(resources: &[Resource], topic: Option<&str>, words: &Words) -> Html {
    let shown: Vec<&Resource> = resources.iter().filter(|r| r.handles(topic)).collect();
    if shown.is_empty() {
        return html! {};
    }
    let item = |r: &&Resource| {
        let external = r.href.starts_with("https://");
        html! {
            <li key={r.id.clone()} class="tp-resource" data-resource={r.id.clone()}>
                <a
                    class="tp-resource-link"
                    href={r.href.clone()}
                    target={external.then_some("_blank")}
                    rel={external.then_some("noopener noreferrer")}
                >
                    { icon(icon_of(r.kind)) }
                    <span class="tp-channel-text">
                        <span class="tp-resource-label">{ r.label.as_str() }</span>
                        if let Some(description) = &r.description {
                            <span class="tp-channel-description">{ description.as_str() }</span>
                        }
                    </span>
                    if external {
                        <span class="tp-visually-hidden">{ " " }{ words.text(Msg::NewTab) }</span>
                    }
                </a>
            </li>
        }
    };
    html! {
        <section class="tp-section" aria-labelledby="tp-resources-title">
            <h3 id="tp-resources-title" class="tp-subtitle">{ words.text(Msg::ResourcesTitle) }</h3>
            <ul class="tp-resources">{ for shown.iter().map(item) }</ul>
        </section>
    }
}
