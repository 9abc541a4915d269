//! One module per verb: turn parsed arguments into library calls and render the result.

mod attest;
mod completions;
mod index;
mod key;
mod key_lifecycle;
mod keygen;
mod license;
mod license_refresh;
mod model;
pub mod passphrase;
mod search;
pub(crate) mod serve;
mod sign;
mod sign_sshsig;
mod sync;
mod timestamp;
mod trust;
mod verify;
mod verify_formats;
mod verify_policy;

use crate::cli::{Cli, Command, Deferred, LicenseCommand};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::Output;

/// `proofctl` itself, the front: keys, trust, licences and `verify` of proofs, the commands
/// whose cost is mostly process start-up. It links none of the index, the file analysis (image
/// and text fingerprints, PDF, ONNX Runtime) or networking, and hands the commands that need them
/// to the wings: whatever reads or writes the index to `proofctl-index`, `sync` and `serve` to
/// `proofctl-sync`. A verb names no wing code here, so the linker leaves it out of `proofctl`.
pub fn run_front(cli: Cli) -> Result<ExitStatus, Error> {
    let out = Output::new(&cli.global);
    let home = Home::resolve(cli.global.home.clone())?;
    match cli.command {
        Command::Keygen(Deferred(args)) => keygen::run(args, &home, &out),
        Command::Key(Deferred(cmd)) => key::run(cmd, &home, &out),
        Command::Verify(Deferred(args)) if !args.indexed => {
            verify::run_with(args, &home, &out, None)
        }
        Command::Trust(Deferred(cmd)) => trust::run(cmd, &home, &out),
        Command::Attest(Deferred(args)) => attest::run(args, &home, &out),
        // The vendor's registry of issued licences is SQLite, which only the index wing links.
        Command::License(Deferred(cmd)) if cmd.uses_registry() => hand_off(INDEX_WING, "license"),
        Command::License(Deferred(LicenseCommand::Refresh(_))) => {
            hand_off(NETWORK_WING, "license refresh")
        }
        Command::License(Deferred(LicenseCommand::Audit(_))) => {
            hand_off(NETWORK_WING, "license audit")
        }
        Command::License(Deferred(LicenseCommand::Api(_))) => hand_off(NETWORK_WING, "license api"),
        Command::License(Deferred(cmd)) => license::run_front(cmd, &home, &out),
        Command::Fingerprint(Deferred(args)) => license::fingerprint_cmd(args, &out),
        Command::Completions(Deferred(args)) => completions::run(args, &out),
        // `sign` indexes what it signs (unless --no-index, which is rare enough to pay the
        // hand-off too); asking TSAs for timestamps is the network wing's.
        Command::Sign(Deferred(args)) if args.wants_timestamp() => {
            hand_off(NETWORK_WING, "sign --tsa")
        }
        Command::Sign(_) => hand_off(INDEX_WING, "sign"),
        Command::Timestamp(_) => hand_off(NETWORK_WING, "timestamp"),
        Command::Verify(_) => hand_off(INDEX_WING, "verify --indexed"),
        Command::Index(_) => hand_off(INDEX_WING, "index"),
        Command::Search(_) => hand_off(INDEX_WING, "search"),
        Command::Model(_) => hand_off(INDEX_WING, "model"),
        Command::Sync(_) => hand_off(NETWORK_WING, "sync"),
        Command::Serve(_) => hand_off(NETWORK_WING, "serve"),
    }
}

/// Runs every offline command: the dispatcher of `proofctl-index`, the index wing. `sync` and
/// `serve` go on to the network wing.
pub fn run(cli: Cli) -> Result<ExitStatus, Error> {
    let out = Output::new(&cli.global);
    let home = Home::resolve(cli.global.home.clone())?;
    match cli.command {
        Command::Keygen(Deferred(args)) => keygen::run(args, &home, &out),
        Command::Key(Deferred(cmd)) => key::run(cmd, &home, &out),
        Command::Sign(Deferred(args)) if args.wants_timestamp() => {
            hand_off(NETWORK_WING, "sign --tsa")
        }
        Command::Sign(Deferred(args)) => sign::run(args, &home, &out, None),
        Command::Verify(Deferred(args)) => verify::run(args, &home, &out),
        Command::Trust(Deferred(cmd)) => trust::run(cmd, &home, &out),
        Command::Attest(Deferred(args)) => attest::run(args, &home, &out),
        Command::License(Deferred(LicenseCommand::Refresh(_))) => {
            hand_off(NETWORK_WING, "license refresh")
        }
        Command::License(Deferred(LicenseCommand::Audit(_))) => {
            hand_off(NETWORK_WING, "license audit")
        }
        Command::License(Deferred(LicenseCommand::Api(_))) => hand_off(NETWORK_WING, "license api"),
        Command::License(Deferred(cmd)) => license::run(cmd, &home, &out),
        Command::Index(Deferred(cmd)) => index::run(cmd, &home, &out),
        Command::Search(Deferred(args)) => search::run(args, &home, &out),
        Command::Model(Deferred(cmd)) => model::run(cmd, &home, &out),
        // The network wing's; nothing here names their code, so this binary links none of it.
        Command::Sync(_) => hand_off(NETWORK_WING, "sync"),
        Command::Serve(_) => hand_off(NETWORK_WING, "serve"),
        Command::Timestamp(_) => hand_off(NETWORK_WING, "timestamp"),
        Command::Fingerprint(Deferred(args)) => license::fingerprint_cmd(args, &out),
        Command::Completions(Deferred(args)) => completions::run(args, &out),
    }
}

/// Runs `sync`, `serve`, `timestamp` and `sign --tsa`: the dispatcher of `proofctl-sync`, the
/// network wing. Other commands go to [`run`] (the wing is only run by `proofctl`).
pub fn run_network(cli: Cli) -> Result<ExitStatus, Error> {
    let out = Output::new(&cli.global);
    let home = Home::resolve(cli.global.home.clone())?;
    match cli.command {
        Command::Sync(Deferred(args)) => sync::run(args, &home, &out),
        Command::Serve(Deferred(args)) => serve::run(args, &home, &out),
        Command::Timestamp(Deferred(args)) => timestamp::run(args, &home, &out),
        Command::License(Deferred(LicenseCommand::Refresh(args))) => {
            license_refresh::run(args, &home, &out)
        }
        Command::License(Deferred(LicenseCommand::Audit(args))) => {
            license_refresh::audit(args, &home, &out)
        }
        Command::License(Deferred(LicenseCommand::Api(args))) => {
            license_refresh::api(args, &home, &out)
        }
        Command::Sign(Deferred(args)) if args.wants_timestamp() => {
            let asker = timestamp::Asker::Sign;
            let urls = timestamp::tsas(&args.tsa, &home, asker)?;
            let fetcher = timestamp::Fetcher::new(urls, args.tsa_timeout.tsa_timeout)?;
            sign::run(args, &home, &out, Some(&fetcher))
        }
        command => run(Cli { command, ..cli }),
    }
}

/// The index wing: the index, file analysis and everything that uses them.
const INDEX_WING: &str = "proofctl-index";
/// The network wing: `sync`, `serve`, and whatever asks a TSA (`timestamp`, `sign --tsa`).
const NETWORK_WING: &str = "proofctl-sync";

/// Replaces this process with a wing, same argv after the program name and same PID (so signals
/// sent to `proofctl serve` reach the server, and a passphrase prompt keeps its terminal).
/// Wings are installed beside `proofctl` by `cargo install`; found there or on PATH. Returns only
/// if that failed.
fn hand_off(wing: &str, verb: &str) -> Result<ExitStatus, Error> {
    use std::os::unix::process::CommandExt;
    let beside = std::env::current_exe().ok().and_then(|e| e.parent().map(|d| d.join(wing)));
    let found =
        beside.as_deref().filter(|p| p.is_file()).map(std::path::Path::to_path_buf).or_else(|| {
            std::env::var_os("PATH").and_then(|path| {
                std::env::split_paths(&path).map(|d| d.join(wing)).find(|p| p.is_file())
            })
        });
    let Some(found) = found else {
        let beside = beside.map_or_else(
            || "this program".to_string(),
            |p| p.parent().unwrap_or(&p).display().to_string(),
        );
        return Err(Error::MissingWing(format!(
            "`proofctl {verb}` needs {wing}, installed beside proofctl by `cargo install --locked --path .`; not found next to {beside} nor on PATH"
        )));
    };
    let err = {
        // argv[0] as typed, so clap's usage lines still say `proofctl`.
        let mut args = std::env::args_os();
        let mut cmd = std::process::Command::new(&found);
        if let Some(arg0) = args.next() {
            cmd.arg0(arg0);
        }
        cmd.args(args).exec()
    };
    Err(Error::MissingWing(format!(
        "{}: cannot run it ({err}); reinstall with `cargo install --locked --path .`",
        found.display()
    )))
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
