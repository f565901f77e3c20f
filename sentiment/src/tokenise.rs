//! Splits text into the tokens the rules look at: words (punctuation trimmed),
//! emoticons (punctuation kept), emoji, and multi-word lexicon phrases merged
//! into one token. Unicode-aware without tables: curly apostrophes become
//! straight ones, accented Latin letters are folded for lookup, ALL-CAPS and
//! elongated words ("sooo") are noticed.

use std::ops::Range;

use super::lang::Lang;
use super::lexicon::{Entry, Lexicon};
use super::morph;
use super::rules::{NEGATOR, PHRASE_PREFIX, PHRASE_START};

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

/// The tokens of one text plus the text-level counts the rules need. The
/// buffers are reused from text to text ([`Tokens::fill`]), so scoring a text
/// allocates nothing here once warm.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    /// In text order.
    pub list: Vec<Token>,
    /// Normalised forms (UTF-8), concatenated; tokens point into it.
    pub keys: Vec<u8>,
    /// `!` in the whole text.
    pub exclamations: usize,
    /// `?` in the whole text.
    pub questions: usize,
    /// The language of the lexicon the tokens were looked up in.
    pub lang: Lang,
    /// Room for candidate phrase keys and shortened elongations.
    scratch: Vec<u8>,
}

/// Tokenises `text` into fresh buffers.
pub(crate) fn tokenise(text: &str, lexicon: &Lexicon) -> Tokens {
    let mut tokens = Tokens::default();
    tokens.fill(text, lexicon);
    tokens
}

impl Tokens {
    /// Tokenises `text`, replacing what the buffers held, looking every token up in `lexicon`.
    pub fn fill(&mut self, text: &str, lexicon: &Lexicon) {
        self.fill_as::<false>(text, lexicon);
    }

    /// [`Tokens::fill`], with `ENGLISH_ONLY` a compile-time promise that the lexicon
    /// is English: a build that scores English only (the widget today) then carries
    /// none of the other languages' tokenising (stems, elision, laughter), 7.5 KB
    /// brotli; a build that scores every language has one copy for all.
    pub fn fill_as<const ENGLISH_ONLY: bool>(&mut self, text: &str, lexicon: &Lexicon) {
        let english = ENGLISH_ONLY || lexicon.lang == Lang::En;
        self.list.clear();
        self.keys.clear();
        self.exclamations = 0;
        self.questions = 0;
        self.lang = lexicon.lang;
        // Emoji and emoticons mean the same in every language: English's table has them.
        let shared = if english { lexicon } else { Lexicon::symbols() };
        let mut start = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        // Bytes, not chars: ASCII (nearly every byte of typical feedback) needs no
        // decoding; other characters are decoded only to test for spaces and emoji.
        while i < bytes.len() {
            let b = bytes[i];
            let (width, space, emoji) = if b < 0x80 {
                match b {
                    b'!' => self.exclamations += 1,
                    b'?' => self.questions += 1,
                    _ => {}
                }
                (1, matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C), None)
            } else {
                let c = text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
                (c.len_utf8(), c.is_whitespace(), is_emoji_or_modifier(c).then_some(c))
            };
            if space || emoji.is_some() {
                if let Some(s) = start.take() {
                    self.push_word::<ENGLISH_ONLY>(text, s..i, lexicon);
                }
                if let Some(valence) = emoji.and_then(|c| shared.emoji(c)) {
                    let key = self.keys.len();
                    self.keys.extend_from_slice(bytes.get(i..i + width).unwrap_or_default());
                    self.list.push(Token {
                        raw: i..i + width,
                        key: key..self.keys.len(),
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
            self.push_word::<ENGLISH_ONLY>(text, s..text.len(), lexicon);
        }
        self.merge_phrases(lexicon);
    }

    /// The normalised form of a token.
    #[cfg(test)]
    fn key(&self, token: &Token) -> &[u8] {
        self.keys.get(token.key.clone()).unwrap_or_default()
    }

    fn push_word<const ENGLISH_ONLY: bool>(&mut self, text: &str, span: Range<usize>, lexicon: &Lexicon) {
        let english = ENGLISH_ONLY || lexicon.lang == Lang::En;
        let word = text.get(span.clone()).unwrap_or_default();
        let key_start = self.keys.len();
        let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
        let (trimmed_start, trimmed) = if plain(word.as_bytes().first()) && plain(word.as_bytes().last()) {
            (word, word)
        } else {
            let start = word.trim_start_matches(is_punctuation);
            (start, start.trim_end_matches(is_punctuation))
        };
        // An emoticon such as ":-)" or "(:" is looked up with its punctuation.
        if trimmed.len() < word.len() {
            normalise_into(word, &mut self.keys);
            let key = self.keys.get(key_start..).unwrap_or_default();
            // Other languages' lexicons hold no emoticons: theirs are English's (shared),
            // and only ASCII forms (":-)", ":D") can be one.
            let found = if english {
                lexicon.lookup(key)
            } else if word.is_ascii() {
                Lexicon::symbols().lookup(key)
            } else {
                None
            };
            if let Some(entry) = found {
                self.list.push(Token {
                    raw: span,
                    key: key_start..self.keys.len(),
                    entry,
                    upper: is_upper(word),
                    elongated: false,
                    clause_end: false,
                    negator: entry.class & NEGATOR != 0,
                });
                return;
            }
            self.keys.truncate(key_start);
        }
        if trimmed.is_empty() {
            // Pure punctuation ("--", "...") is not a word, but it still ends a clause.
            if let Some(last) = self.list.last_mut() {
                last.clause_end |= word.contains(CLAUSE_MARKS);
            }
            return;
        }
        let raw_start = span.start + (word.len() - trimmed_start.len());
        let mut raw = raw_start..raw_start + trimmed.len();
        let after = trimmed_start.get(trimmed.len()..).unwrap_or_default();
        let clause_end = after.contains(CLAUSE_MARKS);
        if english {
            normalise_into(trimmed, &mut self.keys);
        } else {
            normalise_lang(lexicon.lang, trimmed, &mut self.keys);
            if let Some((cut, negates)) = morph::elision(lexicon.lang, self.keys.get(key_start..).unwrap_or_default()) {
                // "n'aime": a negation token for "n'", then the word; "l'accueil": the word alone.
                let apostrophe = trimmed.find(['\'', '\u{2019}', '\u{02BC}']).unwrap_or(0);
                let width = trimmed.get(apostrophe..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
                let split = raw.start + apostrophe + width;
                if negates {
                    self.list.push(Token {
                        raw: raw.start..split,
                        key: key_start..key_start + cut,
                        entry: Entry { class: NEGATOR, ..Entry::default() },
                        upper: false,
                        elongated: false,
                        clause_end: false,
                        negator: true,
                    });
                }
                self.keys.drain(key_start..key_start + cut);
                raw.start = split.min(raw.end);
            }
        }
        let key = self.keys.get(key_start..).unwrap_or_default();
        let mut entry = lexicon.lookup(key);
        let mut elongated = false;
        if entry.is_none() && has_run(key) {
            // "goooood" → "good"; "sooo" → "so": try runs of two, then of one.
            for max_run in [2, 1] {
                self.scratch.clear();
                collapse_runs(self.keys.get(key_start..).unwrap_or_default(), max_run, &mut self.scratch);
                if let Some(found) = lexicon.lookup(&self.scratch) {
                    entry = Some(found);
                    elongated = true;
                    self.keys.truncate(key_start);
                    self.keys.extend_from_slice(&self.scratch);
                    break;
                }
            }
        }
        // "schlechten" → "schlecht": the lexicon holds stems of its inflected entries too.
        // A word that only starts a phrase ("dårlige" of "dårlige resultater") is looked up
        // by its stem as well, keeping its phrase role.
        let bare = entry.is_none_or(|e| !e.has_valence() && e.class & !PHRASE_START == 0);
        if bare && !english {
            let key = self.keys.get(key_start..).unwrap_or_default();
            self.scratch.clear();
            self.scratch.push(crate::derive::STEM_MARK as u8);
            if morph::stem_onto(&lexicon.suffixes, key, &mut self.scratch)
                && let Some(found) = lexicon.lookup(&self.scratch).filter(|f| f.has_valence())
            {
                let phrase = entry.unwrap_or_default();
                entry = Some(Entry { class: found.class | phrase.class, phrase_words: phrase.phrase_words, ..found });
            }
        }
        if entry.is_none() && !english && morph::is_laughter(self.keys.get(key_start..).unwrap_or_default()) {
            entry = Some(Entry { valence: Some(morph::LAUGHTER), ..Entry::default() });
        }
        let entry = entry.unwrap_or_default();
        let negator = entry.class & NEGATOR != 0
            || (english && self.keys.get(key_start..).is_some_and(|k| k.windows(3).any(|w| w == b"n't")));
        let upper = is_upper(text.get(raw.clone()).unwrap_or_default());
        self.list.push(Token { raw, key: key_start..self.keys.len(), entry, upper, elongated, clause_end, negator });
    }

    /// Replaces the longest lexicon phrase starting at each token by one token.
    fn merge_phrases(&mut self, lexicon: &Lexicon) {
        // Without a phrase start there is nothing to rewrite.
        if self.list.iter().all(|t| t.entry.phrase_words < 2) {
            return;
        }
        let n = self.list.len();
        let mut write = 0;
        let mut read = 0;
        while read < n {
            let mut merged = None;
            let longest = usize::from(self.list[read].entry.phrase_words).min(n - read);
            // Word by word, as long as some phrase goes on: the longest item found wins.
            if longest >= 2 {
                self.scratch.clear();
                self.scratch.extend_from_slice(self.keys.get(self.list[read].key.clone()).unwrap_or_default());
                for len in 2..=longest {
                    self.scratch.push(b' ');
                    let next = &self.list[read + len - 1];
                    self.scratch.extend_from_slice(self.keys.get(next.key.clone()).unwrap_or_default());
                    let Some(entry) = lexicon.lookup(&self.scratch) else { break };
                    if entry.has_valence() || entry.class & !PHRASE_PREFIX != 0 {
                        merged = Some((len, entry, self.scratch.len()));
                    }
                    if entry.class & PHRASE_PREFIX == 0 {
                        break;
                    }
                }
            }
            match merged {
                Some((len, entry, key_len)) => {
                    let parts = &self.list[read..read + len];
                    let key_start = self.keys.len();
                    let token = Token {
                        raw: parts[0].raw.start..parts[len - 1].raw.end,
                        key: key_start..key_start + key_len,
                        entry,
                        upper: parts.iter().all(|t| t.upper),
                        elongated: parts.iter().any(|t| t.elongated),
                        clause_end: parts[len - 1].clause_end,
                        negator: entry.class & NEGATOR != 0,
                    };
                    self.keys.extend_from_slice(self.scratch.get(..key_len).unwrap_or_default());
                    read += len;
                    self.list[write] = token;
                }
                // Before the first merge every token is already in its place.
                None if write == read => read += 1,
                None => {
                    self.list.swap(write, read);
                    read += 1;
                }
            }
            write += 1;
        }
        self.list.truncate(write);
    }
}

/// Appends the lookup form of `s`: lower case, straight apostrophes, Latin-1
/// accents folded. Case is folded for ASCII and Latin-1 only: the lexicon is
/// English, and the full Unicode case tables would cost the wasm more than the
/// lexicon's valences.
pub fn normalise(s: &str, out: &mut String) {
    let mut bytes = Vec::with_capacity(s.len());
    normalise_into(s, &mut bytes);
    out.push_str(&String::from_utf8_lossy(&bytes));
}

/// Marks that end a clause, and with it a negation's or booster's scope (Arabic
/// comma, semicolon and question mark included).
const CLAUSE_MARKS: [char; 9] = [',', ';', ':', '.', '!', '?', '\u{060C}', '\u{061B}', '\u{061F}'];

/// The lookup form of `s` in a language other than English ([`morph::normalise_char`]).
pub(crate) fn normalise_lang(lang: Lang, s: &str, out: &mut Vec<u8>) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
        return;
    }
    for c in s.chars() {
        // ASCII letters in a word of accented ones need no case tables.
        if c.is_ascii() {
            out.push((c as u8).to_ascii_lowercase());
        } else if let Some(c) = morph::normalise_char(lang, c) {
            push_char(out, c);
        }
    }
}

/// Appends `c` as UTF-8 byte by byte: for one character, cheaper than copying
/// from an encoding buffer.
fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        out.push(b);
    }
}

/// [`normalise`] into bytes (always UTF-8), as the tokeniser keeps its keys.
fn normalise_into(s: &str, out: &mut Vec<u8>) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
        return;
    }
    for c in s.chars() {
        let c = match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(u32::from(c) + 0x20).unwrap_or(c),
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => '\'',
            _ => c,
        };
        // Folds "naïve" and "café" to the lexicon's ASCII entries.
        push_char(out, morph::fold_accent(c));
    }
}

/// Punctuation trimmed from the ends of words: ASCII punctuation plus the
/// typographic marks people paste in (curly quotes, dashes, ellipsis, guillemets).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{2010}'
                ..='\u{2027}'
                    | '\u{00A1}'
                    | '\u{00AB}'
                    | '\u{00BB}'
                    | '\u{00BF}'
                    | '\u{2039}'
                    | '\u{203A}'
                    | '\u{060C}'
                    | '\u{061B}'
                    | '\u{061F}'
        )
}

/// Pictographs, dingbats and the invisible characters that build emoji sequences
/// (skin tones, joiners, variation selectors): they separate words.
fn is_emoji_or_modifier(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{200D}' | '\u{FE0F}' | '\u{2B50}' | '\u{2B55}')
}

/// Python's `str.isupper` for the Latin-1 letters the lexicon can match: some
/// upper-case letter, and no lower-case one. Read byte by byte, without decoding:
/// the only letters that count are ASCII and Latin-1 (`0xC3` then `0x80..=0xBF`).
pub(crate) fn is_upper(s: &str) -> bool {
    let mut cased = false;
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'a'..=b'z' => return false,
            b'A'..=b'Z' => cased = true,
            // À..Þ without ×, and ß..ÿ without ÷.
            0xC3 => match bytes.next() {
                Some(0x80..=0x96 | 0x98..=0x9E) => cased = true,
                Some(0x9F..=0xB6 | 0xB8..=0xBF) => return false,
                _ => {}
            },
            _ => {}
        }
    }
    cased
}

/// Whether `key` has a run of three or more equal ASCII letters ("sooo").
fn has_run(key: &[u8]) -> bool {
    key.windows(3).any(|w| w[0].is_ascii_alphabetic() && w[0] == w[1] && w[1] == w[2])
}

/// Shortens every run of three or more equal ASCII letters to `max_run`. Works
/// on bytes: UTF-8 multi-byte characters are never ASCII letters, so they are
/// copied untouched.
fn collapse_runs(key: &[u8], max_run: usize, out: &mut Vec<u8>) {
    let mut rest = key;
    while let Some(&b) = rest.first() {
        let run = rest.iter().take_while(|&&d| d == b).count();
        let keep = if run >= 3 && b.is_ascii_alphabetic() { max_run } else { run };
        out.extend(std::iter::repeat_n(b, keep));
        rest = rest.get(run..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let tokens = tokenise(text, Lexicon::get());
        tokens.list.iter().map(|t| String::from_utf8(tokens.key(t).to_vec()).unwrap()).collect()
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
