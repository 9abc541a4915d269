#!/usr/bin/env python3
"""Checks RFC 3161 time-stamp tokens with Trail of Bits' `rfc3161-client` (PyPI), a second
implementation beside proofctl's and OpenSSL's, for the interop tests (tests/interop_time.rs).

    python3 tests/interop/tsa_rfc3161_client.py --root ROOT.pem [--root ...] \
        (--token TOKEN.der --data FILE | --proof FILE.proof)

--token: one DER TimeStampToken whose message imprint must be SHA-256 of FILE's bytes.
--proof: every RFC 3161 token of a POP proof (anchors of type "rfc3161", token in base64), each
over the proof's signature bytes.

Prints one JSON line per token ({"ok", "gen_time", "error"}); exit 0 if every token verifies (and
there is at least one), 1 if one does not, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path

from cryptography import x509
from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def as_response(token: bytes) -> bytes:
    """rfc3161-client verifies a TimeStampResp, and a proof keeps only its timeStampToken: put it
    back in a response whose PKIStatusInfo is `granted` (RFC 3161 section 2.4.2):
    SEQUENCE { SEQUENCE { INTEGER 0 }, token }."""
    body = bytes.fromhex("3003020100") + token
    return b"\x30" + _der_length(len(body)) + body


def check(token: bytes, data: bytes, roots: list[x509.Certificate]) -> dict:
    try:
        response = decode_timestamp_response(as_response(token))
        builder = VerifierBuilder()
        for r in roots:
            builder = builder.add_root_certificate(r)
        builder.build().verify_message(response, data)
        return {"ok": True, "gen_time": response.tst_info.gen_time.isoformat(), "error": None}
    except (VerificationError, ValueError) as e:
        return {"ok": False, "gen_time": None, "error": f"{type(e).__name__}: {e}"}


def tokens_of_proof(path: Path) -> tuple[bytes, list[bytes]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    sig = base64.b64decode(doc["signature"], validate=True)
    anchors = doc.get("anchors", [])
    return sig, [base64.b64decode(a["token"], validate=True) for a in anchors if a.get("type") == "rfc3161"]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", action="append", required=True, help="trusted TSA root (PEM)")
    ap.add_argument("--token", help="a DER TimeStampToken")
    ap.add_argument("--data", help="the bytes the token's imprint is over")
    ap.add_argument("--proof", help="a POP proof whose rfc3161 anchors to check")
    args = ap.parse_args(argv)
    roots: list[x509.Certificate] = []
    for r in args.root:
        roots.extend(x509.load_pem_x509_certificates(Path(r).read_bytes()))
    if args.proof and not args.token and not args.data:
        data, tokens = tokens_of_proof(Path(args.proof))
    elif args.token and args.data and not args.proof:
        data, tokens = Path(args.data).read_bytes(), [Path(args.token).read_bytes()]
    else:
        ap.error("give --token and --data, or --proof")
    results = [check(t, data, roots) for t in tokens]
    for r in results:
        print(json.dumps(r))
    return 0 if results and all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
