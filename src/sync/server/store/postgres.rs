//! The PostgreSQL backend: a deadpool pool of tokio-postgres connections, so that several server
//! processes can share one database. Advisory transaction locks serialise what must be serial
//! (migrations, item pushes, member changes); everything else relies on single statements.

use std::collections::HashSet;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime};
use tokio_postgres::config::SslMode;
use tokio_postgres::{Config, NoTls};
use zeroize::Zeroizing;

use super::{
    Allowed, AuditEntry, Counts, ItemRow, LicenseFilter, LicenseRow, Member, MemberRow, NewItem,
    Pushed, Removed, RevocationRow, Role, RoleChange, RotationRow, StoreError, allowing,
    changed_roles, merge_stored, removing, roles_of,
};

/// Advisory lock keys (any 64-bit numbers, the same in every process): "pfsv" then a number.
const SCHEMA_LOCK: i64 = 0x7066_7376_0000_0001;
const ITEMS_LOCK: i64 = 0x7066_7376_0000_0002;
const MEMBERS_LOCK: i64 = 0x7066_7376_0000_0003;
const AUDIT_LOCK: i64 = 0x7066_7376_0000_0004;

const POOL_SIZE: usize = 16;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const STATEMENT_TIMEOUT: Duration = Duration::from_secs(25);

/// Each entry moves the schema from version `i` to `i + 1`. Never edit one that has shipped:
/// append a new one. The version is in `proofctl_sync_schema`, created before the first one.
const MIGRATIONS: &[&str] = &[
    // 1: members, sign-in challenges, the token key, items and revocation lists.
    r#"
    CREATE TABLE members (
        kid        text PRIMARY KEY,
        name       text NOT NULL,
        public_key text NOT NULL,
        added_at   bigint NOT NULL,
        -- Set when the operator removes the key; the row stays so items keep their pusher.
        removed_at bigint
    );
    CREATE TABLE challenges (
        challenge  text PRIMARY KEY,
        kid        text NOT NULL,
        expires_at bigint NOT NULL
    );
    CREATE INDEX challenges_expires_at ON challenges (expires_at);
    CREATE TABLE server_secret (
        id         integer PRIMARY KEY CHECK (id = 1),
        seed       bytea NOT NULL CHECK (length(seed) = 32),
        created_at bigint NOT NULL
    );
    -- The identity's sequence keeps its default CACHE 1: values are handed out in the order they
    -- are asked for, which the push lock makes commit order.
    CREATE TABLE items (
        seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id         text NOT NULL UNIQUE,
        signer_kid text NOT NULL,
        pushed_by  text NOT NULL,
        pushed_at  bigint NOT NULL,
        proof      text NOT NULL,
        entry      text
    );
    CREATE TABLE revocations (
        kid        text PRIMARY KEY,
        seq        bigint NOT NULL,
        token      text NOT NULL,
        updated_at bigint NOT NULL
    );
    "#,
    // 2: the database's id, made once by the first server that opens it (see Store::database_id).
    r#"
    CREATE TABLE database_id (
        id         integer PRIMARY KEY CHECK (id = 1),
        value      text NOT NULL,
        created_at bigint NOT NULL
    );
    "#,
    // 3: key rotation statements (docs/key-lifecycle.md), one per (from, to) pair.
    r#"
    CREATE TABLE rotations (
        from_kid   text NOT NULL,
        to_kid     text NOT NULL,
        statement  text NOT NULL,
        pushed_by  text NOT NULL,
        pushed_at  bigint NOT NULL,
        PRIMARY KEY (from_kid, to_kid)
    );
    "#,
    // 4: members' roles, and the licence service: the licences it issued (the vendor registry's
    // table) and the audit log of every licence action (its seq in commit order: AUDIT_LOCK).
    r#"
    ALTER TABLE members ADD COLUMN roles text NOT NULL DEFAULT '';
    CREATE TABLE licenses (
        jti           text PRIMARY KEY,
        kid           text NOT NULL,
        issuer        text NOT NULL,
        customer      text NOT NULL,
        customer_name text NOT NULL,
        product       text NOT NULL,
        license_type  text NOT NULL,
        issued_at     bigint NOT NULL,
        expires_at    bigint,
        renewed_from  text,
        revoked_at    bigint,
        token         text NOT NULL
    );
    CREATE INDEX licenses_customer ON licenses (customer);
    CREATE INDEX licenses_product ON licenses (product);
    CREATE TABLE audit (
        seq    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at     bigint NOT NULL,
        kid    text NOT NULL,
        name   text NOT NULL,
        action text NOT NULL,
        jti    text,
        client text,
        detail text
    );
    CREATE INDEX audit_jti ON audit (jti);
    "#,
];

/// A PostgreSQL database.
#[derive(Clone)]
pub struct Postgres {
    pool: Pool,
    display: String,
}

/// The URL with its password (in the user part or a `password=` parameter) replaced, for
/// messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_string(),
                })
                .collect();
            format!("{path}?{}", params.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// tokio-postgres keeps the cause (e.g. "Connection refused") out of its Display: add it.
fn describe(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    crate::errchain::chain(e)
}

/// Connection-level failures and the server refusing work mean "does not answer"; other
/// database errors are real errors.
fn pg_error(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => {
            let class = &db.code().code()[..2];
            // 08 connection exception, 53 insufficient resources, 57 operator intervention
            // (shutdown, cancel), 3D the database is gone.
            if matches!(class, "08" | "53" | "57" | "3D") {
                StoreError::Unavailable(db.message().to_string())
            } else {
                StoreError::Failed(db.message().to_string())
            }
        }
        None => StoreError::Unavailable(describe(&e)),
    }
}

fn pool_error(e: PoolError) -> StoreError {
    match e {
        PoolError::Backend(e) => pg_error(e),
        PoolError::Timeout(_) => {
            StoreError::Unavailable("no database connection became free in time".into())
        }
        other => StoreError::Unavailable(other.to_string()),
    }
}

/// `kid`'s membership row, read under the members lock (held until `tx` ends), so two
/// operators' changes to one key take turns.
async fn locked_membership(
    tx: &deadpool_postgres::Transaction<'_>,
    kid: &str,
) -> Result<Option<MemberRow>, StoreError> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MEMBERS_LOCK]).await.map_err(pg_error)?;
    Ok(tx
        .query_opt("SELECT name, removed_at FROM members WHERE kid = $1", &[&kid])
        .await
        .map_err(pg_error)?
        .map(|r| (r.get::<_, String>(0), r.get::<_, Option<i64>>(1))))
}

fn member_row(r: &tokio_postgres::Row) -> Member {
    Member {
        kid: r.get(0),
        name: r.get(1),
        public_key: r.get(2),
        added_at: r.get(3),
        roles: roles_of(r.get(4)),
    }
}

const LICENSE_SELECT: &str = "SELECT jti, kid, issuer, customer, customer_name, product,
    license_type, issued_at, expires_at, renewed_from, revoked_at, token FROM licenses";

fn license_row(r: &tokio_postgres::Row) -> LicenseRow {
    let time = |i: usize| r.get::<_, Option<i64>>(i).map(|t| t.max(0) as u64);
    LicenseRow {
        jti: r.get(0),
        kid: r.get(1),
        issuer: r.get(2),
        customer: r.get(3),
        customer_name: r.get(4),
        product: r.get(5),
        license_type: r.get(6),
        issued_at: r.get::<_, i64>(7).max(0) as u64,
        expires_at: time(8),
        renewed_from: r.get(9),
        revoked_at: time(10),
        token: r.get(11),
    }
}

fn audit_row(r: &tokio_postgres::Row) -> AuditEntry {
    AuditEntry {
        seq: r.get(0),
        at: r.get(1),
        kid: r.get(2),
        name: r.get(3),
        action: r.get(4),
        jti: r.get(5),
        client: r.get(6),
        detail: r.get(7),
    }
}

/// Adds `a` under the audit lock, held until `tx` commits: the next entry takes its seq only
/// after this one is visible, so a reader paging by seq never misses one.
async fn insert_audit(
    tx: &deadpool_postgres::Transaction<'_>,
    a: &AuditEntry,
) -> Result<(), StoreError> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&AUDIT_LOCK]).await.map_err(pg_error)?;
    let stmt = tx
        .prepare_cached(
            "INSERT INTO audit (at, kid, name, action, jti, client, detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .await
        .map_err(pg_error)?;
    tx.execute(&stmt, &[&a.at, &a.kid, &a.name, &a.action, &a.jti, &a.client, &a.detail])
        .await
        .map_err(pg_error)?;
    Ok(())
}

fn rotation_row(r: &tokio_postgres::Row) -> RotationRow {
    RotationRow { from_kid: r.get(0), to_kid: r.get(1), statement: r.get(2) }
}

fn revocation_row(r: &tokio_postgres::Row) -> RevocationRow {
    RevocationRow { kid: r.get(0), seq: r.get(1), token: r.get(2) }
}

impl Postgres {
    pub async fn open(url: &str) -> Result<Postgres, StoreError> {
        let display = redact_url(url);
        let open_err =
            |why: String, fix: &'static str| StoreError::Open { db: display.clone(), why, fix };
        let mut config: Config = url.parse().map_err(|e: tokio_postgres::Error| {
            open_err(
                format!("not a PostgreSQL URL ({})", describe(&e)),
                "write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE",
            )
        })?;
        if config.get_ssl_mode() == SslMode::Require {
            return Err(open_err(
                "sslmode=require, but proofctl serve connects to PostgreSQL without TLS".into(),
                "use a local socket or a private network and drop sslmode=require",
            ));
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // The server gives up on a statement before the store's own time limit does, so a
        // connection is never handed back to the pool with a statement still running on it.
        let limit = format!("-c statement_timeout={}", STATEMENT_TIMEOUT.as_millis());
        let options = match config.get_options() {
            // Theirs after ours: an operator's own statement_timeout wins.
            Some(theirs) if !theirs.trim().is_empty() => format!("{limit} {theirs}"),
            _ => limit,
        };
        config.options(&options);
        if config.get_application_name().is_none() {
            config.application_name("proofctl-serve");
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig { recycling_method: RecyclingMethod::Fast },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(super::DB_TIMEOUT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| open_err(e.to_string(), "check the URL"))?;
        let store = Postgres { pool, display: display.clone() };
        let mut client = store.pool.get().await.map_err(|e| {
            // The server answered (and refused): the URL's user, password or database is wrong.
            let answered = matches!(&e, PoolError::Backend(e) if e.as_db_error().is_some());
            let why = match pool_error(e) {
                StoreError::Unavailable(why) | StoreError::Failed(why) => why,
                other => other.to_string(),
            };
            let fix = if answered {
                "check the URL's user, password and database (create the database first)"
            } else {
                "check that PostgreSQL is running and the URL's host and port"
            };
            open_err(format!("cannot connect ({why})"), fix)
        })?;
        let tx = client.transaction().await.map_err(pg_error)?;
        // Under the lock: several processes starting at once migrate one after the other.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).await.map_err(pg_error)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS proofctl_sync_schema (version integer NOT NULL)",
        )
        .await
        .map_err(pg_error)?;
        let found: i64 = tx
            .query_one("SELECT coalesce(max(version), 0)::bigint FROM proofctl_sync_schema", &[])
            .await
            .map_err(pg_error)?
            .get(0);
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::TooNew { db: display, found, known });
        }
        if found < known {
            for sql in &MIGRATIONS[found as usize..] {
                tx.batch_execute(sql).await.map_err(|e| {
                    open_err(
                        format!("cannot create the tables ({})", pg_error(e)),
                        "give the server a database of its own, or one without these tables",
                    )
                })?;
            }
            tx.execute("DELETE FROM proofctl_sync_schema", &[]).await.map_err(pg_error)?;
            tx.execute(
                "INSERT INTO proofctl_sync_schema (version) VALUES ($1)",
                &[&(known as i32)],
            )
            .await
            .map_err(pg_error)?;
        }
        tx.commit().await.map_err(pg_error)?;
        Ok(store)
    }

    pub fn describe(&self) -> String {
        self.display.clone()
    }

    pub fn close(&self) {
        self.pool.close();
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, StoreError> {
        self.pool.get().await.map_err(pool_error)
    }

    pub async fn counts(&self) -> Result<Counts, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_one(
                "SELECT (SELECT coalesce(max(version), 0)::bigint FROM proofctl_sync_schema),
                        (SELECT count(*) FROM items),
                        (SELECT count(*) FROM members WHERE removed_at IS NULL)",
                &[],
            )
            .await
            .map_err(pg_error)?;
        Ok(Counts { schema_version: row.get(0), items: row.get(1), members: row.get(2) })
    }

    pub async fn allow_member(
        &self,
        kid: &str,
        name: &str,
        public_key: &str,
        now: i64,
    ) -> Result<Allowed, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg_error)?;
        let old = locked_membership(&tx, kid).await?;
        let out = allowing(old, name);
        match &out {
            Allowed::New => {
                tx.execute(
                    "INSERT INTO members (kid, name, public_key, added_at) VALUES ($1, $2, $3, $4)",
                    &[&kid, &name, &public_key, &now],
                )
                .await
                .map_err(pg_error)?;
            }
            Allowed::Readded => {
                tx.execute(
                    "UPDATE members SET name = $2, public_key = $3, added_at = $4, removed_at = NULL
                     WHERE kid = $1",
                    &[&kid, &name, &public_key, &now],
                )
                .await
                .map_err(pg_error)?;
            }
            Allowed::Renamed { .. } => {
                tx.execute("UPDATE members SET name = $2 WHERE kid = $1", &[&kid, &name])
                    .await
                    .map_err(pg_error)?;
            }
            Allowed::Unchanged => {}
        }
        tx.commit().await.map_err(pg_error)?;
        Ok(out)
    }

    pub async fn remove_member(&self, kid: &str, now: i64) -> Result<Removed, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg_error)?;
        let old = locked_membership(&tx, kid).await?;
        let out = removing(old);
        if let Removed::Removed { .. } = out {
            tx.execute("UPDATE members SET removed_at = $2 WHERE kid = $1", &[&kid, &now])
                .await
                .map_err(pg_error)?;
        }
        tx.commit().await.map_err(pg_error)?;
        Ok(out)
    }

    pub async fn member(&self, kid: &str) -> Result<Option<Member>, StoreError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(
                "SELECT kid, name, public_key, added_at, roles FROM members
                 WHERE kid = $1 AND removed_at IS NULL",
            )
            .await
            .map_err(pg_error)?;
        Ok(client.query_opt(&stmt, &[&kid]).await.map_err(pg_error)?.as_ref().map(member_row))
    }

    pub async fn members(&self) -> Result<Vec<Member>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT kid, name, public_key, added_at, roles FROM members
                 WHERE removed_at IS NULL ORDER BY name, kid",
                &[],
            )
            .await
            .map_err(pg_error)?;
        Ok(rows.iter().map(member_row).collect())
    }

    pub async fn add_challenge(
        &self,
        challenge: &str,
        kid: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let client = self.client().await?;
        let purge = client
            .prepare_cached("DELETE FROM challenges WHERE expires_at <= $1")
            .await
            .map_err(pg_error)?;
        client.execute(&purge, &[&now]).await.map_err(pg_error)?;
        let insert = client
            .prepare_cached(
                "INSERT INTO challenges (challenge, kid, expires_at) VALUES ($1, $2, $3)",
            )
            .await
            .map_err(pg_error)?;
        client.execute(&insert, &[&challenge, &kid, &expires_at]).await.map_err(pg_error)?;
        // The new challenge is kept whatever the order of ties; of the others, the newest.
        let trim = client
            .prepare_cached(
                "DELETE FROM challenges WHERE challenge IN (
                     SELECT challenge FROM challenges WHERE kid = $1 AND challenge <> $2
                     ORDER BY expires_at DESC OFFSET $3)",
            )
            .await
            .map_err(pg_error)?;
        client
            .execute(&trim, &[&kid, &challenge, &(super::CHALLENGES_KEPT - 1)])
            .await
            .map_err(pg_error)?;
        Ok(())
    }

    pub async fn take_challenge(
        &self,
        challenge: &str,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let client = self.client().await?;
        // One statement: of two processes deleting the same row, only one gets it back.
        let stmt = client
            .prepare_cached("DELETE FROM challenges WHERE challenge = $1 RETURNING kid, expires_at")
            .await
            .map_err(pg_error)?;
        let row = client.query_opt(&stmt, &[&challenge]).await.map_err(pg_error)?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    pub async fn server_seed(
        &self,
        candidate: &[u8; 32],
        now: i64,
    ) -> Result<Zeroizing<[u8; 32]>, StoreError> {
        let client = self.client().await?;
        // A concurrent insert makes this one wait for its commit, then do nothing: every
        // process then reads the one seed that won.
        client
            .execute(
                "INSERT INTO server_secret (id, seed, created_at) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO NOTHING",
                &[&&candidate[..], &now],
            )
            .await
            .map_err(pg_error)?;
        let row = client
            .query_one("SELECT seed FROM server_secret WHERE id = 1", &[])
            .await
            .map_err(pg_error)?;
        let seed: Zeroizing<Vec<u8>> = Zeroizing::new(row.get(0));
        let mut out = Zeroizing::new([0u8; 32]);
        // The CHECK constraint guarantees 32 bytes.
        out.copy_from_slice(&seed[..32]);
        Ok(out)
    }

    pub async fn database_id(&self, candidate: &str, now: i64) -> Result<String, StoreError> {
        let client = self.client().await?;
        // As with the seed: a concurrent insert waits for the winner's commit, then does nothing.
        client
            .execute(
                "INSERT INTO database_id (id, value, created_at) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO NOTHING",
                &[&candidate, &now],
            )
            .await
            .map_err(pg_error)?;
        let row = client
            .query_one("SELECT value FROM database_id WHERE id = 1", &[])
            .await
            .map_err(pg_error)?;
        Ok(row.get(0))
    }

    pub async fn state(&self) -> Result<(Option<String>, i64), StoreError> {
        let client = self.client().await?;
        let row = client
            .query_one(
                "SELECT (SELECT value FROM database_id WHERE id = 1),
                        (SELECT coalesce(max(seq), 0)::bigint FROM items)",
                &[],
            )
            .await
            .map_err(pg_error)?;
        Ok((row.get(0), row.get(1)))
    }

    pub async fn push(
        &self,
        pushed_by: &str,
        now: i64,
        items: Vec<NewItem>,
    ) -> Result<Vec<Pushed>, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg_error)?;
        // Held to commit: the next push takes its seq numbers only after this one is visible, so
        // a reader that saw seq N never later finds a smaller one.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ITEMS_LOCK]).await.map_err(pg_error)?;
        let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
        let kids: Vec<&str> = items.iter().map(|i| i.signer_kid.as_str()).collect();
        let proofs: Vec<&str> = items.iter().map(|i| i.proof.as_str()).collect();
        let entries: Vec<Option<&str>> = items.iter().map(|i| i.entry.as_deref()).collect();
        // One statement for the whole page; WITH ORDINALITY keeps seq in request order.
        let stmt = tx
            .prepare_cached(
                "INSERT INTO items (id, signer_kid, pushed_by, pushed_at, proof, entry)
                 SELECT t.id, t.signer_kid, $5, $6, t.proof, t.entry
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
                      WITH ORDINALITY AS t(id, signer_kid, proof, entry, ord)
                 ORDER BY t.ord
                 ON CONFLICT (id) DO NOTHING
                 RETURNING id",
            )
            .await
            .map_err(pg_error)?;
        let rows = tx
            .query(&stmt, &[&ids, &kids, &proofs, &entries, &pushed_by, &now])
            .await
            .map_err(pg_error)?;
        let new: HashSet<String> = rows.into_iter().map(|r| r.get(0)).collect();
        // Items stored before that carry anchors: merged one by one, in request order, under
        // the lock still held, each that changes moving to the next seq.
        let mut out: Vec<Pushed> = items
            .iter()
            .map(|i| if new.contains(&i.id) { Pushed::Stored } else { Pushed::Unchanged })
            .collect();
        let again: Vec<&str> = items
            .iter()
            .filter(|i| i.anchored && !new.contains(&i.id))
            .map(|i| i.id.as_str())
            .collect();
        if !again.is_empty() {
            let stored: std::collections::HashMap<String, String> = tx
                .query("SELECT id, proof FROM items WHERE id = ANY($1)", &[&again])
                .await
                .map_err(pg_error)?
                .into_iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let update = tx
                .prepare_cached("UPDATE items SET seq = DEFAULT, proof = $2 WHERE id = $1")
                .await
                .map_err(pg_error)?;
            for (item, slot) in items.iter().zip(out.iter_mut()) {
                if *slot != Pushed::Unchanged || !item.anchored {
                    continue;
                }
                let Some(proof) = stored.get(&item.id) else { continue };
                if let Some((merged, added)) = merge_stored(proof, &item.proof) {
                    tx.execute(&update, &[&item.id, &merged]).await.map_err(pg_error)?;
                    *slot = Pushed::Merged(added);
                }
            }
        }
        tx.commit().await.map_err(pg_error)?;
        Ok(out)
    }

    pub async fn pull(&self, after: i64, limit: usize) -> Result<Vec<ItemRow>, StoreError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(
                "SELECT seq, id, pushed_by, pushed_at, proof, entry FROM items
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .await
            .map_err(pg_error)?;
        let rows = client.query(&stmt, &[&after, &(limit as i64)]).await.map_err(pg_error)?;
        Ok(rows
            .iter()
            .map(|r| ItemRow {
                seq: r.get(0),
                id: r.get(1),
                pushed_by: r.get(2),
                pushed_at: r.get(3),
                proof: r.get(4),
                entry: r.get(5),
            })
            .collect())
    }

    pub async fn revocation(&self, kid: &str) -> Result<Option<RevocationRow>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt("SELECT kid, seq, token FROM revocations WHERE kid = $1", &[&kid])
            .await
            .map_err(pg_error)?;
        Ok(row.as_ref().map(revocation_row))
    }

    pub async fn swap_revocation(
        &self,
        row: &RevocationRow,
        expected: Option<i64>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let n = match expected {
            None => client
                .execute(
                    "INSERT INTO revocations (kid, seq, token, updated_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (kid) DO NOTHING",
                    &[&row.kid, &row.seq, &row.token, &now],
                )
                .await
                .map_err(pg_error)?,
            Some(old) => client
                .execute(
                    "UPDATE revocations SET seq = $2, token = $3, updated_at = $4
                     WHERE kid = $1 AND seq = $5",
                    &[&row.kid, &row.seq, &row.token, &now, &old],
                )
                .await
                .map_err(pg_error)?,
        };
        Ok(n == 1)
    }

    pub async fn revocations(&self) -> Result<Vec<RevocationRow>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query("SELECT kid, seq, token FROM revocations ORDER BY kid", &[])
            .await
            .map_err(pg_error)?;
        Ok(rows.iter().map(revocation_row).collect())
    }

    pub async fn add_rotation(
        &self,
        row: &RotationRow,
        pushed_by: &str,
        now: i64,
    ) -> Result<(RotationRow, bool), StoreError> {
        let client = self.client().await?;
        let n = client
            .execute(
                "INSERT INTO rotations (from_kid, to_kid, statement, pushed_by, pushed_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (from_kid, to_kid) DO NOTHING",
                &[&row.from_kid, &row.to_kid, &row.statement, &pushed_by, &now],
            )
            .await
            .map_err(pg_error)?;
        let r = client
            .query_one(
                "SELECT from_kid, to_kid, statement FROM rotations WHERE from_kid = $1 AND to_kid = $2",
                &[&row.from_kid, &row.to_kid],
            )
            .await
            .map_err(pg_error)?;
        Ok((rotation_row(&r), n == 1))
    }

    pub async fn rotations(&self) -> Result<Vec<RotationRow>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT from_kid, to_kid, statement FROM rotations ORDER BY from_kid, to_kid",
                &[],
            )
            .await
            .map_err(pg_error)?;
        Ok(rows.iter().map(rotation_row).collect())
    }

    pub async fn set_roles(
        &self,
        kid: &str,
        grant: &[Role],
        drop: &[Role],
    ) -> Result<Option<RoleChange>, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg_error)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MEMBERS_LOCK]).await.map_err(pg_error)?;
        let Some(row) = tx
            .query_opt(
                "SELECT name, roles FROM members WHERE kid = $1 AND removed_at IS NULL",
                &[&kid],
            )
            .await
            .map_err(pg_error)?
        else {
            return Ok(None);
        };
        let (name, old): (String, String) = (row.get(0), row.get(1));
        let new = changed_roles(&old, grant, drop);
        tx.execute("UPDATE members SET roles = $2 WHERE kid = $1", &[&kid, &new])
            .await
            .map_err(pg_error)?;
        tx.commit().await.map_err(pg_error)?;
        Ok(Some(RoleChange { name, before: roles_of(&old), after: roles_of(&new) }))
    }

    pub async fn add_license(&self, l: &LicenseRow, audit: &AuditEntry) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg_error)?;
        let stmt = tx
            .prepare_cached(
                "INSERT INTO licenses (jti, kid, issuer, customer, customer_name, product,
                                       license_type, issued_at, expires_at, renewed_from,
                                       revoked_at, token)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .await
            .map_err(pg_error)?;
        tx.execute(
            &stmt,
            &[
                &l.jti,
                &l.kid,
                &l.issuer,
                &l.customer,
                &l.customer_name,
                &l.product,
                &l.license_type,
                &(l.issued_at as i64),
                &l.expires_at.map(|t| t as i64),
                &l.renewed_from,
                &l.revoked_at.map(|t| t as i64),
                &l.token,
            ],
        )
        .await
        .map_err(pg_error)?;
        insert_audit(&tx, audit).await?;
        tx.commit().await.map_err(pg_error)
    }

    pub async fn license(&self, jti: &str) -> Result<Option<LicenseRow>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(&format!("{LICENSE_SELECT} WHERE jti = $1"), &[&jti])
            .await
            .map_err(pg_error)?;
        Ok(row.as_ref().map(license_row))
    }

    pub async fn licenses(&self, f: &LicenseFilter) -> Result<Vec<LicenseRow>, StoreError> {
        let client = self.client().await?;
        // The registry's filter (license::registry::FILTER), in PostgreSQL's types.
        let rows = client
            .query(
                &format!(
                    "{LICENSE_SELECT}
                     WHERE ($1::text IS NULL OR customer = $1)
                       AND ($2::text IS NULL OR product = $2)
                       AND ($3::bigint IS NULL OR (revoked_at IS NULL AND expires_at IS NOT NULL
                                                   AND expires_at > $4 AND expires_at <= $3))
                       AND (NOT $5 OR revoked_at IS NOT NULL)
                     ORDER BY issued_at DESC, jti"
                ),
                &[
                    &f.customer,
                    &f.product,
                    &f.expiring_by.map(|t| t as i64),
                    &(f.now as i64),
                    &f.revoked,
                ],
            )
            .await
            .map_err(pg_error)?;
        Ok(rows.iter().map(license_row).collect())
    }

    pub async fn mark_license_revoked(
        &self,
        jti: &str,
        at: i64,
        audit: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg_error)?;
        let n = tx
            .execute(
                "UPDATE licenses SET revoked_at = $2 WHERE jti = $1 AND revoked_at IS NULL",
                &[&jti, &at],
            )
            .await
            .map_err(pg_error)?;
        insert_audit(&tx, audit).await?;
        tx.commit().await.map_err(pg_error)?;
        Ok(n == 1)
    }

    pub async fn add_audit(&self, audit: &AuditEntry) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg_error)?;
        insert_audit(&tx, audit).await?;
        tx.commit().await.map_err(pg_error)
    }

    pub async fn audit_log(&self, after: i64, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT seq, at, kid, name, action, jti, client, detail FROM audit
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&after, &(limit as i64)],
            )
            .await
            .map_err(pg_error)?;
        Ok(rows.iter().map(audit_row).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgresql://u@h/db?x=1"), "postgresql://u@h/db?x=1");
        assert_eq!(redact_url("postgres://u:p@ss@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact_url("postgres:///db"), "postgres:///db");
        assert_eq!(
            redact_url("postgres://h/db?user=u&password=secret&x=1"),
            "postgres://h/db?user=u&password=***&x=1"
        );
    }
}
