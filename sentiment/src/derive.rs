//! Derives the compact lexicon from its sources: VADER's `vader_lexicon.txt` and
//! `emoji_utf8_lexicon.txt` (kept outside the repository, in ../shared/data/lexicon)
//! and Touchpoint's `sentiment/data/sentiment/additions.tsv`. Used by the
//! `gen_lexicon` example and by the test that checks the committed lexicon is
//! current; the scorer itself only reads the result.

use super::lexicon::{Lexicon, Source};
use super::scorer;
use super::tokenise::{normalise, tokenise};

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
