//! Sign in: e-mail and password, errors announced (`role=alert`), and when the collector
//! says "too many attempts" (429), when to try again.

use serde_json::{Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{self, str_of};

/// Props of [`SignIn`].
#[derive(Properties, PartialEq)]
pub struct SignInProps {
    /// Called with the user (`{email, role, …}`) once signed in.
    pub on_signed_in: Callback<Value>,
}

/// The sign-in form.
#[function_component(SignIn)]
pub fn sign_in(props: &SignInProps) -> Html {
    let email = use_node_ref();
    let password = use_node_ref();
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);

    let onsubmit = {
        let (email, password, error, busy) = (email.clone(), password.clone(), error.clone(), busy.clone());
        let on_signed_in = props.on_signed_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let body = json!({"email": value(&email).trim(), "password": value(&password)});
            let (error, busy, on_signed_in) = (error.clone(), busy.clone(), on_signed_in.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::post("/v1/session", &body).await {
                    Ok(v) => {
                        api::set_csrf(str_of(&v, "csrf"));
                        on_signed_in.emit(v["user"].clone());
                    }
                    Err(e) if e.status == 429 => {
                        let wait = e.retry_after.unwrap_or(60);
                        error.set(Some(format!(
                            "Too many sign-in attempts. Try again in {wait} second{}.",
                            if wait == 1 { "" } else { "s" }
                        )));
                        busy.set(false);
                    }
                    Err(e) if e.status == 401 => {
                        error.set(Some("Wrong email or password.".to_owned()));
                        busy.set(false);
                    }
                    Err(e) => {
                        error.set(Some(format!("Could not sign in: {}.", e.message)));
                        busy.set(false);
                    }
                }
            });
        })
    };

    html! {
        <main id="main" class="sign-in">
            <h1>{"Touchpoint Studio"}</h1>
            <form {onsubmit} aria-describedby={error.is_some().then_some("sign-in-error")}>
                <h2>{"Sign in"}</h2>
                <div class="field">
                    <label for="email">{"Email"}</label>
                    <input id="email" ref={email} type="email" name="email" autocomplete="username" required=true />
                </div>
                <div class="field">
                    <label for="password">{"Password"}</label>
                    <input id="password" ref={password} type="password" name="password" autocomplete="current-password" required=true />
                </div>
                <div id="sign-in-error" role="alert" class="alert-slot">
                    if let Some(message) = &*error { <p class="error">{message}</p> }
                </div>
                <button type="submit" class="primary" disabled={*busy}>{"Sign in"}</button>
            </form>
        </main>
    }
}
