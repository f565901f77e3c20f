//! Contact channels: every way to reach the company, and the links each kind may use.

use crate::duration::Duration;
use crate::fields::{Node, Reader};

use super::links::{is_https_on, is_mailto, is_tel, is_web_link};

/// One way to reach the company.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Stable id, used in analytics and follow-ups.
    pub id: String,
    /// What sort of channel it is; decides the icon and which links are valid.
    pub kind: ChannelKind,
    /// Name shown to visitors.
    pub label: String,
    /// Link that starts the contact (`tel:`, `mailto:`, `https:` …).
    pub href: String,
    /// Typical time to a first reply, if the company states one.
    pub response_time: Option<Duration>,
}

/// The kinds of channel the widget knows how to present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    Phone,
    Email,
    Chat,
    Whatsapp,
    Sms,
    X,
    Facebook,
    Instagram,
    ContactForm,
    HelpCenter,
    Community,
    StatusPage,
    Custom,
}

impl ChannelKind {
    /// Every kind with its configuration name.
    pub const ALL: [(&'static str, ChannelKind); 13] = [
        ("phone", ChannelKind::Phone),
        ("email", ChannelKind::Email),
        ("chat", ChannelKind::Chat),
        ("whatsapp", ChannelKind::Whatsapp),
        ("sms", ChannelKind::Sms),
        ("x", ChannelKind::X),
        ("facebook", ChannelKind::Facebook),
        ("instagram", ChannelKind::Instagram),
        ("contact_form", ChannelKind::ContactForm),
        ("help_center", ChannelKind::HelpCenter),
        ("community", ChannelKind::Community),
        ("status_page", ChannelKind::StatusPage),
        ("custom", ChannelKind::Custom),
    ];

    /// The configuration name, e.g. `contact_form`.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("custom", |(n, _)| n)
    }

    /// Checks that `href` is a link this kind of channel can use; `Err` says what it must be.
    pub fn check_href(self, href: &str) -> Result<(), &'static str> {
        let ok = match self {
            ChannelKind::Phone => is_tel(href, "tel:"),
            ChannelKind::Sms => is_tel(href, "sms:"),
            ChannelKind::Email => is_mailto(href),
            ChannelKind::Whatsapp => {
                href.starts_with("https://wa.me/") && is_tel(&href.replace("https://wa.me/", "tel:"), "tel:")
            }
            ChannelKind::X => is_https_on(href, &["x.com", "twitter.com"]),
            ChannelKind::Facebook => is_https_on(href, &["facebook.com", "m.me", "messenger.com"]),
            ChannelKind::Instagram => is_https_on(href, &["instagram.com", "ig.me"]),
            ChannelKind::Chat
            | ChannelKind::ContactForm
            | ChannelKind::HelpCenter
            | ChannelKind::Community
            | ChannelKind::StatusPage
            | ChannelKind::Custom => is_web_link(href),
        };
        if ok {
            return Ok(());
        }
        Err(match self {
            ChannelKind::Phone => "must be a tel: link with an international number, e.g. tel:+4722334455",
            ChannelKind::Sms => "must be an sms: link with an international number, e.g. sms:+4722334455",
            ChannelKind::Email => "must be a mailto: link, e.g. mailto:help@example.com",
            ChannelKind::Whatsapp => {
                "must be a https://wa.me/ link with the number in international digits, e.g. https://wa.me/4722334455"
            }
            ChannelKind::X => "must be an https: link on x.com or twitter.com",
            ChannelKind::Facebook => "must be an https: link on facebook.com, m.me or messenger.com",
            ChannelKind::Instagram => "must be an https: link on instagram.com or ig.me",
            _ => "must be an https: link or a path starting with /",
        })
    }
}

pub(super) fn read_channels(r: &mut Reader, node: &Node<'_>) -> Option<Vec<Channel>> {
    let items = r.items(node);
    if node.is_present() && items.is_empty() && !r.has_errors() {
        r.fail(node, "must list at least one channel");
    }
    let mut channels = Vec::new();
    let mut ids = Vec::new();
    for item in &items {
        if r.object(item, &["id", "kind", "label", "href", "response_time"]).is_none() {
            continue;
        }
        let id = r.id(&item.field("id"));
        let kind = r.one_of(&item.field("kind"), &ChannelKind::ALL);
        let label = r.bounded_string(&item.field("label"), 80);
        let href_node = item.field("href");
        let href = r.string(&href_node);
        if let (Some(kind), Some(href)) = (kind, href)
            && let Err(why) = kind.check_href(href)
        {
            r.fail(&href_node, why);
        }
        let rt_node = item.field("response_time");
        let response_time = r.opt_string(&rt_node).and_then(|s| match Duration::parse(s) {
            Ok(d) => Some(d),
            Err(e) => {
                r.fail(&rt_node, e.to_string());
                None
            }
        });
        if let Some(id) = id {
            ids.push((item.field("id"), id));
        }
        if let (Some(id), Some(kind), Some(label), Some(href)) = (id, kind, label, href) {
            channels.push(Channel {
                id: id.to_owned(),
                kind,
                label: label.to_owned(),
                href: href.to_owned(),
                response_time,
            });
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "channel");
    Some(channels)
}
