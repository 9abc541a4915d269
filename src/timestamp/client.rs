//! Getting RFC 3161 time-stamp tokens from a TSA over HTTP(S): the request, the transport and the
//! checks on the reply. Only the network wing (`proofctl-sync`) names this module, so the offline
//! binaries link no HTTP client.
//!
//! The checks here make sure the TSA answered *this* request with a token that is whole: the
//! imprint and nonce sent, the TSA certificate carried, the CMS signature verifying with it. They
//! are not a trust decision: whether that TSA counts is decided offline at verify time, against
//! the roots the user pinned (see [`super::verify_token`]).

use std::io::Read;
use std::time::Duration;

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use const_oid::db::rfc5912::ID_SHA_256;
use der::asn1::{AnyRef, Int, OctetString};
use der::{Decode, Encode, Sequence};
use rand_core::{OsRng, RngCore};
use reqwest::blocking::Client as Http;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifier;
use x509_cert::Certificate;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion};

use super::{TokenError, Verified, verify_token};

/// The most a token may be (as POP-1.1 stores it, decoded).
pub const MAX_TOKEN: usize = 64 * 1024;
/// The most of a reply read: a token and the status around it.
const MAX_REPLY: u64 = MAX_TOKEN as u64 + 8 * 1024;
/// The most of a TSA's own text (status string, error page) kept for a message.
const MAX_TEXT: usize = 200;

/// How long to wait for a TSA.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default for a whole request (connect, send, answer), `--tsa-timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Why no token came from a TSA. Each names the TSA (its URL, untrusted text for a terminal).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    #[error("{url}: not a TSA URL ({reason}); give an http:// or https:// URL")]
    BadUrl { url: String, reason: String },
    #[error("{url}: the TSA cannot be reached ({detail})")]
    Unreachable { url: String, detail: String },
    #[error("{url}: the TSA did not answer within {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("{url}: the TSA answered HTTP {status}{}", detail_suffix(.detail))]
    HttpStatus { url: String, status: u16, detail: String },
    #[error("{url}: not a time-stamp reply ({detail})")]
    NotAReply { url: String, detail: String },
    #[error("{url}: the TSA refused to stamp (status {status}{})", detail_suffix(.text))]
    Rejected { url: String, status: String, text: String },
    #[error("{url}: the token's nonce is not the one sent (a replayed or misrouted reply)")]
    NonceMismatch { url: String },
    #[error("{url}: the token stamps other bytes than the ones sent")]
    ImprintMismatch { url: String },
    #[error("{url}: the token does not carry the TSA's certificate, which was asked for")]
    NoCertificate { url: String },
    #[error("{url}: the token is unusable: {source}")]
    BadToken { url: String, source: TokenError },
}

fn detail_suffix(text: &str) -> String {
    if text.is_empty() { String::new() } else { format!(": {text}") }
}

/// A token the TSA gave for the bytes sent, with what it says.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// The TimeStampToken, DER, exactly as the TSA sent it.
    pub token: Vec<u8>,
    /// What the token says (checked against the token's own certificate, not a trusted root).
    pub verified: Verified,
}

/// An HTTP client for TSAs, built once per command.
pub struct TsaClient {
    http: Http,
    timeout: Duration,
}

impl TsaClient {
    /// `timeout` caps each whole request; connecting is capped at [`CONNECT_TIMEOUT`] (or less).
    pub fn new(timeout: Duration) -> Result<TsaClient, ClientError> {
        crate::sync::client::install_tls_provider();
        let http = Http::builder()
            .user_agent(concat!("proofctl/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            .build()
            .map_err(|e| ClientError::BadUrl {
                url: String::new(),
                reason: crate::errchain::chain(&e),
            })?;
        Ok(TsaClient { http, timeout })
    }

    /// Asks the TSA at `url` to stamp SHA-256 of `stamped` (for POP, the signature bytes).
    pub fn stamp(&self, url: &str, stamped: &[u8]) -> Result<Stamp, ClientError> {
        let u = url.to_string();
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| ClientError::BadUrl { url: u.clone(), reason: e.to_string() })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ClientError::BadUrl {
                url: u,
                reason: format!("scheme {}", parsed.scheme()),
            });
        }
        let digest: [u8; 32] = Sha256::digest(stamped).into();
        let nonce = positive_int(OsRng.next_u64());
        let request = request_der(&digest, &nonce);
        let sent = self
            .http
            .post(parsed)
            .header(reqwest::header::CONTENT_TYPE, "application/timestamp-query")
            .header(reqwest::header::ACCEPT, "application/timestamp-reply")
            .body(request)
            .send();
        let body = self.read_reply(&u, sent)?;
        check_reply(&u, &body, stamped, &nonce)
    }

    fn read_reply(
        &self,
        url: &str,
        sent: reqwest::Result<reqwest::blocking::Response>,
    ) -> Result<Vec<u8>, ClientError> {
        let response = sent.map_err(|e| self.transport(url, &e))?;
        let status = response.status();
        if status.as_u16() != 200 {
            let mut text = Vec::new();
            let _ = response.take(MAX_TEXT as u64 * 4).read_to_end(&mut text);
            return Err(ClientError::HttpStatus {
                url: url.into(),
                status: status.as_u16(),
                detail: clip(&String::from_utf8_lossy(&text)),
            });
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        let essence = content_type.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case("application/timestamp-reply") {
            return Err(ClientError::NotAReply {
                url: url.into(),
                detail: if content_type.is_empty() {
                    "no Content-Type; application/timestamp-reply expected".into()
                } else {
                    format!(
                        "Content-Type {}; application/timestamp-reply expected",
                        clip(&content_type)
                    )
                },
            });
        }
        let mut body = Vec::new();
        response
            .take(MAX_REPLY + 1)
            .read_to_end(&mut body)
            .map_err(|e| self.transport_io(url, &e))?;
        if body.len() as u64 > MAX_REPLY {
            return Err(ClientError::NotAReply {
                url: url.into(),
                detail: format!("a reply over {} KiB", MAX_REPLY / 1024),
            });
        }
        Ok(body)
    }

    fn transport(&self, url: &str, e: &reqwest::Error) -> ClientError {
        if e.is_timeout() {
            ClientError::Timeout { url: url.into(), secs: self.timeout.as_secs().max(1) }
        } else {
            ClientError::Unreachable { url: url.into(), detail: root_cause(e) }
        }
    }

    /// A body read that failed: reqwest's blocking reader wraps its own error in io::Error.
    fn transport_io(&self, url: &str, e: &std::io::Error) -> ClientError {
        let timed_out = e.kind() == std::io::ErrorKind::TimedOut
            || e.get_ref()
                .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                .is_some_and(reqwest::Error::is_timeout);
        if timed_out {
            ClientError::Timeout { url: url.into(), secs: self.timeout.as_secs().max(1) }
        } else {
            ClientError::Unreachable { url: url.into(), detail: root_cause(e) }
        }
    }
}

/// The innermost cause ("Connection refused (os error 111)", a DNS failure): reqwest's own
/// layers repeat the URL the message already names.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// The DER TimeStampReq for a SHA-256 digest: this nonce, and certReq so the token carries the
/// TSA certificate (verifying it offline later needs it).
fn request_der(digest: &[u8; 32], nonce: &Int) -> Vec<u8> {
    let req = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifier { oid: ID_SHA_256, parameters: None },
            hashed_message: OctetString::new(digest.as_slice()).expect("32 bytes fit"),
        },
        req_policy: None,
        nonce: Some(nonce.clone()),
        cert_req: true,
        extensions: None,
    };
    req.to_der().expect("a TimeStampReq of fixed shape encodes")
}

/// A DER INTEGER holding `v` as a non-negative number (a leading 0x00 when its top bit is set).
fn positive_int(v: u64) -> Int {
    let bytes = v.to_be_bytes();
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(7);
    let mut out = Vec::with_capacity(9);
    if bytes[first] & 0x80 != 0 {
        out.push(0);
    }
    out.extend_from_slice(&bytes[first..]);
    Int::new(&out).expect("at most 9 bytes")
}

/// The reply's two parts as they were sent: the token is kept byte for byte (its signature
/// covers parts of it that a decode and re-encode need not reproduce).
#[derive(Sequence)]
struct RawReply<'a> {
    status: AnyRef<'a>,
    #[asn1(optional = "true")]
    token: Option<AnyRef<'a>>,
}

fn check_reply(url: &str, body: &[u8], stamped: &[u8], nonce: &Int) -> Result<Stamp, ClientError> {
    let not_a_reply = |detail: String| ClientError::NotAReply { url: url.into(), detail };
    let raw = RawReply::from_der(body)
        .map_err(|e| not_a_reply(format!("not a DER TimeStampResp: {e}")))?;
    let resp = TimeStampResp::from_der(body)
        .map_err(|e| not_a_reply(format!("not a DER TimeStampResp: {e}")))?;
    // PKIStatus: 0 granted, 1 grantedWithMods; anything else carries no usable token.
    let status = resp.status.status as u8;
    if status > 1 {
        let text = resp
            .status
            .status_string
            .as_ref()
            .map(|texts| texts.iter().map(|t| t.as_str()).collect::<Vec<_>>().join("; "))
            .unwrap_or_default();
        return Err(ClientError::Rejected {
            url: url.into(),
            status: status_name(status).into(),
            text: clip(&text),
        });
    }
    let token = raw
        .token
        .ok_or_else(|| not_a_reply("status granted but no token".into()))?
        .to_der()
        .map_err(|e| not_a_reply(e.to_string()))?;
    if token.len() > MAX_TOKEN {
        return Err(not_a_reply(format!("a token over {} KiB", MAX_TOKEN / 1024)));
    }
    let bad = |source: TokenError| match source {
        TokenError::ImprintMismatch => ClientError::ImprintMismatch { url: url.into() },
        TokenError::SignerCertMissing => ClientError::NoCertificate { url: url.into() },
        source => ClientError::BadToken { url: url.into(), source },
    };
    let own = token_certificates(&token).map_err(bad)?;
    if own.is_empty() {
        return Err(ClientError::NoCertificate { url: url.into() });
    }
    let verified = verify_token(&token, stamped, &own).map_err(bad)?;
    if verified.nonce.as_deref() != Some(hex::encode(nonce.as_bytes()).as_str()) {
        return Err(ClientError::NonceMismatch { url: url.into() });
    }
    Ok(Stamp { token, verified })
}

/// The certificates a token carries. Given to [`verify_token`] as its roots, they make it check
/// the token's own signature and TSA certificate without deciding whether that TSA is trusted.
fn token_certificates(token: &[u8]) -> Result<Vec<Certificate>, TokenError> {
    let malformed = |e: der::Error| TokenError::Malformed(e.to_string());
    let ci = ContentInfo::from_der(token).map_err(malformed)?;
    let sd: SignedData = ci.content.decode_as().map_err(malformed)?;
    Ok(sd
        .certificates
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default())
}

/// RFC 4210's PKIStatus names (RFC 3161 §2.4.2 uses the same values).
fn status_name(status: u8) -> &'static str {
    match status {
        0 => "granted",
        1 => "grantedWithMods",
        2 => "rejection",
        3 => "waiting",
        4 => "revocationWarning",
        5 => "revocationNotification",
        _ => "unknown",
    }
}

/// A TSA's text, cut short and on one line; escaping it for a terminal is the renderer's job.
fn clip(text: &str) -> String {
    let one_line: String =
        text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_TEXT + 1).collect();
    if one_line.chars().count() > MAX_TEXT {
        let mut cut: String = one_line.chars().take(MAX_TEXT).collect();
        cut.push('…');
        cut
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_minimal_positive_der_integers() {
        for (v, want) in [
            (1u64, "020101"),
            (0x7f, "02017f"),
            (0x80, "02020080"),
            (0x0100, "02020100"),
            (u64::MAX, "020900ffffffffffffffff"),
            (0x00ff_0000_0000_0000, "020800ff000000000000"),
        ] {
            assert_eq!(hex::encode(positive_int(v).to_der().unwrap()), want, "{v:#x}");
        }
    }

    #[test]
    fn the_request_asks_for_the_certificate_with_a_nonce_over_sha256() {
        let digest = [7u8; 32];
        let nonce = positive_int(0x1234_5678_9abc_def0);
        let der = request_der(&digest, &nonce);
        let req = TimeStampReq::from_der(&der).unwrap();
        assert!(req.cert_req);
        assert_eq!(req.nonce.unwrap().as_bytes(), nonce.as_bytes());
        assert_eq!(req.message_imprint.hash_algorithm.oid, ID_SHA_256);
        assert_eq!(req.message_imprint.hashed_message.as_bytes(), digest);
    }

    #[test]
    fn garbage_is_not_a_reply() {
        let nonce = positive_int(5);
        for body in [&b""[..], b"<html>hello</html>", &[0x30, 0x03, 0x02, 0x01, 0x00]] {
            let e = check_reply("http://tsa", body, b"sig", &nonce).unwrap_err();
            assert!(matches!(e, ClientError::NotAReply { .. }), "{body:?}: {e}");
        }
    }

    #[test]
    fn server_text_is_clipped_to_one_line() {
        assert_eq!(clip("a\n  b\tc"), "a b c");
        let long = "x".repeat(500);
        assert_eq!(clip(&long).chars().count(), MAX_TEXT + 1);
    }
}
