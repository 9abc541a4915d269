//! The `proofctl` Python module: the proofctl library's licence check (`verify_license`), proof
//! check (`verify_proof`) and machine fingerprint, for applications written in Python.
//!
//! Nothing here decides anything: arguments become the library's types, the library decides, and
//! its verdicts come back as dicts or as `LicenseError`/`ProofError` carrying the same reason codes
//! the command line's `--json` gives. The work runs without the GIL.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ed25519_dalek::VerifyingKey;
use pyo3::create_exception;
use pyo3::exceptions::{
    PyFileNotFoundError, PyOSError, PyPermissionError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use proofctl::formats::{self, Context};
use proofctl::fsutil::describe_io;
use proofctl::keys::parse_public_key_pem;
use proofctl::license::clock::ClockMark;
use proofctl::license::{self, Expectations, Revocations, fingerprint};
use proofctl::proof::verify::{Policy, Status};
use proofctl::revocation::verify_list;
use proofctl::trust::{TrustError, TrustSet};

create_exception!(
    proofctl,
    LicenseError,
    PyValueError,
    "A licence was refused. `reason` is the reason code `proofctl license verify --json` gives."
);
create_exception!(
    proofctl,
    ProofError,
    PyValueError,
    "A proof did not verify. `reason` is the code of `proofctl verify --json`; `status` is \
     untrusted, invalid or error; `report` is the whole report as a dict."
);

/// Why a call failed, built without the GIL and raised with it.
enum Failure {
    /// A licence refused: its reason code and message.
    License { reason: &'static str, message: String },
    /// A proof refused: its report as JSON.
    Proof { status: Status, reason: &'static str, message: String, report: serde_json::Value },
    /// A bad argument or input other than the thing checked (a key, a revocation list).
    Value(String),
    /// A file that could not be read or written.
    Io(io::ErrorKind, String),
}

impl Failure {
    fn from_trust(e: TrustError) -> Failure {
        match &e {
            TrustError::Io { source, .. } => Failure::Io(source.kind(), e.to_string()),
            _ => Failure::Value(e.to_string()),
        }
    }

    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::License { reason, message } => {
                with_attrs(py.get_type::<LicenseError>(), message, |e| e.setattr("reason", reason))
            }
            Failure::Proof { status, reason, message, report } => {
                with_attrs(py.get_type::<ProofError>(), message, |e| {
                    e.setattr("reason", reason)?;
                    e.setattr("status", status_str(status))?;
                    e.setattr("report", to_py(py, &report)?)
                })
            }
            Failure::Value(m) => PyValueError::new_err(m),
            Failure::Io(io::ErrorKind::NotFound, m) => PyFileNotFoundError::new_err(m),
            Failure::Io(io::ErrorKind::PermissionDenied, m) => PyPermissionError::new_err(m),
            Failure::Io(_, m) => PyOSError::new_err(m),
        }
    }
}

/// An exception of type `ty` with `message`, and attributes set by `set`.
fn with_attrs(
    ty: Bound<'_, pyo3::types::PyType>,
    message: String,
    set: impl FnOnce(&Bound<'_, PyAny>) -> PyResult<()>,
) -> PyErr {
    match ty.call1((message,)).and_then(|e| set(&e).map(|()| e)) {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

fn status_str(s: Status) -> &'static str {
    match s {
        Status::Valid => "valid",
        Status::Untrusted => "untrusted",
        Status::Invalid => "invalid",
        Status::Error => "error",
    }
}

/// A JSON value as the Python value `json.loads` would give.
fn to_py(py: Python<'_>, v: &serde_json::Value) -> PyResult<Py<PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_pyobject(py)?.into_any().unbind(),
            (None, Some(i)) => i.into_pyobject(py)?.into_any().unbind(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any().unbind(),
        },
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, to_py(py, item)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

/// One entry of `keys`: PEM text, or a public key file or a folder of them.
enum KeySource {
    Pem(String),
    Path(PathBuf),
}

/// One token argument: its text, or the file holding it.
enum TokenSource {
    Text(String),
    File(PathBuf),
}

/// `value` as a list of items, for arguments that take one item or a sequence of them. A str
/// and an os.PathLike are one item (a str is a sequence of characters too).
fn items<'py>(value: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if value.is_instance_of::<PyString>() || value.hasattr("__fspath__")? {
        return Ok(vec![value.clone()]);
    }
    value.try_iter()?.collect()
}

fn key_sources(keys: &Bound<'_, PyAny>) -> PyResult<Vec<KeySource>> {
    let mut out = Vec::new();
    for item in items(keys).map_err(|_| {
        PyTypeError::new_err(
            "keys: expected PEM text, a path to a public key file or folder, or a list of those",
        )
    })? {
        if let Ok(s) = item.cast::<PyString>() {
            let s = s.to_cow()?;
            if s.contains("-----BEGIN ") {
                out.push(KeySource::Pem(s.to_string()));
                continue;
            }
        }
        let path: PathBuf = item.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "keys: {} is neither PEM text nor a path",
                item.get_type().name().map_or("?".to_string(), |n| n.to_string())
            ))
        })?;
        out.push(KeySource::Path(path));
    }
    if out.is_empty() {
        return Err(PyValueError::new_err(
            "keys is empty: pass the vendor's public key (PEM text, a .pub file, or a folder of .pub files)",
        ));
    }
    Ok(out)
}

/// A token argument: a str is the token (or a file's text: its first non-empty line), an
/// os.PathLike is a file holding it.
fn token_source(what: &str, value: &Bound<'_, PyAny>) -> PyResult<TokenSource> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(TokenSource::Text(s.to_cow()?.into_owned()));
    }
    if value.hasattr("__fspath__")? {
        return Ok(TokenSource::File(value.extract()?));
    }
    Err(PyTypeError::new_err(format!(
        "{what}: expected the token as str, or a pathlib.Path to a file holding it"
    )))
}

/// The trust `keys` make, and the Ed25519 keys among it (PEM text included).
fn trust_of(sources: &[KeySource]) -> Result<(TrustSet, Vec<VerifyingKey>), Failure> {
    let mut set = TrustSet::default();
    let mut pem_keys = Vec::new();
    for s in sources {
        match s {
            KeySource::Pem(text) => pem_keys.push(parse_public_key_pem(text).map_err(|why| {
                Failure::Value(format!("keys: the PEM text given is not usable: {why}"))
            })?),
            KeySource::Path(p) if p.is_dir() => {
                set.add_trust_dir(p).map_err(Failure::from_trust)?;
            }
            KeySource::Path(p) => set.add_file(p).map_err(Failure::from_trust)?,
        }
    }
    let mut keys = set.keys();
    keys.extend(pem_keys);
    Ok((set, keys))
}

/// Unix seconds from `now`: None (this machine's clock), int or float seconds, or an aware
/// datetime.
fn unix_seconds(now: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    let Some(now) = now.filter(|n| !n.is_none()) else {
        return Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()));
    };
    let bad = || PyValueError::new_err("now: a time before 1970 cannot be checked");
    if now.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err("now: expected a datetime or epoch seconds, not a bool"));
    }
    if let Ok(i) = now.extract::<i64>() {
        return u64::try_from(i).map_err(|_| bad());
    }
    if let Ok(f) = now.extract::<f64>() {
        return if f.is_finite() && f >= 0.0 { Ok(f.floor() as u64) } else { Err(bad()) };
    }
    if now.hasattr("timestamp")? && now.hasattr("tzinfo")? {
        if now.getattr("tzinfo")?.is_none() {
            return Err(PyValueError::new_err(
                "now: a naive datetime names no time zone; pass an aware one (datetime.now(timezone.utc)) or epoch seconds",
            ));
        }
        let f: f64 = now.call_method0("timestamp")?.extract()?;
        return if f.is_finite() && f >= 0.0 { Ok(f.floor() as u64) } else { Err(bad()) };
    }
    Err(PyTypeError::new_err("now: expected a datetime or epoch seconds"))
}

fn strings(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(Vec::new()) };
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.into_owned()]);
    }
    value
        .try_iter()
        .and_then(|it| it.map(|x| x?.extract::<String>()).collect())
        .map_err(|_| PyTypeError::new_err(format!("{what}: expected a str or a list of str")))
}

/// This machine's fingerprint, read once per process: a check at every call of an application's
/// hot path should not read /etc/machine-id each time, and the id does not change while it runs.
fn this_machine() -> Option<String> {
    static FP: OnceLock<Option<String>> = OnceLock::new();
    FP.get_or_init(|| fingerprint::this_machine().ok()).clone()
}

/// Everything `verify_license` needs, owned, so the check runs without the GIL.
struct LicenseCall {
    token: TokenSource,
    keys: Vec<KeySource>,
    expect: Expectations,
    revocations: Vec<TokenSource>,
    clock_mark: Option<PathBuf>,
    now: u64,
}

/// The text of a token argument, or why it cannot be read. `what` names it in messages.
fn read_source(what: &str, s: &TokenSource) -> Result<String, (io::ErrorKind, String)> {
    match s {
        TokenSource::Text(t) => Ok(license::token_in(t).to_string()),
        TokenSource::File(p) => license::read_token(p)
            .map_err(|e| (e.kind(), format!("{what} {}: {}", p.display(), describe_io(&e)))),
    }
}

fn check_license(mut call: LicenseCall) -> Result<serde_json::Value, Failure> {
    let (_, trusted) = trust_of(&call.keys)?;
    // As `license verify`: this machine's fingerprint, when none is given and it can be read.
    if call.expect.fingerprint.is_none() {
        call.expect.fingerprint = this_machine();
    }
    if trusted.is_empty() {
        return Err(Failure::Value(
            "keys hold no Ed25519 public key; licences are signed by the vendor's Ed25519 key"
                .into(),
        ));
    }
    // The licence is what is being checked: one that cannot be read is a verdict, as in the CLI.
    let token = read_source("licence", &call.token)
        .map_err(|(_, message)| Failure::License { reason: "unreadable", message })?;
    let mut revocations = Revocations::default();
    for (i, s) in call.revocations.iter().enumerate() {
        let what = format!("revocations[{i}]");
        let list = read_source(&what, s).map_err(|(kind, m)| Failure::Io(kind, m))?;
        let (signer, list) = verify_list(&list, &trusted).map_err(|e| {
            Failure::Value(format!(
                "{what}: not a usable revocation list: {e}; get the vendor's current list"
            ))
        })?;
        revocations.add(&signer, &list);
    }
    call.expect.revocations = revocations;
    let mark = call.clock_mark.as_ref().map(ClockMark::at);
    let io_of = |e: license::clock::ClockError| match &e {
        license::clock::ClockError::Io { source, .. } => Failure::Io(source.kind(), e.to_string()),
        _ => Failure::Value(e.to_string()),
    };
    if let Some(m) = &mark {
        call.expect.clock_mark = m.read().map_err(io_of)?;
    }
    let result = license::verify(&token, &trusted, &call.expect, call.now);
    // As `license verify`: signed times always raise the mark, this clock only when it passed.
    if let Some(m) = &mark {
        m.raise(call.expect.mark_after(result.as_ref().ok(), call.now)).map_err(io_of)?;
    }
    let v = result.map_err(|e| Failure::License { reason: e.code(), message: e.to_string() })?;
    let mut doc = serde_json::to_value(&v.claims).expect("claims serialise");
    let obj = doc.as_object_mut().expect("claims are an object");
    obj.insert("kid".into(), v.kid.into());
    obj.insert("in_grace".into(), v.in_grace.into());
    obj.insert("grace_until".into(), v.grace_until.into());
    Ok(doc)
}

/// Checks a licence and returns its claims, or raises LicenseError (see proofctl.pyi).
#[pyfunction]
#[pyo3(signature = (token, keys, product=None, version=None, modules=None, features=None,
                    fingerprint=None, revocations=None, now=None, clock_mark=None))]
#[allow(clippy::too_many_arguments)]
fn verify_license(
    py: Python<'_>,
    token: &Bound<'_, PyAny>,
    keys: &Bound<'_, PyAny>,
    product: Option<String>,
    version: Option<String>,
    modules: Option<&Bound<'_, PyAny>>,
    features: Option<&Bound<'_, PyAny>>,
    fingerprint: Option<String>,
    revocations: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    clock_mark: Option<PathBuf>,
) -> PyResult<Py<PyAny>> {
    let mut lists = Vec::new();
    if let Some(r) = revocations.filter(|r| !r.is_none()) {
        for item in items(r)? {
            lists.push(token_source("revocations", &item)?);
        }
    }
    let call = LicenseCall {
        token: token_source("token", token)?,
        keys: key_sources(keys)?,
        expect: Expectations {
            product,
            version,
            modules: strings("modules", modules)?,
            features: strings("features", features)?,
            fingerprint,
            ..Expectations::default()
        },
        revocations: lists,
        clock_mark,
        now: unix_seconds(now)?,
    };
    match py.detach(move || check_license(call)) {
        Ok(doc) => to_py(py, &doc),
        Err(f) => Err(f.into_pyerr(py)),
    }
}

fn check_proof(
    proof: &Path,
    file: Option<&Path>,
    keys: &[KeySource],
) -> Result<serde_json::Value, Failure> {
    if keys.iter().any(|k| matches!(k, KeySource::Pem(_))) {
        return Err(Failure::Value(
            "keys: verify_proof takes public key files or folders of them, not PEM text (a report names the key file that made its signer trusted)".into(),
        ));
    }
    let (trust, _) = trust_of(keys)?;
    // Exactly the keys given, no TSA roots, no revocations: `proofctl verify --key …` with
    // nothing else. Anchors are reported but decide nothing, as there.
    let policy = Policy {
        trust: &trust,
        strict_name: false,
        tsa_roots: &[],
        require_timestamp: false,
        lifecycle: None,
    };
    let cx = Context {
        policy,
        trust: &trust,
        sshsig: Default::default(),
        minisign: Default::default(),
        dsse: Default::default(),
        sigstore: Default::default(),
    };
    let report = formats::verify_path(proof, file, &cx);
    let doc = serde_json::to_value(&report).expect("reports serialise");
    if report.status == Status::Valid {
        return Ok(doc);
    }
    Err(Failure::Proof {
        status: report.status,
        reason: report.reason.unwrap_or("invalid"),
        message: report.message.clone(),
        report: doc,
    })
}

/// Verifies a proof of a file and returns the report, or raises ProofError (see proofctl.pyi).
#[pyfunction]
#[pyo3(signature = (proof_path, file_path, keys))]
fn verify_proof(
    py: Python<'_>,
    proof_path: PathBuf,
    file_path: Option<PathBuf>,
    keys: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let keys = key_sources(keys)?;
    match py.detach(move || check_proof(&proof_path, file_path.as_deref(), &keys)) {
        Ok(doc) => to_py(py, &doc),
        Err(f) => Err(f.into_pyerr(py)),
    }
}

/// This machine's fingerprint, as `proofctl fingerprint` prints it.
#[pyfunction]
fn machine_fingerprint(py: Python<'_>) -> PyResult<String> {
    py.detach(fingerprint::this_machine).map_err(|e| {
        let message = format!(
            "this machine's id cannot be read ({e}); a licence bound to a machine cannot be checked here"
        );
        Failure::Io(e.kind(), message).into_pyerr(py)
    })
}

#[pymodule]
#[pyo3(name = "proofctl")]
fn proofctl_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("LicenseError", py.get_type::<LicenseError>())?;
    m.add("ProofError", py.get_type::<ProofError>())?;
    m.add_function(wrap_pyfunction!(verify_license, m)?)?;
    m.add_function(wrap_pyfunction!(verify_proof, m)?)?;
    m.add_function(wrap_pyfunction!(machine_fingerprint, m)?)?;
    Ok(())
}
