//! Embedding the licence check in an application: one call, no network, no terminal.
//!
//! ```sh
//! cargo run --example license_check -- VENDOR.pub LICENSE.jwt acme-cad 18.0
//! ```
//! The vendor's public key ships inside the application; the customer's licence file sits beside
//! it. Exit 0 when the licence holds (or is in its grace period), 1 otherwise.
// An application of its own: it talks to its user directly, as any program's main does.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use proofctl::keys::parse_public_key_pem;
use proofctl::license::{self, Expectations, fingerprint};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [pubkey, licence, product, version] = &args[..] else {
        eprintln!("usage: license_check VENDOR.pub LICENSE.jwt PRODUCT VERSION");
        return ExitCode::from(2);
    };
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    let (pem, token) = match (read(pubkey), read(licence)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let vendor = match parse_public_key_pem(&pem) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{pubkey}: {e}");
            return ExitCode::from(2);
        }
    };
    let expect = Expectations {
        product: Some(product.clone()),
        version: Some(version.clone()),
        // Bound licences are checked against this machine; unbound ones ignore it.
        fingerprint: fingerprint::this_machine().ok(),
        ..Expectations::default()
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    match license::verify(&token, &[vendor], &expect, now) {
        Ok(v) if v.in_grace => {
            println!("licence {} has lapsed; renew soon (grace period)", v.claims.jti);
            ExitCode::SUCCESS
        }
        Ok(v) => {
            println!("licensed to {} ({})", v.claims.customer_name, v.claims.sub);
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("not licensed: {e} [{}]", e.code());
            ExitCode::from(1)
        }
    }
}
