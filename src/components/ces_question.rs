//! A CES question: how easy it was, 1 (very difficult) to 7 (very easy).

use crate::components::rating_scale::{Point, Scale, number};
use touchpoint_core::config::Text;
use yew::AttrValue;

/// Seven numbered points; `labels` name points 1..=7, most difficult first. Every point
/// is named for screen readers; only the ends' words are shown, under the scale, since
/// seven long labels do not fit side by side.
pub fn ces_scale(labels: &[Text; 7]) -> Scale {
    let points = (1u8..=7)
        .zip(labels)
        .map(|(n, label)| Point {
            value: n,
            mark: number(n),
            words: label.as_str().to_owned().into(),
            words_shown: n == 1 || n == 7,
        })
        .collect();
    Scale {
        points,
        variant: Some("tp-scale-ces"),
        ends: Some((AttrValue::from(labels[0].as_str().to_owned()), AttrValue::from(labels[6].as_str().to_owned()))),
    }
}
