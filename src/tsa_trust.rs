//! Which TSAs count: the home's TSA root store (`HOME/tsa/NAME.pem`, `trust add-tsa`) and
//! `verify --tsa-trust DIR`. A TSA root is a CA certificate; tokens whose chain ends at one are
//! `valid`, others at best `untrusted`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use der::{Encode, EncodePem};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::BasicConstraints;

use crate::fsutil::{self, Mode, WriteError, describe_io};
use crate::home::{Home, HomeError};
use crate::name::is_plain_name;

/// A root file is small; a bundle of a few CA certificates at most.
const MAX_ROOT_FILE: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum TsaTrustError {
    #[error("{}: {}", path.display(), describe_io(source))]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{}: not a PEM certificate file (no -----BEGIN CERTIFICATE----- line); give the TSA's root certificate in PEM (for DER: `openssl x509 -inform DER -in ROOT.der -out ROOT.pem`)",
        .0.display()
    )]
    NotPem(PathBuf),
    #[error(
        "{}: not a valid certificate ({why}); give the TSA's root certificate in PEM",
        path.display()
    )]
    BadCert { path: PathBuf, why: String },
    #[error(
        "{}: {subject} is not a CA certificate (no basicConstraints CA:TRUE); trust the root CA that issued the TSA's certificate, not the TSA's own certificate",
        path.display()
    )]
    NotCa { path: PathBuf, subject: String },
    #[error("{}: not a directory; --tsa-trust takes a folder of *.pem TSA root certificates", .0.display())]
    NotADir(PathBuf),
    #[error("{}: TSA trust dir not found; --tsa-trust takes a folder of *.pem TSA root certificates", .0.display())]
    NoDir(PathBuf),
    #[error("{}: TSA trust dir holds no *.pem files; put TSA root certificates there as NAME.pem", .0.display())]
    EmptyDir(PathBuf),
    #[error("no trusted TSA root named {0:?}; see `proofctl trust list`")]
    NotFound(String),
    #[error(
        "invalid TSA root name {0:?}: use 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit"
    )]
    InvalidName(String),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Home(#[from] HomeError),
}

impl TsaTrustError {
    /// The stable code of the `--json` error document.
    pub fn code(&self) -> &'static str {
        match self {
            TsaTrustError::NotFound(_) | TsaTrustError::NoDir(_) => "not_found",
            TsaTrustError::Write(WriteError::Exists(_)) => "exists",
            TsaTrustError::Write(_) => "io",
            TsaTrustError::Home(_) => "home",
            _ => "input",
        }
    }
}

/// One trusted TSA root file.
#[derive(Debug, Clone)]
pub struct TsaRoot {
    /// The file's stem: the name `trust add-tsa` stored it under.
    pub name: String,
    pub path: PathBuf,
    /// The certificates in the file (one, usually), every one a CA.
    pub certs: Vec<Certificate>,
}

impl TsaRoot {
    /// The first certificate's subject (RFC 4514). Untrusted text.
    pub fn subject(&self) -> String {
        self.certs[0].tbs_certificate.subject.to_string()
    }

    /// SHA-256 of the first certificate's DER, lowercase hex: how people compare roots.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.certs[0])
    }

    /// The first certificate's notAfter, RFC 3339.
    pub fn not_after(&self) -> String {
        let t = self.certs[0].tbs_certificate.validity.not_after.to_system_time();
        humantime::format_rfc3339_seconds(t).to_string()
    }
}

fn fingerprint(c: &Certificate) -> String {
    hex::encode(Sha256::digest(c.to_der().unwrap_or_default()))
}

fn is_ca(c: &Certificate) -> bool {
    matches!(c.tbs_certificate.get::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
}

/// Reads a TSA root file: PEM, one or more certificates, every one a CA.
pub fn read_root_file(path: &Path) -> Result<Vec<Certificate>, TsaTrustError> {
    let bytes = fsutil::read_bounded(path, MAX_ROOT_FILE)
        .map_err(|source| TsaTrustError::Io { path: path.into(), source })?;
    if !bytes.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
        return Err(TsaTrustError::NotPem(path.into()));
    }
    let certs = Certificate::load_pem_chain(&bytes)
        .map_err(|e| TsaTrustError::BadCert { path: path.into(), why: e.to_string() })?;
    if certs.is_empty() {
        return Err(TsaTrustError::NotPem(path.into()));
    }
    if let Some(c) = certs.iter().find(|c| !is_ca(c)) {
        return Err(TsaTrustError::NotCa {
            path: path.into(),
            subject: c.tbs_certificate.subject.to_string(),
        });
    }
    Ok(certs)
}

/// Every `*.pem` in `dir`, sorted by name. The home's folder may be missing or empty; a
/// `--tsa-trust` folder may not, since trusting nothing there is always a mistake.
fn read_dir_roots(dir: &Path, home_dir: bool) -> Result<Vec<TsaRoot>, TsaTrustError> {
    if home_dir {
        crate::home::check_not_shared(dir)?;
    }
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return if home_dir { Ok(Vec::new()) } else { Err(TsaTrustError::NoDir(dir.into())) };
        }
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            return Err(TsaTrustError::NotADir(dir.into()));
        }
        Err(source) => return Err(TsaTrustError::Io { path: dir.into(), source }),
    };
    let mut paths: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .collect();
    if paths.is_empty() && !home_dir {
        return Err(TsaTrustError::EmptyDir(dir.into()));
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            if home_dir {
                crate::home::check_not_shared(&path)?;
            }
            let certs = read_root_file(&path)?;
            let name =
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(TsaRoot { name, path, certs })
        })
        .collect()
}

/// The TSA roots of one run: the home's store plus every `--tsa-trust` folder (unlike `--key`,
/// these add to the home's: a TSA root only says who may vouch for a time).
pub fn resolve(home: &Home, dirs: &[PathBuf]) -> Result<Vec<Certificate>, TsaTrustError> {
    let mut roots: Vec<Certificate> = list(home)?.into_iter().flat_map(|r| r.certs).collect();
    for d in dirs {
        roots.extend(read_dir_roots(d, false)?.into_iter().flat_map(|r| r.certs));
    }
    Ok(roots)
}

/// The home's TSA roots, sorted by name.
pub fn list(home: &Home) -> Result<Vec<TsaRoot>, TsaTrustError> {
    home.check_root()?;
    read_dir_roots(&home.tsa_dir(), true)
}

/// What `trust add-tsa` did.
#[derive(Debug)]
pub enum Added {
    New(TsaRoot),
    /// The same certificate is already trusted under this name; nothing was written.
    Already(TsaRoot),
}

/// A file name from a certificate's CN: tame characters only, else `tsa-` and the fingerprint.
fn default_name(c: &Certificate) -> String {
    let cn = crate::proof::anchors::common_name(c).unwrap_or_default();
    let tame: String = cn
        .chars()
        .map(
            |ch| if ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-') { ch } else { '-' },
        )
        .collect();
    let tame = tame.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let tame: String = tame.chars().take(64).collect();
    if is_plain_name(&tame) { tame } else { format!("tsa-{}", &fingerprint(c)[..12]) }
}

/// Trusts the TSA root certificate(s) in `path` under `name` (default: from the root's CN).
pub fn add(
    home: &Home,
    path: &Path,
    name: Option<&str>,
    force: bool,
) -> Result<Added, TsaTrustError> {
    let certs = read_root_file(path)?;
    let name = name.map(str::to_string).unwrap_or_else(|| default_name(&certs[0]));
    if !is_plain_name(&name) {
        return Err(TsaTrustError::InvalidName(name));
    }
    if let Some(existing) = list(home)?.into_iter().find(|r| r.certs == certs) {
        return Ok(Added::Already(existing));
    }
    let mut pem = String::new();
    for c in &certs {
        let text = c
            .to_pem(der::pem::LineEnding::LF)
            .map_err(|e| TsaTrustError::BadCert { path: path.into(), why: e.to_string() })?;
        pem.push_str(&text);
    }
    let dir = home.tsa_dir();
    home.ensure_dir(&dir)?;
    let dest = dir.join(format!("{name}.pem"));
    fsutil::write_atomic(&dest, pem.as_bytes(), Mode::Private, force)?;
    Ok(Added::New(TsaRoot { name, path: dest, certs }))
}

/// Stops trusting the TSA root stored as `name`.
pub fn remove(home: &Home, name: &str) -> Result<TsaRoot, TsaTrustError> {
    let root = list(home)?
        .into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| TsaTrustError::NotFound(name.into()))?;
    fs::remove_file(&root.path)
        .map_err(|source| TsaTrustError::Io { path: root.path.clone(), source })?;
    Ok(root)
}
