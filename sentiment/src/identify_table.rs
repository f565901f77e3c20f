//! Derives the language identifier's trigram table (`data/langid/trigrams.txt`)
//! from franc's per-language trigram lists (MIT, © Titus Wormer), keeping the
//! languages Touchpoint scores and a few other Latin-script languages, so that
//! their comments are told apart instead of being taken for a neighbour.

use super::identify::TRIGRAMS_PER_LANGUAGE;
use super::morph;

/// franc's code → the BCP-47 code written to the table. The first twelve have a
/// lexicon here; the rest are common Latin-script languages without one.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("eng", "en"),
    ("deu", "de"),
    ("fra", "fr"),
    ("spa", "es"),
    ("por", "pt"),
    ("ita", "it"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("swe", "sv"),
    ("dan", "da"),
    ("fin", "fi"),
    ("pol", "pl"),
    ("tur", "tr"),
    ("ind", "id"),
    ("ces", "cs"),
    ("ron", "ro"),
    ("hun", "hu"),
    ("cat", "ca"),
    ("hrv", "hr"),
    ("vie", "vi"),
    ("ekk", "et"),
];

/// Reads franc's `data.js` (lines `  spa: ' de|de |…',`) and writes one line per
/// language of `languages`: code, tab, its first trigrams by rank joined by `|`.
pub fn from_franc(data: &str, languages: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::new();
    for (franc, code) in languages {
        let prefix = format!("{franc}: '");
        let line = data
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(&prefix))
            .ok_or_else(|| format!("franc has no trigrams for {franc}"))?;
        let list = line[prefix.len()..].trim_end_matches(',').trim_end_matches('\'');
        let trigrams: Vec<&str> = list.split('|').take(TRIGRAMS_PER_LANGUAGE).collect();
        out.push_str(code);
        out.push('\t');
        out.push_str(&trigrams.join("|"));
        out.push('\n');
    }
    Ok(out)
}

/// The word list of the identifier (`data/langid/words.txt`): per language with
/// a rule file, its function words (the `@neutral`, `@negate` and `@contrast`
/// lines of `data/lang/LANG.tsv`, single words only), lower-cased and
/// accent-folded as the identifier reads text.
pub fn words(files: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (code, text) in files {
        let mut words: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix('@')?.split_once('\t'))
            .filter(|(role, _)| matches!(*role, "neutral" | "negate" | "contrast"))
            .map(|(_, w)| w)
            .flat_map(|w| w.split('|'))
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.contains(' '))
            .map(fold_word)
            .collect();
        words.sort();
        words.dedup();
        out.push_str(code);
        out.push('\t');
        out.push_str(&words.join("|"));
        out.push('\n');
    }
    out
}

/// A word as the identifier compares it: lower case, accents folded.
pub(crate) fn fold_word(word: &str) -> String {
    word.chars().map(|c| morph::fold_accent(morph::lower(c))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn franc_lines_become_ranked_lists() {
        let data = "export const data = {\n  Latin: {\n    spa: ' de|de |os ',\n    eng: 'the| th',\n  }\n}\n";
        assert_eq!(from_franc(data, &[("eng", "en"), ("spa", "es")]).unwrap(), "en\tthe| th\nes\t de|de |os \n");
        assert!(from_franc(data, &[("deu", "de")]).is_err());
    }
}
