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

/// A verified list and the token it came as (two tokens of one `seq` must be the same token).
#[derive(Debug, Clone, Copy)]
pub struct SignedList<'a> {
    pub token: &'a str,
    pub list: &'a RevocationList,
}

/// What taking a list that [`may_replace`] allows changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Newer than the stored list (or the first of its key): store it.
    Newer,
    /// The very list already stored: nothing to do.
    Same,
}

/// Why a list may not replace the one stored for its key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Why {
    #[error("its signer is revoked; a revoked key's lists are not accepted")]
    RevokedSigner,
    #[error("list {got} is older than the stored list {seen}; lists are never rolled back")]
    RolledBack { seen: u64, got: u64 },
    #[error("another list {seq} is already stored; the signer must issue a newer one")]
    Conflict { seq: u64 },
    #[error("list {got} drops revocations the stored list {seen} made; lists only grow")]
    Shrinks { seen: u64, got: u64 },
}

/// The one rule for taking a revocation list, used by the licence store, `proofctl sync` on the
/// lists it pulls and `proofctl serve` on the lists pushed to it (see the module's rules).
/// `in_force` holds the lists of every key the taker counts (the verifier's trusted keys, the
/// server's members); `signer` signed `new`; `stored` is the list stored for `signer`, if any.
pub fn may_replace(
    in_force: &Revocations,
    signer: &str,
    stored: Option<SignedList<'_>>,
    new: SignedList<'_>,
) -> Result<Replace, Why> {
    // The very list already stored changes nothing, so it is never refused: a key that revoked
    // itself, or was revoked after its list was taken, does not make its own list an error on
    // every later sync.
    if let Some(old) = stored
        && old.list.seq == new.list.seq
        && old.token.trim() == new.token.trim()
    {
        return Ok(Replace::Same);
    }
    if in_force.is_key_revoked(signer) {
        return Err(Why::RevokedSigner);
    }
    let Some(old) = stored else { return Ok(Replace::Newer) };
    let (seen, got) = (old.list.seq, new.list.seq);
    if got < seen {
        return Err(Why::RolledBack { seen, got });
    }
    if got == seen {
        return if old.token.trim() == new.token.trim() {
            Ok(Replace::Same)
        } else {
            Err(Why::Conflict { seq: got })
        };
    }
    if !new.list.includes(old.list) {
        return Err(Why::Shrinks { seen, got });
    }
    Ok(Replace::Newer)
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
        let stored = Self::load_from(&self.seen, &key_id, trusted)?;
        let stored = stored.as_ref().map(|(token, list)| SignedList { token, list });
        let new = SignedList { token: token.trim(), list: &list };
        let (path, kid) = (path.to_path_buf(), key_id.clone());
        match may_replace(&self.all(trusted)?, &key_id, stored, new) {
            Ok(Replace::Same) => return Ok(list),
            Ok(Replace::Newer) => {}
            Err(Why::RevokedSigner) => return Err(RevocationError::RevokedSigner { path, kid }),
            Err(Why::RolledBack { seen, got }) => {
                return Err(RevocationError::RolledBack { path, kid, seen, got });
            }
            Err(Why::Conflict { seq }) => return Err(RevocationError::Conflict { path, kid, seq }),
            Err(Why::Shrinks { seen, got }) => {
                return Err(RevocationError::Shrinks { path, kid, seen, got });
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

#[cfg(test)]
mod rule_tests {
    use super::*;

    fn list(seq: u64, jtis: &[&str], kids: &[&str]) -> RevocationList {
        RevocationList {
            iss: "v".into(),
            iat: 0,
            seq,
            list_version: LIST_VERSION,
            revoked_jtis: jtis.iter().map(|s| s.to_string()).collect(),
            revoked_kids: kids.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn signed<'a>(token: &'a str, list: &'a RevocationList) -> SignedList<'a> {
        SignedList { token, list }
    }

    #[test]
    fn lists_only_grow_and_never_roll_back() {
        let none = Revocations::default();
        let (one, two) = (list(1, &["a"], &[]), list(2, &["a", "b"], &[]));
        assert_eq!(may_replace(&none, "k", None, signed("t1", &one)), Ok(Replace::Newer));
        let stored = Some(signed("t1", &one));
        assert_eq!(may_replace(&none, "k", stored, signed("t2", &two)), Ok(Replace::Newer));
        assert_eq!(may_replace(&none, "k", stored, signed("t1\n", &one)), Ok(Replace::Same));
        let other_one = list(1, &["z"], &[]);
        assert_eq!(
            may_replace(&none, "k", stored, signed("t1'", &other_one)),
            Err(Why::Conflict { seq: 1 })
        );
        let stored = Some(signed("t2", &two));
        assert_eq!(
            may_replace(&none, "k", stored, signed("t1", &one)),
            Err(Why::RolledBack { seen: 2, got: 1 })
        );
        let shrunk = list(3, &["b"], &[]);
        assert_eq!(
            may_replace(&none, "k", stored, signed("t3", &shrunk)),
            Err(Why::Shrinks { seen: 2, got: 3 })
        );
        let dropped_kid = list(3, &["a", "b"], &[]);
        let with_kid = list(2, &["a", "b"], &["x"]);
        assert_eq!(
            may_replace(&none, "k", Some(signed("t2", &with_kid)), signed("t3", &dropped_kid)),
            Err(Why::Shrinks { seen: 2, got: 3 })
        );
    }

    /// Whoever revoked it (another key, or the key itself in an earlier list), a revoked key's
    /// lists are refused, even its first, even one that only adds.
    #[test]
    fn a_revoked_signer_is_refused() {
        let mut in_force = Revocations::default();
        in_force.add("other", &list(1, &[], &["k"]));
        let (one, two) = (list(1, &[], &[]), list(2, &["a"], &[]));
        assert_eq!(may_replace(&in_force, "k", None, signed("t1", &one)), Err(Why::RevokedSigner));
        assert_eq!(
            may_replace(&in_force, "k", Some(signed("t1", &one)), signed("t2", &two)),
            Err(Why::RevokedSigner)
        );
        assert_eq!(may_replace(&in_force, "other", None, signed("t", &one)), Ok(Replace::Newer));
        // Its list already stored is not an error, only a no-op.
        assert_eq!(
            may_replace(&in_force, "k", Some(signed("t1", &one)), signed("t1", &one)),
            Ok(Replace::Same)
        );
    }
}
