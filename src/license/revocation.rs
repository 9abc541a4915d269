//! Signed revocation lists: a JWT of its own `typ` with a monotonic sequence number, and a store
//! that keeps the newest list seen per signing key and refuses to go back to an older one.

use std::collections::HashSet;
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
    /// Licence ids (`jti`) no longer honoured.
    pub revoked_jtis: Vec<String>,
    /// Key ids whose licences are no longer honoured (a leaked or retired vendor key).
    pub revoked_kids: Vec<String>,
}

/// What a licence check consults: the union of every trusted list.
#[derive(Debug, Clone, Default)]
pub struct Revocations {
    jtis: HashSet<String>,
    kids: HashSet<String>,
}

impl Revocations {
    pub fn add(&mut self, list: &RevocationList) {
        self.jtis.extend(list.revoked_jtis.iter().cloned());
        self.kids.extend(list.revoked_kids.iter().cloned());
    }

    pub fn is_revoked(&self, jti: &str) -> bool {
        self.jtis.contains(jti)
    }

    pub fn is_key_revoked(&self, kid: &str) -> bool {
        self.kids.contains(kid)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RevocationError {
    #[error("{}: not a usable revocation list: {source}", path.display())]
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

/// The newest revocation list seen per signing key: `revocations/KID.jwt` in the home. The stored
/// list's `seq` is the high-water mark.
pub struct RevocationStore {
    home: Home,
    dir: PathBuf,
}

impl RevocationStore {
    pub fn new(home: &Home) -> RevocationStore {
        RevocationStore { home: home.clone(), dir: home.revocations_dir() }
    }

    fn path(&self, key_id: &str) -> PathBuf {
        self.dir.join(format!("{key_id}.jwt"))
    }

    /// The stored list for `key_id`, if any, re-verified against `trusted`.
    pub fn load(
        &self,
        key_id: &str,
        trusted: &[VerifyingKey],
    ) -> Result<Option<(String, RevocationList)>, RevocationError> {
        let path = self.path(key_id);
        let text = match fsutil::read_bounded(&path, fsutil::SMALL_FILE_LIMIT * 16) {
            Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(RevocationError::Io { path, source }),
        };
        let (_, list) = verify_list(&text, trusted)
            .map_err(|source| RevocationError::Invalid { path, source })?;
        Ok(Some((text, list)))
    }

    /// Takes a list (from `path`, for messages): verifies it, refuses one older than the stored
    /// list for its key, and stores it when newer. Returns the list now in force for that key.
    pub fn accept(
        &self,
        token: &str,
        path: &Path,
        trusted: &[VerifyingKey],
    ) -> Result<RevocationList, RevocationError> {
        let (key_id, list) = verify_list(token, trusted)
            .map_err(|source| RevocationError::Invalid { path: path.into(), source })?;
        if let Some((stored_text, stored)) = self.load(&key_id, trusted)? {
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
        }
        self.home.ensure_dir(&self.dir)?;
        fsutil::write_atomic(
            &self.path(&key_id),
            format!("{}\n", token.trim()).as_bytes(),
            Mode::Public,
            true,
        )?;
        Ok(list)
    }

    /// Every stored list signed by a trusted key, merged. Lists by keys not trusted are skipped:
    /// they could only revoke licences this verifier would not accept anyway.
    pub fn all(&self, trusted: &[VerifyingKey]) -> Result<Revocations, RevocationError> {
        let mut out = Revocations::default();
        for key in trusted {
            if let Some((_, list)) = self.load(&kid(key), trusted)? {
                out.add(&list);
            }
        }
        Ok(out)
    }

    /// The vendor's side: adds licence ids and key ids to `key`'s list, bumps `seq`, signs and
    /// stores it. Returns the new list's token.
    pub fn revoke(
        &self,
        key: &SigningKey,
        issuer: &str,
        jtis: &[String],
        kids: &[String],
        now: u64,
    ) -> Result<(String, RevocationList), RevocationError> {
        let me = [key.verifying_key()];
        let mut list = match self.load(&kid(&me[0]), &me)? {
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
        list.seq += 1;
        list.iat = now;
        list.iss = issuer.to_string();
        let token = sign_jwt(REVOCATIONS_TYP, &list, key);
        let path = self.path(&kid(&me[0]));
        self.accept(&token, &path, &me)?;
        Ok((token, list))
    }
}

/// Reads a token from a file: the first non-empty line (files written with `echo` end in a newline).
pub fn read_token(path: &Path) -> Result<String, io::Error> {
    let bytes = fsutil::read_bounded(path, fsutil::SMALL_FILE_LIMIT * 16)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not text"))?;
    Ok(text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string())
}
