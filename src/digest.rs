//! SHA-256 digests: streaming hashes of files in constant memory, and the lowercase hex form
//! proofs and the index write them in. A base module: proofs, the index, similarity and sync all
//! hash, and none of them should need another domain module for it.

use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::fsutil::open_regular;

/// Size and SHA-256 of a byte stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest256 {
    pub size: u64,
    pub sha256: [u8; 32],
}

impl Digest256 {
    pub fn hex(&self) -> String {
        hex::encode(self.sha256)
    }
}

/// Whether `s` is exactly `digits` lowercase hex digits (the only spelling proofs accept, so one
/// digest has one text form).
pub fn is_lower_hex(s: &str, digits: usize) -> bool {
    s.len() == digits && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The `N` bytes that exactly `2 * N` lowercase hex digits spell, or None when `s` is anything
/// else (uppercase included: one value, one text form).
pub fn decode_lower_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if !is_lower_hex(s, 2 * N) {
        return None;
    }
    let mut out = [0u8; N];
    hex::decode_to_slice(s, &mut out).ok()?;
    Some(out)
}

/// The SHA-256 that 64 lowercase hex digits spell, or None when `s` is anything else.
pub fn sha256_from_hex(s: &str) -> Option<[u8; 32]> {
    decode_lower_hex(s)
}

/// The read size: large enough that syscalls vanish next to SHA-NI hashing (~2 GB/s), small enough
/// that many files hashed at once stay well inside the memory budget.
const CHUNK: usize = 256 * 1024;

/// Hashes everything `reader` yields. `size_hint` only sizes the buffer for small inputs.
pub fn hash_reader(mut reader: impl Read, size_hint: Option<u64>) -> io::Result<Digest256> {
    let cap = size_hint.map_or(CHUNK, |n| (n as usize).saturating_add(1).clamp(4096, CHUNK));
    let mut buf = vec![0u8; cap];
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok(Digest256 { size, sha256: hasher.finalize().into() })
}

/// Hashes a regular file. Directories, FIFOs and devices are refused with a clear error.
pub fn hash_file(path: &Path) -> io::Result<Digest256> {
    let (file, meta) = open_regular(path)?;
    hash_reader(file, Some(meta.len()))
}

/// Hashes at most `max + 1` bytes: enough to tell a file of `max` bytes from a longer one, so a
/// verifier's work is bounded by the size the proof claims, whatever the file turns out to be.
pub fn hash_file_up_to(path: &Path, max: u64) -> io::Result<Digest256> {
    let (file, meta) = open_regular(path)?;
    hash_reader(file.take(max.saturating_add(1)), Some(meta.len().min(max.saturating_add(1))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        let empty = hash_reader(&b""[..], None).unwrap();
        assert_eq!(empty.size, 0);
        assert_eq!(empty.hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        let abc = hash_reader(&b"abc"[..], Some(3)).unwrap();
        assert_eq!(abc.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // Crosses many buffer boundaries.
        let big = vec![b'a'; 1_000_000];
        assert_eq!(
            hash_reader(&big[..], None).unwrap().hex(),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn hex_forms() {
        let abc = hash_reader(&b"abc"[..], None).unwrap();
        assert!(is_lower_hex(&abc.hex(), 64));
        assert_eq!(sha256_from_hex(&abc.hex()), Some(abc.sha256));
        let upper = abc.hex().to_uppercase();
        assert!(!is_lower_hex(&upper, 64));
        assert!(!is_lower_hex(&abc.hex()[..63], 64));
        assert!(!is_lower_hex("0g", 2));
        assert_eq!(sha256_from_hex(&abc.hex()[..62]), None);
        assert_eq!(sha256_from_hex("zz"), None);
        assert_eq!(sha256_from_hex(&upper), None);
    }

    #[test]
    fn decode_lower_hex_takes_exactly_its_width_in_lowercase() {
        assert_eq!(decode_lower_hex::<2>("00ff"), Some([0x00, 0xff]));
        assert_eq!(
            decode_lower_hex::<8>("0123456789abcdef"),
            Some(0x0123_4567_89ab_cdef_u64.to_be_bytes())
        );
        assert_eq!(decode_lower_hex::<2>("00FF"), None);
        assert_eq!(decode_lower_hex::<2>("00f"), None);
        assert_eq!(decode_lower_hex::<2>("00fff0"), None);
        // What a radix parse would take: a sign, or spaces.
        assert_eq!(decode_lower_hex::<2>("+0ff"), None);
        assert_eq!(decode_lower_hex::<2>(" 0ff"), None);
        assert_eq!(decode_lower_hex::<0>(""), Some([]));
    }
}
