//! `proofctl serve`: run the sync server until SIGINT or SIGTERM, saying on stderr what it did
//! with the member keys and where it listens.

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::Output;
use crate::sync::server::{self, Allowed, Event, ServeConfig};

pub fn run(args: ServeArgs, _home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let config = ServeConfig {
        listen: args.listen,
        db: args.db,
        allow_keys: args.allow_key,
        remove_keys: args.remove_key,
        max_body: args.max_body,
        rate: args.rate,
        clock: super::now,
    };
    server::serve(config, |event| match event {
        Event::KeyAllowed { name, kid, change } => out.note(&match change {
            Allowed::New => format!("allowed {name} (kid {kid})"),
            Allowed::Readded => format!("allowed {name} again (kid {kid})"),
            Allowed::Renamed { from } => format!("renamed member {from} to {name} (kid {kid})"),
            Allowed::Unchanged => format!("{name} is already a member (kid {kid})"),
        }),
        Event::KeyRemoved { kid, name, already: false } => {
            out.note(&format!("removed {name} (kid {kid}); its tokens no longer work"))
        }
        Event::KeyRemoved { kid, name, already: true } => {
            out.note(&format!("{name} (kid {kid}) was already removed"))
        }
        Event::NoMembers => out.warn(
            "no member keys yet, so nobody can sign in; restart with --allow-key NAME=KEY.pub",
        ),
        // Always shown, even with --quiet: scripts and tests wait for this line.
        Event::Listening { addr, backend, db } => {
            out.note(&format!("database: {} {db}", backend.as_str()));
            eprintln!("listening on http://{addr}");
        }
        Event::Stopped => out.note("stopped"),
    })?;
    Ok(ExitStatus::Success)
}
