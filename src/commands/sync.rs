//! `proofctl sync`: sign in to the team's server, push local proofs, pull the team's; render
//! progress and a summary.

use indicatif::ProgressBar;

use super::passphrase;
use crate::cli::SyncArgs;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::home::Home;
use crate::keys::store::KeyStore;
use crate::output::Output;
use crate::sync::client::{self, Observer, Options, PullStop, Server};
use crate::term::safe;

struct View<'a> {
    out: &'a Output,
    bar: Option<ProgressBar>,
}

impl Observer for View<'_> {
    fn phase(&mut self, what: &str, total: Option<u64>) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
        self.bar = Some(match total {
            Some(n) => self.out.progress(n, what),
            None => self.out.spinner(what),
        });
    }

    fn advanced(&mut self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    fn status(&mut self, what: String) {
        if let Some(b) = &self.bar {
            b.set_message(what);
        }
    }

    fn warned(&mut self, line: String) {
        match &self.bar {
            Some(b) => b.suspend(|| self.out.warn(&line)),
            None => self.out.warn(&line),
        }
    }
}

pub fn run(args: SyncArgs, home: &Home, out: &Output) -> Result<ExitStatus, Error> {
    let config = home.config()?;
    let url = match args.server.as_deref().or(config.sync_server.as_deref()) {
        Some(u) => u.to_string(),
        None => {
            return Err(Error::Usage(
                "no sync server: pass --server URL (it is remembered) or set sync_server in config.toml"
                    .into(),
            ));
        }
    };
    let server = Server::parse(&url)?;
    let key = member_key(home, &config, args.key.as_deref(), &args.passphrase)?;
    // A pulled entry may carry vectors of several models: keep one search will use (model ids
    // are NAME@DIGEST; the name is enough to choose, and spares hashing the model's files).
    let prefer_model = config.default_model.clone();
    let opts = Options {
        push: !args.pull_only,
        pull: !args.push_only,
        attempts: args.retries,
        prefer_model,
        max_pages: args.max_pages,
        ..Options::default()
    };
    let mut view = View { out, bar: None };
    let result = client::sync(home, &server, &key, &opts, &mut view);
    if let Some(b) = view.bar.take() {
        b.finish_and_clear();
    }
    let report = result?;
    if config.sync_server.is_none() {
        home.set_config("sync_server", &server.name)?;
    }
    let status = if report.refused_any() { ExitStatus::Failure } else { ExitStatus::Success };
    let server_name = safe(&report.server);
    // Stopping early is said even with --json (on stderr): the run did less than asked.
    match &report.pull_stopped {
        Some(PullStop::PageCap { pages }) => out.warn(&format!(
            "{server_name}: stopped pulling after {pages} pages (--max-pages); what was pulled is kept: run `proofctl sync` again to go on"
        )),
        Some(PullStop::NoProgress { after }) => out.warn(&format!(
            "{server_name}: says more items follow item {after} but sent none; stopped pulling"
        )),
        None => {}
    }
    if out.json {
        // The report itself: the exit code (1) and the `*_refused` lists say what went wrong.
        out.json(&report)?;
        return Ok(status);
    }
    for r in &report.push_refused {
        out.warn(&format!("{}: refused by {server_name}: {}", safe(&r.item), safe(&r.reason)));
    }
    for r in &report.pull_refused {
        out.warn(&format!("{server_name}: item {} not taken: {}", safe(&r.item), safe(&r.reason)));
    }
    for r in report.revocations_refused.iter().chain(&report.rotations_refused) {
        out.warn(&format!("{}: {}", safe(&r.item), safe(&r.reason)));
    }
    if report.pull_refused_earlier > 0 {
        out.warn(&format!(
            "{server_name}: {} item(s) refused on earlier pulls stay refused (not pulled again: a stored item never changes)",
            report.pull_refused_earlier
        ));
    }
    let mut line = format!(
        "{}: pushed {} new ({} the server had, {} from earlier runs), pulled {} new ({} updated, {} \
         of ours)",
        server_name,
        report.pushed,
        report.pushed_duplicates,
        report.already_pushed,
        report.pulled_added,
        report.pulled_updated,
        report.pulled_own,
    );
    if report.anchors_pushed + report.anchors_pulled > 0 {
        line.push_str(&format!(
            ", {} timestamp(s) added to proofs the server had, {} pulled into ours",
            report.anchors_pushed, report.anchors_pulled
        ));
    }
    if !args.push_only {
        line.push_str(&format!(
            ", {} published key(s), {} revocation list(s)",
            report.published_keys, report.revocations_stored
        ));
        if report.rotations_stored > 0 {
            line.push_str(&format!(", {} rotation statement(s)", report.rotations_stored));
        }
    }
    let refused = report.push_refused.len()
        + report.pull_refused.len()
        + report.revocations_refused.len()
        + report.rotations_refused.len();
    if refused > 0 {
        line.push_str(&format!("; {refused} refused (above)"));
    }
    out.line(&line)?;
    if let Some(dir) = &report.keys_dir
        && out.verbose > 0
    {
        out.note(&format!(
            "published keys: {} (usable with verify --trust-dir)",
            crate::term::safe_path(dir)
        ));
    }
    Ok(status)
}

/// The key a member signs in with, unlocked: `--key`, else `sync_key` in config.toml, else the
/// default key. `license audit` and `license api` sign in the same way.
pub(super) fn member_key(
    home: &Home,
    config: &crate::home::Config,
    key: Option<&str>,
    passphrase_args: &crate::cli::PassphraseArgs,
) -> Result<ed25519_dalek::SigningKey, Error> {
    let locked = KeyStore::new(home).resolve(key.or(config.sync_key.as_deref()))?;
    passphrase::unlock(passphrase_args, &locked)
}
