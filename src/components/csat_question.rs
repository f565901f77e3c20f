//! A CSAT question: satisfaction from 1 to 5, every point named.

use yew::prelude::*;

use crate::components::rating_scale::{Point, RatingScale, number};

/// Props of [`CsatQuestion`].
#[derive(Properties, PartialEq)]
pub struct CsatQuestionProps {
    /// Base of the element ids (see [`RatingScale`]).
    pub id: AttrValue,
    pub prompt: AttrValue,
    /// Labels of points 1..=5.
    pub labels: [String; 5],
    #[prop_or(true)]
    pub required: bool,
    pub value: Option<u8>,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    pub on_change: Callback<u8>,
}

/// Five numbered points with their words shown.
#[function_component(CsatQuestion)]
pub fn csat_question(props: &CsatQuestionProps) -> Html {
    let points: Vec<Point> = (1u8..=5)
        .zip(&props.labels)
        .map(|(n, label)| Point { value: n, mark: number(n), words: label.clone().into(), words_shown: true })
        .collect();
    html! {
        <RatingScale id={props.id.clone()} prompt={props.prompt.clone()} {points} value={props.value}
            required={props.required} problem={props.problem.clone()} on_change={props.on_change.clone()} />
    }
}
