//! `proofctl sync`. PLACEHOLDER: being written.

use crate::cli::SyncArgs;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::Output;

pub fn run(_args: SyncArgs, _home: &Home, _out: &Output) -> Result<ExitStatus, Error> {
    Err(Error::Usage("sync: not built yet".into()))
}
