//! The confirmation shown once feedback is stored.

use crate::by_pointer::ByPointer;

use touchpoint_core::i18n::Msg;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::hooks::use_effect_on::use_effect_on;
use crate::words::Words;

/// Props of [`ThankYou`].
#[derive(Properties, PartialEq)]
pub struct ThankYouProps {
    pub words: ByPointer<Words>,
}

/// A polite status message that takes focus, so keyboard and screen-reader users hear it.
#[function_component(ThankYou)]
pub fn thank_you(props: &ThankYouProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_on((), move |()| {
            if let Some(el) = node.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    html! {
        <div class="tp-thanks" role="status" tabindex="-1" ref={node}>
            <p class="tp-thanks-title">{ props.words.text(Msg::ThanksTitle) }</p>
            <p>{ props.words.text(Msg::ThanksText) }</p>
        </div>
    }
}
