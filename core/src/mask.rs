//! Masks personal data in free text before it leaves the browser: e-mail
//! addresses become `[email]`, phone numbers `[phone]`, payment card numbers
//! (Luhn-valid, 13-19 digits) `[card]`. Ordinary numbers stay: quantities,
//! prices, dates, times, version numbers, order references.
//!
//! Hand-written scanners rather than regular expressions: a regex engine would
//! cost the widget more bytes than the whole scorer, and the rules (Luhn, date
//! shapes, digit-group shapes) are clearer as code than as patterns.

use std::borrow::Cow;
use std::ops::Range;

/// Replaces e-mail addresses, phone numbers and card numbers in `text` with
/// `[email]`, `[phone]` and `[card]`. Borrows when there is nothing to mask.
/// Idempotent: masking masked text changes nothing.
pub fn mask(text: &str) -> Cow<'_, str> {
    let emails = email_spans(text);
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    let mut next_email = emails.iter().peekable();
    while i < bytes.len() {
        if let Some(email) = next_email.next_if(|e| e.start == i) {
            out.push_str(&text[copied..i]);
            out.push_str("[email]");
            i = email.end;
            copied = i;
            continue;
        }
        let in_email_ahead = next_email.peek().map_or(usize::MAX, |e| e.start);
        if starts_number(text, i) {
            let limit = in_email_ahead.min(bytes.len());
            if let Some(len) = date_len(&bytes[i..limit]) {
                i += len;
                continue;
            }
            let groups = digit_groups(&bytes[..limit], i);
            match classify(text, &groups) {
                Some((end, placeholder)) => {
                    out.push_str(&text[copied..i]);
                    out.push_str(placeholder);
                    i = end;
                    copied = i;
                }
                // Not personal data: skip the first group whole, so its tail is not
                // taken for the start of a number.
                None => i = groups.first().map_or(i + 1, |g| g.digits.end),
            }
            continue;
        }
        i += 1;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

// ---------------------------------------------------------------- e-mail

/// The symbols an address's local part may hold besides letters and digits. Character sets
/// here are slices, not strings: `"…".contains(c)` links the wasm's substring search.
const LOCAL_SYMBOLS: &[char] =
    &['.', '_', '%', '+', '-', '!', '#', '$', '&', '\'', '*', '/', '=', '?', '^', '`', '{', '|', '}', '~'];

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || LOCAL_SYMBOLS.contains(&c)
}

fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '.'
}

/// Spans of `local@domain.tld`, where the domain has at least two labels, no
/// empty label, and a top-level label of two or more letters.
fn email_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (at, _) in text.match_indices('@') {
        if spans.last().is_some_and(|s| s.end > at) {
            continue;
        }
        let before = &text[..at];
        let local_len: usize = before.chars().rev().take_while(|&c| is_local(c)).map(char::len_utf8).sum();
        let mut start = at - local_len;
        // A local part does not start with a dot: "...bob@x.org" masks "bob@x.org".
        // A local part of dots alone is masked whole rather than let through.
        let dots = text.get(start..at).map_or(0, |l| l.len() - l.trim_start_matches('.').len());
        if dots < at - start {
            start += dots;
        }
        let after = &text[at + 1..];
        let domain_len: usize = after.chars().take_while(|&c| is_domain(c)).map(char::len_utf8).sum();
        let domain = after[..domain_len].trim_end_matches(['.', '-']);
        let labels: Vec<&str> = domain.split('.').collect();
        let valid = start < at
            && labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
        if valid {
            spans.push(start..at + 1 + domain.len());
        }
    }
    spans
}

// ---------------------------------------------------------------- numbers

/// A number may start here: a digit, `+digit`, or `(digit`, not glued to a word,
/// a decimal point, a currency sign or a `#` reference.
fn starts_number(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let digit_at = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
    let starts = match bytes[i] {
        b'0'..=b'9' => true,
        b'+' => digit_at(i + 1) || (bytes.get(i + 1) == Some(&b'(') && digit_at(i + 2)),
        b'(' => digit_at(i + 1),
        _ => false,
    };
    starts && text[..i].chars().next_back().is_none_or(|p| !glued_before(p))
}

/// What glues a number to the text before it (it is then not a phone or card number).
const GLUE_BEFORE: &[char] =
    &['.', ',', '-', '#', '+', '_', '@', '&', '=', '/', '\\', '$', '€', '£', '¥', '₹', '₽', '¢', '₩'];

fn glued_before(p: char) -> bool {
    p.is_alphanumeric() || GLUE_BEFORE.contains(&p)
}

/// A run of digits and what separated it from the previous run.
#[derive(Debug, Clone)]
struct Group {
    /// The digits (byte range).
    digits: Range<usize>,
    /// The separator before it, trimmed of parentheses (`b' '`, `b'-'`, `b'.'`, `b'/'`; 0 for none).
    sep: u8,
    /// The group was written in parentheses: "(555)".
    parens: bool,
    /// The number started with `+`.
    plus: bool,
}

/// Splits the number starting at `start` into digit groups joined by single
/// separators (space, `-`, `.`, `/`), with optional parentheses around a group.
fn digit_groups(bytes: &[u8], start: usize) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut i = start;
    let plus = bytes[i] == b'+';
    if plus {
        i += 1;
    }
    let mut sep = 0;
    loop {
        let open = bytes.get(i) == Some(&b'(');
        let digits_start = i + usize::from(open);
        let digits_end =
            digits_start + bytes[digits_start.min(bytes.len())..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits_end == digits_start {
            break;
        }
        let close = open && bytes.get(digits_end) == Some(&b')');
        if open && !close {
            break;
        }
        groups.push(Group { digits: digits_start..digits_end, sep, parens: open, plus });
        i = digits_end + usize::from(close);
        // One separator, possibly with a parenthesis after it: "555) 123", "+44 (0)20".
        let (next_sep, width) = match bytes.get(i) {
            Some(&b @ (b' ' | b'-' | b'.' | b'/')) => (b, 1),
            Some(b'(') => (b' ', 0),
            // "(0)20": a digit straight after a closing parenthesis.
            Some(b) if close && b.is_ascii_digit() => (b' ', 0),
            _ => break,
        };
        sep = next_sep;
        i += width;
        if bytes.get(i) == Some(&b'(') || bytes.get(i).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        break;
    }
    groups
}

/// The longest prefix of `groups` that is a card or phone number: its end and placeholder.
fn classify(text: &str, groups: &[Group]) -> Option<(usize, &'static str)> {
    let bytes = text.as_bytes();
    (1..=groups.len()).rev().find_map(|k| {
        let prefix = &groups[..k];
        let end = prefix[k - 1].digits.end + usize::from(prefix[k - 1].parens);
        if !ends_cleanly(text, end) {
            return None;
        }
        if is_card(bytes, prefix) {
            Some((end, "[card]"))
        } else if is_phone(bytes, prefix) {
            Some((end, "[phone]"))
        } else {
            None
        }
    })
}

/// The number is not followed by a letter or digit, a time (`10:30`) or a decimal part (`1 299,99`).
fn ends_cleanly(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    match rest.next() {
        None => true,
        Some(':' | '.' | ',') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) => !c.is_alphanumeric(),
    }
}

fn digits(bytes: &[u8], groups: &[Group]) -> Vec<u8> {
    groups.iter().flat_map(|g| bytes[g.digits.clone()].iter().map(|d| d - b'0')).collect()
}

/// 13 to 19 digits, in groups joined by spaces or hyphens only, starting with a
/// card network's first digit (2-6), passing the Luhn check.
fn is_card(bytes: &[u8], groups: &[Group]) -> bool {
    let d = digits(bytes, groups);
    (13..=19).contains(&d.len())
        && !groups[0].plus
        && groups.iter().all(|g| !g.parens && matches!(g.sep, 0 | b' ' | b'-'))
        && (2..=6).contains(&d[0])
        && luhn(&d)
}

/// The Luhn checksum (ISO/IEC 7812): every card number passes it, a random number
/// only one time in ten.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 { if d > 4 { 2 * d - 9 } else { 2 * d } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// International numbers (`+` or `00` prefix) of 8-15 digits in any grouping.
/// National numbers: 9-11 digits starting with the trunk prefix 0 (most of the
/// world), or 10-11 digits otherwise (North America); grouped like a phone number
/// (groups of two or more digits after the first, not thousands-style groups of
/// three, no slashes), or in one piece when they start with 0. Twelve digits in
/// groups of four are a card-shaped reference, not a phone number.
fn is_phone(bytes: &[u8], groups: &[Group]) -> bool {
    let d = digits(bytes, groups);
    let n = d.len();
    if groups[0].plus {
        return (8..=15).contains(&n);
    }
    if d.starts_with(&[0, 0]) && (10..=15).contains(&n) {
        return true;
    }
    let national = if d[0] == 0 { 9..=11 } else { 10..=11 };
    if !national.contains(&n) {
        return false;
    }
    if groups.len() == 1 {
        return d[0] == 0 && n >= 10;
    }
    let rest = &groups[1..];
    let sizes_ok = rest.iter().all(|g| g.digits.len() >= 2);
    let thousands = rest.iter().all(|g| g.digits.len() == 3 && matches!(g.sep, b' ' | b'.' | b','));
    let slashes = groups.iter().any(|g| g.sep == b'/');
    sizes_ok && !thousands && !slashes
}

/// The length of a date written with digits at the start of `bytes`
/// (`2024-03-15`, `15/03/2024`, `15.03.24`), followed by a non-digit.
fn date_len(bytes: &[u8]) -> Option<usize> {
    let run = |at: usize| bytes.get(at..).map_or(0, |b| b.iter().take_while(|c| c.is_ascii_digit()).count());
    let a = run(0);
    let sep = *bytes.get(a)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let b = run(a + 1);
    if bytes.get(a + 1 + b) != Some(&sep) {
        return None;
    }
    let c = run(a + 2 + b);
    let shape = (a, b, c);
    let date = matches!(shape, (4, 1..=2, 1..=2)) || matches!(shape, (1..=2, 1..=2, 2 | 4));
    let end = a + b + c + 2;
    (date && !bytes.get(end).is_some_and(|&x| x.is_ascii_digit() || x == sep)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_test_cards_and_rejects_a_changed_digit() {
        let d = |s: &str| s.bytes().map(|b| b - b'0').collect::<Vec<u8>>();
        assert!(luhn(&d("4111111111111111")));
        assert!(luhn(&d("378282246310005")));
        assert!(!luhn(&d("4111111111111112")));
    }

    #[test]
    fn dates_are_recognised_by_shape() {
        assert_eq!(date_len(b"2024-03-15 10:30"), Some(10));
        assert_eq!(date_len(b"15/03/2024."), Some(10));
        assert_eq!(date_len(b"1.2.3"), None);
        assert_eq!(date_len(b"555-123-4567"), None);
    }
}
