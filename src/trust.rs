//! Which keys count: the home's trust store, the user's own keys, `--key` files and `--trust-dir`.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ed25519_dalek::VerifyingKey;

use crate::fsutil::describe_io;
use crate::fsutil::{self, Mode, WriteError};
use crate::home::{Home, HomeError};
use crate::keys::store::check_name;
use crate::keys::{KeyError, kid, parse_public_key_pem, public_key_pem};
use crate::policy::Restrictions;
use crate::proof::verify::{Trust, Trusted};
use crate::proof::{MAX_PROOF_BYTES, Proof};

#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("{}: {}", path.display(), describe_io(source))]
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
    #[error(transparent)]
    Policy(#[from] crate::policy::PolicyError),
    /// `trust add` with restrictions for a key trusted without them.
    #[error("{0}")]
    Restrict(String),
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

impl Source {
    /// Stable name, part of the `--json` contract.
    pub fn as_str(&self) -> &'static str {
        match self {
            Source::OwnKey => "own_key",
            Source::TrustStore => "trust_store",
            Source::CommandLine => "command_line",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub name: String,
    pub key: VerifyingKey,
    pub path: PathBuf,
    pub source: Source,
    /// From the `NAME.toml` sidecar beside the .pub (docs/trust-policy.md); own keys have none.
    pub restrictions: Restrictions,
}

/// A trusted key that is not Ed25519: ECDSA (P-256, P-384) or RSA, which POP never signs with
/// but other formats do (cosign and in-toto keys, SSH ECDSA keys). Its kid is [`spki_kid`].
#[derive(Debug, Clone)]
pub struct ForeignKey {
    pub name: String,
    /// The key as SubjectPublicKeyInfo DER.
    pub spki_der: Vec<u8>,
    /// `ecdsa-p256`, `ecdsa-p384` or `rsa`.
    pub algorithm: &'static str,
    pub path: PathBuf,
    pub source: Source,
    pub restrictions: Restrictions,
}

/// A public key file's key, Ed25519 or another algorithm.
#[derive(Debug, Clone)]
pub enum AnyKey {
    Ed25519(VerifyingKey),
    /// SPKI DER and its algorithm (see [`ForeignKey`]).
    Spki {
        der: Vec<u8>,
        algorithm: &'static str,
    },
}

/// The kid of a non-Ed25519 key: base64url (no padding) of SHA-256 over its SPKI DER, 43
/// characters like an Ed25519 kid (which is the RFC 7638 JWK thumbprint).
pub fn spki_kid(der: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(der))
}

/// A set of trusted keys, looked up by kid.
#[derive(Debug, Default, Clone)]
pub struct TrustSet {
    by_kid: BTreeMap<String, TrustedKey>,
    /// Non-Ed25519 keys, by [`spki_kid`].
    foreign: BTreeMap<String, ForeignKey>,
    /// The kids of keys read from minisign public key files, by their minisign key id: how a
    /// .minisig, which names its key by that id only, finds its key.
    minisign: BTreeMap<[u8; 8], String>,
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Reads a public key file: SPKI PEM only. A proof is not a key: trusting the key a proof carries
/// would let every proof vouch for itself (spec §9.3).
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, TrustError> {
    let bytes = fsutil::read_bounded(path, fsutil::SMALL_FILE_LIMIT)
        .map_err(|source| TrustError::Io { path: path.into(), source })?;
    let bad = |why: String| TrustError::BadKey { path: path.into(), why };
    if bytes.trim_ascii_start().starts_with(b"{") {
        return Err(bad(if bytes.windows(20).any(|w| w == b"proofctl-private-key") {
            "this is a private key; give its public half (`proofctl key export NAME`)".into()
        } else {
            "not a public key (a proof or other JSON); --key and --trust-dir take public keys \
             (SPKI PEM or OpenSSH ssh-ed25519 lines); \
             to trust the signer of a proof, use `proofctl trust add PROOF`"
                .into()
        }));
    }
    if let Ok(text) = std::str::from_utf8(&bytes)
        && crate::keys::openssh::is_public_line(text)
    {
        return crate::keys::openssh::parse_public_line(text).map_err(bad);
    }
    if let Some(parsed) = std::str::from_utf8(&bytes).ok().and_then(minisign_public_key) {
        return parsed.map(|(_, key)| key).map_err(bad);
    }
    let text = String::from_utf8(bytes)
        .ok()
        .filter(|t| t.contains("-----BEGIN "))
        .ok_or_else(|| {
            bad("not a PEM public key (no -----BEGIN line); expected SPKI PEM as `proofctl key export` writes, an OpenSSH ssh-ed25519 line, or a minisign public key (minisign.pub)".into())
        })?;
    parse_public_key_pem(&text).map_err(bad)
}

/// A minisign public key (`minisign.pub`, or its bare base64 line): its minisign key id and
/// Ed25519 key. None: the text is no minisign key.
pub fn minisign_public_key(text: &str) -> Option<Result<([u8; 8], VerifyingKey), String>> {
    crate::formats::minisign::parse_public_key(text)
}

/// The minisign key id of the key file at `path`, when it is a minisign public key.
fn minisign_id_of_file(path: &Path) -> Option<[u8; 8]> {
    let bytes = fsutil::read_bounded(path, fsutil::SMALL_FILE_LIMIT).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    minisign_public_key(text)?.ok().map(|(id, _)| id)
}

/// The algorithm of a non-Ed25519 SPKI proofctl can check signatures of, by its DER.
pub fn spki_algorithm_of(der: &[u8]) -> Option<&'static str> {
    use der::Decode;
    use spki::ObjectIdentifier as Oid;
    const EC: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
    const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
    const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
    const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    let info = spki::SubjectPublicKeyInfoRef::from_der(der).ok()?;
    let alg = &info.algorithm;
    if alg.oid == RSA {
        return Some("rsa");
    }
    if alg.oid != EC {
        return None;
    }
    match alg.parameters_oid().ok()? {
        P256 => Some("ecdsa-p256"),
        P384 => Some("ecdsa-p384"),
        _ => None,
    }
}

/// Reads a public key file of any algorithm proofctl checks: Ed25519 as [`read_public_key`]
/// does, and ECDSA P-256/P-384 or RSA as SPKI PEM or (ECDSA) an OpenSSH line.
pub fn read_any_public_key(path: &Path) -> Result<AnyKey, TrustError> {
    let ed = match read_public_key(path) {
        Ok(k) => return Ok(AnyKey::Ed25519(k)),
        Err(e) => e,
    };
    let Ok(bytes) = fsutil::read_bounded(path, fsutil::SMALL_FILE_LIMIT) else { return Err(ed) };
    let Ok(text) = std::str::from_utf8(&bytes) else { return Err(ed) };
    let der = if crate::keys::openssh::is_public_line(text) {
        crate::keys::openssh::public_line_spki(text)
    } else {
        use spki::DecodePublicKey;
        spki::Document::from_public_key_pem(text.trim_start()).ok().map(|d| d.as_bytes().to_vec())
    };
    match der.and_then(|der| spki_algorithm_of(&der).map(|algorithm| (der, algorithm))) {
        Some((der, algorithm)) => Ok(AnyKey::Spki { der, algorithm }),
        None => Err(ed),
    }
}

/// For `trust add`: a public key file, or a proof whose (verified) signer to trust.
fn read_key_or_proof(path: &Path) -> Result<VerifyingKey, TrustError> {
    let bytes = fsutil::read_bounded(path, MAX_PROOF_BYTES)
        .map_err(|source| TrustError::Io { path: path.into(), source })?;
    if !bytes.trim_ascii_start().starts_with(b"{")
        || bytes.windows(20).any(|w| w == b"proofctl-private-key")
    {
        return read_public_key(path);
    }
    let bad = |why: String| TrustError::BadKey { path: path.into(), why };
    let proof = Proof::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    proof.check_signature().map_err(|e| bad(e.to_string()))
}

/// Every `*.pub` in `dir`, one entry per file (the same key may be in several files). The home's
/// folders may be missing or empty; a `--trust-dir` may not, since trusting nothing there is
/// always a mistake.
fn read_dir_keys(
    dir: &Path,
    source: Source,
    home_dir: bool,
) -> Result<Vec<TrustedKey>, TrustError> {
    let (keys, _foreign) = read_dir_any(dir, source, home_dir)?;
    Ok(keys)
}

/// [`read_dir_keys`], with the non-Ed25519 keys apart.
fn read_dir_any(
    dir: &Path,
    source: Source,
    home_dir: bool,
) -> Result<(Vec<TrustedKey>, Vec<ForeignKey>), TrustError> {
    if home_dir {
        crate::home::check_not_shared(dir)?;
    }
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return if home_dir {
                Ok((Vec::new(), Vec::new()))
            } else {
                Err(TrustError::NoTrustDir(dir.into()))
            };
        }
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            return Err(TrustError::NotADir(dir.into()));
        }
        Err(source) => return Err(TrustError::Io { path: dir.into(), source }),
    };
    let (mut paths, mut ignored) = (Vec::new(), Vec::new());
    for entry in rd.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "pub") {
            paths.push(path);
        } else if !home_dir && path.is_file() {
            ignored.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    if paths.is_empty() && !home_dir {
        ignored.sort();
        return Err(TrustError::EmptyTrustDir { dir: dir.into(), ignored });
    }
    paths.sort();
    let (mut keys, mut foreign) = (Vec::new(), Vec::new());
    for path in paths {
        if home_dir {
            crate::home::check_not_shared(&path)?;
            // Whoever may write the sidecar may widen the key's trust as much as the .pub.
            crate::home::check_not_shared(&crate::policy::sidecar_path(&path))?;
        }
        // Own keys are proofctl's Ed25519 keys, always trusted: a sidecar in keys/ restricts
        // nothing.
        if source == Source::OwnKey {
            let key = read_public_key(&path)?;
            let name = file_stem(&path);
            let restrictions = Restrictions::default();
            keys.push(TrustedKey { name, key, path, source: source.clone(), restrictions });
            continue;
        }
        let key = read_any_public_key(&path)?;
        let restrictions = crate::policy::read_sidecar(&path)?;
        let name = file_stem(&path);
        match key {
            AnyKey::Ed25519(key) => {
                keys.push(TrustedKey { name, key, path, source: source.clone(), restrictions })
            }
            AnyKey::Spki { der, algorithm } => foreign.push(ForeignKey {
                name,
                spki_der: der,
                algorithm,
                path,
                source: source.clone(),
                restrictions,
            }),
        }
    }
    Ok((keys, foreign))
}

impl TrustSet {
    /// The home's trust: the user's own keys plus the trust store. Only public halves are read:
    /// verifying never opens a private key file.
    pub fn from_home(home: &Home) -> Result<TrustSet, TrustError> {
        home.check_root()?;
        let mut set = TrustSet::default();
        set.add_dir(&home.keys_dir(), Source::OwnKey, true)?;
        set.add_dir(&home.trust_dir(), Source::TrustStore, true)?;
        Ok(set)
    }

    fn insert(&mut self, k: TrustedKey) {
        let id = kid(&k.key);
        // Own keys are proofctl's; any other file may be a minisign public key.
        if k.source != Source::OwnKey
            && let Some(m) = minisign_id_of_file(&k.path)
        {
            self.minisign.entry(m).or_insert_with(|| id.clone());
        }
        // The first name a key is known by wins: own keys before the trust store.
        self.by_kid.entry(id).or_insert(k);
    }

    fn insert_foreign(&mut self, k: ForeignKey) {
        self.foreign.entry(spki_kid(&k.spki_der)).or_insert(k);
    }

    /// Adds a `--key` file.
    pub fn add_file(&mut self, path: &Path) -> Result<(), TrustError> {
        let key = read_any_public_key(path)?;
        let restrictions = crate::policy::read_sidecar(path)?;
        let name = file_stem(path);
        let (path, source) = (path.to_path_buf(), Source::CommandLine);
        match key {
            AnyKey::Ed25519(key) => {
                self.insert(TrustedKey { name, key, path, source, restrictions })
            }
            AnyKey::Spki { der, algorithm } => self.insert_foreign(ForeignKey {
                name,
                spki_der: der,
                algorithm,
                path,
                source,
                restrictions,
            }),
        }
        Ok(())
    }

    /// Adds a key with restrictions given inline (a policy file's `keys` entry). A sidecar
    /// beside it as well would leave two sources of truth: refused.
    pub fn add_restricted(&mut self, path: &Path, r: Restrictions) -> Result<(), TrustError> {
        if r.is_empty() {
            return self.add_file(path);
        }
        let side = crate::policy::sidecar_path(path);
        if side.exists() {
            return Err(TrustError::BadKey {
                path: path.into(),
                why: format!(
                    "restricted both by the policy file and by {}; keep the restrictions in one place",
                    side.display()
                ),
            });
        }
        let key = read_public_key(path)?;
        self.insert(TrustedKey {
            name: file_stem(path),
            key,
            path: path.into(),
            source: Source::CommandLine,
            restrictions: r,
        });
        Ok(())
    }

    /// Adds every `*.pub` in `dir` (not recursive).
    pub fn add_trust_dir(&mut self, dir: &Path) -> Result<(), TrustError> {
        self.add_dir(dir, Source::CommandLine, false)
    }

    fn add_dir(&mut self, dir: &Path, source: Source, home_dir: bool) -> Result<(), TrustError> {
        let (keys, foreign) = read_dir_any(dir, source, home_dir)?;
        for k in keys {
            self.insert(k);
        }
        for k in foreign {
            self.insert_foreign(k);
        }
        Ok(())
    }

    /// The trust for one command: exactly `keys` and `dirs` when any are given (`--key vendor.pub`
    /// must mean "signed by the vendor", not "by the vendor or anyone else I trust"), else the
    /// home's.
    pub fn resolve(
        home: &Home,
        keys: &[PathBuf],
        dirs: &[PathBuf],
    ) -> Result<TrustSet, TrustError> {
        if keys.is_empty() && dirs.is_empty() {
            return TrustSet::from_home(home);
        }
        let mut set = TrustSet::default();
        for k in keys {
            set.add_file(k)?;
        }
        for d in dirs {
            set.add_trust_dir(d)?;
        }
        Ok(set)
    }

    /// The keys alone, for checks that take a key list (licences).
    pub fn keys(&self) -> Vec<VerifyingKey> {
        self.by_kid.values().map(|t| t.key).collect()
    }

    pub fn get(&self, kid: &str) -> Option<&TrustedKey> {
        self.by_kid.get(kid)
    }

    pub fn is_empty(&self) -> bool {
        self.by_kid.is_empty() && self.foreign.is_empty()
    }

    /// The kid of the trusted key read from a minisign public key file with this key id.
    pub fn minisign_kid(&self, id: &[u8; 8]) -> Option<&str> {
        self.minisign.get(id).map(String::as_str)
    }

    /// Whether the trusted key `kid` came with a minisign key id (from a minisign public key
    /// file): such a key verifies only signatures naming that id.
    pub fn has_minisign_id(&self, kid: &str) -> bool {
        self.minisign.values().any(|k| k == kid)
    }

    /// The trusted non-Ed25519 key with this [`spki_kid`].
    pub fn get_foreign(&self, kid: &str) -> Option<&ForeignKey> {
        self.foreign.get(kid)
    }

    /// The trusted non-Ed25519 keys, by kid.
    pub fn foreign(&self) -> impl Iterator<Item = (&String, &ForeignKey)> {
        self.foreign.iter()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &TrustedKey)> {
        self.by_kid.iter()
    }
}

impl Trust for TrustSet {
    /// Ed25519 keys by kid, and the other keys by [`spki_kid`] (distinct by construction: a
    /// kid is a SHA-256 over different encodings).
    fn trusted(&self, kid: &str) -> Option<Trusted<'_>> {
        if let Some(t) = self.get(kid) {
            return Some(Trusted {
                name: &t.name,
                path: &t.path,
                source: t.source.as_str(),
                restrictions: (!t.restrictions.is_empty()).then_some(&t.restrictions),
            });
        }
        self.foreign.get(kid).map(|t| Trusted {
            name: &t.name,
            path: &t.path,
            source: t.source.as_str(),
            restrictions: (!t.restrictions.is_empty()).then_some(&t.restrictions),
        })
    }
}

/// The home's trust store: `trust/NAME.pub`, the same layout `--trust-dir` reads.
pub struct TrustStore {
    home: Home,
}

/// What `trust add` did (with a [`ForeignKey`] for keys that are not Ed25519).
#[derive(Debug)]
pub enum Added<K = TrustedKey> {
    New(K),
    /// The key was already trusted under this name; nothing was written.
    Already(K),
    /// The key was already trusted; its restrictions were replaced (`--force`).
    Updated(K),
}

/// SPKI DER as PEM, as OpenSSL and pyca/cryptography write it (64 columns, LF).
pub fn spki_pem(der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str("-----END PUBLIC KEY-----\n");
    pem
}

/// Whether `path` holds a public key that is not Ed25519 (ECDSA P-256/P-384 or RSA, as SPKI
/// PEM or an OpenSSH ecdsa line): `trust add` keeps such keys with [`TrustStore::add_foreign`].
pub fn is_foreign_key_file(path: &Path) -> bool {
    matches!(read_any_public_key(path), Ok(AnyKey::Spki { .. }))
}

/// Restrictions for messages: "no restrictions", or the window and required metadata.
pub fn describe(r: &Restrictions) -> String {
    let mut parts = Vec::new();
    if let Some(w) = r.window() {
        parts.push(format!("valid {w}"));
    }
    if !r.require_meta.is_empty() {
        parts.push(format!("only for {}", r.meta_list()));
    }
    if parts.is_empty() { "no restrictions".into() } else { parts.join(", ") }
}

impl TrustStore {
    pub fn new(home: &Home) -> TrustStore {
        TrustStore { home: home.clone() }
    }

    /// Entries of the store itself (not own keys), one per file, sorted by name.
    pub fn list(&self) -> Result<Vec<TrustedKey>, TrustError> {
        self.home.check_root()?;
        let mut v = read_dir_keys(&self.home.trust_dir(), Source::TrustStore, true)?;
        v.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(v)
    }

    /// Trusts the key in `path` (a .pub file or a proof) under `name` (default: `key-` + kid),
    /// with `restrictions` in a `NAME.toml` sidecar. For a key the store already trusts, new
    /// restrictions replace the old ones only with `force`.
    pub fn add(
        &self,
        path: &Path,
        name: Option<&str>,
        force: bool,
        restrictions: &Restrictions,
    ) -> Result<Added, TrustError> {
        let key = read_key_or_proof(path)?;
        let id = kid(&key);
        if let Some(existing) = TrustSet::from_home(&self.home)?.get(&id) {
            if existing.restrictions == *restrictions {
                return Ok(Added::Already(existing.clone()));
            }
            let name = &existing.name;
            if existing.source == Source::OwnKey {
                return Err(TrustError::Restrict(format!(
                    "kid {id} is your own key {name}, always trusted; restrictions apply to keys of others"
                )));
            }
            if !force {
                return Err(TrustError::Restrict(format!(
                    "kid {id} is already trusted as {name} with other restrictions ({}); pass --force to replace them with these",
                    describe(&existing.restrictions)
                )));
            }
            crate::policy::write_sidecar(&existing.path, restrictions)?;
            let mut updated = existing.clone();
            updated.restrictions = restrictions.clone();
            return Ok(Added::Updated(updated));
        }
        // A minisign key is kept as minisign writes it, so its key id stays known (a .minisig
        // names its key by that id); any other key as SPKI PEM.
        let text = match minisign_id_of_file(path) {
            Some(m) => crate::formats::minisign::public_key_file(&m, &key),
            None => public_key_pem(&key),
        };
        let (name, dest) = self.write_entry(&id, name, force, restrictions, &text)?;
        Ok(Added::New(TrustedKey {
            name,
            key,
            path: dest,
            source: Source::TrustStore,
            restrictions: restrictions.clone(),
        }))
    }

    /// Writes a new entry `NAME.pub` (default name `key-KID`) holding `text`, with its sidecar;
    /// returns the name and the path.
    fn write_entry(
        &self,
        id: &str,
        name: Option<&str>,
        force: bool,
        restrictions: &Restrictions,
        text: &str,
    ) -> Result<(String, PathBuf), TrustError> {
        // A kid may start with '-' or '_', which names may not.
        let name = name.map(str::to_string).unwrap_or_else(|| format!("key-{id}"));
        check_name(&name)?;
        let dir = self.home.trust_dir();
        self.home.ensure_dir(&dir)?;
        let dest = dir.join(format!("{name}.pub"));
        if !force && dest.exists() {
            return Err(WriteError::Exists(dest).into());
        }
        // The sidecar first: a crash between the two writes must not leave the key trusted
        // without its restrictions.
        crate::policy::write_sidecar(&dest, restrictions)?;
        fsutil::write_atomic(&dest, text.as_bytes(), Mode::Public, force)?;
        Ok((name, dest))
    }

    /// The store's keys that are not Ed25519, one per file, sorted by name.
    pub fn list_foreign(&self) -> Result<Vec<ForeignKey>, TrustError> {
        self.home.check_root()?;
        let (_, mut v) = read_dir_any(&self.home.trust_dir(), Source::TrustStore, true)?;
        v.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(v)
    }

    /// [`TrustStore::add`] for a key that is not Ed25519 (see [`is_foreign_key_file`]): kept as
    /// SPKI PEM in `trust/NAME.pub` (default name `key-` + its [`spki_kid`]), with the same
    /// rules for names, restrictions and `force`.
    pub fn add_foreign(
        &self,
        path: &Path,
        name: Option<&str>,
        force: bool,
        restrictions: &Restrictions,
    ) -> Result<Added<ForeignKey>, TrustError> {
        let AnyKey::Spki { der, algorithm } = read_any_public_key(path)? else {
            return Err(TrustError::BadKey {
                path: path.into(),
                why: "an Ed25519 key, not one of another algorithm".into(),
            });
        };
        let id = spki_kid(&der);
        if let Some(existing) = TrustSet::from_home(&self.home)?.get_foreign(&id) {
            if existing.restrictions == *restrictions {
                return Ok(Added::Already(existing.clone()));
            }
            if !force {
                return Err(TrustError::Restrict(format!(
                    "kid {id} is already trusted as {} with other restrictions ({}); pass --force to replace them with these",
                    existing.name,
                    describe(&existing.restrictions)
                )));
            }
            crate::policy::write_sidecar(&existing.path, restrictions)?;
            let mut updated = existing.clone();
            updated.restrictions = restrictions.clone();
            return Ok(Added::Updated(updated));
        }
        let (name, dest) = self.write_entry(&id, name, force, restrictions, &spki_pem(&der))?;
        Ok(Added::New(ForeignKey {
            name,
            spki_der: der,
            algorithm,
            path: dest,
            source: Source::TrustStore,
            restrictions: restrictions.clone(),
        }))
    }

    /// [`TrustStore::remove`] for keys that are not Ed25519, by [`spki_kid`] or entry name.
    pub fn remove_foreign(&self, what: &str) -> Result<Vec<ForeignKey>, TrustError> {
        let entries = self.list_foreign()?;
        let id = entries
            .iter()
            .map(|t| spki_kid(&t.spki_der))
            .find(|id| id == what)
            .or_else(|| entries.iter().find(|t| t.name == what).map(|t| spki_kid(&t.spki_der)))
            .ok_or_else(|| TrustError::NotFound(what.into()))?;
        let removed: Vec<ForeignKey> =
            entries.into_iter().filter(|t| spki_kid(&t.spki_der) == id).collect();
        for t in &removed {
            fs::remove_file(&t.path)
                .map_err(|source| TrustError::Io { path: t.path.clone(), source })?;
            crate::policy::write_sidecar(&t.path, &Restrictions::default())?;
        }
        Ok(removed)
    }

    /// Stops trusting the key whose kid or entry name is `what`: removes every file in the store
    /// holding that key, so no copy under another name keeps it trusted.
    pub fn remove(&self, what: &str) -> Result<Vec<TrustedKey>, TrustError> {
        let entries = self.list()?;
        let id = entries
            .iter()
            .map(|t| kid(&t.key))
            .find(|id| id == what)
            .or_else(|| entries.iter().find(|t| t.name == what).map(|t| kid(&t.key)))
            .ok_or_else(|| TrustError::NotFound(what.into()))?;
        let removed: Vec<TrustedKey> = entries.into_iter().filter(|t| kid(&t.key) == id).collect();
        for t in &removed {
            fs::remove_file(&t.path)
                .map_err(|source| TrustError::Io { path: t.path.clone(), source })?;
            crate::policy::write_sidecar(&t.path, &Restrictions::default())?;
        }
        Ok(removed)
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
        assert!(matches!(
            store.add(&pubfile, Some("alice"), false, &Restrictions::default()).unwrap(),
            Added::New(_)
        ));
        assert!(matches!(
            store.add(&pubfile, Some("alice2"), false, &Restrictions::default()).unwrap(),
            Added::Already(_)
        ));
        let set = TrustSet::from_home(&home).unwrap();
        assert_eq!(set.get(&kid(&other)).unwrap().name, "alice");
        // A copy under another name (the store is a plain folder) goes too.
        fs::copy(home.trust_dir().join("alice.pub"), home.trust_dir().join("zz-copy.pub")).unwrap();
        assert_eq!(store.list().unwrap().len(), 2);
        let removed = store.remove("alice").unwrap();
        assert_eq!(
            removed.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["alice", "zz-copy"]
        );
        assert!(TrustSet::from_home(&home).unwrap().is_empty());
        assert!(matches!(store.remove("alice"), Err(TrustError::NotFound(_))));
    }

    #[test]
    fn default_names_are_valid_for_every_kid() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("h"));
        // Enough keys that some kids start with '-' or '_'.
        for seed in 0..64u8 {
            let key = SigningKey::from_bytes(&[seed; 32]).verifying_key();
            let f = dir.path().join("k.pub");
            fs::write(&f, public_key_pem(&key)).unwrap();
            assert!(matches!(
                TrustStore::new(&home).add(&f, None, false, &Restrictions::default()).unwrap(),
                Added::New(_)
            ));
        }
    }

    #[test]
    fn proofs_are_not_keys_for_trust_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let key = SigningKey::from_bytes(&[6u8; 32]);
        let digest = crate::proof::hash_reader(&b"x"[..], None).unwrap();
        let body = crate::proof::ProofBody::new(
            "x",
            &digest,
            &key.verifying_key(),
            std::time::SystemTime::now(),
            Default::default(),
        )
        .unwrap();
        let proof = dir.path().join("x.pub");
        fs::write(&proof, body.sign(&key).to_json_pretty()).unwrap();
        let err = read_public_key(&proof).unwrap_err().to_string();
        assert!(err.contains("not a public key (a proof"), "{err}");
        // trust add may take the signer from a proof, deliberately.
        assert_eq!(read_key_or_proof(&proof).unwrap(), key.verifying_key());
        let mut weak = [0u8; 32];
        weak[0] = 1;
        fs::write(&proof, crate::keys::public_key_pem_from_bytes(&weak)).unwrap();
        assert!(read_public_key(&proof).unwrap_err().to_string().contains("small-order"));
    }
}
