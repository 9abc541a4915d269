//! Clock rollback: an installation's high-water mark of time, and the check that refuses a
//! clock set back before it.
//!
//! A licence that expires is only as good as the clock it is checked against. The installation
//! keeps the latest time it has evidence for: the `iat` of every licence and revocation list it
//! accepted (signed by the vendor, so not the customer's to choose) and its own last successful
//! check. A clock more than [`ROLLBACK_TOLERANCE_SECS`] earlier than that mark was set back, and
//! every licence check fails with `clock_rolled_back` until it is set right.
//!
//! The mark is local state: whoever controls the machine can delete it, which resets it to the
//! next licence's `iat` (never earlier than that licence was issued). It stops the casual
//! "set the date back a year" and makes the customer's clock at least as late as anything the
//! vendor signed; it cannot stop an owner who also edits files.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fsutil::{self, Mode, WriteError};

/// How far a clock may read before the mark without counting as set back: a day, so a clock
/// that is a few hours off (a wrong time zone on a machine whose hardware clock keeps local
/// time, a drift NTP later corrects) is not locked out, while setting a clock back to before a
/// licence expired gains at most a day.
pub const ROLLBACK_TOLERANCE_SECS: u64 = 24 * 60 * 60;

/// The mark moves only in steps of at least this much: a licence check runs on every start of
/// an application, and writing (with fsync) on each would put a disk write on that path. A mark
/// lagging by up to an hour only widens the tolerance by as much.
pub const MARK_STEP_SECS: u64 = 60 * 60;

/// The file format of the mark: one JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkFile {
    version: u32,
    /// Unix seconds.
    high_water: u64,
}

const MARK_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum ClockError {
    #[error("{}: {}", path.display(), fsutil::describe_io(source))]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: not a clock mark ({why}); delete it, and the next licence check writes a new one", path.display())]
    Bad { path: PathBuf, why: String },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// The clock mark kept in one file (`HOME/license/clock.json` for the command line; an
/// application picks its own).
#[derive(Debug, Clone)]
pub struct ClockMark {
    path: PathBuf,
}

impl ClockMark {
    pub fn at(path: impl Into<PathBuf>) -> ClockMark {
        ClockMark { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The mark, or None when none was written yet.
    pub fn read(&self) -> Result<Option<u64>, ClockError> {
        let bytes = match fsutil::read_bounded(&self.path, 4096) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(ClockError::Io { path: self.path.clone(), source }),
        };
        let bad = |why: String| ClockError::Bad { path: self.path.clone(), why };
        let m: MarkFile = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if m.version != MARK_VERSION {
            return Err(bad(format!("version {} is not {MARK_VERSION}", m.version)));
        }
        Ok(Some(m.high_water))
    }

    /// Raises the mark to `t` (never lowers it); writes only when it grows by
    /// [`MARK_STEP_SECS`] or more, or when there is none yet. Returns the mark kept.
    pub fn raise(&self, t: u64) -> Result<u64, ClockError> {
        let old = self.read()?;
        if t == 0 || old.is_some_and(|o| t < o.saturating_add(MARK_STEP_SECS)) {
            return Ok(old.unwrap_or(t));
        }
        if let Some(dir) = self.path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|source| ClockError::Io { path: dir.to_path_buf(), source })?;
        }
        let body = serde_json::to_string(&MarkFile { version: MARK_VERSION, high_water: t })
            .expect("two integers always serialise");
        fsutil::write_atomic(&self.path, format!("{body}\n").as_bytes(), Mode::Public, true)?;
        Ok(t)
    }
}

/// Whether `now` is acceptable given the mark: Err((now, mark)) when the clock reads more than
/// the tolerance before it.
pub fn check(now: u64, mark: Option<u64>) -> Result<(), (u64, u64)> {
    match mark {
        Some(m) if now.saturating_add(ROLLBACK_TOLERANCE_SECS) < m => Err((now, m)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_only_grows_and_a_clock_before_it_by_more_than_a_day_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mark = ClockMark::at(dir.path().join("license/clock.json"));
        assert_eq!(mark.read().unwrap(), None);
        assert_eq!(check(0, None), Ok(()));
        assert_eq!(mark.raise(1_000_000).unwrap(), 1_000_000);
        assert_eq!(mark.raise(500).unwrap(), 1_000_000, "never lowered");
        assert_eq!(mark.raise(1_000_000 + MARK_STEP_SECS - 1).unwrap(), 1_000_000, "no write");
        assert_eq!(mark.raise(1_000_000 + MARK_STEP_SECS).unwrap(), 1_000_000 + MARK_STEP_SECS);
        assert_eq!(mark.raise(1_000_000).unwrap(), 1_000_000 + MARK_STEP_SECS);
        let m = Some(1_000_000);
        assert_eq!(check(1_000_000 - ROLLBACK_TOLERANCE_SECS, m), Ok(()), "at the tolerance");
        assert_eq!(
            check(1_000_000 - ROLLBACK_TOLERANCE_SECS - 1, m),
            Err((1_000_000 - ROLLBACK_TOLERANCE_SECS - 1, 1_000_000))
        );
        std::fs::write(mark.path(), b"{\"version\":1,\"high_water\":5,\"x\":1}").unwrap();
        assert!(mark.read().unwrap_err().to_string().contains("not a clock mark"));
    }
}
