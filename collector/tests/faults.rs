//! Faults with real `touchpoint serve` processes, per backend: collectors killed or
//! stopped mid-write and restarted, and (PostgreSQL) the database stopped and started
//! under the collectors. Submissions are sent as the widget's outbox sends them: each
//! until a 2xx, honouring `Retry-After` on 429 and 503, backing off after transport
//! errors, a retry going to the next collector as a load balancer would. Every
//! scenario must end with every submission stored exactly once; each prints a row of
//! the fault table (written past the test harness's capture, so `make test` shows it).
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use support::{Collector, Http, PG_SH, TestDb, submission, submission_id};

/// Submissions per scenario, and senders posting them concurrently.
const SUBMISSIONS: usize = 300;
const SENDERS: usize = 8;

/// A submission not delivered within this long counts as lost.
const GIVE_UP: Duration = Duration::from_secs(60);

/// What the senders saw for one submission.
#[derive(Default)]
struct Delivery {
    created: usize,
    duplicate: usize,
    unavailable: usize,
    transport_errors: usize,
    delivered: bool,
}

/// One row of the fault table.
#[derive(Default)]
struct Row {
    scenario: String,
    submitted: usize,
    stored: usize,
    duplicates: usize,
    lost: usize,
    absorbed: usize,
    unavailable: usize,
    retries: usize,
    seconds: f64,
}

impl Row {
    fn print_table(backend: &str, rows: &[Row]) {
        let mut out = format!(
            "\nfault table ({backend}; {SUBMISSIONS} submissions, {SENDERS} senders each)\n\
             {:<52}{:>10}{:>8}{:>12}{:>6}{:>10}{:>6}{:>9}{:>8}\n",
            "scenario", "submitted", "stored", "duplicates", "lost", "absorbed", "503s", "retries", "time"
        );
        for r in rows {
            out += &format!(
                "{:<52}{:>10}{:>8}{:>12}{:>6}{:>10}{:>6}{:>9}{:>7.1}s\n",
                r.scenario,
                r.submitted,
                r.stored,
                r.duplicates,
                r.lost,
                r.absorbed,
                r.unavailable,
                r.retries,
                r.seconds
            );
        }
        out += "(absorbed: repeats answered 200 duplicate; 503s: answered with Retry-After and retried)\n";
        // Past the harness's capture on purpose: the table is the point of the run.
        std::io::stdout().lock().write_all(out.as_bytes()).unwrap();
    }
}

/// Sends submission `n` until a 2xx, as the widget's outbox would.
async fn deliver(http: &Http, endpoints: &[String], tag: u16, n: usize) -> Delivery {
    let body = submission(tag, n, "northwind");
    let mut d = Delivery::default();
    let started = Instant::now();
    let mut backoff = Duration::from_millis(100);
    for attempt in 0.. {
        if started.elapsed() > GIVE_UP {
            return d;
        }
        let endpoint = &endpoints[(n + attempt) % endpoints.len()];
        match http.post(endpoint, &body).await {
            Ok(a) if a.status == 201 || a.status == 200 => {
                if a.status == 201 {
                    d.created += 1
                } else {
                    d.duplicate += 1
                }
                d.delivered = true;
                return d;
            }
            Ok(a) if a.status == 503 || a.status == 429 => {
                let wait = a.retry_after().unwrap_or_else(|| panic!("{} without Retry-After: {}", a.status, a.body));
                d.unavailable += usize::from(a.status == 503);
                tokio::time::sleep(Duration::from_secs(wait)).await;
            }
            Ok(a) => panic!("submission {n}: {} {} is not retried by the widget: it would be lost", a.status, a.body),
            Err(_) => {
                d.transport_errors += 1;
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
            }
        }
    }
    d
}

/// Runs one scenario: senders deliver every submission while `fault` acts once a third
/// has been answered; then counts what the database holds.
async fn scenario(
    name: &str,
    db: &TestDb,
    collectors: &mut [Collector],
    tag: u16,
    fault: impl AsyncFnOnce(&mut [Collector]),
) -> Row {
    let started = Instant::now();
    let before = db.open().await.count_all().await.unwrap();
    let http = Http::default();
    let endpoints: Arc<Vec<String>> = Arc::new(collectors.iter().map(|c| c.url.clone()).collect());
    let next = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            let (http, endpoints, next, answered) = (http.clone(), endpoints.clone(), next.clone(), answered.clone());
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= SUBMISSIONS {
                        return mine;
                    }
                    mine.push(deliver(&http, &endpoints, tag, n).await);
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    while answered.load(Ordering::Relaxed) < SUBMISSIONS / 3 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    fault(collectors).await;
    let mut deliveries = Vec::new();
    for s in senders {
        deliveries.extend(s.await.unwrap());
    }
    let store = db.open().await;
    let mut row = Row { scenario: name.to_owned(), submitted: SUBMISSIONS, ..Row::default() };
    for n in 0..SUBMISSIONS {
        match store.count_id(&submission_id(tag, n)).await.unwrap() {
            0 => row.lost += 1,
            c => {
                row.stored += 1;
                row.duplicates += c - 1;
            }
        }
    }
    for d in &deliveries {
        // Two 201s for one id would mean it was stored twice.
        row.duplicates += d.created.saturating_sub(1);
        row.absorbed += d.duplicate;
        row.unavailable += d.unavailable;
        row.retries += d.created + d.duplicate + d.unavailable + d.transport_errors - 1;
        assert!(d.delivered || row.lost > 0);
    }
    assert_eq!(store.count_all().await.unwrap() - before, row.stored, "{name}: rows other than the submitted ones");
    row.seconds = started.elapsed().as_secs_f64();
    row
}

/// SIGKILL one collector while requests are in flight; start it again on its address.
async fn kill_and_restart(collectors: &mut [Collector]) {
    collectors[0].kill().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    collectors[0].restart().await;
}

/// SIGTERM one collector (it drains and exits 0); start it again on its address.
async fn stop_and_restart(collectors: &mut [Collector]) {
    assert!(collectors[0].terminate().await.success());
    collectors[0].restart().await;
}

fn assert_exactly_once(rows: &[Row]) {
    for r in rows {
        assert_eq!((r.stored, r.duplicates, r.lost), (r.submitted, 0, 0), "{}", r.scenario);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_table_sqlite() {
    let db = TestDb::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let args = support::unlimited(&dir);
    let args = [args[0].as_str(), args[1].as_str()];
    let mut collectors = vec![Collector::start(&db.arg(), &args).await];
    let mut rows = Vec::new();
    rows.push(
        scenario("collector killed mid-write (SIGKILL), restarted", &db, &mut collectors, 100, async |c| {
            kill_and_restart(c).await
        })
        .await,
    );
    rows.push(
        scenario("collector stopped mid-load (SIGTERM), restarted", &db, &mut collectors, 101, async |c| {
            stop_and_restart(c).await
        })
        .await,
    );
    Row::print_table("SQLite", &rows);
    assert_exactly_once(&rows);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_table_postgres() {
    // A cluster of its own: this test stops and starts it, which the shared one must never see.
    let dir = tempfile::tempdir().unwrap();
    let pg = |command: &str| {
        let out =
            std::process::Command::new(PG_SH).args([command, &dir.path().display().to_string()]).output().unwrap();
        assert!(out.status.success(), "pg.sh {command}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let cluster = pg("start");
    let url = support::fresh_pg_database(&cluster).await;
    let db = TestDb::postgres_at(url.clone());
    let args = support::unlimited(&dir);
    let args = [args[0].as_str(), args[1].as_str()];
    let (a, b) = tokio::join!(Collector::start(&url, &args), Collector::start(&url, &args));
    let mut collectors = vec![a, b];
    let mut rows = Vec::new();
    rows.push(
        scenario("one of 2 collectors killed mid-write, restarted", &db, &mut collectors, 200, async |c| {
            kill_and_restart(c).await
        })
        .await,
    );
    rows.push(
        scenario("one of 2 collectors stopped (SIGTERM), restarted", &db, &mut collectors, 201, async |c| {
            stop_and_restart(c).await
        })
        .await,
    );
    let http = Http::default();
    rows.push(
        scenario("PostgreSQL stopped for 2 s under 2 collectors", &db, &mut collectors, 202, async |c| {
            pg("stop");
            for collector in c.iter() {
                let ready = http.get(&collector.url, "/readyz").await;
                assert_eq!(ready.status, 503, "not ready while the database is down");
                assert_eq!(ready.retry_after(), Some(2));
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
            assert_eq!(pg("start"), cluster, "the same address again");
        })
        .await,
    );
    for collector in &collectors {
        assert_eq!(http.get(&collector.url, "/readyz").await.status, 200, "reconnected by itself");
        let metrics = http.get(&collector.url, "/metrics").await.body;
        let unavailable = metrics
            .lines()
            .find(|l| l.starts_with("touchpoint_db_errors_total{kind=\"unavailable\"}"))
            .and_then(|l| l.rsplit(' ').next()?.parse::<f64>().ok());
        assert!(unavailable.is_some_and(|n| n > 0.0), "the outage is counted:\n{metrics}");
    }
    Row::print_table("PostgreSQL", &rows);
    assert_exactly_once(&rows);
    assert!(rows[2].unavailable > 0, "the outage was seen as 503s");
    drop(collectors);
    pg("remove");
}
