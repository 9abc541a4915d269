//! POP-1.1 known-answer vectors (docs/pop-1.1.md section 11): generated from fixed keys and times
//! plus the OpenSSL TSA fixtures in `tests/vectors/pop-1.1/tsa/`, checked in, and checked here.
//!
//! The proofs are built as text from POP-1.0 proofs (not through proofctl's own POP-1.1 writer),
//! and the expected genTimes come from OpenSSL (`tsa/tokens.txt`), so the expectations do not
//! come from the code under test. The tokens are made once by `tsa/make.sh` over the imprints
//! listed in `tsa/requests.txt`, which this file writes.
//! `PROOFCTL_REGENERATE=1 cargo test --test vectors_pop11` rewrites requests.txt and the vectors.
#![allow(clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{SigningKey, VerifyingKey};
use proofctl::keys::public_key_pem;
use proofctl::proof::{Proof, ProofBody, hash_reader};
use serde_json::{Value, json};
use sha2::{Digest, Sha256, Sha384};

const DIR: &str = "tests/vectors/pop-1.1";
const TSA: &str = "tests/vectors/pop-1.1/tsa";

/// 2026-01-01T00:00:00Z: before any genTime the fixtures can have.
const CREATED: u64 = 1_767_225_600;
/// 2099-01-01T00:00:00Z: long after every genTime (`before_created`).
const CREATED_LATE: u64 = 4_070_908_800;
/// 2026-06-01T00:00:00Z: the genTime make.sh writes into the "fixed" tokens, so proofs can be
/// signed exactly 300 and 301 seconds after it (the tolerance of docs/pop-1.1.md A13).
const FIXED_GEN_TIME: u64 = 1_780_272_000;

/// RFC 8032 §7.1 TEST 1 and TEST 2 secret keys, as in tests/vectors.rs.
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

const FILE: &[u8] = b"Hello, POP-1.1!\n";

fn proof(created: u64, purpose: &str) -> Proof {
    let digest = hash_reader(FILE, None).unwrap();
    let meta = BTreeMap::from([("purpose".to_string(), purpose.to_string())]);
    let k = key(1);
    ProofBody::new(
        "hello.txt",
        &digest,
        &k.verifying_key(),
        UNIX_EPOCH + Duration::from_secs(created),
        meta,
    )
    .unwrap()
    .sign(&k)
}

/// The proof every anchor vector is about, and two others whose signatures differ from it.
fn base() -> Proof {
    proof(CREATED, "test vector")
}
fn other() -> Proof {
    proof(CREATED, "another proof")
}
fn late() -> Proof {
    proof(CREATED_LATE, "test vector")
}
fn after_fixed(secs: u64) -> Proof {
    proof(FIXED_GEN_TIME + secs, "test vector")
}

fn signature_bytes(p: &Proof) -> Vec<u8> {
    STANDARD.decode(&p.signature).unwrap()
}

/// SHA-256 of the decoded signature: what every anchor commits to (docs/pop-1.1.md 5.2).
fn signature_digest(p: &Proof) -> String {
    hex::encode(Sha256::digest(signature_bytes(p)))
}

/// One token `tsa/make.sh` makes: which TSA, which ESSCertID version, the imprint's hash and value.
struct Request {
    name: &'static str,
    tsa: &'static str,
    ess: &'static str,
    alg: &'static str,
    imprint: String,
}

fn requests() -> Vec<Request> {
    let b = signature_digest(&base());
    let r = |name, tsa, ess, alg, imprint: &String| Request {
        name,
        tsa,
        ess,
        alg,
        imprint: imprint.clone(),
    };
    vec![
        r("rsa", "rsa", "sha1", "sha256", &b),
        r("p256", "p256", "sha256", "sha256", &b),
        r("p384", "p384", "sha256", "sha256", &b),
        r("other_signature", "rsa", "sha256", "sha256", &signature_digest(&other())),
        r("file_sha256", "rsa", "sha256", "sha256", &hex::encode(Sha256::digest(FILE))),
        r(
            "signature_text",
            "rsa",
            "sha256",
            "sha256",
            &hex::encode(Sha256::digest(base().signature)),
        ),
        r(
            "sha384",
            "rsa",
            "sha256",
            "sha384",
            &hex::encode(Sha384::digest(signature_bytes(&base()))),
        ),
        r("expired", "expired", "sha256", "sha256", &b),
        r("untrusted", "other", "sha256", "sha256", &b),
        r("noeku", "noeku", "sha256", "sha256", &b),
        r("nocert", "nocert", "sha256", "sha256", &b),
        r("late", "rsa", "sha256", "sha256", &signature_digest(&late())),
        r("fixed_300", "fixed", "sha256", "sha256", &signature_digest(&after_fixed(300))),
        r("fixed_301", "fixed", "sha256", "sha256", &signature_digest(&after_fixed(301))),
    ]
}

fn render_requests() -> String {
    requests()
        .iter()
        .map(|r| format!("{} {} {} {} {}\n", r.name, r.tsa, r.ess, r.alg, r.imprint))
        .collect()
}

/// A token made by make.sh: its DER and its genTime as OpenSSL read it.
struct Token {
    der: Vec<u8>,
    gen_time: String,
}

fn tokens() -> BTreeMap<String, Token> {
    let list = fs::read_to_string(root().join(TSA).join("tokens.txt"))
        .expect("tests/vectors/pop-1.1/tsa/tokens.txt: run tests/vectors/pop-1.1/tsa/make.sh");
    let mut out = BTreeMap::new();
    for line in list.lines() {
        let [name, gen_time, imprint] = line.split(' ').collect::<Vec<_>>()[..] else {
            panic!("tokens.txt: bad line {line:?}")
        };
        let req = requests().into_iter().find(|r| r.name == name);
        assert_eq!(
            req.map(|r| r.imprint).as_deref(),
            Some(imprint),
            "token {name} is stale (its request changed): run tests/vectors/pop-1.1/tsa/make.sh"
        );
        let der = fs::read(root().join(TSA).join(format!("tokens/{name}.der"))).unwrap();
        out.insert(name.to_string(), Token { der, gen_time: gen_time.to_string() });
    }
    for r in requests() {
        assert!(
            out.contains_key(r.name),
            "no token {}: run tests/vectors/pop-1.1/tsa/make.sh",
            r.name
        );
    }
    out
}

fn pem(name: &str) -> String {
    fs::read_to_string(root().join(TSA).join(name)).unwrap()
}

/// The text of `p` as POP-1.1 with these anchors (members as proofctl writes them, anchors last),
/// built from its POP-1.0 text so the vectors do not depend on proofctl's own POP-1.1 writer.
fn pop11(p: &Proof, format: &str, anchors: Option<&Value>) -> String {
    let text = p.to_json_pretty();
    let text = edit(text, "\"format\": \"POP-1.0\"", &format!("\"format\": {}", json!(format)));
    let Some(anchors) = anchors else { return text };
    let body = text.strip_suffix("\n}\n").expect("pretty proof ends with }");
    let list = serde_json::to_string_pretty(anchors).unwrap().replace('\n', "\n  ");
    format!("{body},\n  \"anchors\": {list}\n}}\n")
}

/// `text` with the first `from` replaced by `to`; `from` must be there (a vector that silently
/// lost its defect would test nothing).
fn edit(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in {text}");
    text.replacen(from, to, 1)
}

fn rfc3161(der: &[u8]) -> Value {
    json!({"type": "rfc3161", "token": STANDARD.encode(der)})
}

struct Vector {
    description: String,
    expect: &'static str,
    reason: Option<&'static str>,
    file: Vec<u8>,
    proof: String,
    trusted: Vec<VerifyingKey>,
    require: bool,
    /// Expected per-anchor (status, reason); None when the proof stops by step 10.
    anchors: Option<Vec<(&'static str, Option<&'static str>)>>,
    proven: Option<String>,
}

const VALID: (&str, Option<&str>) = ("valid", None);
const UNKNOWN: (&str, Option<&str>) = ("unknown", None);

fn vectors() -> BTreeMap<String, Vector> {
    let t = tokens();
    let tok = |n: &str| rfc3161(&t[n].der);
    let time = |n: &str| Some(t[n].gen_time.clone());
    let p = base();
    let k1 = vec![key(1).verifying_key()];
    let v = |description: &str,
             expect: &'static str,
             reason: Option<&'static str>,
             proof: String,
             require: bool,
             anchors: Option<Vec<(&'static str, Option<&'static str>)>>,
             proven: Option<String>| Vector {
        description: description.to_string(),
        expect,
        reason,
        file: FILE.to_vec(),
        proof,
        trusted: k1.clone(),
        require,
        anchors,
        proven,
    };
    let mut out = BTreeMap::new();
    let mut add = |name: &str, vector: Vector| {
        assert!(out.insert(name.to_string(), vector).is_none(), "{name} twice");
    };

    // Valid: one token from each kind of TSA key, under require-timestamp.
    for (name, tsa) in [
        ("valid_rsa", "an RSA TSA key, ESSCertID (SHA-1)"),
        ("valid_p256", "a P-256 TSA key, ESSCertIDv2 (SHA-256)"),
        ("valid_p384", "a P-384 TSA key, ESSCertIDv2 (SHA-256)"),
    ] {
        let token = &name[6..];
        add(
            name,
            v(
                &format!("one rfc3161 anchor by OpenSSL's TSA with {tsa}; timestamp required"),
                "valid",
                None,
                pop11(&p, "POP-1.1", Some(&json!([tok(token)]))),
                true,
                Some(vec![VALID]),
                time(token),
            ),
        );
    }
    let earliest = t["rsa"].gen_time.clone().min(t["p256"].gen_time.clone());
    add(
        "valid_two_tokens",
        v(
            "two rfc3161 anchors (P-256 first, then RSA, made earlier): proven is the earliest genTime, not the first anchor's",
            "valid",
            None,
            pop11(&p, "POP-1.1", Some(&json!([tok("p256"), tok("rsa")]))),
            true,
            Some(vec![VALID, VALID]),
            Some(earliest),
        ),
    );
    add(
        "valid_unknown_anchor_type",
        v(
            "an anchor of a type this version does not know (reserved \"opentimestamps\") is reported unknown and ignored; the rfc3161 anchor after it is valid",
            "valid",
            None,
            pop11(
                &p,
                "POP-1.1",
                Some(
                    &json!([{"type": "opentimestamps", "ots": "AE9wZW5UaW1lc3RhbXBz", "n": [1, {"x": null}]}, tok("rsa")]),
                ),
            ),
            true,
            Some(vec![UNKNOWN, VALID]),
            time("rsa"),
        ),
    );
    let mut eight = vec![tok("rsa"), tok("p256"), tok("p384")];
    eight.extend((0..5).map(|i| json!({"type": format!("x-later-{i}")})));
    add(
        "valid_eight_anchors",
        v(
            "8 anchors, the most allowed: three valid rfc3161 anchors and five of unknown types",
            "valid",
            None,
            pop11(&p, "POP-1.1", Some(&Value::Array(eight))),
            true,
            Some(vec![VALID, VALID, VALID, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN]),
            [&t["rsa"], &t["p256"], &t["p384"]].iter().map(|x| x.gen_time.clone()).min(),
        ),
    );
    add(
        "valid_gen_time_300s_before_created",
        v(
            "a token whose genTime (2026-06-01T00:00:00Z) is exactly 300 seconds before created: within the tolerance",
            "valid",
            None,
            pop11(&after_fixed(300), "POP-1.1", Some(&json!([tok("fixed_300")]))),
            true,
            Some(vec![VALID]),
            time("fixed_300"),
        ),
    );
    add(
        "valid_pop10",
        v(
            "a POP-1.0 proof verifies under POP-1.1 as under POP-1.0: no anchors, no proven time",
            "valid",
            None,
            p.to_json_pretty(),
            false,
            Some(vec![]),
            None,
        ),
    );
    add(
        "valid_pop10_form_of_valid_rsa",
        v(
            "the POP-1.0 form of valid_rsa (anchors removed, format POP-1.0): same signature, still valid",
            "valid",
            None,
            pop11(&p, "POP-1.0", None),
            false,
            Some(vec![]),
            None,
        ),
    );
    add(
        "valid_invalid_anchor_not_required",
        v(
            "an anchor over another signature is reported invalid but does not change a valid proof when no timestamp is required",
            "valid",
            None,
            pop11(&p, "POP-1.1", Some(&json!([tok("other_signature")]))),
            false,
            Some(vec![("invalid", Some("imprint_mismatch"))]),
            None,
        ),
    );
    add(
        "valid_untrusted_anchor_not_required",
        v(
            "an anchor by a TSA under an untrusted root is reported untrusted; the proof stays valid when no timestamp is required",
            "valid",
            None,
            pop11(&p, "POP-1.1", Some(&json!([tok("untrusted")]))),
            false,
            Some(vec![("untrusted", Some("untrusted_tsa"))]),
            None,
        ),
    );

    // One failing anchor each, under require-timestamp: the proof is invalid, timestamp_required,
    // and the anchor's own reason is pinned.
    let one = |description: &str,
               anchor: Value,
               status: &'static str,
               reason: &'static str,
               proof: &Proof| {
        v(
            &format!("{description}; timestamp required"),
            "invalid",
            Some("timestamp_required"),
            pop11(proof, "POP-1.1", Some(&json!([anchor]))),
            true,
            Some(vec![(status, (status != "unknown").then_some(reason))]),
            None,
        )
    };
    add(
        "fail_token_over_other_signature",
        one(
            "a valid token over another proof's signature (same file, same key)",
            tok("other_signature"),
            "invalid",
            "imprint_mismatch",
            &p,
        ),
    );
    add(
        "fail_token_over_file_sha256",
        one(
            "a valid token over the file's SHA-256 instead of the signature digest",
            tok("file_sha256"),
            "invalid",
            "imprint_mismatch",
            &p,
        ),
    );
    add(
        "fail_token_over_signature_text",
        one(
            "a valid token over SHA-256 of the signature's base64 text, not of its 64 decoded bytes",
            tok("signature_text"),
            "invalid",
            "imprint_mismatch",
            &p,
        ),
    );
    add(
        "fail_token_imprint_sha384",
        one(
            "a valid token whose message imprint is SHA-384 of the signature bytes",
            tok("sha384"),
            "invalid",
            "imprint_algorithm",
            &p,
        ),
    );
    // The TSTInfo's policy OID 1.2.3.4.1 (06 04 2a 03 04 01) becomes 1.2.3.4.2: still a DER token
    // over the same imprint, but no longer what the TSA signed.
    let mut altered = t["rsa"].der.clone();
    let at = altered
        .windows(6)
        .position(|w| w == [0x06, 0x04, 0x2a, 0x03, 0x04, 0x01])
        .expect("policy OID");
    altered[at + 5] = 0x02;
    add(
        "fail_tampered_token_tstinfo",
        one(
            "valid_rsa's token with the TSTInfo policy changed after signing (message-digest attribute no longer matches)",
            rfc3161(&altered),
            "invalid",
            "bad_token_signature",
            &p,
        ),
    );
    // The RSA signature is the token's last bytes (OpenSSL writes no unsigned attributes).
    let mut altered = t["rsa"].der.clone();
    *altered.last_mut().unwrap() ^= 1;
    add(
        "fail_tampered_token_signature",
        one(
            "valid_rsa's token with one bit of the TSA's RSA signature flipped",
            rfc3161(&altered),
            "invalid",
            "bad_token_signature",
            &p,
        ),
    );
    add(
        "fail_untrusted_tsa",
        one(
            "a valid token by a TSA whose chain ends at a root that is not a trusted TSA root",
            tok("untrusted"),
            "untrusted",
            "untrusted_tsa",
            &p,
        ),
    );
    add(
        "fail_tsa_cert_expired_at_gen_time",
        one(
            "a token by a TSA whose certificate had expired at genTime",
            tok("expired"),
            "invalid",
            "cert_not_valid_at_gen_time",
            &p,
        ),
    );
    add(
        "fail_tsa_cert_without_eku",
        one(
            "a token signed (openssl cms -sign -cades) with a TSA certificate that has no extendedKeyUsage",
            tok("noeku"),
            "invalid",
            "missing_eku",
            &p,
        ),
    );
    add(
        "fail_token_without_tsa_certificate",
        one(
            "a token requested without certReq: it does not carry the TSA certificate",
            tok("nocert"),
            "invalid",
            "signer_cert_missing",
            &p,
        ),
    );
    add(
        "fail_before_created",
        one(
            "a valid token whose genTime is decades before the proof's created (2099-01-01T00:00:00Z)",
            tok("late"),
            "invalid",
            "before_created",
            &late(),
        ),
    );
    add(
        "fail_gen_time_301s_before_created",
        one(
            "a token whose genTime (2026-06-01T00:00:00Z) is 301 seconds before created: one second past the tolerance",
            tok("fixed_301"),
            "invalid",
            "before_created",
            &after_fixed(301),
        ),
    );
    let mut extra = tok("rsa");
    extra["tsa"] = json!("POP-1.1 Vector TSA rsa");
    add(
        "fail_rfc3161_extra_member",
        one(
            "valid_rsa's anchor with a third member (\"tsa\"): the anchor is malformed, the proof is not",
            extra,
            "invalid",
            "token_malformed",
            &p,
        ),
    );
    add(
        "fail_rfc3161_without_token",
        one(
            "an rfc3161 anchor without its token",
            json!({"type": "rfc3161"}),
            "invalid",
            "token_malformed",
            &p,
        ),
    );
    let b64 = STANDARD.encode(&t["rsa"].der);
    let unpadded =
        if b64.ends_with('=') { b64.trim_end_matches('=').to_string() } else { format!("{b64}=") };
    add(
        "fail_token_not_canonical_base64",
        one(
            "valid_rsa's token with its base64 padding removed (or one added): not canonical base64",
            json!({"type": "rfc3161", "token": unpadded}),
            "invalid",
            "token_malformed",
            &p,
        ),
    );
    add(
        "fail_token_truncated",
        one(
            "the first half of valid_rsa's token: not DER",
            rfc3161(&t["rsa"].der[..t["rsa"].der.len() / 2]),
            "invalid",
            "token_malformed",
            &p,
        ),
    );
    add(
        "fail_unknown_anchor_only",
        one(
            "only an anchor of an unknown type: it never counts as a timestamp",
            json!({"type": "tlog", "checkpoint": "x"}),
            "unknown",
            "",
            &p,
        ),
    );
    add(
        "fail_pop10_timestamp_required",
        v(
            "a POP-1.0 proof has no anchor, so it fails when a timestamp is required",
            "invalid",
            Some("timestamp_required"),
            p.to_json_pretty(),
            true,
            Some(vec![]),
            None,
        ),
    );
    add(
        "fail_untrusted_signer_with_valid_anchor",
        Vector {
            trusted: vec![key(2).verifying_key()],
            ..v(
                "a valid anchor does not make an untrusted signer trusted (timestamp required, and there is one)",
                "untrusted",
                Some("untrusted"),
                pop11(&p, "POP-1.1", Some(&json!([tok("rsa")]))),
                true,
                Some(vec![VALID]),
                time("rsa"),
            )
        },
    );
    add(
        "fail_file_modified_with_valid_anchor",
        Vector {
            file: b"Hello, POP-1.1?\n".to_vec(),
            ..v(
                "the file changed: hash_mismatch as in POP-1.0; the anchor is still checked and reported (it dates the signature, not this file)",
                "invalid",
                Some("hash_mismatch"),
                pop11(&p, "POP-1.1", Some(&json!([tok("rsa")]))),
                false,
                Some(vec![VALID]),
                time("rsa"),
            )
        },
    );

    // Proof-level: malformed at step 8 or 10 (or refused at step 6 or 9); no anchor is checked.
    let bad = |description: &str, proof: String, reason: &'static str| {
        v(description, "error", Some(reason), proof, false, None, None)
    };
    add(
        "fail_anchors_empty",
        bad(
            "POP-1.1 with an empty anchors array (a proof without anchors is written as POP-1.0)",
            pop11(&p, "POP-1.1", Some(&json!([]))),
            "malformed",
        ),
    );
    add(
        "fail_anchors_in_pop10",
        bad(
            "a POP-1.0 document with an anchors member",
            pop11(&p, "POP-1.0", Some(&json!([tok("rsa")]))),
            "malformed",
        ),
    );
    add(
        "fail_anchors_missing",
        bad("a POP-1.1 document without anchors", pop11(&p, "POP-1.1", None), "malformed"),
    );
    let nine: Vec<Value> = (0..9).map(|i| json!({"type": format!("x-later-{i}")})).collect();
    add(
        "fail_anchors_nine",
        bad(
            "9 anchors, one more than allowed",
            pop11(&p, "POP-1.1", Some(&Value::Array(nine))),
            "malformed",
        ),
    );
    add(
        "fail_anchors_not_array",
        bad(
            "anchors is an object, not an array",
            pop11(&p, "POP-1.1", Some(&tok("rsa"))),
            "malformed",
        ),
    );
    add(
        "fail_anchor_not_object",
        bad(
            "an anchor entry that is a string, not an object",
            pop11(&p, "POP-1.1", Some(&json!([STANDARD.encode(&t["rsa"].der)]))),
            "malformed",
        ),
    );
    add(
        "fail_anchor_without_type",
        bad(
            "an anchor entry without a type member",
            pop11(&p, "POP-1.1", Some(&json!([{"token": STANDARD.encode(&t["rsa"].der)}]))),
            "malformed",
        ),
    );
    add(
        "fail_anchor_type_not_string",
        bad(
            "an anchor entry whose type is a number",
            pop11(
                &p,
                "POP-1.1",
                Some(&json!([{"type": 3161, "token": STANDARD.encode(&t["rsa"].der)}])),
            ),
            "malformed",
        ),
    );
    let rsa_alg = edit(
        pop11(&p, "POP-1.1", Some(&json!([]))),
        "\"algorithm\": \"Ed25519\"",
        "\"algorithm\": \"RSA\"",
    );
    add(
        "fail_bad_algorithm_and_empty_anchors",
        bad(
            "empty anchors and signer.algorithm RSA: the anchors rules are checked at step 10, after the algorithm (step 9)",
            rsa_alg,
            "unsupported_algorithm",
        ),
    );
    let dup = edit(
        pop11(&p, "POP-1.1", Some(&json!([tok("rsa")]))),
        "\"token\": ",
        "\"type\": \"rfc3161\",\n      \"token\": ",
    );
    add(
        "fail_anchor_duplicate_member",
        bad(
            "an anchor entry with the member type twice (POP-1.0 section 4.1 applies inside anchors)",
            dup,
            "malformed",
        ),
    );
    add(
        "fail_format_pop12",
        bad(
            "format POP-1.2: neither POP-1.0 nor POP-1.1",
            pop11(&p, "POP-1.2", Some(&json!([tok("rsa")]))),
            "unsupported_format",
        ),
    );
    out
}

fn render(v: &Vector) -> String {
    let mut doc = json!({
        "description": v.description,
        "expect": v.expect,
        "reason": v.reason,
        "file": STANDARD.encode(&v.file),
        "proof": v.proof,
        "trusted_keys": v.trusted.iter().map(public_key_pem).collect::<Vec<_>>(),
        "tsa_roots": [pem("root.pem")],
        "require_timestamp": v.require,
        "anchors": v.anchors.as_ref().map(|a| a.iter().map(|(s, r)| json!({"status": s, "reason": r})).collect::<Vec<_>>()),
        "proven": v.proven,
    });
    if v.expect == "valid" {
        // The signed bytes of the POP-1.0 form (docs/pop-1.1.md 5.1), by the POP-1.0 code.
        let mut form: Value = serde_json::from_str(&v.proof).unwrap();
        let form = form.as_object_mut().unwrap();
        form.remove("anchors");
        form.insert("format".into(), "POP-1.0".into());
        let pop10 = Proof::from_slice(&serde_json::to_vec(&form).unwrap()).unwrap();
        doc["signed_bytes"] = hex::encode(pop10.signed_bytes()).into();
    }
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

fn expected_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![(PathBuf::from(TSA).join("requests.txt"), render_requests().into_bytes())];
    files.extend(vectors().iter().map(|(name, v)| {
        (PathBuf::from(DIR).join(format!("{name}.json")), render(v).into_bytes())
    }));
    files
}

/// With PROOFCTL_REGENERATE set, rewrites requests.txt, then (once tokens exist) the vectors.
fn regenerate_if_asked() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("PROOFCTL_REGENERATE").is_none() {
            return;
        }
        fs::create_dir_all(root().join(TSA)).unwrap();
        fs::write(root().join(TSA).join("requests.txt"), render_requests()).unwrap();
        for e in fs::read_dir(root().join(DIR)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                fs::remove_file(p).unwrap();
            }
        }
        for (rel, bytes) in expected_files() {
            fs::write(root().join(rel), bytes).unwrap();
        }
    });
}

fn vector_paths() -> Vec<PathBuf> {
    let mut paths: Vec<_> = fs::read_dir(root().join(DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn vectors_are_current() {
    regenerate_if_asked();
    let expected = expected_files();
    let stale: Vec<_> = expected
        .iter()
        .filter(|(rel, bytes)| fs::read(root().join(rel)).ok().as_ref() != Some(bytes))
        .map(|(rel, _)| rel.display().to_string())
        .collect();
    assert_eq!(vector_paths().len(), expected.len() - 1, "stray vector files in {DIR}");
    assert!(
        stale.is_empty(),
        "these checked-in files differ from what this generator produces: {stale:?}\n\
         Run `PROOFCTL_REGENERATE=1 cargo test --test vectors_pop11` (and, if requests.txt changed,\n\
         tests/vectors/pop-1.1/tsa/make.sh before it again) and review the diff."
    );
}

/// The vectors pin what they claim: names match expectations, every anchor reason is a code of
/// docs/pop-1.1.md 6.3, and each fail_* anchor vector has exactly one anchor under require.
#[test]
fn vectors_are_well_formed() {
    regenerate_if_asked();
    const REASONS: &[&str] = &[
        "token_malformed",
        "imprint_algorithm",
        "imprint_mismatch",
        "signer_cert_missing",
        "unsupported_algorithm",
        "bad_token_signature",
        "signing_certificate_mismatch",
        "missing_eku",
        "cert_not_valid_at_gen_time",
        "issuer_not_ca",
        "bad_cert_signature",
        "before_created",
        "untrusted_tsa",
    ];
    let paths = vector_paths();
    assert!(paths.len() >= 30, "expected the full vector set, found {}", paths.len());
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let v = load(&path);
        assert_eq!(name.starts_with("valid_"), v["expect"] == "valid", "{name}");
        for a in v["anchors"].as_array().into_iter().flatten() {
            match a["status"].as_str().unwrap() {
                "valid" | "unknown" => assert_eq!(a["reason"], Value::Null, "{name}"),
                "untrusted" => assert_eq!(a["reason"], "untrusted_tsa", "{name}"),
                "invalid" => assert!(REASONS.contains(&a["reason"].as_str().unwrap()), "{name}"),
                s => panic!("{name}: anchor status {s}"),
            }
        }
        if v["reason"] == "timestamp_required" {
            assert_eq!(v["require_timestamp"], true, "{name}");
            assert!(
                v["anchors"].as_array().unwrap().iter().all(|a| a["status"] != "valid"),
                "{name}"
            );
        }
    }
}

fn load(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// Every vector through the real binary: `proofctl verify --json --tsa-trust DIR
/// [--require-timestamp]` gives its status, reason, exit code, anchor results and proven time.
#[test]
fn vectors_pass_or_fail_as_named_through_the_binary() {
    regenerate_if_asked();
    for path in vector_paths() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let v = load(&path);
        let env = common::Env::new();
        env.write("subject.bin", STANDARD.decode(v["file"].as_str().unwrap()).unwrap());
        env.write("subject.bin.proof", v["proof"].as_str().unwrap());
        for (i, pem) in v["trusted_keys"].as_array().unwrap().iter().enumerate() {
            env.write(format!("trust/k{i}.pub"), pem.as_str().unwrap());
        }
        for (i, pem) in v["tsa_roots"].as_array().unwrap().iter().enumerate() {
            env.write(format!("tsa/r{i}.pem"), pem.as_str().unwrap());
        }
        let mut cmd = env.cmd();
        cmd.args(["verify", "--json", "--trust-dir", "trust", "--tsa-trust", "tsa"]);
        if v["require_timestamp"] == true {
            cmd.arg("--require-timestamp");
        }
        let out = cmd.arg("subject.bin.proof").output().unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{name}: --json output is not JSON ({e}): {}", common::all_output(&out))
        });
        let r = &report["results"][0];
        assert_eq!(r["status"], v["expect"], "{name}: {}", r["message"]);
        assert_eq!(r["reason"], v["reason"], "{name}: {}", r["message"]);
        let code = match v["expect"].as_str().unwrap() {
            "valid" => 0,
            "error" => 2,
            _ => 1,
        };
        assert_eq!(out.status.code(), Some(code), "{name}: exit code");
        match v["anchors"].as_array() {
            None => assert_eq!(r["time"], Value::Null, "{name}: time"),
            Some(expected) => {
                let got: Vec<Value> = r["time"]["anchors"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{name}: no time.anchors in {r}"))
                    .iter()
                    .map(|a| json!({"status": a["status"], "reason": a["reason"]}))
                    .collect();
                assert_eq!(&got, expected, "{name}: anchors {}", r["time"]);
                assert_eq!(r["time"]["proven"], v["proven"], "{name}: proven");
            }
        }
    }
}

/// schema/pop-1.1.schema.json (docs/pop-1.1.md section 12) accepts every vector that gets past
/// step 10 (POP-1.0 documents against schema/pop-1.0.schema.json) and catches every proof-level
/// anchors rule on its own, except a duplicate member, which JSON Schema cannot see.
#[test]
fn json_schema_accepts_every_parsed_vector_and_catches_the_anchors_rules() {
    regenerate_if_asked();
    let schema = |name: &str| -> Value {
        serde_json::from_str(&fs::read_to_string(root().join("schema").join(name)).unwrap())
            .unwrap()
    };
    let pop10 = jsonschema::validator_for(&schema("pop-1.0.schema.json")).unwrap();
    let pop11 = jsonschema::validator_for(&schema("pop-1.1.schema.json")).unwrap();
    for path in vector_paths() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let v = load(&path);
        let doc: Value = serde_json::from_str(v["proof"].as_str().unwrap()).unwrap();
        let validator = if doc["format"] == "POP-1.0" { &pop10 } else { &pop11 };
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        if v["expect"] != "error" {
            assert!(errors.is_empty(), "{name}: {errors:?}");
        } else if name != "fail_anchor_duplicate_member" {
            assert!(!errors.is_empty(), "{name} passed the schema");
        }
    }
}

/// tests/interop/check_schema.py agrees (both schemas over both vector sets). CI sets
/// PROOFCTL_REQUIRE_INTEROP=1 and installs its Python packages, so there it cannot skip.
#[test]
fn python_schema_check_passes() {
    let probe = std::process::Command::new("python3").args(["-c", "import jsonschema"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("PROOFCTL_REQUIRE_INTEROP").is_none(),
            "python3 with jsonschema is required: pip install -r tests/interop/requirements.txt"
        );
        eprintln!("skipping: python3 with jsonschema is not installed");
        return;
    }
    let out = std::process::Command::new("python3")
        .arg(root().join("tests/interop/check_schema.py"))
        .output()
        .unwrap();
    let text = common::all_output(&out);
    assert!(out.status.success(), "check_schema.py failed:\n{text}");
    assert!(text.contains("the POP-1.1 schema is the POP-1.0 schema plus anchors"), "{text}");
}
