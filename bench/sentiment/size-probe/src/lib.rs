//! Builds of one export, `scoreText`: with the scorer (the widget's own export code,
//! lexicons on demand or, with `scorer-embedded`, compiled in) and without any scorer.

/// With the `scorer` feature: exactly the widget's export.
#[cfg(feature = "scorer")]
#[path = "../../../../src/score_text.rs"]
mod score_text;

/// Without it: the same signature, returning the text.
#[cfg(not(feature = "scorer"))]
mod baseline {
    use wasm_bindgen::prelude::*;

    /// Returns its input: the wasm-bindgen glue of the export's arguments and result.
    #[wasm_bindgen(js_name = scoreText)]
    pub fn score_text(text: &JsValue, _options: JsValue) -> Result<JsValue, JsError> {
        Ok(text.clone())
    }
}
