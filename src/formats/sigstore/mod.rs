//! Verifying Sigstore bundles (v0.1 to v0.3) offline: key-based bundles against the trust
//! store, keyless ones against a pinned `trusted_root.json` (Fulcio chain at the signing time,
//! Rekor entry by inclusion proof and checkpoint or SET, RFC 3161 timestamps) with the identity
//! and OIDC issuer the user requires.
//!
//! Built on the RustCrypto and ring code the crate already has (x509-cert, der, spki, p256,
//! p384, ed25519-dalek, sha2, cms/x509-tsp through `crate::timestamp`) rather than sigstore's own
//! Rust crates: `sigstore` (sigstore-rs) calls itself experimental and its default features pull
//! reqwest with native-tls (OpenSSL), tokio, OCI and OIDC clients; `sigstore-verify`
//! (sigstore-rust) is offline but does its cryptography only through aws-lc-rs (a C build the
//! project already declined for start-up cost, see Cargo.toml) or a provider one writes, and
//! brings eight young sub-crates. What a bundle needs checked fits in a few hundred lines over
//! parsers that are already audited and already linked.

mod cert;
pub mod root;
mod tlog;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use base64::Engine;
use der::{Decode, Encode};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::{Context, Format};
use crate::proof::Subject;
use crate::proof::verify::{Report, SignerReport, Status};

/// What `verify` was told about this format on the command line.
#[derive(Debug, Default)]
pub struct Options {
    /// The trusted root for keyless bundles: `--trusted-root`, else the home's
    /// `sigstore/trusted_root.json` when it exists.
    pub trusted_root: Option<PathBuf>,
    /// Where `trusted_root` came from: `command_line` or `trust_store`.
    pub trusted_root_source: &'static str,
    /// `--certificate-identity`: the certificate's SAN (email or URI), exactly.
    pub identity: Option<String>,
    /// `--certificate-identity-regexp`: the SAN must match this (whole) expression.
    pub identity_regexp: Option<regex::Regex>,
    /// `--certificate-oidc-issuer`: the OIDC issuer the certificate names, exactly.
    pub issuer: Option<String>,
    /// The trusted root, parsed once per run.
    parsed: OnceLock<Result<root::TrustedRoot, String>>,
}

impl Options {
    /// Reads the trusted root now, so that a bad one is one error for the run rather than one
    /// per bundle; the error is worded without the path.
    pub fn load_root(&self) -> Result<(), String> {
        match self.root() {
            Some(Err(e)) => Err(e.to_string()),
            _ => Ok(()),
        }
    }

    fn root(&self) -> Option<Result<&root::TrustedRoot, &str>> {
        let path = self.trusted_root.as_deref()?;
        Some(self.parsed.get_or_init(|| root::load(path)).as_ref().map_err(String::as_str))
    }
}

/// Base64 as protobuf's JSON writes it (standard alphabet; padding optional).
fn b64(s: &str) -> Result<Vec<u8>, String> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    // Go's decoder, which wrote many bundles, skips line breaks inside base64: so do we.
    let s: std::borrow::Cow<'_, str> = if s.contains(['\n', '\r']) {
        s.chars().filter(|c| !matches!(c, '\n' | '\r')).collect::<String>().into()
    } else {
        s.into()
    };
    ENGINE.decode(s.trim()).map_err(|e| format!("invalid base64 ({e})"))
}

fn parse_time(s: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339(s).ok()
}

fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

/// Why a bundle is refused: the report's status, reason and message.
#[derive(Debug)]
pub struct Fail {
    status: Status,
    reason: &'static str,
    message: String,
}

impl Fail {
    fn new(status: Status, reason: &'static str, message: impl Into<String>) -> Fail {
        Fail { status, reason, message: message.into() }
    }
    fn malformed(m: impl Into<String>) -> Fail {
        Fail::new(Status::Error, "malformed", m)
    }
    fn unsupported(m: impl Into<String>) -> Fail {
        Fail::new(Status::Error, "unsupported_algorithm", m)
    }
    fn untrusted(m: impl Into<String>) -> Fail {
        Fail::new(Status::Untrusted, "untrusted", m)
    }
    fn bad_signature(m: impl Into<String>) -> Fail {
        Fail::new(Status::Invalid, "bad_signature", m)
    }
    fn bad_proof(m: impl Into<String>) -> Fail {
        Fail::new(Status::Invalid, "bad_inclusion_proof", m)
    }
    fn outside_validity(m: impl Into<String>) -> Fail {
        Fail::new(Status::Invalid, "outside_validity", m)
    }
    fn mismatch(m: impl Into<String>) -> Fail {
        Fail::new(Status::Invalid, "tlog_mismatch", m)
    }
}

/// A protobuf int64, which JSON writes as a string or a number.
#[derive(Debug, Default, Clone, Copy)]
pub struct I64(pub i64);

impl<'de> Deserialize<'de> for I64 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<I64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            N(i64),
            S(String),
        }
        match Either::deserialize(d)? {
            Either::N(n) => Ok(I64(n)),
            Either::S(s) => s.parse().map(I64).map_err(serde::de::Error::custom),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bundle {
    media_type: String,
    verification_material: Option<Material>,
    message_signature: Option<MessageSignature>,
    dsse_envelope: Option<Envelope>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Material {
    public_key: Option<Hint>,
    x509_certificate_chain: Option<Chain>,
    certificate: Option<root::RawBytes>,
    #[serde(default)]
    tlog_entries: Vec<TlogEntry>,
    timestamp_verification_data: Option<TimestampData>,
}

#[derive(Debug, Deserialize)]
struct Hint {
    #[serde(default)]
    hint: String,
}

#[derive(Debug, Deserialize)]
struct Chain {
    #[serde(default)]
    certificates: Vec<root::RawBytes>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TimestampData {
    #[serde(default)]
    rfc3161_timestamps: Vec<SignedTimestamp>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignedTimestamp {
    signed_timestamp: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TlogEntry {
    log_index: I64,
    log_id: LogId,
    kind_version: KindVersion,
    #[serde(default)]
    integrated_time: I64,
    inclusion_promise: Option<Promise>,
    inclusion_proof: Option<InclusionProof>,
    canonicalized_body: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogId {
    key_id: String,
}

#[derive(Debug, Deserialize)]
struct KindVersion {
    kind: String,
    version: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Promise {
    signed_entry_timestamp: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InclusionProof {
    log_index: I64,
    root_hash: String,
    tree_size: I64,
    #[serde(default)]
    hashes: Vec<String>,
    checkpoint: Option<Checkpoint>,
}

#[derive(Debug, Deserialize)]
struct Checkpoint {
    envelope: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MessageSignature {
    message_digest: Option<MessageDigest>,
    signature: String,
}

#[derive(Debug, Deserialize)]
struct MessageDigest {
    algorithm: String,
    digest: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    payload: String,
    payload_type: String,
    signatures: Vec<EnvelopeSignature>,
}

#[derive(Debug, Deserialize)]
struct EnvelopeSignature {
    sig: String,
}

/// A public key that signs bundles, logs or checkpoints.
pub enum PubKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl PubKey {
    pub fn from_spki(der: &[u8]) -> Result<PubKey, String> {
        use spki::DecodePublicKey;
        match crate::trust::spki_algorithm_of(der) {
            Some("ecdsa-p256") => p256::ecdsa::VerifyingKey::from_public_key_der(der)
                .map(PubKey::P256)
                .map_err(|e| format!("bad P-256 key ({e})")),
            Some("ecdsa-p384") => p384::ecdsa::VerifyingKey::from_public_key_der(der)
                .map(PubKey::P384)
                .map_err(|e| format!("bad P-384 key ({e})")),
            Some(other) => Err(format!("{other} keys are not supported in Sigstore bundles")),
            None => ed25519_dalek::VerifyingKey::from_public_key_der(der)
                .map(PubKey::Ed25519)
                .map_err(|_| "not an ECDSA P-256/P-384 or Ed25519 key".to_string()),
        }
    }

    /// ECDSA signatures are DER, over SHA-256 (P-256) or SHA-384 (P-384) of `msg`; Ed25519
    /// signs `msg` itself.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match self {
            PubKey::P256(_) => self.verify_sha256(&Sha256::digest(msg).into(), sig),
            PubKey::P384(k) => {
                use p384::ecdsa::signature::hazmat::PrehashVerifier;
                p384::ecdsa::Signature::from_der(sig)
                    .is_ok_and(|s| k.verify_prehash(&sha2::Sha384::digest(msg), &s).is_ok())
            }
            PubKey::Ed25519(k) => ed25519_dalek::Signature::from_slice(sig)
                .is_ok_and(|s| k.verify_strict(msg, &s).is_ok()),
        }
    }

    /// A P-256 signature over a message known by its SHA-256; false for other keys.
    fn verify_sha256(&self, digest: &[u8; 32], sig: &[u8]) -> bool {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        match self {
            PubKey::P256(k) => p256::ecdsa::Signature::from_der(sig)
                .is_ok_and(|s| k.verify_prehash(digest, &s).is_ok()),
            _ => false,
        }
    }

    /// Whether the key signs prehashed SHA-256 (so a file need not be read whole).
    fn is_p256(&self) -> bool {
        matches!(self, PubKey::P256(_))
    }

    /// The key hint of a signed note's signature line (C2SP signed-note): for Ed25519, the
    /// first four bytes of SHA-256(name, newline, 0x01, key); for ECDSA logs, of SHA-256(SPKI).
    pub fn note_hint(&self, name: &str, spki: &[u8]) -> [u8; 4] {
        let h: [u8; 32] = match self {
            PubKey::Ed25519(k) => {
                let mut h = Sha256::new();
                h.update(name.as_bytes());
                h.update(b"\n\x01");
                h.update(k.as_bytes());
                h.finalize().into()
            }
            _ => Sha256::digest(spki).into(),
        };
        [h[0], h[1], h[2], h[3]]
    }
}

/// What the bundle signs, once decoded.
enum Content {
    Message { sig: Vec<u8>, digest: Option<(String, Vec<u8>)> },
    Dsse { payload_type: String, payload: Vec<u8>, sig: Vec<u8> },
}

impl Content {
    fn sig(&self) -> &[u8] {
        match self {
            Content::Message { sig, .. } | Content::Dsse { sig, .. } => sig,
        }
    }
}

/// The artifact of a message signature: its path, SHA-256 and (for keys that sign whole
/// messages) its bytes.
struct Artifact {
    path: PathBuf,
    sha256: [u8; 32],
    size: u64,
}

/// Who signed: a trusted key, or a Fulcio certificate.
enum Signer {
    Key { kid: String, spki: Vec<u8>, report: Box<SignerReport> },
    Cert { leaf: Box<Certificate>, der: Vec<u8> },
}

/// Verifies the bundle `bytes` read from `path` against `file` (or the file beside it).
pub fn verify(path: &Path, bytes: &[u8], file: Option<&Path>, cx: &Context<'_>) -> Report {
    let mut report = Report::error(path, file, "malformed", String::new());
    match check(&mut report, path, bytes, file, cx) {
        Ok(Outcome::Valid(message)) => {
            report.status = Status::Valid;
            report.reason = None;
            report.message = message;
            report
        }
        Ok(Outcome::Envelope(r)) => *r,
        Err(f) => report.fail(f.status, f.reason, f.message),
    }
}

/// What a bundle that passed the checks of this module comes to.
enum Outcome {
    /// Valid; the message says who signed what.
    Valid(String),
    /// A key-based DSSE bundle: the envelope's own verdict (see `check`).
    Envelope(Box<Report>),
}

fn bundle_version(media_type: &str) -> Option<(u32, u32)> {
    match media_type {
        "application/vnd.dev.sigstore.bundle+json;version=0.1" => Some((0, 1)),
        "application/vnd.dev.sigstore.bundle+json;version=0.2" => Some((0, 2)),
        "application/vnd.dev.sigstore.bundle+json;version=0.3"
        | "application/vnd.dev.sigstore.bundle.v0.3+json" => Some((0, 3)),
        _ => None,
    }
}

fn check(
    report: &mut Report,
    path: &Path,
    bytes: &[u8],
    file: Option<&Path>,
    cx: &Context<'_>,
) -> Result<Outcome, Fail> {
    let opts = &cx.sigstore;
    let bundle: Bundle = serde_json::from_slice(bytes)
        .map_err(|e| Fail::malformed(format!("not a valid Sigstore bundle: {e}")))?;
    let version = bundle_version(&bundle.media_type).ok_or_else(|| {
        Fail::new(
            Status::Error,
            "unsupported_format",
            format!(
                "Sigstore bundle media type {:?} is not one this build reads (bundle v0.1, v0.2, v0.3)",
                bundle.media_type
            ),
        )
    })?;
    let mut meta = BTreeMap::new();
    meta.insert("bundle_version".to_string(), format!("{}.{}", version.0, version.1));
    let material = bundle
        .verification_material
        .as_ref()
        .ok_or_else(|| Fail::malformed("the bundle has no verificationMaterial"))?;

    // What is signed.
    let content = match (&bundle.message_signature, &bundle.dsse_envelope) {
        (Some(m), None) => {
            let sig = b64(&m.signature)
                .map_err(|e| Fail::malformed(format!("messageSignature.signature: {e}")))?;
            let digest = match &m.message_digest {
                Some(d) => Some((
                    d.algorithm.clone(),
                    b64(&d.digest).map_err(|e| Fail::malformed(format!("messageDigest: {e}")))?,
                )),
                None => None,
            };
            meta.insert("content".into(), "message_signature".into());
            Content::Message { sig, digest }
        }
        (None, Some(env)) => {
            let payload =
                b64(&env.payload).map_err(|e| Fail::malformed(format!("DSSE payload: {e}")))?;
            let [one] = env.signatures.as_slice() else {
                return Err(Fail::malformed(format!(
                    "the DSSE envelope has {} signatures; a Sigstore bundle carries exactly one",
                    env.signatures.len()
                )));
            };
            let sig = b64(&one.sig).map_err(|e| Fail::malformed(format!("DSSE signature: {e}")))?;
            meta.insert("content".into(), "dsse_envelope".into());
            Content::Dsse { payload_type: env.payload_type.clone(), payload, sig }
        }
        _ => {
            return Err(Fail::malformed(
                "the bundle must carry exactly one of messageSignature and dsseEnvelope",
            ));
        }
    };

    // The file a message signature speaks of.
    let artifact = match &content {
        Content::Message { digest, .. } => {
            let Some(p) = super::subject_for(path, file, Format::SigstoreBundle) else {
                return Err(Fail::new(
                    Status::Error,
                    "no_file",
                    "no signed file: name it with --file (the bundle is not named FILE.sigstore.json)",
                ));
            };
            report.file = Some(p.display().to_string());
            let d = crate::digest::hash_file(&p).map_err(|e| {
                let (reason, advice) = if e.kind() == std::io::ErrorKind::NotFound {
                    ("file_not_found", "; pass --file FILE if it lives elsewhere")
                } else {
                    ("file_unreadable", "")
                };
                Fail::new(
                    Status::Error,
                    reason,
                    format!("{}: {}{advice}", p.display(), crate::fsutil::describe_io(&e)),
                )
            })?;
            report.subject = Some(Subject {
                name: p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                size: d.size,
                sha256: d.hex(),
            });
            if let Some((alg, want)) = digest {
                if alg != "SHA2_256" {
                    return Err(Fail::unsupported(format!(
                        "message digest algorithm {alg} (this build checks SHA2_256)"
                    )));
                }
                if want.as_slice() != d.sha256.as_slice() {
                    return Err(Fail::new(
                        Status::Invalid,
                        "hash_mismatch",
                        format!(
                            "{}: its SHA-256 is not the bundle's message digest: the file changed or is another",
                            p.display()
                        ),
                    ));
                }
            }
            Some(Artifact { path: p, sha256: d.sha256, size: d.size })
        }
        Content::Dsse { .. } => None,
    };

    // Who signs: a key from the trust store, or a certificate.
    let chain_certs = material.x509_certificate_chain.as_ref().map(|c| &c.certificates);
    let leaf_raw = match (&material.public_key, &material.certificate, chain_certs) {
        (Some(_), None, None) => None,
        (None, Some(c), None) => Some(vec![&c.raw_bytes]),
        (None, None, Some(chain)) if !chain.is_empty() => {
            Some(chain.iter().map(|c| &c.raw_bytes).collect())
        }
        (None, None, Some(_)) => {
            return Err(Fail::malformed("the bundle's certificate chain is empty"));
        }
        _ => {
            return Err(Fail::malformed(
                "the bundle's verificationMaterial must hold exactly one of publicKey, \
                 certificate and x509CertificateChain",
            ));
        }
    };
    let root = match opts.root() {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            let at = opts.trusted_root.as_deref().unwrap_or(Path::new("")).display();
            return Err(Fail::new(Status::Error, "unreadable", format!("{at}: {e}")));
        }
    };

    let signer = match leaf_raw {
        None => {
            let hint = material.public_key.as_ref().map(|h| h.hint.as_str()).unwrap_or("");
            key_signer(hint, &content, artifact.as_ref(), cx)?
        }
        Some(raws) => {
            if root.is_none() {
                return Err(Fail::new(
                    Status::Error,
                    "no_trusted_root",
                    "a keyless bundle (signed with a certificate) needs a Sigstore trusted root: \
                     give --trusted-root FILE (trusted_root.json) or put it at \
                     $PROOFCTL_HOME/sigstore/trusted_root.json",
                ));
            }
            if opts.issuer.is_none() || (opts.identity.is_none() && opts.identity_regexp.is_none())
            {
                return Err(Fail::new(
                    Status::Error,
                    "identity_required",
                    "a keyless bundle is only as good as the identity it names: give \
                     --certificate-identity (or --certificate-identity-regexp) and \
                     --certificate-oidc-issuer",
                ));
            }
            let mut certs = Vec::new();
            for r in raws {
                let der = b64(r).map_err(|e| Fail::malformed(format!("certificate: {e}")))?;
                let c = Certificate::from_der(&der)
                    .map_err(|e| Fail::malformed(format!("certificate: {e}")))?;
                certs.push((c, der));
            }
            // Roots come from the trusted root only; a bundle that carries one is refused
            // rather than silently ignored (what sigstore's clients do).
            if certs
                .iter()
                .skip(1)
                .any(|(c, _)| c.tbs_certificate.subject == c.tbs_certificate.issuer)
            {
                return Err(Fail::malformed(
                    "the bundle's certificate chain carries a root certificate; roots come from the trusted root only",
                ));
            }
            let (leaf, der) = certs.swap_remove(0);
            let spki = leaf
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .map_err(|e| Fail::malformed(format!("certificate key: {e}")))?;
            let key = PubKey::from_spki(&spki).map_err(Fail::unsupported)?;
            let kid = crate::trust::spki_kid(&spki);
            let id = cert::identity(&leaf);
            let mut s = SignerReport::new(kid);
            s.identity = id.san.clone();
            s.issuer = id.issuer.clone();
            report.signer = Some(s);
            if !signature_verifies(&key, &content, artifact.as_ref())? {
                return Err(Fail::bad_signature(
                    "the signature does not verify under the key of the bundle's certificate",
                ));
            }
            Signer::Cert { leaf: Box::new(leaf), der }
        }
    };
    if let Signer::Key { report: s, .. } = &signer {
        report.signer = Some(SignerReport {
            kid: s.kid.clone(),
            name: s.name.clone(),
            trusted_by: s.trusted_by,
            public_key_path: s.public_key_path.clone(),
            rotated_from: None,
            revoked: None,
            identity: None,
            issuer: None,
        });
    }

    // Transparency log entries and timestamps: required for keyless bundles, checked for
    // key-based ones when a trusted root is at hand.
    let mut times = Vec::new();
    let mut logged_in = None;
    let keyless = matches!(signer, Signer::Cert { .. });
    if let Some(root) = root {
        if keyless && material.tlog_entries.is_empty() {
            return Err(Fail::malformed(
                "the bundle has no transparency log entry; keyless bundles need one",
            ));
        }
        for e in &material.tlog_entries {
            let logged = tlog::verify_entry(e, root, version)?;
            check_body(e, &logged.body, &content, artifact.as_ref(), &signer)?;
            if let Some(t) = logged.integrated {
                times.push(t);
                meta.insert("integrated_time".into(), rfc3339(t));
            }
            meta.insert("tlog".into(), logged.log.host.clone());
            meta.insert("log_index".into(), e.log_index.0.to_string());
            logged_in.get_or_insert(logged.log.host.clone());
        }
        let stamps = material.timestamp_verification_data.as_ref();
        for ts in stamps.map(|t| t.rfc3161_timestamps.as_slice()).unwrap_or(&[]) {
            let (t, tsa) = check_timestamp(&ts.signed_timestamp, content.sig(), root)?;
            times.push(t);
            meta.insert("timestamp".into(), rfc3339(t));
            meta.insert("timestamp_authority".into(), tsa);
        }
    } else if !material.tlog_entries.is_empty() {
        meta.insert("tlog".into(), "not checked (no trusted root: --trusted-root)".into());
    }
    times.sort();
    report.created = times.first().map(|&t| rfc3339(t));

    // Keyless: who signed (certificate, its authority at the signing time, identity), before
    // what was signed.
    if let Signer::Cert { leaf, .. } = &signer {
        let root = root.expect("keyless bundles were refused without a root");
        if times.is_empty() {
            return Err(Fail::new(
                Status::Invalid,
                "timestamp_required",
                "no verified signing time: the bundle has no signed log entry time (SET) and \
                 no RFC 3161 timestamp from a timestamp authority of the trusted root",
            ));
        }
        cert::check_leaf(leaf)?;
        let (ca, issuer) = cert::check_chain(leaf, root, &times)?;
        if let Some(ct) = cert::check_sct(leaf, issuer, root)? {
            meta.insert("ct_log".into(), ct);
        }
        let id = cert::identity(leaf);
        check_identity(&id, opts)?;
        if let Some(s) = report.signer.as_mut() {
            s.name = id.san.clone();
            s.trusted_by = Some(opts.trusted_root_source);
            s.public_key_path = opts.trusted_root.as_ref().map(|p| p.display().to_string());
        }
        meta.insert("certificate_authority".into(), ca);
    }

    // DSSE: the statement's subjects against the files.
    if let Content::Dsse { payload_type, payload, .. } = &content {
        if matches!(signer, Signer::Key { .. }) {
            // Key-based: the envelope is one `attest` writes and the DSSE verifier reads, so it
            // gets that verifier's verdict (trusted signers, revocations and trust restrictions,
            // release manifests with their added files, --predicate-type, --dir), with what this
            // module found (bundle version, log entries) in its metadata.
            let v: serde_json::Value = serde_json::from_slice(bytes)
                .map_err(|e| Fail::malformed(format!("not a valid Sigstore bundle: {e}")))?;
            let mut r = super::dsse::verify_envelope(&v["dsseEnvelope"], path, file, cx);
            let m = r.metadata.get_or_insert_with(BTreeMap::new);
            for (k, val) in meta {
                m.entry(k).or_insert(val);
            }
            return Ok(Outcome::Envelope(Box::new(r)));
        }
        let st = super::dsse::parse_statement(payload_type, payload).map_err(Fail::malformed)?;
        meta.insert("predicate_type".into(), st.predicate_type.clone());
        if let Some(want) = &cx.dsse.predicate_type
            && *want != st.predicate_type
        {
            report.metadata = Some(meta);
            return Err(Fail::new(
                Status::Invalid,
                "predicate_mismatch",
                format!(
                    "its predicate type is {:?}, not {want:?} (--predicate-type)",
                    st.predicate_type
                ),
            ));
        }
        let base = match (&cx.dsse.dir, path.parent()) {
            (Some(d), _) => d.clone(),
            (None, Some(p)) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let checks = super::dsse::check_subjects(&st, &base, file);
        let bad: Vec<String> = checks
            .iter()
            .filter(|c| c.status != "match")
            .map(|c| format!("{} {}", c.name, c.status))
            .collect();
        report.subjects = Some(checks);
        if !bad.is_empty() {
            report.metadata = Some(meta);
            return Err(Fail::new(
                Status::Invalid,
                "subject_mismatch",
                format!("the attestation's subjects do not match the files: {}", bad.join(", ")),
            ));
        }
    }
    report.metadata = Some(meta);

    let what = match &artifact {
        Some(a) => format!("{} ({} bytes)", a.path.display(), a.size),
        None => format!("{} subject(s)", report.subjects.as_ref().map_or(0, |s| s.len())),
    };
    match signer {
        Signer::Key { kid, report: s, .. } => {
            let name = s.name.as_deref().unwrap_or("?");
            key_allowed(&kid, name, &times, report, cx)?;
            let log = logged_in.map(|l| format!(", logged in {l}")).unwrap_or_default();
            Ok(Outcome::Valid(format!(
                "signed by {name} (kid {kid}): {what}, Sigstore bundle{log}"
            )))
        }
        Signer::Cert { leaf, .. } => {
            let id = cert::identity(&leaf);
            Ok(Outcome::Valid(format!(
                "signed by {} (issuer {}): {what}, Sigstore certificate valid at {}, logged in {}",
                id.san.as_deref().unwrap_or("?"),
                id.issuer.as_deref().unwrap_or("?"),
                report.created.as_deref().unwrap_or("?"),
                logged_in.as_deref().unwrap_or("?"),
            )))
        }
    }
}

/// A trusted key's revocation and trust restrictions, judged by the bundle's verified signing
/// times (its log entries' and timestamps', checked only with a trusted root): a bundle carries
/// no signed metadata and, without a verified time, no time to place it in a window or before a
/// revocation.
fn key_allowed(
    kid: &str,
    name: &str,
    times: &[SystemTime],
    report: &mut Report,
    cx: &Context<'_>,
) -> Result<(), Fail> {
    let no_time = "this bundle has no verified signing time (a log entry or RFC 3161 timestamp \
                   checked against --trusted-root)";
    if let Some(rev) = cx.policy.lifecycle.and_then(|l| l.revoked(kid)) {
        let since = rev.since.map(|t| std::time::UNIX_EPOCH + std::time::Duration::from_secs(t));
        let before = since.is_some_and(|s| !times.is_empty() && times.iter().all(|&t| t < s));
        if let Some(signer) = report.signer.as_mut() {
            signer.revoked = Some(crate::proof::verify::RevokedReport {
                since: since.map(rfc3339),
                reason: rev.reason.clone(),
                by: rev.by.clone(),
                timestamped_before: before,
            });
        }
        if !before {
            let when = match since {
                None => " for all time".to_string(),
                Some(s) if times.is_empty() => format!(" since {}, and {no_time}", rfc3339(s)),
                Some(s) => format!(" since {}, before this bundle was signed", rfc3339(s)),
            };
            return Err(Fail::new(
                Status::Invalid,
                "revoked",
                format!("signed by {name} (kid {kid}), whose key is revoked{when} (by {})", rev.by),
            ));
        }
    }
    let restrictions = cx
        .trust
        .get(kid)
        .map(|k| &k.restrictions)
        .or_else(|| cx.trust.get_foreign(kid).map(|k| &k.restrictions));
    let Some(r) = restrictions else { return Ok(()) };
    if !r.require_meta.is_empty() {
        return Err(Fail::new(
            Status::Invalid,
            "metadata_not_allowed",
            format!(
                "signed by {name}, but {name} is trusted only for proofs with {}, which a Sigstore bundle does not carry",
                r.meta_list()
            ),
        ));
    }
    let Some(window) = r.window() else { return Ok(()) };
    let bound = |t: &Option<String>| {
        t.as_deref().and_then(|t| crate::policy::normalize_time(t).ok()).map(|(_, t)| t)
    };
    let (after, before) = (bound(&r.valid_after), bound(&r.valid_before));
    let inside = !times.is_empty()
        && times.iter().all(|&t| after.is_none_or(|a| t >= a) && before.is_none_or(|b| t < b));
    if !inside {
        let why =
            if times.is_empty() { no_time.to_string() } else { "it was signed outside it".into() };
        return Err(Fail::new(
            Status::Invalid,
            "outside_validity",
            format!(
                "signed by {name}, but {name} is trusted only for signatures made {window}, and {why}"
            ),
        ));
    }
    Ok(())
}

fn check_identity(id: &cert::Identity, opts: &Options) -> Result<(), Fail> {
    let san = id.san.as_deref().unwrap_or("");
    let ok = match (&opts.identity, &opts.identity_regexp) {
        (Some(want), _) => san == want,
        (None, Some(re)) => re.is_match(san),
        (None, None) => false,
    };
    if !ok {
        let want = opts
            .identity
            .clone()
            .or_else(|| opts.identity_regexp.as_ref().map(|r| format!("/{}/", r.as_str())))
            .unwrap_or_default();
        return Err(Fail::new(
            Status::Invalid,
            "identity_mismatch",
            format!("the certificate names {san:?}, not the identity required ({want})"),
        ));
    }
    if id.issuer.as_deref() != opts.issuer.as_deref() {
        return Err(Fail::new(
            Status::Invalid,
            "identity_mismatch",
            format!(
                "the certificate's OIDC issuer is {:?}, not {:?}",
                id.issuer.as_deref().unwrap_or(""),
                opts.issuer.as_deref().unwrap_or("")
            ),
        ));
    }
    Ok(())
}

/// Whether `key` made the bundle's signature: over the artifact for a message signature, over
/// the DSSE pre-authentication encoding for an envelope.
fn signature_verifies(
    key: &PubKey,
    content: &Content,
    artifact: Option<&Artifact>,
) -> Result<bool, Fail> {
    match content {
        Content::Dsse { payload_type, payload, sig } => {
            Ok(key.verify(&super::dsse::pae(payload_type, payload), sig))
        }
        Content::Message { sig, .. } => {
            let a = artifact.expect("message signatures have an artifact");
            if key.is_p256() {
                return Ok(key.verify_sha256(&a.sha256, sig));
            }
            let bytes = std::fs::read(&a.path).map_err(|e| {
                Fail::new(
                    Status::Error,
                    "file_unreadable",
                    format!("{}: {}", a.path.display(), crate::fsutil::describe_io(&e)),
                )
            })?;
            if Sha256::digest(&bytes).as_slice() != a.sha256 {
                return Err(Fail::new(
                    Status::Error,
                    "file_unreadable",
                    format!("{}: changed while being read", a.path.display()),
                ));
            }
            Ok(key.verify(&bytes, sig))
        }
    }
}

/// A key-based bundle: the trusted key its hint names (kid, SPKI kid, or base64 SHA-256 of the
/// SPKI as cosign writes it), else any trusted key that verifies the signature.
fn key_signer(
    hint: &str,
    content: &Content,
    artifact: Option<&Artifact>,
    cx: &Context<'_>,
) -> Result<Signer, Fail> {
    use spki::EncodePublicKey;
    let hint_bytes = b64(hint).ok();
    let mut candidates: Vec<(bool, String, Vec<u8>, PubKey, SignerReport)> = Vec::new();
    for (kid, k) in cx.trust.iter() {
        let Ok(spki) = k.key.to_public_key_der() else { continue };
        let mut s = SignerReport::new(kid.clone());
        s.name = Some(k.name.clone());
        s.trusted_by = Some(k.source.as_str());
        s.public_key_path = Some(k.path.display().to_string());
        let named = hint == kid
            || hint_bytes.as_deref() == Some(Sha256::digest(spki.as_bytes()).as_slice());
        candidates.push((named, kid.clone(), spki.as_bytes().to_vec(), PubKey::Ed25519(k.key), s));
    }
    for (kid, k) in cx.trust.foreign() {
        let Ok(key) = PubKey::from_spki(&k.spki_der) else { continue };
        let mut s = SignerReport::new(kid.clone());
        s.name = Some(k.name.clone());
        s.trusted_by = Some(k.source.as_str());
        s.public_key_path = Some(k.path.display().to_string());
        let named =
            hint == kid || hint_bytes.as_deref() == Some(Sha256::digest(&k.spki_der).as_slice());
        candidates.push((named, kid.clone(), k.spki_der.clone(), key, s));
    }
    // The named key first; a hint is only a hint, so the others are tried too.
    candidates.sort_by_key(|c| !c.0);
    let named = candidates.iter().any(|c| c.0);
    for (_, kid, spki, key, report) in candidates {
        if signature_verifies(&key, content, artifact)? {
            return Ok(Signer::Key { kid, spki, report: Box::new(report) });
        }
    }
    Err(if named {
        Fail::bad_signature(format!(
            "the signature does not verify under the trusted key the bundle names (hint {hint})"
        ))
    } else {
        Fail::untrusted(format!(
            "signed with a key (hint {hint:?}) that is not trusted: no trusted key verifies it; \
             trust the signer's public key (--key PUBKEY or `proofctl trust add`)"
        ))
    })
}

/// The PEM a log entry carries, as DER.
fn pem_der(b64_pem: &str) -> Option<Vec<u8>> {
    let pem = String::from_utf8(b64(b64_pem).ok()?).ok()?;
    // Leniently: Rekor stores the PEM as the client sent it, and some clients write the base64
    // on one line (which RFC 7468's strict parser refuses).
    let mut lines = pem.lines().map(str::trim).filter(|l| !l.is_empty());
    if !lines.next()?.starts_with("-----BEGIN ") {
        return None;
    }
    let body: String = lines.take_while(|l| !l.starts_with("-----END ")).collect();
    b64(&body).ok()
}

fn str_at<'a>(v: &'a serde_json::Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

/// The log entry's body must describe this bundle: the same signature, by the same key or
/// certificate, over the same artifact or envelope.
fn check_body(
    e: &TlogEntry,
    body: &[u8],
    content: &Content,
    artifact: Option<&Artifact>,
    signer: &Signer,
) -> Result<(), Fail> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| Fail::malformed(format!("the log entry's body is not JSON ({e})")))?;
    let kind = (e.kind_version.kind.as_str(), e.kind_version.version.as_str());
    if str_at(&v, &["kind"]) != Some(kind.0) || str_at(&v, &["apiVersion"]) != Some(kind.1) {
        return Err(Fail::mismatch("the log entry's body is not of the kind the bundle says"));
    }
    let (signer_der, is_cert) = match signer {
        Signer::Key { spki, .. } => (spki.as_slice(), false),
        Signer::Cert { der, .. } => (der.as_slice(), true),
    };
    let sig = content.sig();
    let same_key = |b64_pem: Option<&str>| b64_pem.and_then(pem_der).as_deref() == Some(signer_der);
    let mismatch = |what: &str| {
        Err(Fail::mismatch(format!("the log entry records {what} than this bundle's")))
    };
    match (kind, content) {
        (("hashedrekord", "0.0.1"), Content::Message { .. }) => {
            let a = artifact.expect("message signatures have an artifact");
            let spec = &v["spec"];
            if str_at(spec, &["data", "hash", "algorithm"]) != Some("sha256")
                || str_at(spec, &["data", "hash", "value"]) != Some(hex::encode(a.sha256).as_str())
            {
                return mismatch("another artifact digest");
            }
            if str_at(spec, &["signature", "content"]).and_then(|s| b64(s).ok()).as_deref()
                != Some(sig)
            {
                return mismatch("another signature");
            }
            if !same_key(str_at(spec, &["signature", "publicKey", "content"])) {
                return mismatch("another key or certificate");
            }
        }
        (("dsse", "0.0.1"), Content::Dsse { payload, .. }) => {
            let spec = &v["spec"];
            if str_at(spec, &["payloadHash", "algorithm"]) != Some("sha256")
                || str_at(spec, &["payloadHash", "value"])
                    != Some(hex::encode(Sha256::digest(payload)).as_str())
            {
                return mismatch("another payload");
            }
            let sigs = spec["signatures"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            let [s] = sigs else { return mismatch("other signatures") };
            if str_at(s, &["signature"]).and_then(|x| b64(x).ok()).as_deref() != Some(sig) {
                return mismatch("another signature");
            }
            if !same_key(str_at(s, &["verifier"])) {
                return mismatch("another key or certificate");
            }
        }
        (("intoto", "0.0.2"), Content::Dsse { payload_type, payload, .. }) => {
            let c = &v["spec"]["content"];
            if str_at(c, &["payloadHash", "algorithm"]) != Some("sha256")
                || str_at(c, &["payloadHash", "value"])
                    != Some(hex::encode(Sha256::digest(payload)).as_str())
            {
                return mismatch("another payload");
            }
            if str_at(c, &["envelope", "payloadType"]) != Some(payload_type.as_str()) {
                return mismatch("another payload type");
            }
            let sigs = c["envelope"]["signatures"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            let [s] = sigs else { return mismatch("other signatures") };
            // intoto v0.0.2 stores the signature base64 twice over.
            let logged = str_at(s, &["sig"])
                .and_then(|x| b64(x).ok())
                .and_then(|x| String::from_utf8(x).ok())
                .and_then(|x| b64(&x).ok());
            if logged.as_deref() != Some(sig) {
                return mismatch("another signature");
            }
            if !same_key(str_at(s, &["publicKey"])) {
                return mismatch("another key or certificate");
            }
        }
        (("hashedrekord", "0.0.2"), _) => {
            let spec = &v["spec"]["hashedRekordV002"];
            let digest: [u8; 32] = match content {
                Content::Message { .. } => artifact.expect("artifact").sha256,
                Content::Dsse { payload_type, payload, .. } => {
                    Sha256::digest(super::dsse::pae(payload_type, payload)).into()
                }
            };
            if str_at(spec, &["data", "algorithm"]) != Some("SHA2_256")
                || str_at(spec, &["data", "digest"]).and_then(|d| b64(d).ok()).as_deref()
                    != Some(digest.as_slice())
            {
                return mismatch("another artifact digest");
            }
            if str_at(spec, &["signature", "content"]).and_then(|s| b64(s).ok()).as_deref()
                != Some(sig)
            {
                return mismatch("another signature");
            }
            let verifier = &spec["signature"]["verifier"];
            let logged = if is_cert {
                str_at(verifier, &["x509Certificate", "rawBytes"])
            } else {
                str_at(verifier, &["publicKey", "rawBytes"])
            };
            if logged.and_then(|d| b64(d).ok()).as_deref() != Some(signer_der) {
                return mismatch("another key or certificate");
            }
        }
        ((k, ver), _) => {
            return Err(Fail::mismatch(format!(
                "a log entry of kind {k} {ver} does not fit this bundle's content (this build reads \
                 hashedrekord 0.0.1/0.0.2 for message signatures, dsse 0.0.1, intoto 0.0.2 and \
                 hashedrekord 0.0.2 for DSSE envelopes)"
            )));
        }
    }
    Ok(())
}

/// Verifies an RFC 3161 timestamp over the bundle's signature against the trusted root's
/// timestamp authorities; returns its time and the authority's name.
fn check_timestamp(
    token_b64: &str,
    sig: &[u8],
    root: &root::TrustedRoot,
) -> Result<(SystemTime, String), Fail> {
    let resp = b64(token_b64).map_err(|e| Fail::malformed(format!("signedTimestamp: {e}")))?;
    let token =
        token_of_response(&resp).map_err(|e| Fail::malformed(format!("signedTimestamp: {e}")))?;
    let mut first_err = None;
    for tsa in &root.tsas {
        let anchor = std::slice::from_ref(tsa.chain.last().expect("non-empty chain"));
        match crate::timestamp::verify_token_with_certs(token, sig, anchor, &tsa.chain) {
            Ok(v) => {
                if !tsa.valid.contains(v.gen_time) {
                    return Err(Fail::outside_validity(format!(
                        "the timestamp's time {} is outside the validity the trusted root gives \
                         its authority {}",
                        v.gen_time_rfc3339, v.authority
                    )));
                }
                return Ok((v.gen_time, v.authority));
            }
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(match first_err {
        Some(crate::timestamp::TokenError::ImprintMismatch) => {
            Fail::mismatch("the RFC 3161 timestamp is over another signature than this bundle's")
        }
        Some(crate::timestamp::TokenError::NotValidAtGenTime { subject, gen_time }) => {
            Fail::outside_validity(format!(
                "the timestamp authority's certificate {subject} was not valid at {gen_time}"
            ))
        }
        Some(e) => Fail::new(
            Status::Invalid,
            "bad_timestamp",
            format!(
                "the RFC 3161 timestamp does not verify against the trusted root's timestamp authorities: {e}"
            ),
        ),
        None => Fail::untrusted(
            "the bundle has an RFC 3161 timestamp but the trusted root names no timestamp authority",
        ),
    })
}

/// The time-stamp token of a DER TimeStampResp (RFC 3161 §2.4.2), which is what bundles carry;
/// a bare token (ContentInfo) is taken as it is. A response whose status is not granted is
/// refused.
fn token_of_response(resp: &[u8]) -> Result<&[u8], String> {
    use der::asn1::{AnyRef, ObjectIdentifier};
    use der::{Reader, SliceReader, Tag, Tagged};
    let err = |e: der::Error| format!("not a time-stamp response ({e})");
    let outer = AnyRef::from_der(resp).map_err(err)?;
    if outer.tag() != Tag::Sequence {
        return Err("not a time-stamp response (no SEQUENCE)".into());
    }
    let body = outer.value();
    let mut r = SliceReader::new(body).map_err(err)?;
    let first = AnyRef::decode(&mut r).map_err(err)?;
    if first.tag() == Tag::ObjectIdentifier {
        ObjectIdentifier::try_from(first).map_err(err)?;
        return Ok(resp);
    }
    // PKIStatusInfo: status 0 (granted) or 1 (granted with modifications).
    let mut sr = SliceReader::new(first.value()).map_err(err)?;
    let status = u8::decode(&mut sr).map_err(err)?;
    if status > 1 {
        return Err(format!("the timestamp authority refused the request (status {status})"));
    }
    let token = &body[usize::try_from(r.position()).map_err(err)?..];
    if token.is_empty() {
        return Err("the time-stamp response carries no token".into());
    }
    AnyRef::from_der(token).map_err(err)?;
    Ok(token)
}
