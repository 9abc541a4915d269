//! Signed revocation lists: a JWT of its own `typ` with a monotonic sequence number, and a store
//! that keeps the newest list seen per signing key and never lets protection shrink.
//!
//! Rules, each guarding against a key holder undoing revocations:
//! - a list from key K revokes licence ids only among licences K signed;
//! - revoked key ids apply to every key the verifier trusts (the verifier's key set is the vendor);
//! - a list from K must keep everything K's stored list revoked, with a higher `seq`;
//! - once K is revoked, lists signed by K are refused (a leaked key cannot pin `seq` at u64::MAX
//!   or publish an empty list); vendors revoke a key with another of their keys, or K itself once.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::{LicenseError, decode_verified, sign_jwt};
use crate::fsutil::{self, Mode, WriteError, describe_io};
use crate::home::{Home, HomeError};
use crate::keys::kid;

/// The JWT `typ` of a revocation list.
pub const REVOCATIONS_TYP: &str = "proofctl-revocations+jwt";
pub const LIST_VERSION: u32 = 1;

/// The claims of a revocation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationList {
    pub iss: String,
    pub iat: u64,
    /// Grows by one with every list a key signs; a verifier never accepts a smaller one again.
    pub seq: u64,
    pub list_version: u32,
    /// Licence ids (`jti`), among licences signed by this list's key, no longer honoured.
    pub revoked_jtis: Vec<String>,
    /// Key ids whose licences are no longer honoured (a leaked or retired vendor key).
    pub revoked_kids: Vec<String>,
}

impl RevocationList {
    /// Whether this list keeps every revocation `older` made.
    fn includes(&self, older: &RevocationList) -> bool {
        older.revoked_jtis.iter().all(|j| self.revoked_jtis.contains(j))
            && older.revoked_kids.iter().all(|k| self.revoked_kids.contains(k))
    }
}

/// What a licence check consults: every trusted list, each licence id scoped to its signer.
#[derive(Debug, Clone, Default)]
pub struct Revocations {
    jtis: HashMap<String, HashSet<String>>,
    kids: HashSet<String>,
}

impl Revocations {
    /// Adds a list signed by `signer`.
    pub fn add(&mut self, signer: &str, list: &RevocationList) {
        self.jtis.entry(signer.to_string()).or_default().extend(list.revoked_jtis.iter().cloned());
        self.kids.extend(list.revoked_kids.iter().cloned());
    }

    /// Whether the licence `jti` signed by `signer` is revoked.
    pub fn is_revoked(&self, signer: &str, jti: &str) -> bool {
        self.jtis.get(signer).is_some_and(|s| s.contains(jti))
    }

    pub fn is_key_revoked(&self, kid: &str) -> bool {
        self.kids.contains(kid)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RevocationError {
    #[error("{}: not a usable revocation list: {source}; get the vendor's current list", path.display())]
    Invalid { path: PathBuf, source: LicenseError },
    #[error(
        "{}: revocation list {got} is older than list {seen} already seen for kid {kid}; refusing to roll back (get the vendor's current list)",
        path.display()
    )]
    RolledBack { path: PathBuf, kid: String, seen: u64, got: u64 },
    #[error(
        "{}: revocation list {seq} differs from the list {seq} already seen for kid {kid}; the vendor must issue a newer one",
        path.display()
    )]
    Conflict { path: PathBuf, kid: String, seq: u64 },
    #[error(
        "{}: revocation list {got} drops revocations that list {seen} for kid {kid} made; refusing it (lists only grow)",
        path.display()
    )]
    Shrinks { path: PathBuf, kid: String, seen: u64, got: u64 },
    #[error("{}: signed by kid {kid}, which is revoked; a revoked key's lists are not accepted", path.display())]
    RevokedSigner { path: PathBuf, kid: String },
    #[error("{}: the list is signed by kid {signer}, not the kid {named} its file is named after; delete the file", path.display())]
    Misplaced { path: PathBuf, signer: String, named: String },
    #[error("{}: the list's sequence number cannot grow further; revoke with another of your keys", path.display())]
    Exhausted { path: PathBuf },
    #[error("{}: {}", path.display(), describe_io(source))]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Home(#[from] HomeError),
}

/// Verifies a revocation list's header, key and signature. Returns the signer's kid and the list.
pub fn verify_list(
    token: &str,
    trusted: &[VerifyingKey],
) -> Result<(String, RevocationList), LicenseError> {
    let (key_id, list): (String, RevocationList) =
        decode_verified(token.trim(), REVOCATIONS_TYP, trusted)?;
    if list.list_version != LIST_VERSION {
        return Err(LicenseError::Malformed(format!(
            "list_version {} is not {LIST_VERSION}",
            list.list_version
        )));
    }
    Ok((key_id, list))
}

/// Revocation lists in a home. `revocations/KID.jwt` holds the newest list seen per signing key
/// (its `seq` is the high-water mark); `revocations/issued/KID.jwt` holds the lists this home's
/// own keys signed, kept apart so that checking someone's list never changes what we issue.
pub struct RevocationStore {
    home: Home,
    seen: PathBuf,
    issued: PathBuf,
}

const LIST_LIMIT: u64 = 1 << 20;

impl RevocationStore {
    pub fn new(home: &Home) -> RevocationStore {
        let seen = home.revocations_dir();
        RevocationStore { home: home.clone(), issued: seen.join("issued"), seen }
    }

    fn load_from(
        dir: &Path,
        key_id: &str,
        trusted: &[VerifyingKey],
    ) -> Result<Option<(String, RevocationList)>, RevocationError> {
        let path = dir.join(format!("{key_id}.jwt"));
        let text = match fsutil::read_bounded(&path, LIST_LIMIT) {
            Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(RevocationError::Io { path, source }),
        };
        let (signer, list) = verify_list(&text, trusted)
            .map_err(|source| RevocationError::Invalid { path: path.clone(), source })?;
        if signer != key_id {
            return Err(RevocationError::Misplaced { path, signer, named: key_id.into() });
        }
        Ok(Some((text, list)))
    }

    /// Every stored list signed by a trusted key, merged. Lists by keys not trusted are skipped:
    /// they could only revoke licences this verifier would not accept anyway.
    pub fn all(&self, trusted: &[VerifyingKey]) -> Result<Revocations, RevocationError> {
        let mut out = Revocations::default();
        for key in trusted {
            let id = kid(key);
            if let Some((_, list)) = Self::load_from(&self.seen, &id, trusted)? {
                out.add(&id, &list);
            }
        }
        Ok(out)
    }

    /// Takes a list (from `path`, for messages): verifies it and stores it if it is newer than the
    /// stored list for its key and keeps all that list revoked. Returns the list now in force.
    pub fn accept(
        &self,
        token: &str,
        path: &Path,
        trusted: &[VerifyingKey],
    ) -> Result<RevocationList, RevocationError> {
        let (key_id, list) = verify_list(token, trusted)
            .map_err(|source| RevocationError::Invalid { path: path.into(), source })?;
        if self.all(trusted)?.is_key_revoked(&key_id) {
            return Err(RevocationError::RevokedSigner { path: path.into(), kid: key_id });
        }
        if let Some((stored_text, stored)) = Self::load_from(&self.seen, &key_id, trusted)? {
            if list.seq < stored.seq {
                return Err(RevocationError::RolledBack {
                    path: path.into(),
                    kid: key_id,
                    seen: stored.seq,
                    got: list.seq,
                });
            }
            if list.seq == stored.seq {
                if stored_text != token.trim() {
                    return Err(RevocationError::Conflict {
                        path: path.into(),
                        kid: key_id,
                        seq: list.seq,
                    });
                }
                return Ok(list);
            }
            if !list.includes(&stored) {
                return Err(RevocationError::Shrinks {
                    path: path.into(),
                    kid: key_id,
                    seen: stored.seq,
                    got: list.seq,
                });
            }
        }
        self.home.ensure_dir(&self.seen)?;
        let dest = self.seen.join(format!("{key_id}.jwt"));
        fsutil::write_atomic(&dest, format!("{}\n", token.trim()).as_bytes(), Mode::Public, true)?;
        Ok(list)
    }

    /// The vendor's side: adds licence ids and key ids to `key`'s issued list, bumps `seq`, signs
    /// and stores it. Returns the new list's token.
    pub fn revoke(
        &self,
        key: &SigningKey,
        issuer: &str,
        jtis: &[String],
        kids: &[String],
        now: u64,
    ) -> Result<(String, RevocationList), RevocationError> {
        let me = [key.verifying_key()];
        let id = kid(&me[0]);
        let path = self.issued.join(format!("{id}.jwt"));
        let mut list = match Self::load_from(&self.issued, &id, &me)? {
            Some((_, list)) => list,
            None => RevocationList {
                iss: issuer.to_string(),
                iat: now,
                seq: 0,
                list_version: LIST_VERSION,
                revoked_jtis: Vec::new(),
                revoked_kids: Vec::new(),
            },
        };
        for j in jtis {
            if !list.revoked_jtis.contains(j) {
                list.revoked_jtis.push(j.clone());
            }
        }
        for k in kids {
            if !list.revoked_kids.contains(k) {
                list.revoked_kids.push(k.clone());
            }
        }
        list.seq =
            list.seq.checked_add(1).ok_or(RevocationError::Exhausted { path: path.clone() })?;
        list.iat = now;
        list.iss = issuer.to_string();
        let token = sign_jwt(REVOCATIONS_TYP, &list, key);
        self.home.ensure_dir(&self.issued)?;
        fsutil::write_atomic(&path, format!("{token}\n").as_bytes(), Mode::Public, true)?;
        Ok((token, list))
    }
}
