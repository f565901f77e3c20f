//! The persisted outbox: what the adapter writes to localStorage and every tab
//! reads back. Tabs write it without coordination, so it is a join-semilattice:
//! [`Snapshot::merge`] is commutative, associative and idempotent, and merging
//! what another tab wrote never loses what this tab knows.

use std::fmt;
use std::ops::RangeInclusive;

use serde::Serialize;
use serde_json::Value;

use crate::fields::{Node, Reader, kind};

use super::Millis;
use crate::id_map::IdMap;

/// Version of the persisted format, checked on load.
pub const SNAPSHOT_VERSION: u32 = 1;

/// The shared state of one outbox: pending items, tombstones of finished ones,
/// the sending lease and the running counts.
///
/// Written with serde, read only by [`Snapshot::from_json`]: there is deliberately no
/// `Deserialize` on it or its parts, whose derived errors would link Rust's float printer
/// (about 18.6 KB brotli) into the widget.
///
/// ```compile_fail,E0277
/// let _: touchpoint_core::delivery::Snapshot = serde_json::from_str("{}").unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    v: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) lease: Option<Lease>,
    pub(super) items: IdMap<Item>,
    pub(super) done: IdMap<Done>,
    /// Tombstones finished before this, and items created before it, are forgotten.
    pub(super) forget_before: Millis,
    pub(super) counts: Counts,
}

/// Which tab may send, until when. Written only through the outbox's claim,
/// renewal and release; the greatest `(epoch, owner, until)` wins a merge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(super) struct Lease {
    pub(super) epoch: u64,
    pub(super) owner: String,
    pub(super) until: Millis,
}

/// An item still to be delivered. Only the lease holder changes one; copies of
/// the same id merge to the one with most attempts, then latest `not_before`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(super) struct Item {
    pub(super) attempts: u32,
    pub(super) not_before: Millis,
    pub(super) failed_at: Option<Millis>,
    pub(super) server_delay: bool,
    pub(super) created_at: Millis,
    pub(super) body: String,
    /// A deletion (`DELETE /v1/journeys/{body}`), not a submission: `body` is the journey id.
    #[serde(skip_serializing_if = "is_false")]
    pub(super) forget: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The tombstone of a finished item: it stops a stale copy of the item, still
/// pending in another tab's memory, from being sent again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct Done {
    pub(super) at: Millis,
    pub(super) fate: Fate,
    /// Whether [`Counts`] includes it yet (only the lease holder counts).
    pub(super) counted: bool,
}

/// How an item ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fate {
    /// Dropped, for the reason given.
    Dropped(DropReason),
    /// The collector answered 2xx.
    Delivered,
}

/// Why an item was given up. Every drop is counted and announced, never silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DropReason {
    /// The outbox was full; the oldest item made room.
    Overflow,
    /// Older than the policy's `max_age`.
    Expired,
    /// The collector refused it with this 4xx (not 408 or 429): retrying cannot help.
    Rejected {
        /// The HTTP status.
        status: u16,
    },
    /// Larger than the policy's `max_body_bytes`; never stored.
    TooLarge,
    /// A submission of a journey the visitor asked to forget, still waiting: it is not
    /// sent, since the deletion queued after it would remove it anyway.
    Forgotten,
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DropReason::Overflow => f.write_str("the outbox was full and this was the oldest item"),
            DropReason::Expired => f.write_str("it could not be delivered before its maximum age"),
            DropReason::Rejected { status } => write!(f, "the collector refused it ({status})"),
            DropReason::TooLarge => f.write_str("it was too large to store or send"),
            DropReason::Forgotten => f.write_str("the visitor asked to forget its journey"),
        }
    }
}

/// Running totals of how items ended, kept in the snapshot so they survive
/// reloads. Only the lease holder adds to them, so a merge takes the larger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Answered 2xx.
    pub delivered: u64,
    /// Dropped as [`DropReason::Overflow`].
    pub overflow: u64,
    /// Dropped as [`DropReason::Expired`].
    pub expired: u64,
    /// Dropped as [`DropReason::Rejected`].
    pub rejected: u64,
    /// Dropped as [`DropReason::TooLarge`].
    pub too_large: u64,
    /// Dropped as [`DropReason::Forgotten`] (absent in outboxes stored before forgetting existed).
    #[serde(skip_serializing_if = "is_zero")]
    pub forgotten: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Counts {
    pub(super) fn add(&mut self, fate: Fate) {
        let n = match fate {
            Fate::Delivered => &mut self.delivered,
            Fate::Dropped(DropReason::Overflow) => &mut self.overflow,
            Fate::Dropped(DropReason::Expired) => &mut self.expired,
            Fate::Dropped(DropReason::Rejected { .. }) => &mut self.rejected,
            Fate::Dropped(DropReason::TooLarge) => &mut self.too_large,
            Fate::Dropped(DropReason::Forgotten) => &mut self.forgotten,
        };
        *n += 1;
    }

    fn join(&mut self, other: &Counts) {
        self.delivered = self.delivered.max(other.delivered);
        self.overflow = self.overflow.max(other.overflow);
        self.expired = self.expired.max(other.expired);
        self.rejected = self.rejected.max(other.rejected);
        self.too_large = self.too_large.max(other.too_large);
        self.forgotten = self.forgotten.max(other.forgotten);
    }

    /// Every item that ended, whichever way.
    pub fn total(&self) -> u64 {
        self.delivered + self.overflow + self.expired + self.rejected + self.too_large + self.forgotten
    }
}

/// Why stored text could not be read back as a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// Not JSON, or not the shape of a snapshot.
    #[error("stored outbox is malformed: {0}")]
    Malformed(String),
    /// Written by a different version of the widget.
    #[error("stored outbox has version {found}, this widget reads version {SNAPSHOT_VERSION}")]
    Version {
        /// The version found.
        found: u32,
    },
}

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot {
            v: SNAPSHOT_VERSION,
            lease: None,
            items: IdMap::new(),
            done: IdMap::new(),
            forget_before: 0,
            counts: Counts::default(),
        }
    }
}

impl Snapshot {
    /// The text the adapter stores.
    pub fn to_json(&self) -> String {
        // Strings, integers and maps with string keys always serialise.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads stored text back, refusing other versions rather than guessing.
    pub fn from_json(text: &str) -> Result<Snapshot, SnapshotError> {
        // Read through `Value` and the field `Reader`, not serde's derived `Deserialize`: its
        // errors quote floats, which links Rust's float printer (about 20 KB) into the widget.
        let value: Value = serde_json::from_str(text).map_err(|e| SnapshotError::Malformed(e.to_string()))?;
        let mut r = Reader::default();
        let root = Node::root(&value);
        r.record(&root);
        let v = r.int(&root.field("v"), 0..=i64::from(u32::MAX)).and_then(|v| u32::try_from(v).ok());
        if let Some(found) = v.filter(|v| *v != SNAPSHOT_VERSION) {
            return Err(SnapshotError::Version { found });
        }
        let lease = root.field("lease");
        let lease = if lease.is_present() { read_lease(&mut r, &lease).map(Some) } else { Some(None) };
        let items = read_map(&mut r, &root.field("items"), read_item);
        let done = read_map(&mut r, &root.field("done"), read_done);
        let forget_before = r.opt_int(&root.field("forget_before"), MILLIS);
        let counts = root.field("counts");
        let counts = if counts.is_present() { read_counts(&mut r, &counts) } else { Some(Counts::default()) };
        let read = (|| {
            Some(Snapshot {
                v: v?,
                lease: lease?,
                items: items?,
                done: done?,
                forget_before: forget_before.unwrap_or_default(),
                counts: counts?,
            })
        })();
        r.finish_with(read).map_err(|e| SnapshotError::Malformed(e.to_string()))
    }

    /// Folds `other` into `self`: the least snapshot that knows everything both do.
    /// Finished beats pending; of two pending copies the further-advanced wins; the
    /// lease with the greatest epoch wins; counts and the forget horizon take the max.
    pub fn merge(&mut self, other: &Snapshot) {
        if other.lease > self.lease {
            self.lease.clone_from(&other.lease);
        }
        self.forget_before = self.forget_before.max(other.forget_before);
        for (id, theirs) in &other.done {
            match self.done.get_mut(id) {
                Some(ours) => ours.join(theirs),
                None => {
                    self.done.insert(id.clone(), theirs.clone());
                }
            }
        }
        for (id, theirs) in &other.items {
            match self.items.get_mut(id) {
                Some(ours) if *ours >= *theirs => {}
                Some(ours) => ours.clone_from(theirs),
                None => {
                    self.items.insert(id.clone(), theirs.clone());
                }
            }
        }
        self.counts.join(&other.counts);
        self.normalise();
    }

    /// Applies the horizon and tombstones: the canonical form every method keeps.
    pub(super) fn normalise(&mut self) {
        let floor = self.forget_before;
        self.done.retain(|_, d| d.at >= floor);
        let done = &self.done;
        self.items.retain(|id, item| item.created_at >= floor && !done.contains_key(id));
    }

    /// The running totals.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Ids still waiting for delivery, oldest first.
    pub fn pending_ids(&self) -> Vec<&str> {
        let mut items: Vec<(&String, &Item)> = self.items.iter().collect();
        crate::sort::sort_by_key(&mut items, |(id, item)| (item.created_at, *id));
        items.into_iter().map(|(id, _)| id.as_str()).collect()
    }

    /// The body of `id` while it waits for delivery: what will leave the browser.
    pub fn pending_body(&self, id: &str) -> Option<&str> {
        self.items.get(id).map(|item| item.body.as_str())
    }

    /// How `id` ended, while its tombstone is remembered.
    pub fn fate(&self, id: &str) -> Option<Fate> {
        self.done.get(id).map(|d| d.fate)
    }

    /// Whether nothing is waiting and every ending is counted: nothing to do.
    pub fn is_settled(&self) -> bool {
        self.items.is_empty() && self.done.values().all(|d| d.counted)
    }
}

/// Any millisecond timestamp or duration.
const MILLIS: RangeInclusive<i64> = i64::MIN..=i64::MAX;
/// Counters and epochs: never negative.
const COUNT: RangeInclusive<i64> = 0..=i64::MAX;

/// An optional object of id to `T` (empty when absent).
fn read_map<T>(
    r: &mut Reader,
    node: &Node<'_>,
    read: impl Fn(&mut Reader, &Node<'_>) -> Option<T>,
) -> Option<IdMap<T>> {
    let Some(map) = r.opt_map(node) else { return (!node.is_present()).then(IdMap::new) };
    let read: Vec<Option<(String, T)>> = map.keys().map(|id| Some((id.clone(), read(r, &node.field(id))?))).collect();
    read.into_iter().collect()
}

fn read_lease(r: &mut Reader, node: &Node<'_>) -> Option<Lease> {
    r.record(node);
    let epoch = r.int(&node.field("epoch"), COUNT);
    let owner = r.string(&node.field("owner"));
    let until = r.int(&node.field("until"), MILLIS);
    Some(Lease { epoch: epoch?.unsigned_abs(), owner: owner?.to_owned(), until: until? })
}

fn read_item(r: &mut Reader, node: &Node<'_>) -> Option<Item> {
    r.record(node);
    let attempts = r.int(&node.field("attempts"), 0..=i64::from(u32::MAX)).and_then(|n| u32::try_from(n).ok());
    let not_before = r.int(&node.field("not_before"), MILLIS);
    let failed_at = r.opt_int(&node.field("failed_at"), MILLIS);
    let server_delay = r.opt_bool(&node.field("server_delay"));
    let created_at = r.int(&node.field("created_at"), MILLIS);
    let body = r.string(&node.field("body"));
    let forget = r.opt_bool(&node.field("forget"));
    Some(Item {
        attempts: attempts?,
        not_before: not_before?,
        failed_at,
        server_delay: server_delay.unwrap_or_default(),
        created_at: created_at?,
        body: body?.to_owned(),
        forget: forget.unwrap_or_default(),
    })
}

fn read_done(r: &mut Reader, node: &Node<'_>) -> Option<Done> {
    r.record(node);
    let at = r.int(&node.field("at"), MILLIS);
    let fate = read_fate(r, &node.field("fate"));
    let counted = r.opt_bool(&node.field("counted"));
    Some(Done { at: at?, fate: fate?, counted: counted.unwrap_or_default() })
}

/// `"delivered"` or `{"dropped": {"reason": "rejected", "status": 422}}`, as serde writes them.
fn read_fate(r: &mut Reader, node: &Node<'_>) -> Option<Fate> {
    if let Some(Value::String(_)) = node.value() {
        return r.one_of(node, &[("delivered", Fate::Delivered)]);
    }
    r.object(node, &["dropped"]);
    let dropped = node.field("dropped");
    r.record(&dropped);
    let reason = match r.kind::<Reason>(&dropped.field("reason"))? {
        Reason::Overflow => DropReason::Overflow,
        Reason::Expired => DropReason::Expired,
        Reason::Rejected => {
            let status = r.int(&dropped.field("status"), 0..=i64::from(u16::MAX))?;
            DropReason::Rejected { status: u16::try_from(status).ok()? }
        }
        Reason::TooLarge => DropReason::TooLarge,
        Reason::Forgotten => DropReason::Forgotten,
    };
    Some(Fate::Dropped(reason))
}

kind! {
    /// The `reason` tag of a stored [`DropReason`], as serde writes it.
    enum Reason {
        Overflow = "overflow",
        Expired = "expired",
        Rejected = "rejected" ["status"],
        TooLarge = "too_large",
        Forgotten = "forgotten",
    }
}

fn read_counts(r: &mut Reader, node: &Node<'_>) -> Option<Counts> {
    r.record(node);
    let [delivered, overflow, expired, rejected, too_large] =
        ["delivered", "overflow", "expired", "rejected", "too_large"]
            .map(|key| r.int(&node.field(key), COUNT).map(i64::unsigned_abs));
    Some(Counts {
        delivered: delivered?,
        overflow: overflow?,
        expired: expired?,
        rejected: rejected?,
        too_large: too_large?,
        forgotten: r.opt_int(&node.field("forgotten"), COUNT).map_or(0, i64::unsigned_abs),
    })
}

impl Done {
    /// Of two tombstones of one id the greater `(fate, at)` wins (they agree in
    /// practice: one tab finishes an item); `counted` is true if either says so.
    fn join(&mut self, other: &Done) {
        let counted = self.counted || other.counted;
        if (other.fate, other.at) > (self.fate, self.at) {
            self.fate = other.fate;
            self.at = other.at;
        }
        self.counted = counted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each id has one `created_at` (a submission has one) and at most one ending,
    /// never before its creation: what the outbox guarantees under its lease. The
    /// laws are checked over snapshots like these.
    fn created(id: u8) -> Millis {
        1_000 + Millis::from(id) * 10
    }

    fn arb_snapshot() -> impl Strategy<Value = Snapshot> {
        let lease = prop::option::of((0u64..4, prop::sample::select(vec!["a", "b"]), 0i64..50))
            .prop_map(|l| l.map(|(epoch, owner, until)| Lease { epoch, owner: owner.to_owned(), until }));
        let item =
            (0u8..8, 0u32..4, 0i64..3_000, any::<bool>()).prop_map(|(id, attempts, not_before, server_delay)| {
                let failed_at = (attempts > 0).then_some(not_before - 1);
                (
                    id,
                    Item {
                        attempts,
                        not_before,
                        failed_at,
                        server_delay,
                        created_at: created(id),
                        body: format!("b{id}"),
                        forget: false,
                    },
                )
            });
        // One ending per id, as under the lease: only whether it was counted varies.
        let done = (0u8..8, any::<bool>()).prop_map(|(id, counted)| {
            let fate = match id % 4 {
                0 => Fate::Delivered,
                1 => Fate::Dropped(DropReason::Overflow),
                2 => Fate::Dropped(DropReason::Expired),
                _ => Fate::Dropped(DropReason::Rejected { status: 422 }),
            };
            (id, Done { at: created(id) + 5, fate, counted })
        });
        let counts =
            (0u64..5, 0u64..5).prop_map(|(delivered, expired)| Counts { delivered, expired, ..Counts::default() });
        (lease, prop::collection::vec(item, 0..5), prop::collection::vec(done, 0..4), 0i64..1_100, counts).prop_map(
            |(lease, items, done, forget_before, counts)| {
                let mut s = Snapshot {
                    lease,
                    items: items.into_iter().map(|(id, it)| (id.to_string(), it)).collect(),
                    done: done.into_iter().map(|(id, d)| (id.to_string(), d)).collect(),
                    forget_before,
                    counts,
                    ..Snapshot::default()
                };
                s.normalise();
                s
            },
        )
    }

    fn merged(a: &Snapshot, b: &Snapshot) -> Snapshot {
        let mut m = a.clone();
        m.merge(b);
        m
    }

    proptest! {
        #[test]
        fn merge_is_commutative(a in arb_snapshot(), b in arb_snapshot()) {
            prop_assert_eq!(merged(&a, &b), merged(&b, &a));
        }

        #[test]
        fn merge_is_associative(a in arb_snapshot(), b in arb_snapshot(), c in arb_snapshot()) {
            prop_assert_eq!(merged(&merged(&a, &b), &c), merged(&a, &merged(&b, &c)));
        }

        #[test]
        fn merge_is_idempotent(a in arb_snapshot(), b in arb_snapshot()) {
            prop_assert_eq!(&merged(&a, &a), &a);
            let ab = merged(&a, &b);
            prop_assert_eq!(merged(&ab, &b), ab);
        }

        #[test]
        fn merge_never_forgets_a_pending_item_unless_finished_or_past_the_horizon(a in arb_snapshot(), b in arb_snapshot()) {
            let m = merged(&a, &b);
            for id in a.items.keys().chain(b.items.keys()) {
                let finished = m.done.contains_key(id);
                let forgotten = a.items.get(id).or(b.items.get(id)).is_some_and(|it| it.created_at < m.forget_before);
                prop_assert!(m.items.contains_key(id) || finished || forgotten, "{id} vanished");
            }
        }

        #[test]
        fn snapshots_round_trip_through_json(a in arb_snapshot()) {
            prop_assert_eq!(Snapshot::from_json(&a.to_json()), Ok(a));
        }
    }

    #[test]
    fn other_versions_and_garbage_are_refused() {
        assert_eq!(Snapshot::from_json(r#"{"v":2,"items":[]}"#), Err(SnapshotError::Version { found: 2 }));
        assert!(matches!(Snapshot::from_json("{\"v\":1,\"items\":7}"), Err(SnapshotError::Malformed(_))));
        assert!(matches!(Snapshot::from_json("not json"), Err(SnapshotError::Malformed(_))));
        assert_eq!(Snapshot::from_json(r#"{"v":1}"#), Ok(Snapshot::default()));
        let bad_fate = r#"{"v":1,"done":{"a":{"at":1,"fate":{"dropped":{"reason":"lost"}}}}}"#;
        assert!(
            matches!(Snapshot::from_json(bad_fate), Err(SnapshotError::Malformed(m)) if m.contains("done.a.fate.dropped.reason"))
        );
    }

    #[test]
    fn members_a_newer_widget_added_are_ignored() {
        let stored =
            r#"{"v":1,"later":true,"items":{"a":{"attempts":0,"not_before":5,"created_at":5,"body":"{}","later":1}}}"#;
        let s = Snapshot::from_json(stored).unwrap();
        assert_eq!((s.pending_ids(), s.pending_body("a")), (vec!["a"], Some("{}")));
    }

    #[test]
    fn the_stored_shape_is_stable() {
        let mut s =
            Snapshot { lease: Some(Lease { epoch: 3, owner: "tab-a".into(), until: 5_000 }), ..Snapshot::default() };
        s.items.insert(
            "id-1".into(),
            Item {
                attempts: 1,
                not_before: 2_000,
                failed_at: Some(1_500),
                server_delay: true,
                created_at: 1_000,
                body: "{}".into(),
                forget: false,
            },
        );
        s.done.insert(
            "id-0".into(),
            Done { at: 900, fate: Fate::Dropped(DropReason::Rejected { status: 422 }), counted: true },
        );
        s.counts.rejected = 1;
        assert_eq!(
            s.to_json(),
            concat!(
                r#"{"v":1,"lease":{"epoch":3,"owner":"tab-a","until":5000},"#,
                r#""items":{"id-1":{"attempts":1,"not_before":2000,"failed_at":1500,"server_delay":true,"created_at":1000,"body":"{}"}},"#,
                r#""done":{"id-0":{"at":900,"fate":{"dropped":{"reason":"rejected","status":422}},"counted":true}},"#,
                r#""forget_before":0,"counts":{"delivered":0,"overflow":0,"expired":0,"rejected":1,"too_large":0}}"#
            )
        );
    }

    /// An outbox exactly as today's widget stores it (a lease, a fresh and a retried item with
    /// real submission bodies, every kind of tombstone, counts): later widgets must read it and
    /// write it back byte for byte, or a reload after an upgrade would lose or resend feedback.
    const STORED_V1: &str = include_str!("../../tests/fixtures/stored-outbox-v1.json");

    #[test]
    fn an_outbox_stored_by_the_first_release_reads_back_and_rewrites_identically() {
        const T0: Millis = 1_795_000_000_000;
        let (first, second) = ("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b44", "1c7e8d4f-3a2b-4d9f-8e68-4d3b2a1f0c55");
        let stored = Snapshot::from_json(STORED_V1).unwrap();
        let body = |id: &str| stored.pending_body(id).map(str::to_owned).unwrap();
        assert!(body(first).starts_with(r#"{"v":1,"id":"0b6f7c3e-"#) && body(first).contains("«ÆØÅ» 👍"));
        assert!(body(second).contains(r#""follow_up":{"channel":"email""#));
        let mut expected = Snapshot {
            lease: Some(Lease { epoch: 7, owner: "3f2a9c1e-tab".into(), until: T0 + 90_000 }),
            forget_before: 1_794_395_200_000,
            counts: Counts { delivered: 12, overflow: 1, expired: 1, rejected: 1, too_large: 1, forgotten: 0 },
            ..Snapshot::default()
        };
        let item = |attempts, not_before, failed_at, server_delay, created_at, body| Item {
            attempts,
            not_before,
            failed_at,
            server_delay,
            created_at,
            body,
            forget: false,
        };
        expected.items.insert(first.into(), item(0, T0, None, false, T0, body(first)));
        expected.items.insert(second.into(), item(3, T0 + 65_000, Some(T0 + 61_000), true, T0 + 60_000, body(second)));
        let ended = [
            ("a1", T0 - 1_000_000, Fate::Delivered, true),
            ("a2", T0 - 900_000, Fate::Dropped(DropReason::Rejected { status: 422 }), true),
            ("a3", T0 - 800_000, Fate::Dropped(DropReason::Overflow), false),
            ("a4", T0 - 700_000, Fate::Dropped(DropReason::Expired), true),
            ("a5", T0 - 600_000, Fate::Dropped(DropReason::TooLarge), true),
        ];
        for (id, at, fate, counted) in ended {
            expected.done.insert(id.into(), Done { at, fate, counted });
        }
        assert_eq!(stored, expected);
        assert_eq!(expected.to_json(), STORED_V1.trim_end());
        assert_eq!(stored.pending_ids(), [first, second]);
    }
}
