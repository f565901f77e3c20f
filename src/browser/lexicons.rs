//! The scorer's lexicons, fetched per language on demand, English's included: the wasm
//! carries only the emoji and emoticons (text without letters is scored by them alone).
//! The loader hands over a function that fetches a language's lexicon, content-hashed and
//! pinned by its SRI hash like the wasm itself (scripts/build-dist.mjs), so a tampered file
//! is refused. A lexicon is asked for when the panel opens (the widget's language, at idle)
//! and when a comment is identified as a scored language whose lexicon is not in place; one
//! that fails to load is asked for again at every submit, and while the visitor types only
//! after a back-off (1 s, doubling to 1 min: a failing CDN sees a request now and then, not
//! one per keystroke, and the host's console one warning per attempt). Meanwhile comments in
//! that language go unscored as `lexicon_unavailable` (core's `journey::text_sentiment`).
//! A submit that finds the lexicon on its way waits for it to arrive or fail
//! ([`settled`]), so the outcome never depends on the race.

use std::cell::RefCell;
use std::task::{Poll, Waker};

use touchpoint_core::journey::missing_lexicon;
use touchpoint_core::sentiment::{Lang, has_lexicon, load_lexicon};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// The loader's `lexicon(lang)`: a promise of the lexicon's bytes.
    static SOURCE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// Languages whose lexicon is on its way.
    static PENDING: RefCell<Vec<Lang>> = const { RefCell::new(Vec::new()) };
    /// Submits waiting for those ([`settled`]), woken whenever one arrives or fails.
    static WAITING: RefCell<Vec<Waker>> = const { RefCell::new(Vec::new()) };
    /// Languages whose last fetch failed: the back-off it started (ms), and the time (ms since
    /// the epoch) before which only a submit asks again ([`want`]).
    static FAILED: RefCell<Vec<(Lang, f64, f64)>> = const { RefCell::new(Vec::new()) };
}

/// The first wait after a failed fetch, doubled at each failure in a row up to [`BACK_OFF_MAX`].
const BACK_OFF_FIRST: f64 = 1_000.0;
/// The longest wait between two fetches asked for by typing or the panel.
const BACK_OFF_MAX: f64 = 60_000.0;

/// Takes the loader's lexicon fetcher (`prepare`), or a test's.
pub fn adopt(source: js_sys::Function) {
    SOURCE.with(|s| *s.borrow_mut() = Some(source));
}

/// The page's `<html lang>`, a prior for identifying a comment's language.
pub fn page_lang() -> Option<String> {
    let root = web_sys::window()?.document()?.document_element()?;
    root.get_attribute("lang").filter(|l| !l.is_empty())
}

/// Below this many bytes a comment being typed is too short to fetch a lexicon for: its
/// first words are easily taken for another language ("Das wa…" for Portuguese).
const TYPED_ENOUGH: usize = 20;

/// Fetches the lexicon `text` needs (identified with the widget's language `widget_lang`
/// and the page's as priors) when it is not in place and not on its way; `typing`: only
/// once the text is long enough to tell (at submit, whatever its length).
pub fn prepare_for(text: &str, widget_lang: &str, typing: bool) {
    if typing && text.len() < TYPED_ENOUGH {
        return;
    }
    if let Some(lang) = missing_lexicon(text, Some(widget_lang), page_lang().as_deref()) {
        want(lang, !typing);
    }
}

/// Fetches the lexicon of the language coded `code` (the widget's, when the panel opens),
/// when the scorer reads that language and it is not in place yet.
pub fn prefetch(code: &str) {
    if let Some(lang) = Lang::from_tag(code).filter(|l| touchpoint_core::sentiment::release::is_released(*l)) {
        want(lang, false);
    }
}

/// Asks the loader for `lang`'s lexicon and installs it when it arrives; a failure is logged
/// once per attempt and leaves the language to be asked for again: by a `submit` at once,
/// otherwise once its back-off has passed.
pub fn want(lang: Lang, submit: bool) {
    if has_lexicon(lang) || PENDING.with(|p| p.borrow().contains(&lang)) {
        return;
    }
    let now = js_sys::Date::now();
    if !submit && FAILED.with(|f| f.borrow().iter().any(|&(l, _, until)| l == lang && now < until)) {
        return;
    }
    let Some(source) = SOURCE.with(|s| s.borrow().clone()) else { return };
    let asked = source.call1(&JsValue::NULL, &JsValue::from_str(lang.code()));
    let promise = match asked {
        Ok(value) => js_sys::Promise::resolve(&value),
        Err(_) => return failed(lang),
    };
    PENDING.with(|p| p.borrow_mut().push(lang));
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match JsFuture::from(promise).await {
            Ok(answer) => bytes(answer).await.is_some_and(|bytes| load_lexicon(lang, &bytes).is_ok()),
            Err(_) => false,
        };
        PENDING.with(|p| p.borrow_mut().retain(|l| *l != lang));
        if loaded {
            FAILED.with(|f| f.borrow_mut().retain(|&(l, _, _)| l != lang));
        } else {
            failed(lang);
        }
        WAITING.with(RefCell::take).into_iter().for_each(Waker::wake);
    });
}

/// Whether some lexicon is on its way.
pub fn pending() -> bool {
    PENDING.with(|p| !p.borrow().is_empty())
}

/// Resolves once no lexicon is on its way any more (each arrived or failed): at once when
/// none is. A Rust future woken by [`want`]'s fetches, so it needs no JavaScript of its own.
pub async fn settled() {
    std::future::poll_fn(|cx| {
        if !pending() {
            return Poll::Ready(());
        }
        WAITING.with(|w| w.borrow_mut().push(cx.waker().clone()));
        Poll::Pending
    })
    .await;
}

/// The bytes of `answer`: the loader's `Response` (fetched pinned to its hash: an error page
/// or a changed file never gets here intact), or the bytes themselves (tests).
async fn bytes(answer: JsValue) -> Option<Vec<u8>> {
    use wasm_bindgen::JsCast;
    let buffer = match answer.dyn_into::<web_sys::Response>() {
        Ok(response) if response.ok() => JsFuture::from(response.array_buffer().ok()?).await.ok()?,
        Ok(_) => return None,
        Err(bytes) => bytes,
    };
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Logs a failed fetch and starts (or doubles) the language's back-off.
fn failed(lang: Lang) {
    FAILED.with(|f| {
        let mut failed = f.borrow_mut();
        let i = failed.iter().position(|&(l, _, _)| l == lang).unwrap_or_else(|| {
            failed.push((lang, BACK_OFF_FIRST / 2.0, 0.0));
            failed.len() - 1
        });
        let row = &mut failed[i];
        row.1 = (row.1 * 2.0).min(BACK_OFF_MAX);
        row.2 = js_sys::Date::now() + row.1;
    });
    let message =
        ["Touchpoint: the ", lang.code(), " sentiment lexicon could not be loaded; asked again later or at send"];
    web_sys::console::warn_1(&message.concat().into());
}
