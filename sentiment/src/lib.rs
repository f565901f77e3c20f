//! Text sentiment computed on the device: a lexicon-and-rules scorer in the
//! tradition of VADER (Hutto & Gilbert 2014), as accurate as VADER on its
//! benchmark sets, faster than the fastest JavaScript scorers, and small enough
//! for the widget's wasm. Besides the score it says *why*: the terms that moved it.
//! [`score_with`] scores a comment in its own language (identified on the device,
//! [`identify`]) where the release gate ([`release`]) says the language is scored,
//! and otherwise says why not ([`Status`]).
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
pub mod gate;
mod identify;
pub mod identify_table;
pub mod lang;
pub mod lexicon;
mod morph;
pub mod release;
mod rules;
mod scorer;
mod tokenise;

use std::cell::RefCell;
use std::ops::Range;

use serde::Serialize;
use serde::ser::SerializeMap;

pub use identify::{Hint, Identified, Status, identify};
pub use lang::Lang;
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

/// The numbers of a [`Sentiment`] without its terms ([`score_in_spans`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// As [`Sentiment::compound`].
    pub compound: f64,
    /// As [`Sentiment::pos`].
    pub pos: f64,
    /// As [`Sentiment::neu`].
    pub neu: f64,
    /// As [`Sentiment::neg`].
    pub neg: f64,
    /// As [`Sentiment::label`].
    pub label: Label,
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

/// Scores one text as English, whatever its language: the scorer as it was
/// before languages ([`score_with`] decides the language first). Pure and
/// allocation-light: fit for every keystroke. With English's lexicon compiled in
/// (feature `embedded-en`).
#[cfg(feature = "embedded-en")]
pub fn score(text: &str) -> Sentiment {
    sentiment_of::<true>(text, Lexicon::get())
}

/// The outcome of scoring a text in its language: the language used, whether it
/// was scored, and the sentiment when it was. Serialises as the sentiment's
/// fields plus `lang` and `status`, with `"compound": null` when unscored.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The language used (BCP-47 primary subtag), or `None` when unknown or for
    /// text without letters.
    pub lang: Option<&'static str>,
    /// Scored, or why not.
    pub status: Status,
    /// The sentiment, when `status` is [`Status::Scored`].
    pub sentiment: Option<Sentiment>,
}

impl Scored {
    /// The compound score, `None` when unscored.
    pub fn compound(&self) -> Option<f64> {
        self.sentiment.as_ref().map(|s| s.compound)
    }
}

impl Serialize for Scored {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("lang", &self.lang)?;
        map.serialize_entry("status", &self.status)?;
        match &self.sentiment {
            Some(s) => {
                map.serialize_entry("compound", &s.compound)?;
                map.serialize_entry("pos", &s.pos)?;
                map.serialize_entry("neu", &s.neu)?;
                map.serialize_entry("neg", &s.neg)?;
                map.serialize_entry("label", &s.label)?;
                map.serialize_entry("terms", &s.terms)?;
            }
            None => map.serialize_entry("compound", &None::<f64>)?,
        }
        map.end()
    }
}

/// Scores a text in its language: forced by `hint.lang`, or identified on the
/// device ([`identify`]) with the widget's and the page's language as priors.
/// Text in a language that is not scored, or whose language is uncertain, comes
/// back unscored with the reason; readable text without sentiment words scores 0.
///
/// ```
/// use touchpoint_sentiment::{score_with, Hint, Status};
///
/// let s = score_with("Dette var veldig dårlig service", Hint::with_priors(Some("nb"), None));
/// assert_eq!((s.lang, s.status), (Some("nb"), Status::Scored));
/// assert!(s.compound().unwrap() < -0.3);
/// let s = score_with("これは素晴らしいサービスでした", Hint::auto());
/// assert_eq!((s.lang, s.status, s.compound()), (Some("ja"), Status::UnscoredLanguage, None));
/// ```
pub fn score_with(text: &str, hint: Hint) -> Scored {
    let id = identify(text, hint);
    let sentiment = score_identified(text, &id);
    match sentiment {
        Some(s) => Scored { lang: id.lang, status: Status::Scored, sentiment: Some(s) },
        // A released language whose lexicon is neither embedded nor loaded yet.
        None if id.status == Status::Scored => {
            Scored { lang: id.lang, status: Status::UnscoredLanguage, sentiment: None }
        }
        None => Scored { lang: id.lang, status: id.status, sentiment: None },
    }
}

/// Scores a text in `lang` regardless of the release gate (for evaluation and
/// for callers that know better); `None` when the language's lexicon is neither
/// embedded nor loaded.
pub fn score_in(text: &str, lang: Lang) -> Option<Sentiment> {
    let lexicon = Lexicon::of(lang)?;
    Some(sentiment_of::<false>(text, lexicon))
}

impl Identified {
    /// The language whose lexicon scoring the text needs: its scorer's, except for text
    /// without letters, which is scored by the emoji and emoticons every build carries.
    pub fn needs_lexicon(&self) -> Option<Lang> {
        self.scorer.filter(|_| self.lang.is_some())
    }
}

/// Scores a text as [`identify`] read it: in its scorer's lexicon, or, for text without
/// letters, by its emoji and emoticons alone (the same numbers as English's full lexicon
/// gives it, without waiting for that lexicon). `None` when the text is not scored, or its
/// language's lexicon is neither embedded nor loaded yet.
pub fn score_identified(text: &str, id: &Identified) -> Option<Sentiment> {
    Some(sentiment_of::<false>(text, lexicon_for(id)?))
}

/// [`score_identified`] without copying the terms' texts: each term's byte range in
/// `text` and its weight go to `term`, in text order, and the scores come back.
/// For callers that hand the terms on as spans of a text they already hold
/// (the widget's `scoreText`, which slices the caller's own string).
pub fn score_identified_spans(text: &str, id: &Identified, term: &mut dyn FnMut(Range<usize>, f64)) -> Option<Scores> {
    Some(score_lexicon::<false>(text, lexicon_for(id)?, term))
}

/// The lexicon that scores a text as `id` read it: its scorer's, or the emoji and
/// emoticons alone for text without letters.
fn lexicon_for(id: &Identified) -> Option<&'static Lexicon> {
    match id.needs_lexicon() {
        Some(lang) => Lexicon::of(lang),
        None => id.scorer.map(|_| Lexicon::symbols()),
    }
}

/// Installs the lexicon of `lang` from its bytes (`data/lexicons/LANG.bin`, English's
/// `data/sentiment/lexicon.bin`), for builds without the embedded lexicons that fetch
/// them on demand.
pub fn load_lexicon(lang: Lang, bytes: &[u8]) -> Result<(), lexicon::LexiconError> {
    Lexicon::load(lang, bytes)
}

/// Whether `lang`'s lexicon is in place (embedded, or loaded by [`load_lexicon`]).
pub fn has_lexicon(lang: Lang) -> bool {
    Lexicon::of(lang).is_some()
}

/// Scores with `lexicon` into a [`Sentiment`], each term's text copied out of `text`.
fn sentiment_of<const ENGLISH_ONLY: bool>(text: &str, lexicon: &Lexicon) -> Sentiment {
    let mut terms = Vec::new();
    let scores = score_lexicon::<ENGLISH_ONLY>(text, lexicon, &mut |span, weight| {
        terms.push(Term { text: text.get(span).unwrap_or_default().to_owned(), weight });
    });
    let Scores { compound, pos, neu, neg, label } = scores;
    Sentiment { compound, pos, neu, neg, label, terms }
}

/// Scores with `lexicon`, handing each term's span and weight to `term` in text
/// order; `ENGLISH_ONLY` promises at compile time that it is English, so that
/// [`score`] alone carries no other language's rules. `term` is a trait object:
/// one copy of the scorer serves every caller.
fn score_lexicon<const ENGLISH_ONLY: bool>(
    text: &str,
    lexicon: &Lexicon,
    term: &mut dyn FnMut(Range<usize>, f64),
) -> Scores {
    thread_local! {
        // Token and valence buffers, reused from call to call.
        static BUFFERS: RefCell<(Tokens, Vec<f64>)> = RefCell::default();
    }
    BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut buffers) => {
            let (tokens, valences) = &mut *buffers;
            score_tokens::<ENGLISH_ONLY>(text, lexicon, tokens, valences, term)
        }
        Err(_) => score_tokens::<ENGLISH_ONLY>(text, lexicon, &mut Tokens::default(), &mut Vec::new(), term),
    })
}

fn score_tokens<const ENGLISH_ONLY: bool>(
    text: &str,
    lexicon: &Lexicon,
    tokens: &mut Tokens,
    valences: &mut Vec<f64>,
    term: &mut dyn FnMut(Range<usize>, f64),
) -> Scores {
    tokens.fill_as::<ENGLISH_ONLY>(text, lexicon);
    scorer::valences_as::<ENGLISH_ONLY>(tokens, valences);
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

    for (t, &v) in tokens.list.iter().zip(valences) {
        if v != 0.0 {
            term(t.raw.clone(), round(v, 3));
        }
    }
    let compound = round(compound, 4);
    Scores { compound, pos: round(pos, 3), neu: round(neu, 3), neg: round(neg, 3), label: Label::of(compound) }
}

fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    // Adding zero turns -0.0 into 0.0, so a neutral text never prints "-0".
    (x * scale).round() / scale + 0.0
}
