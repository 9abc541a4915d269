//! Trusted time: offline verification of RFC 3161 time-stamp tokens (issue 13), with no I/O.
//!
//! A token is CMS SignedData (RFC 5652) over a DER `TSTInfo`. [`verify_token`] checks, in order:
//! the structure, the message imprint (SHA-256 of the bytes the caller says were stamped), the
//! content-type and message-digest signed attributes, the ESSCertID / ESSCertIDv2 binding of the
//! signer certificate (RFC 2634, RFC 5816), the signature over the signed attributes, the
//! critical id-kp-timeStamping EKU on the TSA certificate, and a chain to one of the caller's
//! roots with every certificate valid **at genTime** (RFC 3161 §2.4.2 and Appendix B): a TSA
//! certificate that expired after it stamped keeps its tokens valid.
//!
//! Not here yet: revocation (no CRL/OCSP: verification stays offline), name constraints and
//! policy processing of the chain. Roots are trust decisions the caller pins.

mod canonical;
pub mod client;
mod crypto;
mod ess;
mod p256_comb;

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use cms::cert::CertificateChoices;
use cms::content_info::CmsVersion;
use cms::content_info::ContentInfo;
use cms::revocation::RevocationInfoChoices;
use cms::signed_data::{
    DigestAlgorithmIdentifiers, EncapsulatedContentInfo, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use const_oid::db::rfc4519::CN;
use const_oid::db::rfc5280::ID_KP_TIME_STAMPING;
use const_oid::db::rfc5911::{ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNED_DATA};
use const_oid::db::rfc5912::ID_SHA_256;
use der::asn1::{AnyRef, OctetString, SetOfVec};
use der::{
    Decode, DecodeValue, Encode, EncodeValue, FixedTag, Header, Reader, Sequence, SliceReader, Tag,
    Tagged, Writer,
};
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::DirectoryString;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, SubjectKeyIdentifier};
use x509_cert::name::Name;
use x509_tsp::TstInfo;

pub use canonical::canonical_token;
pub use crypto::verify_with_spki;

/// id-ct-TSTInfo (RFC 3161 §2.4.2).
const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// id-aa-signingCertificate (RFC 2634 §5.4): ESSCertID, SHA-1 certificate hashes.
const ID_AA_SIGNING_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
/// id-aa-signingCertificateV2 (RFC 5035, RFC 5816): ESSCertIDv2.
const ID_AA_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// Longest chain from the TSA certificate to a root; real TSAs use two or three.
const MAX_CHAIN: usize = 8;

/// What a valid token proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The TSA's genTime.
    pub gen_time: SystemTime,
    /// The same instant as RFC 3339 UTC, as the TSA wrote it (second precision or finer).
    pub gen_time_rfc3339: String,
    /// Subject of the TSA certificate, RFC 4514 string. Untrusted text: render through `term::safe`.
    pub tsa_name: String,
    /// Who stamped, for people: the last CN of the TSA certificate's subject, else `tsa_name`.
    /// Untrusted text.
    pub authority: String,
    /// TSTInfo serialNumber, lower-case hex of its DER content octets.
    pub serial: String,
    /// TSA policy OID, dotted.
    pub policy: String,
    /// TSTInfo nonce as lower-case hex, when present (the caller checks it against its request).
    pub nonce: Option<String>,
    /// Accuracy in microseconds, when the TSA stated one.
    pub accuracy_micros: Option<u64>,
    /// The TSA certificate (DER), for callers that show or store it.
    pub tsa_cert_der: Vec<u8>,
    /// Subject of the root the chain ended at (RFC 4514).
    pub root_name: String,
}

/// Why a token is refused: one variant per kind of failure, so callers and tests can tell them apart.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the token is not DER a time-stamp token parses from ({0})")]
    Malformed(String),
    #[error("the token is not CMS SignedData (content type {0})")]
    NotSignedData(String),
    #[error("the token's content is not a TSTInfo (type {0})")]
    NotTstInfo(String),
    #[error("the token has {0} signers; a time-stamp token has exactly one")]
    SignerCount(usize),
    #[error("the message imprint uses {0}; only SHA-256 is accepted")]
    ImprintAlgorithm(String),
    #[error("the token stamps other bytes (message imprint does not match)")]
    ImprintMismatch,
    #[error("the signer has no signed attributes")]
    NoSignedAttributes,
    #[error("the signed attribute {0} is missing or appears more than once")]
    Attribute(&'static str),
    #[error("the content-type attribute is not id-ct-TSTInfo")]
    ContentTypeMismatch,
    #[error("the message-digest attribute does not match the TSTInfo (the token was altered)")]
    MessageDigestMismatch,
    #[error("digest algorithm {0} is not supported")]
    UnsupportedDigest(String),
    #[error("signature algorithm {0} is not supported")]
    UnsupportedSignatureAlgorithm(String),
    #[error("public key algorithm {0} is not supported")]
    UnsupportedKey(String),
    #[error("the token does not carry its TSA certificate (request it with certReq)")]
    SignerCertMissing,
    #[error("no signing-certificate (ESSCertID or ESSCertIDv2) attribute")]
    SigningCertificateMissing,
    #[error("the signing-certificate attribute names another certificate than the signer's")]
    SigningCertificateMismatch,
    #[error("the TSA's signature over the token does not verify (the token was altered)")]
    BadSignature,
    #[error("the TSA certificate {0} has no extended key usage id-kp-timeStamping")]
    MissingEku(String),
    #[error("the TSA certificate {0} has a timeStamping EKU that is not critical")]
    EkuNotCritical(String),
    #[error("the TSA certificate {0} allows other key usages than timeStamping")]
    EkuNotOnlyTimeStamping(String),
    #[error("certificate {subject} was not valid at genTime {gen_time}")]
    NotValidAtGenTime { subject: String, gen_time: String },
    #[error("certificate {0}: its issuer's signature does not verify")]
    BadCertSignature(String),
    #[error("certificate {0} signs others but is not a CA")]
    IssuerNotCa(String),
    #[error("no chain from TSA certificate {0} to a trusted TSA root")]
    Untrusted(String),
}

impl TokenError {
    /// Stable machine-readable reason of an anchor holding this token, part of the `--json`
    /// contract (docs/pop-1.1.md lists them). `untrusted_tsa` is the one for status `untrusted`.
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::Malformed(_)
            | TokenError::NotSignedData(_)
            | TokenError::NotTstInfo(_)
            | TokenError::SignerCount(_)
            | TokenError::NoSignedAttributes
            | TokenError::Attribute(_)
            | TokenError::ContentTypeMismatch => "token_malformed",
            TokenError::ImprintAlgorithm(_) => "imprint_algorithm",
            TokenError::ImprintMismatch => "imprint_mismatch",
            // A message digest that does not match is a signed attribute that lies: the same
            // tampering as a signature that does not verify.
            TokenError::MessageDigestMismatch | TokenError::BadSignature => "bad_token_signature",
            TokenError::UnsupportedDigest(_)
            | TokenError::UnsupportedSignatureAlgorithm(_)
            | TokenError::UnsupportedKey(_) => "unsupported_algorithm",
            TokenError::SignerCertMissing => "signer_cert_missing",
            // Without the attribute nothing binds the signer certificate: the same failure as a
            // binding to another certificate.
            TokenError::SigningCertificateMissing | TokenError::SigningCertificateMismatch => {
                "signing_certificate_mismatch"
            }
            TokenError::MissingEku(_)
            | TokenError::EkuNotCritical(_)
            | TokenError::EkuNotOnlyTimeStamping(_) => "missing_eku",
            TokenError::NotValidAtGenTime { .. } => "cert_not_valid_at_gen_time",
            TokenError::BadCertSignature(_) => "bad_cert_signature",
            TokenError::IssuerNotCa(_) => "issuer_not_ca",
            TokenError::Untrusted(_) => "untrusted_tsa",
        }
    }
}

fn malformed(what: &str, e: impl std::fmt::Display) -> TokenError {
    TokenError::Malformed(format!("{what}: {e}"))
}

/// Verifies one DER time-stamp token. `imprint_of` are the bytes whose SHA-256 must be the
/// message imprint (for POP, the proof's signature bytes). `roots` are the trusted TSA roots.
pub fn verify_token(
    token_der: &[u8],
    imprint_of: &[u8],
    roots: &[Certificate],
) -> Result<Verified, TokenError> {
    verify_token_with_certs(token_der, imprint_of, roots, &[])
}

/// [`verify_token`], with `extra` certificates to find the TSA's certificate and chain among
/// besides those the token carries: Sigstore's trusted roots give a TSA's chain, and its tokens
/// may carry none. Being offered here trusts nothing: the chain must still end at `roots`.
pub fn verify_token_with_certs(
    token_der: &[u8],
    imprint_of: &[u8],
    roots: &[Certificate],
    extra: &[Certificate],
) -> Result<Verified, TokenError> {
    let ci = ContentInfo::from_der(token_der).map_err(|e| malformed("ContentInfo", e))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(TokenError::NotSignedData(ci.content_type.to_string()));
    }
    let sd: TokenSignedData<'_> = ci.content.decode_as().map_err(|e| malformed("SignedData", e))?;
    let eci = &sd.encap_content_info;
    if eci.econtent_type != ID_CT_TST_INFO {
        return Err(TokenError::NotTstInfo(eci.econtent_type.to_string()));
    }
    let tst_der = eci
        .econtent
        .as_ref()
        .ok_or_else(|| malformed("eContent", "absent"))?
        .decode_as::<OctetString>()
        .map_err(|e| malformed("eContent", e))?;
    let tst_der = tst_der.as_bytes();
    let tst = TstInfo::from_der(tst_der).map_err(|e| malformed("TSTInfo", e))?;

    let mi = &tst.message_imprint;
    if mi.hash_algorithm.oid != ID_SHA_256 {
        return Err(TokenError::ImprintAlgorithm(mi.hash_algorithm.oid.to_string()));
    }
    if mi.hashed_message.as_bytes() != Sha256::digest(imprint_of).as_slice() {
        return Err(TokenError::ImprintMismatch);
    }

    let signers = sd.signer_infos.0.as_slice();
    let [si] = signers else {
        return Err(TokenError::SignerCount(signers.len()));
    };
    let pool = match &sd.certificates {
        Some(set) => token_certificates(set.0).map_err(|e| malformed("SignedData", e))?,
        None => Vec::new(),
    };
    let extra = extra
        .iter()
        .map(|c| Ok(TokenCert { cert: c.clone(), der: c.to_der()? }))
        .collect::<der::Result<Vec<TokenCert>>>()
        .map_err(|e| malformed("certificate", e))?;
    let certs: Vec<&TokenCert> =
        pool.iter().filter_map(|c| c.as_ref().as_ref()).chain(extra.iter()).collect();
    let tsa = find_signer(si, &certs)?;
    let signer = &tsa.cert;

    check_signed_attributes(si, tst_der, signer, &tsa.der)?;
    crypto::verify_signer_info(si, signer)?;

    let gen_time = tst.gen_time.to_system_time();
    let gen_time_rfc3339 = humantime::format_rfc3339(gen_time).to_string();
    check_tsa_eku(signer)?;
    let root = build_chain(tsa, &certs, roots, gen_time, &gen_time_rfc3339)?;

    let names = name_text(&signer.tbs_certificate.subject);
    Ok(Verified {
        gen_time,
        gen_time_rfc3339,
        tsa_name: names.rfc4514.clone(),
        authority: names.common_name.clone().unwrap_or_else(|| names.rfc4514.clone()),
        serial: hex::encode(tst.serial_number.as_bytes()),
        policy: tst.policy.to_string(),
        nonce: tst.nonce.as_ref().map(|n| hex::encode(n.as_bytes())),
        accuracy_micros: tst.accuracy.as_ref().map(|a| {
            a.seconds.unwrap_or(0) * 1_000_000
                + a.millis.unwrap_or(0).max(0) as u64 * 1_000
                + a.micros.unwrap_or(0).max(0) as u64
        }),
        tsa_cert_der: tsa.der.clone(),
        root_name: name_text(&root.tbs_certificate.subject).rfc4514.clone(),
    })
}

fn subject(c: &Certificate) -> String {
    name_text(&c.tbs_certificate.subject).rfc4514.clone()
}

/// A distinguished name as people read it.
struct NameText {
    /// RFC 4514.
    rfc4514: String,
    /// The last non-empty CN, if any.
    common_name: Option<String>,
}

/// Names already rendered in this process. Every token of one TSA names the same TSA and root,
/// and rendering a name looks each attribute's OID up in const-oid's database (a linear scan).
/// The text is a function of the name's value alone and a hit needs an equal name, so a cached
/// text is the one rendering would give. Bounded: cleared when full.
static NAME_TEXT: Mutex<Vec<(Name, Arc<NameText>)>> = Mutex::new(Vec::new());
const MAX_NAME_TEXT: usize = 64;

fn name_text(name: &Name) -> Arc<NameText> {
    let cached = |names: &Vec<(Name, Arc<NameText>)>| {
        names.iter().find(|(n, _)| n == name).map(|(_, t)| Arc::clone(t))
    };
    if let Some(t) = NAME_TEXT.lock().ok().and_then(|names| cached(&names)) {
        return t;
    }
    let text = Arc::new(NameText { rfc4514: name.to_string(), common_name: common_name(name) });
    if let Ok(mut names) = NAME_TEXT.lock() {
        if names.len() >= MAX_NAME_TEXT {
            names.clear();
        }
        names.push((name.clone(), Arc::clone(&text)));
    }
    text
}

/// The last CN of a name, when it has a non-empty one: the most specific (RDNs go from the root
/// of the name downwards).
pub fn common_name(name: &Name) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter(|atv| atv.oid == CN)
        .filter_map(|atv| match DirectoryString::from_der(&atv.value.to_der().ok()?).ok()? {
            DirectoryString::PrintableString(s) => Some(s.to_string()),
            DirectoryString::Utf8String(s) => Some(s),
            DirectoryString::TeletexString(s) => Some(s.to_string()),
        })
        .next_back()
        .filter(|s| !s.is_empty())
}

/// `SignedData` (RFC 5652 §5.1) as cms declares it, except that `certificates` stays undecoded
/// here: [`token_certificates`] decodes its elements, remembering them by their bytes.
#[derive(Sequence)]
struct TokenSignedData<'a> {
    #[allow(dead_code)] // decoded to be checked as cms checks it; not used
    version: CmsVersion,
    #[allow(dead_code)]
    digest_algorithms: DigestAlgorithmIdentifiers,
    encap_content_info: EncapsulatedContentInfo,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    certificates: Option<RawSet<'a>>,
    #[allow(dead_code)]
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    crls: Option<RevocationInfoChoices>,
    signer_infos: SignerInfos,
}

/// The content octets of a SET OF, not decoded.
struct RawSet<'a>(&'a [u8]);

impl<'a> DecodeValue<'a> for RawSet<'a> {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        reader.read_slice(header.length).map(RawSet)
    }
}

impl EncodeValue for RawSet<'_> {
    fn value_len(&self) -> der::Result<der::Length> {
        self.0.len().try_into()
    }
    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(self.0)
    }
}

impl FixedTag for RawSet<'_> {
    const TAG: Tag = Tag::Set;
}

/// A certificate of a token, with its DER encoding.
struct TokenCert {
    cert: Certificate,
    der: Vec<u8>,
}

/// A `certificates` element and what it decodes to: None for a CertificateChoices other than a
/// certificate.
type CachedCert = (Tag, Vec<u8>, Arc<Option<TokenCert>>);

/// Certificates already decoded from tokens in this process, keyed by their exact bytes (tag
/// and content octets). Every token of one TSA carries the same certificates, and decoding one
/// (then encoding it again to hash it) costs more than the rest of the token's parsing. Decoding
/// is a function of those bytes, so a hit is what decoding would give; every check on the
/// certificate still runs on every token. Bounded: cleared when full.
static TOKEN_CERTS: Mutex<Vec<CachedCert>> = Mutex::new(Vec::new());
const MAX_TOKEN_CERTS: usize = 64;

/// The elements of a token's `certificates` (the content octets of its SET OF), decoded as
/// cms decodes a `CertificateSet`: every element a CertificateChoices, taken in DER order, and
/// two equal elements refused (X.690 11.6).
fn token_certificates(content: &[u8]) -> der::Result<Vec<Arc<Option<TokenCert>>>> {
    let mut r = SliceReader::new(content)?;
    let mut items = Vec::new();
    while !r.is_finished() {
        items.push(AnyRef::decode(&mut r)?);
    }
    let set = SetOfVec::try_from(items)?;
    set.iter().map(token_certificate).collect()
}

fn token_certificate(item: &AnyRef<'_>) -> der::Result<Arc<Option<TokenCert>>> {
    let cached = |certs: &Vec<CachedCert>| {
        certs
            .iter()
            .find(|(tag, bytes, _)| *tag == item.tag() && bytes.as_slice() == item.value())
            .map(|(_, _, c)| Arc::clone(c))
    };
    if let Some(c) = TOKEN_CERTS.lock().ok().and_then(|certs| cached(&certs)) {
        return Ok(c);
    }
    let decoded = match CertificateChoices::from_der(&item.to_der()?)? {
        CertificateChoices::Certificate(cert) => {
            let der = cert.to_der()?;
            Some(TokenCert { cert, der })
        }
        CertificateChoices::Other(_) => None,
    };
    let decoded = Arc::new(decoded);
    if let Ok(mut certs) = TOKEN_CERTS.lock() {
        if certs.len() >= MAX_TOKEN_CERTS {
            certs.clear();
        }
        certs.push((item.tag(), item.value().to_vec(), Arc::clone(&decoded)));
    }
    Ok(decoded)
}

fn find_signer<'a>(si: &SignerInfo, certs: &[&'a TokenCert]) -> Result<&'a TokenCert, TokenError> {
    let found = certs.iter().copied().find(|c| {
        let tbs = &c.cert.tbs_certificate;
        match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => {
                tbs.issuer == ias.issuer && tbs.serial_number == ias.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                tbs.get::<SubjectKeyIdentifier>().ok().flatten().is_some_and(|(_, k)| k == *ski)
            }
        }
    });
    found.ok_or(TokenError::SignerCertMissing)
}

/// The single value of a signed attribute that must appear exactly once.
fn one_attr<'a>(
    si: &'a SignerInfo,
    oid: ObjectIdentifier,
    name: &'static str,
) -> Result<&'a der::Any, TokenError> {
    let attrs = si.signed_attrs.as_ref().ok_or(TokenError::NoSignedAttributes)?;
    let mut it = attrs.iter().filter(|a| a.oid == oid);
    match (it.next(), it.next()) {
        (Some(a), None) if a.values.len() == 1 => Ok(a.values.get(0).expect("one value")),
        _ => Err(TokenError::Attribute(name)),
    }
}

fn check_signed_attributes(
    si: &SignerInfo,
    tst_der: &[u8],
    signer: &Certificate,
    cert_der: &[u8],
) -> Result<(), TokenError> {
    let ct: ObjectIdentifier = one_attr(si, ID_CONTENT_TYPE, "content-type")?
        .decode_as()
        .map_err(|e| malformed("content-type attribute", e))?;
    if ct != ID_CT_TST_INFO {
        return Err(TokenError::ContentTypeMismatch);
    }
    let md: OctetString = one_attr(si, ID_MESSAGE_DIGEST, "message-digest")?
        .decode_as()
        .map_err(|e| malformed("message-digest attribute", e))?;
    let digest = crypto::digest(&si.digest_alg.oid, tst_der)?;
    if md.as_bytes() != digest.as_slice() {
        return Err(TokenError::MessageDigestMismatch);
    }

    // RFC 5816: either attribute binds the signer certificate; check every one present.
    let v1 = one_attr(si, ID_AA_SIGNING_CERTIFICATE, "signingCertificate").ok();
    let v2 = one_attr(si, ID_AA_SIGNING_CERTIFICATE_V2, "signingCertificateV2").ok();
    if v1.is_none() && v2.is_none() {
        return Err(TokenError::SigningCertificateMissing);
    }
    if let Some(v1) = v1 {
        ess::check_v1(v1, cert_der, signer)?;
    }
    if let Some(v2) = v2 {
        ess::check_v2(v2, cert_der, signer)?;
    }
    Ok(())
}

fn check_tsa_eku(tsa: &Certificate) -> Result<(), TokenError> {
    let name = subject(tsa);
    match tsa.tbs_certificate.get::<ExtendedKeyUsage>() {
        Ok(Some((critical, eku))) => {
            if !eku.0.contains(&ID_KP_TIME_STAMPING) {
                Err(TokenError::MissingEku(name))
            } else if eku.0.len() != 1 {
                Err(TokenError::EkuNotOnlyTimeStamping(name))
            } else if !critical {
                Err(TokenError::EkuNotCritical(name))
            } else {
                Ok(())
            }
        }
        Ok(None) => Err(TokenError::MissingEku(name)),
        Err(e) => Err(malformed("extended key usage", e)),
    }
}

fn valid_at(c: &Certificate, t: SystemTime, t_text: &str) -> Result<(), TokenError> {
    let v = &c.tbs_certificate.validity;
    let nb = v.not_before.to_system_time();
    let na = v.not_after.to_system_time();
    if t < nb || t > na {
        return Err(TokenError::NotValidAtGenTime {
            subject: subject(c),
            gen_time: t_text.to_string(),
        });
    }
    Ok(())
}

fn is_ca(c: &Certificate) -> bool {
    matches!(c.tbs_certificate.get::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
}

/// Walks issuer links from the TSA certificate through the token's certificates until a cert
/// issued by (or equal to) one of `roots`; every link checked at genTime.
fn build_chain<'r>(
    tsa: &TokenCert,
    pool: &[&TokenCert],
    roots: &'r [Certificate],
    t: SystemTime,
    t_text: &str,
) -> Result<&'r Certificate, TokenError> {
    let mut cur = tsa;
    for _ in 0..MAX_CHAIN {
        valid_at(&cur.cert, t, t_text)?;
        if let Some(root) = roots.iter().find(|r| **r == cur.cert) {
            return Ok(root);
        }
        let issuer_name = &cur.cert.tbs_certificate.issuer;
        // A trusted root that names itself the issuer wins over a copy in the token. Several
        // roots may share a name (a re-keyed CA): the first whose key verifies the link wins.
        let mut first_err = None;
        for root in roots.iter().filter(|r| &r.tbs_certificate.subject == issuer_name) {
            match verify_issued(cur, root).and_then(|()| valid_at(root, t, t_text)) {
                Ok(()) => return Ok(root),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_err {
            return Err(e);
        }
        let next = pool
            .iter()
            .copied()
            .find(|c| &c.cert.tbs_certificate.subject == issuer_name && c.cert != cur.cert);
        match next {
            Some(issuer) => {
                verify_issued(cur, &issuer.cert)?;
                cur = issuer;
            }
            None => return Err(TokenError::Untrusted(subject(&tsa.cert))),
        }
    }
    Err(TokenError::Untrusted(subject(&tsa.cert)))
}

/// Issuer signatures on certificates already checked good in this process, keyed by the child's
/// DER and the issuer's public key. Every token of one TSA carries the same TSA certificate under
/// the same root: verifying 10,000 timestamped proofs would check that one RSA or ECDSA signature
/// 10,000 times. Only successes are kept, and the key is the exact bytes (the public key compared
/// field by field, which is comparing its DER), so a hit means the very same check passed before.
/// Bounded: cleared when full.
type Link = (Vec<u8>, SubjectPublicKeyInfoOwned);
static VERIFIED_LINKS: Mutex<Vec<Link>> = Mutex::new(Vec::new());
const MAX_VERIFIED_LINKS: usize = 64;

fn verify_issued(child: &TokenCert, issuer: &Certificate) -> Result<(), TokenError> {
    if !is_ca(issuer) {
        return Err(TokenError::IssuerNotCa(subject(issuer)));
    }
    let issuer_key = &issuer.tbs_certificate.subject_public_key_info;
    let seen = |links: &Vec<Link>| links.iter().any(|(c, k)| *c == child.der && k == issuer_key);
    if VERIFIED_LINKS.lock().is_ok_and(|links| seen(&links)) {
        return Ok(());
    }
    verify_issued_uncached(&child.cert, issuer)?;
    if let Ok(mut links) = VERIFIED_LINKS.lock() {
        if links.len() >= MAX_VERIFIED_LINKS {
            links.clear();
        }
        if !seen(&links) {
            links.push((child.der.clone(), issuer_key.clone()));
        }
    }
    Ok(())
}

fn verify_issued_uncached(child: &Certificate, issuer: &Certificate) -> Result<(), TokenError> {
    let tbs = child.tbs_certificate.to_der().map_err(|e| malformed("certificate", e))?;
    let sig = child
        .signature
        .as_bytes()
        .ok_or_else(|| malformed("certificate signature", "unused bits"))?;
    crypto::verify_with_spki(
        &issuer.tbs_certificate.subject_public_key_info,
        &child.signature_algorithm.oid,
        None,
        &tbs,
        sig,
    )
    .map_err(|e| match e {
        TokenError::BadSignature => TokenError::BadCertSignature(subject(child)),
        other => other,
    })
}

/// Parses PEM or DER certificates (PEM may hold several): the roots a caller pins.
pub fn parse_roots(bytes: &[u8]) -> Result<Vec<Certificate>, TokenError> {
    if bytes.starts_with(b"-----") || bytes.iter().take(64).all(|b| b.is_ascii()) {
        Certificate::load_pem_chain(bytes).map_err(|e| malformed("PEM certificate", e))
    } else {
        Ok(vec![Certificate::from_der(bytes).map_err(|e| malformed("DER certificate", e))?])
    }
}
