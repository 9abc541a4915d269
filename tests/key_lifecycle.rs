//! End-to-end tests for `key passwd`, `key rename` and `key remove` (issue 14 part 1): the real
//! binary on temp homes, real pseudo-terminals for the prompts.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{Env, PASSPHRASE, all_output};
use serde_json::Value;

const NEW: &str = "a new and longer passphrase";

fn key_file(env: &Env, name: &str) -> PathBuf {
    env.home().join("keys").join(format!("{name}.key"))
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn json_of(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(o)))
}

/// `proofctl ARGS` in a new session (setsid): no controlling terminal, whoever runs the tests.
fn detached(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> std::process::Output {
    let mut c = std::process::Command::new("setsid");
    c.arg("-w")
        .arg(assert_cmd::cargo::cargo_bin("proofctl"))
        .args(args)
        .current_dir(env.dir.path())
        .env("PROOFCTL_HOME", env.home())
        .env_remove("PROOFCTL_PASSPHRASE")
        .stdin(std::process::Stdio::null());
    for (k, v) in vars {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// Signs `file` with key `name` under `passphrase`; returns the exit code and all output.
fn sign_with(env: &Env, name: &str, passphrase: &str, file: &str) -> (i32, String) {
    let o = env
        .cmd()
        .env("PROOFCTL_PASSPHRASE", passphrase)
        .args(["sign", "--no-index", "--force", "--key", name, file])
        .output()
        .unwrap();
    (o.status.code().unwrap(), all_output(&o))
}

#[test]
fn passwd_changes_the_passphrase_atomically_and_keeps_the_key() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", "hello");
    let kid = json_of(&env.cmd().args(["--json", "key", "show"]).output().unwrap())["kid"].clone();
    let path = key_file(&env, "default");
    let before = fs::read(&path).unwrap();

    // A wrong current passphrase: exit 2, one line naming the file, nothing written.
    let o = env
        .cmd()
        .env("PROOFCTL_PASSPHRASE", "not it")
        .env("PROOFCTL_NEW_PASSPHRASE", NEW)
        .args(["key", "passwd", "default"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let text = all_output(&o);
    assert!(text.contains("wrong passphrase") && text.contains("PROOFCTL_PASSPHRASE"), "{text}");
    assert_eq!(fs::read(&path).unwrap(), before, "a wrong passphrase changed the key file");

    // The new one from the environment.
    let o = env
        .cmd()
        .env("PROOFCTL_NEW_PASSPHRASE", NEW)
        .args(["--json", "key", "passwd", "default"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let doc = json_of(&o);
    assert_eq!(doc["kid"], kid);
    assert_eq!(doc["encrypted"], true);
    assert_ne!(fs::read(&path).unwrap(), before);
    assert_eq!(mode(&path), 0o600);
    // No temporary file left beside it.
    let names: Vec<_> = fs::read_dir(env.home().join("keys"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let (code, text) = sign_with(&env, "default", PASSPHRASE, "a.txt");
    assert_eq!(code, 2, "the old passphrase still opens the key: {text}");
    let (code, text) = sign_with(&env, "default", NEW, "a.txt");
    assert_eq!(code, 0, "{text}");

    // From a file, and back again.
    env.write("newpw", format!("{PASSPHRASE}\n"));
    env.cmd()
        .env("PROOFCTL_PASSPHRASE", NEW)
        .args(["key", "passwd", "--new-passphrase-file", "newpw"])
        .assert()
        .success();
    assert_eq!(sign_with(&env, "default", PASSPHRASE, "a.txt").0, 0);
}

#[test]
fn passwd_can_decrypt_only_when_asked_and_encrypt_a_plain_key() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", "hello");
    let o = env.cmd().args(["--json", "key", "passwd", "--no-passphrase"]).output().unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    assert_eq!(json_of(&o)["encrypted"], false);
    assert!(String::from_utf8_lossy(&o.stderr).contains("stored unencrypted"));
    let text = fs::read_to_string(key_file(&env, "default")).unwrap();
    assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"), "{text}");
    assert_eq!(mode(&key_file(&env, "default")), 0o600);

    // A plain key needs no current passphrase; it gets the new one.
    let o = env
        .cmd()
        .env_remove("PROOFCTL_PASSPHRASE")
        .env("PROOFCTL_NEW_PASSPHRASE", NEW)
        .args(["key", "passwd"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(all_output(&o).contains("is now sealed with a passphrase"), "{}", all_output(&o));
    assert_eq!(sign_with(&env, "default", NEW, "a.txt").0, 0);

    // No new passphrase anywhere and no terminal: a clear line, exit 2, nothing written.
    let before = fs::read(key_file(&env, "default")).unwrap();
    let o = detached(&env, &["key", "passwd"], &[("PROOFCTL_PASSPHRASE", NEW)]);
    assert_eq!(o.status.code(), Some(2));
    let text = all_output(&o);
    assert!(
        text.contains("a new passphrase is needed and there is no terminal")
            && text.contains("PROOFCTL_NEW_PASSPHRASE")
            && text.contains("--new-passphrase-file"),
        "{text}"
    );
    assert_eq!(fs::read(key_file(&env, "default")).unwrap(), before);
}

#[test]
fn passwd_at_the_prompt_asks_the_old_then_the_new_twice() {
    let env = Env::new();
    env.keygen();
    let prompts = "Passphrase for key|New passphrase for key|Repeat the passphrase";
    let null = Path::new("/dev/null");
    // Mistyped repeat: nothing changes.
    let (code, text) =
        common::answering(&env, &["key", "passwd"], prompts, &[PASSPHRASE, NEW, "typo"], null);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("do not match"), "{text}");
    let (code, text) =
        common::answering(&env, &["key", "passwd"], prompts, &[PASSPHRASE, NEW, NEW], null);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("has a new passphrase"), "{text}");
    env.write("a.txt", "x");
    assert_eq!(sign_with(&env, "default", NEW, "a.txt").0, 0);
}

#[test]
fn rename_moves_the_pair_keeps_the_default_and_never_overwrites() {
    let env = Env::new();
    for name in ["default", "other"] {
        env.cmd().args(["keygen", "-q", "--no-passphrase", "--name", name]).assert().success();
    }
    let kid = |name: &str| {
        json_of(&env.cmd().args(["--json", "key", "show", name]).output().unwrap())["kid"].clone()
    };
    let (default_kid, other_kid) = (kid("default"), kid("other"));

    // Onto an existing name: refused, nothing moved.
    let o = env.cmd().args(["key", "rename", "default", "other"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("other.key: already exists"), "{}", all_output(&o));
    assert_eq!((kid("default"), kid("other")), (default_kid.clone(), other_kid.clone()));

    // "default" was the default by its name among two keys: it stays the default, explicitly.
    let o = env.cmd().args(["--json", "key", "rename", "default", "release"]).output().unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let doc = json_of(&o);
    assert_eq!(doc["renamed_from"], "default");
    assert_eq!(doc["key"]["name"], "release");
    assert_eq!(doc["key"]["kid"], default_kid);
    assert_eq!(doc["key"]["default"], true);
    assert_eq!(doc["settings_updated"], serde_json::json!(["default_key"]));
    assert!(!key_file(&env, "default").exists());
    assert!(!env.home().join("keys/default.pub").exists());
    assert_eq!(mode(&key_file(&env, "release")), 0o600);
    let config = fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(config.contains("default_key = \"release\""), "{config}");

    // sync_key and an explicit default_key follow a rename.
    fs::write(env.home().join("config.toml"), "default_key = \"other\"\nsync_key = \"other\"\n")
        .unwrap();
    let o = env.cmd().args(["key", "rename", "other", "laptop"]).output().unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let config = fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(
        config.contains("default_key = \"laptop\"") && config.contains("sync_key = \"laptop\""),
        "{config}"
    );
    assert_eq!(kid("laptop"), other_kid);
    env.write("a.txt", "x");
    let o = env.cmd().args(["--json", "sign", "--no-index", "a.txt"]).output().unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    assert_eq!(json_of(&o)["key"]["name"], "laptop");

    // A missing key or a bad new name: exit 2 with the reason.
    let o = env.cmd().args(["key", "rename", "nobody", "x"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("no key named \"nobody\""));
    let o = env.cmd().args(["key", "rename", "laptop", "../x"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("invalid key name"));
}

#[test]
fn remove_asks_or_needs_force_and_keeps_the_private_key_aside() {
    let env = Env::new();
    for name in ["a", "b"] {
        env.cmd().args(["keygen", "-q", "--no-passphrase", "--name", name]).assert().success();
    }
    env.cmd().args(["key", "default", "a"]).assert().success();
    let secret = fs::read(key_file(&env, "a")).unwrap();

    // No terminal and no --force: refused with the fix, nothing moved.
    let o = detached(&env, &["key", "remove", "a"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let text = all_output(&o);
    assert!(text.contains("no terminal to ask on") && text.contains("--force"), "{text}");
    assert!(key_file(&env, "a").exists());

    // On a terminal: "n" keeps it (exit 1), "y" removes it.
    let null = Path::new("/dev/null");
    let (code, text) = common::answering(&env, &["key", "remove", "a"], "[y/N]", &["n"], null);
    assert_eq!(code, 1, "{text}");
    assert!(key_file(&env, "a").exists(), "{text}");
    let (code, text) = common::answering(&env, &["key", "remove", "a"], "[y/N]", &["y"], null);
    assert_eq!(code, 0, "{text}");
    assert!(!key_file(&env, "a").exists());
    assert!(text.contains("keys/removed/a."), "{text}");

    // Moved, not destroyed: same bytes, still 0600, in a 0700 folder; default_key dropped.
    let removed = env.home().join("keys/removed");
    let kept: Vec<PathBuf> = fs::read_dir(&removed).unwrap().map(|e| e.unwrap().path()).collect();
    let kept_key = kept.iter().find(|p| p.extension().is_some_and(|e| e == "key")).unwrap();
    assert!(kept.iter().any(|p| p.extension().is_some_and(|e| e == "pub")), "{kept:?}");
    assert_eq!(fs::read(kept_key).unwrap(), secret);
    assert_eq!(mode(kept_key), 0o600);
    assert_eq!(mode(&removed), 0o700);
    let config = fs::read_to_string(env.home().join("config.toml")).unwrap();
    assert!(!config.contains("default_key"), "{config}");
    let o = env.cmd().args(["--json", "key", "list"]).output().unwrap();
    let names: Vec<_> =
        json_of(&o)["keys"].as_array().unwrap().iter().map(|k| k["name"].clone()).collect();
    assert_eq!(names, [Value::from("b")]);

    // --force, with --json saying where the files went.
    let o = env.cmd().args(["--json", "key", "remove", "--force", "b"]).output().unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let doc = json_of(&o);
    assert_eq!(doc["removed"], true);
    let moved = PathBuf::from(doc["private_key_path"].as_str().unwrap());
    assert!(moved.starts_with(&removed) && moved.is_file(), "{doc}");
    assert!(Path::new(doc["public_key_path"].as_str().unwrap()).is_file());

    let o = env.cmd().args(["key", "remove", "--force", "b"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("no key named \"b\""));
}
