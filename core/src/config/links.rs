//! Link checks shared by the configuration readers (no URL parser in the wasm for this).
//! Single characters are looked for as bytes: `str::contains(char)` links the wasm's
//! substring search, for characters outside ASCII.

pub(super) fn is_tel(href: &str, scheme: &str) -> bool {
    href.strip_prefix(scheme).is_some_and(is_number)
}

/// An international phone number, `+` optional: 7 to 15 digits, spaces, dashes, dots, brackets.
pub(super) fn is_number(number: &str) -> bool {
    let digits = number.strip_prefix('+').unwrap_or(number);
    let count = digits.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&count) && digits.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
}

pub(super) fn is_mailto(href: &str) -> bool {
    let Some(addr) = href.strip_prefix("mailto:") else {
        return false;
    };
    let addr = addr.split('?').next().unwrap_or_default();
    match addr.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.as_bytes().contains(&b'.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !addr.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// An absolute `https:` URL with a host, or a root-relative path (same origin as the loader).
pub(super) fn is_web_link(href: &str) -> bool {
    if href.contains(char::is_whitespace) {
        return false;
    }
    match href.strip_prefix("https://") {
        Some(rest) => host_of(rest).is_some_and(|h| h.as_bytes().contains(&b'.') || h == "localhost"),
        None => href.starts_with('/') && !href.starts_with("//"),
    }
}

pub(super) fn is_local_http(href: &str) -> bool {
    href.strip_prefix("http://").and_then(host_of).is_some_and(|h| h == "localhost" || h == "127.0.0.1" || h == "[::1]")
}

fn host_of(rest: &str) -> Option<&str> {
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { authority });
    (!host.is_empty()).then_some(host)
}

pub(super) fn is_https_on(href: &str, domains: &[&str]) -> bool {
    href.strip_prefix("https://")
        .and_then(host_of)
        .is_some_and(|h| domains.iter().any(|d| h == *d || h.strip_suffix(d).is_some_and(|sub| sub.ends_with('.'))))
}
