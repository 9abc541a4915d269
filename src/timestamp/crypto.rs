//! Signature and digest checks for time-stamp tokens and their certificate chains: RSA
//! PKCS#1 v1.5 and ECDSA on P-256 / P-384, with SHA-256/384/512 (what TSAs use today).

use std::sync::{Arc, Mutex};

use cms::signed_data::SignerInfo;
use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, ID_EC_PUBLIC_KEY, ID_SHA_256,
    ID_SHA_384, ID_SHA_512, RSA_ENCRYPTION, SECP_256_R_1, SECP_384_R_1,
    SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};
use der::Encode;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;

use super::TokenError;
use crate::built_after::BuiltAfter;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

fn hash_of(oid: &ObjectIdentifier) -> Result<Hash, TokenError> {
    match *oid {
        ID_SHA_256 => Ok(Hash::Sha256),
        ID_SHA_384 => Ok(Hash::Sha384),
        ID_SHA_512 => Ok(Hash::Sha512),
        _ => Err(TokenError::UnsupportedDigest(oid.to_string())),
    }
}

fn run(h: Hash, data: &[u8]) -> Vec<u8> {
    match h {
        Hash::Sha256 => Sha256::digest(data).to_vec(),
        Hash::Sha384 => Sha384::digest(data).to_vec(),
        Hash::Sha512 => Sha512::digest(data).to_vec(),
    }
}

/// The digest `oid` names, over `data`.
pub(super) fn digest(oid: &ObjectIdentifier, data: &[u8]) -> Result<Vec<u8>, TokenError> {
    Ok(run(hash_of(oid)?, data))
}

/// The signature over the DER SET OF signed attributes (RFC 5652 §5.4: re-tagged as SET).
pub(super) fn verify_signer_info(si: &SignerInfo, signer: &Certificate) -> Result<(), TokenError> {
    let attrs = si.signed_attrs.as_ref().ok_or(TokenError::NoSignedAttributes)?;
    let signed =
        attrs.to_der().map_err(|e| TokenError::Malformed(format!("signed attributes: {e}")))?;
    verify_with_spki(
        &signer.tbs_certificate.subject_public_key_info,
        &si.signature_algorithm.oid,
        Some(&si.digest_alg.oid),
        &signed,
        si.signature.as_bytes(),
    )
}

/// A public key its signature crate parsed (and so checked): what a signature is verified with.
enum ParsedKey {
    Rsa { key: rsa::RsaPublicKey, bits: usize },
    P256(P256Key),
    P384(p384::ecdsa::VerifyingKey),
}

/// A P-256 key and, from its [`COMB_AFTER`]th signature in this process, its comb table.
struct P256Key {
    key: p256::ecdsa::VerifyingKey,
    table: BuiltAfter<Option<super::p256_comb::Table>>,
}

/// Building a table costs about as much as sixty ring verifications: a batch of tokens by one
/// TSA gains it back, a single token never pays it.
const COMB_AFTER: usize = 64;

impl P256Key {
    fn new(key: p256::ecdsa::VerifyingKey) -> Self {
        Self { key, table: BuiltAfter::new() }
    }

    /// Whether the comb confirms `sig` over `msg` (ECDSA with SHA-256); `false` leaves the
    /// verdict to ring.
    fn confirms(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some(table) =
            self.table.get(COMB_AFTER, || super::p256_comb::Table::new(self.key.as_affine()))
        else {
            return false;
        };
        table
            .as_ref()
            .is_some_and(|t| super::p256_comb::confirms(t, &Sha256::digest(msg).into(), sig))
    }
}

/// Keys already parsed in this process, keyed by the whole SubjectPublicKeyInfo (compared field
/// by field, which is comparing its DER). Every token of one TSA is signed by the same key: without
/// this, verifying 10,000 timestamped proofs encodes and parses that one key 10,000 times. Only
/// keys that parsed are kept, and parsing is a function of those exact bytes, so a hit is the key
/// parsing would give; every signature is still verified. Bounded: cleared when full.
static PARSED_KEYS: Mutex<Vec<(SubjectPublicKeyInfoOwned, Arc<ParsedKey>)>> =
    Mutex::new(Vec::new());
const MAX_PARSED_KEYS: usize = 64;

fn parsed_key(spki: &SubjectPublicKeyInfoOwned) -> Result<Arc<ParsedKey>, TokenError> {
    let cached = |keys: &Vec<(SubjectPublicKeyInfoOwned, Arc<ParsedKey>)>| {
        keys.iter().find(|(k, _)| k == spki).map(|(_, p)| Arc::clone(p))
    };
    if let Some(key) = PARSED_KEYS.lock().ok().and_then(|keys| cached(&keys)) {
        return Ok(key);
    }
    let key = Arc::new(parse_key(spki)?);
    if let Ok(mut keys) = PARSED_KEYS.lock() {
        if keys.len() >= MAX_PARSED_KEYS {
            keys.clear();
        }
        keys.push((spki.clone(), Arc::clone(&key)));
    }
    Ok(key)
}

fn parse_key(spki: &SubjectPublicKeyInfoOwned) -> Result<ParsedKey, TokenError> {
    let spki_der = spki.to_der().map_err(|e| TokenError::Malformed(format!("public key: {e}")))?;
    let malformed = |what: &str, e: spki::Error| TokenError::Malformed(format!("{what}: {e}"));
    match spki.algorithm.oid {
        RSA_ENCRYPTION => {
            let key = rsa::RsaPublicKey::from_public_key_der(&spki_der)
                .map_err(|e| malformed("RSA public key", e))?;
            let bits = rsa::traits::PublicKeyParts::n(&key).bits();
            Ok(ParsedKey::Rsa { key, bits })
        }
        ID_EC_PUBLIC_KEY => {
            let curve: ObjectIdentifier =
                spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as().ok()).ok_or_else(
                    || TokenError::UnsupportedKey("EC key without a named curve".into()),
                )?;
            match curve {
                SECP_256_R_1 => p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
                    .map(|key| ParsedKey::P256(P256Key::new(key)))
                    .map_err(|e| malformed("P-256 public key", e)),
                SECP_384_R_1 => p384::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
                    .map(ParsedKey::P384)
                    .map_err(|e| malformed("P-384 public key", e)),
                other => Err(TokenError::UnsupportedKey(format!("EC curve {other}"))),
            }
        }
        other => Err(TokenError::UnsupportedKey(other.to_string())),
    }
}

/// Verifies `sig` over `msg` with the key in `spki`. `sig_alg` is a signature algorithm OID;
/// CMS also allows plain rsaEncryption there (OpenSSL writes it), in which case the hash is
/// `digest_alg`. A signature that does not verify is [`TokenError::BadSignature`].
pub fn verify_with_spki(
    spki: &SubjectPublicKeyInfoOwned,
    sig_alg: &ObjectIdentifier,
    digest_alg: Option<&ObjectIdentifier>,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), TokenError> {
    let unsupported = || TokenError::UnsupportedSignatureAlgorithm(sig_alg.to_string());
    let (rsa, hash) = match *sig_alg {
        SHA_256_WITH_RSA_ENCRYPTION => (true, Hash::Sha256),
        SHA_384_WITH_RSA_ENCRYPTION => (true, Hash::Sha384),
        SHA_512_WITH_RSA_ENCRYPTION => (true, Hash::Sha512),
        RSA_ENCRYPTION => (true, hash_of(digest_alg.ok_or_else(unsupported)?)?),
        ECDSA_WITH_SHA_256 => (false, Hash::Sha256),
        ECDSA_WITH_SHA_384 => (false, Hash::Sha384),
        ECDSA_WITH_SHA_512 => (false, Hash::Sha512),
        _ => return Err(unsupported()),
    };
    // In CMS the digest algorithm hashes the signed attributes too: both must agree.
    if let Some(d) = digest_alg
        && hash_of(d)? != hash
    {
        return Err(unsupported());
    }
    let key_alg = spki.algorithm.oid;
    if key_alg != if rsa { RSA_ENCRYPTION } else { ID_EC_PUBLIC_KEY } {
        return Err(unsupported());
    }
    use ring::signature as rs;
    let ring_verifies = |alg: &'static dyn rs::VerificationAlgorithm| {
        rs::UnparsedPublicKey::new(alg, spki.subject_public_key.raw_bytes())
            .verify(msg, sig)
            .is_ok()
    };
    let ok = match &*parsed_key(spki)? {
        // ring checks RSA signatures of 2048 to 8192 bits some twenty times faster than the rsa
        // crate's generic bignums (about 0.5 ms each): verify of 10,000 timestamped proofs checks
        // 10,000 of them. Other sizes keep the rsa crate's answer.
        ParsedKey::Rsa { bits, .. } if (2048..=8192).contains(bits) => ring_verifies(match hash {
            Hash::Sha256 => &rs::RSA_PKCS1_2048_8192_SHA256,
            Hash::Sha384 => &rs::RSA_PKCS1_2048_8192_SHA384,
            Hash::Sha512 => &rs::RSA_PKCS1_2048_8192_SHA512,
        }),
        ParsedKey::Rsa { key, .. } => {
            let scheme = match hash {
                Hash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
                Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
                Hash::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
            };
            key.verify(scheme, &run(hash, msg), sig).is_ok()
        }
        // ring again where it has the pair (P-256/P-384 with SHA-256/SHA-384): several times
        // faster than the p256/p384 crates, which keep the other pairs. The key was still parsed
        // by the curve's crate above: a bad key stays `Malformed`.
        ParsedKey::P256(key) if hash == Hash::Sha256 => {
            key.confirms(msg, sig) || ring_verifies(&rs::ECDSA_P256_SHA256_ASN1)
        }
        ParsedKey::P256(_) if hash == Hash::Sha384 => ring_verifies(&rs::ECDSA_P256_SHA384_ASN1),
        ParsedKey::P384(_) if hash == Hash::Sha256 => ring_verifies(&rs::ECDSA_P384_SHA256_ASN1),
        ParsedKey::P384(_) if hash == Hash::Sha384 => ring_verifies(&rs::ECDSA_P384_SHA384_ASN1),
        ParsedKey::P256(key) => p256::ecdsa::Signature::from_der(sig)
            .is_ok_and(|s| key.key.verify_prehash(&run(hash, msg), &s).is_ok()),
        ParsedKey::P384(key) => p384::ecdsa::Signature::from_der(sig)
            .is_ok_and(|s| key.verify_prehash(&run(hash, msg), &s).is_ok()),
    };
    if ok { Ok(()) } else { Err(TokenError::BadSignature) }
}
