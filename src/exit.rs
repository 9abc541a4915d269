//! Process exit statuses shared by every command: 0 success, 1 a "no" answer, 2 an error.

use std::process::ExitCode;

/// The outcome of a command, as the shell sees it.
///
/// The numbers are a public contract (README, `proofctl(1)`): CI pipelines branch on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Everything asked for was done; for `verify`, every input is valid and trusted.
    Success,
    /// A check answered "no": a signature, hash or trust check failed.
    Failure,
    /// Bad arguments, unreadable or malformed input, a wrong passphrase or an I/O failure.
    Error,
    /// Stopped by Ctrl-C or SIGTERM after saving what was done (128 + SIGINT, as shells report).
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
            ExitStatus::Interrupted => 130,
        }
    }

    /// Combines the statuses of several inputs: the worst one wins (error over "no" over success).
    pub fn worst(self, other: ExitStatus) -> ExitStatus {
        self.max(other)
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_ones() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::Failure.code(), 1);
        assert_eq!(ExitStatus::Error.code(), 2);
        assert_eq!(ExitStatus::Interrupted.code(), 130);
    }

    #[test]
    fn worst_prefers_error_then_failure() {
        use ExitStatus::*;
        assert_eq!(Success.worst(Failure), Failure);
        assert_eq!(Failure.worst(Success), Failure);
        assert_eq!(Failure.worst(Error), Error);
        assert_eq!(Error.worst(Success), Error);
        assert_eq!(Success.worst(Success), Success);
    }
}
