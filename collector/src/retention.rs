//! Retention: each site's submissions are kept `retention_days` (the `--sites` file or
//! the site in the database, the shorter of the two) after they were received, then
//! purged on a schedule.
//!
//! The purger reacts to ticks and reads "now" from the injected [`Clock`], so
//! tests drive it with a fixed clock and explicit ticks instead of waiting;
//! [`ticker`] produces the ticks in production. With several collectors on one
//! PostgreSQL each purges: the deletes are idempotent, so that only repeats work.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::sites::Sites;
use crate::{Clock, Db, Error};

/// How often `touchpoint serve` purges (and once at start).
pub const EVERY: Duration = Duration::from_secs(3_600);

const DAY_MS: i64 = 86_400_000;

/// The outcome of one purge run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    /// The clock's reading the cut-offs were computed from.
    pub at: i64,
    /// Rows deleted, all sites together.
    pub rows: u64,
}

/// Deletes, for every site with a retention, the rows received more than its
/// `retention_days` before `now` (ms since the epoch).
pub async fn purge_expired(db: &Db, sites: &Sites, now: i64) -> Result<u64, Error> {
    let mut rows = 0;
    for (site, days) in &sites.retention() {
        let n = db.purge(site, now - i64::from(*days) * DAY_MS).await?;
        if n > 0 {
            tracing::info!(site, rows = n, retention_days = days, "purged expired submissions");
        }
        rows += n;
    }
    metrics::counter!("touchpoint_retention_purged_total").increment(rows);
    Ok(rows)
}

/// Runs a purge at every tick until the ticks stop; reports each finished run on the
/// returned channel. A failed run (database down) is logged and retried at the next tick.
pub fn spawn(
    db: Arc<Db>,
    sites: Arc<Sites>,
    clock: Clock,
    mut ticks: mpsc::Receiver<()>,
) -> (JoinHandle<()>, watch::Receiver<Option<Purged>>) {
    let (report, reports) = watch::channel(None);
    let task = tokio::spawn(async move {
        while ticks.recv().await.is_some() {
            let at = clock();
            match purge_expired(&db, &sites, at).await {
                Ok(rows) => {
                    report.send_replace(Some(Purged { at, rows }));
                }
                Err(e) => tracing::warn!(error = %e, "retention purge failed; retrying at the next tick"),
            }
        }
    });
    (task, reports)
}

/// Ticks at once and then every `every`, until the returned task is aborted (which
/// ends the purger after the run in progress). A tick that finds the purger still
/// busy is skipped rather than queued.
pub fn ticker(every: Duration) -> (JoinHandle<()>, mpsc::Receiver<()>) {
    let (tick, ticks) = mpsc::channel(1);
    let task = tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(mpsc::error::TrySendError::Closed(())) = tick.try_send(()) {
                return;
            }
        }
    });
    (task, ticks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_ticker_ticks_at_once_then_every_period() {
        let (task, mut ticks) = ticker(EVERY);
        assert_eq!(ticks.recv().await, Some(()), "at start");
        let started = tokio::time::Instant::now();
        assert_eq!(ticks.recv().await, Some(()));
        assert_eq!(started.elapsed(), EVERY, "the second tick waits a whole period (paused clock)");
        task.abort();
        assert_eq!(ticks.recv().await, None, "aborting the ticker ends the ticks");
    }
}
