//! OpenSSH key formats: importing `id_ed25519` (plain or passphrase-protected) and `.pub` lines,
//! and writing a public key as an `authorized_keys` line.

use ed25519_dalek::{SigningKey, VerifyingKey};
use ssh_key::private::KeypairData;
use ssh_key::public::{Ed25519PublicKey, KeyData};
use ssh_key::{Algorithm, Kdf, PrivateKey, PublicKey};
use zeroize::Zeroizing;

use super::check_usable;

/// The bcrypt-pbkdf rounds an encrypted OpenSSH key may ask for before its passphrase is known to
/// be right: ssh-keygen uses 16 (`-a`), and 100 is common advice; 512 takes a few seconds.
pub const MAX_BCRYPT_ROUNDS: u32 = 512;

/// True when `text` is an OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`).
pub fn is_private(text: &str) -> bool {
    text.trim_start().starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
}

/// True when `text` looks like an OpenSSH public key line (`ssh-ed25519 AAAA… comment`).
pub fn is_public_line(text: &str) -> bool {
    let t = text.trim_start();
    ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"].iter().any(|p| t.starts_with(p))
}

fn only_ed25519(alg: &Algorithm, what: &str) -> String {
    format!(
        "this is an OpenSSH {} {what}; proofctl supports only Ed25519 keys (ssh-keygen -t ed25519)",
        alg.as_str()
    )
}

/// Parses an OpenSSH private key and checks, without any KDF work, that proofctl can use it.
pub fn read_private(text: &str) -> Result<PrivateKey, String> {
    let key = PrivateKey::from_openssh(text.trim_start())
        .map_err(|e| format!("not a valid OpenSSH private key ({e})"))?;
    let alg = key.algorithm();
    if alg != Algorithm::Ed25519 {
        return Err(only_ed25519(&alg, "private key"));
    }
    if let Kdf::Bcrypt { rounds, .. } = key.kdf()
        && *rounds > MAX_BCRYPT_ROUNDS
    {
        return Err(format!(
            "the key asks for {rounds} bcrypt-pbkdf rounds, beyond the {MAX_BCRYPT_ROUNDS} proofctl \
             accepts; re-protect it with `ssh-keygen -p -a 100 -f FILE`"
        ));
    }
    Ok(key)
}

/// Why an OpenSSH private key did not open.
pub enum UnlockError {
    WrongPassphrase,
    Other(String),
}

/// The Ed25519 key inside `key`, decrypting it with `passphrase` when it is encrypted.
pub fn unlock(key: &PrivateKey, passphrase: Option<&[u8]>) -> Result<SigningKey, UnlockError> {
    let decrypted;
    let plain = if key.is_encrypted() {
        let pw = passphrase.ok_or_else(|| {
            UnlockError::Other("the key is encrypted but no passphrase was given".into())
        })?;
        // aes256-ctr, ssh-keygen's default, has no tag: a wrong passphrase shows as a failed
        // check-int, which ssh-key reports like any decoding error.
        decrypted = key.decrypt(pw).map_err(|_| UnlockError::WrongPassphrase)?;
        &decrypted
    } else {
        key
    };
    let KeypairData::Ed25519(pair) = plain.key_data() else {
        return Err(UnlockError::Other(only_ed25519(&plain.algorithm(), "private key")));
    };
    let seed = Zeroizing::new(pair.private.to_bytes());
    let signing = SigningKey::from_bytes(&seed);
    if signing.verifying_key().as_bytes() != &pair.public.0 {
        return Err(UnlockError::Other(
            "the private key does not match the public key stored with it".into(),
        ));
    }
    Ok(signing)
}

/// Reads an OpenSSH public key line (`ssh-ed25519 AAAA… comment`).
pub fn parse_public_line(text: &str) -> Result<VerifyingKey, String> {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    let key = PublicKey::from_openssh(line)
        .map_err(|e| format!("not a valid OpenSSH public key line ({e})"))?;
    let KeyData::Ed25519(Ed25519PublicKey(raw)) = key.key_data() else {
        return Err(only_ed25519(&key.algorithm(), "public key"));
    };
    let vk = VerifyingKey::from_bytes(raw)
        .map_err(|_| "not a valid Ed25519 public key (the point does not decode)".to_string())?;
    check_usable(&vk).map_err(|why| format!("unusable public key: {why}"))?;
    Ok(vk)
}

/// The SPKI DER of an OpenSSH ECDSA (nistp256, nistp384) or RSA public key line; None for other
/// keys (Ed25519 is read by [`parse_public_line`]).
pub fn public_line_spki(text: &str) -> Option<Vec<u8>> {
    let line = text.lines().find(|l| !l.trim().is_empty())?.trim();
    let key = PublicKey::from_openssh(line).ok()?;
    key_data_spki(key.key_data())
}

/// The SPKI DER of an SSH ECDSA (nistp256, nistp384) or RSA key (2048 bits or more); None for
/// other keys.
pub fn key_data_spki(key: &KeyData) -> Option<Vec<u8>> {
    use p256::pkcs8::EncodePublicKey;
    use ssh_key::public::EcdsaPublicKey;
    let doc = match key {
        KeyData::Ecdsa(EcdsaPublicKey::NistP256(point)) => {
            p256::PublicKey::from_sec1_bytes(point.as_bytes()).ok()?.to_public_key_der().ok()?
        }
        KeyData::Ecdsa(EcdsaPublicKey::NistP384(point)) => {
            p384::PublicKey::from_sec1_bytes(point.as_bytes()).ok()?.to_public_key_der().ok()?
        }
        KeyData::Rsa(k) => rsa::RsaPublicKey::try_from(k).ok()?.to_public_key_der().ok()?,
        _ => return None,
    };
    Some(doc.as_bytes().to_vec())
}

/// The public key as one OpenSSH line, `ssh-ed25519 BASE64 COMMENT` and a newline, as
/// `authorized_keys`, `allowed_signers` and `ssh-keygen -l -f` read it.
pub fn public_line(key: &VerifyingKey, comment: &str) -> String {
    let pk = PublicKey::new(KeyData::Ed25519(Ed25519PublicKey(key.to_bytes())), comment);
    let mut line = pk.to_openssh().expect("encoding an Ed25519 public key cannot fail");
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_lines_round_trip_and_other_algorithms_are_named() {
        let key = SigningKey::from_bytes(&[9u8; 32]).verifying_key();
        let line = public_line(&key, "work");
        assert!(line.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5") && line.ends_with(" work\n"));
        assert!(is_public_line(&line));
        assert_eq!(parse_public_line(&line).unwrap(), key);
        // ssh-keygen -t ecdsa's line for a P-256 key.
        let ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBD\
                     KGj6cZbkzFA+PjWbj7Mm9cqPxjb3Rtfr/Wm5AfuiPQtCb0Or7zOmTVLYN+cKFOpeA2oLdJVnrT\
                     v8akAXOI7YM= x";
        let err = parse_public_line(ecdsa).unwrap_err();
        assert!(err.contains("ecdsa-sha2-nistp256") && err.contains("only Ed25519"), "{err}");
    }
}
