//! Build script: link the proofctl binary with packed relative relocations (DT_RELR) where the
//! toolchain writes them and the C library reads them.
//!
//! Every proofctl process applies its relocations before `main`; with the server and HTTP code in
//! the binary that was ~53,000 entries (1.3 MB read at every start), which `verify` paid for in
//! time and `sign` in peak memory. DT_RELR packs them into ~20 KB. glibc reads it from 2.36 on,
//! so it is used only when building for the machine itself on glibc >= 2.36 (a binary built
//! there needs that glibc anyway) and the linker accepts the flag; elsewhere nothing changes.
// Cargo reads a build script's instructions from its standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target != host || !target.ends_with("-linux-gnu") {
        return;
    }
    // A linker of the user's choosing (cargo-zigbuild, an older sysroot) is not what the probe
    // below runs: leave the flags alone.
    let triple = target.to_uppercase().replace('-', "_");
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if std::env::var_os(format!("CARGO_TARGET_{triple}_LINKER")).is_some()
        || std::env::var_os("RUSTC_LINKER").is_some()
        || flags.contains("linker")
    {
        return;
    }
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_{triple}_LINKER");
    if glibc_version().is_some_and(|v| v >= (2, 36)) && linker_packs_relocs() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// `getconf GNU_LIBC_VERSION` prints e.g. "glibc 2.36".
fn glibc_version() -> Option<(u32, u32)> {
    let out = Command::new("getconf").arg("GNU_LIBC_VERSION").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let (major, minor) = text.trim().strip_prefix("glibc ")?.split_once('.')?;
    Some((major.parse().ok()?, minor.split('.').next()?.parse().ok()?))
}

/// Whether `cc` (what rustc links with here) links a program with the flag.
fn linker_packs_relocs() -> bool {
    let out = std::env::temp_dir().join(format!("proofctl-relr-probe-{}", std::process::id()));
    let child = Command::new("cc")
        .args(["-x", "c", "-", "-o"])
        .arg(&out)
        .arg("-Wl,-z,pack-relative-relocs")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return false };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"int main(void) { return 0; }\n");
    }
    let ok = child.wait().is_ok_and(|s| s.success());
    let _ = std::fs::remove_file(&out);
    ok
}
