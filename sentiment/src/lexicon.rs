//! The compact lexicon: token → valence, for words, emoticons, multi-word
//! phrases and emoji. It ships as one small front-coded binary
//! (`sentiment/data/sentiment/lexicon.bin`, derived from VADER's lexicon plus
//! Touchpoint's additions by `cargo run -p touchpoint-sentiment --example gen_lexicon`)
//! and is expanded into a hash table on first use, so a lookup is one hash and
//! one comparison instead of a binary search over thousands of strings.
//!
//! # Format (version 1, little-endian)
//!
//! ```text
//! b"TPL1"
//! u16 n                      number of keys (words, emoticons, phrases)
//! n × { u8 p, bytes, b'\n' } keys sorted byte-wise, each sharing its first p bytes
//!                            with the previous key (front coding: ~40% smaller
//!                            after brotli than the plain list)
//! n × i8                     valences in tenths, in key order
//! u16 m                      number of emoji
//! m × 3 bytes                emoji code points, ascending
//! m × i8                     emoji valences in tenths
//! ```
//!
//! Keys are normalised exactly as the tokeniser normalises text
//! ([`super::tokenise::normalise`]): lower case, straight apostrophes, accents
//! folded. Phrases are words joined by one space.
//!
//! # Where the lexicons come from
//!
//! Every language's lexicon, English's included, is either compiled in (features
//! `embedded-en` and `embedded-lexicons`: the collector's CLI, evaluation, tests) or
//! installed at run time with [`Lexicon::load`] (the widget fetches each on demand).
//! Only the emoji and emoticons ([`symbols`], `data/sentiment/symbols.bin`, under 2 KB)
//! are in every build: every language reads them from English's table, and text without
//! letters is scored by them alone, so neither waits for English's lexicon.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::lang::Lang;
use super::morph::Suffixes;
use super::rules;

/// The committed English lexicon (see the module documentation for its format); its tests
/// read it whatever the features.
#[cfg(any(feature = "embedded-en", test))]
const DATA: &[u8] = include_bytes!("../data/sentiment/lexicon.bin");

/// The emoji and emoticons of the English lexicon ([`symbols`]), in every build.
const SYMBOLS: &[u8] = include_bytes!("../data/sentiment/symbols.bin");

const MAGIC: &[u8; 4] = b"TPL1";

/// Valence bytes above the scale's ±40 tenths give a word a role instead of a
/// valence, so one format carries each language's rule words with its lexicon.
/// English keeps its rule words in code ([`rules::CLASSES`]) and has none.
pub const ROLE_NEGATOR: i8 = 127;
/// A degree word that strengthens what follows ("sehr", "très").
pub const ROLE_BOOST: i8 = 126;
/// A degree word that weakens what follows ("etwas", "un peu").
pub const ROLE_DAMPEN: i8 = 125;
/// A contrastive conjunction ("aber", "mais", "pero", "men").
pub const ROLE_CONTRAST: i8 = 124;

/// The role bits of a reserved valence byte, if it is one.
fn role_class(v: i8) -> Option<u8> {
    match v {
        ROLE_NEGATOR => Some(rules::NEGATOR),
        ROLE_BOOST => Some(rules::BOOST_UP),
        ROLE_DAMPEN => Some(rules::BOOST_DOWN),
        ROLE_CONTRAST => Some(rules::CONTRAST),
        _ => None,
    }
}

/// What the lexicon knows about one key.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Entry {
    /// Valence in tenths of a point on VADER's -4..+4 scale; `None` for words that
    /// carry no sentiment of their own but have a role (a negator, a booster).
    pub valence: Option<i8>,
    /// Role bits ([`rules::NEGATOR`], [`rules::BOOSTER`], ...).
    pub class: u8,
    /// Most words of any phrase that starts with this key (0: none), so the
    /// tokeniser tries only phrase lengths that exist.
    pub phrase_words: u8,
    /// Which of [`rules::SPECIAL_WORDS`] the key is (1-based; 0: none).
    pub special: u8,
}

impl Entry {
    /// Whether the key is a sentiment-bearing lexicon item.
    pub fn has_valence(self) -> bool {
        self.valence.is_some()
    }

    /// The valence on VADER's scale.
    pub fn valence(self) -> Option<f64> {
        self.valence.map(|v| f64::from(v) / 10.0)
    }
}

/// Why lexicon bytes could not be read. Only the generator and tests see this:
/// the embedded lexicon is checked by a test.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LexiconError {
    /// The bytes do not start with the format's magic number.
    #[error("not a version 1 Touchpoint lexicon")]
    BadMagic,
    /// The bytes end before the counts say they should.
    #[error("lexicon truncated at byte {0}")]
    Truncated(usize),
    /// A key is not UTF-8, or not in ascending order.
    #[error("lexicon key {0} is malformed or out of order")]
    BadKey(usize),
}

/// Words (and phrases) with valences, and emoji with valences, as the generator
/// writes them and the decoder reads them back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// Normalised key → valence in tenths.
    pub words: BTreeMap<String, i8>,
    /// Emoji code point → valence in tenths.
    pub emoji: BTreeMap<char, i8>,
}

/// Encodes a lexicon in the compact format.
pub fn encode(source: &Source) -> Vec<u8> {
    let mut out = Vec::with_capacity(source.words.len() * 6);
    out.extend_from_slice(MAGIC);
    push_u16(&mut out, source.words.len());
    let mut prev: &[u8] = &[];
    for key in source.words.keys() {
        let key = key.as_bytes();
        let mut shared = prev.iter().zip(key).take(255).take_while(|(a, b)| a == b).count();
        // Share whole characters only: the decoder rebuilds keys as strings.
        while key.get(shared).is_some_and(|&b| (b as i8) < -0x40) {
            shared -= 1;
        }
        out.push(shared as u8);
        out.extend_from_slice(&key[shared..]);
        out.push(b'\n');
        prev = key;
    }
    out.extend(source.words.values().map(|&v| v as u8));
    push_u16(&mut out, source.emoji.len());
    for &c in source.emoji.keys() {
        out.extend_from_slice(&u32::from(c).to_le_bytes()[..3]);
    }
    out.extend(source.emoji.values().map(|&v| v as u8));
    out
}

/// The part of English's lexicon that every language shares: every emoji, and every key
/// that has no letter (":)", "<3", "143") or starts or ends with ASCII punctuation
/// (":-p", "d:"). That is every key the tokeniser can look up in English's table for
/// another language (a word looked up whole, punctuation and all, is ASCII and starts or
/// ends with punctuation), and every key that text without letters can match: every
/// other key is ASCII with a letter, and no character outside identification's letters
/// normalises to an ASCII letter. So scoring with this table gives exactly what English's
/// full table gives for those texts (a unit test holds the committed bytes to it).
pub fn symbols(english: &Source) -> Source {
    let symbol = |key: &str| {
        !key.chars().any(char::is_alphabetic)
            || key.starts_with(|c: char| c.is_ascii_punctuation())
            || key.ends_with(|c: char| c.is_ascii_punctuation())
    };
    Source {
        words: english.words.iter().filter(|(key, _)| symbol(key)).map(|(key, &v)| (key.clone(), v)).collect(),
        emoji: english.emoji.clone(),
    }
}

fn push_u16(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n.min(usize::from(u16::MAX)) as u16).to_le_bytes());
}

/// Decodes the compact format.
pub fn decode(bytes: &[u8]) -> Result<Source, LexiconError> {
    let mut r = Cursor { bytes, at: 0 };
    if r.take(4)? != MAGIC {
        return Err(LexiconError::BadMagic);
    }
    let n = r.u16()?;
    let mut keys = Vec::with_capacity(n);
    let mut prev: Vec<u8> = Vec::new();
    for i in 0..n {
        let shared = usize::from(r.take(1)?[0]);
        let rest = bytes.get(r.at..).ok_or(LexiconError::Truncated(r.at))?;
        let len = rest.iter().position(|&b| b == b'\n').ok_or(LexiconError::Truncated(r.at))?;
        let suffix = r.take(len)?;
        r.take(1)?;
        let mut key = prev.get(..shared).ok_or(LexiconError::BadKey(i))?.to_vec();
        key.extend_from_slice(suffix);
        if i > 0 && key <= prev {
            return Err(LexiconError::BadKey(i));
        }
        prev.clone_from(&key);
        keys.push(String::from_utf8(key).map_err(|_| LexiconError::BadKey(i))?);
    }
    let valences = r.take(n)?;
    let words = keys.into_iter().zip(valences.iter().map(|&v| v as i8)).collect();
    let m = r.u16()?;
    let points = r.take(3 * m)?;
    let valences = r.take(m)?;
    let mut emoji = BTreeMap::new();
    for (i, (p, &v)) in points.chunks_exact(3).zip(valences).enumerate() {
        let c = char::from_u32(u32::from_le_bytes([p[0], p[1], p[2], 0])).ok_or(LexiconError::BadKey(n + i))?;
        emoji.insert(c, v as i8);
    }
    Ok(Source { words, emoji })
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], LexiconError> {
        let out = self.bytes.get(self.at..self.at + len).ok_or(LexiconError::Truncated(self.at))?;
        self.at += len;
        Ok(out)
    }

    fn u16(&mut self) -> Result<usize, LexiconError> {
        let b = self.take(2)?;
        Ok(usize::from(u16::from_le_bytes([b[0], b[1]])))
    }
}

/// The lexicon expanded for lookups: an open-addressing hash table over all keys
/// (lexicon items and the rule words: negators, boosters, phrase starts). Built
/// straight from the compact bytes, without intermediate maps or sorting, so the
/// wasm carries no B-tree or sort code for it.
pub(crate) struct Lexicon {
    /// The language whose normalisation, stemming and rules go with these keys.
    pub lang: Lang,
    /// All keys, concatenated.
    text: String,
    /// Per key: where it is in `text`, and what is known about it.
    keys: Vec<(u32, u8, Entry)>,
    /// Slots holding a 16-bit hash tag and an index into `keys` plus one (low 16
    /// bits; zero is empty). The tag settles most mismatches without touching `keys`.
    slots: Vec<u32>,
    /// Emoji with valences, ascending by code point.
    emoji: Vec<(char, i8)>,
    /// The language's inflectional endings, for looking up stems.
    pub suffixes: Suffixes,
}

impl Lexicon {
    /// The embedded English lexicon, built on first use.
    #[cfg(feature = "embedded-en")]
    pub fn get() -> &'static Lexicon {
        // Present: `embedded` has English's bytes with this feature.
        Lexicon::of(Lang::En).unwrap_or_else(Lexicon::symbols)
    }

    /// The emoji and emoticons ([`symbols`]), built on first use: what other languages
    /// share of English's table, and all that text without letters is scored with.
    pub fn symbols() -> &'static Lexicon {
        static SYMBOLS_TABLE: OnceLock<Lexicon> = OnceLock::new();
        // As for the embedded lexicons (a unit test decodes it): unreadable, it would score nothing.
        SYMBOLS_TABLE
            .get_or_init(|| Lexicon::from_bytes(SYMBOLS).unwrap_or_else(|_| Lexicon::with_capacity(Lang::En, 0)))
    }

    /// Builds the lookup table for a lexicon that is not (yet) encoded.
    pub fn build(source: &Source) -> Lexicon {
        Lexicon::from_bytes(&encode(source)).unwrap_or_else(|_| Lexicon::with_capacity(Lang::En, 0))
    }

    fn with_capacity(lang: Lang, keys: usize) -> Lexicon {
        let rule_words: usize = rules::CLASSES.iter().map(|(words, _)| words.split('|').count()).sum();
        let slots = ((keys + rule_words) * 2).next_power_of_two().max(16);
        Lexicon {
            lang,
            text: String::with_capacity(keys * 8),
            keys: Vec::with_capacity(keys + rule_words),
            slots: vec![0; slots],
            emoji: Vec::new(),
            suffixes: Suffixes::new(lang),
        }
    }

    /// Reads the English lexicon's compact format into the table, then adds the
    /// rule words' roles.
    pub fn from_bytes(bytes: &[u8]) -> Result<Lexicon, LexiconError> {
        Lexicon::from_bytes_for(Lang::En, bytes)
    }

    /// Reads a lexicon of `lang`: English takes its rule words from [`rules`],
    /// other languages carry theirs as reserved valences ([`ROLE_NEGATOR`] …).
    /// Never inlined: it has three callers, and one copy costs the wasm 4 KB less.
    #[inline(never)]
    pub fn from_bytes_for(lang: Lang, bytes: &[u8]) -> Result<Lexicon, LexiconError> {
        let mut r = Cursor { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(LexiconError::BadMagic);
        }
        let n = r.u16()?;
        let mut lexicon = Lexicon::with_capacity(lang, n);
        let mut prev = 0..0;
        for i in 0..n {
            let shared = usize::from(r.take(1)?[0]);
            let rest = bytes.get(r.at..).ok_or(LexiconError::Truncated(r.at))?;
            let len = rest.iter().position(|&b| b == b'\n').ok_or(LexiconError::Truncated(r.at))?;
            let suffix = std::str::from_utf8(r.take(len)?).map_err(|_| LexiconError::BadKey(i))?;
            r.take(1)?;
            let start = lexicon.text.len();
            if shared > prev.len() || !lexicon.text.is_char_boundary(prev.start + shared) {
                return Err(LexiconError::BadKey(i));
            }
            lexicon.text.extend_from_within(prev.start..prev.start + shared);
            lexicon.text.push_str(suffix);
            prev = start..lexicon.text.len();
            lexicon.insert_at(prev.clone(), Entry::default()).ok_or(LexiconError::BadKey(i))?;
        }
        for (key, &v) in lexicon.keys.iter_mut().zip(r.take(n)?) {
            match role_class(v as i8) {
                Some(class) => key.2.class |= class,
                None => key.2.valence = Some(v as i8),
            }
        }
        let m = r.u16()?;
        let points = r.take(3 * m)?;
        for (p, &v) in points.chunks_exact(3).zip(r.take(m)?) {
            let c = char::from_u32(u32::from_le_bytes([p[0], p[1], p[2], 0])).ok_or(LexiconError::BadKey(n))?;
            lexicon.emoji.push((c, v as i8));
        }
        if lang == Lang::En {
            for &(words, class) in rules::CLASSES {
                for word in words.split('|') {
                    lexicon.add_class(word, class);
                }
            }
            for (id, word) in (1..).zip(rules::SPECIAL_WORDS.split('|')) {
                lexicon.add_class(word, 0);
                if let Some(index) = lexicon.index(word.as_bytes()) {
                    lexicon.keys[index].2.special = id;
                }
            }
        }
        for i in 0..lexicon.keys.len() {
            let (start, len, _) = lexicon.keys[i];
            let key = lexicon.text.get(start as usize..start as usize + usize::from(len)).unwrap_or_default();
            if let Some((first, _)) = key.split_once(' ') {
                let words = u8::try_from(key.split(' ').count()).unwrap_or(u8::MAX);
                let key = key.to_owned();
                let first = first.len();
                lexicon.add_class(&key[..first], rules::PHRASE_START);
                if let Some(index) = lexicon.index(&key.as_bytes()[..first]) {
                    let entry = &mut lexicon.keys[index].2;
                    entry.phrase_words = entry.phrase_words.max(words);
                }
                // Every longer beginning ("a b" of "a b c") is a key too, a phrase prefix
                // (added after this loop's range: never read as a phrase here).
                for at in (first + 1..key.len()).filter(|&at| key.as_bytes()[at] == b' ') {
                    lexicon.add_class(key.get(..at).unwrap_or_default(), rules::PHRASE_PREFIX);
                }
            }
        }
        Ok(lexicon)
    }

    /// The lexicon of `lang`, once it is embedded (features `embedded-en`,
    /// `embedded-lexicons`) or loaded ([`Lexicon::load`]).
    pub fn of(lang: Lang) -> Option<&'static Lexicon> {
        let cell = LEXICONS.get(lang.index())?;
        if let Some(lexicon) = cell.get() {
            return Some(lexicon);
        }
        let bytes = embedded(lang)?;
        // The embedded bytes are produced by the generator and decoded by a unit test; were
        // they ever unreadable, an empty lexicon scores every text neutral rather than
        // breaking the host page (and formatting no error keeps the wasm small).
        Some(
            cell.get_or_init(|| {
                Lexicon::from_bytes_for(lang, bytes).unwrap_or_else(|_| Lexicon::with_capacity(lang, 0))
            }),
        )
    }

    /// Installs the lexicon of `lang` from its bytes (fetched on demand by the
    /// widget, say). A lexicon already in place is kept.
    pub fn load(lang: Lang, bytes: &[u8]) -> Result<(), LexiconError> {
        if LEXICONS.get(lang.index()).is_some_and(|cell| cell.get().is_some()) {
            return Ok(());
        }
        let lexicon = Lexicon::from_bytes_for(lang, bytes)?;
        if let Some(cell) = LEXICONS.get(lang.index()) {
            let _ = cell.set(lexicon);
        }
        Ok(())
    }

    /// Gives `word` a role, adding it as a key without valence if it is new.
    fn add_class(&mut self, word: &str, class: u8) {
        if let Some(index) = self.index(word.as_bytes()) {
            self.keys[index].2.class |= class;
        } else {
            let start = self.text.len();
            self.text.push_str(word);
            let _ = self.insert_at(start..self.text.len(), Entry { valence: None, class, ..Entry::default() });
        }
    }

    /// Adds the key at `span` of `text`; `None` when the table is full or the key too long.
    fn insert_at(&mut self, span: std::ops::Range<usize>, entry: Entry) -> Option<()> {
        let len = u8::try_from(span.len()).ok()?;
        let index = u16::try_from(self.keys.len() + 1).ok()?;
        if self.keys.len() + 1 >= self.slots.len() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let (mut slot, tag) = hash(self.text.get(span.clone())?.as_bytes());
        slot &= mask;
        while self.slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = tag | u32::from(index);
        self.keys.push((span.start as u32, len, entry));
        Some(())
    }

    #[inline(never)]
    fn index(&self, key: &[u8]) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let (mut slot, tag) = hash(key);
        slot &= mask;
        loop {
            let found = self.slots[slot];
            let index = (found & 0xFFFF).checked_sub(1)? as usize;
            if found & 0xFFFF_0000 == tag {
                let (start, len, _) = *self.keys.get(index)?;
                let start = start as usize;
                if usize::from(len) == key.len() && self.text.as_bytes().get(start..start + key.len()) == Some(key) {
                    return Some(index);
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// What is known about a normalised key (UTF-8 bytes).
    pub fn lookup(&self, key: &[u8]) -> Option<Entry> {
        self.index(key).map(|i| self.keys[i].2)
    }

    /// The valence of an emoji, in tenths.
    pub fn emoji(&self, c: char) -> Option<i8> {
        self.emoji.binary_search_by_key(&c, |&(e, _)| e).ok().map(|i| self.emoji[i].1)
    }
}

/// Every language's lexicon, by [`Lang::index`], built on first use.
static LEXICONS: [OnceLock<Lexicon>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];

/// The committed lexicon of a language, compiled in.
#[cfg(feature = "embedded-lexicons")]
pub fn embedded(lang: Lang) -> Option<&'static [u8]> {
    let bytes: &'static [u8] = match lang {
        Lang::En => DATA,
        Lang::De => include_bytes!("../data/lexicons/de.bin"),
        Lang::Fr => include_bytes!("../data/lexicons/fr.bin"),
        Lang::Es => include_bytes!("../data/lexicons/es.bin"),
        Lang::Pt => include_bytes!("../data/lexicons/pt.bin"),
        Lang::It => include_bytes!("../data/lexicons/it.bin"),
        Lang::Nl => include_bytes!("../data/lexicons/nl.bin"),
        Lang::Nb => include_bytes!("../data/lexicons/nb.bin"),
        Lang::Sv => include_bytes!("../data/lexicons/sv.bin"),
        Lang::Da => include_bytes!("../data/lexicons/da.bin"),
        Lang::Fi => include_bytes!("../data/lexicons/fi.bin"),
        Lang::Pl => include_bytes!("../data/lexicons/pl.bin"),
        Lang::Ar => include_bytes!("../data/lexicons/ar.bin"),
    };
    Some(bytes)
}

/// Without `embedded-lexicons`, English's alone (feature `embedded-en`), or none: the
/// others exist once loaded ([`Lexicon::load`]).
#[cfg(all(feature = "embedded-en", not(feature = "embedded-lexicons")))]
pub fn embedded(lang: Lang) -> Option<&'static [u8]> {
    (lang == Lang::En).then_some(DATA)
}

/// Without any embedded lexicon (the widget): every one is loaded ([`Lexicon::load`]).
#[cfg(not(feature = "embedded-en"))]
pub fn embedded(_lang: Lang) -> Option<&'static [u8]> {
    None
}

/// A multiply-rotate hash over 8-byte words (as in rustc's FxHash): keys are
/// short, so one or two multiplications. Returns the slot hash and a tag for
/// the slot's upper 16 bits.
fn hash(bytes: &[u8]) -> (usize, u32) {
    let mut h = bytes.len() as u64;
    let mut step = |word: u64| h = (h.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        step(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        step(rest.iter().rev().fold(0u64, |w, &b| (w << 8) | u64::from(b)));
    }
    ((h >> 32) as usize, (h as u32) & 0xFFFF_0000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> &'static Lexicon {
        static ENGLISH: OnceLock<Lexicon> = OnceLock::new();
        ENGLISH.get_or_init(|| Lexicon::from_bytes(DATA).unwrap())
    }

    #[test]
    fn embedded_lexicon_decodes_and_round_trips() {
        let source = decode(DATA).unwrap();
        assert!(source.words.len() > 7000, "{} keys", source.words.len());
        assert!(source.emoji.len() > 100, "{} emoji", source.emoji.len());
        assert_eq!(encode(&source), DATA);
    }

    #[test]
    fn lookups_find_words_phrases_rule_words_and_nothing_else() {
        let lexicon = english();
        assert_eq!(lexicon.lookup(b"good").and_then(Entry::valence), Some(1.9));
        assert_eq!(lexicon.lookup(b"on hold").map(Entry::has_valence), Some(true));
        assert_eq!(lexicon.lookup(b"not").map(|e| e.class & rules::NEGATOR != 0), Some(true));
        assert_eq!(lexicon.lookup(b"on").map(|e| e.class & rules::PHRASE_START != 0), Some(true));
        assert_eq!(lexicon.lookup(b"zxqv"), None);
        assert_eq!(lexicon.lookup(b""), None);
    }

    #[test]
    fn truncated_or_foreign_bytes_are_refused() {
        assert_eq!(decode(b"nope"), Err(LexiconError::BadMagic));
        assert!(matches!(decode(&DATA[..DATA.len() / 2]), Err(LexiconError::Truncated(_))));
        assert!(matches!(Lexicon::from_bytes(&DATA[..DATA.len() / 2]), Err(LexiconError::Truncated(_))));
    }

    #[test]
    fn the_table_holds_every_decoded_key_with_its_valence() {
        let source = decode(DATA).unwrap();
        let lexicon = english();
        for (key, &v) in &source.words {
            assert_eq!(lexicon.lookup(key.as_bytes()).and_then(|e| e.valence), Some(v), "{key}");
        }
        for (&c, &v) in &source.emoji {
            assert_eq!(lexicon.emoji(c), Some(v));
        }
    }

    #[test]
    fn the_symbols_are_english_emoji_and_emoticons_with_the_same_entries() {
        let source = decode(DATA).unwrap();
        let shared = symbols(&source);
        assert_eq!(SYMBOLS, encode(&shared), "regenerate with the gen_lexicon example");
        assert!(shared.words.len() > 200 && shared.emoji.len() > 100, "{} keys", shared.words.len());
        for key in [":)", ":-(", "<3", "143", ":-p", "d:", "\\o/"] {
            assert!(shared.words.contains_key(key), "{key}");
        }
        for key in ["good", "can't", "on hold", "xd"] {
            assert!(!shared.words.contains_key(key), "{key}");
        }
        let (table, english) = (Lexicon::symbols(), english());
        for key in shared.words.keys() {
            let key = key.as_bytes();
            assert_eq!(table.lookup(key), english.lookup(key), "{key:?}");
        }
        for &c in shared.emoji.keys() {
            assert_eq!(table.emoji(c), english.emoji(c));
        }
    }

    #[test]
    fn encoding_front_codes_sorted_keys() {
        let mut source = Source::default();
        source.words.insert("abandon".into(), -19);
        source.words.insert("abandoned".into(), -20);
        source.emoji.insert('😀', 15);
        let bytes = encode(&source);
        assert_eq!(&bytes[6..15], b"\0abandon\n");
        assert_eq!(&bytes[15..19], b"\x07ed\n");
        assert_eq!(decode(&bytes), Ok(source));
    }
}
