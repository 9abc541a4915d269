#!/usr/bin/env bash
# demo.sh - run the CI signing and verify jobs end to end, locally, in temp dirs.
#
#   1. make a signing key with openssl, encrypted with a passphrase, and commit
#      its public key into a (pretend) repository's keys/ folder
#   2. build job: some artifacts in dist/
#   3. sign job: sign-artifacts.sh with the key in PROOFCTL_SIGNING_KEY -> exit 0
#   4. verify job: verify-artifacts.sh dist keys -> exit 0 (with jq and python3)
#   5. tamper with one artifact -> verify job exits 1
#   6. remove one proof -> verify job exits 1
#   7. a few more ways it must fail (untrusted key, renamed artifact, wrong
#      commit, wrong passphrase) and the plain-PEM key path
#
# Uses $PROOFCTL or proofctl from PATH. Touches nothing outside a temp dir
# (HOME, XDG_DATA_HOME and PROOFCTL_HOME are pointed into it). Exits 0 and
# prints "demo: ok" last when every step had the expected outcome.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sign_job="$here/sign-artifacts.sh"
verify_job="$here/verify-artifacts.sh"

PROOFCTL=${PROOFCTL:-$(command -v proofctl || true)}
[ -n "$PROOFCTL" ] && [ -x "$PROOFCTL" ] || { echo "demo: proofctl not found; set PROOFCTL=/path/to/proofctl" >&2; exit 2; }
case $PROOFCTL in /*) ;; *) PROOFCTL="$(cd "$(dirname "$PROOFCTL")" && pwd)/${PROOFCTL##*/}" ;; esac
export PROOFCTL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Never the user's real home or the surrounding CI's settings.
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" XDG_CONFIG_HOME="$tmp/home/.config"
mkdir -p "$HOME" "$tmp/tmp"
export TMPDIR="$tmp/tmp"   # the jobs' own temp dirs land here; they must clean up
unset PROOFCTL_HOME PROOFCTL_PASSPHRASE PROOFCTL_SIGNING_KEY GITHUB_STEP_SUMMARY \
      GITHUB_SHA GITHUB_RUN_ID CI_COMMIT_SHA CI_PIPELINE_ID BUILD_SOURCEVERSION BUILD_BUILDID
export NO_COLOR=1

step=0
say() { step=$((step + 1)); printf '\n=== %d. %s\n' "$step" "$*"; }
fail() { echo "demo: FAILED: $*" >&2; exit 1; }

# expect RC DESCRIPTION COMMAND...: run COMMAND, require exit status RC
expect() {
    local want=$1 what=$2 rc=0
    shift 2
    "$@" || rc=$?
    [ "$rc" -eq "$want" ] || fail "$what: exit status $rc, expected $want"
    echo "--> $what: exit status $rc, as expected"
}

cd "$tmp"
mkdir -p repo/keys

# -- 1. the signing key ---------------------------------------------------------
passphrase="correct horse battery staple"
if command -v openssl >/dev/null 2>&1; then
    say "make an encrypted Ed25519 key with openssl; commit its public key to keys/"
    printf '%s\n' "$passphrase" >pass.txt
    openssl genpkey -algorithm ed25519 -aes-256-cbc -pass file:pass.txt -out signing.pem
    openssl pkey -in signing.pem -passin file:pass.txt -pubout -out repo/keys/release.pub
    head -n 1 signing.pem
    have_openssl=1
else
    say "openssl not found: make the key with proofctl keygen and export it as plain PKCS#8 PEM"
    PROOFCTL_PASSPHRASE=$passphrase "$PROOFCTL" --home keygen-home keygen --name release </dev/null
    PROOFCTL_PASSPHRASE=$passphrase "$PROOFCTL" --home keygen-home key export --pkcs8 release >signing.pem </dev/null
    "$PROOFCTL" --home keygen-home key export release >repo/keys/release.pub
    have_openssl=0
fi
cat repo/keys/release.pub

# -- 2. build -------------------------------------------------------------------
say "build job: artifacts in dist/"
mkdir dist
printf 'pretend this is a release tarball\n' >dist/app-1.0.tar.gz
printf '#!/bin/sh\necho hello\n' >dist/install.sh
head -c 4096 /dev/urandom >"dist/app 1.0 (linux).bin"
ls -l dist

# -- 3. sign --------------------------------------------------------------------
say "sign job"
expect 0 "sign job" env \
    PROOFCTL_SIGNING_KEY="$(cat signing.pem)" PROOFCTL_PASSPHRASE="$passphrase" \
    GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 GITHUB_RUN_ID=4242 \
    "$sign_job" dist
for f in dist/app-1.0.tar.gz dist/install.sh "dist/app 1.0 (linux).bin"; do
    [ -f "$f.proof" ] || fail "sign job wrote no $f.proof"
done
[ -z "$(ls -A "$TMPDIR")" ] || fail "sign job left temp files behind: $(ls -A "$TMPDIR")"
[ ! -e "$HOME/.local/share/proofctl" ] || fail "sign job touched the default proofctl home"

# -- 4. verify ------------------------------------------------------------------
say "verify job (jq or python3, whichever the job picks)"
expect 0 "verify job" "$verify_job" --require-meta commit=0123456789abcdef0123456789abcdef01234567 dist repo/keys
for tool in jq python3; do
    if command -v "$tool" >/dev/null 2>&1; then
        expect 0 "verify job reading JSON with $tool" "$verify_job" --json-tool "$tool" dist repo/keys >/dev/null
    fi
done

# -- 5. tamper ------------------------------------------------------------------
say "tamper with one artifact: the verify job must fail with 1"
cp -R dist tampered
printf 'echo owned\n' >>tampered/install.sh
expect 1 "verify job on a changed artifact" "$verify_job" tampered repo/keys
cp -R dist tampered2
# same size, different bytes: only the SHA-256 can tell
printf 'PRETEND THIS IS A RELEASE TARBALL\n' >tampered2/app-1.0.tar.gz
expect 1 "verify job on a same-size changed artifact" "$verify_job" tampered2 repo/keys

# -- 6. missing proof -----------------------------------------------------------
say "remove one proof: the verify job must fail"
cp -R dist unsigned
rm "unsigned/app 1.0 (linux).bin.proof"
expect 1 "verify job with an artifact lacking its proof" "$verify_job" unsigned repo/keys
out=$("$verify_job" unsigned repo/keys 2>&1 || true)
printf '%s\n' "$out" | grep -q '^MISSING .*app 1.0 (linux).bin' || fail "verify job did not name the unsigned artifact"

# -- 7. more ways to fail, and the plain-PEM key -------------------------------
say "more checks"
mkdir other-keys
if [ "$have_openssl" = 1 ]; then
    openssl genpkey -algorithm ed25519 | openssl pkey -pubout -out other-keys/someone-else.pub
else
    "$PROOFCTL" --home other-home keygen --no-passphrase --name x </dev/null 2>/dev/null
    "$PROOFCTL" --home other-home key export x >other-keys/someone-else.pub
fi
expect 1 "verify job trusting a different key" "$verify_job" dist other-keys

mkdir renamed
cp dist/install.sh renamed/uninstall.sh
cp dist/install.sh.proof renamed/uninstall.sh.proof
expect 1 "verify job on an artifact renamed after signing" "$verify_job" renamed repo/keys

expect 1 "verify job requiring another commit" "$verify_job" --require-meta commit=ffff dist repo/keys

cp -R dist orphan
rm orphan/install.sh
expect 2 "verify job on a proof without its artifact" "$verify_job" orphan repo/keys

mkdir resign && cp dist/app-1.0.tar.gz resign/
if [ "$have_openssl" = 1 ]; then
    expect 2 "sign job with a wrong passphrase" env \
        PROOFCTL_SIGNING_KEY="$(cat signing.pem)" PROOFCTL_PASSPHRASE="not it" "$sign_job" resign
    expect 2 "sign job with an encrypted key and no passphrase" env \
        PROOFCTL_SIGNING_KEY="$(cat signing.pem)" "$sign_job" resign
    # the same key as a plain PKCS#8 PEM
    openssl pkey -in signing.pem -passin file:pass.txt -out plain.pem
else
    cp signing.pem plain.pem
fi
expect 0 "sign job with a plain PEM key (no passphrase)" env \
    PROOFCTL_SIGNING_KEY="$(cat plain.pem)" "$sign_job" --commit abc --pipeline local resign
expect 0 "verify job on its output" "$verify_job" --require-meta pipeline=local resign repo/keys

[ -z "$(ls -A "$TMPDIR")" ] || fail "a job left temp files behind: $(ls -A "$TMPDIR")"
[ ! -e "$HOME/.local/share/proofctl" ] || fail "a job touched the default proofctl home"

echo
echo "demo: ok"
