//! `proofctl license refresh --server URL --key VENDOR.pub`: an installation fetches its
//! vendor's newest signed revocation lists (`GET /v1/revocations/{kid}`, public) and keeps them,
//! through exactly the checks `license verify --revocations` applies; and `proofctl license audit
//! --server URL`, an admin reading the licence service's audit log; and `proofctl license api`,
//! one call to the licence service as a signed-in member. In the network wing.

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use crate::cli::{ApiMethod, LicenseApiArgs, LicenseAuditArgs, LicenseRefreshArgs};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::kid;
use crate::license::revocation::RevocationStore;
use crate::output::{Output, plural};
use crate::sync::client::{Server, Session, SyncError, install_tls_provider};
use crate::sync::protocol::{AuditRecord, AuditResponse, MAX_PAGE, StoredRevocation};
use crate::term::safe;
use crate::trust::TrustSet;

pub fn run(args: LicenseRefreshArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    if args.key.is_empty() && args.trust_dir.is_empty() {
        return Err(Error::Usage(
            "license refresh needs the vendor's public key: pass --key VENDOR.pub or --trust-dir DIR"
                .into(),
        ));
    }
    let trust = TrustSet::resolve(home, &args.key, &args.trust_dir)?;
    let trusted = trust.keys();
    let server = Server::parse(&args.server)?;
    install_tls_provider();
    let http = reqwest::blocking::Client::builder()
        .user_agent(concat!("proofctl/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| SyncError::BadUrl { server: server.name.clone(), reason: e.to_string() })?;
    let store = RevocationStore::new(home);
    let mut results = Vec::new();
    for key in &trusted {
        let key_id = kid(key);
        let url = server.endpoint(&format!("/v1/revocations/{key_id}"));
        let unreachable = |e: reqwest::Error| SyncError::Unreachable {
            server: server.name.clone(),
            attempts: 1,
            detail: e.to_string(),
        };
        let reply = http.get(url.clone()).send().map_err(unreachable)?;
        let status = reply.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            results.push(json!({ "kid": key_id, "seq": null, "status": "none" }));
            continue;
        }
        if !status.is_success() {
            let body: String = reply.text().unwrap_or_default().chars().take(300).collect();
            return Err(SyncError::Refused {
                server: server.name.clone(),
                status: status.as_u16(),
                code: "refused".into(),
                message: format!("GET {url} answered {status}: {}", safe(body.trim())),
            }
            .into());
        }
        let got: StoredRevocation = reply.json().map_err(|e| SyncError::Protocol {
            server: server.name.clone(),
            what: format!("GET {url}"),
            detail: e.to_string(),
        })?;
        // The server's word about which key signed it counts for nothing: the list is verified
        // against the vendor keys given, and kept only if it grows what this home has.
        let list = store
            .accept(&got.token, Path::new(url.as_str()), &trusted)
            .map_err(|e| Error::Usage(e.to_string()))?;
        results.push(json!({
            "kid": key_id,
            "seq": list.seq,
            "status": "applied",
            "revoked_jtis": list.revoked_jtis.len(),
            "revoked_kids": list.revoked_kids.len(),
        }));
    }
    if out.json {
        out.json(&json!({ "server": server.name, "lists": results }))?;
        return Ok(ExitStatus::Success);
    }
    for r in &results {
        let short = &r["kid"].as_str().unwrap_or_default()[..12];
        match r["status"].as_str() {
            Some("applied") => out.line(&format!(
                "kid {short}: revocation list {} applied ({}, {})",
                r["seq"],
                plural(r["revoked_jtis"].as_u64().unwrap_or(0), "licence", "licences"),
                plural(r["revoked_kids"].as_u64().unwrap_or(0), "key", "keys"),
            ))?,
            _ => out.line(&format!("kid {short}: {} publishes no revocation list", server.name))?,
        }
    }
    Ok(ExitStatus::Success)
}

/// `license audit --server URL [--after SEQ]`: every audit entry after SEQ, page by page, read
/// with the member's key (sign-in as `sync` does; the server refuses members without the admin
/// role, and says how the operator grants it).
pub fn audit(args: LicenseAuditArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let server = Server::parse(&args.server)?;
    let name = server.name.clone();
    let key =
        super::sync::member_key(home, &home.config()?, args.key.as_deref(), &args.passphrase)?;
    let mut session = Session::new(server, &key, 3)?;
    let mut after = args.after;
    let mut entries: Vec<AuditRecord> = Vec::new();
    loop {
        let path = format!("/v1/audit?after={after}&limit={MAX_PAGE}");
        let page: AuditResponse = session.get("audit log", &path)?;
        // A server that says more follow but does not move on would loop forever.
        let moved = page.next > after;
        after = after.max(page.next);
        entries.extend(page.entries);
        if !page.more || !moved {
            break;
        }
    }
    if out.json {
        out.json(&json!({ "server": name, "entries": entries, "next": after }))?;
        return Ok(ExitStatus::Success);
    }
    for e in &entries {
        let at = u64::try_from(e.at).map_or_else(|_| e.at.to_string(), crate::license::rfc3339);
        out.line(&format!(
            "{}  {at}  {:<6}  {}  {} (kid {})  {}  {}",
            e.seq,
            safe(&e.action),
            safe(e.jti.as_deref().unwrap_or("-")),
            safe(&e.name),
            safe(super::short_kid(&e.kid)),
            safe(e.client.as_deref().unwrap_or("-")),
            safe(e.detail.as_deref().unwrap_or("")),
        ))?;
    }
    if entries.is_empty() && !out.quiet {
        out.note(&format!("{}: no audit entries after {}", safe(&name), args.after));
    }
    Ok(ExitStatus::Success)
}

/// `license api --server URL METHOD PATH [--data JSON]`: one call to the licence service's API
/// (docs/sync-protocol.md#licences) signed in as `sync` does, the answer's JSON on stdout. A GET
/// is retried on transient failures as every call is; a POST or DELETE is sent once, since a
/// retried issue whose first answer was lost would issue a second licence.
pub fn api(args: LicenseApiArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    if !args.path.starts_with("/v1/") {
        return Err(Error::Usage(format!(
            "license api: {:?} is not an API path; paths start with /v1/ (e.g. /v1/licenses)",
            args.path
        )));
    }
    let body = match args.data.as_deref() {
        None => None,
        Some(_) if args.method != ApiMethod::Post => {
            return Err(Error::Usage("license api: --data goes with POST only".into()));
        }
        Some(data) => Some(api_body(data)?),
    };
    let server = Server::parse(&args.server)?;
    let key =
        super::sync::member_key(home, &home.config()?, args.key.as_deref(), &args.passphrase)?;
    let attempts = if args.method == ApiMethod::Get { 3 } else { 1 };
    let mut session = Session::new(server, &key, attempts)?;
    let what = "licence service";
    let answer: serde_json::Value = match args.method {
        ApiMethod::Get => session.get(what, &args.path)?,
        ApiMethod::Post => session.post(what, &args.path, &body.unwrap_or_else(|| json!({})))?,
        ApiMethod::Delete => session.delete(what, &args.path)?,
    };
    out.json(&answer)?;
    Ok(ExitStatus::Success)
}

/// The body of `--data`: JSON text, `@FILE`, or `@-` (standard input); checked to be JSON here,
/// so a typo is one line naming where it was, not a 400 from the server.
fn api_body(data: &str) -> Result<serde_json::Value, Error> {
    let (source, text) = match data.strip_prefix('@') {
        Some("-") => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                Error::Usage(format!("license api: cannot read --data from standard input: {e}"))
            })?;
            ("standard input".to_string(), text)
        }
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|e| {
                Error::Usage(format!("license api: cannot read --data file {file}: {e}"))
            })?;
            (file.to_string(), text)
        }
        None => ("--data".to_string(), data.to_string()),
    };
    serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "license api: {source} is not JSON ({e}); pass the request body as JSON text, @FILE or @-"
        ))
    })
}
