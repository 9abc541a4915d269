//! Offline software licences: EdDSA JWTs a vendor key issues and installations check with no
//! network, in a fixed order of checks, against a clock the caller passes in.
//!
//! The claims are documented in the README ("Licences"); [`verify`] is the one entry point an
//! application embeds.

pub mod activation;
pub mod clock;
pub mod fingerprint;
mod provider;
pub mod registry;
/// The revocation lists, shared with signing keys (`key revoke`): re-exported under the licence
/// module, where they started.
pub use crate::revocation;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{SigningKey, VerifyingKey};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Deserializer, Serialize};
use subtle::ConstantTimeEq;

use crate::keys::{KeyError, KeySigner, kid, pkcs8_v1_der};
pub use revocation::Revocations;

/// The JWT `typ` of a licence: distinct, so no other EdDSA JWT a vendor signs passes as one.
pub const LICENSE_TYP: &str = "proofctl-license+jwt";
/// The `license_version` claim this proofctl writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Allowed clock skew for `nbf` and `iat` (never for `exp`): machines' clocks disagree a little.
pub const LEEWAY_SECS: u64 = 60;
/// A demo licence lasts at most this long.
pub const DEMO_MAX_DAYS: u64 = 30;
/// Seconds in a day.
pub const DAY: u64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LicenseType {
    /// Never expires: carries no `exp` claim at all.
    Perpetual,
    /// Expires at `exp`, possibly with grace days after.
    Subscription,
    /// Expires within [`DEMO_MAX_DAYS`].
    Demo,
}

impl LicenseType {
    pub fn as_str(self) -> &'static str {
        match self {
            LicenseType::Perpetual => "perpetual",
            LicenseType::Subscription => "subscription",
            LicenseType::Demo => "demo",
        }
    }
}

/// What the licence grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entitlements {
    pub product: String,
    /// Exact version strings, or "*" for every version.
    pub versions: Vec<String>,
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub features: Vec<String>,
}

/// The claims of a licence. Unknown claims are refused: a licence means exactly what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// The vendor.
    pub iss: String,
    /// The product the licence is for (the same as `entitlements.product`).
    pub aud: String,
    /// The customer id.
    pub sub: String,
    /// The licence id, as revocation lists name it.
    pub jti: String,
    pub iat: u64,
    pub nbf: u64,
    /// Absent for perpetual licences. `"exp": null` is refused, never read as "no expiry".
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub exp: Option<u64>,
    pub license_version: u32,
    pub license_type: LicenseType,
    pub customer_name: String,
    pub entitlements: Entitlements,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub seats: Option<u32>,
    /// The machine fingerprint (`proofctl fingerprint`) the licence is bound to.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub machine: Option<String>,
    /// Days after `exp` during which the licence still works, reported as "grace".
    #[serde(default, skip_serializing_if = "is_zero")]
    pub grace_days: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// An optional claim that, when present, must hold a value: `null` is an error.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Every way a licence can be refused. [`LicenseError::code`] is the stable `--json` reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenseError {
    #[error("not a licence: {0}")]
    Malformed(String),
    #[error("header alg is {0:?}; licences are signed with EdDSA")]
    BadAlgorithm(String),
    #[error("header typ is {}, not {expected:?}: this token is not a proofctl {}", got.as_deref().map_or("missing".to_string(), |t| format!("{t:?}")), if *expected == LICENSE_TYP { "licence" } else { "revocation list" })]
    WrongType { got: Option<String>, expected: &'static str },
    #[error("the header names no key (kid)")]
    NoKid,
    #[error("signed by an unknown key (kid {0}); pass the vendor's public key with --key")]
    UnknownKid(String),
    #[error("the signature does not verify: the licence was altered or not made by this key")]
    BadSignature,
    #[error("not valid before {}", rfc3339(*.0))]
    NotYetValid(u64),
    #[error("issued in the future ({}): check this machine's clock", rfc3339(*.0))]
    IssuedInFuture(u64),
    #[error("expired at {}", rfc3339(*.0))]
    Expired(u64),
    #[error("a {0} licence must carry an expiry (exp)")]
    MissingExpiry(&'static str),
    #[error("a perpetual licence must not carry an expiry (exp)")]
    PerpetualWithExpiry,
    #[error("a demo licence may last at most {DEMO_MAX_DAYS} days, without grace days")]
    DemoTooLong,
    #[error("licensed for product {licensed:?}, not {wanted:?}")]
    WrongProduct { licensed: String, wanted: String },
    #[error("version {0:?} is not licensed")]
    WrongVersion(String),
    #[error("module {0:?} is not licensed")]
    MissingModule(String),
    #[error("feature {0:?} is not licensed")]
    MissingFeature(String),
    #[error("bound to another machine")]
    WrongMachine,
    #[error("licence {0} has been revoked")]
    Revoked(String),
    #[error("the signing key (kid {0}) has been revoked")]
    RevokedKey(String),
    /// The clock reads more than [`clock::ROLLBACK_TOLERANCE_SECS`] before the installation's
    /// high-water mark (see [`clock`]).
    #[error("this machine's clock reads {}, but {} was already seen here (a licence or revocation list issued then, or an earlier check): the clock was set back; set it to the right time", rfc3339(*now), rfc3339(*seen))]
    ClockRolledBack { now: u64, seen: u64 },
}

impl LicenseError {
    pub fn code(&self) -> &'static str {
        match self {
            LicenseError::Malformed(_) => "malformed",
            LicenseError::BadAlgorithm(_) => "bad_algorithm",
            LicenseError::WrongType { .. } => "wrong_type",
            LicenseError::NoKid => "no_kid",
            LicenseError::UnknownKid(_) => "unknown_kid",
            LicenseError::BadSignature => "bad_signature",
            LicenseError::NotYetValid(_) => "not_yet_valid",
            LicenseError::IssuedInFuture(_) => "issued_in_future",
            LicenseError::Expired(_) => "expired",
            LicenseError::MissingExpiry(_) => "missing_expiry",
            LicenseError::PerpetualWithExpiry => "perpetual_with_expiry",
            LicenseError::DemoTooLong => "demo_too_long",
            LicenseError::WrongProduct { .. } => "wrong_product",
            LicenseError::WrongVersion(_) => "wrong_version",
            LicenseError::MissingModule(_) => "missing_module",
            LicenseError::MissingFeature(_) => "missing_feature",
            LicenseError::WrongMachine => "wrong_machine",
            LicenseError::Revoked(_) => "revoked",
            LicenseError::RevokedKey(_) => "revoked_key",
            LicenseError::ClockRolledBack { .. } => "clock_rolled_back",
        }
    }

    /// A token that is not a licence at all is an error (exit 2); every other refusal is a "no".
    pub fn is_error(&self) -> bool {
        matches!(self, LicenseError::Malformed(_))
    }
}

/// Unix seconds as RFC 3339 UTC, for messages.
pub fn rfc3339(unix: u64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix.min(253_402_300_799));
    humantime::format_rfc3339_seconds(t).to_string()
}

/// What the checking application requires of a licence. Empty fields are not checked.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    pub product: Option<String>,
    pub version: Option<String>,
    pub modules: Vec<String>,
    pub features: Vec<String>,
    /// This machine's fingerprint; a bound licence without one is refused.
    pub fingerprint: Option<String>,
    pub revocations: Revocations,
    /// The installation's clock high-water mark ([`clock::ClockMark`]); None checks nothing.
    pub clock_mark: Option<u64>,
}

impl Expectations {
    /// The time to raise the clock mark to after a check at `now`: `now` itself when `verified`
    /// (a successful check), and the issue times of the licence and of every revocation list
    /// applied, which the vendor signed.
    pub fn mark_after(&self, verified: Option<&Verified>, now: u64) -> u64 {
        let signed = verified.map_or(0, |v| v.claims.iat).max(self.revocations.latest_iat());
        match verified {
            Some(_) => signed.max(now),
            None => signed,
        }
    }
}

/// A licence that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    pub kid: String,
    pub claims: Claims,
    /// Past `exp` but within `grace_days`: still honoured, reported apart so apps can nag.
    pub in_grace: bool,
    /// When the grace period ends (expiring licences with grace days only).
    pub grace_until: Option<u64>,
}

/// The parts of a JWT header we check ourselves, before any cryptography.
#[derive(Debug, Deserialize)]
struct RawHeader {
    alg: Option<serde_json::Value>,
    typ: Option<String>,
    kid: Option<String>,
    crit: Option<serde_json::Value>,
}

/// Compares a header `typ` with ours as RFC 7515 §4.1.9 says: media types are case-insensitive
/// and the `application/` prefix may be left out.
pub(crate) fn typ_is(typ: Option<&str>, ours: &str) -> bool {
    typ.is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t.strip_prefix("application/").unwrap_or(&t) == ours
    })
}

/// Splits a compact JWS and reads its header, without verifying anything.
pub(crate) fn header_of(
    token: &str,
) -> Result<(String, Option<String>, Option<String>), LicenseError> {
    let mut parts = token.split('.');
    let (Some(h), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(LicenseError::Malformed("expected three dot-separated parts (a JWT)".into()));
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(h)
        .map_err(|e| LicenseError::Malformed(format!("header is not base64url ({e})")))?;
    let raw: RawHeader = serde_json::from_slice(&bytes)
        .map_err(|e| LicenseError::Malformed(format!("header is not JSON ({e})")))?;
    // RFC 7515 §4.1.11: extensions marked critical that we do not understand (none) are refused.
    if raw.crit.is_some() {
        return Err(LicenseError::Malformed(
            "the header lists critical extensions (crit), which proofctl does not support".into(),
        ));
    }
    // The kid is echoed in messages: only a key id's own alphabet may pass.
    if let Some(k) = &raw.kid
        && (k.is_empty()
            || k.len() > 64
            || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Err(LicenseError::Malformed("the header kid is not a key id".into()));
    }
    let alg = match raw.alg {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    };
    Ok((alg, raw.typ, raw.kid))
}

/// Verifies `token` against `trusted` keys, `expect`ations and the time `now` (unix seconds).
///
/// Checks run in a fixed order and the first failure is returned: header (alg, typ, kid),
/// kid among the trusted keys (several at once, for rotation), signature (strict Ed25519), time
/// (`nbf` and `iat` with [`LEEWAY_SECS`], `now < exp` strictly, `exp` required unless perpetual,
/// grace), entitlements, machine binding (constant-time comparison), revocation.
pub fn verify(
    token: &str,
    trusted: &[VerifyingKey],
    expect: &Expectations,
    now: u64,
) -> Result<Verified, LicenseError> {
    let (key_id, claims) = decode_verified::<Claims>(token.trim(), LICENSE_TYP, trusted)?;
    check_claims(&claims, &key_id, expect, now)
}

/// The first checks of every token proofctl reads (licences and revocation lists): header (alg,
/// typ, kid), the kid among `trusted`, then the signature through jsonwebtoken with our provider.
/// Returns the signer's kid and the claims. Every time rule is the caller's.
pub(crate) fn decode_verified<T: serde::de::DeserializeOwned>(
    token: &str,
    typ: &'static str,
    trusted: &[VerifyingKey],
) -> Result<(String, T), LicenseError> {
    let (alg, header_typ, key_id) = header_of(token)?;
    if alg != "EdDSA" {
        return Err(LicenseError::BadAlgorithm(alg));
    }
    if !typ_is(header_typ.as_deref(), typ) {
        return Err(LicenseError::WrongType { got: header_typ, expected: typ });
    }
    let key_id = key_id.ok_or(LicenseError::NoKid)?;
    let key = trusted
        .iter()
        .find(|k| kid(k) == key_id)
        .ok_or_else(|| LicenseError::UnknownKid(key_id.clone()))?;
    // Strict Ed25519 here, whatever jsonwebtoken provider the process has installed (an
    // application embedding this check may have installed its own, lax one first).
    let (signing_input, sig) = token.rsplit_once('.').expect("header_of checked three parts");
    let sig: [u8; 64] = URL_SAFE_NO_PAD
        .decode(sig)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(LicenseError::BadSignature)?;
    key.verify_strict(signing_input.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| LicenseError::BadSignature)?;
    // The signature is checked (strictly) above and the time and claim rules are check_claims'
    // against the caller's clock, so jsonwebtoken only splits and parses: its `decode` would
    // verify the signature a second time (half the cost of a licence check) and its claim
    // validation, turned off, does nothing here.
    jsonwebtoken::dangerous::insecure_decode::<T>(token)
        .map(|d| (key_id, d.claims))
        .map_err(|e| LicenseError::Malformed(e.to_string()))
}

fn check_claims(
    c: &Claims,
    key_id: &str,
    expect: &Expectations,
    now: u64,
) -> Result<Verified, LicenseError> {
    if c.license_version != FORMAT_VERSION {
        return Err(LicenseError::Malformed(format!(
            "license_version {} is not {FORMAT_VERSION}; upgrade proofctl",
            c.license_version
        )));
    }
    if c.aud != c.entitlements.product {
        return Err(LicenseError::Malformed(format!(
            "aud {:?} differs from entitlements.product {:?}",
            c.aud, c.entitlements.product
        )));
    }
    // Time: first whether the clock can be believed at all.
    if let Err((now, seen)) = clock::check(now, expect.clock_mark) {
        return Err(LicenseError::ClockRolledBack { now, seen });
    }
    if now.saturating_add(LEEWAY_SECS) < c.nbf {
        return Err(LicenseError::NotYetValid(c.nbf));
    }
    if now.saturating_add(LEEWAY_SECS) < c.iat {
        return Err(LicenseError::IssuedInFuture(c.iat));
    }
    if c.license_type == LicenseType::Demo
        && (c.grace_days > 0
            || c.exp.is_some_and(|e| e.saturating_sub(c.nbf) > DEMO_MAX_DAYS * DAY))
    {
        return Err(LicenseError::DemoTooLong);
    }
    let grace_until = c.exp.map(|e| e.saturating_add(u64::from(c.grace_days).saturating_mul(DAY)));
    let mut in_grace = false;
    match (c.license_type, c.exp) {
        (LicenseType::Perpetual, None) => {}
        (LicenseType::Perpetual, Some(_)) => return Err(LicenseError::PerpetualWithExpiry),
        (LicenseType::Subscription, None) => {
            return Err(LicenseError::MissingExpiry("subscription"));
        }
        (LicenseType::Demo, None) => return Err(LicenseError::MissingExpiry("demo")),
        (_, Some(exp)) if now < exp => {}
        (_, Some(exp)) => {
            if grace_until.is_some_and(|end| now < end) {
                in_grace = true;
            } else {
                return Err(LicenseError::Expired(exp));
            }
        }
    }
    // Entitlements.
    let e = &c.entitlements;
    if let Some(p) = &expect.product
        && &e.product != p
    {
        return Err(LicenseError::WrongProduct { licensed: e.product.clone(), wanted: p.clone() });
    }
    if let Some(v) = &expect.version
        && !e.versions.iter().any(|x| x == v || x == "*")
    {
        return Err(LicenseError::WrongVersion(v.clone()));
    }
    if let Some(m) = expect.modules.iter().find(|m| !e.modules.contains(m)) {
        return Err(LicenseError::MissingModule(m.clone()));
    }
    if let Some(f) = expect.features.iter().find(|f| !e.features.contains(f)) {
        return Err(LicenseError::MissingFeature(f.clone()));
    }
    // Binding: constant-time, so timing does not leak how much of a fingerprint matched.
    if let Some(bound) = &c.machine {
        let Some(ours) = expect.fingerprint.as_deref() else {
            return Err(LicenseError::WrongMachine);
        };
        if !bool::from(bound.as_bytes().ct_eq(ours.as_bytes())) {
            return Err(LicenseError::WrongMachine);
        }
    }
    // Revocation.
    if expect.revocations.is_key_revoked(key_id) {
        return Err(LicenseError::RevokedKey(key_id.to_string()));
    }
    if expect.revocations.is_revoked(key_id, &c.jti) {
        return Err(LicenseError::Revoked(c.jti.clone()));
    }
    Ok(Verified {
        kid: key_id.to_string(),
        claims: c.clone(),
        in_grace,
        grace_until: grace_until.filter(|_| c.grace_days > 0),
    })
}

/// What a vendor asks for when issuing a licence.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    pub issuer: String,
    pub customer: String,
    pub customer_name: String,
    pub product: String,
    pub versions: Vec<String>,
    pub modules: Vec<String>,
    pub features: Vec<String>,
    pub license_type: LicenseType,
    /// Expiry as unix seconds; see [`issue`] for the rules per type.
    pub expires: Option<u64>,
    pub seats: Option<u32>,
    pub machine: Option<String>,
    pub grace_days: u32,
}

impl IssueRequest {
    /// A renewal of the licence `old`: the same customer, entitlements, binding and grace days,
    /// expiring at `expires` (`license renew`, and the licence service's renew).
    pub fn renewing(old: Claims, issuer: String, expires: u64) -> IssueRequest {
        IssueRequest {
            issuer,
            customer: old.sub,
            customer_name: old.customer_name,
            product: old.entitlements.product,
            versions: old.entitlements.versions,
            modules: old.entitlements.modules,
            features: old.entitlements.features,
            license_type: old.license_type,
            expires: Some(expires),
            seats: old.seats,
            machine: old.machine,
            grace_days: old.grace_days,
        }
    }
}

/// Why a licence cannot be issued as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct IssueError(pub String);

/// Issues a licence signed by `key` at time `now`. Rules: a perpetual licence has no expiry at all;
/// a subscription needs one; a demo defaults to, and is capped at, [`DEMO_MAX_DAYS`].
pub fn issue(
    req: &IssueRequest,
    key: &SigningKey,
    now: u64,
) -> Result<(String, Claims), IssueError> {
    let claims = claims_for(req, now)?;
    Ok((sign_jwt(LICENSE_TYP, &claims, key), claims))
}

/// Signs licence claims (from [`claims_for`]) with a key wherever it lives (a file or a
/// PKCS#11 token): the same token [`issue`] makes with a key in memory.
pub fn sign_license(claims: &Claims, key: &dyn KeySigner) -> Result<String, KeyError> {
    sign_jwt_with(LICENSE_TYP, claims, key)
}

/// The claims of the licence `req` asks for, issued at `now`, by the rules of [`issue`].
pub fn claims_for(req: &IssueRequest, now: u64) -> Result<Claims, IssueError> {
    let bad = |s: &str| Err(IssueError(s.to_string()));
    if req.versions.is_empty() || req.versions.iter().any(|v| v.trim().is_empty()) {
        return bad("give the licensed versions (--versions 17.0,18.0, or '*'), none empty");
    }
    for (what, v) in
        [("product", &req.product), ("customer", &req.customer), ("issuer", &req.issuer)]
    {
        if v.trim().is_empty() {
            return Err(IssueError(format!("the {what} must not be empty")));
        }
    }
    if let Some(m) = &req.machine
        && !fingerprint::is_fingerprint(m)
    {
        return bad(
            "--bind takes a machine fingerprint as `proofctl fingerprint` prints it (mfp1- and 32 hex digits)",
        );
    }
    if req.license_type == LicenseType::Demo && req.grace_days > 0 {
        return bad("a demo licence has no grace days");
    }
    let exp = match (req.license_type, req.expires) {
        (LicenseType::Perpetual, None) => None,
        (LicenseType::Perpetual, Some(_)) => {
            return bad(
                "a perpetual licence never expires: drop --expires/--days, or use --type subscription",
            );
        }
        (LicenseType::Subscription, None) => {
            return bad("a subscription needs an expiry: pass --expires DATE or --days N");
        }
        (LicenseType::Demo, None) => Some(now + DEMO_MAX_DAYS * DAY),
        (LicenseType::Demo, Some(e)) if e > now + DEMO_MAX_DAYS * DAY => {
            return Err(IssueError(format!(
                "a demo licence lasts at most {DEMO_MAX_DAYS} days; use --type subscription for longer"
            )));
        }
        (_, Some(e)) => Some(e),
    };
    if exp.is_some_and(|e| e <= now) {
        return bad("the expiry is in the past");
    }
    if req.grace_days > 0 && exp.is_none() {
        return bad("grace days apply only to licences that expire");
    }
    let mut id = [0u8; 16];
    OsRng.fill_bytes(&mut id);
    let claims = Claims {
        iss: req.issuer.clone(),
        aud: req.product.clone(),
        sub: req.customer.clone(),
        jti: hex::encode(id),
        iat: now,
        nbf: now,
        exp,
        license_version: FORMAT_VERSION,
        license_type: req.license_type,
        customer_name: req.customer_name.clone(),
        entitlements: Entitlements {
            product: req.product.clone(),
            versions: req.versions.clone(),
            modules: req.modules.clone(),
            features: req.features.clone(),
        },
        seats: req.seats,
        machine: req.machine.clone(),
        grace_days: req.grace_days,
    };
    Ok(claims)
}

/// Signs `claims` as a compact JWS with header {alg: EdDSA, typ, kid}.
pub(crate) fn sign_jwt<T: Serialize>(typ: &str, claims: &T, key: &SigningKey) -> String {
    provider::ensure_installed();
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some(typ.to_string());
    header.kid = Some(kid(&key.verifying_key()));
    let der = pkcs8_v1_der(key);
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(&der))
        .expect("encoding a JWT with an Ed25519 key cannot fail")
}

/// [`sign_jwt`] with a key wherever it lives. The JWS is put together as jsonwebtoken does
/// (base64url of the header's and the claims' JSON, joined by dots), so a key in memory gives
/// the same token either way (a unit test holds them equal).
pub(crate) fn sign_jwt_with<T: Serialize>(
    typ: &str,
    claims: &T,
    key: &dyn KeySigner,
) -> Result<String, KeyError> {
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some(typ.to_string());
    header.kid = Some(kid(&key.verifying_key()));
    let message = format!("{}.{}", b64_json(&header), b64_json(claims));
    let signature = key.try_sign(message.as_bytes())?;
    Ok(format!("{message}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes())))
}

fn b64_json<T: Serialize>(value: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("headers and claims serialise"))
}

/// The token in a licence or list file's text: its first non-empty line, trimmed (files written
/// with `echo` end in a newline; some mail clients add blank lines).
pub fn token_in(text: &str) -> &str {
    text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("")
}

/// Reads a token file (at most 1 MiB, a regular file).
pub fn read_token(path: &std::path::Path) -> std::io::Result<String> {
    let bytes = crate::fsutil::read_bounded(path, 1 << 20)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not text"))?;
    Ok(token_in(&text).to_string())
}

/// Header and claims of a token, decoded but NOT verified (for `license inspect`).
pub fn inspect(token: &str) -> Result<(serde_json::Value, serde_json::Value), LicenseError> {
    let token = token.trim();
    header_of(token)?;
    let part = |i: usize| -> Result<serde_json::Value, LicenseError> {
        let seg = token.split('.').nth(i).unwrap_or_default();
        let bytes = URL_SAFE_NO_PAD.decode(seg).map_err(|e| {
            LicenseError::Malformed(format!("part {} is not base64url ({e})", i + 1))
        })?;
        serde_json::from_slice(&bytes)
            .map_err(|e| LicenseError::Malformed(format!("part {} is not JSON ({e})", i + 1)))
    };
    Ok((part(0)?, part(1)?))
}

#[cfg(test)]
mod tests;
