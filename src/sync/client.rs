//! The client side of `proofctl sync`. PLACEHOLDER: being written.

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Other(String),
}
