//! Turns what a visitor entered into wire answers, or says which questions
//! still need an answer. The widget shows these messages beside the questions
//! and announces them. Questions hidden by their `show_if` are skipped, and
//! anything entered for them dropped: a visitor who raises a rating after typing
//! "what went wrong" does not send it.

use crate::config::{Condition, Feedback, Question, QuestionKind, When};
use crate::i18n::{Catalogue, Category, Msg};
use crate::id_map::IdMap;
use crate::wire::{Answer, ReplyOutcome};

/// What the visitor has entered for one question so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Given {
    /// A point on a rating scale (CSAT, NPS, CES, emoji).
    Rating(u8),
    /// Free text, as typed.
    Text(String),
    /// Thumbs up (`true`) or down.
    Thumbs(bool),
    /// The id of the option chosen (single choice).
    Choice(String),
    /// The ids of the options chosen (multiple choice).
    Choices(Vec<String>),
    /// The answer to a contact follow-up's `reply` question.
    Reply(ReplyOutcome),
}

/// Whether the visitor sees `question`, given what they entered so far: it has no
/// `show_if`, or its condition holds.
pub fn is_shown(question: &Question, given: &IdMap<Given>) -> bool {
    question.show_if.as_ref().is_none_or(|c| holds(c, given))
}

/// Whether what the visitor entered passes the test; an unanswered question passes none.
pub fn holds(condition: &Condition, given: &IdMap<Given>) -> bool {
    match (&condition.when, given.get(&condition.question)) {
        (When::AtMost(n), Some(Given::Rating(v))) => v <= n,
        (When::AtLeast(n), Some(Given::Rating(v))) => v >= n,
        (When::Chosen(id), Some(Given::Thumbs(up))) => id == if *up { "up" } else { "down" },
        (When::Chosen(id), Some(Given::Choice(c))) => c == id,
        (When::Chosen(id), Some(Given::Choices(chosen))) => chosen.contains(id),
        // Configuration checks that a test fits its question, so any other pairing is no answer.
        (When::AtMost(_) | When::AtLeast(_) | When::Chosen(_), _) => false,
    }
}

/// A question that cannot be submitted as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The question's id.
    pub question: String,
    /// What it needs; [`Need::message`] says it in the visitor's language.
    pub need: Need,
}

/// What a question needs before the answers can be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A point of the scale from `low` to `high`.
    Rating { low: u8, high: u8 },
    /// One of the faces.
    Face,
    /// Thumbs up or down.
    Thumb,
    /// One of the options.
    Option,
    /// At least one of the options.
    Options,
    /// Some text.
    Text,
    /// Whether we replied.
    Reply,
    /// A text of at most `max` characters (`now` were written).
    Shorter { max: usize, now: usize },
    /// A text of at least `min` characters (`now` were written).
    Longer { min: usize, now: usize },
}

impl Need {
    /// What to tell the visitor, from `catalogue`, with plural forms chosen by `plural`
    /// (`Intl.PluralRules` in the browser).
    pub fn message(self, catalogue: &Catalogue, plural: impl Fn(u64) -> Category) -> String {
        let count = |msg: Msg, n: usize, now: usize| {
            let form = catalogue.plural(msg, plural(n as u64));
            crate::i18n::fill(form, &[("n", &n.to_string()), ("now", &now.to_string())])
        };
        match self {
            Need::Rating { low, high } => {
                catalogue.fill(Msg::NeedRating, &[("low", &low.to_string()), ("high", &high.to_string())])
            }
            Need::Face => catalogue.text(Msg::NeedFace).to_owned(),
            Need::Thumb => catalogue.text(Msg::NeedThumb).to_owned(),
            Need::Option => catalogue.text(Msg::NeedOption).to_owned(),
            Need::Options => catalogue.text(Msg::NeedOptions).to_owned(),
            Need::Text => catalogue.text(Msg::NeedText).to_owned(),
            Need::Reply => catalogue.text(Msg::NeedReply).to_owned(),
            Need::Shorter { max, now } => count(Msg::TooLong, max, now),
            Need::Longer { min, now } => count(Msg::TooShort, min, now),
        }
    }
}

/// The answers to a set of questions, ready to score and post.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Collected {
    /// The wire answers, in question order.
    pub answers: Vec<Answer>,
    /// The `reply` question's answer, for a contact follow-up (it travels in the submission's `follow_up`).
    pub reply: Option<ReplyOutcome>,
}

/// Builds the answers for the panel's `feedback` from `given` (keyed by question id), in question order.
/// Blank text counts as unanswered. Every problem is returned at once.
pub fn collect(feedback: &Feedback, given: &IdMap<Given>) -> Result<Vec<Answer>, Vec<Problem>> {
    collect_answers(&feedback.questions, given).map(|c| c.answers)
}

/// Builds the answers to `questions` (a touchpoint's or the panel's) from `given`.
pub fn collect_answers(questions: &[Question], given: &IdMap<Given>) -> Result<Collected, Vec<Problem>> {
    let mut collected = Collected::default();
    let mut problems = Vec::new();
    for q in questions.iter().filter(|q| is_shown(q, given)) {
        let problem = |need: Need| Problem { question: q.id.clone(), need };
        match answer_to(q, given.get(&q.id)) {
            Ok(Some(Entered::Answer(answer))) => collected.answers.push(answer),
            Ok(Some(Entered::Reply(outcome))) => collected.reply = Some(outcome),
            Ok(None) if q.required => problems.push(problem(missing(&q.kind))),
            Ok(None) => {}
            Err(need) => problems.push(problem(need)),
        }
    }
    if problems.is_empty() { Ok(collected) } else { Err(problems) }
}

enum Entered {
    Answer(Answer),
    Reply(ReplyOutcome),
}

/// The answer entered for `q`: `Ok(None)` when there is none (or nothing usable), `Err` when it must be changed.
/// A value of another kind than the question's (a rating for a text question) counts as none.
fn answer_to(q: &Question, given: Option<&Given>) -> Result<Option<Entered>, Need> {
    let question = q.id.clone();
    let rating = || match given {
        Some(Given::Rating(v)) if q.kind.scale().is_some_and(|s| s.contains(v)) => Some(*v),
        _ => None,
    };
    let answer = match &q.kind {
        QuestionKind::Csat { .. } => rating().map(|value| Answer::Csat { question, value }),
        QuestionKind::Nps { .. } => rating().map(|value| Answer::Nps { question, value }),
        QuestionKind::Ces { .. } => rating().map(|value| Answer::Ces { question, value }),
        QuestionKind::Emoji { .. } => rating().map(|value| Answer::Emoji { question, value }),
        QuestionKind::Thumbs { .. } => match given {
            Some(Given::Thumbs(up)) => Some(Answer::Thumbs { question, up: *up }),
            _ => None,
        },
        QuestionKind::SingleChoice { options } => match given {
            Some(Given::Choice(c)) if options.iter().any(|o| &o.id == c) => {
                Some(Answer::SingleChoice { question, option: c.clone() })
            }
            _ => None,
        },
        QuestionKind::MultipleChoice { options } => match given {
            Some(Given::Choices(chosen)) => {
                // In the options' order, each once; ids the question does not offer are ignored.
                let options: Vec<String> =
                    options.iter().filter(|o| chosen.contains(&o.id)).map(|o| o.id.clone()).collect();
                (!options.is_empty()).then_some(Answer::MultipleChoice { question, options })
            }
            _ => None,
        },
        QuestionKind::Text { max_length, min_length } => match given {
            Some(Given::Text(t)) if !t.trim().is_empty() => {
                let text = t.trim();
                let n = text.chars().count();
                if n > *max_length {
                    return Err(Need::Shorter { max: *max_length, now: n });
                }
                if n < *min_length {
                    return Err(Need::Longer { min: *min_length, now: n });
                }
                Some(Answer::Text { question, text: text.to_owned() })
            }
            _ => None,
        },
        QuestionKind::Reply { .. } => {
            return Ok(match given {
                Some(Given::Reply(outcome)) => Some(Entered::Reply(*outcome)),
                _ => None,
            });
        }
    };
    Ok(answer.map(Entered::Answer))
}

fn missing(kind: &QuestionKind) -> Need {
    match kind {
        QuestionKind::Csat { .. } | QuestionKind::Nps { .. } | QuestionKind::Ces { .. } => {
            let scale = kind.scale().unwrap_or(1..=5);
            Need::Rating { low: *scale.start(), high: *scale.end() }
        }
        QuestionKind::Emoji { .. } => Need::Face,
        QuestionKind::Thumbs { .. } => Need::Thumb,
        QuestionKind::SingleChoice { .. } => Need::Option,
        QuestionKind::MultipleChoice { .. } => Need::Options,
        QuestionKind::Text { .. } => Need::Text,
        QuestionKind::Reply { .. } => Need::Reply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Text};
    use crate::i18n::CSAT_LABELS;
    use crate::wire::Stage;

    fn feedback(comment_required: bool) -> Feedback {
        Feedback {
            id: "help-panel".into(),
            stage: Stage::GetHelp,
            questions: vec![
                Question {
                    id: "csat".into(),
                    prompt: "How satisfied?".into(),
                    required: true,
                    kind: QuestionKind::Csat { labels: CSAT_LABELS.map(Text::Default) },
                    show_if: None,
                },
                Question {
                    id: "comment".into(),
                    prompt: "Tell us more".into(),
                    required: comment_required,
                    kind: QuestionKind::Text { max_length: 10, min_length: 0 },
                    show_if: None,
                },
            ],
        }
    }

    fn given(items: &[(&str, Given)]) -> IdMap<Given> {
        items.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    #[test]
    fn answers_come_in_question_order_with_text_trimmed() {
        let g = given(&[("comment", Given::Text("  great  ".into())), ("csat", Given::Rating(5))]);
        assert_eq!(
            collect(&feedback(false), &g),
            Ok(vec![
                Answer::Csat { question: "csat".into(), value: 5 },
                Answer::Text { question: "comment".into(), text: "great".into() },
            ])
        );
    }

    #[test]
    fn an_optional_blank_comment_is_left_out() {
        let g = given(&[("csat", Given::Rating(2)), ("comment", Given::Text("   ".into()))]);
        assert_eq!(collect(&feedback(false), &g), Ok(vec![Answer::Csat { question: "csat".into(), value: 2 }]));
    }

    #[test]
    fn every_missing_or_too_long_answer_is_reported() {
        /// (comment required, what was given, expected (question, message) problems)
        type Case<'a> = (bool, &'a [(&'a str, Given)], &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            (false, &[], &[("csat", "Please choose a rating from 1 to 5.")]),
            (
                true,
                &[("comment", Given::Text(" ".into()))],
                &[("csat", "Please choose a rating from 1 to 5."), ("comment", "Please write an answer.")],
            ),
            (false, &[("csat", Given::Rating(0))], &[("csat", "Please choose a rating from 1 to 5.")]),
            (
                false,
                &[("csat", Given::Rating(3)), ("comment", Given::Text("ééééééééééé".into()))],
                &[("comment", "Please shorten this to 10 characters (now 11).")],
            ),
        ];
        for (required, entries, expected) in cases {
            let problems = collect(&feedback(*required), &given(entries)).unwrap_err();
            let got: Vec<(&str, String)> = problems.iter().map(|p| (p.question.as_str(), english(p.need))).collect();
            let expected: Vec<(&str, String)> = expected.iter().map(|(q, m)| (*q, (*m).to_owned())).collect();
            assert_eq!(got, expected);
        }
    }

    fn english(need: Need) -> String {
        need.message(Catalogue::english(), Category::english)
    }

    #[test]
    fn needs_are_said_in_the_catalogues_words_with_plural_forms() {
        assert_eq!(english(Need::Rating { low: 0, high: 10 }), "Please choose a rating from 0 to 10.");
        assert_eq!(english(Need::Longer { min: 1, now: 0 }), "Please write at least 1 character (now 0).");
        assert_eq!(english(Need::Shorter { max: 500, now: 501 }), "Please shorten this to 500 characters (now 501).");
        let nb = r#"{"too_short": {"one": "Skriv minst {n} tegn (nå {now}).", "other": "Skriv minst {n} tegn (nå {now})."}}"#;
        let nb = Catalogue::read(crate::i18n::Language::Nb, nb);
        assert_eq!(Need::Longer { min: 3, now: 1 }.message(&nb, Category::english), "Skriv minst 3 tegn (nå 1).");
    }

    fn example() -> Config {
        Config::from_json(include_str!("../../docs/examples/touchpoints.json")).unwrap()
    }

    /// The example's checkout touchpoint: `effort` (CES, required), `hard` (single choice, shown when
    /// effort ≤ 3, required), `comment` (optional text, 3-500 characters).
    #[test]
    fn a_touchpoints_answers_follow_its_questions() {
        let config = example();
        let questions = &config.touchpoint("checkout").unwrap().questions;
        let ces = |v| ("effort", Given::Rating(v));
        let hard = |o: &str| ("hard", Given::Choice(o.into()));
        type Case<'a> = (&'a str, Vec<(&'a str, Given)>, Result<Vec<Answer>, Vec<&'a str>>);
        let cases: Vec<Case> = vec![
            (
                "an easy checkout needs only the rating",
                vec![ces(6)],
                Ok(vec![Answer::Ces { question: "effort".into(), value: 6 }]),
            ),
            ("a hard one also asks what was hard", vec![ces(2)], Err(vec!["hard: Please choose one of the options."])),
            (
                "and takes the answer",
                vec![ces(2), hard("payment")],
                Ok(vec![
                    Answer::Ces { question: "effort".into(), value: 2 },
                    Answer::SingleChoice { question: "hard".into(), option: "payment".into() },
                ]),
            ),
            (
                "an answer to a question hidden again is dropped",
                vec![ces(7), hard("payment")],
                Ok(vec![Answer::Ces { question: "effort".into(), value: 7 }]),
            ),
            ("the rating stays on its scale", vec![ces(8)], Err(vec!["effort: Please choose a rating from 1 to 7."])),
            ("options must exist", vec![ces(1), hard("price")], Err(vec!["hard: Please choose one of the options."])),
            (
                "text has a minimum",
                vec![ces(5), ("comment", Given::Text(" ok ".into()))],
                Err(vec!["comment: Please write at least 3 characters (now 2)."]),
            ),
            (
                "a value of another kind counts as no answer",
                vec![("effort", Given::Thumbs(true))],
                Err(vec!["effort: Please choose a rating from 1 to 7."]),
            ),
        ];
        for (name, entries, expected) in cases {
            let got = collect_answers(questions, &given(&entries)).map(|c| c.answers).map_err(|problems| {
                problems.iter().map(|p| format!("{}: {}", p.question, english(p.need))).collect::<Vec<_>>()
            });
            let expected = expected.map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>());
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn multiple_choices_come_in_option_order_without_unknown_ids() {
        let config = example();
        let questions = &config.touchpoint("pricing").unwrap().questions;
        let g = given(&[
            ("clear", Given::Thumbs(false)),
            ("missing", Given::Choices(vec!["compare".into(), "bogus".into(), "total".into(), "compare".into()])),
        ]);
        assert_eq!(
            collect_answers(questions, &g).map(|c| c.answers),
            Ok(vec![
                Answer::Thumbs { question: "clear".into(), up: false },
                Answer::MultipleChoice { question: "missing".into(), options: vec!["total".into(), "compare".into()] },
            ])
        );
    }

    #[test]
    fn a_follow_up_collects_the_reply_beside_the_answers() {
        let config = example();
        let questions = &config.touchpoint("reply-check").unwrap().questions;
        let g = given(&[("reply", Given::Reply(ReplyOutcome::Late)), ("csat", Given::Rating(3))]);
        assert_eq!(
            collect_answers(questions, &g),
            Ok(Collected {
                answers: vec![Answer::Csat { question: "csat".into(), value: 3 }],
                reply: Some(ReplyOutcome::Late)
            })
        );
        let problems = collect_answers(questions, &given(&[("csat", Given::Rating(3))])).unwrap_err();
        assert_eq!(english(problems[0].need), "Please tell us whether we replied.");
    }

    #[test]
    fn conditions_test_the_earlier_answer() {
        let on = |question: &str, when: When| Condition { question: question.into(), when };
        let given: IdMap<Given> = [
            ("csat", Given::Rating(2)),
            ("thumb", Given::Thumbs(false)),
            ("single", Given::Choice("b".into())),
            ("multi", Given::Choices(vec!["a".into(), "c".into()])),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let cases = [
            (on("csat", When::AtMost(2)), true),
            (on("csat", When::AtMost(1)), false),
            (on("csat", When::AtLeast(2)), true),
            (on("thumb", When::Chosen("down".into())), true),
            (on("thumb", When::Chosen("up".into())), false),
            (on("single", When::Chosen("b".into())), true),
            (on("multi", When::Chosen("c".into())), true),
            (on("multi", When::Chosen("b".into())), false),
            (on("thumb", When::AtMost(5)), false),
            (on("unanswered", When::AtLeast(0)), false),
        ];
        for (condition, expected) in cases {
            assert_eq!(holds(&condition, &given), expected, "{condition:?}");
        }
    }
}
