//! Signed revocation lists, one format for licences and for signing keys: a JWT of its own `typ`
//! with a monotonic sequence number, and a store that keeps the newest list seen per signing key
//! and never lets protection shrink. The format is specified in docs/key-lifecycle.md.
//!
//! Rules, each guarding against a key holder undoing revocations:
//! - a list from key K revokes licence ids only among licences K signed;
//! - for licences, revoked key ids apply to every key the verifier trusts (the verifier's key set
//!   is the vendor); for proofs, `crate::lifecycle` narrows that to the same owner;
//! - a list from K must keep everything K's stored list revoked, with a higher `seq`; a key's
//!   `since` may only move earlier (or go, meaning "always"), and a reason may change but not go;
//! - once K is revoked, lists signed by K are refused (a leaked key cannot pin `seq` at u64::MAX
//!   or publish an empty list); vendors revoke a key with another of their keys, or K itself once.
//!   Except a list by K that revokes K itself: it may still grow, so a key that revoked itself
//!   can move its `since` earlier or add a reason.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::fsutil::{self, Mode, WriteError, describe_io};
use crate::home::{Home, HomeError};
use crate::keys::KeyError;
use crate::keys::kid;
use crate::keys::signer::KeySigner;
use crate::license::{LicenseError, decode_verified, sign_jwt, sign_jwt_with};

/// The JWT `typ` of a revocation list.
pub const REVOCATIONS_TYP: &str = "proofctl-revocations+jwt";
/// The version of a list without key details: what every list was before key revocation.
pub const LIST_VERSION: u32 = 1;
/// The version of a list with `key_details` (`since`, `reason` per revoked key).
pub const LIST_VERSION_DETAILS: u32 = 2;
/// Longest `reason` a list may give for a key.
pub const MAX_REASON_BYTES: usize = 500;

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
    /// Key ids whose licences are no longer honoured (a leaked or retired vendor key), and whose
    /// proofs no longer verify (subject to `key_details`).
    pub revoked_kids: Vec<String>,
    /// Per revoked key (each also in `revoked_kids`): since when, and why. A key of
    /// `revoked_kids` without an entry is revoked for all time, as in a version-1 list. Only in
    /// version-2 lists.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub key_details: BTreeMap<String, KeyDetail>,
}

/// What a list says of one revoked key beyond its kid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyDetail {
    /// Unix seconds: proofs whose trusted (RFC 3161) time is before this stay valid. Absent: the
    /// key is revoked for all time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<u64>,
    /// Why, for people (at most [`MAX_REASON_BYTES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl RevocationList {
    /// Whether this list keeps every revocation `older` made: every licence id, every key, no
    /// key's `since` later than before (none is "always", the earliest), no reason dropped.
    fn includes(&self, older: &RevocationList) -> bool {
        older.revoked_jtis.iter().all(|j| self.revoked_jtis.contains(j))
            && older.revoked_kids.iter().all(|k| {
                self.revoked_kids.contains(k)
                    && match (self.since(k), older.since(k)) {
                        (None, _) => true,
                        (Some(_), None) => false,
                        (Some(new), Some(old)) => new <= old,
                    }
                    && (older.reason(k).is_none() || self.reason(k).is_some())
            })
    }

    /// Since when `kid` is revoked by this list: None for all time (or when it is not revoked).
    pub fn since(&self, kid: &str) -> Option<u64> {
        self.key_details.get(kid).and_then(|d| d.since)
    }

    pub fn reason(&self, kid: &str) -> Option<&str> {
        self.key_details.get(kid).and_then(|d| d.reason.as_deref())
    }

    /// The version a list with these claims has: 1 without key details, so licence lists stay
    /// readable by earlier proofctl; 2 with them.
    pub fn version_for(&self) -> u32 {
        if self.key_details.is_empty() { LIST_VERSION } else { LIST_VERSION_DETAILS }
    }

    /// The rules a list's claims follow beyond their types (docs/key-lifecycle.md §2).
    fn check(&self) -> Result<(), String> {
        match self.list_version {
            LIST_VERSION if !self.key_details.is_empty() => {
                return Err("a version-1 list has no key_details".into());
            }
            LIST_VERSION | LIST_VERSION_DETAILS => {}
            v => return Err(format!("list_version {v} is not 1 or 2; upgrade proofctl")),
        }
        for (k, d) in &self.key_details {
            if !self.revoked_kids.contains(k) {
                return Err(format!("key_details names kid {k}, which revoked_kids does not"));
            }
            if d.reason.as_ref().is_some_and(|r| r.len() > MAX_REASON_BYTES) {
                return Err(format!("the reason for kid {k} is over {MAX_REASON_BYTES} bytes"));
            }
        }
        Ok(())
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
    // A key's list that revokes the key itself may still grow (`since` moved earlier, a reason
    // added): otherwise a key that revoked itself could never correct that at verifiers. It
    // cannot undo anything (the growth rule below), only be frozen by a leaked copy pinning
    // `seq`, and a successor key can still revoke it.
    if in_force.is_key_revoked(signer) && !new.list.revoked_kids.iter().any(|k| k == signer) {
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
    latest_iat: u64,
}

impl Revocations {
    /// The latest `iat` of the lists added (0 when none): signed time, for the clock mark.
    pub fn latest_iat(&self) -> u64 {
        self.latest_iat
    }

    /// Adds a list signed by `signer`.
    pub fn add(&mut self, signer: &str, list: &RevocationList) {
        self.latest_iat = self.latest_iat.max(list.iat);
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
    #[error(
        "{}: kid {kid} is already revoked {}; a list may move a revocation earlier, never later",
        path.display(),
        stored.map_or("for all time".to_string(), |t| format!("since {}", crate::license::rfc3339(t)))
    )]
    Later { path: PathBuf, kid: String, stored: Option<u64> },
    #[error("{}: the list's sequence number cannot grow further; revoke with another of your keys", path.display())]
    Exhausted { path: PathBuf },
    #[error("{}: {}", path.display(), describe_io(source))]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Home(#[from] HomeError),
    /// The signing key could not sign (a PKCS#11 token that refused).
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// Signs `list` as a revocation list JWT (for vendors' own tooling and the known-answer vectors;
/// [`RevocationStore::revoke_with`] is how proofctl issues one).
pub fn sign_list(list: &RevocationList, key: &SigningKey) -> String {
    sign_jwt(REVOCATIONS_TYP, list, key)
}

/// Verifies a revocation list's header, key and signature. Returns the signer's kid and the list.
pub fn verify_list(
    token: &str,
    trusted: &[VerifyingKey],
) -> Result<(String, RevocationList), LicenseError> {
    let (key_id, list): (String, RevocationList) =
        decode_verified(token.trim(), REVOCATIONS_TYP, trusted)?;
    list.check().map_err(LicenseError::Malformed)?;
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
        key: &dyn KeySigner,
        issuer: &str,
        jtis: &[String],
        kids: &[String],
        now: u64,
    ) -> Result<(String, RevocationList), RevocationError> {
        let keys: Vec<KeyRevocation> =
            kids.iter().map(|k| KeyRevocation { kid: k.clone(), ..Default::default() }).collect();
        self.revoke_with(key, issuer, jtis, &keys, now)
    }

    /// [`revoke`](Self::revoke) with per-key detail (`key revoke --since --reason`). A key already
    /// in the list keeps the earlier of its two `since` (a list may not move it later) and takes
    /// the new reason when one is given.
    pub fn revoke_with(
        &self,
        key: &dyn KeySigner,
        issuer: &str,
        jtis: &[String],
        keys: &[KeyRevocation],
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
                key_details: BTreeMap::new(),
            },
        };
        for j in jtis {
            if !list.revoked_jtis.contains(j) {
                list.revoked_jtis.push(j.clone());
            }
        }
        for k in keys {
            let listed = list.revoked_kids.contains(&k.kid);
            if listed {
                let stored = list.since(&k.kid);
                // Later than what the list already says would un-revoke proofs in between.
                if let Some(new) = k.since
                    && stored.is_none_or(|old| new > old)
                {
                    return Err(RevocationError::Later {
                        path: path.clone(),
                        kid: k.kid.clone(),
                        stored,
                    });
                }
            } else {
                list.revoked_kids.push(k.kid.clone());
            }
            let detail = list.key_details.entry(k.kid.clone()).or_default();
            // Checked above: not listed, or no later than the list's (None is the earliest).
            detail.since = k.since;
            if k.reason.is_some() {
                detail.reason.clone_from(&k.reason);
            }
            if *detail == KeyDetail::default() {
                list.key_details.remove(&k.kid);
            }
        }
        list.seq =
            list.seq.checked_add(1).ok_or(RevocationError::Exhausted { path: path.clone() })?;
        list.iat = now;
        list.iss = issuer.to_string();
        list.list_version = list.version_for();
        let token = sign_jwt_with(REVOCATIONS_TYP, &list, key)?;
        self.home.ensure_dir(&self.issued)?;
        fsutil::write_atomic(&path, format!("{token}\n").as_bytes(), Mode::Public, true)?;
        Ok((token, list))
    }

    /// The lists this home issued, and the newest seen per signing key, as (file, token): what
    /// `verify` reads (each is verified there against the keys that count).
    pub fn tokens(&self) -> Result<Vec<(PathBuf, String)>, RevocationError> {
        let mut out = Vec::new();
        for dir in [&self.seen, &self.issued] {
            let rd = match std::fs::read_dir(dir) {
                Ok(rd) => rd,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(source) => return Err(RevocationError::Io { path: dir.clone(), source }),
            };
            let mut paths: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jwt"))
                .collect();
            paths.sort();
            for path in paths {
                let text = fsutil::read_bounded(&path, LIST_LIMIT)
                    .map_err(|source| RevocationError::Io { path: path.clone(), source })?;
                out.push((path, String::from_utf8_lossy(&text).trim().to_string()));
            }
        }
        Ok(out)
    }
}

/// One key to revoke, as `key revoke` asks.
#[derive(Debug, Clone, Default)]
pub struct KeyRevocation {
    pub kid: String,
    /// Unix seconds; None: for all time.
    pub since: Option<u64>,
    pub reason: Option<String>,
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
            key_details: BTreeMap::new(),
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
        // A list by k that revokes k itself may still grow (since earlier, a reason added).
        let own = list(2, &[], &["k"]);
        assert_eq!(
            may_replace(
                &in_force,
                "k",
                Some(signed("t1", &own)),
                signed("t3", &list(3, &["a"], &["k"]))
            ),
            Ok(Replace::Newer)
        );
        // Its list already stored is not an error, only a no-op.
        assert_eq!(
            may_replace(&in_force, "k", Some(signed("t1", &one)), signed("t1", &one)),
            Ok(Replace::Same)
        );
    }

    fn detailed(seq: u64, kid: &str, since: Option<u64>, reason: Option<&str>) -> RevocationList {
        let mut l = list(seq, &[], &[kid]);
        let d = KeyDetail { since, reason: reason.map(str::to_string) };
        if d != KeyDetail::default() {
            l.key_details.insert(kid.into(), d);
        }
        l.list_version = l.version_for();
        l
    }

    /// "Only grows" covers the detail: `since` may move earlier or go (all time), never later
    /// nor appear on a key revoked for all time; a reason may change but not go.
    #[test]
    fn key_details_only_grow() {
        let none = Revocations::default();
        let at = |seq, since, reason| detailed(seq, "x", since, reason);
        let check = |old: &RevocationList, new: &RevocationList| {
            may_replace(&none, "k", Some(signed("old", old)), signed("new", new))
        };
        let base = at(1, Some(100), Some("leaked"));
        assert_eq!(check(&base, &at(2, Some(50), Some("leaked"))), Ok(Replace::Newer));
        assert_eq!(check(&base, &at(2, None, Some("stolen laptop"))), Ok(Replace::Newer));
        let shrinks = Err(Why::Shrinks { seen: 1, got: 2 });
        assert_eq!(check(&base, &at(2, Some(101), Some("leaked"))), shrinks);
        assert_eq!(check(&base, &at(2, Some(100), None)), shrinks);
        assert_eq!(check(&at(1, None, None), &at(2, Some(100), None)), shrinks);
        // A version-1 list (no details: all time) followed by one that adds a reason only.
        assert_eq!(check(&list(1, &[], &["x"]), &at(2, None, Some("why"))), Ok(Replace::Newer));
    }

    #[test]
    fn detail_rules_are_checked() {
        let mut l = detailed(1, "x", Some(5), None);
        assert_eq!(l.list_version, LIST_VERSION_DETAILS);
        assert!(l.check().is_ok());
        l.list_version = LIST_VERSION;
        assert!(l.check().unwrap_err().contains("version-1"));
        let mut l = detailed(1, "x", Some(5), None);
        l.revoked_kids.clear();
        assert!(l.check().unwrap_err().contains("revoked_kids does not"));
        let l = detailed(1, "x", None, Some(&"a".repeat(MAX_REASON_BYTES + 1)));
        assert!(l.check().unwrap_err().contains("bytes"));
        // A version-1 list reads as before: no details, every kid revoked for all time.
        let v1: RevocationList = serde_json::from_str(
            r#"{"iss":"v","iat":1,"seq":1,"list_version":1,"revoked_jtis":[],"revoked_kids":["x"]}"#,
        )
        .unwrap();
        assert!(v1.check().is_ok());
        assert_eq!(v1.since("x"), None);
        assert!(serde_json::to_string(&v1).unwrap().ends_with(r#""revoked_kids":["x"]}"#));
    }
}
