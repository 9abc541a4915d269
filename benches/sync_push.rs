//! Push throughput of the sync server: `proofctl serve` on loopback, N proofs pushed in pages of
//! 500 by one client, then by 8 concurrent clients over overlapping sets (each proof pushed by
//! two of them), checking the server ends with exactly the union.
//!
//!     cargo bench --locked --bench sync_push -- [--n N] [--clients C] [--page P]
//!                                                [--postgres URL] [--no-entries] [--json FILE]
//!
//! N defaults to 100,000 (the target: ≤ 60 s for one client), C to 8, P to 500. SQLite always;
//! PostgreSQL too with --postgres (or PROOFCTL_BENCH_POSTGRES): a URL whose role may CREATE
//! DATABASE; each run gets a fresh database, dropped after. Proofs (each with an index entry: a
//! text sketch and a 384-dimension embedding, as a client with a model pushes, unless
//! --no-entries) and request bodies are made before the clock starts. The server is the binary
//! cargo built for this bench profile.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::{Signer, SigningKey};
use proofctl::keys::{kid, public_key_pem};
use proofctl::proof::{Digest256, ProofBody};
use proofctl::sync::protocol::{
    PushItem, PushRequest, PushResponse, PushStatus, WireEmbedding, WireEntry, WireText,
    auth_message, proof_id,
};
use proofctl::sync::wire;
use rayon::prelude::*;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_proofctl");
const USAGE: &str = "usage: cargo bench --locked --bench sync_push -- [--n N] [--clients C] \
                     [--page P] [--postgres URL] [--no-entries] [--json FILE]";

struct Args {
    n: usize,
    clients: usize,
    page: usize,
    postgres: Option<String>,
    entries: bool,
    json: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        n: 100_000,
        clients: 8,
        page: 500,
        postgres: std::env::var("PROOFCTL_BENCH_POSTGRES").ok(),
        entries: true,
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
            "--page" => a.page = value("--page")?.parse().map_err(|e| format!("--page: {e}"))?,
            "--postgres" => a.postgres = Some(value("--postgres")?),
            "--no-entries" => a.entries = false,
            "--json" => a.json = Some(value("--json")?),
            // cargo bench passes --bench to harness = false targets.
            "--bench" => {}
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if a.n == 0 || a.clients == 0 || !(1..=1000).contains(&a.page) {
        return Err("--n and --clients must be positive, --page 1..=1000".into());
    }
    Ok(a)
}

/// Makes `n` signed proofs (several signers, as a team has) and their entries, as push items.
fn make_items(n: usize, entries: bool) -> Vec<PushItem> {
    let signers: Vec<SigningKey> = (0..8u8).map(|i| SigningKey::from_bytes(&[i + 1; 32])).collect();
    let created = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    (0..n)
        .into_par_iter()
        .map(|i| {
            let key = &signers[i % signers.len()];
            let mut sha256 = [0u8; 32];
            sha256[..8].copy_from_slice(&(i as u64).to_le_bytes());
            let digest = Digest256 { size: 1_000 + i as u64, sha256 };
            let proof = ProofBody::new(
                &format!("file-{i}.txt"),
                &digest,
                &key.verifying_key(),
                created,
                Default::default(),
            )
            .expect("a valid body")
            .sign(key);
            let entry = entries.then(|| {
                let mut vector = vec![0u8; 4 + 384];
                vector[..4].copy_from_slice(&0.01f32.to_le_bytes());
                for (k, b) in vector[4..].iter_mut().enumerate() {
                    *b = (i.wrapping_mul(31).wrapping_add(k * 7) % 251) as u8;
                }
                WireEntry {
                    size: digest.size,
                    media_type: "text/plain".into(),
                    image: None,
                    text: Some(WireText {
                        algorithm: "simhash-v1".into(),
                        simhash: format!(
                            "{:032x}",
                            (i as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                        ),
                        words: 120,
                    }),
                    embeddings: vec![WireEmbedding {
                        model: "all-MiniLM-L6-v2@0123abcd".into(),
                        dim: 384,
                        vector: STANDARD.encode(&vector),
                    }],
                }
            });
            PushItem {
                proof: wire::proof_to_wire(&proof),
                entry: entry.as_ref().map(wire::entry_to_raw),
            }
        })
        .collect()
}

/// Request bodies for `items`, `page` at a time.
fn bodies(items: &[PushItem], page: usize) -> Vec<Vec<u8>> {
    items
        .par_chunks(page)
        .map(|chunk| {
            serde_json::to_vec(&PushRequest { items: chunk.to_vec() }).expect("a page serialises")
        })
        .collect()
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &str, member: &Path) -> Result<Server, String> {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--db", db, "--rate", "1000000"])
            .arg(format!("--allow-key=bench={}", member.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{BIN}: {e}"))?;
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

    fn stop(mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
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

/// Pushes the pages in order; signs in again when the token runs out. Returns the statuses.
fn push_pages(url: &str, key: &SigningKey, pages: &[&Vec<u8>]) -> Result<Vec<PushStatus>, String> {
    let http = client();
    let mut token = sign_in(&http, url, key)?;
    let mut out = Vec::new();
    for body in pages {
        loop {
            let r = http
                .post(format!("{url}/v1/proofs"))
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body((*body).clone())
                .send()
                .map_err(|e| e.to_string())?;
            if r.status().as_u16() == 401 {
                token = sign_in(&http, url, key)?;
                continue;
            }
            if !r.status().is_success() {
                return Err(format!("push: {} {}", r.status(), r.text().unwrap_or_default()));
            }
            let reply: PushResponse = r.json().map_err(|e| e.to_string())?;
            out.extend(reply.results.iter().map(|r| r.status));
            break;
        }
    }
    Ok(out)
}

/// Every id on the server, checking that none appears twice.
fn pull_ids(url: &str, key: &SigningKey) -> Result<(usize, HashSet<String>), String> {
    let http = client();
    let token = sign_in(&http, url, key)?;
    let mut after = 0i64;
    let mut count = 0;
    let mut ids = HashSet::new();
    loop {
        let page: Value = http
            .get(format!("{url}/v1/items?after={after}&limit=1000"))
            .bearer_auth(&token)
            .send()
            .and_then(|r| r.json())
            .map_err(|e| e.to_string())?;
        for item in page["items"].as_array().ok_or(format!("not a page: {page}"))? {
            count += 1;
            ids.insert(item["id"].as_str().unwrap_or_default().to_string());
        }
        after = page["next"].as_i64().ok_or("no next")?;
        if page["more"] != true {
            return Ok((count, ids));
        }
    }
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
    fn new(backend: &str, admin: Option<&str>, dir: &Path, run: &str) -> Result<Db, String> {
        match admin {
            None => {
                Ok(Db { url: dir.join(format!("{run}.sqlite")).display().to_string(), drop: None })
            }
            Some(admin) => {
                let name = format!("proofctl_bench_{}_{run}", std::process::id());
                pg_execute(admin, &format!("CREATE DATABASE {name}"))?;
                let (base, query) = admin.split_once('?').map_or((admin, ""), |(b, q)| (b, q));
                let (scheme, rest) =
                    base.split_once("://").ok_or(format!("{backend}: not a URL"))?;
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
    pushed: usize,
    stored: usize,
    seconds: f64,
}

fn run_one(
    backend: &'static str,
    admin: Option<&str>,
    dir: &Path,
    args: &Args,
    pages: &[Vec<u8>],
    ids: &HashSet<String>,
    clients: usize,
) -> Result<Run, String> {
    let member = SigningKey::from_bytes(&[42u8; 32]);
    let pub_path = dir.join("bench.pub");
    std::fs::write(&pub_path, public_key_pem(&member.verifying_key()))
        .map_err(|e| e.to_string())?;
    let db = Db::new(backend, admin, dir, &format!("{backend}_{clients}"))?;
    let server = Server::start(&db.url, &pub_path)?;
    // Each client pushes a run of consecutive pages; with several clients each run is twice
    // 1/C of the pages, starting where the previous client's started, so every page goes out twice.
    let plans: Vec<Vec<&Vec<u8>>> = if clients == 1 {
        vec![pages.iter().collect()]
    } else {
        (0..clients)
            .map(|c| {
                let start = c * pages.len() / clients;
                let len = 2 * pages.len().div_ceil(clients);
                (0..len.min(pages.len())).map(|k| &pages[(start + k) % pages.len()]).collect()
            })
            .collect()
    };
    let started = Instant::now();
    let results: Vec<Result<Vec<PushStatus>, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = plans
            .iter()
            .map(|plan| {
                let (url, member) = (&server.url, &member);
                s.spawn(move || push_pages(url, member, plan))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a pusher thread")).collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut pushed = 0;
    let mut stored = 0;
    for r in results {
        for status in r? {
            pushed += 1;
            match status {
                PushStatus::Stored => stored += 1,
                PushStatus::Duplicate => {}
                PushStatus::Refused => return Err("the server refused a proof".into()),
            }
        }
    }
    let (count, on_server) = pull_ids(&server.url, &member)?;
    server.stop();
    if stored != args.n || count != args.n || on_server.len() != args.n || &on_server != ids {
        return Err(format!(
            "{backend}, {clients} clients: {stored} stored, {count} items pulled ({} distinct), {} expected",
            on_server.len(),
            args.n
        ));
    }
    Ok(Run { backend, clients, pushed, stored, seconds })
}

fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("sync_push: {e}\n{USAGE}");
        std::process::exit(2);
    });
    let dir = tempfile::tempdir().expect("a temp dir");
    eprintln!("making {} proofs{}...", args.n, if args.entries { " with entries" } else { "" });
    let t = Instant::now();
    let items = make_items(args.n, args.entries);
    let ids: HashSet<String> = items
        .par_iter()
        .map(|i| proof_id(&wire::parse_proof(&i.proof).expect("a proof")))
        .collect();
    let pages = bodies(&items, args.page);
    drop(items);
    let mib = pages.iter().map(Vec::len).sum::<usize>() as f64 / (1 << 20) as f64;
    eprintln!(
        "made in {:.1} s: {} pages of {}, {mib:.0} MiB of requests",
        t.elapsed().as_secs_f64(),
        pages.len(),
        args.page
    );
    let mut backends: Vec<(&'static str, Option<&str>)> = vec![("sqlite", None)];
    if let Some(url) = args.postgres.as_deref() {
        backends.push(("postgres", Some(url)));
    }
    let mut runs = Vec::new();
    println!("backend   clients  pushed   stored   seconds  proofs/s (stored)  requests/s");
    for (backend, admin) in backends {
        let mut modes = vec![1];
        if args.clients > 1 {
            modes.push(args.clients);
        }
        for clients in modes {
            let run = run_one(backend, admin, dir.path(), &args, &pages, &ids, clients)
                .unwrap_or_else(|e| {
                    eprintln!("sync_push: {e}");
                    std::process::exit(1);
                });
            let requests = run.pushed.div_ceil(args.page) as f64 / run.seconds;
            println!(
                "{:<9} {:<8} {:<8} {:<8} {:<8.2} {:<18.0} {requests:.1}",
                run.backend,
                run.clients,
                run.pushed,
                run.stored,
                run.seconds,
                run.stored as f64 / run.seconds
            );
            runs.push(run);
        }
    }
    let single = runs.iter().filter(|r| r.clients == 1).map(|r| r.seconds).fold(0.0, f64::max);
    let verdict = if single <= 60.0 * args.n as f64 / 100_000.0 { "met" } else { "NOT met" };
    println!("target: {} proofs by one client in <= 60 s per 100,000: {verdict}", args.n);
    if let Some(path) = &args.json {
        let doc = json!({
            "n": args.n,
            "page": args.page,
            "entries": args.entries,
            "runs": runs.iter().map(|r| json!({
                "backend": r.backend,
                "clients": r.clients,
                "pushed": r.pushed,
                "stored": r.stored,
                "seconds": (r.seconds * 1000.0).round() / 1000.0,
                "stored_per_second": (r.stored as f64 / r.seconds).round(),
            })).collect::<Vec<_>>(),
        });
        std::fs::write(path, format!("{doc}\n")).unwrap_or_else(|e| {
            eprintln!("sync_push: {path}: {e}");
            std::process::exit(2);
        });
    }
}
