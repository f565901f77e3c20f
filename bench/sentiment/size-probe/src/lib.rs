//! Two builds of one export, `scoreText(text)`: with the scorer (the widget's
//! own export code) and without it.

/// With the `scorer` feature: exactly the widget's export.
#[cfg(feature = "scorer")]
#[path = "../../../../src/score_text.rs"]
mod score_text;

/// Without it: the same signature, returning the text.
#[cfg(not(feature = "scorer"))]
mod baseline {
    use wasm_bindgen::prelude::*;

    /// Returns its input: the wasm-bindgen glue of a string-in, value-out export.
    #[wasm_bindgen(js_name = scoreText)]
    pub fn score_text(text: &str) -> Result<JsValue, JsError> {
        Ok(JsValue::from_str(text))
    }
}
