//! Splits text into the tokens the rules look at: words (punctuation trimmed),
//! emoticons (punctuation kept), emoji, and multi-word lexicon phrases merged
//! into one token. Unicode-aware without tables: curly apostrophes become
//! straight ones, accented Latin letters are folded for lookup, ALL-CAPS and
//! elongated words ("sooo") are noticed.

use std::ops::Range;

use super::lexicon::{Entry, Lexicon};
use super::rules::NEGATOR;

/// One token and what the lexicon knows about it.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Where the token is in the scored text (what a [`super::Term`] shows).
    pub raw: Range<usize>,
    /// Where its normalised form is in [`Tokens::keys`].
    pub key: Range<usize>,
    /// Valence and role from the lexicon (default: an unknown word).
    pub entry: Entry,
    /// Written in capitals, with at least one cased letter ("GREAT").
    pub upper: bool,
    /// Found only after shortening a run of three or more letters ("goooood").
    pub elongated: bool,
    /// Followed by a clause-ending mark (, ; : . ! ?), which ends a negation's scope.
    pub clause_end: bool,
    /// A negation: a negator word, or any word with "n't".
    pub negator: bool,
}

/// The tokens of one text plus the text-level counts the rules need.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    /// In text order.
    pub list: Vec<Token>,
    /// Normalised forms, concatenated (tokens point into it).
    pub keys: String,
    /// `!` in the whole text.
    pub exclamations: usize,
    /// `?` in the whole text.
    pub questions: usize,
}

#[cfg(test)]
impl Tokens {
    /// The normalised form of a token.
    pub fn key(&self, token: &Token) -> &str {
        self.keys.get(token.key.clone()).unwrap_or_default()
    }
}

/// Tokenises `text`, looking every token up in `lexicon`.
pub(crate) fn tokenise(text: &str, lexicon: &Lexicon) -> Tokens {
    let mut tokens = Tokens {
        list: Vec::with_capacity(text.len() / 4 + 1),
        keys: String::with_capacity(text.len() + 8),
        exclamations: 0,
        questions: 0,
    };
    let mut scratch = String::new();
    let mut start = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    // Bytes, not chars: ASCII (nearly every byte of typical feedback) needs no
    // decoding; other characters are decoded only to test for spaces and emoji.
    while i < bytes.len() {
        let b = bytes[i];
        let (width, space, emoji) = if b < 0x80 {
            match b {
                b'!' => tokens.exclamations += 1,
                b'?' => tokens.questions += 1,
                _ => {}
            }
            (1, matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C), None)
        } else {
            let c = text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
            (c.len_utf8(), c.is_whitespace(), is_emoji_or_modifier(c).then_some(c))
        };
        if space || emoji.is_some() {
            if let Some(s) = start.take() {
                push_word(text, s..i, lexicon, &mut tokens, &mut scratch);
            }
            if let Some((c, valence)) = emoji.and_then(|c| Some((c, lexicon.emoji(c)?))) {
                let key = tokens.keys.len();
                tokens.keys.push(c);
                tokens.list.push(Token {
                    raw: i..i + width,
                    key: key..tokens.keys.len(),
                    entry: Entry { valence: Some(valence), ..Entry::default() },
                    upper: false,
                    elongated: false,
                    clause_end: false,
                    negator: false,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += width;
    }
    if let Some(s) = start {
        push_word(text, s..text.len(), lexicon, &mut tokens, &mut scratch);
    }
    merge_phrases(&mut tokens, lexicon, &mut scratch);
    tokens
}

/// Appends the lookup form of `s`: lower case, straight apostrophes, Latin-1
/// accents folded. Case is folded for ASCII and Latin-1 only: the lexicon is
/// English, and the full Unicode case tables would cost the wasm more than the
/// lexicon's valences.
pub fn normalise(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        return;
    }
    for c in s.chars() {
        let c = match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(u32::from(c) + 0x20).unwrap_or(c),
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => '\'',
            _ => c,
        };
        out.push(fold_accent(c));
    }
}

/// Folds the accented lower-case letters of Latin-1 to their base letter, so
/// "naïve" and "café" find the lexicon's ASCII entries.
fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// Punctuation trimmed from the ends of words: ASCII punctuation plus the
/// typographic marks people paste in (curly quotes, dashes, ellipsis, guillemets).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{2010}'..='\u{2027}' | '\u{00A1}' | '\u{00AB}' | '\u{00BB}' | '\u{00BF}' | '\u{2039}' | '\u{203A}'
        )
}

/// Pictographs, dingbats and the invisible characters that build emoji sequences
/// (skin tones, joiners, variation selectors): they separate words.
fn is_emoji_or_modifier(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{200D}' | '\u{FE0F}' | '\u{2B50}' | '\u{2B55}')
}

fn push_word(text: &str, span: Range<usize>, lexicon: &Lexicon, tokens: &mut Tokens, scratch: &mut String) {
    let word = text.get(span.clone()).unwrap_or_default();
    let key_start = tokens.keys.len();
    let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    let (trimmed_start, trimmed) = if plain(word.as_bytes().first()) && plain(word.as_bytes().last()) {
        (word, word)
    } else {
        let start = word.trim_start_matches(is_punctuation);
        (start, start.trim_end_matches(is_punctuation))
    };
    // An emoticon such as ":-)" or "(:" is looked up with its punctuation.
    if trimmed.len() < word.len() {
        normalise(word, &mut tokens.keys);
        if let Some(entry) = lexicon.lookup(tokens.keys.get(key_start..).unwrap_or_default()) {
            let upper = is_upper(word);
            tokens.list.push(Token {
                raw: span,
                key: key_start..tokens.keys.len(),
                entry,
                upper,
                elongated: false,
                clause_end: false,
                negator: entry.class & NEGATOR != 0,
            });
            return;
        }
        tokens.keys.truncate(key_start);
    }
    if trimmed.is_empty() {
        // Pure punctuation ("--", "...") is not a word, but it still ends a clause.
        if let Some(last) = tokens.list.last_mut() {
            last.clause_end |= word.contains([',', ';', ':', '.', '!', '?']);
        }
        return;
    }
    let raw_start = span.start + (word.len() - trimmed_start.len());
    let raw = raw_start..raw_start + trimmed.len();
    let after = trimmed_start.get(trimmed.len()..).unwrap_or_default();
    let clause_end = after.contains([',', ';', ':', '.', '!', '?']);
    normalise(trimmed, &mut tokens.keys);
    let key = tokens.keys.get(key_start..).unwrap_or_default();
    let mut entry = lexicon.lookup(key);
    let mut elongated = false;
    if entry.is_none() && has_run(key) {
        // "goooood" → "good"; "sooo" → "so": try runs of two, then of one.
        for max_run in [2, 1] {
            scratch.clear();
            collapse_runs(tokens.keys.get(key_start..).unwrap_or_default(), max_run, scratch);
            if let Some(found) = lexicon.lookup(scratch) {
                entry = Some(found);
                elongated = true;
                tokens.keys.truncate(key_start);
                tokens.keys.push_str(scratch);
                break;
            }
        }
    }
    let entry = entry.unwrap_or_default();
    let negator = entry.class & NEGATOR != 0
        || tokens.keys.as_bytes().get(key_start..).is_some_and(|k| k.windows(3).any(|w| w == b"n't"));
    tokens.list.push(Token {
        raw,
        key: key_start..tokens.keys.len(),
        entry,
        upper: is_upper(trimmed),
        elongated,
        clause_end,
        negator,
    });
}

/// Python's `str.isupper` for the Latin-1 letters the lexicon can match: some
/// upper-case letter, and no lower-case one.
pub(crate) fn is_upper(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase);
    }
    let mut cased = false;
    for c in s.chars() {
        match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => cased = true,
            'a'..='z' | 'ß'..='ö' | 'ø'..='ÿ' => return false,
            _ => {}
        }
    }
    cased
}

/// Whether `s` has a run of three or more equal ASCII letters ("sooo").
fn has_run(s: &str) -> bool {
    s.as_bytes().windows(3).any(|w| w[0].is_ascii_alphabetic() && w[0] == w[1] && w[1] == w[2])
}

/// Shortens every run of three or more equal ASCII letters to `max_run`.
fn collapse_runs(s: &str, max_run: usize, out: &mut String) {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let run = rest.chars().take_while(|&d| d == c).count();
        let keep = if run >= 3 && c.is_ascii_alphabetic() { max_run } else { run };
        out.extend(std::iter::repeat_n(c, keep));
        rest = rest.get(run * c.len_utf8()..).unwrap_or_default();
    }
}

/// Replaces the longest lexicon phrase starting at each token by one token.
fn merge_phrases(tokens: &mut Tokens, lexicon: &Lexicon, scratch: &mut String) {
    let mut write = 0;
    let mut read = 0;
    let n = tokens.list.len();
    while read < n {
        let mut merged = None;
        let longest = usize::from(tokens.list[read].entry.phrase_words).min(n - read);
        if longest >= 2 {
            for len in (2..=longest).rev() {
                scratch.clear();
                for (k, t) in tokens.list[read..read + len].iter().enumerate() {
                    if k > 0 {
                        scratch.push(' ');
                    }
                    scratch.push_str(tokens.keys.get(t.key.clone()).unwrap_or_default());
                }
                if let Some(entry) = lexicon.lookup(scratch) {
                    merged = Some((len, entry));
                    break;
                }
            }
        }
        let token = match merged {
            Some((len, entry)) => {
                let parts = &tokens.list[read..read + len];
                let key_start = tokens.keys.len();
                tokens.keys.push_str(scratch);
                let token = Token {
                    raw: parts[0].raw.start..parts[len - 1].raw.end,
                    key: key_start..tokens.keys.len(),
                    entry,
                    upper: parts.iter().all(|t| t.upper),
                    elongated: parts.iter().any(|t| t.elongated),
                    clause_end: parts[len - 1].clause_end,
                    negator: entry.class & NEGATOR != 0,
                };
                read += len;
                token
            }
            None => {
                read += 1;
                tokens.list[read - 1].clone()
            }
        };
        tokens.list[write] = token;
        write += 1;
    }
    tokens.list.truncate(write);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let tokens = tokenise(text, Lexicon::get());
        tokens.list.iter().map(|t| tokens.key(t).to_owned()).collect()
    }

    #[test]
    fn tokens_are_normalised_for_lookup() {
        let cases: &[(&str, &[&str])] = &[
            ("Great service!", &["great", "service"]),
            ("don’t", &["don't"]),
            ("DON‘T", &["don't"]),
            ("naïve café", &["naive", "cafe"]),
            ("«Super» …", &["super"]),
            ("-- ... !!!", &[]),
            ("Sooo goooood", &["so", "good"]),
            ("loooove it", &["love", "it"]),
            ("zzz", &["zzz"]),
            ("I was on hold for ages", &["i", "was", "on hold", "for", "ages"]),
            ("they HUNG UP on me", &["they", "hung up on", "me"]),
            ("kind of good", &["kind of", "good"]),
            ("ok, fine", &["ok", "fine"]),
        ];
        for (text, expected) in cases {
            assert_eq!(keys(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn emoticons_keep_their_punctuation_and_emoji_are_tokens() {
        assert_eq!(keys("thanks :) :-("), ["thanks", ":)", ":-("]);
        assert_eq!(keys("great😀"), ["great", "😀"]);
        assert_eq!(keys("👍🏽 ok"), ["👍", "ok"]);
    }

    #[test]
    fn raw_spans_point_at_the_written_words() {
        let text = "“Brilliant,” she said: ON HOLD!";
        let tokens = tokenise(text, Lexicon::get());
        let raws: Vec<&str> = tokens.list.iter().map(|t| &text[t.raw.clone()]).collect();
        assert_eq!(raws, ["Brilliant", "she", "said", "ON HOLD"]);
        assert!(tokens.list[0].clause_end && tokens.list[2].clause_end && !tokens.list[1].clause_end);
        assert!(tokens.list[3].upper && !tokens.list[0].upper);
        assert_eq!((tokens.exclamations, tokens.questions), (1, 0));
    }

    #[test]
    fn python_isupper_semantics() {
        for (s, upper) in [("GOOD", true), ("Good", false), ("A1", true), ("123", false), (":D", true), ("ÉTÉ", true)]
        {
            assert_eq!(is_upper(s), upper, "{s}");
        }
    }
}
