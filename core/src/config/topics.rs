//! Topics: the kinds of problem visitors come with (billing, orders …), which channels
//! and resources say they handle, so the widget can ask "What do you need help with?".

use crate::fields::{Node, Reader};

use super::text::{Declared, Text, read_text};

/// One kind of problem a visitor may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Stable id, referenced by channels' and resources' `handles`.
    pub id: String,
    /// What the visitor reads in the topic picker.
    pub label: Text,
}

/// Most topics a configuration may list: a picker longer than this helps nobody.
pub const MAX_TOPICS: usize = 20;

/// The topics, and every distinct well-formed topic id (also of topics with other problems,
/// so `handles` are checked against what the marketer meant).
pub(super) fn read_topics(
    r: &mut Reader,
    node: &Node<'_>,
    languages: Declared<'_>,
) -> (Option<Vec<Topic>>, Vec<String>) {
    let items = r.opt_items(node);
    if items.len() > MAX_TOPICS {
        r.fail(node, format!("must list at most {MAX_TOPICS} topics, found {}", items.len()));
    }
    let mut topics = Vec::new();
    let mut ids = Vec::new();
    for item in &items {
        if r.object(item, &["id", "label"]).is_none() {
            continue;
        }
        let id = r.id(&item.field("id"));
        let label = read_text(r, &item.field("label"), languages, 60);
        if let Some(id) = id {
            ids.push((item.field("id"), id));
        }
        if let (Some(id), Some(label)) = (id, label) {
            topics.push(Topic { id: id.to_owned(), label });
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "topic");
    let mut known: Vec<String> = Vec::new();
    for (_, id) in ids {
        if !known.iter().any(|k| k == id) {
            known.push(id.to_owned());
        }
    }
    (Some(topics), known)
}

/// Reads a `handles` list of topic ids, each of which must be one of `topics`;
/// absent or empty means "any topic".
pub(super) fn read_handles(r: &mut Reader, node: &Node<'_>, topics: &[&str]) -> Vec<String> {
    let mut handles: Vec<String> = Vec::new();
    for item in r.opt_items(node) {
        let Some(id) = r.string(&item) else { continue };
        if handles.iter().any(|h| h == id) {
            r.fail(&item, format!("topic `{id}` is listed twice"));
        } else if !topics.contains(&id) {
            let message = match topics {
                [] => format!("unknown topic `{id}` (the configuration lists no topics)"),
                _ => format!("unknown topic `{id}` (expected one of: {})", topics.join(", ")),
            };
            r.fail(&item, message);
        } else {
            handles.push(id.to_owned());
        }
    }
    handles
}
