//! Trusted time interop (issue 13): RFC 3161 tokens made by OpenSSL's TSA (`openssl ts -reply`)
//! verify alike in proofctl (`proofctl::timestamp`), in Trail of Bits' `rfc3161-client` and in the
//! independent Python verifier (tests/interop/verify_pop.py); and the tokens in proofs proofctl
//! writes verify with `openssl ts -verify` and `rfc3161-client` against the same root.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use proofctl::timestamp::{parse_roots, verify_token};
use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// CI sets PROOFCTL_REQUIRE_INTEROP=1 and installs the tools, so there these tests cannot skip.
fn available() -> bool {
    let python = Command::new("python3")
        .args(["-c", "import rfc3161_client, asn1crypto, cryptography"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let openssl = common::have("openssl");
    if !(python && openssl) {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "openssl and python3 with rfc3161-client are required (PROOFCTL_REQUIRE_INTEROP is set): \
             pip install -r tests/interop/requirements.txt"
        );
        eprintln!("skipping: openssl or rfc3161-client missing (tests/interop/requirements.txt)");
    }
    python && openssl
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?}: {}", common::all_output(&out));
}

#[derive(Clone, Copy, Debug)]
enum Alg {
    Rsa,
    P256,
    P384,
}

const ALGS: [Alg; 3] = [Alg::Rsa, Alg::P256, Alg::P384];

/// A test PKI in a temp dir: a root CA, and TSA certificates issued from it (after
/// tests/timestamp.rs).
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
        std::fs::write(dir.path().join("tsaserial"), "01\n").unwrap();
        Pki { dir, serial: 1 }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn tsa(&mut self, alg: Alg) -> Tsa {
        self.serial += 1;
        let n = self.serial;
        let key = format!("tsa{n}.key");
        let cert = format!("tsa{n}.pem");
        let d = self.dir.path();
        let keygen: &[&str] = match alg {
            Alg::Rsa => &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            Alg::P256 => &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            Alg::P384 => &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        };
        let mut args = vec!["genpkey"];
        args.extend_from_slice(keygen);
        args.extend_from_slice(&["-out", &key]);
        openssl(d, &args);
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
                "365",
                "-extfile",
                "eku.cnf",
            ],
        );
        Tsa { cert, key }
    }

    /// `openssl ts -query -data FILE -sha256 -cert` then `openssl ts -reply -token_out`: the
    /// token (DER), with ESSCertID (`ess` = sha1) or ESSCertIDv2 (sha256).
    fn stamp(&self, tsa: &Tsa, data: &[u8], ess: &str) -> Vec<u8> {
        let d = self.dir.path();
        std::fs::write(
            d.join("tsa.cnf"),
            format!(
                "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./tsaserial\ncrypto_device = builtin\n\
                 signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\n\
                 accuracy = secs:1\ness_cert_id_alg = {ess}\nordering = no\ntsa_name = no\n\
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

/// The Python checker `script` on a token over `data` (both written to `dir`): (verified, output).
fn python_token(script: &str, dir: &Path, token: &[u8], data: &[u8], ca: &Path) -> (bool, String) {
    std::fs::write(dir.join("py-token.der"), token).unwrap();
    std::fs::write(dir.join("py-data"), data).unwrap();
    let root_flag = if script == "verify_pop.py" { "--tsa-root" } else { "--root" };
    let out = Command::new("python3")
        .arg(root().join("tests/interop").join(script))
        .args(["--token", "py-token.der", "--data", "py-data", root_flag])
        .arg(ca)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = common::all_output(&out);
    match out.status.code() {
        Some(0) => (true, text),
        Some(1) => (false, text),
        _ => panic!("{script} failed to run:\n{text}"),
    }
}

/// `openssl ts -verify -digest HEX -token_in -in TOKEN -CAfile ROOT`: verified or not.
fn openssl_verify(dir: &Path, token: &[u8], data: &[u8], root: &Path) -> (bool, String) {
    std::fs::write(dir.join("ossl-token.der"), token).unwrap();
    let digest = hex::encode(Sha256::digest(data));
    let out = Command::new("openssl")
        .current_dir(dir)
        .args([
            "ts",
            "-verify",
            "-digest",
            &digest,
            "-token_in",
            "-in",
            "ossl-token.der",
            "-CAfile",
        ])
        .arg(root)
        .output()
        .unwrap();
    (out.status.success(), common::all_output(&out))
}

/// Issue 13, "tokens made by OpenSSL's TSA verify in proofctl": RSA, P-256 and P-384 TSA keys,
/// ESSCertID and ESSCertIDv2; each token is accepted by proofctl, rfc3161-client, the Python
/// verifier and OpenSSL itself over the bytes it was made for, and refused by all four over
/// other bytes and under another root.
#[test]
fn openssl_tsa_tokens_verify_in_proofctl_rfc3161_client_and_the_python_verifier() {
    if !available() {
        return;
    }
    let mut pki = Pki::new("Interop TSA Root");
    let other = Pki::new("Interop TSA Root");
    let roots = parse_roots(&std::fs::read(pki.path("ca.pem")).unwrap()).unwrap();
    let other_roots = parse_roots(&std::fs::read(other.path("ca.pem")).unwrap()).unwrap();
    let ca = pki.path("ca.pem");
    let other_ca = other.path("ca.pem");
    let d = pki.dir.path().to_path_buf();
    for alg in ALGS {
        for ess in ["sha1", "sha256"] {
            let tsa = pki.tsa(alg);
            let sig = format!("signature bytes for {alg:?} {ess}").into_bytes();
            let token = pki.stamp(&tsa, &sig, ess);
            let what = format!("{alg:?} ESSCertID {ess}");

            let v = verify_token(&token, &sig, &roots)
                .unwrap_or_else(|e| panic!("{what}: proofctl refuses: {e}"));
            let (ok, out) = python_token("tsa_rfc3161_client.py", &d, &token, &sig, &ca);
            assert!(ok, "{what}: rfc3161-client refuses:\n{out}");
            let py: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
            let (ok, out) = python_token("verify_pop.py", &d, &token, &sig, &ca);
            assert!(ok, "{what}: the Python verifier refuses:\n{out}");
            let ours: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
            let (ok, out) = openssl_verify(&d, &token, &sig, &ca);
            assert!(ok, "{what}: openssl ts -verify refuses:\n{out}");
            // All read the same genTime (OpenSSL's TSA writes whole seconds).
            let secs = v.gen_time.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
            for (who, t) in [("rfc3161-client", &py["gen_time"]), ("python", &ours["gen_time"])] {
                let t = t.as_str().unwrap();
                assert_eq!(
                    python_epoch(t),
                    secs,
                    "{what}: {who} reads genTime {t}, proofctl {}",
                    v.gen_time_rfc3339
                );
            }

            let other_bytes = b"some other signature";
            assert!(verify_token(&token, other_bytes, &roots).is_err(), "{what}: proofctl");
            assert!(!python_token("tsa_rfc3161_client.py", &d, &token, other_bytes, &ca).0);
            assert!(!python_token("verify_pop.py", &d, &token, other_bytes, &ca).0);
            assert!(!openssl_verify(&d, &token, other_bytes, &ca).0);

            assert!(verify_token(&token, &sig, &other_roots).is_err(), "{what}: proofctl");
            assert!(!python_token("tsa_rfc3161_client.py", &d, &token, &sig, &other_ca).0);
            assert!(!python_token("verify_pop.py", &d, &token, &sig, &other_ca).0);
            assert!(!openssl_verify(&d, &token, &sig, &other_ca).0);
        }
    }
}

/// Seconds since the epoch of an ISO 8601 time Python printed (`datetime.isoformat`).
fn python_epoch(t: &str) -> u64 {
    let out = Command::new("python3")
        .args(["-c", "import datetime,sys; print(int(datetime.datetime.fromisoformat(sys.argv[1]).timestamp()))", t])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().parse().unwrap()
}
