//! Key revocation and rotation honoured by `verify` (issue 14 parts 2 and 4), end to end: the
//! real binary on temp homes, lists and statements written by `key revoke` and `key rotate`,
//! RFC 3161 tokens from OpenSSL's TSA (tests/common/pki.rs).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::pki::{Alg, Pki};
use common::{Env, all_output};
use proofctl::proof::Proof;
use serde_json::Value;

fn keygen(env: &Env, name: &str) -> String {
    env.cmd().args(["keygen", "--no-passphrase", "-q", "--name", name]).assert().success();
    let out = env.cmd().args(["key", "show", name, "--json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["kid"].as_str().unwrap().to_string()
}

fn sign(env: &Env, key: &str, file: &str) {
    env.write(file, format!("the data of {file}\n"));
    env.cmd().args(["sign", "--no-index", "-q", "--key", key, file]).assert().success();
}

fn export(env: &Env, key: &str, to: &Path) {
    env.cmd().args(["key", "export", key, "-o"]).arg(to).assert().success();
}

/// `verify ARGS --json`: (exit code, the document, stderr).
fn verify_json(env: &Env, args: &[&str]) -> (i32, Value, String) {
    let out = env.cmd().arg("verify").args(args).arg("--json").output().unwrap();
    let doc =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", all_output(&out)));
    (out.status.code().unwrap(), doc, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn verify_text(env: &Env, args: &[&str]) -> (i32, String) {
    let out = env.cmd().arg("verify").args(args).output().unwrap();
    (out.status.code().unwrap(), all_output(&out))
}

fn run(env: &Env, args: &[&str]) -> (i32, String) {
    let out = env.cmd().args(args).output().unwrap();
    (out.status.code().unwrap(), all_output(&out))
}

fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

/// A signer's home (key `alice`, `data.txt` signed) and a verifier's home that trusts alice.
fn signer_and_verifier() -> (Env, Env, String) {
    let signer = Env::new();
    let kid = keygen(&signer, "alice");
    sign(&signer, "alice", "data.txt");
    let verifier = Env::new();
    export(&signer, "alice", &verifier.path("alice.pub"));
    verifier.cmd().args(["trust", "add", "alice.pub", "--name", "alice", "-q"]).assert().success();
    for f in ["data.txt", "data.txt.proof"] {
        std::fs::copy(signer.path(f), verifier.path(f)).unwrap();
    }
    (signer, verifier, kid)
}

#[test]
fn a_revoked_key_fails_with_reason_revoked_everywhere_the_list_reaches() {
    let (signer, verifier, kid) = signer_and_verifier();
    assert_eq!(verify_text(&verifier, &["data.txt.proof"]).0, 0);

    let (code, text) = run(
        &signer,
        &["key", "revoke", "alice", "--reason", "laptop stolen", "-o", "alice-revoked.jwt"],
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains(&format!("Revoked kid {kid} for all time")), "{text}");
    assert!(text.contains("verify --revocations FILE"), "{text}");
    // The signer's own home honours its own list at once.
    let (code, doc, _) = verify_json(&signer, &["data.txt.proof"]);
    assert_eq!(code, 1, "{doc}");
    let r = &doc["results"][0];
    assert_eq!((r["status"].as_str(), r["reason"].as_str()), (Some("invalid"), Some("revoked")));
    assert_eq!(r["signer"]["revoked"]["reason"], "laptop stolen");
    assert_eq!(r["signer"]["revoked"]["since"], Value::Null);
    assert_eq!(r["signer"]["revoked"]["by"], kid.as_str());
    assert_eq!(r["signer"]["revoked"]["timestamped_before"], false);
    assert!(r["message"].as_str().unwrap().contains("whose key is revoked (laptop stolen)"));

    // The verifier: untouched until it gets the list, by file or kept in the home.
    let list = verifier.path("alice-revoked.jwt");
    std::fs::copy(signer.path("alice-revoked.jwt"), &list).unwrap();
    assert_eq!(verify_text(&verifier, &["data.txt.proof"]).0, 0);
    let (code, text) =
        verify_text(&verifier, &["--revocations", "alice-revoked.jwt", "data.txt.proof"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("FAIL data.txt.proof: signed by alice"), "{text}");
    assert!(text.contains("revoked (laptop stolen) by its own list"), "{text}");
    let (code, text) = run(&verifier, &["trust", "add-revocations", "alice-revoked.jwt"]);
    assert_eq!(code, 0, "{text}");
    // Batch verify: every proof of the key, each the same verdict.
    std::fs::copy(verifier.path("data.txt"), verifier.path("copy.txt")).unwrap();
    std::fs::copy(verifier.path("data.txt.proof"), verifier.path("copy.txt.proof")).unwrap();
    let (code, doc, _) =
        verify_json(&verifier, &["data.txt.proof", "copy.txt.proof", "--strict-name"]);
    assert_eq!(code, 1);
    assert_eq!(doc["summary"]["invalid"], 2, "{doc}");
    for r in doc["results"].as_array().unwrap() {
        assert!(r["reason"] == "revoked" || r["reason"] == "name_mismatch", "{r}");
    }
    let (_, doc, _) = verify_json(&verifier, &["data.txt.proof", "copy.txt.proof"]);
    assert!(doc["results"].as_array().unwrap().iter().all(|r| r["reason"] == "revoked"), "{doc}");
}

#[test]
fn revoked_since_t_keeps_proofs_timestamped_before_t_only() {
    let mut pki = Pki::new("Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let env = Env::new();
    let kid = keygen(&env, "alice");
    env.cmd().args(["trust", "add-tsa", "-q"]).arg(pki.root_pem()).assert().success();
    sign(&env, "alice", "stamped.txt");
    sign(&env, "alice", "claimed.txt");
    let proof = Proof::from_slice(&std::fs::read(env.path("stamped.txt.proof")).unwrap()).unwrap();
    let mut stamped = proof.clone();
    assert!(
        stamped.add_rfc3161(&pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256")).unwrap()
    );
    std::fs::write(env.path("stamped.txt.proof"), stamped.to_json_pretty()).unwrap();

    // Revoked from an hour from now: the token (now) is before that.
    let later = SystemTime::now() + Duration::from_secs(3600);
    let (code, text) = run(&env, &["key", "revoke", "alice", "--since", &rfc3339(later)]);
    assert_eq!(code, 0, "{text}");
    let (code, doc, _) = verify_json(&env, &["stamped.txt.proof", "claimed.txt.proof"]);
    assert_eq!(code, 1, "{doc}");
    let (stamped, claimed) = (&doc["results"][0], &doc["results"][1]);
    assert_eq!(stamped["status"], "valid", "{stamped}");
    assert_eq!(stamped["signer"]["revoked"]["since"], rfc3339(later).as_str());
    assert_eq!(stamped["signer"]["revoked"]["timestamped_before"], true);
    let msg = stamped["message"].as_str().unwrap();
    assert!(
        msg.contains(&format!("timestamped before the key was revoked at {}", rfc3339(later))),
        "{msg}"
    );
    // Only a claimed time: the signer's clock proves nothing once the key may be in other hands.
    assert_eq!(
        (claimed["status"].as_str(), claimed["reason"].as_str()),
        (Some("invalid"), Some("revoked"))
    );
    let msg = claimed["message"].as_str().unwrap();
    assert!(msg.contains("no trusted timestamp before that, only the claimed time"), "{msg}");
    assert!(msg.contains("only a trusted timestamp (RFC 3161)"), "{msg}");

    // A newer list may move `since` earlier (to an hour ago): now the token is after it.
    let earlier = SystemTime::now() - Duration::from_secs(3600);
    let (code, text) = run(&env, &["key", "revoke", "--since", &rfc3339(earlier), "--", &kid]);
    assert_eq!(code, 0, "{text}");
    let (code, doc, _) = verify_json(&env, &["stamped.txt.proof"]);
    assert_eq!(code, 1);
    let r = &doc["results"][0];
    assert_eq!(r["reason"], "revoked", "{r}");
    assert!(r["message"].as_str().unwrap().contains("its trusted timestamp"), "{r}");
    // ... but never later again: that would un-revoke proofs in between.
    let (code, text) = run(&env, &["key", "revoke", "alice", "--since", &rfc3339(later)]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("never later"), "{text}");
}

#[test]
fn a_rolled_back_or_shrunk_list_is_refused() {
    let (signer, verifier, _) = signer_and_verifier();
    let later = rfc3339(SystemTime::now() + Duration::from_secs(86_400));
    run(&signer, &["key", "revoke", "alice", "--since", &later, "-o", "one.jwt"]);
    run(&signer, &["key", "revoke", "alice", "--reason", "leaked", "-o", "two.jwt"]);
    for f in ["one.jwt", "two.jwt"] {
        std::fs::copy(signer.path(f), verifier.path(f)).unwrap();
    }
    assert_eq!(run(&verifier, &["trust", "add-revocations", "two.jwt"]).0, 0);
    let (code, text) = run(&verifier, &["trust", "add-revocations", "one.jwt"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("refusing to roll back"), "{text}");
    // The older list given to verify cannot undo the kept one either: lists only add.
    let (code, doc, _) = verify_json(&verifier, &["--revocations", "one.jwt", "data.txt.proof"]);
    assert_eq!(code, 1);
    assert_eq!(doc["results"][0]["signer"]["revoked"]["since"], Value::Null, "{doc}");
}

#[test]
fn revocation_never_trusts_a_key_that_was_not_trusted() {
    let (_signer, verifier, kid) = signer_and_verifier();
    // Mallory, untrusted, "revokes" alice; Bob, trusted, may not revoke alice either.
    let mallory = Env::new();
    keygen(&mallory, "mallory");
    let (code, text) =
        run(&mallory, &["key", "revoke", "--key", "mallory", "-o", "m.jwt", "--", &kid]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("verifiers will ignore this revocation"), "{text}");
    std::fs::copy(mallory.path("m.jwt"), verifier.path("m.jwt")).unwrap();
    let (code, doc, stderr) = verify_json(&verifier, &["--revocations", "m.jwt", "data.txt.proof"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["results"][0]["signer"]["revoked"], Value::Null);
    assert!(
        stderr.contains("which is not trusted; ignored (a revocation list never adds trust)"),
        "{stderr}"
    );
    let (code, text) = run(&verifier, &["trust", "add-revocations", "m.jwt"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("which you do not trust"), "{text}");

    export(&mallory, "mallory", &verifier.path("bob.pub"));
    verifier.cmd().args(["trust", "add", "bob.pub", "--name", "bob", "-q"]).assert().success();
    let (code, _, stderr) = verify_json(&verifier, &["--revocations", "m.jwt", "data.txt.proof"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("may not revoke kid"), "{stderr}");
}

fn statement(env: &Env, old: &str, new: &str, out: &str) -> PathBuf {
    let (code, text) = run(env, &["key", "rotate", old, "--to", new, "-o", out]);
    assert_eq!(code, 0, "{text}");
    env.path(out)
}

#[test]
fn rotation_chains_carry_trust_and_revocation_voids_them() {
    let owner = Env::new();
    let (a, b, c) = (keygen(&owner, "a"), keygen(&owner, "b"), keygen(&owner, "c"));
    statement(&owner, "a", "b", "ab.json");
    statement(&owner, "b", "c", "bc.json");
    sign(&owner, "c", "new.txt");
    let verifier = Env::new();
    export(&owner, "a", &verifier.path("release.pub"));
    verifier
        .cmd()
        .args(["trust", "add", "release.pub", "--name", "release", "-q"])
        .assert()
        .success();
    for f in ["new.txt", "new.txt.proof", "ab.json", "bc.json"] {
        std::fs::copy(owner.path(f), verifier.path(f)).unwrap();
    }
    let (code, doc, _) = verify_json(&verifier, &["new.txt.proof"]);
    assert_eq!((code, doc["results"][0]["status"].as_str()), (1, Some("untrusted")));
    // Half a chain reaches nothing.
    let (code, _, _) = verify_json(&verifier, &["--rotation", "bc.json", "new.txt.proof"]);
    assert_eq!(code, 1);
    let (code, text) = verify_text(
        &verifier,
        &["--rotation", "ab.json", "--rotation", "bc.json", "new.txt.proof"],
    );
    assert_eq!(code, 0, "{text}");
    let want = format!(
        "signed by release (kid {}, rotated from kid {} via kid {})",
        &c[..12],
        &a[..12],
        &b[..12]
    );
    assert!(text.contains(&want), "{text}");
    // Kept in the home: the same.
    for f in ["ab.json", "bc.json"] {
        assert_eq!(run(&verifier, &["trust", "add-rotation", f]).0, 0);
    }
    let (code, doc, _) = verify_json(&verifier, &["new.txt.proof"]);
    assert_eq!(code, 0, "{doc}");
    let s = &doc["results"][0]["signer"];
    assert_eq!(s["kid"], c.as_str());
    assert_eq!(s["name"], "release");
    assert_eq!(s["rotated_from"], serde_json::json!([a, b]));

    // B's successor C revokes B for all time: B's rotations are void, so C is no longer
    // reached (and B's own proofs fail).
    let (code, text) = run(&owner, &["key", "revoke", "b", "--key", "c", "-o", "b-revoked.jwt"]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("ignore"), "{text}");
    std::fs::copy(owner.path("b-revoked.jwt"), verifier.path("b-revoked.jwt")).unwrap();
    let (code, doc, _) =
        verify_json(&verifier, &["--revocations", "b-revoked.jwt", "new.txt.proof"]);
    assert_eq!((code, doc["results"][0]["status"].as_str()), (1, Some("untrusted")), "{doc}");
}

/// A leaked OLD and a thief's OLD -> EVIL: revoking OLD since T voids the rotations OLD made at
/// or after T, and keeps those made before (the good OLD -> NEW).
#[test]
fn revoking_since_t_voids_only_rotations_made_at_or_after_t() {
    let owner = Env::new();
    keygen(&owner, "old");
    keygen(&owner, "new");
    statement(&owner, "old", "new", "rot.json");
    sign(&owner, "new", "n.txt");
    sign(&owner, "old", "o.txt");
    let verifier = Env::new();
    export(&owner, "old", &verifier.path("old.pub"));
    verifier.cmd().args(["trust", "add", "old.pub", "--name", "release", "-q"]).assert().success();
    for f in ["rot.json", "n.txt", "n.txt.proof", "o.txt", "o.txt.proof"] {
        std::fs::copy(owner.path(f), verifier.path(f)).unwrap();
    }
    assert_eq!(run(&verifier, &["trust", "add-rotation", "rot.json"]).0, 0);
    // NEW (which took over from OLD) revokes OLD from an hour ahead: the rotation (now) stands.
    let ahead = rfc3339(SystemTime::now() + Duration::from_secs(3600));
    let (code, text) =
        run(&owner, &["key", "revoke", "old", "--key", "new", "--since", &ahead, "-o", "1.jwt"]);
    assert_eq!(code, 0, "{text}");
    std::fs::copy(owner.path("1.jwt"), verifier.path("1.jwt")).unwrap();
    let (code, doc, _) =
        verify_json(&verifier, &["--revocations", "1.jwt", "n.txt.proof", "o.txt.proof"]);
    assert_eq!(code, 1, "{doc}");
    let (n, o) = (&doc["results"][0], &doc["results"][1]);
    assert_eq!(n["status"], "valid", "{n}");
    // OLD's own proof has only a claimed time: revoked.
    assert_eq!(o["reason"], "revoked", "{o}");
    // Since an hour ago: the rotation was made after that, so it is void and NEW is untrusted.
    let ago = rfc3339(SystemTime::now() - Duration::from_secs(3600));
    let (code, text) =
        run(&owner, &["key", "revoke", "old", "--key", "new", "--since", &ago, "-o", "2.jwt"]);
    assert_eq!(code, 0, "{text}");
    std::fs::copy(owner.path("2.jwt"), verifier.path("2.jwt")).unwrap();
    let (_, doc, _) = verify_json(&verifier, &["--revocations", "2.jwt", "n.txt.proof"]);
    assert_eq!(doc["results"][0]["status"], "untrusted", "{doc}");
}

#[test]
fn a_rotation_statement_signed_by_one_key_only_is_refused() {
    let owner = Env::new();
    keygen(&owner, "a");
    keygen(&owner, "b");
    statement(&owner, "a", "b", "ab.json");
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(owner.path("ab.json")).unwrap()).unwrap();
    doc.as_object_mut().unwrap().remove("signature_to");
    owner.write("one.json", serde_json::to_string_pretty(&doc).unwrap());
    sign(&owner, "a", "x.txt");
    let (code, text) = verify_text(&owner, &["--rotation", "one.json", "x.txt.proof"]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("one.json: not a usable rotation statement: signed by the old key only"),
        "{text}"
    );
    let (code, text) = run(&owner, &["trust", "add-rotation", "one.json"]);
    assert_eq!(code, 2, "{text}");
    // The old key's signature copied into the new key's place is no signature of the new key.
    let sig = doc["signature_from"].clone();
    doc["signature_to"] = sig;
    owner.write("twice.json", serde_json::to_string_pretty(&doc).unwrap());
    let (code, text) = run(&owner, &["trust", "add-rotation", "twice.json"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("the signature of the new key"), "{text}");
    // Both signatures: kept.
    assert_eq!(run(&owner, &["trust", "add-rotation", "ab.json"]).0, 0);
}

fn sync(env: &Env, url: &str) -> Value {
    let o = env.cmd().args(["sync", "--server", url, "--json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// A key revocation list (version 2: `since` and a reason) travels through `sync` as licence
/// lists do: the server takes it from its member, a teammate pulls it, and their `verify`
/// honours it. A later list that moves `since` earlier replaces it on both sides.
#[test]
fn key_revocation_lists_travel_through_sync() {
    use common::db::{Db, Kind};
    use common::server::{Server, member};
    let db = Db::new(Kind::Sqlite).unwrap();
    let (alice, bob) = (Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    let bob_pub = member(&bob, "bob");
    sign(&alice, "alice", "data.txt");
    bob.cmd().args(["trust", "add", "-q", "--name", "alice"]).arg(&alice_pub).assert().success();
    for f in ["data.txt", "data.txt.proof"] {
        std::fs::copy(alice.path(f), bob.path(f)).unwrap();
    }
    let later = rfc3339(SystemTime::now() + Duration::from_secs(86_400));
    let (code, text) =
        run(&alice, &["key", "revoke", "alice", "--since", &later, "--reason", "retired"]);
    assert_eq!(code, 0, "{text}");
    let server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub, &bob_pub], &["--quiet"]);
    let a = sync(&alice, &server.url);
    assert_eq!(a["revocations_pushed"], 1, "{a}");
    assert_eq!(a["revocations_refused"], serde_json::json!([]), "{a}");
    let b = sync(&bob, &server.url);
    assert_eq!(b["revocations_stored"], 1, "{b}");
    let (code, doc, _) = verify_json(&bob, &["data.txt.proof"]);
    assert_eq!(code, 1, "{doc}");
    let r = &doc["results"][0];
    assert_eq!(r["reason"], "revoked");
    assert_eq!(r["signer"]["revoked"]["since"], later.as_str());
    assert_eq!(r["signer"]["revoked"]["reason"], "retired");

    // Earlier, for all time now: list 2 replaces list 1 on the server and at bob's.
    assert_eq!(run(&alice, &["key", "revoke", "alice", "--reason", "leaked"]).0, 0);
    let a = sync(&alice, &server.url);
    assert_eq!(a["revocations_refused"], serde_json::json!([]), "{a}");
    sync(&bob, &server.url);
    let (_, doc, _) = verify_json(&bob, &["data.txt.proof"]);
    let revoked = &doc["results"][0]["signer"]["revoked"];
    assert_eq!(
        (revoked["since"].clone(), revoked["reason"].clone()),
        (Value::Null, "leaked".into())
    );
}

/// `verify --indexed` reaches the same verdict as verifying the proof file.
#[test]
fn indexed_verify_honours_revocation_too() {
    let env = Env::new();
    keygen(&env, "alice");
    env.write("doc.txt", "indexed\n");
    env.cmd().args(["sign", "-q", "--key", "alice", "doc.txt"]).assert().success();
    assert_eq!(verify_text(&env, &["--indexed", "doc.txt"]).0, 0);
    assert_eq!(run(&env, &["key", "revoke", "alice"]).0, 0);
    let (code, doc, _) = verify_json(&env, &["--indexed", "doc.txt"]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["results"][0]["reason"], "revoked", "{doc}");
}

/// Rotation statements travel through `sync`: pushed by a member whose key is one of the two,
/// pulled into teammates' homes, where `verify` follows them from a key they trust.
#[test]
fn rotation_statements_travel_through_sync() {
    use common::db::{Db, Kind};
    use common::server::{Server, member};
    let db = Db::new(Kind::Sqlite).unwrap();
    let (alice, bob) = (Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    let bob_pub = member(&bob, "bob");
    keygen(&alice, "alice-2027");
    // alice stays the key alice signs in to the server with.
    alice.cmd().args(["key", "default", "alice", "-q"]).assert().success();
    statement(&alice, "alice", "alice-2027", "rot.json");
    sign(&alice, "alice-2027", "new.txt");
    bob.cmd().args(["trust", "add", "-q", "--name", "alice"]).arg(&alice_pub).assert().success();
    for f in ["new.txt", "new.txt.proof"] {
        std::fs::copy(alice.path(f), bob.path(f)).unwrap();
    }
    let server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub, &bob_pub], &["--quiet"]);
    let a = sync(&alice, &server.url);
    assert_eq!(a["rotations_pushed"], 1, "{a}");
    assert_eq!(verify_json(&bob, &["new.txt.proof"]).0, 1);
    let b = sync(&bob, &server.url);
    assert_eq!(b["rotations_stored"], 1, "{b}");
    let (code, doc, _) = verify_json(&bob, &["new.txt.proof"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["results"][0]["signer"]["name"], "alice");
    // Again: nothing new either way.
    let a = sync(&alice, &server.url);
    assert_eq!(a["rotations_refused"], serde_json::json!([]), "{a}");
    let b = sync(&bob, &server.url);
    assert_eq!(b["rotations_stored"], 0, "{b}");
    // A statement about keys that are not the pusher's is refused by the server.
    bob.cmd().args(["keygen", "--no-passphrase", "-q", "--name", "x"]).assert().success();
    bob.cmd().args(["keygen", "--no-passphrase", "-q", "--name", "y"]).assert().success();
    bob.cmd().args(["key", "default", "bob", "-q"]).assert().success();
    let (code, text) = run(&bob, &["key", "rotate", "x", "--to", "y"]);
    assert_eq!(code, 0, "{text}");
    let b = sync(&bob, &server.url);
    assert_eq!(b["rotations_pushed"], 0, "not bob's key, so not pushed: {b}");
}

/// Kids are base64url, so one in 64 starts with '-': an option takes it as its value, and the
/// positional NAME|KID takes it after `--` (as the help says).
#[test]
fn a_kid_that_starts_with_a_hyphen_is_a_value() {
    let env = Env::new();
    keygen(&env, "alice");
    let kid = format!("-{}", "a".repeat(42));
    let (code, text) =
        run(&env, &["license", "revoke", "--kid", &kid, "--key", "alice", "-o", "l.jwt"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(&env, &["key", "revoke", "--key", "alice", "-o", "k.jwt", "--", &kid]);
    assert_eq!(code, 0, "{text}");
}
