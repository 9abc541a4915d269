//! Verifying DSSE envelopes (github.com/secure-systems-lab/dsse, protocol v1) and the in-toto
//! statements they carry (in-toto Statement v1): the envelope's signature over its
//! pre-authentication encoding, then every subject's digest against the files.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::Context;
use crate::proof::verify::{Report, SignerReport, Status, SubjectCheck};
use crate::trust::{ForeignKey, TrustedKey, spki_pem};

/// The payload type of in-toto statements.
pub const INTOTO_PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// The statement types this build checks subjects of: v1, and v0.1 which older tooling writes.
pub const STATEMENT_TYPES: [&str; 2] =
    ["https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1"];

/// The predicate type of proofctl's release manifests (`attest --manifest DIR`): a statement
/// whose subjects are every file under one folder, so a file there that it does not name is
/// reported (`added`) as well as files changed or missing (README, "Release manifests").
pub const MANIFEST_PREDICATE_TYPE: &str = "urn:proofctl:release-manifest:v1";

/// Signatures read from one envelope at most: each may cost a verification per trusted key.
pub const MAX_SIGNATURES: usize = 16;

/// Envelopes read from one JSON Lines file (`.intoto.jsonl`) at most, for the same reason.
pub const MAX_ENVELOPES: usize = 64;

/// Trusted keys of one algorithm tried against a signature whose keyid names none of them.
/// Beyond this many, only keys the keyid names are tried (`--key` narrows the trust).
pub const MAX_TRIED_KEYS: usize = 64;

/// What `verify` was told about this format on the command line.
#[derive(Debug, Default)]
pub struct Options {
    /// `--predicate-type URI`: the statement's predicateType must be this.
    pub predicate_type: Option<String>,
    /// `--dir DIR`: subjects are looked up under DIR (not the envelope's folder), and every file
    /// under DIR that the statement does not name is reported as `added`.
    pub dir: Option<PathBuf>,
}

/// A DSSE envelope as JSON carries it (protocol v1): a payload, its type, and signatures over
/// [`pae`] of the two.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Envelope {
    /// Base64 (standard; URL-safe and unpadded are accepted when read).
    pub payload: String,
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    pub signatures: Vec<EnvelopeSignature>,
}

/// One signature of an [`Envelope`].
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct EnvelopeSignature {
    /// An unauthenticated hint of which key signed (DSSE: "MUST NOT be used for security
    /// decisions"); proofctl writes the signer's kid.
    #[serde(default)]
    pub keyid: Option<String>,
    /// Base64 of the signature bytes.
    pub sig: String,
}

/// DSSE's pre-authentication encoding: what an envelope's signatures sign.
/// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in ASCII decimal.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload_type.len() + payload.len() + 32);
    out.extend_from_slice(b"DSSEv1 ");
    out.extend_from_slice(payload_type.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload_type.as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload);
    out
}

/// An in-toto statement's members that verification needs.
#[derive(Debug, Deserialize)]
pub struct Statement {
    #[serde(rename = "_type")]
    pub statement_type: String,
    pub subject: Vec<StatementSubject>,
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
}

#[derive(Debug, Deserialize)]
pub struct StatementSubject {
    #[serde(default)]
    pub name: String,
    /// Algorithm to lowercase hex digest (in-toto's DigestSet).
    pub digest: BTreeMap<String, String>,
}

/// Parses an in-toto statement from a DSSE payload: its type must be one this build knows, and
/// every subject must carry a digest this build can check (sha256 or sha512).
pub fn parse_statement(payload_type: &str, payload: &[u8]) -> Result<Statement, String> {
    if payload_type != INTOTO_PAYLOAD_TYPE {
        return Err(format!(
            "the envelope carries {payload_type:?}, not an in-toto statement ({INTOTO_PAYLOAD_TYPE})"
        ));
    }
    let st: Statement = serde_json::from_slice(payload)
        .map_err(|e| format!("the in-toto statement does not parse ({e})"))?;
    if !STATEMENT_TYPES.contains(&st.statement_type.as_str()) {
        return Err(format!(
            "statement type {:?} is not one this build reads ({})",
            st.statement_type,
            STATEMENT_TYPES.join(", ")
        ));
    }
    if st.subject.is_empty() {
        return Err("the in-toto statement names no subject".into());
    }
    for s in &st.subject {
        if !s.digest.keys().any(|a| a == "sha256" || a == "sha512") {
            return Err(format!(
                "subject {:?} has no sha256 or sha512 digest ({})",
                s.name,
                s.digest.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    Ok(st)
}

/// Checks every subject of `st` against the file named by it, relative to `base` (the folder of
/// the signature, or `verify --dir`). Subject names are relative paths: one that climbs out of
/// `base` or is absolute is `missing` rather than followed.
///
/// With `file` (`verify --file`): a statement of one subject is checked against that file
/// whatever its name; a statement of many (a release manifest) has only the subject that names
/// `file` checked (by its path under `base`, else by a unique file name), and when none names
/// it, the one check returned is `file` itself as `added`.
pub fn check_subjects(st: &Statement, base: &Path, file: Option<&Path>) -> Vec<SubjectCheck> {
    let check = |s: &StatementSubject, path: Option<PathBuf>| {
        let status = match &path {
            None => "missing",
            Some(p) => match digests_match(p, &s.digest) {
                Ok(true) => "match",
                Ok(false) => "changed",
                Err(_) => "missing",
            },
        };
        SubjectCheck {
            name: s.name.clone(),
            digest: s.digest.clone(),
            path: path.map(|p| p.display().to_string()),
            status,
        }
    };
    match (file, st.subject.as_slice()) {
        (Some(f), [one]) => vec![check(one, Some(f.to_path_buf()))],
        (Some(f), many) => match subject_named(many, base, f) {
            Some(s) => vec![check(s, Some(f.to_path_buf()))],
            None => vec![SubjectCheck {
                name: f.display().to_string(),
                digest: BTreeMap::new(),
                path: Some(f.display().to_string()),
                status: "added",
            }],
        },
        (None, all) => {
            all.iter().map(|s| check(s, safe_relative(&s.name).map(|r| base.join(r)))).collect()
        }
    }
}

/// The subject of a many-subject statement that `file` is: the one whose path under `base` is
/// `file` (compared resolved, so `./dist/a` and `dist/a` agree), else the only one with
/// `file`'s file name (a file checked away from its folder).
fn subject_named<'a>(
    subjects: &'a [StatementSubject],
    base: &Path,
    file: &Path,
) -> Option<&'a StatementSubject> {
    let resolve = |p: &Path| crate::fsutil::resolve_lenient(p).unwrap_or_else(|_| p.to_path_buf());
    let want = resolve(file);
    let by_path = subjects
        .iter()
        .find(|s| safe_relative(&s.name).is_some_and(|rel| resolve(&base.join(rel)) == want));
    by_path.or_else(|| {
        let name = file.file_name()?;
        let mut same = subjects.iter().filter(|s| Path::new(&s.name).file_name() == Some(name));
        let first = same.next()?;
        same.next().is_none().then_some(first)
    })
}

/// `name` as a relative path under the signature's folder, when it is one.
fn safe_relative(name: &str) -> Option<&Path> {
    use std::path::Component;
    let p = Path::new(name);
    let ok = !name.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    ok.then_some(p)
}

/// Whether the file's bytes have every sha256/sha512 digest the subject gives (each one that
/// is given must match; other algorithms are not checked, and at least one of these two is
/// there, see [`parse_statement`]).
fn digests_match(path: &Path, want: &BTreeMap<String, String>) -> io::Result<bool> {
    let (file, _) = crate::fsutil::open_regular(path)?;
    let mut reader = io::BufReader::with_capacity(1 << 16, file);
    let (mut s256, mut s512) = (sha2::Sha256::new(), sha2::Sha512::new());
    let (want256, want512) = (want.get("sha256"), want.get("sha512"));
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if want256.is_some() {
            s256.update(&buf[..n]);
        }
        if want512.is_some() {
            s512.update(&buf[..n]);
        }
    }
    let ok256 = want256.is_none_or(|w| w.eq_ignore_ascii_case(&hex::encode(s256.finalize())));
    let ok512 = want512.is_none_or(|w| w.eq_ignore_ascii_case(&hex::encode(s512.finalize())));
    Ok(ok256 && ok512)
}

/// Base64 as DSSE implementations write it: the standard or the URL-safe alphabet, padded or not.
pub fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const CONFIG: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, CONFIG);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, CONFIG);
    STANDARD.decode(s).or_else(|_| URL_SAFE.decode(s)).ok()
}

/// A trusted key an envelope's signature may be from.
#[derive(Debug, Clone, Copy)]
enum Candidate<'a> {
    Ed25519(&'a str, &'a TrustedKey),
    Foreign(&'a str, &'a ForeignKey),
}

impl<'a> Candidate<'a> {
    fn kid(&self) -> &'a str {
        match self {
            Candidate::Ed25519(kid, _) | Candidate::Foreign(kid, _) => kid,
        }
    }

    fn trusted(&self) -> (&'a str, &'a Path, &'static str, &'a crate::policy::Restrictions) {
        match self {
            Candidate::Ed25519(_, k) => (&k.name, &k.path, k.source.as_str(), &k.restrictions),
            Candidate::Foreign(_, k) => (&k.name, &k.path, k.source.as_str(), &k.restrictions),
        }
    }

    /// The keyid securesystemslib and in-toto give this key by default: SHA-256 (hex) over the
    /// canonical JSON of its keytype, scheme and public value (raw hex for Ed25519, SPKI PEM for
    /// ECDSA; canonical JSON escapes only `"` and `\`, which neither holds).
    fn sslib_keyid(&self) -> Option<String> {
        let (keytype, scheme, public) = match self {
            Candidate::Ed25519(_, k) => ("ed25519", "ed25519", hex::encode(k.key.as_bytes())),
            Candidate::Foreign(_, k) => {
                let scheme = match k.algorithm {
                    "ecdsa-p256" => "ecdsa-sha2-nistp256",
                    "ecdsa-p384" => "ecdsa-sha2-nistp384",
                    _ => return None,
                };
                ("ecdsa", scheme, spki_pem(&k.spki_der))
            }
        };
        let json = format!(
            r#"{{"keytype":"{keytype}","keyval":{{"public":"{public}"}},"scheme":"{scheme}"}}"#
        );
        Some(hex::encode(sha2::Sha256::digest(json.as_bytes())))
    }

    /// Whether `hint` (a signature's keyid) names this key: its kid, or its securesystemslib
    /// keyid.
    fn named_by(&self, hint: &str) -> bool {
        !hint.is_empty() && (hint == self.kid() || self.sslib_keyid().as_deref() == Some(hint))
    }

    /// Whether `sig` is this key's signature of `message`: Ed25519 (pure, RFC 8032, strict:
    /// no small-order keys or R, canonical S), or ECDSA over SHA-256 (P-256) or SHA-384 (P-384)
    /// with the signature DER-encoded (securesystemslib, cosign) or raw r||s.
    fn verifies(&self, message: &[u8], sig: &[u8]) -> bool {
        use p256::ecdsa::signature::Verifier as _;
        use p256::pkcs8::DecodePublicKey as _;
        match self {
            Candidate::Ed25519(_, k) => <[u8; 64]>::try_from(sig).is_ok_and(|s| {
                k.key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&s)).is_ok()
            }),
            Candidate::Foreign(_, k) => match k.algorithm {
                "ecdsa-p256" => {
                    let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(&k.spki_der)
                    else {
                        return false;
                    };
                    // Raw r||s is exactly 64 bytes; a DER signature almost never is, but may be.
                    let raw = (sig.len() == 64)
                        .then(|| p256::ecdsa::Signature::from_slice(sig).ok())
                        .flatten();
                    let ok = |s: p256::ecdsa::Signature| key.verify(message, &s).is_ok();
                    raw.is_some_and(ok) || p256::ecdsa::Signature::from_der(sig).is_ok_and(ok)
                }
                "ecdsa-p384" => {
                    let Ok(key) = p384::ecdsa::VerifyingKey::from_public_key_der(&k.spki_der)
                    else {
                        return false;
                    };
                    let raw = (sig.len() == 96)
                        .then(|| p384::ecdsa::Signature::from_slice(sig).ok())
                        .flatten();
                    let ok = |s: p384::ecdsa::Signature| key.verify(message, &s).is_ok();
                    raw.is_some_and(ok) || p384::ecdsa::Signature::from_der(sig).is_ok_and(ok)
                }
                // RSA keys are trusted for other formats; DSSE envelopes by them are untrusted.
                _ => false,
            },
        }
    }
}

/// Every trusted key of an algorithm DSSE envelopes are checked with.
fn candidates<'a>(cx: &Context<'a>) -> Vec<Candidate<'a>> {
    let trust = cx.trust;
    let mut v: Vec<Candidate<'a>> =
        trust.iter().map(|(kid, k)| Candidate::Ed25519(kid.as_str(), k)).collect();
    v.extend(
        trust
            .foreign()
            .filter(|(_, k)| k.algorithm.starts_with("ecdsa-"))
            .map(|(kid, k)| Candidate::Foreign(kid.as_str(), k)),
    );
    v
}

/// What an envelope's signatures come to, before the statement is looked at.
enum Signed<'a> {
    /// Trusted keys that verify a signature, in the order of the signatures.
    By(Vec<Candidate<'a>>),
    /// No trusted key verifies any signature, and a keyid names a trusted key: that key's
    /// signature is not good (the envelope was altered, or the keyid lies).
    Bad(Vec<Candidate<'a>>),
    /// No trusted key verifies any signature, and no keyid names one. `all_tried`: every
    /// trusted key was tried (else there were more than [`MAX_TRIED_KEYS`]).
    Unknown { hints: Vec<String>, all_tried: bool },
}

/// Checks each signature over `pae` with the trusted keys its keyid names, then (the keyid
/// being an unsigned hint that other tools fill in their own ways) with every other trusted key,
/// up to [`MAX_TRIED_KEYS`].
fn check_signatures<'a>(
    sigs: &[Vec<u8>],
    hints: &[String],
    pae: &[u8],
    cx: &Context<'a>,
) -> Signed<'a> {
    let all = candidates(cx);
    let try_all = all.len() <= MAX_TRIED_KEYS;
    let mut by: Vec<Candidate<'a>> = Vec::new();
    let mut named: Vec<Candidate<'a>> = Vec::new();
    for (sig, hint) in sigs.iter().zip(hints) {
        let (hinted, others): (Vec<Candidate<'a>>, Vec<Candidate<'a>>) =
            all.iter().partition(|c| c.named_by(hint));
        let found =
            hinted.iter().chain(others.iter().filter(|_| try_all)).find(|c| c.verifies(pae, sig));
        match found {
            Some(c) if !by.iter().any(|b| b.kid() == c.kid()) => by.push(*c),
            Some(_) => {}
            None => {
                for h in hinted {
                    if !named.iter().any(|n| n.kid() == h.kid()) {
                        named.push(h);
                    }
                }
            }
        }
    }
    if !by.is_empty() {
        Signed::By(by)
    } else if !named.is_empty() {
        Signed::Bad(named)
    } else {
        Signed::Unknown {
            hints: hints.iter().filter(|h| !h.is_empty()).cloned().collect(),
            all_tried: try_all,
        }
    }
}

fn short(kid: &str) -> &str {
    &kid[..kid.len().min(12)]
}

/// The folder subjects are named relative to: `--dir`, else the envelope's own folder.
fn base_folder(path: &Path, cx: &Context<'_>) -> PathBuf {
    if let Some(d) = &cx.dsse.dir {
        return d.clone();
    }
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Verifies a DSSE envelope (parsed JSON: a `.intoto.json` file, or a Sigstore bundle's
/// `dsseEnvelope`) read from `path`, and the in-toto statement it carries against the files it
/// names (relative to `--dir`, else to `path`'s folder) or `file`.
///
/// Trust: valid when a trusted key (Ed25519 by kid; ECDSA P-256/P-384 by SPKI kid) verifies
/// one of its signatures. No trusted key verifying any signature is `untrusted` when no keyid
/// names a trusted key (signed by someone else, or altered: without their key the two cannot be
/// told apart), and `invalid` (`bad_signature`) when a keyid names a trusted key whose signature
/// it is not.
pub fn verify_envelope(
    envelope: &serde_json::Value,
    path: &Path,
    file: Option<&Path>,
    cx: &Context<'_>,
) -> Report {
    let malformed = |why: String| Report::error(path, file, "malformed", why);
    let env = match Envelope::deserialize(envelope) {
        Ok(e) => e,
        Err(e) => return malformed(format!("not a DSSE envelope ({e})")),
    };
    if env.signatures.is_empty() {
        return malformed("the envelope has no signatures".into());
    }
    if env.signatures.len() > MAX_SIGNATURES {
        return malformed(format!(
            "the envelope has {} signatures; proofctl reads at most {MAX_SIGNATURES}",
            env.signatures.len()
        ));
    }
    let Some(payload) = decode_base64(&env.payload) else {
        return malformed("the envelope's payload is not base64".into());
    };
    let mut sigs = Vec::with_capacity(env.signatures.len());
    for (i, s) in env.signatures.iter().enumerate() {
        match decode_base64(&s.sig) {
            Some(b) if !b.is_empty() => sigs.push(b),
            _ => return malformed(format!("signature {} is not base64 (or is empty)", i + 1)),
        }
    }
    let hints: Vec<String> =
        env.signatures.iter().map(|s| s.keyid.clone().unwrap_or_default()).collect();
    let pae = pae(&env.payload_type, &payload);
    let mut report = Report::error(path, file, "malformed", String::new());
    let signers = match check_signatures(&sigs, &hints, &pae, cx) {
        Signed::By(by) => by,
        Signed::Bad(named) => {
            let names: Vec<String> = named
                .iter()
                .map(|c| format!("{} (kid {})", c.trusted().0, short(c.kid())))
                .collect();
            return report.fail(
                Status::Invalid,
                "bad_signature",
                format!(
                    "bad signature: its keyid names the trusted key {}, which did not sign this envelope as it is (nor did any other trusted key); it was altered, or signed by another key",
                    names.join(", ")
                ),
            );
        }
        Signed::Unknown { hints, all_tried } => {
            let keyids = if hints.is_empty() {
                String::new()
            } else {
                format!(" (keyid {})", hints.join(", "))
            };
            let tried = if all_tried {
                String::new()
            } else {
                format!(
                    "; only keys its keyid names were tried (over {MAX_TRIED_KEYS} trusted keys): pass the signer's key with --key"
                )
            };
            return report.fail(
                Status::Untrusted,
                "untrusted",
                format!(
                    "no trusted key verifies its signature{}{keyids}: it is signed by a key you do not trust, or was altered{tried}",
                    if sigs.len() == 1 { "" } else { "s" }
                ),
            );
        }
    };
    // A signer that is revoked, or whose trust entry restricts it, counts only if no other does.
    let judged: Vec<(Candidate<'_>, Option<(&'static str, String)>)> =
        signers.iter().map(|c| (*c, refusal(c, cx))).collect();
    let (signer, refused) = judged
        .iter()
        .find(|(_, r)| r.is_none())
        .or_else(|| judged.first())
        .cloned()
        .expect("at least one signer");
    let (name, key_path, source, _) = signer.trusted();
    let mut s = SignerReport::new(signer.kid().to_string());
    s.name = Some(name.to_string());
    s.trusted_by = Some(source);
    s.public_key_path = Some(key_path.display().to_string());
    if let Some(r) = cx.policy.lifecycle.and_then(|l| l.revoked(signer.kid())) {
        s.revoked = Some(crate::proof::verify::RevokedReport {
            since: r.since.map(|t| {
                let t =
                    std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.min(253_402_300_799));
                humantime::format_rfc3339_seconds(t).to_string()
            }),
            reason: r.reason.clone(),
            by: r.by.clone(),
            timestamped_before: false,
        });
    }
    report.signer = Some(s);
    let signed_by = format!("signed by {name} (kid {})", short(signer.kid()));
    if let Some((reason, why)) = refused {
        return report.fail(Status::Invalid, reason, format!("{signed_by}, {why}"));
    }
    report.metadata =
        Some(BTreeMap::from([("payload_type".to_string(), env.payload_type.clone())]));
    if env.payload_type != INTOTO_PAYLOAD_TYPE {
        return report.fail(
            Status::Error,
            "unsupported_format",
            format!(
                "{signed_by}, but the envelope carries {:?}, not an in-toto statement ({INTOTO_PAYLOAD_TYPE}): proofctl checks files against in-toto statements only",
                env.payload_type
            ),
        );
    }
    let st = match parse_statement(&env.payload_type, &payload) {
        Ok(st) => st,
        Err(why) => {
            return report.fail(Status::Error, "malformed", format!("{signed_by}, but {why}"));
        }
    };
    if let Some(m) = report.metadata.as_mut() {
        m.insert("predicate_type".into(), st.predicate_type.clone());
        m.insert("statement_type".into(), st.statement_type.clone());
    }
    if let Some(want) = &cx.dsse.predicate_type
        && *want != st.predicate_type
    {
        return report.fail(
            Status::Invalid,
            "predicate_mismatch",
            format!(
                "{signed_by}, but its predicate type is {:?}, not {want:?} (--predicate-type)",
                st.predicate_type
            ),
        );
    }
    let base = base_folder(path, cx);
    let mut checks = check_subjects(&st, &base, file);
    let whole_folder =
        file.is_none() && (cx.dsse.dir.is_some() || st.predicate_type == MANIFEST_PREDICATE_TYPE);
    if whole_folder {
        match added_files(&st, &base, path) {
            Ok(added) => checks.extend(added),
            Err(e) => {
                return report.fail(
                    Status::Error,
                    "unreadable",
                    format!(
                        "{signed_by}, but {}: {}",
                        base.display(),
                        crate::fsutil::describe_io(&e)
                    ),
                );
            }
        }
    }
    if report.file.is_none()
        && let [one] = checks.as_slice()
    {
        report.file = one.path.clone();
    }
    let what = describe_statement(&st);
    let bad: Vec<&SubjectCheck> = checks.iter().filter(|c| c.status != "match").collect();
    let total = checks.len();
    let partial = match (file, st.subject.len()) {
        (Some(_), n) if n > 1 && checks.iter().all(|c| c.status == "added") => {
            format!("; it is none of its {n} subjects")
        }
        (Some(_), n) if n > 1 => {
            format!(
                "; the other {} were not checked",
                crate::output::plural(n as u64 - 1, "subject", "subjects")
            )
        }
        _ => String::new(),
    };
    let verdict = if bad.is_empty() {
        let over = match checks.as_slice() {
            [one] => format!("{} matches", one.name),
            _ => format!("all {total} files match"),
        };
        (Status::Valid, None, format!("{signed_by}: {what}; {over}{partial}"))
    } else {
        const SHOWN: usize = 10;
        let mut listed: Vec<String> =
            bad.iter().take(SHOWN).map(|c| format!("{} {}", c.name, c.status)).collect();
        if bad.len() > SHOWN {
            listed.push(format!("and {} more", bad.len() - SHOWN));
        }
        let how_many = if total == 1 {
            String::new()
        } else {
            format!("{} of {total} files do not match: ", bad.len())
        };
        (
            Status::Invalid,
            Some("subject_mismatch"),
            format!("{signed_by}: {what}; {how_many}{}{partial}", listed.join(", ")),
        )
    };
    report.subjects = Some(checks);
    (report.status, report.reason, report.message) = verdict;
    report
}

/// Why a trusted signer does not vouch for this envelope: its key is revoked (an envelope has
/// no proven time, so any revocation counts), or its trust entry restricts it to a window or to
/// signed metadata, neither of which an envelope carries.
fn refusal(c: &Candidate<'_>, cx: &Context<'_>) -> Option<(&'static str, String)> {
    if let Some(r) = cx.policy.lifecycle.and_then(|l| l.revoked(c.kid())) {
        let by = if r.by == c.kid() {
            "by its own list".to_string()
        } else {
            format!("by kid {}", short(&r.by))
        };
        let reason = r.reason.as_deref().map_or(String::new(), |s| format!(" ({s})"));
        return Some((
            "revoked",
            format!(
                "whose key is revoked{reason} {by}; a DSSE envelope has no trusted timestamp to place it before the revocation"
            ),
        ));
    }
    let (name, _, _, r) = c.trusted();
    if let Some(w) = r.window() {
        return Some((
            "outside_validity",
            format!(
                "but {name} is trusted only for signatures made {w}, and a DSSE envelope carries no signing time"
            ),
        ));
    }
    if !r.require_meta.is_empty() {
        return Some((
            "metadata_not_allowed",
            format!(
                "but {name} is trusted only for proofs with {}, which a DSSE envelope does not carry",
                r.meta_list()
            ),
        ));
    }
    None
}

/// "in-toto statement (predicate P)", for messages.
fn describe_statement(st: &Statement) -> String {
    if st.predicate_type == MANIFEST_PREDICATE_TYPE {
        format!(
            "release manifest of {}",
            crate::output::plural(st.subject.len() as u64, "file", "files")
        )
    } else {
        format!("in-toto statement (predicate {})", st.predicate_type)
    }
}

/// The files under `base` that `st` does not name, as `added` checks; the signature file
/// itself (`sig`) is not one.
fn added_files(st: &Statement, base: &Path, sig: &Path) -> io::Result<Vec<SubjectCheck>> {
    let named: BTreeSet<&str> =
        st.subject.iter().map(|s| s.name.trim_start_matches("./")).collect();
    let sig = crate::fsutil::resolve_lenient(sig).ok();
    Ok(files_under(base)?
        .into_iter()
        .filter(|(name, p)| {
            !named.contains(name.as_str()) && crate::fsutil::resolve_lenient(p).ok() != sig
        })
        .map(|(name, p)| SubjectCheck {
            name,
            digest: BTreeMap::new(),
            path: Some(p.display().to_string()),
            status: "added",
        })
        .collect())
}

/// Every file under `dir`, recursively, as names relative to `dir` with `/` between parts,
/// sorted by name: what a release manifest lists (`attest --manifest`) and what checking a
/// folder against one walks. Symlinks to files count as the file; symlinked folders are not
/// entered (no loops, nothing outside). A name that is not UTF-8 is an error, since a subject
/// name is a JSON string.
pub fn files_under(dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), dir.to_path_buf())];
    while let Some((prefix, d)) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name().into_string().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: the name is not UTF-8; rename it", path.display()),
                )
            })?;
            let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
            let ty = entry.file_type()?;
            if ty.is_dir() {
                stack.push((rel, path));
            } else if ty.is_file()
                || (ty.is_symlink() && std::fs::metadata(&path).is_ok_and(|m| m.is_file()))
            {
                out.push((rel, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Verifies the signature `bytes` read from `path`: a DSSE envelope, or JSON Lines of them
/// (`.intoto.jsonl`, one envelope per line, as SLSA generators write), against `file` or the
/// files its statement names.
pub fn verify(path: &Path, bytes: &[u8], file: Option<&Path>, cx: &Context<'_>) -> Report {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
        return verify_envelope(&v, path, file, cx);
    }
    let lines: Vec<&[u8]> =
        bytes.split(|&b| b == b'\n').filter(|l| !l.trim_ascii().is_empty()).collect();
    if lines.len() > MAX_ENVELOPES {
        return Report::error(
            path,
            file,
            "malformed",
            format!(
                "{} lines of envelopes; proofctl reads at most {MAX_ENVELOPES} from one file",
                lines.len()
            ),
        );
    }
    let mut reports = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(v) => reports.push(verify_envelope(&v, path, file, cx)),
            Err(e) => {
                return Report::error(
                    path,
                    file,
                    "malformed",
                    format!("line {} is not a JSON envelope ({e})", i + 1),
                );
            }
        }
    }
    let n = reports.len();
    if n == 0 {
        return Report::error(path, file, "malformed", "no envelope in it".into());
    }
    // The first that is not valid speaks for the file; else one report for all of them.
    if let Some(i) = reports.iter().position(|r| r.status != Status::Valid) {
        let mut r = reports.swap_remove(i);
        r.message = format!("envelope {} of {n}: {}", i + 1, r.message);
        return r;
    }
    let mut first = reports.remove(0);
    for r in reports {
        first.message = format!("{}; {}", first.message, r.message);
        if let (Some(all), Some(more)) = (first.subjects.as_mut(), r.subjects) {
            all.extend(more);
        }
    }
    first.message = format!("{n} envelopes, each valid: {}", first.message);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_is_the_specs() {
        // The example of the DSSE protocol document.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
        assert_eq!(pae("", b""), b"DSSEv1 0  0 ".to_vec());
    }

    #[test]
    fn subjects_are_checked_against_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), b"hello").unwrap();
        std::fs::write(dir.path().join("b.txt"), b"changed").unwrap();
        let sha = |b: &[u8]| hex::encode(sha2::Sha256::digest(b));
        let payload = serde_json::json!({
            "_type": "https://in-toto.io/Statement/v1",
            "predicateType": "https://example.com/p",
            "subject": [
                {"name": "a.txt", "digest": {"sha256": sha(b"hello")}},
                {"name": "b.txt", "digest": {"sha256": sha(b"b")}},
                {"name": "c.txt", "digest": {"sha256": sha(b"c")}},
                {"name": "../a.txt", "digest": {"sha256": sha(b"hello")}},
            ],
            "predicate": {}
        });
        let st = parse_statement(INTOTO_PAYLOAD_TYPE, payload.to_string().as_bytes()).unwrap();
        let got: Vec<&str> =
            check_subjects(&st, dir.path(), None).iter().map(|c| c.status).collect();
        assert_eq!(got, ["match", "changed", "missing", "missing"]);
        assert!(parse_statement("text/plain", b"{}").unwrap_err().contains("not an in-toto"));
    }

    fn context_test(trust: &crate::trust::TrustSet, f: impl FnOnce(&Context<'_>)) {
        let policy = crate::proof::verify::Policy {
            trust,
            strict_name: false,
            tsa_roots: &[],
            require_timestamp: false,
            lifecycle: None,
        };
        let cx = Context {
            policy,
            trust,
            sshsig: Default::default(),
            minisign: Default::default(),
            dsse: Options::default(),
            sigstore: Default::default(),
        };
        f(&cx)
    }

    #[test]
    fn envelopes_by_ed25519_and_p256_keys() {
        use base64::engine::general_purpose::STANDARD;
        use ed25519_dalek::Signer as _;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), b"hello").unwrap();
        let payload = serde_json::json!({
            "_type": "https://in-toto.io/Statement/v1",
            "predicateType": "https://example.com/p",
            "subject": [{"name": "a.txt", "digest": {"sha256": hex::encode(sha2::Sha256::digest(b"hello"))}}],
        })
        .to_string();
        let to_sign = pae(INTOTO_PAYLOAD_TYPE, payload.as_bytes());
        let ed = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let ec = p256::ecdsa::SigningKey::from_slice(&[9u8; 32]).unwrap();
        let ed_pub = dir.path().join("ed.pub");
        std::fs::write(&ed_pub, crate::keys::public_key_pem(&ed.verifying_key())).unwrap();
        let ec_pub = dir.path().join("ec.pub");
        {
            use p256::pkcs8::EncodePublicKey as _;
            let der = p256::PublicKey::from(ec.verifying_key()).to_public_key_der().unwrap();
            std::fs::write(&ec_pub, spki_pem(der.as_bytes())).unwrap();
        }
        let p384 = p384::ecdsa::SigningKey::from_slice(&[11u8; 48]).unwrap();
        let p384_pub = dir.path().join("p384.pub");
        {
            use p384::pkcs8::EncodePublicKey as _;
            let der = p384::PublicKey::from(p384.verifying_key()).to_public_key_der().unwrap();
            std::fs::write(&p384_pub, spki_pem(der.as_bytes())).unwrap();
        }
        let mut trust = crate::trust::TrustSet::default();
        trust.add_file(&ed_pub).unwrap();
        trust.add_file(&ec_pub).unwrap();
        trust.add_file(&p384_pub).unwrap();
        let p384_sig: p384::ecdsa::Signature =
            p384::ecdsa::signature::Signer::sign(&p384, &to_sign);
        let ed_sig = ed.sign(&to_sign).to_bytes().to_vec();
        let ec_sig: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(&ec, &to_sign);
        let envelope = |payload: &str, keyid: &str, sig: &[u8]| {
            serde_json::json!({
                "payloadType": INTOTO_PAYLOAD_TYPE,
                "payload": STANDARD.encode(payload),
                "signatures": [{"keyid": keyid, "sig": STANDARD.encode(sig)}],
            })
        };
        let at = dir.path().join("a.txt.intoto.json");
        let kid = crate::keys::kid(&ed.verifying_key());
        context_test(&trust, |cx| {
            let check = |v: serde_json::Value| verify_envelope(&v, &at, None, cx);
            let r = check(envelope(&payload, &kid, &ed_sig));
            assert_eq!(r.status, Status::Valid, "{}", r.message);
            assert_eq!(r.signer.as_ref().unwrap().name.as_deref(), Some("ed"));
            // The keyid is a hint: another one does not matter to a good signature.
            assert_eq!(check(envelope(&payload, "whatever", &ed_sig)).status, Status::Valid);
            for sig in [ec_sig.to_der().as_bytes().to_vec(), ec_sig.to_bytes().to_vec()] {
                let r = check(envelope(&payload, "", &sig));
                assert_eq!(r.status, Status::Valid, "{}", r.message);
                assert_eq!(r.signer.as_ref().unwrap().name.as_deref(), Some("ec"));
            }
            for sig in [p384_sig.to_der().as_bytes().to_vec(), p384_sig.to_bytes().to_vec()] {
                let r = check(envelope(&payload, "", &sig));
                assert_eq!(
                    r.signer.as_ref().unwrap().name.as_deref(),
                    Some("p384"),
                    "{}",
                    r.message
                );
            }
            let altered = payload.replace("example.com", "example.org");
            let r = check(envelope(&altered, &kid, &ed_sig));
            assert_eq!(r.reason, Some("bad_signature"), "{}", r.message);
            let r = check(envelope(&altered, "", &ed_sig));
            assert_eq!(r.reason, Some("untrusted"), "{}", r.message);
            std::fs::write(dir.path().join("a.txt"), b"hellO").unwrap();
            let r = check(envelope(&payload, &kid, &ed_sig));
            assert_eq!(r.reason, Some("subject_mismatch"), "{}", r.message);
            assert_eq!(r.subjects.unwrap()[0].status, "changed");
        });
    }
}
