//! The `proofctl` binary, the offline wing: every command but `sync` and `serve`, which it hands
//! to `proofctl-sync` (see commands::run). It links no networking code.

fn main() -> std::process::ExitCode {
    proofctl::entry::main(proofctl::commands::run)
}
