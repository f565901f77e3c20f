//! `touchpoint check CONFIG [--at INSTANT] [--json]`: validates a widget configuration
//! (every problem with its field path, exit code 1) and shows, for each channel at that
//! instant, whether it is open, when it next opens and closes, and the reply-by.
//! `touchpoint check --db DB --site S` checks the site's published version the same way.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use touchpoint_collector::zones::TzdbOffsets;
use touchpoint_core::availability::{Availability, HORIZON_DAYS, Instant, availability};
use touchpoint_core::config::{Channel, ResponseClock};
use touchpoint_core::{Config, FieldError, Invalid};

/// Options of `touchpoint check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The widget configuration (JSON) to check.
    #[arg(required_unless_present = "site")]
    config: Option<PathBuf>,
    /// Check this site's published version in the database (`--db`) instead of a file.
    #[arg(long, conflicts_with = "config")]
    site: Option<String>,
    #[command(flatten)]
    db: super::DbArg,
    /// The instant to evaluate, RFC 3339 with an offset (e.g. 2025-12-24T15:00:00+01:00); default: now.
    #[arg(long, value_parser = parse_instant)]
    at: Option<Timestamp>,
    /// Print one JSON object, instants in UTC, instead of text.
    #[arg(long)]
    json: bool,
}

fn parse_instant(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>().map_err(|e| format!("not an RFC 3339 instant with an offset: {e}"))
}

/// Checks the file; exit code 0 when it is valid, 1 when it cannot be read or is invalid.
pub fn run(args: CheckArgs) -> ExitCode {
    let (name, text) = match source(&args) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let at = args.at.unwrap_or_else(Timestamp::now);
    let report = match check(&text, Instant(at.as_second())) {
        Ok(report) => report,
        Err(invalid) => {
            eprintln!("{name}: {invalid}");
            return ExitCode::FAILURE;
        }
    };
    let out = if args.json { report.to_json() } else { report.to_text() };
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the report: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What to check and its name in messages: the file, or the site's published version.
fn source(args: &CheckArgs) -> Result<(String, String), String> {
    if let Some(path) = &args.config {
        let name = path.display().to_string();
        return std::fs::read_to_string(path)
            .map(|text| (name.clone(), text))
            .map_err(|e| format!("{name}: cannot be read: {e}"));
    }
    let site = args.site.clone().unwrap_or_default();
    let target = &args.db.target;
    let rt = super::runtime().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let db = touchpoint_collector::Db::open(target).await.map_err(|e| format!("{target}: {e}"))?;
        match db.version(&site, None).await.map_err(|e| format!("{target}: {e}"))? {
            Some(v) => Ok((format!("site {site}, version {}", v.meta.version), v.document)),
            None => Err(format!("site {site} has no published configuration in {target}")),
        }
    })
}

/// A valid configuration and each channel's availability at one instant.
struct Report {
    at: Instant,
    config: Config,
    availability: Vec<Availability>,
}

/// Validates `text` (time zones against the bundled database) and computes availability at `at`.
fn check(text: &str, at: Instant) -> Result<Report, Invalid> {
    let offsets = TzdbOffsets;
    let config = Config::from_json_with_zones(text, &|zone| offsets.knows(zone))?;
    let mut errors = Vec::new();
    let mut computed = Vec::new();
    for (i, channel) in config.channels.iter().enumerate() {
        match availability(channel, at, &offsets) {
            Ok(a) => computed.push(a),
            Err(e) => {
                errors.push(FieldError { path: format!("channels[{i}].hours.time_zone"), message: e.to_string() })
            }
        }
    }
    if !errors.is_empty() {
        return Err(Invalid(errors));
    }
    Ok(Report { at, config, availability: computed })
}

/// RFC 3339 in UTC, e.g. `2025-12-24T14:00:00Z`; `None` outside the years 1-9999.
fn rfc3339(t: Instant) -> Option<String> {
    Timestamp::from_second(t.unix()).ok().map(|ts| ts.to_string())
}

/// The `--json` output, exactly as documented.
#[derive(Serialize)]
struct JsonReport<'a> {
    channels: Vec<JsonChannel<'a>>,
}

#[derive(Serialize)]
struct JsonChannel<'a> {
    id: &'a str,
    open: bool,
    next_open: Option<String>,
    next_close: Option<String>,
    reply_by: Option<String>,
}

impl Report {
    fn to_json(&self) -> String {
        let channels = self
            .config
            .channels
            .iter()
            .zip(&self.availability)
            .map(|(c, a)| JsonChannel {
                id: &c.id,
                open: a.open,
                next_open: a.next_open.and_then(rfc3339),
                next_close: a.next_close.and_then(rfc3339),
                reply_by: a.reply_by.and_then(rfc3339),
            })
            .collect();
        // Strings, booleans and nulls always serialise.
        let mut out = serde_json::to_string(&JsonReport { channels }).unwrap_or_default();
        out.push('\n');
        out
    }

    fn to_text(&self) -> String {
        let c = &self.config;
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let mut out = format!(
            "Valid: site `{}`, {}, {}, {}.\nAt {}:\n",
            c.site,
            plural(c.channels.len(), "channel"),
            plural(c.topics.len(), "topic"),
            plural(c.resources.len(), "resource"),
            rfc3339(self.at).unwrap_or_default(),
        );
        for (channel, a) in c.channels.iter().zip(&self.availability) {
            write_channel(&mut out, channel, a);
        }
        out
    }
}

/// One channel's block: what it is, then its status lines, each instant in UTC and in the
/// channel's own zone.
fn write_channel(out: &mut String, channel: &Channel, a: &Availability) {
    let zone = channel.hours.as_ref().and_then(|h| TimeZone::get(&h.time_zone).ok().map(|z| (h.time_zone.as_str(), z)));
    let when = |t: Option<Instant>, none: &str| -> String {
        let Some(t) = t else { return none.to_owned() };
        let utc = rfc3339(t).unwrap_or_else(|| format!("{} s after the epoch", t.unix()));
        match (&zone, Timestamp::from_second(t.unix())) {
            (Some((name, tz)), Ok(ts)) => {
                format!("{utc}  ({} {name})", ts.to_zoned(tz.clone()).strftime("%a %-d %b %H:%M"))
            }
            _ => utc,
        }
    };
    let hours = match &zone {
        Some((name, _)) => format!("hours in {name}"),
        None => "always open".to_owned(),
    };
    let never = if channel.hours.is_some() { format!("not within {HORIZON_DAYS} days") } else { "never".to_owned() };
    let promise = match channel.response_time {
        Some(d) => {
            let clock = match channel.response_clock {
                ResponseClock::Business => "open time",
                ResponseClock::WallClock => "wall-clock time",
            };
            format!("  (promise {d} of {clock})")
        }
        None => String::new(),
    };
    let reply_none = if channel.response_time.is_some() { never.as_str() } else { "no promise" };
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "\n{} · {} · {hours}\n  {}\n  next open   {}\n  next close  {}\n  reply by    {}{promise}\n",
        channel.id,
        channel.label,
        if a.open { "open now" } else { "closed now" },
        when(a.next_open, &never),
        when(a.next_close, &never),
        when(a.reply_by, reply_none),
    );
}
