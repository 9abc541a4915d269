//! End-to-end tests of `proofctl sync` against a real `proofctl serve` process on loopback:
//! two members sharing proofs, a server killed mid-push, a server that is down.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::db::{Db, Kind, on_both_databases};
use common::server::{Server, member};
use common::{Env, all_output};
use serde_json::Value;

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(o)))
}

fn sync(env: &Env, server: &Server, extra: &[&str]) -> std::process::Output {
    env.cmd().args(["sync", "--server", &server.url, "--json"]).args(extra).output().unwrap()
}

/// The --trust-dir where `sync` saved the server's published keys.
fn published_keys(env: &Env, server: &Server) -> PathBuf {
    env.home().join("sync").join(format!("127.0.0.1_{}", server.port())).join("keys")
}

on_both_databases!(
    two_members_share_proofs_then_verify_and_search_each_others,
    a_server_killed_mid_push_loses_and_duplicates_nothing,
    a_key_the_server_does_not_know_is_refused_with_the_fix,
);

fn two_members_share_proofs_then_verify_and_search_each_others(db: &Db) {
    let (alice, bob) = (Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    let bob_pub = member(&bob, "bob");
    let server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub, &bob_pub], &[]);

    let text = "The quarterly report shows revenue grew by twelve percent while costs stayed flat \
                across all regions, driven by strong demand for the new product line.";
    alice.write("report.txt", text);
    alice.cmd().args(["sign", "report.txt", "-q"]).assert().success();
    bob.write("notes.md", "# Notes\n\nBob's meeting notes about the launch plan and its risks.\n");
    bob.cmd().args(["sign", "notes.md", "-q"]).assert().success();

    let a = sync(&alice, &server, &[]);
    assert_eq!(a.status.code(), Some(0), "{}", all_output(&a));
    let a = json(&a);
    assert_eq!(a["pushed"], 1, "{a}");
    assert_eq!(a["pulled_own"], 1, "her own proof comes back and is skipped: {a}");
    assert_eq!(a["pulled_added"], 0, "{a}");
    let b = sync(&bob, &server, &[]);
    assert_eq!(b.status.code(), Some(0), "{}", all_output(&b));
    let b = json(&b);
    assert_eq!(b["pushed"], 1, "{b}");
    assert_eq!(b["pulled_added"], 1, "bob gets alice's proof: {b}");
    assert_eq!(b["published_keys"], 2, "{b}");
    let a = json(&sync(&alice, &server, &[]));
    assert_eq!(a["pushed"], 0, "nothing new to push: {a}");
    assert_eq!(a["already_pushed"], 1, "{a}");
    assert_eq!(a["pulled_added"], 1, "alice gets bob's proof: {a}");
    assert_eq!(a["pulled_own"], 0, "the cursor moved past her own: {a}");
    assert_eq!(server.items(), 2);

    // Bob receives alice's file by mail, without its proof, under another name.
    let copy = bob.write("from-alice.txt", text);
    let trust = published_keys(&bob, &server);
    let v = bob
        .cmd()
        .args(["verify", "--indexed", "--json"])
        .arg(&copy)
        .arg("--trust-dir")
        .arg(&trust)
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    let v = json(&v);
    let r = &v["results"][0];
    assert_eq!(r["status"], "valid", "{v}");
    assert_eq!(r["signer"]["kid"].as_str().unwrap().len(), 43);
    assert!(r["signer"]["name"].as_str().unwrap().starts_with("alice"), "{v}");
    // Published is not trusted: without the folder, bob's own trust store does not know alice.
    let v = bob.cmd().args(["verify", "--indexed"]).arg(&copy).output().unwrap();
    assert_eq!(v.status.code(), Some(1), "{}", all_output(&v));
    assert!(all_output(&v).contains("untrusted"), "{}", all_output(&v));
    // Bob signs the same bytes too: a trusted proof answers for the file, whatever untrusted
    // proofs of the same bytes the index holds (anyone can sign bytes they know).
    bob.cmd().args(["sign", "-q", "--out", "own.proof"]).arg(&copy).assert().success();
    let v = bob.cmd().args(["verify", "--indexed", "--json"]).arg(&copy).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    let v = json(&v);
    assert_eq!(v["results"].as_array().unwrap().len(), 1, "{v}");
    assert!(v["results"][0]["signer"]["name"].as_str().unwrap().starts_with("bob"), "{v}");
    // Changed bytes have no proof, from anyone.
    let changed = bob.write("changed.txt", format!("{text}!"));
    let v = bob.cmd().args(["verify", "--indexed"]).arg(&changed).output().unwrap();
    assert_eq!(v.status.code(), Some(2), "{}", all_output(&v));
    assert!(all_output(&v).contains("no proof"), "{}", all_output(&v));

    // Search finds the pulled entry, exactly and by its fingerprint, with its signer.
    let s = bob.cmd().args(["search", "--json"]).arg(&copy).output().unwrap();
    assert_eq!(s.status.code(), Some(0), "{}", all_output(&s));
    let s = json(&s);
    let hit = s["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["path"].as_str().unwrap().starts_with("sync://"))
        .unwrap_or_else(|| panic!("no pulled entry among {s}"));
    assert_eq!(hit["signal"], "exact", "{s}");
    assert!(hit["path"].as_str().unwrap().ends_with("/report.txt"), "{s}");
    let reworded = text.replace("twelve percent", "12 percent").replace("flat", "flat,");
    let s = bob.cmd().args(["search", "--json", "--text", &reworded]).output().unwrap();
    let s = json(&s);
    assert!(
        s["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["signal"] == "text" && m["path"].as_str().unwrap().ends_with("/report.txt")),
        "{s}"
    );

    // Pulled entries are not files here: `index remove --missing` keeps them.
    std::fs::remove_file(bob.path("notes.md")).unwrap();
    let r = bob.cmd().args(["index", "remove", "--missing", "--json"]).output().unwrap();
    assert_eq!(r.status.code(), Some(0), "{}", all_output(&r));
    let removed = json(&r)["removed"].clone();
    assert_eq!(removed.as_array().unwrap().len(), 1, "{removed}");
    assert!(removed[0].as_str().unwrap().ends_with("notes.md"), "{removed}");
    let s = json(&bob.cmd().args(["search", "--json"]).arg(&copy).output().unwrap());
    assert!(!s["matches"].as_array().unwrap().is_empty(), "{s}");
}

fn a_server_killed_mid_push_loses_and_duplicates_nothing(db: &Db) {
    let alice = Env::new();
    let alice_pub = member(&alice, "alice");
    let n = 1500;
    let mut files = Vec::new();
    for i in 0..n {
        files.push(
            alice
                .write(format!("docs/{i:04}.txt"), format!("document number {i}\n"))
                .to_string_lossy()
                .into_owned(),
        );
    }
    alice.cmd().arg("sign").args(&files).arg("-q").assert().success();

    let db = db.url.as_str();
    // One request a second (bursts of 2) keeps the 3 pages of the push slow enough to kill
    // the server between them.
    let mut server = Server::start(db, "127.0.0.1:0", &[&alice_pub], &["--rate", "1"]);
    let listen = format!("127.0.0.1:{}", server.port());
    let push = alice
        .cmd_std()
        .args(["sync", "--server", &server.url, "--push-only", "--retries", "2", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.items() == 0 {
        assert!(started.elapsed() < Duration::from_secs(60), "nothing was pushed in 60 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill();
    let out = push.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no answer after 2 attempt"), "{err}");
    assert!(err.contains("nothing local was lost"), "{err}");

    // The same port and database: the re-run pushes only what was not acknowledged.
    let server = Server::start(db, &listen, &[], &[]);
    let stored_before = server.items();
    assert!(stored_before > 0 && stored_before < n, "{stored_before}");
    let again = sync(&alice, &server, &["--push-only"]);
    assert_eq!(again.status.code(), Some(0), "{}", all_output(&again));
    let again = json(&again);
    let pushed = again["pushed"].as_i64().unwrap();
    let dup = again["pushed_duplicates"].as_i64().unwrap();
    let before = again["already_pushed"].as_i64().unwrap();
    assert_eq!(pushed + dup + before, n, "{again}");
    assert_eq!(server.items(), n, "every proof stored exactly once");

    // A second member pulls every one of them, once.
    let bob = Env::new();
    let bob_pub = member(&bob, "bob");
    drop(server);
    let server = Server::start(db, &listen, &[&bob_pub], &[]);
    let b = sync(&bob, &server, &["--pull-only"]);
    assert_eq!(b.status.code(), Some(0), "{}", all_output(&b));
    let b = json(&b);
    assert_eq!(b["pulled_added"], n, "{b}");
    let b = json(&sync(&bob, &server, &["--pull-only"]));
    assert_eq!(b["pulled_added"], 0, "a second pull finds nothing new: {b}");
    assert_eq!(b["pulled_updated"], 0, "{b}");
}

#[test]
fn an_unreachable_server_is_one_clear_line_and_changes_nothing() {
    let alice = Env::new();
    member(&alice, "alice");
    alice.write("a.txt", "hello");
    alice.cmd().args(["sign", "a.txt", "-q"]).assert().success();
    let index = alice.home().join("index.sqlite");
    let before = std::fs::read(&index).unwrap();
    // A port nobody listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = alice
        .cmd()
        .args(["sync", "--server", &format!("http://127.0.0.1:{port}"), "--retries", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&format!("127.0.0.1:{port}")) && err.contains("no answer"), "{err}");
    assert_eq!(std::fs::read(&index).unwrap(), before, "the index is untouched");
    assert!(
        !std::fs::read_to_string(alice.home().join("config.toml"))
            .unwrap_or_default()
            .contains("sync_server"),
        "a server that never answered is not remembered"
    );
}

fn a_key_the_server_does_not_know_is_refused_with_the_fix(db: &Db) {
    let (alice, mallory) = (Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    member(&mallory, "mallory");
    let server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub], &[]);
    let out = mallory.cmd().args(["sync", "--server", &server.url]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("proofctl serve members add"), "{err}");
    assert!(err.contains("proofctl key show"), "{err}");
    assert_eq!(server.items(), 0);
}

trait StdCommand {
    /// The same command as `Env::cmd`, as a std `Command` (to spawn and wait).
    fn cmd_std(&self) -> Command;
}

impl StdCommand for Env {
    fn cmd_std(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_proofctl"));
        c.current_dir(self.dir.path())
            .env("PROOFCTL_HOME", self.home())
            .env("PROOFCTL_PASSPHRASE", common::PASSPHRASE)
            .stdin(Stdio::null());
        c
    }
}

// ---------------------------------------------------------------------------------------------
// A server that always says more items follow.

/// What the misbehaving server does.
#[derive(Clone, Copy, PartialEq)]
enum Misbehave {
    /// Every page holds one fresh item and says more follow.
    Fresh,
    /// Every page is empty and says more follow.
    Empty,
    /// Sign-in is refused with a message full of terminal controls.
    Hostile,
}

/// A misbehaving sync server on a real loopback socket (std only): it signs anyone in and
/// answers every page with `more: true`. After 200 pages it gives in (`more: false`), so that
/// a client without a bound still ends; `pages` counts the pages asked for.
struct Endless {
    url: String,
    pages: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Endless {
    fn start(mode: Misbehave) -> Endless {
        use std::io::{Read, Write};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let pages = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let key = proofctl::keys::generate();
        let digest = proofctl::proof::hash_reader(&b"endless"[..], None).unwrap();
        let proof = proofctl::proof::ProofBody::new(
            "endless.txt",
            &digest,
            &key.verifying_key(),
            std::time::SystemTime::now(),
            Default::default(),
        )
        .unwrap()
        .sign(&key);
        let id = proofctl::sync::protocol::proof_id(&proof);
        let proof = serde_json::to_value(&proof).unwrap();
        let counter = pages.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = String::new();
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if head.is_empty() {
                        head = line;
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let path = head.split(' ').nth(1).unwrap_or("").to_string();
                let mut status = "200 OK";
                let answer = if mode == Misbehave::Hostile {
                    status = "403 Forbidden";
                    let message = "no\u{1b}[2K\rOK: signed in \u{202e}gnp.exe";
                    serde_json::json!({ "error": { "code": "forbidden", "message": message } })
                } else if path.starts_with("/v1/database") {
                    // As a server from before database ids answers: not found.
                    status = "404 Not Found";
                    serde_json::json!({ "error": { "code": "not_found", "message": "no such path" } })
                } else if path.starts_with("/v1/auth/challenge") {
                    serde_json::json!({ "challenge": "A".repeat(43), "expires_at": 4_000_000_000u64 })
                } else if path.starts_with("/v1/auth/token") {
                    serde_json::json!({ "token": "t", "expires_at": 4_000_000_000u64 })
                } else if path.starts_with("/v1/items") {
                    let n = counter.fetch_add(1, Ordering::SeqCst) as i64;
                    let after: i64 = path
                        .split("after=")
                        .nth(1)
                        .and_then(|v| v.split('&').next())
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let items = if mode == Misbehave::Fresh {
                        vec![serde_json::json!({
                            "seq": after + 1, "id": id, "pushed_by": "x", "pushed_at": 0,
                            "proof": proof,
                        })]
                    } else {
                        vec![]
                    };
                    let next = after + items.len() as i64;
                    serde_json::json!({ "items": items, "next": next, "more": n < 200 })
                } else if path.starts_with("/v1/keys") {
                    serde_json::json!({ "keys": [] })
                } else if path.starts_with("/v1/revocations") {
                    serde_json::json!({ "lists": [] })
                } else if path.starts_with("/v1/rotations") {
                    serde_json::json!({ "statements": [] })
                } else {
                    serde_json::json!({ "results": [] })
                };
                let body = answer.to_string();
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Endless { url, pages }
    }

    fn pages(&self) -> usize {
        self.pages.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[test]
fn a_server_that_always_says_more_is_pulled_a_bounded_number_of_pages() {
    let env = Env::new();
    member(&env, "me");
    let server = Endless::start(Misbehave::Fresh);
    let o = env
        .cmd()
        .args(["sync", "--pull-only", "--max-pages", "5", "--json", "--server", &server.url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(server.pages(), 5);
    let report = json(&o);
    assert_eq!(report["pulled_pages"], 5, "{report}");
    assert_eq!(report["pull_stopped"]["reason"], "page_cap", "{report}");
    assert_eq!(report["pull_stopped"]["pages"], 5, "{report}");
    assert_eq!(report["cursor"], 5, "what was pulled is kept: {report}");
    assert_eq!(report["database_id"], Value::Null, "a server without a database id: {report}");
    let err = String::from_utf8_lossy(&o.stderr);
    let said: Vec<&str> = err.lines().filter(|l| l.contains("stopped pulling")).collect();
    assert_eq!(said.len(), 1, "{err}");
    assert!(said[0].contains("after 5 pages") && said[0].contains("run `proofctl sync` again"));
    // The next run goes on from there, and the default bound holds too.
    let o = env
        .cmd()
        .args(["sync", "--pull-only", "--max-pages", "3", "--server", &server.url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(server.pages(), 8);
    assert!(all_output(&o).contains("stopped pulling after 3 pages"), "{}", all_output(&o));
}

#[test]
fn a_server_that_says_more_but_sends_nothing_is_asked_once() {
    let env = Env::new();
    member(&env, "me");
    let server = Endless::start(Misbehave::Empty);
    let o = env.cmd().args(["sync", "--pull-only", "--server", &server.url]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(server.pages(), 1);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("says more items follow item 0 but sent none; stopped pulling"), "{err}");
}

#[test]
fn server_text_reaches_the_terminal_escaped() {
    let env = Env::new();
    member(&env, "me");
    let server = Endless::start(Misbehave::Hostile);
    let o = env.cmd().args(["sync", "--server", &server.url]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\u{1b}') && !err.contains('\r') && !err.contains('\u{202e}'), "{err:?}");
    assert!(err.contains("no\\e[2K\\rOK: signed in \\u{202e}gnp.exe"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
