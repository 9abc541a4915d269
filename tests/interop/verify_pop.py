#!/usr/bin/env python3
"""An independent POP-1.0 verifier, written from docs/pop-1.0.md (not from proofctl's source).

Run the known-answer vectors (exit 0 only if every vector gives its expected result):

    python3 tests/interop/verify_pop.py tests/vectors/pop-1.0/ [MORE_DIRS_OR_VECTOR_FILES...]

Verify one real proof (prints a JSON result; exit 0 valid, 1 invalid/untrusted, 2 error):

    python3 tests/interop/verify_pop.py --proof FILE.proof [--file FILE] [--key KEY.pub]...

Needs Python 3.11+ and the `cryptography` package. `cryptography` (OpenSSL) computes the
Ed25519 equation (spec 7.3 items 1, 2 and 4: cofactorless, S < L, byte-wise R comparison). The
rest of 7.3 is done here with integer arithmetic, because libraries differ on it: point decoding
(needed to tell `bad_key` from `bad_signature`), the S < L check (done again, so as not to
depend on the library), and the small-order check on A and R, done by computing [8]P for the
decoded point (which covers the non-canonical encodings as well; `_self_test` checks the
result against the 14 encodings listed in spec 7.3).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import re
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

FORMAT = "POP-1.0"
DOMAIN = b"POP-1.0\x00"
MAX_PROOF_BYTES = 1 << 20
MAX_SIZE = (1 << 53) - 1
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


class Result(Exception):
    """A verdict: raised by the first failing step (spec 7.2), or returned at the end."""

    def __init__(self, status: str, reason: str | None, detail: str = ""):
        super().__init__(status, reason, detail)
        self.status, self.reason, self.detail = status, reason, detail
        self.signed_bytes: bytes | None = None


def error(reason: str, detail: str = "") -> Result:
    return Result("error", reason, detail)


def invalid(reason: str, detail: str = "") -> Result:
    return Result("invalid", reason, detail)


# --- Ed25519 arithmetic (spec 7.3) -------------------------------------------------------------

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
NEUTRAL = (0, 1, 1, 0)  # extended coordinates (X, Y, Z, T)


def decode_point(e: bytes):
    """Spec 7.3 point decoding: y reduced mod p (non-canonical y accepted), x = 0 with sign 1
    accepted. Returns extended coordinates, or None if there is no x for this y."""
    y = int.from_bytes(e, "little") & ((1 << 255) - 1)
    x0 = e[31] >> 7
    y %= P
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    # RFC 8032 5.1.3 step 2-3: candidate root x = u v^3 (u v^7)^((p-5)/8).
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    vxx = v * x * x % P
    if vxx == (-u) % P and vxx != u:
        x = x * SQRT_M1 % P
    elif vxx != u:
        return None
    if x & 1 != x0:
        x = (P - x) % P  # x = 0 stays 0 (lenient, spec 7.3)
    return (x, y, 1, x * y % P)


def point_add(a, b):
    """Extended twisted Edwards addition (a = -1), complete for Ed25519."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = 2 * t1 * t2 * D % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def has_small_order(pt) -> bool:
    """[8]P is the neutral element."""
    for _ in range(3):
        pt = point_add(pt, pt)
    x, y, z, _ = pt
    return x % P == 0 and (y - z) % P == 0


def verify_strict(a: bytes, msg: bytes, sig: bytes) -> bool:
    """Spec 7.3 'Verification'. `a` already decoded successfully (step 9)."""
    r, s = sig[:32], sig[32:]
    if int.from_bytes(s, "little") >= L:  # item 1
        return False
    r_point = decode_point(r)  # item 2
    if r_point is None:
        return False
    if has_small_order(r_point) or has_small_order(decode_point(a)):  # item 3
        return False
    try:  # item 4, and 1 and 2 again: OpenSSL's cofactorless check
        Ed25519PublicKey.from_public_bytes(a).verify(sig, msg)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- Encodings (spec 4.4, 6) -------------------------------------------------------------------


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode("ascii")


def kid_of(a: bytes) -> str:
    jwk = '{"crv":"Ed25519","kty":"OKP","x":"' + b64url(a) + '"}'
    return b64url(hashlib.sha256(jwk.encode("utf-8")).digest())


def pem_of(a: bytes) -> str:
    b64 = base64.b64encode(SPKI_PREFIX + a).decode("ascii")
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n"


def canonical_b64(s: str, n: int) -> bytes | None:
    """The n bytes s is the canonical base64 of, or None."""
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != n or base64.b64encode(raw).decode("ascii") != s:
        return None
    return raw


# --- JSON (spec 4.1) and JCS (spec 5.2) --------------------------------------------------------


class IntLiteral:
    """A JSON integer literal, kept as written (spec 4.1 item 4)."""

    def __init__(self, text: str):
        self.text = text


class FloatLiteral:
    def __init__(self, text: str):
        self.text = text


class _Duplicate(Exception):
    pass


def _object(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise _Duplicate(k)
        obj[k] = v
    return obj


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def _check_surrogates(v) -> None:
    if isinstance(v, str):
        v.encode("utf-8")  # raises on an unpaired surrogate from a \uXXXX escape
    elif isinstance(v, dict):
        for k, x in v.items():
            _check_surrogates(k)
            _check_surrogates(x)
    elif isinstance(v, list):
        for x in v:
            _check_surrogates(x)


def parse_json(data: bytes):
    """Spec 4.1 items 1-3 (step 4). Numbers come back as IntLiteral/FloatLiteral."""
    try:
        text = data.decode("utf-8")  # strict; a BOM stays U+FEFF, which json refuses
        value = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=IntLiteral,
            parse_float=FloatLiteral,
            parse_constant=_no_constant,
        )
        _check_surrogates(value)
    except _Duplicate as e:
        raise error("malformed", f"duplicate member {e.args[0]!r}")
    except (ValueError, RecursionError) as e:  # JSONDecodeError and UnicodeError are ValueErrors
        raise error("malformed", f"not JSON: {e}")
    return value


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def jcs(v) -> str:
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-16-be"))  # UTF-16 code unit order
        return "{" + ",".join(jcs(k) + ":" + jcs(v[k]) for k in keys) + "}"
    if isinstance(v, str):
        out = []
        for ch in v:
            if ch in _ESCAPES:
                out.append(_ESCAPES[ch])
            elif ch < "\x20":
                out.append(f"\\u{ord(ch):04x}")
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'
    if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
        return str(v)
    raise TypeError(f"not a POP-1.0 body value: {v!r}")


# --- The document (spec 4, steps 4-8) ----------------------------------------------------------

MEMBERS = {"format", "subject", "signer", "created", "metadata", "signature"}
SUBJECT = {"name", "size", "sha256"}
SIGNER = {"algorithm", "kid", "public_key", "public_key_pem"}
CREATED = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
META_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SHA256 = re.compile(r"[0-9a-f]{64}")
KID = re.compile(r"[A-Za-z0-9_-]{43}")
SIZE = re.compile(r"0|[1-9][0-9]*")


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def created_ok(s: str) -> bool:
    m = CREATED.fullmatch(s)
    if not m:
        return False
    year, month, day, hour, minute, second = map(int, m.groups())
    return (
        1970 <= year <= 9999
        and 1 <= month <= 12
        and 1 <= day <= days_in_month(year, month)
        and hour <= 23
        and minute <= 59
        and second <= 60
    )


def parse_proof(data: bytes) -> dict:
    """Steps 2-8. Returns the document with subject.size as an int."""
    if all(b in b"\t\n\x0c\r " for b in data):  # step 2 (also true for zero bytes)
        raise error("empty")
    if len(data) > MAX_PROOF_BYTES:  # step 3
        raise error("too_large")
    doc = parse_json(data)  # step 4
    if not isinstance(doc, dict):
        raise error("malformed", "top-level value is not an object")
    if "format" in doc and not (isinstance(doc["format"], str) and doc["format"] == FORMAT):  # step 5
        raise error("unsupported_format", "format is not POP-1.0")

    def shape(obj, members: set[str], where: str):  # step 6
        if not isinstance(obj, dict):
            raise error("malformed", f"{where} is not an object")
        if set(obj) != members:
            raise error("malformed", f"{where} members {sorted(obj)} != {sorted(members)}")

    shape(doc, MEMBERS, "document")
    shape(doc["subject"], SUBJECT, "subject")
    shape(doc["signer"], SIGNER, "signer")
    subject, signer, metadata = doc["subject"], doc["signer"], doc["metadata"]
    strings = [
        doc["format"], doc["created"], doc["signature"], subject["name"], subject["sha256"],
        *signer.values(),
    ]
    if not all(isinstance(s, str) for s in strings):
        raise error("malformed", "a member that must be a string is not")
    size = subject["size"]
    if not isinstance(size, IntLiteral) or not SIZE.fullmatch(size.text):
        raise error("malformed", "subject.size is not a non-negative integer literal")
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise error("malformed", "metadata is not an object of strings")

    if signer["algorithm"] != "Ed25519":  # step 7
        raise error("unsupported_algorithm", repr(signer["algorithm"]))

    name = subject["name"]  # step 8
    if name in ("", ".", "..") or any(c in name for c in "/\\\x00"):
        raise error("malformed", "subject.name is not a base name")
    if len(size.text) > 16 or int(size.text) > MAX_SIZE:
        raise error("malformed", "subject.size above 2^53-1")
    if not SHA256.fullmatch(subject["sha256"]):
        raise error("malformed", "subject.sha256")
    if not KID.fullmatch(signer["kid"]):
        raise error("malformed", "signer.kid")
    if canonical_b64(signer["public_key"], 32) is None:
        raise error("malformed", "signer.public_key is not canonical base64 of 32 bytes")
    if canonical_b64(doc["signature"], 64) is None:
        raise error("malformed", "signature is not canonical base64 of 64 bytes")
    if not created_ok(doc["created"]):
        raise error("malformed", "created")
    if len(metadata) > 64:
        raise error("malformed", "more than 64 metadata entries")
    for k, v in metadata.items():
        if not META_KEY.fullmatch(k):
            raise error("malformed", f"metadata key {k!r}")
        if len(v.encode("utf-8")) > 4096:
            raise error("malformed", f"metadata value of {k!r} over 4096 bytes")
    subject["size"] = int(size.text)
    return doc


def signed_bytes(doc: dict) -> bytes:
    """Spec 5.1."""
    body = {k: v for k, v in doc.items() if k != "signature"}
    return DOMAIN + jcs(body).encode("utf-8")


# --- Verification (spec 7.2) -------------------------------------------------------------------


def verify(proof: bytes, file: bytes | None, trusted: set[str], file_error: str | None = None) -> Result:
    """Steps 2-16, given the proof bytes and the file's bytes (or the step 13 error)."""
    try:
        doc = parse_proof(proof)
        signer, subject = doc["signer"], doc["subject"]
        a = canonical_b64(signer["public_key"], 32)
        if decode_point(a) is None:  # step 9
            raise invalid("bad_key")
        if signer["kid"] != kid_of(a):  # step 10
            raise invalid("kid_mismatch")
        if signer["public_key_pem"] != pem_of(a):  # step 11
            raise invalid("key_mismatch")
        msg = signed_bytes(doc)
        if not verify_strict(a, msg, canonical_b64(doc["signature"], 64)):  # step 12
            raise invalid("bad_signature")
        if file is None:  # step 13
            raise error(file_error or "file_not_found")
        if len(file) != subject["size"]:  # step 14
            raise invalid("size_mismatch", f"{len(file)} != {subject['size']}")
        if hashlib.sha256(file).hexdigest() != subject["sha256"]:  # step 15
            raise invalid("hash_mismatch")
        result = Result("valid", None) if signer["kid"] in trusted else Result("untrusted", "untrusted")
        result.signed_bytes = msg
        return result
    except Result as r:
        return r


def trusted_kid(pem: str) -> str:
    key = load_pem_public_key(pem.encode("utf-8"))
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("trusted key is not Ed25519")
    return kid_of(key.public_bytes(Encoding.Raw, PublicFormat.Raw))


# --- Vectors (spec 10) -------------------------------------------------------------------------


def run_vector(path: Path) -> tuple[bool, str]:
    v = json.loads(path.read_text(encoding="utf-8"))
    stem = path.stem
    expect, reason = v["expect"], v["reason"]
    if stem.startswith("valid_") != (expect == "valid") or (reason is None) != (expect == "valid"):
        return False, f"{stem}: inconsistent vector (name, expect {expect!r}, reason {reason!r})"
    proof = v["proof"].encode("utf-8", "surrogatepass")
    file = base64.b64decode(v["file"], validate=True)
    trusted = {trusted_kid(pem) for pem in v["trusted_keys"]}
    r = verify(proof, file, trusted)
    got = f"{r.status}/{r.reason or 'null'}"
    want = f"{expect}/{reason or 'null'}"
    if got != want:
        return False, f"{stem}: expected {want}, got {got} {r.detail}".rstrip()
    if "signed_bytes" in v:
        if r.signed_bytes is None or r.signed_bytes.hex() != v["signed_bytes"]:
            return False, f"{stem}: {got} as expected, but the signed bytes differ"
        return True, f"{stem}: {got}, signed bytes match"
    return True, f"{stem}: {got}"


def run_vectors(paths: list[str]) -> int:
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.json")) if p.is_dir() else [p])
    passed = failed = 0
    for f in files:
        try:
            ok, line = run_vector(f)
        except Exception as e:  # a broken vector file is a failure, not a crash
            ok, line = False, f"{f.stem}: cannot run vector: {type(e).__name__}: {e}"
        print(("ok   " if ok else "FAIL ") + line)
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


# --- One proof (spec 7.1) ----------------------------------------------------------------------


def run_one(proof_path: str, file_path: str | None, keys: list[str]) -> int:
    trusted = {trusted_kid(Path(k).read_text(encoding="utf-8")) for k in keys}
    pp = Path(proof_path)
    try:  # step 1
        with open(pp, "rb") as fh:
            proof = fh.read(MAX_PROOF_BYTES + 1)
        r = None
    except FileNotFoundError:
        r = error("proof_not_found")
    except OSError as e:
        r = error("unreadable", str(e))
    if r is None:
        try:
            parse_proof(proof)  # so a malformed proof is reported before a missing file
            if file_path is None and (not pp.name.endswith(".proof") or pp.name == ".proof"):
                r = error("no_file")
        except Result as e:
            r = e
    if r is None:
        fp = Path(file_path) if file_path else pp.with_name(pp.name[: -len(".proof")])
        data, ferr = None, None
        try:
            data = fp.read_bytes()
        except FileNotFoundError:
            ferr = "file_not_found"
        except OSError:
            ferr = "file_unreadable"
        r = verify(proof, data, trusted, ferr)
    print(json.dumps({"proof": proof_path, "status": r.status, "reason": r.reason, "detail": r.detail}))
    return {"valid": 0, "untrusted": 1, "invalid": 1}.get(r.status, 2)


# --- Self-test ---------------------------------------------------------------------------------

SMALL_ORDER = {
    bytes.fromhex(h)
    for h in """
    0100000000000000000000000000000000000000000000000000000000000000
    ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
    0000000000000000000000000000000000000000000000000000000000000000
    0000000000000000000000000000000000000000000000000000000000000080
    26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05
    26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85
    c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a
    c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa
    0100000000000000000000000000000000000000000000000000000000000080
    ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
    eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
    eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
    edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
    edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
    """.split()
}


def _self_test() -> None:
    """Spec 6 and 7.3 known answers: the kid example and the small-order list."""
    x = base64.urlsafe_b64decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
    assert kid_of(x) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    for e in SMALL_ORDER:
        pt = decode_point(e)
        assert pt is not None and has_small_order(pt), e.hex()
    # Every other encoding of a small-order point differs from these only in y >= p or the sign
    # of x = 0; try all y < 19 + p and y in {0, 1, p - 1} with both signs.
    for y in [*range(19), *range(P, P + 19), P - 1]:
        for sign in (0, 1):
            e = (y | sign << 255).to_bytes(32, "little")
            pt = decode_point(e)
            if pt is not None and has_small_order(pt):
                assert e in SMALL_ORDER, e.hex()
    assert not has_small_order(decode_point(x))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Independent POP-1.0 verifier (docs/pop-1.0.md).")
    ap.add_argument("vectors", nargs="*", help="vector files or directories of NAME.json vectors")
    ap.add_argument("--proof", help="verify this .proof file instead of running vectors")
    ap.add_argument("--file", help="the signed file (default: the proof's path without .proof)")
    ap.add_argument("--key", action="append", default=[], help="trusted SPKI PEM public key file")
    args = ap.parse_args(argv)
    _self_test()
    if args.proof:
        if args.vectors:
            ap.error("give either --proof or vectors, not both")
        return run_one(args.proof, args.file, args.key)
    if not args.vectors:
        ap.error("give a vector directory or --proof")
    return run_vectors(args.vectors)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
