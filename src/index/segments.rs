//! Packed sketch segments: the sketches of up to [`CAPACITY`] entries per BLOB, so a query over a
//! million entries reads a few hundred rows instead of a million. The sketch tables stay the
//! record of truth; these are kept in step with them inside the same transactions.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params};

/// Records per segment: 96 KiB BLOBs for sketches, large enough that per-row costs vanish, small
/// enough that appending one entry rewrites little.
pub const CAPACITY: usize = 4096;

/// Bytes per sketch record: the entry id then 16 bytes of sketch, all little-endian.
pub const RECORD: usize = 24;

/// Bytes of segment per BLOB at most, whatever the record width: an embedding record of a
/// 384-dimension model is 396 bytes, so its segments hold fewer records.
const SEGMENT_BYTES: usize = CAPACITY * RECORD;

/// Records per segment for records of `width` bytes.
pub fn capacity(width: usize) -> usize {
    (SEGMENT_BYTES / width).max(1)
}

/// One packed record.
#[derive(Debug, Clone, Copy)]
pub struct Record([u8; RECORD]);

impl Record {
    pub fn image(id: i64, dct: u64, gradient: u64) -> Record {
        let mut r = [0u8; RECORD];
        r[..8].copy_from_slice(&id.to_le_bytes());
        r[8..16].copy_from_slice(&dct.to_le_bytes());
        r[16..].copy_from_slice(&gradient.to_le_bytes());
        Record(r)
    }

    pub fn text(id: i64, simhash: u128) -> Record {
        let mut r = [0u8; RECORD];
        r[..8].copy_from_slice(&id.to_le_bytes());
        r[8..].copy_from_slice(&simhash.to_le_bytes());
        Record(r)
    }
}

#[inline]
pub fn id_of(rec: &[u8]) -> i64 {
    i64::from_le_bytes(rec[..8].try_into().expect("8 bytes"))
}

#[inline]
pub fn u64_at(rec: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(rec[at..at + 8].try_into().expect("8 bytes"))
}

/// Appends sketch records to `signal`'s segments. Returns the segment each record went to.
pub fn append(
    tx: &Transaction<'_>,
    signal: &str,
    records: &[Record],
) -> rusqlite::Result<Vec<i64>> {
    let flat: Vec<u8> = records.iter().flat_map(|r| r.0).collect();
    append_raw(tx, signal, RECORD, &flat)
}

/// Appends records of `width` bytes (concatenated in `records`, each starting with the entry id)
/// to `signal`'s segments, filling the last one first. Returns the segment each record went to.
pub fn append_raw(
    tx: &Transaction<'_>,
    signal: &str,
    width: usize,
    records: &[u8],
) -> rusqlite::Result<Vec<i64>> {
    let n = records.len() / width;
    let mut placed = Vec::with_capacity(n);
    if n == 0 {
        return Ok(placed);
    }
    let cap = capacity(width);
    let mut rest = records;
    let last: Option<(i64, Vec<u8>)> = tx
        .prepare_cached(
            "SELECT id, records FROM segments WHERE signal = ?1 AND width = ?2 AND count < ?3
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![signal, width as i64, cap as i64], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, mut blob)) = last {
        let room = cap - blob.len() / width;
        let take = room.min(rest.len() / width);
        let (now, later) = rest.split_at(take * width);
        blob.extend_from_slice(now);
        placed.extend(std::iter::repeat_n(id, take));
        tx.prepare_cached("UPDATE segments SET count = ?2, records = ?3 WHERE id = ?1")?
            .execute(params![id, (blob.len() / width) as i64, blob])?;
        rest = later;
    }
    for chunk in rest.chunks(cap * width) {
        tx.prepare_cached(
            "INSERT INTO segments (signal, width, count, records) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![signal, width as i64, (chunk.len() / width) as i64, chunk])?;
        let id = tx.last_insert_rowid();
        placed.extend(std::iter::repeat_n(id, chunk.len() / width));
    }
    Ok(placed)
}

/// Deletes entries (and their sketches), taking their records out of the segments: each segment
/// touched is rewritten once, whatever the number of entries leaving it.
pub fn remove_entries(tx: &Transaction<'_>, ids: &[i64]) -> rusqlite::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut by_segment: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    {
        let mut img = tx.prepare_cached("SELECT segment FROM image_hashes WHERE entry_id = ?1")?;
        let mut cen = tx.prepare_cached("SELECT segment FROM image_centres WHERE entry_id = ?1")?;
        let mut txt =
            tx.prepare_cached("SELECT segment FROM text_fingerprints WHERE entry_id = ?1")?;
        let mut emb = tx.prepare_cached("SELECT segment FROM embeddings WHERE entry_id = ?1")?;
        let mut pas = tx.prepare_cached("SELECT segment FROM passages WHERE entry_id = ?1")?;
        for &id in ids {
            for stmt in [&mut img, &mut cen, &mut txt, &mut emb, &mut pas] {
                let segs = stmt.query_map([id], |r| r.get::<_, i64>(0))?;
                for seg in segs {
                    by_segment.entry(seg?).or_default().push(id);
                }
            }
        }
    }
    for (seg, mut leaving) in by_segment {
        leaving.sort_unstable();
        let (width, blob): (i64, Vec<u8>) = tx
            .prepare_cached("SELECT width, records FROM segments WHERE id = ?1")?
            .query_row([seg], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let width = width as usize;
        let kept: Vec<u8> = blob
            .chunks_exact(width)
            .filter(|r| leaving.binary_search(&id_of(r)).is_err())
            .flatten()
            .copied()
            .collect();
        if kept.is_empty() {
            tx.prepare_cached("DELETE FROM segments WHERE id = ?1")?.execute([seg])?;
        } else {
            tx.prepare_cached("UPDATE segments SET count = ?2, records = ?3 WHERE id = ?1")?
                .execute(params![seg, (kept.len() / width) as i64, kept])?;
        }
    }
    let mut del_img = tx.prepare_cached("DELETE FROM image_hashes WHERE entry_id = ?1")?;
    let mut del_feat = tx.prepare_cached("DELETE FROM image_features WHERE entry_id = ?1")?;
    let mut del_cen = tx.prepare_cached("DELETE FROM image_centres WHERE entry_id = ?1")?;
    let mut del_txt = tx.prepare_cached("DELETE FROM text_fingerprints WHERE entry_id = ?1")?;
    let mut del_emb = tx.prepare_cached("DELETE FROM embeddings WHERE entry_id = ?1")?;
    let mut del_pas = tx.prepare_cached("DELETE FROM passages WHERE entry_id = ?1")?;
    let mut del = tx.prepare_cached("DELETE FROM entries WHERE id = ?1")?;
    for &id in ids {
        del_pas.execute([id])?;
        del_img.execute([id])?;
        del_feat.execute([id])?;
        del_cen.execute([id])?;
        del_txt.execute([id])?;
        del_emb.execute([id])?;
        del.execute([id])?;
    }
    Ok(())
}

/// The rows of an image hash table (`image_hashes` or `image_centres`), if each has its record
/// in `packed` (entry id -> segment and sketch bytes); None at the first that does not.
fn image_rows_packed(
    conn: &rusqlite::Connection,
    table: &str,
    packed: &BTreeMap<i64, (i64, [u8; 16])>,
) -> rusqlite::Result<Option<usize>> {
    let mut s = conn.prepare(&format!("SELECT entry_id, segment, dct, gradient FROM {table}"))?;
    let mut rows = s.query([])?;
    let mut seen = 0usize;
    while let Some(row) = rows.next()? {
        let (id, seg): (i64, i64) = (row.get(0)?, row.get(1)?);
        let mut sketch = [0u8; 16];
        sketch[..8].copy_from_slice(&(row.get::<_, i64>(2)? as u64).to_le_bytes());
        sketch[8..].copy_from_slice(&(row.get::<_, i64>(3)? as u64).to_le_bytes());
        if packed.get(&id) != Some(&(seg, sketch)) {
            return Ok(None);
        }
        seen += 1;
    }
    Ok(Some(seen))
}

/// Whether every sketch row has exactly one matching record in its segment, and nothing else
/// is packed. For tests and `index stats --check`.
pub fn consistent(conn: &rusqlite::Connection) -> rusqlite::Result<bool> {
    let mut packed: BTreeMap<i64, (i64, [u8; 16])> = BTreeMap::new();
    // Centre records, apart: their ids are image entries' too.
    let mut centres: BTreeMap<i64, (i64, [u8; 16])> = BTreeMap::new();
    // Embedding records: (entry, segment) -> the stored vector bytes.
    let mut vectors: BTreeMap<(i64, i64), Vec<u8>> = BTreeMap::new();
    // Passage records: (entry, ordinal, segment) -> the stored vector bytes.
    let mut passages: BTreeMap<(i64, i64, i64), Vec<u8>> = BTreeMap::new();
    let mut s = conn.prepare("SELECT id, count, records, width, signal FROM segments")?;
    let mut rows = s.query([])?;
    while let Some(row) = rows.next()? {
        let seg: i64 = row.get(0)?;
        let count: i64 = row.get(1)?;
        let blob: Vec<u8> = row.get(2)?;
        let width = row.get::<_, i64>(3)? as usize;
        let signal: String = row.get(4)?;
        if width < 9 || blob.len() != count as usize * width {
            return Ok(false);
        }
        if signal.starts_with("passage/") {
            for r in blob.chunks_exact(width) {
                let ordinal = i64::from(u32::from_le_bytes(r[8..12].try_into().expect("4 bytes")));
                if passages.insert((id_of(r), ordinal, seg), r[12..].to_vec()).is_some() {
                    return Ok(false);
                }
            }
            continue;
        }
        if signal.starts_with("embed/") {
            for r in blob.chunks_exact(width) {
                if vectors.insert((id_of(r), seg), r[8..].to_vec()).is_some() {
                    return Ok(false);
                }
            }
            continue;
        }
        if width != RECORD {
            return Ok(false);
        }
        let map = if signal.starts_with("image-centre/") { &mut centres } else { &mut packed };
        for r in blob.chunks_exact(RECORD) {
            let sketch: [u8; 16] = r[8..].try_into().expect("16 bytes");
            if map.insert(id_of(r), (seg, sketch)).is_some() {
                return Ok(false);
            }
        }
    }
    let Some(centres_seen) = image_rows_packed(conn, "image_centres", &centres)? else {
        return Ok(false);
    };
    let Some(mut seen) = image_rows_packed(conn, "image_hashes", &packed)? else {
        return Ok(false);
    };
    let mut s = conn.prepare("SELECT entry_id, segment, simhash FROM text_fingerprints")?;
    let mut rows = s.query([])?;
    while let Some(row) = rows.next()? {
        let (id, seg): (i64, i64) = (row.get(0)?, row.get(1)?);
        let sketch: [u8; 16] = row.get::<_, Vec<u8>>(2)?.try_into().unwrap_or([0; 16]);
        if packed.get(&id) != Some(&(seg, sketch)) {
            return Ok(false);
        }
        seen += 1;
    }
    let mut s = conn.prepare("SELECT entry_id, segment, vector FROM embeddings")?;
    let mut rows = s.query([])?;
    let mut vectors_seen = 0usize;
    while let Some(row) = rows.next()? {
        let key: (i64, i64) = (row.get(0)?, row.get(1)?);
        let v: Vec<u8> = row.get(2)?;
        if vectors.get(&key) != Some(&v) {
            return Ok(false);
        }
        vectors_seen += 1;
    }
    let mut s = conn.prepare("SELECT entry_id, ordinal, segment, vector FROM passages")?;
    let mut rows = s.query([])?;
    let mut passages_seen = 0usize;
    while let Some(row) = rows.next()? {
        let key: (i64, i64, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let v: Vec<u8> = row.get(3)?;
        if passages.get(&key) != Some(&v) {
            return Ok(false);
        }
        passages_seen += 1;
    }
    Ok(seen == packed.len()
        && centres_seen == centres.len()
        && vectors_seen == vectors.len()
        && passages_seen == passages.len())
}
