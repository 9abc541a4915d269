//! `proofctl timestamp PROOF…`, and the TSA side of `sign --tsa`: RFC 3161 tokens from
//! time-stamping authorities, added to proofs as POP-1.1 anchors. Only the network wing
//! (`proofctl-sync`) runs this module; `sign` gets its tokens through [`Stamper`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rayon::prelude::*;
use serde_json::json;

use super::sign::{StampInfo, StampOutcome, Stamper, stamp_json};
use crate::cli::TimestampArgs;
use crate::error::{Error, describe_io};
use crate::exit::ExitStatus;
use crate::fsutil::{self, Mode};
use crate::home::Home;
use crate::output::Output;
use crate::proof::{MAX_ANCHORS, MAX_PROOF_BYTES, Proof};
use crate::term::{safe, safe_path};
use crate::timestamp::client::{ClientError, TsaClient};

/// Which command asked for TSAs, for the message when there are none.
#[derive(Clone, Copy)]
pub enum Asker {
    /// `sign --timestamp`
    Sign,
    /// `timestamp` without --tsa
    Timestamp,
}

/// The TSAs to ask: the --tsa flags, else config.toml's `tsa` list. None at all is a usage error
/// that names both fixes. Checked here, before any key is unlocked or proof read.
pub fn tsas(explicit: &[String], home: &Home, asker: Asker) -> Result<Vec<String>, Error> {
    let urls = if explicit.is_empty() { home.config()?.tsa } else { explicit.to_vec() };
    if urls.is_empty() {
        let config = home.config_path();
        return Err(Error::Usage(match asker {
            Asker::Sign => format!(
                "--timestamp: no TSA is configured; add tsa = [\"https://…\"] to {}, or give --tsa URL",
                config.display()
            ),
            Asker::Timestamp => format!(
                "no TSA to ask: give --tsa URL (e.g. https://freetsa.org/tsr), or list them in {} as tsa = [\"https://…\"]",
                config.display()
            ),
        }));
    }
    let mut seen = Vec::new();
    for url in urls {
        let parsed = reqwest::Url::parse(&url).map_err(|e| {
            Error::Usage(format!(
                "TSA {url:?} is not a URL ({e}); give e.g. https://freetsa.org/tsr"
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Usage(format!(
                "TSA {url:?}: RFC 3161 over {} is not supported; give an http:// or https:// URL",
                parsed.scheme()
            )));
        }
        if !seen.contains(&url) {
            seen.push(url);
        }
    }
    if seen.len() > MAX_ANCHORS {
        return Err(Error::Usage(format!(
            "{} TSAs given; a proof holds at most {MAX_ANCHORS} timestamps, so give at most {MAX_ANCHORS}",
            seen.len()
        )));
    }
    Ok(seen)
}

/// Asks each TSA in turn for a token over a signature. A TSA that cannot be reached or does not
/// answer in time is not asked again in this run: a batch would otherwise wait for it per proof.
pub struct Fetcher {
    client: TsaClient,
    tsas: Vec<(String, Mutex<Option<String>>)>,
}

impl Fetcher {
    pub fn new(urls: Vec<String>, timeout_secs: u64) -> Result<Fetcher, Error> {
        let client = TsaClient::new(Duration::from_secs(timeout_secs))
            .map_err(|e| Error::Usage(e.to_string()))?;
        Ok(Fetcher { client, tsas: urls.into_iter().map(|u| (u, Mutex::new(None))).collect() })
    }
}

impl Stamper for Fetcher {
    fn stamp(&self, signature: &[u8]) -> Vec<StampOutcome> {
        self.tsas
            .iter()
            .map(|(url, down)| {
                if let Some(why) = down.lock().unwrap_or_else(|e| e.into_inner()).clone() {
                    return StampOutcome {
                        tsa: url.clone(),
                        result: Err(format!("{why} (not asked again in this run)")),
                    };
                }
                let result = match self.client.stamp(url, signature) {
                    Ok(s) => Ok(StampInfo {
                        authority: authority(&s.verified.tsa_cert_der)
                            .unwrap_or_else(|| s.verified.tsa_name.clone()),
                        gen_time: s.verified.gen_time_rfc3339,
                        serial: s.verified.serial,
                        token: s.token,
                    }),
                    Err(e) => {
                        if matches!(
                            e,
                            ClientError::Unreachable { .. } | ClientError::Timeout { .. }
                        ) {
                            *down.lock().unwrap_or_else(|e| e.into_inner()) = Some(e.to_string());
                        }
                        Err(e.to_string())
                    }
                };
                StampOutcome { tsa: url.clone(), result }
            })
            .collect()
    }
}

/// The TSA's display name: the CN of its certificate's subject, when it has one.
fn authority(cert_der: &[u8]) -> Option<String> {
    use der::Decode;
    let cert = x509_cert::Certificate::from_der(cert_der).ok()?;
    // The same name `verify` reports for the token (its most specific CN).
    crate::timestamp::common_name(&cert.tbs_certificate.subject)
}

/// What happened to one PROOF.
struct Done {
    path: PathBuf,
    /// The proof after this run (None when it could not be read or parsed).
    proof: Option<Proof>,
    added: Vec<(String, StampInfo)>,
    /// (TSA, message): the TSA is None for a problem with the proof itself.
    errors: Vec<(Option<String>, String)>,
}

pub fn run(args: TimestampArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let urls = tsas(&args.tsa, home, Asker::Timestamp)?;
    let fetcher = Fetcher::new(urls, args.tsa_timeout.tsa_timeout)?;
    // A proof named twice (perhaps by two spellings of its path) is done once: two rewrites of
    // one file at the same time would refuse each other.
    let mut proofs: Vec<PathBuf> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in args.proofs {
        if seen.insert(std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone())) {
            proofs.push(p);
        }
    }
    let bar = out.progress(proofs.len() as u64, "timestamping");
    let done: Vec<Done> = proofs
        .par_iter()
        .map(|p| {
            let d = timestamp_one(p, &fetcher);
            bar.inc(1);
            d
        })
        .collect();
    bar.finish_and_clear();
    let failed = done.iter().any(|d| !d.errors.is_empty());
    let status = if failed { ExitStatus::Error } else { ExitStatus::Success };
    let rendered = render(&done, out);
    for d in &done {
        for (_, message) in &d.errors {
            out.error(&format!("{}: {message}", safe_path(&d.path)));
        }
    }
    match rendered {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

fn timestamp_one(path: &Path, fetcher: &Fetcher) -> Done {
    let mut done =
        Done { path: path.to_path_buf(), proof: None, added: Vec::new(), errors: vec![] };
    let fail = |done: &mut Done, m: String| done.errors.push((None, m));
    let bytes = match fsutil::read_bounded(path, MAX_PROOF_BYTES) {
        Ok(b) => b,
        Err(e) => {
            fail(&mut done, format!("cannot read the proof: {}", describe_io(&e)));
            return done;
        }
    };
    let mut proof = match Proof::from_slice(&bytes) {
        Ok(p) => p,
        Err(e) => {
            fail(
                &mut done,
                format!("not a proof proofctl can timestamp: {e}; nothing was changed"),
            );
            return done;
        }
    };
    if let Err(e) = proof.check_signature() {
        fail(
            &mut done,
            format!(
                "its signature does not verify ({e}); a timestamp would prove nothing, nothing was changed"
            ),
        );
        return done;
    }
    if proof.anchors.len() >= MAX_ANCHORS {
        fail(
            &mut done,
            format!(
                "it holds {MAX_ANCHORS} anchors already, the most a proof may; nothing was changed"
            ),
        );
        done.proof = Some(proof);
        return done;
    }
    let later = format!("run `proofctl timestamp {}` again later", path.display());
    for outcome in fetcher.stamp(&proof.signature_bytes()) {
        match outcome.result {
            Ok(info) => match proof.add_rfc3161(&info.token) {
                Ok(true) => done.added.push((outcome.tsa, info)),
                // The same token bytes are there already (a TSA answering from a cache).
                Ok(false) => {}
                Err(e) => {
                    done.errors.push((Some(outcome.tsa), format!("the token cannot be added: {e}")))
                }
            },
            Err(m) => done.errors.push((Some(outcome.tsa), format!("no timestamp: {m}; {later}"))),
        }
    }
    if !done.added.is_empty() {
        // Another process may have rewritten the proof meanwhile (a second `timestamp`, a sync
        // pull): never write over what was not read.
        let unchanged = fsutil::read_bounded(path, MAX_PROOF_BYTES).is_ok_and(|now| now == bytes);
        let written = if unchanged {
            fsutil::write_atomic(path, proof.to_json_pretty().as_bytes(), Mode::Public, true)
                .map_err(|e| e.to_string())
        } else {
            Err(format!("the proof changed while it was being timestamped; {later}"))
        };
        if let Err(m) = written {
            done.added.clear();
            done.errors.push((None, m));
            proof = match Proof::from_slice(&bytes) {
                Ok(p) => p,
                Err(_) => return done,
            };
        }
    }
    done.proof = Some(proof);
    done
}

fn render(done: &[Done], out: &Output) -> std::io::Result<()> {
    if out.json {
        return out.json(&json!({
            "proofs": done.iter().map(|d| json!({
                "proof": d.path.display().to_string(),
                "format": d.proof.as_ref().map(format_of),
                "anchors": d.proof.as_ref().map(|p| p.anchors.len()),
                "added": d.added.iter().map(|(tsa, s)| stamp_json(tsa, s)).collect::<Vec<_>>(),
                "errors": d.errors.iter().map(|(tsa, m)| json!({ "tsa": tsa, "message": m })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }));
    }
    if !out.quiet {
        for d in done {
            for (_, s) in &d.added {
                out.line(&format!(
                    "Timestamped {}: {} by {}",
                    safe_path(&d.path),
                    s.gen_time,
                    safe(&s.authority)
                ))?;
            }
        }
    }
    if done.len() > 1 {
        let ok = done.iter().filter(|d| d.errors.is_empty()).count();
        out.note(&format!("{ok} of {} proofs timestamped by every TSA", done.len()));
    }
    Ok(())
}

fn format_of(p: &Proof) -> &'static str {
    if p.anchors.is_empty() { crate::proof::FORMAT } else { crate::proof::FORMAT_1_1 }
}
