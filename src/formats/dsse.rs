//! Verifying DSSE envelopes (github.com/secure-systems-lab/dsse, protocol v1) and the in-toto
//! statements they carry (in-toto Statement v1): the envelope's signature over its
//! pre-authentication encoding, then every subject's digest against the files.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::Path;

use serde::Deserialize;
use sha2::Digest as _;

use super::Context;
use crate::proof::verify::{Report, SubjectCheck};

/// The payload type of in-toto statements.
pub const INTOTO_PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// The statement types this build checks subjects of: v1, and v0.1 which older tooling writes.
pub const STATEMENT_TYPES: [&str; 2] =
    ["https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1"];

/// What `verify` was told about this format on the command line.
#[derive(Debug, Default)]
pub struct Options {}

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
/// the signature), or against `file` when the statement has exactly one subject and `--file`
/// named it. Subject names are relative paths: one that climbs out of `base` or is absolute is
/// `missing` rather than followed.
pub fn check_subjects(st: &Statement, base: &Path, file: Option<&Path>) -> Vec<SubjectCheck> {
    st.subject
        .iter()
        .map(|s| {
            let path = match file {
                Some(f) if st.subject.len() == 1 => Some(f.to_path_buf()),
                _ => safe_relative(&s.name).map(|rel| base.join(rel)),
            };
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
        })
        .collect()
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

/// Verifies the signature `bytes` read from `path` against `file` (or the files it names).
pub fn verify(path: &Path, _bytes: &[u8], file: Option<&Path>, _cx: &Context<'_>) -> Report {
    Report::error(
        path,
        file,
        "unsupported_format",
        "recognised as dsse, which this build does not verify yet".into(),
    )
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
}
