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
/// token finds both valence and role. Negations written with "n't" need no entry:
/// any token containing "n't" negates.
pub(crate) const CLASSES: &[(&str, u8)] = &[
    // VADER's negations (the "n't" forms are covered by the rule above).
    ("aint", NEGATOR),
    ("arent", NEGATOR),
    ("cannot", NEGATOR),
    ("cant", NEGATOR),
    ("couldnt", NEGATOR),
    ("darent", NEGATOR),
    ("didnt", NEGATOR),
    ("doesnt", NEGATOR),
    ("dont", NEGATOR),
    ("hadnt", NEGATOR),
    ("hasnt", NEGATOR),
    ("havent", NEGATOR),
    ("isnt", NEGATOR),
    ("mightnt", NEGATOR),
    ("mustnt", NEGATOR),
    ("neither", NEGATOR),
    ("neednt", NEGATOR),
    ("never", NEGATOR),
    ("none", NEGATOR),
    ("nope", NEGATOR),
    ("nor", NEGATOR),
    ("not", NEGATOR),
    ("nothing", NEGATOR),
    ("nowhere", NEGATOR),
    ("oughtnt", NEGATOR),
    ("shant", NEGATOR),
    ("shouldnt", NEGATOR),
    ("uhuh", NEGATOR),
    ("uh-uh", NEGATOR),
    ("wasnt", NEGATOR),
    ("werent", NEGATOR),
    ("without", NEGATOR),
    ("wont", NEGATOR),
    ("wouldnt", NEGATOR),
    ("rarely", NEGATOR),
    ("seldom", NEGATOR),
    ("despite", NEGATOR),
    // Touchpoint: "nobody helped", "no one answered" deny like "not".
    ("nobody", NEGATOR),
    ("noone", NEGATOR),
    ("no one", NEGATOR),
    // Touchpoint: "hardly", "barely" and "scarcely" deny rather than soften
    // ("hardly helpful" is a complaint); VADER treats them as dampeners.
    ("hardly", NEGATOR),
    ("barely", NEGATOR),
    ("scarcely", NEGATOR),
    // VADER's intensifiers.
    ("absolutely", BOOST_UP),
    ("amazingly", BOOST_UP),
    ("awfully", BOOST_UP),
    ("completely", BOOST_UP),
    ("considerable", BOOST_UP),
    ("considerably", BOOST_UP),
    ("decidedly", BOOST_UP),
    ("deeply", BOOST_UP),
    ("effing", BOOST_UP),
    ("enormous", BOOST_UP),
    ("enormously", BOOST_UP),
    ("entirely", BOOST_UP),
    ("especially", BOOST_UP),
    ("exceptional", BOOST_UP),
    ("exceptionally", BOOST_UP),
    ("extreme", BOOST_UP),
    ("extremely", BOOST_UP),
    ("fabulously", BOOST_UP),
    ("flipping", BOOST_UP),
    ("flippin", BOOST_UP),
    ("frackin", BOOST_UP),
    ("fracking", BOOST_UP),
    ("fricking", BOOST_UP),
    ("frickin", BOOST_UP),
    ("frigging", BOOST_UP),
    ("friggin", BOOST_UP),
    ("fully", BOOST_UP),
    ("fuckin", BOOST_UP),
    ("fucking", BOOST_UP),
    ("fuggin", BOOST_UP),
    ("fugging", BOOST_UP),
    ("greatly", BOOST_UP),
    ("hella", BOOST_UP),
    ("highly", BOOST_UP),
    ("hugely", BOOST_UP),
    ("incredible", BOOST_UP),
    ("incredibly", BOOST_UP),
    ("intensely", BOOST_UP),
    ("major", BOOST_UP),
    ("majorly", BOOST_UP),
    ("more", BOOST_UP),
    ("most", BOOST_UP),
    ("particularly", BOOST_UP),
    ("purely", BOOST_UP),
    ("quite", BOOST_UP),
    ("really", BOOST_UP),
    ("remarkably", BOOST_UP),
    ("so", BOOST_UP),
    ("substantially", BOOST_UP),
    ("thoroughly", BOOST_UP),
    ("total", BOOST_UP),
    ("totally", BOOST_UP),
    ("tremendous", BOOST_UP),
    ("tremendously", BOOST_UP),
    ("uber", BOOST_UP),
    ("unbelievably", BOOST_UP),
    ("unusually", BOOST_UP),
    ("utter", BOOST_UP),
    ("utterly", BOOST_UP),
    ("very", BOOST_UP),
    // VADER's dampeners.
    ("almost", BOOST_DOWN),
    ("just enough", BOOST_DOWN),
    ("kind of", BOOST_DOWN),
    ("kinda", BOOST_DOWN),
    ("kindof", BOOST_DOWN),
    ("kind-of", BOOST_DOWN),
    ("less", BOOST_DOWN),
    ("little", BOOST_DOWN),
    ("marginal", BOOST_DOWN),
    ("marginally", BOOST_DOWN),
    ("occasional", BOOST_DOWN),
    ("occasionally", BOOST_DOWN),
    ("partly", BOOST_DOWN),
    ("scarce", BOOST_DOWN),
    ("slight", BOOST_DOWN),
    ("slightly", BOOST_DOWN),
    ("somewhat", BOOST_DOWN),
    ("sort of", BOOST_DOWN),
    ("sorta", BOOST_DOWN),
    ("sortof", BOOST_DOWN),
    ("sort-of", BOOST_DOWN),
    // Contrast: what follows "but" outweighs what precedes it.
    ("but", CONTRAST),
    // Touchpoint: "however" contrasts like "but" (the "but"/"however" rule).
    ("however", CONTRAST),
];

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
