//! `--json` as a contract (docs/json-output.md): every command run on real inputs, its stdout
//! checked to be exactly one JSON document (JSON Lines for `serve`) that its schema in
//! `schema/json/` accepts, and each schema checked to refuse a member it does not list.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use common::{Env, all_output};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = root().join("schema/json").join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|e| panic!("{}: not a valid schema: {e}", path.display()))
}

/// Fails with every reason the schema gives, and the document.
fn assert_valid(name: &str, doc: &Value) {
    let v = schema(name);
    let errors: Vec<String> =
        v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{name}.schema.json refuses the output:\n{errors:#?}\n{doc:#}");
    // Strict: a member nobody documented is drift, and the schema must say so.
    if let Value::Object(map) = doc {
        let mut extra = map.clone();
        extra.insert("undocumented".into(), json!(1));
        assert!(
            !v.is_valid(&Value::Object(extra)),
            "{name}.schema.json accepts an unknown top-level member"
        );
    }
}

/// stdout as exactly one JSON document (whitespace around it is fine).
fn one_document(out: &Output) -> Value {
    let mut docs = serde_json::Deserializer::from_slice(&out.stdout).into_iter::<Value>();
    let first = docs
        .next()
        .unwrap_or_else(|| panic!("no JSON on stdout:\n{}", all_output(out)))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", all_output(out)));
    assert!(docs.next().is_none(), "more than one document on stdout:\n{}", all_output(out));
    first
}

/// Runs a command; checks its exit code and its stdout against `schema`.
fn run(cmd: &mut assert_cmd::Command, code: i32, name: &str) -> Value {
    run_with_output(cmd, code, name).0
}

fn run_with_output(cmd: &mut assert_cmd::Command, code: i32, name: &str) -> (Value, Output) {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(code), "{}", all_output(&out));
    let doc = one_document(&out);
    assert_valid(name, &doc);
    (doc, out)
}

/// A fatal error: exit 2, the error document on stdout with `code`, one line on stderr.
fn fails(cmd: &mut assert_cmd::Command, code: &str) -> Value {
    let (doc, out) = run_with_output(cmd, 2, "error");
    assert_eq!(doc["error"]["code"], code, "{doc:#}");
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 1, "one line: {doc}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("proofctl: error: ")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    // The document says what the line says.
    assert!(errors[0].ends_with(doc["error"]["message"].as_str().unwrap()), "{stderr} / {doc:#}");
    doc
}

fn json_cmd(env: &Env, args: &[&str]) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.arg("--json").args(args);
    c
}

/// A home with a key pair `name` stored without a passphrase (fast); returns its public key.
fn member(env: &Env, name: &str) -> Value {
    run(&mut json_cmd(env, &["keygen", "--no-passphrase", "--name", name]), 0, "key")
}

#[test]
fn keys_and_trust() {
    let env = Env::new();
    // A sealed key (the real KDF), and one in the clear.
    let sealed = run(&mut json_cmd(&env, &["keygen", "--name", "alice"]), 0, "key");
    assert_eq!(sealed["encrypted"], true);
    let plain = member(&env, "bob");
    assert_eq!(plain["encrypted"], false);
    let list = run(&mut json_cmd(&env, &["key", "list"]), 0, "key-list");
    assert_eq!(list["keys"].as_array().unwrap().len(), 2);
    let mut shown = run(&mut json_cmd(&env, &["key", "show", "alice"]), 0, "key");
    // alice was the only key, so the default; with bob beside it, no key is.
    assert_eq!((sealed["default"].clone(), shown["default"].clone()), (json!(true), json!(false)));
    shown["default"] = json!(true);
    assert_eq!(shown, sealed, "keygen and key show describe a key alike");
    let chosen = run(&mut json_cmd(&env, &["key", "default", "alice"]), 0, "key");
    assert_eq!((chosen["name"].clone(), chosen["default"].clone()), (json!("alice"), json!(true)));
    // One name for a PEM public key everywhere: the proof's own `public_key_pem`.
    let export = run(&mut json_cmd(&env, &["key", "export", "alice"]), 0, "key-export");
    assert_eq!(export["public_key_pem"], sealed["public_key_pem"]);
    assert_eq!(export["private_key_pem"], Value::Null);
    let written =
        run(&mut json_cmd(&env, &["key", "export", "alice", "-o", "alice.pub"]), 0, "key-export");
    assert_eq!(written["path"], "alice.pub");
    let secret = run(&mut json_cmd(&env, &["key", "export", "--pkcs8", "bob"]), 0, "key-export");
    assert_eq!(secret["public_key_pem"], plain["public_key_pem"]);
    env.write("bob.pem", secret["private_key_pem"].as_str().unwrap());
    let imported = run(
        &mut json_cmd(&env, &["key", "import", "bob.pem", "--name", "bob2", "--no-passphrase"]),
        0,
        "key",
    );
    assert_eq!(imported["kid"], plain["kid"]);
    let replaced = run(
        &mut json_cmd(&env, &["keygen", "--name", "bob2", "--no-passphrase", "--force"]),
        0,
        "key",
    );
    assert!(replaced["backup"].as_str().is_some_and(|b| b.contains("bob2.key.bak-")), "{replaced}");
    fails(&mut json_cmd(&env, &["key", "show", "nobody"]), "not_found");
    fails(&mut json_cmd(&env, &["keygen", "--name", "bob", "--no-passphrase"]), "exists");

    // Trust: someone else's key, by file.
    let other = Env::new();
    let carol = member(&other, "carol");
    env.write("carol.pub", carol["public_key_pem"].as_str().unwrap());
    let added =
        run(&mut json_cmd(&env, &["trust", "add", "carol.pub", "--name", "carol"]), 0, "trust-add");
    assert_eq!((added["added"].clone(), added["kid"].clone()), (json!(true), carol["kid"].clone()));
    let list = run(&mut json_cmd(&env, &["trust", "list"]), 0, "trust-list");
    let sources: Vec<&str> =
        list["keys"].as_array().unwrap().iter().map(|k| k["source"].as_str().unwrap()).collect();
    assert!(sources.contains(&"trust_store") && sources.contains(&"own_key"), "{list:#}");
    let removed = run(&mut json_cmd(&env, &["trust", "remove", "carol"]), 0, "trust-remove");
    assert_eq!(removed["still_trusted_as"], Value::Null);
    fails(&mut json_cmd(&env, &["trust", "remove", "carol"]), "not_found");
    fails(&mut json_cmd(&env, &["trust", "add", "missing.pub"]), "input");
}

#[test]
fn sign_and_verify() {
    let env = Env::new();
    // Fatal: nothing to sign with.
    env.write("a.txt", "first file");
    fails(&mut json_cmd(&env, &["sign", "a.txt"]), "not_found");
    let alice = member(&env, "alice");
    env.write("b.txt", "second file");
    // Per-file problems are part of the document; the command still exits 2.
    let signed = run(&mut json_cmd(&env, &["sign", "a.txt", "b.txt", "gone.txt"]), 2, "sign");
    assert_eq!(signed["key"]["kid"], alice["kid"]);
    assert_eq!(signed["signed"].as_array().unwrap().len(), 2);
    assert_eq!(signed["errors"][0]["path"], "gone.txt");
    let again = run(&mut json_cmd(&env, &["sign", "a.txt"]), 2, "sign");
    assert!(again["errors"][0]["message"].as_str().unwrap().contains("already exists"));
    // Standard input, with the name the proof records.
    let piped = run(
        json_cmd(&env, &["sign", "-", "--name", "piped.txt", "-o", "piped.proof"])
            .write_stdin("piped"),
        0,
        "sign",
    );
    assert_eq!(piped["signed"][0]["name"], "piped.txt");

    let ok = run(&mut json_cmd(&env, &["verify", "a.txt.proof"]), 0, "verify");
    assert_eq!(ok["results"][0]["signer"]["trusted_by"], "own_key");
    env.write("b.txt", "second file, changed");
    let bad = run(&mut json_cmd(&env, &["verify", "a.txt.proof", "b.txt.proof"]), 1, "verify");
    assert_eq!(bad["results"][1]["reason"], "size_mismatch");
    let missing = run(&mut json_cmd(&env, &["verify", "a.txt.proof", "no.proof"]), 2, "verify");
    assert_eq!(missing["results"][1]["reason"], "proof_not_found");
    // Signed by a key nobody here trusts.
    let stranger = Env::new();
    member(&stranger, "mallory");
    stranger.write("m.txt", "from a stranger");
    stranger.cmd().args(["sign", "-q", "m.txt"]).assert().success();
    let proof = stranger.path("m.txt.proof");
    let untrusted = run(&mut json_cmd(&env, &["verify", proof.to_str().unwrap()]), 1, "verify");
    assert_eq!(untrusted["results"][0]["status"], "untrusted");
    // --indexed: bytes the index has no proof for.
    env.write("c.txt", "never signed");
    let none = run(&mut json_cmd(&env, &["verify", "--indexed", "c.txt"]), 2, "verify");
    assert_eq!(none["results"][0]["reason"], "no_proof");
    // Fatal: the trust material itself is missing.
    fails(&mut json_cmd(&env, &["verify", "--trust-dir", "nowhere", "a.txt.proof"]), "not_found");
}

#[test]
fn a_wrong_passphrase_is_its_own_code() {
    let env = Env::new();
    env.keygen();
    env.write("a.txt", "text");
    fails(
        json_cmd(&env, &["sign", "a.txt"]).env("PROOFCTL_PASSPHRASE", "not it"),
        "wrong_passphrase",
    );
}

#[test]
fn licences() {
    const NOW: u64 = 1_800_000_000;
    let env = Env::new();
    member(&env, "acme");
    let at = |now: u64, args: &[&str]| {
        let mut c = json_cmd(&env, args);
        c.env("PROOFCTL_NOW", now.to_string());
        c
    };
    let issued = run(
        at(NOW, &["license", "issue", "--key", "acme", "--customer", "c1"])
            .args(["--customer-name", "C", "--product", "cad", "--versions", "1"])
            .args(["--type", "subscription", "--days", "30", "--grace-days", "5", "-o", "c.lic"]),
        0,
        "license-issue",
    );
    assert_eq!(issued["path"], "c.lic");
    let perpetual = run(
        at(NOW, &["license", "issue", "--key", "acme", "--customer", "c2"])
            .args(["--customer-name", "D", "--product", "cad", "--versions", "*"])
            .args(["--type", "perpetual", "--seats", "3"]),
        0,
        "license-issue",
    );
    assert_eq!(perpetual["path"], Value::Null);
    assert!(perpetual["claims"].get("exp").is_none(), "perpetual: no exp, as in the token");
    let pem = run(&mut json_cmd(&env, &["key", "export", "acme"]), 0, "key-export");
    env.write("acme.pub", pem["public_key_pem"].as_str().unwrap());
    let verify = |now: u64, file: &str, code: i32| {
        run(&mut at(now, &["license", "verify", file, "--key", "acme.pub"]), code, "license-verify")
    };
    assert_eq!(verify(NOW, "c.lic", 0)["status"], "valid");
    // Later times on another installation: this one would then refuse NOW as a clock set back.
    let later = |now: u64, code: i32| {
        let mut c = at(now, &["license", "verify", "c.lic", "--key", "acme.pub"]);
        c.env("PROOFCTL_HOME", env.path("later"));
        run(&mut c, code, "license-verify")
    };
    assert_eq!(later(NOW + 32 * 86_400, 0)["status"], "grace");
    assert_eq!(later(NOW + 40 * 86_400, 1)["reason"], "expired");
    assert_eq!(later(NOW, 1)["reason"], "clock_rolled_back");
    let unreadable = verify(NOW, "missing.lic", 2);
    assert_eq!(
        (unreadable["status"].clone(), unreadable["reason"].clone()),
        (json!("error"), json!("unreadable"))
    );
    env.write("junk.lic", "not a licence");
    assert_eq!(verify(NOW, "junk.lic", 2)["reason"], "malformed");
    // Fatal: how to check is missing, not what.
    fails(&mut at(NOW, &["license", "verify", "c.lic"]), "usage");
    run(&mut json_cmd(&env, &["license", "inspect", "c.lic"]), 0, "license-inspect");
    let jti = issued["claims"]["jti"].as_str().unwrap();
    // The vendor's registry.
    let listed = run(&mut at(NOW, &["license", "list"]), 0, "license-list");
    assert_eq!(listed["licenses"].as_array().unwrap().len(), 2, "{listed}");
    run(
        &mut at(NOW, &["license", "list", "--expiring", "60d", "--customer", "c1"]),
        0,
        "license-list",
    );
    let shown = run(&mut at(NOW, &["license", "show", jti]), 0, "license-show");
    assert_eq!(shown["jti"], jti);
    let renewed = run(
        &mut at(NOW, &["license", "renew", jti, "--days", "90", "--key", "acme", "-o", "r.lic"]),
        0,
        "license-issue",
    );
    assert_eq!(renewed["renewed_from"], jti);
    fails(&mut at(NOW, &["license", "show", &"f".repeat(32)]), "usage");
    let revoked = run(
        &mut at(NOW, &["license", "revoke", jti, "--key", "acme", "-o", "rev.jwt"]),
        0,
        "license-revoke",
    );
    assert_eq!(revoked["seq"], 1);
    let again = run(
        at(NOW, &["license", "verify", "c.lic", "--key", "acme.pub"])
            .args(["--revocations", "rev.jwt"]),
        1,
        "license-verify",
    );
    assert_eq!(again["reason"], "revoked");
    // The machine id may be missing in a container: then it is the fatal error document.
    let out = json_cmd(&env, &["fingerprint"]).output().unwrap();
    if out.status.success() {
        assert_valid("fingerprint", &one_document(&out));
    } else {
        fails(&mut json_cmd(&env, &["fingerprint"]), "usage");
    }
}

#[test]
fn index_and_search() {
    let env = Env::new();
    fails(&mut json_cmd(&env, &["search", "--text", "anything at all here"]), "not_found");
    fails(&mut json_cmd(&env, &["index", "stats"]), "not_found");
    let text = "The committee met on Tuesday to review the budget for the new library wing and \
                agreed to publish the minutes by the end of the month.";
    env.write("docs/minutes.txt", text);
    env.write("docs/empty.txt", "");
    env.write("docs/broken.jpg", b"\xff\xd8\xff\xe0 not really a jpeg");
    let added = run(&mut json_cmd(&env, &["index", "add", "docs"]), 2, "index-add");
    assert_eq!(added["added"], 1, "{added:#}");
    assert_eq!(added["skipped"].as_array().unwrap().len(), 1, "{added:#}");
    assert_eq!(added["errors"].as_array().unwrap().len(), 1, "{added:#}");
    let stats = run(&mut json_cmd(&env, &["index", "stats"]), 0, "index-stats");
    assert_eq!(stats["check"], Value::Null);
    let checked = run(&mut json_cmd(&env, &["index", "stats", "--check"]), 0, "index-stats");
    assert_eq!(checked["check"]["ok"], true);
    // A signed file: its match carries the signer.
    member(&env, "alice");
    env.write("signed/notes.txt", text);
    env.cmd().args(["sign", "-q", "signed/notes.txt"]).assert().success();
    let found = run(&mut json_cmd(&env, &["search", "docs/minutes.txt"]), 0, "search");
    let signals: Vec<&str> = found["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["signal"].as_str().unwrap())
        .collect();
    assert!(signals.contains(&"exact"), "{found:#}");
    assert!(found["matches"].as_array().unwrap().iter().any(|m| m["signer"]["trusted"] == true));
    run(&mut json_cmd(&env, &["search", "--text", text]), 0, "search");
    let nothing = run(
        &mut json_cmd(&env, &["search", "--text", "zebras juggling quantum marmalade"]),
        1,
        "search",
    );
    assert_eq!(nothing["matches"], json!([]));
    let removed =
        run(&mut json_cmd(&env, &["index", "remove", "docs", "elsewhere"]), 0, "index-remove");
    assert_eq!(removed["not_indexed"], json!(["elsewhere"]));
}

#[test]
fn models() {
    let env = Env::new();
    fails(&mut json_cmd(&env, &["model", "default", "tiny"]), "not_found");
    let tiny = root().join("tests/models/tiny");
    let added = run(&mut json_cmd(&env, &["model", "add", tiny.to_str().unwrap()]), 0, "model-add");
    assert_eq!(added["default"], true);
    let list = run(&mut json_cmd(&env, &["model", "list"]), 0, "model-list");
    assert_eq!(list["models"][0]["id"], added["id"]);
    let default = run(&mut json_cmd(&env, &["model", "default", "tiny"]), 0, "model");
    assert_eq!(default, list["models"][0], "model default shows what model list shows");
}

/// A `proofctl --json serve` child, its stdout read line by line; terminated when dropped.
struct Server {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Server {
    fn start(db: &Path, allow: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_proofctl"))
            .args(["--json", "serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .arg("--allow-key")
            .arg(allow)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Server { child, lines }
    }

    /// The next line of stdout, checked against the `serve` schema.
    fn event(&self) -> Value {
        let line = self.lines.recv_timeout(Duration::from_secs(60)).expect("a line within 60 s");
        let v: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(!line.contains('\n') && line.starts_with('{'), "one compact object per line");
        assert_valid("serve", &v);
        v
    }

    fn terminate(&mut self) {
        // SIGTERM, so the server says it stopped (Child::kill would be SIGKILL).
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_streams_events_and_sync_reports() {
    let env = Env::new();
    let alice = member(&env, "alice");
    let alice_pub = env.home().join("keys/alice.pub");
    let mut server = Server::start(&env.path("server.sqlite"), &alice_pub);
    let allowed = server.event();
    assert_eq!(
        (allowed["event"].clone(), allowed["change"].clone()),
        (json!("key_allowed"), json!("new"))
    );
    let listening = server.event();
    assert_eq!(listening["event"], "listening", "{listening}");
    let url = listening["url"].as_str().unwrap().to_string();

    env.write("a.txt", "shared with the team");
    env.cmd().args(["sign", "-q", "a.txt"]).assert().success();
    let report = run(&mut json_cmd(&env, &["sync", "--server", &url]), 0, "sync");
    assert_eq!(report["pushed"], 1, "{report:#}");
    // An installation fetching its vendor's revocation lists (none published yet).
    let pubkey = alice_pub.to_str().unwrap();
    let refreshed = run(
        &mut json_cmd(&env, &["license", "refresh", "--server", &url, "--key", pubkey]),
        0,
        "license-refresh",
    );
    assert_eq!(refreshed["lists"][0]["status"], "none", "{refreshed:#}");
    // An admin reading the licence service's audit log (empty: nothing issued here).
    let db = env.path("server.sqlite");
    let kid = allowed["kid"].as_str().unwrap().to_string();
    run(
        &mut json_cmd(
            &env,
            &["serve", "members", "grant", "--db", db.to_str().unwrap(), "--", &kid, "admin"],
        ),
        0,
        "serve-members-roles",
    );
    let audit = run(
        &mut json_cmd(&env, &["license", "audit", "--server", &url, "--key", "alice"]),
        0,
        "license-audit",
    );
    assert_eq!(
        (audit["entries"].clone(), audit["next"].clone()),
        (json!([]), json!(0)),
        "{audit:#}"
    );
    // Fatal: a key the server does not know cannot sign in.
    let stranger = Env::new();
    member(&stranger, "mallory");
    fails(&mut json_cmd(&stranger, &["sync", "--server", &url]), "server_refused");
    server.terminate();
    // One `request` event per answered request (sign-in, push, pull, refusals), then `stopped`.
    let mut requests = Vec::new();
    loop {
        let e = server.event();
        if e["event"] == "stopped" {
            break;
        }
        assert_eq!(e["event"], "request", "{e}");
        requests.push(e);
    }
    assert!(
        requests.iter().any(|r| r["kid"] == alice["kid"] && r["status"] == 200),
        "{requests:?}"
    );
    assert!(requests.iter().any(|r| r["status"] == 403), "mallory's refusal: {requests:?}");

    // Members, changed on the database directly.
    env.write("m.pub", member(&stranger, "mia")["public_key_pem"].as_str().unwrap());
    let dbpath = env.path("server.sqlite");
    let db = dbpath.to_str().unwrap();
    let added = run(
        &mut json_cmd(&env, &["serve", "members", "add", "--db", db, "m.pub"]),
        0,
        "serve-members-add",
    );
    assert_eq!(added["allowed"][0]["change"], "new");
    let list = run(
        &mut json_cmd(&env, &["serve", "members", "list", "--db", db]),
        0,
        "serve-members-list",
    );
    assert_eq!(list["members"].as_array().unwrap().len(), 2, "{list:#}");
    let kid = added["allowed"][0]["kid"].as_str().unwrap().to_string();
    let granted = run(
        &mut json_cmd(&env, &["serve", "members", "grant", "--db", db, "--", &kid, "vendor"]),
        0,
        "serve-members-roles",
    );
    assert_eq!(granted["roles"], serde_json::json!(["vendor"]));
    let removed = run(
        &mut json_cmd(&env, &["serve", "members", "remove", "--db", db, "--", &kid]),
        0,
        "serve-members-remove",
    );
    assert_eq!(removed["removed"][0]["already_removed"], false);

    // Fatal: the server is gone.
    fails(&mut json_cmd(&env, &["sync", "--retries", "1"]), "unreachable");
    // A server that cannot start says why in the error document, not as an event line.
    let db = env.path("server.sqlite");
    let db = db.to_str().unwrap();
    fails(&mut json_cmd(&env, &["serve", "--listen", "nowhere", "--db", db]), "usage");
}

#[test]
fn commands_without_a_json_form_and_usage_errors_say_so_in_json() {
    let env = Env::new();
    fails(&mut json_cmd(&env, &["completions", "bash"]), "usage");
    // clap's own refusals, wherever --json stands: clap writes the stderr part.
    let clap = |cmd: &mut assert_cmd::Command, says: &str| {
        let (doc, out) = run_with_output(cmd, 2, "error");
        assert_eq!(doc["error"]["code"], "usage");
        let message = doc["error"]["message"].as_str().unwrap();
        assert!(message.contains(says) && !message.contains("Usage:"), "{message}");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
    };
    clap(&mut json_cmd(&env, &["sign"]), "required arguments were not provided: <FILE>");
    clap(env.cmd().args(["verify", "--no-such-flag", "--json"]), "'--no-such-flag'");
    clap(&mut json_cmd(&env, &["frobnicate"]), "'frobnicate'");
    // After `--`, `--json` is an operand, not the flag.
    let out = env.cmd().args(["sign", "--", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", all_output(&out));
    // --help is not an error, and stays text.
    let out = json_cmd(&env, &["--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// `attest` and `verify` of what it wrote (issue 15): a DSSE envelope and a release manifest,
/// with `subjects` and the new reasons.
#[test]
fn attest_and_dsse_documents() {
    let env = Env::new();
    member(&env, "rel");
    env.write("dist/a.txt", "a");
    env.write("dist/b.txt", "b");
    let doc = run(
        &mut json_cmd(
            &env,
            &["attest", "dist/a.txt", "--envelope", "--predicate-type", "https://x/p"],
        ),
        0,
        "attest",
    );
    assert_eq!(doc["format"], "dsse");
    let doc = run(&mut json_cmd(&env, &["attest", "--manifest", "dist"]), 0, "attest");
    assert_eq!(doc["subjects"].as_array().unwrap().len(), 3, "{doc:#}");
    let r = run(&mut json_cmd(&env, &["verify", "dist/a.txt.intoto.json"]), 0, "verify");
    assert_eq!(r["results"][0]["subjects"][0]["status"], "match");
    let r = run(
        &mut json_cmd(&env, &["verify", "dist/a.txt.intoto.json", "--predicate-type", "https://y"]),
        1,
        "verify",
    );
    assert_eq!(r["results"][0]["reason"], "predicate_mismatch");
    env.write("dist/a.txt", "A");
    let r = run(&mut json_cmd(&env, &["verify", "dist/a.txt.intoto.json"]), 1, "verify");
    assert_eq!(r["results"][0]["reason"], "subject_mismatch");
}

/// Every schema is documented and exercised here; the README points at the convention.
#[test]
fn every_schema_is_documented_and_tested() {
    let doc = std::fs::read_to_string(root().join("docs/json-output.md")).unwrap();
    let tests = std::fs::read_to_string(root().join("tests/json_output.rs")).unwrap();
    let mut names = Vec::new();
    for e in std::fs::read_dir(root().join("schema/json")).unwrap() {
        let file = e.unwrap().file_name().into_string().unwrap();
        let name = file.strip_suffix(".schema.json").expect("only *.schema.json in schema/json");
        schema(name);
        assert!(doc.contains(&format!("schema/json/{file}")), "docs/json-output.md omits {file}");
        assert!(tests.contains(&format!("\"{name}\"")), "no test checks output against {file}");
        names.push(name.to_string());
    }
    assert!(names.len() > 20, "{names:?}");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("docs/json-output.md"));
}

/// Trusted time (issue 13): `verify`'s `time` object with real RFC 3161 tokens, and the TSA
/// root commands.
#[test]
fn trusted_time_documents() {
    use common::pki::{Alg, Pki};
    let env = Env::new();
    member(&env, "alice");
    let mut pki = Pki::new("Json TSA Root");
    let tsa = pki.tsa(Alg::P256, 365, true);
    let root = pki.root_pem();
    let root = root.to_str().unwrap();
    let added = run(&mut json_cmd(&env, &["trust", "add-tsa", root]), 0, "trust-add-tsa");
    assert_eq!(added["added"], true);
    let list = run(&mut json_cmd(&env, &["trust", "list"]), 0, "trust-list");
    assert_eq!(list["tsa_roots"][0]["name"], "Json-TSA-Root");

    env.write("a.txt", "stamped");
    run(&mut json_cmd(&env, &["sign", "--no-index", "a.txt"]), 0, "sign");
    let path = env.path("a.txt.proof");
    let mut proof = proofctl::proof::Proof::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let token = pki.stamp_digest(&tsa, &proof.signature_digest(), "sha256");
    proof.add_rfc3161(&token).unwrap();
    let mut bad = token.clone();
    *bad.last_mut().unwrap() ^= 1;
    proof.add_rfc3161(&bad).unwrap();
    let mut v = serde_json::to_value(&proof).unwrap();
    v["anchors"].as_array_mut().unwrap().push(json!({"type": "tlog", "x": 1}));
    std::fs::write(&path, v.to_string()).unwrap();

    let ok = run(&mut json_cmd(&env, &["verify", "a.txt.proof"]), 0, "verify");
    let time = &ok["results"][0]["time"];
    assert_eq!(time["authority"], format!("Test TSA {}", pki.serial));
    let statuses: Vec<&str> =
        time["anchors"].as_array().unwrap().iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["valid", "invalid", "unknown"]);
    env.write("b.txt", "plain");
    run(&mut json_cmd(&env, &["sign", "--no-index", "b.txt"]), 0, "sign");
    let required =
        run(&mut json_cmd(&env, &["verify", "--require-timestamp", "b.txt.proof"]), 1, "verify");
    assert_eq!(required["results"][0]["reason"], "timestamp_required");
    fails(&mut json_cmd(&env, &["verify", "--tsa-trust", "nowhere", "a.txt.proof"]), "not_found");
    fails(&mut json_cmd(&env, &["trust", "add-tsa", "a.txt"]), "input");

    let removed =
        run(&mut json_cmd(&env, &["trust", "remove-tsa", "Json-TSA-Root"]), 0, "trust-remove-tsa");
    assert_eq!(removed["subject"], "CN=Json TSA Root");
    fails(&mut json_cmd(&env, &["trust", "remove-tsa", "Json-TSA-Root"]), "not_found");
}

/// `sign --tsa` and `timestamp` against the loopback TSA (OpenSSL's, tests/common/tsa.rs).
#[test]
fn timestamp_and_sign_with_a_tsa() {
    use common::pki::{Alg, Pki};
    let env = Env::new();
    member(&env, "alice");
    env.write("a.txt", "a");
    let mut pki = Pki::new("JSON TSA Root");
    let t = pki.tsa(Alg::P256, 365, true);
    let tsa =
        common::tsa::TestTsa::start(&pki.path(&t.cert), &pki.path(&t.key), &pki.path("ca.pem"));
    let signed = run(&mut json_cmd(&env, &["sign", "a.txt", "--tsa", &tsa.url]), 0, "sign");
    assert_eq!(signed["signed"][0]["timestamps"].as_array().unwrap().len(), 1);
    env.write("bad.proof", "{}");
    let done = run(
        &mut json_cmd(&env, &["timestamp", "a.txt.proof", "bad.proof", "--tsa", &tsa.url]),
        2,
        "timestamp",
    );
    assert_eq!(done["proofs"][0]["anchors"], 2);
    assert_eq!(done["proofs"][1]["format"], Value::Null);
    fails(&mut json_cmd(&env, &["timestamp", "a.txt.proof"]), "usage");
}

/// Key lifecycle (issue 14): `key revoke`, `key rotate`, `trust add-revocations|add-rotation`,
/// and `verify`'s `signer.revoked` and `signer.rotated_from`.
#[test]
fn key_lifecycle_documents() {
    let owner = Env::new();
    let old = member(&owner, "old");
    let new = member(&owner, "new");
    let rotated = run(
        &mut json_cmd(&owner, &["key", "rotate", "old", "--to", "new", "-o", "r.json"]),
        0,
        "key-rotate",
    );
    assert_eq!(
        (rotated["from"].clone(), rotated["to"].clone()),
        (old["kid"].clone(), new["kid"].clone())
    );
    owner.write("f.txt", "f\n");
    owner.cmd().args(["sign", "-q", "--no-index", "--key", "new", "f.txt"]).assert().success();

    let verifier = Env::new();
    verifier.write("old.pub", old["public_key_pem"].as_str().unwrap());
    for f in ["r.json", "f.txt", "f.txt.proof"] {
        std::fs::copy(owner.path(f), verifier.path(f)).unwrap();
    }
    run(
        &mut json_cmd(&verifier, &["trust", "add", "old.pub", "--name", "release"]),
        0,
        "trust-add",
    );
    let kept = run(
        &mut json_cmd(&verifier, &["trust", "add-rotation", "r.json"]),
        0,
        "trust-add-rotation",
    );
    assert_eq!(kept["added"], true);
    let doc = run(&mut json_cmd(&verifier, &["verify", "f.txt.proof"]), 0, "verify");
    assert_eq!(doc["results"][0]["signer"]["rotated_from"], json!([old["kid"]]));
    assert_eq!(doc["results"][0]["signer"]["revoked"], Value::Null);

    let revoked = run(
        &mut json_cmd(&owner, &["key", "revoke", "new", "--reason", "test", "-o", "rev.jwt"]),
        0,
        "key-revoke",
    );
    assert_eq!((revoked["seq"].clone(), revoked["since"].clone()), (json!(1), Value::Null));
    std::fs::copy(owner.path("rev.jwt"), verifier.path("rev.jwt")).unwrap();
    let added = run(
        &mut json_cmd(&verifier, &["trust", "add-revocations", "rev.jwt"]),
        0,
        "trust-add-revocations",
    );
    assert_eq!(added["keys"][0]["kid"], new["kid"]);
    let doc = run(&mut json_cmd(&verifier, &["verify", "f.txt.proof"]), 1, "verify");
    let r = &doc["results"][0];
    assert_eq!(r["reason"], "revoked");
    assert_eq!(r["signer"]["revoked"]["reason"], "test");
    fails(&mut json_cmd(&verifier, &["trust", "add-revocations", "f.txt"]), "input");
}

/// Trust-entry restrictions and the signer policy (issue 14): `trust add`/`trust list` with
/// restrictions, a restricted proof's reason, and `verify --require`, whose per-proof results
/// are also checked against the `verify` report.
#[test]
fn trust_restrictions_and_signer_policy() {
    let env = Env::new();
    let alice = member(&env, "alice");
    let bob = env.path("bob-home");
    env.cmd()
        .env("PROOFCTL_HOME", &bob)
        .args(["keygen", "-q", "--no-passphrase", "--name", "bob"])
        .assert()
        .success();
    let pubfile = bob.join("keys/bob.pub");
    let pubfile = pubfile.to_str().unwrap();
    let added = run(
        &mut json_cmd(
            &env,
            &[
                "trust",
                "add",
                pubfile,
                "--valid-before",
                "2000-01-01",
                "--require-meta",
                "purpose=release",
            ],
        ),
        0,
        "trust-add",
    );
    assert_eq!(added["restrictions"]["valid_before"], "2000-01-01T00:00:00Z");
    let list = run(&mut json_cmd(&env, &["trust", "list"]), 0, "trust-list");
    assert_eq!(list["keys"].as_array().unwrap().len(), 2, "{list}");

    env.write("a.txt", "policy");
    run(&mut json_cmd(&env, &["sign", "--no-index", "a.txt"]), 0, "sign");
    env.cmd()
        .env("PROOFCTL_HOME", &bob)
        .args(["sign", "-q", "--no-index", "--out", "a.txt.bob.proof", "a.txt"])
        .assert()
        .success();
    let refused =
        run(&mut json_cmd(&env, &["verify", "a.txt.bob.proof", "--file", "a.txt"]), 1, "verify");
    assert_eq!(refused["results"][0]["reason"], "outside_validity");

    let doc = run(&mut json_cmd(&env, &["verify", "--require", "2", "a.txt"]), 1, "verify-policy");
    let f = &doc["files"][0];
    assert_eq!((&f["status"], &f["counted"]), (&Value::from("fail"), &Value::from(1)));
    assert_eq!(f["signers"][0]["kid"], alice["kid"]);
    let results: Vec<Value> =
        f["proofs"].as_array().unwrap().iter().map(|p| p["result"].clone()).collect();
    assert_valid(
        "verify",
        &serde_json::json!({
            "results": results,
            "summary": {"total": 2, "valid": 1, "untrusted": 0, "invalid": 1, "error": 0}
        }),
    );
    let ok = run(&mut json_cmd(&env, &["verify", "--require", "1", "a.txt"]), 0, "verify-policy");
    assert_eq!(ok["summary"]["pass"], 1);
}

#[test]
fn key_passwd_rename_and_remove() {
    let env = Env::new();
    member(&env, "alice");
    member(&env, "bob");
    let mut passwd = json_cmd(&env, &["key", "passwd", "alice"]);
    passwd.env("PROOFCTL_NEW_PASSPHRASE", "another passphrase");
    let sealed = run(&mut passwd, 0, "key");
    assert_eq!(sealed["encrypted"], true);
    assert_eq!(sealed["pkcs11"], Value::Null);
    let mut wrong = json_cmd(&env, &["key", "passwd", "alice"]);
    wrong.env("PROOFCTL_NEW_PASSPHRASE", "x");
    fails(&mut wrong, "wrong_passphrase");

    let renamed = run(&mut json_cmd(&env, &["key", "rename", "bob", "carol"]), 0, "key-rename");
    assert_eq!(renamed["key"]["name"], "carol");
    fails(&mut json_cmd(&env, &["key", "rename", "carol", "alice"]), "exists");

    let removed = run(&mut json_cmd(&env, &["key", "remove", "--force", "carol"]), 0, "key-remove");
    assert_eq!(removed["removed"], true);
    assert_eq!(removed["kid"], renamed["key"]["kid"]);
    fails(&mut json_cmd(&env, &["key", "remove", "--force", "carol"]), "not_found");
}
