//! What the index answers: the stamp of a path, counts, entries by digest or id, passages,
//! which files still need a vector, and the raw scan of packed segments that search runs on.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{OptionalExtension, params};

use super::{EntryInfo, Index, IndexError, PassageInfo, Stamp, Stats};
use crate::similarity::{LocalFeatures, features, image, text};

impl Index {
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

    /// Whether the image entry at `path` lacks local features or a centre hash of this build's
    /// recipes (indexed before schema 7 or 8, or by another recipe): `index add` analyses it
    /// again even if unchanged.
    pub fn needs_image_detail(&self, path: &str) -> Result<bool, IndexError> {
        self.conn
            .prepare_cached(
                "SELECT e.kind = 'image' AND e.mtime_ns IS NOT NULL AND (NOT EXISTS
                   (SELECT 1 FROM image_features f WHERE f.entry_id = e.id AND f.algorithm = ?2)
                   OR NOT EXISTS (SELECT 1 FROM image_centres c
                                  WHERE c.entry_id = e.id AND c.algorithm = ?3))
                 FROM entries e WHERE e.path = ?1",
            )
            .and_then(|mut s| {
                s.query_row(params![path, features::ALGORITHM, image::CENTRE_ALGORITHM], |r| {
                    r.get::<_, bool>(0)
                })
                .optional()
            })
            .map(|v| v.unwrap_or(false))
            .map_err(|e| self.err(e))
    }

    /// The stored local features of image entries, by id, for search's second stage. Entries
    /// without (or with another recipe's, or damaged) are absent.
    pub fn features(&self, ids: &[i64]) -> Result<HashMap<i64, LocalFeatures>, IndexError> {
        let mut out = HashMap::with_capacity(ids.len());
        let mut s = self
            .conn
            .prepare_cached(
                "SELECT data FROM image_features WHERE entry_id = ?1 AND algorithm = ?2",
            )
            .map_err(|e| self.err(e))?;
        for &id in ids {
            let blob: Option<Vec<u8>> = s
                .query_row(params![id, features::ALGORITHM], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            // A damaged blob costs the entry its second stage, not the search.
            if let Some(f) = blob.and_then(|b| LocalFeatures::from_bytes(&b).ok()) {
                out.insert(id, f);
            }
        }
        Ok(out)
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
}

const ENTRY_COLUMNS: &str = "SELECT id, path, size, sha256, media_type, kind, indexed_at,
    signer_kid, signed_at, proven_at, proven_by FROM entries";

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
        proven_at: r.get(9)?,
        proven_by: r.get(10)?,
    })
}
