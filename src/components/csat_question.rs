//! A CSAT question: satisfaction from 1 to 5, every point named.

use crate::components::rating_scale::{Point, Scale, number};
use touchpoint_core::config::Text;

/// Five numbered points with their words shown; `labels` name points 1..=5.
pub fn csat_scale(labels: &[Text; 5]) -> Scale {
    let points = (1u8..=5)
        .zip(labels)
        .map(|(n, label)| Point {
            value: n,
            mark: number(n),
            words: label.as_str().to_owned().into(),
            words_shown: true,
        })
        .collect();
    Scale { points, variant: None, ends: None }
}
