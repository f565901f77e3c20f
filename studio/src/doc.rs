//! The configuration document as Studio edits it: a `serde_json::Value` changed in place,
//! one path at a time, never rebuilt from typed values. A document imported from a file
//! and edited in one field exports with only that field changed: members keep their
//! order (serde_json's `preserve_order` in the browser build), members nobody edited keep
//! their values, and members Studio does not know are kept too (the validator names them).

use serde_json::{Map, Value};
use touchpoint_core::diff::Step;

/// Parses a field path as the validator writes it (`channels[0].hours.weekly.mon[1]`,
/// `["a key"]`, `(root)`) into steps. `None` for text that is not such a path.
pub fn parse_path(text: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    if text == "(root)" || text.is_empty() {
        return Some(steps);
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'.' if !steps.is_empty() => i += 1,
            b'[' if bytes.get(i + 1) == Some(&b'"') => {
                // `["a key"]`: a JSON string inside brackets.
                let rest = &text[i + 1..];
                let end = rest.find("\"]")? + 1;
                let key: String = serde_json::from_str(&rest[..end]).ok()?;
                steps.push(Step::Key(key));
                i += end + 2;
                continue;
            }
            b'[' => {
                let end = text[i..].find(']')? + i;
                steps.push(Step::Index(text[i + 1..end].parse().ok()?));
                i = end + 1;
                continue;
            }
            _ => {}
        }
        if i >= bytes.len() {
            break;
        }
        let end = text[i..].find(['.', '[']).map_or(text.len(), |n| n + i);
        if end == i {
            return None;
        }
        steps.push(Step::Key(text[i..end].to_owned()));
        i = end;
    }
    Some(steps)
}

/// A path as text, as the validator writes it.
pub fn path_text(path: &[Step]) -> String {
    touchpoint_core::diff::path_text(path)
}

/// `base` extended by one member.
pub fn key(base: &[Step], name: &str) -> Vec<Step> {
    let mut path = base.to_vec();
    path.push(Step::Key(name.to_owned()));
    path
}

/// `base` extended by one position.
pub fn index(base: &[Step], i: usize) -> Vec<Step> {
    let mut path = base.to_vec();
    path.push(Step::Index(i));
    path
}

/// The value at `path`, if there is one.
pub fn get<'a>(doc: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |value, step| match step {
        Step::Key(k) => value.as_object()?.get(k),
        Step::Index(i) => value.as_array()?.get(*i),
    })
}

/// The string at `path`, or "" where there is none (an input shows it empty).
pub fn text<'a>(doc: &'a Value, path: &[Step]) -> &'a str {
    get(doc, path).and_then(Value::as_str).unwrap_or("")
}

/// The array at `path`, or an empty one.
pub fn items<'a>(doc: &'a Value, path: &[Step]) -> &'a [Value] {
    get(doc, path).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Why an edit could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

/// The value at `path`, creating objects (for a member) on the way where nothing is;
/// refuses to go through a value of another type, or past the end of an array.
fn slot<'a>(doc: &'a mut Value, path: &[Step]) -> Result<&'a mut Value, EditError> {
    let mut value = doc;
    for (n, step) in path.iter().enumerate() {
        let here = || path_text(&path[..n]);
        value = match step {
            Step::Key(k) => {
                if value.is_null() {
                    *value = Value::Object(Map::new());
                }
                let map = value.as_object_mut().ok_or_else(|| EditError(format!("{} is not an object", here())))?;
                map.entry(k.clone()).or_insert(Value::Null)
            }
            Step::Index(i) => {
                if value.is_null() {
                    *value = Value::Array(Vec::new());
                }
                let array = value.as_array_mut().ok_or_else(|| EditError(format!("{} is not a list", here())))?;
                if *i == array.len() {
                    array.push(Value::Null);
                }
                array.get_mut(*i).ok_or_else(|| EditError(format!("{} has no item {i}", here())))?
            }
        };
    }
    Ok(value)
}

/// Sets the value at `path`: a member that exists keeps its place, a new one goes last.
pub fn set(doc: &mut Value, path: &[Step], value: Value) -> Result<(), EditError> {
    *slot(doc, path)? = value;
    Ok(())
}

/// Sets a string at `path`, or removes the member when `value` is empty and `optional`.
pub fn set_text(doc: &mut Value, path: &[Step], value: &str, optional: bool) -> Result<(), EditError> {
    if optional && value.is_empty() {
        remove(doc, path);
        Ok(())
    } else {
        set(doc, path, Value::String(value.to_owned()))
    }
}

/// Removes what is at `path` (the member, or the item with the later ones moving up);
/// returns it. The other members keep their order.
pub fn remove(doc: &mut Value, path: &[Step]) -> Option<Value> {
    let (last, parent) = path.split_last()?;
    let parent = get_mut(doc, parent)?;
    match (last, parent) {
        (Step::Key(k), Value::Object(map)) => {
            let removed = map.get(k).cloned();
            map.retain(|name, _| name != k);
            removed
        }
        (Step::Index(i), Value::Array(array)) if *i < array.len() => Some(array.remove(*i)),
        _ => None,
    }
}

fn get_mut<'a>(doc: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |value, step| match step {
        Step::Key(k) => value.as_object_mut()?.get_mut(k),
        Step::Index(i) => value.as_array_mut()?.get_mut(*i),
    })
}

/// Appends `value` to the list at `path` (creating the list); returns its position.
pub fn push(doc: &mut Value, path: &[Step], value: Value) -> Result<usize, EditError> {
    let list = slot(doc, path)?;
    if list.is_null() {
        *list = Value::Array(Vec::new());
    }
    let array = list.as_array_mut().ok_or_else(|| EditError(format!("{} is not a list", path_text(path))))?;
    array.push(value);
    Ok(array.len() - 1)
}

/// Moves the item at `from` to position `to` of the list at `path` (the items between
/// shift by one), as a drag or a "move up/down" button does. Out of range: nothing moves.
pub fn move_item(doc: &mut Value, path: &[Step], from: usize, to: usize) -> bool {
    let Some(array) = get_mut(doc, path).and_then(Value::as_array_mut) else {
        return false;
    };
    if from >= array.len() || to >= array.len() || from == to {
        return false;
    }
    let item = array.remove(from);
    array.insert(to, item);
    true
}

/// One change a form control makes to the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Sets the value at the path.
    Set(Vec<Step>, Value),
    /// Sets a string; an empty one removes the member when the field is optional.
    Text(Vec<Step>, String, bool),
    /// Removes the member or item at the path.
    Remove(Vec<Step>),
    /// Appends to the list at the path.
    Push(Vec<Step>, Value),
    /// Moves an item of the list at the path from one position to another.
    Move(Vec<Step>, usize, usize),
    /// Replaces the whole document (the JSON view, an import, a version loaded).
    Replace(Value),
    /// Declares a language (the second member: the default's, when none are declared yet).
    AddLanguage(String, String),
    /// Removes a declared language and its texts.
    RemoveLanguage(String),
    /// Sets the text at the path in a language.
    Translate(Vec<Step>, String, String),
}

impl Edit {
    /// Makes the change; an edit that cannot apply (a stale path) changes nothing.
    pub fn apply(self, doc: &mut Value) -> Result<(), EditError> {
        match self {
            Edit::Set(path, value) => set(doc, &path, value),
            Edit::Text(path, text, optional) => set_text(doc, &path, &text, optional),
            Edit::Remove(path) => {
                remove(doc, &path);
                Ok(())
            }
            Edit::Push(path, value) => push(doc, &path, value).map(drop),
            Edit::Move(path, from, to) => {
                move_item(doc, &path, from, to);
                Ok(())
            }
            Edit::Replace(value) => {
                *doc = value;
                Ok(())
            }
            Edit::AddLanguage(language, default) => {
                crate::translations::add_language(doc, &language, &default);
                Ok(())
            }
            Edit::RemoveLanguage(language) => {
                crate::translations::remove_language(doc, &language);
                Ok(())
            }
            Edit::Translate(path, language, text) => {
                crate::translations::translate(doc, &path, &language, &text);
                Ok(())
            }
        }
    }
}

/// A new site's first configuration: valid as it stands (one chat channel open on
/// weekdays, the feedback panel asking CSAT), for the marketer to make their own.
pub fn starter(site: &str) -> Value {
    // Parsed from text: `json!` here expands to 4 KB of wasm.
    const STARTER: &str = r#"{"site": "", "endpoint": "/v1/submissions", "topics": [],
        "channels": [{"id": "email", "kind": "email", "label": "E-mail", "href": "mailto:help@example.com",
            "response_time": "PT4H", "response_time_in": "business",
            "hours": {"time_zone": "Europe/London", "weekly": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"],
                "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}}}],
        "feedback": {"id": "help-panel", "questions": [
            {"id": "csat", "kind": "csat", "prompt": "How satisfied are you with our service today?"}]},
        "touchpoints": []}"#;
    let mut doc: Value = serde_json::from_str(STARTER).unwrap_or_default();
    doc["site"] = Value::from(site);
    doc
}

/// The document as Studio writes it: JSON with two-space indentation and a final newline.
pub fn to_text(doc: &Value) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(text: &str) -> Vec<Step> {
        parse_path(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    #[test]
    fn paths_parse_as_the_validator_writes_them() {
        assert_eq!(p("(root)"), vec![]);
        assert_eq!(
            p("channels[0].hours.weekly.mon[1]"),
            vec![
                Step::Key("channels".into()),
                Step::Index(0),
                Step::Key("hours".into()),
                Step::Key("weekly".into()),
                Step::Key("mon".into()),
                Step::Index(1)
            ]
        );
        assert_eq!(
            p(r#"journey["a key"].x"#),
            vec![Step::Key("journey".into()), Step::Key("a key".into()), Step::Key("x".into())]
        );
        for text in ["channels[0].label", "touchpoints[12].trigger.prefix", "site", r#"x["a.b"][3]"#] {
            assert_eq!(path_text(&p(text)), text, "round trip");
        }
        assert_eq!(parse_path("channels[x]"), None);
        assert_eq!(parse_path("channels[0"), None);
    }

    #[test]
    fn setting_a_member_keeps_its_place_and_the_rest() {
        let mut doc =
            json!({"site": "a", "channels": [{"id": "chat", "label": "Chat", "x-unknown": 1}], "endpoint": "/e"});
        set(&mut doc, &p("channels[0].label"), json!("Live chat")).unwrap();
        assert_eq!(
            doc,
            json!({"site": "a", "channels": [{"id": "chat", "label": "Live chat", "x-unknown": 1}], "endpoint": "/e"})
        );
        set(&mut doc, &p("channels[0].hours.time_zone"), json!("Europe/Oslo")).unwrap();
        assert_eq!(get(&doc, &p("channels[0].hours")), Some(&json!({"time_zone": "Europe/Oslo"})));
        assert!(set(&mut doc, &p("site.x"), json!(1)).is_err(), "through a string");
        assert!(set(&mut doc, &p("channels[5]"), json!(1)).is_err(), "past the end");
        set(&mut doc, &p("channels[1]"), json!({"id": "email"})).unwrap();
        assert_eq!(items(&doc, &p("channels")).len(), 2);
    }

    #[test]
    fn removing_and_moving() {
        let mut doc = json!({"a": [1, 2, 3, 4], "b": {"x": 1, "y": 2, "z": 3}});
        assert_eq!(remove(&mut doc, &p("a[1]")), Some(json!(2)));
        assert_eq!(remove(&mut doc, &p("b.y")), Some(json!(2)));
        assert_eq!(remove(&mut doc, &p("b.nothing")), None);
        assert_eq!(doc, json!({"a": [1, 3, 4], "b": {"x": 1, "z": 3}}));
        assert!(move_item(&mut doc, &p("a"), 2, 0));
        assert_eq!(items(&doc, &p("a")), &[json!(4), json!(1), json!(3)]);
        assert!(!move_item(&mut doc, &p("a"), 0, 3));
        assert_eq!(push(&mut doc, &p("c"), json!("new")).unwrap(), 0);
        set_text(&mut doc, &p("d"), "", true).unwrap();
        assert_eq!(get(&doc, &p("d")), None);
    }

    #[test]
    fn a_new_site_starts_valid() {
        let doc = starter("northwind");
        assert_eq!(doc["site"], "northwind");
        touchpoint_core::Config::from_value(&doc).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn edits_apply_in_place() {
        let mut doc = json!({"b": 1, "a": {"x": [1, 2]}});
        Edit::Text(p("a.y"), "t".into(), false).apply(&mut doc).unwrap();
        Edit::Push(p("a.x"), json!(3)).apply(&mut doc).unwrap();
        Edit::Move(p("a.x"), 2, 0).apply(&mut doc).unwrap();
        Edit::Remove(p("b")).apply(&mut doc).unwrap();
        Edit::Text(p("a.y"), String::new(), true).apply(&mut doc).unwrap();
        assert_eq!(doc, json!({"a": {"x": [3, 1, 2]}}));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn moving_an_item_keeps_the_others_in_order(len in 1usize..8, from in 0usize..8, to in 0usize..8) {
            let mut doc = json!({"l": (0..len).collect::<Vec<_>>()});
            let moved = move_item(&mut doc, &p("l"), from, to);
            let after: Vec<u64> = items(&doc, &p("l")).iter().filter_map(Value::as_u64).collect();
            proptest::prop_assert_eq!(after.len(), len);
            if moved {
                proptest::prop_assert_eq!(after[to], from as u64);
                let mut rest: Vec<u64> = after.iter().copied().filter(|&v| v != from as u64).collect();
                let sorted = { let mut s = rest.clone(); s.sort_unstable(); s };
                proptest::prop_assert_eq!(std::mem::take(&mut rest), sorted);
            }
        }
    }
}
