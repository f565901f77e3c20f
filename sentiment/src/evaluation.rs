//! The evaluation protocol of ../shared/data/sentiment/README.md as pure
//! functions: parse a set, compute acc3 / bin strict / bin lenient / r from
//! scores, and read the README's table of reference figures, so the evaluation
//! example and the accuracy test compare against the same numbers the README shows.

use std::path::{Path, PathBuf};

use super::Label;
use super::lang::Lang;

/// The human-labelled sets and how their files are laid out.
pub const SETS: [DataSet; 3] = [
    DataSet { name: "tweets", file: "tweets_GroundTruth.txt", kind: Kind::Rated },
    DataSet { name: "movies", file: "movieReviewSnippets_GroundTruth.txt", kind: Kind::Rated },
    DataSet { name: "yelp", file: "uci_yelp_labelled.txt", kind: Kind::Labelled },
];

/// One evaluation set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataSet {
    /// Short name, as in the README's table header.
    pub name: &'static str,
    /// File name in ../shared/data/sentiment.
    pub file: &'static str,
    /// Line format and gold standard.
    pub kind: Kind,
}

/// How a set is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `id<TAB>mean<TAB>text`, the mean of human ratings on -4..+4.
    Rated,
    /// `sentence<TAB>0|1`.
    Labelled,
}

/// A text and its gold value (mean rating, or 0/1 label).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item<'a> {
    /// The text to score.
    pub text: &'a str,
    /// The human judgement.
    pub gold: f64,
}

/// A line that does not fit the set's format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl DataSet {
    /// Parses the file's text: lines split on `\n`, a trailing `\r` stripped, empty lines skipped.
    pub fn parse<'a>(&self, text: &'a str) -> Result<Vec<Item<'a>>, BadLine> {
        let mut items = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let bad = |problem| BadLine { line: i + 1, problem };
            let (text, gold) = match self.kind {
                Kind::Rated => {
                    let mut f = line.splitn(3, '\t');
                    let (_id, mean, text) = (f.next(), f.next(), f.next().ok_or(bad("expected id, mean and text"))?);
                    (text, mean.and_then(|m| m.parse().ok()).ok_or(bad("mean is not a number"))?)
                }
                Kind::Labelled => {
                    let (text, label) = line.rsplit_once('\t').ok_or(bad("expected sentence and label"))?;
                    (
                        text,
                        label
                            .trim()
                            .parse()
                            .ok()
                            .filter(|l| *l == 0.0 || *l == 1.0)
                            .ok_or(bad("label is not 0 or 1"))?,
                    )
                }
            };
            items.push(Item { text, gold });
        }
        Ok(items)
    }

    /// The README's metrics for `scores` (one per item, same order).
    pub fn metrics(&self, items: &[Item], scores: &[f64]) -> Metrics {
        let pairs = || items.iter().map(|i| i.gold).zip(scores.iter().copied());
        let sign = |gold: f64| match self.kind {
            Kind::Rated => gold.signum(),
            Kind::Labelled => 2.0 * gold - 1.0,
        };
        // Binary accuracy over the items with a clear sign (all items for labelled sets).
        let clear: Vec<(f64, Label)> = pairs()
            .filter(|(gold, _)| self.kind == Kind::Labelled || gold.abs() >= 0.5)
            .map(|(gold, s)| (sign(gold), Label::of(s)))
            .collect();
        let share = |hit: &dyn Fn(f64, Label) -> bool| {
            clear.iter().filter(|(g, l)| hit(*g, *l)).count() as f64 / clear.len().max(1) as f64
        };
        let strict = share(&|g, l| (g > 0.0 && l == Label::Positive) || (g < 0.0 && l == Label::Negative));
        let lenient = share(&|g, l| if g > 0.0 { l != Label::Negative } else { l == Label::Negative });
        let acc3 = (self.kind == Kind::Rated).then(|| {
            let gold3 = |g: f64| {
                Label::of(if g > 0.2 {
                    1.0
                } else if g < -0.2 {
                    -1.0
                } else {
                    0.0
                })
            };
            pairs().filter(|(g, s)| gold3(*g) == Label::of(*s)).count() as f64 / items.len().max(1) as f64
        });
        let golds: Vec<f64> = items.iter().map(|i| i.gold).collect();
        Metrics { acc3, strict, lenient, r: pearson(scores, &golds) }
    }
}

/// The figures of one scorer on one set.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    /// 3-class accuracy (rated sets only).
    pub acc3: Option<f64>,
    /// Binary accuracy, a neutral prediction counted wrong.
    pub strict: f64,
    /// Binary accuracy, a neutral prediction counted positive.
    pub lenient: f64,
    /// Pearson correlation of score and gold.
    pub r: f64,
}

/// Pearson's r; 0 when either side has no variance.
pub fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len().min(ys.len()) as f64;
    if n == 0.0 {
        return 0.0;
    }
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let (mut cov, mut vx, mut vy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        cov += (x - mx) * (y - my);
        vx += (x - mx) * (x - mx);
        vy += (y - my) * (y - my);
    }
    if vx == 0.0 || vy == 0.0 { 0.0 } else { cov / (vx * vy).sqrt() }
}

/// One row of the README's reference table: a scorer's published figures per set.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The scorer as the README names it.
    pub scorer: String,
    /// Per set name ("tweets", ...), the figures the README gives (absent ones are `None`).
    pub sets: Vec<(String, ReferenceFigures)>,
}

/// Figures for one set from the README; each metric only where the README has a column for it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ReferenceFigures {
    /// 3-class accuracy.
    pub acc3: Option<f64>,
    /// Binary strict accuracy.
    pub strict: Option<f64>,
    /// Binary lenient accuracy.
    pub lenient: Option<f64>,
    /// Pearson r.
    pub r: Option<f64>,
}

/// Reads the reference table: a header cell such as `tweets acc3 / bin strict / r`
/// names a set and its metrics; body cells hold `.885 / .960 / .872`.
pub fn references(readme: &str) -> Vec<Reference> {
    // The table whose header starts with "scorer": its rows run until the first non-table line.
    let rows: Vec<Vec<&str>> = readme
        .lines()
        .map(str::trim)
        .skip_while(|l| !l.starts_with("| scorer"))
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let Some(header) = rows.first() else {
        return Vec::new();
    };
    // Per column: the set name and its metric names, for columns that name a set.
    let columns: Vec<Option<(&str, Vec<&str>)>> = header
        .iter()
        .map(|cell| {
            let (set, metrics) = cell.split_once(' ')?;
            SETS.iter().any(|s| s.name == set).then(|| (set, metrics.split(" / ").map(str::trim).collect()))
        })
        .collect();
    rows.iter()
        .filter(|r| r.first() != Some(&"scorer") && !r.iter().all(|c| c.chars().all(|c| c == '-' || c == ':')))
        .map(|row| Reference {
            scorer: row.first().map_or_else(String::new, |s| (*s).to_owned()),
            sets: row
                .iter()
                .zip(&columns)
                .filter_map(|(cell, column)| {
                    let (set, metrics) = column.as_ref()?;
                    let mut figures = ReferenceFigures::default();
                    for (metric, value) in metrics.iter().zip(cell.split('/')) {
                        let value = value.trim().parse().ok();
                        match *metric {
                            "acc3" => figures.acc3 = value,
                            "bin strict" => figures.strict = value,
                            "lenient" | "bin lenient" => figures.lenient = value,
                            "r" => figures.r = value,
                            _ => {}
                        }
                    }
                    Some(((*set).to_owned(), figures))
                })
                .collect(),
        })
        .collect()
}

/// The non-English sets: a development set in ../shared/data/sentiment-ml
/// (tweets; nb: review sentences) or, where there is none on purpose, a
/// hand-written evaluation set in `sentiment/data/eval`.
pub const LANGUAGE_SETS: [(Lang, Source); 12] = [
    (Lang::De, Source::Development),
    (Lang::Fr, Source::Development),
    (Lang::Es, Source::Development),
    (Lang::Pt, Source::Development),
    (Lang::It, Source::Development),
    (Lang::Ar, Source::Development),
    (Lang::Nb, Source::Development),
    (Lang::Sv, Source::Evaluation),
    (Lang::Da, Source::Evaluation),
    (Lang::Nl, Source::Evaluation),
    (Lang::Fi, Source::Evaluation),
    (Lang::Pl, Source::Evaluation),
];

/// Where a language's labelled texts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `../shared/data/sentiment-ml/LANG.tsv`: for tuning and measuring.
    Development,
    /// `sentiment/data/eval/LANG.tsv`: measuring only, never tuned on.
    Evaluation,
}

impl Source {
    /// The name used in `peers.tsv` and the README ("dev" or "eval").
    pub fn name(self) -> &'static str {
        match self {
            Source::Development => "dev",
            Source::Evaluation => "eval",
        }
    }

    /// The set's file, given the repository root (with ../shared beside it).
    pub fn file(self, root: &Path, lang: Lang) -> PathBuf {
        match self {
            Source::Development => root.join("../shared/data/sentiment-ml").join(format!("{}.tsv", lang.code())),
            Source::Evaluation => root.join("sentiment/data/eval").join(format!("{}.tsv", lang.code())),
        }
    }
}

/// A labelled text of a language set: gold class -1, 0 or 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labelled<'a> {
    /// The text.
    pub text: &'a str,
    /// Its class: -1 negative, 0 neutral, 1 positive.
    pub gold: i8,
}

/// Parses `LABEL<TAB>TEXT` lines (a trailing `\r` dropped, empty lines skipped).
pub fn parse_labelled(text: &str) -> Result<Vec<Labelled<'_>>, BadLine> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let bad = |problem| BadLine { line: i + 1, problem };
        let (label, text) = line.split_once('\t').ok_or(bad("expected label and text"))?;
        let gold =
            label.trim().parse().ok().filter(|l: &i8| (-1..=1).contains(l)).ok_or(bad("label is not -1, 0 or 1"))?;
        out.push(Labelled { text, gold });
    }
    Ok(out)
}

/// The class of a predicted compound score (`None`, unscored, counts as neutral).
pub fn class(compound: Option<f64>) -> i8 {
    match compound.map(Label::of) {
        Some(Label::Positive) => 1,
        Some(Label::Negative) => -1,
        _ => 0,
    }
}

/// 3-class figures of predictions against gold classes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClassFigures {
    /// Mean F1 of the three classes.
    pub macro_f1: f64,
    /// Share of texts classed right.
    pub accuracy: f64,
}

/// Macro-F1 and accuracy (an empty class contributes an F1 of 0).
pub fn class_figures(gold: &[i8], predicted: &[i8]) -> ClassFigures {
    let pairs = || gold.iter().zip(predicted);
    let f1: f64 = [-1, 0, 1]
        .iter()
        .map(|&c| {
            let tp = pairs().filter(|(g, p)| **g == c && **p == c).count() as f64;
            let fp = pairs().filter(|(g, p)| **g != c && **p == c).count() as f64;
            let fn_ = pairs().filter(|(g, p)| **g == c && **p != c).count() as f64;
            if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) }
        })
        .sum();
    let right = pairs().filter(|(g, p)| g == p).count() as f64;
    ClassFigures { macro_f1: f1 / 3.0, accuracy: right / gold.len().max(1) as f64 }
}

/// One row of `sentiment/data/eval/peers.tsv`: multilang-sentiment on one set.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    /// The language code.
    pub lang: String,
    /// "dev" or "eval".
    pub set: String,
    /// Texts in the set when measured.
    pub texts: usize,
    /// Its figures.
    pub figures: ClassFigures,
}

/// Reads `peers.tsv` (`#` comments and the header line skipped).
pub fn peers(text: &str) -> Vec<Peer> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("lang\t"))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let [lang, set, texts, f1, acc] = f[..] else { return None };
            Some(Peer {
                lang: lang.to_owned(),
                set: set.to_owned(),
                texts: texts.parse().ok()?,
                figures: ClassFigures { macro_f1: f1.parse().ok()?, accuracy: acc.parse().ok()? },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_lines_and_class_figures() {
        let items = parse_labelled("1\tgut\r\n0\tso\n-1\tmies\n").unwrap();
        assert_eq!(items.iter().map(|i| i.gold).collect::<Vec<_>>(), [1, 0, -1]);
        assert!(parse_labelled("2\tx").is_err());
        let f = class_figures(&[1, 0, -1, 1], &[1, 0, 0, -1]);
        assert_eq!(f.accuracy, 0.5);
        // F1: positive 2/3, neutral 2/3, negative 0.
        assert!((f.macro_f1 - 4.0 / 9.0).abs() < 1e-12);
        assert_eq!(class(None), 0);
        assert_eq!(class(Some(-0.3)), -1);
        let p = peers("# c\nlang\tset\ttexts\tmacro_f1\taccuracy\nde\tdev\t10\t0.5\t0.6\n");
        assert_eq!(p[0].figures, ClassFigures { macro_f1: 0.5, accuracy: 0.6 });
    }

    #[test]
    fn rated_lines_split_on_newline_and_drop_carriage_returns() {
        let items = SETS[0].parse("1\t2.5\tgreat\tday\r\n2\t-0.1\tmeh").unwrap();
        assert_eq!(items, [Item { text: "great\tday", gold: 2.5 }, Item { text: "meh", gold: -0.1 }]);
        assert_eq!(SETS[0].parse("1\tx\ttext"), Err(BadLine { line: 1, problem: "mean is not a number" }));
    }

    #[test]
    fn labelled_lines_take_the_last_tab_field_as_label() {
        let items = SETS[2].parse("So good.\t1\nMeh.\t0\n").unwrap();
        assert_eq!(items, [Item { text: "So good.", gold: 1.0 }, Item { text: "Meh.", gold: 0.0 }]);
        assert!(SETS[2].parse("x\t2").is_err());
    }

    #[test]
    fn metrics_follow_the_readme_definitions() {
        let items: Vec<Item> = [3.0, -2.0, 0.1, 0.6, -0.3].iter().map(|&gold| Item { text: "", gold }).collect();
        let scores = [0.9, 0.0, 0.0, 0.5, -0.1];
        let m = SETS[0].metrics(&items, &scores);
        // gold classes: +, -, 0, +, -; predicted: +, 0, 0, +, -.
        assert_eq!(m.acc3, Some(0.8));
        // |mean| >= 0.5: items 1, 2 and 4; the neutral prediction on item 2 is wrong (strict)
        // and counted positive, so still wrong (lenient).
        assert_eq!(m.strict, 2.0 / 3.0);
        assert_eq!(m.lenient, 2.0 / 3.0);
        assert!(m.r > 0.8);
        let yelp: Vec<Item> = [1.0, 0.0, 1.0].iter().map(|&gold| Item { text: "", gold }).collect();
        let m = SETS[2].metrics(&yelp, &[0.0, -0.5, -0.2]);
        assert_eq!((m.acc3, m.strict, m.lenient), (None, 1.0 / 3.0, 2.0 / 3.0));
    }

    #[test]
    fn pearson_of_perfectly_linear_and_of_constant_data() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
    }

    #[test]
    fn reference_table_is_read_by_column_names() {
        let readme = "| file | items |\n|---|---|\n| `a.txt` | 1 |\n\n| scorer | tweets acc3 / bin strict / r | movies acc3 / bin strict / r | \
                      yelp bin strict / lenient / r | texts/s |\n|---|---|---|---|---|\n\
                      | VADER 3.3.2 | .885 / .960 / .872 | .553 / .566 / .427 | .646 / .720 / .685 | ~60k |\n";
        let refs = references(readme);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].scorer, "VADER 3.3.2");
        let yelp = &refs[0].sets[2];
        assert_eq!(yelp.0, "yelp");
        assert_eq!(yelp.1, ReferenceFigures { acc3: None, strict: Some(0.646), lenient: Some(0.72), r: Some(0.685) });
        assert_eq!(refs[0].sets[0].1.acc3, Some(0.885));
    }
}
