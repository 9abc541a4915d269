//! Trusted time in `verify` (issue 13): POP-1.1 proofs carrying real RFC 3161 tokens from
//! OpenSSL's TSA (tests/common/pki.rs), judged by the library and by the real binary.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use common::pki::{Alg, Pki};
use ed25519_dalek::SigningKey;
use proofctl::proof::anchors::{self, AnchorStatus};
use proofctl::proof::{Proof, ProofBody, hash_reader};

/// A POP-1.0 proof of `data` signed by a fixed key, claiming `created`.
fn proof_at(data: &[u8], created: SystemTime) -> Proof {
    let key = SigningKey::from_bytes(&[5u8; 32]);
    let digest = hash_reader(data, None).unwrap();
    ProofBody::new("data.txt", &digest, &key.verifying_key(), created, BTreeMap::new())
        .unwrap()
        .sign(&key)
}

#[test]
fn a_token_over_the_signature_digest_is_a_valid_anchor() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let mut proof = proof_at(b"hello\n", SystemTime::now());
    let token = pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256");
    assert!(proof.add_rfc3161(&token).unwrap());
    let proof = Proof::from_slice(proof.to_json_pretty().as_bytes()).unwrap();
    proof.check_signature().unwrap();

    let time = anchors::time_report(&proof, &pki.roots());
    let [a] = time.anchors.as_slice() else { panic!("{time:?}") };
    assert_eq!(a.status, AnchorStatus::Valid, "{}", a.message);
    assert_eq!(a.authority.as_deref(), Some("Test TSA 2"));
    assert_eq!(time.proven, a.gen_time);
    assert_eq!(time.authority.as_deref(), Some("Test TSA 2"));
    let at = a.gen_time_at.unwrap();
    assert!(at + Duration::from_secs(600) > SystemTime::now(), "{:?}", a.gen_time);

    // No roots: the same token is untrusted, and proves nothing.
    let time = anchors::time_report(&proof, &[]);
    assert_eq!(time.anchors[0].status, AnchorStatus::Untrusted);
    assert_eq!(time.anchors[0].reason, Some("untrusted_tsa"));
    assert_eq!(time.proven, None);
}

/// Tokens of one P-256 TSA are checked with a table of its key after the first 64
/// (src/timestamp/p256_comb.rs): every token still gets its own verdict, and a token whose
/// signature was altered is refused before and after the table exists.
#[test]
fn a_long_batch_by_one_p256_tsa_keeps_every_verdict() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let roots = pki.roots();
    for i in 0..90u32 {
        let mut proof = proof_at(format!("file {i}\n").as_bytes(), SystemTime::now());
        let mut token = pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256");
        let altered = i % 10 == 9;
        if altered {
            *token.last_mut().unwrap() ^= 1;
        }
        assert!(proof.add_rfc3161(&token).unwrap());
        let time = anchors::time_report(&proof, &roots);
        let a = &time.anchors[0];
        if altered {
            assert_eq!(a.reason, Some("bad_token_signature"), "token {i}: {}", a.message);
        } else {
            assert_eq!(a.status, AnchorStatus::Valid, "token {i}: {}", a.message);
        }
    }
}

// ---- `proofctl verify` end to end --------------------------------------------------------------

use common::Env;
use serde_json::Value;

/// An env with a key (no passphrase) and a signed file `data.txt` (proof `data.txt.proof`).
fn signed_env() -> Env {
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "-q", "--name", "alice"]).assert().success();
    env.write("data.txt", "the data\n");
    env.cmd().args(["sign", "--no-index", "-q", "data.txt"]).assert().success();
    env
}

fn read_proof(env: &Env, rel: &str) -> Proof {
    Proof::from_slice(&std::fs::read(env.path(rel)).unwrap()).unwrap()
}

/// Adds `token` to the proof at `rel` (as `proofctl timestamp` would) and writes it back.
fn add_token(env: &Env, rel: &str, token: &[u8]) {
    let mut proof = read_proof(env, rel);
    assert!(proof.add_rfc3161(token).unwrap());
    std::fs::write(env.path(rel), proof.to_json_pretty()).unwrap();
}

/// `verify ARGS --json`: (exit code, the document).
fn verify_json(env: &Env, args: &[&str]) -> (i32, Value) {
    let out = env.cmd().arg("verify").args(args).arg("--json").output().unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", common::all_output(&out)));
    (out.status.code().unwrap(), doc)
}

/// `verify ARGS` for people: (exit code, stdout, stderr).
fn verify_text(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().arg("verify").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn trust_root(env: &Env, pki: &Pki) {
    env.cmd().args(["trust", "add-tsa", "-q"]).arg(pki.root_pem()).assert().success();
}

#[test]
fn timestamped_proofs_verify_with_both_times_for_rsa_p256_p384() {
    let mut pki = Pki::new("Test TSA Root");
    for (alg, ess) in [(Alg::Rsa, "sha1"), (Alg::P256, "sha256"), (Alg::P384, "sha256")] {
        let env = signed_env();
        trust_root(&env, &pki);
        let tsa = pki.tsa(alg, 365, true);
        let name = format!("Test TSA {}", pki.serial);
        let proof = read_proof(&env, "data.txt.proof");
        add_token(&env, "data.txt.proof", &pki.stamp_digest(&tsa, &proof.signature_digest(), ess));

        let (code, doc) = verify_json(&env, &["data.txt.proof"]);
        assert_eq!(code, 0, "{alg:?}: {doc}");
        let r = &doc["results"][0];
        assert_eq!(r["status"], "valid");
        let time = &r["time"];
        assert_eq!(time["claimed"], proof.created.as_str());
        assert_eq!(time["authority"], name.as_str());
        let proven = time["proven"].as_str().unwrap();
        assert!(proven.ends_with('Z') && proven.len() >= 20, "{proven}");
        let a = &time["anchors"][0];
        assert_eq!(a["type"], "rfc3161");
        assert_eq!(a["status"], "valid");
        assert_eq!(a["reason"], Value::Null);
        assert_eq!(a["gen_time"], proven);
        assert_eq!(a["authority"], name.as_str());
        assert!(a["serial"].as_str().is_some_and(|s| !s.is_empty()), "{a}");

        let (code, stdout, _) = verify_text(&env, &["data.txt.proof"]);
        assert_eq!(code, 0);
        let want = format!("at {} (claimed); timestamped {proven} by {name}", proof.created);
        assert!(stdout.contains(&want), "{alg:?}: {stdout}");
        assert!(stdout.contains("signed by alice"), "{stdout}");
        assert!(!stdout.contains("anchor 1"), "{stdout}");
        // Required and present: still valid.
        assert_eq!(verify_json(&env, &["--require-timestamp", "data.txt.proof"]).0, 0);
    }
}

/// What each failure kind of the issue looks like: the proof (signed now by a trusted key) gets
/// one bad anchor; returns the env and the expected anchor status and reason.
fn failing_anchor(kind: &str) -> (Env, &'static str, &'static str) {
    let mut pki = Pki::new("Test TSA Root");
    let env = signed_env();
    let proof = read_proof(&env, "data.txt.proof");
    let digest = proof.signature_digest();
    let good = pki.tsa(Alg::Rsa, 365, true);
    let (token, status, reason) = match kind {
        "another_signature" => {
            let mut other = digest;
            other[0] ^= 1;
            (pki.stamp_digest(&good, &other, "sha256"), "invalid", "imprint_mismatch")
        }
        "the_file" => (pki.stamp(&good, b"the data\n", "sha256"), "invalid", "imprint_mismatch"),
        "tampered" => {
            let mut t = pki.stamp_digest(&good, &digest, "sha1");
            *t.last_mut().unwrap() ^= 1;
            (t, "invalid", "bad_token_signature")
        }
        "untrusted_tsa" => {
            let other = Pki::new("Another Root");
            trust_root(&env, &other);
            (pki.stamp_digest(&good, &digest, "sha256"), "untrusted", "untrusted_tsa")
        }
        "expired" => {
            let old = pki.tsa(Alg::P256, -1, true);
            (pki.stamp_digest(&old, &digest, "sha256"), "invalid", "cert_not_valid_at_gen_time")
        }
        "missing_eku" => {
            let t = pki.stamp_digest(&good, &digest, "sha256");
            let bad = pki.tsa(Alg::P256, 365, false);
            (pki.resign(&t, &bad.cert, &bad.key), "invalid", "missing_eku")
        }
        other => panic!("{other}"),
    };
    if kind != "untrusted_tsa" {
        trust_root(&env, &pki);
    }
    add_token(&env, "data.txt.proof", &token);
    (env, status, reason)
}

#[test]
fn a_bad_anchor_is_reported_and_fails_the_proof_only_when_required() {
    for kind in
        ["another_signature", "the_file", "tampered", "untrusted_tsa", "expired", "missing_eku"]
    {
        let (env, status, reason) = failing_anchor(kind);
        let (code, doc) = verify_json(&env, &["data.txt.proof"]);
        assert_eq!(code, 0, "{kind}: {doc}");
        let r = &doc["results"][0];
        assert_eq!(r["status"], "valid", "{kind}");
        assert_eq!(r["reason"], Value::Null, "{kind}");
        assert_eq!(r["time"]["proven"], Value::Null, "{kind}");
        let a = &r["time"]["anchors"][0];
        assert_eq!(
            (a["status"].as_str(), a["reason"].as_str()),
            (Some(status), Some(reason)),
            "{kind}: {a}"
        );
        assert!(a["message"].as_str().is_some_and(|m| !m.is_empty()), "{kind}");

        let (code, stdout, _) = verify_text(&env, &["data.txt.proof"]);
        assert_eq!(code, 0, "{kind}");
        assert!(stdout.contains("(claimed); no trusted timestamp"), "{kind}: {stdout}");
        assert!(
            stdout.contains(&format!("    anchor 1 (rfc3161): {status}: ")),
            "{kind}: {stdout}"
        );
        if kind == "untrusted_tsa" {
            assert!(stdout.contains("proofctl trust add-tsa ROOT.pem"), "{stdout}");
        }

        let (code, doc) = verify_json(&env, &["--require-timestamp", "data.txt.proof"]);
        assert_eq!(code, 1, "{kind}: {doc}");
        let r = &doc["results"][0];
        assert_eq!(r["status"], "invalid");
        assert_eq!(r["reason"], "timestamp_required");
        let m = r["message"].as_str().unwrap();
        assert!(m.contains(&format!("anchor 1 (rfc3161) {status}: ")), "{kind}: {m}");
        // The anchors are still reported.
        assert_eq!(r["time"]["anchors"][0]["reason"], reason);
        let (code, stdout, _) = verify_text(&env, &["--require-timestamp", "data.txt.proof"]);
        assert_eq!(code, 1);
        assert!(
            stdout.starts_with("FAIL data.txt.proof: a trusted timestamp is required"),
            "{stdout}"
        );
    }
}

#[test]
fn a_token_from_long_before_created_is_invalid_before_created() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let env = Env::new();
    let key = SigningKey::from_bytes(&[8u8; 32]);
    env.write("signer.pub", proofctl::keys::public_key_pem(&key.verifying_key()));
    env.write("data.txt", "the data\n");
    env.write("roots/root.pem", std::fs::read(pki.root_pem()).unwrap());
    let digest = hash_reader(&b"the data\n"[..], None).unwrap();
    // created 301 s after the TSA's clock (tolerance 300 s), and within it.
    for (ahead, status) in [(301 + 5, "invalid"), (240, "valid")] {
        let created = SystemTime::now() + Duration::from_secs(ahead);
        let mut proof =
            ProofBody::new("data.txt", &digest, &key.verifying_key(), created, BTreeMap::new())
                .unwrap()
                .sign(&key);
        let token = pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256");
        proof.add_rfc3161(&token).unwrap();
        env.write("data.txt.proof", proof.to_json_pretty());
        let (code, doc) =
            verify_json(&env, &["--key", "signer.pub", "--tsa-trust", "roots", "data.txt.proof"]);
        let a = &doc["results"][0]["time"]["anchors"][0];
        assert_eq!(code, 0, "{doc}");
        assert_eq!(a["status"], status, "{ahead}: {a}");
        if status == "invalid" {
            assert_eq!(a["reason"], "before_created");
            assert!(a["gen_time"].is_string(), "the token verified: its time is shown");
        }
    }
}

#[test]
fn a_pop_1_0_proof_verifies_as_before_and_fails_only_when_a_timestamp_is_required() {
    let env = signed_env();
    let (code, doc) = verify_json(&env, &["data.txt.proof"]);
    assert_eq!(code, 0, "{doc}");
    let r = &doc["results"][0];
    let proof = read_proof(&env, "data.txt.proof");
    assert_eq!(
        r["time"],
        serde_json::json!({"claimed": proof.created, "proven": null, "authority": null, "anchors": []})
    );
    let (_, stdout, _) = verify_text(&env, &["data.txt.proof"]);
    assert!(!stdout.contains("claimed") && !stdout.contains("timestamp"), "{stdout}");
    assert!(stdout.contains(&format!("at {}\n", proof.created)), "{stdout}");

    let (code, doc) = verify_json(&env, &["--require-timestamp", "data.txt.proof"]);
    assert_eq!(code, 1);
    let r = &doc["results"][0];
    assert_eq!(r["reason"], "timestamp_required");
    assert!(r["message"].as_str().unwrap().contains("has no timestamp"), "{r}");
    let (code, stdout, _) = verify_text(&env, &["--require-timestamp", "data.txt.proof"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("add one with `proofctl timestamp data.txt.proof`"), "{stdout}");

    // A proof that does not parse has no time at all.
    env.write("junk.proof", "{");
    let (code, doc) = verify_json(&env, &["junk.proof"]);
    assert_eq!(code, 2);
    assert_eq!(doc["results"][0]["time"], Value::Null);
    // An untrusted signer is not made valid by a timestamp, and a required one fails it.
    let stranger = Env::new();
    let (code, doc) = verify_json(&stranger, &[env.path("data.txt.proof").to_str().unwrap()]);
    assert_eq!((code, doc["results"][0]["status"].as_str()), (1, Some("untrusted")));
    let (code, doc) = verify_json(
        &stranger,
        &["--require-timestamp", env.path("data.txt.proof").to_str().unwrap()],
    );
    assert_eq!((code, doc["results"][0]["reason"].as_str()), (1, Some("timestamp_required")));
}

#[test]
fn batch_verify_reports_each_proof_with_its_own_time() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let env = signed_env();
    trust_root(&env, &pki);
    env.write("plain.txt", "plain\n");
    env.cmd().args(["sign", "--no-index", "-q", "plain.txt"]).assert().success();
    let proof = read_proof(&env, "data.txt.proof");
    add_token(&env, "data.txt.proof", &pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256"));
    // An unknown anchor type next to it is reported as unknown and changes nothing.
    let mut v: Value =
        serde_json::from_slice(&std::fs::read(env.path("data.txt.proof")).unwrap()).unwrap();
    v["anchors"].as_array_mut().unwrap().push(serde_json::json!({"type": "tlog", "entry": 7}));
    env.write("data.txt.proof", serde_json::to_string_pretty(&v).unwrap());

    let (code, doc) = verify_json(&env, &["data.txt.proof", "plain.txt.proof"]);
    assert_eq!(code, 0, "{doc}");
    let stamped = &doc["results"][0]["time"];
    assert!(stamped["proven"].is_string(), "{stamped}");
    assert_eq!(stamped["anchors"][1]["status"], "unknown");
    assert_eq!(stamped["anchors"][1]["type"], "tlog");
    assert_eq!(doc["results"][1]["time"]["proven"], Value::Null);
    let (code, stdout, _) = verify_text(&env, &["data.txt.proof", "plain.txt.proof"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("    anchor 2 (tlog): unknown: "), "{stdout}");
    // Required: the timestamped one passes, the plain one fails; exit 1.
    let (code, doc) =
        verify_json(&env, &["--require-timestamp", "data.txt.proof", "plain.txt.proof"]);
    assert_eq!(code, 1);
    assert_eq!(doc["results"][0]["status"], "valid");
    assert_eq!(doc["results"][1]["reason"], "timestamp_required");
    assert_eq!(doc["summary"]["invalid"], 1);
}

#[test]
fn tsa_trust_dirs_add_roots_for_one_run() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::Rsa, 365, true);
    let env = signed_env();
    let proof = read_proof(&env, "data.txt.proof");
    add_token(&env, "data.txt.proof", &pki.stamp_digest(&tsa, &proof.signature_digest(), "sha1"));
    let (_, doc) = verify_json(&env, &["data.txt.proof"]);
    assert_eq!(doc["results"][0]["time"]["anchors"][0]["status"], "untrusted");
    env.write("roots/test.pem", std::fs::read(pki.root_pem()).unwrap());
    env.write("roots/README", "not a root");
    let (code, doc) = verify_json(&env, &["--tsa-trust", "roots", "data.txt.proof"]);
    assert_eq!(code, 0);
    assert_eq!(doc["results"][0]["time"]["anchors"][0]["status"], "valid");
    assert_eq!(doc["results"][0]["time"]["authority"], "Test TSA 2");

    // Bad folders are one clear error each.
    env.write("empty/x.txt", "x");
    env.write("leaf/tsa.pem", std::fs::read(pki.path(&tsa.cert)).unwrap());
    for (dir, says) in [
        ("nowhere", "TSA trust dir not found"),
        ("empty", "holds no *.pem files"),
        ("data.txt", "not a directory"),
        ("leaf", "is not a CA certificate"),
    ] {
        let (code, _, stderr) = verify_text(&env, &["--tsa-trust", dir, "data.txt.proof"]);
        assert_eq!(code, 2, "{dir}");
        assert_eq!(stderr.lines().count(), 1, "{dir}: {stderr}");
        assert!(
            stderr.starts_with("proofctl: error: ") && stderr.contains(says),
            "{dir}: {stderr}"
        );
    }
}

#[test]
fn trust_add_tsa_list_and_remove() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let env = Env::new();
    let out = env.cmd().args(["trust", "add-tsa"]).arg(pki.root_pem()).output().unwrap();
    assert!(out.status.success(), "{}", common::all_output(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("Trusted TSA root Test-TSA-Root: CN=Test TSA Root")
    );
    let stored = env.home().join("tsa/Test-TSA-Root.pem");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&stored), 0o600);
        assert_eq!(mode(&env.home().join("tsa")), 0o700);
    }
    assert_eq!(
        proofctl::timestamp::parse_roots(&std::fs::read(&stored).unwrap()).unwrap(),
        pki.roots()
    );
    // Again: already trusted, nothing written.
    let out = env
        .cmd()
        .args(["trust", "add-tsa", "--name", "other"])
        .arg(pki.root_pem())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Already trusted as TSA root Test-TSA-Root")
    );
    assert!(!env.home().join("tsa/other.pem").exists());

    let out = env.cmd().args(["trust", "list", "--json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let roots = doc["tsa_roots"].as_array().unwrap();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0]["name"], "Test-TSA-Root");
    assert_eq!(roots[0]["subject"], "CN=Test TSA Root");
    assert_eq!(roots[0]["sha256"].as_str().unwrap().len(), 64);
    let out = env.cmd().args(["trust", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("TSA roots:\nTest-TSA-Root"), "{text}");

    // Another root under a taken name: refused without --force.
    let other = Pki::new("Other Root");
    let out = env
        .cmd()
        .args(["trust", "add-tsa", "--name", "Test-TSA-Root"])
        .arg(other.root_pem())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists; pass --force"));
    env.cmd()
        .args(["trust", "add-tsa", "-q", "--force", "--name", "Test-TSA-Root"])
        .arg(other.root_pem())
        .assert()
        .success();
    assert_eq!(
        proofctl::timestamp::parse_roots(&std::fs::read(&stored).unwrap()).unwrap(),
        other.roots()
    );

    // Refusals: one line each, exit 2.
    env.write("text.pem", "hello\n");
    env.write("garbage.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    pki.tsa(Alg::P256, 365, true);
    openssl_der(&pki, "ca.pem", "ca.der");
    env.write("root.der", std::fs::read(pki.path("ca.der")).unwrap());
    env.write("leaf.pem", std::fs::read(pki.path(&tsa.cert)).unwrap());
    for (file, says) in [
        ("text.pem", "not a PEM certificate file"),
        ("root.der", "openssl x509 -inform DER"),
        ("garbage.pem", "not a valid certificate"),
        ("leaf.pem", "CN=Test TSA 2 is not a CA certificate"),
        ("missing.pem", "missing.pem"),
    ] {
        let out = env.cmd().args(["trust", "add-tsa", file]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert_eq!(stderr.lines().count(), 1, "{file}: {stderr}");
        assert!(
            stderr.starts_with("proofctl: error: ") && stderr.contains(says),
            "{file}: {stderr}"
        );
    }
    let out = env
        .cmd()
        .args(["trust", "add-tsa", "--name", "../x"])
        .arg(pki.root_pem())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    env.cmd().args(["trust", "remove-tsa", "Test-TSA-Root"]).assert().success();
    assert!(!stored.exists());
    let out = env.cmd().args(["trust", "remove-tsa", "Test-TSA-Root"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no trusted TSA root named"));
}

fn openssl_der(pki: &Pki, pem: &str, der: &str) {
    common::pki::openssl(pki.dir.path(), &["x509", "-in", pem, "-outform", "DER", "-out", der]);
}

#[test]
fn verify_indexed_reports_the_time_of_an_indexed_timestamped_proof() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P384, 365, true);
    let env = signed_env();
    trust_root(&env, &pki);
    let proof = read_proof(&env, "data.txt.proof");
    add_token(&env, "data.txt.proof", &pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256"));
    env.cmd().args(["index", "add", "-q", "data.txt"]).assert().success();

    let (code, doc) = verify_json(&env, &["--indexed", "data.txt"]);
    assert_eq!(code, 0, "{doc}");
    let time = &doc["results"][0]["time"];
    assert_eq!(time["anchors"][0]["status"], "valid", "{time}");
    assert_eq!(time["authority"], "Test TSA 2");
    let (code, stdout, _) = verify_text(&env, &["--indexed", "--require-timestamp", "data.txt"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("(claimed); timestamped "), "{stdout}");
    // Without the TSA root the same proof is only untrusted-stamped: required, it fails.
    env.cmd().args(["trust", "remove-tsa", "Test-TSA-Root"]).assert().success();
    let (code, doc) = verify_json(&env, &["--indexed", "--require-timestamp", "data.txt"]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["results"][0]["reason"], "timestamp_required");
}

/// verify_token remembers issuer signatures it checked good; a root with the same name but
/// another key must still fail afterwards, in the same process.
#[test]
fn a_remembered_chain_link_does_not_vouch_for_an_impostor_root() {
    use proofctl::timestamp::{TokenError, verify_token};
    let mut pki = Pki::new("Shared Root Name");
    for alg in [Alg::Rsa, Alg::P256] {
        let tsa = pki.tsa(alg, 365, true);
        let token = pki.stamp(&tsa, b"sig", "sha256");
        verify_token(&token, b"sig", &pki.roots()).unwrap();
        verify_token(&token, b"sig", &pki.roots()).unwrap();
        let impostor = Pki::new("Shared Root Name");
        assert!(matches!(
            verify_token(&token, b"sig", &impostor.roots()),
            Err(TokenError::BadCertSignature(_))
        ));
        // And a token altered after a good check of the same chain still fails.
        let mut altered = token.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert!(verify_token(&altered, b"sig", &pki.roots()).is_err());
    }
}
