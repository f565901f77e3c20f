//! Two builds of one export, `scoreText(text)`: with the scorer and without it.

use wasm_bindgen::prelude::*;

/// With the `scorer` feature: the real export.
#[cfg(feature = "scorer")]
#[wasm_bindgen(js_name = scoreText)]
pub fn score_text(text: &str) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&touchpoint_core::sentiment::score(text)).map_err(|e| JsError::new(&e.to_string()))
}

/// Without it: the same signature and serialisation path, returning the text.
#[cfg(not(feature = "scorer"))]
#[wasm_bindgen(js_name = scoreText)]
pub fn score_text(text: &str) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(text).map_err(|e| JsError::new(&e.to_string()))
}
