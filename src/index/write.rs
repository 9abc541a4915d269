//! Writing to the index: recording entries (replacing what a path had, keeping a proof or
//! vectors that still fit the same bytes) and removing entries, each in one transaction.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rusqlite::{CachedStatement, OptionalExtension, Transaction, TransactionBehavior, params};
use x509_cert::Certificate;

use super::segments::{self, Record};
use super::{
    Embedding, Index, IndexError, NewEntry, PassageVector, ProofRecord, Written, centre_signal,
    db_error, embed_signal, image_signal, is_remote, passage_signal, text_signal, unix_now,
};
use crate::similarity::{LocalFeatures, Sketch, features, image, text};

/// The body of [`Index::write`], inside a caller's transaction (sync writes its cursor with it).
pub(super) fn write_entries(
    tx: &Transaction<'_>,
    path: &Path,
    entries: &[NewEntry],
    roots: &[Certificate],
) -> Result<Vec<Written>, IndexError> {
    let now = unix_now();
    let prior = read_prior(tx, path, entries)?;
    segments::remove_entries(tx, &prior.stale).map_err(|e| db_error(path, e))?;
    let rows = insert_entries(tx, path, &last_of_each_path(entries), &prior, now, roots)?;
    write_image_sketches(tx, path, &rows.images)?;
    write_text_fingerprints(tx, path, &rows.texts)?;
    write_embeddings(tx, path, &rows.vectors)?;
    Ok(prior.written)
}

/// What the index held for the paths about to be written.
struct Prior<'a> {
    /// Per entry given, whether its path was new.
    written: Vec<Written>,
    /// Ids of the rows the new entries replace, sorted and without repeats.
    stale: Vec<i64>,
    /// A proof known for these exact bytes outlives a run that did not see it (the file was
    /// reached through a link, or the proof was written elsewhere with --out).
    kept_proofs: HashMap<&'a str, ProofRecord>,
    /// Likewise the vectors of unchanged bytes: they cost a model run to remake, and this run
    /// may have no model (or another one).
    kept_vectors: HashMap<&'a str, Vec<Embedding>>,
}

/// Reads the rows the entries replace: their ids, and what of them outlives the write.
fn read_prior<'a>(
    tx: &Transaction<'_>,
    path: &Path,
    entries: &'a [NewEntry],
) -> Result<Prior<'a>, IndexError> {
    let e = |e| db_error(path, e);
    let mut prior = Prior {
        written: Vec::with_capacity(entries.len()),
        stale: Vec::new(),
        kept_proofs: HashMap::new(),
        kept_vectors: HashMap::new(),
    };
    let mut seen = HashSet::new();
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
                prior
                    .kept_proofs
                    .insert(&entry.path, ProofRecord { kid, created, json, mtime_ns: None });
            }
            (id, sha == entry.sha256)
        });
        if let Some((id, true)) = old {
            let new_model = entry.embedding.as_ref().map(|v| v.model.as_str());
            let vs = other_models_vectors(&mut old_vectors, &mut old_passages, id, new_model)
                .map_err(e)?;
            if !vs.is_empty() {
                prior.kept_vectors.insert(&entry.path, vs);
            }
        }
        let old = old.map(|(id, _)| id);
        if let Some(id) = old {
            prior.stale.push(id);
        }
        let again = !seen.insert(entry.path.as_str());
        prior.written.push(if old.is_some() || again { Written::Updated } else { Written::Added });
    }
    prior.stale.sort_unstable();
    prior.stale.dedup();
    Ok(prior)
}

/// The stored vectors (with their passages) of entry `id` from models other than `new_model`.
fn other_models_vectors(
    old_vectors: &mut CachedStatement<'_>,
    old_passages: &mut CachedStatement<'_>,
    id: i64,
    new_model: Option<&str>,
) -> rusqlite::Result<Vec<Embedding>> {
    let mut vs = old_vectors
        .query_map([id], |r| {
            Ok(Embedding {
                model: r.get(0)?,
                dim: r.get::<_, i64>(1)? as usize,
                vector: r.get(2)?,
                passages: r.get::<_, bool>(3)?.then(Vec::new),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
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
                })?
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    Ok(vs)
}

/// The entries to record, in order: a path given twice in one call (`sign a.txt ./a.txt`) is
/// recorded as its last occurrence.
fn last_of_each_path(entries: &[NewEntry]) -> Vec<&NewEntry> {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        last.insert(&entry.path, i);
    }
    entries
        .iter()
        .enumerate()
        .filter(|(i, n)| last[n.path.as_str()] == *i)
        .map(|(_, n)| n)
        .collect()
}

/// The sketches and vectors of freshly inserted rows, by row id, for their own tables.
struct Inserted<'a> {
    images: Vec<ImageRow<'a>>,
    texts: Vec<(i64, text::TextSketch)>,
    vectors: Vec<(i64, &'a Embedding)>,
}

/// Inserts the entry rows (with a proof kept from the old row where the entry has none), each
/// with its proof's proven time as judged now with `roots`.
fn insert_entries<'a>(
    tx: &Transaction<'_>,
    path: &Path,
    entries: &[&'a NewEntry],
    prior: &'a Prior<'_>,
    now: i64,
    roots: &[Certificate],
) -> Result<Inserted<'a>, IndexError> {
    let e = |e| db_error(path, e);
    let mut rows = Inserted { images: Vec::new(), texts: Vec::new(), vectors: Vec::new() };
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO entries (path, size, mtime_ns, sha256, media_type, kind,
                 indexed_at, signer_kid, signed_at, proof, proof_mtime_ns, proven_at, proven_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )
        .map_err(e)?;
    for entry in entries {
        let p = entry.proof.as_ref().or_else(|| prior.kept_proofs.get(entry.path.as_str()));
        let proven = p.and_then(|p| super::time::proven(&p.json, roots));
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
                proven.as_ref().map(|t| &t.at),
                proven.as_ref().map(|t| &t.authority),
            ])
            .map_err(e)?;
        let id = tx.last_insert_rowid();
        if let Some(v) = &entry.embedding {
            rows.vectors.push((id, v));
        }
        for v in prior.kept_vectors.get(entry.path.as_str()).into_iter().flatten() {
            rows.vectors.push((id, v));
        }
        match entry.sketch {
            Some(Sketch::Image(sketch)) => rows.images.push(ImageRow {
                id,
                sketch,
                centre: entry.centre,
                features: entry.features.as_ref(),
            }),
            Some(Sketch::Text(s)) => rows.texts.push((id, s)),
            None => {}
        }
    }
    Ok(rows)
}

/// What one image entry stores besides its entry row.
pub(super) struct ImageRow<'a> {
    id: i64,
    sketch: image::ImageSketch,
    centre: Option<image::ImageSketch>,
    features: Option<&'a LocalFeatures>,
}

/// Image sketches and centre hashes: packed records, then rows naming their segment; and local
/// features.
fn write_image_sketches(
    tx: &Transaction<'_>,
    path: &Path,
    images: &[ImageRow<'_>],
) -> Result<(), IndexError> {
    let e = |e| db_error(path, e);
    let records: Vec<Record> =
        images.iter().map(|r| Record::image(r.id, r.sketch.dct, r.sketch.gradient)).collect();
    let segs = segments::append(tx, &image_signal(), &records).map_err(e)?;
    let mut put = tx
        .prepare_cached(
            "INSERT INTO image_hashes (entry_id, algorithm, dct, gradient, width, height,
                 segment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(e)?;
    let mut put_features = tx
        .prepare_cached(
            "INSERT INTO image_features (entry_id, algorithm, data) VALUES (?1, ?2, ?3)",
        )
        .map_err(e)?;
    for (r, seg) in images.iter().zip(segs) {
        if let Some(f) = r.features {
            put_features.execute(params![r.id, features::ALGORITHM, f.to_bytes()]).map_err(e)?;
        }
        let s = r.sketch;
        put.execute(params![
            r.id,
            image::ALGORITHM,
            s.dct as i64,
            s.gradient as i64,
            s.width,
            s.height,
            seg
        ])
        .map_err(e)?;
    }
    let centres: Vec<(i64, image::ImageSketch)> =
        images.iter().filter_map(|r| Some((r.id, r.centre?))).collect();
    let records: Vec<Record> =
        centres.iter().map(|(id, c)| Record::image(*id, c.dct, c.gradient)).collect();
    let segs = segments::append(tx, &centre_signal(), &records).map_err(e)?;
    let mut put = tx
        .prepare_cached(
            "INSERT INTO image_centres (entry_id, algorithm, dct, gradient, segment)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(e)?;
    for ((id, c), seg) in centres.iter().zip(segs) {
        put.execute(params![id, image::CENTRE_ALGORITHM, c.dct as i64, c.gradient as i64, seg])
            .map_err(e)?;
    }
    Ok(())
}

/// Text fingerprints: packed records, then rows naming their segment.
fn write_text_fingerprints(
    tx: &Transaction<'_>,
    path: &Path,
    texts: &[(i64, text::TextSketch)],
) -> Result<(), IndexError> {
    let e = |e| db_error(path, e);
    let records: Vec<Record> = texts.iter().map(|(id, s)| Record::text(*id, s.simhash)).collect();
    let segs = segments::append(tx, &text_signal(), &records).map_err(e)?;
    let mut put = tx
        .prepare_cached(
            "INSERT INTO text_fingerprints (entry_id, algorithm, simhash, words, segment)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(e)?;
    for ((id, s), seg) in texts.iter().zip(segs) {
        put.execute(params![id, text::ALGORITHM, &s.simhash.to_le_bytes()[..], s.words, seg])
            .map_err(e)?;
    }
    Ok(())
}

/// Embeddings, grouped by model: each model's vectors have their own segments.
fn write_embeddings(
    tx: &Transaction<'_>,
    path: &Path,
    vectors: &[(i64, &Embedding)],
) -> Result<(), IndexError> {
    let e = |e| db_error(path, e);
    let mut by_model: BTreeMap<&str, Vec<(i64, &Embedding)>> = BTreeMap::new();
    for (id, v) in vectors {
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
    Ok(())
}

/// The passage vectors of one model's embeddings: rows and packed records (see schema 4).
fn write_passages(
    tx: &Transaction<'_>,
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

impl Index {
    /// Records entries in one transaction, replacing what was recorded for the same paths.
    pub fn write(&mut self, entries: &[NewEntry]) -> Result<Vec<Written>, IndexError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| db_error(&path, e))?;
        let written = write_entries(&tx, &path, entries, &self.tsa_roots)?;
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
}
