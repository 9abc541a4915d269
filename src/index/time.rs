//! The proven time an entry records with its proof: the earliest genTime among the proof's
//! valid anchors, and that token's authority, judged with the TSA roots the index was given
//! (docs/pop-1.1.md; the rule itself is the verifier's, `proof::anchors`). Judged when an entry
//! is written, and again for every entry with anchors when the roots are not those of the last
//! judgement (a root pinned or removed since).

use der::Encode;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::{Index, IndexError, db_error};
use crate::proof::Proof;

/// A proof's proven time as judged when its entry was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proven {
    /// RFC 3339 UTC, as the TSA wrote it.
    pub at: String,
    /// The TSA's display name (CN of its certificate, else its whole subject). Untrusted text.
    pub authority: String,
}

/// The proven time of the proof `json` with `roots`: None for a proof without anchors, one that
/// does not parse, or none of whose anchors is valid with these roots.
pub fn proven(json: &str, roots: &[Certificate]) -> Option<Proven> {
    if roots.is_empty() {
        return None;
    }
    let proof = Proof::from_slice(json.as_bytes()).ok()?;
    if proof.anchors.is_empty() {
        return None;
    }
    let (_, at, authority) = crate::proof::anchors::proven_time(&proof, roots)?;
    Some(Proven { at, authority })
}

/// The home's TSA roots (`trust add-tsa`), to judge anchors with; Err says why they cannot be
/// read (one line, naming the file).
pub fn home_tsa_roots(home: &crate::home::Home) -> Result<Vec<Certificate>, String> {
    crate::tsa_trust::resolve(home, &[]).map_err(|e| e.to_string())
}

/// Names a set of roots, whatever their order: SHA-256 over their sorted DER.
fn roots_digest(roots: &[Certificate]) -> String {
    let mut ders: Vec<Vec<u8>> = roots.iter().filter_map(|c| c.to_der().ok()).collect();
    ders.sort();
    ders.dedup();
    let mut h = Sha256::new();
    for d in &ders {
        h.update((d.len() as u64).to_le_bytes());
        h.update(d);
    }
    hex::encode(h.finalize())
}

impl Index {
    /// Judges the proven time of every entry with anchors again when the index's TSA roots are
    /// not the ones the stored times were judged with, in one transaction; returns how many
    /// entries changed. Cheap when the roots are the same: one row read.
    pub fn refresh_proven(&mut self) -> Result<u64, IndexError> {
        let digest = roots_digest(&self.tsa_roots);
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let judged: Option<String> = self
            .conn
            .query_row("SELECT roots FROM tsa_judged WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(e)?;
        if judged.as_deref() == Some(digest.as_str()) {
            return Ok(0);
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        let mut changed = 0;
        {
            let rows: Vec<(i64, String, Option<String>, Option<String>)> = {
                let mut s = tx
                    .prepare(
                        "SELECT id, proof, proven_at, proven_by FROM entries
                         WHERE proof LIKE '%\"anchors\"%'",
                    )
                    .map_err(e)?;
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .map_err(e)?
                    .collect::<Result<_, _>>()
                    .map_err(e)?
            };
            let mut put = tx
                .prepare("UPDATE entries SET proven_at = ?2, proven_by = ?3 WHERE id = ?1")
                .map_err(e)?;
            for (id, json, at, by) in rows {
                let now = proven(&json, &self.tsa_roots);
                let (new_at, new_by) =
                    (now.as_ref().map(|p| &p.at), now.as_ref().map(|p| &p.authority));
                if (new_at, new_by) != (at.as_ref(), by.as_ref()) {
                    put.execute(params![id, new_at, new_by]).map_err(e)?;
                    changed += 1;
                }
            }
        }
        tx.execute(
            "INSERT INTO tsa_judged (id, roots) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET roots = excluded.roots",
            [&digest],
        )
        .map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(changed)
    }
}
