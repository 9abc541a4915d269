//! `proofctl license refresh --server URL --key VENDOR.pub`: an installation fetches its
//! vendor's newest signed revocation lists (`GET /v1/revocations/{kid}`, public) and keeps them,
//! through exactly the checks `license verify --revocations` applies. In the network wing.

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use crate::cli::LicenseRefreshArgs;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::kid;
use crate::license::revocation::RevocationStore;
use crate::output::{Output, plural};
use crate::sync::client::{Server, SyncError, install_tls_provider};
use crate::sync::protocol::StoredRevocation;
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
