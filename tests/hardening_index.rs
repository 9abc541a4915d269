//! `index add` under load and abuse: many texts with a sentence-embedding model, huge texts,
//! homes full of loops and legacy encodings, and an interrupted run. Real binary, real SQLite,
//! real ONNX Runtime with the tiny test model.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Env, all_output, models, runtime_lib};
use serde_json::Value;

/// The real binary with `env`'s home, as a std Command (for spawning and signalling).
fn proofctl(env: &Env) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("proofctl"));
    c.current_dir(env.path("")).env("PROOFCTL_HOME", env.home()).env_remove("NO_COLOR");
    c
}

/// Runs `cmd` to the end, killing it after `limit`: a hang fails the test instead of blocking CI.
fn run_with_timeout(mut cmd: Command, limit: Duration) -> Output {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        stdout.read_to_end(&mut b).unwrap();
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        stderr.read_to_end(&mut b).unwrap();
        b
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {limit:?}: hung");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

fn stats(env: &Env) -> Value {
    let out = env.cmd().args(["--json", "index", "stats", "--check"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

const WORDS: [&str; 24] = [
    "river", "stone", "window", "garden", "letter", "morning", "silver", "harbour", "engine",
    "meadow", "lantern", "orchard", "violin", "compass", "thunder", "pepper", "canvas", "ladder",
    "saddle", "marble", "feather", "tunnel", "kettle", "blanket",
];

/// A distinct sentence of ordinary words for every `i`.
fn sentence(i: usize) -> String {
    let mut s = format!("note {i}:");
    let mut x = i.wrapping_mul(2654435761) | 1;
    for _ in 0..12 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push(' ');
        s.push_str(WORDS[x % WORDS.len()]);
    }
    s.push('.');
    s
}

#[test]
fn thousands_of_texts_with_a_model_are_indexed_without_hanging() {
    if runtime_lib().is_none() {
        return;
    }
    let env = Env::new();
    let out =
        env.cmd().args(["model", "add", models().join("tiny").to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let count = 2000;
    for i in 0..count {
        env.write(format!("docs/{:02}/t{i:04}.txt", i % 40), sentence(i));
    }
    let mut cmd = proofctl(&env);
    cmd.args(["--json", "index", "add", "docs"]);
    // Seconds when it works (debug build); before the fix it hung at 0 % CPU past ~560 texts.
    let out = run_with_timeout(cmd, Duration::from_secs(120));
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"].as_u64(), Some(count as u64), "{v}");
    let s = stats(&env);
    assert_eq!(s["entries"].as_u64(), Some(count as u64), "{s}");
    assert_eq!(
        s["embeddings"].as_object().unwrap().values().next().and_then(Value::as_u64),
        Some(count as u64),
        "{s}"
    );
}

/// About `size` bytes of ordinary text: varied sentences, one to a line, as a log or a book.
fn write_big_text(path: &Path, size: usize) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    let mut i = 0;
    while written < size {
        let line = sentence(i) + "\n";
        f.write_all(line.as_bytes()).unwrap();
        written += line.len();
        i += 1;
    }
    f.flush().unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn a_big_text_is_sketched_in_bounded_memory() {
    // Debug builds sketch text slowly (a minute for 50 MB on two busy cores), so the text is
    // smaller than the 50 MB measured once: `index add` peaked at 509 MiB holding all its words,
    // and at 24 MiB (sign: 41 MiB, Argon2 included) streaming them. Memory that grows with the
    // text would pass 160 MiB here.
    const SIZE: usize = 16 << 20;
    const BOUND: u64 = 64 << 20;
    let env = Env::new();
    env.keygen();
    let big = env.path("big.txt");
    write_big_text(&big, SIZE);
    let mut cmd = proofctl(&env);
    cmd.args(["--json", "index", "add", "big.txt"]);
    let (status, rss, err) = common::run_measured(cmd);
    assert!(status.success(), "{err}");
    eprintln!("index add of {SIZE} bytes: max RSS {} KiB", rss >> 10);
    assert!(rss < BOUND, "index add of a {SIZE}-byte text peaked at {} MiB", rss >> 20);
    // Fingerprinted, not only digested.
    let s = stats(&env);
    assert_eq!(s["by_kind"]["text"].as_u64(), Some(1), "{s}");

    // `sign` indexes by default: the same bound holds.
    let mut cmd = proofctl(&env);
    cmd.env("PROOFCTL_PASSPHRASE", common::PASSPHRASE).args(["sign", "--force", "big.txt"]);
    let (status, rss, err) = common::run_measured(cmd);
    assert!(status.success(), "{err}");
    eprintln!("sign of {SIZE} bytes: max RSS {} KiB", rss >> 10);
    assert!(rss < BOUND, "sign of a {SIZE}-byte text peaked at {} MiB", rss >> 20);
    assert!(!err.contains("not indexed"), "{err}");
}

#[cfg(unix)]
#[test]
fn loops_dead_links_and_latin1_texts_are_warnings_and_exclude_leaves_files_out() {
    use std::os::unix::fs::symlink;
    let env = Env::new();
    env.write("h/docs/notes.txt", sentence(1));
    // "café crème brûlée" in Latin-1: not UTF-8, nothing wrong with it.
    env.write("h/docs/latin1.txt", b"caf\xe9 cr\xe8me br\xfbl\xe9e, recette de grand-m\xe8re\n");
    env.write("h/empty.txt", b"");
    env.write("h/node_modules/dep/readme.txt", sentence(2));
    env.write("h/logs/app.log", sentence(3));
    env.write("h/logs/keep.txt", sentence(4));
    symlink(".", env.path("h/docs/loop")).unwrap();
    symlink("nowhere.txt", env.path("h/docs/dead.txt")).unwrap();

    let out = env
        .cmd()
        .args(["--json", "index", "add", "h", "--exclude", "node_modules", "--exclude", "*.log"])
        .output()
        .unwrap();
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0), "{v}");
    let listed = |key: &str, field: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{}: {}", e["path"].as_str().unwrap(), e[field].as_str().unwrap()))
            .collect()
    };
    let skipped = listed("skipped", "message");
    let has = |list: &[String], needle: &str| list.iter().any(|e| e.contains(needle));
    assert!(has(&skipped, "loop: is a link back to"), "{skipped:?}");
    assert!(has(&skipped, "dead.txt: is a link to nothing"), "{skipped:?}");
    assert!(has(&skipped, "empty.txt: is empty"), "{skipped:?}");
    let warnings = listed("warnings", "message");
    assert!(
        has(&warnings, "latin1.txt: is not UTF-8 text, so it is indexed by its digest only"),
        "{warnings:?}"
    );
    // People read the same, one line each, as warnings.
    assert!(text.contains("proofctl: warning: ") && text.contains("latin1.txt"), "{text}");
    assert!(!text.contains("proofctl: error"), "{text}");
    // notes.txt, latin1.txt (by digest) and keep.txt; the excluded folder and log stayed out.
    let s = stats(&env);
    assert_eq!(s["entries"].as_u64(), Some(3), "{s}");
    assert_eq!(
        (s["by_kind"]["text"].as_u64(), s["by_kind"]["other"].as_u64()),
        (Some(2), Some(1)),
        "{s}"
    );
    let found = |t: &str| env.cmd().args(["search", "--text", t]).output().unwrap().status.code();
    assert_eq!(found(&sentence(2)), Some(1), "an excluded folder was indexed");
    assert_eq!(found(&sentence(3)), Some(1), "an excluded file was indexed");
    assert_eq!(found(&sentence(4)), Some(0));

    // Without --exclude they go in; a bad glob is refused before any work.
    let out = env.cmd().args(["--json", "index", "add", "h"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert_eq!(stats(&env)["entries"].as_u64(), Some(5));
    let out = env.cmd().args(["index", "add", "h", "--exclude", "[oops"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--exclude"), "{}", all_output(&out));

    // What cannot be read is still an error (root reads everything, so only for other users).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = env.path("h/locked");
        std::fs::create_dir_all(&locked).unwrap();
        env.write("h/locked/secret.txt", sentence(5));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read_dir(&locked).is_err() {
            let out = env.cmd().args(["index", "add", "h"]).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
            assert!(all_output(&out).contains("--exclude"), "{}", all_output(&out));
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_commits_what_is_done_says_so_and_a_re_run_goes_on() {
    let env = Env::new();
    let count: u64 = 300;
    for i in 0..count as usize {
        // Some 64 KiB of words each: seconds of work in all, in many batches.
        let body: String = (0..500).map(|k| sentence(i * 1000 + k) + "\n").collect();
        env.write(format!("tree/{:02}/doc{i:03}.txt", i % 17), body);
    }
    let mut child = proofctl(&env)
        .args(["index", "add", "tree"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).unwrap();
        s
    });
    // Interrupt once part of the work is committed.
    let db = env.home().join("index.sqlite");
    let started = Instant::now();
    loop {
        assert!(child.try_wait().unwrap().is_none(), "finished before it could be interrupted");
        assert!(started.elapsed() < Duration::from_secs(120), "nothing committed in 2 minutes");
        if db.exists() {
            let out = env.cmd().args(["--json", "index", "stats"]).output().unwrap();
            if serde_json::from_slice::<Value>(&out.stdout)
                .is_ok_and(|v| v["entries"].as_u64().unwrap_or(0) > 0)
            {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: signalling our own child, which has not been waited for yet.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) }, 0);
    let status = child.wait().unwrap();
    let err = err.join().unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("proofctl: interrupted: "))
        .unwrap_or_else(|| panic!("no interrupted line in {err:?}"));
    assert!(
        line.ends_with("files indexed and saved; run the same command again to index the rest"),
        "{line}"
    );
    let said: u64 =
        line["proofctl: interrupted: ".len()..].split(' ').next().unwrap().parse().unwrap();
    let s = stats(&env);
    assert_eq!(s["check"]["ok"], true, "{s}");
    assert_eq!(s["entries"].as_u64(), Some(said), "the line and the index disagree: {line}");
    assert!(said > 0 && said < count, "{line}");

    // The next run skips what was saved and does the rest.
    let out = env.cmd().args(["--json", "index", "add", "tree"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["unchanged"].as_u64(), v["added"].as_u64()),
        (Some(said), Some(count - said)),
        "{v}"
    );
    assert_eq!(v["interrupted"], false);
}
