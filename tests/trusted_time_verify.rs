//! Trusted time in `verify` (issue 13): POP-1.1 proofs carrying real RFC 3161 tokens from
//! OpenSSL's TSA (tests/common/pki.rs), judged by the library and by the real binary.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use common::pki::{Alg, Pki};
use ed25519_dalek::SigningKey;
use proofctl::proof::anchors::{self, AnchorStatus};
use proofctl::proof::{Proof, ProofBody, hash_reader};

/// A POP-1.0 proof of `data` signed by a fixed key, claiming `created`.
fn proof_at(data: &[u8], created: SystemTime) -> Proof {
    let key = SigningKey::from_bytes(&[5u8; 32]);
    let digest = hash_reader(data, None).unwrap();
    ProofBody::new("data.txt", &digest, &key.verifying_key(), created, BTreeMap::new())
        .unwrap()
        .sign(&key)
}

#[test]
fn a_token_over_the_signature_digest_is_a_valid_anchor() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let mut proof = proof_at(b"hello\n", SystemTime::now());
    let token = pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256");
    assert!(proof.add_rfc3161(&token).unwrap());
    let proof = Proof::from_slice(proof.to_json_pretty().as_bytes()).unwrap();
    proof.check_signature().unwrap();

    let time = anchors::time_report(&proof, &pki.roots());
    let [a] = time.anchors.as_slice() else { panic!("{time:?}") };
    assert_eq!(a.status, AnchorStatus::Valid, "{}", a.message);
    assert_eq!(a.authority.as_deref(), Some("Test TSA 2"));
    assert_eq!(time.proven, a.gen_time);
    assert_eq!(time.authority.as_deref(), Some("Test TSA 2"));
    let at = a.gen_time_at.unwrap();
    assert!(at + Duration::from_secs(600) > SystemTime::now(), "{:?}", a.gen_time);

    // No roots: the same token is untrusted, and proves nothing.
    let time = anchors::time_report(&proof, &[]);
    assert_eq!(time.anchors[0].status, AnchorStatus::Untrusted);
    assert_eq!(time.anchors[0].reason, Some("untrusted_tsa"));
    assert_eq!(time.proven, None);
}
