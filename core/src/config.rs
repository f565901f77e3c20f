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
mod text;
mod theme;
mod topics;
mod touchpoints;

pub use channels::{Channel, ChannelKind, MAX_RESPONSE_TIME, ResponseClock};
pub use feedback::Feedback;
pub use hours::{DatedHours, Interval, Schedule, is_zone_name};
pub use questions::{Choice, Condition, Question, QuestionKind, QuestionTag, When};
pub use recontact::Recontact;
pub use resources::{Resource, ResourceKind};
pub use text::Text;
pub use theme::{ColorScheme, DEFAULT_ACCENT, Font, LauncherIcon, Position, Rgb, SURFACES, TEXT_CONTRAST, Theme};
pub use topics::{MAX_TOPICS, Topic};
pub use touchpoints::{FOLLOW_UP_WITHIN_DAYS, Touchpoint, Trigger, TriggerTag};

use crate::i18n::{Catalogue, Language};
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
    /// The languages the marketer's texts are written in, the default first; empty when
    /// undeclared (each text is one string, shown whatever the visitor's language).
    pub languages: Vec<Language>,
    /// The widget's language when fixed; `None` ("auto"): the host page's `<html lang>`,
    /// then the visitor's browser languages, among [`Config::offered_languages`].
    pub language: Option<Language>,
    /// The site's look.
    pub theme: Theme,
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
            "languages",
            "language",
            "theme",
        ],
    );
    let languages = read_languages(&mut r, &root.field("languages"));
    let language = read_language(&mut r, &root.field("language"), &languages);
    let site = r.id(&root.field("site"));
    let endpoint = read_endpoint(&mut r, &root.field("endpoint"));
    let (topics, topic_ids) = topics::read_topics(&mut r, &root.field("topics"), &languages);
    let topic_ids: Vec<&str> = topic_ids.iter().map(String::as_str).collect();
    let channels = channels::read_channels(&mut r, &root.field("channels"), &topic_ids, &languages, known_zone);
    let resources = resources::read_resources(&mut r, &root.field("resources"), &topic_ids, &languages);
    let feedback = feedback::read_feedback(&mut r, &root.field("feedback"), &languages);
    let touchpoints = touchpoints::read_touchpoints(
        &mut r,
        &root.field("touchpoints"),
        channels.as_deref().unwrap_or_default(),
        feedback.as_ref().map(|f| f.id.as_str()),
        &languages,
    );
    let theme = theme::read_theme(&mut r, &root.field("theme"), &languages);
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
            languages,
            language,
            theme,
        })
    })();
    r.finish_with(config)
}

/// The declared `languages`: built-in ones, each once, at least one.
fn read_languages(r: &mut Reader, node: &Node<'_>) -> Vec<Language> {
    let items = r.opt_items(node);
    if node.value().is_some_and(Value::is_array) && items.is_empty() {
        r.fail(node, "must list at least one language (the first is the default)");
    }
    let mut languages: Vec<Language> = Vec::new();
    for item in &items {
        let Some(language) = r.kind::<Language>(item) else { continue };
        if languages.contains(&language) {
            r.fail(item, format!("`{}` is listed twice", language.code()));
        } else {
            languages.push(language);
        }
    }
    languages
}

/// `language`: `"auto"` (the default) or one of the declared languages (any built-in one when
/// none are declared).
fn read_language(r: &mut Reader, node: &Node<'_>, declared: &[Language]) -> Option<Language> {
    if !node.is_present() || node.value().and_then(Value::as_str) == Some("auto") {
        return None;
    }
    let language = r.kind::<Language>(node)?;
    if !declared.is_empty() && !declared.contains(&language) {
        let codes: Vec<&str> = declared.iter().map(|l| l.code()).collect();
        r.fail(node, format!("`{}` is not one of the declared languages ({})", language.code(), codes.join(", ")));
        return None;
    }
    Some(language)
}

impl Config {
    /// The languages the widget may be shown in: the declared ones, else every built-in one.
    pub fn offered_languages(&self) -> Vec<Language> {
        if self.languages.is_empty() { <Language as crate::fields::Kind>::ALL.to_vec() } else { self.languages.clone() }
    }

    /// The language a visitor with these language `tags` (the page's `<html lang>`, then the
    /// browser's, most preferred first) is shown, and the tag to format dates and numbers
    /// with: the configured `language` unless "auto", else the first tag whose language is
    /// offered, else the default (the first offered). The loader's `choose` does the same
    /// in JavaScript (www/touchpoint.js); Studio's preview calls this one.
    pub fn visitor_language(&self, tags: &[&str]) -> (Language, String) {
        let offered = self.offered_languages();
        let fixed = self.language.map(Language::code);
        let chosen = fixed
            .iter()
            .chain(tags)
            .filter_map(|t| Language::from_tag(t))
            .find(|l| offered.contains(l))
            .or(offered.first().copied())
            .unwrap_or(Language::En);
        let tag = tags.iter().find(|t| Language::from_tag(t) == Some(chosen)).map_or(chosen.code(), |t| t.trim());
        (chosen, tag.to_owned())
    }

    /// The configuration as a visitor in `language` reads it: every text in that language
    /// (the default language's where the site has none), default labels from `catalogue`.
    #[must_use]
    pub fn localise(mut self, language: Language, catalogue: &Catalogue) -> Config {
        let mut one = |text: &mut Text| *text = Text::Same(text.get(language, catalogue).to_owned());
        for topic in &mut self.topics {
            one(&mut topic.label);
        }
        for channel in &mut self.channels {
            one(&mut channel.label);
            channel.description.iter_mut().for_each(&mut one);
        }
        for resource in &mut self.resources {
            one(&mut resource.label);
            resource.description.iter_mut().for_each(&mut one);
        }
        let sets =
            std::iter::once(&mut self.feedback.questions).chain(self.touchpoints.iter_mut().map(|t| &mut t.questions));
        for question in sets.flatten() {
            one(&mut question.prompt);
            match &mut question.kind {
                QuestionKind::Csat { labels } | QuestionKind::Emoji { labels } => labels.iter_mut().for_each(&mut one),
                QuestionKind::Nps { labels } | QuestionKind::Thumbs { labels } => labels.iter_mut().for_each(&mut one),
                QuestionKind::Ces { labels } => labels.iter_mut().for_each(&mut one),
                QuestionKind::Reply { labels } => labels.iter_mut().for_each(&mut one),
                QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                    options.iter_mut().for_each(|o| one(&mut o.label));
                }
                QuestionKind::Text { .. } => {}
            }
        }
        self.theme.launcher_label.iter_mut().for_each(&mut one);
        self.languages = vec![language];
        self
    }

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

    #[test]
    fn the_visitors_language_is_chosen_as_the_loader_does() {
        let mut doc = bilingual();
        let c = Config::from_value(&doc).unwrap();
        let pick = |c: &Config, tags: &[&str]| {
            let (l, t) = c.visitor_language(tags);
            (l.code(), t)
        };
        assert_eq!(pick(&c, &["fr-FR", "nb-NO", "en"]), ("nb", "nb-NO".into()), "the first offered one");
        assert_eq!(pick(&c, &["no"]), ("nb", "no".into()), "Norwegian reads as Bokmål");
        assert_eq!(pick(&c, &["fr-FR"]), ("en", "en".into()), "none offered: the default");
        assert_eq!(pick(&c, &[]), ("en", "en".into()));
        doc["language"] = json!("nb");
        let fixed = Config::from_value(&doc).unwrap();
        assert_eq!(pick(&fixed, &["en-GB"]), ("nb", "nb".into()), "a fixed language wins");
        let undeclared = Config::from_value(&valid()).unwrap();
        assert_eq!(pick(&undeclared, &["ja-JP", "en"]), ("ja", "ja-JP".into()), "any built-in one");
    }

    fn errors_of(doc: &Value) -> Vec<String> {
        Config::from_value(doc).unwrap_err().0.iter().map(ToString::to_string).collect()
    }

    /// A configuration in English and Norwegian: every text a string (the same for both) or a map.
    fn bilingual() -> Value {
        let mut doc = valid();
        doc["languages"] = json!(["en", "nb"]);
        doc["topics"][0]["label"] = json!({"en": "Billing", "nb": "Faktura"});
        doc["channels"][0]["description"] = json!({"en": "Quick questions", "nb": "Raske spørsmål"});
        doc["feedback"]["questions"][0]["prompt"] =
            json!({"en": "How satisfied are you?", "nb": "Hvor fornøyd er du?"});
        doc["feedback"]["questions"][0]["labels"] =
            json!(["Awful", "Bad", {"en": "Fine", "nb": "Greit"}, "Good", "Great"]);
        doc["theme"] = json!({"launcher_label": {"en": "Help", "nb": "Hjelp"}});
        doc
    }

    #[test]
    fn texts_come_in_every_declared_language_and_localise_to_one() {
        let c = Config::from_value(&bilingual()).unwrap();
        assert_eq!(c.languages, [Language::En, Language::Nb]);
        assert_eq!(c.language, None, "auto unless fixed");
        let nb = c.clone().localise(Language::Nb, Catalogue::english());
        assert_eq!(nb.topics[0].label, Text::from("Faktura"));
        assert_eq!(nb.topics[1].label, Text::from("Orders"), "one string serves every language");
        assert_eq!(nb.channels[0].description, Some(Text::from("Raske spørsmål")));
        assert_eq!(nb.feedback.questions[0].prompt.as_str(), "Hvor fornøyd er du?");
        assert!(
            matches!(&nb.feedback.questions[0].kind, QuestionKind::Csat { labels } if labels[2].as_str() == "Greit")
        );
        assert_eq!(nb.theme.launcher_label, Some(Text::from("Hjelp")));
        let en = c.localise(Language::En, Catalogue::english());
        assert_eq!(en.topics[0].label.as_str(), "Billing");
        // A default label comes from the catalogue of the visitor's language.
        let de = Catalogue::read(Language::De, r#"{"csat_1": "Sehr unzufrieden"}"#);
        let plain = Config::from_value(&valid()).unwrap().localise(Language::De, &de);
        assert!(
            matches!(&plain.feedback.questions[0].kind, QuestionKind::Csat { labels } if labels[0].as_str() == "Sehr unzufrieden")
        );
    }

    #[test]
    fn every_text_missing_a_declared_language_is_named_at_once() {
        let mut doc = bilingual();
        doc["languages"] = json!(["en", "nb", "de"]);
        doc["channels"][0]["description"] = json!({"en": "Quick", "nb": "Raske", "sv": "Snabba"});
        doc["language"] = json!("fr");
        assert_eq!(
            errors_of(&doc),
            [
                "language: `fr` is not one of the declared languages (en, nb, de)",
                "topics[0].label: missing de",
                "channels[0].description.sv: `sv` is not a declared language (en, nb, de)",
                "channels[0].description: missing de",
                "feedback.questions[0].prompt: missing de",
                "feedback.questions[0].labels[2]: missing de",
                "theme.launcher_label: missing de",
            ]
        );
        let mut doc = valid();
        doc["topics"][0]["label"] = json!({"en": "Billing"});
        doc["languages"] = json!([]);
        assert_eq!(
            errors_of(&doc),
            [
                "languages: must list at least one language (the first is the default)",
                "topics[0].label: a text per language needs the languages declared at the top level (`languages`)",
            ]
        );
        doc["languages"] = json!(["en", "xx", "en"]);
        doc["topics"][0]["label"] = json!("Billing");
        let errors = errors_of(&doc);
        assert!(errors[0].starts_with("languages[1]: `xx` is not one of en, de, fr"), "{errors:?}");
        assert_eq!(errors[1], "languages[2]: `en` is listed twice");
    }

    #[test]
    fn a_follow_up_prompt_is_checked_in_each_language() {
        let mut doc: Value = serde_json::from_str(include_str!("../../docs/examples/touchpoints.json")).unwrap();
        doc["languages"] = json!(["en", "nb"]);
        let reply = &mut doc["touchpoints"][5]["questions"][0]["prompt"];
        *reply = json!({"en": "By {promised}?", "nb": "Innen {lovet}?"});
        assert_eq!(
            errors_of(&doc),
            [
                "touchpoints[5].questions[0].prompt.nb: `{lovet}` is not a placeholder (use {channel}, {contacted} or {promised})"
            ]
        );
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
        assert_eq!(
            c.feedback.questions[0].kind,
            QuestionKind::Csat { labels: crate::i18n::CSAT_LABELS.map(Text::Default) }
        );
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
                 touchpoints, recontact, journey, keep_text_on_device, languages, language, theme)",
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
