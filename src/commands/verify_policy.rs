//! `proofctl verify --require N | --policy FILE  FILE…`: the signer policy for CI. Each argument
//! is a signed file; its proofs (FILE.proof, FILE.*.proof) are verified and the distinct trusted
//! signers counted (docs/trust-policy.md).

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::cli::VerifyArgs;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::{Output, Style, plural};
use crate::policy::{
    FileStatus, FileVerdict, PolicyFile, PolicyKey, SignerPolicy, count, proofs_of,
};
use crate::proof::verify::{Policy, Report, Status, subject_path, verify};
use crate::term::safe;
use crate::trust::TrustSet;

#[derive(Debug, Default, Serialize)]
struct Summary {
    files: usize,
    pass: usize,
    fail: usize,
    error: usize,
}

/// Everything a policy run needs, from flags or from a policy file.
struct Resolved {
    trust: TrustSet,
    explicit_trust: bool,
    tsa_dirs: Vec<PathBuf>,
    strict_name: bool,
    require_timestamp: bool,
    signers: SignerPolicy,
}

/// Flags and a policy file combine so that flags can only add requirements: --require-meta
/// entries join the file's (a key given both ways with different values is a usage error),
/// and --strict-name / --require-timestamp turn those checks on. The flags that would widen or
/// replace the file's trust (--key, --trust-dir, --tsa-trust, --require) conflict with --policy.
fn resolve(args: &VerifyArgs, home: &Home) -> Result<Resolved, Error> {
    let mut require_meta = BTreeMap::new();
    let mut add_meta = |k: &str, v: &str, what: &str| -> Result<(), Error> {
        match require_meta.insert(k.to_string(), v.to_string()) {
            Some(old) if old != v => Err(Error::Usage(format!(
                "required metadata {k}={old} and {k}={v} ({what}): a proof carries one value per key"
            ))),
            _ => Ok(()),
        }
    };
    let Some(path) = &args.policy else {
        for (k, v) in &args.require_meta {
            add_meta(k, v, "--require-meta")?;
        }
        return Ok(Resolved {
            trust: TrustSet::resolve(home, &args.key, &args.trust_dir)?,
            explicit_trust: !args.key.is_empty() || !args.trust_dir.is_empty(),
            tsa_dirs: args.tsa_trust.clone(),
            strict_name: args.strict_name,
            require_timestamp: args.require_timestamp,
            signers: SignerPolicy { require: args.require.unwrap_or(1) as usize, require_meta },
        });
    };
    let file = PolicyFile::read(path).map_err(crate::trust::TrustError::from)?;
    for (k, v) in &file.require_meta {
        add_meta(k, v, "policy file")?;
    }
    for (k, v) in &args.require_meta {
        add_meta(k, v, "policy file and --require-meta")?;
    }
    let mut trust = TrustSet::default();
    for k in &file.keys {
        match k {
            PolicyKey::Path(p) => trust.add_file(p)?,
            PolicyKey::Entry(e) => trust.add_restricted(&e.path, e.restrictions.clone())?,
        }
    }
    for d in &file.trust_dirs {
        trust.add_trust_dir(d)?;
    }
    Ok(Resolved {
        trust,
        explicit_trust: true,
        tsa_dirs: file.tsa_trust.clone(),
        strict_name: file.strict_name || args.strict_name,
        require_timestamp: file.require_timestamp || args.require_timestamp,
        signers: SignerPolicy { require: file.require.unwrap_or(1), require_meta },
    })
}

/// The files to judge, in the order given, once each. A proof among the arguments (`dist/*`
/// lists them) stands for its file, or is left out when it is a FILE.*.proof of a file listed.
fn files_of(args: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let is_proof = |p: &Path| p.as_os_str().as_encoded_bytes().ends_with(b".proof");
    let listed: Vec<&PathBuf> = args.iter().filter(|a| !is_proof(a)).collect();
    let sibling_of_listed = |p: &Path| {
        let name = p.file_name().map(|n| n.as_encoded_bytes()).unwrap_or_default();
        listed.iter().any(|f| {
            f.parent() == p.parent()
                && f.file_name().is_some_and(|fname| {
                    let fname = fname.as_encoded_bytes();
                    name.len() > fname.len() && name.starts_with(fname) && name[fname.len()] == b'.'
                })
        })
    };
    let (mut files, mut stray, mut seen) = (Vec::new(), Vec::new(), HashSet::new());
    for a in args {
        let file = if is_proof(a) {
            match subject_path(a, None) {
                Some(f) if f.is_file() => f,
                _ if sibling_of_listed(a) => continue,
                _ => {
                    stray.push(a.clone());
                    continue;
                }
            }
        } else {
            a.clone()
        };
        if seen.insert(file.clone()) {
            files.push(file);
        }
    }
    (files, stray)
}

pub fn run(args: VerifyArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let r = resolve(&args, home)?;
    let tsa_roots = crate::tsa_trust::resolve(home, &r.tsa_dirs)?;
    // Revoked signers do not count: the same lists and rotations as a plain verify.
    let lifecycle =
        super::key_lifecycle::for_verify(home, &r.trust, &args.revocations, &args.rotation)?;
    for note in &lifecycle.notes {
        out.note(&crate::term::safe(note));
    }
    let policy = Policy {
        trust: &r.trust,
        strict_name: r.strict_name,
        tsa_roots: &tsa_roots,
        require_timestamp: r.require_timestamp,
        lifecycle: Some(&lifecycle),
    };
    let (files, stray) = files_of(&args.proofs);
    let mut verdicts: Vec<Option<FileVerdict>> = Vec::with_capacity(files.len());
    let mut jobs = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if !f.is_file() {
            let why = if f.exists() { "not a regular file" } else { "no such file" };
            verdicts.push(Some(FileVerdict::error(
                f,
                r.signers.require,
                format!("{}: {why}; --require and --policy take the signed files", f.display()),
            )));
            continue;
        }
        match proofs_of(f) {
            Ok(ps) => {
                verdicts.push(None);
                jobs.extend(ps.into_iter().map(|p| (i, p)));
            }
            Err(e) => verdicts.push(Some(FileVerdict::error(
                f,
                r.signers.require,
                format!("{}: {}", f.display(), crate::fsutil::describe_io(&e)),
            ))),
        }
    }
    let bar = out.progress(jobs.len() as u64, "verifying");
    let reports: Vec<(usize, Report)> = jobs
        .par_iter()
        .map(|(i, p)| {
            let mut rep = verify(p, Some(&files[*i]), policy);
            super::verify::add_advice(&mut rep, r.explicit_trust, true);
            bar.inc(1);
            (*i, rep)
        })
        .collect();
    bar.finish_and_clear();
    let mut by_file: Vec<Vec<Report>> = (0..files.len()).map(|_| Vec::new()).collect();
    for (i, rep) in reports {
        by_file[i].push(rep);
    }
    let mut verdicts: Vec<FileVerdict> = verdicts
        .into_iter()
        .zip(by_file)
        .zip(&files)
        .map(|((v, reps), f)| v.unwrap_or_else(|| count(f, reps, &r.signers)))
        .collect();
    for p in stray {
        verdicts.push(FileVerdict::error(
            &p,
            r.signers.require,
            format!(
                "{}: a proof whose file is not here; --require and --policy take the signed files (FILE, not FILE.proof)",
                p.display()
            ),
        ));
    }
    let mut summary = Summary { files: verdicts.len(), ..Summary::default() };
    let mut status = ExitStatus::Success;
    for v in &verdicts {
        let s = match v.status {
            FileStatus::Pass => {
                summary.pass += 1;
                ExitStatus::Success
            }
            FileStatus::Fail => {
                summary.fail += 1;
                ExitStatus::Failure
            }
            FileStatus::Error => {
                summary.error += 1;
                ExitStatus::Error
            }
        };
        status = status.worst(s);
    }
    match render(&verdicts, &summary, &r.signers, out) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

fn render(
    verdicts: &[FileVerdict],
    summary: &Summary,
    policy: &SignerPolicy,
    out: &Output,
) -> io::Result<()> {
    if out.json {
        #[derive(Serialize)]
        struct Doc<'a> {
            policy: &'a SignerPolicy,
            files: &'a [FileVerdict],
            summary: &'a Summary,
        }
        return out.json(&Doc { policy, files: verdicts, summary });
    }
    for v in verdicts {
        let (tag, style) = match v.status {
            FileStatus::Pass => ("PASS", Style::Good),
            FileStatus::Fail => ("FAIL", Style::Bad),
            FileStatus::Error => ("ERROR", Style::Bad),
        };
        if v.status == FileStatus::Error && v.proofs.is_empty() {
            out.error(v.message.as_deref().unwrap_or("could not be checked"));
            continue;
        }
        if out.quiet && v.status == FileStatus::Pass {
            continue;
        }
        let names: Vec<String> = v
            .signers
            .iter()
            .map(|s| format!("{} (kid {})", s.name.as_deref().unwrap_or("?"), &s.kid[..12]))
            .collect();
        let who = if names.is_empty() { String::new() } else { format!(": {}", names.join(", ")) };
        let why = match (&v.message, v.status) {
            (Some(m), FileStatus::Fail | FileStatus::Error) if v.counted == 0 => {
                format!("; {m}")
            }
            (Some(m), FileStatus::Error) => format!("; {m}"),
            _ => String::new(),
        };
        out.line(&format!(
            "{} {}: {} of {} required {}{who}{why}",
            out.paint(style, tag),
            safe(&v.file),
            v.counted,
            v.required,
            if v.required == 1 { "signer" } else { "signers" },
        ))?;
        for p in v.proofs.iter().filter(|p| !p.counted) {
            let reason = p.reason.unwrap_or("?");
            out.line(&format!(
                "    not counted: {}: [{reason}] {}",
                safe(&p.proof),
                safe(&p.message)
            ))?;
            if p.result.status == Status::Error {
                out.error(&format!("{}: {}", p.proof, p.message));
            }
        }
    }
    if verdicts.len() > 1 && !out.quiet {
        out.line(&format!(
            "{}: {} pass, {} fail, {}",
            plural(summary.files as u64, "file", "files"),
            summary.pass,
            summary.fail,
            plural(summary.error as u64, "error", "errors")
        ))?;
    }
    Ok(())
}
