//! The collector's own configuration: which origins may post for which site,
//! how long each site's submissions are kept, and the rate limits. Read with the same field-path validation as the
//! widget's configuration, so every problem is named at once.

use std::collections::BTreeMap;
use std::num::NonZeroU32;

use serde_json::Value;
use touchpoint_core::fields::{Invalid, Node, Reader};

/// A token bucket: `per_minute` tokens refill steadily, up to `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub per_minute: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Limit {
    const fn new(per_minute: u32, burst: u32) -> Self {
        match (NonZeroU32::new(per_minute), NonZeroU32::new(burst)) {
            (Some(per_minute), Some(burst)) => Limit { per_minute, burst },
            _ => panic!("limits are positive"),
        }
    }
}

/// The collector's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sites {
    /// Per site id, the origins (`https://shop.example`) whose pages may post for it.
    /// A site not listed accepts same-origin posts only.
    pub origins: BTreeMap<String, Vec<String>>,
    /// Per site id, how many days submissions are kept (by the day they were received);
    /// a site not listed keeps them until deleted.
    pub retention_days: BTreeMap<String, u32>,
    /// Per client IP: generous enough for a visitor's retries, tight enough for a script.
    pub per_ip: Limit,
    /// Per site: bounds what one abused site key can cost everyone else.
    pub per_site: Limit,
}

impl Default for Sites {
    fn default() -> Self {
        Sites {
            origins: BTreeMap::new(),
            retention_days: BTreeMap::new(),
            per_ip: Limit::new(600, 120),
            per_site: Limit::new(60_000, 5_000),
        }
    }
}

impl Sites {
    /// Parses a configuration file's JSON text.
    pub fn from_json(text: &str) -> Result<Sites, Invalid> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Invalid(vec![touchpoint_core::FieldError {
                path: "(root)".into(),
                message: format!("is not valid JSON: {e}"),
            }])
        })?;
        let mut r = Reader::default();
        let root = Node::root(&value);
        r.object(&root, &["sites", "rate_limits"]);
        let mut sites = Sites::default();
        let sites_node = root.field("sites");
        if let Some(map) = r.opt_map(&sites_node) {
            for site in map.keys() {
                let node = sites_node.field(site);
                if !touchpoint_core::fields::is_id(site) {
                    r.fail(&node, "site ids are 1-64 characters of a-z, 0-9, - or _");
                    continue;
                }
                r.object(&node, &["origins", "retention_days"]);
                let origins = r.items(&node.field("origins"));
                let list = origins.iter().filter_map(|o| read_origin(&mut r, o)).collect();
                sites.origins.insert(site.clone(), list);
                // Up to a century: long enough for any legal hold, short enough that the cut-off never overflows.
                if let Some(days) = r.opt_int(&node.field("retention_days"), 1..=36_500) {
                    sites.retention_days.insert(site.clone(), u32::try_from(days).unwrap_or(u32::MAX));
                }
            }
        }
        let limits = root.field("rate_limits");
        if r.opt_object(&limits, &["per_ip", "per_site"]).is_some() {
            if let Some(l) = read_limit(&mut r, &limits.field("per_ip")) {
                sites.per_ip = l;
            }
            if let Some(l) = read_limit(&mut r, &limits.field("per_site")) {
                sites.per_site = l;
            }
        }
        r.finish(sites)
    }

    /// Whether a page at `origin` may post for `site`.
    pub fn allows(&self, site: &str, origin: &str) -> bool {
        self.origins.get(site).is_some_and(|list| list.iter().any(|o| o == origin))
    }

    /// Whether `origin` is allowed for any site (decides CORS preflights, which carry no body).
    pub fn knows_origin(&self, origin: &str) -> bool {
        self.origins.values().flatten().any(|o| o == origin)
    }
}

fn read_origin(r: &mut Reader, node: &Node<'_>) -> Option<String> {
    let s = r.string(node)?;
    let valid = (s.starts_with("https://") || s.starts_with("http://"))
        && !s.ends_with('/')
        && s.split("://").nth(1).is_some_and(|host| !host.is_empty() && !host.contains(['/', '?', '#', ' ']));
    if valid {
        Some(s.to_owned())
    } else {
        r.fail(node, format!("`{s}` is not an origin such as https://shop.example (scheme and host, no path)"));
        None
    }
}

fn read_limit(r: &mut Reader, node: &Node<'_>) -> Option<Limit> {
    r.opt_object(node, &["per_minute", "burst"])?;
    let per_minute = r.int(&node.field("per_minute"), 1..=10_000_000);
    let burst = r.int(&node.field("burst"), 1..=10_000_000);
    let nz = |v: i64| u32::try_from(v).ok().and_then(NonZeroU32::new);
    Some(Limit { per_minute: nz(per_minute?)?, burst: nz(burst?)? })
}
