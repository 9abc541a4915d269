//! The client side of `proofctl sync`: signs in with the member's key, pushes local proofs and
//! entries the server has not acknowledged, pulls the team's into the index, and refreshes
//! published keys and revocation lists. Retries with backoff; nothing local is lost on failure.

mod run;
mod session;

pub use run::{
    DEFAULT_MAX_PAGES, DatabaseReset, Observer, Options, PullStop, Refusal, Report, sync,
};
pub use session::{MAX_SERVER_TEXT, Server, Session, SyncError, install_tls_provider};
