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
