//! SSH signatures (issue 15) against the real ssh-keygen, both ways: `ssh-keygen -Y sign` by
//! Ed25519, ECDSA and RSA keys verified by proofctl; `proofctl sign --format sshsig` verified by
//! `ssh-keygen -Y verify`; allowed_signers trust; every field of a signature altered in turn.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::{Env, all_output};
use serde_json::Value;

/// CI sets PROOFCTL_REQUIRE_INTEROP=1 and installs ssh-keygen, so there these tests cannot skip.
fn have_ssh_keygen() -> bool {
    let ok = Command::new("ssh-keygen").arg("-?").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "ssh-keygen is required (PROOFCTL_REQUIRE_INTEROP is set): apt-get install openssh-client"
        );
        eprintln!("skipping: ssh-keygen is not installed");
    }
    ok
}

fn run(cmd: &mut Command) -> std::process::Output {
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{cmd:?}: {}", all_output(&o));
    o
}

/// A new ssh-keygen key pair `name` (`-t TYPE [-b BITS]`); returns the private key's path.
fn ssh_key(env: &Env, name: &str, args: &[&str]) -> PathBuf {
    let key = env.path(name);
    run(Command::new("ssh-keygen").args(["-q", "-N", "", "-C", name, "-f"]).arg(&key).args(args));
    key
}

/// `ssh-keygen -Y sign` of `file` with `key` (extra: `-O hashalg=sha256`, ...): FILE.sig.
fn ssh_sign(key: &Path, ns: &str, file: &Path, extra: &[&str]) -> PathBuf {
    run(Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", ns, "-f"])
        .arg(key)
        .args(extra)
        .arg(file));
    PathBuf::from(format!("{}.sig", file.display()))
}

fn pub_of(key: &Path) -> PathBuf {
    PathBuf::from(format!("{}.pub", key.display()))
}

fn verify_json(env: &Env, args: &[&str]) -> (i32, Value) {
    let o = env.cmd().arg("verify").arg("--json").args(args).output().unwrap();
    let doc: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", all_output(&o)));
    (o.status.code().unwrap(), doc)
}

#[test]
fn ssh_keygen_signatures_by_every_key_type_verify() {
    if !have_ssh_keygen() {
        return;
    }
    let env = Env::new();
    let cases: [(&str, &[&str], &str); 4] = [
        ("ed", &["-t", "ed25519"], "ssh-ed25519"),
        ("p256", &["-t", "ecdsa", "-b", "256"], "ecdsa-sha2-nistp256"),
        ("p384", &["-t", "ecdsa", "-b", "384"], "ecdsa-sha2-nistp384"),
        ("rsa", &["-t", "rsa", "-b", "3072"], "ssh-rsa"),
    ];
    for (name, args, key_type) in cases {
        let key = ssh_key(&env, name, args);
        for hash in ["sha512", "sha256"] {
            let file = env.write(format!("{name}-{hash}.txt"), format!("data for {name} {hash}\n"));
            let opt = format!("hashalg={hash}");
            let sig = ssh_sign(&key, "file", &file, &["-O", &opt]);
            let pubkey = pub_of(&key);
            let (code, doc) =
                verify_json(&env, &["--key", pubkey.to_str().unwrap(), sig.to_str().unwrap()]);
            let r = &doc["results"][0];
            assert_eq!(code, 0, "{name} {hash}: {r}");
            assert_eq!(r["status"], "valid");
            assert_eq!(r["format"], "sshsig");
            assert_eq!(r["metadata"]["namespace"], "file");
            assert_eq!(r["metadata"]["hash_algorithm"], hash);
            assert!(r["metadata"]["key_type"].as_str().unwrap().starts_with(&key_type[..7]), "{r}");
            assert_eq!(r["signer"]["name"], name);
            let sha = sha256_hex(&std::fs::read(&file).unwrap());
            assert_eq!(r["subject"]["sha256"], sha);
            assert!(r["message"].as_str().unwrap().starts_with(&format!("signed by {name} (kid ")));
            // Without the key: a good signature by an unknown signer.
            let (code, doc) = verify_json(&env, &[sig.to_str().unwrap()]);
            assert_eq!((code, doc["results"][0]["reason"].as_str()), (1, Some("untrusted")));
        }
    }
    // A folder of ssh lines (--trust-dir) holds ECDSA and RSA keys as well as Ed25519 ones.
    let keys = env.path("keys");
    std::fs::create_dir(&keys).unwrap();
    for name in ["ed", "p256", "p384", "rsa"] {
        std::fs::copy(env.path(format!("{name}.pub")), keys.join(format!("{name}.pub"))).unwrap();
    }
    let o = env
        .cmd()
        .args(["verify", "--trust-dir", "keys"])
        .args([
            "ed-sha256.txt.sig",
            "p256-sha512.txt.sig",
            "p384-sha256.txt.sig",
            "rsa-sha512.txt.sig",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

#[test]
fn proofctl_signs_what_ssh_keygen_verifies() {
    if !have_ssh_keygen() {
        return;
    }
    let env = Env::new();
    env.keygen();
    let file = env.write("release.tar", b"release bytes\n".repeat(1000));
    let other = env.write("notes.txt", "notes\n");
    env.cmd().args(["sign", "--format", "sshsig", "release.tar", "notes.txt"]).assert().success();
    let line = env.cmd().args(["key", "export", "--ssh"]).output().unwrap().stdout;
    let allowed = env.write(
        "allowed_signers",
        format!("release@example.com {}", String::from_utf8(line).unwrap()),
    );
    for f in [&file, &other] {
        let sig = format!("{}.sig", f.display());
        let o = Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f"])
            .arg(&allowed)
            .args(["-I", "release@example.com", "-n", "file", "-s", &sig])
            .stdin(std::fs::File::open(f).unwrap())
            .output()
            .unwrap();
        assert!(o.status.success(), "ssh-keygen refused {sig}: {}", all_output(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("Good \"file\" signature"));
    }
    // And proofctl itself, by the own key and by the allowed_signers line.
    env.cmd().args(["verify", "release.tar.sig", "notes.txt.sig"]).assert().success();
    let (code, doc) = verify_json(&env, &["--allowed-signers", "allowed_signers", "release.tar"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["results"][0]["signer"]["identity"], "release@example.com");
    // Never overwritten without --force; with it, another namespace.
    let o = env.cmd().args(["sign", "--format", "sshsig", "release.tar"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("release.tar.sig: already exists; pass --force"));
    env.cmd()
        .args(["sign", "--format", "sshsig", "--namespace", "git", "--force", "release.tar"])
        .assert()
        .success();
    let o = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&allowed)
        .args(["-I", "release@example.com", "-n", "git", "-s", "release.tar.sig"])
        .current_dir(env.dir.path())
        .stdin(std::fs::File::open(&file).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let (code, doc) = verify_json(&env, &["release.tar.sig"]);
    assert_eq!((code, doc["results"][0]["reason"].as_str()), (1, Some("wrong_namespace")));
    env.cmd().args(["verify", "--namespace", "git", "release.tar.sig"]).assert().success();
    // POP-only options are refused, before any key is touched.
    let o = env.cmd().args(["sign", "--format", "sshsig", "--meta", "a=b", "notes.txt"]).output();
    let o = o.unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("--meta goes with POP proofs"), "{}", all_output(&o));
}

#[test]
fn allowed_signers_decide_trust_as_ssh_keygen_does() {
    if !have_ssh_keygen() {
        return;
    }
    let env = Env::new();
    let alice = ssh_key(&env, "alice", &["-t", "ed25519"]);
    let bob = ssh_key(&env, "bob", &["-t", "ecdsa"]);
    let carol = ssh_key(&env, "carol", &["-t", "ed25519"]);
    let dave = ssh_key(&env, "dave", &["-t", "ed25519"]);
    let eve = ssh_key(&env, "eve", &["-t", "ed25519"]);
    let line = |k: &Path| std::fs::read_to_string(pub_of(k)).unwrap().trim().to_string();
    env.write(
        "allowed_signers",
        format!(
            "# team\nalice@example.com,\"a l\" {}\nbob@example.com namespaces=\"git,fi*\" {}\n\
             carol@example.com namespaces=\"git\" {}\ndave@example.com valid-before=\"20200101Z\" {}\n",
            line(&alice),
            line(&bob),
            line(&carol),
            line(&dave)
        ),
    );
    let mut sigs = Vec::new();
    for (k, name) in [(&alice, "a"), (&bob, "b"), (&carol, "c"), (&dave, "d"), (&eve, "e")] {
        let f = env.write(format!("{name}.txt"), name);
        sigs.push(ssh_sign(k, "file", &f, &[]));
    }
    let mut args = vec!["--allowed-signers", "allowed_signers"];
    args.extend(sigs.iter().map(|s| s.to_str().unwrap()));
    let (code, doc) = verify_json(&env, &args);
    assert_eq!(code, 1);
    let got: Vec<(&str, Option<&str>)> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["status"].as_str().unwrap(), r["reason"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("valid", None),
            ("valid", None),
            ("invalid", Some("wrong_namespace")),
            ("invalid", Some("outside_validity")),
            ("untrusted", Some("untrusted")),
        ]
    );
    // Every verdict fits the schema (wrong_namespace is an invalid reason).
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/json/verify.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let v = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{doc}");
    assert_eq!(doc["results"][0]["signer"]["identity"], "alice@example.com,\"a l\"");
    assert_eq!(doc["results"][1]["signer"]["identity"], "bob@example.com");
    // ssh-keygen agrees on each.
    for (sig, principal, ok) in [
        (&sigs[0], "alice@example.com", true),
        (&sigs[1], "bob@example.com", true),
        (&sigs[2], "carol@example.com", false),
        (&sigs[3], "dave@example.com", false),
    ] {
        let data = sig.with_extension("");
        let o = Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f", "allowed_signers", "-I", principal, "-n", "file", "-s"])
            .arg(sig)
            .current_dir(env.dir.path())
            .stdin(std::fs::File::open(data).unwrap())
            .output()
            .unwrap();
        assert_eq!(o.status.success(), ok, "{principal}: {}", all_output(&o));
    }
    // Only the allowed_signers file counts: a --key of eve changes nothing for SSH signatures.
    let (_, doc) = verify_json(
        &env,
        &["--allowed-signers", "allowed_signers", "--key", "eve.pub", sigs[4].to_str().unwrap()],
    );
    assert_eq!(doc["results"][0]["reason"], "untrusted");
    // A broken file: one line naming it and the line, exit 2.
    env.write("bad_signers", format!("x valid-after=\"2020Z\" {}\n", line(&alice)));
    let o = env
        .cmd()
        .args(["verify", "--allowed-signers", "bad_signers", sigs[0].to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad_signers: line 1:") && err.contains("not a time"), "{err}");
}

/// An exit code and a reason.
type Verdict = (i32, Option<String>);

/// An SSH signature's fields (PROTOCOL.sshsig), to alter one at a time.
struct Blob {
    version: u32,
    fields: Vec<Vec<u8>>, // public key, namespace, reserved, hash algorithm, signature
}

fn ssh_string(b: &[u8], at: &mut usize) -> Vec<u8> {
    let n = u32::from_be_bytes(b[*at..*at + 4].try_into().unwrap()) as usize;
    let s = b[*at + 4..*at + 4 + n].to_vec();
    *at += 4 + n;
    s
}

fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

impl Blob {
    fn read(path: &Path) -> Blob {
        let text = std::fs::read_to_string(path).unwrap();
        let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
        let b = STANDARD.decode(b64).unwrap();
        assert_eq!(&b[..6], b"SSHSIG");
        let version = u32::from_be_bytes(b[6..10].try_into().unwrap());
        let mut at = 10;
        let fields = (0..5).map(|_| ssh_string(&b, &mut at)).collect();
        Blob { version, fields }
    }

    fn write(&self, path: &Path) {
        let mut b = b"SSHSIG".to_vec();
        b.extend_from_slice(&self.version.to_be_bytes());
        for f in &self.fields {
            put_string(&mut b, f);
        }
        let b64 = STANDARD.encode(b);
        let lines: Vec<&str> =
            b64.as_bytes().chunks(70).map(|c| std::str::from_utf8(c).unwrap()).collect();
        std::fs::write(
            path,
            format!(
                "-----BEGIN SSH SIGNATURE-----\n{}\n-----END SSH SIGNATURE-----\n",
                lines.join("\n")
            ),
        )
        .unwrap();
    }
}

#[test]
fn every_field_altered_is_refused() {
    if !have_ssh_keygen() {
        return;
    }
    let env = Env::new();
    let key = ssh_key(&env, "k", &["-t", "ed25519"]);
    let other = ssh_key(&env, "o", &["-t", "ed25519"]);
    let file = env.write("f.txt", "the signed bytes\n");
    let sig = ssh_sign(&key, "file", &file, &[]);
    let good = Blob::read(&sig);
    // Rewritten unchanged, it still verifies: the tampering below is what fails.
    good.write(&env.path("same.sig"));
    let check = |name: &str, extra: &[&str]| {
        let mut args = vec!["--key", "k.pub", "--key", "o.pub", "--file", "f.txt"];
        args.extend_from_slice(extra);
        args.push(name);
        let (code, doc) = verify_json(&env, &args);
        (code, doc["results"][0]["reason"].as_str().map(str::to_string))
    };
    assert_eq!(check("same.sig", &[]), (0, None));
    let other_pub =
        Blob::read(&ssh_sign(&other, "file", &env.write("g.txt", "g"), &[])).fields[0].clone();
    let bad = Some("bad_signature".to_string());
    type Change = Box<dyn Fn(&mut Blob)>;
    let cases: Vec<(&str, Change, &[&str], Verdict)> = vec![
        (
            "namespace",
            Box::new(|b| b.fields[1] = b"fila".to_vec()),
            &[],
            (1, Some("wrong_namespace".into())),
        ),
        (
            "namespace, asked for",
            Box::new(|b| b.fields[1] = b"fila".to_vec()),
            &["--namespace", "fila"],
            (1, bad.clone()),
        ),
        ("reserved", Box::new(|b| b.fields[2] = b"x".to_vec()), &[], (1, bad.clone())),
        ("hash algorithm", Box::new(|b| b.fields[3] = b"sha256".to_vec()), &[], (1, bad.clone())),
        (
            "hash algorithm unknown",
            Box::new(|b| b.fields[3] = b"sha384".to_vec()),
            &[],
            (2, Some("malformed".into())),
        ),
        ("public key", Box::new(move |b| b.fields[0] = other_pub.clone()), &[], (1, bad.clone())),
        (
            "signature byte",
            Box::new(|b| {
                let n = b.fields[4].len();
                b.fields[4][n - 1] ^= 1
            }),
            &[],
            (1, bad.clone()),
        ),
        ("version", Box::new(|b| b.version = 2), &[], (2, Some("unsupported_format".into()))),
    ];
    for (what, change, extra, want) in cases {
        let mut b = Blob::read(&sig);
        change(&mut b);
        b.write(&env.path("t.sig"));
        assert_eq!(check("t.sig", extra), want, "{what}");
    }
    // A byte of the file.
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(check("same.sig", &[]), (1, bad));
}

#[test]
fn near_misses_are_one_line_errors() {
    let env = Env::new();
    env.write("f", "x");
    let cases: [(&str, &str, &str); 5] = [
        (
            "armour.sig",
            "-----BEGIN SSH SIGNATURE-----\nnot base64!\n-----END SSH SIGNATURE-----\n",
            "not a valid SSH signature",
        ),
        (
            "truncated.sig",
            "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n",
            "not a valid SSH signature",
        ),
        (
            "noend.sig",
            "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n",
            "not a valid SSH signature",
        ),
        (
            "pgp.sig",
            "-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n",
            "not a signature proofctl reads (text starting \"-----BEGIN PGP SIGNATURE-----\"); supported: POP proofs",
        ),
        ("bin.sig", "\u{1}\u{2}binary", "not a signature proofctl reads (binary data)"),
    ];
    for (name, content, want) in cases {
        env.write(name, content);
        let o = env.cmd().args(["verify", "--file", "f", name]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}: {}", all_output(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name) && err.contains(want), "{name}: {err}");
    }
    // A security-key signature (sk-ssh-ed25519): named as unsupported, exit 2.
    let mut key = Vec::new();
    put_string(&mut key, b"sk-ssh-ed25519@openssh.com");
    put_string(&mut key, &[7u8; 32]);
    put_string(&mut key, b"ssh:");
    let mut signature = Vec::new();
    put_string(&mut signature, b"sk-ssh-ed25519@openssh.com");
    put_string(&mut signature, &[1u8; 64]);
    signature.extend_from_slice(&[1, 0, 0, 0, 9]);
    let b = Blob {
        version: 1,
        fields: vec![key, b"file".to_vec(), vec![], b"sha512".to_vec(), signature],
    };
    b.write(&env.path("sk.sig"));
    let o = env.cmd().args(["verify", "--json", "--file", "f", "sk.sig"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["results"][0]["reason"], "unsupported_algorithm");
    assert!(doc["results"][0]["message"].as_str().unwrap().contains("security key"));
}
