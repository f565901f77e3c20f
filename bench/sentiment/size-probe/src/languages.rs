//! The export the widget will call once languages are wired in:
//! `scoreText(text, lang, widgetLang, pageLang)` scores a text in its language
//! (`lang` forces one; `undefined` or "auto" identifies it with the widget's and
//! the page's language as priors) and says why when it does not;
//! `lexiconFor(...)` names the lexicon a text needs before it can be scored, and
//! `loadLexicon(lang, bytes)` installs one fetched on demand
//! (`sentiment/data/lexicons/LANG.bin`). A JS wrapper turns `{lang}` options into
//! the positional arguments.

use touchpoint_sentiment::{Hint, Label, Lang, Status, has_lexicon, identify, load_lexicon, score_with};
use wasm_bindgen::prelude::*;

// The result object is assembled on the JavaScript side from packed values, as in
// the widget's src/score_text.rs: one call across the boundary per text.
#[wasm_bindgen(inline_js = r#"
const LABELS = ["negative", "neutral", "positive"];
const STATUSES = ["scored", "unscored_language", "low_confidence"];
export function scored(lang, status, compound, pos, neu, neg, label, texts, weights) {
    if (status !== 0) return { lang: lang || null, status: STATUSES[status], compound: null };
    const terms = [];
    if (weights.length > 0) {
        const parts = texts.split("\u0000");
        for (let i = 0; i < weights.length; i++) terms.push({ text: parts[i], weight: weights[i] });
    }
    return { lang: lang || null, status: "scored", compound, pos, neu, neg, label: LABELS[label], terms };
}
"#)]
extern "C" {
    #[allow(clippy::too_many_arguments, reason = "packed across the wasm boundary in one call")]
    fn scored(
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
}

fn hint<'a>(lang: &'a Option<String>, widget_lang: &'a Option<String>, page_lang: &'a Option<String>) -> Hint<'a> {
    Hint { lang: lang.as_deref(), widget_lang: widget_lang.as_deref(), page_lang: page_lang.as_deref() }
}

/// Scores one text in its language: `{lang, status, compound, pos, neu, neg, label, terms}`,
/// `compound: null` when unscored.
#[wasm_bindgen(js_name = scoreText)]
pub fn score_text(
    text: &str,
    lang: Option<String>,
    widget_lang: Option<String>,
    page_lang: Option<String>,
) -> Result<JsValue, JsError> {
    let result = score_with(text, hint(&lang, &widget_lang, &page_lang));
    let code = result.lang.unwrap_or_default();
    let Some(s) = result.sentiment else {
        let status = if result.status == Status::LowConfidence { 2 } else { 1 };
        return Ok(scored(code, status, 0.0, 0.0, 0.0, 0.0, 0, "", &[]));
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
    Ok(scored(code, 0, s.compound, s.pos, s.neu, s.neg, label, &texts, &weights))
}

/// The lexicon (a language code) that `text` needs and that is not loaded yet, if any.
#[wasm_bindgen(js_name = lexiconFor)]
pub fn lexicon_for(
    text: &str,
    lang: Option<String>,
    widget_lang: Option<String>,
    page_lang: Option<String>,
) -> Option<String> {
    let id = identify(text, hint(&lang, &widget_lang, &page_lang));
    id.needs_lexicon().filter(|l| !has_lexicon(*l)).map(|l| l.code().to_owned())
}

/// Installs a language's lexicon from its bytes.
#[wasm_bindgen(js_name = loadLexicon)]
pub fn load(lang: &str, bytes: &[u8]) -> Result<(), JsError> {
    // Static messages: formatting would pull Debug and Display code into the wasm.
    let lang = Lang::from_tag(lang).ok_or_else(|| JsError::new("loadLexicon: no lexicon for this language"))?;
    load_lexicon(lang, bytes).map_err(|_| JsError::new("loadLexicon: unreadable lexicon bytes"))
}
