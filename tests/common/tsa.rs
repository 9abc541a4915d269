//! A time-stamping authority on loopback for the tests: a std TcpListener answering HTTP/1.1
//! POSTs by running OpenSSL's own TSA (`openssl ts -reply`) on the request, with a key and
//! certificate the test's PKI made. Not a mock of RFC 3161: the good path is OpenSSL's TSA. Modes
//! make the bad cases a real TSA or network can produce: HTTP 500, garbage, the wrong content
//! type, a rejection (OpenSSL's own, for a digest it is told not to accept), no answer at all, and
//! a replayed earlier reply (whose nonce is not the request's).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `openssl ts -reply`: a granted TimeStampResp with a token.
    Good,
    /// HTTP 500 with a text body.
    Status500,
    /// 200, application/timestamp-reply, bytes that are not DER.
    Garbage,
    /// A good reply, sent as text/html.
    WrongContentType,
    /// OpenSSL's TSA configured to accept SHA-1 only: its reply has status rejection (badAlg).
    Rejection,
    /// Reads the request and never answers.
    Slow,
    /// The last good reply again: a valid token over the same bytes, but another request's nonce.
    Replay,
}

struct State {
    mode: Mode,
    last_good: Option<Vec<u8>>,
    seq: u64,
}

pub struct TestTsa {
    pub url: String,
    dir: tempfile::TempDir,
    state: Arc<Mutex<State>>,
    requests: Arc<AtomicUsize>,
}

/// A URL on loopback where nothing listens (a port bound, then released).
pub fn closed_url() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}/tsa")
}

impl TestTsa {
    /// Starts a TSA signing with `key` and `cert`, putting `chain` (PEM) in its tokens.
    pub fn start(cert: &Path, key: &Path, chain: &Path) -> TestTsa {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for (name, digests) in [("good.cnf", "sha256, sha384, sha512"), ("reject.cnf", "sha1")] {
            std::fs::write(
                d.join(name),
                format!(
                    "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = {}\ncrypto_device = builtin\n\
                     signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = {digests}\n\
                     accuracy = secs:1\nordering = no\ntsa_name = no\ness_cert_id_chain = no\n",
                    d.join("serial").display()
                ),
            )
            .unwrap();
        }
        std::fs::write(d.join("serial"), "01\n").unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/tsa", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State { mode: Mode::Good, last_good: None, seq: 0 }));
        let requests = Arc::new(AtomicUsize::new(0));
        let signer = Signer {
            dir: d.to_path_buf(),
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            chain: chain.to_path_buf(),
        };
        {
            let (state, requests) = (state.clone(), requests.clone());
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    let Ok(conn) = conn else { continue };
                    let (state, requests, signer) =
                        (state.clone(), requests.clone(), signer.clone());
                    std::thread::spawn(move || serve(conn, &state, &requests, &signer));
                }
            });
        }
        TestTsa { url, dir, state, requests }
    }

    pub fn set_mode(&self, mode: Mode) {
        self.state.lock().unwrap().mode = mode;
    }

    /// Requests received so far (every mode counts).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The TSA's working folder (its config and serial file).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

#[derive(Clone)]
struct Signer {
    dir: PathBuf,
    cert: PathBuf,
    key: PathBuf,
    chain: PathBuf,
}

impl Signer {
    /// `openssl ts -reply` on the query: the whole TimeStampResp (DER).
    fn reply(&self, query: &[u8], config: &str, seq: u64) -> Vec<u8> {
        let q = self.dir.join(format!("q{seq}.tsq"));
        let r = self.dir.join(format!("r{seq}.tsr"));
        std::fs::write(&q, query).unwrap();
        let out = Command::new("openssl")
            .current_dir(&self.dir)
            .args(["ts", "-reply", "-config", config, "-queryfile"])
            .arg(&q)
            .arg("-signer")
            .arg(&self.cert)
            .arg("-inkey")
            .arg(&self.key)
            .arg("-chain")
            .arg(&self.chain)
            .arg("-out")
            .arg(&r)
            .output()
            .expect("openssl runs");
        assert!(
            out.status.success(),
            "openssl ts -reply: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(&r).unwrap()
    }
}

/// Reads one HTTP/1.1 request: its head and its body (by Content-Length).
fn read_request(conn: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = conn.read(&mut chunk).ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case("content-length").then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = conn.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((head, body))
}

fn respond(conn: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(body);
    let _ = conn.flush();
}

fn serve(mut conn: TcpStream, state: &Mutex<State>, requests: &AtomicUsize, signer: &Signer) {
    let Some((head, query)) = read_request(&mut conn) else { return };
    requests.fetch_add(1, Ordering::SeqCst);
    assert!(head.starts_with("POST "), "the TSA is asked with POST: {head}");
    assert!(
        head.to_ascii_lowercase().contains("content-type: application/timestamp-query"),
        "a time-stamp query: {head}"
    );
    const REPLY: &str = "application/timestamp-reply";
    // One openssl at a time: they share the serial file.
    let mut st = state.lock().unwrap();
    st.seq += 1;
    let seq = st.seq;
    match st.mode {
        Mode::Good | Mode::WrongContentType => {
            let reply = signer.reply(&query, "good.cnf", seq);
            st.last_good = Some(reply.clone());
            let ct = if st.mode == Mode::Good { REPLY } else { "text/html" };
            drop(st);
            respond(&mut conn, "200 OK", ct, &reply);
        }
        Mode::Rejection => {
            let reply = signer.reply(&query, "reject.cnf", seq);
            drop(st);
            respond(&mut conn, "200 OK", REPLY, &reply);
        }
        Mode::Replay => {
            let reply = st.last_good.clone().expect("a good reply before a replay");
            drop(st);
            respond(&mut conn, "200 OK", REPLY, &reply);
        }
        Mode::Status500 => {
            drop(st);
            respond(&mut conn, "500 Internal Server Error", "text/plain", b"the TSA is broken");
        }
        Mode::Garbage => {
            drop(st);
            respond(&mut conn, "200 OK", REPLY, b"\x30\x82garbage, not DER at all");
        }
        Mode::Slow => {
            drop(st);
            // Holds the connection open, unanswered, for longer than any client waits.
            std::thread::sleep(Duration::from_secs(120));
        }
    }
}
