//! The configuration as a JSON Schema (draft 2020-12), for editors such as VS Code:
//! completion, hover text and squiggles while a marketer edits the file by hand.
//! `touchpoint schema` prints it and the collector serves it at `/v1/schema`.
//!
//! The validator in [`crate::config`] stays the authority: it also checks what a
//! schema cannot say well (links per channel kind, overlapping hours, `show_if`
//! pointing at an earlier question, time zones known to the database). The schema
//! only has to agree with it on shapes: which members each object takes, which are
//! required, the kinds, the lengths and ranges. Kinds and their members come from
//! the same [`Kind`] tables the validator reads, and `core/tests/config_schema.rs`
//! holds the rest to the validator: every member the validator accepts at every
//! object of the example configurations is in the schema and nothing else, every
//! definition here is reached by an example, the limits refuse what the validator
//! refuses, and the examples validate under a real JSON-Schema validator. A field
//! added to the validator therefore fails that test until it is added here: add it
//! to the object's `properties` below (with `required` if it is), and to an example.

use serde_json::{Map, Value, json};

use crate::calendar::Weekday;
use crate::config::{
    ChannelKind, ColorScheme, Font, LauncherIcon, MAX_TOPICS, Position, QuestionTag, ResourceKind, ResponseClock,
    TriggerTag,
};
use crate::fields::Kind;
use crate::i18n::{CES_LABELS, CSAT_LABELS, EMOJI_LABELS, Language, NPS_LABELS, REPLY_LABELS, THUMBS_LABELS};
use crate::url_pattern::UrlMatch;
use crate::wire::{MAX_OPTIONS, MAX_TEXT, Stage};

/// The schema's `$schema`: the draft its keywords follow.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The configuration's JSON Schema.
pub fn config_schema() -> Value {
    let mut defs = Map::new();
    let mut def = |name: &str, schema: Value| {
        defs.insert(name.to_owned(), schema);
    };
    def("id", id());
    def("link", link());
    def("topic", topic());
    def("channel", channel());
    def("hours", hours());
    def("weekly", weekly());
    def("intervals", intervals());
    def("closed", dated(false));
    def("special", dated(true));
    def("resource", resource());
    def("feedback", feedback());
    def("question", question());
    def("option", option());
    def("show_if", show_if());
    def("touchpoint", touchpoint());
    def("trigger", trigger());
    def("recontact", recontact());
    def("journey", journey());
    def("language", names::<Language>());
    def("theme", theme());
    json!({
        "$schema": DRAFT,
        "title": "Touchpoint widget configuration",
        "description": "What the widget shows and asks on one site. Checked in full by `touchpoint check` and by Studio.",
        "type": "object",
        "additionalProperties": false,
        "required": ["site", "endpoint", "channels", "feedback"],
        "properties": {
            "site": described(reference("id"), "Which site the results belong to at the collector."),
            "endpoint": described(reference("link"), "Where answers are posted: an https: URL, http://localhost…, or a path on the loader's origin."),
            "topics": described(array(reference("topic"), 0, Some(MAX_TOPICS)), "The kinds of problem visitors come with; when present the panel asks what they need help with."),
            "channels": described(array(reference("channel"), 1, None), "Every way to reach the company, in this order."),
            "resources": described(array(reference("resource"), 0, None), "Self-help links, listed after the channels."),
            "feedback": reference("feedback"),
            "touchpoints": described(array(reference("touchpoint"), 0, None), "Prompts at moments of the journey, in priority order."),
            "recontact": reference("recontact"),
            "journey": reference("journey"),
            "keep_text_on_device": described(json!({"type": "boolean"}), "true: comments are scored in the browser and only the score is sent."),
            "languages": described(
                json!({"type": "array", "items": reference("language"), "minItems": 1, "uniqueItems": true}),
                "The languages the texts are written in, the default first. Declared, every text given per language must have each of them.",
            ),
            "language": described(
                json!({"enum": std::iter::once("auto").chain(Language::NAMES.iter().copied()).collect::<Vec<_>>()}),
                "The widget's language; \"auto\" (the default): the page's <html lang>, then the visitor's browser languages.",
            ),
            "theme": reference("theme"),
        },
        "$defs": defs,
    })
}

/// `{"$ref": "#/$defs/name"}`.
fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}") })
}

/// `schema` with a `description` (hover text in editors).
fn described(mut schema: Value, description: &str) -> Value {
    if let Some(map) = schema.as_object_mut() {
        map.insert("description".into(), description.into());
    }
    schema
}

fn array(items: Value, min: usize, max: Option<usize>) -> Value {
    let mut schema = json!({"type": "array", "items": items});
    if min > 0 {
        schema["minItems"] = min.into();
    }
    if let Some(max) = max {
        schema["maxItems"] = max.into();
    }
    schema
}

/// A non-blank string of at most `max` characters.
fn text(max: usize) -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": max, "pattern": "\\S"})
}

/// A text the visitor reads ([`crate::config::Text`]): one string for every language, or one
/// per language (`{"en": "…", "nb": "…"}`). Which languages a map must hold (exactly the
/// declared `languages`) is for the validator to say: a schema cannot name a sibling's values.
fn said(max: usize) -> Value {
    json!({"anyOf": [
        text(max),
        {"type": "object", "minProperties": 1, "propertyNames": reference("language"), "additionalProperties": text(max)},
    ]})
}

fn integer(min: i64, max: i64) -> Value {
    json!({"type": "integer", "minimum": min, "maximum": max})
}

fn number(min: f64, max: f64) -> Value {
    json!({"type": "number", "minimum": min, "maximum": max})
}

/// One of a [`Kind`]'s names.
fn names<K: Kind>() -> Value {
    json!({"enum": K::NAMES})
}

/// An object that takes exactly `properties`, requiring `required`.
fn object(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "additionalProperties": false, "required": required, "properties": properties})
}

fn id() -> Value {
    json!({
        "type": "string",
        "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
        "description": "1-64 characters of a-z, 0-9, - or _, starting with a letter or digit; unique in its list.",
    })
}

fn link() -> Value {
    json!({
        "type": "string",
        "pattern": "^(https://[^\\s/?#]+([/?#]\\S*)?|http://(localhost|127\\.0\\.0\\.1|\\[::1\\])([:/?#]\\S*)?|/([^/\\s]\\S*)?)$",
        "description": "An https: URL, http://localhost…, or a path starting with /.",
    })
}

fn topic() -> Value {
    object(&["id", "label"], json!({"id": reference("id"), "label": said(60)}))
}

fn handles() -> Value {
    described(
        json!({"type": "array", "items": reference("id"), "uniqueItems": true}),
        "Topic ids this handles; absent or empty: every topic.",
    )
}

fn channel() -> Value {
    object(
        &["id", "kind", "label", "href"],
        json!({
            "id": reference("id"),
            "kind": names::<ChannelKind>(),
            "label": said(80),
            "href": described(json!({"type": "string"}), "phone: tel:+…; sms: sms:+…; email: mailto:…; whatsapp: https://wa.me/<digits>; x, facebook, instagram: https: on their sites; others: an https: URL or a path."),
            "description": said(200),
            "handles": handles(),
            "response_time": described(
                json!({"type": "string", "pattern": "^P((\\d+W)?(\\d+D)?T(\\d+H(\\d+M)?(\\d+S)?|\\d+M(\\d+S)?|\\d+S)|\\d+W(\\d+D)?|\\d+D)$"}),
                "ISO 8601 duration to a first reply (PT5M, PT4H, P2D), at most P90D.",
            ),
            "response_time_in": described(names::<ResponseClock>(), "business (default): only open hours count; wall_clock: around the clock."),
            "hours": described(
                json!({"anyOf": [{"const": "24/7"}, reference("hours")]}),
                "Absent or \"24/7\": always open.",
            ),
            "live_status": described(reference("link"), "Answers {\"open\": bool, \"wait_seconds\": n}."),
            "hide_when_closed": {"type": "boolean"},
        }),
    )
}

fn hours() -> Value {
    object(
        &["time_zone", "weekly"],
        json!({
            "time_zone": described(
                json!({"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z][A-Za-z0-9_+-]*)*$", "maxLength": 64}),
                "An IANA time zone name, e.g. Europe/Oslo.",
            ),
            "weekly": json!({"anyOf": [{"const": "24/7"}, reference("weekly")]}),
            "closed": array(reference("closed"), 0, None),
            "special": array(reference("special"), 0, None),
        }),
    )
}

fn weekly() -> Value {
    let days: Map<String, Value> = Weekday::ALL.iter().map(|d| (d.key().to_owned(), reference("intervals"))).collect();
    described(object(&[], Value::Object(days)), "Open hours per weekday; a missing day is closed.")
}

fn intervals() -> Value {
    described(
        json!({"type": "array", "items": {"type": "string", "pattern": "^([01][0-9]|2[0-4]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$"}}),
        "HH:MM-HH:MM intervals; one that closes at or before it opens runs overnight and must close by 12:00.",
    )
}

/// A `closed` or `special` entry: one `date`, or `from` and `to`.
fn dated(with_hours: bool) -> Value {
    let date = || json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"});
    let mut properties = json!({"date": date(), "from": date(), "to": date(), "label": text(80)});
    let mut required = vec![];
    if with_hours {
        properties["hours"] = reference("intervals");
        required.push("hours");
    }
    let mut schema = object(&required, properties);
    schema["oneOf"] = json!([
        {"required": ["date"], "not": {"anyOf": [{"required": ["from"]}, {"required": ["to"]}]}},
        {"required": ["from", "to"], "not": {"required": ["date"]}},
    ]);
    schema
}

fn resource() -> Value {
    object(
        &["id", "kind", "label", "href"],
        json!({
            "id": reference("id"),
            "kind": names::<ResourceKind>(),
            "label": said(80),
            "href": described(json!({"type": "string"}), "An https: URL or a path starting with /."),
            "description": said(200),
            "handles": handles(),
        }),
    )
}

fn feedback() -> Value {
    described(
        object(
            &["id", "questions"],
            json!({
                "id": reference("id"),
                "stage": names::<Stage>(),
                "questions": array(reference("question"), 1, None),
            }),
        ),
        "The panel's questions.",
    )
}

/// A tagged object: `common` members and each kind's own ([`Kind::FIELDS`]); which
/// members an object may have depends on its `kind`, said in one `if`/`then` per kind.
/// `kind_schema` gives a kind's own members' schemas and which of them it requires.
fn tagged<K: Kind>(common: Value, required: &[&str], kind_schema: impl Fn(K) -> (Value, Vec<&'static str>)) -> Value {
    let mut properties = common;
    properties["kind"] = names::<K>();
    let common_names: Vec<String> = properties.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    let mut branches = Vec::new();
    for kind in K::ALL {
        let (own, also_required) = kind_schema(*kind);
        let mut allowed: Vec<&str> = common_names.iter().map(String::as_str).collect();
        allowed.extend(kind.fields());
        let mut then = json!({"propertyNames": {"enum": allowed}});
        if !also_required.is_empty() {
            then["required"] = json!(also_required);
        }
        if let Some(own) = own.as_object() {
            for (name, schema) in own {
                properties[name] = schema.clone();
            }
        }
        branches
            .push(json!({"if": {"properties": {"kind": {"const": kind.name()}}, "required": ["kind"]}, "then": then}));
    }
    let mut schema = object(required, properties);
    schema["allOf"] = Value::Array(branches);
    schema
}

fn question() -> Value {
    let labels = |n: usize, order: &str| {
        described(json!({"minItems": n, "maxItems": n}), &format!("{n} labels, {order} (defaults in README)."))
    };
    let mut schema = tagged::<QuestionTag>(
        json!({
            "id": reference("id"),
            "prompt": said(300),
            "required": {"type": "boolean"},
            "show_if": reference("show_if"),
        }),
        &["id", "kind", "prompt"],
        |tag| match tag {
            QuestionTag::Csat
            | QuestionTag::Nps
            | QuestionTag::Ces
            | QuestionTag::Thumbs
            | QuestionTag::Emoji
            | QuestionTag::Reply => (json!({"labels": {"type": "array", "items": said(40)}}), vec![]),
            QuestionTag::SingleChoice | QuestionTag::MultipleChoice => (
                json!({"options": described(array(reference("option"), 2, Some(MAX_OPTIONS)), "The choices, in this order.")}),
                vec!["options"],
            ),
            QuestionTag::Text => (
                json!({
                    "max_length": integer(1, MAX_TEXT as i64),
                    "min_length": described(integer(0, MAX_TEXT as i64), "Applies when answered."),
                }),
                vec![],
            ),
        },
    );
    // How many labels differs by kind: each kind's branch says it.
    let counts = [
        (QuestionTag::Csat, labels(CSAT_LABELS.len(), "worst first")),
        (QuestionTag::Nps, labels(NPS_LABELS.len(), "for 0 and for 10")),
        (QuestionTag::Ces, labels(CES_LABELS.len(), "most difficult first")),
        (QuestionTag::Thumbs, labels(THUMBS_LABELS.len(), "down first")),
        (QuestionTag::Emoji, labels(EMOJI_LABELS.len(), "unhappiest first")),
        (QuestionTag::Reply, labels(REPLY_LABELS.len(), "on time, late, no reply")),
    ];
    if let Some(branches) = schema["allOf"].as_array_mut() {
        for (tag, labels) in counts {
            branches[tag.index()]["then"]["properties"] = json!({ "labels": labels });
        }
    }
    schema
}

fn theme() -> Value {
    let colour = |what: &str| described(json!({"type": "string", "pattern": "^#([0-9a-fA-F]{3}){1,2}$"}), what);
    described(
        object(
            &[],
            json!({
                "accent": colour("The launcher's and buttons' colour, #rrggbb or #rgb."),
                "accent_text": colour("Text on the accent; absent: white or black, whichever reaches 4.5:1. Given, it must reach 4.5:1 (WCAG 2.2 AA)."),
                "position": names::<Position>(),
                "radius": described(integer(0, 24), "Corner radius in CSS pixels."),
                "launcher_label": said(40),
                "launcher_icon": names::<LauncherIcon>(),
                "color_scheme": described(names::<ColorScheme>(), "auto: the visitor's prefers-color-scheme."),
                "font": described(names::<Font>(), "system: the platform's UI font; inherit: the host page's."),
            }),
        ),
        "The site's look; a host page may also set the --tp-* custom properties on [data-touchpoint].",
    )
}

fn option() -> Value {
    object(&["id", "label"], json!({"id": reference("id"), "label": said(80)}))
}

fn show_if() -> Value {
    let mut schema = object(
        &["question"],
        json!({
            "question": described(reference("id"), "An earlier question of the same set."),
            "at_most": integer(0, 10),
            "at_least": integer(0, 10),
            "chosen": described(json!({"type": "string"}), "up or down for thumbs; an option id for choices."),
        }),
    );
    schema["oneOf"] = json!([{"required": ["at_most"]}, {"required": ["at_least"]}, {"required": ["chosen"]}]);
    described(schema, "Ask this question only after a given answer to an earlier one: exactly one test.")
}

fn touchpoint() -> Value {
    object(
        &["id", "label", "stage", "questions", "trigger"],
        json!({
            "id": described(reference("id"), "Stored with each submission; not the panel's feedback.id."),
            "label": described(text(80), "For people reading the results."),
            "stage": names::<Stage>(),
            "questions": array(reference("question"), 1, None),
            "trigger": reference("trigger"),
            "sample_percent": described(number(0.0, 100.0), "Share of due visits offered the prompt (default 100)."),
            "recontact_days": described(integer(0, 3650), "Overrides recontact.same_touchpoint_days for this touchpoint."),
        }),
    )
}

fn trigger() -> Value {
    let event = json!({"type": "string", "pattern": "^[A-Za-z0-9:._-]{1,64}$"});
    let mut schema = tagged::<TriggerTag>(json!({}), &["kind"], |tag| match tag {
        TriggerTag::Url => (json!({"delay_seconds": integer(0, 3_600)}), vec![]),
        TriggerTag::ExitIntent => (json!({}), vec![]),
        TriggerTag::Track | TriggerTag::DomEvent => (json!({"event": event.clone()}), vec!["event"]),
        TriggerTag::ContactFollowUp => (
            json!({
                "channels": described(json!({"type": "array", "items": reference("id")}), "Channel ids; absent or empty: all."),
                "within_days": integer(1, 90),
            }),
            vec![],
        ),
    });
    // The page patterns: a url trigger takes exactly one, an exit_intent trigger at most one.
    let names = UrlMatch::NAMES;
    for name in names {
        schema["properties"][*name] = described(json!({"type": "string", "pattern": "^/"}), "A page path pattern.");
    }
    let each: Vec<Value> = names.iter().map(|n| json!({"required": [n]})).collect();
    let pairs: Vec<Value> = names
        .iter()
        .enumerate()
        .flat_map(|(i, a)| names[i + 1..].iter().map(move |b| json!({"required": [a, b]})))
        .collect();
    if let Some(branches) = schema["allOf"].as_array_mut() {
        branches[TriggerTag::Url.index()]["then"]["oneOf"] = Value::Array(each);
        branches[TriggerTag::ExitIntent.index()]["then"]["not"] = json!({ "anyOf": pairs });
    }
    schema
}

fn recontact() -> Value {
    described(
        object(
            &[],
            json!({
                "same_touchpoint_days": described(integer(0, 3650), "Default 30."),
                "any_touchpoint_hours": described(integer(0, 8760), "Default 24."),
            }),
        ),
        "How rarely a visitor may be prompted.",
    )
}

fn journey() -> Value {
    described(
        object(
            &[],
            json!({
                "half_life_days": number(0.1, 3650.0),
                "peak_weight": number(0.0, 1.0),
                "end_weight": number(0.0, 1.0),
                "text_weight": number(0.0, 1.0),
            }),
        ),
        "The journey model's parameters (docs/journey.md); peak_weight + end_weight ≤ 1.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_names_a_definition() {
        let schema = config_schema();
        let text = schema.to_string();
        for part in text.split("\"$ref\":\"#/$defs/").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(schema["$defs"].get(name).is_some(), "#/$defs/{name} is referenced but not defined");
        }
    }

    #[test]
    fn kinds_come_from_the_validators_tables() {
        let schema = config_schema();
        assert_eq!(schema["$defs"]["question"]["properties"]["kind"]["enum"], json!(QuestionTag::NAMES));
        assert_eq!(schema["$defs"]["trigger"]["allOf"].as_array().map(Vec::len), Some(TriggerTag::ALL.len()));
        assert_eq!(schema["$defs"]["weekly"]["properties"].as_object().map(Map::len), Some(7));
    }
}
