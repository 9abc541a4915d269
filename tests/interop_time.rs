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
use sha2::{Digest, Sha256, Sha384};

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

/// `openssl ts -query -digest HEX` (`-sha256` or `-sha384`, with `-cert` unless `cert` is false)
/// and `openssl ts -reply` signed by `cert`/`key` with the certificates of `chain` in the token:
/// the token (DER). All names are files in `dir`.
#[allow(clippy::too_many_arguments)]
fn reply_in(
    dir: &Path,
    cert: &str,
    key: &str,
    chain: &str,
    digest: &[u8],
    alg: &str,
    with_cert: bool,
) -> Vec<u8> {
    std::fs::write(
        dir.join("diff.cnf"),
        "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./diffserial\ncrypto_device = builtin\n\
         signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384\n\
         ess_cert_id_alg = sha256\nordering = no\ntsa_name = no\ness_cert_id_chain = no\n",
    )
    .unwrap();
    if !dir.join("diffserial").exists() {
        std::fs::write(dir.join("diffserial"), "01\n").unwrap();
    }
    let hex = hex::encode(digest);
    let mut q = vec!["ts", "-query", "-digest", &hex, alg, "-out", "diff.tsq"];
    if with_cert {
        q.push("-cert");
    }
    common::pki::openssl(dir, &q);
    common::pki::openssl(
        dir,
        &[
            "ts",
            "-reply",
            "-config",
            "diff.cnf",
            "-queryfile",
            "diff.tsq",
            "-signer",
            cert,
            "-inkey",
            key,
            "-chain",
            chain,
            "-token_out",
            "-out",
            "diff.der",
        ],
    );
    std::fs::read(dir.join("diff.der")).unwrap()
}

/// A certificate `name`.pem for a new P-256 key `name`.key, issued by `ca` (a cert/key pair of
/// files in `dir`) with the extensions `ext` (the text of an OpenSSL extfile).
fn issue(dir: &Path, name: &str, ca: (&str, &str), serial: u32, days: i32, ext: &str) {
    let (key, csr, pem, cnf) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.pem"),
        format!("{name}.cnf"),
    );
    common::pki::openssl(
        dir,
        &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", &key],
    );
    common::pki::openssl(
        dir,
        &["req", "-new", "-key", &key, "-out", &csr, "-subj", &format!("/CN=Diff {name}")],
    );
    std::fs::write(dir.join(&cnf), ext).unwrap();
    common::pki::openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            ca.0,
            "-CAkey",
            ca.1,
            "-set_serial",
            &serial.to_string(),
            "-days",
            &days.to_string(),
            "-extfile",
            &cnf,
            "-out",
            &pem,
        ],
    );
}

/// The TSTInfo of `token` signed anew by `name`.pem/`name`.key with `openssl cms -sign -cades`
/// (ESSCertIDv2), carrying the certificates of `chain`: for what OpenSSL's TSA refuses to sign.
fn resign(dir: &Path, token: &[u8], name: &str, chain: &str) -> Vec<u8> {
    std::fs::write(dir.join("resign.der"), token).unwrap();
    let tst = ["cms", "-verify", "-noverify", "-inform", "DER", "-in", "resign.der", "-binary"];
    common::pki::openssl(dir, &[&tst[..], &["-out", "tst.der"]].concat());
    let (cert, key) = (format!("{name}.pem"), format!("{name}.key"));
    common::pki::openssl(
        dir,
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-cades",
            "-nosmimecap",
            "-econtent_type",
            "1.2.840.113549.1.9.16.1.4",
            "-md",
            "sha256",
            "-signer",
            &cert,
            "-inkey",
            &key,
            "-certfile",
            chain,
            "-in",
            "tst.der",
            "-outform",
            "DER",
            "-out",
            "resigned.der",
        ],
    );
    std::fs::read(dir.join("resigned.der")).unwrap()
}

const EKU: &str = "extendedKeyUsage=critical,timeStamping\n";
const CA: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n";

/// The anchors of `proof` (written with `file`) as proofctl's library and the Python verifier
/// judge them under the trusted TSA roots in the PEM file `roots`: (proofctl, python), each a
/// list of "status/reason".
fn both_judge(
    dir: &Path,
    proof: &proofctl::proof::Proof,
    file: &[u8],
    roots: &Path,
) -> (Vec<String>, Vec<String>) {
    let certs = proofctl::timestamp::parse_roots(&std::fs::read(roots).unwrap()).unwrap();
    let report = proofctl::proof::anchors::time_report(proof, &certs);
    let ours: Vec<String> = report
        .anchors
        .iter()
        .map(|a| {
            format!("{}/{}", format!("{:?}", a.status).to_lowercase(), a.reason.unwrap_or("null"))
        })
        .collect();
    std::fs::write(dir.join("diff.txt"), file).unwrap();
    std::fs::write(dir.join("diff.txt.proof"), proof.to_json_pretty()).unwrap();
    let out = Command::new("python3")
        .arg(root().join("tests/interop/verify_pop.py"))
        .args(["--proof", "diff.txt.proof", "--tsa-root"])
        .arg(roots)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = common::all_output(&out);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {text}"));
    let python = r["anchors"]
        .as_array()
        .unwrap_or_else(|| panic!("{text}"))
        .iter()
        .map(|a| {
            format!("{}/{}", a["status"].as_str().unwrap(), a["reason"].as_str().unwrap_or("null"))
        })
        .collect();
    (ours, python)
}

/// Differential interop beyond the vectors: tokens made at run time by OpenSSL (its TSA, or `cms
/// -sign -cades` where its TSA refuses), each a case of docs/pop-1.1.md section 6.2 that no vector
/// has (an intermediate CA, a non-CA issuer, a non-critical or non-exclusive EKU, a swapped TSA
/// certificate, a TSA certificate pinned as its own root, a root of the same name with another
/// key), are judged alike by proofctl's library and the independent Python verifier, and as the
/// spec says.
#[test]
fn proofctl_and_the_python_verifier_agree_on_tokens_beyond_the_vectors() {
    if !available() {
        return;
    }
    let mut pki = Pki::new("Diff TSA Root");
    let d = pki.dir.path().to_path_buf();
    let d = d.as_path();
    let key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let file = b"differential\n";
    let new_proof = |created: std::time::SystemTime| {
        let digest = proofctl::proof::hash_reader(&file[..], None).unwrap();
        proofctl::proof::ProofBody::new(
            "diff.txt",
            &digest,
            &key.verifying_key(),
            created,
            Default::default(),
        )
        .unwrap()
        .sign(&key)
    };
    let mut proof = new_proof(std::time::SystemTime::now() - std::time::Duration::from_secs(60));
    let digest = proof.signature_digest();
    let mut expected = Vec::new();
    let mut add = |proof: &mut proofctl::proof::Proof, token: Vec<u8>, want: &str| {
        assert!(proof.add_rfc3161(&token).unwrap(), "{want}: token added");
        expected.push(want.to_string());
    };

    // Through an intermediate CA, which the token carries: valid.
    issue(d, "inter", ("ca.pem", "ca.key"), 40, 365, CA);
    issue(d, "leaf", ("inter.pem", "inter.key"), 41, 365, EKU);
    std::fs::write(
        d.join("chain.pem"),
        [std::fs::read(d.join("inter.pem")).unwrap(), std::fs::read(d.join("ca.pem")).unwrap()]
            .concat(),
    )
    .unwrap();
    add(
        &mut proof,
        reply_in(d, "leaf.pem", "leaf.key", "chain.pem", &digest, "-sha256", true),
        "valid/null",
    );
    // Issued by a certificate that is not a CA: issuer_not_ca (A12 step 4).
    issue(d, "notca", ("ca.pem", "ca.key"), 42, 365, "basicConstraints=critical,CA:FALSE\n");
    issue(d, "leaf2", ("notca.pem", "notca.key"), 43, 365, EKU);
    std::fs::write(
        d.join("chain2.pem"),
        [std::fs::read(d.join("notca.pem")).unwrap(), std::fs::read(d.join("ca.pem")).unwrap()]
            .concat(),
    )
    .unwrap();
    let good = reply_in(d, "leaf.pem", "leaf.key", "chain.pem", &digest, "-sha256", true);
    add(&mut proof, resign(d, &good, "leaf2", "chain2.pem"), "invalid/issuer_not_ca");
    // The timeStamping EKU not critical, or not the only purpose: missing_eku (A11).
    issue(d, "soft", ("ca.pem", "ca.key"), 44, 365, "extendedKeyUsage=timeStamping\n");
    add(&mut proof, resign(d, &good, "soft", "ca.pem"), "invalid/missing_eku");
    issue(
        d,
        "wide",
        ("ca.pem", "ca.key"),
        45,
        365,
        "extendedKeyUsage=critical,timeStamping,serverAuth\n",
    );
    add(&mut proof, resign(d, &good, "wide", "ca.pem"), "invalid/missing_eku");
    // A twin of the TSA certificate (same key, issuer and serial; other validity) swapped into
    // the token's certificates: signing_certificate_mismatch (A9).
    issue(d, "ts1", ("ca.pem", "ca.key"), 46, 365, EKU);
    let token = reply_in(d, "ts1.pem", "ts1.key", "ca.pem", &digest, "-sha256", true);
    common::pki::openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "ts1.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            "46",
            "-days",
            "300",
            "-extfile",
            "ts1.cnf",
            "-out",
            "twin.pem",
        ],
    );
    let der = |pem: &str| {
        common::pki::openssl(d, &["x509", "-in", pem, "-outform", "DER", "-out", "x.der"]);
        std::fs::read(d.join("x.der")).unwrap()
    };
    let (orig, twin) = (der("ts1.pem"), der("twin.pem"));
    assert_eq!(orig.len(), twin.len());
    let at =
        token.windows(orig.len()).position(|w| w == orig).expect("TSA certificate in the token");
    let mut swapped = token.clone();
    swapped[at..at + orig.len()].copy_from_slice(&twin);
    add(&mut proof, swapped, "invalid/signing_certificate_mismatch");
    // A TSA certificate expired before genTime: cert_not_valid_at_gen_time (A12 step 1).
    let expired = pki.tsa(Alg::P384, -1, true);
    add(
        &mut proof,
        pki.stamp_digest(&expired, &digest, "sha256"),
        "invalid/cert_not_valid_at_gen_time",
    );
    // A SHA-384 imprint (A3), and a token without its certificate (A6).
    let sha384 = Sha384::digest(proof.signature_bytes());
    add(
        &mut proof,
        reply_in(d, "ts1.pem", "ts1.key", "ca.pem", &sha384, "-sha384", true),
        "invalid/imprint_algorithm",
    );
    add(
        &mut proof,
        reply_in(d, "ts1.pem", "ts1.key", "ca.pem", &digest, "-sha256", false),
        "invalid/signer_cert_missing",
    );
    let (ours, python) = both_judge(d, &proof, file, &pki.root_pem());
    assert_eq!(python, expected, "the Python verifier");
    assert_eq!(ours, expected, "proofctl");

    // Roots other than the issuer: the TSA certificate itself pinned (A12 step 2: valid); a root
    // of the same name with another key (step 3: bad_cert_signature); another name (untrusted).
    let mut proof = new_proof(std::time::SystemTime::now() - std::time::Duration::from_secs(60));
    let token =
        reply_in(d, "ts1.pem", "ts1.key", "ca.pem", &proof.signature_digest(), "-sha256", true);
    assert!(proof.add_rfc3161(&token).unwrap());
    let impostor = Pki::new("Diff TSA Root");
    let stranger = Pki::new("Some Other Root");
    for (roots, want) in [
        (d.join("ts1.pem"), "valid/null"),
        (impostor.root_pem(), "invalid/bad_cert_signature"),
        (stranger.root_pem(), "untrusted/untrusted_tsa"),
    ] {
        let (ours, python) = both_judge(d, &proof, file, &roots);
        assert_eq!(python, [want], "the Python verifier, roots {}", roots.display());
        assert_eq!(ours, [want], "proofctl, roots {}", roots.display());
    }

    // A proof that claims to be created an hour after its token's genTime: before_created (A13).
    let mut proof = new_proof(std::time::SystemTime::now() + std::time::Duration::from_secs(3600));
    let token =
        reply_in(d, "ts1.pem", "ts1.key", "ca.pem", &proof.signature_digest(), "-sha256", true);
    assert!(proof.add_rfc3161(&token).unwrap());
    let (ours, python) = both_judge(d, &proof, file, &pki.root_pem());
    assert_eq!(python, ["invalid/before_created"], "the Python verifier");
    assert_eq!(ours, ["invalid/before_created"], "proofctl");
}

/// OpenSSL's TSA lists its own certificate first and the chain after it, whatever their DER
/// encodings: when the TSA certificate's encoding sorts after the root's (here it is longer),
/// `SignedData.certificates` is not a DER SET OF (X.690 11.6), and rfc3161-client, which decodes
/// strictly, refuses the token ("InvalidSetOrdering"), while proofctl, OpenSSL and the Python
/// verifier accept it. The field is unsigned, so proofctl stores such a token with its
/// certificates in DER order (`timestamp::canonical_token`) without touching any signature.
#[test]
fn a_token_whose_certificates_are_not_in_der_order_is_stored_so_rfc3161_client_accepts_it() {
    if !available() {
        return;
    }
    let pki = Pki::new("Interop TSA Root");
    let d = pki.dir.path();
    let comment = format!("{EKU}nsComment={}\n", "x".repeat(400));
    issue(d, "long", ("ca.pem", "ca.key"), 60, 365, &comment);
    let tsa = TestTsa::start(&d.join("long.pem"), &d.join("long.key"), &pki.root_pem());
    let env = common::Env::new();
    env.keygen();
    env.write("a.txt", b"a\n");
    let out = env.cmd().args(["sign", "-q", "a.txt", "--tsa", &tsa.url]).output().unwrap();
    assert!(out.status.success(), "sign --tsa: {}", common::all_output(&out));
    let path = env.path("a.txt.proof");
    let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let sig = STANDARD.decode(doc["signature"].as_str().unwrap()).unwrap();
    let token = STANDARD.decode(doc["anchors"][0]["token"].as_str().unwrap()).unwrap();
    let (ok, out) = openssl_verify(d, &token, &sig, &pki.root_pem());
    assert!(ok, "openssl ts -verify refuses:\n{out}");
    let out = Command::new("python3")
        .arg(root().join("tests/interop/tsa_rfc3161_client.py"))
        .arg("--root")
        .arg(pki.root_pem())
        .arg("--proof")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "rfc3161-client refuses:\n{}", common::all_output(&out));
}
