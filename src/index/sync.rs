//! What `proofctl sync` reads from and writes to the index: the signed local entries to push,
//! the proof ids each server acknowledged, the pull cursor, and entries pulled from a server.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Embedding, Index, IndexError, NewEntry, Written, db_error, unix_now, write_entries};
use crate::similarity::image::{self, ImageSketch};
use crate::similarity::text::{self, TextSketch};

/// Paths of entries pulled from a sync server start with this; local paths are absolute.
pub const REMOTE_PREFIX: &str = "sync://";

/// Whether an entry's path names a pulled entry rather than a file on this machine.
pub fn is_remote(path: &str) -> bool {
    path.starts_with(REMOTE_PREFIX)
}

/// A local entry that has a proof, with what the index knows about its file.
#[derive(Debug, Clone)]
pub struct SignedEntry {
    pub path: String,
    pub size: u64,
    pub media_type: String,
    /// The proof document as indexed.
    pub proof: String,
    /// With this build's image and text algorithms (`image::ALGORITHM`, `text::ALGORITHM`).
    pub image: Option<ImageSketch>,
    pub text: Option<TextSketch>,
    pub embeddings: Vec<Embedding>,
}

impl Index {
    /// Every signed entry of files on this machine (pulled entries are not pushed back).
    pub fn signed_local_entries(&self) -> Result<Vec<SignedEntry>, IndexError> {
        let e = |e| self.err(e);
        let mut vectors: HashMap<i64, Vec<Embedding>> = HashMap::new();
        {
            let mut s = self
                .conn
                .prepare(
                    "SELECT m.entry_id, m.model, m.dim, m.vector FROM embeddings m
                     JOIN entries e ON e.id = m.entry_id
                     WHERE e.proof IS NOT NULL AND e.path NOT LIKE 'sync://%'",
                )
                .map_err(e)?;
            let rows = s
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        Embedding {
                            model: r.get(1)?,
                            dim: r.get::<_, i64>(2)? as usize,
                            vector: r.get(3)?,
                            passages: None,
                        },
                    ))
                })
                .map_err(e)?;
            for row in rows {
                let (id, v) = row.map_err(e)?;
                vectors.entry(id).or_default().push(v);
            }
        }
        let mut s = self
            .conn
            .prepare(
                "SELECT e.id, e.path, e.size, e.media_type, e.proof,
                        i.algorithm, i.dct, i.gradient, i.width, i.height,
                        t.algorithm, t.simhash, t.words
                 FROM entries e
                 LEFT JOIN image_hashes i ON i.entry_id = e.id
                 LEFT JOIN text_fingerprints t ON t.entry_id = e.id
                 WHERE e.proof IS NOT NULL AND e.path NOT LIKE 'sync://%'
                 ORDER BY e.id",
            )
            .map_err(e)?;
        let rows = s
            .query_map([], |r| {
                let id: i64 = r.get(0)?;
                let image = match r.get::<_, Option<String>>(5)? {
                    Some(a) if a == image::ALGORITHM => Some(ImageSketch {
                        dct: r.get::<_, i64>(6)? as u64,
                        gradient: r.get::<_, i64>(7)? as u64,
                        width: r.get(8)?,
                        height: r.get(9)?,
                    }),
                    _ => None,
                };
                let text = match r.get::<_, Option<String>>(10)? {
                    Some(a) if a == text::ALGORITHM => {
                        let bytes: Vec<u8> = r.get(11)?;
                        let simhash =
                            <[u8; 16]>::try_from(bytes.as_slice()).map(u128::from_le_bytes).ok();
                        simhash.map(|simhash| TextSketch { simhash, words: r.get(12).unwrap_or(0) })
                    }
                    _ => None,
                };
                Ok((
                    id,
                    SignedEntry {
                        path: r.get(1)?,
                        size: r.get::<_, i64>(2)? as u64,
                        media_type: r.get(3)?,
                        proof: r.get(4)?,
                        image,
                        text,
                        embeddings: Vec::new(),
                    },
                ))
            })
            .map_err(e)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, mut entry) = row.map_err(e)?;
            entry.embeddings = vectors.remove(&id).unwrap_or_default();
            out.push(entry);
        }
        Ok(out)
    }

    /// The proofs recorded for content `sha256` (signed here, indexed, or pulled), with the path
    /// of the entry that holds each.
    pub fn proofs_for(&self, sha256: &[u8; 32]) -> Result<Vec<(String, String)>, IndexError> {
        let e = |e| self.err(e);
        let mut s = self
            .conn
            .prepare_cached(
                "SELECT path, proof FROM entries WHERE sha256 = ?1 AND proof IS NOT NULL
                 ORDER BY path",
            )
            .map_err(e)?;
        let rows = s.query_map([&sha256[..]], |r| Ok((r.get(0)?, r.get(1)?))).map_err(e)?;
        let mut out: Vec<(String, String)> = rows.collect::<Result<_, _>>().map_err(e)?;
        // The same proof reached through several entries (a local copy and a pulled one) once.
        let mut seen = HashSet::new();
        out.retain(|(_, proof)| seen.insert(proof.clone()));
        Ok(out)
    }

    /// The proof ids `server` has acknowledged (stored or already had).
    pub fn pushed_ids(&self, server: &str) -> Result<HashSet<String>, IndexError> {
        let e = |e| self.err(e);
        let mut s = self
            .conn
            .prepare_cached("SELECT proof_id FROM sync_pushed WHERE server = ?1")
            .map_err(e)?;
        s.query_map([server], |r| r.get(0)).map_err(e)?.collect::<Result<_, _>>().map_err(e)
    }

    /// Records ids `server` acknowledged, in one transaction.
    pub fn mark_pushed(&mut self, server: &str, ids: &[String]) -> Result<(), IndexError> {
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO sync_pushed (server, proof_id) VALUES (?1, ?2)",
                )
                .map_err(e)?;
            for id in ids {
                put.execute(params![server, id]).map_err(e)?;
            }
            tx.execute(
                "INSERT INTO sync_servers (server, pushed_at) VALUES (?1, ?2)
                 ON CONFLICT (server) DO UPDATE SET pushed_at = excluded.pushed_at",
                params![server, unix_now()],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// The seq of the last item pulled from `server` (0 before the first pull).
    pub fn pull_cursor(&self, server: &str) -> Result<i64, IndexError> {
        self.conn
            .query_row("SELECT pulled_after FROM sync_servers WHERE server = ?1", [server], |r| {
                r.get(0)
            })
            .optional()
            .map(|v| v.unwrap_or(0))
            .map_err(|e| self.err(e))
    }

    /// Writes pulled entries and moves the pull cursor to `cursor`, in one transaction: a crash
    /// either keeps both or neither, so the page is pulled again and nothing is missed.
    pub fn write_pulled(
        &mut self,
        server: &str,
        entries: &[NewEntry],
        cursor: i64,
    ) -> Result<Vec<Written>, IndexError> {
        debug_assert!(entries.iter().all(|n| is_remote(&n.path)));
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        let written = write_entries(&tx, &path, entries)?;
        tx.execute(
            "INSERT INTO sync_servers (server, pulled_after, pulled_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (server) DO UPDATE
             SET pulled_after = max(pulled_after, excluded.pulled_after),
                 pulled_at = excluded.pulled_at",
            params![server, cursor, unix_now()],
        )
        .map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(written)
    }
}
