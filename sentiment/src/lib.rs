//! Text sentiment computed on the device: a lexicon-and-rules scorer in the
//! tradition of VADER (Hutto & Gilbert 2014), as accurate as VADER on its
//! benchmark sets, faster than the fastest JavaScript scorers, and small enough
//! for the widget's wasm. Besides the score it says *why*: the terms that moved it.
//!
//! ```
//! use touchpoint_sentiment::{score, Label};
//!
//! let s = score("I was on hold for an hour and then they hung up.");
//! assert_eq!(s.label, Label::Negative);
//! assert_eq!(s.terms.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(), ["on hold", "hung up"]);
//! ```

pub mod derive;
pub mod evaluation;
pub mod lexicon;
mod rules;
mod scorer;
mod tokenise;

use std::cell::RefCell;

use serde::Serialize;

use lexicon::Lexicon;
use tokenise::Tokens;

/// The sentiment of one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentiment {
    /// Overall score in [-1, 1] (VADER's normalised "compound"), rounded to four
    /// decimals so the same text always prints the same number.
    pub compound: f64,
    /// Share of the text's weight that is positive, in [0, 1].
    pub pos: f64,
    /// Share of the text's weight that is neutral, in [0, 1]; 1 for a text without words.
    pub neu: f64,
    /// Share of the text's weight that is negative, in [0, 1]. `pos + neu + neg` is 1
    /// up to the rounding to three decimals.
    pub neg: f64,
    /// The class of `compound` ([`Label::of`]).
    pub label: Label,
    /// The terms that carried sentiment, in text order, with the valence each
    /// contributed after the rules (negation, boosters, contrast): the "why".
    pub terms: Vec<Term>,
}

/// The three-way class of a compound score, with VADER's customary thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// `compound <= -0.05`.
    Negative,
    /// Between the two thresholds.
    Neutral,
    /// `compound >= 0.05`.
    Positive,
}

impl Label {
    /// The class of a compound score: positive from 0.05, negative from -0.05.
    pub fn of(compound: f64) -> Label {
        if compound >= 0.05 {
            Label::Positive
        } else if compound <= -0.05 {
            Label::Negative
        } else {
            Label::Neutral
        }
    }
}

/// One contributing term: a word, phrase, emoticon or emoji as written, and its
/// valence on VADER's scale (about -4..+4 before normalisation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// The term as it appears in the text (a phrase spans its words).
    pub text: String,
    /// Its contribution, rounded to three decimals.
    pub weight: f64,
}

/// Scores one text. Pure and allocation-light: fit for every keystroke.
pub fn score(text: &str) -> Sentiment {
    thread_local! {
        // Token and valence buffers, reused from call to call.
        static BUFFERS: RefCell<(Tokens, Vec<f64>)> = RefCell::default();
    }
    BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut buffers) => {
            let (tokens, valences) = &mut *buffers;
            score_with(text, tokens, valences)
        }
        Err(_) => score_with(text, &mut Tokens::default(), &mut Vec::new()),
    })
}

fn score_with(text: &str, tokens: &mut Tokens, valences: &mut Vec<f64>) -> Sentiment {
    tokens.fill(text, Lexicon::get());
    scorer::valences(tokens, valences);
    let valences = &*valences;
    let sum: f64 = valences.iter().sum();
    let emphasis = rules::punctuation_emphasis(tokens.exclamations, tokens.questions);
    let compound = rules::normalise(sum + emphasis.copysign(sum) * f64::from(sum != 0.0));

    // Proportions as VADER computes them: each sentiment token weighs |v| + 1,
    // each neutral token 1, and punctuation emphasis goes to the stronger side.
    let (mut pos, mut neg, mut neu) = (0.0, 0.0, 0.0);
    for &v in valences {
        if v > 0.0 {
            pos += v + 1.0;
        } else if v < 0.0 {
            neg += 1.0 - v;
        } else {
            neu += 1.0;
        }
    }
    if pos > neg {
        pos += emphasis;
    } else if neg > pos {
        neg += emphasis;
    }
    let total = pos + neg + neu;
    let (pos, neu, neg) = if total > 0.0 { (pos / total, neu / total, neg / total) } else { (0.0, 1.0, 0.0) };

    let terms = tokens
        .list
        .iter()
        .zip(valences)
        .filter(|(_, v)| **v != 0.0)
        .map(|(t, &v)| Term { text: text.get(t.raw.clone()).unwrap_or_default().to_owned(), weight: round(v, 3) })
        .collect();
    let compound = round(compound, 4);
    Sentiment {
        compound,
        pos: round(pos, 3),
        neu: round(neu, 3),
        neg: round(neg, 3),
        label: Label::of(compound),
        terms,
    }
}

fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    // Adding zero turns -0.0 into 0.0, so a neutral text never prints "-0".
    (x * scale).round() / scale + 0.0
}
