//! Getting timestamps (issue 13): `sign --tsa`, `sign --timestamp` and `timestamp` against a real
//! TSA on loopback (OpenSSL's `openssl ts -reply` behind tests/common/tsa.rs), with RSA, P-256 and
//! P-384 TSA keys; and every way a TSA fails (down, 500, garbage, the wrong content type, a
//! rejection, no answer, a replayed reply): the proof is written or left as it was, one line,
//! exit 2, and a later `timestamp` completes it.

mod common;

use std::path::Path;
use std::process::Command as Std;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use common::pki::{Alg, Pki};
use common::tsa::{Mode, TestTsa, closed_url};
use common::{Env, all_output};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A home with a key, a file to sign, a test PKI and a TSA of `alg` on loopback.
struct Setup {
    env: Env,
    pki: Pki,
    tsa: TestTsa,
}

fn setup(alg: Alg) -> Setup {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", "the bytes whose signature gets a time\n");
    let mut pki = Pki::new("Loopback TSA Root");
    let tsa = start_tsa(&mut pki, alg);
    Setup { env, pki, tsa }
}

fn start_tsa(pki: &mut Pki, alg: Alg) -> TestTsa {
    let t = pki.tsa(alg, 365, true);
    TestTsa::start(&pki.path(&t.cert), &pki.path(&t.key), &pki.path("ca.pem"))
}

fn proof_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The decoded tokens of a proof's rfc3161 anchors, in order.
fn tokens(proof: &Value) -> Vec<Vec<u8>> {
    proof["anchors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    assert_eq!(x["type"], "rfc3161");
                    B64.decode(x["token"].as_str().unwrap()).unwrap()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn signature(proof: &Value) -> Vec<u8> {
    B64.decode(proof["signature"].as_str().unwrap()).unwrap()
}

/// The proof as POP-1.0 signed it: every member but `anchors`, format POP-1.0.
fn statement(proof: &Value) -> Value {
    let mut p = proof.clone();
    let o = p.as_object_mut().unwrap();
    o.remove("anchors");
    o.insert("format".into(), "POP-1.0".into());
    p
}

/// `openssl ts -verify` of a token over SHA-256 of the signature bytes, against the PKI's root.
fn openssl_verifies(pki: &Pki, token: &[u8], sig: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("token.der");
    std::fs::write(&t, token).unwrap();
    let out = Std::new("openssl")
        .args(["ts", "-verify", "-digest", &hex::encode(Sha256::digest(sig)), "-token_in", "-in"])
        .arg(&t)
        .arg("-CAfile")
        .arg(pki.path("ca.pem"))
        .output()
        .unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Verification: OK"),
        "openssl ts -verify: {}",
        all_output(&out)
    );
}

/// The token verifies in proofctl against the PKI's root, for these signature bytes.
fn proofctl_verifies(pki: &Pki, token: &[u8], sig: &[u8]) -> proofctl::timestamp::Verified {
    let roots = proofctl::timestamp::parse_roots(&std::fs::read(pki.path("ca.pem")).unwrap());
    proofctl::timestamp::verify_token(token, sig, &roots.unwrap()).unwrap()
}

/// stderr's `proofctl: error:` lines.
fn error_lines(out: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("proofctl: error:"))
        .map(str::to_string)
        .collect()
}

fn verify_ok(env: &Env, proof: &str) {
    let out = env.cmd().args(["verify", proof]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "verify {proof}: {}", all_output(&out));
}

#[test]
fn sign_tsa_writes_a_pop_1_1_proof_whose_token_openssl_and_proofctl_verify() {
    for alg in [Alg::Rsa, Alg::P256, Alg::P384] {
        let s = setup(alg);
        let out = s.env.cmd().args(["sign", "a.txt", "--tsa", &s.tsa.url]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{alg:?}: {}", all_output(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("Timestamped a.txt.proof: "), "{stdout}");
        assert_eq!(s.tsa.requests(), 1);
        let proof = proof_json(&s.env.path("a.txt.proof"));
        assert_eq!(proof["format"], "POP-1.1", "{proof}");
        let [token] = tokens(&proof).try_into().unwrap();
        let sig = signature(&proof);
        openssl_verifies(&s.pki, &token, &sig);
        let v = proofctl_verifies(&s.pki, &token, &sig);
        assert!(v.tsa_name.contains("Test TSA"), "{}", v.tsa_name);
        assert!(stdout.contains(&v.gen_time_rfc3339), "{stdout} vs {}", v.gen_time_rfc3339);
        // The signature is an ordinary POP-1.0 signature over the statement.
        verify_ok(&s.env, "a.txt.proof");
    }
}

#[test]
fn timestamp_adds_tokens_to_an_offline_proof_keeping_its_signature_and_every_earlier_token() {
    let s = setup(Alg::P256);
    s.env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    let offline = proof_json(&s.env.path("a.txt.proof"));
    assert_eq!(offline["format"], "POP-1.0");

    let out = s.env.cmd().args(["timestamp", "a.txt.proof", "--tsa", &s.tsa.url]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let once = proof_json(&s.env.path("a.txt.proof"));
    assert_eq!(once["format"], "POP-1.1");
    assert_eq!(statement(&once), offline, "the signed statement is kept");
    let first = tokens(&once);
    assert_eq!(first.len(), 1);
    openssl_verifies(&s.pki, &first[0], &signature(&offline));
    verify_ok(&s.env, "a.txt.proof");

    // Again with the same TSA: another token (another serial and nonce), the first kept.
    let out = s.env.cmd().args(["timestamp", "a.txt.proof", "--tsa", &s.tsa.url]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let twice = proof_json(&s.env.path("a.txt.proof"));
    let both = tokens(&twice);
    assert_eq!(both.len(), 2);
    assert_eq!(both[0], first[0], "the earlier token is kept, first");
    assert_ne!(both[1], first[0]);
    assert_eq!(statement(&twice), offline);
    for t in &both {
        openssl_verifies(&s.pki, t, &signature(&offline));
    }
    assert_eq!(s.tsa.requests(), 2);
    verify_ok(&s.env, "a.txt.proof");
}

#[test]
fn two_tsas_give_two_tokens_in_the_order_given() {
    let mut s = setup(Alg::Rsa);
    let second = start_tsa(&mut s.pki, Alg::P384);
    let out = s
        .env
        .cmd()
        .args(["sign", "a.txt", "--tsa", &s.tsa.url, "--tsa", &second.url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let proof = proof_json(&s.env.path("a.txt.proof"));
    let t = tokens(&proof);
    assert_eq!(t.len(), 2);
    let sig = signature(&proof);
    let names: Vec<String> =
        t.iter().map(|t| proofctl_verifies(&s.pki, t, &sig).tsa_name).collect();
    assert_ne!(names[0], names[1], "one token from each TSA");
    assert_eq!((s.tsa.requests(), second.requests()), (1, 1));
}

/// Each way a TSA fails, as `sign --tsa` meets it: the proof is written (POP-1.0, its signature
/// good), one line names the TSA and says to run `timestamp` later, exit 2; then `timestamp`
/// completes it. As `timestamp` meets it: the proof is untouched, one line, exit 2.
#[test]
fn a_failing_tsa_never_loses_a_signature_and_timestamp_completes_the_proof_later() {
    let s = setup(Alg::P256);
    let cases: Vec<(&str, Option<Mode>, &str)> = vec![
        ("down", None, "cannot be reached"),
        ("500", Some(Mode::Status500), "HTTP 500"),
        ("garbage", Some(Mode::Garbage), "not a time-stamp reply"),
        ("content type", Some(Mode::WrongContentType), "Content-Type text/html"),
        ("rejection", Some(Mode::Rejection), "refused to stamp (status rejection"),
        ("slow", Some(Mode::Slow), "did not answer within 2 s"),
    ];
    let down = closed_url();
    for (i, (what, mode, says)) in cases.into_iter().enumerate() {
        let file = format!("f{i}.txt");
        let proof = format!("{file}.proof");
        s.env.write(&file, format!("file {i}"));
        let url = match mode {
            Some(m) => {
                s.tsa.set_mode(m);
                s.tsa.url.clone()
            }
            None => down.clone(),
        };
        let out = s
            .env
            .cmd()
            .args(["sign", &file, "--tsa", &url, "--tsa-timeout", "2"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{what}: {}", all_output(&out));
        let lines = error_lines(&out);
        assert_eq!(lines.len(), 1, "{what}: one line: {lines:?}");
        assert!(lines[0].contains(says), "{what}: {}", lines[0]);
        assert!(lines[0].contains(&url), "{what}: names the TSA: {}", lines[0]);
        assert!(
            lines[0].contains(&format!("run `proofctl timestamp {proof}` later")),
            "{what}: {}",
            lines[0]
        );
        let written = proof_json(&s.env.path(&proof));
        assert_eq!(written["format"], "POP-1.0", "{what}");
        verify_ok(&s.env, &proof);

        // `timestamp` against the same failing TSA: untouched.
        let before = std::fs::read(s.env.path(&proof)).unwrap();
        let out = s
            .env
            .cmd()
            .args(["timestamp", &proof, "--tsa", &url, "--tsa-timeout", "2"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{what}: {}", all_output(&out));
        let lines = error_lines(&out);
        assert_eq!(lines.len(), 1, "{what}: {lines:?}");
        assert!(lines[0].contains(says), "{what}: {}", lines[0]);
        assert_eq!(std::fs::read(s.env.path(&proof)).unwrap(), before, "{what}: untouched");

        // The TSA back: `timestamp` completes the proof.
        s.tsa.set_mode(Mode::Good);
        let out = s.env.cmd().args(["timestamp", &proof, "--tsa", &s.tsa.url]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{what}: {}", all_output(&out));
        let done = proof_json(&s.env.path(&proof));
        assert_eq!(statement(&done), written, "{what}");
        let [token] = tokens(&done).try_into().unwrap();
        openssl_verifies(&s.pki, &token, &signature(&written));
    }
}

#[test]
fn a_replayed_reply_is_refused_for_its_nonce_and_the_proof_keeps_its_one_token() {
    let s = setup(Alg::Rsa);
    s.env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    s.env.cmd().args(["timestamp", "-q", "a.txt.proof", "--tsa", &s.tsa.url]).assert().success();
    let before = std::fs::read(s.env.path("a.txt.proof")).unwrap();
    // The same reply again: a good token over these very bytes, answering another request.
    s.tsa.set_mode(Mode::Replay);
    let out = s.env.cmd().args(["timestamp", "a.txt.proof", "--tsa", &s.tsa.url]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("nonce"), "{}", lines[0]);
    assert_eq!(std::fs::read(s.env.path("a.txt.proof")).unwrap(), before);
    assert_eq!(s.tsa.requests(), 2);
}

#[test]
fn a_tsa_that_does_not_answer_is_asked_once_per_run_not_once_per_file() {
    let s = setup(Alg::P256);
    s.env.write("b.txt", "b");
    s.env.write("c.txt", "c");
    s.tsa.set_mode(Mode::Slow);
    let out = s
        .env
        .cmd()
        .args(["sign", "a.txt", "b.txt", "c.txt", "--tsa", &s.tsa.url, "--tsa-timeout", "2"])
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert_eq!(error_lines(&out).len(), 3, "one line per proof without its token");
    for f in ["a.txt.proof", "b.txt.proof", "c.txt.proof"] {
        verify_ok(&s.env, f);
    }
    // Two files may be in flight together (two threads), never all three in turn.
    assert!(s.tsa.requests() <= 2, "asked {} times", s.tsa.requests());
}

#[test]
fn timestamp_does_every_proof_it_can_and_names_the_ones_it_cannot() {
    let s = setup(Alg::P384);
    s.env.write("b.txt", "b");
    s.env.cmd().args(["sign", "-q", "a.txt", "b.txt"]).assert().success();
    s.env.write("bad.proof", "{\"format\": \"POP-1.0\"}");
    let out = s
        .env
        .cmd()
        .args(["timestamp", "a.txt.proof", "bad.proof", "missing.proof", "b.txt.proof"])
        .args(["--tsa", &s.tsa.url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("proofctl: error: bad.proof: ")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("proofctl: error: missing.proof: ")), "{lines:?}");
    for p in ["a.txt.proof", "b.txt.proof"] {
        assert_eq!(tokens(&proof_json(&s.env.path(p))).len(), 1, "{p}");
    }
    assert_eq!(
        std::fs::read_to_string(s.env.path("bad.proof")).unwrap(),
        "{\"format\": \"POP-1.0\"}"
    );
    assert_eq!(s.tsa.requests(), 2, "no TSA asked for a proof that does not parse");
}

#[test]
fn with_no_tsa_anywhere_one_line_names_both_fixes_and_config_tsas_are_the_default() {
    let s = setup(Alg::Rsa);
    s.env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    let out = s.env.cmd().args(["timestamp", "a.txt.proof"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("--tsa URL") && lines[0].contains("config.toml"), "{}", lines[0]);
    let out = s.env.cmd().args(["sign", "--force", "a.txt", "--timestamp"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(error_lines(&out)[0].contains("config.toml"), "{}", all_output(&out));
    assert_eq!(s.tsa.requests(), 0);

    std::fs::write(s.env.home().join("config.toml"), format!("tsa = [\"{}\"]\n", s.tsa.url))
        .unwrap();
    s.env.cmd().args(["timestamp", "-q", "a.txt.proof"]).assert().success();
    s.env.write("b.txt", "b");
    s.env.cmd().args(["sign", "-q", "b.txt", "--timestamp"]).assert().success();
    assert_eq!(tokens(&proof_json(&s.env.path("a.txt.proof"))).len(), 1);
    assert_eq!(tokens(&proof_json(&s.env.path("b.txt.proof"))).len(), 1);
    assert_eq!(s.tsa.requests(), 2);
}

#[test]
fn json_reports_each_proof_and_each_token() {
    let s = setup(Alg::P256);
    s.env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    s.env.write("bad.proof", "not json");
    let out = s
        .env
        .cmd()
        .args(["--json", "timestamp", "a.txt.proof", "bad.proof", "--tsa", &s.tsa.url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let proofs = doc["proofs"].as_array().unwrap();
    assert_eq!(proofs.len(), 2);
    let good = &proofs[0];
    assert_eq!(good["proof"], "a.txt.proof");
    assert_eq!(good["format"], "POP-1.1");
    assert_eq!(good["anchors"], 1);
    assert_eq!(good["errors"], serde_json::json!([]));
    let added = &good["added"][0];
    assert_eq!(added["tsa"], s.tsa.url.as_str());
    assert!(added["authority"].as_str().unwrap().starts_with("Test TSA"), "{added}");
    assert!(added["gen_time"].as_str().unwrap().ends_with('Z'), "{added}");
    assert!(!added["serial"].as_str().unwrap().is_empty());
    let bad = &proofs[1];
    assert_eq!((&bad["format"], &bad["anchors"]), (&Value::Null, &Value::Null));
    assert_eq!(bad["errors"][0]["tsa"], Value::Null);

    // sign --tsa: each signed entry lists its timestamps; a TSA failure is an error entry.
    s.env.write("b.txt", "b");
    let out = s
        .env
        .cmd()
        .args(["--json", "sign", "b.txt", "--tsa", &s.tsa.url, "--tsa", &closed_url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["signed"][0]["timestamps"][0]["tsa"], s.tsa.url.as_str());
    assert_eq!(doc["signed"][0]["timestamps"].as_array().unwrap().len(), 1);
    assert_eq!(doc["errors"][0]["path"], "b.txt.proof");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("not timestamped"));
    assert_eq!(tokens(&proof_json(&s.env.path("b.txt.proof"))).len(), 1);
}

#[test]
fn sign_stdin_with_tsa_prints_a_timestamped_proof() {
    let s = setup(Alg::Rsa);
    let out = s
        .env
        .cmd()
        .args(["sign", "-", "--name", "piped.txt", "--tsa", &s.tsa.url])
        .write_stdin("piped bytes")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let proof: Value = serde_json::from_slice(&out.stdout).unwrap();
    let [token] = tokens(&proof).try_into().unwrap();
    openssl_verifies(&s.pki, &token, &signature(&proof));
}

/// `timestamp` and `sign --tsa`/`--timestamp` talk to TSAs, so both offline binaries hand them to
/// `proofctl-sync`: alone, each says it needs that wing.
#[test]
fn asking_a_tsa_is_the_network_wings_job() {
    let dir = tempfile::tempdir().unwrap();
    for bin in [env!("CARGO_BIN_EXE_proofctl"), env!("CARGO_BIN_EXE_proofctl-index")] {
        let alone = dir.path().join("alone");
        std::fs::copy(bin, &alone).unwrap();
        for (args, verb) in [
            (vec!["timestamp", "x.proof", "--tsa", "http://127.0.0.1:9/"], "timestamp"),
            (vec!["sign", "x", "--tsa", "http://127.0.0.1:9/"], "sign --tsa"),
            (vec!["sign", "x", "--timestamp"], "sign --tsa"),
        ] {
            let out = Std::new(&alone)
                .args(&args)
                .env("PATH", "/usr/bin:/bin")
                .env("PROOFCTL_HOME", dir.path().join("home"))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{bin} {args:?}: {}", all_output(&out));
            let want = format!("`proofctl {verb}` needs proofctl-sync");
            assert!(String::from_utf8_lossy(&out.stderr).contains(&want), "{}", all_output(&out));
        }
    }
}
