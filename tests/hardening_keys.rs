//! End-to-end tests for keys, passphrases and the home (issue 11 items 7-9 and the key rough
//! edges): the real binary on temp homes, real terminals (pseudo-terminals), real ssh-keygen and
//! openssl.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Env, PASSPHRASE, all_output};
use predicates::prelude::*;
use serde_json::Value;

fn chmod(p: &Path, mode: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
}

fn stderr_lines(o: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stderr).lines().map(str::to_string).collect()
}

/// `common::on_a_terminal` with standard input from /dev/null.
fn on_a_terminal(env: &Env, args: &[&str], typed: &[&str]) -> (i32, String) {
    common::on_a_terminal(env, args, typed, std::path::Path::new("/dev/null"))
}

// ---- item 7: a home others can write is refused ----

#[test]
fn a_home_others_can_write_is_refused_with_the_fix() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    let home = env.home();

    chmod(&home, 0o777);
    for args in [&["trust", "list"][..], &["verify", "a.txt.proof"], &["key", "list"]] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", all_output(&out));
        let lines = stderr_lines(&out);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].contains("writable by group and others (mode 0777)")
                && lines[0].contains(&format!("chmod go-w {}", home.display())),
            "{lines:?}"
        );
    }
    chmod(&home, 0o700);

    // A planted trust entry, writable by anyone: refused, not honoured.
    fs::create_dir_all(home.join("trust")).unwrap();
    let boss = home.join("trust/boss.pub");
    fs::copy(home.join("keys/default.pub"), &boss).unwrap();
    chmod(&boss, 0o666);
    let out = env.cmd().args(["verify", "a.txt.proof"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("boss.pub: this file is writable by group and others (mode 0666)"));
    assert!(lines[0].contains("chmod go-w"), "{lines:?}");
    chmod(&boss, 0o644);
    env.cmd().args(["verify", "a.txt.proof"]).assert().code(0);

    // A planted config.toml could name any library as onnxruntime: refused.
    let config = env.write("home/config.toml", "onnxruntime = \"/tmp/evil.so\"\n");
    chmod(&config, 0o666);
    for args in [&["model", "list"][..], &["sign", "-q", "--force", "a.txt"], &["key", "list"]] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", all_output(&out));
        let lines = stderr_lines(&out);
        assert_eq!(lines.len(), 1, "{args:?}: {lines:?}");
        assert!(lines[0].contains("config.toml: this file is writable"), "{lines:?}");
    }
    chmod(&config, 0o644);
    env.cmd().args(["key", "list"]).assert().success();

    // The key folder itself, group-writable.
    chmod(&home.join("keys"), 0o770);
    env.cmd()
        .args(["key", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("keys: this folder is writable by its group (mode 0770)"));
}

#[test]
fn a_trust_entry_owned_by_another_user_is_refused() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    if fs::metadata(env.home()).unwrap().uid() != 0 {
        eprintln!("not root: cannot give a file to another user; skipped (CI runs as root)");
        return;
    }
    let boss = env.home().join("trust/boss.pub");
    fs::create_dir_all(boss.parent().unwrap()).unwrap();
    fs::copy(env.home().join("keys/default.pub"), &boss).unwrap();
    let chown = std::process::Command::new("chown").arg("nobody").arg(&boss).status().unwrap();
    assert!(chown.success());
    let out = env.cmd().args(["trust", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("boss.pub: this file is owned by uid "), "{lines:?}");
    assert!(lines[0].contains("not by you (uid 0) or root"), "{lines:?}");
}

// ---- item 9: hostile KDF costs ----

#[test]
fn a_key_file_asking_for_minutes_of_argon2_is_refused_before_any_work() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    let path = env.home().join("keys/default.key");
    let mut v: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    v["kdf"]["m_cost"] = (1024 * 1024).into();
    v["kdf"]["t_cost"] = 64.into();
    v["kdf"]["p_cost"] = 16.into();
    fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let start = Instant::now();
    // No passphrase source and no terminal: had it asked, it would say so instead.
    let out = env
        .cmd()
        .args(["sign", "a.txt"])
        .env_remove("PROOFCTL_PASSPHRASE")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("default.key")
            && lines[0].contains("too much memory")
            && lines[0].contains("at most 96 MiB"),
        "{lines:?}"
    );
    assert!(!env.path("a.txt.proof").exists());
}

// ---- item 8: a private key never lands on a terminal by accident ----

#[test]
fn export_pkcs8_refuses_a_terminal_and_writes_files_privately() {
    let env = Env::new();
    env.keygen();
    let (code, text) = on_a_terminal(&env, &["key", "export", "--pkcs8"], &[PASSPHRASE]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("refusing to print a private key on a terminal"), "{text}");
    assert!(!text.contains("PRIVATE KEY-----"), "{text}");
    // Refused before the passphrase was asked.
    assert!(!text.contains("Passphrase for key"), "{text}");
    let (code, text) = on_a_terminal(&env, &["key", "export", "--pkcs8", "--force"], &[PASSPHRASE]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("-----BEGIN PRIVATE KEY-----"), "{text}");

    env.cmd().args(["key", "export", "--pkcs8", "-q", "-o", "k.pem"]).assert().success();
    let meta = fs::metadata(env.path("k.pem")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let pem = fs::read_to_string(env.path("k.pem")).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{pem}");
    let out = std::process::Command::new("openssl")
        .args(["pkey", "-in", "k.pem", "-pubout"])
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.stdout, fs::read(env.home().join("keys/default.pub")).unwrap());
    env.cmd()
        .args(["key", "export", "--pkcs8", "-o", "k.pem"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("k.pem: already exists; pass --force"));
    env.cmd().args(["key", "export", "--pkcs8", "-q", "-o", "k.pem", "--force"]).assert().success();
    // A pipe is fine: that is how it reaches another tool.
    env.cmd()
        .args(["key", "export", "--pkcs8"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("-----BEGIN PRIVATE KEY-----"));
}

// ---- passphrases: asked again at the prompt, tried once elsewhere, honest hints ----

#[test]
fn a_wrong_passphrase_at_the_prompt_is_asked_again() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    let (code, text) = on_a_terminal(&env, &["sign", "a.txt"], &["wrong", PASSPHRASE]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Wrong passphrase; try again."), "{text}");
    assert_eq!(text.matches("Passphrase for key").count(), 2, "{text}");
    assert!(env.path("a.txt.proof").exists());

    // Three wrong: the command ends, and the hint does not name a variable nobody set.
    let (code, text) =
        on_a_terminal(&env, &["key", "export", "--pkcs8", "-o", "k.pem"], &["x", "y", "z", "w"]);
    assert_eq!(code, 2, "{text}");
    assert_eq!(text.matches("Passphrase for key").count(), 3, "{text}");
    assert!(text.contains("wrong passphrase") && text.contains("3 tries at the prompt"), "{text}");
    assert!(!text.contains("PROOFCTL_PASSPHRASE"), "{text}");
    assert!(!env.path("k.pem").exists());

    // From the environment or a file: tried once, and the hint names that source.
    env.cmd()
        .args(["sign", "--force", "a.txt"])
        .env("PROOFCTL_PASSPHRASE", "wrong")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("check PROOFCTL_PASSPHRASE"));
    env.write("pw.txt", "wrong\n");
    let out = env
        .cmd()
        .args(["sign", "--force", "a.txt", "--passphrase-file", "pw.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("check the passphrase file pw.txt"), "{err}");
    assert!(!err.contains("PROOFCTL_PASSPHRASE"), "{err}");
}

#[test]
fn passphrases_come_from_a_fifo_stdin_or_a_file_descriptor() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", b"a");
    // A FIFO, as a password manager's helper provides, written by another thread.
    let fifo = env.path("pw.fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = fs::OpenOptions::new().write(true).open(fifo).unwrap();
            f.write_all(format!("{PASSPHRASE}\n").as_bytes()).unwrap();
        })
    };
    env.cmd()
        .args(["sign", "-q", "a.txt", "--passphrase-file", "pw.fifo"])
        .env_remove("PROOFCTL_PASSPHRASE")
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    writer.join().unwrap();

    // Standard input.
    env.cmd()
        .args(["sign", "-q", "--force", "a.txt", "--passphrase-file", "-"])
        .env_remove("PROOFCTL_PASSPHRASE")
        .write_stdin(format!("{PASSPHRASE}\n"))
        .assert()
        .success();

    // A file descriptor, as gpg's --passphrase-fd: a file and a pipe.
    env.write("pw.txt", format!("{PASSPHRASE}\n"));
    let bin = assert_cmd::cargo::cargo_bin("proofctl");
    for redirect in ["3<pw.txt", "3< <(cat pw.txt)"] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("exec \"$0\" sign -q --force a.txt --passphrase-fd 3 {redirect}"))
            .arg(&bin)
            .current_dir(env.dir.path())
            .env("PROOFCTL_HOME", env.home())
            .env_remove("PROOFCTL_PASSPHRASE")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{redirect}: {}", all_output(&out));
    }
    // A descriptor that is not open: one clear line.
    let out = env
        .cmd()
        .args(["sign", "--force", "a.txt", "--passphrase-fd", "7"])
        .env_remove("PROOFCTL_PASSPHRASE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert!(lines.len() == 1 && lines[0].contains("file descriptor 7"), "{lines:?}");
    // Never both.
    env.cmd()
        .args(["sign", "a.txt", "--passphrase-fd", "3", "--passphrase-file", "pw.txt"])
        .assert()
        .code(2);
    // A device is refused rather than read forever.
    env.cmd()
        .args(["sign", "--force", "a.txt", "--passphrase-file", "/dev/zero"])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a regular file or a pipe"));
}

// ---- several keys: `default` is the default, `key default` chooses ----

#[test]
fn the_key_named_default_is_the_default_and_key_default_chooses_another() {
    let env = Env::new();
    env.keygen();
    env.cmd().args(["keygen", "-q", "--name", "work"]).assert().success();
    env.write("a.txt", b"a");
    env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    let list = env.cmd().args(["key", "list", "--json"]).output().unwrap();
    let keys: Value = serde_json::from_slice(&list.stdout).unwrap();
    let kid_of = |name: &str| {
        keys["keys"].as_array().unwrap().iter().find(|k| k["name"] == name).unwrap()["kid"].clone()
    };
    let proof: Value =
        serde_json::from_str(&fs::read_to_string(env.path("a.txt.proof")).unwrap()).unwrap();
    assert_eq!(proof["signer"]["kid"], kid_of("default"));
    let defaults: Vec<_> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["name"].clone(), k["default"].clone()))
        .collect();
    assert_eq!(defaults, [("default".into(), true.into()), ("work".into(), false.into())]);
    env.cmd()
        .args(["key", "list"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^default .*\(default\)$").unwrap());
    env.cmd().args(["key", "export", "-q"]).assert().success();

    // `key default` records it in config.toml and keeps what else is there.
    env.write("home/config.toml", "# set by hand\nsync_server = \"https://x.example\" # team\n");
    env.cmd()
        .args(["key", "default", "work"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Default key is now \"work\""));
    let config = fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(config.contains("# set by hand") && config.contains("# team"), "{config}");
    assert!(config.contains("default_key = \"work\""), "{config}");
    env.cmd().args(["sign", "-q", "--force", "a.txt"]).assert().success();
    let proof: Value =
        serde_json::from_str(&fs::read_to_string(env.path("a.txt.proof")).unwrap()).unwrap();
    assert_eq!(proof["signer"]["kid"], kid_of("work"));
    env.cmd()
        .args(["key", "default", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no key named \"nope\""));

    // With several keys and none called default, export's hint is one it accepts.
    let other = Env::new();
    other.cmd().args(["keygen", "-q", "--name", "a"]).assert().success();
    other.cmd().args(["keygen", "-q", "--name", "b"]).assert().success();
    let out = other.cmd().args(["key", "export"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("several keys (a, b)") && err.contains("`proofctl key export NAME`"));
    assert!(!err.contains("--key"), "{err}");
    other.cmd().args(["key", "export", "b"]).assert().success();
}

// ---- imports: OpenSSH keys, and other algorithms named ----

fn ssh_keygen(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("ssh-keygen")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("ssh-keygen is required (openssh-client; .ci/run installs it)");
    assert!(out.status.success(), "ssh-keygen {args:?}: {}", all_output(&out));
}

#[test]
fn openssh_keys_import_and_export_ssh_is_read_by_ssh_keygen() {
    let env = Env::new();
    let dir = env.dir.path();
    ssh_keygen(dir, &["-q", "-t", "ed25519", "-N", "", "-C", "me@laptop", "-f", "plain"]);
    ssh_keygen(dir, &["-q", "-t", "ed25519", "-N", "ssh pass", "-f", "enc"]);

    env.cmd().args(["key", "import", "plain", "--name", "plain", "-q"]).assert().success();
    let line = env.cmd().args(["key", "export", "plain", "--ssh"]).output().unwrap();
    let ours = String::from_utf8(line.stdout).unwrap();
    let theirs = fs::read_to_string(env.path("plain.pub")).unwrap();
    let fields = |s: &str| s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert_eq!(fields(&ours), fields(&theirs));

    // Encrypted: the passphrase opens it (and seals the stored copy); a wrong one is named.
    env.cmd()
        .args(["key", "import", "enc", "--name", "enc"])
        .env("PROOFCTL_PASSPHRASE", "nope")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("enc: wrong passphrase"));
    env.cmd()
        .args(["key", "import", "enc", "--name", "enc", "-q"])
        .env("PROOFCTL_PASSPHRASE", "ssh pass")
        .assert()
        .success();
    env.cmd()
        .args(["key", "export", "enc", "--ssh", "-q", "-o", "enc-again.pub"])
        .assert()
        .success();
    let fp = |file: &str| {
        let out = std::process::Command::new("ssh-keygen")
            .args(["-l", "-f", file])
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "ssh-keygen -l -f {file}: {}", all_output(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("(ED25519)"), "{text}");
        text.split_whitespace().nth(1).unwrap().to_string()
    };
    assert_eq!(fp("enc-again.pub"), fp("enc.pub"));
    assert_eq!(
        fs::metadata(env.path("enc-again.pub")).unwrap().permissions().mode() & 0o777,
        0o644
    );

    // Signing with an imported OpenSSH key verifies; the .pub line is a trustable key.
    env.write("a.txt", b"a");
    env.cmd()
        .args(["sign", "-q", "a.txt", "--key", "enc"])
        .env("PROOFCTL_PASSPHRASE", "ssh pass")
        .assert()
        .success();
    let bob = Env::new();
    bob.cmd().args(["verify", "a.txt.proof"]).current_dir(dir).assert().code(1);
    bob.cmd().args(["trust", "add", "-q"]).arg(env.path("enc.pub")).assert().success().stdout("");
    bob.cmd().args(["verify", "-q", "a.txt.proof"]).current_dir(dir).assert().code(0);

    // A key asking for endless bcrypt-pbkdf rounds is refused before its passphrase is asked.
    let pem = fs::read_to_string(env.path("enc")).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let mut blob =
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, body).unwrap();
    // openssh-key-v1: magic, cipher name, "bcrypt", then kdfoptions = len, salt (len 16), rounds.
    let at = blob.windows(6).position(|w| w == b"bcrypt").unwrap() + 6 + 4 + 4 + 16;
    assert_eq!(u32::from_be_bytes(blob[at..at + 4].try_into().unwrap()), 16, "ssh-keygen's -a");
    blob[at..at + 4].copy_from_slice(&1_000_000u32.to_be_bytes());
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &blob);
    let lines: Vec<&str> =
        b64.as_bytes().chunks(70).map(|c| std::str::from_utf8(c).unwrap()).collect();
    env.write(
        "slow",
        format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
            lines.join("\n")
        ),
    );
    let out = env
        .cmd()
        .args(["key", "import", "slow", "--name", "slow"])
        .env_remove("PROOFCTL_PASSPHRASE")
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("1000000 bcrypt-pbkdf rounds, beyond the 512"), "{lines:?}");

    // Other OpenSSH algorithms are named.
    ssh_keygen(dir, &["-q", "-t", "ecdsa", "-N", "", "-f", "ec"]);
    env.cmd().args(["key", "import", "ec", "--name", "ec"]).assert().code(2).stderr(
        predicate::str::contains("ecdsa-sha2-nistp256 private key")
            .and(predicate::str::contains("only Ed25519")),
    );
    // A public key is not importable, and the advice is one that works.
    env.cmd().args(["key", "import", "plain.pub", "--name", "x"]).assert().code(2).stderr(
        predicate::str::contains("this is a public key")
            .and(predicate::str::contains("proofctl trust add FILE")),
    );
}

#[test]
fn keys_of_other_algorithms_are_named_not_blamed_on_the_ed25519_oid() {
    let env = Env::new();
    let dir = env.dir.path();
    let openssl = |args: &[&str]| {
        let out =
            std::process::Command::new("openssl").args(args).current_dir(dir).output().unwrap();
        assert!(out.status.success(), "openssl {args:?}: {}", all_output(&out));
    };
    openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "rsa.pem",
    ]);
    openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        "p256.pem",
    ]);
    openssl(&["genpkey", "-algorithm", "ed448", "-out", "ed448.pem"]);
    openssl(&[
        "genpkey",
        "-algorithm",
        "ed448",
        "-aes-256-cbc",
        "-pass",
        "pass:pw",
        "-out",
        "ed448-enc.pem",
    ]);
    openssl(&["pkey", "-in", "p256.pem", "-pubout", "-out", "p256.pub"]);
    for (file, alg) in [
        ("rsa.pem", "this is an RSA private key"),
        ("p256.pem", "this is an ECDSA P-256 private key"),
        ("ed448.pem", "this is an Ed448 private key"),
        ("ed448-enc.pem", "this is an Ed448 private key"),
    ] {
        let out = env
            .cmd()
            .args(["key", "import", file, "--name", "k"])
            .env("PROOFCTL_PASSPHRASE", "pw")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let lines = stderr_lines(&out);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains(alg) && lines[0].contains("only Ed25519"), "{file}: {lines:?}");
        assert!(!lines[0].contains("1.3.101.112"), "{lines:?}");
    }
    // A public key given to import: no advice to convert it into a private key.
    let out = env.cmd().args(["key", "import", "p256.pub", "--name", "k"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("this is a public key") && !err.contains("openssl pkey"), "{err}");
    // Given to trust, it is kept for the other formats (DSSE, Sigstore, SSH) and named so
    // (issue 15); a key of an algorithm nothing here checks is refused and named.
    env.cmd().args(["trust", "add", "p256.pub"]).assert().code(0).stdout(
        predicate::str::contains("ecdsa-p256 key")
            .and(predicate::str::contains("never POP proofs")),
    );
    openssl(&["pkey", "-in", "ed448.pem", "-pubout", "-out", "ed448.pub"]);
    env.cmd()
        .args(["trust", "add", "ed448.pub"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("this is an Ed448 public key"));
}

// ---- keygen --force keeps the old key; trust add -q is quiet ----

#[test]
fn keygen_force_keeps_the_replaced_key_and_says_where() {
    let env = Env::new();
    env.keygen();
    let old = fs::read(env.home().join("keys/default.key")).unwrap();
    let out = env.cmd().args(["keygen", "--force"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the old private key is kept in"), "{err}");
    let backups: Vec<_> = fs::read_dir(env.home().join("keys"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("default.key.bak-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(err.contains(&backups[0].display().to_string()), "{err}");
    assert_eq!(fs::read(&backups[0]).unwrap(), old);
    assert_eq!(fs::metadata(&backups[0]).unwrap().permissions().mode() & 0o777, 0o600);
    assert_ne!(fs::read(env.home().join("keys/default.key")).unwrap(), old);
    // A backup is not a key of its own, and a second --force in the same second keeps both.
    let out = env.cmd().args(["keygen", "--force", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["backup"].as_str().unwrap().contains("default.key.bak-"), "{v}");
    let list = env.cmd().args(["key", "list", "--json"]).output().unwrap();
    let keys: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 1);
}

#[test]
fn trust_add_quiet_prints_nothing() {
    let alice = Env::new();
    alice.keygen();
    let bob = Env::new();
    bob.cmd()
        .args(["trust", "add", "-q", "--name", "alice"])
        .arg(alice.home().join("keys/default.pub"))
        .assert()
        .success()
        .stdout("")
        .stderr("");
}
