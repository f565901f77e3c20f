//! `touchpoint score`: scores texts from standard input, one per line, with the
//! same scorer the widget runs in the browser. Each text is scored in its
//! language: forced with `--lang de`, or identified on the device (`--lang auto`,
//! the default; `--prior` settles close calls as the widget's language does).
//! Writes one compound score per line in input order, or `unscored` where the
//! language is not scored or could not be identified, and nothing else, so it
//! composes with `paste` and spreadsheets; `--json` writes the whole result
//! (lang, status, compound, proportions, label, terms).

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use clap::Args;
use touchpoint_core::sentiment::{Hint, score_with};

/// Options of `touchpoint score`.
#[derive(Args)]
pub struct ScoreArgs {
    /// The texts' language as a BCP-47 tag (`de`, `pt-BR`), or `auto` to identify
    /// each text's language on its own.
    #[arg(long, default_value = "auto", value_name = "L|auto")]
    lang: String,
    /// With `--lang auto`: the language the texts are most likely in (the widget's
    /// language), which settles close calls between similar languages.
    #[arg(long, value_name = "L")]
    prior: Option<String>,
    /// Write one JSON object per line (lang, status, compound, pos, neu, neg,
    /// label, terms) instead of the compound score alone.
    #[arg(long)]
    json: bool,
}

/// Scores standard input to standard output.
pub fn run(args: ScoreArgs) -> ExitCode {
    let hint = Hint { lang: Some(&args.lang), widget_lang: args.prior.as_deref(), page_lang: None };
    let stdout = io::stdout();
    match score_lines(io::stdin().lock(), BufWriter::new(stdout.lock()), hint, args.json) {
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
pub fn score_lines(mut input: impl BufRead, mut output: impl Write, hint: Hint, json: bool) -> io::Result<()> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let bytes = line.strip_suffix(b"\n").unwrap_or(&line);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let scored = score_with(&String::from_utf8_lossy(bytes), hint);
        if json {
            serde_json::to_writer(&mut output, &scored).map_err(io::Error::other)?;
            output.write_all(b"\n")?;
        } else {
            match scored.compound() {
                Some(compound) => writeln!(output, "{compound}")?,
                None => writeln!(output, "unscored")?,
            }
        }
    }
    output.flush()
}
