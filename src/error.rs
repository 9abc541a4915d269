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
    TsaTrust(#[from] crate::tsa_trust::TsaTrustError),
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
    Registry(#[from] crate::license::registry::RegistryError),
    /// Worded by the command, which knows the flags (`commands::serve::describe`).
    #[error("{}", crate::commands::serve::describe(.0))]
    Serve(#[from] crate::sync::server::ServeError),
    #[error("{}: {message}", path.display())]
    Input { path: PathBuf, message: String },
    /// `proofctl-sync`, which runs `sync` and `serve`, is not installed beside `proofctl`.
    #[error("{0}")]
    MissingWing(String),
    /// Arguments that parse but do not make sense together.
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Passphrase(String),
    /// Every passphrase tried was wrong; the message names where it came from.
    #[error("{0}")]
    WrongPassphrase(String),
    /// Writing our own output failed (a closed pipe is not reported: see [`Error::is_broken_pipe`]).
    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),
}

impl Error {
    /// A revocation list that could not be issued: a key or token that would not sign keeps its
    /// own code; the list's rules (rollback, a later `since`) are the user's to fix.
    pub fn from_revocation(e: crate::revocation::RevocationError) -> Error {
        match e {
            crate::revocation::RevocationError::Key(k) => Error::Key(k),
            e => Error::Usage(e.to_string()),
        }
    }

    /// `proofctl verify … | head` closing the pipe is the reader's choice, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// The stable code of the `--json` error document (docs/json-output.md lists them): coarse
    /// on purpose, so a CI script can branch on the kind of failure while messages improve.
    pub fn code(&self) -> &'static str {
        use crate::index::IndexError;
        use crate::similarity::models::ModelError;
        use crate::sync::client::SyncError;
        use crate::sync::server::ServeError;
        match self {
            Error::Key(e) => key_code(e),
            Error::Trust(e) => trust_code(e),
            Error::TsaTrust(e) => e.code(),
            Error::Home(_) => "home",
            Error::Write(e) => write_code(e),
            Error::Index(IndexError::Missing { .. }) => "not_found",
            Error::Index(IndexError::NotAnIndex { .. } | IndexError::TooNew { .. }) => "input",
            Error::Index(IndexError::Database { .. } | IndexError::Threads(_)) => "io",
            Error::Index(IndexError::Embedding(_)) => "model",
            Error::Model(ModelError::Exists(_)) => "exists",
            Error::Model(ModelError::BadName(_)) => "usage",
            Error::Model(ModelError::Unknown(_)) => "not_found",
            Error::Model(ModelError::Io { .. } | ModelError::Embed(_)) | Error::Embed(_) => "model",
            Error::Sync(SyncError::BadUrl { .. }) => "usage",
            Error::Sync(SyncError::Unreachable { .. }) => "unreachable",
            Error::Sync(SyncError::Refused { .. }) => "server_refused",
            Error::Sync(SyncError::Protocol { .. } | SyncError::DatabaseChanged { .. }) => {
                "protocol"
            }
            Error::Sync(SyncError::Local { .. }) => "io",
            Error::Sync(SyncError::Index(_)) => "io",
            Error::Sync(SyncError::Write(e)) => write_code(e),
            Error::Sync(SyncError::Home(_)) => "home",
            Error::Serve(ServeError::KeyFile(e)) => trust_code(e),
            Error::Serve(
                ServeError::BadListen { .. }
                | ServeError::BadAllow { .. }
                | ServeError::UnknownMember { .. }
                | ServeError::AllowAndRemove { .. },
            ) => "usage",
            Error::Serve(_) => "serve",
            Error::Registry(crate::license::registry::RegistryError::TooNew { .. }) => "input",
            Error::Registry(_) => "io",
            Error::Input { .. } => "input",
            Error::Usage(_) => "usage",
            Error::MissingWing(_) => "not_found",
            Error::Passphrase(_) => "passphrase",
            Error::WrongPassphrase(_) => "wrong_passphrase",
            Error::Output(_) => "io",
        }
    }
}

impl From<crate::keys::pkcs11::TokenError> for Error {
    fn from(e: crate::keys::pkcs11::TokenError) -> Error {
        Error::Key(KeyError::Token(e))
    }
}

fn token_code(e: &crate::keys::pkcs11::TokenError) -> &'static str {
    use crate::keys::pkcs11::TokenError as T;
    match e {
        T::Uri { .. } | T::NoModule | T::AmbiguousToken { .. } | T::SeveralKeys { .. } => "usage",
        T::WrongPin { .. } | T::PinLocked { .. } => "wrong_passphrase",
        T::NoKey { .. } => "not_found",
        T::Exists { .. } => "exists",
        T::Module { .. } | T::Absent { .. } | T::Mismatch { .. } | T::Device { .. } => "token",
    }
}

fn key_code(e: &KeyError) -> &'static str {
    match e {
        KeyError::Token(e) => token_code(e),
        KeyError::OnToken(_) => "usage",
        KeyError::InvalidName(_) | KeyError::Ambiguous(_) => "usage",
        KeyError::NotFound { .. } | KeyError::NoKeys(_) => "not_found",
        KeyError::WrongPassphrase(_) => "wrong_passphrase",
        KeyError::BadDefault { .. } => "home",
        KeyError::Malformed { .. } | KeyError::Io { .. } => "input",
        KeyError::Write(e) => write_code(e),
        KeyError::Home(_) => "home",
    }
}

fn trust_code(e: &TrustError) -> &'static str {
    match e {
        TrustError::NotFound(_) | TrustError::NoTrustDir(_) => "not_found",
        TrustError::Io { .. }
        | TrustError::BadKey { .. }
        | TrustError::NotADir(_)
        | TrustError::EmptyTrustDir { .. }
        | TrustError::Policy(_) => "input",
        TrustError::Restrict(_) => "exists",
        TrustError::Key(e) => key_code(e),
        TrustError::Write(e) => write_code(e),
        TrustError::Home(_) => "home",
    }
}

fn write_code(e: &WriteError) -> &'static str {
    match e {
        WriteError::Exists(_) => "exists",
        WriteError::Io { .. } => "io",
    }
}

pub use crate::errchain::chain;
pub use crate::fsutil::describe_io;
