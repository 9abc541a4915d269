//! Verifying minisign signatures (.minisig), prehashed (`ED`, minisign's default) and legacy
//! (`Ed`, `minisign -l`): the signature over the file and the global signature over the trusted
//! comment, both checked with ed25519-dalek's `verify_strict` (libsodium's rules, which minisign
//! uses) through the per-key cache POP proofs use; minisign public keys as trust.

use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::Digest as _;

use super::signer::{self, Claimed, read_chunks};
use super::{Context, Format};
use crate::proof::verify::{Report, Status};

/// What `verify` was told about this format on the command line.
#[derive(Debug, Default)]
pub struct Options {}

/// A minisign key id as minisign prints it: the 8 bytes as a little-endian number, in upper-case
/// hex without leading zeros (`%" PRIX64`).
pub fn key_id_hex(id: &[u8; 8]) -> String {
    format!("{:X}", u64::from_le_bytes(*id))
}

/// A minisign public key: its key id and Ed25519 key, from `minisign.pub` (an untrusted
/// comment, then the base64 line) or the bare base64 line (`minisign -P`). None: the text is no
/// minisign public key at all; Err: it is one, or another minisign file, but unusable.
pub fn parse_public_key(
    text: &str,
) -> Option<Result<([u8; 8], ed25519_dalek::VerifyingKey), String>> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    let b64 = if first.starts_with("untrusted comment:") {
        let Some(b64) = lines.next() else {
            return Some(Err("a minisign file with no key line after its comment".into()));
        };
        b64
    } else {
        // The bare line: 56 base64 characters of "Ed" + id + key; anything else is not ours.
        if first.len() != 56 || lines.next().is_some() {
            return None;
        }
        first
    };
    let bin = match STANDARD.decode(b64) {
        Ok(b) => b,
        Err(_) => return Some(Err("the minisign key line is not base64".into())),
    };
    match bin.len() {
        42 => {}
        74 => return Some(Err("this is a minisign signature (.minisig), not a public key".into())),
        158 => {
            return Some(Err(
                "this is a minisign secret key; give its public key (minisign.pub, or the line `minisign -R` prints)".into(),
            ));
        }
        n => {
            return Some(Err(format!(
                "the minisign key line holds {n} bytes, not the 42 of a public key"
            )));
        }
    }
    if &bin[..2] != b"Ed" {
        return Some(Err(format!(
            "minisign key algorithm {:?} is not Ed25519 (\"Ed\")",
            String::from_utf8_lossy(&bin[..2])
        )));
    }
    let id: [u8; 8] = bin[2..10].try_into().expect("8 bytes");
    let raw: [u8; 32] = bin[10..42].try_into().expect("32 bytes");
    let key = match ed25519_dalek::VerifyingKey::from_bytes(&raw) {
        Ok(k) => k,
        Err(_) => return Some(Err("the minisign key is not a valid Ed25519 point".into())),
    };
    if let Err(why) = crate::keys::check_usable(&key) {
        return Some(Err(format!("unusable minisign public key: {why}")));
    }
    Some(Ok((id, key)))
}

/// The text of a minisign public key file, as `minisign -G` writes it.
pub fn public_key_file(id: &[u8; 8], key: &ed25519_dalek::VerifyingKey) -> String {
    let mut bin = Vec::with_capacity(42);
    bin.extend_from_slice(b"Ed");
    bin.extend_from_slice(id);
    bin.extend_from_slice(key.as_bytes());
    format!("untrusted comment: minisign public key {}\n{}\n", key_id_hex(id), STANDARD.encode(bin))
}

/// A .minisig file's parts, checked line by line so a damaged file says which line.
struct Parsed {
    prehashed: bool,
    key_id: [u8; 8],
    /// The first 74-byte line's signature and the global signature, for telling which failed.
    signature: [u8; 64],
    global: [u8; 64],
    /// Line 3 after `trusted comment: `, the bytes the global signature covers.
    trusted_comment: String,
}

fn parse(text: &str) -> Result<Parsed, (&'static str, String)> {
    let lines: Vec<&str> =
        text.lines().map(|l| l.trim_end_matches('\r')).filter(|l| !l.trim().is_empty()).collect();
    let bad = |why: String| {
        (
            "malformed",
            format!("not a valid minisign signature: {why}; get an intact copy from the signer"),
        )
    };
    if lines.len() != 4 {
        return Err(bad(format!(
            "{} lines, where a .minisig has 4 (untrusted comment, signature, trusted comment, global signature)",
            lines.len()
        )));
    }
    let sig_line = STANDARD
        .decode(lines[1].trim())
        .map_err(|_| bad("line 2 (the signature) is not base64".into()))?;
    if sig_line.len() != 74 {
        return Err(bad(format!("line 2 holds {} bytes, not 74", sig_line.len())));
    }
    let prehashed = match &sig_line[..2] {
        b"ED" => true,
        b"Ed" => false,
        other => {
            return Err((
                "unsupported_algorithm",
                format!(
                    "minisign signature algorithm {:?}; this build reads \"ED\" (prehashed) and \"Ed\" (legacy)",
                    String::from_utf8_lossy(other)
                ),
            ));
        }
    };
    let Some(trusted_comment) = lines[2].strip_prefix("trusted comment: ") else {
        return Err(bad("line 3 does not start with \"trusted comment: \"".into()));
    };
    let global_line = STANDARD
        .decode(lines[3].trim())
        .map_err(|_| bad("line 4 (the global signature) is not base64".into()))?;
    let global: [u8; 64] = global_line
        .as_slice()
        .try_into()
        .map_err(|_| bad(format!("line 4 holds {} bytes, not 64", global_line.len())))?;
    Ok(Parsed {
        prehashed,
        key_id: sig_line[2..10].try_into().expect("8 bytes"),
        signature: sig_line[10..74].try_into().expect("64 bytes"),
        global,
        trusted_comment: trusted_comment.to_string(),
    })
}

/// The time a trusted comment claims (`timestamp:UNIX`, which minisign writes by default).
fn claimed_time(trusted_comment: &str) -> Option<Claimed> {
    let t = trusted_comment.split_whitespace().find_map(|w| w.strip_prefix("timestamp:"))?;
    let secs: u64 = t.parse().ok().filter(|s| *s <= 253_402_300_799)?;
    let at = UNIX_EPOCH + Duration::from_secs(secs);
    Some(Claimed { at, text: humantime::format_rfc3339_seconds(at).to_string() })
}

/// Verifies the signature `bytes` read from `path` against `file` (or the file beside it).
pub fn verify(path: &Path, bytes: &[u8], file: Option<&Path>, cx: &Context<'_>) -> Report {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Report::error(
            path,
            file,
            "malformed",
            "not a valid minisign signature: not text".into(),
        );
    };
    let p = match parse(text) {
        Ok(p) => p,
        Err((reason, why)) => return Report::error(path, file, reason, why),
    };
    let Some(subject_path) = super::subject_for(path, file, Format::Minisign) else {
        return Report::error(
            path,
            None,
            "no_file",
            "cannot tell which file this signature is for (its name does not end in .minisig)"
                .into(),
        );
    };
    let id_hex = key_id_hex(&p.key_id);
    let trusted_comment = p.trusted_comment.clone();
    let claimed = claimed_time(&trusted_comment);
    let mut report = Report::error(path, Some(&subject_path), "malformed", String::new());
    report.status = Status::Invalid;
    report.created = claimed.as_ref().map(|c| c.text.clone());
    report.metadata = Some(
        [
            ("trusted_comment", trusted_comment.clone()),
            ("key_id", id_hex.clone()),
            ("mode", if p.prehashed { "prehashed" } else { "legacy" }.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
    );
    // The key with this minisign key id when trust knows one; else every trusted Ed25519 key
    // whose minisign id is unknown (trusted as SPKI or ssh-ed25519: the same key bytes are the
    // same key, whatever the encoding).
    let (candidates, by_id): (Vec<(String, ed25519_dalek::VerifyingKey)>, bool) =
        match cx.trust.minisign_kid(&p.key_id).and_then(|k| cx.trust.get(k)) {
            Some(t) => (vec![(crate::keys::kid(&t.key), t.key)], true),
            None => (
                cx.trust
                    .iter()
                    .filter(|(kid, _)| !cx.trust.has_minisign_id(kid))
                    .map(|(kid, t)| (kid.clone(), t.key))
                    .collect(),
                false,
            ),
        };
    let mut s256 = sha2::Sha256::new();
    // Prehashed signatures sign BLAKE2b-512 of the file; legacy ones the whole file, which is
    // then read into memory, as minisign itself does.
    let mut b2 = p.prehashed.then(blake2::Blake2b512::new);
    let mut all = Vec::new();
    let read = read_chunks(&subject_path, |b| {
        s256.update(b);
        match &mut b2 {
            Some(h) => h.update(b),
            None => all.extend_from_slice(b),
        }
    });
    let size = match read {
        Ok(size) => size,
        Err(e) => return signer::file_error(report, &subject_path, &e),
    };
    report.subject = Some(signer::subject(&subject_path, size, &s256.finalize()));
    let signed: Vec<u8> = match b2 {
        Some(h) => h.finalize().to_vec(),
        None => all,
    };
    let good = candidates
        .iter()
        .position(|(_, k)| crate::proof::ed25519_verify(k.as_bytes(), &signed, &p.signature));
    // The global signature covers the first one and the trusted comment: it failing means one
    // of those lines was altered.
    let mut global = p.signature.to_vec();
    global.extend_from_slice(trusted_comment.as_bytes());
    let global_ok = |key: &ed25519_dalek::VerifyingKey| {
        crate::proof::ed25519_verify(key.as_bytes(), &global, &p.global)
    };
    let i = match good {
        Some(i) if global_ok(&candidates[i].1) => i,
        Some(i) => {
            report.signer = Some(crate::proof::verify::SignerReport::new(candidates[i].0.clone()));
            return report.fail(
                Status::Invalid,
                "bad_signature",
                "the global signature does not match: the trusted comment or the signature line was altered".into(),
            );
        }
        None if !by_id => {
            return report.fail(
                Status::Untrusted,
                "untrusted",
                format!(
                    "signed with minisign key id {id_hex}, which no trusted key has (or the file or signature was altered); once you have checked that key with the signer, trust their minisign.pub with `proofctl trust add minisign.pub --name NAME`, or pass it with --key; a key trusted in another encoding (SPKI PEM, ssh-ed25519) is tried too"
                ),
            );
        }
        None => {
            let (kid, key) = &candidates[0];
            report.signer = Some(crate::proof::verify::SignerReport::new(kid.clone()));
            let why = if global_ok(key) {
                "the signature does not match the file: the file or the signature was altered"
            } else {
                "the global signature does not match: the trusted comment or the signature line was altered"
            };
            return report.fail(Status::Invalid, "bad_signature", why.into());
        }
    };
    let kid = candidates[i].0.clone();
    let what = format!(", trusted comment {trusted_comment:?}");
    signer::judge(
        report,
        cx,
        &kid,
        claimed.as_ref(),
        &what,
        "this signature's trusted comment claims no time (timestamp:)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_keys_parse_in_both_forms() {
        // minisign's own test key (minisign-verify's tests).
        let b64 = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";
        let file = format!("untrusted comment: minisign public key E7620F1842B4E81F\n{b64}\n");
        let (id, key) = parse_public_key(&file).unwrap().unwrap();
        assert_eq!(key_id_hex(&id), "E7620F1842B4E81F");
        assert_eq!(parse_public_key(b64).unwrap().unwrap().1, key);
        assert_eq!(public_key_file(&id, &key), file);
        // One id in 16 starts with a zero nibble, which minisign does not print.
        assert_eq!(
            key_id_hex(&[0xE4, 0x74, 0xEE, 0x9A, 0x96, 0xCD, 0x15, 0x0C]),
            "C15CD969AEE74E4"
        );
        assert!(parse_public_key("-----BEGIN PUBLIC KEY-----\nMCow").is_none());
        assert!(parse_public_key("ssh-ed25519 AAAA x").is_none());
        let secret =
            format!("untrusted comment: minisign secret key\n{}", STANDARD.encode([0u8; 158]));
        assert!(parse_public_key(&secret).unwrap().unwrap_err().contains("secret key"));
    }

    #[test]
    fn trusted_comment_times() {
        let c = claimed_time("timestamp:1556193335\tfile:test").unwrap();
        assert_eq!(c.text, "2019-04-25T11:55:35Z");
        assert!(claimed_time("file:x").is_none());
    }
}
