
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'proofctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'proofctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'proofctl' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create an Ed25519 key pair (private key sealed with a passphrase)')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'List, show, export, import, rename, remove your key pairs; change a passphrase')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign files: write FILE.proof, a detached POP-1.0 proof, next to each')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify POP-1.0 proofs against their files and your trusted keys')
            [CompletionResult]::new('attest', 'attest', [CompletionResultType]::ParameterValue, 'Attest to files: an in-toto statement over them in a DSSE envelope signed with your key, written as a Sigstore bundle (or the bare envelope); --manifest DIR signs a whole folder')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Manage the keys you trust')
            [CompletionResult]::new('license', 'license', [CompletionResultType]::ParameterValue, 'Issue, verify, inspect and revoke offline software licences (EdDSA JWTs)')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Keep the local index of files (what `search` looks in): add, remove, stats')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find indexed files like FILE (or like --text): exact copies, similar images, similar text, text of similar meaning')
            [CompletionResult]::new('model', 'model', [CompletionResultType]::ParameterValue, 'Sentence-embedding models for semantic text search (ONNX Runtime): add, list, default')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Share proofs, index entries, published keys and revocation lists with a sync server: push what is new here, then pull what the team pushed')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a sync server (HTTP, JSON API under /v1) on a SQLite file or a PostgreSQL database')
            [CompletionResult]::new('timestamp', 'timestamp', [CompletionResultType]::ParameterValue, 'Add RFC 3161 timestamps from time-stamping authorities to proofs (POP-1.0 -> POP-1.1)')
            [CompletionResult]::new('fingerprint', 'fingerprint', [CompletionResultType]::ParameterValue, 'Print this machine''s fingerprint, to bind a licence to it (license issue --bind); with --request, write an activation request for the vendor (license issue --request)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;keygen' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the key pair (files keys/NAME.key and keys/NAME.pub in the home)')
            [CompletionResult]::new('--pkcs11', '--pkcs11', [CompletionResultType]::ParameterName, 'Make the key on a PKCS#11 token instead (RFC 7512 URI, e.g. ''pkcs11:token=Release;object=release''); the home keeps its public key and a reference')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) of the token [default: module-path= in the URI, else $PROOFCTL_PKCS11_MODULE]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--no-passphrase', '--no-passphrase', [CompletionResultType]::ParameterName, 'Store the private key unencrypted (plain PKCS#8 PEM, 0600). Not recommended')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing key pair of the same name; the old private key is kept as keys/NAME.key.bak-TIMESTAMP')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your key pairs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a key pair: kid, files and public key')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM')
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make NAME the default key (default_key in config.toml), used when no key is named')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a key pair (never over an existing one); default_key and sync_key follow it')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;key;list' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;show' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically; 0600 for a private key) instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to FILE (atomically; 0600 for a private key) instead of stdout')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--pkcs8', '--pkcs8', [CompletionResultType]::ParameterName, 'Export the private key, unencrypted, as PKCS#8 v1 PEM (readable by OpenSSL). Not printed on a terminal: use -o FILE, a pipe, or --force')
            [CompletionResult]::new('--ssh', '--ssh', [CompletionResultType]::ParameterName, 'Export the public key as one OpenSSH line (ssh-ed25519 …), for authorized_keys or allowed_signers')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing -o FILE; with --pkcs8, also print the private key on a terminal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;default' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;passwd' {
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Read the new passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_NEW_PASSPHRASE, else asked twice on the terminal]')
            [CompletionResult]::new('--new-passphrase-fd', '--new-passphrase-fd', [CompletionResultType]::ParameterName, 'Read the new passphrase from the first line of open file descriptor N')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--no-passphrase', '--no-passphrase', [CompletionResultType]::ParameterName, 'Store the key unencrypted from now on (plain PKCS#8, 0600). Not recommended')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;rename' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;remove' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask (needed without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;import' {
            [CompletionResult]::new('--pkcs11', '--pkcs11', [CompletionResultType]::ParameterName, 'Use an existing Ed25519 key on a PKCS#11 token (RFC 7512 URI naming it by object= and/or id=); the home keeps its public key and a reference')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) of the token [default: module-path= in the URI, else $PROOFCTL_PKCS11_MODULE]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name to store it under')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--no-passphrase', '--no-passphrase', [CompletionResultType]::ParameterName, 'Store it unencrypted (an encrypted FILE is decrypted with the passphrase first)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing key pair of the same name')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;revoke' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Proofs with a trusted timestamp (RFC 3161) before this RFC 3339 time stay valid [default: revoked for all time]')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for people reading verify''s report (e.g. "laptop stolen")')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The key that signs the list: a key name in the home or a path [default: the revoked key itself, when it is in the home]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the new list here')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Also write the new list here')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;rotate' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The key taking over (a key name in the home)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the statement here')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Also write the statement here')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing statement for the same two keys, or an existing --out file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;key;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your key pairs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a key pair: kid, files and public key')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM')
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make NAME the default key (default_key in config.toml), used when no key is named')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a key pair (never over an existing one); default_key and sync_key follow it')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;key;help;list' {
            break
        }
        'proofctl;key;help;show' {
            break
        }
        'proofctl;key;help;export' {
            break
        }
        'proofctl;key;help;default' {
            break
        }
        'proofctl;key;help;passwd' {
            break
        }
        'proofctl;key;help;rename' {
            break
        }
        'proofctl;key;help;remove' {
            break
        }
        'proofctl;key;help;import' {
            break
        }
        'proofctl;key;help;revoke' {
            break
        }
        'proofctl;key;help;rotate' {
            break
        }
        'proofctl;key;help;help' {
            break
        }
        'proofctl;sign' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With - (standard input): the file name to record in the proof, the name the bytes will be verified under')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Key name in the home, or a path to a private key file (any value containing ''/'', e.g. ./key.pem): proofctl''s own, or PKCS#8 PEM, plain or encrypted, as `openssl genpkey` writes [default: default_key from config.toml, else the only key, else the key named default]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Key name in the home, or a path to a private key file (any value containing ''/'', e.g. ./key.pem): proofctl''s own, or PKCS#8 PEM, plain or encrypted, as `openssl genpkey` writes [default: default_key from config.toml, else the only key, else the key named default]')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Signed metadata; repeatable. Keys: letters, digits, ''.'', ''_'', ''-''')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the proof here instead of FILE.proof (one FILE only)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the proof here instead of FILE.proof (one FILE only)')
            [CompletionResult]::new('--tsa', '--tsa', [CompletionResultType]::ParameterName, 'Get an RFC 3161 timestamp for each proof from this time-stamping authority (repeatable): the proof is written as POP-1.1 with the tokens. A TSA that fails leaves the proof without its token (exit 2; `proofctl timestamp PROOF` adds it later)')
            [CompletionResult]::new('--tsa-timeout', '--tsa-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each TSA''s answer (connecting: at most 10)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Signature format: pop (a POP proof, FILE.proof) or sshsig (an SSH signature, FILE.sig, as `ssh-keygen -Y sign` writes and `ssh-keygen -Y verify` checks)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'With --format sshsig: the namespace to sign for (ssh-keygen''s -n)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing proofs')
            [CompletionResult]::new('--no-index', '--no-index', [CompletionResultType]::ParameterName, 'Do not add the signed files to the local index')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Timestamp with the TSAs listed in config.toml (`tsa = ["https://…"]`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;verify' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The signed file, when it is not beside the proof (one PROOF only)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The signed file, when it is not beside the proof (one PROOF only)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Trust this public key (SPKI PEM, or an OpenSSH ssh-ed25519 line); repeatable. With --key or --trust-dir, only the keys given are trusted, not the home''s')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Trust this public key (SPKI PEM, or an OpenSSH ssh-ed25519 line); repeatable. With --key or --trust-dir, only the keys given are trusted, not the home''s')
            [CompletionResult]::new('--trust-dir', '--trust-dir', [CompletionResultType]::ParameterName, 'Trust every *.pub in DIR (e.g. a repository''s keys/ folder); repeatable')
            [CompletionResult]::new('--tsa-trust', '--tsa-trust', [CompletionResultType]::ParameterName, 'Also trust every *.pem in DIR as a TSA root certificate for this run, besides the home''s (`trust add-tsa`); repeatable')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Apply this signed revocation list of keys (as `key revoke` writes), besides those in the home; repeatable. Lists by keys you do not trust are ignored')
            [CompletionResult]::new('--rotation', '--rotation', [CompletionResultType]::ParameterName, 'Apply this rotation statement (as `key rotate` writes), besides those in the home; repeatable')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Signer policy: the arguments are files, each needing N distinct trusted signers among its proofs (FILE.proof and FILE.*.proof)')
            [CompletionResult]::new('--require-meta', '--require-meta', [CompletionResultType]::ParameterName, 'With --require or --policy: a proof counts only if it carries this signed metadata, e.g. commit=$GITHUB_SHA; repeatable')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Signer policy from a TOML file (require, require_meta, trust_dirs, keys, ...; see docs/trust-policy.md): the arguments are files, as with --require')
            [CompletionResult]::new('--trusted-root', '--trusted-root', [CompletionResultType]::ParameterName, 'Sigstore: the trusted root (trusted_root.json) keyless bundles are checked against; default $PROOFCTL_HOME/sigstore/trusted_root.json. Never fetched')
            [CompletionResult]::new('--certificate-identity', '--certificate-identity', [CompletionResultType]::ParameterName, 'Sigstore: the identity (SAN email or URI) a keyless bundle''s certificate must name, exactly')
            [CompletionResult]::new('--certificate-identity-regexp', '--certificate-identity-regexp', [CompletionResultType]::ParameterName, 'Sigstore: a regular expression the certificate''s identity must match (whole)')
            [CompletionResult]::new('--certificate-oidc-issuer', '--certificate-oidc-issuer', [CompletionResultType]::ParameterName, 'Sigstore: the OIDC issuer a keyless bundle''s certificate must name, exactly (e.g. https://token.actions.githubusercontent.com)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'SSH signatures: the namespace they must have been made for (ssh-keygen -Y sign -n NS); one made for another is refused (reason wrong_namespace)')
            [CompletionResult]::new('--allowed-signers', '--allowed-signers', [CompletionResultType]::ParameterName, 'SSH signatures: trust the keys of this OpenSSH allowed_signers file (ssh-keygen(1)), instead of the trust store, --key and --trust-dir; the line''s principals name the signer')
            [CompletionResult]::new('--predicate-type', '--predicate-type', [CompletionResultType]::ParameterName, 'In-toto attestations (DSSE envelopes, Sigstore bundles): require this predicate type (e.g. https://slsa.dev/provenance/v1); another is invalid (predicate_mismatch)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'In-toto attestations and release manifests: look the subjects up under DIR instead of the attestation''s folder, and report every file under DIR it does not name (added)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--indexed', '--indexed', [CompletionResultType]::ParameterName, 'The arguments are files: check each against every proof the index holds for its bytes (signed here, indexed with `index add`, or pulled from the team by `sync`)')
            [CompletionResult]::new('--strict-name', '--strict-name', [CompletionResultType]::ParameterName, 'Fail (reason name_mismatch) when the file''s name differs from the name it was signed under, so two signed artifacts cannot be swapped along with their proofs. Without it, a renamed file still verifies and the report says what it was signed as')
            [CompletionResult]::new('--require-timestamp', '--require-timestamp', [CompletionResultType]::ParameterName, 'Fail (reason timestamp_required) a proof that has no valid timestamp from a trusted TSA. Without it, timestamps are reported but never change the verdict')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;attest' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'A release manifest: one statement over every file under DIR (recursively; names relative to DIR, sorted), which `verify` checks for files changed, missing and added [default output: DIR/manifest.sigstore.json]')
            [CompletionResult]::new('--predicate-type', '--predicate-type', [CompletionResultType]::ParameterName, 'The statement''s predicate type, a URI (e.g. https://slsa.dev/provenance/v1); required unless --manifest [default with --manifest: urn:proofctl:release-manifest:v1]')
            [CompletionResult]::new('--predicate', '--predicate', [CompletionResultType]::ParameterName, 'The predicate: a JSON object, or @FILE to read one from FILE [default: {}]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write [default: FILE.sigstore.json for one FILE, else attestation.sigstore.json in the files'' folder (.intoto.json with --envelope)]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write [default: FILE.sigstore.json for one FILE, else attestation.sigstore.json in the files'' folder (.intoto.json with --envelope)]')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Key name in the home, or a path to a private key file (as for `sign`)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Key name in the home, or a path to a private key file (as for `sign`)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--envelope', '--envelope', [CompletionResultType]::ParameterName, 'Write the bare DSSE envelope (what in-toto tools read) instead of a Sigstore bundle')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing output file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;trust' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List trusted keys (your own keys are always trusted) and trusted TSA roots')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop trusting a key, by kid or name')
            [CompletionResult]::new('add-tsa', 'add-tsa', [CompletionResultType]::ParameterValue, 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem')
            [CompletionResult]::new('add-revocations', 'add-revocations', [CompletionResultType]::ParameterValue, 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused')
            [CompletionResult]::new('add-rotation', 'add-rotation', [CompletionResultType]::ParameterValue, 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it')
            [CompletionResult]::new('remove-tsa', 'remove-tsa', [CompletionResultType]::ParameterValue, 'Stop trusting a TSA root, by name')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;trust;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name for the key [default: key-KID]')
            [CompletionResult]::new('--valid-after', '--valid-after', [CompletionResultType]::ParameterName, 'Trust the key only for proofs made at or after T (RFC 3339, or a date: 00:00 UTC), by their trusted timestamp, else by their claimed time')
            [CompletionResult]::new('--valid-before', '--valid-before', [CompletionResultType]::ParameterName, 'Trust the key only for proofs made before T (RFC 3339, or a date: 00:00 UTC)')
            [CompletionResult]::new('--require-meta', '--require-meta', [CompletionResultType]::ParameterName, 'Trust the key only for proofs carrying this signed metadata; repeatable')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing entry of the same name, or the restrictions of a key already trusted')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;trust;list' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;trust;remove' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;trust;add-tsa' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name for the root [default: from its common name]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing root of the same name')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;trust;add-revocations' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;trust;add-rotation' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a different statement kept for the same two keys')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;trust;remove-tsa' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;trust;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List trusted keys (your own keys are always trusted) and trusted TSA roots')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop trusting a key, by kid or name')
            [CompletionResult]::new('add-tsa', 'add-tsa', [CompletionResultType]::ParameterValue, 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem')
            [CompletionResult]::new('add-revocations', 'add-revocations', [CompletionResultType]::ParameterValue, 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused')
            [CompletionResult]::new('add-rotation', 'add-rotation', [CompletionResultType]::ParameterValue, 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it')
            [CompletionResult]::new('remove-tsa', 'remove-tsa', [CompletionResultType]::ParameterValue, 'Stop trusting a TSA root, by name')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;trust;help;add' {
            break
        }
        'proofctl;trust;help;list' {
            break
        }
        'proofctl;trust;help;remove' {
            break
        }
        'proofctl;trust;help;add-tsa' {
            break
        }
        'proofctl;trust;help;add-revocations' {
            break
        }
        'proofctl;trust;help;add-rotation' {
            break
        }
        'proofctl;trust;help;remove-tsa' {
            break
        }
        'proofctl;trust;help;help' {
            break
        }
        'proofctl;license' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a licence offline: signature, time, entitlements, machine, revocation')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a licence''s header and claims WITHOUT verifying them')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor''s signed revocation list')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the licences issued from this home (the vendor''s registry)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one issued licence from the registry, with its token')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Fetch the vendor''s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Read the audit log of a server''s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'One call to a server''s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer''s JSON on stdout. A POST or DELETE is sent once, never retried')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;license;issue' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The vendor''s signing key: a key name in the home, or a path containing ''/''')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The vendor''s signing key: a key name in the home, or a path containing ''/''')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer name [default: the key''s name]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--customer', '--customer', [CompletionResultType]::ParameterName, 'Customer id (the JWT subject) [default: the --request''s]')
            [CompletionResult]::new('--customer-name', '--customer-name', [CompletionResultType]::ParameterName, 'Customer name, for people reading the licence [default: the --request''s]')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Product id (also the JWT audience) [default: the --request''s]')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'An offline activation request (`proofctl fingerprint --request` on the customer''s machine): bind to its fingerprint, and take its product and customer where not given')
            [CompletionResult]::new('--versions', '--versions', [CompletionResultType]::ParameterName, 'Licensed versions, comma-separated ("*" for all)')
            [CompletionResult]::new('--modules', '--modules', [CompletionResultType]::ParameterName, 'Licensed modules, comma-separated')
            [CompletionResult]::new('--features', '--features', [CompletionResultType]::ParameterName, 'Licensed features, comma-separated')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Licence type')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'Last day of validity (YYYY-MM-DD, UTC, valid through that day) or an RFC 3339 time')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Valid for N days from now')
            [CompletionResult]::new('--seats', '--seats', [CompletionResultType]::ParameterName, 'Number of seats')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Bind to a machine: its `proofctl fingerprint`')
            [CompletionResult]::new('--grace-days', '--grace-days', [CompletionResultType]::ParameterName, 'Days after expiry during which the licence still works, reported as "grace"')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the licence here instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the licence here instead of stdout')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;verify' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Trust this vendor public key (SPKI PEM); repeatable (key rotation). With --key or --trust-dir only the keys given are trusted, not the home''s')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Trust this vendor public key (SPKI PEM); repeatable (key rotation). With --key or --trust-dir only the keys given are trusted, not the home''s')
            [CompletionResult]::new('--trust-dir', '--trust-dir', [CompletionResultType]::ParameterName, 'Trust every *.pub in DIR; repeatable')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Require this product')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Require this version to be licensed')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Require this module; repeatable')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'Require this feature; repeatable')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Check machine binding against this fingerprint')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Apply this signed revocation list (stored in the home; an older list is refused)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--this-machine', '--this-machine', [CompletionResultType]::ParameterName, 'Check machine binding against this machine (the default when the licence is bound)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'proofctl;license;inspect' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;revoke' {
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Revoke every licence signed by this key id; repeatable')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The vendor''s signing key: a key name in the home, or a path containing ''/''')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The vendor''s signing key: a key name in the home, or a path containing ''/''')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer name [default: the key''s name]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the new list here (it is always stored in the home)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Also write the new list here (it is always stored in the home)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;list' {
            [CompletionResult]::new('--customer', '--customer', [CompletionResultType]::ParameterName, 'Only this customer''s licences (the customer id)')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Only licences for this product')
            [CompletionResult]::new('--expiring', '--expiring', [CompletionResultType]::ParameterName, 'Only licences in force that expire within this long, e.g. 30d, 2w, 12h')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--revoked', '--revoked', [CompletionResultType]::ParameterName, 'Only revoked licences')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;show' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;renew' {
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'The renewal''s last day of validity (YYYY-MM-DD, UTC) or an RFC 3339 time')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'The renewal is valid for N days from now')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The vendor''s signing key: a key name in the home, or a path containing ''/''')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The vendor''s signing key: a key name in the home, or a path containing ''/''')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer name [default: the key''s name]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the licence here instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the licence here instead of stdout')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;refresh' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The vendor''s server (`proofctl serve`), e.g. https://licences.example.com')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The vendor''s public key (SPKI PEM): fetch the list this key signed; repeatable')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The vendor''s public key (SPKI PEM): fetch the list this key signed; repeatable')
            [CompletionResult]::new('--trust-dir', '--trust-dir', [CompletionResultType]::ParameterName, 'Every *.pub in DIR is a vendor key; repeatable')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;audit' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The server, e.g. https://licences.example.com')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Your key (name or path), a member with the admin role [default: sync_key in config.toml, else the default key]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Your key (name or path), a member with the admin role [default: sync_key in config.toml, else the default key]')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Only entries after this sequence number (a previous run''s `next`)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;api' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The server, e.g. https://licences.example.com')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Your key (name or path), a member with the vendor role [default: sync_key in config.toml, else the default key]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Your key (name or path), a member with the vendor role [default: sync_key in config.toml, else the default key]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The request body (POST): JSON text, @FILE, or @- for standard input')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The request body (POST): JSON text, @FILE, or @- for standard input')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;license;help' {
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a licence offline: signature, time, entitlements, machine, revocation')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a licence''s header and claims WITHOUT verifying them')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor''s signed revocation list')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the licences issued from this home (the vendor''s registry)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one issued licence from the registry, with its token')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Fetch the vendor''s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Read the audit log of a server''s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'One call to a server''s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer''s JSON on stdout. A POST or DELETE is sent once, never retried')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;license;help;issue' {
            break
        }
        'proofctl;license;help;verify' {
            break
        }
        'proofctl;license;help;inspect' {
            break
        }
        'proofctl;license;help;revoke' {
            break
        }
        'proofctl;license;help;list' {
            break
        }
        'proofctl;license;help;show' {
            break
        }
        'proofctl;license;help;renew' {
            break
        }
        'proofctl;license;help;refresh' {
            break
        }
        'proofctl;license;help;audit' {
            break
        }
        'proofctl;license;help;api' {
            break
        }
        'proofctl;license;help;help' {
            break
        }
        'proofctl;index' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Show what the index holds')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;index;add' {
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out files and folders matching GLOB when walking folders (gitignore syntax, relative to the folder given: ''*.log'', ''node_modules'', ''drafts/**''). Repeatable')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Include hidden files and folders (names starting with ''.'')')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Include files that .gitignore, .ignore and similar files exclude')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Analyse every file again, even those unchanged since they were indexed')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;index;remove' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--missing', '--missing', [CompletionResultType]::ParameterName, 'Remove every entry whose file no longer exists')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;index;stats' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Also check the index file''s integrity (exit 1 if damaged)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;index;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Show what the index holds')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;index;help;add' {
            break
        }
        'proofctl;index;help;remove' {
            break
        }
        'proofctl;index;help;stats' {
            break
        }
        'proofctl;index;help;help' {
            break
        }
        'proofctl;search' {
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Find indexed texts like TEXT (''-'' reads it from standard input)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show at most N matches')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Lowest score of an image or text fingerprint match, from 0 to 1: 1 - the share of differing hash bits [default: 0.75, measured]')
            [CompletionResult]::new('--semantic-threshold', '--semantic-threshold', [CompletionResultType]::ParameterName, 'Lowest cosine similarity of a semantic match (a text''s or one of its passages'' sentence embedding), from 0 to 1 [default: 0.6, measured]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;model' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models in the home')
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make a model in the home the default (default_model in config.toml)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;model;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name to store it under [default: the folder''s name]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--default', '--default', [CompletionResultType]::ParameterName, 'Make it the default model (default_model in config.toml)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a model of the same name')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;model;list' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;model;default' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;model;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models in the home')
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make a model in the home the default (default_model in config.toml)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;model;help;add' {
            break
        }
        'proofctl;model;help;list' {
            break
        }
        'proofctl;model;help;default' {
            break
        }
        'proofctl;model;help;help' {
            break
        }
        'proofctl;sync' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The sync server, e.g. https://proofs.example.com [default: sync_server in config.toml]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The key pair to sign in with (a name in the home or a path) [default: sync_key in config.toml, else the default key]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Attempts per request before giving up on an unreachable or failing server')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Pages of items pulled per run at most (the next run goes on where this one stopped)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of FILE: a file, a FIFO, or - for standard input [else $PROOFCTL_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--passphrase-fd', '--passphrase-fd', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of open file descriptor N (e.g. `3<file`, or a pipe from a password manager)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'For a key on a PKCS#11 token: read the token''s PIN from the first line of FILE (- for standard input) [else the URI''s pin-source, else $PROOFCTL_PIN, else a prompt]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--push-only', '--push-only', [CompletionResultType]::ParameterName, 'Only push local proofs; do not pull')
            [CompletionResult]::new('--pull-only', '--pull-only', [CompletionResultType]::ParameterName, 'Only pull the team''s proofs, keys and revocation lists; do not push')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free port)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Where to store what members push: a SQLite file path or postgres://USER@HOST/DB')
            [CompletionResult]::new('--allow-key', '--allow-key', [CompletionResultType]::ParameterName, 'Allow a member''s public key (an SPKI PEM file, as `key show` prints); NAME=FILE names it')
            [CompletionResult]::new('--remove-key', '--remove-key', [CompletionResultType]::ParameterName, 'Remove a member by key id; their tokens stop working at once')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest request body accepted, in bytes (larger ones get 413)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second allowed per member key (bursts of twice that); more get 429')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'Time a client has to send a request''s line and headers; idle connections close after it')
            [CompletionResult]::new('--body-timeout', '--body-timeout', [CompletionResultType]::ParameterName, 'Time a client has to send a request''s body (slower ones get 408)')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Connections served at once; more wait until one closes')
            [CompletionResult]::new('--trusted-proxy', '--trusted-proxy', [CompletionResultType]::ParameterName, 'A reverse proxy (address or CIDR block) whose X-Forwarded-For names the client; repeatable')
            [CompletionResult]::new('--license-key', '--license-key', [CompletionResultType]::ParameterName, 'Run the licence service (/v1/licenses, for members with the vendor role) with this vendor key: a key name in the home, or a key file (KEY.key). Unlocked once, at start')
            [CompletionResult]::new('--license-passphrase-file', '--license-passphrase-file', [CompletionResultType]::ParameterName, 'Read the vendor key''s passphrase from the first line of FILE (a file or a FIFO) [else $PROOFCTL_LICENSE_PASSPHRASE, else a prompt on the terminal]')
            [CompletionResult]::new('--license-issuer', '--license-issuer', [CompletionResultType]::ParameterName, 'The issuer (`iss`) of the licences and revocation lists the service signs [default: the key''s name, or its file''s stem]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('members', 'members', [CompletionResultType]::ParameterValue, 'Add, list and remove the server''s members, in its database (running server or not)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;serve;members' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the current members: name, key id, when added')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove members by key id; their tokens stop working at once')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request')
            [CompletionResult]::new('ungrant', 'ungrant', [CompletionResultType]::ParameterValue, 'Take roles away from a member')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;serve;members;add' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The server''s database: a SQLite file path or postgres://USER@HOST/DB')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;serve;members;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The server''s database: a SQLite file path or postgres://USER@HOST/DB')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;serve;members;remove' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The server''s database: a SQLite file path or postgres://USER@HOST/DB')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;serve;members;grant' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The server''s database: a SQLite file path or postgres://USER@HOST/DB')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;serve;members;ungrant' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The server''s database: a SQLite file path or postgres://USER@HOST/DB')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;serve;members;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the current members: name, key id, when added')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove members by key id; their tokens stop working at once')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request')
            [CompletionResult]::new('ungrant', 'ungrant', [CompletionResultType]::ParameterValue, 'Take roles away from a member')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;serve;members;help;add' {
            break
        }
        'proofctl;serve;members;help;list' {
            break
        }
        'proofctl;serve;members;help;remove' {
            break
        }
        'proofctl;serve;members;help;grant' {
            break
        }
        'proofctl;serve;members;help;ungrant' {
            break
        }
        'proofctl;serve;members;help;help' {
            break
        }
        'proofctl;serve;help' {
            [CompletionResult]::new('members', 'members', [CompletionResultType]::ParameterValue, 'Add, list and remove the server''s members, in its database (running server or not)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;serve;help;members' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the current members: name, key id, when added')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove members by key id; their tokens stop working at once')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request')
            [CompletionResult]::new('ungrant', 'ungrant', [CompletionResultType]::ParameterValue, 'Take roles away from a member')
            break
        }
        'proofctl;serve;help;members;add' {
            break
        }
        'proofctl;serve;help;members;list' {
            break
        }
        'proofctl;serve;help;members;remove' {
            break
        }
        'proofctl;serve;help;members;grant' {
            break
        }
        'proofctl;serve;help;members;ungrant' {
            break
        }
        'proofctl;serve;help;help' {
            break
        }
        'proofctl;timestamp' {
            [CompletionResult]::new('--tsa', '--tsa', [CompletionResultType]::ParameterName, 'A time-stamping authority (RFC 3161 over HTTP), e.g. https://freetsa.org/tsr; repeatable [default: tsa in config.toml]')
            [CompletionResult]::new('--tsa-timeout', '--tsa-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each TSA''s answer (connecting: at most 10)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;fingerprint' {
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'With --request: the product the licence is for')
            [CompletionResult]::new('--customer', '--customer', [CompletionResultType]::ParameterName, 'With --request: your customer id, as the vendor gave it')
            [CompletionResult]::new('--customer-name', '--customer-name', [CompletionResultType]::ParameterName, 'With --request: your name, for the licence')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'With --request: write it here instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'With --request: write it here instead of stdout')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'Write an offline activation request (JSON) for the vendor, who issues a licence bound to this machine with `license issue --request FILE`')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;completions' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The home directory holding keys, the trust store and config.toml [default: $XDG_DATA_HOME/proofctl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal that is not TERM=dumb, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (a documented, stable shape)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors and failed checks')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (repeat for more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'proofctl;help' {
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create an Ed25519 key pair (private key sealed with a passphrase)')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'List, show, export, import, rename, remove your key pairs; change a passphrase')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign files: write FILE.proof, a detached POP-1.0 proof, next to each')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify POP-1.0 proofs against their files and your trusted keys')
            [CompletionResult]::new('attest', 'attest', [CompletionResultType]::ParameterValue, 'Attest to files: an in-toto statement over them in a DSSE envelope signed with your key, written as a Sigstore bundle (or the bare envelope); --manifest DIR signs a whole folder')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Manage the keys you trust')
            [CompletionResult]::new('license', 'license', [CompletionResultType]::ParameterValue, 'Issue, verify, inspect and revoke offline software licences (EdDSA JWTs)')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Keep the local index of files (what `search` looks in): add, remove, stats')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find indexed files like FILE (or like --text): exact copies, similar images, similar text, text of similar meaning')
            [CompletionResult]::new('model', 'model', [CompletionResultType]::ParameterValue, 'Sentence-embedding models for semantic text search (ONNX Runtime): add, list, default')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Share proofs, index entries, published keys and revocation lists with a sync server: push what is new here, then pull what the team pushed')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a sync server (HTTP, JSON API under /v1) on a SQLite file or a PostgreSQL database')
            [CompletionResult]::new('timestamp', 'timestamp', [CompletionResultType]::ParameterValue, 'Add RFC 3161 timestamps from time-stamping authorities to proofs (POP-1.0 -> POP-1.1)')
            [CompletionResult]::new('fingerprint', 'fingerprint', [CompletionResultType]::ParameterValue, 'Print this machine''s fingerprint, to bind a licence to it (license issue --bind); with --request, write an activation request for the vendor (license issue --request)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proofctl;help;keygen' {
            break
        }
        'proofctl;help;key' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your key pairs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a key pair: kid, files and public key')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a public key (SPKI PEM, or with --ssh an OpenSSH line), or with --pkcs8 the private key as PKCS#8 v1 PEM')
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make NAME the default key (default_key in config.toml), used when no key is named')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the passphrase of a key pair: the private key file is replaced atomically (0600); a wrong current passphrase changes nothing')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a key pair (never over an existing one); default_key and sync_key follow it')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key pair from the keys in use: asks first (or --force). The files are moved to keys/removed/NAME.TIMESTAMP.key and .pub in the home, never deleted')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import an Ed25519 private key: PKCS#8 PEM, plain or encrypted (e.g. from openssl genpkey), or an OpenSSH key (ssh-keygen -t ed25519), plain or passphrase-protected')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a signing key (yours, or one it rotated from): proofs by it stop verifying, except, with --since, those with a trusted timestamp before that time')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Hand over from key OLD to key NEW: a statement signed by both, so that whoever trusts OLD trusts NEW for proofs from now on')
            break
        }
        'proofctl;help;key;list' {
            break
        }
        'proofctl;help;key;show' {
            break
        }
        'proofctl;help;key;export' {
            break
        }
        'proofctl;help;key;default' {
            break
        }
        'proofctl;help;key;passwd' {
            break
        }
        'proofctl;help;key;rename' {
            break
        }
        'proofctl;help;key;remove' {
            break
        }
        'proofctl;help;key;import' {
            break
        }
        'proofctl;help;key;revoke' {
            break
        }
        'proofctl;help;key;rotate' {
            break
        }
        'proofctl;help;sign' {
            break
        }
        'proofctl;help;verify' {
            break
        }
        'proofctl;help;attest' {
            break
        }
        'proofctl;help;trust' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Trust a public key: a .pub file (SPKI PEM or an OpenSSH ssh-ed25519 line), or the signer of a .proof file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List trusted keys (your own keys are always trusted) and trusted TSA roots')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop trusting a key, by kid or name')
            [CompletionResult]::new('add-tsa', 'add-tsa', [CompletionResultType]::ParameterValue, 'Trust a time-stamping authority: its root CA certificate (PEM), stored as tsa/NAME.pem')
            [CompletionResult]::new('add-revocations', 'add-revocations', [CompletionResultType]::ParameterValue, 'Keep a key revocation list (as `key revoke` writes) in the home, where verify reads it; an older list than the one kept, or one that drops revocations, is refused')
            [CompletionResult]::new('add-rotation', 'add-rotation', [CompletionResultType]::ParameterValue, 'Keep a rotation statement (as `key rotate` writes) in the home, where verify reads it')
            [CompletionResult]::new('remove-tsa', 'remove-tsa', [CompletionResultType]::ParameterValue, 'Stop trusting a TSA root, by name')
            break
        }
        'proofctl;help;trust;add' {
            break
        }
        'proofctl;help;trust;list' {
            break
        }
        'proofctl;help;trust;remove' {
            break
        }
        'proofctl;help;trust;add-tsa' {
            break
        }
        'proofctl;help;trust;add-revocations' {
            break
        }
        'proofctl;help;trust;add-rotation' {
            break
        }
        'proofctl;help;trust;remove-tsa' {
            break
        }
        'proofctl;help;license' {
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue a licence signed by a vendor key; prints the JWT (or writes -o FILE)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a licence offline: signature, time, entitlements, machine, revocation')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a licence''s header and claims WITHOUT verifying them')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke licences (by id) or whole vendor keys (by kid) in the vendor''s signed revocation list')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the licences issued from this home (the vendor''s registry)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one issued licence from the registry, with its token')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Issue a new licence with the same customer and entitlements as JTI, recorded as its renewal')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Fetch the vendor''s newest revocation lists from a proofctl server and keep them here, through the same checks as --revocations (signature, only grows, no rollback)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Read the audit log of a server''s licence service (`serve --license-key`), as a member with the admin role: who issued, renewed, revoked, showed or listed which licence, when, from where')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'One call to a server''s licence service API as a signed-in member (issue, list, show, renew, revoke: docs/sync-protocol.md#licences); the answer''s JSON on stdout. A POST or DELETE is sent once, never retried')
            break
        }
        'proofctl;help;license;issue' {
            break
        }
        'proofctl;help;license;verify' {
            break
        }
        'proofctl;help;license;inspect' {
            break
        }
        'proofctl;help;license;revoke' {
            break
        }
        'proofctl;help;license;list' {
            break
        }
        'proofctl;help;license;show' {
            break
        }
        'proofctl;help;license;renew' {
            break
        }
        'proofctl;help;license;refresh' {
            break
        }
        'proofctl;help;license;audit' {
            break
        }
        'proofctl;help;license;api' {
            break
        }
        'proofctl;help;index' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add files, folders (recursively) or .proof files to the index; unchanged files are skipped')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove entries: the files given, everything under the folders given, or with --missing every entry whose file is gone')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Show what the index holds')
            break
        }
        'proofctl;help;index;add' {
            break
        }
        'proofctl;help;index;remove' {
            break
        }
        'proofctl;help;index;stats' {
            break
        }
        'proofctl;help;search' {
            break
        }
        'proofctl;help;model' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Copy a model folder (model.onnx and tokenizer.json) into the home, after checking that ONNX Runtime loads and runs it. The first model added becomes the default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models in the home')
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make a model in the home the default (default_model in config.toml)')
            break
        }
        'proofctl;help;model;add' {
            break
        }
        'proofctl;help;model;list' {
            break
        }
        'proofctl;help;model;default' {
            break
        }
        'proofctl;help;sync' {
            break
        }
        'proofctl;help;serve' {
            [CompletionResult]::new('members', 'members', [CompletionResultType]::ParameterValue, 'Add, list and remove the server''s members, in its database (running server or not)')
            break
        }
        'proofctl;help;serve;members' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Allow public keys (SPKI PEM files, as `key show` prints); they can sign in at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the current members: name, key id, when added')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove members by key id; their tokens stop working at once')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Grant a member roles: vendor (issue and revoke licences through the licence service), admin (read its audit log). At its next request')
            [CompletionResult]::new('ungrant', 'ungrant', [CompletionResultType]::ParameterValue, 'Take roles away from a member')
            break
        }
        'proofctl;help;serve;members;add' {
            break
        }
        'proofctl;help;serve;members;list' {
            break
        }
        'proofctl;help;serve;members;remove' {
            break
        }
        'proofctl;help;serve;members;grant' {
            break
        }
        'proofctl;help;serve;members;ungrant' {
            break
        }
        'proofctl;help;timestamp' {
            break
        }
        'proofctl;help;fingerprint' {
            break
        }
        'proofctl;help;completions' {
            break
        }
        'proofctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
