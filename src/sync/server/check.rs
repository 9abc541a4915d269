//! What the server accepts of a pushed item: a POP-1.0 proof that parses strictly and whose
//! signature verifies, and an optional index entry that agrees with the proof and is well formed.
//! Pure functions: the caller runs them on worker threads, many items at once.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::proof::Proof;
use crate::sync::protocol::{self, PushItem, WireEntry};

/// Sentence embeddings per entry: one per model the sender ran, a handful in practice.
pub const MAX_EMBEDDINGS: usize = 16;
/// Widest embedding accepted (common sentence models have 384 to 1,024 dimensions).
pub const MAX_DIM: u32 = 8192;
/// Longest algorithm, model id or media type.
const MAX_LABEL: usize = 256;

/// A pushed item that passed every check, ready to store.
#[derive(Debug, Clone)]
pub struct Checked {
    pub id: String,
    pub signer_kid: String,
    /// The proof as compact JSON.
    pub proof: String,
    /// The entry as compact JSON.
    pub entry: Option<String>,
}

/// Why an item was refused, with its id when the proof could be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub id: Option<String>,
    pub reason: String,
}

/// Checks one pushed item.
pub fn check(item: &PushItem) -> Result<Checked, Refusal> {
    let proof = protocol::parse_proof(&item.proof)
        .map_err(|e| Refusal { id: None, reason: format!("malformed proof: {e}") })?;
    let id = protocol::proof_id(&proof);
    if let Err(e) = proof.check_signature() {
        return Err(Refusal { id: Some(id), reason: e.to_string() });
    }
    let entry = match &item.entry {
        None => None,
        Some(entry) => {
            if let Err(why) = check_entry(entry, &proof) {
                return Err(Refusal { id: Some(id), reason: format!("entry: {why}") });
            }
            Some(serde_json::to_string(entry).expect("an entry serialises"))
        }
    };
    Ok(Checked {
        signer_kid: proof.signer.kid.clone(),
        proof: serde_json::to_string(&proof).expect("a proof serialises"),
        entry,
        id,
    })
}

fn is_lower_hex(s: &str, digits: usize) -> bool {
    s.len() == digits && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A short printable ASCII label: algorithm names, model ids, media types.
fn check_label(what: &str, s: &str) -> Result<(), String> {
    if s.is_empty() || s.len() > MAX_LABEL || !s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(format!("{what} must be 1 to {MAX_LABEL} printable ASCII characters"));
    }
    Ok(())
}

/// Checks an entry against its proof: the sizes agree and every encoded field has its length.
pub fn check_entry(entry: &WireEntry, proof: &Proof) -> Result<(), String> {
    if entry.size != proof.subject.size {
        return Err(format!(
            "size {} differs from the proof's subject size {}",
            entry.size, proof.subject.size
        ));
    }
    check_label("media_type", &entry.media_type)?;
    if !entry.media_type.contains('/') {
        return Err(format!("media_type {:?} is not TYPE/SUBTYPE", entry.media_type));
    }
    if let Some(image) = &entry.image {
        check_label("image.algorithm", &image.algorithm)?;
        for (what, v) in [("image.dct", &image.dct), ("image.gradient", &image.gradient)] {
            if !is_lower_hex(v, 16) {
                return Err(format!("{what} must be 16 lowercase hex digits"));
            }
        }
        if image.width == 0 || image.height == 0 {
            return Err("image.width and image.height must be positive".into());
        }
    }
    if let Some(text) = &entry.text {
        check_label("text.algorithm", &text.algorithm)?;
        if !is_lower_hex(&text.simhash, 32) {
            return Err("text.simhash must be 32 lowercase hex digits".into());
        }
    }
    if entry.embeddings.len() > MAX_EMBEDDINGS {
        return Err(format!("more than {MAX_EMBEDDINGS} embeddings"));
    }
    for (i, e) in entry.embeddings.iter().enumerate() {
        check_label("embeddings.model", &e.model)?;
        if entry.embeddings[..i].iter().any(|other| other.model == e.model) {
            return Err(format!("two embeddings for model {:?}", e.model));
        }
        if e.dim == 0 || e.dim > MAX_DIM {
            return Err(format!("embedding dim {} is outside 1..={MAX_DIM}", e.dim));
        }
        let bytes = STANDARD
            .decode(&e.vector)
            .map_err(|_| format!("embedding vector of {:?} is not standard base64", e.model))?;
        // The stored form: a little-endian f32 scale, then one signed byte per dimension.
        if bytes.len() != 4 + e.dim as usize {
            return Err(format!(
                "embedding vector of {:?} has {} bytes, not 4 + dim = {}",
                e.model,
                bytes.len(),
                4 + e.dim as usize
            ));
        }
        let scale = f32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
        if !scale.is_finite() || scale < 0.0 {
            return Err(format!(
                "embedding vector of {:?} has a scale that is not a number",
                e.model
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::{Digest256, ProofBody};
    use crate::sync::protocol::{WireEmbedding, WireImage, WireText};
    use ed25519_dalek::SigningKey;

    fn proof(size: u64) -> Proof {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let digest = Digest256 { size, sha256: [1u8; 32] };
        ProofBody::new(
            "a.txt",
            &digest,
            &key.verifying_key(),
            std::time::UNIX_EPOCH,
            Default::default(),
        )
        .unwrap()
        .sign(&key)
    }

    fn entry() -> WireEntry {
        WireEntry {
            size: 3,
            media_type: "text/plain".into(),
            image: None,
            text: Some(WireText { algorithm: "t1".into(), simhash: "0a".repeat(16), words: 1 }),
            embeddings: vec![WireEmbedding {
                model: "m".into(),
                dim: 2,
                vector: STANDARD.encode([0, 0, 128, 63, 1, 255]),
            }],
        }
    }

    #[test]
    fn a_good_item_passes_with_its_id() {
        let p = proof(3);
        let item = PushItem { proof: serde_json::to_value(&p).unwrap(), entry: Some(entry()) };
        let c = check(&item).unwrap();
        assert_eq!(c.id, protocol::proof_id(&p));
        assert_eq!(c.signer_kid, p.signer.kid);
    }

    #[test]
    fn a_tampered_proof_is_refused_with_its_id() {
        let mut v = serde_json::to_value(proof(3)).unwrap();
        v["subject"]["name"] = "b.txt".into();
        let r = check(&PushItem { proof: v, entry: None }).unwrap_err();
        assert!(r.id.is_some());
        assert!(r.reason.contains("does not verify"), "{}", r.reason);
        let r =
            check(&PushItem { proof: serde_json::json!({"format": 1}), entry: None }).unwrap_err();
        assert_eq!(r.id, None);
        assert!(r.reason.starts_with("malformed proof"), "{}", r.reason);
    }

    #[test]
    fn entries_must_agree_and_be_well_formed() {
        let p = proof(3);
        assert_eq!(check_entry(&entry(), &p), Ok(()));
        let mut e = entry();
        e.size = 4;
        assert!(check_entry(&e, &p).unwrap_err().contains("size 4"));
        let mut e = entry();
        e.text.as_mut().unwrap().simhash = "0A".repeat(16);
        assert!(check_entry(&e, &p).unwrap_err().contains("simhash"));
        let mut e = entry();
        e.image = Some(WireImage {
            algorithm: "i".into(),
            dct: "0".repeat(15),
            gradient: "0".repeat(16),
            width: 1,
            height: 1,
        });
        assert!(check_entry(&e, &p).unwrap_err().contains("image.dct"));
        let mut e = entry();
        e.embeddings[0].dim = 3;
        assert!(check_entry(&e, &p).unwrap_err().contains("4 + dim"));
        let mut e = entry();
        e.embeddings[0].vector = "***".into();
        assert!(check_entry(&e, &p).unwrap_err().contains("base64"));
        let mut e = entry();
        e.embeddings.push(e.embeddings[0].clone());
        assert!(check_entry(&e, &p).unwrap_err().contains("two embeddings"));
        let mut e = entry();
        e.media_type = "plain".into();
        assert!(check_entry(&e, &p).unwrap_err().contains("TYPE/SUBTYPE"));
    }
}
