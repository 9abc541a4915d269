//! `proofctl verify PROOF…`: check proofs in parallel and report each, for people and for CI.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::cli::VerifyArgs;
use crate::error::Error;
use crate::error::describe_io;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::output::{Output, Style, plural};
use crate::proof::anchors::{AnchorReport, AnchorStatus};
use crate::proof::verify::{Policy, Report, Status, status_word, verify_bytes_hashed};
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
pub(super) fn add_advice(r: &mut Report, explicit_trust: bool, named_as_proof: bool) {
    // A Sigstore bundle's messages carry their own advice: trust there is a trusted root and an
    // identity, not a kid to `trust add`, and its time comes from the log, not `timestamp`.
    if r.format == Some("sigstore_bundle") {
        return;
    }
    let advice = match r.reason {
        // Not named like a proof, not readable as one, and no FILE.proof beside it (plan()
        // would have taken that): most likely a file the user meant to sign, not a damaged proof.
        Some("malformed" | "empty" | "too_large")
            if !named_as_proof && r.format.is_none_or(|f| f == "pop") =>
        {
            r.message = format!(
                "not a proof, and no proof {}.proof found; did you mean `proofctl sign {}`?",
                r.proof, r.proof
            );
            return;
        }
        Some("unknown_format") if !named_as_proof => {
            // Most likely a file the user meant to sign: what it is matters less than what to do.
            let seen = head_of(Path::new(&r.proof))
                .map(|h| crate::formats::describe_content(&h))
                .unwrap_or_else(|| "unreadable".into());
            let p = &r.proof;
            r.message = format!(
                "not a signature ({seen}), and no signature found beside it ({p}.proof, {p}.minisig, {p}.sig, {p}.sigstore.json); did you mean `proofctl sign {p}`?"
            );
            return;
        }
        Some("no_file") => "pass --file FILE".to_string(),
        Some("file_not_found") => "pass --file FILE if it lives elsewhere".to_string(),
        // SSH and minisign verifiers say what to do themselves.
        Some("malformed") if matches!(r.format, Some("sshsig" | "minisign")) => return,
        Some("malformed") | Some("empty") => {
            "get an intact copy of the proof from the signer".into()
        }
        // SSH and minisign signatures name no key file to `trust add`: their verifiers say what
        // to trust (a public key, a minisign.pub, an allowed_signers line).
        Some("untrusted") if matches!(r.format, Some("sshsig" | "minisign")) => return,
        Some("untrusted") if explicit_trust => {
            "it is not among the keys given with --key/--trust-dir".into()
        }
        // Other formats carry no key to trust (or not one to trust blindly): the signer's own.
        Some("untrusted") if r.format.is_some_and(|f| f != "pop") => {
            "once you have the signer's public key and checked it with them, trust it with `proofctl trust add PUBKEY --name NAME` (Ed25519, ECDSA P-256/P-384: SPKI PEM or an OpenSSH line)".into()
        }
        Some("untrusted") => format!(
            "once you have checked that kid with the signer, trust them with `proofctl trust add {} --name NAME`",
            r.proof
        ),
        Some("revoked") if r.signer.as_ref().is_some_and(|s| s.revoked.as_ref().is_some_and(|v| v.since.is_some())) && r.time.as_ref().is_some_and(|t| t.proven.is_none()) => {
            "only a trusted timestamp (RFC 3161) from before the revocation keeps such a proof valid".into()
        }
        Some("timestamp_required") if r.time.as_ref().is_some_and(|t| t.anchors.is_empty()) => {
            format!("add one with `proofctl timestamp {}`", r.proof)
        }
        _ => return,
    };
    r.message = format!("{}; {advice}", r.message);
}

/// The first bytes of a file, to describe it.
fn head_of(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(path).ok()?.take(512).read_to_end(&mut head).ok()?;
    Some(head)
}

/// How `verify --indexed` finds the proofs of files: [`indexed_reports`] in the binaries that
/// hold the index. `proofctl` itself passes none (it hands `--indexed` to the index wing), so it
/// links no index code.
pub type Indexed = fn(&[PathBuf], &Home, Policy<'_>, bool) -> Result<Vec<Report>, Error>;

pub fn run(args: VerifyArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    run_with(args, home, out, Some(indexed_reports))
}

pub fn run_with(
    args: VerifyArgs,
    home: &Home,
    out: &Output,
    indexed: Option<Indexed>,
) -> Result<ExitStatus, Error> {
    if args.require.is_some() || args.policy.is_some() {
        return super::verify_policy::run(args, home, out);
    }
    if !args.require_meta.is_empty() {
        return Err(Error::Usage(
            "--require-meta applies to a signer policy: add --require N (or --policy FILE) and give the signed files".into(),
        ));
    }
    if args.file.is_some() && args.proofs.len() != 1 {
        return Err(Error::Usage("--file takes exactly one PROOF".into()));
    }
    let trust = TrustSet::resolve(home, &args.key, &args.trust_dir)?;
    let explicit_trust = !args.key.is_empty() || !args.trust_dir.is_empty();
    let tsa_roots = crate::tsa_trust::resolve(home, &args.tsa_trust)?;
    let lifecycle =
        super::key_lifecycle::for_verify(home, &trust, &args.revocations, &args.rotation)?;
    for note in &lifecycle.notes {
        out.note(&safe(note));
    }
    let policy = Policy {
        trust: &trust,
        strict_name: args.strict_name,
        tsa_roots: &tsa_roots,
        require_timestamp: args.require_timestamp,
        lifecycle: Some(&lifecycle),
    };
    let file = args.file.as_deref();
    let cx = super::verify_formats::context(&args, home, policy, &trust)?;
    let check = |p: &PathBuf| {
        let mut r = crate::formats::verify_path(p, file, &cx);
        add_advice(&mut r, explicit_trust, file.is_some() || is_proof_name(p));
        r
    };
    let reports: Vec<Report> = if args.indexed {
        let indexed = indexed.ok_or_else(|| {
            Error::Usage("--indexed is answered by proofctl-index, not by this binary".into())
        })?;
        indexed(&args.proofs, home, policy, explicit_trust)?
    } else if file.is_some() || args.proofs.len() == 1 && is_proof_name(&args.proofs[0]) {
        vec![check(&args.proofs[0])]
    } else {
        let (signatures, files) = plan(&args.proofs);
        let bar = out.progress(signatures.len() as u64, "verifying");
        let mut reports: Vec<Report> = signatures
            .par_iter()
            .map(|p| {
                let r = check(p);
                bar.inc(1);
                r
            })
            .collect();
        bar.finish_and_clear();
        // The signed files among the arguments: those a signature above spoke of are done; for
        // the others, the signatures lying beside them (`FILE.proof`, `FILE.minisig`, ...).
        let covered: HashSet<PathBuf> = reports.iter().flat_map(covered_files).collect();
        let listed: HashSet<&PathBuf> = args.proofs.iter().collect();
        let mut instead = Vec::new();
        let mut beside = Vec::new();
        for f in files.iter().filter(|f| !covered.contains(*f)) {
            let found: Vec<PathBuf> = crate::formats::signatures_beside(f)
                .into_iter()
                .filter(|s| !listed.contains(s))
                .collect();
            if found.is_empty() {
                // Checked as given: an error that says what to do.
                beside.push(f.clone());
            } else {
                instead.push((f.clone(), found.clone()));
                beside.extend(found);
            }
        }
        match instead.as_slice() {
            [] => {}
            [(file, sigs)] => out.note(&format!(
                "{} is a signed file, not a signature: verifying {}",
                file.display(),
                sigs.iter().map(|s| s.display().to_string()).collect::<Vec<_>>().join(", ")
            )),
            many => out.note(&format!(
                "{} of the arguments are signed files, not signatures: verifying the signatures beside each",
                many.len()
            )),
        }
        reports.extend(beside.par_iter().map(check).collect::<Vec<_>>());
        reports
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
    // An allowed_signers file is trust too: no warning that there is none.
    let explicit_trust = explicit_trust || args.allowed_signers.is_some();
    match render(&reports, &summary, &trust, explicit_trust, out) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

/// Whether `p` is named like a proof (`*.proof`); byte-wise, so any file name works.
fn is_proof_name(p: &Path) -> bool {
    p.as_os_str().as_encoded_bytes().ends_with(b".proof")
}

/// The arguments split into signatures (any format, told by content) and the files they sign.
/// `verify dist/*` lists both: each signature is checked once, and a file needs no signature of
/// its own when one of them speaks of it.
fn plan(args: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut signatures = Vec::with_capacity(args.len());
    let mut files = Vec::new();
    for arg in args {
        if is_proof_name(arg) || !arg.is_file() || is_signature(arg) {
            // A path that is no file is checked as given, for the error that says what to do.
            signatures.push(arg.clone());
        } else {
            files.push(arg.clone());
        }
    }
    (signatures, files)
}

/// Whether the file at `path` holds a signature of a format proofctl reads (by content). Only
/// the first bytes of other files are read, however large they are.
fn is_signature(path: &Path) -> bool {
    use std::io::Read;
    let Ok(f) = std::fs::File::open(path) else { return true };
    let mut head = Vec::with_capacity(64);
    if f.take(64).read_to_end(&mut head).is_err() {
        return true;
    }
    if head.is_empty() || !crate::formats::could_be_signature(&head) {
        return false;
    }
    // JSON may be a proof, an envelope, a bundle, or any other JSON document.
    match crate::fsutil::read_bounded(path, crate::formats::MAX_SIGNATURE_BYTES) {
        Ok(bytes) => crate::formats::detect(&bytes).is_some(),
        Err(_) => false,
    }
}

/// The files a report speaks of: its file, and every subject's.
fn covered_files(r: &Report) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = r.file.iter().map(PathBuf::from).collect();
    v.extend(r.subjects.iter().flatten().filter_map(|s| s.path.as_ref().map(PathBuf::from)));
    v
}

/// One report per proof the index holds for each file's bytes; a file with none is an error.
fn indexed_reports(
    files: &[PathBuf],
    home: &Home,
    policy: Policy<'_>,
    explicit_trust: bool,
) -> Result<Vec<Report>, Error> {
    let index = crate::index::Index::open_existing(&home.index_path())?;
    let mut reports = Vec::new();
    for file in files {
        let digest = match crate::digest::hash_file(file) {
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
                    "the index holds no proof for these bytes (sha256 {}); sign it, `index add` its proof, or `proofctl sync`",
                    digest.hex()
                ),
            ));
            continue;
        }
        let mut for_file = Vec::new();
        for (entry, json) in proofs {
            let label =
                PathBuf::from(format!("{} (proof from index entry {entry})", file.display()));
            let mut r = verify_bytes_hashed(&label, json.as_bytes(), file, digest, policy);
            match (r.reason, &r.signer) {
                // The proof is not a file to `trust add`; a key a sync server published is.
                (Some("untrusted"), Some(signer)) if !explicit_trust => {
                    r.message = format!("{}; {}", r.message, indexed_advice(home, &signer.kid));
                }
                _ => add_advice(&mut r, explicit_trust, true),
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

/// What to do about the untrusted signer of an indexed proof. A key a sync server published
/// comes with the name of the member it was published for: trust that one key, after checking
/// its kid with that person. Never the server's whole folder of keys (`--trust-dir`): that would
/// let whoever runs the server, or adds members to it, vouch for anyone.
fn indexed_advice(home: &Home, kid: &str) -> String {
    match published_key(home, kid) {
        Some((path, member)) => format!(
            "the sync server publishes this key for its member {member}: once you have checked that kid with {member}, trust it with `proofctl trust add {} --name {member}`",
            path.display()
        ),
        None => "once you have checked that kid with the signer, trust their public key with `proofctl trust add PUBKEY --name NAME`".into(),
    }
}

/// A public key of `kid` that `sync` saved from a server (`sync/HOST_PORT/keys/NAME-KID.pub`),
/// and the member NAME it was published for.
fn published_key(home: &Home, kid: &str) -> Option<(PathBuf, String)> {
    let suffix = format!("-{kid}.pub");
    for server in std::fs::read_dir(home.sync_dir()).ok()?.flatten() {
        let Ok(keys) = std::fs::read_dir(server.path().join("keys")) else { continue };
        for k in keys.flatten() {
            let file_name = k.file_name();
            let Some(member) = file_name.to_str().and_then(|n| n.strip_suffix(&suffix)) else {
                continue;
            };
            // sync writes names of [A-Za-z0-9_-] only; anything else was not written by it.
            let member = if !member.is_empty()
                && member.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                member.to_string()
            } else {
                "NAME".to_string()
            };
            return Some((k.path(), member));
        }
    }
    None
}

/// One anchor that is not valid, for people: its status, why, and what to do about it.
fn anchor_line(a: &AnchorReport) -> String {
    let word = status_word(a.status);
    let advice = match a.reason {
        Some("untrusted_tsa") => {
            "; if you trust this TSA, add its root certificate with `proofctl trust add-tsa ROOT.pem` or pass --tsa-trust DIR"
        }
        _ => "",
    };
    format!("{word}: {}{advice}", safe(&a.message))
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
                out.error(&format!("{}: {}", r.proof, r.message));
                continue;
            }
        };
        if out.quiet && r.status == Status::Valid {
            continue;
        }
        out.line(&format!("{} {}: {}", out.paint(style, tag), safe(&r.proof), safe(&r.message)))?;
        // Why each anchor that proves nothing does not; a required timestamp already said so.
        if r.reason != Some("timestamp_required") {
            for (i, a) in r.time.iter().flat_map(|t| t.anchors.iter()).enumerate() {
                if a.status != AnchorStatus::Valid {
                    out.line(&format!(
                        "    anchor {} ({}): {}",
                        i + 1,
                        safe(&a.kind),
                        anchor_line(a)
                    ))?;
                }
            }
        }
        if out.verbose > 0 {
            if let Some(s) = &r.subject {
                let name = safe(&s.name);
                let size = plural(s.size, "byte", "bytes");
                out.line(&format!("    file {name} ({size}, sha256 {})", s.sha256))?;
            }
            for (k, v) in r.metadata.iter().flatten() {
                out.line(&format!("    {} = {}", safe(k), safe(v)))?;
            }
            // Many-file formats (in-toto statements, release manifests): each subject's verdict.
            for s in r.subjects.iter().flatten() {
                out.line(&format!("    {:<7} {}", s.status, safe(&s.name)))?;
            }
        }
    }
    if reports.len() > 1 && !out.quiet {
        out.line(&format!(
            "{} proofs: {} valid, {} untrusted, {} invalid, {}",
            summary.total,
            summary.valid,
            summary.untrusted,
            summary.invalid,
            plural(summary.error as u64, "error", "errors")
        ))?;
    }
    if trust.is_empty() && summary.untrusted > 0 && !explicit_trust {
        out.warn(
            "no trusted keys: create one with `proofctl keygen`, or pass --key PUBKEY / --trust-dir DIR",
        );
    }
    Ok(())
}
