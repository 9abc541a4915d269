//! Verifying minisign signatures (.minisig), prehashed and legacy.

use std::path::Path;

use super::Context;
use crate::proof::verify::Report;

/// What `verify` was told about this format on the command line.
#[derive(Debug, Default)]
pub struct Options {}

/// Verifies the signature `bytes` read from `path` against `file` (or the file beside it).
pub fn verify(path: &Path, _bytes: &[u8], file: Option<&Path>, _cx: &Context<'_>) -> Report {
    Report::error(
        path,
        file,
        "unsupported_format",
        "recognised as minisign, which this build does not verify yet".into(),
    )
}
