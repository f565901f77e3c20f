//! Self-service resources (help centre, FAQs, status page, community …) listed after the
//! channels, so visitors can often help themselves before waiting for a reply.

use crate::fields::{Node, Reader, kind};

use super::links::is_web_link;
use super::text::{Declared, Text, read_opt_text, read_text};
use super::topics::read_handles;

/// A place visitors can help themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Stable id, used in analytics.
    pub id: String,
    /// What sort of resource; decides the icon.
    pub kind: ResourceKind,
    /// Name shown to visitors.
    pub label: Text,
    /// Where it lives: an `https:` URL or a path on the site.
    pub href: String,
    /// One line on what it offers, if any.
    pub description: Option<Text>,
    /// Topic ids it helps with; empty means every topic.
    pub handles: Vec<String>,
}

kind! {
    /// The kinds of self-service resource.
    pub enum ResourceKind {
        HelpCenter = "help_center",
        Faq = "faq",
        Guide = "guide",
        Video = "video",
        StatusPage = "status_page",
        Community = "community",
    }
}

impl Resource {
    /// Whether it helps with `topic` (`None`: no topic chosen, everything applies).
    pub fn handles(&self, topic: Option<&str>) -> bool {
        topic.is_none_or(|t| self.handles.is_empty() || self.handles.iter().any(|h| h == t))
    }
}

pub(super) fn read_resources(
    r: &mut Reader,
    node: &Node<'_>,
    topics: &[&str],
    languages: Declared<'_>,
) -> Option<Vec<Resource>> {
    let mut resources = Vec::new();
    let mut ids = Vec::new();
    for item in &r.opt_items(node) {
        if r.object(item, &["id", "kind", "label", "href", "description", "handles"]).is_none() {
            continue;
        }
        let id = r.id(&item.field("id"));
        let kind = r.kind::<ResourceKind>(&item.field("kind"));
        let label = read_text(r, &item.field("label"), languages, 80);
        let href_node = item.field("href");
        let href = r.string(&href_node).filter(|h| {
            let ok = is_web_link(h);
            if !ok {
                r.fail(&href_node, "must be an https: link or a path starting with /");
            }
            ok
        });
        let description = read_opt_text(r, &item.field("description"), languages, 200);
        let handles = read_handles(r, &item.field("handles"), topics);
        if let Some(id) = id {
            ids.push((item.field("id"), id));
        }
        if let (Some(id), Some(kind), Some(label), Some(href)) = (id, kind, label, href) {
            resources.push(Resource { id: id.to_owned(), kind, label, href: href.to_owned(), description, handles });
        }
    }
    r.unique_ids(ids.iter().map(|(n, id)| (n, *id)), "resource");
    Some(resources)
}
