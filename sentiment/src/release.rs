//! The release gate's decision: which languages are scored. A language is
//! released only where the scorer beats npm `multilang-sentiment` (3-class
//! macro-F1) on the language's development or evaluation set; the others stay
//! `unscored_language` until they do. `tests/sentiment_gate.rs` recomputes the
//! figures from the data sets and fails when this table disagrees with them.

use super::lang::Lang;

/// The languages scored on the device, English first. Swedish and Danish have
/// lexicons and rules but trail multilang-sentiment on their evaluation sets
/// (README, "Sentiment, on the device"): they stay `unscored_language`.
pub const RELEASED: &[Lang] =
    &[Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Pt, Lang::It, Lang::Nl, Lang::Nb, Lang::Fi, Lang::Pl, Lang::Ar];

/// Whether `lang` passed the gate.
pub fn is_released(lang: Lang) -> bool {
    RELEASED.contains(&lang)
}
