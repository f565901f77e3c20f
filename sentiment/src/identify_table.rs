//! Derives the language identifier's trigram table (`data/langid/trigrams.txt`)
//! from franc's per-language trigram lists (MIT, © Titus Wormer), keeping the
//! languages Touchpoint scores and a few other Latin-script languages, so that
//! their comments are told apart instead of being taken for a neighbour.

use super::identify::TRIGRAMS_PER_LANGUAGE;
use super::morph;

/// franc's code → the BCP-47 code written to the table. The first twelve have a
/// lexicon here; the rest are common Latin-script languages without one (each
/// costs the wasm about 150 bytes brotli).
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
];

/// Builds the identifier's table (`data/langid/table.txt`): per language of
/// `languages`, a line `code<TAB>trigrams<TAB>words` with its first trigrams by
/// rank from franc's `data.js` (lines `  spa: ' de|de |…',`) and, where `files`
/// has its rule file, its function words ([`words`]).
pub fn table(franc: &str, languages: &[(&str, &str)], files: &[(&str, String)]) -> Result<String, String> {
    let mut out = String::new();
    for (code3, code) in languages {
        let prefix = format!("{code3}: '");
        let line = franc
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(&prefix))
            .ok_or_else(|| format!("franc has no trigrams for {code3}"))?;
        let list = line[prefix.len()..].trim_end_matches(',').trim_end_matches('\'');
        let trigrams: Vec<&str> = list.split('|').take(TRIGRAMS_PER_LANGUAGE).collect();
        out.push_str(code);
        out.push('\t');
        out.push_str(&trigrams.join("|"));
        if let Some((_, text)) = files.iter().find(|(c, _)| c == code) {
            out.push('\t');
            out.push_str(&words(text).join("|"));
        }
        out.push('\n');
    }
    Ok(out)
}

/// A language's function words for the identifier: the `@neutral`, `@negate` and
/// `@contrast` lines of its rule file (`data/lang/LANG.tsv`), single words only,
/// the first [`WORDS_PER_LANGUAGE`], lower-cased and accent-folded, sorted.
pub fn words(rule_file: &str) -> Vec<String> {
    let mut words: Vec<String> = rule_file
        .lines()
        .filter_map(|l| l.strip_prefix('@')?.split_once('\t'))
        .filter(|(role, _)| matches!(*role, "neutral" | "negate" | "contrast"))
        .flat_map(|(_, w)| w.split('|'))
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.contains(' '))
        .map(fold_word)
        .take(WORDS_PER_LANGUAGE)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Function words kept per language, in the rule file's order (most frequent
/// first): the table's size against short texts' accuracy.
pub const WORDS_PER_LANGUAGE: usize = 30;

/// A word as the identifier compares it: lower case, accents folded.
pub(crate) fn fold_word(word: &str) -> String {
    word.chars().map(|c| morph::fold_accent(morph::lower(c))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn franc_lines_and_rule_files_become_the_table() {
        let data = "export const data = {\n  Latin: {\n    spa: ' de|de |os ',\n    eng: 'the| th',\n  }\n}\n";
        let files =
            [("es", "# c\n@neutral\tEl|la|más\n@boost\tmuy\n@negate\tno|sin embargo\nbueno\t1.9\tgood\n".to_owned())];
        assert_eq!(
            table(data, &[("eng", "en"), ("spa", "es")], &files).unwrap(),
            "en\tthe| th\nes\t de|de |os \tel|la|mas|no\n"
        );
        assert!(table(data, &[("deu", "de")], &[]).is_err());
    }
}
