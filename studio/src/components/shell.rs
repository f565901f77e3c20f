//! The shell around every screen: the site switcher (keeps the screen, changes the site),
//! the screens of the site, the signed-in user with their role, and sign-out.

use yew::prelude::*;

use crate::api::{self, str_of};
use crate::app::{Role, Studio};
use crate::browser;
use crate::components::editor::Editor;
use crate::components::site::SitePage;
use crate::components::sites::Sites;
use crate::components::users::Users;
use crate::components::versions::Versions;
use crate::insights::Insights;
use crate::route::Route;

/// Props of [`Shell`].
#[derive(Properties, PartialEq)]
pub struct ShellProps {
    /// Called once signed out.
    pub on_signed_out: Callback<()>,
}

/// The header, navigation and the screen the address names.
#[function_component(Shell)]
pub fn shell(props: &ShellProps) -> Html {
    let studio = use_context::<Studio>().expect("the app provides Studio");
    let route = studio.route.clone();
    let user = studio.user.clone();

    let sign_out = {
        let on_signed_out = props.on_signed_out.clone();
        Callback::from(move |_| {
            let on_signed_out = on_signed_out.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Signed out locally whatever the answer: an expired session is as good as gone.
                let _ = api::delete("/v1/session").await;
                browser::go(&Route::Sites.href());
                on_signed_out.emit(());
            });
        })
    };
    let switch_site = {
        let route = route.clone();
        Callback::from(move |e: Event| {
            let site = browser::value_of(&e);
            if !site.is_empty() {
                browser::go(&route.with_site(&site).href());
            }
        })
    };
    let current = route.site().map(str::to_owned);
    let tab = |target: Route, label: &str| {
        let here = target == route;
        html! {
            <li><a href={target.href()} aria-current={here.then_some("page")}>{label.to_owned()}</a></li>
        }
    };

    let screen = match &route {
        Route::Sites => html! { <Sites /> },
        Route::Site(site) => html! { <SitePage site={site.clone()} /> },
        Route::Editor(site) => html! { <Editor site={site.clone()} /> },
        Route::Versions(site) => html! { <Versions site={site.clone()} /> },
        Route::Insights(site) => html! {
            <><h1>{format!("Insights · {site}")}</h1><Insights site={site.clone()} /></>
        },
        Route::Users => html! { <Users /> },
    };

    html! {
        <>
            <a class="skip" href="#main" onclick={Callback::from(|e: MouseEvent| { e.prevent_default(); browser::focus("main"); })}>
                {"Skip to content"}
            </a>
            <header class="shell">
                <span class="brand">{"Touchpoint Studio"}</span>
                <div class="switcher">
                    <label for="site-switcher">{"Site"}</label>
                    <select id="site-switcher" onchange={switch_site}>
                        <option value="" selected={current.is_none()}>{"All sites"}</option>
                        { for studio.sites.iter().map(|s| {
                            let id = str_of(s, "id").to_owned();
                            html! { <option value={id.clone()} selected={current.as_deref() == Some(id.as_str())}>{id}</option> }
                        }) }
                    </select>
                </div>
                <div class="who">
                    <span>{user.email.clone()}</span>
                    <span class="role">{format!("Role: {}", user.role.name())}</span>
                    <button type="button" onclick={sign_out}>{"Sign out"}</button>
                </div>
            </header>
            <nav aria-label="Screens" class="tabs">
                <ul>
                    { tab(Route::Sites, "Sites") }
                    if let Some(site) = &current {
                        { tab(Route::Site(site.clone()), "Site settings") }
                        { tab(Route::Editor(site.clone()), "Configuration") }
                        { tab(Route::Versions(site.clone()), "Versions") }
                        { tab(Route::Insights(site.clone()), "Insights") }
                    }
                    if user.role == Role::Admin { { tab(Route::Users, "Users") } }
                </ul>
            </nav>
            <main id="main" tabindex="-1">{screen}</main>
        </>
    }
}
