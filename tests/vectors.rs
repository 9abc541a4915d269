//! POP-1.0 known-answer vectors: generated from fixed keys and times, checked in, and checked here.
//!
//! The vectors in `tests/vectors/pop-1.0/` must (1) be exactly what this implementation produces
//! (so an accidental change to the signed bytes fails loudly) and (2) pass or fail as named when
//! verified by the real binary. `PROOFCTL_REGENERATE=1 cargo test --test vectors` rewrites them.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{SigningKey, VerifyingKey};
use proofctl::keys::{kid, kid_from_bytes, public_key_pem, public_key_pem_from_bytes};
use proofctl::proof::{Proof, ProofBody, hash_reader};
use serde_json::{Value, json};

const DIR: &str = "tests/vectors/pop-1.0";

/// RFC 8032 §7.1 TEST 1 and TEST 2 secret keys: public, so anyone can reproduce every vector.
fn key(n: u8) -> SigningKey {
    let hex = match n {
        1 => "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        _ => "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    };
    SigningKey::from_bytes(&hex::decode(hex).unwrap().try_into().unwrap())
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Vector {
    description: String,
    expect: &'static str,
    reason: Option<&'static str>,
    file: Vec<u8>,
    /// The proof file's bytes: written as the text `proof` when they are UTF-8, else as
    /// `proof_base64` (docs/pop-1.0.md section 10).
    proof: Vec<u8>,
    trusted: Vec<VerifyingKey>,
}

fn make_proof(file: &[u8], name: &str, key: &SigningKey, meta: &[(&str, &str)]) -> Proof {
    let digest = hash_reader(file, None).unwrap();
    let created = UNIX_EPOCH + Duration::from_secs(1_767_225_600); // 2026-01-01T00:00:00Z
    let meta: BTreeMap<_, _> = meta.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    ProofBody::new(name, &digest, &key.verifying_key(), created, meta).unwrap().sign(key)
}

fn vectors() -> BTreeMap<String, Vector> {
    let k1 = key(1);
    let k2 = key(2);
    let hello = b"Hello, POP-1.0!\n".to_vec();
    let base = make_proof(&hello, "hello.txt", &k1, &[("purpose", "test vector")]);
    let base_json = base.to_json_pretty();
    let base_value: Value = serde_json::from_str(&base_json).unwrap();

    let mut out = BTreeMap::new();
    let mut add = |name: &str,
                   description: &str,
                   expect,
                   reason,
                   file: &[u8],
                   proof: String,
                   trusted: Vec<VerifyingKey>| {
        out.insert(
            name.to_string(),
            Vector {
                description: description.into(),
                expect,
                reason,
                file: file.to_vec(),
                proof: proof.into_bytes(),
                trusted,
            },
        );
    };
    let t1 = || vec![k1.verifying_key()];
    // A change to one member of the base proof, re-serialised.
    let tweak = |f: &dyn Fn(&mut Value)| {
        let mut v = base_value.clone();
        f(&mut v);
        serde_json::to_string_pretty(&v).unwrap() + "\n"
    };

    add(
        "valid_basic",
        "A proof of a small text file with one metadata entry.",
        "valid",
        None,
        &hello,
        base_json.clone(),
        t1(),
    );
    let empty = make_proof(b"", "empty.bin", &k1, &[]);
    add(
        "valid_empty_file",
        "A proof of an empty file, with empty metadata.",
        "valid",
        None,
        b"",
        empty.to_json_pretty(),
        t1(),
    );
    let tricky = make_proof(
        &hello,
        "résumé 📄 \"final\".txt",
        &k1,
        &[
            ("Zeta", "last by code point"),
            ("alpha", "tab\there, newline\nhere, \u{1} and \u{7f}, quote \" and \\ backslash"),
            ("emoji", "😀 non-BMP"),
            ("a.b_c-d", "é"),
        ],
    );
    add(
        "valid_unicode_and_escapes",
        "Non-ASCII name and metadata, control characters and quotes: exercises JCS string escaping and key order.",
        "valid",
        None,
        &hello,
        tricky.to_json_pretty(),
        t1(),
    );
    let mut reordered: Vec<(String, Value)> =
        base_value.as_object().unwrap().clone().into_iter().collect();
    reordered.reverse();
    let minified = format!(
        "{{{}}}",
        reordered.iter().map(|(k, v)| format!("{}:{}", json!(k), v)).collect::<Vec<_>>().join(",")
    );
    add(
        "valid_reformatted",
        "The basic proof minified with members in reverse order: verifiers re-canonicalise.",
        "valid",
        None,
        &hello,
        minified,
        t1(),
    );

    let mut changed = hello.clone();
    changed[0] ^= 0x01;
    add(
        "fail_file_modified",
        "The file has one bit changed since signing.",
        "invalid",
        Some("hash_mismatch"),
        &changed,
        base_json.clone(),
        t1(),
    );
    add(
        "fail_file_truncated",
        "The file lost its last byte since signing.",
        "invalid",
        Some("size_mismatch"),
        &hello[..hello.len() - 1],
        base_json.clone(),
        t1(),
    );

    add(
        "fail_unknown_version",
        "format is POP-2.0: a POP-1.0 verifier must refuse it as unsupported.",
        "error",
        Some("unsupported_format"),
        &hello,
        tweak(&|v| v["format"] = "POP-2.0".into()),
        t1(),
    );
    add(
        "fail_field_subject_name",
        "subject.name changed after signing.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["subject"]["name"] = "hello.txt.exe".into()),
        t1(),
    );
    add(
        "fail_field_subject_size",
        "subject.size changed after signing (signature is checked before the file).",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["subject"]["size"] = 17.into()),
        t1(),
    );
    add(
        "fail_field_subject_sha256",
        "subject.sha256 changed after signing.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| {
            v["subject"]["sha256"] =
                hex::encode(hash_reader(&b"other"[..], None).unwrap().sha256).into()
        }),
        t1(),
    );
    add(
        "fail_field_signer_algorithm",
        "signer.algorithm is not Ed25519.",
        "error",
        Some("unsupported_algorithm"),
        &hello,
        tweak(&|v| v["signer"]["algorithm"] = "Ed448".into()),
        t1(),
    );
    add(
        "fail_wrong_kid",
        "signer.kid is another key's kid.",
        "invalid",
        Some("kid_mismatch"),
        &hello,
        tweak(&|v| v["signer"]["kid"] = kid(&k2.verifying_key()).into()),
        t1(),
    );
    add(
        "fail_field_signer_public_key",
        "signer.public_key replaced by another key; kid and PEM left alone.",
        "invalid",
        Some("kid_mismatch"),
        &hello,
        tweak(&|v| {
            v["signer"]["public_key"] = STANDARD.encode(k2.verifying_key().as_bytes()).into()
        }),
        t1(),
    );
    add(
        "fail_field_signer_public_key_pem",
        "signer.public_key_pem holds another key.",
        "invalid",
        Some("key_mismatch"),
        &hello,
        tweak(&|v| v["signer"]["public_key_pem"] = public_key_pem(&k2.verifying_key()).into()),
        t1(),
    );
    add(
        "fail_pem_not_canonical",
        "signer.public_key_pem is the right key but with CRLF line endings: the PEM must match byte for byte.",
        "invalid",
        Some("key_mismatch"),
        &hello,
        tweak(&|v| {
            v["signer"]["public_key_pem"] =
                public_key_pem(&k1.verifying_key()).replace('\n', "\r\n").into()
        }),
        t1(),
    );
    add(
        "fail_key_substitution",
        "The whole signer replaced consistently by a trusted second key; the signature is still the first key's.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| {
            let vk = k2.verifying_key();
            v["signer"]["kid"] = kid(&vk).into();
            v["signer"]["public_key"] = STANDARD.encode(vk.as_bytes()).into();
            v["signer"]["public_key_pem"] = public_key_pem(&vk).into();
        }),
        vec![k1.verifying_key(), k2.verifying_key()],
    );
    add(
        "fail_field_created",
        "created changed after signing.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["created"] = "2026-01-01T00:00:01Z".into()),
        t1(),
    );
    add(
        "fail_field_metadata_value",
        "A metadata value changed after signing.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["metadata"]["purpose"] = "test vectoR".into()),
        t1(),
    );
    add(
        "fail_field_metadata_added",
        "A metadata entry added after signing.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["metadata"]["approved"] = "yes".into()),
        t1(),
    );
    add(
        "fail_field_metadata_removed",
        "The metadata entry removed after signing.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["metadata"] = json!({})),
        t1(),
    );
    let flipped = {
        let mut sig = STANDARD.decode(&base.signature).unwrap();
        sig[10] ^= 0x04;
        STANDARD.encode(sig)
    };
    add(
        "fail_field_signature",
        "One bit of the signature flipped.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["signature"] = flipped.clone().into()),
        t1(),
    );

    // S + L: the same signature in a non-canonical encoding. Lax verifiers accept it (malleability).
    let non_canonical = {
        let mut sig = STANDARD.decode(&base.signature).unwrap();
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut carry = 0u16;
        for i in 0..32 {
            let s = sig[32 + i] as u16 + L[i] as u16 + carry;
            sig[32 + i] = s as u8;
            carry = s >> 8;
        }
        assert_eq!(carry, 0);
        STANDARD.encode(sig)
    };
    add(
        "fail_noncanonical_signature",
        "The signature's S replaced by S+L (same value mod L): strict verification refuses it.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["signature"] = non_canonical.clone().into()),
        t1(),
    );

    // The identity point as public key with R = identity, S = 0 "verifies" any message under
    // lax (cofactorless or cofactored) verification. Strict verification refuses weak keys.
    let weak = {
        let mut raw = [0u8; 32];
        raw[0] = 1;
        VerifyingKey::from_bytes(&raw).unwrap()
    };
    let weak_proof = tweak(&|v| {
        v["signer"]["kid"] = kid(&weak).into();
        v["signer"]["public_key"] = STANDARD.encode(weak.as_bytes()).into();
        v["signer"]["public_key_pem"] = public_key_pem(&weak).into();
        let mut sig = [0u8; 64];
        sig[0] = 1;
        v["signature"] = STANDARD.encode(sig).into();
    });
    add(
        "fail_weak_key",
        "A small-order public key with a signature that lax verifiers accept for any message.",
        "invalid",
        Some("bad_key"),
        &hello,
        weak_proof,
        t1(),
    );

    // Keys given as raw bytes with a matching kid and PEM, so the key rule itself is what fails.
    let raw_key = |raw: [u8; 32]| {
        move |v: &mut Value| {
            v["signer"]["kid"] = kid_from_bytes(&raw).into();
            v["signer"]["public_key"] = STANDARD.encode(raw).into();
            v["signer"]["public_key_pem"] = public_key_pem_from_bytes(&raw).into();
        }
    };
    let off_curve = (2u8..)
        .map(|y| {
            let mut raw = [0u8; 32];
            raw[0] = y;
            raw
        })
        .find(|raw| VerifyingKey::from_bytes(raw).is_err())
        .unwrap();
    add(
        "fail_key_not_on_curve",
        "signer.public_key is 32 bytes that decode to no curve point.",
        "invalid",
        Some("bad_key"),
        &hello,
        tweak(&raw_key(off_curve)),
        t1(),
    );
    let mut negative_zero = [0u8; 32];
    negative_zero[0] = 1;
    negative_zero[31] = 0x80;
    add(
        "fail_key_noncanonical_sign_bit",
        "signer.public_key encodes x = 0 with the sign bit set: not the canonical encoding.",
        "invalid",
        Some("bad_key"),
        &hello,
        tweak(&raw_key(negative_zero)),
        t1(),
    );
    // y = p + k for the smallest k whose point has large order: only the canonical-encoding rule
    // (y < p) can refuse it, so lax decoders that only check small order are caught.
    let unreduced = (2u8..)
        .map(|k| {
            let mut raw = [0xffu8; 32];
            raw[0] = 0xed + k; // p = 2^255 - 19 = ed ff .. ff 7f (little endian)
            raw[31] = 0x7f;
            raw
        })
        .find(|raw| {
            let mut canonical = [0u8; 32];
            canonical[0] = raw[0].wrapping_sub(0xed);
            VerifyingKey::from_bytes(&canonical).is_ok_and(|k| !k.is_weak())
        })
        .unwrap();
    add(
        "fail_key_y_not_reduced",
        "signer.public_key has y = p + k (>= p) for a point of large order: not the canonical encoding.",
        "invalid",
        Some("bad_key"),
        &hello,
        tweak(&raw_key(unreduced)),
        t1(),
    );
    add(
        "fail_duplicate_metadata_key",
        "A metadata key appears twice: readers keeping the first or the last value would disagree.",
        "error",
        Some("malformed"),
        &hello,
        base_json.replacen(
            "\"purpose\": \"test vector\"",
            "\"purpose\": \"test vector\",\n    \"purpose\": \"other\"",
            1,
        ),
        t1(),
    );
    let b = &base_value;
    let positional = json!([
        b["format"],
        b["subject"],
        b["signer"],
        b["created"],
        b["metadata"],
        b["signature"]
    ]);
    add(
        "fail_document_is_array",
        "The members given as a JSON array by position.",
        "error",
        Some("malformed"),
        &hello,
        positional.to_string(),
        t1(),
    );
    add(
        "fail_subject_is_array",
        "subject given as an array [name, size, sha256].",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| {
            v["subject"] =
                json!([b["subject"]["name"], b["subject"]["size"], b["subject"]["sha256"]])
        }),
        t1(),
    );
    add(
        "fail_form_feed_only",
        "A proof file holding one form feed: not JSON whitespace, so malformed, not empty.",
        "error",
        Some("malformed"),
        &hello,
        "\u{c}".into(),
        t1(),
    );
    add(
        "fail_format_null",
        "format is null.",
        "error",
        Some("unsupported_format"),
        &hello,
        tweak(&|v| v["format"] = Value::Null),
        t1(),
    );
    add(
        "fail_leap_second",
        "created has second 60.",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| v["created"] = "2016-12-31T23:59:60Z".into()),
        t1(),
    );
    add(
        "fail_before_1970",
        "created is before 1970.",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| v["created"] = "1969-12-31T23:59:59Z".into()),
        t1(),
    );
    add(
        "fail_february_30",
        "created is a day that does not exist.",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| v["created"] = "2026-02-30T00:00:00Z".into()),
        t1(),
    );
    let many: Vec<(String, String)> =
        (0..64).map(|i| (format!("k{i:02}"), format!("v{i}"))).collect();
    let mut limits: Vec<(&str, &str)> =
        many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let long_key = "K".repeat(64);
    let long_value = "é".repeat(2048); // 4096 bytes of UTF-8
    limits[0] = (long_key.as_str(), long_value.as_str());
    let at_limits = make_proof(&hello, "hello.txt", &k1, &limits);
    add(
        "valid_metadata_limits",
        "64 metadata entries, a 64-character key and a 4096-byte value: exactly at the limits.",
        "valid",
        None,
        &hello,
        at_limits.to_json_pretty(),
        t1(),
    );
    add(
        "fail_metadata_too_many",
        "65 metadata entries (purpose and k00..k63).",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| {
            for i in 0..64 {
                v["metadata"][format!("k{i:02}")] = "v".into();
            }
        }),
        t1(),
    );
    add(
        "fail_metadata_value_too_long",
        "A metadata value of 4097 bytes.",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| v["metadata"]["purpose"] = "x".repeat(4097).into()),
        t1(),
    );

    // R = the neutral element and S = k*a mod L satisfy the cofactorless equation
    // [S]B = R + [k]A for a normal key: only the "R must not be of small order" rule refuses it.
    let small_r = {
        use curve25519_dalek::scalar::{Scalar, clamp_integer};
        use sha2::{Digest, Sha512};
        let body_text = tweak(&|_| {});
        let proof = Proof::from_slice(body_text.as_bytes()).unwrap();
        let msg = proof.signed_bytes();
        let mut r = [0u8; 32];
        r[0] = 1;
        let h = Sha512::digest(k1.to_bytes());
        let a = Scalar::from_bytes_mod_order(clamp_integer(h[..32].try_into().unwrap()));
        let mut hk = Sha512::new();
        hk.update(r);
        hk.update(k1.verifying_key().as_bytes());
        hk.update(&msg);
        let k = Scalar::from_bytes_mod_order_wide(&hk.finalize().into());
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r);
        sig[32..].copy_from_slice((k * a).as_bytes());
        STANDARD.encode(sig)
    };
    add(
        "fail_small_order_r",
        "R is the neutral element and S = k*a: the cofactorless equation holds, strict verification refuses small-order R.",
        "invalid",
        Some("bad_signature"),
        &hello,
        tweak(&|v| v["signature"] = small_r.clone().into()),
        t1(),
    );

    let untrusted = make_proof(&hello, "hello.txt", &k2, &[]);
    add(
        "fail_untrusted_signer",
        "A valid proof by a key the verifier does not trust.",
        "untrusted",
        Some("untrusted"),
        &hello,
        untrusted.to_json_pretty(),
        t1(),
    );

    add(
        "fail_unknown_member",
        "An extra top-level member.",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| v["comment"] = "unsigned".into()),
        t1(),
    );
    add(
        "fail_duplicate_member",
        "The created member appears twice.",
        "error",
        Some("malformed"),
        &hello,
        base_json.replacen(
            "\"created\":",
            "\"created\": \"2030-01-01T00:00:00Z\",\n  \"created\":",
            1,
        ),
        t1(),
    );
    add(
        "fail_truncated",
        "The proof file cut short.",
        "error",
        Some("malformed"),
        &hello,
        base_json[..base_json.len() / 2].to_string(),
        t1(),
    );
    add("fail_empty", "An empty proof file.", "error", Some("empty"), &hello, String::new(), t1());
    add(
        "fail_created_with_offset",
        "created uses +00:00 instead of Z.",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| v["created"] = "2026-01-01T00:00:00+00:00".into()),
        t1(),
    );
    add(
        "fail_size_not_integer",
        "subject.size written as 16.0.",
        "error",
        Some("malformed"),
        &hello,
        base_json.replace("\"size\": 16", "\"size\": 16.0"),
        t1(),
    );
    // Issue 18 point 1: the range of subject.size belongs to step 8 (a value of its JSON type), so
    // it is checked before the algorithm (step 9). Just inside the range the algorithm decides.
    let size_with_rsa = |size: &str| {
        tweak(&|v| {
            v["subject"]["size"] = 17.into();
            v["signer"]["algorithm"] = "RSA".into();
        })
        .replacen("\"size\": 17", &format!("\"size\": {size}"), 1)
    };
    add(
        "fail_size_max_with_bad_algorithm",
        "subject.size is 2^53-1 (in range, step 8 passes) and signer.algorithm is RSA: unsupported_algorithm at step 9.",
        "error",
        Some("unsupported_algorithm"),
        &hello,
        size_with_rsa("9007199254740991"),
        t1(),
    );
    add(
        "fail_size_2_53_with_bad_algorithm",
        "subject.size is 2^53, out of range, and signer.algorithm is RSA: malformed at step 8, before the algorithm (step 9).",
        "error",
        Some("malformed"),
        &hello,
        size_with_rsa("9007199254740992"),
        t1(),
    );
    add(
        "fail_size_2_64_with_bad_algorithm",
        "subject.size is 2^64 (beyond 64-bit integers) and signer.algorithm is RSA: malformed at step 8, before the algorithm (step 9).",
        "error",
        Some("malformed"),
        &hello,
        size_with_rsa("18446744073709551616"),
        t1(),
    );
    let bad_padding = {
        // The last base64 digit before '==' carries 2 data bits; setting a spare bit makes a
        // second spelling of the same bytes, which canonical decoding refuses.
        let mut s = base.signature.clone().into_bytes();
        let i = s.len() - 3;
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let pos = alphabet.iter().position(|&c| c == s[i]).unwrap();
        s[i] = alphabet[pos | 1];
        String::from_utf8(s).unwrap()
    };
    assert_ne!(bad_padding, base.signature);
    add(
        "fail_noncanonical_base64",
        "The signature's base64 has non-zero padding bits.",
        "error",
        Some("malformed"),
        &hello,
        tweak(&|v| v["signature"] = bad_padding.clone().into()),
        t1(),
    );
    // Issue 18 point 4: "exactly" is about the parsed value, not its spelling in the proof.
    let escaped = base_json
        .replacen("\"format\": \"POP-1.0\"", "\"format\": \"\\u0050OP-1.0\"", 1)
        .replacen("\"algorithm\": \"Ed25519\"", "\"algorithm\": \"\\u0045d25519\"", 1);
    assert_eq!(escaped.matches("\\u00").count(), 2);
    add(
        "valid_escaped_format_and_algorithm",
        "The basic proof with format written \"\\u0050OP-1.0\" and signer.algorithm \"\\u0045d25519\": after unescaping they are exactly \"POP-1.0\" and \"Ed25519\" (steps 6 and 9), and the signed bytes are unchanged.",
        "valid",
        None,
        &hello,
        escaped,
        t1(),
    );

    // Issue 18 point 6: for each MUST below, a vector that a verifier deviating from it in that
    // one way gets wrong (tests/errata.rs runs the Python verifier so mutated, rule by rule).

    // A verifier using the cofactored equation. A' = aB + T, T of order 8, is of mixed order, so
    // it passes step 11; S = r + k*a satisfies [8][S]B = [8]R + [8][k]A' but not [S]B = R + [k]A'
    // unless [k]T is the neutral element, which the loop avoids.
    let mixed_order = {
        use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT as B, EIGHT_TORSION};
        use curve25519_dalek::scalar::{Scalar, clamp_integer};
        use curve25519_dalek::traits::IsIdentity;
        use sha2::{Digest, Sha512};
        let h = Sha512::digest(k1.to_bytes());
        let a = Scalar::from_bytes_mod_order(clamp_integer(h[..32].try_into().unwrap()));
        let a_point = a * B + EIGHT_TORSION[1];
        let raw = a_point.compress().to_bytes();
        let with_key = tweak(&raw_key(raw));
        let msg = Proof::from_slice(with_key.as_bytes()).unwrap().signed_bytes();
        let sig = (0u8..)
            .find_map(|i| {
                let r = Scalar::from_bytes_mod_order_wide(&Sha512::digest([b'r', i]).into());
                let big_r = (r * B).compress();
                let mut hk = Sha512::new();
                hk.update(big_r.as_bytes());
                hk.update(raw);
                hk.update(&msg);
                let k = Scalar::from_bytes_mod_order_wide(&hk.finalize().into());
                let s = r + k * a;
                let diff = s * B - k * a_point - big_r.decompress().unwrap();
                // Cofactored holds (always, by construction); cofactorless must not.
                assert!(diff.mul_by_cofactor().is_identity());
                (!diff.is_identity()).then(|| {
                    let mut sig = [0u8; 64];
                    sig[..32].copy_from_slice(big_r.as_bytes());
                    sig[32..].copy_from_slice(s.as_bytes());
                    sig
                })
            })
            .unwrap();
        let vk = VerifyingKey::from_bytes(&raw).unwrap();
        assert!(!vk.is_weak());
        let text = tweak(&|v| {
            raw_key(raw)(v);
            v["signature"] = STANDARD.encode(sig).into();
        });
        (text, vk)
    };
    add(
        "fail_mixed_order_key_cofactored",
        "signer.public_key is a point of mixed order (aB + T, T of order 8), trusted, with a signature that satisfies the cofactored equation but not the cofactorless one of section 7.3: bad_signature at step 14.",
        "invalid",
        Some("bad_signature"),
        &hello,
        mixed_order.0,
        vec![k1.verifying_key(), mixed_order.1],
    );
    let nested = |arrays: usize| {
        format!("{{\"format\":\"POP-2.0\",\"x\":{}{}}}", "[".repeat(arrays), "]".repeat(arrays))
    };
    add(
        "fail_nesting_too_deep",
        "format POP-2.0 with 32 nested arrays, the innermost at depth 33: over the depth limit of section 4.1 item 6, malformed at step 4 (before the format check of step 6).",
        "error",
        Some("malformed"),
        &hello,
        nested(32),
        t1(),
    );
    add(
        "fail_nesting_at_limit",
        "format POP-2.0 with 31 nested arrays, the innermost at depth 32: within the depth limit, so step 4 passes and step 6 gives unsupported_format.",
        "error",
        Some("unsupported_format"),
        &hello,
        nested(31),
        t1(),
    );
    add(
        "fail_number_infinite",
        "format POP-2.0 with a member 1e999, which rounds to infinity as a double: malformed at step 4 (section 4.1 item 7), before the format check of step 6.",
        "error",
        Some("malformed"),
        &hello,
        "{\"format\":\"POP-2.0\",\"x\":1e999}".into(),
        t1(),
    );
    add(
        "fail_lone_surrogate",
        "format POP-2.0 with a string holding the escaped unpaired surrogate \\ud800: malformed at step 4 (section 4.1 item 3), before the format check of step 6.",
        "error",
        Some("malformed"),
        &hello,
        "{\"format\":\"POP-2.0\",\"x\":\"\\ud800\"}".into(),
        t1(),
    );
    add(
        "fail_byte_order_mark",
        "The basic proof preceded by a UTF-8 byte order mark (EF BB BF): malformed at step 4 (section 4.1).",
        "error",
        Some("malformed"),
        &hello,
        format!("\u{feff}{base_json}"),
        t1(),
    );
    let euro_signed = {
        let mut body = base.body();
        body.metadata.insert("purpose".into(), "\u{20ac}".repeat(1366));
        body.sign(&k1).to_json_pretty()
    };
    add(
        "fail_metadata_value_4098_bytes",
        "A metadata value of 1366 characters \u{20ac} (4098 bytes of UTF-8, 1366 characters), correctly signed: over the 4096-byte limit of section 4.6, malformed at step 10.",
        "error",
        Some("malformed"),
        &hello,
        euro_signed,
        t1(),
    );
    let control = make_proof(
        &hello,
        "hello.txt",
        &k1,
        &[("purpose", "\u{b} \u{e} \u{1b}[0m \u{1f}: JCS writes \\u000b \\u000e \\u001b \\u001f")],
    );
    add(
        "valid_jcs_control_escapes",
        "A metadata value with U+000B, U+000E, U+001B and U+001F: JCS escapes them with lowercase hex digits (section 5.2).",
        "valid",
        None,
        &hello,
        control.to_json_pretty(),
        t1(),
    );
    let separators =
        make_proof(&hello, "hello.txt", &k1, &[("purpose", "line\u{2028}separator\u{2029}end")]);
    add(
        "valid_jcs_line_separators",
        "A metadata value with U+2028 and U+2029: JCS writes them as their UTF-8 bytes, not escaped (section 5.2).",
        "valid",
        None,
        &hello,
        separators.to_json_pretty(),
        t1(),
    );
    add(
        "fail_bad_algorithm_and_created",
        "signer.algorithm is RSA and created has month 13: step 9 comes before step 10, so unsupported_algorithm.",
        "error",
        Some("unsupported_algorithm"),
        &hello,
        tweak(&|v| {
            v["signer"]["algorithm"] = "RSA".into();
            v["created"] = "2026-13-01T00:00:00Z".into();
        }),
        t1(),
    );

    // Issue 18 point 5: step 4's "a byte sequence that is not UTF-8", which only the base64 form
    // of a vector can hold. 0xE9 is "é" in Latin-1, a lone continuation-less lead byte in UTF-8.
    let latin1 = base_json.replacen("test vector", "test vector caf\u{e9}", 1).into_bytes();
    let at = latin1.iter().position(|&b| b == 0xc3).unwrap();
    let mut latin1 = latin1;
    latin1.splice(at..at + 2, [0xe9]);
    assert!(std::str::from_utf8(&latin1).is_err());
    out.insert(
        "fail_proof_not_utf8".into(),
        Vector {
            description: "The basic proof with a metadata value written in Latin-1 (the byte E9 for \u{e9}): not UTF-8, so malformed at step 4.".into(),
            expect: "error",
            reason: Some("malformed"),
            file: hello.clone(),
            proof: latin1,
            trusted: t1(),
        },
    );
    out
}

/// The proof bytes of a checked-in vector: `proof` as UTF-8, or `proof_base64` decoded.
fn proof_bytes(v: &Value) -> Vec<u8> {
    match (v.get("proof"), v.get("proof_base64")) {
        (Some(Value::String(text)), None) => text.clone().into_bytes(),
        (None, Some(Value::String(b64))) => STANDARD.decode(b64).unwrap(),
        _ => panic!("a vector has exactly one of proof and proof_base64"),
    }
}

fn render(v: &Vector) -> String {
    let mut doc = json!({
        "description": v.description,
        "expect": v.expect,
        "reason": v.reason,
        "file": STANDARD.encode(&v.file),
        "trusted_keys": v.trusted.iter().map(public_key_pem).collect::<Vec<_>>(),
    });
    match std::str::from_utf8(&v.proof) {
        Ok(text) => doc["proof"] = text.into(),
        Err(_) => doc["proof_base64"] = STANDARD.encode(&v.proof).into(),
    }
    if v.expect == "valid" {
        let p = Proof::from_slice(&v.proof).unwrap();
        doc["signed_bytes"] = hex::encode(p.signed_bytes()).into();
    }
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

/// Extra checked-in artefacts signed by test key 1: the public key for `keys/` and a signed
/// example that `keys/README.md` verifies with `--trust-dir keys`.
fn extras() -> Vec<(PathBuf, Vec<u8>)> {
    let text = b"This file was signed with the POP-1.0 test-vector key (RFC 8032 TEST 1).\n";
    let proof = make_proof(text, "hello.txt", &key(1), &[("purpose", "trust-dir example")]);
    vec![
        (
            PathBuf::from("keys/pop-test-vectors.pub"),
            public_key_pem(&key(1).verifying_key()).into_bytes(),
        ),
        (PathBuf::from("examples/signed/hello.txt"), text.to_vec()),
        (PathBuf::from("examples/signed/hello.txt.proof"), proof.to_json_pretty().into_bytes()),
    ]
}

fn expected_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = vectors()
        .iter()
        .map(|(name, v)| (PathBuf::from(DIR).join(format!("{name}.json")), render(v).into_bytes()))
        .collect();
    files.extend(extras());
    files
}

/// With PROOFCTL_REGENERATE set, rewrites the files once, before any test reads them.
fn regenerate_if_asked() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("PROOFCTL_REGENERATE").is_none() {
            return;
        }
        let dir = root().join(DIR);
        if dir.exists() {
            for e in fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "json") {
                    fs::remove_file(p).unwrap();
                }
            }
        }
        for (rel, bytes) in expected_files() {
            let p = root().join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
    });
}

#[test]
fn vectors_are_current() {
    regenerate_if_asked();
    let expected = expected_files();
    let mut stale = Vec::new();
    for (rel, bytes) in &expected {
        if fs::read(root().join(rel)).ok().as_ref() != Some(bytes) {
            stale.push(rel.display().to_string());
        }
    }
    let on_disk = fs::read_dir(root().join(DIR))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "json"));
    assert_eq!(on_disk.count(), vectors().len(), "stray vector files in {DIR}");
    assert!(
        stale.is_empty(),
        "these checked-in vectors differ from what proofctl produces: {stale:?}\n\
         If the POP-1.0 encoding changed on purpose (it should not: it is a published format), run\n\
         `PROOFCTL_REGENERATE=1 cargo test --test vectors` and review the diff."
    );
}

fn load(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// Every checked-in vector, verified by the real binary, gives its named status and reason.
#[test]
fn vectors_pass_or_fail_as_named_through_the_binary() {
    regenerate_if_asked();
    let mut paths: Vec<_> = fs::read_dir(root().join(DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "expected the full vector set, found {}", paths.len());
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let v = load(&path);
        let expect = v["expect"].as_str().unwrap();
        assert_eq!(
            name.starts_with("valid_"),
            expect == "valid",
            "{name}: name and expect disagree"
        );
        assert!(name.starts_with("valid_") || name.starts_with("fail_"), "{name}: bad prefix");

        let env = common::Env::new();
        env.write("subject.bin", STANDARD.decode(v["file"].as_str().unwrap()).unwrap());
        env.write("subject.bin.proof", proof_bytes(&v));
        let trust = env.path("trust");
        fs::create_dir_all(&trust).unwrap();
        for (i, pem) in v["trusted_keys"].as_array().unwrap().iter().enumerate() {
            fs::write(trust.join(format!("k{i}.pub")), pem.as_str().unwrap()).unwrap();
        }
        let out = env
            .cmd()
            .args(["verify", "--json", "--trust-dir"])
            .arg(&trust)
            .arg("subject.bin.proof")
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{name}: --json output is not JSON ({e}): {}", common::all_output(&out))
        });
        let r = &report["results"][0];
        assert_eq!(r["status"], expect, "{name}: {}", r["message"]);
        assert_eq!(r["reason"], v["reason"], "{name}: {}", r["message"]);
        let code = match expect {
            "valid" => 0,
            "error" => 2,
            _ => 1,
        };
        assert_eq!(out.status.code(), Some(code), "{name}: exit code");
        if expect == "valid" {
            let p = Proof::from_slice(&proof_bytes(&v)).unwrap();
            assert_eq!(
                hex::encode(p.signed_bytes()),
                v["signed_bytes"].as_str().unwrap(),
                "{name}: signed bytes"
            );
        }
    }
}

/// The weak-key and small-order-R vectors really are ones that lax (non-strict) verification
/// accepts: otherwise they would prove nothing about strictness.
#[test]
fn strictness_vectors_fool_lax_verification() {
    regenerate_if_asked();
    use ed25519_dalek::Verifier;
    for name in ["fail_weak_key", "fail_small_order_r"] {
        let v = load(&root().join(DIR).join(format!("{name}.json")));
        let proof = Proof::from_slice(&proof_bytes(&v)).unwrap();
        let raw: [u8; 32] = STANDARD.decode(&proof.signer.public_key).unwrap().try_into().unwrap();
        let sig: [u8; 64] = STANDARD.decode(&proof.signature).unwrap().try_into().unwrap();
        let key = VerifyingKey::from_bytes(&raw).unwrap();
        let sig = ed25519_dalek::Signature::from_bytes(&sig);
        assert!(
            key.verify(&proof.signed_bytes(), &sig).is_ok(),
            "{name}: lax verify should accept"
        );
        assert!(key.verify_strict(&proof.signed_bytes(), &sig).is_err(), "{name}");
    }
}
