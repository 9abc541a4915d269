//! Packed sketch segments: the sketches of up to [`CAPACITY`] entries per BLOB, so a query over a
//! million entries reads a few hundred rows instead of a million. The sketch tables stay the
//! record of truth; these are kept in step with them inside the same transactions.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params};

/// Records per segment: 96 KiB BLOBs, large enough that per-row costs vanish, small enough that
/// appending one entry rewrites little.
pub const CAPACITY: usize = 4096;

/// Bytes per record: the entry id then 16 bytes of sketch, all little-endian.
pub const RECORD: usize = 24;

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

/// Appends records to `signal`'s segments, filling the last one first. Returns the segment each
/// record went to, in order.
pub fn append(
    tx: &Transaction<'_>,
    signal: &str,
    records: &[Record],
) -> rusqlite::Result<Vec<i64>> {
    let mut placed = Vec::with_capacity(records.len());
    if records.is_empty() {
        return Ok(placed);
    }
    let mut rest = records;
    let last: Option<(i64, Vec<u8>)> = tx
        .prepare_cached(
            "SELECT id, records FROM segments WHERE signal = ?1 AND count < ?2
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![signal, CAPACITY as i64], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, mut blob)) = last {
        let room = CAPACITY - blob.len() / RECORD;
        let (now, later) = rest.split_at(room.min(rest.len()));
        for r in now {
            blob.extend_from_slice(&r.0);
            placed.push(id);
        }
        tx.prepare_cached("UPDATE segments SET count = ?2, records = ?3 WHERE id = ?1")?
            .execute(params![id, (blob.len() / RECORD) as i64, blob])?;
        rest = later;
    }
    for chunk in rest.chunks(CAPACITY) {
        let blob: Vec<u8> = chunk.iter().flat_map(|r| r.0).collect();
        tx.prepare_cached("INSERT INTO segments (signal, count, records) VALUES (?1, ?2, ?3)")?
            .execute(params![signal, chunk.len() as i64, blob])?;
        let id = tx.last_insert_rowid();
        placed.extend(std::iter::repeat_n(id, chunk.len()));
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
        let mut txt =
            tx.prepare_cached("SELECT segment FROM text_fingerprints WHERE entry_id = ?1")?;
        for &id in ids {
            for stmt in [&mut img, &mut txt] {
                if let Some(seg) = stmt.query_row([id], |r| r.get::<_, i64>(0)).optional()? {
                    by_segment.entry(seg).or_default().push(id);
                }
            }
        }
    }
    for (seg, mut leaving) in by_segment {
        leaving.sort_unstable();
        let blob: Vec<u8> = tx
            .prepare_cached("SELECT records FROM segments WHERE id = ?1")?
            .query_row([seg], |r| r.get(0))?;
        let kept: Vec<u8> = blob
            .chunks_exact(RECORD)
            .filter(|r| leaving.binary_search(&id_of(r)).is_err())
            .flatten()
            .copied()
            .collect();
        if kept.is_empty() {
            tx.prepare_cached("DELETE FROM segments WHERE id = ?1")?.execute([seg])?;
        } else {
            tx.prepare_cached("UPDATE segments SET count = ?2, records = ?3 WHERE id = ?1")?
                .execute(params![seg, (kept.len() / RECORD) as i64, kept])?;
        }
    }
    let mut del_img = tx.prepare_cached("DELETE FROM image_hashes WHERE entry_id = ?1")?;
    let mut del_txt = tx.prepare_cached("DELETE FROM text_fingerprints WHERE entry_id = ?1")?;
    let mut del = tx.prepare_cached("DELETE FROM entries WHERE id = ?1")?;
    for &id in ids {
        del_img.execute([id])?;
        del_txt.execute([id])?;
        del.execute([id])?;
    }
    Ok(())
}

/// Whether every sketch row has exactly one matching record in its segment, and nothing else
/// is packed. For tests and `index stats --check`.
pub fn consistent(conn: &rusqlite::Connection) -> rusqlite::Result<bool> {
    let mut packed: BTreeMap<i64, (i64, [u8; 16])> = BTreeMap::new();
    let mut s = conn.prepare("SELECT id, count, records FROM segments")?;
    let mut rows = s.query([])?;
    while let Some(row) = rows.next()? {
        let seg: i64 = row.get(0)?;
        let count: i64 = row.get(1)?;
        let blob: Vec<u8> = row.get(2)?;
        if blob.len() != count as usize * RECORD {
            return Ok(false);
        }
        for r in blob.chunks_exact(RECORD) {
            let sketch: [u8; 16] = r[8..].try_into().expect("16 bytes");
            if packed.insert(id_of(r), (seg, sketch)).is_some() {
                return Ok(false);
            }
        }
    }
    let mut seen = 0usize;
    let mut s = conn.prepare("SELECT entry_id, segment, dct, gradient FROM image_hashes")?;
    let mut rows = s.query([])?;
    while let Some(row) = rows.next()? {
        let (id, seg): (i64, i64) = (row.get(0)?, row.get(1)?);
        let mut sketch = [0u8; 16];
        sketch[..8].copy_from_slice(&(row.get::<_, i64>(2)? as u64).to_le_bytes());
        sketch[8..].copy_from_slice(&(row.get::<_, i64>(3)? as u64).to_le_bytes());
        if packed.get(&id) != Some(&(seg, sketch)) {
            return Ok(false);
        }
        seen += 1;
    }
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
    Ok(seen == packed.len())
}
