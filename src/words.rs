//! The widget's words in the visitor's language: the catalogue the loader fetched (or the
//! English one compiled in), and the browser's `Intl` for plural forms, numbers and waits.

use touchpoint_core::answers::Need;
use touchpoint_core::duration::Duration;
use touchpoint_core::i18n::{Catalogue, Category, Language, Msg};

use crate::browser::intl::{self, Plurals};

/// The language the widget speaks, and how it says things in it.
#[derive(Debug)]
pub struct Words {
    pub language: Language,
    /// The BCP-47 tag `Intl` writes dates, numbers and plurals for (e.g. `nb-NO`): the tag
    /// the language was chosen by; `None`: the browser's own (English, unless asked otherwise).
    pub locale: Option<String>,
    pub catalogue: Catalogue,
    plurals: Option<Plurals>,
}

impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        self.language == other.language && self.locale == other.locale && self.catalogue == other.catalogue
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::new(Language::En, None, Catalogue::english().clone())
    }
}

impl Words {
    /// `catalogue` in `language`, with `Intl` for `locale`.
    pub fn new(language: Language, locale: Option<String>, catalogue: Catalogue) -> Words {
        let plurals = intl::plurals(locale.as_deref().or(Some(language.code())));
        Words { language, locale, catalogue, plurals }
    }

    /// The words for the language tag `tag` chosen by the loader, from the catalogue's JSON
    /// (English is compiled in: `None`). What a catalogue lacks stays English.
    pub fn chosen(tag: &str, catalogue: Option<&str>) -> Words {
        let Some(language) = Language::from_tag(tag) else { return Words::default() };
        let catalogue = match catalogue {
            Some(json) if language != Language::En => Catalogue::read(language, json),
            _ => Catalogue::english().clone(),
        };
        Words::new(language, Some(tag.to_owned()), catalogue)
    }

    /// The locale for `Intl`: the chosen tag, else the language's code.
    pub fn intl_locale(&self) -> &str {
        self.locale.as_deref().unwrap_or(self.language.code())
    }

    pub fn text(&self, msg: Msg) -> &str {
        self.catalogue.text(msg)
    }

    pub fn fill(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        self.catalogue.fill(msg, args)
    }

    /// The plural category of `n` in this language (English's rule where `Intl` has none).
    pub fn category(&self, n: u64) -> Category {
        let name = self.plurals.as_ref().map(|p| p.category(n));
        let known = <Category as touchpoint_core::fields::Kind>::ALL.iter().copied();
        known
            .into_iter()
            .find(|c| Some(touchpoint_core::fields::Kind::name(*c)) == name.as_deref())
            .unwrap_or_else(|| Category::english(n))
    }

    /// `msg`'s plural form for `n`, with `{n}` filled in.
    pub fn count(&self, msg: Msg, n: u64) -> String {
        touchpoint_core::i18n::fill(self.catalogue.plural(msg, self.category(n)), &[("n", &n.to_string())])
    }

    /// What a question needs, said to the visitor.
    pub fn need(&self, need: Need) -> String {
        need.message(&self.catalogue, |n| self.category(n))
    }

    /// "Typically replies in 5 min": the wait rounded as people say it, written by `Intl`.
    pub fn replies_in(&self, wait: Duration) -> String {
        let duration = match wait.rounded() {
            None => self.text(Msg::UnderAMinute).to_owned(),
            Some((n, unit)) => intl::wait(n, unit.name(), Some(self.intl_locale())).unwrap_or_else(|| wait.describe()),
        };
        self.fill(Msg::RepliesIn, &[("duration", &duration)])
    }
}
