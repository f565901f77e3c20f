//! Users.
use yew::prelude::*;

/// Users.
#[function_component(Users)]
pub fn users() -> Html {
    html! { <h1>{"Users"}</h1> }
}
