//! Every check and conversion of sync wire data, for both sides: the server checks pushed items
//! here and the client checks pulled ones here, so the two read the wire by one set of rules.
//! Proofs travel as the bytes of their JSON ([`RawValue`]) and are read by the same strict
//! parser as `proofctl verify` (duplicate members, unknown members and formats refused). Which
//! unknown members each side tolerates is decided here too (docs/sync-protocol.md, "Unknown
//! members"). The message types themselves are in [`super::protocol`]; sign-in's data is read
//! in [`auth`].

pub mod auth;

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::VerifyingKey;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::protocol::{
    PublishedKey, PulledItem, PushItem, WireEmbedding, WireEntry, WireImage, WireText, proof_id,
};
use crate::digest::{decode_lower_hex, is_lower_hex};
use crate::index::{Embedding, SignedEntry};
use crate::keys::{kid, parse_public_key_pem};
use crate::proof::{Anchor, FORMAT_1_1, MAX_ANCHORS, ParseError, Proof};
use crate::similarity::Sketch;
use crate::similarity::image::{self, ImageSketch};
use crate::similarity::text::{self, TextSketch};

/// Sentence embeddings per entry: one per model the sender ran, a handful in practice.
pub const MAX_EMBEDDINGS: usize = 16;
/// Widest embedding accepted (common sentence models have 384 to 1,024 dimensions).
pub const MAX_DIM: u32 = 8192;
/// Longest algorithm, model id or media type.
const MAX_LABEL: usize = 256;

/// The refusal code of an entry that is malformed or disagrees with its proof.
pub const BAD_ENTRY: &str = "bad_entry";
/// The refusal code of a pulled item whose id is not its proof's.
pub const WRONG_ID: &str = "wrong_id";

/// Why an item was refused: a stable code (the proof's are `proofctl verify --json`'s reasons),
/// a line for a person, and the proof id when the proof could be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub id: Option<String>,
    pub code: &'static str,
    pub reason: String,
}

/// What a reader does with members of an entry it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// The server: it stores entries and hands them on to everyone, so it stores only what it
    /// checked, and a newer client learns at once that this server does not keep its new member.
    Refuse,
    /// The client: it keeps only the members it knows (each checked on its own), which is safe
    /// because version 1 entries only ever gain optional members that change no other's meaning.
    Ignore,
}

/// A published member key, when its PEM parses and its kid is the key's own (else the key is
/// not taken: a kid names exactly one key).
pub fn published_key(k: &PublishedKey) -> Option<VerifyingKey> {
    let key = parse_public_key_pem(&k.public_key).ok()?;
    (kid(&key) == k.kid).then_some(key)
}

/// A proof as it goes on the wire: its JSON, compact.
pub fn proof_to_wire(proof: &Proof) -> Box<RawValue> {
    serde_json::value::to_raw_value(proof).expect("a proof serialises")
}

/// Reads a proof from the wire with `verify`'s strict parser, on the very bytes that were sent.
pub fn parse_proof(raw: &RawValue) -> Result<Proof, ParseError> {
    Proof::from_slice(raw.get().as_bytes())
}

/// A proof that parsed strictly and whose signature verifies, with its id.
#[derive(Debug, Clone)]
pub struct CheckedProof {
    pub proof: Proof,
    pub id: String,
}

/// Parses a proof strictly and verifies its signature (the file's bytes are never on the wire).
pub fn check_proof(raw: &RawValue) -> Result<CheckedProof, Refusal> {
    let proof = parse_proof(raw).map_err(|e| Refusal {
        id: None,
        code: e.code(),
        reason: format!("malformed proof: {e}"),
    })?;
    let id = proof_id(&proof);
    if let Err(e) = proof.check_signature() {
        return Err(Refusal { id: Some(id), code: e.code(), reason: e.to_string() });
    }
    Ok(CheckedProof { proof, id })
}

/// Reads an entry; members this build does not know are refused or skipped as `unknown` says.
/// Duplicate members are always refused.
pub fn parse_entry(raw: &RawValue, unknown: Unknown) -> Result<WireEntry, String> {
    let mut first_unknown = None;
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let entry: WireEntry = serde_ignored::deserialize(&mut de, |path| {
        first_unknown.get_or_insert_with(|| path.to_string());
    })
    .map_err(|e| format!("not a valid entry ({e})"))?;
    match first_unknown {
        Some(path) if unknown == Unknown::Refuse => Err(format!(
            "unknown member {path:?}; this server does not know it (a newer proofctl sent it), so it would not keep it"
        )),
        _ => Ok(entry),
    }
}

fn entry_refusal(id: &str, why: String) -> Refusal {
    Refusal { id: Some(id.to_string()), code: BAD_ENTRY, reason: format!("entry: {why}") }
}

/// A pushed item that passed every check, ready to store.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub id: String,
    pub signer_kid: String,
    /// The proof as compact JSON.
    pub proof: String,
    /// The entry as compact JSON: only members that were checked.
    pub entry: Option<String>,
    /// Whether the proof carries anchors (POP-1.1).
    pub anchored: bool,
}

/// What makes two anchors one when merging: an RFC 3161 token's decoded bytes (two base64
/// spellings of one token are one anchor), any other kind's RFC 8785 canonical JSON.
fn anchor_key(a: &Anchor) -> Vec<u8> {
    match a {
        Anchor::Rfc3161 { token } => match STANDARD.decode(token) {
            // Compared in canonical form, as `Proof::add_rfc3161` compares: one token stored
            // in a TSA's certificate order and in DER order is one token.
            Ok(der) => {
                let der = crate::timestamp::canonical_token(&der).unwrap_or(der);
                [b"rfc3161\0".as_slice(), &der].concat()
            }
            // Not base64: an invalid anchor (it is reported as such), kept as written.
            Err(_) => [b"text\0".as_slice(), token.as_bytes()].concat(),
        },
        Anchor::Other(v) => {
            [b"other\0".as_slice(), &serde_jcs::to_vec(v).expect("JSON serialises")].concat()
        }
    }
}

/// Adds to `into` the anchors of `from` it does not have, in `from`'s order, until it holds
/// [`MAX_ANCHORS`]; never removes one. Unknown kinds are kept as they are: a later proofctl
/// may read them. Returns how many were added (then `into` is POP-1.1). Only for two forms of
/// one proof (the same sync id): the anchors commit to its signature.
pub fn merge_anchors(into: &mut Proof, from: &[Anchor]) -> usize {
    let mut have: HashSet<Vec<u8>> = into.anchors.iter().map(anchor_key).collect();
    let mut added = 0;
    for a in from {
        if into.anchors.len() >= MAX_ANCHORS {
            break;
        }
        if have.insert(anchor_key(a)) {
            into.anchors.push(a.clone());
            added += 1;
        }
    }
    if !into.anchors.is_empty() {
        into.format = FORMAT_1_1.to_string();
    }
    added
}

/// The server's merge of a pushed proof into the stored one (both compact JSON of checked
/// proofs with the same id): the stored proof with the pushed anchors it lacks, as compact
/// JSON, and how many were added; None when it has them all.
pub fn merge_stored(stored: &str, pushed: &str) -> Option<(String, usize)> {
    let mut into = Proof::from_slice(stored.as_bytes()).ok()?;
    let from = Proof::from_slice(pushed.as_bytes()).ok()?;
    match merge_anchors(&mut into, &from.anchors) {
        0 => None,
        n => Some((serde_json::to_string(&into).expect("a proof serialises"), n)),
    }
}

/// What a home records with a server's acknowledgement of a proof: which anchors it pushed
/// (lowercase hex SHA-256 over their sorted merge keys), None for a proof without any. A proof
/// whose anchors changed since is pushed again.
pub fn anchors_digest(proof: &Proof) -> Option<String> {
    if proof.anchors.is_empty() {
        return None;
    }
    let mut keys: Vec<Vec<u8>> = proof.anchors.iter().map(anchor_key).collect();
    keys.sort();
    let mut h = Sha256::new();
    for k in &keys {
        h.update((k.len() as u64).to_le_bytes());
        h.update(k);
    }
    Some(hex::encode(h.finalize()))
}

/// The server's check of one pushed item.
pub fn check_pushed(item: &PushItem) -> Result<Accepted, Refusal> {
    let CheckedProof { proof, id } = check_proof(&item.proof)?;
    let entry = match &item.entry {
        None => None,
        Some(raw) => {
            let entry = parse_entry(raw, Unknown::Refuse).map_err(|why| entry_refusal(&id, why))?;
            check_entry(&entry, &proof).map_err(|why| entry_refusal(&id, why))?;
            Some(serde_json::to_string(&entry).expect("an entry serialises"))
        }
    };
    Ok(Accepted {
        signer_kid: proof.signer.kid.clone(),
        anchored: !proof.anchors.is_empty(),
        proof: serde_json::to_string(&proof).expect("a proof serialises"),
        entry,
        id,
    })
}

/// A pulled item that passed every check.
#[derive(Debug, Clone)]
pub struct Pulled {
    pub proof: Proof,
    pub id: String,
    pub entry: Option<WireEntry>,
}

/// The client's check of one pulled item, as if it came from anyone (the server is a meeting
/// point, not an authority): the same checks as a push, and the id the server gave it.
pub fn check_pulled(item: &PulledItem) -> Result<Pulled, Refusal> {
    let CheckedProof { proof, id } = check_proof(&item.proof)?;
    if id != item.id {
        return Err(Refusal {
            reason: format!("the server named it {} but its id is {id}", item.id),
            id: Some(id),
            code: WRONG_ID,
        });
    }
    let entry = match &item.entry {
        None => None,
        Some(raw) => {
            let entry = parse_entry(raw, Unknown::Ignore).map_err(|why| entry_refusal(&id, why))?;
            check_entry(&entry, &proof).map_err(|why| entry_refusal(&id, why))?;
            Some(entry)
        }
    };
    Ok(Pulled { proof, id, entry })
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

/// A local signed index entry as it is pushed.
pub fn entry_to_wire(entry: &SignedEntry) -> WireEntry {
    WireEntry {
        size: entry.size,
        media_type: entry.media_type.clone(),
        image: entry.image.map(|s| WireImage {
            algorithm: image::ALGORITHM.into(),
            dct: format!("{:016x}", s.dct),
            gradient: format!("{:016x}", s.gradient),
            width: s.width,
            height: s.height,
        }),
        text: entry.text.map(|s| WireText {
            algorithm: text::ALGORITHM.into(),
            simhash: format!("{:032x}", s.simhash),
            words: s.words,
        }),
        embeddings: entry
            .embeddings
            .iter()
            .map(|v| WireEmbedding {
                model: v.model.clone(),
                dim: v.dim as u32,
                vector: STANDARD.encode(&v.vector),
            })
            .collect(),
    }
}

/// An entry as it goes on the wire: its JSON, compact.
pub fn entry_to_raw(entry: &WireEntry) -> Box<RawValue> {
    serde_json::value::to_raw_value(entry).expect("an entry serialises")
}

/// The sketch of a checked entry made with this build's algorithms (others could not be
/// compared, so are dropped).
pub fn sketch_from_wire(wire: &WireEntry) -> Result<Option<Sketch>, String> {
    let hex64 = |s: &str| -> Result<u64, String> {
        decode_lower_hex::<8>(s)
            .map(u64::from_be_bytes)
            .ok_or_else(|| format!("{s:?} is not 16 lowercase hex digits"))
    };
    if let Some(i) = wire.image.as_ref().filter(|i| i.algorithm == image::ALGORITHM) {
        return Ok(Some(Sketch::Image(ImageSketch {
            dct: hex64(&i.dct)?,
            gradient: hex64(&i.gradient)?,
            width: i.width,
            height: i.height,
        })));
    }
    if let Some(t) = wire.text.as_ref().filter(|t| t.algorithm == text::ALGORITHM) {
        let simhash = decode_lower_hex::<16>(&t.simhash)
            .map(u128::from_be_bytes)
            .ok_or_else(|| format!("{:?} is not 32 lowercase hex digits", t.simhash))?;
        return Ok(Some(Sketch::Text(TextSketch { simhash, words: t.words })));
    }
    Ok(None)
}

/// The one vector of a checked entry to keep: the model named `prefer_model` (ids are
/// NAME@DIGEST) when there is one, else the first.
pub fn embedding_from_wire(
    wire: &WireEntry,
    prefer_model: Option<&str>,
) -> Result<Option<Embedding>, String> {
    let chosen = wire
        .embeddings
        .iter()
        .find(|v| {
            prefer_model
                .is_some_and(|name| v.model.strip_prefix(name).is_some_and(|r| r.starts_with('@')))
        })
        .or(wire.embeddings.first());
    let Some(v) = chosen else { return Ok(None) };
    let vector = STANDARD.decode(&v.vector).map_err(|_| "an embedding is not base64")?;
    if vector.len() != 4 + v.dim as usize {
        return Err(format!("an embedding of {} dimensions has {} bytes", v.dim, vector.len()));
    }
    Ok(Some(Embedding { model: v.model.clone(), dim: v.dim as usize, vector, passages: None }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::{Digest256, ProofBody};
    use crate::sync::protocol::PullResponse;
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

    fn rfc3161(der: &[u8]) -> Anchor {
        Anchor::Rfc3161 { token: STANDARD.encode(der) }
    }

    /// OpenSSL's TSA writes its certificate before the root (not DER order); `add_rfc3161` stores
    /// the DER-order form. A push of either form into a proof holding the other adds nothing.
    #[test]
    fn one_token_in_two_certificate_orders_merges_as_one() {
        let raw = include_bytes!("../../tests/vectors/pop-1.1/tsa/tokens/rsa.der").to_vec();
        let canonical = crate::timestamp::canonical_token(&raw).unwrap();
        assert_ne!(raw, canonical, "the fixture token is out of DER order");
        let mut stored = proof(1);
        stored.add_rfc3161(&raw).unwrap();
        assert_eq!(stored.anchors[0].rfc3161_token().unwrap().unwrap(), canonical);
        let as_written = [Anchor::Rfc3161 { token: STANDARD.encode(&raw) }];
        assert_eq!(merge_anchors(&mut stored, &as_written), 0);
        let mut other = proof(1);
        other.anchors = as_written.to_vec();
        other.format = FORMAT_1_1.to_string();
        assert_eq!(merge_anchors(&mut other, &stored.anchors.clone()), 0);
        assert_eq!(other.anchors.len(), 1);
    }

    #[test]
    fn anchors_merge_as_a_union_that_keeps_order_unknown_kinds_and_the_cap() {
        let plain = proof(3);
        let ots = Anchor::Other(serde_json::json!({ "type": "opentimestamps", "ots": "AAE=" }));
        let mut mine = plain.clone();
        assert_eq!(merge_anchors(&mut mine, &[rfc3161(b"t1"), ots.clone()]), 2);
        assert_eq!(mine.format, FORMAT_1_1);
        assert_eq!(proof_id(&mine), proof_id(&plain), "anchors are not part of the id");
        // The same token (by its bytes) and the same unknown anchor (by its canonical JSON, in
        // another member order) are not added twice; a new token goes after the others.
        let ots_again = Anchor::Other(
            serde_json::from_str(r#"{"ots":"AAE=","type":"opentimestamps"}"#).unwrap(),
        );
        assert_eq!(merge_anchors(&mut mine, &[ots_again, rfc3161(b"t2"), rfc3161(b"t1")]), 1);
        assert_eq!(mine.anchors, vec![rfc3161(b"t1"), ots.clone(), rfc3161(b"t2")]);
        // At most MAX_ANCHORS: the rest are not taken.
        let many: Vec<Anchor> = (0..10u8).map(|i| rfc3161(&[b'x', i])).collect();
        assert_eq!(merge_anchors(&mut mine, &many), MAX_ANCHORS - 3);
        assert_eq!(mine.anchors.len(), MAX_ANCHORS);
        assert_eq!(mine.anchors[..3], [rfc3161(b"t1"), ots, rfc3161(b"t2")]);
        // Merging nothing new into a POP-1.0 proof leaves it POP-1.0.
        let mut still = plain.clone();
        assert_eq!(merge_anchors(&mut still, &[]), 0);
        assert_eq!(still, plain);
    }

    #[test]
    fn the_server_merge_and_the_acknowledged_digest() {
        let plain = proof(3);
        let mut one = plain.clone();
        one.add_rfc3161(b"t1").unwrap();
        let mut two = plain.clone();
        two.add_rfc3161(b"t2").unwrap();
        two.add_rfc3161(b"t1").unwrap();
        let json = |p: &Proof| serde_json::to_string(p).unwrap();
        let (merged, added) = merge_stored(&json(&one), &json(&two)).unwrap();
        assert_eq!(added, 1);
        let merged = Proof::from_slice(merged.as_bytes()).unwrap();
        assert_eq!(merged.anchors, vec![rfc3161(b"t1"), rfc3161(b"t2")]);
        merged.check_signature().unwrap();
        assert_eq!(merge_stored(&json(&merged), &json(&one)), None, "nothing new");
        assert_eq!(merge_stored(&json(&merged), &json(&plain)), None);
        // The digest names the set, not its order; none without anchors.
        assert_eq!(anchors_digest(&plain), None);
        assert_eq!(anchors_digest(&merged), anchors_digest(&two));
        assert_ne!(anchors_digest(&merged), anchors_digest(&one));
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

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_string()).unwrap()
    }

    fn item(p: &Proof, entry: Option<&WireEntry>) -> PushItem {
        PushItem { proof: proof_to_wire(p), entry: entry.map(entry_to_raw) }
    }

    #[test]
    fn a_good_item_passes_with_its_id() {
        let p = proof(3);
        let c = check_pushed(&item(&p, Some(&entry()))).unwrap();
        assert_eq!(c.id, proof_id(&p));
        assert_eq!(c.signer_kid, p.signer.kid);
    }

    #[test]
    fn a_tampered_proof_is_refused_with_its_id() {
        let mut v = serde_json::to_value(proof(3)).unwrap();
        v["subject"]["name"] = "b.txt".into();
        let tampered = PushItem { proof: raw(&v.to_string()), entry: None };
        let r = check_pushed(&tampered).unwrap_err();
        assert!(r.id.is_some());
        assert_eq!(r.code, "bad_signature");
        assert!(r.reason.contains("does not verify"), "{}", r.reason);
        let r =
            check_pushed(&PushItem { proof: raw(r#"{"format": 1}"#), entry: None }).unwrap_err();
        assert_eq!((r.id, r.code), (None, "unsupported_format"));
        assert!(r.reason.starts_with("malformed proof"), "{}", r.reason);
    }

    /// `serde_json::Value` keeps the last of two members of one name, so a proof read through it
    /// is not the proof `verify` reads from the same bytes: the bytes themselves are parsed.
    #[test]
    fn duplicate_members_are_refused_as_verify_refuses_them() {
        let good = serde_json::to_string(&proof(3)).unwrap();
        let twice =
            good.replacen(r#""format":"POP-1.0""#, r#""format":"POP-2.0","format":"POP-1.0""#, 1);
        assert_ne!(twice, good);
        let r = check_proof(&raw(&twice)).unwrap_err();
        assert_eq!(r.code, "malformed");
        assert!(r.reason.contains("duplicate member \"format\""), "{}", r.reason);
        assert!(check_proof(&raw(&good)).is_ok());
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

    /// The server refuses what it does not know in an entry; the client keeps what it knows.
    #[test]
    fn unknown_entry_members_are_refused_by_the_server_and_skipped_by_the_client() {
        let mut v = serde_json::to_value(entry()).unwrap();
        v["audio"] = serde_json::json!({ "algorithm": "a1" });
        v["text"]["language"] = "en".into();
        let text = v.to_string();
        let e = parse_entry(&raw(&text), Unknown::Refuse).unwrap_err();
        assert!(e.contains("unknown member \"audio\"") || e.contains("text.language"), "{e}");
        assert_eq!(parse_entry(&raw(&text), Unknown::Ignore).unwrap(), entry());
        // Two members of one name are refused by both.
        let twice = r#"{"size": 3, "size": 4, "media_type": "text/plain"}"#;
        for side in [Unknown::Refuse, Unknown::Ignore] {
            assert!(parse_entry(&raw(twice), side).unwrap_err().contains("duplicate"));
        }
    }

    /// Pages from a newer server: unknown members of the page, of an item and of its entry are
    /// skipped, and what is known is checked as ever.
    #[test]
    fn a_newer_servers_page_is_read() {
        let p = proof(3);
        let mut e = serde_json::to_value(entry()).unwrap();
        e["audio"] = serde_json::json!({ "algorithm": "a1" });
        let page = serde_json::json!({
            "items": [{
                "seq": 1, "id": proof_id(&p), "pushed_by": p.signer.kid, "pushed_at": 0,
                "proof": p, "entry": e, "labels": ["x"],
            }],
            "next": 1, "more": false, "database_id": "abc",
        });
        let page: PullResponse = serde_json::from_str(&page.to_string()).unwrap();
        let pulled = check_pulled(&page.items[0]).unwrap();
        assert_eq!(pulled.entry, Some(entry()));
        let mut wrong = page.items[0].clone();
        wrong.id = "0".repeat(64);
        assert_eq!(check_pulled(&wrong).unwrap_err().code, WRONG_ID);
        let mut bad = page.items[0].clone();
        bad.entry = Some(raw(r#"{"size": 4, "media_type": "text/plain"}"#));
        assert_eq!(check_pulled(&bad).unwrap_err().code, BAD_ENTRY);
    }

    #[test]
    fn a_published_key_must_match_its_kid() {
        let key = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
        let other = SigningKey::from_bytes(&[8u8; 32]).verifying_key();
        let published = |kid: String| PublishedKey {
            kid,
            name: "a".into(),
            public_key: crate::keys::public_key_pem(&key),
            added_at: 0,
        };
        assert_eq!(published_key(&published(kid(&key))), Some(key));
        assert_eq!(published_key(&published(kid(&other))), None);
        let mut bad = published(kid(&key));
        bad.public_key = "not a key".into();
        assert_eq!(published_key(&bad), None);
    }

    #[test]
    fn wire_sketches_round_trip() {
        let entry = SignedEntry {
            path: "/x".into(),
            size: 1,
            media_type: "image/png".into(),
            proof: String::new(),
            image: Some(ImageSketch { dct: 0xdead_beef, gradient: 7, width: 3, height: 4 }),
            text: None,
            embeddings: vec![],
        };
        let wire = entry_to_wire(&entry);
        assert_eq!(sketch_from_wire(&wire).unwrap(), Some(Sketch::Image(entry.image.unwrap())));
        let mut other = wire.clone();
        other.image.as_mut().unwrap().algorithm = "v0:something-else".into();
        assert_eq!(sketch_from_wire(&other).unwrap(), None);
        other.image.as_mut().unwrap().algorithm = image::ALGORITHM.into();
        other.image.as_mut().unwrap().dct = "xyz".into();
        assert!(sketch_from_wire(&other).is_err());
        // One spelling only: what check_entry refuses is not read here either.
        other.image.as_mut().unwrap().dct = "00000000DEADBEEF".into();
        assert!(sketch_from_wire(&other).is_err());
        other.image.as_mut().unwrap().dct = "+0000000deadbeef".into();
        assert!(sketch_from_wire(&other).is_err());

        let simhash = 0xfedc_ba98_7654_3210_0123_4567_89ab_cdef_u128;
        let entry = SignedEntry {
            media_type: "text/plain".into(),
            image: None,
            text: Some(TextSketch { simhash, words: 40 }),
            ..entry
        };
        let wire = entry_to_wire(&entry);
        assert_eq!(wire.text.as_ref().unwrap().simhash, format!("{simhash:032x}"));
        assert_eq!(sketch_from_wire(&wire).unwrap(), Some(Sketch::Text(entry.text.unwrap())));
    }
}
