//! The proofctl home: where keys, the trust store and config live, and how it is found.

use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::fsutil;

/// Errors finding or reading the home.
#[derive(Debug, thiserror::Error)]
pub enum HomeError {
    #[error("cannot find a home directory for proofctl; pass --home DIR or set PROOFCTL_HOME")]
    NoDefault,
    #[error("{}: cannot create the proofctl home: {source}; pass --home DIR to use another place", path.display())]
    Create { path: PathBuf, source: io::Error },
    #[error("{}: invalid config: {message}; fix or remove the file", path.display())]
    Config { path: PathBuf, message: String },
    /// A part of the home someone else could have written: keys, trust entries or settings
    /// (which name the ONNX Runtime library to load) planted there would be believed.
    #[error("{}: {why}, so another user could plant keys or settings here; {fix}", path.display())]
    NotPrivate { path: PathBuf, why: String, fix: String },
}

/// Settings read from `config.toml` in the home. Unknown keys are an error so typos surface.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Key used by `sign` when `--key` is not given and the home holds several keys.
    pub default_key: Option<String>,
    /// The sentence-embedding model (in `models/`) that `index add` and `search` use.
    pub default_model: Option<String>,
    /// The ONNX Runtime shared library (`libonnxruntime.so.N`); `ORT_DYLIB_PATH` overrides it.
    pub onnxruntime: Option<PathBuf>,
    /// The sync server `proofctl sync` uses when --server is not given.
    pub sync_server: Option<String>,
    /// The key pair `proofctl sync` signs in with when --key is not given.
    pub sync_key: Option<String>,
    /// Time-stamping authorities (RFC 3161 URLs) that `sign --timestamp` and `timestamp` use
    /// when no --tsa is given.
    #[serde(default)]
    pub tsa: Vec<String>,
}

/// File name of the index inside the home (SQLite adds `-wal` and `-shm` beside it).
pub const INDEX_FILE: &str = "index.sqlite";

/// A resolved home directory. Nothing is created until a command needs to write.
#[derive(Debug, Clone)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    /// `explicit` comes from `--home` or `PROOFCTL_HOME`; otherwise the platform data directory
    /// (`$XDG_DATA_HOME/proofctl`, usually `~/.local/share/proofctl`).
    pub fn resolve(explicit: Option<PathBuf>) -> Result<Home, HomeError> {
        let root = match explicit {
            Some(p) => p,
            None => dirs::data_dir().ok_or(HomeError::NoDefault)?.join("proofctl"),
        };
        Ok(Home { root })
    }

    pub fn at(root: impl Into<PathBuf>) -> Home {
        Home { root: root.into() }
    }

    /// Private and public halves of the user's own keys.
    pub fn keys_dir(&self) -> PathBuf {
        self.root.join("keys")
    }

    /// Public keys of other people that the user trusts.
    pub fn trust_dir(&self) -> PathBuf {
        self.root.join("trust")
    }

    /// Root certificates of the time-stamping authorities the user trusts (`trust add-tsa`).
    pub fn tsa_dir(&self) -> PathBuf {
        self.root.join("tsa")
    }

    /// The newest licence revocation list seen per vendor key (the rollback high-water marks).
    pub fn revocations_dir(&self) -> PathBuf {
        self.root.join("revocations")
    }

    /// The clock high-water mark of licence checks on this installation (docs: README, Licences).
    pub fn license_clock_path(&self) -> PathBuf {
        self.root.join("license").join("clock.json")
    }

    /// The vendor's registry of issued licences (SQLite).
    pub fn license_registry_path(&self) -> PathBuf {
        self.root.join("license").join("registry.sqlite")
    }

    /// Rotation statements (`key rotate`, `trust add-rotation`): `rotations/OLD.NEW.json`.
    pub fn rotations_dir(&self) -> PathBuf {
        self.root.join("rotations")
    }

    /// What `sync` keeps per server outside the index: `sync/HOST_PORT/keys/*.pub`.
    pub fn sync_dir(&self) -> PathBuf {
        self.root.join("sync")
    }

    /// The local index of signed and indexed files (SQLite).
    pub fn index_path(&self) -> PathBuf {
        self.root.join(INDEX_FILE)
    }

    /// The home directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Refuses a home that someone else could have written (see [`check_not_shared`]).
    pub fn check_root(&self) -> Result<(), HomeError> {
        check_not_shared(&self.root)
    }

    /// Sets one top-level string setting in `config.toml`, keeping everything else in it
    /// (comments and layout too) and its permissions.
    pub fn set_config(&self, key: &str, value: &str) -> Result<(), HomeError> {
        let path = self.config_path();
        self.check_root()?;
        check_not_shared(&path)?;
        let bad = |message: String| HomeError::Config { path: path.clone(), message };
        let (mut doc, private) = match fsutil::read_bounded(&path, fsutil::SMALL_FILE_LIMIT) {
            Ok(b) => {
                let text = String::from_utf8(b).map_err(|_| bad("not UTF-8 text".into()))?;
                let doc: toml_edit::DocumentMut =
                    text.parse().map_err(|e: toml_edit::TomlError| bad(e.message().into()))?;
                (doc, is_private(&path))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => (toml_edit::DocumentMut::new(), false),
            Err(e) => return Err(bad(fsutil::describe_io(&e))),
        };
        doc[key] = toml_edit::value(value);
        self.ensure_root()?;
        let mode = if private { fsutil::Mode::Private } else { fsutil::Mode::Public };
        fsutil::write_atomic(&path, doc.to_string().as_bytes(), mode, true)
            .map_err(|e| bad(e.to_string()))
    }

    /// Removes one top-level setting from `config.toml` (keeping the rest, its comments and
    /// permissions); a missing file or setting is left as it is.
    pub fn unset_config(&self, key: &str) -> Result<(), HomeError> {
        let path = self.config_path();
        self.check_root()?;
        check_not_shared(&path)?;
        let bad = |message: String| HomeError::Config { path: path.clone(), message };
        let text = match fsutil::read_bounded(&path, fsutil::SMALL_FILE_LIMIT) {
            Ok(b) => String::from_utf8(b).map_err(|_| bad("not UTF-8 text".into()))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(bad(fsutil::describe_io(&e))),
        };
        let mut doc: toml_edit::DocumentMut =
            text.parse().map_err(|e: toml_edit::TomlError| bad(e.message().into()))?;
        if doc.remove(key).is_none() {
            return Ok(());
        }
        let mode = if is_private(&path) { fsutil::Mode::Private } else { fsutil::Mode::Public };
        fsutil::write_atomic(&path, doc.to_string().as_bytes(), mode, true)
            .map_err(|e| bad(e.to_string()))
    }

    /// Creates the home itself if missing (0700).
    pub fn ensure_root(&self) -> Result<(), HomeError> {
        if self.root.is_dir() {
            return Ok(());
        }
        fsutil::create_private_dir(&self.root)
            .map_err(|source| HomeError::Create { path: self.root.clone(), source })
    }

    pub fn config_path(&self) -> PathBuf {
        self.root.join("config.toml")
    }

    /// Creates the home if missing, and `sub` inside it, private (0700). `sub` is made 0700 even
    /// when it exists, since it holds keys; an existing home (perhaps a project folder given
    /// with --home) keeps its mode.
    pub fn ensure_dir(&self, sub: &Path) -> Result<(), HomeError> {
        let create = |dir: &Path| {
            fsutil::create_private_dir(dir)
                .map_err(|source| HomeError::Create { path: dir.to_path_buf(), source })
        };
        if !self.root.is_dir() {
            create(&self.root)?;
        }
        create(sub)
    }

    /// Reads `config.toml`; a missing file is the default config.
    pub fn config(&self) -> Result<Config, HomeError> {
        let path = self.config_path();
        self.check_root()?;
        check_not_shared(&path)?;
        let bytes = match fsutil::read_bounded(&path, fsutil::SMALL_FILE_LIMIT) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(HomeError::Config { path, message: fsutil::describe_io(&e) }),
        };
        let text = String::from_utf8(bytes).map_err(|_| HomeError::Config {
            path: path.clone(),
            message: "not UTF-8 text".into(),
        })?;
        toml::from_str(&text)
            .map_err(|e| HomeError::Config { path, message: e.message().to_string() })
    }
}

/// Refuses, as ssh's StrictModes does, a part of the home (the home itself, `keys/`, `trust/`,
/// `config.toml`, the files in `keys/` and `trust/`) that is writable by group or others, or owned
/// by anyone but the user or root. A missing path is fine: nothing can be read from it.
#[cfg(unix)]
pub fn check_not_shared(path: &Path) -> Result<(), HomeError> {
    use std::os::unix::fs::MetadataExt;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    let me = rustix::process::geteuid().as_raw();
    let kind = if meta.is_dir() { "folder" } else { "file" };
    if meta.uid() != me && meta.uid() != 0 {
        return Err(HomeError::NotPrivate {
            path: path.into(),
            why: format!(
                "this {kind} is owned by uid {}, not by you (uid {me}) or root",
                meta.uid()
            ),
            fix: format!("chown {me} {}, or use a home of your own", path.display()),
        });
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        let who = match (mode & 0o020 != 0, mode & 0o002 != 0) {
            (true, true) => "group and others",
            (true, false) => "its group",
            _ => "others",
        };
        return Err(HomeError::NotPrivate {
            path: path.into(),
            why: format!("this {kind} is writable by {who} (mode {mode:04o})"),
            fix: format!("chmod go-w {}", path.display()),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn check_not_shared(_path: &Path) -> Result<(), HomeError> {
    Ok(())
}

/// Whether only the owner may read `path` (then a rewrite keeps it that way).
#[cfg(unix)]
fn is_private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn is_private(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn config_rejects_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path());
        assert!(home.config().unwrap().default_key.is_none());
        fs::write(home.config_path(), "default_key = \"work\"\n").unwrap();
        assert_eq!(home.config().unwrap().default_key.as_deref(), Some("work"));
        fs::write(home.config_path(), "defualt_key = \"work\"\n").unwrap();
        assert!(matches!(home.config(), Err(HomeError::Config { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn a_home_others_can_write_is_refused_wherever_it_is_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("h"));
        // Missing parts are fine: nothing can be read from them.
        home.config().unwrap();
        home.ensure_root().unwrap();
        fs::write(home.config_path(), "default_key = \"x\"\n").unwrap();
        fs::set_permissions(home.root(), fs::Permissions::from_mode(0o777)).unwrap();
        let err = home.config().unwrap_err().to_string();
        assert!(err.contains("writable by group and others (mode 0777)"), "{err}");
        assert!(err.ends_with(&format!("chmod go-w {}", home.root().display())), "{err}");
        fs::set_permissions(home.root(), fs::Permissions::from_mode(0o755)).unwrap();
        fs::set_permissions(home.config_path(), fs::Permissions::from_mode(0o620)).unwrap();
        assert!(home.config().unwrap_err().to_string().contains("writable by its group"));
        assert!(matches!(home.set_config("default_key", "y"), Err(HomeError::NotPrivate { .. })));
        fs::set_permissions(home.config_path(), fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(home.config().unwrap().default_key.as_deref(), Some("x"));
    }

    #[test]
    fn set_config_keeps_comments_and_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path());
        fs::write(home.config_path(), "# my keys\ndefault_key = \"work\" # the laptop one\n")
            .unwrap();
        home.set_config("default_model", "minilm").unwrap();
        let text = fs::read_to_string(home.config_path()).unwrap();
        assert!(text.contains("# my keys") && text.contains("# the laptop one"), "{text}");
        let c = home.config().unwrap();
        assert_eq!(
            (c.default_key.as_deref(), c.default_model.as_deref()),
            (Some("work"), Some("minilm"))
        );
    }
}
