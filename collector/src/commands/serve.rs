//! `touchpoint serve`: binds the collector, applies migrations, purges expired
//! rows on a schedule, serves until Ctrl-C or SIGTERM, then finishes in-flight
//! requests (each answered only once its row is committed) and the purge in
//! progress before exiting.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use touchpoint_collector::db::WriteQueue;
use touchpoint_collector::server::{self, Caps, Timeouts};
use touchpoint_collector::sites::Sites;
use touchpoint_collector::{AppState, Db, app, retention};
use tower_http::trace::TraceLayer;

use super::DbArg;

/// Options of `touchpoint serve`; each can also come from the environment.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TOUCHPOINT_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    db: DbArg,
    /// Directory of the demo site and loader.
    #[arg(long, env = "TOUCHPOINT_WWW", default_value = "www")]
    www: PathBuf,
    /// Directory of the built widget (wasm-bindgen output).
    #[arg(long, env = "TOUCHPOINT_PKG", default_value = "pkg")]
    pkg: PathBuf,
    /// Collector configuration (JSON): per-site CORS origins and retention, and rate limits.
    /// Without it: same-origin posts only, default limits.
    #[arg(long, env = "TOUCHPOINT_SITES")]
    sites: Option<PathBuf>,
    /// Take client IPs from X-Forwarded-For (only behind a proxy you trust) for rate limits.
    /// Connection caps still count socket peers (the proxy): see --max-connections-per-ip.
    #[arg(long, env = "TOUCHPOINT_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
    /// Longest a request head may take to arrive, from its first byte (on a new connection, from the accept).
    #[arg(long, env = "TOUCHPOINT_HEAD_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    head_timeout: Duration,
    /// Longest a request body may take to arrive, from the end of its head.
    #[arg(long, env = "TOUCHPOINT_BODY_TIMEOUT", default_value = "15s", value_parser = humantime::parse_duration)]
    body_timeout: Duration,
    /// Longest a kept-alive connection may wait for its next request, or take to receive a response.
    #[arg(long, env = "TOUCHPOINT_IDLE_TIMEOUT", default_value = "75s", value_parser = humantime::parse_duration)]
    idle_timeout: Duration,
    /// Most connections open at once; more are answered 503 and closed at once. Lowered to fit the
    /// descriptor limit (raised at start to the hard limit).
    #[arg(long, env = "TOUCHPOINT_MAX_CONNECTIONS", default_value_t = Caps::default().total)]
    max_connections: usize,
    /// Most connections open at once from one client address (IPv6: one /64), counted by socket
    /// peer since it is checked before a request is read; 0 for no cap. Default 256, or no cap
    /// with --trust-forwarded-for, where every connection comes from the proxy.
    #[arg(long, env = "TOUCHPOINT_MAX_CONNECTIONS_PER_IP")]
    max_connections_per_ip: Option<usize>,
    /// Most submissions waiting to be written at once; more are answered 503 with Retry-After.
    #[arg(long, env = "TOUCHPOINT_MAX_QUEUED_WRITES", default_value_t = WriteQueue::default().rows)]
    max_queued_writes: usize,
    /// Log lines as JSON objects instead of text.
    #[arg(long, env = "TOUCHPOINT_LOG_JSON")]
    log_json: bool,
}

/// Runs the server; the exit code says whether it stopped cleanly.
pub fn run(args: ServeArgs) -> ExitCode {
    init_logging(args.log_json);
    let runtime = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    let sites = match &args.sites {
        None => Sites::default(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Sites::from_json(&text).map_err(|e| e.to_string()))
        {
            Ok(sites) => sites,
            Err(e) => {
                tracing::error!("collector configuration {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
    };
    match runtime.block_on(serve(args, sites)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "collector stopped");
            ExitCode::FAILURE
        }
    }
}

impl ServeArgs {
    /// The server's configuration within this process's descriptor limit.
    fn server_config(&self, descriptors: Option<u64>) -> server::Config {
        let per_ip = match self.max_connections_per_ip {
            Some(0) => None,
            Some(n) => Some(n),
            None if self.trust_forwarded_for => None,
            None => Caps::default().per_ip,
        };
        let caps = Caps { total: self.max_connections.max(1), per_ip };
        server::Config {
            timeouts: Timeouts { head: self.head_timeout, body: self.body_timeout, idle: self.idle_timeout },
            caps: descriptors.map_or(caps, |limit| caps.within(limit)),
        }
    }
}

async fn serve(args: ServeArgs, sites: Sites) -> Result<(), touchpoint_collector::Error> {
    let descriptors = match server::raise_descriptor_limit() {
        Ok(limit) => Some(limit),
        Err(e) => {
            tracing::warn!(error = %e, "could not read or raise the limit on open descriptors");
            None
        }
    };
    let config = args.server_config(descriptors);
    if config.caps.total < args.max_connections {
        tracing::warn!(
            asked = args.max_connections,
            allowed = config.caps.total,
            descriptors,
            "--max-connections lowered to fit the limit on open descriptors"
        );
    }
    let target = args.db.target.clone();
    let queue = WriteQueue { rows: args.max_queued_writes.max(1), ..WriteQueue::default() };
    let db = Db::open_with(&target, queue).await?;
    tracing::info!(backend = db.backend(), schema = db.schema_version().await?, "database ready");
    let mut state = AppState::with_sites(db, sites).with_site(args.www, args.pkg);
    state.trust_forwarded_for = args.trust_forwarded_for;
    match touchpoint_collector::metrics::install() {
        Ok(handle) => state.metrics = Some(handle),
        Err(e) => tracing::warn!(error = %e, "metrics recorder not installed; /metrics answers 404"),
    }
    let limits = state.limits.clone();
    let forget_idle = tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            limits.forget_idle();
        }
    });
    // The database's sites join the file's before the first request; re-read every 30 s.
    let upkeep = touchpoint_collector::studio::sites::start(&state).await?;
    let (ticker, ticks) = retention::ticker(retention::EVERY);
    let (purger, _) = retention::spawn(state.db.clone(), state.sites.clone(), state.clock.clone(), ticks);
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!(
        %addr,
        db = %target,
        head_timeout = ?config.timeouts.head,
        body_timeout = ?config.timeouts.body,
        idle_timeout = ?config.timeouts.idle,
        max_connections = config.caps.total,
        max_connections_per_ip = ?config.caps.per_ip,
        descriptors,
        "collector listening"
    );
    // The one line a person running the demo needs; logs go to stderr.
    #[allow(clippy::print_stdout, reason = "the URL to open is the command's output")]
    {
        println!("Touchpoint is running: open http://{addr}/ (stop with Ctrl-C)");
    }
    let router = app(state).layer(TraceLayer::new_for_http());
    server::serve(listener, router, config, shutdown_signal()).await?;
    // Every request has been answered, so every accepted row is committed; let a purge in progress finish.
    forget_idle.abort();
    upkeep.abort();
    ticker.abort();
    purger.await?;
    tracing::info!("collector stopped after finishing in-flight requests");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
