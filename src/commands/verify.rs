//! `proofctl verify PROOF…`: check proofs in parallel and report each, for people and for CI.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::short_kid;
use crate::cli::VerifyArgs;
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::{Output, Style};
use crate::proof::{MAX_PROOF_BYTES, ParseError, Proof, Subject, hash_file};
use crate::trust::{Source, TrustSet};

/// The verdict on one proof. Field names and `status`/`reason` values are the `--json` contract.
#[derive(Debug, Serialize)]
pub struct Report {
    pub proof: String,
    pub file: Option<String>,
    /// `valid` (and trusted), `untrusted`, `invalid` or `error`.
    pub status: &'static str,
    /// A stable code: null when valid; see the README for the list.
    pub reason: Option<&'static str>,
    pub message: String,
    pub signer: Option<SignerReport>,
    pub subject: Option<Subject>,
    pub created: Option<String>,
    pub metadata: Option<BTreeMap<String, String>>,
    /// Whether the file's name equals `subject.name`; null when the file was not reached.
    pub name_matches: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct SignerReport {
    pub kid: String,
    /// The name the key is trusted under, when trusted.
    pub name: Option<String>,
    /// `own-key`, `trust-store` or `command-line`, when trusted.
    pub trusted_by: Option<&'static str>,
    /// The public key file that made the signer trusted.
    pub key_path: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct Summary {
    total: usize,
    valid: usize,
    untrusted: usize,
    invalid: usize,
    error: usize,
}

impl Report {
    fn error(proof: &Path, file: Option<&Path>, reason: &'static str, message: String) -> Report {
        Report {
            proof: proof.display().to_string(),
            file: file.map(|f| f.display().to_string()),
            status: "error",
            reason: Some(reason),
            message,
            signer: None,
            subject: None,
            created: None,
            metadata: None,
            name_matches: None,
        }
    }

    fn exit_status(&self) -> ExitStatus {
        match self.status {
            "valid" => ExitStatus::Success,
            "error" => ExitStatus::Error,
            _ => ExitStatus::Failure,
        }
    }
}

fn parse_reason(e: &ParseError) -> &'static str {
    match e {
        ParseError::Empty => "empty",
        ParseError::TooLarge => "too_large",
        ParseError::Json(_) | ParseError::Field { .. } => "malformed",
        ParseError::UnsupportedFormat(_) => "unsupported_format",
        ParseError::UnsupportedAlgorithm(_) => "unsupported_algorithm",
    }
}

fn read_proof(path: &Path) -> io::Result<Vec<u8>> {
    let f = fs::File::open(path)?;
    if f.metadata()?.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a directory"));
    }
    let mut buf = Vec::new();
    f.take(MAX_PROOF_BYTES + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The file a proof speaks of: `--file`, or the proof's path without `.proof`.
fn subject_path(proof: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
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

/// What a verification run checks beyond the proof itself.
pub struct Policy<'a> {
    pub trust: &'a TrustSet,
    /// Whether the trust came from --key/--trust-dir (for the advice given on untrusted keys).
    pub explicit_trust: bool,
    pub strict_name: bool,
}

/// Verifies one proof: parse, signature, file, name, trust — in that order, the first failure wins.
pub fn verify_one(proof_path: &Path, file: Option<&Path>, policy: &Policy<'_>) -> Report {
    let bytes = match read_proof(proof_path) {
        Ok(b) => b,
        Err(e) => {
            let reason = match e.kind() {
                io::ErrorKind::NotFound => "proof_not_found",
                _ => "unreadable",
            };
            return Report::error(proof_path, None, reason, describe_io(&e));
        }
    };
    let proof = match Proof::from_slice(&bytes) {
        Ok(p) => p,
        Err(e) => return Report::error(proof_path, None, parse_reason(&e), e.to_string()),
    };
    let Some(file) = subject_path(proof_path, file) else {
        return Report::error(
            proof_path,
            None,
            "no_file",
            "cannot tell which file this proof is for (its name does not end in .proof); pass --file FILE".into(),
        );
    };
    let mut report = Report {
        proof: proof_path.display().to_string(),
        file: Some(file.display().to_string()),
        status: "invalid",
        reason: None,
        message: String::new(),
        signer: Some(SignerReport {
            kid: proof.signer.kid.clone(),
            name: None,
            trusted_by: None,
            key_path: None,
        }),
        subject: Some(proof.subject.clone()),
        created: Some(proof.created.clone()),
        metadata: Some(proof.metadata.clone()),
        name_matches: None,
    };
    if let Err(invalid) = proof.check_signature() {
        report.reason = Some(invalid.code());
        report.message = invalid.to_string();
        return report;
    }
    let digest = match hash_file(&file) {
        Ok(d) => d,
        Err(e) => {
            report.status = "error";
            report.reason = Some(if e.kind() == io::ErrorKind::NotFound {
                "file_not_found"
            } else {
                "file_unreadable"
            });
            report.message = format!(
                "{}: {}; pass --file FILE if it lives elsewhere",
                file.display(),
                describe_io(&e)
            );
            return report;
        }
    };
    if let Err(invalid) = proof.check_subject(&digest) {
        report.reason = Some(invalid.code());
        report.message = invalid.to_string();
        return report;
    }
    // The name is signed but informational: downloads get renamed ("contract (1).pdf"). CI, where
    // swapping two signed artifacts along with their proofs is the attack, asks --strict-name.
    // Exact: a name that is not UTF-8 never equals a JSON string, even if its lossy form would.
    let name_matches =
        file.file_name().and_then(|n| n.to_str()) == Some(proof.subject.name.as_str());
    let actual_name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    report.name_matches = Some(name_matches);
    if !name_matches && policy.strict_name {
        report.reason = Some("name_mismatch");
        report.message = format!(
            "the file is named {:?} but was signed as {:?} (--strict-name); it may have been swapped with another signed file",
            actual_name.unwrap_or_default(),
            proof.subject.name
        );
        return report;
    }
    let signed_as =
        if name_matches { String::new() } else { format!(", signed as {:?}", proof.subject.name) };
    match policy.trust.get(&proof.signer.kid) {
        Some(t) => {
            report.status = "valid";
            report.message = format!(
                "signed by {} (kid {}) at {}{signed_as}",
                t.name,
                short_kid(&proof.signer.kid),
                proof.created
            );
            if let Some(s) = report.signer.as_mut() {
                s.name = Some(t.name.clone());
                s.key_path = Some(t.path.display().to_string());
                s.trusted_by = Some(match t.source {
                    Source::OwnKey => "own-key",
                    Source::TrustStore => "trust-store",
                    Source::CommandLine => "command-line",
                });
            }
        }
        None => {
            report.status = "untrusted";
            report.reason = Some("untrusted");
            let advice = if policy.explicit_trust {
                "it is not among the keys given with --key/--trust-dir".to_string()
            } else {
                format!(
                    "once you have checked that kid with the signer, trust them with `proofctl trust add {} --name NAME`",
                    proof_path.display()
                )
            };
            report.message = format!(
                "valid signature{signed_as}, but the signer (kid {}) is untrusted: {advice}",
                proof.signer.kid
            );
        }
    }
    report
}

fn trust_set(args: &VerifyArgs, home: &Home) -> Result<TrustSet, Error> {
    // Explicit keys replace the home's trust: `--key vendor.pub` must mean "signed by the vendor",
    // not "by the vendor or anyone else I happen to trust".
    if args.key.is_empty() && args.trust_dir.is_empty() {
        return Ok(TrustSet::from_home(home)?);
    }
    let mut set = TrustSet::default();
    for k in &args.key {
        set.add_file(k)?;
    }
    for d in &args.trust_dir {
        set.add_trust_dir(d)?;
    }
    Ok(set)
}

pub fn run(args: VerifyArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    if args.file.is_some() && args.proofs.len() != 1 {
        return Err(Error::Usage("--file takes exactly one PROOF".into()));
    }
    let trust = trust_set(&args, home)?;
    let policy = Policy {
        trust: &trust,
        explicit_trust: !args.key.is_empty() || !args.trust_dir.is_empty(),
        strict_name: args.strict_name,
    };
    let file = args.file.as_deref();
    let reports: Vec<Report> = if args.proofs.len() == 1 {
        vec![verify_one(&args.proofs[0], file, &policy)]
    } else {
        let bar = out.progress(args.proofs.len() as u64, "verifying");
        let r = args
            .proofs
            .par_iter()
            .map(|p| {
                let r = verify_one(p, file, &policy);
                bar.inc(1);
                r
            })
            .collect();
        bar.finish_and_clear();
        r
    };

    let mut summary = Summary { total: reports.len(), ..Summary::default() };
    let mut status = ExitStatus::Success;
    for r in &reports {
        match r.status {
            "valid" => summary.valid += 1,
            "untrusted" => summary.untrusted += 1,
            "invalid" => summary.invalid += 1,
            _ => summary.error += 1,
        }
        status = status.worst(r.exit_status());
    }

    if out.json {
        #[derive(Serialize)]
        struct Doc<'a> {
            results: &'a [Report],
            summary: &'a Summary,
        }
        out.json(&Doc { results: &reports, summary: &summary })?;
        return Ok(status);
    }
    for r in &reports {
        let (tag, style) = match r.status {
            "valid" => ("OK", Style::Good),
            "untrusted" => ("UNTRUSTED", Style::Warn),
            "invalid" => ("FAIL", Style::Bad),
            _ => ("ERROR", Style::Bad),
        };
        if out.quiet && r.status == "valid" {
            continue;
        }
        out.line(&format!("{} {}: {}", out.paint(style, tag), r.proof, r.message))?;
        if out.verbose > 0 {
            if let Some(s) = &r.subject {
                out.line(&format!("    file {} ({} bytes, sha256 {})", s.name, s.size, s.sha256))?;
            }
            for (k, v) in r.metadata.iter().flatten() {
                out.line(&format!("    {k} = {v}"))?;
            }
        }
    }
    if reports.len() > 1 && !out.quiet {
        out.line(&format!(
            "{} proofs: {} valid, {} untrusted, {} invalid, {} errors",
            summary.total, summary.valid, summary.untrusted, summary.invalid, summary.error
        ))?;
    }
    if trust.is_empty() && summary.untrusted > 0 && !policy.explicit_trust {
        out.warn("no trusted keys: create one with `proofctl keygen`, or pass --key PUBKEY / --trust-dir DIR");
    }
    Ok(status)
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
        let p = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.txt.proof"));
        let want = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
        assert_eq!(subject_path(p, None).as_deref(), Some(want));
    }
}
