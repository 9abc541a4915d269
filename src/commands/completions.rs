//! `proofctl completions SHELL`.

use std::io::Write;

use crate::cli::CompletionsArgs;
use crate::error::Error;
use crate::exit::ExitStatus;

pub fn run(args: CompletionsArgs) -> Result<ExitStatus, Error> {
    // Render into memory first: clap_complete's generate() panics on a closed pipe.
    let script = crate::generate::completion(args.shell);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
