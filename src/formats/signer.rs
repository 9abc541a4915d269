//! What the one-file formats (SSH, minisign) share: reading the signed file once, and judging
//! the signer of a good signature (trusted or not, revoked or not, within its trust entry's
//! restrictions or not) by the same trust set and key lifecycle POP proofs are judged by.

use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use super::Context;
use crate::proof::verify::{Report, SignerReport, Status};

/// What the signature says of when it was made, if anything: these formats carry no trusted
/// timestamp, only (at most) a time the signer claims.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub at: SystemTime,
    /// As the signature spells it, for messages.
    pub text: String,
}

/// What to do about a good signature by an unknown key.
pub const UNTRUSTED_ADVICE: &str = "once you have checked that kid with the signer, trust their \
     public key (SPKI PEM, an ssh-ed25519/ecdsa line, or a minisign.pub) with `proofctl trust add \
     PUBKEY --name NAME`, or pass it with --key";

/// Sets `report`'s verdict for a signature already checked good, made by the key `kid`.
/// `what` ends the valid message (", file x.tar.gz, trusted comment …"); `no_time` says why the
/// format has no time, for a refusal of a key trusted only within a window.
pub fn judge(
    mut report: Report,
    cx: &Context<'_>,
    kid: &str,
    claimed: Option<&Claimed>,
    what: &str,
    no_time: &str,
) -> Report {
    let mut signer = report.signer.take().unwrap_or_else(|| SignerReport::new(kid.to_string()));
    let short = &kid[..kid.len().min(12)];
    let unix = |t: SystemTime| t.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let lifecycle = cx.policy.lifecycle;
    let (trusted, rotated_from) = match cx.policy.trust.trusted(kid) {
        Some(t) => (Some(t), None),
        // A rotation counts from the time the signature claims; a signature that claims none
        // is not carried along a rotation.
        None => match claimed
            .and_then(|c| lifecycle?.rotated(kid, Some(unix(c.at))))
            .filter(|r| r.covers)
        {
            Some(r) => {
                (r.chain.first().and_then(|first| cx.policy.trust.trusted(first)), Some(r.chain))
            }
            None => (None, None),
        },
    };
    let Some(t) = trusted else {
        report.signer = Some(signer);
        return report.fail(
            Status::Untrusted,
            "untrusted",
            format!(
                "valid signature{what}, but the signer (kid {kid}) is untrusted; {}",
                UNTRUSTED_ADVICE
            ),
        );
    };
    signer.name = Some(t.name.to_string());
    signer.public_key_path = Some(t.path.display().to_string());
    signer.trusted_by = Some(t.source);
    let rotated = rotated_from.as_ref().map_or(String::new(), |chain| {
        let names: Vec<String> =
            chain.iter().map(|k| format!("kid {}", &k[..k.len().min(12)])).collect();
        format!(", rotated from {}", names.join(" via "))
    });
    signer.rotated_from = rotated_from;
    let signed_by = format!("signed by {} (kid {short}{rotated})", t.name);
    // No trusted timestamp can put these signatures before a revocation: any revocation in force
    // refuses them.
    if let Some(r) = lifecycle.and_then(|l| l.revoked(kid)) {
        let since = r.since.map(|s| {
            let s = std::time::UNIX_EPOCH + std::time::Duration::from_secs(s.min(253_402_300_799));
            humantime::format_rfc3339_seconds(s).to_string()
        });
        signer.revoked = Some(crate::proof::verify::RevokedReport {
            since: since.clone(),
            reason: r.reason.clone(),
            by: r.by.clone(),
            timestamped_before: false,
        });
        let since = since.map_or(String::new(), |s| format!(" since {s}"));
        let why = r.reason.as_deref().map_or(String::new(), |s| format!(" ({s})"));
        report.signer = Some(signer);
        return report.fail(
            Status::Invalid,
            "revoked",
            format!(
                "{signed_by}, whose key is revoked{since}{why}; this format carries no trusted timestamp that could show it was signed before"
            ),
        );
    }
    report.signer = Some(signer);
    let mut within = String::new();
    if let Some(r) = t.restrictions {
        if let Some(window) = r.window() {
            let Some(c) = claimed else {
                return report.fail(
                    Status::Invalid,
                    "outside_validity",
                    format!(
                        "good signature, but {} is trusted only for signatures made {window}, and {no_time}",
                        t.name
                    ),
                );
            };
            let bound = |s: &Option<String>| {
                s.as_deref().and_then(|s| crate::policy::normalize_time(s).ok())
            };
            let inside = bound(&r.valid_after).is_none_or(|(_, a)| c.at >= a)
                && bound(&r.valid_before).is_none_or(|(_, b)| c.at < b);
            if !inside {
                return report.fail(
                    Status::Invalid,
                    "outside_validity",
                    format!(
                        "good signature, but {} is trusted only for signatures made {window}, and this one claims {} (claimed time)",
                        t.name, c.text
                    ),
                );
            }
            within = format!("; within {}'s validity window (claimed time)", t.name);
        }
        if !r.require_meta.is_empty() {
            return report.fail(
                Status::Invalid,
                "metadata_not_allowed",
                format!(
                    "good signature, but {} is trusted only for proofs with {}, and this format carries no signed metadata",
                    t.name,
                    r.meta_list()
                ),
            );
        }
    }
    report.status = Status::Valid;
    report.reason = None;
    report.message = format!("{signed_by}{what}{within}");
    report
}

/// Reads the regular file at `path` in 64 KiB chunks, handing each to `f`; returns its size.
pub fn read_chunks(path: &Path, mut f: impl FnMut(&[u8])) -> std::io::Result<u64> {
    let (mut file, meta) = crate::fsutil::open_regular(path)?;
    let mut buf = vec![0u8; (meta.len() as usize).clamp(1, 1 << 16)];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => return Ok(size),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        size += n as u64;
        f(&buf[..n]);
    }
}

/// The report of a signed file that could not be read: `file_not_found` or `file_unreadable`.
pub fn file_error(report: Report, path: &Path, e: &std::io::Error) -> Report {
    let reason =
        if e.kind() == std::io::ErrorKind::NotFound { "file_not_found" } else { "file_unreadable" };
    report.fail(
        Status::Error,
        reason,
        format!("{}: {}", path.display(), crate::fsutil::describe_io(e)),
    )
}

/// The signed file as a report's `subject`: its name, size and SHA-256.
pub fn subject(path: &Path, size: u64, sha256: &[u8]) -> crate::proof::Subject {
    crate::proof::Subject {
        name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        size,
        sha256: hex::encode(sha256),
    }
}
