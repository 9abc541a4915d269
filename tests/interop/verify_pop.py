#!/usr/bin/env python3
"""An independent POP-1.0 and POP-1.1 verifier, written from docs/pop-1.0.md and docs/pop-1.1.md
(not from proofctl's source).

Run the known-answer vectors (exit 0 only if every vector gives its expected result):

    python3 tests/interop/verify_pop.py tests/vectors/pop-1.0/ tests/vectors/pop-1.1/ [MORE...]

Verify one real proof (prints a JSON result; exit 0 valid, 1 invalid/untrusted, 2 error):

    python3 tests/interop/verify_pop.py --proof FILE.proof [--file FILE] [--key KEY.pub]... [--strict-name]
        [--tsa-root ROOT.pem]... [--require-timestamp]

Check one RFC 3161 token over the SHA-256 of a file (POP-1.1 checks A2-A12; JSON; exit 0 valid):

    python3 tests/interop/verify_pop.py --token TOKEN.der --data FILE --tsa-root ROOT.pem

Needs Python 3.11+, `cryptography` and `asn1crypto` (tests/interop/requirements.txt). POP-1.1
tokens are parsed with asn1crypto and their signatures checked with cryptography, neither of
which proofctl uses. All of spec 7.3 (point decoding with the
canonical-encoding rule, the small-order check, S < L and the cofactorless equation with R
compared by its encoding) is done here with integer arithmetic, so the verdict does not depend
on what a library tolerates. `cryptography` (OpenSSL) is used to read the trusted keys' PEM, and
as a cross-check: wherever spec 7.3 and OpenSSL's rules coincide (canonical A and R, neither of
small order, S < L) the two must agree on the equation, or the run fails loudly.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime
import hashlib
import json
import math
import os
import re
import sys
from pathlib import Path

from asn1crypto import cms, tsp
from asn1crypto import core as asn1core
from asn1crypto import pem as asn1pem
from asn1crypto import x509 as asn1x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

FORMAT = "POP-1.0"
FORMAT_1_1 = "POP-1.1"  # POP-1.0 plus unsigned anchors (docs/pop-1.1.md)
DOMAIN = b"POP-1.0\x00"
MAX_PROOF_BYTES = 1 << 20
MAX_DEPTH = 32  # spec 4.1 item 6: the top-level value is depth 1
MAX_SIZE = (1 << 53) - 1
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")
JSON_WHITESPACE = b" \t\n\r"  # RFC 8259 section 2; not form feed, not vertical tab


class Result(Exception):
    """A verdict: raised by the first failing step (spec 7.2), or returned at the end."""

    def __init__(self, status: str, reason: str | None, detail: str = ""):
        super().__init__(status, reason, detail)
        self.status, self.reason, self.detail = status, reason, detail
        self.signed_bytes: bytes | None = None
        # POP-1.1 7.1: one result per anchor (None when the proof stopped at step 10 or
        # earlier), and the proven time with its authority.
        self.anchors: list | None = None
        self.proven: datetime.datetime | None = None
        self.authority: str | None = None


def error(reason: str, detail: str = "") -> Result:
    return Result("error", reason, detail)


def invalid(reason: str, detail: str = "") -> Result:
    return Result("invalid", reason, detail)


# --- Ed25519 arithmetic (spec 7.3) -------------------------------------------------------------

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
NEUTRAL = (0, 1, 1, 0)  # extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, xy = T/Z


def decode_point(e: bytes):
    """Spec 7.3 point decoding (RFC 8032 section 5.1.3, with both of its refusals): returns
    extended coordinates, or None if `e` is not the canonical encoding of a curve point."""
    if len(e) != 32:
        return None
    y = int.from_bytes(e, "little") & ((1 << 255) - 1)
    x0 = e[31] >> 7
    if y >= P:  # not reduced: refused
        return None
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    # RFC 8032 5.1.3 steps 2-3: candidate root x = u v^3 (u v^7)^((p-5)/8).
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    vxx = v * x * x % P
    if vxx == u:
        pass
    elif vxx == (-u) % P:
        x = x * SQRT_M1 % P
    else:
        return None  # no x for this y: not on the curve
    if x == 0 and x0 == 1:  # "negative zero": refused
        return None
    if x & 1 != x0:
        x = P - x
    return (x, y, 1, x * y % P)


def encode_point(pt) -> bytes:
    """RFC 8032 section 5.1.2."""
    x, y, z, _ = pt
    zi = pow(z, P - 2, P)
    x, y = x * zi % P, y * zi % P
    return (y | (x & 1) << 255).to_bytes(32, "little")


def point_add(a, b):
    """Extended twisted Edwards addition (a = -1, RFC 8032 5.1.4), complete for Ed25519."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = 2 * t1 * t2 * D % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def point_neg(a):
    x, y, z, t = a
    return ((-x) % P, y, z, (-t) % P)


def scalar_mult(k: int, pt):
    q = NEUTRAL
    while k:
        if k & 1:
            q = point_add(q, pt)
        pt = point_add(pt, pt)
        k >>= 1
    return q


def is_neutral(pt) -> bool:
    x, y, z, _ = pt
    return x % P == 0 and (y - z) % P == 0


def has_small_order(pt) -> bool:
    """[8]P is the neutral element."""
    return is_neutral(scalar_mult(8, pt))


_BY = 4 * pow(5, P - 2, P) % P
BASE = decode_point(_BY.to_bytes(32, "little"))  # x even, so sign bit 0


def key_point(a: bytes):
    """Step 11: the point of a public key, or None (bad_key): canonical encoding of a curve
    point that is not of small order."""
    pt = decode_point(a)
    if pt is None or has_small_order(pt):
        return None
    return pt


def verify_strict(a: bytes, a_point, msg: bytes, sig: bytes) -> bool:
    """Spec 7.3 'Verification' (step 14). `a_point` passed step 11."""
    r, s_bytes = sig[:32], sig[32:]
    s = int.from_bytes(s_bytes, "little")
    if s >= L:  # item 1
        return False
    r_point = decode_point(r)  # item 2
    if r_point is None or has_small_order(r_point):  # item 3
        return False
    k = int.from_bytes(hashlib.sha512(r + a + msg).digest(), "little") % L
    check = point_add(scalar_mult(s, BASE), point_neg(scalar_mult(k, a_point)))
    ok = encode_point(check) == r  # item 4
    # Cross-check against OpenSSL where its rules are the spec's (canonical A and R, neither of
    # small order, S < L): any difference is a bug in one of the two, never a verdict.
    try:
        Ed25519PublicKey.from_public_bytes(a).verify(sig, msg)
        openssl_ok = True
    except (InvalidSignature, ValueError):
        openssl_ok = False
    if ok != openssl_ok:
        raise RuntimeError(f"Ed25519 equation: this verifier says {ok}, OpenSSL says {openssl_ok}")
    return ok


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
    """The n bytes s is the canonical base64 of, or None: padding required, and re-encoding the
    decoded bytes must give s exactly."""
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


class _TooDeep(Exception):
    pass


class _Infinite(Exception):
    pass


def _check_value(v, depth: int) -> None:
    """Spec 4.1 items 3, 6 and 7 on a parsed value at `depth`. Stops at the first container
    deeper than MAX_DEPTH, so it never recurses more than MAX_DEPTH + 1 levels."""
    if isinstance(v, str):
        v.encode("utf-8")  # raises on an unpaired surrogate from a \uXXXX escape
    elif isinstance(v, (IntLiteral, FloatLiteral)):
        if math.isinf(float(v.text)):  # float() rounds correctly; no digit limit, unlike int()
            raise _Infinite(v.text[:20])
    elif isinstance(v, (dict, list)):
        if depth > MAX_DEPTH:
            raise _TooDeep()
        for k, x in v.items() if isinstance(v, dict) else enumerate(v):
            if isinstance(k, str):
                k.encode("utf-8")
            _check_value(x, depth + 1)


def parse_json(data: bytes):
    """Step 4 (spec 4.1 items 1-3, 6, 7). Numbers come back as IntLiteral/FloatLiteral. Python's
    json module takes only space, tab, LF and CR as whitespace, and refuses a BOM. Nesting too
    deep for Python itself (RecursionError) is over MAX_DEPTH as well, so also malformed."""
    try:
        text = data.decode("utf-8")  # strict: invalid UTF-8 (and UTF-8-encoded surrogates) refused
        value = json.loads(
            text,
            object_pairs_hook=_object,  # called for every object, at any depth
            parse_int=IntLiteral,
            parse_float=FloatLiteral,
            parse_constant=_no_constant,
        )
        _check_value(value, 1)
    except _Duplicate as e:
        raise error("malformed", f"duplicate member {e.args[0]!r}")
    except _TooDeep:
        raise error("malformed", f"nested deeper than {MAX_DEPTH} levels")
    except _Infinite as e:
        raise error("malformed", f"number {e.args[0]}... out of range (infinite as a double)")
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


# --- The document (spec 4, steps 2-10) ---------------------------------------------------------

MEMBERS = {"format", "subject", "signer", "created", "metadata", "signature"}
SUBJECT = {"name", "size", "sha256"}
SIGNER = {"algorithm", "kid", "public_key", "public_key_pem"}
CREATED = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
META_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SHA256 = re.compile(r"[0-9a-f]{64}")
KID = re.compile(r"[A-Za-z0-9_-]{43}")
SIZE = re.compile(r"0|[1-9][0-9]*")
MAX_METADATA_ENTRIES = 64
MAX_METADATA_VALUE_BYTES = 4096


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def created_ok(s: str) -> bool:
    """Spec 4.5. re's [0-9] is ASCII only; fullmatch excludes a trailing newline."""
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
        and second <= 59  # no leap second
    )


def is_empty(data: bytes) -> bool:
    """Step 3: zero bytes, or JSON whitespace only (also true for b"")."""
    return all(b in JSON_WHITESPACE for b in data)


def parse_proof(data: bytes) -> dict:
    """Steps 2-10. Returns the document with subject.size as an int. `data` may be only the first
    MAX_PROOF_BYTES + 1 bytes of the proof file: step 2 needs no more."""
    if len(data) > MAX_PROOF_BYTES:  # step 2
        raise error("too_large")
    if is_empty(data):  # step 3
        raise error("empty")
    doc = parse_json(data)  # step 4
    if not isinstance(doc, dict):  # step 5
        raise error("malformed", "top-level value is not an object")
    if "format" in doc and not (isinstance(doc["format"], str) and doc["format"] in (FORMAT, FORMAT_1_1)):  # step 6
        raise error("unsupported_format", "format is neither POP-1.0 nor POP-1.1")
    for m in ("subject", "signer", "metadata"):  # step 7
        if m in doc and not isinstance(doc[m], dict):
            raise error("malformed", f"{m} is not a JSON object")

    # Step 8: exactly the members, each of its JSON type.
    def members(obj: dict, want: set[str], where: str):
        if set(obj) != want:
            raise error("malformed", f"{where} members {sorted(obj)} != {sorted(want)}")

    members(doc, MEMBERS | {"anchors"} if doc.get("format") == FORMAT_1_1 else MEMBERS, "document")
    subject, signer, metadata = doc["subject"], doc["signer"], doc["metadata"]
    members(subject, SUBJECT, "subject")
    members(signer, SIGNER, "signer")
    strings = [
        doc["format"], doc["created"], doc["signature"], subject["name"], subject["sha256"],
        *signer.values(), *metadata.values(),
    ]
    if not all(isinstance(s, str) for s in strings):
        raise error("malformed", "a member that must be a string is not")
    size = subject["size"]
    if not isinstance(size, IntLiteral) or not SIZE.fullmatch(size.text):
        raise error("malformed", "subject.size is not an integer without sign, fraction or exponent")
    if len(size.text) > 16 or int(size.text) > MAX_SIZE:
        raise error("malformed", "subject.size above 2^53-1")

    if signer["algorithm"] != "Ed25519":  # step 9
        raise error("unsupported_algorithm", repr(signer["algorithm"]))

    name = subject["name"]  # step 10
    if name in ("", ".", "..") or any(c in name for c in "/\\\x00"):
        raise error("malformed", "subject.name is not a base name")
    if not SHA256.fullmatch(subject["sha256"]):
        raise error("malformed", "subject.sha256")
    if not KID.fullmatch(signer["kid"]):
        raise error("malformed", "signer.kid")
    if canonical_b64(signer["public_key"], 32) is None:
        raise error("malformed", "signer.public_key is not canonical base64 of 32 bytes")
    if canonical_b64(doc["signature"], 64) is None:
        raise error("malformed", "signature is not canonical base64 of 64 bytes")
    if not created_ok(doc["created"]):
        raise error("malformed", f"created {doc['created']!r}")
    if len(metadata) > MAX_METADATA_ENTRIES:
        raise error("malformed", f"{len(metadata)} metadata entries, at most {MAX_METADATA_ENTRIES}")
    for k, v in metadata.items():
        if not META_KEY.fullmatch(k):
            raise error("malformed", f"metadata key {k!r}")
        if len(v.encode("utf-8")) > MAX_METADATA_VALUE_BYTES:
            raise error("malformed", f"metadata value of {k!r} over {MAX_METADATA_VALUE_BYTES} bytes")
    if "anchors" in doc:  # POP-1.1 step 10: section 4.3 (step 8 checked only its presence)
        anchors = doc["anchors"]
        if not isinstance(anchors, list) or not 1 <= len(anchors) <= MAX_ANCHORS:
            raise error("malformed", "anchors is not an array of 1 to 8 entries")
        if not all(isinstance(a, dict) and isinstance(a.get("type"), str) for a in anchors):
            raise error("malformed", "an anchor is not an object with a string type")
    subject["size"] = int(size.text)
    return doc


def signed_bytes(doc: dict) -> bytes:
    """Spec 5.1."""
    body = {k: v for k, v in doc.items() if k not in ("signature", "anchors")}
    body["format"] = FORMAT  # POP-1.1 5.1: the POP-1.0 form is what is signed
    return DOMAIN + jcs(body).encode("utf-8")


# --- Anchors (POP-1.1 sections 4.3-4.5, 6) -----------------------------------------------------
#
# RFC 3161 tokens are parsed with asn1crypto (its own DER decoder) and their signatures checked
# with cryptography (OpenSSL): neither is what proofctl uses (RustCrypto's der, cms and
# x509-cert), so agreement on the vectors means something.

MAX_ANCHORS = 8
MAX_TOKEN_BYTES = 65536
CREATED_TOLERANCE = 300  # seconds, POP-1.1 A13
MAX_CHAIN_STEPS = 8  # POP-1.1 A12

OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_TST_INFO = "1.2.840.113549.1.9.16.1.4"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_CERT = "1.2.840.113549.1.9.16.2.12"
OID_SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47"
OID_TIME_STAMPING = "1.3.6.1.5.5.7.3.8"
OID_EKU = "2.5.29.37"
OID_BASIC_CONSTRAINTS = "2.5.29.19"
OID_SKI = "2.5.29.14"
OID_RSA = "1.2.840.113549.1.1.1"
OID_EC = "1.2.840.10045.2.1"
CURVES = {"1.2.840.10045.3.1.7": ec.SECP256R1, "1.3.132.0.34": ec.SECP384R1}
DIGESTS = {  # A8, A9 (v2): the digest algorithms allowed
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
# A10's table: signatureAlgorithm -> (hash, or None for "SignerInfo.digestAlgorithm", key type).
SIGNATURE_ALGORITHMS = {
    "1.2.840.113549.1.1.11": ("sha256", OID_RSA),
    "1.2.840.113549.1.1.12": ("sha384", OID_RSA),
    "1.2.840.113549.1.1.13": ("sha512", OID_RSA),
    OID_RSA: (None, OID_RSA),
    "1.2.840.10045.4.3.2": ("sha256", OID_EC),
    "1.2.840.10045.4.3.3": ("sha384", OID_EC),
    "1.2.840.10045.4.3.4": ("sha512", OID_EC),
}
GEN_TIME = re.compile(rb"[0-9]{14}Z")


class AnchorResult(Exception):
    """One anchor's verdict (POP-1.1 section 6.3): raised by the first failing check."""

    def __init__(self, status: str, reason: str | None, detail: str = ""):
        super().__init__(status, reason, detail)
        self.status, self.reason, self.detail = status, reason, detail
        self.gen_time: datetime.datetime | None = None
        self.authority: str | None = None

    def json(self) -> dict:
        return {"status": self.status, "reason": self.reason}


def bad_anchor(reason: str, detail: str = "") -> AnchorResult:
    return AnchorResult("invalid", reason, detail)


def _digest(name: str, data: bytes) -> bytes:
    return hashlib.new(name, data).digest()


def _hash_object(name: str):
    return {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}[name]()


def _key_of(cert: asn1x509.Certificate, sig_hash: str | None, sig_oid: str, where: str):
    """The public key of `cert` for a signature of algorithm `sig_oid` (A10's table), or
    unsupported_algorithm / token_malformed. `sig_hash` is the hash for the rsaEncryption row."""
    if sig_oid not in SIGNATURE_ALGORITHMS:
        raise bad_anchor("unsupported_algorithm", f"{where}: signature algorithm {sig_oid}")
    fixed, key_type = SIGNATURE_ALGORITHMS[sig_oid]
    spki = cert["tbs_certificate"]["subject_public_key_info"]
    alg = spki["algorithm"]
    if alg["algorithm"].dotted != key_type:
        raise bad_anchor("unsupported_algorithm", f"{where}: a {alg['algorithm'].dotted} key for {sig_oid}")
    if key_type == OID_EC:
        params = alg["parameters"]
        if params.name != "named" or params.chosen.dotted not in CURVES:
            raise bad_anchor("unsupported_algorithm", f"{where}: EC key not on P-256 or P-384")
    try:
        key = serialization.load_der_public_key(spki.dump())
    except (ValueError, TypeError) as e:
        raise bad_anchor("token_malformed", f"{where}: the public key does not parse: {e}")
    if key_type == OID_EC and not isinstance(key.curve, CURVES[alg["parameters"].chosen.dotted]):
        raise bad_anchor("unsupported_algorithm", f"{where}: EC key curve")
    return key, fixed or sig_hash


def _verifies(key, hash_name: str, signature: bytes, data: bytes) -> bool:
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), _hash_object(hash_name))
        else:
            key.verify(signature, data, ec.ECDSA(_hash_object(hash_name)))
    except InvalidSignature:
        return False
    return True


def _extensions(cert: asn1x509.Certificate, oid: str) -> list:
    exts = cert["tbs_certificate"]["extensions"]
    return [] if isinstance(exts, asn1core.Void) else [e for e in exts if e["extn_id"].dotted == oid]


def _subject_dn(cert: asn1x509.Certificate) -> bytes:
    return cert["tbs_certificate"]["subject"].dump()


def _issuer_dn(cert: asn1x509.Certificate) -> bytes:
    return cert["tbs_certificate"]["issuer"].dump()


def _valid_at(cert: asn1x509.Certificate, t: datetime.datetime) -> bool:
    v = cert["tbs_certificate"]["validity"]
    return v["not_before"].native <= t <= v["not_after"].native


def _is_ca(cert: asn1x509.Certificate) -> bool:
    bc = _extensions(cert, OID_BASIC_CONSTRAINTS)
    return len(bc) == 1 and bool(bc[0]["extn_value"].parsed["ca"].native)


def _signed_by(cert: asn1x509.Certificate, issuer: asn1x509.Certificate) -> bool:
    """A12 'signed by': cert's signatureAlgorithm from A10's table without its rsaEncryption row."""
    sig_oid = cert["signature_algorithm"]["algorithm"].dotted
    if sig_oid == OID_RSA:
        raise bad_anchor("unsupported_algorithm", "certificate signed with bare rsaEncryption")
    key, hash_name = _key_of(issuer, None, sig_oid, "issuer")
    return _verifies(key, hash_name, cert["signature_value"].native, cert["tbs_certificate"].dump())


def _authority(cert: asn1x509.Certificate) -> str:
    """POP-1.1 7.1: the subject's last commonName, else the whole subject as a string."""
    subject = cert["tbs_certificate"]["subject"]
    cns = [a["value"].native for rdn in subject.chosen for a in rdn if a["type"].dotted == "2.5.4.3"]
    return str(cns[-1]) if cns else subject.human_friendly


def _token_bytes(entry: dict) -> bytes:
    """A1."""
    token = entry.get("token")
    if set(entry) != {"type", "token"} or not isinstance(token, str):
        raise bad_anchor("token_malformed", f"members {sorted(entry)}")
    try:
        raw = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        raise bad_anchor("token_malformed", "token is not base64")
    if base64.b64encode(raw).decode("ascii") != token:
        raise bad_anchor("token_malformed", "token is not canonical base64")
    if not 1 <= len(raw) <= MAX_TOKEN_BYTES:
        raise bad_anchor("token_malformed", f"token of {len(raw)} bytes")
    return raw


def _parse_token(raw: bytes):
    """A2: (SignedData, the eContent bytes, TSTInfo, genTime)."""
    try:
        ci = cms.ContentInfo.load(raw, strict=True)
        if ci["content_type"].dotted != OID_SIGNED_DATA:
            raise bad_anchor("token_malformed", "contentType is not id-signedData")
        sd = ci["content"]
        sd.native  # noqa: B018 - parses the whole SignedData (certificates included) now
        encap = sd["encap_content_info"]
        if encap["content_type"].dotted != OID_TST_INFO:
            raise bad_anchor("token_malformed", "eContentType is not id-ct-TSTInfo")
        econtent = encap["content"]
        if not isinstance(econtent, (asn1core.OctetString, asn1core.ParsableOctetString)):
            raise bad_anchor("token_malformed", "no eContent")
        tst_der = econtent.contents
        tst = tsp.TSTInfo.load(tst_der, strict=True)
        tst.native  # noqa: B018 - every field parses
        if not GEN_TIME.fullmatch(tst["gen_time"].contents):
            raise bad_anchor("token_malformed", f"genTime {tst['gen_time'].contents!r} is not YYYYMMDDhhmmssZ")
        return sd, tst_der, tst, tst["gen_time"].native
    except AnchorResult:
        raise
    except (ValueError, TypeError, KeyError, OverflowError) as e:
        raise bad_anchor("token_malformed", f"{type(e).__name__}: {e}")


def _one_attribute(attrs, oid: str):
    """The value of the only attribute of type oid with exactly one value, or None."""
    found = [a for a in attrs if a["type"].dotted == oid]
    if len(found) != 1 or len(found[0]["values"]) != 1:
        return None
    return found[0]["values"][0]


def check_rfc3161(
    entry: dict, sig_bytes: bytes, created: datetime.datetime | None, roots: list[asn1x509.Certificate]
) -> AnchorResult:
    """POP-1.1 6.2, checks A1 to A13 in order. `created` None skips A13 (a bare token)."""
    try:
        raw = _token_bytes(entry)  # A1
        sd, tst_der, tst, gen_time = _parse_token(raw)  # A2
        imprint = tst["message_imprint"]
        if imprint["hash_algorithm"]["algorithm"].dotted != "2.16.840.1.101.3.4.2.1":  # A3
            raise bad_anchor("imprint_algorithm", imprint["hash_algorithm"]["algorithm"].dotted)
        if imprint["hashed_message"].native != hashlib.sha256(sig_bytes).digest():  # A4
            raise bad_anchor("imprint_mismatch")
        infos = list(sd["signer_infos"])
        if len(infos) != 1:  # A5
            raise bad_anchor("token_malformed", f"{len(infos)} SignerInfos")
        si = infos[0]
        try:
            return _check_signer(sd, si, tst_der, sig_bytes, gen_time, created, roots)
        except (ValueError, TypeError, KeyError) as e:  # a part parsed only now (A9, A11)
            raise bad_anchor("token_malformed", f"{type(e).__name__}: {e}")
    except AnchorResult as r:
        return r


def _der_set_key(encoding: bytes, elements) -> bytes:
    """X.690 11.6: SET OF elements compare as octet strings, the shorter padded with 0-octets."""
    longest = max(len(e.dump()) for e in elements)
    return encoding + b"\x00" * (longest - len(encoding))


def _check_signer(sd, si, tst_der, sig_bytes, gen_time, created, roots) -> AnchorResult:
    # A6: the TSA certificate.
    choices = [] if isinstance(sd["certificates"], asn1core.Void) else sd["certificates"]
    # Other choices are ignored, and "first" means first in DER order (6.1): the SET OF sorted
    # as X.690 11.6 sorts it, whatever order the token was written in.
    in_der_order = sorted(choices, key=lambda c: _der_set_key(c.dump(), choices))
    certs = [c.chosen for c in in_der_order if c.name == "certificate"]
    sid = si["sid"]
    tsa = None
    for c in certs:
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            if _issuer_dn(c) == ias["issuer"].dump() and c.serial_number == ias["serial_number"].native:
                tsa = c
        else:
            skis = _extensions(c, OID_SKI)
            if any(e["extn_value"].parsed.native == sid.chosen.native for e in skis):
                tsa = c
        if tsa is not None:
            break
    if tsa is None:
        raise bad_anchor("signer_cert_missing")

    # A7: the content-type attribute.
    attrs = si["signed_attrs"]
    if isinstance(attrs, asn1core.Void):
        raise bad_anchor("token_malformed", "no signedAttrs")
    ct = [a for a in attrs if a["type"].dotted == OID_CONTENT_TYPE]
    if len(ct) != 1 or len(ct[0]["values"]) != 1 or ct[0]["values"][0].dotted != OID_TST_INFO:
        raise bad_anchor("token_malformed", "content-type attribute")
    # A8: the message-digest attribute, over the eContent.
    md = [a for a in attrs if a["type"].dotted == OID_MESSAGE_DIGEST]
    if len(md) != 1 or len(md[0]["values"]) != 1 or not isinstance(md[0]["values"][0], asn1core.OctetString):
        raise bad_anchor("token_malformed", "message-digest attribute")
    digest_oid = si["digest_algorithm"]["algorithm"].dotted
    if digest_oid not in DIGESTS:
        raise bad_anchor("unsupported_algorithm", f"digestAlgorithm {digest_oid}")
    digest_name = DIGESTS[digest_oid]
    if md[0]["values"][0].native != _digest(digest_name, tst_der):
        raise bad_anchor("bad_token_signature", "message digest: the TSTInfo was altered")

    # A9: ESSCertID (v1), then ESSCertIDv2.
    tsa_der = tsa.dump()
    v1 = _one_attribute(attrs, OID_SIGNING_CERT)
    v2 = _one_attribute(attrs, OID_SIGNING_CERT_V2)
    if v1 is None and v2 is None:
        raise bad_anchor("signing_certificate_mismatch", "no signing-certificate attribute")
    for value, version in ((v1, 1), (v2, 2)):
        if value is None:
            continue
        value.native  # noqa: B018 - parse failure: token_malformed (caught by the caller)
        ids = value["certs"]
        if len(ids) == 0:
            raise bad_anchor("signing_certificate_mismatch", f"v{version}: no ESSCertID")
        first = ids[0]
        if version == 1:
            hash_name = "sha1"
        else:
            oid = first["hash_algorithm"]["algorithm"].dotted
            if oid not in DIGESTS:
                raise bad_anchor("unsupported_algorithm", f"ESSCertIDv2 hash {oid}")
            hash_name = DIGESTS[oid]
        if first["cert_hash"].native != _digest(hash_name, tsa_der):
            raise bad_anchor("signing_certificate_mismatch", f"v{version}: certHash")
        issuer_serial = first["issuer_serial"]
        if not isinstance(issuer_serial, asn1core.Void) and issuer_serial["serial_number"].native != tsa.serial_number:
            raise bad_anchor("signing_certificate_mismatch", f"v{version}: serialNumber")

    # A10: the TSA's signature over the signed attributes, as a SET OF.
    sig_oid = si["signature_algorithm"]["algorithm"].dotted
    if sig_oid in SIGNATURE_ALGORITHMS and SIGNATURE_ALGORITHMS[sig_oid][0] not in (None, digest_name):
        raise bad_anchor("unsupported_algorithm", f"{sig_oid} with digestAlgorithm {digest_name}")
    key, hash_name = _key_of(tsa, digest_name, sig_oid, "TSA certificate")
    if not _verifies(key, hash_name, si["signature"].native, b"\x31" + attrs.dump()[1:]):
        raise bad_anchor("bad_token_signature", "the TSA's signature does not verify")

    # A11: the critical, exclusive timeStamping EKU.
    ekus = _extensions(tsa, OID_EKU)
    if len(ekus) != 1:
        raise bad_anchor("missing_eku", f"{len(ekus)} extendedKeyUsage extensions")
    purposes = [p.dotted for p in ekus[0]["extn_value"].parsed]
    if purposes != [OID_TIME_STAMPING] or not ekus[0]["critical"].native:
        raise bad_anchor("missing_eku", f"EKU {purposes}, critical {ekus[0]['critical'].native}")

    # A12: the chain, at genTime.
    roots_der = [r.dump() for r in roots]
    cur = tsa
    for _ in range(MAX_CHAIN_STEPS):
        if not _valid_at(cur, gen_time):  # 1
            raise bad_anchor("cert_not_valid_at_gen_time", _authority(cur))
        if cur.dump() in roots_der:  # 2
            break
        named = [r for r in roots if _subject_dn(r) == _issuer_dn(cur)]  # 3
        if named:
            failures = []
            for r in named:
                if not _is_ca(r):
                    failures.append("issuer_not_ca")
                elif not _signed_by(cur, r):
                    failures.append("bad_cert_signature")
                elif not _valid_at(r, gen_time):
                    failures.append("cert_not_valid_at_gen_time")
                else:
                    break
            else:
                raise bad_anchor(failures[0], f"root {_authority(named[0])}")
            break
        issuers = [c for c in certs if _subject_dn(c) == _issuer_dn(cur) and c.dump() != cur.dump()]  # 4
        if not issuers:
            raise AnchorResult("untrusted", "untrusted_tsa", f"no trusted root for {_authority(cur)}")
        issuer = issuers[0]
        if not _is_ca(issuer):
            raise bad_anchor("issuer_not_ca", _authority(issuer))
        if not _signed_by(cur, issuer):
            raise bad_anchor("bad_cert_signature", _authority(cur))
        cur = issuer
    else:
        raise AnchorResult("untrusted", "untrusted_tsa", "no trusted root within 8 certificates")

    # A13: not too early for the proof's own claim.
    if created is not None and gen_time + datetime.timedelta(seconds=CREATED_TOLERANCE) < created:
        raise bad_anchor("before_created", f"genTime {gen_time} is before created {created}")
    ok = AnchorResult("valid", None)
    ok.gen_time, ok.authority = gen_time, _authority(tsa)
    return ok


def check_anchor(entry: dict, sig_bytes: bytes, created: datetime.datetime, roots: list) -> AnchorResult:
    """Step 18 for one entry."""
    if entry["type"] == "rfc3161":
        return check_rfc3161(entry, sig_bytes, created, roots)
    return AnchorResult("unknown", None)


def load_tsa_roots_pem(text: str) -> list[asn1x509.Certificate]:
    roots = []
    for _, _, der in asn1pem.unarmor(text.encode("ascii"), multiple=True):
        roots.append(asn1x509.Certificate.load(der, strict=True))
    return roots


# --- Verification (spec 7.2) -------------------------------------------------------------------


def verify(
    proof: bytes,
    file: bytes | None,
    trusted: set[str],
    file_error: str | None = None,
    strict_name: bool = False,
    file_name: str | None = None,
    tsa_roots: list | None = None,
    require_timestamp: bool = False,
) -> Result:
    """Steps 2-20, given the proof bytes (the first MAX_PROOF_BYTES + 1 suffice) and the file's
    bytes (or the step 15 error). Step 16 runs only when strict_name (the name is required to
    match); file_name is the file's base name, or None when it is not valid UTF-8. Steps 18-20
    are POP-1.1's (docs/pop-1.1.md 7.2)."""
    try:
        doc = parse_proof(proof)
    except Result as r:
        return r
    r = verify_statement(doc, file, trusted, file_error, strict_name, file_name)
    sig_bytes = canonical_b64(doc["signature"], 64)
    created = datetime.datetime.strptime(doc["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    r.anchors = [check_anchor(a, sig_bytes, created, tsa_roots or []) for a in doc.get("anchors", [])]  # step 18
    for a in r.anchors:  # step 19: the earliest; the first of equal ones gives the authority
        if a.status == "valid" and (r.proven is None or a.gen_time < r.proven):
            r.proven, r.authority = a.gen_time, a.authority
    if require_timestamp and r.status in ("valid", "untrusted") and r.proven is None:  # step 20
        kept = r
        r = invalid("timestamp_required", "no valid anchor")
        r.anchors, r.signed_bytes = kept.anchors, kept.signed_bytes
    return r


def verify_statement(
    doc: dict,
    file: bytes | None,
    trusted: set[str],
    file_error: str | None,
    strict_name: bool,
    file_name: str | None,
) -> Result:
    """Steps 11-17 on a parsed document."""
    try:
        signer, subject = doc["signer"], doc["subject"]
        a = canonical_b64(signer["public_key"], 32)
        a_point = key_point(a)
        if a_point is None:  # step 11
            raise invalid("bad_key", "not the canonical encoding of a curve point of large order")
        if signer["kid"] != kid_of(a):  # step 12
            raise invalid("kid_mismatch")
        if signer["public_key_pem"] != pem_of(a):  # step 13
            raise invalid("key_mismatch")
        msg = signed_bytes(doc)
        if not verify_strict(a, a_point, msg, canonical_b64(doc["signature"], 64)):  # step 14
            raise invalid("bad_signature")
        if file is None:  # step 15
            raise error(file_error or "file_not_found")
        if len(file) != subject["size"]:
            raise invalid("size_mismatch", f"{len(file)} != {subject['size']}")
        if hashlib.sha256(file).hexdigest() != subject["sha256"]:
            raise invalid("hash_mismatch")
        if strict_name and (file_name is None or file_name != subject["name"]):  # step 16
            raise invalid("name_mismatch", f"file {file_name!r}, signed as {subject['name']!r}")
        # Step 17.
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
    # Spec 10: exactly one of `proof` (text, its UTF-8 is the proof) and `proof_base64` (raw bytes).
    if ("proof" in v) == ("proof_base64" in v):
        return False, f"{stem}: a vector has exactly one of proof and proof_base64"
    if "proof" in v:
        proof = v["proof"].encode("utf-8", "surrogatepass")
    else:
        proof = base64.b64decode(v["proof_base64"], validate=True)
    file = base64.b64decode(v["file"], validate=True)
    trusted = {trusted_kid(pem) for pem in v["trusted_keys"]}
    # POP-1.1 section 11: four more members, all present in a POP-1.1 vector.
    extra = ("tsa_roots", "require_timestamp", "anchors", "proven")
    pop11 = any(k in v for k in extra)
    if pop11 and not all(k in v for k in extra):
        return False, f"{stem}: a POP-1.1 vector has all of {', '.join(extra)}"
    roots = [c for pem in v.get("tsa_roots", []) for c in load_tsa_roots_pem(pem)]
    r = verify(proof, file, trusted, tsa_roots=roots, require_timestamp=pop11 and v["require_timestamp"] is True)
    got = f"{r.status}/{r.reason or 'null'}"
    want = f"{expect}/{reason or 'null'}"
    if got != want:
        return False, f"{stem}: expected {want}, got {got} {r.detail}".rstrip()
    if pop11:
        got_anchors = None if r.anchors is None else [a.json() for a in r.anchors]
        if got_anchors != v["anchors"]:
            details = [a.detail for a in r.anchors or []]
            return False, f"{stem}: {got} as expected, but anchors {got_anchors} != {v['anchors']} {details}"
        got_proven = r.proven and r.proven.strftime("%Y-%m-%dT%H:%M:%SZ")
        if got_proven != v["proven"]:
            return False, f"{stem}: {got} as expected, but proven time {got_proven} != {v['proven']}"
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


def read_proof(path: Path) -> bytes:
    """Step 1. Returns the first MAX_PROOF_BYTES + 1 bytes at most: step 2 (too_large) comes
    before step 3 (empty), so no more are ever needed."""
    with open(path, "rb") as fh:
        return fh.read(MAX_PROOF_BYTES + 1)


def utf8_name(path: Path) -> str | None:
    """The base name of path, or None if it is not valid UTF-8 (step 16: then it never matches)."""
    try:
        return os.fsencode(path.name).decode("utf-8")
    except UnicodeDecodeError:
        return None


def run_one(
    proof_path: str,
    file_path: str | None,
    keys: list[str],
    strict_name: bool,
    tsa_roots: list | None = None,
    require_timestamp: bool = False,
) -> int:
    trusted = {trusted_kid(Path(k).read_text(encoding="utf-8")) for k in keys}
    pp = Path(proof_path)
    proof = b""
    try:  # step 1
        proof = read_proof(pp)
        r = None
    except FileNotFoundError:
        r = error("proof_not_found")
    except OSError as e:
        r = error("unreadable", str(e))
    if r is None:
        try:
            parse_proof(proof)  # so a malformed proof is reported before no_file
            if file_path is None and (not pp.name.endswith(".proof") or pp.name == ".proof"):
                r = error("no_file")  # proofctl's own code, between steps 10 and 11
        except Result as e:
            r = e
    if r is None:
        # The path as given (spec step 16: not normalised; pathlib would drop a trailing "/").
        fs_path = file_path if file_path else proof_path[: -len(".proof")]
        fp = Path(fs_path)
        data, ferr = None, None
        try:
            with open(fs_path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            ferr = "file_not_found"
        except OSError:
            ferr = "file_unreadable"
        r = verify(proof, data, trusted, ferr, strict_name, utf8_name(fp), tsa_roots, require_timestamp)
    out = {"proof": proof_path, "status": r.status, "reason": r.reason, "detail": r.detail}
    if r.anchors is not None:
        out["anchors"] = [{**a.json(), "detail": a.detail} for a in r.anchors]
        out["proven"] = r.proven and r.proven.strftime("%Y-%m-%dT%H:%M:%SZ")
        out["authority"] = r.authority
    print(json.dumps(out))
    return {"valid": 0, "untrusted": 1, "invalid": 1}.get(r.status, 2)


def load_tsa_roots(paths: list[str]) -> list[asn1x509.Certificate]:
    roots: list[asn1x509.Certificate] = []
    for p in paths:
        roots.extend(load_tsa_roots_pem(Path(p).read_text(encoding="ascii")))
    return roots


def run_token(token_path: str, data_path: str, root_paths: list[str]) -> int:
    """One DER token on its own, over the SHA-256 of a file's bytes (checks A2 to A12): prints a
    JSON result; exit 0 if it is valid, 1 if not."""
    entry = {"type": "rfc3161", "token": base64.b64encode(Path(token_path).read_bytes()).decode("ascii")}
    r = check_rfc3161(entry, Path(data_path).read_bytes(), None, load_tsa_roots(root_paths))
    gen_time = r.gen_time and r.gen_time.isoformat()
    out = {"status": r.status, "reason": r.reason, "detail": r.detail, "gen_time": gen_time}
    print(json.dumps(out))
    return 0 if r.status == "valid" else 1


# --- Self-test ---------------------------------------------------------------------------------

# Spec 7.3: the encodings of the 8 points of small order. Canonical ones decode (and are refused
# as keys for their order); the non-canonical ones do not decode at all.
SMALL_ORDER_CANONICAL = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
]
SMALL_ORDER_NONCANONICAL = [
    "0100000000000000000000000000000000000000000000000000000000000080",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
]


def _self_test() -> None:
    """Known answers of spec 6 and 7.3, and the Ed25519 arithmetic against OpenSSL."""
    x = base64.urlsafe_b64decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
    assert kid_of(x) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    assert encode_point(BASE).hex() == "58" + "66" * 31
    assert is_neutral(scalar_mult(L, BASE))
    orders = set()
    for h in SMALL_ORDER_CANONICAL:
        pt = decode_point(bytes.fromhex(h))
        assert pt is not None and has_small_order(pt) and encode_point(pt).hex() == h, h
        orders.add(next(n for n in (1, 2, 4, 8) if is_neutral(scalar_mult(n, pt))))
    assert orders == {1, 2, 4, 8}
    for h in SMALL_ORDER_NONCANONICAL:
        assert decode_point(bytes.fromhex(h)) is None, h
    # Canonical encoding: whatever decodes re-encodes to the same bytes (y < p, no negative
    # zero), for y in 0..18 and p - 1..p + 18 with both signs.
    for y in [*range(19), *range(P - 1, P + 19)]:
        for sign in (0, 1):
            e = (y | sign << 255).to_bytes(32, "little")
            pt = decode_point(e)
            assert pt is None or encode_point(pt) == e, e.hex()
            assert pt is None or (y < P and not (pt[0] == 0 and sign)), e.hex()
    # The equation, against OpenSSL, with the RFC 8032 section 7.1 TEST 1 key.
    sk = Ed25519PrivateKey.from_private_bytes(
        bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    )
    a = sk.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert a == x and key_point(a) is not None
    sig = sk.sign(b"")
    assert sig.hex().startswith("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155")
    assert verify_strict(a, key_point(a), b"", sig)
    assert not verify_strict(a, key_point(a), b"x", sig)
    s_plus_l = (int.from_bytes(sig[32:], "little") + L).to_bytes(32, "little")
    assert not verify_strict(a, key_point(a), b"", sig[:32] + s_plus_l)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Independent POP-1.0/POP-1.1 verifier (docs/pop-1.0.md, pop-1.1.md).")
    ap.add_argument("vectors", nargs="*", help="vector files or directories of NAME.json vectors")
    ap.add_argument("--proof", help="verify this .proof file instead of running vectors")
    ap.add_argument("--file", help="the signed file (default: the proof's path without .proof)")
    ap.add_argument("--key", action="append", default=[], help="trusted SPKI PEM public key file")
    ap.add_argument("--strict-name", action="store_true", help="require the file's name to be subject.name")
    ap.add_argument("--tsa-root", action="append", default=[], help="trusted TSA root certificate(s), PEM")
    ap.add_argument("--require-timestamp", action="store_true", help="POP-1.1 step 20")
    ap.add_argument("--token", help="check one DER RFC 3161 token instead (with --data, --tsa-root)")
    ap.add_argument("--data", help="with --token: the bytes its message imprint is SHA-256 of")
    args = ap.parse_args(argv)
    _self_test()
    if args.token:
        if args.vectors or args.proof or not args.data:
            ap.error("--token takes --data and --tsa-root, and no proof or vectors")
        return run_token(args.token, args.data, args.tsa_root)
    if args.proof:
        if args.vectors:
            ap.error("give either --proof or vectors, not both")
        return run_one(
            args.proof, args.file, args.key, args.strict_name, load_tsa_roots(args.tsa_root), args.require_timestamp
        )
    if not args.vectors:
        ap.error("give a vector directory or --proof")
    return run_vectors(args.vectors)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
