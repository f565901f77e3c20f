//! The journey model's parameters as a marketer may tune them.

use crate::fields::{Node, Reader, number_text};
use crate::journey::JourneyParams;

/// Reads `{"half_life_days", "peak_weight", "end_weight", "text_weight"}`, defaults for what is absent.
pub(super) fn read_journey(r: &mut Reader, node: &Node<'_>) -> JourneyParams {
    let d = JourneyParams::default();
    if r.opt_object(node, &["half_life_days", "peak_weight", "end_weight", "text_weight"]).is_none() {
        return d;
    }
    let params = JourneyParams {
        half_life_days: r.opt_number(&node.field("half_life_days"), 0.1..=3650.0).unwrap_or(d.half_life_days),
        peak_weight: r.opt_number(&node.field("peak_weight"), 0.0..=1.0).unwrap_or(d.peak_weight),
        end_weight: r.opt_number(&node.field("end_weight"), 0.0..=1.0).unwrap_or(d.end_weight),
        text_weight: r.opt_number(&node.field("text_weight"), 0.0..=1.0).unwrap_or(d.text_weight),
    };
    let sum = params.peak_weight + params.end_weight;
    if sum > 1.0 {
        r.fail(
            node,
            format!(
                "peak_weight + end_weight must be at most 1 (the rest weighs the mean), found {}",
                number_text(sum)
            ),
        );
    }
    params
}
