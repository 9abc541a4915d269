//! A stable fingerprint of this machine, derived from the OS machine id through a keyed hash, so
//! the raw id never leaves the machine and a fingerprint means nothing to another program.
//!
//! Limits (also in the README): containers often share or regenerate `/etc/machine-id`; CI runners
//! are new machines every run; cloning a VM image clones the id. Bind licences to machines that
//! keep their identity.

use std::io;
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::fsutil;

/// Domain separation: a fingerprint is useless as any other program's machine hash.
const KEY: &[u8] = b"proofctl machine fingerprint v1";
const SOURCES: [&str; 2] = ["/etc/machine-id", "/var/lib/dbus/machine-id"];

/// The fingerprint of a machine id: `mfp1-` and 32 hex digits (128 bits of HMAC-SHA256).
pub fn from_machine_id(id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).expect("HMAC takes any key length");
    mac.update(id.trim().as_bytes());
    format!("mfp1-{}", hex::encode(&mac.finalize().into_bytes()[..16]))
}

/// Whether `s` has the shape of a fingerprint.
pub fn is_fingerprint(s: &str) -> bool {
    s.strip_prefix("mfp1-")
        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// This machine's fingerprint, from the first readable machine-id file.
pub fn this_machine() -> io::Result<String> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no machine id");
    for src in SOURCES {
        match fsutil::read_bounded(Path::new(src), 4096) {
            Ok(b) if !String::from_utf8_lossy(&b).trim().is_empty() => {
                return Ok(from_machine_id(&String::from_utf8_lossy(&b)));
            }
            Ok(_) => last = io::Error::new(io::ErrorKind::InvalidData, format!("{src} is empty")),
            Err(e) => {
                last = io::Error::new(e.kind(), format!("{src}: {}", fsutil::describe_io(&e)))
            }
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_keyed_and_not_the_raw_id() {
        let a = from_machine_id("0123456789abcdef0123456789abcdef\n");
        assert_eq!(a, from_machine_id("0123456789abcdef0123456789abcdef"));
        assert!(a.starts_with("mfp1-") && a.len() == 37);
        assert!(!a.contains("0123456789abcdef"));
        assert_ne!(a, from_machine_id("0123456789abcdef0123456789abcdee"));
    }
}
