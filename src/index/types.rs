//! The index's values: what callers hand it to record, what it reports back, its errors, and the
//! names of the packed segments each kind of sketch lives in.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::similarity::{LocalFeatures, Sketch, image, text};

/// The segment signal for the current image and text recipes.
pub(crate) fn image_signal() -> String {
    format!("image/{}", image::ALGORITHM)
}
/// The segment signal of image centre hashes (similarity::image::centre).
pub(crate) fn centre_signal() -> String {
    format!("image-centre/{}", image::CENTRE_ALGORITHM)
}
pub(crate) fn text_signal() -> String {
    format!("text/{}", text::ALGORITHM)
}

/// Errors opening or using the index. Each message names the index file and the fix.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{}: no index yet; run `proofctl index add DIR` or sign files to create it", path.display())]
    Missing { path: PathBuf },
    #[error("{}: is not a proofctl index ({message}); move it away and run `proofctl index add` again", path.display())]
    NotAnIndex { path: PathBuf, message: String },
    #[error("{}: written by a newer proofctl (schema {found}, this one knows {known}); upgrade proofctl", path.display())]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{}: {message}; {fix}", path.display())]
    Database { path: PathBuf, message: String, fix: &'static str },
    /// The sentence-embedding model failed while indexing (the batches before are kept).
    #[error("{0}")]
    Embedding(String),
    /// The worker threads could not be started (the system is out of threads or memory).
    #[error(
        "cannot start worker threads ({0}); close other programs or set RAYON_NUM_THREADS lower"
    )]
    Threads(String),
}

/// A file to record (or re-record: an entry for the same path is replaced).
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub path: String,
    pub size: u64,
    pub mtime_ns: Option<i64>,
    pub sha256: [u8; 32],
    pub media_type: String,
    pub sketch: Option<Sketch>,
    /// An image's centre hash (similarity::image::centre); None like `features`.
    pub centre: Option<crate::similarity::ImageSketch>,
    /// An image's local features (search's second stage); None for other kinds, for entries
    /// pulled from a server, and for images indexed before schema 7.
    pub features: Option<LocalFeatures>,
    pub proof: Option<ProofRecord>,
    /// The sentence embedding of the file's text, when a model is configured.
    pub embedding: Option<Embedding>,
}

/// A stored sentence embedding: which model made it and the vector, quantised
/// (similarity::embed::quantise: a scale then one byte per dimension).
#[derive(Debug, Clone)]
pub struct Embedding {
    pub model: String,
    pub dim: usize,
    pub vector: Vec<u8>,
    /// The vectors of the text's passages (similarity::passages), quantised the same way: empty
    /// for a text that is one passage; None where they were never computed (vectors made before
    /// schema 4, which `index add` makes again, and vectors pulled from a server).
    pub passages: Option<Vec<PassageVector>>,
}

/// One passage of an entry's text and its vector.
#[derive(Debug, Clone)]
pub struct PassageVector {
    /// Byte offset and length in the text read from the file.
    pub start: u64,
    pub length: u64,
    /// The passage's start, to show which one matched.
    pub excerpt: String,
    pub vector: Vec<u8>,
}

/// The segment signal of embeddings made by `model`.
pub(crate) fn embed_signal(model: &str) -> String {
    format!("embed/{model}")
}

/// What the index keeps of `text`'s passages and their vectors.
pub(crate) fn passage_vectors(
    text: &str,
    passages: &[(crate::similarity::passages::Passage, Vec<f32>)],
) -> Vec<PassageVector> {
    passages
        .iter()
        .map(|(p, v)| PassageVector {
            start: p.start as u64,
            length: (p.end - p.start) as u64,
            excerpt: crate::similarity::passages::excerpt(p.text(text)),
            vector: crate::similarity::embed::quantise(v),
        })
        .collect()
}

/// The segment signal of passage embeddings made by `model`.
pub(crate) fn passage_signal(model: &str) -> String {
    format!("passage/{model}")
}

/// A passage that matched a search, as [`search`](super::search) reports it.
#[derive(Debug, Clone, Serialize)]
pub struct PassageInfo {
    /// The passage's place among the entry's passages.
    pub index: u32,
    /// Byte offset and length in the text read from the file.
    pub offset: u64,
    pub length: u64,
    pub excerpt: String,
}

impl NewEntry {
    pub(super) fn kind(&self) -> &'static str {
        match self.sketch {
            Some(Sketch::Image(_)) => "image",
            Some(Sketch::Text(_)) => "text",
            None => "other",
        }
    }
}

/// What an entry keeps of the POP-1.0 proof it came with.
#[derive(Debug, Clone)]
pub struct ProofRecord {
    pub kid: String,
    /// The proof's `created`.
    pub created: String,
    /// The proof document as read.
    pub json: String,
    pub mtime_ns: Option<i64>,
}

/// What the index holds about a path, to tell whether a file changed since it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: Option<i64>,
    pub proof_mtime_ns: Option<i64>,
}

/// An indexed file, as search and stats show it.
#[derive(Debug, Clone, Serialize)]
pub struct EntryInfo {
    #[serde(skip)]
    pub id: i64,
    pub path: String,
    pub size: u64,
    pub sha256: String,
    pub media_type: String,
    pub kind: String,
    /// Unix seconds.
    pub indexed_at: i64,
    pub signer_kid: Option<String>,
    pub signed_at: Option<String>,
    /// The proof's proven time and its authority, as judged when the entry was written
    /// (`index::proven`); None without a valid anchor then.
    pub proven_at: Option<String>,
    pub proven_by: Option<String>,
}

/// Counts for `index stats`.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub path: String,
    pub schema_version: i64,
    pub entries: u64,
    pub by_kind: BTreeMap<String, u64>,
    pub signed: u64,
    pub signers: u64,
    pub bytes_indexed: u64,
    pub file_bytes: u64,
    pub image_algorithm: &'static str,
    pub text_algorithm: &'static str,
    /// Entries with a sentence embedding, by model id.
    pub embeddings: BTreeMap<String, u64>,
}

/// Whether a write added a path or replaced what was recorded for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Added,
    Updated,
}
