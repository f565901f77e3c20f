//! The confirmation shown once feedback is stored.

use web_sys::HtmlElement;
use yew::prelude::*;

/// A polite status message that takes focus, so keyboard and screen-reader users hear it.
#[function_component(ThankYou)]
pub fn thank_you() -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |()| {
            if let Some(el) = node.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    html! {
        <div class="tp-thanks" role="status" tabindex="-1" ref={node}>
            <p class="tp-thanks-title">{ "Thank you!" }</p>
            <p>{ "Your feedback was sent. It helps us do better." }</p>
        </div>
    }
}
