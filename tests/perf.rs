//! Work done once: `sign` opens and reads each file once, `verify --indexed` hashes a file once
//! whatever the number of its proofs, and `search` looks for the index before loading a model.
//! Opens and reads are counted on the real binary with strace.

mod common;

use std::path::Path;
use std::process::Stdio;

use common::Env;

/// `search` on a home without an index says so in one line, before touching ONNX Runtime: a
/// configured model whose runtime cannot load adds no warning.
#[test]
fn search_without_index_does_not_load_the_model() {
    let Some(env) = common::env_with_tiny_model() else { return };
    let doc = env.write("query.txt", "a few words to look for in an index that is not there\n");
    for args in
        [vec!["search", "--text", "a few words to look for"], vec!["search", doc.to_str().unwrap()]]
    {
        let o = env
            .cmd()
            .args(&args)
            .env("ORT_DYLIB_PATH", env.path("no-such-dir/libonnxruntime.so"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got: {err}");
        assert!(err.contains("no index yet; run `proofctl index add DIR`"), "{args:?}: {err}");
        assert!(!err.to_lowercase().contains("onnx"), "{args:?}: {err}");
    }
}

/// Runs `proofctl ARGS` with a pseudo-terminal as its controlling terminal (where the passphrase
/// prompt reads) and standard input from `stdin`. Each time the terminal shows `Passphrase for
/// key`, the next of `typed` is typed. Returns (exit code, all text).
fn on_a_terminal(env: &Env, args: &[&str], typed: &[&str], stdin: &Path) -> (i32, String) {
    const DRIVER: &str = r#"
import os, pty, sys, json
args, typed, stdin = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
pid, fd = pty.fork()
if pid == 0:
    os.dup2(os.open(stdin, os.O_RDONLY), 0)
    os.execv(args[0], args)
seen, out, i = 0, b"", 0
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    while out.count(b"Passphrase for key", seen) and i < len(typed):
        seen = out.index(b"Passphrase for key", seen) + 1
        os.write(fd, typed[i].encode() + b"\n")
        i += 1
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
"#;
    let bin = assert_cmd::cargo::cargo_bin("proofctl");
    let mut argv = vec![bin.to_string_lossy().into_owned()];
    argv.extend(args.iter().map(|a| a.to_string()));
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(DRIVER)
        .arg(serde_json::to_string(&argv).unwrap())
        .arg(serde_json::to_string(typed).unwrap())
        .arg(stdin)
        .current_dir(env.dir.path())
        .env("PROOFCTL_HOME", env.home())
        .env_remove("PROOFCTL_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), common::all_output(&out))
}

/// `sign -` unlocks the key as every other command does: a wrong passphrase typed at the prompt
/// is asked again, and three wrong ones end with the hint naming the prompt.
#[test]
fn sign_stdin_asks_again_after_a_wrong_passphrase() {
    let env = Env::new();
    env.keygen();
    let data = env.write("data.txt", b"signed from standard input\n");
    let args = ["sign", "-", "--name", "data.txt", "--out", "data.txt.proof"];
    let (code, text) = on_a_terminal(&env, &args, &["wrong", common::PASSPHRASE], &data);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Wrong passphrase; try again."), "{text}");
    assert_eq!(text.matches("Passphrase for key").count(), 2, "{text}");
    env.cmd().args(["verify", "data.txt.proof"]).assert().success();

    let args = ["sign", "-", "--name", "data.txt", "--out", "again.proof"];
    let (code, text) = on_a_terminal(&env, &args, &["x", "y", "z", "w"], &data);
    assert_eq!(code, 2, "{text}");
    assert_eq!(text.matches("Passphrase for key").count(), 3, "{text}");
    assert!(text.contains("wrong passphrase") && text.contains("3 tries at the prompt"), "{text}");
    assert!(!env.path("again.proof").exists());
}
