//! The entry point the loader calls once the wasm has loaded.

use std::rc::Rc;

use touchpoint_core::Config;
use wasm_bindgen::prelude::*;

use crate::browser;
use crate::clock::Clock;
use crate::components::app::{App, AppProps};
use crate::words::Words;

/// A configuration read, checked and put in the visitor's language, ready to [`mount`].
/// [`prepare`] and [`mount`] are two calls so that the loader can let the browser breathe
/// between them: each is a task of its own, well under 50 ms (bench/longtask).
#[wasm_bindgen]
pub struct Prepared {
    config: Rc<Config>,
    words: Rc<Words>,
    endpoint: String,
}

/// Validates `config_json` for the language tag `lang` the loader chose (`nb-NO`: see README,
/// "Languages") with that language's `catalogue` (JSON; none for English, compiled in).
/// `config_url` is where the configuration came from: a relative endpoint (and live-status
/// path) is resolved against it. `fetch` is the browser's own `fetch` the loader took from
/// a fresh realm (`browser::fetch`), for the widget's posts; `lexicon(lang)` fetches the
/// sentiment lexicon of a language, pinned by its hash (`browser::lexicons`).
///
/// Errors become a thrown JS `Error`; the loader logs it once and removes the
/// widget, so an invalid configuration never leaves a broken element behind.
#[wasm_bindgen]
pub fn prepare(
    config_json: &str,
    config_url: &str,
    lang: &str,
    catalogue: Option<String>,
    fetch: Option<js_sys::Function>,
    lexicon: Option<js_sys::Function>,
) -> Result<Prepared, JsError> {
    if let Some(fetch) = fetch {
        browser::fetch::adopt(fetch);
    }
    if let Some(lexicon) = lexicon {
        browser::lexicons::adopt(lexicon);
    }
    let config = Config::from_json(config_json).map_err(|e| JsError::new(&format!("invalid configuration, {e}")))?;
    let words = Words::chosen(lang, catalogue.as_deref());
    let mut config = config.localise(words.language, &words.catalogue);
    let endpoint = browser::url::resolve(&config.endpoint, config_url).ok_or_else(|| {
        JsError::new(&format!("invalid configuration: endpoint `{}` cannot be resolved", config.endpoint))
    })?;
    // Live-status paths, like the endpoint, belong to the server the configuration came from.
    for channel in &mut config.channels {
        if let Some(url) = channel.live_status.take() {
            channel.live_status = browser::url::resolve(&url, config_url);
        }
    }
    Ok(Prepared { config: Rc::new(config), words: Rc::new(words), endpoint })
}

/// Renders the widget into `root` (an element inside the loader's shadow root). `open` opens
/// the panel at once (the visitor clicked the launcher, or the page called `Touchpoint.open`,
/// before the wasm had arrived), at `topic` when it is a configured one; `focus` puts focus
/// on the launcher (it was on the loader's placeholder, which this replaces).
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, prepared: Prepared, open: bool, topic: Option<String>, focus: bool) {
    browser::panic::install(&root);
    let Prepared { config, words, endpoint } = prepared;
    let topic = topic.filter(|t| config.topic(t).is_some());
    warm_up(config.clone(), words.clone());
    yew::Renderer::<App>::with_root_and_props(
        root,
        AppProps {
            config: config.into(),
            words: words.into(),
            endpoint,
            open,
            topic,
            focus_launcher: focus,
            clock: Clock::default(),
        },
    )
    .render();
}

/// Does ahead, in small tasks after the first render, the work the first opening of the panel
/// would otherwise do in one long task (bench/longtask): the browser's first
/// `Intl.DateTimeFormat` (its time-zone data: 20 ms, 100 ms at 4x CPU throttling), then the
/// formatters for the visitor's locale and zone, then each channel's status and promise once
/// (their own formatters, and the browser's lazy compilation of those functions of the wasm),
/// one channel per task.
fn warm_up(config: Rc<Config>, words: Rc<Words>) {
    use crate::browser::intl;
    use crate::browser::tasks::next_task;

    next_task(move || {
        drop(browser::fetch::pristine_fetch()); // taken already when the loader passed its own
        drop(intl::visitor_time_zone());
        next_task(move || {
            let format = intl::shared_format(words.locale.as_deref(), None);
            next_task(move || warm_channel(config, words, format, 0));
        });
    });

    fn warm_channel(config: Rc<Config>, words: Rc<Words>, format: Option<Rc<intl::LocalFormat>>, i: usize) {
        use touchpoint_core::availability::{Instant, OffsetProvider, PromiseLine, StatusLine, availability};

        let Some(channel) = config.channels.get(i) else { return };
        let offsets = intl::shared_offsets();
        let at = Instant::from_unix(js_sys::Date::now() as i64 / 1_000);
        let zone = format.as_ref().and_then(|f| offsets.zone(&f.time_zone));
        if let (Some(f), Some(zone), Ok(a)) = (&format, zone, availability(channel, at, &*offsets)) {
            drop(f.status(&StatusLine::new(&a, at, &zone, &*offsets), &words));
            drop(PromiseLine::new(&a, at, &zone, &*offsets).map(|p| f.promise(&p, &words)));
        }
        next_task(move || warm_channel(config, words, format, i + 1));
    }
}
