//! Signing in: single-use challenges a member answers with their Ed25519 key, and the short-lived
//! EdDSA tokens the server signs with its own key. That key's seed lives in the database, so every
//! server process sharing the database accepts every token. Time checks use the caller's clock.

use ed25519_dalek::{SigningKey, VerifyingKey};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};

use crate::license::{self, LicenseError, rfc3339};
use crate::sync::protocol::{TOKEN_AUDIENCE, TOKEN_TTL, TOKEN_TYP};
use crate::sync::wire::auth::{self as wire, CHALLENGE_BYTES, SignInError};

/// Clock skew tolerated between server processes sharing a database, for a token's `iat`.
pub const LEEWAY_SECS: u64 = 60;

/// Every way signing in or presenting a token fails: all are 401s, with one line for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error(
        "no token: sign in (POST /v1/auth/challenge, then POST /v1/auth/token) and send Authorization: Bearer TOKEN"
    )]
    MissingToken,
    #[error("the Authorization header is not `Bearer TOKEN`")]
    NotBearer,
    #[error("the token is malformed ({0}); sign in again")]
    Malformed(String),
    #[error(
        "the token was not issued by this server (or its database was replaced); sign in again"
    )]
    NotOurs,
    #[error("the token's signature does not verify; sign in again")]
    BadSignature,
    #[error("the token expired at {}; sign in again", rfc3339(*.0))]
    Expired(u64),
    #[error(
        "the token was issued in the future ({}); check the clocks of the servers sharing this database",
        rfc3339(*.0)
    )]
    IssuedInFuture(u64),
    #[error("unknown or already used challenge; ask POST /v1/auth/challenge for a new one")]
    UnknownChallenge,
    #[error("the challenge was issued to another key; ask for one with this key's kid")]
    OtherKey,
    #[error("the challenge expired (challenges last 60 s); ask for a new one")]
    ChallengeExpired,
    #[error("signature must be 64 bytes in base64url")]
    SignatureEncoding,
    #[error(
        "the signature does not verify with the key registered for kid {0}; sign the challenge with that key"
    )]
    WrongSignature(String),
}

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Claims {
    aud: String,
    /// The member's kid.
    sub: String,
    iat: u64,
    exp: u64,
    jti: String,
}

/// The server's token-signing key.
pub struct TokenKey {
    key: SigningKey,
    public: [VerifyingKey; 1],
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenKey({})", crate::keys::kid(&self.public[0]))
    }
}

impl TokenKey {
    pub fn from_seed(seed: &[u8; 32]) -> TokenKey {
        let key = SigningKey::from_bytes(seed);
        let public = [key.verifying_key()];
        TokenKey { key, public }
    }

    /// A token for member `kid`, valid from `now` for [`TOKEN_TTL`] seconds; and its expiry.
    pub fn issue(&self, kid: &str, now: u64) -> (String, u64) {
        let mut jti = [0u8; 16];
        OsRng.fill_bytes(&mut jti);
        let claims = Claims {
            aud: TOKEN_AUDIENCE.into(),
            sub: kid.into(),
            iat: now,
            exp: now + TOKEN_TTL,
            jti: hex::encode(jti),
        };
        (license::sign_jwt(TOKEN_TYP, &claims, &self.key), claims.exp)
    }

    /// Checks a token at time `now`: header, signature (strict Ed25519, through jsonwebtoken with
    /// our provider), audience and times. Returns the member's kid.
    pub fn check(&self, token: &str, now: u64) -> Result<String, AuthError> {
        let (_, claims): (String, Claims) =
            license::decode_verified(token, TOKEN_TYP, &self.public).map_err(|e| match e {
                LicenseError::Malformed(why) => AuthError::Malformed(why),
                LicenseError::BadAlgorithm(alg) => {
                    AuthError::Malformed(format!("alg {alg:?}, not EdDSA"))
                }
                LicenseError::WrongType { .. } => {
                    AuthError::Malformed(format!("typ is not {TOKEN_TYP}"))
                }
                LicenseError::BadSignature => AuthError::BadSignature,
                _ => AuthError::NotOurs,
            })?;
        if claims.aud != TOKEN_AUDIENCE {
            return Err(AuthError::Malformed(format!("aud is not {TOKEN_AUDIENCE}")));
        }
        if claims.exp.saturating_sub(claims.iat) > TOKEN_TTL {
            return Err(AuthError::Malformed(format!("lasts longer than {TOKEN_TTL} s")));
        }
        if claims.iat > now.saturating_add(LEEWAY_SECS) {
            return Err(AuthError::IssuedInFuture(claims.iat));
        }
        if now >= claims.exp {
            return Err(AuthError::Expired(claims.exp));
        }
        Ok(claims.sub)
    }
}

/// A fresh challenge: [`CHALLENGE_BYTES`] random bytes, in the wire's form.
pub fn new_challenge() -> String {
    let mut bytes = [0u8; CHALLENGE_BYTES];
    OsRng.fill_bytes(&mut bytes);
    wire::encode_challenge(&bytes)
}

/// Checks a sign-in answer by the wire's rules ([`wire::check_answer`]), in the server's words.
pub fn check_sign_in(
    key: &VerifyingKey,
    kid: &str,
    challenge: &str,
    signature: &str,
) -> Result<(), AuthError> {
    wire::check_answer(key, kid, challenge, signature).map_err(|e| match e {
        // Only challenges this server issued get here, so one that does not read is not ours.
        SignInError::Challenge => AuthError::UnknownChallenge,
        SignInError::SignatureEncoding => AuthError::SignatureEncoding,
        SignInError::WrongSignature(kid) => AuthError::WrongSignature(kid),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_last_their_ttl_and_only_for_this_key() {
        let server = TokenKey::from_seed(&[1u8; 32]);
        let (token, exp) = server.issue("member", 1_000);
        assert_eq!(exp, 1_000 + TOKEN_TTL);
        assert_eq!(server.check(&token, 1_000).unwrap(), "member");
        assert_eq!(server.check(&token, exp - 1).unwrap(), "member");
        assert_eq!(server.check(&token, exp), Err(AuthError::Expired(exp)));
        assert_eq!(server.check(&token, 0), Err(AuthError::IssuedInFuture(1_000)));
        let other = TokenKey::from_seed(&[2u8; 32]);
        assert_eq!(other.check(&token, 1_000), Err(AuthError::NotOurs));
        // One character of the signature changed.
        let mut bad = token.clone().into_bytes();
        let last = bad.len() - 2;
        bad[last] = if bad[last] == b'A' { b'B' } else { b'A' };
        let bad = String::from_utf8(bad).unwrap();
        assert_eq!(server.check(&bad, 1_000), Err(AuthError::BadSignature));
        assert!(matches!(server.check("x.y", 1_000), Err(AuthError::Malformed(_))));
    }

    #[test]
    fn sign_in_signature_covers_challenge_and_kid() {
        let member = SigningKey::from_bytes(&[3u8; 32]);
        let challenge = new_challenge();
        let sig = wire::answer_challenge(&member, "k", &challenge).unwrap();
        let key = member.verifying_key();
        assert_eq!(check_sign_in(&key, "k", &challenge, &sig), Ok(()));
        assert_eq!(
            check_sign_in(&key, "other", &challenge, &sig),
            Err(AuthError::WrongSignature("other".into()))
        );
        assert_eq!(check_sign_in(&key, "k", &challenge, "abc"), Err(AuthError::SignatureEncoding));
    }
}
