//! Untrusted text on the terminal: file names, proof metadata and licence claims that hold escape
//! sequences, carriage returns or bidi controls reach people's terminals only escaped, while
//! `--json` keeps them exact. Real binary, real files with these names.

mod common;

use common::{Env, all_output};
use serde_json::Value;

/// Clears the line and returns to its start, then prints a fake verdict and hides the rest.
const SPOOF: &str = "x\x1b[2K\rOK release.tar.gz.proof: signed by release \x1b[8m";
/// `report\u{202E}txt.exe` shows as `reportexe.txt` on a terminal that honours bidi overrides.
const BIDI: &str = "report\u{202E}txt.exe";

/// Asserts that `bytes` (a stream as the terminal gets it) hold no ESC, CR, C1 control or bidi
/// control, so nothing in them can move the cursor, rewrite a line or reorder what is shown.
fn assert_inert(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    let bad = text.chars().find(|&c| {
        matches!(c, '\x1b' | '\r' | '\u{80}'..='\u{9f}' | '\u{7f}')
            || matches!(
                c,
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            )
    });
    assert!(bad.is_none(), "{what}: {bad:?} reached the terminal in {text:?}");
}

fn assert_output_inert(o: &std::process::Output, what: &str) {
    assert_inert(&o.stdout, &format!("{what} (stdout)"));
    assert_inert(&o.stderr, &format!("{what} (stderr)"));
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", all_output(o)))
}

/// An env with a key (no passphrase: fast) exported as `me.pub`.
fn env_with_key() -> Env {
    let env = Env::new();
    env.cmd().args(["keygen", "--no-passphrase", "-q"]).assert().success();
    let out = env.cmd().args(["key", "export"]).output().unwrap();
    env.write("me.pub", out.stdout);
    env
}

#[test]
fn hostile_file_names_are_escaped_when_signed_verified_and_failed() {
    let env = env_with_key();
    for name in [SPOOF, BIDI] {
        env.write(name, format!("the bytes of {name:?}\n"));
        let proof = format!("{name}.proof");

        let s = env.cmd().arg("sign").arg(name).output().unwrap();
        assert_eq!(s.status.code(), Some(0), "{}", all_output(&s));
        assert_output_inert(&s, "sign");
        assert!(String::from_utf8_lossy(&s.stdout).contains("Signed "), "{}", all_output(&s));

        let v = env.cmd().arg("verify").arg(&proof).output().unwrap();
        assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
        assert_output_inert(&v, "verify (valid)");
        let shown = String::from_utf8_lossy(&v.stdout);
        assert!(shown.starts_with("OK "), "{shown}");
        assert_eq!(shown.lines().count(), 1, "one line per proof: {shown:?}");

        // The file changes: the FAIL line must read as a FAIL line, whatever the name says.
        env.write(name, "tampered\n");
        let v = env.cmd().arg("verify").arg(&proof).output().unwrap();
        assert_eq!(v.status.code(), Some(1), "{}", all_output(&v));
        assert_output_inert(&v, "verify (tampered)");
        let shown = String::from_utf8_lossy(&v.stdout);
        assert!(shown.starts_with("FAIL "), "{shown}");
        assert_eq!(shown.lines().count(), 1, "{shown:?}");
        assert!(shown.contains("\\e[2K\\r") || shown.contains("\\u{202e}"), "{shown}");

        // --json carries the names exactly (JSON escaping already makes them inert).
        let j = env.cmd().args(["verify", "--json"]).arg(&proof).output().unwrap();
        let j = json(&j);
        assert_eq!(j["results"][0]["proof"], proof.as_str(), "{j}");
        assert_eq!(j["results"][0]["file"], name, "{j}");
        assert_eq!(j["results"][0]["subject"]["name"], name, "{j}");
    }

    // A proof that cannot be read at all: the error line on stderr names it escaped.
    let gone = format!("gone-{SPOOF}.proof");
    let v = env.cmd().arg("verify").arg(&gone).output().unwrap();
    assert_eq!(v.status.code(), Some(2), "{}", all_output(&v));
    assert_output_inert(&v, "verify (missing proof)");
    assert!(String::from_utf8_lossy(&v.stderr).contains("gone-x\\e[2K\\r"), "{}", all_output(&v));
}

#[test]
fn errors_from_any_command_name_files_escaped() {
    let env = env_with_key();
    // main's error line: the message embeds the path.
    let t = env.cmd().args(["trust", "add"]).arg(format!("{SPOOF}.pub")).output().unwrap();
    assert_eq!(t.status.code(), Some(2), "{}", all_output(&t));
    assert_output_inert(&t, "trust add (missing)");
    assert!(String::from_utf8_lossy(&t.stderr).starts_with("proofctl: error: "));
    // sign's per-file error lines.
    let s = env.cmd().arg("sign").arg(format!("{BIDI}.missing")).output().unwrap();
    assert_eq!(s.status.code(), Some(2), "{}", all_output(&s));
    assert_output_inert(&s, "sign (missing)");
    assert!(
        String::from_utf8_lossy(&s.stderr).contains("report\\u{202e}txt"),
        "{}",
        all_output(&s)
    );
    // A licence file that is not there.
    let l = env.cmd().args(["license", "inspect"]).arg(format!("{SPOOF}.jwt")).output().unwrap();
    assert_eq!(l.status.code(), Some(2), "{}", all_output(&l));
    assert_output_inert(&l, "license inspect (missing)");
}

#[test]
fn walked_indexed_and_searched_names_are_escaped() {
    let env = env_with_key();
    let text = "Minutes of the harbour committee: the members agreed to repaint the lighthouse \
                before the winter storms and to review the mooring fees in spring.";
    env.write(format!("docs/{SPOOF}.txt"), text);
    env.write(format!("docs/{BIDI}"), text);
    // An empty file is skipped with a warning that names it.
    env.write(format!("docs/empty{SPOOF}.txt"), "");
    let a = env.cmd().args(["index", "add", "docs"]).output().unwrap();
    assert_eq!(a.status.code(), Some(0), "{}", all_output(&a));
    assert_output_inert(&a, "index add");
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(err.contains("emptyx\\e[2K\\r"), "the skipped file is named: {err}");

    let query = env.write("query.txt", text);
    let s = env.cmd().arg("search").arg(&query).output().unwrap();
    assert_eq!(s.status.code(), Some(0), "{}", all_output(&s));
    assert_output_inert(&s, "search");
    let shown = String::from_utf8_lossy(&s.stdout);
    assert!(shown.contains("\\e[2K\\r") && shown.contains("\\u{202e}"), "{shown}");

    let j = json(&env.cmd().args(["search", "--json"]).arg(&query).output().unwrap());
    let paths: Vec<&str> =
        j["matches"].as_array().unwrap().iter().map(|m| m["path"].as_str().unwrap()).collect();
    assert!(paths.iter().any(|p| p.ends_with(&format!("/{SPOOF}.txt"))), "{j}");
    assert!(paths.iter().any(|p| p.ends_with(&format!("/{BIDI}"))), "{j}");

    // index remove -v lists what it removed, by stored path.
    let r = env.cmd().args(["index", "remove", "-v", "docs"]).output().unwrap();
    assert_eq!(r.status.code(), Some(0), "{}", all_output(&r));
    assert_output_inert(&r, "index remove");
}

#[test]
fn proof_metadata_is_escaped_under_verify_verbose() {
    let env = env_with_key();
    let value = "ok\x1b[2K\rOK\u{202E}gpj.exe\u{9b}31m";
    env.write("a.txt", "a\n");
    env.cmd()
        .args(["sign", "-q", "a.txt", "--meta"])
        .arg(format!("note={value}"))
        .assert()
        .success();
    let v = env.cmd().args(["verify", "-v", "a.txt.proof"]).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    assert_output_inert(&v, "verify -v");
    let shown = String::from_utf8_lossy(&v.stdout);
    assert!(shown.contains("note = ok\\e[2K\\rOK\\u{202e}gpj.exe\\u{9b}31m"), "{shown}");
    let j = json(&env.cmd().args(["verify", "--json", "a.txt.proof"]).output().unwrap());
    assert_eq!(j["results"][0]["metadata"]["note"], value, "{j}");
}

#[test]
fn licence_claims_are_escaped_under_verify_and_inspect() {
    let env = env_with_key();
    let customer = "Globex\x1b[2K\rVALID licence for Initech\u{202E}";
    let issued = env
        .cmd()
        .args(["license", "issue", "--customer", "c-1", "--customer-name", customer])
        .args(["--product", "cad\x1b[8m", "--versions", "1", "--type", "perpetual", "-o", "l.jwt"])
        .output()
        .unwrap();
    assert_eq!(issued.status.code(), Some(0), "{}", all_output(&issued));
    assert_output_inert(&issued, "license issue");

    let v = env.cmd().args(["license", "verify", "--key", "me.pub", "l.jwt"]).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    assert_output_inert(&v, "license verify");
    let shown = String::from_utf8_lossy(&v.stdout);
    assert!(shown.starts_with("VALID ") && shown.contains("Globex\\e[2K\\r"), "{shown}");
    assert_eq!(shown.lines().count(), 1, "{shown:?}");

    let i = env.cmd().args(["license", "inspect", "l.jwt"]).output().unwrap();
    assert_eq!(i.status.code(), Some(0), "{}", all_output(&i));
    assert_output_inert(&i, "license inspect");
    assert!(String::from_utf8_lossy(&i.stdout).contains("\\u{202e}"), "{}", all_output(&i));

    let j = json(&env.cmd().args(["license", "inspect", "--json", "l.jwt"]).output().unwrap());
    assert_eq!(j["claims"]["customer_name"], customer, "{j}");
    let j = json(
        &env.cmd()
            .args(["license", "verify", "--json", "--key", "me.pub", "l.jwt"])
            .output()
            .unwrap(),
    );
    assert_eq!(j["claims"]["customer_name"], customer, "{j}");
    assert_eq!(j["claims"]["entitlements"]["product"], "cad\x1b[8m", "{j}");
}
