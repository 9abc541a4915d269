//! `index add`: from paths to entries. Walks folders (hidden and ignored files skipped, links
//! followed, loops reported), pairs files with their `.proof`, skips what has not changed,
//! analyses the rest on every core and writes them in batched transactions.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;

use super::{Index, IndexError, NewEntry, ProofRecord, Stamp, Written};
use crate::digest::sha256_from_hex;
use crate::fsutil::{describe_io, read_bounded};
use crate::proof::{MAX_PROOF_BYTES, Proof};
use crate::similarity::embed::{self, Embedder};
use crate::similarity::text::TextError;
use crate::similarity::{AnalyseError, ImageHasher, digest_and_analyse};

/// How `add` walks and what it redoes.
#[derive(Debug, Clone)]
pub struct AddOptions {
    /// Include hidden files and folders.
    pub hidden: bool,
    /// Do not skip files listed in .gitignore, .ignore and similar files.
    pub no_ignore: bool,
    /// Re-analyse files even when size and modification time are unchanged.
    pub force: bool,
    /// Entries per transaction.
    pub batch: usize,
    /// The longest a finished entry waits for its batch to be committed.
    pub max_wait: Duration,
    /// Globs (gitignore syntax) of files and folders to leave out while walking folders.
    pub exclude: Vec<String>,
    /// Set (by a signal handler) to stop early: the batch in hand is committed, and the rest is
    /// left for the next run, which skips what was committed as unchanged.
    pub stop: Option<Arc<AtomicBool>>,
    /// The TSA roots each proof's proven time is judged with ([`Index::set_tsa_roots`]); None
    /// when they cannot be read: new entries then record none, and stored times stay.
    pub tsa_roots: Option<Vec<x509_cert::Certificate>>,
}

impl AddOptions {
    fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed))
    }
}

impl Default for AddOptions {
    fn default() -> Self {
        AddOptions {
            hidden: false,
            no_ignore: false,
            force: false,
            batch: 256,
            max_wait: Duration::from_millis(500),
            exclude: Vec::new(),
            stop: None,
            tsa_roots: None,
        }
    }
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Updated,
    Unchanged,
    /// Nothing to index (an empty file); not an error.
    Skipped(String),
    /// Could not be indexed: the reason, completing "PATH: ...".
    Failed(String),
}

/// Reported as each input is settled: `path` as the user would recognise it.
#[derive(Debug)]
pub struct Event<'a> {
    pub path: &'a Path,
    pub outcome: &'a Outcome,
}

/// The counts at the end.
#[derive(Debug, Default, Clone)]
pub struct AddSummary {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: Vec<(PathBuf, String)>,
    pub failed: Vec<(PathBuf, String)>,
    /// Files indexed with a problem (no embedding).
    pub warnings: Vec<(PathBuf, String)>,
    /// Stopped by [`AddOptions::stop`] before every file was looked at.
    pub interrupted: bool,
}

impl AddSummary {
    fn count(&mut self, path: &Path, outcome: &Outcome) {
        match outcome {
            Outcome::Added => self.added += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Skipped(m) => self.skipped.push((path.to_path_buf(), m.clone())),
            Outcome::Failed(m) => self.failed.push((path.to_path_buf(), m.clone())),
        }
    }
}

/// One entry to make: a file, its proof, or both.
#[derive(Debug)]
struct Job {
    /// As found (for messages).
    shown: PathBuf,
    /// Absolute and free of symlinks: the entry's path.
    stored: PathBuf,
    /// Whether the file itself is there (a proof may be indexed without it).
    present: bool,
    proof: Option<PathBuf>,
}

fn has_proof_suffix(p: &Path) -> bool {
    // `..proof` names no file: it is an ordinary file with an odd name.
    p.file_name().is_some_and(|n| {
        let n = n.as_encoded_bytes();
        n.ends_with(b".proof") && !matches!(&n[..n.len() - 6], b"" | b"." | b"..")
    })
}

fn with_proof_suffix(p: &Path) -> PathBuf {
    let mut s: OsString = p.as_os_str().to_owned();
    s.push(".proof");
    PathBuf::from(s)
}

/// The path an ignore-walk error is about, and what it means: links that lead back up the tree
/// or nowhere are a fact of most homes, and are skipped with a warning; what cannot be read is
/// an error.
fn walk_error(root: &Path, err: &ignore::Error) -> (PathBuf, Outcome) {
    match err {
        ignore::Error::WithPath { path, err } => (path.clone(), walk_error(path, err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(root, err)
        }
        ignore::Error::Loop { ancestor, child } => (
            child.clone(),
            Outcome::Skipped(format!(
                "is a link back to {} (a folder loop); skipped, the rest of the folder is indexed",
                ancestor.display()
            )),
        ),
        ignore::Error::Io(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink()) =>
        {
            (
                root.to_path_buf(),
                Outcome::Skipped("is a link to nothing (its target is gone); skipped".into()),
            )
        }
        ignore::Error::Io(e) => (
            root.to_path_buf(),
            Outcome::Failed(format!("{}; or leave it out with --exclude", describe_io(e))),
        ),
        other => (root.to_path_buf(), Outcome::Failed(other.to_string())),
    }
}

/// What a walk leaves out: `--exclude` globs, relative to the folder walked.
fn excludes(root: &Path, globs: &[String]) -> Result<ignore::overrides::Override, ignore::Error> {
    let mut b = ignore::overrides::OverrideBuilder::new(root);
    for g in globs {
        // An override glob includes; with `!` it leaves out, and only `!` globs leave every
        // other file to the usual rules.
        b.add(&format!("!{g}"))?;
    }
    b.build()
}

/// Expands inputs into files: folders are walked, files taken as named.
fn expand(
    inputs: &[PathBuf],
    opts: &AddOptions,
    settled: &mut Vec<(PathBuf, Outcome)>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        match std::fs::metadata(input) {
            Err(e) => settled.push((input.clone(), Outcome::Failed(describe_io(&e)))),
            Ok(m) if m.is_dir() => {
                let excluded = match excludes(input, &opts.exclude) {
                    Ok(o) => o,
                    Err(e) => {
                        settled.push((input.clone(), Outcome::Failed(format!("--exclude: {e}"))));
                        continue;
                    }
                };
                let mut walk = ignore::WalkBuilder::new(input);
                walk.hidden(!opts.hidden)
                    .follow_links(true)
                    .require_git(false)
                    .ignore(!opts.no_ignore)
                    .git_ignore(!opts.no_ignore)
                    .git_exclude(!opts.no_ignore)
                    .git_global(!opts.no_ignore)
                    .parents(!opts.no_ignore)
                    .overrides(excluded);
                for item in walk.build() {
                    if opts.stopped() {
                        return files;
                    }
                    match item {
                        Ok(ent) if ent.file_type().is_some_and(|t| t.is_file()) => {
                            files.push(ent.into_path());
                        }
                        Ok(_) => {}
                        Err(e) => settled.push(walk_error(input, &e)),
                    }
                }
            }
            Ok(m) if m.is_file() => files.push(input.clone()),
            Ok(_) => settled
                .push((input.clone(), Outcome::Failed("is not a regular file or folder".into()))),
        }
    }
    files
}

/// What `plan` leaves out: the home's own files (private keys must never be fingerprinted, and
/// the index must not index itself).
struct Skip {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Skip {
    fn for_home(index_path: &Path) -> Skip {
        let Ok(home) = std::fs::canonicalize(index_path.parent().unwrap_or(Path::new("."))) else {
            return Skip { files: Vec::new(), dirs: Vec::new() };
        };
        let name = index_path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = ["", "-wal", "-shm", "-journal"]
            .iter()
            .map(|s| home.join(format!("{name}{s}")))
            .collect();
        files.push(home.join("config.toml"));
        let dirs =
            ["keys", "trust", "revocations", "rotations"].iter().map(|d| home.join(d)).collect();
        Skip { files, dirs }
    }

    fn covers(&self, p: &Path) -> bool {
        self.files.iter().any(|f| f == p) || self.dirs.iter().any(|d| p.starts_with(d))
    }
}

/// Pairs files with proofs and resolves where each entry is stored.
fn plan(files: Vec<PathBuf>, skip: &Skip, failed: &mut Vec<(PathBuf, String)>) -> Vec<Job> {
    let listed: HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mut by_stored: std::collections::HashMap<PathBuf, usize> = Default::default();
    let mut jobs: Vec<Job> = Vec::new();
    for file in &files {
        let (subject, proof, present) = if has_proof_suffix(file) {
            let subject = crate::proof::verify::subject_path(file, None).expect("has a stem");
            if listed.contains(subject.as_path()) {
                continue; // Indexed with its file.
            }
            let present = subject.is_file();
            (subject, Some(file.clone()), present)
        } else {
            let proof = with_proof_suffix(file);
            (file.clone(), proof.is_file().then_some(proof), true)
        };
        let stored = if present {
            std::fs::canonicalize(&subject)
        } else {
            // The file is gone: where it would be, from the proof's folder.
            std::fs::canonicalize(
                subject.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")),
            )
            .map(|dir| dir.join(subject.file_name().expect("a proof's stem is a name")))
        };
        let stored = match stored {
            Ok(s) => s,
            Err(e) => {
                failed.push((subject, describe_io(&e)));
                continue;
            }
        };
        if skip.covers(&stored) {
            continue;
        }
        if stored.to_str().is_none() {
            // Stored paths are text, and a lossy one would name another file or none.
            failed.push((subject, "its name is not valid UTF-8; rename it to index it".into()));
            continue;
        }
        // Reached through a link, a file's proof may sit next to its real name.
        let proof = proof.or_else(|| {
            let beside = with_proof_suffix(&stored);
            (present && beside.is_file()).then_some(beside)
        });
        match by_stored.get(&stored) {
            // The same file reached twice (a link and its target): keep the way with a proof.
            Some(&i) => {
                if jobs[i].proof.is_none() && proof.is_some() {
                    jobs[i] = Job { shown: subject, stored, present, proof };
                }
            }
            None => {
                by_stored.insert(stored.clone(), jobs.len());
                jobs.push(Job { shown: subject, stored, present, proof });
            }
        }
    }
    jobs
}

/// A file's modification time in nanoseconds, as entries record it to skip unchanged files.
pub fn mtime_ns(path: &Path) -> Option<i64> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let d = t.duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(d.as_nanos()).ok()
}

/// Whether the index's record of `job` is current: same size and modification times. An entry
/// made from a proof alone has the size the proof names, and only the proof's time can change.
fn unchanged(job: &Job, recorded: Option<Stamp>) -> bool {
    let Some(recorded) = recorded else { return false };
    let proof_mtime = job.proof.as_deref().and_then(mtime_ns);
    if proof_mtime.is_none() && job.proof.is_some() {
        return false;
    }
    if !job.present {
        return recorded.mtime_ns.is_none() && recorded.proof_mtime_ns == proof_mtime;
    }
    let Ok(meta) = std::fs::metadata(&job.stored) else { return false };
    let mtime = mtime_ns(&job.stored);
    mtime.is_some()
        && recorded == Stamp { size: meta.len(), mtime_ns: mtime, proof_mtime_ns: proof_mtime }
}

/// Reads and checks a proof: it must be well-formed and its signature good. Trust is not asked:
/// the index records who signed, and search shows whether that key is trusted.
pub(crate) fn read_proof(path: &Path) -> Result<(Proof, String), String> {
    let bytes = read_bounded(path, MAX_PROOF_BYTES).map_err(|e| describe_io(&e))?;
    let proof = Proof::from_slice(&bytes)
        .map_err(|e| format!("is not a valid proof ({e}); remove or replace it"))?;
    proof.check_signature().map_err(|e| {
        format!("proof fails its signature check ({e}); the proof was altered, do not trust it")
    })?;
    let json = String::from_utf8(bytes).map_err(|_| "proof is not UTF-8".to_string())?;
    Ok((proof, json))
}

/// An entry, and the text a sentence-embedding model should read for it.
type Analysed = (NewEntry, Option<String>);

/// An entry made, and what was not right with it (said as a warning).
type Made = (Analysed, Option<String>);

fn analyse(job: &Job, hasher: &ImageHasher, want_text: bool) -> Result<Made, String> {
    let proof = match &job.proof {
        None => None,
        Some(p) => {
            let (proof, json) = read_proof(p).map_err(|m| format!("{}: {m}", p.display()))?;
            Some((proof, json, mtime_ns(p)))
        }
    };
    let stored = job.stored.to_string_lossy().into_owned();
    let record = |(proof, json, mtime): &(Proof, String, Option<i64>)| ProofRecord {
        kid: proof.signer.kid.clone(),
        created: proof.created.clone(),
        json: json.clone(),
        mtime_ns: *mtime,
    };
    if !job.present {
        let (p, ..) = proof.as_ref().expect("a job without its file has a proof");
        let sha256 = sha256_from_hex(&p.subject.sha256).expect("validated at parse");
        let media_type = crate::similarity::media_type_by_name(&job.stored);
        let entry = NewEntry {
            path: stored,
            size: p.subject.size,
            mtime_ns: None,
            sha256,
            media_type,
            sketch: None,
            centre: None,
            features: None,
            proof: proof.as_ref().map(record),
            embedding: None,
        };
        return Ok(((entry, None), None));
    }
    let mtime = mtime_ns(&job.stored);
    let want = crate::similarity::Want { mirror: false, text: want_text };
    let digest_only = |digest| {
        crate::similarity::Analysis::digest_only(
            digest,
            crate::similarity::media_type_by_name(&job.stored),
        )
    };
    let mut warning = None;
    // One open and one read: the digest comes with the analysis, so a file that cannot be
    // analysed is not read again for it.
    let (digest, analysis) = digest_and_analyse(&job.stored, hasher, want, &|| {})
        .map_err(|e| AnalyseError::from(e).to_string())?;
    let analysis = match analysis {
        // An empty file that was signed is still worth finding by its digest.
        Ok(_) if digest.size == 0 && proof.is_some() => digest_only(digest),
        Ok(_) if digest.size == 0 => return Err(AnalyseError::Empty.to_string()),
        Ok(a) => a,
        // Latin-1 and other legacy encodings: nothing is wrong with the file, and its exact
        // copies are still worth finding.
        Err(AnalyseError::Text(TextError::NotUtf8)) => {
            warning = Some(
                "is not UTF-8 text, so it is indexed by its digest only (exact copies are \
                 found); convert it (e.g. `iconv -f LATIN1 -t UTF-8`) to find it by its words"
                    .to_string(),
            );
            digest_only(digest)
        }
        Err(e) => return Err(e.to_string()),
    };
    if let Some((p, ..)) = &proof
        && let Err(e) = p.check_subject(&analysis.digest)
    {
        return Err(format!(
            "does not match its proof ({e}); it changed since it was signed: sign it again \
             or remove the stale proof"
        ));
    }
    let entry = NewEntry {
        path: stored,
        size: analysis.digest.size,
        mtime_ns: mtime,
        sha256: analysis.digest.sha256,
        media_type: analysis.media_type,
        sketch: analysis.sketch,
        centre: analysis.centre,
        features: analysis.features,
        proof: proof.as_ref().map(record),
        embedding: None,
    };
    Ok(((entry, analysis.text), warning))
}

/// What the caller of [`add`] hears, on the calling thread: enough for a progress bar and for
/// reporting each problem as it is found.
pub trait Observer {
    /// How many files will be looked at.
    fn planned(&mut self, _files: usize) {}
    /// One file's work is done (analysed or found unchanged); it may not be committed yet.
    fn advanced(&mut self) {}
    /// One file's final outcome: committed, unchanged, skipped or failed.
    fn settled(&mut self, _event: Event<'_>) {}
    /// What the run is doing now ("indexing", or "embedding" while the model reads a batch).
    fn phase(&mut self, _what: &'static str) {}
    /// A file went in, but not all of it (a text the model could not embed).
    fn warned(&mut self, _path: &Path, _message: &str) {}
}

/// Adds `inputs` to the index at `index_path`; with an `embedder`, texts also get its sentence
/// embeddings (and unchanged texts without one get it now).
pub fn add(
    index_path: &Path,
    inputs: &[PathBuf],
    opts: &AddOptions,
    mut embedder: Option<&mut Embedder>,
    observer: &mut dyn Observer,
) -> Result<AddSummary, IndexError> {
    let mut summary = AddSummary::default();
    let mut settled = Vec::new();
    let files = expand(inputs, opts, &mut settled);
    let mut failed = Vec::new();
    let jobs = plan(files, &Skip::for_home(index_path), &mut failed);
    settled.extend(failed.into_iter().map(|(p, m)| (p, Outcome::Failed(m))));
    for (path, outcome) in settled {
        observer.settled(Event { path: &path, outcome: &outcome });
        summary.count(&path, &outcome);
    }
    if opts.stopped() {
        summary.interrupted = true;
        return Ok(summary);
    }
    observer.planned(jobs.len());
    let mut index = Index::open(index_path)?;
    if let Some(roots) = &opts.tsa_roots {
        index.set_tsa_roots(roots.clone());
        index.refresh_proven()?;
    }

    let mut todo = Vec::with_capacity(jobs.len());
    for job in jobs {
        let stored = job.stored.to_string_lossy();
        if !opts.force
            && unchanged(&job, index.stamp(&stored)?)
            && !index.needs_image_detail(&stored)?
            && !embedder
                .as_ref()
                .is_some_and(|e| index.needs_embedding(&stored, &e.id).unwrap_or(true))
        {
            observer.advanced();
            observer.settled(Event { path: &job.shown, outcome: &Outcome::Unchanged });
            summary.count(&job.shown, &Outcome::Unchanged);
        } else {
            todo.push(job);
        }
    }

    let want_text = embedder.is_some();
    // A model takes seconds per batch of long texts: commit (and show progress) more often.
    let batch_size = if want_text { opts.batch.min(32) } else { opts.batch };
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<Made, Outcome>)>(opts.batch * 2);
    // Files that failed: what the index said of them no longer holds.
    let mut stale: Vec<String> = Vec::new();
    // Analysis runs on a pool of its own. Its workers block when the channel is full, until this
    // thread has written a batch; and writing a batch runs the tokenizer, whose `encode_batch`
    // works on rayon's global pool. Were analysis on the global pool, a full channel would leave
    // no worker to tokenise with, and both sides would wait for ever. With two pools, no pool
    // ever waits on work that needs itself (and the writer never waits on analysis to tokenise).
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("proofctl-analyse-{i}"))
        .build()
        .map_err(|e| IndexError::Threads(e.to_string()))?;
    std::thread::scope(|scope| -> Result<(), IndexError> {
        // Owned here, so that leaving early (an error, or a stop) drops it before the scope waits
        // for the workers: one blocked on a full channel then gets an error instead of waiting
        // for ever.
        let rx = rx;
        let todo = &todo;
        let pool = &pool;
        scope.spawn(move || {
            pool.install(|| {
                todo.par_iter().enumerate().for_each_init(
                    || (ImageHasher::new(), tx.clone()),
                    |(hasher, tx), (i, job)| {
                        if opts.stopped() {
                            return;
                        }
                        let result = analyse(job, hasher, want_text).map_err(|m| {
                            if m.starts_with("is empty") {
                                Outcome::Skipped(m)
                            } else {
                                Outcome::Failed(m)
                            }
                        });
                        // The receiver only goes away on a database error, which ends the run.
                        let _ = tx.send((i, result));
                    },
                )
            });
            drop(tx);
        });
        let mut batch: Vec<(usize, Analysed)> = Vec::with_capacity(opts.batch);
        let mut oldest: Option<Instant> = None;
        let mut flush = |batch: &mut Vec<(usize, Analysed)>,
                         summary: &mut AddSummary,
                         observer: &mut dyn Observer|
         -> Result<(), IndexError> {
            if batch.is_empty() {
                return Ok(());
            }
            let mut warnings = Vec::new();
            if let Some(e) = embedder.as_deref_mut() {
                observer.phase("embedding");
                let done = embed_batch(e, &index, batch, &mut warnings);
                observer.phase("indexing");
                done?;
            }
            for (i, message) in warnings {
                let path = &todo[batch[i].0].shown;
                observer.warned(path, &message);
                summary.warnings.push((path.clone(), message));
            }
            let entries: Vec<NewEntry> = batch.iter().map(|(_, (e, _))| e.clone()).collect();
            let written = index.write(&entries)?;
            for ((i, _), w) in batch.drain(..).zip(written) {
                let outcome = match w {
                    Written::Added => Outcome::Added,
                    Written::Updated => Outcome::Updated,
                };
                observer.settled(Event { path: &todo[i].shown, outcome: &outcome });
                summary.count(&todo[i].shown, &outcome);
            }
            Ok(())
        };
        loop {
            if opts.stopped() {
                // Analyses under way finish and are dropped: their senders find no receiver.
                summary.interrupted = true;
                return flush(&mut batch, &mut summary, observer);
            }
            let wait = oldest
                .map_or(Duration::from_secs(3600), |t| opts.max_wait.saturating_sub(t.elapsed()));
            // Look at the stop flag often enough for a prompt answer to Ctrl-C.
            let wait =
                if opts.stop.is_some() { wait.min(Duration::from_millis(100)) } else { wait };
            match rx.recv_timeout(wait) {
                Ok((i, Ok((entry, warning)))) => {
                    observer.advanced();
                    if let Some(message) = warning {
                        observer.warned(&todo[i].shown, &message);
                        summary.warnings.push((todo[i].shown.clone(), message));
                    }
                    oldest.get_or_insert_with(Instant::now);
                    batch.push((i, entry));
                    if batch.len() >= batch_size {
                        flush(&mut batch, &mut summary, observer)?;
                        oldest = None;
                    }
                }
                Ok((i, Err(outcome))) => {
                    observer.advanced();
                    if matches!(outcome, Outcome::Failed(_)) && todo[i].present {
                        stale.push(todo[i].stored.to_string_lossy().into_owned());
                    }
                    observer.settled(Event { path: &todo[i].shown, outcome: &outcome });
                    summary.count(&todo[i].shown, &outcome);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if oldest.is_some_and(|t| t.elapsed() >= opts.max_wait) {
                        flush(&mut batch, &mut summary, observer)?;
                        oldest = None;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return flush(&mut batch, &mut summary, observer);
                }
            }
        }
    })?;
    index.remove_exact(&stale)?;
    Ok(summary)
}

/// Embeds the texts of a batch of entries in one go (the model batches windows across files).
/// Texts whose bytes already have a vector from this model keep it (`Index::write` carries it
/// over). If the batch fails, each text is tried alone: a text the model cannot take is written
/// without a vector, and said in `warnings` (by batch position), rather than stopping the run.
fn embed_batch(
    e: &mut Embedder,
    index: &Index,
    batch: &mut [(usize, Analysed)],
    warnings: &mut Vec<(usize, String)>,
) -> Result<(), IndexError> {
    for (_, (entry, text)) in batch.iter_mut() {
        if text.is_some() && index.has_vector(&entry.path, &entry.sha256, &e.id)? {
            *text = None;
        }
    }
    let texts: Vec<&str> = batch.iter().filter_map(|(_, (_, t))| t.as_deref()).collect();
    if texts.is_empty() {
        return Ok(());
    }
    let vectors: Vec<Option<embed::DocVectors>> = match e.embed_documents(&texts) {
        Ok(v) => v.into_iter().map(Some).collect(),
        Err(_) => {
            let mut one_by_one = Vec::with_capacity(texts.len());
            for t in &texts {
                one_by_one.push(e.embed_documents(&[t]).map(|mut v| v.pop().expect("one vector")));
            }
            let mut k = 0;
            for (i, (_, (_, text))) in batch.iter().enumerate() {
                if text.is_some() {
                    if let Err(err) = &one_by_one[k] {
                        warnings.push((i, format!("indexed without its embedding: {err}")));
                    }
                    k += 1;
                }
            }
            one_by_one.into_iter().map(Result::ok).collect()
        }
    };
    let mut vectors = vectors.into_iter();
    for (_, (entry, text)) in batch.iter_mut() {
        if let Some(text) = text.take()
            && let Some(v) = vectors.next().expect("one result per text")
        {
            entry.embedding = Some(crate::index::Embedding {
                model: e.id.clone(),
                dim: v.whole.len(),
                vector: embed::quantise(&v.whole),
                passages: Some(crate::index::passage_vectors(&text, &v.passages)),
            });
        }
    }
    Ok(())
}
