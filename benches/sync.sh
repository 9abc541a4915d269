#!/usr/bin/env bash
# benches/sync.sh: `proofctl sync` pushing to and pulling from `proofctl serve` on loopback, with
# the real binary on both ends, for the figures in the README (issue: 100,000 proofs pushed in
# at most 60 s; 8 clients pushing at once: all land, none duplicated, none lost).
#
#   benches/sync.sh             100,000 proofs; 8 clients of 12,500 each plus 2,000 shared
#   benches/sync.sh --quick     10,000 proofs; 8 clients of 1,250 each plus 200 shared
#
# SQLite always; PostgreSQL too when PROOFCTL_BENCH_POSTGRES is an admin URL (a role that may
# CREATE DATABASE; a database is made for the run and dropped after). Progress goes to stderr,
# the Markdown report to stdout and benches/results/sync-latest.md (--quick: sync-quick.md).
set -euo pipefail

QUICK=0
while (($#)); do
    case $1 in
        --quick) QUICK=1 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "sync.sh: unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'sync.sh: error: %s\n' "$*" >&2; exit 2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

N=100000 CLIENT=12500 SHARED=2000 NAME=latest
if ((QUICK)); then N=10000 CLIENT=1250 SHARED=200 NAME=quick; fi
REPO=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=$REPO/benches/results
command -v jq >/dev/null || die "needs jq (apt-get install jq)"
command -v curl >/dev/null || die "needs curl"

if [[ -n ${PROOFCTL_BIN:-} ]]; then
    BIN=$PROOFCTL_BIN
else
    log "building: cargo build --release --locked"
    (cd "$REPO" && cargo build --release --locked </dev/null >&2) || die "cargo build failed"
    BIN=$REPO/target/release/proofctl
fi
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-sync-bench.XXXXXX")
PIDS=()
PG_DBS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for d in "${PG_DBS[@]}"; do psql -q "$PROOFCTL_BENCH_POSTGRES" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
    rm -rf -- "$WORK"
}
trap cleanup EXIT
cd "$WORK"
pc() { "$BIN" "$@"; }

# member HOME: a home with a key pair (no passphrase: the benchmark times sync, not Argon2).
member() { pc --home "$1" keygen --no-passphrase -q --name "$(basename "$1")"; }

# signed HOME DIR COUNT TAG: COUNT small files under DIR, signed (and indexed) by HOME.
signed() {
    mkdir -p "$2"
    local i
    for ((i = 0; i < $3; i++)); do printf '%s document %d\n' "$4" "$i" >"$2/$i.txt"; done
    find "$2" -name '*.txt' -print0 | xargs -0 -n 5000 "$BIN" --home "$1" sign -q --
}

# serve DB: starts a server with every member's key; sets URL. (Not in $(...): the server
# would hold the substitution's pipe open.)
serve() {
    local args=() k
    for k in "$WORK"/homes/*/keys/*.pub; do args+=(--allow-key "$k"); done
    local log
    log=$(mktemp "$WORK/serve.XXXXXX")
    "$BIN" serve --listen 127.0.0.1:0 --db "$1" "${args[@]}" >/dev/null 2>"$log" &
    PIDS+=($!)
    local i
    for ((i = 0; i < 400; i++)); do
        URL=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$log" | head -n1)
        [[ -n $URL ]] && return
        sleep 0.05
    done
    cat "$log" >&2
    die "proofctl serve did not start"
}
stop() { kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; }
items() { curl -s "$1/healthz" | jq .database.items; }

log "making homes: 1 pusher of $N proofs, 8 clients of $CLIENT (+ $SHARED shared), 1 puller"
mkdir -p homes
t0=$(now)
member homes/alice
signed homes/alice files/alice "$N" alice
for c in 1 2 3 4 5 6 7 8; do
    member "homes/client$c"
    signed "homes/client$c" "files/client$c" "$CLIENT" "client$c"
done
member homes/shared
signed homes/shared files/shared "$SHARED" shared
member homes/puller1
member homes/puller8
# Every client also holds the same $SHARED proofs (same ids): they race to push them.
for c in 1 2 3 4 5 6 7 8; do
    pc --home "homes/client$c" index add -q files/shared
done
log "made in $(secs "$t0" "$(now)") s (not timed)"

backends=(sqlite)
[[ -n ${PROOFCTL_BENCH_POSTGRES:-} ]] && backends+=(postgres)
rows=()
json="["
for backend in "${backends[@]}"; do
    fresh_db() { # a new database for one server; sets DB
        if [[ $backend == sqlite ]]; then
            DB=$WORK/$1.sqlite
        else
            local name="proofctl_bench_$$_$1"
            psql -q "$PROOFCTL_BENCH_POSTGRES" -c "CREATE DATABASE $name" >/dev/null || die "CREATE DATABASE $name failed"
            PG_DBS+=("$name")
            DB="${PROOFCTL_BENCH_POSTGRES%/*}/$name"
        fi
    }
    # Pullers start empty for each database; pushers' acknowledgements are per server URL.
    rm -rf homes/puller*/index.sqlite* homes/*/sync
    for h in homes/*; do rm -f "$h/config.toml"; done

    log "$backend: one client pushes $N proofs"
    fresh_db one
    serve "$DB"
    url=$URL
    t0=$(now)
    pc --home homes/alice sync --server "$url" --push-only --json >push.json || die "push failed"
    push_s=$(secs "$t0" "$(now)")
    stored=$(items "$url")
    [[ $stored == "$N" ]] || die "$backend: the server holds $stored items, not $N"
    t0=$(now)
    pc --home homes/alice sync --server "$url" --push-only --json >again.json || die "second push failed"
    again_s=$(secs "$t0" "$(now)")
    t0=$(now)
    pc --home homes/puller1 sync --server "$url" --pull-only --json >pull.json || die "pull failed"
    pull_s=$(secs "$t0" "$(now)")
    pulled=$(jq .pulled_added pull.json)
    [[ $pulled == "$N" ]] || die "$backend: pulled $pulled, not $N"
    stop

    log "$backend: 8 clients push at once"
    fresh_db eight
    serve "$DB"
    url=$URL
    t0=$(now)
    cpids=()
    for c in 1 2 3 4 5 6 7 8; do
        pc --home "homes/client$c" sync --server "$url" --push-only --json >"client$c.json" 2>"client$c.err" &
        cpids+=($!)
    done
    failed=0
    for p in "${cpids[@]}"; do wait "$p" || failed=$((failed + 1)); done
    eight_s=$(secs "$t0" "$(now)")
    ((failed == 0)) || { cat client*.err >&2; die "$backend: $failed of 8 clients failed"; }
    expect=$((8 * CLIENT + SHARED))
    stored=$(items "$url")
    new=$(jq -s 'map(.pushed) | add' client*.json)
    dups=$(jq -s 'map(.pushed_duplicates) | add' client*.json)
    pc --home homes/puller8 sync --server "$url" --pull-only --json >pull8.json || die "pull after 8 clients failed"
    pulled8=$(jq .pulled_added pull8.json)
    stop
    ok=yes
    [[ $stored == "$expect" && $new == "$expect" && $pulled8 == "$expect" ]] || ok=no
    [[ $ok == yes ]] || die "$backend: 8 clients: expected $expect, server holds $stored, $new pushed as new, $pulled8 pulled"
    rate=$(awk -v n="$N" -v s="$push_s" 'BEGIN { printf "%.0f", n / s }')
    rows+=("| $backend | $N proofs pushed by one client | **$push_s s** ($rate proofs/s) | ≤ 60 s | $(awk -v s="$push_s" 'BEGIN { print (s <= 60) ? "met" : "**not met**" }') |")
    rows+=("| $backend | the same push again (all acknowledged) | $again_s s | | |")
    rows+=("| $backend | $N proofs pulled into a new member's index | $pull_s s | | |")
    rows+=("| $backend | 8 clients at once, $expect distinct proofs ($SHARED pushed by all 8) | $eight_s s; server holds $stored, $new stored as new + $dups duplicates answered, a new member pulls $pulled8 | all land, none twice | met |")
    json+="{\"backend\":\"$backend\",\"n\":$N,\"push_s\":$push_s,\"again_s\":$again_s,\"pull_s\":$pull_s,\"eight_clients_s\":$eight_s,\"eight_expected\":$expect,\"eight_stored\":$stored,\"eight_new\":$new,\"eight_duplicates\":$dups,\"eight_pulled\":$pulled8},"
done
json="${json%,}]"
mkdir -p "$RESULTS"
echo "$json" | jq . >"$RESULTS/sync-$NAME.json"
{
    echo "# proofctl sync benchmark ($NAME)"
    echo
    echo "\`benches/sync.sh$( ((QUICK)) && echo ' --quick')\`, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), nproc $(nproc); load at start: $load_start"
    echo
    echo "Both ends are the real release binary on loopback: \`proofctl serve --db …\` and \`proofctl sync --push-only\` /"
    echo "\`--pull-only\` (wall time of the whole command: key unlock, sign-in, reading the index, pages of 500,"
    echo "the server verifying every proof, acknowledgements written to the client's index)."
    echo
    echo "| database | what | time | target | |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
} | tee "$RESULTS/sync-$NAME.md"
