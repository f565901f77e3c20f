//! The feedback the widget's panel asks for: the questions a visitor answers
//! when they open the panel themselves (not a prompt, so no recontact rule applies).

use crate::fields::{Node, Reader};
use crate::wire::Stage;

use super::questions::{Asks, Question, read_questions};
use super::text::Declared;
use super::touchpoints::read_stage;

/// The feedback the widget asks for: a set of questions shown together.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// Id of this touchpoint, stored with every submission.
    pub id: String,
    /// Where in the journey the panel sits; `get_help` unless configured, since it lists the contact channels.
    pub stage: Stage,
    /// Questions in display order.
    pub questions: Vec<Question>,
}

pub(super) fn read_feedback(r: &mut Reader, node: &Node<'_>, languages: Declared<'_>) -> Option<Feedback> {
    r.object(node, &["id", "stage", "questions"])?;
    let id = r.id(&node.field("id"));
    let stage = read_stage(r, &node.field("stage"), Stage::GetHelp);
    let questions = read_questions(r, &node.field("questions"), Asks::Ordinary, languages);
    Some(Feedback { id: id?.to_owned(), stage: stage?, questions })
}
