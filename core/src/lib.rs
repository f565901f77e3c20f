//! Touchpoint's pure logic. Nothing here touches a browser, a clock, a network or
//! a disk: time, randomness and I/O come in as arguments, so every rule is a fast
//! native test and the widget and collector stay thin adapters.

pub mod config;
pub mod duration;
pub mod fields;
pub mod mask;
pub mod sentiment;
pub mod wire;

pub use config::Config;
pub use fields::{FieldError, Invalid};
pub use wire::Submission;
