#!/usr/bin/env python3
"""An independent POP-1.0 verifier, written from docs/pop-1.0.md (not from proofctl's source).

Run the known-answer vectors (exit 0 only if every vector gives its expected result):

    python3 tests/interop/verify_pop.py tests/vectors/pop-1.0/ [MORE_DIRS_OR_VECTOR_FILES...]

Verify one real proof (prints a JSON result; exit 0 valid, 1 invalid/untrusted, 2 error):

    python3 tests/interop/verify_pop.py --proof FILE.proof [--file FILE] [--key KEY.pub]... [--strict-name]

Needs Python 3.11+ and the `cryptography` package. All of spec 7.3 (point decoding with the
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
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

FORMAT = "POP-1.0"
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
    if "format" in doc and not (isinstance(doc["format"], str) and doc["format"] == FORMAT):  # step 6
        raise error("unsupported_format", "format is not POP-1.0")
    for m in ("subject", "signer", "metadata"):  # step 7
        if m in doc and not isinstance(doc[m], dict):
            raise error("malformed", f"{m} is not a JSON object")

    # Step 8: exactly the members, each of its JSON type.
    def members(obj: dict, want: set[str], where: str):
        if set(obj) != want:
            raise error("malformed", f"{where} members {sorted(obj)} != {sorted(want)}")

    members(doc, MEMBERS, "document")
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
    subject["size"] = int(size.text)
    return doc


def signed_bytes(doc: dict) -> bytes:
    """Spec 5.1."""
    body = {k: v for k, v in doc.items() if k != "signature"}
    return DOMAIN + jcs(body).encode("utf-8")


# --- RFC 3161 time-stamp tokens (spec: anchors of type rfc3161) --------------------------------
#
# Parsed with asn1crypto (its own DER decoder), checked with cryptography (OpenSSL): neither is
# what proofctl uses (the RustCrypto der/cms/x509-cert crates), so agreement means something.

TST_INFO_OID = "1.2.840.113549.1.9.16.1.4"
EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8"


class TokenFailure(Exception):
    """Why one token does not anchor a time: an internal code, mapped to the spec's reason."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def _hash(name: str, data: bytes) -> bytes:
    if name not in ("sha1", "sha256", "sha384", "sha512"):
        raise TokenFailure("token_malformed", f"digest algorithm {name}")
    return hashlib.new(name, data).digest()


def _crypto_hash(name: str):
    return {"sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}[name]()


def _verify_sig(cert: x509.Certificate, signature: bytes, data: bytes, hash_name: str, algo: str) -> bool:
    key = cert.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey) and algo == "rsassa_pkcs1v15":
            key.verify(signature, data, padding.PKCS1v15(), _crypto_hash(hash_name))
        elif isinstance(key, ec.EllipticCurvePublicKey) and algo == "ecdsa":
            key.verify(signature, data, ec.ECDSA(_crypto_hash(hash_name)))
        else:
            raise TokenFailure("token_malformed", f"signature algorithm {algo} with a {type(key).__name__}")
    except InvalidSignature:
        return False
    return True


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _valid_at(cert: x509.Certificate, t: datetime.datetime) -> bool:
    return cert.not_valid_before_utc <= t <= cert.not_valid_after_utc


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


class TokenInfo:
    def __init__(self, gen_time: datetime.datetime, tsa: str, root: str):
        self.gen_time, self.tsa, self.root = gen_time, tsa, root


def check_token(token: bytes, data: bytes, roots: list[x509.Certificate]) -> TokenInfo:
    """RFC 3161 section 2.4.2 and RFC 5652 section 5.4 on one TimeStampToken (DER) whose message
    imprint must be SHA-256 of `data`. Raises TokenFailure."""
    try:
        ci = cms.ContentInfo.load(token, strict=True)
        if ci["content_type"].dotted != "1.2.840.113549.1.7.2":
            raise TokenFailure("token_malformed", "not CMS SignedData")
        sd = ci["content"]
        encap = sd["encap_content_info"]
        if encap["content_type"].dotted != TST_INFO_OID:
            raise TokenFailure("token_malformed", "eContentType is not id-ct-TSTInfo")
        econtent = encap["content"]
        if econtent is None or isinstance(econtent, asn1core.Void):
            raise TokenFailure("token_malformed", "no TSTInfo")
        tst_der = econtent.contents if isinstance(econtent, asn1core.OctetString) else econtent.contents
        tst = tsp.TSTInfo.load(tst_der, strict=True)
        tst.native  # parse every field now, so a broken one is malformed here and not later
        sd.native
        infos = list(sd["signer_infos"])
        if len(infos) != 1:
            raise TokenFailure("token_malformed", f"{len(infos)} SignerInfos, RFC 3161 wants one")
        si = infos[0]
        certs = [x509.load_der_x509_certificate(c.chosen.dump()) for c in sd["certificates"] or [] if c.name == "certificate"]
    except TokenFailure:
        raise
    except (ValueError, TypeError, KeyError) as e:
        raise TokenFailure("token_malformed", f"{type(e).__name__}: {e}")

    # The signer's certificate, by the SignerInfo's sid.
    sid = si["sid"]
    signer = None
    for c in certs:
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            if c.serial_number == ias["serial_number"].native and c.issuer.public_bytes() == ias["issuer"].dump():
                signer = c
        elif c.extensions and sid.name == "subject_key_identifier":
            try:
                ski = c.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
            except x509.ExtensionNotFound:
                continue
            if ski == sid.chosen.native:
                signer = c
        if signer is not None:
            break
    if signer is None:
        raise TokenFailure("signer_cert_missing", "the TSA's certificate is not in the token")

    # Signed attributes: content type, message digest over the TSTInfo, signing certificate.
    attrs = si["signed_attrs"]
    if not attrs:
        raise TokenFailure("token_malformed", "no signed attributes")
    by_type: dict[str, list] = {}
    for a in attrs:
        by_type.setdefault(a["type"].dotted, []).append(a)
    digest_name = si["digest_algorithm"]["algorithm"].native
    ct = by_type.get("1.2.840.113549.1.9.3", [])
    md = by_type.get("1.2.840.113549.1.9.4", [])
    if len(ct) != 1 or len(md) != 1 or len(ct[0]["values"]) != 1 or len(md[0]["values"]) != 1:
        raise TokenFailure("token_malformed", "contentType and messageDigest must each be there once")
    if ct[0]["values"][0].dotted != TST_INFO_OID:
        raise TokenFailure("token_malformed", "the signed contentType is not id-ct-TSTInfo")
    if md[0]["values"][0].native != _hash(digest_name, tst_der):
        raise TokenFailure("message_digest_mismatch", "the TSTInfo is not what the TSA signed")
    signed_attrs_der = b"\x31" + attrs.dump()[1:]  # signed as a SET OF (RFC 5652 5.4)
    sig_algo = si["signature_algorithm"].signature_algo
    if not _verify_sig(signer, si["signature"].native, signed_attrs_der, digest_name, sig_algo):
        raise TokenFailure("bad_token_signature", "the TSA's signature does not verify")

    cert_der = signer.public_bytes(serialization.Encoding.DER)
    v2 = by_type.get("1.2.840.113549.1.9.16.2.47", [])
    v1 = by_type.get("1.2.840.113549.1.9.16.2.12", [])
    if len(v1) + len(v2) != 1:
        raise TokenFailure("token_malformed", "no (or more than one) signing-certificate attribute")
    ess = (v2 or v1)[0]["values"][0]["certs"][0]
    ess_hash = ess["hash_algorithm"]["algorithm"].native if v2 else "sha1"
    if ess["cert_hash"].native != _hash(ess_hash, cert_der):
        raise TokenFailure("signing_cert_mismatch", "ESSCertID does not name the signer's certificate")
    issuer_serial = ess["issuer_serial"]
    if issuer_serial.native is not None:
        if issuer_serial["serial_number"].native != signer.serial_number:
            raise TokenFailure("signing_cert_mismatch", "ESSCertID names another serial")

    # The time-stamp itself.
    imprint = tst["message_imprint"]
    if imprint["hash_algorithm"]["algorithm"].dotted != "2.16.840.1.101.3.4.2.1":
        raise TokenFailure("imprint_algorithm", "message imprint is not SHA-256")
    if imprint["hashed_message"].native != hashlib.sha256(data).digest():
        raise TokenFailure("imprint_mismatch", "the token is over other bytes")
    gen_time = tst["gen_time"].native

    # The TSA certificate: timeStamping EKU, critical (RFC 3161 2.3).
    try:
        eku = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        raise TokenFailure("missing_eku", "the TSA certificate has no extendedKeyUsage")
    if x509.ObjectIdentifier(EKU_TIME_STAMPING) not in eku.value:
        raise TokenFailure("missing_eku", "the TSA certificate's EKU lacks timeStamping")
    if not eku.critical:
        raise TokenFailure("missing_eku", "the TSA certificate's EKU is not critical")

    # The chain to a trusted root, every certificate valid at genTime (RFC 3161 Appendix B).
    roots_der = {r.public_bytes(serialization.Encoding.DER) for r in roots}
    chain, cert = [signer], signer
    while True:
        trusted = [r for r in roots if r.subject == cert.issuer and _issued_by(cert, r)]
        if cert.public_bytes(serialization.Encoding.DER) in roots_der:
            trusted = [cert]
        if trusted:
            root = trusted[0]
            if root is not cert:
                chain.append(root)
            break
        nxt = [c for c in certs if c not in chain and c.subject == cert.issuer and _is_ca(c) and _issued_by(cert, c)]
        if not nxt or len(chain) > 8:
            raise TokenFailure("untrusted_tsa", f"no chain from {signer.subject.rfc4514_string()} to a trusted root")
        cert = nxt[0]
        chain.append(cert)
    for c in chain:
        if not _valid_at(c, gen_time):
            raise TokenFailure("not_valid_at_gen_time", f"{c.subject.rfc4514_string()} not valid at {gen_time}")
    return TokenInfo(gen_time, signer.subject.rfc4514_string(), root.subject.rfc4514_string())


# --- Verification (spec 7.2) -------------------------------------------------------------------


def verify(
    proof: bytes,
    file: bytes | None,
    trusted: set[str],
    file_error: str | None = None,
    strict_name: bool = False,
    file_name: str | None = None,
) -> Result:
    """Steps 2-17, given the proof bytes (the first MAX_PROOF_BYTES + 1 suffice) and the file's
    bytes (or the step 15 error). Step 16 runs only when strict_name (the name is required to
    match); file_name is the file's base name, or None when it is not valid UTF-8."""
    try:
        doc = parse_proof(proof)
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


def run_one(proof_path: str, file_path: str | None, keys: list[str], strict_name: bool) -> int:
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
        r = verify(proof, data, trusted, ferr, strict_name, utf8_name(fp))
    print(json.dumps({"proof": proof_path, "status": r.status, "reason": r.reason, "detail": r.detail}))
    return {"valid": 0, "untrusted": 1, "invalid": 1}.get(r.status, 2)


def load_tsa_roots(paths: list[str]) -> list[x509.Certificate]:
    roots: list[x509.Certificate] = []
    for p in paths:
        roots.extend(x509.load_pem_x509_certificates(Path(p).read_bytes()))
    return roots


def run_token(token_path: str, data_path: str, root_paths: list[str]) -> int:
    """One token on its own: prints a JSON result; exit 0 if it anchors a time, 1 if not."""
    try:
        info = check_token(Path(token_path).read_bytes(), Path(data_path).read_bytes(), load_tsa_roots(root_paths))
        out = {"ok": True, "gen_time": info.gen_time.isoformat(), "tsa": info.tsa, "root": info.root}
    except TokenFailure as e:
        out = {"ok": False, "code": e.code, "detail": e.detail}
    print(json.dumps(out))
    return 0 if out["ok"] else 1


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
    ap = argparse.ArgumentParser(description="Independent POP-1.0 verifier (docs/pop-1.0.md).")
    ap.add_argument("vectors", nargs="*", help="vector files or directories of NAME.json vectors")
    ap.add_argument("--proof", help="verify this .proof file instead of running vectors")
    ap.add_argument("--file", help="the signed file (default: the proof's path without .proof)")
    ap.add_argument("--key", action="append", default=[], help="trusted SPKI PEM public key file")
    ap.add_argument("--strict-name", action="store_true", help="require the file's name to be subject.name")
    ap.add_argument("--tsa-root", action="append", default=[], help="trusted TSA root certificate(s), PEM")
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
        return run_one(args.proof, args.file, args.key, args.strict_name)
    if not args.vectors:
        ap.error("give a vector directory or --proof")
    return run_vectors(args.vectors)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
