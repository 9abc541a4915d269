//! `proofctl serve`: run the sync server until SIGINT or SIGTERM, saying on stderr what it did
//! with the member keys, where it listens and, one line each, the requests it answers; and
//! `proofctl serve members`, which changes the members and their roles in the database directly.
//! With `--license-key`, it unlocks the vendor key of the licence service first.

use std::sync::Arc;

use serde_json::json;

use crate::cli::{MemberRoles, MembersCommand, ServeArgs, ServeCommand};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::{KeyStore, kid};
use crate::output::Output;
use crate::sync::server::{
    self, Allowed, Argument, Event, LicenseKey, RequestLog, Role, RoleChange, ServeConfig,
    ServeError, Words,
};
use crate::term::safe;

pub fn run(args: ServeArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    if let Some(ServeCommand::Members(cmd)) = args.command {
        return members(cmd, out);
    }
    let license = match &args.license_key {
        Some(key) => Some(license_key(key, &args, home, out)?),
        None => None,
    };
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
            grant_role: GRANT_ROLE,
            license_key: "--license-key",
        },
        license,
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
/// How an operator grants a member a role (KID ROLE follow).
const GRANT_ROLE: &str = "proofctl serve members grant --db DB";

/// Unlocks the licence service's vendor key (`--license-key`, a key name in the home or a key
/// file), before anything listens: a wrong or missing passphrase stops the start with one line.
fn license_key(
    key: &str,
    args: &ServeArgs,
    home: &Home,
    out: &Output,
) -> Result<LicenseKey, Error> {
    // A file named in the current folder is a file, not a key name of the home.
    let path_like = std::path::Path::new(key).is_file() && !key.contains('/');
    let arg = if path_like { format!("./{key}") } else { key.to_string() };
    let locked = KeyStore::new(home).resolve(Some(&arg))?;
    let issuer = args.license_issuer.clone().unwrap_or_else(|| {
        let label = std::path::Path::new(&locked.label);
        match label.file_stem() {
            Some(stem) if locked.label.contains('/') => stem.to_string_lossy().into_owned(),
            _ => locked.label.clone(),
        }
    });
    let signer = super::passphrase::service_signer(args.license_passphrase_file.as_ref(), &locked)?;
    let key_id = kid(&signer.verifying_key());
    out.note(&format!(
        "licence service: issuing as {} with kid {key_id}; its revocation list is GET /v1/revocations/{key_id}",
        safe(&issuer)
    ));
    Ok(LicenseKey { signer: Arc::from(signer), issuer })
}

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
                            "roles": role_names(&m.roles),
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
                    let roles = if m.roles.is_empty() {
                        "-".to_string()
                    } else {
                        role_names(&m.roles).join(",")
                    };
                    out.line(&format!("{}\t{}\t{added}\t{roles}", safe(&m.name), m.kid))?;
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
        MembersCommand::Grant { db, roles } => return change_roles(&db.db, roles, true, out),
        MembersCommand::Ungrant { db, roles } => return change_roles(&db.db, roles, false, out),
    }
    Ok(ExitStatus::Success)
}

fn role_names(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.as_str()).collect()
}

/// `serve members grant|ungrant --db DB KID ROLE...`.
fn change_roles(
    db: &str,
    args: MemberRoles,
    grant: bool,
    out: &Output,
) -> Result<ExitStatus, Error> {
    // clap allows only known names.
    let roles: Vec<Role> = args.roles.iter().filter_map(|r| Role::parse(r)).collect();
    let (add, drop): (&[Role], &[Role]) = if grant { (&roles, &[]) } else { (&[], &roles) };
    let RoleChange { name, before, after } = server::change_roles(db, &args.kid, add, drop)?;
    if out.json {
        out.json(&json!({
            "name": name,
            "kid": args.kid,
            "roles": role_names(&after),
            "previous_roles": role_names(&before),
        }))?;
    } else {
        let now = if after.is_empty() { "none".to_string() } else { role_names(&after).join(", ") };
        let verb = if before == after { "unchanged" } else { "now" };
        out.note(&format!("{} (kid {}): roles {verb}: {now}", safe(&name), args.kid));
    }
    Ok(ExitStatus::Success)
}
