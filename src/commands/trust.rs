//! `proofctl trust add|list|remove|add-tsa|remove-tsa`.

use serde_json::json;

use crate::cli::RestrictArgs;
use crate::cli::TrustCommand;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::kid;
use crate::output::Output;
use crate::policy::Restrictions;
use crate::term::{safe, safe_path};
use crate::trust::{
    Added, Source, TrustError, TrustSet, TrustStore, describe, is_foreign_key_file, spki_kid,
};
use crate::tsa_trust::{self, TsaRoot};

fn tsa_json(r: &TsaRoot) -> serde_json::Value {
    json!({
        "name": r.name,
        "path": r.path,
        "subject": r.subject(),
        "sha256": r.fingerprint(),
        "not_after": r.not_after(),
        "certificates": r.certs.len(),
    })
}

/// The restrictions `trust add` was given, checked and normalised.
fn restrictions(a: RestrictArgs) -> Result<Restrictions, Error> {
    let mut require_meta = std::collections::BTreeMap::new();
    for (k, v) in a.require_meta {
        if let Some(old) = require_meta.insert(k.clone(), v.clone())
            && old != v
        {
            return Err(Error::Usage(format!(
                "--require-meta {k}={old} and {k}={v}: a proof carries one value per key"
            )));
        }
    }
    Restrictions { valid_after: a.valid_after, valid_before: a.valid_before, require_meta }
        .checked()
        .map_err(Error::Usage)
}

/// A trust entry's restrictions in `--json`: every member present, null or empty when unset.
pub(crate) fn restrictions_json(r: &Restrictions) -> serde_json::Value {
    json!({ "valid_after": r.valid_after, "valid_before": r.valid_before, "require_meta": r.require_meta })
}

/// The entry `trust add` reports, and whether it was new or had its restrictions replaced.
fn unpack<K>(a: Added<K>) -> (K, bool, bool) {
    match a {
        Added::New(e) => (e, true, false),
        Added::Already(e) => (e, false, false),
        Added::Updated(e) => (e, false, true),
    }
}

/// `trust add --json`, one shape for Ed25519 and other keys.
fn added_json(
    kid: &str,
    name: &str,
    added: bool,
    updated: bool,
    path: &std::path::Path,
    r: &crate::policy::Restrictions,
) -> serde_json::Value {
    json!({
        "kid": kid,
        "name": name,
        "added": added,
        "updated": updated,
        "public_key_path": path,
        "restrictions": restrictions_json(r),
    })
}

pub fn run(cmd: TrustCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let store = TrustStore::new(home);
    match cmd {
        TrustCommand::Add { pubkey, name, force, restrict } if is_foreign_key_file(&pubkey) => {
            let restrictions = restrictions(restrict)?;
            let (entry, new, updated) =
                unpack(store.add_foreign(&pubkey, name.as_deref(), force, &restrictions)?);
            let id = spki_kid(&entry.spki_der);
            if out.json {
                let r = &entry.restrictions;
                out.json(&added_json(&id, &entry.name, new, updated, &entry.path, r))?;
            } else if !out.quiet {
                let name = safe(&entry.name);
                let alg = entry.algorithm;
                let word = if new {
                    "Trusted"
                } else if updated {
                    "Updated"
                } else {
                    "Already trusted as"
                };
                out.line(&format!("{word} {name} ({alg} key, kid {id}); it verifies signatures of other formats (DSSE, Sigstore, SSH), never POP proofs"))?;
            }
        }
        TrustCommand::Add { pubkey, name, force, restrict } => {
            let restrictions = restrictions(restrict)?;
            let (entry, new, updated) =
                unpack(store.add(&pubkey, name.as_deref(), force, &restrictions)?);
            let id = kid(&entry.key);
            if out.json {
                let r = &entry.restrictions;
                out.json(&added_json(&id, &entry.name, new, updated, &entry.path, r))?;
            } else if !out.quiet {
                let name = safe(&entry.name);
                let limits = if entry.restrictions.is_empty() {
                    String::new()
                } else {
                    format!(": {}", safe(&describe(&entry.restrictions)))
                };
                if new {
                    out.line(&format!("Trusted {name} (kid {id}){limits}"))?;
                } else if updated {
                    out.line(&format!("Updated {name} (kid {id}){limits}"))?;
                } else {
                    out.line(&format!("Already trusted as {name} (kid {id}){limits}"))?;
                }
            }
        }
        TrustCommand::AddRevocations { file } => {
            return super::key_lifecycle::add_revocations(&file, home, out);
        }
        TrustCommand::AddRotation { file, force } => {
            return super::key_lifecycle::add_rotation(&file, force, home, out);
        }
        TrustCommand::List => {
            let set = TrustSet::from_home(home)?;
            let roots = tsa_trust::list(home)?;
            if out.json {
                let mut keys: Vec<_> = set
                    .iter()
                    .map(|(id, t)| {
                        json!({
                            "kid": id,
                            "name": t.name,
                            "algorithm": "ed25519",
                            "source": t.source.as_str(),
                            "public_key_path": t.path,
                            "restrictions": restrictions_json(&t.restrictions),
                        })
                    })
                    .collect();
                keys.extend(set.foreign().map(|(id, t)| {
                    json!({
                        "kid": id,
                        "name": t.name,
                        "algorithm": t.algorithm,
                        "source": t.source.as_str(),
                        "public_key_path": t.path,
                        "restrictions": restrictions_json(&t.restrictions),
                    })
                }));
                let tsa: Vec<_> = roots.iter().map(tsa_json).collect();
                out.json(&json!({ "keys": keys, "tsa_roots": tsa }))?;
                return Ok(ExitStatus::Success);
            }
            if set.is_empty() {
                out.note("no trusted keys; add one with `proofctl trust add KEY.pub`");
            } else {
                for (id, t) in set.iter() {
                    let src = if t.source == Source::OwnKey { "(own key)" } else { "" };
                    out.line(&format!("{:<20} {id} {src}", safe(&t.name)))?;
                    if !t.restrictions.is_empty() {
                        out.line(&format!("{:<20} {}", "", safe(&describe(&t.restrictions))))?;
                    }
                }
                for (id, t) in set.foreign() {
                    out.line(&format!("{:<20} {id} ({})", safe(&t.name), t.algorithm))?;
                    if !t.restrictions.is_empty() {
                        out.line(&format!("{:<20} {}", "", safe(&describe(&t.restrictions))))?;
                    }
                }
            }
            if !roots.is_empty() {
                out.line("TSA roots:")?;
                for r in &roots {
                    out.line(&format!(
                        "{:<20} {} (sha256 {}, until {})",
                        safe(&r.name),
                        safe(&r.subject()),
                        &r.fingerprint()[..16],
                        r.not_after()
                    ))?;
                }
            }
        }
        TrustCommand::AddTsa { root, name, force } => {
            let (entry, new) = match tsa_trust::add(home, &root, name.as_deref(), force)? {
                tsa_trust::Added::New(e) => (e, true),
                tsa_trust::Added::Already(e) => (e, false),
            };
            if out.json {
                let mut v = tsa_json(&entry);
                v["added"] = new.into();
                out.json(&v)?;
            } else if !out.quiet {
                let name = safe(&entry.name);
                let subject = entry.subject();
                let subject = safe(&subject);
                if new {
                    out.line(&format!("Trusted TSA root {name}: {subject}"))?;
                } else {
                    out.line(&format!("Already trusted as TSA root {name}: {subject}"))?;
                }
            }
        }
        TrustCommand::RemoveTsa { name } => {
            let removed = tsa_trust::remove(home, &name)?;
            if out.json {
                out.json(&tsa_json(&removed))?;
            } else if !out.quiet {
                out.line(&format!(
                    "Removed TSA root {} ({})",
                    safe(&removed.name),
                    safe_path(&removed.path)
                ))?;
            }
        }
        TrustCommand::Remove { kid: what } => {
            let removed = match store.remove(&what) {
                // Not an Ed25519 key of the store: perhaps one of another algorithm.
                Err(TrustError::NotFound(_)) => return remove_foreign(&store, &what, out),
                r => r?,
            };
            let id = kid(&removed[0].key);
            // Your own keys are always trusted; removing a store copy of one changes nothing.
            let still = TrustSet::from_home(home)?.get(&id).map(|t| t.name.clone());
            if out.json {
                let files: Vec<_> = removed
                    .iter()
                    .map(|t| json!({ "name": t.name, "public_key_path": t.path }))
                    .collect();
                out.json(&json!({ "kid": id, "removed": files, "still_trusted_as": still }))?;
            } else if !out.quiet {
                for t in &removed {
                    out.line(&format!("Removed {} ({})", safe(&t.name), safe_path(&t.path)))?;
                }
                match still {
                    Some(name) => {
                        let name = safe(&name);
                        out.line(&format!("kid {id} is still trusted: it is your own key {name}"))?
                    }
                    None => out.line(&format!("No longer trusted: kid {id}"))?,
                }
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// `trust remove` of a key that is not Ed25519, by its kid (SHA-256 of the SPKI) or name.
fn remove_foreign(store: &TrustStore, what: &str, out: &Output) -> Result<ExitStatus, Error> {
    let removed = store.remove_foreign(what)?;
    let id = spki_kid(&removed[0].spki_der);
    if out.json {
        let files: Vec<_> =
            removed.iter().map(|t| json!({ "name": t.name, "public_key_path": t.path })).collect();
        out.json(&json!({ "kid": id, "removed": files, "still_trusted_as": null }))?;
    } else if !out.quiet {
        for t in &removed {
            out.line(&format!("Removed {} ({})", safe(&t.name), safe_path(&t.path)))?;
        }
        out.line(&format!("No longer trusted: kid {id}"))?;
    }
    Ok(ExitStatus::Success)
}
