//! Rekor transparency-log entries in a bundle, checked offline: the log is one the trusted root
//! names, the signed entry timestamp (SET) verifies under its key, the inclusion proof leads
//! from the entry to the checkpoint's root hash (RFC 9162 §2.1.3.2), and the checkpoint (a
//! signed note, C2SP tlog-checkpoint) is signed by that log.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use super::root::{Log, TrustedRoot};
use super::{Fail, PubKey, TlogEntry, b64};

/// What a verified entry proves.
#[derive(Debug)]
pub struct Logged<'r> {
    pub log: &'r Log,
    /// The integrated time, when the log signed it (a verified SET).
    pub integrated: Option<SystemTime>,
    /// The entry's body, decoded (JSON).
    pub body: Vec<u8>,
}

/// Verifies one entry against the trusted root. `need_proof`: bundles v0.2 and later must carry
/// an inclusion proof; v0.1 bundles a SET.
pub fn verify_entry<'r>(
    e: &TlogEntry,
    root: &'r TrustedRoot,
    version: (u32, u32),
) -> Result<Logged<'r>, Fail> {
    let key_id = b64(&e.log_id.key_id).map_err(|m| Fail::malformed(format!("logId: {m}")))?;
    let log = root.tlogs.iter().find(|l| l.key_id == key_id).ok_or_else(|| {
        Fail::untrusted(format!(
            "the transparency log entry comes from a log the trusted root does not name (logId {})",
            e.log_id.key_id
        ))
    })?;
    let key = PubKey::from_spki(&log.spki)
        .map_err(|m| Fail::unsupported(format!("the key of log {}: {m}", log.host)))?;
    if e.log_index.0 < 0 {
        return Err(Fail::malformed(format!("negative log index {}", e.log_index.0)));
    }
    let body = b64(&e.canonicalized_body)
        .map_err(|m| Fail::malformed(format!("canonicalizedBody: {m}")))?;

    if e.inclusion_promise.is_none() && version <= (0, 1) {
        return Err(Fail::malformed("a v0.1 bundle's log entry needs an inclusion promise (SET)"));
    }
    if e.inclusion_proof.is_none() && version >= (0, 2) {
        return Err(Fail::bad_proof(
            "the log entry carries no inclusion proof (bundles v0.2 and later must; nothing is \
             asked of the log online)",
        ));
    }

    let mut integrated = None;
    if let Some(p) = &e.inclusion_promise {
        let sig = b64(&p.signed_entry_timestamp)
            .map_err(|m| Fail::malformed(format!("signedEntryTimestamp: {m}")))?;
        let payload = serde_json::json!({
            "body": e.canonicalized_body,
            "integratedTime": e.integrated_time.0,
            "logID": hex::encode(&key_id),
            "logIndex": e.log_index.0,
        });
        // Keys sorted, no spaces: the canonical JSON Rekor signs (serde_json's map is sorted).
        let payload = serde_json::to_vec(&payload).expect("JSON of strings and numbers");
        if !key.verify(&payload, &sig) {
            return Err(Fail::bad_signature(format!(
                "the signed entry timestamp does not verify under the key of log {}",
                log.host
            )));
        }
        let t = UNIX_EPOCH + Duration::from_secs(e.integrated_time.0.max(0) as u64);
        integrated = Some(t);
    }
    if let Some(p) = &e.inclusion_proof {
        check_inclusion(p, &body, log, &key, integrated.is_some())?;
    }
    if e.integrated_time.0 > 0 {
        let t = UNIX_EPOCH + Duration::from_secs(e.integrated_time.0 as u64);
        // A log cannot have integrated an entry in the future; a minute for clocks.
        if t > SystemTime::now() + Duration::from_secs(60) {
            return Err(Fail::outside_validity(format!(
                "the log entry's integrated time {} is in the future",
                humantime::format_rfc3339_seconds(t)
            )));
        }
        if !log.valid.contains(t) {
            return Err(Fail::untrusted(format!(
                "log {} was not trusted at the entry's integrated time {} (trusted root validFor)",
                log.host,
                humantime::format_rfc3339_seconds(t)
            )));
        }
    }
    Ok(Logged { log, integrated, body })
}

fn check_inclusion(
    p: &super::InclusionProof,
    body: &[u8],
    log: &Log,
    key: &PubKey,
    promised: bool,
) -> Result<(), Fail> {
    let bad = |m: String| Fail::bad_proof(m);
    let index = p.log_index.0;
    let size = p.tree_size.0;
    if index < 0 || size <= 0 {
        return Err(Fail::malformed(format!("inclusion proof index {index} of tree size {size}")));
    }
    let root_hash = b64(&p.root_hash).map_err(|m| Fail::malformed(format!("rootHash: {m}")))?;
    let hashes = p
        .hashes
        .iter()
        .map(|h| b64(h).ok().and_then(|h| <[u8; 32]>::try_from(h).ok()))
        .collect::<Option<Vec<[u8; 32]>>>()
        .ok_or_else(|| Fail::malformed("an inclusion proof hash is not 32 bytes of base64"))?;
    let mut leaf = Sha256::new();
    leaf.update([0u8]);
    leaf.update(body);
    let got = root_from_path(index as u64, size as u64, leaf.finalize().into(), &hashes)
        .ok_or_else(|| bad("the inclusion proof has the wrong number of hashes".into()))?;
    if got.as_slice() != root_hash.as_slice() {
        return Err(bad("the inclusion proof does not lead to the root hash it names".into()));
    }
    match &p.checkpoint {
        Some(c) => checkpoint(&c.envelope, size as u64, &root_hash, log, key),
        // Without a checkpoint nothing signs the root hash: the proof alone shows nothing, and
        // the entry stands only on its signed entry timestamp.
        None if promised => Ok(()),
        None => Err(bad("the inclusion proof has no checkpoint, and the entry no SET".into())),
    }
}

/// The root an audit path leads to (RFC 9162 §2.1.3.2), or None when the path's length does
/// not fit the index and size.
fn root_from_path(index: u64, size: u64, leaf: [u8; 32], path: &[[u8; 32]]) -> Option<[u8; 32]> {
    if index >= size {
        return None;
    }
    let node = |l: &[u8; 32], r: &[u8; 32]| -> [u8; 32] {
        let mut h = Sha256::new();
        h.update([1u8]);
        h.update(l);
        h.update(r);
        h.finalize().into()
    };
    let (mut f, mut s, mut r) = (index, size - 1, leaf);
    for p in path {
        if s == 0 {
            return None;
        }
        if f & 1 == 1 || f == s {
            r = node(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    (s == 0).then_some(r)
}

/// Checks a checkpoint (signed note): its size and root hash are the proof's, and one of its
/// signature lines is the log's (name = the log's host, key hint and signature by its key).
/// Other lines (witness cosignatures, keys we do not know) are ignored.
fn checkpoint(
    envelope: &str,
    size: u64,
    root_hash: &[u8],
    log: &Log,
    key: &PubKey,
) -> Result<(), Fail> {
    let bad = |m: &str| Fail::malformed(format!("checkpoint: {m}"));
    let (text, sigs) = envelope.split_once("\n\n").ok_or_else(|| bad("no signature lines"))?;
    let signed = format!("{text}\n");
    let mut lines = text.split('\n');
    let origin = lines.next().filter(|l| !l.is_empty()).ok_or_else(|| bad("no origin line"))?;
    let cp_size: u64 = lines
        .next()
        .and_then(|l| l.parse().ok())
        .ok_or_else(|| bad("the second line is not a tree size"))?;
    let cp_root = lines
        .next()
        .and_then(|l| b64(l).ok())
        .filter(|h| h.len() == 32)
        .ok_or_else(|| bad("the third line is not a root hash"))?;
    if cp_size != size || cp_root != root_hash {
        return Err(Fail::bad_proof(
            "the checkpoint is for another tree than the inclusion proof (size or root hash differ)",
        ));
    }
    let hint = key.note_hint(&log.host, &log.spki);
    let mut named = false;
    for line in sigs.lines().filter(|l| !l.is_empty()) {
        let Some(rest) = line.strip_prefix("\u{2014} ") else {
            return Err(bad("a signature line does not start with an em dash"));
        };
        let Some((name, sig)) = rest.rsplit_once(' ') else {
            return Err(bad("a signature line has no signature"));
        };
        let Ok(sig) = b64(sig) else { return Err(bad("a signature is not base64")) };
        if name != log.host || sig.len() < 5 || sig[..4] != hint {
            continue;
        }
        named = true;
        if key.verify(signed.as_bytes(), &sig[4..]) {
            return Ok(());
        }
    }
    let _ = origin;
    Err(Fail::bad_signature(if named {
        format!("the checkpoint's signature by log {} does not verify", log.host)
    } else {
        format!("the checkpoint carries no signature by log {} (its name and key hint)", log.host)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(b: u8) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update([0u8, b]);
        h.finalize().into()
    }
    fn node(l: &[u8; 32], r: &[u8; 32]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update([1u8]);
        h.update(l);
        h.update(r);
        h.finalize().into()
    }

    #[test]
    fn audit_paths_of_a_three_leaf_tree() {
        let (a, b, c) = (leaf(0), leaf(1), leaf(2));
        let root = node(&node(&a, &b), &c);
        assert_eq!(root_from_path(0, 3, a, &[b, c]), Some(root));
        assert_eq!(root_from_path(1, 3, b, &[a, c]), Some(root));
        assert_eq!(root_from_path(2, 3, c, &[node(&a, &b)]), Some(root));
        assert_ne!(root_from_path(2, 3, c, &[node(&b, &a)]), Some(root));
        assert_eq!(root_from_path(2, 3, c, &[]), None);
        assert_eq!(root_from_path(3, 3, c, &[node(&a, &b)]), None);
    }
}
