//! `proofctl keygen`: create a key pair in the home.

use super::key::{UNENCRYPTED_WARNING, entry_json, listed_default, report_backup};
use super::passphrase::{self, Purpose};
use crate::cli::KeygenArgs;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::store::{Protection, check_name};
use crate::keys::{self, KdfParams, KeyStore};
use crate::output::Output;
use crate::term::safe_path;

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
    let key = keys::generate();
    let (entry, backup) = if args.no_passphrase {
        out.warn(UNENCRYPTED_WARNING);
        store.create(&args.name, &key, Protection::None, args.force)?
    } else {
        let pw = passphrase::obtain(&args.passphrase, Purpose::New(&args.name))?;
        store.create(
            &args.name,
            &key,
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
        out.line(&format!(
            "  private: {}{}",
            safe_path(&entry.secret_path),
            if entry.encrypted { "" } else { " (unencrypted)" }
        ))?;
        out.line(&format!("  public:  {}", safe_path(&entry.public_path)))?;
    }
    Ok(ExitStatus::Success)
}
