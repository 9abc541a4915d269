#!/usr/bin/env bash
# benches/timestamp_verify.sh: `proofctl verify` of N timestamped (POP-1.1) proofs in one call,
# against a shell loop of `minisign -V` over the same N files (issue 13's figure: >= 10x), and
# against `proofctl verify` of the same proofs without their timestamps (what the anchors cost).
#
#   benches/timestamp_verify.sh           10,000 proofs of 1 KiB files (~3-5 minutes on 2 cores,
#                                         most of it making 10,000 tokens with `openssl ts`)
#   benches/timestamp_verify.sh --quick   500 proofs, few runs (~30 seconds)
#
# Every proof carries its own RFC 3161 token, made by OpenSSL's TSA (`openssl ts -reply`) over
# SHA-256 of that proof's signature bytes, as `proofctl timestamp` adds them; the TSA and its root
# are made here (TSA_ALG=rsa|p256|p384 picks the TSA key, default rsa). The timed proofctl call
# uses --require-timestamp, so every token is verified and must be valid.
#
# Progress goes to stderr; the Markdown table goes to stdout and to
# benches/results/timestamp_verify.md (with --quick: benches/results/quick/timestamp_verify.md).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: benches/timestamp_verify.sh [--quick] [--strict]

  --quick      500 proofs and few runs; results go to benches/results/quick/
  --strict     exit 1 if the 10x target is missed (default: exit 0 whenever the run completes)
  -h, --help   this help

Environment:
  PROOFCTL_BIN  use this proofctl binary (its wings beside it) instead of building release
  TSA_ALG       the TSA's key: rsa (default), p256 or p384
  TMPDIR        where the work directory (removed on exit) is made [/tmp]
  PROOFCTL_BENCH_DATA  keep the files, proofs and tokens in this folder and reuse them in later
                runs with the same TSA_ALG and size (making 10,000 tokens takes minutes; the
                timed part does not); the binaries are always copied afresh
EOF
}

QUICK=0
STRICT=0
while (($#)); do
    case $1 in
        --quick) QUICK=1 ;;
        --strict) STRICT=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "timestamp_verify.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'timestamp_verify.sh: error: %s\n' "$*" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
START_SECONDS=$SECONDS
TSA_ALG=${TSA_ALG:-rsa}

if ((QUICK)); then
    N=500
    MANY_HF=(--warmup 0 --min-runs 2 --max-runs 5)
    RESULTS=$BENCH_DIR/results/quick
else
    N=10000
    MANY_HF=(--warmup 1 --min-runs 3 --max-runs 20)
    RESULTS=$BENCH_DIR/results
fi
SMALL_BYTES=1024
N_LABEL=$(sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$N")

missing=()
for c in hyperfine minisign openssl jq python3 split; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
((${#missing[@]} == 0)) || die "missing prerequisites: ${missing[*]} (apt-get install -y hyperfine minisign openssl jq python3 coreutils)"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
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

if [[ -n ${PROOFCTL_BENCH_DATA:-} ]]; then
    mkdir -p "$PROOFCTL_BENCH_DATA"
    WORK=$(cd "$PROOFCTL_BENCH_DATA" && pwd)
    cleanup() { :; }
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-tsbench.XXXXXX")
    cleanup() { cd / && rm -rf -- "$WORK"; }
fi
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$WORK"
DATA_TAG="$TSA_ALG $N $SMALL_BYTES"
REUSE=0
if [[ -f complete && $(cat complete) == "$DATA_TAG" ]]; then
    REUSE=1
    log "reusing the files, proofs and tokens in $WORK ($DATA_TAG)"
else
    rm -rf bin files plain pki tsa-roots home complete check.json mini.pub mini.sec
fi
mkdir -p bin files plain pki tsa-roots home
cp "$SRC_BIN" bin/proofctl
for wing in proofctl-index proofctl-sync; do
    [[ -x $(dirname "$SRC_BIN")/$wing ]] || die "$(dirname "$SRC_BIN")/$wing is missing: build all binaries"
    cp "$(dirname "$SRC_BIN")/$wing" bin/
done
export PATH="$WORK/bin:$PATH"
export PROOFCTL_HOME=$WORK/home
mkdir -p "$RESULTS"

if ((!REUSE)); then
# ---------------------------------------------------------------------------------------------
# Keys, files, proofs and signatures (setup, not timed).
log "making keys, $N_LABEL files of $SMALL_BYTES bytes, proofs and minisign signatures"
proofctl keygen -q --no-passphrase
minisign -G -W -p mini.pub -s mini.sec </dev/null >/dev/null
head -c "$((N * SMALL_BYTES))" /dev/urandom >small.blob
split -b "$SMALL_BYTES" -d -a 5 --additional-suffix=.dat small.blob files/f
rm small.blob
proofctl sign -q --no-index files/*.dat
printf '%s\0' files/*.dat | xargs -0 -n 1000 minisign -S -s mini.sec -m >/dev/null
# The same proofs without timestamps, beside copies of their files: the POP-1.0 baseline.
cp files/*.dat files/*.dat.proof plain/

# A root CA and a TSA certificate (critical timeStamping EKU), as tests/common/pki.rs makes them.
log "making a TSA ($TSA_ALG) and $N_LABEL tokens with openssl ts -reply (setup, not timed)"
(
    cd pki
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
        -subj "/CN=Bench TSA Root" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    case $TSA_ALG in
        rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out tsa.key 2>/dev/null ;;
        p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out tsa.key ;;
        p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out tsa.key ;;
        *) echo "TSA_ALG must be rsa, p256 or p384" >&2; exit 2 ;;
    esac
    openssl req -new -key tsa.key -out tsa.csr -subj "/CN=Bench TSA" 2>/dev/null
    printf 'extendedKeyUsage=critical,timeStamping\n' >eku.cnf
    openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -set_serial 2 -out tsa.pem -days 365 \
        -extfile eku.cnf 2>/dev/null
) || die "making the test TSA failed"
cp pki/ca.pem tsa-roots/bench.pem

# One token per proof: two openssl runs each, in two workers (each with its own serial file).
python3 - "$WORK" <<'PY' || die "stamping the proofs failed"
import base64, hashlib, json, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
work = sys.argv[1]
pki = os.path.join(work, "pki")
proofs = sorted(os.path.join(work, "files", f) for f in os.listdir(os.path.join(work, "files"))
                if f.endswith(".proof"))
def config(worker):
    path = os.path.join(pki, f"tsa{worker}.cnf")
    with open(os.path.join(pki, f"serial{worker}"), "w") as f:
        f.write(f"{worker + 1:02x}000000\n")  # hex, an even number of digits
    with open(path, "w") as f:
        f.write("[ tsa ]\ndefault_tsa = t\n[ t ]\n"
                f"serial = {pki}/serial{worker}\ncrypto_device = builtin\nsigner_digest = sha256\n"
                "default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\n"
                "ess_cert_id_alg = sha256\nordering = no\ntsa_name = no\ness_cert_id_chain = no\n")
    return path
def stamp(worker, batch):
    cnf = config(worker)
    q, t = os.path.join(pki, f"q{worker}.tsq"), os.path.join(pki, f"t{worker}.der")
    for p in batch:
        with open(p) as f:
            proof = json.load(f)
        digest = hashlib.sha256(base64.b64decode(proof["signature"])).hexdigest()
        subprocess.run(["openssl", "ts", "-query", "-digest", digest, "-sha256", "-cert",
                        "-out", q], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.path.exists(t):
            os.remove(t)
        run = subprocess.run(["openssl", "ts", "-reply", "-config", cnf, "-queryfile", q,
                        "-signer", os.path.join(pki, "tsa.pem"),
                        "-inkey", os.path.join(pki, "tsa.key"),
                        "-chain", os.path.join(pki, "ca.pem"), "-token_out", "-out", t],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not os.path.exists(t) or run.returncode != 0:
            sys.exit(f"openssl ts -reply failed for {p}: {run.stderr.decode(errors='replace')}")
        os.remove(q)
        with open(t, "rb") as f:
            token = base64.b64encode(f.read()).decode()
        proof["format"] = "POP-1.1"
        proof["anchors"] = [{"type": "rfc3161", "token": token}]
        with open(p + ".tmp", "w") as f:
            json.dump(proof, f, indent=2)
            f.write("\n")
        os.replace(p + ".tmp", p)
with ThreadPoolExecutor(2) as pool:
    list(pool.map(stamp, range(2), [proofs[0::2], proofs[1::2]]))
PY

fi

# Every proof must verify, with a valid timestamp, before anything is timed.
proofctl verify --json --require-timestamp --tsa-trust tsa-roots files/*.dat.proof >check.json ||
    die "proofctl verify --require-timestamp rejected the timestamped proofs (see $WORK/check.json)"
n_valid=$(jq '[.results[] | select(.status == "valid" and .time.proven != null)] | length' check.json)
((n_valid == N)) || die "expected $N valid timestamped proofs, got $n_valid"
proofctl verify -q plain/*.dat.proof || die "proofctl verify rejected the plain proofs"
echo "$DATA_TAG" >complete

# ---------------------------------------------------------------------------------------------
log "hyperfine: verify of $N_LABEL proofs"
hyperfine --style basic --export-json "$RESULTS/timestamp-verify-many.json" "${MANY_HF[@]}" \
    -n "proofctl verify --require-timestamp ($N_LABEL timestamped proofs, one call)" \
    "proofctl verify -q --require-timestamp --tsa-trust tsa-roots files/*.dat.proof" \
    -n "proofctl verify ($N_LABEL POP-1.0 proofs, one call)" \
    "proofctl verify -q plain/*.dat.proof" \
    -n "minisign -V shell loop ($N_LABEL files)" \
    'for f in files/*.dat; do minisign -Vq -p mini.pub -m "$f" || exit 1; done' >&2

median() { jq -r ".results[$1].median" "$RESULTS/timestamp-verify-many.json"; }
fmt_s() { awk -v t="$1" 'BEGIN { if (t < 1) printf "%.1f ms", t * 1000; else printf "%.3f s", t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ts=$(median 0)
plain=$(median 1)
mini=$(median 2)
speedup=$(ratio "$mini" "$ts")
overhead=$(ratio "$ts" "$plain")
met=$(awk -v s="$speedup" 'BEGIN { print (s >= 10) ? "yes" : "NO" }')
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

report=$RESULTS/timestamp_verify.md
{
    echo "# Verify of timestamped proofs ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
    echo
    echo "$N_LABEL files of $SMALL_BYTES bytes; each POP-1.1 proof carries one RFC 3161 token from"
    echo "OpenSSL's TSA ($TSA_ALG key, RSA-2048 root). $(nproc) cores; load average $load_start at the"
    echo "start, $load_end at the end. Median wall time of whole runs (hyperfine)."
    echo
    echo "| command | median | ratio |"
    echo "|---|---|---|"
    echo "| proofctl verify --require-timestamp, one call | $(fmt_s "$ts") | 1 |"
    echo "| proofctl verify of the same proofs without tokens (POP-1.0) | $(fmt_s "$plain") | timestamps cost x$overhead |"
    echo "| minisign -V shell loop | $(fmt_s "$mini") | proofctl is x$speedup faster |"
    echo
    echo "Target (issue 13): verify of $N_LABEL timestamped proofs in one call >= 10x a minisign -V"
    echo "loop: **$met** (x$speedup). Run took $((SECONDS - START_SECONDS)) s."
} | tee "$report"
log "wrote $report"
if ((STRICT)) && [[ $met != yes ]]; then exit 1; fi
