//! Sync: a self-hostable server that members push proofs and index entries to and pull the
//! team's from ([`server`]), and the client side of `proofctl sync` ([`client`]). The wire
//! format is in [`protocol`] and docs/sync-protocol.md; the rules both sides read it by, in
//! [`wire`].

pub mod client;
pub mod protocol;
pub mod server;
pub mod wire;
