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
    }
}
