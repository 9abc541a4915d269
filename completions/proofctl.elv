
use builtin;
use str;

set edit:completion:arg-completer[proofctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'proofctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'proofctl'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keygen 'Create an Ed25519 key pair (private key sealed with a passphrase)'
            cand key 'List, show, export, import, rename, remove your key pairs; change a passphrase'
            cand sign 'Sign files: write FILE.proof, a detached POP-1.0 proof, next to each'
            cand verify 'Verify POP-1.0 proofs against their files and your trusted keys'
            cand attest 'Attest to files: an in-toto statement over them in a DSSE envelope signed with your key, written as a Sigstore bundle (or the bare envelope); --manifest DIR signs a whole folder'
            cand trust 'Manage the keys you trust'
            cand license 'Issue, verify, inspect and revoke offline software licences (EdDSA JWTs)'
            cand index 'Keep the local index of files (what `search` looks in): add, remove, stats'
            cand search 'Find indexed files like FILE (or like --text): exact copies, similar images, similar text, text of similar meaning'
            cand model 'Sentence-embedding models for semantic text search (ONNX Runtime): add, list, default'
            cand sync 'Share proofs, index entries, published keys and revocation lists with a sync server: push what is new here, then pull what the team pushed'
            cand serve 'Run a sync server (HTTP, JSON API under /v1) on a SQLite file or a PostgreSQL database'
            cand timestamp 'Add RFC 3161 timestamps from time-stamping authorities to proofs (POP-1.0 -> POP-1.1)'
            cand fingerprint 'Print this machine''s fingerprint, to bind a licence to it (license issue --bind); with --request, write an activation request for the vendor (license issue --request)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;keygen'= {
            cand --name 'Name of the key pair (files keys/NAME.key and keys/NAME.pub in the home)'
            cand --pkcs11 'Make the key on a PKCS#11 token instead (RFC 7512 URI, e.g. ''pkcs11:token=Release;object=release''); the home keeps its public key and a reference'
            cand --pkcs11-module 'The PKCS#11 module (shared library) of the token [default: module-path= in the URI, else $PROOFCTL_PKCS11_MODULE]'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --no-passphrase 'Store the private key unencrypted (plain PKCS#8 PEM, 0600). Not recommended'
            cand --force 'Replace an existing key pair of the same name; the old private key is kept as keys/NAME.key.bak-TIMESTAMP'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List your key pairs'
            cand show 'Show a key pair: kid, files and public key'
            cand export 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM'
            cand default 'Make NAME the default key (default_key in config.toml), used when no key is named'
            cand passwd 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing'
            cand rename 'Rename a key pair (never over an existing one); default_key and sync_key follow it'
            cand remove 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted'
            cand import 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected'
            cand revoke 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time'
            cand rotate 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;key;list'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;show'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;export'= {
            cand -o 'Write to FILE (atomically; 0600 for a private key) instead of stdout'
            cand --out 'Write to FILE (atomically; 0600 for a private key) instead of stdout'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --pkcs8 'Export the private key, unencrypted, as PKCS#8 v1 PEM (readable by OpenSSL). Not printed on a terminal: use -o FILE, a pipe, or --force'
            cand --ssh 'Export the public key as one OpenSSH line (ssh-ed25519 …), for authorized_keys or allowed_signers'
            cand --force 'Replace an existing -o FILE; with --pkcs8, also print the private key on a terminal'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;default'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;passwd'= {
            cand --new-passphrase-file 'Read the new passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_NEW_PASSPHRASE, else asked twice on the terminal]'
            cand --new-passphrase-fd 'Read the new passphrase from the first line of open file descriptor N'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --no-passphrase 'Store the key unencrypted from now on (plain PKCS#8, 0600). Not recommended'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;rename'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;remove'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Do not ask (needed without a terminal)'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;import'= {
            cand --pkcs11 'Use an existing Ed25519 key on a PKCS#11 token (RFC 7512 URI naming it by object= and/or id=); the home keeps its public key and a reference'
            cand --pkcs11-module 'The PKCS#11 module (shared library) of the token [default: module-path= in the URI, else $PROOFCTL_PKCS11_MODULE]'
            cand --name 'Name to store it under'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --no-passphrase 'Store it unencrypted (an encrypted FILE is decrypted with the passphrase first)'
            cand --force 'Replace an existing key pair of the same name'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;revoke'= {
            cand --since 'Proofs with a trusted timestamp (RFC 3161) before this RFC 3339 time stay valid [default: revoked for all time]'
            cand --reason 'Why, for people reading verify''s report (e.g. "laptop stolen")'
            cand --key 'The key that signs the list: a key name in the home or a path [default: the revoked key itself, when it is in the home]'
            cand -o 'Also write the new list here'
            cand --out 'Also write the new list here'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace an existing --out file'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;rotate'= {
            cand --to 'The key taking over (a key name in the home)'
            cand -o 'Also write the statement here'
            cand --out 'Also write the statement here'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace an existing statement for the same two keys, or an existing --out file'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;key;help'= {
            cand list 'List your key pairs'
            cand show 'Show a key pair: kid, files and public key'
            cand export 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM'
            cand default 'Make NAME the default key (default_key in config.toml), used when no key is named'
            cand passwd 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing'
            cand rename 'Rename a key pair (never over an existing one); default_key and sync_key follow it'
            cand remove 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted'
            cand import 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected'
            cand revoke 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time'
            cand rotate 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;key;help;list'= {
        }
        &'proofctl;key;help;show'= {
        }
        &'proofctl;key;help;export'= {
        }
        &'proofctl;key;help;default'= {
        }
        &'proofctl;key;help;passwd'= {
        }
        &'proofctl;key;help;rename'= {
        }
        &'proofctl;key;help;remove'= {
        }
        &'proofctl;key;help;import'= {
        }
        &'proofctl;key;help;revoke'= {
        }
        &'proofctl;key;help;rotate'= {
        }
        &'proofctl;key;help;help'= {
        }
        &'proofctl;sign'= {
            cand --name 'With - (standard input): the file name to record in the proof, the name the bytes will be verified under'
            cand -k 'Key name in the home, or a path to a private key file (any value containing ''/'', e.g. ./key.pem): proofctl''s own, or PKCS#8 PEM, plain or encrypted, as `openssl genpkey` writes [default: default_key from config.toml, else the only key, else the key named default]'
            cand --key 'Key name in the home, or a path to a private key file (any value containing ''/'', e.g. ./key.pem): proofctl''s own, or PKCS#8 PEM, plain or encrypted, as `openssl genpkey` writes [default: default_key from config.toml, else the only key, else the key named default]'
            cand --meta 'Signed metadata; repeatable. Keys: letters, digits, ''.'', ''_'', ''-'''
            cand -o 'Write the proof here instead of FILE.proof (one FILE only)'
            cand --out 'Write the proof here instead of FILE.proof (one FILE only)'
            cand --tsa 'Get an RFC 3161 timestamp for each proof from this time-stamping authority (repeatable): the proof is written as POP-1.1 with the tokens. A TSA that fails leaves the proof without its token (exit 2; `proofctl timestamp PROOF` adds it later)'
            cand --tsa-timeout 'Seconds to wait for each TSA''s answer (connecting: at most 10)'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --format 'Signature format: pop (a POP proof, FILE.proof) or sshsig (an SSH signature, FILE.sig, as `ssh-keygen -Y sign` writes and `ssh-keygen -Y verify` checks)'
            cand --namespace 'With --format sshsig: the namespace to sign for (ssh-keygen''s -n)'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace existing proofs'
            cand --no-index 'Do not add the signed files to the local index'
            cand --timestamp 'Timestamp with the TSAs listed in config.toml (`tsa = ["https://…"]`)'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;verify'= {
            cand -f 'The signed file, when it is not beside the proof (one PROOF only)'
            cand --file 'The signed file, when it is not beside the proof (one PROOF only)'
            cand -k 'Trust this public key (SPKI PEM, or an OpenSSH ssh-ed25519 line); repeatable. With --key or --trust-dir, only the keys given are trusted, not the home''s'
            cand --key 'Trust this public key (SPKI PEM, or an OpenSSH ssh-ed25519 line); repeatable. With --key or --trust-dir, only the keys given are trusted, not the home''s'
            cand --trust-dir 'Trust every *.pub in DIR (e.g. a repository''s keys/ folder); repeatable'
            cand --tsa-trust 'Also trust every *.pem in DIR as a TSA root certificate for this run, besides the home''s (`trust add-tsa`); repeatable'
            cand --revocations 'Apply this signed revocation list of keys (as `key revoke` writes), besides those in the home; repeatable. Lists by keys you do not trust are ignored'
            cand --rotation 'Apply this rotation statement (as `key rotate` writes), besides those in the home; repeatable'
            cand --require 'Signer policy: the arguments are files, each needing N distinct trusted signers among its proofs (FILE.proof and FILE.*.proof)'
            cand --require-meta 'With --require or --policy: a proof counts only if it carries this signed metadata, e.g. commit=$GITHUB_SHA; repeatable'
            cand --policy 'Signer policy from a TOML file (require, require_meta, trust_dirs, keys, ...; see docs/trust-policy.md): the arguments are files, as with --require'
            cand --trusted-root 'Sigstore: the trusted root (trusted_root.json) keyless bundles are checked against; default $PROOFCTL_HOME/sigstore/trusted_root.json. Never fetched'
            cand --certificate-identity 'Sigstore: the identity (SAN email or URI) a keyless bundle''s certificate must name, exactly'
            cand --certificate-identity-regexp 'Sigstore: a regular expression the certificate''s identity must match (whole)'
            cand --certificate-oidc-issuer 'Sigstore: the OIDC issuer a keyless bundle''s certificate must name, exactly (e.g. https://token.actions.githubusercontent.com)'
            cand --namespace 'SSH signatures: the namespace they must have been made for (ssh-keygen -Y sign -n NS); one made for another is refused (reason wrong_namespace)'
            cand --allowed-signers 'SSH signatures: trust the keys of this OpenSSH allowed_signers file (ssh-keygen(1)), instead of the trust store, --key and --trust-dir; the line''s principals name the signer'
            cand --predicate-type 'In-toto attestations (DSSE envelopes, Sigstore bundles): require this predicate type (e.g. https://slsa.dev/provenance/v1); another is invalid (predicate_mismatch)'
            cand --dir 'In-toto attestations and release manifests: look the subjects up under DIR instead of the attestation''s folder, and report every file under DIR it does not name (added)'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --indexed 'The arguments are files: check each against every proof the index holds for its bytes (signed here, indexed with `index add`, or pulled from the team by `sync`)'
            cand --strict-name 'Fail (reason name_mismatch) when the file''s name differs from the name it was signed under, so two signed artifacts cannot be swapped along with their proofs. Without it, a renamed file still verifies and the report says what it was signed as'
            cand --require-timestamp 'Fail (reason timestamp_required) a proof that has no valid timestamp from a trusted TSA. Without it, timestamps are reported but never change the verdict'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;attest'= {
            cand --manifest 'A release manifest: one statement over every file under DIR (recursively; names relative to DIR, sorted), which `verify` checks for files changed, missing and added [default output: DIR/manifest.sigstore.json]'
            cand --predicate-type 'The statement''s predicate type, a URI (e.g. https://slsa.dev/provenance/v1); required unless --manifest [default with --manifest: urn:proofctl:release-manifest:v1]'
            cand --predicate 'The predicate: a JSON object, or @FILE to read one from FILE [default: {}]'
            cand -o 'Where to write [default: FILE.sigstore.json for one FILE, else attestation.sigstore.json in the files'' folder (.intoto.json with --envelope)]'
            cand --out 'Where to write [default: FILE.sigstore.json for one FILE, else attestation.sigstore.json in the files'' folder (.intoto.json with --envelope)]'
            cand -k 'Key name in the home, or a path to a private key file (as for `sign`)'
            cand --key 'Key name in the home, or a path to a private key file (as for `sign`)'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --envelope 'Write the bare DSSE envelope (what in-toto tools read) instead of a Sigstore bundle'
            cand --force 'Replace an existing output file'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;trust'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file'
            cand list 'List trusted keys (your own keys are always trusted) and trusted TSA roots'
            cand remove 'Stop trusting a key, by kid or name'
            cand add-tsa 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem'
            cand add-revocations 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused'
            cand add-rotation 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it'
            cand remove-tsa 'Stop trusting a TSA root, by name'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;trust;add'= {
            cand --name 'Name for the key [default: key-KID]'
            cand --valid-after 'Trust the key only for proofs made at or after T (RFC 3339, or a date: 00:00 UTC), by their trusted timestamp, else by their claimed time'
            cand --valid-before 'Trust the key only for proofs made before T (RFC 3339, or a date: 00:00 UTC)'
            cand --require-meta 'Trust the key only for proofs carrying this signed metadata; repeatable'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace an existing entry of the same name, or the restrictions of a key already trusted'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;trust;list'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;trust;remove'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;trust;add-tsa'= {
            cand --name 'Name for the root [default: from its common name]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace an existing root of the same name'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;trust;add-revocations'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;trust;add-rotation'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace a different statement kept for the same two keys'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;trust;remove-tsa'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;trust;help'= {
            cand add 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file'
            cand list 'List trusted keys (your own keys are always trusted) and trusted TSA roots'
            cand remove 'Stop trusting a key, by kid or name'
            cand add-tsa 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem'
            cand add-revocations 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused'
            cand add-rotation 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it'
            cand remove-tsa 'Stop trusting a TSA root, by name'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;trust;help;add'= {
        }
        &'proofctl;trust;help;list'= {
        }
        &'proofctl;trust;help;remove'= {
        }
        &'proofctl;trust;help;add-tsa'= {
        }
        &'proofctl;trust;help;add-revocations'= {
        }
        &'proofctl;trust;help;add-rotation'= {
        }
        &'proofctl;trust;help;remove-tsa'= {
        }
        &'proofctl;trust;help;help'= {
        }
        &'proofctl;license'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand issue 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)'
            cand verify 'Verify a licence offline: signature, time, entitlements, machine, revocation'
            cand inspect 'Decode a licence''s header and claims WITHOUT verifying them'
            cand revoke 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor''s signed revocation list'
            cand list 'List the licences issued from this home (the vendor''s registry)'
            cand show 'Show one issued licence from the registry, with its token'
            cand renew 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal'
            cand refresh 'Fetch the vendor''s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)'
            cand audit 'Read the audit log of a server''s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where'
            cand api 'One call to a server''s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer''s JSON on stdout. A POST or DELETE is sent once, never retried'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;license;issue'= {
            cand -k 'The vendor''s signing key: a key name in the home, or a path containing ''/'''
            cand --key 'The vendor''s signing key: a key name in the home, or a path containing ''/'''
            cand --issuer 'Issuer name [default: the key''s name]'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --customer 'Customer id (the JWT subject) [default: the --request''s]'
            cand --customer-name 'Customer name, for people reading the licence [default: the --request''s]'
            cand --product 'Product id (also the JWT audience) [default: the --request''s]'
            cand --request 'An offline activation request (`proofctl fingerprint --request` on the customer''s machine): bind to its fingerprint, and take its product and customer where not given'
            cand --versions 'Licensed versions, comma-separated ("*" for all)'
            cand --modules 'Licensed modules, comma-separated'
            cand --features 'Licensed features, comma-separated'
            cand --type 'Licence type'
            cand --expires 'Last day of validity (YYYY-MM-DD, UTC, valid through that day) or an RFC 3339 time'
            cand --days 'Valid for N days from now'
            cand --seats 'Number of seats'
            cand --bind 'Bind to a machine: its `proofctl fingerprint`'
            cand --grace-days 'Days after expiry during which the licence still works, reported as "grace"'
            cand -o 'Write the licence here instead of stdout'
            cand --out 'Write the licence here instead of stdout'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace an existing --out file'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;verify'= {
            cand -k 'Trust this vendor public key (SPKI PEM); repeatable (key rotation). With --key or --trust-dir only the keys given are trusted, not the home''s'
            cand --key 'Trust this vendor public key (SPKI PEM); repeatable (key rotation). With --key or --trust-dir only the keys given are trusted, not the home''s'
            cand --trust-dir 'Trust every *.pub in DIR; repeatable'
            cand --product 'Require this product'
            cand --version 'Require this version to be licensed'
            cand --module 'Require this module; repeatable'
            cand --feature 'Require this feature; repeatable'
            cand --fingerprint 'Check machine binding against this fingerprint'
            cand --revocations 'Apply this signed revocation list (stored in the home; an older list is refused)'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --this-machine 'Check machine binding against this machine (the default when the licence is bound)'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'proofctl;license;inspect'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;revoke'= {
            cand --kid 'Revoke every licence signed by this key id; repeatable'
            cand -k 'The vendor''s signing key: a key name in the home, or a path containing ''/'''
            cand --key 'The vendor''s signing key: a key name in the home, or a path containing ''/'''
            cand --issuer 'Issuer name [default: the key''s name]'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand -o 'Also write the new list here (it is always stored in the home)'
            cand --out 'Also write the new list here (it is always stored in the home)'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace an existing --out file'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;list'= {
            cand --customer 'Only this customer''s licences (the customer id)'
            cand --product 'Only licences for this product'
            cand --expiring 'Only licences in force that expire within this long, e.g. 30d, 2w, 12h'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --revoked 'Only revoked licences'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;show'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;renew'= {
            cand --expires 'The renewal''s last day of validity (YYYY-MM-DD, UTC) or an RFC 3339 time'
            cand --days 'The renewal is valid for N days from now'
            cand -k 'The vendor''s signing key: a key name in the home, or a path containing ''/'''
            cand --key 'The vendor''s signing key: a key name in the home, or a path containing ''/'''
            cand --issuer 'Issuer name [default: the key''s name]'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand -o 'Write the licence here instead of stdout'
            cand --out 'Write the licence here instead of stdout'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --force 'Replace an existing --out file'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;refresh'= {
            cand --server 'The vendor''s server (`proofctl serve`), e.g. https://licences.example.com'
            cand -k 'The vendor''s public key (SPKI PEM): fetch the list this key signed; repeatable'
            cand --key 'The vendor''s public key (SPKI PEM): fetch the list this key signed; repeatable'
            cand --trust-dir 'Every *.pub in DIR is a vendor key; repeatable'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;audit'= {
            cand --server 'The server, e.g. https://licences.example.com'
            cand -k 'Your key (name or path), a member with the admin role [default: sync_key in config.toml, else the default key]'
            cand --key 'Your key (name or path), a member with the admin role [default: sync_key in config.toml, else the default key]'
            cand --after 'Only entries after this sequence number (a previous run''s `next`)'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;api'= {
            cand --server 'The server, e.g. https://licences.example.com'
            cand -k 'Your key (name or path), a member with the vendor role [default: sync_key in config.toml, else the default key]'
            cand --key 'Your key (name or path), a member with the vendor role [default: sync_key in config.toml, else the default key]'
            cand -d 'The request body (POST): JSON text, @FILE, or @- for standard input'
            cand --data 'The request body (POST): JSON text, @FILE, or @- for standard input'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;license;help'= {
            cand issue 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)'
            cand verify 'Verify a licence offline: signature, time, entitlements, machine, revocation'
            cand inspect 'Decode a licence''s header and claims WITHOUT verifying them'
            cand revoke 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor''s signed revocation list'
            cand list 'List the licences issued from this home (the vendor''s registry)'
            cand show 'Show one issued licence from the registry, with its token'
            cand renew 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal'
            cand refresh 'Fetch the vendor''s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)'
            cand audit 'Read the audit log of a server''s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where'
            cand api 'One call to a server''s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer''s JSON on stdout. A POST or DELETE is sent once, never retried'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;license;help;issue'= {
        }
        &'proofctl;license;help;verify'= {
        }
        &'proofctl;license;help;inspect'= {
        }
        &'proofctl;license;help;revoke'= {
        }
        &'proofctl;license;help;list'= {
        }
        &'proofctl;license;help;show'= {
        }
        &'proofctl;license;help;renew'= {
        }
        &'proofctl;license;help;refresh'= {
        }
        &'proofctl;license;help;audit'= {
        }
        &'proofctl;license;help;api'= {
        }
        &'proofctl;license;help;help'= {
        }
        &'proofctl;index'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped'
            cand remove 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone'
            cand stats 'Show what the index holds'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;index;add'= {
            cand --exclude 'Leave out files and folders matching GLOB when walking folders (gitignore syntax, relative to the folder given: ''*.log'', ''node_modules'', ''drafts/**''). Repeatable'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --hidden 'Include hidden files and folders (names starting with ''.'')'
            cand --no-ignore 'Include files that .gitignore, .ignore and similar files exclude'
            cand --force 'Analyse every file again, even those unchanged since they were indexed'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;index;remove'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --missing 'Remove every entry whose file no longer exists'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;index;stats'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --check 'Also check the index file''s integrity (exit 1 if damaged)'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;index;help'= {
            cand add 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped'
            cand remove 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone'
            cand stats 'Show what the index holds'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;index;help;add'= {
        }
        &'proofctl;index;help;remove'= {
        }
        &'proofctl;index;help;stats'= {
        }
        &'proofctl;index;help;help'= {
        }
        &'proofctl;search'= {
            cand --text 'Find indexed texts like TEXT (''-'' reads it from standard input)'
            cand --top 'Show at most N matches'
            cand --threshold 'Lowest score of an image or text fingerprint match, from 0 to 1: 1 - the share of differing hash bits [default: 0.75, measured]'
            cand --semantic-threshold 'Lowest cosine similarity of a semantic match (a text''s or one of its passages'' sentence embedding), from 0 to 1 [default: 0.6, measured]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;model'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default'
            cand list 'List the models in the home'
            cand default 'Make a model in the home the default (default_model in config.toml)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;model;add'= {
            cand --name 'Name to store it under [default: the folder''s name]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --default 'Make it the default model (default_model in config.toml)'
            cand --force 'Replace a model of the same name'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;model;list'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;model;default'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;model;help'= {
            cand add 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default'
            cand list 'List the models in the home'
            cand default 'Make a model in the home the default (default_model in config.toml)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;model;help;add'= {
        }
        &'proofctl;model;help;list'= {
        }
        &'proofctl;model;help;default'= {
        }
        &'proofctl;model;help;help'= {
        }
        &'proofctl;sync'= {
            cand --server 'The sync server, e.g. https://proofs.example.com [default: sync_server in config.toml]'
            cand --key 'The key pair to sign in with (a name in the home or a path) [default: sync_key in config.toml, else the default key]'
            cand --retries 'Attempts per request before giving up on an unreachable or failing server'
            cand --max-pages 'Pages of items pulled per run at most (the next run goes on where this one stopped)'
            cand --passphrase-file 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]'
            cand --passphrase-fd 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)'
            cand --pin-file 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --push-only 'Only push local proofs; do not pull'
            cand --pull-only 'Only pull the team''s proofs, keys and revocation lists; do not push'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;serve'= {
            cand --listen 'Address to listen on (port 0 picks a free port)'
            cand --db 'Where to store what members push: a SQLite file path or postgres://USER@HOST/DB'
            cand --allow-key 'Allow a member''s public key (an SPKI PEM file, as `key show` prints); NAME=FILE names it'
            cand --remove-key 'Remove a member by key id; their tokens stop working at once'
            cand --max-body 'Largest request body accepted, in bytes (larger ones get 413)'
            cand --rate 'Requests per second allowed per member key (bursts of twice that); more get 429'
            cand --header-timeout 'Time a client has to send a request''s line and headers; idle connections close after it'
            cand --body-timeout 'Time a client has to send a request''s body (slower ones get 408)'
            cand --max-connections 'Connections served at once; more wait until one closes'
            cand --trusted-proxy 'A reverse proxy (address or CIDR block) whose X-Forwarded-For names the client; repeatable'
            cand --license-key 'Run the licence service (/v1/licenses, for members with the vendor role) with this vendor key: a key name in the home, or a key file (KEY.key). Unlocked once, at start'
            cand --license-passphrase-file 'Read the vendor key''s passphrase from the first line of FILE (a file or a FIFO) [else $PROOFCTL_LICENSE_PASSPHRASE, else a prompt on the terminal]'
            cand --license-issuer 'The issuer (`iss`) of the licences and revocation lists the service signs [default: the key''s name, or its file''s stem]'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand members 'Add, list and remove the server''s members, in its database (running server or not)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;serve;members'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once'
            cand list 'List the current members: name, key id, when added'
            cand remove 'Remove members by key id; their tokens stop working at once'
            cand grant 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request'
            cand ungrant 'Take roles away from a member'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;serve;members;add'= {
            cand --db 'The server''s database: a SQLite file path or postgres://USER@HOST/DB'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;serve;members;list'= {
            cand --db 'The server''s database: a SQLite file path or postgres://USER@HOST/DB'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;serve;members;remove'= {
            cand --db 'The server''s database: a SQLite file path or postgres://USER@HOST/DB'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;serve;members;grant'= {
            cand --db 'The server''s database: a SQLite file path or postgres://USER@HOST/DB'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;serve;members;ungrant'= {
            cand --db 'The server''s database: a SQLite file path or postgres://USER@HOST/DB'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;serve;members;help'= {
            cand add 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once'
            cand list 'List the current members: name, key id, when added'
            cand remove 'Remove members by key id; their tokens stop working at once'
            cand grant 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request'
            cand ungrant 'Take roles away from a member'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;serve;members;help;add'= {
        }
        &'proofctl;serve;members;help;list'= {
        }
        &'proofctl;serve;members;help;remove'= {
        }
        &'proofctl;serve;members;help;grant'= {
        }
        &'proofctl;serve;members;help;ungrant'= {
        }
        &'proofctl;serve;members;help;help'= {
        }
        &'proofctl;serve;help'= {
            cand members 'Add, list and remove the server''s members, in its database (running server or not)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;serve;help;members'= {
            cand add 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once'
            cand list 'List the current members: name, key id, when added'
            cand remove 'Remove members by key id; their tokens stop working at once'
            cand grant 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request'
            cand ungrant 'Take roles away from a member'
        }
        &'proofctl;serve;help;members;add'= {
        }
        &'proofctl;serve;help;members;list'= {
        }
        &'proofctl;serve;help;members;remove'= {
        }
        &'proofctl;serve;help;members;grant'= {
        }
        &'proofctl;serve;help;members;ungrant'= {
        }
        &'proofctl;serve;help;help'= {
        }
        &'proofctl;timestamp'= {
            cand --tsa 'A time-stamping authority (RFC 3161 over HTTP), e.g. https://freetsa.org/tsr; repeatable [default: tsa in config.toml]'
            cand --tsa-timeout 'Seconds to wait for each TSA''s answer (connecting: at most 10)'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;fingerprint'= {
            cand --product 'With --request: the product the licence is for'
            cand --customer 'With --request: your customer id, as the vendor gave it'
            cand --customer-name 'With --request: your name, for the licence'
            cand -o 'With --request: write it here instead of stdout'
            cand --out 'With --request: write it here instead of stdout'
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --request 'Write an offline activation request (JSON) for the vendor, who issues a licence bound to this machine with `license issue --request FILE`'
            cand --force 'Replace an existing --out file'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;completions'= {
            cand --home 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]'
            cand --color 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never'
            cand --json 'Print machine-readable JSON on stdout (a documented, stable shape)'
            cand -q 'Print nothing but errors and failed checks'
            cand --quiet 'Print nothing but errors and failed checks'
            cand -v 'Say more (repeat for more detail)'
            cand --verbose 'Say more (repeat for more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'proofctl;help'= {
            cand keygen 'Create an Ed25519 key pair (private key sealed with a passphrase)'
            cand key 'List, show, export, import, rename, remove your key pairs; change a passphrase'
            cand sign 'Sign files: write FILE.proof, a detached POP-1.0 proof, next to each'
            cand verify 'Verify POP-1.0 proofs against their files and your trusted keys'
            cand attest 'Attest to files: an in-toto statement over them in a DSSE envelope signed with your key, written as a Sigstore bundle (or the bare envelope); --manifest DIR signs a whole folder'
            cand trust 'Manage the keys you trust'
            cand license 'Issue, verify, inspect and revoke offline software licences (EdDSA JWTs)'
            cand index 'Keep the local index of files (what `search` looks in): add, remove, stats'
            cand search 'Find indexed files like FILE (or like --text): exact copies, similar images, similar text, text of similar meaning'
            cand model 'Sentence-embedding models for semantic text search (ONNX Runtime): add, list, default'
            cand sync 'Share proofs, index entries, published keys and revocation lists with a sync server: push what is new here, then pull what the team pushed'
            cand serve 'Run a sync server (HTTP, JSON API under /v1) on a SQLite file or a PostgreSQL database'
            cand timestamp 'Add RFC 3161 timestamps from time-stamping authorities to proofs (POP-1.0 -> POP-1.1)'
            cand fingerprint 'Print this machine''s fingerprint, to bind a licence to it (license issue --bind); with --request, write an activation request for the vendor (license issue --request)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proofctl;help;keygen'= {
        }
        &'proofctl;help;key'= {
            cand list 'List your key pairs'
            cand show 'Show a key pair: kid, files and public key'
            cand export 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM'
            cand default 'Make NAME the default key (default_key in config.toml), used when no key is named'
            cand passwd 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing'
            cand rename 'Rename a key pair (never over an existing one); default_key and sync_key follow it'
            cand remove 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted'
            cand import 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected'
            cand revoke 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time'
            cand rotate 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on'
        }
        &'proofctl;help;key;list'= {
        }
        &'proofctl;help;key;show'= {
        }
        &'proofctl;help;key;export'= {
        }
        &'proofctl;help;key;default'= {
        }
        &'proofctl;help;key;passwd'= {
        }
        &'proofctl;help;key;rename'= {
        }
        &'proofctl;help;key;remove'= {
        }
        &'proofctl;help;key;import'= {
        }
        &'proofctl;help;key;revoke'= {
        }
        &'proofctl;help;key;rotate'= {
        }
        &'proofctl;help;sign'= {
        }
        &'proofctl;help;verify'= {
        }
        &'proofctl;help;attest'= {
        }
        &'proofctl;help;trust'= {
            cand add 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file'
            cand list 'List trusted keys (your own keys are always trusted) and trusted TSA roots'
            cand remove 'Stop trusting a key, by kid or name'
            cand add-tsa 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem'
            cand add-revocations 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused'
            cand add-rotation 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it'
            cand remove-tsa 'Stop trusting a TSA root, by name'
        }
        &'proofctl;help;trust;add'= {
        }
        &'proofctl;help;trust;list'= {
        }
        &'proofctl;help;trust;remove'= {
        }
        &'proofctl;help;trust;add-tsa'= {
        }
        &'proofctl;help;trust;add-revocations'= {
        }
        &'proofctl;help;trust;add-rotation'= {
        }
        &'proofctl;help;trust;remove-tsa'= {
        }
        &'proofctl;help;license'= {
            cand issue 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)'
            cand verify 'Verify a licence offline: signature, time, entitlements, machine, revocation'
            cand inspect 'Decode a licence''s header and claims WITHOUT verifying them'
            cand revoke 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor''s signed revocation list'
            cand list 'List the licences issued from this home (the vendor''s registry)'
            cand show 'Show one issued licence from the registry, with its token'
            cand renew 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal'
            cand refresh 'Fetch the vendor''s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)'
            cand audit 'Read the audit log of a server''s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where'
            cand api 'One call to a server''s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer''s JSON on stdout. A POST or DELETE is sent once, never retried'
        }
        &'proofctl;help;license;issue'= {
        }
        &'proofctl;help;license;verify'= {
        }
        &'proofctl;help;license;inspect'= {
        }
        &'proofctl;help;license;revoke'= {
        }
        &'proofctl;help;license;list'= {
        }
        &'proofctl;help;license;show'= {
        }
        &'proofctl;help;license;renew'= {
        }
        &'proofctl;help;license;refresh'= {
        }
        &'proofctl;help;license;audit'= {
        }
        &'proofctl;help;license;api'= {
        }
        &'proofctl;help;index'= {
            cand add 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped'
            cand remove 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone'
            cand stats 'Show what the index holds'
        }
        &'proofctl;help;index;add'= {
        }
        &'proofctl;help;index;remove'= {
        }
        &'proofctl;help;index;stats'= {
        }
        &'proofctl;help;search'= {
        }
        &'proofctl;help;model'= {
            cand add 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default'
            cand list 'List the models in the home'
            cand default 'Make a model in the home the default (default_model in config.toml)'
        }
        &'proofctl;help;model;add'= {
        }
        &'proofctl;help;model;list'= {
        }
        &'proofctl;help;model;default'= {
        }
        &'proofctl;help;sync'= {
        }
        &'proofctl;help;serve'= {
            cand members 'Add, list and remove the server''s members, in its database (running server or not)'
        }
        &'proofctl;help;serve;members'= {
            cand add 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once'
            cand list 'List the current members: name, key id, when added'
            cand remove 'Remove members by key id; their tokens stop working at once'
            cand grant 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request'
            cand ungrant 'Take roles away from a member'
        }
        &'proofctl;help;serve;members;add'= {
        }
        &'proofctl;help;serve;members;list'= {
        }
        &'proofctl;help;serve;members;remove'= {
        }
        &'proofctl;help;serve;members;grant'= {
        }
        &'proofctl;help;serve;members;ungrant'= {
        }
        &'proofctl;help;timestamp'= {
        }
        &'proofctl;help;fingerprint'= {
        }
        &'proofctl;help;completions'= {
        }
        &'proofctl;help;help'= {
        }
    ]
    $completions[$command]
}
