//! The real `touchpoint serve` under attack, next to the same load without it.
//!
//! Legitimate posts arrive open-loop at a steady rate from 250 visitor addresses
//! (127.0.1.x, at most 6 connections each, as a browser), sent as the widget's outbox sends them: retried until a 2xx, after
//! `Retry-After` on a 503 or 429, after a backoff on a transport failure. In the
//! attack run, from other addresses on the same machine: 2,000 slow connections
//! (1,000 that send nothing, 500 trickling a request head and 500 a body, one byte a
//! second, each reopened as soon as it is closed; 100 per address, under the cap),
//! 300 more that send nothing from a single address (over its cap) and a flood of malformed bodies
//! (random bytes, nesting 50,000 deep, truncated and ill-typed submissions, bodies
//! over the limit). Printed side by side: legitimate posts sent, stored, refused 503
//! (and retried), lost; the latency of each post's first answer, measured from when
//! it was due (open loop: a stalled collector cannot hide its queue); the collector's
//! peak memory and open descriptors, read from /proc; what the attack got.
//!
//! `cargo bench -p touchpoint-collector --bench hostile [-- SECONDS RATE FLOOD SLOW]`
//! (defaults: 60 s, 2,000 posts/s, 2,000 malformed posts/s offered, 2,000 slow
//! connections; 0 leaves a part of the attack out). Linux only (/proc).
#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark program reports and fails loudly")]

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use touchpoint_collector::server::REFUSAL;

const BIN: &str = env!("CARGO_BIN_EXE_touchpoint");
const ORIGIN: &str = "https://shop.northwind.example";
const VISITOR_ADDRESSES: u8 = 250;
/// What one run sends, from the command line.
#[derive(Clone, Copy)]
struct Load {
    seconds: u64,
    /// Legitimate posts per second.
    rate: usize,
    /// Malformed posts per second offered.
    flood: usize,
    /// Slow connections: half send nothing, a quarter trickle a head, a quarter a body.
    slow: usize,
}
/// Slow connections per attacking address: under the per-address cap, so all are
/// admitted and held, the harder case (a cap that refused them would be easier).
const SLOW_PER_ADDRESS: usize = 100;
/// Connections sending nothing from one more address, over the per-address cap (256).
const ONE_ADDRESS: usize = 300;
const FLOOD_ADDRESSES: u8 = 64;
/// Connections per flooding address, each sending as soon as it has an answer.
const FLOOD_CONNECTIONS: usize = 4;
/// Connections per visitor address, as a browser allows.
const BROWSER_CONNECTIONS: usize = 6;
/// A post not stored by this long after the load ends counts as lost.
const GIVE_UP: Duration = Duration::from_secs(60);

type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// The machine's busy and total CPU time so far, in ticks, from /proc/stat: what other
/// work on the machine took while a run was measured.
fn machine_cpu() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<u64> =
        stat.lines().next().unwrap_or_default().split_whitespace().skip(1).filter_map(|t| t.parse().ok()).collect();
    let total: u64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

/// A `touchpoint serve` process on a free loopback port with a fresh SQLite file.
struct Collector {
    child: std::process::Child,
    proc: Proc,
    addr: SocketAddr,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// What /proc tells of a process.
#[derive(Clone, Copy)]
struct Proc(u32);

impl Collector {
    fn start() -> Collector {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let sites = dir.path().join("sites.json");
        // The per-site rate must let this site's 2,000 posts/s through (the default, 1,000/s, would
        // answer half of them 429); per-address limits stay at their defaults.
        let sites_json = serde_json::json!({
            "sites": {"northwind": {"origins": [ORIGIN]}},
            "rate_limits": {"per_site": {"per_minute": 1_000_000, "burst": 100_000}}
        });
        std::fs::write(&sites, sites_json.to_string()).unwrap();
        let db = dir.path().join("bench.db");
        let mut child = std::process::Command::new(BIN)
            .args(["serve", "--addr", "127.0.0.1:0", "--www", "/nonexistent", "--pkg", "/nonexistent"])
            .arg("--db")
            .arg(&db)
            .arg("--sites")
            .arg(&sites)
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap();
        let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
        let proc = Proc(child.id());
        Collector { child, proc, addr, db, _dir: dir }
    }

    /// SIGTERM, and the wait for its drain.
    fn stop(&mut self) {
        std::process::Command::new("kill").args(["-TERM", &self.proc.0.to_string()]).status().unwrap();
        self.child.wait().unwrap();
    }
}

impl Proc {
    fn proc(&self, file: &str) -> String {
        std::fs::read_to_string(format!("/proc/{}/{file}", self.0)).unwrap_or_default()
    }

    /// Resident memory now and at its peak (VmRSS, VmHWM), in bytes.
    fn memory(&self) -> (u64, u64) {
        let status = self.proc("status");
        let kb = |key: &str| {
            status.lines().find_map(|l| l.strip_prefix(key)?.split_whitespace().next()?.parse::<u64>().ok())
        };
        (kb("VmRSS:").unwrap_or(0) * 1024, kb("VmHWM:").unwrap_or(0) * 1024)
    }

    fn descriptors(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.0)).map_or(0, Iterator::count)
    }

    /// User + system CPU time so far (10 ms ticks).
    fn cpu(&self) -> Duration {
        let stat = self.proc("stat");
        let Some((_, rest)) = stat.rsplit_once(") ") else { return Duration::ZERO };
        let fields: Vec<&str> = rest.split(' ').collect();
        let ticks: u64 = fields.get(11).and_then(|f| f.parse().ok()).unwrap_or(0)
            + fields.get(12).and_then(|f| f.parse().ok()).unwrap_or(0);
        Duration::from_millis(ticks * 10)
    }

    fn descriptor_limit(&self) -> String {
        let limits = self.proc("limits");
        let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap_or_default();
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.get(3..5).map_or_else(String::new, |f| format!("{} soft / {} hard", f[0], f[1]))
    }
}

fn body(n: usize) -> String {
    serde_json::json!({
        "v": 1, "id": format!("00000000-0000-4000-8000-{n:012}"), "site": "northwind", "touchpoint": "help-panel",
        "created_at": 1_795_000_000_000_i64,
        "answers": [
            {"kind": "csat", "question": "csat", "value": 1 + n % 5},
            {"kind": "text", "question": "comment", "text": "The parcel came a day late but support sorted it out quickly."}
        ],
        "stage": "get_help", "score": 0.25,
        "journey": {"id": "7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0e11", "score": 0.25, "trend": 0, "count": 1,
                    "moved_most": "help-panel", "moved_by": 0.25}
    })
    .to_string()
}

/// A client whose connections come from `ip`, with at most `connections` requests
/// (so connections) at once: a browser opens at most 6 to a host and queues the rest.
#[derive(Clone)]
struct Peer {
    client: HttpClient,
    connections: Arc<tokio::sync::Semaphore>,
}

fn peer(ip: Ipv4Addr, connections: usize) -> Peer {
    let mut connector = HttpConnector::new();
    connector.set_local_address(Some(IpAddr::V4(ip)));
    connector.set_nodelay(true);
    let client = Client::builder(TokioExecutor::new()).build(connector);
    Peer { client, connections: Arc::new(tokio::sync::Semaphore::new(connections)) }
}

/// What happened to the legitimate posts.
#[derive(Default)]
struct Legit {
    sent: AtomicUsize,
    delivered: AtomicUsize,
    /// Posts answered 503 at least once, and 503 answers in all.
    refused_posts: AtomicUsize,
    refusals: AtomicUsize,
    refusals_without_retry_after: AtomicUsize,
    rate_limited: AtomicUsize,
    transport_errors: AtomicUsize,
    other: AtomicUsize,
    first_answers: Mutex<Vec<Duration>>,
    /// The same, from when the request was handed to a connection: the collector and the
    /// network alone, without this client's own lateness in sending.
    first_requests: Mutex<Vec<Duration>>,
    slowest_delivery: Mutex<Duration>,
}

/// Sends post `n` until a 2xx, as the widget's outbox does.
async fn deliver(peer: Peer, url: String, n: usize, due: Instant, legit: Arc<Legit>) {
    let body = Bytes::from(body(n));
    let mut refused = false;
    for attempt in 1u32.. {
        let req = hyper::Request::post(&url)
            .header("content-type", "text/plain;charset=UTF-8")
            .header("origin", ORIGIN)
            .body(Full::new(body.clone()))
            .unwrap();
        let (answer, sent) = {
            let _connection = peer.connections.acquire().await.unwrap();
            let sent = Instant::now();
            let answer = match peer.client.request(req).await {
                Ok(res) => {
                    let status = res.status().as_u16();
                    let retry_after =
                        res.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
                    let _ = res.into_body().collect().await;
                    Ok((status, retry_after))
                }
                Err(_) => Err(()),
            };
            (answer, sent)
        };
        if attempt == 1 {
            legit.first_requests.lock().unwrap().push(sent.elapsed());
            legit.first_answers.lock().unwrap().push(due.elapsed());
        }
        // The outbox's backoff: 0.5 s doubling, "equal jitter"; a server's Retry-After when longer.
        let backoff = Duration::from_millis(500 << (attempt - 1).min(7)).mul_f64(0.5 + fastrand_unit(n, attempt) / 2.0);
        let wait = match answer {
            Ok((200 | 201, _)) => {
                legit.delivered.fetch_add(1, Ordering::Relaxed);
                let took = due.elapsed();
                let mut slowest = legit.slowest_delivery.lock().unwrap();
                *slowest = (*slowest).max(took);
                return;
            }
            Ok((503, retry_after)) => {
                legit.refusals.fetch_add(1, Ordering::Relaxed);
                if retry_after.is_none() {
                    legit.refusals_without_retry_after.fetch_add(1, Ordering::Relaxed);
                }
                if !refused {
                    refused = true;
                    legit.refused_posts.fetch_add(1, Ordering::Relaxed);
                }
                backoff.max(Duration::from_secs(retry_after.unwrap_or(0)))
            }
            Ok((429, retry_after)) => {
                legit.rate_limited.fetch_add(1, Ordering::Relaxed);
                backoff.max(Duration::from_secs(retry_after.unwrap_or(0)))
            }
            Ok(_) => {
                legit.other.fetch_add(1, Ordering::Relaxed);
                backoff
            }
            Err(()) => {
                legit.transport_errors.fetch_add(1, Ordering::Relaxed);
                backoff
            }
        };
        if due.elapsed() + wait > GIVE_UP * 2 {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// A number in [0, 1) from `n` and `attempt` (SplitMix64): jitter without a generator to share.
fn fastrand_unit(n: usize, attempt: u32) -> f64 {
    let mut z = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(attempt);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) as f64 / u64::MAX as f64
}

/// Runs `f(i)` for i in 0.. at `rate` per second for `seconds`, open loop (on time whatever the answers).
async fn open_loop(rate: usize, seconds: u64, mut f: impl FnMut(usize, Instant)) -> usize {
    let started = Instant::now();
    let total = rate * seconds as usize;
    let mut i = 0;
    while i < total {
        let due = started + Duration::from_secs_f64(i as f64 / rate as f64);
        tokio::time::sleep_until(due.into()).await;
        // Everything due by now, so a late wake-up sends a burst rather than falling behind.
        let now = Instant::now();
        while i < total && started + Duration::from_secs_f64(i as f64 / rate as f64) <= now {
            f(i, started + Duration::from_secs_f64(i as f64 / rate as f64));
            i += 1;
        }
    }
    total
}

/// What the attack's slow connections got.
#[derive(Default)]
struct Slow {
    opened: AtomicUsize,
    refused: AtomicUsize,
    connect_failed: AtomicUsize,
    /// Per kind, how long the server held each connection it closed.
    held: Mutex<BTreeMap<&'static str, Vec<Duration>>>,
}

#[derive(Clone, Copy)]
enum SlowKind {
    Idle,
    TrickleHead,
    TrickleBody,
    /// Sends nothing, from the one address that opens more than its cap.
    OneAddress,
}

impl SlowKind {
    fn name(self) -> &'static str {
        match self {
            SlowKind::Idle => "sends nothing",
            SlowKind::TrickleHead => "trickles a head",
            SlowKind::TrickleBody => "trickles a body",
            SlowKind::OneAddress => "one address, sends nothing",
        }
    }
}

async fn connect_from(ip: Ipv4Addr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(ip), 0))?;
    socket.connect(to).await
}

/// One slow connection, reopened whenever the collector closes it, until `stop`.
async fn slow_connection(kind: SlowKind, ip: Ipv4Addr, to: SocketAddr, stop: Arc<AtomicBool>, slow: Arc<Slow>) {
    while !stop.load(Ordering::Relaxed) {
        let Ok(stream) = connect_from(ip, to).await else {
            slow.connect_failed.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        slow.opened.fetch_add(1, Ordering::Relaxed);
        let opened = Instant::now();
        let (mut read, mut write) = stream.into_split();
        let first = match kind {
            SlowKind::Idle | SlowKind::OneAddress => String::new(),
            SlowKind::TrickleHead => "POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nX-Slow: ".to_owned(),
            SlowKind::TrickleBody => format!(
                "POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nOrigin: {ORIGIN}\r\n\
                 Content-Type: text/plain\r\nContent-Length: 60000\r\n\r\n{{"
            ),
        };
        let trickle = async move {
            if write.write_all(first.as_bytes()).await.is_err() || first.is_empty() {
                return std::future::pending::<()>().await;
            }
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                if write.write_all(b"a").await.is_err() {
                    return std::future::pending::<()>().await;
                }
            }
        };
        let closed = async {
            let mut got = Vec::new();
            let mut buf = [0u8; 1024];
            loop {
                match read.read(&mut buf).await {
                    Ok(0) | Err(_) => return got,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
            }
        };
        let stopped = async {
            while !stop.load(Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        };
        tokio::select! {
            got = closed => {
                if got.starts_with(&REFUSAL[..12]) {
                    slow.refused.fetch_add(1, Ordering::Relaxed);
                    // A refused attacker comes straight back; this one after a breath.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                } else if !stop.load(Ordering::Relaxed) {
                    // (Once stopped, the collector's shutdown closes what is left: not a timeout.)
                    slow.held.lock().unwrap().entry(kind.name()).or_default().push(opened.elapsed());
                }
            }
            () = trickle => {}
            () = stopped => return,
        }
    }
}

/// Malformed bodies, made once and sent in turn: each kind a parser or a server has
/// choked on somewhere. Made ahead so the flood costs the client little CPU, which
/// it shares with the visitors' posts being measured.
fn malformed() -> Vec<Bytes> {
    let mut bodies = Vec::new();
    for n in 0..4 {
        let valid = body(n);
        bodies.extend([
            (0..512u32).map(|i| (fastrand_unit(n, i) * 256.0) as u8).collect::<Vec<u8>>(),
            "[".repeat(50_000).into_bytes(),
            valid.as_bytes()[..valid.len() / 2 + n].to_vec(),
            valid.replace("\"value\":", "\"value\":1e999999,\"x\":").into_bytes(),
            format!("{{\"v\":1,\"kind\":\"{}\"}}", "k".repeat(60_000)).into_bytes(),
            valid.replace("\"answers\"", "\"answers\":{\"a\":[[[[[]]]]]},\"b\"").into_bytes(),
            vec![b'x'; 100_000],
            valid.replace("\"v\":1", "\"v\":\"1\"").into_bytes(),
        ]);
    }
    bodies.into_iter().map(Bytes::from).collect()
}

/// Flood statuses by code (0: a transport failure).
#[derive(Default)]
struct Flood {
    statuses: Mutex<BTreeMap<u16, usize>>,
    /// Posts not sent because their address had all its connections busy.
    skipped: AtomicUsize,
}

async fn flood_one(peer: Peer, url: String, body: Bytes, flood: Arc<Flood>) {
    let Ok(_connection) = peer.connections.try_acquire() else {
        flood.skipped.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let req = hyper::Request::post(&url).header("content-type", "text/plain").body(Full::new(body)).unwrap();
    let status = match peer.client.request(req).await {
        Ok(res) => {
            let status = res.status().as_u16();
            let _ = res.into_body().collect().await;
            status
        }
        Err(_) => 0,
    };
    *flood.statuses.lock().unwrap().entry(status).or_default() += 1;
}

/// One run's figures.
struct Run {
    load_average: String,
    sent: usize,
    stored: usize,
    legit: Arc<Legit>,
    p50: Duration,
    p99: Duration,
    request_p50: Duration,
    request_p99: Duration,
    peak_rss: u64,
    peak_descriptors: usize,
    cpu_share: f64,
    /// Of all the machine's cores: busy in all, this benchmark's client, the collector.
    machine_busy: f64,
    client_share: f64,
    descriptor_limit: String,
    slow: Option<Arc<Slow>>,
    flood: Option<(Arc<Flood>, usize)>,
    /// The collector's own `/metrics` at the end of the load.
    metrics: String,
}

/// The collector's `/metrics` text.
async fn scrape(addr: SocketAddr) -> String {
    let Ok(mut stream) = TcpStream::connect(addr).await else { return String::new() };
    let _ = stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: collector\r\nConnection: close\r\n\r\n").await;
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text).await;
    text
}

/// A sample's value in Prometheus text, by its name with labels as written.
fn sample(metrics: &str, series: &str) -> f64 {
    metrics.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok()).unwrap_or(0.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted.get(((sorted.len().max(1) - 1) as f64 * p).round() as usize).copied().unwrap_or_default()
}

/// One run; the attack, if any, on `attacker`'s threads, apart from the visitors' client.
async fn run(load: Load, attack: bool, attacker: &tokio::runtime::Handle) -> Run {
    let Load { seconds, rate, .. } = load;
    let load_average = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load_average = load_average.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let mut collector = Collector::start();
    let url = format!("http://{}/v1/submissions", collector.addr);
    let stop = Arc::new(AtomicBool::new(false));

    // Sampled every 100 ms: peak memory (also VmHWM at the end) and descriptors.
    let peaks = Arc::new((AtomicU64::new(0), AtomicUsize::new(0)));
    let sampler = {
        let (peaks, stop, probe) = (peaks.clone(), stop.clone(), collector.proc);
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                peaks.0.fetch_max(probe.memory().0, Ordering::Relaxed);
                peaks.1.fetch_max(probe.descriptors(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };

    let (slow, flood) = match attack {
        false => (None, None),
        true => {
            let slow = Arc::new(Slow::default());
            let kinds = std::iter::repeat_n(SlowKind::Idle, load.slow / 2)
                .chain(std::iter::repeat_n(SlowKind::TrickleHead, load.slow / 4))
                .chain(std::iter::repeat_n(SlowKind::TrickleBody, load.slow / 4));
            for (i, kind) in kinds.enumerate() {
                let ip = Ipv4Addr::new(127, 0, 2, 1 + (i / SLOW_PER_ADDRESS) as u8);
                attacker.spawn(slow_connection(kind, ip, collector.addr, stop.clone(), slow.clone()));
                if i % 100 == 99 {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
            for _ in 0..if load.slow > 0 { ONE_ADDRESS } else { 0 } {
                let one = Ipv4Addr::new(127, 0, 4, 1);
                attacker.spawn(slow_connection(SlowKind::OneAddress, one, collector.addr, stop.clone(), slow.clone()));
            }
            let flood = Arc::new(Flood::default());
            let peers: Vec<Peer> =
                (0..FLOOD_ADDRESSES).map(|i| peer(Ipv4Addr::new(127, 0, 3, 1 + i), FLOOD_CONNECTIONS)).collect();
            let (flood2, url2, bodies) = (flood.clone(), url.clone(), malformed());
            let flooding = attacker.spawn(async move {
                open_loop(load.flood, seconds, |n, _| {
                    let peer = peers[n % peers.len()].clone();
                    tokio::spawn(flood_one(peer, url2.clone(), bodies[n % bodies.len()].clone(), flood2.clone()));
                })
                .await
            });
            (Some(slow), Some((flood, flooding)))
        }
    };

    let legit = Arc::new(Legit::default());
    let peers: Vec<Peer> =
        (0..VISITOR_ADDRESSES).map(|i| peer(Ipv4Addr::new(127, 0, 1, 1 + i), BROWSER_CONNECTIONS)).collect();
    let cpu_before = collector.proc.cpu();
    let client_before = Proc(std::process::id()).cpu();
    let machine_before = machine_cpu();
    let started = Instant::now();
    let mut deliveries = Vec::with_capacity(rate * seconds as usize);
    let sent = {
        let legit = legit.clone();
        let deliveries = &mut deliveries;
        open_loop(rate, seconds, |n, due| {
            legit.sent.fetch_add(1, Ordering::Relaxed);
            let peer = peers[n % peers.len()].clone();
            deliveries.push(tokio::spawn(deliver(peer, url.clone(), n, due, legit.clone())));
        })
        .await
    };
    let wall = started.elapsed().as_secs_f64();
    let cpu_share = (collector.proc.cpu() - cpu_before).as_secs_f64() / wall;
    let client_share = (Proc(std::process::id()).cpu() - client_before).as_secs_f64() / wall;
    let machine_after = machine_cpu();
    let machine_busy = (machine_after.0 - machine_before.0) as f64 / (machine_after.1 - machine_before.1).max(1) as f64;
    let flood = match flood {
        Some((flood, flooding)) => Some((flood, flooding.await.unwrap())),
        None => None,
    };
    stop.store(true, Ordering::Relaxed);
    for d in deliveries {
        let _ = tokio::time::timeout(GIVE_UP, d).await;
    }
    let _ = sampler.await;
    let metrics = scrape(collector.addr).await;
    let (_, hwm) = collector.proc.memory();
    let peak_rss = hwm.max(peaks.0.load(Ordering::Relaxed));
    let peak_descriptors = peaks.1.load(Ordering::Relaxed);
    let descriptor_limit = collector.proc.descriptor_limit();
    collector.stop();
    let stored = stored_ids(&collector.db, sent);

    let mut answers = std::mem::take(&mut *legit.first_answers.lock().unwrap());
    answers.sort();
    let mut requests = std::mem::take(&mut *legit.first_requests.lock().unwrap());
    requests.sort();
    Run {
        load_average,
        sent,
        stored,
        p50: percentile(&answers, 0.5),
        p99: percentile(&answers, 0.99),
        request_p50: percentile(&requests, 0.5),
        request_p99: percentile(&requests, 0.99),
        legit,
        peak_rss,
        peak_descriptors,
        cpu_share,
        machine_busy,
        client_share,
        descriptor_limit,
        slow,
        flood,
        metrics,
    }
}

/// How many of ids 0..sent are stored (each at most once: the id is the primary key).
fn stored_ids(db: &std::path::Path, sent: usize) -> usize {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT COUNT(*) FROM submissions WHERE id = ?1").unwrap();
    (0..sent)
        .filter(|n| {
            let id = format!("00000000-0000-4000-8000-{n:012}");
            stmt.query_row([id], |row| row.get::<_, i64>(0)).unwrap() == 1
        })
        .count()
}

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let arg = |i: usize, default: u64| args.get(i).copied().unwrap_or(default);
    let load = Load {
        seconds: arg(0, 60),
        rate: arg(1, 2_000) as usize,
        flood: arg(2, 2_000) as usize,
        slow: arg(3, 2_000) as usize,
    };
    // The attack alone needs 2,000 descriptors here, besides the visitors' connections.
    let client_limit = touchpoint_collector::server::raise_descriptor_limit().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let attacker = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let calm = runtime.block_on(run(load, false, attacker.handle()));
    let hostile = runtime.block_on(run(load, true, attacker.handle()));
    report(load, client_limit, &calm, &hostile);
}

fn report(load: Load, client_limit: u64, calm: &Run, hostile: &Run) {
    let Load { seconds, rate, flood, slow } = load;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "\nhostile load: {seconds} s on loopback, {cores} cores shared by client and collector; legitimate posts \
         {rate}/s open loop from {VISITOR_ADDRESSES} addresses ({BROWSER_CONNECTIONS} connections each, as a browser); \
         SQLite; open descriptors allowed: collector {}, \
         bench client {client_limit}",
        hostile.descriptor_limit
    );
    println!(
        "attack: {} connections sending nothing, {} trickling a head, {} a body \
         (1 byte/s, reopened when closed, {SLOW_PER_ADDRESS} per address), {ONE_ADDRESS} more sending nothing \
         from one address; malformed posts {flood}/s offered from {FLOOD_ADDRESSES} addresses, \
         {FLOOD_CONNECTIONS} connections each",
        slow / 2,
        slow / 4,
        slow / 4
    );
    // A space before each column, so a figure wider than its column never runs into the one before.
    let row = |name: &str, a: String, b: String| println!("{name:<54} {a:>20} {b:>20}");
    row("", "without attack".into(), "under attack".into());
    let both = |f: &dyn Fn(&Run) -> String| (f(calm), f(hostile));
    let line = |name: &str, f: &dyn Fn(&Run) -> String| {
        let (a, b) = both(f);
        row(name, a, b);
    };
    let n = |a: &AtomicUsize| a.load(Ordering::Relaxed);
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
    line("load average at start (1, 5, 15 min)", &|r| r.load_average.clone());
    line("legitimate posts sent", &|r| r.sent.to_string());
    line("  stored (each exactly once)", &|r| r.stored.to_string());
    line("  refused 503 at least once, then retried", &|r| n(&r.legit.refused_posts).to_string());
    line("  503 answers / of them without Retry-After", &|r| {
        format!("{} / {}", n(&r.legit.refusals), n(&r.legit.refusals_without_retry_after))
    });
    line("  429 answers / transport failures / other", &|r| {
        format!("{} / {} / {}", n(&r.legit.rate_limited), n(&r.legit.transport_errors), n(&r.legit.other))
    });
    line("  lost", &|r| (r.sent - r.stored).to_string());
    line("  first answer p50 (from when due)", &|r| ms(r.p50));
    line("  first answer p99", &|r| ms(r.p99));
    line("  p50 / p99 from when sent (no client lateness)", &|r| {
        format!("{} / {}", ms(r.request_p50), ms(r.request_p99))
    });
    line("  slowest delivery, retries included", &|r| ms(*r.legit.slowest_delivery.lock().unwrap()));
    line("collector peak memory (RSS)", &|r| format!("{:.1} MB", r.peak_rss as f64 / 1e6));
    line("collector peak open descriptors", &|r| r.peak_descriptors.to_string());
    let cores = cores as f64;
    line("CPU, share of all cores: machine busy", &|r| format!("{:.0} %", r.machine_busy * 100.0));
    line("  collector / this benchmark's clients", &|r| {
        format!("{:.0} % / {:.0} %", r.cpu_share * 100.0 / cores, r.client_share * 100.0 / cores)
    });
    let within = |r: &Run, le: &str| {
        let bucket = sample(&r.metrics, &format!("touchpoint_ingest_duration_seconds_bucket{{le=\"{le}\"}}"));
        let all = sample(&r.metrics, "touchpoint_ingest_duration_seconds_count");
        format!("{:.2} %", 100.0 * bucket / all.max(1.0))
    };
    line("collector-side: all posts answered within 5 ms", &|r| within(r, "0.005"));
    line("  within 50 ms (malformed ones included)", &|r| within(r, "0.05"));
    line("connections timed out: head / body / idle", &|r| {
        ["head", "body", "idle"]
            .map(|p| sample(&r.metrics, &format!("touchpoint_connections_timed_out_total{{phase=\"{p}\"}}")))
            .map(|v| v.to_string())
            .join(" / ")
    });
    line("connections refused: total cap / per-address cap", &|r| {
        ["total", "per_ip"]
            .map(|c| sample(&r.metrics, &format!("touchpoint_connections_refused_total{{cap=\"{c}\"}}")))
            .map(|v| v.to_string())
            .join(" / ")
    });
    if let Some(slow) = &hostile.slow {
        let opened = format!("{} / {}", n(&slow.opened), n(&slow.refused));
        row("slow connections opened / refused", "-".into(), opened);
        for (kind, held) in slow.held.lock().unwrap().iter_mut() {
            held.sort();
            let last = held.last().copied().unwrap_or_default();
            let closed = format!("{:.1} s, {:.1} s", percentile(held, 0.5).as_secs_f64(), last.as_secs_f64());
            row(&format!("  {kind}: closed after (median, max)"), "-".into(), closed);
        }
    }
    if let Some((flood, sent)) = &hostile.flood {
        let statuses = flood.statuses.lock().unwrap();
        let answered: usize = statuses.values().sum();
        let skipped = n(&flood.skipped);
        row(
            "malformed posts offered / sent / answered",
            "-".into(),
            format!("{sent} / {} / {answered}", sent - skipped),
        );
        let by_status = statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect::<Vec<_>>().join(", ");
        println!("  malformed posts by status (0: transport failure): {by_status}");
    }
}
