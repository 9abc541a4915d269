//! Trusted time through sync (issue 13): POP-1.1 proofs pushed and pulled between members of a
//! real `proofctl serve` on loopback, SQLite and PostgreSQL, with real RFC 3161 tokens made by
//! OpenSSL's TSA (tests/common/pki.rs). A proof keeps one id with or without anchors; the server
//! keeps the union of everyone's anchors and hands it to every member.

mod common;

use std::path::{Path, PathBuf};

use common::db::{Db, Kind, on_both_databases};
use common::pki::{Alg, Pki, Tsa};
use common::server::{Member, Serve, Server, member};
use common::{Env, all_output};
use proofctl::index::Index;
use proofctl::proof::{Anchor, Proof};
use serde_json::{Value, json};

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(o)))
}

/// A `sync --json` run that must exit 0, checked against the strict schema.
fn sync_ok(env: &Env, server: &Server) -> Value {
    let o = env.cmd().args(["sync", "--server", &server.url, "--json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let doc = json(&o);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/json/sync.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{doc:#}");
    doc
}

fn read_proof(path: &Path) -> Proof {
    Proof::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// What `proofctl timestamp` does, with a token from OpenSSL's TSA: the proof file gains an
/// RFC 3161 anchor over its signature bytes.
fn timestamp(proof_path: &Path, pki: &Pki, tsa: &Tsa) -> Vec<u8> {
    let mut proof = read_proof(proof_path);
    let token = pki.stamp(tsa, &proof.signature_bytes(), "sha256");
    assert!(proof.add_rfc3161(&token).unwrap());
    std::fs::write(proof_path, proof.to_json_pretty()).unwrap();
    token
}

/// The decoded tokens of a proof's anchors, in order.
fn tokens(proof: &Proof) -> Vec<Vec<u8>> {
    use base64::Engine;
    proof
        .anchors
        .iter()
        .map(|a| match a {
            Anchor::Rfc3161 { token } => {
                base64::engine::general_purpose::STANDARD.decode(token).unwrap()
            }
            other => panic!("unexpected anchor {other:?}"),
        })
        .collect()
}

/// Every proof an index holds for the bytes `sha256`, parsed.
fn indexed_proofs(env: &Env, sha256: &str) -> Vec<(String, Proof)> {
    let index = Index::open(&env.home().join("index.sqlite")).unwrap();
    let sha: [u8; 32] = hex::decode(sha256).unwrap().try_into().unwrap();
    index
        .proofs_for(&sha)
        .unwrap()
        .into_iter()
        .map(|(path, json)| (path, Proof::from_slice(json.as_bytes()).unwrap()))
        .collect()
}

/// Pins the test PKI's root as a TSA root of `env`'s home.
fn trust_tsa(env: &Env, pki: &Pki) {
    env.cmd()
        .args(["trust", "add-tsa", "--name", "test-tsa", "-q"])
        .arg(pki.root_pem())
        .assert()
        .success();
}

on_both_databases!(
    a_proof_pushed_then_timestamped_is_one_proof_that_gains_the_token,
    two_members_tokens_are_merged_and_a_third_member_pulls_both,
    the_server_merges_anchors_by_token_bytes_keeps_unknown_kinds_and_refuses_malformed_ones,
);

fn a_proof_pushed_then_timestamped_is_one_proof_that_gains_the_token(db: &Db) {
    let mut pki = Pki::new("Sync Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let (alice, bob) = (Env::new(), Env::new());
    let alice_pub = member(&alice, "alice");
    let bob_pub = member(&bob, "bob");
    let server = Server::start(&db.url, "127.0.0.1:0", &[&alice_pub, &bob_pub], &[]);

    alice.write("report.txt", "Quarterly figures, signed before any TSA was at hand.\n");
    alice.cmd().args(["sign", "report.txt", "-q"]).assert().success();
    let proof_path = alice.path("report.txt.proof");
    let plain = read_proof(&proof_path);
    assert!(plain.anchors.is_empty());
    let a = sync_ok(&alice, &server);
    assert_eq!((a["pushed"].as_u64(), a["anchors_pushed"].as_u64()), (Some(1), Some(0)), "{a}");
    // Bob pulls the POP-1.0 proof first: his index will have to take the token later.
    let b = sync_ok(&bob, &server);
    assert_eq!(b["pulled_added"], 1, "{b}");

    // Timestamped afterwards, offline, and re-indexed: same signature, now POP-1.1.
    let token = timestamp(&proof_path, &pki, &tsa);
    alice.cmd().args(["index", "add", "report.txt", "-q"]).assert().success();
    let o = alice.cmd().args(["sync", "--server", &server.url]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(line.contains("pushed 0 new"), "not a new proof: {line}");
    assert!(
        line.contains("1 timestamp(s) added to proofs the server had, 0 pulled into ours"),
        "the server took the token into the proof it had: {line}"
    );
    assert_eq!(server.items(), 1, "one proof on the server, not two");
    let a = sync_ok(&alice, &server);
    assert_eq!((a["already_pushed"].as_u64(), a["anchors_pushed"].as_u64()), (Some(1), Some(0)));

    // Bob pulls it again (it moved to a new seq) and his entry now has the token.
    let b = sync_ok(&bob, &server);
    assert_eq!(b["pulled_updated"], 1, "{b}");
    let held = indexed_proofs(&bob, &plain.subject.sha256);
    assert_eq!(held.len(), 1, "one entry, updated in place: {held:?}");
    assert_eq!(held[0].1.format, "POP-1.1");
    assert_eq!(tokens(&held[0].1), vec![token.clone()]);
    assert_eq!(held[0].1.statement(), plain, "the same signed statement");

    // Bob verifies the file he got by mail against his index: the time is proven by the TSA.
    trust_tsa(&bob, &pki);
    let copy = bob.write("copy.txt", std::fs::read(alice.path("report.txt")).unwrap());
    let keys = bob.home().join("sync").join(format!("127.0.0.1_{}", server.port())).join("keys");
    let v = bob
        .cmd()
        .args(["verify", "--indexed", "--json", "--require-timestamp"])
        .arg(&copy)
        .arg("--trust-dir")
        .arg(&keys)
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    let v = json(&v);
    assert_eq!(v["results"][0]["status"], "valid", "{v:#}");
    let time = &v["results"][0]["time"];
    assert!(time["proven"].as_str().is_some_and(|t| t.ends_with('Z')), "{v:#}");
    assert_eq!(time["anchors"][0]["status"], "valid", "{v:#}");
}

fn two_members_tokens_are_merged_and_a_third_member_pulls_both(db: &Db) {
    let mut pki = Pki::new("Sync Test TSA Root");
    let (tsa1, tsa2) = (pki.tsa(Alg::Rsa, 365, true), pki.tsa(Alg::P384, 365, true));
    let (alice, bob, carol) = (Env::new(), Env::new(), Env::new());
    let keys: Vec<PathBuf> =
        [(&alice, "alice"), (&bob, "bob"), (&carol, "carol")].map(|(e, n)| member(e, n)).into();
    let server = Server::start(&db.url, "127.0.0.1:0", &[&keys[0], &keys[1], &keys[2]], &[]);

    // Alice signs; bob keeps a copy of the file and its proof and indexes them.
    let text = "A dataset card both alice and bob keep, each timestamping it on their own.\n";
    alice.write("card.md", text);
    alice.cmd().args(["sign", "card.md", "-q"]).assert().success();
    let alice_proof = alice.path("card.md.proof");
    bob.write("card.md", text);
    let bob_proof = bob.write("card.md.proof", std::fs::read(&alice_proof).unwrap());
    bob.cmd().args(["index", "add", "card.md", "-q"]).assert().success();

    // Each adds a token from another TSA, and pushes.
    let t1 = timestamp(&alice_proof, &pki, &tsa1);
    alice.cmd().args(["index", "add", "card.md", "-q"]).assert().success();
    let t2 = timestamp(&bob_proof, &pki, &tsa2);
    bob.cmd().args(["index", "add", "card.md", "-q"]).assert().success();
    let a = sync_ok(&alice, &server);
    assert_eq!(a["pushed"], 1, "{a}");
    let b = sync_ok(&bob, &server);
    assert_eq!(b["anchors_pushed"], 1, "bob's token joins alice's: {b}");
    assert_eq!(b["pulled_own"], 1, "{b}");
    assert_eq!(b["anchors_pulled"], 1, "and alice's comes back to bob: {b}");
    assert_eq!(tokens(&read_proof(&bob_proof)), vec![t2.clone(), t1.clone()], "his kept first");
    assert_eq!(server.items(), 1);

    // Alice's next sync brings bob's token into her index and her proof file, hers kept first.
    let a = sync_ok(&alice, &server);
    assert_eq!(a["anchors_pulled"], 1, "{a}");
    let file = read_proof(&alice_proof);
    assert_eq!(tokens(&file), vec![t1.clone(), t2.clone()]);
    file.check_signature().expect("still the signature alice made");
    let sha = file.subject.sha256.clone();
    let held = indexed_proofs(&alice, &sha);
    assert_eq!(tokens(&held[0].1), vec![t1.clone(), t2.clone()]);
    // Nothing more to exchange: both have both, none lost.
    let b = sync_ok(&bob, &server);
    assert_eq!((b["anchors_pushed"].as_u64(), b["anchors_pulled"].as_u64()), (Some(0), Some(0)));
    assert_eq!(tokens(&read_proof(&bob_proof)).len(), 2);

    // Carol, who never had the proof, pulls it with both tokens; once she pins the TSA's root,
    // search shows the time.
    let c = sync_ok(&carol, &server);
    assert_eq!(c["pulled_added"], 1, "{c}");
    trust_tsa(&carol, &pki);
    let held = indexed_proofs(&carol, &sha);
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(tokens(&held[0].1), vec![t1, t2]);
    carol.write("mine.md", text);
    let s = carol.cmd().args(["search", "mine.md", "--json"]).output().unwrap();
    assert_eq!(s.status.code(), Some(0), "{}", all_output(&s));
    let s = json(&s);
    let signer = &s["matches"][0]["signer"];
    assert!(signer["proven"].as_str().is_some_and(|t| t.ends_with('Z')), "{s:#}");
    assert!(signer["authority"].as_str().is_some_and(|a| a.starts_with("Test TSA")), "{s:#}");
    let s = carol.cmd().args(["search", "mine.md"]).output().unwrap();
    let text = String::from_utf8_lossy(&s.stdout);
    assert!(text.contains("; timestamped ") && text.contains(" by Test TSA"), "{text}");
}

/// The push answers and the stored item, through the raw API.
fn the_server_merges_anchors_by_token_bytes_keeps_unknown_kinds_and_refuses_malformed_ones(
    db: &Db,
) {
    use base64::Engine;
    let b64 = |der: &[u8]| base64::engine::general_purpose::STANDARD.encode(der);
    let mut pki = Pki::new("Sync Test TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let alice = Member::new(db.dir.path(), "alice");
    let server = Serve::start(&db.url, &[alice.allow(), "--rate=1000".into()]);
    let api = server.api();
    let token = api.sign_in(&alice);
    let push = |items: Vec<Value>| {
        let items: Vec<Value> = items.into_iter().map(|p| json!({ "proof": p })).collect();
        let r = api.post_raw("/v1/proofs", Some(&token), json!({ "items": items }).to_string());
        assert_eq!(r.status, 200, "{r:?}");
        r.body["results"].as_array().unwrap().clone()
    };
    let digest = proofctl::proof::hash_reader(&b"the data"[..], None).unwrap();
    let plain = proofctl::proof::ProofBody::new(
        "data.bin",
        &digest,
        &alice.key.verifying_key(),
        std::time::SystemTime::now(),
        Default::default(),
    )
    .unwrap()
    .sign(&alice.key);
    let with = |anchors: Value| {
        let mut p = serde_json::to_value(&plain).unwrap();
        p["format"] = json!("POP-1.1");
        p["anchors"] = anchors;
        p
    };
    let sig = plain.signature_bytes();
    let (t1, t2) = (pki.stamp(&tsa, &sig, "sha256"), pki.stamp(&tsa, &sig, "sha1"));
    let ots = json!({ "type": "opentimestamps", "ots": "AAE=" });

    let r = push(vec![serde_json::to_value(&plain).unwrap()]);
    assert_eq!(r[0]["status"], "stored");
    let id = r[0]["id"].clone();
    let first_seq = api.pull_all(&token)[0]["seq"].as_i64().unwrap();

    // Proof-level malformed anchors are refused as `verify` refuses them, and change nothing.
    let malformed = [
        with(json!([])),
        with(json!([{ "token": b64(&t1) }])),
        with(Value::Array(vec![ots.clone(); 9])),
        {
            let mut p = with(json!([{ "type": "rfc3161", "token": b64(&t1) }]));
            p["format"] = json!("POP-1.0");
            p
        },
    ];
    for r in push(malformed.to_vec()) {
        assert_eq!((&r["status"], &r["code"]), (&json!("refused"), &json!("malformed")), "{r}");
    }

    // Timestamped: the same id, the token and an unknown kind of anchor merged in; the item
    // moves to a new seq so that everyone pulls it again.
    let r = push(vec![with(json!([{ "type": "rfc3161", "token": b64(&t1) }, ots]))]);
    assert_eq!((&r[0]["status"], &r[0]["id"]), (&json!("stored"), &id), "{r:?}");
    assert_eq!(r[0]["anchors_added"], 2, "{r:?}");
    let items = api.pull_all(&token);
    assert_eq!(items.len(), 1);
    assert!(items[0]["seq"].as_i64().unwrap() > first_seq, "{items:?}");
    assert_eq!(items[0]["id"], id);
    // Pushed again with the same token, or as POP-1.0: nothing changes.
    let r = push(vec![
        with(json!([{ "type": "rfc3161", "token": b64(&t1) }])),
        serde_json::to_value(&plain).unwrap(),
    ]);
    assert_eq!(r[0]["status"], "duplicate", "{r:?}");
    assert_eq!(r[1]["status"], "duplicate", "{r:?}");
    // An anchor-level invalid token (not base64) is not the server's to judge: kept.
    let r = push(vec![with(json!([{ "type": "rfc3161", "token": "not base64!" }]))]);
    assert_eq!(r[0]["anchors_added"], 1, "{r:?}");

    // Two pushes of it in one request: both sets of anchors are merged, up to 8 in all (3 + 5 of
    // these 7).
    let fake = |i: u8| json!({ "type": "rfc3161", "token": b64(&[0x30, i]) });
    let r = push(vec![
        with(json!([{ "type": "rfc3161", "token": b64(&t2) }])),
        with(Value::Array((1..=6).map(fake).collect())),
    ]);
    assert_eq!((&r[0]["status"], &r[0]["anchors_added"]), (&json!("stored"), &json!(5)), "{r:?}");
    assert_eq!(r[1]["status"], "duplicate", "{r:?}");
    let items = api.pull_all(&token);
    assert_eq!(items.len(), 1);
    let stored = Proof::from_slice(items[0]["proof"].to_string().as_bytes()).unwrap();
    assert_eq!(stored.anchors.len(), 8, "at most 8: {stored:?}");
    assert_eq!(stored.anchors[0], Anchor::Rfc3161 { token: b64(&t1) });
    assert_eq!(
        stored.anchors[1],
        Anchor::Other(json!({ "type": "opentimestamps", "ots": "AAE=" }))
    );
    assert_eq!(stored.anchors[2], Anchor::Rfc3161 { token: "not base64!".into() });
    assert_eq!(stored.anchors[3], Anchor::Rfc3161 { token: b64(&t2) });
    assert_eq!(stored.anchors[7], Anchor::Rfc3161 { token: b64(&[0x30, 4]) });
    assert_eq!(stored.statement(), plain);
    stored.check_signature().unwrap();
}
