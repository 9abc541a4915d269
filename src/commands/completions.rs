//! `proofctl completions SHELL`.

use std::io::Write;

use crate::cli::CompletionsArgs;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::output::Output;

pub fn run(args: CompletionsArgs, out: &Output) -> Result<ExitStatus, Error> {
    // A shell script has no JSON form; printing it anyway would break a parser reading stdout.
    if out.json {
        return Err(Error::Usage(
            "completions prints a shell script, which has no --json form; drop --json".into(),
        ));
    }
    // Render into memory first: clap_complete's generate() panics on a closed pipe.
    let script = crate::generate::completion(args.shell);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
