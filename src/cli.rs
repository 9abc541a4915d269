//! Command-line types (clap derive). No logic: `commands/` turns these into library calls.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{ArgAction, ArgMatches, Args, FromArgMatches, Parser, Subcommand};

const AFTER_HELP: &str = "\
Exit status: 0 success (for verify: every proof valid and trusted), 1 a check said no (bad
signature, changed file, untrusted signer), 2 an error (bad arguments, unreadable or malformed
input, wrong passphrase, I/O failure).

Environment: PROOFCTL_HOME (the home directory), PROOFCTL_PASSPHRASE (the key passphrase),
PROOFCTL_NEW_PASSPHRASE (key passwd), PROOFCTL_PIN and PROOFCTL_PKCS11_MODULE (keys on PKCS#11
tokens), PROOFCTL_LICENSE / PROOFCTL_LICENSE_FILE (a licence for `license verify`), NO_COLOR
(disables colour unless --color=always), TERM=dumb (no colour or progress bars). See proofctl(1)
and pop(5).";

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
    /// When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is
    /// set), always, or never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

/// `--color`: whether human output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an Ed25519 key pair (private key sealed with a passphrase).
    Keygen(Deferred<KeygenArgs>),
    /// List, show, export, import, rename, remove your key pairs; change a passphrase.
    #[command(subcommand)]
    Key(Deferred<KeyCommand>),
    /// Sign files: write FILE.proof, a detached POP-1.0 proof, next to each.
    Sign(Deferred<SignArgs>),
    /// Verify POP-1.0 proofs against their files and your trusted keys.
    Verify(Deferred<VerifyArgs>),
    /// Attest to files: an in-toto statement over them in a DSSE envelope signed with your key,
    /// written as a Sigstore bundle (or the bare envelope); --manifest DIR signs a whole folder.
    Attest(Deferred<AttestArgs>),
    /// Manage the keys you trust.
    #[command(subcommand)]
    Trust(Deferred<TrustCommand>),
    /// Issue, verify, inspect and revoke offline software licences (EdDSA JWTs).
    #[command(subcommand)]
    License(Deferred<LicenseCommand>),
    /// Keep the local index of files (what `search` looks in): add, remove, stats.
    #[command(subcommand)]
    Index(Deferred<IndexCommand>),
    /// Find indexed files like FILE (or like --text): exact copies, similar images, similar text, text of similar meaning.
    Search(Deferred<SearchArgs>),
    /// Sentence-embedding models for semantic text search (ONNX Runtime): add, list, default.
    #[command(subcommand)]
    Model(Deferred<ModelCommand>),
    /// Share proofs, index entries, published keys and revocation lists with a sync server:
    /// push what is new here, then pull what the team pushed.
    Sync(Deferred<SyncArgs>),
    /// Run a sync server (HTTP, JSON API under /v1) on a SQLite file or a PostgreSQL database.
    Serve(Deferred<ServeArgs>),
    /// Add RFC 3161 timestamps from time-stamping authorities to proofs (POP-1.0 -> POP-1.1).
    Timestamp(Deferred<TimestampArgs>),
    /// Print this machine's fingerprint, to bind a licence to it (license issue --bind); with
    /// --request, write an activation request for the vendor (license issue --request).
    Fingerprint(Deferred<FingerprintArgs>),
    /// Print a shell completion script.
    Completions(Deferred<CompletionsArgs>),
}

/// A subcommand's flags (or its own subcommands), built only when that subcommand is the one
/// given (clap's `Command::defer`): `proofctl verify` does not build `serve`'s flags nor the
/// licence commands'. Building every subcommand's flags and freeing them was a third of the
/// instructions of a one-proof `verify`. Completions and man pages build all of them at once
/// ([`full_command`]).
#[derive(Debug, Clone)]
pub struct Deferred<T>(pub T);

/// Whether [`Deferred`] builds at once. Completions and man pages list the whole tree, and clap
/// makes the `help` subcommand's tree before it runs deferred builders, so they need every
/// subcommand built up front. Set once, before the command is made.
static EAGER: AtomicBool = AtomicBool::new(false);

/// The whole command tree, nothing deferred: what completions and man pages are made from.
pub fn full_command() -> clap::Command {
    EAGER.store(true, Ordering::Relaxed);
    <Cli as clap::CommandFactory>::command()
}

/// Runs `build` on a subcommand that already has its name, about and long about (which the
/// derive sets after the flags, and which a flattened group's doc comment must not replace).
fn keeping_about(cmd: clap::Command, build: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let cmd = build(cmd);
    let cmd = match about {
        Some(about) => cmd.about(about),
        None => cmd.about(None),
    };
    match long_about {
        Some(long_about) => cmd.long_about(long_about),
        None => cmd.long_about(None),
    }
}

fn deferred_args<T: Args>(cmd: clap::Command) -> clap::Command {
    keeping_about(cmd, T::augment_args)
}

fn deferred_subcommands<T: Subcommand>(cmd: clap::Command) -> clap::Command {
    keeping_about(cmd, T::augment_subcommands)
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        if EAGER.load(Ordering::Relaxed) {
            T::augment_args(cmd)
        } else {
            cmd.defer(deferred_args::<T>)
        }
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        T::augment_args_for_update(cmd)
    }
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        if EAGER.load(Ordering::Relaxed) {
            T::augment_subcommands(cmd)
        } else {
            cmd.defer(deferred_subcommands::<T>)
        }
    }
    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        T::augment_subcommands_for_update(cmd)
    }
    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }
    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }
    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

/// Where a passphrase comes from. There is deliberately no way to pass it as an argument:
/// argv is visible to every user of the machine.
#[derive(Debug, Clone, Args)]
pub struct PassphraseArgs {
    /// Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input
    /// [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal].
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a
    /// pipe from a password manager).
    #[arg(long, value_name = "N", conflicts_with = "passphrase_file")]
    pub passphrase_fd: Option<u32>,
    /// For a key on a PKCS#11 token: read the token's PIN from the first line of FILE (- for
    /// standard input) [else the URI's pin-source, else $PROOFCTL_PIN, else a prompt].
    #[arg(long, value_name = "FILE")]
    pub pin_file: Option<PathBuf>,
}

/// Where `key passwd` reads the new passphrase (never from argv).
#[derive(Debug, Clone, Args)]
pub struct NewPassphraseArgs {
    /// Read the new passphrase from the first line of FILE: a file, a FIFO, or - for standard
    /// input [else $PROOFCTL_NEW_PASSPHRASE, else asked twice on the terminal].
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
    /// Read the new passphrase from the first line of open file descriptor N.
    #[arg(long, value_name = "N", conflicts_with = "new_passphrase_file")]
    pub new_passphrase_fd: Option<u32>,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Name of the key pair (files keys/NAME.key and keys/NAME.pub in the home).
    #[arg(long, default_value = "default")]
    pub name: String,
    /// Store the private key unencrypted (plain PKCS#8 PEM, 0600). Not recommended.
    #[arg(long)]
    pub no_passphrase: bool,
    /// Replace an existing key pair of the same name; the old private key is kept as
    /// keys/NAME.key.bak-TIMESTAMP.
    #[arg(long)]
    pub force: bool,
    /// Make the key on a PKCS#11 token instead (RFC 7512 URI, e.g.
    /// 'pkcs11:token=Release;object=release'); the home keeps its public key and a reference.
    #[arg(long, value_name = "URI", conflicts_with = "no_passphrase")]
    pub pkcs11: Option<String>,
    #[command(flatten)]
    pub module: Pkcs11ModuleArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

/// The PKCS#11 module of `--pkcs11`.
#[derive(Debug, Clone, Args)]
pub struct Pkcs11ModuleArgs {
    /// The PKCS#11 module (shared library) of the token [default: module-path= in the URI, else
    /// $PROOFCTL_PKCS11_MODULE].
    #[arg(long, value_name = "FILE", requires = "pkcs11")]
    pub pkcs11_module: Option<PathBuf>,
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
    /// Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private
    /// key as PKCS#8 v1 PEM.
    Export {
        /// Key name [default: the default key].
        name: Option<String>,
        /// Export the private key, unencrypted, as PKCS#8 v1 PEM (readable by OpenSSL). Not
        /// printed on a terminal: use -o FILE, a pipe, or --force.
        #[arg(long, conflicts_with = "ssh")]
        pkcs8: bool,
        /// Export the public key as one OpenSSH line (ssh-ed25519 …), for authorized_keys or
        /// allowed_signers.
        #[arg(long)]
        ssh: bool,
        /// Write to FILE (atomically; 0600 for a private key) instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace an existing -o FILE; with --pkcs8, also print the private key on a terminal.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
    /// Make NAME the default key (default_key in config.toml), used when no key is named.
    Default {
        /// The key's name.
        name: String,
    },
    /// Change the passphrase of a key pair: the private key file is replaced atomically (0600);
    /// a wrong current passphrase changes nothing.
    Passwd {
        /// Key name [default: the default key].
        name: Option<String>,
        /// Store the key unencrypted from now on (plain PKCS#8, 0600). Not recommended.
        #[arg(long, conflicts_with_all = ["new_passphrase_file", "new_passphrase_fd"])]
        no_passphrase: bool,
        #[command(flatten)]
        new: NewPassphraseArgs,
        /// The current passphrase (of an encrypted key).
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
    /// Rename a key pair (never over an existing one); default_key and sync_key follow it.
    Rename {
        /// The key's current name.
        old: String,
        /// Its new name.
        new: String,
    },
    /// Remove a key pair from the keys in use: asks first (or --force). The files are moved to
    /// keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted.
    Remove {
        /// The key's name.
        name: String,
        /// Do not ask (needed without a terminal).
        #[arg(long)]
        force: bool,
    },
    /// Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl
    /// genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected.
    Import {
        /// The key file.
        #[arg(required_unless_present = "pkcs11", conflicts_with = "pkcs11")]
        file: Option<PathBuf>,
        /// Use an existing Ed25519 key on a PKCS#11 token (RFC 7512 URI naming it by object=
        /// and/or id=); the home keeps its public key and a reference.
        #[arg(long, value_name = "URI", conflicts_with = "no_passphrase")]
        pkcs11: Option<String>,
        #[command(flatten)]
        module: Pkcs11ModuleArgs,
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
    /// Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying,
    /// except, with --since, those with a trusted timestamp before that time.
    Revoke(KeyRevokeArgs),
    /// Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts
    /// OLD trusts NEW for proofs from now on.
    Rotate(KeyRotateArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "\
The revocation goes into the signing key's revocation list (revocations/issued/KID.jwt in the
home, seq+1, the same list `license revoke` keeps), which `proofctl sync` publishes. Verifiers
take it with `verify --revocations FILE`, `trust add-revocations FILE` or `sync`. A key may be
revoked by itself, by a key that took over from it (`key rotate`), or, for your own keys, by
another of your keys.")]
pub struct KeyRevokeArgs {
    /// The key to revoke: a key name in the home, a name in the trust store, or a kid (after
    /// `--` when it starts with '-').
    #[arg(value_name = "NAME|KID")]
    pub target: String,
    /// Proofs with a trusted timestamp (RFC 3161) before this RFC 3339 time stay valid
    /// [default: revoked for all time].
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Why, for people reading verify's report (e.g. "laptop stolen").
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// The key that signs the list: a key name in the home or a path [default: the revoked key
    /// itself, when it is in the home].
    #[arg(long, value_name = "SIGNER")]
    pub key: Option<String>,
    /// Also write the new list here.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Args)]
pub struct KeyRotateArgs {
    /// The key handing over (a key name in the home).
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The key taking over (a key name in the home).
    #[arg(long, value_name = "NEW")]
    pub to: String,
    /// Also write the statement here.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing statement for the same two keys, or an existing --out file.
    #[arg(long)]
    pub force: bool,
    /// Unlocks both keys (the same passphrase source is asked for each).
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Files to sign; - signs standard input (with --name), writing the proof to stdout or --out.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// With - (standard input): the file name to record in the proof, the name the bytes will
    /// be verified under.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Key name in the home, or a path to a private key file (any value containing '/', e.g.
    /// ./key.pem): proofctl's own, or PKCS#8 PEM, plain or encrypted, as `openssl genpkey` writes
    /// [default: default_key from config.toml, else the only key, else the key named default].
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
    /// Do not add the signed files to the local index.
    #[arg(long)]
    pub no_index: bool,
    /// Get an RFC 3161 timestamp for each proof from this time-stamping authority (repeatable):
    /// the proof is written as POP-1.1 with the tokens. A TSA that fails leaves the proof
    /// without its token (exit 2; `proofctl timestamp PROOF` adds it later).
    #[arg(long, value_name = "URL")]
    pub tsa: Vec<String>,
    /// Timestamp with the TSAs listed in config.toml (`tsa = ["https://…"]`).
    #[arg(long, conflicts_with = "tsa")]
    pub timestamp: bool,
    #[command(flatten)]
    pub tsa_timeout: TsaTimeoutArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Signature format: pop (a POP proof, FILE.proof) or sshsig (an SSH signature, FILE.sig,
    /// as `ssh-keygen -Y sign` writes and `ssh-keygen -Y verify` checks).
    #[arg(long, value_enum, default_value = "pop")]
    pub format: SignFormat,
    /// With --format sshsig: the namespace to sign for (ssh-keygen's -n).
    #[arg(long, value_name = "NS", default_value = "file")]
    pub namespace: String,
}

/// What `sign` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignFormat {
    /// A POP proof (FILE.proof).
    Pop,
    /// An SSH signature (FILE.sig), OpenSSH PROTOCOL.sshsig.
    Sshsig,
}

impl SignArgs {
    /// Whether this signing asks a TSA for tokens (and so runs in the network wing).
    pub fn wants_timestamp(&self) -> bool {
        self.timestamp || !self.tsa.is_empty()
    }
}

#[derive(Debug, Clone, Copy, Args)]
pub struct TsaTimeoutArgs {
    /// Seconds to wait for each TSA's answer (connecting: at most 10).
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub tsa_timeout: u64,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Each PROOF gets one token per TSA, a timestamp over its signature bytes; the proof file is
rewritten atomically as POP-1.1. No --force is needed: the signed statement is kept byte for
byte, no key is used, and nothing is removed (tokens already there stay; the same token is
never stored twice). A TSA that fails adds nothing (the tokens of the others are still added);
run the command again later.
Exit status: 0 every proof got every token, 2 an error (a proof unreadable or malformed, a TSA
unreachable, refusing or answering badly; the other proofs are still done).")]
pub struct TimestampArgs {
    /// Proofs to timestamp (FILE.proof).
    #[arg(required = true, value_name = "PROOF")]
    pub proofs: Vec<PathBuf>,
    /// A time-stamping authority (RFC 3161 over HTTP), e.g. https://freetsa.org/tsr; repeatable
    /// [default: tsa in config.toml].
    #[arg(long, value_name = "URL")]
    pub tsa: Vec<String>,
    #[command(flatten)]
    pub tsa_timeout: TsaTimeoutArgs,
}

fn parse_meta(s: &str) -> Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or_else(|| format!("{s:?} is not KEY=VALUE"))?;
    crate::proof::check_metadata_key(k)?;
    Ok((k.to_string(), v.to_string()))
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Proofs to verify; each is checked against the file beside it (FILE.proof -> FILE). With
    /// --indexed: the files to verify.
    #[arg(required = true, value_name = "PROOF")]
    pub proofs: Vec<PathBuf>,
    /// The signed file, when it is not beside the proof (one PROOF only).
    #[arg(long, short, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The arguments are files: check each against every proof the index holds for its bytes
    /// (signed here, indexed with `index add`, or pulled from the team by `sync`).
    #[arg(long, conflicts_with = "file")]
    pub indexed: bool,
    /// Trust this public key (SPKI PEM, or an OpenSSH ssh-ed25519 line); repeatable. With --key
    /// or --trust-dir, only the keys given are trusted, not the home's.
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
    /// Also trust every *.pem in DIR as a TSA root certificate for this run, besides the home's
    /// (`trust add-tsa`); repeatable.
    #[arg(long, value_name = "DIR")]
    pub tsa_trust: Vec<PathBuf>,
    /// Fail (reason timestamp_required) a proof that has no valid timestamp from a trusted TSA.
    /// Without it, timestamps are reported but never change the verdict.
    #[arg(long)]
    pub require_timestamp: bool,
    /// Apply this signed revocation list of keys (as `key revoke` writes), besides those in the
    /// home; repeatable. Lists by keys you do not trust are ignored.
    #[arg(long, value_name = "FILE")]
    pub revocations: Vec<PathBuf>,
    /// Apply this rotation statement (as `key rotate` writes), besides those in the home;
    /// repeatable.
    #[arg(long, value_name = "FILE")]
    pub rotation: Vec<PathBuf>,
    /// Signer policy: the arguments are files, each needing N distinct trusted signers among its
    /// proofs (FILE.proof and FILE.*.proof).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..),
          conflicts_with_all = ["indexed", "file"])]
    pub require: Option<u32>,
    /// With --require or --policy: a proof counts only if it carries this signed metadata, e.g.
    /// commit=$GITHUB_SHA; repeatable.
    #[arg(long = "require-meta", value_name = "KEY=VALUE", value_parser = parse_meta)]
    pub require_meta: Vec<(String, String)>,
    /// Signer policy from a TOML file (require, require_meta, trust_dirs, keys, ...; see
    /// docs/trust-policy.md): the arguments are files, as with --require.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["indexed", "file", "key", "trust_dir", "tsa_trust", "require"])]
    pub policy: Option<PathBuf>,
    /// Sigstore: the trusted root (trusted_root.json) keyless bundles are checked against; default
    /// $PROOFCTL_HOME/sigstore/trusted_root.json. Never fetched.
    #[arg(long, value_name = "FILE")]
    pub trusted_root: Option<PathBuf>,
    /// Sigstore: the identity (SAN email or URI) a keyless bundle's certificate must name, exactly.
    #[arg(long, value_name = "ID", conflicts_with = "certificate_identity_regexp")]
    pub certificate_identity: Option<String>,
    /// Sigstore: a regular expression the certificate's identity must match (whole).
    #[arg(long, value_name = "REGEX")]
    pub certificate_identity_regexp: Option<String>,
    /// Sigstore: the OIDC issuer a keyless bundle's certificate must name, exactly
    /// (e.g. https://token.actions.githubusercontent.com).
    #[arg(long, value_name = "URL")]
    pub certificate_oidc_issuer: Option<String>,
    /// SSH signatures: the namespace they must have been made for (ssh-keygen -Y sign -n NS);
    /// one made for another is refused (reason wrong_namespace).
    #[arg(long, value_name = "NS", default_value = "file")]
    pub namespace: String,
    /// SSH signatures: trust the keys of this OpenSSH allowed_signers file (ssh-keygen(1)),
    /// instead of the trust store, --key and --trust-dir; the line's principals name the signer.
    #[arg(long, value_name = "FILE")]
    pub allowed_signers: Option<PathBuf>,
    /// In-toto attestations (DSSE envelopes, Sigstore bundles): require this predicate type
    /// (e.g. https://slsa.dev/provenance/v1); another is invalid (predicate_mismatch).
    #[arg(long, value_name = "URI")]
    pub predicate_type: Option<String>,
    /// In-toto attestations and release manifests: look the subjects up under DIR instead of the
    /// attestation's folder, and report every file under DIR it does not name (added).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["indexed", "require", "policy"])]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Subject names are the files' paths relative to the folder the attestation is written in (with
--manifest: relative to DIR), so `proofctl verify ATTESTATION` finds them there. The output is
never replaced without --force, and is written atomically.
Exit status: 0 written, 2 an error (nothing is written).")]
pub struct AttestArgs {
    /// The files the statement speaks of (its subjects, with their SHA-256).
    #[arg(value_name = "FILE", required_unless_present = "manifest", conflicts_with = "manifest")]
    pub files: Vec<PathBuf>,
    /// A release manifest: one statement over every file under DIR (recursively; names relative
    /// to DIR, sorted), which `verify` checks for files changed, missing and added
    /// [default output: DIR/manifest.sigstore.json].
    #[arg(long, value_name = "DIR")]
    pub manifest: Option<PathBuf>,
    /// The statement's predicate type, a URI (e.g. https://slsa.dev/provenance/v1); required
    /// unless --manifest [default with --manifest: urn:proofctl:release-manifest:v1].
    #[arg(long, value_name = "URI")]
    pub predicate_type: Option<String>,
    /// The predicate: a JSON object, or @FILE to read one from FILE [default: {}].
    #[arg(long, value_name = "JSON|@FILE")]
    pub predicate: Option<String>,
    /// Where to write [default: FILE.sigstore.json for one FILE, else attestation.sigstore.json
    /// in the files' folder (.intoto.json with --envelope)].
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Write the bare DSSE envelope (what in-toto tools read) instead of a Sigstore bundle.
    #[arg(long)]
    pub envelope: bool,
    /// Key name in the home, or a path to a private key file (as for `sign`).
    #[arg(long, short, value_name = "NAME|PATH")]
    pub key: Option<String>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

/// Restrictions of a trust entry (docs/trust-policy.md), kept in NAME.toml beside NAME.pub.
#[derive(Debug, Clone, Default, Args)]
pub struct RestrictArgs {
    /// Trust the key only for proofs made at or after T (RFC 3339, or a date: 00:00 UTC), by
    /// their trusted timestamp, else by their claimed time.
    #[arg(long, value_name = "T")]
    pub valid_after: Option<String>,
    /// Trust the key only for proofs made before T (RFC 3339, or a date: 00:00 UTC).
    #[arg(long, value_name = "T")]
    pub valid_before: Option<String>,
    /// Trust the key only for proofs carrying this signed metadata; repeatable.
    #[arg(long = "require-meta", value_name = "KEY=VALUE", value_parser = parse_meta)]
    pub require_meta: Vec<(String, String)>,
}

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer
    /// of a .proof file.
    Add {
        /// The public key file, or a proof whose signer to trust (check its kid first!).
        pubkey: PathBuf,
        /// Name for the key [default: key-KID].
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing entry of the same name, or the restrictions of a key already
        /// trusted.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        restrict: RestrictArgs,
    },
    /// List trusted keys (your own keys are always trusted) and trusted TSA roots.
    List,
    /// Stop trusting a key, by kid or name.
    Remove {
        /// The key's kid or name. A kid may start with '-' (base64url): it is taken as the kid.
        #[arg(allow_hyphen_values = true)]
        kid: String,
    },
    /// Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem.
    AddTsa {
        /// The TSA's root certificate, PEM (one or more CA certificates).
        root: PathBuf,
        /// Name for the root [default: from its common name].
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing root of the same name.
        #[arg(long)]
        force: bool,
    },
    /// Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it;
    /// an older list than the one kept, or one that drops revocations, is refused.
    AddRevocations {
        /// The list (a JWT file).
        file: PathBuf,
    },
    /// Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it.
    AddRotation {
        /// The statement (a JSON file).
        file: PathBuf,
        /// Replace a different statement kept for the same two keys.
        #[arg(long)]
        force: bool,
    },
    /// Stop trusting a TSA root, by name.
    RemoveTsa {
        /// The root's name (see `trust list`).
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LicenseCommand {
    /// Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE).
    Issue(LicenseIssueArgs),
    /// Verify a licence offline: signature, time, entitlements, machine, revocation.
    // `--version` here is the licensed version to require, so no auto `--version` flag.
    #[command(disable_version_flag = true)]
    Verify(LicenseVerifyArgs),
    /// Decode a licence's header and claims WITHOUT verifying them.
    Inspect {
        /// The licence: a file, or - for stdin [default: $PROOFCTL_LICENSE, $PROOFCTL_LICENSE_FILE].
        license: Option<PathBuf>,
    },
    /// Revoke licences (by id) or whole vendor keys (by kid) in the vendor's signed revocation list.
    Revoke(LicenseRevokeArgs),
    /// List the licences issued from this home (the vendor's registry).
    List(LicenseListArgs),
    /// Show one issued licence from the registry, with its token.
    Show {
        /// The licence id (jti, 32 hex digits).
        jti: String,
    },
    /// Issue a new licence with the same customer and entitlements as JTI, recorded as its
    /// renewal.
    Renew(LicenseRenewArgs),
    /// Fetch the vendor's newest revocation lists from a proofctl server and keep them here,
    /// through the same checks as --revocations (signature, only grows, no rollback).
    Refresh(LicenseRefreshArgs),
    /// Read the audit log of a server's licence service (`serve --license-key`), as a member
    /// with the admin role: who issued, renewed, revoked, showed or listed which licence, when,
    /// from where.
    Audit(LicenseAuditArgs),
    /// One call to a server's licence service API as a signed-in member (issue, list, show,
    /// renew, revoke: docs/sync-protocol.md#licences); the answer's JSON on stdout. A POST or
    /// DELETE is sent once, never retried.
    Api(LicenseApiArgs),
}

/// The HTTP methods of the licence service's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum ApiMethod {
    Get,
    Post,
    Delete,
}

#[derive(Debug, Args)]
pub struct LicenseApiArgs {
    /// The server, e.g. https://licences.example.com.
    #[arg(long, value_name = "URL")]
    pub server: String,
    /// Your key (name or path), a member with the vendor role [default: sync_key in config.toml,
    /// else the default key].
    #[arg(long, short, value_name = "KEY")]
    pub key: Option<String>,
    /// GET, POST or DELETE.
    #[arg(value_enum, ignore_case = true)]
    pub method: ApiMethod,
    /// The API path, e.g. /v1/licenses, /v1/licenses/JTI, /v1/licenses/JTI/renew,
    /// /v1/licenses?customer=C.
    pub path: String,
    /// The request body (POST): JSON text, @FILE, or @- for standard input.
    #[arg(long, short, value_name = "JSON")]
    pub data: Option<String>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Args)]
pub struct LicenseAuditArgs {
    /// The server, e.g. https://licences.example.com.
    #[arg(long, value_name = "URL")]
    pub server: String,
    /// Your key (name or path), a member with the admin role [default: sync_key in config.toml,
    /// else the default key].
    #[arg(long, short, value_name = "KEY")]
    pub key: Option<String>,
    /// Only entries after this sequence number (a previous run's `next`).
    #[arg(long, default_value_t = 0, value_name = "SEQ", value_parser = clap::value_parser!(i64).range(0..))]
    pub after: i64,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Args)]
pub struct LicenseRefreshArgs {
    /// The vendor's server (`proofctl serve`), e.g. https://licences.example.com.
    #[arg(long, value_name = "URL")]
    pub server: String,
    /// The vendor's public key (SPKI PEM): fetch the list this key signed; repeatable.
    #[arg(long, short, value_name = "PUBKEY")]
    pub key: Vec<PathBuf>,
    /// Every *.pub in DIR is a vendor key; repeatable.
    #[arg(long, value_name = "DIR")]
    pub trust_dir: Vec<PathBuf>,
}

impl LicenseCommand {
    /// Whether the command reads or writes the vendor's registry (SQLite), which only the index
    /// wing links.
    pub fn uses_registry(&self) -> bool {
        !matches!(
            self,
            LicenseCommand::Verify(_)
                | LicenseCommand::Inspect { .. }
                | LicenseCommand::Refresh(_)
                | LicenseCommand::Audit(_)
                | LicenseCommand::Api(_)
        )
    }
}

#[derive(Debug, Args)]
pub struct LicenseListArgs {
    /// Only this customer's licences (the customer id).
    #[arg(long)]
    pub customer: Option<String>,
    /// Only licences for this product.
    #[arg(long)]
    pub product: Option<String>,
    /// Only licences in force that expire within this long, e.g. 30d, 2w, 12h.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_secs)]
    pub expiring: Option<u64>,
    /// Only revoked licences.
    #[arg(long)]
    pub revoked: bool,
}

#[derive(Debug, Args)]
pub struct LicenseRenewArgs {
    /// The licence to renew (jti, as `license list` shows).
    pub jti: String,
    /// The renewal's last day of validity (YYYY-MM-DD, UTC) or an RFC 3339 time.
    #[arg(long, value_name = "DATE", conflicts_with = "days", required_unless_present = "days")]
    pub expires: Option<String>,
    /// The renewal is valid for N days from now.
    #[arg(long, value_name = "N")]
    pub days: Option<u64>,
    #[command(flatten)]
    pub vendor: VendorArgs,
    /// Write the licence here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,
}

/// `30d`, `2w`, `12h`: a duration in seconds.
fn parse_duration_secs(s: &str) -> Result<u64, String> {
    humantime::parse_duration(s)
        .map(|d| d.as_secs())
        .map_err(|e| format!("{e}; give a duration such as 30d, 2w or 12h"))
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LicenseTypeArg {
    /// Never expires (no expiry allowed).
    Perpetual,
    /// Expires (--expires or --days required).
    Subscription,
    /// Expires within 30 days (the default and the cap).
    Demo,
}

#[derive(Debug, Args)]
pub struct LicenseIssueArgs {
    #[command(flatten)]
    pub vendor: VendorArgs,
    /// Customer id (the JWT subject) [default: the --request's].
    #[arg(long, required_unless_present = "request")]
    pub customer: Option<String>,
    /// Customer name, for people reading the licence [default: the --request's].
    #[arg(long, required_unless_present = "request")]
    pub customer_name: Option<String>,
    /// Product id (also the JWT audience) [default: the --request's].
    #[arg(long, required_unless_present = "request")]
    pub product: Option<String>,
    /// An offline activation request (`proofctl fingerprint --request` on the customer's
    /// machine): bind to its fingerprint, and take its product and customer where not given.
    #[arg(long, value_name = "FILE", conflicts_with = "bind")]
    pub request: Option<PathBuf>,
    /// Licensed versions, comma-separated ("*" for all).
    #[arg(long, value_delimiter = ',', required = true)]
    pub versions: Vec<String>,
    /// Licensed modules, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub modules: Vec<String>,
    /// Licensed features, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub features: Vec<String>,
    /// Licence type.
    #[arg(long = "type", value_enum)]
    pub license_type: LicenseTypeArg,
    /// Last day of validity (YYYY-MM-DD, UTC, valid through that day) or an RFC 3339 time.
    #[arg(long, value_name = "DATE", conflicts_with = "days")]
    pub expires: Option<String>,
    /// Valid for N days from now.
    #[arg(long, value_name = "N")]
    pub days: Option<u64>,
    /// Number of seats.
    #[arg(long)]
    pub seats: Option<u32>,
    /// Bind to a machine: its `proofctl fingerprint`.
    #[arg(long, value_name = "FINGERPRINT")]
    pub bind: Option<String>,
    /// Days after expiry during which the licence still works, reported as "grace".
    #[arg(long, default_value_t = 0)]
    pub grace_days: u32,
    /// Write the licence here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FingerprintArgs {
    /// Write an offline activation request (JSON) for the vendor, who issues a licence bound to
    /// this machine with `license issue --request FILE`.
    #[arg(long)]
    pub request: bool,
    /// With --request: the product the licence is for.
    #[arg(long, requires = "request")]
    pub product: Option<String>,
    /// With --request: your customer id, as the vendor gave it.
    #[arg(long, requires = "request")]
    pub customer: Option<String>,
    /// With --request: your name, for the licence.
    #[arg(long, requires = "request")]
    pub customer_name: Option<String>,
    /// With --request: write it here instead of stdout.
    #[arg(long, short, value_name = "FILE", requires = "request")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// The vendor key that signs licences and revocation lists.
#[derive(Debug, Args)]
pub struct VendorArgs {
    /// The vendor's signing key: a key name in the home, or a path containing '/'.
    #[arg(long, short, value_name = "VENDOR")]
    pub key: Option<String>,
    /// Issuer name [default: the key's name].
    #[arg(long)]
    pub issuer: Option<String>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Args)]
pub struct LicenseVerifyArgs {
    /// The licence: a file, or - for stdin [default: $PROOFCTL_LICENSE, $PROOFCTL_LICENSE_FILE].
    pub license: Option<PathBuf>,
    /// Trust this vendor public key (SPKI PEM); repeatable (key rotation). With --key or
    /// --trust-dir only the keys given are trusted, not the home's.
    #[arg(long, short, value_name = "PUBKEY")]
    pub key: Vec<PathBuf>,
    /// Trust every *.pub in DIR; repeatable.
    #[arg(long, value_name = "DIR")]
    pub trust_dir: Vec<PathBuf>,
    /// Require this product.
    #[arg(long)]
    pub product: Option<String>,
    /// Require this version to be licensed.
    #[arg(long)]
    pub version: Option<String>,
    /// Require this module; repeatable.
    #[arg(long)]
    pub module: Vec<String>,
    /// Require this feature; repeatable.
    #[arg(long)]
    pub feature: Vec<String>,
    /// Check machine binding against this machine (the default when the licence is bound).
    #[arg(long, conflicts_with = "fingerprint")]
    pub this_machine: bool,
    /// Check machine binding against this fingerprint.
    #[arg(long, value_name = "FP")]
    pub fingerprint: Option<String>,
    /// Apply this signed revocation list (stored in the home; an older list is refused).
    #[arg(long, value_name = "FILE")]
    pub revocations: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LicenseRevokeArgs {
    /// Licence ids (jti) to revoke.
    #[arg(value_name = "JTI")]
    pub jti: Vec<String>,
    /// Revoke every licence signed by this key id; repeatable.
    #[arg(long = "kid", value_name = "KID", allow_hyphen_values = true)]
    pub kids: Vec<String>,
    #[command(flatten)]
    pub vendor: VendorArgs,
    /// Also write the new list here (it is always stored in the home).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        full_command().debug_assert();
    }

    #[test]
    fn meta_parsing() {
        assert_eq!(parse_meta("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert!(parse_meta("novalue").is_err());
        assert!(parse_meta("bad key=x").is_err());
    }
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Add files, folders (recursively) or .proof files to the index; unchanged files are skipped.
    Add(IndexAddArgs),
    /// Remove entries: the files given, everything under the folders given, or with --missing
    /// every entry whose file is gone.
    Remove(IndexRemoveArgs),
    /// Show what the index holds.
    Stats {
        /// Also check the index file's integrity (exit 1 if damaged).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Debug, Args)]
#[command(after_help = "\
Problems with single files do not stop the run. Warnings (the file is skipped or indexed by its
digest only; exit 0): empty files, folder loops, links to nothing, texts that are not UTF-8.
Errors (exit 2; the rest is still indexed): a PATH that does not exist, a file or folder that
cannot be read, a name that is not UTF-8, a damaged image or PDF, a proof that is invalid or does
not match its file. --exclude leaves out what should not be indexed.
Ctrl-C stops after committing what is done (exit 130); running the same command again goes on.")]
pub struct IndexAddArgs {
    /// Files, folders or .proof files. A file's FILE.proof next to it is read too.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Include hidden files and folders (names starting with '.').
    #[arg(long)]
    pub hidden: bool,
    /// Include files that .gitignore, .ignore and similar files exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// Analyse every file again, even those unchanged since they were indexed.
    #[arg(long)]
    pub force: bool,
    /// Leave out files and folders matching GLOB when walking folders (gitignore syntax,
    /// relative to the folder given: '*.log', 'node_modules', 'drafts/**'). Repeatable.
    #[arg(long, value_name = "GLOB", value_parser = parse_glob)]
    pub exclude: Vec<String>,
}

fn parse_glob(s: &str) -> Result<String, String> {
    ignore::overrides::OverrideBuilder::new("/")
        .add(&format!("!{s}"))
        .map(|_| s.to_string())
        .map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub struct IndexRemoveArgs {
    /// Files or folders to remove from the index (the files themselves are not touched).
    #[arg(value_name = "PATH", required_unless_present = "missing")]
    pub paths: Vec<PathBuf>,
    /// Remove every entry whose file no longer exists.
    #[arg(long, conflicts_with = "paths")]
    pub missing: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Signals: exact (same SHA-256), image (perceptual hashes; mirror images included), text (a
fingerprint of the words: survives reflow, case and small edits). Scores run from 0 to 1; exact
matches score 1. Exit status: 0 matches found, 1 none, 2 error.")]
pub struct SearchArgs {
    /// The file to find look-alikes of (an image, a text, Markdown or PDF file, or any file for
    /// exact copies).
    #[arg(value_name = "FILE", required_unless_present = "text", conflicts_with = "text")]
    pub file: Option<PathBuf>,
    /// Find indexed texts like TEXT ('-' reads it from standard input).
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Show at most N matches.
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub top: u32,
    /// Lowest score of an image or text fingerprint match, from 0 to 1: 1 - the share of
    /// differing hash bits [default: 0.75, measured].
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    pub threshold: Option<f64>,
    /// Lowest cosine similarity of a semantic match (a text's or one of its passages' sentence
    /// embedding), from 0 to 1 [default: 0.6, measured].
    #[arg(long, value_name = "COSINE", value_parser = parse_score)]
    pub semantic_threshold: Option<f64>,
}

fn parse_score(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&v) { Ok(v) } else { Err(format!("{v} is outside 0..1")) }
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that
    /// ONNX Runtime loads and runs it. The first model added becomes the default.
    Add {
        /// The folder holding model.onnx and tokenizer.json (sentence_bert_config.json is read
        /// too when present, for the window size).
        dir: PathBuf,
        /// Name to store it under [default: the folder's name].
        #[arg(long)]
        name: Option<String>,
        /// Make it the default model (default_model in config.toml).
        #[arg(long)]
        default: bool,
        /// Replace a model of the same name.
        #[arg(long)]
        force: bool,
    },
    /// List the models in the home.
    List,
    /// Make a model in the home the default (default_model in config.toml).
    Default {
        /// The model's name, as `model list` shows it.
        name: String,
    },
}

#[derive(Debug, Args)]
#[command(after_help = "\
The server URL and the key that signs in come from --server/--key, else from sync_server and
sync_key in config.toml (else the default key). `sync` remembers the first server it is given.
Nothing local is lost when the server cannot be reached: run sync again later.
Exit status: 0 all pushed and pulled, 1 the server or this home refused some items (each is named),
2 error (server unreachable after retries, sign-in refused, bad configuration).")]
pub struct SyncArgs {
    /// The sync server, e.g. https://proofs.example.com [default: sync_server in config.toml].
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The key pair to sign in with (a name in the home or a path) [default: sync_key in
    /// config.toml, else the default key].
    #[arg(long, value_name = "NAME|PATH")]
    pub key: Option<String>,
    /// Only push local proofs; do not pull.
    #[arg(long, conflicts_with = "pull_only")]
    pub push_only: bool,
    /// Only pull the team's proofs, keys and revocation lists; do not push.
    #[arg(long)]
    pub pull_only: bool,
    /// Attempts per request before giving up on an unreachable or failing server.
    #[arg(long, default_value_t = 6, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub retries: u32,
    /// Pages of items pulled per run at most (the next run goes on where this one stopped).
    #[arg(long, default_value_t = 1000, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_pages: u64,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "\
--db takes a file path (SQLite, created if missing) or a postgres:// URL; several server processes
may share one PostgreSQL database. Keys allowed with --allow-key (or `serve members add`) are
stored in the database and stay allowed until removed. The server prints `listening on
http://ADDR` on stderr once it accepts connections, then one line per request (time, client,
method, path, status, duration, kid; --quiet silences them), and stops cleanly on SIGINT or
SIGTERM. Behind a reverse proxy, give its address with --trusted-proxy so that limits apply per
client (the rightmost X-Forwarded-For hop that is not a trusted proxy), not to the proxy. With
--license-key, members granted the vendor role (`serve members grant --db DB KID vendor`) issue,
renew and revoke licences over HTTP, and admins read the audit log (docs/sync-protocol.md)."
)]
pub struct ServeArgs {
    #[command(subcommand)]
    pub command: Option<ServeCommand>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8787", value_name = "ADDR")]
    pub listen: String,
    /// Where to store what members push: a SQLite file path or postgres://USER@HOST/DB.
    #[arg(long, value_name = "PATH|URL", required = true)]
    pub db: Option<String>,
    /// Allow a member's public key (an SPKI PEM file, as `key show` prints); NAME=FILE names it.
    #[arg(long, value_name = "[NAME=]PUBKEY")]
    pub allow_key: Vec<String>,
    /// Remove a member by key id; their tokens stop working at once.
    #[arg(long, value_name = "KID", allow_hyphen_values = true)]
    pub remove_key: Vec<String>,
    /// Largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, default_value_t = 8 * 1024 * 1024, value_name = "BYTES")]
    pub max_body: usize,
    /// Requests per second allowed per member key (bursts of twice that); more get 429.
    #[arg(long, default_value_t = 50, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate: u32,
    /// Time a client has to send a request's line and headers; idle connections close after it.
    #[arg(long, default_value = "10s", value_name = "DURATION", value_parser = positive_duration)]
    pub header_timeout: std::time::Duration,
    /// Time a client has to send a request's body (slower ones get 408).
    #[arg(long, default_value = "60s", value_name = "DURATION", value_parser = positive_duration)]
    pub body_timeout: std::time::Duration,
    /// Connections served at once; more wait until one closes.
    #[arg(long, default_value_t = 512, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub max_connections: u32,
    /// A reverse proxy (address or CIDR block) whose X-Forwarded-For names the client; repeatable.
    #[arg(long, value_name = "ADDR|CIDR")]
    pub trusted_proxy: Vec<String>,
    /// Run the licence service (/v1/licenses, for members with the vendor role) with this vendor
    /// key: a key name in the home, or a key file (KEY.key). Unlocked once, at start.
    #[arg(long, value_name = "KEY")]
    pub license_key: Option<String>,
    /// Read the vendor key's passphrase from the first line of FILE (a file or a FIFO)
    /// [else $PROOFCTL_LICENSE_PASSPHRASE, else a prompt on the terminal].
    #[arg(long, value_name = "FILE", requires = "license_key")]
    pub license_passphrase_file: Option<PathBuf>,
    /// The issuer (`iss`) of the licences and revocation lists the service signs [default: the
    /// key's name, or its file's stem].
    #[arg(long, value_name = "NAME", requires = "license_key")]
    pub license_issuer: Option<String>,
}

/// A duration such as 10s, 500ms or 2m, above zero.
fn positive_duration(s: &str) -> Result<std::time::Duration, String> {
    match humantime::parse_duration(s) {
        Ok(d) if !d.is_zero() => Ok(d),
        Ok(_) => Err("must be above zero".into()),
        Err(e) => Err(format!("{e}; give e.g. 10s, 500ms or 2m")),
    }
}

#[derive(Debug, Subcommand)]
pub enum ServeCommand {
    /// Add, list and remove the server's members, in its database (running server or not).
    #[command(subcommand)]
    Members(MembersCommand),
}

#[derive(Debug, Args)]
pub struct MembersDb {
    /// The server's database: a SQLite file path or postgres://USER@HOST/DB.
    #[arg(long, value_name = "PATH|URL")]
    pub db: String,
}

#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once.
    Add {
        #[command(flatten)]
        db: MembersDb,
        /// NAME=FILE names the member; else the file's stem does.
        #[arg(required = true, value_name = "[NAME=]PUBKEY")]
        keys: Vec<String>,
    },
    /// List the current members: name, key id, when added.
    List {
        #[command(flatten)]
        db: MembersDb,
    },
    /// Remove members by key id; their tokens stop working at once.
    Remove {
        #[command(flatten)]
        db: MembersDb,
        /// Key ids, as `members list` prints them (after `--` when one starts with '-').
        #[arg(required = true, value_name = "KID")]
        kids: Vec<String>,
    },
    /// Grant a member roles: vendor (issue and revoke licences through the licence service),
    /// admin (read its audit log). At its next request.
    Grant {
        #[command(flatten)]
        db: MembersDb,
        #[command(flatten)]
        roles: MemberRoles,
    },
    /// Take roles away from a member.
    Ungrant {
        #[command(flatten)]
        db: MembersDb,
        #[command(flatten)]
        roles: MemberRoles,
    },
}

#[derive(Debug, Args)]
pub struct MemberRoles {
    /// The member's key id, as `members list` prints it (after `--` when it starts with '-').
    #[arg(value_name = "KID")]
    pub kid: String,
    /// Roles: vendor, admin.
    #[arg(required = true, value_name = "ROLE", value_parser = ["vendor", "admin"])]
    pub roles: Vec<String>,
}
