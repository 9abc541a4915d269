//! Sigstore bundles against sigstore-js, the npm registry's own Sigstore library
//! (tests/interop/sigstore-js: @sigstore/verify 3.1.1, @sigstore/sign 4.1.1), both ways, through
//! the real binary: what `proofctl attest` writes verifies in @sigstore/verify with proofctl's
//! public key and every tampered copy is refused there too; key-based bundles @sigstore/sign
//! makes offline (DSSE in-toto statements and message signatures; Ed25519 and P-256 keys) verify
//! in `proofctl verify`. What each script checks is said at its top.
#![allow(clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use common::{Env, all_output};
use serde_json::{Value, json};

fn js_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/sigstore-js")
}

/// Node and the locked packages (`npm ci` in tests/interop/sigstore-js). CI installs both and
/// sets PROOFCTL_REQUIRE_INTEROP=1 (.ci/run), so there these tests cannot skip.
fn have_sigstore_js() -> bool {
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let modules = ["verify", "sign", "bundle"]
        .iter()
        .all(|m| js_dir().join(format!("node_modules/@sigstore/{m}/package.json")).is_file());
    if !(node && modules) {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "node and sigstore-js are required (PROOFCTL_REQUIRE_INTEROP is set): install Node.js, then `npm ci` in tests/interop/sigstore-js"
        );
        eprintln!(
            "skipping: {} (install Node.js, then `npm ci` in tests/interop/sigstore-js)",
            if node { "sigstore-js not installed" } else { "node missing" }
        );
    }
    node && modules
}

/// `node tests/interop/sigstore-js/SCRIPT ARGS…` run in `dir`: its exit code and its one JSON line.
fn node(dir: &Path, script: &str, args: &[&str]) -> (i32, Value) {
    let out = Command::new("node")
        .current_dir(dir)
        .arg(js_dir().join(script))
        .args(args)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{script} {args:?}: not one JSON line ({e}): {}", all_output(&out))
    });
    (out.status.code().unwrap(), doc)
}

/// `proofctl --json verify ARGS…`: exit code and the one result.
fn verify(env: &Env, args: &[&str]) -> (i32, Value) {
    let out = env.cmd().arg("--json").arg("verify").args(args).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(&out)));
    (out.status.code().unwrap(), doc["results"][0].clone())
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// The base64 field at `pointer` decoded, byte `at` flipped, encoded again.
fn flip(doc: &mut Value, pointer: &str, at: usize) {
    let field = doc.pointer_mut(pointer).unwrap();
    let mut bytes = B64.decode(field.as_str().unwrap()).unwrap();
    bytes[at] ^= 0x01;
    *field = json!(B64.encode(bytes));
}

/// proofctl attests three files (and a folder, as a release manifest) → @sigstore/verify accepts
/// the bundle with the signer's SPKI PEM (`key export`, and the home's keys/NAME.pub) found by the
/// bundle's hint = kid, and the script matches each file against its subject; a payload byte, a signature byte, the payloadType,
/// the media type, the key and the hint changed, and a file changed, are each refused, by
/// sigstore-js and by proofctl alike (the hint excepted: proofctl treats it as the hint it is).
#[test]
fn attest_bundles_verify_with_sigstore_js() {
    if !have_sigstore_js() {
        return;
    }
    let env = Env::new();
    let dir = env.dir.path();
    for name in ["rel", "other"] {
        env.cmd().args(["keygen", "--no-passphrase", "--name", name, "-q"]).assert().success();
    }
    let kid = |name: &str| {
        let out = env.cmd().args(["--json", "key", "show", name]).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["kid"].as_str().unwrap().to_string()
    };
    let (kid, other_kid) = (kid("rel"), kid("other"));
    env.write("dist/app-1.2.tar.gz", b"a release\n".repeat(1000));
    env.write("dist/app-1.2-py3-none-any.whl", b"a wheel\n");
    env.write("dist/notes.txt", b"");
    let o = env
        .cmd()
        .args(["attest", "dist/app-1.2.tar.gz", "dist/app-1.2-py3-none-any.whl", "dist/notes.txt"])
        .args(["--key", "rel", "--predicate-type", "https://slsa.dev/provenance/v1"])
        .args(["--predicate", r#"{"builder":{"id":"ci"}}"#])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    for name in ["rel", "other"] {
        let o = env.cmd().args(["key", "export", name, "-o", &format!("{name}.pem")]).output();
        assert!(o.as_ref().unwrap().status.success(), "{}", all_output(&o.unwrap()));
    }
    let bundle_path = env.path("dist/attestation.sigstore.json");
    let bundle = read_json(&bundle_path);
    assert_eq!(bundle["verificationMaterial"]["publicKey"]["hint"], kid.as_str());
    let files = ["dist/app-1.2.tar.gz", "dist/app-1.2-py3-none-any.whl", "dist/notes.txt"];
    let js_verify = |bundle: &str, key: &str, files: &[&str]| {
        let args = [&["--hint", &kid, bundle, key][..], files].concat();
        node(dir, "verify.mjs", &args)
    };

    let (code, r) = js_verify("dist/attestation.sigstore.json", "rel.pem", &files);
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        (&r["verified"], &r["content"], &r["keyType"], &r["mediaType"]),
        (
            &json!(true),
            &json!("dsseEnvelope"),
            &json!("ed25519"),
            &json!("application/vnd.dev.sigstore.bundle.v0.3+json")
        ),
        "{r}"
    );
    assert_eq!(
        r["subjectsCheckedByScript"],
        json!(["app-1.2.tar.gz", "app-1.2-py3-none-any.whl", "notes.txt"])
    );
    let home_pub = env.home().join("keys/rel.pub");
    let (code, r) = js_verify("dist/attestation.sigstore.json", home_pub.to_str().unwrap(), &[]);
    assert_eq!((code, &r["verified"]), (0, &json!(true)), "{r}");
    assert_eq!(verify(&env, &["dist/attestation.sigstore.json"]).0, 0);
    // A release manifest (attest --manifest) is the same kind of bundle.
    env.write("rel/docs/index.html", b"<p>docs</p>\n");
    env.write("rel/tool", b"\x7fELF");
    env.cmd().args(["attest", "--manifest", "rel", "--key", "rel", "-q"]).assert().success();
    let (code, r) = js_verify("rel/manifest.sigstore.json", "rel.pem", &["rel/tool"]);
    assert_eq!((code, &r["subjectsCheckedByScript"]), (0, &json!(["tool"])), "{r}");

    // Each change alone, in a copy beside the files: (what, edit, sigstore-js's refusal).
    type Edit = Box<dyn Fn(&mut Value)>;
    let edits: Vec<(&str, Edit, &str)> = vec![
        ("payload byte", Box::new(|d| flip(d, "/dsseEnvelope/payload", 40)), "SIGNATURE_ERROR"),
        (
            "signature byte",
            Box::new(|d| flip(d, "/dsseEnvelope/signatures/0/sig", 10)),
            "SIGNATURE_ERROR",
        ),
        (
            "last signature byte",
            Box::new(|d| flip(d, "/dsseEnvelope/signatures/0/sig", 63)),
            "SIGNATURE_ERROR",
        ),
        (
            "payloadType",
            Box::new(|d| d["dsseEnvelope"]["payloadType"] = json!("application/json")),
            "SIGNATURE_ERROR",
        ),
        (
            "mediaType",
            Box::new(|d| d["mediaType"] = json!("application/vnd.dev.sigstore.bundle")),
            "BUNDLE_INVALID",
        ),
        (
            "signature removed",
            Box::new(|d| d["dsseEnvelope"]["signatures"] = json!([])),
            "BUNDLE_INVALID",
        ),
    ];
    let tampered = env.path("dist/tampered.sigstore.json");
    for (what, edit, refusal) in &edits {
        let mut doc = bundle.clone();
        edit(&mut doc);
        std::fs::write(&tampered, doc.to_string()).unwrap();
        let (code, r) = js_verify("dist/tampered.sigstore.json", "rel.pem", &[]);
        assert_eq!((code, r["code"].as_str()), (1, Some(*refusal)), "{what}: {r}");
        let (code, r) = verify(&env, &["dist/tampered.sigstore.json"]);
        assert!(code != 0 && r["status"] != "valid", "{what}: proofctl accepted it: {r:#}");
    }
    // The copy itself, untouched, verifies: the refusals above are the edits'.
    std::fs::write(&tampered, bundle.to_string()).unwrap();
    assert_eq!(js_verify("dist/tampered.sigstore.json", "rel.pem", &files).0, 0);

    // Another key given for the hint: the signature does not verify with it.
    let (code, r) = js_verify("dist/attestation.sigstore.json", "other.pem", &[]);
    assert_eq!((code, r["code"].as_str()), (1, Some("SIGNATURE_ERROR")), "{r}");
    let (code, r) = verify(&env, &["dist/attestation.sigstore.json", "--key", "other.pem"]);
    assert_eq!((code, r["status"].as_str()), (1, Some("untrusted")), "{r:#}");
    // The hint names another key: sigstore-js finds no key for it. proofctl treats the hint as
    // the unsigned hint it is and still finds the key that verifies (tests/formats_sigstore.rs).
    let mut doc = bundle.clone();
    doc["verificationMaterial"]["publicKey"]["hint"] = json!(other_kid);
    std::fs::write(&tampered, doc.to_string()).unwrap();
    let (code, r) = js_verify("dist/tampered.sigstore.json", "rel.pem", &[]);
    assert_eq!((code, r["code"].as_str()), (1, Some("PUBLIC_KEY_ERROR")), "{r}");
    assert_eq!(verify(&env, &["dist/tampered.sigstore.json"]).0, 0);

    // A file changed after attesting: the signature still verifies in sigstore-js (it does not
    // read DSSE payloads); the script's subject check and proofctl refuse it.
    env.write("dist/app-1.2-py3-none-any.whl", b"a wheel, changed\n");
    let (code, r) = js_verify("dist/attestation.sigstore.json", "rel.pem", &files);
    assert_eq!((code, r["code"].as_str()), (1, Some("SUBJECT_MISMATCH")), "{r}");
    assert!(r["error"].as_str().unwrap().starts_with("app-1.2-py3-none-any.whl:"), "{r}");
    assert_eq!(js_verify("dist/attestation.sigstore.json", "rel.pem", &[]).0, 0);
    let (code, r) = verify(&env, &["dist/attestation.sigstore.json"]);
    assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{r:#}");
}

/// @sigstore/sign makes key-based bundles offline (no witnesses: no Rekor, no TSA) with keys
/// Node made: a DSSE in-toto statement over two files (v0.3) and a message signature over one
/// (v0.2, as @sigstore/sign writes them), Ed25519 and P-256. `proofctl verify` accepts each with
/// the key given (--key) and through the trust store, matches the subjects, and refuses another
/// key and changed files. @sigstore/verify accepts the same bundles, except Ed25519 message
/// signatures, which @sigstore/verify 3.1.1 cannot check (it hands Node's crypto a SHA-256
/// digest for a key type that takes none).
#[test]
fn sigstore_js_bundles_verify_with_proofctl() {
    if !have_sigstore_js() {
        return;
    }
    let env = Env::new();
    let dir = env.dir.path();
    let (code, r) = node(dir, "sign.mjs", &["keygen", "ed25519", "stranger.key", "stranger.pem"]);
    assert_eq!(code, 0, "{r}");
    for kt in ["ed25519", "p256"] {
        let (key, public) = (format!("js-{kt}.key"), format!("js-{kt}.pem"));
        let (code, r) = node(dir, "sign.mjs", &["keygen", kt, &key, &public]);
        assert_eq!(code, 0, "{r}");
        let sub = format!("dist-{kt}");
        env.write(format!("{sub}/tool.tar.gz"), b"the release bytes\n".repeat(100));
        env.write(format!("{sub}/tool.sbom.json"), b"{}\n");
        env.write(format!("{sub}/notes.txt"), b"release notes\n");
        let dsse = format!("{sub}/tool.intoto.sigstore.json");
        let (code, r) = node(
            dir,
            "sign.mjs",
            &["dsse", &key, &dsse, &format!("{sub}/tool.tar.gz"), &format!("{sub}/tool.sbom.json")],
        );
        assert_eq!(
            (code, r["mediaType"].as_str()),
            (0, Some("application/vnd.dev.sigstore.bundle.v0.3+json")),
            "{r}"
        );
        let message = format!("{sub}/notes.txt.sigstore.json");
        let (code, r) =
            node(dir, "sign.mjs", &["message", &key, &message, &format!("{sub}/notes.txt")]);
        assert_eq!(
            (code, r["mediaType"].as_str()),
            (0, Some("application/vnd.dev.sigstore.bundle+json;version=0.2")),
            "{r}"
        );

        let (code, r) = verify(&env, &[&dsse, "--key", &public]);
        assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{kt}: {r:#}");
        assert_eq!(
            (&r["format"], &r["signer"]["trusted_by"], &r["metadata"]["predicate_type"]),
            (
                &json!("sigstore_bundle"),
                &json!("command_line"),
                &json!("https://slsa.dev/provenance/v1")
            ),
            "{kt}: {r:#}"
        );
        let subjects: Vec<(&str, &str)> = r["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["name"].as_str().unwrap(), s["status"].as_str().unwrap()))
            .collect();
        assert_eq!(subjects, [("tool.tar.gz", "match"), ("tool.sbom.json", "match")], "{kt}");
        let (code, r) = verify(&env, &[&message, "--key", &public]);
        assert_eq!((code, r["status"].as_str()), (0, Some("valid")), "{kt}: {r:#}");
        assert_eq!(r["file"], format!("{sub}/notes.txt"), "{kt}: {r:#}");

        // sigstore-js's own verifier agrees on what its signer made.
        let (code, r) = node(dir, "verify.mjs", &[&dsse, &public]);
        assert_eq!((code, &r["verified"]), (0, &json!(true)), "{kt}: {r}");
        let (code, r) = node(dir, "verify.mjs", &[&message, &public, &format!("{sub}/notes.txt")]);
        if kt == "ed25519" {
            assert_eq!((code, r["code"].as_str()), (1, Some("SIGNATURE_ERROR")), "{kt}: {r}");
        } else {
            assert_eq!((code, &r["verified"]), (0, &json!(true)), "{kt}: {r}");
        }

        // Another key: never valid. Trusted in the home instead of --key: valid.
        for bundle in [&dsse, &message] {
            let (code, r) = verify(&env, &[bundle, "--key", "stranger.pem"]);
            assert_eq!((code, r["status"].as_str()), (1, Some("untrusted")), "{kt}: {r:#}");
        }
        let o = env
            .cmd()
            .args(["trust", "add", &public, "--name", &format!("builder-{kt}")])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", all_output(&o));
        for bundle in [&dsse, &message] {
            let (code, r) = verify(&env, &[bundle]);
            assert_eq!(
                (code, r["signer"]["trusted_by"].as_str()),
                (0, Some("trust_store")),
                "{r:#}"
            );
        }

        // The files changed: refused by their digests (the statement's, the message's).
        env.write(format!("{sub}/tool.sbom.json"), b"{\"changed\":1}\n");
        let (code, r) = verify(&env, &[&dsse]);
        assert_eq!((code, r["reason"].as_str()), (1, Some("subject_mismatch")), "{kt}: {r:#}");
        assert_eq!(r["subjects"][1]["status"], "changed", "{kt}: {r:#}");
        env.write(format!("{sub}/notes.txt"), b"release notes, changed\n");
        let (code, r) = verify(&env, &[&message]);
        assert_eq!((code, r["reason"].as_str()), (1, Some("hash_mismatch")), "{kt}: {r:#}");
    }
}
