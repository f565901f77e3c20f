//! Any rating scale (CSAT, NPS, CES, emoji faces, thumbs) as a native radio
//! group: one Tab stop, arrow keys move the choice, each point a labelled input,
//! and a problem shown beside the question and announced.

use yew::prelude::*;

use crate::components::question_group::{Field, question_group};

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

/// What one kind of scale (CSAT, NPS, CES, emoji, thumbs) draws; [`rating_scale`] does
/// the rest. The kinds are functions building this.
pub struct Scale {
    pub points: Vec<Point>,
    /// Extra class for the layout of this kind of scale, e.g. `tp-scale-nps`; `None` for the plain layout.
    pub variant: Option<&'static str>,
    /// Words shown under the two ends of the scale, when the points show only numbers.
    /// Only drawn: the points' own names already say them.
    pub ends: Option<(AttrValue, AttrValue)>,
}

/// The scale: a fieldset whose legend is the question, one radio per point, `value` checked;
/// `on_change` hears the value chosen.
pub fn rating_scale(field: &Field, scale: Scale, value: Option<u8>, on_change: &Callback<u8>) -> Html {
    let name = field.id.clone();
    let options = scale.points.iter().map(|point| {
        let input_id = format!("{}-{}", field.id, point.value);
        let chosen = point.value;
        let onchange = on_change.reform(move |_: Event| chosen);
        let words_class = if point.words_shown { "tp-scale-words" } else { "tp-visually-hidden" };
        html! {
            <span class="tp-scale-option">
                <input type="radio" class="tp-scale-input" id={input_id.clone()} name={name.clone()}
                    value={point.value.to_string()} checked={value == Some(point.value)} {onchange} />
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
            if let Some((low, high)) = &scale.ends {
                <div class="tp-scale-ends" aria-hidden="true"><span>{ low.clone() }</span><span>{ high.clone() }</span></div>
            }
        </>
    };
    question_group(field, classes!("tp-scale", scale.variant), inputs)
}

/// The number of a point, as drawn on numeric scales.
pub fn number(n: u8) -> Html {
    html! { <span class="tp-scale-number">{ n }</span> }
}
