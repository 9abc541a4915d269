//! End-to-end tests of the sync protocol's edge cases (docs/sync-protocol.md), with real
//! `proofctl serve` processes on loopback and real `proofctl sync` runs: a server whose
//! database is replaced or restored behind the same URL, items refused on pull, two servers on
//! one host:port under different paths, and a local disk error while storing what was pulled.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::db::{Db, Kind, pg_execute, with_database};
use common::server::{Server, member};
use common::{Env, all_output};
use serde_json::Value;

/// The report of a `sync --json` run, checked against the strict schema, and the run.
fn sync_json(env: &Env, url: &str, extra: &[&str]) -> (Value, std::process::Output) {
    let o = env.cmd().args(["sync", "--server", url, "--json"]).args(extra).output().unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(&o)));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/json/sync.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{doc:#}");
    (doc, o)
}

/// `sync_json` that must exit 0.
fn sync_ok(env: &Env, url: &str) -> Value {
    let (doc, o) = sync_json(env, url, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    doc
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Each scenario that changes the server's store runs on SQLite and on PostgreSQL; unlike
/// `common::db::on_both_databases!`, the scenario makes its own databases from the kind.
macro_rules! on_both_kinds {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(super::Kind::Sqlite);
            }

            #[test]
            fn postgres() {
                // Says why and passes when PostgreSQL is not configured (and not required).
                if super::Db::new(super::Kind::Postgres).is_some() {
                    super::$name(super::Kind::Postgres);
                }
            }
        }
    )*};
}

on_both_kinds!(a_database_replaced_or_restored_behind_the_same_url_loses_nothing);

/// A copy of `db` as it is now (the server using it must be stopped): what an operator's backup
/// is. SQLite: `VACUUM INTO` (the WAL included); PostgreSQL: a database made from it as template.
fn backup(db: &Db) -> Db {
    let dir = tempfile::tempdir().unwrap();
    match &db.postgres {
        None => {
            let target = dir.path().join("copy.sqlite");
            let conn = rusqlite::Connection::open(&db.url).unwrap();
            conn.execute("VACUUM INTO ?1", [target.to_str().unwrap()]).unwrap();
            Db { url: target.to_str().unwrap().to_string(), dir, postgres: None }
        }
        Some((admin, name)) => {
            let copy_name = format!("{name}_copy");
            // The killed server's connections end a moment after it.
            let mut tries = 0;
            loop {
                let sql = format!("CREATE DATABASE {copy_name} TEMPLATE {name}");
                let made = std::panic::catch_unwind(|| pg_execute(admin, &sql));
                if made.is_ok() {
                    break;
                }
                tries += 1;
                assert!(tries < 50, "cannot copy the database");
                std::thread::sleep(Duration::from_millis(200));
            }
            let url = with_database(admin, &copy_name);
            Db { url, dir, postgres: Some((admin.clone(), copy_name)) }
        }
    }
}

fn a_database_replaced_or_restored_behind_the_same_url_loses_nothing(kind: Kind) {
    let db = Db::new(kind).unwrap();
    let (alice, bob) = (Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    let bob_pub = member(&bob, "bob");
    alice.write("a.txt", "alice's report, first draft\n");
    alice.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    bob.write("b.txt", "bob's notes on the launch\n");
    bob.cmd().args(["sign", "-q", "b.txt"]).assert().success();

    let mut server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub, &bob_pub], &["--quiet"]);
    let url = server.url.clone();
    let listen = server.listen();
    let first_id = server.database_id();
    assert_eq!(first_id.len(), 32, "{first_id}");
    let a = sync_ok(&alice, &url);
    assert_eq!(
        (a["pushed"].clone(), a["database_id"].clone()),
        (1.into(), first_id.clone().into())
    );
    assert_eq!(a["database_reset"], Value::Null, "{a}");
    // The operator's backup, holding alice's proof only.
    server.kill();
    let old_copy = backup(&db);
    let mut server = Server::start(&db.url, &listen, &[], &["--quiet"]);
    assert_eq!(server.database_id(), first_id, "the id is kept in the database");
    let b = sync_ok(&bob, &url);
    assert_eq!((b["pushed"].clone(), b["pulled_added"].clone()), (1.into(), 1.into()), "{b}");
    let a = sync_ok(&alice, &url);
    assert_eq!((a["pulled_added"].clone(), a["cursor"].clone()), (1.into(), 2.into()), "{a}");

    // Restored from the older copy: the same id, but items this home pulled are gone.
    server.kill();
    let mut server = Server::start(&old_copy.url, &listen, &[], &["--quiet"]);
    assert_eq!(server.database_id(), first_id);
    assert_eq!(server.items(), 1);
    // Alice, in text mode: one line says it; her proof (which the copy has) is a duplicate.
    let o = alice.cmd().args(["sync", "--server", &url]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let err = stderr(&o);
    let said: Vec<&str> = err.lines().filter(|l| l.contains("pulling from the start")).collect();
    assert_eq!(said.len(), 1, "{err}");
    assert!(said[0].contains("older copy"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("(1 the server had"), "{}", all_output(&o));
    let (b, o) = sync_json(&bob, &url, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(b["database_reset"]["reason"], "rolled_back", "{b}");
    assert_eq!(
        (b["database_reset"]["cursor"].clone(), b["database_reset"]["last_seq"].clone()),
        (2.into(), 1.into())
    );
    assert_eq!(b["pushed"], 1, "bob's proof, which the copy lacks, is pushed again: {b}");
    assert_eq!(b["already_pushed"], 0, "{b}");
    assert_eq!(stderr(&o).lines().filter(|l| l.contains("older copy")).count(), 1);
    assert_eq!(server.items(), 2, "nothing is lost");
    let a = sync_ok(&alice, &url);
    assert_eq!(a["database_reset"], Value::Null, "once is enough: {a}");
    assert_eq!((a["already_pushed"].clone(), a["pulled_added"].clone()), (1.into(), 0.into()));

    // Replaced by a fresh database behind the same URL: another id.
    server.kill();
    let fresh = Db::new(kind).unwrap();
    let server = Server::start(&fresh.url, &listen, &[&alice_pub, &bob_pub], &["--quiet"]);
    let new_id = server.database_id();
    assert_ne!(new_id, first_id);
    let (a, o) = sync_json(&alice, &url, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(a["database_reset"]["reason"], "replaced", "{a}");
    assert_eq!(
        (a["database_reset"]["was"].clone(), a["database_reset"]["now"].clone()),
        (first_id.clone().into(), new_id.clone().into())
    );
    assert_eq!(
        (a["pushed"].clone(), a["database_id"].clone()),
        (1.into(), new_id.clone().into()),
        "{a}"
    );
    assert_eq!(
        stderr(&o).lines().filter(|l| l.contains("is another one")).count(),
        1,
        "{}",
        stderr(&o)
    );
    let b = sync_ok(&bob, &url);
    assert_eq!(b["database_reset"]["reason"], "replaced", "{b}");
    assert_eq!(b["pushed"], 1, "{b}");
    assert_eq!(b["pulled_added"], 0, "alice's proof was pulled before; the entry is kept: {b}");
    assert_eq!(server.items(), 2, "the new server has every proof");
    // Both know the new database now.
    assert_eq!(sync_ok(&alice, &url)["database_reset"], Value::Null);
    assert_eq!(sync_ok(&bob, &url)["database_reset"], Value::Null);
}

/// An index from before database ids (the column NULL) adopts the server's id without starting
/// over: it cannot tell, and the server is most likely the same.
#[test]
fn an_index_from_before_database_ids_adopts_the_id_and_keeps_its_state() {
    let db = Db::new(Kind::Sqlite).unwrap();
    let alice = Env::new();
    let alice_pub = member(&alice, "alice");
    alice.write("a.txt", "a proof made before the upgrade\n");
    alice.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    let server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub], &["--quiet"]);
    assert_eq!(sync_ok(&alice, &server.url)["pushed"], 1);
    let index = rusqlite::Connection::open(alice.home().join("index.sqlite")).unwrap();
    index.execute("UPDATE sync_servers SET database_id = NULL", []).unwrap();
    drop(index);
    let a = sync_ok(&alice, &server.url);
    assert_eq!(a["database_reset"], Value::Null, "{a}");
    assert_eq!((a["already_pushed"].clone(), a["pushed"].clone()), (1.into(), 0.into()), "{a}");
    assert_eq!(a["database_id"], Value::from(server.database_id()));
}

/// An item the server stores but this home cannot take (here: a proof changed in the server's
/// database after it was checked, so its signature fails) is reported once, recorded in the
/// index, and counted on later runs, not pulled again.
#[test]
fn items_refused_on_pull_are_recorded_and_reported() {
    let db = Db::new(Kind::Sqlite).unwrap();
    let (alice, bob) = (Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    let bob_pub = member(&bob, "bob");
    alice.write("good.txt", "a proof that checks out\n");
    alice.write("forged.txt", "a proof someone will tamper with\n");
    alice.cmd().args(["sign", "-q", "good.txt", "forged.txt"]).assert().success();
    let server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub, &bob_pub], &["--quiet"]);
    assert_eq!(sync_ok(&alice, &server.url)["pushed"], 2);
    let conn = rusqlite::Connection::open(&db.url).unwrap();
    let (seq, id): (i64, String) = conn
        .query_row("SELECT seq, id FROM items WHERE proof LIKE '%forged.txt%'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let changed = conn
        .execute("UPDATE items SET proof = replace(proof, 'forged.txt', 'invoice.txt')", [])
        .unwrap();
    assert_eq!(changed, 2);
    drop(conn);

    // Text: one line for the refused item, and exit 1.
    let o = bob.cmd().args(["sync", "--server", &server.url]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("not taken")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains(&id) && lines[0].contains("does not verify"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 refused"), "{}", all_output(&o));
    let index = rusqlite::Connection::open(bob.home().join("index.sqlite")).unwrap();
    let recorded: Vec<(i64, String)> = index
        .prepare("SELECT seq, proof_id FROM sync_refused")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(recorded, vec![(seq, id.clone())]);
    let pulled: i64 = index
        .query_row("SELECT count(*) FROM entries WHERE path LIKE 'sync://%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pulled, 1, "the good one is taken");
    drop(index);

    // Later runs: not pulled again, but still said, as a count; nothing new refused, exit 0.
    let (b, o) = sync_json(&bob, &server.url, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(b["pull_refused"], serde_json::json!([]), "{b}");
    assert_eq!(b["pull_refused_earlier"], 1, "{b}");
    let o = bob.cmd().args(["sync", "--server", &server.url]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert!(
        stderr(&o).contains("1 item(s) refused on earlier pulls stay refused"),
        "{}",
        stderr(&o)
    );

    // --json, for a member pulling for the first time.
    let carol = Env::new();
    member(&carol, "carol");
    let carol_pub = carol.home().join("keys/carol.pub");
    proofctl_members_add(&db.url, &carol_pub);
    let (c, o) = sync_json(&carol, &server.url, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert_eq!(c["pull_refused"].as_array().unwrap().len(), 1, "{c}");
    assert_eq!(c["pull_refused"][0]["item"], Value::from(id), "{c}");
    assert_eq!(c["pull_refused_earlier"], 0, "{c}");
}

fn proofctl_members_add(db: &str, key: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_proofctl"))
        .args(["serve", "members", "add", "--db", db])
        .arg(key)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
}

// ---------------------------------------------------------------------------------------------
// Two servers on one host:port under different paths.

/// Where a proxied request goes: the backend's URL and how many bytes of the path to strip.
type Route = dyn Fn(&str) -> Option<(String, usize)> + Send + Sync;

/// A reverse proxy on one loopback port, as a web server in front of sync servers: `route`
/// picks the backend of each request (e.g. `/a/...` to one server and `/b/...` to another,
/// stripping the prefix). One request per connection (it answers `Connection: close`), which
/// reqwest handles by reconnecting.
struct PathProxy {
    url: String,
}

impl PathProxy {
    /// Routes `/PREFIX/...` to the server of that prefix.
    fn by_prefix(routes: Vec<(&'static str, String)>) -> PathProxy {
        PathProxy::start(std::sync::Arc::new(move |target: &str| {
            let (prefix, backend) =
                routes.iter().find(|(p, _)| target.starts_with(&format!("{p}/")))?;
            Some((backend.clone(), prefix.len()))
        }))
    }

    fn start(route: std::sync::Arc<Route>) -> PathProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let route = route.clone();
                std::thread::spawn(move || {
                    let _ = PathProxy::relay(stream, &*route);
                });
            }
        });
        PathProxy { url }
    }

    fn relay(client: TcpStream, route: &Route) -> std::io::Result<()> {
        let mut reader = BufReader::new(client.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if !lower.starts_with("connection:") && !lower.starts_with("host:") {
                headers.push(line);
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let mut parts = request_line.splitn(3, ' ');
        let (method, target, version) =
            (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let mut client = client;
        let Some((backend, strip)) = route(target) else {
            let _ = write!(
                client,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            return Ok(());
        };
        let host = backend.trim_start_matches("http://");
        let mut upstream = TcpStream::connect(host)?;
        write!(upstream, "{method} {} {version}", &target[strip..])?;
        write!(upstream, "Host: {host}\r\nConnection: close\r\n")?;
        for h in headers {
            upstream.write_all(h.as_bytes())?;
        }
        upstream.write_all(b"\r\n")?;
        upstream.write_all(&body)?;
        let mut answer = Vec::new();
        upstream.read_to_end(&mut answer)?;
        client.write_all(&answer)?;
        client.shutdown(std::net::Shutdown::Both)
    }
}

#[test]
fn two_servers_on_one_host_port_under_different_paths_keep_apart() {
    let (db_a, db_b) = (Db::new(Kind::Sqlite).unwrap(), Db::new(Kind::Sqlite).unwrap());
    let (alice, bob, carol) = (Env::new(), Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    let bob_pub = member(&bob, "bob");
    let carol_pub = member(&carol, "carol");
    // Team A: alice and bob. Team B: alice, bob and carol.
    let a = Server::start(&db_a.url, "127.0.0.1:0", &[&alice_pub, &bob_pub], &["--quiet"]);
    let b =
        Server::start(&db_b.url, "127.0.0.1:0", &[&alice_pub, &bob_pub, &carol_pub], &["--quiet"]);
    let proxy = PathProxy::by_prefix(vec![("/a", a.url.clone()), ("/b", b.url.clone())]);
    let (url_a, url_b) = (format!("{}/a", proxy.url), format!("{}/b", proxy.url));

    alice.write("a.txt", "alice's file, shared with both teams\n");
    alice.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    bob.write("b.txt", "bob's file, shared with both teams\n");
    bob.cmd().args(["sign", "-q", "b.txt"]).assert().success();
    for url in [&url_a, &url_b] {
        assert_eq!(sync_ok(&bob, url)["pushed"], 1);
    }
    // Alice: each server has its own acknowledgements, cursor and keys.
    let ra = sync_ok(&alice, &url_a);
    assert_eq!((ra["pushed"].clone(), ra["pulled_added"].clone()), (1.into(), 1.into()), "{ra}");
    assert_eq!(ra["published_keys"], 2, "{ra}");
    let rb = sync_ok(&alice, &url_b);
    assert_eq!(rb["pushed"], 1, "server B never had alice's proof: {rb}");
    assert_eq!(rb["already_pushed"], 0, "{rb}");
    assert_eq!(rb["pulled_added"], 1, "bob's proof, pulled from B too: {rb}");
    assert_eq!(rb["published_keys"], 3, "{rb}");
    assert_eq!(a.items(), 2);
    assert_eq!(b.items(), 2);

    // Keys: one folder per server; syncing B did not prune A's.
    let dir_a = PathBuf::from(ra["keys_dir"].as_str().unwrap());
    let dir_b = PathBuf::from(rb["keys_dir"].as_str().unwrap());
    assert_ne!(dir_a, dir_b);
    let count = |d: &Path| std::fs::read_dir(d).unwrap().count();
    assert_eq!((count(&dir_a), count(&dir_b)), (2, 3));
    assert!(sync_ok(&alice, &url_a)["published_keys"] == 2 && count(&dir_b) == 3);

    // Pulled entries: one per server, under the server's path, not one shared by both.
    let index = rusqlite::Connection::open(alice.home().join("index.sqlite")).unwrap();
    let paths: Vec<String> = index
        .prepare("SELECT path FROM entries WHERE path LIKE 'sync://%' ORDER BY path")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let host = proxy.url.trim_start_matches("http://");
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].starts_with(&format!("sync://{host}/a/")), "{paths:?}");
    assert!(paths[1].starts_with(&format!("sync://{host}/b/")), "{paths:?}");
    assert!(paths.iter().all(|p| p.ends_with("/b.txt")), "{paths:?}");
    let servers: Vec<(String, i64)> = index
        .prepare("SELECT server, pulled_after FROM sync_servers ORDER BY server")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(servers, vec![(url_a.clone(), 2), (url_b.clone(), 2)]);
}

// ---------------------------------------------------------------------------------------------
// Local disk errors while storing what was pulled.

#[test]
fn a_local_write_failure_on_pull_names_the_file_and_does_not_blame_the_server() {
    let db = Db::new(Kind::Sqlite).unwrap();
    let (alice, bob) = (Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    let bob_pub = member(&bob, "bob");
    // Alice revokes a licence id: her revocation list travels through the server.
    alice
        .cmd()
        .args(["license", "revoke", "0123456789abcdef0123456789abcdef", "--key", "alice", "-q"])
        .assert()
        .success();
    let server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub, &bob_pub], &["--quiet"]);
    let a = sync_ok(&alice, &server.url);
    assert_eq!(a["revocations_pushed"], 1, "{a}");
    let b = sync_ok(&bob, &server.url);
    assert_eq!(b["revocations_stored"], 1, "{b}");

    // Bob's stored copy of the list is a directory now: reading it fails here.
    let revocations = bob.home().join("revocations");
    let stored: Vec<PathBuf> = std::fs::read_dir(&revocations)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jwt"))
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    std::fs::remove_file(&stored[0]).unwrap();
    std::fs::create_dir(&stored[0]).unwrap();
    let o = bob.cmd().args(["sync", "--server", &server.url]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&stored[0].display().to_string()), "names the file: {err}");
    assert!(err.contains("cannot store the revocation lists pulled from"), "{err}");
    assert!(err.contains("not the server's"), "{err}");
    assert!(!err.contains("is this a proofctl sync server"), "{err}");
    let (doc, o) = json_error(&bob, &server.url);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(doc["error"]["code"], "io", "{doc}");
    std::fs::remove_dir(&stored[0]).unwrap();

    // The folder of published keys is a file: creating it fails here.
    let keys_dir = PathBuf::from(b["keys_dir"].as_str().unwrap());
    std::fs::remove_dir_all(&keys_dir).unwrap();
    std::fs::write(&keys_dir, "in the way").unwrap();
    let o = bob.cmd().args(["sync", "--server", &server.url]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&keys_dir.display().to_string()), "names the folder: {err}");
    assert!(err.contains("cannot store the published keys pulled from"), "{err}");
}

fn json_error(env: &Env, url: &str) -> (Value, std::process::Output) {
    let o = env.cmd().args(["sync", "--server", url, "--json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(&o)));
    (doc, o)
}

/// A load balancer that fails over to another database in the middle of a run (here: right
/// after the run checked the database): the run stops with one line rather than mixing the two,
/// and the next run starts over with the new one.
#[test]
fn a_database_that_changes_during_a_run_stops_it_and_the_next_run_starts_over() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let (db_a, db_b) = (Db::new(Kind::Sqlite).unwrap(), Db::new(Kind::Sqlite).unwrap());
    let alice = Env::new();
    let alice_pub = member(&alice, "alice");
    alice.write("a.txt", "pushed twice, to two databases\n");
    alice.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    let a = Server::start(&db_a.url, "127.0.0.1:0", &[&alice_pub], &["--quiet"]);
    let b = Server::start(&db_b.url, "127.0.0.1:0", &[&alice_pub], &["--quiet"]);
    let failed_over = std::sync::Arc::new(AtomicBool::new(false));
    let (url_a, url_b, flag) = (a.url.clone(), b.url.clone(), failed_over.clone());
    let proxy = PathProxy::start(std::sync::Arc::new(move |target: &str| {
        let backend = if flag.load(Ordering::SeqCst) { &url_b } else { &url_a };
        if target.starts_with("/v1/database") {
            flag.store(true, Ordering::SeqCst);
        }
        Some((backend.clone(), 0))
    }));
    let o = alice.cmd().args(["sync", "--server", &proxy.url]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("its database changed during this run"), "{err}");
    assert!(failed_over.load(Ordering::SeqCst));
    // Behind the proxy now: B alone. The next run notices and starts over.
    let r = sync_ok(&alice, &proxy.url);
    assert_eq!(r["database_reset"]["reason"], "replaced", "{r}");
    assert_eq!(r["database_id"], Value::from(b.database_id()), "{r}");
    assert_eq!(b.items(), 1, "B has alice's proof");
}
