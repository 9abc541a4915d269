#!/usr/bin/env bash
# verify-artifacts.sh - the verify job of a release pipeline, using proofctl.
#
# Checks that every artifact in DIR has a proof (DIR/FILE.proof), that the
# proof is valid for the file, and that its signer is one of the public keys
# (*.pub, SPKI PEM) in TRUST_DIR. Nothing else is trusted: not the runner's
# proofctl home, not the key embedded in the proof.
#
# Usage: verify-artifacts.sh [--require-meta KEY=VALUE]... [--json-tool jq|python3] DIR [TRUST_DIR]
#
#   DIR                      folder holding the artifacts and their proofs. Every
#                            regular, non-hidden file in it that is not a *.proof
#                            must have a FILE.proof beside it.
#   TRUST_DIR                folder of trusted public keys [default: keys]
#   --require-meta KEY=VALUE fail unless every proof carries this signed
#                            metadata, e.g. --require-meta commit="$GITHUB_SHA"
#   --json-tool TOOL         read proofctl's JSON with jq or python3
#                            [default: jq if installed, else python3]
#
# Environment: PROOFCTL  the proofctl binary [default: proofctl from PATH]
#
# Exit status (that of proofctl verify, made stricter):
#   0  every artifact has a proof, every proof is valid and signed by a trusted key
#   1  a check failed: changed file, bad signature, untrusted signer, missing
#      proof, file renamed since signing, required metadata absent or different
#   2  an error: bad arguments, unreadable or malformed proof, proof without its
#      file, bad trust dir, no JSON tool

set -euo pipefail

prog=${0##*/}
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 2; }
show_help() { sed -n '2,/^$/{s/^# \{0,1\}//;p;}' "$0"; }
usage() { show_help >&2; exit 2; }

required_meta=()
tool=
args=()
while [ $# -gt 0 ]; do
    case $1 in
        --require-meta)
            [ $# -ge 2 ] || usage
            case $2 in [!=]*=*) ;; *) die "--require-meta wants KEY=VALUE, got '$2'" ;; esac
            required_meta+=(--require-meta "$2"); shift 2 ;;
        --json-tool) [ $# -ge 2 ] || usage; tool=$2; shift 2 ;;
        -h|--help) show_help; exit 0 ;;
        --) shift; args+=("$@"); break ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) args+=("$1"); shift ;;
    esac
done
[ ${#args[@]} -ge 1 ] && [ ${#args[@]} -le 2 ] || usage
dir=${args[0]}
trust_dir=${args[1]:-keys}

[ -d "$dir" ] || die "$dir: not a directory"
dir=${dir%/}

proofctl=${PROOFCTL:-proofctl}
command -v "$proofctl" >/dev/null 2>&1 ||
    die "proofctl not found (install it, put it on PATH, or set PROOFCTL=/path/to/proofctl)"

if [ -z "$tool" ]; then
    if command -v jq >/dev/null 2>&1; then tool=jq
    elif command -v python3 >/dev/null 2>&1; then tool=python3
    else die "need jq or python3 to read proofctl's JSON"; fi
fi
case $tool in jq|python3) command -v "$tool" >/dev/null 2>&1 || die "$tool not found" ;;
    *) die "--json-tool must be jq or python3" ;; esac

# --- the trust dir: proofctl reads only *.pub files from it
[ -d "$trust_dir" ] || die "trust dir $trust_dir: not a directory"
pubs=0
for k in "$trust_dir"/*.pub; do
    if [ -f "$k" ]; then pubs=$((pubs + 1)); fi
done
for k in "$trust_dir"/*.pem; do
    if [ -f "$k" ]; then
        echo "$prog: warning: $k is ignored: proofctl only reads *.pub files from a trust dir" >&2
    fi
done
[ "$pubs" -gt 0 ] || die "trust dir $trust_dir holds no *.pub public key; commit the signer's public key there (see README.md)"

# --- artifacts and proofs: every file in DIR goes to proofctl, which finds each
# artifact's proofs (FILE.proof, FILE.*.proof) and reports a proof without its
# artifact as an error
files=()
for f in "$dir"/*; do
    [ -f "$f" ] || continue
    files+=("$f")
done
[ ${#files[@]} -gt 0 ] || die "$dir holds no artifacts and no proofs"

# Verification must not depend on whatever lives in the runner's proofctl home.
umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-verify.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export PROOFCTL_HOME="$work/home"

echo "Verifying $dir against the keys in $trust_dir ($pubs key(s))"
rc=0
# --require 1: every artifact needs a valid proof by a key in the trust dir (an
# artifact without one fails); --require-meta: signed for this commit/run;
# --strict-name: an artifact renamed (or swapped with another, proofs and all) fails.
"$proofctl" verify --json --require 1 ${required_meta[@]+"${required_meta[@]}"} --strict-name \
    --trust-dir "$trust_dir" -- "${files[@]}" </dev/null >"$work/result.json" || rc=$?

# --- read the JSON: one line per file, "LABEL<US>NAME<US>TEXT", fields separated
# by \x1f (US), since a whitespace separator would let bash's read merge empty fields.
# shellcheck disable=SC2016 # a jq program, not shell
jq_prog='
def s: if . == null then "" else tostring | gsub("[\n\r\u001f]"; " ") end;
.files[]
| (.file | split("/") | last) as $name
| ([.proofs[] | select(.counted)] | first) as $c
| ([.proofs[] | select(.counted | not)] | first) as $n
| if .status == "pass" then
    [ "OK", $name,
      "  sha256:\($c.result.subject.sha256[0:16])  signer \($c.result.signer.name // "?") (kid \($c.result.signer.kid[0:12]))  \($c.result.created)"
      + ($c.result.metadata // {} | to_entries | map("\(.key)=\(.value)") | join(" ") | if . == "" then "" else "  " + . end) ]
  elif .status == "fail" and (.proofs | length) == 0 then
    [ "MISSING", $name, ": no proof (\($name).proof); an unsigned artifact fails the job" ]
  elif $n != null then
    [ (if $n.result.status == "valid" then "FAIL" else ($n.result.status | ascii_upcase) end),
      $name, ": [\($n.reason)] \($n.message)" ]
  else [ "ERROR", $name, ": \(.message)" ] end
| map(s) | join("\u001f")'

py_prog='
import json, sys
def s(v):
    v = "" if v is None else str(v)
    return v.replace("\n", " ").replace("\r", " ").replace("\x1f", " ")
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for f in doc["files"]:
    name = f["file"].split("/")[-1]
    c = next((p for p in f["proofs"] if p["counted"]), None)
    n = next((p for p in f["proofs"] if not p["counted"]), None)
    if f["status"] == "pass":
        r = c["result"]
        meta = " ".join("%s=%s" % kv for kv in (r.get("metadata") or {}).items())
        line = ["OK", name, "  sha256:%s  signer %s (kid %s)  %s%s" % (r["subject"]["sha256"][:16],
                r["signer"]["name"] or "?", r["signer"]["kid"][:12], r["created"], "  " + meta if meta else "")]
    elif f["status"] == "fail" and not f["proofs"]:
        line = ["MISSING", name, ": no proof (%s.proof); an unsigned artifact fails the job" % name]
    elif n is not None:
        st = n["result"]["status"]
        line = ["FAIL" if st == "valid" else st.upper(), name, ": [%s] %s" % (n["reason"], n["message"])]
    else:
        line = ["ERROR", name, ": %s" % f["message"]]
    sys.stdout.write("\x1f".join(s(x) for x in line) + "\n")
'

parse() {
    if [ "$tool" = jq ]; then jq -r "$jq_prog" "$1"
    else python3 -c "$py_prog" "$1"; fi
}

if ! [ -s "$work/result.json" ] || ! parse "$work/result.json" >"$work/lines"; then
    # proofctl stops before checking anything on some errors (e.g. a malformed
    # key in the trust dir), printing {"error": ...} instead of results; its
    # message is above.
    echo "$prog: proofctl verify produced no usable JSON (exit status $rc)" >&2
    [ "$rc" -ne 0 ] || rc=2
    exit "$rc"
fi
ok=0 failed=0 missing=0
while IFS=$'\x1f' read -r label name text; do
    printf '%-10s %s%s\n' "$label" "$name" "$text"
    case $label in
        OK) ok=$((ok + 1)) ;;
        MISSING) missing=$((missing + 1)); failed=$((failed + 1)) ;;
        *) failed=$((failed + 1)) ;;
    esac
done <"$work/lines"

echo
echo "$((ok + failed)) checked: $ok ok, $failed failed ($missing without a proof)"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
        echo "### Artifact verification: $ok ok, $failed failed"
        echo
        echo '```'
        awk -F '\037' '{ printf "%-10s %s%s\n", $1, $2, ($1 == "OK" ? "" : $3) }' "$work/lines"
        echo '```'
        echo
    } >>"$GITHUB_STEP_SUMMARY"
fi

if [ "$rc" -eq 0 ] && [ "$failed" -gt 0 ]; then rc=1; fi
exit "$rc"
