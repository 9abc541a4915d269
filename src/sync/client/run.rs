//! One `proofctl sync` run: pushes revocation lists and local proofs the server has not
//! acknowledged, pulls the team's items into the index, and refreshes published keys and
//! revocation lists.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::Serialize;

use super::session::{Server, Session, SyncError, clip};
use crate::fsutil::{self, Mode, WriteError};
use crate::home::{Home, HomeError};
use crate::index::{
    Index, MergedProof, NewEntry, ProofRecord, PullRefusal, REMOTE_PREFIX, Written,
};
use crate::license::revocation::{RevocationError, RevocationList, RevocationStore};
use crate::lifecycle::RotationStatement;
use crate::lifecycle::rotation::MAX_STATEMENT_BYTES;
use crate::proof::Proof;
use crate::similarity::media_type_by_name;
use crate::sync::protocol::{
    self, API_PREFIX, DEFAULT_PAGE, DatabaseResponse, KeysResponse, PublishedKey, PullResponse,
    PushItem, PushRequest, PushResponse, PushStatus, RevocationPush, RevocationPushResponse,
    RevocationsResponse, RotationPush, RotationPushResponse, RotationsResponse,
};
use crate::sync::wire;
use crate::term::safe;

/// Reports progress to whoever renders it; the library never touches the terminal.
pub trait Observer {
    /// A phase starts ("pushing", "pulling"); `total` when known.
    fn phase(&mut self, _what: &str, _total: Option<u64>) {}
    fn advanced(&mut self, _n: u64) {}
    /// What the current phase is doing now ("page 3").
    fn status(&mut self, _what: String) {}
    /// Something worth a line that does not stop the run.
    fn warned(&mut self, _line: String) {}
}

/// What `sync` does.
#[derive(Debug, Clone)]
pub struct Options {
    pub push: bool,
    pub pull: bool,
    /// Attempts per request (at least 1).
    pub attempts: u32,
    /// The model name (ids are NAME@DIGEST) whose vector to keep when a pulled entry carries
    /// several; else the first.
    pub prefer_model: Option<String>,
    /// Items per push request and per pulled page.
    pub page: usize,
    /// Pages pulled per run at most: a server that always says more cannot keep a sync running
    /// for ever. What was pulled is kept, so the next run goes on from there.
    pub max_pages: u64,
}

/// Pages pulled per run unless told otherwise: a million items at the default page size.
pub const DEFAULT_MAX_PAGES: u64 = 1_000;

impl Default for Options {
    fn default() -> Options {
        Options {
            push: true,
            pull: true,
            attempts: 6,
            prefer_model: None,
            page: DEFAULT_PAGE,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }
}

/// Why pulling stopped while the server still said more items follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum PullStop {
    /// `max_pages` pages were pulled; the rest waits for the next run.
    PageCap { pages: u64 },
    /// The server said more follow item `after` but sent none.
    NoProgress { after: i64 },
}

/// Why a run forgot what it knew of a server's database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DatabaseReset {
    /// Another database answers behind the URL (a new one, or another server's).
    Replaced { was: String, now: String },
    /// The same database, but without items this home already pulled: restored from an older
    /// copy.
    RolledBack { cursor: i64, last_seq: i64 },
}

/// One item the server or this home refused.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// The local path (pushed) or proof id (pulled).
    pub item: String,
    /// Text for people; `--json` calls it `message`, as every free-text member is called there.
    #[serde(rename = "message")]
    pub reason: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub server: String,
    pub kid: String,
    /// Local signed entries already acknowledged before this run.
    pub already_pushed: u64,
    pub pushed: u64,
    /// Pushed, but the server had them already (from another member, or an earlier run whose
    /// answer was lost).
    pub pushed_duplicates: u64,
    pub push_refused: Vec<Refusal>,
    /// Anchors the server took into proofs it had (pushed again after `proofctl timestamp`).
    pub anchors_pushed: u64,
    pub pulled_added: u64,
    pub pulled_updated: u64,
    /// Items pulled that this home pushed itself.
    pub pulled_own: u64,
    /// Anchors pulled into this home's own proofs (index entries and the proof files beside
    /// them): tokens other members added.
    pub anchors_pulled: u64,
    pub pull_refused: Vec<Refusal>,
    /// Items refused on earlier pulls from this server and still on record (not retried: see
    /// docs/sync-protocol.md).
    pub pull_refused_earlier: u64,
    /// The id of the server's database; None from a server that has none (older versions).
    pub database_id: Option<String>,
    /// Set when this run found the server's database replaced or rolled back, and so started
    /// over: every proof pushed again, pulled from the start.
    pub database_reset: Option<DatabaseReset>,
    /// Pages of items pulled.
    pub pulled_pages: u64,
    /// Set when pulling stopped before the server said it was done.
    pub pull_stopped: Option<PullStop>,
    pub cursor: i64,
    pub published_keys: u64,
    pub keys_dir: Option<PathBuf>,
    pub revocations_pushed: u64,
    pub revocations_stored: u64,
    pub revocations_refused: Vec<Refusal>,
    /// Rotation statements (docs/key-lifecycle.md) of this member's key the server took.
    pub rotations_pushed: u64,
    /// Rotation statements pulled and kept in the home (`rotations/`).
    pub rotations_stored: u64,
    pub rotations_refused: Vec<Refusal>,
}

impl Report {
    /// Whether something was refused (exit 1).
    pub fn refused_any(&self) -> bool {
        !self.push_refused.is_empty()
            || !self.pull_refused.is_empty()
            || !self.revocations_refused.is_empty()
            || !self.rotations_refused.is_empty()
    }
}
/// Runs a whole sync: revocation lists and proofs up, then proofs, keys and lists down.
pub fn sync(
    home: &Home,
    server: &Server,
    key: &SigningKey,
    opts: &Options,
    observer: &mut dyn Observer,
) -> Result<Report, SyncError> {
    let mut session = Session::new(server.clone(), key, opts.attempts)?;
    let mut report =
        Report { server: server.name.clone(), kid: session.kid().to_string(), ..Report::default() };
    // Signing in first: a server that is down or does not know the key is one clear line before
    // anything local is touched.
    session.sign_in()?;
    let mut index = Index::open(&home.index_path())?;
    match crate::index::home_tsa_roots(home) {
        Ok(roots) => {
            index.set_tsa_roots(roots);
            index.refresh_proven()?;
        }
        Err(why) => observer.warned(format!("{why}; no proven time is recorded in this run")),
    }
    let database = check_database(&mut index, &mut session, &mut report, observer)?;
    let mut own: HashMap<String, Option<String>> = index.pushed_anchors(&server.name)?;
    if opts.push {
        push_revocations(home, &mut session, &mut report, observer)?;
        push_rotations(home, &mut session, &mut report, observer)?;
        push(&mut index, &mut session, opts, database.as_deref(), &mut own, &mut report, observer)?;
    }
    if opts.pull {
        pull(&mut index, &mut session, opts, database.as_deref(), &own, &mut report, observer)?;
        let keys = pull_keys(home, &mut session, &mut report)?;
        pull_revocations(home, &mut session, &keys, &mut report, observer)?;
        pull_rotations(home, &mut session, &mut report)?;
    }
    report.cursor = index.pull_cursor(&server.name)?;
    let on_record = index.pull_refusals(&server.name)?.len() as u64;
    report.pull_refused_earlier = on_record.saturating_sub(report.pull_refused.len() as u64);
    Ok(report)
}

/// Compares the server's database with the one this home's state for the server is about, and
/// starts over when it is another (replaced) or an older copy of it (restored): acknowledgements
/// and the cursor of a database that is gone would skip proofs the new one lacks for ever.
/// Returns the database's id, None from a server that does not say (then nothing is checked).
fn check_database(
    index: &mut Index,
    session: &mut Session<'_>,
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<Option<String>, SyncError> {
    let server = session.server.name.clone();
    let answer: DatabaseResponse = match session.get("database", &format!("{API_PREFIX}/database"))
    {
        Ok(a) => a,
        // A server from before database ids: no way to tell, so the state is kept.
        Err(SyncError::Refused { status: 404, .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let valid = answer.id.len() == 32
        && answer.id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !valid || answer.last_seq < 0 {
        let detail = if valid {
            format!("a last item of {}", answer.last_seq)
        } else {
            "a database id that is not 32 lowercase hex digits".into()
        };
        return Err(SyncError::Protocol { server, what: "database".into(), detail });
    }
    let stored = index.server_database_id(&server)?;
    let cursor = index.pull_cursor(&server)?;
    let reset = match stored {
        Some(was) if was != answer.id => {
            Some(DatabaseReset::Replaced { was, now: answer.id.clone() })
        }
        _ if cursor > answer.last_seq => {
            Some(DatabaseReset::RolledBack { cursor, last_seq: answer.last_seq })
        }
        // Unknown until now (a new server, an index or a server from before ids): adopted.
        None => {
            index.adopt_database_id(&server, &answer.id)?;
            None
        }
        Some(_) => None,
    };
    if let Some(reset) = reset {
        index.reset_server(&server, &answer.id)?;
        let why = match &reset {
            DatabaseReset::Replaced { was, now } => {
                format!("its database is another one (id {}, was {})", safe(now), safe(was))
            }
            DatabaseReset::RolledBack { cursor, last_seq } => format!(
                "its database ends at item {last_seq} but this home pulled up to item {cursor} (restored from an older copy?)"
            ),
        };
        observer.warned(format!(
            "{}: {why}; pushing every proof again and pulling from the start",
            safe(&server)
        ));
        report.database_reset = Some(reset);
    }
    report.database_id = Some(answer.id.clone());
    Ok(Some(answer.id))
}

/// Stops a run whose answers come from another database than the one it checked at the start.
fn same_database(
    session: &Session<'_>,
    expected: Option<&str>,
    got: Option<&str>,
) -> Result<(), SyncError> {
    match (expected, got) {
        (Some(e), Some(g)) if e != g => {
            Err(SyncError::DatabaseChanged { server: session.server.name.clone() })
        }
        _ => Ok(()),
    }
}

fn push_revocations(
    home: &Home,
    session: &mut Session<'_>,
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let dir = home.revocations_dir().join("issued");
    let Ok(read) = std::fs::read_dir(&dir) else { return Ok(()) };
    let mut files: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jwt"))
        .collect();
    files.sort();
    for path in files {
        let token = match fsutil::read_bounded(&path, 1 << 20) {
            Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
            Err(e) => {
                observer.warned(format!(
                    "{}: {}; not pushed",
                    crate::term::safe_path(&path),
                    fsutil::describe_io(&e)
                ));
                continue;
            }
        };
        let body = RevocationPush { token };
        match session.post::<_, RevocationPushResponse>(
            "revocation push",
            &format!("{API_PREFIX}/revocations"),
            &body,
        ) {
            Ok(_) => report.revocations_pushed += 1,
            Err(SyncError::Refused { status: 409 | 422 | 403, message, .. }) => {
                report
                    .revocations_refused
                    .push(Refusal { item: path.display().to_string(), reason: message });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The statements in the home one of whose keys is the signed-in member's (the server takes no
/// others). A server without `/v1/rotations` (older versions) is skipped, not an error.
fn push_rotations(
    home: &Home,
    session: &mut Session<'_>,
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let Ok(read) = std::fs::read_dir(home.rotations_dir()) else { return Ok(()) };
    let mut files: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let me = session.kid().to_string();
    for path in files {
        let statement = fsutil::read_bounded(&path, MAX_STATEMENT_BYTES)
            .map_err(|e| fsutil::describe_io(&e))
            .and_then(|b| RotationStatement::parse(&b).map_err(|e| e.to_string()));
        let statement = match statement {
            Ok(s) if s.from == me || s.to == me => s,
            Ok(_) => continue,
            Err(why) => {
                observer.warned(format!("{}: {why}; not pushed", crate::term::safe_path(&path)));
                continue;
            }
        };
        let body = RotationPush { statement: statement.to_json_pretty() };
        match session.post::<_, RotationPushResponse>(
            "rotation push",
            &format!("{API_PREFIX}/rotations"),
            &body,
        ) {
            Ok(_) => report.rotations_pushed += 1,
            Err(SyncError::Refused { status: 404, .. }) => return Ok(()),
            Err(SyncError::Refused { status: 409 | 422 | 403, message, .. }) => {
                report
                    .rotations_refused
                    .push(Refusal { item: path.display().to_string(), reason: message });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Keeps every statement the server has that verifies (both signatures) and that this home does
/// not hold another statement for the same two keys. Trust still starts only at the verifier's
/// own trusted keys, so a statement about keys nobody here trusts changes nothing.
fn pull_rotations(
    home: &Home,
    session: &mut Session<'_>,
    report: &mut Report,
) -> Result<(), SyncError> {
    let answer: RotationsResponse =
        match session.get("rotation statements", &format!("{API_PREFIX}/rotations")) {
            Ok(a) => a,
            Err(SyncError::Refused { status: 404, .. }) => return Ok(()),
            Err(e) => return Err(e),
        };
    let dir = home.rotations_dir();
    for text in answer.statements {
        let statement = match RotationStatement::parse(text.as_bytes()) {
            Ok(s) => s,
            Err(e) => {
                report
                    .rotations_refused
                    .push(Refusal { item: "rotation statement".into(), reason: e.to_string() });
                continue;
            }
        };
        let dest = dir.join(statement.file_name());
        match fsutil::read_bounded(&dest, MAX_STATEMENT_BYTES) {
            Ok(b) => {
                if RotationStatement::parse(&b).ok().as_ref() != Some(&statement) {
                    report.rotations_refused.push(Refusal {
                        item: format!("rotation statement {} -> {}", statement.from, statement.to),
                        reason: format!(
                            "{} holds another statement for these keys; kept as it is",
                            dest.display()
                        ),
                    });
                }
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(SyncError::Local {
                    path: dest,
                    what: "rotation statements".into(),
                    server: session.server.name.clone(),
                    detail: fsutil::describe_io(&source),
                });
            }
        }
        home.ensure_dir(&dir)?;
        fsutil::write_atomic(&dest, statement.to_json_pretty().as_bytes(), Mode::Public, false)?;
        report.rotations_stored += 1;
    }
    Ok(())
}

fn push(
    index: &mut Index,
    session: &mut Session<'_>,
    opts: &Options,
    database: Option<&str>,
    own: &mut HashMap<String, Option<String>>,
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let server = session.server.name.clone();
    // (local path, proof id and anchors digest, item): acknowledgements are recorded under the
    // id computed here, whatever id the server's answer names.
    type Ack = (String, Option<String>);
    let mut todo: Vec<(String, Ack, PushItem)> = Vec::new();
    for entry in index.signed_local_entries()? {
        let proof = match Proof::from_slice(entry.proof.as_bytes()) {
            Ok(p) => p,
            Err(e) => {
                report.push_refused.push(Refusal {
                    item: entry.path.clone(),
                    reason: format!("the indexed proof does not parse ({e}); run `proofctl index add` on it again"),
                });
                continue;
            }
        };
        let id = protocol::proof_id(&proof);
        // Acknowledged with these very anchors; a proof timestamped since goes again, and the
        // server merges its new anchors into the one it has.
        let anchors = wire::anchors_digest(&proof);
        if own.get(&id) == Some(&anchors) {
            report.already_pushed += 1;
            continue;
        }
        let item = PushItem {
            proof: wire::proof_to_wire(&proof),
            entry: Some(wire::entry_to_raw(&wire::entry_to_wire(&entry))),
        };
        todo.push((entry.path.clone(), (id, anchors), item));
    }
    observer.phase("pushing", Some(todo.len() as u64));
    for page in todo.chunks(opts.page.clamp(1, protocol::MAX_PAGE)) {
        let body = PushRequest { items: page.iter().map(|(_, _, item)| item.clone()).collect() };
        let answer: PushResponse = session.post("push", &format!("{API_PREFIX}/proofs"), &body)?;
        same_database(session, database, answer.database_id.as_deref())?;
        if answer.results.len() != page.len() {
            return Err(SyncError::Protocol {
                server,
                what: "push".into(),
                detail: format!("{} results for {} items", answer.results.len(), page.len()),
            });
        }
        let mut acked = Vec::with_capacity(page.len());
        for ((path, ack, _), result) in page.iter().zip(answer.results) {
            match result.status {
                PushStatus::Stored | PushStatus::Duplicate => {
                    match (result.status, result.anchors_added) {
                        (PushStatus::Stored, Some(n)) => report.anchors_pushed += u64::from(n),
                        (PushStatus::Stored, None) => report.pushed += 1,
                        _ => report.pushed_duplicates += 1,
                    }
                    acked.push(ack.clone());
                }
                PushStatus::Refused => report.push_refused.push(Refusal {
                    item: path.clone(),
                    reason: clip(result.reason.as_deref().unwrap_or("no reason given")),
                }),
            }
        }
        index.mark_pushed_anchors(&server, &acked)?;
        own.extend(acked);
        observer.advanced(page.len() as u64);
    }
    Ok(())
}

fn pull(
    index: &mut Index,
    session: &mut Session<'_>,
    opts: &Options,
    database: Option<&str>,
    own: &HashMap<String, Option<String>>,
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let server = session.server.clone();
    let mut cursor = index.pull_cursor(&server.name)?;
    let mut local = local_proofs(index)?;
    observer.phase("pulling", None);
    loop {
        if report.pulled_pages >= opts.max_pages {
            report.pull_stopped = Some(PullStop::PageCap { pages: report.pulled_pages });
            return Ok(());
        }
        observer.status(format!("pulling, page {}", report.pulled_pages + 1));
        let page: PullResponse = session.get(
            "pull",
            &format!(
                "{API_PREFIX}/items?after={cursor}&limit={}",
                opts.page.clamp(1, protocol::MAX_PAGE)
            ),
        )?;
        if page.next < cursor || page.items.iter().any(|i| i.seq <= cursor || i.seq > page.next) {
            return Err(SyncError::Protocol {
                server: server.name,
                what: "pull".into(),
                detail: format!("item numbers out of order after {cursor}"),
            });
        }
        same_database(session, database, page.database_id.as_deref())?;
        let mut entries = Vec::with_capacity(page.items.len());
        let mut refused = Vec::new();
        let mut merged = Vec::new();
        for item in &page.items {
            let checked = wire::check_pulled(item).map_err(|r| r.reason);
            // Anchors of this home's own proofs that other members added: merged into the local
            // entries and their proof files, never dropping one of this home's.
            if let Ok(p) = &checked
                && let Some(copies) = local.get_mut(&p.id)
            {
                report.anchors_pulled += merge_local(copies, &p.proof, &mut merged, observer);
            }
            if own.contains_key(&item.id) {
                report.pulled_own += 1;
                continue;
            }
            let made = checked.and_then(|p| {
                let path = remote_path(&server, &p);
                let kept = index.proof_at(&path).ok().flatten();
                pulled_entry(p, path, kept.as_deref(), opts.prefer_model.as_deref())
            });
            match made {
                Ok(e) => entries.push(e),
                Err(reason) => {
                    // The server's id for it, cut: it is shown and stored, and may be anything.
                    let id = clip(&item.id);
                    report.pull_refused.push(Refusal { item: id.clone(), reason: reason.clone() });
                    refused.push(PullRefusal { seq: item.seq, id, reason });
                }
            }
        }
        for w in index.write_pulled_merged(&server.name, &entries, &refused, &merged, page.next)? {
            match w {
                Written::Added => report.pulled_added += 1,
                Written::Updated => report.pulled_updated += 1,
            }
        }
        report.pulled_pages += 1;
        observer.advanced(page.items.len() as u64);
        if !page.more {
            return Ok(());
        }
        // Items always move the cursor (checked above), so an empty page is the only one
        // that makes no progress; asking again would get the same.
        if page.items.is_empty() {
            report.pull_stopped = Some(PullStop::NoProgress { after: cursor });
            return Ok(());
        }
        cursor = page.next;
    }
}

/// This home's signed local entries by proof id: each entry's path and proof (a proof may sit
/// beside several copies of a file).
fn local_proofs(index: &Index) -> Result<HashMap<String, Vec<(String, Proof)>>, SyncError> {
    let mut out: HashMap<String, Vec<(String, Proof)>> = HashMap::new();
    for entry in index.signed_local_entries()? {
        // One that does not parse is reported by push; pulling leaves it alone.
        if let Ok(proof) = Proof::from_slice(entry.proof.as_bytes()) {
            out.entry(protocol::proof_id(&proof)).or_default().push((entry.path, proof));
        }
    }
    Ok(out)
}

/// Merges the anchors of `pulled` into this home's copies of the same proof: each index entry,
/// and the proof file beside its file (`FILE.proof`, rewritten atomically when it holds this
/// very proof). Returns how many anchors were new to the first copy.
fn merge_local(
    copies: &mut [(String, Proof)],
    pulled: &Proof,
    merged: &mut Vec<MergedProof>,
    observer: &mut dyn Observer,
) -> u64 {
    if pulled.anchors.is_empty() {
        return 0;
    }
    let mut first = None;
    for (path, proof) in copies.iter_mut() {
        let added = wire::merge_anchors(proof, &pulled.anchors);
        first.get_or_insert(added as u64);
        if added == 0 {
            continue;
        }
        let file = PathBuf::from(format!("{path}.proof"));
        let (json, proof_mtime_ns) = match rewrite_proof_file(&file, proof) {
            Ok(Some((json, whole))) => {
                *proof = whole;
                (json, crate::index::mtime_ns(&file))
            }
            Ok(None) => (proof.to_json_pretty(), None),
            Err(why) => {
                observer.warned(format!(
                    "{}: {why}; the index has the pulled anchors, the file does not",
                    crate::term::safe_path(&file)
                ));
                (proof.to_json_pretty(), None)
            }
        };
        merged.push(MergedProof { path: path.clone(), json, proof_mtime_ns });
    }
    first.unwrap_or(0)
}

/// Adds the anchors of `proof` to the proof file `file` when that file holds the same proof
/// (same id) and lacks some: it only gains anchors, so nothing in it is lost. Returns what was
/// written (the file's anchors and then the new ones) and that proof; None when there is no
/// such file or it had them all.
fn rewrite_proof_file(file: &Path, proof: &Proof) -> Result<Option<(String, Proof)>, String> {
    let Ok(bytes) = fsutil::read_bounded(file, crate::proof::MAX_PROOF_BYTES) else {
        return Ok(None);
    };
    let Ok(mut on_disk) = Proof::from_slice(&bytes) else { return Ok(None) };
    if protocol::proof_id(&on_disk) != protocol::proof_id(proof)
        || wire::merge_anchors(&mut on_disk, &proof.anchors) == 0
    {
        return Ok(None);
    }
    let json = on_disk.to_json_pretty();
    fsutil::write_atomic(file, json.as_bytes(), Mode::Public, true).map_err(|e| e.to_string())?;
    Ok(Some((json, on_disk)))
}

/// Where a pulled item is recorded: `sync://HOST:PORT[/PATH]/ID/FILE-NAME`.
fn remote_path(server: &Server, pulled: &wire::Pulled) -> String {
    let name: String = pulled
        .proof
        .subject
        .name
        .chars()
        .map(|c| if c == '/' || c == '\\' || c.is_control() { '_' } else { c })
        .collect();
    format!("{REMOTE_PREFIX}{}/{}/{name}", server.key, pulled.id)
}

/// Turns a pulled item, checked by the wire rules (as if it came from anyone: the server is a
/// meeting point, not an authority), into an index entry at `path`, keeping every anchor of the
/// proof recorded there before (`kept`).
fn pulled_entry(
    pulled: wire::Pulled,
    path: String,
    kept: Option<&str>,
    prefer_model: Option<&str>,
) -> Result<NewEntry, String> {
    let wire::Pulled { mut proof, entry: wire_entry, .. } = pulled;
    if let Some(old) = kept.and_then(|k| Proof::from_slice(k.as_bytes()).ok())
        && protocol::proof_id(&old) == protocol::proof_id(&proof)
    {
        wire::merge_anchors(&mut proof, &old.anchors);
    }
    let sha256 = crate::digest::sha256_from_hex(&proof.subject.sha256)
        .ok_or("the proof's sha256 is not 64 lowercase hex digits")?;
    let name = path.rsplit('/').next().unwrap_or_default().to_string();
    let mut entry = NewEntry {
        path,
        size: proof.subject.size,
        mtime_ns: None,
        sha256,
        media_type: media_type_by_name(Path::new(&name)),
        sketch: None,
        centre: None,
        features: None,
        proof: Some(ProofRecord {
            kid: proof.signer.kid.clone(),
            created: proof.created.clone(),
            json: proof.to_json_pretty(),
            mtime_ns: None,
        }),
        embedding: None,
    };
    if let Some(wire) = &wire_entry {
        entry.media_type = wire.media_type.clone();
        entry.sketch = wire::sketch_from_wire(wire)?;
        entry.embedding = wire::embedding_from_wire(wire, prefer_model)?;
    }
    Ok(entry)
}

/// Saves the members' keys as `sync/HOST_PORT/keys/NAME-KID.pub`, a folder `verify
/// --trust-dir` takes; keys no longer published are removed from it.
fn pull_keys(
    home: &Home,
    session: &mut Session<'_>,
    report: &mut Report,
) -> Result<Vec<(PublishedKey, VerifyingKey)>, SyncError> {
    let answer: KeysResponse = session.get("keys", &format!("{API_PREFIX}/keys"))?;
    let server = session.server.clone();
    let dir = home.sync_dir().join(server.dir_name()).join("keys");
    let local = |path: &Path, detail: String| SyncError::Local {
        path: path.to_path_buf(),
        what: "published keys".into(),
        server: server.name.clone(),
        detail,
    };
    home.ensure_dir(&home.sync_dir()).and_then(|_| home.ensure_dir(&dir)).map_err(|e| match e {
        HomeError::Create { path, source } => local(&path, fsutil::describe_io(&source)),
        other => other.into(),
    })?;
    let mut keep = HashSet::new();
    let mut keys = Vec::new();
    for k in answer.keys {
        let Some(key) = wire::published_key(&k) else { continue };
        let name: String = k
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .take(64)
            .collect();
        let file = format!("{name}-{}.pub", k.kid);
        fsutil::write_atomic(
            &dir.join(&file),
            crate::keys::public_key_pem(&key).as_bytes(),
            Mode::Public,
            true,
        )
        .map_err(|e| match e {
            WriteError::Io { path, source } => local(&path, fsutil::describe_io(&source)),
            other => other.into(),
        })?;
        keep.insert(file);
        keys.push((k, key));
    }
    if let Ok(read) = std::fs::read_dir(&dir) {
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".pub") && !keep.contains(&name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    report.published_keys = keys.len() as u64;
    report.keys_dir = Some(dir);
    Ok(keys)
}

fn pull_revocations(
    home: &Home,
    session: &mut Session<'_>,
    keys: &[(PublishedKey, VerifyingKey)],
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let answer: RevocationsResponse =
        session.get("revocation lists", &format!("{API_PREFIX}/revocations"))?;
    let store = RevocationStore::new(home);
    let label = PathBuf::from(format!("{}{API_PREFIX}/revocations", session.server.name));
    // Every published key counts, as every member counts on the server: a list of one member
    // that revokes another's key stops that key's lists here as it does there.
    let members: Vec<VerifyingKey> = keys.iter().map(|(_, key)| *key).collect();
    // The lists of keys that other lists revoke are taken first, as the server took them before
    // it stored the revocation: a home syncing for the first time ends where one that synced all
    // along is, instead of refusing them on every run. (The order only decides which lists are
    // taken; each is verified when it is.)
    let mut lists = answer.lists;
    let revoked: HashSet<String> = lists
        .iter()
        .filter_map(|l| crate::license::inspect(&l.token).ok())
        .filter_map(|(_, claims)| serde_json::from_value::<RevocationList>(claims).ok())
        .flat_map(|l| l.revoked_kids)
        .collect();
    lists.sort_by_key(|l| !revoked.contains(&l.kid));
    for list in lists {
        if !keys.iter().any(|(k, _)| k.kid == list.kid) {
            observer.warned(format!(
                "{}: a revocation list of kid {} whose key is not published there; skipped",
                safe(&session.server.name),
                safe(&list.kid)
            ));
            continue;
        }
        let local = |path: PathBuf, source: &std::io::Error| SyncError::Local {
            path,
            what: "revocation lists".into(),
            server: session.server.name.clone(),
            detail: fsutil::describe_io(source),
        };
        match store.accept(&list.token, &label, &members) {
            Ok(_) => report.revocations_stored += 1,
            // Reading or writing this home's copy failed: a local problem, whatever was sent.
            Err(RevocationError::Io { path, source }) => return Err(local(path, &source)),
            Err(RevocationError::Write(WriteError::Io { path, source })) => {
                return Err(local(path, &source));
            }
            Err(RevocationError::Home(HomeError::Create { path, source })) => {
                return Err(local(path, &source));
            }
            Err(RevocationError::Write(e)) => return Err(e.into()),
            Err(RevocationError::Home(e)) => return Err(e.into()),
            Err(e) => report.revocations_refused.push(Refusal {
                item: format!("revocation list of {}", list.kid),
                reason: e.to_string(),
            }),
        }
    }
    Ok(())
}
