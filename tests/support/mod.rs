//! What every browser test file shares: the page, mounting a component, reading the DOM,
//! the test clock, and waits that fail loudly. Included with `mod support;`.
#![allow(dead_code, reason = "each test file uses the part it needs")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

use std::cell::RefCell;

use touchpoint::Clock;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};
use yew::{AppHandle, BaseComponent};

/// The demo site's own configuration, so a test breaks if the demo does.
pub const DEMO_CONFIG: &str = include_str!("../../www/touchpoint.config.json");

/// Tuesday 2026-03-10 10:00 in Oslo (09:00Z): every demo channel is open.
pub const TUESDAY_MORNING: i64 = 1_773_133_200_000;

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

pub fn document() -> web_sys::Document {
    window().document().unwrap()
}

pub fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

thread_local! {
    static CLOCK: RefCell<Option<Clock>> = const { RefCell::new(None) };
}

/// This test binary's one driven clock, started at the real time of its first use: the
/// page's one delivery outbox per endpoint keeps the clock it started with, so every test
/// of a file shares it. Tests move it with [`Clock::advance`] instead of sleeping.
pub fn clock() -> Clock {
    CLOCK.with(|c| c.borrow_mut().get_or_insert_with(|| Clock::driven(js_sys::Date::now() as i64)).clone())
}

/// A component mounted for a test; unmounted (its listeners and timers gone) and removed
/// from the page when dropped. Derefs to the element it renders into.
pub struct Mounted<C: BaseComponent> {
    /// The element added to the page: the shadow host, or the root itself.
    pub host: HtmlElement,
    pub root: Element,
    handle: Option<AppHandle<C>>,
}

impl<C: BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.host.remove();
    }
}

impl<C: BaseComponent> std::ops::Deref for Mounted<C> {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

/// Where a test mounts its component.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Straight into the document, so `document.activeElement` is the focused element.
    Document,
    /// Inside an open shadow root, as the loader mounts the widget.
    ShadowRoot,
}

/// Renders `C` with `props` into a fresh element and lets the first render and its effects run.
pub async fn mount<C: BaseComponent>(props: C::Properties, place: Place) -> Mounted<C> {
    let host: HtmlElement = document().create_element("div").unwrap().dyn_into().unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let root = match place {
        Place::Document => host.clone().into(),
        Place::ShadowRoot => {
            let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
            let shadow = host.attach_shadow(&init).unwrap();
            let root = document().create_element("div").unwrap();
            shadow.append_child(&root).unwrap();
            root
        }
    };
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    settle().await;
    Mounted { host, root, handle: Some(handle) }
}

/// Lets renders, effects and the microtasks they start run.
pub async fn settle() {
    for _ in 0..3 {
        yew::scheduler::flush().await;
        sleep(0).await;
    }
}

/// Waits `ms` of real time: only for real I/O (a fetch), never for the widget's own timers,
/// which a test drives through [`clock`].
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits for real I/O until `done` holds, rendering as it goes; fails naming `what` after
/// five seconds.
pub async fn until(what: &str, done: impl Fn() -> bool) {
    let start = js_sys::Date::now();
    loop {
        settle().await;
        if done() {
            return;
        }
        if js_sys::Date::now() - start > 5_000.0 {
            panic!("waited 5 s for {what}");
        }
        sleep(10).await;
    }
}

/// The first match of `selector` under `root`; fails naming it when there is none.
pub fn find(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap()
}

pub fn input(root: &Element, selector: &str) -> HtmlInputElement {
    find(root, selector).dyn_into().unwrap()
}

/// Every match of `selector` under `root`, in document order.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().dyn_into().unwrap()).collect()
}

/// The text of every match of `selector`, with runs of whitespace (Intl writes narrow
/// no-break spaces in "4:00 AM") as one plain space and none at either end.
pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector).iter().map(|e| normalised(&e.text_content().unwrap_or_default())).collect()
}

pub fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `keydown` of `key` on `el`, bubbling, as the keyboard sends it.
pub fn press(el: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    el.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}
