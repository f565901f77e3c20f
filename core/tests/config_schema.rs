//! `schema::config_schema` held to the validator, so the two cannot drift apart.
//!
//! The example configurations are walked together with the schema. At every object the
//! members the validator accepts (read off its own "unknown field (expected one of: …)"
//! answer to a probe member) must be exactly the schema's `properties` there; for a
//! question or trigger, the members of other kinds must be refused by both. Every limit
//! the schema states (lengths, ranges, list sizes, kinds, required members) is tried one
//! past the line on the example, and the validator must refuse it at that path and the
//! schema must refuse it too; an optional member taken out must leave that path without a
//! problem. A text given per language (`{"en": …, "nb": …}`) is a map, not a closed object:
//! its values are walked, and a member that is no language must be refused by both (which
//! languages it must hold follows `languages`, which only the validator checks). Every
//! definition of the schema must be reached by an example and every kind
//! of question and trigger seen, so a new field fails here until it is in the schema and
//! in an example. The examples themselves validate under a real JSON-Schema validator.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use touchpoint_core::Config;
use touchpoint_core::schema::config_schema;

const EXAMPLES: &[(&str, &str)] = &[
    ("www/touchpoint.config.json", include_str!("../../www/touchpoint.config.json")),
    ("docs/examples/touchpoints.json", include_str!("../../docs/examples/touchpoints.json")),
    ("core/tests/fixtures/schema_corners.json", include_str!("fixtures/schema_corners.json")),
];

/// A member name no field is within edit distance 2 of, so the validator lists every known field.
const PROBE: &str = "zzzzzzzzzzzz";

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() { "(root)".into() } else { out }
}

fn at<'a>(doc: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(doc, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// The validator's problems as `(path, message)`.
fn problems(doc: &Value) -> Vec<(String, String)> {
    match Config::from_value(doc) {
        Ok(_) => Vec::new(),
        Err(invalid) => invalid.0.into_iter().map(|e| (e.path, e.message)).collect(),
    }
}

struct Walk<'s> {
    name: &'static str,
    doc: Value,
    schema: &'s Value,
    validator: jsonschema::Validator,
    /// Whether the schema takes the example as it is; when it does not, that is reported
    /// once and the schema's side of each change is not judged (it would refuse them all).
    schema_takes_it: bool,
    reached: BTreeSet<String>,
    kinds: BTreeMap<String, BTreeSet<String>>,
    problems: Vec<String>,
}

impl<'s> Walk<'s> {
    fn deref(&mut self, mut s: &'s Value) -> &'s Value {
        while let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let name = r.strip_prefix("#/$defs/").unwrap();
            self.reached.insert(name.to_owned());
            s = &self.schema["$defs"][name];
        }
        s
    }

    /// The branch of an `anyOf` that takes a value of this JSON type.
    fn branch(&mut self, s: &'s Value, value: &Value) -> &'s Value {
        let s = self.deref(s);
        let Some(branches) = s.get("anyOf").and_then(Value::as_array) else { return s };
        for b in branches {
            let b = self.deref(b);
            let fits = match (b.get("type").and_then(Value::as_str), b.get("const")) {
                (_, Some(c)) => c == value,
                (Some("object"), _) => value.is_object(),
                (Some("array"), _) => value.is_array(),
                (Some("string"), _) => value.is_string(),
                _ => false,
            };
            if fits {
                return b;
            }
        }
        self.fail(&[], format!("no anyOf branch of {s} takes {value}"));
        s
    }

    fn fail(&mut self, path: &[Step], why: String) {
        self.problems.push(format!("{}: {}: {why}", self.name, path_text(path)));
    }

    /// `doc` changed by `edit` at `path`: the validator must report a problem at `path`
    /// (or below it), and the schema must refuse it too.
    fn refused(&mut self, path: &[Step], what: &str, edit: impl FnOnce(&mut Value)) {
        let mut doc = self.doc.clone();
        edit(at(&mut doc, path));
        let here = path_text(path);
        let found = problems(&doc)
            .iter()
            .any(|(p, _)| *p == here || p.starts_with(&format!("{here}.")) || p.starts_with(&format!("{here}[")));
        if !found {
            self.fail(
                path,
                format!("{what}: the schema refuses it but the validator has no problem here ({:?})", problems(&doc)),
            );
        }
        if self.schema_takes_it && self.validator.is_valid(&doc) {
            self.fail(path, format!("{what}: the schema accepts it"));
        }
    }

    fn visit(&mut self, path: &mut Vec<Step>, value: &Value, s: &'s Value) {
        let s = self.branch(s, value);
        match value {
            Value::Object(map) => self.object(path, map, s),
            Value::Array(items) => {
                let item_schema = &s["items"];
                if item_schema.is_null() {
                    self.fail(path, "an array where the schema has no `items`".into());
                    return;
                }
                if let Some(min) = s.get("minItems").and_then(Value::as_u64).filter(|m| *m > 0) {
                    self.refused(path, &format!("{} items (minItems {min})", min - 1), |v| {
                        v.as_array_mut().unwrap().truncate(min as usize - 1)
                    });
                }
                if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
                    let first = items[0].clone();
                    self.refused(path, &format!("{} items (maxItems {max})", max + 1), |v| {
                        *v = Value::Array(vec![first; max as usize + 1])
                    });
                }
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    self.visit(path, item, item_schema);
                    path.pop();
                }
            }
            Value::String(_) => {
                if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
                    self.refused(path, &format!("{} characters (maxLength {max})", max + 1), |v| {
                        *v = json!("x".repeat(max as usize + 1))
                    });
                }
                if s.get("enum").is_some() {
                    self.refused(path, "a kind not in the enum", |v| *v = json!("zz-no-such-kind"));
                }
            }
            Value::Number(_) => {
                if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
                    self.refused(path, &format!("{} (maximum {max})", max + 1.0), |v| *v = json!(max + 1.0));
                }
                if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
                    self.refused(path, &format!("{} (minimum {min})", min - 1.0), |v| *v = json!(min - 1.0));
                }
            }
            _ => {}
        }
    }

    fn object(&mut self, path: &mut Vec<Step>, map: &serde_json::Map<String, Value>, s: &'s Value) {
        // A text per language: which languages it must hold follows the declared `languages`,
        // which a schema cannot say; a member that is no language is refused by both.
        if let (Some(names), Some(each)) =
            (s.get("propertyNames"), s.get("additionalProperties").filter(|a| a.is_object()))
        {
            self.deref(names);
            self.refused(path, "a member that is no language", |v| v[PROBE] = json!("x"));
            for (key, value) in map {
                path.push(Step::Key(key.clone()));
                self.visit(path, value, each);
                path.pop();
            }
            return;
        }
        if s.get("type").and_then(Value::as_str) != Some("object") || s["additionalProperties"] != json!(false) {
            self.fail(path, "an object where the schema has no closed object".into());
            return;
        }
        let properties: BTreeSet<String> = s["properties"].as_object().unwrap().keys().cloned().collect();
        // What the validator accepts here, from its answer to a member it cannot know.
        let mut probed = self.doc.clone();
        at(&mut probed, path)[PROBE] = json!(1);
        let probe_path = path_text(&[path.clone(), vec![Step::Key(PROBE.into())]].concat());
        let listed = problems(&probed).into_iter().find(|(p, _)| *p == probe_path).map(|(_, m)| m);
        let accepted: BTreeSet<String> =
            match listed.as_deref().and_then(|m| m.strip_prefix("unknown field (expected one of: ")) {
                Some(list) => list.trim_end_matches(')').split(", ").map(str::to_owned).collect(),
                None => {
                    self.fail(path, format!("the validator did not list its fields for a probe member: {listed:?}"));
                    return;
                }
            };
        for missing in accepted.difference(&properties) {
            self.fail(
                path,
                format!(
                    "the validator accepts `{missing}` but the schema does not list it: add it to core/src/schema.rs"
                ),
            );
        }
        for extra in properties.difference(&accepted) {
            self.fail(path, format!("the schema lists `{extra}` but the validator refuses it"));
        }
        // A tagged object: the members of other kinds are refused by both.
        let mut required: BTreeSet<String> =
            s["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
        if let Some(branches) = s.get("allOf").and_then(Value::as_array) {
            let kind = map["kind"].as_str().unwrap().to_owned();
            let def = s["properties"]["kind"]["enum"].to_string();
            self.kinds.entry(def).or_default().insert(kind.clone());
            let then =
                &branches.iter().find(|b| b["if"]["properties"]["kind"]["const"] == json!(kind)).unwrap()["then"];
            let allowed: BTreeSet<String> = then["propertyNames"]["enum"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            if let Some(also) = then.get("required").and_then(Value::as_array) {
                required.extend(also.iter().map(|v| v.as_str().unwrap().to_owned()));
            }
            for foreign in properties.difference(&allowed).filter(|f| !map.contains_key(*f)) {
                let mut doc = self.doc.clone();
                at(&mut doc, path)[foreign.as_str()] = json!(1);
                let here = path_text(&[path.clone(), vec![Step::Key(foreign.clone())]].concat());
                if !problems(&doc).iter().any(|(p, m)| *p == here && m.starts_with("is only for")) {
                    self.fail(path, format!("`{foreign}` on a {kind}: the schema refuses it, the validator does not"));
                }
                if self.schema_takes_it && self.validator.is_valid(&doc) {
                    self.fail(path, format!("`{foreign}` on a {kind}: the schema accepts it"));
                }
            }
        }
        // Each member taken out: the validator reports a problem in this object exactly when
        // the schema refuses the document without it (required, or needed by a `oneOf`, such
        // as a date or a range, or a trigger's one page pattern).
        for name in properties.iter().filter(|n| map.contains_key(*n)) {
            let mut doc = self.doc.clone();
            at(&mut doc, path).as_object_mut().unwrap().remove(name);
            // At the root, the member's own path only: taking out `topics` leaves channels'
            // `handles` pointing nowhere, which no schema can say.
            let object_path = if path.is_empty() { name.clone() } else { path_text(path) };
            let within = |p: &str| {
                p == object_path
                    || p.starts_with(&format!("{object_path}."))
                    || p.starts_with(&format!("{object_path}["))
            };
            let missing = problems(&doc).into_iter().find(|(p, _)| within(p)).map(|(p, m)| format!("{p}: {m}"));
            if !self.schema_takes_it {
                continue;
            }
            let refused = !self.validator.is_valid(&doc);
            match (missing, refused) {
                (Some(_), true) | (None, false) => {}
                (Some(m), false) => {
                    self.fail(path, format!("`{name}` taken out: the validator says {m}, the schema accepts it"))
                }
                (None, true) => {
                    self.fail(path, format!("`{name}` taken out: the schema refuses it, the validator does not"))
                }
            }
            if required.contains(name) && !refused {
                self.fail(path, format!("`{name}` is in `required` but the schema accepts it missing"));
            }
        }
        for (key, value) in map {
            if let Some(child) = s["properties"].get(key) {
                path.push(Step::Key(key.clone()));
                self.visit(path, value, child);
                path.pop();
            }
        }
    }
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = config_schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(jsonschema::draft202012::meta::is_valid(&schema));
}

#[test]
fn the_example_configurations_are_valid_for_both_the_validator_and_the_schema() {
    let validator = jsonschema::draft202012::new(&config_schema()).unwrap();
    for (name, text) in EXAMPLES {
        let doc: Value = serde_json::from_str(text).unwrap();
        assert_eq!(problems(&doc), [], "{name}: the validator refuses it");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{name}: the schema refuses it:\n{}", errors.join("\n"));
    }
}

#[test]
fn the_schema_and_the_validator_agree_on_every_member_and_limit_of_the_examples() {
    let schema = config_schema();
    let mut reached = BTreeSet::new();
    let mut kinds: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut all_problems = Vec::new();
    for (name, text) in EXAMPLES {
        let doc: Value = serde_json::from_str(text).unwrap();
        let validator = jsonschema::draft202012::new(&schema).unwrap();
        let mut walk = Walk {
            name,
            doc: doc.clone(),
            schema: &schema,
            schema_takes_it: validator.is_valid(&doc),
            validator,
            reached: BTreeSet::new(),
            kinds: BTreeMap::new(),
            problems: Vec::new(),
        };
        if !walk.schema_takes_it {
            walk.fail(&[], "the schema refuses this example (see the test above)".into());
        }
        walk.visit(&mut Vec::new(), &doc, &schema);
        reached.extend(walk.reached);
        for (def, seen) in walk.kinds {
            kinds.entry(def).or_default().extend(seen);
        }
        all_problems.extend(walk.problems);
    }
    for def in schema["$defs"].as_object().unwrap().keys().filter(|d| !reached.contains(*d)) {
        all_problems.push(format!(
            "no example reaches $defs/{def}: add one to an example (core/tests/fixtures/schema_corners.json)"
        ));
    }
    for (def, seen) in &kinds {
        let all: BTreeSet<String> = serde_json::from_str::<Vec<String>>(def).unwrap().into_iter().collect();
        for kind in all.difference(seen) {
            all_problems.push(format!("no example has kind `{kind}` of {def}"));
        }
    }
    assert!(all_problems.is_empty(), "{} disagreements:\n{}", all_problems.len(), all_problems.join("\n"));
}
