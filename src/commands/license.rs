//! `proofctl license issue|verify|inspect|revoke` and `proofctl fingerprint`.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::now;
use super::passphrase::{self, Purpose};
use crate::cli::{
    LicenseCommand, LicenseIssueArgs, LicenseRevokeArgs, LicenseTypeArg, LicenseVerifyArgs,
    VendorArgs,
};
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::fsutil::{self, Mode};
use crate::home::Home;
use crate::keys::{KeyStore, kid};
use crate::license::revocation::{RevocationStore, read_token};
use crate::license::{self, Expectations, IssueRequest, LicenseType, fingerprint};
use crate::output::{Output, Style};
use crate::trust::TrustSet;

pub fn run(cmd: LicenseCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    match cmd {
        LicenseCommand::Issue(args) => issue(args, home, out),
        LicenseCommand::Verify(args) => verify(args, home, out),
        LicenseCommand::Inspect { license } => inspect(license.as_deref(), out),
        LicenseCommand::Revoke(args) => revoke(args, home, out),
    }
}

pub fn fingerprint_cmd(out: &Output) -> Result<ExitStatus, Error> {
    let fp = fingerprint::this_machine().map_err(|e| {
        Error::Usage(format!("cannot fingerprint this machine: {e}; machine ids live in /etc/machine-id (systemd-machine-id-setup makes one)"))
    })?;
    if out.json {
        out.json(&json!({ "fingerprint": fp }))?;
    } else {
        out.line(&fp)?;
    }
    Ok(ExitStatus::Success)
}

/// Unlocks the vendor key named by `--key` (name or path), asking for its passphrase if needed.
/// Returns the issuer name (`--issuer`, else the key's name) and the key.
fn vendor_key(v: &VendorArgs, home: &Home) -> Result<(String, ed25519_dalek::SigningKey), Error> {
    let locked = KeyStore::new(home).resolve(v.key.as_deref())?;
    let label = locked.label.clone();
    let pw = if locked.needs_passphrase() {
        Some(passphrase::obtain(&v.passphrase, Purpose::Unlock(&label))?)
    } else {
        None
    };
    let key = locked.unlock(pw.as_ref().map(|p| p.as_bytes()))?;
    Ok((v.issuer.clone().unwrap_or(label), key))
}

/// `--expires`: a day (valid through it, UTC) or an RFC 3339 instant, as unix seconds.
fn parse_expiry(s: &str) -> Result<u64, Error> {
    let bad = || {
        Error::Usage(format!(
            "--expires {s:?}: use YYYY-MM-DD or an RFC 3339 time like 2027-01-31T12:00:00Z"
        ))
    };
    let (text, add) =
        if s.len() == 10 { (format!("{s}T00:00:00Z"), 86_400) } else { (s.to_string(), 0) };
    let t = humantime::parse_rfc3339_weak(&text).map_err(|_| bad())?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).map_err(|_| bad())?.as_secs();
    Ok(secs + add)
}

fn write_or_print(
    token: &str,
    out_path: Option<&Path>,
    force: bool,
    out: &Output,
) -> Result<(), Error> {
    match out_path {
        Some(p) => fsutil::write_atomic(p, format!("{token}\n").as_bytes(), Mode::Public, force)?,
        None if !out.json => out.line(token)?,
        None => {}
    }
    Ok(())
}

fn issue(args: LicenseIssueArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let now = now();
    let expires = match (&args.expires, args.days) {
        (Some(d), _) => Some(parse_expiry(d)?),
        (None, Some(n)) => Some(now + n * 86_400),
        (None, None) => None,
    };
    let (issuer, key) = vendor_key(&args.vendor, home)?;
    let req = IssueRequest {
        issuer,
        customer: args.customer,
        customer_name: args.customer_name,
        product: args.product,
        versions: args.versions,
        modules: args.modules,
        features: args.features,
        license_type: match args.license_type {
            LicenseTypeArg::Perpetual => LicenseType::Perpetual,
            LicenseTypeArg::Subscription => LicenseType::Subscription,
            LicenseTypeArg::Demo => LicenseType::Demo,
        },
        expires,
        seats: args.seats,
        machine: args.bind,
        grace_days: args.grace_days,
    };
    let (token, claims) = license::issue(&req, &key, now).map_err(|e| Error::Usage(e.0))?;
    write_or_print(&token, args.out.as_deref(), args.force, out)?;
    if out.json {
        out.json(&json!({ "license": token, "kid": kid(&key.verifying_key()), "claims": claims }))?;
    } else if let Some(p) = &args.out {
        out.note(&format!(
            "Issued licence {} for {} -> {}",
            claims.jti,
            claims.customer_name,
            p.display()
        ));
    }
    Ok(ExitStatus::Success)
}

/// The licence text: the argument (a file, or - for stdin), else $PROOFCTL_LICENSE (the token),
/// else $PROOFCTL_LICENSE_FILE (a path).
fn read_license(arg: Option<&Path>) -> Result<(String, String), Error> {
    let from_file = |p: &Path| {
        read_token(p)
            .map(|t| (t, p.display().to_string()))
            .map_err(|e| Error::Input { path: p.into(), message: describe_io(&e) })
    };
    match arg {
        Some(p) if p == Path::new("-") => {
            let mut s = String::new();
            io::stdin().take(1 << 20).read_to_string(&mut s)?;
            Ok((s.trim().to_string(), "stdin".into()))
        }
        Some(p) => from_file(p),
        None => {
            if let Ok(t) = std::env::var("PROOFCTL_LICENSE") {
                return Ok((t.trim().to_string(), "$PROOFCTL_LICENSE".into()));
            }
            if let Some(p) = std::env::var_os("PROOFCTL_LICENSE_FILE") {
                return from_file(&PathBuf::from(p));
            }
            Err(Error::Usage(
                "no licence given: pass a file (or - for stdin), or set PROOFCTL_LICENSE or PROOFCTL_LICENSE_FILE".into(),
            ))
        }
    }
}

fn verify(args: LicenseVerifyArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let (token, source) = read_license(args.license.as_deref())?;
    let trust = TrustSet::resolve(home, &args.key, &args.trust_dir)?;
    let trusted = trust.keys();
    let store = RevocationStore::new(home);
    for path in &args.revocations {
        let list = read_token(path)
            .map_err(|e| Error::Input { path: path.clone(), message: describe_io(&e) })?;
        store.accept(&list, path, &trusted).map_err(|e| Error::Usage(e.to_string()))?;
    }
    let fingerprint = match (&args.fingerprint, args.this_machine) {
        (Some(fp), _) => Some(fp.clone()),
        (None, true) => Some(
            fingerprint::this_machine()
                .map_err(|e| Error::Usage(format!("--this-machine: {e}")))?,
        ),
        // A bound licence is checked against this machine unless told otherwise.
        (None, false) => fingerprint::this_machine().ok(),
    };
    let expect = Expectations {
        product: args.product,
        version: args.version,
        modules: args.module,
        features: args.feature,
        fingerprint,
        revocations: store.all(&trusted).map_err(|e| Error::Usage(e.to_string()))?,
    };
    let result = license::verify(&token, &trusted, &expect, now());
    let (status, reason, message, claims, key_id) = match &result {
        Ok(v) if v.in_grace => {
            let exp = v.claims.exp.unwrap_or_default();
            let end = exp + u64::from(v.claims.grace_days) * 86_400;
            (
                "grace",
                None,
                format!(
                    "expired at {}, in grace until {}",
                    license::rfc3339(exp),
                    license::rfc3339(end)
                ),
                Some(&v.claims),
                Some(v.kid.clone()),
            )
        }
        Ok(v) => (
            "valid",
            None,
            describe(&v.claims, &trust, &v.kid),
            Some(&v.claims),
            Some(v.kid.clone()),
        ),
        Err(e) if e.is_error() => ("error", Some(e.code()), e.to_string(), None, None),
        Err(e) => ("invalid", Some(e.code()), e.to_string(), None, None),
    };
    let exit = match status {
        "valid" | "grace" => ExitStatus::Success,
        "error" => ExitStatus::Error,
        _ => ExitStatus::Failure,
    };
    if out.json {
        out.json(&json!({ "status": status, "reason": reason, "message": message, "kid": key_id, "license": claims }))?;
    } else if status == "error" {
        eprintln!("proofctl: error: {source}: {message}");
    } else {
        let (tag, style) = match status {
            "valid" => ("VALID", Style::Good),
            "grace" => ("GRACE", Style::Warn),
            _ => ("INVALID", Style::Bad),
        };
        if !(out.quiet && exit == ExitStatus::Success) {
            out.line(&format!("{} {source}: {message}", out.paint(style, tag)))?;
        }
    }
    Ok(exit)
}

fn describe(c: &license::Claims, trust: &TrustSet, key_id: &str) -> String {
    let who = trust.get(key_id).map_or(key_id.to_string(), |t| t.name.clone());
    let until = c
        .exp
        .map_or("never expires".to_string(), |e| format!("valid until {}", license::rfc3339(e)));
    format!(
        "{} licence {} for {} ({}): {} {}, {until}; signed by {who}",
        serde_json::to_value(c.license_type)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        c.jti,
        c.customer_name,
        c.sub,
        c.entitlements.product,
        c.entitlements.versions.join(","),
    )
}

fn inspect(arg: Option<&Path>, out: &Output) -> Result<ExitStatus, Error> {
    let (token, source) = read_license(arg)?;
    let (header, claims) = license::inspect(&token)
        .map_err(|e| Error::Input { path: source.clone().into(), message: e.to_string() })?;
    if out.json {
        out.json(&json!({ "verified": false, "header": header, "claims": claims }))?;
        return Ok(ExitStatus::Success);
    }
    out.line("UNVERIFIED: decoded without checking signature, time or trust; run `proofctl license verify`")?;
    out.line(&format!("header: {}", serde_json::to_string_pretty(&header).expect("json")))?;
    out.line(&format!("claims: {}", serde_json::to_string_pretty(&claims).expect("json")))?;
    for name in ["iat", "nbf", "exp"] {
        if let Some(t) = claims.get(name).and_then(|v| v.as_u64()) {
            out.line(&format!("{name}: {}", license::rfc3339(t)))?;
        }
    }
    Ok(ExitStatus::Success)
}

fn revoke(args: LicenseRevokeArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    if args.jti.is_empty() && args.kids.is_empty() {
        return Err(Error::Usage("name what to revoke: licence ids (JTI) and/or --kid KID".into()));
    }
    let (issuer, key) = vendor_key(&args.vendor, home)?;
    let (token, list) = RevocationStore::new(home)
        .revoke(&key, &issuer, &args.jti, &args.kids, now())
        .map_err(|e| Error::Usage(e.to_string()))?;
    write_or_print(&token, args.out.as_deref(), args.force, out)?;
    if out.json {
        out.json(&json!({ "list": token, "seq": list.seq, "revoked_jtis": list.revoked_jtis, "revoked_kids": list.revoked_kids }))?;
    } else {
        out.note(&format!(
            "Revocation list {} ({} licences, {} keys) stored in {}; ship it to customers (license verify --revocations FILE)",
            list.seq,
            list.revoked_jtis.len(),
            list.revoked_kids.len(),
            home.revocations_dir().display()
        ));
    }
    Ok(ExitStatus::Success)
}
