//! `proofctl attest FILE… | --manifest DIR`: an in-toto statement over files, signed with your
//! key in a DSSE envelope, written as a Sigstore bundle v0.3 (or the bare envelope).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::json;

use super::passphrase;
use crate::cli::AttestArgs;
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::formats::dsse::{MANIFEST_PREDICATE_TYPE, files_under};
use crate::formats::intoto::{self, Subject};
use crate::fsutil::{self, Mode, resolve_lenient};
use crate::home::Home;
use crate::keys::{KeyStore, kid};
use crate::output::{Output, plural};
use crate::term::{safe, safe_path};

/// The largest `--predicate @FILE` read: SLSA provenance is kilobytes; verify reads envelopes
/// of up to 16 MiB whole.
const MAX_PREDICATE_BYTES: u64 = 4 << 20;

pub fn run(args: AttestArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let predicate_type = match (&args.predicate_type, &args.manifest) {
        (Some(t), _) => t.clone(),
        (None, Some(_)) => MANIFEST_PREDICATE_TYPE.to_string(),
        (None, None) => {
            return Err(Error::Usage(
                "attest needs --predicate-type URI: what the statement says of the files (e.g. https://slsa.dev/provenance/v1)".into(),
            ));
        }
    };
    if predicate_type.is_empty()
        || !predicate_type.contains(':')
        || predicate_type.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::Usage(format!(
            "--predicate-type {predicate_type:?} is not a URI; give one such as https://slsa.dev/provenance/v1"
        )));
    }
    let predicate = predicate(args.predicate.as_deref())?;
    let ext = if args.envelope { ".intoto.json" } else { ".sigstore.json" };
    // The output, the folder subject names are relative to, and the files.
    let (dest, root, files) = match &args.manifest {
        Some(dir) => {
            let meta = std::fs::metadata(dir)
                .map_err(|e| Error::Input { path: dir.clone(), message: describe_io(&e) })?;
            if !meta.is_dir() {
                return Err(Error::Input {
                    path: dir.clone(),
                    message: "is not a folder; --manifest takes the folder to sign".into(),
                });
            }
            let dest = args.out.clone().unwrap_or_else(|| dir.join(format!("manifest{ext}")));
            let skip = resolve_lenient(&dest).ok();
            let files: Vec<PathBuf> = files_under(dir)
                .map_err(|e| Error::Input { path: dir.clone(), message: describe_io(&e) })?
                .into_iter()
                .map(|(_, p)| p)
                .filter(|p| resolve_lenient(p).ok() != skip)
                .collect();
            if files.is_empty() {
                return Err(Error::Input {
                    path: dir.clone(),
                    message: "holds no files to put in a manifest".into(),
                });
            }
            (dest, dir.clone(), files)
        }
        None => {
            let dest = args.out.clone().unwrap_or_else(|| default_output(&args.files, ext));
            let root = match dest.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let mut seen = HashSet::new();
            let files = args.files.iter().filter(|f| seen.insert(*f)).cloned().collect();
            (dest, root, files)
        }
    };
    // Every input checked, and the output's place, before the key is unlocked.
    if !args.force && dest.symlink_metadata().is_ok() {
        return Err(fsutil::WriteError::Exists(dest).into());
    }
    let dest_resolved = resolve_lenient(&dest).ok();
    let mut named = Vec::with_capacity(files.len());
    let mut names = HashSet::new();
    for f in &files {
        fsutil::check_readable_regular(f)
            .map_err(|e| Error::Input { path: f.clone(), message: describe_io(&e) })?;
        if resolve_lenient(f).ok() == dest_resolved {
            return Err(Error::Input {
                path: f.clone(),
                message: "is the attestation's output; choose another -o".into(),
            });
        }
        let name = intoto::subject_name(f, &root)
            .map_err(|message| Error::Input { path: f.clone(), message })?;
        if !names.insert(name.clone()) {
            return Err(Error::Usage(format!(
                "{} is given twice (as subject {name:?}); give each file once",
                f.display()
            )));
        }
        named.push((name, f.clone()));
    }
    let locked = KeyStore::new(home).resolve(args.key.as_deref())?;
    let label = locked.label.clone();
    let signer = passphrase::signer(&args.passphrase, &locked)?;
    let digests: Vec<Result<Subject, Error>> = named
        .par_iter()
        .map(|(name, f)| {
            let d = crate::digest::hash_file(f)
                .map_err(|e| Error::Input { path: f.clone(), message: describe_io(&e) })?;
            Ok(Subject { name: name.clone(), sha256: d.hex() })
        })
        .collect();
    let subjects = digests.into_iter().collect::<Result<Vec<_>, _>>()?;
    let statement = intoto::statement(&subjects, &predicate_type, &predicate);
    let envelope = intoto::sign_envelope(&statement, &*signer)?;
    let key_id = kid(&signer.verifying_key());
    let text = if args.envelope {
        intoto::envelope_json(&envelope)
    } else {
        intoto::bundle_json(&envelope, &key_id)
    };
    fsutil::write_atomic(&dest, text.as_bytes(), Mode::Public, args.force)?;
    if out.json {
        out.json(&json!({
            "key": { "name": label, "kid": key_id },
            "output": dest.display().to_string(),
            "format": if args.envelope { "dsse" } else { "sigstore_bundle" },
            "predicate_type": predicate_type,
            "subjects": subjects.iter().zip(&named).map(|(s, (_, f))| json!({
                "name": s.name, "sha256": s.sha256, "path": f.display().to_string(),
            })).collect::<Vec<_>>(),
        }))?;
    } else if !out.quiet {
        let what =
            if args.manifest.is_some() { "release manifest of" } else { "in-toto statement over" };
        out.line(&format!(
            "Attested {} -> {} ({what} {}, predicate {}, key {} kid {})",
            match named.as_slice() {
                [(_, f)] => safe_path(f),
                _ => safe_path(&root),
            },
            safe_path(&dest),
            plural(subjects.len() as u64, "file", "files"),
            safe(&predicate_type),
            safe(&label),
            super::short_kid(&key_id),
        ))?;
    }
    Ok(ExitStatus::Success)
}

/// FILE.sigstore.json for one file; attestation.sigstore.json in the files' folder when they
/// share one, else in the current folder.
fn default_output(files: &[PathBuf], ext: &str) -> PathBuf {
    if let [one] = files {
        let mut p = one.as_os_str().to_owned();
        p.push(ext);
        return PathBuf::from(p);
    }
    let parent = |f: &PathBuf| f.parent().map(Path::to_path_buf).unwrap_or_default();
    let first = files.first().map(parent).unwrap_or_default();
    let dir = if files.iter().all(|f| parent(f) == first) { first } else { PathBuf::new() };
    dir.join(format!("attestation{ext}"))
}

/// `--predicate`: a JSON object, inline or from @FILE; `{}` without one.
fn predicate(arg: Option<&str>) -> Result<serde_json::Value, Error> {
    let Some(arg) = arg else { return Ok(json!({})) };
    let (bytes, whence) = match arg.strip_prefix('@') {
        Some(file) => {
            let path = Path::new(file);
            let bytes = fsutil::read_bounded(path, MAX_PREDICATE_BYTES)
                .map_err(|e| Error::Input { path: path.into(), message: describe_io(&e) })?;
            (bytes, file.to_string())
        }
        None => (arg.as_bytes().to_vec(), "--predicate".to_string()),
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => {
            Err(Error::Usage(format!("{whence}: the predicate must be a JSON object ({{...}})")))
        }
        Err(e) => {
            Err(Error::Usage(format!("{whence}: not JSON ({e}); give a JSON object, or @FILE")))
        }
    }
}
