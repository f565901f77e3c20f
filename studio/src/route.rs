//! Studio's screens and their addresses: `#/…` fragments, so the collector serves one page
//! (`/studio/`) and a reload or a shared link opens the same screen. Fragments that do not
//! start with `#/` are in-page anchors (a problem's link to its field) and leave the
//! screen as it is.

/// A screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The list of sites (and, for admins, a form to add one).
    Sites,
    /// One site: its origins and retention, the embed code, its API keys.
    Site(String),
    /// The configuration editor with the live preview.
    Editor(String),
    /// Published versions: diff and rollback.
    Versions(String),
    /// Results and dashboards (issue 13, `crate::insights`).
    Insights(String),
    /// Users and their roles (admins).
    Users,
}

impl Route {
    /// The screen a fragment names; `None` for an in-page anchor. Unknown screens are the sites list.
    pub fn parse(hash: &str) -> Option<Route> {
        let rest = hash.strip_prefix("#/").or_else(|| (hash.is_empty() || hash == "#").then_some(""))?;
        let parts: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let site = |s: &str| decode(s);
        Some(match parts.as_slice() {
            ["users"] => Route::Users,
            ["sites", id] => Route::Site(site(id)),
            ["sites", id, "edit"] => Route::Editor(site(id)),
            ["sites", id, "versions"] => Route::Versions(site(id)),
            ["sites", id, "insights"] => Route::Insights(site(id)),
            _ => Route::Sites,
        })
    }

    /// The fragment of this screen.
    pub fn href(&self) -> String {
        match self {
            Route::Sites => "#/".to_owned(),
            Route::Users => "#/users".to_owned(),
            Route::Site(s) => format!("#/sites/{}", encode(s)),
            Route::Editor(s) => format!("#/sites/{}/edit", encode(s)),
            Route::Versions(s) => format!("#/sites/{}/versions", encode(s)),
            Route::Insights(s) => format!("#/sites/{}/insights", encode(s)),
        }
    }

    /// The site this screen is about.
    pub fn site(&self) -> Option<&str> {
        match self {
            Route::Site(s) | Route::Editor(s) | Route::Versions(s) | Route::Insights(s) => Some(s),
            Route::Sites | Route::Users => None,
        }
    }

    /// The same kind of screen for another site (the site switcher keeps the screen).
    pub fn with_site(&self, site: &str) -> Route {
        let site = site.to_owned();
        match self {
            Route::Editor(_) => Route::Editor(site),
            Route::Versions(_) => Route::Versions(site),
            Route::Insights(_) => Route::Insights(site),
            Route::Site(_) | Route::Sites | Route::Users => Route::Site(site),
        }
    }

    /// The screen's name, for the document title and the heading.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Sites => "Sites",
            Route::Site(_) => "Site settings",
            Route::Editor(_) => "Configuration",
            Route::Versions(_) => "Versions",
            Route::Insights(_) => "Insights",
            Route::Users => "Users",
        }
    }
}

/// Site ids are letters, digits, `-` and `_` (core's `is_id`); anything else is escaped.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_screens() {
        for (hash, route) in [
            ("", Some(Route::Sites)),
            ("#/", Some(Route::Sites)),
            ("#/users", Some(Route::Users)),
            ("#/sites/northwind", Some(Route::Site("northwind".into()))),
            ("#/sites/northwind/edit", Some(Route::Editor("northwind".into()))),
            ("#/sites/northwind/versions", Some(Route::Versions("northwind".into()))),
            ("#/sites/northwind/insights", Some(Route::Insights("northwind".into()))),
            ("#/nowhere", Some(Route::Sites)),
            ("#channels[0].label", None),
        ] {
            assert_eq!(Route::parse(hash), route, "{hash}");
            if let Some(route) = route.filter(|_| hash.len() > 2) {
                assert_eq!(Route::parse(&route.href()), Some(route));
            }
        }
        assert_eq!(Route::parse(&Route::Site("a b".into()).href()), Some(Route::Site("a b".into())));
        assert_eq!(Route::Editor("a".into()).with_site("b"), Route::Editor("b".into()));
        assert_eq!(Route::Users.with_site("b"), Route::Site("b".into()));
    }
}
