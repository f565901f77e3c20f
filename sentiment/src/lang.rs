//! The languages the scorer knows by name: those it has a lexicon and rules for,
//! how their BCP-47 tags are read, and which are easily confused with each other.

/// A language with a lexicon and rules in this crate. Whether it is *scored*
/// is the release gate's decision ([`crate::release::is_released`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English: VADER's lexicon and rules.
    #[default]
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
    /// Italian.
    It,
    /// Dutch.
    Nl,
    /// Norwegian (Bokmål; Nynorsk and the macrolanguage tag "no" are read as it).
    Nb,
    /// Swedish.
    Sv,
    /// Danish.
    Da,
    /// Finnish.
    Fi,
    /// Polish.
    Pl,
    /// Arabic.
    Ar,
}

impl Lang {
    /// Every language with a lexicon, in a fixed order (the index of [`Lang::index`]).
    pub const ALL: [Lang; 13] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::Pt,
        Lang::It,
        Lang::Nl,
        Lang::Nb,
        Lang::Sv,
        Lang::Da,
        Lang::Fi,
        Lang::Pl,
        Lang::Ar,
    ];

    /// The BCP-47 primary language subtag.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Nb => "nb",
            Lang::Sv => "sv",
            Lang::Da => "da",
            Lang::Fi => "fi",
            Lang::Pl => "pl",
            Lang::Ar => "ar",
        }
    }

    /// Position in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Reads a BCP-47 tag ("de", "de-AT", "pt_BR", "NO", "nn") by its primary
    /// subtag; `None` for a language without a lexicon here.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        // Bytes, without a pattern searcher: `scoreText(text, {lang})` reads a tag per text.
        let tag = tag.as_bytes();
        let primary = tag.get(..tag.iter().position(|&b| b == b'-' || b == b'_').unwrap_or(tag.len()))?;
        // The macrolanguage "no" and Nynorsk share Bokmål's sentiment words closely enough.
        if primary.eq_ignore_ascii_case(b"no") || primary.eq_ignore_ascii_case(b"nn") {
            return Some(Lang::Nb);
        }
        // Compared without allocating: a lower-cased copy would cost the wasm more.
        Lang::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.code().as_bytes()))
    }

    /// Languages so alike in short texts that only a prior settles them: the
    /// Scandinavian ones, the Ibero-Romance ones with Italian, German and Dutch.
    pub fn group(self) -> u8 {
        match self {
            Lang::Nb | Lang::Sv | Lang::Da => 1,
            Lang::Es | Lang::Pt | Lang::It => 2,
            Lang::De | Lang::Nl => 3,
            Lang::En | Lang::Fr | Lang::Fi | Lang::Pl | Lang::Ar => 0,
        }
    }

    /// Whether `self` and `other` are easily confused ([`Lang::group`]).
    pub fn confusable_with(self, other: Lang) -> bool {
        self == other || (self.group() != 0 && self.group() == other.group())
    }
}

/// The primary subtag of a BCP-47 tag, lower-cased, if it is two or three ASCII letters.
pub(crate) fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?;
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_by_their_primary_subtag() {
        let cases = [
            ("de", Some(Lang::De)),
            ("de-AT", Some(Lang::De)),
            ("pt_BR", Some(Lang::Pt)),
            ("NO", Some(Lang::Nb)),
            ("nn-NO", Some(Lang::Nb)),
            ("ja", None),
            ("", None),
        ];
        for (tag, lang) in cases {
            assert_eq!(Lang::from_tag(tag), lang, "{tag}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
            assert_eq!(Lang::ALL[lang.index()], lang);
        }
        assert_eq!(primary_subtag("he-IL").as_deref(), Some("he"));
        assert_eq!(primary_subtag("auto-x"), None);
    }

    #[test]
    fn groups_pair_only_the_easily_confused() {
        assert!(Lang::Nb.confusable_with(Lang::Da) && Lang::Es.confusable_with(Lang::It));
        assert!(Lang::De.confusable_with(Lang::Nl) && !Lang::De.confusable_with(Lang::Da));
        assert!(!Lang::En.confusable_with(Lang::Fr) && Lang::Fi.confusable_with(Lang::Fi));
    }
}
