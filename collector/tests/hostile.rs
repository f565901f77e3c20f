//! The collector under hostile clients, with real `touchpoint serve` processes and
//! real sockets on loopback: slow heads, slow bodies and idle connections are closed
//! on time (short timeouts injected through the flags), the connection caps refuse
//! at once, and a database that cannot keep up gets posts refused with 503 and
//! `Retry-After` at once while nothing accepted is lost.
//!
//! The timeouts are 300 ms (head), 500 ms (body) and 700 ms (idle), all different,
//! so each close shows which deadline fired. A close may come late on a loaded
//! machine, never early: the lower bounds are strict, the upper ones generous.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use touchpoint_collector::Target;
use touchpoint_collector::server::REFUSAL;

use support::{Collector, Http, TestDb, submission, submission_id, unlimited};

const HEAD: Duration = Duration::from_millis(300);
const BODY: Duration = Duration::from_millis(500);
const IDLE: Duration = Duration::from_millis(700);
/// How late a close may come on a busy 2-core machine.
const SLACK: Duration = Duration::from_millis(1_000);

/// A collector with the short timeouts and `extra` flags (which may replace a timeout).
async fn collector(db: &TestDb, extra: &[&str]) -> Collector {
    let mut args = Vec::new();
    for pair in [["--head-timeout", "300ms"], ["--body-timeout", "500ms"], ["--idle-timeout", "700ms"]] {
        if !extra.contains(&pair[0]) {
            args.extend(pair);
        }
    }
    args.extend_from_slice(extra);
    Collector::start(&db.arg(), &args).await
}

fn socket_addr(collector: &Collector) -> SocketAddr {
    collector.addr().parse().unwrap()
}

/// A connection to `to` from the loopback address `from` (all of 127/8 is this machine).
async fn connect_from(from: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from.parse::<IpAddr>().unwrap(), 0)).unwrap();
    socket.connect(to).await.unwrap()
}

/// Reads until the server closes (EOF or reset); what arrived before.
async fn read_until_closed(stream: &mut tokio::net::tcp::OwnedReadHalf) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Writes `bytes` one at a time, `every` apart, until done or the server has closed.
async fn trickle(mut stream: tokio::net::tcp::OwnedWriteHalf, bytes: Vec<u8>, every: Duration) {
    for b in bytes {
        if stream.write_all(&[b]).await.is_err() {
            return;
        }
        tokio::time::sleep(every).await;
    }
}

fn assert_closed_between(elapsed: Duration, at_least: Duration, what: &str) {
    assert!(
        elapsed >= at_least && elapsed <= at_least + SLACK,
        "{what}: closed after {elapsed:?}, expected from {at_least:?} to {:?}",
        at_least + SLACK
    );
}

/// A request head for a post of `len` bytes.
fn post_head(len: usize) -> String {
    format!(
        "POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nContent-Type: text/plain\r\nContent-Length: {len}\r\n\r\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_sends_nothing_is_closed_at_the_head_timeout() {
    let db = TestDb::sqlite();
    let c = collector(&db, &[]).await;
    let started = Instant::now();
    let (mut read, _write) = connect_from("127.0.0.1", socket_addr(&c)).await.into_split();
    let got = read_until_closed(&mut read).await;
    assert_closed_between(started.elapsed(), HEAD, "silent connection");
    assert!(got.is_empty(), "nothing is answered to a request that never came");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_trickled_a_byte_at_a_time_is_closed_when_its_time_is_up() {
    let db = TestDb::sqlite();
    let c = collector(&db, &[]).await;
    let started = Instant::now();
    let (mut read, write) = connect_from("127.0.0.1", socket_addr(&c)).await.into_split();
    // A head that never ends: one byte every 20 ms, each resetting a per-read timer if there were one.
    let endless = "POST /v1/submissions HTTP/1.1\r\n".to_owned() + &"X-Pad: slow\r\n".repeat(200);
    let writer = tokio::spawn(trickle(write, endless.into_bytes(), Duration::from_millis(20)));
    read_until_closed(&mut read).await;
    assert_closed_between(started.elapsed(), HEAD, "trickled head");
    assert!(!writer.is_finished(), "the client was still sending when it was cut off");
    writer.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_trickled_a_byte_at_a_time_is_closed_when_its_time_is_up_and_nothing_is_stored() {
    let db = TestDb::sqlite();
    let c = collector(&db, &[]).await;
    let (mut read, mut write) = connect_from("127.0.0.1", socket_addr(&c)).await.into_split();
    let body = submission(1, 1, "northwind");
    write.write_all(post_head(body.len()).as_bytes()).await.unwrap();
    let head_sent = Instant::now();
    let writer = tokio::spawn(trickle(write, body.into_bytes(), Duration::from_millis(20)));
    read_until_closed(&mut read).await;
    assert_closed_between(head_sent.elapsed(), BODY, "trickled body");
    writer.abort();
    drop(c);
    assert_eq!(db.open().await.count_all().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_alive_connection_may_idle_longer_than_a_head_may_take_and_is_closed_at_the_idle_timeout() {
    let db = TestDb::sqlite();
    let c = collector(&db, &[]).await;
    let (mut read, mut write) = connect_from("127.0.0.1", socket_addr(&c)).await.into_split();
    let mut answer = [0u8; 1024];
    for n in 0..2 {
        let body = submission(1, n, "northwind");
        write.write_all(format!("{}{body}", post_head(body.len())).as_bytes()).await.unwrap();
        let got = read.read(&mut answer).await.unwrap();
        assert!(answer[..got].starts_with(b"HTTP/1.1 201 Created\r\n"), "{}", String::from_utf8_lossy(&answer[..got]));
        if n == 0 {
            // Idle past the head timeout, well within the idle timeout: the connection is still there.
            tokio::time::sleep(HEAD + Duration::from_millis(100)).await;
        }
    }
    let answered = Instant::now();
    read_until_closed(&mut read).await;
    let idle = answered.elapsed();
    assert!(idle >= IDLE - Duration::from_millis(50) && idle <= IDLE + SLACK, "idle connection closed after {idle:?}");
}

/// Two connections from one address and three in all: the next is answered the fixed
/// 503 at once, without reading anything, and closed; a closed connection frees its place.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_a_cap_are_answered_503_and_closed_at_once() {
    let db = TestDb::sqlite();
    let c = collector(&db, &["--idle-timeout", "30s", "--max-connections", "3", "--max-connections-per-ip", "2"]).await;
    let addr = socket_addr(&c);
    // Each held connection has had a request answered, so the collector has surely admitted it.
    async fn held(from: &str, addr: SocketAddr) -> TcpStream {
        let mut stream = connect_from(from, addr).await;
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: collector\r\n\r\n").await.unwrap();
        let mut answer = [0u8; 256];
        let n = stream.read(&mut answer).await.unwrap();
        assert!(answer[..n].starts_with(b"HTTP/1.1 200 OK\r\n"));
        stream
    }
    async fn refused(from: &str, addr: SocketAddr) {
        let started = Instant::now();
        let (mut read, _write) = connect_from(from, addr).await.into_split();
        let got = read_until_closed(&mut read).await;
        assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(REFUSAL), "from {from}");
        assert!(started.elapsed() < HEAD, "refused at once, not left to time out ({:?})", started.elapsed());
    }
    let a1 = held("127.0.0.1", addr).await;
    let _a2 = held("127.0.0.1", addr).await;
    refused("127.0.0.1", addr).await;
    let _b1 = held("127.0.0.2", addr).await;
    refused("127.0.0.3", addr).await;
    drop(a1);
    // The collector notices the close as soon as it reads the EOF; ask until it has.
    let deadline = Instant::now() + Duration::from_secs(5);
    // A probe sent before the collector has seen the close is itself refused over the cap,
    // and counted: those are added to the one refusal above.
    let mut early = 0;
    let mut metrics = loop {
        let mut stream = connect_from("127.0.0.3", addr).await;
        stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: collector\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text).await;
        if text.starts_with("HTTP/1.1 200") {
            break text;
        }
        early += 1;
        assert!(Instant::now() < deadline, "a closed connection's place was not freed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    metrics.retain(|ch| ch != '\r');
    let total = format!(r#"touchpoint_connections_refused_total{{cap="total"}} {}"#, 1 + early);
    for line in [r#"touchpoint_connections_refused_total{cap="per_ip"} 1"#, total.as_str()] {
        assert!(metrics.lines().any(|l| l == line), "{line} missing from /metrics:\n{metrics}");
    }
    let open = metrics.lines().find_map(|l| l.strip_prefix("touchpoint_connections_open ")).unwrap();
    assert_eq!(open.parse::<f64>().unwrap(), 3.0, "two held and this one");
}

/// Holds the database's write lock (SQLite) or a lock on the table (PostgreSQL) until dropped.
enum WriteLock {
    Sqlite(rusqlite::Connection),
    Postgres(tokio_postgres::Client, tokio::task::JoinHandle<()>),
}

impl WriteLock {
    async fn take(target: &Target) -> WriteLock {
        match target {
            Target::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                WriteLock::Sqlite(conn)
            }
            Target::Postgres(url) => {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
                let task = tokio::spawn(async move {
                    let _ = connection.await;
                });
                client.batch_execute("BEGIN; LOCK TABLE submissions IN EXCLUSIVE MODE").await.unwrap();
                WriteLock::Postgres(client, task)
            }
        }
    }

    async fn release(self) {
        match self {
            WriteLock::Sqlite(conn) => conn.execute_batch("ROLLBACK").unwrap(),
            WriteLock::Postgres(client, task) => {
                client.batch_execute("ROLLBACK").await.unwrap();
                drop(client);
                task.await.unwrap();
            }
        }
    }
}

on_both! {
    /// The database locked under a burst: the queue's 8 posts wait and are stored once
    /// it is free, every other post is answered 503 with `Retry-After` before the lock
    /// is released (at once, not after waiting), and retried, all end stored exactly once.
    async fn a_locked_database_gets_posts_refused_at_once_and_loses_none(db) {
        const POSTS: usize = 40;
        const QUEUE: usize = 8;
        const LOCKED_FOR: Duration = Duration::from_millis(1_500);
        let dir = tempfile::tempdir().unwrap();
        let limits = unlimited(&dir);
        let queue = QUEUE.to_string();
        let c = collector(&db, &[&limits[0], &limits[1], "--max-queued-writes", &queue, "--idle-timeout", "30s"]).await;
        let lock = WriteLock::take(&db.target).await;
        let locked_at = Instant::now();
        let http = Http::default();
        let posts: Vec<_> = (0..POSTS)
            .map(|n| {
                let (http, url) = (http.clone(), c.url.clone());
                tokio::spawn(async move {
                    let answer = http.post(&url, &submission(2, n, "northwind")).await.unwrap();
                    (n, answer.status, answer.retry_after(), locked_at.elapsed())
                })
            })
            .collect();
        tokio::time::sleep(LOCKED_FOR).await;
        let released_at = locked_at.elapsed();
        lock.release().await;
        let mut refused = Vec::new();
        let mut stored = 0;
        for post in posts {
            let (n, status, retry_after, answered_at) = post.await.unwrap();
            match status {
                201 => {
                    stored += 1;
                    assert!(answered_at >= released_at, "post {n} answered 201 while the database was locked");
                }
                503 => {
                    assert_eq!(retry_after, Some(1), "post {n}: 503 without Retry-After: 1");
                    assert!(answered_at < released_at, "post {n} refused only after {answered_at:?}");
                    refused.push(n);
                }
                other => panic!("post {n}: unexpected {other}"),
            }
        }
        assert_eq!(stored, QUEUE, "the queue's posts waited and were stored");
        assert_eq!(refused.len(), POSTS - QUEUE);
        for n in refused {
            assert_eq!(http.post(&c.url, &submission(2, n, "northwind")).await.unwrap().status, 201, "retry of {n}");
        }
        let store = db.open().await;
        assert_eq!(store.count_all().await.unwrap(), POSTS);
        for n in 0..POSTS {
            assert_eq!(store.count_id(&submission_id(2, n)).await.unwrap(), 1, "post {n}");
        }
    }
}

/// A body fed by the test, frame by frame, as a slow client would send it.
struct Trickled(tokio::sync::mpsc::Receiver<axum::body::Bytes>);

impl http_body::Body for Trickled {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(|c| Ok(http_body::Frame::data(c))))
    }
}

/// Bodies being received share a bounded memory, counted as bytes arrive: a slow body
/// holds what it has sent, a post that would go past the bound is refused 503 with
/// `Retry-After` at once, and the memory is free again once the slow body is in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_being_received_share_a_bounded_memory_and_a_post_past_it_is_refused_at_once() {
    use axum::body::{Body, Bytes};
    use axum::http::Request;
    use http_body_util::BodyExt;
    use touchpoint_collector::overload::Budget;
    use touchpoint_collector::{AppState, app};
    use tower::ServiceExt;

    let db = TestDb::sqlite();
    let mut state = AppState::new(db.open().await);
    state.bodies = Budget::new(usize::MAX, 2_000);
    let post = |body: Body| Request::post("/v1/submissions").header("content-type", "text/plain").body(body).unwrap();
    let padded = |n: usize, len: usize| {
        let body = submission(3, n, "northwind");
        format!("{body}{}", " ".repeat(len - body.len()))
    };

    let slow_body = padded(0, 1_800);
    let (feed, chunks) = tokio::sync::mpsc::channel(1);
    let slow = tokio::spawn(app(state.clone()).oneshot(post(Body::new(Trickled(chunks)))));
    feed.send(Bytes::copy_from_slice(&slow_body.as_bytes()[..1_500])).await.unwrap();
    while state.bodies.in_use().1 < 1_500 {
        tokio::task::yield_now().await;
    }

    let refused = app(state.clone()).oneshot(post(Body::from(padded(1, 600)))).await.unwrap();
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["retry-after"], "1");
    let text = refused.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&text[..], br#"{"error":"the collector is busy: retry after 1 s"}"#);
    let fits = app(state.clone()).oneshot(post(Body::from(padded(2, 400)))).await.unwrap();
    assert_eq!(fits.status(), 201, "400 more bytes fit beside the slow body's 1,500");

    feed.send(Bytes::copy_from_slice(&slow_body.as_bytes()[1_500..])).await.unwrap();
    drop(feed);
    assert_eq!(slow.await.unwrap().unwrap().status(), 201);
    assert_eq!(state.bodies.in_use(), (0, 0), "all returned");
    let retried = app(state.clone()).oneshot(post(Body::from(padded(1, 600)))).await.unwrap();
    assert_eq!(retried.status(), 201);
    assert_eq!(state.db.count_all().await.unwrap(), 3);
}
