//! The configuration's languages and the translations of its texts, as Studio edits them
//! in the document: `languages` (the default first) and each marketer text written either
//! as one string or as `{"en": "Live chat", "nb": "Chat"}` (see core's `config::text`).
//! Adding a language turns every text into one per language, the new one missing (the
//! validator then names each missing text, beside its field); removing one takes its
//! texts out, and back to plain strings when only the default is left.

use serde_json::{Map, Value};
use touchpoint_core::diff::Step;
use touchpoint_core::fields::Kind;
use touchpoint_core::i18n::Language;

use crate::doc::{self, get, index, key, path_text};

/// The languages the widget has catalogues for (`www/i18n/`), with their names in English.
pub const NAMES: [(&str, &str); 15] = [
    ("en", "English"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("it", "Italian"),
    ("nl", "Dutch"),
    ("nb", "Norwegian Bokmål"),
    ("sv", "Swedish"),
    ("da", "Danish"),
    ("fi", "Finnish"),
    ("pl", "Polish"),
    ("ja", "Japanese"),
    ("ar", "Arabic"),
    ("he", "Hebrew"),
];

/// "Norwegian Bokmål (nb)"; an unknown code as it is.
pub fn name(code: &str) -> String {
    NAMES.iter().find(|(c, _)| *c == code).map_or_else(|| code.to_owned(), |(c, n)| format!("{n} ({c})"))
}

/// Whether `code` is a language the widget speaks.
pub fn is_language(code: &str) -> bool {
    <Language as Kind>::ALL.iter().any(|l| l.code() == code)
}

/// The declared languages' codes, the default first (empty: none declared).
pub fn declared(doc: &Value) -> Vec<String> {
    doc::items(doc, &key(&[], "languages")).iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

/// One text the visitor reads: where it is and what it is, for a marketer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translatable {
    /// Its path (`channels[0].label`).
    pub path: Vec<Step>,
    /// What it is, e.g. `Channel "Live chat": label`.
    pub what: String,
}

/// The text at `path` in `language`: its own entry when it has one per language, else the
/// one string (which every language shows).
pub fn text_in<'a>(doc: &'a Value, path: &[Step], language: &str) -> &'a str {
    match get(doc, path) {
        Some(Value::Object(map)) => map.get(language).and_then(Value::as_str).unwrap_or(""),
        Some(Value::String(s)) => s,
        _ => "",
    }
}

/// The text at `path` as the default language has it (what a heading shows).
pub fn default_text<'a>(doc: &'a Value, path: &[Step]) -> &'a str {
    text_in(doc, path, &first(doc))
}

/// Every text of the document a visitor reads, in the form's order: topics, channels,
/// resources, the panel's questions, the touchpoints' questions, the launcher's label.
/// Optional texts (descriptions, the launcher's label, scale labels) only when present.
pub fn texts(doc: &Value) -> Vec<Translatable> {
    let mut out = Vec::new();
    let mut add = |path: Vec<Step>, what: String| out.push(Translatable { path, what });
    let default = first(doc);
    let name_of = |item: &Value, field: &str, n: usize, kind: &str| {
        let label = item.get(field).map_or("", |v| text_in(v, &[], &default));
        if label.is_empty() { format!("{kind} {}", n + 1) } else { format!("{kind} \u{201c}{label}\u{201d}") }
    };
    for (list, kind, fields) in [
        ("topics", "Topic", &["label"][..]),
        ("channels", "Channel", &["label", "description"][..]),
        ("resources", "Resource", &["label", "description"][..]),
    ] {
        let at = key(&[], list);
        for (i, item) in doc::items(doc, &at).iter().enumerate() {
            let here = index(&at, i);
            for (n, field) in fields.iter().enumerate() {
                if n == 0 || item.get(*field).is_some() {
                    add(key(&here, field), format!("{}: {field}", name_of(item, "label", i, kind)));
                }
            }
        }
    }
    let mut sets = vec![(key(&key(&[], "feedback"), "questions"), "Panel".to_owned())];
    let touchpoints = key(&[], "touchpoints");
    for (t, touchpoint) in doc::items(doc, &touchpoints).iter().enumerate() {
        let label = touchpoint.get("label").and_then(Value::as_str).unwrap_or("");
        let title = if label.is_empty() {
            format!("Touchpoint {}", t + 1)
        } else {
            format!("Touchpoint \u{201c}{label}\u{201d}")
        };
        sets.push((key(&index(&touchpoints, t), "questions"), title));
    }
    for (list, owner) in sets {
        for (i, q) in doc::items(doc, &list).iter().enumerate() {
            let here = index(&list, i);
            let question = format!("{owner}, {}", name_of(q, "prompt", i, "question"));
            add(key(&here, "prompt"), format!("{question}: prompt"));
            for (j, _) in doc::items(doc, &key(&here, "labels")).iter().enumerate() {
                add(index(&key(&here, "labels"), j), format!("{question}: scale label {}", j + 1));
            }
            let options = key(&here, "options");
            for (j, o) in doc::items(doc, &options).iter().enumerate() {
                add(key(&index(&options, j), "label"), format!("{question}: {}", name_of(o, "label", j, "option")));
            }
        }
    }
    let launcher = key(&key(&[], "theme"), "launcher_label");
    if get(doc, &launcher).is_some() {
        add(launcher, "The launcher's label".to_owned());
    }
    out
}

fn first(doc: &Value) -> String {
    declared(doc).into_iter().next().unwrap_or_default()
}

/// Declares `language` (after `default` when none were declared), and turns every text
/// into one per language: the default's as written, the new one's missing.
pub fn add_language(doc: &mut Value, language: &str, default: &str) {
    let mut languages = declared(doc);
    if languages.is_empty() {
        languages.push(default.to_owned());
    }
    if languages.iter().any(|l| l == language) {
        return;
    }
    languages.push(language.to_owned());
    let first = languages[0].clone();
    for t in texts(doc) {
        if let Some(Value::String(s)) = get(doc, &t.path) {
            let per_language = Value::Object(Map::from_iter([(first.clone(), Value::String(s.clone()))]));
            let _ = doc::set(doc, &t.path, per_language);
        }
    }
    let _ = doc::set(doc, &key(&[], "languages"), Value::from(languages));
}

/// Removes `language` and its texts (a widget language fixed to it goes back to "auto");
/// with only the default left, every text becomes one string again.
pub fn remove_language(doc: &mut Value, language: &str) {
    let languages: Vec<String> = declared(doc).into_iter().filter(|l| l != language).collect();
    for t in texts(doc) {
        doc::remove(doc, &key(&t.path, language));
        if languages.len() == 1
            && let Some(Value::Object(map)) = get(doc, &t.path)
            && let Some(only) = map.get(&languages[0]).cloned()
        {
            let _ = doc::set(doc, &t.path, only);
        }
    }
    if doc.get("language").and_then(Value::as_str) == Some(language) {
        doc::remove(doc, &key(&[], "language"));
    }
    let _ = doc::set(doc, &key(&[], "languages"), Value::from(languages));
}

/// Sets the text at `path` in `language`: a string becomes one per language (the default
/// keeping it); an empty translation is removed (the validator then says it is missing).
pub fn translate(doc: &mut Value, path: &[Step], language: &str, text: &str) {
    let default = first(doc);
    if let Some(Value::String(s)) = get(doc, path) {
        let per_language = Value::Object(Map::from_iter([(default, Value::String(s.clone()))]));
        let _ = doc::set(doc, path, per_language);
    }
    let _ = doc::set_text(doc, &key(path, language), text, true);
}

/// How many of `texts` are not translated into `language`: one per language without it
/// (the validator's "missing"), or one string for every language (valid, but shown to
/// this language's visitors as written: an item added after the language was).
pub fn untranslated(doc: &Value, texts: &[Translatable], language: &str) -> usize {
    texts
        .iter()
        .filter(|t| match get(doc, &t.path) {
            Some(Value::Object(m)) => !m.contains_key(language),
            Some(Value::String(s)) => !s.is_empty(),
            _ => false,
        })
        .count()
}

/// The document with every missing translation filled with the default language's text:
/// what the preview shows while a language is being translated (the widget itself would
/// refuse the document until every text has it).
pub fn with_missing_as_default(doc: &Value) -> Value {
    let languages = declared(doc);
    let mut filled = doc.clone();
    let Some(default) = languages.first() else { return filled };
    for t in texts(doc) {
        if let Some(Value::Object(map)) = get(doc, &t.path)
            && let Some(text) = map.get(default)
        {
            for language in languages.iter().skip(1).filter(|l| !map.contains_key(*l)) {
                let _ = doc::set(&mut filled, &key(&t.path, language), text.clone());
            }
        }
    }
    filled
}

/// The id of a translation's field: its path and the language (`channels[0].label.nb`),
/// where the validator reports a problem of that translation.
pub fn field_id(path: &[Step], language: &str) -> String {
    path_text(&key(path, language))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::parse_path;
    use serde_json::json;
    use touchpoint_core::Config;

    fn p(text: &str) -> Vec<Step> {
        parse_path(text).unwrap_or_else(|| panic!("{text}"))
    }

    fn sample() -> Value {
        let mut doc = doc::starter("northwind");
        doc["topics"] = json!([{"id": "billing", "label": "Billing"}]);
        doc["channels"][0]["description"] = json!("Replies within a day");
        doc["feedback"]["questions"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "why", "kind": "single_choice", "prompt": "Why?", "options": [{"id": "a", "label": "Price"}, {"id": "b", "label": "Speed"}]}));
        doc["touchpoints"] = json!([{"id": "t", "label": "After", "stage": "get_help", "trigger": {"kind": "track", "event": "x"},
            "questions": [{"id": "c", "kind": "csat", "prompt": "Happy?", "labels": ["1", "2", "3", "4", "5"]}]}]);
        doc["theme"] = json!({"accent": "#0b6e4f", "launcher_label": "Help"});
        doc
    }

    #[test]
    fn every_text_a_visitor_reads_is_listed() {
        let doc = sample();
        let paths: Vec<String> = texts(&doc).iter().map(|t| path_text(&t.path)).collect();
        assert_eq!(
            paths,
            [
                "topics[0].label",
                "channels[0].label",
                "channels[0].description",
                "feedback.questions[0].prompt",
                "feedback.questions[1].prompt",
                "feedback.questions[1].options[0].label",
                "feedback.questions[1].options[1].label",
                "touchpoints[0].questions[0].prompt",
                "touchpoints[0].questions[0].labels[0]",
                "touchpoints[0].questions[0].labels[1]",
                "touchpoints[0].questions[0].labels[2]",
                "touchpoints[0].questions[0].labels[3]",
                "touchpoints[0].questions[0].labels[4]",
                "theme.launcher_label",
            ]
        );
        assert_eq!(texts(&doc)[1].what, "Channel \u{201c}E-mail\u{201d}: label");
        assert_eq!(texts(&doc)[5].what, "Panel, question \u{201c}Why?\u{201d}: option \u{201c}Price\u{201d}");
    }

    #[test]
    fn adding_a_language_makes_every_text_per_language_and_the_validator_names_each_missing_one() {
        let mut doc = sample();
        add_language(&mut doc, "nb", "en");
        assert_eq!(doc["languages"], json!(["en", "nb"]));
        assert_eq!(doc["channels"][0]["label"], json!({"en": "E-mail"}));
        let all = texts(&doc);
        assert_eq!(untranslated(&doc, &all, "nb"), all.len());
        let problems = Config::from_value(&doc).expect_err("missing nb").0;
        assert_eq!(problems.len(), all.len(), "{problems:?}");
        assert!(problems.iter().all(|e| e.message == "missing nb"), "{problems:?}");
        // Translating each makes it valid; the default's texts are unchanged.
        for t in &all {
            let text = format!("{} (nb)", text_in(&doc, &t.path, "en"));
            translate(&mut doc, &t.path, "nb", &text);
        }
        let config = Config::from_value(&doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.channels[0].label.as_str(), "E-mail");
        assert_eq!(text_in(&doc, &p("channels[0].label"), "nb"), "E-mail (nb)");
        assert_eq!(untranslated(&doc, &all, "nb"), 0);
        // An emptied translation is missing again, named by the validator.
        translate(&mut doc, &p("channels[0].label"), "nb", "");
        let problems = Config::from_value(&doc).expect_err("missing").0;
        assert_eq!(
            problems.iter().map(|e| (e.path.as_str(), e.message.as_str())).collect::<Vec<_>>(),
            [("channels[0].label", "missing nb")]
        );
        // The preview meanwhile: the missing ones in the default language.
        let mut half = doc.clone();
        translate(&mut half, &p("topics[0].label"), "nb", "");
        let filled = with_missing_as_default(&half);
        assert_eq!(filled["topics"][0]["label"], json!({"en": "Billing", "nb": "Billing"}));
        assert_eq!(filled["channels"][0]["description"], doc["channels"][0]["description"], "translated: as it is");
        Config::from_value(&filled).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(with_missing_as_default(&sample()), sample(), "nothing declared: unchanged");
        // A text written once for every language is valid but not translated.
        translate(&mut doc, &p("channels[0].label"), "nb", "E-post");
        doc["channels"][0]["label"] = json!("E-mail");
        assert_eq!(untranslated(&doc, &all, "nb"), 1);
        Config::from_value(&doc).unwrap_or_else(|e| panic!("{e}"));
        // Adding the same language again changes nothing.
        let before = doc.clone();
        add_language(&mut doc, "nb", "en");
        assert_eq!(doc, before);
    }

    #[test]
    fn removing_a_language_takes_its_texts_out_and_plain_strings_come_back() {
        let mut doc = sample();
        add_language(&mut doc, "nb", "en");
        add_language(&mut doc, "de", "fr");
        assert_eq!(doc["languages"], json!(["en", "nb", "de"]), "the default stays the first");
        for t in texts(&doc) {
            translate(&mut doc, &t.path, "nb", "x");
            translate(&mut doc, &t.path, "de", "y");
        }
        doc["language"] = json!("de");
        remove_language(&mut doc, "de");
        assert_eq!(doc["languages"], json!(["en", "nb"]));
        assert_eq!(doc["channels"][0]["label"], json!({"en": "E-mail", "nb": "x"}));
        assert_eq!(doc.get("language"), None, "fixed to a removed language: auto again");
        remove_language(&mut doc, "nb");
        assert_eq!(doc["languages"], json!(["en"]));
        assert_eq!(doc["channels"][0]["label"], json!("E-mail"));
        assert_eq!(doc["theme"]["launcher_label"], json!("Help"));
        Config::from_value(&doc).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn translating_a_plain_text_keeps_it_as_the_defaults() {
        let mut doc = json!({"languages": ["en", "nb"], "topics": [{"id": "a", "label": "Billing"}]});
        translate(&mut doc, &p("topics[0].label"), "nb", "Faktura");
        assert_eq!(doc["topics"][0]["label"], json!({"en": "Billing", "nb": "Faktura"}));
        assert_eq!(default_text(&doc, &p("topics[0].label")), "Billing");
        assert_eq!(field_id(&p("topics[0].label"), "nb"), "topics[0].label.nb");
    }

    /// The languages offered are the widget's: each has its catalogue in www/i18n/.
    #[test]
    fn the_languages_offered_are_those_with_a_catalogue() {
        let codes: Vec<&str> = <Language as Kind>::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(NAMES.iter().map(|(c, _)| *c).collect::<Vec<_>>(), codes);
        for code in codes {
            let file = format!("{}/../www/i18n/{code}.json", env!("CARGO_MANIFEST_DIR"));
            assert!(std::path::Path::new(&file).exists(), "{file}");
        }
        assert_eq!(name("nb"), "Norwegian Bokmål (nb)");
        assert!(is_language("ja") && !is_language("xx"));
    }
}
