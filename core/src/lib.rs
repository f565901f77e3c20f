//! Touchpoint's pure logic. Nothing here touches a browser, a clock, a network or
//! a disk: time, randomness and I/O come in as arguments, so every rule is a fast
//! native test and the widget and collector stay thin adapters.

pub mod answers;
pub mod availability;
pub mod calendar;
pub mod config;
pub mod delivery;
pub mod duration;
pub mod fields;
pub mod follow_up;
pub mod history;
pub mod id_map;
pub mod journey;
pub mod mask;
pub mod recontact;
pub mod sort;
pub mod submit;
pub mod triggers;
pub mod wire;

/// Text sentiment, scored on the device (its own crate so it alone is compiled for speed).
pub use touchpoint_sentiment as sentiment;

pub use config::Config;
pub use fields::{FieldError, Invalid};
pub use history::History;
pub use wire::Submission;
