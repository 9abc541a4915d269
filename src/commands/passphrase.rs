//! Getting a passphrase from --passphrase-file, $PROOFCTL_PASSPHRASE or the terminal (never argv).

use zeroize::Zeroizing;

use crate::cli::PassphraseArgs;
use crate::error::Error;
use crate::fsutil;

pub const ENV: &str = "PROOFCTL_PASSPHRASE";

/// Whether the passphrase protects an existing key or a new one (asked twice on a terminal).
pub enum Purpose<'a> {
    Unlock(&'a str),
    New(&'a str),
}

pub fn obtain(args: &PassphraseArgs, purpose: Purpose<'_>) -> Result<Zeroizing<String>, Error> {
    let pw = if let Some(path) = &args.passphrase_file {
        let bytes =
            Zeroizing::new(fsutil::read_bounded(path, fsutil::SMALL_FILE_LIMIT).map_err(|e| {
                Error::Input {
                    path: path.clone(),
                    message: format!("cannot read passphrase file: {}", fsutil::describe_io(&e)),
                }
            })?);
        let text = Zeroizing::new(String::from_utf8(bytes.to_vec()).map_err(|_| Error::Input {
            path: path.clone(),
            message: "the passphrase file is not UTF-8 text".into(),
        })?);
        // The first line, without its line ending: files made with `echo` end in a newline.
        Zeroizing::new(strip_line_ending(text.split('\n').next().unwrap_or("")).to_string())
    } else if let Some(v) = std::env::var_os(ENV) {
        let v = Zeroizing::new(
            v.into_string().map_err(|_| Error::Passphrase(format!("{ENV} is not valid UTF-8")))?,
        );
        // Secrets pasted into CI settings often end in a newline: drop it, as for files.
        Zeroizing::new(strip_line_ending(&v).to_string())
    } else {
        prompt(&purpose)?
    };
    if pw.is_empty() {
        return Err(Error::Passphrase(match purpose {
            Purpose::New(_) => {
                "empty passphrase; choose one, or pass --no-passphrase to store the key unencrypted"
                    .into()
            }
            Purpose::Unlock(name) => format!("empty passphrase for key {name:?}"),
        }));
    }
    Ok(pw)
}

fn strip_line_ending(s: &str) -> &str {
    let s = s.strip_suffix('\n').unwrap_or(s);
    s.strip_suffix('\r').unwrap_or(s)
}

fn prompt(purpose: &Purpose<'_>) -> Result<Zeroizing<String>, Error> {
    let no_tty = |_| {
        Error::Passphrase(format!(
            "a passphrase is needed and there is no terminal to ask on; set {ENV} or pass --passphrase-file FILE"
        ))
    };
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
