//! The entry point the loader calls once the wasm has loaded.

use std::rc::Rc;

use touchpoint_core::Config;
use wasm_bindgen::prelude::*;

use crate::browser;
use crate::clock::Clock;
use crate::components::app::{App, AppProps};
use crate::words::Words;

/// Validates `config_json` and renders the widget into `root` (an element inside
/// the loader's shadow root). `config_url` is where the configuration came from:
/// a relative endpoint is resolved against it. `lang` is the language tag the loader chose
/// (`nb-NO`: see README, "Languages") and `catalogue` that language's catalogue (JSON;
/// none for English, which is compiled in). `open` opens the panel at once (the visitor
/// clicked the launcher, or the page called `Touchpoint.open`, before the wasm had
/// arrived), at `topic` when given; `focus` puts focus on the launcher (it was on the
/// loader's placeholder, which this replaces).
///
/// Errors become a thrown JS `Error`; the loader logs it once and removes the
/// widget, so an invalid configuration never leaves a broken element behind.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // one call from the loader; an options object would cost a JS round trip per field
pub fn mount(
    root: web_sys::Element,
    config_json: &str,
    config_url: &str,
    lang: &str,
    catalogue: Option<String>,
    open: bool,
    topic: Option<String>,
    focus: bool,
) -> Result<(), JsError> {
    browser::panic::install(&root);
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
    let topic = topic.filter(|t| config.topic(t).is_some());
    yew::Renderer::<App>::with_root_and_props(
        root,
        AppProps {
            config: Rc::new(config),
            words: Rc::new(words),
            endpoint,
            open,
            topic,
            focus_launcher: focus,
            clock: Clock::default(),
        },
    )
    .render();
    Ok(())
}
