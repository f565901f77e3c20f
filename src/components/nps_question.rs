//! An NPS question: how likely to recommend, 0 to 10, with the two ends named.

use yew::prelude::*;

use crate::components::rating_scale::{Point, RatingScale, number};

/// Props of [`NpsQuestion`].
#[derive(Properties, PartialEq)]
pub struct NpsQuestionProps {
    /// Base of the element ids (see [`RatingScale`]).
    pub id: AttrValue,
    pub prompt: AttrValue,
    /// Labels of 0 and of 10.
    pub labels: [String; 2],
    #[prop_or(true)]
    pub required: bool,
    pub value: Option<u8>,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    pub on_change: Callback<u8>,
}

/// Eleven numbered points; the ends' words are shown under the scale and read out with 0 and 10.
#[function_component(NpsQuestion)]
pub fn nps_question(props: &NpsQuestionProps) -> Html {
    let points: Vec<Point> = (0u8..=10)
        .map(|n| {
            let words = match n {
                0 => props.labels[0].clone(),
                10 => props.labels[1].clone(),
                _ => String::new(),
            };
            Point { value: n, mark: number(n), words: words.into(), words_shown: false }
        })
        .collect();
    html! {
        <RatingScale id={props.id.clone()} prompt={props.prompt.clone()} {points} value={props.value}
            required={props.required} problem={props.problem.clone()} variant="tp-scale-nps"
            ends={Some((props.labels[0].clone().into(), props.labels[1].clone().into()))}
            on_change={props.on_change.clone()} />
    }
}
