//! `scoreText(text, {lang})`: the on-device sentiment scorer for web teams who want it
//! without the widget. Same scorer, same numbers as the widget and `touchpoint score`: the
//! text is read in its language (`lang` forces one; without it, or with "auto", it is
//! identified from the text), and an unscored text says why.

use js_sys::JsString;
use touchpoint_core::sentiment::{Hint, Label, Status, has_lexicon, identify, load_lexicon, score_identified_spans};
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

// The result object is assembled on the JavaScript side (src/js/snippets.js) from plain
// numbers: the language as its packed ASCII letters, the scores, and each term as a span
// of the caller's own string (JS slices it: no term text is copied out of the wasm or
// decoded). serde-wasm-bindgen would make one call per field and four per term and
// decode every term's text; strings passed out of the wasm each cost a TextDecoder call.
// On the benchmark sets (bench/sentiment) that is a fifth of the time of a text.
#[wasm_bindgen(module = "/src/js/snippets.js")]
extern "C" {
    /// The `Sentiment` object: `lang` packed by [`packed_code`], `status` 0 scored, 1
    /// unscored_language, 2 low_confidence, 3 lexicon_unavailable; the last `terms` terms
    /// passed to [`term`] are its terms.
    #[allow(clippy::too_many_arguments, reason = "packed across the wasm boundary in one call")]
    fn sentiment(lang: u32, status: u8, compound: f64, pos: f64, neu: f64, neg: f64, label: u8, terms: u32) -> JsValue;
    /// One term of the next `sentiment`: `text.slice(start, end)` (UTF-16 offsets) and its weight.
    fn term(text: &JsString, start: u32, end: u32, weight: f64);
    /// `options.lang` when `options` is an object and it is a string.
    #[wasm_bindgen(js_name = langOption)]
    fn lang_option(options: &JsValue) -> Option<String>;
    /// A lexicon's bytes from the package's own files in Node (`lexicons/LANG.bin`);
    /// `undefined` elsewhere.
    #[wasm_bindgen(js_name = readLexicon)]
    fn read_lexicon(lang: &str) -> JsValue;
}

/// A language code ("de", at most four ASCII letters) as one number for the JS side; 0 for none.
fn packed_code(code: Option<&str>) -> u32 {
    code.unwrap_or_default().bytes().take(4).fold(0, |packed, b| packed << 8 | u32::from(b))
}

/// Scores one text in its language (the `Sentiment` TypeScript interface above); `options`
/// is `{lang}` (the `ScoreOptions` interface), or nothing. Throws when `text` is not a string.
#[wasm_bindgen(js_name = scoreText, unchecked_return_type = "Sentiment")]
pub fn score_text(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsString,
    #[wasm_bindgen(unchecked_param_type = "ScoreOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let Some(utf8) = text.as_string() else {
        return Err(JsError::new("scoreText: the text must be a string"));
    };
    let lang = lang_option(&options);
    let id = identify(&utf8, Hint { lang: lang.as_deref(), widget_lang: None, page_lang: None });
    if let Some(missing) = id.needs_lexicon().filter(|l| !has_lexicon(*l)) {
        let bytes = read_lexicon(missing.code());
        if bytes.is_object() {
            // A damaged file leaves the language unscored, as `lexicon_unavailable`.
            let _ = load_lexicon(missing, &js_sys::Uint8Array::new(&bytes).to_vec());
        }
    }
    let code = packed_code(id.lang);
    // Term spans arrive in text order: their UTF-16 offsets are counted on from the last one.
    let (mut at, mut at16, mut terms) = (0, 0, 0);
    let mut utf16 = |i: usize| {
        if i < at {
            (at, at16) = (0, 0);
        }
        at16 += utf8.as_bytes().get(at..i).unwrap_or_default().iter().map(|&b| utf16_units(b)).sum::<u32>();
        at = i;
        at16
    };
    let scores = (id.status == Status::Scored)
        .then(|| {
            score_identified_spans(&utf8, &id, &mut |span, weight| {
                let start = utf16(span.start);
                term(text, start, utf16(span.end), weight);
                terms += 1;
            })
        })
        .flatten();
    let Some(s) = scores else {
        let status = match id.status {
            Status::Scored => 3,
            Status::UnscoredLanguage => 1,
            Status::LowConfidence => 2,
        };
        return Ok(sentiment(code, status, 0.0, 0.0, 0.0, 0.0, 0, 0));
    };
    let label = match s.label {
        Label::Negative => 0,
        Label::Neutral => 1,
        Label::Positive => 2,
    };
    Ok(sentiment(code, 0, s.compound, s.pos, s.neu, s.neg, label, terms))
}

/// The UTF-16 code units that a character starting with UTF-8 byte `b` takes (0 for a
/// continuation byte): 2 for the four-byte ones (emoji), else 1.
fn utf16_units(b: u8) -> u32 {
    u32::from(b & 0xC0 != 0x80) + u32::from(b >= 0xF0)
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
