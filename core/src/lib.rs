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
pub mod journey;
pub mod recontact;
pub mod submit;
pub mod triggers;
pub mod wire;

pub use config::Config;
pub use fields::{FieldError, Invalid};
pub use history::History;
pub use wire::Submission;
