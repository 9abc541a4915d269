//! The wire rules of docs/sync-protocol.md, end to end against a real `proofctl serve` on
//! loopback: every failing POP-1.0 vector pushed is refused for the reason `verify` gives and never
//! stored; revocation lists obey the licence store's rule; unknown members are refused or
//! tolerated as the protocol says.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::db::{Db, Kind, on_both_databases};
use common::server::{Member, Serve};
use ed25519_dalek::{Signer, SigningKey};
use proofctl::keys::kid;
use serde_json::{Value, json};

const VECTORS: &str = "tests/vectors/pop-1.0";

on_both_databases!(
    every_failing_vector_pushed_is_refused_for_its_reason_and_not_stored,
    a_revoked_key_cannot_push_its_own_list,
    unknown_members_in_a_push,
);

/// A well-formed entry for a proof of `size` bytes: whatever is refused is the proof's fault.
fn entry(size: u64) -> Value {
    json!({
        "size": size,
        "media_type": "text/plain",
        "text": { "algorithm": "simhash-v1", "simhash": "0123456789abcdef".repeat(2), "words": 3 },
    })
}

/// The vector's subject size when its proof is JSON with one, else the vectors' file size.
fn subject_size(proof: &str) -> u64 {
    serde_json::from_str::<Value>(proof)
        .ok()
        .and_then(|v| v["subject"]["size"].as_u64())
        .unwrap_or(16)
}

fn every_failing_vector_pushed_is_refused_for_its_reason_and_not_stored(db: &Db) {
    let alice = Member::new(db.dir.path(), "alice");
    let server = Serve::start(&db.url, &[alice.allow(), "--rate=1000".into()]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let mut names: Vec<_> = std::fs::read_dir(VECTORS)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("fail_"))
        .collect();
    names.sort();
    assert!(names.len() >= 40, "{names:?}");
    let mut wrong = Vec::new();
    let mut sound = BTreeSet::new();
    for name in &names {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(Path::new(VECTORS).join(name)).unwrap())
                .unwrap();
        // A proof_base64 vector's bytes are not UTF-8: no JSON request can carry them.
        let Some(proof) = v["proof"].as_str() else { continue };
        let reason = v["reason"].as_str().unwrap();
        // The proof's bytes go on the wire as they are, as the member of a well-formed item.
        let body = format!(
            r#"{{"items": [{{"proof": {proof}, "entry": {}}}]}}"#,
            entry(subject_size(proof))
        );
        let r = api.post_raw("/v1/proofs", Some(&token), body);
        // serde_json refuses some JSON texts (an escaped lone surrogate, 1e999) that the request
        // parser takes; the server must then refuse the item, checked below like any other.
        if serde_json::from_str::<Value>(proof).is_err() && r.status != 200 {
            // Not JSON at all (empty, cut short, a form feed): no request can carry it.
            if r.status != 400 || r.body["error"]["code"] != "bad_request" {
                wrong.push(format!("{name}: not JSON, yet answered {r:?}"));
            }
            continue;
        }
        if r.status != 200 {
            wrong.push(format!("{name}: {r:?}"));
            continue;
        }
        let result = &r.body["results"][0];
        match reason {
            // Sound proofs whose failure is about the file (which the server never has) or
            // about trust (each verifier's own): the server has no grounds to refuse them.
            "hash_mismatch" | "size_mismatch" | "untrusted" => {
                // (Some are the same proof: the first is stored, the others are duplicates.)
                if result["status"] != "stored" && result["status"] != "duplicate" {
                    wrong.push(format!("{name}: a sound proof, yet {result}"));
                }
                sound.insert(result["id"].as_str().unwrap_or("").to_string());
            }
            _ => {
                let text = result["reason"].as_str().unwrap_or("");
                if result["status"] != "refused" || result["code"] != reason || text.is_empty() {
                    wrong.push(format!("{name}: expected refused for {reason}, got {result}"));
                }
            }
        }
    }
    let stored: BTreeSet<String> =
        api.pull_all(&token).iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
    assert!(wrong.is_empty(), "{} wrong:\n{}", wrong.len(), wrong.join("\n"));
    assert_eq!(stored, sound, "only the three sound proofs are stored");
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A revocation list (`license revoke`'s format) signed by `key`, built by hand.
fn revocation_list(key: &SigningKey, seq: u64, kids: &[&str]) -> String {
    let header = json!({ "alg": "EdDSA", "typ": "proofctl-revocations+jwt", "kid": kid(&key.verifying_key()) });
    let claims = json!({
        "iss": "team", "iat": 1_800_000_000u64, "seq": seq, "list_version": 1,
        "revoked_jtis": [], "revoked_kids": kids,
    });
    let input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    format!("{input}.{}", b64url(&key.sign(input.as_bytes()).to_bytes()))
}

/// The licence store refuses a list signed by a key that a list in force revoked (a leaked key
/// must not publish an empty list over its own revocation); the server applies the same rule.
fn a_revoked_key_cannot_push_its_own_list(db: &Db) {
    let alice = Member::new(db.dir.path(), "alice");
    let bob = Member::new(db.dir.path(), "bob");
    let server = Serve::start(&db.url, &[alice.allow(), bob.allow()]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let push = |t: String| {
        api.post_raw("/v1/revocations", Some(&token), json!({ "token": t }).to_string())
    };
    let r = push(revocation_list(&alice.key, 1, &[]));
    assert_eq!(r.body["status"], "stored", "{r:?}");
    // Bob revokes Alice's key.
    let r = push(revocation_list(&bob.key, 1, &[&alice.kid]));
    assert_eq!(r.body["status"], "stored", "{r:?}");
    // Alice's key, now revoked, tries to replace its list.
    let r = push(revocation_list(&alice.key, 2, &[]));
    assert_eq!(r.status, 409, "{r:?}");
    assert_eq!(r.body["error"]["code"], "conflict", "{r:?}");
    assert!(r.body["error"]["message"].as_str().unwrap().contains("revoked"), "{r:?}");
    let lists = api.get("/v1/revocations", &token).body;
    let alice_seq = lists["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kid"] == alice.kid.as_str())
        .map(|l| l["seq"].clone());
    assert_eq!(alice_seq, Some(json!(1)), "{lists}");
}

/// A signed proof and a pushed entry are checked and stored whole, so a member the server does
/// not know in either is refused (with the item, not the request); an unknown member of the
/// request itself is refused with the request.
fn unknown_members_in_a_push(db: &Db) {
    let alice = Member::new(db.dir.path(), "alice");
    let server = Serve::start(&db.url, &[alice.allow()]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let key = &alice.key;
    let proof = |name: &str, content: &[u8]| {
        let digest = proofctl::proof::hash_reader(content, None).unwrap();
        proofctl::proof::ProofBody::new(
            name,
            &digest,
            &key.verifying_key(),
            std::time::SystemTime::now(),
            Default::default(),
        )
        .unwrap()
        .sign(key)
    };
    let good = proof("good.txt", b"good");
    let extra = proof("extra.txt", b"extra");
    let nested = proof("nested.txt", b"nested");
    let mut extra_entry = entry(extra.subject.size);
    extra_entry["audio"] = json!({ "algorithm": "a1" });
    let mut nested_entry = entry(nested.subject.size);
    nested_entry["text"]["language"] = json!("en");
    let body = json!({ "items": [
        { "proof": good, "entry": entry(good.subject.size) },
        { "proof": extra, "entry": extra_entry },
        { "proof": nested, "entry": nested_entry },
    ]});
    let r = api.post_raw("/v1/proofs", Some(&token), body.to_string());
    assert_eq!(r.status, 200, "{r:?}");
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results[0]["status"], "stored", "{r:?}");
    for (result, member) in results[1..].iter().zip(["audio", "language"]) {
        assert_eq!(result["status"], "refused", "{result}");
        assert_eq!(result["code"], "bad_entry", "{result}");
        assert!(result["reason"].as_str().unwrap().contains(member), "{result}");
    }
    // An unknown member of an item, or of the request: the request is refused.
    let mut item = json!({ "proof": extra });
    item["priority"] = json!(1);
    let r = api.post_raw("/v1/proofs", Some(&token), json!({ "items": [item] }).to_string());
    assert_eq!((r.status, &r.body["error"]["code"]), (400, &json!("bad_request")), "{r:?}");
    assert_eq!(api.pull_all(&token).len(), 1);
}

/// The library's errors carry the values; `proofctl serve` names the flag each came from, and
/// `serve members`, whose keys are positional, names none.
#[test]
fn serve_errors_name_the_flag_that_gave_the_value() {
    let db = Db::new(Kind::Sqlite).unwrap();
    let alice = Member::new(db.dir.path(), "alice");
    let fails = |args: &[&str]| -> String {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_proofctl"))
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        err
    };
    let serve = ["serve", "--listen", "127.0.0.1:0", "--db", &db.url];
    let err = fails(&[&serve[..], &["--trusted-proxy", "proxy.local"]].concat());
    assert!(err.contains("error: --trusted-proxy proxy.local: not an address or CIDR"), "{err}");
    let allow = alice.allow();
    let err = fails(&[&serve[..], &[&allow, "--remove-key", &alice.kid]].concat());
    assert!(
        err.contains(&format!("error: --allow-key and --remove-key both name kid {}", alice.kid)),
        "{err}"
    );
    let missing = db.path("missing.pub");
    let missing = missing.to_str().unwrap();
    let err = fails(&["serve", "members", "add", "--db", &db.url, missing]);
    assert!(err.contains(&format!("error: {missing}: no such file")), "{err}");
    assert!(!err.contains("--allow-key"), "{err}");
    let err = fails(&["serve", "members", "remove", "--db", &db.url, "nobody"]);
    assert!(
        err.contains("error: nobody: no member has this key id; `proofctl serve members list --db DB` lists them"),
        "{err}"
    );
}

/// A member: a home with a key pair (no passphrase, to keep the tests fast); its public key.
fn home_member(env: &common::Env, name: &str) -> std::path::PathBuf {
    env.cmd().args(["keygen", "--no-passphrase", "-q", "--name", name]).assert().success();
    env.home().join("keys").join(format!("{name}.pub"))
}

/// What a newer server may send, and what no server should: `proofctl sync` skips entry members
/// it does not know and keeps the rest (the pulled entry is still found by its fingerprint), and
/// refuses, by `verify`'s parser, a proof with a duplicate member that some server stored. The
/// database is written behind the server's back to play both.
#[test]
fn pulled_items_are_read_by_the_wire_rules() {
    let db = Db::new(Kind::Sqlite).unwrap();
    let (alice, bob) = (common::Env::new(), common::Env::new());
    let allow = |p: std::path::PathBuf| format!("--allow-key={}", p.display());
    let args = [allow(home_member(&alice, "alice")), allow(home_member(&bob, "bob"))];
    let server = Serve::start(&db.url, &args);
    let text = "The quarterly report shows revenue grew by twelve percent while costs stayed flat \
                across all regions, driven by strong demand for the new product line.";
    alice.write("report.txt", text);
    alice.cmd().args(["sign", "report.txt", "-q"]).assert().success();
    let sync = |env: &common::Env| {
        let o = env.cmd().args(["sync", "--json", "--server", &server.url]).output().unwrap();
        let report: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", common::all_output(&o)));
        (o.status.code(), report)
    };
    let (code, a) = sync(&alice);
    assert_eq!((code, &a["pushed"]), (Some(0), &json!(1)), "{a}");

    let vector: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(VECTORS).join("fail_duplicate_member.json")).unwrap(),
    )
    .unwrap();
    let sql = rusqlite::Connection::open(&db.url).unwrap();
    sql.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    let changed = sql
        .execute(
            "UPDATE items SET entry = json_set(entry, '$.audio', json('{\"algorithm\": \"a1\"}'), \
             '$.text.language', 'en')",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    sql.execute(
        "INSERT INTO items (id, signer_kid, pushed_by, pushed_at, proof) VALUES ('dup', 'k', 'k', 0, ?1)",
        [vector["proof"].as_str().unwrap()],
    )
    .unwrap();
    drop(sql);

    let (code, b) = sync(&bob);
    assert_eq!(code, Some(1), "a refused item is a no: {b}");
    assert_eq!(b["pulled_added"], 1, "{b}");
    let refused = b["pull_refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{b}");
    assert_eq!(refused[0]["item"], "dup", "{b}");
    assert!(refused[0]["message"].as_str().unwrap().contains("duplicate member"), "{b}");
    // The entry's text fingerprint was kept: a reworded text finds the pulled entry.
    let reworded = text.replace("twelve percent", "12 percent").replace("flat", "flat,");
    let s = bob.cmd().args(["search", "--json", "--text", &reworded]).output().unwrap();
    let s: Value = serde_json::from_slice(&s.stdout).unwrap();
    assert!(
        s["matches"].as_array().unwrap().iter().any(|m| m["signal"] == "text"
            && m["path"].as_str().unwrap().starts_with("sync://")
            && m["path"].as_str().unwrap().ends_with("/report.txt")),
        "{s}"
    );
}

/// `proofctl sync` takes pulled lists by the same rule as the server: once it holds a list that
/// revokes a key, a newer list of that key is refused (here one an older server stored, written
/// to the database by hand); the lists the server itself took before the revocation are taken,
/// on a first sync too, and pulling them again is no error.
#[test]
fn pulled_revocation_lists_follow_the_servers_rule() {
    let db = Db::new(Kind::Sqlite).unwrap();
    let alice = Member::new(db.dir.path(), "alice");
    let bob = Member::new(db.dir.path(), "bob");
    let carol = common::Env::new();
    let carol_pub = home_member(&carol, "carol");
    let args = [alice.allow(), bob.allow(), format!("--allow-key={}", carol_pub.display())];
    let server = Serve::start(&db.url, &args);
    let api = server.api();
    let token = api.sign_in(&alice);
    let push = |t: String| {
        api.post_raw("/v1/revocations", Some(&token), json!({ "token": t }).to_string())
    };
    assert_eq!(push(revocation_list(&alice.key, 1, &[])).body["status"], "stored");
    assert_eq!(push(revocation_list(&bob.key, 1, &[&alice.kid])).body["status"], "stored");
    let sync = || {
        let o = carol.cmd().args(["sync", "--json", "--server", &server.url]).output().unwrap();
        let report: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", common::all_output(&o)));
        (o.status.code(), report)
    };
    for run in 0..2 {
        let (code, r) = sync();
        assert_eq!(code, Some(0), "run {run}: {r}");
        assert_eq!(r["revocations_stored"], 2, "run {run}: {r}");
    }
    let newer = revocation_list(&alice.key, 2, &[]);
    let sql = rusqlite::Connection::open(&db.url).unwrap();
    sql.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    let changed = sql
        .execute(
            "UPDATE revocations SET seq = 2, token = ?1 WHERE kid = ?2",
            [newer.as_str(), alice.kid.as_str()],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(sql);
    let (code, r) = sync();
    assert_eq!(code, Some(1), "{r}");
    let refused = r["revocations_refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{r}");
    assert!(refused[0]["message"].as_str().unwrap().contains("revoked"), "{r}");
}
