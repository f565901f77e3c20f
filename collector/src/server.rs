//! The HTTP server: an accept loop over hyper's HTTP/1.1 connections, in place of
//! `axum::serve`, for what a public endpoint needs and `axum::serve` lacks:
//!
//! - **Deadlines** for a request's head, its body, an idle kept-alive connection and
//!   taking a response ([`deadline`]); each is a total for its phase, so trickling
//!   bytes does not extend it. A connection past its deadline is closed.
//! - **Connection caps** in all and per client address ([`caps`]), checked at the
//!   accept: past them the connection is answered at once with a fixed `503` and
//!   `Retry-After`, without reading the request, and closed ([`refuse`]).
//! - Bounded buffers: hyper's read buffer is capped at [`MAX_BUF`], so headers
//!   cannot grow it to hyper's default of ~400 KiB per connection.
//!
//! HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front of
//! the collector terminates. Graceful shutdown as before: stop accepting, let every
//! request in flight finish (each answered only once its row is committed), close
//! idle connections, return when the last connection has closed.

pub mod caps;
pub mod deadline;

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use tower::Service;

pub use caps::Caps;
pub use deadline::Timeouts;

use caps::{Counter, Refused};
use deadline::{Change, Deadline, Phase};

/// Largest read buffer per connection, so largest request head: 16 KiB, as many
/// proxies allow (nginx: 4 × 8 KiB); a browser's head is 1-2 KB. Bodies stream
/// through it in pieces.
pub const MAX_BUF: usize = 16 * 1024;

/// Descriptors kept back from connections: the listener, the database (SQLite's
/// files or PostgreSQL's pool), static files being served, logs.
const RESERVED_DESCRIPTORS: u64 = 128;

/// How the server treats connections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Config {
    pub timeouts: Timeouts,
    pub caps: Caps,
}

/// What a connection over a cap is told, whole, before it is closed: written in
/// one non-blocking call into an empty socket buffer, so it costs no waiting.
/// No CORS grant: the origin is not known before the request is read, so a
/// browser sees a network error, and the widget's outbox backs off and retries.
pub const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Retry-After: 1\r\n\
Content-Type: application/json\r\n\
Content-Length: 50\r\n\
Connection: close\r\n\
\r\n\
{\"error\":\"too many connections: retry after 1 s\"}";

/// Raises this process's soft limit on open descriptors to the hard limit (as Go
/// and the JVM do at start: service managers often leave the soft limit at 1,024
/// while allowing far more) and returns the limit in force.
pub fn raise_descriptor_limit() -> io::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX)
}

impl Caps {
    /// These caps within `descriptors` open files, less those the rest of the collector needs.
    pub fn within(self, descriptors: u64) -> Caps {
        let room = usize::try_from(descriptors.saturating_sub(RESERVED_DESCRIPTORS).max(16)).unwrap_or(usize::MAX);
        Caps { total: self.total.min(room), ..self }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains (see the module doc).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    config: Config,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let counter = Counter::new(config.caps);
    // Dropping `stop` asks every connection to finish; each holds a `drained` receiver until it has closed.
    let (stop, stopping) = watch::channel(());
    let (drained_tx, drained) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        match counter.admit(peer.ip()) {
            Ok(admitted) => {
                metrics::counter!("touchpoint_connections_accepted_total").increment(1);
                let connection = Connection { router: router.clone(), peer, timeouts: config.timeouts };
                let (stopping, drained) = (stopping.clone(), drained.clone());
                let task = async move {
                    let _open = OpenGauge::new();
                    connection.run(stream, stopping).await;
                    drop(admitted);
                    drop(drained);
                };
                tokio::spawn(task);
            }
            Err(refused) => refuse(stream, refused),
        }
    }
    drop(listener);
    drop(stop);
    drop(drained);
    drained_tx.closed().await;
    Ok(())
}

/// Accept errors: a connection reset before it was accepted is nothing; anything else
/// (out of descriptors above all) is logged and the loop pauses briefly, so a full
/// table is not spun on, and connections closing meanwhile make room.
async fn accept_failed(e: io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed");
    metrics::counter!("touchpoint_accept_errors_total").increment(1);
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Answers a connection over a cap with [`REFUSAL`] and closes it, without waiting
/// for anything. What of the request has already arrived is read first: closing a
/// socket with unread bytes sends a reset, which can destroy the answer before the
/// client reads it. A request still arriving after the close may meet that reset;
/// the client then sees a failed connection, which it retries all the same.
fn refuse(stream: TcpStream, refused: Refused) {
    use std::io::{Read, Write};
    metrics::counter!("touchpoint_connections_refused_total", "cap" => refused.label()).increment(1);
    let Ok(mut stream) = stream.into_std() else { return };
    let mut sink = [0u8; 4096];
    for _ in 0..16 {
        match stream.read(&mut sink) {
            Ok(n) if n > 0 => {}
            _ => break,
        }
    }
    let _ = stream.write(REFUSAL);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// Counts open connections in `/metrics` for as long as it lives.
struct OpenGauge;

impl OpenGauge {
    fn new() -> OpenGauge {
        metrics::gauge!("touchpoint_connections_open").increment(1.0);
        OpenGauge
    }
}

impl Drop for OpenGauge {
    fn drop(&mut self) {
        metrics::gauge!("touchpoint_connections_open").decrement(1.0);
    }
}

/// One accepted connection.
struct Connection {
    router: Router,
    peer: SocketAddr,
    timeouts: Timeouts,
}

impl Connection {
    /// Serves requests until the client closes, a deadline passes, or shutdown has drained it.
    async fn run(self, stream: TcpStream, mut stopping: watch::Receiver<()>) {
        // Answers are small and written whole: send them without waiting for Nagle.
        let _ = stream.set_nodelay(true);
        let tracker = Arc::new(Tracker::new(self.timeouts));
        let mut expired = pin!(tracker.expired());
        // Until its first bytes arrive a connection costs this task alone: hyper's buffers
        // (8 KiB to read, more to write) are made once there is something to read. A
        // thousand connections that send nothing cost about 1 MB, not 20.
        tokio::select! {
            readable = stream.readable() => {
                if readable.is_err() {
                    return;
                }
            }
            phase = &mut expired => return self.timed_out(phase),
            _ = stopping.changed() => return,
        }
        let io = TokioIo::new(Watched { inner: stream, tracker: tracker.clone() });
        let service = RequestService { router: self.router.clone(), peer: self.peer, tracker: tracker.clone() };
        let mut builder = hyper::server::conn::http1::Builder::new();
        // hyper's own head timer also runs while idle; ours tells the two apart.
        builder.header_read_timeout(None).max_buf_size(MAX_BUF).keep_alive(true);
        let mut conn = pin!(builder.serve_connection(io, service));
        let mut draining = false;
        loop {
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, peer = %self.peer, "connection ended with an error");
                    }
                    return;
                }
                phase = &mut expired => return self.timed_out(phase),
                _ = stopping.changed(), if !draining => {
                    draining = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }

    /// Counts a connection closed for running out of time in `phase`.
    fn timed_out(&self, phase: Phase) {
        metrics::counter!("touchpoint_connections_timed_out_total", "phase" => phase.label()).increment(1);
        tracing::debug!(peer = %self.peer, phase = phase.label(), "connection closed: out of time");
    }
}

/// A connection's [`Deadline`], shared by its socket, its requests and its watcher.
struct Tracker {
    deadline: Mutex<Deadline>,
    sooner: Notify,
}

impl Tracker {
    fn new(timeouts: Timeouts) -> Tracker {
        Tracker { deadline: Mutex::new(Deadline::new(timeouts, Instant::now())), sooner: Notify::new() }
    }

    fn lock(&self) -> MutexGuard<'_, Deadline> {
        // Every transition is one assignment: a poisoned lock still holds a whole state.
        self.deadline.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Applies a transition at the current time; wakes the watcher if its deadline moved earlier.
    fn update(&self, transition: impl FnOnce(&mut Deadline, Instant) -> Change) {
        if transition(&mut self.lock(), Instant::now()) == Change::Sooner {
            self.sooner.notify_one();
        }
    }

    /// Resolves with the phase whose deadline passed.
    async fn expired(&self) -> Phase {
        loop {
            let until = self.lock().until();
            match until {
                // `notify_one` keeps a wake-up given before this waits, so none is lost.
                None => self.sooner.notified().await,
                Some(until) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(until) => {
                            if let Some(phase) = self.lock().expired(Instant::now()) {
                                return phase;
                            }
                        }
                        () = self.sooner.notified() => {}
                    }
                }
            }
        }
    }
}

/// The socket, telling the tracker when bytes arrive (the start of a request head).
struct Watched {
    inner: TcpStream,
    tracker: Arc<Tracker>,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.tracker.update(Deadline::bytes_arrived);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Hands each request to the router with the peer's address (`ConnectInfo`, as
/// `axum::serve` gives it), telling the tracker when the head is in, the body has
/// ended, and the response has started and ended.
#[derive(Clone)]
struct RequestService {
    router: Router,
    peer: SocketAddr,
    tracker: Arc<Tracker>,
}

impl hyper::service::Service<Request<Incoming>> for RequestService {
    type Response = Response<Tracked>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Tracked>, Infallible>> + Send>>;

    fn call(&self, mut req: Request<Incoming>) -> Self::Future {
        use http_body::Body as _;
        let has_body = !req.body().is_end_stream();
        self.tracker.update(|d, now| d.request(now, has_body));
        req.extensions_mut().insert(ConnectInfo(self.peer));
        let tracker = self.tracker.clone();
        let req = req.map(|body| Body::new(Tracked::new(body, tracker.clone(), |d, _| d.body_ended())));
        let response = self.router.clone().call(req);
        Box::pin(async move {
            let response = response.await?;
            tracker.update(Deadline::responding);
            Ok(response.map(|body| Tracked::new(body, tracker, Deadline::response_ended)))
        })
    }
}

/// A body that tells the tracker when its last frame has passed (or it is dropped unfinished).
struct Tracked<B = Body> {
    inner: B,
    tracker: Arc<Tracker>,
    on_end: fn(&mut Deadline, Instant) -> Change,
    ended: AtomicBool,
}

impl<B> Tracked<B> {
    fn new(inner: B, tracker: Arc<Tracker>, on_end: fn(&mut Deadline, Instant) -> Change) -> Tracked<B> {
        Tracked { inner, tracker, on_end, ended: AtomicBool::new(false) }
    }

    fn end(&self) {
        if !self.ended.swap(true, Ordering::Relaxed) {
            self.tracker.update(self.on_end);
        }
    }
}

impl<B> http_body::Body for Tracked<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(None | Some(Err(_))) => self.end(),
            Poll::Ready(Some(Ok(_))) if self.inner.is_end_stream() => self.end(),
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        let end = self.inner.is_end_stream();
        if end {
            self.end();
        }
        end
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl<B> Drop for Tracked<B> {
    fn drop(&mut self) {
        self.end();
    }
}
