//! The sync protocol's message types, limits and signed messages (docs/sync-protocol.md), shared
//! by the server (`proofctl serve`) and the client (`proofctl sync`) so the two cannot drift. The
//! rules for reading the data they carry (proofs, entries) are in [`super::wire`].

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use serde_json::value::RawValue;

use crate::proof::Proof;

/// Every API path starts with this; a breaking change gets a new prefix.
pub const API_PREFIX: &str = "/v1";
/// Domain separation for the sign-in signature: nothing else proofctl signs starts this way.
pub const AUTH_DOMAIN: &[u8] = b"proofctl-sync-auth-v1\0";
/// The JWT `typ` of an access token.
pub const TOKEN_TYP: &str = "proofctl-sync+jwt";
/// The JWT `aud` of an access token.
pub const TOKEN_AUDIENCE: &str = "proofctl-sync";
/// How long a challenge may be answered, and how long a token lasts, in seconds.
pub const CHALLENGE_TTL: u64 = 60;
pub const TOKEN_TTL: u64 = 300;
/// Items per push request and per pulled page: the server refuses more, the client sends this.
pub const MAX_PAGE: usize = 1000;
pub const DEFAULT_PAGE: usize = 500;

/// A proof's id: lowercase hex SHA-256 of the RFC 8785 (JCS) canonical JSON of the whole proof
/// document, signature included, in its POP-1.0 form ([`Proof::statement`]: anchors removed,
/// format POP-1.0). Layout and key order do not change it; any signed field does; anchors do
/// not, so a proof pushed before and after it was timestamped is one proof.
pub fn proof_id(proof: &Proof) -> String {
    let canonical = serde_jcs::to_vec(&proof.statement()).expect("a proof serialises");
    hex::encode(Sha256::digest(canonical))
}

/// The bytes a member signs to sign in; with the rest of sign-in's wire data in
/// [`super::wire::auth`].
pub use super::wire::auth::auth_message;

/// Every error response: `{"error": {"code": ..., "message": ...}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// One of: bad_request, unauthorized, forbidden, not_found, conflict, too_large, invalid,
    /// rate_limited, unavailable, internal.
    pub code: String,
    /// One line for a person: what is wrong and what to do.
    pub message: String,
}

/// `POST /v1/auth/challenge`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeRequest {
    pub kid: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChallengeResponse {
    /// 32 random bytes, base64url without padding. Single use.
    pub challenge: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// `POST /v1/auth/token`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub kid: String,
    pub challenge: String,
    /// Ed25519 signature of [`auth_message`], base64url without padding.
    pub signature: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenResponse {
    /// An EdDSA JWT; clients treat it as opaque and send it as `Authorization: Bearer TOKEN`.
    pub token: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// What the index knows about a signed file, besides its proof. The SHA-256 and size are the
/// proof's subject's: the server refuses an entry whose size disagrees. Members these types do
/// not know are refused or skipped by [`super::wire::parse_entry`], depending on the side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireEntry {
    pub size: u64,
    pub media_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<WireImage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<WireText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embeddings: Vec<WireEmbedding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireImage {
    /// `similarity::image::ALGORITHM` of the sender; sketches of other algorithms are not compared.
    pub algorithm: String,
    /// 16 lowercase hex digits each.
    pub dct: String,
    pub gradient: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireText {
    pub algorithm: String,
    /// 32 lowercase hex digits.
    pub simhash: String,
    pub words: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireEmbedding {
    /// The model id (name and digest of its files): vectors of different ids are never compared.
    pub model: String,
    pub dim: u32,
    /// The stored form (`similarity::embed::quantise`: a 4-byte scale, then one byte per
    /// dimension), standard base64.
    pub vector: String,
}

/// One proof pushed, with its index entry when the sender has one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushItem {
    /// The POP-1.0 or POP-1.1 document as sent: its bytes are what the server parses
    /// (`verify`'s parser).
    pub proof: Box<RawValue>,
    /// A [`WireEntry`], read by [`super::wire::parse_entry`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<Box<RawValue>>,
}

/// `POST /v1/proofs`: at most [`MAX_PAGE`] items.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub items: Vec<PushItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// New on the server, or new anchors merged into the proof it had (`anchors_added`).
    Stored,
    /// The server already had a proof with this id and every anchor pushed (nothing changed).
    Duplicate,
    /// Not stored: `reason` says why (bad signature, malformed proof, entry disagreeing).
    Refused,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushResult {
    /// The proof id, when the proof could be parsed.
    pub id: Option<String>,
    pub status: PushStatus,
    /// Refused items: a stable code (a proof's are `proofctl verify --json`'s reasons, else
    /// `bad_entry`). Added after version 1 shipped; older servers do not send it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `stored` for a proof the server had already: how many of the pushed anchors it did not
    /// have and merged into its copy. Added with POP-1.1; older servers do not send it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchors_added: Option<u32>,
}

/// The answer to a push: one result per item, in request order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
    /// The id of the database that stored them (absent from servers before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_id: Option<String>,
}

/// One stored item, as pulled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PulledItem {
    /// The server's sequence number: strictly increasing in the order items became visible.
    pub seq: i64,
    pub id: String,
    /// The kid of the member who pushed it first.
    pub pushed_by: String,
    /// Unix seconds.
    pub pushed_at: i64,
    /// The POP-1.0 or POP-1.1 document (with every anchor the server has for it), checked by the
    /// client with `verify`'s parser on these bytes.
    pub proof: Box<RawValue>,
    /// A [`WireEntry`], read by [`super::wire::parse_entry`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<Box<RawValue>>,
}

/// `GET /v1/items?after=SEQ&limit=N`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullResponse {
    pub items: Vec<PulledItem>,
    /// The cursor to ask with next (the last item's seq, or `after` when there were none).
    pub next: i64,
    /// Whether more items follow `next`.
    pub more: bool,
    /// The id of the database the items come from (absent from servers before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_id: Option<String>,
}

/// `GET /v1/database`: which database answers, and how far its items go. A client compares them
/// with what it stored for this server to see a database replaced or restored from a copy.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatabaseResponse {
    /// Random, made when a server first opened the database; 32 lowercase hex digits.
    pub id: String,
    /// The highest item seq the database holds (0 when it has none).
    pub last_seq: i64,
}

/// A member's public key, as `GET /v1/keys` publishes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublishedKey {
    pub kid: String,
    pub name: String,
    /// SPKI PEM.
    pub public_key: String,
    /// Unix seconds.
    pub added_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeysResponse {
    pub keys: Vec<PublishedKey>,
}

/// `POST /v1/revocations`: a revocation list signed by a member's key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationPush {
    pub token: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationStatus {
    /// Newer than what the server had: stored.
    Stored,
    /// The very list the server already has.
    Unchanged,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RevocationPushResponse {
    pub kid: String,
    pub seq: u64,
    pub status: RevocationStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredRevocation {
    pub kid: String,
    pub seq: u64,
    pub token: String,
}

/// `GET /v1/revocations`: the newest list of every key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RevocationsResponse {
    pub lists: Vec<StoredRevocation>,
}

/// `POST /v1/rotations`: a rotation statement (docs/key-lifecycle.md §3) one of whose two keys
/// is the pushing member's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotationPush {
    /// The statement's JSON text.
    pub statement: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RotationPushResponse {
    pub from: String,
    pub to: String,
    /// `stored`, or `unchanged` for the very statement the server already has.
    pub status: RevocationStatus,
}

/// `GET /v1/rotations`: every statement stored, by (from, to).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RotationsResponse {
    pub statements: Vec<String>,
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Health {
    /// "ok" or "unavailable".
    pub status: String,
    pub database: DatabaseHealth,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatabaseHealth {
    /// "sqlite" or "postgres".
    pub backend: String,
    pub reachable: bool,
    /// The database's id (as `GET /v1/database` gives it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /v1/licenses`: what `license issue` takes, as JSON. The issuer is the server's
/// (`serve --license-issuer`), never the caller's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseIssue {
    /// The customer id (the JWT subject); else the `request`'s.
    #[serde(default)]
    pub customer: Option<String>,
    /// Else the `request`'s.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// Else the `request`'s.
    #[serde(default)]
    pub product: Option<String>,
    /// Licensed versions, "*" for all; at least one.
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub features: Vec<String>,
    /// `perpetual`, `subscription` or `demo`.
    #[serde(rename = "type")]
    pub license_type: crate::license::LicenseType,
    /// Valid for this many days from now; or `expires_at`.
    #[serde(default)]
    pub days: Option<u64>,
    /// Expiry, unix seconds.
    #[serde(default)]
    pub expires_at: Option<u64>,
    #[serde(default)]
    pub seats: Option<u32>,
    /// Bind to this machine fingerprint (`proofctl fingerprint`); or give `request`.
    #[serde(default)]
    pub machine: Option<String>,
    #[serde(default)]
    pub grace_days: u32,
    /// An offline activation request (`proofctl fingerprint --request`), as its JSON object:
    /// binds to its fingerprint, and gives the customer and product where not given.
    #[serde(default)]
    pub request: Option<serde_json::Value>,
}

/// `POST /v1/licenses/{jti}/renew`: the renewal's expiry, one of the two.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseRenew {
    #[serde(default)]
    pub days: Option<u64>,
    #[serde(default)]
    pub expires_at: Option<u64>,
}

/// The answer to an issue or a renewal: the licence and its claims.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IssuedLicense {
    pub token: String,
    pub jti: String,
    /// The vendor key that signed it.
    pub kid: String,
    pub claims: crate::license::Claims,
    /// The licence this one renews.
    pub renewed_from: Option<String>,
}

/// A licence the service issued, as `license list --json` shows one (`token` only from
/// `GET /v1/licenses/{jti}`, as `license show`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LicenseRecord {
    pub jti: String,
    pub kid: String,
    pub issuer: String,
    pub customer: String,
    pub customer_name: String,
    pub product: String,
    pub license_type: String,
    pub issued_at: u64,
    pub expires_at: Option<u64>,
    pub renewed_from: Option<String>,
    pub revoked_at: Option<u64>,
    /// `valid`, `expired` or `revoked`, as the record knows it.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `GET /v1/licenses`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LicensesResponse {
    pub licenses: Vec<LicenseRecord>,
}

/// `DELETE /v1/licenses/{jti}`: the revocation list that now revokes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RevokedLicense {
    pub jti: String,
    /// The key whose list revokes it (`GET /v1/revocations/{kid}`).
    pub kid: String,
    /// That list's seq.
    pub seq: u64,
    /// `revoked`, or `unchanged` when the list already revoked it.
    pub status: String,
    pub revoked_at: u64,
}

/// One entry of `GET /v1/audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    /// The member who acted.
    pub kid: String,
    pub name: String,
    /// `issue`, `renew`, `revoke`, `show` or `list`.
    pub action: String,
    pub jti: Option<String>,
    /// The client's address.
    pub client: Option<String>,
    pub detail: Option<String>,
}

/// `GET /v1/audit?after=SEQ&limit=N`: entries in seq order, paged as `GET /v1/items`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditResponse {
    pub entries: Vec<AuditRecord>,
    pub next: i64,
    pub more: bool,
}
