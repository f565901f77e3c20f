//! What differs between languages below the rules: how a word is normalised for
//! lookup (case, accents, Arabic letter variants), how light suffix stripping
//! finds inflected forms ("schlechten" → "schlecht", "dårlige" → "dårlig"), and
//! which word-order rules apply. Both the lexicon generator and the tokeniser go
//! through these functions, so a lexicon key and a text token always meet in the
//! same form.

use super::lang::Lang;

/// Whether accents are folded for lookup. Romance languages: writers drop
/// accents freely online ("tres bien", "pessimo"), and no sentiment word pair is
/// told apart by one. Elsewhere a diacritic makes another word (German "schön"
/// and "schon", Swedish "få" and "fa"), so letters are kept.
pub(crate) fn folds_accents(lang: Lang) -> bool {
    matches!(lang, Lang::En | Lang::Fr | Lang::Es | Lang::Pt | Lang::It)
}

/// Lower-cases ASCII, Latin-1 and Latin Extended-A (Polish, Nordic and Baltic
/// letters) without Unicode's case tables, which would cost the wasm more than
/// all rules together.
pub(crate) fn lower(c: char) -> char {
    let u = u32::from(c);
    let lowered = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        // Pairs: upper case at the even code point, except in the two odd-first runs.
        0x100..=0x137 | 0x14A..=0x177 if u % 2 == 0 => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x178 => 0xFF,
        _ => u,
    };
    char::from_u32(lowered).unwrap_or(c)
}

/// Folds an accented lower-case Latin-1 letter to its base letter.
pub(crate) fn fold_accent(c: char) -> char {
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

/// Arabic letters read alike in informal writing: hamza forms of alef become bare
/// alef, alef maqsura becomes ya, ta marbuta becomes ha; diacritics (harakat) and
/// the elongating tatweel are dropped (`None`).
pub(crate) fn arabic(c: char) -> Option<char> {
    match c {
        '\u{064B}'..='\u{0652}' | '\u{0640}' | '\u{0670}' => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ى' => Some('ي'),
        'ة' => Some('ه'),
        _ => Some(c),
    }
}

/// The lookup form of one character in `lang`; `None` drops it.
pub(crate) fn normalise_char(lang: Lang, c: char) -> Option<char> {
    let c = match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => '\'',
        '\u{0600}'..='\u{06FF}' => return arabic(c),
        _ => lower(c),
    };
    Some(if folds_accents(lang) { fold_accent(c) } else { c })
}

/// Inflectional endings stripped when a word is not in the lexicon as written,
/// longest first. Only endings: derivation changes meaning too often.
fn suffixes(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En | Lang::Ar => &[],
        Lang::De => &[
            "esten", "ester", "estes", "estem", "este", "sten", "ster", "stes", "ste", "em", "en", "er", "es", "e",
            "n", "s",
        ],
        // No plural -s: Dutch adjectives end in it ("waardeloos", "boos").
        Lang::Nl => &["sten", "ste", "ere", "er", "en", "e"],
        Lang::Nb | Lang::Da => &["este", "ene", "ere", "est", "ste", "en", "et", "er", "e", "t", "a", "s"],
        Lang::Sv => &[
            "aste", "arna", "erna", "orna", "are", "ast", "ste", "an", "en", "et", "ar", "er", "or", "na", "a", "e",
            "t", "s",
        ],
        Lang::Fi => &[
            "issa", "issä", "ista", "istä", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi",
            "nsa", "nsä", "kin", "iin", "ja", "jä", "na", "nä", "ia", "iä", "ko", "kö", "n", "t", "a", "ä",
        ],
        Lang::Pl => {
            &["ego", "emu", "ymi", "imi", "ych", "ich", "iej", "ej", "ym", "im", "ą", "ę", "y", "a", "e", "i", "o", "u"]
        }
        Lang::Es | Lang::Pt => &["isimos", "isimas", "isimo", "isima", "os", "as", "es", "s", "o", "a", "e"],
        Lang::It => &["issimi", "issime", "issimo", "issima", "i", "e", "o", "a"],
        Lang::Fr => &["es", "s", "e", "x"],
    }
}

/// Arabic clitics: the article and the conjunctions and prepositions written
/// onto the word, longest first.
const ARABIC_PREFIXES: [&str; 10] = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل"];
/// Arabic pronoun and plural endings, longest first (after [`arabic`], so ta marbuta is ha).
const ARABIC_SUFFIXES: [&str; 11] = ["هما", "كم", "هم", "ها", "نا", "ات", "ون", "ين", "ه", "ي", "ك"];

/// Shortest stem left by stripping, in characters.
const MIN_STEM: usize = 3;

fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Writes the stem of a normalised word to `out` (replacing its contents):
/// at most two inflectional endings stripped (Finnish and Polish stack them),
/// never below three characters, with the language's [`Suffixes`] (built once per
/// language by the caller). Returns whether anything was stripped.
pub(crate) fn stem(table: &Suffixes, key: &[u8], out: &mut Vec<u8>) -> bool {
    out.clear();
    stem_onto(table, key, out)
}

/// [`stem`] with the language's [`Suffixes`] (each lexicon keeps its own), appending
/// the stem to what `out` already holds (the tokeniser's stem mark): nearly every
/// word of a comment in a stemmed language goes through here, so its suffixes are
/// compared byte by byte from the end, without `memcmp`.
pub(crate) fn stem_onto(table: &Suffixes, key: &[u8], out: &mut Vec<u8>) -> bool {
    let lang = table.lang;
    let base = out.len();
    out.extend_from_slice(key);
    if lang == Lang::Ar {
        return stem_arabic(out, base);
    }
    // Spanish, Portuguese and Italian stems of three letters collide with other
    // words too often ("cono" → "con"); four lifted macro-F1 on their development sets.
    let min = if matches!(lang, Lang::Es | Lang::Pt | Lang::It) { MIN_STEM + 1 } else { MIN_STEM };
    let mut stripped = false;
    let mut length = chars(key);
    for _ in 0..2 {
        if length <= min {
            break;
        }
        let word = out.get(base..).unwrap_or_default();
        let Some(&(suffix, n)) =
            table.ending_in(word.last().copied()).iter().find(|(s, n)| ends_with(word, s) && length >= n + min)
        else {
            break;
        };
        out.truncate(out.len() - suffix.len());
        length -= n;
        stripped = true;
    }
    if lang == Lang::Nl {
        stripped |= dutch_spelling(out, base);
    }
    stripped
}

/// A language's suffixes grouped by their last byte, each group in the list's order
/// (longest first), with their length in characters: a word is compared only with
/// the endings that end as it does (German "n": "esten", "sten", "en", "n", not all 16).
#[derive(Debug, Default)]
pub(crate) struct Suffixes {
    /// Whose suffixes.
    lang: Lang,
    /// The suffixes grouped by last byte.
    list: Vec<(&'static [u8], usize)>,
    /// Where the group of each last byte starts in `list` (`starts[b]..starts[b + 1]`).
    starts: Vec<u16>,
}

impl Suffixes {
    /// The table of `lang`'s suffixes.
    pub(crate) fn new(lang: Lang) -> Suffixes {
        let all = suffixes(lang);
        let mut list = Vec::with_capacity(all.len());
        let mut starts = Vec::with_capacity(257);
        // Grouped by last byte without a sort (its code would cost the wasm more).
        for b in 0..=255 {
            starts.push(list.len() as u16);
            list.extend(all.iter().map(|s| s.as_bytes()).filter(|s| s.last() == Some(&b)).map(|s| (s, chars(s))));
        }
        starts.push(list.len() as u16);
        Suffixes { lang, list, starts }
    }

    /// The suffixes ending in `last`.
    fn ending_in(&self, last: Option<u8>) -> &[(&'static [u8], usize)] {
        let Some(b) = last.map(usize::from) else { return &[] };
        let (start, end) = (self.starts.get(b).copied().unwrap_or(0), self.starts.get(b + 1).copied().unwrap_or(0));
        self.list.get(usize::from(start)..usize::from(end)).unwrap_or_default()
    }
}

/// `word.ends_with(suffix)`, compared from the last byte: most words fail there.
fn ends_with(word: &[u8], suffix: &[u8]) -> bool {
    word.len() >= suffix.len() && suffix.iter().rev().zip(word.iter().rev()).all(|(a, b)| a == b)
}

/// Dutch spells one stem two ways: a final "z" or "v" of an inflected form is the
/// base form's "s" or "f" ("waardeloze" → "waardeloos", "lieve" → "lief"), and a
/// long vowel is doubled only in a closed syllable ("grote" → "groot"). Both forms
/// meet at the undoubled spelling with "s" and "f": "waardelos", "grot", "lief".
fn dutch_spelling(stem: &mut Vec<u8>, base: usize) -> bool {
    let mut changed = false;
    if stem.len() > base
        && let Some(last) = stem.last_mut().filter(|l| matches!(**l, b'z' | b'v'))
    {
        *last = if *last == b'z' { b's' } else { b'f' };
        changed = true;
    }
    let n = stem.len();
    if n >= base + 4 {
        let (a, b, c) = (stem[n - 3], stem[n - 2], stem[n - 1]);
        if a == b && matches!(a, b'a' | b'e' | b'o' | b'u') && !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u') {
            stem.remove(n - 2);
            changed = true;
        }
    }
    changed
}

fn stem_arabic(out: &mut Vec<u8>, base: usize) -> bool {
    let mut stripped = false;
    let word = out.get(base..).unwrap_or_default();
    let mut length = chars(word);
    // Arabic letters are two bytes each in UTF-8.
    if let Some(p) = ARABIC_PREFIXES
        .iter()
        .map(|p| p.as_bytes())
        .find(|p| p.len() <= word.len() && p.iter().zip(word).all(|(a, b)| a == b) && length >= p.len() / 2 + MIN_STEM)
    {
        out.drain(base..base + p.len());
        length -= p.len() / 2;
        stripped = true;
    }
    let word = out.get(base..).unwrap_or_default();
    if let Some(s) =
        ARABIC_SUFFIXES.iter().map(|s| s.as_bytes()).find(|s| ends_with(word, s) && length >= s.len() / 2 + MIN_STEM)
    {
        out.truncate(out.len() - s.len());
        stripped = true;
    }
    stripped
}

/// Whether a negation may also stand *after* the word it negates at the end of
/// a clause, as in German, Dutch and the Scandinavian languages ("Ich mag es
/// nicht", "Jeg liker det ikke").
pub(crate) fn negates_backwards(lang: Lang) -> bool {
    matches!(lang, Lang::De | Lang::Nl | Lang::Nb | Lang::Sv | Lang::Da)
}

/// The negation written onto the next word by elision: French "n'" ("n'aime").
/// Other elided articles ("l'", "d'", "qu'", Italian "dell'") are dropped so the
/// word behind them is looked up alone.
pub(crate) fn elision(lang: Lang, key: &[u8]) -> Option<(usize, bool)> {
    if !matches!(lang, Lang::Fr | Lang::It) {
        return None;
    }
    let at = key.iter().position(|&b| b == b'\'')?;
    (at > 0 && at <= 5 && at + 1 < key.len()).then(|| (at + 1, lang == Lang::Fr && &key[..at] == b"n"))
}

/// Valence of written laughter, in tenths: VADER's "haha" (+2.0) less a little,
/// since laughter in a complaint is often bitter.
pub(crate) const LAUGHTER: i8 = 8;

/// Written laughter in any language's spelling: "hahaha", "jajaja" (Spanish),
/// "rsrs" (Portuguese), "ahah" (Italian), "hehe", "hihi", "xd". Brazilian "kkkk"
/// is left out: on the Portuguese development set it marks mockery as often as joy.
/// English has its own entries in VADER's lexicon.
pub(crate) fn is_laughter(key: &[u8]) -> bool {
    if key == b"xd" || key == b"xdd" || key == b"mdr" || key == b"ptdr" {
        return true;
    }
    // At least two syllables of one consonant (h, j) and a vowel ("hahaha", "jeje"),
    // "rsrs", or "ahah" (a vowel first).
    let syllables = |key: &[u8]| {
        let c = key.first().copied().unwrap_or(0);
        key.len() >= 4
            && matches!(c, b'h' | b'j')
            && key.chunks(2).all(|s| s[0] == c && s.get(1).is_none_or(|v| matches!(v, b'a' | b'e' | b'i')))
    };
    syllables(key)
        || (key.len() >= 4 && key.chunks(2).all(|s| s == b"rs"))
        || (key.first() == Some(&b'a') && syllables(key.get(1..).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(lang: Lang, word: &str) -> String {
        let mut out = Vec::new();
        stem(&Suffixes::new(lang), word.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn inflected_forms_meet_their_base_form() {
        let cases = [
            (Lang::De, "schlechten", "schlecht"),
            (Lang::De, "schlechteste", "schlecht"),
            (Lang::De, "schlecht", "schlecht"),
            (Lang::De, "freundliche", "freundlich"),
            (Lang::Nb, "dårlige", "dårlig"),
            (Lang::Nb, "bra", "bra"),
            (Lang::Sv, "dåliga", "dålig"),
            (Lang::Es, "buenisimos", "buen"),
            (Lang::Es, "buena", "buen"),
            (Lang::It, "pessima", "pessim"),
            (Lang::Pl, "dobrego", "dobr"),
            (Lang::Pl, "dobry", "dobr"),
            (Lang::Fi, "hyvää", "hyv"),
            (Lang::Fi, "hyvä", "hyv"),
            (Lang::En, "goods", "goods"),
            (Lang::Nl, "waardeloze", "waardelos"),
            (Lang::Nl, "waardeloos", "waardelos"),
            (Lang::Nl, "lieve", "lief"),
            (Lang::Nl, "grote", "grot"),
            (Lang::Nl, "groot", "grot"),
            (Lang::Nl, "mooie", "mooi"),
        ];
        for (lang, word, stem) in cases {
            assert_eq!(stemmed(lang, word), stem, "{lang:?} {word}");
        }
    }

    #[test]
    fn arabic_clitics_are_stripped_from_both_ends() {
        // "and the service", "service": one stem.
        assert_eq!(stemmed(Lang::Ar, "والخدمه"), "خدم");
        assert_eq!(stemmed(Lang::Ar, "خدمه"), "خدم");
        assert_eq!(stemmed(Lang::Ar, "خدمتهم"), "خدمت");
        assert_eq!(stemmed(Lang::Ar, "ال"), "ال");
    }

    #[test]
    fn case_folds_beyond_latin_1() {
        let lowered: String = "ŁÓDŹ ŚWIĘTA ÆØÅ ÄÖÜ Ÿ".chars().map(lower).collect();
        assert_eq!(lowered, "łódź święta æøå äöü ÿ");
        assert_eq!(normalise_char(Lang::De, 'Ö'), Some('ö'));
        assert_eq!(normalise_char(Lang::Es, 'Í'), Some('i'));
        assert_eq!(normalise_char(Lang::Ar, 'أ'), Some('ا'));
        assert_eq!(normalise_char(Lang::Ar, '\u{064E}'), None);
    }

    #[test]
    fn laughter_is_read_in_many_spellings() {
        for word in ["haha", "hahaha", "jajaja", "jejeje", "rsrs", "ahahah", "hihi", "xd", "mdr", "hah"] {
            assert_eq!(is_laughter(word.as_bytes()), word != "hah", "{word}");
        }
        for word in ["hare", "java", "rsvp", "ahora", "kk", "ha", "hehr", "haja", "hoje", "kkkk"] {
            assert!(!is_laughter(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn french_elision_splits_off_the_article_and_reads_n_as_negation() {
        assert_eq!(elision(Lang::Fr, b"n'aime"), Some((2, true)));
        assert_eq!(elision(Lang::Fr, b"l'accueil"), Some((2, false)));
        assert_eq!(elision(Lang::It, b"dell'albergo"), Some((5, false)));
        assert_eq!(elision(Lang::De, b"geht's"), None);
        assert_eq!(elision(Lang::Fr, b"aujourd'hui"), None);
    }
}
