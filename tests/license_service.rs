//! End-to-end tests of the licence service on `proofctl serve` (docs/sync-protocol.md,
//! "Licences"): the real binary on loopback with a sealed vendor key, spoken to over HTTP, each
//! test on SQLite and on PostgreSQL. What it issues is checked offline by `proofctl license
//! verify`; what it revokes reaches an installation through `proofctl license refresh`.
//!
//! PostgreSQL runs when PROOFCTL_TEST_POSTGRES is set (see tests/common/db.rs).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::Signer;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use proofctl::sync::protocol::auth_message;
use serde_json::{Value, json};

mod common;

use common::db::{Db, Kind};
use common::server::{Member, spawn_listening};
use common::{Env, PASSPHRASE, all_output, have};

const BIN: &str = env!("CARGO_BIN_EXE_proofctl");

/// The vendor: a home whose key `acme` is sealed with [`PASSPHRASE`], and that passphrase in a
/// file for the server.
struct Vendor {
    env: Env,
    key: PathBuf,
    public: PathBuf,
    passphrase_file: PathBuf,
}

fn vendor() -> Vendor {
    let env = Env::new();
    env.cmd().args(["keygen", "-q", "--name", "acme"]).assert().success();
    let passphrase_file = env.write("passphrase.txt", format!("{PASSPHRASE}\n"));
    Vendor {
        key: env.home().join("keys/acme.key"),
        public: env.home().join("keys/acme.pub"),
        passphrase_file,
        env,
    }
}

/// `proofctl serve` with the licence service, killed when dropped.
struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `proofctl serve` on a free loopback port over `db`, allowing `members`, with `extra` flags.
fn serve_cmd(db: &Db, v: &Vendor, members: &[&Member], extra: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--db", &db.url])
        .env("PROOFCTL_HOME", v.env.home())
        .env_remove("PROOFCTL_PASSPHRASE")
        .env_remove("PROOFCTL_LICENSE_PASSPHRASE")
        .env_remove("PROOFCTL_NOW");
    for m in members {
        cmd.arg(m.allow());
    }
    cmd.args(extra);
    cmd
}

fn start(db: &Db, v: &Vendor, members: &[&Member]) -> Server {
    let key = v.key.to_str().unwrap();
    let pass = v.passphrase_file.to_str().unwrap();
    let extra = ["--license-key", key, "--license-passphrase-file", pass];
    let (child, url, log) = spawn_listening(serve_cmd(db, v, members, &extra));
    Server { child, url, log }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    body: Value,
}

impl Reply {
    fn ok(self) -> Value {
        assert_eq!(self.status, 200, "{self:?}");
        self.body
    }

    /// The status and the error code, the body checked to be the protocol's error shape.
    fn error(&self) -> (u16, &str) {
        let e = &self.body["error"];
        assert_eq!(e.as_object().map(|o| o.len()), Some(2), "{self:?}");
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{self:?}");
        (self.status, e["code"].as_str().unwrap())
    }
}

struct Api {
    http: reqwest::blocking::Client,
    base: String,
}

impl Api {
    fn new(server: &Server) -> Api {
        proofctl::sync::client::install_tls_provider();
        let http =
            reqwest::blocking::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        Api { http, base: server.url.clone() }
    }

    fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let r = req.send().unwrap();
        let status = r.status().as_u16();
        let text = r.text().unwrap();
        Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
    }

    /// A token for `m`: the challenge, signed.
    fn sign_in(&self, m: &Member) -> String {
        let c = self.call("POST", "/v1/auth/challenge", None, Some(&json!({ "kid": m.kid }))).ok();
        let challenge = c["challenge"].as_str().unwrap();
        let bytes = URL_SAFE_NO_PAD.decode(challenge).unwrap();
        let sig = URL_SAFE_NO_PAD.encode(m.key.sign(&auth_message(&bytes, &m.kid)).to_bytes());
        let body = json!({ "kid": m.kid, "challenge": challenge, "signature": sig });
        let t = self.call("POST", "/v1/auth/token", None, Some(&body)).ok();
        t["token"].as_str().unwrap().to_string()
    }
}

/// `proofctl ARGS` in `home`, with no passphrase in the environment.
fn proofctl(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("PROOFCTL_HOME", home)
        .env_remove("PROOFCTL_PASSPHRASE")
        .env_remove("PROOFCTL_NOW")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn json_of(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(o)))
}

/// `serve members grant|ungrant --db DB KID ROLE...`, as the operator does while it runs.
fn roles(db: &Db, verb: &str, m: &Member, roles: &[&str]) -> Value {
    let mut args = vec!["--json", "serve", "members", verb, "--db", &db.url, "--", &m.kid];
    args.extend(roles);
    let o = proofctl(db.dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    json_of(&o)
}

/// `license verify LICENSE --key VENDOR.pub --json` in the installation `home`.
fn verify(home: &Path, token: &str, vendor_pub: &Path) -> (i32, Value) {
    let file = home.with_extension(format!("{}.lic", &token[token.len() - 8..]));
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let o = proofctl(
        home,
        &[
            "license",
            "verify",
            file.to_str().unwrap(),
            "--key",
            vendor_pub.to_str().unwrap(),
            "--json",
        ],
    );
    (o.status.code().unwrap(), json_of(&o))
}

fn subscription(customer: &str, days: u64) -> Value {
    json!({
        "customer": customer, "customer_name": format!("Customer {customer}"), "product": "cad",
        "versions": ["17.0", "18.0"], "modules": ["sales"], "features": ["export"],
        "type": "subscription", "days": days, "grace_days": 7,
    })
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(super::Kind::Sqlite)
            }
            #[test]
            fn postgres() {
                super::$name(super::Kind::Postgres)
            }
        }
    )*};
}

on_both_backends!(issue_list_renew_revoke_refresh, roles_and_audit, concurrent_revocations);

/// A vendor issues through the service; the licence verifies offline; list, show and renew
/// answer as `license list|show|renew` do; a revocation reaches an installation through
/// `license refresh`, after which the licence fails `revoked`.
fn issue_list_renew_revoke_refresh(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let v = vendor();
    let alice = Member::new(db.dir.path(), "alice");
    let server = start(&db, &v, &[&alice]);
    assert!(server.log.lock().unwrap().contains("licence service: issuing as acme"));
    roles(&db, "grant", &alice, &["vendor"]);
    let api = Api::new(&server);
    let t = api.sign_in(&alice);
    let tok = Some(t.as_str());

    let issued = api.call("POST", "/v1/licenses", tok, Some(&subscription("c1", 30))).ok();
    let jti = issued["jti"].as_str().unwrap().to_string();
    let token = issued["token"].as_str().unwrap().to_string();
    assert_eq!(issued["claims"]["sub"], "c1");
    assert_eq!(issued["claims"]["iss"], "acme", "the server's issuer, not the caller's");
    assert_eq!(issued["claims"]["entitlements"]["modules"], json!(["sales"]));
    assert_eq!(issued["renewed_from"], Value::Null);
    let installation = db.dir.path().join("installation");
    let (code, doc) = verify(&installation, &token, &v.public);
    assert_eq!((code, doc["status"].as_str()), (0, Some("valid")), "{doc}");
    assert_eq!(doc["claims"]["jti"], jti.as_str());

    // A perpetual licence bound to a machine, through an activation request as
    // `fingerprint --request` writes it.
    let fp = "mfp1-0123456789abcdef0123456789abcdef";
    let request = json!({
        "format": "proofctl-activation-request-1", "fingerprint": fp, "product": "cad",
        "customer": "c2", "customer_name": "Customer Two", "created": 1_700_000_000u64,
    });
    let body = json!({ "versions": ["*"], "type": "perpetual", "request": request });
    let bound = api.call("POST", "/v1/licenses", tok, Some(&body)).ok();
    assert_eq!(
        (bound["claims"]["machine"].as_str(), bound["claims"]["sub"].as_str()),
        (Some(fp), Some("c2"))
    );
    let perpetual = bound["jti"].as_str().unwrap().to_string();
    // A body that contradicts its request, or binds twice, is refused.
    let mut other = body.clone();
    other["customer"] = json!("someone-else");
    let r = api.call("POST", "/v1/licenses", tok, Some(&other));
    assert_eq!(r.error(), (422, "invalid"), "{r:?}");
    assert!(r.body["error"]["message"].as_str().unwrap().contains("someone-else"), "{r:?}");
    let mut twice = body.clone();
    twice["machine"] = json!(fp);
    let r = api.call("POST", "/v1/licenses", tok, Some(&twice));
    assert_eq!(r.error(), (422, "invalid"), "{r:?}");

    // What `license issue` refuses, the service refuses, with the protocol's error shape.
    let mut no_expiry = subscription("c3", 1);
    no_expiry.as_object_mut().unwrap().remove("days");
    let r = api.call("POST", "/v1/licenses", tok, Some(&no_expiry));
    assert_eq!(r.error(), (422, "invalid"), "{r:?}");
    assert!(r.body["error"]["message"].as_str().unwrap().contains("expiry"), "{r:?}");
    let r = api.call("POST", "/v1/licenses", tok, Some(&json!({ "type": "demo" })));
    assert_eq!(r.error(), (422, "invalid"), "{r:?}");
    let r = api.call("POST", "/v1/licenses", tok, Some(&json!({ "type": "demo", "nonsense": 1 })));
    assert_eq!(r.error(), (400, "bad_request"), "{r:?}");

    // List and show.
    let all = api.call("GET", "/v1/licenses", tok, None).ok();
    let all = all["licenses"].as_array().unwrap().clone();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all.iter().all(|l| l["status"] == "valid" && l.get("token").is_none()), "{all:?}");
    let c1 = api.call("GET", "/v1/licenses?customer=c1", tok, None).ok();
    assert_eq!(c1["licenses"][0]["jti"], jti.as_str());
    assert_eq!(c1["licenses"].as_array().unwrap().len(), 1);
    let soon = api.call("GET", "/v1/licenses?expiring=60d", tok, None).ok();
    assert_eq!(soon["licenses"].as_array().unwrap().len(), 1, "perpetual ones never expire");
    let later = api.call("GET", "/v1/licenses?expiring=10d", tok, None).ok();
    assert!(later["licenses"].as_array().unwrap().is_empty());
    let r = api.call("GET", "/v1/licenses?expiring=soon", tok, None);
    assert_eq!(r.error(), (400, "bad_request"), "{r:?}");
    let shown = api.call("GET", &format!("/v1/licenses/{jti}"), tok, None).ok();
    assert_eq!(
        (shown["token"].as_str(), shown["customer_name"].as_str()),
        (Some(token.as_str()), Some("Customer c1"))
    );
    let r = api.call("GET", &format!("/v1/licenses/{}", "0".repeat(32)), tok, None);
    assert_eq!(r.error(), (404, "not_found"), "{r:?}");
    let r = api.call("GET", "/v1/licenses/not-a-jti", tok, None);
    assert_eq!(r.error(), (400, "bad_request"), "{r:?}");

    // Renew: a new licence with the same customer and entitlements, recorded as a renewal.
    let renewed = api
        .call("POST", &format!("/v1/licenses/{jti}/renew"), tok, Some(&json!({ "days": 365 })))
        .ok();
    let renewal = renewed["jti"].as_str().unwrap().to_string();
    assert_ne!(renewal, jti);
    assert_eq!(renewed["renewed_from"], jti.as_str());
    assert_eq!(renewed["claims"]["entitlements"], issued["claims"]["entitlements"]);
    assert_eq!(renewed["claims"]["grace_days"], 7);
    let (code, doc) = verify(&installation, renewed["token"].as_str().unwrap(), &v.public);
    assert_eq!((code, doc["status"].as_str()), (0, Some("valid")), "{doc}");
    let r = api.call(
        "POST",
        &format!("/v1/licenses/{perpetual}/renew"),
        tok,
        Some(&json!({ "days": 1 })),
    );
    assert_eq!(r.error(), (422, "invalid"), "{r:?}");
    let r = api.call("POST", &format!("/v1/licenses/{jti}/renew"), tok, Some(&json!({})));
    assert_eq!(r.error(), (422, "invalid"), "{r:?}");

    // Revoke: the vendor key's list grows, and is public at once.
    let vendor_kid = issued["kid"].as_str().unwrap().to_string();
    let revoked = api.call("DELETE", &format!("/v1/licenses/{jti}"), tok, None).ok();
    assert_eq!(
        (revoked["status"].as_str(), revoked["seq"].as_u64(), revoked["kid"].as_str()),
        (Some("revoked"), Some(1), Some(vendor_kid.as_str()))
    );
    let again = api.call("DELETE", &format!("/v1/licenses/{jti}"), tok, None).ok();
    assert_eq!((again["status"].as_str(), again["seq"].as_u64()), (Some("unchanged"), Some(1)));
    let public = api.call("GET", &format!("/v1/revocations/{vendor_kid}"), None, None).ok();
    assert_eq!(public["seq"], 1);
    let r = api.call("GET", "/v1/licenses?revoked=true", tok, None).ok();
    assert_eq!(r["licenses"][0]["jti"], jti.as_str());
    assert_eq!(r["licenses"][0]["status"], "revoked");
    let r =
        api.call("POST", &format!("/v1/licenses/{jti}/renew"), tok, Some(&json!({ "days": 9 })));
    assert_eq!(r.error(), (409, "conflict"), "a revoked licence is not renewed: {r:?}");

    // The installation picks the list up, and the licence stops working there.
    let refresh = |home: &Path| {
        let o = proofctl(
            home,
            &[
                "license",
                "refresh",
                "--json",
                "--server",
                &server.url,
                "--key",
                v.public.to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
        json_of(&o)
    };
    let got = refresh(&installation);
    assert_eq!(
        (got["lists"][0]["status"].as_str(), got["lists"][0]["seq"].as_u64()),
        (Some("applied"), Some(1))
    );
    let (code, doc) = verify(&installation, &token, &v.public);
    assert_eq!((code, doc["reason"].as_str()), (1, Some("revoked")), "{doc}");
    // The renewal is another licence: still valid.
    let (code, _) = verify(&installation, renewed["token"].as_str().unwrap(), &v.public);
    assert_eq!(code, 0);
    // A second revocation grows the list; the installation takes seq 2 (it only grows).
    let second = api.call("DELETE", &format!("/v1/licenses/{renewal}"), tok, None).ok();
    assert_eq!(second["seq"], 2);
    assert_eq!(refresh(&installation)["lists"][0]["seq"], 2);
    let (code, doc) = verify(&installation, renewed["token"].as_str().unwrap(), &v.public);
    assert_eq!((code, doc["reason"].as_str()), (1, Some("revoked")), "{doc}");
    let (code, _) = verify(&installation, &token, &v.public);
    assert_eq!(code, 1, "what list 1 revoked, list 2 still revokes");
}

/// Who may do what: no token 401; a member without the role 403; vendors act on licences;
/// only admins read the audit log, which names each action, its actor, licence and client.
fn roles_and_audit(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let v = vendor();
    let alice = Member::new(db.dir.path(), "alice");
    let bob = Member::new(db.dir.path(), "bob");
    let carol = Member::new(db.dir.path(), "carol");
    let server = start(&db, &v, &[&alice, &bob, &carol]);
    let api = Api::new(&server);
    let (ta, tb, tc) = (api.sign_in(&alice), api.sign_in(&bob), api.sign_in(&carol));
    let body = subscription("c1", 30);

    // No token, then a member with no role: refused before anything is read or written.
    for (method, path) in [("POST", "/v1/licenses"), ("GET", "/v1/licenses"), ("GET", "/v1/audit")]
    {
        let r = api.call(method, path, None, Some(&body));
        assert_eq!(r.error(), (401, "unauthorized"), "{method} {path}: {r:?}");
        let r = api.call(method, path, Some(&ta), Some(&body));
        assert_eq!(r.error(), (403, "forbidden"), "{method} {path}: {r:?}");
        let m = r.body["error"]["message"].as_str().unwrap();
        assert!(m.contains("serve members grant") && m.contains(&alice.kid), "{m}");
    }
    // Roles, granted while the server runs, count from the next request.
    let g = roles(&db, "grant", &alice, &["vendor"]);
    assert_eq!(
        g,
        json!({ "name": "alice", "kid": alice.kid, "roles": ["vendor"], "previous_roles": [] })
    );
    roles(&db, "grant", &carol, &["admin", "vendor"]);
    roles(&db, "ungrant", &carol, &["vendor"]);
    let listed =
        json_of(&proofctl(db.dir.path(), &["--json", "serve", "members", "list", "--db", &db.url]));
    let role_of = |name: &str| {
        listed["members"].as_array().unwrap().iter().find(|m| m["name"] == name).unwrap()["roles"]
            .clone()
    };
    assert_eq!(
        (role_of("alice"), role_of("bob"), role_of("carol")),
        (json!(["vendor"]), json!([]), json!(["admin"]))
    );
    let o = proofctl(
        db.dir.path(),
        &["serve", "members", "grant", "--db", &db.url, "--", "nobody", "vendor"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    let o = proofctl(
        db.dir.path(),
        &["serve", "members", "grant", "--db", &db.url, &alice.kid, "root"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));

    let issued = api.call("POST", "/v1/licenses", Some(&ta), Some(&body)).ok();
    let jti = issued["jti"].as_str().unwrap().to_string();
    api.call("GET", &format!("/v1/licenses/{jti}"), Some(&ta), None).ok();
    api.call("GET", "/v1/licenses?customer=c1", Some(&ta), None).ok();
    let renewed = api
        .call("POST", &format!("/v1/licenses/{jti}/renew"), Some(&ta), Some(&json!({ "days": 60 })))
        .ok();
    api.call("DELETE", &format!("/v1/licenses/{jti}"), Some(&ta), None).ok();
    // The others: bob has no role at all, carol is an admin, not a vendor.
    for t in [&tb, &tc] {
        let r = api.call("DELETE", &format!("/v1/licenses/{jti}"), Some(t), None);
        assert_eq!(r.error(), (403, "forbidden"), "{r:?}");
        let r = api.call(
            "POST",
            &format!("/v1/licenses/{jti}/renew"),
            Some(t),
            Some(&json!({ "days": 1 })),
        );
        assert_eq!(r.error(), (403, "forbidden"), "{r:?}");
    }
    for t in [&ta, &tb] {
        let r = api.call("GET", "/v1/audit", Some(t), None);
        assert_eq!(r.error(), (403, "forbidden"), "{r:?}");
    }

    let log = api.call("GET", "/v1/audit", Some(&tc), None).ok();
    assert_eq!(log["more"], false);
    let entries = log["entries"].as_array().unwrap();
    let actions: Vec<(&str, Option<&str>)> =
        entries.iter().map(|e| (e["action"].as_str().unwrap(), e["jti"].as_str())).collect();
    let renewal = renewed["jti"].as_str().unwrap();
    assert_eq!(
        actions,
        [
            ("issue", Some(jti.as_str())),
            ("show", Some(jti.as_str())),
            ("list", None),
            ("renew", Some(renewal)),
            ("revoke", Some(jti.as_str())),
        ],
        "{log}"
    );
    for e in entries {
        assert_eq!(
            (e["kid"].as_str(), e["name"].as_str()),
            (Some(alice.kid.as_str()), Some("alice")),
            "{e}"
        );
        assert_eq!(e["client"], "127.0.0.1", "{e}");
        assert!(e["at"].as_i64().unwrap() > 1_700_000_000, "{e}");
        assert!(e["detail"].as_str().is_some_and(|d| !d.is_empty()), "{e}");
    }
    let seqs: Vec<i64> = entries.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    // Paged by seq, as /v1/items is.
    let page =
        api.call("GET", &format!("/v1/audit?after={}&limit=2", seqs[0]), Some(&tc), None).ok();
    assert_eq!(
        (page["entries"].as_array().unwrap().len(), page["more"].as_bool(), page["next"].as_i64()),
        (2, Some(true), Some(seqs[2]))
    );
    let r = api.call("GET", "/v1/audit?limit=0", Some(&tc), None);
    assert_eq!(r.error(), (400, "bad_request"), "{r:?}");
    // `proofctl license audit`, signed in with the member's key file: the same entries.
    let key_file = |m: &Member, name: &str| {
        let path = db.dir.path().join(format!("{name}.key"));
        let pem = m.key.to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF).unwrap();
        std::fs::write(&path, pem.as_bytes()).unwrap();
        path.to_str().unwrap().to_string()
    };
    let audit_cli = |key: &str, after: i64| {
        let after = after.to_string();
        let args = [
            "--json",
            "license",
            "audit",
            "--server",
            &server.url,
            "--key",
            key,
            "--after",
            &after,
        ];
        proofctl(db.dir.path(), &args)
    };
    let o = audit_cli(&key_file(&carol, "carol"), 0);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let doc = json_of(&o);
    assert_eq!(doc["entries"], log["entries"]);
    assert_eq!(doc["next"], seqs[4]);
    let o = audit_cli(&key_file(&carol, "carol"), seqs[3]);
    assert_eq!(json_of(&o)["entries"].as_array().unwrap().len(), 1);
    let o = audit_cli(&key_file(&alice, "alice"), 0);
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    assert!(all_output(&o).contains("admin role"), "{}", all_output(&o));

    // `proofctl license api`: a vendor issues, shows and revokes from the command line.
    let alice_key = key_file(&alice, "alice");
    let api_cli = |args: &[&str]| {
        let mut all = vec!["license", "api", "--server", &server.url, "--key", &alice_key];
        all.extend_from_slice(args);
        proofctl(db.dir.path(), &all)
    };
    let body_file = db.dir.path().join("body.json");
    std::fs::write(&body_file, subscription("c9", 10).to_string()).unwrap();
    let o = api_cli(&["post", "/v1/licenses", "--data", &format!("@{}", body_file.display())]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let issued = json_of(&o);
    let cli_jti = issued["jti"].as_str().unwrap().to_string();
    let installation = tempfile::tempdir().unwrap();
    let (code, doc) = verify(installation.path(), issued["token"].as_str().unwrap(), &v.public);
    assert_eq!(code, 0, "{doc}");
    let o = api_cli(&["GET", &format!("/v1/licenses/{cli_jti}")]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(json_of(&o)["jti"], cli_jti.as_str(), "{}", all_output(&o));
    let o = api_cli(&["DELETE", &format!("/v1/licenses/{cli_jti}")]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert_eq!(json_of(&o)["status"], "revoked", "{}", all_output(&o));
    // Bad input: one line and exit 2, before anything is sent; a refusal names the server's reason.
    for (args, want) in [
        (&["POST", "/v1/licenses", "--data", "{not json"][..], "is not JSON"),
        (&["GET", "licenses"][..], "paths start with /v1/"),
        (&["GET", "/v1/licenses", "--data", "{}"][..], "--data goes with POST only"),
    ] {
        let o = api_cli(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", all_output(&o));
        assert!(all_output(&o).contains(want), "{args:?}: {}", all_output(&o));
    }
    let o = proofctl(
        db.dir.path(),
        &[
            "license",
            "api",
            "--server",
            &server.url,
            "--key",
            &key_file(&bob, "bob"),
            "GET",
            "/v1/licenses",
        ],
    );
    assert_ne!(o.status.code(), Some(0), "{}", all_output(&o));
    assert!(all_output(&o).contains("serve members grant"), "{}", all_output(&o));

    // Taking the role away works at the next request too.
    roles(&db, "ungrant", &alice, &["vendor"]);
    let r = api.call("GET", "/v1/licenses", Some(&ta), None);
    assert_eq!(r.error(), (403, "forbidden"), "{r:?}");
    drop(server);

    // A server started without a vendor key issues nothing, and says why.
    let (child, url, _) = spawn_listening(serve_cmd(&db, &v, &[], &[]));
    let plain = Server { child, url, log: Arc::default() };
    let api = Api::new(&plain);
    roles(&db, "grant", &alice, &["vendor"]);
    let ta = api.sign_in(&alice);
    let r = api.call("POST", "/v1/licenses", Some(&ta), Some(&body));
    assert_eq!(r.error(), (404, "not_found"), "{r:?}");
    assert!(r.body["error"]["message"].as_str().unwrap().contains("--license-key"), "{r:?}");
}

/// Revocations sent at once all land: each new list keeps what the one before revoked.
fn concurrent_revocations(kind: Kind) {
    let Some(db) = Db::new(kind) else { return };
    let v = vendor();
    let alice = Member::new(db.dir.path(), "alice");
    let server = start(&db, &v, &[&alice]);
    roles(&db, "grant", &alice, &["vendor"]);
    let api = Api::new(&server);
    let t = api.sign_in(&alice);
    let jtis: Vec<String> = (0..6)
        .map(|i| {
            let r = api.call(
                "POST",
                "/v1/licenses",
                Some(&t),
                Some(&subscription(&format!("c{i}"), 30)),
            );
            r.ok()["jti"].as_str().unwrap().to_string()
        })
        .collect();
    std::thread::scope(|s| {
        for jti in &jtis {
            let (api, t) = (Api::new(&server), t.clone());
            s.spawn(move || {
                let r = api.call("DELETE", &format!("/v1/licenses/{jti}"), Some(&t), None).ok();
                assert_eq!(r["status"], "revoked");
            });
        }
    });
    let kid = proofctl::keys::kid(&proofctl::trust::read_public_key(&v.public).unwrap());
    let list = api.call("GET", &format!("/v1/revocations/{kid}"), None, None).ok();
    assert_eq!(list["seq"], 6, "{list}");
    let (_, claims) = proofctl::license::inspect(list["token"].as_str().unwrap()).unwrap();
    let mut revoked: Vec<String> = serde_json::from_value(claims["revoked_jtis"].clone()).unwrap();
    revoked.sort();
    let mut want = jtis.clone();
    want.sort();
    assert_eq!(revoked, want);
}

/// The vendor key is unlocked once at start: a wrong or missing passphrase stops the server
/// with one line and exit 2 before it listens; the environment variable works as the file does.
#[test]
fn start_needs_the_vendor_key_passphrase() {
    let Some(db) = Db::new(Kind::Sqlite) else { return };
    let v = vendor();
    let key = v.key.to_str().unwrap().to_string();
    let fails = |mut cmd: Command| -> String {
        let o = cmd.stdin(Stdio::null()).output().unwrap();
        let text = all_output(&o);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert_eq!(text.trim().lines().count(), 1, "one line: {text}");
        assert!(!text.contains("listening"), "{text}");
        text
    };
    let wrong = v.env.write("wrong.txt", "not it\n");
    let text = fails(serve_cmd(
        &db,
        &v,
        &[],
        &["--license-key", &key, "--license-passphrase-file", wrong.to_str().unwrap()],
    ));
    assert!(text.contains("wrong passphrase") && text.contains("wrong.txt"), "{text}");
    let mut cmd = serve_cmd(&db, &v, &[], &["--license-key", &key]);
    cmd.env("PROOFCTL_LICENSE_PASSPHRASE", "not it either");
    let text = fails(cmd);
    assert!(
        text.contains("wrong passphrase") && text.contains("PROOFCTL_LICENSE_PASSPHRASE"),
        "{text}"
    );
    let text = fails(serve_cmd(&db, &v, &[], &["--license-key", "no-such-key"]));
    assert!(text.contains("no-such-key"), "{text}");
    if have("setsid") {
        // No file, no variable, no terminal to ask on.
        let mut cmd = Command::new("setsid");
        cmd.arg("-w")
            .arg(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--db", &db.url, "--license-key", &key])
            .env("PROOFCTL_HOME", v.env.home())
            .env_remove("PROOFCTL_PASSPHRASE")
            .env_remove("PROOFCTL_LICENSE_PASSPHRASE");
        let text = fails(cmd);
        assert!(
            text.contains("PROOFCTL_LICENSE_PASSPHRASE")
                && text.contains("--license-passphrase-file"),
            "{text}"
        );
    }
    // From the environment, it starts.
    let mut cmd = serve_cmd(&db, &v, &[], &["--license-key", &key]);
    cmd.env("PROOFCTL_LICENSE_PASSPHRASE", PASSPHRASE);
    let (child, _, log) = spawn_listening(cmd);
    let server = Server { child, url: String::new(), log };
    assert!(server.log.lock().unwrap().contains("licence service: issuing as acme"));
}
