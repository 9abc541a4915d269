//! A test PKI for trusted time: a root CA and TSA certificates made with `openssl` in a temp dir,
//! and real RFC 3161 tokens from OpenSSL's TSA (`openssl ts -reply`), made at run time.

use std::path::{Path, PathBuf};
use std::process::Command;

use proofctl::timestamp::parse_roots;
use x509_cert::Certificate;

/// Runs `openssl ARGS` in `dir`; panics with its stderr when it fails.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The TSA key's algorithm.
#[derive(Clone, Copy, Debug)]
pub enum Alg {
    Rsa,
    P256,
    P384,
}

/// A test PKI in a temp dir: a root CA, and TSA certificates issued from it on demand.
pub struct Pki {
    pub dir: tempfile::TempDir,
    pub serial: u32,
}

/// A TSA's key and certificate: file names inside the PKI's dir.
pub struct Tsa {
    pub cert: String,
    pub key: String,
    /// Its certificate request, to issue twins of the certificate with other extensions.
    pub csr: String,
}

impl Pki {
    pub fn new(root_cn: &str) -> Pki {
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

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The root certificate's PEM file (what `trust add-tsa` takes).
    pub fn root_pem(&self) -> PathBuf {
        self.path("ca.pem")
    }

    pub fn roots(&self) -> Vec<Certificate> {
        parse_roots(&std::fs::read(self.root_pem()).unwrap()).unwrap()
    }

    /// A TSA key and certificate. `days` < 0 gives a certificate already expired now, so
    /// expired at any genTime OpenSSL's TSA writes (it stamps the current time). `eku` false
    /// leaves the timeStamping EKU out (OpenSSL's TSA then refuses to sign: see
    /// [`Pki::resign`]).
    pub fn tsa(&mut self, alg: Alg, days: i32, eku: bool) -> Tsa {
        self.serial += 1;
        let n = self.serial;
        let key = format!("tsa{n}.key");
        let cert = format!("tsa{n}.pem");
        let d = self.dir.path();
        let curve = match alg {
            Alg::Rsa => None,
            Alg::P256 => Some("ec_paramgen_curve:P-256"),
            Alg::P384 => Some("ec_paramgen_curve:P-384"),
        };
        match curve {
            None => openssl(
                d,
                &["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", &key],
            ),
            Some(c) => openssl(d, &["genpkey", "-algorithm", "EC", "-pkeyopt", c, "-out", &key]),
        }
        let csr = format!("tsa{n}.csr");
        openssl(
            d,
            &["req", "-new", "-key", &key, "-out", &csr, "-subj", &format!("/CN=Test TSA {n}")],
        );
        let tsa = Tsa { cert, key, csr };
        self.issue(&tsa.csr, &tsa.cert, n, days, if eku { "eku.cnf" } else { "plain.cnf" });
        tsa
    }

    /// Issues certificate `out` for request `csr` from the root, with serial `serial`, valid for
    /// `days`, with the extensions in the file `extfile` (inside the PKI's dir).
    pub fn issue(&self, csr: &str, out: &str, serial: u32, days: i32, extfile: &str) {
        openssl(
            self.dir.path(),
            &[
                "x509",
                "-req",
                "-in",
                csr,
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-set_serial",
                &serial.to_string(),
                "-out",
                out,
                "-days",
                &days.to_string(),
                "-extfile",
                extfile,
            ],
        );
    }

    fn write_tsa_config(&self, ess: &str) {
        std::fs::write(
            self.path("tsa.cnf"),
            format!(
                "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./tsaserial\ncrypto_device = builtin\n\
                 signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\n\
                 accuracy = secs:1, millisecs:500\ness_cert_id_alg = {ess}\n\
                 other_policies = 1.2.3.4.2\nordering = no\ntsa_name = no\n\
                 ess_cert_id_chain = no\n"
            ),
        )
        .unwrap();
    }

    /// `openssl ts -reply` for the query in `q.tsq`: the token (DER).
    fn reply(&self, tsa: &Tsa) -> Vec<u8> {
        openssl(
            self.dir.path(),
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
        std::fs::read(self.path("token.der")).unwrap()
    }

    /// `openssl ts -query -data FILE -sha256 -cert` then `openssl ts -reply`: the token (DER).
    /// `ess` picks ESSCertID (sha1, OpenSSL's default) or ESSCertIDv2 (sha256).
    pub fn stamp(&self, tsa: &Tsa, data: &[u8], ess: &str) -> Vec<u8> {
        self.write_tsa_config(ess);
        std::fs::write(self.path("data"), data).unwrap();
        openssl(
            self.dir.path(),
            &["ts", "-query", "-data", "data", "-sha256", "-cert", "-out", "q.tsq"],
        );
        self.reply(tsa)
    }

    /// A token over a given SHA-256 digest (`openssl ts -query -digest HEX -sha256 -cert`): for
    /// a proof, its `signature_digest()`.
    pub fn stamp_digest(&self, tsa: &Tsa, digest: &[u8; 32], ess: &str) -> Vec<u8> {
        self.write_tsa_config(ess);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        openssl(
            self.dir.path(),
            &["ts", "-query", "-digest", &hex, "-sha256", "-cert", "-out", "q.tsq"],
        );
        self.reply(tsa)
    }

    /// Re-signs the TSTInfo of `token` as a new token signed by `signer`'s certificate, with
    /// `openssl cms -sign -cades` (which adds ESSCertIDv2). OpenSSL's TSA refuses to sign with a
    /// certificate lacking the timeStamping EKU; this makes such tokens, everything else valid.
    pub fn resign(&self, token: &[u8], signer_cert: &str, signer_key: &str) -> Vec<u8> {
        let d = self.dir.path();
        std::fs::write(self.path("resign-in.der"), token).unwrap();
        openssl(
            d,
            &[
                "cms",
                "-verify",
                "-noverify",
                "-inform",
                "DER",
                "-in",
                "resign-in.der",
                "-binary",
                "-out",
                "tst.der",
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
                signer_cert,
                "-inkey",
                signer_key,
                "-certfile",
                "ca.pem",
                "-in",
                "tst.der",
                "-outform",
                "DER",
                "-out",
                "resigned.der",
            ],
        );
        std::fs::read(self.path("resigned.der")).unwrap()
    }
}
