//! `scoreText(text)`: the on-device sentiment scorer for web teams who want it
//! without the widget. Same scorer, same numbers as the widget and `touchpoint score`.

use touchpoint_core::sentiment::{Label, score};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SENTIMENT_TS: &str = r#"
/** The sentiment of one text, as computed by `scoreText`. */
export interface Sentiment {
    /** Overall score in [-1, 1], rounded to four decimals. */
    compound: number;
    /** Share of the text's weight that is positive, in [0, 1]. */
    pos: number;
    /** Share that is neutral, in [0, 1]; pos + neu + neg is 1 up to rounding. */
    neu: number;
    /** Share that is negative, in [0, 1]. */
    neg: number;
    /** "positive" from compound >= 0.05, "negative" from <= -0.05, else "neutral". */
    label: "negative" | "neutral" | "positive";
    /** The terms that moved the score, in text order, as written. */
    terms: SentimentTerm[];
}

/** One word, phrase, emoticon or emoji and the valence it contributed (about -4..4). */
export interface SentimentTerm {
    text: string;
    weight: number;
}
"#;

// The result object is assembled on the JavaScript side (src/js/snippets.js) from packed
// values: one call across the wasm boundary per text, where serde-wasm-bindgen makes one
// per field and four per term and decodes every term's text separately. On the
// benchmark sets that is the difference between matching npm `sentiment`'s
// throughput and beating it by a fifth (bench/sentiment). Term texts never
// contain U+0000: they are lexicon matches, and no lexicon key contains it.
#[wasm_bindgen(module = "/src/js/snippets.js")]
extern "C" {
    fn sentiment(compound: f64, pos: f64, neu: f64, neg: f64, label: u8, texts: &str, weights: &[f64]) -> JsValue;
}

/// Scores one text: compound score, proportions, label and contributing terms
/// (the `Sentiment` TypeScript interface above).
#[wasm_bindgen(js_name = scoreText, unchecked_return_type = "Sentiment")]
pub fn score_text(text: &str) -> Result<JsValue, JsError> {
    let s = score(text);
    let mut texts = String::with_capacity(s.terms.iter().map(|t| t.text.len() + 1).sum());
    let mut weights = Vec::with_capacity(s.terms.len());
    for (i, term) in s.terms.iter().enumerate() {
        if i > 0 {
            texts.push('\0');
        }
        texts.push_str(&term.text);
        weights.push(term.weight);
    }
    let label = match s.label {
        Label::Negative => 0,
        Label::Neutral => 1,
        Label::Positive => 2,
    };
    Ok(sentiment(s.compound, s.pos, s.neu, s.neg, label, &texts, &weights))
}
