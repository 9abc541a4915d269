//! The vendor's registry of issued licences: one SQLite file in the vendor's home
//! (`HOME/license/registry.sqlite`). Every `license issue` and `license renew` records the licence
//! (its token and the claims a vendor looks things up by); `license revoke` marks what it revokes.
//!
//! Only the index wing links SQLite, so only it opens the registry (the front binary hands the
//! registry's commands to it). The registry is a record, not an authority: a licence verifies by
//! its signature alone, whether or not it is in here.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::Claims;

/// The schema this build writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("{}: licence registry: {source}", path.display())]
    Db { path: PathBuf, source: rusqlite::Error },
    #[error("{}: licence registry schema {found} is newer than this proofctl reads ({SCHEMA_VERSION}); upgrade proofctl", path.display())]
    TooNew { path: PathBuf, found: i64 },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// One issued licence, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub jti: String,
    /// The vendor key that signed it.
    pub kid: String,
    pub issuer: String,
    pub customer: String,
    pub customer_name: String,
    pub product: String,
    pub license_type: String,
    /// Unix seconds.
    pub issued_at: u64,
    /// Unix seconds; null for a perpetual licence.
    pub expires_at: Option<u64>,
    /// The licence this one renews, when it is a renewal.
    pub renewed_from: Option<String>,
    /// When `license revoke` revoked it (unix seconds), else null.
    pub revoked_at: Option<u64>,
    /// The licence itself (JWT), as issued.
    pub token: String,
}

/// What `license list` asks for; empty fields select everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub customer: Option<String>,
    pub product: Option<String>,
    /// Only licences that are in force and expire at or before this time (unix seconds).
    pub expiring_by: Option<u64>,
    /// Only revoked licences.
    pub revoked: bool,
    /// The time "in force" is judged at.
    pub now: u64,
}

pub struct Registry {
    conn: Connection,
    path: PathBuf,
}

impl Registry {
    /// Opens the registry at `path`, making it (and its folder) when missing.
    pub fn open(path: &Path) -> Result<Registry, RegistryError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|source| RegistryError::Io { path: dir.to_path_buf(), source })?;
        }
        let db = |source| RegistryError::Db { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(db)?;
        // Another proofctl issuing at the same moment waits for the lock, not fails.
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(db)?;
        if version > SCHEMA_VERSION {
            return Err(RegistryError::TooNew { path: path.to_path_buf(), found: version });
        }
        if version < 1 {
            conn.execute_batch(
                "BEGIN IMMEDIATE;
                 CREATE TABLE IF NOT EXISTS licenses (
                     jti TEXT PRIMARY KEY NOT NULL,
                     kid TEXT NOT NULL,
                     issuer TEXT NOT NULL,
                     customer TEXT NOT NULL,
                     customer_name TEXT NOT NULL,
                     product TEXT NOT NULL,
                     license_type TEXT NOT NULL,
                     issued_at INTEGER NOT NULL,
                     expires_at INTEGER,
                     renewed_from TEXT,
                     revoked_at INTEGER,
                     token TEXT NOT NULL
                 ) STRICT;
                 CREATE INDEX IF NOT EXISTS licenses_customer ON licenses (customer);
                 CREATE INDEX IF NOT EXISTS licenses_product ON licenses (product);
                 CREATE INDEX IF NOT EXISTS licenses_kid ON licenses (kid);
                 PRAGMA user_version = 1;
                 COMMIT;",
            )
            .map_err(db)?;
        }
        Ok(Registry { conn, path: path.to_path_buf() })
    }

    fn db(&self, source: rusqlite::Error) -> RegistryError {
        RegistryError::Db { path: self.path.clone(), source }
    }

    /// Records a licence and then runs `deliver` (writing it out) in the same transaction: a
    /// licence that could not be delivered is not recorded, and one that was is.
    pub fn record<T, E: From<RegistryError>>(
        &mut self,
        claims: &Claims,
        kid: &str,
        token: &str,
        renewed_from: Option<&str>,
        deliver: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        let path = self.path.clone();
        let db = |source| RegistryError::Db { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(db)?;
        tx.execute(
            "INSERT INTO licenses (jti, kid, issuer, customer, customer_name, product, license_type,
                                   issued_at, expires_at, renewed_from, revoked_at, token)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, ?11)",
            params![
                claims.jti,
                kid,
                claims.iss,
                claims.sub,
                claims.customer_name,
                claims.entitlements.product,
                claims.license_type.as_str(),
                claims.iat as i64,
                claims.exp.map(|e| e as i64),
                renewed_from,
                token,
            ],
        )
        .map_err(db)?;
        let delivered = deliver()?;
        tx.commit().map_err(db)?;
        Ok(delivered)
    }

    /// The licence with this id.
    pub fn get(&self, jti: &str) -> Result<Option<Entry>, RegistryError> {
        self.conn
            .query_row(&format!("{SELECT} WHERE jti = ?1"), [jti], entry)
            .optional()
            .map_err(|e| self.db(e))
    }

    /// The licences `f` selects, newest first.
    pub fn list(&self, f: &Filter) -> Result<Vec<Entry>, RegistryError> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} {FILTER}")).map_err(|e| self.db(e))?;
        let rows = stmt
            .query_map(
                params![
                    f.customer,
                    f.product,
                    f.expiring_by.map(|t| t as i64),
                    f.now as i64,
                    f.revoked
                ],
                entry,
            )
            .map_err(|e| self.db(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.db(e))
    }

    /// Marks licences revoked at `at`: those with these ids, and every licence signed by these
    /// kids. A licence already marked keeps its first time. Returns how many were marked.
    pub fn mark_revoked(
        &mut self,
        jtis: &[String],
        kids: &[String],
        at: u64,
    ) -> Result<usize, RegistryError> {
        let path = self.path.clone();
        let db = |source| RegistryError::Db { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(db)?;
        let mut n = 0;
        for j in jtis {
            n += tx
                .execute(
                    "UPDATE licenses SET revoked_at = ?2 WHERE jti = ?1 AND revoked_at IS NULL",
                    params![j, at as i64],
                )
                .map_err(db)?;
        }
        for k in kids {
            n += tx
                .execute(
                    "UPDATE licenses SET revoked_at = ?2 WHERE kid = ?1 AND revoked_at IS NULL",
                    params![k, at as i64],
                )
                .map_err(db)?;
        }
        tx.commit().map_err(db)?;
        Ok(n)
    }
}

/// The licences table's columns, in [`Entry`]'s order; the sync server's store keeps a table of
/// the same shape for the licence service.
pub(crate) const SELECT: &str =
    "SELECT jti, kid, issuer, customer, customer_name, product, license_type,
                             issued_at, expires_at, renewed_from, revoked_at, token FROM licenses";

/// What [`Filter`] selects, newest first, with its fields as ?1 customer, ?2 product, ?3
/// expiring_by, ?4 now and ?5 revoked (SQLite: the registry and the server's SQLite store).
pub(crate) const FILTER: &str = "WHERE (?1 IS NULL OR customer = ?1)
                   AND (?2 IS NULL OR product = ?2)
                   AND (?3 IS NULL OR (revoked_at IS NULL AND expires_at IS NOT NULL
                                       AND expires_at > ?4 AND expires_at <= ?3))
                   AND (?5 = 0 OR revoked_at IS NOT NULL)
                 ORDER BY issued_at DESC, jti";

impl Entry {
    /// `revoked`, `expired` or `valid`, as the record knows it (a licence's own check is
    /// `license verify`).
    pub fn status(&self, now: u64) -> &'static str {
        match (self.revoked_at, self.expires_at) {
            (Some(_), _) => "revoked",
            (None, Some(exp)) if exp <= now => "expired",
            _ => "valid",
        }
    }

    /// The record of a licence just issued: its claims, signer and token.
    pub fn issued(claims: &Claims, kid: &str, token: &str, renewed_from: Option<&str>) -> Entry {
        Entry {
            jti: claims.jti.clone(),
            kid: kid.to_string(),
            issuer: claims.iss.clone(),
            customer: claims.sub.clone(),
            customer_name: claims.customer_name.clone(),
            product: claims.entitlements.product.clone(),
            license_type: claims.license_type.as_str().to_string(),
            issued_at: claims.iat,
            expires_at: claims.exp,
            renewed_from: renewed_from.map(str::to_string),
            revoked_at: None,
            token: token.to_string(),
        }
    }
}

pub(crate) fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let time = |i: usize| r.get::<_, Option<i64>>(i).map(|t| t.map(|t| t.max(0) as u64));
    Ok(Entry {
        jti: r.get(0)?,
        kid: r.get(1)?,
        issuer: r.get(2)?,
        customer: r.get(3)?,
        customer_name: r.get(4)?,
        product: r.get(5)?,
        license_type: r.get(6)?,
        issued_at: r.get::<_, i64>(7)?.max(0) as u64,
        expires_at: time(8)?,
        renewed_from: r.get(9)?,
        revoked_at: time(10)?,
        token: r.get(11)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::license::{Entitlements, LicenseType};

    fn claims(jti: &str, customer: &str, iat: u64, exp: Option<u64>) -> Claims {
        Claims {
            iss: "acme".into(),
            aud: "cad".into(),
            sub: customer.into(),
            jti: jti.into(),
            iat,
            nbf: iat,
            exp,
            license_version: crate::license::FORMAT_VERSION,
            license_type: if exp.is_some() {
                LicenseType::Subscription
            } else {
                LicenseType::Perpetual
            },
            customer_name: "C".into(),
            entitlements: Entitlements {
                product: "cad".into(),
                versions: vec!["1".into()],
                modules: vec![],
                features: vec![],
            },
            seats: None,
            machine: None,
            grace_days: 0,
        }
    }

    #[test]
    fn records_lists_and_marks_revoked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("license/registry.sqlite");
        let mut reg = Registry::open(&path).unwrap();
        let ok = |()| Ok::<_, RegistryError>(());
        reg.record(&claims("a", "c1", 10, Some(100)), "k1", "t.a", None, || ok(())).unwrap();
        reg.record(&claims("b", "c2", 20, None), "k2", "t.b", None, || ok(())).unwrap();
        // A licence that could not be delivered is not recorded.
        let failed: Result<(), RegistryError> =
            reg.record(&claims("c", "c1", 30, Some(50)), "k1", "t.c", Some("a"), || {
                Err(RegistryError::TooNew { path: "x".into(), found: 9 })
            });
        assert!(failed.is_err());
        assert_eq!(reg.get("c").unwrap(), None);
        assert_eq!(reg.get("a").unwrap().unwrap().token, "t.a");
        let all = reg.list(&Filter::default()).unwrap();
        assert_eq!(all.iter().map(|e| e.jti.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        let c1 = Filter { customer: Some("c1".into()), ..Filter::default() };
        assert_eq!(reg.list(&c1).unwrap().len(), 1);
        let soon = Filter { expiring_by: Some(100), now: 50, ..Filter::default() };
        assert_eq!(reg.list(&soon).unwrap()[0].jti, "a");
        let later = Filter { expiring_by: Some(99), now: 50, ..Filter::default() };
        assert!(reg.list(&later).unwrap().is_empty());
        assert_eq!(reg.mark_revoked(&[], &["k2".into()], 40).unwrap(), 1);
        assert_eq!(reg.mark_revoked(&["b".into()], &[], 41).unwrap(), 0, "first time kept");
        let revoked = Filter { revoked: true, ..Filter::default() };
        let r = reg.list(&revoked).unwrap();
        assert_eq!((r.len(), r[0].revoked_at), (1, Some(40)));
        drop(reg);
        // Reopening keeps everything; a newer schema is refused.
        assert_eq!(Registry::open(&path).unwrap().list(&Filter::default()).unwrap().len(), 2);
        Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 7").unwrap();
        assert!(matches!(Registry::open(&path), Err(RegistryError::TooNew { found: 7, .. })));
    }
}
