//! End-to-end tests: the real `proofctl` binary on temp homes, one behaviour per test.

mod common;

use std::fs;
use std::process::Stdio;

use common::{Env, PASSPHRASE, all_output, have};
use predicates::prelude::*;
use serde_json::Value;

fn sign(env: &Env, file: &str) {
    env.cmd().args(["sign", "-q", file]).assert().success();
}

fn verify_code(env: &Env, proof: &str) -> i32 {
    env.cmd().args(["verify", "-q", proof]).output().unwrap().status.code().unwrap()
}

#[test]
fn keygen_sign_verify_round_trip() {
    let env = Env::new();
    env.cmd()
        .arg("keygen")
        .assert()
        .success()
        .stdout(predicate::str::contains("Created key \"default\""));
    env.write("report.pdf", b"%PDF-1.7 pretend\n");
    env.cmd().args(["sign", "report.pdf", "--meta", "project=apollo"]).assert().success();
    env.cmd()
        .args(["verify", "report.pdf.proof"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("OK").and(predicate::str::contains("signed by default")));
}

#[cfg(unix)]
#[test]
fn key_files_have_private_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.keygen();
    let mode = |p: &str| fs::metadata(env.home().join(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("."), 0o700);
    assert_eq!(mode("keys"), 0o700);
    assert_eq!(mode("keys/default.key"), 0o600);
    assert_eq!(mode("keys/default.pub"), 0o644);
    // Sealed: no PEM private key and no raw key material on disk.
    let text = fs::read_to_string(env.home().join("keys/default.key")).unwrap();
    assert!(
        text.contains("\"argon2id\"")
            && text.contains("\"aes-256-gcm\"")
            && !text.contains("PRIVATE KEY")
    );
}

#[test]
fn a_one_bit_change_anywhere_in_the_file_is_a_no() {
    let env = Env::new();
    env.keygen();
    let original: Vec<u8> = (0..48u8).map(|i| i.wrapping_mul(37)).collect();
    env.write("data.bin", &original);
    sign(&env, "data.bin");
    assert_eq!(verify_code(&env, "data.bin.proof"), 0);
    // Every byte position once, and every bit of the first and last bytes.
    let mut flips: Vec<(usize, u8)> = (0..original.len()).map(|i| (i, 1u8 << (i % 8))).collect();
    for bit in 0..8 {
        flips.push((0, 1 << bit));
        flips.push((original.len() - 1, 1 << bit));
    }
    for (pos, mask) in flips {
        let mut changed = original.clone();
        changed[pos] ^= mask;
        env.write("data.bin", &changed);
        assert_eq!(
            verify_code(&env, "data.bin.proof"),
            1,
            "flip at byte {pos} mask {mask:#x} not caught"
        );
    }
}

/// Collects a JSON pointer for every leaf (string or number) of a document.
fn leaves(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, v)| leaves(v, format!("{path}/{k}"), out)),
        Value::Array(a) => {
            a.iter().enumerate().for_each(|(i, v)| leaves(v, format!("{path}/{i}"), out))
        }
        _ => out.push(path),
    }
}

/// Changes a leaf so it stays the same type and, where possible, the same shape.
fn mutate(v: &Value) -> Vec<Value> {
    match v {
        Value::String(s) => {
            let mut variants = Vec::new();
            let mut chars: Vec<char> = s.chars().collect();
            // Change a character in the middle to a different one from the same alphabet.
            if let Some(c) = chars.get_mut(s.chars().count() / 2) {
                *c = if *c == 'A' {
                    'B'
                } else if c.is_ascii_digit() {
                    if *c == '1' { '2' } else { '1' }
                } else {
                    'A'
                };
            }
            variants.push(Value::String(chars.into_iter().collect()));
            variants.push(Value::String(format!("{s}x")));
            variants.push(Value::String(String::new()));
            variants
        }
        Value::Number(n) => {
            vec![(n.as_u64().unwrap() + 1).into(), (n.as_u64().unwrap().saturating_sub(1)).into()]
        }
        other => vec![Value::Null, other.clone()],
    }
}

#[test]
fn changing_any_single_field_of_the_proof_is_never_accepted() {
    let env = Env::new();
    env.keygen();
    env.write("notes.txt", b"meeting notes\n");
    env.cmd()
        .args(["sign", "-q", "notes.txt", "--meta", "author=ada", "--meta", "ticket=42"])
        .assert()
        .success();
    let original: Value =
        serde_json::from_str(&fs::read_to_string(env.path("notes.txt.proof")).unwrap()).unwrap();
    let mut paths = Vec::new();
    leaves(&original, String::new(), &mut paths);
    assert!(paths.len() >= 12, "{paths:?}");
    let mut tried = 0;
    for path in &paths {
        for replacement in mutate(original.pointer(path).unwrap()) {
            if &replacement == original.pointer(path).unwrap() {
                continue;
            }
            let mut doc = original.clone();
            *doc.pointer_mut(path).unwrap() = replacement.clone();
            env.write("notes.txt.proof", serde_json::to_string_pretty(&doc).unwrap());
            let code = verify_code(&env, "notes.txt.proof");
            assert!(code == 1 || code == 2, "{path} = {replacement} was accepted (exit {code})");
            tried += 1;
        }
    }
    // Added and removed members, too.
    for extra in [("/metadata", "approved"), ("", "comment")] {
        let mut doc = original.clone();
        doc.pointer_mut(extra.0)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(extra.1.into(), "yes".into());
        env.write("notes.txt.proof", serde_json::to_string(&doc).unwrap());
        assert_ne!(verify_code(&env, "notes.txt.proof"), 0, "adding {extra:?} was accepted");
    }
    for member in ["/metadata/author", "/signature", "/created"] {
        let mut doc = original.clone();
        let (parent, key) = member.rsplit_once('/').unwrap();
        doc.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key);
        env.write("notes.txt.proof", serde_json::to_string(&doc).unwrap());
        assert_ne!(verify_code(&env, "notes.txt.proof"), 0, "removing {member} was accepted");
    }
    assert!(tried >= 30);
    // And the untouched proof still verifies: the failures above are the tampering, not the harness.
    env.write("notes.txt.proof", serde_json::to_string(&original).unwrap());
    assert_eq!(verify_code(&env, "notes.txt.proof"), 0);
}

#[test]
fn a_proof_from_an_untrusted_key_is_a_no_until_trusted() {
    let alice = Env::new();
    alice.keygen();
    alice.write("photo.jpg", b"\xff\xd8\xff jpeg bytes");
    sign(&alice, "photo.jpg");

    let bob = Env::new();
    bob.keygen();
    let proof = alice.path("photo.jpg.proof");
    let out = bob.cmd().arg("verify").arg(&proof).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = all_output(&out);
    assert!(
        text.contains("UNTRUSTED")
            && text.contains("untrusted")
            && text.contains("proofctl trust add"),
        "{text}"
    );

    // --key with Alice's public key: trusted for this call only.
    bob.cmd()
        .arg("verify")
        .arg(&proof)
        .arg("--key")
        .arg(alice.home().join("keys/default.pub"))
        .assert()
        .code(0);
    // --key replaces the home's trust: Bob's own key does not make Alice's proof count.
    bob.cmd()
        .arg("verify")
        .arg(&proof)
        .arg("--key")
        .arg(bob.home().join("keys/default.pub"))
        .assert()
        .code(1);
    // --trust-dir with a folder of .pub files, as a repository's keys/ would be.
    bob.cmd()
        .arg("verify")
        .arg(&proof)
        .arg("--trust-dir")
        .arg(alice.home().join("keys"))
        .assert()
        .code(0);

    bob.cmd()
        .args(["trust", "add", "--name", "alice"])
        .arg(alice.home().join("keys/default.pub"))
        .assert()
        .success();
    bob.cmd()
        .arg("verify")
        .arg(&proof)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("signed by alice"));
    let list = bob.cmd().args(["trust", "list", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v["keys"].as_array().unwrap().len(), 2);
    bob.cmd().args(["trust", "remove", "alice"]).assert().success();
    bob.cmd().arg("verify").arg(&proof).assert().code(1);
    // A kid is base64url and one in 64 starts with '-': it is a kid, not an option.
    bob.cmd()
        .args(["trust", "remove", "-0NoSuchKid"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no trusted key matches \"-0NoSuchKid\""));
    // Trusting the signer straight from a proof works too.
    bob.cmd().args(["trust", "add"]).arg(&proof).assert().success();
    bob.cmd().arg("verify").arg(&proof).assert().code(0);
}

#[test]
fn a_wrong_passphrase_is_an_error_and_writes_nothing() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    env.cmd()
        .args(["sign", "a.txt"])
        .env("PROOFCTL_PASSPHRASE", "not the passphrase")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("wrong passphrase")
                .and(predicate::str::contains("default.key")),
        );
    assert!(!env.path("a.txt.proof").exists());
    // --passphrase-file takes precedence over the environment and drops the trailing newline.
    env.write("pw.txt", format!("{PASSPHRASE}\n"));
    env.cmd()
        .args(["sign", "-q", "a.txt", "--passphrase-file", "pw.txt"])
        .env("PROOFCTL_PASSPHRASE", "wrong")
        .assert()
        .success();
}

#[test]
fn without_a_terminal_or_passphrase_source_it_says_how_to_give_one() {
    if !have("setsid") {
        return; // util-linux is on every Debian; setsid detaches from any controlling terminal.
    }
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    let bin = assert_cmd::cargo::cargo_bin("proofctl");
    let out = std::process::Command::new("setsid")
        .arg("-w")
        .arg(bin)
        .args(["sign", "a.txt"])
        .current_dir(env.dir.path())
        .env("PROOFCTL_HOME", env.home())
        .env_remove("PROOFCTL_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = all_output(&out);
    assert!(text.contains("PROOFCTL_PASSPHRASE") && text.contains("--passphrase-file"), "{text}");
}

#[test]
fn bad_inputs_get_one_clear_line_and_the_documented_code() {
    let env = Env::new();
    env.keygen();
    fs::create_dir(env.path("folder")).unwrap();
    env.write("folder.proof", b"{}");
    let one_line = |out: &std::process::Output| {
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(err.trim_end().lines().count(), 1, "expected one line, got: {err}");
        err
    };

    let out = env.cmd().args(["sign", "missing.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(one_line(&out).contains("missing.txt: no such file"));

    let out = env.cmd().args(["sign", "folder"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(one_line(&out).contains("folder: is a directory"));

    // An empty file is a legitimate thing to sign.
    env.write("empty", b"");
    sign(&env, "empty");
    assert_eq!(verify_code(&env, "empty.proof"), 0);

    // An empty, truncated, future-version or missing proof: errors (2), each saying what is wrong.
    env.write("a.txt", b"content");
    sign(&env, "a.txt");
    let good = fs::read_to_string(env.path("a.txt.proof")).unwrap();
    for (proof_text, needle) in [
        ("".to_string(), "empty file"),
        (good[..good.len() / 3].to_string(), "truncated"),
        (good.replace("POP-1.0", "POP-2.0"), "unsupported proof format \"POP-2.0\""),
        ("not json".to_string(), "not valid POP-1.0 JSON"),
    ] {
        env.write("a.txt.proof", &proof_text);
        let out = env.cmd().args(["verify", "a.txt.proof"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{needle}");
        let err = one_line(&out);
        assert!(
            err.starts_with("proofctl: error: a.txt.proof: ") && err.contains(needle),
            "{needle}: {err}"
        );
        assert!(out.stdout.is_empty(), "{needle}: errors belong on stderr");
    }
    env.cmd()
        .args(["verify", "nowhere.proof"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    env.cmd()
        .args(["verify", "folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    // The proof is fine but its file is gone.
    env.write("gone.txt", b"x");
    sign(&env, "gone.txt");
    fs::remove_file(env.path("gone.txt")).unwrap();
    env.cmd()
        .args(["verify", "gone.txt.proof"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--file"));
    // A proof not named *.proof needs --file.
    env.write("b.txt", b"b");
    sign(&env, "b.txt");
    fs::rename(env.path("b.txt.proof"), env.path("b.sig")).unwrap();
    env.cmd().args(["verify", "b.sig"]).assert().code(2).stderr(predicate::str::contains("--file"));
    env.cmd().args(["verify", "b.sig", "--file", "b.txt"]).assert().code(0);
    // Arguments that do not fit together.
    env.cmd().args(["sign", "a.txt", "b.txt", "--out", "x.proof"]).assert().code(2);
    env.cmd().args(["sign", "a.txt", "--meta", "no equals sign"]).assert().code(2);
    env.cmd().args(["frobnicate"]).assert().code(2);
}

#[test]
fn unicode_and_non_utf8_file_names() {
    let env = Env::new();
    env.keygen();
    env.write("résumé 📄.txt", b"unicode name");
    sign(&env, "résumé 📄.txt");
    assert_eq!(verify_code(&env, "résumé 📄.txt.proof"), 0);
    let proof: Value =
        serde_json::from_str(&fs::read_to_string(env.path("résumé 📄.txt.proof")).unwrap())
            .unwrap();
    assert_eq!(proof["subject"]["name"], "résumé 📄.txt");

    #[cfg(unix)]
    {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"caf\xe9.bin");
        fs::write(env.dir.path().join(name), b"latin-1 name").unwrap();
        env.cmd().arg("sign").arg("-q").arg(name).assert().success();
        let mut proof_name = name.to_owned();
        proof_name.push(".proof");
        env.cmd().arg("verify").arg(&proof_name).assert().code(0);
        // Recorded lossily, so under --strict-name it can never match: reported, not hidden.
        env.cmd().arg("verify").arg("--strict-name").arg(&proof_name).assert().code(1);
        fs::write(env.dir.path().join(name), b"changed").unwrap();
        env.cmd().arg("verify").arg(&proof_name).assert().code(1);
    }
}

#[test]
fn nothing_is_overwritten_without_force() {
    let env = Env::new();
    env.keygen();
    let key_before = fs::read(env.home().join("keys/default.key")).unwrap();
    env.cmd().arg("keygen").assert().code(2).stderr(
        predicate::str::contains("already exists").and(predicate::str::contains("--force")),
    );
    assert_eq!(fs::read(env.home().join("keys/default.key")).unwrap(), key_before);

    env.write("a.txt", b"a");
    sign(&env, "a.txt");
    let proof_before = fs::read(env.path("a.txt.proof")).unwrap();
    env.cmd()
        .args(["sign", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(fs::read(env.path("a.txt.proof")).unwrap(), proof_before);
    env.cmd().args(["sign", "-q", "--force", "a.txt"]).assert().success();
    env.cmd().args(["keygen", "-q", "--force"]).assert().success();
    assert_ne!(fs::read(env.home().join("keys/default.key")).unwrap(), key_before);
    // No temp files left in any folder we wrote to.
    for dir in [env.dir.path().to_path_buf(), env.home().join("keys")] {
        let stray = fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".tmp"));
        assert_eq!(stray.count(), 0, "{}", dir.display());
    }
}

#[test]
fn many_files_sign_and_verify_in_one_call_with_a_summary() {
    let env = Env::new();
    env.keygen();
    let names: Vec<String> = (0..40).map(|i| format!("f{i:02}.txt")).collect();
    for n in &names {
        env.write(n, n.as_bytes());
    }
    env.cmd().arg("sign").args(&names).assert().success();
    let proofs: Vec<String> = names.iter().map(|n| format!("{n}.proof")).collect();
    env.cmd()
        .arg("verify")
        .args(&proofs)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("40 proofs: 40 valid"));
    env.write("f07.txt", b"tampered");
    fs::remove_file(env.path("f13.txt")).unwrap();
    let out = env.cmd().args(["verify", "--json"]).args(&proofs).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an error outranks a failed check");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["total"], 40);
    assert_eq!(v["summary"]["valid"], 38);
    assert_eq!(v["summary"]["invalid"], 1);
    assert_eq!(v["summary"]["error"], 1);
    // Results come back in the order given.
    assert_eq!(v["results"][7]["proof"], "f07.txt.proof");
    assert_eq!(v["results"][7]["reason"], "size_mismatch");
    assert_eq!(v["results"][13]["reason"], "file_not_found");
    env.write("f13.txt", b"f13.txt");
    env.cmd()
        .arg("verify")
        .arg("-q")
        .args(&proofs)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL f07.txt.proof"));
}

#[test]
fn verify_json_has_the_documented_shape() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    env.cmd().args(["sign", "-q", "a.txt", "--meta", "build=7"]).assert().success();
    let out = env.cmd().args(["verify", "--json", "a.txt.proof"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["results"][0];
    for key in
        ["proof", "file", "status", "reason", "message", "signer", "subject", "created", "metadata"]
    {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["status"], "valid");
    assert_eq!(r["reason"], Value::Null);
    assert_eq!(r["signer"]["name"], "default");
    assert_eq!(r["signer"]["trusted_by"], "own_key");
    assert_eq!(r["signer"]["kid"].as_str().unwrap().len(), 43);
    assert_eq!(r["subject"]["size"], 1);
    assert_eq!(r["metadata"]["build"], "7");
    assert_eq!(v["summary"]["valid"], 1);
    // Sign's JSON too.
    env.write("b.txt", b"b");
    let out = env.cmd().args(["sign", "--json", "b.txt"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["signed"][0]["proof"], "b.txt.proof");
    assert_eq!(v["key"]["name"], "default");
}

#[test]
fn key_selection_with_several_keys() {
    let env = Env::new();
    env.cmd().args(["keygen", "-q", "--name", "work"]).assert().success();
    env.cmd().args(["keygen", "-q", "--name", "home"]).assert().success();
    env.write("a.txt", b"a");
    env.cmd()
        .args(["sign", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("several keys (home, work)"));
    env.cmd().args(["sign", "-q", "a.txt", "--key", "work"]).assert().success();
    let proof: Value =
        serde_json::from_str(&fs::read_to_string(env.path("a.txt.proof")).unwrap()).unwrap();
    let list = env.cmd().args(["key", "list", "--json"]).output().unwrap();
    let keys: Value = serde_json::from_slice(&list.stdout).unwrap();
    let work = keys["keys"].as_array().unwrap().iter().find(|k| k["name"] == "work").unwrap();
    assert_eq!(proof["signer"]["kid"], work["kid"]);
    fs::write(env.home().join("config.toml"), "default_key = \"home\"\n").unwrap();
    env.cmd().args(["sign", "-q", "--force", "a.txt"]).assert().success();
    env.cmd()
        .args(["sign", "--force", "a.txt", "--key", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no key named \"nope\""));
    // A key given by path.
    env.cmd()
        .args(["sign", "-q", "--force", "a.txt", "--key"])
        .arg(env.home().join("keys/work.key"))
        .assert()
        .success();
    env.cmd()
        .args(["keygen", "--name", "../evil"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid key name"));
}

#[test]
fn no_passphrase_keys_are_plain_pkcs8_with_a_warning() {
    let env = Env::new();
    env.cmd()
        .args(["keygen", "--no-passphrase"])
        .env_remove("PROOFCTL_PASSPHRASE")
        .assert()
        .success()
        .stderr(predicate::str::contains("unencrypted"));
    let text = fs::read_to_string(env.home().join("keys/default.key")).unwrap();
    assert!(text.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    env.write("a.txt", b"a");
    env.cmd().args(["sign", "-q", "a.txt"]).env_remove("PROOFCTL_PASSPHRASE").assert().success();
    assert_eq!(verify_code(&env, "a.txt.proof"), 0);
}

fn openssl(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs")
}

#[test]
fn openssl_reads_our_keys() {
    if !have("openssl") {
        panic!("openssl is required for interop tests; .ci/run installs it");
    }
    let env = Env::new();
    env.keygen();
    let dir = env.dir.path();
    // Public key: SPKI PEM.
    let pubout = openssl(&["pkey", "-pubin", "-in", "home/keys/default.pub", "-pubout"], dir);
    assert!(pubout.status.success(), "{}", all_output(&pubout));
    assert_eq!(pubout.stdout, fs::read(env.home().join("keys/default.pub")).unwrap());
    // Private key export: PKCS#8 v1 that OpenSSL parses and derives the same public key from.
    let out = env.cmd().args(["key", "export", "--pkcs8"]).output().unwrap();
    assert!(out.status.success());
    env.write("exported.pem", &out.stdout);
    let derived = openssl(&["pkey", "-in", "exported.pem", "-pubout"], dir);
    assert!(derived.status.success(), "{}", all_output(&derived));
    assert_eq!(derived.stdout, fs::read(env.home().join("keys/default.pub")).unwrap());
    let asn1 = openssl(&["asn1parse", "-in", "exported.pem"], dir);
    assert!(
        String::from_utf8_lossy(&asn1.stdout).contains("INTEGER           :00"),
        "not PKCS#8 v1"
    );
    // OpenSSL signs with the exported key and the signature checks out under our public key:
    // it is the real private key, not just a parseable one.
    env.write("msg.bin", b"interop");
    let sign = openssl(
        &[
            "pkeyutl",
            "-sign",
            "-inkey",
            "exported.pem",
            "-rawin",
            "-in",
            "msg.bin",
            "-out",
            "msg.sig",
        ],
        dir,
    );
    assert!(sign.status.success(), "{}", all_output(&sign));
    let check = openssl(
        &[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "home/keys/default.pub",
            "-rawin",
            "-in",
            "msg.bin",
            "-sigfile",
            "msg.sig",
        ],
        dir,
    );
    assert!(check.status.success(), "{}", all_output(&check));
}

#[test]
fn openssl_made_keys_import_plain_and_encrypted() {
    if !have("openssl") {
        panic!("openssl is required for interop tests; .ci/run installs it");
    }
    let env = Env::new();
    let dir = env.dir.path();
    assert!(
        openssl(&["genpkey", "-algorithm", "ed25519", "-out", "plain.pem"], dir).status.success()
    );
    assert!(
        openssl(
            &[
                "genpkey",
                "-algorithm",
                "ed25519",
                "-aes-256-cbc",
                "-pass",
                "pass:s3cret pass",
                "-out",
                "enc.pem"
            ],
            dir
        )
        .status
        .success()
    );
    assert!(fs::read_to_string(env.path("enc.pem")).unwrap().contains("ENCRYPTED PRIVATE KEY"));

    env.cmd().args(["key", "import", "plain.pem", "--name", "plain", "-q"]).assert().success();
    env.cmd()
        .args(["key", "import", "enc.pem", "--name", "enc", "-q"])
        .env("PROOFCTL_PASSPHRASE", "wrong")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("wrong passphrase"));
    env.cmd()
        .args(["key", "import", "enc.pem", "--name", "enc", "-q"])
        .env("PROOFCTL_PASSPHRASE", "s3cret pass")
        .assert()
        .success();
    for (name, pem) in [("plain", "plain.pem"), ("enc", "enc.pem")] {
        let pass = if name == "enc" { "pass:s3cret pass" } else { "pass:" };
        let pubout = openssl(&["pkey", "-in", pem, "-passin", pass, "-pubout"], dir);
        assert_eq!(
            pubout.stdout,
            fs::read(env.home().join(format!("keys/{name}.pub"))).unwrap(),
            "{name}"
        );
    }
    // The imported encrypted key is stored sealed under the passphrase it came with.
    env.write("a.txt", b"a");
    env.cmd()
        .args(["sign", "-q", "a.txt", "--key", "enc"])
        .env("PROOFCTL_PASSPHRASE", "s3cret pass")
        .assert()
        .success();
    assert_eq!(verify_code(&env, "a.txt.proof"), 0);
    // An OpenSSL key can also be used directly by path.
    env.cmd()
        .args(["sign", "-q", "--force", "a.txt", "--key", "./enc.pem"])
        .env("PROOFCTL_PASSPHRASE", "s3cret pass")
        .assert()
        .success();
    // Not a key at all.
    env.write("junk.pem", b"hello");
    env.cmd()
        .args(["key", "import", "junk.pem", "--name", "junk"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("junk.pem"));
}

#[test]
fn key_show_and_export_public() {
    let env = Env::new();
    env.keygen();
    let out = env.cmd().args(["key", "export"]).output().unwrap();
    assert_eq!(out.stdout, fs::read(env.home().join("keys/default.pub")).unwrap());
    env.cmd()
        .args(["key", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kid:").and(predicate::str::contains("BEGIN PUBLIC KEY")));
    env.cmd().args(["key", "show", "other"]).assert().code(2);
}

#[test]
fn the_trust_dir_example_in_keys_readme_works() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let env = Env::new();
    env.cmd()
        .arg("verify")
        .arg("--trust-dir")
        .arg(root.join("keys"))
        .arg(root.join("examples/signed/hello.txt.proof"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "signed by pop-test-vectors (kid kPrK_qmxVWaY) at 2026-01-01T00:00:00Z",
        ));
}

#[test]
fn completions_print_and_survive_a_closed_pipe() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        env.cmd()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("proofctl"));
    }
    // `proofctl completions bash | head -c1`: the reader goes away; that is not an error.
    let bin = assert_cmd::cargo::cargo_bin("proofctl");
    let mut child = std::process::Command::new(bin)
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn home_flag_overrides_the_environment() {
    let env = Env::new();
    let other = env.path("elsewhere");
    env.cmd().arg("--home").arg(&other).args(["keygen", "-q"]).assert().success();
    assert!(other.join("keys/default.key").exists());
    assert!(!env.home().join("keys").exists());
}

#[test]
fn a_renamed_file_is_reported_and_refused_with_strict_name() {
    let env = Env::new();
    env.keygen();
    env.write("app-linux.tar.gz", b"linux build");
    sign(&env, "app-linux.tar.gz");
    fs::rename(env.path("app-linux.tar.gz"), env.path("app-windows.tar.gz")).unwrap();
    fs::rename(env.path("app-linux.tar.gz.proof"), env.path("app-windows.tar.gz.proof")).unwrap();
    // Default: still valid (documents get renamed), but the report says what it was signed as.
    let out = env.cmd().args(["verify", "app-windows.tar.gz.proof"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(all_output(&out).contains("signed as \"app-linux.tar.gz\""), "{}", all_output(&out));
    let out = env.cmd().args(["verify", "--json", "app-windows.tar.gz.proof"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["results"][0]["name_matches"], false);
    // CI: a swap is a "no".
    let out = env
        .cmd()
        .args(["verify", "--json", "--strict-name", "app-windows.tar.gz.proof"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["results"][0]["reason"], "name_mismatch");
    fs::rename(env.path("app-windows.tar.gz"), env.path("app-linux.tar.gz")).unwrap();
    env.cmd()
        .args(["verify", "--strict-name", "--file", "app-linux.tar.gz", "app-windows.tar.gz.proof"])
        .assert()
        .code(0);
}

#[test]
fn trust_dir_mistakes_are_named() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    sign(&env, "a.txt");
    fs::create_dir(env.path("empty")).unwrap();
    env.write("pems/release.pem", b"-----BEGIN PUBLIC KEY-----\n");
    env.write("junk/bad.pub", b"junk");
    for (dir, needle) in [
        ("empty", "empty: trust dir holds no *.pub files"),
        ("pems", "holds no *.pub files (ignored: release.pem)"),
        ("missing", "missing: trust dir not found"),
        ("junk", "bad.pub: not a PEM public key (no -----BEGIN line)"),
    ] {
        let out = env.cmd().args(["verify", "a.txt.proof", "--trust-dir", dir]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{dir}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(needle),
            "{dir}: {}",
            all_output(&out)
        );
    }
    // An untrusted signer under explicit trust gets advice that fits CI, not `trust add`.
    let other = Env::new();
    other.keygen();
    let out = env
        .cmd()
        .arg("verify")
        .arg("a.txt.proof")
        .arg("--trust-dir")
        .arg(other.home().join("keys"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = all_output(&out);
    assert!(
        text.contains("not among the keys given with --key/--trust-dir")
            && !text.contains("trust add"),
        "{text}"
    );
    // The matching key file is named in --json.
    let out = env
        .cmd()
        .arg("verify")
        .arg("--json")
        .arg("a.txt.proof")
        .arg("--trust-dir")
        .arg(env.home().join("keys"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["results"][0]["signer"]["public_key_path"].as_str().unwrap().ends_with("default.pub")
    );
    assert_eq!(v["results"][0]["signer"]["trusted_by"], "command_line");
}

#[test]
fn passphrase_sources_drop_one_line_ending_and_meta_keys_are_unique() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    env.cmd()
        .args(["sign", "-q", "a.txt"])
        .env("PROOFCTL_PASSPHRASE", format!("{PASSPHRASE}\r\n"))
        .assert()
        .success();
    env.cmd()
        .args(["sign", "--force", "a.txt", "--meta", "a=1", "--meta", "a=2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--meta a is given twice"));
}

#[test]
fn a_mixed_up_key_pair_is_refused_before_signing() {
    let env = Env::new();
    env.cmd().args(["keygen", "-q", "--name", "a"]).assert().success();
    env.cmd().args(["keygen", "-q", "--name", "b"]).assert().success();
    fs::copy(env.home().join("keys/b.pub"), env.home().join("keys/a.pub")).unwrap();
    env.write("x.txt", b"x");
    env.cmd()
        .args(["sign", "x.txt", "--key", "a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a.pub: does not match its private key"));
    assert!(!env.path("x.txt.proof").exists());
}

#[test]
fn a_closed_output_pipe_never_turns_a_failed_check_into_success() {
    let env = Env::new();
    env.keygen();
    let names: Vec<String> = (0..50).map(|i| format!("t{i}.txt")).collect();
    for n in &names {
        env.write(n, b"original");
    }
    env.cmd().arg("sign").arg("-q").args(&names).assert().success();
    for n in &names {
        env.write(n, b"tampered");
    }
    let proofs: Vec<String> = names.iter().map(|n| format!("{n}.proof")).collect();
    // `proofctl verify … | head -0`: the reader is gone before the first line is written.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("proofctl"))
        .arg("verify")
        .args(&proofs)
        .current_dir(env.dir.path())
        .env("PROOFCTL_HOME", env.home())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_proof_is_not_a_trusted_key_for_itself() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    sign(&env, "a.txt");
    let other = Env::new();
    other
        .cmd()
        .arg("verify")
        .arg(env.path("a.txt.proof"))
        .arg("--key")
        .arg(env.path("a.txt.proof"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a public key (a proof"));
    fs::create_dir(env.path("td")).unwrap();
    fs::copy(env.path("a.txt.proof"), env.path("td/release.pub")).unwrap();
    other
        .cmd()
        .arg("verify")
        .arg(env.path("a.txt.proof"))
        .arg("--trust-dir")
        .arg(env.path("td"))
        .assert()
        .code(2);
    // A private key given where a public one belongs is named as such.
    other
        .cmd()
        .arg("verify")
        .arg(env.path("a.txt.proof"))
        .arg("--key")
        .arg(env.home().join("keys/default.key"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("this is a private key"));
}

#[test]
fn key_names_are_never_mistaken_for_files_in_the_working_directory() {
    let env = Env::new();
    env.cmd().args(["keygen", "-q", "--name", "work"]).assert().success();
    // A plain PKCS#8 file called `work` in the current directory must not become the signing key.
    env.write("work", b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcH\n-----END PRIVATE KEY-----\n");
    env.write("r.bin", b"r");
    let out = env.cmd().args(["sign", "--json", "r.bin", "--key", "work"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list: Value =
        serde_json::from_slice(&env.cmd().args(["key", "list", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(v["key"]["kid"], list["keys"][0]["kid"]);
    // With a separator it is a path, deliberately.
    env.cmd().args(["sign", "-q", "--force", "r.bin", "--key", "./work"]).assert().success();
}

#[test]
fn verbose_output_cannot_rewrite_the_terminal() {
    let env = Env::new();
    env.keygen();
    env.write("e.bin", b"e");
    env.cmd()
        .args(["sign", "-q", "e.bin", "--meta", "note=\u{1b}[2K\rOK everything fine"])
        .assert()
        .success();
    let out = env.cmd().args(["verify", "-v", "e.bin.proof"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
    assert!(text.contains("note = \\e[2K\\rOK everything fine"), "{text}");
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_huge_files_are_refused_not_waited_on() {
    let env = Env::new();
    env.keygen();
    env.write("z", b"zzzz");
    sign(&env, "z");
    // The signed file replaced by an endless device: refused at once, not hashed forever.
    fs::remove_file(env.path("z")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", env.path("z")).unwrap();
    env.cmd()
        .args(["verify", "z.proof"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a regular file"));
    // A trust dir entry pointing at /dev/zero: refused, not read until memory runs out.
    fs::create_dir(env.path("td")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", env.path("td/zero.pub")).unwrap();
    env.cmd()
        .args(["verify", "z.proof", "--trust-dir", "td"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("zero.pub: not a regular file"));
    // A file larger than its proof says is hashed only as far as needed to say so.
    fs::remove_file(env.path("z")).unwrap();
    env.write("z", vec![b'z'; 5 << 20]);
    let out = env.cmd().args(["verify", "--json", "z.proof"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["results"][0]["reason"], "size_mismatch");
}

#[test]
fn sign_never_writes_a_proof_over_its_own_input() {
    let env = Env::new();
    env.keygen();
    env.write("p.txt", b"precious");
    env.cmd()
        .args(["sign", "p.txt", "--out", "p.txt", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is the file being signed"));
    assert_eq!(fs::read(env.path("p.txt")).unwrap(), b"precious");
}

#[test]
fn sign_reports_every_failure_and_always_prints_json() {
    let env = Env::new();
    env.keygen();
    env.write("q.txt", b"q");
    // The same file twice is signed once, not reported as clashing with its own proof.
    env.cmd().args(["sign", "q.txt", "q.txt"]).assert().success();
    let out = env.cmd().args(["sign", "--json", "missing.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["path"], "missing.txt");
    // A key problem ends the command, and the file problems found before it are still said.
    let out =
        env.cmd().args(["sign", "gone.txt", "q.txt", "--force", "--key", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gone.txt: no such file") && err.contains("no key named \"nope\""),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn an_existing_keys_folder_is_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    fs::create_dir_all(env.home().join("keys")).unwrap();
    fs::set_permissions(env.home().join("keys"), fs::Permissions::from_mode(0o755)).unwrap();
    env.keygen();
    let mode = fs::metadata(env.home().join("keys")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}
