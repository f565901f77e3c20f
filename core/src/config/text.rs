//! The marketer's texts (prompts, labels, options, channel, topic and resource names and
//! descriptions, the launcher's label): one string for every language, or one per
//! language the configuration declares (`"languages": ["en", "nb"]`, the first the
//! default), e.g. `{"en": "Live chat", "nb": "Chat"}`. A configuration that declares
//! languages must give every text in each of them; validation names every field path
//! missing one (`channels[0].label: missing nb`), all at once.

use serde_json::Value;

use crate::fields::{Node, Reader};
use crate::i18n::{Catalogue, Language, Msg};

/// A text the visitor reads, in one or several languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// The same words whatever the language.
    Same(String),
    /// One text per declared language, in the declared order (the first is the default's).
    PerLanguage(Vec<(Language, String)>),
    /// Not configured: the widget's own words for it, in the visitor's language (a scale's
    /// default labels).
    Default(Msg),
}

impl Text {
    /// The text in `language`: its own, else the default language's; a [`Text::Default`]
    /// from `catalogue`.
    pub fn get<'a>(&'a self, language: Language, catalogue: &'a Catalogue) -> &'a str {
        match self {
            Text::Same(text) => text,
            Text::PerLanguage(texts) => {
                texts.iter().find(|(l, _)| *l == language).or(texts.first()).map_or("", |(_, t)| t.as_str())
            }
            Text::Default(msg) => catalogue.text(*msg),
        }
    }

    /// The text in the configuration's default language (English for a [`Text::Default`]):
    /// what the visitor reads once [`crate::config::Config::localise`] has chosen their language.
    pub fn as_str(&self) -> &str {
        self.get(Language::En, Catalogue::english())
    }

    /// Every text it holds, e.g. to check each language's placeholders.
    pub fn variants(&self) -> Vec<&str> {
        match self {
            Text::Same(text) => vec![text],
            Text::PerLanguage(texts) => texts.iter().map(|(_, t)| t.as_str()).collect(),
            Text::Default(_) => Vec::new(),
        }
    }
}

impl std::fmt::Display for Text {
    /// The text in the default language (what `touchpoint check` prints).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::Same(text.to_owned())
    }
}

/// The languages a configuration declares (empty: none, every text is one string).
pub(crate) type Declared<'a> = &'a [Language];

/// A required text of at most `max` characters (in each language).
pub(crate) fn read_text(r: &mut Reader, node: &Node<'_>, languages: Declared<'_>, max: usize) -> Option<Text> {
    if node.is_present() {
        read_opt_text(r, node, languages, max)
    } else {
        r.fail(node, "is required");
        None
    }
}

/// An optional text of at most `max` characters (in each language).
pub(crate) fn read_opt_text(r: &mut Reader, node: &Node<'_>, languages: Declared<'_>, max: usize) -> Option<Text> {
    let Some(Value::Object(map)) = node.value() else {
        return r.opt_bounded_string(node, max).map(Text::from);
    };
    if languages.is_empty() {
        r.fail(node, "a text per language needs the languages declared at the top level (`languages`)");
        return None;
    }
    let mut texts = Vec::new();
    let mut missing = Vec::new();
    for language in languages {
        let text_node = node.field(language.code());
        match r.opt_bounded_string(&text_node, max) {
            Some(text) => texts.push((*language, text.to_owned())),
            None if !text_node.is_present() => missing.push(language.code()),
            None => {}
        }
    }
    let declared: Vec<&str> = languages.iter().map(|l| l.code()).collect();
    for key in map.keys().filter(|k| !declared.contains(&k.as_str())) {
        r.fail(&node.field(key), format!("`{key}` is not a declared language ({})", declared.join(", ")));
    }
    if !missing.is_empty() {
        r.fail(node, format!("missing {}", missing.join(", ")));
        return None;
    }
    (texts.len() == languages.len()).then_some(Text::PerLanguage(texts))
}
