//! The proven time an entry records with its proof: the earliest genTime among the proof's
//! valid anchors, and that token's authority, judged with the TSA roots the index was given
//! (docs/pop-1.1.md; the rule itself is the verifier's, `proof::anchors`).

use x509_cert::Certificate;

use crate::proof::Proof;

/// A proof's proven time as judged when its entry was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proven {
    /// RFC 3339 UTC, as the TSA wrote it.
    pub at: String,
    /// The TSA's display name (CN of its certificate, else its whole subject). Untrusted text.
    pub authority: String,
}

/// The proven time of the proof `json` with `roots`: None for a proof without anchors, one that
/// does not parse, or none of whose anchors is valid with these roots.
pub fn proven(json: &str, roots: &[Certificate]) -> Option<Proven> {
    if roots.is_empty() {
        return None;
    }
    let proof = Proof::from_slice(json.as_bytes()).ok()?;
    if proof.anchors.is_empty() {
        return None;
    }
    let (_, at, authority) = crate::proof::anchors::proven_time(&proof, roots)?;
    Some(Proven { at, authority })
}

/// The home's TSA roots (`trust add-tsa`), to judge anchors with; Err says why they cannot be
/// read (one line, naming the file).
pub fn home_tsa_roots(home: &crate::home::Home) -> Result<Vec<Certificate>, String> {
    crate::tsa_trust::resolve(home, &[]).map_err(|e| e.to_string())
}
