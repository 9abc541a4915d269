//! A sync server database for one test: a SQLite file in a temp dir, or a PostgreSQL database
//! made for the test (through PROOFCTL_TEST_POSTGRES, whose role may CREATE DATABASE) and dropped
//! after it. Without the variable the PostgreSQL half says why and passes, unless
//! PROOFCTL_REQUIRE_POSTGRES=1 (as in CI), where it fails.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

pub struct Db {
    /// What `serve --db` takes.
    pub url: String,
    pub dir: tempfile::TempDir,
    /// The admin URL and the database's name, to drop it.
    pub postgres: Option<(String, String)>,
}

static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// Runs SQL through tokio-postgres on a throwaway runtime.
pub fn pg_execute(url: &str, sql: &str) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("PROOFCTL_TEST_POSTGRES: cannot connect: {e:?}"));
        let task = tokio::spawn(conn);
        client.batch_execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        drop(client);
        let _ = task.await;
    });
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let (scheme, rest) = base.split_once("://").expect("a URL");
    let authority = rest.split('/').next().unwrap();
    format!("{scheme}://{authority}/{name}{query}")
}

impl Db {
    /// None (after saying why) when the test cannot run on this backend here.
    pub fn new(kind: Kind) -> Option<Db> {
        let dir = tempfile::tempdir().unwrap();
        match kind {
            Kind::Sqlite => {
                let url = dir.path().join("sync.sqlite").to_str().unwrap().to_string();
                Some(Db { url, dir, postgres: None })
            }
            Kind::Postgres => {
                let Some(admin) = std::env::var("PROOFCTL_TEST_POSTGRES").ok() else {
                    if std::env::var("PROOFCTL_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                        panic!("PROOFCTL_REQUIRE_POSTGRES=1 but PROOFCTL_TEST_POSTGRES is not set");
                    }
                    eprintln!("skipped: PROOFCTL_TEST_POSTGRES is not set (a postgres:// URL)");
                    return None;
                };
                let name = format!(
                    "proofctl_test_{}_{}",
                    std::process::id(),
                    DATABASES.fetch_add(1, Ordering::SeqCst)
                );
                pg_execute(&admin, &format!("CREATE DATABASE {name}"));
                let url = with_database(&admin, &name);
                Some(Db { url, dir, postgres: Some((admin, name)) })
            }
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.postgres {
            pg_execute(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Makes `mod NAME { fn sqlite(); fn postgres() }` tests that run the scenario `fn NAME(db: &Db)`
/// on a SQLite file and on PostgreSQL (see [`Db::new`] for when PostgreSQL is skipped). The
/// calling file has `Db` and `Kind` in scope.
#[allow(unused_macros)]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                let db = super::Db::new(super::Kind::Sqlite).unwrap();
                super::$name(&db);
            }

            #[test]
            fn postgres() {
                if let Some(db) = super::Db::new(super::Kind::Postgres) {
                    super::$name(&db);
                }
            }
        }
    )*};
}
#[allow(unused_imports)]
pub(crate) use on_both_databases;
