//! Command-line types (clap derive). No logic: `commands/` turns these into library calls.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
Exit status: 0 success (for verify: every proof valid and trusted), 1 a check said no (bad
signature, changed file, untrusted signer), 2 an error (bad arguments, unreadable or malformed
input, wrong passphrase, I/O failure).

Environment: PROOFCTL_HOME (the home directory), PROOFCTL_PASSPHRASE (the key passphrase),
NO_COLOR (disables colour). See proofctl(1) and pop(5).";

/// Prove where a file came from: sign files with Ed25519, verify detached POP-1.0 proofs offline.
#[derive(Debug, Parser)]
#[command(name = "proofctl", version, propagate_version = true, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Print machine-readable JSON on stdout (a documented, stable shape).
    #[arg(long, global = true)]
    pub json: bool,
    /// Print nothing but errors and failed checks.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more (repeat for more detail).
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    /// The home directory holding keys, the trust store and config.toml
    /// [default: $XDG_DATA_HOME/proofctl].
    #[arg(long, global = true, env = "PROOFCTL_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an Ed25519 key pair (private key sealed with a passphrase).
    Keygen(KeygenArgs),
    /// List, show, export and import your key pairs.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Sign files: write FILE.proof, a detached POP-1.0 proof, next to each.
    Sign(SignArgs),
    /// Verify POP-1.0 proofs against their files and your trusted keys.
    Verify(VerifyArgs),
    /// Manage the keys you trust.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
}

/// Where a passphrase comes from. There is deliberately no way to pass it as an argument:
/// argv is visible to every user of the machine.
#[derive(Debug, Clone, Args)]
pub struct PassphraseArgs {
    /// Read the passphrase from the first line of FILE
    /// [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal].
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Name of the key pair (files keys/NAME.key and keys/NAME.pub in the home).
    #[arg(long, default_value = "default")]
    pub name: String,
    /// Store the private key unencrypted (plain PKCS#8 PEM, 0600). Not recommended.
    #[arg(long)]
    pub no_passphrase: bool,
    /// Replace an existing key pair of the same name. The old key is lost.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// List your key pairs.
    List,
    /// Show a key pair: kid, files and public key.
    Show {
        /// Key name [default: the default key].
        name: Option<String>,
    },
    /// Print a public key (SPKI PEM), or with --pkcs8 the private key as PKCS#8 v1 PEM.
    Export {
        /// Key name [default: the default key].
        name: Option<String>,
        /// Export the private key, unencrypted, as PKCS#8 v1 PEM (readable by OpenSSL).
        #[arg(long)]
        pkcs8: bool,
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
    /// Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey).
    Import {
        /// The key file.
        file: PathBuf,
        /// Name to store it under.
        #[arg(long)]
        name: String,
        /// Store it unencrypted (an encrypted FILE is decrypted with the passphrase first).
        #[arg(long)]
        no_passphrase: bool,
        /// Replace an existing key pair of the same name.
        #[arg(long)]
        force: bool,
        /// The passphrase decrypts an encrypted FILE and seals the stored copy.
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Files to sign.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Key name in the home, or a path to a private key file (any value containing '/', e.g.
    /// ./key.pem): proofctl's own, or PKCS#8 PEM, plain or encrypted, as `openssl genpkey` writes
    /// [default: the only key in the home, or default_key from config.toml].
    #[arg(long, short, value_name = "NAME|PATH")]
    pub key: Option<String>,
    /// Signed metadata; repeatable. Keys: letters, digits, '.', '_', '-'.
    #[arg(long = "meta", value_name = "KEY=VALUE", value_parser = parse_meta)]
    pub meta: Vec<(String, String)>,
    /// Write the proof here instead of FILE.proof (one FILE only).
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Replace existing proofs.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

fn parse_meta(s: &str) -> Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or_else(|| format!("{s:?} is not KEY=VALUE"))?;
    crate::proof::check_metadata_key(k)?;
    Ok((k.to_string(), v.to_string()))
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Proofs to verify; each is checked against the file beside it (FILE.proof -> FILE).
    #[arg(required = true, value_name = "PROOF")]
    pub proofs: Vec<PathBuf>,
    /// The signed file, when it is not beside the proof (one PROOF only).
    #[arg(long, short, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Trust this public key (SPKI PEM); repeatable. With --key or --trust-dir, only the keys
    /// given are trusted, not the home's.
    #[arg(long, short, value_name = "PUBKEY")]
    pub key: Vec<PathBuf>,
    /// Trust every *.pub in DIR (e.g. a repository's keys/ folder); repeatable.
    #[arg(long, value_name = "DIR")]
    pub trust_dir: Vec<PathBuf>,
    /// Fail (reason name_mismatch) when the file's name differs from the name it was signed
    /// under, so two signed artifacts cannot be swapped along with their proofs. Without it, a
    /// renamed file still verifies and the report says what it was signed as.
    #[arg(long)]
    pub strict_name: bool,
}

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Trust a public key: a .pub file (SPKI PEM), or the signer of a .proof file.
    Add {
        /// The public key file, or a proof whose signer to trust (check its kid first!).
        pubkey: PathBuf,
        /// Name for the key [default: key-KID].
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing entry of the same name.
        #[arg(long)]
        force: bool,
    },
    /// List trusted keys (your own keys are always trusted).
    List,
    /// Stop trusting a key, by kid or name.
    Remove {
        /// The key's kid or name.
        kid: String,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn meta_parsing() {
        assert_eq!(parse_meta("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert!(parse_meta("novalue").is_err());
        assert!(parse_meta("bad key=x").is_err());
    }
}
