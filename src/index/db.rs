//! The open index: connecting (WAL, busy timeout, a 0600 file), migrating the schema, checking
//! integrity, and the one mapping from SQLite errors to [`IndexError`] with its fix.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::{IndexError, schema, segments};

/// How long a process waits for another one's write transaction before giving up. Transactions
/// are short (a batch of entries), so reaching this means something is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// An open index.
pub struct Index {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    /// The TSA roots proofs' anchors are judged with when written (the home's `tsa/`); none
    /// until [`Index::set_tsa_roots`]: anchors are kept, and no time is proven.
    pub(super) tsa_roots: Vec<x509_cert::Certificate>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path).finish()
    }
}

pub(super) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Index {
    /// Opens the index at `path`, creating it (0600) if missing, and migrates it to this build's
    /// schema.
    pub fn open(path: &Path) -> Result<Index, IndexError> {
        if !path.exists() {
            create_private_file(path).map_err(|e| IndexError::Database {
                path: path.to_path_buf(),
                message: format!("cannot create: {}", crate::fsutil::describe_io(&e)),
                fix: "check the home directory's permissions, or pass --home DIR",
            })?;
        }
        let mut index = Index::connect(path)?;
        index.migrate()?;
        Ok(index)
    }

    /// Opens an existing index; a missing one is [`IndexError::Missing`].
    pub fn open_existing(path: &Path) -> Result<Index, IndexError> {
        if !path.exists() {
            return Err(IndexError::Missing { path: path.to_path_buf() });
        }
        Index::open(path)
    }

    fn connect(path: &Path) -> Result<Index, IndexError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| db_error(path, e))?;
        let index = Index { conn, path: path.to_path_buf(), tsa_roots: Vec::new() };
        index.conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| index.err(e))?;
        // WAL: readers never block the writer and a crash rolls back to the last commit.
        // synchronous=NORMAL is the WAL setting SQLite recommends: a killed process loses
        // nothing committed; only a power cut can drop the last transactions, never corrupt.
        index
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(|e| index.err(e))?;
        index
            .conn
            .execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|e| index.err(e))?;
        Ok(index)
    }

    /// The TSA roots to judge anchors with from now on: an entry written records the proven
    /// time of its proof with these (the caller passes the home's, `trust add-tsa`).
    pub fn set_tsa_roots(&mut self, roots: Vec<x509_cert::Certificate>) {
        self.tsa_roots = roots;
    }

    pub(super) fn err(&self, e: rusqlite::Error) -> IndexError {
        db_error(&self.path, e)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn version(&self) -> Result<i64, IndexError> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<(), IndexError> {
        let known = schema::current();
        let found = self.version()?;
        if found > known {
            return Err(IndexError::TooNew { path: self.path.clone(), found, known });
        }
        if found == known {
            return Ok(());
        }
        let path = self.path.clone();
        let e = |e| db_error(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e)?;
        // Another process may have migrated while we waited for the lock.
        let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(e)?;
        if found > known {
            return Err(IndexError::TooNew { path: self.path.clone(), found, known });
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(sql).map_err(e)?;
            tx.pragma_update(None, "user_version", i as i64 + 1).map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// Checks that the packed segments hold exactly the sketches of the sketch tables.
    pub fn check_segments(&self) -> Result<bool, IndexError> {
        segments::consistent(&self.conn).map_err(|e| self.err(e))
    }

    /// SQLite's integrity check, then [`Index::check_segments`]: Ok, or what is wrong.
    pub fn check(&self) -> Result<Result<(), String>, IndexError> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if verdict != "ok" {
            return Ok(Err(format!("SQLite integrity check: {verdict}")));
        }
        if !self.check_segments()? {
            return Ok(Err("the packed sketches differ from the sketch tables".into()));
        }
        Ok(Ok(()))
    }
}

pub(super) fn db_error(path: &Path, e: rusqlite::Error) -> IndexError {
    use rusqlite::ErrorCode;
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => IndexError::NotAnIndex { path, message: e.to_string() },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => IndexError::Database {
            path,
            message: "another proofctl process held the index for over a minute".into(),
            fix: "wait for it to finish and try again",
        },
        Some(ErrorCode::DiskFull) => IndexError::Database {
            path,
            message: "the disk is full".into(),
            fix: "free some space and run the command again",
        },
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
            IndexError::Database {
                path,
                message: e.to_string(),
                fix: "check the permissions of the file and its folder",
            }
        }
        Some(ErrorCode::DatabaseCorrupt) => IndexError::Database {
            path,
            message: "the index is damaged".into(),
            fix: "move it away and run `proofctl index add` again",
        },
        _ => IndexError::Database { path, message: e.to_string(), fix: "please report this" },
    }
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    // SQLite gives its -wal and -shm files the database file's mode, so 0600 here covers all.
    match fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    match fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}
