//! `proofctl sign --format sshsig FILE…`: SSH signatures (FILE.sig) by a proofctl key, or a
//! token's, that `ssh-keygen -Y verify` accepts.

use std::io;
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::json;
use sha2::Digest as _;

use super::passphrase;
use crate::cli::SignArgs;
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::fsutil::{self, Mode, WriteError};
use crate::home::Home;
use crate::keys::{KeyStore, kid};
use crate::output::Output;
use crate::term::safe_path;

/// A path and what went wrong with it.
type Failure = (PathBuf, String);

pub fn run(args: &SignArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let unsupported = [
        (args.wants_timestamp(), "--tsa/--timestamp"),
        (!args.meta.is_empty(), "--meta"),
        (args.name.is_some(), "--name"),
        (args.files.iter().any(|f| f.as_os_str() == "-"), "- (standard input)"),
    ];
    if let Some((_, what)) = unsupported.iter().find(|(given, _)| *given) {
        return Err(Error::Usage(format!(
            "{what} goes with POP proofs; an SSH signature carries none (drop it, or drop --format sshsig)"
        )));
    }
    if args.namespace.is_empty() {
        return Err(Error::Usage(
            "--namespace must not be empty (ssh-keygen signs files under \"file\")".into(),
        ));
    }
    if args.out.is_some() && args.files.len() != 1 {
        return Err(Error::Usage(
            "--out takes exactly one FILE; drop --out to write FILE.sig next to each".into(),
        ));
    }
    // Every input checked before the key is touched, as for proofs.
    let mut failures: Vec<Failure> = Vec::new();
    let mut jobs: Vec<(PathBuf, PathBuf)> = Vec::new();
    for file in &args.files {
        if jobs.iter().any(|(f, _)| f == file) {
            continue;
        }
        let sig = args.out.clone().unwrap_or_else(|| {
            let mut p = file.as_os_str().to_owned();
            p.push(".sig");
            PathBuf::from(p)
        });
        if let Err(e) = fsutil::check_readable_regular(file) {
            failures.push((file.clone(), describe_io(&e)));
        } else if !args.force && sig.symlink_metadata().is_ok() {
            failures.push((sig, "already exists; pass --force to replace it".into()));
        } else {
            jobs.push((file.clone(), sig));
        }
    }
    let mut signed = Vec::new();
    let mut key = None;
    if !jobs.is_empty() {
        let locked = match KeyStore::new(home).resolve(args.key.as_deref()) {
            Ok(l) => l,
            Err(e) => {
                report(&failures, out);
                return Err(e.into());
            }
        };
        let signer = match passphrase::signer(&args.passphrase, &locked) {
            Ok(s) => s,
            Err(e) => {
                report(&failures, out);
                return Err(e);
            }
        };
        key = Some((locked.label.clone(), kid(&signer.verifying_key())));
        let results: Vec<Result<(PathBuf, PathBuf), Failure>> = jobs
            .par_iter()
            .map(|(file, sig)| {
                let mut h = sha2::Sha512::new();
                crate::formats::signer::read_chunks(file, |b| h.update(b))
                    .map_err(|e| (file.clone(), describe_io(&e)))?;
                let text = crate::formats::sshsig::sign(&*signer, &args.namespace, &h.finalize())
                    .map_err(|e| (file.clone(), e.to_string()))?;
                fsutil::write_atomic(sig, text.as_bytes(), Mode::Public, args.force).map_err(
                    |e| match e {
                        WriteError::Exists(p) => {
                            (p, "already exists; pass --force to replace it".into())
                        }
                        WriteError::Io { path, source } => {
                            (path, format!("cannot write signature: {}", describe_io(&source)))
                        }
                    },
                )?;
                Ok((file.clone(), sig.clone()))
            })
            .collect();
        for r in results {
            match r {
                Ok(s) => signed.push(s),
                Err(f) => failures.push(f),
            }
        }
    }
    let status = if failures.is_empty() { ExitStatus::Success } else { ExitStatus::Error };
    let rendered = render(&signed, &failures, key.as_ref(), &args.namespace, out);
    report(&failures, out);
    match rendered {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

fn render(
    signed: &[(PathBuf, PathBuf)],
    failures: &[Failure],
    key: Option<&(String, String)>,
    namespace: &str,
    out: &Output,
) -> io::Result<()> {
    if out.json {
        return out.json(&json!({
            "key": key.map(|(l, k)| json!({ "name": l, "kid": k })),
            "format": "sshsig",
            "namespace": namespace,
            "signed": signed.iter().map(|(f, s)| json!({
                "file": f.display().to_string(), "signature": s.display().to_string(),
            })).collect::<Vec<_>>(),
            "errors": failures.iter().map(|(p, m)| json!({ "path": p.display().to_string(), "message": m })).collect::<Vec<_>>(),
        }));
    }
    if !out.quiet {
        for (f, s) in signed {
            out.line(&format!("Signed {} -> {}", safe_path(f), safe_path(s)))?;
        }
    }
    if signed.len() + failures.len() > 1 {
        let with = key.map_or(String::new(), |(l, k)| {
            format!(", with key {l} (kid {})", super::short_kid(k))
        });
        out.note(&format!("{} signed, {} failed{with}", signed.len(), failures.len()));
    }
    Ok(())
}

fn report(failures: &[Failure], out: &Output) {
    for (path, message) in failures {
        out.error(&format!("{}: {message}", safe_path(path)));
    }
}
