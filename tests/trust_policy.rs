//! Trust-entry restrictions and the CI signer policy (issue 14 parts 3 and 5, docs/trust-policy.md),
//! end to end with the real binary: validity windows against the claimed and the proven time
//! (real RFC 3161 tokens from OpenSSL's TSA), metadata restrictions, `verify --require N`,
//! `--require-meta` and `--policy FILE`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::Env;
use common::pki::{Alg, Pki};
use ed25519_dalek::SigningKey;
use proofctl::keys::public_key_pem;
use proofctl::proof::{Proof, ProofBody, hash_reader};
use serde_json::Value;

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn at(s: &str) -> SystemTime {
    humantime::parse_rfc3339(s).unwrap()
}

/// Writes a proof of the file `file` (relative to the env) by `signer`, claiming `created`,
/// with `meta`, to `proof` (relative).
fn write_proof(
    env: &Env,
    file: &str,
    proof: &str,
    signer: &SigningKey,
    created: SystemTime,
    meta: &[(&str, &str)],
) -> Proof {
    let data = std::fs::read(env.path(file)).unwrap();
    let name = Path::new(file).file_name().unwrap().to_str().unwrap();
    let meta: BTreeMap<String, String> =
        meta.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let p = ProofBody::new(
        name,
        &hash_reader(&data[..], None).unwrap(),
        &signer.verifying_key(),
        created,
        meta,
    )
    .unwrap()
    .sign(signer);
    env.write(proof, p.to_json_pretty());
    p
}

/// Puts `signer`'s public key in `dir/NAME.pub`, with `sidecar` as `dir/NAME.toml` when given.
fn trust(env: &Env, dir: &str, name: &str, signer: &SigningKey, sidecar: Option<&str>) {
    env.write(format!("{dir}/{name}.pub"), public_key_pem(&signer.verifying_key()));
    if let Some(text) = sidecar {
        env.write(format!("{dir}/{name}.toml"), text);
    }
}

fn json(env: &Env, args: &[&str]) -> (i32, Value) {
    let out = env.cmd().args(args).arg("--json").output().unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", common::all_output(&out)));
    (out.status.code().unwrap(), doc)
}

fn text(env: &Env, args: &[&str]) -> (i32, String) {
    let out = env.cmd().args(args).output().unwrap();
    (out.status.code().unwrap(), common::all_output(&out))
}

const WINDOW_2020: &str = "valid_after = \"2020-01-01\"\nvalid_before = \"2021-01-01T00:00:00Z\"\n";

#[test]
fn window_against_the_claimed_time_in_a_trust_dir() {
    let env = Env::new();
    let alice = key(1);
    trust(&env, "keys", "alice", &alice, Some(WINDOW_2020));
    env.write("data.txt", "data\n");
    for (proof, created, want) in [
        ("before.proof", "2019-12-31T23:59:59Z", "invalid"),
        ("inside.proof", "2020-01-01T00:00:00Z", "valid"),
        ("late.proof", "2020-12-31T23:59:59Z", "valid"),
        ("after.proof", "2021-01-01T00:00:00Z", "invalid"),
    ] {
        write_proof(&env, "data.txt", proof, &alice, at(created), &[]);
        let (code, doc) =
            json(&env, &["verify", "--trust-dir", "keys", "--file", "data.txt", proof]);
        let r = &doc["results"][0];
        assert_eq!(r["status"], want, "{proof}: {doc:#}");
        let msg = r["message"].as_str().unwrap();
        if want == "valid" {
            assert_eq!(code, 0);
            assert_eq!(r["reason"], Value::Null);
            assert!(msg.contains("within alice's validity window (claimed time)"), "{msg}");
        } else {
            assert_eq!(code, 1);
            assert_eq!(r["reason"], "outside_validity");
            assert!(
                msg.contains("from 2020-01-01T00:00:00Z until 2021-01-01T00:00:00Z")
                    && msg.contains(&format!("made at {created} (claimed time)")),
                "{msg}"
            );
            // The signature is good: the entry that refused it is named.
            assert_eq!(r["signer"]["name"], "alice");
        }
    }
    // An unrestricted key beside it is not affected.
    let bob = key(2);
    trust(&env, "keys", "bob", &bob, None);
    write_proof(&env, "data.txt", "bob.proof", &bob, at("2019-01-01T00:00:00Z"), &[]);
    let (code, _) =
        json(&env, &["verify", "--trust-dir", "keys", "--file", "data.txt", "bob.proof"]);
    assert_eq!(code, 0);
}

#[test]
fn trust_add_stores_lists_updates_and_removes_restrictions() {
    let env = Env::new();
    let alice = key(3);
    env.write("alice.pub", public_key_pem(&alice.verifying_key()));
    let (code, doc) = json(
        &env,
        &[
            "trust",
            "add",
            "alice.pub",
            "--name",
            "alice",
            "--valid-after",
            "2020-01-01",
            "--valid-before",
            "2021-01-01T02:00:00+02:00",
            "--require-meta",
            "purpose=release",
        ],
    );
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["added"], true);
    assert_eq!(doc["restrictions"]["valid_before"], "2021-01-01T00:00:00Z");
    assert_eq!(doc["restrictions"]["require_meta"]["purpose"], "release");
    let sidecar = std::fs::read_to_string(env.home().join("trust/alice.toml")).unwrap();
    assert!(sidecar.contains("valid_after = \"2020-01-01T00:00:00Z\""), "{sidecar}");
    // The .pub stays a plain SPKI PEM that OpenSSL reads.
    let pem = std::fs::read_to_string(env.home().join("trust/alice.pub")).unwrap();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pem}");

    let (_, list) = json(&env, &["trust", "list"]);
    let k = &list["keys"][0];
    assert_eq!(k["name"], "alice");
    assert_eq!(k["restrictions"]["valid_after"], "2020-01-01T00:00:00Z");
    let (_, shown) = text(&env, &["trust", "list"]);
    assert!(
        shown.contains(
            "valid from 2020-01-01T00:00:00Z until 2021-01-01T00:00:00Z, only for purpose=release"
        ),
        "{shown}"
    );

    // The home's trust store applies them.
    env.write("data.txt", "data\n");
    write_proof(
        &env,
        "data.txt",
        "data.txt.proof",
        &alice,
        at("2020-06-01T00:00:00Z"),
        &[("purpose", "release")],
    );
    assert_eq!(json(&env, &["verify", "data.txt.proof"]).0, 0);
    write_proof(
        &env,
        "data.txt",
        "data.txt.proof",
        &alice,
        at("2020-06-01T00:00:00Z"),
        &[("purpose", "test")],
    );
    let (code, doc) = json(&env, &["verify", "data.txt.proof"]);
    assert_eq!((code, &doc["results"][0]["reason"]), (1, &Value::from("metadata_not_allowed")));

    // Other restrictions for a key already trusted: refused, then replaced with --force.
    let (code, out) = text(&env, &["trust", "add", "alice.pub"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("already trusted as alice") && out.contains("--force"), "{out}");
    let (code, doc) = json(&env, &["trust", "add", "alice.pub", "--force"]);
    assert_eq!((code, &doc["updated"]), (0, &Value::Bool(true)), "{doc}");
    assert!(!env.home().join("trust/alice.toml").exists());
    assert_eq!(json(&env, &["verify", "data.txt.proof"]).0, 0);

    // Bad input: one clear line, exit 2.
    let (code, out) =
        text(&env, &["trust", "add", "alice.pub", "--valid-after", "yesterday", "--force"]);
    assert_eq!(code, 2);
    assert!(out.contains("\"yesterday\" is not a time"), "{out}");
    let (code, out) = text(
        &env,
        &[
            "trust",
            "add",
            "alice.pub",
            "--valid-after",
            "2021-01-01",
            "--valid-before",
            "2020-01-01",
            "--force",
        ],
    );
    assert_eq!(code, 2);
    assert!(out.contains("the window is empty"), "{out}");

    // remove takes the sidecar with it.
    json(&env, &["trust", "add", "alice.pub", "--valid-after", "2020-01-01", "--force"]);
    assert!(env.home().join("trust/alice.toml").exists());
    assert_eq!(json(&env, &["trust", "remove", "alice"]).0, 0);
    assert!(!env.home().join("trust/alice.toml").exists());
}

#[test]
fn a_bad_sidecar_is_an_error_naming_it() {
    let env = Env::new();
    let alice = key(4);
    trust(
        &env,
        "keys",
        "alice",
        &alice,
        Some("valid_after = \"2020-01-01\"\nvalid_until = \"2021-01-01\"\n"),
    );
    env.write("data.txt", "data\n");
    write_proof(&env, "data.txt", "data.txt.proof", &alice, at("2020-06-01T00:00:00Z"), &[]);
    let (code, out) = text(&env, &["verify", "--trust-dir", "keys", "data.txt.proof"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("keys/alice.toml") && out.contains("valid_until"), "{out}");
}

/// Claimed inside the window but timestamped outside it fails; claimed outside but timestamped
/// inside passes: the proven time wins, and the message says which time was used.
#[test]
fn window_against_the_proven_time() {
    let mut pki = Pki::new("Policy TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let env = Env::new();
    env.cmd().args(["trust", "add-tsa", "-q"]).arg(pki.root_pem()).assert().success();
    let alice = key(5);
    env.write("data.txt", "data\n");
    let now = SystemTime::now();
    let day = Duration::from_secs(86_400);
    let around_now = format!(
        "valid_after = \"{}\"\nvalid_before = \"{}\"\n",
        humantime::format_rfc3339_seconds(now - day),
        humantime::format_rfc3339_seconds(now + day)
    );
    for (dir, sidecar, want, reason) in [
        ("old", WINDOW_2020, "invalid", Value::from("outside_validity")),
        ("new", around_now.as_str(), "valid", Value::Null),
    ] {
        trust(&env, dir, "alice", &alice, Some(sidecar));
        // Claimed in 2020: inside the 2020 window, outside the one around now.
        let mut p = write_proof(
            &env,
            "data.txt",
            "data.txt.proof",
            &alice,
            at("2020-06-01T00:00:00Z"),
            &[],
        );
        assert!(p.add_rfc3161(&pki.stamp_digest(&tsa, &p.signature_digest(), "sha256")).unwrap());
        env.write("data.txt.proof", p.to_json_pretty());
        let (code, doc) = json(&env, &["verify", "--trust-dir", dir, "data.txt.proof"]);
        let r = &doc["results"][0];
        assert_eq!((&r["status"], &r["reason"]), (&Value::from(want), &reason), "{doc:#}");
        assert_eq!(code, if want == "valid" { 0 } else { 1 });
        let proven = r["time"]["proven"].as_str().unwrap();
        let msg = r["message"].as_str().unwrap();
        if want == "valid" {
            assert!(msg.contains("within alice's validity window (timestamped)"), "{msg}");
        } else {
            assert!(msg.contains(&format!("made at {proven} (timestamped)")), "{msg}");
        }
        // Without the TSA root the token proves nothing: the claimed time decides, the other way.
        let (code, doc) =
            json(&env, &["--home", "elsewhere", "verify", "--trust-dir", dir, "data.txt.proof"]);
        let r = &doc["results"][0];
        assert_eq!(code, if want == "valid" { 1 } else { 0 }, "{doc:#}");
        assert!(r["message"].as_str().unwrap().contains("(claimed time)"), "{doc:#}");
    }
}

#[test]
fn metadata_restriction_in_a_trust_dir() {
    let env = Env::new();
    let alice = key(6);
    trust(&env, "keys", "alice", &alice, Some("[require_meta]\npurpose = \"release\"\n"));
    env.write("data.txt", "data\n");
    for (meta, want) in [
        (vec![("purpose", "release"), ("commit", "abc")], "valid"),
        (vec![("purpose", "test")], "invalid"),
        (vec![], "invalid"),
    ] {
        write_proof(&env, "data.txt", "data.txt.proof", &alice, at("2026-01-01T00:00:00Z"), &meta);
        let (_, doc) = json(&env, &["verify", "--trust-dir", "keys", "data.txt.proof"]);
        let r = &doc["results"][0];
        assert_eq!(r["status"], want, "{meta:?}: {doc:#}");
        if want == "invalid" {
            assert_eq!(r["reason"], "metadata_not_allowed");
            assert!(
                r["message"].as_str().unwrap().contains("only for proofs with purpose=release")
            );
        }
    }
}

/// 2-of-3: alice and bob trusted, carol not; alice twice; one proof of other bytes. The revoked
/// signer of the issue is [`a_revoked_signer_does_not_count`]: bob, revoked by his own list.
fn two_of_three(env: &Env) {
    let (alice, bob, carol) = (key(7), key(8), key(9));
    trust(env, "keys", "alice", &alice, None);
    trust(env, "keys", "bob", &bob, None);
    env.write("dist/app.bin", "the release\n");
    env.write("dist/other.bin", "THE RELEASE\n");
    let t = at("2026-03-01T00:00:00Z");
    write_proof(env, "dist/app.bin", "dist/app.bin.proof", &alice, t, &[("commit", "abc")]);
    write_proof(env, "dist/app.bin", "dist/app.bin.bob.proof", &bob, t, &[("commit", "abc")]);
    write_proof(env, "dist/app.bin", "dist/app.bin.carol.proof", &carol, t, &[("commit", "abc")]);
    write_proof(
        env,
        "dist/app.bin",
        "dist/app.bin.alice-again.proof",
        &alice,
        t,
        &[("commit", "abc")],
    );
    // bob's proof of other bytes, saved as a proof of app.bin: invalid, never counted.
    write_proof(
        env,
        "dist/other.bin",
        "dist/app.bin.bob-wrong.proof",
        &bob,
        t,
        &[("commit", "abc")],
    );
}

#[test]
fn require_counts_distinct_trusted_signers() {
    let env = Env::new();
    two_of_three(&env);
    let (code, doc) =
        json(&env, &["verify", "--require", "2", "--trust-dir", "keys", "dist/app.bin"]);
    assert_eq!(code, 0, "{doc:#}");
    let f = &doc["files"][0];
    assert_eq!(
        (&f["status"], &f["counted"], &f["required"]),
        (&Value::from("pass"), &Value::from(2), &Value::from(2))
    );
    let names: Vec<&str> =
        f["signers"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice", "bob"]);
    let reasons: BTreeMap<String, Value> = f["proofs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["proof"].as_str().unwrap().to_string(), p["reason"].clone()))
        .collect();
    assert_eq!(reasons.len(), 5, "{doc:#}");
    assert_eq!(reasons["dist/app.bin.carol.proof"], "untrusted");
    assert_eq!(reasons["dist/app.bin.bob-wrong.proof"], "hash_mismatch");
    // FILE.proof is taken first: the extra copy is the duplicate.
    assert_eq!(reasons["dist/app.bin.proof"], Value::Null);
    assert_eq!(reasons["dist/app.bin.alice-again.proof"], "duplicate_signer");
    assert_eq!(f["proofs"][0]["proof"], "dist/app.bin.proof");
    assert_eq!(doc["summary"], serde_json::json!({"files": 1, "pass": 1, "fail": 0, "error": 0}));

    let (code, out) =
        text(&env, &["verify", "--require", "3", "--trust-dir", "keys", "dist/app.bin"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL dist/app.bin: 2 of 3 required signers: alice"), "{out}");
    assert!(out.contains("not counted: dist/app.bin.carol.proof: [untrusted]"), "{out}");
    assert!(out.contains("[duplicate_signer]"), "{out}");

    // dist/* lists the proofs too: they stand for their file, counted once; other.bin has none.
    let mut args = vec!["verify", "--require", "2", "--trust-dir", "keys"];
    let listed: Vec<String> = std::fs::read_dir(env.path("dist"))
        .unwrap()
        .map(|e| format!("dist/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    args.extend(listed.iter().map(String::as_str));
    let (code, doc) = json(&env, &args);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["summary"]["files"], 2, "{doc:#}");
    let other =
        doc["files"].as_array().unwrap().iter().find(|f| f["file"] == "dist/other.bin").unwrap();
    assert_eq!(other["status"], "fail");
    assert!(other["message"].as_str().unwrap().contains("no proof"), "{other}");
}

/// 2-of-3 with one untrusted (carol), one duplicate (alice again) and one revoked signer: bob
/// revokes his own key, and his proof, good otherwise, no longer counts toward the two.
#[test]
fn a_revoked_signer_does_not_count() {
    use proofctl::revocation::{RevocationList, sign_list};
    let env = Env::new();
    two_of_three(&env);
    let bob = key(8);
    let list = RevocationList {
        iss: "bob".into(),
        iat: 1_800_000_000,
        seq: 1,
        list_version: 1,
        revoked_jtis: vec![],
        revoked_kids: vec![proofctl::keys::kid(&bob.verifying_key())],
        key_details: BTreeMap::new(),
    };
    env.write("bob-revoked.jwt", sign_list(&list, &bob));
    let base = ["verify", "--require", "2", "--trust-dir", "keys", "dist/app.bin"];
    assert_eq!(json(&env, &base).0, 0, "without the list, alice and bob count");
    let mut args = base.to_vec();
    args.extend(["--revocations", "bob-revoked.jwt"]);
    let (code, doc) = json(&env, &args);
    assert_eq!(code, 1, "{doc:#}");
    let f = &doc["files"][0];
    assert_eq!((&f["status"], &f["counted"]), (&Value::from("fail"), &Value::from(1)), "{doc:#}");
    let reason = |name: &str| {
        f["proofs"].as_array().unwrap().iter().find(|p| p["proof"] == name).unwrap()["reason"]
            .clone()
    };
    assert_eq!(reason("dist/app.bin.bob.proof"), "revoked");
    assert_eq!(reason("dist/app.bin.carol.proof"), "untrusted");
    assert_eq!(reason("dist/app.bin.alice-again.proof"), "duplicate_signer");
}

#[test]
fn require_meta_every_counted_proof_must_carry_it() {
    let env = Env::new();
    two_of_three(&env);
    // bob signs again for another commit, in place of his proof for abc.
    write_proof(
        &env,
        "dist/app.bin",
        "dist/app.bin.bob.proof",
        &key(8),
        at("2026-03-01T00:00:00Z"),
        &[("commit", "def")],
    );
    let args = [
        "verify",
        "--require",
        "2",
        "--require-meta",
        "commit=abc",
        "--trust-dir",
        "keys",
        "dist/app.bin",
    ];
    let (code, doc) = json(&env, &args);
    assert_eq!(code, 1, "{doc:#}");
    let f = &doc["files"][0];
    assert_eq!(f["counted"], 1);
    let bob = f["proofs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["proof"] == "dist/app.bin.bob.proof")
        .unwrap();
    assert_eq!(bob["reason"], "metadata_required");
    assert!(bob["message"].as_str().unwrap().contains("commit=\"def\", not \"abc\""), "{bob}");
    assert_eq!(doc["policy"]["require_meta"]["commit"], "abc");
    let (code, _) = json(
        &env,
        &[
            "verify",
            "--require",
            "1",
            "--require-meta",
            "commit=abc",
            "--trust-dir",
            "keys",
            "dist/app.bin",
        ],
    );
    assert_eq!(code, 0);
    // Without a policy, --require-meta is a usage error rather than silently ignored.
    let (code, out) = text(
        &env,
        &["verify", "--require-meta", "commit=abc", "--trust-dir", "keys", "dist/app.bin.proof"],
    );
    assert_eq!(code, 2);
    assert!(out.contains("--require N"), "{out}");
    assert_eq!(text(&env, &["verify", "--require", "0", "dist/app.bin"]).0, 2);
}

#[test]
fn a_file_next_to_a_longer_named_one_does_not_take_its_proofs() {
    let env = Env::new();
    let alice = key(10);
    trust(&env, "keys", "alice", &alice, None);
    env.write("app", "short\n");
    env.write("app.tar.gz", "long\n");
    write_proof(&env, "app.tar.gz", "app.tar.gz.proof", &alice, at("2026-01-01T00:00:00Z"), &[]);
    let (code, doc) = json(&env, &["verify", "--require", "1", "--trust-dir", "keys", "app"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["files"][0]["proofs"], serde_json::json!([]));
    assert_eq!(json(&env, &["verify", "--require", "1", "--trust-dir", "keys", "app.tar.gz"]).0, 0);
    // A file that is not there is an error, not a failure.
    assert_eq!(json(&env, &["verify", "--require", "1", "--trust-dir", "keys", "gone"]).0, 2);
}

#[test]
fn sign_out_names_a_second_proof_that_require_counts() {
    let env = Env::new();
    for name in ["alice", "bob"] {
        env.cmd().args(["keygen", "--no-passphrase", "-q", "--name", name]).assert().success();
    }
    env.write("dist/app.bin", "the release\n");
    env.cmd()
        .args(["sign", "--no-index", "-q", "--key", "alice", "dist/app.bin"])
        .assert()
        .success();
    env.cmd()
        .args([
            "sign",
            "--no-index",
            "-q",
            "--key",
            "bob",
            "--out",
            "dist/app.bin.bob.proof",
            "dist/app.bin",
        ])
        .assert()
        .success();
    let (code, doc) = json(&env, &["verify", "--require", "2", "dist/app.bin"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["files"][0]["counted"], 2);
    // Only bob's key given: one signer.
    let (code, doc) =
        json(&env, &["verify", "--require", "2", "--key", "home/keys/bob.pub", "dist/app.bin"]);
    assert_eq!((code, &doc["files"][0]["counted"]), (1, &Value::from(1)), "{doc:#}");
}

#[test]
fn policy_file() {
    let env = Env::new();
    two_of_three(&env);
    // carol is trusted by the policy, but only for proofs before 2000: her 2026 proof is refused.
    env.write("extra/carol.pub", public_key_pem(&key(9).verifying_key()));
    env.write(
        "ci/policy.toml",
        "require = 3\nrequire_meta = { commit = \"abc\" }\ntrust_dirs = [\"../keys\"]\n\
         keys = [{ path = \"../extra/carol.pub\", valid_before = \"2000-01-01\" }]\nstrict_name = true\n",
    );
    let (code, doc) = json(&env, &["verify", "--policy", "ci/policy.toml", "dist/app.bin"]);
    assert_eq!(code, 1, "{doc:#}");
    let f = &doc["files"][0];
    assert_eq!((&f["required"], &f["counted"]), (&Value::from(3), &Value::from(2)));
    let carol = f["proofs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["proof"] == "dist/app.bin.carol.proof")
        .unwrap();
    assert_eq!(carol["reason"], "outside_validity", "{carol}");
    // Flags only add requirements: a conflicting --require-meta is a usage error, a widening flag too.
    let (code, out) = text(
        &env,
        &["verify", "--policy", "ci/policy.toml", "--require-meta", "commit=zzz", "dist/app.bin"],
    );
    assert_eq!(code, 2);
    assert!(out.contains("commit=abc and commit=zzz"), "{out}");
    let (code, out) = text(
        &env,
        &["verify", "--policy", "ci/policy.toml", "--trust-dir", "keys", "dist/app.bin"],
    );
    assert_eq!(code, 2);
    assert!(out.contains("--trust-dir"), "{out}");

    env.write("ci/two.toml", "require = 2\ntrust_dirs = [\"../keys\"]\n");
    assert_eq!(json(&env, &["verify", "--policy", "ci/two.toml", "dist/app.bin"]).0, 0);
    env.write("ci/typo.toml", "requires = 2\ntrust_dirs = [\"../keys\"]\n");
    let (code, out) = text(&env, &["verify", "--policy", "ci/typo.toml", "dist/app.bin"]);
    assert_eq!(code, 2);
    assert!(out.contains("ci/typo.toml") && out.contains("requires"), "{out}");
    env.write("ci/none.toml", "require = 1\n");
    let (code, out) = text(&env, &["verify", "--policy", "ci/none.toml", "dist/app.bin"]);
    assert_eq!(code, 2);
    assert!(out.contains("names no trusted keys"), "{out}");
}

/// A sidecar others may write could widen the key's trust: refused like a shared .pub.
#[cfg(unix)]
#[test]
fn a_shared_sidecar_in_the_home_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let alice = key(11);
    env.write("alice.pub", public_key_pem(&alice.verifying_key()));
    let (code, _) = json(
        &env,
        &["trust", "add", "alice.pub", "--name", "alice", "--valid-before", "2000-01-01"],
    );
    assert_eq!(code, 0);
    let side = env.home().join("trust/alice.toml");
    std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o666)).unwrap();
    let (code, out) = text(&env, &["trust", "list"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("alice.toml") && out.contains("chmod go-w"), "{out}");
}
