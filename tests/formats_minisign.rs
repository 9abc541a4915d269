//! minisign signatures (issue 15) made by the real minisign, prehashed and legacy, verified by
//! proofctl with minisign public keys as trust; every line altered in turn; and a mixed batch
//! (`verify dist/*` over POP proofs, minisign and SSH signatures) checked in one call.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::{Env, all_output};
use serde_json::Value;

/// CI sets PROOFCTL_REQUIRE_INTEROP=1 and installs minisign, so there these tests cannot skip.
fn have(tool: &str, probe: &str) -> bool {
    let ok = Command::new(tool).arg(probe).output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "{tool} is required (PROOFCTL_REQUIRE_INTEROP is set): apt-get install {tool}"
        );
        eprintln!("skipping: {tool} is not installed");
    }
    ok
}

fn run(cmd: &mut Command) -> std::process::Output {
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{cmd:?}: {}", all_output(&o));
    o
}

/// A minisign key pair without a password: (NAME.pub, NAME.key).
fn minisign_key(env: &Env, name: &str) -> (PathBuf, PathBuf) {
    let (p, s) = (env.path(format!("{name}.pub")), env.path(format!("{name}.key")));
    run(Command::new("minisign").args(["-G", "-W", "-p"]).arg(&p).arg("-s").arg(&s));
    (p, s)
}

/// `minisign -S` of `file` (extra: `-l`, `-t COMMENT`, ...): FILE.minisig.
fn minisign_sign(key: &Path, file: &Path, extra: &[&str]) -> PathBuf {
    run(Command::new("minisign").args(["-S", "-s"]).arg(key).arg("-m").arg(file).args(extra));
    PathBuf::from(format!("{}.minisig", file.display()))
}

fn verify_json(env: &Env, args: &[&str]) -> (i32, Value) {
    let o = env.cmd().arg("verify").arg("--json").args(args).output().unwrap();
    let doc: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", all_output(&o)));
    (o.status.code().unwrap(), doc)
}

/// The SPKI PEM of the Ed25519 key in a minisign public key file.
fn spki_pem_of(minisign_pub: &Path) -> String {
    let text = std::fs::read_to_string(minisign_pub).unwrap();
    let bin = STANDARD.decode(text.lines().nth(1).unwrap()).unwrap();
    let mut der = hex::decode("302a300506032b6570032100").unwrap();
    der.extend_from_slice(&bin[10..42]);
    format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", STANDARD.encode(der))
}

#[test]
fn minisign_signatures_verify_prehashed_and_legacy() {
    if !have("minisign", "-v") {
        return;
    }
    let env = Env::new();
    let (pubkey, key) = minisign_key(&env, "vendor");
    let big = env.write("big.bin", vec![7u8; 3 << 20]);
    let small = env.write("small.txt", "small\n");
    let prehashed = minisign_sign(&key, &big, &["-t", "release 1.0 of big"]);
    let legacy = minisign_sign(&key, &small, &["-l"]);
    let (code, doc) = verify_json(
        &env,
        &["--key", "vendor.pub", prehashed.to_str().unwrap(), legacy.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{doc}");
    let (p, l) = (&doc["results"][0], &doc["results"][1]);
    assert_eq!(p["format"], "minisign");
    assert_eq!(p["metadata"]["mode"], "prehashed");
    assert_eq!(p["metadata"]["trusted_comment"], "release 1.0 of big");
    assert_eq!(p["created"], Value::Null);
    assert_eq!(p["subject"]["size"], 3 << 20);
    assert_eq!(p["signer"]["name"], "vendor");
    assert!(p["message"].as_str().unwrap().contains("trusted comment \"release 1.0 of big\""));
    assert_eq!(l["metadata"]["mode"], "legacy");
    // minisign's default trusted comment: the time it claims becomes `created`.
    assert!(l["metadata"]["trusted_comment"].as_str().unwrap().starts_with("timestamp:"));
    assert!(l["created"].as_str().unwrap().ends_with('Z'), "{l}");
    let id = std::fs::read_to_string(&pubkey).unwrap();
    let id = id.lines().next().unwrap().rsplit(' ').next().unwrap().to_string();
    assert_eq!(p["metadata"]["key_id"], id.as_str());
    // The text says who signed and the trusted comment.
    let o = env.cmd().args(["verify", "--key", "vendor.pub", "big.bin.minisig"]).output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("OK big.bin.minisig: signed by vendor"));

    // Every form of the key: the bare base64 line, a --trust-dir, the SPKI PEM of the same key
    // (no minisign id known: the key itself is tried), and the trust store.
    let bare = std::fs::read_to_string(&pubkey).unwrap().lines().nth(1).unwrap().to_string();
    env.write("bare.pub", format!("{bare}\n"));
    env.write("dir/vendor.pub", std::fs::read(&pubkey).unwrap());
    env.write("spki.pub", spki_pem_of(&pubkey));
    for trust in [&["--key", "bare.pub"][..], &["--trust-dir", "dir"], &["--key", "spki.pub"], &[]]
    {
        let mut args = trust.to_vec();
        args.extend(["big.bin.minisig", "small.txt.minisig"]);
        if trust.is_empty() {
            let (code, _) = verify_json(&env, &args);
            assert_eq!(code, 1, "untrusted before trust add");
            env.cmd().args(["trust", "add", "vendor.pub", "--name", "vendor"]).assert().success();
            let list = env.cmd().args(["trust", "list"]).output().unwrap();
            assert!(String::from_utf8_lossy(&list.stdout).contains("vendor"));
        }
        let (code, doc) = verify_json(&env, &args);
        assert_eq!(code, 0, "{trust:?}: {doc}");
    }
    // The store keeps the minisign file, so its key id stays known.
    let stored = std::fs::read_to_string(env.home().join("trust/vendor.pub")).unwrap();
    assert!(stored.starts_with("untrusted comment: minisign public key "), "{stored}");

    // Another minisign key: its signatures are not the vendor's.
    let (_, other) = minisign_key(&env, "other");
    let f = env.write("o.txt", "o");
    minisign_sign(&other, &f, &[]);
    let (code, doc) = verify_json(&env, &["--key", "vendor.pub", "o.txt.minisig"]);
    assert_eq!((code, doc["results"][0]["reason"].as_str()), (1, Some("untrusted")));
    assert_eq!(doc["results"][0]["signer"], Value::Null);
}

/// An exit code and a reason.
type Verdict = (i32, Option<String>);

#[test]
fn every_line_altered_is_refused() {
    if !have("minisign", "-v") {
        return;
    }
    let env = Env::new();
    let (_, key) = minisign_key(&env, "k");
    for (mode, extra) in [("prehashed", &[][..]), ("legacy", &["-l"][..])] {
        let file = env.write(format!("{mode}.txt"), format!("{mode} bytes\n"));
        let sig = minisign_sign(&key, &file, extra);
        let text = std::fs::read_to_string(&sig).unwrap();
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let check = |content: &str| {
            env.write("t.minisig", content);
            let (code, doc) = verify_json(
                &env,
                &["--key", "k.pub", "--file", file.to_str().unwrap(), "t.minisig"],
            );
            (code, doc["results"][0]["reason"].as_str().map(str::to_string))
        };
        let with = |i: usize, line: String| {
            let mut l = lines.clone();
            l[i] = line;
            l.join("\n") + "\n"
        };
        let b64 = |bin: &[u8]| STANDARD.encode(bin);
        let sig_line = STANDARD.decode(&lines[1]).unwrap();
        let flip = |at: usize| {
            let mut b = sig_line.clone();
            b[at] ^= 1;
            b64(&b)
        };
        let global = STANDARD.decode(&lines[3]).unwrap();
        let bad = Some("bad_signature".to_string());
        assert_eq!(check(&text), (0, None), "{mode}: unchanged");
        // The untrusted comment is not signed, by minisign's design: changing it changes nothing.
        assert_eq!(check(&with(0, "untrusted comment: hello".into())), (0, None));
        let other_alg = if mode == "legacy" { "ED" } else { "Ed" };
        let mut swapped = sig_line.clone();
        swapped[..2].copy_from_slice(other_alg.as_bytes());
        let mut flipped_global = global.clone();
        flipped_global[5] ^= 1;
        let cases: Vec<(&str, String, Verdict)> = vec![
            ("algorithm swapped", with(1, b64(&swapped)), (1, bad.clone())),
            (
                "algorithm unknown",
                with(1, {
                    let mut b = sig_line.clone();
                    b[..2].copy_from_slice(b"XX");
                    b64(&b)
                }),
                (2, Some("unsupported_algorithm".into())),
            ),
            // A key id no trusted key has: the --key's id is known, so nothing else is tried.
            ("key id", with(1, flip(3)), (1, Some("untrusted".into()))),
            ("signature byte", with(1, flip(40)), (1, bad.clone())),
            ("trusted comment", with(2, format!("{}x", lines[2])), (1, bad.clone())),
            ("global signature", with(3, b64(&flipped_global)), (1, bad.clone())),
            ("line 2 not base64", with(1, "!!!".into()), (2, Some("malformed".into()))),
            (
                "line 3 not a trusted comment",
                with(2, "comment: x".into()),
                (2, Some("malformed".into())),
            ),
            ("a line missing", lines[..3].join("\n"), (2, Some("malformed".into()))),
            ("a line added", text.clone() + "extra\n", (2, Some("malformed".into()))),
        ];
        for (what, content, want) in cases {
            assert_eq!(check(&content), want, "{mode}: {what}");
        }
        // Which signature failed is said.
        env.write("t.minisig", with(2, format!("{}x", lines[2])));
        let (_, doc) =
            verify_json(&env, &["--key", "k.pub", "--file", file.to_str().unwrap(), "t.minisig"]);
        assert!(doc["results"][0]["message"].as_str().unwrap().contains("trusted comment"));
        // A byte of the file.
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[0] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(check(&text), (1, bad), "{mode}: file byte");
    }
}

#[test]
fn minisign_near_misses_are_one_line_errors() {
    if !have("minisign", "-v") {
        return;
    }
    let env = Env::new();
    let (_, key) = minisign_key(&env, "k");
    let f = env.write("f.txt", "f");
    minisign_sign(&key, &f, &[]);
    env.write("g.minisig", "untrusted comment: hello\nnot base64 at all\n");
    // A secret key or a signature given as the key: said so, exit 2.
    for (args, want) in [
        (&["--key", "k.key", "f.txt.minisig"][..], "minisign secret key"),
        (
            &["--key", "f.txt.minisig", "f.txt.minisig"],
            "a minisign signature (.minisig), not a public key",
        ),
        (&["--key", "k.pub", "g.minisig"], "not a valid minisign signature: 2 lines"),
    ] {
        let o = env.cmd().arg("verify").args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", all_output(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn mixed_batch_of_formats_verifies_in_one_call() {
    if !have("minisign", "-v") || !have("ssh-keygen", "-?") {
        return;
    }
    let env = Env::new();
    env.keygen();
    let (_, mkey) = minisign_key(&env, "m");
    let skey = env.path("s");
    run(Command::new("ssh-keygen").args(["-q", "-N", "", "-t", "ed25519", "-f"]).arg(&skey));
    env.cmd().args(["trust", "add", "m.pub", "--name", "vendor"]).assert().success();
    env.cmd().args(["trust", "add", "s.pub", "--name", "builder"]).assert().success();
    let mut names = Vec::new();
    for i in 0..3 {
        let a = env.write(format!("dist/a{i}.tar"), format!("pop {i}"));
        let b = env.write(format!("dist/b{i}.tar"), format!("minisign {i}"));
        let c = env.write(format!("dist/c{i}.tar"), format!("ssh {i}"));
        env.cmd().args(["sign", "--no-index", "-q"]).arg(&a).assert().success();
        minisign_sign(&mkey, &b, &[]);
        run(Command::new("ssh-keygen").args(["-Y", "sign", "-n", "file", "-f"]).arg(&skey).arg(&c));
        names.extend([a, b, c]);
    }
    let mut all: Vec<PathBuf> =
        std::fs::read_dir(env.path("dist")).unwrap().map(|e| e.unwrap().path()).collect();
    all.sort();
    assert_eq!(all.len(), 18);
    let o = env.cmd().args(["verify", "--json"]).args(&all).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["valid"], 9, "{doc}");
    assert_eq!(doc["summary"]["total"], 9);
    let mut formats: Vec<&str> =
        doc["results"].as_array().unwrap().iter().map(|r| r["format"].as_str().unwrap()).collect();
    formats.sort();
    formats.dedup();
    assert_eq!(formats, ["minisign", "pop", "sshsig"]);
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/json/verify.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let v = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{doc}");
    // The signed files alone find their signatures beside them.
    let o = env.cmd().arg("verify").args(&names).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("9 proofs: 9 valid"));
    // One altered file fails the batch, exit 1.
    std::fs::write(env.path("dist/b1.tar"), "changed").unwrap();
    let o = env.cmd().arg("verify").args(&all).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
}

#[test]
fn revocations_and_trust_restrictions_apply_to_other_formats() {
    if !have("minisign", "-v") || !have("ssh-keygen", "-?") {
        return;
    }
    let env = Env::new();
    let (_, mkey) = minisign_key(&env, "m");
    let skey = env.path("s");
    run(Command::new("ssh-keygen").args(["-q", "-N", "", "-t", "ed25519", "-f"]).arg(&skey));
    let m = env.write("m.txt", "m");
    let s = env.write("s.txt", "s");
    minisign_sign(&mkey, &m, &[]);
    run(Command::new("ssh-keygen").args(["-Y", "sign", "-n", "file", "-f"]).arg(&skey).arg(&s));
    let verdict = |sig: &str| {
        let (code, doc) = verify_json(&env, &[sig]);
        (code, doc["results"][0]["reason"].as_str().map(str::to_string))
    };
    let trust = |file: &str, name: &str, extra: &[&str]| {
        env.cmd()
            .args(["trust", "add", file, "--name", name, "--force"])
            .args(extra)
            .assert()
            .success();
    };
    // minisign's trusted comment claims a time (timestamp:): judged against the window.
    trust("m.pub", "vendor", &["--valid-before", "2020-01-01"]);
    assert_eq!(verdict("m.txt.minisig"), (1, Some("outside_validity".into())));
    trust("m.pub", "vendor", &["--valid-after", "2020-01-01"]);
    assert_eq!(verdict("m.txt.minisig"), (0, None));
    trust("m.pub", "vendor", &["--require-meta", "commit=abc"]);
    assert_eq!(verdict("m.txt.minisig"), (1, Some("metadata_not_allowed".into())));
    // An SSH signature claims no time: a key trusted only within a window is refused.
    trust("s.pub", "builder", &["--valid-after", "2020-01-01"]);
    assert_eq!(verdict("s.txt.sig"), (1, Some("outside_validity".into())));
    trust("s.pub", "builder", &[]);
    assert_eq!(verdict("s.txt.sig"), (0, None));
    // A revoked own key: its SSH signatures stop verifying (no trusted timestamp can save them).
    env.keygen();
    env.cmd().args(["sign", "--format", "sshsig", "-q", "m.txt"]).assert().success();
    assert_eq!(verdict("m.txt.sig"), (0, None));
    env.cmd().args(["key", "revoke", "default", "--reason", "lost"]).assert().success();
    assert_eq!(verdict("m.txt.sig"), (1, Some("revoked".into())));
}
