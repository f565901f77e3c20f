//! The feedback the widget asks for: questions and their kinds.

use crate::fields::{Node, Reader};

/// The feedback the widget asks for: a set of questions shown together.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// Id of this touchpoint, stored with every submission.
    pub id: String,
    /// Questions in display order.
    pub questions: Vec<Question>,
}

/// One question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Stable id, used as the answer's key.
    pub id: String,
    /// The question as the visitor reads it.
    pub prompt: String,
    /// Whether the visitor must answer before submitting.
    pub required: bool,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
}

/// The kinds of question.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied), one label per point.
    Csat { labels: [String; 5] },
    /// Free text up to `max_length` characters.
    Text { max_length: usize },
}

/// Default CSAT labels, worst first.
pub const CSAT_LABELS: [&str; 5] = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"];

/// Longest free-text answer accepted anywhere (config may lower it).
pub const MAX_TEXT: usize = 5_000;

pub(super) fn read_feedback(r: &mut Reader, node: &Node<'_>) -> Option<Feedback> {
    r.object(node, &["id", "questions"])?;
    let id = r.id(&node.field("id"));
    let q_node = node.field("questions");
    let items = r.items(&q_node);
    if q_node.is_present() && items.is_empty() {
        r.fail(&q_node, "must list at least one question");
    }
    let mut questions = Vec::new();
    let mut ids = Vec::new();
    for item in &items {
        if r.object(item, &["id", "kind", "prompt", "required", "labels", "max_length"]).is_none() {
            continue;
        }
        let qid = r.id(&item.field("id"));
        let prompt = r.bounded_string(&item.field("prompt"), 300);
        let required = r.opt_bool(&item.field("required"));
        let kind = match r.one_of(&item.field("kind"), &[("csat", "csat"), ("text", "text")]) {
            Some("csat") => read_csat(r, item),
            Some(_) => {
                let max = r.opt_int(&item.field("max_length"), 1..=MAX_TEXT as i64);
                Some(QuestionKind::Text { max_length: max.map_or(MAX_TEXT, |m| m as usize) })
            }
            None => None,
        };
        if let Some(qid) = qid {
            ids.push((item.field("id"), qid));
        }
        if let (Some(qid), Some(prompt), Some(kind)) = (qid, prompt, kind) {
            let required = required.unwrap_or(matches!(kind, QuestionKind::Csat { .. }));
            questions.push(Question { id: qid.to_owned(), prompt: prompt.to_owned(), required, kind });
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "question");
    Some(Feedback { id: id?.to_owned(), questions })
}

fn read_csat(r: &mut Reader, item: &Node<'_>) -> Option<QuestionKind> {
    let node = item.field("labels");
    if !node.is_present() {
        return Some(QuestionKind::Csat { labels: CSAT_LABELS.map(str::to_owned) });
    }
    let items = r.items(&node);
    if items.len() != 5 {
        r.fail(&node, format!("must have exactly 5 labels, worst first, found {}", items.len()));
        return None;
    }
    let labels: Vec<String> = items.iter().filter_map(|n| r.bounded_string(n, 40)).map(str::to_owned).collect();
    labels.try_into().ok().map(|labels| QuestionKind::Csat { labels })
}
