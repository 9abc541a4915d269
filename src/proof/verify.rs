//! The POP-1.0 verification algorithm (docs/pop-1.0.md §7): from a proof file to a verdict, plus
//! the anchors of POP-1.1 (docs/pop-1.1.md), which add a proven time but never change the
//! verdict unless a trusted timestamp is required.
//!
//! Key revocation and rotation (docs/key-lifecycle.md) come in through [`KeyLifecycle`]: they
//! only ever narrow trust, or carry it along a rotation from a key already trusted.
//!
//! This is the library entry point for applications that check proofs themselves; `proofctl
//! verify` renders its [`Report`]s. The order of checks is the spec's, and the first failure wins.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use x509_cert::Certificate;

use super::anchors::{self, AnchorStatus, TimeReport};
use super::{Digest256, Invalid, MAX_PROOF_BYTES, ParseError, Proof, Subject, hash_file_up_to};
use crate::fsutil::{describe_io, read_bounded};

/// The verdict's class. Serialised in lowercase: part of the `--json` contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The signature is good, the file is the one signed, and the signer is trusted.
    Valid,
    /// Everything checks out except that the signer's key is not trusted.
    Untrusted,
    /// A check said no: altered proof, altered file, or a name mismatch under `strict_name`.
    Invalid,
    /// The proof or file could not be checked at all.
    Error,
}

/// Which signers a verification trusts, looked up by kid. proofctl's is the trust module's
/// `TrustSet` (own keys, the trust store, `--key`, `--trust-dir`); the proof format itself does
/// not care where trust comes from, so it does not depend on that module.
pub trait Trust: std::fmt::Debug + Sync {
    /// The signer with this kid, when trusted.
    fn trusted(&self, kid: &str) -> Option<Trusted<'_>>;
}

/// A trusted signer, as a [`Report`] names it.
#[derive(Debug, Clone, Copy)]
pub struct Trusted<'a> {
    /// The name the key is trusted under.
    pub name: &'a str,
    /// The public key file that made it trusted.
    pub path: &'a Path,
    /// Where the trust came from: `own_key`, `trust_store` or `command_line`.
    pub source: &'static str,
    /// What the entry restricts (docs/trust-policy.md), when anything.
    pub restrictions: Option<&'a crate::policy::Restrictions>,
}

/// What the key lifecycle says of a signer: revocations and rotations, looked up by kid.
/// proofctl's is `crate::lifecycle::Lifecycle`.
pub trait KeyLifecycle: std::fmt::Debug + Sync {
    /// How trust reaches `kid` through rotation statements from a directly trusted key, when it
    /// does; `time` is the proof's (proven, else claimed) time, in unix seconds.
    fn rotated(&self, kid: &str, time: Option<u64>) -> Option<Rotated>;
    /// The revocation of `kid` in force, if any.
    fn revoked(&self, kid: &str) -> Option<&Revocation>;
}

/// A key reached by rotation.
#[derive(Debug, Clone)]
pub struct Rotated {
    /// Kids from the directly trusted key to the one the signer's key took over from.
    pub chain: Vec<String>,
    /// The latest rotation time along the chain (unix seconds).
    pub after: u64,
    /// Whether the proof's time is at or after `after`: only then does the rotation count.
    pub covers: bool,
}

/// A key revocation in force: since when (None: for all time), why, and which key said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    pub since: Option<u64>,
    pub reason: Option<String>,
    pub by: String,
}

/// A revocation as a report shows it (`signer.revoked`).
#[derive(Debug, Clone, Serialize)]
pub struct RevokedReport {
    /// RFC 3339; null when revoked for all time.
    pub since: Option<String>,
    pub reason: Option<String>,
    /// The kid whose revocation list says so.
    pub by: String,
    /// The proof's trusted timestamp is before `since`: it stays valid.
    pub timestamped_before: bool,
}

/// What a verification checks beyond the proof itself.
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    pub trust: &'a dyn Trust,
    /// Refuse a file whose name differs from the name it was signed under.
    pub strict_name: bool,
    /// Trusted TSA roots: what makes an anchor `valid` rather than `untrusted`.
    pub tsa_roots: &'a [Certificate],
    /// A proof that would be valid or untrusted but has no valid anchor becomes `invalid`
    /// (`timestamp_required`).
    pub require_timestamp: bool,
    /// Revocations and rotations of keys; None checks neither.
    pub lifecycle: Option<&'a dyn KeyLifecycle>,
}

/// The verdict on one proof. Field names and `status`/`reason` values are the `--json` contract.
#[derive(Debug, Serialize)]
pub struct Report {
    pub proof: String,
    /// Which format the signature file is in (`pop`, `sshsig`, `minisign`, `dsse`,
    /// `sigstore_bundle`); null when it could not be read or recognised.
    pub format: Option<&'static str>,
    pub file: Option<String>,
    pub status: Status,
    /// A stable code: null when valid; see the README for the list.
    pub reason: Option<&'static str>,
    /// What is wrong (or who signed), for people.
    pub message: String,
    pub signer: Option<SignerReport>,
    pub subject: Option<Subject>,
    pub created: Option<String>,
    /// The claimed and proven times and a verdict per anchor; null when the proof did not parse.
    pub time: Option<TimeReport>,
    pub metadata: Option<BTreeMap<String, String>>,
    /// Whether the file's name equals `subject.name`; null when the file was not reached.
    pub name_matches: Option<bool>,
    /// Formats that sign many files at once (an in-toto statement, a release manifest): each
    /// subject and whether the file found for it matches; null for one-file formats.
    pub subjects: Option<Vec<SubjectCheck>>,
}

/// One subject of a many-file signature, checked against the file found for it.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectCheck {
    /// The name the signature gives it.
    pub name: String,
    /// Its digests as signed, algorithm to lowercase hex (`sha256`, `sha512`, ...).
    pub digest: BTreeMap<String, String>,
    /// The file checked for it; null when none was found.
    pub path: Option<String>,
    /// `match`, `changed`, `missing` (no such file), or `added` (a file the signature does not
    /// name, when a whole folder is checked against it).
    pub status: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SignerReport {
    pub kid: String,
    /// The name the key is trusted under, when trusted.
    pub name: Option<String>,
    /// `own_key`, `trust_store` or `command_line`, when trusted.
    pub trusted_by: Option<&'static str>,
    /// The public key file that made the signer trusted.
    pub public_key_path: Option<String>,
    /// When trust reaches the signer through rotation statements: the kids from the trusted key
    /// to the one the signer took over from.
    pub rotated_from: Option<Vec<String>>,
    /// When the signer's key is revoked.
    pub revoked: Option<RevokedReport>,
    /// Who the signature names as signer, where the format says: an SSH principal from
    /// allowed_signers, a Sigstore certificate's subject (email or URI); null otherwise.
    pub identity: Option<String>,
    /// The OIDC issuer a Sigstore certificate names; null otherwise.
    pub issuer: Option<String>,
}

impl SignerReport {
    /// A signer known by kid only, before any trust is looked up.
    pub fn new(kid: String) -> SignerReport {
        SignerReport {
            kid,
            name: None,
            trusted_by: None,
            public_key_path: None,
            rotated_from: None,
            revoked: None,
            identity: None,
            issuer: None,
        }
    }
}

impl Report {
    pub fn error(
        proof: &Path,
        file: Option<&Path>,
        reason: &'static str,
        message: String,
    ) -> Report {
        Report {
            proof: proof.display().to_string(),
            format: None,
            file: file.map(|f| f.display().to_string()),
            status: Status::Error,
            reason: Some(reason),
            message,
            signer: None,
            subject: None,
            created: None,
            time: None,
            metadata: None,
            name_matches: None,
            subjects: None,
        }
    }

    /// This report, with its format said.
    pub fn with_format(mut self, format: &'static str) -> Report {
        self.format = Some(format);
        self
    }

    pub fn fail(mut self, status: Status, reason: &'static str, message: String) -> Report {
        self.status = status;
        self.reason = Some(reason);
        self.message = message;
        self
    }

    pub fn invalid(self, why: Invalid) -> Report {
        let reason = why.code();
        self.fail(Status::Invalid, reason, why.to_string())
    }
}

impl ParseError {
    /// Stable machine-readable reason, part of the `--json` contract.
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::Empty => "empty",
            ParseError::TooLarge => "too_large",
            ParseError::Json(_) | ParseError::Field { .. } | ParseError::Anchor(_) => "malformed",
            ParseError::UnsupportedFormat(_) => "unsupported_format",
            ParseError::UnsupportedAlgorithm(_) => "unsupported_algorithm",
        }
    }
}

/// The file a proof speaks of: `explicit`, or the proof's path without `.proof`.
pub fn subject_path(proof: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(f) = explicit {
        return Some(f.to_path_buf());
    }
    let stem = strip_proof_suffix(proof.file_name()?)?;
    Some(proof.with_file_name(stem))
}

/// Byte-wise on Unix, so file names that are not UTF-8 still find their file.
#[cfg(unix)]
fn strip_proof_suffix(name: &OsStr) -> Option<&OsStr> {
    use std::os::unix::ffi::OsStrExt;
    let stem = name.as_bytes().strip_suffix(b".proof")?;
    (!stem.is_empty()).then(|| OsStr::from_bytes(stem))
}

#[cfg(not(unix))]
fn strip_proof_suffix(name: &OsStr) -> Option<&OsStr> {
    let stem = name.to_str()?.strip_suffix(".proof")?;
    (!stem.is_empty()).then(|| OsStr::new(stem))
}

/// Verifies the proof at `proof_path` against its file (`file`, or the path without `.proof`).
pub fn verify(proof_path: &Path, file: Option<&Path>, policy: Policy<'_>) -> Report {
    // Step 2 before step 3: reading stops one byte past the limit, and a proof longer than the
    // limit is `too_large` however much longer it is (read_bounded says FileTooLarge).
    let bytes = match read_bounded(proof_path, MAX_PROOF_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge => {
            let e = ParseError::TooLarge;
            return Report::error(proof_path, None, e.code(), e.to_string());
        }
        Err(e) => {
            let reason =
                if e.kind() == io::ErrorKind::NotFound { "proof_not_found" } else { "unreadable" };
            return Report::error(proof_path, None, reason, describe_io(&e));
        }
    };
    verify_bytes(proof_path, &bytes, file, policy)
}

/// Verifies a proof read elsewhere (`proof_path` names it in the report: a file, or an index
/// entry) against its file.
pub fn verify_bytes(
    proof_path: &Path,
    bytes: &[u8],
    file: Option<&Path>,
    policy: Policy<'_>,
) -> Report {
    check(proof_path, bytes, file, None, policy)
}

/// [`verify_bytes`] against a file already hashed: several proofs of one file (`verify
/// --indexed`) cost one read of it, not one each.
pub fn verify_bytes_hashed(
    proof_path: &Path,
    bytes: &[u8],
    file: &Path,
    digest: Digest256,
    policy: Policy<'_>,
) -> Report {
    check(proof_path, bytes, Some(file), Some(digest), policy)
}

fn check(
    proof_path: &Path,
    bytes: &[u8],
    file: Option<&Path>,
    hashed: Option<Digest256>,
    policy: Policy<'_>,
) -> Report {
    let proof = match Proof::from_slice(bytes) {
        Ok(p) => p,
        Err(e) => return Report::error(proof_path, None, e.code(), e.to_string()),
    };
    let time = anchors::time_report(&proof, policy.tsa_roots);
    let mut report = check_parsed(proof_path, &proof, file, hashed, policy, &time);
    if policy.require_timestamp
        && matches!(report.status, Status::Valid | Status::Untrusted)
        && time.proven.is_none()
    {
        report = report.fail(Status::Invalid, "timestamp_required", timestamp_required(&time));
    }
    report.time = Some(time);
    report
}

/// Why a proof has no proven time, for `--require-timestamp`.
fn timestamp_required(time: &TimeReport) -> String {
    if time.anchors.is_empty() {
        return "a trusted timestamp is required and the proof has no timestamp".into();
    }
    let why: Vec<String> = time
        .anchors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!("anchor {} ({}) {}: {}", i + 1, a.kind, status_word(a.status), a.message)
        })
        .collect();
    format!("a trusted timestamp is required and no anchor is valid: {}", why.join("; "))
}

/// An anchor status as a word, as `--json` spells it.
pub fn status_word(s: AnchorStatus) -> &'static str {
    match s {
        AnchorStatus::Valid => "valid",
        AnchorStatus::Untrusted => "untrusted",
        AnchorStatus::Invalid => "invalid",
        AnchorStatus::Unknown => "unknown",
    }
}

/// What the anchors add to the verdict's message: nothing for a proof without anchors (POP-1.0
/// messages stay as they were), the proven time, or that there is none.
fn time_suffix(time: &TimeReport) -> String {
    if time.anchors.is_empty() {
        return String::new();
    }
    match (&time.proven, &time.authority) {
        (Some(at), Some(by)) => format!("; timestamped {at} by {by}"),
        _ => "; no trusted timestamp".into(),
    }
}

fn check_parsed(
    proof_path: &Path,
    proof: &Proof,
    file: Option<&Path>,
    hashed: Option<Digest256>,
    policy: Policy<'_>,
    time: &TimeReport,
) -> Report {
    let Some(file) = subject_path(proof_path, file) else {
        // Two different mistakes, so two different messages (issue 18 point 2).
        let why = if proof_path.file_name().is_some_and(|n| n == ".proof") {
            "its name is exactly .proof, which leaves no file name"
        } else {
            "its name does not end in .proof"
        };
        return Report::error(
            proof_path,
            None,
            "no_file",
            format!("cannot tell which file this proof is for ({why})"),
        );
    };
    let report = Report {
        proof: proof_path.display().to_string(),
        format: Some("pop"),
        file: Some(file.display().to_string()),
        status: Status::Invalid,
        reason: None,
        message: String::new(),
        signer: Some(SignerReport::new(proof.signer.kid.clone())),
        subject: Some(proof.subject.clone()),
        created: Some(proof.created.clone()),
        time: None,
        metadata: Some(proof.metadata.clone()),
        name_matches: None,
        subjects: None,
    };
    if let Err(why) = proof.check_signature() {
        return report.invalid(why);
    }
    let digest = match hashed.map_or_else(|| hash_file_up_to(&file, proof.subject.size), Ok) {
        Ok(d) => d,
        Err(e) => {
            let reason = if e.kind() == io::ErrorKind::NotFound {
                "file_not_found"
            } else {
                "file_unreadable"
            };
            return report.fail(
                Status::Error,
                reason,
                format!("{}: {}", file.display(), describe_io(&e)),
            );
        }
    };
    if let Err(why) = proof.check_subject(&digest) {
        return report.invalid(why);
    }
    let mut report = report;
    // Exact: a name that is not UTF-8 never equals a JSON string, even if its lossy form would.
    let name_matches =
        file.file_name().and_then(|n| n.to_str()) == Some(proof.subject.name.as_str());
    report.name_matches = Some(name_matches);
    if !name_matches && policy.strict_name {
        let actual = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        return report.fail(
            Status::Invalid,
            "name_mismatch",
            format!(
                "the file is named {actual:?} but was signed as {:?}; it may have been swapped with another signed file",
                proof.subject.name
            ),
        );
    }
    let signed_as =
        if name_matches { String::new() } else { format!(", signed as {:?}", proof.subject.name) };
    let short_kid = &proof.signer.kid[..12];
    // With anchors, `created` is one of two times: say which.
    let claimed = if time.anchors.is_empty() { "" } else { " (claimed)" };
    let timestamped = time_suffix(time);
    let Some(judged) = judge_signer(policy, &proof.signer.kid, &proof.created, time) else {
        return report.fail(
            Status::Untrusted,
            "untrusted",
            format!(
                "valid signature{signed_as}, but the signer (kid {}) is untrusted{timestamped}",
                proof.signer.kid
            ),
        );
    };
    let t = judged.trusted;
    let rotated = judged.rotated_from.as_ref().map_or(String::new(), |chain| {
        let names: Vec<String> =
            chain.iter().map(|k| format!("kid {}", &k[..k.len().min(12)])).collect();
        format!(", rotated from {}", names.join(" via "))
    });
    if let Some(s) = report.signer.as_mut() {
        s.name = Some(t.name.to_string());
        s.public_key_path = Some(t.path.display().to_string());
        s.trusted_by = Some(t.source);
        s.rotated_from = judged.rotated_from.clone();
        s.revoked = judged.revoked.clone();
    }
    let signed_by = format!("signed by {} (kid {short_kid}{rotated})", t.name);
    match &judged.revoked {
        Some(r) if !r.timestamped_before => {
            let since = r.since.as_deref().map_or(String::new(), |s| format!(" since {s}"));
            let reason = r.reason.as_deref().map_or(String::new(), |s| format!(" ({s})"));
            let by = if r.by == proof.signer.kid {
                "by its own list".to_string()
            } else {
                format!("by kid {}", &r.by[..r.by.len().min(12)])
            };
            let why = match (&r.since, &time.proven) {
                (None, _) => String::new(),
                (Some(_), Some(at)) => format!("; its trusted timestamp {at} is not before that"),
                (Some(_), None) => format!(
                    "; it has no trusted timestamp before that, only the claimed time {}",
                    proof.created
                ),
            };
            report.fail(
                Status::Invalid,
                "revoked",
                format!("{signed_by}, whose key is revoked{since}{reason} {by}{why}{signed_as}"),
            )
        }
        revoked => {
            // The key counts only within its entry's restrictions; the signer stays named, since
            // the signature itself is good and the entry is what refused it.
            let within = match t.restrictions {
                Some(r) => match crate::policy::judge(t.name, r, proof, time) {
                    Ok(note) => note,
                    Err(no) => return report.fail(Status::Invalid, no.reason, no.message),
                },
                None => String::new(),
            };
            let before =
                revoked.as_ref().and_then(|r| r.since.as_deref()).map_or(String::new(), |since| {
                    format!("; timestamped before the key was revoked at {since}")
                });
            report.status = Status::Valid;
            report.message = format!(
                "{signed_by} at {}{claimed}{signed_as}{timestamped}{before}{within}",
                proof.created
            );
            report
        }
    }
}

/// What trust and the key lifecycle say of a good signature's signer.
struct Judged<'a> {
    /// The directly trusted key the signer is, or rotated from.
    trusted: Trusted<'a>,
    rotated_from: Option<Vec<String>>,
    revoked: Option<RevokedReport>,
}

/// The one point where a signer is judged trusted: directly, or through rotation; and revoked or
/// not at the proof's time. None: untrusted (a revocation never makes a signer trusted).
fn judge_signer<'a>(
    policy: Policy<'a>,
    kid: &str,
    created: &str,
    time: &TimeReport,
) -> Option<Judged<'a>> {
    let unix = |t: std::time::SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    };
    let proven = time.proven_by().and_then(|a| a.gen_time_at).map(unix);
    let claimed = humantime::parse_rfc3339(created).ok().map(unix);
    let (trusted, rotated_from) = match policy.trust.trusted(kid) {
        Some(t) => (t, None),
        None => {
            let r = policy.lifecycle?.rotated(kid, proven.or(claimed))?;
            if !r.covers {
                return None;
            }
            (policy.trust.trusted(r.chain.first()?)?, Some(r.chain))
        }
    };
    let revoked = policy.lifecycle.and_then(|l| l.revoked(kid)).map(|r| RevokedReport {
        since: r.since.map(|t| {
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.min(253_402_300_799));
            humantime::format_rfc3339_seconds(t).to_string()
        }),
        reason: r.reason.clone(),
        by: r.by.clone(),
        timestamped_before: matches!((r.since, proven), (Some(since), Some(p)) if p < since),
    });
    Some(Judged { trusted, rotated_from, revoked })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_path_strips_suffix() {
        assert_eq!(subject_path(Path::new("a/b.pdf.proof"), None), Some(PathBuf::from("a/b.pdf")));
        assert_eq!(subject_path(Path::new("b.sig"), None), None);
        assert_eq!(subject_path(Path::new(".proof"), None), None);
        assert_eq!(subject_path(Path::new("x/.proof"), None), None);
        assert_eq!(
            subject_path(Path::new("b.sig"), Some(Path::new("f"))),
            Some(PathBuf::from("f"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn subject_path_keeps_non_utf8_names() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(OsStr::from_bytes(b"caf\xe9.txt.proof"));
        let want = Path::new(OsStr::from_bytes(b"caf\xe9.txt"));
        assert_eq!(subject_path(p, None).as_deref(), Some(want));
    }

    #[test]
    fn status_serialises_lowercase() {
        assert_eq!(serde_json::to_string(&Status::Untrusted).unwrap(), "\"untrusted\"");
    }
}
