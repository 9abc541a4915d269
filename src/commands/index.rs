//! `proofctl index add|remove|stats`: keep the local index, with a progress bar and a summary.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde_json::json;

use crate::cli::{IndexAddArgs, IndexCommand, IndexRemoveArgs};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::index::{self, AddOptions, Index, Outcome};
use crate::output::Output;
use crate::term::{safe, safe_path};

pub fn run(cmd: IndexCommand, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    match cmd {
        IndexCommand::Add(args) => add(args, home, out),
        IndexCommand::Remove(args) => remove(args, home, out),
        IndexCommand::Stats { check } => stats(home, out, check),
    }
}

/// Draws `index add`'s progress and reports each problem as it is found.
struct AddView<'a> {
    out: &'a Output,
    bar: Option<indicatif::ProgressBar>,
}

impl AddView<'_> {
    fn report(&self, line: String) {
        match &self.bar {
            Some(b) => b.suspend(|| self.out.say(&line)),
            None => self.out.say(&line),
        }
    }
}

impl index::Observer for AddView<'_> {
    fn planned(&mut self, files: usize) {
        self.bar = Some(self.out.progress(files as u64, "indexing"));
    }

    fn phase(&mut self, what: &'static str) {
        if let Some(b) = &self.bar {
            b.set_message(what);
            // The model holds this thread for seconds: keep the bar (and its message) moving.
            if what == "embedding" {
                b.enable_steady_tick(std::time::Duration::from_millis(200));
            } else {
                b.disable_steady_tick();
            }
        }
    }

    fn warned(&mut self, path: &std::path::Path, message: &str) {
        if !self.out.quiet {
            self.report(format!("proofctl: warning: {}: {}", safe_path(path), safe(message)));
        }
    }

    fn advanced(&mut self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    fn settled(&mut self, ev: index::Event<'_>) {
        match ev.outcome {
            Outcome::Failed(m) => {
                self.report(format!("proofctl: error: {}: {}", safe_path(ev.path), safe(m)))
            }
            Outcome::Skipped(m) if !self.out.quiet => {
                self.report(format!("proofctl: warning: {}: {}", safe_path(ev.path), safe(m)));
            }
            _ => {}
        }
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

fn add(args: IndexAddArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    home.ensure_root()?;
    let opts = AddOptions {
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        force: args.force,
        exclude: args.exclude,
        stop: Some(stop_on_signal()),
        tsa_roots: index::home_tsa_roots(home)
            .map_err(|why| out.warn(&format!("{why}; no proven time is recorded in this run")))
            .ok(),
        ..AddOptions::default()
    };
    let started = Instant::now();
    let mut embedder = super::model::configured_embedder(home, out, false)?;
    let mut view = AddView { out, bar: None };
    let summary = index::add(&home.index_path(), &args.paths, &opts, embedder.as_mut(), &mut view)?;
    if let Some(b) = &view.bar {
        b.finish_and_clear();
    }
    let status = if summary.interrupted {
        // Said even with --quiet and --json: the run did not do what was asked.
        out.say(&format!(
            "proofctl: interrupted: {} indexed and saved; run the same command again to index the rest",
            plural(summary.added + summary.updated, "file", "files")
        ));
        ExitStatus::Interrupted
    } else if summary.failed.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    };
    let rendered = if out.json {
        out.json(&json!({
            "index_path": home.index_path().display().to_string(),
            "added": summary.added,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped.iter().map(|(p, m)| json!({"path": p.display().to_string(), "message": m})).collect::<Vec<_>>(),
            "errors": summary.failed.iter().map(|(p, m)| json!({"path": p.display().to_string(), "message": m})).collect::<Vec<_>>(),
            "warnings": summary.warnings.iter().map(|(p, m)| json!({"path": p.display().to_string(), "message": m})).collect::<Vec<_>>(),
            "seconds": started.elapsed().as_secs_f64(),
            "interrupted": summary.interrupted,
        }))
    } else {
        out.note(&format!(
            "{} added, {} updated, {} unchanged, {} skipped, {} failed in {:.1} s ({})",
            summary.added,
            summary.updated,
            summary.unchanged,
            summary.skipped.len(),
            summary.failed.len(),
            started.elapsed().as_secs_f64(),
            home.index_path().display(),
        ));
        Ok(())
    };
    match rendered {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

/// A flag that Ctrl-C (SIGINT) and SIGTERM set, for `index add` to stop at the next batch. A
/// second signal ends the process at once: committed batches are safe in the index either way.
fn stop_on_signal() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    // Fails only if a handler is already set (the library embedded elsewhere): the signals then
    // act as they did before, and SQLite's transactions still keep the index whole.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(ExitStatus::Interrupted.code()));
        }
    });
    stop
}

/// The path as the index stores it: absolute and free of symlinks, also for deleted files.
fn stored_form(p: &Path) -> Result<String, Error> {
    let abs = crate::fsutil::resolve_lenient(p).map_err(|e| Error::Input {
        path: p.to_path_buf(),
        message: crate::error::describe_io(&e),
    })?;
    Ok(abs.to_string_lossy().into_owned())
}

fn remove(args: IndexRemoveArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let mut index = Index::open_existing(&home.index_path())?;
    let mut removed: Vec<String> = Vec::new();
    let mut unmatched: Vec<PathBuf> = Vec::new();
    if args.missing {
        removed = index.remove_missing()?;
    } else {
        for p in &args.paths {
            let gone = index.remove_under(&stored_form(p)?)?;
            if gone.is_empty() {
                unmatched.push(p.clone());
            }
            removed.extend(gone);
        }
    }
    if out.json {
        let unmatched: Vec<String> = unmatched.iter().map(|p| p.display().to_string()).collect();
        out.json(&json!({ "removed": removed, "not_indexed": unmatched }))?;
    } else {
        if out.verbose > 0 {
            for r in &removed {
                out.line(&format!("removed {}", safe(r)))?;
            }
        }
        for p in &unmatched {
            out.warn(&format!(
                "{}: nothing indexed there; `proofctl index stats` shows what the index holds",
                p.display()
            ));
        }
        out.note(&format!(
            "{} removed from the index",
            plural(removed.len() as u64, "entry", "entries")
        ));
    }
    Ok(if removed.is_empty() { ExitStatus::Failure } else { ExitStatus::Success })
}

fn stats(home: &Home, out: &Output, check: bool) -> Result<ExitStatus, Error> {
    let index = Index::open_existing(&home.index_path())?;
    let s = index.stats()?;
    let healthy = if check { Some(index.check()?) } else { None };
    let status = match healthy {
        Some(Err(_)) => ExitStatus::Failure,
        _ => ExitStatus::Success,
    };
    if out.json {
        let mut v = serde_json::to_value(&s).expect("serialisable");
        // Present either way (null without --check): members are never left out.
        v["check"] = match &healthy {
            None => json!(null),
            Some(Ok(())) => json!({ "ok": true, "problem": null }),
            Some(Err(m)) => json!({ "ok": false, "problem": m }),
        };
        out.json(&v)?;
        return Ok(status);
    }
    let kinds: Vec<String> = s.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
    out.line(&format!("index:    {}", safe(&s.path)))?;
    out.line(&format!(
        "entries:  {}{}",
        s.entries,
        if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) }
    ))?;
    out.line(&format!("signed:   {} by {}", s.signed, plural(s.signers, "key", "keys")))?;
    out.line(&format!(
        "content:  {} of files; index file {} bytes",
        plural(s.bytes_indexed, "byte", "bytes"),
        s.file_bytes
    ))?;
    out.line(&format!("schema:   version {}", s.schema_version))?;
    out.line(&format!("image:    {}", s.image_algorithm))?;
    out.line(&format!("text:     {}", s.text_algorithm))?;
    match healthy {
        Some(Ok(())) => out.line("check:    ok (SQLite integrity, packed sketches match)")?,
        Some(Err(m)) => out.line(&format!(
            "check:    FAILED: {}; move the index away and run `proofctl index add` again",
            safe(&m)
        ))?,
        None => {}
    }
    Ok(status)
}
