//! Reads untrusted JSON (a marketer's configuration, a visitor's submission) into
//! typed values while collecting *every* problem, each named by its field path,
//! so one round of fixing is enough.

use std::fmt;

use serde_json::{Map, Value};

/// One problem with one field: `channels[2].href: must be a mailto: link`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// Dotted path with indices, e.g. `channels[2].href`; `(root)` for the document itself.
    pub path: String,
    /// What is wrong, phrased to be read after the path.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every problem found in one document, in document order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Invalid(pub Vec<FieldError>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} problem{}:", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl Invalid {
    /// The paths of all problems, handy in tests and logs.
    pub fn paths(&self) -> Vec<&str> {
        self.0.iter().map(|e| e.path.as_str()).collect()
    }
}

/// A position in a JSON document: its path and the value there, if any.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    path: String,
    value: Option<&'a Value>,
}

impl<'a> Node<'a> {
    /// The document itself.
    pub fn root(value: &'a Value) -> Self {
        Node { path: String::new(), value: Some(value) }
    }

    /// A member of this object (absent when this is not an object or lacks it).
    pub fn field(&self, key: &str) -> Node<'a> {
        let path = if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) };
        let value = self.value.and_then(Value::as_object).and_then(|m| m.get(key));
        Node { path, value }
    }

    /// The path for messages; `(root)` for the document itself.
    pub fn path(&self) -> &str {
        if self.path.is_empty() { "(root)" } else { &self.path }
    }

    /// The raw value; `None` when absent. JSON `null` counts as absent.
    pub fn value(&self) -> Option<&'a Value> {
        self.value.filter(|v| !v.is_null())
    }

    /// Whether a non-null value is present.
    pub fn is_present(&self) -> bool {
        self.value().is_some()
    }

    fn index(&self, i: usize, value: &'a Value) -> Node<'a> {
        Node { path: format!("{}[{i}]", self.path()), value: Some(value) }
    }
}

/// A closed set of names a JSON member takes (a question's `kind`, a stage, an outcome …).
/// [`Reader::kind`] reads the name once, at the edge, into an enum; everything after matches
/// on the enum exhaustively, so a new kind is a compile error wherever it needs handling.
/// Declare one with the crate's `kind!` macro, which derives the variants, `ALL`, the
/// names and the members from one list, so they cannot fall out of step. The tables are
/// indexed by the variant's position: the reader's code is shared by every kind, not
/// repeated for each.
pub trait Kind: Copy + PartialEq + 'static {
    /// Every value, in the order messages list them.
    const ALL: &'static [Self];
    /// The name of each value of `ALL`, in JSON.
    const NAMES: &'static [&'static str];
    /// The members only objects of each kind take (besides those every kind takes), so
    /// [`Reader::foreign_fields`] can name the kinds a misplaced member belongs to.
    const FIELDS: &'static [&'static [&'static str]];

    /// Its position in `ALL`.
    fn index(self) -> usize;

    /// Its name in JSON.
    fn name(self) -> &'static str {
        Self::NAMES[self.index()]
    }

    /// The members only objects of this kind take.
    fn fields(self) -> &'static [&'static str] {
        Self::FIELDS[self.index()]
    }
}

/// Declares a [`Kind`] enum from one list of `Variant = "name"`, each optionally followed by
/// `["member", …]`, the members only that kind takes. The variants, `ALL` (in list order),
/// the names, the members and `Serialize` (as the name) all come from that list.
macro_rules! kind {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal $([$($field:literal),* $(,)?])? ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $crate::fields::Kind for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const NAMES: &'static [&'static str] = &[$($text),+];
            const FIELDS: &'static [&'static [&'static str]] = &[$(&[$($($field),*)?]),+];

            fn index(self) -> usize {
                // A fieldless enum's discriminants count from 0 in declaration order, as `ALL` lists them.
                self as usize
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::fields::Kind::name(*self))
            }
        }
    };
}
pub(crate) use kind;

/// Collects problems while typed values are read out of [`Node`]s.
#[derive(Debug, Default)]
pub struct Reader {
    errors: Vec<FieldError>,
}

impl Reader {
    /// Records a problem at `node`.
    pub fn fail(&mut self, node: &Node<'_>, message: impl Into<String>) {
        self.fail_at(node.path(), message);
    }

    /// Records a problem at an explicit path.
    pub fn fail_at(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(FieldError { path: path.to_owned(), message: message.into() });
    }

    /// `value` when nothing was wrong, else every problem found.
    pub fn finish<T>(self, value: T) -> Result<T, Invalid> {
        if self.errors.is_empty() { Ok(value) } else { Err(Invalid(self.errors)) }
    }

    /// `value` when it was read and nothing was wrong, else every problem found.
    /// A part that could not be read has always recorded why, so `None` with no
    /// errors cannot happen; it is reported rather than trusted all the same.
    pub fn finish_with<T>(mut self, value: Option<T>) -> Result<T, Invalid> {
        match value {
            Some(v) => self.finish(v),
            None => {
                if self.errors.is_empty() {
                    self.fail_at("(root)", "could not be read");
                }
                Err(Invalid(self.errors))
            }
        }
    }

    /// A required object; also rejects members not in `known` (typos should not pass silently).
    pub fn object<'a>(&mut self, node: &Node<'a>, known: &[&str]) -> Option<&'a Map<String, Value>> {
        match node.value() {
            None => {
                self.fail(node, "is required");
                None
            }
            Some(v) => self.as_object(node, v, known),
        }
    }

    /// An optional object: absent is fine, present must be an object.
    pub fn opt_object<'a>(&mut self, node: &Node<'a>, known: &[&str]) -> Option<&'a Map<String, Value>> {
        node.value().and_then(|v| self.as_object(node, v, known))
    }

    /// A required object whose unknown members are ignored: for state the widget
    /// stored itself (a newer widget may have added members), not for configuration.
    pub fn record<'a>(&mut self, node: &Node<'a>) -> Option<&'a Map<String, Value>> {
        if node.is_present() {
            self.opt_map(node)
        } else {
            self.fail(node, "is required");
            None
        }
    }

    /// An optional object whose keys are data (site ids, say), not field names.
    pub fn opt_map<'a>(&mut self, node: &Node<'a>) -> Option<&'a Map<String, Value>> {
        let v = node.value()?;
        let map = v.as_object();
        if map.is_none() {
            self.fail(node, format!("must be an object, found {}", kind_of(v)));
        }
        map
    }

    fn as_object<'a>(&mut self, node: &Node<'a>, v: &'a Value, known: &[&str]) -> Option<&'a Map<String, Value>> {
        let Some(map) = v.as_object() else {
            self.fail(node, format!("must be an object, found {}", kind_of(v)));
            return None;
        };
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            let message = match closest(key, known) {
                Some(near) => format!("unknown field (did you mean `{near}`?)"),
                None => format!("unknown field (expected one of: {})", known.join(", ")),
            };
            self.fail(&node.field(key), message);
        }
        Some(map)
    }

    /// A required object tagged by a [`Kind`]: its members may be `common` and those of any
    /// kind ([`Kind::FIELDS`]); which kind's they must be, [`Reader::foreign_fields`] checks
    /// once the kind is read.
    pub fn tagged_object<'a, K: Kind>(&mut self, node: &Node<'a>, common: &[&str]) -> Option<&'a Map<String, Value>> {
        self.object(node, &known_fields(common, K::FIELDS))
    }

    /// For an object tagged by `kind`: records each member that only *other* kinds take,
    /// naming those kinds (`options: is only for single_choice, multiple_choice questions`).
    /// `noun` names what the kinds are of.
    pub fn foreign_fields<K: Kind>(&mut self, node: &Node<'_>, map: &Map<String, Value>, kind: K, noun: &str) {
        self.foreign(node, map, kind.index(), K::NAMES, K::FIELDS, noun);
    }

    fn foreign(
        &mut self,
        node: &Node<'_>,
        map: &Map<String, Value>,
        kind: usize,
        names: &[&str],
        fields: &[&[&str]],
        noun: &str,
    ) {
        for key in map.keys().filter(|k| !fields[kind].contains(&k.as_str())) {
            let owners: Vec<&str> =
                names.iter().zip(fields).filter(|(_, f)| f.contains(&key.as_str())).map(|(n, _)| *n).collect();
            if !owners.is_empty() {
                self.fail(&node.field(key), format!("is only for {} {noun}", owners.join(", ")));
            }
        }
    }

    /// A required array's elements.
    pub fn items<'a>(&mut self, node: &Node<'a>) -> Vec<Node<'a>> {
        if node.is_present() {
            self.opt_items(node)
        } else {
            self.fail(node, "is required");
            Vec::new()
        }
    }

    /// An optional array's elements (empty when absent).
    pub fn opt_items<'a>(&mut self, node: &Node<'a>) -> Vec<Node<'a>> {
        match node.value() {
            None => Vec::new(),
            Some(Value::Array(items)) => items.iter().enumerate().map(|(i, v)| node.index(i, v)).collect(),
            Some(v) => {
                self.fail(node, format!("must be an array, found {}", kind_of(v)));
                Vec::new()
            }
        }
    }

    /// A required, non-blank string.
    pub fn string<'a>(&mut self, node: &Node<'a>) -> Option<&'a str> {
        if node.is_present() {
            self.opt_string(node)
        } else {
            self.fail(node, "is required");
            None
        }
    }

    /// An optional string; present but blank is an error (say nothing rather than "").
    pub fn opt_string<'a>(&mut self, node: &Node<'a>) -> Option<&'a str> {
        match node.value()? {
            Value::String(s) if s.trim().is_empty() => {
                self.fail(node, "must not be blank");
                None
            }
            Value::String(s) => Some(s),
            v => {
                self.fail(node, format!("must be a string, found {}", kind_of(v)));
                None
            }
        }
    }

    /// A required string no longer than `max` characters.
    pub fn bounded_string<'a>(&mut self, node: &Node<'a>, max: usize) -> Option<&'a str> {
        let s = self.string(node)?;
        self.check_length(node, s, max)
    }

    /// An optional string no longer than `max` characters.
    pub fn opt_bounded_string<'a>(&mut self, node: &Node<'a>, max: usize) -> Option<&'a str> {
        let s = self.opt_string(node)?;
        self.check_length(node, s, max)
    }

    fn check_length<'a>(&mut self, node: &Node<'a>, s: &'a str, max: usize) -> Option<&'a str> {
        let n = s.chars().count();
        if n > max {
            self.fail(node, format!("must be at most {max} characters, found {n}"));
            return None;
        }
        Some(s)
    }

    /// An identifier: 1-64 of `a-z`, `0-9`, `-`, `_`, starting with a letter or digit.
    pub fn id<'a>(&mut self, node: &Node<'a>) -> Option<&'a str> {
        let s = self.string(node)?;
        if is_id(s) {
            Some(s)
        } else {
            self.fail(
                node,
                format!("`{s}` must be 1-64 characters of a-z, 0-9, - or _, starting with a letter or digit"),
            );
            None
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, node: &Node<'_>) -> Option<bool> {
        match node.value()? {
            Value::Bool(b) => Some(*b),
            v => {
                self.fail(node, format!("must be true or false, found {}", kind_of(v)));
                None
            }
        }
    }

    /// A required integer within `range`.
    pub fn int(&mut self, node: &Node<'_>, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        if node.is_present() {
            self.opt_int(node, range)
        } else {
            self.fail(node, "is required");
            None
        }
    }

    /// An optional integer within `range`.
    pub fn opt_int(&mut self, node: &Node<'_>, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let v = node.value()?;
        match v.as_i64() {
            Some(n) if range.contains(&n) => Some(n),
            Some(n) => {
                self.fail(node, format!("must be between {} and {}, found {n}", range.start(), range.end()));
                None
            }
            None => {
                self.fail(node, format!("must be a whole number, found {}", kind_of(v)));
                None
            }
        }
    }

    /// A required number within `range`.
    pub fn number(&mut self, node: &Node<'_>, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
        if node.is_present() {
            self.opt_number(node, range)
        } else {
            self.fail(node, "is required");
            None
        }
    }

    /// An optional number within `range`.
    pub fn opt_number(&mut self, node: &Node<'_>, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
        let v = node.value()?;
        match v.as_f64() {
            Some(n) if range.contains(&n) => Some(n),
            Some(n) => {
                let (lo, hi, n) = (number_text(*range.start()), number_text(*range.end()), number_text(n));
                self.fail(node, format!("must be between {lo} and {hi}, found {n}"));
                None
            }
            None => {
                self.fail(node, format!("must be a number, found {}", kind_of(v)));
                None
            }
        }
    }

    /// One of a set of strings known only at run time (say, the configured channel ids),
    /// mapped to its value. For a fixed set, declare a [`Kind`] and use [`Reader::kind`].
    pub fn one_of<T: Copy>(&mut self, node: &Node<'_>, choices: &[(&str, T)]) -> Option<T> {
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        self.choose(node, &names).map(|i| choices[i].1)
    }

    /// A required kind name (a question's `kind`, a stage …), read into its enum.
    pub fn kind<K: Kind>(&mut self, node: &Node<'_>) -> Option<K> {
        self.choose(node, K::NAMES).and_then(|i| K::ALL.get(i).copied())
    }

    /// The position of the required string at `node` among `names`; else records a problem
    /// naming them all, with the nearest as a suggestion.
    fn choose(&mut self, node: &Node<'_>, names: &[&str]) -> Option<usize> {
        let s = self.string(node)?;
        if let Some(i) = names.iter().position(|name| *name == s) {
            return Some(i);
        }
        let message = match closest(s, names) {
            Some(near) => format!("`{s}` is not one of {} (did you mean `{near}`?)", names.join(", ")),
            None => format!("`{s}` is not one of {}", names.join(", ")),
        };
        self.fail(node, message);
        None
    }

    /// Records an error for every id that appears more than once (`what` names it in the message).
    pub fn unique_ids<'n>(&mut self, ids: impl IntoIterator<Item = (&'n Node<'n>, &'n str)>, what: &str) {
        let mut seen: Vec<&str> = Vec::new();
        for (node, id) in ids {
            if seen.contains(&id) {
                self.fail(node, format!("duplicate {what} id `{id}`"));
            } else {
                seen.push(id);
            }
        }
    }
}

/// `common`, then each kind's own members once, in kind order: every member a tagged object may have.
fn known_fields<'k>(common: &[&'k str], kinds: &[&[&'k str]]) -> Vec<&'k str> {
    let mut known = common.to_vec();
    for field in kinds.iter().flat_map(|f| f.iter()) {
        if !known.contains(field) {
            known.push(field);
        }
    }
    known
}

/// A number as people write it (`100`, `0.25`) for messages. serde_json's shortest
/// form, which the wire format links anyway, minus a trailing `.0`: formatting an
/// `f64` with `{}` would add Rust's float printer, about 20 KB of wasm.
pub fn number_text(x: f64) -> String {
    let s = serde_json::Number::from_f64(x).map_or_else(|| "not a number".to_owned(), |n| n.to_string());
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => s,
    }
}

/// Whether `s` is a valid identifier (see [`Reader::id`]).
pub fn is_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The known name within edit distance 2 of `word`, if any, for "did you mean".
fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known.iter().map(|k| (edit_distance(word, k), *k)).filter(|(d, _)| *d <= 2).min_by_key(|(d, _)| *d).map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_name_nested_fields_and_indices() {
        let doc = json!({"channels": [{"href": 1}, {"href": "x"}]});
        let root = Node::root(&doc);
        let mut r = Reader::default();
        let items = r.items(&root.field("channels"));
        let first = r.string(&items[0].field("href"));
        let second = r.string(&items[1].field("href"));
        let missing = r.string(&items[1].field("label"));
        assert_eq!((first, second, missing), (None, Some("x"), None));
        let err = r.finish(()).unwrap_err();
        assert_eq!(err.paths(), ["channels[0].href", "channels[1].label"]);
        assert_eq!(err.0[0].message, "must be a string, found a number");
        assert_eq!(err.0[1].message, "is required");
    }

    #[test]
    fn unknown_fields_suggest_the_nearest_known_one() {
        let doc = json!({"sitee": "a", "site": "b"});
        let mut r = Reader::default();
        r.object(&Node::root(&doc), &["site", "endpoint"]);
        let err = r.finish(()).unwrap_err();
        assert_eq!(
            err.0,
            vec![FieldError { path: "sitee".into(), message: "unknown field (did you mean `site`?)".into() }]
        );
    }

    kind! {
        /// Shapes, for the tests.
        enum Shape {
            Circle = "circle" ["radius"],
            Square = "square" ["side"],
            Rect = "rect" ["side", "height"],
            Dot = "dot",
        }
    }

    #[test]
    fn a_kind_is_one_list_of_variants_names_and_members() {
        assert_eq!(Shape::ALL, [Shape::Circle, Shape::Square, Shape::Rect, Shape::Dot]);
        for (i, shape) in Shape::ALL.iter().enumerate() {
            assert_eq!(shape.index(), i);
            assert_eq!(serde_json::to_value(shape).unwrap(), json!(shape.name()), "serialised as its name");
        }
        assert_eq!((Shape::Rect.name(), Shape::Rect.fields()), ("rect", &["side", "height"][..]));
        assert!(Shape::Dot.fields().is_empty());
    }

    #[test]
    fn a_tagged_object_is_read_by_its_kind_and_members_of_other_kinds_are_named() {
        let doc = json!({"shapes": [
            {"kind": "rect", "side": 1, "height": 2},
            {"kind": "circle", "side": 1},
            {"kind": "sqare"},
            {"kind": "dot", "radius": 1, "colour": "red"}
        ]});
        let mut r = Reader::default();
        let kinds: Vec<Option<Shape>> = r
            .items(&Node::root(&doc).field("shapes"))
            .iter()
            .map(|item| {
                let map = r.tagged_object::<Shape>(item, &["kind"])?;
                let kind = r.kind::<Shape>(&item.field("kind"))?;
                r.foreign_fields(item, map, kind, "shapes");
                Some(kind)
            })
            .collect();
        assert_eq!(kinds, [Some(Shape::Rect), Some(Shape::Circle), None, Some(Shape::Dot)]);
        assert_eq!(
            r.finish(()).unwrap_err().0.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "shapes[1].side: is only for square, rect shapes",
                "shapes[2].kind: `sqare` is not one of circle, square, rect, dot (did you mean `square`?)",
                "shapes[3].colour: unknown field (expected one of: kind, radius, side, height)",
                "shapes[3].radius: is only for circle shapes",
            ]
        );
    }

    #[test]
    fn null_counts_as_absent() {
        let doc = json!({"a": null});
        let mut r = Reader::default();
        assert_eq!(r.opt_string(&Node::root(&doc).field("a")), None);
        assert_eq!(r.finish(()), Ok(()));
    }

    #[test]
    fn numbers_in_messages_read_as_written() {
        let cases = [
            (100.0, "100"),
            (0.25, "0.25"),
            (-0.1, "-0.1"),
            (1.15, "1.15"),
            (3650.0, "3650"),
            (f64::NAN, "not a number"),
        ];
        for (x, text) in cases {
            assert_eq!(number_text(x), text, "{x}");
        }
    }

    #[test]
    fn ids_are_lowercase_slugs() {
        for ok in ["a", "help-panel", "csat_1", "9lives"] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["", "-a", "A", "a b", "é", &"x".repeat(65)] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn integers_out_of_range_say_the_range() {
        let doc = json!({"n": 9, "m": "x"});
        let mut r = Reader::default();
        let root = Node::root(&doc);
        assert_eq!(r.int(&root.field("n"), 1..=5), None);
        assert_eq!(r.int(&root.field("m"), 1..=5), None);
        let err = r.finish(()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2 problems:\n  n: must be between 1 and 5, found 9\n  m: must be a whole number, found a string"
        );
    }
}
