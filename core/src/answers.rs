//! Turns what a visitor entered into wire answers, or says which required
//! questions still need an answer. The widget shows these messages beside the
//! questions and announces them.

use std::collections::BTreeMap;

use crate::config::{Feedback, QuestionKind};
use crate::wire::Answer;

/// What the visitor has entered for one question so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Given {
    /// A point on a rating scale.
    Rating(u8),
    /// Free text, as typed.
    Text(String),
}

/// A question that cannot be submitted as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The question's id.
    pub question: String,
    /// What to tell the visitor.
    pub message: String,
}

/// Builds the answers for `feedback` from `given` (keyed by question id), in question order.
/// Blank text counts as unanswered. Every problem is returned at once.
pub fn collect(feedback: &Feedback, given: &BTreeMap<String, Given>) -> Result<Vec<Answer>, Vec<Problem>> {
    let mut answers = Vec::new();
    let mut problems = Vec::new();
    for q in &feedback.questions {
        let problem = |message: String| Problem { question: q.id.clone(), message };
        match (&q.kind, given.get(&q.id)) {
            (QuestionKind::Csat { .. }, Some(Given::Rating(v))) if (1..=5).contains(v) => {
                answers.push(Answer::Csat { question: q.id.clone(), value: *v });
            }
            (QuestionKind::Text { max_length }, Some(Given::Text(t))) if !t.trim().is_empty() => {
                let text = t.trim();
                let n = text.chars().count();
                if n > *max_length {
                    problems.push(problem(format!("Please shorten this to {max_length} characters (now {n}).")));
                } else {
                    answers.push(Answer::Text { question: q.id.clone(), text: text.to_owned() });
                }
            }
            (kind, _) if q.required => problems.push(problem(match kind {
                QuestionKind::Csat { .. } => "Please choose a rating from 1 to 5.".to_owned(),
                QuestionKind::Text { .. } => "Please write an answer.".to_owned(),
            })),
            _ => {}
        }
    }
    if problems.is_empty() { Ok(answers) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{CSAT_LABELS, Question};

    fn feedback(comment_required: bool) -> Feedback {
        Feedback {
            id: "help-panel".into(),
            questions: vec![
                Question {
                    id: "csat".into(),
                    prompt: "How satisfied?".into(),
                    required: true,
                    kind: QuestionKind::Csat { labels: CSAT_LABELS.map(str::to_owned) },
                },
                Question {
                    id: "comment".into(),
                    prompt: "Tell us more".into(),
                    required: comment_required,
                    kind: QuestionKind::Text { max_length: 10 },
                },
            ],
        }
    }

    fn given(items: &[(&str, Given)]) -> BTreeMap<String, Given> {
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
}
