//! Guards the checked-in completions and man pages: they must equal what the clap types generate.

use std::fs;
use std::path::PathBuf;

const REGENERATE: &str = "PROOFCTL_REGENERATE=1 cargo test --test generated";

#[test]
fn completions_and_man_pages_are_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let files = proofctl::generate::files();
    if std::env::var_os("PROOFCTL_REGENERATE").is_some() {
        // Generated man pages are man/proofctl*.1; man/pop.5 is written by hand and kept.
        for dir in ["completions", "man"] {
            for e in fs::read_dir(root.join(dir)).into_iter().flatten() {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if dir == "completions" || (name.starts_with("proofctl") && name.ends_with(".1")) {
                    fs::remove_file(p).unwrap();
                }
            }
        }
        for (rel, bytes) in &files {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
    }
    let mut problems = Vec::new();
    for (rel, bytes) in &files {
        match fs::read(root.join(rel)) {
            Ok(on_disk) if &on_disk == bytes => {}
            Ok(_) => problems.push(format!("{} is stale", rel.display())),
            Err(_) => problems.push(format!("{} is missing", rel.display())),
        }
    }
    let expected: Vec<_> = files.iter().map(|(p, _)| p.clone()).collect();
    for dir in ["completions", "man"] {
        for e in fs::read_dir(root.join(dir)).unwrap() {
            let p = PathBuf::from(dir).join(e.unwrap().file_name());
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let generated_kind =
                dir == "completions" || (name.starts_with("proofctl") && name.ends_with(".1"));
            if generated_kind && !expected.contains(&p) {
                problems.push(format!("{} is no longer generated; delete it", p.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "generated files are out of date:\n  {}\nRegenerate them with: {REGENERATE}",
        problems.join("\n  ")
    );
}

#[test]
fn man_pages_cover_every_subcommand() {
    let names: Vec<String> = proofctl::generate::files()
        .into_iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for page in [
        "proofctl.1",
        "proofctl-keygen.1",
        "proofctl-sign.1",
        "proofctl-verify.1",
        "proofctl-key-import.1",
        "proofctl-trust-add.1",
    ] {
        assert!(names.iter().any(|n| n == page), "missing {page} in {names:?}");
    }
}

/// Every subcommand's path from the top, e.g. ["key", "list"].
fn paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        let mut path = prefix.to_vec();
        path.push(sub.get_name().to_string());
        paths(sub, &path, out);
        out.push(path);
    }
}

/// `proofctl` builds a subcommand's flags only when it is the one given (cli::Deferred); its
/// help must read exactly as the help made from the whole tree, which the man pages use.
#[test]
fn deferred_subcommands_give_the_same_help_as_the_whole_tree() {
    let mut full = proofctl::cli::full_command();
    full.build();
    let mut all = Vec::new();
    paths(&full, &[], &mut all);
    assert!(all.len() > 30, "walked the tree: {all:?}");
    for path in all {
        let mut want = &full;
        for name in &path {
            want = want.find_subcommand(name).unwrap();
        }
        let want = want.clone().render_help().to_string();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_proofctl"))
            .args(&path)
            .arg("-h")
            .env_remove("PROOFCTL_HOME")
            .output()
            .unwrap();
        assert!(out.status.success(), "{path:?} -h");
        assert_eq!(String::from_utf8_lossy(&out.stdout), want, "proofctl {} -h", path.join(" "));
    }
}
