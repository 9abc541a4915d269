//! `proofctl serve`: run the sync server until SIGINT or SIGTERM, saying on stderr what it did
//! with the member keys, where it listens and, one line each, the requests it answers; and
//! `proofctl serve members`, which changes the members in the database directly.

use serde_json::json;

use crate::cli::{MembersCommand, ServeArgs, ServeCommand};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::Output;
use crate::sync::server::{
    self, Allowed, Argument, Event, RequestLog, ServeConfig, ServeError, Words,
};
use crate::term::safe;

pub fn run(args: ServeArgs, _home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    if let Some(ServeCommand::Members(cmd)) = args.command {
        return members(cmd, out);
    }
    let config = ServeConfig {
        listen: args.listen,
        db: args.db.unwrap_or_default(),
        allow_keys: args.allow_key,
        remove_keys: args.remove_key,
        max_body: args.max_body,
        rate: args.rate,
        header_timeout: args.header_timeout,
        body_timeout: args.body_timeout,
        max_connections: args.max_connections as usize,
        trusted_proxies: args.trusted_proxy,
        clock: super::now,
        words: Words {
            max_body: "--max-body",
            body_timeout: "--body-timeout",
            add_member: ADD_MEMBER,
        },
    };
    let out = out.clone();
    server::serve(config, move |event| {
        if out.json {
            // A closed stdout must not stop the server; the stderr lines still say it all.
            let _ = out.json_line(&event_json(&event));
        }
        say(&out, event);
    })?;
    Ok(ExitStatus::Success)
}

/// How an operator makes a key a member.
const ADD_MEMBER: &str = "proofctl serve members add --db DB NAME=KEY.pub";

/// The flag (src/cli.rs `ServeArgs`) each server input comes from, as errors name it.
fn flag(argument: Argument) -> &'static str {
    match argument {
        Argument::Listen => "--listen",
        Argument::AllowKey => "--allow-key",
        Argument::RemoveKey => "--remove-key",
        Argument::AllowAndRemove => "--allow-key and --remove-key",
        Argument::TrustedProxy => "--trusted-proxy",
        Argument::Db => "--db",
    }
}

/// A server error in this command's words: the flag that gave the value, then the library's
/// message (which names the value, the problem and the fix).
pub fn describe(e: &ServeError) -> String {
    match (e, e.argument()) {
        (ServeError::AllowAndRemove { kid }, Some(a)) => {
            format!("{} both name kid {kid}; give only one", flag(a))
        }
        // The key file's own error names the file.
        (ServeError::KeyFile(_), Some(a)) => format!("{}: {e}", flag(a)),
        (_, Some(a)) => format!("{} {e}", flag(a)),
        (ServeError::NotAMember { .. }, None) => {
            format!("{e}; `proofctl serve members list --db DB` lists them")
        }
        (_, None) => e.to_string(),
    }
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
        Event::Request(r) => json!({
            "event": "request", "client": r.client.map(|c| c.to_string()), "method": r.method,
            "path": r.path, "status": r.status, "seconds": r.duration.as_secs_f64(), "kid": r.kid,
        }),
        Event::Stopped => json!({ "event": "stopped" }),
    }
}

/// The human lines on stderr, with or without --json.
fn say(out: &Output, event: Event) {
    match event {
        // Always shown, even with --quiet: scripts and tests wait for this line.
        Event::Listening { addr, backend, db } => {
            out.note(&format!("database: {} {}", backend.as_str(), safe(&db)));
            out.say(&format!("listening on http://{addr}"));
        }
        Event::Request(r) => out.note(&request_line(&r)),
        Event::Stopped => out.note("stopped"),
        other => membership(out, other),
    }
}

/// What happened to a member, for a person.
fn membership(out: &Output, event: Event) {
    match event {
        Event::KeyAllowed { name, kid, change } => out.note(&match change {
            Allowed::New => format!("allowed {name} (kid {kid})"),
            Allowed::Readded => format!("allowed {name} again (kid {kid})"),
            Allowed::Renamed { from } => {
                format!("renamed member {} to {name} (kid {kid})", safe(&from))
            }
            Allowed::Unchanged => format!("{name} is already a member (kid {kid})"),
        }),
        Event::KeyRemoved { kid, name, already: false } => {
            out.note(&format!("removed {} (kid {kid}); its tokens no longer work", safe(&name)))
        }
        Event::KeyRemoved { kid, name, already: true } => {
            out.note(&format!("{} (kid {kid}) was already removed", safe(&name)))
        }
        Event::NoMembers => out.warn(&format!(
            "no member keys yet, so nobody can sign in; add one with `{ADD_MEMBER}`"
        )),
        _ => {}
    }
}

/// `TIME CLIENT METHOD PATH STATUS DURATION [kid=KID]`: what was asked, of whom, how it went.
/// The path is the client's text, so it is made safe; the kid only ever has a kid's alphabet.
fn request_line(r: &RequestLog) -> String {
    let time = humantime::format_rfc3339_seconds(std::time::SystemTime::now());
    let client = r.client.map_or_else(|| "-".to_string(), |c| c.to_string());
    let mut line = format!(
        "{time} {client} {} {} {} {:.1}ms",
        safe(&r.method),
        safe(&r.path),
        r.status,
        r.duration.as_secs_f64() * 1000.0
    );
    if let Some(kid) = &r.kid {
        line.push_str(" kid=");
        line.push_str(kid);
    }
    line
}

fn members(cmd: MembersCommand, out: &Output) -> Result<ExitStatus, Error> {
    let now = super::now();
    match cmd {
        MembersCommand::Add { db, keys } => {
            let mut added = Vec::new();
            server::add_members(&db.db, &keys, now, |e| {
                if matches!(e, Event::KeyAllowed { .. }) {
                    added.push(event_json(&e));
                }
                if !out.json {
                    membership(out, e);
                }
            })?;
            if out.json {
                out.json(&json!({ "allowed": added }))?;
            }
        }
        MembersCommand::List { db } => {
            let members = server::list_members(&db.db)?;
            if out.json {
                let list: Vec<_> = members
                    .iter()
                    .map(|m| {
                        json!({
                            "name": m.name,
                            "kid": m.kid,
                            "public_key_pem": m.public_key,
                            "added_at": m.added_at,
                        })
                    })
                    .collect();
                out.json(&json!({ "members": list }))?;
            } else if members.is_empty() {
                out.note(&format!("no members; add one with `{ADD_MEMBER}`"));
            } else {
                for m in &members {
                    let added = u64::try_from(m.added_at)
                        .map_or_else(|_| m.added_at.to_string(), crate::license::rfc3339);
                    out.line(&format!("{}\t{}\t{added}", safe(&m.name), m.kid))?;
                }
            }
        }
        MembersCommand::Remove { db, kids } => {
            let mut removed = Vec::new();
            server::remove_members(&db.db, &kids, now, |e| {
                if matches!(e, Event::KeyRemoved { .. }) {
                    removed.push(event_json(&e));
                }
                if !out.json {
                    membership(out, e);
                }
            })?;
            if out.json {
                out.json(&json!({ "removed": removed }))?;
            }
        }
    }
    Ok(ExitStatus::Success)
}
