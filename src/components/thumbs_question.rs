//! Thumbs down or up, as a two-point radio group.

use touchpoint_core::config::Text;
use yew::prelude::*;

use crate::components::rating_scale::{Point, Scale};

const THUMB: &str = "M7 11v9H4v-9zm0 0l4-8a2 2 0 012 2v4h5a2 2 0 012 2.3l-1.2 7A2 2 0 0116.8 20H7";

/// Two points, down (0) then up (1), each a thumb with its words (`labels`, down first).
pub fn thumbs_scale(labels: &[Text; 2]) -> Scale {
    let points = [(0u8, "tp-thumb tp-thumb-down"), (1, "tp-thumb")]
        .into_iter()
        .zip(labels)
        .map(|((value, class), label)| Point {
            value,
            mark: html! {
                <svg {class} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d={THUMB} /></svg>
            },
            words: label.as_str().to_owned().into(),
            words_shown: true,
        })
        .collect();
    Scale { points, variant: Some("tp-scale-thumbs"), ends: None }
}
