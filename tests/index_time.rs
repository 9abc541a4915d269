//! Trusted time in the local index (issue 13): a proof's anchors are stored with its entry, its
//! proven time and authority are judged with the home's TSA roots when the entry is written, and
//! `search` shows them. Real tokens from OpenSSL's TSA (tests/common/pki.rs), the real binary.

mod common;

use std::path::Path;

use common::pki::{Alg, Pki, Tsa};
use common::{Env, all_output};
use proofctl::proof::Proof;
use serde_json::Value;

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(o)))
}

/// `search FILE --json`, checked against the strict schema: the signer of its first match.
fn searched_signer(env: &Env, file: &str) -> Value {
    let o = env.cmd().args(["search", file, "--json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let doc = json(&o);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/json/search.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{doc:#}");
    doc["matches"][0]["signer"].clone()
}

fn search_text(env: &Env, file: &str) -> String {
    let o = env.cmd().args(["search", file]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Adds a token from `tsa` to the proof file (what `proofctl timestamp` does); returns the
/// genTime the TSA wrote.
fn timestamp(proof_path: &Path, pki: &Pki, tsa: &Tsa) -> String {
    let mut proof = Proof::from_slice(&std::fs::read(proof_path).unwrap()).unwrap();
    let sig = proof.signature_bytes();
    let token = pki.stamp(tsa, &sig, "sha256");
    assert!(proof.add_rfc3161(&token).unwrap());
    std::fs::write(proof_path, proof.to_json_pretty()).unwrap();
    proofctl::timestamp::verify_token(&token, &sig, &pki.roots()).unwrap().gen_time_rfc3339
}

fn trust_tsa(env: &Env, pki: &Pki) {
    env.cmd()
        .args(["trust", "add-tsa", "--name", "test-tsa", "-q"])
        .arg(pki.root_pem())
        .assert()
        .success();
}

fn index_add(env: &Env, args: &[&str]) -> Value {
    let o = env.cmd().args(["index", "add", "--json"]).args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    json(&o)
}

fn signed(env: &Env, name: &str, text: &str) {
    env.cmd().args(["keygen", "--no-passphrase", "-q"]).assert().success();
    env.write(name, text);
    env.cmd().args(["sign", name, "-q"]).assert().success();
}

#[test]
fn a_timestamped_proof_is_indexed_with_its_proven_time_and_search_shows_it() {
    let env = Env::new();
    let mut pki = Pki::new("Index Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    signed(&env, "minutes.txt", "Minutes of the board meeting, with every decision taken.\n");
    let signer = searched_signer(&env, "minutes.txt");
    assert_eq!((&signer["proven"], &signer["authority"]), (&Value::Null, &Value::Null));
    assert!(!search_text(&env, "minutes.txt").contains("timestamped"));

    // Timestamped, then re-indexed with no TSA root pinned: the token is kept, nothing proven.
    let gen_time = timestamp(&env.path("minutes.txt.proof"), &pki, &tsa);
    assert_eq!(index_add(&env, &["minutes.txt"])["updated"], 1);
    assert_eq!(searched_signer(&env, "minutes.txt")["proven"], Value::Null);
    let index = proofctl::index::Index::open(&env.home().join("index.sqlite")).unwrap();
    let sha: [u8; 32] = proofctl::proof::hash_file(&env.path("minutes.txt")).unwrap().sha256;
    let stored = index.proofs_for(&sha).unwrap();
    let stored = Proof::from_slice(stored[0].1.as_bytes()).unwrap();
    assert_eq!((stored.format.as_str(), stored.anchors.len()), ("POP-1.1", 1));
    drop(index);

    // Once the TSA's root is pinned, the stored token proves the TSA's time and name, without
    // indexing again; and no longer once the root is removed.
    trust_tsa(&env, &pki);
    let signer = searched_signer(&env, "minutes.txt");
    assert_eq!(signer["proven"], gen_time.as_str());
    assert_eq!(signer["authority"], "Test TSA 2");
    let text = search_text(&env, "minutes.txt");
    assert!(text.contains(&format!("; timestamped {gen_time} by Test TSA 2")), "{text}");
    env.cmd().args(["trust", "remove-tsa", "test-tsa", "-q"]).assert().success();
    assert_eq!(searched_signer(&env, "minutes.txt")["proven"], Value::Null);
    trust_tsa(&env, &pki);
    assert_eq!(index_add(&env, &["minutes.txt", "--force"])["updated"], 1);
    assert_eq!(searched_signer(&env, "minutes.txt")["proven"], gen_time.as_str());

    // A token from a TSA whose root is not pinned proves nothing; the trusted one still does.
    let mut other = Pki::new("Another Root");
    let stranger = other.tsa(Alg::Rsa, 365, true);
    env.write("draft.txt", "A draft nobody's TSA vouches for, about something else entirely.\n");
    env.cmd().args(["sign", "draft.txt", "-q"]).assert().success();
    timestamp(&env.path("draft.txt.proof"), &other, &stranger);
    index_add(&env, &["draft.txt"]);
    let signer = searched_signer(&env, "draft.txt");
    assert_eq!((&signer["proven"], &signer["authority"]), (&Value::Null, &Value::Null));
}

#[test]
fn an_index_from_before_trusted_time_is_migrated_and_keeps_its_entries() {
    let env = Env::new();
    let mut pki = Pki::new("Index Test TSA Root");
    let tsa = pki.tsa(Alg::Rsa, 365, true);
    signed(&env, "plan.txt", "The plan for next year, written before proofs had timestamps.\n");
    // Back to schema 5, as proofctl before POP-1.1 left it.
    let db = env.home().join("index.sqlite");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "ALTER TABLE entries DROP COLUMN proven_at; ALTER TABLE entries DROP COLUMN proven_by;
         ALTER TABLE sync_pushed DROP COLUMN anchors; DROP TABLE tsa_judged;
         DROP TABLE image_features; DROP TABLE image_centres;
         PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);

    let signer = searched_signer(&env, "plan.txt");
    assert!(signer["kid"].is_string(), "the entry is still there: {signer}");
    assert_eq!(signer["proven"], Value::Null);
    let o = env.cmd().args(["index", "stats", "--json"]).output().unwrap();
    // Migrated to this build's schema (6 brought trusted time; later ones keep it).
    assert!(json(&o)["schema_version"].as_i64().unwrap() >= 6, "{}", all_output(&o));

    trust_tsa(&env, &pki);
    let gen_time = timestamp(&env.path("plan.txt.proof"), &pki, &tsa);
    assert_eq!(index_add(&env, &["plan.txt"])["updated"], 1, "a proof that gained a token");
    assert_eq!(searched_signer(&env, "plan.txt")["proven"], gen_time.as_str());
}
