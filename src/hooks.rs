//! Hooks that carry out side effects for the components.

pub mod use_submit;
