//! Field-level differences between two JSON documents: what Studio shows when a publish
//! conflicts, between two versions, and before a rollback. The collector answers with
//! it and Studio computes the same list in the browser, so both say the same thing.
//!
//! A change names one path (`channels[0].hours.weekly.mon[1]`, written as the
//! validator writes field paths) and the JSON value at that path in the earlier
//! document (`before`) and in the later one (`after`), either absent where the path
//! does not exist there. Only the deepest differing paths are listed: two objects are
//! compared member by member (in key order), two arrays element by element by
//! position, and anything else, or values of different types, as a whole. Arrays are
//! compared by position rather than matched by ids because a change must say what is
//! at that path in each document; a channel inserted first therefore shows as every
//! channel after it changing, which is what moved where.

use std::fmt::Write as _;

use serde::ser::SerializeMap;
use serde_json::Value;

/// One step of a path: an object member or an array position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A member of an object.
    Key(String),
    /// A position in an array.
    Index(usize),
}

/// What differs at one path.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// From the document's root; empty for the root itself.
    pub path: Vec<Step>,
    /// The value there in the earlier document; `None` where the path does not exist.
    pub before: Option<Value>,
    /// The value there in the later document; `None` where the path does not exist.
    pub after: Option<Value>,
}

impl Change {
    /// The path as the validator writes field paths: `channels[0].label`; `(root)` for the
    /// document itself. A key that is not a plain name is written `["a key"]`.
    pub fn path_text(&self) -> String {
        path_text(&self.path)
    }
}

/// `channels[0].label` for a list of steps; `(root)` for none.
pub fn path_text(path: &[Step]) -> String {
    if path.is_empty() {
        return "(root)".to_owned();
    }
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if is_plain(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Key(key) => {
                // A JSON string literal: quotes, backslashes and control characters escaped.
                out.push('[');
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(']');
            }
            Step::Index(i) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// Letters, digits, `_` and `-`: a key written bare in a path.
fn is_plain(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `{"path": "channels[0].label", "before": …, "after": …}`, each side left out where absent.
impl serde::Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 1 + usize::from(self.before.is_some()) + usize::from(self.after.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("path", &self.path_text())?;
        if let Some(before) = &self.before {
            map.serialize_entry("before", before)?;
        }
        if let Some(after) = &self.after {
            map.serialize_entry("after", after)?;
        }
        map.end()
    }
}

/// Every difference between `before` and `after`, in document order (object members in
/// key order, array elements by position); empty when they are equal.
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut path = Vec::new();
    walk(before, after, &mut path, &mut changes);
    changes
}

fn walk(before: &Value, after: &Value, path: &mut Vec<Step>, out: &mut Vec<Change>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))).collect();
            keys.sort_unstable();
            for key in keys {
                path.push(Step::Key(key.clone()));
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => walk(x, y, path, out),
                    (x, y) => out.push(Change { path: path.clone(), before: x.cloned(), after: y.cloned() }),
                }
                path.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                path.push(Step::Index(i));
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => walk(x, y, path, out),
                    (x, y) => out.push(Change { path: path.clone(), before: x.cloned(), after: y.cloned() }),
                }
                path.pop();
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Change { path: path.clone(), before: Some(a.clone()), after: Some(b.clone()) }),
    }
}

/// Why [`apply`] could not follow a change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ApplyError {
    /// The change's path.
    pub path: String,
    /// What did not fit.
    pub reason: &'static str,
}

/// `doc` with `changes` made to it: each path set to its `after`, or removed where `after`
/// is absent. For changes from [`diff`]`(a, b)`, `apply(a, …)` is `b` (Studio uses it to
/// take back one field of a diff). An array element removed is the array cut there, as
/// [`diff`] removes only trailing elements.
pub fn apply(doc: &Value, changes: &[Change]) -> Result<Value, ApplyError> {
    let mut doc = doc.clone();
    for change in changes {
        let fail = |reason| ApplyError { path: change.path_text(), reason };
        let Some((last, parents)) = change.path.split_last() else {
            doc = change.after.clone().ok_or_else(|| fail("the whole document cannot be removed"))?;
            continue;
        };
        let mut target = &mut doc;
        for step in parents {
            target = match (step, target) {
                (Step::Key(k), Value::Object(map)) => map.get_mut(k),
                (Step::Index(i), Value::Array(items)) => items.get_mut(*i),
                _ => None,
            }
            .ok_or_else(|| fail("the path does not exist in the document"))?;
        }
        match (last, target, &change.after) {
            (Step::Key(k), Value::Object(map), Some(v)) => drop(map.insert(k.clone(), v.clone())),
            (Step::Key(k), Value::Object(map), None) => drop(map.remove(k)),
            (Step::Index(i), Value::Array(items), Some(v)) if *i < items.len() => items[*i] = v.clone(),
            (Step::Index(i), Value::Array(items), Some(v)) if *i == items.len() => items.push(v.clone()),
            (Step::Index(i), Value::Array(items), None) => items.truncate(*i),
            (Step::Index(_), Value::Array(_), Some(_)) => return Err(fail("the position is past the array's end")),
            _ => return Err(fail("the path's parent is not an object or array of that shape")),
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn texts(changes: &[Change]) -> Vec<String> {
        changes.iter().map(|c| serde_json::to_string(c).unwrap()).collect()
    }

    #[test]
    fn equal_documents_have_no_changes() {
        let doc = json!({"site": "northwind", "channels": [{"id": "chat", "hours": "24/7"}]});
        assert!(diff(&doc, &doc.clone()).is_empty());
    }

    #[test]
    fn each_change_names_the_deepest_path_and_both_sides() {
        let before = json!({
            "site": "northwind",
            "channels": [{"id": "chat", "label": "Chat", "hours": {"weekly": {"mon": ["08:00-12:00", "13:00-17:00"]}}}],
            "journey": {"half_life_days": 30}
        });
        let after = json!({
            "site": "northwind",
            "channels": [{"id": "chat", "label": "Live chat", "hours": {"weekly": {"mon": ["08:00-12:00", "13:00-18:00"]}}},
                         {"id": "email"}],
            "keep_text_on_device": true
        });
        assert_eq!(
            texts(&diff(&before, &after)),
            [
                r#"{"path":"channels[0].hours.weekly.mon[1]","before":"13:00-17:00","after":"13:00-18:00"}"#,
                r#"{"path":"channels[0].label","before":"Chat","after":"Live chat"}"#,
                r#"{"path":"channels[1]","after":{"id":"email"}}"#,
                r#"{"path":"journey","before":{"half_life_days":30}}"#,
                r#"{"path":"keep_text_on_device","after":true}"#,
            ]
        );
    }

    #[test]
    fn a_change_of_type_is_one_change_and_odd_keys_are_quoted() {
        let before = json!({"hours": {"time_zone": "Europe/Oslo"}, "a.b": 1, "x": [1, 2, 3]});
        let after = json!({"hours": "24/7", "a.b": 2, "x": [1]});
        assert_eq!(
            texts(&diff(&before, &after)),
            [
                r#"{"path":"[\"a.b\"]","before":1,"after":2}"#,
                r#"{"path":"hours","before":{"time_zone":"Europe/Oslo"},"after":"24/7"}"#,
                r#"{"path":"x[1]","before":2}"#,
                r#"{"path":"x[2]","before":3}"#,
            ]
        );
        assert_eq!(texts(&diff(&json!(1), &json!("1"))), [r#"{"path":"(root)","before":1,"after":"1"}"#]);
    }

    #[test]
    fn apply_refuses_a_path_the_document_lacks() {
        let change = Change { path: vec![Step::Key("a".into()), Step::Index(3)], before: None, after: Some(json!(1)) };
        assert_eq!(
            apply(&json!({"a": [0]}), &[change]).unwrap_err().to_string(),
            "a[3]: the position is past the array's end"
        );
        let deep = Change { path: vec![Step::Key("b".into()), Step::Key("c".into())], before: None, after: None };
        assert_eq!(apply(&json!({}), &[deep]).unwrap_err().path, "b.c");
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-3i64..3).prop_map(|n| json!(n)),
            "[a-c]{0,2}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-d]|x y", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// The diff says exactly what changed: applied to the first document it gives the
        /// second, it is empty only between equal documents, and every path it names
        /// exists in at least one of them with the values it reports.
        #[test]
        fn applying_the_diff_turns_one_document_into_the_other(a in json_value(), b in json_value()) {
            let changes = diff(&a, &b);
            prop_assert_eq!(&apply(&a, &changes).unwrap(), &b);
            prop_assert_eq!(changes.is_empty(), a == b);
            for change in &changes {
                prop_assert!(change.before.is_some() || change.after.is_some());
                prop_assert_ne!(&change.before, &change.after);
            }
            let back = diff(&b, &a);
            prop_assert_eq!(back.len(), changes.len(), "the diff back has as many changes");
        }
    }
}
