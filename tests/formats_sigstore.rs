//! Sigstore bundles through the real binary: every bundle-verify case of the sigstore-conformance
//! suite (vendored in tests/vectors/sigstore-conformance/), the identity and trusted-root rules
//! of keyless bundles, every field of a keyless and of a key-based bundle tampered with one at a
//! time, and key-based bundles made here with openssl (P-256) and for Ed25519.

#![allow(clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use common::Env;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const IDENTITY: &str = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
const ISSUER: &str = "https://token.actions.githubusercontent.com";

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/sigstore-conformance")
}

fn case(name: &str) -> PathBuf {
    vectors().join("bundle-verify").join(name)
}

fn production_root() -> PathBuf {
    vectors().join("production_trusted_root.json")
}

/// The `--json` schema of `verify`: every report here must be one it accepts.
fn schema() -> &'static jsonschema::Validator {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/json/verify.schema.json");
        let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        jsonschema::draft202012::new(&schema).unwrap()
    })
}

/// Runs `proofctl verify --json ARGS`; the exit code and the one result, which the schema
/// accepts.
fn verify(env: &Env, args: &[&str]) -> (i32, Value) {
    let out = env.cmd().arg("verify").arg("--json").args(args).output().unwrap();
    let code = out.status.code().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    if let Some(e) = doc.get("error") {
        // Refused before any verification (a bad --key file, say): one error document.
        return (code, json!({"status": "error", "reason": e["code"], "message": e["message"]}));
    }
    let errors: Vec<String> =
        schema().iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "verify.schema.json refuses the output: {errors:#?}\n{doc:#}");
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{doc:#}");
    (code, results[0].clone())
}

fn status_reason(r: &Value) -> (String, String) {
    (r["status"].as_str().unwrap().to_string(), r["reason"].as_str().unwrap_or("-").to_string())
}

/// The arguments the conformance suite's own harness gives a client for a case directory.
fn case_args(dir: &Path) -> Vec<String> {
    let s = |p: PathBuf| p.display().to_string();
    let artifact = if dir.join("artifact").exists() { dir.join("artifact") } else { case("a.txt") };
    let root = if dir.join("trusted_root.json").exists() {
        dir.join("trusted_root.json")
    } else {
        production_root()
    };
    let mut args = vec![
        s(dir.join("bundle.sigstore.json")),
        "--file".into(),
        s(artifact),
        "--trusted-root".into(),
        s(root),
    ];
    if dir.join("key.pub").exists() {
        args.extend(["--key".into(), s(dir.join("key.pub"))]);
    } else {
        let read = |f: &str, d: &str| {
            std::fs::read_to_string(dir.join(f)).map(|t| t.trim().to_string()).unwrap_or(d.into())
        };
        args.extend([
            "--certificate-identity".into(),
            read("identity", IDENTITY),
            "--certificate-oidc-issuer".into(),
            read("issuer", ISSUER),
        ]);
    }
    args
}

/// Every vendored case: `None` must verify; `Some((status, reason))` must be refused so.
const CASES: &[(&str, Option<(&str, &str)>)] = &[
    ("bundle-empty-certificate-chain_fail", Some(("error", "malformed"))),
    ("bundle-from-wrong-instance_fail", Some(("untrusted", "untrusted"))),
    ("bundle-invalid-base64-signature_fail", Some(("error", "malformed"))),
    ("bundle-malformed-json_fail", Some(("error", "malformed"))),
    ("bundle-negative-log-index_fail", Some(("error", "malformed"))),
    ("bundle-unknown-version_fail", Some(("error", "unsupported_format"))),
    ("bundle-with-root-cert_fail", Some(("error", "malformed"))),
    ("bundle-with-sct-with-extensions", None),
    ("checkpoint-bad-keyhint_fail", Some(("invalid", "bad_signature"))),
    ("checkpoint-wrong-roothash_fail", Some(("invalid", "bad_inclusion_proof"))),
    ("dsse-invalid-sig_fail", Some(("invalid", "bad_signature"))),
    ("dsse-mismatch-envelope_fail", Some(("invalid", "tlog_mismatch"))),
    ("dsse-mismatch-sig_fail", Some(("invalid", "tlog_mismatch"))),
    ("happy-path-intoto-in-dsse-v3", None),
    ("happy-path-v0.1", None),
    ("happy-path-v0.2", None),
    ("happy-path-v0.3-new-mediaType", None),
    ("happy-path-v0.3", None),
    ("inclusion-proof-corrupted-hash_fail", Some(("invalid", "bad_inclusion_proof"))),
    ("incorrect-public-key_fail", Some(("invalid", "bad_signature"))),
    ("integrated-time-in-future_fail", Some(("invalid", "outside_validity"))),
    ("intoto-expired-certificate_fail", Some(("invalid", "outside_validity"))),
    ("intoto-log-entry-mismatch_fail", Some(("invalid", "tlog_mismatch"))),
    ("intoto-missing-inclusion-proof_fail", Some(("invalid", "bad_inclusion_proof"))),
    ("intoto-set-outside-signing-cert-validity_fail", Some(("invalid", "outside_validity"))),
    ("intoto-tsa-timestamp-outside-cert-validity_fail", Some(("invalid", "outside_validity"))),
    ("intoto-with-custom-trust-root", None),
    ("invalid-checkpoint-signature_fail", Some(("invalid", "bad_signature"))),
    ("invalid-ct-key_fail", Some(("untrusted", "untrusted"))),
    ("invalid-inclusion-proof_fail", Some(("invalid", "bad_inclusion_proof"))),
    ("managed-key-and-trusted-root", None),
    ("managed-key-happy-path", None),
    ("managed-key-no-key_fail", Some(("untrusted", "untrusted"))),
    // Its key.pub is damaged base64: refused as input before any bundle is read.
    ("managed-key-wrong-key_fail", Some(("error", "input"))),
    ("message-digest-mismatch_fail", Some(("invalid", "hash_mismatch"))),
    ("rekor2-checkpoint-cosigned", None),
    ("rekor2-checkpoint-missing-log-signature_fail", Some(("invalid", "bad_signature"))),
    ("rekor2-checkpoint-missing-origin_fail", Some(("error", "malformed"))),
    ("rekor2-checkpoint-missing-root-hash_fail", Some(("error", "malformed"))),
    ("rekor2-checkpoint-missing-size_fail", Some(("error", "malformed"))),
    ("rekor2-checkpoint-multiple-cosigs", None),
    ("rekor2-checkpoint-no-matching-signature_fail", Some(("invalid", "bad_signature"))),
    ("rekor2-checkpoint-origin-not-first", None),
    ("rekor2-checkpoint-two-sigs-cosigned", None),
    ("rekor2-checkpoint-two-sigs-from-origin", None),
    ("rekor2-dsse-happy-path", None),
    ("rekor2-dsse-invalid-sig_fail", Some(("invalid", "bad_signature"))),
    ("rekor2-dsse-mismatch-envelope_fail", Some(("invalid", "tlog_mismatch"))),
    ("rekor2-dsse-mismatch-sig_fail", Some(("invalid", "tlog_mismatch"))),
    ("rekor2-happy-path", None),
    ("rekor2-no-inclusion-proof_fail", Some(("invalid", "bad_inclusion_proof"))),
    ("rekor2-no-timestamp_fail", Some(("invalid", "timestamp_required"))),
    (
        "rekor2-timestamp-outside-trust-root-tsa-validity_fail",
        Some(("invalid", "outside_validity")),
    ),
    ("rekor2-timestamp-outside-tsa-cert-validity_fail", Some(("invalid", "outside_validity"))),
    ("rekor2-timestamp-payload-mismatch_fail", Some(("invalid", "tlog_mismatch"))),
    ("rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail", Some(("invalid", "bad_timestamp"))),
    (
        "rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail",
        Some(("invalid", "bad_timestamp")),
    ),
    ("rekor2-timestamp-with-embedded-cert", None),
    ("rekor2-timestamp-with-expired-cert-chain", None),
    ("rekor2-timestamp-with-incorrect-time_fail", Some(("invalid", "outside_validity"))),
    ("rekor2-timestamp-without-embedded-cert", None),
    ("set-invalid-signature_fail", Some(("invalid", "bad_signature"))),
    ("signature-mismatch_fail", Some(("invalid", "bad_signature"))),
    // The trusted root itself is refused, once for the run, before any bundle is read.
    ("trust-root-tlog-missing-validity-start_fail", Some(("error", "input"))),
    ("trust-root-tlog-validity-end-inclusive", None),
    ("trust-root-tsa-validity-end-inclusive", None),
    ("wrong-hashedrekord-artifact_fail", Some(("invalid", "tlog_mismatch"))),
    ("wrong-hashedrekord-cert-and-sig_fail", Some(("invalid", "tlog_mismatch"))),
    ("wrong-hashedrekord-entry_fail", Some(("invalid", "tlog_mismatch"))),
    ("wrong-material_fail", Some(("invalid", "hash_mismatch"))),
];

#[test]
fn every_vendored_conformance_case_is_judged_as_the_suite_says() {
    let env = Env::new();
    let on_disk: Vec<String> = std::fs::read_dir(vectors().join("bundle-verify"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // Every vendored case is in the table (and only those): none is skipped unnoticed.
    let mut listed: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    let mut on_disk_sorted: Vec<&str> = on_disk.iter().map(String::as_str).collect();
    listed.sort();
    on_disk_sorted.sort();
    assert_eq!(listed, on_disk_sorted);

    let mut wrong = Vec::new();
    for (name, want) in CASES {
        // The suite's own rule: a case is expected to fail exactly when its name says so.
        assert_eq!(name.ends_with("_fail"), want.is_some(), "{name}");
        let args = case_args(&case(name));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, r) = verify(&env, &args);
        let got = status_reason(&r);
        let (want_code, want_sr) = match want {
            None => (0, ("valid".to_string(), "-".to_string())),
            Some((s, reason)) => {
                (if *s == "error" { 2 } else { 1 }, (s.to_string(), reason.to_string()))
            }
        };
        if code != want_code || got != want_sr {
            wrong.push(format!(
                "{name}: exit {code} {got:?}, want exit {want_code} {want_sr:?}: {}",
                r["message"]
            ));
        }
        if want.is_none() {
            assert_eq!(r["format"], "sigstore_bundle", "{name}");
            if !case(name).join("key.pub").exists() {
                assert_eq!(r["signer"]["identity"], IDENTITY, "{name}");
                assert_eq!(r["signer"]["issuer"], ISSUER, "{name}");
            }
            assert!(r["created"].is_string(), "{name}: a verified signing time: {r:#}");
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn happy(extra: &[&str]) -> Vec<String> {
    let mut a = vec![
        case("happy-path-v0.3/bundle.sigstore.json").display().to_string(),
        "--file".into(),
        case("a.txt").display().to_string(),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

fn run(env: &Env, args: &[String]) -> (i32, Value) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    verify(env, &args)
}

#[test]
fn keyless_bundles_need_a_pinned_root_and_the_identity_and_issuer() {
    let env = Env::new();
    let root = production_root().display().to_string();
    let (code, r) = run(
        &env,
        &happy(&["--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER]),
    );
    assert_eq!((code, status_reason(&r).1.as_str()), (2, "no_trusted_root"), "{r:#}");
    assert!(r["message"].as_str().unwrap().contains("--trusted-root"));

    let (code, r) =
        run(&env, &happy(&["--trusted-root", &root, "--certificate-oidc-issuer", ISSUER]));
    assert_eq!((code, status_reason(&r).1.as_str()), (2, "identity_required"), "{r:#}");
    let (code, r) =
        run(&env, &happy(&["--trusted-root", &root, "--certificate-identity", IDENTITY]));
    assert_eq!((code, status_reason(&r).1.as_str()), (2, "identity_required"), "{r:#}");

    let other =
        "https://github.com/someone-else/repo/.github/workflows/release.yml@refs/heads/main";
    let (code, r) = run(
        &env,
        &happy(&[
            "--trusted-root",
            &root,
            "--certificate-identity",
            other,
            "--certificate-oidc-issuer",
            ISSUER,
        ]),
    );
    assert_eq!(
        (code, status_reason(&r)),
        (1, ("invalid".into(), "identity_mismatch".into())),
        "{r:#}"
    );
    let (code, r) = run(
        &env,
        &happy(&[
            "--trusted-root",
            &root,
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            "https://accounts.google.com",
        ]),
    );
    assert_eq!(
        (code, status_reason(&r)),
        (1, ("invalid".into(), "identity_mismatch".into())),
        "{r:#}"
    );

    // A regular expression matches the whole identity, never a part of it.
    let re = r"https://github\.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.*";
    let (code, r) = run(
        &env,
        &happy(&[
            "--trusted-root",
            &root,
            "--certificate-identity-regexp",
            re,
            "--certificate-oidc-issuer",
            ISSUER,
        ]),
    );
    assert_eq!(code, 0, "{r:#}");
    let (code, r) = run(
        &env,
        &happy(&[
            "--trusted-root",
            &root,
            "--certificate-identity-regexp",
            "sigstore-conformance",
            "--certificate-oidc-issuer",
            ISSUER,
        ]),
    );
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "identity_mismatch"), "{r:#}");
    let out = env
        .cmd()
        .args(["verify", "--certificate-identity-regexp", "(", "--certificate-oidc-issuer", ISSUER])
        .arg(case("happy-path-v0.3/bundle.sigstore.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--certificate-identity-regexp"));

    // The home's trusted root serves when none is given; the report says where trust came from.
    let home_root = env.home().join("sigstore/trusted_root.json");
    std::fs::create_dir_all(home_root.parent().unwrap()).unwrap();
    std::fs::write(&home_root, std::fs::read(production_root()).unwrap()).unwrap();
    let (code, r) = run(
        &env,
        &happy(&["--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER]),
    );
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["signer"]["trusted_by"], "trust_store");
    assert_eq!(r["signer"]["name"], IDENTITY);
    assert_eq!(
        r["subject"]["sha256"],
        hex::encode(Sha256::digest(std::fs::read(case("a.txt")).unwrap()))
    );
    assert_eq!(r["metadata"]["tlog"], "rekor.sigstore.dev");
    assert_eq!(r["created"], "2024-03-19T17:26:26Z");

    // A home trusted root others may write is refused, as trust/ files are.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&home_root, std::fs::Permissions::from_mode(0o664)).unwrap();
        let (code, r) = run(
            &env,
            &happy(&["--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER]),
        );
        assert_eq!((code, r["reason"].as_str()), (2, Some("home")), "{r:#}");
        std::fs::set_permissions(&home_root, std::fs::Permissions::from_mode(0o644)).unwrap();
    }

    // Another instance's root (staging's) does not vouch for production bundles.
    let staging = case("rekor2-happy-path/trusted_root.json").display().to_string();
    let (code, r) = run(
        &env,
        &happy(&[
            "--trusted-root",
            &staging,
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
        ]),
    );
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "untrusted"), "{r:#}");

    // Text output names the signer and the log.
    let out = env
        .cmd()
        .args([
            "verify",
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
            "--file",
        ])
        .arg(case("a.txt"))
        .arg(case("happy-path-v0.3/bundle.sigstore.json"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.starts_with("OK ") && text.contains(IDENTITY) && text.contains("rekor.sigstore.dev"),
        "{text}"
    );
}

/// A bundle and the file it signs side by side, as releases ship them: `verify dist/*` checks
/// the pair, and a bundle is told by its content whatever its name.
#[test]
fn a_bundle_beside_its_file_in_a_batch() {
    let env = Env::new();
    let dist = env.path("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::copy(case("a.txt"), dist.join("a.txt")).unwrap();
    std::fs::copy(case("happy-path-v0.3/bundle.sigstore.json"), dist.join("a.txt.sigstore.json"))
        .unwrap();
    let out = env
        .cmd()
        .args([
            "verify",
            "--json",
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
            "--trusted-root",
        ])
        .arg(production_root())
        .arg(dist.join("a.txt"))
        .arg(dist.join("a.txt.sigstore.json"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{doc:#}");
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "the data file is covered by the bundle's report: {doc:#}");
    assert_eq!(results[0]["file"], dist.join("a.txt").display().to_string());

    // The file changed: the bundle's digest no longer matches.
    std::fs::write(dist.join("a.txt"), b"not what was signed\n").unwrap();
    let (code, r) = verify(
        &env,
        &[
            dist.join("a.txt.sigstore.json").to_str().unwrap(),
            "--trusted-root",
            production_root().to_str().unwrap(),
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
        ],
    );
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "hash_mismatch"), "{r:#}");

    // A trusted root passed where a signature goes is no signature: one line naming what it
    // saw, exit 2.
    let fake = env.path("dist/b.txt.sigstore.json");
    std::fs::copy(production_root(), &fake).unwrap();
    let out = env.cmd().arg("verify").arg(&fake).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a signature (text starting \"{\")") && err.lines().count() == 1,
        "{err}"
    );
}

/// Sets the member at a JSON pointer of a bundle.
fn set(doc: &mut Value, pointer: &str, v: Value) {
    *doc.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}")) = v;
}

/// Flips one bit of the base64 bytes at `pointer`.
fn flip(doc: &mut Value, pointer: &str, byte: usize) {
    let s = doc.pointer(pointer).and_then(Value::as_str).unwrap_or_else(|| panic!("{pointer}"));
    let mut b = B64.decode(s).unwrap();
    let i = byte.min(b.len() - 1);
    b[i] ^= 1;
    set(doc, pointer, Value::String(B64.encode(b)));
}

#[test]
fn every_field_of_a_keyless_bundle_tampered_is_refused() {
    let env = Env::new();
    let original: Value = serde_json::from_slice(
        &std::fs::read(case("happy-path-v0.3/bundle.sigstore.json")).unwrap(),
    )
    .unwrap();
    let root = production_root().display().to_string();
    let artifact = case("a.txt").display().to_string();
    let e = "/verificationMaterial/tlogEntries/0";
    type Edit = Box<dyn Fn(&mut Value)>;
    let edits: Vec<(&str, Edit, &str)> = vec![
        (
            "mediaType",
            Box::new(|d| {
                set(d, "/mediaType", json!("application/vnd.dev.sigstore.bundle+json;version=0.4"))
            }),
            "unsupported_format",
        ),
        (
            "certificate",
            Box::new(|d| flip(d, "/verificationMaterial/certificate/rawBytes", 300)),
            "*",
        ),
        ("signature", Box::new(|d| flip(d, "/messageSignature/signature", 40)), "bad_signature"),
        (
            "messageDigest",
            Box::new(|d| flip(d, "/messageSignature/messageDigest/digest", 3)),
            "hash_mismatch",
        ),
        (
            "digest algorithm",
            Box::new(|d| set(d, "/messageSignature/messageDigest/algorithm", json!("SHA2_384"))),
            "unsupported_algorithm",
        ),
        (
            "logIndex",
            Box::new(move |d| set(d, &format!("{e}/logIndex"), json!("79571824"))),
            "bad_signature",
        ),
        ("logId", Box::new(move |d| flip(d, &format!("{e}/logId/keyId"), 0)), "untrusted"),
        (
            "kind",
            Box::new(move |d| set(d, &format!("{e}/kindVersion/kind"), json!("dsse"))),
            "tlog_mismatch",
        ),
        (
            "version",
            Box::new(move |d| set(d, &format!("{e}/kindVersion/version"), json!("0.0.2"))),
            "tlog_mismatch",
        ),
        (
            "integratedTime",
            Box::new(move |d| set(d, &format!("{e}/integratedTime"), json!("1710869187"))),
            "bad_signature",
        ),
        (
            "SET",
            Box::new(move |d| flip(d, &format!("{e}/inclusionPromise/signedEntryTimestamp"), 20)),
            "bad_signature",
        ),
        (
            "proof logIndex",
            Box::new(move |d| set(d, &format!("{e}/inclusionProof/logIndex"), json!("75408391"))),
            "bad_inclusion_proof",
        ),
        (
            "rootHash",
            Box::new(move |d| flip(d, &format!("{e}/inclusionProof/rootHash"), 5)),
            "bad_inclusion_proof",
        ),
        (
            "treeSize",
            Box::new(move |d| set(d, &format!("{e}/inclusionProof/treeSize"), json!("75408394"))),
            "bad_inclusion_proof",
        ),
        (
            "a proof hash",
            Box::new(move |d| flip(d, &format!("{e}/inclusionProof/hashes/4"), 9)),
            "bad_inclusion_proof",
        ),
        (
            "checkpoint",
            Box::new(move |d| {
                let p = format!("{e}/inclusionProof/checkpoint/envelope");
                let c = d.pointer(&p).unwrap().as_str().unwrap().replacen(
                    "rekor.sigstore.dev - ",
                    "rekor.sigstore.dev -- ",
                    1,
                );
                set(d, &p, json!(c));
            }),
            "bad_signature",
        ),
        (
            "body",
            Box::new(move |d| {
                let p = format!("{e}/canonicalizedBody");
                let body = String::from_utf8(
                    B64.decode(d.pointer(&p).unwrap().as_str().unwrap()).unwrap(),
                )
                .unwrap();
                set(d, &p, json!(B64.encode(body.replacen("\"sha256\"", "\"sha512\"", 1))));
            }),
            "*",
        ),
    ];
    for (what, edit, want) in edits {
        let mut doc = original.clone();
        edit(&mut doc);
        let p = env.write(format!("t/{}.sigstore.json", what.replace(' ', "_")), doc.to_string());
        let (code, r) = verify(
            &env,
            &[
                p.to_str().unwrap(),
                "--file",
                &artifact,
                "--trusted-root",
                &root,
                "--certificate-identity",
                IDENTITY,
                "--certificate-oidc-issuer",
                ISSUER,
            ],
        );
        assert_ne!(code, 0, "{what}: accepted: {r:#}");
        let (_, reason) = status_reason(&r);
        if want != "*" {
            assert_eq!(reason, want, "{what}: {r:#}");
        }
    }
}

/// openssl, which CI installs (.ci/run); without it these tests skip unless interop is required.
fn have_openssl() -> bool {
    if common::have("openssl") {
        return true;
    }
    assert!(
        std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
        "openssl is required (PROOFCTL_REQUIRE_INTEROP is set)"
    );
    eprintln!("skipping: openssl missing");
    false
}

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl").current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// A P-256 key made by openssl, its public PEM, and the SHA-256 of its SPKI (cosign's hint).
fn p256_key(env: &Env, name: &str) -> (PathBuf, PathBuf, String) {
    let dir = env.dir.path();
    openssl(
        dir,
        &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", &format!("{name}.key")],
    );
    openssl(dir, &["ec", "-in", &format!("{name}.key"), "-pubout", "-out", &format!("{name}.pub")]);
    let der = openssl(dir, &["ec", "-in", &format!("{name}.key"), "-pubout", "-outform", "DER"]);
    (
        dir.join(format!("{name}.key")),
        dir.join(format!("{name}.pub")),
        B64.encode(Sha256::digest(der)),
    )
}

fn key_bundle(hint: &str, content: Value) -> Value {
    let mut b = json!({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {"hint": hint}, "tlogEntries": []},
    });
    let obj = b.as_object_mut().unwrap();
    for (k, v) in content.as_object().unwrap() {
        obj.insert(k.clone(), v.clone());
    }
    b
}

#[test]
fn key_based_p256_bundles_made_with_openssl_and_every_field_tampered() {
    if !have_openssl() {
        return;
    }
    let env = Env::new();
    let (key, public, hint) = p256_key(&env, "release");
    let (_, stranger, _) = p256_key(&env, "stranger");
    let artifact = env.write("dist/tool.tar.gz", b"the release bytes\n".repeat(100));
    let sig = openssl(
        env.dir.path(),
        &["dgst", "-sha256", "-sign", key.to_str().unwrap(), artifact.to_str().unwrap()],
    );
    let digest = Sha256::digest(std::fs::read(&artifact).unwrap());
    let bundle = key_bundle(
        &hint,
        json!({"messageSignature": {
            "messageDigest": {"algorithm": "SHA2_256", "digest": B64.encode(digest)},
            "signature": B64.encode(&sig),
        }}),
    );
    let path = env.write("dist/tool.tar.gz.sigstore.json", bundle.to_string());
    let p = path.to_str().unwrap();
    let k = public.to_str().unwrap();

    let (code, r) = verify(&env, &[p, "--key", k]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["signer"]["name"], "release");
    assert_eq!(r["signer"]["trusted_by"], "command_line");
    assert_eq!(r["file"], artifact.display().to_string());
    assert!(r["message"].as_str().unwrap().starts_with("signed by release (kid "), "{r:#}");
    // No trusted key: untrusted (exit 1); another key: untrusted too, never valid.
    let (code, r) = verify(&env, &[p]);
    assert_eq!((code, status_reason(&r).0.as_str()), (1, "untrusted"), "{r:#}");
    let (code, r) = verify(&env, &[p, "--key", stranger.to_str().unwrap()]);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "untrusted"), "{r:#}");
    // Trusted through the trust store, as any key.
    std::fs::create_dir_all(env.home().join("trust")).unwrap();
    std::fs::copy(&public, env.home().join("trust/releases.pub")).unwrap();
    let (code, r) = verify(&env, &[p]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["signer"]["trusted_by"], "trust_store");

    type Edit = Box<dyn Fn(&mut Value)>;
    let edits: Vec<(&str, Edit, &str)> = vec![
        (
            "mediaType",
            Box::new(|d| {
                set(d, "/mediaType", json!("application/vnd.dev.sigstore.bundle.v0.9+json"))
            }),
            "unsupported_format",
        ),
        ("signature", Box::new(|d| flip(d, "/messageSignature/signature", 20)), "bad_signature"),
        (
            "digest",
            Box::new(|d| flip(d, "/messageSignature/messageDigest/digest", 0)),
            "hash_mismatch",
        ),
        (
            "digest algorithm",
            Box::new(|d| set(d, "/messageSignature/messageDigest/algorithm", json!("SHA2_512"))),
            "unsupported_algorithm",
        ),
        (
            "publicKey removed",
            Box::new(|d| set(d, "/verificationMaterial/publicKey", Value::Null)),
            "malformed",
        ),
        (
            "content removed",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("messageSignature");
            }),
            "malformed",
        ),
    ];
    for (what, edit, want) in edits {
        let mut doc = bundle.clone();
        edit(&mut doc);
        std::fs::write(&path, doc.to_string()).unwrap();
        let (code, r) = verify(&env, &[p, "--key", k]);
        assert_ne!(code, 0, "{what}: accepted: {r:#}");
        assert_eq!(status_reason(&r).1, want, "{what}: {r:#}");
    }
    // The hint is unsigned by design (a hint, as Sigstore's spec says): another hint still finds
    // the trusted key that verifies, and no key that does not.
    let mut doc = bundle.clone();
    set(&mut doc, "/verificationMaterial/publicKey/hint", json!("somebody-else"));
    std::fs::write(&path, doc.to_string()).unwrap();
    assert_eq!(verify(&env, &[p, "--key", k]).0, 0);
    // The artifact changed: refused by its digest, and without the digest by the signature.
    std::fs::write(&path, bundle.to_string()).unwrap();
    std::fs::write(&artifact, b"a trojan\n").unwrap();
    let (code, r) = verify(&env, &[p, "--key", k]);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "hash_mismatch"), "{r:#}");
    let mut doc = bundle.clone();
    doc["messageSignature"].as_object_mut().unwrap().remove("messageDigest");
    std::fs::write(&path, doc.to_string()).unwrap();
    let (code, r) = verify(&env, &[p, "--key", k]);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "bad_signature"), "{r:#}");
    // The file is gone: an error naming it.
    std::fs::remove_file(&artifact).unwrap();
    let (code, r) = verify(&env, &[p, "--key", k]);
    assert_eq!((code, status_reason(&r).1.as_str()), (2, "file_not_found"), "{r:#}");
}

#[test]
fn key_based_dsse_and_ed25519_bundles() {
    if !have_openssl() {
        return;
    }
    let env = Env::new();
    let dir = env.dir.path();
    let (key, public, hint) = p256_key(&env, "builder");
    env.write("out/app.bin", b"binary\n");
    env.write("out/app.sbom", b"sbom\n");
    let statement = json!({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [
            {"name": "app.bin", "digest": {"sha256": hex::encode(Sha256::digest(b"binary\n"))}},
            {"name": "app.sbom", "digest": {"sha256": hex::encode(Sha256::digest(b"sbom\n"))}},
        ],
        "predicateType": "https://slsa.dev/provenance/v1",
        "predicate": {},
    })
    .to_string();
    let pae = format!(
        "DSSEv1 {} application/vnd.in-toto+json {} {statement}",
        "application/vnd.in-toto+json".len(),
        statement.len()
    );
    env.write("pae", &pae);
    let sig = openssl(dir, &["dgst", "-sha256", "-sign", key.to_str().unwrap(), "pae"]);
    let bundle = key_bundle(
        &hint,
        json!({"dsseEnvelope": {
            "payload": B64.encode(&statement),
            "payloadType": "application/vnd.in-toto+json",
            "signatures": [{"sig": B64.encode(&sig), "keyid": ""}],
        }}),
    );
    let path = env.write("out/app.intoto.sigstore.json", bundle.to_string());
    let p = path.to_str().unwrap();
    let k = public.to_str().unwrap();
    let (code, r) = verify(&env, &[p, "--key", k]);
    assert_eq!(code, 0, "{r:#}");
    let subjects: Vec<&str> =
        r["subjects"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["match", "match"]);
    assert_eq!(r["metadata"]["predicate_type"], "https://slsa.dev/provenance/v1");

    let mut doc = bundle.clone();
    set(&mut doc, "/dsseEnvelope/payloadType", json!("text/plain"));
    std::fs::write(&path, doc.to_string()).unwrap();
    assert_eq!(status_reason(&verify(&env, &[p, "--key", k]).1).1, "bad_signature");
    let mut doc = bundle.clone();
    set(
        &mut doc,
        "/dsseEnvelope/payload",
        json!(B64.encode(statement.replace("app.sbom", "app.sbon"))),
    );
    std::fs::write(&path, doc.to_string()).unwrap();
    assert_eq!(status_reason(&verify(&env, &[p, "--key", k]).1).1, "bad_signature");
    std::fs::write(&path, bundle.to_string()).unwrap();
    env.write("out/app.sbom", b"changed\n");
    let (code, r) = verify(&env, &[p, "--key", k]);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "subject_mismatch"), "{r:#}");
    assert_eq!(r["subjects"][1]["status"], "changed");

    // Ed25519 (pure, over the artifact), signed by openssl and trusted as an SPKI PEM.
    openssl(dir, &["genpkey", "-algorithm", "ed25519", "-out", "ed.key"]);
    openssl(dir, &["pkey", "-in", "ed.key", "-pubout", "-out", "ed.pub"]);
    let artifact = env.write("notes.txt", b"release notes\n");
    let sig = openssl(
        dir,
        &["pkeyutl", "-sign", "-rawin", "-inkey", "ed.key", "-in", artifact.to_str().unwrap()],
    );
    let bundle = key_bundle("", json!({"messageSignature": {"signature": B64.encode(&sig)}}));
    let path = env.write("notes.txt.sigstore.json", bundle.to_string());
    let ed = dir.join("ed.pub");
    let (code, r) = verify(&env, &[path.to_str().unwrap(), "--key", ed.to_str().unwrap()]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["signer"]["name"], "ed");
    let mut doc = bundle.clone();
    flip(&mut doc, "/messageSignature/signature", 10);
    std::fs::write(&path, doc.to_string()).unwrap();
    let (code, r) = verify(&env, &[path.to_str().unwrap(), "--key", ed.to_str().unwrap()]);
    assert_eq!(code, 1, "{r:#}");
}

/// What `proofctl attest` writes (a Sigstore bundle v0.3, publicKey hint = kid, a DSSE envelope
/// signed with the proofctl key) verifies as a bundle, with the envelope verifier's rules:
/// release manifests report files changed, missing and added, and --predicate-type holds.
#[test]
fn attest_bundles_verify_as_sigstore_bundles() {
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "--name", "rel", "-q"]).assert().success();
    env.write("dist/a.tar.gz", b"a");
    env.write("dist/b.zip", b"b");
    env.cmd().args(["attest", "--manifest", "dist", "-q"]).assert().success();
    let bundle: Value =
        serde_json::from_slice(&std::fs::read(env.path("dist/manifest.sigstore.json")).unwrap())
            .unwrap();
    assert_eq!(bundle["mediaType"], "application/vnd.dev.sigstore.bundle.v0.3+json");
    let (code, r) = verify(&env, &["dist/manifest.sigstore.json"]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["format"], "sigstore_bundle");
    assert_eq!(r["signer"]["name"], "rel");
    assert_eq!(r["metadata"]["bundle_version"], "0.3");
    let (code, r) = verify(
        &env,
        &["dist/manifest.sigstore.json", "--predicate-type", "https://slsa.dev/provenance/v1"],
    );
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "predicate_mismatch"), "{r:#}");

    env.write("dist/a.tar.gz", b"A");
    env.write("dist/new.txt", b"new");
    let (code, r) = verify(&env, &["dist/manifest.sigstore.json"]);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "subject_mismatch"), "{r:#}");
    let got: Vec<(&str, &str)> = r["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("a.tar.gz", "changed"), ("b.zip", "match"), ("new.txt", "added")]);

    // The envelope tampered inside the bundle: refused.
    let mut doc = bundle.clone();
    let payload = B64.decode(doc["dsseEnvelope"]["payload"].as_str().unwrap()).unwrap();
    let payload = String::from_utf8(payload).unwrap().replace("b.zip", "c.zip");
    set(&mut doc, "/dsseEnvelope/payload", json!(B64.encode(payload)));
    env.write("dist/manifest.sigstore.json", doc.to_string());
    let (code, r) = verify(&env, &["dist/manifest.sigstore.json"]);
    assert_eq!(code, 1, "{r:#}");
    assert_ne!(r["status"], "valid");
}

/// --predicate-type applies to keyless attestations too.
#[test]
fn keyless_attestations_honour_predicate_type() {
    let env = Env::new();
    let dir = case("happy-path-intoto-in-dsse-v3");
    let mut args = case_args(&dir);
    args.extend(["--predicate-type".into(), "https://example.com/not-this".into()]);
    let (code, r) = run(&env, &args);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "predicate_mismatch"), "{r:#}");
}

/// A trust entry's validity window holds for key-based bundles by their verified signing time
/// (the log's, checked against a trusted root); without one, a restricted key vouches for none.
#[test]
fn restricted_keys_need_a_verified_signing_time() {
    let env = Env::new();
    let dir = case("managed-key-and-trusted-root");
    let trust = env.home().join("trust");
    std::fs::create_dir_all(&trust).unwrap();
    // Written, not copied: the home refuses group-writable files, whatever the checkout's mode.
    std::fs::write(trust.join("managed.pub"), std::fs::read(dir.join("key.pub")).unwrap()).unwrap();
    let bundle = dir.join("bundle.sigstore.json").display().to_string();
    let artifact = case("a.txt").display().to_string();
    let root = dir.join("trusted_root.json").display().to_string();
    let with_root = [bundle.as_str(), "--file", &artifact, "--trusted-root", &root];
    let without = [bundle.as_str(), "--file", &artifact];

    let (code, r) = verify(&env, &with_root);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(verify(&env, &without).0, 0);
    std::fs::write(trust.join("managed.toml"), "valid_after = \"2020-01-01\"\n").unwrap();
    let (code, r) = verify(&env, &with_root);
    assert_eq!(code, 0, "{r:#}");
    let (code, r) = verify(&env, &without);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "outside_validity"), "{r:#}");
    assert!(r["message"].as_str().unwrap().contains("no verified signing time"), "{r:#}");
    std::fs::write(trust.join("managed.toml"), "valid_before = \"2020-01-01\"\n").unwrap();
    let (code, r) = verify(&env, &with_root);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "outside_validity"), "{r:#}");
    std::fs::write(trust.join("managed.toml"), "[require_meta]\ncommit = \"abc\"\n").unwrap();
    let (code, r) = verify(&env, &with_root);
    assert_eq!((code, status_reason(&r).1.as_str()), (1, "metadata_not_allowed"), "{r:#}");
}
