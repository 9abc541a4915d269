//! Getting a passphrase (from --passphrase-file, --passphrase-fd, $PROOFCTL_PASSPHRASE or the
//! terminal, never argv), a new one for `key passwd`, a token's PIN, and the one key-unlock
//! sequence every command that opens a key uses.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::cli::{NewPassphraseArgs, PassphraseArgs};
use crate::error::Error;
use crate::fsutil;
use crate::keys::pkcs11::{self, Pkcs11Uri, Token, TokenError, TokenRef, TokenSigner};
use crate::keys::store::LockedKey;
use crate::keys::{KeyError, KeySigner};

pub const ENV: &str = "PROOFCTL_PASSPHRASE";

/// How many times a passphrase typed at the prompt may be wrong, as ssh-keygen and gpg allow.
pub const PROMPT_TRIES: u32 = 3;

/// Whether the passphrase protects an existing key or a new one (asked twice on a terminal), or
/// is the PIN of the token a key lives on.
pub enum Purpose<'a> {
    Unlock(&'a str),
    New(&'a str),
    Pin(&'a str),
}

/// Where a passphrase came from: a wrong one is asked again only at the prompt, and the hint
/// names the source that was really used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
    Fd(u32),
    Env,
    Prompt,
}

/// A passphrase and where it came from.
pub struct Passphrase {
    text: Zeroizing<String>,
    source: Source,
    tries: u32,
}

impl Passphrase {
    pub fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    fn hint(&self) -> String {
        match &self.source {
            Source::File(p) => format!("check the passphrase file {}", p.display()),
            Source::Stdin => "check the passphrase given on standard input".into(),
            Source::Fd(n) => format!("check the passphrase written to file descriptor {n}"),
            Source::Env => format!("check {ENV}"),
            Source::Prompt => format!("{} tries at the prompt", self.tries),
        }
    }
}

/// The passphrase text alone (for a new key, or callers that need no retry).
pub fn obtain(args: &PassphraseArgs, purpose: Purpose<'_>) -> Result<Zeroizing<String>, Error> {
    Ok(ask(args, purpose)?.text)
}

/// The flags and variable a secret comes from, named in messages.
#[derive(Clone, Copy)]
struct Names {
    env: &'static str,
    file_flag: &'static str,
    fd_flag: Option<&'static str>,
}

/// The passphrase of an existing key (or of a new key, for keygen and import).
const PASSPHRASE: Names =
    Names { env: ENV, file_flag: "--passphrase-file", fd_flag: Some("--passphrase-fd") };

/// The variable `key passwd` reads the new passphrase from.
pub const NEW_ENV: &str = "PROOFCTL_NEW_PASSPHRASE";

/// The new passphrase of `key passwd`: its own flags and variable, so the old one can come from
/// the usual sources at the same time.
const NEW_PASSPHRASE: Names = Names {
    env: NEW_ENV,
    file_flag: "--new-passphrase-file",
    fd_flag: Some("--new-passphrase-fd"),
};

/// The variable the licence service's vendor key passphrase is read from (`serve --license-key`).
pub const LICENSE_ENV: &str = "PROOFCTL_LICENSE_PASSPHRASE";

const LICENSE_PASSPHRASE: Names =
    Names { env: LICENSE_ENV, file_flag: "--license-passphrase-file", fd_flag: None };

/// The variable a token PIN is read from.
pub const PIN_ENV: &str = "PROOFCTL_PIN";

const PIN: Names = Names { env: PIN_ENV, file_flag: "--pin-file", fd_flag: None };

/// A passphrase from the first source given: --passphrase-file, --passphrase-fd, the
/// environment, else the terminal.
pub fn ask(args: &PassphraseArgs, purpose: Purpose<'_>) -> Result<Passphrase, Error> {
    ask_from(args.passphrase_file.as_ref(), args.passphrase_fd, PASSPHRASE, purpose)
}

/// The new passphrase for `key passwd`: --new-passphrase-file, --new-passphrase-fd,
/// $PROOFCTL_NEW_PASSPHRASE, else asked twice on the terminal.
pub fn obtain_new(args: &NewPassphraseArgs, name: &str) -> Result<Zeroizing<String>, Error> {
    let file = args.new_passphrase_file.as_ref();
    Ok(ask_from(file, args.new_passphrase_fd, NEW_PASSPHRASE, Purpose::New(name))?.text)
}

fn ask_from(
    file: Option<&PathBuf>,
    fd: Option<u32>,
    names: Names,
    purpose: Purpose<'_>,
) -> Result<Passphrase, Error> {
    let (text, source) = if let Some(path) = file {
        if path.as_os_str() == "-" {
            (read_first_line(io::stdin().lock(), Path::new("standard input"))?, Source::Stdin)
        } else {
            (read_source_file(path, path)?, Source::File(path.clone()))
        }
    } else if let Some(fd) = fd {
        // /dev/fd/N reopens the descriptor the caller handed us, with no unsafe code.
        let shown = PathBuf::from(format!("file descriptor {fd}"));
        let path = PathBuf::from(format!("/dev/fd/{fd}"));
        if fs::symlink_metadata(&path).is_err() {
            return Err(Error::Input {
                path: shown,
                message: format!(
                    "not open; open it for proofctl, e.g. `{} {fd} {fd}<FILE`",
                    names.fd_flag.unwrap_or("--passphrase-fd")
                ),
            });
        }
        (read_source_file(&path, &shown)?, Source::Fd(fd))
    } else if let Some(v) = std::env::var_os(names.env) {
        let env = names.env;
        let v = Zeroizing::new(
            v.into_string().map_err(|_| Error::Passphrase(format!("{env} is not valid UTF-8")))?,
        );
        // Secrets pasted into CI settings often end in a newline: drop it, as for files.
        (Zeroizing::new(strip_line_ending(&v).to_string()), Source::Env)
    } else {
        (prompt(&purpose, names)?, Source::Prompt)
    };
    if text.is_empty() {
        return Err(Error::Passphrase(match purpose {
            Purpose::New(_) => {
                "empty passphrase; choose one, or pass --no-passphrase to store the key unencrypted"
                    .into()
            }
            Purpose::Unlock(name) => format!("empty passphrase for key {name:?}"),
            Purpose::Pin(name) => format!("empty PIN for token key {name:?}"),
        }));
    }
    Ok(Passphrase { text, source, tries: 1 })
}

/// Opens a passphrase file: a regular file, or a pipe (a FIFO, `/dev/fd/N`, `<(pass show x)`) a
/// password manager writes into. Devices and folders are refused rather than read forever.
fn read_source_file(path: &Path, shown: &Path) -> Result<Zeroizing<String>, Error> {
    let bad = |message: String| Error::Input { path: shown.into(), message };
    let cannot = |e: io::Error| bad(format!("cannot read passphrase: {}", fsutil::describe_io(&e)));
    let meta = fs::metadata(path).map_err(cannot)?;
    #[cfg(unix)]
    let fifo = std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type());
    #[cfg(not(unix))]
    let fifo = false;
    if !meta.is_file() && !fifo {
        return Err(bad(
            "cannot read passphrase: not a regular file or a pipe; give a file, a FIFO, - for \
             standard input, or --passphrase-fd N"
                .into(),
        ));
    }
    read_first_line(fs::File::open(path).map_err(cannot)?, shown)
}

/// The first line, without its line ending (files made with `echo` end in one). Stops at the
/// newline, so a writer that keeps its end of a pipe open is not waited on.
fn read_first_line(mut r: impl Read, shown: &Path) -> Result<Zeroizing<String>, Error> {
    let bad = |message: &str| Error::Input { path: shown.into(), message: message.into() };
    // Sized up front and never grown: a reallocation would leave an unzeroized copy behind.
    let limit = fsutil::SMALL_FILE_LIMIT as usize;
    let mut buf = Zeroizing::new(Vec::with_capacity(limit));
    let mut byte = Zeroizing::new([0u8; 1]);
    loop {
        match r.read(byte.as_mut()) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) if buf.len() == limit => {
                return Err(bad("the passphrase is longer than 64 KiB; is this the right file?"));
            }
            Ok(_) => buf.push(byte[0]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(bad(&format!("cannot read passphrase: {}", fsutil::describe_io(&e))));
            }
        }
    }
    let text = std::str::from_utf8(&buf).map_err(|_| bad("the passphrase is not UTF-8 text"))?;
    Ok(Zeroizing::new(strip_line_ending(text).to_string()))
}

fn strip_line_ending(s: &str) -> &str {
    let s = s.strip_suffix('\n').unwrap_or(s);
    s.strip_suffix('\r').unwrap_or(s)
}

fn no_tty(names: Names) -> impl Fn(io::Error) -> Error + Copy {
    move |_| {
        let what = match names.env {
            NEW_ENV => "a new passphrase",
            PIN_ENV => "the token's PIN",
            _ => "a passphrase",
        };
        let fd = names.fd_flag.map(|f| format!(" or {f} N")).unwrap_or_default();
        let pin_source =
            if names.env == PIN_ENV { ", pin-source=file:PATH in the key's URI," } else { "" };
        Error::Passphrase(format!(
            "{what} is needed and there is no terminal to ask on; set {}{pin_source} or pass {} \
             FILE (- for standard input){fd}",
            names.env, names.file_flag
        ))
    }
}

fn prompt(purpose: &Purpose<'_>, names: Names) -> Result<Zeroizing<String>, Error> {
    let no_tty = no_tty(names);
    match purpose {
        Purpose::Pin(name) => Ok(Zeroizing::new(
            rpassword::prompt_password(format!("PIN for token key {name:?}: ")).map_err(no_tty)?,
        )),
        Purpose::Unlock(name) => Ok(Zeroizing::new(
            rpassword::prompt_password(format!("Passphrase for key {name:?}: ")).map_err(no_tty)?,
        )),
        Purpose::New(name) => {
            let first = Zeroizing::new(
                rpassword::prompt_password(format!("New passphrase for key {name:?}: "))
                    .map_err(no_tty)?,
            );
            let second = Zeroizing::new(
                rpassword::prompt_password("Repeat the passphrase: ").map_err(no_tty)?,
            );
            if first != second {
                return Err(Error::Passphrase("the passphrases do not match; try again".into()));
            }
            Ok(first)
        }
    }
}

/// A key opened by [`unlock_while`]: the key, the passphrase that opened it (None for a key stored
/// without one) and what ran meanwhile.
pub struct Unlocked<K, R> {
    pub key: K,
    pub passphrase: Option<Passphrase>,
    pub meanwhile: R,
}

/// The key-unlock sequence, the one every command that opens a private key goes through: the
/// passphrase from the first source given (only if the key has one), a first try on another
/// thread while `meanwhile` runs on this one (Argon2id takes a fraction of a second that `sign`
/// spends hashing), then, for a wrong passphrase typed at the prompt, the prompt again, up to
/// [`PROMPT_TRIES`] in all. One from a file, descriptor or the environment is tried once; the
/// final "wrong passphrase" names the source really used.
pub fn unlock_while<K: Send, R>(
    args: &PassphraseArgs,
    label: &str,
    needs_passphrase: bool,
    try_once: impl Fn(Option<&[u8]>) -> Result<K, KeyError> + Sync,
    meanwhile: impl FnOnce() -> R,
) -> Result<Unlocked<K, R>, Error> {
    let mut given = if needs_passphrase { Some(ask(args, Purpose::Unlock(label))?) } else { None };
    let (mut result, meanwhile) = std::thread::scope(|s| {
        let first = s.spawn(|| try_once(given.as_ref().map(Passphrase::bytes)));
        let meanwhile = meanwhile();
        (first.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), meanwhile)
    });
    loop {
        match (result, given) {
            (Err(KeyError::WrongPassphrase(path)), Some(pw))
                if pw.source != Source::Prompt || pw.tries >= PROMPT_TRIES =>
            {
                return Err(Error::WrongPassphrase(format!(
                    "{}: wrong passphrase (or the key file was altered); {}",
                    path.display(),
                    pw.hint()
                )));
            }
            (Err(KeyError::WrongPassphrase(_)), Some(pw)) => {
                let again = Passphrase {
                    text: prompt_again(label)?,
                    source: Source::Prompt,
                    tries: pw.tries + 1,
                };
                result = try_once(Some(again.bytes()));
                given = Some(again);
            }
            (other, pw) => return Ok(Unlocked { key: other?, passphrase: pw, meanwhile }),
        }
    }
}

/// The prompt after a wrong passphrase, saying so on the terminal the answer is typed on.
fn prompt_again(label: &str) -> Result<Zeroizing<String>, Error> {
    let text = rpassword::prompt_password(format!(
        "Wrong passphrase; try again.\nPassphrase for key {label:?}: "
    ))
    .map_err(no_tty(PASSPHRASE))?;
    Ok(Zeroizing::new(text))
}

/// [`unlock_while`] for a key of the home (or a key file given as `--key PATH`), with nothing to
/// do meanwhile.
pub fn unlock(args: &PassphraseArgs, locked: &LockedKey) -> Result<SigningKey, Error> {
    let needs = locked.needs_passphrase();
    Ok(unlock_while(args, &locked.label, needs, |pw| locked.unlock(pw), || ())?.key)
}

/// The key `locked` ready to sign: a key file unlocked as [`unlock`] does, or a key on a PKCS#11
/// token found there, logged in to and checked against the public key the home stores.
pub fn signer(args: &PassphraseArgs, locked: &LockedKey) -> Result<Box<dyn KeySigner>, Error> {
    match locked.token() {
        Some((reference, expected)) => {
            Ok(Box::new(open_token(args, &locked.label, reference, expected)?))
        }
        None => Ok(Box::new(unlock(args, locked)?)),
    }
}

/// Finds the key `reference` names on its token and logs in ([`login`]); its public key must be
/// `expected` (the one stored in the home).
pub fn open_token(
    args: &PassphraseArgs,
    label: &str,
    reference: &TokenRef,
    expected: Option<&VerifyingKey>,
) -> Result<TokenSigner, Error> {
    let uri = reference.uri();
    let module = pkcs11::module_for(None, &uri, reference.module.as_deref())?;
    let token = Token::open(&uri, &module, false)?;
    login(args, label, &token, &uri)?;
    let key = token.find_key(&uri)?;
    Ok(token.signer(&key, expected)?)
}

/// Logs in to `token` if it asks for a PIN, from the first source given: --pin-file, the URI's
/// pin-source, $PROOFCTL_PIN, else the terminal. Tried once, wherever it came from: the token
/// counts wrong PINs and locks itself after a few.
pub fn login(
    args: &PassphraseArgs,
    label: &str,
    token: &Token,
    uri: &Pkcs11Uri,
) -> Result<(), Error> {
    if !token.needs_pin() {
        return Ok(());
    }
    let from_uri = uri.pin_file();
    let file = args.pin_file.as_ref().or(from_uri.as_ref());
    let pin = ask_from(file, None, PIN, Purpose::Pin(label))?;
    token.login(pin.bytes()).map_err(|e| match e {
        TokenError::WrongPin { token } => {
            let hint = match &pin.source {
                Source::File(p) => format!("check the PIN file {}", p.display()),
                Source::Stdin => "check the PIN given on standard input".into(),
                Source::Fd(n) => format!("check the PIN written to file descriptor {n}"),
                Source::Env => format!("check {PIN_ENV}"),
                Source::Prompt => "type it again with care".into(),
            };
            Error::WrongPassphrase(format!(
                "token {token:?}: wrong PIN for key {label:?}; {hint} (the token locks after a \
                 few wrong PINs)"
            ))
        }
        other => other.into(),
    })
}

/// The vendor key of the licence service (`serve --license-key`), unlocked once at start: the
/// passphrase from `file`, else $PROOFCTL_LICENSE_PASSPHRASE, else the terminal, tried once (a
/// server started by a service manager has nobody to ask again). A key on a PKCS#11 token logs
/// in with the PIN from its URI's pin-source or $PROOFCTL_PIN.
pub fn service_signer(
    file: Option<&PathBuf>,
    locked: &LockedKey,
) -> Result<Box<dyn KeySigner>, Error> {
    if let Some((reference, expected)) = locked.token() {
        let none = PassphraseArgs { passphrase_file: None, passphrase_fd: None, pin_file: None };
        return Ok(Box::new(open_token(&none, &locked.label, reference, expected)?));
    }
    let given = if locked.needs_passphrase() {
        Some(ask_from(file, None, LICENSE_PASSPHRASE, Purpose::Unlock(&locked.label))?)
    } else {
        None
    };
    match locked.unlock(given.as_ref().map(Passphrase::bytes)) {
        Ok(key) => Ok(Box::new(key)),
        Err(KeyError::WrongPassphrase(path)) => {
            let hint = match given.map(|p| p.source) {
                Some(Source::File(p)) => format!("check the passphrase file {}", p.display()),
                Some(Source::Env) => format!("check {LICENSE_ENV}"),
                _ => "start the server again and type it with care".to_string(),
            };
            Err(Error::WrongPassphrase(format!(
                "{}: wrong passphrase (or the key file was altered); {hint}",
                path.display()
            )))
        }
        Err(e) => Err(e.into()),
    }
}
