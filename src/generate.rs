//! Generated artefacts: shell completions and man pages, rendered from the clap definitions.
//!
//! One function renders them all in memory; `tests/generated.rs` compares them with the copies
//! checked in under `completions/` and `man/`, and rewrites them with `PROOFCTL_REGENERATE=1`.

use std::path::PathBuf;

use clap_complete::{Generator, Shell};

use crate::cli::full_command;

const BIN: &str = "proofctl";

/// The completion script for one shell.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = full_command();
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail, so generate()'s panic-on-error cannot trigger here.
    clap_complete::generate(shell, &mut cmd, BIN, &mut buf);
    buf
}

/// Every generated file, as (path relative to the repository root, contents).
pub fn files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish] {
        out.push((PathBuf::from("completions").join(shell.file_name(BIN)), completion(shell)));
    }
    let mut cmd = full_command().disable_help_subcommand(true);
    cmd.build();
    man_pages(&cmd, &mut out);
    out
}

fn man_pages(cmd: &clap::Command, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, out);
    }
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render(&mut buf).expect("rendering into memory cannot fail");
    out.push((PathBuf::from("man").join(man.get_filename()), buf));
}
