//! `proofctl key revoke|rotate`, `trust add-revocations|add-rotation`, and the key lifecycle
//! `verify` applies (lists and statements from the home and the command line).

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::{KeyRevokeArgs, KeyRotateArgs};
use crate::commands::passphrase;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::fsutil::{self, Mode, WriteError};
use crate::home::Home;
use crate::keys::{KeyStore, kid};
use crate::lifecycle::rotation::MAX_STATEMENT_BYTES;
use crate::lifecycle::{FoundList, Lifecycle, Root, RotationStatement};
use crate::output::Output;
use crate::revocation::{KeyRevocation, RevocationStore, verify_list};
use crate::term::{safe, safe_path};
use crate::trust::{Source, TrustSet};

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn rfc3339(unix: u64) -> String {
    crate::license::rfc3339(unix)
}

/// Whether `s` has the shape of a kid (43 base64url characters).
fn is_kid(s: &str) -> bool {
    s.len() == 43 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `--since`: an RFC 3339 time, as unix seconds.
fn parse_since(s: &str) -> Result<u64, Error> {
    humantime::parse_rfc3339_weak(s)
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
        .ok_or_else(|| {
            Error::Usage(format!("--since {s:?}: use an RFC 3339 time like 2026-12-01T09:00:00Z"))
        })
}

/// The kid `key revoke` means, and the key name in the home when it is one of ours.
fn target_kid(home: &Home, target: &str) -> Result<(String, Option<String>), Error> {
    let keys = KeyStore::new(home).list()?;
    if let Some(k) = keys.iter().find(|k| k.name == target || k.kid == target) {
        return Ok((k.kid.clone(), Some(k.name.clone())));
    }
    let trust = TrustSet::from_home(home)?;
    if let Some((id, _)) = trust.iter().find(|(id, t)| t.name == target || id.as_str() == target) {
        return Ok((id.clone(), None));
    }
    if is_kid(target) {
        return Ok((target.to_string(), None));
    }
    Err(Error::Usage(format!(
        "{:?} is neither one of your keys (`key list`), a trusted key (`trust list`), nor a kid (43 base64url characters)",
        safe(target)
    )))
}

pub fn revoke(args: KeyRevokeArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let since = args.since.as_deref().map(parse_since).transpose()?;
    if let Some(r) = &args.reason
        && (r.len() > crate::revocation::MAX_REASON_BYTES || r.chars().any(char::is_control))
    {
        return Err(Error::Usage(format!(
            "--reason: at most {} bytes of text on one line",
            crate::revocation::MAX_REASON_BYTES
        )));
    }
    let (target, own_name) = target_kid(home, &args.target)?;
    let signer_arg = match (&args.key, &own_name) {
        (Some(k), _) => k.clone(),
        (None, Some(name)) => name.clone(),
        (None, None) => {
            return Err(Error::Usage(format!(
                "kid {target} is not one of your keys, so it cannot sign its own revocation; sign with the key that took over from it or another of yours: --key NAME"
            )));
        }
    };
    // Refuse before anything changes: a failed -o must not leave a new list behind.
    if let Some(p) = &args.out
        && !args.force
        && p.symlink_metadata().is_ok()
    {
        return Err(WriteError::Exists(p.clone()).into());
    }
    let locked = KeyStore::new(home).resolve(Some(&signer_arg))?;
    let label = locked.label.clone();
    let key = passphrase::signer(&args.passphrase, &locked)?;
    let signer = kid(&key.verifying_key());
    let entry = KeyRevocation { kid: target.clone(), since, reason: args.reason.clone() };
    let (token, list) = RevocationStore::new(home)
        .revoke_with(key.as_ref(), &label, &[], &[entry], now())
        .map_err(Error::from_revocation)?;
    let path = home.revocations_dir().join("issued").join(format!("{signer}.jwt"));
    if let Some(p) = &args.out {
        fsutil::write_atomic(p, format!("{token}\n").as_bytes(), Mode::Public, args.force)?;
    }
    // Everyone honours a key's own list and its successor's; two keys of one home only that home.
    let anyone = signer == target || rotated_from(home, &target, &signer);
    let stored_since = list.since(&target);
    if out.json {
        out.json(&json!({
            "kid": target,
            "signed_by": signer,
            "since": stored_since.map(rfc3339),
            "reason": list.reason(&target),
            "seq": list.seq,
            "path": path,
            "out": args.out,
            "token": token,
        }))?;
    } else if !out.quiet {
        let when =
            stored_since.map_or("for all time".to_string(), |t| format!("since {}", rfc3339(t)));
        let written = args.out.as_ref().map_or(String::new(), |p| format!(" and {}", safe_path(p)));
        out.line(&format!(
            "Revoked kid {target} {when} in list {} of kid {signer}, written to {}{written}",
            list.seq,
            safe_path(&path)
        ))?;
        out.note("publish it with `proofctl sync`, or send the file: verifiers apply it with `proofctl verify --revocations FILE` or keep it with `proofctl trust add-revocations FILE`");
    }
    if !anyone {
        let only = if own_name.is_some() {
            "only this home (where both are your own keys) honours it"
        } else {
            "verifiers will ignore this revocation unless both are their own keys"
        };
        out.warn(&format!(
            "kid {signer} is neither kid {target} nor a key it rotated to (no statement in {}); {only}; revoke a key with itself or with a key it rotated to",
            safe_path(&home.rotations_dir())
        ));
    }
    Ok(ExitStatus::Success)
}

/// Whether a statement in the home hands `older` over (through any chain) to `newer`.
fn rotated_from(home: &Home, older: &str, newer: &str) -> bool {
    let Ok(stmts) = home_statements(home) else { return false };
    let mut frontier = vec![older.to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(k) = frontier.pop() {
        for s in stmts.iter().filter(|s| s.from == k) {
            if s.to == newer {
                return true;
            }
            if seen.insert(s.to.clone()) {
                frontier.push(s.to.clone());
            }
        }
    }
    false
}

pub fn rotate(args: KeyRotateArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let store = KeyStore::new(home);
    let (old_entry, new_entry) = (store.get(&args.old)?, store.get(&args.to)?);
    if old_entry.kid == new_entry.kid {
        return Err(Error::Usage(format!(
            "{:?} and {:?} are the same key (kid {}); rotate to another key",
            safe(&args.old),
            safe(&args.to),
            old_entry.kid
        )));
    }
    let dir = home.rotations_dir();
    let dest = dir.join(format!("{}.{}.json", old_entry.kid, new_entry.kid));
    for p in [Some(&dest), args.out.as_ref()].into_iter().flatten() {
        if !args.force && p.symlink_metadata().is_ok() {
            return Err(WriteError::Exists(p.clone()).into());
        }
    }
    let old = passphrase::signer(&args.passphrase, &store.locked(&old_entry.name)?)?;
    let new = passphrase::signer(&args.passphrase, &store.locked(&new_entry.name)?)?;
    let statement = RotationStatement::sign(old.as_ref(), new.as_ref(), now())?;
    let text = statement.to_json_pretty();
    home.ensure_dir(&dir)?;
    fsutil::write_atomic(&dest, text.as_bytes(), Mode::Public, args.force)?;
    if let Some(p) = &args.out {
        fsutil::write_atomic(p, text.as_bytes(), Mode::Public, args.force)?;
    }
    if out.json {
        out.json(&json!({
            "from": statement.from,
            "to": statement.to,
            "time": rfc3339(statement.time),
            "path": dest,
            "out": args.out,
        }))?;
    } else if !out.quiet {
        out.line(&format!(
            "Rotated {:?} (kid {}) to {:?} (kid {}) at {}; statement in {}",
            safe(&old_entry.name),
            statement.from,
            safe(&new_entry.name),
            statement.to,
            rfc3339(statement.time),
            safe_path(&dest)
        ))?;
        out.note("whoever trusts the old key trusts the new one for proofs from now on once they have the statement: publish it with `proofctl sync`, or send the file (verify --rotation FILE, or trust add-rotation FILE)");
    }
    Ok(ExitStatus::Success)
}

fn read_statement(path: &Path) -> Result<RotationStatement, Error> {
    let bytes = fsutil::read_bounded(path, MAX_STATEMENT_BYTES)
        .map_err(|e| Error::Input { path: path.into(), message: fsutil::describe_io(&e) })?;
    RotationStatement::parse(&bytes).map_err(|e| Error::Input {
        path: path.into(),
        message: format!("not a usable rotation statement: {e}"),
    })
}

/// The statements kept in the home, each verified.
fn home_statements(home: &Home) -> Result<Vec<RotationStatement>, Error> {
    let dir = home.rotations_dir();
    let rd = match std::fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::Input { path: dir, message: fsutil::describe_io(&e) }),
    };
    let mut paths: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|p| read_statement(p)).collect()
}

pub fn add_rotation(
    file: &Path,
    force: bool,
    home: &Home,
    out: &Output,
) -> Result<ExitStatus, Error> {
    let statement = read_statement(file)?;
    let dir = home.rotations_dir();
    let dest = dir.join(statement.file_name());
    let same = fsutil::read_bounded(&dest, MAX_STATEMENT_BYTES)
        .ok()
        .and_then(|b| RotationStatement::parse(&b).ok())
        .is_some_and(|s| s == statement);
    if !same {
        home.ensure_dir(&dir)?;
        fsutil::write_atomic(&dest, statement.to_json_pretty().as_bytes(), Mode::Public, force)?;
    }
    if out.json {
        out.json(&json!({
            "from": statement.from,
            "to": statement.to,
            "time": rfc3339(statement.time),
            "path": dest,
            "added": !same,
        }))?;
    } else if !out.quiet {
        let verb = if same { "Already kept" } else { "Kept" };
        out.line(&format!(
            "{verb}: kid {} hands over to kid {} at {} ({})",
            statement.from,
            statement.to,
            rfc3339(statement.time),
            safe_path(&dest)
        ))?;
    }
    Ok(ExitStatus::Success)
}

/// The keys a list may be signed by when it is taken into the home: the trusted ones and those
/// the home's rotation statements name (verify decides which of their revocations count).
fn list_signers(home: &Home, trust: &TrustSet) -> Result<Vec<ed25519_dalek::VerifyingKey>, Error> {
    let mut keys = trust.keys();
    for s in home_statements(home)? {
        for b64 in [&s.from_public_key, &s.to_public_key] {
            use base64::Engine;
            let raw = base64::engine::general_purpose::STANDARD.decode(b64).ok();
            if let Some(k) = raw
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok())
                && !keys.contains(&k)
            {
                keys.push(k);
            }
        }
    }
    Ok(keys)
}

pub fn add_revocations(file: &Path, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let token = fsutil::read_bounded(file, 1 << 20)
        .map_err(|e| Error::Input { path: file.into(), message: fsutil::describe_io(&e) })?;
    let token = String::from_utf8_lossy(&token).trim().to_string();
    let trust = TrustSet::from_home(home)?;
    let signers = list_signers(home, &trust)?;
    let (signer, _) = verify_list(&token, &signers).map_err(|e| match e {
        crate::license::LicenseError::UnknownKid(k) => Error::Input {
            path: file.into(),
            message: format!(
                "signed by kid {k}, which you do not trust (nor a key rotated from one you do); a revocation list never adds trust, so it is not kept"
            ),
        },
        other => Error::Input {
            path: file.into(),
            message: format!("not a usable revocation list: {other}"),
        },
    })?;
    let list = RevocationStore::new(home)
        .accept(&token, file, &signers)
        .map_err(|e| Error::Usage(e.to_string()))?;
    if out.json {
        let keys: Vec<_> = list
            .revoked_kids
            .iter()
            .map(|k| json!({ "kid": k, "since": list.since(k).map(rfc3339), "reason": list.reason(k) }))
            .collect();
        out.json(&json!({
            "signed_by": signer,
            "seq": list.seq,
            "keys": keys,
            "path": home.revocations_dir().join(format!("{signer}.jwt")),
        }))?;
    } else if !out.quiet {
        out.line(&format!(
            "Kept revocation list {} of kid {signer} ({} revoked) in {}",
            list.seq,
            crate::output::plural(list.revoked_kids.len() as u64, "key", "keys"),
            safe_path(&home.revocations_dir())
        ))?;
    }
    Ok(ExitStatus::Success)
}

/// The key lifecycle one `verify` applies: `trust`'s keys as roots, the home's lists and
/// statements, and those given with `--revocations` and `--rotation`.
pub fn for_verify(
    home: &Home,
    trust: &TrustSet,
    list_files: &[PathBuf],
    rotation_files: &[PathBuf],
) -> Result<Lifecycle, Error> {
    let roots: Vec<Root> =
        trust.iter().map(|(_, t)| Root { key: t.key, own: t.source == Source::OwnKey }).collect();
    let mut lists: Vec<FoundList> = RevocationStore::new(home)
        .tokens()
        .map_err(|e| Error::Usage(e.to_string()))?
        .into_iter()
        .map(|(path, token)| FoundList {
            label: path.display().to_string(),
            token,
            explicit: false,
        })
        .collect();
    for f in list_files {
        let token = fsutil::read_bounded(f, 1 << 20)
            .map_err(|e| Error::Input { path: f.clone(), message: fsutil::describe_io(&e) })?;
        lists.push(FoundList {
            label: f.display().to_string(),
            token: String::from_utf8_lossy(&token).trim().to_string(),
            explicit: true,
        });
    }
    let mut statements = home_statements(home)?;
    for f in rotation_files {
        statements.push(read_statement(f)?);
    }
    Ok(Lifecycle::build(&roots, &lists, &statements))
}
