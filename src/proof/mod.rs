//! POP-1.0 and POP-1.1 detached proofs: the document, strict parsing, the signed bytes, signing
//! and checking, and the unsigned time anchors of POP-1.1.
//!
//! The normative description is `docs/pop-1.0.md` (and `pop(5)`), extended by `docs/pop-1.1.md`;
//! this module is their reference implementation and the known-answer vectors in
//! `tests/vectors/` pin them together. A POP-1.1 proof is a POP-1.0 proof plus `anchors`: its
//! signature is an ordinary POP-1.0 signature over the document with `anchors` removed.

pub mod anchors;
pub mod verify;

use crate::built_after::BuiltAfter;
use std::collections::BTreeMap;
use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use curve25519_dalek::edwards::{EdwardsBasepointTable, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::BasepointTable;
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha512};

use crate::digest::is_lower_hex;
pub use crate::digest::{Digest256, hash_file, hash_file_up_to, hash_reader};
use crate::keys::{KeyError, KeySigner, kid, public_key_pem};

/// The value of the `format` member of a proof without anchors, and the format of what is signed.
pub const FORMAT: &str = "POP-1.0";
/// The value of the `format` member of a proof with anchors.
pub const FORMAT_1_1: &str = "POP-1.1";
/// Most anchors one proof may carry.
pub const MAX_ANCHORS: usize = 8;
/// Largest decoded RFC 3161 token an anchor may hold.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;
/// The `type` of an RFC 3161 anchor.
pub const ANCHOR_RFC3161: &str = "rfc3161";
/// Prepended to the canonical JSON before signing, so a POP-1.0 signature can never be replayed
/// as a signature over anything else (a licence, a challenge, another format's payload).
pub const DOMAIN: &[u8] = b"POP-1.0\0";
/// The only signature algorithm of POP-1.0.
pub const ALGORITHM: &str = "Ed25519";
/// JSON numbers are IEEE doubles in many languages; sizes beyond 2^53-1 would not round-trip.
pub const MAX_SIZE: u64 = (1 << 53) - 1;
pub const MAX_METADATA_ENTRIES: usize = 64;
pub const MAX_METADATA_VALUE: usize = 4096;
/// A proof is small; anything larger is not a proof, and we refuse to parse it.
pub const MAX_PROOF_BYTES: u64 = 1 << 20;

/// What was signed: the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// The file's base name when it was signed (informational; never used to find the file).
    pub name: String,
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
}

/// Who signed: the key, in three redundant forms that must agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerInfo {
    pub algorithm: String,
    pub kid: String,
    /// Standard base64 (with padding) of the 32-byte public key.
    pub public_key: String,
    /// The same key as SPKI PEM, in the exact layout of [`public_key_pem`].
    pub public_key_pem: String,
}

/// Every member of a proof except the signature: exactly what is signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofBody {
    pub format: String,
    pub subject: Subject,
    pub signer: SignerInfo,
    /// RFC 3339, UTC, whole seconds: `YYYY-MM-DDTHH:MM:SSZ`.
    pub created: String,
    pub metadata: BTreeMap<String, String>,
}

/// A POP-1.0 or POP-1.1 proof document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proof {
    /// [`FORMAT`] when `anchors` is empty, [`FORMAT_1_1`] otherwise.
    pub format: String,
    pub subject: Subject,
    pub signer: SignerInfo,
    pub created: String,
    pub metadata: BTreeMap<String, String>,
    /// Standard base64 (with padding) of the 64-byte Ed25519 signature.
    pub signature: String,
    /// The unsigned anchors of POP-1.1, in document order; empty for POP-1.0. Read by
    /// [`Proof::from_slice`] itself (the member's rules depend on `format`), hence not derived.
    #[serde(skip_deserializing, default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<Anchor>,
}

/// One anchor entry as stored; unknown types kept verbatim so a rewrite never drops them.
///
/// `Rfc3161` is an entry of exactly the members `type` = `"rfc3161"` and a string `token`; its
/// token may still fail to decode or parse, which makes that anchor (not the proof) invalid. An
/// `rfc3161` entry of any other shape (other members, a token that is not a string) is kept as
/// `Other` too, so it round-trips verbatim; [`Anchor::kind`] still says `rfc3161` and the anchor
/// check reports it `invalid` (`token_malformed`), not `unknown`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    Rfc3161 {
        /// Standard base64 as written in the proof.
        token: String,
    },
    Other(Value),
}

impl Anchor {
    /// The entry's `type` member.
    pub fn kind(&self) -> &str {
        match self {
            Anchor::Rfc3161 { .. } => ANCHOR_RFC3161,
            Anchor::Other(v) => v.get("type").and_then(Value::as_str).unwrap_or_default(),
        }
    }

    /// The DER token of an `rfc3161` anchor, or why it has none: its base64 must be canonical
    /// standard base64 of 1 to [`MAX_TOKEN_BYTES`] bytes. `None` for other types.
    pub fn rfc3161_token(&self) -> Option<Result<Vec<u8>, String>> {
        match self {
            Anchor::Rfc3161 { token } => Some(decode_token(token)),
            Anchor::Other(_) if self.kind() == ANCHOR_RFC3161 => Some(Err(
                "an rfc3161 anchor has exactly the members type and token (a base64 string)".into(),
            )),
            Anchor::Other(_) => None,
        }
    }

    /// Classifies one entry of `anchors`; Err when the entry breaks a proof-level rule.
    fn from_value(v: Value) -> Result<Anchor, ParseError> {
        let Value::Object(members) = &v else {
            return Err(field("anchors", "every entry must be a JSON object"));
        };
        match members.get("type") {
            Some(Value::String(t)) if t == ANCHOR_RFC3161 && members.len() == 2 => {
                match members.get("token") {
                    Some(Value::String(token)) => Ok(Anchor::Rfc3161 { token: token.clone() }),
                    _ => Ok(Anchor::Other(v)),
                }
            }
            Some(Value::String(_)) => Ok(Anchor::Other(v)),
            _ => Err(field("anchors", "every entry must have a string member \"type\"")),
        }
    }
}

impl Serialize for Anchor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Anchor::Rfc3161 { token } => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("type", ANCHOR_RFC3161)?;
                m.serialize_entry("token", token)?;
                m.end()
            }
            Anchor::Other(v) => v.serialize(s),
        }
    }
}

/// Decodes an RFC 3161 anchor's token: canonical standard base64, 1..=MAX_TOKEN_BYTES bytes.
fn decode_token(token: &str) -> Result<Vec<u8>, String> {
    // Checked on the text first, so an oversized token is never decoded.
    if token.len() > MAX_TOKEN_BYTES.div_ceil(3) * 4 {
        return Err(format!("the token is over {MAX_TOKEN_BYTES} bytes"));
    }
    let bytes = STANDARD.decode(token).map_err(|e| format!("the token is not base64 ({e})"))?;
    if STANDARD.encode(&bytes) != token {
        return Err("the token is not canonical base64".into());
    }
    if bytes.is_empty() {
        return Err("the token is empty".into());
    }
    if bytes.len() > MAX_TOKEN_BYTES {
        return Err(format!("the token is over {MAX_TOKEN_BYTES} bytes"));
    }
    Ok(bytes)
}

/// A proof that cannot be interpreted at all: the answer is an error (exit 2), not a "no".
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("empty file, not a POP-1.0 proof")]
    Empty,
    #[error("larger than {MAX_PROOF_BYTES} bytes, not a POP-1.0 proof")]
    TooLarge,
    #[error("not valid POP-1.0 JSON ({0}): the proof is truncated or damaged")]
    Json(String),
    #[error(
        "unsupported proof format {0:?}; this proofctl reads POP-1.0 and POP-1.1, upgrade proofctl to read newer proofs"
    )]
    UnsupportedFormat(String),
    #[error("unsupported signature algorithm {0:?}; POP-1.0 proofs use Ed25519")]
    UnsupportedAlgorithm(String),
    #[error("malformed field {field}: {why}")]
    Field { field: &'static str, why: String },
    /// Not a parse failure: [`Proof::add_rfc3161`] refusing a token (too many anchors, bad size).
    #[error("cannot add the time-stamp token: {0}")]
    Anchor(String),
}

/// A check that failed on a well-formed proof: the answer is "no" (exit 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("signer.kid does not match the public key (expected {expected})")]
    KidMismatch { expected: String },
    #[error("signer.public_key_pem does not match signer.public_key")]
    PemMismatch,
    #[error("the public key is not a canonical, full-order Ed25519 point")]
    BadKey,
    #[error("the signature does not verify: the proof was altered or not made by this key")]
    BadSignature,
    #[error(
        "size mismatch: the proof says {expected} bytes, the file has {actual}; the file changed after signing"
    )]
    SizeMismatch { expected: u64, actual: u64 },
    #[error("SHA-256 mismatch: the file changed after signing (proof {expected}, file {actual})")]
    HashMismatch { expected: String, actual: String },
}

impl Invalid {
    /// Stable machine-readable reason, part of the `--json` contract.
    pub fn code(&self) -> &'static str {
        match self {
            Invalid::KidMismatch { .. } => "kid_mismatch",
            Invalid::PemMismatch => "key_mismatch",
            Invalid::BadKey => "bad_key",
            Invalid::BadSignature => "bad_signature",
            Invalid::SizeMismatch { .. } => "size_mismatch",
            Invalid::HashMismatch { .. } => "hash_mismatch",
        }
    }
}

/// Deepest nesting of arrays and objects a proof may have (the top-level object is depth 1;
/// POP-1.0 itself needs 2). A stated rule, rather than a parser's recursion limit, so every
/// implementation refuses the same documents.
pub const MAX_DEPTH: usize = 32;

/// Parses JSON refusing, in every object, duplicate member names (serde_json's `Value` keeps the
/// last one, and two readers of one proof must never see different values), and refusing nesting
/// deeper than [`MAX_DEPTH`].
struct Strict {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Strict {
    /// Called on entering an array or object: no container may sit deeper than MAX_DEPTH.
    fn enter<E: de::Error>(&self) -> Result<Strict, E> {
        if self.depth > MAX_DEPTH {
            return Err(E::custom(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(Strict { depth: self.depth + 1 })
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let child = self.enter()?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Strict { depth: child.depth })? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let child = self.enter()?;
        let mut members = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate member {key:?}")));
            }
            members.insert(key, map.next_value_seed(Strict { depth: child.depth })?);
        }
        Ok(Value::Object(members))
    }
}

fn field(field: &'static str, why: impl Into<String>) -> ParseError {
    ParseError::Field { field, why: why.into() }
}

/// Decodes canonical standard base64: padding required, and re-encoding must give the same text,
/// so one key or signature has exactly one spelling.
fn decode_b64<const N: usize>(name: &'static str, s: &str) -> Result<[u8; N], ParseError> {
    let bytes = STANDARD.decode(s).map_err(|e| field(name, format!("not base64 ({e})")))?;
    if STANDARD.encode(&bytes) != s {
        return Err(field(name, "not canonical base64"));
    }
    bytes.try_into().map_err(|b: Vec<u8>| field(name, format!("{} bytes, expected {N}", b.len())))
}

/// Checks `created`: exactly `YYYY-MM-DDTHH:MM:SSZ`, a real proleptic-Gregorian UTC time from
/// 1970 on, with no leap second. Written out rather than delegated to a time library, so the rule is
/// the one the spec states and not whatever a parser happens to tolerate.
fn check_time(s: &str) -> Result<(), ParseError> {
    let bad = || {
        field("created", format!("{s:?} is not UTC time like 2026-01-31T12:00:00Z (1970 or later)"))
    };
    let b = s.as_bytes();
    let shape_ok = b.len() == 20
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(bad());
    }
    let num = |from: usize, to: usize| s[from..to].parse::<u32>().expect("checked digits");
    let (year, month, day) = (num(0, 4), num(5, 7), num(8, 10));
    let (hour, minute, second) = (num(11, 13), num(14, 16), num(17, 19));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if year < 1970 || day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return Err(bad());
    }
    Ok(())
}

/// Metadata keys follow the one naming rule of proofctl (ASCII, so every implementation sorts them
/// the same way without UTF-16 subtleties).
pub fn check_metadata_key(k: &str) -> Result<(), String> {
    if crate::name::is_plain_name(k) {
        Ok(())
    } else {
        Err(format!(
            "metadata key {k:?}: use 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit"
        ))
    }
}

fn check_metadata(meta: &BTreeMap<String, String>) -> Result<(), ParseError> {
    if meta.len() > MAX_METADATA_ENTRIES {
        return Err(field(
            "metadata",
            format!("{} entries, at most {MAX_METADATA_ENTRIES}", meta.len()),
        ));
    }
    for (k, v) in meta {
        check_metadata_key(k).map_err(|why| field("metadata", why))?;
        if v.len() > MAX_METADATA_VALUE {
            return Err(field(
                "metadata",
                format!("value of {k:?} is over {MAX_METADATA_VALUE} bytes"),
            ));
        }
    }
    Ok(())
}

/// Subject names are base names: no path separators, no NUL, not empty.
pub fn check_name(name: &str) -> Result<(), ParseError> {
    if name.is_empty() || name.contains(['/', '\\', '\0']) || name == "." || name == ".." {
        return Err(field("subject.name", format!("{name:?} is not a file base name")));
    }
    Ok(())
}

impl Proof {
    /// Parses and validates a proof strictly: unknown members, duplicate members, wrong types,
    /// non-canonical encodings and unknown versions are all refused.
    pub fn from_slice(bytes: &[u8]) -> Result<Proof, ParseError> {
        // Size first, so deciding "empty" never needs more than MAX_PROOF_BYTES of input.
        if bytes.len() as u64 > MAX_PROOF_BYTES {
            return Err(ParseError::TooLarge);
        }
        // JSON's own whitespace only: a form feed is not JSON and is reported as malformed.
        if bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            return Err(ParseError::Empty);
        }
        let json = |e: serde_json::Error| ParseError::Json(e.to_string());
        // serde_json's own recursion limit (128) is deeper than ours, so ours always decides.
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let value = Strict { depth: 1 }.deserialize(&mut de).map_err(json)?;
        de.end().map_err(json)?;
        let Value::Object(members) = &value else {
            return Err(ParseError::Json("the document is not a JSON object".into()));
        };
        // The version first, so a future format gets "unsupported format", not a confusing
        // complaint about members this version does not know.
        if let Some(f) = members.get("format").filter(|f| *f != FORMAT && *f != FORMAT_1_1) {
            return Err(ParseError::UnsupportedFormat(match f {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }));
        }
        // serde's derived structs also accept JSON arrays (fields by position): refuse them.
        for name in ["subject", "signer", "metadata"] {
            if members.get(name).is_some_and(|m| !m.is_object()) {
                return Err(ParseError::Json(format!("{name} must be a JSON object")));
            }
        }
        let is_1_1 = members.get("format").is_some_and(|f| f == FORMAT_1_1);
        let mut value = value;
        let anchors = value.as_object_mut().expect("checked object").remove("anchors");
        // The member set is checked here (spec step 8: `anchors` belongs to POP-1.1 only, and
        // POP-1.1 requires it); its value's syntax with the other values' (step 10), below.
        let mut proof: Proof = serde_json::from_value(value).map_err(json)?;
        let anchors = match (is_1_1, anchors) {
            (true, Some(a)) => a,
            (true, None) => {
                return Err(ParseError::Json(format!(
                    "missing field `anchors`: a {FORMAT_1_1} proof has 1 to {MAX_ANCHORS} anchors"
                )));
            }
            (false, Some(_)) => {
                return Err(ParseError::Json(format!(
                    "unknown field `anchors`: only {FORMAT_1_1} proofs carry anchors"
                )));
            }
            (false, None) => Value::Array(Vec::new()),
        };
        proof.validate()?;
        proof.anchors = parse_anchors(anchors, is_1_1)?;
        Ok(proof)
    }

    fn validate(&self) -> Result<(), ParseError> {
        // `format` was checked in from_slice, before the typed parse. The range of `size` is part
        // of its type (step 8: sizes of 2^64 and more already failed the typed parse), so it is
        // checked before the algorithm (step 9), whatever the integer's width.
        if self.subject.size > MAX_SIZE {
            return Err(field("subject.size", "above 2^53-1"));
        }
        if self.signer.algorithm != ALGORITHM {
            return Err(ParseError::UnsupportedAlgorithm(self.signer.algorithm.clone()));
        }
        check_name(&self.subject.name)?;
        if !is_lower_hex(&self.subject.sha256, 64) {
            return Err(field("subject.sha256", "expected 64 lowercase hex digits"));
        }
        let kid = &self.signer.kid;
        if kid.len() != 43
            || !kid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(field(
                "signer.kid",
                "expected 43 base64url characters (an RFC 7638 thumbprint)",
            ));
        }
        decode_b64::<32>("signer.public_key", &self.signer.public_key)?;
        decode_b64::<64>("signature", &self.signature)?;
        check_time(&self.created)?;
        check_metadata(&self.metadata)?;
        Ok(())
    }

    /// The members that are signed: everything but `signature` and `anchors`, with `format`
    /// always POP-1.0 (a POP-1.1 proof carries an ordinary POP-1.0 signature).
    pub fn body(&self) -> ProofBody {
        ProofBody {
            format: FORMAT.into(),
            subject: self.subject.clone(),
            signer: self.signer.clone(),
            created: self.created.clone(),
            metadata: self.metadata.clone(),
        }
    }

    /// The exact bytes the signature covers: [`DOMAIN`] then the JCS form of [`Proof::body`].
    pub fn signed_bytes(&self) -> Vec<u8> {
        signed_bytes(FORMAT, &self.subject, &self.signer, &self.created, &self.metadata)
    }

    /// The proof as pretty-printed JSON with a final newline, as written to `.proof` files:
    /// POP-1.1 with its anchors when it has any, POP-1.0 otherwise.
    /// (Layout is free: verifiers re-canonicalise, so any JSON formatting verifies.)
    pub fn to_json_pretty(&self) -> String {
        let format = if self.anchors.is_empty() { FORMAT } else { FORMAT_1_1 };
        let mut s = if self.format == format {
            serde_json::to_string_pretty(self)
        } else {
            serde_json::to_string_pretty(&Proof { format: format.into(), ..self.clone() })
        }
        .expect("proof serialises");
        s.push('\n');
        s
    }

    /// The decoded signature bytes (what `verify_token`'s `imprint_of` takes). All zeros for a
    /// hand-built proof whose `signature` does not decode (a parsed or signed proof always does),
    /// which no token and no key ever matches.
    pub fn signature_bytes(&self) -> [u8; 64] {
        decode_b64::<64>("signature", &self.signature).unwrap_or([0; 64])
    }

    /// SHA-256 of the decoded signature bytes: what every anchor commits to.
    pub fn signature_digest(&self) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(self.signature_bytes()).into()
    }

    /// Adds an RFC 3161 token (DER); sets format to POP-1.1; returns false (and changes nothing)
    /// when the same token bytes are already there; Err when MAX_ANCHORS would be exceeded (or the
    /// token is empty or over MAX_TOKEN_BYTES). The token is not verified here. It is stored, and
    /// compared, in the form of [`crate::timestamp::canonical_token`]: OpenSSL-style TSAs write
    /// their certificates out of DER order, which strict DER peers (rfc3161-client) refuse.
    pub fn add_rfc3161(&mut self, token_der: &[u8]) -> Result<bool, ParseError> {
        if token_der.is_empty() || token_der.len() > MAX_TOKEN_BYTES {
            return Err(ParseError::Anchor(format!(
                "a token is 1 to {MAX_TOKEN_BYTES} bytes, this one {}",
                token_der.len()
            )));
        }
        // A token that does not parse is stored as given: the verifier reports it.
        let canonical =
            |t: &[u8]| crate::timestamp::canonical_token(t).unwrap_or_else(|_| t.to_vec());
        let token_der = &canonical(token_der);
        let present = self
            .anchors
            .iter()
            .filter_map(|a| a.rfc3161_token().and_then(Result::ok))
            .any(|t| canonical(&t) == *token_der);
        if present {
            return Ok(false);
        }
        if self.anchors.len() >= MAX_ANCHORS {
            return Err(ParseError::Anchor(format!(
                "the proof already has {MAX_ANCHORS} anchors, the most a proof may carry"
            )));
        }
        self.anchors.push(Anchor::Rfc3161 { token: STANDARD.encode(token_der) });
        self.format = FORMAT_1_1.into();
        Ok(true)
    }

    /// The POP-1.0 form: anchors removed, format POP-1.0 (for sync ids and old verifiers).
    pub fn statement(&self) -> Proof {
        Proof { format: FORMAT.into(), anchors: Vec::new(), ..self.clone() }
    }

    /// Checks everything that does not need the file: the key's three forms agree and the
    /// signature verifies strictly. Returns the signer's key.
    pub fn check_signature(&self) -> Result<VerifyingKey, Invalid> {
        // validate() ran at parse time, so these decode.
        let raw = decode_b64::<32>("signer.public_key", &self.signer.public_key)
            .map_err(|_| Invalid::BadKey)?;
        let sig =
            decode_b64::<64>("signature", &self.signature).map_err(|_| Invalid::BadSignature)?;
        let signer = signer_key(&raw)?;
        if self.signer.kid != signer.kid {
            return Err(Invalid::KidMismatch { expected: signer.kid.clone() });
        }
        if self.signer.public_key_pem != signer.pem {
            return Err(Invalid::PemMismatch);
        }
        // verify_strict rejects small-order keys and R, and non-canonical S: no malleability, no
        // signature that "verifies" under every message for a weak key.
        let key = signer.key;
        let msg = self.signed_bytes();
        // The fast path only ever says yes where verify_strict does; every other answer is
        // verify_strict's own.
        if signer.verify_fast(&msg, &sig) != Some(true) {
            key.verify_strict(&msg, &Signature::from_bytes(&sig))
                .map_err(|_| Invalid::BadSignature)?;
        }
        Ok(key)
    }

    /// Compares the subject with the digest of the bytes actually read.
    pub fn check_subject(&self, digest: &Digest256) -> Result<(), Invalid> {
        if digest.size != self.subject.size {
            return Err(Invalid::SizeMismatch { expected: self.subject.size, actual: digest.size });
        }
        let actual = digest.hex();
        if actual != self.subject.sha256 {
            return Err(Invalid::HashMismatch { expected: self.subject.sha256.clone(), actual });
        }
        Ok(())
    }
}

/// A signer's public key, decoded and found usable, with the kid and PEM it must be named by.
struct SignerKey {
    key: VerifyingKey,
    kid: String,
    pem: String,
    /// Multiples of -A, built on the key's [`TABLE_AFTER`]th signature in this process.
    minus_a: BuiltAfter<EdwardsBasepointTable>,
}

/// Building a table costs about two verifications; a one-proof run never builds one.
const TABLE_AFTER: usize = 4;

impl SignerKey {
    /// Whether `sig` verifies over `msg` as `verify_strict` decides, or None when this key has
    /// no table yet.
    ///
    /// `verify_strict` computes R' = k(-A) + sB with k = SHA-512(R || A || M) mod l, in one
    /// variable-time double-scalar multiplication, and compares R' with R by encoding. A key that
    /// signs a batch has k(-A) from a precomputed table of -A and sB from the basepoint table
    /// instead: the same point, a third faster. The same checks: s canonical (below l), R a
    /// point, neither R nor A of small order.
    fn verify_fast(&self, msg: &[u8], sig: &[u8; 64]) -> Option<bool> {
        let table = self
            .minus_a
            .get(TABLE_AFTER, || EdwardsBasepointTable::create(&-self.key.to_edwards()))?;
        let (r_bytes, s_bytes) = sig.split_at(32);
        let r_bytes: [u8; 32] = r_bytes.try_into().expect("32 bytes");
        let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(
            s_bytes.try_into().expect("32 bytes"),
        )) else {
            return Some(false);
        };
        let mut h = Sha512::new();
        h.update(r_bytes);
        h.update(self.key.as_bytes());
        h.update(msg);
        let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
        let expected = table.mul_base(&k) + EdwardsPoint::mul_base(&s);
        if expected.compress().to_bytes() != r_bytes {
            return Some(false);
        }
        // R encodes R', so R is a canonical encoding of a point, R' itself: verify_strict's
        // decoding of R would give R', and its small-order test is R''s, without the square
        // root that decoding costs. A is not of small order: `signer_key` keeps usable keys only.
        Some(!expected.is_small_order())
    }
}

/// Whether `sig` is an Ed25519 signature by the key `raw` over `msg`, as `verify_strict` decides,
/// through the same per-key cache and table as POP proofs: other formats signed with Ed25519 keys
/// (minisign) verify batches by one signer as fast.
pub(crate) fn ed25519_verify(raw: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let Ok(signer) = signer_key(raw) else { return false };
    signer.verify_fast(msg, sig) == Some(true)
        || signer.key.verify_strict(msg, &Signature::from_bytes(sig)).is_ok()
}

/// Signer keys already decoded in this process, keyed by their exact 32 bytes. A batch of proofs
/// is mostly one signer's, and decoding the point (a square root) and checking its encoding is
/// canonical (an inversion) are a large share of checking a proof (issue 13's benchmark). All
/// of it is a function of those 32 bytes, and only usable keys are kept, so a hit is what
/// decoding would give; every signature is still verified. Bounded: cleared when full.
static SIGNER_KEYS: std::sync::Mutex<Vec<([u8; 32], std::sync::Arc<SignerKey>)>> =
    std::sync::Mutex::new(Vec::new());
const MAX_SIGNER_KEYS: usize = 256;

fn signer_key(raw: &[u8; 32]) -> Result<std::sync::Arc<SignerKey>, Invalid> {
    use std::sync::Arc;
    let cached = |keys: &Vec<([u8; 32], Arc<SignerKey>)>| {
        keys.iter().find(|(k, _)| k == raw).map(|(_, s)| Arc::clone(s))
    };
    if let Some(s) = SIGNER_KEYS.lock().ok().and_then(|keys| cached(&keys)) {
        return Ok(s);
    }
    let key = VerifyingKey::from_bytes(raw).map_err(|_| Invalid::BadKey)?;
    crate::keys::check_usable(&key).map_err(|_| Invalid::BadKey)?;
    let signer = Arc::new(SignerKey {
        key,
        kid: kid(&key),
        pem: public_key_pem(&key),
        minus_a: BuiltAfter::new(),
    });
    if let Ok(mut keys) = SIGNER_KEYS.lock() {
        if keys.len() >= MAX_SIGNER_KEYS {
            keys.clear();
        }
        keys.push((*raw, Arc::clone(&signer)));
    }
    Ok(signer)
}

/// Checks the value of `anchors` (proof-level rules: an array of 1 to MAX_ANCHORS objects, each
/// with a string `type`). Anchor-level faults are left for the anchor check to report.
fn parse_anchors(v: Value, is_1_1: bool) -> Result<Vec<Anchor>, ParseError> {
    if !is_1_1 {
        return Ok(Vec::new());
    }
    let Value::Array(items) = v else {
        return Err(field("anchors", "must be a JSON array"));
    };
    if items.is_empty() {
        return Err(field(
            "anchors",
            format!(
                "empty; a {FORMAT_1_1} proof has 1 to {MAX_ANCHORS} anchors (write a proof without anchors as {FORMAT})"
            ),
        ));
    }
    if items.len() > MAX_ANCHORS {
        return Err(field("anchors", format!("{} entries, at most {MAX_ANCHORS}", items.len())));
    }
    items.into_iter().map(Anchor::from_value).collect()
}

/// Formats a signing time as `created` requires, refusing clocks outside 1970..=9999.
fn format_created(t: SystemTime) -> Result<String, ParseError> {
    const YEAR_10000: u64 = 253_402_300_800;
    let secs = t.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(u64::MAX);
    if secs >= YEAR_10000 {
        return Err(field("created", "the system clock is outside 1970..9999; fix the clock"));
    }
    let whole = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    Ok(humantime::format_rfc3339_seconds(whole).to_string())
}

impl ProofBody {
    /// Builds the body for a file digest signed now by `key`.
    pub fn new(
        name: &str,
        digest: &Digest256,
        key: &VerifyingKey,
        created: SystemTime,
        metadata: BTreeMap<String, String>,
    ) -> Result<ProofBody, ParseError> {
        check_name(name)?;
        check_metadata(&metadata)?;
        if digest.size > MAX_SIZE {
            return Err(field("subject.size", "files beyond 2^53-1 bytes cannot be described"));
        }
        Ok(ProofBody {
            format: FORMAT.into(),
            subject: Subject { name: name.into(), size: digest.size, sha256: digest.hex() },
            signer: SignerInfo {
                algorithm: ALGORITHM.into(),
                kid: kid(key),
                public_key: STANDARD.encode(key.as_bytes()),
                public_key_pem: public_key_pem(key),
            },
            created: format_created(created)?,
            metadata,
        })
    }

    pub fn signed_bytes(&self) -> Vec<u8> {
        signed_bytes(&self.format, &self.subject, &self.signer, &self.created, &self.metadata)
    }

    /// Signs the body. The key must be the one named in `signer`.
    pub fn sign(self, key: &SigningKey) -> Proof {
        self.sign_with(key).expect("a key in memory always signs")
    }

    /// Signs the body with a key wherever it lives (a file, a PKCS#11 token); a token may fail.
    /// The key must be the one named in `signer`.
    pub fn sign_with(self, key: &dyn KeySigner) -> Result<Proof, KeyError> {
        debug_assert_eq!(self.signer.kid, kid(&key.verifying_key()));
        let sig = key.try_sign(&self.signed_bytes())?;
        Ok(Proof {
            format: self.format,
            subject: self.subject,
            signer: self.signer,
            created: self.created,
            metadata: self.metadata,
            signature: STANDARD.encode(sig.to_bytes()),
            anchors: Vec::new(),
        })
    }
}

/// The members of a body in JCS order (RFC 8785 §3.2.3: member names sorted), borrowed.
#[derive(Serialize)]
struct JcsBody<'a> {
    created: &'a str,
    format: &'a str,
    metadata: &'a BTreeMap<String, String>,
    signer: JcsSigner<'a>,
    subject: JcsSubject<'a>,
}

#[derive(Serialize)]
struct JcsSigner<'a> {
    algorithm: &'a str,
    kid: &'a str,
    public_key: &'a str,
    public_key_pem: &'a str,
}

#[derive(Serialize)]
struct JcsSubject<'a> {
    name: &'a str,
    sha256: &'a str,
    size: u64,
}

/// [`DOMAIN`] then the JCS form of the body these members make.
///
/// For the values a body holds (strings, an integer up to 2^53-1, objects) JCS is compact JSON
/// with the members sorted by their UTF-16 code units, and serde_json escapes strings as JCS
/// does; written straight from the fields, members declared in that order, rather than through
/// serde_jcs, which buffers and sorts every object at run time (a tenth of checking a proof).
/// Metadata keys sort by bytes in the BTreeMap, the same order as UTF-16 for ASCII, which every
/// valid key is; any other body goes through serde_jcs.
fn signed_bytes(
    format: &str,
    subject: &Subject,
    signer: &SignerInfo,
    created: &str,
    metadata: &BTreeMap<String, String>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(DOMAIN);
    if metadata.keys().all(|k| k.is_ascii()) && subject.size <= MAX_SIZE {
        let body = JcsBody {
            created,
            format,
            metadata,
            signer: JcsSigner {
                algorithm: &signer.algorithm,
                kid: &signer.kid,
                public_key: &signer.public_key,
                public_key_pem: &signer.public_key_pem,
            },
            subject: JcsSubject {
                name: &subject.name,
                sha256: &subject.sha256,
                size: subject.size,
            },
        };
        serde_json::to_writer(&mut out, &body).expect("proof body serialises");
    } else {
        let body = ProofBody {
            format: format.into(),
            subject: subject.clone(),
            signer: signer.clone(),
            created: created.to_string(),
            metadata: metadata.clone(),
        };
        out.extend(serde_jcs::to_vec(&body).expect("proof body serialises"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn sample() -> (SigningKey, Proof) {
        let key = SigningKey::from_bytes(&[9u8; 32]);
        let digest = hash_reader(&b"hello\n"[..], None).unwrap();
        let meta = BTreeMap::from([("purpose".to_string(), "test".to_string())]);
        let t = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let body = ProofBody::new("hello.txt", &digest, &key.verifying_key(), t, meta).unwrap();
        (key.clone(), body.sign(&key))
    }

    #[test]
    fn round_trip_and_signed_bytes_shape() {
        let (_, proof) = sample();
        let parsed = Proof::from_slice(proof.to_json_pretty().as_bytes()).unwrap();
        assert_eq!(parsed, proof);
        parsed.check_signature().unwrap();
        let sb = parsed.signed_bytes();
        assert!(
            sb.starts_with(
                b"POP-1.0\0{\"created\":\"2027-01-15T08:00:00Z\",\"format\":\"POP-1.0\""
            )
        );
        assert!(!String::from_utf8_lossy(&sb).contains("signature"));
    }

    #[test]
    fn jcs_agrees_with_sorted_compact_json_for_our_value_set() {
        // Our members are objects, strings and small integers with ASCII keys: for those RFC 8785
        // is sorted, compact serde_json. Pin that so the spec's simple description stays true.
        let (_, proof) = sample();
        let body = proof.body();
        let v = serde_json::to_value(&body).unwrap();
        assert_eq!(serde_jcs::to_vec(&body).unwrap(), serde_json::to_vec(&v).unwrap());
    }

    /// The table path agrees with verify_strict: yes on good signatures, no on everything
    /// verify_strict refuses (altered message, other key, s not reduced, small-order R).
    #[test]
    fn table_verification_agrees_with_verify_strict() {
        use ed25519_dalek::Signer;
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let other = SigningKey::from_bytes(&[8u8; 32]);
        let vk = key.verifying_key();
        let signer = SignerKey {
            key: vk,
            kid: String::new(),
            pem: String::new(),
            minus_a: BuiltAfter::new(),
        };
        let strict =
            |msg: &[u8], sig: &[u8; 64]| vk.verify_strict(msg, &Signature::from_bytes(sig)).is_ok();
        for i in 0..TABLE_AFTER + 20 {
            let msg = format!("POP-1.0 message {i}").into_bytes();
            let sig = key.sign(&msg).to_bytes();
            let fast = signer.verify_fast(&msg, &sig);
            if i + 1 < TABLE_AFTER {
                assert_eq!(fast, None, "no table before use {TABLE_AFTER}");
                continue;
            }
            assert_eq!(fast, Some(true), "message {i}");
            assert!(strict(&msg, &sig));
            let mut altered = msg.clone();
            altered[i % msg.len()] ^= 1;
            assert_eq!(signer.verify_fast(&altered, &sig), Some(false));
            assert!(!strict(&altered, &sig));
            let theirs = other.sign(&msg).to_bytes();
            assert_eq!(signer.verify_fast(&msg, &theirs), Some(false));
            // s + l: the same point, an unreduced scalar; verify_strict refuses it.
            let mut unreduced = sig;
            let s = Scalar::from_canonical_bytes(sig[32..].try_into().unwrap()).unwrap();
            let l_minus_1 = -Scalar::ONE;
            let mut carry = 0u16;
            for (j, b) in unreduced[32..].iter_mut().enumerate() {
                let sum = u16::from(s.as_bytes()[j])
                    + u16::from(l_minus_1.as_bytes()[j])
                    + carry
                    + u16::from(j == 0);
                *b = sum as u8;
                carry = sum >> 8;
            }
            if unreduced[63] & 0xe0 == 0 {
                assert_eq!(signer.verify_fast(&msg, &unreduced), Some(false));
                assert!(!strict(&msg, &unreduced));
            }
            // R the identity (small order).
            let mut small = sig;
            small[..32].copy_from_slice(&[
                1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0,
            ]);
            assert_eq!(signer.verify_fast(&msg, &small), Some(false));
            assert!(!strict(&msg, &small));
            // R the identity and s = k·a: the equation holds (R' = -kA + kA = R), and only the
            // small-order test refuses it.
            let mut h = Sha512::new();
            h.update(&small[..32]);
            h.update(vk.as_bytes());
            h.update(&msg);
            let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
            let mut forged = small;
            forged[32..].copy_from_slice((k * key.to_scalar()).as_bytes());
            assert_eq!(signer.verify_fast(&msg, &forged), Some(false));
            assert!(!strict(&msg, &forged));
        }
    }

    #[test]
    fn signed_bytes_are_serde_jcs_of_the_body() {
        // The direct writer must give serde_jcs's bytes for every body, odd strings included.
        let (_, proof) = sample();
        let mut bodies = vec![proof.body()];
        let odd = "q\"b\\s/\u{0}\u{8}\t\n\u{c}\r\u{1f}\u{7f} é € 😀 \u{2028}";
        let mut b = proof.body();
        b.subject.name = odd.into();
        b.subject.size = MAX_SIZE;
        b.created = odd.into();
        b.signer.public_key_pem = odd.into();
        b.metadata = BTreeMap::from([
            ("a".into(), odd.into()),
            ("B".into(), String::new()),
            ("a.b-c_9".into(), "x".into()),
        ]);
        bodies.push(b.clone());
        // Outside the fast path: non-ASCII keys (UTF-16 order) and sizes beyond 2^53-1.
        b.metadata.insert("\u{ff61}".into(), "1".into());
        b.metadata.insert("\u{1f600}".into(), "2".into());
        bodies.push(b.clone());
        b.subject.size = MAX_SIZE + 2;
        b.format = FORMAT_1_1.into();
        bodies.push(b);
        for body in bodies {
            let mut want = DOMAIN.to_vec();
            want.extend(serde_jcs::to_vec(&body).unwrap());
            assert_eq!(body.signed_bytes(), want, "{body:?}");
        }
        let mut want = DOMAIN.to_vec();
        want.extend(serde_jcs::to_vec(&proof.body()).unwrap());
        assert_eq!(stamped(&proof).signed_bytes(), want);
    }

    #[test]
    fn strict_parsing() {
        let (_, proof) = sample();
        let mut v = serde_json::to_value(&proof).unwrap();
        v["extra"] = "x".into();
        assert!(matches!(Proof::from_slice(v.to_string().as_bytes()), Err(ParseError::Json(_))));
        let mut v = serde_json::to_value(&proof).unwrap();
        v["format"] = "POP-2.0".into();
        assert!(matches!(
            Proof::from_slice(v.to_string().as_bytes()),
            Err(ParseError::UnsupportedFormat(_))
        ));
        let mut v = serde_json::to_value(&proof).unwrap();
        v["created"] = "2027-01-15T08:00:00+00:00".into();
        assert!(Proof::from_slice(v.to_string().as_bytes()).is_err());
        let dup =
            proof.to_json_pretty().replacen("\"format\"", "\"format\": \"POP-1.0\", \"format\"", 1);
        assert!(Proof::from_slice(dup.as_bytes()).is_err());
        assert!(matches!(Proof::from_slice(b"  \n"), Err(ParseError::Empty)));
    }

    #[test]
    fn arrays_and_duplicates_anywhere_are_malformed() {
        let (_, proof) = sample();
        let v = serde_json::to_value(&proof).unwrap();
        let positional = serde_json::json!([
            v["format"],
            [v["subject"]["name"], v["subject"]["size"], v["subject"]["sha256"]],
            v["signer"],
            v["created"],
            v["metadata"],
            v["signature"]
        ]);
        assert!(matches!(
            Proof::from_slice(positional.to_string().as_bytes()),
            Err(ParseError::Json(_))
        ));
        let mut sub = v.clone();
        sub["subject"] =
            serde_json::json!([v["subject"]["name"], v["subject"]["size"], v["subject"]["sha256"]]);
        assert!(matches!(Proof::from_slice(sub.to_string().as_bytes()), Err(ParseError::Json(_))));
        let text = v.to_string().replacen("\"purpose\":", "\"purpose\":\"x\",\"purpose\":", 1);
        assert!(text.contains("\"purpose\":\"x\""));
        let err = Proof::from_slice(text.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("duplicate member \"purpose\""), "{err}");
        let mut null_format = v.clone();
        null_format["format"] = Value::Null;
        assert!(matches!(
            Proof::from_slice(null_format.to_string().as_bytes()),
            Err(ParseError::UnsupportedFormat(f)) if f == "null"
        ));
        assert!(matches!(Proof::from_slice(b"\x0c"), Err(ParseError::Json(_))));
        let big = format!("{}{}", proof.to_json_pretty(), " ".repeat(MAX_PROOF_BYTES as usize));
        assert!(matches!(Proof::from_slice(big.as_bytes()), Err(ParseError::TooLarge)));
    }

    #[test]
    fn nesting_and_number_limits() {
        let nest = |n: usize| format!("{{\"x\":{}{}}}", "[".repeat(n), "]".repeat(n));
        // The top-level object is depth 1: 31 arrays inside reach depth 32, 32 arrays go over.
        assert!(
            matches!(Proof::from_slice(nest(31).as_bytes()), Err(ParseError::Json(e)) if e.contains("unknown field"))
        );
        assert!(
            matches!(Proof::from_slice(nest(32).as_bytes()), Err(ParseError::Json(e)) if e.contains("nested deeper"))
        );
        let deep_future =
            format!("{{\"format\":\"POP-2.0\",\"x\":{}{}}}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(Proof::from_slice(deep_future.as_bytes()), Err(ParseError::Json(_))));
        assert!(matches!(
            Proof::from_slice(br#"{"format":"POP-2.0","x":1e999}"#),
            Err(ParseError::Json(_))
        ));
        assert!(
            format_created(std::time::UNIX_EPOCH + Duration::from_secs(253_402_300_800)).is_err()
        );
        assert_eq!(format_created(std::time::UNIX_EPOCH).unwrap(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn created_rule() {
        for good in [
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2000-02-29T12:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            check_time(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
        for bad in [
            "1969-12-31T23:59:59Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2016-12-31T23:59:60Z",
            "2026-01-01T00:00:00.5Z",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00+00:00",
            "2026-01-01t00:00:00z",
            "+2026-01-01T00:00:00Z",
        ] {
            assert!(check_time(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn non_canonical_and_small_order_keys_are_bad_keys() {
        let (_, proof) = sample();
        let with_key = |raw: [u8; 32]| {
            let mut p = proof.clone();
            p.signer.public_key = STANDARD.encode(raw);
            p.signer.kid = crate::keys::kid_from_bytes(&raw);
            p.signer.public_key_pem = crate::keys::public_key_pem_from_bytes(&raw);
            p.check_signature()
        };
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(with_key(identity), Err(Invalid::BadKey));
        let mut negative_zero = identity;
        negative_zero[31] |= 0x80;
        assert_eq!(with_key(negative_zero), Err(Invalid::BadKey));
        // y = p + 1 encodes the identity again, unreduced.
        let mut unreduced = [0xffu8; 32];
        unreduced[0] = 0xee;
        unreduced[31] = 0x7f;
        assert_eq!(with_key(unreduced), Err(Invalid::BadKey));
    }

    /// A POP-1.1 proof with one RFC 3161 anchor (the token bytes need not be a real token here).
    fn stamped(proof: &Proof) -> Proof {
        let mut p = proof.clone();
        assert!(p.add_rfc3161(b"\x30\x03\x02\x01\x01").unwrap());
        p
    }

    fn parse_value(v: &Value) -> Result<Proof, ParseError> {
        Proof::from_slice(v.to_string().as_bytes())
    }

    #[test]
    fn a_pop_1_1_proof_carries_the_pop_1_0_signature() {
        let (_, proof) = sample();
        let p11 = stamped(&proof);
        assert_eq!(p11.format, FORMAT_1_1);
        let text = p11.to_json_pretty();
        let parsed = Proof::from_slice(text.as_bytes()).unwrap();
        assert_eq!(parsed, p11);
        assert_eq!(parsed.format, FORMAT_1_1);
        assert_eq!(parsed.anchors, vec![Anchor::Rfc3161 { token: "MAMCAQE=".into() }]);
        // Same signed bytes, same signature: adding an anchor needs no key.
        assert_eq!(parsed.signed_bytes(), proof.signed_bytes());
        parsed.check_signature().unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], FORMAT_1_1);
        assert_eq!(v["anchors"], serde_json::json!([{"type": "rfc3161", "token": "MAMCAQE="}]));
        // Removing the anchors gives the POP-1.0 proof back, byte for byte.
        assert_eq!(parsed.statement(), proof);
        assert_eq!(parsed.statement().to_json_pretty(), proof.to_json_pretty());
        // Whatever `format` says, the written form follows the anchors.
        let mut loose = parsed.clone();
        loose.anchors.clear();
        assert_eq!(loose.to_json_pretty(), proof.to_json_pretty());
    }

    #[test]
    fn signature_digest_is_sha256_of_the_decoded_signature() {
        use sha2::Digest;
        let (_, proof) = sample();
        let raw = STANDARD.decode(&proof.signature).unwrap();
        assert_eq!(proof.signature_bytes().to_vec(), raw);
        assert_eq!(proof.signature_digest().to_vec(), sha2::Sha256::digest(&raw).to_vec());
        assert_eq!(stamped(&proof).signature_digest(), proof.signature_digest());
    }

    #[test]
    fn add_rfc3161_deduplicates_and_stops_at_max_anchors() {
        let (_, proof) = sample();
        let mut p = stamped(&proof);
        let before = p.clone();
        assert!(!p.add_rfc3161(b"\x30\x03\x02\x01\x01").unwrap());
        assert_eq!(p, before);
        for i in 2..=MAX_ANCHORS as u8 {
            assert!(p.add_rfc3161(&[0x30, 0x03, 0x02, 0x01, i]).unwrap());
        }
        assert_eq!(p.anchors.len(), MAX_ANCHORS);
        let full = p.clone();
        assert!(matches!(p.add_rfc3161(b"\x30\x03\x02\x01\x63"), Err(ParseError::Anchor(_))));
        // A duplicate of a present token is still "nothing to do", even when full.
        assert!(!p.add_rfc3161(&[0x30, 0x03, 0x02, 0x01, 2]).unwrap());
        assert_eq!(p, full);
        Proof::from_slice(p.to_json_pretty().as_bytes()).unwrap().check_signature().unwrap();
        assert!(p.add_rfc3161(b"").is_err());
        assert!(p.statement().add_rfc3161(&vec![0x30; MAX_TOKEN_BYTES + 1]).is_err());
        assert!(p.statement().add_rfc3161(&vec![0x30; MAX_TOKEN_BYTES]).unwrap());
    }

    #[test]
    fn proof_level_anchor_faults_are_malformed() {
        let (_, proof) = sample();
        let good = serde_json::to_value(stamped(&proof)).unwrap();
        parse_value(&good).unwrap();
        let entry = good["anchors"][0].clone();
        let mut cases = Vec::new();
        let mut missing = good.clone();
        missing.as_object_mut().unwrap().remove("anchors");
        cases.push(("anchors missing in POP-1.1", missing));
        let mut in_1_0 = good.clone();
        in_1_0["format"] = FORMAT.into();
        cases.push(("anchors in POP-1.0", in_1_0));
        for (what, anchors) in [
            ("not an array", serde_json::json!({"type": "rfc3161"})),
            ("null", Value::Null),
            ("empty", serde_json::json!([])),
            ("nine entries", Value::Array(vec![entry.clone(); MAX_ANCHORS + 1])),
            ("an entry not an object", serde_json::json!([entry.clone(), "rfc3161"])),
            ("an entry that is an array", serde_json::json!([[entry.clone()]])),
            ("an entry without type", serde_json::json!([{"token": "MAMCAQE="}])),
            ("a number type", serde_json::json!([{"type": 3161, "token": "MAMCAQE="}])),
            ("a null type", serde_json::json!([{"type": null}])),
        ] {
            let mut v = good.clone();
            v["anchors"] = anchors;
            cases.push((what, v));
        }
        for (what, v) in cases {
            let err = parse_value(&v).expect_err(what);
            assert_eq!(err.code(), "malformed", "{what}: {err}");
        }
        // Duplicate members inside an anchor are refused like anywhere else.
        let text = good.to_string().replacen("\"type\":", "\"type\":\"x\",\"type\":", 1);
        assert_eq!(Proof::from_slice(text.as_bytes()).unwrap_err().code(), "malformed");
        // Eight is allowed.
        let mut eight = good.clone();
        eight["anchors"] = Value::Array(vec![entry; MAX_ANCHORS]);
        assert_eq!(parse_value(&eight).unwrap().anchors.len(), MAX_ANCHORS);
        // The format check still comes first.
        let mut future = good.clone();
        future["format"] = "POP-1.2".into();
        assert_eq!(parse_value(&future).unwrap_err().code(), "unsupported_format");
    }

    #[test]
    fn anchor_level_faults_parse_and_round_trip_verbatim() {
        let (_, proof) = sample();
        let good = serde_json::to_value(stamped(&proof)).unwrap();
        let big = STANDARD.encode(vec![0u8; MAX_TOKEN_BYTES + 1]);
        let anchors = serde_json::json!([
            {"type": "rfc3161", "token": "MAMCAQE=", "extra": 1},
            {"type": "rfc3161", "token": 5},
            {"type": "rfc3161"},
            {"type": "rfc3161", "token": "not base64!"},
            {"type": "rfc3161", "token": "MAMCAQF="},
            {"type": "rfc3161", "token": ""},
            {"type": "rfc3161", "token": big},
            {"type": "opentimestamps", "proof": {"deep": [1, 2, 3]}},
        ]);
        let mut v = good.clone();
        v["anchors"] = anchors.clone();
        let parsed = parse_value(&v).unwrap();
        parsed.check_signature().unwrap();
        let kinds: Vec<&str> = parsed.anchors.iter().map(Anchor::kind).collect();
        assert_eq!(kinds[..7], ["rfc3161"; 7]);
        assert_eq!(kinds[7], "opentimestamps");
        for (i, a) in parsed.anchors[..7].iter().enumerate() {
            assert!(matches!(a.rfc3161_token(), Some(Err(_))), "anchor {i}: {a:?}");
        }
        assert!(parsed.anchors[7].rfc3161_token().is_none());
        // A rewrite keeps every entry as it was.
        let again: Value = serde_json::from_str(&parsed.to_json_pretty()).unwrap();
        assert_eq!(again["anchors"], anchors);
        assert_eq!(
            stamped(&proof).anchors[0].rfc3161_token().unwrap().unwrap(),
            b"\x30\x03\x02\x01\x01"
        );
    }

    #[test]
    fn subject_checks() {
        let (_, proof) = sample();
        let good = hash_reader(&b"hello\n"[..], None).unwrap();
        proof.check_subject(&good).unwrap();
        let bad = hash_reader(&b"hellp\n"[..], None).unwrap();
        assert_eq!(proof.check_subject(&bad).unwrap_err().code(), "hash_mismatch");
        let short = hash_reader(&b"hello"[..], None).unwrap();
        assert_eq!(proof.check_subject(&short).unwrap_err().code(), "size_mismatch");
    }
}
