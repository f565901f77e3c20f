//! Contact channels: every way to reach the company, and the links each kind may use.

use serde_json::Value;

use crate::duration::Duration;
use crate::fields::{Node, Reader, kind};

use super::hours::{Schedule, ZoneCheck, read_hours};
use super::links::{is_https_on, is_local_http, is_mailto, is_number, is_tel, is_web_link};
use super::text::{Declared, Text, read_opt_text, read_text};
use super::topics::read_handles;

/// One way to reach the company.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Stable id, used in analytics and follow-ups.
    pub id: String,
    /// What sort of channel it is; decides the icon and which links are valid.
    pub kind: ChannelKind,
    /// Name shown to visitors.
    pub label: Text,
    /// Link that starts the contact (`tel:`, `mailto:`, `https:` …).
    pub href: String,
    /// One line on what the channel is best for, if any.
    pub description: Option<Text>,
    /// Topic ids this channel handles; empty means every topic.
    pub handles: Vec<String>,
    /// Typical time to a first reply, if the company states one.
    pub response_time: Option<Duration>,
    /// Whether `response_time` counts only open hours or all the time.
    pub response_clock: ResponseClock,
    /// When the channel is staffed; `None` means always open (no `hours`, or `"24/7"`).
    pub hours: Option<Schedule>,
    /// A URL answering `{"open": bool, "wait_seconds": n}`, which overrides the estimate
    /// when it answers in time.
    pub live_status: Option<String>,
    /// Whether to leave the channel out of the list while it is closed.
    pub hide_when_closed: bool,
}

impl Channel {
    /// Whether it handles `topic` (`None`: no topic chosen, every channel applies).
    pub fn handles(&self, topic: Option<&str>) -> bool {
        topic.is_none_or(|t| self.handles.is_empty() || self.handles.iter().any(|h| h == t))
    }
}

kind! {
    /// How a response-time promise is counted (`response_time_in`).
    #[derive(Default)]
    pub enum ResponseClock {
        /// Only while the channel is open: "PT4H" sent on Friday at 16:00 is due Monday at 12:00
        /// for a 09:00-17:00 weekday team. The default, as teams promise in working hours.
        #[default]
        Business = "business",
        /// Around the clock: "PT4H" is due four hours later, whatever the hours say.
        WallClock = "wall_clock",
    }
}

kind! {
    /// The kinds of channel the widget knows how to present.
    pub enum ChannelKind {
        Phone = "phone",
        Email = "email",
        Chat = "chat",
        Whatsapp = "whatsapp",
        Sms = "sms",
        X = "x",
        Facebook = "facebook",
        Instagram = "instagram",
        ContactForm = "contact_form",
        HelpCenter = "help_center",
        Community = "community",
        StatusPage = "status_page",
        Custom = "custom",
    }
}

impl ChannelKind {
    /// Checks that `href` is a link this kind of channel can use; `Err` says what it must be.
    pub fn check_href(self, href: &str) -> Result<(), &'static str> {
        let ok = match self {
            ChannelKind::Phone => is_tel(href, "tel:"),
            ChannelKind::Sms => is_tel(href, "sms:"),
            ChannelKind::Email => is_mailto(href),
            ChannelKind::Whatsapp => href.strip_prefix("https://wa.me/").is_some_and(is_number),
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
            ChannelKind::Chat
            | ChannelKind::ContactForm
            | ChannelKind::HelpCenter
            | ChannelKind::Community
            | ChannelKind::StatusPage
            | ChannelKind::Custom => "must be an https: link or a path starting with /",
        })
    }
}

/// Longest response-time promise accepted: 90 days. Longer is a typo (or not a promise).
pub const MAX_RESPONSE_TIME: Duration = Duration::from_secs(90 * 86_400);

/// Every field a channel may have.
const CHANNEL_FIELDS: [&str; 11] = [
    "id",
    "kind",
    "label",
    "href",
    "description",
    "handles",
    "response_time",
    "response_time_in",
    "hours",
    "live_status",
    "hide_when_closed",
];

pub(super) fn read_channels(
    r: &mut Reader,
    node: &Node<'_>,
    topics: &[&str],
    languages: Declared<'_>,
    known_zone: Option<ZoneCheck<'_>>,
) -> Option<Vec<Channel>> {
    let items = r.items(node);
    if node.value().is_some_and(Value::is_array) && items.is_empty() {
        r.fail(node, "must list at least one channel");
    }
    let mut channels = Vec::new();
    let mut ids = Vec::new();
    for item in &items {
        if r.object(item, &CHANNEL_FIELDS).is_none() {
            continue;
        }
        let id = r.id(&item.field("id"));
        let kind = r.kind::<ChannelKind>(&item.field("kind"));
        let label = read_text(r, &item.field("label"), languages, 80);
        let href_node = item.field("href");
        let href = r.string(&href_node);
        if let (Some(kind), Some(href)) = (kind, href)
            && let Err(why) = kind.check_href(href)
        {
            r.fail(&href_node, why);
        }
        let rt_node = item.field("response_time");
        let response_time = r.opt_string(&rt_node).and_then(|s| match Duration::parse(s) {
            Ok(d) if d > MAX_RESPONSE_TIME => {
                r.fail(&rt_node, format!("{d} is longer than any promise worth showing (at most {MAX_RESPONSE_TIME})"));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                r.fail(&rt_node, e.to_string());
                None
            }
        });
        let clock_node = item.field("response_time_in");
        let response_clock = if clock_node.is_present() { r.kind(&clock_node) } else { Some(ResponseClock::default()) };
        let description = read_opt_text(r, &item.field("description"), languages, 200);
        let handles = read_handles(r, &item.field("handles"), topics);
        // Invalid hours read as `None` too, but then the reader holds errors and no config results.
        let hours = read_hours(r, &item.field("hours"), known_zone);
        let live_node = item.field("live_status");
        let live_status = r.opt_string(&live_node).filter(|url| {
            let ok = is_web_link(url) || is_local_http(url);
            if !ok {
                r.fail(&live_node, "must be an https: URL, http://localhost…, or a path starting with /");
            }
            ok
        });
        let hide_when_closed = r.opt_bool(&item.field("hide_when_closed")).unwrap_or(false);
        if let Some(id) = id {
            ids.push((item.field("id"), id));
        }
        if let (Some(id), Some(kind), Some(label), Some(href), Some(response_clock)) =
            (id, kind, label, href, response_clock)
        {
            channels.push(Channel {
                id: id.to_owned(),
                kind,
                label,
                href: href.to_owned(),
                description,
                handles,
                response_time,
                response_clock,
                hours,
                live_status: live_status.map(str::to_owned),
                hide_when_closed,
            });
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "channel");
    Some(channels)
}
