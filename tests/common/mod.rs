//! Shared helpers for end-to-end tests: a temp home and the real `proofctl` binary.
#![allow(dead_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod db;
pub mod pki;
pub mod server;
pub mod tsa;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const PASSPHRASE: &str = "correct horse battery staple";

/// A temporary directory with a proofctl home inside it.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    pub fn path(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn home(&self) -> PathBuf {
        self.path("home")
    }

    /// `proofctl` with this env's home and passphrase, run from the temp dir, no colour.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("proofctl").unwrap();
        c.current_dir(self.dir.path())
            .env("PROOFCTL_HOME", self.home())
            .env("PROOFCTL_PASSPHRASE", PASSPHRASE)
            .env_remove("NO_COLOR");
        c
    }

    pub fn write(&self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn keygen(&self) {
        self.cmd().args(["keygen", "-q"]).assert().success();
    }
}

/// stdout+stderr as one string, for message assertions.
pub fn all_output(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

pub fn have(tool: &str) -> bool {
    std::process::Command::new(tool).arg("version").output().is_ok()
}

/// The test models the project makes (tests/models/make_tiny.py).
pub fn models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models")
}

/// The ONNX Runtime library, or None (after saying why) when ONNX tests cannot run here; with
/// PROOFCTL_REQUIRE_ONNX (as in CI) a missing runtime fails the test instead.
pub fn runtime_lib() -> Option<PathBuf> {
    use proofctl::similarity::embed::RUNTIME_FIX;
    match std::env::var_os("ORT_DYLIB_PATH").filter(|v| !v.is_empty()) {
        Some(p) => Some(PathBuf::from(p)),
        None if std::env::var_os("PROOFCTL_REQUIRE_ONNX").is_some() => {
            panic!("PROOFCTL_REQUIRE_ONNX is set but ORT_DYLIB_PATH is not: {RUNTIME_FIX}")
        }
        None => {
            eprintln!("skipped: ORT_DYLIB_PATH is not set ({RUNTIME_FIX})");
            None
        }
    }
}

/// A home whose default model is the tiny test model, or None (after saying why) when ONNX tests
/// cannot run here (see [`runtime_lib`]).
pub fn env_with_tiny_model() -> Option<Env> {
    runtime_lib()?;
    let env = Env::new();
    env.cmd()
        .args(["-q", "model", "add", models().join("tiny").to_str().unwrap()])
        .assert()
        .success();
    Some(env)
}

/// Runs `proofctl ARGS` with a pseudo-terminal as its controlling terminal (where the passphrase
/// prompt reads) and standard input from `stdin`. Each time the terminal shows `Passphrase for
/// key`, the next of `typed` is typed. Returns (exit code, all text).
pub fn on_a_terminal(env: &Env, args: &[&str], typed: &[&str], stdin: &Path) -> (i32, String) {
    answering(env, args, "Passphrase for key", typed, stdin)
}

/// [`on_a_terminal`], typing the next of `typed` each time the terminal shows `prompt` (any of
/// several prompts when `prompt` holds several, separated by `|`).
pub fn answering(
    env: &Env,
    args: &[&str],
    prompt: &str,
    typed: &[&str],
    stdin: &Path,
) -> (i32, String) {
    const DRIVER: &str = r#"
import os, pty, sys, json, re
args, typed, stdin = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
prompt = re.compile("|".join(re.escape(p) for p in sys.argv[4].split("|")).encode())
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
    while i < len(typed):
        m = prompt.search(out, seen)
        if not m:
            break
        seen = m.start() + 1
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
        .arg(prompt)
        .current_dir(env.dir.path())
        .env("PROOFCTL_HOME", env.home())
        .env_remove("PROOFCTL_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), all_output(&out))
}

/// Runs `cmd` and returns its exit status, peak memory (max RSS, bytes) and stderr.
///
/// The child is started by a small Python process that forks and execs it, not by this test
/// process: Linux carries the memory high-water mark of the image a process execs from into
/// its max RSS, and a child spawned from here starts as (a vfork of) this multi-threaded test
/// binary, whose own size would be measured (85 MiB seen while other tests ran).
pub fn run_measured(cmd: std::process::Command) -> (std::process::ExitStatus, u64, String) {
    use std::os::unix::process::ExitStatusExt;
    const MEASURE: &str = r#"
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
# os._exit skips stdio's flush: without PYTHONUNBUFFERED the number would never reach the pipe.
print(usage.ru_maxrss, flush=True)
os._exit(os.waitstatus_to_exitcode(status) % 256)
"#;
    let mut py = std::process::Command::new("python3");
    py.arg("-c").arg(MEASURE).arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => py.env(k, v),
            None => py.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        py.current_dir(dir);
    }
    let out =
        py.stdin(std::process::Stdio::null()).output().expect("python3 runs the measured command");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let kib: u64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("no max RSS from the measuring process: {err}"));
    // Linux reports ru_maxrss in KiB.
    (std::process::ExitStatus::from_raw(out.status.into_raw()), kib * 1024, err)
}
