//! Writing in-toto statements (v1) over files, signed with a proofctl key (pure Ed25519) in a
//! DSSE envelope, as the bare envelope or inside a Sigstore bundle v0.3 with a public-key hint:
//! what `proofctl attest` writes, and what [`super::dsse`] (and other tools) verify.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use base64::Engine as _;
use serde::Serialize;

use super::dsse::{Envelope, EnvelopeSignature, INTOTO_PAYLOAD_TYPE, pae};
use crate::keys::{KeyError, KeySigner, kid};

/// The statement type written.
pub const STATEMENT_V1: &str = "https://in-toto.io/Statement/v1";

/// The Sigstore bundle media type written.
pub const BUNDLE_MEDIA_TYPE: &str = "application/vnd.dev.sigstore.bundle.v0.3+json";

/// One file a statement speaks of: its name (a relative path, `/` between parts) and digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub name: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

#[derive(Serialize)]
struct StatementOut<'a> {
    #[serde(rename = "_type")]
    statement_type: &'static str,
    subject: Vec<SubjectOut<'a>>,
    #[serde(rename = "predicateType")]
    predicate_type: &'a str,
    predicate: &'a serde_json::Value,
}

#[derive(Serialize)]
struct SubjectOut<'a> {
    name: &'a str,
    digest: BTreeMap<&'static str, &'a str>,
}

/// An in-toto Statement v1 over `subjects`, as the JSON bytes an envelope carries.
pub fn statement(
    subjects: &[Subject],
    predicate_type: &str,
    predicate: &serde_json::Value,
) -> Vec<u8> {
    let st = StatementOut {
        statement_type: STATEMENT_V1,
        subject: subjects
            .iter()
            .map(|s| SubjectOut {
                name: &s.name,
                digest: BTreeMap::from([("sha256", s.sha256.as_str())]),
            })
            .collect(),
        predicate_type,
        predicate,
    };
    serde_json::to_vec(&st).expect("a statement serialises")
}

/// `payload` (an in-toto statement) in a DSSE envelope signed by `signer` over its
/// pre-authentication encoding; the signature's keyid is the signer's kid.
pub fn sign_envelope(payload: &[u8], signer: &dyn KeySigner) -> Result<Envelope, KeyError> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let sig = signer.try_sign(&pae(INTOTO_PAYLOAD_TYPE, payload))?;
    Ok(Envelope {
        payload: b64.encode(payload),
        payload_type: INTOTO_PAYLOAD_TYPE.into(),
        signatures: vec![EnvelopeSignature {
            keyid: Some(kid(&signer.verifying_key())),
            sig: b64.encode(sig.to_bytes()),
        }],
    })
}

#[derive(Serialize)]
struct BundleOut<'a> {
    #[serde(rename = "mediaType")]
    media_type: &'static str,
    #[serde(rename = "verificationMaterial")]
    verification_material: Material<'a>,
    #[serde(rename = "dsseEnvelope")]
    dsse_envelope: &'a Envelope,
}

#[derive(Serialize)]
struct Material<'a> {
    #[serde(rename = "publicKey")]
    public_key: Hint<'a>,
}

#[derive(Serialize)]
struct Hint<'a> {
    hint: &'a str,
}

/// A Sigstore bundle v0.3 holding `envelope`, key-based: `verificationMaterial.publicKey.hint`
/// names the key by `hint` (proofctl's kid); no certificate, no transparency-log entry.
pub fn bundle_json(envelope: &Envelope, hint: &str) -> String {
    let b = BundleOut {
        media_type: BUNDLE_MEDIA_TYPE,
        verification_material: Material { public_key: Hint { hint } },
        dsse_envelope: envelope,
    };
    let mut s = serde_json::to_string_pretty(&b).expect("a bundle serialises");
    s.push('\n');
    s
}

/// The envelope alone, as in-toto tooling reads it (`.intoto.json`).
pub fn envelope_json(envelope: &Envelope) -> String {
    let mut s = serde_json::to_string_pretty(envelope).expect("an envelope serialises");
    s.push('\n');
    s
}

/// `path` absolute, with `.` and `..` applied and symlinked folders resolved, its own last
/// part kept as named (a symlinked file is named as the link, as its reader finds it).
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
            Ok(crate::fsutil::resolve_lenient(parent)?.join(name))
        }
        _ => crate::fsutil::resolve_lenient(path),
    }
}

/// The subject name of `file` in a statement whose names are relative to `root`: its path
/// under `root`, parts joined by `/`. Err: why it cannot be named (outside `root`, not UTF-8).
pub fn subject_name(file: &Path, root: &Path) -> Result<String, String> {
    let f = absolute(file).map_err(|e| crate::fsutil::describe_io(&e))?;
    let r = crate::fsutil::resolve_lenient(root).map_err(|e| crate::fsutil::describe_io(&e))?;
    let rel = f.strip_prefix(&r).map_err(|_| {
        format!(
            "is not under {}, the folder the attestation's subject names are relative to; write the attestation (-o) in a folder above it",
            r.display()
        )
    })?;
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(p) => parts
                .push(p.to_str().ok_or_else(|| "its name is not UTF-8; rename it".to_string())?),
            _ => return Err("cannot be named relative to the attestation's folder".into()),
        }
    }
    if parts.is_empty() {
        return Err("is a folder, not a file".into());
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_in_toto_v1() {
        let subjects = [Subject { name: "dist/a.tar.gz".into(), sha256: "ab".repeat(32) }];
        let st = statement(&subjects, "https://slsa.dev/provenance/v1", &serde_json::json!({}));
        let parsed = super::super::dsse::parse_statement(INTOTO_PAYLOAD_TYPE, &st).unwrap();
        assert_eq!(parsed.statement_type, STATEMENT_V1);
        assert_eq!(parsed.subject[0].name, "dist/a.tar.gz");
        assert!(std::str::from_utf8(&st).unwrap().starts_with(r#"{"_type":"#));
    }

    #[test]
    fn names_are_relative_to_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let f = dir.path().join("sub").join("x.bin");
        std::fs::write(&f, b"x").unwrap();
        assert_eq!(subject_name(&f, dir.path()).unwrap(), "sub/x.bin");
        assert_eq!(
            subject_name(&dir.path().join("sub/../sub/x.bin"), dir.path()).unwrap(),
            "sub/x.bin"
        );
        assert!(subject_name(&f, &dir.path().join("sub/y")).unwrap_err().contains("not under"));
    }
}
