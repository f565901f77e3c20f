//! Insights: results and dashboards for a site (issue 13). This module belongs to the
//! Insights work, which replaces this placeholder; the shell renders [`Insights`] on the
//! "Insights" tab (`#/sites/{site}/insights`) with the site's id.

use yew::prelude::*;

/// What the shell passes to the Insights tab.
#[derive(Properties, PartialEq, Clone)]
pub struct InsightsProps {
    /// The site whose results are shown.
    pub site: AttrValue,
}

/// The Insights tab (a placeholder until issue 13's dashboards land here).
#[function_component(Insights)]
pub fn insights(props: &InsightsProps) -> Html {
    html! {
        <section aria-labelledby="insights-title">
            <h2 id="insights-title">{"Insights"}</h2>
            <p>{format!("Results for {} will be shown here.", props.site)}</p>
        </section>
    }
}
