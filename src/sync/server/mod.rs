//! The sync server (`proofctl serve`): configuration, start-up (database, member keys, token key,
//! listening socket) and a clean stop on SIGINT or SIGTERM; and the members commands, which work
//! on the database directly. The API itself is in [`routes`]; connections in [`listen`]; the
//! database behind it, SQLite or PostgreSQL, in [`store`]. Nothing here prints: what happens is
//! reported as [`Event`]s and failures as [`ServeError`].

mod auth;
mod client_addr;
mod error;
mod licenses;
mod limits;
mod listen;
mod routes;
pub mod store;

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use crate::keys::signer::KeySigner;
use crate::keys::{kid, public_key_pem};
use crate::name::is_plain_name;
use crate::trust::{TrustError, read_public_key};
pub use client_addr::BadProxy;
pub use store::{Allowed, Backend, Member, Removed, Role, RoleChange, Store, StoreError};

/// Unix seconds. The command passes its own clock, which tests can move.
pub type Clock = fn() -> u64;

/// How long a stopping server waits for requests in flight before it exits anyway.
const STOP_GRACE: Duration = Duration::from_secs(10);
/// How often idle rate-limit state is dropped.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// What `proofctl serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// IP:PORT (port 0 picks a free port) or HOST:PORT.
    pub listen: String,
    /// A postgres:// or postgresql:// URL, or a SQLite file path.
    pub db: String,
    /// `[NAME=]PUBKEY.pem` arguments: keys to make members.
    pub allow_keys: Vec<String>,
    /// Kids of members to remove.
    pub remove_keys: Vec<String>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Requests per second per member key (and per address on the sign-in routes).
    pub rate: u32,
    /// Time a client has to send a request's head (also how long an idle connection stays open).
    pub header_timeout: Duration,
    /// Time a client has to send a request's body.
    pub body_timeout: Duration,
    /// Connections served at once; more wait until one closes.
    pub max_connections: usize,
    /// `--trusted-proxy` values: reverse proxies whose X-Forwarded-For names the client.
    pub trusted_proxies: Vec<String>,
    pub clock: Clock,
    /// How answers to clients name the operator's settings.
    pub words: Words,
    /// The vendor key of the licence service, unlocked; None: the server issues no licences.
    pub license: Option<LicenseKey>,
}

/// The vendor key the licence service signs licences and revocation lists with, unlocked once
/// at start by the command (`serve --license-key`). A key in memory zeroizes itself when the
/// last reference goes.
#[derive(Clone)]
pub struct LicenseKey {
    pub signer: Arc<dyn KeySigner>,
    /// The `iss` of what it signs.
    pub issuer: String,
}

impl std::fmt::Debug for LicenseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LicenseKey({}, kid {})", self.issuer, kid(&self.signer.verifying_key()))
    }
}

/// How the server's answers name the operator's settings and commands, in the words of the
/// command that runs it (the library names no flag).
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// The setting that caps a body's size (`max_body`).
    pub max_body: &'static str,
    /// The setting that caps the time a body may take (`body_timeout`).
    pub body_timeout: &'static str,
    /// How the operator makes a key a member.
    pub add_member: &'static str,
    /// How the operator grants a member a role (followed by KID ROLE).
    pub grant_role: &'static str,
    /// The setting that gives the server its vendor key (the licence service).
    pub license_key: &'static str,
}

/// One request answered, for the log. Nothing secret: no header, query or body.
#[derive(Debug, Clone)]
pub struct RequestLog {
    /// The client (behind a trusted proxy, the address it forwarded).
    pub client: Option<IpAddr>,
    pub method: String,
    /// At most 200 characters, as the client sent them.
    pub path: String,
    pub status: u16,
    /// The key id the request is about, once known (from its token or its sign-in request).
    pub kid: Option<String>,
    pub duration: Duration,
}

/// What the server did, for the command to show.
#[derive(Debug, Clone)]
pub enum Event {
    KeyAllowed {
        name: String,
        kid: String,
        change: Allowed,
    },
    KeyRemoved {
        kid: String,
        name: String,
        already: bool,
    },
    /// The database holds no member at all: nobody can sign in yet.
    NoMembers,
    /// Accepting connections.
    Listening {
        addr: SocketAddr,
        backend: Backend,
        db: String,
    },
    /// A request was answered.
    Request(RequestLog),
    /// Stopped after SIGINT or SIGTERM.
    Stopped,
}

/// Why the server could not start or stopped with an error. Each message names the value, the
/// problem and the fix; which command-line argument the value came from is the command's to say
/// ([`ServeError::argument`]), as the flags are its own.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "{addr}: not an address ({why}); give IP:PORT, e.g. 127.0.0.1:8787 (port 0 picks a free port)"
    )]
    BadListen { addr: String, why: String },
    #[error(
        "{addr}: address already in use; stop what listens there or pick another port (port 0 picks a free one)"
    )]
    AddrInUse { addr: String },
    #[error("{addr}: cannot listen ({why}); {fix}")]
    Bind { addr: String, why: String, fix: &'static str },
    /// A key file to allow that cannot be read.
    #[error("{0}")]
    KeyFile(#[from] TrustError),
    #[error("{arg}: {why}")]
    BadAllow { arg: String, why: String },
    /// A kid to remove at start-up that was never a member.
    #[error("{kid}: no member has this key id; GET /v1/keys lists them")]
    UnknownMember { kid: String },
    #[error("kid {kid} is both to be allowed and to be removed; give only one")]
    AllowAndRemove { kid: String },
    #[error(transparent)]
    BadProxy(#[from] BadProxy),
    /// A key given to `serve members add`.
    #[error("{0}")]
    MemberKey(String),
    /// A kid given to `serve members remove` that was never a member.
    #[error("{}: no member has this key id", crate::term::safe(.kid))]
    NotAMember { kid: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
    #[error("the server stopped: {0}")]
    Server(std::io::Error),
}

/// Which of the server's inputs an error is about, for the command to name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Argument {
    Listen,
    AllowKey,
    RemoveKey,
    /// Both the keys to allow and those to remove.
    AllowAndRemove,
    TrustedProxy,
    Db,
}

impl ServeError {
    /// The input the error is about, when it is one [`ServeConfig`] field (or the database URL).
    pub fn argument(&self) -> Option<Argument> {
        match self {
            ServeError::BadListen { .. }
            | ServeError::AddrInUse { .. }
            | ServeError::Bind { .. } => Some(Argument::Listen),
            ServeError::KeyFile(_) | ServeError::BadAllow { .. } => Some(Argument::AllowKey),
            ServeError::UnknownMember { .. } => Some(Argument::RemoveKey),
            ServeError::AllowAndRemove { .. } => Some(Argument::AllowAndRemove),
            ServeError::BadProxy(_) => Some(Argument::TrustedProxy),
            ServeError::Store(StoreError::Open { .. } | StoreError::TooNew { .. }) => {
                Some(Argument::Db)
            }
            _ => None,
        }
    }
}

/// A key to allow, read and checked.
#[derive(Debug)]
struct AllowKey {
    name: String,
    kid: String,
    pem: String,
}

/// `[NAME=]FILE`: NAME defaults to the file's stem. An existing file whose name holds '=' is a
/// file, not NAME=FILE.
fn parse_allow(arg: &str) -> Result<AllowKey, ServeError> {
    let bad = |why: String| ServeError::BadAllow { arg: arg.to_string(), why };
    let (name, path) = match arg.split_once('=') {
        Some((name, path)) if !Path::new(arg).exists() => (name.to_string(), Path::new(path)),
        _ => {
            let path = Path::new(arg);
            let stem =
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if !is_plain_name(&stem) {
                return Err(bad(format!(
                    "{stem:?} cannot be a member's name; give one as NAME={arg}"
                )));
            }
            (stem, path)
        }
    };
    if !is_plain_name(&name) {
        return Err(bad(format!(
            "{name:?} is not a usable name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )));
    }
    let key = read_public_key(path)?;
    Ok(AllowKey { name, kid: kid(&key), pem: public_key_pem(&key) })
}

fn parse_listen(listen: &str) -> Result<SocketAddr, ServeError> {
    if let Ok(addr) = listen.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let bad = |why: String| ServeError::BadListen { addr: listen.to_string(), why };
    listen
        .to_socket_addrs()
        .map_err(|e| bad(e.to_string()))?
        .next()
        .ok_or_else(|| bad("the name has no address".into()))
}

fn bind_error(listen: &str, e: std::io::Error) -> ServeError {
    let addr = listen.to_string();
    match e.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::AddrInUse { addr },
        std::io::ErrorKind::AddrNotAvailable => ServeError::Bind {
            addr,
            why: "no network interface of this machine has this address".into(),
            fix: "give one of its addresses, 127.0.0.1 or 0.0.0.0",
        },
        std::io::ErrorKind::PermissionDenied => ServeError::Bind {
            addr,
            why: "permission denied".into(),
            fix: "ports below 1024 need privileges: pick a port above 1024",
        },
        _ => ServeError::Bind { addr, why: e.to_string(), fix: "pick another address or port" },
    }
}

/// SIGINT and SIGTERM, registered before the server says it listens, so a signal sent right
/// after that line stops it cleanly instead of killing it.
struct StopSignals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn register() -> std::io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals {
                int: signal(SignalKind::interrupt())?,
                term: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.int.recv() => {}
            _ = self.term.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Runs the server until SIGINT or SIGTERM: opens and migrates the database, applies
/// `--allow-key` and `--remove-key`, binds, reports [`Event::Listening`] once it accepts
/// connections, and serves, reporting each request as [`Event::Request`] (from any thread).
pub fn serve(
    config: ServeConfig,
    report: impl Fn(Event) + Send + Sync + 'static,
) -> Result<(), ServeError> {
    let report: Arc<dyn Fn(Event) + Send + Sync> = Arc::new(report);
    let addr = parse_listen(&config.listen)?;
    let proxies = client_addr::TrustedProxies::parse(&config.trusted_proxies)?;
    let allow = config.allow_keys.iter().map(|a| parse_allow(a)).collect::<Result<Vec<_>, _>>()?;
    if let Some(kid) = config.remove_keys.iter().find(|k| allow.iter().any(|a| &a.kid == *k)) {
        return Err(ServeError::AllowAndRemove { kid: kid.clone() });
    }
    let rate = NonZeroU32::new(config.rate).unwrap_or(NonZeroU32::MIN);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| bind_error(&config.listen, e))?;
        let store = Store::open(&config.db).await?;
        let now = (config.clock)() as i64;
        for key in allow {
            let change = store.allow_member(&key.kid, &key.name, &key.pem, now).await?;
            report(Event::KeyAllowed { name: key.name, kid: key.kid, change });
        }
        for kid in &config.remove_keys {
            let (name, already) = match store.remove_member(kid, now).await? {
                Removed::Removed { name } => (name, false),
                Removed::AlreadyRemoved { name } => (name, true),
                Removed::Unknown => return Err(ServeError::UnknownMember { kid: kid.clone() }),
            };
            report(Event::KeyRemoved { kid: kid.clone(), name, already });
        }
        if store.counts().await?.members == 0 {
            report(Event::NoMembers);
        }
        let mut candidate = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(candidate.as_mut());
        let seed = store.server_seed(&candidate, now).await?;
        let mut id = [0u8; 16];
        OsRng.fill_bytes(&mut id);
        let database_id = store.database_id(&hex::encode(id), now).await?;
        let app = Arc::new(routes::App {
            store: store.clone(),
            database_id,
            tokens: auth::TokenKey::from_seed(&seed),
            limits: limits::Limits::new(rate),
            clock: config.clock,
            max_body: config.max_body,
            body_timeout: config.body_timeout,
            proxies,
            report: report.clone(),
            words: config.words,
            license: config.license.map(licenses::Service::new),
        });
        drop(seed);
        let sweeper = tokio::spawn({
            let app = app.clone();
            async move {
                let mut tick = tokio::time::interval(SWEEP_EVERY);
                loop {
                    tick.tick().await;
                    app.limits.forget_idle();
                }
            }
        });
        let signals = StopSignals::register().map_err(ServeError::Runtime)?;
        let (stopping_tx, mut stopping) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            signals.wait().await;
            let _ = stopping_tx.send(true);
        });
        let local = listener.local_addr().map_err(ServeError::Server)?;
        let limits = listen::ConnectionLimits {
            max_connections: config.max_connections,
            header_timeout: config.header_timeout,
        };
        let server = listen::serve(listener, routes::router(app), limits, stopping.clone());
        report(Event::Listening { addr: local, backend: store.backend(), db: store.describe() });
        // Requests in flight get STOP_GRACE to finish; a client that holds on longer does not
        // keep the server from stopping.
        let forced = async move {
            let _ = stopping.wait_for(|s| *s).await;
            tokio::time::sleep(STOP_GRACE).await;
        };
        tokio::select! {
            result = server => result.map_err(ServeError::Server)?,
            _ = forced => {}
        }
        sweeper.abort();
        store.close();
        report(Event::Stopped);
        Ok(())
    })
}

/// Runs `f` on the database `db`, opened and migrated, on a runtime of its own.
fn with_store<T>(
    db: &str,
    f: impl AsyncFnOnce(&Store) -> Result<T, ServeError>,
) -> Result<T, ServeError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async {
        let store = Store::open(db).await?;
        let result = f(&store).await;
        store.close();
        result
    })
}

/// `serve members add`: allows each `[NAME=]PUBKEY` (all are read before any is stored),
/// reporting [`Event::KeyAllowed`]. A running server sees them at its next request.
pub fn add_members(
    db: &str,
    keys: &[String],
    now: u64,
    mut report: impl FnMut(Event),
) -> Result<(), ServeError> {
    let allow = keys
        .iter()
        .map(|a| {
            parse_allow(a).map_err(|e| match e {
                // Positional arguments there, not --allow-key.
                e @ (ServeError::BadAllow { .. } | ServeError::KeyFile(_)) => {
                    ServeError::MemberKey(e.to_string())
                }
                other => other,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    with_store(db, async |store| {
        for key in allow {
            let change = store.allow_member(&key.kid, &key.name, &key.pem, now as i64).await?;
            report(Event::KeyAllowed { name: key.name, kid: key.kid, change });
        }
        Ok(())
    })
}

/// `serve members list`: the current members, by name then kid.
pub fn list_members(db: &str) -> Result<Vec<Member>, ServeError> {
    with_store(db, async |store| Ok(store.members().await?))
}

/// `serve members grant` and `ungrant`: grants `grant` and drops `drop` from the member `kid`'s
/// roles. A running server sees the change at the member's next request.
pub fn change_roles(
    db: &str,
    kid: &str,
    grant: &[Role],
    drop: &[Role],
) -> Result<RoleChange, ServeError> {
    with_store(db, async |store| {
        store
            .set_roles(kid, grant, drop)
            .await?
            .ok_or_else(|| ServeError::NotAMember { kid: kid.to_string() })
    })
}

/// `serve members remove`: ends each kid's membership in turn, reporting
/// [`Event::KeyRemoved`]; stops at the first kid that was never a member.
pub fn remove_members(
    db: &str,
    kids: &[String],
    now: u64,
    mut report: impl FnMut(Event),
) -> Result<(), ServeError> {
    with_store(db, async |store| {
        for kid in kids {
            let (name, already) = match store.remove_member(kid, now as i64).await? {
                Removed::Removed { name } => (name, false),
                Removed::AlreadyRemoved { name } => (name, true),
                Removed::Unknown => return Err(ServeError::NotAMember { kid: kid.clone() }),
            };
            report(Event::KeyRemoved { kid: kid.clone(), name, already });
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses_parse_or_say_what_to_give() {
        assert_eq!(parse_listen("127.0.0.1:0").unwrap().port(), 0);
        let e = parse_listen("nonsense").unwrap_err().to_string();
        assert!(e.starts_with("nonsense: not an address"), "{e}");
        assert!(e.contains("IP:PORT"), "{e}");
    }

    #[test]
    fn allow_key_names_default_to_the_file_stem() {
        let dir = tempfile::tempdir().unwrap();
        let key = crate::keys::generate().verifying_key();
        let path = dir.path().join("alice.pub");
        std::fs::write(&path, public_key_pem(&key)).unwrap();
        let a = parse_allow(path.to_str().unwrap()).unwrap();
        assert_eq!(a.name, "alice");
        assert_eq!(a.kid, kid(&key));
        let a = parse_allow(&format!("bob={}", path.display())).unwrap();
        assert_eq!(a.name, "bob");
        let e = parse_allow(&format!("b b={}", path.display())).unwrap_err().to_string();
        assert!(e.contains("not a usable name"), "{e}");
        let e = parse_allow("missing.pub").unwrap_err().to_string();
        assert!(e.starts_with("missing.pub: no such file"), "{e}");
    }
}
