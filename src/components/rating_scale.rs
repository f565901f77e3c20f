//! Any rating scale (CSAT, NPS, CES, emoji faces, thumbs) as a native radio
//! group: one Tab stop, arrow keys move the choice, each point a labelled input,
//! and a problem shown beside the question and announced.

use yew::prelude::*;

use crate::components::question_group::question_group;

/// One point of a scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The value the point stands for (the rating, or 0/1 for thumbs).
    pub value: u8,
    /// What is drawn for the point: its number, a face, a thumb. Decorative marks are `aria-hidden`.
    pub mark: Html,
    /// The point's words; with `mark`, its accessible name (“4 Satisfied”).
    pub words: AttrValue,
    /// Whether the words are shown or only read out (long CES labels, faces).
    pub words_shown: bool,
}

/// What one kind of scale (CSAT, NPS, CES, emoji, thumbs) draws; [`RatingScale`] does
/// the rest. The kinds are functions building this, not components of their own: each
/// Yew component adds its own monomorphised lifecycle to the wasm.
pub struct Scale {
    pub points: Vec<Point>,
    /// See [`RatingScaleProps::variant`]; `None` for the plain layout.
    pub variant: Option<&'static str>,
    /// See [`RatingScaleProps::ends`].
    pub ends: Option<(AttrValue, AttrValue)>,
}

/// Props of [`RatingScale`].
#[derive(Properties, PartialEq)]
pub struct RatingScaleProps {
    /// Base of the element ids and the radio group's name, unique in the shadow root (e.g. `tp-csat`).
    pub id: AttrValue,
    pub prompt: AttrValue,
    pub points: Vec<Point>,
    pub value: Option<u8>,
    /// Shows “(optional)” after the prompt.
    #[prop_or(true)]
    pub required: bool,
    /// A problem to show and announce.
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    /// Words shown under the two ends of the scale, when the points show only numbers.
    /// Only drawn: the points' own names already say them.
    #[prop_or_default]
    pub ends: Option<(AttrValue, AttrValue)>,
    /// Extra class for the layout of this kind of scale, e.g. `tp-scale-nps`.
    #[prop_or_default]
    pub variant: Classes,
    pub on_change: Callback<u8>,
}

/// The scale: a fieldset whose legend is the question, one radio per point.
#[function_component(RatingScale)]
pub fn rating_scale(props: &RatingScaleProps) -> Html {
    let name = props.id.clone();
    let options = props.points.iter().map(|point| {
        let input_id = format!("{}-{}", props.id, point.value);
        let value = point.value;
        let onchange = props.on_change.reform(move |_: Event| value);
        let words_class = if point.words_shown { "tp-scale-words" } else { "tp-visually-hidden" };
        html! {
            <span class="tp-scale-option">
                <input type="radio" class="tp-scale-input" id={input_id.clone()} name={name.clone()}
                    value={point.value.to_string()} checked={props.value == Some(point.value)} {onchange} />
                <label for={input_id} class="tp-scale-label">
                    { point.mark.clone() }
                    // A space, so the accessible name reads “4 Satisfied”, not “4Satisfied”.
                    { " " }
                    <span class={words_class}>{ point.words.clone() }</span>
                </label>
            </span>
        }
    });
    let inputs = html! {
        <>
            <div class="tp-scale-options">{ for options }</div>
            if let Some((low, high)) = &props.ends {
                <div class="tp-scale-ends" aria-hidden="true"><span>{ low.clone() }</span><span>{ high.clone() }</span></div>
            }
        </>
    };
    let class = classes!("tp-scale", props.variant.clone());
    question_group(&props.id, class, &props.prompt, props.required, props.problem.as_ref(), inputs)
}

/// The number of a point, as drawn on numeric scales.
pub fn number(n: u8) -> Html {
    html! { <span class="tp-scale-number">{ n }</span> }
}
