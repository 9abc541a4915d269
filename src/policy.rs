//! Signer policy (docs/trust-policy.md): the restrictions a trust entry places on the proofs it
//! vouches for (a validity window, required metadata), stored in a `NAME.toml` sidecar beside
//! `NAME.pub`; and the CI policy of `verify --require N` (distinct trusted signers per file,
//! required metadata), given by flags or a `--policy FILE`.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::fsutil::{self, Mode, describe_io};
use crate::proof::Proof;
use crate::proof::anchors::TimeReport;
use crate::proof::verify::{Report, Status};

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("{}: {}", path.display(), describe_io(source))]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: {why}; {fix}", path.display())]
    Bad { path: PathBuf, why: String, fix: &'static str },
}

const SIDECAR_FIX: &str = "see docs/trust-policy.md for the trust entry fields";
const POLICY_FIX: &str = "see docs/trust-policy.md for the policy file";

/// What a trust entry restricts: the `NAME.toml` sidecar, and `trust add --valid-after
/// --valid-before --require-meta`. Times are kept as written by [`normalize_time`]: RFC 3339 UTC,
/// whole seconds. An empty value restricts nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restrictions {
    /// The key counts for proofs made at or after this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_after: Option<String>,
    /// The key counts for proofs made strictly before this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_before: Option<String>,
    /// Signed metadata every proof by the key must carry, exactly.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub require_meta: BTreeMap<String, String>,
}

impl Restrictions {
    pub fn is_empty(&self) -> bool {
        self.valid_after.is_none() && self.valid_before.is_none() && self.require_meta.is_empty()
    }

    /// Checks and normalises every field; `Err` says what is wrong, for the caller to place.
    pub fn checked(mut self) -> Result<Restrictions, String> {
        let after = self.valid_after.as_deref().map(normalize_time).transpose()?;
        let before = self.valid_before.as_deref().map(normalize_time).transpose()?;
        if let (Some((a, a_at)), Some((b, b_at))) = (&after, &before)
            && a_at >= b_at
        {
            return Err(format!(
                "valid_after {a} is not before valid_before {b}: the window is empty"
            ));
        }
        self.valid_after = after.map(|(s, _)| s);
        self.valid_before = before.map(|(s, _)| s);
        for k in self.require_meta.keys() {
            crate::proof::check_metadata_key(k)?;
        }
        Ok(self)
    }

    /// The window for people: "from A until B", "from A", "until B".
    pub fn window(&self) -> Option<String> {
        match (&self.valid_after, &self.valid_before) {
            (None, None) => None,
            (Some(a), None) => Some(format!("from {a}")),
            (None, Some(b)) => Some(format!("until {b}")),
            (Some(a), Some(b)) => Some(format!("from {a} until {b}")),
        }
    }

    /// `K=V, K2=V2`, for messages and `trust list`.
    pub fn meta_list(&self) -> String {
        self.require_meta.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
    }
}

/// Parses a time of a window: RFC 3339 (`2026-01-31T12:00:00Z`, or with an offset such as
/// `+02:00`), or a date alone (`2026-01-31`), which means 00:00:00 UTC that day, as ssh's
/// `allowed_signers` dates mean the start of the day. Returns it as RFC 3339 UTC and as a time.
pub fn normalize_time(s: &str) -> Result<(String, SystemTime), String> {
    let bad = || {
        format!(
            "{s:?} is not a time; give RFC 3339 (2026-01-31T12:00:00Z, or an offset like +02:00) or a date (2026-01-31, meaning 00:00 UTC)"
        )
    };
    let b = s.as_bytes();
    let (base, offset_secs): (String, i64) = if b.len() == 10 {
        (format!("{s}T00:00:00Z"), 0)
    } else if s.ends_with(['Z', 'z']) {
        (format!("{}Z", &s[..s.len() - 1]), 0)
    } else if b.len() > 6 && matches!(b[b.len() - 6], b'+' | b'-') && b[b.len() - 3] == b':' {
        let (head, off) = s.split_at(s.len() - 6);
        let hh: i64 = off[1..3].parse().map_err(|_| bad())?;
        let mm: i64 = off[4..6].parse().map_err(|_| bad())?;
        if hh > 23 || mm > 59 {
            return Err(bad());
        }
        let sign = if off.starts_with('-') { -1 } else { 1 };
        (format!("{head}Z"), sign * (hh * 3600 + mm * 60))
    } else {
        return Err(bad());
    };
    if base.contains('.') {
        return Err(format!("{s:?}: give whole seconds (no fraction)"));
    }
    let local = humantime::parse_rfc3339(&base.replacen(['t', ' '], "T", 1)).map_err(|_| bad())?;
    // 12:00+02:00 is 10:00Z.
    let utc = if offset_secs >= 0 {
        local.checked_sub(Duration::from_secs(offset_secs as u64))
    } else {
        local.checked_add(Duration::from_secs(offset_secs.unsigned_abs()))
    }
    .ok_or_else(bad)?;
    Ok((humantime::format_rfc3339_seconds(utc).to_string(), utc))
}

/// The sidecar of a public key file: `NAME.toml` beside `NAME.pub`.
pub fn sidecar_path(pub_path: &Path) -> PathBuf {
    pub_path.with_extension("toml")
}

/// The restrictions of the key in `pub_path`: its sidecar, or none when there is no sidecar.
pub fn read_sidecar(pub_path: &Path) -> Result<Restrictions, PolicyError> {
    let path = sidecar_path(pub_path);
    let bytes = match fsutil::read_bounded(&path, fsutil::SMALL_FILE_LIMIT) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Restrictions::default()),
        Err(source) => return Err(PolicyError::Io { path, source }),
    };
    let bad = |why: String| PolicyError::Bad { path: path.clone(), why, fix: SIDECAR_FIX };
    let text = String::from_utf8(bytes).map_err(|_| bad("not UTF-8 text".into()))?;
    Restrictions::from_toml(&text).map_err(bad)
}

impl Restrictions {
    /// Parses and checks the text of a sidecar. Unknown fields are refused: a restriction this
    /// version cannot read must not be dropped silently, which would trust the key more.
    pub fn from_toml(text: &str) -> Result<Restrictions, String> {
        let r: Restrictions = toml::from_str(text).map_err(|e| toml_why(&e))?;
        r.checked()
    }
}

/// Writes (or, for no restrictions, removes) the sidecar of `pub_path`.
pub fn write_sidecar(pub_path: &Path, r: &Restrictions) -> Result<(), crate::fsutil::WriteError> {
    let path = sidecar_path(pub_path);
    if r.is_empty() {
        return match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(crate::fsutil::WriteError::Io { path, source: e })
            }
            _ => Ok(()),
        };
    }
    let body = toml::to_string(r).expect("restrictions serialise");
    let text = format!(
        "# Restrictions on the trusted key in {}: docs/trust-policy.md\n{body}",
        pub_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    );
    fsutil::write_atomic(&path, text.as_bytes(), Mode::Public, true)
}

fn toml_why(e: &toml::de::Error) -> String {
    // toml's own message spans lines (a source excerpt); the first line and the span suffice.
    let mut msg = e.message().trim().to_string();
    // An unquoted TOML datetime reaches serde as a map.
    if msg.contains("expected a string") {
        msg.push_str("; quote times and values, e.g. valid_after = \"2026-01-01\"");
    }
    match e.span() {
        Some(span) => format!("{msg} (at byte {})", span.start),
        None => msg,
    }
}

/// Why a trusted key does not vouch for one proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `outside_validity` or `metadata_not_allowed`: part of the `--json` contract.
    pub reason: &'static str,
    pub message: String,
}

/// Judges one proof by a trusted key named `name` against the key's restrictions. The window is
/// checked against the proven time (the earliest valid trusted timestamp) when the proof has
/// one, else against the signer's claimed `created`; the message says which. `Ok` carries what
/// to add to the verdict's message (empty without a window).
pub fn judge(
    name: &str,
    r: &Restrictions,
    proof: &Proof,
    time: &TimeReport,
) -> Result<String, Refusal> {
    let mut note = String::new();
    if let Some(window) = r.window() {
        let (at, text, which) = match time.proven_by().and_then(|a| Some((a.gen_time_at?, a))) {
            Some((at, a)) => (Some(at), a.gen_time.clone().unwrap_or_default(), "timestamped"),
            None => (
                humantime::parse_rfc3339(&proof.created).ok(),
                proof.created.clone(),
                "claimed time",
            ),
        };
        let bound = |s: &Option<String>| s.as_deref().and_then(|s| normalize_time(s).ok());
        let inside = at.is_some_and(|t| {
            bound(&r.valid_after).is_none_or(|(_, a)| t >= a)
                && bound(&r.valid_before).is_none_or(|(_, b)| t < b)
        });
        if !inside {
            return Err(Refusal {
                reason: "outside_validity",
                message: format!(
                    "good signature, but {name} is trusted only for proofs made {window}, and this one was made at {text} ({which})"
                ),
            });
        }
        note = format!("; within {name}'s validity window ({which})");
    }
    let wrong: Vec<String> = r
        .require_meta
        .iter()
        .filter(|(k, v)| proof.metadata.get(*k) != Some(v))
        .map(|(k, v)| match proof.metadata.get(k) {
            Some(have) => format!("{k}={have:?}, not {v:?}"),
            None => format!("no {k}, not {k}={v:?}"),
        })
        .collect();
    if !wrong.is_empty() {
        return Err(Refusal {
            reason: "metadata_not_allowed",
            message: format!(
                "good signature, but {name} is trusted only for proofs with {}; this one has {}",
                r.meta_list(),
                wrong.join(", ")
            ),
        });
    }
    Ok(note)
}

// ---- the CI policy: `verify --require N` ----------------------------------------------------

/// What `verify --require`/`--policy` demands of each file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SignerPolicy {
    /// Distinct trusted signers (by kid) each file needs.
    pub require: usize,
    /// Signed metadata every counted proof must carry.
    pub require_meta: BTreeMap<String, String>,
}

/// A policy file (`verify --policy FILE`). Paths in it are relative to the file's folder.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    #[serde(default)]
    pub require: Option<usize>,
    #[serde(default)]
    pub require_meta: BTreeMap<String, String>,
    #[serde(default)]
    pub trust_dirs: Vec<PathBuf>,
    /// Trusted keys, each a path or a table with the key's restrictions inline.
    #[serde(default)]
    pub keys: Vec<PolicyKey>,
    #[serde(default)]
    pub strict_name: bool,
    #[serde(default)]
    pub require_timestamp: bool,
    #[serde(default)]
    pub tsa_trust: Vec<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PolicyKey {
    Path(PathBuf),
    Entry(PolicyKeyEntry),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyKeyEntry {
    pub path: PathBuf,
    #[serde(flatten)]
    pub restrictions: Restrictions,
}

impl PolicyFile {
    /// Reads and checks a policy file; relative paths become relative to its folder.
    pub fn read(path: &Path) -> Result<PolicyFile, PolicyError> {
        let bytes = fsutil::read_bounded(path, fsutil::SMALL_FILE_LIMIT)
            .map_err(|source| PolicyError::Io { path: path.into(), source })?;
        let bad = |why: String| PolicyError::Bad { path: path.into(), why, fix: POLICY_FIX };
        let text = String::from_utf8(bytes).map_err(|_| bad("not UTF-8 text".into()))?;
        let mut p: PolicyFile = toml::from_str(&text).map_err(|e| bad(toml_why(&e)))?;
        if p.require == Some(0) {
            return Err(bad("require = 0 would pass a file nobody signed; use 1 or more".into()));
        }
        for k in p.require_meta.keys() {
            crate::proof::check_metadata_key(k).map_err(bad)?;
        }
        if p.trust_dirs.is_empty() && p.keys.is_empty() {
            return Err(bad("it names no trusted keys: add trust_dirs or keys".into()));
        }
        let base = path.parent().unwrap_or(Path::new(""));
        let rel = |q: &mut PathBuf| *q = base.join(&*q);
        p.trust_dirs.iter_mut().for_each(rel);
        p.tsa_trust.iter_mut().for_each(rel);
        for k in &mut p.keys {
            match k {
                PolicyKey::Path(q) => rel(q),
                PolicyKey::Entry(e) => {
                    rel(&mut e.path);
                    e.restrictions = std::mem::take(&mut e.restrictions)
                        .checked()
                        .map_err(|why| bad(format!("key {}: {why}", e.path.display())))?;
                }
            }
        }
        Ok(p)
    }
}

/// The proofs of `file`: `FILE.proof` and every `FILE.*.proof` beside it (`sign --out
/// FILE.alice.proof`): FILE.proof first, then by name. `FILE.X.proof` is left out when `FILE.X` is itself a file: it is
/// that file's proof (`app` and `app.tar.gz` in one folder).
pub fn proofs_of(file: &Path) -> io::Result<Vec<PathBuf>> {
    let name = file.file_name().ok_or_else(|| io::Error::other("no file name"))?;
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = {
        let mut p = name.to_os_string();
        p.push(".");
        p.into_encoded_bytes()
    };
    let mut found = Vec::new();
    for entry in fs::read_dir(&dir)? {
        let entry = entry?;
        let n = entry.file_name();
        let bytes = n.as_encoded_bytes();
        let Some(rest) = bytes.strip_prefix(prefix.as_slice()) else { continue };
        let Some(middle) = rest.strip_suffix(b".proof") else {
            if rest == b"proof" {
                found.push(file.with_file_name(&n));
            }
            continue;
        };
        if middle.is_empty() {
            continue;
        }
        let stem = &bytes[..bytes.len() - b".proof".len()];
        let stem = os_from_bytes(stem);
        if file.with_file_name(&stem).is_file() {
            continue;
        }
        found.push(file.with_file_name(&n));
    }
    // FILE.proof first (the signer's own), then the others by name: a duplicate is then
    // reported on the extra copy.
    let primary = {
        let mut n = name.to_os_string();
        n.push(".proof");
        file.with_file_name(n)
    };
    found.sort_by_key(|p| (*p != primary, p.clone()));
    Ok(found)
}

#[cfg(unix)]
fn os_from_bytes(b: &[u8]) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(b).to_os_string()
}

#[cfg(not(unix))]
fn os_from_bytes(b: &[u8]) -> OsString {
    OsString::from(String::from_utf8_lossy(b).into_owned())
}

/// One proof of a file under the policy: its verdict and whether it counted.
#[derive(Debug, Serialize)]
pub struct Counted {
    pub proof: String,
    pub counted: bool,
    /// Null when counted; else the verdict's reason (`untrusted`, `outside_validity`, …),
    /// `duplicate_signer` or `metadata_required`.
    pub reason: Option<&'static str>,
    pub message: String,
    pub result: Report,
}

/// The verdict on one file: `pass`, `fail` or `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Pass,
    Fail,
    Error,
}

#[derive(Debug, Serialize)]
pub struct SignerCount {
    pub kid: String,
    pub name: Option<String>,
    pub proof: String,
}

#[derive(Debug, Serialize)]
pub struct FileVerdict {
    pub file: String,
    pub status: FileStatus,
    pub required: usize,
    /// Distinct trusted signers that counted.
    pub counted: usize,
    pub signers: Vec<SignerCount>,
    pub proofs: Vec<Counted>,
    /// Why the file failed or could not be checked; null when it passed.
    pub message: Option<String>,
}

impl FileVerdict {
    /// A file that could not be looked at (missing, unreadable folder).
    pub fn error(file: &Path, required: usize, message: String) -> FileVerdict {
        FileVerdict {
            file: file.display().to_string(),
            status: FileStatus::Error,
            required,
            counted: 0,
            signers: Vec::new(),
            proofs: Vec::new(),
            message: Some(message),
        }
    }
}

/// Counts the distinct trusted signers among the verdicts on the proofs of `file`. A proof
/// counts when it is `valid`, carries every required metadata entry, and its kid has not counted
/// already. A proof that could not be checked (status `error`) makes the file an error, even
/// when enough others count: the run must not pass over input it could not read.
pub fn count(file: &Path, reports: Vec<Report>, policy: &SignerPolicy) -> FileVerdict {
    let mut seen = BTreeSet::new();
    let mut signers = Vec::new();
    let mut proofs = Vec::new();
    let mut errors = 0;
    for r in reports {
        let (reason, message) = if r.status != Status::Valid {
            errors += usize::from(r.status == Status::Error);
            (r.reason, r.message.clone())
        } else if let Some(why) = meta_mismatch(&r, &policy.require_meta) {
            (Some("metadata_required"), why)
        } else {
            let signer = r.signer.as_ref().expect("valid reports name their signer");
            if seen.insert(signer.kid.clone()) {
                signers.push(SignerCount {
                    kid: signer.kid.clone(),
                    name: signer.name.clone(),
                    proof: r.proof.clone(),
                });
                (None, r.message.clone())
            } else {
                let who = signer.name.clone().unwrap_or_else(|| signer.kid.clone());
                (
                    Some("duplicate_signer"),
                    format!("{who} (kid {}) already counted for this file", &signer.kid[..12]),
                )
            }
        };
        proofs.push(Counted {
            proof: r.proof.clone(),
            counted: reason.is_none(),
            reason,
            message,
            result: r,
        });
    }
    let counted = signers.len();
    let (status, message) = if errors > 0 {
        (
            FileStatus::Error,
            Some(format!(
                "{} could not be checked",
                crate::output::plural(errors as u64, "proof", "proofs")
            )),
        )
    } else if proofs.is_empty() {
        (
            FileStatus::Fail,
            Some(format!("no proof: neither {0}.proof nor {0}.*.proof exists", file.display())),
        )
    } else if counted < policy.require {
        (
            FileStatus::Fail,
            Some(format!("{counted} of {} required trusted signers", policy.require)),
        )
    } else {
        (FileStatus::Pass, None)
    };
    FileVerdict {
        file: file.display().to_string(),
        status,
        required: policy.require,
        counted,
        signers,
        proofs,
        message,
    }
}

fn meta_mismatch(r: &Report, want: &BTreeMap<String, String>) -> Option<String> {
    let have = r.metadata.as_ref();
    let wrong: Vec<String> = want
        .iter()
        .filter(|(k, v)| have.and_then(|m| m.get(*k)) != Some(v))
        .map(|(k, v)| match have.and_then(|m| m.get(k)) {
            Some(h) => format!("{k}={h:?}, not {v:?}"),
            None => format!("no {k}, not {k}={v:?}"),
        })
        .collect();
    (!wrong.is_empty()).then(|| {
        format!(
            "valid, but the policy requires {}; this proof has {}",
            meta_list(want),
            wrong.join(", ")
        )
    })
}

fn meta_list(m: &BTreeMap<String, String>) -> String {
    m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_normalise() {
        let n = |s: &str| normalize_time(s).map(|(s, _)| s);
        assert_eq!(n("2026-01-31").unwrap(), "2026-01-31T00:00:00Z");
        assert_eq!(n("2026-01-31T12:00:00Z").unwrap(), "2026-01-31T12:00:00Z");
        assert_eq!(n("2026-01-31T12:00:00+02:00").unwrap(), "2026-01-31T10:00:00Z");
        assert_eq!(n("2026-01-31T23:30:00-01:00").unwrap(), "2026-02-01T00:30:00Z");
        assert_eq!(n("2026-01-31t12:00:00z").unwrap(), "2026-01-31T12:00:00Z");
        for bad in
            ["", "2026", "2026-13-01", "yesterday", "2026-01-31T12:00:00.5Z", "2026-01-31T12:00"]
        {
            assert!(n(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn empty_windows_are_refused() {
        let r = Restrictions {
            valid_after: Some("2027-01-01".into()),
            valid_before: Some("2026-01-01".into()),
            ..Default::default()
        };
        assert!(r.checked().unwrap_err().contains("window is empty"));
    }
}
