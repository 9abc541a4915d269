//! The user's own keys on disk: `keys/NAME.key` (0600, sealed or PKCS#8) beside `keys/NAME.pub`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use pkcs8::{EncryptedPrivateKeyInfo, der::Decode, pkcs5};
use zeroize::Zeroizing;

use super::envelope::{self, KdfParams, OpenError};
use super::pkcs11::{TokenError, TokenRef};
use super::{
    kid, openssh, parse_public_key_pem, pkcs8_algorithm, pkcs8_v1_pem, public_key_pem,
    signing_key_from_pkcs8_der,
};
use crate::fsutil::{self, Mode, WriteError, describe_io};
use crate::home::{Home, HomeError, check_not_shared};
use crate::name::is_plain_name;

/// Errors about the user's own keys. Each message names the file or key and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "invalid key name {0:?}: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
    )]
    InvalidName(String),
    #[error("no key named {name:?} in {}; see `proofctl key list`", dir.display())]
    NotFound { name: String, dir: PathBuf },
    #[error("{}: default_key = {name:?}: {why}; choose another with `proofctl key default NAME`, or pass --key", path.display())]
    BadDefault { path: PathBuf, name: String, why: String },
    #[error("no key in {}; create one with `proofctl keygen`", .0.display())]
    NoKeys(PathBuf),
    #[error("several keys ({}) and none is the default; pass --key NAME, or choose the default with `proofctl key default NAME`", .0.join(", "))]
    Ambiguous(Vec<String>),
    #[error("{}: wrong passphrase (or the key file was altered)", .0.display())]
    WrongPassphrase(PathBuf),
    #[error("{}: {why}", path.display())]
    Malformed { path: PathBuf, why: String },
    #[error("{}: {}", path.display(), describe_io(source))]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Home(#[from] HomeError),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(
        "{}: this key lives on a PKCS#11 token and its private key never leaves it: `sign` and \
         `license issue` use it on the token, other commands cannot (its PIN is changed with the \
         token's own tools, e.g. `pkcs11-tool --change-pin`)", .0.display()
    )]
    OnToken(PathBuf),
}

/// One of the user's key pairs.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    pub name: String,
    pub kid: String,
    pub public: VerifyingKey,
    /// Whether the private half is sealed under a passphrase (false for a token key, whose
    /// private half is not in the home at all).
    pub encrypted: bool,
    /// For a key on a PKCS#11 token: the reference stored in place of the private key.
    pub token: Option<TokenRef>,
    pub secret_path: PathBuf,
    pub public_path: PathBuf,
}

/// How a new private key is stored.
pub enum Protection<'a> {
    Passphrase(&'a [u8], KdfParams),
    /// Plain PKCS#8 v1 PEM; only when the user asks (`--no-passphrase`).
    None,
}

/// A private key file as found on disk, not yet unlocked.
pub enum SecretKeyFile {
    /// proofctl's own Argon2id + AES-256-GCM envelope.
    Sealed(String),
    /// `-----BEGIN PRIVATE KEY-----`: PKCS#8 v1 or v2, unencrypted.
    Plain(Zeroizing<Vec<u8>>),
    /// `-----BEGIN ENCRYPTED PRIVATE KEY-----`: PKCS#8 PBES2, as `openssl genpkey -aes-256-cbc` writes.
    Pbes2(Vec<u8>),
    /// `-----BEGIN OPENSSH PRIVATE KEY-----`: `ssh-keygen -t ed25519`, plain or bcrypt-protected.
    OpenSsh(Box<ssh_key::PrivateKey>),
    /// A reference to a key on a PKCS#11 token (`proofctl-pkcs11-key`): no private key here.
    Token(TokenRef),
}

impl SecretKeyFile {
    /// Reads and classifies a private key file without unlocking it.
    pub fn read(path: &Path) -> Result<SecretKeyFile, KeyError> {
        let bytes = Zeroizing::new(
            fsutil::read_bounded(path, fsutil::SMALL_FILE_LIMIT)
                .map_err(|source| KeyError::Io { path: path.into(), source })?,
        );
        let text = Zeroizing::new(String::from_utf8(bytes.to_vec()).map_err(|_| {
            KeyError::Malformed {
                path: path.into(),
                why: "not a text key file; expected a proofctl key, PKCS#8 PEM or an OpenSSH key"
                    .into(),
            }
        })?);
        let malformed = |why: String| KeyError::Malformed { path: path.into(), why };
        if openssh::is_public_line(&text) || text.contains("-----BEGIN PUBLIC KEY-----") {
            return Err(malformed(PUBLIC_NOT_PRIVATE.into()));
        }
        if openssh::is_private(&text) {
            return Ok(SecretKeyFile::OpenSsh(Box::new(
                openssh::read_private(&text).map_err(malformed)?,
            )));
        }
        if TokenRef::is_reference(&text) {
            return Ok(SecretKeyFile::Token(TokenRef::parse(&text).map_err(malformed)?));
        }
        if envelope::is_sealed(&text) {
            // Refused here, before anyone is asked for a passphrase that could not be tried.
            envelope::check_header(&text).map_err(|e| malformed(e.to_string()))?;
            return Ok(SecretKeyFile::Sealed(text.to_string()));
        }
        let (label, doc) = pkcs8::SecretDocument::from_pem(text.trim_start()).map_err(|e| {
            malformed(format!(
                "not a PEM private key ({e}); expected a proofctl key, PKCS#8 PEM or an OpenSSH key"
            ))
        })?;
        match label {
            "PRIVATE KEY" => {
                // Said now, before a passphrase for the stored copy is asked for in vain.
                if let Some(alg) =
                    pkcs8_algorithm(doc.as_bytes()).filter(|a| !a.contains("Ed25519"))
                {
                    return Err(malformed(format!("this is {alg} private key; {ONLY_ED25519}")));
                }
                Ok(SecretKeyFile::Plain(Zeroizing::new(doc.as_bytes().to_vec())))
            }
            "ENCRYPTED PRIVATE KEY" => Ok(SecretKeyFile::Pbes2(doc.as_bytes().to_vec())),
            "RSA PRIVATE KEY" => {
                Err(malformed(format!("this is an RSA private key; {ONLY_ED25519}")))
            }
            "EC PRIVATE KEY" => Err(malformed(format!(
                "this is an elliptic-curve (ECDSA) private key; {ONLY_ED25519}"
            ))),
            "DSA PRIVATE KEY" => {
                Err(malformed(format!("this is a DSA private key; {ONLY_ED25519}")))
            }
            "RSA PUBLIC KEY" => Err(malformed(PUBLIC_NOT_PRIVATE.into())),
            other => Err(malformed(format!(
                "PEM label {other:?} is not a private key; expected a proofctl key, PKCS#8 PEM \
                 (`openssl genpkey -algorithm ed25519`) or an OpenSSH key (`ssh-keygen -t ed25519`)"
            ))),
        }
    }

    pub fn needs_passphrase(&self) -> bool {
        match self {
            SecretKeyFile::Plain(_) | SecretKeyFile::Token(_) => false,
            SecretKeyFile::OpenSsh(k) => k.is_encrypted(),
            _ => true,
        }
    }

    /// Unlocks the key; `path` is only for messages.
    pub fn unlock(&self, passphrase: Option<&[u8]>, path: &Path) -> Result<SigningKey, KeyError> {
        let malformed = |why: String| KeyError::Malformed { path: path.into(), why };
        let need = || {
            passphrase
                .ok_or_else(|| malformed("the key is encrypted but no passphrase was given".into()))
        };
        match self {
            SecretKeyFile::Token(_) => Err(KeyError::OnToken(path.into())),
            SecretKeyFile::Plain(der) => signing_key_from_pkcs8_der(der).map_err(malformed),
            SecretKeyFile::Sealed(text) => envelope::open(text, need()?).map_err(|e| match e {
                OpenError::WrongPassphrase => KeyError::WrongPassphrase(path.into()),
                other => malformed(other.to_string()),
            }),
            SecretKeyFile::OpenSsh(key) => openssh::unlock(
                key,
                if key.is_encrypted() { Some(need()?) } else { None },
            )
            .map_err(|e| match e {
                openssh::UnlockError::WrongPassphrase => KeyError::WrongPassphrase(path.into()),
                openssh::UnlockError::Other(why) => malformed(why),
            }),
            SecretKeyFile::Pbes2(der) => {
                let info = EncryptedPrivateKeyInfo::from_der(der)
                    .map_err(|e| malformed(format!("not an encrypted PKCS#8 key ({e})")))?;
                check_pbes_cost(&info.encryption_algorithm).map_err(malformed)?;
                // PBES2 with CBC has no authenticator: a wrong passphrase shows as bad padding or
                // garbage DER, which we cannot tell apart from a damaged file.
                let doc =
                    info.decrypt(need()?).map_err(|_| KeyError::WrongPassphrase(path.into()))?;
                // Garbage from a wrong passphrase never parses as a PrivateKeyInfo; one that
                // parses was decrypted, and may just be for another algorithm.
                if let Some(alg) =
                    pkcs8_algorithm(doc.as_bytes()).filter(|a| !a.contains("Ed25519"))
                {
                    return Err(malformed(format!("this is {alg} private key; {ONLY_ED25519}")));
                }
                signing_key_from_pkcs8_der(doc.as_bytes())
                    .map_err(|_| KeyError::WrongPassphrase(path.into()))
            }
        }
    }
}

const ONLY_ED25519: &str = "proofctl supports only Ed25519 keys (make one with `proofctl keygen`, \
     `openssl genpkey -algorithm ed25519` or `ssh-keygen -t ed25519`)";

const PUBLIC_NOT_PRIVATE: &str = "this is a public key, not a private one; signing and `key \
     import` need the private key (to trust someone's public key, use `proofctl trust add FILE`)";

/// Bounds the work an encrypted PKCS#8 file may ask of us before we know the passphrase is right:
/// a hostile file could otherwise demand 16 GiB of scrypt memory or 2^31 PBKDF2 rounds.
fn check_pbes_cost(scheme: &pkcs5::EncryptionScheme<'_>) -> Result<(), String> {
    use pkcs5::pbes2::Kdf;
    const MAX_PBKDF2_ROUNDS: u32 = 10_000_000;
    const MAX_SCRYPT_BYTES: u128 = 1 << 30;
    let pkcs5::EncryptionScheme::Pbes2(pbes2) = scheme else {
        return Err("only PBES2 encryption is supported (PBES1 is obsolete); re-encrypt with \
                    `openssl pkcs8 -topk8 -v2 aes-256-cbc`"
            .into());
    };
    match &pbes2.kdf {
        Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ROUNDS => Err(format!(
            "PBKDF2 with {} rounds is beyond the {MAX_PBKDF2_ROUNDS} proofctl accepts",
            p.iteration_count
        )),
        Kdf::Scrypt(p) => {
            let memory = 128 * u128::from(p.cost_parameter) * u128::from(p.block_size);
            if memory > MAX_SCRYPT_BYTES || p.parallelization > 16 {
                return Err(format!(
                    "scrypt N={} r={} p={} asks for more than the 1 GiB and p=16 proofctl accepts",
                    p.cost_parameter, p.block_size, p.parallelization
                ));
            }
            Ok(())
        }
        Kdf::Pbkdf2(_) => Ok(()),
        _ => Err("unsupported key derivation; use PBKDF2 or scrypt".into()),
    }
}

/// Checks a key or trust-store name ([`is_plain_name`]).
pub fn check_name(name: &str) -> Result<(), KeyError> {
    if is_plain_name(name) { Ok(()) } else { Err(KeyError::InvalidName(name.to_string())) }
}

/// The name `keygen` gives a key unless told otherwise; among several keys it is the default.
pub const DEFAULT_NAME: &str = "default";

/// The key directory of a home.
pub struct KeyStore {
    home: Home,
    dir: PathBuf,
}

impl KeyStore {
    pub fn new(home: &Home) -> KeyStore {
        KeyStore { home: home.clone(), dir: home.keys_dir() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Refuses a home or key folder others could write: a key planted there would be used.
    fn check_dir(&self) -> Result<(), KeyError> {
        self.home.check_root()?;
        Ok(check_not_shared(&self.dir)?)
    }

    fn paths(&self, name: &str) -> (PathBuf, PathBuf) {
        (self.dir.join(format!("{name}.key")), self.dir.join(format!("{name}.pub")))
    }

    /// Names of the key pairs in the store, sorted. A missing directory is an empty store.
    fn names(&self) -> Result<Vec<String>, KeyError> {
        self.check_dir()?;
        let rd = match fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(KeyError::Io { path: self.dir.clone(), source }),
        };
        let mut names = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|source| KeyError::Io { path: self.dir.clone(), source })?;
            let path = entry.path();
            // Files we did not write (`my key.key`, editor backups) are not keys of ours.
            if path.extension().is_some_and(|e| e == "key")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
                && check_name(stem).is_ok()
            {
                names.push(stem.to_string());
            }
        }
        names.sort();
        Ok(names)
    }

    /// All key pairs, sorted by name.
    pub fn list(&self) -> Result<Vec<KeyEntry>, KeyError> {
        self.names()?.iter().map(|n| self.get(n)).collect()
    }

    /// The key pair called `name`.
    pub fn get(&self, name: &str) -> Result<KeyEntry, KeyError> {
        self.load(name).map(|(entry, _)| entry)
    }

    /// The key pair called `name` and its private half as found on disk, each file read once.
    fn load(&self, name: &str) -> Result<(KeyEntry, SecretKeyFile), KeyError> {
        check_name(name)?;
        self.check_dir()?;
        let (secret_path, public_path) = self.paths(name);
        if !secret_path.exists() {
            return Err(KeyError::NotFound { name: name.into(), dir: self.dir.clone() });
        }
        check_not_shared(&secret_path)?;
        check_not_shared(&public_path)?;
        let pem = fsutil::read_bounded(&public_path, fsutil::SMALL_FILE_LIMIT)
            .map_err(|source| KeyError::Io { path: public_path.clone(), source })?;
        let public = parse_public_key_pem(&String::from_utf8_lossy(&pem))
            .map_err(|why| KeyError::Malformed { path: public_path.clone(), why })?;
        let secret = SecretKeyFile::read(&secret_path)?;
        let entry = KeyEntry {
            name: name.into(),
            kid: kid(&public),
            public,
            encrypted: secret.needs_passphrase(),
            token: match &secret {
                SecretKeyFile::Token(r) => Some(r.clone()),
                _ => None,
            },
            secret_path,
            public_path,
        };
        Ok((entry, secret))
    }

    /// The key `sign` uses when none is named: `default_key` from config.toml, else the only
    /// key, else the one named `default` (what `keygen` calls a key unless told otherwise).
    pub fn default_key(&self) -> Result<KeyEntry, KeyError> {
        self.get(&self.default_name()?)
    }

    /// Makes `name` the default key (`default_key` in config.toml, the rest of the file kept).
    pub fn set_default(&self, name: &str) -> Result<KeyEntry, KeyError> {
        let entry = self.get(name)?;
        self.home.set_config("default_key", name)?;
        Ok(entry)
    }

    /// The name of the default key, found without opening any key file.
    pub fn default_name(&self) -> Result<String, KeyError> {
        if let Some(name) = self.home.config()?.default_key {
            let bad = |why: &str| KeyError::BadDefault {
                path: self.home.config_path(),
                name: name.clone(),
                why: why.into(),
            };
            if check_name(&name).is_err() {
                return Err(bad("not a valid key name"));
            }
            if !self.paths(&name).0.exists() {
                return Err(bad("no such key"));
            }
            return Ok(name);
        }
        let mut names = self.names()?;
        match names.len() {
            0 => Err(KeyError::NoKeys(self.dir.clone())),
            1 => Ok(names.remove(0)),
            _ if names.iter().any(|n| n == DEFAULT_NAME) => Ok(DEFAULT_NAME.into()),
            _ => Err(KeyError::Ambiguous(names)),
        }
    }

    /// Stores a new key pair. Without `force`, an existing key of that name is never touched;
    /// with it, the private key it replaces is first copied to `NAME.key.bak-TIMESTAMP` (0600),
    /// whose path is returned: a forced keygen must not destroy a key silently.
    pub fn create(
        &self,
        name: &str,
        key: &SigningKey,
        protection: Protection<'_>,
        force: bool,
    ) -> Result<(KeyEntry, Option<PathBuf>), KeyError> {
        let secret: Zeroizing<String> = match protection {
            Protection::Passphrase(pw, params) => Zeroizing::new(envelope::seal(key, pw, params)),
            Protection::None => pkcs8_v1_pem(key),
        };
        self.store_pair(name, secret.as_bytes(), &key.verifying_key(), force)
    }

    /// Stores a key that lives on a PKCS#11 token: the reference in place of the private key,
    /// the public key beside it. Same rules as [`KeyStore::create`] for an existing name.
    pub fn create_token(
        &self,
        name: &str,
        reference: &TokenRef,
        public: &VerifyingKey,
        force: bool,
    ) -> Result<(KeyEntry, Option<PathBuf>), KeyError> {
        self.store_pair(name, reference.to_text().as_bytes(), public, force)
    }

    /// Writes `NAME.key` (0600) and `NAME.pub` by the rules of [`KeyStore::create`].
    fn store_pair(
        &self,
        name: &str,
        secret: &[u8],
        public: &VerifyingKey,
        force: bool,
    ) -> Result<(KeyEntry, Option<PathBuf>), KeyError> {
        check_name(name)?;
        self.home.check_root()?;
        self.home.ensure_dir(&self.dir)?;
        let (secret_path, public_path) = self.paths(name);
        if !force {
            for p in [&secret_path, &public_path] {
                if p.exists() {
                    return Err(WriteError::Exists(p.clone()).into());
                }
            }
        }
        let backup = if secret_path.exists() { Some(self.back_up(&secret_path)?) } else { None };
        fsutil::write_atomic(&secret_path, secret, Mode::Private, force)?;
        fsutil::write_atomic(&public_path, public_key_pem(public).as_bytes(), Mode::Public, force)?;
        Ok((self.get(name)?, backup))
    }

    /// Copies a private key file to `FILE.bak-YYYYMMDDTHHMMSSZ` beside it, 0600, never over
    /// another backup.
    fn back_up(&self, secret_path: &Path) -> Result<PathBuf, KeyError> {
        let bytes = Zeroizing::new(
            fsutil::read_bounded(secret_path, fsutil::SMALL_FILE_LIMIT)
                .map_err(|source| KeyError::Io { path: secret_path.into(), source })?,
        );
        let stamp = file_stamp();
        let base = format!("{}.bak-{stamp}", secret_path.display());
        for n in 1u32.. {
            let path = PathBuf::from(if n == 1 { base.clone() } else { format!("{base}-{n}") });
            match fsutil::write_atomic(&path, &bytes, Mode::Private, false) {
                Err(WriteError::Exists(_)) => continue,
                other => return other.map(|()| path).map_err(KeyError::from),
            }
        }
        unreachable!("some backup name is free")
    }

    /// Unlocks the private half of `entry`.
    pub fn unlock(
        &self,
        entry: &KeyEntry,
        passphrase: Option<&[u8]>,
    ) -> Result<SigningKey, KeyError> {
        let key =
            SecretKeyFile::read(&entry.secret_path)?.unlock(passphrase, &entry.secret_path)?;
        check_pair(&key, &entry.public, &entry.public_path)?;
        Ok(key)
    }
}

/// What [`KeyStore::rename`] changed besides the files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renamed {
    /// Whether the key was the default one, and still is under its new name.
    pub default: bool,
    /// The config.toml settings that named the old name and now name the new one.
    pub settings: Vec<&'static str>,
}

/// Where [`KeyStore::remove`] put a key pair: the private key is never destroyed by proofctl.
#[derive(Debug, Clone)]
pub struct Removed {
    pub name: String,
    /// None when the stored public key could not be read (a damaged pair may still be removed).
    pub kid: Option<String>,
    pub private_key_path: PathBuf,
    pub public_key_path: Option<PathBuf>,
    /// The config.toml settings that named the key and were dropped.
    pub settings: Vec<&'static str>,
}

/// The settings in config.toml that hold a key name.
const KEY_SETTINGS: [&str; 2] = ["default_key", "sync_key"];

impl KeyStore {
    /// Replaces the private key file of `entry` with `key` stored under `protection`: the new
    /// file is written beside it, synced and renamed over it, so a crash leaves the old one or
    /// the new one, never neither. The caller has unlocked `key` from that file (so a wrong old
    /// passphrase never reaches here); it is checked again against the `.pub`.
    pub fn reseal(
        &self,
        entry: &KeyEntry,
        key: &SigningKey,
        protection: Protection<'_>,
    ) -> Result<KeyEntry, KeyError> {
        self.check_dir()?;
        check_pair(key, &entry.public, &entry.public_path)?;
        let secret: Zeroizing<String> = match protection {
            Protection::Passphrase(pw, params) => Zeroizing::new(envelope::seal(key, pw, params)),
            Protection::None => pkcs8_v1_pem(key),
        };
        fsutil::write_atomic(&entry.secret_path, secret.as_bytes(), Mode::Private, true)?;
        self.get(&entry.name)
    }

    /// The settings of config.toml that name `name` (`default_key`, `sync_key`).
    fn settings_naming(&self, name: &str) -> Result<Vec<&'static str>, KeyError> {
        let config = self.home.config()?;
        let named = [config.default_key, config.sync_key];
        Ok(KEY_SETTINGS
            .iter()
            .zip(named)
            .filter(|(_, v)| v.as_deref() == Some(name))
            .map(|(k, _)| *k)
            .collect())
    }

    /// Renames the key pair `old` to `new`. An existing `new` is never replaced (the files are
    /// linked under the new name, which fails if it exists, before the old names go). Settings
    /// that named `old` name `new` afterwards; a key that was the default only by being called
    /// `default` among several keys is made the default explicitly, so it stays the default.
    pub fn rename(&self, old: &str, new: &str) -> Result<(KeyEntry, Renamed), KeyError> {
        check_name(new)?;
        let entry = self.get(old)?;
        let (new_secret, new_public) = self.paths(new);
        if old == new {
            return Err(WriteError::Exists(new_secret).into());
        }
        let was_default = self.default_name().is_ok_and(|d| d == old);
        let mut settings = self.settings_naming(old)?;
        let several = self.names()?.len() > 1;
        if was_default && !settings.contains(&"default_key") && several {
            settings.insert(0, "default_key");
        }
        link_new(&entry.secret_path, &new_secret)?;
        if let Err(e) = link_new(&entry.public_path, &new_public) {
            let _ = fs::remove_file(&new_secret);
            return Err(e);
        }
        for setting in &settings {
            if let Err(e) = self.home.set_config(setting, new) {
                let _ = fs::remove_file(&new_secret);
                let _ = fs::remove_file(&new_public);
                return Err(e.into());
            }
        }
        for p in [&entry.secret_path, &entry.public_path] {
            fs::remove_file(p).map_err(|source| KeyError::Io { path: p.clone(), source })?;
        }
        fsutil::sync_dir(&self.dir);
        Ok((self.get(new)?, Renamed { default: was_default, settings }))
    }

    /// Takes the key pair `name` out of the store: both files are moved to
    /// `keys/removed/NAME.YYYYMMDDTHHMMSSZ.key` and `.pub` (0600 and 0700 kept), never deleted,
    /// and settings naming the key are dropped from config.toml. A pair whose `.pub` is damaged
    /// or missing can still be removed.
    pub fn remove(&self, name: &str) -> Result<Removed, KeyError> {
        check_name(name)?;
        self.check_dir()?;
        let (secret_path, public_path) = self.paths(name);
        if !secret_path.exists() {
            return Err(KeyError::NotFound { name: name.into(), dir: self.dir.clone() });
        }
        let kid = self.get(name).ok().map(|e| e.kid);
        let settings = self.settings_naming(name)?;
        let removed = self.removed_dir();
        self.home.ensure_dir(&removed)?;
        let stamp = file_stamp();
        let (dest_secret, dest_public) = (1u32..)
            .map(|n| {
                let base =
                    if n == 1 { format!("{name}.{stamp}") } else { format!("{name}.{stamp}-{n}") };
                (removed.join(format!("{base}.key")), removed.join(format!("{base}.pub")))
            })
            .find(|(s, p)| !s.exists() && !p.exists())
            .expect("some name is free");
        link_new(&secret_path, &dest_secret)?;
        let public_moved = public_path.exists();
        if public_moved && let Err(e) = link_new(&public_path, &dest_public) {
            let _ = fs::remove_file(&dest_secret);
            return Err(e);
        }
        fs::remove_file(&secret_path)
            .map_err(|source| KeyError::Io { path: secret_path.clone(), source })?;
        if public_moved {
            fs::remove_file(&public_path)
                .map_err(|source| KeyError::Io { path: public_path.clone(), source })?;
        }
        fsutil::sync_dir(&self.dir);
        for setting in &settings {
            self.home.unset_config(setting)?;
        }
        Ok(Removed {
            name: name.into(),
            kid,
            private_key_path: dest_secret,
            public_key_path: public_moved.then_some(dest_public),
            settings,
        })
    }

    /// Where removed key pairs are kept: `keys/removed/`, which is not a key folder (nothing in
    /// it is listed or used).
    pub fn removed_dir(&self) -> PathBuf {
        self.dir.join("removed")
    }
}

/// UTC now as `YYYYMMDDTHHMMSSZ`, for file names.
fn file_stamp() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect()
}

/// Gives `from` the second name `to`, refusing an existing `to` (a hard link cannot replace a
/// file, so a name taken meanwhile is not lost); where hard links are not supported, a rename
/// after checking `to` is free.
fn link_new(from: &Path, to: &Path) -> Result<(), KeyError> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(WriteError::Exists(to.to_path_buf()).into())
        }
        Err(e)
            if matches!(e.kind(), io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied) =>
        {
            if fs::symlink_metadata(to).is_ok() {
                return Err(WriteError::Exists(to.to_path_buf()).into());
            }
            // The caller removes `from` afterwards; a copy keeps that step the same.
            fs::copy(from, to)
                .map(|_| ())
                .map_err(|source| KeyError::Io { path: to.into(), source })
        }
        Err(source) => Err(KeyError::Io { path: to.into(), source }),
    }
}

/// A private key chosen for signing, not yet unlocked.
pub struct LockedKey {
    /// The key's name in the home, or the path it was given as.
    pub label: String,
    secret: SecretKeyFile,
    secret_path: PathBuf,
    /// The public half recorded in the home and its file, checked against the unlocked key.
    expected: Option<(VerifyingKey, PathBuf)>,
}

impl LockedKey {
    pub fn needs_passphrase(&self) -> bool {
        self.secret.needs_passphrase()
    }

    /// For a key on a PKCS#11 token: its reference, and the public key the home stores for it
    /// (which the token's must match).
    pub fn token(&self) -> Option<(&TokenRef, Option<&VerifyingKey>)> {
        match &self.secret {
            SecretKeyFile::Token(r) => Some((r, self.expected.as_ref().map(|(k, _)| k))),
            _ => None,
        }
    }

    pub fn unlock(&self, passphrase: Option<&[u8]>) -> Result<SigningKey, KeyError> {
        let key = self.secret.unlock(passphrase, &self.secret_path)?;
        if let Some((public, public_path)) = &self.expected {
            check_pair(&key, public, public_path)?;
        }
        Ok(key)
    }
}

impl KeyStore {
    /// The key `sign --key ARG` means: a path when ARG contains a path separator (`./key.pem`),
    /// otherwise a key name in the home; the default key when there is no ARG. Never decided by
    /// whether a file of that name happens to exist in the working directory.
    pub fn resolve(&self, arg: Option<&str>) -> Result<LockedKey, KeyError> {
        if let Some(v) = arg.filter(|v| v.contains('/') || v.contains(std::path::MAIN_SEPARATOR)) {
            let path = PathBuf::from(v);
            return Ok(LockedKey {
                label: path.display().to_string(),
                secret: SecretKeyFile::read(&path)?,
                secret_path: path,
                expected: None,
            });
        }
        let name = match arg {
            Some(name) => name.to_string(),
            None => self.default_name()?,
        };
        self.locked(&name)
    }

    /// The key pair called `name`, ready to unlock.
    pub fn locked(&self, name: &str) -> Result<LockedKey, KeyError> {
        let (entry, secret) = self.load(name)?;
        Ok(LockedKey {
            label: entry.name,
            secret,
            secret_path: entry.secret_path,
            expected: Some((entry.public, entry.public_path)),
        })
    }
}

/// Checks that an unlocked private key is the one its `.pub` names, so a mixed-up pair never
/// produces proofs that claim one key and carry another's signature.
pub fn check_pair(
    key: &SigningKey,
    public: &VerifyingKey,
    public_path: &Path,
) -> Result<(), KeyError> {
    if key.verifying_key() == *public {
        return Ok(());
    }
    Err(KeyError::Malformed {
        path: public_path.into(),
        why: "does not match its private key (.key); put back the right .pub, or re-import the private key with `proofctl key import --force`".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams::FAST_FOR_TESTS;

    #[test]
    fn hostile_pbkdf2_costs_are_refused() {
        let (salt, iv) = ([1u8; 16], [2u8; 16]);
        let huge =
            pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(50_000_000, &salt, &iv).unwrap();
        let err = check_pbes_cost(&pkcs5::EncryptionScheme::Pbes2(huge)).unwrap_err();
        assert!(err.contains("PBKDF2 with 50000000 rounds"), "{err}");
        let normal = pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(2048, &salt, &iv).unwrap();
        check_pbes_cost(&pkcs5::EncryptionScheme::Pbes2(normal)).unwrap();
    }

    #[test]
    fn names_are_checked() {
        for good in ["default", "work-2026", "a.b_c"] {
            check_name(good).unwrap();
        }
        for bad in ["", "../x", ".hidden", "a/b", "naïve", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn create_list_default_and_unlock() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("home"));
        let store = KeyStore::new(&home);
        assert!(matches!(store.default_key(), Err(KeyError::NoKeys(_))));
        let a = SigningKey::from_bytes(&[1u8; 32]);
        let (e, _) = store.create("a", &a, Protection::Passphrase(b"pw", FAST), false).unwrap();
        assert!(e.encrypted);
        assert_eq!(store.default_key().unwrap().name, "a");
        assert!(matches!(
            store.create("a", &a, Protection::None, false),
            Err(KeyError::Write(WriteError::Exists(_)))
        ));
        let b = SigningKey::from_bytes(&[2u8; 32]);
        assert!(!store.create("b", &b, Protection::None, false).unwrap().0.encrypted);
        assert!(matches!(store.default_key(), Err(KeyError::Ambiguous(_))));
        // Among several keys, the one called "default" is the default; config.toml wins.
        store.create(DEFAULT_NAME, &b, Protection::None, false).unwrap();
        assert_eq!(store.default_name().unwrap(), DEFAULT_NAME);
        store.set_default("a").unwrap();
        assert_eq!(store.default_name().unwrap(), "a");
        assert!(matches!(store.set_default("zz"), Err(KeyError::NotFound { .. })));
        // --force keeps the key it replaces.
        let (_, backup) = store.create("b", &a, Protection::None, true).unwrap();
        let backup = backup.unwrap();
        assert!(backup.file_name().unwrap().to_str().unwrap().starts_with("b.key.bak-"));
        let old = SecretKeyFile::read(&backup).unwrap().unlock(None, &backup).unwrap();
        assert_eq!(old.to_bytes(), b.to_bytes());
        assert_eq!(store.unlock(&e, Some(b"pw")).unwrap().to_bytes(), a.to_bytes());
        assert!(matches!(store.unlock(&e, Some(b"no")), Err(KeyError::WrongPassphrase(_))));
        let names: Vec<_> = store.list().unwrap().into_iter().map(|k| k.name).collect();
        assert_eq!(names, ["a", "b", DEFAULT_NAME]);
    }
}
