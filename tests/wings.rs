//! The two wings: `proofctl` links no networking code, and hands `sync`/`serve` to `proofctl-sync`.

use std::path::Path;
use std::process::Command;

/// Socket calls an offline binary has no reason to import.
const NETWORK: &[&str] =
    &["socket", "connect", "bind", "listen", "accept", "accept4", "getaddrinfo"];

/// The dynamic symbols a binary imports, without their `@GLIBC_…` versions.
fn imports(bin: &Path) -> Vec<String> {
    let out = Command::new("nm")
        .args(["-D", "--undefined-only"])
        .arg(bin)
        .output()
        .expect("nm (binutils) runs");
    assert!(out.status.success(), "nm {}: {}", bin.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().last())
        .map(|s| s.split('@').next().unwrap().to_string())
        .collect()
}

#[test]
fn proofctl_imports_no_socket_calls_and_the_sync_wing_does() {
    let offline = imports(Path::new(env!("CARGO_BIN_EXE_proofctl")));
    assert!(offline.len() > 20, "nm read the imports: {offline:?}");
    let found: Vec<&String> = offline.iter().filter(|s| NETWORK.contains(&s.as_str())).collect();
    assert!(found.is_empty(), "proofctl imports network calls: {found:?}");
    let wing = imports(Path::new(env!("CARGO_BIN_EXE_proofctl-sync")));
    assert!(wing.iter().any(|s| s == "socket"), "proofctl-sync imports socket: {wing:?}");
}

#[test]
fn sync_without_the_wing_says_where_it_looked_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("proofctl");
    std::fs::copy(env!("CARGO_BIN_EXE_proofctl"), &alone).unwrap();
    let home = dir.path().join("home");
    let db = dir.path().join("sync.db");
    for (verb, args) in [("sync", vec![]), ("serve", vec!["--db".as_ref(), db.as_os_str()])] {
        let out = Command::new(&alone)
            .args([verb, "--help"])
            .env("PATH", "/usr/bin:/bin")
            .env("PROOFCTL_HOME", &home)
            .output()
            .unwrap();
        // --help is clap's, answered by proofctl itself; the verb itself needs the wing.
        assert_eq!(out.status.code(), Some(0), "{verb} --help");
        let out = Command::new(&alone)
            .arg(verb)
            .args(&args)
            .env("PATH", "/usr/bin:/bin")
            .env("PROOFCTL_HOME", &home)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{verb}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        let want = format!(
            "proofctl: error: `proofctl {verb}` needs proofctl-sync, installed beside proofctl by `cargo install --locked --path .`; not found next to {} nor on PATH",
            dir.path().display()
        );
        assert_eq!(stderr.trim_end(), want);
    }
}
