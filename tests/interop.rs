//! Interop: an independent POP-1.0 verifier (Python, written from the spec) agrees on every vector,
//! the JSON Schema accepts every proof proofctl writes, and the CI example runs end to end.

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
        "python3 with cryptography",
        Command::new("python3").args(["-c", "import cryptography"]),
    ) {
        return;
    }
    let dir = root().join("tests/vectors/pop-1.0");
    let count = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    let out = Command::new("python3")
        .arg(root().join("tests/interop/verify_pop.py"))
        .arg(&dir)
        .output()
        .unwrap();
    let text = common::all_output(&out);
    assert!(
        out.status.success(),
        "the Python verifier disagrees:\n{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.trim() == format!("{count} passed, 0 failed")),
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
    let text = common::all_output(&out);
    assert!(
        out.status.success() && text.trim_end().ends_with("demo: ok"),
        "examples/ci/demo.sh failed:\n{text}"
    );
}
