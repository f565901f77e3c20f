//! The release gate's measurements, shared by `examples/languages.rs` (which
//! prints them) and `tests/sentiment_gate.rs` (which checks [`crate::release`]
//! against them): per language, the scorer's 3-class figures on its development
//! or evaluation set next to multilang-sentiment's (`data/eval/peers.tsv`), and
//! the language identifier's figures on the same texts.

use std::fmt::Write as _;
use std::path::Path;

use super::evaluation::{self, ClassFigures, LANGUAGE_SETS, Source};
use super::identify::{Hint, Status, identify};
use super::lang::Lang;
use super::release;

/// How the language identifier did on a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IdCounts {
    /// Texts in the set.
    pub texts: usize,
    /// Identified as the set's language.
    pub right: usize,
    /// Identified as another language (scored or not): a wrong answer, not a refusal.
    pub wrong: usize,
    /// Texts of 40 characters or more.
    pub long: usize,
    /// Of those, identified as the set's language.
    pub long_right: usize,
}

impl IdCounts {
    /// Counts identification of `texts`, all in `lang`, under `hint`.
    pub fn measure<'a>(lang: &str, texts: impl Iterator<Item = &'a str>, hint: Hint) -> IdCounts {
        let mut n = IdCounts::default();
        for text in texts {
            let id = identify(text, hint);
            let right = id.lang == Some(lang);
            let long = text.chars().count() >= 40;
            n.texts += 1;
            n.right += usize::from(right);
            n.wrong += usize::from(!right && id.lang.is_some() && id.status != Status::LowConfidence);
            n.long += usize::from(long);
            n.long_right += usize::from(long && right);
        }
        n
    }

    /// Share of 40+ character texts identified right.
    pub fn long_right_share(&self) -> f64 {
        self.long_right as f64 / self.long.max(1) as f64
    }

    /// Share of all texts identified as another language.
    pub fn wrong_share(&self) -> f64 {
        self.wrong as f64 / self.texts.max(1) as f64
    }
}

impl std::ops::AddAssign for IdCounts {
    fn add_assign(&mut self, o: IdCounts) {
        self.texts += o.texts;
        self.right += o.right;
        self.wrong += o.wrong;
        self.long += o.long;
        self.long_right += o.long_right;
    }
}

/// Everything measured for one language.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageReport {
    /// The language.
    pub lang: Lang,
    /// Development or evaluation set.
    pub source: Source,
    /// Texts in the set.
    pub texts: usize,
    /// The scorer with the language given (as multilang-sentiment is given it).
    pub ours: ClassFigures,
    /// As the widget runs: identified with the language as prior, unscored texts
    /// counted as neutral.
    pub auto: ClassFigures,
    /// Share of texts scored on the auto path.
    pub scored: f64,
    /// multilang-sentiment on the same texts, from `peers.tsv`.
    pub peer: Option<ClassFigures>,
    /// Language identification with the language as prior.
    pub id_prior: IdCounts,
    /// Language identification from the text alone.
    pub id_auto: IdCounts,
}

impl LanguageReport {
    /// The gate: strictly better macro-F1 than multilang-sentiment on the same texts.
    pub fn passes(&self) -> bool {
        self.peer.is_some_and(|p| self.ours.macro_f1 > p.macro_f1)
    }
}

/// Measures every language with a set; `root` is the repository root, with
/// ../shared beside it. A missing development set is an error (callers check
/// for ../shared first).
pub fn measure(root: &Path) -> Result<Vec<LanguageReport>, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    // Until bench/sentiment/peers.mjs has written it, no language can pass.
    let peers =
        evaluation::peers(&std::fs::read_to_string(root.join("sentiment/data/eval/peers.tsv")).unwrap_or_default());
    let mut reports = Vec::new();
    for (lang, source) in LANGUAGE_SETS {
        let text = read(&source.file(root, lang))?;
        let items = evaluation::parse_labelled(&text).map_err(|e| format!("{}: {e}", lang.code()))?;
        let gold: Vec<i8> = items.iter().map(|i| i.gold).collect();
        let forced: Vec<i8> =
            items.iter().map(|i| evaluation::class(super::score_in(i.text, lang).map(|s| s.compound))).collect();
        let hint = Hint::with_priors(Some(lang.code()), None);
        let auto: Vec<Option<f64>> = items
            .iter()
            .map(|i| {
                let id = identify(i.text, hint);
                id.scorer.filter(|l| *l == lang).and_then(|l| super::score_in(i.text, l)).map(|s| s.compound)
            })
            .collect();
        let peer = peers.iter().find(|p| p.lang == lang.code() && p.set == source.name() && p.texts == items.len());
        reports.push(LanguageReport {
            lang,
            source,
            texts: items.len(),
            ours: evaluation::class_figures(&gold, &forced),
            auto: evaluation::class_figures(&gold, &auto.iter().map(|c| evaluation::class(*c)).collect::<Vec<_>>()),
            scored: auto.iter().filter(|c| c.is_some()).count() as f64 / items.len().max(1) as f64,
            peer: peer.map(|p| p.figures),
            id_prior: IdCounts::measure(lang.code(), items.iter().map(|i| i.text), hint),
            id_auto: IdCounts::measure(lang.code(), items.iter().map(|i| i.text), Hint::auto()),
        });
    }
    Ok(reports)
}

/// The README's per-language table (Markdown).
pub fn table(reports: &[LanguageReport]) -> String {
    let mut out = String::from(
        "| lang | set (texts) | macro-F1 | accuracy | auto: macro-F1 / accuracy / scored | multilang-sentiment macro-F1 / accuracy | gate | released |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for r in reports {
        let peer = r.peer.map_or_else(|| "–".to_owned(), |p| format!("{:.3} / {:.3}", p.macro_f1, p.accuracy));
        let _ = writeln!(
            out,
            "| {} | {} ({}) | {:.3} | {:.3} | {:.3} / {:.3} / {:.0} % | {peer} | {} | {} |",
            r.lang.code(),
            r.source.name(),
            r.texts,
            r.ours.macro_f1,
            r.ours.accuracy,
            r.auto.macro_f1,
            r.auto.accuracy,
            r.scored * 100.0,
            if r.passes() { "pass" } else { "fail" },
            if release::is_released(r.lang) { "yes" } else { "no" },
        );
    }
    out
}

/// The language identifier's table (Markdown): per set, with the language as
/// prior and from the text alone.
pub fn id_table(rows: &[(String, IdCounts, IdCounts)]) -> String {
    let mut out = String::from(
        "| set | texts | prior: right on 40+ chars | prior: wrong | auto: right on 40+ chars | auto: wrong |\n\
         |---|---|---|---|---|---|\n",
    );
    let pct = |x: f64| format!("{:.1} %", x * 100.0);
    for (name, prior, auto) in rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} |",
            prior.texts,
            pct(prior.long_right_share()),
            pct(prior.wrong_share()),
            pct(auto.long_right_share()),
            pct(auto.wrong_share()),
        );
    }
    out
}

/// Whether the gate has figures for `lang` (English's are the accuracy test's):
/// a language without them cannot be released.
pub fn has_set(lang: Lang) -> bool {
    lang == Lang::En || LANGUAGE_SETS.iter().any(|(l, _)| *l == lang)
}
