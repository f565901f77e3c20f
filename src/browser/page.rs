//! What happens on the host page that can make a touchpoint due: single-page-app
//! navigations and the pointer leaving through the top of the viewport. The
//! host's `history` object is never patched: navigations are seen through the
//! Navigation API where the browser has it, else through `popstate` and a light
//! check of the address once a second (`pushState` fires no event).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventTarget, MouseEvent};

/// How often the address is compared without the Navigation API.
const CHECK_EVERY_MS: u32 = 1_000;

/// The page's address, e.g. `https://shop.example/pricing?plan=team#faq`.
pub fn current_url() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// What makes a page view: the address without its fragment. Jumping to `#faq`
/// is not a new page; a new path or query is.
pub fn page_key(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Watches for single-page-app navigations until dropped.
pub struct NavigationWatch {
    _listeners: Vec<EventListener>,
    _check: Option<Interval>,
}

/// Calls `on_page_view(url)` each time the address changes to a new page view without a
/// reload (pushState, replaceState, back and forward in a single-page app).
pub fn watch_navigation(on_page_view: impl FnMut(String) + 'static) -> Option<NavigationWatch> {
    let window = web_sys::window()?;
    let last = RefCell::new(page_key(&current_url()).to_owned());
    let on_page_view = RefCell::new(on_page_view);
    let check = Rc::new(move || {
        let url = current_url();
        if page_key(&url) == last.borrow().as_str() {
            return;
        }
        page_key(&url).clone_into(&mut last.borrow_mut());
        if let Ok(mut f) = on_page_view.try_borrow_mut() {
            f(url);
        }
    });
    let mut listeners = Vec::new();
    // Traversals (back, forward) land here after the address changed, with or without the Navigation API.
    let on_popstate = Rc::clone(&check);
    listeners.push(EventListener::new(&window, "popstate", move |_| on_popstate()));
    let navigation = js_sys::Reflect::get(&window, &JsValue::from_str("navigation")).ok().filter(|n| n.is_object());
    let periodic = match navigation {
        Some(navigation) => {
            // `navigate` fires before the address changes: compare once the navigating script has run.
            let on_navigate = Rc::clone(&check);
            let navigation: EventTarget = navigation.unchecked_into();
            listeners.push(EventListener::new(&navigation, "navigate", move |_| {
                let check = Rc::clone(&on_navigate);
                wasm_bindgen_futures::spawn_local(async move { check() });
            }));
            None
        }
        None => Some(Interval::new(CHECK_EVERY_MS, move || check())),
    };
    Some(NavigationWatch { _listeners: listeners, _check: periodic })
}

/// Calls `on_exit` when the pointer leaves the page through the top of the viewport
/// (towards the tabs and the address bar). Not on devices whose main pointer is a finger:
/// there is no such gesture on a touch screen, only emulated mouse events. `None` there.
pub fn watch_exit_intent(mut on_exit: impl FnMut() + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    let touch = window.match_media("(pointer: coarse)").ok().flatten().is_some_and(|m| m.matches());
    if touch {
        return None;
    }
    let document = window.document()?;
    Some(EventListener::new(&document, "mouseout", move |event| {
        let Some(event) = event.dyn_ref::<MouseEvent>() else { return };
        if event.related_target().is_none() && event.client_y() <= 0 {
            on_exit();
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn a_page_view_is_the_address_without_its_fragment() {
        let cases = [
            ("https://shop.example/pricing", "https://shop.example/pricing"),
            ("https://shop.example/pricing#faq", "https://shop.example/pricing"),
            ("https://shop.example/pricing?plan=team#faq", "https://shop.example/pricing?plan=team"),
            ("https://shop.example/a#b#c", "https://shop.example/a"),
        ];
        for (url, key) in cases {
            assert_eq!(page_key(url), key, "{url}");
        }
    }
}
