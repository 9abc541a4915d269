#!/usr/bin/env bash
# benches/license_service.sh: issue throughput of the licence service (`proofctl serve
# --license-key`) over HTTP: licences per second with 1 client and with C concurrent ones, on
# SQLite and, when PROOFCTL_BENCH_POSTGRES is an admin URL (a role that may CREATE DATABASE), on
# PostgreSQL. Each licence is one POST /v1/licenses: signed by the server's vendor key and
# recorded with its audit entry in one transaction.
#
#   benches/license_service.sh [--n N] [--clients C]     (defaults: 5,000 licences, 8 clients)
#
# Builds with the bench profile (release). Progress goes to stderr; the Markdown report to stdout
# and benches/results/license_service.md, the numbers to benches/results/license_service.json.
set -euo pipefail
case ${1:-} in
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
REPO=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=$REPO/benches/results
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
table=$(cd "$REPO" && cargo bench --locked --bench license_service -- \
    --json "$RESULTS/license_service.json" "$@")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo "# Licence service: issue throughput over HTTP"
    echo
    echo "\`benches/license_service.sh $*\` at $(git -C "$REPO" rev-parse --short HEAD), $(date -u +%Y-%m-%d),"
    echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
    echo "load average $load_start at the start, $load_end at the end. Backends: SQLite, and PostgreSQL"
    echo "$(if [[ -n ${PROOFCTL_BENCH_POSTGRES:-} ]]; then echo "on the same machine"; else echo "not run (PROOFCTL_BENCH_POSTGRES unset)"; fi)."
    echo
    echo "$table"
} | tee "$RESULTS/license_service.md"
