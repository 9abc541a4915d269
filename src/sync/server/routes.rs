//! The HTTP API of docs/sync-protocol.md: the router, its handlers, and the sign-in, token,
//! limit, body-deadline and request-log middleware. Every failure, axum's own rejections (bad
//! JSON, too large, unknown path) included, is an [`ApiError`] (in `error.rs`). The handlers
//! know nothing of the backend: they only call [`Store`].

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use ed25519_dalek::VerifyingKey;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::auth::{self, AuthError, TokenKey};
use super::client_addr::TrustedProxies;
use super::error::{ApiError, shown_kid};
use super::licenses;
use super::limits::Limits;
use super::store::{Member, NewItem, Pushed, RevocationRow, RotationRow, Store};
use super::{Event, RequestLog, Words};
use crate::keys::parse_public_key_pem;
use crate::license::revocation::{
    Replace, RevocationList, Revocations, SignedList, may_replace, verify_list,
};
use crate::license::{self, LicenseError};
use crate::sync::protocol::{
    CHALLENGE_TTL, ChallengeRequest, ChallengeResponse, DEFAULT_PAGE, DatabaseHealth,
    DatabaseResponse, Health, KeysResponse, MAX_PAGE, PublishedKey, PullResponse, PulledItem,
    PushRequest, PushResponse, PushResult, PushStatus, RevocationPush, RevocationPushResponse,
    RevocationStatus, RevocationsResponse, RotationPush, RotationPushResponse, RotationsResponse,
    StoredRevocation, TokenRequest, TokenResponse,
};
use crate::sync::wire::{self, Accepted, Refusal};

/// What every handler shares.
pub(crate) struct App {
    pub store: Store,
    /// The database's id (`Store::database_id`), read once at start.
    pub database_id: String,
    pub tokens: TokenKey,
    pub limits: Limits,
    /// Unix seconds; tests move it (PROOFCTL_NOW in debug builds).
    pub clock: fn() -> u64,
    pub max_body: usize,
    /// Time a client has to send a request's body, once its head has arrived.
    pub body_timeout: Duration,
    pub proxies: TrustedProxies,
    /// Where each request is reported, for the log.
    pub report: Arc<dyn Fn(Event) + Send + Sync>,
    pub words: Words,
    /// The licence service, when the server holds a vendor key.
    pub license: Option<super::licenses::Service>,
}

impl App {
    pub(super) fn now(&self) -> u64 {
        (self.clock)()
    }
}

/// The largest sign-in request: a kid, a challenge and a signature are a few hundred bytes.
const SIGN_IN_MAX_BODY: usize = 16 << 10;

/// The API. Every `/v1` route but the two sign-in ones requires a member's token.
pub(crate) fn router(app: Arc<App>) -> Router {
    // Bodies are read only once the sender is known to be allowed to send them.
    let members_only = Router::new()
        .route("/v1/proofs", post(push))
        .route("/v1/items", get(pull))
        .route("/v1/keys", get(keys))
        .route("/v1/database", get(database))
        .route("/v1/revocations", get(revocations).post(push_revocation))
        .route("/v1/rotations", get(rotations).post(push_rotation))
        // The licence service: vendors and admins only (each handler checks the role).
        .route("/v1/licenses", get(licenses::list).post(licenses::issue))
        .route("/v1/licenses/{jti}", get(licenses::show).delete(licenses::revoke))
        .route("/v1/licenses/{jti}/renew", post(licenses::renew))
        .route("/v1/audit", get(licenses::audit_log))
        .route_layer(middleware::from_fn_with_state((app.clone(), app.max_body), body_within))
        .route_layer(middleware::from_fn_with_state(app.clone(), require_member));
    let sign_in = Router::new()
        .route("/v1/auth/challenge", post(challenge))
        .route("/v1/auth/token", post(token))
        .route_layer(middleware::from_fn_with_state(
            (app.clone(), SIGN_IN_MAX_BODY.min(app.max_body)),
            body_within,
        ))
        .route_layer(middleware::from_fn_with_state(app.clone(), limit_address));
    // What installations of a vendor's software fetch without being members: the newest signed
    // revocation list of one key (`license refresh`). Public as the lists are: customers verify
    // them with the vendor's key, and a list only ever revokes more.
    let public = Router::new()
        .route("/v1/revocations/{kid}", get(revocation_of))
        .route_layer(middleware::from_fn_with_state(app.clone(), limit_address));
    Router::new()
        .route("/healthz", get(health))
        .merge(members_only)
        .merge(sign_in)
        .merge(public)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Bodies without a length (chunked) are cut off at the limit while being read...
        .layer(DefaultBodyLimit::max(app.max_body))
        // ...and bodies that declare a larger length are refused before any of them is read.
        .layer(middleware::from_fn_with_state(app.clone(), declared_length))
        .layer(middleware::from_fn_with_state(app.clone(), observe))
        .with_state(app)
}

/// The client's address (behind a trusted proxy, the one it forwarded), for limits and the log.
#[derive(Debug, Clone, Copy)]
pub(super) struct Client(pub(super) IpAddr);

/// The kid a request is about, once known (from its token or its sign-in body), for the log.
#[derive(Debug, Clone, Default)]
pub(crate) struct KidSlot(Arc<OnceLock<String>>);

impl KidSlot {
    /// Records `kid` if it looks like a key id (the log shows nothing a client made up).
    fn set(&self, kid: &str) {
        if shown_kid(kid) == kid {
            let _ = self.0.set(kid.to_string());
        }
    }
}

/// Outermost: finds the client's address, and reports every request once answered (method,
/// path, status, kid, duration; never a header, query or body).
async fn observe(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| app.proxies.client(peer.ip(), req.headers()));
    if let Some(addr) = client {
        req.extensions_mut().insert(Client(addr));
    }
    let kid = KidSlot::default();
    req.extensions_mut().insert(kid.clone());
    let method = req.method().to_string();
    let path: String = req.uri().path().chars().take(200).collect();
    let response = next.run(req).await;
    (app.report)(Event::Request(RequestLog {
        client,
        method,
        path,
        status: response.status().as_u16(),
        kid: kid.0.get().cloned(),
        duration: started.elapsed(),
    }));
    response
}

/// Reads the whole body, at most `max` bytes, within `--body-timeout`: a client trickling its
/// body holds a connection only that long (408), and handlers get it at once.
async fn body_within(
    State((app, max)): State<(Arc<App>, usize)>,
    req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    let read = tokio::time::timeout(app.body_timeout, Limited::new(body, max).collect()).await;
    let failed = match read {
        Ok(Ok(collected)) => {
            let req = Request::from_parts(parts, Body::from(collected.to_bytes()));
            return next.run(req).await;
        }
        Err(_) => ApiError::body_timeout(app.body_timeout, &app.words),
        Ok(Err(e)) if e.is::<LengthLimitError>() => ApiError::too_large(max, &app.words),
        Ok(Err(e)) => ApiError::bad_request(format!("cannot read the body ({e})")),
    };
    closing(failed)
}

/// An error answered before the body was read in full: the rest of it is still on the way, so
/// the connection cannot carry another request, and the client is told not to reuse it.
fn closing(e: ApiError) -> Response {
    let mut r = e.into_response();
    r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

async fn declared_length(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > app.max_body as u64) {
        return closing(ApiError::too_large(app.max_body, &app.words));
    }
    next.run(req).await
}

/// The sign-in routes are open to anyone, so they are limited per client address.
async fn limit_address(
    State(app): State<Arc<App>>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if let Some(Client(addr)) = req.extensions().get::<Client>() {
        app.limits.address(*addr).map_err(ApiError::rate_limited)?;
    }
    Ok(next.run(req).await)
}

/// Token, then rate, then membership: a bad token costs no database query, and a member over
/// the rate costs none either.
async fn require_member(
    State(app): State<Arc<App>>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let value = req.headers().get(header::AUTHORIZATION).ok_or(AuthError::MissingToken)?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or(AuthError::NotBearer)?;
    let kid = app.tokens.check(token, app.now())?;
    if let Some(slot) = req.extensions().get::<KidSlot>() {
        slot.set(&kid);
    }
    app.limits.member(&kid).map_err(ApiError::rate_limited)?;
    let member =
        app.store.member(&kid).await?.ok_or_else(|| ApiError::forbidden(&kid, &app.words))?;
    req.extensions_mut().insert(member);
    Ok(next.run(req).await)
}

async fn not_found(uri: Uri) -> ApiError {
    let path: String = uri.path().chars().take(200).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no such path: {path}; the API is under /v1 (docs/sync-protocol.md)"),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    let path: String = uri.path().chars().take(200).collect();
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "bad_request",
        format!("{method} is not allowed on {path} (docs/sync-protocol.md)"),
    )
}

/// The body as `T`: JSON, declared as JSON, within the size limit.
pub(super) fn json_body<T: DeserializeOwned>(
    app: &App,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let body = read_body(app, headers, body)?;
    parse_json(&body)
}

/// The raw body of a JSON request: the size limit and the content type checked.
fn read_body(
    app: &App,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Bytes, ApiError> {
    let body = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(app.max_body, &app.words)
        } else {
            ApiError::bad_request(format!("cannot read the body ({})", r.body_text()))
        }
    })?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::bad_request(
            "send the body as JSON, with Content-Type: application/json",
        ));
    }
    Ok(body)
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not a valid request: {e}")))
}

/// Runs CPU-heavy work (proof verification, big JSON documents) off the async threads.
pub(super) async fn off_thread<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("a worker failed: {e}"))))
}

/// A JSON document already serialised.
fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes).into_response()
}

async fn health(State(app): State<Arc<App>>) -> Response {
    let backend = app.store.backend().as_str().to_string();
    match app.store.counts().await {
        Ok(c) => Json(Health {
            status: "ok".into(),
            database: DatabaseHealth {
                backend,
                reachable: true,
                id: Some(app.database_id.clone()),
                schema_version: Some(c.schema_version),
                items: Some(c.items),
                members: Some(c.members),
                error: None,
            },
        })
        .into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "unavailable".into(),
                database: DatabaseHealth {
                    backend,
                    reachable: false,
                    id: None,
                    schema_version: None,
                    items: None,
                    members: None,
                    error: Some(e.to_string()),
                },
            }),
        )
            .into_response(),
    }
}

/// Challenges are stored only for members, and each member's are limited (per kid, above the
/// per-address rate; the oldest dropped past [`super::store::CHALLENGES_KEPT`]), so junk kids
/// cost one lookup and nobody's flood can use up a member's sign-ins.
async fn challenge(
    State(app): State<Arc<App>>,
    Extension(kid): Extension<KidSlot>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ChallengeResponse>, ApiError> {
    let req: ChallengeRequest = json_body(&app, &headers, body)?;
    kid.set(&req.kid);
    // A kid of another form is no member's: no lookup for it.
    if !wire::auth::is_kid(&req.kid) || app.store.member(&req.kid).await?.is_none() {
        return Err(ApiError::forbidden(&req.kid, &app.words));
    }
    app.limits.challenge(&req.kid).map_err(ApiError::rate_limited)?;
    let now = app.now();
    let challenge = auth::new_challenge();
    let expires_at = now + CHALLENGE_TTL;
    app.store.add_challenge(&challenge, &req.kid, expires_at as i64, now as i64).await?;
    Ok(Json(ChallengeResponse { challenge, expires_at }))
}

async fn token(
    State(app): State<Arc<App>>,
    Extension(slot): Extension<KidSlot>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<TokenResponse>, ApiError> {
    let req: TokenRequest = json_body(&app, &headers, body)?;
    slot.set(&req.kid);
    // Consumed before anything is checked: a wrong answer burns the challenge too.
    let (kid, expires_at) =
        app.store.take_challenge(&req.challenge).await?.ok_or(AuthError::UnknownChallenge)?;
    if kid != req.kid {
        return Err(AuthError::OtherKey.into());
    }
    let now = app.now();
    if now as i64 >= expires_at {
        return Err(AuthError::ChallengeExpired.into());
    }
    let member =
        app.store.member(&kid).await?.ok_or_else(|| ApiError::forbidden(&kid, &app.words))?;
    let key = parse_public_key_pem(&member.public_key).map_err(|why| {
        ApiError::internal(format!("the stored key of kid {kid} does not parse ({why})"))
    })?;
    auth::check_sign_in(&key, &kid, &req.challenge, &req.signature)?;
    let (token, expires_at) = app.tokens.issue(&kid, now);
    Ok(Json(TokenResponse { token, expires_at }))
}

async fn push(
    State(app): State<Arc<App>>,
    Extension(member): Extension<Member>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let body = read_body(&app, &headers, body)?;
    let checked: Vec<Result<Accepted, Refusal>> = off_thread(move || {
        let req: PushRequest = parse_json(&body)?;
        if req.items.len() > MAX_PAGE {
            return Err(ApiError::bad_request(format!(
                "{} items; send at most {MAX_PAGE} per request",
                req.items.len()
            )));
        }
        Ok(req.items.par_iter().map(wire::check_pushed).collect())
    })
    .await?;
    let mut results = Vec::with_capacity(checked.len());
    let mut to_store: Vec<NewItem> = Vec::new();
    let mut slots = Vec::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    let result =
        |id, status| PushResult { id, status, code: None, reason: None, anchors_added: None };
    for item in checked {
        match item {
            Ok(c) => {
                // The same proof twice in one request: the first is the push, the rest repeat it
                // (their anchors merged into it, as a later push's would be).
                if let Some(&i) = first.get(&c.id) {
                    if let Some((merged, _)) = wire::merge_stored(&to_store[i].proof, &c.proof) {
                        to_store[i].proof = merged;
                        to_store[i].anchored = true;
                    }
                    results.push(result(Some(c.id), PushStatus::Duplicate));
                    continue;
                }
                first.insert(c.id.clone(), to_store.len());
                slots.push(results.len());
                results.push(result(Some(c.id.clone()), PushStatus::Stored));
                to_store.push(NewItem {
                    id: c.id,
                    signer_kid: c.signer_kid,
                    proof: c.proof,
                    entry: c.entry,
                    anchored: c.anchored,
                });
            }
            Err(r) => results.push(PushResult {
                id: r.id,
                status: PushStatus::Refused,
                code: Some(r.code.to_string()),
                reason: Some(r.reason),
                anchors_added: None,
            }),
        }
    }
    let pushed = app.store.push(&member.kid, app.now() as i64, to_store).await?;
    for (slot, outcome) in slots.into_iter().zip(pushed) {
        match outcome {
            Pushed::Stored => {}
            Pushed::Merged(n) => results[slot].anchors_added = Some(n as u32),
            Pushed::Unchanged => results[slot].status = PushStatus::Duplicate,
        }
    }
    Ok(Json(PushResponse { results, database_id: Some(app.database_id.clone()) }))
}

/// Read from the database on each call, not from the start-up copy: that is what the client
/// checks its own state against.
async fn database(State(app): State<Arc<App>>) -> Result<Json<DatabaseResponse>, ApiError> {
    let (id, last_seq) = app.store.state().await?;
    Ok(Json(DatabaseResponse { id: id.unwrap_or_else(|| app.database_id.clone()), last_seq }))
}

/// `after` and `limit` of a paged GET (`/v1/items`, `/v1/audit`): each at most once, nothing
/// else; `endpoint` names the route in the refusal.
pub(super) fn page_query(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    endpoint: &str,
) -> Result<(i64, usize), ApiError> {
    let Query(pairs) =
        query.map_err(|e| ApiError::bad_request(format!("bad query ({})", e.body_text())))?;
    let mut after = 0i64;
    let mut limit = DEFAULT_PAGE;
    let mut given = HashSet::new();
    for (name, value) in pairs {
        if !given.insert(name.clone()) {
            return Err(ApiError::bad_request(format!("{name} is given twice")));
        }
        match name.as_str() {
            "after" => {
                after = value.parse().ok().filter(|a: &i64| *a >= 0).ok_or_else(|| {
                    ApiError::bad_request("after must be a sequence number (0 or more)")
                })?;
            }
            "limit" => {
                limit =
                    value.parse().ok().filter(|l: &usize| (1..=MAX_PAGE).contains(l)).ok_or_else(
                        || {
                            ApiError::bad_request(format!(
                                "limit must be a number from 1 to {MAX_PAGE}"
                            ))
                        },
                    )?;
            }
            _ => {
                let shown: String = name.chars().take(64).collect();
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter {shown:?}; GET {endpoint} takes after and limit"
                )));
            }
        }
    }
    Ok((after, limit))
}

async fn pull(
    State(app): State<Arc<App>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (after, limit) = page_query(query, "/v1/items")?;
    let (rows, more) = app.store.pull(after, limit).await?;
    let database_id = Some(app.database_id.clone());
    let bytes = off_thread(move || {
        let next = rows.last().map_or(after, |r| r.seq);
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let bad = |e: serde_json::Error| {
                ApiError::internal(format!("stored item {} does not parse ({e})", row.seq))
            };
            // Stored as checked, so sent as stored: the bytes are checked again by the client.
            items.push(PulledItem {
                seq: row.seq,
                proof: RawValue::from_string(row.proof).map_err(bad)?,
                entry: row.entry.map(RawValue::from_string).transpose().map_err(bad)?,
                id: row.id,
                pushed_by: row.pushed_by,
                pushed_at: row.pushed_at,
            });
        }
        Ok(serde_json::to_vec(&PullResponse { items, next, more, database_id })
            .expect("a page serialises"))
    })
    .await?;
    Ok(json_bytes(bytes))
}

async fn keys(State(app): State<Arc<App>>) -> Result<Json<KeysResponse>, ApiError> {
    let keys = app
        .store
        .members()
        .await?
        .into_iter()
        .map(|m| PublishedKey {
            kid: m.kid,
            name: m.name,
            public_key: m.public_key,
            added_at: m.added_at,
        })
        .collect();
    Ok(Json(KeysResponse { keys }))
}

async fn revocations(State(app): State<Arc<App>>) -> Result<Json<RevocationsResponse>, ApiError> {
    let lists = app
        .store
        .revocations()
        .await?
        .into_iter()
        .map(|r| StoredRevocation { kid: r.kid, seq: r.seq as u64, token: r.token })
        .collect();
    Ok(Json(RevocationsResponse { lists }))
}

/// `GET /v1/revocations/{kid}`: the newest list `kid` signed, for anyone (no sign-in).
async fn revocation_of(
    State(app): State<Arc<App>>,
    axum::extract::Path(kid): axum::extract::Path<String>,
) -> Result<Json<StoredRevocation>, ApiError> {
    if kid.len() != 43 || !kid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(ApiError::bad_request("not a key id (43 base64url characters)"));
    }
    let row = app.store.revocations().await?.into_iter().find(|r| r.kid == kid);
    match row {
        Some(r) => Ok(Json(StoredRevocation { kid: r.kid, seq: r.seq as u64, token: r.token })),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no revocation list of kid {kid} on this server"),
        )),
    }
}

/// The claims of a list stored earlier (it was verified on the way in; its signer may have been
/// removed since, so it is read, not verified again).
pub(super) fn stored_list(row: &RevocationRow) -> Result<RevocationList, ApiError> {
    let (_, claims) = license::inspect(&row.token).map_err(|e| {
        ApiError::internal(format!("the stored list of kid {} is damaged ({e})", row.kid))
    })?;
    serde_json::from_value(claims).map_err(|e| {
        ApiError::internal(format!("the stored list of kid {} is damaged ({e})", row.kid))
    })
}

async fn rotations(State(app): State<Arc<App>>) -> Result<Json<RotationsResponse>, ApiError> {
    let statements = app.store.rotations().await?.into_iter().map(|r| r.statement).collect();
    Ok(Json(RotationsResponse { statements }))
}

/// Takes a rotation statement whose two signatures verify and one of whose keys is the pushing
/// member's. One statement per (from, to) pair: another one for a stored pair is refused, since
/// an earlier time would widen what the first one granted.
async fn push_rotation(
    State(app): State<Arc<App>>,
    Extension(member): Extension<Member>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<RotationPushResponse>, ApiError> {
    let req: RotationPush = json_body(&app, &headers, body)?;
    let statement = crate::lifecycle::RotationStatement::parse(req.statement.as_bytes())
        .map_err(|e| ApiError::invalid(format!("not a usable rotation statement: {e}")))?;
    if member.kid != statement.from && member.kid != statement.to {
        return Err(ApiError::invalid(format!(
            "the rotation statement is about kids {} and {}, neither of which is yours; push it as one of them",
            shown_kid(&statement.from),
            shown_kid(&statement.to)
        )));
    }
    let text = statement.to_json_pretty();
    let row = RotationRow {
        from_kid: statement.from.clone(),
        to_kid: statement.to.clone(),
        statement: text.clone(),
    };
    let (stored, inserted) = app.store.add_rotation(&row, &member.kid, app.now() as i64).await?;
    let same = crate::lifecycle::RotationStatement::parse(stored.statement.as_bytes())
        .is_ok_and(|s| s == statement);
    if !same {
        return Err(ApiError::conflict(format!(
            "another rotation statement from kid {} to kid {} is already stored",
            shown_kid(&statement.from),
            shown_kid(&statement.to)
        )));
    }
    let status = if inserted { RevocationStatus::Stored } else { RevocationStatus::Unchanged };
    Ok(Json(RotationPushResponse { from: statement.from, to: statement.to, status }))
}

async fn push_revocation(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<RevocationPushResponse>, ApiError> {
    let req: RevocationPush = json_body(&app, &headers, body)?;
    let token = req.token.trim().to_string();
    let stored_members = app.store.members().await?;
    let member_kids: HashSet<&str> = stored_members.iter().map(|m| m.kid.as_str()).collect();
    let members: Vec<VerifyingKey> =
        stored_members.iter().filter_map(|m| parse_public_key_pem(&m.public_key).ok()).collect();
    let (kid, list) = verify_list(&token, &members).map_err(|e| match e {
        LicenseError::UnknownKid(k) => ApiError::invalid(format!(
            "the revocation list is signed by kid {}, which is not a member of this server",
            shown_kid(&k)
        )),
        other => ApiError::invalid(format!("not a usable revocation list: {other}")),
    })?;
    let seq = i64::try_from(list.seq)
        .map_err(|_| ApiError::invalid(format!("seq {} is too large to store", list.seq)))?;
    // The lists in force: those of current members, as a verifier counts only its trusted keys'.
    let mut in_force = Revocations::default();
    for row in app.store.revocations().await? {
        if member_kids.contains(row.kid.as_str()) {
            in_force.add(&row.kid, &stored_list(&row)?);
        }
    }
    let new = RevocationRow { kid: kid.clone(), seq, token };
    // Compare-and-swap: a concurrent push of another list for this key makes the swap fail, and
    // the rule is applied again to whatever won.
    loop {
        let stored = app.store.revocation(&kid).await?;
        let stored_claims = stored.as_ref().map(stored_list).transpose()?;
        let old = stored.as_ref().zip(stored_claims.as_ref());
        let old = old.map(|(row, list)| SignedList { token: &row.token, list });
        match may_replace(&in_force, &kid, old, SignedList { token: &new.token, list: &list }) {
            Ok(Replace::Same) => {
                return Ok(Json(RevocationPushResponse {
                    kid,
                    seq: list.seq,
                    status: RevocationStatus::Unchanged,
                }));
            }
            Ok(Replace::Newer) => {}
            Err(why) => {
                return Err(ApiError::conflict(format!(
                    "revocation list {seq} for kid {kid}: {why}"
                )));
            }
        }
        let expected = stored.as_ref().map(|r| r.seq);
        if app.store.swap_revocation(&new, expected, app.now() as i64).await? {
            return Ok(Json(RevocationPushResponse {
                kid,
                seq: list.seq,
                status: RevocationStatus::Stored,
            }));
        }
    }
}
