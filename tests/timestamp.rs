//! Trusted time (issue 13): real RFC 3161 tokens from OpenSSL's TSA (`openssl ts -reply`), made at
//! run time with a CA and TSA certificates this file creates, checked by `proofctl::timestamp`.

mod common;

use std::time::{Duration, SystemTime};

use common::pki::{Alg, Pki, openssl};
use proofctl::timestamp::{TokenError, Verified, parse_roots, verify_token};
use x509_cert::Certificate;

fn near_now(v: &Verified) {
    let off = v
        .gen_time
        .duration_since(SystemTime::now() - Duration::from_secs(600))
        .expect("genTime not before ten minutes ago");
    assert!(off < Duration::from_secs(1200), "genTime {}", v.gen_time_rfc3339);
}

#[test]
fn openssl_tokens_verify_for_rsa_p256_p384_and_both_ess_versions() {
    let mut pki = Pki::new("Test TSA Root");
    let roots = pki.roots();
    for (alg, ess) in [
        (Alg::Rsa, "sha1"),
        (Alg::Rsa, "sha256"),
        (Alg::P256, "sha1"),
        (Alg::P256, "sha256"),
        (Alg::P384, "sha256"),
    ] {
        let tsa = pki.tsa(alg, 365, true);
        let sig = b"the signature bytes of some proof";
        let token = pki.stamp(&tsa, sig, ess);
        let v = verify_token(&token, sig, &roots).unwrap_or_else(|e| panic!("{}: {e}", tsa.cert));
        near_now(&v);
        assert!(v.tsa_name.contains("Test TSA"), "{}", v.tsa_name);
        assert_eq!(v.root_name, "CN=Test TSA Root");
        assert_eq!(v.policy, "1.2.3.4.1");
        assert!(!v.serial.is_empty());
        assert_eq!(v.accuracy_micros, Some(1_500_000));
        assert!(v.nonce.is_some(), "openssl ts -query sends a nonce by default");
        let cert = std::fs::read(pki.path(&tsa.cert)).unwrap();
        assert_eq!(parse_roots(&cert).unwrap()[0], {
            use der::Decode;
            Certificate::from_der(&v.tsa_cert_der).unwrap()
        });
    }
}

#[test]
fn a_token_over_other_bytes_is_refused() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let token = pki.stamp(&tsa, b"signature A", "sha256");
    assert_eq!(
        verify_token(&token, b"signature B", &pki.roots()),
        Err(TokenError::ImprintMismatch)
    );
}

#[test]
fn a_tampered_token_is_refused() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::Rsa, 365, true);
    let token = pki.stamp(&tsa, b"sig", "sha1");
    let roots = pki.roots();
    verify_token(&token, b"sig", &roots).unwrap();

    // The TSTInfo's policy OID 1.2.3.4.1 (06 04 2a 03 04 01) becomes 1.2.3.4.2: still DER, still
    // the same imprint, but no longer what the TSA signed.
    let at = token
        .windows(6)
        .position(|w| w == [0x06, 0x04, 0x2a, 0x03, 0x04, 0x01])
        .expect("policy OID in token");
    let mut altered = token.clone();
    altered[at + 5] = 0x02;
    assert_eq!(verify_token(&altered, b"sig", &roots), Err(TokenError::MessageDigestMismatch));

    // The RSA signature is the token's last bytes (no unsigned attributes).
    let mut altered = token.clone();
    *altered.last_mut().unwrap() ^= 1;
    assert_eq!(verify_token(&altered, b"sig", &roots), Err(TokenError::BadSignature));

    // Cut short: not a token at all.
    assert!(matches!(
        verify_token(&token[..token.len() / 2], b"sig", &roots),
        Err(TokenError::Malformed(_))
    ));
}

#[test]
fn a_tsa_under_an_untrusted_root_is_refused() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P384, 365, true);
    let token = pki.stamp(&tsa, b"sig", "sha256");
    let other = Pki::new("Some Other Root");
    assert!(matches!(verify_token(&token, b"sig", &other.roots()), Err(TokenError::Untrusted(_))));
    assert!(matches!(verify_token(&token, b"sig", &[]), Err(TokenError::Untrusted(_))));

    // Same root name, other key: the chain link itself fails.
    let impostor = Pki::new("Test TSA Root");
    assert!(matches!(
        verify_token(&token, b"sig", &impostor.roots()),
        Err(TokenError::BadCertSignature(_))
    ));
}

#[test]
fn a_tsa_certificate_expired_at_gen_time_is_refused() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, -1, true);
    let token = pki.stamp(&tsa, b"sig", "sha256");
    assert!(matches!(
        verify_token(&token, b"sig", &pki.roots()),
        Err(TokenError::NotValidAtGenTime { .. })
    ));
}

/// OpenSSL's TSA refuses to sign with a certificate lacking the timeStamping EKU, so this token is
/// made by `openssl cms -sign -cades` (which adds ESSCertIDv2) over the TSTInfo of a good token:
/// everything valid but the EKU.
#[test]
fn a_tsa_certificate_without_the_timestamping_eku_is_refused() {
    let mut pki = Pki::new("Test TSA Root");
    let good = pki.tsa(Alg::P256, 365, true);
    let token = pki.stamp(&good, b"sig", "sha256");
    let bad = pki.tsa(Alg::P256, 365, false);
    let noeku = pki.resign(&token, &bad.cert, &bad.key);
    assert!(matches!(verify_token(&noeku, b"sig", &pki.roots()), Err(TokenError::MissingEku(_))));

    // The same construction with the good certificate verifies: only the EKU differs.
    let cms = pki.resign(&token, &good.cert, &good.key);
    verify_token(&cms, b"sig", &pki.roots()).unwrap();

    // And a TSA certificate whose timeStamping EKU is not critical (RFC 3161 §2.3 requires it).
    std::fs::write(pki.path("soft.cnf"), "extendedKeyUsage=timeStamping\n").unwrap();
    pki.issue(&bad.csr, "soft.pem", 99, 365, "soft.cnf");
    let soft = pki.resign(&token, "soft.pem", &bad.key);
    assert!(matches!(
        verify_token(&soft, b"sig", &pki.roots()),
        Err(TokenError::EkuNotCritical(_))
    ));
}

/// A second certificate for the same key, issuer and serial (only the validity differs) swapped
/// into the token's unsigned certificate set: the signature still verifies, the chain still
/// reaches the root, only ESSCertID / ESSCertIDv2 tell the certificates apart.
#[test]
fn a_swapped_tsa_certificate_is_caught_by_the_signing_certificate_attribute() {
    for ess in ["sha1", "sha256"] {
        let mut pki = Pki::new("Test TSA Root");
        let tsa = pki.tsa(Alg::P256, 365, true);
        let token = pki.stamp(&tsa, b"sig", ess);
        let d = pki.dir.path();
        pki.issue(&tsa.csr, "twin.pem", pki.serial, 300, "eku.cnf");
        openssl(d, &["x509", "-in", &tsa.cert, "-outform", "DER", "-out", "orig.der"]);
        openssl(d, &["x509", "-in", "twin.pem", "-outform", "DER", "-out", "twin.der"]);
        let orig = std::fs::read(d.join("orig.der")).unwrap();
        let twin = std::fs::read(d.join("twin.der")).unwrap();
        assert_eq!(orig.len(), twin.len());
        let at = token.windows(orig.len()).position(|w| w == orig).expect("cert in token");
        let mut swapped = token.clone();
        swapped[at..at + orig.len()].copy_from_slice(&twin);
        // The genuine token first: what verify_token remembers of its certificates, keys and
        // chain links must not make the twin pass.
        verify_token(&token, b"sig", &pki.roots()).unwrap();
        assert_eq!(
            verify_token(&swapped, b"sig", &pki.roots()),
            Err(TokenError::SigningCertificateMismatch),
            "{ess}"
        );
    }
}

#[test]
fn a_root_sharing_its_name_with_another_still_anchors_the_chain() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::Rsa, 365, true);
    let token = pki.stamp(&tsa, b"sig", "sha256");
    let impostor = Pki::new("Test TSA Root");
    let mut roots = impostor.roots();
    roots.extend(pki.roots());
    verify_token(&token, b"sig", &roots).unwrap();
}

#[test]
fn a_token_without_its_tsa_certificate_or_over_sha384_is_refused() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    pki.stamp(&tsa, b"sig", "sha256");
    let d = pki.dir.path();
    let cnf = std::fs::read_to_string(d.join("tsa.cnf")).unwrap();
    std::fs::write(d.join("tsa.cnf"), cnf.replace("digests = sha256", "digests = sha256, sha384"))
        .unwrap();
    let reply = |query: &[&str]| {
        let mut q = vec!["ts", "-query", "-data", "data", "-out", "q2.tsq"];
        q.extend_from_slice(query);
        openssl(d, &q);
        openssl(
            d,
            &[
                "ts",
                "-reply",
                "-config",
                "tsa.cnf",
                "-queryfile",
                "q2.tsq",
                "-signer",
                &tsa.cert,
                "-inkey",
                &tsa.key,
                "-token_out",
                "-out",
                "t2.der",
            ],
        );
        std::fs::read(d.join("t2.der")).unwrap()
    };
    // Without -cert the TSA leaves its certificate out: nothing to check the signature with.
    let token = reply(&["-sha256"]);
    assert_eq!(verify_token(&token, b"sig", &pki.roots()), Err(TokenError::SignerCertMissing));
    let token = reply(&["-sha384", "-cert"]);
    assert!(matches!(
        verify_token(&token, b"sig", &pki.roots()),
        Err(TokenError::ImprintAlgorithm(_))
    ));
}
