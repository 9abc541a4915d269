//! File access with safety rails: crash-safe writes (temp file, fsync, rename), bounded reads of
//! regular files only, and permission helpers.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why an atomic write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("{}: cannot write: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Unix permission bits a new file gets. Ignored where the platform has none.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// 0600: secrets.
    Private,
    /// 0644: public keys, proofs.
    Public,
}

/// Writes `contents` to `path` so that readers see either the old file or the whole new one.
///
/// The data is written to a temporary file in the same directory, flushed to disk, then moved into
/// place; the directory is synced so the rename survives a crash. Without `overwrite`, an existing
/// file is never replaced, even one created by a racing process between our check and the rename.
pub fn write_atomic(
    path: &Path,
    contents: &[u8],
    mode: Mode,
    overwrite: bool,
) -> Result<(), WriteError> {
    let io_err = |source| WriteError::Io { path: path.to_path_buf(), source };
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // NamedTempFile is created 0600, so a secret is never readable by others, even briefly.
    let mut tmp = tempfile::Builder::new()
        .prefix(".proofctl-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_err)?;
    tmp.write_all(contents).map_err(io_err)?;
    set_mode(tmp.as_file(), mode).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    if overwrite {
        tmp.persist(path).map_err(|e| io_err(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_path_buf())
            } else {
                io_err(e.error)
            }
        })?;
    }
    sync_dir(dir);
    Ok(())
}

#[cfg(unix)]
fn set_mode(file: &fs::File, mode: Mode) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let bits = match mode {
        Mode::Private => 0o600,
        Mode::Public => 0o644,
    };
    file.set_permissions(fs::Permissions::from_mode(bits))
}

#[cfg(not(unix))]
fn set_mode(_file: &fs::File, _mode: Mode) -> io::Result<()> {
    Ok(())
}

/// Best effort: a failed directory sync leaves the data safe in the file, only the name at risk.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Opens `path` for reading if it is a regular file (following symlinks). Directories, FIFOs and
/// devices are refused up front: reading a FIFO blocks forever and `/dev/zero` never ends.
pub fn open_regular(path: &Path) -> io::Result<(fs::File, fs::Metadata)> {
    let meta = regular_metadata(path)?;
    let file = fs::File::open(path)?;
    Ok((file, meta))
}

fn regular_metadata(path: &Path) -> io::Result<fs::Metadata> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a directory"));
    }
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    Ok(meta)
}

/// What [`open_regular`] would refuse, found without opening the file: for checking many inputs
/// before the work starts, which then opens each one once.
pub fn check_readable_regular(path: &Path) -> io::Result<fs::Metadata> {
    let meta = regular_metadata(path)?;
    #[cfg(unix)]
    rustix::fs::access(path, rustix::fs::Access::READ_OK)?;
    Ok(meta)
}

/// Reads at most `limit` bytes of a regular file, and reports how much more there was
/// (`Err(FileTooLarge)`) rather than allocating whatever a hostile file asks for.
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let (file, meta) = open_regular(path)?;
    let mut buf = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("larger than {limit} bytes"),
        ));
    }
    Ok(buf)
}

/// An absolute path without symlinks for `path`, even when it no longer exists: the deepest
/// existing ancestor is resolved, and the rest is appended with `.` and `..` applied as text.
/// This names a deleted file the way it was named when it existed.
pub fn resolve_lenient(path: &Path) -> io::Result<PathBuf> {
    use std::path::Component;
    if let Ok(p) = fs::canonicalize(path) {
        return Ok(p);
    }
    let abs = std::path::absolute(path)?;
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    let resolved = loop {
        match fs::canonicalize(base) {
            Ok(p) => break p,
            Err(_) => match (base.components().next_back(), base.parent()) {
                (Some(last), Some(parent)) => {
                    rest.push(last.as_os_str().to_os_string());
                    base = parent;
                }
                _ => break base.to_path_buf(),
            },
        }
    };
    let mut out = resolved;
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    // What remains can still hold `..` (a missing folder's parent): apply it lexically.
    let mut clean = PathBuf::new();
    for c in out.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other.as_os_str()),
        }
    }
    Ok(clean)
}

/// Describes an I/O error on an input file the way a user needs it, with the fix.
pub fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file; check the path".into(),
        io::ErrorKind::PermissionDenied => "permission denied; check the file's permissions".into(),
        io::ErrorKind::IsADirectory => "is a directory; give files, not folders".into(),
        io::ErrorKind::InvalidInput | io::ErrorKind::FileTooLarge => e.to_string(),
        _ => format!("cannot read: {e}"),
    }
}

/// Small text files we parse (keys, config, passphrases) are far below this.
pub const SMALL_FILE_LIMIT: u64 = 64 * 1024;

/// Creates `dir` (and parents) and makes it private to the user (0700).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(test)]
mod lenient_tests {
    use super::*;

    #[test]
    fn resolves_missing_files_through_existing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("a/b")).unwrap();
        assert_eq!(
            resolve_lenient(&root.join("a/b/../gone.txt")).unwrap(),
            root.join("a/gone.txt")
        );
        assert_eq!(resolve_lenient(&root.join("a/missing/../b/x")).unwrap(), root.join("a/b/x"));
        assert_eq!(resolve_lenient(&root.join("a/b")).unwrap(), root.join("a/b"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        write_atomic(&p, b"one", Mode::Public, false).unwrap();
        let err = write_atomic(&p, b"two", Mode::Public, false).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)));
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", Mode::Public, true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        // No temp files left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_applied() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let s = dir.path().join("secret");
        let p = dir.path().join("public");
        write_atomic(&s, b"x", Mode::Private, false).unwrap();
        write_atomic(&p, b"x", Mode::Public, false).unwrap();
        assert_eq!(fs::metadata(&s).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644);
    }
}
