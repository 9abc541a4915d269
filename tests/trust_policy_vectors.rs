//! Known-answer vectors for trust-entry restrictions (docs/trust-policy.md section 5):
//! `tests/vectors/trust-policy/*.json`. Each case is checked from the file alone (sidecar text,
//! signed proof, assumed proven time, expected verdict), and the files are checked to be exactly
//! what the table below makes, so they cannot drift from it. `PROOFCTL_REGENERATE=1` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use proofctl::policy::{Restrictions, judge};
use proofctl::proof::anchors::{AnchorReport, AnchorStatus, TimeReport};
use proofctl::proof::{Proof, ProofBody, hash_reader};
use serde_json::{Value, json};

const DATA: &[u8] = b"trust policy vector\n";
const WINDOW: &str = "valid_after = \"2020-01-01\"\nvalid_before = \"2021-01-01T00:00:00Z\"\n";
const META: &str = "[require_meta]\npurpose = \"release\"\n";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/trust-policy")
}

/// (name, description, sidecar, created, metadata, proven, status, reason, judged time)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

const CASES: &[Case] = &[
    (
        "no_restrictions",
        "an empty sidecar restricts nothing",
        "",
        "2019-06-01T00:00:00Z",
        &[],
        None,
        "valid",
        None,
        None,
    ),
    (
        "window_inside_claimed",
        "claimed time inside the window",
        WINDOW,
        "2020-06-01T00:00:00Z",
        &[],
        None,
        "valid",
        None,
        Some("2020-06-01T00:00:00Z (claimed time)"),
    ),
    (
        "window_at_valid_after",
        "valid_after is inclusive",
        WINDOW,
        "2020-01-01T00:00:00Z",
        &[],
        None,
        "valid",
        None,
        Some("2020-01-01T00:00:00Z (claimed time)"),
    ),
    (
        "window_before_claimed",
        "claimed time one second before the window",
        WINDOW,
        "2019-12-31T23:59:59Z",
        &[],
        None,
        "invalid",
        Some("outside_validity"),
        Some("2019-12-31T23:59:59Z (claimed time)"),
    ),
    (
        "window_at_valid_before",
        "valid_before is exclusive",
        WINDOW,
        "2021-01-01T00:00:00Z",
        &[],
        None,
        "invalid",
        Some("outside_validity"),
        Some("2021-01-01T00:00:00Z (claimed time)"),
    ),
    (
        "window_claimed_inside_proven_outside",
        "the proven time wins over the claim",
        WINDOW,
        "2020-06-01T00:00:00Z",
        &[],
        Some("2022-03-04T05:06:07Z"),
        "invalid",
        Some("outside_validity"),
        Some("2022-03-04T05:06:07Z (timestamped)"),
    ),
    (
        "window_claimed_outside_proven_inside",
        "a claim before the window, stamped inside it",
        WINDOW,
        "2019-12-31T23:58:00Z",
        &[],
        Some("2020-01-01T00:01:00Z"),
        "valid",
        None,
        Some("2020-01-01T00:01:00Z (timestamped)"),
    ),
    (
        "window_offset",
        "an offset is converted to UTC: 02:00+02:00 is 00:00Z",
        "valid_after = \"2020-01-01T02:00:00+02:00\"\n",
        "2020-01-01T00:00:00Z",
        &[],
        None,
        "valid",
        None,
        Some("2020-01-01T00:00:00Z (claimed time)"),
    ),
    (
        "window_only_before",
        "a window with one bound",
        "valid_before = \"2020-01-01\"\n",
        "2020-01-01T00:00:00Z",
        &[],
        None,
        "invalid",
        Some("outside_validity"),
        Some("2020-01-01T00:00:00Z (claimed time)"),
    ),
    (
        "meta_match",
        "the required metadata, among others",
        META,
        "2026-01-01T00:00:00Z",
        &[("commit", "abc"), ("purpose", "release")],
        None,
        "valid",
        None,
        None,
    ),
    (
        "meta_other_value",
        "another value",
        META,
        "2026-01-01T00:00:00Z",
        &[("purpose", "test")],
        None,
        "invalid",
        Some("metadata_not_allowed"),
        None,
    ),
    (
        "meta_case_differs",
        "values compare byte for byte",
        META,
        "2026-01-01T00:00:00Z",
        &[("purpose", "Release")],
        None,
        "invalid",
        Some("metadata_not_allowed"),
        None,
    ),
    (
        "meta_absent",
        "no such metadata",
        META,
        "2026-01-01T00:00:00Z",
        &[],
        None,
        "invalid",
        Some("metadata_not_allowed"),
        None,
    ),
    (
        "window_before_meta",
        "both fail: the window is checked first",
        "valid_before = \"2020-01-01\"\n[require_meta]\npurpose = \"release\"\n",
        "2026-01-01T00:00:00Z",
        &[],
        None,
        "invalid",
        Some("outside_validity"),
        Some("2026-01-01T00:00:00Z (claimed time)"),
    ),
];

/// (name, sidecar, a substring of the error)
const FAIL_CASES: &[(&str, &str, &str)] = &[
    ("fail_unknown_field", "valid_until = \"2021-01-01\"\n", "unknown field `valid_until`"),
    (
        "fail_empty_window",
        "valid_after = \"2021-01-01\"\nvalid_before = \"2021-01-01\"\n",
        "the window is empty",
    ),
    ("fail_not_a_time", "valid_after = \"yesterday\"\n", "is not a time"),
    ("fail_fraction", "valid_after = \"2020-01-01T00:00:00.5Z\"\n", "whole seconds"),
    ("fail_no_zone", "valid_after = \"2020-01-01T00:00:00\"\n", "is not a time"),
    ("fail_unquoted_time", "valid_after = 2020-01-01T00:00:00Z\n", "quote"),
    ("fail_meta_key", "[require_meta]\n\"bad key\" = \"x\"\n", "metadata key"),
    ("fail_meta_not_string", "[require_meta]\nn = 1\n", "invalid type"),
];

fn proof(created: &str, meta: &[(&str, &str)]) -> Proof {
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let meta: BTreeMap<String, String> =
        meta.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let created = humantime::parse_rfc3339(created).unwrap();
    ProofBody::new(
        "data.txt",
        &hash_reader(DATA, None).unwrap(),
        &key.verifying_key(),
        created,
        meta,
    )
    .unwrap()
    .sign(&key)
}

fn generate() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for (name, description, entry, created, meta, proven, status, reason, time) in CASES {
        let p: Value = serde_json::from_str(&proof(created, meta).to_json_pretty()).unwrap();
        let doc = json!({
            "description": description,
            "entry": entry,
            "data": String::from_utf8_lossy(DATA),
            "proof": p,
            "proven": proven,
            "expect": { "status": status, "reason": reason, "time": time },
        });
        files.insert(format!("{name}.json"), serde_json::to_string_pretty(&doc).unwrap() + "\n");
    }
    for (name, entry, error) in FAIL_CASES {
        let doc = json!({ "description": "a sidecar that must be refused", "entry": entry, "expect": { "error": error } });
        files.insert(format!("{name}.json"), serde_json::to_string_pretty(&doc).unwrap() + "\n");
    }
    files
}

/// The time a vector assumes proven, as `verify` would find it from a valid anchor.
fn time_report(proof: &Proof, proven: Option<&str>) -> TimeReport {
    let anchors: Vec<AnchorReport> = proven
        .map(|t| AnchorReport {
            kind: "rfc3161".into(),
            status: AnchorStatus::Valid,
            reason: None,
            gen_time: Some(t.into()),
            authority: Some("Vector TSA".into()),
            serial: Some("01".into()),
            message: String::new(),
            gen_time_at: Some(humantime::parse_rfc3339(t).unwrap()),
        })
        .into_iter()
        .collect();
    TimeReport {
        claimed: proof.created.clone(),
        proven: proven.map(str::to_string),
        authority: proven.map(|_| "Vector TSA".into()),
        anchors,
    }
}

fn check_case(name: &str, doc: &Value) {
    let entry = doc["entry"].as_str().unwrap();
    let expect = &doc["expect"];
    if name.starts_with("fail_") {
        let err = Restrictions::from_toml(entry).expect_err(name);
        let want = expect["error"].as_str().unwrap();
        assert!(err.contains(want), "{name}: {err:?} lacks {want:?}");
        return;
    }
    let r = Restrictions::from_toml(entry).unwrap_or_else(|e| panic!("{name}: {e}"));
    let p = Proof::from_slice(doc["proof"].to_string().as_bytes()).unwrap();
    p.check_signature().unwrap_or_else(|e| panic!("{name}: {e}"));
    p.check_subject(&hash_reader(doc["data"].as_str().unwrap().as_bytes(), None).unwrap()).unwrap();
    let time = time_report(&p, doc["proven"].as_str());
    let got = judge("alice", &r, &p, &time);
    let (status, reason, message) = match &got {
        Ok(note) => ("valid", None, note.clone()),
        Err(no) => ("invalid", Some(no.reason), no.message.clone()),
    };
    assert_eq!(status, expect["status"], "{name}: {got:?}");
    assert_eq!(reason, expect["reason"].as_str(), "{name}: {got:?}");
    match expect["time"].as_str() {
        Some(t) if status == "valid" => {
            let which = t.split_once(" (").unwrap().1.trim_end_matches(')');
            assert!(message.contains(&format!("({which})")), "{name}: {message}");
        }
        Some(t) => assert!(message.contains(&format!("made at {t}")), "{name}: {message}"),
        None => assert!(!message.contains("validity window"), "{name}: {message}"),
    }
}

#[test]
fn vectors_hold_and_match_their_table() {
    let want = generate();
    if std::env::var_os("PROOFCTL_REGENERATE").is_some() {
        std::fs::create_dir_all(dir()).unwrap();
        for (name, text) in &want {
            std::fs::write(dir().join(name), text).unwrap();
        }
    }
    let mut seen = Vec::new();
    for e in std::fs::read_dir(dir()).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let Some(stem) = name.strip_suffix(".json") else { continue };
        let text = std::fs::read_to_string(&path).unwrap();
        check_case(stem, &serde_json::from_str(&text).unwrap());
        assert_eq!(
            Some(&text),
            want.get(&name),
            "{name} differs from the table in tests/trust_policy_vectors.rs; run with PROOFCTL_REGENERATE=1"
        );
        seen.push(name);
    }
    seen.sort();
    assert_eq!(seen, want.keys().cloned().collect::<Vec<_>>(), "missing or extra vectors");
}
