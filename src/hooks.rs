//! Hooks that carry out side effects for the components.

pub mod use_effect_on;
pub mod use_live_status;
pub mod use_now;
pub mod use_submit;
pub mod use_touchpoints;
