//! The widget's own words in the visitor's language: the languages built in, and their
//! catalogues of messages (`www/i18n/LANG.json`, one key per message). English is compiled
//! into the widget as the fallback; the loader fetches another language's catalogue
//! beside the configuration. Plural forms are chosen by the browser's `Intl.PluralRules`
//! (passed in as a [`Category`]); numbers, durations and dates are written by `Intl` too.
//! The marketer's own texts are [`crate::config::Text`]s, not messages.

use serde_json::Value;

use crate::fields::{FieldError, Node, Reader, kind};

kind! {
    /// A language the widget speaks: it has a catalogue (`www/i18n/<code>.json`).
    pub enum Language {
        En = "en",
        De = "de",
        Fr = "fr",
        Es = "es",
        Pt = "pt",
        It = "it",
        Nl = "nl",
        Nb = "nb",
        Sv = "sv",
        Da = "da",
        Fi = "fi",
        Pl = "pl",
        Ja = "ja",
        Ar = "ar",
        He = "he",
    }
}

impl Language {
    /// The language of a BCP-47 tag ("nb-NO", "pt_BR", "EN"), by its primary subtag;
    /// Norwegian "no" and Nynorsk "nn" read as Bokmål, and the old "iw" as Hebrew.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        let code = match primary.as_str() {
            "no" | "nn" => "nb",
            "iw" => "he",
            other => other,
        };
        <Language as crate::fields::Kind>::ALL.iter().copied().find(|l| crate::fields::Kind::name(*l) == code)
    }

    /// Its BCP-47 primary subtag.
    pub fn code(self) -> &'static str {
        crate::fields::Kind::name(self)
    }

    /// Whether it is written right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, Language::Ar | Language::He)
    }
}

kind! {
    /// A plural category, as `Intl.PluralRules.select` names it.
    pub enum Category {
        Zero = "zero",
        One = "one",
        Two = "two",
        Few = "few",
        Many = "many",
        Other = "other",
    }
}

impl Category {
    /// English's rule, for tests and native callers: one for 1, other otherwise.
    pub fn english(n: u64) -> Category {
        if n == 1 { Category::One } else { Category::Other }
    }
}

kind! {
    /// Every message of the widget, by its key in the catalogues.
    pub enum Msg {
        Launcher = "launcher",
        Close = "close",
        Loading = "loading",
        Title = "title",
        TopicQuestion = "topic_question",
        TopicAny = "topic_any",
        ChannelsTitle = "channels_title",
        NoChannel = "no_channel",
        ResourcesTitle = "resources_title",
        NewTab = "new_tab",
        OpenNow = "open_now",
        OpenCloses = "open_closes",
        Closed = "closed",
        ClosedOpens = "closed_opens",
        RepliesIn = "replies_in",
        ReplyBy = "reply_by",
        UnderAMinute = "under_a_minute",
        FeedbackTitle = "feedback_title",
        SendFeedback = "send_feedback",
        Send = "send",
        Sending = "sending",
        Optional = "optional",
        MinLengthHint = "min_length_hint",
        NotSent = "not_sent",
        FailedOurs = "failed_ours",
        FailedKeep = "failed_keep",
        ThanksTitle = "thanks_title",
        ThanksText = "thanks_text",
        PromptTitle = "prompt_title",
        PromptAppeared = "prompt_appeared",
        TooLong = "too_long",
        TooShort = "too_short",
        NeedRating = "need_rating",
        NeedFace = "need_face",
        NeedThumb = "need_thumb",
        NeedOption = "need_option",
        NeedOptions = "need_options",
        NeedText = "need_text",
        NeedReply = "need_reply",
        Csat1 = "csat_1",
        Csat2 = "csat_2",
        Csat3 = "csat_3",
        Csat4 = "csat_4",
        Csat5 = "csat_5",
        Nps0 = "nps_0",
        Nps10 = "nps_10",
        Ces1 = "ces_1",
        Ces2 = "ces_2",
        Ces3 = "ces_3",
        Ces4 = "ces_4",
        Ces5 = "ces_5",
        Ces6 = "ces_6",
        Ces7 = "ces_7",
        ThumbsDown = "thumbs_down",
        ThumbsUp = "thumbs_up",
        Emoji1 = "emoji_1",
        Emoji2 = "emoji_2",
        Emoji3 = "emoji_3",
        Emoji4 = "emoji_4",
        Emoji5 = "emoji_5",
        ReplyOnTime = "reply_on_time",
        ReplyLate = "reply_late",
        ReplyNone = "reply_none",
        ForgetOpen = "forget_open",
        ForgetExplain = "forget_explain",
        ForgetConfirm = "forget_confirm",
        ForgetCancel = "forget_cancel",
        Forgotten = "forgotten",
    }
}

/// The default labels of each scale, in the order the configuration's `labels` list them.
pub const CSAT_LABELS: [Msg; 5] = [Msg::Csat1, Msg::Csat2, Msg::Csat3, Msg::Csat4, Msg::Csat5];
/// NPS: the labels of 0 and of 10.
pub const NPS_LABELS: [Msg; 2] = [Msg::Nps0, Msg::Nps10];
/// CES, most difficult first.
pub const CES_LABELS: [Msg; 7] = [Msg::Ces1, Msg::Ces2, Msg::Ces3, Msg::Ces4, Msg::Ces5, Msg::Ces6, Msg::Ces7];
/// Thumbs, down first.
pub const THUMBS_LABELS: [Msg; 2] = [Msg::ThumbsDown, Msg::ThumbsUp];
/// The five faces, unhappiest first.
pub const EMOJI_LABELS: [Msg; 5] = [Msg::Emoji1, Msg::Emoji2, Msg::Emoji3, Msg::Emoji4, Msg::Emoji5];
/// Reply outcomes: on time, late, no reply.
pub const REPLY_LABELS: [Msg; 3] = [Msg::ReplyOnTime, Msg::ReplyLate, Msg::ReplyNone];

/// The English catalogue, the widget's fallback, compiled in.
const ENGLISH: &str = include_str!("../../www/i18n/en.json");

/// One message: a text, or one text per plural category (`other` always among them).
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Plain(String),
    Plural(Vec<(Category, String)>),
}

impl Entry {
    fn forms(&self) -> Vec<(Option<Category>, &str)> {
        match self {
            Entry::Plain(text) => vec![(None, text.as_str())],
            Entry::Plural(forms) => forms.iter().map(|(c, t)| (Some(*c), t.as_str())).collect(),
        }
    }
}

/// The widget's messages in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    /// The language its messages are in.
    pub language: Language,
    /// One entry per [`Msg`], in its order.
    entries: Vec<Entry>,
}

impl Catalogue {
    /// The English catalogue (`www/i18n/en.json`, compiled in), read once.
    pub fn english() -> &'static Catalogue {
        static ENGLISH_CATALOGUE: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        ENGLISH_CATALOGUE.get_or_init(|| {
            let empty = Catalogue { language: Language::En, entries: Vec::new() };
            Catalogue::read_over(&empty, Language::En, ENGLISH)
        })
    }

    /// `language`'s catalogue from its JSON. Lenient, as the widget needs it: whatever is
    /// missing or cannot be read stays English, so a damaged catalogue never blanks the
    /// widget. [`Catalogue::check`] names every problem (the shipped catalogues have none:
    /// a test holds them to it).
    pub fn read(language: Language, json: &str) -> Catalogue {
        Catalogue::read_over(Catalogue::english(), language, json)
    }

    fn read_over(base: &Catalogue, language: Language, json: &str) -> Catalogue {
        let mut entries = base.entries.clone();
        let value: Value = serde_json::from_str(json).unwrap_or_default();
        for (i, key) in <Msg as crate::fields::Kind>::NAMES.iter().enumerate() {
            let entry = match value.get(key) {
                Some(Value::String(text)) => Entry::Plain(text.clone()),
                Some(Value::Object(map)) => {
                    let forms: Vec<(Category, String)> = <Category as crate::fields::Kind>::ALL
                        .iter()
                        .filter_map(|c| Some((*c, map.get(crate::fields::Kind::name(*c))?.as_str()?.to_owned())))
                        .collect();
                    if !forms.iter().any(|(c, _)| *c == Category::Other) {
                        continue;
                    }
                    Entry::Plural(forms)
                }
                _ => continue,
            };
            match entries.get_mut(i) {
                Some(slot) => *slot = entry,
                None => entries.push(entry),
            }
        }
        Catalogue { language, entries }
    }

    /// Every problem of a catalogue's JSON, each named by its key: a key that is not a
    /// message, a message missing, a text that is not a string (or, for a message with plural
    /// forms, an object of them with `other`), placeholders other than English's.
    pub fn check(json: &str) -> Vec<FieldError> {
        let mut r = Reader::default();
        let value: Value = match serde_json::from_str(json) {
            Ok(v) => v,
            Err(e) => {
                r.fail_at("(root)", format!("is not valid JSON: {e}"));
                return r.finish(()).err().map(|e| e.0).unwrap_or_default();
            }
        };
        let root = Node::root(&value);
        r.object(&root, <Msg as crate::fields::Kind>::NAMES);
        let english = Catalogue::english();
        for (i, key) in <Msg as crate::fields::Kind>::NAMES.iter().enumerate() {
            let node = root.field(key);
            if node.is_present() {
                read_entry(&mut r, &node, english.entries.get(i));
            } else if value.is_object() {
                r.fail(&node, "is missing");
            }
        }
        r.finish(()).err().map(|e| e.0).unwrap_or_default()
    }

    /// The text of `msg` (for a message with plural forms, its `other` form).
    pub fn text(&self, msg: Msg) -> &str {
        self.plural(msg, Category::Other)
    }

    /// The form of `msg` for `category`; `other` where the catalogue has no such form.
    pub fn plural(&self, msg: Msg, category: Category) -> &str {
        match self.entries.get(crate::fields::Kind::index(msg)) {
            Some(Entry::Plain(text)) => text,
            Some(Entry::Plural(forms)) => forms
                .iter()
                .find(|(c, _)| *c == category)
                .or_else(|| forms.iter().find(|(c, _)| *c == Category::Other))
                .map_or("", |(_, t)| t.as_str()),
            None => "",
        }
    }

    /// `msg` with its placeholders filled in: `fill(Msg::ReplyBy, &[("time", "Mon 09:00")])`.
    pub fn fill(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(self.text(msg), args)
    }
}

/// `template` with each `{name}` of `args` replaced by its value (unknown names kept as written).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        match args.iter().find(|(name, _)| *name == &after[..close]) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..(open + 2 + close).min(rest.len())]),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The `{placeholders}` of a text, sorted.
fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> =
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
    crate::sort::sort(&mut names);
    names.dedup();
    names
}

/// One message read against its English entry (`None` while English itself is read).
fn read_entry(r: &mut Reader, node: &Node<'_>, english: Option<&Entry>) -> Option<Entry> {
    let wants_plural = english.is_none_or(|e| matches!(e, Entry::Plural(_)));
    let entry = match node.value()? {
        Value::Object(map) if wants_plural => {
            r.object(node, <Category as crate::fields::Kind>::NAMES);
            let mut forms = Vec::new();
            for (key, _) in map {
                let known = <Category as crate::fields::Kind>::ALL.iter().copied();
                let Some(category) = known.into_iter().find(|c| crate::fields::Kind::name(*c) == key) else { continue };
                if let Some(text) = r.string(&node.field(key)) {
                    forms.push((category, text.to_owned()));
                }
            }
            if !forms.iter().any(|(c, _)| *c == Category::Other) {
                r.fail(node, "needs an `other` form");
                return None;
            }
            Entry::Plural(forms)
        }
        Value::String(_) if english.is_some() && wants_plural => {
            r.fail(node, "must be an object of plural forms (one, other …), as Intl.PluralRules names them");
            return None;
        }
        _ => Entry::Plain(r.string(node)?.to_owned()),
    };
    if let Some(english) = english {
        let expected = placeholders(english.forms().last().map_or("", |(_, t)| *t));
        for (category, text) in entry.forms() {
            let found = placeholders(text);
            // A singular form may say "one" in words rather than `{n}`.
            let may_omit_n = matches!(category, Some(Category::Zero | Category::One | Category::Two));
            let missing: Vec<&&str> =
                expected.iter().filter(|p| !found.contains(p) && (!may_omit_n || **p != "n")).collect();
            let unknown: Vec<&&str> = found.iter().filter(|p| !expected.contains(p)).collect();
            if !missing.is_empty() || !unknown.is_empty() {
                let at = match category {
                    Some(c) => node.field(crate::fields::Kind::name(c)),
                    None => node.clone(),
                };
                let list = |ps: &[&&str]| ps.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ");
                r.fail(
                    &at,
                    format!("placeholders differ from English: missing {}; unknown {}", list(&missing), list(&unknown)),
                );
                return None;
            }
        }
    }
    Some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Kind;

    #[test]
    fn english_has_every_message_and_reads_without_problems() {
        let empty = Catalogue { language: Language::En, entries: Vec::new() };
        let english = Catalogue::read_over(&empty, Language::En, ENGLISH);
        let problems: Vec<String> = Catalogue::check(ENGLISH).iter().map(ToString::to_string).collect();
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(english.entries.len(), Msg::ALL.len());
        assert_eq!(english.text(Msg::Title), "How can we help?");
        assert_eq!(english.plural(Msg::MinLengthHint, Category::One), "At least {n} character.");
        assert_eq!(english.plural(Msg::MinLengthHint, Category::Few), "At least {n} characters.", "other as fallback");
        assert_eq!(english.fill(Msg::ReplyBy, &[("time", "Mon 09:00")]), "Expect a reply by Mon 09:00");
    }

    /// Every catalogue shipped reads without a problem: each key a message, every message
    /// there, plural forms where English has them, the same placeholders. (Which plural
    /// categories each language needs, `Intl.PluralRules` says: tests/catalogues.test.mjs.)
    #[test]
    fn every_shipped_catalogue_is_complete() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../www/i18n");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let code = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let language =
                Language::from_tag(&code).unwrap_or_else(|| panic!("{code}.json is not a built-in language"));
            assert_eq!(language.code(), code, "catalogues are named by the primary subtag");
            let json = std::fs::read_to_string(&path).unwrap();
            let catalogue = Catalogue::read(language, &json);
            let problems: Vec<String> = Catalogue::check(&json).iter().map(ToString::to_string).collect();
            assert_eq!(problems, Vec::<String>::new(), "{code}.json");
            if language != Language::En {
                let same: Vec<&str> = Msg::ALL
                    .iter()
                    .filter(|m| catalogue.text(**m) == Catalogue::english().text(**m) && !m.name().starts_with("nps"))
                    .map(|m| m.name())
                    .collect();
                assert!(same.len() <= 5, "{code}.json: still English? {same:?}");
            }
            found.push(language);
        }
        let missing: Vec<&str> = Language::ALL.iter().filter(|l| !found.contains(l)).map(|l| l.code()).collect();
        assert_eq!(missing, Vec::<&str>::new(), "one catalogue per built-in language");
    }

    #[test]
    fn a_damaged_catalogue_names_each_problem_and_keeps_english_there() {
        let json = r#"{"title": "Hvordan kan vi hjelpe?", "launcher": 5, "titel": "x",
            "reply_by": "Svar innen {tid}", "min_length_hint": "Minst {n} tegn.",
            "too_long": {"one": "Maks {n} tegn"}}"#;
        let c = Catalogue::read(Language::Nb, json);
        let problems: Vec<String> = Catalogue::check(json).iter().map(ToString::to_string).collect();
        assert_eq!(problems[0], "titel: unknown field (did you mean `title`?)");
        assert!(problems.contains(&"launcher: must be a string, found a number".to_owned()), "{problems:?}");
        assert!(
            problems.contains(&"reply_by: placeholders differ from English: missing {time}; unknown {tid}".to_owned()),
            "{problems:?}"
        );
        assert!(
            problems.contains(
                &"min_length_hint: must be an object of plural forms (one, other …), as Intl.PluralRules names them"
                    .to_owned()
            ),
            "{problems:?}"
        );
        assert!(problems.contains(&"too_long: needs an `other` form".to_owned()), "{problems:?}");
        assert!(problems.contains(&"close: is missing".to_owned()), "{problems:?}");
        assert_eq!(c.text(Msg::Title), "Hvordan kan vi hjelpe?");
        assert_eq!(c.text(Msg::Launcher), "Contact & feedback", "unreadable: English stays");
        assert!(Catalogue::check("{")[0].to_string().starts_with("(root): is not valid JSON"));
        assert_eq!(Catalogue::read(Language::Nb, "{").text(Msg::Title), "How can we help?");
    }

    #[test]
    fn language_tags_read_by_their_primary_subtag() {
        let cases = [
            ("nb-NO", Some(Language::Nb)),
            ("no", Some(Language::Nb)),
            ("nn", Some(Language::Nb)),
            ("pt_BR", Some(Language::Pt)),
            ("EN-gb", Some(Language::En)),
            ("iw", Some(Language::He)),
            ("ar-EG", Some(Language::Ar)),
            ("zh-Hans", None),
            ("", None),
        ];
        for (tag, language) in cases {
            assert_eq!(Language::from_tag(tag), language, "{tag}");
        }
        assert!(Language::Ar.is_rtl() && Language::He.is_rtl() && !Language::Ja.is_rtl());
    }

    #[test]
    fn a_singular_form_may_say_one_in_words() {
        let json = r#"{"min_length_hint": {"one": "حرف واحد على الأقل.", "other": "{n} حرفًا على الأقل."}}"#;
        let c = Catalogue::read(Language::Ar, json);
        let problems = Catalogue::check(json);
        assert!(!problems.iter().any(|p| p.path.starts_with("min_length_hint")), "{problems:?}");
        assert_eq!(c.plural(Msg::MinLengthHint, Category::One), "حرف واحد على الأقل.");
    }
}
