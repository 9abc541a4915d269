//! The local index: one SQLite file in the home recording every file proofctl signed or was given,
//! with what search needs to find it again (digest, perceptual sketches, who signed it).
//!
//! Concurrency: WAL mode and a generous busy timeout let several proofctl processes read and
//! write at once; every write is one `BEGIN IMMEDIATE` transaction, so a writer waits for the
//! lock up front instead of failing half-way when another process got there first. A killed
//! process leaves the index as it was after its last committed transaction.

mod ingest;
mod schema;
pub mod search;
mod segments;
mod sync;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

pub use self::ingest::{AddOptions, AddSummary, Event, Observer, Outcome, add, mtime_ns};
use self::segments::Record;
pub use self::sync::{PullRefusal, REMOTE_PREFIX, SignedEntry, is_remote};
use crate::similarity::{Sketch, image, text};

/// File name of the index inside the home.
pub const FILE_NAME: &str = "index.sqlite";

/// How long a process waits for another one's write transaction before giving up. Transactions
/// are short (a batch of entries), so reaching this means something is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// The segment signal for the current image and text recipes.
pub(crate) fn image_signal() -> String {
    format!("image/{}", image::ALGORITHM)
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

/// A passage that matched a search, as [`search`] reports it.
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
    fn kind(&self) -> &'static str {
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

/// An open index.
pub struct Index {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path).finish()
    }
}

/// The body of [`Index::write`], inside a caller's transaction (sync writes its cursor with it).
fn write_entries(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    entries: &[NewEntry],
) -> Result<Vec<Written>, IndexError> {
    let e = |e| db_error(path, e);
    let now = unix_now();
    let mut written = Vec::with_capacity(entries.len());
    let mut stale = Vec::new();
    // A path given twice in one call (`sign a.txt ./a.txt`): the last one is recorded.
    let mut last: std::collections::HashMap<&str, usize> = Default::default();
    for (i, entry) in entries.iter().enumerate() {
        last.insert(&entry.path, i);
    }
    let mut seen = std::collections::HashSet::new();
    // A proof known for these exact bytes outlives a run that did not see it (the file was
    // reached through a link, or the proof was written elsewhere with --out).
    let mut kept_proofs: std::collections::HashMap<&str, ProofRecord> = Default::default();
    let mut kept_vectors: std::collections::HashMap<&str, Vec<Embedding>> = Default::default();
    {
        let mut old_vectors = tx
            .prepare_cached(
                "SELECT model, dim, vector, passages IS NOT NULL FROM embeddings
                 WHERE entry_id = ?1",
            )
            .map_err(e)?;
        let mut old_passages = tx
            .prepare_cached(
                "SELECT start, length, excerpt, vector FROM passages
                 WHERE entry_id = ?1 AND model = ?2 ORDER BY ordinal",
            )
            .map_err(e)?;
        let mut find = tx
            .prepare_cached(
                "SELECT id, sha256, signer_kid, signed_at, proof FROM entries WHERE path = ?1",
            )
            .map_err(e)?;
        for entry in entries {
            type Old = (i64, Vec<u8>, Option<String>, Option<String>, Option<String>);
            let old: Option<Old> = find
                .query_row([&entry.path], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .optional()
                .map_err(e)?;
            let old = old.map(|(id, sha, kid, at, json)| {
                if entry.proof.is_none()
                    && sha == entry.sha256
                    && let (Some(kid), Some(created), Some(json)) = (kid, at, json)
                {
                    kept_proofs
                        .insert(&entry.path, ProofRecord { kid, created, json, mtime_ns: None });
                }
                (id, sha == entry.sha256)
            });
            // Likewise the vectors of unchanged bytes: they cost a model run to remake, and
            // this run may have no model (or another one).
            if let Some((id, true)) = old {
                let new_model = entry.embedding.as_ref().map(|v| v.model.as_str());
                let mut vs = old_vectors
                    .query_map([id], |r| {
                        Ok(Embedding {
                            model: r.get(0)?,
                            dim: r.get::<_, i64>(1)? as usize,
                            vector: r.get(2)?,
                            passages: r.get::<_, bool>(3)?.then(Vec::new),
                        })
                    })
                    .map_err(e)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(e)?;
                vs.retain(|v| Some(v.model.as_str()) != new_model);
                for v in vs.iter_mut().filter(|v| v.passages.is_some()) {
                    v.passages = Some(
                        old_passages
                            .query_map(params![id, v.model], |r| {
                                Ok(PassageVector {
                                    start: r.get::<_, i64>(0)? as u64,
                                    length: r.get::<_, i64>(1)? as u64,
                                    excerpt: r.get(2)?,
                                    vector: r.get(3)?,
                                })
                            })
                            .map_err(e)?
                            .collect::<Result<Vec<_>, _>>()
                            .map_err(e)?,
                    );
                }
                if !vs.is_empty() {
                    kept_vectors.insert(&entry.path, vs);
                }
            }
            let old = old.map(|(id, _)| id);
            if let Some(id) = old {
                stale.push(id);
            }
            let again = !seen.insert(entry.path.as_str());
            written.push(if old.is_some() || again { Written::Updated } else { Written::Added });
        }
    }
    stale.sort_unstable();
    stale.dedup();
    segments::remove_entries(tx, &stale).map_err(e)?;
    let entries: Vec<&NewEntry> = entries
        .iter()
        .enumerate()
        .filter(|(i, n)| last[n.path.as_str()] == *i)
        .map(|(_, n)| n)
        .collect();
    let mut images: Vec<(i64, image::ImageSketch)> = Vec::new();
    let mut texts: Vec<(i64, text::TextSketch)> = Vec::new();
    let mut vectors: Vec<(i64, &Embedding)> = Vec::new();
    {
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO entries (path, size, mtime_ns, sha256, media_type, kind,
                     indexed_at, signer_kid, signed_at, proof, proof_mtime_ns)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .map_err(e)?;
        for entry in &entries {
            let p = entry.proof.as_ref().or_else(|| kept_proofs.get(entry.path.as_str()));
            insert
                .execute(params![
                    entry.path,
                    entry.size as i64,
                    entry.mtime_ns,
                    &entry.sha256[..],
                    entry.media_type,
                    entry.kind(),
                    now,
                    p.map(|p| &p.kid),
                    p.map(|p| &p.created),
                    p.map(|p| &p.json),
                    p.and_then(|p| p.mtime_ns),
                ])
                .map_err(e)?;
            let id = tx.last_insert_rowid();
            if let Some(v) = &entry.embedding {
                vectors.push((id, v));
            }
            for v in kept_vectors.get(entry.path.as_str()).into_iter().flatten() {
                vectors.push((id, v));
            }
            match entry.sketch {
                Some(Sketch::Image(s)) => images.push((id, s)),
                Some(Sketch::Text(s)) => texts.push((id, s)),
                None => {}
            }
        }
    }
    let image_records: Vec<Record> =
        images.iter().map(|(id, s)| Record::image(*id, s.dct, s.gradient)).collect();
    let image_segs = segments::append(tx, &image_signal(), &image_records).map_err(e)?;
    {
        let mut put = tx
            .prepare_cached(
                "INSERT INTO image_hashes (entry_id, algorithm, dct, gradient, width, height,
                     segment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .map_err(e)?;
        for ((id, s), seg) in images.iter().zip(image_segs) {
            put.execute(params![
                id,
                image::ALGORITHM,
                s.dct as i64,
                s.gradient as i64,
                s.width,
                s.height,
                seg
            ])
            .map_err(e)?;
        }
    }
    let text_records: Vec<Record> =
        texts.iter().map(|(id, s)| Record::text(*id, s.simhash)).collect();
    let text_segs = segments::append(tx, &text_signal(), &text_records).map_err(e)?;
    {
        let mut put = tx
            .prepare_cached(
                "INSERT INTO text_fingerprints (entry_id, algorithm, simhash, words, segment)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(e)?;
        for ((id, s), seg) in texts.iter().zip(text_segs) {
            put.execute(params![id, text::ALGORITHM, &s.simhash.to_le_bytes()[..], s.words, seg])
                .map_err(e)?;
        }
    }
    // Embeddings, grouped by model: each model's vectors have their own segments.
    let mut by_model: BTreeMap<&str, Vec<(i64, &Embedding)>> = BTreeMap::new();
    for (id, v) in &vectors {
        by_model.entry(v.model.as_str()).or_default().push((*id, v));
    }
    for (model, group) in by_model {
        let width = 8 + group[0].1.vector.len();
        let mut flat = Vec::with_capacity(width * group.len());
        for (id, v) in &group {
            if v.vector.len() + 8 != width {
                return Err(IndexError::Database {
                    path: path.to_path_buf(),
                    message: format!("model {model} gave vectors of two sizes"),
                    fix: "please report this",
                });
            }
            flat.extend_from_slice(&id.to_le_bytes());
            flat.extend_from_slice(&v.vector);
        }
        let segs = segments::append_raw(tx, &embed_signal(model), width, &flat).map_err(e)?;
        let mut put = tx
            .prepare_cached(
                "INSERT INTO embeddings (entry_id, model, dim, vector, segment, passages)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(e)?;
        for ((id, v), seg) in group.iter().zip(segs) {
            let passages = v.passages.as_ref().map(|p| p.len() as i64);
            put.execute(params![id, model, v.dim as i64, v.vector, seg, passages]).map_err(e)?;
        }
        write_passages(tx, path, model, &group)?;
    }
    Ok(written)
}

/// The passage vectors of one model's embeddings: rows and packed records (see schema 4).
fn write_passages(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    model: &str,
    group: &[(i64, &Embedding)],
) -> Result<(), IndexError> {
    let e = |e| db_error(path, e);
    let width = 8 + 4 + group[0].1.vector.len();
    let mut flat = Vec::new();
    let mut rows = Vec::new();
    for (id, v) in group {
        for (ordinal, p) in v.passages.iter().flatten().enumerate() {
            if p.vector.len() + 12 != width {
                return Err(IndexError::Database {
                    path: path.to_path_buf(),
                    message: format!("model {model} gave passage vectors of another size"),
                    fix: "please report this",
                });
            }
            flat.extend_from_slice(&id.to_le_bytes());
            flat.extend_from_slice(&(ordinal as u32).to_le_bytes());
            flat.extend_from_slice(&p.vector);
            rows.push((*id, ordinal, p));
        }
    }
    let segs = segments::append_raw(tx, &passage_signal(model), width, &flat).map_err(e)?;
    let mut put = tx
        .prepare_cached(
            "INSERT INTO passages (entry_id, model, ordinal, start, length, excerpt, vector,
                 segment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(e)?;
    for ((id, ordinal, p), seg) in rows.into_iter().zip(segs) {
        put.execute(params![
            id,
            model,
            ordinal as i64,
            p.start as i64,
            p.length as i64,
            p.excerpt,
            p.vector,
            seg
        ])
        .map_err(e)?;
    }
    Ok(())
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Index {
    /// Opens the index at `path`, creating it (0600) if missing, and migrates it to this build's
    /// schema.
    pub fn open(path: &Path) -> Result<Index, IndexError> {
        if !path.exists() {
            create_private_file(path).map_err(|e| IndexError::Database {
                path: path.to_path_buf(),
                message: format!("cannot create: {}", crate::fsutil::describe_io(&e)),
                fix: "check the home directory's permissions, or pass --home DIR",
            })?;
        }
        let mut index = Index::connect(path)?;
        index.migrate()?;
        Ok(index)
    }

    /// Opens an existing index; a missing one is [`IndexError::Missing`].
    pub fn open_existing(path: &Path) -> Result<Index, IndexError> {
        if !path.exists() {
            return Err(IndexError::Missing { path: path.to_path_buf() });
        }
        Index::open(path)
    }

    fn connect(path: &Path) -> Result<Index, IndexError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| db_error(path, e))?;
        let index = Index { conn, path: path.to_path_buf() };
        index.conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| index.err(e))?;
        // WAL: readers never block the writer and a crash rolls back to the last commit.
        // synchronous=NORMAL is the WAL setting SQLite recommends: a killed process loses
        // nothing committed; only a power cut can drop the last transactions, never corrupt.
        index
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(|e| index.err(e))?;
        index
            .conn
            .execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|e| index.err(e))?;
        Ok(index)
    }

    fn err(&self, e: rusqlite::Error) -> IndexError {
        db_error(&self.path, e)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn version(&self) -> Result<i64, IndexError> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<(), IndexError> {
        let known = schema::current();
        let found = self.version()?;
        if found > known {
            return Err(IndexError::TooNew { path: self.path.clone(), found, known });
        }
        if found == known {
            return Ok(());
        }
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        // Another process may have migrated while we waited for the lock.
        let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(e)?;
        if found > known {
            return Err(IndexError::TooNew { path: self.path.clone(), found, known });
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(sql).map_err(e)?;
            tx.pragma_update(None, "user_version", i as i64 + 1).map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// What is recorded for `path`, if anything.
    pub fn stamp(&self, path: &str) -> Result<Option<Stamp>, IndexError> {
        self.conn
            .prepare_cached("SELECT size, mtime_ns, proof_mtime_ns FROM entries WHERE path = ?1")
            .and_then(|mut s| {
                s.query_row([path], |r| {
                    Ok(Stamp {
                        size: r.get::<_, i64>(0)? as u64,
                        mtime_ns: r.get(1)?,
                        proof_mtime_ns: r.get(2)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// Records entries in one transaction, replacing what was recorded for the same paths.
    pub fn write(&mut self, entries: &[NewEntry]) -> Result<Vec<Written>, IndexError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| db_error(&path, e))?;
        let written = write_entries(&tx, &path, entries)?;
        tx.commit().map_err(|e| db_error(&path, e))?;
        Ok(written)
    }

    /// Removes the entries for `target` and, when it names a folder, for everything under it.
    /// Returns the paths removed.
    pub fn remove_under(&mut self, target: &str) -> Result<Vec<String>, IndexError> {
        let prefix = format!("{}/", target.trim_end_matches('/'));
        // '0' sorts right after '/': [prefix, upper) is exactly the paths under the folder, and
        // the range uses the path index.
        let upper = format!("{}0", target.trim_end_matches('/'));
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        let found: Vec<(i64, String)> = {
            let mut s = tx
                .prepare_cached(
                    "SELECT id, path FROM entries
                     WHERE path = ?1 OR (path >= ?2 AND path < ?3) ORDER BY path",
                )
                .map_err(e)?;
            s.query_map(params![target, prefix, upper], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(e)?
                .collect::<Result<_, _>>()
                .map_err(e)?
        };
        let ids: Vec<i64> = found.iter().map(|(id, _)| *id).collect();
        segments::remove_entries(&tx, &ids).map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(found.into_iter().map(|(_, p)| p).collect())
    }

    /// Removes the entries for exactly these paths; returns how many there were.
    pub fn remove_exact(&mut self, paths: &[String]) -> Result<usize, IndexError> {
        if paths.is_empty() {
            return Ok(0);
        }
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        let mut ids = Vec::new();
        {
            let mut find =
                tx.prepare_cached("SELECT id FROM entries WHERE path = ?1").map_err(e)?;
            for p in paths {
                if let Some(id) = find.query_row([p], |r| r.get(0)).optional().map_err(e)? {
                    ids.push(id);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        segments::remove_entries(&tx, &ids).map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(ids.len())
    }

    /// Removes entries whose file no longer exists (entries made from a proof alone stay while
    /// the proof exists). Returns the paths removed.
    pub fn remove_missing(&mut self) -> Result<Vec<String>, IndexError> {
        let rows: Vec<(i64, String, bool)> = {
            let mut s = self
                .conn
                .prepare("SELECT id, path, mtime_ns IS NULL FROM entries")
                .map_err(|e| self.err(e))?;
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(|e| self.err(e))?
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))?
        };
        let gone: Vec<(i64, String)> = rows
            .into_iter()
            .filter(|(_, p, proof_only)| {
                if is_remote(p) {
                    return false;
                }
                let file_there = Path::new(p).is_file();
                let proof_there = *proof_only && Path::new(&format!("{p}.proof")).is_file();
                !file_there && !proof_there
            })
            .map(|(id, p, _)| (id, p))
            .collect();
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        let ids: Vec<i64> = gone.iter().map(|(id, _)| *id).collect();
        segments::remove_entries(&tx, &ids).map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(gone.into_iter().map(|(_, p)| p).collect())
    }

    pub fn stats(&self) -> Result<Stats, IndexError> {
        let e = |e| self.err(e);
        let mut by_kind = BTreeMap::new();
        let mut s =
            self.conn.prepare("SELECT kind, count(*) FROM entries GROUP BY kind").map_err(e)?;
        let rows =
            s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(e)?;
        for row in rows {
            let (k, n) = row.map_err(e)?;
            by_kind.insert(k, n as u64);
        }
        let (entries, bytes, signed, signers): (i64, i64, i64, i64) = self
            .conn
            .query_row(
                "SELECT count(*), coalesce(sum(size), 0), count(signer_kid),
                        count(DISTINCT signer_kid) FROM entries",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(e)?;
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0)).map_err(e)?;
        let page_size: i64 =
            self.conn.query_row("PRAGMA page_size", [], |r| r.get(0)).map_err(e)?;
        let mut embeddings = BTreeMap::new();
        let mut s = self
            .conn
            .prepare("SELECT model, count(*) FROM embeddings GROUP BY model")
            .map_err(e)?;
        let rows =
            s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(e)?;
        for row in rows {
            let (m, n) = row.map_err(e)?;
            embeddings.insert(m, n as u64);
        }
        Ok(Stats {
            embeddings,
            path: self.path.display().to_string(),
            schema_version: self.version()?,
            entries: entries as u64,
            by_kind,
            signed: signed as u64,
            signers: signers as u64,
            bytes_indexed: bytes as u64,
            file_bytes: (pages * page_size) as u64,
            image_algorithm: image::ALGORITHM,
            text_algorithm: text::ALGORITHM,
        })
    }

    /// Entries whose content is exactly `sha256`.
    pub fn by_sha256(&self, sha256: &[u8; 32]) -> Result<Vec<EntryInfo>, IndexError> {
        let mut s = self
            .conn
            .prepare_cached(&format!("{ENTRY_COLUMNS} WHERE sha256 = ?1 ORDER BY path"))
            .map_err(|e| self.err(e))?;
        s.query_map([&sha256[..]], entry_info)
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Entries by id, in the order given (None where another process removed one meanwhile).
    pub fn entries(&self, ids: &[i64]) -> Result<Vec<Option<EntryInfo>>, IndexError> {
        let mut s = self
            .conn
            .prepare_cached(&format!("{ENTRY_COLUMNS} WHERE id = ?1"))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(s.query_row([id], entry_info).optional().map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// Every packed record of `signal`, handed to `visit` segment by segment with the record
    /// width (borrowed straight from SQLite's buffers: nothing is copied).
    pub(crate) fn scan(
        &self,
        signal: &str,
        mut visit: impl FnMut(&[u8], usize),
    ) -> Result<(), IndexError> {
        let mut s = self
            .conn
            .prepare_cached("SELECT records, width FROM segments WHERE signal = ?1")
            .map_err(|e| self.err(e))?;
        let mut rows = s.query([signal]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let width = row.get::<_, i64>(1).map_err(|e| self.err(e))? as usize;
            let blob = row.get_ref(0).and_then(|v| Ok(v.as_blob()?)).map_err(|e| self.err(e))?;
            visit(blob, width.max(9));
        }
        Ok(())
    }

    /// Passage `ordinal` of entry `id` embedded by `model`, if it is still there.
    pub fn passage(
        &self,
        id: i64,
        model: &str,
        ordinal: u32,
    ) -> Result<Option<PassageInfo>, IndexError> {
        self.conn
            .prepare_cached(
                "SELECT start, length, excerpt FROM passages
                 WHERE entry_id = ?1 AND model = ?2 AND ordinal = ?3",
            )
            .and_then(|mut s| {
                s.query_row(params![id, model, i64::from(ordinal)], |r| {
                    Ok(PassageInfo {
                        index: ordinal,
                        offset: r.get::<_, i64>(0)? as u64,
                        length: r.get::<_, i64>(1)? as u64,
                        excerpt: r.get(2)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// Whether the text entry at `path` lacks an embedding from `model` (false for non-text).
    pub fn needs_embedding(&self, path: &str, model: &str) -> Result<bool, IndexError> {
        self.conn
            .prepare_cached(
                "SELECT e.kind = 'text' AND NOT EXISTS
                   (SELECT 1 FROM embeddings m WHERE m.entry_id = e.id AND m.model = ?2
                      AND m.passages IS NOT NULL)
                 FROM entries e WHERE e.path = ?1",
            )
            .and_then(|mut s| s.query_row(params![path, model], |r| r.get::<_, bool>(0)).optional())
            .map(|v| v.unwrap_or(true))
            .map_err(|e| self.err(e))
    }

    /// Whether the entry at `path` holds exactly `sha256` and a vector from `model` already.
    pub fn has_vector(
        &self,
        path: &str,
        sha256: &[u8; 32],
        model: &str,
    ) -> Result<bool, IndexError> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM entries e JOIN embeddings m ON m.entry_id = e.id
                 WHERE e.path = ?1 AND e.sha256 = ?2 AND m.model = ?3
                   AND m.passages IS NOT NULL)",
            )
            .and_then(|mut s| s.query_row(params![path, &sha256[..], model], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    /// How many entries have an embedding from `model`.
    pub fn embedded(&self, model: &str) -> Result<u64, IndexError> {
        self.conn
            .query_row("SELECT count(*) FROM embeddings WHERE model = ?1", [model], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }

    /// Checks that the packed segments hold exactly the sketches of the sketch tables.
    pub fn check_segments(&self) -> Result<bool, IndexError> {
        segments::consistent(&self.conn).map_err(|e| self.err(e))
    }

    /// SQLite's integrity check, then [`Index::check_segments`]: Ok, or what is wrong.
    pub fn check(&self) -> Result<Result<(), String>, IndexError> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if verdict != "ok" {
            return Ok(Err(format!("SQLite integrity check: {verdict}")));
        }
        if !self.check_segments()? {
            return Ok(Err("the packed sketches differ from the sketch tables".into()));
        }
        Ok(Ok(()))
    }
}

const ENTRY_COLUMNS: &str = "SELECT id, path, size, sha256, media_type, kind, indexed_at,
    signer_kid, signed_at FROM entries";

fn entry_info(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntryInfo> {
    Ok(EntryInfo {
        id: r.get(0)?,
        path: r.get(1)?,
        size: r.get::<_, i64>(2)? as u64,
        sha256: hex::encode(r.get::<_, Vec<u8>>(3)?),
        media_type: r.get(4)?,
        kind: r.get(5)?,
        indexed_at: r.get(6)?,
        signer_kid: r.get(7)?,
        signed_at: r.get(8)?,
    })
}

fn db_error(path: &Path, e: rusqlite::Error) -> IndexError {
    use rusqlite::ErrorCode;
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => IndexError::NotAnIndex { path, message: e.to_string() },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => IndexError::Database {
            path,
            message: "another proofctl process held the index for over a minute".into(),
            fix: "wait for it to finish and try again",
        },
        Some(ErrorCode::DiskFull) => IndexError::Database {
            path,
            message: "the disk is full".into(),
            fix: "free some space and run the command again",
        },
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
            IndexError::Database {
                path,
                message: e.to_string(),
                fix: "check the permissions of the file and its folder",
            }
        }
        Some(ErrorCode::DatabaseCorrupt) => IndexError::Database {
            path,
            message: "the index is damaged".into(),
            fix: "move it away and run `proofctl index add` again",
        },
        _ => IndexError::Database { path, message: e.to_string(), fix: "please report this" },
    }
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    // SQLite gives its -wal and -shm files the database file's mode, so 0600 here covers all.
    match fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    match fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests;
