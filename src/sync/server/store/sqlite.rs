//! The SQLite backend: one file created 0600, WAL, one writer connection whose transactions are
//! `BEGIN IMMEDIATE` (so several server processes on one file serialise their writes too), and a
//! small pool of reader connections. Every call runs on tokio's blocking threads.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use zeroize::Zeroizing;

use super::{
    Allowed, AuditEntry, Counts, ItemRow, LicenseFilter, LicenseRow, Member, MemberRow, NewItem,
    Pushed, Removed, RevocationRow, Role, RoleChange, RotationRow, StoreError, allowing,
    changed_roles, merge_stored, removing, roles_of,
};
use crate::license::registry;

/// How long a write waits for another process's transaction. Transactions are one request each,
/// so reaching this means something is stuck; it stays under the store's own time limit.
const BUSY_TIMEOUT: Duration = Duration::from_secs(20);
/// Reader connections kept open between requests.
const IDLE_READERS: usize = 8;
/// `PRAGMA application_id` of a sync server database ("pfsv"): tells it apart from other SQLite
/// files, such as a proofctl index, that an operator might pass by mistake.
const APPLICATION_ID: i32 = 0x7066_7376;

/// Each entry moves the schema from version `i` to `i + 1`. Never edit one that has shipped:
/// append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: members, sign-in challenges, the token key, items and revocation lists.
    r#"
    CREATE TABLE members (
        kid        TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        public_key TEXT NOT NULL,
        added_at   INTEGER NOT NULL,
        -- Set when the operator removes the key; the row stays so items keep their pusher.
        removed_at INTEGER
    );
    CREATE TABLE challenges (
        challenge  TEXT PRIMARY KEY,
        kid        TEXT NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE INDEX challenges_expires_at ON challenges (expires_at);
    CREATE TABLE server_secret (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        seed       BLOB NOT NULL CHECK (length(seed) = 32),
        created_at INTEGER NOT NULL
    );
    -- AUTOINCREMENT: a seq is never reused, even after the newest row is deleted by hand.
    CREATE TABLE items (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        id         TEXT NOT NULL UNIQUE,
        signer_kid TEXT NOT NULL,
        pushed_by  TEXT NOT NULL,
        pushed_at  INTEGER NOT NULL,
        proof      TEXT NOT NULL,
        entry      TEXT
    );
    CREATE TABLE revocations (
        kid        TEXT PRIMARY KEY,
        seq        INTEGER NOT NULL,
        token      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    "#,
    // 2: the database's id, made once by the first server that opens it (see Store::database_id):
    // a client that sees another id behind the same URL knows its cursor and acknowledgements
    // are for a database that is gone.
    r#"
    CREATE TABLE database_id (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        value      TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    "#,
    // 3: key rotation statements (docs/key-lifecycle.md), one per (from, to) pair.
    r#"
    CREATE TABLE rotations (
        from_kid   TEXT NOT NULL,
        to_kid     TEXT NOT NULL,
        statement  TEXT NOT NULL,
        pushed_by  TEXT NOT NULL,
        pushed_at  INTEGER NOT NULL,
        PRIMARY KEY (from_kid, to_kid)
    );
    "#,
    // 4: members' roles, and the licence service: the licences it issued (the vendor registry's
    // table) and the audit log of every licence action.
    r#"
    ALTER TABLE members ADD COLUMN roles TEXT NOT NULL DEFAULT '';
    CREATE TABLE licenses (
        jti           TEXT PRIMARY KEY NOT NULL,
        kid           TEXT NOT NULL,
        issuer        TEXT NOT NULL,
        customer      TEXT NOT NULL,
        customer_name TEXT NOT NULL,
        product       TEXT NOT NULL,
        license_type  TEXT NOT NULL,
        issued_at     INTEGER NOT NULL,
        expires_at    INTEGER,
        renewed_from  TEXT,
        revoked_at    INTEGER,
        token         TEXT NOT NULL
    );
    CREATE INDEX licenses_customer ON licenses (customer);
    CREATE INDEX licenses_product ON licenses (product);
    CREATE TABLE audit (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        at     INTEGER NOT NULL,
        kid    TEXT NOT NULL,
        name   TEXT NOT NULL,
        action TEXT NOT NULL,
        jti    TEXT,
        client TEXT,
        detail TEXT
    );
    CREATE INDEX audit_jti ON audit (jti);
    "#,
];

fn current() -> i64 {
    MIGRATIONS.len() as i64
}

/// A SQLite database file.
#[derive(Clone)]
pub struct Sqlite {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

/// Errors of a database that answered: busy, locked and I/O failures mean it did not, really.
/// `kid`'s membership row.
fn membership(c: &Connection, kid: &str) -> rusqlite::Result<Option<MemberRow>> {
    c.query_row("SELECT name, removed_at FROM members WHERE kid = ?1", [kid], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

fn db_error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(
            ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::CannotOpen
            | ErrorCode::SystemIoFailure
            | ErrorCode::DiskFull
            | ErrorCode::ReadOnly
            | ErrorCode::OutOfMemory,
        ) => StoreError::Unavailable(e.to_string()),
        _ => StoreError::Failed(e.to_string()),
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(StoreError::Failed(format!("a database task failed: {e}"))))
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: readers never block the writer. synchronous=NORMAL is SQLite's advice for WAL: a killed
    // server loses nothing it acknowledged; only a power cut may drop the last transactions.
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
    conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
    Ok(conn)
}

/// Creates the file 0600 (SQLite gives its -wal and -shm files the same mode).
fn create_private_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn member_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        kid: r.get(0)?,
        name: r.get(1)?,
        public_key: r.get(2)?,
        added_at: r.get(3)?,
        roles: roles_of(&r.get::<_, String>(4)?),
    })
}

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        kid: r.get(2)?,
        name: r.get(3)?,
        action: r.get(4)?,
        jti: r.get(5)?,
        client: r.get(6)?,
        detail: r.get(7)?,
    })
}

fn insert_audit(c: &Connection, a: &AuditEntry) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO audit (at, kid, name, action, jti, client, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![a.at, a.kid, a.name, a.action, a.jti, a.client, a.detail])?;
    Ok(())
}

fn rotation_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RotationRow> {
    Ok(RotationRow { from_kid: r.get(0)?, to_kid: r.get(1)?, statement: r.get(2)? })
}

fn revocation_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RevocationRow> {
    Ok(RevocationRow { kid: r.get(0)?, seq: r.get(1)?, token: r.get(2)? })
}

impl Sqlite {
    pub async fn open(path: &Path) -> Result<Sqlite, StoreError> {
        let path = path.to_path_buf();
        blocking(move || Sqlite::open_blocking(path)).await
    }

    fn open_blocking(path: PathBuf) -> Result<Sqlite, StoreError> {
        let db = path.display().to_string();
        let open_err =
            |why: String, fix: &'static str| StoreError::Open { db: db.clone(), why, fix };
        if path.is_dir() {
            return Err(open_err(
                "is a directory".into(),
                "give the path of a database file, e.g. DIR/sync.sqlite",
            ));
        }
        if !path.exists() {
            create_private_file(&path).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => open_err(
                    "cannot create it: its folder does not exist".into(),
                    "create the folder first, or pass another path",
                ),
                io::ErrorKind::PermissionDenied => open_err(
                    "cannot create it: permission denied".into(),
                    "pass a path in a folder this user may write to",
                ),
                _ => open_err(format!("cannot create it ({e})"), "pass another path"),
            })?;
        }
        let not_ours = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => open_err(
                "not a SQLite database".into(),
                "pass the server's database file, or a new file name",
            ),
            _ => open_err(e.to_string(), "check the file and its permissions"),
        };
        let mut writer = connect(&path).map_err(not_ours)?;
        let (app_id, version, tables): (i32, i64, i64) = writer
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id),
                        (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_master)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(not_ours)?;
        if app_id != APPLICATION_ID && (version != 0 || tables != 0) {
            return Err(open_err(
                "is a SQLite database of something else, not a proofctl sync server's".into(),
                "pass the server's database file, or a new file name",
            ));
        }
        Sqlite::migrate(&mut writer, &db)?;
        Ok(Sqlite {
            inner: Arc::new(Inner { path, writer: Mutex::new(writer), readers: Mutex::default() }),
        })
    }

    fn migrate(conn: &mut Connection, db: &str) -> Result<(), StoreError> {
        let known = current();
        let tx =
            conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db_error)?;
        // Read under the write lock: another process may have migrated while we waited.
        let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(db_error)?;
        if found > known {
            return Err(StoreError::TooNew { db: db.to_string(), found, known });
        }
        if found == known {
            return Ok(());
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(db_error)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(sql).map_err(db_error)?;
            tx.pragma_update(None, "user_version", i as i64 + 1).map_err(db_error)?;
        }
        tx.commit().map_err(db_error)
    }

    pub fn describe(&self) -> String {
        self.inner.path.display().to_string()
    }

    /// Runs `f` on the writer connection.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        blocking(move || {
            let mut conn = inner.writer.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut conn).map_err(db_error)
        })
        .await
    }

    /// Runs `f` on a reader connection.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        blocking(move || {
            let idle = inner.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let conn = match idle {
                Some(c) => c,
                None => connect(&inner.path).map_err(db_error)?,
            };
            let out = f(&conn).map_err(db_error);
            if out.is_ok() {
                let mut idle = inner.readers.lock().unwrap_or_else(|e| e.into_inner());
                if idle.len() < IDLE_READERS {
                    idle.push(conn);
                }
            }
            out
        })
        .await
    }

    pub async fn counts(&self) -> Result<Counts, StoreError> {
        self.read(|c| {
            c.query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM items),
                        (SELECT count(*) FROM members WHERE removed_at IS NULL)",
                [],
                |r| Ok(Counts { schema_version: r.get(0)?, items: r.get(1)?, members: r.get(2)? }),
            )
        })
        .await
    }

    pub async fn allow_member(
        &self,
        kid: &str,
        name: &str,
        public_key: &str,
        now: i64,
    ) -> Result<Allowed, StoreError> {
        let (kid, name, public_key) = (kid.to_string(), name.to_string(), public_key.to_string());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let old = membership(&tx, &kid)?;
            let out = allowing(old, &name);
            match &out {
                Allowed::New => {
                    tx.execute(
                        "INSERT INTO members (kid, name, public_key, added_at) VALUES (?1, ?2, ?3, ?4)",
                        params![kid, name, public_key, now],
                    )?;
                }
                Allowed::Readded => {
                    tx.execute(
                        "UPDATE members SET name = ?2, public_key = ?3, added_at = ?4, removed_at = NULL
                         WHERE kid = ?1",
                        params![kid, name, public_key, now],
                    )?;
                }
                Allowed::Renamed { .. } => {
                    tx.execute("UPDATE members SET name = ?2 WHERE kid = ?1", params![kid, name])?;
                }
                Allowed::Unchanged => {}
            }
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    pub async fn remove_member(&self, kid: &str, now: i64) -> Result<Removed, StoreError> {
        let kid = kid.to_string();
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let old = membership(&tx, &kid)?;
            let out = removing(old);
            if let Removed::Removed { .. } = out {
                tx.execute("UPDATE members SET removed_at = ?2 WHERE kid = ?1", params![kid, now])?;
            }
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    pub async fn member(&self, kid: &str) -> Result<Option<Member>, StoreError> {
        let kid = kid.to_string();
        self.read(move |c| {
            c.prepare_cached(
                "SELECT kid, name, public_key, added_at, roles FROM members
                 WHERE kid = ?1 AND removed_at IS NULL",
            )?
            .query_row([&kid], member_row)
            .optional()
        })
        .await
    }

    pub async fn members(&self) -> Result<Vec<Member>, StoreError> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT kid, name, public_key, added_at, roles FROM members
                 WHERE removed_at IS NULL ORDER BY name, kid",
            )?
            .query_map([], member_row)?
            .collect()
        })
        .await
    }

    pub async fn add_challenge(
        &self,
        challenge: &str,
        kid: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let (challenge, kid) = (challenge.to_string(), kid.to_string());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.prepare_cached("DELETE FROM challenges WHERE expires_at <= ?1")?.execute([now])?;
            tx.prepare_cached(
                "INSERT INTO challenges (challenge, kid, expires_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![challenge, kid, expires_at])?;
            tx.prepare_cached(
                "DELETE FROM challenges WHERE rowid IN (
                     SELECT rowid FROM challenges WHERE kid = ?1
                     ORDER BY expires_at DESC, rowid DESC LIMIT -1 OFFSET ?2)",
            )?
            .execute(params![kid, super::CHALLENGES_KEPT])?;
            tx.commit()
        })
        .await
    }

    pub async fn take_challenge(
        &self,
        challenge: &str,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let challenge = challenge.to_string();
        // One statement: SQLite makes all of a RETURNING statement's changes in its first step.
        self.write(move |c| {
            c.prepare_cached(
                "DELETE FROM challenges WHERE challenge = ?1 RETURNING kid, expires_at",
            )?
            .query_row([&challenge], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
        })
        .await
    }

    pub async fn server_seed(
        &self,
        candidate: &[u8; 32],
        now: i64,
    ) -> Result<Zeroizing<[u8; 32]>, StoreError> {
        let candidate = Zeroizing::new(*candidate);
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO server_secret (id, seed, created_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO NOTHING",
                params![&candidate[..], now],
            )?;
            let seed: Zeroizing<Vec<u8>> = Zeroizing::new(tx.query_row(
                "SELECT seed FROM server_secret WHERE id = 1",
                [],
                |r| r.get(0),
            )?);
            tx.commit()?;
            let mut out = Zeroizing::new([0u8; 32]);
            // The CHECK constraint guarantees 32 bytes.
            out.copy_from_slice(&seed[..32]);
            Ok(out)
        })
        .await
    }

    pub async fn database_id(&self, candidate: &str, now: i64) -> Result<String, StoreError> {
        let candidate = candidate.to_string();
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO database_id (id, value, created_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO NOTHING",
                params![candidate, now],
            )?;
            let id =
                tx.query_row("SELECT value FROM database_id WHERE id = 1", [], |r| r.get(0))?;
            tx.commit()?;
            Ok(id)
        })
        .await
    }

    pub async fn state(&self) -> Result<(Option<String>, i64), StoreError> {
        self.read(|c| {
            c.query_row(
                "SELECT (SELECT value FROM database_id WHERE id = 1),
                        (SELECT coalesce(max(seq), 0) FROM items)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .await
    }

    pub async fn push(
        &self,
        pushed_by: &str,
        now: i64,
        items: Vec<NewItem>,
    ) -> Result<Vec<Pushed>, StoreError> {
        let pushed_by = pushed_by.to_string();
        self.write(move |c| {
            // IMMEDIATE: the write lock is taken first, so seq numbers follow commit order across
            // processes too, and a merge reads the proof no other push can change meanwhile.
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut out = Vec::with_capacity(items.len());
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO items (id, signer_kid, pushed_by, pushed_at, proof, entry)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
                )?;
                let mut stored = tx.prepare_cached(
                    "SELECT signer_kid, pushed_by, pushed_at, proof, entry FROM items WHERE id = ?1",
                )?;
                let mut delete = tx.prepare_cached("DELETE FROM items WHERE id = ?1")?;
                for item in &items {
                    let n = insert.execute(params![
                        item.id,
                        item.signer_kid,
                        pushed_by,
                        now,
                        item.proof,
                        item.entry
                    ])?;
                    if n == 1 {
                        out.push(Pushed::Stored);
                        continue;
                    }
                    if !item.anchored {
                        out.push(Pushed::Unchanged);
                        continue;
                    }
                    let (kid, by, at, proof, entry): (String, String, i64, String, Option<String>) =
                        stored.query_row([&item.id], |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                        })?;
                    match merge_stored(&proof, &item.proof) {
                        None => out.push(Pushed::Unchanged),
                        Some((merged, added)) => {
                            // Deleted and inserted again: AUTOINCREMENT gives the next seq.
                            delete.execute([&item.id])?;
                            insert.execute(params![item.id, kid, by, at, merged, entry])?;
                            out.push(Pushed::Merged(added));
                        }
                    }
                }
            }
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    pub async fn pull(&self, after: i64, limit: usize) -> Result<Vec<ItemRow>, StoreError> {
        self.read(move |c| {
            c.prepare_cached(
                "SELECT seq, id, pushed_by, pushed_at, proof, entry FROM items
                 WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?
            .query_map(params![after, limit as i64], |r| {
                Ok(ItemRow {
                    seq: r.get(0)?,
                    id: r.get(1)?,
                    pushed_by: r.get(2)?,
                    pushed_at: r.get(3)?,
                    proof: r.get(4)?,
                    entry: r.get(5)?,
                })
            })?
            .collect()
        })
        .await
    }

    pub async fn revocation(&self, kid: &str) -> Result<Option<RevocationRow>, StoreError> {
        let kid = kid.to_string();
        self.read(move |c| {
            c.prepare_cached("SELECT kid, seq, token FROM revocations WHERE kid = ?1")?
                .query_row([&kid], revocation_row)
                .optional()
        })
        .await
    }

    pub async fn swap_revocation(
        &self,
        row: &RevocationRow,
        expected: Option<i64>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let row = row.clone();
        self.write(move |c| {
            let n = match expected {
                None => c.execute(
                    "INSERT INTO revocations (kid, seq, token, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (kid) DO NOTHING",
                    params![row.kid, row.seq, row.token, now],
                )?,
                Some(old) => c.execute(
                    "UPDATE revocations SET seq = ?2, token = ?3, updated_at = ?4
                     WHERE kid = ?1 AND seq = ?5",
                    params![row.kid, row.seq, row.token, now, old],
                )?,
            };
            Ok(n == 1)
        })
        .await
    }

    pub async fn revocations(&self) -> Result<Vec<RevocationRow>, StoreError> {
        self.read(|c| {
            c.prepare_cached("SELECT kid, seq, token FROM revocations ORDER BY kid")?
                .query_map([], revocation_row)?
                .collect()
        })
        .await
    }

    pub async fn add_rotation(
        &self,
        row: &RotationRow,
        pushed_by: &str,
        now: i64,
    ) -> Result<(RotationRow, bool), StoreError> {
        let (row, pushed_by) = (row.clone(), pushed_by.to_string());
        self.write(move |c| {
            let n = c.execute(
                "INSERT INTO rotations (from_kid, to_kid, statement, pushed_by, pushed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (from_kid, to_kid) DO NOTHING",
                params![row.from_kid, row.to_kid, row.statement, pushed_by, now],
            )?;
            let stored = c.query_row(
                "SELECT from_kid, to_kid, statement FROM rotations WHERE from_kid = ?1 AND to_kid = ?2",
                params![row.from_kid, row.to_kid],
                rotation_row,
            )?;
            Ok((stored, n == 1))
        })
        .await
    }

    pub async fn rotations(&self) -> Result<Vec<RotationRow>, StoreError> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT from_kid, to_kid, statement FROM rotations ORDER BY from_kid, to_kid",
            )?
            .query_map([], rotation_row)?
            .collect()
        })
        .await
    }
    pub async fn set_roles(
        &self,
        kid: &str,
        grant: &[Role],
        drop: &[Role],
    ) -> Result<Option<RoleChange>, StoreError> {
        let (kid, grant, drop) = (kid.to_string(), grant.to_vec(), drop.to_vec());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row: Option<(String, String)> = tx
                .query_row(
                    "SELECT name, roles FROM members WHERE kid = ?1 AND removed_at IS NULL",
                    [&kid],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((name, old)) = row else { return Ok(None) };
            let new = changed_roles(&old, &grant, &drop);
            tx.execute("UPDATE members SET roles = ?2 WHERE kid = ?1", params![kid, new])?;
            tx.commit()?;
            Ok(Some(RoleChange { name, before: roles_of(&old), after: roles_of(&new) }))
        })
        .await
    }

    pub async fn add_license(
        &self,
        license: &LicenseRow,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let (l, audit) = (license.clone(), audit.clone());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.prepare_cached(
                "INSERT INTO licenses (jti, kid, issuer, customer, customer_name, product,
                                       license_type, issued_at, expires_at, renewed_from,
                                       revoked_at, token)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                l.jti,
                l.kid,
                l.issuer,
                l.customer,
                l.customer_name,
                l.product,
                l.license_type,
                l.issued_at as i64,
                l.expires_at.map(|t| t as i64),
                l.renewed_from,
                l.revoked_at.map(|t| t as i64),
                l.token,
            ])?;
            insert_audit(&tx, &audit)?;
            tx.commit()
        })
        .await
    }

    pub async fn license(&self, jti: &str) -> Result<Option<LicenseRow>, StoreError> {
        let jti = jti.to_string();
        self.read(move |c| {
            c.prepare_cached(&format!("{} WHERE jti = ?1", registry::SELECT))?
                .query_row([&jti], registry::entry)
                .optional()
        })
        .await
    }

    pub async fn licenses(&self, f: &LicenseFilter) -> Result<Vec<LicenseRow>, StoreError> {
        let f = f.clone();
        self.read(move |c| {
            c.prepare_cached(&format!("{} {}", registry::SELECT, registry::FILTER))?
                .query_map(
                    params![
                        f.customer,
                        f.product,
                        f.expiring_by.map(|t| t as i64),
                        f.now as i64,
                        f.revoked
                    ],
                    registry::entry,
                )?
                .collect()
        })
        .await
    }

    pub async fn mark_license_revoked(
        &self,
        jti: &str,
        at: i64,
        audit: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let (jti, audit) = (jti.to_string(), audit.clone());
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute(
                "UPDATE licenses SET revoked_at = ?2 WHERE jti = ?1 AND revoked_at IS NULL",
                params![jti, at],
            )?;
            insert_audit(&tx, &audit)?;
            tx.commit()?;
            Ok(n == 1)
        })
        .await
    }

    pub async fn add_audit(&self, audit: &AuditEntry) -> Result<(), StoreError> {
        let audit = audit.clone();
        self.write(move |c| insert_audit(c, &audit)).await
    }

    pub async fn audit_log(&self, after: i64, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.read(move |c| {
            c.prepare_cached(
                "SELECT seq, at, kid, name, action, jti, client, detail FROM audit
                 WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?
            .query_map(params![after, limit as i64], audit_row)?
            .collect()
        })
        .await
    }
}
