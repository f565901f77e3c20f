//! The editor.
use yew::prelude::*;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The site.
    pub site: String,
}

/// The editor.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    html! { <h1>{format!("Configuration · {}", props.site)}</h1> }
}
