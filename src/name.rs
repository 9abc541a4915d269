//! The one naming rule for names that become file names: key names, trust-store names, proof
//! metadata keys and the sync server's member names. A base module, so proofs and the server
//! check names without depending on the key store.

/// 1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit. Names become
/// file names, so they must be tame: no separators, no hidden files, no `..`.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::is_plain_name;

    #[test]
    fn tame_names_only() {
        for ok in ["a", "default", "Key-2.pub_x", "0", &"a".repeat(64)] {
            assert!(is_plain_name(ok), "{ok:?}");
        }
        let long = "a".repeat(65);
        for bad in ["", ".hidden", "-x", "_x", "..", "a/b", "a\\b", "a b", "é", "a\0", &long] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
    }
}
