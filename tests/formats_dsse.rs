//! DSSE envelopes and in-toto statements (issue 15): `verify` of envelopes made by
//! securesystemslib (Ed25519 and ECDSA P-256 keys), `attest` output verified by securesystemslib
//! and in-toto, every field tampered with, release manifests (added, missing, changed, one file),
//! and the near misses of the format. All through the real binary.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use common::{Env, all_output};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// CI sets PROOFCTL_REQUIRE_INTEROP=1 and installs the packages, so there these cannot skip.
fn have_sslib() -> bool {
    let ok = Command::new("python3")
        .args([
            "-c",
            "import securesystemslib.dsse, securesystemslib.signer, in_toto.models.metadata",
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "securesystemslib, in-toto and sigstore-protobuf-specs are required (PROOFCTL_REQUIRE_INTEROP is set): pip install -r tests/interop/requirements.txt"
        );
        eprintln!(
            "skipping: securesystemslib/in-toto not installed (pip install -r tests/interop/requirements.txt)"
        );
    }
    ok
}

fn python(args: &[&str]) -> std::process::Output {
    Command::new("python3")
        .arg(root().join("tests/interop/dsse_sslib.py"))
        .args(args)
        .output()
        .unwrap()
}

/// `verify --json ARGS…`: exit code and the one report.
fn verify(env: &Env, args: &[&str]) -> (i32, Value) {
    let out = env.cmd().arg("--json").arg("verify").args(args).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(&out)));
    (out.status.code().unwrap(), doc["results"][0].clone())
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn write_json(p: &Path, v: &Value) {
    std::fs::write(p, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}

fn payload(env: &Value) -> Value {
    serde_json::from_slice(&B64.decode(env["payload"].as_str().unwrap()).unwrap()).unwrap()
}

fn set_payload(env: &mut Value, statement: &Value) {
    env["payload"] = B64.encode(serde_json::to_vec(statement).unwrap()).into();
}

fn kid_of(env: &Env, name: &str) -> String {
    let out = env.cmd().args(["--json", "key", "show", name]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["kid"].as_str().unwrap().to_string()
}

/// Every field of `envelope` (at `path`, verified with `args`) changed one at a time, and a
/// subject's file changed: each refused, with the reason said.
fn tamper_each_field(env: &Env, path: &Path, args: &[&str], trusted_other_kid: &str, file: &Path) {
    let orig = read_json(path);
    let p = path.to_str().unwrap();
    let all: Vec<&str> = std::iter::once(p).chain(args.iter().copied()).collect();
    let (code, r) = verify(env, &all);
    assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{r:#}");
    let refused = |v: &Value, want: &[&str], what: &str| {
        write_json(path, v);
        let (code, r) = verify(env, &all);
        assert_ne!(code, 0, "{what}: accepted {r:#}");
        assert!(want.contains(&r["reason"].as_str().unwrap()), "{what}: {r:#}");
        write_json(path, &orig);
    };
    // The signature is by a trusted key named by its keyid (proofctl's kid, securesystemslib's
    // keyid): any change to what it signs is a bad signature of that key.
    let mut v = orig.clone();
    v["payloadType"] = "application/vnd.in-toto+jsom".into();
    refused(&v, &["bad_signature"], "payloadType");
    let mut v = orig.clone();
    let mut st = payload(&orig);
    st["predicateType"] = "https://example.com/other".into();
    set_payload(&mut v, &st);
    refused(&v, &["bad_signature"], "predicate type in the payload");
    let mut v = orig.clone();
    let mut st = payload(&orig);
    let d = st["subject"][0]["digest"]["sha256"].as_str().unwrap().to_string();
    let flipped = format!("{}{}", if d.starts_with('0') { '1' } else { '0' }, &d[1..]);
    st["subject"][0]["digest"]["sha256"] = flipped.into();
    set_payload(&mut v, &st);
    refused(&v, &["bad_signature"], "subject digest");
    let mut v = orig.clone();
    let mut st = payload(&orig);
    st["subject"][0]["name"] = "other.txt".into();
    set_payload(&mut v, &st);
    refused(&v, &["bad_signature"], "subject name");
    // One byte of the payload, in its base64.
    let mut bytes = B64.decode(orig["payload"].as_str().unwrap()).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 0x01;
    let mut v = orig.clone();
    v["payload"] = B64.encode(&bytes).into();
    refused(&v, &["bad_signature", "malformed"], "payload byte");
    // One bit of the signature.
    let mut sig = B64.decode(orig["signatures"][0]["sig"].as_str().unwrap()).unwrap();
    sig[10] ^= 0x01;
    let mut v = orig.clone();
    v["signatures"][0]["sig"] = B64.encode(&sig).into();
    refused(&v, &["bad_signature"], "signature bit");
    let mut v = orig.clone();
    v["signatures"][0]["sig"] = B64.encode(&sig[..sig.len() - 1]).into();
    refused(&v, &["bad_signature"], "signature truncated");
    // No signature, or one that is not base64.
    let mut v = orig.clone();
    v["signatures"] = json!([]);
    refused(&v, &["malformed"], "no signatures");
    let mut v = orig.clone();
    v["signatures"][0]["sig"] = "***".into();
    refused(&v, &["malformed"], "signature not base64");
    // The keyid is an unsigned hint (DSSE: not for security decisions): pointing it at another
    // trusted key does not make that key's signature out of this one...
    let mut v = orig.clone();
    v["signatures"][0]["keyid"] = trusted_other_kid.into();
    write_json(path, &v);
    let (code, r) = verify(env, &all);
    assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "keyid of another key: {r:#}");
    // ... but with the payload changed too, the key it names is said to be the one refused.
    let mut st = payload(&orig);
    st["predicate"] = json!({"changed": true});
    set_payload(&mut v, &st);
    write_json(path, &v);
    let (code, r) = verify(env, &all);
    assert_eq!((code, r["reason"].as_str()), (1, Some("bad_signature")), "{r:#}");
    // With no keyid at all, a changed payload is signed by nobody trusted: untrusted.
    v["signatures"][0]["keyid"] = Value::Null;
    write_json(path, &v);
    let (code, r) = verify(env, &all);
    assert_eq!((code, r["reason"].as_str()), (1, Some("untrusted")), "{r:#}");
    write_json(path, &orig);
    // A byte of a subject's file.
    let kept = std::fs::read(file).unwrap();
    let mut changed = kept.clone();
    changed[0] ^= 0x20;
    std::fs::write(file, &changed).unwrap();
    let (code, r) = verify(env, &all);
    assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{r:#}");
    let name = file.file_name().unwrap().to_str().unwrap();
    let check = r["subjects"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap();
    assert_eq!(check["status"], "changed", "{r:#}");
    std::fs::remove_file(file).unwrap();
    let (code, r) = verify(env, &all);
    assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{r:#}");
    assert!(r["message"].as_str().unwrap().contains(&format!("{name} missing")), "{r:#}");
    std::fs::write(file, &kept).unwrap();
    let (code, _) = verify(env, &all);
    assert_eq!(code, 0);
}

/// securesystemslib signs (Ed25519, ECDSA P-256 with DER signatures) → proofctl verifies, with
/// the keys given by --key or kept by `trust add`; every field tampered with is refused.
#[test]
fn envelopes_from_securesystemslib_verify_and_tampering_is_refused() {
    if !have_sslib() {
        return;
    }
    let env = Env::new();
    env.write("rel/app.tar.gz", b"the app\n");
    env.write("rel/app.sbom.json", b"{\"sbom\":1}\n");
    let rel = env.path("rel");
    let out = python(&["sign", rel.to_str().unwrap(), "app.tar.gz", "app.sbom.json"]);
    assert!(out.status.success(), "{}", all_output(&out));
    // Nobody trusted: untrusted, exit 1.
    let (code, r) = verify(&env, &["rel/p256.intoto.json"]);
    assert_eq!((code, r["status"].as_str()), (1, Some("untrusted")), "{r:#}");
    for alg in ["ed25519", "p256"] {
        let (code, r) = verify(
            &env,
            &[
                &format!("rel/{alg}.intoto.json"),
                "--key",
                "rel/ed25519.pub",
                "--key",
                "rel/p256.pub",
            ],
        );
        assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{r:#}");
        assert_eq!(r["format"], "dsse");
        assert_eq!(r["signer"]["name"], alg, "{r:#}");
        assert_eq!(r["metadata"]["predicate_type"], "https://slsa.dev/provenance/v1");
        let statuses: Vec<&str> = r["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["match", "match"]);
        // securesystemslib's keyid names the key: a change is that key's bad signature.
        let other = if alg == "ed25519" { "rel/p256.keyid" } else { "rel/ed25519.keyid" };
        let other_keyid = std::fs::read_to_string(env.path(other)).unwrap();
        tamper_each_field(
            &env,
            &env.path(format!("rel/{alg}.intoto.json")),
            &["--key", "rel/ed25519.pub", "--key", "rel/p256.pub"],
            &other_keyid,
            &env.path("rel/app.tar.gz"),
        );
    }
    // The P-256 key kept in the trust store (`trust add`), then removed.
    let out =
        env.cmd().args(["trust", "add", "rel/p256.pub", "--name", "builder"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ecdsa-p256"), "{}", all_output(&out));
    let (code, r) = verify(&env, &["rel/p256.intoto.json"]);
    assert_eq!((code, r["signer"]["name"].as_str()), (0, Some("builder")), "{r:#}");
    assert_eq!(r["signer"]["trusted_by"], "trust_store");
    let list = env.cmd().args(["--json", "trust", "list"]).output().unwrap();
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    let entry = &list["keys"].as_array().unwrap()[0];
    assert_eq!(
        (entry["name"].as_str(), entry["algorithm"].as_str()),
        (Some("builder"), Some("ecdsa-p256"))
    );
    assert_eq!(entry["kid"], r["signer"]["kid"]);
    env.cmd().args(["trust", "remove", "builder"]).assert().success();
    let (code, r) = verify(&env, &["rel/p256.intoto.json"]);
    assert_eq!((code, r["status"].as_str()), (1, Some("untrusted")), "{r:#}");
    // --predicate-type: the right one passes, another is refused.
    let args = ["rel/ed25519.intoto.json", "--key", "rel/ed25519.pub", "--predicate-type"];
    let (code, _) = verify(&env, &[&args[..], &["https://slsa.dev/provenance/v1"]].concat());
    assert_eq!(code, 0);
    let (code, r) = verify(&env, &[&args[..], &["https://spdx.dev/Document"]].concat());
    assert_eq!((code, r["reason"].as_str()), (1, Some("predicate_mismatch")), "{r:#}");
}

/// proofctl attests → securesystemslib's Envelope.verify and in-toto's verify_signature accept
/// the bare envelope and the bundle's dsseEnvelope with proofctl's public key as keyid = kid, and
/// recompute the subjects; a file changed afterwards is refused by them too.
#[test]
fn attestations_verify_with_securesystemslib_and_in_toto() {
    if !have_sslib() {
        return;
    }
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "--name", "rel", "-q"]).assert().success();
    let kid = kid_of(&env, "rel");
    env.write("dist/a.tar.gz", b"a release\n");
    env.write("dist/b.whl", b"a wheel\n");
    let pubkey = env.home().join("keys/rel.pub");
    for (flag, out) in
        [("--envelope", "dist/att.intoto.json"), ("--force", "dist/att.sigstore.json")]
    {
        let o = env
            .cmd()
            .args(["attest", "dist/a.tar.gz", "dist/b.whl", "--predicate-type"])
            .args(["https://slsa.dev/provenance/v1", "--predicate", r#"{"builder":{"id":"ci"}}"#])
            .args([flag, "-o", out])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", all_output(&o));
        let o =
            python(&["verify", env.path(out).to_str().unwrap(), pubkey.to_str().unwrap(), &kid]);
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).trim(),
            "verified 2 subjects",
            "{}",
            all_output(&o)
        );
    }
    let o = python(&["bundle", env.path("dist/att.sigstore.json").to_str().unwrap(), &kid]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "bundle ok", "{}", all_output(&o));
    let bundle = read_json(&env.path("dist/att.sigstore.json"));
    assert_eq!(bundle["mediaType"], "application/vnd.dev.sigstore.bundle.v0.3+json");
    assert_eq!(bundle["verificationMaterial"]["publicKey"]["hint"], kid.as_str());
    assert_eq!(bundle["dsseEnvelope"]["payloadType"], "application/vnd.in-toto+json");
    let st = payload(&bundle["dsseEnvelope"]);
    assert_eq!(st["_type"], "https://in-toto.io/Statement/v1");
    assert_eq!(st["subject"][0]["name"], "a.tar.gz");
    assert_eq!(st["predicate"]["builder"]["id"], "ci");
    // The peer refuses what proofctl refuses: a file changed, a signature by another key.
    env.write("dist/b.whl", b"a wheel, changed\n");
    let o = python(&[
        "verify",
        env.path("dist/att.intoto.json").to_str().unwrap(),
        pubkey.to_str().unwrap(),
        &kid,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("refused: subject b.whl changed"));
    let (code, r) = verify(&env, &["dist/att.intoto.json"]);
    assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{r:#}");
    env.write("dist/b.whl", b"a wheel\n");
    let mut v = read_json(&env.path("dist/att.intoto.json"));
    let mut st = payload(&v);
    st["predicateType"] = "https://example.com/x".into();
    set_payload(&mut v, &st);
    write_json(&env.path("dist/forged.intoto.json"), &v);
    let o = python(&[
        "verify",
        env.path("dist/forged.intoto.json").to_str().unwrap(),
        pubkey.to_str().unwrap(),
        &kid,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("refused: securesystemslib"),
        "{}",
        all_output(&o)
    );
}

/// proofctl's own envelopes, every field tampered with (no peer needed).
#[test]
fn attest_round_trip_and_tampering() {
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "--name", "rel", "-q"]).assert().success();
    env.cmd().args(["keygen", "--no-passphrase", "--name", "other", "-q"]).assert().success();
    env.write("out/app.bin", b"\x00binary\x01");
    let o = env
        .cmd()
        .args([
            "attest",
            "out/app.bin",
            "--envelope",
            "--key",
            "rel",
            "--predicate-type",
            "https://x/p",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let path = env.path("out/app.bin.intoto.json");
    let (code, r) = verify(&env, &["out/app.bin.intoto.json"]);
    assert_eq!(
        (code, r["status"].as_str(), r["file"].as_str()),
        (0, Some("valid"), Some("out/app.bin")),
        "{r:#}"
    );
    assert_eq!(r["signer"]["name"], "rel");
    let other = kid_of(&env, "other");
    tamper_each_field(&env, &path, &[], &other, &env.path("out/app.bin"));
    // Never over an existing output without --force; then written whole.
    let o = env
        .cmd()
        .args([
            "attest",
            "out/app.bin",
            "--envelope",
            "--key",
            "rel",
            "--predicate-type",
            "https://x/p",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("already exists; pass --force"), "{}", all_output(&o));
    // --file: the envelope's one subject checked against a copy elsewhere.
    env.write("elsewhere/renamed.bin", b"\x00binary\x01");
    let (code, r) = verify(&env, &["out/app.bin.intoto.json", "--file", "elsewhere/renamed.bin"]);
    assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{r:#}");
    // The bundle written by default (FILE.sigstore.json) carries the same envelope shape.
    env.cmd()
        .args(["attest", "out/app.bin", "--key", "rel", "--predicate-type", "https://x/p"])
        .assert()
        .success();
    let bundle = read_json(&env.path("out/app.bin.sigstore.json"));
    write_json(&env.path("out/from-bundle.intoto.json"), &bundle["dsseEnvelope"]);
    let (code, r) = verify(&env, &["out/from-bundle.intoto.json"]);
    assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{r:#}");
    // A key revoked (by its own list) no longer vouches for its envelopes.
    let o = env.cmd().args(["key", "revoke", "other", "--reason", "test"]).output().unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    env.cmd()
        .args([
            "attest",
            "out/app.bin",
            "--envelope",
            "--key",
            "other",
            "--predicate-type",
            "https://x/p",
            "-o",
            "out/by-other.intoto.json",
        ])
        .assert()
        .success();
    let (code, r) = verify(&env, &["out/by-other.intoto.json"]);
    assert_eq!((code, r["reason"].as_str()), (1, Some("revoked")), "{r:#}");
}

/// A release manifest: files added, removed and changed are each reported; one file alone;
/// a copy of the folder elsewhere with --dir.
#[test]
fn release_manifests() {
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "--name", "rel", "-q"]).assert().success();
    env.write("dist/a.tar.gz", b"a");
    env.write("dist/b.zip", b"b");
    env.write("dist/docs/readme.txt", b"c");
    let o =
        env.cmd().args(["--json", "attest", "--manifest", "dist", "--envelope"]).output().unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["output"], "dist/manifest.intoto.json");
    let names: Vec<&str> =
        doc["subjects"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["a.tar.gz", "b.zip", "docs/readme.txt"],
        "sorted, relative, the manifest itself left out"
    );
    let (code, r) = verify(&env, &["dist/manifest.intoto.json"]);
    assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{r:#}");
    // Changed, removed, added.
    env.write("dist/a.tar.gz", b"A");
    std::fs::remove_file(env.path("dist/b.zip")).unwrap();
    env.write("dist/docs/extra.txt", b"new");
    let (code, r) = verify(&env, &["dist/manifest.intoto.json"]);
    assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{r:#}");
    let got: Vec<(String, String)> = r["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().into(), s["status"].as_str().unwrap().into()))
        .collect();
    let want = [
        ("a.tar.gz", "changed"),
        ("b.zip", "missing"),
        ("docs/readme.txt", "match"),
        ("docs/extra.txt", "added"),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())), "{r:#}");
    let text = env.cmd().args(["verify", "dist/manifest.intoto.json"]).output().unwrap();
    let line = String::from_utf8_lossy(&text.stdout);
    for part in
        ["a.tar.gz changed", "b.zip missing", "docs/extra.txt added", "3 of 4 files do not match"]
    {
        assert!(line.contains(part), "{part}: {line}");
    }
    // -v lists every subject's verdict.
    let o = env.cmd().args(["verify", "-v", "dist/manifest.intoto.json"]).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    for line in [
        "    changed a.tar.gz",
        "    missing b.zip",
        "    match   docs/readme.txt",
        "    added   docs/extra.txt",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?}: {text}");
    }
    // One file alone: checked, and the others said not to be.
    let (code, r) = verify(&env, &["dist/manifest.intoto.json", "--file", "dist/docs/readme.txt"]);
    assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{r:#}");
    assert_eq!(r["subjects"].as_array().unwrap().len(), 1);
    assert!(
        r["message"].as_str().unwrap().contains("the other 2 subjects were not checked"),
        "{r:#}"
    );
    let (code, r) = verify(&env, &["dist/manifest.intoto.json", "--file", "dist/a.tar.gz"]);
    assert_eq!((code, r["subjects"][0]["status"].as_str()), (1, Some("changed")), "{r:#}");
    let (code, r) = verify(&env, &["dist/manifest.intoto.json", "--file", "dist/docs/extra.txt"]);
    assert_eq!((code, r["subjects"][0]["status"].as_str()), (1, Some("added")), "{r:#}");
    // The manifest kept elsewhere, the folder given with --dir.
    env.write("copy/a.tar.gz", b"a");
    env.write("copy/b.zip", b"b");
    env.write("copy/docs/readme.txt", b"c");
    let (code, r) = verify(&env, &["dist/manifest.intoto.json", "--dir", "copy"]);
    assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{r:#}");
    env.write("copy/stray", b"x");
    let (code, r) = verify(&env, &["dist/manifest.intoto.json", "--dir", "copy"]);
    assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{r:#}");
    // An empty folder has nothing to sign.
    std::fs::create_dir(env.path("empty")).unwrap();
    let o = env.cmd().args(["attest", "--manifest", "empty"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("empty: holds no files"), "{}", all_output(&o));
}

/// JSON Lines (`.intoto.jsonl`, one envelope per line, as SLSA generators write).
#[test]
fn json_lines_of_envelopes() {
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "--name", "rel", "-q"]).assert().success();
    env.write("a.txt", b"a");
    env.write("b.txt", b"b");
    for f in ["a.txt", "b.txt"] {
        env.cmd()
            .args(["attest", f, "--envelope", "--predicate-type", "https://slsa.dev/provenance/v1"])
            .assert()
            .success();
    }
    let line = |f: &str| serde_json::to_string(&read_json(&env.path(f))).unwrap();
    let jsonl = format!("{}\n{}\n", line("a.txt.intoto.json"), line("b.txt.intoto.json"));
    env.write("multiple.intoto.jsonl", &jsonl);
    let (code, r) = verify(&env, &["multiple.intoto.jsonl"]);
    assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{r:#}");
    assert_eq!(r["format"], "dsse");
    assert_eq!(r["subjects"].as_array().unwrap().len(), 2);
    env.write("b.txt", b"B");
    let (code, r) = verify(&env, &["multiple.intoto.jsonl"]);
    assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{r:#}");
    assert!(r["message"].as_str().unwrap().starts_with("envelope 2 of 2: "), "{r:#}");
}

/// Near misses of the format: one line on stderr naming what is wrong, exit 2.
#[test]
fn bad_envelopes_are_one_line_errors() {
    let env = Env::new();
    env.keygen();
    let cases: [(&str, &str, &str); 5] = [
        (
            "no-sigs.intoto.json",
            r#"{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]}"#,
            "has no signatures",
        ),
        (
            "bad-b64.intoto.json",
            r#"{"payloadType":"application/vnd.in-toto+json","payload":"!!","signatures":[{"sig":"AAAA"}]}"#,
            "payload is not base64",
        ),
        (
            "no-payload.intoto.json",
            r#"{"payloadType":"application/vnd.in-toto+json","signatures":[{"sig":"AAAA"}]}"#,
            "not a DSSE envelope (missing field `payload`",
        ),
        (
            "sigs-not-list.intoto.json",
            r#"{"payloadType":"x","payload":"","signatures":{}}"#,
            "not a DSSE envelope",
        ),
        // payloadType without signatures: no format at all.
        (
            "half.intoto.json",
            r#"{"payloadType":"application/vnd.in-toto+json","payload":"e30="}"#,
            "not a signature",
        ),
    ];
    for (name, body, says) in cases {
        env.write(name, body);
        let o = env.cmd().args(["verify", name]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}: {}", all_output(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
    }
    // A signed envelope of another payload type: the signer is named, the files cannot be.
    env.write("x.txt", b"x");
    env.cmd()
        .args(["attest", "x.txt", "--envelope", "--predicate-type", "https://x/p"])
        .assert()
        .success();
    let mut v = read_json(&env.path("x.txt.intoto.json"));
    v["payloadType"] = "text/plain".into();
    write_json(&env.path("x.txt.intoto.json"), &v);
    let o = env.cmd().args(["verify", "x.txt.intoto.json"]).output().unwrap();
    assert_ne!(o.status.code(), Some(0), "{}", all_output(&o));
    // attest's own bad input.
    for (args, says) in [
        (&["attest", "x.txt"][..], "--predicate-type"),
        (&["attest", "x.txt", "--predicate-type", "not a uri"][..], "is not a URI"),
        (
            &[
                "attest",
                "x.txt",
                "--predicate-type",
                "https://x/p",
                "--predicate",
                "[1]",
                "-o",
                "y.json",
            ][..],
            "must be a JSON object",
        ),
        (
            &[
                "attest",
                "x.txt",
                "--predicate-type",
                "https://x/p",
                "--predicate",
                "@missing.json",
                "-o",
                "y.json",
            ][..],
            "missing.json",
        ),
        (&["attest", "nope.txt", "--predicate-type", "https://x/p"][..], "nope.txt"),
        (
            &["attest", "x.txt", "--predicate-type", "https://x/p", "-o", "sub/att.json"][..],
            "is not under",
        ),
    ] {
        std::fs::create_dir_all(env.path("sub")).unwrap();
        let o = env.cmd().args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", all_output(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.lines().count() == 1 && err.contains(says), "{args:?}: {err}");
    }
}

/// `verify BUNDLE` of attest's default output goes through the Sigstore bundle verifier (FD's
/// src/formats/sigstore), which hands key-based bundles with a dsseEnvelope to
/// dsse::verify_envelope.
#[test]
fn attest_bundles_verify() {
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "--name", "rel", "-q"]).assert().success();
    env.write("dist/a", b"a");
    env.write("dist/b", b"b");
    env.cmd()
        .args(["attest", "dist/a", "dist/b", "--predicate-type", "https://x/p"])
        .assert()
        .success();
    let (code, r) = verify(&env, &["dist/attestation.sigstore.json"]);
    assert_eq!(
        (code, r["status"].as_str(), r["format"].as_str()),
        (0, Some("valid"), Some("sigstore_bundle")),
        "{r:#}"
    );
    env.write("dist/a", b"A");
    let (code, r) = verify(&env, &["dist/attestation.sigstore.json"]);
    assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{r:#}");
}

/// `trust add` of an ECDSA key as an OpenSSH line and as SPKI PEM (ssh-keygen's own export):
/// one key, one kid; `trust remove` by that kid.
#[test]
fn ecdsa_keys_from_ssh_lines_and_pem_are_one_key() {
    let ok = Command::new("ssh-keygen").arg("-?").output().is_ok();
    if !ok {
        assert!(std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(), "ssh-keygen is required");
        return;
    }
    let env = Env::new();
    let key = env.path("builder");
    let o = Command::new("ssh-keygen")
        .args(["-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let o = Command::new("ssh-keygen")
        .args(["-e", "-m", "PKCS8", "-f"])
        .arg(env.path("builder.pub"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    env.write("builder.pem", &o.stdout);
    let add = |file: &str| {
        let o =
            env.cmd().args(["--json", "trust", "add", file, "--name", "builder"]).output().unwrap();
        assert!(o.status.success(), "{}", all_output(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap()
    };
    let first = add("builder.pub");
    assert_eq!(first["added"], true);
    let second = add("builder.pem");
    assert_eq!(
        (second["added"].clone(), second["kid"].clone()),
        (json!(false), first["kid"].clone())
    );
    let kid = first["kid"].as_str().unwrap();
    let o = env.cmd().args(["trust", "remove", kid]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(&format!("No longer trusted: kid {kid}")),
        "{}",
        all_output(&o)
    );
    let o = env.cmd().args(["trust", "remove", kid]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
}
