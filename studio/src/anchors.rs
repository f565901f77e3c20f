//! Where each problem the validator reports shows in the editor. Every input of the
//! configuration form has its field path as its id (`channels[0].label`); a problem at a
//! path with no input of its own (an unknown member, a whole list, a condition) shows at
//! the nearest enclosing field that has one: [`anchor`]. The table below is the one
//! description of which paths the editor renders, so a problem can never fall between
//! two fields: at worst it shows at the document's top (`(root)`).

use touchpoint_core::diff::Step;

use crate::doc::{parse_path, path_text};

/// The weekdays as the configuration names them, Monday first.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const QUESTION: &[&str] = &[
    "",
    "id",
    "kind",
    "prompt",
    "required",
    "labels",
    "labels.*",
    "options",
    "options.*",
    "options.*.id",
    "options.*.label",
    "min_length",
    "max_length",
    "show_if",
    "show_if.question",
    "show_if.at_most",
    "show_if.at_least",
    "show_if.chosen",
];

const DATED: &[&str] = &["", "date", "from", "to", "label", "hours", "hours.*"];

/// Whether the editor has a field (or a group with its own problems) at `norm`, a path
/// with every position written `*`.
fn has_field(norm: &str) -> bool {
    const FIXED: &[&str] = &[
        "",
        "site",
        "endpoint",
        "keep_text_on_device",
        "topics",
        "topics.*",
        "topics.*.id",
        "topics.*.label",
        "channels",
        "channels.*",
        "channels.*.id",
        "channels.*.kind",
        "channels.*.label",
        "channels.*.href",
        "channels.*.description",
        "channels.*.handles",
        "channels.*.handles.*",
        "channels.*.response_time",
        "channels.*.response_time_in",
        "channels.*.hours",
        "channels.*.hours.time_zone",
        "channels.*.hours.weekly",
        "channels.*.hours.closed",
        "channels.*.hours.special",
        "channels.*.live_status",
        "channels.*.hide_when_closed",
        "resources",
        "resources.*",
        "resources.*.id",
        "resources.*.kind",
        "resources.*.label",
        "resources.*.href",
        "resources.*.description",
        "resources.*.handles",
        "resources.*.handles.*",
        "feedback",
        "feedback.id",
        "feedback.stage",
        "feedback.questions",
        "touchpoints",
        "touchpoints.*",
        "touchpoints.*.id",
        "touchpoints.*.label",
        "touchpoints.*.stage",
        "touchpoints.*.sample_percent",
        "touchpoints.*.recontact_days",
        "touchpoints.*.questions",
        "touchpoints.*.trigger",
        "touchpoints.*.trigger.kind",
        "touchpoints.*.trigger.exact",
        "touchpoints.*.trigger.prefix",
        "touchpoints.*.trigger.glob",
        "touchpoints.*.trigger.delay_seconds",
        "touchpoints.*.trigger.event",
        "touchpoints.*.trigger.channels",
        "touchpoints.*.trigger.channels.*",
        "touchpoints.*.trigger.within_days",
        "recontact",
        "recontact.same_touchpoint_days",
        "recontact.any_touchpoint_hours",
        "journey",
        "journey.half_life_days",
        "journey.peak_weight",
        "journey.end_weight",
        "journey.text_weight",
        "languages",
        "language",
        "theme",
        "theme.accent",
        "theme.accent_text",
        "theme.position",
        "theme.radius",
        "theme.launcher_label",
        "theme.launcher_icon",
        "theme.color_scheme",
        "theme.font",
    ];
    if FIXED.contains(&norm) {
        return true;
    }
    // A translation (`channels.*.label.nb`): its own field on the translations screen.
    if let Some((text, language)) = norm.rsplit_once('.')
        && crate::translations::is_language(language)
        && is_translatable(text)
    {
        return true;
    }
    if let Some(day) = norm.strip_prefix("channels.*.hours.weekly.") {
        return DAYS.iter().any(|d| day == *d || day.strip_prefix(d) == Some(".*"));
    }
    for list in ["channels.*.hours.closed.*", "channels.*.hours.special.*"] {
        if let Some(rest) = norm.strip_prefix(list) {
            return DATED.iter().any(|f| rest == (if f.is_empty() { String::new() } else { format!(".{f}") }));
        }
    }
    for list in ["feedback.questions.*", "touchpoints.*.questions.*"] {
        if let Some(rest) = norm.strip_prefix(list) {
            return QUESTION.iter().any(|f| rest == (if f.is_empty() { String::new() } else { format!(".{f}") }));
        }
    }
    false
}

/// Whether `norm` is a text a visitor reads (one string, or one per language).
fn is_translatable(norm: &str) -> bool {
    const TEXTS: &[&str] = &[
        "topics.*.label",
        "channels.*.label",
        "channels.*.description",
        "resources.*.label",
        "resources.*.description",
        "theme.launcher_label",
    ];
    const QUESTION_TEXTS: &[&str] = &[".prompt", ".labels.*", ".options.*.label"];
    TEXTS.contains(&norm)
        || ["feedback.questions.*", "touchpoints.*.questions.*"]
            .iter()
            .any(|list| norm.strip_prefix(list).is_some_and(|rest| QUESTION_TEXTS.contains(&rest)))
}

fn normalized(path: &[Step]) -> String {
    let parts: Vec<&str> = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.as_str(),
            Step::Index(_) => "*",
        })
        .collect();
    parts.join(".")
}

/// The id of the field a problem at `path` (as the validator writes it) shows beside:
/// the path itself when the editor has a field there, else its nearest enclosing field's.
pub fn anchor(path: &str) -> String {
    let Some(steps) = parse_path(path) else {
        return "(root)".to_owned();
    };
    (0..=steps.len())
        .rev()
        .map(|n| &steps[..n])
        .find(|prefix| has_field(&normalized(prefix)))
        .map_or_else(|| "(root)".to_owned(), path_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_show_at_their_field_or_the_nearest_enclosing_one() {
        for (problem, field) in [
            ("site", "site"),
            ("channels[0].label", "channels[0].label"),
            ("channels[2].hours.weekly.mon[1]", "channels[2].hours.weekly.mon[1]"),
            ("channels[2].hours.weekly.funday", "channels[2].hours.weekly"),
            ("channels[0].colour", "channels[0]"),
            ("channels[0].hours.closed[3].to", "channels[0].hours.closed[3].to"),
            ("channels[0].hours.special[0].hours[2]", "channels[0].hours.special[0].hours[2]"),
            ("touchpoints[1].questions[2].show_if.chosen", "touchpoints[1].questions[2].show_if.chosen"),
            ("touchpoints[1].questions[2].options[0].label", "touchpoints[1].questions[2].options[0].label"),
            ("touchpoints[1].trigger.prefix", "touchpoints[1].trigger.prefix"),
            ("touchpoints[1].trigger.nonsense", "touchpoints[1].trigger"),
            ("feedback.questions[0].labels[4]", "feedback.questions[0].labels[4]"),
            ("journey.peak_weight", "journey.peak_weight"),
            ("channels[0].label.nb", "channels[0].label.nb"),
            ("touchpoints[0].questions[1].options[2].label.de", "touchpoints[0].questions[1].options[2].label.de"),
            ("feedback.questions[0].labels[4].ja", "feedback.questions[0].labels[4].ja"),
            ("theme.launcher_label.nb", "theme.launcher_label.nb"),
            ("channels[0].label.xx", "channels[0].label"),
            ("channels[0].id.nb", "channels[0].id"),
            ("theme.accent_text", "theme.accent_text"),
            ("languages[1]", "languages"),
            ("colour", "(root)"),
            ("(root)", "(root)"),
            ("not a [path", "(root)"),
        ] {
            assert_eq!(anchor(problem), field, "{problem}");
        }
    }

    /// Every problem the validator finds in a broken document lands on a field the editor has.
    #[test]
    fn every_problem_of_a_broken_document_has_a_field() {
        let broken = serde_json::json!({
            "site": "no spaces please", "endpoint": "ftp://x", "extra": 1,
            "topics": [{"id": "a", "label": ""}, {"id": "a", "label": "Twice"}],
            "channels": [{"id": "chat", "kind": "telepathy", "label": "", "href": "x",
                "response_time": "soon", "hours": {"time_zone": "Mars/Base", "weekly": {"mon": ["18:00-17:00", "9-5"], "funday": []},
                "closed": [{"from": "2026-12-31", "to": "2026-12-01"}]}}],
            "feedback": {"id": "panel", "questions": [{"id": "q", "kind": "csat", "prompt": "How?", "show_if": {"question": "nope", "at_most": 2}}]},
            "touchpoints": [{"id": "t", "label": "T", "stage": "nowhere", "trigger": {"kind": "url", "prefix": "/a", "glob": "/b"}, "questions": []}],
            "journey": {"peak_weight": 7}
        });
        let problems = touchpoint_core::Config::from_value(&broken).expect_err("broken").0;
        assert!(problems.len() >= 10, "{problems:?}");
        for p in problems {
            let field = anchor(&p.path);
            assert!(field != "(root)" || !p.path.contains('.'), "{} ({}) fell to the top", p.path, p.message);
        }
    }
}
