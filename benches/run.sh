#!/usr/bin/env bash
# benches/run.sh: time proofctl against its peers (openssl, minisign; signify for reference),
# side by side in the same run, for the figures in benches/README.md.
#
#   benches/run.sh            full run: 1 GiB file, 10,000 small proofs, licence issue/verify
#                             (~2-3 minutes on 2 cores)
#   benches/run.sh --quick    smoke run: 64 MiB file, 500 small proofs (~30 seconds)
#
# Progress goes to stderr; the Markdown results table goes to stdout and to
# benches/results/latest.md (with --quick: benches/results/quick/latest.md).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benches/run.sh [--quick] [--strict] [--note TEXT]

Measures proofctl (sign, verify, license issue, license verify) against openssl, minisign (and
signify, for reference) in one run and writes a Markdown table to stdout and to
benches/results/latest.md.

  --quick      smoke run with small sizes (64 MiB file, 500 small files, few runs);
               results go to benches/results/quick/ and do not judge the targets
  --strict     exit 1 if any target is missed (default: exit 0 whenever the run completes)
  --note TEXT  add a note to the report (e.g. "busy machine: cargo build running")
  -h, --help   this help

Environment:
  PROOFCTL_BIN  use this proofctl binary instead of building target/release/proofctl
  TMPDIR        where the work directory (~1.2 GiB, removed on exit) is made [/tmp]
EOF
}

QUICK=0
STRICT=0
NOTE=""
while (($#)); do
    case $1 in
        --quick) QUICK=1 ;;
        --strict) STRICT=1 ;;
        --note)
            (($# >= 2)) || { echo "run.sh: --note needs TEXT" >&2; exit 2; }
            NOTE=$2
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        *) echo "run.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: error: %s\n' "$*" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
START_SECONDS=$SECONDS

# ---------------------------------------------------------------------------------------------
# Sizes and run counts.
if ((QUICK)); then
    BIG_MIB=64
    N_SMALL=500
    BIG_HF=(--warmup 1 --runs 3)
    ONE_IL=(--warmup 5 --runs 30)
    LIC_IL=(--warmup 5 --runs 30)
    LIC_PW_HF=(--warmup 1 --runs 3)
    MANY_HF=(--warmup 0 --min-runs 2 --max-runs 5)
    RSS_RUNS_OURS=2
    RSS_RUNS_PEER=1
    RESULTS=$BENCH_DIR/results/quick
else
    BIG_MIB=1024
    N_SMALL=10000
    BIG_HF=(--warmup 2 --runs 10)
    ONE_IL=(--warmup 20 --runs 500)
    LIC_IL=(--warmup 20 --runs 300)
    # The passphrase variant pays ~0.1 s of Argon2id per run: 300 runs would add a minute for a
    # row that judges nothing, so it gets its own hyperfine call with fewer runs.
    LIC_PW_HF=(--warmup 2 --runs 20)
    # hyperfine picks the count per command inside these bounds (~3 s budget): the minisign
    # loop gets 3 runs, proofctl's single call gets more.
    MANY_HF=(--warmup 1 --min-runs 3 --max-runs 20)
    RSS_RUNS_OURS=5
    RSS_RUNS_PEER=3
    RESULTS=$BENCH_DIR/results
fi
SMALL_BYTES=1024
RSS_LIMIT_KIB=$((32 * 1024))
if ((BIG_MIB % 1024 == 0)); then BIG_LABEL="$((BIG_MIB / 1024)) GiB"; else BIG_LABEL="$BIG_MIB MiB"; fi
N_LABEL=$(sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$N_SMALL") # 10000 -> 10,000

# ---------------------------------------------------------------------------------------------
# Prerequisites.
missing_cmds=()
missing_pkgs=()
need() { # need COMMAND DEBIAN-PACKAGE
    if ! command -v "$1" >/dev/null 2>&1; then
        missing_cmds+=("$1")
        missing_pkgs+=("$2")
    fi
}
need hyperfine hyperfine
need minisign minisign
need openssl openssl
need jq jq
need split coreutils
need python3 python3
if ! [[ -x /usr/bin/time ]] || ! /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
    missing_cmds+=("/usr/bin/time (GNU time)")
    missing_pkgs+=(time)
fi
if ((${#missing_cmds[@]})); then
    {
        echo "run.sh: missing prerequisites: ${missing_cmds[*]}"
        echo "Install them with:"
        sudo=""
        if ((EUID != 0)); then sudo="sudo "; fi
        echo "  ${sudo}apt-get update && ${sudo}apt-get install -y ${missing_pkgs[*]}"
    } >&2
    exit 2
fi
if [[ -z ${PROOFCTL_BIN:-} ]] && ! command -v cargo >/dev/null 2>&1; then
    die "cargo not found: install Rust (https://rustup.rs), or set PROOFCTL_BIN to a proofctl binary"
fi
HAVE_SIGNIFY=0
if command -v signify-openbsd >/dev/null 2>&1; then
    HAVE_SIGNIFY=1
else
    log "signify-openbsd not found: skipping its reference rows (apt-get install -y signify-openbsd)"
fi
hf_version=$(hyperfine --version | awk '{print $2}')
if ! printf '%s\n' 1.13.0 "$hf_version" | sort -V -C; then
    die "hyperfine $hf_version is too old: 1.13 or later is needed (for -N); apt-get install -y hyperfine, or cargo install hyperfine"
fi

# ---------------------------------------------------------------------------------------------
# Read before our own build, which would otherwise count as load on a quiet machine.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# Build (or take) proofctl, and copy it so a rebuild during the run cannot change what we time.
if [[ -n ${PROOFCTL_BIN:-} ]]; then
    SRC_BIN=$PROOFCTL_BIN
    [[ -x $SRC_BIN ]] || die "PROOFCTL_BIN=$SRC_BIN is not an executable file"
    log "using PROOFCTL_BIN=$SRC_BIN (not building)"
else
    log "building: cargo build --release --locked"
    (cd "$REPO" && cargo build --release --locked) >&2 || die "cargo build --release --locked failed"
    target_dir=${CARGO_TARGET_DIR:-$REPO/target}
    [[ $target_dir = /* ]] || target_dir=$REPO/$target_dir
    SRC_BIN=$target_dir/release/proofctl
    [[ -x $SRC_BIN ]] || die "build finished but $SRC_BIN is missing"
fi

# ---------------------------------------------------------------------------------------------
# Work directory: everything large lives here and is removed on exit.
TMP_ROOT=${TMPDIR:-/tmp}
need_mib=$((BIG_MIB + N_SMALL * 16 / 1024 + 64)) # data + three 4 KiB blocks per small file, rounded up
avail_mib=$(df -Pm "$TMP_ROOT" | awk 'NR == 2 {print $4}')
((avail_mib >= need_mib)) || die "$TMP_ROOT has $avail_mib MiB free; the run needs about $need_mib MiB (set TMPDIR elsewhere)"
memavail_mib=$(awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo)
if ((memavail_mib < BIG_MIB + 512)); then
    log "warning: only $memavail_mib MiB of memory available: the $BIG_LABEL file may not stay in the page cache"
fi

WORK=$(mktemp -d "$TMP_ROOT/proofctl-bench.XXXXXX")
cleanup() { cd / && rm -rf -- "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$WORK"
mkdir -p bin files home-pw home-nopw home-vendor
cp "$SRC_BIN" bin/proofctl
# The wings it hands commands to (sign, index and search run in proofctl-index) sit beside it.
for wing in proofctl-index proofctl-sync; do
    [[ -x $(dirname "$SRC_BIN")/$wing ]] || die "$(dirname "$SRC_BIN")/$wing is missing: build all binaries (cargo build --release --locked)"
    cp "$(dirname "$SRC_BIN")/$wing" bin/
done
export PATH="$WORK/bin:$PATH"
mkdir -p "$RESULTS"

# Keys. proofctl's main key is passphrase-protected (what users have): sign pays for the Argon2id
# unlock. A --no-passphrase key is timed too, labelled as a variant. minisign's key has no
# password (-W), so minisign pays nothing for unlocking.
log "making keys"
export PROOFCTL_PASSPHRASE=bench-passphrase
export PROOFCTL_HOME=$WORK/home-pw
proofctl --home "$WORK/home-pw" keygen -q
proofctl --home "$WORK/home-nopw" keygen -q --no-passphrase
grep -q argon2id home-pw/keys/default.key || die "proofctl keygen did not make a passphrase-protected key"
# Licences: the vendor's signing key has no passphrase (a licence server holds it unencrypted,
# protected by the OS), which is what the target judges; a passphrase-protected vendor key is
# timed as a labelled variant. The customer side gets only the exported public key and a fresh,
# empty home (home-customer; verify may create its revocations folder there).
proofctl --home "$WORK/home-vendor" keygen -q --no-passphrase --name acme
proofctl --home "$WORK/home-vendor" keygen -q --name acme-pw
grep -q argon2id home-vendor/keys/acme-pw.key || die "proofctl keygen did not make a passphrase-protected vendor key"
if grep -q argon2id home-vendor/keys/acme.key; then die "proofctl keygen --no-passphrase made a protected vendor key"; fi
proofctl --home "$WORK/home-vendor" key export acme >acme.pub
minisign -G -W -p mini.pub -s mini.sec </dev/null >/dev/null
if ((HAVE_SIGNIFY)); then signify-openbsd -G -n -p sig.pub -s sig.sec; fi

# Data: random, so nothing compresses or dedups; then read once so it is in the page cache.
log "making the $BIG_LABEL file and $N_LABEL files of $SMALL_BYTES bytes"
head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom >big.bin
head -c "$((N_SMALL * SMALL_BYTES))" /dev/urandom >small.blob
split -b "$SMALL_BYTES" -d -a 5 --additional-suffix=.dat small.blob files/f
rm small.blob
head -c "$SMALL_BYTES" /dev/urandom >one.dat
cat big.bin >/dev/null
cached_before=$(fincore -b -n -o RES big.bin 2>/dev/null || echo "?")

# Proofs and signatures for the verify benchmarks (not timed).
log "signing the small files (setup, not timed)"
proofctl sign -q --force one.dat
proofctl sign -q --force files/*.dat
minisign -S -s mini.sec -m one.dat </dev/null >/dev/null
printf '%s\0' files/*.dat | xargs -0 -n 1000 minisign -S -s mini.sec -m >/dev/null
if ((HAVE_SIGNIFY)); then signify-openbsd -S -s sig.sec -m one.dat -x one.dat.sig; fi
log "issuing a licence for the verify benchmark (setup, not timed)"
lic_claims="--customer c1 --customer-name Globex --product acme-cad --versions 17.0,18.0 --type perpetual"
# shellcheck disable=SC2086 # word splitting of the claims is intended
proofctl --home home-vendor license issue -q --key acme $lic_claims -o lic.jwt
proofctl --home home-customer license verify lic.jwt --key acme.pub --product acme-cad --version 18.0 -q ||
    die "proofctl license verify rejected the licence it just issued"
n_proofs=$(find files -name '*.dat.proof' | wc -l)
n_sigs=$(find files -name '*.dat.minisig' | wc -l)
((n_proofs == N_SMALL && n_sigs == N_SMALL)) || die "expected $N_SMALL proofs and signatures, got $n_proofs and $n_sigs"

il() { # il NAME INTERLEAVE-ARGS...: interleaved rounds (start-up-bound rows), JSON as hf's
    local name=$1
    shift
    log "interleaved: $name"
    python3 "$BENCH_DIR/interleave.py" --export-json "$RESULTS/$name.json" "$@" >&2 ||
        die "benches/interleave.py failed for $name"
}

hf() { # hf NAME HYPERFINE-ARGS...: run hyperfine, progress to stderr, JSON to results/NAME.json
    local name=$1
    shift
    log "hyperfine: $name"
    hyperfine --style basic --export-json "$RESULTS/$name.json" "$@" >&2
}

# ---------------------------------------------------------------------------------------------
# 1. sign of the big file: proofctl vs openssl dgst -sha256 vs minisign -S.
sign_cmds=(
    -n "proofctl sign (passphrase key)" "proofctl sign -q --force big.bin"
    -n "openssl dgst -sha256" "openssl dgst -sha256 big.bin"
    -n "minisign -S" "minisign -S -s mini.sec -m big.bin"
    -n "proofctl sign (--no-passphrase key; variant)" "proofctl --home home-nopw sign -q --force -o big.nopw.proof big.bin"
)
# signify is left out here: it reads the whole file into memory and signs the message itself (no
# prehash); at 64 MiB it took 0.47 s and 130 MiB of RSS, so ~7.5 s and ~2 GiB for 1 GiB. It is no
# peer for large files (see README.md); it is timed for verify of one small file only.
hf sign-big -N "${BIG_HF[@]}" "${sign_cmds[@]}"
proofctl verify -q big.bin.proof || die "proofctl verify rejected the proof of big.bin"
minisign -Vq -p mini.pub -m big.bin || die "minisign -V rejected the signature of big.bin"

# Peak RSS (max over several runs), measured apart from hyperfine so timing is undisturbed.
rss_max() { # rss_max RUNS COMMAND...: prints the largest max RSS in KiB
    local runs=$1 max=0 v i
    shift
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f %M -o "$WORK/rss.out" "$@" </dev/null >/dev/null 2>"$WORK/rss.err" ||
            die "$* failed under /usr/bin/time: $(cat "$WORK/rss.err")"
        v=$(tail -n 1 "$WORK/rss.out")
        if ((v > max)); then max=$v; fi
    done
    echo "$max"
}
log "peak RSS: proofctl sign x$RSS_RUNS_OURS, peers x$RSS_RUNS_PEER"
rss_ours=$(rss_max "$RSS_RUNS_OURS" proofctl sign -q --force big.bin)
rss_nopw=$(rss_max "$RSS_RUNS_OURS" proofctl --home home-nopw sign -q --force -o big.nopw.proof big.bin)
rss_openssl=$(rss_max "$RSS_RUNS_PEER" openssl dgst -sha256 big.bin)
rss_minisign=$(rss_max "$RSS_RUNS_PEER" minisign -S -s mini.sec -m big.bin)
cached_after=$(fincore -b -n -o RES big.bin 2>/dev/null || echo "?")
rm -f big.bin big.bin.* big.nopw.proof # free the page cache and disk before the small-file runs

# ---------------------------------------------------------------------------------------------
# 2. verify of one small file: whole-process wall time.
one_cmds=(
    -n "proofctl verify" "proofctl verify -q one.dat.proof"
    -n "minisign -V" "minisign -Vq -p mini.pub -m one.dat"
)
if ((HAVE_SIGNIFY)); then
    one_cmds+=(-n "signify -V (reference)" "signify-openbsd -V -q -p sig.pub -m one.dat -x one.dat.sig")
fi
il verify-one "${ONE_IL[@]}" "${one_cmds[@]}"

# 2b. start-up alone: `proofctl --version` beside `minisign -v` (no target; it shows how much of
# the one-proof time is process start-up rather than verification).
version_cmds=(
    -n "proofctl --version" "proofctl --version"
    -n "minisign -v" "minisign -v"
)
il version "${ONE_IL[@]}" "${version_cmds[@]}"

# ---------------------------------------------------------------------------------------------
# 3. license issue and license verify: whole-process wall time, against minisign -V of the 1 KiB
# file in the same hyperfine call. issue is timed in its default form, the licence on stdout;
# the -o variant (atomic replace: temp file, fsync, rename, directory fsync) shows what a durable
# file write adds. verify runs as the customer: a fresh home, only the exported public key trusted.
lic_cmds=(
    -n "proofctl license issue (no-passphrase key, to stdout)"
    "proofctl --home home-vendor license issue -q --key acme $lic_claims"
    -n "proofctl license verify"
    "proofctl --home home-customer license verify lic.jwt --key acme.pub --product acme-cad --version 18.0 -q"
    -n "minisign -V" "minisign -Vq -p mini.pub -m one.dat"
    -n "proofctl license issue (no-passphrase key, -o FILE; variant)"
    "proofctl --home home-vendor license issue -q --key acme $lic_claims -o lic.out --force"
)
il license "${LIC_IL[@]}" "${lic_cmds[@]}"
lic_pw_cmds=(
    -n "proofctl license issue (passphrase key, -o; variant)"
    "proofctl --home home-vendor license issue -q --key acme-pw $lic_claims -o lic.pw.out --force"
)
hf license-pw -N "${LIC_PW_HF[@]}" "${lic_pw_cmds[@]}"
for f in lic.out lic.pw.out; do
    proofctl --home home-customer license verify "$f" --key acme.pub --key home-vendor/keys/acme-pw.pub \
        --product acme-cad --version 18.0 -q || die "proofctl license verify rejected $f (issued by the timed runs)"
done

# ---------------------------------------------------------------------------------------------
# 4. verify of N small proofs: one proofctl call vs a shell loop of minisign -V. Both run under
# hyperfine's default shell (sh -c), which expands the glob; N paths fit in ARG_MAX, no xargs.
many_cmds=(
    -n "proofctl verify ($N_LABEL proofs, one call)" "proofctl verify -q files/*.dat.proof"
    -n "minisign -V shell loop ($N_LABEL files)"
    'for f in files/*.dat; do minisign -Vq -p mini.pub -m "$f" || exit 1; done'
)
hf verify-many "${MANY_HF[@]}" "${many_cmds[@]}"

# ---------------------------------------------------------------------------------------------
# Report.
stat_of() { # stat_of NAME INDEX FIELD: a field (median, mean, stddev, min, max) of one command, in s
    jq -r ".results[$2].$3" "$RESULTS/$1.json"
}
runs_of() { jq -r ".results[$2].times | length" "$RESULTS/$1.json"; }
fmt_s() { # seconds -> "612 ms" / "1.234 s"
    awk -v t="$1" 'BEGIN {
        if (t < 0.01) printf "%.2f ms", t * 1000;
        else if (t < 1) printf "%.1f ms", t * 1000;
        else printf "%.3f s", t }'
}
fmt_mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; } # a <= b ?
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }

sign_p=$(stat_of sign-big 0 median)
sign_o=$(stat_of sign-big 1 median)
sign_m=$(stat_of sign-big 2 median)
sign_np=$(stat_of sign-big 3 median)
one_p=$(stat_of verify-one 0 median)
one_m=$(stat_of verify-one 1 median)
ver_p=$(stat_of version 0 median)
ver_m=$(stat_of version 1 median)
many_p=$(stat_of verify-many 0 median)
many_m=$(stat_of verify-many 1 median)
lic_i=$(stat_of license 0 median)
lic_v=$(stat_of license 1 median)
lic_m=$(stat_of license 2 median)
lic_ipw=$(stat_of license-pw 0 median)
lic_io=$(stat_of license 3 median)

r_sign_o=$(ratio "$sign_p" "$sign_o")
r_sign_m=$(ratio "$sign_p" "$sign_m")
r_one=$(ratio "$one_p" "$one_m")
r_ver=$(ratio "$ver_p" "$ver_m")
r_many=$(ratio "$many_m" "$many_p")
r_lic_i=$(ratio "$lic_i" "$lic_m")
r_lic_v=$(ratio "$lic_v" "$lic_m")
r_lic_ipw=$(ratio "$lic_ipw" "$lic_m")
r_lic_io=$(ratio "$lic_io" "$lic_m")
v_sign_o=$(verdict le "$r_sign_o" 1.10)
v_rss=$(verdict le "$rss_ours" "$RSS_LIMIT_KIB")
v_sign_m=$(verdict awk -v a="$sign_p" -v b="$sign_m" 'BEGIN { exit !(a < b) }')
v_one=$(verdict le "$r_one" 1.50)
v_many=$(verdict le 10 "$r_many")
v_lic_i=$(verdict le "$r_lic_i" 2.00)
v_lic_v=$(verdict le "$r_lic_v" 1.50)
verdicts=("$v_sign_o" "$v_rss" "$v_sign_m" "$v_one" "$v_many" "$v_lic_i" "$v_lic_v")
n_fail=0
for v in "${verdicts[@]}"; do if [[ $v = FAIL ]]; then n_fail=$((n_fail + 1)); fi; done

row_detail() { # row_detail FILE INDEX: "| command | median | mean ± σ | min … max | runs |"
    printf '| %s | %s | %s ± %s | %s … %s | %s |\n' \
        "$(jq -r ".results[$2].command" "$RESULTS/$1.json")" \
        "$(fmt_s "$(stat_of "$1" "$2" median)")" \
        "$(fmt_s "$(stat_of "$1" "$2" mean)")" "$(fmt_s "$(stat_of "$1" "$2" stddev)")" \
        "$(fmt_s "$(stat_of "$1" "$2" min)")" "$(fmt_s "$(stat_of "$1" "$2" max)")" \
        "$(runs_of "$1" "$2")"
}
details() { # details FILE
    local i n
    n=$(jq '.results | length' "$RESULTS/$1.json")
    for ((i = 0; i < n; i++)); do row_detail "$1" "$i"; done
}

cmd_rows() { # cmd_rows -n NAME COMMAND ...: a table row per command
    while (($# >= 3)); do
        printf '| %s | `%s` |\n' "$2" "${3//|/\\|}"
        shift 3
    done
}

cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
if grep -qw sha_ni /proc/cpuinfo; then sha_ni=yes; else sha_ni=no; fi
mem_total=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
git_rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    git_rev="$git_rev (src/ or Cargo files modified)"
fi
bin_sha=$(sha256sum bin/proofctl | cut -c1-12)
signify_version=$(dpkg-query -W -f='${Version}' signify-openbsd 2>/dev/null || echo "installed")
elapsed=$((SECONDS - START_SECONDS))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
report=$WORK/report.md

{
    echo "# proofctl benchmarks$( ((QUICK)) && echo " (--quick smoke run)")"
    echo
    echo "Taken $(date -u '+%Y-%m-%d %H:%M UTC') by \`benches/run.sh$( ((QUICK)) && echo " --quick")\` in $((elapsed / 60)) min $((elapsed % 60)) s."
    if [[ -n $NOTE ]]; then echo; echo "**Note:** $NOTE"; fi
    if ((QUICK)); then
        echo
        echo "**Smoke run:** $BIG_LABEL file and $N_LABEL small files with few runs, to check that the"
        echo "script works. The targets are for 1 GiB and 10,000 files; PASS/FAIL here means little."
    fi
    echo
    echo "| Figure | proofctl | Peer | Ratio | Target | Result |"
    echo "|---|---|---|---|---|---|"
    echo "| \`sign\` $BIG_LABEL, wall vs \`openssl dgst -sha256\` | $(fmt_s "$sign_p") | $(fmt_s "$sign_o") | ${r_sign_o}× | ≤ 1.10× | $v_sign_o |"
    echo "| \`sign\` $BIG_LABEL, peak RSS (max of $RSS_RUNS_OURS) | $(fmt_mib "$rss_ours") | openssl $(fmt_mib "$rss_openssl"), minisign $(fmt_mib "$rss_minisign") | – | ≤ 32 MiB | $v_rss |"
    echo "| \`sign\` $BIG_LABEL, wall vs \`minisign -S\` | $(fmt_s "$sign_p") | $(fmt_s "$sign_m") | ${r_sign_m}× | < 1.00× | $v_sign_m |"
    echo "| \`verify\` 1 file of $SMALL_BYTES B, process wall vs \`minisign -V\` | $(fmt_s "$one_p") | $(fmt_s "$one_m") | ${r_one}× | ≤ 1.50× | $v_one |"
    echo "| \`proofctl --version\` (start-up alone), process wall vs \`minisign -v\` | $(fmt_s "$ver_p") | $(fmt_s "$ver_m") | ${r_ver}× | – | – |"
    echo "| \`verify\` $N_LABEL proofs in one call vs \`minisign -V\` shell loop | $(fmt_s "$many_p") | $(fmt_s "$many_m") | ${r_many}× faster | ≥ 10× faster | $v_many |"
    echo "| \`license issue\` (no-passphrase key, to stdout), process wall vs \`minisign -V\` of $SMALL_BYTES B | $(fmt_s "$lic_i") | $(fmt_s "$lic_m") | ${r_lic_i}× | ≤ 2.00× | $v_lic_i |"
    echo "| \`license verify\`, process wall vs \`minisign -V\` of $SMALL_BYTES B | $(fmt_s "$lic_v") | $(fmt_s "$lic_m") | ${r_lic_v}× | ≤ 1.50× | $v_lic_v |"
    echo "| \`license issue -o FILE\` (durable write: two fsyncs; variant, no target) | $(fmt_s "$lic_io") | $(fmt_s "$lic_m") | ${r_lic_io}× | – | – |"
    echo "| \`license issue\` with a passphrase key (variant, no target) | $(fmt_s "$lic_ipw") | $(fmt_s "$lic_m") | ${r_lic_ipw}× | – | – |"
    echo
    echo "$((${#verdicts[@]} - n_fail)) of ${#verdicts[@]} targets met. Times are medians (start-up-bound rows: interleaved rounds, benches/interleave.py; the rest: hyperfine); ratios are"
    echo "proofctl ÷ peer, except the $N_LABEL-proof row (loop ÷ proofctl). proofctl signs with a"
    echo "passphrase-protected key (Argon2id unlock, run alongside hashing); minisign's key has no password"
    echo "(\`-W\`). The licence rows are timed against \`minisign -V\` in the same interleaved run; the"
    echo "vendor key has no passphrase (a licence server's key, protected by the OS); with one, every"
    echo "\`license issue\` pays the Argon2id unlock (last row)."
    echo
    echo "## Details"
    echo
    echo "| Command | Median | Mean ± σ | Min … max | Runs |"
    echo "|---|---|---|---|---|"
    details sign-big
    details verify-one
    details version
    details verify-many
    details license
    details license-pw
    echo
    echo "Peak RSS of signing the $BIG_LABEL file (\`/usr/bin/time -f %M\`, max over the runs):"
    echo
    echo "| Command | Max RSS | Runs |"
    echo "|---|---|---|"
    echo "| proofctl sign (passphrase key) | $(fmt_mib "$rss_ours") | $RSS_RUNS_OURS |"
    echo "| proofctl sign (--no-passphrase key; variant) | $(fmt_mib "$rss_nopw") | $RSS_RUNS_OURS |"
    echo "| openssl dgst -sha256 | $(fmt_mib "$rss_openssl") | $RSS_RUNS_PEER |"
    echo "| minisign -S | $(fmt_mib "$rss_minisign") | $RSS_RUNS_PEER |"
    echo
    echo "Exact commands (run in the work directory; \`proofctl\` is a copy of the built binary, first"
    echo "on PATH; the home is a passphrase-protected key's, via PROOFCTL_HOME and PROOFCTL_PASSPHRASE,"
    echo "unless \`--home\` names another: home-vendor holds the licence keys, home-customer starts empty):"
    echo
    echo "| Name | Command |"
    echo "|---|---|"
    cmd_rows "${sign_cmds[@]}"
    cmd_rows "${one_cmds[@]}"
    cmd_rows "${version_cmds[@]}"
    cmd_rows "${many_cmds[@]}"
    cmd_rows "${lic_cmds[@]}"
    cmd_rows "${lic_pw_cmds[@]}"
    echo
    echo "Page cache: ${cached_before} of $((BIG_MIB * 1024 * 1024)) bytes of the file resident before the runs, ${cached_after} after."
    echo
    echo "## Machine"
    echo
    echo "- CPU: $cpu_model; nproc $(nproc); SHA-NI: $sha_ni; memory $mem_total"
    echo "- Kernel: $(uname -sr)"
    echo "- Load average (1/5/15 min): $load_start at start, $load_end at end"
    echo "- proofctl: $(proofctl --version | awk '{print $2}'), git $git_rev, binary sha256 $bin_sha…"
    echo "- minisign: $(minisign -v 2>&1 | awk 'NR == 1 {print $2}')"
    echo "- openssl: $(openssl version)"
    echo "- hyperfine: $hf_version"
    if ((HAVE_SIGNIFY)); then echo "- signify-openbsd: $signify_version"; fi
    if command -v rustc >/dev/null 2>&1; then echo "- rustc: $(rustc --version)"; fi
    echo
    echo "Raw hyperfine results: \`sign-big.json\`, \`verify-one.json\`, \`version.json\`, \`verify-many.json\`, \`license.json\`,"
    echo "\`license-pw.json\` beside this file."
} >"$report"

cp "$report" "$RESULTS/latest.md"
cat "$report"
log "wrote ${RESULTS#"$REPO"/}/latest.md and the hyperfine JSONs; took $((elapsed / 60)) min $((elapsed % 60)) s"
if ((STRICT && n_fail > 0)); then exit 1; fi
exit 0
