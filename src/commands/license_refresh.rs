//! `proofctl license refresh --server URL --key VENDOR.pub`: an installation fetches its
//! vendor's newest signed revocation lists (`GET /v1/revocations/{kid}`, public) and keeps them,
//! through exactly the checks `license verify --revocations` applies; and `proofctl license audit
//! --server URL`, an admin reading the licence service's audit log. In the network wing.

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use super::passphrase;
use crate::cli::{LicenseAuditArgs, LicenseRefreshArgs};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::kid;
use crate::keys::store::KeyStore;
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
    let config = home.config()?;
    let server = Server::parse(&args.server)?;
    let name = server.name.clone();
    let locked = KeyStore::new(home).resolve(args.key.as_deref().or(config.sync_key.as_deref()))?;
    let key = passphrase::unlock(&args.passphrase, &locked)?;
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
