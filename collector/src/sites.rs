//! The collector's own configuration: which origins may post for which site,
//! how long each site's submissions are kept, and the rate limits. Read with the same field-path validation as the
//! widget's configuration, so every problem is named at once.
//!
//! Sites come from two places: the `--sites` file (fixed while the collector runs) and
//! the database, where Studio's admins and `touchpoint site add` keep them. The answers
//! here merge both: a site's origins are the union, its retention the shorter of the two
//! (never keep data longer than either says), the rate limits the file's.

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};

use serde_json::Value;
use touchpoint_core::fields::{Invalid, Node, Reader};

use crate::db::SiteRow;

/// A token bucket: `per_minute` tokens refill steadily, up to `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub per_minute: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Limit {
    pub(crate) const fn new(per_minute: u32, burst: u32) -> Self {
        match (NonZeroU32::new(per_minute), NonZeroU32::new(burst)) {
            (Some(per_minute), Some(burst)) => Limit { per_minute, burst },
            _ => panic!("limits are positive"),
        }
    }
}

/// The collector's configuration.
#[derive(Debug, Clone)]
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
    /// The database's sites as last read ([`Sites::set_stored`]); shared by every clone.
    stored: Arc<RwLock<Stored>>,
}

/// The database's part of the sites.
#[derive(Debug, Default)]
struct Stored {
    origins: BTreeMap<String, Vec<String>>,
    retention_days: BTreeMap<String, u32>,
}

impl Default for Sites {
    fn default() -> Self {
        Sites {
            origins: BTreeMap::new(),
            retention_days: BTreeMap::new(),
            per_ip: Limit::new(600, 120),
            per_site: Limit::new(60_000, 5_000),
            stored: Arc::default(),
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
        let listed = |origins: &BTreeMap<String, Vec<String>>| {
            origins.get(site).is_some_and(|list| list.iter().any(|o| o == origin))
        };
        listed(&self.origins) || listed(&self.stored().origins)
    }

    /// Whether `origin` is allowed for any site (decides CORS preflights, which carry no body).
    pub fn knows_origin(&self, origin: &str) -> bool {
        let listed = |origins: &BTreeMap<String, Vec<String>>| origins.values().flatten().any(|o| o == origin);
        listed(&self.origins) || listed(&self.stored().origins)
    }

    /// Each site with a retention and its days: the shorter where the file and the database both set one.
    pub fn retention(&self) -> BTreeMap<String, u32> {
        let mut merged = self.retention_days.clone();
        for (site, days) in &self.stored().retention_days {
            merged.entry(site.clone()).and_modify(|d| *d = (*d).min(*days)).or_insert(*days);
        }
        merged
    }

    /// Replaces the database's part with `rows` (read at start, after each change made
    /// through this collector, and periodically for changes made elsewhere).
    pub fn set_stored(&self, rows: &[SiteRow]) {
        let stored = Stored {
            origins: rows.iter().map(|r| (r.id.clone(), r.origins.clone())).collect(),
            retention_days: rows.iter().filter_map(|r| Some((r.id.clone(), r.retention_days?))).collect(),
        };
        *self.stored.write().unwrap_or_else(PoisonError::into_inner) = stored;
    }

    /// The file's part for one site: its origins and retention, if the file lists it.
    pub fn in_file(&self, site: &str) -> Option<(&[String], Option<u32>)> {
        let origins = self.origins.get(site);
        let days = self.retention_days.get(site).copied();
        (origins.is_some() || days.is_some()).then(|| (origins.map_or(&[][..], Vec::as_slice), days))
    }

    /// The ids of the sites the file lists.
    pub fn file_ids(&self) -> impl Iterator<Item = &String> {
        self.origins.keys().chain(self.retention_days.keys().filter(|k| !self.origins.contains_key(*k)))
    }

    fn stored(&self) -> RwLockReadGuard<'_, Stored> {
        // Replaced whole under the lock, so a panic elsewhere cannot leave it half written.
        self.stored.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An origin (`https://shop.example`: scheme and host, no path), as every site list reads one.
pub fn read_origin(r: &mut Reader, node: &Node<'_>) -> Option<String> {
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
