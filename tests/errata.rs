//! POP-1.0 errata (issue 18) that concern file names and paths, which the vector format cannot
//! express: each case is run through the real binary and the independent Python verifier, and
//! both must give the outcome docs/pop-1.0.md states.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The valid_basic vector: `hello.txt`, its proof, and a trust dir holding its key.
fn setup() -> (common::Env, Vec<u8>, String) {
    let v: Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/vectors/pop-1.0/valid_basic.json")).unwrap(),
    )
    .unwrap();
    let env = common::Env::new();
    let file = STANDARD.decode(v["file"].as_str().unwrap()).unwrap();
    let pem = v["trusted_keys"][0].as_str().unwrap();
    env.write("trust/k.pub", pem);
    env.write("key.pem", pem);
    (env, file, v["proof"].as_str().unwrap().to_string())
}

/// `proofctl verify --json` on `proof` (with `file` if given): (status, reason, message, exit).
fn proofctl(env: &common::Env, proof: &str, file: Option<&str>, strict: bool) -> (Value, i32) {
    let mut cmd = env.cmd();
    cmd.args(["verify", "--json", "--trust-dir", "trust"]);
    if strict {
        cmd.arg("--strict-name");
    }
    if let Some(f) = file {
        cmd.args(["--file", f]);
    }
    let out = cmd.arg(proof).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", common::all_output(&out)));
    (report["results"][0].clone(), out.status.code().unwrap())
}

/// The Python verifier's single-proof mode on the same inputs: (status, reason).
fn python(env: &common::Env, proof: &str, file: Option<&str>, strict: bool) -> (String, Value) {
    let mut cmd = Command::new("python3");
    cmd.current_dir(env.dir.path())
        .arg(root().join("tests/interop/verify_pop.py"))
        .args(["--proof", proof, "--key", "key.pem"]);
    if strict {
        cmd.arg("--strict-name");
    }
    if let Some(f) = file {
        cmd.args(["--file", f]);
    }
    let out = cmd.output().unwrap();
    let r: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("python: not JSON ({e}): {}", common::all_output(&out)));
    (r["status"].as_str().unwrap().to_string(), r["reason"].clone())
}

fn both(
    env: &common::Env,
    proof: &str,
    file: Option<&str>,
    strict: bool,
    status: &str,
    reason: Option<&str>,
) -> Value {
    let (r, code) = proofctl(env, proof, file, strict);
    assert_eq!(r["status"], status, "proofctl: {}", r["message"]);
    assert_eq!(r["reason"], serde_json::json!(reason), "proofctl: {}", r["message"]);
    let want_code = match status {
        "valid" => 0,
        "error" => 2,
        _ => 1,
    };
    assert_eq!(code, want_code, "proofctl exit code");
    let (ps, pr) = python(env, proof, file, strict);
    assert_eq!((ps.as_str(), &pr), (status, &serde_json::json!(reason)), "python verifier");
    r
}

/// Point 2: a proof file named exactly `.proof` names no file (the name left is empty): no_file,
/// and the message says that, not that the name "does not end in .proof".
#[test]
fn proof_named_exactly_dot_proof_is_no_file() {
    let (env, file, proof) = setup();
    env.write("hello.txt", &file);
    env.write("sub/.proof", &proof);
    env.write("sub/hello.txt", &file);
    for p in [".proof", "sub/.proof"] {
        env.write(p, &proof);
        let r = both(&env, p, None, false, "error", Some("no_file"));
        let msg = r["message"].as_str().unwrap();
        assert!(msg.contains("exactly .proof"), "{msg}");
        assert!(!msg.contains("does not end in"), "{msg}");
    }
    // With --file it verifies like any other proof.
    both(&env, ".proof", Some("hello.txt"), false, "valid", None);
    // And a name that does not end in .proof keeps its own message.
    env.write("hello.sig", &proof);
    let r = both(&env, "hello.sig", None, false, "error", Some("no_file"));
    assert!(r["message"].as_str().unwrap().contains("does not end in .proof"), "{}", r["message"]);
}

/// Point 4: the base name of step 16 is the last component of the path as given, unresolved: a
/// symbolic link's own name, not its target's.
#[cfg(unix)]
#[test]
fn strict_name_compares_a_symlinks_own_name() {
    let (env, file, proof) = setup();
    env.write("data/other.bin", &file);
    env.write("hello.txt.proof", &proof);
    std::os::unix::fs::symlink("data/other.bin", env.path("hello.txt")).unwrap();
    both(&env, "hello.txt.proof", None, true, "valid", None);
    // The target is named hello.txt, the link is not: the link's name decides.
    env.write("data/hello.txt", &file);
    std::os::unix::fs::symlink("data/hello.txt", env.path("link.bin")).unwrap();
    both(&env, "hello.txt.proof", Some("link.bin"), true, "invalid", Some("name_mismatch"));
}

/// Point 4: a path ending in `/` or in `..` cannot be read as a file, so it ends at step 15 and
/// step 16 never compares a name (not even the `hello.txt` a path library would see in `hello.txt/`).
#[test]
fn trailing_slash_and_dotdot_end_at_step_15() {
    let (env, file, proof) = setup();
    env.write("hello.txt", &file);
    env.write("hello.txt.proof", &proof);
    fs::create_dir_all(env.path("d/hello.txt")).unwrap();
    for strict in [false, true] {
        both(&env, "hello.txt.proof", Some("hello.txt/"), strict, "error", Some("file_unreadable"));
        both(
            &env,
            "hello.txt.proof",
            Some("d/hello.txt/.."),
            strict,
            "error",
            Some("file_unreadable"),
        );
        both(
            &env,
            "hello.txt.proof",
            Some("d/hello.txt/"),
            strict,
            "error",
            Some("file_unreadable"),
        );
    }
    assert!(Path::new(&env.path("hello.txt")).is_file());
}
