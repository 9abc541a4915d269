//! Getting a passphrase (from --passphrase-file, --passphrase-fd, $PROOFCTL_PASSPHRASE or the
//! terminal, never argv) and the one key-unlock sequence every command that opens a key uses.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use zeroize::Zeroizing;

use crate::cli::PassphraseArgs;
use crate::error::Error;
use crate::fsutil;
use crate::keys::KeyError;
use crate::keys::store::LockedKey;

pub const ENV: &str = "PROOFCTL_PASSPHRASE";

/// How many times a passphrase typed at the prompt may be wrong, as ssh-keygen and gpg allow.
pub const PROMPT_TRIES: u32 = 3;

/// Whether the passphrase protects an existing key or a new one (asked twice on a terminal).
pub enum Purpose<'a> {
    Unlock(&'a str),
    New(&'a str),
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

/// A passphrase from the first source given: --passphrase-file, --passphrase-fd, the
/// environment, else the terminal.
pub fn ask(args: &PassphraseArgs, purpose: Purpose<'_>) -> Result<Passphrase, Error> {
    let (text, source) = if let Some(path) = &args.passphrase_file {
        if path.as_os_str() == "-" {
            (read_first_line(io::stdin().lock(), Path::new("standard input"))?, Source::Stdin)
        } else {
            (read_source_file(path, path)?, Source::File(path.clone()))
        }
    } else if let Some(fd) = args.passphrase_fd {
        // /dev/fd/N reopens the descriptor the caller handed us, with no unsafe code.
        let shown = PathBuf::from(format!("file descriptor {fd}"));
        let path = PathBuf::from(format!("/dev/fd/{fd}"));
        if fs::symlink_metadata(&path).is_err() {
            return Err(Error::Input {
                path: shown,
                message: format!(
                    "not open; open it for proofctl, e.g. `--passphrase-fd {fd} {fd}<FILE`"
                ),
            });
        }
        (read_source_file(&path, &shown)?, Source::Fd(fd))
    } else if let Some(v) = std::env::var_os(ENV) {
        let v = Zeroizing::new(
            v.into_string().map_err(|_| Error::Passphrase(format!("{ENV} is not valid UTF-8")))?,
        );
        // Secrets pasted into CI settings often end in a newline: drop it, as for files.
        (Zeroizing::new(strip_line_ending(&v).to_string()), Source::Env)
    } else {
        (prompt(&purpose)?, Source::Prompt)
    };
    if text.is_empty() {
        return Err(Error::Passphrase(match purpose {
            Purpose::New(_) => {
                "empty passphrase; choose one, or pass --no-passphrase to store the key unencrypted"
                    .into()
            }
            Purpose::Unlock(name) => format!("empty passphrase for key {name:?}"),
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

fn no_tty(_: io::Error) -> Error {
    Error::Passphrase(format!(
        "a passphrase is needed and there is no terminal to ask on; set {ENV}, or pass \
         --passphrase-file FILE (- for standard input) or --passphrase-fd N"
    ))
}

fn prompt(purpose: &Purpose<'_>) -> Result<Zeroizing<String>, Error> {
    match purpose {
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
    .map_err(no_tty)?;
    Ok(Zeroizing::new(text))
}

/// [`unlock_while`] for a key of the home (or a key file given as `--key PATH`), with nothing to
/// do meanwhile.
pub fn unlock(args: &PassphraseArgs, locked: &LockedKey) -> Result<SigningKey, Error> {
    let needs = locked.needs_passphrase();
    Ok(unlock_while(args, &locked.label, needs, |pw| locked.unlock(pw), || ())?.key)
}
