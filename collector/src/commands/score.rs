//! `touchpoint score`: scores texts from standard input, one per line, with the
//! same scorer the widget runs in the browser. Writes one compound score per
//! line in input order and nothing else, so it composes with `paste` and
//! spreadsheets; `--json` writes the whole result (proportions, label, terms).

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use clap::Args;
use touchpoint_core::sentiment::score;

/// Options of `touchpoint score`.
#[derive(Args)]
pub struct ScoreArgs {
    /// Write one JSON object per line (compound, pos, neu, neg, label, terms)
    /// instead of the compound score alone.
    #[arg(long)]
    json: bool,
}

/// Scores standard input to standard output.
pub fn run(args: ScoreArgs) -> ExitCode {
    let stdout = io::stdout();
    match score_lines(io::stdin().lock(), BufWriter::new(stdout.lock()), args.json) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("touchpoint score: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Scores each line of `input` (split on `\n`, a trailing `\r` dropped, invalid
/// UTF-8 replaced) and writes one line per input line.
pub fn score_lines(mut input: impl BufRead, mut output: impl Write, json: bool) -> io::Result<()> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let bytes = line.strip_suffix(b"\n").unwrap_or(&line);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let sentiment = score(&String::from_utf8_lossy(bytes));
        if json {
            serde_json::to_writer(&mut output, &sentiment).map_err(io::Error::other)?;
            output.write_all(b"\n")?;
        } else {
            writeln!(output, "{}", sentiment.compound)?;
        }
    }
    output.flush()
}
