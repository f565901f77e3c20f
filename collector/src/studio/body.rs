//! Reading Studio's JSON request bodies: malformed JSON is a 400; wrong members are a 422
//! naming every problem by its path, read with core's `fields::Reader` like any other
//! document. A configuration `document` inside a body is kept as the exact text sent.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use serde_json::Value;
use serde_json::value::RawValue;
use touchpoint_core::Invalid;
use touchpoint_core::fields::{Node, Reader};

use crate::error::ApiError;

/// Largest configuration document stored (a draft or a version): the demo's is 12 KiB.
pub const DOCUMENT_LIMIT: usize = 256 * 1024;

/// Largest Studio request body: a document and the members around it.
pub const BODY_LIMIT: usize = DOCUMENT_LIMIT + 16 * 1024;

/// A request body: the parsed object, and its members' exact text.
pub struct Body {
    pub value: Value,
    raw: BTreeMap<String, Box<RawValue>>,
}

impl Body {
    /// Reads a body that must be a JSON object.
    pub fn read(body: Result<Bytes, BytesRejection>) -> Result<Body, ApiError> {
        let bytes = body.map_err(|rejection| match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge { limit: BODY_LIMIT },
            _ => ApiError::BadRequest(rejection.body_text()),
        })?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| ApiError::Malformed(e.to_string()))?;
        if !value.is_object() {
            return Err(ApiError::BadRequest("the body must be a JSON object".into()));
        }
        let raw = serde_json::from_slice(&bytes).map_err(|e| ApiError::Malformed(e.to_string()))?;
        Ok(Body { value, raw })
    }

    /// The root node, to read members from.
    pub fn root(&self) -> Node<'_> {
        Node::root(&self.value)
    }

    /// The `document` member's exact text (any JSON), within [`DOCUMENT_LIMIT`].
    pub fn document(&self, r: &mut Reader) -> Result<Option<String>, ApiError> {
        let Some(raw) = self.raw.get("document").filter(|raw| raw.get() != "null") else {
            r.fail_at("document", "is required");
            return Ok(None);
        };
        if raw.get().len() > DOCUMENT_LIMIT {
            return Err(ApiError::TooLarge { limit: DOCUMENT_LIMIT });
        }
        Ok(Some(raw.get().to_owned()))
    }

    /// A member that must be present, though it may be `null` (a base version: `null` says
    /// "none yet", absent says nothing). Its value when a whole number.
    pub fn nullable_version(&self, r: &mut Reader, name: &str) -> Option<Option<i64>> {
        match self.value.get(name) {
            None => {
                r.fail_at(name, "is required: the version this was edited from, or null before the first");
                None
            }
            Some(Value::Null) => Some(None),
            Some(_) => r.int(&self.root().field(name), 1..=i64::MAX).map(Some),
        }
    }
}

/// The 422 for a body with problems.
pub fn invalid(what: &'static str) -> impl FnOnce(Invalid) -> ApiError {
    move |invalid| ApiError::InvalidFields { what, invalid }
}
