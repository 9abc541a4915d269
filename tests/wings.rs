//! The front and its wings: `proofctl` links no index, analysis or networking code and hands
//! those commands to `proofctl-index` and `proofctl-sync`; neither offline binary links networking.

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
fn the_offline_binaries_import_no_socket_calls_and_the_sync_wing_does() {
    for bin in [env!("CARGO_BIN_EXE_proofctl"), env!("CARGO_BIN_EXE_proofctl-index")] {
        let offline = imports(Path::new(bin));
        assert!(offline.len() > 20, "nm read the imports of {bin}: {offline:?}");
        let found: Vec<&String> =
            offline.iter().filter(|s| NETWORK.contains(&s.as_str())).collect();
        assert!(found.is_empty(), "{bin} imports network calls: {found:?}");
    }
    let wing = imports(Path::new(env!("CARGO_BIN_EXE_proofctl-sync")));
    assert!(wing.iter().any(|s| s == "socket"), "proofctl-sync imports socket: {wing:?}");
}

/// Code that belongs to the index wing, by the names of its symbols (the test binaries keep
/// their symbol tables): SQLite, the PDF parser, the tokenizer, ONNX Runtime's loader.
const INDEX_CODE: &[&str] = &["sqlite3_open", "pdf_extract", "tokenizers", "ort..session", "lopdf"];

/// The names of the functions and data a binary defines (`nm --defined-only`, demangled).
fn defined(bin: &Path) -> String {
    let out = Command::new("nm")
        .args(["--defined-only", "--demangle"])
        .arg(bin)
        .output()
        .expect("nm (binutils) runs");
    assert!(out.status.success(), "nm {}: {}", bin.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn proofctl_links_no_index_code_and_the_index_wing_does() {
    let front = defined(Path::new(env!("CARGO_BIN_EXE_proofctl")));
    assert!(front.contains("ed25519_dalek"), "nm read proofctl's symbols");
    let found: Vec<&&str> = INDEX_CODE.iter().filter(|s| front.contains(*s)).collect();
    assert!(found.is_empty(), "proofctl links index-wing code: {found:?}");
    let wing = defined(Path::new(env!("CARGO_BIN_EXE_proofctl-index")));
    for s in ["sqlite3_open", "pdf_extract", "tokenizers"] {
        assert!(wing.contains(s), "proofctl-index links {s}");
    }
}

/// `proofctl`, copied alone into a temporary folder (no wing beside it nor on PATH), and a home.
struct Alone {
    dir: tempfile::TempDir,
    bin: std::path::PathBuf,
    home: std::path::PathBuf,
}

impl Alone {
    fn new() -> Alone {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("proofctl");
        std::fs::copy(env!("CARGO_BIN_EXE_proofctl"), &bin).unwrap();
        let home = dir.path().join("home");
        Alone { dir, bin, home }
    }

    fn run<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> std::process::Output {
        Command::new(&self.bin)
            .args(args)
            .env("PATH", "/usr/bin:/bin")
            .env("PROOFCTL_HOME", &self.home)
            .output()
            .unwrap()
    }

    /// `proofctl ARGS` fails with exactly the one line saying `proofctl VERB` needs `wing`.
    fn needs<S: AsRef<std::ffi::OsStr>>(&self, args: &[S], verb: &str, wing: &str) {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{verb}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        let want = format!(
            "proofctl: error: `proofctl {verb}` needs {wing}, installed beside proofctl by `cargo install --locked --path .`; not found next to {} nor on PATH",
            self.dir.path().display()
        );
        assert_eq!(stderr.trim_end(), want);
    }
}

#[test]
fn the_index_commands_without_their_wing_say_where_it_looked_and_exit_2() {
    let alone = Alone::new();
    let file = alone.dir.path().join("a.txt");
    std::fs::write(&file, "hello").unwrap();
    let f = file.to_str().unwrap();
    alone.needs(&["sign", f], "sign", "proofctl-index");
    alone.needs(&["verify", "--indexed", f], "verify --indexed", "proofctl-index");
    alone.needs(&["index", "add", f], "index", "proofctl-index");
    alone.needs(&["search", "--text", "hello"], "search", "proofctl-index");
    alone.needs(&["model", "list"], "model", "proofctl-index");
    // What the front answers itself works alone: a key, and verify of a proof.
    assert!(alone.run(&["keygen", "-q", "--no-passphrase"]).status.success());
    let out = alone.run(&["verify", f]);
    assert_eq!(out.status.code(), Some(2), "no proof beside the file: an error, not a hand-off");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("proofctl-index"));
}

#[test]
fn sync_without_the_wing_says_where_it_looked_and_exits_2() {
    let alone = Alone::new();
    let db = alone.dir.path().join("sync.db");
    let db = db.to_str().unwrap();
    for (verb, args) in [("sync", vec!["sync"]), ("serve", vec!["serve", "--db", db])] {
        // --help is clap's, answered by proofctl itself; the verb itself needs the wing.
        assert_eq!(alone.run(&[verb, "--help"]).status.code(), Some(0), "{verb} --help");
        alone.needs(&args, verb, "proofctl-sync");
    }
}
