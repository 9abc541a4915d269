//! One module per verb: turn parsed arguments into library calls and render the result.

mod completions;
mod key;
mod keygen;
pub mod passphrase;
mod sign;
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
        Command::Completions(args) => completions::run(args),
    }
}

/// Shortens a kid for human output; `--json` always carries the whole one.
pub(crate) fn short_kid(kid: &str) -> &str {
    &kid[..kid.len().min(12)]
}
