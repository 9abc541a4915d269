#!/usr/bin/env bash
# benches/timestamp_sign.sh: the wall time `sign --tsa` adds over plain `sign` (issue 13), against
# a TSA on loopback: OpenSSL's own `openssl ts -reply` behind a small Python HTTP server that this
# script starts (one openssl process per request, as tests/common/tsa.rs does), with a root CA
# and an ECDSA P-256 TSA certificate it makes.
#
#   benches/timestamp_sign.sh [--runs N] [--tsa-key rsa|p256|p384]
#
# Needs hyperfine, openssl and python3. Builds target/release/proofctl (and its wings) unless
# PROOFCTL_BIN names a proofctl with proofctl-index and proofctl-sync beside it. Prints a Markdown
# table on stdout and writes it to benches/results/timestamp_sign.md.
#
# What the added time holds: the network wing's start (proofctl-sync instead of proofctl-index),
# one HTTP round trip on loopback, the TSA's own signing (an openssl process start and key load,
# which a real TSA does not pay per request), and checking the token. A public TSA adds its
# network round trip on top.
set -euo pipefail

RUNS=30
ALG=p256
while (($#)); do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --tsa-key) ALG=$2; shift ;;
        -h | --help) sed -n 2,16p "$0"; exit 0 ;;
        *) echo "timestamp_sign.sh: unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

log() { printf '==> %s\n' "$*" >&2; }
for tool in hyperfine openssl python3; do
    command -v "$tool" >/dev/null || { echo "timestamp_sign.sh: needs $tool" >&2; exit 2; }
done

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
if [[ -n ${PROOFCTL_BIN:-} ]]; then
    BIN=$PROOFCTL_BIN
else
    log "building release binaries"
    cargo build --release --locked --manifest-path "$REPO/Cargo.toml" --bins >&2
    BIN=$REPO/target/release/proofctl
fi
[[ -x $(dirname "$BIN")/proofctl-sync ]] || { echo "no proofctl-sync beside $BIN" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-tsa-bench.XXXXXX")
TSA_PID=
cleanup() {
    [[ -n $TSA_PID ]] && kill "$TSA_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

log "making a root CA and a $ALG TSA certificate in $WORK"
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj "/CN=Bench TSA Root" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
case $ALG in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out tsa.key 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out tsa.key ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out tsa.key ;;
    *) echo "timestamp_sign.sh: --tsa-key rsa|p256|p384" >&2; exit 2 ;;
esac
openssl req -new -key tsa.key -out tsa.csr -subj "/CN=Bench TSA"
printf 'extendedKeyUsage=critical,timeStamping\n' >eku.cnf
openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -set_serial 2 -out tsa.pem -days 30 \
    -extfile eku.cnf 2>/dev/null
echo 01 >serial
cat >tsa.cnf <<EOF
[ tsa ]
default_tsa = t
[ t ]
serial = $WORK/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ess_cert_id_chain = no
EOF

cat >tsa.py <<'EOF'
import http.server, os, subprocess, sys, tempfile, threading
lock = threading.Lock()
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        query = self.rfile.read(int(self.headers["Content-Length"]))
        with lock, tempfile.TemporaryDirectory() as d:
            q, r = os.path.join(d, "q.tsq"), os.path.join(d, "r.tsr")
            open(q, "wb").write(query)
            subprocess.run(["openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", q,
                            "-signer", "tsa.pem", "-inkey", "tsa.key", "-chain", "ca.pem",
                            "-out", r], check=True, capture_output=True)
            reply = open(r, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
EOF
python3 tsa.py >port &
TSA_PID=$!
for _ in $(seq 50); do [[ -s port ]] && break; sleep 0.1; done
URL="http://127.0.0.1:$(cat port)/tsr"
log "TSA listening at $URL"

export PROOFCTL_HOME=$WORK/home
"$BIN" keygen -q --no-passphrase
head -c 65536 /dev/urandom >file.bin
"$BIN" sign -q --no-index --force file.bin --tsa "$URL"
openssl ts -verify -digest "$(python3 -c 'import base64,hashlib,json;print(hashlib.sha256(base64.b64decode(json.load(open("file.bin.proof"))["signature"])).hexdigest())')" \
    -token_in -in <(python3 -c 'import base64,json,sys;sys.stdout.buffer.write(base64.b64decode(json.load(open("file.bin.proof"))["anchors"][0]["token"]))') \
    -CAfile ca.pem >/dev/null || { echo "the token does not verify with openssl" >&2; exit 1; }

log "hyperfine: sign vs sign --tsa ($RUNS runs each)"
hyperfine --warmup 3 --runs "$RUNS" --export-json times.json -N \
    -n sign "$BIN sign -q --no-index --force file.bin" \
    -n "sign --tsa" "$BIN sign -q --no-index --force file.bin --tsa $URL" >&2

mkdir -p "$BENCH_DIR/results"
python3 - "$ALG" >"$BENCH_DIR/results/timestamp_sign.md" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open("times.json"))["results"]}
a, b = r["sign"], r["sign --tsa"]
ms = lambda s: f"{s * 1000:.1f} ms"
print(f"`sign` vs `sign --tsa` against OpenSSL's TSA on loopback ({sys.argv[1]} TSA key), mean ± σ:\n")
print("| command | mean | σ | median |")
print("|---|---|---|---|")
for x in (a, b):
    print(f"| `{x['command']}` | {ms(x['mean'])} | {ms(x['stddev'])} | {ms(x['median'])} |")
print(f"\nAdded wall time: {ms(b['mean'] - a['mean'])} (median {ms(b['median'] - a['median'])}).")
EOF
cat "$BENCH_DIR/results/timestamp_sign.md"
