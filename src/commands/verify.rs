//! `proofctl verify PROOF…`: check proofs in parallel and report each, for people and for CI.

use std::io;

use rayon::prelude::*;
use serde::Serialize;

use crate::cli::VerifyArgs;
use crate::error::Error;
use crate::error::describe_io;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::{Output, Style};
use crate::proof::verify::{Policy, Report, Status, verify, verify_bytes};
use crate::term::safe;
use crate::trust::TrustSet;

#[derive(Debug, Default, Serialize)]
struct Summary {
    total: usize,
    valid: usize,
    untrusted: usize,
    invalid: usize,
    error: usize,
}

fn exit_status(status: Status) -> ExitStatus {
    match status {
        Status::Valid => ExitStatus::Success,
        Status::Untrusted | Status::Invalid => ExitStatus::Failure,
        Status::Error => ExitStatus::Error,
    }
}

/// The library reports what is wrong; the command adds what to type about it.
fn add_advice(r: &mut Report, explicit_trust: bool) {
    let advice = match r.reason {
        Some("no_file") => "pass --file FILE".to_string(),
        Some("file_not_found") => "pass --file FILE if it lives elsewhere".to_string(),
        Some("malformed") | Some("empty") => {
            "get an intact copy of the proof from the signer".into()
        }
        Some("untrusted") if explicit_trust => {
            "it is not among the keys given with --key/--trust-dir".into()
        }
        Some("untrusted") => format!(
            "once you have checked that kid with the signer, trust them with `proofctl trust add {} --name NAME`",
            r.proof
        ),
        _ => return,
    };
    r.message = format!("{}; {advice}", r.message);
}

pub fn run(args: VerifyArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    if args.file.is_some() && args.proofs.len() != 1 {
        return Err(Error::Usage("--file takes exactly one PROOF".into()));
    }
    let trust = TrustSet::resolve(home, &args.key, &args.trust_dir)?;
    let explicit_trust = !args.key.is_empty() || !args.trust_dir.is_empty();
    let policy = Policy { trust: &trust, strict_name: args.strict_name };
    let file = args.file.as_deref();
    let check = |p: &std::path::PathBuf| {
        let mut r = verify(p, file, policy);
        add_advice(&mut r, explicit_trust);
        r
    };
    let reports: Vec<Report> = if args.indexed {
        indexed_reports(&args.proofs, home, policy, explicit_trust)?
    } else if args.proofs.len() == 1 {
        vec![check(&args.proofs[0])]
    } else {
        let bar = out.progress(args.proofs.len() as u64, "verifying");
        let r = args
            .proofs
            .par_iter()
            .map(|p| {
                let r = check(p);
                bar.inc(1);
                r
            })
            .collect();
        bar.finish_and_clear();
        r
    };

    let mut summary = Summary { total: reports.len(), ..Summary::default() };
    let mut status = ExitStatus::Success;
    for r in &reports {
        match r.status {
            Status::Valid => summary.valid += 1,
            Status::Untrusted => summary.untrusted += 1,
            Status::Invalid => summary.invalid += 1,
            Status::Error => summary.error += 1,
        }
        status = status.worst(exit_status(r.status));
    }
    // The verdict is decided; output is only its rendering. A reader closing the pipe early
    // (`| head`) must not turn failed checks into exit 0.
    match render(&reports, &summary, &trust, explicit_trust, out) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

/// One report per proof the index holds for each file's bytes; a file with none is an error.
fn indexed_reports(
    files: &[std::path::PathBuf],
    home: &Home,
    policy: Policy<'_>,
    explicit_trust: bool,
) -> Result<Vec<Report>, Error> {
    let index = crate::index::Index::open_existing(&home.index_path())?;
    let mut reports = Vec::new();
    for file in files {
        let digest = match crate::proof::hash::hash_file(file) {
            Ok(d) => d,
            Err(e) => {
                let reason = if e.kind() == io::ErrorKind::NotFound {
                    "file_not_found"
                } else {
                    "file_unreadable"
                };
                reports.push(Report::error(file, Some(file), reason, describe_io(&e)));
                continue;
            }
        };
        let proofs = index.proofs_for(&digest.sha256)?;
        if proofs.is_empty() {
            reports.push(Report::error(
                file,
                Some(file),
                "no_proof",
                format!(
                    "{}: the index holds no proof for these bytes (sha256 {}); sign it, `index add` its proof, or `proofctl sync`",
                    file.display(),
                    digest.hex()
                ),
            ));
            continue;
        }
        let mut for_file = Vec::new();
        for (entry, json) in proofs {
            let label = std::path::PathBuf::from(format!(
                "{} (proof from index entry {entry})",
                file.display()
            ));
            let mut r = verify_bytes(&label, json.as_bytes(), Some(file), policy);
            match (r.reason, &r.signer) {
                // The proof is not a file to `trust add`; a key a sync server published is.
                (Some("untrusted"), Some(signer)) if !explicit_trust => {
                    let published = published_key(home, &signer.kid);
                    r.message = match published {
                        Some(p) => format!(
                            "{}; once you have checked that kid with the signer, trust them with `proofctl trust add {} --name NAME` (published by a sync server), or pass --trust-dir {}",
                            r.message,
                            p.display(),
                            p.parent().map_or_else(String::new, |d| d.display().to_string())
                        ),
                        None => format!(
                            "{}; once you have checked that kid with the signer, trust their public key with `proofctl trust add PUBKEY --name NAME`",
                            r.message
                        ),
                    };
                }
                _ => add_advice(&mut r, explicit_trust),
            }
            for_file.push(r);
        }
        // Anyone can sign any bytes they know and share the proof: one proof from a trusted
        // signer answers for the file, whatever untrusted ones the index also holds.
        if for_file.iter().any(|r| r.status == Status::Valid) {
            for_file.retain(|r| r.status != Status::Untrusted);
        }
        reports.extend(for_file);
    }
    Ok(reports)
}

/// A public key of `kid` that `sync` saved from a server (`sync/HOST_PORT/keys/NAME-KID.pub`).
fn published_key(home: &Home, kid: &str) -> Option<std::path::PathBuf> {
    let suffix = format!("-{kid}.pub");
    for server in std::fs::read_dir(home.sync_dir()).ok()?.flatten() {
        let Ok(keys) = std::fs::read_dir(server.path().join("keys")) else { continue };
        for k in keys.flatten() {
            if k.file_name().to_string_lossy().ends_with(&suffix) {
                return Some(k.path());
            }
        }
    }
    None
}

fn render(
    reports: &[Report],
    summary: &Summary,
    trust: &TrustSet,
    explicit_trust: bool,
    out: &Output,
) -> io::Result<()> {
    if out.json {
        #[derive(Serialize)]
        struct Doc<'a> {
            results: &'a [Report],
            summary: &'a Summary,
        }
        return out.json(&Doc { results: reports, summary });
    }
    for r in reports {
        let (tag, style) = match r.status {
            Status::Valid => ("OK", Style::Good),
            Status::Untrusted => ("UNTRUSTED", Style::Warn),
            Status::Invalid => ("FAIL", Style::Bad),
            Status::Error => {
                // Inputs that could not be checked are errors: one line on stderr, as everywhere.
                eprintln!("proofctl: error: {}: {}", safe(&r.proof), safe(&r.message));
                continue;
            }
        };
        if out.quiet && r.status == Status::Valid {
            continue;
        }
        out.line(&format!("{} {}: {}", out.paint(style, tag), safe(&r.proof), safe(&r.message)))?;
        if out.verbose > 0 {
            if let Some(s) = &r.subject {
                let name = safe(&s.name);
                out.line(&format!("    file {name} ({} bytes, sha256 {})", s.size, s.sha256))?;
            }
            for (k, v) in r.metadata.iter().flatten() {
                out.line(&format!("    {} = {}", safe(k), safe(v)))?;
            }
        }
    }
    if reports.len() > 1 && !out.quiet {
        out.line(&format!(
            "{} proofs: {} valid, {} untrusted, {} invalid, {} errors",
            summary.total, summary.valid, summary.untrusted, summary.invalid, summary.error
        ))?;
    }
    if trust.is_empty() && summary.untrusted > 0 && !explicit_trust {
        out.warn(
            "no trusted keys: create one with `proofctl keygen`, or pass --key PUBKEY / --trust-dir DIR",
        );
    }
    Ok(())
}
