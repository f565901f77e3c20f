//! The recontact rules' parameters as a marketer may tune them: how rarely a visitor is
//! prompted. The rules themselves are [`crate::recontact`]'s.

use crate::duration::Duration;
use crate::fields::{Node, Reader};

use super::touchpoints::days;

/// The recontact rules (configuration `recontact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recontact {
    /// Never the same touchpoint twice within this (`same_touchpoint_days`, default 30 days).
    pub same_touchpoint: Duration,
    /// At most one prompt within this across all touchpoints (`any_touchpoint_hours`, default 24 hours).
    pub any_touchpoint: Duration,
}

impl Default for Recontact {
    /// A month between repeats of one question and a day between any two prompts:
    /// a visitor who comes daily sees at most one prompt a day, and the same one at most monthly.
    fn default() -> Self {
        Recontact { same_touchpoint: Duration::from_secs(30 * 86_400), any_touchpoint: Duration::from_secs(24 * 3_600) }
    }
}

/// Reads `{"same_touchpoint_days": N, "any_touchpoint_hours": M}`, defaults for what is absent.
pub(super) fn read_recontact(r: &mut Reader, node: &Node<'_>) -> Recontact {
    let defaults = Recontact::default();
    if r.opt_object(node, &["same_touchpoint_days", "any_touchpoint_hours"]).is_none() {
        return defaults;
    }
    Recontact {
        same_touchpoint: r
            .opt_int(&node.field("same_touchpoint_days"), 0..=3650)
            .map_or(defaults.same_touchpoint, days),
        any_touchpoint: r
            .opt_int(&node.field("any_touchpoint_hours"), 0..=8760)
            .map_or(defaults.any_touchpoint, |h| Duration::from_secs(h as u64 * 3_600)),
    }
}
