//! Versions.
use yew::prelude::*;

/// Props of [`Versions`].
#[derive(Properties, PartialEq)]
pub struct VersionsProps {
    /// The site.
    pub site: String,
}

/// Versions.
#[function_component(Versions)]
pub fn versions(props: &VersionsProps) -> Html {
    html! { <h1>{format!("Versions · {}", props.site)}</h1> }
}
