//! Key-lifecycle known-answer vectors (docs/key-lifecycle.md): revocation lists of keys (version 1
//! and 2) and rotation statements, generated from fixed keys and times, checked in, and checked
//! here. The vectors must (1) be exactly what this implementation produces, so a change to the
//! signed bytes fails loudly, and (2) be accepted or refused as `expected.json` says.
//! `PROOFCTL_REGENERATE=1 cargo test --test vectors_key_lifecycle` rewrites them.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use ed25519_dalek::SigningKey;
use proofctl::keys::kid;
use proofctl::lifecycle::RotationStatement;
use proofctl::revocation::{KeyDetail, RevocationList, sign_list, verify_list};
use serde_json::{Value, json};

const DIR: &str = "tests/vectors/key-lifecycle";
/// 2026-01-01T00:00:00Z.
const T0: u64 = 1_767_225_600;

/// RFC 8032 §7.1 TEST 1 and TEST 2 secret keys, as the POP vectors use.
fn key(n: u8) -> SigningKey {
    let hex = match n {
        1 => "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        _ => "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    };
    SigningKey::from_bytes(&hex::decode(hex).unwrap().try_into().unwrap())
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DIR)
}

fn list(seq: u64, kids: &[String], details: &[(String, KeyDetail)]) -> RevocationList {
    let mut l = RevocationList {
        iss: "vector".into(),
        iat: T0 + seq,
        seq,
        list_version: 1,
        revoked_jtis: vec![],
        revoked_kids: kids.to_vec(),
        key_details: details.iter().cloned().collect::<BTreeMap<_, _>>(),
    };
    l.list_version = l.version_for();
    l
}

/// (file name, contents, expectation) of every vector.
fn vectors() -> Vec<(&'static str, String, Value)> {
    let (k1, k2) = (key(1), key(2));
    let (id1, id2) = (kid(&k1.verifying_key()), kid(&k2.verifying_key()));
    let v1 = list(1, std::slice::from_ref(&id2), &[]);
    let detail = KeyDetail { since: Some(T0), reason: Some("key file leaked".into()) };
    let v2 = list(2, &[id2.clone(), id1.clone()], &[(id2.clone(), detail.clone())]);
    let mut bad = list(3, std::slice::from_ref(&id2), &[(id2.clone(), detail)]);
    bad.list_version = 1;
    let rotation = RotationStatement::sign(&k1, &k2, T0).unwrap();
    let mut one = rotation.clone();
    one.signature_to = None;
    vec![
        (
            "list-v1.jwt",
            sign_list(&v1, &k1) + "\n",
            json!({"expect": "valid", "signer": id1, "claims": v1,
                   "meaning": {id2.clone(): {"since": null, "reason": null}}}),
        ),
        (
            "list-v2.jwt",
            sign_list(&v2, &k1) + "\n",
            json!({"expect": "valid", "signer": id1, "claims": v2,
                   "meaning": {id2.clone(): {"since": T0, "reason": "key file leaked"},
                               id1.clone(): {"since": null, "reason": null}}}),
        ),
        (
            "fail-list-v1-with-details.jwt",
            sign_list(&bad, &k1) + "\n",
            json!({"expect": "invalid", "error": "a version-1 list has no key_details"}),
        ),
        (
            "rotation.json",
            rotation.to_json_pretty(),
            json!({"expect": "valid", "from": id1, "to": id2, "time": T0,
                   "signed_bytes_hex": hex::encode(rotation.signed_bytes())}),
        ),
        (
            "fail-rotation-one-signature.json",
            one.to_json_pretty(),
            json!({"expect": "invalid", "error": "signed by the old key only"}),
        ),
    ]
}

#[test]
fn key_lifecycle_vectors_are_reproduced_and_judged_as_named() {
    let all = vectors();
    let expected: BTreeMap<&str, &Value> = all.iter().map(|(n, _, e)| (*n, e)).collect();
    let expected_text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
    if std::env::var_os("PROOFCTL_REGENERATE").is_some() {
        fs::create_dir_all(dir()).unwrap();
        for (name, text, _) in &all {
            fs::write(dir().join(name), text).unwrap();
        }
        fs::write(dir().join("expected.json"), &expected_text).unwrap();
    }
    let on_disk = |name: &str| {
        fs::read_to_string(dir().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}; regenerate with PROOFCTL_REGENERATE=1"))
    };
    assert_eq!(on_disk("expected.json"), expected_text, "expected.json differs");
    let trusted = [key(1).verifying_key()];
    for (name, text, want) in &all {
        assert_eq!(&on_disk(name), text, "{name}: not what this implementation produces");
        let valid = want["expect"] == "valid";
        if name.ends_with(".jwt") {
            match verify_list(text, &trusted) {
                Ok((signer, claims)) => {
                    assert!(valid, "{name}: accepted");
                    assert_eq!(signer, want["signer"].as_str().unwrap());
                    assert_eq!(serde_json::to_value(&claims).unwrap(), want["claims"]);
                    for (k, m) in want["meaning"].as_object().unwrap() {
                        assert!(claims.revoked_kids.contains(k), "{name}: {k}");
                        assert_eq!(claims.since(k), m["since"].as_u64(), "{name}: {k}");
                        assert_eq!(claims.reason(k), m["reason"].as_str(), "{name}: {k}");
                    }
                }
                Err(e) => {
                    assert!(!valid, "{name}: {e}");
                    assert!(e.to_string().contains(want["error"].as_str().unwrap()), "{e}");
                }
            }
        } else {
            match RotationStatement::parse(text.as_bytes()) {
                Ok(s) => {
                    assert!(valid, "{name}: accepted");
                    assert_eq!(s.from, want["from"].as_str().unwrap());
                    assert_eq!(s.to, want["to"].as_str().unwrap());
                    assert_eq!(s.time, want["time"].as_u64().unwrap());
                    assert_eq!(hex::encode(s.signed_bytes()), want["signed_bytes_hex"]);
                }
                Err(e) => {
                    assert!(!valid, "{name}: {e}");
                    assert!(e.to_string().contains(want["error"].as_str().unwrap()), "{e}");
                }
            }
        }
    }
}
