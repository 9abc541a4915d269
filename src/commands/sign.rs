//! `proofctl sign FILE…`: hash files in parallel, unlock the key meanwhile, write proofs atomically.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::SystemTime;

use rayon::prelude::*;
use serde_json::json;

use super::passphrase;
use crate::cli::SignArgs;
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::fsutil::{self, Mode, WriteError};
use crate::home::Home;
use crate::index::{Index, NewEntry, ProofRecord, mtime_ns};
use crate::keys::{KeySigner, KeyStore, kid};
use crate::output::Output;
use crate::proof::{Digest256, ParseError, Proof, ProofBody, hash_file, hash_reader};
use crate::similarity::{self, Analysis, ImageHasher, Want};
use crate::term::{safe, safe_path};

/// A path and what went wrong with it.
type Failure = (PathBuf, String);

/// A token one TSA gave for a signature, with what it says.
pub struct StampInfo {
    /// The TimeStampToken, DER.
    pub token: Vec<u8>,
    /// genTime, RFC 3339 UTC.
    pub gen_time: String,
    /// The TSA's name (its certificate's CN, else its subject). Untrusted text.
    pub authority: String,
    /// TSTInfo serialNumber, hex.
    pub serial: String,
}

/// One TSA's answer: a token, or why none came (one line, naming the TSA).
pub struct StampOutcome {
    pub tsa: String,
    pub result: Result<StampInfo, String>,
}

/// Where `sign --tsa` gets RFC 3161 tokens: the network wing passes its TSA client
/// (commands::timestamp::Fetcher); the index wing passes none, and so links no client code.
pub trait Stamper: Sync {
    /// One outcome per TSA, in the order they were given.
    fn stamp(&self, signature: &[u8]) -> Vec<StampOutcome>;
}

/// One token obtained, as `--json` shows it (`sign` and `timestamp` alike).
pub fn stamp_json(tsa: &str, s: &StampInfo) -> serde_json::Value {
    json!({ "tsa": tsa, "gen_time": s.gen_time, "authority": s.authority, "serial": s.serial })
}

/// Asks for tokens over the proof's signature and adds those that came; returns the ones added
/// and a failure line (naming `shown`, the proof's path as the user will pass it to `timestamp`)
/// per TSA that gave none.
fn add_stamps(
    proof: &mut Proof,
    stamper: &dyn Stamper,
    shown: &Path,
) -> (Vec<(String, StampInfo)>, Vec<String>) {
    let outcomes = stamper.stamp(&proof.signature_bytes());
    let mut added = Vec::new();
    let mut failed = Vec::new();
    let later = format!("run `proofctl timestamp {}` later", shown.display());
    for o in outcomes {
        match o.result {
            Ok(info) => match proof.add_rfc3161(&info.token) {
                Ok(true) => added.push((o.tsa, info)),
                Ok(false) => {}
                Err(e) => failed.push(format!("signed, but the token cannot be added: {e}")),
            },
            Err(m) => failed.push(format!("signed, but not timestamped: {m}; {later}")),
        }
    }
    (added, failed)
}

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

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Checks each input before any key is touched: what is wrong with an input matters more than
/// what is in the way of its proof, and nobody should type a passphrase to learn a file is missing.
fn plan(args: &SignArgs, failures: &mut Vec<Failure>) -> Vec<Job> {
    let mut seen = HashSet::new();
    let mut jobs = Vec::new();
    for file in &args.files {
        if !seen.insert(file.clone()) {
            continue; // Named twice: sign it once.
        }
        let proof = args.out.clone().unwrap_or_else(|| proof_path_for(file));
        let Some(name) = file.file_name() else {
            failures.push((file.clone(), "is not a file name; give files, not folders".into()));
            continue;
        };
        // Not opened here: each file is opened once, to be read (see read_file).
        if let Err(e) = fsutil::check_readable_regular(file) {
            failures.push((file.clone(), describe_io(&e)));
            continue;
        }
        if same_file(file, &proof) {
            failures.push((proof, "is the file being signed; choose another --out".into()));
            continue;
        }
        if !args.force && proof.symlink_metadata().is_ok() {
            failures.push((proof, "already exists; pass --force to replace it".into()));
            continue;
        }
        // A name that is not UTF-8 is recorded lossily: it is informational, and verify finds the
        // file by the proof's path, never by this name.
        jobs.push(Job { file: file.clone(), proof, name: name.to_string_lossy().into_owned() });
    }
    jobs
}

/// `stamper` is given by the network wing for `sign --tsa` / `--timestamp`, None elsewhere.
pub fn run(
    args: SignArgs,
    home: &Home,
    out: &Output,
    stamper: Option<&dyn Stamper>,
) -> Result<ExitStatus, Error> {
    if args.wants_timestamp() && stamper.is_none() {
        // The dispatchers hand these to the network wing; this is a bug guard, not a user path.
        return Err(Error::Usage("sign --tsa runs in proofctl-sync, the network wing".into()));
    }
    if args.format == crate::cli::SignFormat::Sshsig {
        return super::sign_sshsig::run(&args, home, out);
    }
    if args.namespace != crate::formats::sshsig::DEFAULT_NAMESPACE {
        return Err(Error::Usage(
            "--namespace goes with --format sshsig; a POP proof has no namespace".into(),
        ));
    }
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
    if args.files.iter().any(|f| f.as_os_str() == "-") {
        return sign_stdin(&args, metadata, home, out, stamper);
    }
    if args.name.is_some() {
        return Err(Error::Usage(
            "--name goes with - (standard input); a file is signed under its own name".into(),
        ));
    }
    let mut failures = Vec::new();
    let jobs = plan(&args, &mut failures);
    let mut signed = Vec::new();
    // Files signed whose proof lacks a token a TSA did not give: errors too, but signed.
    let mut unstamped: Vec<Failure> = Vec::new();
    let mut key_id = None;
    let mut label = None;
    if !jobs.is_empty() {
        // A key problem ends the command, but the per-file problems found so far still get said.
        match sign_jobs(&jobs, &args, &metadata, home, out, stamper) {
            Ok((l, k, results)) => {
                (label, key_id) = (Some(l), Some(k));
                for r in results {
                    match r {
                        Ok((done, lines)) => {
                            let proof = &done.0.proof;
                            unstamped.extend(lines.into_iter().map(|m| (proof.clone(), m)));
                            signed.push(done);
                        }
                        Err(f) => failures.push(f),
                    }
                }
            }
            Err(e) => {
                report_failures(&failures, out);
                return Err(e);
            }
        }
    }
    if !args.no_index && !signed.is_empty() {
        index_signed(&signed, home, out);
    }
    let status = if failures.is_empty() && unstamped.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    };
    // A closed pipe only stops the rendering; the proofs are written and the status stands.
    let rendered = render(&signed, &failures, &unstamped, label.as_deref(), key_id.as_deref(), out);
    report_failures(&failures, out);
    report_failures(&unstamped, out);
    match rendered {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

/// `sign - --name NAME`: standard input, signed as the file NAME. The proof is data, so it goes
/// to stdout unless --out names a file. Nothing is indexed: there is no file here to find again.
fn sign_stdin(
    args: &SignArgs,
    metadata: BTreeMap<String, String>,
    home: &Home,
    out: &Output,
    stamper: Option<&dyn Stamper>,
) -> Result<ExitStatus, Error> {
    if args.files.len() != 1 {
        return Err(Error::Usage(
            "- (standard input) must be the only FILE; sign files in another run".into(),
        ));
    }
    let Some(name) = args.name.as_deref() else {
        return Err(Error::Usage(
            "sign - needs --name NAME: the file name to record in the proof, the name the bytes will be verified under".into(),
        ));
    };
    crate::proof::check_name(name).map_err(|_| {
        Error::Usage(format!(
            "--name {name:?} is not a file name (empty, '.', '..', or holding '/', '\\' or NUL); give the base name, e.g. build.log"
        ))
    })?;
    if out.json && args.out.is_none() {
        return Err(Error::Usage(
            "sign - --json needs --out FILE: without it, stdout carries the proof itself".into(),
        ));
    }
    // Refused before the key is unlocked or standard input consumed.
    if let Some(p) = &args.out
        && !args.force
        && p.symlink_metadata().is_ok()
    {
        return Err(WriteError::Exists(p.clone()).into());
    }
    let locked = KeyStore::new(home).resolve(args.key.as_deref())?;
    let label = locked.label.clone();
    let signing_key = passphrase::signer(&args.passphrase, &locked)?;
    let digest = hash_reader(io::stdin().lock(), None).map_err(|e| Error::Input {
        path: "-".into(),
        message: format!("cannot read standard input: {}", describe_io(&e)),
    })?;
    let body =
        ProofBody::new(name, &digest, &signing_key.verifying_key(), SystemTime::now(), metadata)
            .map_err(|e| Error::Input { path: "-".into(), message: unsignable(e) })?;
    let mut proof = body.sign_with(&*signing_key)?;
    let shown = args.out.clone().unwrap_or_else(|| PathBuf::from("PROOF"));
    let (stamps, unstamped) = match stamper {
        Some(s) => add_stamps(&mut proof, s, &shown),
        None => (Vec::new(), Vec::new()),
    };
    let status = if unstamped.is_empty() { ExitStatus::Success } else { ExitStatus::Error };
    let text = proof.to_json_pretty();
    let Some(path) = &args.out else {
        out.raw(text.as_bytes())?;
        for m in &unstamped {
            out.error(&format!("-: {m}"));
        }
        return Ok(status);
    };
    fsutil::write_atomic(path, text.as_bytes(), Mode::Public, args.force)?;
    if out.json {
        let key_id = kid(&signing_key.verifying_key());
        out.json(&json!({
            "key": { "name": label, "kid": key_id },
            "signed": [{
                "file": "-", "name": name, "proof": path.display().to_string(), "size": digest.size, "sha256": digest.hex(),
                "timestamps": stamps.iter().map(|(t, s)| stamp_json(t, s)).collect::<Vec<_>>(),
            }],
            "errors": unstamped.iter().map(|m| json!({ "path": path.display().to_string(), "message": m })).collect::<Vec<_>>(),
        }))?;
    } else if !out.quiet {
        out.line(&format!("Signed standard input as {} -> {}", safe(name), safe_path(path)))?;
        show_stamps(path, &stamps, out)?;
    }
    for m in &unstamped {
        out.error(&format!("{}: {m}", safe_path(path)));
    }
    Ok(status)
}

fn show_stamps(proof: &Path, stamps: &[(String, StampInfo)], out: &Output) -> io::Result<()> {
    for (_, s) in stamps {
        out.line(&format!(
            "Timestamped {}: {} by {}",
            safe_path(proof),
            s.gen_time,
            safe(&s.authority)
        ))?;
    }
    Ok(())
}

/// What the index is to record about a file, from the read that gave its digest: its
/// modification time, taken before that read, and its analysis or why there is none.
struct Indexing {
    mtime_ns: Option<i64>,
    analysis: Result<Analysis, String>,
}

/// A file signed: its job, digest and proof, what the index records (None with --no-index), and
/// the timestamps its proof got.
type Signed<'a> = (&'a Job, Digest256, Proof, Option<Indexing>, Vec<(String, StampInfo)>);
/// A file signed, with a line per TSA that gave it no token; or why it was not signed.
type Results<'a> = Vec<Result<(Signed<'a>, Vec<String>), Failure>>;

/// One open of the file and one pass of SHA-256 over it: the proof's digest and, unless
/// --no-index, what the index records, from the same bytes. A 1 GiB file streams through in
/// buffers, as `index add` reads it; a file read whole (an image) first waits for `unlocked`.
fn read_file(
    path: &Path,
    hasher: Option<&ImageHasher>,
    unlocked: &Gate,
) -> io::Result<(Digest256, Option<Indexing>)> {
    let Some(hasher) = hasher else { return Ok((hash_file(path)?, None)) };
    // Read before the content: a change after this point makes the next `index add` look
    // again, never skip a change.
    let mtime_ns = mtime_ns(path);
    let (digest, analysis) =
        similarity::digest_and_analyse(path, hasher, Want::default(), &|| unlocked.wait())?;
    Ok((digest, Some(Indexing { mtime_ns, analysis: analysis.map_err(|e| e.to_string()) })))
}

/// Opened when the key's first unlock attempt is over. Argon2id holds 22 MiB while it runs; an
/// image read whole for the index waits for it, so the two never add up (`sign` stays under its
/// 32 MiB with a passphrase key), while streamed files are hashed meanwhile.
#[derive(Default)]
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    fn open(&self) {
        *self.open.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.opened.notify_all();
    }

    fn wait(&self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        while !*open {
            open = self.opened.wait(open).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Opens the gate however the attempt ends, a panic included: nothing waits for ever.
struct OpenOnDrop<'a>(&'a Gate);

impl Drop for OpenOnDrop<'_> {
    fn drop(&mut self) {
        self.0.open();
    }
}

fn sign_jobs<'a>(
    jobs: &'a [Job],
    args: &SignArgs,
    metadata: &BTreeMap<String, String>,
    home: &Home,
    out: &Output,
    stamper: Option<&dyn Stamper>,
) -> Result<(String, String, Results<'a>), Error> {
    let locked = KeyStore::new(home).resolve(args.key.as_deref())?;
    let label = locked.label.clone();
    // Argon2 takes a fraction of a second on one core; reading a large file takes longer on the
    // other. Running them together makes unlocking free in wall time.
    let unlocked = Gate::default();
    let read_all = || {
        let bar = out.progress(jobs.len() as u64, "hashing");
        let reads: Vec<Result<(Digest256, Option<Indexing>), String>> = jobs
            .par_iter()
            .map_init(
                || (!args.no_index).then(ImageHasher::new),
                |hasher, j| {
                    let r =
                        read_file(&j.file, hasher.as_ref(), &unlocked).map_err(|e| describe_io(&e));
                    bar.inc(1);
                    r
                },
            )
            .collect();
        bar.finish_and_clear();
        reads
    };
    let (signing_key, reads): (Box<dyn KeySigner>, _) = if let Some((r, expected)) = locked.token()
    {
        // A token key: the PIN and the token first (quick), then the files.
        let signer = {
            let _open = OpenOnDrop(&unlocked);
            passphrase::open_token(&args.passphrase, &label, r, expected)?
        };
        (Box::new(signer), read_all())
    } else {
        let unlocked = passphrase::unlock_while(
            &args.passphrase,
            &label,
            locked.needs_passphrase(),
            |pw| {
                let _open = OpenOnDrop(&unlocked);
                locked.unlock(pw)
            },
            read_all,
        )?;
        (Box::new(unlocked.key), unlocked.meanwhile)
    };
    let key_id = kid(&signing_key.verifying_key());
    let created = SystemTime::now();
    let results =
        jobs.par_iter()
            .zip(reads)
            .map(|(job, read)| {
                let (digest, indexing) = read.map_err(|m| (job.file.clone(), m))?;
                let body = ProofBody::new(
                    &job.name,
                    &digest,
                    &signing_key.verifying_key(),
                    created,
                    metadata.clone(),
                )
                .map_err(|e| (job.file.clone(), unsignable(e)))?;
                let mut proof =
                    body.sign_with(&*signing_key).map_err(|e| (job.file.clone(), e.to_string()))?;
                // Tokens before the one write: the proof is written once, with what came.
                let (stamps, unstamped) = match stamper {
                    Some(s) => add_stamps(&mut proof, s, &job.proof),
                    None => (Vec::new(), Vec::new()),
                };
                let text = proof.to_json_pretty();
                fsutil::write_atomic(&job.proof, text.as_bytes(), Mode::Public, args.force)
                    .map_err(|e| match e {
                        WriteError::Exists(p) => {
                            (p, "already exists; pass --force to replace it".into())
                        }
                        WriteError::Io { path, source } => {
                            (path, format!("cannot write proof: {source}"))
                        }
                    })?;
                Ok(((job, digest, proof, indexing, stamps), unstamped))
            })
            .collect();
    Ok((label, key_id, results))
}

/// Adds what was just signed to the index. The proofs are written whatever happens here, so a
/// problem is a warning that says how to index the files later, not a failed signing.
fn index_signed(signed: &[Signed<'_>], home: &Home, out: &Output) {
    let entries: Vec<Result<NewEntry, Failure>> = signed
        .par_iter()
        .filter_map(|(job, digest, proof, indexing, _)| {
            Some((job, digest, proof, indexing.as_ref()?))
        })
        .map(|(job, digest, proof, indexing)| {
            let a = indexing.analysis.as_ref().map_err(|m| (job.file.clone(), m.clone()))?;
            let stored = std::fs::canonicalize(&job.file)
                .map_err(|e| (job.file.clone(), describe_io(&e)))?;
            let stored = stored.to_str().ok_or_else(|| {
                (job.file.clone(), "its name is not valid UTF-8; rename it to index it".to_string())
            })?;
            // The entry pairs with FILE.proof only when the proof sits there, as `index add`
            // would find it; a proof written elsewhere (--out) is still recorded.
            Ok(NewEntry {
                path: stored.to_string(),
                size: digest.size,
                mtime_ns: indexing.mtime_ns,
                sha256: digest.sha256,
                media_type: a.media_type.clone(),
                sketch: a.sketch,
                centre: a.centre,
                features: a.features.clone(),
                proof: Some(ProofRecord {
                    kid: proof.signer.kid.clone(),
                    created: proof.created.clone(),
                    json: proof.to_json_pretty(),
                    mtime_ns: if job.proof == proof_path_for(&job.file) {
                        mtime_ns(&job.proof)
                    } else {
                        None
                    },
                }),
                // Embedding would load the model on every signing; `index add` adds them.
                embedding: None,
            })
        })
        .collect();
    let mut ok = Vec::new();
    for e in entries {
        match e {
            Ok(entry) => ok.push(entry),
            Err((path, m)) => {
                out.warn(&format!("{}: signed, but not indexed: {m}", path.display()));
            }
        }
    }
    if ok.is_empty() {
        return;
    }
    let written = home
        .ensure_root()
        .map_err(Error::from)
        .and_then(|()| Ok(Index::open(&home.index_path())?))
        .and_then(|mut idx| {
            if let Ok(roots) = crate::index::home_tsa_roots(home) {
                idx.set_tsa_roots(roots);
                idx.refresh_proven()?;
            }
            Ok(idx.write(&ok)?)
        });
    if let Err(e) = written {
        out.warn(&format!(
            "signed, but not indexed: {e}; run `proofctl index add` on the files once fixed"
        ));
    }
}

/// Why a file cannot be described by a POP-1.0 proof, with what to do about it.
fn unsignable(e: ParseError) -> String {
    match e {
        ParseError::Field { field: "subject.name", .. } => {
            "its name cannot be recorded in a proof (it contains '\\\\' or is empty); rename the file".into()
        }
        other => other.to_string(),
    }
}

fn render(
    signed: &[Signed<'_>],
    failures: &[Failure],
    unstamped: &[Failure],
    label: Option<&str>,
    key_id: Option<&str>,
    out: &Output,
) -> io::Result<()> {
    if out.json {
        return out.json(&json!({
            "key": label.map(|l| json!({ "name": l, "kid": key_id })),
            "signed": signed.iter().map(|(j, d, _, _, st)| json!({
                "file": j.file.display().to_string(),
                "name": j.file.file_name().map(|n| n.to_string_lossy()),
                "proof": j.proof.display().to_string(), "size": d.size, "sha256": d.hex(),
                "timestamps": st.iter().map(|(t, s)| stamp_json(t, s)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "errors": failures.iter().chain(unstamped).map(|(p, m)| json!({ "path": p.display().to_string(), "message": m })).collect::<Vec<_>>(),
        }));
    }
    if !out.quiet {
        for (j, _, _, _, stamps) in signed {
            out.line(&format!("Signed {} -> {}", safe_path(&j.file), safe_path(&j.proof)))?;
            show_stamps(&j.proof, stamps, out)?;
        }
    }
    if signed.len() + failures.len() > 1 {
        let with = match (label, key_id) {
            (Some(l), Some(k)) => format!(", with key {l} (kid {})", super::short_kid(k)),
            _ => String::new(),
        };
        let unstamped = if unstamped.is_empty() {
            String::new()
        } else {
            format!(" ({} not timestamped by every TSA)", {
                let mut proofs: Vec<&PathBuf> = unstamped.iter().map(|(p, _)| p).collect();
                proofs.dedup();
                proofs.len()
            })
        };
        out.note(&format!("{} signed{unstamped}, {} failed{with}", signed.len(), failures.len()));
    }
    Ok(())
}

fn report_failures(failures: &[Failure], out: &Output) {
    for (path, message) in failures {
        out.error(&format!("{}: {message}", safe_path(path)));
    }
}
