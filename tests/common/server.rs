//! A real `proofctl serve` on a loopback port for one test, and a bare HTTP client that speaks
//! the sync API as another implementation would (raw bodies, so tests can send what proofctl's
//! own client never would).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use proofctl::keys::{generate, kid, public_key_pem};
use proofctl::sync::protocol::auth_message;
use serde_json::{Value, json};

/// Spawns `cmd`, a `proofctl serve`, and waits until it says where it listens: (the child, its
/// URL, its stderr so far and from then on). Kills it and panics, with what it said, if it has
/// not said so within 60 s.
pub fn spawn_listening(mut cmd: Command) -> (Child, String, Arc<Mutex<String>>) {
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("proofctl serve starts");
    let pipe = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = mpsc::channel();
    let copy = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.strip_prefix("listening on ") {
                let _ = tx.send(addr.trim().to_string());
            }
            copy.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(url) => (child, url, log),
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "proofctl serve did not say `listening on` within 60 s: {}",
                log.lock().unwrap()
            );
        }
    }
}

/// A `proofctl serve` process, killed when dropped.
pub struct Serve {
    child: Child,
    pub url: String,
    log: Arc<Mutex<String>>,
}

impl Serve {
    /// `proofctl serve --listen 127.0.0.1:0 --db DB ARGS...`, once it says where it listens.
    pub fn start(db: &str, args: &[String]) -> Serve {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_proofctl"));
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--db", db])
            .args(args)
            .env_remove("PROOFCTL_NOW");
        let (child, url, log) = spawn_listening(cmd);
        Serve { child, url, log }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn api(&self) -> Api {
        proofctl::sync::client::install_tls_provider();
        let http =
            reqwest::blocking::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        Api { http, base: self.url.clone() }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A member key, with its public key written to `DIR/NAME.pub`.
pub struct Member {
    pub key: SigningKey,
    pub kid: String,
    pub pub_path: PathBuf,
}

impl Member {
    pub fn new(dir: &Path, name: &str) -> Member {
        let key = generate();
        let pub_path = dir.join(format!("{name}.pub"));
        std::fs::write(&pub_path, public_key_pem(&key.verifying_key())).unwrap();
        Member { kid: kid(&key.verifying_key()), key, pub_path }
    }

    /// The `serve` argument that makes this key a member.
    pub fn allow(&self) -> String {
        format!("--allow-key={}", self.pub_path.display())
    }
}

pub struct Api {
    http: reqwest::blocking::Client,
    base: String,
}

/// An answer: its status and its body (a JSON string holding the text when it is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Api {
    /// A client of the server at `base` (`http://ADDR`), for servers started otherwise.
    pub fn at(base: &str) -> Api {
        proofctl::sync::client::install_tls_provider();
        let http =
            reqwest::blocking::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        Api { http, base: base.to_string() }
    }

    /// POSTs `body` exactly as given, as JSON.
    pub fn post_raw(&self, path: &str, token: Option<&str>, body: String) -> Reply {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        reply(req.send().unwrap())
    }

    pub fn get(&self, path: &str, token: &str) -> Reply {
        reply(self.http.get(format!("{}{path}", self.base)).bearer_auth(token).send().unwrap())
    }

    /// A token for `m`, through the challenge and its signed answer.
    pub fn sign_in(&self, m: &Member) -> String {
        let c = self.post_raw("/v1/auth/challenge", None, json!({ "kid": m.kid }).to_string());
        assert_eq!(c.status, 200, "{c:?}");
        let challenge = c.body["challenge"].as_str().unwrap();
        let bytes = URL_SAFE_NO_PAD.decode(challenge).unwrap();
        let sig = URL_SAFE_NO_PAD.encode(m.key.sign(&auth_message(&bytes, &m.kid)).to_bytes());
        let body = json!({ "kid": m.kid, "challenge": challenge, "signature": sig });
        let t = self.post_raw("/v1/auth/token", None, body.to_string());
        assert_eq!(t.status, 200, "{t:?}");
        t.body["token"].as_str().unwrap().to_string()
    }

    /// Every stored item, page by page.
    pub fn pull_all(&self, token: &str) -> Vec<Value> {
        let mut after = 0;
        let mut all = Vec::new();
        loop {
            let page = self.get(&format!("/v1/items?after={after}&limit=1000"), token);
            assert_eq!(page.status, 200, "{page:?}");
            all.extend(page.body["items"].as_array().unwrap().iter().cloned());
            after = page.body["next"].as_i64().unwrap();
            if !page.body["more"].as_bool().unwrap() {
                return all;
            }
        }
    }
}

fn reply(r: reqwest::blocking::Response) -> Reply {
    let status = r.status().as_u16();
    let text = r.text().unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply { status, body }
}

/// A `proofctl serve` child process for `proofctl sync` tests, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    /// Starts a server on `listen` (port 0 for any) over `db`, allowing `keys`, with `extra` flags.
    pub fn start(db: &str, listen: &str, keys: &[&Path], extra: &[&str]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_proofctl"));
        cmd.args(["serve", "--listen", listen, "--db", db]);
        for k in keys {
            cmd.arg("--allow-key").arg(k);
        }
        cmd.args(extra);
        let (child, url, _) = spawn_listening(cmd);
        Server { child, url }
    }

    /// `HOST:PORT`, as given to `--listen` to restart on the same address.
    pub fn listen(&self) -> String {
        self.url.trim_start_matches("http://").trim_end_matches('/').to_string()
    }

    pub fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().trim_end_matches('/').parse().unwrap()
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn health(&self) -> Value {
        proofctl::sync::client::install_tls_provider();
        let body = reqwest::blocking::get(format!("{}/healthz", self.url)).unwrap().text().unwrap();
        serde_json::from_str(&body).unwrap()
    }

    pub fn items(&self) -> i64 {
        self.health()["database"]["items"].as_i64().unwrap()
    }

    pub fn database_id(&self) -> String {
        self.health()["database"]["id"].as_str().unwrap().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A member: a home with a key pair (no passphrase, to keep the tests fast); its public key.
pub fn member(env: &super::Env, name: &str) -> PathBuf {
    env.cmd().args(["keygen", "--no-passphrase", "-q", "--name", name]).assert().success();
    env.home().join("keys").join(format!("{name}.pub"))
}
