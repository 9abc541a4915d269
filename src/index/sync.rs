//! What `proofctl sync` reads from and writes to the index: the signed local entries to push,
//! and per server the proof ids it acknowledged, the pull cursor, the id of its database, the
//! items refused on pull, and the entries pulled from it.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Embedding, Index, IndexError, NewEntry, Written, db_error, unix_now, write_entries};
use crate::similarity::image::{self, ImageSketch};
use crate::similarity::text::{self, TextSketch};

/// The proofctl version recorded with each refusal: a later version may take what this one
/// refused.
const VERSION: &str = env!("CARGO_PKG_VERSION");

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

    /// The proof recorded for the entry at `path`, if any.
    pub fn proof_at(&self, path: &str) -> Result<Option<String>, IndexError> {
        self.conn
            .query_row("SELECT proof FROM entries WHERE path = ?1", [path], |r| r.get(0))
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
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

    /// The proof ids `server` has acknowledged, each with the digest of the anchors it was
    /// pushed with (`sync::wire::anchors_digest`; None: none).
    pub fn pushed_anchors(
        &self,
        server: &str,
    ) -> Result<HashMap<String, Option<String>>, IndexError> {
        let e = |e| self.err(e);
        let mut s = self
            .conn
            .prepare_cached("SELECT proof_id, anchors FROM sync_pushed WHERE server = ?1")
            .map_err(e)?;
        s.query_map([server], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(e)?
            .collect::<Result<_, _>>()
            .map_err(e)
    }

    /// Records ids `server` acknowledged (pushed without anchors), in one transaction.
    pub fn mark_pushed(&mut self, server: &str, ids: &[String]) -> Result<(), IndexError> {
        let acks: Vec<(String, Option<String>)> = ids.iter().map(|id| (id.clone(), None)).collect();
        self.mark_pushed_anchors(server, &acks)
    }

    /// Records proof ids `server` acknowledged with the digest of the anchors each was pushed
    /// with, in one transaction.
    pub fn mark_pushed_anchors(
        &mut self,
        server: &str,
        acks: &[(String, Option<String>)],
    ) -> Result<(), IndexError> {
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT INTO sync_pushed (server, proof_id, anchors) VALUES (?1, ?2, ?3)
                     ON CONFLICT (server, proof_id) DO UPDATE SET anchors = excluded.anchors",
                )
                .map_err(e)?;
            for (id, anchors) in acks {
                put.execute(params![server, id, anchors]).map_err(e)?;
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
        self.write_pulled_page(server, entries, &[], cursor)
    }

    /// [`Index::write_pulled`], recording too the items of the page this home refused, in the
    /// same transaction: the cursor never moves past an item that is neither taken nor recorded.
    pub fn write_pulled_page(
        &mut self,
        server: &str,
        entries: &[NewEntry],
        refused: &[PullRefusal],
        cursor: i64,
    ) -> Result<Vec<Written>, IndexError> {
        self.write_pulled_merged(server, entries, refused, &[], cursor)
    }

    /// [`Index::write_pulled_page`], replacing too the proofs of local entries that the page
    /// brought anchors for (`merged`), in the same transaction.
    pub fn write_pulled_merged(
        &mut self,
        server: &str,
        entries: &[NewEntry],
        refused: &[PullRefusal],
        merged: &[MergedProof],
        cursor: i64,
    ) -> Result<Vec<Written>, IndexError> {
        debug_assert!(entries.iter().all(|n| is_remote(&n.path)));
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        let written = write_entries(&tx, &path, entries, &self.tsa_roots)?;
        {
            let mut put = tx
                .prepare_cached(
                    "UPDATE entries SET proof = ?2, proof_mtime_ns = coalesce(?3, proof_mtime_ns),
                         proven_at = ?4,
                         proven_by = ?5
                     WHERE path = ?1",
                )
                .map_err(e)?;
            for m in merged {
                let proven = super::proven(&m.json, &self.tsa_roots);
                put.execute(params![
                    m.path,
                    m.json,
                    m.proof_mtime_ns,
                    proven.as_ref().map(|t| &t.at),
                    proven.as_ref().map(|t| &t.authority)
                ])
                .map_err(e)?;
            }
        }
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT INTO sync_refused (server, seq, proof_id, reason, refused_at, refused_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (server, seq) DO UPDATE
                     SET proof_id = excluded.proof_id, reason = excluded.reason,
                         refused_at = excluded.refused_at, refused_by = excluded.refused_by",
                )
                .map_err(e)?;
            for r in refused {
                put.execute(params![server, r.seq, r.id, r.reason, unix_now(), VERSION])
                    .map_err(e)?;
            }
        }
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

    /// The id of `server`'s database the stored cursor and acknowledgements are for; None
    /// before a server that has one answered (older indexes, older servers).
    pub fn server_database_id(&self, server: &str) -> Result<Option<String>, IndexError> {
        self.conn
            .query_row("SELECT database_id FROM sync_servers WHERE server = ?1", [server], |r| {
                r.get(0)
            })
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// Records the id of `server`'s database, keeping the cursor and acknowledgements: for a
    /// server whose id was not known yet.
    pub fn adopt_database_id(&mut self, server: &str, id: &str) -> Result<(), IndexError> {
        self.conn
            .execute(
                "INSERT INTO sync_servers (server, database_id) VALUES (?1, ?2)
                 ON CONFLICT (server) DO UPDATE SET database_id = excluded.database_id",
                params![server, id],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Forgets what `server` acknowledged, its cursor and the items refused from it, and records
    /// the id of its new database, in one transaction: the next push sends everything again
    /// (what the server has comes back `duplicate`) and the next pull starts from the beginning.
    /// Entries already pulled stay: they are proofs, checked when pulled.
    pub fn reset_server(&mut self, server: &str, id: &str) -> Result<(), IndexError> {
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        tx.execute("DELETE FROM sync_pushed WHERE server = ?1", [server]).map_err(e)?;
        tx.execute("DELETE FROM sync_refused WHERE server = ?1", [server]).map_err(e)?;
        tx.execute(
            "INSERT INTO sync_servers (server, pulled_after, database_id) VALUES (?1, 0, ?2)
             ON CONFLICT (server) DO UPDATE SET pulled_after = 0, database_id = excluded.database_id",
            params![server, id],
        )
        .map_err(e)?;
        tx.commit().map_err(e)
    }

    /// The items refused on pull from `server` and still on record, by seq.
    pub fn pull_refusals(&self, server: &str) -> Result<Vec<PullRefusal>, IndexError> {
        let e = |e| self.err(e);
        let mut s = self
            .conn
            .prepare_cached(
                "SELECT seq, proof_id, reason FROM sync_refused WHERE server = ?1 ORDER BY seq",
            )
            .map_err(e)?;
        s.query_map([server], |r| {
            Ok(PullRefusal { seq: r.get(0)?, id: r.get(1)?, reason: r.get(2)? })
        })
        .map_err(e)?
        .collect::<Result<_, _>>()
        .map_err(e)
    }
}

/// A local entry's proof with anchors a pull brought merged in.
#[derive(Debug, Clone)]
pub struct MergedProof {
    /// The entry's path.
    pub path: String,
    /// The merged proof document.
    pub json: String,
    /// The modification time of the proof file rewritten with it, if one was.
    pub proof_mtime_ns: Option<i64>,
}

/// An item pulled from a server that this home did not take, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRefusal {
    pub seq: i64,
    /// The proof id the server gave it.
    pub id: String,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_forgets_one_servers_state_and_keeps_the_others_and_the_entries() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = Index::open(&dir.path().join("i.sqlite")).unwrap();
        let (a, b) = ("http://h:1/a", "http://h:1/b");
        assert_eq!(idx.server_database_id(a).unwrap(), None);
        let pulled = NewEntry {
            path: "sync://h:1/a/id1/x.txt".into(),
            size: 1,
            mtime_ns: None,
            sha256: [7; 32],
            media_type: "text/plain".into(),
            sketch: None,
            centre: None,
            features: None,
            proof: None,
            embedding: None,
        };
        for s in [a, b] {
            idx.adopt_database_id(s, &format!("{:0>32}", s.len())).unwrap();
            idx.mark_pushed(s, &["p1".into()]).unwrap();
            let refused =
                PullRefusal { seq: 2, id: "bad".into(), reason: "does not verify".into() };
            idx.write_pulled_page(s, std::slice::from_ref(&pulled), &[refused], 3).unwrap();
        }
        // Adopting an id keeps the state it is about.
        assert_eq!(idx.pull_cursor(a).unwrap(), 3);
        assert_eq!(idx.pull_refusals(a).unwrap()[0].id, "bad");

        idx.reset_server(a, "new").unwrap();
        assert_eq!(idx.server_database_id(a).unwrap().as_deref(), Some("new"));
        assert_eq!(idx.pull_cursor(a).unwrap(), 0);
        assert!(idx.pushed_ids(a).unwrap().is_empty());
        assert!(idx.pull_refusals(a).unwrap().is_empty());
        assert_eq!(idx.pull_cursor(b).unwrap(), 3);
        assert_eq!(idx.pushed_ids(b).unwrap().len(), 1);
        assert_eq!(idx.pull_refusals(b).unwrap().len(), 1);
        let entries: i64 =
            idx.conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0)).unwrap();
        assert_eq!(entries, 1, "pulled entries stay");
        // Pulling from the start moves the cursor forward again.
        idx.write_pulled(a, &[], 1).unwrap();
        assert_eq!(idx.pull_cursor(a).unwrap(), 1);
    }
}
