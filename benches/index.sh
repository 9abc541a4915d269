#!/usr/bin/env bash
# benches/index.sh: near-duplicate quality and indexing/search speed of `proofctl index` and
# `proofctl search`, with Python imagehash as the peer, in one run, for the figures in
# benches/INDEX.md.
#
#   benches/index.sh            full run: 53 real photos, 1,000 JPEGs, a 1,000,000-entry index
#                               (~6 minutes on 2 cores after the build, ~1 GiB in $TMPDIR)
#   benches/index.sh --quick    smoke run: 100 JPEGs, a 20,000-entry index, few runs (~3 minutes after the build)
#
# Progress goes to stderr; the Markdown results go to stdout and to benches/results/index-latest.md
# (with --quick: benches/results/index-quick.md).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benches/index.sh [--quick] [--strict] [--note TEXT]

  1. fetches the 53 photos (benches/photos.sh) and measures near-duplicate quality with
     proofctl's own hashing code (cargo bench --bench near_dup_quality);
  2. times `proofctl index add` of 1,000 JPEGs (1.5-3 MP, quality 90, made from the photos)
     against Python imagehash (phash + dhash; one process, and a 2-process variant), and
     measures its peak memory with one worker and two, on those JPEGs and on large PNGs;
  3. fills a 1,000,000-entry index (cargo bench --bench index_fill) and times `proofctl search`
     of an image and of a text on it, and on a 1,000-entry index for reference.
Writes a Markdown table to stdout and to benches/results/index-latest.md.

  --quick      smoke run (100 JPEGs, 20,000 entries, few runs); results go to
               benches/results/index-quick*.{md,json} and do not judge the targets
  --strict     exit 1 if any target is missed (default: exit 0 whenever the run completes)
  --note TEXT  add a note to the report (e.g. "busy machine: cargo build running")
  -h, --help   this help

Environment:
  PROOFCTL_BIN          use this proofctl binary instead of building target/release/proofctl
                        (the two bench programs are still built with cargo)
  PROOFCTL_BENCH_CACHE  photos and the Python venv [${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench]
  TMPDIR                where the work directory (~1 GiB, removed on exit) is made [/tmp]
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
            (($# >= 2)) || { echo "index.sh: --note needs TEXT" >&2; exit 2; }
            NOTE=$2
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        *) echo "index.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'index.sh: error: %s\n' "$*" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
START_SECONDS=$SECONDS
CACHE=${PROOFCTL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench}

# ---------------------------------------------------------------------------------------------
# Sizes and run counts.
if ((QUICK)); then
    N_ADD=100
    N_FILL=20000
    N_BIG=2
    ADD_HF=(--warmup 0 --runs 2)
    SEARCH_HF=(--warmup 2 --runs 10)
    PREFIX=index-quick
else
    N_ADD=1000
    N_FILL=1000000
    N_BIG=4
    # proofctl took 10-21 s a run, the single-process peer ~26 s: 3 runs each keep this ~3 min.
    ADD_HF=(--warmup 0 --runs 3)
    SEARCH_HF=(--warmup 5 --runs 30)
    PREFIX=index
fi
N_SMALL=1000
RESULTS=$BENCH_DIR/results
ADD_RATIO_TARGET=2.00
SEARCH_TARGET_S=0.050
RECALL_TARGET=0.95
FALSE_TARGET=0.01
fmt_n() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; } # 1000000 -> 1,000,000

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
need jq jq
need python3 python3
need apt-get apt
need dpkg-deb dpkg
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    missing_cmds+=("python3 venv")
    missing_pkgs+=(python3-venv)
fi
if ((${#missing_cmds[@]})); then
    {
        echo "index.sh: missing prerequisites: ${missing_cmds[*]}"
        echo "Install them with:"
        sudo=""
        if ((EUID != 0)); then sudo="sudo "; fi
        echo "  ${sudo}apt-get update && ${sudo}apt-get install -y ${missing_pkgs[*]}"
    } >&2
    exit 2
fi
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust (https://rustup.rs)"
hf_version=$(hyperfine --version | awk '{print $2}')
if ! printf '%s\n' 1.13.0 "$hf_version" | sort -V -C; then
    die "hyperfine $hf_version is too old: 1.13 or later is needed (for -N); apt-get install -y hyperfine, or cargo install hyperfine"
fi

# ---------------------------------------------------------------------------------------------
# Read before our own build, which would otherwise count as load on a quiet machine.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ -n ${PROOFCTL_BIN:-} ]]; then
    SRC_BIN=$PROOFCTL_BIN
    [[ -x $SRC_BIN ]] || die "PROOFCTL_BIN=$SRC_BIN is not an executable file"
    log "using PROOFCTL_BIN=$SRC_BIN (not building it)"
else
    log "building: cargo build --release --locked"
    (cd "$REPO" && cargo build --release --locked) >&2 || die "cargo build --release --locked failed"
    target_dir=${CARGO_TARGET_DIR:-$REPO/target}
    [[ $target_dir = /* ]] || target_dir=$REPO/$target_dir
    SRC_BIN=$target_dir/release/proofctl
    [[ -x $SRC_BIN ]] || die "build finished but $SRC_BIN is missing"
fi
bench_exe() { # bench_exe NAME: build the bench program, print its executable
    local exe
    exe=$(cd "$REPO" && cargo bench --locked --bench "$1" --no-run --message-format=json 2>/dev/null |
        jq -r "select(.reason == \"compiler-artifact\" and .target.name == \"$1\") | .executable // empty" |
        tail -n 1) || true
    [[ -n $exe && -x $exe ]] || die "cargo bench --locked --bench $1 --no-run failed (run it to see why)"
    echo "$exe"
}
log "building: cargo bench --locked --no-run --bench near_dup_quality, --bench index_fill"
NDQ_SRC=$(bench_exe near_dup_quality)
FILL_SRC=$(bench_exe index_fill)

# Photos (cached; downloaded once) and the Python peer's venv (cached, keyed by the pins).
log "photos: benches/photos.sh"
PHOTOS=$("$BENCH_DIR/photos.sh" --quiet) || die "benches/photos.sh failed"
req_sha=$(sha256sum "$BENCH_DIR/requirements-index.txt" | cut -c1-12)
VENV=$CACHE/venv-index-$req_sha
if ! [[ -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c 'import imagehash, PIL' 2>/dev/null; then
    log "making the Python venv $VENV (pip install -r benches/requirements-index.txt)"
    rm -rf -- "$VENV"
    python3 -m venv "$VENV" >&2 || die "python3 -m venv failed"
    "$VENV/bin/python" -m pip install -q --only-binary=:all: -r "$BENCH_DIR/requirements-index.txt" >&2 ||
        die "pip install -r benches/requirements-index.txt failed"
fi
PY=$VENV/bin/python
py_version=$("$PY" -c 'import sys; print(sys.version.split()[0])')
peer_versions=$("$PY" -m pip freeze 2>/dev/null | grep -iE '^(imagehash|pillow|numpy|scipy|pywavelets)==' | tr '\n' ' ')

# ---------------------------------------------------------------------------------------------
# Work directory: everything large lives here and is removed on exit.
TMP_ROOT=${TMPDIR:-/tmp}
need_mib=$((N_ADD * 2 / 5 + N_FILL * 2 / 5000 + N_BIG * 120 + 128)) # ~0.35 MiB a JPEG, ~360 B an entry, <120 MiB a large PNG
avail_mib=$(df -Pm "$TMP_ROOT" | awk 'NR == 2 {print $4}')
((avail_mib >= need_mib)) || die "$TMP_ROOT has $avail_mib MiB free; the run needs about $need_mib MiB (set TMPDIR elsewhere)"
WORK=$(mktemp -d "$TMP_ROOT/proofctl-index-bench.XXXXXX")
cleanup() { cd / && rm -rf -- "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$WORK"
mkdir -p bin text
cp "$SRC_BIN" bin/proofctl
# The wings it hands commands to (sign, index and search run in proofctl-index) sit beside it.
for wing in proofctl-index proofctl-sync; do
    [[ -x $(dirname "$SRC_BIN")/$wing ]] || die "$(dirname "$SRC_BIN")/$wing is missing: build all binaries (cargo build --release --locked)"
    cp "$(dirname "$SRC_BIN")/$wing" bin/
done
cp "$NDQ_SRC" bin/near_dup_quality
cp "$FILL_SRC" bin/index_fill
export PATH="$WORK/bin:$PATH"
unset PROOFCTL_HOME
mkdir -p "$RESULTS"

# ---------------------------------------------------------------------------------------------
# 1. Near-duplicate quality (proofctl's own code path; not timed).
log "near-duplicate quality on $(find "$PHOTOS" -maxdepth 1 -name '*.jpg' -o -maxdepth 1 -name '*.png' | wc -l) photos"
near_dup_quality "$PHOTOS" --json ndq.json >ndq.md || die "near_dup_quality failed"
cp ndq.json "$RESULTS/$PREFIX-quality.json"

# ---------------------------------------------------------------------------------------------
# 2. index add of N_ADD JPEGs vs imagehash.
log "making $(fmt_n "$N_ADD") JPEGs from the photos (benches/index_corpus.py)"
corpus_line=$("$PY" "$BENCH_DIR/index_corpus.py" "$PHOTOS" photos "$N_ADD") || die "index_corpus.py failed"
n_files=$(find photos -name '*.jpg' | wc -l)
((n_files == N_ADD)) || die "expected $N_ADD JPEGs, found $n_files"
corpus_bytes=$(du -sb photos | cut -f1)
cat photos/* >/dev/null # into the page cache: every command reads warm files

hf() { # hf NAME HYPERFINE-ARGS...: run hyperfine, progress to stderr, JSON to results/PREFIX-NAME.json
    local name=$1
    shift
    log "hyperfine: $name"
    hyperfine --style basic --export-json "$RESULTS/$PREFIX-$name.json" "$@" >&2
}
add_cmds=(
    -n "proofctl index add (fresh home)" --prepare "rm -rf $WORK/home-add"
    "proofctl --home $WORK/home-add -q index add photos"
    -n "imagehash phash+dhash, 1 process" --prepare "true"
    "$PY $BENCH_DIR/imagehash_peer.py photos --out /dev/null"
    -n "imagehash phash+dhash, 2 processes (variant)" --prepare "true"
    "$PY $BENCH_DIR/imagehash_peer.py photos --jobs 2 --out /dev/null"
)
hf add -N "${ADD_HF[@]}" "${add_cmds[@]}"
added=$(proofctl --home "$WORK/home-add" --json index stats | jq -r '.entries')
[[ $added == "$N_ADD" ]] || die "proofctl index add left $added entries, expected $N_ADD"

# Peak memory (max RSS, the largest process of the command's tree) of one run each: `index add`
# with one analysis worker and with two (RAYON_NUM_THREADS sizes its pool), and the peer. The
# difference between one worker and two is what a worker holds. Large images show the bound:
# an image of up to 25 megapixels is decoded by its worker, a larger one by one worker at a time
# (similarity::image::LARGE_PIXELS), so PNGs of 24 MP are the most a worker ever holds at once.
peak_kib() { # peak_kib CMD...: the command's max RSS in KiB
    "$PY" -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
if r.returncode:
    sys.exit(f"{sys.argv[1]} exited with {r.returncode}")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
mem_add() { # mem_add WORKERS DIR: peak KiB of `index add DIR` on a fresh home
    rm -rf "$WORK/home-mem"
    RAYON_NUM_THREADS=$1 peak_kib proofctl --home "$WORK/home-mem" -q index add "$2" ||
        die "proofctl index add $2 (RAYON_NUM_THREADS=$1) failed"
}
log "peak memory: index add and the peer, $(fmt_n "$N_ADD") JPEGs"
mem_p1=$(mem_add 1 photos)
mem_p2=$(mem_add 2 photos)
mem_py1=$(peak_kib "$PY" "$BENCH_DIR/imagehash_peer.py" photos --out /dev/null) || die "imagehash_peer.py failed"
big_pngs() { # big_pngs DIR WIDTH HEIGHT: N_BIG distinct PNGs of that size, from a photo
    log "making $N_BIG PNGs of $2x$3"
    "$PY" - "$PHOTOS/plasma_Kite.jpg" "$@" "$N_BIG" <<'EOF' || die "could not make the large images"
import os
import sys
from PIL import Image
src, out, w, h, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
os.makedirs(out, exist_ok=True)
im = Image.open(src).convert("RGB").resize((w, h), Image.BILINEAR)
for i in range(n):
    # Distinct files (each a different crop scaled back up), so that none is an exact copy.
    im.crop((i * 40, i * 30, w - i * 40, h - i * 30)).resize((w, h)).save(
        f"{out}/big{i}.png", compress_level=1)
EOF
}
big_pngs big24 6000 4000
mem_b1=$(mem_add 1 big24)
mem_b2=$(mem_add 2 big24)
rm -rf big24
big_pngs big40 8000 5000
mem_c2=$(mem_add 2 big40)
rm -rf big40

# ---------------------------------------------------------------------------------------------
# 3. Search latency on a large index and a small one.
# A real text for the text query to find, and an image query: a resized, recompressed copy of a
# real photo (the photos themselves are indexed as real entries beside the random ones).
cat >text/field-notes.txt <<'EOF'
The survey team reached the northern ridge shortly after dawn and set up the theodolite beside the
old cairn. Wind from the west made the readings drift, so every angle was taken three times and the
median kept. By noon the cloud had lifted from the valley floor, and the second station on the
far bank of the river could be seen clearly through the instrument. The notes record the bearings
to the church tower, the quarry face and the lone pine on the southern spur, together with the
heights of each target above the reference mark cut into the cairn's base stone.
EOF
text_query="The survey team reached the northern ridge soon after dawn and set up the theodolite beside the old cairn. Wind from the west made the readings drift, so every angle was taken three times and the median kept. By noon the cloud had lifted from the valley floor, and the second station on the far bank of the river could be seen clearly through the instrument."
QUERY_SRC=$PHOTOS/plasma_Kite.jpg
"$PY" - "$QUERY_SRC" query.jpg <<'EOF' || die "could not make the query image"
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
im.resize((1856, 1160), Image.LANCZOS).save(sys.argv[2], quality=85)
EOF
# A query like query.jpg in size and encoding that matches nothing (blocks of grey on a plain
# ground, drawn here): its search is the first stage alone, since the second stage only runs on
# hits. The difference with query.jpg's is what the second stage adds for one confirmed hit.
# `--threshold 0.9` (distance <= 10): the scan computes every distance whatever the threshold,
# but at the default (26) about one random synthetic hash in three million comparisons comes
# within reach, and a hit without local features would be reported (the hashes decide alone).
"$PY" - unseen.jpg <<'EOF' || die "could not make the unmatched query image"
import random
import sys
from PIL import Image, ImageDraw
r = random.Random(7)
im = Image.new("RGB", (1856, 1160), (90, 110, 130))
d = ImageDraw.Draw(im)
for _ in range(400):
    x, y, w, h = r.randrange(1856), r.randrange(1160), r.randrange(10, 160), r.randrange(10, 160)
    v = r.randrange(256)
    d.rectangle([x, y, x + w, y + h], fill=(v, v, v))
im.save(sys.argv[1], quality=85)
EOF
real_args=()
for f in "$PHOTOS"/*.jpg "$PHOTOS"/*.png text/field-notes.txt; do real_args+=(--real "$f"); done
log "filling a $(fmt_n "$N_FILL")-image-entry index (benches/index_fill.rs)"
index_fill home-big "$N_FILL" "${real_args[@]}" --json fill-big.json >&2 || die "index_fill failed"
index_fill home-small "$N_SMALL" "${real_args[@]}" --json fill-small.json >&2 || die "index_fill failed"
cp fill-big.json "$RESULTS/$PREFIX-fill.json"
# The queries must find what they should (hyperfine also fails on exit 1: no match).
top=$(proofctl --home home-big --json search query.jpg | jq -r '.matches[0].path // empty' 2>/dev/null || true)
[[ $top == "$(readlink -f "$QUERY_SRC")" ]] || die "search query.jpg on the big index did not rank $QUERY_SRC first (got '${top:-nothing}')"
proofctl --home home-big -q search --text "$text_query" >/dev/null || die "the text query found nothing on the big index"
code=0
proofctl --home home-big -q search --threshold 0.9 unseen.jpg >/dev/null 2>&1 || code=$?
[[ $code == 1 ]] || die "search --threshold 0.9 unseen.jpg on the big index should find nothing (exit 1), got exit $code"
cat home-big/index.sqlite home-small/index.sqlite >/dev/null
search_cmds=(
    -n "search image, $(fmt_n "$N_FILL")-image index" "proofctl --home home-big search query.jpg"
    -n "search --text, $(fmt_n "$N_FILL")-image index" "proofctl --home home-big search --text '$text_query'"
    -n "search image, $(fmt_n "$N_SMALL")-image index (reference)" "proofctl --home home-small search query.jpg"
    -n "search --text, $(fmt_n "$N_SMALL")-image index (reference)" "proofctl --home home-small search --text '$text_query'"
)
hf search -N "${SEARCH_HF[@]}" "${search_cmds[@]}"
# Exit 1 (no match) is this query's success: -i keeps hyperfine going.
first_cmds=(-n "search image with no match (first stage alone), $(fmt_n "$N_FILL")-image index" "proofctl --home home-big search --threshold 0.9 unseen.jpg")
hf search-first -N -i "${SEARCH_HF[@]}" "${first_cmds[@]}"

# ---------------------------------------------------------------------------------------------
# Report.
stat_of() { jq -r ".results[$2].$3" "$RESULTS/$PREFIX-$1.json"; }
runs_of() { jq -r ".results[$2].times | length" "$RESULTS/$PREFIX-$1.json"; }
fmt_s() { # seconds -> "612 ms" / "1.234 s"
    awk -v t="$1" 'BEGIN {
        if (t < 0.01) printf "%.2f ms", t * 1000;
        else if (t < 1) printf "%.1f ms", t * 1000;
        else printf "%.2f s", t }'
}
pct() { awk -v x="$1" 'BEGIN { printf "%.1f %%", x * 100 }'; }
pct2() { awk -v x="$1" 'BEGIN { printf "%.2f %%", x * 100 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per_s() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n / t }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
q() { jq -r "$1" ndq.json; }

recall=$(q .recall)
false_rate=$(q .false_pair_rate)
add_p=$(stat_of add 0 median)
add_py1=$(stat_of add 1 median)
add_py2=$(stat_of add 2 median)
fps_p=$(per_s "$N_ADD" "$add_p")
fps_py1=$(per_s "$N_ADD" "$add_py1")
fps_py2=$(per_s "$N_ADD" "$add_py2")
r_add=$(ratio "$add_py1" "$add_p")
r_add2=$(ratio "$add_py2" "$add_p")
cpu_ms() { awk -v u="$(stat_of add "$1" user)" -v s="$(stat_of add "$1" system)" -v n="$N_ADD" 'BEGIN { printf "%.1f", (u + s) * 1000 / n }'; }
s_img=$(stat_of search 0 median)
s_txt=$(stat_of search 1 median)
s_img_small=$(stat_of search 2 median)
s_txt_small=$(stat_of search 3 median)
s_first=$(stat_of search-first 0 median)
s_second=$(awk -v a="$s_img" -v b="$s_first" 'BEGIN { printf "%.6f", a - b }')
fill_s=$(jq -r .fill_seconds fill-big.json)
fill_entries=$(jq -r .entries fill-big.json)
fill_texts=$(jq -r .texts fill-big.json)
fill_real=$(jq -r .real fill-big.json)
fill_bytes=$(jq -r .file_bytes fill-big.json)
small_bytes=$(jq -r .file_bytes fill-small.json)
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
mib_k() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

v_recall=$(verdict le "$RECALL_TARGET" "$recall")
v_false=$(verdict le "$false_rate" "$FALSE_TARGET")
v_add=$(verdict le "$ADD_RATIO_TARGET" "$r_add")
v_search=$(verdict le "$s_first" "$SEARCH_TARGET_S")
verdicts=("$v_recall" "$v_false" "$v_add" "$v_search")
n_fail=0
for v in "${verdicts[@]}"; do if [[ $v = FAIL ]]; then n_fail=$((n_fail + 1)); fi; done

row_detail() { # row_detail NAME INDEX
    printf '| %s | %s | %s ± %s | %s … %s | %s + %s | %s |\n' \
        "$(jq -r ".results[$2].command" "$RESULTS/$PREFIX-$1.json")" \
        "$(fmt_s "$(stat_of "$1" "$2" median)")" \
        "$(fmt_s "$(stat_of "$1" "$2" mean)")" "$(fmt_s "$(stat_of "$1" "$2" stddev)")" \
        "$(fmt_s "$(stat_of "$1" "$2" min)")" "$(fmt_s "$(stat_of "$1" "$2" max)")" \
        "$(fmt_s "$(stat_of "$1" "$2" user)")" "$(fmt_s "$(stat_of "$1" "$2" system)")" \
        "$(runs_of "$1" "$2")"
}
details() {
    local i n
    n=$(jq '.results | length' "$RESULTS/$PREFIX-$1.json")
    for ((i = 0; i < n; i++)); do row_detail "$1" "$i"; done
}
cmd_rows() { # cmd_rows -n NAME [--prepare P] COMMAND ...
    while (($# >= 3)); do
        local name=$2 prep=""
        shift 2
        if [[ $1 == --prepare ]]; then prep=$2; shift 2; fi
        local cmd=${1//$WORK\//}
        cmd=${cmd//$WORK/.}
        cmd=${cmd//$BENCH_DIR/benches}
        cmd=${cmd//$VENV/\$VENV}
        local note=""
        if [[ -n $prep && $prep != true ]]; then note=" (before each run: \`${prep//$WORK\//}\`)"; fi
        printf '| %s | `%s`%s |\n' "$name" "${cmd//|/\\|}" "$note"
        shift
    done
}

cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem_total=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
git_rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    git_rev="$git_rev (src/ or Cargo files modified)"
fi
bin_sha=$(sha256sum bin/proofctl | cut -c1-12)
elapsed=$((SECONDS - START_SECONDS))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
report=$WORK/report.md
N_ADD_L=$(fmt_n "$N_ADD")
N_FILL_L=$(fmt_n "$N_FILL")
N_SMALL_L=$(fmt_n "$N_SMALL")

{
    echo "# proofctl index and search benchmarks$( ((QUICK)) && echo " (--quick smoke run)")"
    echo
    echo "Taken $(date -u '+%Y-%m-%d %H:%M UTC') by \`benches/index.sh$( ((QUICK)) && echo " --quick")\` in $((elapsed / 60)) min $((elapsed % 60)) s."
    if [[ -n $NOTE ]]; then echo; echo "**Note:** $NOTE"; fi
    if ((QUICK)); then
        echo
        echo "**Smoke run:** $N_ADD_L JPEGs and a $N_FILL_L-entry index with few runs, to check that the"
        echo "script works. The targets are for 1,000 JPEGs and 1,000,000 entries; PASS/FAIL here means little."
    fi
    echo
    echo "| Figure | proofctl | Peer / reference | Ratio | Target | Result |"
    echo "|---|---|---|---|---|---|"
    echo "| Near-duplicate recall, six variants of $(q .photos) real photos, default threshold (distance ≤ $(q .threshold)) | $(pct "$recall") | – | – | ≥ 95 % | $v_recall |"
    echo "| False matches between distinct photos ($(q .pairs) pairs) at the default threshold | $(pct2 "$false_rate") ($(q .false_pairs) pairs) | – | – | ≤ 1 % | $v_false |"
    echo "| \`index add\` of $N_ADD_L JPEGs (1.5–3 MP), files/s vs imagehash (1 process) | $fps_p files/s ($(fmt_s "$add_p")) | $fps_py1 files/s ($(fmt_s "$add_py1")) | ${r_add}× faster | ≥ 2× | $v_add |"
    echo "| \`index add\` vs imagehash with 2 processes (variant, no target) | $fps_p files/s | $fps_py2 files/s ($(fmt_s "$add_py2")) | ${r_add2}× faster | – | – |"
    echo "| \`index add\` peak memory (max RSS), $N_ADD_L JPEGs, 1 / 2 workers | $(mib_k "$mem_p1") / $(mib_k "$mem_p2") | imagehash, 1 process: $(mib_k "$mem_py1") | – | bounded per worker | – |"
    echo "| \`index add\` peak memory, $N_BIG PNGs of 24 MP (the largest a worker decodes alone), 1 / 2 workers | $(mib_k "$mem_b1") / $(mib_k "$mem_b2") | – | – | bounded per worker | – |"
    echo "| \`index add\` peak memory, $N_BIG PNGs of 40 MP (decoded one at a time), 2 workers | $(mib_k "$mem_c2") | – | – | – | – |"
    echo "| \`search\` image, $N_FILL_L-image index, process wall, first stage (a query with no match) | $(fmt_s "$s_first") | – | – | ≤ 50 ms | $v_search |"
    echo "| \`search\` image, same index, with one hit confirmed by the second stage (no target) | $(fmt_s "$s_img") (second stage: +$(fmt_s "$s_second")) | $N_SMALL_L-entry index: $(fmt_s "$s_img_small") | – | – | – |"
    echo "| \`search --text\`, same index (no target) | $(fmt_s "$s_txt") | $N_SMALL_L-entry index: $(fmt_s "$s_txt_small") | – | – | – |"
    echo
    echo "$((${#verdicts[@]} - n_fail)) of ${#verdicts[@]} targets met. Times are medians over the hyperfine runs."
    echo
    echo "## Near-duplicate quality"
    echo
    echo "\`cargo bench --locked --bench near_dup_quality -- PHOTO_DIR\`: proofctl's own decoder, \`ImageHasher\`,"
    echo "\`distance\` and \`IMAGE_MAX_DISTANCE\`; each query is compared in both orientations, as \`search\` does."
    echo "Variants: resize 50 % (Lanczos3), JPEG quality 30, crop 10 % (5 % off each side), brightness +20 %"
    echo "(channels × 1.2), rotate 5° cropped to remove the corners, horizontal mirror."
    echo
    cat ndq.md
    echo
    echo "## Indexing: \`index add\` vs imagehash"
    echo
    echo "Photo set (\`benches/index_corpus.py\`, seed 42): $corpus_line ($(mib "$corpus_bytes") on disk, read"
    echo "once before timing so every command reads warm files). proofctl runs on a fresh home each time"
    echo "(removed in hyperfine's \`--prepare\`) and does more than the peer: it also reads each file's"
    echo "SHA-256 and writes the SQLite index (WAL, one transaction per 256 entries). The peer opens each"
    echo "file once with PIL and computes \`imagehash.phash\` (DCT 8×8) and \`imagehash.dhash\` (8×8; imagehash"
    echo "has no double-gradient hash, dhash is the closest); it writes nothing."
    echo
    echo "| Command | Median | Mean ± σ | Min … max | CPU user + sys (mean) | Runs |"
    echo "|---|---|---|---|---|---|"
    details add
    echo
    echo "CPU time per file (user + sys, mean over the runs): proofctl $(cpu_ms 0) ms, imagehash 1 process"
    echo "$(cpu_ms 1) ms, 2 processes $(cpu_ms 2) ms. On an idle 2-core machine proofctl's wall time is"
    echo "about half its CPU time (it analyses on both cores); on a loaded one it is not."
    echo
    echo "## Search latency"
    echo
    echo "\`cargo bench --locked --bench index_fill -- HOME $N_FILL --real …\` wrote $(fmt_n "$fill_entries") entries through"
    echo "proofctl's \`Index::write\` (10,000 per transaction): $N_FILL_L synthetic images (random 64-bit DCT and"
    echo "40-bit gradient hashes), $(fmt_n "$fill_texts") synthetic texts (random simhashes) and $fill_real real files (the"
    echo "53 photos and one text) in ${fill_s} s; index.sqlite is $(mib "$fill_bytes") ($(mib "$small_bytes") for the"
    echo "$N_SMALL_L-image index). The image query is \`plasma_Kite.jpg\` resized to 1856×1160 and saved at"
    echo "JPEG quality 85 (not byte-identical, so it is found by its sketch); it ranks the photo first. The"
    echo "text query is the first three sentences of the indexed text with one word changed. \`unseen.jpg\`"
    echo "is drawn here (grey blocks on a plain ground, same size and JPEG quality) and matches nothing, so"
    echo "its search is the first stage alone: the second stage (the query's local features, then one"
    echo "comparison per hit) runs only on hits. Whole-process wall time (\`hyperfine -N\`), warm page cache."
    echo
    echo "| Command | Median | Mean ± σ | Min … max | CPU user + sys (mean) | Runs |"
    echo "|---|---|---|---|---|---|"
    details search
    details search-first
    echo
    echo "Exact commands (run in the work directory; \`proofctl\` is a copy of the built binary, first on"
    echo "PATH; \$VENV is the venv made from \`benches/requirements-index.txt\`):"
    echo
    echo "| Name | Command |"
    echo "|---|---|"
    cmd_rows "${add_cmds[@]}"
    cmd_rows "${search_cmds[@]}"
    cmd_rows "${first_cmds[@]}"
    echo
    echo "## Machine"
    echo
    echo "- CPU: $cpu_model; nproc $(nproc); memory $mem_total"
    echo "- Kernel: $(uname -sr)"
    echo "- Load average (1/5/15 min): $load_start at start, $load_end at end"
    echo "- proofctl: $(proofctl --version | awk '{print $2}'), git $git_rev, binary sha256 $bin_sha…"
    echo "- Python $py_version: $peer_versions"
    echo "- hyperfine: $hf_version"
    if command -v rustc >/dev/null 2>&1; then echo "- rustc: $(rustc --version)"; fi
    echo
    echo "Raw results: \`$PREFIX-quality.json\`, \`$PREFIX-add.json\`, \`$PREFIX-fill.json\`, \`$PREFIX-search.json\` beside this file."
} >"$report"

if ((QUICK)); then out_md=$RESULTS/index-quick.md; else out_md=$RESULTS/index-latest.md; fi
cp "$report" "$out_md"
cat "$report"
log "wrote ${out_md#"$REPO"/} and the JSONs; took $((elapsed / 60)) min $((elapsed % 60)) s"
if ((STRICT && n_fail > 0)); then exit 1; fi
exit 0
