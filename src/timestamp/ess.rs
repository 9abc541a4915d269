//! ESSCertID (RFC 2634 §5.4) and ESSCertIDv2 (RFC 5035 §3, RFC 5816): the signed attribute that
//! binds a token to its TSA certificate, so a certificate swapped in the unsigned part is caught.
//! Declared with `der` derives (the RustCrypto crates ship no type for them).

use const_oid::db::rfc5912::ID_SHA_256;
use der::asn1::OctetString;
use der::{Any, Sequence};
use sha1::{Digest, Sha1};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::GeneralNames;
use x509_cert::serial_number::SerialNumber;

use super::TokenError;

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: GeneralNames,
    serial_number: SerialNumber,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertId {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificate {
    certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    policies: Option<Vec<Any>>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    /// DEFAULT id-sha256: absent means SHA-256.
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Vec<Any>>,
}

fn bad(e: der::Error) -> TokenError {
    TokenError::Malformed(format!("signing-certificate attribute: {e}"))
}

/// The first ESSCertID names the signer (RFC 2634 §5.4); later ones are its chain, not checked.
fn check_issuer_serial(is: &Option<IssuerSerial>, signer: &Certificate) -> Result<(), TokenError> {
    match is {
        Some(is) if is.serial_number != signer.tbs_certificate.serial_number => {
            Err(TokenError::SigningCertificateMismatch)
        }
        _ => Ok(()),
    }
}

pub(super) fn check_v1(
    attr: &Any,
    cert_der: &[u8],
    signer: &Certificate,
) -> Result<(), TokenError> {
    let sc: SigningCertificate = attr.decode_as().map_err(bad)?;
    let first = sc.certs.first().ok_or(TokenError::SigningCertificateMismatch)?;
    if first.cert_hash.as_bytes() != Sha1::digest(cert_der).as_slice() {
        return Err(TokenError::SigningCertificateMismatch);
    }
    check_issuer_serial(&first.issuer_serial, signer)
}

pub(super) fn check_v2(
    attr: &Any,
    cert_der: &[u8],
    signer: &Certificate,
) -> Result<(), TokenError> {
    let sc: SigningCertificateV2 = attr.decode_as().map_err(bad)?;
    let first = sc.certs.first().ok_or(TokenError::SigningCertificateMismatch)?;
    let alg = first.hash_algorithm.as_ref().map(|a| a.oid).unwrap_or(ID_SHA_256);
    if first.cert_hash.as_bytes() != super::crypto::digest(&alg, cert_der)?.as_slice() {
        return Err(TokenError::SigningCertificateMismatch);
    }
    check_issuer_serial(&first.issuer_serial, signer)
}
