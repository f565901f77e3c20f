//! Touchpoint's pure logic. Nothing here touches a browser, a clock, a network or
//! a disk: time, randomness and I/O come in as arguments, so every rule is a fast
//! native test and the widget and collector stay thin adapters.
//!
//! # Layers
//!
//! The modules form layers, read best in this order: each uses only modules of the
//! layers before it, never one of its own layer or a later one, so there is no import
//! cycle (`scripts/check-layers.sh` checks it in `make test` and prints what it found).
//!
//! 0. `calendar`, `duration`, `sort`, `id_map`, `fields`, `mask`, `follow_up`, `diff` — leaves:
//!    dates and durations, small containers, the JSON field reader and its [`fields::Kind`]s,
//!    masking, contacts and the placeholders of follow-up prompts, field-level differences
//!    between two documents
//! 1. `wire`, `url_pattern`, `delivery`, `i18n` — the shared vocabulary and limits (the submission
//!    and its answers, stages, reply outcomes, journey scores, `MAX_*`); page patterns;
//!    the sans-I/O outbox; the widget's languages and their catalogues of messages
//! 2. `journey` — touchpoint and journey scores
//! 3. `config` — the marketer's configuration, recontact and journey parameters included
//! 4. `history`, `availability`, `schema` — the visitor's stored touchpoints and contacts; each
//!    channel's hours and promised reply-by; the configuration's JSON Schema
//! 5. `answers`, `triggers` — what a visitor entered, as wire answers; which touchpoints are due
//! 6. `recontact` — whether a due touchpoint is shown
//! 7. `submit` — from a visitor's answers to the submission to post

pub mod answers;
pub mod availability;
pub mod calendar;
pub mod config;
pub mod delivery;
pub mod diff;
pub mod duration;
pub mod fields;
pub mod follow_up;
pub mod history;
pub mod i18n;
pub mod id_map;
pub mod journey;
pub mod mask;
pub mod recontact;
pub mod schema;
pub mod sort;
pub mod submit;
pub mod triggers;
pub mod url_pattern;
pub mod wire;

/// Text sentiment, scored on the device (its own crate so it alone is compiled for speed).
pub use touchpoint_sentiment as sentiment;

pub use config::Config;
pub use fields::{FieldError, Invalid};
pub use history::History;
pub use wire::Submission;
