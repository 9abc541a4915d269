//! Terminal rendering: data on stdout, messages on stderr, JSON, colour and progress bars.

use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::cli::{ColorChoice, GlobalArgs};
use crate::term::safe;

/// How output is rendered for one run. Cheap to copy into worker threads by reference.
#[derive(Debug, Clone)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    color: bool,
    stderr_tty: bool,
}

/// `n` and the noun for that many: `1 error`, `2 errors`.
pub fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// A colour role; rendered as `--color` decides (by default on a terminal, not with NO_COLOR).
#[derive(Debug, Clone, Copy)]
pub enum Style {
    Good,
    Warn,
    Bad,
    Dim,
}

impl Output {
    pub fn new(g: &GlobalArgs) -> Output {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        // A dumb terminal shows escape sequences as text and cannot redraw a bar in place.
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let color = match g.color {
            // An explicit request on the command line wins over the environment's NO_COLOR.
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && !dumb && io::stdout().is_terminal(),
        };
        Output {
            json: g.json,
            quiet: g.quiet,
            verbose: g.verbose,
            color,
            stderr_tty: !dumb && io::stderr().is_terminal(),
        }
    }

    pub fn paint(&self, style: Style, text: &str) -> String {
        if !self.color {
            return text.to_string();
        }
        let code = match style {
            Style::Good => "32",
            Style::Warn => "33",
            Style::Bad => "31",
            Style::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// One line of data on stdout. Errors (a closed pipe) propagate so the caller stops early.
    pub fn line(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        writeln!(out, "{text}")
    }

    /// Bytes as they are on stdout (already rendered elsewhere, e.g. into a zeroizing buffer).
    pub fn raw(&self, bytes: &[u8]) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()
    }

    /// The whole `--json` document on stdout.
    pub fn json<T: Serialize>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)
    }

    /// One compact JSON document on one line of stdout, flushed: `--json` for a command that
    /// streams (JSON Lines), so a reader sees each event as it happens.
    pub fn json_line<T: Serialize>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer(&mut out, value)?;
        writeln!(out)?;
        out.flush()
    }

    /// A human message on stderr, unless --quiet. Made safe as a whole (see [`crate::term`]):
    /// messages embed file names and other outside text, and no caller should have to remember.
    #[allow(clippy::print_stderr)] // The printer: what it is for.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{}", safe(text));
        }
    }

    /// A warning on stderr: shown even with --json (stdout stays clean), hidden by --quiet.
    /// Made safe as a whole, as [`Output::note`].
    #[allow(clippy::print_stderr)] // The printer: what it is for.
    pub fn warn(&self, text: &str) {
        if !self.quiet {
            eprintln!("proofctl: warning: {}", safe(text));
        }
    }

    /// An error about one input among several (the command goes on with the rest) on stderr:
    /// shown even with --quiet and --json. Made safe as a whole, as [`Output::note`].
    #[allow(clippy::print_stderr)] // The printer: what it is for.
    pub fn error(&self, text: &str) {
        eprintln!("proofctl: error: {}", safe(text));
    }

    /// A message on stderr that --quiet does not hide: scripts wait for it, or the run did not do
    /// what was asked. Made safe as a whole, as [`Output::note`].
    #[allow(clippy::print_stderr)] // The printer: what it is for.
    pub fn say(&self, text: &str) {
        eprintln!("{}", safe(text));
    }

    /// A spinner on stderr for work of unknown length, under the same rules as [`Output::progress`].
    pub fn spinner(&self, what: &str) -> ProgressBar {
        if !self.stderr_tty || self.json || self.quiet {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {human_pos}").expect("valid template"),
        );
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }

    /// A progress bar on stderr, drawn only on a terminal and never with --json or --quiet.
    pub fn progress(&self, len: u64, what: &str) -> ProgressBar {
        if !self.stderr_tty || self.json || self.quiet || len < 2 {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} eta {eta}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_message(what.to_string());
        bar
    }
}
