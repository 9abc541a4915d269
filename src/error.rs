//! The error a command returns: one line for the user that names the input, the problem and the fix.

use std::io;
use std::path::PathBuf;

use crate::fsutil::WriteError;
use crate::home::HomeError;
use crate::keys::KeyError;
use crate::trust::TrustError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Trust(#[from] TrustError),
    #[error(transparent)]
    Home(#[from] HomeError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error(transparent)]
    Model(#[from] crate::similarity::models::ModelError),
    #[error(transparent)]
    Embed(#[from] crate::similarity::embed::EmbedError),
    #[error(transparent)]
    Sync(#[from] crate::sync::client::SyncError),
    #[error(transparent)]
    Serve(#[from] crate::sync::server::ServeError),
    #[error("{}: {message}", path.display())]
    Input { path: PathBuf, message: String },
    /// Arguments that parse but do not make sense together.
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Passphrase(String),
    /// Writing our own output failed (a closed pipe is not reported: see [`Error::is_broken_pipe`]).
    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),
}

impl Error {
    /// `proofctl verify … | head` closing the pipe is the reader's choice, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

pub use crate::fsutil::describe_io;

/// An error and its causes as one line, `outer: inner: …`. Libraries that already repeat a
/// cause in their own message (reqwest, ort) do not get it twice.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}
