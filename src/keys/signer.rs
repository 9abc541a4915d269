//! Where a signature comes from: a key unlocked from a file, or a key that never leaves a
//! PKCS#11 token. Proofs and licences are signed through [`KeySigner`] and do not care which.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use super::KeyError;

/// An Ed25519 key that can sign: the public half is known up front, a signature may fail (a
/// token removed meanwhile), and is always a plain Ed25519 signature (RFC 8032, pure).
pub trait KeySigner: Send + Sync {
    fn verifying_key(&self) -> VerifyingKey;
    fn try_sign(&self, message: &[u8]) -> Result<Signature, KeyError>;
}

impl KeySigner for SigningKey {
    fn verifying_key(&self) -> VerifyingKey {
        SigningKey::verifying_key(self)
    }

    fn try_sign(&self, message: &[u8]) -> Result<Signature, KeyError> {
        Ok(self.sign(message))
    }
}

impl<T: KeySigner + ?Sized> KeySigner for Box<T> {
    fn verifying_key(&self) -> VerifyingKey {
        (**self).verifying_key()
    }

    fn try_sign(&self, message: &[u8]) -> Result<Signature, KeyError> {
        (**self).try_sign(message)
    }
}
