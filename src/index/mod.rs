//! The local index: one SQLite file in the home recording every file proofctl signed or was given,
//! with what search needs to find it again (digest, perceptual sketches, who signed it).
//!
//! Concurrency: WAL mode and a generous busy timeout let several proofctl processes read and
//! write at once; every write is one `BEGIN IMMEDIATE` transaction, so a writer waits for the
//! lock up front instead of failing half-way when another process got there first. A killed
//! process leaves the index as it was after its last committed transaction.
//!
//! Layout: `types` (values and errors), `db` (opening, schema, errors), `write` (recording and
//! removing entries), `query` (reads), `ingest` (`index add`), `search`, `sync` (what `proofctl
//! sync` stores), `time` (the proven time recorded with a proof), `segments` (packed sketches),
//! `schema` (migrations).

mod db;
mod ingest;
mod query;
mod schema;
pub mod search;
mod segments;
mod sync;
mod time;
mod types;
mod write;

pub use self::db::Index;
use self::db::{db_error, unix_now};
pub use self::ingest::{AddOptions, AddSummary, Event, Observer, Outcome, add, mtime_ns};
pub use self::sync::{MergedProof, PullRefusal, REMOTE_PREFIX, SignedEntry, is_remote};
pub use self::time::{Proven, home_tsa_roots, proven};
pub use self::types::{
    Embedding, EntryInfo, IndexError, NewEntry, PassageInfo, PassageVector, ProofRecord, Stamp,
    Stats, Written,
};
pub(crate) use self::types::{
    centre_signal, embed_signal, image_signal, passage_signal, passage_vectors, text_signal,
};
use self::write::write_entries;

#[cfg(test)]
mod tests;
