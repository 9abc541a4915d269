//! The client side of `proofctl sync`: signs in with the member's key, pushes local proofs and
//! entries the server has not acknowledged, pulls the team's into the index, and refreshes
//! published keys and revocation lists. Retries with backoff; nothing local is lost on failure.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use reqwest::StatusCode;
use reqwest::blocking::{Client as Http, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::protocol::{
    self, API_PREFIX, ChallengeRequest, ChallengeResponse, DEFAULT_PAGE, ErrorBody, KeysResponse,
    PublishedKey, PullResponse, PulledItem, PushItem, PushRequest, PushResponse, PushStatus,
    RevocationPush, RevocationPushResponse, RevocationsResponse, TokenRequest, TokenResponse,
    WireEmbedding, WireEntry, WireImage, WireText,
};
use crate::fsutil::{self, Mode, WriteError};
use crate::home::{Home, HomeError};
use crate::index::{
    Embedding, Index, IndexError, NewEntry, ProofRecord, REMOTE_PREFIX, SignedEntry, Written,
};
use crate::keys::{kid, parse_public_key_pem};
use crate::license::revocation::{RevocationError, RevocationStore};
use crate::proof::Proof;
use crate::similarity::image::{self, ImageSketch};
use crate::similarity::text::{self, TextSketch};
use crate::similarity::{Sketch, media_type_by_name};
use crate::term::safe;

/// Sync failures. Fields hold text as received (the server's words included, at most
/// [`MAX_SERVER_TEXT`] characters of each); the messages show it through [`safe`], as they are
/// meant for a terminal.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "{}: not a usable server URL ({reason}); give one like https://proofs.example.com",
        safe(.server)
    )]
    BadUrl { server: String, reason: String },
    #[error(
        "{}: no answer after {attempts} attempt(s) ({}); nothing local was lost: run `proofctl sync` again when the server is up",
        safe(.server), safe(.detail)
    )]
    Unreachable { server: String, attempts: u32, detail: String },
    #[error("{}: {}", safe(.server), safe(.message))]
    Refused { server: String, status: u16, code: String, message: String },
    #[error(
        "{}: unexpected answer to {what} ({}); is this a proofctl sync server?",
        safe(.server), safe(.detail)
    )]
    Protocol { server: String, what: String, detail: String },
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Home(#[from] HomeError),
}

/// A sync server's base URL, normalised (no trailing slash), and the name its entries get.
#[derive(Debug, Clone)]
pub struct Server {
    url: reqwest::Url,
    /// The URL as recorded in the index and printed: scheme, host, port and path.
    pub name: String,
    /// `HOST:PORT`, in pulled entries' paths.
    pub host_port: String,
}

impl Server {
    pub fn parse(text: &str) -> Result<Server, SyncError> {
        let bad = |reason: &str| SyncError::BadUrl { server: text.into(), reason: reason.into() };
        let url = reqwest::Url::parse(text.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(bad("only http:// and https:// are supported"));
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            return Err(bad("no query, fragment or user name, please"));
        }
        let host = url.host_str().ok_or_else(|| bad("no host"))?.to_string();
        let port = url.port_or_known_default().ok_or_else(|| bad("no port"))?;
        let name = url.as_str().trim_end_matches('/').to_string();
        Ok(Server { url, name, host_port: format!("{host}:{port}") })
    }

    /// The URL of an API path, which may end in a query (`/v1/items?after=3`).
    fn endpoint(&self, path: &str) -> reqwest::Url {
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let mut url = self.url.clone();
        let base = url.path().trim_end_matches('/').to_string();
        url.set_path(&format!("{base}{path}"));
        url.set_query(query);
        url
    }
}

/// Makes rustls on ring the process's TLS provider, which reqwest needs before a client is built
/// (it is built without aws-lc-rs: see Cargo.toml). Later calls change nothing.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Reports progress to whoever renders it; the library never touches the terminal.
pub trait Observer {
    /// A phase starts ("pushing", "pulling"); `total` when known.
    fn phase(&mut self, _what: &str, _total: Option<u64>) {}
    fn advanced(&mut self, _n: u64) {}
    /// What the current phase is doing now ("page 3").
    fn status(&mut self, _what: String) {}
    /// Something worth a line that does not stop the run.
    fn warned(&mut self, _line: String) {}
}

/// What `sync` does.
#[derive(Debug, Clone)]
pub struct Options {
    pub push: bool,
    pub pull: bool,
    /// Attempts per request (at least 1).
    pub attempts: u32,
    /// The model name (ids are NAME@DIGEST) whose vector to keep when a pulled entry carries
    /// several; else the first.
    pub prefer_model: Option<String>,
    /// Items per push request and per pulled page.
    pub page: usize,
    /// Pages pulled per run at most: a server that always says more cannot keep a sync running
    /// for ever. What was pulled is kept, so the next run goes on from there.
    pub max_pages: u64,
}

/// Pages pulled per run unless told otherwise: a million items at the default page size.
pub const DEFAULT_MAX_PAGES: u64 = 1_000;

impl Default for Options {
    fn default() -> Options {
        Options {
            push: true,
            pull: true,
            attempts: 6,
            prefer_model: None,
            page: DEFAULT_PAGE,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }
}

/// Why pulling stopped while the server still said more items follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum PullStop {
    /// `max_pages` pages were pulled; the rest waits for the next run.
    PageCap { pages: u64 },
    /// The server said more follow item `after` but sent none.
    NoProgress { after: i64 },
}

/// One item the server or this home refused.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// The local path (pushed) or proof id (pulled).
    pub item: String,
    /// Text for people; `--json` calls it `message`, as every free-text member is called there.
    #[serde(rename = "message")]
    pub reason: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub server: String,
    pub kid: String,
    /// Local signed entries already acknowledged before this run.
    pub already_pushed: u64,
    pub pushed: u64,
    /// Pushed, but the server had them already (from another member, or an earlier run whose
    /// answer was lost).
    pub pushed_duplicates: u64,
    pub push_refused: Vec<Refusal>,
    pub pulled_added: u64,
    pub pulled_updated: u64,
    /// Items pulled that this home pushed itself.
    pub pulled_own: u64,
    pub pull_refused: Vec<Refusal>,
    /// Pages of items pulled.
    pub pulled_pages: u64,
    /// Set when pulling stopped before the server said it was done.
    pub pull_stopped: Option<PullStop>,
    pub cursor: i64,
    pub published_keys: u64,
    pub keys_dir: Option<PathBuf>,
    pub revocations_pushed: u64,
    pub revocations_stored: u64,
    pub revocations_refused: Vec<Refusal>,
}

impl Report {
    /// Whether something was refused (exit 1).
    pub fn refused_any(&self) -> bool {
        !self.push_refused.is_empty()
            || !self.pull_refused.is_empty()
            || !self.revocations_refused.is_empty()
    }
}

/// An HTTP session with one server: retries, sign-in and token renewal.
pub struct Session<'k> {
    http: Http,
    server: Server,
    key: &'k SigningKey,
    kid: String,
    attempts: u32,
    token: Option<String>,
}

enum Failure {
    /// Worth another try: connection errors, 5xx, 429 (with the server's Retry-After).
    Transient {
        detail: String,
        retry_after: Option<Duration>,
    },
    Final(SyncError),
}

impl<'k> Session<'k> {
    pub fn new(
        server: Server,
        key: &'k SigningKey,
        attempts: u32,
    ) -> Result<Session<'k>, SyncError> {
        install_tls_provider();
        let http = Http::builder()
            .user_agent(concat!("proofctl/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| SyncError::BadUrl {
                server: server.name.clone(),
                reason: e.to_string(),
            })?;
        let kid = kid(&key.verifying_key());
        Ok(Session { http, server, key, kid, attempts: attempts.max(1), token: None })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Sends a request built by `build`, retrying transient failures with exponential backoff
    /// and jitter, and decodes the JSON answer.
    fn call<T: DeserializeOwned>(
        &mut self,
        what: &str,
        authed: bool,
        build: impl Fn(&Http, Option<&str>) -> RequestBuilder,
    ) -> Result<T, SyncError> {
        let mut delays = backoff();
        let mut renewed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            if authed && self.token.is_none() {
                self.sign_in()?;
            }
            let request = build(&self.http, if authed { self.token.as_deref() } else { None });
            match self.answer(what, request.send()) {
                Ok(v) => return Ok(v),
                Err(Failure::Final(SyncError::Refused { status: 401, .. }))
                    if authed && !renewed =>
                {
                    // The token expired during a long run: sign in again, once.
                    self.token = None;
                    renewed = true;
                    attempt -= 1;
                }
                Err(Failure::Final(e)) => return Err(e),
                Err(Failure::Transient { detail, retry_after }) => {
                    if attempt >= self.attempts {
                        return Err(SyncError::Unreachable {
                            server: self.server.name.clone(),
                            attempts: attempt,
                            detail,
                        });
                    }
                    let backoff = delays.next().unwrap_or(Duration::from_secs(10));
                    std::thread::sleep(retry_after.map_or(backoff, |r| r.max(backoff)));
                }
            }
        }
    }

    fn answer<T: DeserializeOwned>(
        &self,
        what: &str,
        sent: reqwest::Result<Response>,
    ) -> Result<T, Failure> {
        let server = &self.server.name;
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                return Err(Failure::Transient { detail: describe(&e), retry_after: None });
            }
        };
        let status = response.status();
        if status.is_success() {
            let protocol = |detail: String| {
                Failure::Final(SyncError::Protocol {
                    server: server.clone(),
                    what: what.into(),
                    detail,
                })
            };
            let body = read_capped(response, MAX_ANSWER).map_err(|e| Failure::Transient {
                detail: crate::errchain::chain(&e),
                retry_after: None,
            })?;
            let Some(body) = body else {
                return Err(protocol(format!("an answer over {} MiB", MAX_ANSWER >> 20)));
            };
            return serde_json::from_slice::<T>(&body).map_err(|e| protocol(e.to_string()));
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s.min(60)));
        let body = read_capped(response, MAX_ERROR).ok().flatten().unwrap_or_default();
        let detail = serde_json::from_slice::<ErrorBody>(&body).ok().map(|mut b| {
            b.error.message = clip(&b.error.message);
            b.error.code = clip(&b.error.code);
            b.error
        });
        if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
            let message = detail.map_or_else(|| format!("HTTP {status}"), |d| d.message);
            return Err(Failure::Transient {
                detail: format!("{what}: {message} (HTTP {})", status.as_u16()),
                retry_after,
            });
        }
        let (code, message) = match detail {
            Some(d) => (d.code, d.message),
            None => (
                "http".to_string(),
                format!("{what}: HTTP {status}; is this a proofctl sync server?"),
            ),
        };
        Err(Failure::Final(SyncError::Refused {
            server: server.clone(),
            status: status.as_u16(),
            code,
            message,
        }))
    }

    /// Proves possession of the key: the server's challenge, signed, for a short-lived token.
    /// A challenge answers once, so a token request that failed in transit is retried with a
    /// fresh challenge, never the same one.
    fn sign_in(&mut self) -> Result<(), SyncError> {
        let attempts = self.attempts;
        let mut delays = backoff();
        let mut tried = 0;
        loop {
            tried += 1;
            self.attempts = 1;
            let result = self.sign_in_once();
            self.attempts = attempts;
            match result {
                Err(SyncError::Unreachable { .. }) if tried < attempts => {
                    std::thread::sleep(delays.next().unwrap_or(Duration::from_secs(10)));
                }
                Err(SyncError::Unreachable { server, detail, .. }) => {
                    return Err(SyncError::Unreachable { server, attempts: tried, detail });
                }
                other => return other,
            }
        }
    }

    fn sign_in_once(&mut self) -> Result<(), SyncError> {
        let kid = self.kid.clone();
        let url = self.server.endpoint(&format!("{API_PREFIX}/auth/challenge"));
        let challenge: ChallengeResponse = self
            .call("sign-in", false, |http, _| {
                http.post(url.clone()).json(&ChallengeRequest { kid: kid.clone() })
            })
            .map_err(|e| self.explain_sign_in(e))?;
        let bytes =
            URL_SAFE_NO_PAD.decode(&challenge.challenge).map_err(|e| SyncError::Protocol {
                server: self.server.name.clone(),
                what: "sign-in".into(),
                detail: format!("challenge is not base64url: {e}"),
            })?;
        if bytes.len() != 32 {
            return Err(SyncError::Protocol {
                server: self.server.name.clone(),
                what: "sign-in".into(),
                detail: format!("a challenge of {} bytes, not 32", bytes.len()),
            });
        }
        let signature = self.key.sign(&protocol::auth_message(&bytes, &kid));
        let request = TokenRequest {
            kid: kid.clone(),
            challenge: challenge.challenge,
            signature: URL_SAFE_NO_PAD.encode(signature.to_bytes()),
        };
        let url = self.server.endpoint(&format!("{API_PREFIX}/auth/token"));
        let token: TokenResponse = self
            .call("sign-in", false, |http, _| http.post(url.clone()).json(&request))
            .map_err(|e| self.explain_sign_in(e))?;
        self.token = Some(token.token);
        Ok(())
    }

    fn explain_sign_in(&self, e: SyncError) -> SyncError {
        match e {
            SyncError::Refused { server, status: 403, code, message } => SyncError::Refused {
                server,
                status: 403,
                code,
                message: format!(
                    "{message} (this home signs in with kid {}: send the operator its public key, which `proofctl key show` prints)",
                    self.kid
                ),
            },
            other => other,
        }
    }

    fn get<T: DeserializeOwned>(&mut self, what: &str, path: &str) -> Result<T, SyncError> {
        let url = self.server.endpoint(path);
        self.call(what, true, |http, token| http.get(url.clone()).bearer_auth(token.unwrap_or("")))
    }

    fn post<B: Serialize, T: DeserializeOwned>(
        &mut self,
        what: &str,
        path: &str,
        body: &B,
    ) -> Result<T, SyncError> {
        let url = self.server.endpoint(path);
        // Serialised once: a retried page is the same bytes.
        let bytes = serde_json::to_vec(body).expect("request bodies serialise");
        self.call(what, true, |http, token| {
            http.post(url.clone())
                .bearer_auth(token.unwrap_or(""))
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(bytes.clone())
        })
    }
}

/// The largest answer read: a page of 1,000 items with their entries is a few MiB.
const MAX_ANSWER: u64 = 64 << 20;
/// The largest error answer read.
const MAX_ERROR: u64 = 64 << 10;

/// The body, or None when it is longer than `limit`.
fn read_capped(response: Response, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut body = Vec::new();
    response.take(limit + 1).read_to_end(&mut body)?;
    Ok((body.len() as u64 <= limit).then_some(body))
}

/// The most of one piece of the server's text (an error message, a refusal reason) kept.
pub const MAX_SERVER_TEXT: usize = 300;

/// Text from the server, cut at [`MAX_SERVER_TEXT`] characters; escaping it for a terminal is
/// up to whoever shows it (`--json` carries it as it is).
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(MAX_SERVER_TEXT).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

fn describe(e: &reqwest::Error) -> String {
    crate::errchain::chain(e)
}

/// Waits between attempts: exponential from 200 ms to 10 s, with jitter so that clients sent
/// away together do not come back together.
fn backoff() -> impl Iterator<Item = Duration> {
    ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(200))
        .with_max_delay(Duration::from_secs(10))
        .with_jitter()
        .without_max_times()
        .build()
}

/// Runs a whole sync: revocation lists and proofs up, then proofs, keys and lists down.
pub fn sync(
    home: &Home,
    server: &Server,
    key: &SigningKey,
    opts: &Options,
    observer: &mut dyn Observer,
) -> Result<Report, SyncError> {
    let mut session = Session::new(server.clone(), key, opts.attempts)?;
    let mut report =
        Report { server: server.name.clone(), kid: session.kid().to_string(), ..Report::default() };
    // Signing in first: a server that is down or does not know the key is one clear line before
    // anything local is touched.
    session.sign_in()?;
    let mut index = Index::open(&home.index_path())?;
    let mut own: HashSet<String> = index.pushed_ids(&server.name)?;
    if opts.push {
        push_revocations(home, &mut session, &mut report, observer)?;
        push(&mut index, &mut session, opts, &mut own, &mut report, observer)?;
    }
    if opts.pull {
        pull(&mut index, &mut session, opts, &own, &mut report, observer)?;
        let keys = pull_keys(home, &mut session, &mut report)?;
        pull_revocations(home, &mut session, &keys, &mut report, observer)?;
    }
    report.cursor = index.pull_cursor(&server.name)?;
    Ok(report)
}

fn push_revocations(
    home: &Home,
    session: &mut Session<'_>,
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let dir = home.revocations_dir().join("issued");
    let Ok(read) = std::fs::read_dir(&dir) else { return Ok(()) };
    let mut files: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jwt"))
        .collect();
    files.sort();
    for path in files {
        let token = match fsutil::read_bounded(&path, 1 << 20) {
            Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
            Err(e) => {
                observer.warned(format!(
                    "{}: {}; not pushed",
                    crate::term::safe_path(&path),
                    fsutil::describe_io(&e)
                ));
                continue;
            }
        };
        let body = RevocationPush { token };
        match session.post::<_, RevocationPushResponse>(
            "revocation push",
            &format!("{API_PREFIX}/revocations"),
            &body,
        ) {
            Ok(_) => report.revocations_pushed += 1,
            Err(SyncError::Refused { status: 409 | 422 | 403, message, .. }) => {
                report
                    .revocations_refused
                    .push(Refusal { item: path.display().to_string(), reason: message });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn push(
    index: &mut Index,
    session: &mut Session<'_>,
    opts: &Options,
    own: &mut HashSet<String>,
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let server = session.server.name.clone();
    // (local path, proof id, item): acknowledgements are recorded under the id computed here,
    // whatever id the server's answer names.
    let mut todo: Vec<(String, String, PushItem)> = Vec::new();
    for entry in index.signed_local_entries()? {
        let proof = match Proof::from_slice(entry.proof.as_bytes()) {
            Ok(p) => p,
            Err(e) => {
                report.push_refused.push(Refusal {
                    item: entry.path.clone(),
                    reason: format!("the indexed proof does not parse ({e}); run `proofctl index add` on it again"),
                });
                continue;
            }
        };
        let id = protocol::proof_id(&proof);
        if own.contains(&id) {
            report.already_pushed += 1;
            continue;
        }
        let value = serde_json::to_value(&proof).expect("a proof serialises");
        todo.push((
            entry.path.clone(),
            id,
            PushItem { proof: value, entry: Some(wire_entry(&entry)) },
        ));
    }
    observer.phase("pushing", Some(todo.len() as u64));
    for page in todo.chunks(opts.page.clamp(1, protocol::MAX_PAGE)) {
        let body = PushRequest { items: page.iter().map(|(_, _, item)| item.clone()).collect() };
        let answer: PushResponse = session.post("push", &format!("{API_PREFIX}/proofs"), &body)?;
        if answer.results.len() != page.len() {
            return Err(SyncError::Protocol {
                server,
                what: "push".into(),
                detail: format!("{} results for {} items", answer.results.len(), page.len()),
            });
        }
        let mut acked = Vec::with_capacity(page.len());
        for ((path, id, _), result) in page.iter().zip(answer.results) {
            match result.status {
                PushStatus::Stored | PushStatus::Duplicate => {
                    if result.status == PushStatus::Stored {
                        report.pushed += 1;
                    } else {
                        report.pushed_duplicates += 1;
                    }
                    acked.push(id.clone());
                }
                PushStatus::Refused => report.push_refused.push(Refusal {
                    item: path.clone(),
                    reason: clip(result.reason.as_deref().unwrap_or("no reason given")),
                }),
            }
        }
        index.mark_pushed(&server, &acked)?;
        own.extend(acked);
        observer.advanced(page.len() as u64);
    }
    Ok(())
}

fn pull(
    index: &mut Index,
    session: &mut Session<'_>,
    opts: &Options,
    own: &HashSet<String>,
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let server = session.server.clone();
    let mut cursor = index.pull_cursor(&server.name)?;
    observer.phase("pulling", None);
    loop {
        if report.pulled_pages >= opts.max_pages {
            report.pull_stopped = Some(PullStop::PageCap { pages: report.pulled_pages });
            return Ok(());
        }
        observer.status(format!("pulling, page {}", report.pulled_pages + 1));
        let page: PullResponse = session.get(
            "pull",
            &format!(
                "{API_PREFIX}/items?after={cursor}&limit={}",
                opts.page.clamp(1, protocol::MAX_PAGE)
            ),
        )?;
        if page.next < cursor || page.items.iter().any(|i| i.seq <= cursor || i.seq > page.next) {
            return Err(SyncError::Protocol {
                server: server.name,
                what: "pull".into(),
                detail: format!("item numbers out of order after {cursor}"),
            });
        }
        let mut entries = Vec::with_capacity(page.items.len());
        for item in &page.items {
            if own.contains(&item.id) {
                report.pulled_own += 1;
                continue;
            }
            match pulled_entry(&server, item, opts.prefer_model.as_deref()) {
                Ok(e) => entries.push(e),
                Err(reason) => report.pull_refused.push(Refusal { item: item.id.clone(), reason }),
            }
        }
        for w in index.write_pulled(&server.name, &entries, page.next)? {
            match w {
                Written::Added => report.pulled_added += 1,
                Written::Updated => report.pulled_updated += 1,
            }
        }
        report.pulled_pages += 1;
        observer.advanced(page.items.len() as u64);
        if !page.more {
            return Ok(());
        }
        // Items always move the cursor (checked above), so an empty page is the only one
        // that makes no progress; asking again would get the same.
        if page.items.is_empty() {
            report.pull_stopped = Some(PullStop::NoProgress { after: cursor });
            return Ok(());
        }
        cursor = page.next;
    }
}

/// Checks a pulled item as if it came from anyone (the server is a meeting point, not an
/// authority) and turns it into an index entry.
fn pulled_entry(
    server: &Server,
    item: &PulledItem,
    prefer_model: Option<&str>,
) -> Result<NewEntry, String> {
    let proof = protocol::parse_proof(&item.proof).map_err(|e| format!("malformed proof: {e}"))?;
    proof.check_signature().map_err(|e| format!("proof does not verify: {e}"))?;
    let id = protocol::proof_id(&proof);
    if id != item.id {
        return Err(format!("the server named it {} but its id is {id}", item.id));
    }
    let sha256: [u8; 32] = hex::decode(&proof.subject.sha256)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("the proof's sha256 is not 32 bytes of hex")?;
    let name: String = proof
        .subject
        .name
        .chars()
        .map(|c| if c == '/' || c == '\\' || c.is_control() { '_' } else { c })
        .collect();
    let mut entry = NewEntry {
        path: format!("{REMOTE_PREFIX}{}/{id}/{name}", server.host_port),
        size: proof.subject.size,
        mtime_ns: None,
        sha256,
        media_type: media_type_by_name(Path::new(&name)),
        sketch: None,
        proof: Some(ProofRecord {
            kid: proof.signer.kid.clone(),
            created: proof.created.clone(),
            json: proof.to_json_pretty(),
            mtime_ns: None,
        }),
        embedding: None,
    };
    if let Some(wire) = &item.entry {
        if wire.size != proof.subject.size {
            return Err(format!(
                "its entry says {} bytes, the proof {}",
                wire.size, proof.subject.size
            ));
        }
        entry.media_type = wire.media_type.clone();
        entry.sketch = sketch_from_wire(wire)?;
        let chosen = wire
            .embeddings
            .iter()
            .find(|v| {
                prefer_model.is_some_and(|name| {
                    v.model.strip_prefix(name).is_some_and(|rest| rest.starts_with('@'))
                })
            })
            .or(wire.embeddings.first());
        if let Some(v) = chosen {
            let vector = STANDARD.decode(&v.vector).map_err(|_| "an embedding is not base64")?;
            if vector.len() != 4 + v.dim as usize {
                return Err(format!(
                    "an embedding of {} dimensions has {} bytes",
                    v.dim,
                    vector.len()
                ));
            }
            entry.embedding = Some(Embedding {
                model: v.model.clone(),
                dim: v.dim as usize,
                vector,
                passages: None,
            });
        }
    }
    Ok(entry)
}

/// Sketches made with this build's algorithms (others could not be compared, so are dropped).
fn sketch_from_wire(wire: &WireEntry) -> Result<Option<Sketch>, String> {
    let hex64 = |s: &str| -> Result<u64, String> {
        (s.len() == 16)
            .then(|| u64::from_str_radix(s, 16).ok())
            .flatten()
            .ok_or_else(|| format!("{s:?} is not 16 hex digits"))
    };
    if let Some(i) = wire.image.as_ref().filter(|i| i.algorithm == image::ALGORITHM) {
        return Ok(Some(Sketch::Image(ImageSketch {
            dct: hex64(&i.dct)?,
            gradient: hex64(&i.gradient)?,
            width: i.width,
            height: i.height,
        })));
    }
    if let Some(t) = wire.text.as_ref().filter(|t| t.algorithm == text::ALGORITHM) {
        let simhash = (t.simhash.len() == 32)
            .then(|| u128::from_str_radix(&t.simhash, 16).ok())
            .flatten()
            .ok_or_else(|| format!("{:?} is not 32 hex digits", t.simhash))?;
        return Ok(Some(Sketch::Text(TextSketch { simhash, words: t.words })));
    }
    Ok(None)
}

fn wire_entry(entry: &SignedEntry) -> WireEntry {
    WireEntry {
        size: entry.size,
        media_type: entry.media_type.clone(),
        image: entry.image.map(|s| WireImage {
            algorithm: image::ALGORITHM.into(),
            dct: format!("{:016x}", s.dct),
            gradient: format!("{:016x}", s.gradient),
            width: s.width,
            height: s.height,
        }),
        text: entry.text.map(|s| WireText {
            algorithm: text::ALGORITHM.into(),
            simhash: format!("{:032x}", s.simhash),
            words: s.words,
        }),
        embeddings: entry
            .embeddings
            .iter()
            .map(|v| WireEmbedding {
                model: v.model.clone(),
                dim: v.dim as u32,
                vector: STANDARD.encode(&v.vector),
            })
            .collect(),
    }
}

/// Saves the members' keys as `sync/HOST_PORT/keys/NAME-KID.pub`, a folder `verify
/// --trust-dir` takes; keys no longer published are removed from it.
fn pull_keys(
    home: &Home,
    session: &mut Session<'_>,
    report: &mut Report,
) -> Result<Vec<(PublishedKey, VerifyingKey)>, SyncError> {
    let answer: KeysResponse = session.get("keys", &format!("{API_PREFIX}/keys"))?;
    let server = session.server.clone();
    let dir = home.sync_dir().join(server.host_port.replace(':', "_")).join("keys");
    home.ensure_dir(&home.sync_dir())?;
    home.ensure_dir(&dir)?;
    let mut keep = HashSet::new();
    let mut keys = Vec::new();
    for k in answer.keys {
        let Ok(key) = parse_public_key_pem(&k.public_key) else { continue };
        if kid(&key) != k.kid {
            continue;
        }
        let name: String = k
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .take(64)
            .collect();
        let file = format!("{name}-{}.pub", k.kid);
        fsutil::write_atomic(
            &dir.join(&file),
            crate::keys::public_key_pem(&key).as_bytes(),
            Mode::Public,
            true,
        )?;
        keep.insert(file);
        keys.push((k, key));
    }
    if let Ok(read) = std::fs::read_dir(&dir) {
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".pub") && !keep.contains(&name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    report.published_keys = keys.len() as u64;
    report.keys_dir = Some(dir);
    Ok(keys)
}

fn pull_revocations(
    home: &Home,
    session: &mut Session<'_>,
    keys: &[(PublishedKey, VerifyingKey)],
    report: &mut Report,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let answer: RevocationsResponse =
        session.get("revocation lists", &format!("{API_PREFIX}/revocations"))?;
    let store = RevocationStore::new(home);
    let label = PathBuf::from(format!("{}{API_PREFIX}/revocations", session.server.name));
    for list in answer.lists {
        let Some((_, key)) = keys.iter().find(|(k, _)| k.kid == list.kid) else {
            observer.warned(format!(
                "{}: a revocation list of kid {} whose key is not published there; skipped",
                safe(&session.server.name),
                safe(&list.kid)
            ));
            continue;
        };
        match store.accept(&list.token, &label, std::slice::from_ref(key)) {
            Ok(_) => report.revocations_stored += 1,
            Err(e @ RevocationError::Io { .. }) => {
                return Err(SyncError::Protocol {
                    server: session.server.name.clone(),
                    what: "revocation lists".into(),
                    detail: e.to_string(),
                });
            }
            Err(RevocationError::Write(e)) => return Err(e.into()),
            Err(RevocationError::Home(e)) => return Err(e.into()),
            Err(e) => report.revocations_refused.push(Refusal {
                item: format!("revocation list of {}", list.kid),
                reason: e.to_string(),
            }),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_are_normalised() {
        let s = Server::parse("http://127.0.0.1:8787/").unwrap();
        assert_eq!(s.name, "http://127.0.0.1:8787");
        assert_eq!(s.host_port, "127.0.0.1:8787");
        assert_eq!(s.endpoint("/v1/keys").as_str(), "http://127.0.0.1:8787/v1/keys");
        assert_eq!(
            s.endpoint("/v1/items?after=3&limit=5").as_str(),
            "http://127.0.0.1:8787/v1/items?after=3&limit=5"
        );
        let s = Server::parse("https://example.com/team/").unwrap();
        assert_eq!(s.host_port, "example.com:443");
        assert_eq!(s.endpoint("/v1/keys").as_str(), "https://example.com/team/v1/keys");
        assert!(Server::parse("ftp://x").is_err());
        assert!(Server::parse("not a url").is_err());
    }

    #[test]
    fn server_text_is_clipped_and_shown_safely() {
        let long = "x".repeat(400);
        assert_eq!(clip(&long).chars().count(), MAX_SERVER_TEXT + 1);
        assert_eq!(clip("short"), "short");
        let e = SyncError::Refused {
            server: "http://h:1".into(),
            status: 403,
            code: "forbidden".into(),
            message: clip("line one\nOK \u{1b}[2K \u{202e}txt"),
        };
        assert_eq!(e.to_string(), "http://h:1: line one\\nOK \\e[2K \\u{202e}txt");
    }

    #[test]
    fn wire_sketches_round_trip() {
        let entry = SignedEntry {
            path: "/x".into(),
            size: 1,
            media_type: "image/png".into(),
            proof: String::new(),
            image: Some(ImageSketch { dct: 0xdead_beef, gradient: 7, width: 3, height: 4 }),
            text: None,
            embeddings: vec![],
        };
        let wire = wire_entry(&entry);
        assert_eq!(sketch_from_wire(&wire).unwrap(), Some(Sketch::Image(entry.image.unwrap())));
        let mut other = wire.clone();
        other.image.as_mut().unwrap().algorithm = "v0:something-else".into();
        assert_eq!(sketch_from_wire(&other).unwrap(), None);
        other.image.as_mut().unwrap().algorithm = image::ALGORITHM.into();
        other.image.as_mut().unwrap().dct = "xyz".into();
        assert!(sketch_from_wire(&other).is_err());
    }
}
