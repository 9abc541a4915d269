//! One HTTP session with a sync server: the server's URL, the HTTP client, sign-in and token
//! renewal, calls with retries and backoff, capped answers, and the error type of the client.

use std::path::PathBuf;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use ed25519_dalek::SigningKey;
use reqwest::StatusCode;
use reqwest::blocking::{Client as Http, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Digest;

use crate::fsutil::WriteError;
use crate::home::HomeError;
use crate::index::IndexError;
use crate::keys::kid;
use crate::sync::protocol::{
    API_PREFIX, ChallengeRequest, ChallengeResponse, ErrorBody, TokenRequest, TokenResponse,
};
use crate::sync::wire;
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
    /// The database behind the URL changed between two answers of one run.
    #[error(
        "{}: its database changed during this run; what was done is kept: run `proofctl sync` again to start over with the new one",
        safe(.server)
    )]
    DatabaseChanged { server: String },
    /// Storing what the server sent failed here: a local disk or permission problem.
    #[error(
        "{}: cannot store the {what} pulled from {} ({}); a problem on this machine, not the server's: fix the file or its folder (space, permissions), then run `proofctl sync` again",
        crate::term::safe_path(.path), safe(.server), safe(.detail)
    )]
    Local { path: PathBuf, what: String, server: String, detail: String },
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
    /// `HOST:PORT`.
    pub host_port: String,
    /// `HOST:PORT` and the URL's path (`h:443/team`; no path for a server at the root): in
    /// pulled entries' paths, so two servers on one host:port never share them.
    pub key: String,
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
        let host_port = format!("{host}:{port}");
        let path = url.path().trim_end_matches('/');
        let key = format!("{host_port}{path}");
        Ok(Server { url, name, host_port, key })
    }

    /// The folder under the home's `sync/` that holds this server's files (published keys):
    /// `HOST_PORT` for a server at the root; with a path, its words and a digest of the whole
    /// path, so `/a/b` and `/a_b` differ while the name stays readable.
    pub fn dir_name(&self) -> String {
        let base = self.host_port.replace(':', "_");
        let path = self.url.path().trim_end_matches('/');
        if path.is_empty() {
            return base;
        }
        let words: String = path
            .trim_start_matches('/')
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' })
            .take(64)
            .collect();
        let digest = sha2::Sha256::digest(path.as_bytes());
        format!("{base}_{words}-{}", hex::encode(&digest[..4]))
    }

    /// The URL of an API path, which may end in a query (`/v1/items?after=3`).
    pub fn endpoint(&self, path: &str) -> reqwest::Url {
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

/// An HTTP session with one server: retries, sign-in and token renewal.
pub struct Session<'k> {
    http: Http,
    pub(super) server: Server,
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
    pub(super) fn sign_in(&mut self) -> Result<(), SyncError> {
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
        let signature = wire::auth::answer_challenge(self.key, &kid, &challenge.challenge)
            .map_err(|e| SyncError::Protocol {
                server: self.server.name.clone(),
                what: "sign-in".into(),
                detail: e.to_string(),
            })?;
        let request = TokenRequest { kid: kid.clone(), challenge: challenge.challenge, signature };
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

    /// GETs an API path (which may end in a query) as the signed-in member, retrying as
    /// every call does.
    pub fn get<T: DeserializeOwned>(&mut self, what: &str, path: &str) -> Result<T, SyncError> {
        let url = self.server.endpoint(path);
        self.call(what, true, |http, token| http.get(url.clone()).bearer_auth(token.unwrap_or("")))
    }

    /// DELETEs an API path as the signed-in member.
    pub fn delete<T: DeserializeOwned>(&mut self, what: &str, path: &str) -> Result<T, SyncError> {
        let url = self.server.endpoint(path);
        self.call(what, true, |http, token| {
            http.delete(url.clone()).bearer_auth(token.unwrap_or(""))
        })
    }

    /// POSTs a JSON body to an API path as the signed-in member.
    pub fn post<B: Serialize, T: DeserializeOwned>(
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
pub(super) fn clip(text: &str) -> String {
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
        assert_eq!(s.key, "127.0.0.1:8787");
        assert_eq!(s.dir_name(), "127.0.0.1_8787");
        let s = Server::parse("https://example.com/team/").unwrap();
        assert_eq!(s.host_port, "example.com:443");
        assert_eq!(s.key, "example.com:443/team");
        assert_eq!(s.endpoint("/v1/keys").as_str(), "https://example.com/team/v1/keys");
        assert!(Server::parse("ftp://x").is_err());
        assert!(Server::parse("not a url").is_err());
    }

    #[test]
    fn servers_on_one_host_port_with_other_paths_have_their_own_names() {
        let urls =
            ["http://h:1", "http://h:1/a", "http://h:1/b", "http://h:1/a/b", "http://h:1/a_b"];
        let servers: Vec<Server> = urls.iter().map(|u| Server::parse(u).unwrap()).collect();
        for (i, a) in servers.iter().enumerate() {
            for b in &servers[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.key, b.key);
                assert_ne!(a.dir_name(), b.dir_name());
            }
        }
        assert_eq!(servers[1].key, "h:1/a");
        assert!(servers[3].dir_name().starts_with("h_1_a_b-"), "{}", servers[3].dir_name());
        // The same server however its URL is written.
        let again = Server::parse("http://H:1/a/").unwrap();
        assert_eq!(
            (again.name.clone(), again.key.clone(), again.dir_name()),
            (servers[1].name.clone(), servers[1].key.clone(), servers[1].dir_name())
        );
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
}
