//! End-to-end licence tests: the real binary, a vendor home and a customer home, an exact clock.

mod common;

use std::fs;

use common::{Env, all_output};
use predicates::prelude::*;
use serde_json::Value;

const NOW: u64 = 1_800_000_000;
const DAY: u64 = 86_400;

/// A vendor with a key `acme` (exported to acme.pub) and a separate customer home.
struct Shop {
    env: Env,
}

impl Shop {
    fn new() -> Shop {
        let env = Env::new();
        let shop = Shop { env };
        shop.vendor().args(["keygen", "-q", "--name", "acme"]).assert().success();
        let out = shop.vendor().args(["key", "export", "acme"]).output().unwrap();
        shop.env.write("acme.pub", out.stdout);
        shop
    }

    fn vendor(&self) -> assert_cmd::Command {
        let mut c = self.env.cmd();
        c.env("PROOFCTL_NOW", NOW.to_string());
        c
    }

    fn customer(&self, now: u64) -> assert_cmd::Command {
        let mut c = self.env.cmd();
        c.env("PROOFCTL_HOME", self.env.path("customer")).env("PROOFCTL_NOW", now.to_string());
        c
    }

    fn issue(&self, out: &str, extra: &[&str]) {
        self.vendor()
            .args([
                "license",
                "issue",
                "--key",
                "acme",
                "--customer",
                "cust-42",
                "--customer-name",
                "Globex",
            ])
            .args(["--product", "acme-cad", "--versions", "17.0,18.0", "--modules", "render"])
            .args(["--features", "export-pdf", "-o", out])
            .args(extra)
            .assert()
            .success();
    }

    /// `license issue` for a throwaway licence: the caller adds the type and what is under test.
    fn quick_issue(&self) -> assert_cmd::Command {
        let mut c = self.vendor();
        c.args(["license", "issue", "--key", "acme", "--customer", "c", "--customer-name", "C"])
            .args(["--product", "p", "--versions", "1"]);
        c
    }

    /// Runs `license verify --json` as the customer; returns (exit code, status, reason).
    fn check(&self, now: u64, args: &[&str]) -> (i32, String, Value) {
        let out = self
            .customer(now)
            .args(["license", "verify", "--json", "--key", "acme.pub"])
            .args(args)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("not JSON: {}", all_output(&out)));
        (out.status.code().unwrap(), v["status"].as_str().unwrap().to_string(), v["reason"].clone())
    }
}

#[test]
fn a_vendor_issues_and_a_customer_verifies_offline() {
    let shop = Shop::new();
    shop.issue(
        "sub.lic",
        &["--type", "subscription", "--days", "365", "--grace-days", "7", "--seats", "5"],
    );
    shop.customer(NOW)
        .args([
            "license",
            "verify",
            "sub.lic",
            "--key",
            "acme.pub",
            "--product",
            "acme-cad",
            "--version",
            "18.0",
        ])
        .args(["--module", "render", "--feature", "export-pdf"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("VALID sub.lic: subscription licence"));
    // Before the licence is valid (first: later checks record a later time, and this clock
    // would then be refused as set back).
    let (code, _, reason) = shop.check(NOW - 3600, &["sub.lic"]);
    assert_eq!((code, reason.as_str()), (1, Some("not_yet_valid")));
    let exp = NOW + 365 * DAY;
    assert_eq!(shop.check(exp - 1, &["sub.lic"]).0, 0);
    // Exactly at exp the subscription has lapsed: grace, a distinct result that still exits 0.
    let (code, status, _) = shop.check(exp, &["sub.lic"]);
    assert_eq!((code, status.as_str()), (0, "grace"));
    let (code, status, reason) = shop.check(exp + 7 * DAY, &["sub.lic"]);
    assert_eq!((code, status.as_str(), reason.as_str()), (1, "invalid", Some("expired")));
}

#[test]
fn entitlements_and_types_are_enforced() {
    let shop = Shop::new();
    shop.issue("perp.lic", &["--type", "perpetual"]);
    for (args, reason) in [
        (&["--product", "other"][..], "wrong_product"),
        (&["--version", "19.0"][..], "wrong_version"),
        (&["--module", "cam"][..], "missing_module"),
        (&["--feature", "export-dwg"][..], "missing_feature"),
    ] {
        let mut a = vec!["perp.lic"];
        a.extend_from_slice(args);
        let (code, status, r) = shop.check(NOW, &a);
        assert_eq!((code, status.as_str(), r.as_str()), (1, "invalid", Some(reason)), "{args:?}");
    }
    assert_eq!(
        shop.check(NOW + 100 * 365 * DAY, &["perp.lic"]).0,
        0,
        "perpetual is valid for ever"
    );
    // Issue-time rules: one clear line, exit 2, nothing written.
    shop.quick_issue()
        .args(["--type", "demo", "--days", "45", "-o", "demo.lic"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 30 days"));
    assert!(!shop.env.path("demo.lic").exists());
    shop.quick_issue()
        .args(["--type", "perpetual", "--days", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("perpetual licence never expires"));
}

#[test]
fn licences_come_from_files_stdin_and_the_environment() {
    let shop = Shop::new();
    shop.issue("perp.lic", &["--type", "perpetual"]);
    let token = fs::read_to_string(shop.env.path("perp.lic")).unwrap();
    shop.customer(NOW)
        .args(["license", "verify", "-", "--key", "acme.pub"])
        .write_stdin(token.clone())
        .assert()
        .code(0);
    shop.customer(NOW)
        .args(["license", "verify", "--key", "acme.pub"])
        .env("PROOFCTL_LICENSE", token.trim())
        .assert()
        .code(0);
    shop.customer(NOW)
        .args(["license", "verify", "--key", "acme.pub"])
        .env("PROOFCTL_LICENSE_FILE", shop.env.path("perp.lic"))
        .assert()
        .code(0);
    shop.customer(NOW)
        .args(["license", "verify", "--key", "acme.pub"])
        .env_remove("PROOFCTL_LICENSE")
        .env_remove("PROOFCTL_LICENSE_FILE")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PROOFCTL_LICENSE"));
    shop.env.write("junk.lic", b"not.a.licence");
    shop.customer(NOW)
        .args(["license", "verify", "junk.lic", "--key", "acme.pub"])
        .assert()
        .code(2);
    // inspect decodes without trusting, and says so.
    shop.customer(NOW).args(["license", "inspect", "perp.lic"]).assert().success().stdout(
        predicate::str::contains("UNVERIFIED")
            .and(predicate::str::contains("\"customer_name\": \"Globex\"")),
    );
}

#[test]
fn machine_binding_uses_the_fingerprint() {
    let shop = Shop::new();
    let fp = String::from_utf8(shop.env.cmd().arg("fingerprint").output().unwrap().stdout).unwrap();
    let fp = fp.trim();
    assert!(fp.starts_with("mfp1-"), "{fp}");
    shop.issue("bound.lic", &["--type", "perpetual", "--bind", fp]);
    assert_eq!(shop.check(NOW, &["bound.lic", "--this-machine"]).0, 0);
    assert_eq!(
        shop.check(NOW, &["bound.lic"]).0,
        0,
        "a bound licence is checked against this machine"
    );
    let (code, _, reason) =
        shop.check(NOW, &["bound.lic", "--fingerprint", "mfp1-00000000000000000000000000000000"]);
    assert_eq!((code, reason.as_str()), (1, Some("wrong_machine")));
}

#[test]
fn revocation_lists_apply_and_never_roll_back() {
    let shop = Shop::new();
    shop.issue("a.lic", &["--type", "perpetual"]);
    let inspect = shop.vendor().args(["license", "inspect", "--json", "a.lic"]).output().unwrap();
    let jti = serde_json::from_slice::<Value>(&inspect.stdout).unwrap()["claims"]["jti"]
        .as_str()
        .unwrap()
        .to_string();
    shop.vendor()
        .args([
            "license",
            "revoke",
            "0123456789abcdef0123456789abcdef",
            "--key",
            "acme",
            "-o",
            "list1.jwt",
        ])
        .assert()
        .success();
    shop.vendor()
        .args(["license", "revoke", &jti, "--key", "acme", "-o", "list2.jwt"])
        .assert()
        .success();
    assert_eq!(shop.check(NOW, &["a.lic", "--revocations", "list1.jwt"]).0, 0);
    let (code, _, reason) = shop.check(NOW, &["a.lic", "--revocations", "list2.jwt"]);
    assert_eq!((code, reason.as_str()), (1, Some("revoked")));
    // The customer home remembers list 2: it applies without the flag, and list 1 is refused.
    assert_eq!(shop.check(NOW, &["a.lic"]).0, 1);
    shop.customer(NOW)
        .args(["license", "verify", "a.lic", "--key", "acme.pub", "--revocations", "list1.jwt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to roll back"));
    // Revoking the vendor key itself revokes every licence it signed.
    let kid = {
        let out = shop.vendor().args(["key", "list", "--json"]).output().unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["keys"][0]["kid"]
            .as_str()
            .unwrap()
            .to_string()
    };
    shop.issue("b.lic", &["--type", "perpetual"]);
    shop.vendor()
        .args(["license", "revoke", "--kid", &kid, "--key", "acme", "-o", "list3.jwt"])
        .assert()
        .success();
    let (code, _, reason) = shop.check(NOW, &["b.lic", "--revocations", "list3.jwt"]);
    assert_eq!((code, reason.as_str()), (1, Some("revoked_key")));
}

#[test]
fn key_rotation_trusts_both_keys_and_the_kid_picks() {
    let shop = Shop::new();
    shop.vendor().args(["keygen", "-q", "--name", "acme2"]).assert().success();
    let out = shop.vendor().args(["key", "export", "acme2"]).output().unwrap();
    shop.env.write("acme2.pub", out.stdout);
    shop.issue("old.lic", &["--type", "perpetual"]);
    shop.vendor()
        .args([
            "license",
            "issue",
            "--key",
            "acme2",
            "--customer",
            "c",
            "--customer-name",
            "C",
            "--product",
            "acme-cad",
        ])
        .args(["--versions", "18.0", "--type", "perpetual", "-o", "new.lic"])
        .assert()
        .success();
    for lic in ["old.lic", "new.lic"] {
        shop.customer(NOW)
            .args(["license", "verify", lic, "--key", "acme.pub", "--key", "acme2.pub"])
            .assert()
            .code(0);
    }
    let (code, _, reason) = shop.check(NOW, &["new.lic"]);
    assert_eq!((code, reason.as_str()), (1, Some("unknown_kid")), "only acme.pub trusted");
}

#[test]
fn licences_are_never_checked_against_the_customers_own_keys() {
    let shop = Shop::new();
    // A customer with a key of their own issues themselves a licence "from acme".
    shop.customer(NOW).args(["keygen", "-q", "--name", "me"]).assert().success();
    shop.customer(NOW)
        .args(["license", "issue", "--key", "me", "--issuer", "acme", "--customer", "pirate"])
        .args([
            "--customer-name",
            "P",
            "--product",
            "acme-cad",
            "--versions",
            "*",
            "--type",
            "perpetual",
            "-o",
            "self.lic",
        ])
        .assert()
        .success();
    shop.customer(NOW)
        .args(["license", "verify", "self.lic", "--product", "acme-cad"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs the vendor's public key"));
    let (code, _, reason) = shop.check(NOW, &["self.lic"]);
    assert_eq!((code, reason.as_str()), (1, Some("unknown_kid")));
}

#[test]
fn a_failed_revoke_changes_nothing_and_json_covers_errors() {
    let shop = Shop::new();
    shop.issue("a.lic", &["--type", "perpetual"]);
    shop.env.write("taken.jwt", b"x");
    let jti = "0123456789abcdef0123456789abcdef";
    shop.vendor()
        .args(["license", "revoke", jti, "--key", "acme", "-o", "taken.jwt"])
        .assert()
        .code(2);
    // Nothing was stored: the next list is number 1.
    let out =
        shop.vendor().args(["license", "revoke", jti, "--key", "acme", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["seq"], 1);
    shop.vendor().args(["license", "revoke", "not-a-jti", "--key", "acme"]).assert().code(2);
    // --json still answers when the input cannot be checked at all.
    let out = shop
        .customer(NOW)
        .args(["license", "verify", "--json", "missing.lic", "--key", "acme.pub"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "error");
    // Issue-time validation.
    shop.quick_issue()
        .args(["--type", "perpetual", "--bind", "hello"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--bind takes a machine fingerprint"));
    shop.quick_issue()
        .args(["--type", "demo", "--grace-days", "365"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no grace days"));
    shop.quick_issue()
        .args(["--type", "subscription", "--days", "213503982334601"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("too many days"));
}

#[test]
fn a_clock_set_back_before_what_was_seen_is_refused() {
    let shop = Shop::new();
    shop.issue("sub.lic", &["--type", "subscription", "--days", "30"]);
    let mark = shop.env.path("customer/license/clock.json");
    // A check records its time: a later check may not be more than a day before it.
    assert_eq!(shop.check(NOW + 20 * DAY, &["sub.lic"]).0, 0);
    let seen: Value = serde_json::from_slice(&fs::read(&mark).unwrap()).unwrap();
    assert_eq!(seen["high_water"], NOW + 20 * DAY, "{seen}");
    assert_eq!(shop.check(NOW + 19 * DAY, &["sub.lic"]).0, 0, "within the day of tolerance");
    let (code, status, reason) = shop.check(NOW + 18 * DAY, &["sub.lic"]);
    assert_eq!((code, status.as_str(), reason.as_str()), (1, "invalid", Some("clock_rolled_back")));
    let out = shop
        .customer(NOW + 18 * DAY)
        .args(["license", "verify", "sub.lic", "--key", "acme.pub"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("the clock was set back; set it to the right time"),
        "{}",
        all_output(&out)
    );
    // Only a successful check records this clock's time: a failed one is no evidence of it.
    let (code, _, reason) = shop.check(NOW + 31 * DAY, &["sub.lic"]);
    assert_eq!((code, reason.as_str()), (1, Some("expired")));
    let seen: Value = serde_json::from_slice(&fs::read(&mark).unwrap()).unwrap();
    assert_eq!(seen["high_water"], NOW + 20 * DAY, "{seen}");

    // A revocation list's signed iat raises the mark too, even on a machine that never checked.
    let fresh = Shop::new();
    fresh.issue("p.lic", &["--type", "perpetual"]);
    fresh
        .vendor()
        .env("PROOFCTL_NOW", (NOW + 100 * DAY).to_string())
        .args(["license", "revoke", &"ab".repeat(16), "--key", "acme", "-o", "list.jwt"])
        .assert()
        .success();
    assert_eq!(fresh.check(NOW + 100 * DAY, &["p.lic", "--revocations", "list.jwt"]).0, 0);
    let (code, _, reason) = fresh.check(NOW + 50 * DAY, &["p.lic"]);
    assert_eq!((code, reason.as_str()), (1, Some("clock_rolled_back")));
}

#[test]
fn an_air_gapped_machine_activates_with_a_request_file() {
    let shop = Shop::new();
    // On the customer's machine: the request names this machine, the product and the customer.
    shop.customer(NOW)
        .args(["fingerprint", "--request", "--product", "acme-cad", "--customer", "cust-42"])
        .args(["--customer-name", "Globex", "-o", "req.json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("send it to your vendor"));
    let req: Value = serde_json::from_slice(&fs::read(shop.env.path("req.json")).unwrap()).unwrap();
    let fp = String::from_utf8(shop.env.cmd().arg("fingerprint").output().unwrap().stdout).unwrap();
    assert_eq!(req["fingerprint"], fp.trim(), "{req}");
    assert_eq!(req["format"], "proofctl-activation-request-1");
    // Never overwritten without --force.
    shop.customer(NOW)
        .args(["fingerprint", "--request", "-o", "req.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("req.json"));

    // The vendor issues from it: bound to that machine, for that customer and product.
    shop.vendor()
        .args(["license", "issue", "--key", "acme", "--request", "req.json", "--versions", "18.0"])
        .args(["--type", "subscription", "--days", "30", "-o", "bound.lic"])
        .assert()
        .success();
    let inspect =
        shop.vendor().args(["license", "inspect", "--json", "bound.lic"]).output().unwrap();
    let claims = &serde_json::from_slice::<Value>(&inspect.stdout).unwrap()["claims"];
    assert_eq!(claims["machine"], fp.trim(), "{claims}");
    assert_eq!(
        (claims["sub"].as_str(), claims["aud"].as_str()),
        (Some("cust-42"), Some("acme-cad"))
    );
    assert_eq!(shop.check(NOW, &["bound.lic", "--product", "acme-cad"]).0, 0);
    let (code, _, reason) =
        shop.check(NOW, &["bound.lic", "--fingerprint", &format!("mfp1-{}", "0".repeat(32))]);
    assert_eq!((code, reason.as_str()), (1, Some("wrong_machine")));

    // A command line that contradicts the request, and a request that is not one: one line, 2.
    shop.vendor()
        .args(["license", "issue", "--key", "acme", "--request", "req.json", "--versions", "1"])
        .args(["--type", "perpetual", "--customer", "someone-else"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--customer \"someone-else\" differs from the customer \"cust-42\" in req.json",
        ));
    shop.env.write("bad.json", r#"{"format":"proofctl-activation-request-1","fingerprint":"nope","product":null,"customer":null,"customer_name":null,"created":1}"#);
    let out = shop
        .vendor()
        .args(["license", "issue", "--key", "acme", "--request", "bad.json", "--versions", "1"])
        .args(["--type", "perpetual", "--customer", "c", "--customer-name", "C", "--product", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("proofctl: error: bad.json: fingerprint \"nope\"")
            && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn the_vendor_registry_lists_shows_renews_and_marks_revocations() {
    let shop = Shop::new();
    shop.issue("a.lic", &["--type", "subscription", "--days", "20"]);
    shop.vendor()
        .args(["license", "issue", "--key", "acme", "--customer", "other", "--customer-name", "O"])
        .args(["--product", "viewer", "--versions", "1", "--type", "perpetual", "-o", "b.lic"])
        .assert()
        .success();
    let list = |args: &[&str]| -> Vec<Value> {
        let out = shop.vendor().args(["license", "list", "--json"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["licenses"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert_eq!(list(&[]).len(), 2);
    let mine = list(&["--customer", "cust-42"]);
    assert_eq!(mine.len(), 1);
    let jti = mine[0]["jti"].as_str().unwrap().to_string();
    assert_eq!(
        (mine[0]["product"].as_str(), mine[0]["status"].as_str()),
        (Some("acme-cad"), Some("valid"))
    );
    assert_eq!(list(&["--product", "viewer"])[0]["license_type"], "perpetual");
    assert_eq!(list(&["--expiring", "30d"]).len(), 1, "the subscription, not the perpetual");
    assert!(list(&["--expiring", "10d"]).is_empty());

    // show: the record and the token as issued.
    let out = shop.vendor().args(["license", "show", "--json", &jti]).output().unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        shown["token"].as_str().unwrap(),
        fs::read_to_string(shop.env.path("a.lic")).unwrap().trim()
    );

    // renew: same customer and entitlements, a new id and expiry, recorded as a renewal.
    shop.vendor()
        .args(["license", "renew", &jti, "--days", "365", "--key", "acme", "-o", "a2.lic"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("(renewing {jti})")));
    let renewed = list(&["--customer", "cust-42"]);
    assert_eq!(renewed.len(), 2);
    let new = renewed.iter().find(|e| e["renewed_from"] == jti.as_str()).unwrap();
    assert_eq!(new["expires_at"], NOW + 365 * DAY);
    assert_eq!(
        shop.check(NOW + 100 * DAY, &["a2.lic", "--product", "acme-cad", "--module", "render"]).0,
        0
    );
    shop.vendor()
        .args(["license", "renew", &"0".repeat(32), "--days", "1", "--key", "acme"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no licence \"00000000000000000000000000000000\" in this home's registry",
        ));

    // revoke marks the registry; --revoked lists them.
    shop.vendor()
        .args(["license", "revoke", &jti, "--key", "acme", "-o", "rev.jwt"])
        .assert()
        .success();
    let revoked = list(&["--revoked"]);
    assert_eq!((revoked.len(), revoked[0]["jti"].as_str()), (1, Some(jti.as_str())));
    assert_eq!(revoked[0]["revoked_at"], NOW);
    assert_eq!(revoked[0]["status"], "revoked");
}
