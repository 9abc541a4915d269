//! `verify` and the command line's rough edges: oversized proofs, a signed file given instead of
//! its proof, advice after `verify --indexed`, plurals, colour, and `sign -` (standard input).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use common::{Env, all_output};
use serde_json::Value;

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(o)))
}

/// An env with a key pair named `name` (no passphrase: fast).
fn env_with_key(name: &str) -> Env {
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "-q", "--name", name]).assert().success();
    env
}

fn sign(env: &Env, file: &str) {
    env.cmd().args(["sign", "-q", file]).assert().success();
}

#[test]
fn a_proof_over_one_mib_is_too_large_at_any_size() {
    const MIB: usize = 1 << 20;
    let env = env_with_key("me");
    env.write("a.txt", "a\n");
    sign(&env, "a.txt");
    let good = fs::read_to_string(env.path("a.txt.proof")).unwrap();
    // JSON whitespace after the document is allowed: exactly 1 MiB is still a proof.
    let padded = |len: usize| format!("{good}{}", " ".repeat(len - good.len()));
    env.write("a.txt.proof", padded(MIB));
    let v = env.cmd().args(["verify", "--json", "a.txt.proof"]).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    for len in [MIB + 1, MIB + 2, 3 * MIB] {
        env.write("a.txt.proof", padded(len));
        let v = env.cmd().args(["verify", "--json", "a.txt.proof"]).output().unwrap();
        assert_eq!(v.status.code(), Some(2), "{len}: {}", all_output(&v));
        let r = &json(&v)["results"][0];
        assert_eq!(r["status"], "error", "{len}: {r}");
        assert_eq!(r["reason"], "too_large", "{len}: {r}");
        let h = env.cmd().args(["verify", "a.txt.proof"]).output().unwrap();
        let err = String::from_utf8_lossy(&h.stderr);
        assert!(err.contains("larger than 1048576 bytes"), "{len}: {err}");
    }
}

#[test]
fn a_signed_file_given_instead_of_its_proof_verifies_its_proof() {
    let env = env_with_key("me");
    env.write("contract.md", "# Contract\n");
    sign(&env, "contract.md");
    let v = env.cmd().args(["verify", "contract.md"]).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.starts_with("OK contract.md.proof: signed by me"), "{out}");
    let err = String::from_utf8_lossy(&v.stderr);
    assert_eq!(err.lines().count(), 1, "said once: {err}");
    assert!(err.contains("contract.md.proof"), "{err}");
    assert!(!all_output(&v).contains("damaged"), "{}", all_output(&v));
    let j = json(&env.cmd().args(["verify", "--json", "contract.md"]).output().unwrap());
    assert_eq!(j["results"][0]["proof"], "contract.md.proof", "{j}");
    assert_eq!(j["results"][0]["status"], "valid", "{j}");

    // With --file, the argument is the proof, whatever its name.
    let v = env.cmd().args(["verify", "contract.md", "--file", "contract.md"]).output().unwrap();
    assert_eq!(v.status.code(), Some(2), "{}", all_output(&v));
}

#[test]
fn verify_dist_star_checks_each_proof_once_and_names_unsigned_files() {
    let env = env_with_key("me");
    for f in ["dist/a.tar.gz", "dist/b.zip"] {
        env.write(f, format!("{f}\n"));
        sign(&env, f);
    }
    // What `verify dist/*` passes: files and proofs, sorted by the shell.
    let all = ["dist/a.tar.gz", "dist/a.tar.gz.proof", "dist/b.zip", "dist/b.zip.proof"];
    let v = env.cmd().args(["verify", "--json"]).args(all).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    let j = json(&v);
    let proofs: Vec<&str> =
        j["results"].as_array().unwrap().iter().map(|r| r["proof"].as_str().unwrap()).collect();
    assert_eq!(proofs, ["dist/a.tar.gz.proof", "dist/b.zip.proof"], "{j}");
    assert_eq!(j["summary"]["total"], 2, "{j}");
    let v = env.cmd().arg("verify").args(all).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    assert!(v.stderr.is_empty(), "nothing to say: {}", all_output(&v));

    // A file with no proof beside it is an error that says so and what to do.
    env.write("dist/unsigned.bin", "x");
    let v = env.cmd().arg("verify").args(all).arg("dist/unsigned.bin").output().unwrap();
    assert_eq!(v.status.code(), Some(2), "{}", all_output(&v));
    let err = String::from_utf8_lossy(&v.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("proofctl: error: dist/unsigned.bin: ")
            && err.contains("not a signature (text starting \"x\"), and no signature found beside it (dist/unsigned.bin.proof, ")
            && err.contains("proofctl sign dist/unsigned.bin"),
        "{err}"
    );
    assert!(!err.contains("damaged"), "{err}");
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.contains("3 proofs: 2 valid, 0 untrusted, 0 invalid, 1 error\n"), "{out}");
}

#[test]
fn summaries_use_the_singular_for_one() {
    let env = env_with_key("me");
    env.write("a.txt", "a");
    sign(&env, "a.txt");
    let v = env.cmd().args(["verify", "a.txt.proof", "missing.proof"]).output().unwrap();
    assert_eq!(v.status.code(), Some(2), "{}", all_output(&v));
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.ends_with("2 proofs: 1 valid, 0 untrusted, 0 invalid, 1 error\n"), "{out}");
    let v = env.cmd().args(["verify", "a.txt.proof", "m1.proof", "m2.proof"]).output().unwrap();
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.ends_with("3 proofs: 1 valid, 0 untrusted, 0 invalid, 2 errors\n"), "{out}");
    let v = env.cmd().args(["verify", "-v", "a.txt.proof"]).output().unwrap();
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.contains("    file a.txt (1 byte, sha256 "), "{out}");
    let r = env.cmd().args(["license", "revoke", &"ab".repeat(16)]).output().unwrap();
    assert_eq!(r.status.code(), Some(0), "{}", all_output(&r));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("(1 licence, 0 keys)"), "{err}");
}

/// Runs `proofctl ARGS` on a pseudo-terminal (util-linux `script`) with `env` set, and returns
/// what the terminal received.
fn on_a_terminal(env: &Env, args: &str, vars: &[(&str, &str)]) -> String {
    let bin = env!("CARGO_BIN_EXE_proofctl");
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(env.dir.path())
        .env("PROOFCTL_HOME", env.home())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    for (k, v) in vars {
        c.env(k, v);
    }
    let o = c.output().expect("util-linux `script` runs (it gives the test a terminal)");
    assert!(o.status.success(), "{}", all_output(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn colour_follows_color_flag_term_and_no_color() {
    let env = env_with_key("me");
    env.write("a.txt", "a");
    sign(&env, "a.txt");
    let green = "\x1b[32mOK\x1b[0m";
    // Not a terminal: no colour unless asked for.
    let o = env.cmd().args(["verify", "a.txt.proof"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains('\x1b'));
    let o = env.cmd().args(["--color=always", "verify", "a.txt.proof"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with(green), "{}", all_output(&o));
    let o = env.cmd().args(["verify", "a.txt.proof", "--color", "always"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with(green), "a global flag");
    // --color=always is an explicit request: it wins over NO_COLOR.
    let o = env
        .cmd()
        .env("NO_COLOR", "1")
        .args(["--color=always", "verify", "a.txt.proof"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with(green), "{}", all_output(&o));

    // On a terminal: colour by default, none on a dumb one, none with NO_COLOR or --color=never.
    let shown = on_a_terminal(&env, "verify a.txt.proof", &[("TERM", "xterm-256color")]);
    assert!(shown.contains(green), "{shown:?}");
    let shown = on_a_terminal(&env, "verify a.txt.proof", &[("TERM", "dumb")]);
    assert!(shown.contains("OK a.txt.proof") && !shown.contains('\x1b'), "{shown:?}");
    // Nor a progress bar, which redraws itself with escape sequences.
    let many = "verify a.txt.proof a.txt.proof a.txt.proof a.txt.proof";
    let shown = on_a_terminal(&env, many, &[("TERM", "dumb")]);
    assert!(shown.contains("4 proofs: 4 valid") && !shown.contains('\x1b'), "{shown:?}");
    let shown = on_a_terminal(&env, "verify a.txt.proof", &[("TERM", "xterm"), ("NO_COLOR", "1")]);
    assert!(shown.contains("OK a.txt.proof") && !shown.contains('\x1b'), "{shown:?}");
    let shown = on_a_terminal(&env, "--color=never verify a.txt.proof", &[("TERM", "xterm")]);
    assert!(shown.contains("OK a.txt.proof") && !shown.contains('\x1b'), "{shown:?}");
    let shown = on_a_terminal(&env, "--color=auto verify a.txt.proof", &[("TERM", "xterm")]);
    assert!(shown.contains(green), "{shown:?}");

    let o = env.cmd().args(["--color=sometimes", "verify", "a.txt.proof"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
}

#[test]
fn sign_stdin_writes_the_proof_to_stdout_or_out() {
    let env = env_with_key("me");
    let bytes = "made by a pipeline\n";
    let s =
        env.cmd().args(["sign", "-", "--name", "build.log"]).write_stdin(bytes).output().unwrap();
    assert_eq!(s.status.code(), Some(0), "{}", all_output(&s));
    let proof: Value = json(&s);
    assert_eq!(proof["format"], "POP-1.0");
    assert_eq!(proof["subject"]["name"], "build.log");
    assert_eq!(proof["subject"]["size"], bytes.len());
    // The proof verifies against the same bytes saved under that name.
    env.write("build.log", bytes);
    env.write("build.log.proof", &s.stdout);
    let v = env.cmd().args(["verify", "--strict-name", "build.log.proof"]).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));

    // -o FILE: the proof goes there, stdout says what was done.
    let s = env
        .cmd()
        .args(["sign", "-", "--name", "build.log", "-o", "out/b.proof"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(s.status.code(), Some(2), "no such folder: {}", all_output(&s));
    fs::create_dir(env.path("out")).unwrap();
    let s = env
        .cmd()
        .args(["sign", "-", "--name", "build.log", "-o", "out/b.proof"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(s.status.code(), Some(0), "{}", all_output(&s));
    assert!(!String::from_utf8_lossy(&s.stdout).contains("POP-1.0"), "{}", all_output(&s));
    let written: Value =
        serde_json::from_slice(&fs::read(env.path("out/b.proof")).unwrap()).unwrap();
    assert_eq!(written["subject"]["sha256"], proof["subject"]["sha256"]);
    // Never overwritten without --force.
    let s = env
        .cmd()
        .args(["sign", "-", "--name", "other.log", "-o", "out/b.proof"])
        .write_stdin("other")
        .output()
        .unwrap();
    assert_eq!(s.status.code(), Some(2), "{}", all_output(&s));
    assert!(all_output(&s).contains("--force"), "{}", all_output(&s));
    let still: Value = serde_json::from_slice(&fs::read(env.path("out/b.proof")).unwrap()).unwrap();
    assert_eq!(still["subject"]["name"], "build.log");

    // Mistakes are one line each, exit 2, and write nothing.
    for (args, needle) in [
        (&["sign", "-"][..], "--name"),
        (&["sign", "-", "a.txt", "--name", "x"][..], "only FILE"),
        (&["sign", "a.txt", "--name", "x"][..], "--name"),
        (&["sign", "-", "--name", "a/b"][..], "--name"),
        (&["sign", "-", "--name", "x", "--json"][..], "-o"),
    ] {
        env.write("a.txt", "a");
        let s = env.cmd().args(args).write_stdin("data").output().unwrap();
        assert_eq!(s.status.code(), Some(2), "{args:?}: {}", all_output(&s));
        let err = String::from_utf8_lossy(&s.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("proofctl: error: ") && err.contains(needle), "{args:?}: {err}");
        if args.contains(&"--json") {
            // With --json a fatal error is also one error document on stdout (docs/json-output.md).
            let doc: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
            assert!(doc["error"]["message"].as_str().is_some_and(|m| m.contains(needle)), "{doc}");
        } else {
            assert!(s.stdout.is_empty(), "{args:?}");
        }
    }
    assert!(!env.path("a.txt.proof").exists());
}

/// A `proofctl serve` on loopback over a SQLite file, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &Path, keys: &[&Path]) -> Server {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_proofctl"));
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--db"]).arg(db);
        for k in keys {
            cmd.arg("--allow-key").arg(k);
        }
        let (child, url, _) = common::server::spawn_listening(cmd);
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn verify_indexed_advises_trusting_the_named_member_not_the_whole_server() {
    let (alice, bob) = (env_with_key("alice"), env_with_key("bob"));
    let key = |env: &Env, name: &str| env.home().join("keys").join(format!("{name}.pub"));
    let server =
        Server::start(&bob.path("team.sqlite"), &[&key(&alice, "alice"), &key(&bob, "bob")]);
    let text = "Quarterly figures: revenue up twelve percent, costs flat.\n";
    alice.write("report.txt", text);
    sign(&alice, "report.txt");
    for env in [&alice, &bob] {
        let s = env.cmd().args(["sync", "--server", &server.url]).output().unwrap();
        assert_eq!(s.status.code(), Some(0), "{}", all_output(&s));
    }

    let copy = bob.write("from-alice.txt", text);
    let v = bob.cmd().args(["verify", "--indexed"]).arg(&copy).output().unwrap();
    assert_eq!(v.status.code(), Some(1), "{}", all_output(&v));
    let line = String::from_utf8_lossy(&v.stdout).into_owned();
    assert!(line.starts_with("UNTRUSTED "), "{line}");
    assert!(!line.contains("--trust-dir"), "never advise trusting every published key: {line}");
    let kid = json(&bob.cmd().args(["verify", "--indexed", "--json"]).arg(&copy).output().unwrap())
        ["results"][0]["signer"]["kid"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(line.contains(&kid) && line.contains("alice"), "names the member and kid: {line}");
    // The advice is a command to run once the kid is checked: run it as printed.
    let advice = line
        .split('`')
        .find(|part| part.starts_with("proofctl trust add "))
        .unwrap_or_else(|| panic!("no `proofctl trust add …` in {line}"));
    let words: Vec<&str> = advice.split_whitespace().collect();
    assert_eq!(words[..3], ["proofctl", "trust", "add"], "{advice}");
    let published = PathBuf::from(words[3]);
    assert!(published.ends_with(format!("alice-{kid}.pub")), "{advice}");
    assert_eq!(words[4..], ["--name", "alice"], "{advice}");
    bob.cmd().args(&words[1..]).assert().success();
    let v = bob.cmd().args(["verify", "--indexed"]).arg(&copy).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    assert!(String::from_utf8_lossy(&v.stdout).contains("signed by alice"), "{}", all_output(&v));
}

#[test]
fn verify_indexed_names_a_file_without_a_proof_once() {
    let env = env_with_key("me");
    env.write("signed.txt", "signed");
    sign(&env, "signed.txt");
    env.write("y", "never signed");
    let o = env.cmd().args(["verify", "--indexed", "y"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("proofctl: error: y: the index holds no proof"), "{err}");
    assert!(!err.contains("y: y:"), "{err}");
}

#[test]
fn model_add_of_a_missing_folder_says_so() {
    let env = Env::new();
    let o = env.cmd().args(["model", "add", "no-such-model"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("proofctl: error: no-such-model: no such folder;"), "{err}");
}
