//! Thumbs down or up, as a two-point radio group.

use yew::prelude::*;

use crate::components::rating_scale::{Point, RatingScale};

/// Props of [`ThumbsQuestion`].
#[derive(Properties, PartialEq)]
pub struct ThumbsQuestionProps {
    /// Base of the element ids (see [`RatingScale`]); the points are `{id}-0` (down) and `{id}-1` (up).
    pub id: AttrValue,
    pub prompt: AttrValue,
    /// Labels, down first.
    pub labels: [String; 2],
    #[prop_or(true)]
    pub required: bool,
    /// `Some(true)` for up.
    pub value: Option<bool>,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    /// `true` for up.
    pub on_change: Callback<bool>,
}

const THUMB: &str = "M7 11v9H4v-9zm0 0l4-8a2 2 0 012 2v4h5a2 2 0 012 2.3l-1.2 7A2 2 0 0116.8 20H7";

/// Two points, down then up, each a thumb with its words.
#[function_component(ThumbsQuestion)]
pub fn thumbs_question(props: &ThumbsQuestionProps) -> Html {
    let points: Vec<Point> = [(0u8, "tp-thumb tp-thumb-down"), (1, "tp-thumb")]
        .into_iter()
        .zip(&props.labels)
        .map(|((value, class), label)| Point {
            value,
            mark: html! {
                <svg {class} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d={THUMB} /></svg>
            },
            words: label.clone().into(),
            words_shown: true,
        })
        .collect();
    html! {
        <RatingScale id={props.id.clone()} prompt={props.prompt.clone()} {points}
            value={props.value.map(u8::from)} required={props.required} problem={props.problem.clone()}
            variant="tp-scale-thumbs" on_change={props.on_change.reform(|v: u8| v == 1)} />
    }
}
