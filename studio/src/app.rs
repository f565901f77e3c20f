//! The root: who is signed in, which screen the address names, and the sites the user
//! may see, shared with every screen through [`Studio`] (a context).

use std::rc::Rc;

use gloo_events::EventListener;
use serde_json::Value;
use yew::prelude::*;

use crate::api::{self, str_of};
use crate::browser;
use crate::components::shell::Shell;
use crate::components::sign_in::SignIn;
use crate::route::Route;

/// What a user may do (docs/studio-api.md, "Principals").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Reads.
    Viewer,
    /// Also edits drafts, publishes and rolls back.
    Editor,
    /// Also manages users, sites and keys.
    Admin,
}

impl Role {
    fn parse(s: &str) -> Role {
        match s {
            "admin" => Role::Admin,
            "editor" => Role::Editor,
            _ => Role::Viewer,
        }
    }

    /// The role's name as the API writes it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Whether the role edits and publishes configurations.
    pub fn edits(self) -> bool {
        self != Role::Viewer
    }
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// Lower-case e-mail address.
    pub email: String,
    /// What they may do.
    pub role: Role,
}

impl User {
    fn from_json(v: &Value) -> User {
        User { email: str_of(v, "email").to_owned(), role: Role::parse(str_of(v, "role")) }
    }
}

/// Shared with every screen.
#[derive(Clone, PartialEq)]
pub struct Studio {
    /// Who is signed in.
    pub user: Rc<User>,
    /// The sites the user may see, as `GET /v1/sites` lists them.
    pub sites: Rc<Vec<Value>>,
    /// Loads the sites again (after creating or editing one, or publishing).
    pub reload_sites: Callback<()>,
    /// The screen shown.
    pub route: Route,
}

enum Session {
    Checking,
    SignedOut,
    SignedIn(Rc<User>),
}

/// The app: the sign-in form, or the shell with the screen the address names.
#[function_component(App)]
pub fn app() -> Html {
    let session = use_state(|| Session::Checking);
    let route = use_state(|| Route::parse(&browser::hash()).unwrap_or(Route::Sites));
    let sites = use_state(|| Rc::new(Vec::<Value>::new()));

    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    if let Some(r) = Route::parse(&browser::hash()) {
                        route.set(r);
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::get("/v1/session").await {
                    Ok(v) => {
                        api::set_csrf(str_of(&v, "csrf"));
                        session.set(Session::SignedIn(Rc::new(User::from_json(&v["user"]))));
                    }
                    Err(_) => session.set(Session::SignedOut),
                }
            });
        });
    }
    let reload_sites = {
        let sites = sites.clone();
        Callback::from(move |()| {
            let sites = sites.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(v) = api::get("/v1/sites").await {
                    sites.set(Rc::new(v["sites"].as_array().cloned().unwrap_or_default()));
                }
            });
        })
    };
    {
        let reload_sites = reload_sites.clone();
        let signed_in = matches!(*session, Session::SignedIn(_));
        use_effect_with(signed_in, move |signed_in| {
            if *signed_in {
                reload_sites.emit(());
            }
        });
    }
    {
        let title = match &*session {
            Session::SignedIn(_) => format!("{} · Touchpoint Studio", route.title()),
            _ => "Sign in · Touchpoint Studio".to_owned(),
        };
        use_effect_with(title, |title| browser::set_title(title));
    }

    match &*session {
        Session::Checking => html! {
            <main id="main" aria-busy="true"><h1>{"Touchpoint Studio"}</h1><p>{"Loading…"}</p></main>
        },
        Session::SignedOut => {
            let on_signed_in = {
                let session = session.clone();
                Callback::from(move |user: Value| session.set(Session::SignedIn(Rc::new(User::from_json(&user)))))
            };
            html! { <SignIn {on_signed_in} /> }
        }
        Session::SignedIn(user) => {
            let studio = Studio { user: user.clone(), sites: (*sites).clone(), reload_sites, route: (*route).clone() };
            let on_signed_out = {
                let session = session.clone();
                Callback::from(move |()| session.set(Session::SignedOut))
            };
            html! {
                <ContextProvider<Studio> context={studio}>
                    <Shell {on_signed_out} />
                </ContextProvider<Studio>>
            }
        }
    }
}
