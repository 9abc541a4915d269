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

required_meta=
tool=
args=()
while [ $# -gt 0 ]; do
    case $1 in
        --require-meta)
            [ $# -ge 2 ] || usage
            case $2 in [!=]*=*) ;; *) die "--require-meta wants KEY=VALUE, got '$2'" ;; esac
            required_meta+="$2"$'\n'; shift 2 ;;
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

# --- artifacts and proofs
missing=()
proofs=()
for f in "$dir"/*; do
    [ -f "$f" ] || continue
    case $f in
        *.proof) proofs+=("$f") ;;
        *) [ -f "$f.proof" ] || missing+=("$f") ;;
    esac
done

[ ${#proofs[@]} -gt 0 ] || [ ${#missing[@]} -gt 0 ] || die "$dir holds no artifacts and no proofs"

# Verification must not depend on whatever lives in the runner's proofctl home.
umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/proofctl-verify.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export PROOFCTL_HOME="$work/home"

echo "Verifying $dir against the keys in $trust_dir ($pubs key(s))"
rc=0
if [ ${#proofs[@]} -gt 0 ]; then
    # --strict-name: an artifact renamed (or swapped with another, proofs and all) fails.
    "$proofctl" verify --json --strict-name --trust-dir "$trust_dir" -- "${proofs[@]}" </dev/null >"$work/result.json" || rc=$?
fi

# --- read the JSON: one line per proof, fields separated by \x1f (US), since
# a whitespace separator would let bash's read merge empty fields.
# shellcheck disable=SC2016 # a jq program, not shell
jq_prog='
def s: if . == null then "" else tostring | gsub("[\n\r\u001f]"; " ") end;
(env.REQUIRED_META // "" | split("\n") | map(select(length > 0))) as $req
| .results[]
| . as $r
| ($r.metadata // {}) as $m
| ( [ $req[] | index("=") as $i | .[:$i] as $k | .[$i+1:] as $v
      | select($m[$k] != $v)
      | "signed metadata \($k)=\($m[$k] // "(absent)"), expected \($k)=\($v)" ]
  ) as $problems
| [ .status, .reason, .proof, .file, .subject.name, .subject.sha256, .signer.name, .signer.kid,
    .created, ($m | to_entries | map("\(.key)=\(.value)") | join(" ")), .message,
    ($problems | join("; ")) ]
| map(s) | join("\u001f")'

py_prog='
import json, os, sys
def s(v):
    if v is None: return ""
    v = v if isinstance(v, str) else json.dumps(v)
    return v.replace("\n", " ").replace("\r", " ").replace("\x1f", " ")
req = [l for l in os.environ.get("REQUIRED_META", "").split("\n") if l]
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for r in doc["results"]:
    m = r.get("metadata") or {}
    subject = r.get("subject") or {}
    signer = r.get("signer") or {}
    problems = []
    for kv in req:
        k, v = kv.split("=", 1)
        if m.get(k) != v:
            problems.append("signed metadata %s=%s, expected %s=%s" % (k, m.get(k, "(absent)"), k, v))
    fields = [r.get("status"), r.get("reason"), r.get("proof"), r.get("file"), subject.get("name"),
              subject.get("sha256"), signer.get("name"), signer.get("kid"), r.get("created"),
              " ".join("%s=%s" % (k, s(v)) for k, v in m.items()), r.get("message"), "; ".join(problems)]
    sys.stdout.write("\x1f".join(s(f) for f in fields) + "\n")
'

parse() {
    if [ "$tool" = jq ]; then REQUIRED_META=$required_meta jq -r "$jq_prog" "$1"
    else REQUIRED_META=$required_meta python3 -c "$py_prog" "$1"; fi
}

ok=0 failed=0
if [ ${#proofs[@]} -gt 0 ]; then
    if ! [ -s "$work/result.json" ] || ! parse "$work/result.json" >"$work/lines"; then
        # proofctl stops before checking anything on some errors (e.g. a
        # malformed key in the trust dir), printing {"error": ...} instead of
        # results; its message is above.
        echo "$prog: proofctl verify produced no usable JSON (exit status $rc)" >&2
        [ "$rc" -ne 0 ] || rc=2
        exit "$rc"
    fi
    while IFS=$'\x1f' read -r status reason proof file _subject sha signer kid created meta message problem; do
        name=${file##*/}
        [ -n "$name" ] || name=${proof##*/}
        if [ "$status" = valid ] && [ -z "$problem" ]; then
            ok=$((ok + 1))
            printf 'OK         %s  sha256:%s  signer %s (kid %s)  %s%s\n' \
                "$name" "${sha:0:16}" "${signer:-?}" "${kid:0:12}" "$created" "${meta:+  $meta}"
        elif [ "$status" = valid ]; then
            failed=$((failed + 1))
            printf 'FAIL       %s: %s\n' "$name" "$problem"
        else
            failed=$((failed + 1))
            label=$(printf '%s' "$status" | tr '[:lower:]' '[:upper:]')
            printf '%-10s %s: %s%s\n' "$label" "$name" "${reason:+[$reason] }" "$message"
            [ -z "$problem" ] || printf '           %s: also %s\n' "$name" "$problem"
        fi
    done <"$work/lines"
fi

for f in ${missing[@]+"${missing[@]}"}; do
    printf 'MISSING    %s: no proof (%s.proof); an unsigned artifact fails the job\n' "${f##*/}" "${f##*/}"
done
failed=$((failed + ${#missing[@]}))

echo
echo "$((ok + failed)) checked: $ok ok, $failed failed (${#missing[@]} without a proof)"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
        echo "### Artifact verification: $ok ok, $failed failed"
        echo
        echo '```'
        [ ! -s "$work/lines" ] || awk -F '\037' '{ printf "%-10s %s %s\n", toupper($1), $3, ($1 == "valid" && $12 == "" ? "" : $11 " " $12) }' "$work/lines"
        for f in ${missing[@]+"${missing[@]}"}; do echo "MISSING    $f.proof"; done
        echo '```'
        echo
    } >>"$GITHUB_STEP_SUMMARY"
fi

if [ "$rc" -eq 0 ] && [ "$failed" -gt 0 ]; then rc=1; fi
exit "$rc"
