//! The sync server (`proofctl serve`). PLACEHOLDER: being written.

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Other(String),
}
