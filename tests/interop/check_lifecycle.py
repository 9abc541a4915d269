#!/usr/bin/env python3
"""An independent checker of the key-lifecycle and trust-policy vectors, written from
docs/key-lifecycle.md (revocation lists of keys, sections 2 and 3) and docs/trust-policy.md
(trust-entry sidecars and how verify applies them, sections 1 and 2), not from proofctl's source.

    python3 tests/interop/check_lifecycle.py tests/vectors/key-lifecycle tests/vectors/trust-policy

Exit 0 only when every vector gives the result its expectation states. POP signatures of the
trust-policy vectors are checked by verify_pop.py (beside this file), itself written from the
POP spec; revocation lists (JWTs) and rotation statements are parsed and checked here, with
`cryptography` for Ed25519 and `tomllib` (Python 3.11+) for sidecars.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

sys.path.insert(0, str(Path(__file__).resolve().parent))
import verify_pop as pop  # noqa: E402  (the POP spec's own independent verifier)


class Refused(Exception):
    """The input breaks a rule of the spec: refused as a whole."""


def b64url_decode(s: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", s):
        raise Refused("not base64url")
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def std_b64(s: str, n: int) -> bytes:
    raw = base64.b64decode(s, validate=True)
    if len(raw) != n or base64.b64encode(raw).decode() != s:
        raise Refused(f"not the canonical standard base64 of {n} bytes")
    return raw


def ed25519_ok(public: bytes, sig: bytes, msg: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(sig, msg)
        return True
    except (InvalidSignature, ValueError):
        return False


# --- docs/key-lifecycle.md section 2: revocation lists ----------------------------------------

LIST_CLAIMS = {"iss", "iat", "seq", "list_version", "revoked_jtis", "revoked_kids", "key_details"}


def check_list(token: str, keys: dict[str, bytes]) -> tuple[str, dict, dict]:
    """(signer kid, claims, meaning: kid -> {since, reason}) of a revocation list, or Refused."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise Refused("not a compact JWS")
    header = json.loads(b64url_decode(parts[0]))
    claims = json.loads(b64url_decode(parts[1]))
    if header.get("alg") != "EdDSA" or header.get("typ") != "proofctl-revocations+jwt":
        raise Refused(f"header {header}")
    signer = header.get("kid")
    if signer not in keys:
        raise Refused(f"signed by an unknown key {signer}")
    if not ed25519_ok(keys[signer], b64url_decode(parts[2]), (parts[0] + "." + parts[1]).encode()):
        raise Refused("bad signature")
    unknown = set(claims) - LIST_CLAIMS
    if unknown:
        raise Refused(f"unknown claims {sorted(unknown)}")
    version = claims.get("list_version")
    if version not in (1, 2):
        raise Refused(f"list_version {version!r}")
    details = claims.get("key_details")
    if version == 1 and details is not None:
        raise Refused("a version-1 list has no key_details")
    details = details or {}
    revoked = claims["revoked_kids"]
    for kid, d in details.items():
        if kid not in revoked:
            raise Refused(f"key_details names {kid}, which is not revoked")
        if set(d) - {"since", "reason"}:
            raise Refused(f"key_details of {kid}: {sorted(d)}")
        if "reason" in d and len(d["reason"].encode()) > 500:
            raise Refused("reason longer than 500 bytes")
        if "since" in d and not (isinstance(d["since"], int) and 0 <= d["since"] <= 2**53 - 1):
            raise Refused("since is not a time")
    # Without an entry in key_details (and always in version 1): revoked for all time.
    meaning = {k: {"since": details.get(k, {}).get("since"), "reason": details.get(k, {}).get("reason")}
               for k in revoked}
    return signer, claims, meaning


# --- docs/key-lifecycle.md section 3: rotation statements -------------------------------------

ROTATION_MEMBERS = {"format", "from", "from_public_key", "to", "to_public_key", "time",
                    "signature_from", "signature_to"}


def check_rotation(text: bytes) -> tuple[dict, bytes]:
    """(statement, signed bytes) of a rotation statement both keys signed, or Refused."""
    if len(text) > 16 * 1024:
        raise Refused("larger than 16 KiB")
    st = json.loads(text)
    if set(st) - ROTATION_MEMBERS:
        raise Refused(f"unknown members {sorted(set(st) - ROTATION_MEMBERS)}")
    if st.get("format") != "proofctl-rotation-1":
        raise Refused("format")
    if "signature_from" not in st or "signature_to" not in st:
        raise Refused("signed by the old key only" if "signature_from" in st else "unsigned")
    old, new = std_b64(st["from_public_key"], 32), std_b64(st["to_public_key"], 32)
    for raw in (old, new):
        if pop.key_point(raw) is None:
            raise Refused("a key is not canonical or is of small order")
    if pop.kid_of(old) != st["from"] or pop.kid_of(new) != st["to"]:
        raise Refused("a kid does not match its key")
    if st["from"] == st["to"]:
        raise Refused("from = to")
    body = {k: v for k, v in st.items() if k not in ("signature_from", "signature_to")}
    msg = b"proofctl-rotation-1\0" + pop.jcs(body).encode("utf-8")
    for raw, sig in ((old, st["signature_from"]), (new, st["signature_to"])):
        if not pop.verify_strict(raw, pop.key_point(raw), msg, std_b64(sig, 64)):
            raise Refused("bad signature")
    return st, msg


def run_lifecycle(folder: Path) -> list[tuple[str, bool, str]]:
    expected = json.loads((folder / "expected.json").read_text())
    # The keys: those the valid rotation statement introduces (its kids are checked against them).
    st, _ = check_rotation((folder / "rotation.json").read_bytes())
    keys = {st["from"]: std_b64(st["from_public_key"], 32), st["to"]: std_b64(st["to_public_key"], 32)}
    results = []
    for name, want in sorted(expected.items()):
        data = (folder / name).read_bytes()
        try:
            if name.endswith(".jwt"):
                signer, claims, meaning = check_list(data.decode(), keys)
                got = {"signer": signer, "claims": claims, "meaning": meaning}
            else:
                st, msg = check_rotation(data)
                got = {"from": st["from"], "to": st["to"], "time": st["time"],
                       "signed_bytes_hex": msg.hex()}
            if want["expect"] != "valid":
                results.append((name, False, f"accepted, expected refused ({want.get('error')})"))
                continue
            diffs = [k for k in got if k in want and got[k] != want[k]]
            results.append((name, not diffs, f"differs in {diffs}" if diffs else "valid"))
        except (Refused, ValueError, KeyError) as e:
            ok = want["expect"] == "invalid"
            results.append((name, ok, f"refused: {e}"))
    return results


# --- docs/trust-policy.md: sidecars and their application --------------------------------------

TIME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2}))?")


def parse_time(s) -> int:
    """Section 1.2: RFC 3339 in whole seconds with Z or an offset, or a date alone (00:00 UTC)."""
    if not isinstance(s, str):
        raise Refused("a time must be a quoted string")
    m = TIME_RE.fullmatch(s)
    if not m:
        raise Refused(f"{s!r} is not a time (whole seconds, with Z or an offset, or a date)")
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if m[4] is None:
        dt = datetime.datetime(y, mo, d, tzinfo=datetime.timezone.utc)
    else:
        zone = m[7]
        tz = datetime.timezone.utc if zone == "Z" else datetime.timezone(
            (1 if zone[0] == "+" else -1) * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        dt = datetime.datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6]), tzinfo=tz)
    return int(dt.timestamp())


META_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def parse_sidecar(text: str) -> dict:
    """Section 1.1: the restrictions of a trust entry, or Refused."""
    doc = tomllib.loads(text)
    unknown = set(doc) - {"valid_after", "valid_before", "require_meta"}
    if unknown:
        raise Refused(f"unknown fields {sorted(unknown)}")
    after = parse_time(doc["valid_after"]) if "valid_after" in doc else None
    before = parse_time(doc["valid_before"]) if "valid_before" in doc else None
    if after is not None and before is not None and not after < before:
        raise Refused("empty window")
    meta = doc.get("require_meta", {})
    if not isinstance(meta, dict):
        raise Refused("require_meta is not a table")
    for k, v in meta.items():
        if not META_KEY.fullmatch(k) or not isinstance(v, str):
            raise Refused(f"require_meta entry {k!r}")
    return {"after": after, "before": before, "meta": meta}


def rfc3339(t: int) -> str:
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def judge(vector: dict) -> dict:
    """Section 2 on one vector: the proof checked as POP, then the window, then the metadata."""
    try:
        entry = parse_sidecar(vector["entry"])
    except (Refused, tomllib.TOMLDecodeError) as e:
        return {"error": str(e)}
    proof = json.dumps(vector["proof"]).encode()
    kid = vector["proof"]["signer"]["kid"]
    r = pop.verify(proof, vector["data"].encode(), {kid})
    if r.status != "valid":
        return {"status": r.status, "reason": r.reason, "time": None}
    time = None
    if entry["after"] is not None or entry["before"] is not None:
        if vector.get("proven"):
            t, which = parse_time(vector["proven"]), "timestamped"
        else:
            t, which = parse_time(vector["proof"]["created"]), "claimed time"
        time = f"{rfc3339(t)} ({which})"
        if (entry["after"] is not None and t < entry["after"]) or (
                entry["before"] is not None and t >= entry["before"]):
            return {"status": "invalid", "reason": "outside_validity", "time": time}
    metadata = vector["proof"].get("metadata", {})
    for k, v in entry["meta"].items():
        if metadata.get(k) != v:
            return {"status": "invalid", "reason": "metadata_not_allowed", "time": time}
    return {"status": "valid", "reason": None, "time": time}


def run_policy(folder: Path) -> list[tuple[str, bool, str]]:
    results = []
    for path in sorted(folder.glob("*.json")):
        vector = json.loads(path.read_text())
        want, got = vector["expect"], judge(vector)
        if "error" in want:
            ok = "error" in got
            results.append((path.name, ok, f"refused: {got['error']}" if ok else f"accepted: {got}"))
        else:
            ok = got == want
            results.append((path.name, ok, "as expected" if ok else f"got {got}, expected {want}"))
    return results


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[3].strip(), file=sys.stderr)
        return 2
    results = []
    for arg in argv:
        folder = Path(arg)
        run = run_lifecycle if (folder / "expected.json").exists() else run_policy
        results += [(f"{folder.name}/{n}", ok, why) for n, ok, why in run(folder)]
    for name, ok, why in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {why}")
    failed = sum(not ok for _, ok, _ in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
