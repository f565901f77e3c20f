//! `touchpoint`: the collector and the marketers' command-line tools.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Touchpoint's collector and tools.
#[derive(Parser)]
#[command(name = "touchpoint", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the collection API, the demo site and the widget.
    Serve(commands::serve::ServeArgs),
    /// Validate a widget configuration and show each channel's availability at an instant.
    Check(commands::check::CheckArgs),
    /// Print the tag a site adds (pinned by its SRI hash) and the CSP its pages need; write the files to self-host.
    Embed(commands::embed::EmbedArgs),
    /// Score texts from standard input, one per line: one compound score per line.
    Score(commands::score::ScoreArgs),
    /// Write everything in the database to standard output as JSON Lines (backup, or a move between backends).
    ExportAll(commands::backup::ExportArgs),
    /// Read an export from standard input into the database (ids already stored are skipped).
    Import(commands::backup::ImportArgs),
    /// Studio accounts: add (password from standard input), list, remove, password.
    User(commands::accounts::UserArgs),
    /// Read keys for a site's responses: add (prints the key once), list, remove.
    Key(commands::accounts::KeyArgs),
    /// Sites in the database: add, list.
    Site(commands::sites::SiteArgs),
    /// Publish a configuration file as a new version of its site.
    Publish(commands::publish::PublishArgs),
    /// Write a site's responses as CSV (one row per answer) or JSON, filtered like Insights.
    Export(commands::insights::ExportArgs),
    /// Generate realistic demo submissions for a site (marked as generated), or --remove them.
    SeedDemo(commands::insights::SeedArgs),
    /// Print the configuration's JSON Schema (also served at /v1/schema).
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => commands::serve::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Embed(args) => commands::embed::run(args),
        Command::Score(args) => commands::score::run(args),
        Command::ExportAll(args) => commands::backup::export(args),
        Command::Import(args) => commands::backup::import(args),
        Command::User(args) => commands::accounts::user(args),
        Command::Key(args) => commands::accounts::key(args),
        Command::Site(args) => commands::sites::run(args),
        Command::Publish(args) => commands::publish::run(args),
        Command::Export(args) => commands::insights::export(args),
        Command::SeedDemo(args) => commands::insights::seed(args),
        Command::Schema => schema(),
    }
}

/// `touchpoint schema`: the JSON Schema, pretty-printed, for editors and CI.
fn schema() -> ExitCode {
    use std::io::Write as _;
    let text = serde_json::to_string_pretty(&touchpoint_core::schema::config_schema()).unwrap_or_default();
    match writeln!(std::io::stdout().lock(), "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("touchpoint: {e}");
            ExitCode::FAILURE
        }
    }
}
