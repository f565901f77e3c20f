//! One site's settings.

use yew::prelude::*;

/// Props of [`SitePage`].
#[derive(Properties, PartialEq)]
pub struct SitePageProps {
    /// The site.
    pub site: String,
}

/// One site.
#[function_component(SitePage)]
pub fn site_page(props: &SitePageProps) -> Html {
    html! { <h1>{format!("Site {}", props.site)}</h1> }
}
