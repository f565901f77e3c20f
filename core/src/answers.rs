//! Turns what a visitor entered into wire answers, or says which questions
//! still need an answer. The widget shows these messages beside the questions
//! and announces them. Questions hidden by their `show_if` are skipped, and
//! anything entered for them dropped: a visitor who raises a rating after typing
//! "what went wrong" does not send it.

use crate::config::{Condition, Feedback, Question, QuestionKind, When};
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
    /// What to tell the visitor.
    pub message: String,
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
        let problem = |message: String| Problem { question: q.id.clone(), message };
        match answer_to(q, given.get(&q.id)) {
            Ok(Some(Entered::Answer(answer))) => collected.answers.push(answer),
            Ok(Some(Entered::Reply(outcome))) => collected.reply = Some(outcome),
            Ok(None) if q.required => problems.push(problem(missing(&q.kind))),
            Ok(None) => {}
            Err(message) => problems.push(problem(message)),
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
fn answer_to(q: &Question, given: Option<&Given>) -> Result<Option<Entered>, String> {
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
                    return Err(format!("Please shorten this to {max_length} characters (now {n})."));
                }
                if n < *min_length {
                    return Err(format!("Please write at least {min_length} characters (now {n})."));
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

fn missing(kind: &QuestionKind) -> String {
    match kind {
        QuestionKind::Csat { .. } => "Please choose a rating from 1 to 5.".to_owned(),
        QuestionKind::Nps { .. } => "Please choose a rating from 0 to 10.".to_owned(),
        QuestionKind::Ces { .. } => "Please choose a rating from 1 to 7.".to_owned(),
        QuestionKind::Emoji { .. } => "Please choose one of the faces.".to_owned(),
        QuestionKind::Thumbs { .. } => "Please choose thumbs up or down.".to_owned(),
        QuestionKind::SingleChoice { .. } => "Please choose one of the options.".to_owned(),
        QuestionKind::MultipleChoice { .. } => "Please choose at least one option.".to_owned(),
        QuestionKind::Text { .. } => "Please write an answer.".to_owned(),
        QuestionKind::Reply { .. } => "Please tell us whether we replied.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{CSAT_LABELS, Config};
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
                    kind: QuestionKind::Csat { labels: CSAT_LABELS.map(str::to_owned) },
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
            let got: Vec<(&str, &str)> = problems.iter().map(|p| (p.question.as_str(), p.message.as_str())).collect();
            assert_eq!(&got, expected);
        }
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
                problems.iter().map(|p| format!("{}: {}", p.question, p.message)).collect::<Vec<_>>()
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
        assert_eq!(problems[0].message, "Please tell us whether we replied.");
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
