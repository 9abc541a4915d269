//! Stored RFC 3161 tokens in DER order (issue 13): OpenSSL's TSA (`openssl ts -reply`) writes its
//! own certificate first and the root after it; when the TSA certificate's DER sorts after the
//! root's, strict DER peers (PyPI rfc3161-client) refuse the token. `canonical_token` and
//! `Proof::add_rfc3161` store it with `SignedData.certificates` sorted and every other byte kept.
#![allow(clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use common::pki::{Alg, Pki, Tsa, openssl};
use der::{Decode, Encode};
use ed25519_dalek::SigningKey;
use proofctl::proof::anchors::{self, AnchorStatus};
use proofctl::proof::{Proof, ProofBody, hash_reader};
use proofctl::timestamp::{TokenError, canonical_token, verify_token};
use x509_cert::Certificate;

/// CI sets PROOFCTL_REQUIRE_INTEROP=1 and installs rfc3161-client, so there the Python half of
/// these tests cannot skip.
fn have_rfc3161_client() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import rfc3161_client, cryptography"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "python3 with rfc3161-client is required (PROOFCTL_REQUIRE_INTEROP is set): \
             pip install -r tests/interop/requirements.txt"
        );
        eprintln!("skipping the rfc3161-client checks: not installed");
    }
    ok
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/tsa_rfc3161_client.py")
}

/// tests/interop/tsa_rfc3161_client.py on `token` over `data`: (accepted, its output).
fn rfc3161_client(dir: &Path, token: &[u8], data: &[u8], root: &Path) -> (bool, String) {
    std::fs::write(dir.join("py-token.der"), token).unwrap();
    std::fs::write(dir.join("py-data"), data).unwrap();
    let out = Command::new("python3")
        .arg(script())
        .args(["--token", "py-token.der", "--data", "py-data", "--root"])
        .arg(root)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = common::all_output(&out);
    match out.status.code() {
        Some(0) => (true, text),
        Some(1) => (false, text),
        _ => panic!("tsa_rfc3161_client.py failed to run:\n{text}"),
    }
}

/// A TSA whose certificate's DER sorts after its root's: a long nsComment makes it longer, so
/// its length octets are greater (both are SEQUENCEs with two-octet lengths).
fn long_tsa(pki: &mut Pki) -> Tsa {
    let tsa = pki.tsa(Alg::P256, 365, true);
    let ext = format!("extendedKeyUsage=critical,timeStamping\nnsComment={}\n", "x".repeat(800));
    std::fs::write(pki.path("long.cnf"), ext).unwrap();
    pki.issue(&tsa.csr, &tsa.cert, 90, 365, "long.cnf");
    tsa
}

fn cert_der(pki: &Pki, pem: &str) -> Vec<u8> {
    let text = std::fs::read(pki.path(pem)).unwrap();
    Certificate::load_pem_chain(&text).unwrap()[0].to_der().unwrap()
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).expect("certificate inside the token")
}

fn signed_data(token: &[u8]) -> SignedData {
    ContentInfo::from_der(token).unwrap().content.decode_as().unwrap()
}

/// The DER of every SignedData field but the certificates, as raw TLVs from the token.
fn other_fields(token: &[u8]) -> Vec<Vec<u8>> {
    let sd = signed_data(token);
    vec![
        sd.version.to_der().unwrap(),
        sd.encap_content_info.to_der().unwrap(),
        sd.crls.map(|c| c.to_der().unwrap()).unwrap_or_default(),
        sd.signer_infos.to_der().unwrap(),
    ]
}

#[test]
fn an_openssl_token_with_its_certificates_out_of_der_order_is_stored_in_order() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = long_tsa(&mut pki);
    let (tsa_der, root_der) = (cert_der(&pki, &tsa.cert), cert_der(&pki, "ca.pem"));
    assert!(tsa_der > root_der, "the TSA certificate must sort after the root for this test");
    let roots = pki.roots();
    let python = have_rfc3161_client();
    for ess in ["sha1", "sha256"] {
        let data = b"the signature bytes of some proof";
        let token = pki.stamp(&tsa, data, ess);
        // OpenSSL's order: TSA certificate first, then the root: not DER.
        assert!(find(&token, &tsa_der) < find(&token, &root_der), "{ess}: OpenSSL's order");

        let canon = canonical_token(&token).unwrap();
        assert_ne!(canon, token, "{ess}");
        assert_eq!(canon.len(), token.len(), "{ess}");
        let (r, t) = (find(&canon, &root_der), find(&canon, &tsa_der));
        assert!(r < t, "{ess}: root first in the canonical token");
        // Only the certificates moved: everything before and after them is byte for byte.
        let start = r.min(find(&token, &tsa_der));
        let end = start + tsa_der.len() + root_der.len();
        assert_eq!(canon[..start], token[..start], "{ess}: bytes before the certificates");
        assert_eq!(canon[end..], token[end..], "{ess}: bytes after the certificates");
        assert_eq!(other_fields(&canon), other_fields(&token), "{ess}");
        assert_eq!(canonical_token(&canon).unwrap(), canon, "{ess}: idempotent");

        // It verifies exactly as before, in proofctl and in OpenSSL.
        assert_eq!(verify_token(&canon, data, &roots), verify_token(&token, data, &roots));
        verify_token(&canon, data, &roots).unwrap();
        std::fs::write(pki.path("canon.der"), &canon).unwrap();
        std::fs::write(pki.path("stamped"), data).unwrap();
        openssl(
            pki.dir.path(),
            &[
                "ts",
                "-verify",
                "-data",
                "stamped",
                "-token_in",
                "-in",
                "canon.der",
                "-CAfile",
                "ca.pem",
            ],
        );

        // rfc3161-client refuses what OpenSSL wrote and accepts the canonical token.
        if python {
            let (ok, out) = rfc3161_client(pki.dir.path(), &token, data, &pki.root_pem());
            assert!(!ok, "{ess}: rfc3161-client accepts OpenSSL's order:\n{out}");
            assert!(out.contains("InvalidSetOrdering"), "{ess}: {out}");
            let (ok, out) = rfc3161_client(pki.dir.path(), &canon, data, &pki.root_pem());
            assert!(ok, "{ess}: rfc3161-client refuses the canonical token:\n{out}");
        }
    }
}

#[test]
fn a_token_already_in_der_order_comes_back_unchanged() {
    let mut pki = Pki::new("Test TSA Root");
    for alg in [Alg::P256, Alg::Rsa] {
        let tsa = pki.tsa(alg, 365, true);
        let (tsa_der, root_der) = (cert_der(&pki, &tsa.cert), cert_der(&pki, "ca.pem"));
        let token = pki.stamp(&tsa, b"sig", "sha256");
        let canon = canonical_token(&token).unwrap();
        if tsa_der < root_der {
            assert_eq!(canon, token, "{alg:?}: in order already");
        } else {
            assert!(find(&canon, &root_der) < find(&canon, &tsa_der), "{alg:?}");
        }
        assert_eq!(
            verify_token(&canon, b"sig", &pki.roots()),
            verify_token(&token, b"sig", &pki.roots())
        );
    }
    // At least the P-256 certificate (shorter than the RSA root) is the in-order case.
    let tsa = pki.tsa(Alg::P256, 365, true);
    assert!(cert_der(&pki, &tsa.cert) < cert_der(&pki, "ca.pem"));
}

#[test]
fn canonical_order_does_not_make_an_altered_token_verify() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = long_tsa(&mut pki);
    let token = pki.stamp(&tsa, b"sig", "sha256");
    // The last byte is inside the signature value (signerInfos come last).
    let mut altered = token.clone();
    *altered.last_mut().unwrap() ^= 1;
    let canon = canonical_token(&altered).unwrap();
    assert_ne!(canon, altered);
    assert_eq!(verify_token(&canon, b"sig", &pki.roots()), Err(TokenError::BadSignature));
    assert_eq!(*canon.last().unwrap(), *altered.last().unwrap());
}

/// A POP-1.0 proof of `data` signed by a fixed key.
fn proof_of(data: &[u8]) -> Proof {
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let digest = hash_reader(data, None).unwrap();
    ProofBody::new("data.txt", &digest, &key.verifying_key(), SystemTime::now(), BTreeMap::new())
        .unwrap()
        .sign(&key)
}

#[test]
fn add_rfc3161_stores_the_canonical_token_and_dedupes_on_it() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = long_tsa(&mut pki);
    let mut proof = proof_of(b"hello\n");
    let token = pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256");
    let canon = canonical_token(&token).unwrap();
    assert_ne!(canon, token);

    assert!(proof.add_rfc3161(&token).unwrap());
    let stored = proof.anchors[0].rfc3161_token().unwrap().unwrap();
    assert_eq!(stored, canon, "the proof stores the canonical token");
    // The same token, in either order, is already there.
    assert!(!proof.add_rfc3161(&token).unwrap());
    assert!(!proof.add_rfc3161(&canon).unwrap());
    assert_eq!(proof.anchors.len(), 1);

    // A proof written before (OpenSSL's order stored) still dedupes against the canonical form.
    let mut old = proof_of(b"hello\n");
    let mut doc: serde_json::Value = serde_json::from_str(&old.to_json_pretty()).unwrap();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&token);
    doc["format"] = "POP-1.1".into();
    doc["anchors"] = serde_json::json!([{"type": "rfc3161", "token": b64}]);
    old = Proof::from_slice(doc.to_string().as_bytes()).unwrap();
    assert!(!old.add_rfc3161(&canon).unwrap());
    assert_eq!(old.anchors.len(), 1);

    // The written proof verifies, its anchor is valid, and rfc3161-client accepts its token.
    let text = proof.to_json_pretty();
    let parsed = Proof::from_slice(text.as_bytes()).unwrap();
    parsed.check_signature().unwrap();
    let time = anchors::time_report(&parsed, &pki.roots());
    assert_eq!(time.anchors[0].status, AnchorStatus::Valid, "{}", time.anchors[0].message);
    if have_rfc3161_client() {
        std::fs::write(pki.path("data.txt.proof"), &text).unwrap();
        let out = Command::new("python3")
            .arg(script())
            .arg("--root")
            .arg(pki.root_pem())
            .arg("--proof")
            .arg(pki.path("data.txt.proof"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "rfc3161-client: {}", common::all_output(&out));
    }
}

#[test]
fn verify_reports_a_proof_with_a_canonical_token_valid() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = long_tsa(&mut pki);
    let env = common::Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "-q", "--name", "alice"]).assert().success();
    env.write("data.txt", "the data\n");
    env.cmd().args(["sign", "--no-index", "-q", "data.txt"]).assert().success();
    let path = env.path("data.txt.proof");
    let mut proof = Proof::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let token = pki.stamp_digest(&tsa, &proof.signature_digest(), "sha1");
    assert!(proof.add_rfc3161(&token).unwrap());
    std::fs::write(&path, proof.to_json_pretty()).unwrap();
    let trust = env.path("tsa-roots");
    std::fs::create_dir(&trust).unwrap();
    std::fs::copy(pki.root_pem(), trust.join("root.pem")).unwrap();
    let out = env
        .cmd()
        .args(["verify", "data.txt", "--require-timestamp", "--json", "--tsa-trust"])
        .arg(&trust)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::all_output(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &doc["results"][0];
    assert_eq!(r["status"], "valid", "{doc}");
    assert_eq!(r["time"]["anchors"][0]["status"], "valid", "{doc}");
    assert!(r["time"]["proven"].is_string(), "{doc}");
    // What the file holds is the canonical token.
    let stored = Proof::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        stored.anchors[0].rfc3161_token().unwrap().unwrap(),
        canonical_token(&token).unwrap()
    );
}
