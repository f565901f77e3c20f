//! A five-face emoji scale, 1 (very unhappy) to 5 (very happy). The faces are
//! drawn as SVG (no emoji font needed) and named by their labels.

use touchpoint_core::config::Text;
use yew::prelude::*;

use crate::components::rating_scale::{Point, Scale};

/// The mouths of faces 1..=5: a frown, a slight frown, a line, a smile, a grin.
const MOUTHS: [&str; 5] = ["M8 17q4-4 8 0", "M8 16q4-2 8 0", "M8 15h8", "M8 14q4 3 8 0", "M7 13q5 6 10 0z"];

/// Five faces; their names (`labels`, unhappiest first) are read out, not shown.
pub fn emoji_scale(labels: &[Text; 5]) -> Scale {
    let points = (1u8..=5)
        .zip(MOUTHS.iter().zip(labels))
        .map(|(n, (mouth, label))| Point {
            value: n,
            mark: html! {
                <svg class="tp-face" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <circle cx="12" cy="12" r="10" />
                    <path class="tp-face-eyes" d="M9 9.5v.01M15 9.5v.01" />
                    <path d={*mouth} />
                </svg>
            },
            words: label.as_str().to_owned().into(),
            words_shown: false,
        })
        .collect();
    Scale { points, variant: Some("tp-scale-emoji"), ends: None }
}
