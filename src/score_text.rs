//! `scoreText(text, {lang})`: the on-device sentiment scorer for web teams who want it
//! without the widget. Same scorer, same numbers as the widget and `touchpoint score`: the
//! text is read in its language (`lang` forces one; without it, or with "auto", it is
//! identified from the text), and an unscored text says why.

use touchpoint_core::sentiment::{Hint, Label, Status, has_lexicon, identify, load_lexicon, score_identified};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SENTIMENT_TS: &str = r#"
/** Options of `scoreText`. */
export interface ScoreOptions {
    /** The text's language (BCP-47, e.g. "de"), or "auto" (the default): identified from the text. */
    lang?: string;
}

/** Why a text was or was not scored. */
export type SentimentStatus = "scored" | "unscored_language" | "low_confidence" | "lexicon_unavailable";

/** The sentiment of one text, as computed by `scoreText`; the numbers are null when unscored. */
export interface Sentiment {
    /** The language it was read in (BCP-47 primary subtag); null when unknown or without letters. */
    lang: string | null;
    /**
     * "scored"; "unscored_language" (a language or script the scorer does not score);
     * "low_confidence" (its language could not be told: not guessed); "lexicon_unavailable"
     * (a scored language whose lexicon is not loaded: `loadLexicon`; Node loads it itself).
     */
    status: SentimentStatus;
    /** Overall score in [-1, 1], rounded to four decimals. */
    compound: number | null;
    /** Share of the text's weight that is positive, in [0, 1]. */
    pos: number | null;
    /** Share that is neutral, in [0, 1]; pos + neu + neg is 1 up to rounding. */
    neu: number | null;
    /** Share that is negative, in [0, 1]. */
    neg: number | null;
    /** "positive" from compound >= 0.05, "negative" from <= -0.05, else "neutral". */
    label: "negative" | "neutral" | "positive" | null;
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
    #[allow(clippy::too_many_arguments, reason = "packed across the wasm boundary in one call")]
    fn sentiment(
        lang: &str,
        status: u8,
        compound: f64,
        pos: f64,
        neu: f64,
        neg: f64,
        label: u8,
        texts: &str,
        weights: &[f64],
    ) -> JsValue;
    /// A lexicon's bytes from the package's own files in Node (`lexicons/LANG.bin`);
    /// `undefined` elsewhere.
    #[wasm_bindgen(js_name = readLexicon)]
    fn read_lexicon(lang: &str) -> JsValue;
}

/// Scores one text in its language (the `Sentiment` TypeScript interface above); `options`
/// is `{lang}` (the `ScoreOptions` interface), or nothing.
#[wasm_bindgen(js_name = scoreText, unchecked_return_type = "Sentiment")]
pub fn score_text(text: &str, #[wasm_bindgen(unchecked_param_type = "ScoreOptions")] options: JsValue) -> JsValue {
    let lang = if options.is_object() {
        js_sys::Reflect::get(&options, &JsValue::from_str("lang")).ok().and_then(|v| v.as_string())
    } else {
        None
    };
    let id = identify(text, Hint { lang: lang.as_deref(), widget_lang: None, page_lang: None });
    if let Some(missing) = id.needs_lexicon().filter(|l| !has_lexicon(*l)) {
        let bytes = read_lexicon(missing.code());
        if bytes.is_object() {
            // A damaged file leaves the language unscored, as `lexicon_unavailable`.
            let _ = load_lexicon(missing, &js_sys::Uint8Array::new(&bytes).to_vec());
        }
    }
    let code = id.lang.unwrap_or_default();
    let s = match (id.status, score_identified(text, &id)) {
        (Status::Scored, Some(s)) => s,
        (status, _) => {
            let status = match status {
                Status::Scored => 3,
                Status::UnscoredLanguage => 1,
                Status::LowConfidence => 2,
            };
            return sentiment(code, status, 0.0, 0.0, 0.0, 0.0, 0, "", &[]);
        }
    };
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
    sentiment(code, 0, s.compound, s.pos, s.neu, s.neg, label, &texts, &weights)
}

/// Installs a language's lexicon from its bytes (`lexicons/LANG.bin` in the package), for
/// `scoreText` outside Node, where the package cannot read its own files.
#[wasm_bindgen(js_name = loadLexicon)]
pub fn load_lexicon_js(lang: &str, bytes: &[u8]) -> Result<(), JsError> {
    // Static messages: formatting would pull Debug and Display code into the wasm.
    let lang = touchpoint_core::sentiment::Lang::from_tag(lang)
        .ok_or_else(|| JsError::new("loadLexicon: no lexicon for this language"))?;
    load_lexicon(lang, bytes).map_err(|_| JsError::new("loadLexicon: unreadable lexicon bytes"))
}
