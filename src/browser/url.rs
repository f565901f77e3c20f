//! URL resolution through the browser's own parser.

/// `href` resolved against `base`, or `None` if either does not parse.
pub fn resolve(href: &str, base: &str) -> Option<String> {
    web_sys::Url::new_with_base(href, base).ok().map(|u| u.href())
}
