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

/// One deviation from a MUST of POP-1.0, made by editing the Python verifier's source, and the
/// vector that must catch it.
struct Mutant {
    name: &'static str,
    /// (text of verify_pop.py, what it becomes); each text must occur exactly once.
    edits: &'static [(&'static str, &'static str)],
    caught_by: &'static str,
}

const MUTANTS: &[Mutant] = &[
    Mutant {
        name: "cofactored equation instead of cofactorless",
        edits: &[
            (
                "ok = encode_point(check) == r  # item 4",
                "ok = is_neutral(scalar_mult(8, point_add(check, point_neg(r_point))))",
            ),
            // OpenSSL is cofactorless: a cofactored verifier has no such cross-check.
            ("    if ok != openssl_ok:\n", "    if False:\n"),
        ],
        caught_by: "fail_mixed_order_key_cofactored",
    },
    Mutant {
        name: "no nesting-depth limit",
        edits: &[("        if depth > MAX_DEPTH:\n", "        if False:\n")],
        caught_by: "fail_nesting_too_deep",
    },
    Mutant {
        name: "depth limit off by one",
        edits: &[("        if depth > MAX_DEPTH:\n", "        if depth >= MAX_DEPTH:\n")],
        caught_by: "fail_nesting_at_limit",
    },
    Mutant {
        name: "numbers that round to infinity accepted",
        edits: &[("if math.isinf(float(v.text)):", "if False:")],
        caught_by: "fail_number_infinite",
    },
    Mutant {
        name: "escaped lone surrogates accepted",
        edits: &[(
            "v.encode(\"utf-8\")  # raises on an unpaired surrogate from a \\uXXXX escape",
            "pass",
        )],
        caught_by: "fail_lone_surrogate",
    },
    Mutant {
        name: "a byte order mark accepted",
        edits: &[(
            "text = data.decode(\"utf-8\")  # strict",
            "text = data.decode(\"utf-8\").removeprefix(\"\\ufeff\")  # strict",
        )],
        caught_by: "fail_byte_order_mark",
    },
    Mutant {
        name: "the size range checked at step 10",
        edits: &[
            (
                "    if len(size.text) > 16 or int(size.text) > MAX_SIZE:\n        raise error(\"malformed\", \"subject.size above 2^53-1\")\n",
                "",
            ),
            (
                "    name = subject[\"name\"]  # step 10\n",
                "    name = subject[\"name\"]  # step 10\n    if int(size.text) > MAX_SIZE:\n        raise error(\"malformed\", \"subject.size above 2^53-1\")\n",
            ),
        ],
        caught_by: "fail_size_2_53_with_bad_algorithm",
    },
    Mutant {
        name: "the 4,096 limit counted in characters",
        edits: &[(
            "if len(v.encode(\"utf-8\")) > MAX_METADATA_VALUE_BYTES:",
            "if len(v) > MAX_METADATA_VALUE_BYTES:",
        )],
        caught_by: "fail_metadata_value_4098_bytes",
    },
    Mutant {
        name: "uppercase hex in JCS \\u00XX escapes",
        edits: &[("out.append(f\"\\\\u{ord(ch):04x}\")", "out.append(f\"\\\\u{ord(ch):04X}\")")],
        caught_by: "valid_jcs_control_escapes",
    },
    Mutant {
        name: "U+2028 and U+2029 escaped in JCS",
        edits: &[(
            "            elif ch < \"\\x20\":\n",
            "            elif ch < \"\\x20\" or ch in \"\\u2028\\u2029\":\n",
        )],
        caught_by: "valid_jcs_line_separators",
    },
    Mutant {
        name: "the algorithm checked after the syntax checks",
        edits: &[
            (
                "    if signer[\"algorithm\"] != \"Ed25519\":  # step 9\n        raise error(\"unsupported_algorithm\", repr(signer[\"algorithm\"]))\n",
                "",
            ),
            (
                "    subject[\"size\"] = int(size.text)\n    return doc\n",
                "    if signer[\"algorithm\"] != \"Ed25519\":\n        raise error(\"unsupported_algorithm\", repr(signer[\"algorithm\"]))\n    subject[\"size\"] = int(size.text)\n    return doc\n",
            ),
        ],
        caught_by: "fail_bad_algorithm_and_created",
    },
];

/// Runs a verify_pop.py source on every vector: (exit code, output).
fn run_python_source(dir: &Path, source: &str) -> (i32, String) {
    let script = dir.join("verify_pop.py");
    fs::write(&script, source).unwrap();
    let out = Command::new("python3")
        .arg(&script)
        .arg(root().join("tests/vectors/pop-1.0"))
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), common::all_output(&out))
}

/// Point 6: the Python verifier with any one of the deviations of issue 18 (and an off-by-one in
/// the depth limit) fails the vectors, on the vector written for it and as a wrong verdict, not
/// a crash; unmutated, it passes them all.
#[test]
fn vectors_catch_every_mutant_of_the_python_verifier() {
    let original = fs::read_to_string(root().join("tests/interop/verify_pop.py")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = run_python_source(dir.path(), &original);
    assert_eq!(code, 0, "the unmutated verifier must pass every vector:\n{out}");
    let mut survived = Vec::new();
    for m in MUTANTS {
        let mut source = original.clone();
        for (from, to) in m.edits {
            assert_eq!(source.matches(from).count(), 1, "{}: {from:?} must occur once", m.name);
            source = source.replacen(from, to, 1);
        }
        let (code, out) = run_python_source(dir.path(), &source);
        let line = out
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(&format!("{}:", m.caught_by)))
            .unwrap_or_else(|| panic!("{}: no line for {}:\n{out}", m.name, m.caught_by));
        if code == 0 || !line.starts_with("FAIL ") || line.contains("cannot run vector") {
            survived.push(format!("{} (exit {code}): {line}", m.name));
        }
    }
    assert!(survived.is_empty(), "mutants the vectors did not catch:\n{}", survived.join("\n"));
}
