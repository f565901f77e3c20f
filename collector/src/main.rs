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
    /// Score texts from standard input, one per line: one compound score per line.
    Score(commands::score::ScoreArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => commands::serve::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Score(args) => commands::score::run(args),
    }
}
