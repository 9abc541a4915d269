//! Which keys count: the home's trust store, the user's own keys, `--key` files and `--trust-dir`.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ed25519_dalek::VerifyingKey;

use crate::fsutil::{self, Mode, WriteError};
use crate::home::{Home, HomeError};
use crate::keys::store::check_name;
use crate::keys::{KeyError, kid, parse_public_key_pem, public_key_pem};
use crate::proof::Proof;

#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: {why}", path.display())]
    BadKey { path: PathBuf, why: String },
    #[error("{}: not a directory; --trust-dir takes a folder of .pub files", .0.display())]
    NotADir(PathBuf),
    #[error("{}: trust dir not found; --trust-dir takes a folder of .pub files", .0.display())]
    NoTrustDir(PathBuf),
    #[error("{}: trust dir holds no *.pub files{}; add public keys (SPKI PEM) named NAME.pub", dir.display(), ignored_note(ignored))]
    EmptyTrustDir { dir: PathBuf, ignored: Vec<String> },
    #[error("no trusted key matches {0:?}; see `proofctl trust list`")]
    NotFound(String),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Home(#[from] HomeError),
}

fn ignored_note(ignored: &[String]) -> String {
    if ignored.is_empty() { String::new() } else { format!(" (ignored: {})", ignored.join(", ")) }
}

/// Where a trusted key came from, for messages and `--json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// One of the user's own key pairs.
    OwnKey,
    /// The home's trust store (`trust add`).
    TrustStore,
    /// `--key FILE` or `--trust-dir DIR`.
    CommandLine,
}

#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub name: String,
    pub key: VerifyingKey,
    pub path: PathBuf,
    pub source: Source,
}

/// A set of trusted keys, looked up by kid.
#[derive(Debug, Default, Clone)]
pub struct TrustSet {
    by_kid: BTreeMap<String, TrustedKey>,
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Reads a public key file: SPKI PEM, or a POP-1.0 proof (its embedded key).
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, TrustError> {
    let bytes = fs::read(path).map_err(|source| TrustError::Io { path: path.into(), source })?;
    let bad = |why: String| TrustError::BadKey { path: path.into(), why };
    if bytes.trim_ascii_start().starts_with(b"{") {
        let proof = Proof::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        return proof.check_signature().map_err(|e| bad(e.to_string()));
    }
    let text = String::from_utf8(bytes)
        .ok()
        .filter(|t| t.contains("-----BEGIN "))
        .ok_or_else(|| {
            bad("not a PEM public key (no -----BEGIN line); expected SPKI PEM as `proofctl key export` writes".into())
        })?;
    parse_public_key_pem(&text).map_err(bad)
}

impl TrustSet {
    /// The home's trust: the user's own keys plus the trust store. Only public halves are read:
    /// verifying never opens a private key file.
    pub fn from_home(home: &Home) -> Result<TrustSet, TrustError> {
        let mut set = TrustSet::default();
        set.add_dir(&home.keys_dir(), Source::OwnKey, true)?;
        set.add_dir(&home.trust_dir(), Source::TrustStore, true)?;
        Ok(set)
    }

    fn insert(&mut self, k: TrustedKey) {
        // The first name a key is known by wins: own keys before the trust store.
        self.by_kid.entry(kid(&k.key)).or_insert(k);
    }

    /// Adds a `--key` file.
    pub fn add_file(&mut self, path: &Path) -> Result<(), TrustError> {
        let key = read_public_key(path)?;
        self.insert(TrustedKey {
            name: file_stem(path),
            key,
            path: path.into(),
            source: Source::CommandLine,
        });
        Ok(())
    }

    /// Adds every `*.pub` in `dir` (not recursive).
    pub fn add_trust_dir(&mut self, dir: &Path) -> Result<(), TrustError> {
        self.add_dir(dir, Source::CommandLine, false)
    }

    /// Adds every `*.pub` in `dir` (not recursive). The home's folders may be missing or empty;
    /// a `--trust-dir` may not, since trusting nothing there is always a mistake.
    fn add_dir(&mut self, dir: &Path, source: Source, home_dir: bool) -> Result<(), TrustError> {
        let rd = match fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return if home_dir { Ok(()) } else { Err(TrustError::NoTrustDir(dir.into())) };
            }
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
                return Err(TrustError::NotADir(dir.into()));
            }
            Err(source) => {
                return Err(TrustError::Io { path: dir.into(), source });
            }
        };
        let (mut keys, mut ignored) = (Vec::new(), Vec::new());
        for entry in rd.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "pub") {
                keys.push(path);
            } else if !home_dir && path.is_file() {
                ignored.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        if keys.is_empty() && !home_dir {
            ignored.sort();
            return Err(TrustError::EmptyTrustDir { dir: dir.into(), ignored });
        }
        keys.sort();
        for path in keys {
            let key = read_public_key(&path)?;
            self.insert(TrustedKey { name: file_stem(&path), key, path, source: source.clone() });
        }
        Ok(())
    }

    pub fn get(&self, kid: &str) -> Option<&TrustedKey> {
        self.by_kid.get(kid)
    }

    pub fn len(&self) -> usize {
        self.by_kid.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_kid.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &TrustedKey)> {
        self.by_kid.iter()
    }
}

/// The home's trust store: `trust/NAME.pub`, the same layout `--trust-dir` reads.
pub struct TrustStore {
    home: Home,
}

/// What `trust add` did.
#[derive(Debug)]
pub enum Added {
    New(TrustedKey),
    /// The key was already trusted under this name; nothing was written.
    Already(TrustedKey),
}

impl TrustStore {
    pub fn new(home: &Home) -> TrustStore {
        TrustStore { home: home.clone() }
    }

    /// Entries of the store itself (not own keys).
    pub fn list(&self) -> Result<Vec<TrustedKey>, TrustError> {
        let mut set = TrustSet::default();
        set.add_dir(&self.home.trust_dir(), Source::TrustStore, true)?;
        let mut v: Vec<_> = set.by_kid.into_values().collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(v)
    }

    /// Trusts the key in `path` (a .pub file or a proof) under `name` (default: the kid).
    pub fn add(&self, path: &Path, name: Option<&str>, force: bool) -> Result<Added, TrustError> {
        let key = read_public_key(path)?;
        let id = kid(&key);
        if let Some(existing) = TrustSet::from_home(&self.home)?.get(&id) {
            return Ok(Added::Already(existing.clone()));
        }
        let name = name.map(str::to_string).unwrap_or_else(|| id.clone());
        check_name(&name)?;
        let dir = self.home.trust_dir();
        self.home.ensure_dir(&dir)?;
        let dest = dir.join(format!("{name}.pub"));
        fsutil::write_atomic(&dest, public_key_pem(&key).as_bytes(), Mode::Public, force)?;
        Ok(Added::New(TrustedKey { name, key, path: dest, source: Source::TrustStore }))
    }

    /// Removes the entry whose kid or name is `what`.
    pub fn remove(&self, what: &str) -> Result<TrustedKey, TrustError> {
        let entry = self
            .list()?
            .into_iter()
            .find(|t| kid(&t.key) == what || t.name == what)
            .ok_or_else(|| TrustError::NotFound(what.into()))?;
        fs::remove_file(&entry.path)
            .map_err(|source| TrustError::Io { path: entry.path.clone(), source })?;
        Ok(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    #[test]
    fn add_list_remove() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("h"));
        let other = SigningKey::from_bytes(&[5u8; 32]).verifying_key();
        let pubfile = dir.path().join("alice.pub");
        fs::write(&pubfile, public_key_pem(&other)).unwrap();
        let store = TrustStore::new(&home);
        assert!(matches!(store.add(&pubfile, Some("alice"), false).unwrap(), Added::New(_)));
        assert!(matches!(store.add(&pubfile, Some("alice2"), false).unwrap(), Added::Already(_)));
        let set = TrustSet::from_home(&home).unwrap();
        assert_eq!(set.get(&kid(&other)).unwrap().name, "alice");
        assert_eq!(store.remove(&kid(&other)).unwrap().name, "alice");
        assert!(TrustSet::from_home(&home).unwrap().is_empty());
        assert!(matches!(store.remove("alice"), Err(TrustError::NotFound(_))));
    }
}
