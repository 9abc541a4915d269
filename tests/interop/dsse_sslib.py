#!/usr/bin/env python3
"""DSSE interop with the PyPI securesystemslib and in-toto packages, for tests/formats_dsse.rs.

  sign DIR NAME...            An in-toto Statement v1 over DIR/NAME... (names relative to DIR),
                              signed by securesystemslib's CryptoSigner in a DSSE envelope, once
                              with a new Ed25519 key and once with a new ECDSA P-256 key (DER
                              signatures): DIR/{ed25519,p256}.intoto.json, the public keys as
                              SPKI PEM DIR/{ed25519,p256}.pub, and their securesystemslib keyids
                              DIR/{ed25519,p256}.keyid.
  verify ENVELOPE PUBKEY KEYID
                              Verifies ENVELOPE (a DSSE envelope, or a Sigstore bundle's
                              dsseEnvelope) with PUBKEY (SPKI PEM) as key KEYID, twice:
                              securesystemslib's Envelope.verify and in-toto's Metadata loader
                              and verify_signature; then recomputes every subject's SHA-256 from
                              the files beside ENVELOPE. Prints "verified N subjects", exit 0;
                              "refused: ..." and exit 1 otherwise.
  bundle BUNDLE KID           Parses BUNDLE with sigstore's own protobuf model of bundles
                              (PyPI sigstore-protobuf-specs, what sigstore-python reads bundles
                              with): media type v0.3, publicKey hint KID, a dsseEnvelope as
                              content, and the model writes the same JSON back. Prints
                              "bundle ok", exit 0; "refused: ..." and exit 1 otherwise.
"""

import copy
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from in_toto.models.metadata import Metadata
from securesystemslib.dsse import Envelope
from securesystemslib.signer import CryptoSigner, SSlibKey

PAYLOAD_TYPE = "application/vnd.in-toto+json"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def sign(folder, names):
    statement = {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [
            {"name": n, "digest": {"sha256": sha256(os.path.join(folder, n))}} for n in names
        ],
        "predicateType": "https://slsa.dev/provenance/v1",
        "predicate": {"buildDefinition": {"buildType": "https://example.com/securesystemslib"}},
    }
    payload = json.dumps(statement).encode()
    keys = {
        "ed25519": ed25519.Ed25519PrivateKey.generate(),
        "p256": ec.generate_private_key(ec.SECP256R1()),
    }
    for name, private in keys.items():
        signer = CryptoSigner(private)
        envelope = Envelope(payload, PAYLOAD_TYPE, {})
        envelope.sign(signer)
        with open(os.path.join(folder, f"{name}.intoto.json"), "w") as f:
            json.dump(envelope.to_dict(), f, indent=2)
        pem = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        with open(os.path.join(folder, f"{name}.pub"), "wb") as f:
            f.write(pem)
        with open(os.path.join(folder, f"{name}.keyid"), "w") as f:
            f.write(signer.public_key.keyid)
    print("signed")


def verify(path, pubkey_path, keyid):
    with open(path) as f:
        data = json.load(f)
    if "dsseEnvelope" in data:
        assert data["mediaType"] == "application/vnd.dev.sigstore.bundle.v0.3+json", data
        data = data["dsseEnvelope"]
    with open(pubkey_path, "rb") as f:
        public = serialization.load_pem_public_key(f.read())
    key = SSlibKey.from_crypto(public, keyid=keyid)
    envelope = Envelope.from_dict(copy.deepcopy(data))
    try:
        accepted = envelope.verify([key], 1)
    except Exception as e:  # securesystemslib raises VerificationError
        print(f"refused: securesystemslib: {e}")
        sys.exit(1)
    assert keyid in accepted, accepted
    # in-toto's own loader (it reads envelopes of payloadType application/vnd.in-toto+json).
    metadata = Metadata.from_dict(copy.deepcopy(data))
    key_dict = key.to_dict()
    key_dict["keyid"] = keyid
    try:
        metadata.verify_signature(key_dict)
    except Exception as e:  # in_toto.exceptions.SignatureVerificationError
        print(f"refused: in-toto: {e!r}")
        sys.exit(1)
    if envelope.payload_type != PAYLOAD_TYPE:
        print(f"refused: payload type {envelope.payload_type}")
        sys.exit(1)
    statement = json.loads(envelope.payload)
    if statement.get("_type") != "https://in-toto.io/Statement/v1":
        print(f"refused: statement type {statement.get('_type')}")
        sys.exit(1)
    base = os.path.dirname(os.path.abspath(path))
    for s in statement["subject"]:
        try:
            got = sha256(os.path.join(base, s["name"]))
        except OSError as e:
            print(f"refused: subject {s['name']}: {e}")
            sys.exit(1)
        if got != s["digest"]["sha256"]:
            print(f"refused: subject {s['name']} changed")
            sys.exit(1)
    print(f"verified {len(statement['subject'])} subjects")


def bundle(path, kid):
    from sigstore_protobuf_specs.dev.sigstore.bundle.v1 import Bundle

    with open(path) as f:
        data = json.load(f)
    try:
        b = Bundle.from_dict(copy.deepcopy(data))
    except Exception as e:  # pydantic's ValidationError
        print(f"refused: {e}")
        sys.exit(1)
    checks = [
        (b.media_type == "application/vnd.dev.sigstore.bundle.v0.3+json", "media type"),
        (b.verification_material.public_key.hint == kid, "publicKey hint"),
        (b.dsse_envelope is not None and b.dsse_envelope.payload_type == PAYLOAD_TYPE, "content"),
        (json.loads(b.to_json()) == data, "written back the same"),
    ]
    for ok, what in checks:
        if not ok:
            print(f"refused: {what}")
            sys.exit(1)
    print("bundle ok")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "sign":
        sign(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 5 and sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "bundle":
        bundle(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
