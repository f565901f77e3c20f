//! Builds of one export, `scoreText`: with the English scorer (the widget's own
//! export code), with every language (`languages.rs`, the export the widget
//! will call once languages are wired in), and without any scorer.

/// With the `scorer` feature: exactly the widget's export.
#[cfg(feature = "scorer")]
#[path = "../../../../src/score_text.rs"]
mod score_text;

/// With the `languages` feature: every language, lexicons loaded on demand (or
/// embedded, with `languages-embedded`).
#[cfg(feature = "languages")]
mod languages;

/// Without either: the same signature, returning the text.
#[cfg(not(any(feature = "scorer", feature = "languages")))]
mod baseline {
    use wasm_bindgen::prelude::*;

    /// Returns its input: the wasm-bindgen glue of a string-in, value-out export.
    #[wasm_bindgen(js_name = scoreText)]
    pub fn score_text(text: &str) -> Result<JsValue, JsError> {
        Ok(JsValue::from_str(text))
    }
}
