//! A panic in the widget, in real headless Chromium: the widget hides itself, says so
//! once in the console, and the host page sees no uncaught error, whether the panic
//! comes from a component's render or from one of its event handlers.
//!
//! The wasm aborts on panic (as the release build does), so the trap that ends a panic
//! leaves this test binary's yew behind it broken: the scenarios share one test, in
//! order, in a file of their own.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use support::{document, find, settle, sleep, window};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    /// Makes the mounted [`Fragile`] render its broken state.
    static BREAK: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

/// `assert!` that also says what failed in the console: once the widget's hook is
/// installed, a failing assertion's own message is no longer printed (the hook logs once).
macro_rules! check {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            let message = format!($($msg)+);
            web_sys::console::log_1(&format!("check failed: {message}").into());
            panic!("{message}");
        }
    };
}

/// A component with a button whose handler panics, and a render that panics once told to.
#[function_component(Fragile)]
fn fragile() -> Html {
    let broken = use_state(|| false);
    {
        let broken = broken.clone();
        BREAK.with(|b| *b.borrow_mut() = Some(Callback::from(move |()| broken.set(true))));
    }
    if *broken {
        panic!("a render that cannot go on");
    }
    let onclick = Callback::from(|_: MouseEvent| panic!("a click handler that cannot go on"));
    html! { <button type="button" class="fragile" {onclick}>{ "Press" }</button> }
}

/// What the host page hears: its console errors; the error events that reach the listeners
/// it adds once the widget is up (`window.onerror`, an error tracker); and every error event,
/// as a listener it added before the widget loaded sees them (so before the widget's guard).
#[derive(Default)]
struct HostPage {
    console_errors: Rc<RefCell<Vec<String>>>,
    heard: Rc<RefCell<Vec<String>>>,
    raised: Rc<RefCell<Vec<ErrorEvent>>>,
    closures: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl HostPage {
    /// Records `console.error` and, like a script that ran before the widget loaded, every
    /// error event on the window.
    fn before_the_widget() -> HostPage {
        let mut page = HostPage::default();
        let console = js_sys::Reflect::get(&window(), &"console".into()).unwrap();
        let original: js_sys::Function = js_sys::Reflect::get(&console, &"error".into()).unwrap().unchecked_into();
        let (errors, console_ref) = (page.console_errors.clone(), console.clone());
        let record = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
            errors.borrow_mut().push(message.as_string().unwrap_or_default());
            let _ = original.call1(&console_ref, &message);
        });
        js_sys::Reflect::set(&console, &"error".into(), record.as_ref()).unwrap();
        let raised = page.raised.clone();
        let early = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            raised.borrow_mut().push(event.unchecked_into());
        });
        window().add_event_listener_with_callback("error", early.as_ref().unchecked_ref()).unwrap();
        page.closures = vec![record, early];
        page
    }

    /// Listens as the page's error handling does once the widget is up.
    fn with_the_widget(&mut self) {
        let heard = self.heard.clone();
        let tracker = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            heard.borrow_mut().push(event.unchecked_into::<ErrorEvent>().message());
        });
        window().add_event_listener_with_callback("error", tracker.as_ref().unchecked_ref()).unwrap();
        let heard = self.heard.clone();
        let onerror = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
            heard.borrow_mut().push(format!("onerror: {}", message.as_string().unwrap_or_default()));
        });
        window().set_onerror(Some(onerror.as_ref().unchecked_ref()));
        self.closures.extend([tracker, onerror]);
    }

    /// The console errors that name Touchpoint. The others may only be the debug build's
    /// glue saying an import threw (js-sys runs tasks through `console.createTask` there,
    /// and debug glue logs what its imports throw); the release glue has neither.
    fn touchpoint_errors(&self) -> Vec<String> {
        let errors = self.console_errors.borrow();
        for other in errors.iter().filter(|e| !e.contains("Touchpoint")) {
            check!(other.starts_with("wasm-bindgen: imported JS function that was not marked as `catch`"), "{other}");
        }
        errors.iter().filter(|e| e.contains("Touchpoint")).cloned().collect()
    }

    /// The error events raised so far, each checked to be the widget's trap, handled (its
    /// default prevented: the browser reports no uncaught error) by the time it was over.
    fn traps_kept_from_the_page(&self) -> usize {
        let raised = self.raised.borrow();
        for event in raised.iter() {
            let is_trap = event.error().is_instance_of::<js_sys::WebAssembly::RuntimeError>();
            check!(is_trap, "only the widget's traps are raised, not {}", event.message());
            check!(event.default_prevented(), "the browser does not report it as uncaught: {}", event.message());
        }
        raised.len()
    }
}

/// Waits, without driving yew's scheduler from this test (its render is what traps),
/// until `count` traps have been raised; fails after five seconds.
async fn traps(page: &HostPage, count: usize) {
    for _ in 0..500 {
        if page.raised.borrow().len() >= count {
            // One more turn, in case anything else was still to be reported.
            return sleep(0).await;
        }
        sleep(10).await;
    }
    check!(false, "waited 5 s for trap number {count}");
}

#[wasm_bindgen_test]
async fn a_panic_hides_the_widget_logs_once_and_never_reaches_the_host_page() {
    let mut page = HostPage::before_the_widget();
    // As the loader and `mount` do it: a host with a shadow root, the hook installed, then
    // yew's renderer (which would replace a hook set with `std::panic::set_hook`).
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().dyn_into().unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let shadow = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).unwrap();
    let root = document().create_element("div").unwrap();
    shadow.append_child(&root).unwrap();
    touchpoint::browser::panic::install(&root);
    let _app = yew::Renderer::<Fragile>::with_root(root.clone()).render();
    settle().await;
    page.with_the_widget();
    check!(!host.hidden(), "the widget shows");

    // A panic in an event handler: the trap unwinds out of yew's listener.
    find(&root, ".fragile").click();
    traps(&page, 1).await;
    check!(page.traps_kept_from_the_page() == 1, "one trap");
    check!(host.hidden(), "the widget's host element is hidden");
    check!(page.heard.borrow().is_empty(), "the host page's listeners heard nothing: {:?}", page.heard.borrow());
    let logged = page.touchpoint_errors();
    check!(logged.len() == 1, "one console error names Touchpoint: {logged:?}");
    let first = &logged[0];
    check!(
        first.starts_with("Touchpoint stopped after an internal error and hid itself: "),
        "names Touchpoint: {first}"
    );
    check!(first.contains("a click handler that cannot go on"), "and says what happened: {first}");

    // A panic while rendering: the trap unwinds out of the microtask yew renders in.
    BREAK.with(|b| b.borrow().clone()).unwrap().emit(());
    traps(&page, 2).await;
    check!(page.traps_kept_from_the_page() == 2, "two traps");
    check!(page.heard.borrow().is_empty(), "the host page's listeners heard nothing: {:?}", page.heard.borrow());
    check!(page.touchpoint_errors() == logged, "still one console error names Touchpoint: {:?}", page.console_errors);
    check!(host.hidden(), "the widget stays hidden");
}
