#!/usr/bin/env bash
# sign-artifacts.sh - the signing job of a release pipeline, using proofctl.
#
# Signs every artifact in DIR, writing a detached POP-1.0 proof FILE.proof next
# to each one. The signing key comes from a CI secret; it is imported into a
# throwaway proofctl home that is deleted when the script exits.
#
# Usage: sign-artifacts.sh [--commit SHA] [--pipeline ID] [--meta KEY=VALUE]... [--force] DIR
#
#   DIR              folder holding the artifacts. Every regular, non-hidden file
#                    directly inside it is signed, except existing *.proof files.
#   --commit SHA     signed as metadata commit=SHA
#                    [default: $GITHUB_SHA, $CI_COMMIT_SHA, $BUILD_SOURCEVERSION]
#   --pipeline ID    signed as metadata pipeline=ID
#                    [default: $GITHUB_RUN_ID, $CI_PIPELINE_ID, $BUILD_BUILDID]
#   --meta KEY=VALUE more signed metadata (repeatable)
#   --force          replace proofs that already exist
#
# Environment:
#   PROOFCTL_SIGNING_KEY  (required) the Ed25519 private key as a PKCS#8 PEM,
#                         plain ("BEGIN PRIVATE KEY") or encrypted ("BEGIN
#                         ENCRYPTED PRIVATE KEY"). A base64-encoded PEM is accepted too.
#   PROOFCTL_PASSPHRASE   the passphrase, when the key is encrypted
#   PROOFCTL              the proofctl binary [default: proofctl from PATH]
#
# Exit status: 0 all artifacts signed; 2 an error (missing/bad key, wrong
# passphrase, unreadable artifact, proof already exists without --force, ...).

set -euo pipefail

prog=${0##*/}
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 2; }
show_help() { sed -n '2,/^$/{s/^# \{0,1\}//;p;}' "$0"; }
usage() { show_help >&2; exit 2; }

commit=${GITHUB_SHA:-${CI_COMMIT_SHA:-${BUILD_SOURCEVERSION:-}}}
pipeline=${GITHUB_RUN_ID:-${CI_PIPELINE_ID:-${BUILD_BUILDID:-}}}
extra_meta=()
force=()
dir=
while [ $# -gt 0 ]; do
    case $1 in
        --commit) [ $# -ge 2 ] || usage; commit=$2; shift 2 ;;
        --pipeline) [ $# -ge 2 ] || usage; pipeline=$2; shift 2 ;;
        --meta) [ $# -ge 2 ] || usage; extra_meta+=(--meta "$2"); shift 2 ;;
        --force) force=(--force); shift ;;
        -h|--help) show_help; exit 0 ;;
        --) shift; [ $# -eq 1 ] || usage; dir=$1; shift ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [ -z "$dir" ] || usage; dir=$1; shift ;;
    esac
done
[ -n "$dir" ] || usage
[ -d "$dir" ] || die "$dir: not a directory"

proofctl=${PROOFCTL:-proofctl}
command -v "$proofctl" >/dev/null 2>&1 ||
    die "proofctl not found (install it, put it on PATH, or set PROOFCTL=/path/to/proofctl)"

[ -n "${PROOFCTL_SIGNING_KEY:-}" ] ||
    die "PROOFCTL_SIGNING_KEY is empty: store the PKCS#8 PEM private key in a CI secret and pass it in this variable"

# --- the artifacts: regular, non-hidden files directly in DIR, but not proofs
artifacts=()
for f in "$dir"/*; do
    [ -f "$f" ] || continue           # also skips the unexpanded glob of an empty DIR
    case $f in *.proof) continue ;; esac
    artifacts+=("$f")
done
[ ${#artifacts[@]} -gt 0 ] || die "$dir: no artifacts to sign"

# --- a private scratch area, removed whatever happens
umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-sign.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The throwaway home: never the runner's real ~/.local/share/proofctl.
export PROOFCTL_HOME="$work/home"

keyfile=$(mktemp "$work/signing-key.XXXXXX")
printf '%s\n' "$PROOFCTL_SIGNING_KEY" >"$keyfile"
if ! grep -q -- '-----BEGIN' "$keyfile"; then
    # Some people store the PEM base64-encoded so it survives copy and paste.
    if ! tr -d ' \r\n' <"$keyfile" | base64 --decode >"$keyfile.pem" 2>/dev/null ||
        ! grep -q -- '-----BEGIN' "$keyfile.pem"; then
        die "PROOFCTL_SIGNING_KEY does not hold a PEM private key (no '-----BEGIN' line)"
    fi
    mv "$keyfile.pem" "$keyfile"
fi

# proofctl takes $PROOFCTL_PASSPHRASE byte for byte, while --passphrase-file
# strips the line ending: drop a trailing newline pasted into the secret.
if [ -n "${PROOFCTL_PASSPHRASE:-}" ]; then
    PROOFCTL_PASSPHRASE=${PROOFCTL_PASSPHRASE%$'\n'}
    PROOFCTL_PASSPHRASE=${PROOFCTL_PASSPHRASE%$'\r'}
    export PROOFCTL_PASSPHRASE
fi

if grep -q -- '-----BEGIN ENCRYPTED PRIVATE KEY-----' "$keyfile"; then
    [ -n "${PROOFCTL_PASSPHRASE:-}" ] ||
        die "the signing key is encrypted but PROOFCTL_PASSPHRASE is empty: set it from the passphrase secret"
    # The passphrase decrypts the key and seals the stored copy with the same
    # passphrase, so the key never sits unencrypted on the runner's disk.
    import_opts=()
else
    # A plain PEM: store it as it is (in our private, temporary home) so that
    # proofctl never asks for a passphrase. It is deleted on exit.
    import_opts=(--no-passphrase)
    unset PROOFCTL_PASSPHRASE
fi

"$proofctl" -q key import "$keyfile" --name ci ${import_opts[@]+"${import_opts[@]}"} </dev/null ||
    die "could not import the signing key from PROOFCTL_SIGNING_KEY (see the message above)"
rm -f "$keyfile"

kid=$("$proofctl" key show ci | awk '$1 == "kid:" { print $2 }')
pubkey="$PROOFCTL_HOME/keys/ci.pub"

# --- sign
meta=()
[ -z "$commit" ] || meta+=(--meta "commit=$commit")
[ -z "$pipeline" ] || meta+=(--meta "pipeline=$pipeline")

echo "Signing ${#artifacts[@]} artifact(s) in $dir with key kid $kid"
rc=0
"$proofctl" -q sign --key ci \
    ${meta[@]+"${meta[@]}"} ${extra_meta[@]+"${extra_meta[@]}"} ${force[@]+"${force[@]}"} \
    -- "${artifacts[@]}" </dev/null || rc=$?
if [ "$rc" -ne 0 ]; then
    echo "$prog: signing failed (proofctl exit status $rc)" >&2
    exit "$rc"
fi

# --- sanity check: the new proofs verify against the key we just used
proofs=()
for f in "${artifacts[@]}"; do proofs+=("$f.proof"); done
"$proofctl" -q verify --key "$pubkey" -- "${proofs[@]}" </dev/null ||
    die "the proofs just written do not verify (proofctl verify said no)"

# --- summary
sha256() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum -- "$1" | awk '{ print $1 }'
    else shasum -a 256 -- "$1" | awk '{ print $1 }'; fi
}
echo
echo "Signed ${#artifacts[@]} artifact(s):"
for f in "${artifacts[@]}"; do
    printf '  %s  %s -> %s\n' "$(sha256 "$f")" "$f" "${f##*/}.proof"
done
echo "Signer kid: $kid"
echo "Metadata:   commit=${commit:-(none)} pipeline=${pipeline:-(none)}"
echo "The verify job trusts this signer only if this public key is in its trust dir (e.g. keys/):"
sed 's/^/  /' "$pubkey"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
        echo "### Signed artifacts"
        echo
        echo "Signer kid \`$kid\`, commit \`${commit:-none}\`, pipeline \`${pipeline:-none}\`"
        echo
        echo "| artifact | sha256 |"
        echo "|---|---|"
        for f in "${artifacts[@]}"; do echo "| \`${f##*/}\` | \`$(sha256 "$f")\` |"; done
        echo
    } >>"$GITHUB_STEP_SUMMARY"
fi
