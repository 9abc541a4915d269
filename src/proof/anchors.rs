//! Judging the anchors of a POP-1.1 proof: one report per anchor, the proven time and its authority.
//!
//! Anchors are unsigned additions to a proof: nothing here changes the signature's verdict. This
//! is the one place that decides what an anchor is worth, so `verify`, `verify --indexed`, batch
//! verify and the index (proven time stored per proof) all agree.

use std::time::{Duration, SystemTime};

use serde::Serialize;
use x509_cert::Certificate;

use super::{ANCHOR_RFC3161, Anchor, Proof};
use crate::timestamp::{TokenError, Verified, verify_token};

/// A token may say it was made this much before the proof's `created` and still count: signer
/// clocks drift. Earlier than that, the signer's claim and the TSA disagree (`before_created`).
pub const BEFORE_CREATED_TOLERANCE: Duration = Duration::from_secs(300);

/// One anchor's verdict. Serialised in lowercase: part of the `--json` contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorStatus {
    /// The token verifies, over this signature, from a trusted TSA, at an acceptable time.
    Valid,
    /// The token verifies but its chain reaches no trusted TSA root.
    Untrusted,
    /// The token is broken, stamps other bytes, or its TSA certificate is unfit.
    Invalid,
    /// An anchor type this proofctl does not know; ignored for validity.
    Unknown,
}

/// The verdict on one anchor, in the order of the proof's `anchors`. The `--json` contract.
#[derive(Debug, Clone, Serialize)]
pub struct AnchorReport {
    /// The anchor's `type`.
    #[serde(rename = "type")]
    pub kind: String,
    pub status: AnchorStatus,
    /// A stable code: null when valid or unknown.
    pub reason: Option<&'static str>,
    /// The TSA's genTime (RFC 3339 UTC), when the token verified.
    pub gen_time: Option<String>,
    /// Who stamped: the TSA certificate's CN, else its whole subject. Untrusted text.
    pub authority: Option<String>,
    /// The TSTInfo serial number, lowercase hex, when the token verified.
    pub serial: Option<String>,
    /// What was found, for people. Untrusted text (names from certificates).
    pub message: String,
    #[serde(skip)]
    pub gen_time_at: Option<SystemTime>,
}

/// Both times of a proof: the `time` object of a report.
#[derive(Debug, Clone, Serialize)]
pub struct TimeReport {
    /// The signer's own `created`.
    pub claimed: String,
    /// The earliest genTime among valid anchors.
    pub proven: Option<String>,
    /// The authority of that anchor.
    pub authority: Option<String>,
    pub anchors: Vec<AnchorReport>,
}

impl TimeReport {
    /// The anchor that proves the time, if any.
    pub fn proven_by(&self) -> Option<&AnchorReport> {
        earliest_valid(&self.anchors)
    }
}

fn earliest_valid(reports: &[AnchorReport]) -> Option<&AnchorReport> {
    reports
        .iter()
        .filter(|r| r.status == AnchorStatus::Valid)
        .min_by_key(|r| r.gen_time_at.expect("valid anchors have a genTime"))
}

/// Judges every anchor of `proof` against the trusted TSA `roots`. Never touches the signature's
/// verdict; the caller decides what the reports change (only `--require-timestamp` does).
pub fn check(proof: &Proof, roots: &[Certificate]) -> Vec<AnchorReport> {
    let sig = proof.signature_bytes();
    let created = humantime::parse_rfc3339(&proof.created).ok();
    proof.anchors.iter().map(|a| check_one(a, &sig, created, roots)).collect()
}

/// [`check`] plus the claimed and proven times.
pub fn time_report(proof: &Proof, roots: &[Certificate]) -> TimeReport {
    let anchors = check(proof, roots);
    let best = earliest_valid(&anchors);
    TimeReport {
        claimed: proof.created.clone(),
        proven: best.and_then(|r| r.gen_time.clone()),
        authority: best.and_then(|r| r.authority.clone()),
        anchors,
    }
}

/// The proven time of a proof and who proves it (for the index): the earliest valid genTime.
pub fn proven_time(proof: &Proof, roots: &[Certificate]) -> Option<(SystemTime, String, String)> {
    let reports = check(proof, roots);
    let best = earliest_valid(&reports)?;
    Some((best.gen_time_at?, best.gen_time.clone()?, best.authority.clone()?))
}

fn report(
    kind: &str,
    status: AnchorStatus,
    reason: Option<&'static str>,
    message: String,
) -> AnchorReport {
    AnchorReport {
        kind: kind.to_string(),
        status,
        reason,
        gen_time: None,
        authority: None,
        serial: None,
        message,
        gen_time_at: None,
    }
}

fn check_one(
    anchor: &Anchor,
    sig: &[u8; 64],
    created: Option<SystemTime>,
    roots: &[Certificate],
) -> AnchorReport {
    let kind = anchor.kind();
    let token = match anchor.rfc3161_token() {
        None => {
            return report(
                kind,
                AnchorStatus::Unknown,
                None,
                format!("anchor type {kind:?} is not known to this proofctl; ignored"),
            );
        }
        Some(Err(why)) => {
            return report(kind, AnchorStatus::Invalid, Some("token_malformed"), why);
        }
        Some(Ok(t)) => t,
    };
    debug_assert_eq!(kind, ANCHOR_RFC3161);
    match verify_token(&token, sig, roots) {
        Ok(v) => judge_verified(kind, v, created),
        Err(e) => {
            let (status, authority) = match &e {
                TokenError::Untrusted(name) => (AnchorStatus::Untrusted, Some(name.clone())),
                _ => (AnchorStatus::Invalid, None),
            };
            let mut r = report(kind, status, Some(e.code()), e.to_string());
            r.authority = authority;
            r
        }
    }
}

fn judge_verified(kind: &str, v: Verified, created: Option<SystemTime>) -> AnchorReport {
    let authority = v.authority.clone();
    let mut r = AnchorReport {
        kind: kind.to_string(),
        status: AnchorStatus::Valid,
        reason: None,
        gen_time: Some(v.gen_time_rfc3339.clone()),
        authority: Some(authority.clone()),
        serial: Some(v.serial.clone()),
        message: format!("timestamped {} by {authority}", v.gen_time_rfc3339),
        gen_time_at: Some(v.gen_time),
    };
    // `created` always parses for a parsed proof; a hand-built one without it gets no check.
    if let Some(created) = created {
        let early = created.duration_since(v.gen_time).unwrap_or_default();
        if early > BEFORE_CREATED_TOLERANCE {
            r.status = AnchorStatus::Invalid;
            r.reason = Some("before_created");
            r.message = format!(
                "the token's genTime {} is {}s before the claimed signing time; a token cannot \
                 stamp a signature that did not exist yet (tolerance {}s)",
                v.gen_time_rfc3339,
                early.as_secs(),
                BEFORE_CREATED_TOLERANCE.as_secs()
            );
        }
    }
    r
}

/// The last CN of a certificate's subject, when it has a non-empty one.
pub fn common_name(c: &Certificate) -> Option<String> {
    crate::timestamp::common_name(&c.tbs_certificate.subject)
}
