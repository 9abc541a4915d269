//! End-to-end tests of `proofctl serve`: the real binary listening on loopback, spoken to over
//! HTTP as docs/sync-protocol.md says, each test against SQLite and against PostgreSQL.
//!
//! PostgreSQL runs when PROOFCTL_TEST_POSTGRES holds the URL of a database whose role may
//! CREATE DATABASE: every test makes a database of its own and drops it after. Without the
//! variable the PostgreSQL half says why and passes, unless PROOFCTL_REQUIRE_POSTGRES=1 (as in
//! CI), where it fails.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use proofctl::keys::{generate, kid, public_key_pem};
use proofctl::proof::{Proof, ProofBody, hash_reader};
use proofctl::sync::protocol::{
    WireEmbedding, WireEntry, WireImage, WireText, auth_message, proof_id,
};
use serde_json::{Value, json};

mod common;

use common::db::{Db, Kind, pg_execute, with_database};

const BIN: &str = env!("CARGO_BIN_EXE_proofctl");

// ---------------------------------------------------------------------------------------------
// Server processes

/// A `proofctl serve` process, stopped with SIGTERM (or killed, if a test panics first).
struct Server {
    child: Option<Child>,
    url: String,
    stderr: Arc<Mutex<String>>,
}

/// Starts `proofctl serve --db DB ARGS...` on a free loopback port. Err: the exit code and
/// stderr of a server that did not start.
fn try_start(db: &str, args: &[&str], env: &[(&str, String)]) -> Result<Server, (i32, String)> {
    let mut cmd = Command::new(BIN);
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--db", db])
        .args(args)
        .env_remove("PROOFCTL_NOW")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = mpsc::channel();
    let pipe = child.stderr.take().unwrap();
    let log = stderr.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.strip_prefix("listening on ") {
                let _ = tx.send(addr.to_string());
            }
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(url) => Ok(Server { child: Some(child), url, stderr }),
        Err(_) => {
            let status = child.wait().unwrap();
            // The reader thread ends with the pipe; give it a moment to copy the last lines.
            std::thread::sleep(Duration::from_millis(100));
            let log = stderr.lock().unwrap().clone();
            Err((status.code().unwrap_or(-1), log))
        }
    }
}

fn start(db: &Db, args: &[&str]) -> Server {
    start_with(db, args, &[])
}

fn start_with(db: &Db, args: &[&str], env: &[(&str, String)]) -> Server {
    try_start(&db.url, args, env).unwrap_or_else(|(code, log)| panic!("exit {code}: {log}"))
}

impl Server {
    fn api(&self) -> Api {
        Api {
            http: {
                proofctl::sync::client::install_tls_provider();
                reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(120))
                    .build()
                    .unwrap()
            },
            base: self.url.clone(),
        }
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// SIGTERM; the server must exit 0, saying it stopped.
    fn stop(mut self) -> String {
        let mut child = self.child.take().unwrap();
        let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        assert!(killed.unwrap().success());
        let status = child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        let log = self.log();
        assert!(status.success(), "serve exited with {status} after SIGTERM: {log}");
        assert!(log.contains("stopped"), "{log}");
        log
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP

struct Api {
    http: reqwest::blocking::Client,
    base: String,
}

#[derive(Debug)]
struct Reply {
    status: u16,
    body: Value,
    retry_after: Option<String>,
}

impl Reply {
    /// The error code of an error body (and checks its shape).
    fn code(&self) -> &str {
        let e = &self.body["error"];
        assert!(
            e["message"].as_str().is_some_and(|m| !m.is_empty() && !m.contains('\n')),
            "{self:?}"
        );
        assert_eq!(e.as_object().unwrap().len(), 2, "{self:?}");
        e["code"].as_str().unwrap_or_else(|| panic!("not an error body: {self:?}"))
    }

    fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or("")
    }

    fn ok(self) -> Value {
        assert_eq!(self.status, 200, "{self:?}");
        self.body
    }
}

impl Api {
    fn send(&self, req: reqwest::blocking::RequestBuilder, token: Option<&str>) -> Reply {
        let req = match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        };
        let r = req.send().unwrap();
        let status = r.status().as_u16();
        let retry_after = r.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
        let text = r.text().unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply { status, body, retry_after }
    }

    fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(self.http.get(format!("{}{path}", self.base)), token)
    }

    fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send(self.http.post(format!("{}{path}", self.base)).json(body), token)
    }

    fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: reqwest::blocking::Body,
    ) -> Reply {
        let mut req = self.http.post(format!("{}{path}", self.base)).body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        self.send(req, token)
    }

    fn challenge(&self, kid: &str) -> Reply {
        self.post("/v1/auth/challenge", None, &json!({ "kid": kid }))
    }

    /// Answers `challenge` for `kid`, signing with `key`.
    fn answer(&self, key: &SigningKey, kid: &str, challenge: &str) -> Reply {
        let bytes = URL_SAFE_NO_PAD.decode(challenge).unwrap();
        let sig = URL_SAFE_NO_PAD.encode(key.sign(&auth_message(&bytes, kid)).to_bytes());
        self.post(
            "/v1/auth/token",
            None,
            &json!({ "kid": kid, "challenge": challenge, "signature": sig }),
        )
    }

    fn sign_in(&self, m: &Member) -> String {
        let c = self.challenge(&m.kid).ok();
        let t = self.answer(&m.key, &m.kid, c["challenge"].as_str().unwrap()).ok();
        t["token"].as_str().unwrap().to_string()
    }

    fn push(&self, token: &str, items: Vec<Value>) -> Vec<Value> {
        let r = self.post("/v1/proofs", Some(token), &json!({ "items": items })).ok();
        r["results"].as_array().unwrap().clone()
    }

    /// Every item, page by page; checks the paging rules on the way.
    fn pull_all(&self, token: &str, limit: usize) -> Vec<Value> {
        let mut after = 0i64;
        let mut all = Vec::new();
        loop {
            let page =
                self.get(&format!("/v1/items?after={after}&limit={limit}"), Some(token)).ok();
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= limit);
            for item in items {
                let seq = item["seq"].as_i64().unwrap();
                assert!(seq > after, "seq {seq} after {after}");
                after = seq;
                all.push(item.clone());
            }
            assert_eq!(page["next"].as_i64().unwrap(), after);
            if !page["more"].as_bool().unwrap() {
                return all;
            }
            assert_eq!(items.len(), limit, "a page short of the limit says more: false");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Members, proofs, revocation lists

struct Member {
    key: SigningKey,
    kid: String,
    pub_path: PathBuf,
}

fn member(dir: &Path, name: &str) -> Member {
    let key = generate();
    let pub_path = dir.join(format!("{name}.pub"));
    std::fs::write(&pub_path, public_key_pem(&key.verifying_key())).unwrap();
    Member { kid: kid(&key.verifying_key()), key, pub_path }
}

fn allow(m: &Member) -> String {
    format!("--allow-key={}", m.pub_path.display())
}

fn make_proof(key: &SigningKey, name: &str, content: &[u8]) -> Proof {
    let digest = hash_reader(content, None).unwrap();
    let meta = BTreeMap::from([("n".to_string(), name.to_string())]);
    ProofBody::new(name, &digest, &key.verifying_key(), SystemTime::now(), meta).unwrap().sign(key)
}

fn proofs(key: &SigningKey, prefix: &str, n: usize) -> Vec<Proof> {
    (0..n)
        .map(|i| make_proof(key, &format!("{prefix}-{i}.txt"), format!("{prefix} {i}").as_bytes()))
        .collect()
}

fn item(p: &Proof) -> Value {
    json!({ "proof": p })
}

fn entry_for(p: &Proof) -> WireEntry {
    WireEntry {
        size: p.subject.size,
        media_type: "text/plain".into(),
        image: None,
        text: Some(WireText {
            algorithm: "simhash-v1".into(),
            simhash: "0123456789abcdef".repeat(2),
            words: 3,
        }),
        embeddings: vec![WireEmbedding {
            model: "tiny@abc".into(),
            dim: 3,
            vector: base64::engine::general_purpose::STANDARD.encode([0, 0, 128, 63, 1, 2, 255]),
        }],
    }
}

fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A compact EdDSA JWS signed by `key`, built by hand (as another implementation would).
fn jwt(key: &SigningKey, typ: &str, claims: &Value) -> String {
    let header = json!({ "alg": "EdDSA", "typ": typ, "kid": kid(&key.verifying_key()) });
    let input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    let sig = key.sign(input.as_bytes());
    format!("{input}.{}", b64url(&sig.to_bytes()))
}

/// A revocation list (`license revoke`'s format) signed by `key`.
fn revocation_list(key: &SigningKey, seq: u64, jtis: &[&str]) -> String {
    let claims = json!({
        "iss": "team", "iat": 1_800_000_000u64, "seq": seq, "list_version": 1,
        "revoked_jtis": jtis, "revoked_kids": [],
    });
    jwt(key, "proofctl-revocations+jwt", &claims)
}

fn now() -> u64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs()
}

// ---------------------------------------------------------------------------------------------
// The tests, each run on both backends.

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(super::Kind::Sqlite)
            }
            #[test]
            fn postgres() {
                super::$name(super::Kind::Postgres)
            }
        }
    )*};
}

on_both_backends!(
    healthz,
    sign_in,
    unknown_key_is_forbidden,
    wrong_signature_is_unauthorized,
    challenge_is_single_use,
    expired_tokens_and_challenges,
    removed_member_is_forbidden,
    tampered_proof_is_refused_others_stored,
    same_proof_twice,
    pull_by_cursor,
    revocation_lists,
    rotation_statements,
    oversized_body,
    rate_limit,
    bad_requests_get_our_error_shape,
    tokens_are_checked,
    start_up_errors,
    concurrent_pushers,
);

fn healthz(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let h = api.get("/healthz", None).ok();
    assert_eq!(h["status"], "ok");
    let d = &h["database"];
    assert_eq!(d["backend"], if kind == Kind::Sqlite { "sqlite" } else { "postgres" });
    assert_eq!(d["reachable"], true);
    assert_eq!(d["schema_version"], 4);
    assert_eq!(d["items"], 0);
    assert_eq!(d["members"], 1);
    let id = d["id"].as_str().unwrap().to_string();
    assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    let token = api.sign_in(&alice);
    assert_eq!(api.get("/v1/database", Some(&token)).ok(), json!({ "id": id, "last_seq": 0 }));
    api.push(&token, vec![item(&make_proof(&alice.key, "a.txt", b"a"))]);
    assert_eq!(api.get("/v1/database", Some(&token)).ok(), json!({ "id": id, "last_seq": 1 }));
    assert_eq!(api.get("/v1/database", None).status, 401, "members only");
    assert_eq!(api.get("/healthz", None).ok()["database"]["items"], 1);
    let log = server.stop();
    assert!(log.contains(&format!("allowed alice (kid {})", alice.kid)), "{log}");
    if kind == Kind::Sqlite {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db.url).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the database file is private");
    }
}

fn sign_in(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&format!("--allow-key=ally={}", alice.pub_path.display())]);
    let api = server.api();
    let c = api.challenge(&alice.kid).ok();
    let challenge = c["challenge"].as_str().unwrap();
    assert_eq!(URL_SAFE_NO_PAD.decode(challenge).unwrap().len(), 32);
    let expires = c["expires_at"].as_u64().unwrap();
    assert!((now() + 55..=now() + 65).contains(&expires), "{c}");
    let t = api.answer(&alice.key, &alice.kid, challenge).ok();
    let token = t["token"].as_str().unwrap();
    // The token is the EdDSA JWT the protocol describes.
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["typ"], "proofctl-sync+jwt");
    assert_eq!(claims["aud"], "proofctl-sync");
    assert_eq!(claims["sub"], alice.kid.as_str());
    assert_eq!(claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(), 300);
    assert_eq!(t["expires_at"], claims["exp"]);
    assert!(claims["jti"].as_str().is_some_and(|j| !j.is_empty()));
    // It opens the members-only routes.
    let keys = api.get("/v1/keys", Some(token)).ok();
    let keys = keys["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kid"], alice.kid.as_str());
    assert_eq!(keys[0]["name"], "ally");
    assert_eq!(keys[0]["public_key"], std::fs::read_to_string(&alice.pub_path).unwrap().as_str());
    assert!(keys[0]["added_at"].as_i64().unwrap() > 1_700_000_000);
    assert_eq!(api.get("/v1/revocations", Some(token)).ok(), json!({ "lists": [] }));
    let page = api.get("/v1/items", Some(token)).ok();
    let id = api.get("/healthz", None).ok()["database"]["id"].clone();
    assert_eq!(page, json!({ "items": [], "next": 0, "more": false, "database_id": id }));
    server.stop();
}

fn unknown_key_is_forbidden(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let mallory = member(db.dir.path(), "mallory");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let r = api.challenge(&mallory.kid);
    assert_eq!((r.status, r.code()), (403, "forbidden"), "{r:?}");
    assert!(r.message().contains(&mallory.kid), "{r:?}");
    // Answering someone else's challenge with your own kid does not work either.
    let c = api.challenge(&alice.kid).ok();
    let r = api.answer(&mallory.key, &mallory.kid, c["challenge"].as_str().unwrap());
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    server.stop();
}

fn wrong_signature_is_unauthorized(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let other = generate();
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let c = api.challenge(&alice.kid).ok();
    let challenge = c["challenge"].as_str().unwrap();
    let r = api.answer(&other, &alice.kid, challenge);
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    assert!(r.message().contains("does not verify"), "{r:?}");
    // A wrong answer used the challenge up.
    let r = api.answer(&alice.key, &alice.kid, challenge);
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    // A signature that is not 64 bytes of base64url.
    let c = api.challenge(&alice.kid).ok();
    let body = json!({ "kid": alice.kid, "challenge": c["challenge"], "signature": "abc" });
    let r = api.post("/v1/auth/token", None, &body);
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    server.stop();
}

fn challenge_is_single_use(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let c = api.challenge(&alice.kid).ok();
    let challenge = c["challenge"].as_str().unwrap();
    api.answer(&alice.key, &alice.kid, challenge).ok();
    let r = api.answer(&alice.key, &alice.kid, challenge);
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    assert!(r.message().contains("already used"), "{r:?}");
    // A challenge never issued.
    let r = api.answer(&alice.key, &alice.kid, &b64url(&[7u8; 32]));
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    server.stop();
}

/// Three processes on one database with their clocks set apart (PROOFCTL_NOW, honoured by debug
/// builds): tokens made by one are accepted by another, until they expire.
fn expired_tokens_and_challenges(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let t0: u64 = 1_800_000_000;
    let at = |t: u64| vec![("PROOFCTL_NOW", t.to_string())];
    let first = start_with(&db, &[&allow(&alice)], &at(t0));
    let later = start_with(&db, &[], &at(t0 + 299));
    let expired = start_with(&db, &[], &at(t0 + 300));
    let (a, b, c) = (first.api(), later.api(), expired.api());
    let token = a.sign_in(&alice);
    assert!(b.get("/v1/keys", Some(&token)).status == 200, "another process accepts the token");
    let r = c.get("/v1/keys", Some(&token));
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    assert!(r.message().contains("expired"), "{r:?}");
    // A challenge lasts 60 s.
    let ch = a.challenge(&alice.kid).ok();
    let r = b.answer(&alice.key, &alice.kid, ch["challenge"].as_str().unwrap());
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    assert!(r.message().contains("expired"), "{r:?}");
    // A token from the future (a clock far behind) is refused too.
    let r = a.get("/v1/keys", Some(&c.sign_in(&alice)));
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    first.stop();
    later.stop();
    expired.stop();
}

fn removed_member_is_forbidden(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let bob = member(db.dir.path(), "bob");
    let server = start(&db, &[&allow(&alice), &allow(&bob)]);
    let api = server.api();
    let token = api.sign_in(&alice);
    api.get("/v1/keys", Some(&token)).ok();
    // The operator removes alice, here through a second process on the same database: the
    // running one notices at alice's next request.
    let remover = start(&db, &[&format!("--remove-key={}", alice.kid)]);
    let log = remover.stop();
    assert!(log.contains(&format!("removed alice (kid {})", alice.kid)), "{log}");
    let r = api.get("/v1/keys", Some(&token));
    assert_eq!((r.status, r.code()), (403, "forbidden"), "{r:?}");
    let r = api.challenge(&alice.kid);
    assert_eq!((r.status, r.code()), (403, "forbidden"), "{r:?}");
    let keys = api.get("/v1/keys", Some(&api.sign_in(&bob))).ok();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 1, "{keys}");
    assert_eq!(keys["keys"][0]["name"], "bob");
    server.stop();
    // Allowed again, alice signs in again.
    let server = start(&db, &[&allow(&alice), &format!("--remove-key={}", bob.kid)]);
    assert!(server.log().contains("allowed alice again"), "{}", server.log());
    let api = server.api();
    api.get("/v1/keys", Some(&api.sign_in(&alice))).ok();
    let log = server.stop();
    assert!(log.contains("removed bob"), "{log}");
    // Every member gone: the server warns that nobody can sign in.
    let server = start(&db, &[&format!("--remove-key={}", alice.kid)]);
    let log = server.stop();
    assert!(log.contains("nobody can sign in"), "{log}");
}

fn tampered_proof_is_refused_others_stored(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let good = make_proof(&alice.key, "good.txt", b"good");
    let mut tampered = serde_json::to_value(make_proof(&alice.key, "bad.txt", b"bad")).unwrap();
    tampered["subject"]["size"] = json!(4);
    let unsupported = json!({ "format": "POP-9.9" });
    let other = make_proof(&alice.key, "other.txt", b"other");
    let mut wrong_size = entry_for(&other);
    wrong_size.size += 1;
    let mut bad_hex = entry_for(&other);
    bad_hex.text.as_mut().unwrap().simhash = "XYZ".into();
    let mut short_vector = entry_for(&other);
    short_vector.embeddings[0].dim = 4;
    let mut bad_image = entry_for(&other);
    bad_image.image = Some(WireImage {
        algorithm: "a".into(),
        dct: "00".into(),
        gradient: "0".repeat(16),
        width: 1,
        height: 1,
    });
    let with_entry = make_proof(&alice.key, "entry.txt", b"with an entry");
    let results = api.push(
        &token,
        vec![
            json!({ "proof": good }),
            json!({ "proof": tampered }),
            json!({ "proof": unsupported }),
            json!({ "proof": other, "entry": wrong_size }),
            json!({ "proof": other, "entry": bad_hex }),
            json!({ "proof": other, "entry": short_vector }),
            json!({ "proof": other, "entry": bad_image }),
            json!({ "proof": with_entry, "entry": entry_for(&with_entry) }),
        ],
    );
    assert_eq!(results.len(), 8);
    assert_eq!(results[0], json!({ "id": proof_id(&good), "status": "stored" }));
    assert_eq!(results[1]["status"], "refused");
    assert!(results[1]["id"].is_string(), "a parsed proof keeps its id: {}", results[1]);
    assert!(results[1]["reason"].as_str().unwrap().contains("does not verify"), "{}", results[1]);
    assert_eq!(results[2]["status"], "refused");
    assert!(results[2]["id"].is_null());
    assert!(results[2]["reason"].as_str().unwrap().contains("POP-9.9"), "{}", results[2]);
    for (r, what) in results[3..7].iter().zip(["size", "simhash", "4 + dim", "image.dct"]) {
        assert_eq!(r["status"], "refused", "{r}");
        assert_eq!(r["id"], proof_id(&other).as_str());
        assert!(r["reason"].as_str().unwrap().contains(what), "{what}: {r}");
    }
    assert_eq!(results[7]["status"], "stored");
    let all = api.pull_all(&token, 500);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["id"], proof_id(&good).as_str());
    assert_eq!(all[0]["pushed_by"], alice.kid.as_str());
    assert!(all[0].get("entry").is_none());
    assert_eq!(serde_json::from_value::<Proof>(all[0]["proof"].clone()).unwrap(), good);
    let entry: WireEntry = serde_json::from_value(all[1]["entry"].clone()).unwrap();
    assert_eq!(entry, entry_for(&with_entry));
    server.stop();
}

fn same_proof_twice(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let bob = member(db.dir.path(), "bob");
    let server = start(&db, &[&allow(&alice), &allow(&bob)]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let p = make_proof(&alice.key, "a.txt", b"a");
    let id = proof_id(&p);
    assert_eq!(api.push(&token, vec![item(&p)]), vec![json!({ "id": id, "status": "stored" })]);
    assert_eq!(api.push(&token, vec![item(&p)]), vec![json!({ "id": id, "status": "duplicate" })]);
    // Layout and member order do not matter: the id is that of the canonical JSON.
    let reordered: Value = serde_json::from_str(&p.to_json_pretty()).unwrap();
    let mut members: Vec<(String, Value)> =
        reordered.as_object().unwrap().clone().into_iter().collect();
    members.reverse();
    let reordered = Value::Object(members.into_iter().collect());
    let by_bob = api.push(&api.sign_in(&bob), vec![json!({ "proof": reordered })]);
    assert_eq!(by_bob, vec![json!({ "id": id, "status": "duplicate" })]);
    // Twice in one request: the first is stored.
    let q = make_proof(&alice.key, "b.txt", b"b");
    let r = api.push(&token, vec![item(&q), item(&q)]);
    assert_eq!(r[0]["status"], "stored");
    assert_eq!(r[1]["status"], "duplicate");
    let all = api.pull_all(&token, 500);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["pushed_by"], alice.kid.as_str(), "the first push wins");
    server.stop();
}

fn pull_by_cursor(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let made = proofs(&alice.key, "page", 1_100);
    let mut pushed = Vec::new();
    for chunk in made.chunks(400) {
        let items: Vec<Value> = chunk.iter().map(item).collect();
        for r in api.push(&token, items) {
            assert_eq!(r["status"], "stored", "{r}");
            pushed.push(r["id"].as_str().unwrap().to_string());
        }
    }
    for limit in [1_000, 333] {
        let all = api.pull_all(&token, limit);
        let ids: Vec<String> = all.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
        assert_eq!(ids, pushed, "everything once, in push order (limit {limit})");
    }
    // The default page is 500; repeating a page is harmless.
    let first = api.get("/v1/items?limit=1000", Some(&token)).ok();
    assert_eq!(first["items"].as_array().unwrap().len(), 1_000);
    assert_eq!(first["more"], true);
    let next = first["next"].as_i64().unwrap();
    let tail = api.get(&format!("/v1/items?after={next}"), Some(&token)).ok();
    assert_eq!(tail["items"].as_array().unwrap().len(), 100);
    assert_eq!(tail["more"], false);
    assert_eq!(api.get(&format!("/v1/items?after={next}"), Some(&token)).ok(), tail);
    let end = tail["next"].as_i64().unwrap();
    let empty = api.get(&format!("/v1/items?after={end}"), Some(&token)).ok();
    let id = api.get("/healthz", None).ok()["database"]["id"].clone();
    assert_eq!(empty, json!({ "items": [], "next": end, "more": false, "database_id": id }));
    for bad in ["limit=0", "limit=1001", "after=-1", "after=x", "cursor=3", "limit=5&limit=6"] {
        let r = api.get(&format!("/v1/items?{bad}"), Some(&token));
        assert_eq!((r.status, r.code()), (400, "bad_request"), "{bad}: {r:?}");
    }
    server.stop();
}

fn revocation_lists(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let bob = member(db.dir.path(), "bob");
    let server = start(&db, &[&allow(&alice), &allow(&bob)]);
    let api = server.api();
    let token = api.sign_in(&bob);
    let push = |t: &str| api.post("/v1/revocations", Some(&token), &json!({ "token": t }));
    let first = revocation_list(&alice.key, 1, &["lic-a"]);
    assert_eq!(push(&first).ok(), json!({ "kid": alice.kid, "seq": 1, "status": "stored" }));
    assert_eq!(push(&first).ok(), json!({ "kid": alice.kid, "seq": 1, "status": "unchanged" }));
    let lists = api.get("/v1/revocations", Some(&token)).ok();
    assert_eq!(lists, json!({ "lists": [{ "kid": alice.kid, "seq": 1, "token": first }] }));
    // Another list with the same seq.
    let r = push(&revocation_list(&alice.key, 1, &["lic-b"]));
    assert_eq!((r.status, r.code()), (409, "conflict"), "{r:?}");
    let second = revocation_list(&alice.key, 2, &["lic-a", "lic-b"]);
    assert_eq!(push(&second).ok()["status"], "stored");
    // Older.
    let r = push(&first);
    assert_eq!((r.status, r.code()), (409, "conflict"), "{r:?}");
    assert!(r.message().contains("older"), "{r:?}");
    // Shrinking.
    let r = push(&revocation_list(&alice.key, 3, &["lic-b"]));
    assert_eq!((r.status, r.code()), (409, "conflict"), "{r:?}");
    assert!(r.message().contains("drops"), "{r:?}");
    // Not verifying: signed by a non-member, tampered, not a list at all.
    let r = push(&revocation_list(&generate(), 1, &[]));
    assert_eq!((r.status, r.code()), (422, "invalid"), "{r:?}");
    let mut tampered = revocation_list(&alice.key, 5, &["lic-a", "lic-b"]);
    tampered.replace_range(tampered.len() - 3.., "AAA");
    let r = push(&tampered);
    assert_eq!((r.status, r.code()), (422, "invalid"), "{r:?}");
    let r = push("not a list");
    assert_eq!((r.status, r.code()), (422, "invalid"), "{r:?}");
    let lists = api.get("/v1/revocations", Some(&token)).ok();
    assert_eq!(lists, json!({ "lists": [{ "kid": alice.kid, "seq": 2, "token": second }] }));

    // The newest list of one key is public: installations fetch it without being members.
    let one = api.get(&format!("/v1/revocations/{}", alice.kid), None).ok();
    assert_eq!(one, json!({ "kid": alice.kid, "seq": 2, "token": second }));
    let r = api.get(&format!("/v1/revocations/{}", bob.kid), None);
    assert_eq!((r.status, r.code()), (404, "not_found"), "{r:?}");
    let r = api.get("/v1/revocations/not-a-kid", None);
    assert_eq!((r.status, r.code()), (400, "bad_request"), "{r:?}");
    // `license refresh`: verified with the vendor key given and kept, as --revocations would.
    let home = db.dir.path().join("installation");
    let refresh = |keys: &[&Path]| {
        let mut c = Command::new(BIN);
        c.env("PROOFCTL_HOME", &home).args([
            "license",
            "refresh",
            "--json",
            "--server",
            &server.url,
        ]);
        for k in keys {
            c.arg("--key").arg(k);
        }
        c.output().unwrap()
    };
    let o = refresh(&[&alice.pub_path, &bob.pub_path]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let lists = doc["lists"].as_array().unwrap();
    let of = |k: &str| lists.iter().find(|l| l["kid"] == k).unwrap().clone();
    assert_eq!(
        (of(&alice.kid)["status"].clone(), of(&alice.kid)["seq"].clone()),
        (json!("applied"), json!(2))
    );
    assert_eq!(of(&bob.kid)["status"], "none");
    let kept = std::fs::read_to_string(home.join("revocations").join(format!("{}.jwt", alice.kid)))
        .unwrap();
    assert_eq!(kept.trim(), second);
    // A list the server says is alice's is checked against the keys given: with bob's key only,
    // nothing of alice's is asked for or kept.
    let o = refresh(&[&bob.pub_path]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    server.stop();
}

/// `/v1/rotations`: both signatures, one of the keys the pusher's, one statement per pair.
fn rotation_statements(kind: Kind) {
    use proofctl::lifecycle::RotationStatement;
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let bob = member(db.dir.path(), "bob");
    let server = start(&db, &[&allow(&alice), &allow(&bob)]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let push = |s: &str| api.post("/v1/rotations", Some(&token), &json!({ "statement": s }));
    let next = generate();
    let good = RotationStatement::sign(&alice.key, &next, 1_800_000_000).unwrap();
    let text = good.to_json_pretty();
    let (from, to) = (alice.kid.clone(), kid(&next.verifying_key()));
    assert_eq!(push(&text).ok(), json!({ "from": from, "to": to, "status": "stored" }));
    assert_eq!(push(&text).ok()["status"], "unchanged");
    // Another statement for the same pair (an earlier time would widen it): refused.
    let other = RotationStatement::sign(&alice.key, &next, 1_700_000_000).unwrap().to_json_pretty();
    let r = push(&other);
    assert_eq!((r.status, r.code()), (409, "conflict"), "{r:?}");
    // Signed by one key only; about keys that are not alice's.
    let mut one = good.clone();
    one.signature_to = None;
    let r = push(&one.to_json_pretty());
    assert_eq!((r.status, r.code()), (422, "invalid"), "{r:?}");
    assert!(r.message().contains("one key only") || r.message().contains("old key only"), "{r:?}");
    let r = push(&RotationStatement::sign(&bob.key, &generate(), 1).unwrap().to_json_pretty());
    assert_eq!((r.status, r.code()), (422, "invalid"), "{r:?}");
    assert!(r.message().contains("neither of which is yours"), "{r:?}");
    let all = api.get("/v1/rotations", Some(&token)).ok();
    assert_eq!(all, json!({ "statements": [text] }));
    server.stop();
}

fn oversized_body(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice), "--max-body", "4096"]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let big = json!({ "items": [{ "proof": { "format": "x".repeat(5000) } }] }).to_string();
    // With a Content-Length: refused before the body is read.
    let r = api.post_raw("/v1/proofs", Some(&token), Some("application/json"), big.clone().into());
    assert_eq!((r.status, r.code()), (413, "too_large"), "{r:?}");
    assert!(r.message().contains("4096"), "{r:?}");
    // Chunked, without a length: cut off at the limit.
    let reader = std::io::Cursor::new(big.clone().into_bytes());
    let r = api.post_raw(
        "/v1/proofs",
        Some(&token),
        Some("application/json"),
        reqwest::blocking::Body::new(reader),
    );
    assert_eq!((r.status, r.code()), (413, "too_large"), "{r:?}");
    let r = api.post_raw("/v1/auth/challenge", None, Some("application/json"), big.into());
    assert_eq!((r.status, r.code()), (413, "too_large"), "{r:?}");
    // Under the limit, fine.
    let p = make_proof(&alice.key, "a.txt", b"a");
    assert_eq!(api.push(&token, vec![item(&p)])[0]["status"], "stored");
    server.stop();
}

fn rate_limit(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    // One request per second, bursts of two: signing in takes the address's two.
    let server = start(&db, &[&allow(&alice), "--rate", "1"]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let r = api.challenge(&alice.kid);
    assert_eq!((r.status, r.code()), (429, "rate_limited"), "{r:?}");
    assert!(r.retry_after.is_some(), "{r:?}");
    api.get("/v1/keys", Some(&token)).ok();
    api.get("/v1/keys", Some(&token)).ok();
    let r = api.get("/v1/keys", Some(&token));
    assert_eq!((r.status, r.code()), (429, "rate_limited"), "{r:?}");
    let secs: u64 = r.retry_after.as_deref().unwrap().parse().unwrap();
    assert!((1..=2).contains(&secs), "{r:?}");
    std::thread::sleep(Duration::from_secs(secs));
    api.get("/v1/keys", Some(&token)).ok();
    server.stop();
}

fn bad_requests_get_our_error_shape(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let json_ct = Some("application/json");
    let raw = |path: &str, ct: Option<&str>, body: &str| {
        api.post_raw(path, Some(&token), ct, body.to_string().into())
    };
    for (what, r) in [
        ("bad JSON", raw("/v1/proofs", json_ct, "{\"items\": [")),
        ("unknown field", raw("/v1/proofs", json_ct, r#"{"items": [], "extra": 1}"#)),
        ("unknown item field", raw("/v1/proofs", json_ct, r#"{"items": [{"proof": {}, "x": 1}]}"#)),
        ("wrong type", raw("/v1/proofs", json_ct, r#"{"items": 3}"#)),
        ("no content type", raw("/v1/proofs", None, r#"{"items": []}"#)),
        ("wrong content type", raw("/v1/proofs", Some("text/plain"), r#"{"items": []}"#)),
        ("bad JSON, sign-in", raw("/v1/auth/challenge", json_ct, "kid")),
        ("unknown field, sign-in", raw("/v1/auth/challenge", json_ct, r#"{"kid": "k", "x": 1}"#)),
        (
            "unknown field, revocations",
            raw("/v1/revocations", json_ct, r#"{"token": "t", "x": 1}"#),
        ),
    ] {
        assert_eq!((r.status, r.code()), (400, "bad_request"), "{what}: {r:?}");
    }
    let too_many: Vec<Value> = (0..1_001).map(|_| json!({ "proof": {} })).collect();
    let r = api.post("/v1/proofs", Some(&token), &json!({ "items": too_many }));
    assert_eq!((r.status, r.code()), (400, "bad_request"), "{r:?}");
    assert!(r.message().contains("1000"), "{r:?}");
    let r = api.get("/v2/items", Some(&token));
    assert_eq!((r.status, r.code()), (404, "not_found"), "{r:?}");
    let r = api.get("/v1/proofs", Some(&token));
    assert_eq!(r.status, 405, "{r:?}");
    r.code();
    assert_eq!(api.push(&token, vec![]), Vec::<Value>::new(), "an empty push is fine");
    server.stop();
}

fn tokens_are_checked(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let claims = json!({
        "aud": "proofctl-sync", "sub": alice.kid, "iat": now(), "exp": now() + 300, "jti": "x",
    });
    // Made by the member's own key rather than the server's.
    let forged = jwt(&alice.key, "proofctl-sync+jwt", &claims);
    let mut flipped = token.clone();
    let at = flipped.len() - 5;
    let c = if &flipped[at..at + 1] == "A" { "B" } else { "A" };
    flipped.replace_range(at..at + 1, c);
    let cases: Vec<(&str, Option<String>)> = vec![
        ("missing", None),
        ("malformed", Some("Bearer abc".into())),
        ("not bearer", Some(format!("Basic {token}"))),
        ("forged", Some(format!("Bearer {forged}"))),
        ("wrongly signed", Some(format!("Bearer {flipped}"))),
    ];
    for path in ["/v1/keys", "/v1/items", "/v1/revocations"] {
        for (what, header) in &cases {
            let mut req = api.http.get(format!("{}{path}", api.base));
            if let Some(h) = header {
                req = req.header("authorization", h);
            }
            let r = api.send(req, None);
            assert_eq!((r.status, r.code()), (401, "unauthorized"), "{what} on {path}: {r:?}");
        }
    }
    let r = api.post("/v1/proofs", None, &json!({ "items": [] }));
    assert_eq!((r.status, r.code()), (401, "unauthorized"), "{r:?}");
    // The scheme is case-insensitive.
    let req = api
        .http
        .get(format!("{}/v1/keys", api.base))
        .header("authorization", format!("bearer {token}"));
    assert_eq!(api.send(req, None).status, 200);
    // Healthz needs no token.
    api.get("/healthz", None).ok();
    server.stop();
}

fn start_up_errors(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let fails = |db: &str, args: &[&str]| -> String {
        match try_start(db, args, &[]) {
            Ok(s) => panic!("started: {}", s.log()),
            Err((code, log)) => {
                assert_eq!(code, 2, "{log}");
                assert_eq!(log.trim().lines().count(), 1, "one line: {log}");
                log
            }
        }
    };
    let log = fails(&db.url, &[&format!("--allow-key={}", db.path("missing.pub").display())]);
    assert!(
        log.contains("--allow-key") && log.contains("missing.pub") && log.contains("no such file"),
        "{log}"
    );
    std::fs::write(db.path("bad.pub"), "not a key").unwrap();
    let log = fails(&db.url, &[&format!("--allow-key={}", db.path("bad.pub").display())]);
    assert!(log.contains("bad.pub") && log.contains("PEM"), "{log}");
    let log = fails(&db.url, &["--remove-key", "nobody"]);
    assert!(log.contains("--remove-key nobody"), "{log}");
    let listen_fails = |addr: &str| -> String {
        let out = Command::new(BIN)
            .args(["serve", "--db", &db.url, "--listen", addr])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{log}");
        assert_eq!(log.trim().lines().count(), 1, "one line: {log}");
        log
    };
    let log = listen_fails("nowhere");
    assert!(log.contains("--listen nowhere: not an address"), "{log}");
    // The address in use.
    let server = start(&db, &[&allow(&alice)]);
    let port = server.url.rsplit(':').next().unwrap();
    let log = listen_fails(&format!("127.0.0.1:{port}"));
    assert!(log.contains("already in use") && log.contains(port), "{log}");
    server.stop();
    match kind {
        Kind::Sqlite => {
            let missing = db.path("no/such/folder/sync.sqlite");
            let log = fails(missing.to_str().unwrap(), &[]);
            assert!(log.contains("--db") && log.contains("folder does not exist"), "{log}");
            let log = fails(alice.pub_path.to_str().unwrap(), &[]);
            assert!(log.contains("not a SQLite database"), "{log}");
        }
        Kind::Postgres => {
            let log = fails("postgres://nobody:secret@127.0.0.1:1/none", &[]);
            assert!(log.contains("--db") && log.contains("cannot connect"), "{log}");
            assert!(!log.contains("secret"), "the password is not shown: {log}");
            let log = fails(&with_database(&db.url, "proofctl_no_such_database"), &[]);
            assert!(log.contains("does not exist"), "{log}");
        }
    }
}

/// 8 members push overlapping sets at once, in shuffled pages: every proof lands exactly once.
fn concurrent_pushers(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let members: Vec<Member> = (0..8).map(|i| member(db.dir.path(), &format!("m{i}"))).collect();
    let args: Vec<String> = members.iter().map(allow).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let server = start(&db, &args);
    let signer = generate();
    let all = Arc::new(proofs(&signer, "shared", 600));
    let results: Vec<Vec<Value>> = std::thread::scope(|s| {
        let handles: Vec<_> = members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let all = all.clone();
                let api = server.api();
                s.spawn(move || {
                    let token = api.sign_in(m);
                    // Each takes 150 proofs starting at 75 * i: neighbours overlap by half.
                    let mine: Vec<Value> =
                        (0..150).map(|k| item(&all[(75 * i + k) % all.len()])).collect();
                    let mut out = Vec::new();
                    let mut pages: Vec<&[Value]> = mine.chunks(25).collect();
                    if i % 2 == 1 {
                        pages.reverse();
                    }
                    for page in pages {
                        out.extend(api.push(&token, page.to_vec()));
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut stored = HashSet::new();
    for r in results.iter().flatten() {
        let id = r["id"].as_str().unwrap().to_string();
        match r["status"].as_str().unwrap() {
            "stored" => assert!(stored.insert(id), "stored twice: {r}"),
            "duplicate" => {}
            other => panic!("{other}: {r}"),
        }
    }
    let expected: HashSet<String> = all.iter().map(proof_id).collect();
    assert_eq!(stored, expected, "each proof stored by exactly one push");
    let api = server.api();
    let pulled = api.pull_all(&api.sign_in(&members[0]), 1_000);
    let ids: HashSet<String> =
        pulled.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(pulled.len(), expected.len(), "no duplicates");
    assert_eq!(ids, expected);
    server.stop();
}

/// PostgreSQL only: a SQLite file the server has open cannot stop answering, a database server can.
#[test]
fn healthz_is_503_when_postgres_is_gone() {
    let Some(db) = Db::new(Kind::Postgres) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let (admin, name) = db.postgres.clone().unwrap();
    pg_execute(&admin, &format!("DROP DATABASE {name} WITH (FORCE)"));
    let r = api.get("/healthz", None);
    assert_eq!(r.status, 503, "{r:?}");
    assert_eq!(r.body["status"], "unavailable");
    assert_eq!(r.body["database"]["reachable"], false);
    assert!(r.body["database"]["error"].as_str().is_some_and(|e| !e.is_empty()), "{r:?}");
    let r = api.get("/v1/keys", Some(&token));
    assert_eq!((r.status, r.code()), (503, "unavailable"), "{r:?}");
    server.stop();
}

// ---------------------------------------------------------------------------------------------
// Hardening: slow clients, a proxy in front, members managed on the database, the request log.

impl Api {
    /// A sign-in request as a reverse proxy forwards it, with `X-Forwarded-For: xff`.
    fn post_via_proxy(&self, path: &str, xff: &str, body: &Value) -> Reply {
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .header("x-forwarded-for", xff)
                .json(body),
            None,
        )
    }

    /// Signs in as `m` through a proxy that says the client is `xff`.
    fn sign_in_via_proxy(&self, m: &Member, xff: &str) -> Result<String, Reply> {
        let c = self.post_via_proxy("/v1/auth/challenge", xff, &json!({ "kid": m.kid }));
        if c.status != 200 {
            return Err(c);
        }
        let challenge = c.body["challenge"].as_str().unwrap().to_string();
        let bytes = URL_SAFE_NO_PAD.decode(&challenge).unwrap();
        let sig = b64url(&m.key.sign(&auth_message(&bytes, &m.kid)).to_bytes());
        let body = json!({ "kid": m.kid, "challenge": challenge, "signature": sig });
        let t = self.post_via_proxy("/v1/auth/token", xff, &body);
        if t.status != 200 {
            return Err(t);
        }
        Ok(t.body["token"].as_str().unwrap().to_string())
    }
}

impl Server {
    fn addr(&self) -> String {
        self.url.trim_start_matches("http://").trim_end_matches('/').to_string()
    }
}

/// Reads what the server sends on `s` until it closes the connection (or `limit` passes):
/// the bytes, and whether it closed.
fn read_until_closed(s: &mut std::net::TcpStream, limit: Duration) -> (String, bool) {
    use std::io::Read;
    let deadline = std::time::Instant::now() + limit;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return (String::from_utf8_lossy(&got).into_owned(), false);
        }
        s.set_read_timeout(Some(left)).unwrap();
        match s.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&got).into_owned(), true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (String::from_utf8_lossy(&got).into_owned(), true);
            }
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), false),
        }
    }
}

/// Connection handling is the same whatever the database: SQLite only.
#[test]
fn slow_clients_are_cut_off_and_the_cap_holds() {
    use std::io::Write;
    use std::net::TcpStream;
    use std::time::Instant;
    let db = Db::new(Kind::Sqlite).unwrap();
    let alice = member(db.dir.path(), "alice");
    let server = start(
        &db,
        &[
            &allow(&alice),
            "--header-timeout",
            "2s",
            "--body-timeout",
            "2s",
            "--max-connections",
            "4",
        ],
    );
    let addr = server.addr();
    let started = Instant::now();
    // Four slowloris clients fill every slot: a request line, then a header byte now and then.
    let slow: Vec<_> = (0..4)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
            let mut writer = s.try_clone().unwrap();
            std::thread::spawn(move || {
                for _ in 0..100 {
                    std::thread::sleep(Duration::from_millis(200));
                    if writer.write_all(b"X").is_err() {
                        break;
                    }
                }
            });
            s
        })
        .collect();
    // A fifth connection is not served while they hold the slots: it waits.
    let mut waiting = TcpStream::connect(&addr).unwrap();
    waiting.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (got, closed) = read_until_closed(&mut waiting, Duration::from_millis(800));
    assert!(got.is_empty() && !closed, "served past the cap: {got:?}");
    // A normal client, queued behind them, is served once they are cut off.
    let api = server.api();
    let t = Instant::now();
    assert_eq!(api.get("/healthz", None).ok()["status"], "ok");
    let waited = t.elapsed();
    for mut s in slow {
        let (_, closed) = read_until_closed(&mut s, Duration::from_secs(10));
        assert!(closed, "a slow client was not cut off");
    }
    let cut_off = started.elapsed();
    assert!(cut_off < Duration::from_secs(6), "slow headers held {cut_off:?} with a 2 s timeout");
    assert!(waited >= Duration::from_millis(500), "the normal client did not wait: {waited:?}");
    let (got, _) = read_until_closed(&mut waiting, Duration::from_secs(5));
    assert!(got.starts_with("HTTP/1.1 200"), "{got:?}");

    // A body trickled a byte at a time is cut off at --body-timeout with a 408, and the
    // connection closed.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.write_all(
        b"POST /v1/auth/challenge HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{",
    )
    .unwrap();
    let mut writer = s.try_clone().unwrap();
    let t = Instant::now();
    std::thread::spawn(move || {
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(200));
            if writer.write_all(b" ").is_err() {
                break;
            }
        }
    });
    // The 408 usually arrives; the close always does (the log below shows the 408 was sent).
    let (got, closed) = read_until_closed(&mut s, Duration::from_secs(10));
    assert!(closed, "a trickled body held the connection: {got:?}");
    if !got.is_empty() {
        assert!(got.starts_with("HTTP/1.1 408"), "{got:?}");
        assert!(got.contains("\"timeout\"") && got.contains("--body-timeout"), "{got:?}");
    }
    assert!(t.elapsed() < Duration::from_secs(6), "{:?}", t.elapsed());
    // An idle keep-alive connection is closed too, and members still sign in.
    let mut idle = TcpStream::connect(&addr).unwrap();
    let (_, closed) = read_until_closed(&mut idle, Duration::from_secs(6));
    assert!(closed, "an idle connection stayed open");
    api.sign_in(&alice);
    let log = server.stop();
    assert!(log.contains(" POST /v1/auth/challenge 408 "), "{log}");
}

/// A flood of sign-in requests through the reverse proxy (the address every client shares)
/// does not keep a member from signing in. Limits are the same whatever the database: SQLite.
#[test]
fn sign_in_behind_a_proxy_survives_a_flood() {
    let db = Db::new(Kind::Sqlite).unwrap();
    let alice = member(db.dir.path(), "alice");
    let flood = |server: &Server, member_xff: &str| -> (Result<String, Reply>, usize) {
        let stop = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let flooders: Vec<_> = (0..2)
                .map(|i| {
                    let api = server.api();
                    let stop = &stop;
                    let alice_kid = alice.kid.clone();
                    s.spawn(move || {
                        let mut limited = 0;
                        for n in 0..2000 {
                            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                                break;
                            }
                            // Junk kids, and challenges for alice's kid; the flooder also
                            // writes alice's address into the header itself.
                            let kid =
                                if n % 3 == 0 { alice_kid.clone() } else { format!("junk{i}x{n}") };
                            let r = api.post_via_proxy(
                                "/v1/auth/challenge",
                                "198.51.100.7, 203.0.113.9",
                                &json!({ "kid": kid }),
                            );
                            assert!([200, 403, 429].contains(&r.status), "{r:?}");
                            limited += usize::from(r.status == 429);
                        }
                        limited
                    })
                })
                .collect();
            std::thread::sleep(Duration::from_millis(300));
            let api = server.api();
            let mut signed_in = Err(Reply { status: 0, body: Value::Null, retry_after: None });
            for _ in 0..3 {
                signed_in = api.sign_in_via_proxy(&alice, member_xff);
                if signed_in.is_err() {
                    break;
                }
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let limited = flooders.into_iter().map(|f| f.join().unwrap()).sum();
            (signed_in, limited)
        })
    };
    // Behind a trusted proxy each client has its own budget: alice signs in, three times over.
    let server = start(&db, &[&allow(&alice), "--rate", "5", "--trusted-proxy", "127.0.0.0/8"]);
    let (signed_in, limited) = flood(&server, "198.51.100.7");
    let token = signed_in.unwrap_or_else(|r| panic!("alice could not sign in: {r:?}"));
    assert!(limited > 0, "the flood was never limited");
    server.api().get("/v1/keys", Some(&token)).ok();
    let log = server.stop();
    assert!(log.contains(" 203.0.113.9 POST /v1/auth/challenge 429 "), "{log}");
    assert!(log.contains(" 198.51.100.7 POST /v1/auth/token 200 "), "{log}");
    // Without --trusted-proxy the header is not believed: everyone behind the proxy shares
    // one budget, and the flood uses it up (what the flag is for).
    let server = start(&db, &[&allow(&alice), "--rate", "5"]);
    let (signed_in, _) = flood(&server, "198.51.100.7");
    let r = signed_in.expect_err("the header was believed from an untrusted peer");
    assert_eq!((r.status, r.code()), (429, "rate_limited"), "{r:?}");
    server.stop();
}

on_both_backends!(members_commands, challenges_per_kid_are_capped);

fn proofctl(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).env_remove("PROOFCTL_NOW").output().unwrap()
}

fn members_commands(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let bob = member(db.dir.path(), "bob");
    let carol = member(db.dir.path(), "carol");
    let text = |o: &std::process::Output| {
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
    };
    let ally = format!("ally={}", alice.pub_path.display());
    let o = proofctl(&[
        "serve",
        "members",
        "add",
        "--db",
        &db.url,
        &ally,
        bob.pub_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("allowed ally (kid {})", alice.kid)), "{err}");
    assert!(err.contains(&format!("allowed bob (kid {})", bob.kid)), "{err}");
    let o = proofctl(&["serve", "members", "list", "--db", &db.url]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with(&format!("ally\t{}\t20", alice.kid)), "{out}");
    assert!(lines[1].starts_with(&format!("bob\t{}\t", bob.kid)), "{out}");
    let o = proofctl(&["--json", "serve", "members", "list", "--db", &db.url]);
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list["members"][1]["kid"], bob.kid.as_str());
    assert_eq!(
        list["members"][1]["public_key_pem"],
        std::fs::read_to_string(&bob.pub_path).unwrap().as_str()
    );
    // A bad key file: one line, exit 2, nothing stored (carol's good key included).
    let o = proofctl(&[
        "serve",
        "members",
        "add",
        "--db",
        &db.url,
        carol.pub_path.to_str().unwrap(),
        "missing.pub",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("proofctl: error: missing.pub: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // The members the database holds sign in, with no --allow-key given to the server.
    let server = start(&db, &[]);
    let api = server.api();
    let bob_token = api.sign_in(&bob);
    api.sign_in(&alice);
    // Changes made while it runs count at the next request.
    let o = proofctl(&["serve", "members", "remove", "--db", &db.url, "--", &bob.kid]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains(&format!("removed bob (kid {})", bob.kid)));
    let r = api.get("/v1/keys", Some(&bob_token));
    assert_eq!((r.status, r.code()), (403, "forbidden"), "{r:?}");
    let r = api.challenge(&bob.kid);
    assert_eq!((r.status, r.code()), (403, "forbidden"), "{r:?}");
    let o =
        proofctl(&["serve", "members", "add", "--db", &db.url, carol.pub_path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    api.sign_in(&carol);
    let o = proofctl(&["serve", "members", "remove", "--db", &db.url, "--", &bob.kid]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("was already removed"), "{}", text(&o));
    let o = proofctl(&["serve", "members", "remove", "--db", &db.url, "nosuchkid\u{1b}[2K"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("proofctl: error: nosuchkid\\e[2K: no member has this key id"),
        "{err}"
    );
    let o = proofctl(&["--json", "serve", "members", "list", "--db", &db.url]);
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> =
        list["members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ally", "carol"]);
    // The server logged each request in one line; tokens and bodies never appear.
    let log = server.stop();
    let challenge_line = log
        .lines()
        .find(|l| l.contains(" POST /v1/auth/challenge 200 ") && l.contains(&alice.kid))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(challenge_line.contains(" 127.0.0.1 "), "{challenge_line}");
    assert!(challenge_line.ends_with(&format!("kid={}", alice.kid)), "{challenge_line}");
    assert!(log.contains(" GET /v1/keys 403 "), "{log}");
    assert!(log.contains(&format!("kid={}", bob.kid)), "{log}");
    assert!(!log.contains(&bob_token) && !log.contains("Bearer"), "{log}");
    assert!(!log.contains("signature"), "{log}");
    // Usage errors: members with serve's own flags, or without --db.
    let o = proofctl(&["serve", "--db", &db.url, "members", "list"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = proofctl(&["serve", "members", "list"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // --quiet keeps the listening line and drops the request lines.
    let mut server = start(&db, &["--quiet"]);
    server.api().sign_in(&alice);
    let mut child = server.child.take().unwrap();
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(child.wait().unwrap().success());
    std::thread::sleep(Duration::from_millis(50));
    let log = server.log();
    assert!(log.contains("listening on "), "{log}");
    assert!(!log.contains("/v1/auth"), "{log}");
}

fn challenges_per_kid_are_capped(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice)]);
    let api = server.api();
    // 32 challenges for one kid: only the newest 16 are kept, the last one among them.
    let challenges: Vec<String> = (0..32)
        .map(|_| api.challenge(&alice.kid).ok()["challenge"].as_str().unwrap().to_string())
        .collect();
    let answered: Vec<bool> =
        challenges.iter().map(|c| api.answer(&alice.key, &alice.kid, c).status == 200).collect();
    assert_eq!(answered.iter().filter(|a| **a).count(), 16, "{answered:?}");
    assert!(answered[31], "the newest challenge was dropped");
    if kind == Kind::Sqlite {
        assert_eq!(answered.iter().position(|a| *a), Some(16), "{answered:?}");
    }
    server.stop();
}

/// A member's kid has a challenge budget of its own, above one address's: one address cannot
/// use it up, many together cannot flood it. Limits are the same whatever the database: SQLite.
#[test]
fn challenges_per_kid_are_limited_across_addresses() {
    let db = Db::new(Kind::Sqlite).unwrap();
    let alice = member(db.dir.path(), "alice");
    // Per address: 1 a second, bursts of 2. Per kid: 4 a second, bursts of 8.
    let server = start(&db, &[&allow(&alice), "--rate", "1", "--trusted-proxy", "127.0.0.1"]);
    let api = server.api();
    let ask = |xff: &str| {
        api.post_via_proxy("/v1/auth/challenge", xff, &json!({ "kid": alice.kid })).status
    };
    // One address: its own limit stops it long before the kid's.
    let one: Vec<u16> = (0..6).map(|_| ask("203.0.113.1")).collect();
    assert_eq!(one, [200, 200, 429, 429, 429, 429]);
    // Many addresses, two each: the kid's burst of 8 ends it (6 left after the 2 above).
    let many: Vec<u16> = (2..8)
        .flat_map(|n| {
            let addr = format!("203.0.113.{n}");
            [ask(&addr), ask(&addr)]
        })
        .collect();
    assert_eq!(many.iter().filter(|s| **s == 200).count(), 6, "{many:?}");
    assert_eq!(many.iter().filter(|s| **s == 429).count(), 6, "{many:?}");
    server.stop();
}

/// A body refused before it is read (too large, by its declared length) still gets its 413, and
/// the word that the connection closes, to a client that keeps sending. SQLite only: no
/// database work.
#[test]
fn an_early_refusal_reaches_a_client_still_sending() {
    use std::io::Write;
    let db = Db::new(Kind::Sqlite).unwrap();
    let alice = member(db.dir.path(), "alice");
    let server = start(&db, &[&allow(&alice), "--max-body", "4096"]);
    let addr = server.addr();
    for round in 0..20 {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        let head = "POST /v1/auth/challenge HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4194304\r\n\r\n";
        s.write_all(head.as_bytes()).unwrap();
        let mut writer = s.try_clone().unwrap();
        let sender = std::thread::spawn(move || {
            let chunk = [b' '; 16384];
            for _ in 0..256 {
                if writer.write_all(&chunk).is_err() {
                    break;
                }
            }
        });
        let (got, _) = read_until_closed(&mut s, Duration::from_secs(10));
        assert!(got.starts_with("HTTP/1.1 413"), "round {round}: {got:?}");
        assert!(got.to_ascii_lowercase().contains("connection: close"), "{got:?}");
        drop(s);
        sender.join().unwrap();
    }
    server.stop();
}
