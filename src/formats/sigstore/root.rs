//! Sigstore trusted roots (`trusted_root.json`, dev.sigstore.trustroot.v1.TrustedRoot): the
//! Fulcio CAs, transparency logs and timestamp authorities a keyless bundle is checked against.
//! Always a file the user pinned; never fetched.

use std::path::Path;
use std::time::SystemTime;

use der::Decode;
use serde::Deserialize;
use x509_cert::Certificate;

use super::{b64, parse_time};

/// A parsed trusted root: every key and certificate decoded once.
#[derive(Debug)]
pub struct TrustedRoot {
    pub tlogs: Vec<Log>,
    pub ctlogs: Vec<Log>,
    pub cas: Vec<Authority>,
    pub tsas: Vec<Authority>,
}

/// A transparency log (Rekor) or certificate transparency log and its key.
#[derive(Debug)]
pub struct Log {
    /// The log's host, as checkpoints name it (`rekor.sigstore.dev`).
    pub host: String,
    /// `logId.keyId`: SHA-256 of the key's SPKI for ECDSA logs.
    pub key_id: Vec<u8>,
    /// SubjectPublicKeyInfo DER.
    pub spki: Vec<u8>,
    pub valid: Validity,
}

/// A certificate authority (Fulcio) or timestamp authority: its chain, leaf-most first, root last.
#[derive(Debug)]
pub struct Authority {
    pub chain: Vec<Certificate>,
    pub valid: Validity,
}

/// A `validFor` range; the end is inclusive (as sigstore's clients read it).
#[derive(Debug, Clone, Copy)]
pub struct Validity {
    pub start: SystemTime,
    pub end: Option<SystemTime>,
}

impl Validity {
    pub fn contains(&self, t: SystemTime) -> bool {
        t >= self.start && self.end.is_none_or(|e| t <= e)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    media_type: String,
    #[serde(default)]
    tlogs: Vec<RawLog>,
    #[serde(default)]
    certificate_authorities: Vec<RawAuthority>,
    #[serde(default)]
    ctlogs: Vec<RawLog>,
    #[serde(default)]
    timestamp_authorities: Vec<RawAuthority>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLog {
    base_url: String,
    public_key: RawKey,
    log_id: RawLogId,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawKey {
    raw_bytes: Option<String>,
    valid_for: Option<RawValidity>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLogId {
    key_id: String,
}

#[derive(Deserialize)]
struct RawValidity {
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAuthority {
    cert_chain: RawChain,
    valid_for: Option<RawValidity>,
}

#[derive(Deserialize)]
struct RawChain {
    certificates: Vec<RawBytes>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawBytes {
    pub raw_bytes: String,
}

/// Reads and parses the trusted root at `path`; the error does not repeat the path.
pub fn load(path: &Path) -> Result<TrustedRoot, String> {
    let bytes = crate::fsutil::read_bounded(path, crate::fsutil::SMALL_FILE_LIMIT)
        .map_err(|e| crate::fsutil::describe_io(&e))?;
    parse(&bytes).map_err(|e| {
        format!(
            "not a usable Sigstore trusted root ({e}); give the trusted_root.json of the \
             Sigstore instance that signed"
        )
    })
}

pub fn parse(bytes: &[u8]) -> Result<TrustedRoot, String> {
    let raw: Raw = serde_json::from_slice(bytes).map_err(|e| format!("JSON: {e}"))?;
    if !raw.media_type.starts_with("application/vnd.dev.sigstore.trustedroot") {
        return Err(format!("mediaType {:?} is not a trusted root", raw.media_type));
    }
    let logs = |v: Vec<RawLog>| -> Result<Vec<Log>, String> { v.into_iter().map(log).collect() };
    let auths = |v: Vec<RawAuthority>| -> Result<Vec<Authority>, String> {
        v.into_iter().map(authority).collect()
    };
    Ok(TrustedRoot {
        tlogs: logs(raw.tlogs)?,
        ctlogs: logs(raw.ctlogs)?,
        cas: auths(raw.certificate_authorities)?,
        tsas: auths(raw.timestamp_authorities)?,
    })
}

fn validity(v: Option<RawValidity>, what: &str) -> Result<Validity, String> {
    // A key or CA without a start of validity is not trusted at any time: the trust root is
    // malformed there, and guessing "forever" would widen it.
    let v = v.ok_or_else(|| format!("{what} has no validFor"))?;
    let start = v.start.as_deref().ok_or_else(|| format!("{what} has no validFor.start"))?;
    Ok(Validity {
        start: parse_time(start).ok_or_else(|| format!("{what}: bad time {start:?}"))?,
        end: match v.end.as_deref() {
            None => None,
            Some(e) => Some(parse_time(e).ok_or_else(|| format!("{what}: bad time {e:?}"))?),
        },
    })
}

fn log(l: RawLog) -> Result<Log, String> {
    let what = format!("log {}", l.base_url);
    let spki = b64(l.public_key.raw_bytes.as_deref().unwrap_or(""))
        .map_err(|e| format!("{what}: public key: {e}"))?;
    let host = l.base_url.split_once("://").map_or(l.base_url.as_str(), |(_, h)| h);
    Ok(Log {
        host: host.trim_end_matches('/').to_string(),
        key_id: b64(&l.log_id.key_id).map_err(|e| format!("{what}: logId: {e}"))?,
        spki,
        valid: validity(l.public_key.valid_for, &what)?,
    })
}

fn authority(a: RawAuthority) -> Result<Authority, String> {
    let chain = a
        .cert_chain
        .certificates
        .iter()
        .map(|c| {
            let der = b64(&c.raw_bytes)?;
            Certificate::from_der(&der).map_err(|e| format!("certificate: {e}"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if chain.is_empty() {
        return Err("an authority has an empty certificate chain".into());
    }
    Ok(Authority { chain, valid: validity(a.valid_for, "an authority")? })
}
