//! Page patterns a marketer writes (exact, prefix, glob) and how they match a page's
//! URL: paths only, percent-decoded, whole segments, so one configuration serves
//! staging and production alike.

use std::fmt;

use crate::fields::{Kind, kind};

kind! {
    /// How a [`UrlPattern`] compares with a page's path; its name is the member the pattern is
    /// written in (`{"prefix": "/help"}`).
    pub enum UrlMatch {
        /// The same path (a trailing slash and repeated slashes aside).
        Exact = "exact",
        /// The path or anything below it, whole segments only: `/help` matches `/help/faq`, not `/helpers`.
        Prefix = "prefix",
        /// `*` is any run of characters inside one segment, `**` any number of whole segments.
        Glob = "glob",
    }
}

/// A marketer's page pattern, checked once and matched against many URLs.
///
/// Patterns are paths: scheme, host, query and fragment of the page URL are
/// ignored, so one configuration serves staging and production alike.
/// Both sides are percent-decoded, so `/søk` matches the browser's `/s%C3%B8k`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPattern {
    /// How to compare.
    pub how: UrlMatch,
    /// The pattern as written, for messages and the dashboard.
    pub pattern: String,
    segments: Vec<String>,
}

/// Why a URL pattern was refused; each reads after the field path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadPattern {
    #[error("must be a path starting with /, e.g. /pricing")]
    NotAPath,
    #[error("must not contain spaces")]
    Whitespace,
    #[error("matches the path only: remove the ?query and #fragment")]
    QueryOrFragment,
    #[error("`*` is only allowed in glob patterns")]
    StarOutsideGlob,
    #[error("`**` must be a whole segment, e.g. /blog/**/comments")]
    DoubleStarInsideSegment,
}

impl UrlPattern {
    /// Checks and prepares a pattern.
    pub fn new(how: UrlMatch, pattern: &str) -> Result<UrlPattern, BadPattern> {
        if !pattern.starts_with('/') {
            return Err(BadPattern::NotAPath);
        }
        if pattern.contains(char::is_whitespace) {
            return Err(BadPattern::Whitespace);
        }
        if pattern.contains(['?', '#']) {
            return Err(BadPattern::QueryOrFragment);
        }
        let segments = segments_of(pattern);
        if how != UrlMatch::Glob && pattern.as_bytes().contains(&b'*') {
            return Err(BadPattern::StarOutsideGlob);
        }
        // Bytes, not `str::contains`: its substring search costs the wasm 1 KB.
        if segments.iter().any(|s| s != "**" && s.as_bytes().windows(2).any(|w| w == b"**")) {
            return Err(BadPattern::DoubleStarInsideSegment);
        }
        Ok(UrlPattern { how, pattern: pattern.to_owned(), segments })
    }

    /// Whether the page at `url` (absolute, or a path with optional query and fragment) matches.
    pub fn matches(&self, url: &str) -> bool {
        let path = segments_of(path_of(url));
        match self.how {
            UrlMatch::Exact => path == self.segments,
            UrlMatch::Prefix => path.starts_with(&self.segments),
            UrlMatch::Glob => glob(&self.segments, &path),
        }
    }
}

impl fmt::Display for UrlPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.how.name(), self.pattern)
    }
}

/// The path of a URL: scheme and authority, query and fragment removed; `/` when empty.
pub fn path_of(url: &str) -> &str {
    // `scheme:` then `//`; a scheme has no `:`, so the first one is the one to split at.
    let rest = match url.split_once(':').and_then(|(scheme, after)| Some((scheme, after.strip_prefix("//")?))) {
        Some((scheme, after))
            if !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            after.find(['/', '?', '#']).map_or("", |i| &after[i..])
        }
        _ => url,
    };
    let path = rest.split(['?', '#']).next().unwrap_or_default();
    if path.is_empty() { "/" } else { path }
}

/// Non-empty, percent-decoded segments: `/a//b/` and `/a/b` are the same page.
fn segments_of(path: &str) -> Vec<String> {
    path.split('/').filter(|s| !s.is_empty()).map(percent_decode).collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    // A malformed escape sequence stays as written (and so matches only itself).
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// Segment-wise glob: `matched[i][j]` says whether `pattern[i..]` matches `path[j..]`,
/// filled from the end so `**` costs no backtracking.
fn glob(pattern: &[String], path: &[String]) -> bool {
    let (p, s) = (pattern.len(), path.len());
    let mut matched = vec![vec![false; s + 1]; p + 1];
    matched[p][s] = true;
    for i in (0..p).rev() {
        for j in (0..=s).rev() {
            matched[i][j] = if pattern[i] == "**" {
                matched[i + 1][j] || (j < s && matched[i][j + 1])
            } else {
                j < s && wildcard(&pattern[i], &path[j]) && matched[i + 1][j + 1]
            };
        }
    }
    matched[0][0]
}

/// `*` matches any run of characters (possibly none); everything else is literal.
fn wildcard(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if i < p.len() && p[i] == t[j] {
            i += 1;
            j += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (how, pattern, page URL, matches?)
    const CASES: &[(UrlMatch, &str, &str, bool)] = &[
        (UrlMatch::Exact, "/pricing", "/pricing", true),
        (UrlMatch::Exact, "/pricing", "https://shop.example/pricing?utm_source=x#plans", true),
        (UrlMatch::Exact, "/pricing", "https://shop.example:8443/pricing/", true),
        (UrlMatch::Exact, "/pricing/", "/pricing", true),
        (UrlMatch::Exact, "/pricing", "/pricing/enterprise", false),
        (UrlMatch::Exact, "/pricing", "/Pricing", false),
        (UrlMatch::Exact, "/", "https://shop.example", true),
        (UrlMatch::Exact, "/", "https://shop.example?q=1", true),
        (UrlMatch::Exact, "/", "/about", false),
        (UrlMatch::Exact, "/søk", "/s%C3%B8k", true),
        (UrlMatch::Exact, "/a/b", "/a//b", true),
        (UrlMatch::Prefix, "/help", "/help", true),
        (UrlMatch::Prefix, "/help", "/help/faq/returns", true),
        (UrlMatch::Prefix, "/help", "/helpers", false),
        (UrlMatch::Prefix, "/help/", "/help/faq", true),
        (UrlMatch::Prefix, "/", "/anything/at/all", true),
        (UrlMatch::Prefix, "/help/faq", "/help", false),
        (UrlMatch::Glob, "/products/*", "/products/42", true),
        (UrlMatch::Glob, "/products/*", "/products", false),
        (UrlMatch::Glob, "/products/*", "/products/42/reviews", false),
        (UrlMatch::Glob, "/products/*/reviews", "/products/42/reviews", true),
        (UrlMatch::Glob, "/products/**", "/products", true),
        (UrlMatch::Glob, "/products/**", "/products/42/reviews/7", true),
        (UrlMatch::Glob, "/**/checkout", "/checkout", true),
        (UrlMatch::Glob, "/**/checkout", "/en/shop/checkout", true),
        (UrlMatch::Glob, "/**/checkout", "/en/shop/checkout/done", false),
        (UrlMatch::Glob, "/blog/*-2024", "/blog/summer-sale-2024", true),
        (UrlMatch::Glob, "/blog/*-2024", "/blog/summer-sale-2023", false),
        (UrlMatch::Glob, "/order/*/done", "/order//done", false),
        (UrlMatch::Glob, "/a*b*c", "/abc", true),
        (UrlMatch::Glob, "/a*b*c", "/axxbyyc", true),
        (UrlMatch::Glob, "/a*b*c", "/axxbyy", false),
        (UrlMatch::Glob, "/**", "https://shop.example", true),
        (UrlMatch::Glob, "/**/a/**/b", "/x/a/y/z/b", true),
        (UrlMatch::Glob, "/**/a/**/b", "/x/b/y/a", false),
    ];

    #[test]
    fn url_patterns_match_paths_as_the_table_says() {
        for (how, pattern, url, expected) in CASES {
            let p = UrlPattern::new(*how, pattern).unwrap();
            assert_eq!(p.matches(url), *expected, "{p} against {url}");
        }
    }

    #[test]
    fn patterns_that_cannot_match_as_meant_are_refused() {
        let cases = [
            (UrlMatch::Exact, "pricing", BadPattern::NotAPath),
            (UrlMatch::Exact, "https://shop.example/pricing", BadPattern::NotAPath),
            (UrlMatch::Prefix, "/help me", BadPattern::Whitespace),
            (UrlMatch::Exact, "/pricing?plan=pro", BadPattern::QueryOrFragment),
            (UrlMatch::Glob, "/pricing#faq", BadPattern::QueryOrFragment),
            (UrlMatch::Prefix, "/products/*", BadPattern::StarOutsideGlob),
            (UrlMatch::Glob, "/products/**x", BadPattern::DoubleStarInsideSegment),
        ];
        for (how, pattern, why) in cases {
            assert_eq!(UrlPattern::new(how, pattern), Err(why), "{pattern}");
        }
    }

    #[test]
    fn path_of_strips_origin_query_and_fragment() {
        let cases = [
            ("https://shop.example/a/b?x=1#y", "/a/b"),
            ("https://shop.example?x=1", "/"),
            ("http://localhost:8080/", "/"),
            ("/a?x", "/a"),
            ("/a#/hash-route", "/a"),
            ("", "/"),
        ];
        for (url, path) in cases {
            assert_eq!(path_of(url), path, "{url}");
        }
    }

    proptest! {
        #[test]
        fn a_glob_without_stars_matches_like_exact(path in "(/[a-z0-9-]{1,6}){0,4}", page in "(/[a-z0-9-]{1,6}){0,4}") {
            let pattern = if path.is_empty() { "/".to_owned() } else { path };
            let exact = UrlPattern::new(UrlMatch::Exact, &pattern).unwrap();
            let glob = UrlPattern::new(UrlMatch::Glob, &pattern).unwrap();
            prop_assert_eq!(exact.matches(&page), glob.matches(&page));
        }

        #[test]
        fn a_prefix_matches_like_the_glob_ending_in_double_star(path in "(/[a-z0-9-]{1,6}){0,4}", page in "(/[a-z0-9-]{1,6}){0,5}") {
            let prefix = UrlPattern::new(UrlMatch::Prefix, &format!("{path}/")).unwrap();
            let glob = UrlPattern::new(UrlMatch::Glob, &format!("{path}/**")).unwrap();
            prop_assert_eq!(prefix.matches(&page), glob.matches(&page));
        }
    }
}
