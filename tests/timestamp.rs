//! Trusted time (issue 13): real RFC 3161 tokens from OpenSSL's TSA (`openssl ts -reply`), made at
//! run time with a CA and TSA certificates this file creates, checked by `proofctl::timestamp`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use proofctl::timestamp::{TokenError, Verified, parse_roots, verify_token};
use x509_cert::Certificate;

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[derive(Clone, Copy)]
enum Alg {
    Rsa,
    P256,
    P384,
}

/// A test PKI in a temp dir: a root CA, and TSA certificates issued from it on demand.
struct Pki {
    dir: tempfile::TempDir,
    serial: u32,
}

struct Tsa {
    cert: String,
    key: String,
}

impl Pki {
    fn new(root_cn: &str) -> Pki {
        let dir = tempfile::tempdir().unwrap();
        openssl(
            dir.path(),
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "3650",
                "-subj",
                &format!("/CN={root_cn}"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        std::fs::write(dir.path().join("eku.cnf"), "extendedKeyUsage=critical,timeStamping\n")
            .unwrap();
        std::fs::write(dir.path().join("plain.cnf"), "basicConstraints=CA:FALSE\n").unwrap();
        std::fs::write(dir.path().join("tsaserial"), "01\n").unwrap();
        Pki { dir, serial: 1 }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn roots(&self) -> Vec<Certificate> {
        parse_roots(&std::fs::read(self.path("ca.pem")).unwrap()).unwrap()
    }

    /// A TSA key and certificate. `days` < 0 gives a certificate already expired now, so
    /// expired at any genTime OpenSSL's TSA writes (it stamps the current time).
    fn tsa(&mut self, alg: Alg, days: i32, eku: bool) -> Tsa {
        self.serial += 1;
        let n = self.serial;
        let key = format!("tsa{n}.key");
        let cert = format!("tsa{n}.pem");
        let d = self.dir.path();
        match alg {
            Alg::Rsa => openssl(
                d,
                &["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", &key],
            ),
            Alg::P256 => openssl(
                d,
                &[
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-out",
                    &key,
                ],
            ),
            Alg::P384 => openssl(
                d,
                &[
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-384",
                    "-out",
                    &key,
                ],
            ),
        }
        let csr = format!("tsa{n}.csr");
        openssl(
            d,
            &["req", "-new", "-key", &key, "-out", &csr, "-subj", &format!("/CN=Test TSA {n}")],
        );
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-set_serial",
                &n.to_string(),
                "-out",
                &cert,
                "-days",
                &days.to_string(),
                "-extfile",
                if eku { "eku.cnf" } else { "plain.cnf" },
            ],
        );
        Tsa { cert, key }
    }

    /// `openssl ts -query -data FILE -sha256 -cert` then `openssl ts -reply`: the token (DER).
    /// `ess` picks ESSCertID (sha1, OpenSSL's default) or ESSCertIDv2 (sha256).
    fn stamp(&self, tsa: &Tsa, data: &[u8], ess: &str) -> Vec<u8> {
        let d = self.dir.path();
        std::fs::write(
            d.join("tsa.cnf"),
            format!(
                "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./tsaserial\ncrypto_device = builtin\n\
                 signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\n\
                 accuracy = secs:1, millisecs:500\ness_cert_id_alg = {ess}\n\
                 other_policies = 1.2.3.4.2\nordering = no\ntsa_name = no\n\
                 ess_cert_id_chain = no\n"
            ),
        )
        .unwrap();
        std::fs::write(d.join("data"), data).unwrap();
        openssl(d, &["ts", "-query", "-data", "data", "-sha256", "-cert", "-out", "q.tsq"]);
        openssl(
            d,
            &[
                "ts",
                "-reply",
                "-config",
                "tsa.cnf",
                "-queryfile",
                "q.tsq",
                "-signer",
                &tsa.cert,
                "-inkey",
                &tsa.key,
                "-chain",
                "ca.pem",
                "-token_out",
                "-out",
                "token.der",
            ],
        );
        std::fs::read(d.join("token.der")).unwrap()
    }
}

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
    pki.stamp(&good, b"sig", "sha256");
    let d = pki.dir.path().to_path_buf();
    let d = d.as_path();
    openssl(
        d,
        &[
            "cms",
            "-verify",
            "-noverify",
            "-inform",
            "DER",
            "-in",
            "token.der",
            "-binary",
            "-out",
            "tst.der",
        ],
    );
    let bad = pki.tsa(Alg::P256, 365, false);
    openssl(
        d,
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-cades",
            "-nosmimecap",
            "-econtent_type",
            "1.2.840.113549.1.9.16.1.4",
            "-md",
            "sha256",
            "-signer",
            &bad.cert,
            "-inkey",
            &bad.key,
            "-certfile",
            "ca.pem",
            "-in",
            "tst.der",
            "-outform",
            "DER",
            "-out",
            "noeku.der",
        ],
    );
    let token = std::fs::read(d.join("noeku.der")).unwrap();
    assert!(matches!(verify_token(&token, b"sig", &pki.roots()), Err(TokenError::MissingEku(_))));

    // The same construction with the good certificate verifies: only the EKU differs.
    openssl(
        d,
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-cades",
            "-nosmimecap",
            "-econtent_type",
            "1.2.840.113549.1.9.16.1.4",
            "-md",
            "sha256",
            "-signer",
            &good.cert,
            "-inkey",
            &good.key,
            "-certfile",
            "ca.pem",
            "-in",
            "tst.der",
            "-outform",
            "DER",
            "-out",
            "cms.der",
        ],
    );
    let token = std::fs::read(d.join("cms.der")).unwrap();
    verify_token(&token, b"sig", &pki.roots()).unwrap();

    // And a TSA certificate whose timeStamping EKU is not critical (RFC 3161 §2.3 requires it).
    std::fs::write(d.join("soft.cnf"), "extendedKeyUsage=timeStamping\n").unwrap();
    let n = pki.serial;
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            &format!("tsa{n}.csr"),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            "99",
            "-out",
            "soft.pem",
            "-days",
            "365",
            "-extfile",
            "soft.cnf",
        ],
    );
    openssl(
        d,
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-cades",
            "-nosmimecap",
            "-econtent_type",
            "1.2.840.113549.1.9.16.1.4",
            "-md",
            "sha256",
            "-signer",
            "soft.pem",
            "-inkey",
            &bad.key,
            "-certfile",
            "ca.pem",
            "-in",
            "tst.der",
            "-outform",
            "DER",
            "-out",
            "soft.der",
        ],
    );
    let token = std::fs::read(d.join("soft.der")).unwrap();
    assert!(matches!(
        verify_token(&token, b"sig", &pki.roots()),
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
        let n = pki.serial;
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                &format!("tsa{n}.csr"),
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-set_serial",
                &n.to_string(),
                "-out",
                "twin.pem",
                "-days",
                "300",
                "-extfile",
                "eku.cnf",
            ],
        );
        openssl(d, &["x509", "-in", &tsa.cert, "-outform", "DER", "-out", "orig.der"]);
        openssl(d, &["x509", "-in", "twin.pem", "-outform", "DER", "-out", "twin.der"]);
        let orig = std::fs::read(d.join("orig.der")).unwrap();
        let twin = std::fs::read(d.join("twin.der")).unwrap();
        assert_eq!(orig.len(), twin.len());
        let at = token.windows(orig.len()).position(|w| w == orig).expect("cert in token");
        let mut swapped = token.clone();
        swapped[at..at + orig.len()].copy_from_slice(&twin);
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
