//! The sync server's database: one interface over two backends, SQLite (one file, one machine)
//! and PostgreSQL (several server processes sharing it), chosen from `--db`.
//!
//! Both backends keep the same tables (members and their roles, challenges, server_secret, items,
//! revocations, database_id, rotations, and the licence service's licenses and audit), versioned
//! and migrated on open, and give the same guarantees the handlers rely on:
//! - item writes are serialised, so `seq` grows in commit order and a puller never misses an item;
//! - a challenge is consumed by one atomic delete, so two processes cannot both accept it;
//! - the token-signing seed is created once, race-free, and shared by every process;
//! - audit entries are serialised like items, so their `seq` too grows in commit order.

mod postgres;
mod sqlite;

use crate::sync::wire::merge_stored;

pub use crate::license::registry::{Entry as LicenseRow, Filter as LicenseFilter};

use std::time::Duration;

/// How long one database call may take before the server answers 503. Generous: a push waits
/// for the pushes ahead of it, and a client retries a 503 anyway (pushes are idempotent).
pub const DB_TIMEOUT: Duration = Duration::from_secs(30);
/// Challenges kept per kid: asking for more drops the oldest, so a flood of challenges for one
/// key takes no more room than this, and the newest (the member's own) stays answerable.
pub const CHALLENGES_KEPT: i64 = 16;
/// `/healthz` answers sooner: a monitor wants to know, not to wait.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(5);

/// Which database a store uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The name `/healthz` reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Errors from the database.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// Opening: the database cannot be used at all; `fix` says what to do.
    #[error("{db}: {why}; {fix}")]
    Open { db: String, why: String, fix: &'static str },
    #[error(
        "{db}: written by a newer proofctl (schema {found}, this one knows {known}); upgrade proofctl"
    )]
    TooNew { db: String, found: i64, known: i64 },
    /// The database did not answer (connection refused or lost, timeout, locked for too long).
    #[error("the database does not answer: {0}")]
    Unavailable(String),
    /// The database answered with an error: a bug or a damaged database.
    #[error("database error: {0}")]
    Failed(String),
}

/// A member key, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub kid: String,
    pub name: String,
    /// SPKI PEM.
    pub public_key: String,
    /// Unix seconds.
    pub added_at: i64,
    /// What the member may do beyond syncing, sorted.
    pub roles: Vec<Role>,
}

/// What a member may do beyond syncing (every member syncs), granted by the operator with
/// `serve members grant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads the audit log of the licence service.
    Admin,
    /// Issues, lists, shows, renews and revokes licences through the licence service.
    Vendor,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Admin, Role::Vendor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Vendor => "vendor",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// A member's roles as both backends store them: names, sorted, joined by commas ('' for none).
/// A name this build does not know (a newer one wrote it) grants nothing here, but is kept when
/// roles change.
fn roles_of(stored: &str) -> Vec<Role> {
    let mut roles: Vec<Role> = stored.split(',').filter_map(Role::parse).collect();
    roles.sort();
    roles.dedup();
    roles
}

/// The stored roles after granting `grant` and dropping `drop`.
fn changed_roles(stored: &str, grant: &[Role], drop: &[Role]) -> String {
    let mut names: std::collections::BTreeSet<&str> =
        stored.split(',').filter(|n| !n.is_empty()).collect();
    names.extend(grant.iter().map(|r| r.as_str()));
    for r in drop {
        names.remove(r.as_str());
    }
    names.into_iter().collect::<Vec<_>>().join(",")
}

/// What granting or dropping roles changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleChange {
    pub name: String,
    pub before: Vec<Role>,
    pub after: Vec<Role>,
}

/// One entry of the licence service's audit log: who did what, to which licence, when, from
/// where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Grows with every entry, in commit order (given by the store; ignored when adding).
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    /// The member who acted, and their name then.
    pub kid: String,
    pub name: String,
    /// `issue`, `renew`, `revoke`, `show` or `list`.
    pub action: String,
    pub jti: Option<String>,
    /// The client's address (behind a trusted proxy, the one it forwarded).
    pub client: Option<String>,
    /// What was asked, for people: the customer and product, the filter, the list's seq.
    pub detail: Option<String>,
}

/// What allowing a key changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// A key never seen before.
    New,
    /// A key removed earlier, allowed again.
    Readded,
    /// Already a member under another name: renamed.
    Renamed { from: String },
    /// Already a member under this name.
    Unchanged,
}

/// What removing a key changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    Removed { name: String },
    AlreadyRemoved { name: String },
    Unknown,
}

/// A key's membership row as both backends read it: its name, and when it was removed.
type MemberRow = (String, Option<i64>);

/// What allowing `kid` as `name` changes, given its row: the one rule both backends write by
/// (a removed key comes back with the new name and key; a member is only ever renamed).
fn allowing(old: Option<MemberRow>, name: &str) -> Allowed {
    match old {
        None => Allowed::New,
        Some((_, Some(_))) => Allowed::Readded,
        Some((old, None)) if old != name => Allowed::Renamed { from: old },
        Some(_) => Allowed::Unchanged,
    }
}

/// What removing a key changes, given its row: removed once, then kept for its items' sake.
fn removing(old: Option<MemberRow>) -> Removed {
    match old {
        None => Removed::Unknown,
        Some((name, Some(_))) => Removed::AlreadyRemoved { name },
        Some((name, None)) => Removed::Removed { name },
    }
}

/// A verified item to store.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub id: String,
    pub signer_kid: String,
    /// The proof document as compact JSON.
    pub proof: String,
    /// The index entry as compact JSON.
    pub entry: Option<String>,
    /// Whether the proof carries anchors (POP-1.1): only then can a push of a stored proof
    /// change it (see [`Store::push`]).
    pub anchored: bool,
}

/// What a push did to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// New on the server.
    Stored,
    /// Already stored; this many of the pushed anchors were new and merged into the stored
    /// proof, which moved to a new seq so that members who pulled it get it again.
    Merged(usize),
    /// Already stored, with every anchor the push carried: nothing changed.
    Unchanged,
}

/// A stored item.
#[derive(Debug, Clone)]
pub struct ItemRow {
    pub seq: i64,
    pub id: String,
    pub pushed_by: String,
    pub pushed_at: i64,
    pub proof: String,
    pub entry: Option<String>,
}

/// The newest revocation list stored for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationRow {
    pub kid: String,
    pub seq: i64,
    pub token: String,
}

/// A rotation statement stored for its (from, to) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationRow {
    pub from_kid: String,
    pub to_kid: String,
    pub statement: String,
}

/// What `/healthz` reports about the database.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    pub schema_version: i64,
    pub items: i64,
    pub members: i64,
}

/// An open database. Cheap to clone; every method may be called from any task.
#[derive(Clone)]
pub enum Store {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({}, {})", self.backend().as_str(), self.describe())
    }
}

/// Whether `db` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    let lower = db.get(..13).unwrap_or(db).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// Runs `f` with a time limit: a database that hangs is one that does not answer.
async fn timed_for<T>(
    limit: Duration,
    f: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    tokio::time::timeout(limit, f).await.unwrap_or_else(|_| {
        Err(StoreError::Unavailable(format!("no answer within {} s", limit.as_secs())))
    })
}

async fn timed<T>(f: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
    timed_for(DB_TIMEOUT, f).await
}

impl Store {
    /// Opens (creating a SQLite file 0600 if missing) and migrates the database `db`: a
    /// postgres:// or postgresql:// URL, or else a SQLite file path.
    pub async fn open(db: &str) -> Result<Store, StoreError> {
        if db.trim().is_empty() {
            return Err(StoreError::Open {
                db: "''".into(),
                why: "is empty".into(),
                fix: "give a SQLite file path or a postgres:// URL",
            });
        }
        if is_postgres_url(db) {
            return Ok(Store::Postgres(postgres::Postgres::open(db).await?));
        }
        if let Some((scheme, _)) = db.split_once("://")
            && !scheme.is_empty()
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+')
        {
            return Err(StoreError::Open {
                db: db.to_string(),
                why: format!("{scheme}:// databases are not supported"),
                fix: "give a postgres:// URL or the path of a SQLite file",
            });
        }
        Ok(Store::Sqlite(sqlite::Sqlite::open(std::path::Path::new(db)).await?))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite(_) => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    /// The database for messages: the file path, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Store::Sqlite(s) => s.describe(),
            Store::Postgres(p) => p.describe(),
        }
    }

    pub async fn counts(&self) -> Result<Counts, StoreError> {
        timed_for(HEALTH_TIMEOUT, async {
            match self {
                Store::Sqlite(s) => s.counts().await,
                Store::Postgres(p) => p.counts().await,
            }
        })
        .await
    }

    /// Makes `kid` a member named `name` (re-adding a removed key, renaming a present one).
    pub async fn allow_member(
        &self,
        kid: &str,
        name: &str,
        public_key: &str,
        now: i64,
    ) -> Result<Allowed, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.allow_member(kid, name, public_key, now).await,
                Store::Postgres(p) => p.allow_member(kid, name, public_key, now).await,
            }
        })
        .await
    }

    /// Ends `kid`'s membership; its tokens stop working at its next request.
    pub async fn remove_member(&self, kid: &str, now: i64) -> Result<Removed, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.remove_member(kid, now).await,
                Store::Postgres(p) => p.remove_member(kid, now).await,
            }
        })
        .await
    }

    /// The current member with this kid, if any (removed members are not members).
    pub async fn member(&self, kid: &str) -> Result<Option<Member>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.member(kid).await,
                Store::Postgres(p) => p.member(kid).await,
            }
        })
        .await
    }

    /// Every current member, by name then kid.
    pub async fn members(&self) -> Result<Vec<Member>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.members().await,
                Store::Postgres(p) => p.members().await,
            }
        })
        .await
    }

    /// Records a challenge issued to `kid`, and forgets every challenge expired by `now` and
    /// `kid`'s oldest beyond [`CHALLENGES_KEPT`].
    pub async fn add_challenge(
        &self,
        challenge: &str,
        kid: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.add_challenge(challenge, kid, expires_at, now).await,
                Store::Postgres(p) => p.add_challenge(challenge, kid, expires_at, now).await,
            }
        })
        .await
    }

    /// Consumes a challenge: returns its kid and expiry, once; every later call returns None.
    pub async fn take_challenge(
        &self,
        challenge: &str,
    ) -> Result<Option<(String, i64)>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.take_challenge(challenge).await,
                Store::Postgres(p) => p.take_challenge(challenge).await,
            }
        })
        .await
    }

    /// The token-signing key's seed: `candidate` if no process stored one yet, else the stored one.
    pub async fn server_seed(
        &self,
        candidate: &[u8; 32],
        now: i64,
    ) -> Result<zeroize::Zeroizing<[u8; 32]>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.server_seed(candidate, now).await,
                Store::Postgres(p) => p.server_seed(candidate, now).await,
            }
        })
        .await
    }

    /// The database's id: `candidate` if no process stored one yet, else the stored one. Made
    /// once, when a server first opens the database, and never changed: a database restored
    /// from a copy keeps the copy's (docs/sync-protocol.md says how to give it a new one).
    pub async fn database_id(&self, candidate: &str, now: i64) -> Result<String, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.database_id(candidate, now).await,
                Store::Postgres(p) => p.database_id(candidate, now).await,
            }
        })
        .await
    }

    /// The database's id as stored now (None when a server never opened it), and the highest
    /// item seq it holds (0 when empty).
    pub async fn state(&self) -> Result<(Option<String>, i64), StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.state().await,
                Store::Postgres(p) => p.state().await,
            }
        })
        .await
    }

    /// Stores items in one transaction, serialised with every other push so that `seq` follows
    /// commit order. An item whose id is stored already keeps its first push (pusher, time,
    /// entry), but takes the union of its anchors and the pushed ones
    /// ([`crate::sync::wire::merge_stored`]); a proof that gained anchors moves to the next seq,
    /// in the same transaction, so pullers past its old seq see it again. The ids must be
    /// distinct.
    pub async fn push(
        &self,
        pushed_by: &str,
        now: i64,
        items: Vec<NewItem>,
    ) -> Result<Vec<Pushed>, StoreError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        timed(async {
            match self {
                Store::Sqlite(s) => s.push(pushed_by, now, items).await,
                Store::Postgres(p) => p.push(pushed_by, now, items).await,
            }
        })
        .await
    }

    /// Up to `limit` items with `seq > after`, in seq order, and whether more follow.
    pub async fn pull(&self, after: i64, limit: usize) -> Result<(Vec<ItemRow>, bool), StoreError> {
        let mut rows = timed(async {
            match self {
                Store::Sqlite(s) => s.pull(after, limit + 1).await,
                Store::Postgres(p) => p.pull(after, limit + 1).await,
            }
        })
        .await?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        Ok((rows, more))
    }

    /// The list stored for `kid`, if any.
    pub async fn revocation(&self, kid: &str) -> Result<Option<RevocationRow>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.revocation(kid).await,
                Store::Postgres(p) => p.revocation(kid).await,
            }
        })
        .await
    }

    /// Stores `row` if the stored list for its kid is still the one at seq `expected` (None: no
    /// list yet). Returns false when another request changed it first: the caller decides again.
    pub async fn swap_revocation(
        &self,
        row: &RevocationRow,
        expected: Option<i64>,
        now: i64,
    ) -> Result<bool, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.swap_revocation(row, expected, now).await,
                Store::Postgres(p) => p.swap_revocation(row, expected, now).await,
            }
        })
        .await
    }

    /// The newest list of every key, by kid.
    pub async fn revocations(&self) -> Result<Vec<RevocationRow>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.revocations().await,
                Store::Postgres(p) => p.revocations().await,
            }
        })
        .await
    }

    /// Stores `row` unless a statement for its pair is stored; returns the one stored after, and
    /// whether it is `row`, just inserted.
    pub async fn add_rotation(
        &self,
        row: &RotationRow,
        pushed_by: &str,
        now: i64,
    ) -> Result<(RotationRow, bool), StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.add_rotation(row, pushed_by, now).await,
                Store::Postgres(p) => p.add_rotation(row, pushed_by, now).await,
            }
        })
        .await
    }

    /// Every rotation statement, by (from, to).
    pub async fn rotations(&self) -> Result<Vec<RotationRow>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.rotations().await,
                Store::Postgres(p) => p.rotations().await,
            }
        })
        .await
    }

    /// Grants `grant` and drops `drop` from the current member `kid`'s roles; None when `kid` is
    /// not a current member.
    pub async fn set_roles(
        &self,
        kid: &str,
        grant: &[Role],
        drop: &[Role],
    ) -> Result<Option<RoleChange>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.set_roles(kid, grant, drop).await,
                Store::Postgres(p) => p.set_roles(kid, grant, drop).await,
            }
        })
        .await
    }

    /// Records a licence just issued, and `audit` saying who issued it, in one transaction.
    pub async fn add_license(
        &self,
        license: &LicenseRow,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.add_license(license, audit).await,
                Store::Postgres(p) => p.add_license(license, audit).await,
            }
        })
        .await
    }

    /// The licence with this id, if the service issued it.
    pub async fn license(&self, jti: &str) -> Result<Option<LicenseRow>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.license(jti).await,
                Store::Postgres(p) => p.license(jti).await,
            }
        })
        .await
    }

    /// The licences `filter` selects, newest first (the rules of `license list`).
    pub async fn licenses(&self, filter: &LicenseFilter) -> Result<Vec<LicenseRow>, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.licenses(filter).await,
                Store::Postgres(p) => p.licenses(filter).await,
            }
        })
        .await
    }

    /// Marks the licence `jti` revoked at `at` (a licence already marked keeps its first time)
    /// and adds `audit`, in one transaction. Returns whether it was marked now.
    pub async fn mark_license_revoked(
        &self,
        jti: &str,
        at: i64,
        audit: &AuditEntry,
    ) -> Result<bool, StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.mark_license_revoked(jti, at, audit).await,
                Store::Postgres(p) => p.mark_license_revoked(jti, at, audit).await,
            }
        })
        .await
    }

    /// Adds an entry to the audit log.
    pub async fn add_audit(&self, audit: &AuditEntry) -> Result<(), StoreError> {
        timed(async {
            match self {
                Store::Sqlite(s) => s.add_audit(audit).await,
                Store::Postgres(p) => p.add_audit(audit).await,
            }
        })
        .await
    }

    /// Up to `limit` audit entries with `seq > after`, in seq order, and whether more follow.
    pub async fn audit_log(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<(Vec<AuditEntry>, bool), StoreError> {
        let mut rows = timed(async {
            match self {
                Store::Sqlite(s) => s.audit_log(after, limit + 1).await,
                Store::Postgres(p) => p.audit_log(after, limit + 1).await,
            }
        })
        .await?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        Ok((rows, more))
    }

    /// Closes connections (PostgreSQL) so a stopping server leaves nothing behind.
    pub fn close(&self) {
        if let Store::Postgres(p) = self {
            p.close();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_changes_follow_one_rule() {
        let row = |name: &str, removed: Option<i64>| Some((name.to_string(), removed));
        assert_eq!(allowing(None, "ann"), Allowed::New);
        assert_eq!(allowing(row("ann", Some(5)), "ann"), Allowed::Readded);
        assert_eq!(allowing(row("old", Some(5)), "ann"), Allowed::Readded);
        assert_eq!(allowing(row("old", None), "ann"), Allowed::Renamed { from: "old".into() });
        assert_eq!(allowing(row("ann", None), "ann"), Allowed::Unchanged);
        assert_eq!(removing(None), Removed::Unknown);
        assert_eq!(removing(row("ann", None)), Removed::Removed { name: "ann".into() });
        assert_eq!(removing(row("ann", Some(5))), Removed::AlreadyRemoved { name: "ann".into() });
    }

    #[test]
    fn roles_are_a_sorted_set_that_keeps_unknown_names() {
        assert_eq!(roles_of(""), vec![]);
        assert_eq!(roles_of("vendor,admin,vendor"), vec![Role::Admin, Role::Vendor]);
        assert_eq!(roles_of("auditor,vendor"), vec![Role::Vendor]);
        assert_eq!(changed_roles("", &[Role::Vendor, Role::Admin], &[]), "admin,vendor");
        assert_eq!(changed_roles("admin,vendor", &[], &[Role::Admin]), "vendor");
        assert_eq!(changed_roles("auditor", &[Role::Vendor], &[Role::Vendor]), "auditor");
        assert_eq!(changed_roles("vendor", &[Role::Vendor], &[]), "vendor");
    }
}
