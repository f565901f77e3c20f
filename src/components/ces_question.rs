//! A CES question: how easy it was, 1 (very difficult) to 7 (very easy).

use yew::prelude::*;

use crate::components::rating_scale::{Point, RatingScale, number};

/// Props of [`CesQuestion`].
#[derive(Properties, PartialEq)]
pub struct CesQuestionProps {
    /// Base of the element ids (see [`RatingScale`]).
    pub id: AttrValue,
    pub prompt: AttrValue,
    /// Labels of points 1..=7, most difficult first.
    pub labels: [String; 7],
    #[prop_or(true)]
    pub required: bool,
    pub value: Option<u8>,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    pub on_change: Callback<u8>,
}

/// Seven numbered points. Every point is named for screen readers; only the ends'
/// words are shown, under the scale, since seven long labels do not fit side by side.
#[function_component(CesQuestion)]
pub fn ces_question(props: &CesQuestionProps) -> Html {
    let points: Vec<Point> = (1u8..=7)
        .zip(&props.labels)
        .map(|(n, label)| Point {
            value: n,
            mark: number(n),
            words: label.clone().into(),
            words_shown: n == 1 || n == 7,
        })
        .collect();
    html! {
        <RatingScale id={props.id.clone()} prompt={props.prompt.clone()} {points} value={props.value}
            required={props.required} problem={props.problem.clone()} variant="tp-scale-ces"
            ends={Some((props.labels[0].clone().into(), props.labels[6].clone().into()))}
            on_change={props.on_change.clone()} />
    }
}
