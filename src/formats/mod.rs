//! Signature formats besides POP: recognising a signature file by its content, finding the file
//! it speaks of, and sending it to the verifier of its format, so one `verify` call checks a
//! mixed batch with one trust model, one report shape and one set of exit codes.
//!
//! Each format's module verifies its own files and returns the same [`Report`] POP does, with
//! `format` set; trust is looked up in the same [`TrustSet`] (Ed25519 keys by kid, other keys by
//! the kid of their SPKI, see [`crate::trust`]).

pub mod dsse;
pub mod intoto;
pub mod minisign;
pub mod signer;
pub mod sigstore;
pub mod sshsig;

use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::fsutil::{describe_io, read_bounded};
use crate::proof::verify::{Policy, Report};
use crate::trust::TrustSet;

/// The largest signature file of any format read: Sigstore bundles carry certificate chains and
/// transparency-log proofs, and in-toto statements may carry large predicates (SLSA provenance).
pub const MAX_SIGNATURE_BYTES: u64 = 16 << 20;

/// The formats `verify` reads, for messages.
pub const SUPPORTED: &str = "POP proofs (.proof), SSH signatures (ssh-keygen -Y sign), \
     minisign signatures (.minisig), DSSE envelopes (in-toto attestations) and Sigstore bundles \
     (v0.3)";

/// A signature format, as recognised from a file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// proofctl's own POP-1.x proofs (docs/pop-1.0.md, docs/pop-1.1.md).
    Pop,
    /// An armoured SSH signature (`-----BEGIN SSH SIGNATURE-----`, OpenSSH PROTOCOL.sshsig).
    Sshsig,
    /// A minisign signature (`untrusted comment:` then base64 lines).
    Minisign,
    /// A DSSE envelope (`payloadType`, `payload`, `signatures`), usually an in-toto statement.
    Dsse,
    /// A Sigstore bundle (`mediaType` application/vnd.dev.sigstore.bundle…).
    SigstoreBundle,
}

impl Format {
    /// The name `--json` reports in `format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pop => "pop",
            Format::Sshsig => "sshsig",
            Format::Minisign => "minisign",
            Format::Dsse => "dsse",
            Format::SigstoreBundle => "sigstore_bundle",
        }
    }

    /// File-name suffixes that usually carry this format, longest first: how the signed file is
    /// found beside a signature (`a.tar.gz.minisig` speaks of `a.tar.gz`), and how `verify FILE`
    /// finds the signatures beside a file. The format itself is always told by content.
    pub fn suffixes(self) -> &'static [&'static str] {
        match self {
            Format::Pop => &[".proof"],
            Format::Sshsig => &[".sshsig", ".sig"],
            Format::Minisign => &[".minisig"],
            Format::Dsse => &[".intoto.jsonl", ".intoto.json", ".dsse.json", ".dsse"],
            Format::SigstoreBundle => &[".sigstore.json", ".sigstore", ".bundle.json", ".bundle"],
        }
    }

    pub const ALL: [Format; 5] =
        [Format::Pop, Format::Sshsig, Format::Minisign, Format::Dsse, Format::SigstoreBundle];
}

/// The JSON members that tell the JSON formats apart; everything else is skipped unparsed.
#[derive(Deserialize)]
struct Sniff {
    format: Option<IgnoredAny>,
    #[serde(rename = "mediaType")]
    media_type: Option<String>,
    #[serde(rename = "payloadType")]
    payload_type: Option<IgnoredAny>,
    signatures: Option<IgnoredAny>,
}

/// The format of a signature file's content, or None when it is none this build reads.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let t = bytes.trim_ascii_start();
    if t.starts_with(b"-----BEGIN SSH SIGNATURE-----") {
        return Some(Format::Sshsig);
    }
    if t.starts_with(b"untrusted comment:") {
        return Some(Format::Minisign);
    }
    if !t.starts_with(b"{") {
        return None;
    }
    // Proofs are the common case in a batch, and proofctl writes `format` first: decided
    // without parsing (the POP parser is strict about everything else).
    if t[1..].trim_ascii_start().starts_with(b"\"format\"") {
        return Some(Format::Pop);
    }
    let Ok(s) = serde_json::from_slice::<Sniff>(t) else {
        // JSON Lines of DSSE envelopes (`.intoto.jsonl`, as SLSA generators write): told by the
        // first line.
        let first = t.split(|&b| b == b'\n').next().unwrap_or(t);
        if serde_json::from_slice::<Sniff>(first)
            .is_ok_and(|s| s.payload_type.is_some() && s.signatures.is_some())
        {
            return Some(Format::Dsse);
        }
        // Broken JSON: reported by the POP parser, whose messages say where it broke.
        return Some(Format::Pop);
    };
    if s.media_type.as_deref().is_some_and(|m| m.starts_with("application/vnd.dev.sigstore.bundle"))
    {
        Some(Format::SigstoreBundle)
    } else if s.payload_type.is_some() && s.signatures.is_some() {
        Some(Format::Dsse)
    } else if s.format.is_some() {
        Some(Format::Pop)
    } else {
        None
    }
}

/// Whether the first bytes of a file could begin a signature of some format: how `verify dist/*`
/// tells signatures from the files they sign without reading whole artifacts.
pub fn could_be_signature(head: &[u8]) -> bool {
    let t = head.trim_ascii_start();
    t.starts_with(b"-----BEGIN SSH SIGNATURE-----")
        || t.starts_with(b"untrusted comment:")
        || t.starts_with(b"{")
}

/// Everything a verification of any format needs beyond the signature file.
#[derive(Debug)]
pub struct Context<'a> {
    /// POP's policy: trust, TSA roots, revocations and rotations, --strict-name,
    /// --require-timestamp. The other formats use its trust and revocations too.
    pub policy: Policy<'a>,
    /// The same trust as `policy.trust`, with its non-Ed25519 keys.
    pub trust: &'a TrustSet,
    pub sshsig: sshsig::Options,
    pub minisign: minisign::Options,
    pub dsse: dsse::Options,
    pub sigstore: sigstore::Options,
}

/// Reads the signature at `path` and verifies it, whatever its format.
pub fn verify_path(path: &Path, file: Option<&Path>, cx: &Context<'_>) -> Report {
    let bytes = match read_bounded(path, MAX_SIGNATURE_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge => {
            return Report::error(
                path,
                None,
                "too_large",
                format!(
                    "larger than {MAX_SIGNATURE_BYTES} bytes, not a signature of any format proofctl reads"
                ),
            );
        }
        Err(e) => {
            let reason =
                if e.kind() == io::ErrorKind::NotFound { "proof_not_found" } else { "unreadable" };
            return Report::error(path, None, reason, describe_io(&e));
        }
    };
    verify_bytes(path, &bytes, file, cx)
}

/// Verifies signature bytes read from `path`, whatever their format.
pub fn verify_bytes(path: &Path, bytes: &[u8], file: Option<&Path>, cx: &Context<'_>) -> Report {
    if bytes.is_empty() {
        return crate::proof::verify::verify_bytes(path, bytes, file, cx.policy);
    }
    // A `.proof` that is nothing known is a damaged proof: the POP parser says what is wrong.
    let named_proof = path.as_os_str().as_encoded_bytes().ends_with(b".proof");
    let Some(format) = detect(bytes).or(named_proof.then_some(Format::Pop)) else {
        return Report::error(
            path,
            None,
            "unknown_format",
            format!(
                "not a signature proofctl reads ({}); supported: {SUPPORTED}",
                describe_content(bytes)
            ),
        );
    };
    let report = match format {
        Format::Pop => crate::proof::verify::verify_bytes(path, bytes, file, cx.policy),
        Format::Sshsig => sshsig::verify(path, bytes, file, cx),
        Format::Minisign => minisign::verify(path, bytes, file, cx),
        Format::Dsse => dsse::verify(path, bytes, file, cx),
        Format::SigstoreBundle => sigstore::verify(path, bytes, file, cx),
    };
    report.with_format(format.as_str())
}

/// What a file that is no signature looks like, for the one-line error: enough to recognise it.
pub fn describe_content(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // A multi-byte character cut at 512 bytes is still text.
        (head.len() == 512).then(|| std::str::from_utf8(&head[..head.len() - 3]).ok()).flatten()
    });
    match text {
        Some(t) if t.trim().is_empty() => "only whitespace".into(),
        Some(t) if t.chars().all(|c| !c.is_control() || c.is_whitespace()) => {
            let first = t.trim_start().lines().next().unwrap_or("");
            let shown: String = first.chars().take(40).collect();
            let more = if first.chars().count() > 40 { "…" } else { "" };
            format!("text starting {:?}", format!("{shown}{more}"))
        }
        _ => "binary data".into(),
    }
}

/// `path` without the first of `suffixes` it ends with (byte-wise), when something is left:
/// the signed file beside a detached signature.
#[cfg(unix)]
pub fn strip_suffix(path: &Path, suffixes: &[&str]) -> Option<PathBuf> {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let name = path.file_name()?.as_bytes();
    suffixes.iter().find_map(|s| {
        let stem = name.strip_suffix(s.as_bytes()).filter(|stem| !stem.is_empty())?;
        Some(path.with_file_name(OsStr::from_bytes(stem)))
    })
}

#[cfg(not(unix))]
pub fn strip_suffix(path: &Path, suffixes: &[&str]) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    suffixes.iter().find_map(|s| {
        let stem = name.strip_suffix(s).filter(|stem| !stem.is_empty())?;
        Some(path.with_file_name(stem))
    })
}

/// The file a one-file detached signature speaks of: `explicit` (`--file`), else the signature's
/// path without its format's suffix. None: the report says `no_file`.
pub fn subject_for(sig: &Path, explicit: Option<&Path>, format: Format) -> Option<PathBuf> {
    explicit.map(Path::to_path_buf).or_else(|| strip_suffix(sig, format.suffixes()))
}

/// The signatures lying beside `file` under the usual names (`FILE.proof`, `FILE.minisig`,
/// `FILE.sig`, …), in the order of [`Format::ALL`].
pub fn signatures_beside(file: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for f in Format::ALL {
        for s in f.suffixes() {
            let mut p = file.as_os_str().to_owned();
            p.push(s);
            let p = PathBuf::from(p);
            if p.is_file() && !found.contains(&p) {
                found.push(p);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(detect(b"{\n  \"format\": \"POP-1.0\"}"), Some(Format::Pop));
        assert_eq!(detect(b"  -----BEGIN SSH SIGNATURE-----\nU1NI"), Some(Format::Sshsig));
        assert_eq!(detect(b"untrusted comment: x\nRW"), Some(Format::Minisign));
        assert_eq!(
            detect(
                br#"{"payloadType":"application/vnd.in-toto+json","payload":"","signatures":[]}"#
            ),
            Some(Format::Dsse)
        );
        assert_eq!(
            detect(br#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}"#),
            Some(Format::SigstoreBundle)
        );
        // JSON Lines of envelopes (.intoto.jsonl), told by the first line.
        let line = r#"{"payloadType":"application/vnd.in-toto+json","payload":"","signatures":[]}"#;
        assert_eq!(detect(format!("{line}\n{line}\n").as_bytes()), Some(Format::Dsse));
        // Members in any order; the POP parser reports broken JSON.
        assert_eq!(detect(br#"{"signer":{},"format":"POP-1.0"}"#), Some(Format::Pop));
        assert_eq!(detect(b"{ broken"), Some(Format::Pop));
        assert_eq!(detect(br#"{"name":"package.json"}"#), None);
        assert_eq!(detect(b"\x7fELF\x02"), None);
        assert_eq!(detect(b"hello"), None);
    }

    #[test]
    fn subjects_beside_signatures() {
        let p = Path::new("dist/a.tar.gz.minisig");
        assert_eq!(subject_for(p, None, Format::Minisign), Some(PathBuf::from("dist/a.tar.gz")));
        assert_eq!(subject_for(Path::new("a.sig"), None, Format::Sshsig), Some("a".into()));
        assert_eq!(subject_for(Path::new(".sig"), None, Format::Sshsig), None);
        assert_eq!(
            subject_for(Path::new("x.sigstore.json"), None, Format::SigstoreBundle),
            Some("x".into())
        );
        assert_eq!(
            subject_for(Path::new("x"), Some(Path::new("y")), Format::Minisign),
            Some("y".into())
        );
    }

    #[test]
    fn content_is_described() {
        assert_eq!(describe_content(b"\0\x01\x02"), "binary data");
        assert_eq!(describe_content(b"hello world\nmore"), "text starting \"hello world\"");
        assert_eq!(describe_content(b"  \n"), "only whitespace");
    }
}
