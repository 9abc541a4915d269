//! Interop: an independent POP-1.0 verifier (Python, written from the spec) agrees on every vector,
//! the JSON Schema accepts every proof proofctl writes, the CI example runs end to end, and
//! licences round-trip with PyJWT both ways.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// CI sets PROOFCTL_REQUIRE_INTEROP=1 and installs the tools, so there these tests cannot skip.
fn available(what: &str, probe: &mut Command) -> bool {
    let ok = probe.output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "{what} is required (PROOFCTL_REQUIRE_INTEROP is set): pip install -r tests/interop/requirements.txt"
        );
        eprintln!(
            "skipping: {what} is not installed (pip install -r tests/interop/requirements.txt)"
        );
    }
    ok
}

#[test]
fn independent_python_verifier_agrees_on_every_vector() {
    if !available(
        "python3 with cryptography and asn1crypto",
        Command::new("python3").args(["-c", "import cryptography, asn1crypto"]),
    ) {
        return;
    }
    let dir = root().join("tests/vectors/pop-1.0");
    let count = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "json"))
        .count();
    let out = Command::new("python3")
        .arg(root().join("tests/interop/verify_pop.py"))
        .arg(&dir)
        .output()
        .unwrap();
    let text = common::all_output(&out);
    assert!(out.status.success(), "the Python verifier disagrees:\n{text}");
    assert!(
        text.lines().any(|l| l.trim() == format!("{count} passed, 0 failed")),
        "expected {count} vectors checked:\n{text}"
    );
}

#[test]
fn ci_example_signs_and_verifies_end_to_end() {
    if !available("openssl", Command::new("openssl").arg("version")) {
        return;
    }
    let out = Command::new("bash")
        .arg(root().join("examples/ci/demo.sh"))
        .env("PROOFCTL", assert_cmd::cargo::cargo_bin("proofctl"))
        .env_remove("PROOFCTL_HOME")
        .env_remove("PROOFCTL_PASSPHRASE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.trim_end().ends_with("demo: ok"),
        "examples/ci/demo.sh failed:\n{}",
        common::all_output(&out)
    );
}

/// The published JSON Schema accepts every valid vector and what `sign` writes today, and catches
/// structural failures (unknown member, bad time shape, unknown version) on its own.
#[test]
fn json_schema_accepts_real_proofs_and_rejects_malformed_ones() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/pop-1.0.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema itself is valid");
    let dir = root().join("tests/vectors/pop-1.0");
    let proof_of = |name: &str| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        serde_json::from_str(v["proof"].as_str().unwrap()).unwrap()
    };
    for name in
        ["valid_basic", "valid_empty_file", "valid_unicode_and_escapes", "valid_reformatted"]
    {
        let errors: Vec<String> =
            validator.iter_errors(&proof_of(name)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    // Not fail_size_not_integer: to JSON Schema, 16.0 is an integer. The spec forbids the
    // decimal point and the strict parser enforces it; the schema is necessary, not sufficient.
    for name in ["fail_unknown_member", "fail_created_with_offset", "fail_unknown_version"] {
        assert!(!validator.is_valid(&proof_of(name)), "{name} passed the schema");
    }
    let env = common::Env::new();
    env.cmd().args(["keygen", "-q"]).assert().success();
    env.write("doc.txt", b"schema check");
    env.cmd().args(["sign", "-q", "doc.txt", "--meta", "k=v"]).assert().success();
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("doc.txt.proof")).unwrap()).unwrap();
    assert!(validator.is_valid(&written));
}

/// Licences are plain EdDSA JWTs: PyJWT verifies what `license issue` writes (and refuses it
/// tampered or expired), and `license verify` accepts what PyJWT signs with the vendor key while
/// refusing another key under the same kid and an HS256 token keyed with the public PEM.
#[test]
fn licences_interoperate_with_pyjwt() {
    if !available(
        "python3 with pyjwt[crypto]",
        Command::new("python3")
            .args(["-c", "import jwt.algorithms, sys; sys.exit(not jwt.algorithms.has_crypto)"]),
    ) {
        return;
    }
    let out = Command::new("python3")
        .arg(root().join("tests/interop/license_pyjwt.py"))
        .arg(assert_cmd::cargo::cargo_bin("proofctl"))
        .env_remove("PROOFCTL_HOME")
        .env_remove("PROOFCTL_PASSPHRASE")
        .env_remove("PROOFCTL_NOW")
        .output()
        .unwrap();
    let text = common::all_output(&out);
    assert!(out.status.success(), "PyJWT and proofctl disagree:\n{text}");
    assert!(
        text.lines().any(|l| l.trim().ends_with(" passed, 0 failed")),
        "expected a summary with 0 failed:\n{text}"
    );
}

/// The key-lifecycle and trust-policy vectors, checked by a second implementation written from
/// docs/key-lifecycle.md and docs/trust-policy.md alone; and that checker notices a wrong answer.
#[test]
fn independent_python_checker_agrees_on_lifecycle_and_policy_vectors() {
    if !available(
        "python3 (3.11+) with cryptography and asn1crypto",
        Command::new("python3").args(["-c", "import tomllib, cryptography, asn1crypto"]),
    ) {
        return;
    }
    let script = root().join("tests/interop/check_lifecycle.py");
    let (lifecycle, policy) =
        (root().join("tests/vectors/key-lifecycle"), root().join("tests/vectors/trust-policy"));
    let count = |dir: &std::path::Path, ext: &[&str]| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                let p = e.as_ref().unwrap().path();
                p.file_name().unwrap() != "expected.json"
                    && p.extension().is_some_and(|x| ext.iter().any(|e| x == *e))
            })
            .count()
    };
    let n = count(&lifecycle, &["jwt", "json"]) + count(&policy, &["json"]);
    let out = Command::new("python3").arg(&script).arg(&lifecycle).arg(&policy).output().unwrap();
    let text = common::all_output(&out);
    assert!(out.status.success(), "the Python checker disagrees:\n{text}");
    assert!(text.lines().any(|l| l.trim() == format!("{n} passed, 0 failed")), "{n}:\n{text}");

    // A vector whose expectation is wrong must fail: the window moved past the claimed time.
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("trust-policy");
    std::fs::create_dir(&copy).unwrap();
    let v = std::fs::read_to_string(policy.join("window_inside_claimed.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&v).unwrap();
    doc["entry"] = "valid_after = \"2099-01-01\"\n".into();
    std::fs::write(copy.join("moved.json"), doc.to_string()).unwrap();
    let out = Command::new("python3").arg(&script).arg(&copy).output().unwrap();
    let text = common::all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FAIL trust-policy/moved.json") && text.contains("outside_validity"),
        "{text}"
    );
}
