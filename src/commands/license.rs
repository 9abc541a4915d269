//! `proofctl license issue|verify|inspect|revoke` and `proofctl fingerprint`.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::now;
use super::passphrase;
use crate::cli::{
    FingerprintArgs, LicenseCommand, LicenseIssueArgs, LicenseListArgs, LicenseRenewArgs,
    LicenseRevokeArgs, LicenseTypeArg, LicenseVerifyArgs, VendorArgs,
};
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::fsutil::{self, Mode};
use crate::home::Home;
use crate::keys::{KeyStore, kid};
use crate::license::activation::{self, ActivationRequest};
use crate::license::clock::ClockMark;
use crate::license::read_token;
use crate::license::registry::{Entry, Filter, Registry};
use crate::license::revocation::RevocationStore;
use crate::license::{self, Expectations, IssueRequest, LicenseType, fingerprint};
use crate::output::{Output, Style, plural};
use crate::term::safe;
use crate::trust::TrustSet;

pub fn run(cmd: LicenseCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    match cmd {
        LicenseCommand::Issue(args) => issue(args, home, out),
        LicenseCommand::Verify(args) => verify(args, home, out),
        LicenseCommand::Inspect { license } => inspect(license.as_deref(), out),
        LicenseCommand::Revoke(args) => revoke(args, home, out),
        LicenseCommand::List(args) => list(args, home, out),
        LicenseCommand::Show { jti } => show(&jti, home, out),
        LicenseCommand::Renew(args) => renew(args, home, out),
        LicenseCommand::Refresh(_) | LicenseCommand::Audit(_) | LicenseCommand::Api(_) => {
            Err(Error::Usage("license refresh, audit and api are answered by proofctl-sync".into()))
        }
    }
}

/// The licence commands `proofctl` answers itself: those that touch no registry (SQLite).
pub fn run_front(cmd: LicenseCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    match cmd {
        LicenseCommand::Verify(args) => verify(args, home, out),
        LicenseCommand::Inspect { license } => inspect(license.as_deref(), out),
        _ => Err(Error::Usage("this licence command is answered by proofctl-index".into())),
    }
}

pub fn fingerprint_cmd(args: FingerprintArgs, out: &Output) -> Result<ExitStatus, Error> {
    let fp = fingerprint::this_machine().map_err(|e| {
        Error::Usage(format!("cannot fingerprint this machine: {e}; machine ids live in /etc/machine-id (systemd-machine-id-setup makes one)"))
    })?;
    if !args.request {
        if out.json {
            out.json(&json!({ "fingerprint": fp, "request": null, "path": null }))?;
        } else {
            out.line(&fp)?;
        }
        return Ok(ExitStatus::Success);
    }
    let req =
        ActivationRequest::new(fp.clone(), args.product, args.customer, args.customer_name, now());
    let text = req.to_json_pretty();
    // The request goes through the same checks the vendor's side runs, so a bad one fails here.
    ActivationRequest::parse(text.as_bytes()).map_err(Error::Usage)?;
    match &args.out {
        Some(p) => fsutil::write_atomic(p, text.as_bytes(), Mode::Public, args.force)?,
        None if !out.json => out.line(text.trim_end())?,
        None => {}
    }
    if out.json {
        out.json(&json!({
            "fingerprint": fp,
            "request": req,
            "path": args.out.as_ref().map(|p| p.display().to_string()),
        }))?;
    } else if let Some(p) = &args.out {
        out.note(&format!(
            "Activation request for this machine ({fp}) written to {}; send it to your vendor",
            p.display()
        ));
    }
    Ok(ExitStatus::Success)
}

/// The value of a licence field: the command line's, else the request's; both and different is
/// a mistake worth stopping for (the request names another customer or product).
fn from_request(
    flag: &str,
    given: Option<String>,
    requested: Option<&String>,
    path: Option<&Path>,
) -> Result<String, Error> {
    match (given, requested, path) {
        (Some(g), Some(r), Some(p)) if &g != r => Err(Error::Usage(format!(
            "--{flag} {g:?} differs from the {flag} {r:?} in {}; drop --{flag} or check the request",
            p.display()
        ))),
        (Some(g), _, _) => Ok(g),
        (None, Some(r), _) => Ok(r.clone()),
        (None, None, Some(p)) => {
            Err(Error::Usage(format!("{} names no {flag}: pass --{flag}", p.display())))
        }
        (None, None, None) => Err(Error::Usage(format!("--{flag} is required"))),
    }
}

/// Reads an activation request file (`license issue --request`).
fn read_request(path: &Path) -> Result<ActivationRequest, Error> {
    let bytes = fsutil::read_bounded(path, activation::MAX_REQUEST_BYTES)
        .map_err(|e| Error::Input { path: path.into(), message: describe_io(&e) })?;
    ActivationRequest::parse(&bytes).map_err(|message| Error::Input {
        path: path.into(),
        message: format!(
            "{message}; ask the customer to run `proofctl fingerprint --request -o FILE` again"
        ),
    })
}

/// Unlocks the vendor key named by `--key` (name or path), asking for its passphrase if needed.
/// Returns the issuer name (`--issuer`, else the key's name) and the key.
fn vendor_key(
    v: &VendorArgs,
    home: &Home,
) -> Result<(String, Box<dyn crate::keys::signer::KeySigner>), Error> {
    let locked = KeyStore::new(home).resolve(v.key.as_deref())?;
    let label = locked.label.clone();
    let key = passphrase::signer(&v.passphrase, &locked)?;
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
        (None, Some(n)) => Some(
            n.checked_mul(license::DAY)
                .and_then(|d| d.checked_add(now))
                .ok_or_else(|| Error::Usage(format!("--days {n} is too many days")))?,
        ),
        (None, None) => None,
    };
    let request = args.request.as_deref().map(read_request).transpose()?;
    let rp = args.request.as_deref();
    let customer = from_request(
        "customer",
        args.customer,
        request.as_ref().and_then(|r| r.customer.as_ref()),
        rp,
    )?;
    let customer_name = from_request(
        "customer-name",
        args.customer_name,
        request.as_ref().and_then(|r| r.customer_name.as_ref()),
        rp,
    )?;
    let product = from_request(
        "product",
        args.product,
        request.as_ref().and_then(|r| r.product.as_ref()),
        rp,
    )?;
    let machine = request.map(|r| r.fingerprint).or(args.bind);
    // Any key, a token's too: only the finished claims are signed.
    let locked = KeyStore::new(home).resolve(args.vendor.key.as_deref())?;
    let issuer = args.vendor.issuer.clone().unwrap_or_else(|| locked.label.clone());
    let req = IssueRequest {
        issuer,
        customer,
        customer_name,
        product,
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
        machine,
        grace_days: args.grace_days,
    };
    let key = passphrase::signer(&args.vendor.passphrase, &locked)?;
    issue_and_record(&req, &*key, None, args.out.as_deref(), args.force, home, out, now)
}

/// Signs the licence `req` asks for, records it in the registry and writes it out (both or
/// neither), and reports it.
#[allow(clippy::too_many_arguments)]
fn issue_and_record(
    req: &IssueRequest,
    key: &dyn crate::keys::signer::KeySigner,
    renewed_from: Option<&str>,
    out_path: Option<&Path>,
    force: bool,
    home: &Home,
    out: &Output,
    now: u64,
) -> Result<ExitStatus, Error> {
    let claims = license::claims_for(req, now).map_err(|e| Error::Usage(e.0))?;
    let token = license::sign_license(&claims, key)?;
    let key_id = kid(&key.verifying_key());
    let mut registry = Registry::open(&home.license_registry_path())?;
    registry.record(&claims, &key_id, &token, renewed_from, || {
        write_or_print(&token, out_path, force, out)
    })?;
    if out.json {
        out.json(&json!({
            "token": token,
            "path": out_path.map(|p| p.display().to_string()),
            "kid": key_id,
            "claims": claims,
            "renewed_from": renewed_from,
        }))?;
    } else if let Some(p) = out_path {
        let what = renewed_from.map_or(String::new(), |r| format!(" (renewing {r})"));
        out.note(&format!(
            "Issued licence {}{what} for {} -> {}",
            claims.jti,
            claims.customer_name,
            p.display()
        ));
    }
    Ok(ExitStatus::Success)
}

/// `license list`: the registry's licences, newest first.
fn list(args: LicenseListArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let now = now();
    let registry = Registry::open(&home.license_registry_path())?;
    let filter = Filter {
        customer: args.customer,
        product: args.product,
        expiring_by: args.expiring.map(|d| now.saturating_add(d)),
        revoked: args.revoked,
        now,
    };
    let entries = registry.list(&filter)?;
    if out.json {
        let rows: Vec<_> = entries.iter().map(|e| entry_json(e, now)).collect();
        out.json(&json!({ "licenses": rows }))?;
        return Ok(ExitStatus::Success);
    }
    for e in &entries {
        let until = e.expires_at.map_or("never expires".to_string(), license::rfc3339);
        out.line(&format!(
            "{}  {}  {} ({})  {}  {}  {}",
            e.jti,
            e.license_type,
            safe(&e.customer_name),
            safe(&e.customer),
            safe(&e.product),
            until,
            status_of(e, now),
        ))?;
    }
    if entries.is_empty() && !out.quiet {
        out.note(
            "no licences match (the registry records what `license issue` made from this home)",
        );
    }
    Ok(ExitStatus::Success)
}

/// `revoked`, `expired` or `valid`, as the registry knows it (a licence's own check is `verify`).
fn status_of(e: &Entry, now: u64) -> &'static str {
    e.status(now)
}

fn entry_json(e: &Entry, now: u64) -> serde_json::Value {
    json!({
        "jti": e.jti,
        "kid": e.kid,
        "issuer": e.issuer,
        "customer": e.customer,
        "customer_name": e.customer_name,
        "product": e.product,
        "license_type": e.license_type,
        "issued_at": e.issued_at,
        "expires_at": e.expires_at,
        "renewed_from": e.renewed_from,
        "revoked_at": e.revoked_at,
        "status": status_of(e, now),
    })
}

fn registry_entry(registry: &Registry, jti: &str) -> Result<Entry, Error> {
    registry.get(jti)?.ok_or_else(|| {
        Error::Usage(format!(
            "no licence {jti:?} in this home's registry; `proofctl license list` shows what was issued here"
        ))
    })
}

/// `license show JTI`.
fn show(jti: &str, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let now = now();
    let registry = Registry::open(&home.license_registry_path())?;
    let e = registry_entry(&registry, jti)?;
    if out.json {
        let mut doc = entry_json(&e, now);
        doc["token"] = json!(e.token);
        out.json(&doc)?;
        return Ok(ExitStatus::Success);
    }
    let until = e.expires_at.map_or("never".to_string(), license::rfc3339);
    for (k, v) in [
        ("licence", e.jti.clone()),
        ("status", status_of(&e, now).to_string()),
        ("type", e.license_type.clone()),
        ("customer", format!("{} ({})", e.customer_name, e.customer)),
        ("product", e.product.clone()),
        ("issued", license::rfc3339(e.issued_at)),
        ("expires", until),
        ("issuer", format!("{} (kid {})", e.issuer, e.kid)),
        ("renews", e.renewed_from.clone().unwrap_or_else(|| "-".into())),
        ("revoked", e.revoked_at.map_or("-".into(), license::rfc3339)),
    ] {
        out.line(&format!("{k:>9}: {}", safe(&v)))?;
    }
    out.line(&e.token)?;
    Ok(ExitStatus::Success)
}

/// `license renew JTI`: the same customer and entitlements, a new id and expiry.
fn renew(args: LicenseRenewArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let now = now();
    let registry = Registry::open(&home.license_registry_path())?;
    let e = registry_entry(&registry, &args.jti)?;
    drop(registry);
    // Our own record, issued here: its claims are read back as written.
    let (_, claims) = license::inspect(&e.token)
        .map_err(|err| Error::Usage(format!("licence {} in the registry: {err}", e.jti)))?;
    let old: license::Claims = serde_json::from_value(claims)
        .map_err(|err| Error::Usage(format!("licence {} in the registry: {err}", e.jti)))?;
    let expires = match (&args.expires, args.days) {
        (Some(d), _) => parse_expiry(d)?,
        (None, Some(n)) => n
            .checked_mul(license::DAY)
            .and_then(|d| d.checked_add(now))
            .ok_or_else(|| Error::Usage(format!("--days {n} is too many days")))?,
        (None, None) => return Err(Error::Usage("give --days N or --expires DATE".into())),
    };
    if old.license_type == LicenseType::Perpetual {
        return Err(Error::Usage(format!(
            "licence {} is perpetual: it never expires, so there is nothing to renew",
            e.jti
        )));
    }
    let locked = KeyStore::new(home).resolve(args.vendor.key.as_deref())?;
    let issuer = args.vendor.issuer.clone().unwrap_or_else(|| old.iss.clone());
    let req = IssueRequest::renewing(old, issuer, expires);
    let key = passphrase::signer(&args.vendor.passphrase, &locked)?;
    issue_and_record(&req, &*key, Some(&e.jti), args.out.as_deref(), args.force, home, out, now)
}

/// The licence text: the argument (a file, or - for stdin), else $PROOFCTL_LICENSE (the token),
/// else $PROOFCTL_LICENSE_FILE (a path). Files and stdin are read alike: at most 1 MiB, UTF-8,
/// the first non-empty line.
fn read_license(arg: Option<&Path>) -> Result<(String, String), Error> {
    let from_file = |p: &Path| {
        read_token(p)
            .map(|t| (t, p.display().to_string()))
            .map_err(|e| Error::Input { path: p.into(), message: describe_io(&e) })
    };
    match arg {
        Some(p) if p == Path::new("-") => {
            let stdin_err =
                |message: &str| Error::Input { path: "stdin".into(), message: message.into() };
            let mut bytes = Vec::new();
            io::stdin()
                .take((1 << 20) + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| stdin_err(&e.to_string()))?;
            if bytes.len() > 1 << 20 {
                return Err(stdin_err("larger than 1 MiB, not a licence"));
            }
            let text =
                String::from_utf8(bytes).map_err(|_| stdin_err("not UTF-8 text, not a licence"))?;
            Ok((license::token_in(&text).to_string(), "stdin".into()))
        }
        Some(p) => from_file(p),
        None => {
            if let Ok(t) = std::env::var("PROOFCTL_LICENSE") {
                return Ok((license::token_in(&t).to_string(), "$PROOFCTL_LICENSE".into()));
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

/// One `license verify` outcome, as text or `--json`.
struct Outcome {
    status: &'static str,
    reason: Option<&'static str>,
    message: String,
    kid: Option<String>,
    claims: Option<license::Claims>,
    source: String,
}

fn verify(args: LicenseVerifyArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let outcome = check(args, home)?;
    let exit = match outcome.status {
        "valid" | "grace" => ExitStatus::Success,
        "error" => ExitStatus::Error,
        _ => ExitStatus::Failure,
    };
    if out.json {
        out.json(&json!({
            "source": outcome.source,
            "status": outcome.status,
            "reason": outcome.reason,
            "message": outcome.message,
            "kid": outcome.kid,
            "claims": outcome.claims,
        }))?;
    } else if outcome.status == "error" {
        out.error(&format!("{}: {}", outcome.source, outcome.message));
    } else {
        let (tag, style) = match outcome.status {
            "valid" => ("VALID", Style::Good),
            "grace" => ("GRACE", Style::Warn),
            _ => ("INVALID", Style::Bad),
        };
        if !(out.quiet && exit == ExitStatus::Success) {
            out.line(&format!(
                "{} {}: {}",
                out.paint(style, tag),
                safe(&outcome.source),
                safe(&outcome.message)
            ))?;
        }
    }
    Ok(exit)
}

/// The verdict on the licence; an `Err` is a problem with the command itself (arguments, keys,
/// revocation lists), not with the licence, and gets no verdict.
fn check(args: LicenseVerifyArgs, home: &Home) -> Result<Outcome, Error> {
    // For licences the customer is the other party: their own keys and trust store must not
    // count, or anyone could issue themselves a licence. The vendor's keys are named explicitly.
    if args.key.is_empty() && args.trust_dir.is_empty() {
        return Err(Error::Usage(
            "license verify needs the vendor's public key: pass --key VENDOR.pub or --trust-dir DIR \
             (your own keys are never trusted for licences)"
                .into(),
        ));
    }
    let trust = TrustSet::resolve(home, &args.key, &args.trust_dir)?;
    let trusted = trust.keys();
    // A licence that cannot be read gets a verdict, as a proof that cannot be read does in
    // `verify`: it is what is being checked, not how.
    let (token, source) = match read_license(args.license.as_deref()) {
        Ok(t) => t,
        Err(Error::Input { path, message }) => {
            return Ok(Outcome {
                status: "error",
                reason: Some("unreadable"),
                message,
                kid: None,
                claims: None,
                source: path.display().to_string(),
            });
        }
        Err(e) => return Err(e),
    };
    let store = RevocationStore::new(home);
    for path in &args.revocations {
        let list = read_token(path)
            .map_err(|e| Error::Input { path: path.clone(), message: describe_io(&e) })?;
        store.accept(&list, path, &trusted).map_err(|e| Error::Usage(e.to_string()))?;
    }
    let machine = fingerprint::this_machine();
    let fingerprint = match (&args.fingerprint, args.this_machine, &machine) {
        (Some(fp), _, _) => Some(fp.clone()),
        (None, _, Ok(fp)) => Some(fp.clone()),
        (None, true, Err(e)) => return Err(Error::Usage(format!("--this-machine: {e}"))),
        (None, false, Err(_)) => None,
    };
    let mark = ClockMark::at(home.license_clock_path());
    let expect = Expectations {
        product: args.product,
        version: args.version,
        modules: args.module,
        features: args.feature,
        fingerprint,
        revocations: store.all(&trusted).map_err(|e| Error::Usage(e.to_string()))?,
        clock_mark: mark.read().map_err(|e| Error::Usage(e.to_string()))?,
    };
    let header_kid = license::header_of(&token).ok().and_then(|(_, _, k)| k);
    let outcome = |status, reason, message, claims| Outcome {
        status,
        reason,
        message,
        kid: header_kid.clone(),
        claims,
        source: source.clone(),
    };
    let now = now();
    let result = license::verify(&token, &trusted, &expect, now);
    // What this check saw raises the mark: signed times always, this clock only when it passed.
    mark.raise(expect.mark_after(result.as_ref().ok(), now))
        .map_err(|e| Error::Usage(e.to_string()))?;
    Ok(match result {
        Ok(v) if v.in_grace => {
            let exp = v.claims.exp.unwrap_or_default();
            let until = v.grace_until.unwrap_or(exp);
            let message = format!(
                "expired at {}, in grace until {}",
                license::rfc3339(exp),
                license::rfc3339(until)
            );
            outcome("grace", None, message, Some(v.claims))
        }
        Ok(v) => outcome("valid", None, describe(&v.claims, &trust, &v.kid), Some(v.claims)),
        Err(e) if e.is_error() => outcome("error", Some(e.code()), e.to_string(), None),
        Err(license::LicenseError::WrongMachine)
            if args.fingerprint.is_none() && machine.is_err() =>
        {
            let why = machine.err().map(|e| e.to_string()).unwrap_or_default();
            outcome(
                "invalid",
                Some("wrong_machine"),
                format!(
                    "bound to a machine, and this machine's id cannot be read ({why}); pass --fingerprint FP"
                ),
                None,
            )
        }
        Err(e) => outcome("invalid", Some(e.code()), e.to_string(), None),
    })
}

fn describe(c: &license::Claims, trust: &TrustSet, key_id: &str) -> String {
    let who = trust.get(key_id).map_or(key_id.to_string(), |t| t.name.clone());
    let until = c
        .exp
        .map_or("never expires".to_string(), |e| format!("valid until {}", license::rfc3339(e)));
    format!(
        "{} licence {} for {} ({}): {} {}, {until}; signed by {who}",
        c.license_type.as_str(),
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
    // JSON escapes C0 controls but not DEL, C1 or bidi controls: each line is made safe (a
    // pretty-printed string never spans lines, so this escapes within strings only).
    for (label, value) in [("header", &header), ("claims", &claims)] {
        let pretty = serde_json::to_string_pretty(value).expect("json");
        for (i, line) in pretty.lines().enumerate() {
            if i == 0 {
                out.line(&format!("{label}: {}", safe(line)))?;
            } else {
                out.line(&safe(line))?;
            }
        }
    }
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
    // Typos would revoke nothing while looking done: ids must have their real shape.
    if let Some(j) =
        args.jti.iter().find(|j| j.len() != 32 || !j.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(Error::Usage(format!(
            "{j:?} is not a licence id (32 hex digits, as `license inspect` shows)"
        )));
    }
    if let Some(k) = args.kids.iter().find(|k| {
        k.len() != 43 || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }) {
        return Err(Error::Usage(format!(
            "{k:?} is not a key id (43 base64url characters, as `key list` shows)"
        )));
    }
    // Refuse before anything changes: a failed -o must not leave a new list behind.
    if let Some(p) = &args.out
        && !args.force
        && p.symlink_metadata().is_ok()
    {
        return Err(crate::fsutil::WriteError::Exists(p.clone()).into());
    }
    let (issuer, key) = vendor_key(&args.vendor, home)?;
    let now = now();
    let (token, list) = RevocationStore::new(home)
        .revoke(key.as_ref(), &issuer, &args.jti, &args.kids, now)
        .map_err(Error::from_revocation)?;
    // The registry follows the signed list (which is what customers apply), never leads it.
    Registry::open(&home.license_registry_path())?.mark_revoked(&args.jti, &args.kids, now)?;
    write_or_print(&token, args.out.as_deref(), args.force, out)?;
    if out.json {
        out.json(&json!({
            "token": token,
            "path": args.out.as_ref().map(|p| p.display().to_string()),
            "kid": kid(&key.verifying_key()),
            "seq": list.seq,
            "revoked_jtis": list.revoked_jtis,
            "revoked_kids": list.revoked_kids,
        }))?;
    } else {
        let written = args
            .out
            .as_ref()
            .map_or_else(String::new, |p| format!(", written to {},", p.display()));
        out.note(&format!(
            "Revocation list {} ({}, {}){written} stored in {}/issued; ship it to customers (license verify --revocations FILE)",
            list.seq,
            plural(list.revoked_jtis.len() as u64, "licence", "licences"),
            plural(list.revoked_kids.len() as u64, "key", "keys"),
            home.revocations_dir().display()
        ));
    }
    Ok(ExitStatus::Success)
}
