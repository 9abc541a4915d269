//! Verifying SSH signatures (OpenSSH PROTOCOL.sshsig), as `ssh-keygen -Y sign` writes them, and
//! making them (`sign --format sshsig`); trust from the trust set, or from an OpenSSH
//! `allowed_signers` file as `ssh-keygen -Y verify` reads it.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::Digest as _;
use signature::Verifier as _;
use ssh_key::public::KeyData;
use ssh_key::{HashAlg, SshSig};

use super::signer::{self, read_chunks};
use super::{Context, Format};
use crate::fsutil::describe_io;
use crate::proof::verify::{Report, SignerReport, Status};

/// The namespace `ssh-keygen -Y sign -n file` signs files under, and the default here.
pub const DEFAULT_NAMESPACE: &str = "file";

/// What `verify` was told about this format on the command line.
#[derive(Debug)]
pub struct Options {
    /// The namespace signatures must have been made for (`--namespace`).
    pub namespace: String,
    /// `--allowed-signers FILE`: when given, the only trust for SSH signatures.
    pub allowed_signers: Option<AllowedSigners>,
}

impl Default for Options {
    fn default() -> Options {
        Options { namespace: DEFAULT_NAMESPACE.into(), allowed_signers: None }
    }
}

/// An OpenSSH allowed_signers file (ssh-keygen(1), ALLOWED SIGNERS).
#[derive(Debug)]
pub struct AllowedSigners {
    pub path: PathBuf,
    pub entries: Vec<AllowedSigner>,
    /// Lines with `cert-authority`, which this build does not honour (it verifies signatures by
    /// plain keys only): for the message when no line allows a signer.
    pub cert_authority_lines: Vec<usize>,
}

/// One line of an allowed_signers file.
#[derive(Debug)]
pub struct AllowedSigner {
    pub line: usize,
    /// The principals as written (a comma list, possibly with wildcards): `verify` takes no
    /// identity to match them against, so they are reported, not matched.
    pub principals: String,
    pub key: KeyData,
    /// `namespaces="…"`: patterns the signature's namespace must match; None allows any.
    pub namespaces: Option<String>,
    pub valid_after: Option<(SystemTime, String)>,
    pub valid_before: Option<(SystemTime, String)>,
}

/// Splits a line into whitespace-separated fields, a double-quoted stretch counting as one
/// character run (quotes kept: options need them to find their commas).
fn fields(line: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (None, false);
    for (i, c) in line.char_indices() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if let Some(s) = start.take() {
                out.push(&line[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if quoted {
        return Err("a double quote is not closed".into());
    }
    if let Some(s) = start {
        out.push(&line[s..]);
    }
    Ok(out)
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s)
}

/// An allowed_signers time: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, then Z. ssh-keygen reads a
/// time without Z in the local time zone; this build reads UTC only and refuses those, rather
/// than judge a window hours away from the one ssh-keygen would.
fn parse_time(v: &str) -> Result<(SystemTime, String), String> {
    let Some(digits) = v.strip_suffix('Z').or_else(|| v.strip_suffix('z')) else {
        return Err(format!(
            "{v:?} has no trailing Z: proofctl reads these times as UTC only (ssh-keygen reads them in local time); append Z, e.g. {v}Z"
        ));
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return Err(format!("{v:?} is not a time (YYYYMMDD[HHMM[SS]]Z)"));
    }
    let d = |r: std::ops::Range<usize>| digits.get(r).unwrap_or("00");
    let text =
        format!("{}-{}-{}T{}:{}:{}Z", d(0..4), d(4..6), d(6..8), d(8..10), d(10..12), d(12..14));
    let at = humantime::parse_rfc3339(&text)
        .map_err(|_| format!("{v:?} is not a valid date and time"))?;
    Ok((at, text))
}

/// Whether `name` matches the OpenSSH pattern list `list` (comma-separated, `*` and `?`
/// wildcards, `!` negates: a negated match refuses whatever else matches), as ssh-keygen
/// matches `namespaces=`.
pub fn matches_pattern_list(name: &str, list: &str) -> bool {
    let mut matched = false;
    for p in list.split(',').map(str::trim) {
        let (negated, p) = match p.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, p),
        };
        if glob(name.as_bytes(), p.as_bytes()) {
            if negated {
                return false;
            }
            matched = true;
        }
    }
    matched
}

fn glob(s: &[u8], p: &[u8]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some((b'*', rest)) => (0..=s.len()).any(|i| glob(&s[i..], rest)),
        Some((b'?', rest)) => !s.is_empty() && glob(&s[1..], rest),
        Some((c, rest)) => s.first() == Some(c) && glob(&s[1..], rest),
    }
}

/// Reads an allowed_signers file. Err: what is wrong, naming the line.
pub fn read_allowed_signers(path: &Path) -> Result<AllowedSigners, String> {
    let bytes = crate::fsutil::read_bounded(path, crate::fsutil::SMALL_FILE_LIMIT)
        .map_err(|e| describe_io(&e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "not text; an allowed_signers file is text".to_string())?;
    let mut out = AllowedSigners {
        path: path.to_path_buf(),
        entries: Vec::new(),
        cert_authority_lines: Vec::new(),
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: String| {
            format!(
                "line {n}: {why}; expected `PRINCIPALS [OPTIONS] KEYTYPE BASE64 [COMMENT]` (ssh-keygen(1), ALLOWED SIGNERS)"
            )
        };
        let f = fields(line).map_err(&bad)?;
        let principals = unquote(f[0]).to_string();
        let is_key_type = |s: &str| ssh_key::Algorithm::new(s).is_ok();
        let (options, key_at) = match f.get(1) {
            Some(t) if is_key_type(t) => (None, 1),
            Some(t) => (Some(*t), 2),
            None => return Err(bad("no key".into())),
        };
        let (Some(ty), Some(b64)) = (f.get(key_at), f.get(key_at + 1)) else {
            return Err(bad("no key".into()));
        };
        let mut entry = AllowedSigner {
            line: n,
            principals,
            key: KeyData::Ed25519(ssh_key::public::Ed25519PublicKey([0; 32])),
            namespaces: None,
            valid_after: None,
            valid_before: None,
        };
        let mut cert_authority = false;
        for opt in options.map(split_options).transpose().map_err(&bad)?.into_iter().flatten() {
            let (name, value) = match opt.split_once('=') {
                Some((k, v)) => (k.to_ascii_lowercase(), Some(unquote(v))),
                None => (opt.to_ascii_lowercase(), None),
            };
            match (name.as_str(), value) {
                ("cert-authority", None) => cert_authority = true,
                ("namespaces", Some(v)) => entry.namespaces = Some(v.to_string()),
                ("valid-after", Some(v)) => entry.valid_after = Some(parse_time(v).map_err(&bad)?),
                ("valid-before", Some(v)) => {
                    entry.valid_before = Some(parse_time(v).map_err(&bad)?)
                }
                _ => return Err(bad(format!("unknown option {opt:?}"))),
            }
        }
        let key = ssh_key::PublicKey::from_openssh(&format!("{ty} {b64}"))
            .map_err(|e| bad(format!("the key does not parse ({e})")))?;
        if cert_authority {
            out.cert_authority_lines.push(n);
            continue;
        }
        entry.key = key.key_data().clone();
        out.entries.push(entry);
    }
    Ok(out)
}

/// An options field split at the commas outside quotes.
fn split_options(s: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    if out.iter().any(|o| o.is_empty()) {
        return Err(format!("empty option in {s:?}"));
    }
    Ok(out)
}

/// The kid of an SSH public key, as the trust set knows it: Ed25519 keys by their JWK
/// thumbprint, ECDSA and RSA keys by the SHA-256 of their SPKI. Err: why it cannot be checked.
pub fn kid_of(key: &KeyData) -> Result<String, (&'static str, String)> {
    match key {
        KeyData::Ed25519(pk) => {
            let vk = ed25519_dalek::VerifyingKey::from_bytes(&pk.0)
                .map_err(|_| ("malformed", "the Ed25519 key does not decode".to_string()))?;
            Ok(crate::keys::kid(&vk))
        }
        KeyData::SkEd25519(_) | KeyData::SkEcdsaSha2NistP256(_) => Err((
            "unsupported_algorithm",
            format!(
                "signed with a security key ({}), which this build does not verify",
                key.algorithm().as_str()
            ),
        )),
        _ => match crate::keys::openssh::key_data_spki(key) {
            Some(der) => Ok(crate::trust::spki_kid(&der)),
            None => Err((
                "unsupported_algorithm",
                format!(
                    "signed with a {} key, which this build does not verify (it does ssh-ed25519, ecdsa-sha2-nistp256/384 and RSA of 2048 bits or more)",
                    key.algorithm().as_str()
                ),
            )),
        },
    }
}

/// PROTOCOL.sshsig's signed data: "SSHSIG", then namespace, reserved, hash algorithm and the
/// message's hash as SSH strings.
pub fn signed_data(namespace: &str, reserved: &[u8], hash_alg: HashAlg, hash: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(6 + 4 * 4 + namespace.len() + reserved.len() + 6 + 64);
    out.extend_from_slice(b"SSHSIG");
    for s in [namespace.as_bytes(), reserved, hash_alg.as_str().as_bytes(), hash] {
        out.extend_from_slice(&(s.len() as u32).to_be_bytes());
        out.extend_from_slice(s);
    }
    out
}

/// The file's SHA-256 (for the report) and its hash under `alg` (for the signature), in one read.
fn hash_file(path: &Path, alg: HashAlg) -> std::io::Result<(u64, [u8; 32], Vec<u8>)> {
    let mut s256 = sha2::Sha256::new();
    let mut s512 = (alg == HashAlg::Sha512).then(sha2::Sha512::new);
    let size = read_chunks(path, |b| {
        s256.update(b);
        if let Some(h) = s512.as_mut() {
            h.update(b);
        }
    })?;
    let sha256: [u8; 32] = s256.finalize().into();
    let signed = match s512 {
        Some(h) => h.finalize().to_vec(),
        None => sha256.to_vec(),
    };
    Ok((size, sha256, signed))
}

/// Verifies the signature `bytes` read from `path` against `file` (or the file beside it).
pub fn verify(path: &Path, bytes: &[u8], file: Option<&Path>, cx: &Context<'_>) -> Report {
    let sig = match SshSig::from_pem(bytes.trim_ascii()) {
        Ok(s) => s,
        Err(ssh_key::Error::Version { number }) => {
            return Report::error(
                path,
                file,
                "unsupported_format",
                format!("an SSH signature of version {number}; this build reads version 1"),
            );
        }
        Err(e) => {
            return Report::error(
                path,
                file,
                "malformed",
                format!("not a valid SSH signature ({e}); get an intact copy from the signer"),
            );
        }
    };
    let Some(subject_path) = super::subject_for(path, file, Format::Sshsig) else {
        return Report::error(
            path,
            None,
            "no_file",
            "cannot tell which file this signature is for (its name does not end in .sig or .sshsig)"
                .into(),
        );
    };
    let kid = match kid_of(sig.public_key()) {
        Ok(k) => k,
        Err((reason, why)) => return Report::error(path, Some(&subject_path), reason, why),
    };
    let opts = &cx.sshsig;
    let hash_alg = sig.hash_alg();
    let mut metadata = std::collections::BTreeMap::new();
    metadata.insert("namespace".to_string(), sig.namespace().to_string());
    metadata.insert("hash_algorithm".to_string(), hash_alg.as_str().to_string());
    metadata.insert("key_type".to_string(), sig.public_key().algorithm().as_str().to_string());
    let mut report = Report::error(path, Some(&subject_path), "malformed", String::new());
    report.signer = Some(SignerReport::new(kid.clone()));
    report.metadata = Some(metadata);
    report.status = Status::Invalid;
    if sig.namespace() != opts.namespace {
        return report.fail(
            Status::Invalid,
            "wrong_namespace",
            format!(
                "signed for namespace {:?}, not {:?}; a signature made for one purpose must not pass for another (pass --namespace {:?} if that is the one you expect)",
                sig.namespace(),
                opts.namespace,
                sig.namespace()
            ),
        );
    }
    let (size, sha256, hash) = match hash_file(&subject_path, hash_alg) {
        Ok(h) => h,
        Err(e) => return signer::file_error(report, &subject_path, &e),
    };
    report.subject = Some(signer::subject(&subject_path, size, &sha256));
    let data = signed_data(sig.namespace(), sig.reserved(), hash_alg, &hash);
    if sig.public_key().verify(&data, sig.signature()).is_err() {
        return report.fail(
            Status::Invalid,
            "bad_signature",
            "the signature does not match the file and the key it names: the file or the signature was altered".into(),
        );
    }
    let what = format!(", namespace {}, {}", sig.namespace(), hash_alg.as_str());
    match &opts.allowed_signers {
        None => signer::judge(report, cx, &kid, None, &what, "an SSH signature carries no time"),
        Some(allowed) => judge_allowed(report, cx, allowed, &sig, &kid, &what),
    }
}

/// Trust by an allowed_signers file, as `ssh-keygen -Y verify` (and `find-principals`) judge
/// it: some line with the signer's key, whose namespaces allow the signature's and whose window
/// holds now (SSH signatures carry no time: ssh-keygen judges at the present time too).
fn judge_allowed(
    mut report: Report,
    cx: &Context<'_>,
    allowed: &AllowedSigners,
    sig: &SshSig,
    kid: &str,
    what: &str,
) -> Report {
    let now = SystemTime::now();
    let file = allowed.path.display();
    let lines: Vec<&AllowedSigner> =
        allowed.entries.iter().filter(|e| &e.key == sig.public_key()).collect();
    if lines.is_empty() {
        let certs = if allowed.cert_authority_lines.is_empty() {
            String::new()
        } else {
            format!(
                " (cert-authority lines are not supported by this build and were skipped: line {})",
                allowed
                    .cert_authority_lines
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return report.fail(
            Status::Untrusted,
            "untrusted",
            format!(
                "valid signature{what}, but no line of {file} allows its key (kid {kid}){certs}; once you have checked the key with the signer, add a line `PRINCIPAL KEYTYPE BASE64` for it"
            ),
        );
    }
    let ns_ok = |e: &AllowedSigner| {
        e.namespaces.as_deref().is_none_or(|l| matches_pattern_list(sig.namespace(), l))
    };
    let time_ok = |e: &AllowedSigner| {
        e.valid_after.as_ref().is_none_or(|(a, _)| now >= *a)
            && e.valid_before.as_ref().is_none_or(|(b, _)| now < *b)
    };
    let Some(e) = lines.iter().find(|e| ns_ok(e) && time_ok(e)) else {
        if let Some(e) = lines.iter().find(|e| ns_ok(e)) {
            let window = match (&e.valid_after, &e.valid_before) {
                (Some((_, a)), Some((_, b))) => format!("from {a} until {b}"),
                (Some((_, a)), None) => format!("from {a}"),
                (None, Some((_, b))) => format!("until {b}"),
                (None, None) => String::new(),
            };
            return report.fail(
                Status::Invalid,
                "outside_validity",
                format!(
                    "good signature, but {file} line {} allows {} {window}, and an SSH signature carries no time: it is judged now, as ssh-keygen does",
                    e.line, e.principals
                ),
            );
        }
        let allowed_ns: Vec<String> = lines
            .iter()
            .map(|e| format!("line {}: {}", e.line, e.namespaces.as_deref().unwrap_or("*")))
            .collect();
        return report.fail(
            Status::Invalid,
            "wrong_namespace",
            format!(
                "good signature, but {file} allows this key only for other namespaces than {:?} ({})",
                sig.namespace(),
                allowed_ns.join("; ")
            ),
        );
    };
    let short = &kid[..kid.len().min(12)];
    if let Some(s) = report.signer.as_mut() {
        s.name = Some(e.principals.clone());
        s.identity = Some(e.principals.clone());
        s.trusted_by = Some("command_line");
        s.public_key_path = Some(allowed.path.display().to_string());
    }
    if let Some(r) = cx.policy.lifecycle.and_then(|l| l.revoked(kid)) {
        let why = r.reason.as_deref().map_or(String::new(), |s| format!(" ({s})"));
        return report.fail(
            Status::Invalid,
            "revoked",
            format!(
                "signed by {} (kid {short}), whose key is revoked{why}; an SSH signature carries no trusted timestamp that could show it was signed before",
                e.principals
            ),
        );
    }
    report.status = Status::Valid;
    report.reason = None;
    report.message =
        format!("signed by {} (kid {short}, {file} line {}){what}", e.principals, e.line);
    report
}

/// Makes an SSH signature of a file's bytes read by `read`, with `key` (a proofctl key, or a
/// token's): the armoured text `ssh-keygen -Y verify` reads. SHA-512, as ssh-keygen signs.
pub fn sign(
    key: &dyn crate::keys::KeySigner,
    namespace: &str,
    sha512: &[u8],
) -> Result<String, crate::keys::KeyError> {
    let vk = key.verifying_key();
    let data = signed_data(namespace, &[], HashAlg::Sha512, sha512);
    let sig = key.try_sign(&data)?;
    let public = KeyData::Ed25519(ssh_key::public::Ed25519PublicKey(vk.to_bytes()));
    let sig = ssh_key::Signature::new(ssh_key::Algorithm::Ed25519, sig.to_bytes().to_vec())
        .and_then(|s| SshSig::new(public, namespace, HashAlg::Sha512, s))
        .and_then(|s| s.to_pem(ssh_key::LineEnding::LF))
        .expect("an Ed25519 SSH signature with a non-empty namespace always encodes");
    Ok(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_patterns_are_openssh_s() {
        assert!(matches_pattern_list("file", "file"));
        assert!(matches_pattern_list("file", "git,file"));
        assert!(matches_pattern_list("file", "f*"));
        assert!(matches_pattern_list("file", "fi?e"));
        assert!(!matches_pattern_list("file", "git"));
        assert!(!matches_pattern_list("file", "*,!file"));
        assert!(!matches_pattern_list("files", "file"));
    }

    #[test]
    fn allowed_signers_lines_parse() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("allowed");
        let key =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ";
        std::fs::write(
            &p,
            format!(
                "# comment\n\nalice@example.com {key} alice\n\"bob smith\",*@corp namespaces=\"file,git\",valid-after=\"20200101Z\" {key}\ncarol cert-authority {key}\n"
            ),
        )
        .unwrap();
        let a = read_allowed_signers(&p).unwrap();
        assert_eq!(a.entries.len(), 2);
        assert_eq!(a.entries[0].principals, "alice@example.com");
        assert_eq!(a.entries[1].principals, "\"bob smith\",*@corp");
        assert_eq!(a.entries[1].namespaces.as_deref(), Some("file,git"));
        assert_eq!(a.entries[1].valid_after.as_ref().unwrap().1, "2020-01-01T00:00:00Z");
        assert_eq!(a.cert_authority_lines, [5]);
        std::fs::write(&p, format!("x valid-before=\"20200101\" {key}\n")).unwrap();
        let err = read_allowed_signers(&p).unwrap_err();
        assert!(err.contains("line 1") && err.contains("no trailing Z"), "{err}");
        std::fs::write(&p, format!("x bogus {key}\n")).unwrap();
        assert!(read_allowed_signers(&p).unwrap_err().contains("unknown option"));
        std::fs::write(&p, "x\n").unwrap();
        assert!(read_allowed_signers(&p).unwrap_err().contains("no key"));
    }
}
