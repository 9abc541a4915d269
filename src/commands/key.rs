//! `proofctl key list|show|export|default|import`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde_json::json;
use zeroize::Zeroizing;

use super::passphrase::{self, Purpose};
use crate::cli::KeyCommand;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::fsutil::{self, Mode};
use crate::home::Home;
use crate::keys::store::{KeyEntry, Protection, SecretKeyFile, check_name};
use crate::keys::{KdfParams, KeyError, KeyStore, openssh, pkcs8_v1_pem, public_key_pem};
use crate::output::Output;
use crate::term::{safe, safe_path};

/// Said whenever a private key is about to be stored in the clear, at the user's request.
pub(crate) const UNENCRYPTED_WARNING: &str =
    "the private key is stored unencrypted; anyone who can read the file can sign as you";

/// The `--json` shape of a key pair, shared by `key list|show|import|default` and `keygen`.
pub(crate) fn entry_json(e: &KeyEntry, default: bool, backup: Option<&Path>) -> serde_json::Value {
    json!({
        "name": e.name,
        "kid": e.kid,
        "encrypted": e.encrypted,
        "private_key_path": e.secret_path,
        "public_key_path": e.public_path,
        "public_key_pem": public_key_pem(&e.public),
        "default": default,
        "backup": backup,
        "pkcs11": e.token.as_ref().map(|r| json!({ "uri": r.uri, "module": r.module })),
    })
}

/// Says what a forced replacement kept, so a key is never lost without a word.
pub(crate) fn report_backup(out: &Output, name: &str, backup: Option<&Path>) {
    if let Some(b) = backup {
        out.warn(&format!(
            "replaced key {:?}; the old private key is kept in {}",
            safe(name),
            safe_path(b)
        ));
    }
}

fn named_or_default(store: &KeyStore, name: Option<&str>, verb: &str) -> Result<KeyEntry, Error> {
    Ok(match name {
        Some(n) => store.get(n)?,
        // The store's own hint names `--key`, which these subcommands take as a plain argument.
        None => store.default_key().map_err(|e| match e {
            KeyError::Ambiguous(names) => Error::Usage(format!(
                "several keys ({}) and none is the default; name one (`proofctl key {verb} NAME`), \
                 or choose the default with `proofctl key default NAME`",
                names.join(", ")
            )),
            other => other.into(),
        })?,
    })
}

/// The default key's name for listings. A default_key naming no key (or several keys and no
/// default) is reported by the commands that need one; listing still works. A config.toml others
/// could have written is refused here as everywhere.
pub(crate) fn listed_default(store: &KeyStore) -> Result<Option<String>, Error> {
    match store.default_name() {
        Ok(name) => Ok(Some(name)),
        Err(KeyError::Home(e)) => Err(e.into()),
        Err(_) => Ok(None),
    }
}

pub fn run(cmd: KeyCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let store = KeyStore::new(home);
    match cmd {
        KeyCommand::List => {
            let keys = store.list()?;
            let default = listed_default(&store)?;
            let is_default = |k: &KeyEntry| default.as_deref() == Some(k.name.as_str());
            if out.json {
                let list: Vec<_> =
                    keys.iter().map(|k| entry_json(k, is_default(k), None)).collect();
                out.json(&json!({ "keys": list }))?;
            } else if keys.is_empty() {
                out.note(&format!(
                    "no keys in {}; create one with `proofctl keygen`",
                    store.dir().display()
                ));
            } else {
                for k in &keys {
                    let lock = match (&k.token, k.encrypted) {
                        (Some(_), _) => "pkcs11 token",
                        (None, true) => "encrypted",
                        (None, false) => "UNENCRYPTED",
                    };
                    let mark = if is_default(k) { "  (default)" } else { "" };
                    out.line(&format!("{:<20} {}  {lock}{mark}", safe(&k.name), k.kid))?;
                }
            }
        }
        KeyCommand::Show { name } => {
            let e = named_or_default(&store, name.as_deref(), "show")?;
            let default = listed_default(&store)?.is_some_and(|d| d == e.name);
            if out.json {
                out.json(&entry_json(&e, default, None))?;
            } else {
                out.line(&format!(
                    "name:      {}{}",
                    safe(&e.name),
                    if default { " (default)" } else { "" }
                ))?;
                out.line(&format!("kid:       {}", e.kid))?;
                out.line(&format!("encrypted: {}", e.encrypted))?;
                if let Some(r) = &e.token {
                    out.line(&format!("pkcs11:    {}", safe(&r.uri)))?;
                    if let Some(m) = &r.module {
                        out.line(&format!("module:    {}", safe_path(m)))?;
                    }
                }
                out.line(&format!("private:   {}", safe_path(&e.secret_path)))?;
                out.line(&format!("public:    {}", safe_path(&e.public_path)))?;
                out.line(public_key_pem(&e.public).trim_end())?;
            }
        }
        KeyCommand::Default { name } => {
            let e = store.set_default(&name)?;
            if out.json {
                out.json(&entry_json(&e, true, None))?;
            } else if !out.quiet {
                out.line(&format!("Default key is now {:?} (kid {})", e.name, e.kid))?;
            }
        }
        KeyCommand::Export { name, pkcs8, ssh, out: path, force, passphrase } => {
            let e = named_or_default(&store, name.as_deref(), "export")?;
            // Checked before any passphrase is asked: a private key on a terminal stays in its
            // scrollback, its logs and whatever records the session.
            if pkcs8 && path.is_none() && !force && std::io::stdout().is_terminal() {
                return Err(Error::Usage(
                    "refusing to print a private key on a terminal; write it to a file with \
                     -o FILE (0600), pipe it, or pass --force"
                        .into(),
                ));
            }
            let pem: Zeroizing<String> = if pkcs8 {
                let locked = store.locked(&e.name)?;
                pkcs8_v1_pem(&passphrase::unlock(&passphrase, &locked)?)
            } else if ssh {
                Zeroizing::new(openssh::public_line(&e.public, &e.name))
            } else {
                Zeroizing::new(public_key_pem(&e.public))
            };
            if let Some(path) = path {
                return export_to_file(&path, &pem, pkcs8, force, &e, out);
            }
            if out.json {
                // Serialised straight into a zeroizing buffer sized up front: a serde_json::Value
                // would keep a copy of the private key that is never wiped.
                #[derive(serde::Serialize)]
                struct Export<'a> {
                    name: &'a str,
                    kid: &'a str,
                    public_key_pem: &'a str,
                    private_key_pem: Option<&'a str>,
                    path: Option<&'a str>,
                }
                let public = public_key_pem(&e.public);
                let mut buf = Zeroizing::new(Vec::with_capacity(1024));
                serde_json::to_writer_pretty(
                    &mut *buf,
                    &Export {
                        name: &e.name,
                        kid: &e.kid,
                        public_key_pem: &public,
                        private_key_pem: pkcs8.then_some(pem.as_str()),
                        path: None,
                    },
                )
                .expect("serialising into memory cannot fail");
                buf.push(b'\n');
                out.raw(&buf)?;
            } else {
                out.line(pem.trim_end())?;
            }
        }
        KeyCommand::Revoke(args) => return super::key_lifecycle::revoke(args, home, out),
        KeyCommand::Rotate(args) => return super::key_lifecycle::rotate(args, home, out),
        KeyCommand::Passwd { name, no_passphrase, new, passphrase: current } => {
            let e = named_or_default(&store, name.as_deref(), "passwd")?;
            let locked = store.locked(&e.name)?;
            // The current passphrase first: a wrong one ends here, before anything is written.
            let key = passphrase::unlock(&current, &locked)?;
            let new_pw;
            let protection = if no_passphrase {
                out.warn(UNENCRYPTED_WARNING);
                Protection::None
            } else {
                new_pw = passphrase::obtain_new(&new, &e.name)?;
                Protection::Passphrase(new_pw.as_bytes(), KdfParams::DEFAULT)
            };
            let after = store.reseal(&e, &key, protection)?;
            if out.json {
                let default = listed_default(&store)?.is_some_and(|d| d == after.name);
                out.json(&entry_json(&after, default, None))?;
            } else if !out.quiet {
                let what = match (e.encrypted, after.encrypted) {
                    (_, false) => "is now stored unencrypted",
                    (false, true) => "is now sealed with a passphrase",
                    (true, true) => "has a new passphrase",
                };
                out.line(&format!("Key {:?} (kid {}) {what}", safe(&after.name), after.kid))?;
            }
        }
        KeyCommand::Rename { old, new } => {
            let (e, renamed) = store.rename(&old, &new)?;
            if out.json {
                out.json(&json!({
                    "renamed_from": old,
                    "key": entry_json(&e, renamed.default, None),
                    "settings_updated": renamed.settings,
                }))?;
            } else if !out.quiet {
                out.line(&format!(
                    "Renamed key {:?} to {:?} (kid {})",
                    safe(&old),
                    safe(&e.name),
                    e.kid
                ))?;
                for s in &renamed.settings {
                    out.line(&format!("  config.toml: {s} = {:?}", safe(&e.name)))?;
                }
            }
        }
        KeyCommand::Remove { name, force } => return remove(&store, &name, force, out),
        KeyCommand::Import {
            file: None,
            pkcs11: Some(uri),
            module,
            name,
            force,
            passphrase,
            ..
        } => {
            let module = module.pkcs11_module.as_deref();
            let (e, backup) =
                super::keygen::token_key(&store, &name, &uri, module, false, force, &passphrase)?;
            report_backup(out, &e.name, backup.as_deref());
            if out.json {
                let default = listed_default(&store)?.is_some_and(|d| d == e.name);
                out.json(&entry_json(&e, default, backup.as_deref()))?;
            } else if !out.quiet {
                out.line(&format!("Imported token key {:?} (kid {})", e.name, e.kid))?;
            }
        }
        KeyCommand::Import { file, name, no_passphrase, force, passphrase, .. } => {
            let Some(file) = file else {
                return Err(Error::Usage("give a key FILE or --pkcs11 URI".into()));
            };
            check_name(&name)?;
            let secret = SecretKeyFile::read(&file)?;
            let label = file.display().to_string();
            let needs = secret.needs_passphrase();
            let unlocked = passphrase::unlock_while(
                &passphrase,
                &label,
                needs,
                |pw| secret.unlock(pw, &file),
                || (),
            )?;
            let key = unlocked.key;
            // An encrypted file keeps the passphrase that opened it; a plain one gets a new one.
            let pw = match unlocked.passphrase {
                Some(given) => Some(Zeroizing::new(given.bytes().to_vec())),
                None if no_passphrase => None,
                None => {
                    let pw = passphrase::obtain(&passphrase, Purpose::New(&name))?;
                    Some(Zeroizing::new(pw.as_bytes().to_vec()))
                }
            };
            let protection = match (&pw, no_passphrase) {
                (Some(pw), false) => Protection::Passphrase(pw, KdfParams::DEFAULT),
                _ => {
                    out.warn(UNENCRYPTED_WARNING);
                    Protection::None
                }
            };
            let (e, backup) = store.create(&name, &key, protection, force)?;
            report_backup(out, &e.name, backup.as_deref());
            if out.json {
                let default = listed_default(&store)?.is_some_and(|d| d == e.name);
                out.json(&entry_json(&e, default, backup.as_deref()))?;
            } else if !out.quiet {
                out.line(&format!("Imported key {:?} (kid {})", e.name, e.kid))?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// `key remove NAME`: asks on the terminal unless --force; the files are moved aside, never
/// deleted (see [`KeyStore::remove`]). Declining keeps the key and exits 1.
fn remove(store: &KeyStore, name: &str, force: bool, out: &Output) -> Result<ExitStatus, Error> {
    check_name(name)?;
    // Said before asking: there is no point confirming the removal of nothing. A damaged pair
    // (unreadable .pub) may still be removed.
    let shown = match store.get(name) {
        Ok(e) => Some(e),
        Err(e @ KeyError::NotFound { .. }) => return Err(e.into()),
        Err(_) => None,
    };
    let moved_to = store.removed_dir();
    if !force {
        let question = format!(
            "Remove key {:?}{}? Its files are moved to {} [y/N] ",
            safe(name),
            shown.as_ref().map(|e| format!(" (kid {})", e.kid)).unwrap_or_default(),
            safe_path(&moved_to)
        );
        let answer = ask_on_terminal(&question).map_err(|_| {
            Error::Usage(format!(
                "refusing to remove key {:?} without confirmation: there is no terminal to ask \
                 on; pass --force (its files are moved to {}, not deleted)",
                safe(name),
                safe_path(&moved_to)
            ))
        })?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            if out.json {
                out.json(&json!({
                    "name": name,
                    "kid": shown.as_ref().map(|e| &e.kid),
                    "removed": false,
                    "private_key_path": null,
                    "public_key_path": null,
                    "settings_removed": [],
                }))?;
            }
            out.note(&format!("key {:?} kept", safe(name)));
            return Ok(ExitStatus::Failure);
        }
    }
    let r = store.remove(name)?;
    if out.json {
        out.json(&json!({
            "name": r.name,
            "kid": r.kid,
            "removed": true,
            "private_key_path": r.private_key_path,
            "public_key_path": r.public_key_path,
            "settings_removed": r.settings,
        }))?;
    } else if !out.quiet {
        let kept = if shown.as_ref().is_some_and(|e| e.token.is_some()) {
            "its token reference is kept in {}; the key itself stays on the token (delete it \
             there with the token's own tools to destroy it)"
        } else {
            "its private key is kept in {} (delete it yourself to destroy it)"
        };
        out.line(&format!(
            "Removed key {:?}{}; {}",
            safe(&r.name),
            r.kid.as_ref().map(|k| format!(" (kid {k})")).unwrap_or_default(),
            kept.replace("{}", &safe_path(&r.private_key_path))
        ))?;
        for s in &r.settings {
            out.line(&format!("  config.toml: {s} removed (it named this key)"))?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Asks `question` on the controlling terminal (as the passphrase prompt does, so standard input
/// stays the caller's) and returns the line typed. Fails when there is no terminal.
fn ask_on_terminal(question: &str) -> std::io::Result<String> {
    use std::io::{BufRead, Write};
    let tty = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty")?;
    let mut w = &tty;
    w.write_all(question.as_bytes())?;
    w.flush()?;
    let mut line = String::new();
    std::io::BufReader::new(&tty).read_line(&mut line)?;
    Ok(line)
}

/// `key export -o FILE`: written atomically, a private key 0600, never over a file without
/// --force.
fn export_to_file(
    path: &PathBuf,
    text: &str,
    private: bool,
    force: bool,
    e: &KeyEntry,
    out: &Output,
) -> Result<ExitStatus, Error> {
    let mode = if private { Mode::Private } else { Mode::Public };
    fsutil::write_atomic(path, text.as_bytes(), mode, force)?;
    if out.json {
        out.json(&json!({
            "name": e.name,
            "kid": e.kid,
            "public_key_pem": public_key_pem(&e.public),
            "private_key_pem": null,
            "path": path,
        }))?;
    } else if !out.quiet {
        let what = if private { "private key" } else { "public key" };
        out.line(&format!("Wrote the {what} of {:?} to {}", e.name, safe_path(path)))?;
    }
    Ok(ExitStatus::Success)
}
