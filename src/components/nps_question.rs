//! An NPS question: how likely to recommend, 0 to 10, with the two ends named.

use crate::components::rating_scale::{Point, Scale, number};
use touchpoint_core::config::Text;
use yew::AttrValue;

/// Eleven numbered points; the ends' words (`labels` of 0 and of 10) are shown under
/// the scale and read out with 0 and 10.
pub fn nps_scale(labels: &[Text; 2]) -> Scale {
    let points = (0u8..=10)
        .map(|n| {
            let words = match n {
                0 => labels[0].as_str().to_owned(),
                10 => labels[1].as_str().to_owned(),
                _ => String::new(),
            };
            Point { value: n, mark: number(n), words: words.into(), words_shown: false }
        })
        .collect();
    Scale {
        points,
        variant: Some("tp-scale-nps"),
        ends: Some((AttrValue::from(labels[0].as_str().to_owned()), AttrValue::from(labels[1].as_str().to_owned()))),
    }
}
