//! The sign-in data on the wire, for both sides: the challenge's text form, the message a member
//! signs, the signature's text form and the key id's form. The server issues and checks with
//! these and the client answers with them, so the two cannot read a sign-in differently.

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::sync::protocol::AUTH_DOMAIN;

/// A challenge's random bytes.
pub const CHALLENGE_BYTES: usize = 32;

/// base64url with or without padding: clients differ, the bytes do not. What this side sends is
/// always without padding.
const URL_SAFE_ANY: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a sign-in answer does not check out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("the challenge is not {CHALLENGE_BYTES} bytes in base64url")]
    Challenge,
    #[error("the signature is not 64 bytes in base64url")]
    SignatureEncoding,
    #[error("the signature does not verify with the key of kid {0}")]
    WrongSignature(String),
}

/// Whether `s` has a key id's form: 43 base64url characters (an RFC 7638 thumbprint). What a
/// server echoes or logs of a kid it was sent, and nothing else.
pub fn is_kid(s: &str) -> bool {
    s.len() == 43 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A challenge as it goes on the wire: base64url without padding.
pub fn encode_challenge(bytes: &[u8; CHALLENGE_BYTES]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A challenge's bytes, when `text` is exactly [`CHALLENGE_BYTES`] of them in base64url.
pub fn decode_challenge(text: &str) -> Result<[u8; CHALLENGE_BYTES], SignInError> {
    URL_SAFE_ANY.decode(text).ok().and_then(|b| b.try_into().ok()).ok_or(SignInError::Challenge)
}

/// The bytes a member signs to sign in: the domain, the challenge bytes (decoded), then the kid.
pub fn auth_message(challenge: &[u8], kid: &str) -> Vec<u8> {
    let mut m = Vec::with_capacity(AUTH_DOMAIN.len() + challenge.len() + kid.len());
    m.extend_from_slice(AUTH_DOMAIN);
    m.extend_from_slice(challenge);
    m.extend_from_slice(kid.as_bytes());
    m
}

/// The client's answer to a challenge: its signature over [`auth_message`], in base64url.
pub fn answer_challenge(
    key: &SigningKey,
    kid: &str,
    challenge: &str,
) -> Result<String, SignInError> {
    let bytes = decode_challenge(challenge)?;
    Ok(URL_SAFE_NO_PAD.encode(key.sign(&auth_message(&bytes, kid)).to_bytes()))
}

/// The server's check of an answer: `signature` over [`auth_message`] of the challenge's bytes
/// and `kid`, strictly verified with the member's key.
pub fn check_answer(
    key: &VerifyingKey,
    kid: &str,
    challenge: &str,
    signature: &str,
) -> Result<(), SignInError> {
    let challenge = decode_challenge(challenge)?;
    let sig: [u8; 64] = URL_SAFE_ANY
        .decode(signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(SignInError::SignatureEncoding)?;
    key.verify_strict(&auth_message(&challenge, kid), &Signature::from_bytes(&sig))
        .map_err(|_| SignInError::WrongSignature(kid.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_message_is_domain_challenge_kid() {
        let m = auth_message(&[1, 2, 3], "abc");
        assert_eq!(&m[..AUTH_DOMAIN.len()], AUTH_DOMAIN);
        assert_eq!(&m[AUTH_DOMAIN.len()..], &[1, 2, 3, b'a', b'b', b'c']);
    }

    #[test]
    fn an_answer_checks_only_for_its_challenge_kid_and_key() {
        let member = SigningKey::from_bytes(&[3u8; 32]);
        let key = member.verifying_key();
        let challenge = encode_challenge(&[7u8; CHALLENGE_BYTES]);
        let sig = answer_challenge(&member, "k", &challenge).unwrap();
        assert_eq!(check_answer(&key, "k", &challenge, &sig), Ok(()));
        assert_eq!(
            check_answer(&key, "other", &challenge, &sig),
            Err(SignInError::WrongSignature("other".into()))
        );
        let other_challenge = encode_challenge(&[8u8; CHALLENGE_BYTES]);
        assert_eq!(
            check_answer(&key, "k", &other_challenge, &sig),
            Err(SignInError::WrongSignature("k".into()))
        );
        let stranger = SigningKey::from_bytes(&[4u8; 32]).verifying_key();
        assert!(check_answer(&stranger, "k", &challenge, &sig).is_err());
        assert_eq!(check_answer(&key, "k", &challenge, "abc"), Err(SignInError::SignatureEncoding));
        // Padding is the sender's choice.
        assert_eq!(check_answer(&key, "k", &format!("{challenge}="), &format!("{sig}==")), Ok(()));
    }

    #[test]
    fn challenges_are_exactly_their_bytes() {
        let text = encode_challenge(&[9u8; CHALLENGE_BYTES]);
        assert_eq!(decode_challenge(&text), Ok([9u8; CHALLENGE_BYTES]));
        assert_eq!(decode_challenge(&text[..text.len() - 2]), Err(SignInError::Challenge));
        assert_eq!(decode_challenge("not base64!"), Err(SignInError::Challenge));
        let member = SigningKey::from_bytes(&[3u8; 32]);
        assert_eq!(answer_challenge(&member, "k", "AAAA"), Err(SignInError::Challenge));
    }

    #[test]
    fn kids_have_one_form() {
        let kid = crate::keys::kid(&SigningKey::from_bytes(&[3u8; 32]).verifying_key());
        assert!(is_kid(&kid));
        assert!(!is_kid(&kid[..42]));
        assert!(!is_kid(&format!("{kid}A")));
        assert!(!is_kid(&format!("{}+", &kid[..42])));
        assert!(!is_kid(""));
    }
}
