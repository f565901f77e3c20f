//! Live status of the channels that publish one: fetched when the directory shows and again
//! each minute, each answer or failure folded into a map the directory reads.

use std::rc::Rc;

use touchpoint_core::availability::LiveStatus;
use touchpoint_core::config::Channel;
use yew::prelude::*;

use crate::browser::fetch;
use crate::hooks::use_effect_on::use_effect_on;

/// How long a live-status endpoint gets to answer before the schedule's estimate stands.
pub const LIVE_TIMEOUT_MS: i64 = 1_500;

/// The live statuses that answered, by channel id (a handful: a list beats a map in bytes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveStatuses(pub Vec<(String, LiveStatus)>);

impl LiveStatuses {
    /// The live status of channel `id`, if its endpoint last answered well.
    pub fn get(&self, id: &str) -> Option<LiveStatus> {
        self.0.iter().find(|(i, _)| i == id).map(|(_, s)| *s)
    }
}

impl Reducible for LiveStatuses {
    /// A channel's endpoint answered (`Some`) or failed (`None`: back to the schedule).
    type Action = (String, Option<LiveStatus>);

    fn reduce(self: Rc<Self>, (id, status): Self::Action) -> Rc<Self> {
        if self.get(&id) == status {
            return self;
        }
        let mut next = (*self).clone();
        next.0.retain(|(i, _)| *i != id);
        if let Some(s) = status {
            next.0.push((id, s));
        }
        Rc::new(next)
    }
}

/// Fetches the live status of every channel in `channels` that has a `live_status` URL,
/// now and whenever `minute` changes. Failures (timeout, network, a non-2xx answer, a body
/// that is not `{"open": bool, "wait_seconds": n}`) fall back silently to the schedule.
#[hook]
pub fn use_live_status(channels: &[Channel], minute: i64) -> UseReducerHandle<LiveStatuses> {
    let statuses = use_reducer(LiveStatuses::default);
    let urls: Vec<(String, String)> =
        channels.iter().filter_map(|c| Some((c.id.clone(), c.live_status.clone()?))).collect();
    {
        let statuses = statuses.dispatcher();
        use_effect_on((urls, minute), move |(urls, _)| {
            for (id, url) in urls.iter().cloned() {
                let statuses = statuses.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = fetch::get(&url, LIVE_TIMEOUT_MS).await;
                    let status = answer
                        .filter(|(code, _)| (200..300).contains(code))
                        .and_then(|(_, body)| serde_json::from_str(&body).ok())
                        .and_then(|value| LiveStatus::from_value(&value).ok());
                    statuses.dispatch((id, status));
                });
            }
        });
    }
    statuses
}
