//! The contact directory for a topic: which channels to show and in what order.

use super::{Availability, AvailabilityError, Instant, LiveStatus, OffsetProvider, availability};
use crate::config::Channel;

/// One channel as listed, with its availability (an error when its zone is unknown to the
/// offset provider: the widget then shows it without a status).
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<'c> {
    /// The configured channel.
    pub channel: &'c Channel,
    /// Its availability at the instant asked about, live status applied.
    pub availability: Result<Availability, AvailabilityError>,
}

/// The channels to show for `topic` (`None`: no topic picked) at `at`, in display order:
///
/// 1. channels that handle the topic (a channel without `handles` handles every topic);
/// 2. open ones first, fastest expected reply first, those without a promise after those
///    with one; then closed ones in the same order; then any whose status is unknown;
/// 3. ties keep the configured order;
/// 4. closed channels marked `hide_when_closed` are left out.
///
/// `live` gives a channel's live status by channel id when one has answered in time.
pub fn directory<'c, P: OffsetProvider>(
    channels: &'c [Channel],
    topic: Option<&str>,
    at: Instant,
    offsets: &P,
    live: impl Fn(&str) -> Option<LiveStatus>,
) -> Vec<Listing<'c>> {
    let mut listed: Vec<Listing<'c>> = channels
        .iter()
        .filter(|c| c.handles(topic))
        .map(|channel| {
            let computed = availability(channel, at, offsets);
            let availability = computed.map(|a| live(&channel.id).map_or(a, |l| a.with_live(l, at)));
            Listing { channel, availability }
        })
        .filter(|l| !(l.channel.hide_when_closed && l.availability.as_ref().is_ok_and(|a| !a.open)))
        .collect();
    // A stable sort keeps the configured order among equals.
    crate::sort::sort_by_key(&mut listed, |l| match &l.availability {
        Ok(a) => (u8::from(!a.open), a.reply_by.map_or(i64::MAX, Instant::unix)),
        Err(_) => (2, i64::MAX),
    });
    listed
}
