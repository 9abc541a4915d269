//! `proofctl sign FILE…`: hash files in parallel, unlock the key meanwhile, write proofs atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use ed25519_dalek::SigningKey;
use rayon::prelude::*;
use serde_json::json;

use super::passphrase::{self, Purpose};
use crate::cli::SignArgs;
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::fsutil::{self, Mode, WriteError};
use crate::home::Home;
use crate::keys::store::{SecretKeyFile, check_pair};
use crate::keys::{KeyError, KeyStore, kid};
use crate::output::Output;
use crate::proof::{Digest256, ProofBody, hash_file};

/// The key to sign with, before it is unlocked.
struct KeySource {
    label: String,
    secret: SecretKeyFile,
    secret_path: PathBuf,
    /// The public half recorded in the home and its file, checked against the unlocked key.
    expected: Option<(ed25519_dalek::VerifyingKey, PathBuf)>,
}

fn resolve_key(arg: Option<&str>, home: &Home) -> Result<KeySource, Error> {
    let store = KeyStore::new(home);
    // A value that names an existing file, or looks like a path, is a key file; otherwise a name.
    if let Some(v) = arg.filter(|v| v.contains(std::path::MAIN_SEPARATOR) || Path::new(v).is_file())
    {
        let path = PathBuf::from(v);
        return Ok(KeySource {
            label: path.display().to_string(),
            secret: SecretKeyFile::read(&path)?,
            secret_path: path,
            expected: None,
        });
    }
    let entry = match arg {
        Some(name) => store.get(name)?,
        None => store.default_key()?,
    };
    Ok(KeySource {
        label: entry.name.clone(),
        secret: SecretKeyFile::read(&entry.secret_path)?,
        secret_path: entry.secret_path,
        expected: Some((entry.public, entry.public_path)),
    })
}

/// A path and what went wrong with it.
type Failure = (PathBuf, String);

struct Job {
    file: PathBuf,
    proof: PathBuf,
    name: String,
}

fn proof_path_for(file: &Path) -> PathBuf {
    let mut p = file.as_os_str().to_owned();
    p.push(".proof");
    PathBuf::from(p)
}

pub fn run(args: SignArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    if args.out.is_some() && args.files.len() != 1 {
        return Err(Error::Usage(
            "--out takes exactly one FILE; drop --out to write FILE.proof next to each".into(),
        ));
    }
    let mut metadata = BTreeMap::new();
    for (k, v) in &args.meta {
        if metadata.insert(k.clone(), v.clone()).is_some() {
            return Err(Error::Usage(format!("--meta {k} is given twice; give each key once")));
        }
    }
    let mut failures: Vec<Failure> = Vec::new();
    let mut jobs = Vec::new();
    for file in &args.files {
        let proof = args.out.clone().unwrap_or_else(|| proof_path_for(file));
        let Some(name) = file.file_name() else {
            failures.push((file.clone(), "is not a file name; give files, not folders".into()));
            continue;
        };
        // What is wrong with the input matters more than what is in the way of the output.
        match std::fs::metadata(file) {
            Err(e) => {
                failures.push((file.clone(), describe_io(&e)));
                continue;
            }
            Ok(m) if m.is_dir() => {
                failures.push((file.clone(), "is a directory; give files, not folders".into()));
                continue;
            }
            Ok(_) => {}
        }
        if !args.force && proof.symlink_metadata().is_ok() {
            failures.push((proof, "already exists; pass --force to replace it".into()));
            continue;
        }
        // A name that is not UTF-8 is recorded lossily: it is informational, and verify finds the
        // file by the proof's path, never by this name.
        jobs.push(Job { file: file.clone(), proof, name: name.to_string_lossy().into_owned() });
    }

    if jobs.is_empty() {
        // Nothing to sign: do not ask for a passphrase just to report bad inputs.
        report_failures(&failures);
        return Ok(ExitStatus::Error);
    }
    let key = resolve_key(args.key.as_deref(), home)?;
    let pw = if key.secret.needs_passphrase() {
        Some(passphrase::obtain(&args.passphrase, Purpose::Unlock(&key.label))?)
    } else {
        None
    };

    // Argon2 takes a fraction of a second on one core; hashing a large file takes longer on the
    // other. Running them together makes unlocking free in wall time.
    let KeySource { secret, secret_path, expected, label } = key;
    let unlock = std::thread::spawn(move || -> Result<SigningKey, KeyError> {
        let key = secret.unlock(pw.as_ref().map(|p| p.as_bytes()), &secret_path)?;
        if let Some((public, public_path)) = &expected {
            check_pair(&key, public, public_path)?;
        }
        Ok(key)
    });

    let bar = out.progress(jobs.len() as u64, "hashing");
    let digests: Vec<Result<Digest256, String>> = jobs
        .par_iter()
        .map(|j| {
            let r = hash_file(&j.file).map_err(|e| describe_io(&e));
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();

    let signing_key = unlock.join().expect("unlock thread does not panic")?;
    let key_kid = kid(&signing_key.verifying_key());
    let created = SystemTime::now();

    let results: Vec<Result<(&Job, Digest256), Failure>> =
        jobs.par_iter()
            .zip(digests)
            .map(|(job, digest)| {
                let digest = digest.map_err(|m| (job.file.clone(), m))?;
                let body = ProofBody::new(
                    &job.name,
                    &digest,
                    &signing_key.verifying_key(),
                    created,
                    metadata.clone(),
                )
                .map_err(|e| (job.file.clone(), e.to_string()))?;
                let text = body.sign(&signing_key).to_json_pretty();
                fsutil::write_atomic(&job.proof, text.as_bytes(), Mode::Public, args.force)
                    .map_err(|e| match e {
                        WriteError::Exists(p) => {
                            (p, "already exists; pass --force to replace it".to_string())
                        }
                        WriteError::Io { path, source } => {
                            (path, format!("cannot write proof: {source}"))
                        }
                    })?;
                Ok((job, digest))
            })
            .collect();
    drop(signing_key);

    let mut signed = Vec::new();
    for r in results {
        match r {
            Ok((job, digest)) => signed.push((job, digest)),
            Err(f) => failures.push(f),
        }
    }

    if out.json {
        out.json(&json!({
            "key": { "name": label, "kid": key_kid },
            "signed": signed.iter().map(|(j, d)| json!({
                "file": j.file, "proof": j.proof, "size": d.size, "sha256": d.hex(),
            })).collect::<Vec<_>>(),
            "errors": failures.iter().map(|(p, m)| json!({ "path": p, "error": m })).collect::<Vec<_>>(),
        }))?;
    } else {
        if !out.quiet {
            for (j, _) in &signed {
                out.line(&format!("Signed {} -> {}", j.file.display(), j.proof.display()))?;
            }
        }
        if signed.len() + failures.len() > 1 {
            out.note(&format!(
                "{} signed, {} failed, with key {label} (kid {})",
                signed.len(),
                failures.len(),
                super::short_kid(&key_kid)
            ));
        }
    }
    report_failures(&failures);
    Ok(if failures.is_empty() { ExitStatus::Success } else { ExitStatus::Error })
}

fn report_failures(failures: &[Failure]) {
    for (path, message) in failures {
        eprintln!("proofctl: error: {}: {message}", path.display());
    }
}
