# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_proofctl_global_optspecs
    string join \n json q/quiet v/verbose home= color= h/help V/version
end

function __fish_proofctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_proofctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_proofctl_using_subcommand
    set -l cmd (__fish_proofctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c proofctl -n "__fish_proofctl_needs_command" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_needs_command" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_needs_command" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_needs_command" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_needs_command" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_needs_command" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_needs_command" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "keygen" -d 'Create an Ed25519 key pair (private key sealed with a passphrase)'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "key" -d 'List, show, export, import, rename, remove your key pairs; change a passphrase'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "sign" -d 'Sign files: write FILE.proof, a detached POP-1.0 proof, next to each'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "verify" -d 'Verify POP-1.0 proofs against their files and your trusted keys'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "attest" -d 'Attest to files: an in-toto statement over them in a DSSE envelope signed with your key, written as a Sigstore bundle (or the bare envelope); --manifest DIR signs a whole folder'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "trust" -d 'Manage the keys you trust'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "license" -d 'Issue, verify, inspect and revoke offline software licences (EdDSA JWTs)'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "index" -d 'Keep the local index of files (what `search` looks in): add, remove, stats'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "search" -d 'Find indexed files like FILE (or like --text): exact copies, similar images, similar text, text of similar meaning'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "model" -d 'Sentence-embedding models for semantic text search (ONNX Runtime): add, list, default'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "sync" -d 'Share proofs, index entries, published keys and revocation lists with a sync server: push what is new here, then pull what the team pushed'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "serve" -d 'Run a sync server (HTTP, JSON API under /v1) on a SQLite file or a PostgreSQL database'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "timestamp" -d 'Add RFC 3161 timestamps from time-stamping authorities to proofs (POP-1.0 -> POP-1.1)'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "fingerprint" -d 'Print this machine\'s fingerprint, to bind a licence to it (license issue --bind); with --request, write an activation request for the vendor (license issue --request)'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c proofctl -n "__fish_proofctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l name -d 'Name of the key pair (files keys/NAME.key and keys/NAME.pub in the home)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l pkcs11 -d 'Make the key on a PKCS#11 token instead (RFC 7512 URI, e.g. \'pkcs11:token=Release;object=release\'); the home keeps its public key and a reference' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l pkcs11-module -d 'The PKCS#11 module (shared library) of the token [default: module-path= in the URI, else $PROOFCTL_PKCS11_MODULE]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l no-passphrase -d 'Store the private key unencrypted (plain PKCS#8 PEM, 0600). Not recommended'
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l force -d 'Replace an existing key pair of the same name; the old private key is kept as keys/NAME.key.bak-TIMESTAMP'
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand keygen" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "list" -d 'List your key pairs'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "show" -d 'Show a key pair: kid, files and public key'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "export" -d 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "default" -d 'Make NAME the default key (default_key in config.toml), used when no key is named'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "passwd" -d 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "rename" -d 'Rename a key pair (never over an existing one); default_key and sync_key follow it'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "remove" -d 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "import" -d 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "revoke" -d 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "rotate" -d 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and not __fish_seen_subcommand_from list show export default passwd rename remove import revoke rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from list" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from list" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from show" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from show" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -s o -l out -d 'Write to FILE (atomically; 0600 for a private key) instead of stdout' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l pkcs8 -d 'Export the private key, unencrypted, as PKCS#8 v1 PEM (readable by OpenSSL). Not printed on a terminal: use -o FILE, a pipe, or --force'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l ssh -d 'Export the public key as one OpenSSH line (ssh-ed25519 …), for authorized_keys or allowed_signers'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l force -d 'Replace an existing -o FILE; with --pkcs8, also print the private key on a terminal'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from default" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from default" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from default" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from default" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from default" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from default" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from default" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l new-passphrase-file -d 'Read the new passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_NEW_PASSPHRASE, else asked twice on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l new-passphrase-fd -d 'Read the new passphrase from the first line of open file descriptor N' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l no-passphrase -d 'Store the key unencrypted from now on (plain PKCS#8, 0600). Not recommended'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from passwd" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rename" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rename" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rename" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rename" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rename" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from remove" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from remove" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from remove" -l force -d 'Do not ask (needed without a terminal)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l pkcs11 -d 'Use an existing Ed25519 key on a PKCS#11 token (RFC 7512 URI naming it by object= and/or id=); the home keeps its public key and a reference' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l pkcs11-module -d 'The PKCS#11 module (shared library) of the token [default: module-path= in the URI, else $PROOFCTL_PKCS11_MODULE]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l name -d 'Name to store it under' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l no-passphrase -d 'Store it unencrypted (an encrypted FILE is decrypted with the passphrase first)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l force -d 'Replace an existing key pair of the same name'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l since -d 'Proofs with a trusted timestamp (RFC 3161) before this RFC 3339 time stay valid [default: revoked for all time]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l reason -d 'Why, for people reading verify\'s report (e.g. "laptop stolen")' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l key -d 'The key that signs the list: a key name in the home or a path [default: the revoked key itself, when it is in the home]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s o -l out -d 'Also write the new list here' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l force -d 'Replace an existing --out file'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l to -d 'The key taking over (a key name in the home)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s o -l out -d 'Also write the statement here' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l force -d 'Replace an existing statement for the same two keys, or an existing --out file'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List your key pairs'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a key pair: kid, files and public key'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "default" -d 'Make NAME the default key (default_key in config.toml), used when no key is named'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "passwd" -d 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename a key pair (never over an existing one); default_key and sync_key follow it'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on'
complete -c proofctl -n "__fish_proofctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l name -d 'With - (standard input): the file name to record in the proof, the name the bytes will be verified under' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -s k -l key -d 'Key name in the home, or a path to a private key file (any value containing \'/\', e.g. ./key.pem): proofctl\'s own, or PKCS#8 PEM, plain or encrypted, as `openssl genpkey` writes [default: default_key from config.toml, else the only key, else the key named default]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l meta -d 'Signed metadata; repeatable. Keys: letters, digits, \'.\', \'_\', \'-\'' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -s o -l out -d 'Write the proof here instead of FILE.proof (one FILE only)' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l tsa -d 'Get an RFC 3161 timestamp for each proof from this time-stamping authority (repeatable): the proof is written as POP-1.1 with the tokens. A TSA that fails leaves the proof without its token (exit 2; `proofctl timestamp PROOF` adds it later)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l tsa-timeout -d 'Seconds to wait for each TSA\'s answer (connecting: at most 10)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l format -d 'Signature format: pop (a POP proof, FILE.proof) or sshsig (an SSH signature, FILE.sig, as `ssh-keygen -Y sign` writes and `ssh-keygen -Y verify` checks)' -r -f -a "pop\t'A POP proof (FILE.proof)'
sshsig\t'An SSH signature (FILE.sig), OpenSSH PROTOCOL.sshsig'"
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l namespace -d 'With --format sshsig: the namespace to sign for (ssh-keygen\'s -n)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l force -d 'Replace existing proofs'
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l no-index -d 'Do not add the signed files to the local index'
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l timestamp -d 'Timestamp with the TSAs listed in config.toml (`tsa = ["https://…"]`)'
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proofctl -n "__fish_proofctl_using_subcommand sign" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -s f -l file -d 'The signed file, when it is not beside the proof (one PROOF only)' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -s k -l key -d 'Trust this public key (SPKI PEM, or an OpenSSH ssh-ed25519 line); repeatable. With --key or --trust-dir, only the keys given are trusted, not the home\'s' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l trust-dir -d 'Trust every *.pub in DIR (e.g. a repository\'s keys/ folder); repeatable' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l tsa-trust -d 'Also trust every *.pem in DIR as a TSA root certificate for this run, besides the home\'s (`trust add-tsa`); repeatable' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l revocations -d 'Apply this signed revocation list of keys (as `key revoke` writes), besides those in the home; repeatable. Lists by keys you do not trust are ignored' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l rotation -d 'Apply this rotation statement (as `key rotate` writes), besides those in the home; repeatable' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l require -d 'Signer policy: the arguments are files, each needing N distinct trusted signers among its proofs (FILE.proof and FILE.*.proof)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l require-meta -d 'With --require or --policy: a proof counts only if it carries this signed metadata, e.g. commit=$GITHUB_SHA; repeatable' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l policy -d 'Signer policy from a TOML file (require, require_meta, trust_dirs, keys, ...; see docs/trust-policy.md): the arguments are files, as with --require' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l trusted-root -d 'Sigstore: the trusted root (trusted_root.json) keyless bundles are checked against; default $PROOFCTL_HOME/sigstore/trusted_root.json. Never fetched' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l certificate-identity -d 'Sigstore: the identity (SAN email or URI) a keyless bundle\'s certificate must name, exactly' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l certificate-identity-regexp -d 'Sigstore: a regular expression the certificate\'s identity must match (whole)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l certificate-oidc-issuer -d 'Sigstore: the OIDC issuer a keyless bundle\'s certificate must name, exactly (e.g. https://token.actions.githubusercontent.com)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l namespace -d 'SSH signatures: the namespace they must have been made for (ssh-keygen -Y sign -n NS); one made for another is refused (reason wrong_namespace)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l allowed-signers -d 'SSH signatures: trust the keys of this OpenSSH allowed_signers file (ssh-keygen(1)), instead of the trust store, --key and --trust-dir; the line\'s principals name the signer' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l predicate-type -d 'In-toto attestations (DSSE envelopes, Sigstore bundles): require this predicate type (e.g. https://slsa.dev/provenance/v1); another is invalid (predicate_mismatch)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l dir -d 'In-toto attestations and release manifests: look the subjects up under DIR instead of the attestation\'s folder, and report every file under DIR it does not name (added)' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l indexed -d 'The arguments are files: check each against every proof the index holds for its bytes (signed here, indexed with `index add`, or pulled from the team by `sync`)'
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l strict-name -d 'Fail (reason name_mismatch) when the file\'s name differs from the name it was signed under, so two signed artifacts cannot be swapped along with their proofs. Without it, a renamed file still verifies and the report says what it was signed as'
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l require-timestamp -d 'Fail (reason timestamp_required) a proof that has no valid timestamp from a trusted TSA. Without it, timestamps are reported but never change the verdict'
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand verify" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l manifest -d 'A release manifest: one statement over every file under DIR (recursively; names relative to DIR, sorted), which `verify` checks for files changed, missing and added [default output: DIR/manifest.sigstore.json]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l predicate-type -d 'The statement\'s predicate type, a URI (e.g. https://slsa.dev/provenance/v1); required unless --manifest [default with --manifest: urn:proofctl:release-manifest:v1]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l predicate -d 'The predicate: a JSON object, or @FILE to read one from FILE [default: {}]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -s o -l out -d 'Where to write [default: FILE.sigstore.json for one FILE, else attestation.sigstore.json in the files\' folder (.intoto.json with --envelope)]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -s k -l key -d 'Key name in the home, or a path to a private key file (as for `sign`)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l envelope -d 'Write the bare DSSE envelope (what in-toto tools read) instead of a Sigstore bundle'
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l force -d 'Replace an existing output file'
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand attest" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -f -a "add" -d 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -f -a "list" -d 'List trusted keys (your own keys are always trusted) and trusted TSA roots'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -f -a "remove" -d 'Stop trusting a key, by kid or name'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -f -a "add-tsa" -d 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -f -a "add-revocations" -d 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -f -a "add-rotation" -d 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -f -a "remove-tsa" -d 'Stop trusting a TSA root, by name'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and not __fish_seen_subcommand_from add list remove add-tsa add-revocations add-rotation remove-tsa help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -l name -d 'Name for the key [default: key-KID]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -l valid-after -d 'Trust the key only for proofs made at or after T (RFC 3339, or a date: 00:00 UTC), by their trusted timestamp, else by their claimed time' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -l valid-before -d 'Trust the key only for proofs made before T (RFC 3339, or a date: 00:00 UTC)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -l require-meta -d 'Trust the key only for proofs carrying this signed metadata; repeatable' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -l force -d 'Replace an existing entry of the same name, or the restrictions of a key already trusted'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from list" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from list" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -l name -d 'Name for the root [default: from its common name]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -l force -d 'Replace an existing root of the same name'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-tsa" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-revocations" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-revocations" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-revocations" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-revocations" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-revocations" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-revocations" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-revocations" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-rotation" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-rotation" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-rotation" -l force -d 'Replace a different statement kept for the same two keys'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-rotation" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-rotation" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-rotation" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-rotation" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from add-rotation" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove-tsa" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove-tsa" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove-tsa" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove-tsa" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove-tsa" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove-tsa" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from remove-tsa" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "add" -d 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "list" -d 'List trusted keys (your own keys are always trusted) and trusted TSA roots'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Stop trusting a key, by kid or name'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "add-tsa" -d 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "add-revocations" -d 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "add-rotation" -d 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "remove-tsa" -d 'Stop trusting a TSA root, by name'
complete -c proofctl -n "__fish_proofctl_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "issue" -d 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "verify" -d 'Verify a licence offline: signature, time, entitlements, machine, revocation'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "inspect" -d 'Decode a licence\'s header and claims WITHOUT verifying them'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "revoke" -d 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor\'s signed revocation list'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "list" -d 'List the licences issued from this home (the vendor\'s registry)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "show" -d 'Show one issued licence from the registry, with its token'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "renew" -d 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "refresh" -d 'Fetch the vendor\'s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "audit" -d 'Read the audit log of a server\'s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "api" -d 'One call to a server\'s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer\'s JSON on stdout. A POST or DELETE is sent once, never retried'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and not __fish_seen_subcommand_from issue verify inspect revoke list show renew refresh audit api help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -s k -l key -d 'The vendor\'s signing key: a key name in the home, or a path containing \'/\'' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l issuer -d 'Issuer name [default: the key\'s name]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l customer -d 'Customer id (the JWT subject) [default: the --request\'s]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l customer-name -d 'Customer name, for people reading the licence [default: the --request\'s]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l product -d 'Product id (also the JWT audience) [default: the --request\'s]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l request -d 'An offline activation request (`proofctl fingerprint --request` on the customer\'s machine): bind to its fingerprint, and take its product and customer where not given' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l versions -d 'Licensed versions, comma-separated ("*" for all)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l modules -d 'Licensed modules, comma-separated' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l features -d 'Licensed features, comma-separated' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l type -d 'Licence type' -r -f -a "perpetual\t'Never expires (no expiry allowed)'
subscription\t'Expires (--expires or --days required)'
demo\t'Expires within 30 days (the default and the cap)'"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l expires -d 'Last day of validity (YYYY-MM-DD, UTC, valid through that day) or an RFC 3339 time' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l days -d 'Valid for N days from now' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l seats -d 'Number of seats' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l bind -d 'Bind to a machine: its `proofctl fingerprint`' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l grace-days -d 'Days after expiry during which the licence still works, reported as "grace"' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -s o -l out -d 'Write the licence here instead of stdout' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l force -d 'Replace an existing --out file'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from issue" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -s k -l key -d 'Trust this vendor public key (SPKI PEM); repeatable (key rotation). With --key or --trust-dir only the keys given are trusted, not the home\'s' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l trust-dir -d 'Trust every *.pub in DIR; repeatable' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l product -d 'Require this product' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l version -d 'Require this version to be licensed' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l module -d 'Require this module; repeatable' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l feature -d 'Require this feature; repeatable' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l fingerprint -d 'Check machine binding against this fingerprint' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l revocations -d 'Apply this signed revocation list (stored in the home; an older list is refused)' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l this-machine -d 'Check machine binding against this machine (the default when the licence is bound)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from inspect" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from inspect" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from inspect" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from inspect" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from inspect" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l kid -d 'Revoke every licence signed by this key id; repeatable' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -s k -l key -d 'The vendor\'s signing key: a key name in the home, or a path containing \'/\'' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l issuer -d 'Issuer name [default: the key\'s name]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -s o -l out -d 'Also write the new list here (it is always stored in the home)' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l force -d 'Replace an existing --out file'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -l customer -d 'Only this customer\'s licences (the customer id)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -l product -d 'Only licences for this product' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -l expiring -d 'Only licences in force that expire within this long, e.g. 30d, 2w, 12h' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -l revoked -d 'Only revoked licences'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from show" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from show" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l expires -d 'The renewal\'s last day of validity (YYYY-MM-DD, UTC) or an RFC 3339 time' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l days -d 'The renewal is valid for N days from now' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -s k -l key -d 'The vendor\'s signing key: a key name in the home, or a path containing \'/\'' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l issuer -d 'Issuer name [default: the key\'s name]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -s o -l out -d 'Write the licence here instead of stdout' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l force -d 'Replace an existing --out file'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from renew" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -l server -d 'The vendor\'s server (`proofctl serve`), e.g. https://licences.example.com' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -s k -l key -d 'The vendor\'s public key (SPKI PEM): fetch the list this key signed; repeatable' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -l trust-dir -d 'Every *.pub in DIR is a vendor key; repeatable' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from refresh" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -l server -d 'The server, e.g. https://licences.example.com' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -s k -l key -d 'Your key (name or path), a member with the admin role [default: sync_key in config.toml, else the default key]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -l after -d 'Only entries after this sequence number (a previous run\'s `next`)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from audit" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -l server -d 'The server, e.g. https://licences.example.com' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -s k -l key -d 'Your key (name or path), a member with the vendor role [default: sync_key in config.toml, else the default key]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -s d -l data -d 'The request body (POST): JSON text, @FILE, or @- for standard input' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from api" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Verify a licence offline: signature, time, entitlements, machine, revocation'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Decode a licence\'s header and claims WITHOUT verifying them'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor\'s signed revocation list'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the licences issued from this home (the vendor\'s registry)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one issued licence from the registry, with its token'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "renew" -d 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "refresh" -d 'Fetch the vendor\'s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "audit" -d 'Read the audit log of a server\'s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "api" -d 'One call to a server\'s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer\'s JSON on stdout. A POST or DELETE is sent once, never retried'
complete -c proofctl -n "__fish_proofctl_using_subcommand license; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -f -a "add" -d 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -f -a "remove" -d 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -f -a "stats" -d 'Show what the index holds'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and not __fish_seen_subcommand_from add remove stats help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -l exclude -d 'Leave out files and folders matching GLOB when walking folders (gitignore syntax, relative to the folder given: \'*.log\', \'node_modules\', \'drafts/**\'). Repeatable' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -l hidden -d 'Include hidden files and folders (names starting with \'.\')'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -l no-ignore -d 'Include files that .gitignore, .ignore and similar files exclude'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -l force -d 'Analyse every file again, even those unchanged since they were indexed'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from remove" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from remove" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from remove" -l missing -d 'Remove every entry whose file no longer exists'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from stats" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from stats" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from stats" -l check -d 'Also check the index file\'s integrity (exit 1 if damaged)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from stats" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Show what the index holds'
complete -c proofctl -n "__fish_proofctl_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -l text -d 'Find indexed texts like TEXT (\'-\' reads it from standard input)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -l top -d 'Show at most N matches' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -l threshold -d 'Lowest score of an image or text fingerprint match, from 0 to 1: 1 - the share of differing hash bits [default: 0.75, measured]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -l semantic-threshold -d 'Lowest cosine similarity of a semantic match (a text\'s or one of its passages\' sentence embedding), from 0 to 1 [default: 0.6, measured]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand search" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -f -a "add" -d 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -f -a "list" -d 'List the models in the home'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -f -a "default" -d 'Make a model in the home the default (default_model in config.toml)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and not __fish_seen_subcommand_from add list default help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -l name -d 'Name to store it under [default: the folder\'s name]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -l default -d 'Make it the default model (default_model in config.toml)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -l force -d 'Replace a model of the same name'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from list" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from list" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from default" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from default" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from default" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from default" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from default" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from default" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from default" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "add" -d 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the models in the home'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "default" -d 'Make a model in the home the default (default_model in config.toml)'
complete -c proofctl -n "__fish_proofctl_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l server -d 'The sync server, e.g. https://proofs.example.com [default: sync_server in config.toml]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l key -d 'The key pair to sign in with (a name in the home or a path) [default: sync_key in config.toml, else the default key]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l retries -d 'Attempts per request before giving up on an unreachable or failing server' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l max-pages -d 'Pages of items pulled per run at most (the next run goes on where this one stopped)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l passphrase-file -d 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l passphrase-fd -d 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l pin-file -d 'For a key on a PKCS#11 token: read the token\'s PIN from the first line of FILE (- for standard input) [else the URI\'s pin-source, else $PROOFCTL_PIN, else a prompt]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l push-only -d 'Only push local proofs; do not pull'
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l pull-only -d 'Only pull the team\'s proofs, keys and revocation lists; do not push'
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand sync" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l listen -d 'Address to listen on (port 0 picks a free port)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l db -d 'Where to store what members push: a SQLite file path or postgres://USER@HOST/DB' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l allow-key -d 'Allow a member\'s public key (an SPKI PEM file, as `key show` prints); NAME=FILE names it' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l remove-key -d 'Remove a member by key id; their tokens stop working at once' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l max-body -d 'Largest request body accepted, in bytes (larger ones get 413)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l rate -d 'Requests per second allowed per member key (bursts of twice that); more get 429' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l header-timeout -d 'Time a client has to send a request\'s line and headers; idle connections close after it' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l body-timeout -d 'Time a client has to send a request\'s body (slower ones get 408)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l max-connections -d 'Connections served at once; more wait until one closes' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l trusted-proxy -d 'A reverse proxy (address or CIDR block) whose X-Forwarded-For names the client; repeatable' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l license-key -d 'Run the licence service (/v1/licenses, for members with the vendor role) with this vendor key: a key name in the home, or a key file (KEY.key). Unlocked once, at start' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l license-passphrase-file -d 'Read the vendor key\'s passphrase from the first line of FILE (a file or a FIFO) [else $PROOFCTL_LICENSE_PASSPHRASE, else a prompt on the terminal]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l license-issuer -d 'The issuer (`iss`) of the licences and revocation lists the service signs [default: the key\'s name, or its file\'s stem]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -f -a "members" -d 'Add, list and remove the server\'s members, in its database (running server or not)'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and not __fish_seen_subcommand_from members help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -f -a "add" -d 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -f -a "list" -d 'List the current members: name, key id, when added'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -f -a "remove" -d 'Remove members by key id; their tokens stop working at once'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -f -a "grant" -d 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -f -a "ungrant" -d 'Take roles away from a member'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from members" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from help" -f -a "members" -d 'Add, list and remove the server\'s members, in its database (running server or not)'
complete -c proofctl -n "__fish_proofctl_using_subcommand serve; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -l tsa -d 'A time-stamping authority (RFC 3161 over HTTP), e.g. https://freetsa.org/tsr; repeatable [default: tsa in config.toml]' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -l tsa-timeout -d 'Seconds to wait for each TSA\'s answer (connecting: at most 10)' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand timestamp" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -l product -d 'With --request: the product the licence is for' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -l customer -d 'With --request: your customer id, as the vendor gave it' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -l customer-name -d 'With --request: your name, for the licence' -r
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -s o -l out -d 'With --request: write it here instead of stdout' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -l request -d 'Write an offline activation request (JSON) for the vendor, who issues a licence bound to this machine with `license issue --request FILE`'
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -l force -d 'Replace an existing --out file'
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand fingerprint" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand completions" -l home -d 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]' -r -F
complete -c proofctl -n "__fish_proofctl_using_subcommand completions" -l color -d 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c proofctl -n "__fish_proofctl_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout (a documented, stable shape)'
complete -c proofctl -n "__fish_proofctl_using_subcommand completions" -s q -l quiet -d 'Print nothing but errors and failed checks'
complete -c proofctl -n "__fish_proofctl_using_subcommand completions" -s v -l verbose -d 'Say more (repeat for more detail)'
complete -c proofctl -n "__fish_proofctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c proofctl -n "__fish_proofctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "keygen" -d 'Create an Ed25519 key pair (private key sealed with a passphrase)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "key" -d 'List, show, export, import, rename, remove your key pairs; change a passphrase'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "sign" -d 'Sign files: write FILE.proof, a detached POP-1.0 proof, next to each'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "verify" -d 'Verify POP-1.0 proofs against their files and your trusted keys'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "attest" -d 'Attest to files: an in-toto statement over them in a DSSE envelope signed with your key, written as a Sigstore bundle (or the bare envelope); --manifest DIR signs a whole folder'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "trust" -d 'Manage the keys you trust'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "license" -d 'Issue, verify, inspect and revoke offline software licences (EdDSA JWTs)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "index" -d 'Keep the local index of files (what `search` looks in): add, remove, stats'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "search" -d 'Find indexed files like FILE (or like --text): exact copies, similar images, similar text, text of similar meaning'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "model" -d 'Sentence-embedding models for semantic text search (ONNX Runtime): add, list, default'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "sync" -d 'Share proofs, index entries, published keys and revocation lists with a sync server: push what is new here, then pull what the team pushed'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "serve" -d 'Run a sync server (HTTP, JSON API under /v1) on a SQLite file or a PostgreSQL database'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "timestamp" -d 'Add RFC 3161 timestamps from time-stamping authorities to proofs (POP-1.0 -> POP-1.1)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "fingerprint" -d 'Print this machine\'s fingerprint, to bind a licence to it (license issue --bind); with --request, write an activation request for the vendor (license issue --request)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key sign verify attest trust license index search model sync serve timestamp fingerprint completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "list" -d 'List your key pairs'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "show" -d 'Show a key pair: kid, files and public key'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "export" -d 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "default" -d 'Make NAME the default key (default_key in config.toml), used when no key is named'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "passwd" -d 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "rename" -d 'Rename a key pair (never over an existing one); default_key and sync_key follow it'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "remove" -d 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "import" -d 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "revoke" -d 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "rotate" -d 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "add" -d 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "list" -d 'List trusted keys (your own keys are always trusted) and trusted TSA roots'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "remove" -d 'Stop trusting a key, by kid or name'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "add-tsa" -d 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "add-revocations" -d 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "add-rotation" -d 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "remove-tsa" -d 'Stop trusting a TSA root, by name'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "issue" -d 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "verify" -d 'Verify a licence offline: signature, time, entitlements, machine, revocation'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "inspect" -d 'Decode a licence\'s header and claims WITHOUT verifying them'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "revoke" -d 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor\'s signed revocation list'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "list" -d 'List the licences issued from this home (the vendor\'s registry)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "show" -d 'Show one issued licence from the registry, with its token'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "renew" -d 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "refresh" -d 'Fetch the vendor\'s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "audit" -d 'Read the audit log of a server\'s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from license" -f -a "api" -d 'One call to a server\'s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer\'s JSON on stdout. A POST or DELETE is sent once, never retried'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from index" -f -a "add" -d 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from index" -f -a "remove" -d 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from index" -f -a "stats" -d 'Show what the index holds'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from model" -f -a "add" -d 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from model" -f -a "list" -d 'List the models in the home'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from model" -f -a "default" -d 'Make a model in the home the default (default_model in config.toml)'
complete -c proofctl -n "__fish_proofctl_using_subcommand help; and __fish_seen_subcommand_from serve" -f -a "members" -d 'Add, list and remove the server\'s members, in its database (running server or not)'
