//! `touchpoint serve`: binds the collector, applies migrations, purges expired
//! rows on a schedule, serves until Ctrl-C or SIGTERM, then finishes in-flight
//! requests (each answered only once its row is committed) and the purge in
//! progress before exiting.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
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
    /// Take client IPs from X-Forwarded-For (only behind a proxy you trust).
    #[arg(long, env = "TOUCHPOINT_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
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

async fn serve(args: ServeArgs, sites: Sites) -> Result<(), touchpoint_collector::Error> {
    let target = args.db.target;
    let db = Db::open(&target).await?;
    tracing::info!(backend = db.backend(), schema = db.schema_version().await?, "database ready");
    let mut state = AppState::with_sites(db, sites).with_site(args.www, args.pkg);
    state.trust_forwarded_for = args.trust_forwarded_for;
    match touchpoint_collector::metrics::install() {
        Ok(handle) => state.metrics = Some(handle),
        Err(e) => tracing::warn!(error = %e, "metrics recorder not installed; /metrics answers 404"),
    }
    let limits = state.limits.clone();
    let forget_idle = tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
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
    tracing::info!(%addr, db = %target, "collector listening");
    // The one line a person running the demo needs; logs go to stderr.
    #[allow(clippy::print_stdout, reason = "the URL to open is the command's output")]
    {
        println!("Touchpoint is running: open http://{addr}/ (stop with Ctrl-C)");
    }
    let service = app(state).layer(TraceLayer::new_for_http()).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await?;
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
