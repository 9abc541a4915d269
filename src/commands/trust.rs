//! `proofctl trust add|list|remove`.

use serde_json::json;

use crate::cli::TrustCommand;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::kid;
use crate::output::Output;
use crate::term::{safe, safe_path};
use crate::trust::{Added, Source, TrustSet, TrustStore};

pub fn run(cmd: TrustCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let store = TrustStore::new(home);
    match cmd {
        TrustCommand::Add { pubkey, name, force } => {
            let (entry, new) = match store.add(&pubkey, name.as_deref(), force)? {
                Added::New(e) => (e, true),
                Added::Already(e) => (e, false),
            };
            let id = kid(&entry.key);
            if out.json {
                out.json(
                    &json!({ "kid": id, "name": entry.name, "added": new, "public_key_path": entry.path }),
                )?;
            } else if !out.quiet {
                let name = safe(&entry.name);
                if new {
                    out.line(&format!("Trusted {name} (kid {id})"))?;
                } else {
                    out.line(&format!("Already trusted as {name} (kid {id})"))?;
                }
            }
        }
        TrustCommand::List => {
            let set = TrustSet::from_home(home)?;
            if out.json {
                let keys: Vec<_> = set
                    .iter()
                    .map(|(id, t)| {
                        json!({ "kid": id, "name": t.name, "source": t.source.as_str(), "public_key_path": t.path })
                    })
                    .collect();
                out.json(&json!({ "keys": keys }))?;
            } else if set.is_empty() {
                out.note("no trusted keys; add one with `proofctl trust add KEY.pub`");
            } else {
                for (id, t) in set.iter() {
                    let src = if t.source == Source::OwnKey { "(own key)" } else { "" };
                    out.line(&format!("{:<20} {id} {src}", safe(&t.name)))?;
                }
            }
        }
        TrustCommand::Remove { kid: what } => {
            let removed = store.remove(&what)?;
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
