//! The licence service (docs/sync-protocol.md, "Licences"): members with the vendor role issue,
//! list, show, renew and revoke licences signed by the vendor key the server unlocked at start;
//! a revocation grows that key's signed revocation list, which `GET /v1/revocations/{kid}` serves
//! to installations. Every action lands in the audit log, which admins read. The licence rules
//! are the library's (`license::claims_for`, the revocation list's only-grow rule); the SQL is
//! the store's.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};

use super::LicenseKey;
use super::error::ApiError;
use super::routes::{App, Client, json_body, off_thread, stored_list};
use super::store::{AuditEntry, LicenseFilter, LicenseRow, Member, RevocationRow, Role};
use crate::keys::kid;
use crate::license::activation::ActivationRequest;
use crate::license::revocation::{LIST_VERSION, REVOCATIONS_TYP, RevocationList};
use crate::license::{self, Claims, DAY, IssueRequest, LicenseType};
use crate::sync::protocol::{
    AuditRecord, AuditResponse, IssuedLicense, LicenseIssue, LicenseRecord, LicenseRenew,
    LicensesResponse, RevokedLicense,
};

/// The vendor key, ready to sign, and what the service says about it.
pub(crate) struct Service {
    key: LicenseKey,
    /// The key's kid: the `kid` of every licence and list it signs.
    kid: String,
}

impl Service {
    pub(crate) fn new(key: LicenseKey) -> Service {
        let kid = kid(&key.signer.verifying_key());
        Service { key, kid }
    }
}

/// The member may act as `role`, or a 403 saying how the operator grants it.
fn need(app: &App, member: &Member, role: Role) -> Result<(), ApiError> {
    if member.roles.contains(&role) {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!(
            "member {} (kid {}) does not have the {} role; ask the operator to grant it with `{} {} {}`",
            crate::term::safe(&member.name),
            member.kid,
            role.as_str(),
            app.words.grant_role,
            member.kid,
            role.as_str()
        ),
    ))
}

/// The service, for a vendor; a 404 when the server was started without a licence key.
fn vendor<'a>(app: &'a App, member: &Member) -> Result<&'a Service, ApiError> {
    need(app, member, Role::Vendor)?;
    app.license.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!(
                "this server issues no licences: it was started without a vendor key ({})",
                app.words.license_key
            ),
        )
    })
}

/// An audit entry for `member` doing `action` now, from `client`.
fn audit(
    app: &App,
    member: &Member,
    client: Option<Extension<Client>>,
    action: &str,
    jti: Option<&str>,
    detail: String,
) -> AuditEntry {
    AuditEntry {
        seq: 0,
        at: app.now() as i64,
        kid: member.kid.clone(),
        name: member.name.clone(),
        action: action.to_string(),
        jti: jti.map(str::to_string),
        client: client.map(|Extension(Client(addr))| addr.to_string()),
        detail: Some(detail),
    }
}

/// A licence id as `license issue` makes them (32 hex digits), or a 400: ids are echoed.
fn check_jti(jti: &str) -> Result<(), ApiError> {
    if jti.len() == 32 && jti.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(ApiError::bad_request("not a licence id (32 hex digits, as issuing returns it)"))
    }
}

async fn stored_license(app: &App, jti: &str) -> Result<LicenseRow, ApiError> {
    check_jti(jti)?;
    app.store.license(jti).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no licence {jti} was issued by this server; GET /v1/licenses lists them"),
        )
    })
}

fn record(e: LicenseRow, now: u64, with_token: bool) -> LicenseRecord {
    LicenseRecord {
        status: e.status(now).to_string(),
        jti: e.jti,
        kid: e.kid,
        issuer: e.issuer,
        customer: e.customer,
        customer_name: e.customer_name,
        product: e.product,
        license_type: e.license_type,
        issued_at: e.issued_at,
        expires_at: e.expires_at,
        renewed_from: e.renewed_from,
        revoked_at: e.revoked_at,
        token: with_token.then_some(e.token),
    }
}

/// The expiry a request gives: `days` from `now`, or `expires_at`, not both.
fn expiry(days: Option<u64>, expires_at: Option<u64>, now: u64) -> Result<Option<u64>, ApiError> {
    match (days, expires_at) {
        (Some(_), Some(_)) => Err(ApiError::invalid("give days or expires_at, not both")),
        (Some(n), None) => n
            .checked_mul(DAY)
            .and_then(|d| d.checked_add(now))
            .map(Some)
            .ok_or_else(|| ApiError::invalid(format!("days {n} is too many days"))),
        (None, at) => Ok(at),
    }
}

/// A field given in the body or taken from the activation request; both and different is a
/// mistake worth refusing (the request names another customer or product).
fn field(
    name: &str,
    given: Option<String>,
    requested: Option<&String>,
) -> Result<String, ApiError> {
    match (given, requested) {
        (Some(g), Some(r)) if &g != r => Err(ApiError::invalid(format!(
            "{name} {g:?} differs from the {name} {r:?} in the activation request"
        ))),
        (Some(g), _) => Ok(g),
        (None, Some(r)) => Ok(r.clone()),
        (None, None) => Err(ApiError::invalid(format!("{name} is required"))),
    }
}

/// What `license issue` would ask for, from the body.
fn issue_request(body: LicenseIssue, issuer: &str, now: u64) -> Result<IssueRequest, ApiError> {
    let request = match &body.request {
        Some(value) => Some(
            ActivationRequest::parse(value.to_string().as_bytes())
                .map_err(|e| ApiError::invalid(format!("request: {e}")))?,
        ),
        None => None,
    };
    if body.machine.is_some() && request.is_some() {
        return Err(ApiError::invalid(
            "give machine or request, not both (the request carries the fingerprint)",
        ));
    }
    if body.versions.is_empty() {
        return Err(ApiError::invalid("versions is required: the licensed versions, or [\"*\"]"));
    }
    let r = request.as_ref();
    Ok(IssueRequest {
        issuer: issuer.to_string(),
        customer: field("customer", body.customer, r.and_then(|r| r.customer.as_ref()))?,
        customer_name: field(
            "customer_name",
            body.customer_name,
            r.and_then(|r| r.customer_name.as_ref()),
        )?,
        product: field("product", body.product, r.and_then(|r| r.product.as_ref()))?,
        versions: body.versions,
        modules: body.modules,
        features: body.features,
        license_type: body.license_type,
        expires: expiry(body.days, body.expires_at, now)?,
        seats: body.seats,
        machine: request.map(|r| r.fingerprint).or(body.machine),
        grace_days: body.grace_days,
    })
}

/// Signs the licence `req` asks for with the service's key and records it with its audit entry.
async fn sign_and_record(
    app: &App,
    service: &Service,
    req: &IssueRequest,
    renewed_from: Option<&str>,
    audit_for: impl FnOnce(&Claims) -> AuditEntry,
) -> Result<IssuedLicense, ApiError> {
    let claims = license::claims_for(req, app.now()).map_err(|e| ApiError::invalid(e.0))?;
    let signer = service.key.signer.clone();
    let to_sign = claims.clone();
    // Off the async threads: a key on a PKCS#11 token answers at its own pace.
    let token = off_thread(move || {
        license::sign_license(&to_sign, &*signer)
            .map_err(|e| ApiError::internal(format!("the vendor key cannot sign ({e})")))
    })
    .await?;
    let row = LicenseRow::issued(&claims, &service.kid, &token, renewed_from);
    app.store.add_license(&row, &audit_for(&claims)).await?;
    Ok(IssuedLicense {
        token,
        jti: claims.jti.clone(),
        kid: service.kid.clone(),
        claims,
        renewed_from: renewed_from.map(str::to_string),
    })
}

fn describe(c: &Claims) -> String {
    let until = c.exp.map_or("never expires".to_string(), license::rfc3339);
    format!(
        "{} {} licence for {} ({}), {until}",
        c.entitlements.product,
        c.license_type.as_str(),
        c.customer_name,
        c.sub
    )
}

/// `POST /v1/licenses`.
pub(super) async fn issue(
    State(app): State<Arc<App>>,
    Extension(member): Extension<Member>,
    client: Option<Extension<Client>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IssuedLicense>, ApiError> {
    let service = vendor(&app, &member)?;
    let body: LicenseIssue = json_body(&app, &headers, body)?;
    let req = issue_request(body, &service.key.issuer, app.now())?;
    let issued = sign_and_record(&app, service, &req, None, |c| {
        audit(&app, &member, client, "issue", Some(&c.jti), describe(c))
    })
    .await?;
    Ok(Json(issued))
}

/// `POST /v1/licenses/{jti}/renew`: a new licence with the same customer and entitlements,
/// recorded as the renewal of `jti` (`license renew`).
pub(super) async fn renew(
    State(app): State<Arc<App>>,
    Extension(member): Extension<Member>,
    client: Option<Extension<Client>>,
    Path(jti): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IssuedLicense>, ApiError> {
    let service = vendor(&app, &member)?;
    let body: LicenseRenew = json_body(&app, &headers, body)?;
    let old = stored_license(&app, &jti).await?;
    if old.revoked_at.is_some() {
        return Err(ApiError::conflict(format!(
            "licence {jti} is revoked; a renewal would give the customer back what was taken: issue a new licence if that is meant"
        )));
    }
    let now = app.now();
    let expires = expiry(body.days, body.expires_at, now)?
        .ok_or_else(|| ApiError::invalid("give days or expires_at"))?;
    // Our own record, issued here: its claims are read back as written.
    let (_, claims) = license::inspect(&old.token)
        .map_err(|e| ApiError::internal(format!("the stored licence {jti} is damaged ({e})")))?;
    let claims: Claims = serde_json::from_value(claims)
        .map_err(|e| ApiError::internal(format!("the stored licence {jti} is damaged ({e})")))?;
    if claims.license_type == LicenseType::Perpetual {
        return Err(ApiError::invalid(format!(
            "licence {jti} is perpetual: it never expires, so there is nothing to renew"
        )));
    }
    let req = IssueRequest::renewing(claims, service.key.issuer.clone(), expires);
    let issued = sign_and_record(&app, service, &req, Some(&jti), |c| {
        audit(
            &app,
            &member,
            client,
            "renew",
            Some(&c.jti),
            format!("renews {jti}: {}", describe(c)),
        )
    })
    .await?;
    Ok(Json(issued))
}

/// `GET /v1/licenses?customer=C&product=P&expiring=30d&revoked=true` (`license list`).
pub(super) async fn list(
    State(app): State<Arc<App>>,
    Extension(member): Extension<Member>,
    client: Option<Extension<Client>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<LicensesResponse>, ApiError> {
    vendor(&app, &member)?;
    let Query(pairs) =
        query.map_err(|e| ApiError::bad_request(format!("bad query ({})", e.body_text())))?;
    let now = app.now();
    let mut filter = LicenseFilter { now, ..LicenseFilter::default() };
    let mut given = HashSet::new();
    for (name, value) in pairs {
        if !given.insert(name.clone()) {
            return Err(ApiError::bad_request(format!("{name} is given twice")));
        }
        match name.as_str() {
            "customer" => filter.customer = Some(value),
            "product" => filter.product = Some(value),
            "expiring" => {
                let within = humantime::parse_duration(&value).map_err(|_| {
                    ApiError::bad_request("expiring must be a duration such as 30d, 2w or 12h")
                })?;
                filter.expiring_by = Some(now.saturating_add(within.as_secs()));
            }
            "revoked" => {
                filter.revoked = match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(ApiError::bad_request("revoked must be true or false")),
                };
            }
            _ => {
                let shown: String = name.chars().take(64).collect();
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter {shown:?}; GET /v1/licenses takes customer, product, expiring and revoked"
                )));
            }
        }
    }
    let rows = app.store.licenses(&filter).await?;
    let detail = format!(
        "{} licences (customer {}, product {}, expiring {}, revoked {})",
        rows.len(),
        filter.customer.as_deref().unwrap_or("*"),
        filter.product.as_deref().unwrap_or("*"),
        filter.expiring_by.map_or("-".to_string(), license::rfc3339),
        filter.revoked
    );
    app.store.add_audit(&audit(&app, &member, client, "list", None, detail)).await?;
    let licenses = rows.into_iter().map(|e| record(e, now, false)).collect();
    Ok(Json(LicensesResponse { licenses }))
}

/// `GET /v1/licenses/{jti}`: the record with its token (`license show`).
pub(super) async fn show(
    State(app): State<Arc<App>>,
    Extension(member): Extension<Member>,
    client: Option<Extension<Client>>,
    Path(jti): Path<String>,
) -> Result<Json<LicenseRecord>, ApiError> {
    vendor(&app, &member)?;
    let row = stored_license(&app, &jti).await?;
    let detail = format!("{} licence for {} ({})", row.product, row.customer_name, row.customer);
    app.store.add_audit(&audit(&app, &member, client, "show", Some(&jti), detail)).await?;
    Ok(Json(record(row, app.now(), true)))
}

/// `DELETE /v1/licenses/{jti}`: revokes the licence in the vendor key's revocation list (which
/// only grows), then marks it revoked. The list is what customers apply, so it is changed
/// first: a failure in between leaves a licence revoked but not yet marked, which the same
/// request, sent again, marks.
pub(super) async fn revoke(
    State(app): State<Arc<App>>,
    Extension(member): Extension<Member>,
    client: Option<Extension<Client>>,
    Path(jti): Path<String>,
) -> Result<Json<RevokedLicense>, ApiError> {
    let service = vendor(&app, &member)?;
    let row = stored_license(&app, &jti).await?;
    if row.kid != service.kid {
        return Err(ApiError::conflict(format!(
            "licence {jti} was signed by kid {}, not by this server's vendor key (kid {}); revoke it with that key (`proofctl license revoke`)",
            row.kid, service.kid
        )));
    }
    let now = app.now();
    // Compare-and-swap on the stored list: two revocations at once both land, one after the
    // other, each list keeping everything the one before it revoked.
    let (seq, grew) = loop {
        let stored = app.store.revocation(&service.kid).await?;
        let mut list = match &stored {
            Some(r) => stored_list(r)?,
            None => RevocationList {
                iss: service.key.issuer.clone(),
                iat: now,
                seq: 0,
                list_version: LIST_VERSION,
                revoked_jtis: Vec::new(),
                revoked_kids: Vec::new(),
                key_details: BTreeMap::new(),
            },
        };
        if list.revoked_jtis.contains(&jti) {
            break (list.seq, false);
        }
        list.revoked_jtis.push(jti.clone());
        list.seq = list.seq.checked_add(1).ok_or_else(|| {
            ApiError::conflict("the vendor key's revocation list cannot grow further")
        })?;
        list.iat = now.max(list.iat);
        list.iss = service.key.issuer.clone();
        list.list_version = list.version_for();
        let signer = service.key.signer.clone();
        let signed = list.clone();
        let token = off_thread(move || {
            license::sign_jwt_with(REVOCATIONS_TYP, &signed, &*signer)
                .map_err(|e| ApiError::internal(format!("the vendor key cannot sign ({e})")))
        })
        .await?;
        let new = RevocationRow { kid: service.kid.clone(), seq: list.seq as i64, token };
        if app.store.swap_revocation(&new, stored.map(|r| r.seq), now as i64).await? {
            break (list.seq, true);
        }
    };
    let detail = format!("revocation list {seq} of kid {}", service.kid);
    let entry = audit(&app, &member, client, "revoke", Some(&jti), detail);
    let marked = app.store.mark_license_revoked(&jti, now as i64, &entry).await?;
    Ok(Json(RevokedLicense {
        jti,
        kid: service.kid.clone(),
        seq,
        status: if grew { "revoked" } else { "unchanged" }.to_string(),
        revoked_at: if marked { now } else { row.revoked_at.unwrap_or(now) },
    }))
}

/// `GET /v1/audit?after=SEQ&limit=N`: the audit log, for admins.
pub(super) async fn audit_log(
    State(app): State<Arc<App>>,
    Extension(member): Extension<Member>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<AuditResponse>, ApiError> {
    need(&app, &member, Role::Admin)?;
    let (after, limit) = super::routes::page_query(query, "/v1/audit")?;
    let (rows, more) = app.store.audit_log(after, limit).await?;
    let next = rows.last().map_or(after, |r| r.seq);
    let entries = rows
        .into_iter()
        .map(|a| AuditRecord {
            seq: a.seq,
            at: a.at,
            kid: a.kid,
            name: a.name,
            action: a.action,
            jti: a.jti,
            client: a.client,
            detail: a.detail,
        })
        .collect();
    Ok(Json(AuditResponse { entries, next, more }))
}
