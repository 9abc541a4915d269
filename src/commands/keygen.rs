//! `proofctl keygen`: create a key pair in the home.

use super::key::{UNENCRYPTED_WARNING, entry_json, listed_default, report_backup};
use super::passphrase::{self, Purpose};
use std::path::{Path, PathBuf};

use crate::cli::{KeygenArgs, PassphraseArgs};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::pkcs11::{self, Pkcs11Uri, Token, TokenRef};
use crate::keys::store::{KeyEntry, Protection, check_name};
use crate::keys::{self, KdfParams, KeyStore};
use crate::output::Output;
use crate::term::{safe, safe_path};

pub fn run(args: KeygenArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    check_name(&args.name)?;
    let store = KeyStore::new(home);
    // Fail before asking for a passphrase the user would type for nothing.
    if !args.force && store.get(&args.name).is_ok() {
        return Err(crate::fsutil::WriteError::Exists(
            store.dir().join(format!("{}.key", args.name)),
        )
        .into());
    }
    let (entry, backup) = if let Some(uri) = &args.pkcs11 {
        let module = args.module.pkcs11_module.as_deref();
        token_key(&store, &args.name, uri, module, true, args.force, &args.passphrase)?
    } else if args.no_passphrase {
        out.warn(UNENCRYPTED_WARNING);
        store.create(&args.name, &keys::generate(), Protection::None, args.force)?
    } else {
        let pw = passphrase::obtain(&args.passphrase, Purpose::New(&args.name))?;
        store.create(
            &args.name,
            &keys::generate(),
            Protection::Passphrase(pw.as_bytes(), KdfParams::DEFAULT),
            args.force,
        )?
    };
    report_backup(out, &entry.name, backup.as_deref());
    if out.json {
        let default = listed_default(&store)?.is_some_and(|d| d == entry.name);
        out.json(&entry_json(&entry, default, backup.as_deref()))?;
    } else if !out.quiet {
        out.line(&format!("Created key {:?} (kid {})", entry.name, entry.kid))?;
        match &entry.token {
            Some(r) => out.line(&format!(
                "  on the token: {} (reference in {})",
                safe(&r.uri),
                safe_path(&entry.secret_path)
            ))?,
            None => out.line(&format!(
                "  private: {}{}",
                safe_path(&entry.secret_path),
                if entry.encrypted { "" } else { " (unencrypted)" }
            ))?,
        }
        out.line(&format!("  public:  {}", safe_path(&entry.public_path)))?;
    }
    Ok(ExitStatus::Success)
}

/// `keygen --pkcs11 URI` (`make`: a new key pair on the token) and `key import --pkcs11 URI` (an
/// existing one): the private key stays on the token; the home stores the public key and a
/// reference to the key (module, token label and serial, object label and id).
pub(crate) fn token_key(
    store: &KeyStore,
    name: &str,
    uri: &str,
    module: Option<&Path>,
    make: bool,
    force: bool,
    pin: &PassphraseArgs,
) -> Result<(KeyEntry, Option<PathBuf>), Error> {
    let uri = Pkcs11Uri::parse(uri)?;
    let module = pkcs11::module_for(module, &uri, None)?;
    // Stored absolute: `sign` runs from anywhere.
    let module = std::path::absolute(&module).unwrap_or(module);
    let token = Token::open(&uri, &module, make)?;
    passphrase::login(pin, name, &token, &uri)?;
    let key = if make {
        let label = uri.object.clone().unwrap_or_else(|| name.to_string());
        let id = uri.id.clone().unwrap_or_else(|| {
            let mut id = [0u8; 16];
            rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut id);
            id.to_vec()
        });
        token.generate(&label, &id)?
    } else {
        token.find_key(&uri)?
    };
    let reference = TokenRef {
        format: pkcs11::FORMAT.into(),
        version: pkcs11::VERSION,
        kid: keys::kid(&key.public),
        uri: token.uri_of(&key, uri.pin_source.clone()).to_uri(),
        module: Some(module),
    };
    Ok(store.create_token(name, &reference, &key.public, force)?)
}
