//! The `proofctl-index` binary, the index wing: `sign` (which indexes what it signs), `verify
//! --indexed`, `index`, `search` and `model`, which `proofctl` replaces itself with (same argv,
//! same PID). Offline: it links no networking code either.

fn main() -> std::process::ExitCode {
    proofctl::entry::main(proofctl::commands::run)
}
