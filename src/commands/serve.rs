//! `proofctl serve`: run the sync server until SIGINT or SIGTERM, saying on stderr what it did
//! with the member keys and where it listens.

use serde_json::json;

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
    server::serve(config, |event| {
        if out.json {
            // A closed stdout must not stop the server; the stderr lines still say it all.
            let _ = out.json_line(&event_json(&event));
        }
        say(&event, out);
    })?;
    Ok(ExitStatus::Success)
}

/// One `serve --json` line (docs/json-output.md): what happened, as `event`, and its details.
fn event_json(event: &Event) -> serde_json::Value {
    match event {
        Event::KeyAllowed { name, kid, change } => {
            let (change, previous_name) = match change {
                Allowed::New => ("new", None),
                Allowed::Readded => ("readded", None),
                Allowed::Renamed { from } => ("renamed", Some(from)),
                Allowed::Unchanged => ("unchanged", None),
            };
            json!({ "event": "key_allowed", "name": name, "kid": kid, "change": change,
                    "previous_name": previous_name })
        }
        Event::KeyRemoved { kid, name, already } => {
            json!({ "event": "key_removed", "name": name, "kid": kid, "already_removed": already })
        }
        Event::NoMembers => json!({ "event": "no_members" }),
        Event::Listening { addr, backend, db } => json!({
            "event": "listening", "address": addr.to_string(), "url": format!("http://{addr}"),
            "backend": backend.as_str(), "database": db,
        }),
        Event::Stopped => json!({ "event": "stopped" }),
    }
}

/// The human lines on stderr, with or without --json.
fn say(event: &Event, out: &Output) {
    match event {
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
    }
}
