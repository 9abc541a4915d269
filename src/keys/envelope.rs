//! The sealed private-key file format (`proofctl-private-key` v1): Argon2id + AES-256-GCM.
//!
//! A JSON document, so it is easy to inspect and to implement elsewhere:
//! ```json
//! {"format":"proofctl-private-key","version":1,"kid":"…",
//!  "kdf":{"name":"argon2id","version":19,"m_cost":22528,"t_cost":9,"p_cost":1,"salt":"…"},
//!  "cipher":{"name":"aes-256-gcm","nonce":"…"},
//!  "ciphertext":"…"}
//! ```
//! The 32-byte AES key is Argon2id(passphrase, salt, params). The plaintext is the PKCS#8 v1 DER of
//! the key. The associated data is the RFC 8785 canonical JSON of the document without
//! `ciphertext`, so changing any header field (cost, salt, kid, version) makes decryption fail.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::SigningKey;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{kid, pkcs8_v1_der, signing_key_from_pkcs8_der};

pub const FORMAT: &str = "proofctl-private-key";
pub const VERSION: u32 = 1;

/// Argon2id costs. Stored with every key so defaults can change without breaking old keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost: u32,
    /// Passes over memory.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

impl KdfParams {
    /// Defaults, chosen by measurement (see README "Key files"): RFC 9106 §4 says to fix the memory
    /// you can afford and then raise passes. `sign` must stay under 32 MiB peak, which leaves 22 MiB
    /// for the KDF beside the binary and the hashing buffers, so passes are raised to 9: more
    /// memory-passes (198 MiB) than RFC 9106's second option (64 MiB x 3), unlocking in about
    /// 0.1 s on a 2-core machine.
    pub const DEFAULT: KdfParams = KdfParams { m_cost: 22 * 1024, t_cost: 9, p_cost: 1 };

    /// The cheapest costs allowed, so unit tests do not spend time in the KDF.
    #[cfg(test)]
    pub(crate) const FAST_FOR_TESTS: KdfParams =
        KdfParams { m_cost: 8 * 1024, t_cost: 1, p_cost: 1 };

    /// The most a key file may ask for, about 4x [`KdfParams::DEFAULT`]: a key file is not trusted
    /// input until its tag checks, and a hostile one must not buy minutes of Argon2 (1 GiB,
    /// t = 64, p = 16 is about four minutes here) or gigabytes of memory before "wrong
    /// passphrase". Memory-passes (m x t) are what the time grows with; the separate limits keep
    /// memory and lanes sane. Documented in docs/key-file.md.
    pub const MAX_M_COST: u32 = 96 * 1024;
    pub const MAX_T_COST: u32 = 36;
    pub const MAX_P_COST: u32 = 4;
    pub const MAX_MEMORY_PASSES: u64 =
        4 * Self::DEFAULT.m_cost as u64 * Self::DEFAULT.t_cost as u64;

    /// Checks the costs against the bounds above (and Argon2's own minimum).
    pub fn check(&self) -> Result<(), String> {
        let over = |what: String| {
            Err(format!(
                "{what}; proofctl opens keys costing at most {} MiB, {} passes, {} lanes and {} \
                 MiB x passes (about 4x its default); re-seal the key with proofctl's defaults",
                Self::MAX_M_COST / 1024,
                Self::MAX_T_COST,
                Self::MAX_P_COST,
                Self::MAX_MEMORY_PASSES / 1024
            ))
        };
        if self.m_cost < 8 * 1024 {
            return Err(format!("kdf m_cost {} KiB is below the 8 MiB minimum", self.m_cost));
        }
        if self.t_cost < 1 || self.p_cost < 1 {
            return Err("kdf t_cost and p_cost must be at least 1".into());
        }
        if self.m_cost > Self::MAX_M_COST {
            return over(format!("kdf m_cost {} KiB is too much memory", self.m_cost));
        }
        if self.t_cost > Self::MAX_T_COST {
            return over(format!("kdf t_cost {} is too many passes", self.t_cost));
        }
        if self.p_cost > Self::MAX_P_COST {
            return over(format!("kdf p_cost {} is too many lanes", self.p_cost));
        }
        if u64::from(self.m_cost) * u64::from(self.t_cost) > Self::MAX_MEMORY_PASSES {
            return over(format!(
                "kdf m_cost {} KiB x t_cost {} is too much work",
                self.m_cost, self.t_cost
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kdf {
    name: String,
    version: u32,
    m_cost: u32,
    t_cost: u32,
    p_cost: u32,
    salt: String,
}

impl Kdf {
    fn params(&self) -> KdfParams {
        KdfParams { m_cost: self.m_cost, t_cost: self.t_cost, p_cost: self.p_cost }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cipher {
    name: String,
    nonce: String,
}

/// The header: everything but the ciphertext, bound to it as associated data.
#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    version: u32,
    kid: &'a str,
    kdf: &'a Kdf,
    cipher: &'a Cipher,
}

/// The whole file. Members are spelled out (no `flatten`, which cannot deny unknown fields), so a
/// member outside the associated data can never ride along unnoticed.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed {
    format: String,
    version: u32,
    kid: String,
    kdf: Kdf,
    cipher: Cipher,
    ciphertext: String,
}

/// Why a sealed key could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("wrong passphrase (or the key file was altered)")]
    WrongPassphrase,
    #[error("not a valid proofctl key file: {0}")]
    Malformed(String),
    #[error(
        "key file format version {0} is newer than this proofctl understands; upgrade proofctl"
    )]
    UnsupportedVersion(u32),
}

fn derive(passphrase: &[u8], salt: &[u8], p: KdfParams) -> Zeroizing<[u8; 32]> {
    let params = Params::new(p.m_cost, p.t_cost, p.p_cost, Some(32)).expect("checked params");
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase, salt, out.as_mut())
        .expect("salt and output lengths are valid");
    out
}

impl Sealed {
    /// The RFC 8785 form of every member but `ciphertext`.
    fn aad(&self) -> Vec<u8> {
        let header = Header {
            format: &self.format,
            version: self.version,
            kid: &self.kid,
            kdf: &self.kdf,
            cipher: &self.cipher,
        };
        serde_jcs::to_vec(&header).expect("header serialises")
    }
}

/// Seals `key` under `passphrase`. Returns the key file's text.
pub fn seal(key: &SigningKey, passphrase: &[u8], params: KdfParams) -> String {
    params.check().expect("caller passes sane params");
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut nonce);
    let mut sealed = Sealed {
        format: FORMAT.into(),
        version: VERSION,
        kid: kid(&key.verifying_key()),
        kdf: Kdf {
            name: "argon2id".into(),
            version: 0x13,
            m_cost: params.m_cost,
            t_cost: params.t_cost,
            p_cost: params.p_cost,
            salt: STANDARD.encode(salt),
        },
        cipher: Cipher { name: "aes-256-gcm".into(), nonce: STANDARD.encode(nonce) },
        ciphertext: String::new(),
    };
    let aes_key = derive(passphrase, &salt, params);
    let cipher = Aes256Gcm::new_from_slice(aes_key.as_ref()).expect("32-byte key");
    let plaintext = pkcs8_v1_der(key);
    let ciphertext = cipher
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: &plaintext, aad: &sealed.aad() })
        .expect("AES-GCM encryption of a short message cannot fail");
    sealed.ciphertext = STANDARD.encode(ciphertext);
    let mut text = serde_json::to_string_pretty(&sealed).expect("serialises");
    text.push('\n');
    text
}

/// Checks a sealed key's header (format, version, algorithms, costs) without any KDF work, so a
/// file that cannot or must not be opened is refused before a passphrase is asked for.
pub fn check_header(text: &str) -> Result<(), OpenError> {
    parse(text).map(|_| ())
}

/// True when `text` looks like a sealed key (rather than a PEM).
pub fn is_sealed(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

fn parse(text: &str) -> Result<Sealed, OpenError> {
    let sealed: Sealed =
        serde_json::from_str(text).map_err(|e| OpenError::Malformed(e.to_string()))?;
    let h = &sealed;
    if h.format != FORMAT {
        return Err(OpenError::Malformed(format!("format is {:?}, expected {FORMAT:?}", h.format)));
    }
    if h.version != VERSION {
        return Err(OpenError::UnsupportedVersion(h.version));
    }
    if h.kdf.name != "argon2id" || h.kdf.version != 0x13 {
        return Err(OpenError::Malformed(format!(
            "unsupported kdf {} v{}",
            h.kdf.name, h.kdf.version
        )));
    }
    if h.cipher.name != "aes-256-gcm" {
        return Err(OpenError::Malformed(format!("unsupported cipher {}", h.cipher.name)));
    }
    h.kdf.params().check().map_err(OpenError::Malformed)?;
    Ok(sealed)
}

/// Opens a sealed key. The passphrase is checked by the AEAD tag, not by a separate verifier.
pub fn open(text: &str, passphrase: &[u8]) -> Result<SigningKey, OpenError> {
    let sealed = parse(text)?;
    let h = &sealed;
    let b64 = |field: &str, s: &str| {
        STANDARD.decode(s).map_err(|e| OpenError::Malformed(format!("{field}: {e}")))
    };
    let salt = b64("salt", &h.kdf.salt)?;
    let nonce = b64("nonce", &h.cipher.nonce)?;
    let ciphertext = b64("ciphertext", &sealed.ciphertext)?;
    if salt.len() < 8 || nonce.len() != 12 {
        return Err(OpenError::Malformed("salt or nonce has the wrong length".into()));
    }
    let aes_key = derive(passphrase, &salt, h.kdf.params());
    let cipher = Aes256Gcm::new_from_slice(aes_key.as_ref()).expect("32-byte key");
    let plaintext = Zeroizing::new(
        cipher
            .decrypt(Nonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: &h.aad() })
            .map_err(|_| OpenError::WrongPassphrase)?,
    );
    let key = signing_key_from_pkcs8_der(&plaintext).map_err(OpenError::Malformed)?;
    if kid(&key.verifying_key()) != h.kid {
        return Err(OpenError::Malformed(
            "the key inside does not match the kid in the header".into(),
        ));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams::FAST_FOR_TESTS;

    #[test]
    fn seal_open_round_trip() {
        let key = SigningKey::from_bytes(&[3u8; 32]);
        let text = seal(&key, b"correct horse", FAST);
        assert!(is_sealed(&text));
        assert_eq!(open(&text, b"correct horse").unwrap().to_bytes(), key.to_bytes());
        assert!(matches!(open(&text, b"wrong"), Err(OpenError::WrongPassphrase)));
    }

    #[test]
    fn header_is_bound_as_associated_data() {
        let key = SigningKey::from_bytes(&[3u8; 32]);
        let text = seal(&key, b"pw", FAST);
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        // Raising the cost is a plausible tamper that must not go unnoticed.
        v["kdf"]["t_cost"] = 2.into();
        let tampered = serde_json::to_string(&v).unwrap();
        assert!(matches!(open(&tampered, b"pw"), Err(OpenError::WrongPassphrase)));
    }

    #[test]
    fn unknown_members_are_refused() {
        let key = SigningKey::from_bytes(&[3u8; 32]);
        let mut v: serde_json::Value = serde_json::from_str(&seal(&key, b"pw", FAST)).unwrap();
        v["note"] = "outside the associated data".into();
        assert!(matches!(open(&v.to_string(), b"pw"), Err(OpenError::Malformed(_))));
    }

    #[test]
    fn hostile_costs_are_refused_before_allocating() {
        let key = SigningKey::from_bytes(&[3u8; 32]);
        let mut v: serde_json::Value = serde_json::from_str(&seal(&key, b"pw", FAST)).unwrap();
        v["kdf"]["m_cost"] = (64u64 * 1024 * 1024).into();
        let text = serde_json::to_string(&v).unwrap();
        assert!(matches!(open(&text, b"pw"), Err(OpenError::Malformed(_))));
    }

    /// The known-answer example of docs/key-file.md, read from the document itself.
    fn spec_example() -> String {
        let doc = include_str!("../../docs/key-file.md");
        let start = doc.find("```json\n").expect("the spec has an example") + 8;
        let len = doc[start..].find("```").unwrap();
        doc[start..start + len].to_string()
    }

    #[test]
    fn the_spec_example_opens_and_every_header_member_is_bound() {
        let text = spec_example();
        let key = open(&text, b"key file test vector").unwrap();
        assert_eq!(
            hex::encode(key.to_bytes()),
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for (path, new) in [
            ("/kid", serde_json::json!("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4K")),
            ("/kdf/t_cost", 8.into()),
            ("/kdf/salt", "zwE000ULpqM23kzuX67qrA==".into()),
            ("/cipher/nonce", "YR6qKsjHVJovdM6X".into()),
        ] {
            let mut t = v.clone();
            *t.pointer_mut(path).unwrap() = new;
            assert!(
                matches!(
                    open(&t.to_string(), b"key file test vector"),
                    Err(OpenError::WrongPassphrase)
                ),
                "{path}"
            );
        }
        let mut t = v.clone();
        t["kdf"]["m_cost"] = (1024 * 1024).into();
        assert!(matches!(check_header(&t.to_string()), Err(OpenError::Malformed(_))));
    }

    #[test]
    fn costs_are_capped_near_four_times_the_default() {
        let ok = |m, t, p| KdfParams { m_cost: m, t_cost: t, p_cost: p }.check();
        ok(KdfParams::DEFAULT.m_cost, KdfParams::DEFAULT.t_cost, 1).unwrap();
        // Keys sealed under the previous default keep opening.
        ok(24 * 1024, 8, 1).unwrap();
        ok(64 * 1024, 3, 4).unwrap();
        ok(88 * 1024, 9, 1).unwrap();
        // The hostile file of issue 11: 1 GiB, t = 64, p = 16.
        let err = ok(1024 * 1024, 64, 16).unwrap_err();
        assert!(err.contains("too much memory") && err.contains("at most 96 MiB"), "{err}");
        assert!(ok(22 * 1024, 37, 1).unwrap_err().contains("too many passes"));
        assert!(ok(22 * 1024, 9, 5).unwrap_err().contains("too many lanes"));
        assert!(ok(96 * 1024, 9, 1).unwrap_err().contains("too much work"));
        assert!(ok(4 * 1024, 9, 1).unwrap_err().contains("below"));
    }
}
