#!/usr/bin/env bash
# benches/text_memory.sh: peak memory (max RSS) and wall time of `proofctl sign` and
# `proofctl index add` on big text files, release build. Two sizes: 1 GiB (above the 256 MiB
# sketch limit: digest only, as before) and 256 MiB (the largest text that is fingerprinted,
# streamed word by word).
#
#   benches/text_memory.sh            (~2 minutes after the build; needs ~1.3 GiB in $TMPDIR)
#   PROOFCTL_BIN=/path/to/proofctl benches/text_memory.sh
#
# Writes a Markdown table to stdout and to benches/results/text-memory.md. Needs GNU time at
# /usr/bin/time (Debian: `apt-get install time`) and python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
log() { printf '%s\n' "$*" >&2; }
die() { log "text_memory.sh: $*"; exit 2; }

[[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null ||
    die "needs GNU time at /usr/bin/time (apt-get install time)"
command -v python3 >/dev/null || die "needs python3"

BIN=${PROOFCTL_BIN:-}
if [[ -z $BIN ]]; then
    log "building: cargo build --release --locked"
    (cd "$ROOT" && cargo build --release --locked >&2)
    BIN=$ROOT/target/release/proofctl
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-text-memory.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
cp "$BIN" "$WORK/proofctl"
# sign and index add run in the index wing, which proofctl execs from beside itself.
cp "$(dirname "$BIN")/proofctl-index" "$WORK/"
P=$WORK/proofctl

# Ordinary text: lines of words drawn from a few thousand, as a log or a book; one 16 MiB block
# repeated (repetition changes neither the work per byte nor what is held).
log "writing 1 GiB and 256 MiB of text to $WORK"
python3 - "$WORK/block.txt" <<'EOF'
import random, sys
random.seed(7)
syll = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "an", "el", "or", "us"]
words = ["".join(random.choice(syll) for _ in range(random.randint(1, 4))) for _ in range(4000)]
out, size = [], 0
while size < 16 << 20:
    line = " ".join(random.choice(words) for _ in range(random.randint(6, 16))) + ".\n"
    out.append(line)
    size += len(line)
open(sys.argv[1], "w").write("".join(out)[: 16 << 20])
EOF
for _ in $(seq 64); do cat "$WORK/block.txt"; done >"$WORK/big-1g.txt"
for _ in $(seq 16); do cat "$WORK/block.txt"; done >"$WORK/big-256m.txt"
rm "$WORK/block.txt"
cat "$WORK/big-1g.txt" "$WORK/big-256m.txt" >/dev/null # into the page cache

export PROOFCTL_PASSPHRASE="text memory bench"
"$P" --home "$WORK/home" keygen -q # passphrase-protected, as users have (Argon2id)

# measure LABEL COMMAND...: RUNS runs, each from a fresh index; prints "median_s max_kib"
measure() {
    local label=$1
    shift
    local times=() rss=()
    for r in $(seq "$RUNS"); do
        rm -f "$WORK/home/index.sqlite"*
        /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/stderr.out" ||
            die "$label failed: $(cat "$WORK/stderr.out")"
        read -r t m <"$WORK/time.out"
        times+=("$t")
        rss+=("$m")
        log "$label run $r: $t s, $m KiB"
    done
    local med max
    med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    max=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
    echo "$med $max"
}

row() { # row FIGURE LABEL COMMAND...
    local figure=$1 label=$2
    shift 2
    local t m
    read -r t m < <(measure "$label" "$@") && [[ -n $m ]] || die "$label: no measurement"
    awk -v f="$figure" -v t="$t" -v m="$m" 'BEGIN { printf "| %s | %.1f MiB | %.2f s |\n", f, m / 1024, t }'
}

cd "$WORK"
{
    echo "# Text memory: sign and index add of big texts"
    echo
    echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown);"
    echo "medians of $RUNS runs, peak memory the largest of them (GNU time, max RSS). \`sign\` uses a"
    echo "passphrase-protected key (Argon2id) and indexes the file, as by default."
    echo
    echo "| figure | peak memory (max RSS) | wall |"
    echo "|---|---|---|"
    row "\`sign\` a 1 GiB text (indexed by digest: over the 256 MiB sketch limit)" sign-1g \
        "$P" --home home sign -q --force big-1g.txt
    row "\`index add\` a 1 GiB text (digest only)" add-1g \
        "$P" --home home index add -q big-1g.txt
    row "\`sign\` a 256 MiB text (fingerprinted)" sign-256m \
        "$P" --home home sign -q --force big-256m.txt
    row "\`index add\` a 256 MiB text (fingerprinted)" add-256m \
        "$P" --home home index add -q big-256m.txt
} | tee "$ROOT/benches/results/text-memory.md"
