//! Which language a comment is in, decided on the device from the text, with the
//! widget's language and the page's `<html lang>` as priors. Three steps:
//!
//! 1. **Script.** Kana is Japanese, Hebrew letters Hebrew, Arabic script Arabic
//!    (Persian and Urdu by their extra letters), Cyrillic, Greek, Hangul, Han,
//!    Thai or Devanagari another language: none of these needs statistics.
//! 2. **Latin-script trigrams and function words.** A trimmed table
//!    (`data/langid/table.txt`) of each language's most frequent character
//!    trigrams (franc's, MIT, drawn from the Universal Declaration of Human
//!    Rights) and function words (from the rule files, written here) scores the
//!    text as a naive-Bayes model with Zipf weights by rank. The table also holds
//!    a few Latin-script languages without a lexicon, so their comments come out
//!    `unscored_language` instead of as their nearest neighbour.
//! 3. **Priors and confidence.** A prior wins when the text does not speak
//!    against it: within a small per-trigram margin of the best language, a
//!    wider one inside its group of easily confused languages (nb/da/sv,
//!    es/pt/it, de/nl). Without an accepted prior the best language must lead
//!    the runner-up clearly, else the result is `low_confidence`: never a guess.

use std::sync::OnceLock;

use serde::Serialize;

use super::lang::{Lang, primary_subtag};
use super::morph;
use super::release;

/// The committed table: per line, a BCP-47 code, the language's most frequent
/// trigrams by rank (franc's), and its function words (written for Touchpoint,
/// from `data/lang/LANG.tsv`, lower-cased and accent-folded), tab-separated,
/// each list joined by `|`.
const TABLE: &str = include_str!("../data/langid/table.txt");

/// Whether a comment was scored, and if not, why (the wire's "unscored" reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Scored in `lang` (or, for text without letters, by its emoji and emoticons alone).
    Scored,
    /// A language that is not scored (no lexicon, or not past the release gate),
    /// or a script the scorer cannot read.
    UnscoredLanguage,
    /// The language could not be identified with confidence: not scored rather than guessed.
    LowConfidence,
}

impl Status {
    /// The name on the wire and in `touchpoint score --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scored => "scored",
            Status::UnscoredLanguage => "unscored_language",
            Status::LowConfidence => "low_confidence",
        }
    }
}

/// What the caller knows about the language of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hint<'a> {
    /// A BCP-47 tag that forces the language ("de"), or `None` / `"auto"` to identify it.
    pub lang: Option<&'a str>,
    /// The widget's language: the first prior when identifying.
    pub widget_lang: Option<&'a str>,
    /// The host page's `<html lang>`: the second prior.
    pub page_lang: Option<&'a str>,
}

impl<'a> Hint<'a> {
    /// Identify the language from the text alone.
    pub fn auto() -> Hint<'a> {
        Hint::default()
    }

    /// Score in this language (a BCP-47 tag), without identification.
    pub fn forced(lang: &'a str) -> Hint<'a> {
        Hint { lang: Some(lang), ..Hint::default() }
    }

    /// Identify the language, settling close calls with these priors (either may be `None`).
    pub fn with_priors(widget_lang: Option<&'a str>, page_lang: Option<&'a str>) -> Hint<'a> {
        Hint { lang: None, widget_lang, page_lang }
    }
}

/// The language decision for one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identified {
    /// The language, as a BCP-47 primary subtag; `None` when unknown, or for text
    /// without letters.
    pub lang: Option<&'static str>,
    /// Whether the text can be scored.
    pub status: Status,
    /// The lexicon to score with, when `status` is [`Status::Scored`].
    pub scorer: Option<Lang>,
}

impl Identified {
    fn scored(lang: Lang) -> Identified {
        if release::is_released(lang) {
            Identified { lang: Some(lang.code()), status: Status::Scored, scorer: Some(lang) }
        } else {
            Identified { lang: Some(lang.code()), status: Status::UnscoredLanguage, scorer: None }
        }
    }

    fn unscored(lang: Option<&'static str>) -> Identified {
        Identified { lang, status: Status::UnscoredLanguage, scorer: None }
    }

    const LOW_CONFIDENCE: Identified = Identified { lang: None, status: Status::LowConfidence, scorer: None };
}

/// The thresholds of the decision, in nats per trigram (the table's weights are
/// sixteenths of a nat). Tuned on the development sets' language identification
/// figures (printed by `examples/languages.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Tuning {
    /// Margin within which a prior beats the best-scoring language of its group.
    prior_group: f64,
    /// The same margin for a prior outside the best language's group.
    prior_other: f64,
    /// Lead the best language needs over the runner-up without an accepted prior.
    lead: f64,
    /// The lead needed over a runner-up of the same group.
    lead_group: f64,
    /// Extra margin on short texts, divided by the square root of the trigram count.
    short: f64,
    /// Below this many trigrams the text alone decides nothing.
    min_trigrams: usize,
}

/// The tuning in use.
const TUNING: Tuning =
    Tuning { prior_group: 0.4, prior_other: 0.0, lead: 0.06, lead_group: 0.16, short: 0.8, min_trigrams: 8 };

/// Decides the language of `text` (see the module documentation).
pub fn identify(text: &str, hint: Hint) -> Identified {
    if let Some(tag) = hint.lang.filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("auto")) {
        return match Lang::from_tag(tag) {
            Some(lang) => Identified::scored(lang),
            None => Identified::unscored(primary_subtag(tag).and_then(|code| known_code(&code))),
        };
    }
    let census = Census::of(text);
    match census.script() {
        Script::None => Identified { lang: None, status: Status::Scored, scorer: Some(Lang::En) },
        Script::Latin => latin(text, hint, &TUNING),
        Script::Arabic if census.persian_letters * 4 > census.arabic.max(1) => Identified::unscored(Some("fa")),
        Script::Arabic => Identified::scored(Lang::Ar),
        Script::Other(code) => Identified::unscored(code),
    }
}

/// The code of a language this module can name, as a `'static` string.
fn known_code(code: &str) -> Option<&'static str> {
    const OTHERS: [&str; 9] = ["ja", "he", "fa", "zh", "ko", "el", "th", "hi", "ru"];
    Lang::from_tag(code)
        .map(Lang::code)
        .or_else(|| OTHERS.iter().copied().find(|c| *c == code))
        .or_else(|| model().langs.iter().copied().find(|c| *c == code))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    /// No letters at all: emoji, emoticons, digits, punctuation.
    None,
    Latin,
    Arabic,
    /// Another script: its language where the script names one.
    Other(Option<&'static str>),
}

/// Letters of each script in a text.
#[derive(Debug, Default)]
struct Census {
    /// Latin letters (for ASCII text only 1 or 0: whether it has any).
    latin: usize,
    arabic: usize,
    persian_letters: usize,
    hebrew: usize,
    kana: usize,
    han: usize,
    hangul: usize,
    cyrillic: usize,
    greek: usize,
    thai: usize,
    devanagari: usize,
    other: usize,
}

impl Census {
    fn of(text: &str) -> Census {
        // ASCII text is Latin when it has a letter: only that decides its script.
        if text.is_ascii() {
            return Census { latin: usize::from(text.bytes().any(|b| b.is_ascii_alphabetic())), ..Census::default() };
        }
        let mut n = Census::default();
        // Once Latin letters are more than half the text's bytes, no other script can
        // reach them (each character is at least a byte): Latin it is, and the rest of
        // the text is not read.
        let half = text.len() / 2;
        for c in text.chars() {
            if n.latin > half {
                break;
            }
            // The common blocks first (ASCII, Arabic): the arms are tested in order.
            match u32::from(c) {
                // An ASCII letter, either case, in one comparison.
                b @ 0..=0x7F => n.latin += usize::from((b as u8 | 0x20).wrapping_sub(b'a') < 26),
                a @ 0x600..=0x6FF => match a {
                    // Arabic digits and punctuation are not letters.
                    0x60C | 0x61B | 0x61F | 0x660..=0x669 | 0x6D4 => {}
                    0x67E | 0x686 | 0x698 | 0x6AF | 0x6A9 | 0x6CC | 0x679 | 0x688 | 0x691 | 0x6BA | 0x6D2 | 0x6C1 => {
                        n.arabic += 1;
                        n.persian_letters += 1;
                    }
                    _ => n.arabic += 1,
                },
                0x80..=0xBF | 0xD7 | 0xF7 => {}
                0xC0..=0x24F | 0x1E00..=0x1EFF => n.latin += 1,
                0x370..=0x3FF => n.greek += 1,
                0x400..=0x4FF => n.cyrillic += 1,
                0x590..=0x5FF | 0xFB1D..=0xFB4F => n.hebrew += 1,
                0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => n.arabic += 1,
                0x900..=0x97F => n.devanagari += 1,
                0xE00..=0xE7F => n.thai += 1,
                0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => n.hangul += 1,
                0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => n.kana += 1,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF => n.han += 1,
                // Punctuation, symbols, emoji and the invisible characters that join them.
                0x2000..=0x2BFF | 0x3000..=0x303F | 0xFE00..=0xFE0F | 0xFF00..=0xFF65 | 0x1F000..=0x1FAFF => {}
                _ => n.other += 1,
            }
        }
        n
    }

    fn script(&self) -> Script {
        let japanese = if self.kana > 0 { self.kana + self.han } else { 0 };
        let chinese = if self.kana > 0 { 0 } else { self.han };
        let candidates = [
            (self.latin, Script::Latin),
            (self.arabic, Script::Arabic),
            (japanese, Script::Other(Some("ja"))),
            (self.hebrew, Script::Other(Some("he"))),
            (chinese, Script::Other(Some("zh"))),
            (self.hangul, Script::Other(Some("ko"))),
            (self.greek, Script::Other(Some("el"))),
            (self.thai, Script::Other(Some("th"))),
            (self.devanagari, Script::Other(Some("hi"))),
            // Cyrillic is written for many languages; the script alone names none.
            (self.cyrillic, Script::Other(None)),
            (self.other, Script::Other(None)),
        ];
        candidates.iter().filter(|(n, _)| *n > 0).max_by_key(|(n, _)| *n).map_or(Script::None, |(_, s)| *s)
    }
}

/// The trigram table, expanded on first use.
struct Model {
    /// Language codes, in the file's order.
    langs: Vec<&'static str>,
    /// Each code's lexicon, if it has one.
    scorers: Vec<Option<Lang>>,
    /// Open-addressing table by key hash: the key (0: empty; no key is 0, trigrams
    /// hold spaces or letters and word keys their top bit) and where its row's
    /// weights are in `entries` (`start << 8 | count`), so a probe reads one place.
    table: Vec<(u64, u32)>,
    /// Per row, the languages whose trigram or word it is, with their weights: a
    /// trigram is among the top trigrams of 1.7 of the 17 languages on average,
    /// so a hit adds two weights or so rather than one per language of the table.
    entries: Vec<(u8, u8)>,
}

/// Trigrams kept per language: the table's size against its accuracy (64 kept
/// the identifier's targets with 1.5 points to spare and costs 2.6 KB brotli).
pub const TRIGRAMS_PER_LANGUAGE: usize = 64;

/// Trigrams read per text at most (about 70 letters): enough to settle a language,
/// and identification then costs the same for a long review as for a tweet.
const MAX_TRIGRAMS: usize = 72;

/// The most languages the table may hold (sums live on the stack).
const MAX_LANGUAGES: usize = 24;

/// Weight of the trigram of rank `rank` (0-based): its Zipf log-probability above
/// that of a trigram outside the table, in sixteenths.
fn weight(rank: usize) -> u8 {
    let w = (ln(TRIGRAMS_PER_LANGUAGE + 1) - ln(rank + 1) + 1.0) * 16.0;
    w.round().clamp(1.0, 255.0) as u8
}

/// Natural logarithm of a positive integer to within 0.01: the integer part of
/// log2 from the leading zeros, the fraction from a quadratic fit. Saves the wasm
/// libm's logarithm; the weights are rounded to sixteenths anyway.
fn ln(x: usize) -> f64 {
    let x = x.max(1) as u64;
    let e = 63 - x.leading_zeros();
    let fraction = x as f64 / (1u64 << e) as f64 - 1.0;
    (f64::from(e) + fraction + 0.3466 * fraction * (1.0 - fraction)) * std::f64::consts::LN_2
}

/// Weight of one of a language's function words, in sixteenths of a nat: ten
/// nats, as much as a dozen typical trigrams (tuned on the development sets:
/// function words are what tells short texts apart).
const WORD_WEIGHT: u8 = 160;

/// The table key of a word (UTF-8): an FNV-1a hash of its letters, lower-cased
/// and accent-folded, with the top bit set (trigram keys use 63 bits). ASCII
/// letters, most of any comment, need no case or accent tables.
fn word_key(word: &str) -> u64 {
    let mut h = WORD_KEY_START;
    for c in word.chars() {
        let c = if c.is_ascii() { char::from(c as u8 | 0x20) } else { morph::fold_accent(morph::lower(c)) };
        h = word_key_step(h, c);
    }
    h | 1 << 63
}

/// FNV-1a's offset basis: the key of a word without letters.
const WORD_KEY_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One character of [`word_key`] (lower-cased and accent-folded): hashed if a
/// Latin letter, else left out.
fn word_key_step(h: u64, c: char) -> u64 {
    if is_latin_letter(c) { fnv_step(h, u32::from(c)) } else { h }
}

/// One FNV-1a step: a letter known to be one (lower-cased and accent-folded).
fn fnv_step(h: u64, letter: u32) -> u64 {
    (h ^ u64::from(letter)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// A Latin letter (ASCII, Latin-1, Latin Extended-A and -B, Vietnamese).
fn is_latin_letter(c: char) -> bool {
    let u = u32::from(c);
    c.is_ascii_alphabetic() || ((0xC0..=0x24F).contains(&u) && u != 0xD7 && u != 0xF7) || (0x1E00..=0x1EFF).contains(&u)
}

fn pack(t: [char; 3]) -> u64 {
    t.iter().fold(0, |k, &c| (k << 21) | u64::from(u32::from(c)))
}

fn slot_of(key: u64, mask: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask
}

/// Per-language sums of one text.
type Sums = [u32; MAX_LANGUAGES];

impl Model {
    /// Reads the table: per line a code, its trigrams by rank, and its function
    /// words (`code<TAB>t|t|…<TAB>w|w|…`; the words may be missing).
    fn parse(data: &'static str) -> Model {
        // Collected once: an iterator used four times is compiled four times.
        let lines: Vec<(&'static str, &'static str)> =
            data.lines().filter_map(|l| l.split_once('\t')).take(MAX_LANGUAGES).collect();
        let n = lines.len().max(1);
        let total = data.bytes().filter(|&b| b == b'|' || b == b'\t').count() + n;
        let mut model = Model {
            langs: lines.iter().map(|(code, _)| *code).collect(),
            scorers: lines.iter().map(|(code, _)| Lang::from_tag(code)).collect(),
            table: vec![(0, 0); (total * 2).next_power_of_two().max(16)],
            entries: Vec::with_capacity(total),
        };
        // One weight per row and language while reading (the table holds row numbers
        // plus one meanwhile), then only the non-zero ones.
        let mut weights = Vec::with_capacity(total * n);
        for (l, &(_, rest)) in lines.iter().enumerate() {
            let (trigrams, words) = rest.split_once('\t').unwrap_or((rest, ""));
            for (rank, t) in trigrams.split('|').enumerate() {
                let mut chars = t.chars();
                let (Some(a), Some(b), Some(c)) = (chars.next(), chars.next(), chars.next()) else { continue };
                model.set(&mut weights, pack([a, b, c]), n, l, weight(rank));
            }
            for word in words.split('|').filter(|w| !w.is_empty()) {
                model.set(&mut weights, word_key(word), n, l, WORD_WEIGHT);
            }
        }
        let mut spans = vec![0];
        for row in weights.chunks_exact(n) {
            model.entries.extend((0..).zip(row).filter(|(_, w)| **w > 0).map(|(l, &w)| (l, w)));
            spans.push(model.entries.len() as u32);
        }
        for (_, span) in model.table.iter_mut().filter(|(key, _)| *key != 0) {
            if let (Some(&start), Some(&end)) = (spans.get(*span as usize - 1), spans.get(*span as usize)) {
                *span = start << 8 | (end - start);
            }
        }
        model
    }

    /// Sets the weight of `key` for language `l` in `weights` (one per row and
    /// language), adding its row if new.
    fn set(&mut self, weights: &mut Vec<u8>, key: u64, n: usize, l: usize, weight: u8) {
        let mask = self.table.len() - 1;
        let mut slot = slot_of(key, mask);
        let row = loop {
            match self.table[slot] {
                (k, row) if k == key => break row as usize - 1,
                (0, _) if weights.len() / n * 2 < self.table.len() => {
                    weights.resize(weights.len() + n, 0);
                    let rows = weights.len() / n;
                    self.table[slot] = (key, rows as u32);
                    break rows - 1;
                }
                (0, _) => return,
                _ => slot = (slot + 1) & mask,
            }
        };
        weights[row * n + l] = weight;
    }

    fn add(&self, key: u64, sums: &mut Sums) {
        let mask = self.table.len() - 1;
        let mut slot = slot_of(key, mask);
        let span = loop {
            match self.table[slot] {
                (0, _) => return,
                (k, span) if k == key => break span,
                _ => slot = (slot + 1) & mask,
            }
        };
        let start = (span >> 8) as usize;
        for &(l, w) in self.entries.get(start..start + (span & 0xFF) as usize).unwrap_or_default() {
            if let Some(s) = sums.get_mut(usize::from(l)) {
                *s += u32::from(w);
            }
        }
    }

    /// Adds each language's weights for the text's function words (with `words`)
    /// and its trigrams (with `trigrams`: words padded with spaces, at most
    /// [`MAX_TRIGRAMS`]), handles and addresses left out, reading each word once
    /// for both; returns the number of trigrams.
    fn scan(&self, text: &str, sums: &mut Sums, words: bool, trigrams: bool) -> usize {
        let mut count = 0;
        // Trigrams run across words, as franc counts them ("e d" in "une demande").
        // The window is kept packed ([`pack`]): each character shifts in, the oldest out.
        let mut window = pack([' '; 3]);
        let mut feed = |c: char, count: &mut usize, sums: &mut Sums| {
            if c == ' ' && window & 0x1F_FFFF == u64::from(b' ') {
                return;
            }
            window = (window << 21 | u64::from(c)) & !(1 << 63);
            *count += 1;
            self.add(window, sums);
        };
        for word in text.split_ascii_whitespace() {
            // The first sentence or two settle the language; the rest only costs time.
            let read_trigrams = trigrams && count < MAX_TRIGRAMS;
            // Function words are short: longer words are not looked up as words.
            let read_word = words && word.len() <= 12;
            if !read_trigrams && !words {
                break;
            }
            if !(read_trigrams || read_word) || is_address(word) {
                continue;
            }
            let mut key = WORD_KEY_START;
            // Letters only; other characters split the word into trigrams ("don't" →
            // "don", "t") and are left out of its key. ASCII words, most of any
            // comment, are lower-cased without decoding.
            if word.is_ascii() {
                for &b in word.as_bytes() {
                    let letter = if b.is_ascii_alphabetic() { b | 0x20 } else { b' ' };
                    if read_word && letter != b' ' {
                        key = fnv_step(key, u32::from(letter));
                    }
                    if read_trigrams {
                        feed(char::from(letter), &mut count, sums);
                    }
                }
            } else {
                for c in word.chars() {
                    let letter = if c.is_ascii() {
                        if c.is_ascii_alphabetic() { char::from(c as u8 | 0x20) } else { ' ' }
                    } else {
                        let c = morph::lower(c);
                        if read_word {
                            key = word_key_step(key, morph::fold_accent(c));
                        }
                        if is_latin_letter(c) { c } else { ' ' }
                    };
                    if read_word && c.is_ascii() && letter != ' ' {
                        key = word_key_step(key, letter);
                    }
                    if read_trigrams {
                        feed(letter, &mut count, sums);
                    }
                }
            }
            if read_word {
                self.add(key | 1 << 63, sums);
            }
            if read_trigrams {
                feed(' ', &mut count, sums);
            }
        }
        count
    }
}

/// A handle or a web address: in no language.
fn is_address(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.first() == Some(&b'@')
        || bytes.starts_with(b"www.")
        || bytes.windows(3).any(|b| b[0] == b':' && b[1] == b'/' && b[2] == b'/')
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(TABLE))
}

/// The Latin-script decision: trigram scores, then priors, then confidence.
fn latin(text: &str, hint: Hint, t: &Tuning) -> Identified {
    let model = model();
    let mut sums: Sums = [0; MAX_LANGUAGES];
    let n = model.langs.len();
    let priors = || [hint.widget_lang, hint.page_lang].into_iter().flatten().filter_map(Lang::from_tag);
    // Function words first: where the first prior's lead at least two of them and
    // more than any other language, the text is in it, and the trigrams (most of the
    // work) are not needed.
    let count = match priors().next().and_then(|prior| model.scorers.iter().position(|s| *s == Some(prior))) {
        Some(p) => {
            model.scan(text, &mut sums, true, false);
            let words = |l: usize| sums[l] / u32::from(WORD_WEIGHT);
            if words(p) >= 2 && (0..n).all(|l| l == p || words(l) < words(p)) {
                return Identified::scored(priors().next().unwrap_or_default());
            }
            model.scan(text, &mut sums, false, true)
        }
        // Without a prior both are needed: one pass reads them.
        None => model.scan(text, &mut sums, true, true),
    };
    // Per trigram, in nats (weights are sixteenths).
    let per = |l: usize| f64::from(sums[l]) / count.max(1) as f64 / 16.0;
    let Some(best) = (0..n).max_by_key(|&l| sums[l]) else {
        return Identified::LOW_CONFIDENCE;
    };
    let short = t.short / (count.max(1) as f64).sqrt();
    let best_lang = model.scorers[best];
    for prior in priors() {
        let Some(p) = model.scorers.iter().position(|s| *s == Some(prior)) else { continue };
        let margin = if best_lang.is_some_and(|b| b.confusable_with(prior)) { t.prior_group } else { t.prior_other };
        if count < t.min_trigrams || per(best) - per(p) <= margin + short {
            return Identified::scored(prior);
        }
    }
    if count < t.min_trigrams {
        return Identified::LOW_CONFIDENCE;
    }
    let runner_up = (0..n).filter(|&l| l != best).max_by_key(|&l| sums[l]);
    let lead = runner_up.map_or(f64::INFINITY, |r| per(best) - per(r));
    let same_group = match (best_lang, runner_up.and_then(|r| model.scorers[r])) {
        (Some(a), Some(b)) => a.confusable_with(b),
        _ => false,
    };
    let needed = if same_group { t.lead_group } else { t.lead } + short;
    match best_lang {
        _ if lead < needed => Identified::LOW_CONFIDENCE,
        Some(lang) => Identified::scored(lang),
        None => Identified::unscored(Some(model.langs[best])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_every_latin_script_lexicon() {
        let model = model();
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::Ar) {
            assert!(model.scorers.contains(&Some(lang)), "{lang:?}");
        }
        assert!(model.langs.len() > Lang::ALL.len(), "decoys for unscored Latin-script languages");
    }

    #[test]
    fn the_approximate_logarithm_is_close() {
        for x in [1usize, 2, 3, 7, 10, 101, 150, 301, 1000] {
            assert!((ln(x) - (x as f64).ln()).abs() < 0.03, "{x}: {} vs {}", ln(x), (x as f64).ln());
        }
    }

    #[test]
    fn weights_fall_with_rank() {
        assert!(weight(0) > weight(10) && weight(10) > weight(299) && weight(299) >= 1);
    }
}
