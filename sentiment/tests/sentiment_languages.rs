//! Scoring in the visitor's language as a specification: per language, the rules
//! that differ (negation before and after the word, elision, stems, contrast,
//! degree words), and the contract of `score_with` (lang, status, unscored).

use proptest::prelude::*;
use touchpoint_sentiment::{Hint, Label, Lang, Status, score, score_in, score_with};

fn label(lang: Lang, text: &str) -> Label {
    score_in(text, lang).expect("every lexicon is embedded in tests").label
}

fn compound(lang: Lang, text: &str) -> f64 {
    score_in(text, lang).expect("every lexicon is embedded in tests").compound
}

fn weight_of(lang: Lang, text: &str, term: &str) -> Option<f64> {
    score_in(text, lang)?.terms.into_iter().find(|t| t.text == term).map(|t| t.weight)
}

use Label::{Negative, Neutral, Positive};

#[test]
fn praise_complaints_and_plain_statements_in_every_language() {
    let cases: &[(Lang, &str, Label)] = &[
        (Lang::De, "Die Mitarbeiterin war super freundlich!", Positive),
        (Lang::De, "Das war ein sehr schlechter Service.", Negative),
        (Lang::De, "Ich habe am Dienstag angerufen.", Neutral),
        (Lang::Fr, "Conseiller très aimable, merci !", Positive),
        (Lang::Fr, "L'accueil était nul.", Negative),
        (Lang::Es, "Muy buena atención, gracias.", Positive),
        (Lang::Es, "Pésimo servicio, nunca más.", Negative),
        (Lang::Pt, "Atendimento ótimo, muito obrigado!", Positive),
        (Lang::Pt, "Péssimo atendimento.", Negative),
        (Lang::It, "Personale gentilissimo, grazie mille!", Positive),
        (Lang::It, "Servizio pessimo.", Negative),
        (Lang::Nl, "Heel vriendelijk geholpen, bedankt!", Positive),
        (Lang::Nl, "Waardeloze service.", Negative),
        (Lang::Nb, "Veldig hyggelig og hjelpsom kundeservice.", Positive),
        (Lang::Nb, "Dette var veldig dårlig service.", Negative),
        (Lang::Sv, "Mycket trevlig och hjälpsam personal.", Positive),
        (Lang::Sv, "Usel service.", Negative),
        (Lang::Da, "Meget venlig og hjælpsom.", Positive),
        (Lang::Da, "Elendig service.", Negative),
        (Lang::Fi, "Erittäin ystävällinen palvelu, kiitos!", Positive),
        (Lang::Fi, "Todella huono palvelu.", Negative),
        (Lang::Pl, "Bardzo miła obsługa, polecam!", Positive),
        (Lang::Pl, "Fatalna obsługa.", Negative),
        (Lang::Ar, "شكرا، خدمة ممتازة", Positive),
        (Lang::Ar, "الخدمة سيئة جدا", Negative),
    ];
    for (lang, text, expected) in cases {
        assert_eq!(label(*lang, text), *expected, "{lang:?}: {text:?}");
    }
}

#[test]
fn negation_flips_what_follows_it() {
    let cases: &[(Lang, &str, &str)] = &[
        (Lang::De, "Das Essen war nicht gut.", "gut"),
        (Lang::Es, "El servicio no fue bueno.", "bueno"),
        (Lang::Pt, "O atendimento não foi bom.", "bom"),
        (Lang::It, "Il servizio non è stato buono.", "buono"),
        (Lang::Nl, "Het eten was niet goed.", "goed"),
        (Lang::Nb, "Maten var ikke god.", "god"),
        (Lang::Sv, "Maten var inte bra.", "bra"),
        (Lang::Fi, "Palvelu ei ollut hyvä.", "hyvä"),
        (Lang::Pl, "Obsługa nie była dobra.", "dobra"),
    ];
    for (lang, text, term) in cases {
        let negated = weight_of(*lang, text, term);
        assert!(negated.is_some_and(|w| w < 0.0), "{lang:?}: {text:?} gives {term} {negated:?}");
    }
}

#[test]
fn a_negation_at_the_end_of_a_germanic_clause_negates_backwards() {
    let cases: &[(Lang, &str, &str)] = &[
        (Lang::De, "Das gefällt mir nicht.", "gefällt"),
        (Lang::De, "Ich empfehle es nicht.", "empfehle"),
        (Lang::Nb, "Jeg liker det ikke.", "liker"),
        (Lang::Sv, "Jag rekommenderar det inte.", "rekommenderar"),
    ];
    for (lang, text, term) in cases {
        let w = weight_of(*lang, text, term);
        assert!(w.is_some_and(|w| w < 0.0), "{lang:?}: {text:?} gives {term} {w:?}");
    }
    // Not across a clause mark, and not where the negation has its own word to negate.
    assert!(weight_of(Lang::De, "Das Essen war gut, nicht schlecht.", "gut").unwrap() > 0.0);
    assert!(weight_of(Lang::Nb, "Jeg liker det, ikke dårlig.", "liker").unwrap() > 0.0);
}

#[test]
fn two_word_negations_negate_once() {
    // "ne … pas", "no … nada": negated once, not flipped back.
    assert_eq!(label(Lang::Fr, "Ce n'est pas bon."), Negative);
    assert_eq!(label(Lang::Fr, "Je n'aime pas ce service."), Negative);
    assert_eq!(label(Lang::Es, "No me gustó nada."), Negative);
    assert_eq!(label(Lang::Fr, "Ce n'est pas mauvais."), Positive);
}

#[test]
fn elided_articles_are_dropped_and_french_n_negates() {
    assert_eq!(score_in("L'accueil était excellent", Lang::Fr).unwrap().terms[0].text, "excellent");
    assert!(weight_of(Lang::Fr, "Je n'aime pas", "aime").unwrap() < 0.0);
    assert!(weight_of(Lang::It, "Dell'albergo ottimo", "ottimo").unwrap() > 0.0);
}

#[test]
fn inflected_forms_are_found_through_their_stems() {
    let cases: &[(Lang, &str, &str)] = &[
        (Lang::De, "die schlechteste Beratung", "schlechteste"),
        (Lang::De, "einen unfreundlichen Mitarbeiter", "unfreundlichen"),
        (Lang::Nb, "dårlige svar", "dårlige"),
        (Lang::Fi, "sain huonoa palvelua", "huonoa"),
        (Lang::Pl, "fatalnej obsługi", "fatalnej"),
        (Lang::Nl, "een waardeloze dienst", "waardeloze"),
        (Lang::Ar, "والخدمة الممتازة", "الممتازة"),
    ];
    for (lang, text, term) in cases {
        assert!(weight_of(*lang, text, term).is_some(), "{lang:?}: {text:?} misses {term}");
    }
}

#[test]
fn degree_words_strengthen_and_weaken() {
    let cases: &[(Lang, &str, &str, &str)] = &[
        (Lang::De, "gut", "sehr gut", "etwas gut"),
        (Lang::Fr, "bon", "très bon", "un peu bon"),
        (Lang::Es, "malo", "muy malo", "un poco malo"),
        (Lang::Nb, "dårlig", "veldig dårlig", "litt dårlig"),
        (Lang::Pl, "dobry", "bardzo dobry", "trochę dobry"),
    ];
    for (lang, plain, strong, weak) in cases {
        let (p, s, w) = (compound(*lang, plain).abs(), compound(*lang, strong).abs(), compound(*lang, weak).abs());
        assert!(s > p && w < p, "{lang:?}: {strong} {s} > {plain} {p} > {weak} {w}");
    }
}

#[test]
fn what_follows_a_contrast_counts_more() {
    let cases: &[(Lang, &str, Label)] = &[
        (Lang::De, "Der Service war gut, aber die Wartezeit war schrecklich.", Negative),
        (Lang::Fr, "Le produit est bien mais la livraison était catastrophique.", Negative),
        (Lang::Es, "La comida estaba mala pero el servicio fue excelente.", Positive),
        (Lang::Nb, "Maten var god, men servicen var elendig.", Negative),
        (Lang::Pl, "Produkt dobry, ale obsługa fatalna.", Negative),
    ];
    for (lang, text, expected) in cases {
        assert_eq!(label(*lang, text), *expected, "{lang:?}: {text:?}");
    }
}

#[test]
fn emoji_and_emoticons_count_in_every_language() {
    for lang in Lang::ALL {
        assert_eq!(label(lang, "😡"), Negative, "{lang:?}");
        assert_eq!(label(lang, "👍"), Positive, "{lang:?}");
        assert_eq!(label(lang, ":("), Negative, "{lang:?}");
    }
}

#[test]
fn the_english_lexicon_reads_english_only() {
    // German "war" is "was", not the English noun; "Die" is an article.
    let s = score_with("Das war ein sehr schlechter Service", Hint::with_priors(Some("de"), None));
    assert_eq!(s.lang, Some("de"));
    let terms: Vec<String> = s.sentiment.unwrap().terms.into_iter().map(|t| t.text).collect();
    assert_eq!(terms, ["schlechter"]);
    assert!(
        score("Das war ein sehr schlechter Service").terms.iter().any(|t| t.text == "war"),
        "as before, in English"
    );
}

#[test]
fn the_result_says_which_language_and_why_a_text_is_unscored() {
    let cases: &[(&str, Hint, Option<&str>, Status)] = &[
        ("Dette var veldig dårlig service", Hint::with_priors(Some("nb"), None), Some("nb"), Status::Scored),
        ("Das Essen war leider kalt und der Kellner unfreundlich.", Hint::auto(), Some("de"), Status::Scored),
        ("The agent was friendly and sorted it out.", Hint::auto(), Some("en"), Status::Scored),
        ("これは素晴らしいサービスでした", Hint::auto(), Some("ja"), Status::UnscoredLanguage),
        ("השירות היה מצוין", Hint::auto(), Some("he"), Status::UnscoredLanguage),
        ("Обслуживание было отличным", Hint::auto(), None, Status::UnscoredLanguage),
        ("خدمة ممتازة وسريعة", Hint::auto(), Some("ar"), Status::Scored),
        (
            "Hizmet çok kötüydü ve kimse yardım etmedi, bir daha asla gelmem.",
            Hint::auto(),
            Some("tr"),
            Status::UnscoredLanguage,
        ),
        ("ok", Hint::auto(), None, Status::LowConfidence),
        ("ok", Hint::with_priors(Some("de"), None), Some("de"), Status::Scored),
        ("Super!", Hint::with_priors(None, Some("fr-CA")), Some("fr"), Status::Scored),
        ("good", Hint::forced("ja"), Some("ja"), Status::UnscoredLanguage),
        ("gut", Hint::forced("de-AT"), Some("de"), Status::Scored),
        ("", Hint::auto(), None, Status::Scored),
        ("👍👍", Hint::auto(), None, Status::Scored),
    ];
    for (text, hint, lang, status) in cases {
        let s = score_with(text, *hint);
        assert_eq!((s.lang, s.status), (*lang, *status), "{text:?} with {hint:?}");
        assert_eq!(s.sentiment.is_some(), *status == Status::Scored, "{text:?}");
    }
    assert_eq!(score_with("", Hint::auto()).compound(), Some(0.0), "readable text without sentiment words scores 0");
    assert!(score_with("👍👍", Hint::auto()).compound().unwrap() > 0.0);
}

#[test]
fn a_prior_settles_close_languages_but_not_a_clearly_different_one() {
    let text = "Jeg ventet i telefonkø i over en time, og ingen hjalp meg.";
    for prior in ["nb", "da"] {
        assert_eq!(score_with(text, Hint::with_priors(Some(prior), None)).lang, Some(prior), "prior {prior}");
    }
    let english = "I waited on the phone for over an hour and nobody helped me at all.";
    assert_eq!(score_with(english, Hint::with_priors(Some("de"), Some("de"))).lang, Some("en"));
}

#[test]
fn unscored_results_serialise_with_a_null_compound() {
    let json = serde_json::to_value(score_with("これは素晴らしい", Hint::auto())).unwrap();
    assert_eq!(json, serde_json::json!({"lang": "ja", "status": "unscored_language", "compound": null}));
    let json = serde_json::to_value(score_with("gut", Hint::forced("de"))).unwrap();
    assert_eq!(
        (json["lang"].as_str(), json["status"].as_str(), json["label"].as_str()),
        (Some("de"), Some("scored"), Some("positive"))
    );
}

fn hints() -> impl Strategy<Value = (Option<&'static str>, Option<&'static str>, Option<&'static str>)> {
    let tag = proptest::sample::select(vec![
        None,
        Some("auto"),
        Some("de"),
        Some("nb"),
        Some("pt-BR"),
        Some("ja"),
        Some("xx"),
        Some(""),
    ]);
    (tag.clone(), tag.clone(), tag)
}

proptest! {
    #[test]
    fn any_text_in_any_hint_scores_within_bounds_or_says_why_not(text in "\\PC{0,200}", (lang, widget, page) in hints()) {
        let s = score_with(&text, Hint { lang, widget_lang: widget, page_lang: page });
        prop_assert_eq!(s.sentiment.is_some(), s.status == Status::Scored);
        if let Some(sentiment) = &s.sentiment {
            prop_assert!((-1.0..=1.0).contains(&sentiment.compound));
            prop_assert_eq!(sentiment.label, Label::of(sentiment.compound));
        }
        if s.status == Status::LowConfidence {
            prop_assert_eq!(s.lang, None);
        }
    }

    #[test]
    fn every_language_keeps_scores_in_range(text in "\\PC{0,120}", lang in proptest::sample::select(Lang::ALL.to_vec())) {
        let s = score_in(&text, lang).unwrap();
        prop_assert!((-1.0..=1.0).contains(&s.compound));
        prop_assert!((s.pos + s.neu + s.neg - 1.0).abs() <= 0.002);
        prop_assert!(s.terms.iter().all(|t| t.weight != 0.0 && text.contains(&t.text)));
    }
}

/// Pieces of text without letters: emoticons, emoji (with a skin tone), digits, punctuation, spaces.
fn letterless() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(vec![
        ":)", ":-(", "<3", "</3", ":'(", "143", "8)", ";-)", "😀", "😡", "👍🏽", "🙏", "!!!", "?", "...", " ", " ", "42",
        "-", "(", ")", "€", "💔", "✨",
    ]);
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn text_without_letters_scores_as_english_without_needing_its_lexicon(text in letterless()) {
        // Scored by the emoji and emoticons every build carries: no lexicon to wait for, and
        // the same numbers as English's whole lexicon gives.
        let id = touchpoint_sentiment::identify(&text, Hint::auto());
        prop_assert_eq!((id.lang, id.status, id.needs_lexicon()), (None, Status::Scored, None));
        let s = score_with(&text, Hint::with_priors(Some("de"), Some("fr")));
        prop_assert_eq!(s.lang, None);
        prop_assert_eq!(s.sentiment, score_in(&text, Lang::En));
    }
}

#[test]
fn emoticons_mean_the_same_beside_words_in_every_language() {
    // Other languages read emoji and emoticons from the shared table: as English's.
    let symbols = |lang| {
        let s = score_in("Tack, :-( 👎 <3", lang).unwrap();
        s.terms.into_iter().filter(|t| !t.text.contains("Tack")).collect::<Vec<_>>()
    };
    for lang in Lang::ALL {
        assert_eq!(symbols(lang), symbols(Lang::En), "{lang:?}");
    }
}
