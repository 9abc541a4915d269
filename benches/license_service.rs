//! Issue throughput of the licence service: `proofctl serve --license-key` on loopback, vendors
//! issuing licences over HTTP (`POST /v1/licenses`, one licence per request, each signed by the
//! server's vendor key and recorded with its audit entry in one transaction), by 1 client and by
//! C concurrent ones, on SQLite and PostgreSQL. Afterwards the server must list exactly the
//! licences issued.
//!
//!     cargo bench --locked --bench license_service -- [--n N] [--clients C] [--postgres URL]
//!                                                     [--json FILE]
//!
//! N (licences per run) defaults to 5,000, C to 8. SQLite always; PostgreSQL too with --postgres
//! (or PROOFCTL_BENCH_POSTGRES): a URL whose role may CREATE DATABASE; each run gets a fresh
//! database, dropped after. Each client is a member of its own with the vendor role, signed in
//! before the clock starts; the vendor key is sealed with a passphrase, unlocked when the server
//! starts (not timed). The server is the binary cargo built for this bench profile.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use proofctl::keys::{kid, public_key_pem};
use proofctl::sync::protocol::auth_message;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_proofctl");
const USAGE: &str = "usage: cargo bench --locked --bench license_service -- [--n N] \
                     [--clients C] [--postgres URL] [--json FILE]";
const PASSPHRASE: &str = "bench passphrase, not a secret";

struct Args {
    n: usize,
    clients: usize,
    postgres: Option<String>,
    json: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        n: 5_000,
        clients: 8,
        postgres: std::env::var("PROOFCTL_BENCH_POSTGRES").ok(),
        json: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--n" => a.n = value("--n")?.parse().map_err(|e| format!("--n: {e}"))?,
            "--clients" => {
                a.clients = value("--clients")?.parse().map_err(|e| format!("--clients: {e}"))?
            }
            "--postgres" => a.postgres = Some(value("--postgres")?),
            "--json" => a.json = Some(value("--json")?),
            // cargo bench passes --bench to harness = false targets.
            "--bench" => {}
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if a.n == 0 || a.clients == 0 {
        return Err("--n and --clients must be positive".into());
    }
    Ok(a)
}

fn proofctl(home: &Path, args: &[&str]) -> Result<(), String> {
    let o = Command::new(BIN)
        .args(args)
        .env("PROOFCTL_HOME", home)
        .env("PROOFCTL_PASSPHRASE", PASSPHRASE)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{BIN}: {e}"))?;
    if !o.status.success() {
        return Err(format!("proofctl {}: {}", args.join(" "), String::from_utf8_lossy(&o.stderr)));
    }
    Ok(())
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &str, home: &Path, members: &[&Path]) -> Result<Server, String> {
        let key = home.join("keys/acme.key");
        let pass = home.join("passphrase.txt");
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--db", db, "--rate", "1000000"])
            .arg("--license-key")
            .arg(&key)
            .arg("--license-passphrase-file")
            .arg(&pass)
            .env("PROOFCTL_HOME", home)
            .env_remove("PROOFCTL_PASSPHRASE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for m in members {
            cmd.arg(format!("--allow-key={}", m.display()));
        }
        let mut child = cmd.spawn().map_err(|e| format!("{BIN}: {e}"))?;
        let (tx, rx) = mpsc::channel();
        let pipe = child.stderr.take().expect("piped");
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                match line.strip_prefix("listening on ") {
                    Some(url) => {
                        let _ = tx.send(Ok(url.to_string()));
                    }
                    None if line.contains("error") => {
                        let _ = tx.send(Err(line));
                    }
                    None => {}
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(url)) => Ok(Server { child, url }),
            Ok(Err(line)) => Err(line),
            Err(_) => Err("proofctl serve did not start within 60 s".into()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::blocking::Client {
    proofctl::sync::client::install_tls_provider();
    reqwest::blocking::Client::builder().timeout(Duration::from_secs(300)).build().expect("client")
}

fn sign_in(
    http: &reqwest::blocking::Client,
    url: &str,
    key: &SigningKey,
) -> Result<String, String> {
    let id = kid(&key.verifying_key());
    let post = |path: &str, body: Value| -> Result<Value, String> {
        let r = http.post(format!("{url}{path}")).json(&body).send().map_err(|e| e.to_string())?;
        let status = r.status();
        let v: Value = r.json().map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("{path}: {status} {v}"));
        }
        Ok(v)
    };
    let c = post("/v1/auth/challenge", json!({ "kid": id }))?;
    let challenge = c["challenge"].as_str().ok_or("no challenge")?.to_string();
    let bytes = URL_SAFE_NO_PAD.decode(&challenge).map_err(|e| e.to_string())?;
    let sig = URL_SAFE_NO_PAD.encode(key.sign(&auth_message(&bytes, &id)).to_bytes());
    let t = post("/v1/auth/token", json!({ "kid": id, "challenge": challenge, "signature": sig }))?;
    Ok(t["token"].as_str().ok_or("no token")?.to_string())
}

/// Issues `count` licences one request at a time; returns each request's latency. Signs in
/// again when the token runs out (tokens last 5 minutes).
fn issue(url: &str, key: &SigningKey, client_no: usize, count: usize) -> Result<Vec<f64>, String> {
    let http = client();
    let mut token = sign_in(&http, url, key)?;
    let mut latencies = Vec::with_capacity(count);
    for i in 0..count {
        let body = json!({
            "customer": format!("c{client_no}-{i}"), "customer_name": "Bench Customer",
            "product": "cad", "versions": ["17.0", "18.0"], "modules": ["sales", "stock"],
            "type": "subscription", "days": 365, "grace_days": 14,
        })
        .to_string();
        loop {
            let started = Instant::now();
            let r = http
                .post(format!("{url}/v1/licenses"))
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .map_err(|e| e.to_string())?;
            if r.status().as_u16() == 401 {
                token = sign_in(&http, url, key)?;
                continue;
            }
            if !r.status().is_success() {
                return Err(format!("issue: {} {}", r.status(), r.text().unwrap_or_default()));
            }
            let _ = r.bytes().map_err(|e| e.to_string())?;
            latencies.push(started.elapsed().as_secs_f64());
            break;
        }
    }
    Ok(latencies)
}

/// A database for one run: a SQLite file, or a fresh PostgreSQL database.
struct Db {
    url: String,
    drop: Option<(String, String)>,
}

fn pg_execute(url: &str, sql: &str) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .map_err(|e| format!("--postgres: {e:?}"))?;
        let task = tokio::spawn(conn);
        client.batch_execute(sql).await.map_err(|e| format!("{sql}: {e:?}"))?;
        drop(client);
        let _ = task.await;
        Ok(())
    })
}

impl Db {
    fn new(admin: Option<&str>, dir: &Path, run: &str) -> Result<Db, String> {
        match admin {
            None => {
                Ok(Db { url: dir.join(format!("{run}.sqlite")).display().to_string(), drop: None })
            }
            Some(admin) => {
                let name = format!("proofctl_bench_{}_{run}", std::process::id());
                pg_execute(admin, &format!("CREATE DATABASE {name}"))?;
                let (base, query) = admin.split_once('?').map_or((admin, ""), |(b, q)| (b, q));
                let (scheme, rest) = base.split_once("://").ok_or("--postgres: not a URL")?;
                let authority = rest.split('/').next().unwrap_or("");
                let q = if query.is_empty() { String::new() } else { format!("?{query}") };
                let url = format!("{scheme}://{authority}/{name}{q}");
                Ok(Db { url, drop: Some((admin.to_string(), name)) })
            }
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.drop {
            let _ = pg_execute(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

struct Run {
    backend: &'static str,
    clients: usize,
    issued: usize,
    listed: usize,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn run_one(
    backend: &'static str,
    admin: Option<&str>,
    dir: &Path,
    n: usize,
    clients: usize,
) -> Result<Run, String> {
    let run = format!("{backend}_{clients}");
    let db = Db::new(admin, dir, &run)?;
    let home = dir.join(format!("home-{run}"));
    proofctl(&home, &["keygen", "-q", "--name", "acme"])?;
    std::fs::write(home.join("passphrase.txt"), format!("{PASSPHRASE}\n"))
        .map_err(|e| e.to_string())?;
    let keys: Vec<SigningKey> =
        (0..clients).map(|i| SigningKey::from_bytes(&[i as u8 + 1; 32])).collect();
    let mut pubs = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let p = dir.join(format!("{run}-vendor{i}.pub"));
        std::fs::write(&p, public_key_pem(&k.verifying_key())).map_err(|e| e.to_string())?;
        pubs.push(p);
    }
    let server =
        Server::start(&db.url, &home, &pubs.iter().map(|p| p.as_path()).collect::<Vec<_>>())?;
    for k in &keys {
        let id = kid(&k.verifying_key());
        proofctl(&home, &["serve", "members", "grant", "--db", &db.url, "--", &id, "vendor"])?;
    }
    let share = n.div_ceil(clients);
    let counts: Vec<usize> = (0..clients).map(|i| share.min(n - (share * i).min(n))).collect();
    let started = Instant::now();
    let results: Vec<Result<Vec<f64>, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = keys
            .iter()
            .zip(&counts)
            .enumerate()
            .map(|(i, (k, &c))| {
                let url = server.url.clone();
                s.spawn(move || issue(&url, k, i, c))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a client thread")).collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut latencies = Vec::with_capacity(n);
    for r in results {
        latencies.extend(r?);
    }
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    // Everything issued is recorded, once.
    let http = client();
    let token = sign_in(&http, &server.url, &keys[0])?;
    let listed: Value = http
        .get(format!("{}/v1/licenses", server.url))
        .bearer_auth(&token)
        .send()
        .and_then(|r| r.json())
        .map_err(|e| e.to_string())?;
    let listed = listed["licenses"].as_array().map_or(0, Vec::len);
    drop(server);
    Ok(Run {
        backend,
        clients,
        issued: latencies.len(),
        listed,
        seconds,
        p50_ms: pct(0.50) * 1e3,
        p99_ms: pct(0.99) * 1e3,
    })
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("license_service: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut backends: Vec<(&'static str, Option<&str>)> = vec![("sqlite", None)];
    if let Some(url) = args.postgres.as_deref() {
        backends.push(("postgres", Some(url)));
    }
    let mut runs = Vec::new();
    for (backend, admin) in backends {
        for clients in [1, args.clients] {
            eprintln!("==> {backend}: {} licences, {clients} client(s)", args.n);
            match run_one(backend, admin, dir.path(), args.n, clients) {
                Ok(r) => {
                    eprintln!(
                        "    {:.0} licences/s ({:.2} s; p50 {:.2} ms, p99 {:.2} ms)",
                        r.issued as f64 / r.seconds,
                        r.seconds,
                        r.p50_ms,
                        r.p99_ms
                    );
                    runs.push(r);
                }
                Err(e) => {
                    eprintln!("license_service: {backend}, {clients} clients: {e}");
                    std::process::exit(1);
                }
            }
        }
    }
    println!(
        "| backend | clients | licences | seconds | licences/s | p50 ms | p99 ms | listed after |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in &runs {
        println!(
            "| {} | {} | {} | {:.2} | {:.0} | {:.2} | {:.2} | {} |",
            r.backend,
            r.clients,
            r.issued,
            r.seconds,
            r.issued as f64 / r.seconds,
            r.p50_ms,
            r.p99_ms,
            r.listed
        );
    }
    let bad = runs.iter().find(|r| r.listed != r.issued);
    if let Some(json) = &args.json {
        let doc: Vec<Value> = runs
            .iter()
            .map(|r| {
                json!({
                    "backend": r.backend, "clients": r.clients, "licences": r.issued,
                    "seconds": r.seconds, "per_second": r.issued as f64 / r.seconds,
                    "p50_ms": r.p50_ms, "p99_ms": r.p99_ms, "listed": r.listed,
                })
            })
            .collect();
        std::fs::write(json, serde_json::to_string_pretty(&doc).expect("json") + "\n")
            .unwrap_or_else(|e| eprintln!("license_service: {json}: {e}"));
    }
    if let Some(r) = bad {
        eprintln!(
            "license_service: {} with {} clients: {} issued but {} listed",
            r.backend, r.clients, r.issued, r.listed
        );
        std::process::exit(1);
    }
}
