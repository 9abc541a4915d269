//! Fulcio signing certificates: the chain to a certificate authority of the trusted root at the
//! signing time, the code-signing key usage, and the identity (SAN) and OIDC issuer the
//! certificate names.

use std::time::SystemTime;

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5280::ID_KP_CODE_SIGNING;
use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, SubjectAltName};

use super::Fail;
use super::root::TrustedRoot;

/// Fulcio's OIDC issuer extension, v1 (raw string value) and v2 (DER UTF8String).
const ISSUER_V1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.57264.1.1");
const ISSUER_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.57264.1.8");

/// The identity a signing certificate names: its SAN (email or URI) and OIDC issuer.
#[derive(Debug, Clone)]
pub struct Identity {
    pub san: Option<String>,
    pub issuer: Option<String>,
}

pub fn identity(leaf: &Certificate) -> Identity {
    let san = match leaf.tbs_certificate.get::<SubjectAltName>() {
        Ok(Some((_, san))) => san.0.iter().find_map(|g| match g {
            GeneralName::Rfc822Name(s) => Some(s.to_string()),
            GeneralName::UniformResourceIdentifier(s) => Some(s.to_string()),
            _ => None,
        }),
        _ => None,
    };
    let exts = leaf.tbs_certificate.extensions.as_deref().unwrap_or(&[]);
    let v2 = exts.iter().find(|e| e.extn_id == ISSUER_V2).and_then(|e| {
        der::asn1::Utf8StringRef::from_der(e.extn_value.as_bytes()).ok().map(|s| s.to_string())
    });
    let v1 = exts
        .iter()
        .find(|e| e.extn_id == ISSUER_V1)
        .and_then(|e| String::from_utf8(e.extn_value.as_bytes().to_vec()).ok());
    Identity { san, issuer: v2.or(v1) }
}

/// The leaf must be for code signing and not a CA.
pub fn check_leaf(leaf: &Certificate) -> Result<(), Fail> {
    match leaf.tbs_certificate.get::<ExtendedKeyUsage>() {
        Ok(Some((_, eku))) if eku.0.contains(&ID_KP_CODE_SIGNING) => {}
        _ => {
            return Err(Fail::untrusted(
                "the signing certificate is not for code signing (no id-kp-codeSigning EKU)",
            ));
        }
    }
    if is_ca(leaf) {
        return Err(Fail::untrusted("the signing certificate is a CA certificate"));
    }
    Ok(())
}

fn is_ca(c: &Certificate) -> bool {
    matches!(c.tbs_certificate.get::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
}

fn valid_at(c: &Certificate, t: SystemTime) -> bool {
    let v = &c.tbs_certificate.validity;
    t >= v.not_before.to_system_time() && t <= v.not_after.to_system_time()
}

fn issued_by(child: &Certificate, issuer: &Certificate) -> bool {
    if child.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let (Ok(tbs), Some(sig)) = (child.tbs_certificate.to_der(), child.signature.as_bytes()) else {
        return false;
    };
    crate::timestamp::verify_with_spki(
        &issuer.tbs_certificate.subject_public_key_info,
        &child.signature_algorithm.oid,
        None,
        &tbs,
        sig,
    )
    .is_ok()
}

/// Checks that `leaf` chains to a certificate authority of `root` that was trusted at every time
/// in `times` (the verified signing times), with every certificate of the chain valid then.
/// Returns the subject of the CA's root certificate, and the leaf's issuer.
pub fn check_chain<'r>(
    leaf: &Certificate,
    root: &'r TrustedRoot,
    times: &[SystemTime],
) -> Result<(String, &'r Certificate), Fail> {
    for &t in times {
        if !valid_at(leaf, t) {
            return Err(Fail::outside_validity(format!(
                "the signing certificate was not valid at the signing time {} (valid {} to {})",
                humantime::format_rfc3339_seconds(t),
                leaf.tbs_certificate.validity.not_before,
                leaf.tbs_certificate.validity.not_after
            )));
        }
    }
    let mut why = None;
    for ca in &root.cas {
        if !issued_by(leaf, &ca.chain[0]) {
            continue;
        }
        let links_ok = ca.chain.windows(2).all(|w| issued_by(&w[0], &w[1]));
        if !links_ok || !ca.chain.iter().all(is_ca) {
            why.get_or_insert("the trusted root's CA chain does not verify");
            continue;
        }
        let in_time =
            times.iter().all(|&t| ca.valid.contains(t) && ca.chain.iter().all(|c| valid_at(c, t)));
        if !in_time {
            why.get_or_insert(
                "the certificate authority was not valid at the signing time (trusted root validFor or its certificates)",
            );
            continue;
        }
        let top = ca.chain.last().expect("non-empty chain");
        return Ok((top.tbs_certificate.subject.to_string(), &ca.chain[0]));
    }
    Err(match why {
        Some(w) => Fail::outside_validity(w),
        None => Fail::untrusted(format!(
            "the signing certificate (issuer {}) chains to no certificate authority of the trusted root",
            leaf.tbs_certificate.issuer
        )),
    })
}

/// The embedded SCT list extension (RFC 6962 §3.3).
const SCT_LIST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.11129.2.4.2");

/// Checks that the leaf carries a signed certificate timestamp from a CT log of the trusted root
/// (RFC 6962 §3.2, a precertificate entry): Fulcio logs every certificate it issues, and an SCT
/// is the log's promise that it did. Returns the log's host. A trusted root that names no CT
/// log asks for none.
pub fn check_sct(
    leaf: &Certificate,
    issuer: &Certificate,
    root: &TrustedRoot,
) -> Result<Option<String>, Fail> {
    use sha2::{Digest, Sha256};
    if root.ctlogs.is_empty() {
        return Ok(None);
    }
    let exts = leaf.tbs_certificate.extensions.as_deref().unwrap_or(&[]);
    let ext = exts.iter().find(|e| e.extn_id == SCT_LIST).ok_or_else(|| {
        Fail::untrusted("the signing certificate carries no SCT (certificate transparency)")
    })?;
    let list = der::asn1::OctetString::from_der(ext.extn_value.as_bytes())
        .map_err(|e| Fail::malformed(format!("SCT list: {e}")))?;
    let scts = parse_sct_list(list.as_bytes())
        .ok_or_else(|| Fail::malformed("the certificate's SCT list does not parse"))?;

    // The precertificate's TBS: the leaf's, without the SCT list.
    let mut tbs = leaf.tbs_certificate.clone();
    if let Some(v) = tbs.extensions.as_mut() {
        v.retain(|e| e.extn_id != SCT_LIST);
    }
    let tbs = tbs.to_der().map_err(|e| Fail::malformed(format!("certificate: {e}")))?;
    let issuer_spki = issuer
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| Fail::malformed(format!("issuer key: {e}")))?;
    let issuer_key_hash = Sha256::digest(&issuer_spki);
    for sct in &scts {
        let Some(log) = root.ctlogs.iter().find(|l| l.key_id == sct.log_id) else { continue };
        let Ok(key) = super::PubKey::from_spki(&log.spki) else { continue };
        let mut signed = Vec::with_capacity(tbs.len() + 64);
        signed.extend_from_slice(&[0, 0]); // v1, certificate_timestamp
        signed.extend_from_slice(&sct.timestamp.to_be_bytes());
        signed.extend_from_slice(&[0, 1]); // precert_entry
        signed.extend_from_slice(&issuer_key_hash);
        let n = tbs.len();
        signed.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        signed.extend_from_slice(&tbs);
        signed.extend_from_slice(&(sct.extensions.len() as u16).to_be_bytes());
        signed.extend_from_slice(&sct.extensions);
        if key.verify(&signed, &sct.signature) {
            return Ok(Some(log.host.clone()));
        }
    }
    Err(Fail::untrusted(
        "the signing certificate has no valid SCT from a certificate transparency log of the trusted root",
    ))
}

struct Sct {
    log_id: Vec<u8>,
    timestamp: u64,
    extensions: Vec<u8>,
    signature: Vec<u8>,
}

/// A TLS-encoded SignedCertificateTimestampList (RFC 6962 §3.3).
fn parse_sct_list(b: &[u8]) -> Option<Vec<Sct>> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        (b.len() >= n).then(|| {
            let (h, t) = b.split_at(n);
            *b = t;
            h
        })
    }
    fn u16_of(b: &mut &[u8]) -> Option<usize> {
        take(b, 2).map(|x| u16::from_be_bytes([x[0], x[1]]) as usize)
    }
    let mut b = b;
    let total = u16_of(&mut b)?;
    let mut list = take(&mut b, total)?;
    if !b.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    while !list.is_empty() {
        let n = u16_of(&mut list)?;
        let mut s = take(&mut list, n)?;
        if take(&mut s, 1)? != [0] {
            continue; // not v1: skip rather than misread
        }
        let log_id = take(&mut s, 32)?.to_vec();
        let ts = take(&mut s, 8)?;
        let timestamp = u64::from_be_bytes(ts.try_into().ok()?);
        let en = u16_of(&mut s)?;
        let extensions = take(&mut s, en)?.to_vec();
        let _algs = take(&mut s, 2)?;
        let sn = u16_of(&mut s)?;
        let signature = take(&mut s, sn)?.to_vec();
        out.push(Sct { log_id, timestamp, extensions, signature });
    }
    Some(out)
}
