//! End-to-end tests for keys on PKCS#11 tokens (issue 14 part 6), against SoftHSM2, a real
//! PKCS#11 module: each test makes its own token in its own folder (SOFTHSM2_CONF), then runs
//! the real binary. Skipped, with a line saying so, where SoftHSM2 is not installed; CI sets
//! PROOFCTL_REQUIRE_PKCS11 so that there they fail instead.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, all_output};
use serde_json::Value;

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
const PIN: &str = "123456";
const TOKEN: &str = "proofctl test";

/// A home and a SoftHSM2 token of its own.
struct Hsm {
    env: Env,
    conf: PathBuf,
}

fn softhsm() -> Option<Hsm> {
    let util = Command::new("softhsm2-util").arg("--version").output();
    if !Path::new(MODULE).is_file() || !util.is_ok_and(|o| o.status.success()) {
        if std::env::var_os("PROOFCTL_REQUIRE_PKCS11").is_some() {
            panic!(
                "PROOFCTL_REQUIRE_PKCS11 is set but SoftHSM2 is missing ({MODULE}, \
                 softhsm2-util): install the Debian package softhsm2"
            );
        }
        eprintln!("skipped: SoftHSM2 is not installed (Debian package softhsm2)");
        return None;
    }
    let env = Env::new();
    fs::create_dir(env.path("tokens")).unwrap();
    let conf = env.write(
        "softhsm2.conf",
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            env.path("tokens").display()
        ),
    );
    let out = Command::new("softhsm2-util")
        .env("SOFTHSM2_CONF", &conf)
        .args(["--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", "87654321"])
        .output()
        .unwrap();
    assert!(out.status.success(), "softhsm2-util --init-token: {}", all_output(&out));
    Some(Hsm { env, conf })
}

impl Hsm {
    /// `proofctl` with this token's SoftHSM2 configuration and PIN.
    fn cmd(&self) -> assert_cmd::Command {
        let mut c = self.env.cmd();
        c.env("SOFTHSM2_CONF", &self.conf)
            .env("PROOFCTL_PIN", PIN)
            .env_remove("PROOFCTL_PKCS11_MODULE");
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, Value) {
        let o = self.cmd().args(args).output().unwrap();
        let json = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
        (o.status.code().unwrap(), all_output(&o), json)
    }

    /// `keygen --pkcs11` of key `name`, labelled `object` on the token.
    fn keygen(&self, name: &str, object: &str) -> Value {
        let uri = format!("pkcs11:token=proofctl%20test;object={object}");
        let (code, text, json) = self.run(&[
            "--json",
            "keygen",
            "--name",
            name,
            "--pkcs11",
            &uri,
            "--pkcs11-module",
            MODULE,
        ]);
        assert_eq!(code, 0, "{text}");
        json
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.env.path(rel)
    }
}

/// Fails unless `schema/json/NAME.schema.json` accepts `doc`.
fn assert_schema(name: &str, doc: &Value) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schema/json/{name}.schema.json"));
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let v = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{name}: {errors:?}\n{doc:#}");
}

#[test]
fn keygen_on_the_token_then_sign_and_verify() {
    let Some(hsm) = softhsm() else { return };
    let key = hsm.keygen("release", "release");
    assert_schema("key", &key);
    let uri = key["pkcs11"]["uri"].as_str().unwrap();
    assert!(uri.starts_with("pkcs11:token=proofctl%20test;serial="), "{key}");
    assert!(uri.contains(";object=release;id=%") && uri.ends_with(";type=private"), "{key}");
    assert_eq!(key["pkcs11"]["module"], MODULE);
    assert_eq!(key["encrypted"], false);
    // The home holds a reference, no secret; 0600 like any key file.
    let reference = PathBuf::from(key["private_key_path"].as_str().unwrap());
    let text = fs::read_to_string(&reference).unwrap();
    assert!(text.contains("\"format\": \"proofctl-pkcs11-key\"") && !text.contains("PRIVATE"));
    assert_eq!(fs::metadata(&reference).unwrap().permissions().mode() & 0o777, 0o600);
    assert_schema("key-list", &hsm.run(&["--json", "key", "list"]).2);
    let (_, list, _) = hsm.run(&["key", "list"]);
    assert!(list.contains("pkcs11 token"), "{list}");

    // Two files at once (signatures go through one session, one at a time).
    hsm.env.write("a.txt", "first file");
    hsm.env.write("b.txt", "second file");
    let (code, text, signed) = hsm.run(&["--json", "sign", "--no-index", "a.txt", "b.txt"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(signed["key"]["kid"], key["kid"]);
    let (code, text, _) = hsm.run(&["verify", "a.txt.proof", "b.txt.proof"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(text.matches("OK ").count(), 2, "{text}");
    // A proof made on a token is an ordinary POP proof: a changed file fails as always.
    hsm.env.write("a.txt", "changed");
    let (code, _, _) = hsm.run(&["verify", "a.txt.proof"]);
    assert_eq!(code, 1);

    // The independent Python verifier (docs/pop-1.0.md, not our code) agrees, where installed.
    let python = Command::new("python3").args(["-c", "import cryptography, asn1crypto"]).output();
    if python.is_ok_and(|o| o.status.success()) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/verify_pop.py");
        let pubkey = key["public_key_path"].as_str().unwrap();
        let out = Command::new("python3")
            .arg(script)
            .args(["--proof", "b.txt.proof", "--file", "b.txt", "--key", pubkey])
            .current_dir(hsm.env.dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", all_output(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("\"status\": \"valid\""));
    } else if std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_some() {
        panic!("PROOFCTL_REQUIRE_INTEROP is set but python3 with cryptography is missing");
    }

    // Standard input too.
    let o = hsm
        .cmd()
        .args(["sign", "-", "--name", "c.txt", "--out", "c.txt.proof"])
        .write_stdin("third")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    hsm.env.write("c.txt", "third");
    assert_eq!(hsm.run(&["verify", "c.txt.proof"]).0, 0);
}

#[test]
fn the_pin_comes_from_a_file_the_uri_or_the_environment_and_a_wrong_one_is_refused() {
    let Some(hsm) = softhsm() else { return };
    hsm.keygen("release", "release");
    hsm.env.write("a.txt", "x");

    let o = hsm
        .cmd()
        .env("PROOFCTL_PIN", "000000")
        .args(["sign", "--no-index", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let text = all_output(&o);
    assert!(
        text.contains("token \"proofctl test\": wrong PIN for key \"release\"; check PROOFCTL_PIN"),
        "{text}"
    );
    assert!(!hsm.path("a.txt.proof").exists(), "a proof was written with a wrong PIN");

    // No PIN anywhere and no terminal (a new session): says where to put one.
    let o = Command::new("setsid")
        .arg("-w")
        .arg(assert_cmd::cargo::cargo_bin("proofctl"))
        .args(["sign", "--no-index", "a.txt"])
        .current_dir(hsm.env.dir.path())
        .env("PROOFCTL_HOME", hsm.env.home())
        .env("SOFTHSM2_CONF", &hsm.conf)
        .env_remove("PROOFCTL_PIN")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let text = all_output(&o);
    assert!(
        text.contains("PIN is needed and there is no terminal") && text.contains("--pin-file"),
        "{text}"
    );

    hsm.env.write("pin", format!("{PIN}\n"));
    let o = hsm
        .cmd()
        .env_remove("PROOFCTL_PIN")
        .args(["sign", "--no-index", "--pin-file", "pin", "a.txt"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    hsm.env.write("wrong-pin", "999999\n");
    let o = hsm
        .cmd()
        .args(["sign", "--no-index", "--force", "--pin-file", "wrong-pin", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("check the PIN file wrong-pin"), "{}", all_output(&o));

    // pin-source= in the URI is stored with the key and used by sign.
    let pin = hsm.path("pin");
    let uri = format!("pkcs11:token=proofctl%20test;object=ci?pin-source=file:{}", pin.display());
    let o = hsm
        .cmd()
        .env_remove("PROOFCTL_PIN")
        .args(["keygen", "--name", "ci", "--pkcs11", &uri, "--pkcs11-module", MODULE])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let o = hsm
        .cmd()
        .env_remove("PROOFCTL_PIN")
        .args(["sign", "--no-index", "--force", "--key", "ci", "a.txt"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));

    // A PIN on the command line is refused before anything is done.
    let (code, text, _) = hsm.run(&[
        "keygen",
        "--name",
        "bad",
        "--pkcs11",
        "pkcs11:token=x?pin-value=123456",
        "--pkcs11-module",
        MODULE,
    ]);
    assert_eq!(code, 2);
    assert!(text.contains("pin-value puts the PIN on the command line"), "{text}");
}

#[test]
fn an_absent_token_or_a_missing_module_is_one_clear_line() {
    let Some(hsm) = softhsm() else { return };
    hsm.keygen("release", "release");
    hsm.env.write("a.txt", "x");

    let o = hsm
        .cmd()
        .env("PROOFCTL_PKCS11_MODULE", hsm.path("nowhere/libmissing.so"))
        .args(["sign", "--no-index", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let text = all_output(&o);
    assert!(text.contains("libmissing.so: cannot load it (no such file)"), "{text}");
    assert!(text.contains("PROOFCTL_PKCS11_MODULE"), "{text}");
    let o = hsm
        .cmd()
        .env("PROOFCTL_PKCS11_MODULE", hsm.path("a.txt"))
        .args(["sign", "--no-index", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("a.txt: cannot load it"), "{}", all_output(&o));

    // The token taken away: another SoftHSM2 folder without it.
    fs::create_dir(hsm.path("empty")).unwrap();
    let other = hsm.env.write(
        "empty.conf",
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\n",
            hsm.path("empty").display()
        ),
    );
    let o = hsm
        .cmd()
        .env("SOFTHSM2_CONF", &other)
        .args(["--json", "sign", "--no-index", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let text = String::from_utf8_lossy(&o.stderr);
    assert!(text.contains("no token matching pkcs11:token=proofctl%20test;serial="), "{text}");
    assert!(text.contains("insert the token"), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "token");
    assert!(!hsm.path("a.txt.proof").exists());

    // No module anywhere at keygen.
    let (code, text, _) =
        hsm.run(&["keygen", "--name", "x", "--pkcs11", "pkcs11:token=proofctl%20test"]);
    assert_eq!(code, 2);
    assert!(text.contains("no PKCS#11 module given"), "{text}");
}

#[test]
fn import_finds_a_token_key_and_the_stored_public_key_must_match() {
    let Some(hsm) = softhsm() else { return };
    let a = hsm.keygen("a", "alpha");
    let b = hsm.keygen("b", "beta");
    assert_ne!(a["kid"], b["kid"]);

    // The same label twice on one token: refused, the first key untouched.
    let uri = "pkcs11:token=proofctl%20test;object=alpha";
    let (code, text, _) =
        hsm.run(&["keygen", "--name", "a2", "--pkcs11", uri, "--pkcs11-module", MODULE]);
    assert_eq!(code, 2);
    assert!(text.contains("a key labelled \"alpha\" already exists"), "{text}");

    let (code, text, imported) = hsm.run(&[
        "--json",
        "key",
        "import",
        "--pkcs11",
        "pkcs11:token=proofctl%20test;object=beta",
        "--pkcs11-module",
        MODULE,
        "--name",
        "b2",
    ]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(imported["kid"], b["kid"]);
    let (code, text, _) = hsm.run(&[
        "key",
        "import",
        "--pkcs11",
        "pkcs11:token=proofctl%20test;object=gamma",
        "--pkcs11-module",
        MODULE,
        "--name",
        "g",
    ]);
    assert_eq!(code, 2);
    assert!(text.contains("no Ed25519 key pair matching"), "{text}");

    // a.pub replaced by b's public key: the token's key for "a" no longer matches it.
    fs::copy(hsm.env.home().join("keys/b.pub"), hsm.env.home().join("keys/a.pub")).unwrap();
    hsm.env.write("f.txt", "x");
    let (code, text, _) = hsm.run(&["sign", "--no-index", "--key", "a", "f.txt"]);
    assert_eq!(code, 2);
    assert!(text.contains("the key stored in the home under this name"), "{text}");
    assert!(!hsm.path("f.txt.proof").exists());
}

#[test]
fn licences_are_issued_on_the_token() {
    let Some(hsm) = softhsm() else { return };
    hsm.keygen("vendor", "vendor");
    let (code, text, _) = hsm.run(&[
        "license",
        "issue",
        "--key",
        "vendor",
        "--customer",
        "c-1",
        "--customer-name",
        "Customer",
        "--product",
        "app",
        "--versions",
        "*",
        "--type",
        "perpetual",
        "-o",
        "app.lic",
    ]);
    assert_eq!(code, 0, "{text}");
    let (code, text, _) = hsm.run(&["key", "export", "vendor", "-o", "vendor.pub"]);
    assert_eq!(code, 0, "{text}");
    let (code, text, _) = hsm.run(&["license", "verify", "app.lic", "--key", "vendor.pub"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("VALID"), "{text}");
}

/// The licence service signs with a vendor key on the token: `serve --license-key NAME` logs in
/// with the PIN from PROOFCTL_PIN once, at start, and what it issues verifies offline.
#[test]
fn the_licence_service_signs_on_the_token() {
    let Some(hsm) = softhsm() else { return };
    hsm.keygen("vendor", "vendor");
    let (code, text, _) = hsm.run(&["key", "export", "vendor", "-o", "vendor.pub"]);
    assert_eq!(code, 0, "{text}");
    let db = hsm.path("server.sqlite");
    let db = db.to_str().unwrap();
    let sales = common::server::Member::new(hsm.env.dir.path(), "sales");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_proofctl"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--db", db, &sales.allow()])
        .args(["--license-key", "vendor"])
        .current_dir(hsm.env.dir.path())
        .env("PROOFCTL_HOME", hsm.env.home())
        .env("SOFTHSM2_CONF", &hsm.conf)
        .env("PROOFCTL_PIN", PIN)
        .env_remove("PROOFCTL_PKCS11_MODULE");
    let (mut server, url, log) = common::server::spawn_listening(cmd);
    let (code, text, _) =
        hsm.run(&["serve", "members", "grant", "--db", db, "--", &sales.kid, "vendor"]);
    assert_eq!(code, 0, "{text}");
    let api = common::server::Api::at(&url);
    let token = api.sign_in(&sales);
    let body = serde_json::json!({
        "customer": "c-1", "customer_name": "Customer", "product": "app", "versions": ["*"],
        "type": "perpetual",
    });
    let r = api.post_raw("/v1/licenses", Some(&token), body.to_string());
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(r.status, 200, "{r:?}\n{}", log.lock().unwrap());
    fs::write(hsm.path("app.lic"), r.body["token"].as_str().unwrap()).unwrap();
    let (code, text, _) = hsm.run(&["license", "verify", "app.lic", "--key", "vendor.pub"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("VALID"), "{text}");
}

#[test]
fn token_keys_rename_and_remove_like_others_and_refuse_passwd() {
    let Some(hsm) = softhsm() else { return };
    let key = hsm.keygen("hw", "hw");
    let (code, text, _) = hsm.run(&["key", "passwd", "hw"]);
    assert_eq!(code, 2);
    assert!(text.contains("lives on a PKCS#11 token"), "{text}");
    let (code, text, _) = hsm.run(&["key", "export", "--pkcs8", "hw", "-o", "hw.pem"]);
    assert_eq!(code, 2, "{text}");
    assert!(!hsm.path("hw.pem").exists());

    assert_eq!(hsm.run(&["key", "rename", "hw", "release"]).0, 0);
    hsm.env.write("f.txt", "x");
    let (code, text, _) = hsm.run(&["sign", "--no-index", "--key", "release", "f.txt"]);
    assert_eq!(code, 0, "{text}");

    // Removing the home's reference leaves the key on the token: it can be imported again.
    let (code, text, _) = hsm.run(&["key", "remove", "--force", "release"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("the key itself stays on the token"), "{text}");
    let removed_dir = hsm.env.home().join("keys/removed");
    let moved = fs::read_dir(&removed_dir).unwrap().map(|e| e.unwrap().path());
    let removed: Vec<PathBuf> =
        moved.filter(|p| p.extension().is_some_and(|e| e == "key")).collect();
    let removed = serde_json::json!({ "private_key_path": removed[0] });
    assert!(
        fs::read_to_string(removed["private_key_path"].as_str().unwrap())
            .unwrap()
            .contains("proofctl-pkcs11-key")
    );
    let (code, text, again) = hsm.run(&[
        "--json",
        "key",
        "import",
        "--pkcs11",
        "pkcs11:token=proofctl%20test;object=hw",
        "--pkcs11-module",
        MODULE,
        "--name",
        "hw",
    ]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(again["kid"], key["kid"]);
}

/// Key lifecycle with token keys (issue 14): `key rotate` is signed by both keys on the token,
/// `key revoke` and `license revoke` sign their lists there, and a second home honours both.
#[test]
fn token_keys_rotate_and_revoke() {
    let Some(hsm) = softhsm() else { return };
    hsm.keygen("old", "old");
    let new = hsm.keygen("new", "new");
    hsm.env.write("a.txt", "signed after the rotation");
    let (code, text, _) = hsm.run(&["key", "rotate", "old", "--to", "new", "-o", "rot.json"]);
    assert_eq!(code, 0, "{text}");
    let (code, text, _) = hsm.run(&["sign", "-q", "--no-index", "--key", "new", "a.txt"]);
    assert_eq!(code, 0, "{text}");
    let (code, text, _) = hsm.run(&["key", "export", "old", "-o", "old.pub"]);
    assert_eq!(code, 0, "{text}");

    // The verifier trusts only the old key; the statement carries trust to the new one.
    let verifier = |args: &[&str]| {
        let o = hsm.cmd().env("PROOFCTL_HOME", hsm.path("verifier")).args(args).output().unwrap();
        (o.status.code().unwrap(), all_output(&o))
    };
    let (code, text) = verifier(&["trust", "add", "old.pub", "--name", "release"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = verifier(&["verify", "--rotation", "rot.json", "a.txt.proof"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("rotated from"), "{text}");

    let (code, text, revoked) =
        hsm.run(&["--json", "key", "revoke", "new", "--reason", "retired", "-o", "rev.jwt"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(revoked["signed_by"], new["kid"]);
    let (code, text) =
        verifier(&["verify", "--rotation", "rot.json", "--revocations", "rev.jwt", "a.txt.proof"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("revoked") && text.contains("retired"), "{text}");

    let (code, text, _) = hsm.run(&[
        "license",
        "revoke",
        "--key",
        "old",
        "0123456789abcdef0123456789abcdef",
        "-o",
        "l.jwt",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(fs::read_to_string(hsm.path("l.jwt")).unwrap().starts_with("eyJ"));
}

#[test]
fn token_keys_make_ssh_signatures_ssh_keygen_accepts() {
    let Some(hsm) = softhsm() else { return };
    hsm.keygen("release", "release");
    hsm.env.write("a.txt", "first file");
    hsm.env.write("b.txt", "second file");
    let (code, text, _) =
        hsm.run(&["sign", "--format", "sshsig", "--key", "release", "a.txt", "b.txt"]);
    assert_eq!(code, 0, "{text}");
    let (code, line, _) = hsm.run(&["key", "export", "--ssh", "release"]);
    assert_eq!(code, 0, "{line}");
    let allowed = hsm.env.write("allowed_signers", format!("release@example.com {line}"));
    for f in ["a.txt", "b.txt"] {
        let o = Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f"])
            .arg(&allowed)
            .args(["-I", "release@example.com", "-n", "file", "-s"])
            .arg(hsm.path(&format!("{f}.sig")))
            .stdin(fs::File::open(hsm.path(f)).unwrap())
            .output()
            .unwrap();
        assert!(o.status.success(), "ssh-keygen refused {f}.sig: {}", all_output(&o));
    }
    assert_eq!(hsm.run(&["verify", "a.txt.sig", "b.txt.sig"]).0, 0);
}

/// `attest` signs its DSSE envelope on the token (issue 15), as `sign` does.
#[test]
fn attestations_are_signed_on_the_token() {
    let Some(hsm) = softhsm() else { return };
    let key = hsm.keygen("release", "release");
    hsm.env.write("dist/a.bin", "artifact");
    let (code, text, doc) = hsm.run(&[
        "--json",
        "attest",
        "dist/a.bin",
        "--envelope",
        "--predicate-type",
        "https://slsa.dev/provenance/v1",
    ]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(doc["key"]["kid"], key["kid"]);
    assert_schema("attest", &doc);
    let (code, text, _) = hsm.run(&["verify", "dist/a.bin.intoto.json"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("OK dist/a.bin.intoto.json: signed by release"), "{text}");
    hsm.env.write("dist/a.bin", "changed");
    assert_eq!(hsm.run(&["verify", "dist/a.bin.intoto.json"]).0, 1);
}
