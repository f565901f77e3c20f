//! Turns tokens into per-token valences with VADER's rules (boosters, negation
//! scope, "no", "least", ALL-CAPS emphasis, "but" contrast), plus Touchpoint's
//! changes, each measured on the evaluation sets: elongation emphasis, "however"
//! as a contrast, "hardly"/"barely"/"nobody" as negations, and modifier scope
//! ending at a clause mark ("not bad, good" no longer negates "good").

use super::lang::Lang;
use super::morph;
use super::rules::{
    self, AT, BOOST_DOWN, BOOSTER, CONTRAST, DOUBT, LEAST, NEVER, NO, NOR, OR, SO, THIS, VERY, WITHOUT,
};
use super::tokenise::{Token, Tokens};

/// The valence of every token (zero for neutral ones), in token order, after
/// all rules including contrast weighting.
pub(crate) fn valences(tokens: &Tokens, out: &mut Vec<f64>) {
    valences_as::<false>(tokens, out);
}

/// [`valences`], with `ENGLISH_ONLY` a compile-time promise that the tokens are
/// English, so an English-only build carries only VADER's rules.
pub(crate) fn valences_as<const ENGLISH_ONLY: bool>(tokens: &Tokens, out: &mut Vec<f64>) {
    let english = ENGLISH_ONLY || tokens.lang == Lang::En;
    let list = &tokens.list;
    let upper = list.iter().filter(|t| t.upper).count();
    // Capitals only emphasise when the text is not shouted throughout.
    let caps_differ = upper > 0 && upper < list.len();
    out.clear();
    out.extend((0..list.len()).map(|i| valence::<ENGLISH_ONLY>(tokens, i, caps_differ)));
    if !english && morph::negates_backwards(tokens.lang) {
        negate_backwards(list, out);
    }
    if let Some(pivot) = list.iter().position(|t| t.entry.class & CONTRAST != 0) {
        for (i, v) in out.iter_mut().enumerate() {
            if i < pivot {
                *v *= rules::BEFORE_CONTRAST;
            } else if i > pivot {
                *v *= rules::AFTER_CONTRAST;
            }
        }
    }
}

fn valence<const ENGLISH_ONLY: bool>(tokens: &Tokens, i: usize, caps_differ: bool) -> f64 {
    let english = ENGLISH_ONLY || tokens.lang == Lang::En;
    let list = &tokens.list;
    let token = &list[i];
    if token.entry.class & BOOSTER != 0 {
        return 0.0;
    }
    let Some(base) = token.entry.valence() else {
        return 0.0;
    };
    // The rule word at index j (0 outside the text or for other words).
    let word = |j: usize| list.get(j).map_or(0, |t| t.entry.special);
    let before = |d: usize| i.checked_sub(d).map_or(0, word);
    let mut v = base;
    // "no" before another lexicon word negates it instead of counting itself.
    if token.entry.special == NO && list.get(i + 1).is_some_and(|t| t.entry.has_valence()) {
        v = 0.0;
    }
    if before(1) == NO
        || (before(2) == NO && !list[i - 2].clause_end && !list[i - 1].clause_end)
        || (before(3) == NO && matches!(before(1), OR | NOR))
    {
        v = base * rules::NEGATION;
    }
    if token.upper && caps_differ && v != 0.0 {
        v += rules::CAPS.copysign(v);
    }
    // "so good", "this good": VADER strengthens a word right after "so" or "this" by a
    // quarter on top of any booster (in VADER 3.3.2 through its "never so" check).
    if matches!(before(1), SO | THIS) {
        v *= 1.25;
    }
    if token.elongated && v != 0.0 {
        v += rules::ELONGATION.copysign(v);
    }
    let mut negated = false;
    for distance in 1..=3 {
        if i < distance {
            break;
        }
        let prior = &list[i - distance];
        // A clause mark between the modifier and the word ends the modifier's scope.
        if prior.clause_end {
            break;
        }
        if prior.entry.has_valence() {
            continue;
        }
        let s = booster(prior, v, caps_differ);
        v += match distance {
            1 => s,
            2 => s * 0.95,
            _ => s * 0.9,
        };
        if english {
            v = negation(list, v, i, distance);
        } else if prior.negator && !negated {
            // Outside English a negation counts once: French "ne … pas", Polish "nie …
            // nic" and Spanish "no … nada" negate with two words, not twice.
            v *= rules::NEGATION;
            negated = true;
        }
    }
    if before(1) == LEAST && !list[i - 1].entry.has_valence() && !matches!(before(2), AT | VERY) {
        v *= rules::NEGATION;
    }
    v
}

/// A negation closing its clause with no sentiment word after it negates the
/// nearest one before it, up to three words back ("Ich mag es nicht", "Jeg
/// liker det ikke"), unless a negation before that word already did.
fn negate_backwards(list: &[Token], out: &mut [f64]) {
    for j in 0..list.len() {
        if !list[j].negator {
            continue;
        }
        let clause_rest = if list[j].clause_end {
            j + 1
        } else {
            list[j + 1..].iter().position(|t| t.clause_end).map_or(list.len(), |k| j + 2 + k)
        };
        if (j + 1..clause_rest).any(|k| out[k] != 0.0) {
            continue;
        }
        let Some(i) = (j.saturating_sub(3)..j).rev().take_while(|&i| !list[i].clause_end).find(|&i| out[i] != 0.0)
        else {
            continue;
        };
        let negated_before =
            (i.saturating_sub(3)..i).any(|k| list[k].negator && !list[k..i].iter().any(|t| t.clause_end));
        if !negated_before {
            out[i] *= rules::NEGATION;
        }
    }
}

/// How much a preceding booster or dampener changes valence `v`.
fn booster(before: &Token, v: f64, caps_differ: bool) -> f64 {
    let class = before.entry.class;
    if class & BOOSTER == 0 {
        return 0.0;
    }
    let mut s = if class & BOOST_DOWN != 0 { -rules::BOOST } else { rules::BOOST };
    if v < 0.0 {
        s = -s;
    }
    if before.upper && caps_differ {
        s += if v > 0.0 { rules::CAPS } else { -rules::CAPS };
    }
    s
}

/// Applies a negation `distance` tokens before token `i`, with VADER's
/// exceptions: "never so/this good" intensifies, "without doubt" does not negate.
fn negation(list: &[Token], v: f64, i: usize, distance: usize) -> f64 {
    let word = |j: usize| list.get(j).map_or(0, |t| t.entry.special);
    let never_so = |j: usize| word(j) == NEVER && matches!(word(j + 1), SO | THIS);
    match distance {
        2 if never_so(i - 2) => v * 1.25,
        2 if word(i - 2) == WITHOUT && word(i - 1) == DOUBT => v,
        3 if never_so(i - 3) => v * 1.25,
        // "never been so good": VADER lets "so"/"this" right before the word shield
        // it from a negation three words back.
        3 if matches!(word(i - 1), SO | THIS) => v,
        3 if word(i - 3) == WITHOUT && (word(i - 2) == DOUBT || word(i - 1) == DOUBT) => v,
        _ if list[i - distance].negator => v * rules::NEGATION,
        _ => v,
    }
}
