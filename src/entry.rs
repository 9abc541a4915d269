//! The shared `main` of the three binaries: parse arguments, run a command, map the outcome to an
//! exit code. `proofctl` (the front) runs keys, trust, licences and `verify`; `proofctl-index` (the
//! index wing) and `proofctl-sync` (the network wing) run what `proofctl` hands to them.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::similarity::text;

/// Runs a wing's `main` with `run` as its dispatcher. Wings read PDFs, in a child process: this
/// binary, re-run with a private argument (see similarity::text::isolate_pdf_parsing).
pub fn main(run: fn(Cli) -> Result<ExitStatus, Error>) -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|a| a == text::PDF_CHILD_ARG) {
        return ExitCode::from(text::pdf_child_main());
    }
    text::isolate_pdf_parsing();
    parse_and_run(run)
}

/// `proofctl`'s `main`: its commands read no PDF, so it names none of the parser.
pub fn front(run: fn(Cli) -> Result<ExitStatus, Error>) -> ExitCode {
    parse_and_run(run)
}

#[allow(clippy::print_stderr)] // The one error line, after every printer is gone.
fn parse_and_run(run: fn(Cli) -> Result<ExitStatus, Error>) -> ExitCode {
    // clap exits 2 on usage errors and 0 for --help/--version, matching our exit-code contract.
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() && crate::commands::json_requested(std::env::args_os()) {
                crate::commands::print_error_document("usage", &usage_message(&e));
            }
            e.exit()
        }
    };
    let json = cli.global.json;
    // A PDF parser panicking on a malformed file is caught and reported as that file's error;
    // the default hook would also print a backtrace hint for it.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !text::panic_is_expected() {
            default_hook(info);
        }
    }));
    match run(cli) {
        Ok(status) => status.into(),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Messages embed file names, server text and claims: the human line is made safe;
            // the JSON document carries the message exactly.
            eprintln!("proofctl: error: {}", crate::term::safe(&e.to_string()));
            if json {
                crate::commands::print_error_document(e.code(), &e.to_string());
            }
            ExitStatus::Error.into()
        }
    }
}

/// `Cli::try_parse`, without freeing the command tree at the end: a tree of every subcommand and
/// flag, which lives until exit anyway, and whose teardown cost a tenth of a one-proof `verify`
/// (callgrind: 0.17 of 1.73 million instructions).
fn parse() -> Result<Cli, clap::Error> {
    let mut command = Cli::command();
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches))
        .map_err(|e| e.format(&mut command));
    std::mem::forget(command);
    parsed
}

/// clap's message without its usage block (the lines before the first blank one), on one line.
fn usage_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let lines: Vec<&str> =
        text.lines().take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
    let message = lines.join(" ");
    message.strip_prefix("error: ").map(str::to_string).unwrap_or(message)
}
