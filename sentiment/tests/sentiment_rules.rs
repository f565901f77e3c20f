//! The scorer's rules as a specification: each case names the behaviour it pins down.

use proptest::prelude::*;
use touchpoint_sentiment::{Label, score};

fn compound(text: &str) -> f64 {
    score(text).compound
}

fn weight_of(text: &str, term: &str) -> Option<f64> {
    score(text).terms.into_iter().find(|t| t.text == term).map(|t| t.weight)
}

#[test]
fn labels_follow_the_sign_of_the_text() {
    let cases = [
        ("The agent was friendly and fixed it in minutes.", Label::Positive),
        ("The agent was rude.", Label::Negative),
        ("I called on Tuesday about my order.", Label::Neutral),
        ("", Label::Neutral),
        ("!!! ... ???", Label::Neutral),
    ];
    for (text, label) in cases {
        assert_eq!(score(text).label, label, "{text:?}");
    }
}

#[test]
fn negation_flips_and_weakens_within_three_words() {
    let cases = [
        ("The support was not good.", Label::Negative),
        ("The support wasn't helpful.", Label::Negative),
        ("The support wasn’t helpful.", Label::Negative),
        ("Never helpful, never friendly.", Label::Negative),
        ("It was hardly helpful.", Label::Negative),
        ("Nobody was helpful.", Label::Negative),
        ("Not bad at all.", Label::Positive),
        ("No problems whatsoever.", Label::Positive),
        ("The staff were not very friendly.", Label::Negative),
        ("I left without any problems.", Label::Positive),
    ];
    for (text, label) in cases {
        assert_eq!(score(text).label, label, "{text:?}");
    }
    let plain = weight_of("the support was good", "good").unwrap();
    let negated = weight_of("the support was not good", "good").unwrap();
    assert!(negated < 0.0 && negated.abs() < plain, "negation weakens: {negated} vs {plain}");
}

#[test]
fn negation_scope_ends_at_a_clause_mark_and_after_three_words() {
    assert!(weight_of("not bad, good", "good").unwrap() > 0.0);
    assert!(weight_of("not bad good", "good").unwrap() < 0.0);
    assert!(weight_of("not at all a good", "good").unwrap() > 0.0, "four words away");
}

#[test]
fn without_a_doubt_and_never_so_do_not_negate() {
    assert_eq!(score("Without a doubt, an excellent service.").label, Label::Positive);
    assert!(compound("It has never been so good.") > compound("It has been good."));
}

#[test]
fn least_negates_except_in_at_least() {
    assert!(weight_of("the least helpful agent", "helpful").unwrap() < 0.0);
    assert!(weight_of("at least helpful", "helpful").unwrap() > 0.0);
}

#[test]
fn boosters_strengthen_and_dampeners_weaken() {
    let good = compound("The service was good.");
    assert!(compound("The service was very good.") > good);
    assert!(compound("The service was extremely good.") > good);
    assert!(compound("The service was kind of good.") < good);
    assert!(compound("The service was slightly good.") < good);
    assert!(compound("The service was very bad.") < compound("The service was bad."));
}

#[test]
fn but_and_however_make_the_later_clause_count_more() {
    let cases = [
        ("The food was great but the service was terrible.", Label::Negative),
        ("The service was terrible but the food was great.", Label::Positive),
        ("The app is great. However, support was awful and useless.", Label::Negative),
    ];
    for (text, label) in cases {
        assert_eq!(score(text).label, label, "{text:?}");
    }
    assert_eq!(weight_of("good but bad", "good"), Some(0.95), "halved before the contrast");
    assert_eq!(weight_of("good but bad", "bad"), Some(-3.75), "one and a half times after it");
}

#[test]
fn capitals_emphasise_only_among_lower_case_words() {
    assert!(compound("The service was GREAT") > compound("The service was great"));
    assert!(compound("The service was TERRIBLE") < compound("The service was terrible"));
    assert_eq!(compound("THE SERVICE WAS GREAT"), compound("the service was great"));
}

#[test]
fn exclamation_and_question_marks_add_emphasis_up_to_a_limit() {
    let plain = compound("Great service");
    let one = compound("Great service!");
    let three = compound("Great service!!!");
    assert!(plain < one && one < three);
    assert_eq!(compound("Great service!!!!"), compound("Great service!!!!!!!!"));
    assert!(compound("Terrible service!!") < compound("Terrible service"));
    assert!(compound("Great service??") > plain);
    assert_eq!(compound("Great service?"), plain, "a single question mark is a question, not emphasis");
}

#[test]
fn emoticons_and_emoji_carry_sentiment() {
    let cases = [
        ("thanks :)", Label::Positive),
        ("waiting again :(", Label::Negative),
        ("ok :-D", Label::Positive),
        ("😀", Label::Positive),
        ("😡", Label::Negative),
        ("😢", Label::Negative),
        ("👍", Label::Positive),
        ("👍🏽", Label::Positive),
        ("👎", Label::Negative),
        ("🔥🔥🔥", Label::Positive),
        ("order #123 📦", Label::Neutral),
    ];
    for (text, label) in cases {
        assert_eq!(score(text).label, label, "{text:?}");
    }
    assert_eq!(score("great😀").terms.len(), 2, "an emoji glued to a word is its own term");
}

#[test]
fn elongated_words_are_recognised_and_emphasised() {
    assert!(compound("goooood service") > compound("good service"));
    assert!(compound("sooo good") > compound("good"));
    assert!(compound("baaaad service") < compound("bad service"));
    assert_eq!(weight_of("loooove it", "loooove").map(f64::is_sign_positive), Some(true));
}

#[test]
fn curly_apostrophes_and_accents_are_read_like_plain_ones() {
    assert_eq!(compound("I don’t like it"), compound("I don't like it"));
    assert_eq!(compound("it isn‘t good"), compound("it isn't good"));
    assert_eq!(compound("a naïve, crêpe-thin excuse"), compound("a naive, crepe-thin excuse"));
    assert_eq!(score("Très bien, merci, ça a marché ! Excellent.").label, Label::Positive);
}

#[test]
fn customer_service_phrases_from_the_issue_are_scored() {
    let negative = [
        ("I was on hold for 45 minutes.", "on hold"),
        ("I got transferred three times.", "transferred"),
        ("Still no reply to my email.", "no reply"),
        ("We waited two hours.", "waited"),
        ("I want a refund.", "refund"),
        ("The agent was rude.", "rude"),
        ("They hung up on me!", "hung up on"),
        ("Never again.", "Never again"),
        ("My parcel never arrived.", "never arrived"),
        ("Support was slow and unhelpful.", "unhelpful"),
    ];
    for (text, term) in negative {
        let s = score(text);
        assert_eq!(s.label, Label::Negative, "{text:?}");
        assert!(s.terms.iter().any(|t| t.text == term && t.weight < 0.0), "{text:?}: {:?}", s.terms);
    }
    let positive = [
        ("The engineer sorted out the wifi.", "sorted out"),
        ("Maria went above and beyond.", "went above and beyond"),
        ("Knowledgeable and polite staff.", "Knowledgeable"),
        ("Can't wait to order again.", "Can't wait"),
    ];
    for (text, term) in positive {
        let s = score(text);
        assert_eq!(s.label, Label::Positive, "{text:?}");
        assert!(s.terms.iter().any(|t| t.text == term && t.weight > 0.0), "{text:?}: {:?}", s.terms);
    }
}

#[test]
fn a_negated_phrase_is_negated_as_a_whole() {
    assert!(weight_of("it was not sorted out", "sorted out").unwrap() < 0.0);
}

#[test]
fn terms_explain_the_score_in_text_order_as_written() {
    let s = score("GREAT staff, but the wait was LONG and the room was dirty :(");
    let texts: Vec<&str> = s.terms.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["GREAT", "dirty", ":("]);
    assert!(s.terms[0].weight > 0.0 && s.terms[1].weight < 0.0);
}

#[test]
fn empty_text_is_entirely_neutral() {
    let s = score("");
    assert_eq!((s.compound, s.pos, s.neu, s.neg, s.terms.len()), (0.0, 0.0, 1.0, 0.0, 0));
}

#[test]
fn serialises_for_the_wire_with_lower_case_labels() {
    let json = serde_json::to_value(score("good")).unwrap();
    assert_eq!(json["label"], "positive");
    assert_eq!(json["terms"][0]["text"], "good");
    assert!(json["compound"].as_f64().unwrap() > 0.4);
}

proptest! {
    #[test]
    fn compound_stays_in_range_and_matches_its_label(text in "\\PC{0,200}") {
        let s = score(&text);
        prop_assert!((-1.0..=1.0).contains(&s.compound));
        prop_assert_eq!(s.label, Label::of(s.compound));
    }

    #[test]
    fn proportions_sum_to_one(text in "\\PC{0,200}") {
        let s = score(&text);
        for p in [s.pos, s.neu, s.neg] {
            prop_assert!((0.0..=1.0).contains(&p));
        }
        prop_assert!((s.pos + s.neu + s.neg - 1.0).abs() <= 0.002, "{} {} {}", s.pos, s.neu, s.neg);
    }

    #[test]
    fn wordy_texts_stay_in_range(words in proptest::collection::vec(
        proptest::sample::select(vec!["not", "very", "good", "BAD", "but", "no", "hold", "on", "never", "sooo",
            "great!!!", ":)", "😡", "kind", "of", "least", "at", "however,", "hung", "up", "won’t"]), 0..40)) {
        let text = words.join(" ");
        let s = score(&text);
        prop_assert!((-1.0..=1.0).contains(&s.compound));
        prop_assert!((s.pos + s.neu + s.neg - 1.0).abs() <= 0.002);
        prop_assert!(s.terms.iter().all(|t| t.weight != 0.0 && text.contains(&t.text)));
    }
}
