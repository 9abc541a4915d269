//! `proofctl trust add|list|remove`.

use serde_json::json;

use super::short_kid;
use crate::cli::TrustCommand;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::kid;
use crate::output::Output;
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
                    &json!({ "kid": id, "name": entry.name, "added": new, "path": entry.path }),
                )?;
            } else if new {
                out.line(&format!("Trusted {} (kid {id})", entry.name))?;
            } else {
                out.line(&format!("Already trusted as {} (kid {id})", entry.name))?;
            }
        }
        TrustCommand::List => {
            let set = TrustSet::from_home(home)?;
            if out.json {
                let keys: Vec<_> = set
                    .iter()
                    .map(|(id, t)| {
                        json!({
                            "kid": id,
                            "name": t.name,
                            "source": if t.source == Source::OwnKey { "own-key" } else { "trust-store" },
                            "path": t.path,
                        })
                    })
                    .collect();
                out.json(&json!({ "keys": keys }))?;
            } else if set.is_empty() {
                out.note("no trusted keys; add one with `proofctl trust add KEY.pub`");
            } else {
                for (id, t) in set.iter() {
                    let src = if t.source == Source::OwnKey { "(own key)" } else { "" };
                    out.line(&format!("{:<20} {id} {src}", t.name))?;
                }
            }
        }
        TrustCommand::Remove { kid: what } => {
            let e = store.remove(&what)?;
            let id = kid(&e.key);
            if out.json {
                out.json(&json!({ "kid": id, "name": e.name, "removed": true }))?;
            } else if !out.quiet {
                out.line(&format!("No longer trusted: {} (kid {})", e.name, short_kid(&id)))?;
            }
        }
    }
    Ok(ExitStatus::Success)
}
