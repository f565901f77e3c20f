//! Comments read in their language in real Chromium (wasm-bindgen-test), through the
//! widget's own path: the wasm carries only the emoji and emoticons, a language's lexicon
//! (English's too) arrives through the loader's fetcher (`browser::lexicons`), and core's
//! `text_sentiment` scores what the widget submits. Each test uses its own language: the
//! lexicons loaded stay for the page.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::cell::Cell;
use std::rc::Rc;

use support::until;
use touchpoint::browser::lexicons;
use touchpoint_core::journey::text_sentiment;
use touchpoint_core::sentiment::{Lang, has_lexicon};
use touchpoint_core::wire::{TextSentiment, Unscored};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A stand-in for the loader's `lexicon(lang)`: the built lexicon's bytes for `lang`, after
/// `failures` refusals (as a network error or an integrity mismatch reaches the widget).
/// Counts the calls in `asked`.
fn fetcher(failures: u32, asked: Rc<Cell<u32>>) -> js_sys::Function {
    let closure = Closure::<dyn FnMut(String) -> js_sys::Promise>::new(move |lang: String| {
        asked.set(asked.get() + 1);
        let bytes: &[u8] = match lang.as_str() {
            "en" => include_bytes!("../sentiment/data/sentiment/lexicon.bin"),
            "de" => include_bytes!("../sentiment/data/lexicons/de.bin"),
            "fr" => include_bytes!("../sentiment/data/lexicons/fr.bin"),
            _ => &[],
        };
        if asked.get() <= failures || bytes.is_empty() {
            let refused: JsValue = js_sys::Error::new("refused").into();
            return js_sys::Promise::reject(&refused);
        }
        let bytes: JsValue = js_sys::Uint8Array::from(bytes).into();
        js_sys::Promise::resolve(&bytes)
    });
    closure.into_js_value().unchecked_into()
}

const GERMAN: &str = "Das war ein sehr schlechter Service";

#[wasm_bindgen_test]
async fn a_german_comment_is_scored_in_german_once_its_lexicon_has_loaded() {
    let asked = Rc::new(Cell::new(0));
    lexicons::adopt(fetcher(0, asked.clone()));
    // Before the lexicon arrives the comment cannot be read, and says so.
    assert_eq!(
        text_sentiment(GERMAN, Some("de"), Some("de")),
        Some(TextSentiment::Unscored { unscored: Unscored::LexiconUnavailable, lang: Some("de".into()) })
    );
    // Keystrokes ask for it; one request however many keystrokes need it.
    for end in [10, 24, GERMAN.len()] {
        lexicons::prepare_for(&GERMAN[..end], "de", true);
    }
    until("the German lexicon", || has_lexicon(Lang::De)).await;
    assert_eq!(asked.get(), 1);
    match text_sentiment(GERMAN, Some("de"), Some("de")) {
        Some(TextSentiment::Scored { compound, lang, .. }) => {
            assert!(compound < -0.3, "{compound}");
            assert_eq!(lang.as_deref(), Some("de"));
        }
        other => panic!("{other:?}"),
    }
    // Swedish is not released: unscored, and nothing to fetch.
    let swedish = "Det här var en riktigt dålig service och ingen svarade";
    lexicons::prepare_for(swedish, "de", true);
    assert_eq!(asked.get(), 1);
    assert_eq!(
        text_sentiment(swedish, Some("de"), Some("de")),
        Some(TextSentiment::Unscored { unscored: Unscored::Language, lang: Some("sv".into()) })
    );
    // Too short to tell without a prior: not guessed.
    assert_eq!(
        text_sentiment("ok ok", None, None),
        Some(TextSentiment::Unscored { unscored: Unscored::LowConfidence, lang: None })
    );
}

#[wasm_bindgen_test]
async fn a_lexicon_that_failed_to_load_is_asked_for_again_at_the_next_change() {
    let asked = Rc::new(Cell::new(0));
    lexicons::adopt(fetcher(1, asked.clone()));
    let french = "Le service était vraiment horrible, personne ne répond";
    lexicons::prepare_for(french, "fr", false);
    until("the refusal", || asked.get() == 1).await;
    support::settle().await;
    assert!(!has_lexicon(Lang::Fr));
    assert!(matches!(
        text_sentiment(french, Some("fr"), None),
        Some(TextSentiment::Unscored { unscored: Unscored::LexiconUnavailable, .. })
    ));
    lexicons::prepare_for(french, "fr", false);
    until("the French lexicon", || has_lexicon(Lang::Fr)).await;
    assert_eq!(asked.get(), 2);
    assert!(text_sentiment(french, Some("fr"), None).and_then(|s| s.compound()).is_some_and(|c| c < -0.3));
}

#[wasm_bindgen_test]
async fn english_is_fetched_like_any_language_and_text_without_letters_needs_no_lexicon() {
    let asked = Rc::new(Cell::new(0));
    lexicons::adopt(fetcher(0, asked.clone()));
    // Emoji and emoticons are in the wasm: scored at once, in no language, nothing fetched.
    let emoji = "👍👍 :)";
    lexicons::prepare_for(emoji, "en", false);
    assert_eq!(text_sentiment(emoji, Some("en"), None).and_then(|s| s.compound()), Some(0.8225));
    assert_eq!(asked.get(), 0);
    assert!(!has_lexicon(Lang::En));

    let english = "I was on hold for an hour and then they hung up.";
    assert_eq!(
        text_sentiment(english, Some("en"), None),
        Some(TextSentiment::Unscored { unscored: Unscored::LexiconUnavailable, lang: Some("en".into()) })
    );
    lexicons::prepare_for(english, "en", true);
    until("the English lexicon", || has_lexicon(Lang::En)).await;
    assert_eq!(asked.get(), 1);
    // The numbers `touchpoint score` gives with English compiled in.
    match text_sentiment(english, Some("en"), None) {
        Some(TextSentiment::Scored { compound, lang, .. }) => {
            assert_eq!((compound, lang.as_deref()), (-0.6705, Some("en")))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(text_sentiment(emoji, Some("en"), None).and_then(|s| s.compound()), Some(0.8225));
}
