//! The widget's configuration as a marketer writes it (JSON), validated into
//! typed values. An invalid configuration yields every problem at once, each
//! named by its field path, and no widget.

use serde_json::Value;

use crate::fields::{FieldError, Invalid, Node, Reader};

mod channels;
mod feedback;
mod hours;
mod journey;
mod links;
mod questions;
mod recontact;
mod resources;
mod topics;
mod touchpoints;

pub use channels::{Channel, ChannelKind, MAX_RESPONSE_TIME, ResponseClock};
pub use feedback::Feedback;
pub use hours::{DatedHours, Interval, Schedule, is_zone_name};
pub use questions::{
    CES_LABELS, CSAT_LABELS, Choice, Condition, EMOJI_LABELS, NPS_LABELS, Question, QuestionKind, QuestionTag,
    REPLY_LABELS, THUMBS_LABELS, When,
};
pub use recontact::Recontact;
pub use resources::{Resource, ResourceKind};
pub use topics::{MAX_TOPICS, Topic};
pub use touchpoints::{FOLLOW_UP_WITHIN_DAYS, Touchpoint, Trigger, TriggerTag};

use crate::journey::JourneyParams;
use crate::wire::Stage;

/// A validated widget configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Which site the results belong to at the collector.
    pub site: String,
    /// Where submissions are posted: an `https:` URL, `http://localhost…`, or a path on the loader's origin.
    pub endpoint: String,
    /// The kinds of problem visitors come with, in picker order; may be empty.
    pub topics: Vec<Topic>,
    /// Every way to reach the company, in the order the marketer listed them.
    pub channels: Vec<Channel>,
    /// Self-service resources, listed after the channels.
    pub resources: Vec<Resource>,
    /// The feedback the panel asks for.
    pub feedback: Feedback,
    /// The moments of the journey the site prompts for feedback, in priority order.
    pub touchpoints: Vec<Touchpoint>,
    /// How rarely a visitor may be prompted.
    pub recontact: Recontact,
    /// The journey model's parameters.
    pub journey: JourneyParams,
    /// Send only the scores of comments, never their text (it is scored on the device).
    pub keep_text_on_device: bool,
}

impl Config {
    /// Parses and validates a configuration document. Time-zone names are checked for
    /// their shape only; see [`Config::from_json_with_zones`].
    pub fn from_json(text: &str) -> Result<Config, Invalid> {
        Config::from_value(&parse_json(text)?)
    }

    /// Validates an already-parsed document (e.g. from `JSON.parse` in the browser).
    pub fn from_value(value: &Value) -> Result<Config, Invalid> {
        read_config(value, None)
    }

    /// Like [`Config::from_json`], and also reports every time zone `known_zone` does not
    /// know, with the other problems (the CLI passes a time-zone database lookup).
    pub fn from_json_with_zones(text: &str, known_zone: &dyn Fn(&str) -> bool) -> Result<Config, Invalid> {
        read_config(&parse_json(text)?, Some(known_zone))
    }

    /// Like [`Config::from_value`], and also reports every time zone `known_zone` does not
    /// know (Studio asks the browser's `Intl`, as the widget will).
    pub fn from_value_with_zones(value: &Value, known_zone: &dyn Fn(&str) -> bool) -> Result<Config, Invalid> {
        read_config(value, Some(known_zone))
    }

    /// The topic with id `id`, if configured.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}

fn parse_json(text: &str) -> Result<Value, Invalid> {
    serde_json::from_str(text)
        .map_err(|e| Invalid(vec![FieldError { path: "(root)".into(), message: format!("is not valid JSON: {e}") }]))
}

fn read_config(value: &Value, known_zone: Option<hours::ZoneCheck<'_>>) -> Result<Config, Invalid> {
    let mut r = Reader::default();
    let root = Node::root(value);
    r.object(
        &root,
        &[
            "site",
            "endpoint",
            "topics",
            "channels",
            "resources",
            "feedback",
            "touchpoints",
            "recontact",
            "journey",
            "keep_text_on_device",
        ],
    );
    let site = r.id(&root.field("site"));
    let endpoint = read_endpoint(&mut r, &root.field("endpoint"));
    let (topics, topic_ids) = topics::read_topics(&mut r, &root.field("topics"));
    let topic_ids: Vec<&str> = topic_ids.iter().map(String::as_str).collect();
    let channels = channels::read_channels(&mut r, &root.field("channels"), &topic_ids, known_zone);
    let resources = resources::read_resources(&mut r, &root.field("resources"), &topic_ids);
    let feedback = feedback::read_feedback(&mut r, &root.field("feedback"));
    let touchpoints = touchpoints::read_touchpoints(
        &mut r,
        &root.field("touchpoints"),
        channels.as_deref().unwrap_or_default(),
        feedback.as_ref().map(|f| f.id.as_str()),
    );
    let recontact = recontact::read_recontact(&mut r, &root.field("recontact"));
    let journey = journey::read_journey(&mut r, &root.field("journey"));
    let keep_text_on_device = r.opt_bool(&root.field("keep_text_on_device")).unwrap_or(false);
    let config = (|| {
        Some(Config {
            site: site?.to_owned(),
            endpoint: endpoint?,
            topics: topics?,
            channels: channels?,
            resources: resources?,
            feedback: feedback?,
            touchpoints,
            recontact,
            journey,
            keep_text_on_device,
        })
    })();
    r.finish_with(config)
}

impl Config {
    /// The stage and questions of a touchpoint, the panel's feedback included.
    pub fn questions_of(&self, touchpoint: &str) -> Option<(Stage, &[Question])> {
        if self.feedback.id == touchpoint {
            return Some((self.feedback.stage, &self.feedback.questions));
        }
        self.touchpoints.iter().find(|t| t.id == touchpoint).map(|t| (t.stage, t.questions.as_slice()))
    }

    /// A configured touchpoint (not the panel) by id.
    pub fn touchpoint(&self, id: &str) -> Option<&Touchpoint> {
        self.touchpoints.iter().find(|t| t.id == id)
    }
}

/// A touchpoint with defaults around `trigger`, for other modules' tests.
#[cfg(test)]
pub(crate) fn test_touchpoint(id: &str, trigger: Trigger) -> Touchpoint {
    Touchpoint {
        id: id.into(),
        label: id.into(),
        stage: Stage::Use,
        questions: Vec::new(),
        trigger,
        sample_percent: 100.0,
        recontact: None,
    }
}

fn read_endpoint(r: &mut Reader, node: &Node<'_>) -> Option<String> {
    let s = r.string(node)?;
    if links::is_web_link(s) || links::is_local_http(s) {
        Some(s.to_owned())
    } else {
        r.fail(node, "must be an https: URL, http://localhost…, or a path starting with /");
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duration::Duration;
    use crate::fields::Kind;
    use serde_json::json;

    fn valid() -> Value {
        json!({
            "site": "northwind",
            "endpoint": "/v1/submissions",
            "topics": [{"id": "billing", "label": "Billing"}, {"id": "orders", "label": "Orders"}],
            "channels": [
                {"id": "chat", "kind": "chat", "label": "Live chat", "href": "https://northwind.example/chat", "response_time": "PT5M",
                 "description": "Quick questions", "handles": ["orders", "billing"], "response_time_in": "wall_clock",
                 "hours": {"time_zone": "Europe/Oslo", "weekly": {"mon": ["09:00-17:00"], "fri": ["09:00-12:00", "22:00-02:00"]},
                           "closed": [{"date": "2025-12-25", "label": "Christmas Day"}],
                           "special": [{"from": "2025-12-29", "to": "2025-12-30", "hours": ["10:00-14:00"]}]},
                 "live_status": "https://northwind.example/chat/status", "hide_when_closed": true},
                {"id": "email", "kind": "email", "label": "E-mail", "href": "mailto:help@northwind.example", "response_time": "PT4H"},
                {"id": "phone", "kind": "phone", "label": "Phone", "href": "tel:+47 22 33 44 55", "hours": "24/7"}
            ],
            "resources": [
                {"id": "faq", "kind": "faq", "label": "FAQ", "href": "/help/faq", "handles": ["billing"]},
                {"id": "status", "kind": "status_page", "label": "Service status", "href": "https://status.northwind.example",
                 "description": "Outages and maintenance"}
            ],
            "feedback": {"id": "help-panel", "questions": [
                {"id": "csat", "kind": "csat", "prompt": "How satisfied are you?"},
                {"id": "comment", "kind": "text", "prompt": "Anything to add?", "max_length": 1000}
            ]}
        })
    }

    fn errors_of(doc: &Value) -> Vec<String> {
        Config::from_value(doc).unwrap_err().0.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_valid_config_reads_every_field() {
        let c = Config::from_value(&valid()).unwrap();
        assert_eq!(c.site, "northwind");
        assert_eq!(c.channels.len(), 3);
        assert_eq!(c.channels[0].response_time, Some(Duration::from_secs(300)));
        assert_eq!(c.channels[2].response_time, None);
        assert_eq!(c.topics.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(), ["Billing", "Orders"]);
        let chat = &c.channels[0];
        assert_eq!(
            (chat.handles(Some("orders")), chat.handles(Some("sales")), chat.handles(None)),
            (true, false, true)
        );
        assert_eq!(chat.response_clock, ResponseClock::WallClock);
        assert_eq!(c.channels[1].response_clock, ResponseClock::Business, "business time unless configured");
        assert_eq!(chat.live_status.as_deref(), Some("https://northwind.example/chat/status"));
        assert!(chat.hide_when_closed && !c.channels[1].hide_when_closed);
        let hours = chat.hours.as_ref().unwrap();
        assert_eq!(hours.time_zone, "Europe/Oslo");
        assert_eq!(hours.weekly[4].iter().map(ToString::to_string).collect::<Vec<_>>(), ["09:00-12:00", "22:00-02:00"]);
        assert_eq!(hours.dated.len(), 2);
        assert_eq!(c.channels[1].hours, None, "no hours: always open");
        assert_eq!(c.channels[2].hours, None, "24/7: always open");
        assert_eq!(c.resources[0].kind, ResourceKind::Faq);
        assert!(c.resources[0].handles(Some("billing")) && !c.resources[0].handles(Some("orders")));
        assert!(c.resources[1].handles(Some("orders")), "a resource without handles helps with every topic");
        assert_eq!(c.feedback.questions[0].kind, QuestionKind::Csat { labels: CSAT_LABELS.map(str::to_owned) });
        assert!(c.feedback.questions[0].required, "CSAT is required unless configured otherwise");
        assert_eq!(c.feedback.questions[1].kind, QuestionKind::Text { max_length: 1000, min_length: 0 });
        assert!(!c.feedback.questions[1].required);
    }

    /// Each case breaks one field and names the exact path and message expected.
    #[test]
    fn each_bad_field_is_named_by_its_path() {
        let cases: &[(&str, Value, &str)] = &[
            (
                "/site",
                json!("North Wind"),
                "site: `North Wind` must be 1-64 characters of a-z, 0-9, - or _, starting with a letter or digit",
            ),
            (
                "/endpoint",
                json!("ftp://x"),
                "endpoint: must be an https: URL, http://localhost…, or a path starting with /",
            ),
            ("/channels", json!([]), "channels: must list at least one channel"),
            (
                "/channels/1/href",
                json!("help@northwind.example"),
                "channels[1].href: must be a mailto: link, e.g. mailto:help@example.com",
            ),
            (
                "/channels/2/href",
                json!("tel:call-us"),
                "channels[2].href: must be a tel: link with an international number, e.g. tel:+4722334455",
            ),
            (
                "/channels/0/href",
                json!("http://northwind.example/chat"),
                "channels[0].href: must be an https: link or a path starting with /",
            ),
            (
                "/channels/0/kind",
                json!("chatt"),
                "channels[0].kind: `chatt` is not one of phone, email, chat, whatsapp, sms, x, facebook, instagram, contact_form, help_center, community, status_page, custom (did you mean `chat`?)",
            ),
            (
                "/channels/0/response_time",
                json!("5 minutes"),
                "channels[0].response_time: `5 minutes` is not an ISO 8601 duration such as PT5M, PT4H or P2D",
            ),
            ("/channels/0/label", json!(""), "channels[0].label: must not be blank"),
            ("/channels/1/id", json!("chat"), "channels[1].id: duplicate channel id `chat`"),
            (
                "/channels/0/handles/1",
                json!("biling"),
                "channels[0].handles[1]: unknown topic `biling` (expected one of: billing, orders)",
            ),
            ("/channels/0/handles/1", json!("orders"), "channels[0].handles[1]: topic `orders` is listed twice"),
            (
                "/channels/1/response_time",
                json!("P13W"),
                "channels[1].response_time: P91D is longer than any promise worth showing (at most P90D)",
            ),
            (
                "/channels/0/response_time_in",
                json!("business_hours"),
                "channels[0].response_time_in: `business_hours` is not one of business, wall_clock",
            ),
            (
                "/channels/0/hours/weekly/mon/0",
                json!("18:00-17:00"),
                "channels[0].hours.weekly.mon[0]: closing time 17:00 is before opening time 18:00 \
                 (an overnight interval must close by 12:00 the next day)",
            ),
            (
                "/channels/0/hours/closed/0/date",
                json!("2025-12-32"),
                "channels[0].hours.closed[0].date: `2025-12-32` is not a date in the form YYYY-MM-DD",
            ),
            (
                "/channels/0/hours/special/0/to",
                json!("2025-12-28"),
                "channels[0].hours.special[0].to: 2025-12-28 is before `from` 2025-12-29",
            ),
            (
                "/channels/0/live_status",
                json!("ftp://northwind.example/status"),
                "channels[0].live_status: must be an https: URL, http://localhost…, or a path starting with /",
            ),
            (
                "/channels/0/hide_when_closed",
                json!("yes"),
                "channels[0].hide_when_closed: must be true or false, found a string",
            ),
            ("/topics/0/label", json!(" "), "topics[0].label: must not be blank"),
            (
                "/resources/0/kind",
                json!("faqs"),
                "resources[0].kind: `faqs` is not one of help_center, faq, guide, video, status_page, community \
                 (did you mean `faq`?)",
            ),
            (
                "/resources/1/href",
                json!("status.northwind.example"),
                "resources[1].href: must be an https: link or a path starting with /",
            ),
            ("/resources/1/id", json!("faq"), "resources[1].id: duplicate resource id `faq`"),
            (
                "/feedback/questions/0/kind",
                json!("stars"),
                "feedback.questions[0].kind: `stars` is not one of csat, nps, ces, thumbs, emoji, single_choice, multiple_choice, text, reply",
            ),
            (
                "/feedback/questions/0/labels",
                json!(["a", "b"]),
                "feedback.questions[0].labels: must have exactly 5 labels, worst first, found 2",
            ),
            (
                "/feedback/questions/1/max_length",
                json!(0),
                "feedback.questions[1].max_length: must be between 1 and 5000, found 0",
            ),
            ("/feedback/questions", json!([]), "feedback.questions: must list at least one question"),
            (
                "/feedback/questions/1/required",
                json!("no"),
                "feedback.questions[1].required: must be true or false, found a string",
            ),
        ];
        for (pointer, bad, expected) in cases {
            let mut doc = valid();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            match doc.pointer_mut(parent).unwrap() {
                Value::Object(map) => drop(map.insert(key.to_owned(), bad.clone())),
                Value::Array(items) => items[key.parse::<usize>().unwrap()] = bad.clone(),
                _ => panic!("{parent} is not a container"),
            }
            assert_eq!(errors_of(&doc), vec![expected.to_string()], "breaking {pointer}");
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let doc = json!({
            "site": "",
            "channels": [{"id": "a", "kind": "email", "label": "Mail", "href": "https://x.example"}, 7],
            "feedback": {"id": "f", "questions": [{"id": "q", "kind": "csat"}]},
            "colour": "red"
        });
        assert_eq!(
            errors_of(&doc),
            [
                "colour: unknown field (expected one of: site, endpoint, topics, channels, resources, feedback, \
                 touchpoints, recontact, journey, keep_text_on_device)",
                "site: must not be blank",
                "endpoint: is required",
                "channels[0].href: must be a mailto: link, e.g. mailto:help@example.com",
                "channels[1]: must be an object, found a number",
                "feedback.questions[0].prompt: is required",
            ]
        );
    }

    #[test]
    fn an_empty_channel_list_is_reported_with_the_other_problems() {
        let mut doc = valid();
        doc["site"] = json!("North Wind");
        doc["channels"] = json!([]);
        assert_eq!(
            errors_of(&doc),
            [
                "site: `North Wind` must be 1-64 characters of a-z, 0-9, - or _, starting with a letter or digit",
                "channels: must list at least one channel",
            ]
        );
    }

    #[test]
    fn unknown_time_zones_are_reported_with_every_other_problem() {
        let mut doc = valid();
        doc["channels"][0]["hours"]["time_zone"] = json!("Europe/Olso");
        doc["channels"][1]["hours"] = json!({"time_zone": "Europe/Oslo", "weekly": {"sun": ["18:00-17:00"]}});
        let known = |zone: &str| ["Europe/Oslo", "UTC"].contains(&zone);
        let err = Config::from_json_with_zones(&doc.to_string(), &known).unwrap_err();
        assert_eq!(
            err.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "channels[0].hours.time_zone: unknown time zone `Europe/Olso`",
                "channels[1].hours.weekly.sun[0]: closing time 17:00 is before opening time 18:00 \
                 (an overnight interval must close by 12:00 the next day)",
            ]
        );
        assert!(Config::from_value(&doc).unwrap_err().paths() == ["channels[1].hours.weekly.sun[0]"], "shape only");
    }

    #[test]
    fn handles_must_name_configured_topics() {
        let mut doc = valid();
        doc["topics"] = json!([{"id": "billing", "label": "Billing"}, {"id": "billing", "label": "Invoices"}]);
        assert_eq!(
            errors_of(&doc),
            [
                "topics[1].id: duplicate topic id `billing`",
                "channels[0].handles[0]: unknown topic `orders` (expected one of: billing)",
            ]
        );
        doc["topics"] = json!([]);
        doc["resources"] = json!([]);
        assert_eq!(
            errors_of(&doc),
            [
                "channels[0].handles[0]: unknown topic `orders` (the configuration lists no topics)",
                "channels[0].handles[1]: unknown topic `billing` (the configuration lists no topics)",
            ]
        );
    }

    #[test]
    fn json_syntax_errors_name_the_position() {
        let err = Config::from_json("{\"site\": }").unwrap_err();
        assert_eq!(err.paths(), ["(root)"]);
        assert!(err.0[0].message.starts_with("is not valid JSON: expected value at line 1 column 10"), "{}", err);
    }

    #[test]
    fn links_are_checked_per_channel_kind() {
        let cases = [
            (ChannelKind::Phone, "tel:+1 (555) 010-2030", true),
            (ChannelKind::Phone, "tel:12", false),
            (ChannelKind::Sms, "sms:+4790000000", true),
            (ChannelKind::Email, "mailto:a@b.co?subject=Help", true),
            (ChannelKind::Email, "mailto:@b.co", false),
            (ChannelKind::Whatsapp, "https://wa.me/4790000000", true),
            (ChannelKind::Whatsapp, "https://wa.me/northwind", false),
            (ChannelKind::X, "https://x.com/northwind", true),
            (ChannelKind::X, "https://evilx.com/northwind", false),
            (ChannelKind::Facebook, "https://m.me/northwind", true),
            (ChannelKind::Instagram, "https://www.instagram.com/northwind", true),
            (ChannelKind::HelpCenter, "/help", true),
            (ChannelKind::HelpCenter, "//evil.example/help", false),
            (ChannelKind::StatusPage, "https://status.northwind.example", true),
            (ChannelKind::Custom, "javascript:alert(1)", false),
        ];
        for (kind, href, ok) in cases {
            assert_eq!(kind.check_href(href).is_ok(), ok, "{} {href}", kind.name());
        }
    }
}
