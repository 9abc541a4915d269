#!/usr/bin/env bash
# benches/formats_verify.sh: `proofctl verify` of N SSH signatures (ssh-keygen -Y sign) and of N
# minisign signatures, each set in one call, against a shell loop of the peer's own verifier over
# the same files (`ssh-keygen -Y verify`, `minisign -V`), in the same hyperfine run (issue 15's
# figure: >= 10x).
#
#   benches/formats_verify.sh           10,000 files of 1 KiB per format (a few minutes)
#   benches/formats_verify.sh --quick   500 files per format, few runs (~30 seconds)
#
# Both sides check the same trust: proofctl's SSH call takes the allowed_signers file
# ssh-keygen reads (--allowed-signers), its minisign call the minisign.pub minisign -V reads.
#
# Progress goes to stderr; the Markdown table goes to stdout and to
# benches/results/formats_verify.md (with --quick: benches/results/quick/formats_verify.md).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benches/formats_verify.sh [--quick] [--strict]

  --quick      500 files per format and few runs; results go to benches/results/quick/
  --strict     exit 1 if the 10x target is missed (default: exit 0 whenever the run completes)
  -h, --help   this help

Environment:
  PROOFCTL_BIN  use this proofctl binary instead of building release
  TMPDIR        where the work directory (removed on exit) is made [/tmp]
EOF
}

QUICK=0
STRICT=0
while (($#)); do
    case $1 in
        --quick) QUICK=1 ;;
        --strict) STRICT=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "formats_verify.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'formats_verify.sh: error: %s\n' "$*" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
START_SECONDS=$SECONDS

if ((QUICK)); then
    N=500
    HF=(--warmup 0 --min-runs 2 --max-runs 5)
    RESULTS=$BENCH_DIR/results/quick
else
    N=10000
    HF=(--warmup 1 --min-runs 3 --max-runs 10)
    RESULTS=$BENCH_DIR/results
fi
SMALL_BYTES=1024
N_LABEL=$(sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$N")

missing=()
for c in hyperfine minisign ssh-keygen jq split xargs; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
((${#missing[@]} == 0)) || die "missing prerequisites: ${missing[*]} (apt-get install -y hyperfine minisign openssh-client jq coreutils findutils)"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ -n ${PROOFCTL_BIN:-} ]]; then
    SRC_BIN=$PROOFCTL_BIN
    [[ -x $SRC_BIN ]] || die "PROOFCTL_BIN=$SRC_BIN is not an executable file"
    log "using PROOFCTL_BIN=$SRC_BIN (not building)"
else
    log "building: cargo build --release --locked --bin proofctl"
    (cd "$REPO" && cargo build --release --locked --bin proofctl) >&2 ||
        die "cargo build --release --locked failed"
    target_dir=${CARGO_TARGET_DIR:-$REPO/target}
    [[ $target_dir = /* ]] || target_dir=$REPO/$target_dir
    SRC_BIN=$target_dir/release/proofctl
    [[ -x $SRC_BIN ]] || die "build finished but $SRC_BIN is missing"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-fmtbench.XXXXXX")
cleanup() { cd / && rm -rf -- "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$WORK"
mkdir -p bin ssh mini home
# verify runs in proofctl itself: no wing is needed.
cp "$SRC_BIN" bin/proofctl
export PATH="$WORK/bin:$PATH"
export PROOFCTL_HOME=$WORK/home
mkdir -p "$RESULTS"

# ---------------------------------------------------------------------------------------------
# Keys, files and signatures (setup, not timed).
log "making keys, 2 x $N_LABEL files of $SMALL_BYTES bytes, SSH and minisign signatures"
ssh-keygen -q -t ed25519 -N '' -C bench -f ssh.key
printf 'bench@example.com %s\n' "$(cat ssh.key.pub)" >allowed_signers
minisign -G -W -p mini.pub -s mini.sec </dev/null >/dev/null
head -c "$((N * SMALL_BYTES))" /dev/urandom >small.blob
split -b "$SMALL_BYTES" -d -a 5 --additional-suffix=.dat small.blob ssh/f
rm small.blob
cp ssh/*.dat mini/
printf '%s\0' ssh/*.dat | xargs -0 -n 500 -P 2 ssh-keygen -q -Y sign -n file -f ssh.key 2>/dev/null
printf '%s\0' mini/*.dat | xargs -0 -n 1000 -P 2 minisign -S -s mini.sec -m >/dev/null

# Every signature must verify on both sides before anything is timed.
proofctl verify -q --allowed-signers allowed_signers ssh/*.dat.sig ||
    die "proofctl rejected the SSH signatures"
proofctl verify -q --key mini.pub mini/*.dat.minisig || die "proofctl rejected the minisign signatures"
n_ssh=$(proofctl verify --json --allowed-signers allowed_signers ssh/*.dat.sig |
    jq '[.results[] | select(.status == "valid" and .format == "sshsig")] | length')
((n_ssh == N)) || die "expected $N valid SSH signatures, got $n_ssh"
ssh-keygen -Y verify -f allowed_signers -I bench@example.com -n file -s ssh/f00000.dat.sig \
    <ssh/f00000.dat >/dev/null || die "ssh-keygen rejected an SSH signature"
minisign -Vq -p mini.pub -m mini/f00000.dat || die "minisign rejected a signature"

# ---------------------------------------------------------------------------------------------
log "hyperfine: verify of $N_LABEL signatures per format"
hyperfine --style basic --export-json "$RESULTS/formats-verify.json" "${HF[@]}" \
    -n "proofctl verify ($N_LABEL SSH signatures, one call)" \
    "proofctl verify -q --allowed-signers allowed_signers ssh/*.dat.sig" \
    -n "ssh-keygen -Y verify shell loop ($N_LABEL files)" \
    'for f in ssh/*.dat; do ssh-keygen -Y verify -f allowed_signers -I bench@example.com -n file -s "$f.sig" <"$f" >/dev/null 2>&1 || exit 1; done' \
    -n "proofctl verify ($N_LABEL minisign signatures, one call)" \
    "proofctl verify -q --key mini.pub mini/*.dat.minisig" \
    -n "minisign -V shell loop ($N_LABEL files)" \
    'for f in mini/*.dat; do minisign -Vq -p mini.pub -m "$f" || exit 1; done' >&2

median() { jq -r ".results[$1].median" "$RESULTS/formats-verify.json"; }
fmt_s() { awk -v t="$1" 'BEGIN { if (t < 1) printf "%.1f ms", t * 1000; else printf "%.3f s", t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
met() { awk -v s="$1" 'BEGIN { print (s >= 10) ? "yes" : "NO" }'; }
p_ssh=$(median 0)
l_ssh=$(median 1)
p_mini=$(median 2)
l_mini=$(median 3)
s_ssh=$(ratio "$l_ssh" "$p_ssh")
s_mini=$(ratio "$l_mini" "$p_mini")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

report=$RESULTS/formats_verify.md
{
    echo "# Verify of SSH and minisign signatures ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
    echo
    echo "$N_LABEL files of $SMALL_BYTES bytes per format, signed by ssh-keygen -Y sign (Ed25519,"
    echo "SHA-512) and by minisign (prehashed). $(nproc) cores; load average $load_start at the start,"
    echo "$load_end at the end. Median wall time of whole runs (hyperfine)."
    echo
    echo "| command | median | proofctl is |"
    echo "|---|---|---|"
    echo "| proofctl verify --allowed-signers, $N_LABEL SSH signatures, one call | $(fmt_s "$p_ssh") | |"
    echo "| ssh-keygen -Y verify shell loop | $(fmt_s "$l_ssh") | x$s_ssh faster |"
    echo "| proofctl verify --key mini.pub, $N_LABEL minisign signatures, one call | $(fmt_s "$p_mini") | |"
    echo "| minisign -V shell loop | $(fmt_s "$l_mini") | x$s_mini faster |"
    echo
    echo "Target (issue 15): >= 10x the peer's own loop: SSH **$(met "$s_ssh")** (x$s_ssh),"
    echo "minisign **$(met "$s_mini")** (x$s_mini). Run took $((SECONDS - START_SECONDS)) s."
} | tee "$report"
log "wrote $report"
if ((STRICT)) && { [[ $(met "$s_ssh") != yes ]] || [[ $(met "$s_mini") != yes ]]; }; then exit 1; fi
