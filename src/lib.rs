//! proofctl: offline proofs of origin for files. The library holds all logic; `main.rs` is thin.
//!
//! Domain modules ([`keys`], [`proof`], [`trust`], [`license`], [`index`], [`similarity`], [`timestamp`]) never touch the terminal: they take paths and
//! bytes and return values or typed errors. [`commands`] renders them for people and for `--json`.
#![forbid(unsafe_code)]

mod built_after;
pub mod cli;
pub mod commands;
pub mod digest;
pub mod entry;
pub mod errchain;
pub mod error;
pub mod exit;
pub mod formats;
pub mod fsutil;
pub mod generate;
pub mod home;
pub mod index;
pub mod keys;
pub mod license;
pub mod lifecycle;
pub mod name;
pub mod output;
pub mod policy;
pub mod proof;
pub mod revocation;
pub mod similarity;
pub mod sync;
pub mod term;
pub mod timestamp;
pub mod trust;
pub mod tsa_trust;

pub use error::Error;
pub use exit::ExitStatus;
