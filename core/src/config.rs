//! The widget's configuration as a marketer writes it (JSON), validated into
//! typed values. An invalid configuration yields every problem at once, each
//! named by its field path, and no widget.

use serde_json::Value;

use crate::duration::Duration;
use crate::fields::{Invalid, Node, Reader};

/// A validated widget configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Which site the results belong to at the collector.
    pub site: String,
    /// Where submissions are posted: an `https:` URL, `http://localhost…`, or a path on the loader's origin.
    pub endpoint: String,
    /// Every way to reach the company, in the order the marketer listed them.
    pub channels: Vec<Channel>,
    /// The feedback the panel asks for.
    pub feedback: Feedback,
}

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
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("custom", |(n, _)| n)
    }

    /// Checks that `href` is a link this kind of channel can use; `Err` says what it must be.
    pub fn check_href(self, href: &str) -> Result<(), &'static str> {
        let ok = match self {
            ChannelKind::Phone => is_tel(href, "tel:"),
            ChannelKind::Sms => is_tel(href, "sms:"),
            ChannelKind::Email => is_mailto(href),
            ChannelKind::Whatsapp => {
                href.starts_with("https://wa.me/")
                    && is_tel(&href.replace("https://wa.me/", "tel:"), "tel:")
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
            ChannelKind::Phone => {
                "must be a tel: link with an international number, e.g. tel:+4722334455"
            }
            ChannelKind::Sms => {
                "must be an sms: link with an international number, e.g. sms:+4722334455"
            }
            ChannelKind::Email => "must be a mailto: link, e.g. mailto:help@example.com",
            ChannelKind::Whatsapp => {
                "must be a https://wa.me/ link with the number in international digits, e.g. https://wa.me/4722334455"
            }
            ChannelKind::X => "must be an https: link on x.com or twitter.com",
            ChannelKind::Facebook => {
                "must be an https: link on facebook.com, m.me or messenger.com"
            }
            ChannelKind::Instagram => "must be an https: link on instagram.com or ig.me",
            _ => "must be an https: link or a path starting with /",
        })
    }
}

/// The feedback the widget asks for: a set of questions shown together.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// Id of this touchpoint, stored with every submission.
    pub id: String,
    /// Questions in display order.
    pub questions: Vec<Question>,
}

/// One question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Stable id, used as the answer's key.
    pub id: String,
    /// The question as the visitor reads it.
    pub prompt: String,
    /// Whether the visitor must answer before submitting.
    pub required: bool,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
}

/// The kinds of question.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied), one label per point.
    Csat { labels: [String; 5] },
    /// Free text up to `max_length` characters.
    Text { max_length: usize },
}

/// Default CSAT labels, worst first.
pub const CSAT_LABELS: [&str; 5] = [
    "Very dissatisfied",
    "Dissatisfied",
    "Neutral",
    "Satisfied",
    "Very satisfied",
];

/// Longest free-text answer accepted anywhere (config may lower it).
pub const MAX_TEXT: usize = 5_000;

impl Config {
    /// Parses and validates a configuration document.
    pub fn from_json(text: &str) -> Result<Config, Invalid> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Invalid(vec![crate::FieldError {
                path: "(root)".into(),
                message: format!("is not valid JSON: {e}"),
            }])
        })?;
        Config::from_value(&value)
    }

    /// Validates an already-parsed document (e.g. from `JSON.parse` in the browser).
    pub fn from_value(value: &Value) -> Result<Config, Invalid> {
        let mut r = Reader::default();
        let root = Node::root(value);
        r.object(&root, &["site", "endpoint", "channels", "feedback"]);
        let site = r.id(&root.field("site"));
        let endpoint = read_endpoint(&mut r, &root.field("endpoint"));
        let channels = read_channels(&mut r, &root.field("channels"));
        let feedback = read_feedback(&mut r, &root.field("feedback"));
        let config = (|| {
            Some(Config {
                site: site?.to_owned(),
                endpoint: endpoint?,
                channels: channels?,
                feedback: feedback?,
            })
        })();
        r.finish_with(config)
    }
}

fn read_endpoint(r: &mut Reader, node: &Node<'_>) -> Option<String> {
    let s = r.string(node)?;
    if is_web_link(s) || is_local_http(s) {
        Some(s.to_owned())
    } else {
        r.fail(
            node,
            "must be an https: URL, http://localhost…, or a path starting with /",
        );
        None
    }
}

fn read_channels(r: &mut Reader, node: &Node<'_>) -> Option<Vec<Channel>> {
    let items = r.items(node);
    if node.is_present() && items.is_empty() && !r.has_errors() {
        r.fail(node, "must list at least one channel");
    }
    let mut channels = Vec::new();
    let mut ids = Vec::new();
    for item in &items {
        if r.object(item, &["id", "kind", "label", "href", "response_time"])
            .is_none()
        {
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
        let response_time = r
            .opt_string(&rt_node)
            .and_then(|s| match Duration::parse(s) {
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

fn read_feedback(r: &mut Reader, node: &Node<'_>) -> Option<Feedback> {
    r.object(node, &["id", "questions"])?;
    let id = r.id(&node.field("id"));
    let q_node = node.field("questions");
    let items = r.items(&q_node);
    if q_node.is_present() && items.is_empty() {
        r.fail(&q_node, "must list at least one question");
    }
    let mut questions = Vec::new();
    let mut ids = Vec::new();
    for item in &items {
        if r.object(
            item,
            &["id", "kind", "prompt", "required", "labels", "max_length"],
        )
        .is_none()
        {
            continue;
        }
        let qid = r.id(&item.field("id"));
        let prompt = r.bounded_string(&item.field("prompt"), 300);
        let required = r.opt_bool(&item.field("required"));
        let kind = match r.one_of(&item.field("kind"), &[("csat", "csat"), ("text", "text")]) {
            Some("csat") => read_csat(r, item),
            Some(_) => {
                let max = r.opt_int(&item.field("max_length"), 1..=MAX_TEXT as i64);
                Some(QuestionKind::Text {
                    max_length: max.map_or(MAX_TEXT, |m| m as usize),
                })
            }
            None => None,
        };
        if let Some(qid) = qid {
            ids.push((item.field("id"), qid));
        }
        if let (Some(qid), Some(prompt), Some(kind)) = (qid, prompt, kind) {
            let required = required.unwrap_or(matches!(kind, QuestionKind::Csat { .. }));
            questions.push(Question {
                id: qid.to_owned(),
                prompt: prompt.to_owned(),
                required,
                kind,
            });
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "question");
    Some(Feedback {
        id: id?.to_owned(),
        questions,
    })
}

fn read_csat(r: &mut Reader, item: &Node<'_>) -> Option<QuestionKind> {
    let node = item.field("labels");
    if !node.is_present() {
        return Some(QuestionKind::Csat {
            labels: CSAT_LABELS.map(str::to_owned),
        });
    }
    let items = r.items(&node);
    if items.len() != 5 {
        r.fail(
            &node,
            format!(
                "must have exactly 5 labels, worst first, found {}",
                items.len()
            ),
        );
        return None;
    }
    let labels: Vec<String> = items
        .iter()
        .filter_map(|n| r.bounded_string(n, 40))
        .map(str::to_owned)
        .collect();
    labels
        .try_into()
        .ok()
        .map(|labels| QuestionKind::Csat { labels })
}

fn is_tel(href: &str, scheme: &str) -> bool {
    let Some(number) = href.strip_prefix(scheme) else {
        return false;
    };
    let digits = number.strip_prefix('+').unwrap_or(number);
    let count = digits.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&count)
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
}

fn is_mailto(href: &str) -> bool {
    let Some(addr) = href.strip_prefix("mailto:") else {
        return false;
    };
    let addr = addr.split('?').next().unwrap_or_default();
    match addr.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !addr.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// An absolute `https:` URL with a host, or a root-relative path (same origin as the loader).
fn is_web_link(href: &str) -> bool {
    if href.contains(char::is_whitespace) {
        return false;
    }
    match href.strip_prefix("https://") {
        Some(rest) => host_of(rest).is_some_and(|h| h.contains('.') || h == "localhost"),
        None => href.starts_with('/') && !href.starts_with("//"),
    }
}

fn is_local_http(href: &str) -> bool {
    href.strip_prefix("http://")
        .and_then(host_of)
        .is_some_and(|h| h == "localhost" || h == "127.0.0.1" || h == "[::1]")
}

fn host_of(rest: &str) -> Option<&str> {
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            authority
        }
    });
    (!host.is_empty()).then_some(host)
}

fn is_https_on(href: &str, domains: &[&str]) -> bool {
    href.strip_prefix("https://")
        .and_then(host_of)
        .is_some_and(|h| {
            domains
                .iter()
                .any(|d| h == *d || h.strip_suffix(d).is_some_and(|sub| sub.ends_with('.')))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid() -> Value {
        json!({
            "site": "northwind",
            "endpoint": "/v1/submissions",
            "channels": [
                {"id": "chat", "kind": "chat", "label": "Live chat", "href": "https://northwind.example/chat", "response_time": "PT5M"},
                {"id": "email", "kind": "email", "label": "E-mail", "href": "mailto:help@northwind.example", "response_time": "PT4H"},
                {"id": "phone", "kind": "phone", "label": "Phone", "href": "tel:+47 22 33 44 55"}
            ],
            "feedback": {"id": "help-panel", "questions": [
                {"id": "csat", "kind": "csat", "prompt": "How satisfied are you?"},
                {"id": "comment", "kind": "text", "prompt": "Anything to add?", "max_length": 1000}
            ]}
        })
    }

    fn errors_of(doc: &Value) -> Vec<String> {
        Config::from_value(doc)
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_valid_config_reads_every_field() {
        let c = Config::from_value(&valid()).unwrap();
        assert_eq!(c.site, "northwind");
        assert_eq!(c.channels.len(), 3);
        assert_eq!(c.channels[0].response_time, Some(Duration::from_secs(300)));
        assert_eq!(c.channels[2].response_time, None);
        assert_eq!(
            c.feedback.questions[0].kind,
            QuestionKind::Csat {
                labels: CSAT_LABELS.map(str::to_owned)
            }
        );
        assert!(
            c.feedback.questions[0].required,
            "CSAT is required unless configured otherwise"
        );
        assert_eq!(
            c.feedback.questions[1].kind,
            QuestionKind::Text { max_length: 1000 }
        );
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
            (
                "/channels",
                json!([]),
                "channels: must list at least one channel",
            ),
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
            (
                "/channels/0/label",
                json!(""),
                "channels[0].label: must not be blank",
            ),
            (
                "/channels/1/id",
                json!("chat"),
                "channels[1].id: duplicate channel id `chat`",
            ),
            (
                "/feedback/questions/0/kind",
                json!("stars"),
                "feedback.questions[0].kind: `stars` is not one of csat, text",
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
            (
                "/feedback/questions",
                json!([]),
                "feedback.questions: must list at least one question",
            ),
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
            assert_eq!(
                errors_of(&doc),
                vec![expected.to_string()],
                "breaking {pointer}"
            );
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
                "colour: unknown field (expected one of: site, endpoint, channels, feedback)",
                "site: must not be blank",
                "endpoint: is required",
                "channels[0].href: must be a mailto: link, e.g. mailto:help@example.com",
                "channels[1]: must be an object, found a number",
                "feedback.questions[0].prompt: is required",
            ]
        );
    }

    #[test]
    fn json_syntax_errors_name_the_position() {
        let err = Config::from_json("{\"site\": }").unwrap_err();
        assert_eq!(err.paths(), ["(root)"]);
        assert!(
            err.0[0]
                .message
                .starts_with("is not valid JSON: expected value at line 1 column 10"),
            "{}",
            err
        );
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
            (
                ChannelKind::Instagram,
                "https://www.instagram.com/northwind",
                true,
            ),
            (ChannelKind::HelpCenter, "/help", true),
            (ChannelKind::HelpCenter, "//evil.example/help", false),
            (
                ChannelKind::StatusPage,
                "https://status.northwind.example",
                true,
            ),
            (ChannelKind::Custom, "javascript:alert(1)", false),
        ];
        for (kind, href, ok) in cases {
            assert_eq!(kind.check_href(href).is_ok(), ok, "{} {href}", kind.name());
        }
    }
}
