//! `proofctl key list|show|export|import`.

use serde_json::json;
use zeroize::Zeroizing;

use super::passphrase::{self, Purpose};
use crate::cli::{KeyCommand, PassphraseArgs};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::store::{KeyEntry, Protection, SecretKeyFile, check_name};
use crate::keys::{KdfParams, KeyStore, pkcs8_v1_pem, public_key_pem};
use crate::output::Output;
use crate::term::{safe, safe_path};

/// Said whenever a private key is about to be stored in the clear, at the user's request.
pub(crate) const UNENCRYPTED_WARNING: &str =
    "the private key is stored unencrypted; anyone who can read the file can sign as you";

/// The `--json` shape of a key pair, shared by `key list|show|import` and `keygen`.
pub(crate) fn entry_json(e: &KeyEntry) -> serde_json::Value {
    json!({
        "name": e.name,
        "kid": e.kid,
        "encrypted": e.encrypted,
        "private_key_path": e.secret_path,
        "public_key_path": e.public_path,
        "public_key_pem": public_key_pem(&e.public),
    })
}

fn named_or_default(store: &KeyStore, name: Option<&str>) -> Result<KeyEntry, Error> {
    Ok(match name {
        Some(n) => store.get(n)?,
        None => store.default_key()?,
    })
}

pub fn run(cmd: KeyCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let store = KeyStore::new(home);
    match cmd {
        KeyCommand::List => {
            let keys = store.list()?;
            if out.json {
                out.json(&json!({ "keys": keys.iter().map(entry_json).collect::<Vec<_>>() }))?;
            } else if keys.is_empty() {
                out.note(&format!(
                    "no keys in {}; create one with `proofctl keygen`",
                    store.dir().display()
                ));
            } else {
                for k in &keys {
                    let lock = if k.encrypted { "encrypted" } else { "UNENCRYPTED" };
                    out.line(&format!("{:<20} {}  {}", safe(&k.name), k.kid, lock))?;
                }
            }
        }
        KeyCommand::Show { name } => {
            let e = named_or_default(&store, name.as_deref())?;
            if out.json {
                out.json(&entry_json(&e))?;
            } else {
                out.line(&format!("name:      {}", safe(&e.name)))?;
                out.line(&format!("kid:       {}", e.kid))?;
                out.line(&format!("encrypted: {}", e.encrypted))?;
                out.line(&format!("private:   {}", safe_path(&e.secret_path)))?;
                out.line(&format!("public:    {}", safe_path(&e.public_path)))?;
                out.line(public_key_pem(&e.public).trim_end())?;
            }
        }
        KeyCommand::Export { name, pkcs8, passphrase } => {
            let e = named_or_default(&store, name.as_deref())?;
            let pem: Zeroizing<String> = if pkcs8 {
                let pw = unlock_passphrase(&e, &passphrase)?;
                let key = store.unlock(&e, pw.as_ref().map(|p| p.as_bytes()))?;
                pkcs8_v1_pem(&key)
            } else {
                Zeroizing::new(public_key_pem(&e.public))
            };
            if out.json {
                // Serialised straight into a zeroizing buffer sized up front: a serde_json::Value
                // would keep a copy of the private key that is never wiped.
                #[derive(serde::Serialize)]
                struct Export<'a> {
                    name: &'a str,
                    kid: &'a str,
                    public_key_pem: &'a str,
                    private_key_pem: Option<&'a str>,
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
                    },
                )
                .expect("serialising into memory cannot fail");
                buf.push(b'\n');
                out.raw(&buf)?;
            } else {
                out.line(pem.trim_end())?;
            }
        }
        KeyCommand::Import { file, name, no_passphrase, force, passphrase } => {
            check_name(&name)?;
            let secret = SecretKeyFile::read(&file)?;
            let pw = if secret.needs_passphrase() {
                Some(passphrase::obtain(&passphrase, Purpose::Unlock(&file.display().to_string()))?)
            } else if no_passphrase {
                None
            } else {
                Some(passphrase::obtain(&passphrase, Purpose::New(&name))?)
            };
            let key = secret.unlock(pw.as_ref().map(|p| p.as_bytes()), &file)?;
            let protection = match (&pw, no_passphrase) {
                (Some(pw), false) => Protection::Passphrase(pw.as_bytes(), KdfParams::DEFAULT),
                _ => {
                    out.warn(UNENCRYPTED_WARNING);
                    Protection::None
                }
            };
            let e = store.create(&name, &key, protection, force)?;
            if out.json {
                out.json(&entry_json(&e))?;
            } else if !out.quiet {
                out.line(&format!("Imported key {:?} (kid {})", e.name, e.kid))?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// The passphrase for an existing key, or none when the key is stored unencrypted.
pub(crate) fn unlock_passphrase(
    e: &KeyEntry,
    args: &PassphraseArgs,
) -> Result<Option<Zeroizing<String>>, Error> {
    if !e.encrypted {
        return Ok(None);
    }
    Ok(Some(passphrase::obtain(args, Purpose::Unlock(&e.name))?))
}
