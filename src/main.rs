//! The `proofctl` binary, the front: keys, trust, licences and `verify` of proofs. It links no
//! index, file analysis or networking code, and hands the commands that need them to the wings,
//! `proofctl-index` and `proofctl-sync` (see commands::run_front).

fn main() -> std::process::ExitCode {
    proofctl::entry::front(proofctl::commands::run_front)
}
