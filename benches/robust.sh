#!/usr/bin/env bash
# benches/robust.sh: issue 16's image-search robustness benchmark. proofctl and its peers
# (imagehash pHash and crop_resistant_hash, PDQ) on the same files in the same run: 14 kinds of
# edit of real photographs and of a look-alike set, each method at its best threshold for
# <= 0.1 % false matches between distinct images. Fetches its images from package registries.
#
#   benches/robust.sh                  full run (~10-15 minutes on 2 cores after the build)
#   benches/robust.sh --note TEXT      adds TEXT to the report
#
# Writes benches/results/index-robust.md and index-robust.json (+ index-robust-proofctl.json,
# proofctl's raw distances).
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: benches/robust.sh [--note TEXT] [--jobs N] [--crop-resistant-images N]

Fetches the 53 photos (benches/photos.sh) and the 168 look-alike images (benches/lookalikes.sh),
makes 14 variants of each (plus one extra) with benches/near_dup_quality.rs and measures proofctl
on them with its own code, then hashes the very same files with imagehash pHash,
imagehash.crop_resistant_hash and PDQ (benches/robust_peers.py, in a venv from
benches/requirements-robust.txt) and writes the report to benches/results/index-robust.md.

  --note TEXT   a line for the report (e.g. the machine)
  --jobs N      Python worker processes for the peers [2]
  --crop-resistant-images N
                imagehash's crop_resistant_hash (seconds per image) runs on N evenly spaced
                images of each set and their variants [20]; 0: on all (about an hour more)
  -h, --help    this help

Needs cargo, python3 with venv, g++ (PDQ builds from source), Debian's apt-get and dpkg-deb.
Environment: PROOFCTL_BENCH_CACHE (images and venv, as for index.sh), TMPDIR (~3 GiB of
variants, removed on exit).
USAGE
}

NOTE=""
JOBS=2
CRH=20
while (($#)); do
    case $1 in
        --note) (($# >= 2)) || { echo "robust.sh: --note needs TEXT" >&2; exit 2; }; NOTE=$2; shift ;;
        --jobs) (($# >= 2)) || { echo "robust.sh: --jobs needs N" >&2; exit 2; }; JOBS=$2; shift ;;
        --crop-resistant-images)
            (($# >= 2)) || { echo "robust.sh: --crop-resistant-images needs N" >&2; exit 2; }
            CRH=$2
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        *) echo "robust.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'robust.sh: error: %s\n' "$*" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
CACHE=${PROOFCTL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench}
RESULTS=$BENCH_DIR/results
START_SECONDS=$SECONDS

missing=()
for c in cargo python3 jq g++ apt-get dpkg-deb; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
((${#missing[@]} == 0)) ||
    die "missing: ${missing[*]} (on Debian: apt-get install -y jq g++ python3 python3-venv; Rust from rustup.rs)"

log "building: cargo bench --locked --no-run --bench near_dup_quality"
NDQ=$(cd "$REPO" && cargo bench --locked --bench near_dup_quality --no-run --message-format=json 2>/dev/null |
    jq -r 'select(.reason == "compiler-artifact" and .target.name == "near_dup_quality") | .executable // empty' |
    tail -n 1) || true
[[ -n $NDQ && -x $NDQ ]] || die "cargo bench --locked --bench near_dup_quality --no-run failed (run it to see why)"

log "photos: benches/photos.sh; look-alikes: benches/lookalikes.sh"
PHOTOS=$("$BENCH_DIR/photos.sh" --quiet) || die "benches/photos.sh failed"
LOOK=$("$BENCH_DIR/lookalikes.sh" --quiet) || die "benches/lookalikes.sh failed"

req_sha=$(cat "$BENCH_DIR/requirements-robust.txt" "$BENCH_DIR/requirements-index.txt" | sha256sum | cut -c1-12)
VENV=$CACHE/venv-robust-$req_sha
if ! [[ -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c 'import imagehash, pdqhash, PIL' 2>/dev/null; then
    log "making the Python venv $VENV (pip install -r benches/requirements-robust.txt; PDQ builds from source)"
    rm -rf -- "$VENV"
    python3 -m venv "$VENV" >&2 || die "python3 -m venv failed"
    (cd "$BENCH_DIR" && "$VENV/bin/python" -m pip install -q --only-binary=:all: -r requirements-index.txt) >&2 ||
        die "pip install -r benches/requirements-index.txt failed"
    (cd "$BENCH_DIR" && "$VENV/bin/python" -m pip install -q -r requirements-robust.txt) >&2 ||
        die "pip install -r benches/requirements-robust.txt failed (pdqhash needs g++)"
fi
PY=$VENV/bin/python
versions=$("$PY" -m pip freeze 2>/dev/null | grep -iE '^(imagehash|pdqhash|pillow|numpy)==' | tr '\n' ' ')

TMP_ROOT=${TMPDIR:-/tmp}
WORK=$(mktemp -d "$TMP_ROOT/proofctl-robust-bench.XXXXXX")
cleanup() { cd / && rm -rf -- "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$RESULTS"

log "proofctl: variants and distances (near_dup_quality --lookalike --dump --distances)"
"$NDQ" "$PHOTOS" --lookalike "$LOOK" --dump "$WORK/dump" --distances "$WORK/proofctl.json" \
    >"$WORK/ndq.md" || die "near_dup_quality failed"
cp "$WORK/proofctl.json" "$RESULTS/index-robust-proofctl.json"

log "peers on the same files: benches/robust_peers.py"
note="Taken $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores (load $(cut -d' ' -f1-3 /proc/loadavg)), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown); peers: ${versions% }.${NOTE:+ $NOTE}"
"$PY" "$BENCH_DIR/robust_peers.py" "$WORK/dump" "$WORK/proofctl.json" \
    --md "$RESULTS/index-robust.md" --json "$RESULTS/index-robust.json" --jobs "$JOBS" \
    --crop-resistant-images "$CRH" --command "benches/robust.sh$( ((CRH != 20)) && echo " --crop-resistant-images $CRH")" \
    --note "$note" >/dev/null || die "robust_peers.py failed"
{
    echo
    echo "## proofctl's own report on these sets (near_dup_quality)"
    echo
    cat "$WORK/ndq.md"
} >>"$RESULTS/index-robust.md"
log "done in $(((SECONDS - START_SECONDS) / 60)) min: $RESULTS/index-robust.md"
cat "$RESULTS/index-robust.md"
