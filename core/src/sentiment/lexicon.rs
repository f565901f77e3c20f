//! The compact lexicon: token → valence, for words, emoticons, multi-word
//! phrases and emoji. It ships as one small front-coded binary
//! (`core/data/sentiment/lexicon.bin`, derived from VADER's lexicon plus
//! Touchpoint's additions by `cargo run -p touchpoint-core --example gen_lexicon`)
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

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::rules;

/// The committed lexicon (see the module documentation for its format).
const DATA: &[u8] = include_bytes!("../../data/sentiment/lexicon.bin");

const MAGIC: &[u8; 4] = b"TPL1";

/// What the lexicon knows about one key.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Entry {
    /// Valence in tenths of a point on VADER's -4..+4 scale; `None` for words that
    /// carry no sentiment of their own but have a role (a negator, a booster).
    pub valence: Option<i8>,
    /// Role bits ([`rules::NEGATOR`], [`rules::BOOSTER`], ...).
    pub class: u8,
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
        let shared = prev.iter().zip(key).take(255).take_while(|(a, b)| a == b).count();
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
/// (lexicon items and the rule words: negators, boosters, phrase starts).
pub(crate) struct Lexicon {
    /// All keys, concatenated.
    text: String,
    /// Per key: where it is in `text`, and what is known about it.
    keys: Vec<(u32, u8, Entry)>,
    /// Slots holding an index into `keys` plus one; zero is empty.
    slots: Vec<u16>,
    /// Emoji with valences, ascending by code point.
    emoji: Vec<(char, i8)>,
    /// Most words in any phrase key.
    pub max_phrase_words: usize,
}

impl Lexicon {
    /// The embedded lexicon, built on first use.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            // The embedded bytes are produced by the generator and decoded by a unit test.
            let source = decode(DATA).expect("the embedded lexicon decodes (checked by a test)");
            Lexicon::build(&source)
        })
    }

    /// Builds the lookup table from decoded data and the rule word lists.
    pub fn build(source: &Source) -> Lexicon {
        let mut merged: BTreeMap<&str, Entry> = BTreeMap::new();
        for (key, &v) in &source.words {
            merged.entry(key).or_default().valence = Some(v);
        }
        for &(word, class) in rules::CLASSES {
            merged.entry(word).or_default().class |= class;
        }
        let mut max_phrase_words = 1;
        let phrase_starts: Vec<&str> = merged
            .keys()
            .copied()
            .filter(|k| k.contains(' '))
            .filter_map(|k| {
                max_phrase_words = max_phrase_words.max(k.split(' ').count());
                k.split(' ').next()
            })
            .collect();
        for first in phrase_starts {
            merged.entry(first).or_default().class |= rules::PHRASE_START;
        }
        let capacity = (merged.len() * 2).next_power_of_two().max(16);
        let mut lexicon = Lexicon {
            text: String::new(),
            keys: Vec::with_capacity(merged.len()),
            slots: vec![0; capacity],
            emoji: source.emoji.iter().map(|(&c, &v)| (c, v)).collect(),
            max_phrase_words,
        };
        for (key, entry) in merged {
            // Keys longer than 255 bytes or beyond 65,535 entries cannot be stored;
            // the generator never writes such keys.
            let (Ok(len), Ok(index)) = (u8::try_from(key.len()), u16::try_from(lexicon.keys.len() + 1)) else {
                continue;
            };
            let mut slot = hash(key.as_bytes()) as usize & (capacity - 1);
            while lexicon.slots[slot] != 0 {
                slot = (slot + 1) & (capacity - 1);
            }
            lexicon.slots[slot] = index;
            lexicon.keys.push((lexicon.text.len() as u32, len, entry));
            lexicon.text.push_str(key);
        }
        lexicon
    }

    /// What is known about a normalised key.
    pub fn lookup(&self, key: &str) -> Option<Entry> {
        let mask = self.slots.len() - 1;
        let mut slot = hash(key.as_bytes()) as usize & mask;
        loop {
            let index = usize::from(self.slots[slot]);
            let (start, len, entry) = *self.keys.get(index.checked_sub(1)?)?;
            let start = start as usize;
            if usize::from(len) == key.len() && self.text.get(start..start + key.len()) == Some(key) {
                return Some(entry);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The valence of an emoji, in tenths.
    pub fn emoji(&self, c: char) -> Option<i8> {
        self.emoji.binary_search_by_key(&c, |&(e, _)| e).ok().map(|i| self.emoji[i].1)
    }
}

/// FNV-1a: short keys, no allocation, a few instructions per byte.
fn hash(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_decodes_and_round_trips() {
        let source = decode(DATA).unwrap();
        assert!(source.words.len() > 7000, "{} keys", source.words.len());
        assert!(source.emoji.len() > 100, "{} emoji", source.emoji.len());
        assert_eq!(encode(&source), DATA);
    }

    #[test]
    fn lookups_find_words_phrases_rule_words_and_nothing_else() {
        let lexicon = Lexicon::get();
        assert_eq!(lexicon.lookup("good").and_then(Entry::valence), Some(1.9));
        assert_eq!(lexicon.lookup("on hold").map(Entry::has_valence), Some(true));
        assert_eq!(lexicon.lookup("not").map(|e| e.class & rules::NEGATOR != 0), Some(true));
        assert_eq!(lexicon.lookup("on").map(|e| e.class & rules::PHRASE_START != 0), Some(true));
        assert_eq!(lexicon.lookup("zxqv"), None);
        assert_eq!(lexicon.lookup(""), None);
    }

    #[test]
    fn truncated_or_foreign_bytes_are_refused() {
        assert_eq!(decode(b"nope"), Err(LexiconError::BadMagic));
        assert!(matches!(decode(&DATA[..DATA.len() / 2]), Err(LexiconError::Truncated(_))));
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
