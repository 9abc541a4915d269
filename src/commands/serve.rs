//! `proofctl serve`. PLACEHOLDER: being written.

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::Output;

pub fn run(_args: ServeArgs, _home: &Home, _out: &Output) -> Result<ExitStatus, Error> {
    Err(Error::Usage("serve: not built yet".into()))
}
