//! Turns tokens into per-token valences with VADER's rules (boosters, negation
//! scope, "no", "least", ALL-CAPS emphasis, "but" contrast), plus Touchpoint's
//! changes, each measured on the evaluation sets: elongation emphasis, "however"
//! as a contrast, "hardly"/"barely"/"nobody" as negations, and modifier scope
//! ending at a clause mark ("not bad, good" no longer negates "good").

use super::rules::{self, BOOST_DOWN, BOOSTER, CONTRAST, NEGATOR};
use super::tokenise::{Token, Tokens};

/// The valence of every token (zero for neutral ones), in token order, after
/// all rules including contrast weighting.
pub(crate) fn valences(tokens: &Tokens) -> Vec<f64> {
    let list = &tokens.list;
    let upper = list.iter().filter(|t| t.upper).count();
    // Capitals only emphasise when the text is not shouted throughout.
    let caps_differ = upper > 0 && upper < list.len();
    let mut out: Vec<f64> = (0..list.len()).map(|i| valence(tokens, i, caps_differ)).collect();
    if let Some(pivot) = list.iter().position(|t| t.entry.class & CONTRAST != 0) {
        for (i, v) in out.iter_mut().enumerate() {
            if i < pivot {
                *v *= rules::BEFORE_CONTRAST;
            } else if i > pivot {
                *v *= rules::AFTER_CONTRAST;
            }
        }
    }
    out
}

fn valence(tokens: &Tokens, i: usize, caps_differ: bool) -> f64 {
    let list = &tokens.list;
    let token = &list[i];
    if token.entry.class & BOOSTER != 0 {
        return 0.0;
    }
    let Some(base) = token.entry.valence() else {
        return 0.0;
    };
    let key = |j: usize| tokens.key_at(j);
    let mut v = base;
    // "no" before another lexicon word negates it instead of counting itself.
    if key(i) == "no" && list.get(i + 1).is_some_and(|t| t.entry.has_valence()) {
        v = 0.0;
    }
    if (i > 0 && key(i - 1) == "no")
        || (i > 1 && key(i - 2) == "no" && !list[i - 2].clause_end && !list[i - 1].clause_end)
        || (i > 2 && key(i - 3) == "no" && matches!(key(i - 1), "or" | "nor"))
    {
        v = base * rules::NEGATION;
    }
    if token.upper && caps_differ && v != 0.0 {
        v += rules::CAPS.copysign(v);
    }
    // "so good", "this good": VADER strengthens a word right after "so" or "this" by a
    // quarter on top of any booster (in VADER 3.3.2 through its "never so" check).
    if i > 0 && matches!(key(i - 1), "so" | "this") {
        v *= 1.25;
    }
    if token.elongated && v != 0.0 {
        v += rules::ELONGATION.copysign(v);
    }
    for distance in 1..=3 {
        if i < distance {
            break;
        }
        let before = &list[i - distance];
        // A clause mark between the modifier and the word ends the modifier's scope.
        if before.clause_end {
            break;
        }
        if before.entry.has_valence() {
            continue;
        }
        let s = booster(before, v, caps_differ);
        v += match distance {
            1 => s,
            2 => s * 0.95,
            _ => s * 0.9,
        };
        v = negation(tokens, v, i, distance);
    }
    if i > 0
        && key(i - 1) == "least"
        && !list[i - 1].entry.has_valence()
        && !(i > 1 && matches!(key(i - 2), "at" | "very"))
    {
        v *= rules::NEGATION;
    }
    v
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
fn negation(tokens: &Tokens, v: f64, i: usize, distance: usize) -> f64 {
    let key = |j: usize| tokens.key_at(j);
    let never_so = |j: usize| key(j) == "never" && matches!(key(j + 1), "so" | "this");
    match distance {
        2 if never_so(i - 2) => v * 1.25,
        2 if key(i - 2) == "without" && key(i - 1) == "doubt" => v,
        3 if never_so(i - 3) => v * 1.25,
        // "never been so good": VADER lets "so"/"this" right before the word shield
        // it from a negation three words back.
        3 if matches!(key(i - 1), "so" | "this") => v,
        3 if key(i - 3) == "without" && (key(i - 2) == "doubt" || key(i - 1) == "doubt") => v,
        _ if is_negator(tokens, &tokens.list[i - distance]) => v * rules::NEGATION,
        _ => v,
    }
}

fn is_negator(tokens: &Tokens, token: &Token) -> bool {
    token.entry.class & NEGATOR != 0 || tokens.key(token).contains("n't")
}
