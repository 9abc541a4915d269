//! Trusted time interop (issue 13): RFC 3161 tokens made by OpenSSL's TSA (`openssl ts -reply`)
//! verify alike in proofctl (`proofctl::timestamp`), in Trail of Bits' `rfc3161-client` and in the
//! independent Python verifier (tests/interop/verify_pop.py); and the tokens in proofs proofctl
//! writes verify with `openssl ts -verify` and `rfc3161-client` against the same root.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::pki::{Alg, Pki};
use common::tsa::TestTsa;
use proofctl::timestamp::verify_token;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// CI sets PROOFCTL_REQUIRE_INTEROP=1 and installs the tools, so there these tests cannot skip.
fn available() -> bool {
    let python = Command::new("python3")
        .args(["-c", "import rfc3161_client, asn1crypto, cryptography"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let openssl = common::have("openssl");
    if !(python && openssl) {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "openssl and python3 with rfc3161-client are required (PROOFCTL_REQUIRE_INTEROP is set): \
             pip install -r tests/interop/requirements.txt"
        );
        eprintln!("skipping: openssl or rfc3161-client missing (tests/interop/requirements.txt)");
    }
    python && openssl
}

const ALGS: [Alg; 3] = [Alg::Rsa, Alg::P256, Alg::P384];

/// The Python checker `script` on a token over `data` (both written to `dir`): (verified, output).
fn python_token(script: &str, dir: &Path, token: &[u8], data: &[u8], ca: &Path) -> (bool, String) {
    std::fs::write(dir.join("py-token.der"), token).unwrap();
    std::fs::write(dir.join("py-data"), data).unwrap();
    let root_flag = if script == "verify_pop.py" { "--tsa-root" } else { "--root" };
    let out = Command::new("python3")
        .arg(root().join("tests/interop").join(script))
        .args(["--token", "py-token.der", "--data", "py-data", root_flag])
        .arg(ca)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = common::all_output(&out);
    match out.status.code() {
        Some(0) => (true, text),
        Some(1) => (false, text),
        _ => panic!("{script} failed to run:\n{text}"),
    }
}

/// `openssl ts -verify -digest HEX -token_in -in TOKEN -CAfile ROOT`: verified or not.
fn openssl_verify(dir: &Path, token: &[u8], data: &[u8], root: &Path) -> (bool, String) {
    std::fs::write(dir.join("ossl-token.der"), token).unwrap();
    let digest = hex::encode(Sha256::digest(data));
    let out = Command::new("openssl")
        .current_dir(dir)
        .args([
            "ts",
            "-verify",
            "-digest",
            &digest,
            "-token_in",
            "-in",
            "ossl-token.der",
            "-CAfile",
        ])
        .arg(root)
        .output()
        .unwrap();
    (out.status.success(), common::all_output(&out))
}

/// Issue 13, "tokens made by OpenSSL's TSA verify in proofctl": RSA, P-256 and P-384 TSA keys,
/// ESSCertID and ESSCertIDv2; each token is accepted by proofctl, rfc3161-client, the Python
/// verifier and OpenSSL itself over the bytes it was made for, and refused by all four over
/// other bytes and under another root.
#[test]
fn openssl_tsa_tokens_verify_in_proofctl_rfc3161_client_and_the_python_verifier() {
    if !available() {
        return;
    }
    let mut pki = Pki::new("Interop TSA Root");
    let other = Pki::new("Interop TSA Root");
    let (roots, other_roots) = (pki.roots(), other.roots());
    let (ca, other_ca) = (pki.root_pem(), other.root_pem());
    let d = pki.dir.path().to_path_buf();
    for alg in ALGS {
        for ess in ["sha1", "sha256"] {
            let tsa = pki.tsa(alg, 365, true);
            let sig = format!("signature bytes for {alg:?} {ess}").into_bytes();
            let token = pki.stamp(&tsa, &sig, ess);
            let what = format!("{alg:?} ESSCertID {ess}");

            let v = verify_token(&token, &sig, &roots)
                .unwrap_or_else(|e| panic!("{what}: proofctl refuses: {e}"));
            let (ok, out) = python_token("tsa_rfc3161_client.py", &d, &token, &sig, &ca);
            assert!(ok, "{what}: rfc3161-client refuses:\n{out}");
            let py: Value = serde_json::from_str(out.trim()).unwrap();
            let (ok, out) = python_token("verify_pop.py", &d, &token, &sig, &ca);
            assert!(ok, "{what}: the Python verifier refuses:\n{out}");
            let ours: Value = serde_json::from_str(out.trim()).unwrap();
            let (ok, out) = openssl_verify(&d, &token, &sig, &ca);
            assert!(ok, "{what}: openssl ts -verify refuses:\n{out}");
            // All read the same genTime (OpenSSL's TSA writes whole seconds).
            let secs = v.gen_time.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
            for (who, t) in [("rfc3161-client", &py["gen_time"]), ("python", &ours["gen_time"])] {
                let t = t.as_str().unwrap();
                assert_eq!(
                    python_epoch(t),
                    secs,
                    "{what}: {who} reads genTime {t}, proofctl {}",
                    v.gen_time_rfc3339
                );
            }

            let other_bytes = b"some other signature";
            assert!(verify_token(&token, other_bytes, &roots).is_err(), "{what}: proofctl");
            assert!(!python_token("tsa_rfc3161_client.py", &d, &token, other_bytes, &ca).0);
            assert!(!python_token("verify_pop.py", &d, &token, other_bytes, &ca).0);
            assert!(!openssl_verify(&d, &token, other_bytes, &ca).0);

            assert!(verify_token(&token, &sig, &other_roots).is_err(), "{what}: proofctl");
            assert!(!python_token("tsa_rfc3161_client.py", &d, &token, &sig, &other_ca).0);
            assert!(!python_token("verify_pop.py", &d, &token, &sig, &other_ca).0);
            assert!(!openssl_verify(&d, &token, &sig, &other_ca).0);
        }
    }
}

/// Seconds since the epoch of an ISO 8601 time Python printed (`datetime.isoformat`).
fn python_epoch(t: &str) -> u64 {
    let out = Command::new("python3")
        .args(["-c", "import datetime,sys; print(int(datetime.datetime.fromisoformat(sys.argv[1]).timestamp()))", t])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().parse().unwrap()
}

/// Issue 13: "the project's independent Python verifier checks the new vectors from the spec
/// alone": verify_pop.py, extended from docs/pop-1.1.md, gives every POP-1.1 vector its expected
/// status, reason, per-anchor results and proven time (and still every POP-1.0 vector its own).
#[test]
fn independent_python_verifier_agrees_on_every_pop_1_1_vector() {
    if !available() {
        return;
    }
    for version in ["pop-1.1", "pop-1.0"] {
        let dir = root().join("tests/vectors").join(version);
        let count = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "json"))
            .count();
        assert!(count > 0, "no vectors in {}", dir.display());
        let out = Command::new("python3")
            .arg(root().join("tests/interop/verify_pop.py"))
            .arg(&dir)
            .output()
            .unwrap();
        let text = common::all_output(&out);
        assert!(out.status.success(), "the Python verifier disagrees on {version}:\n{text}");
        assert!(
            text.lines().any(|l| l.trim() == format!("{count} passed, 0 failed")),
            "expected {count} {version} vectors checked:\n{text}"
        );
    }
}

/// Issue 13, "every token proofctl stores verifies with `openssl ts -verify -token_in` against the
/// same root, and with rfc3161-client": the real binary signs with two TSAs on loopback
/// (`proofctl sign --tsa RSA --tsa P-256`; OpenSSL's TSA behind tests/common/tsa.rs) and adds a
/// third token later (`proofctl timestamp --tsa P-384`). Each token stored in the proof verifies
/// in OpenSSL over the proof's signature digest and in rfc3161-client over its signature bytes;
/// neither accepts it under another root of the same name or over other bytes; and the Python
/// verifier finds every anchor valid.
#[test]
fn every_token_in_a_proof_proofctl_writes_verifies_with_openssl_and_rfc3161_client() {
    if !available() {
        return;
    }
    let mut pki = Pki::new("Interop TSA Root");
    let other = Pki::new("Interop TSA Root");
    let tsas: Vec<TestTsa> = ALGS
        .iter()
        .map(|&alg| {
            let t = pki.tsa(alg, 365, true);
            TestTsa::start(&pki.path(&t.cert), &pki.path(&t.key), &pki.root_pem())
        })
        .collect();
    let env = common::Env::new();
    env.keygen();
    env.write("report.txt", b"quarterly figures\n");
    let out = env
        .cmd()
        .args(["sign", "-q", "report.txt", "--tsa", &tsas[0].url, "--tsa", &tsas[1].url])
        .output()
        .unwrap();
    assert!(out.status.success(), "sign --tsa: {}", common::all_output(&out));
    let out =
        env.cmd().args(["timestamp", "report.txt.proof", "--tsa", &tsas[2].url]).output().unwrap();
    assert!(out.status.success(), "timestamp --tsa: {}", common::all_output(&out));
    assert_eq!(tsas.iter().map(TestTsa::requests).collect::<Vec<_>>(), [1, 1, 1]);
    let path = env.path("report.txt.proof");

    // What is on disk, read as plain JSON, not through proofctl.
    let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["format"], "POP-1.1");
    let sig = STANDARD.decode(doc["signature"].as_str().unwrap()).unwrap();
    assert_eq!(sig.len(), 64);
    let anchors = doc["anchors"].as_array().unwrap();
    assert_eq!(anchors.len(), 3, "{doc}");
    let d = pki.dir.path();
    for (i, a) in anchors.iter().enumerate() {
        assert_eq!(a["type"], "rfc3161");
        let token = STANDARD.decode(a["token"].as_str().unwrap()).unwrap();
        let (ok, out) = openssl_verify(d, &token, &sig, &pki.root_pem());
        assert!(ok, "anchor {i}: openssl ts -verify refuses:\n{out}");
        assert!(out.contains("Verification: OK"), "{out}");
        let (ok, out) = openssl_verify(d, &token, &sig, &other.root_pem());
        assert!(!ok, "anchor {i}: openssl ts -verify accepts another root:\n{out}");
        let (ok, out) = openssl_verify(d, &token, b"another signature", &pki.root_pem());
        assert!(!ok, "anchor {i}: openssl ts -verify accepts another digest:\n{out}");
    }

    let client = |ca: &Path| -> Output {
        Command::new("python3")
            .arg(root().join("tests/interop/tsa_rfc3161_client.py"))
            .arg("--root")
            .arg(ca)
            .arg("--proof")
            .arg(&path)
            .output()
            .unwrap()
    };
    let out = client(&pki.root_pem());
    let text = common::all_output(&out);
    assert_eq!(out.status.code(), Some(0), "rfc3161-client refuses:\n{text}");
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines.iter().all(|l| l["ok"] == true), "{text}");
    let out = client(&other.root_pem());
    assert_eq!(out.status.code(), Some(1), "{}", common::all_output(&out));

    let out = Command::new("python3")
        .arg(root().join("tests/interop/verify_pop.py"))
        .arg("--proof")
        .arg(&path)
        .arg("--tsa-root")
        .arg(pki.root_pem())
        .arg("--require-timestamp")
        .output()
        .unwrap();
    let text = common::all_output(&out);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {text}"));
    // No signer key given: untrusted, which a valid anchor keeps (POP-1.1 step 20).
    assert_eq!(
        (r["status"].as_str(), r["reason"].as_str()),
        (Some("untrusted"), Some("untrusted")),
        "{text}"
    );
    let statuses: Vec<&str> =
        r["anchors"].as_array().unwrap().iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["valid"; 3], "{text}");
    assert!(r["proven"].is_string(), "{text}");
}

/// One deviation from a MUST of POP-1.1, made by editing the Python verifier's source, and the
/// vector that must catch it (as in tests/errata.rs for POP-1.0).
struct Mutant {
    name: &'static str,
    /// (text of verify_pop.py, what it becomes); each text must occur exactly once.
    edits: &'static [(&'static str, &'static str)],
    caught_by: &'static str,
}

const A4: &str =
    "if imprint[\"hashed_message\"].native != hashlib.sha256(sig_bytes).digest():  # A4";
const REQUIRE: &str = "r.status in (\"valid\", \"untrusted\") and r.proven is None";

const MUTANTS: &[Mutant] = &[
    Mutant {
        name: "imprint over the signature's base64 text",
        edits: &[(
            "hashlib.sha256(sig_bytes).digest():  # A4",
            "hashlib.sha256(base64.b64encode(sig_bytes)).digest():  # A4",
        )],
        caught_by: "fail_token_over_signature_text",
    },
    Mutant {
        name: "imprint not compared",
        edits: &[(A4, "if False:")],
        caught_by: "fail_token_over_other_signature",
    },
    Mutant {
        name: "imprint algorithm not checked",
        edits: &[(
            "if imprint[\"hash_algorithm\"][\"algorithm\"].dotted != \"2.16.840.1.101.3.4.2.1\":  # A3",
            "if False:",
        )],
        caught_by: "fail_token_imprint_sha384",
    },
    Mutant {
        name: "created tolerance 299 s",
        edits: &[("CREATED_TOLERANCE = 300", "CREATED_TOLERANCE = 299")],
        caught_by: "valid_gen_time_300s_before_created",
    },
    Mutant {
        name: "created tolerance 301 s",
        edits: &[("CREATED_TOLERANCE = 300", "CREATED_TOLERANCE = 301")],
        caught_by: "fail_gen_time_301s_before_created",
    },
    Mutant {
        name: "certificate validity not checked",
        edits: &[("if not _valid_at(cur, gen_time):  # 1", "if False:  # 1")],
        caught_by: "fail_tsa_cert_expired_at_gen_time",
    },
    Mutant {
        name: "a chain to no trusted root accepted",
        edits: &[(
            "raise AnchorResult(\"untrusted\", \"untrusted_tsa\", f\"no trusted root for {_authority(cur)}\")",
            "break",
        )],
        caught_by: "fail_untrusted_tsa",
    },
    Mutant {
        name: "message-digest attribute not checked",
        edits: &[("if md[0][\"values\"][0].native != _digest(digest_name, tst_der):", "if False:")],
        caught_by: "fail_tampered_token_tstinfo",
    },
    Mutant {
        name: "the TSA's signature not checked",
        edits: &[(
            "if not _verifies(key, hash_name, si[\"signature\"].native, b\"\\x31\" + attrs.dump()[1:]):",
            "if False:",
        )],
        caught_by: "fail_tampered_token_signature",
    },
    Mutant {
        name: "signed attributes verified with their [0] tag",
        edits: &[("b\"\\x31\" + attrs.dump()[1:]", "attrs.dump()")],
        caught_by: "valid_rsa",
    },
    Mutant {
        name: "proven time the latest genTime",
        edits: &[("a.gen_time < r.proven", "a.gen_time > r.proven")],
        caught_by: "valid_two_tokens",
    },
    Mutant {
        name: "\"POP-1.1\" left in the signed bytes",
        edits: &[("body[\"format\"] = FORMAT  # POP-1.1", "pass  # POP-1.1")],
        caught_by: "valid_rsa",
    },
    Mutant {
        name: "an untrusted anchor satisfies require-timestamp",
        edits: &[(
            REQUIRE,
            "r.status in (\"valid\", \"untrusted\") and not any(a.status in (\"valid\", \"untrusted\") for a in r.anchors)",
        )],
        caught_by: "fail_untrusted_tsa",
    },
    Mutant {
        name: "an unknown anchor satisfies require-timestamp",
        edits: &[(
            REQUIRE,
            "r.status in (\"valid\", \"untrusted\") and not any(a.status in (\"valid\", \"unknown\") for a in r.anchors)",
        )],
        caught_by: "fail_unknown_anchor_only",
    },
    Mutant {
        name: "nine anchors allowed",
        edits: &[("MAX_ANCHORS = 8", "MAX_ANCHORS = 9")],
        caught_by: "fail_anchors_nine",
    },
    Mutant {
        name: "an empty anchors array allowed",
        edits: &[("not 1 <= len(anchors) <= MAX_ANCHORS", "not 0 <= len(anchors) <= MAX_ANCHORS")],
        caught_by: "fail_anchors_empty",
    },
    Mutant {
        name: "anchors checked only when the statement is valid",
        edits: &[(
            "for a in doc.get(\"anchors\", [])]  # step 18",
            "for a in doc.get(\"anchors\", [])] if r.status == \"valid\" else []  # step 18",
        )],
        caught_by: "fail_file_modified_with_valid_anchor",
    },
    Mutant {
        name: "a third member in an rfc3161 entry accepted",
        edits: &[(
            "if set(entry) != {\"type\", \"token\"} or not isinstance(token, str):",
            "if not isinstance(token, str):",
        )],
        caught_by: "fail_rfc3161_extra_member",
    },
];

/// Runs a verify_pop.py source on the POP-1.1 vectors: (exit code, output).
fn run_python_source(dir: &Path, source: &str) -> (i32, String) {
    let script = dir.join("verify_pop.py");
    std::fs::write(&script, source).unwrap();
    let out = Command::new("python3")
        .arg(&script)
        .arg(root().join("tests/vectors/pop-1.1"))
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), common::all_output(&out))
}

/// The POP-1.1 vectors catch the Python verifier with any one of these deviations from
/// docs/pop-1.1.md, each on the vector written for it and as a wrong verdict (not a crash);
/// unmutated, it passes them all. What no vector catches is listed in helper D's report.
#[test]
fn pop_1_1_vectors_catch_every_mutant_of_the_python_verifier() {
    if !available() {
        return;
    }
    let original = std::fs::read_to_string(root().join("tests/interop/verify_pop.py")).unwrap();
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
