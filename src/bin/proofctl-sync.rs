//! The `proofctl-sync` binary, the network wing: `proofctl sync` and `proofctl serve`, which
//! `proofctl` replaces itself with (same argv, same PID).

fn main() -> std::process::ExitCode {
    proofctl::entry::main(proofctl::commands::run_network)
}
