//! The versioned wire format between widget and collector. Both sides use these
//! types: the widget serialises a [`Submission`], the collector validates the
//! bytes it receives back into one with [`Submission::from_json`].

use serde::Serialize;
use serde_json::Value;

use crate::config::MAX_TEXT;
use crate::fields::{Invalid, Node, Reader};

/// Version of the wire format this crate writes and reads.
pub const WIRE_VERSION: i64 = 1;

/// Most answers one submission may carry.
pub const MAX_ANSWERS: usize = 50;

/// One visitor's answers to one touchpoint, as posted to the collector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    /// Wire format version ([`WIRE_VERSION`]).
    pub v: i64,
    /// Client-generated UUID: the idempotency key, so a retried post is stored once.
    pub id: String,
    /// Site id from the configuration.
    pub site: String,
    /// Which touchpoint (feedback set) was answered.
    pub touchpoint: String,
    /// When the visitor submitted, in milliseconds since the Unix epoch (the visitor's clock).
    pub created_at: i64,
    /// The answers, in question order.
    pub answers: Vec<Answer>,
}

/// One answer. Tagged by `kind` on the wire.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// A CSAT rating, 1-5.
    Csat { question: String, value: u8 },
    /// Free text (already masked by the widget).
    Text { question: String, text: String },
}

impl Answer {
    /// The id of the question answered.
    pub fn question(&self) -> &str {
        match self {
            Answer::Csat { question, .. } | Answer::Text { question, .. } => question,
        }
    }
}

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WireError {
    /// Not JSON at all: the message says where parsing stopped.
    #[error("malformed JSON: {0}")]
    Malformed(String),
    /// JSON, but not a valid submission: every problem with its field path.
    #[error("invalid submission: {0}")]
    Invalid(Invalid),
}

impl Submission {
    /// The JSON body the widget posts.
    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses and validates a posted body.
    pub fn from_json(body: &[u8]) -> Result<Submission, WireError> {
        let value: Value = serde_json::from_slice(body).map_err(|e| WireError::Malformed(e.to_string()))?;
        Submission::from_value(&value).map_err(WireError::Invalid)
    }

    /// Validates an already-parsed body.
    pub fn from_value(value: &Value) -> Result<Submission, Invalid> {
        let mut r = Reader::default();
        let root = Node::root(value);
        r.object(&root, &["v", "id", "site", "touchpoint", "created_at", "answers"]);
        let v = r.int(&root.field("v"), WIRE_VERSION..=WIRE_VERSION);
        let id_node = root.field("id");
        let id = r.string(&id_node).and_then(|s| {
            if is_uuid(s) {
                Some(s.to_ascii_lowercase())
            } else {
                r.fail(&id_node, "must be a UUID such as 0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44");
                None
            }
        });
        let site = r.id(&root.field("site"));
        let touchpoint = r.id(&root.field("touchpoint"));
        // 2001-09-09 .. 2286-11-20: rules out seconds passed as milliseconds and garbage.
        let created_at = r.int(&root.field("created_at"), 1_000_000_000_000..=9_999_999_999_999);
        let answers_node = root.field("answers");
        let items = r.items(&answers_node);
        if items.len() > MAX_ANSWERS {
            r.fail(&answers_node, format!("must have at most {MAX_ANSWERS} answers, found {}", items.len()));
        }
        let read: Vec<(&Node<'_>, Answer)> =
            items.iter().filter_map(|item| Some((item, read_answer(&mut r, item)?))).collect();
        r.unique_ids(read.iter().map(|(item, a)| (*item, a.question())), "answered question");
        let answers: Vec<Answer> = read.into_iter().map(|(_, a)| a).collect();
        let submission = (|| {
            Some(Submission {
                v: v?,
                id: id?,
                site: site?.to_owned(),
                touchpoint: touchpoint?.to_owned(),
                created_at: created_at?,
                answers: answers.clone(),
            })
        })();
        r.finish_with(submission)
    }
}

fn read_answer(r: &mut Reader, item: &Node<'_>) -> Option<Answer> {
    r.object(item, &["kind", "question", "value", "text"])?;
    let kind = r.one_of(&item.field("kind"), &[("csat", "csat"), ("text", "text")]);
    let question = r.id(&item.field("question"));
    match kind? {
        "csat" => {
            let value = r.int(&item.field("value"), 1..=5)?;
            Some(Answer::Csat { question: question?.to_owned(), value: u8::try_from(value).ok()? })
        }
        _ => {
            let text = r.bounded_string(&item.field("text"), MAX_TEXT)?;
            Some(Answer::Text { question: question?.to_owned(), text: text.to_owned() })
        }
    }
}

/// A random (version 4) UUID from 16 random bytes; the caller brings the randomness.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// Whether `s` is a UUID in the canonical 8-4-4-4-12 hex form.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(
            |(i, c)| {
                if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() }
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn sample() -> Submission {
        Submission {
            v: WIRE_VERSION,
            id: "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44".into(),
            site: "northwind".into(),
            touchpoint: "help-panel".into(),
            created_at: 1_795_000_000_000,
            answers: vec![
                Answer::Csat { question: "csat".into(), value: 4 },
                Answer::Text {
                    question: "comment".into(), text: "Quick and kind – thank you «ÆØÅ» 👍".into()
                },
            ],
        }
    }

    #[test]
    fn round_trips_through_json() {
        let s = sample();
        assert_eq!(Submission::from_json(s.to_json().as_bytes()), Ok(s));
    }

    #[test]
    fn the_wire_shape_is_stable() {
        let v: Value = serde_json::from_str(&sample().to_json()).unwrap();
        assert_eq!(
            v,
            json!({
                "v": 1, "id": "0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44", "site": "northwind",
                "touchpoint": "help-panel", "created_at": 1_795_000_000_000_i64,
                "answers": [
                    {"kind": "csat", "question": "csat", "value": 4},
                    {"kind": "text", "question": "comment", "text": "Quick and kind – thank you «ÆØÅ» 👍"}
                ]
            })
        );
    }

    #[test]
    fn malformed_json_is_told_apart_from_invalid_fields() {
        assert!(matches!(Submission::from_json(b"{\"v\":"), Err(WireError::Malformed(_))));
        assert!(matches!(Submission::from_json(b"[]"), Err(WireError::Invalid(_))));
    }

    #[test]
    fn invalid_fields_are_all_named() {
        let body = json!({
            "v": 2, "id": "not-a-uuid", "site": "North", "touchpoint": "help-panel", "created_at": 1_795_000_000,
            "answers": [
                {"kind": "csat", "question": "csat", "value": 6},
                {"kind": "text", "question": "comment", "text": "x"},
                {"kind": "text", "question": "comment", "text": "y"},
                {"kind": "stars"}
            ]
        });
        let Err(WireError::Invalid(err)) = Submission::from_json(body.to_string().as_bytes()) else {
            panic!("should be invalid")
        };
        assert_eq!(
            err.paths(),
            [
                "v",
                "id",
                "site",
                "created_at",
                "answers[0].value",
                "answers[3].kind",
                "answers[3].question",
                "answers[2]"
            ]
        );
    }

    #[test]
    fn uuids_are_canonical_hex() {
        assert!(is_uuid("0B6F7C3E-2F1A-4C8E-9D57-3C2A1F0E9B44"));
        assert!(!is_uuid("0b6f7c3e2f1a4c8e9d573c2a1f0e9b44"));
        assert!(!is_uuid("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b4g"));
    }

    #[test]
    fn uuid_v4_sets_version_and_variant() {
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    proptest! {
        #[test]
        fn uuid_v4_is_always_canonical(bytes in any::<[u8; 16]>()) {
            prop_assert!(is_uuid(&uuid_v4(bytes)));
        }

        #[test]
        fn any_valid_submission_round_trips(
            value in 1u8..=5,
            text in "\\PC{1,200}",
            created_at in 1_000_000_000_000i64..=9_999_999_999_999,
        ) {
            prop_assume!(!text.trim().is_empty());
            let mut s = sample();
            s.created_at = created_at;
            s.answers = vec![Answer::Csat { question: "csat".into(), value }, Answer::Text { question: "comment".into(), text }];
            prop_assert_eq!(Submission::from_json(s.to_json().as_bytes()), Ok(s));
        }
    }
}
