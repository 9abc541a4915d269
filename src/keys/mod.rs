//! Ed25519 key identity and encodings: key ids, SPKI public keys, PKCS#8 v1 private keys.

pub mod envelope;
pub mod openssh;
pub mod pkcs11;
pub mod signer;
pub mod store;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, KeypairBytes};
use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

pub use envelope::KdfParams;
pub use signer::KeySigner;
pub use store::{KeyEntry, KeyError, KeyStore};

/// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the 32 key bytes follow it.
pub const SPKI_ED25519_PREFIX: [u8; 12] =
    [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

/// The key id: the RFC 7638 JWK thumbprint of the OKP public key, base64url without padding.
///
/// Derived from the public key alone, so proofs, licences and servers agree on it without a
/// registry. The JWK members are in the lexicographic order RFC 7638 requires.
pub fn kid(key: &VerifyingKey) -> String {
    kid_from_bytes(key.as_bytes())
}

/// [`kid`] of 32 raw key bytes, whether or not they encode a valid point (for test vectors and
/// for reporting on keys that fail to decode).
pub fn kid_from_bytes(raw: &[u8; 32]) -> String {
    let jwk = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, URL_SAFE_NO_PAD.encode(raw));
    URL_SAFE_NO_PAD.encode(Sha256::digest(jwk.as_bytes()))
}

/// The public key as SPKI PEM, exactly as POP-1.0 embeds it and OpenSSL writes it: one 60-char
/// base64 line between the armour lines, LF endings, a final newline.
pub fn public_key_pem(key: &VerifyingKey) -> String {
    public_key_pem_from_bytes(key.as_bytes())
}

/// [`public_key_pem`] of 32 raw key bytes.
pub fn public_key_pem_from_bytes(raw: &[u8; 32]) -> String {
    let mut der = Vec::with_capacity(44);
    der.extend_from_slice(&SPKI_ED25519_PREFIX);
    der.extend_from_slice(raw);
    format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", STANDARD.encode(der))
}

/// Whether a decoded key may be used at all: its encoding must be the canonical one (so one point
/// has one kid) and it must not be of small order (such keys "verify" forged signatures under lax
/// rules and can never prove anything).
pub fn check_usable(key: &VerifyingKey) -> Result<(), &'static str> {
    if key.to_edwards().compress().as_bytes() != key.as_bytes() {
        return Err("not the canonical encoding of an Ed25519 point");
    }
    if key.is_weak() {
        return Err("a small-order Ed25519 point, which proves nothing");
    }
    Ok(())
}

/// Reads an SPKI PEM public key (as written by `keygen`, `openssl pkey -pubout`, or any tool).
pub fn parse_public_key_pem(pem: &str) -> Result<VerifyingKey, String> {
    if pem.contains("PRIVATE KEY-----") {
        return Err("this is a private key; give its public half (`proofctl key export NAME`, or \
                    `openssl pkey -in KEY -pubout`)"
            .into());
    }
    let key = VerifyingKey::from_public_key_pem(pem.trim_start()).map_err(|e| match e {
        ed25519_dalek::pkcs8::spki::Error::OidUnknown { .. } => match spki_algorithm(pem) {
            Some(alg) => format!("this is {alg} public key; proofctl supports only Ed25519 keys"),
            None => "not an Ed25519 public key (proofctl keys are Ed25519)".to_string(),
        },
        other => format!("not an SPKI PEM public key ({other})"),
    })?;
    check_usable(&key).map_err(|why| format!("unusable public key: {why}"))?;
    Ok(key)
}

/// PKCS#8 **v1** DER of the private key (no embedded public key).
///
/// ed25519-dalek writes v2, which OpenSSL 3.0 and Python `cryptography` refuse; v1 is what every
/// tool reads.
pub fn pkcs8_v1_der(key: &SigningKey) -> Zeroizing<Vec<u8>> {
    let bytes = KeypairBytes { secret_key: key.to_bytes(), public_key: None };
    let doc = bytes.to_pkcs8_der().expect("encoding a 32-byte Ed25519 key as PKCS#8 cannot fail");
    Zeroizing::new(doc.as_bytes().to_vec())
}

/// PKCS#8 v1 PEM (`-----BEGIN PRIVATE KEY-----`) of the private key.
pub fn pkcs8_v1_pem(key: &SigningKey) -> Zeroizing<String> {
    let der = pkcs8_v1_der(key);
    // Sized up front: a growing String would leave unzeroized copies of the key in freed memory.
    let mut out = String::with_capacity(128);
    out.push_str("-----BEGIN PRIVATE KEY-----\n");
    let b64 = Zeroizing::new(STANDARD.encode(der.as_slice()));
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str("-----END PRIVATE KEY-----\n");
    Zeroizing::new(out)
}

/// Parses PKCS#8 DER (v1 or v2) holding an Ed25519 private key.
pub fn signing_key_from_pkcs8_der(der: &[u8]) -> Result<SigningKey, String> {
    if let Some(alg) = pkcs8_algorithm(der).filter(|a| *a != ED25519_NAME) {
        return Err(format!("this is {alg} private key; proofctl supports only Ed25519 keys"));
    }
    SigningKey::from_pkcs8_der(der).map_err(|e| format!("not an Ed25519 PKCS#8 private key ({e})"))
}

const ED25519_NAME: &str = "an Ed25519";

/// The algorithm a PKCS#8 (v1 or v2) private key is for, with its article ("an RSA"), or None
/// when the DER is not a PrivateKeyInfo.
pub fn pkcs8_algorithm(der: &[u8]) -> Option<String> {
    let info = pkcs8::PrivateKeyInfo::try_from(der).ok()?;
    Some(algorithm_name(&info.algorithm))
}

/// The algorithm of an SPKI PEM public key, as [`pkcs8_algorithm`] names it.
fn spki_algorithm(pem: &str) -> Option<String> {
    use pkcs8::der::{Decode, pem::PemLabel};
    let (label, doc) = pkcs8::Document::from_pem(pem.trim_start()).ok()?;
    if label != pkcs8::spki::SubjectPublicKeyInfoRef::PEM_LABEL {
        return None;
    }
    let spki = pkcs8::spki::SubjectPublicKeyInfoRef::from_der(doc.as_bytes()).ok()?;
    Some(algorithm_name(&spki.algorithm))
}

/// Names the algorithms people actually hand us by mistake, so the message says what the key is
/// rather than quoting Ed25519's own OID as "expected".
fn algorithm_name(alg: &pkcs8::AlgorithmIdentifierRef<'_>) -> String {
    let curve = alg.parameters_oid().ok().map(|o| o.to_string());
    let name = match alg.oid.to_string().as_str() {
        "1.3.101.112" => return ED25519_NAME.into(),
        "1.2.840.113549.1.1.1" => "an RSA",
        "1.2.840.113549.1.1.10" => "an RSA-PSS",
        "1.2.840.10040.4.1" => "a DSA",
        "1.3.101.110" => "an X25519",
        "1.3.101.111" => "an X448",
        "1.3.101.113" => "an Ed448",
        "1.2.840.10045.2.1" => match curve.as_deref() {
            Some("1.2.840.10045.3.1.7") => "an ECDSA P-256",
            Some("1.3.132.0.34") => "an ECDSA P-384",
            Some("1.3.132.0.35") => "an ECDSA P-521",
            Some("1.3.132.0.10") => "an ECDSA secp256k1",
            _ => "an elliptic-curve (ECDSA)",
        },
        other => return format!("a key of another algorithm (OID {other}), not an Ed25519"),
    };
    name.into()
}

/// Generates a new key from the operating system's random source.
pub fn generate() -> SigningKey {
    SigningKey::generate(&mut rand_core::OsRng)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037 appendix A.3: the thumbprint of the RFC 8032 test key.
    #[test]
    fn kid_matches_rfc8037_thumbprint() {
        let x = URL_SAFE_NO_PAD.decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap();
        let key = VerifyingKey::from_bytes(&x.try_into().unwrap()).unwrap();
        assert_eq!(kid(&key), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }

    #[test]
    fn pem_round_trips_and_pkcs8_is_v1() {
        let sk = SigningKey::from_bytes(&[7u8; 32]);
        let pem = public_key_pem(&sk.verifying_key());
        assert_eq!(parse_public_key_pem(&pem).unwrap(), sk.verifying_key());
        let der = pkcs8_v1_der(&sk);
        // SEQUENCE { INTEGER 0 (v1), ... }: the version byte sits right after the header.
        assert_eq!(&der[..5], &[0x30, 0x2e, 0x02, 0x01, 0x00]);
        assert_eq!(der.len(), 48);
        assert_eq!(signing_key_from_pkcs8_der(&der).unwrap().to_bytes(), sk.to_bytes());
        let pem = pkcs8_v1_pem(&sk);
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    }
}
