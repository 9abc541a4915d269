//! One module per verb: turn parsed arguments into library calls and render the result.

mod completions;
mod index;
mod key;
mod keygen;
mod license;
mod model;
pub mod passphrase;
mod search;
mod serve;
mod sign;
mod sync;
mod trust;
mod verify;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::Output;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitStatus, Error> {
    let out = Output::new(&cli.global);
    let home = Home::resolve(cli.global.home.clone())?;
    match cli.command {
        Command::Keygen(args) => keygen::run(args, &home, &out),
        Command::Key(cmd) => key::run(cmd, &home, &out),
        Command::Sign(args) => sign::run(args, &home, &out),
        Command::Verify(args) => verify::run(args, &home, &out),
        Command::Trust(cmd) => trust::run(cmd, &home, &out),
        Command::License(cmd) => license::run(cmd, &home, &out),
        Command::Index(cmd) => index::run(cmd, &home, &out),
        Command::Search(args) => search::run(args, &home, &out),
        Command::Model(cmd) => model::run(cmd, &home, &out),
        Command::Sync(args) => sync::run(args, &home, &out),
        Command::Serve(args) => serve::run(args, &home, &out),
        Command::Fingerprint => license::fingerprint_cmd(&out),
        Command::Completions(args) => completions::run(args, &out),
    }
}

/// Prints the `--json` document of a command that failed as a whole (exit 2 with no result of
/// its own; docs/json-output.md): `{"error": {"code": …, "message": …}}`, the same message as the
/// stderr line, unescaped since JSON carries any text safely. On one line, so it also ends a
/// `serve` stream of JSON Lines cleanly. Output errors are ignored: the stderr line has been
/// said, and the exit code stands.
pub fn print_error_document(code: &str, message: &str) {
    use std::io::Write;
    let doc = serde_json::json!({ "error": { "code": code, "message": message } });
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, &doc);
    let _ = writeln!(out);
}

/// Whether a command line asks for `--json`, for when clap refused it and there are no parsed
/// flags to ask. `--json` is global, so it may stand anywhere before a `--`.
pub fn json_requested(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter().skip(1).take_while(|a| a != "--").any(|a| a == "--json")
}

/// The time commands run at. Debug builds (the test suite's binary) honour `PROOFCTL_NOW` (unix
/// seconds) so licence tests are exact; release builds have no way to move the clock.
pub(crate) fn now() -> u64 {
    #[cfg(debug_assertions)]
    if let Some(t) = std::env::var("PROOFCTL_NOW").ok().and_then(|v| v.parse().ok()) {
        return t;
    }
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Shortens a kid for human output; `--json` always carries the whole one.
pub(crate) fn short_kid(kid: &str) -> &str {
    &kid[..kid.len().min(12)]
}

#[cfg(test)]
mod tests {
    use super::json_requested;

    fn asks(args: &[&str]) -> bool {
        json_requested(args.iter().map(|a| a.into()))
    }

    #[test]
    fn json_is_asked_for_anywhere_before_a_double_dash() {
        assert!(asks(&["proofctl", "--json", "sign"]));
        assert!(asks(&["proofctl", "verify", "--bad", "--json"]));
        assert!(!asks(&["proofctl", "sign", "--", "--json"]));
        assert!(!asks(&["--json"]), "argv[0] is the program");
        assert!(!asks(&["proofctl", "--jsonx"]));
    }
}
