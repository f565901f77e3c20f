//! A CES question: how easy it was, 1 (very difficult) to 7 (very easy).

use crate::components::rating_scale::{Point, Scale, number};

/// Seven numbered points; `labels` name points 1..=7, most difficult first. Every point
/// is named for screen readers; only the ends' words are shown, under the scale, since
/// seven long labels do not fit side by side.
pub fn ces_scale(labels: &[String; 7]) -> Scale {
    let points = (1u8..=7)
        .zip(labels)
        .map(|(n, label)| Point {
            value: n,
            mark: number(n),
            words: label.clone().into(),
            words_shown: n == 1 || n == 7,
        })
        .collect();
    Scale { points, variant: Some("tp-scale-ces"), ends: Some((labels[0].clone().into(), labels[6].clone().into())) }
}
