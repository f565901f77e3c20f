//! The rule words and constants of the scorer. The constants are VADER's
//! empirically derived values (Hutto & Gilbert 2014), so scores stay on VADER's
//! scale; the word lists extend VADER's with Touchpoint's changes noted inline.

/// A word that flips the sentiment of what follows it ("not", "never", "without").
pub(crate) const NEGATOR: u8 = 1;
/// A degree adverb that strengthens what follows it ("very", "extremely").
pub(crate) const BOOST_UP: u8 = 2;
/// A degree adverb that weakens what follows it ("slightly", "kind of").
pub(crate) const BOOST_DOWN: u8 = 4;
/// Either kind of booster.
pub(crate) const BOOSTER: u8 = BOOST_UP | BOOST_DOWN;
/// The first word of a multi-word lexicon item ("on" of "on hold").
pub(crate) const PHRASE_START: u8 = 8;
/// A contrastive conjunction: what follows outweighs what precedes ("but").
pub(crate) const CONTRAST: u8 = 16;
/// The first words of a longer multi-word lexicon item ("above and" of "above and
/// beyond"), so the tokeniser reads phrases word by word and stops at the first
/// word no phrase continues with. A multi-word key with this role alone (no valence)
/// is only that: every lexicon item has a valence or another role.
pub(crate) const PHRASE_PREFIX: u8 = 32;

/// Valence added by a booster or dampener (VADER's B_INCR).
pub(crate) const BOOST: f64 = 0.293;
/// Valence added by an ALL-CAPS word among lower-case ones (VADER's C_INCR).
pub(crate) const CAPS: f64 = 0.733;
/// Valence added by an elongated word ("goooood"): the same step as a booster,
/// since stretching a word is typed emphasis of the same strength.
pub(crate) const ELONGATION: f64 = BOOST;
/// Factor applied by a negation: a negated word is weaker and opposite, not mirrored
/// ("not bad" is mildly positive, not "good"): VADER's N_SCALAR.
pub(crate) const NEGATION: f64 = -0.74;
/// Weight of sentiment before a contrastive conjunction.
pub(crate) const BEFORE_CONTRAST: f64 = 0.5;
/// Weight of sentiment after a contrastive conjunction.
pub(crate) const AFTER_CONTRAST: f64 = 1.5;
/// Emphasis per exclamation mark, counted up to [`MAX_EXCLAMATIONS`].
pub(crate) const EXCLAMATION: f64 = 0.292;
/// More exclamation marks add nothing.
pub(crate) const MAX_EXCLAMATIONS: usize = 4;
/// Emphasis per question mark when there are two or three.
pub(crate) const QUESTION: f64 = 0.18;
/// Emphasis for four or more question marks.
pub(crate) const MANY_QUESTIONS: f64 = 0.96;
/// Normalisation constant: compound = sum / sqrt(sum² + ALPHA).
pub(crate) const ALPHA: f64 = 15.0;

/// Words with a role, merged into the lexicon's hash table so one lookup per
/// token finds both valence and role. Each list is one string split on `|`
/// (smaller in the wasm than a table of string slices). Negations written with
/// "n't" need no entry: any token containing "n't" negates.
pub(crate) const CLASSES: &[(&str, u8)] =
    &[(NEGATORS, NEGATOR), (INTENSIFIERS, BOOST_UP), (DAMPENERS, BOOST_DOWN), (CONTRASTS, CONTRAST)];

/// VADER's negations without the "n't" forms, plus Touchpoint's: "nobody", "no one"
/// and "noone" deny like "not" ("nobody helped"); "hardly", "barely" and "scarcely"
/// deny rather than soften ("hardly helpful" is a complaint; VADER dampens them).
const NEGATORS: &str = "aint|arent|cannot|cant|couldnt|darent|didnt|doesnt|dont|hadnt|hasnt|havent|isnt|mightnt|mustnt|\
     neither|neednt|never|none|nope|nor|not|nothing|nowhere|oughtnt|shant|shouldnt|uhuh|uh-uh|wasnt|\
     werent|without|wont|wouldnt|rarely|seldom|despite|nobody|noone|no one|hardly|barely|scarcely";

/// VADER's intensifiers.
const INTENSIFIERS: &str = "absolutely|amazingly|awfully|completely|considerable|considerably|decidedly|deeply|effing|\
     enormous|enormously|entirely|especially|exceptional|exceptionally|extreme|extremely|fabulously|\
     flipping|flippin|frackin|fracking|fricking|frickin|frigging|friggin|fully|fuckin|fucking|fuggin|\
     fugging|greatly|hella|highly|hugely|incredible|incredibly|intensely|major|majorly|more|most|\
     particularly|purely|quite|really|remarkably|so|substantially|thoroughly|total|totally|\
     tremendous|tremendously|uber|unbelievably|unusually|utter|utterly|very";

/// VADER's dampeners, less the three that Touchpoint treats as negations.
const DAMPENERS: &str = "almost|just enough|kind of|kinda|kindof|kind-of|less|little|marginal|marginally|occasional|\
     occasionally|partly|scarce|slight|slightly|somewhat|sort of|sorta|sortof|sort-of";

/// Contrastive conjunctions: VADER's "but", plus "however" (the "but"/"however" rule).
const CONTRASTS: &str = "but|however";

/// Words some rules test by identity ("no", "never so", "at least"): looked up
/// once per token with everything else, then compared as small numbers.
pub(crate) const SPECIAL_WORDS: &str = "no|or|nor|never|so|this|without|doubt|least|at|very";
/// "no": negates the next lexicon word or the ones after it.
pub(crate) const NO: u8 = 1;
/// "or" in "no X or Y".
pub(crate) const OR: u8 = 2;
/// "nor" in "no X nor Y".
pub(crate) const NOR: u8 = 3;
/// "never" in "never so good".
pub(crate) const NEVER: u8 = 4;
/// "so": intensifies the next word.
pub(crate) const SO: u8 = 5;
/// "this": intensifies the next word like "so" ("never this good").
pub(crate) const THIS: u8 = 6;
/// "without" in "without a doubt".
pub(crate) const WITHOUT: u8 = 7;
/// "doubt" in "without a doubt".
pub(crate) const DOUBT: u8 = 8;
/// "least": negates ("the least helpful") except after "at" or "very".
pub(crate) const LEAST: u8 = 9;
/// "at" in "at least".
pub(crate) const AT: u8 = 10;
/// "very" in "very least".
pub(crate) const VERY: u8 = 11;

/// Emphasis from `!` and `?` in the whole text, added to the summed valence in
/// the direction it already points.
pub(crate) fn punctuation_emphasis(exclamations: usize, questions: usize) -> f64 {
    let ep = exclamations.min(MAX_EXCLAMATIONS) as f64 * EXCLAMATION;
    let qm = match questions {
        0 | 1 => 0.0,
        2 | 3 => questions as f64 * QUESTION,
        _ => MANY_QUESTIONS,
    };
    ep + qm
}

/// Maps a summed valence onto (-1, 1), as VADER does.
pub(crate) fn normalise(sum: f64) -> f64 {
    (sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0)
}
