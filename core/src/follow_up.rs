//! Closing the loop on promises, the plain parts: a contact the visitor started from
//! the channel directory (kept in the [`crate::history`]) and the placeholders a
//! follow-up's prompt may use. When a follow-up is due is for [`crate::triggers`];
//! what it posts ([`crate::wire::FollowUp`]) travels in the wire format.

use serde::Serialize;

/// A contact the visitor started from the channel directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The channel's id in the configuration.
    pub channel: String,
    /// What the visitor wanted help with, when the directory knows (a topic id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// When the visitor made contact, milliseconds since the Unix epoch.
    pub at: i64,
    /// The reply-by time the widget promised, milliseconds since the Unix epoch.
    pub reply_by: i64,
    /// Whether the follow-up has been offered (shown or sampled out): each contact is asked about once.
    pub asked: bool,
}

/// The names a follow-up prompt may use, filled in by the widget in the visitor's
/// language and time zone: "You contacted us by {channel} on {contacted}. Did you get
/// a reply by {promised}, as we promised?"
pub const PLACEHOLDERS: [&str; 3] = ["channel", "contacted", "promised"];

/// Checks that a prompt uses only [`PLACEHOLDERS`], each `{` closed.
pub fn check_placeholders(prompt: &str) -> Result<(), String> {
    let mut rest = prompt;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("has a `{` without its `}`".into());
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!("`{{{name}}}` is not a placeholder (use {{channel}}, {{contacted}} or {{promised}})"));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// A follow-up prompt with its placeholders replaced (the times already formatted by the widget).
/// One pass over the braces, as [`check_placeholders`] reads them (not `str::replace`, whose
/// substring search costs the wasm 1 KB); other braces are kept as written.
pub fn fill_prompt(prompt: &str, channel: &str, contacted: &str, promised: &str) -> String {
    let values = [channel, contacted, promised];
    let mut out = String::with_capacity(prompt.len());
    let mut rest = prompt;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let i = PLACEHOLDERS.iter().position(|p| *p == &after[..close])?;
            Some((values[i], &after[close + 1..]))
        });
        match filled {
            Some((value, next)) => (out.push_str(value), rest = next),
            None => (out.push('{'), rest = after),
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_may_name_the_contact() {
        let prompt = "You contacted us by {channel} on {contacted}. Did you get a reply by {promised}?";
        assert_eq!(check_placeholders(prompt), Ok(()));
        assert_eq!(
            fill_prompt(prompt, "e-mail", "Tuesday", "Wednesday 11:00"),
            "You contacted us by e-mail on Tuesday. Did you get a reply by Wednesday 11:00?"
        );
        assert_eq!(
            check_placeholders("By {when}?"),
            Err("`{when}` is not a placeholder (use {channel}, {contacted} or {promised})".into())
        );
        assert_eq!(check_placeholders("By {promised?"), Err("has a `{` without its `}`".into()));
    }
}
