//! Rotation statements (docs/key-lifecycle.md §3): "key OLD hands over to key NEW at time T",
//! a small JSON document signed by both keys, so neither key alone can make one.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::keys::signer::KeySigner;
use crate::keys::{KeyError, check_usable, kid};

/// The `format` member of every rotation statement.
pub const ROTATION_FORMAT: &str = "proofctl-rotation-1";
/// Prepended to the signed bytes, so neither signature can pass for a proof, a JWT or anything
/// else either key signs.
pub const DOMAIN: &[u8] = b"proofctl-rotation-1\0";
/// A statement is small; anything larger is not one.
pub const MAX_STATEMENT_BYTES: u64 = 16 * 1024;
/// Times are JSON numbers: beyond 2^53-1 they would not round-trip everywhere.
const MAX_TIME: u64 = (1 << 53) - 1;

/// What both keys sign: every member except the two signatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Body<'a> {
    format: &'a str,
    from: &'a str,
    from_public_key: &'a str,
    time: u64,
    to: &'a str,
    to_public_key: &'a str,
}

/// A rotation statement as stored and exchanged. Parse with [`RotationStatement::parse`], which
/// checks both signatures; a value of this type from there is a verified statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotationStatement {
    pub format: String,
    /// The kid of the key handing over.
    pub from: String,
    /// Its 32-byte public key, standard base64 with padding.
    pub from_public_key: String,
    /// The kid of the key taking over.
    pub to: String,
    pub to_public_key: String,
    /// Unix seconds: proofs at or after this time by `to` are trusted as `from`'s are.
    pub time: u64,
    /// `from`'s Ed25519 signature over the signed bytes, standard base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_from: Option<String>,
    /// `to`'s signature over the same bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RotationError {
    #[error("not a rotation statement: {0}")]
    Malformed(String),
    #[error(
        "signed by the {0} key only; a rotation statement needs the signatures of both keys (`proofctl key rotate OLD --to NEW` with both in one home)"
    )]
    OneSignature(&'static str),
    #[error(
        "the signature of the {which} key (kid {kid}) does not verify; the statement was altered or forged"
    )]
    BadSignature { which: &'static str, kid: String },
}

fn decode_key(field: &str, b64: &str, claimed_kid: &str) -> Result<VerifyingKey, RotationError> {
    let bad = |why: &str| RotationError::Malformed(format!("{field}: {why}"));
    let raw: [u8; 32] = STANDARD
        .decode(b64)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| bad("not 32 bytes of standard base64"))?;
    let key = VerifyingKey::from_bytes(&raw).map_err(|_| bad("not an Ed25519 public key"))?;
    check_usable(&key).map_err(bad)?;
    if kid(&key) != claimed_kid {
        return Err(bad("its kid is not the kid the statement names"));
    }
    Ok(key)
}

impl RotationStatement {
    /// A new statement, signed by both keys.
    /// Signed by both keys, wherever each lives (a key file or a PKCS#11 token).
    pub fn sign(
        old: &dyn KeySigner,
        new: &dyn KeySigner,
        time: u64,
    ) -> Result<RotationStatement, KeyError> {
        let (o, n) = (old.verifying_key(), new.verifying_key());
        let mut s = RotationStatement {
            format: ROTATION_FORMAT.into(),
            from: kid(&o),
            from_public_key: STANDARD.encode(o.as_bytes()),
            to: kid(&n),
            to_public_key: STANDARD.encode(n.as_bytes()),
            time: time.min(MAX_TIME),
            signature_from: None,
            signature_to: None,
        };
        let bytes = s.signed_bytes();
        s.signature_from = Some(STANDARD.encode(old.try_sign(&bytes)?.to_bytes()));
        s.signature_to = Some(STANDARD.encode(new.try_sign(&bytes)?.to_bytes()));
        Ok(s)
    }

    /// The bytes both keys sign: [`DOMAIN`], then the RFC 8785 (JCS) form of the statement
    /// without its signatures.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let body = Body {
            format: &self.format,
            from: &self.from,
            from_public_key: &self.from_public_key,
            time: self.time,
            to: &self.to,
            to_public_key: &self.to_public_key,
        };
        let mut out = DOMAIN.to_vec();
        out.extend(serde_jcs::to_vec(&body).expect("strings and a number serialise"));
        out
    }

    /// Parses and verifies a statement: its shape, both keys and both signatures (strict
    /// Ed25519). Trust is not its business: a statement only extends a key already trusted.
    pub fn parse(bytes: &[u8]) -> Result<RotationStatement, RotationError> {
        let s: RotationStatement =
            serde_json::from_slice(bytes).map_err(|e| RotationError::Malformed(e.to_string()))?;
        if s.format != ROTATION_FORMAT {
            return Err(RotationError::Malformed(format!(
                "format is {:?}, not {ROTATION_FORMAT:?}",
                s.format
            )));
        }
        if s.time > MAX_TIME {
            return Err(RotationError::Malformed("time is beyond 2^53-1".into()));
        }
        let from = decode_key("from_public_key", &s.from_public_key, &s.from)?;
        let to = decode_key("to_public_key", &s.to_public_key, &s.to)?;
        if s.from == s.to {
            return Err(RotationError::Malformed("a key cannot rotate to itself".into()));
        }
        let (sig_from, sig_to) = match (&s.signature_from, &s.signature_to) {
            (Some(f), Some(t)) => (f, t),
            (Some(_), None) => return Err(RotationError::OneSignature("old")),
            (None, Some(_)) => return Err(RotationError::OneSignature("new")),
            (None, None) => return Err(RotationError::Malformed("it has no signatures".into())),
        };
        let bytes = s.signed_bytes();
        for (which, key, sig, id) in [("old", from, sig_from, &s.from), ("new", to, sig_to, &s.to)]
        {
            let sig: Option<[u8; 64]> = STANDARD.decode(sig).ok().and_then(|b| b.try_into().ok());
            let ok = sig
                .is_some_and(|sig| key.verify_strict(&bytes, &Signature::from_bytes(&sig)).is_ok());
            if !ok {
                return Err(RotationError::BadSignature { which, kid: id.clone() });
            }
        }
        Ok(s)
    }

    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a statement serialises");
        s.push('\n');
        s
    }

    /// The file name a home stores it under: one per (old, new) pair.
    pub fn file_name(&self) -> String {
        format!("{}.{}.json", self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    #[test]
    fn both_signatures_are_required_and_checked() {
        let (old, new) = (SigningKey::from_bytes(&[1; 32]), SigningKey::from_bytes(&[2; 32]));
        let s = RotationStatement::sign(&old, &new, 1_800_000_000).unwrap();
        let json = s.to_json_pretty();
        assert_eq!(RotationStatement::parse(json.as_bytes()).unwrap(), s);

        let mut one = s.clone();
        one.signature_to = None;
        let err = RotationStatement::parse(one.to_json_pretty().as_bytes()).unwrap_err();
        assert_eq!(err, RotationError::OneSignature("old"));

        // The old key signing twice is not the new key signing.
        let mut twice = s.clone();
        twice.signature_to = twice.signature_from.clone();
        let err = RotationStatement::parse(twice.to_json_pretty().as_bytes()).unwrap_err();
        assert!(matches!(err, RotationError::BadSignature { which: "new", .. }), "{err}");

        let mut later = s.clone();
        later.time += 1;
        let err = RotationStatement::parse(later.to_json_pretty().as_bytes()).unwrap_err();
        assert!(matches!(err, RotationError::BadSignature { which: "old", .. }), "{err}");

        let extra = json.replacen('{', r#"{"note":"x","#, 1);
        assert!(matches!(
            RotationStatement::parse(extra.as_bytes()),
            Err(RotationError::Malformed(_))
        ));
    }
}
